//! Token-endpoint messages and PKCE on the device: form bodies from tests/vectors/messages
//! parsed into `Params`, dispatched and verified by `TokenRequest::parse`; the PKCE example of
//! RFC 7636 Appendix B checked at the authorization and the token endpoint.

use crate::board::{Sample, measure};
use crate::corpus::{TOKEN_REQUESTS, TokenCase, TokenExpect};
use crate::jwt::Workspace;
use crate::report::{Tally, metric};
use oxidc::Error;
use oxidc::oauth::Params;
use oxidc::oauth::messages::{GrantType, TokenRequest};
use oxidc::oauth::pkce::{self, ChallengeMethod};

/// RFC 7636 Appendix B: the verifier and its S256 challenge.
const RFC7636_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC7636_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// The request whose parse + verify is reported as `token_request`.
const METRIC_CASE: &str = "messages/atr-code-pkce-ok";

/// Runs the token-endpoint request vectors.
pub fn run_token_requests(ws: &mut Workspace, t: &mut Tally) {
    for case in TOKEN_REQUESTS.iter() {
        run_token_request(case, ws.scratch(), t);
    }
}

fn run_token_request(case: &TokenCase, scratch: &mut [u8], t: &mut Tally) {
    let name = case.name;
    // The redirect URI the authorization request was made with (the grant stores it).
    let authorized = match case.expect {
        TokenExpect::Ok { redirect_uri, .. } => Some(redirect_uri),
        TokenExpect::Rejected { .. } => None,
    };
    // The request borrows the parsed parameters, so it is compared with the vector inside
    // the measured region (a few short string comparisons).
    let (ok, s) = measure(|| {
        let params = match Params::parse_form(case.body, scratch) {
            Ok(p) => p,
            Err(e) => {
                return matches!(case.expect, TokenExpect::Rejected { error, .. } if error == e.as_str());
            }
        };
        match (
            case.expect,
            TokenRequest::parse(&params, &[GrantType::AuthorizationCode]),
        ) {
            (
                TokenExpect::Ok {
                    code,
                    redirect_uri,
                    code_verifier,
                },
                Ok(TokenRequest::AuthorizationCode(r)),
            ) => {
                r.code() == Some(code)
                    && r.redirect_uri() == Some(redirect_uri)
                    && r.code_verifier().ok().flatten() == code_verifier
                    && r.check_redirect_uri(authorized).is_ok()
            }
            (TokenExpect::Rejected { error, param }, Err(rej)) => {
                rej.error.as_str() == error && rej.param == Some(param)
            }
            _ => false,
        }
    });
    if name == METRIC_CASE {
        metric("token_request", "", &s);
    }
    t.check(
        ok,
        name,
        &s,
        format_args!("token request not parsed as the vector says"),
    );
}

/// PKCE, RFC 7636 Appendix B: the challenge is accepted at the authorization endpoint; at the
/// token endpoint its verifier passes, another verifier and a missing one fail.
pub fn run_pkce(t: &mut Tally) {
    let name = "pkce/rfc7636-appendix-b";
    let stored = match pkce::check_authorization_request(
        Some(RFC7636_CHALLENGE),
        Some("S256"),
        true,
        &[ChallengeMethod::S256],
    ) {
        Ok(Some(c)) => c,
        Ok(None) => {
            t.fail(name, format_args!("challenge not kept"));
            return;
        }
        Err(e) => {
            t.fail(name, format_args!("challenge rejected: {}", e.as_str()));
            return;
        }
    };
    let (good, s) = measure(|| pkce::verify(Some(RFC7636_VERIFIER), &stored));
    metric("pkce_verify", "", &s);
    t.check(
        good.is_ok(),
        name,
        &s,
        format_args!("the RFC 7636 verifier did not verify"),
    );
    // A well-formed verifier of another request (tests/vectors/messages/002).
    let other = "14iWhfueWxzMws6LANe5mBRd4GbPqy3-yxj8hxfMHn01RxaJGtIPQRsboi_Xr8oV";
    let (wrong, s2) = measure(|| pkce::verify(Some(other), &stored));
    let (missing, s3) = measure(|| pkce::verify(None, &stored));
    let rejected = wrong == Err(Error::PkceMismatch) && missing == Err(Error::PkceMissingVerifier);
    let both = Sample {
        insns: s2.insns.saturating_add(s3.insns),
        stack: s2.stack.zip(s3.stack).map(|(a, b)| a.max(b)),
        own: s2.own.zip(s3.own).map(|(a, b)| a.max(b)),
    };
    t.check(
        rejected,
        "  + wrong and missing verifiers rejected",
        &both,
        format_args!("{name}: a wrong or missing verifier was not rejected as such"),
    );
}
