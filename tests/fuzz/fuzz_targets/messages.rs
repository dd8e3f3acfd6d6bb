//! Every OAuth 2.0 / OIDC message class: a form or JSON body is decoded and typed against
//! each class table, each class's `verify` runs, the token endpoint dispatch runs, and every
//! rejection is turned into an error response (JSON and redirect) — the path a server takes
//! for attacker-supplied requests and a client for attacker-supplied responses.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::oauth::messages as m;
use oxidc::oauth::messages::{GrantType, TokenRequest};
use oxidc::oauth::serialize::ErrorResponse;
use oxidc::oauth::{Params, Rejection};
use oxidc::oidc::messages as o;
use oxidc_fuzz::split_first;

fn answer(r: Rejection<'_>) {
    let _ = r.error_code();
    let mut out = [0u8; 512];
    if let Ok(n) = r.write_description(&mut out) {
        assert!(core::str::from_utf8(&out[..n]).is_ok());
    }
    let e = ErrorResponse::from_error(r.error);
    let mut buf = [0u8; 1024];
    let n = e
        .write_json(&mut buf)
        .expect("an error response fits 1 KiB");
    let j: serde_json::Value = serde_json::from_slice(&buf[..n]).expect("error response is JSON");
    assert!(j["error"].is_string());
}

macro_rules! base {
    ($params:expr, $($t:ty),* $(,)?) => {
        $(
            match <$t>::new($params) {
                Ok(v) => {
                    if let Err(r) = v.verify() {
                        answer(r);
                    }
                    v.message().for_each(|_, _| Ok(())).ok();
                }
                Err(r) => answer(r),
            }
        )*
    };
}

fuzz_target!(|data: &[u8]| {
    let (sel, input) = split_first(data);
    let mut scratch = vec![0u8; input.len()];
    let parsed = if sel & 1 == 0 {
        Params::parse_form(input, &mut scratch)
    } else {
        Params::parse_json(input, &mut scratch)
    };
    let Ok(params) = parsed else {
        return;
    };
    let p = &params;
    base!(
        p,
        m::AuthorizationRequest<'_>,
        m::AccessTokenRequest<'_>,
        m::RefreshAccessTokenRequest<'_>,
        m::CCAccessTokenRequest<'_>,
        m::TokenExchangeRequest<'_>,
        m::TokenIntrospectionRequest<'_>,
        m::TokenRevocationRequest<'_>,
        m::AccessTokenResponse<'_>,
        m::TokenIntrospectionResponse<'_>,
        m::TokenExchangeResponse<'_>,
        m::ResponseMessage<'_>,
        m::AuthorizationErrorResponse<'_>,
        m::TokenErrorResponse<'_>,
        m::TokenRevocationErrorResponse<'_>,
        o::AccessTokenRequest<'_>,
        o::AccessTokenResponse<'_>,
        o::AuthorizationErrorResponse<'_>,
        o::UserInfoErrorResponse<'_>,
        o::ClientRegistrationErrorResponse<'_>,
    );
    match m::AuthorizationRequest::new(p) {
        Ok(a) => {
            let _ = a.pkce();
        }
        Err(r) => answer(r),
    }
    match m::AccessTokenRequest::new(p) {
        Ok(a) => {
            let _ = a.code_verifier();
            let _ = a.check_redirect_uri(Some("https://rp.example/cb"));
            let _ = a.check_redirect_uri(None);
        }
        Err(r) => answer(r),
    }
    match m::AuthorizationResponse::new(p) {
        Ok(a) => {
            let _ = a.verify(None, None);
            let _ = a.verify(Some("client-1"), Some("https://op.example"));
        }
        Err(r) => answer(r),
    }
    match o::AuthorizationRequest::new(p) {
        Ok(a) => {
            let _ = a.verify(None);
            let _ = a.verify(Some("n-0S6_WzA2Mj"));
            let _ = a.pkce();
            let _ = a.max_age();
            let _ = a.claims();
        }
        Err(r) => answer(r),
    }
    match o::AuthorizationResponse::new(p) {
        Ok(a) => {
            let _ = a.verify(Some("client-1"), Some("https://op.example"));
        }
        Err(r) => answer(r),
    }
    let all = [
        GrantType::AuthorizationCode,
        GrantType::RefreshToken,
        GrantType::ClientCredentials,
        GrantType::TokenExchange,
    ];
    match TokenRequest::parse(p, &all) {
        Ok(t) => assert!(all.contains(&t.grant_type())),
        Err(r) => answer(r),
    }
    if let Err(r) = TokenRequest::parse(p, &[GrantType::RefreshToken]) {
        answer(r);
    }
});
