//! OAuth 2.0 / OIDC requests with idpyoidc's message semantics (parse + `verify()` in one
//! call), returned as dicts; PKCE. Rejections raise the error's exception with idpyoidc's
//! `error_description` as the message.

use crate::authn::with_keys;
use crate::json::{claims_to_py, text_or_bytes};
use crate::keys::CoreKeySet;
use crate::messages::{err, parse, reject, render, with_params};
use oxidc::jwt::Required;
use oxidc::oauth::messages::{GrantType, TokenRequest};
use oxidc::oauth::pkce::{self, Challenge, ChallengeMethod};
use oxidc::oidc::request_object::{IdTokenHintPolicy, RequestObjectPolicy};
use oxidc::{Error, oidc};
use oxidc::{Leeway, UnixTime};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The allowed grant types, each once (there are four): no allocation per call.
struct Allowed {
    types: [GrantType; 4],
    len: usize,
}

impl Allowed {
    fn as_slice(&self) -> &[GrantType] {
        self.types.get(..self.len).unwrap_or_default()
    }
}

fn grant_types(py: Python<'_>, names: Option<Vec<String>>) -> PyResult<Allowed> {
    let mut a = Allowed {
        types: [
            GrantType::AuthorizationCode,
            GrantType::RefreshToken,
            GrantType::AuthorizationCode,
            GrantType::AuthorizationCode,
        ],
        len: 2,
    };
    if let Some(names) = names {
        a.len = 0;
        for g in &names {
            let g = GrantType::from_name(g).ok_or_else(|| err(py, Error::UnsupportedGrantType))?;
            if !a.as_slice().contains(&g)
                && let Some(slot) = a.types.get_mut(a.len)
            {
                *slot = g;
                a.len += 1;
            }
        }
    }
    Ok(a)
}

/// Parses and verifies a token request (`application/x-www-form-urlencoded`, or JSON with
/// `json=True`) as idpyoidc's `AccessTokenRequest`/`RefreshAccessTokenRequest` +
/// `verify()`; returns its parameters as `to_dict()` gives them (typed: lists as lists).
/// `grant_types` defaults to authorization_code and refresh_token; `client_credentials` and
/// `urn:ietf:params:oauth:grant-type:token-exchange` may be allowed too.
#[pyfunction]
#[pyo3(signature = (body, *, json=false, grant_types=None))]
pub fn parse_token_request<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    json: bool,
    grant_types: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyDict>> {
    let allowed = self::grant_types(py, grant_types)?;
    let body = text_or_bytes(body)?;
    with_params(py, &body, json, |p| {
        let r = TokenRequest::parse(p, allowed.as_slice()).map_err(|r| reject(py, r))?;
        render(
            py,
            match &r {
                TokenRequest::AuthorizationCode(m) => m.message(),
                TokenRequest::RefreshToken(m) => m.message(),
                TokenRequest::ClientCredentials(m) => m.message(),
                TokenRequest::TokenExchange(m) => m.message(),
            },
        )
    })
}

/// Parses and verifies an OpenID Connect authentication request (query string or form body)
/// as idpyoidc's `oidc.AuthorizationRequest` + `verify()`, including the PKCE parameters when
/// present (`pkce_essential=True` requires them); returns its parameters as `to_dict()` gives
/// them (`scope`/`response_type` as lists, `claims` as a dict, `max_age` as an int).
#[pyfunction]
#[pyo3(signature = (query, *, json=false, pkce_essential=false))]
pub fn parse_authorization_request<'py>(
    py: Python<'py>,
    query: &Bound<'py, PyAny>,
    json: bool,
    pkce_essential: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let query = text_or_bytes(query)?;
    let query: &[u8] = query.strip_prefix(b"?").unwrap_or(&query);
    with_params(py, query, json, |p| {
        let r = oidc::AuthorizationRequest::new(p).map_err(|r| reject(py, r))?;
        r.verify(None).map_err(|r| reject(py, r))?;
        let (challenge, method) = r.pkce().map_err(|r| reject(py, r))?;
        pkce::check_authorization_request(challenge, method, pkce_essential, ChallengeMethod::ALL)
            .map_err(|e| err(py, e))?;
        render(py, r.message())
    })
}

/// Runs `f` with the key set `keys` stands for (see `with_keys`); `None` is the empty set.
fn with_opt_keys<T>(
    py: Python<'_>,
    keys: Option<&Bound<'_, PyAny>>,
    f: impl FnOnce(&CoreKeySet) -> PyResult<T>,
) -> PyResult<T> {
    match keys {
        Some(k) => with_keys(py, k, |set, _| f(set)),
        None => f(&Box::<CoreKeySet>::default()),
    }
}

/// Parses and verifies an OpenID Connect authentication request (query string or form body;
/// JSON with `json=True`) as idpyoidc's `oidc.AuthorizationRequest.verify(keyjar=...)` does,
/// with the RFCs' stricter rules (DIVERGENCES.md, "oidc: request objects and
/// id_token_hint"):
///
/// * a `request` parameter (a request object, OIDC Core §6.1 / RFC 9101) must be signed by
///   one of `client_keys` (a `KeySet`, a `Jwk`, or the client secret as `str`/`bytes`; the
///   key pins the algorithm, `none` is never accepted), with `iss` equal to `client_id`,
///   `aud` containing `audience` when given (pass your issuer), valid `exp`/`nbf`/`iat`
///   within `leeway` seconds, the claims named in `required` present, no nested
///   `request`/`request_uri`, and its `client_id` equal to the outer one. The request then
///   consists of the object's parameters alone (idpyoidc's merge), verified again;
/// * an `id_token_hint` of that request must be an ID token this OP issued: signed by one of
///   `op_keys`, `iss` equal to `issuer`, `sub` present, `aud` containing `hint_client_id`
///   when given (expiry is not checked, OIDC Core §3.1.2.1).
///
/// Returns the effective request as `to_dict()` gives it, plus idpyoidc's keys
/// `"__verified_request"` (the request object's claims) and `"verified_id_token_hint"` (the
/// hint's claims) when present. Missing keys count as none: a `request` then raises
/// `UnknownKey`. Failures raise the error's exception with `.param` `"request"` (and
/// `.oauth_error` `"invalid_request_object"`) or `"id_token_hint"`. `nonce` is compared when
/// the effective `response_type` contains `id_token`; `now` defaults to the current time.
/// The PKCE parameters of the effective request are checked as `parse_authorization_request`
/// checks them (`pkce_essential=True` requires them).
#[pyfunction]
#[pyo3(signature = (
    query, *, issuer, client_keys=None, op_keys=None, json=false, nonce=None, now=None,
    leeway=15, audience=None, required=None, hint_client_id=None, pkce_essential=false
))]
#[allow(clippy::too_many_arguments)]
pub fn parse_authentication_request<'py>(
    py: Python<'py>,
    query: &Bound<'py, PyAny>,
    issuer: &str,
    client_keys: Option<&Bound<'py, PyAny>>,
    op_keys: Option<&Bound<'py, PyAny>>,
    json: bool,
    nonce: Option<&str>,
    now: Option<i64>,
    leeway: u32,
    audience: Option<&str>,
    required: Option<Vec<String>>,
    hint_client_id: Option<&str>,
    pkce_essential: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let mut req = Required::NONE;
    for name in required.unwrap_or_default() {
        req = req | crate::jwt::registered(&name).ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!(
                "required: {name:?} is not a registered claim (exp, nbf, iat, iss, sub, aud, jti)"
            ))
        })?;
    }
    let policy = RequestObjectPolicy {
        audience,
        leeway: Leeway(leeway),
        required: req,
    };
    let hint_policy = IdTokenHintPolicy {
        issuer,
        client_id: hint_client_id,
    };
    let now = now.unwrap_or_else(crate::jwt::now_secs);
    let query = text_or_bytes(query)?;
    let query: &[u8] = if json {
        &query
    } else {
        query.strip_prefix(b"?").unwrap_or(&query)
    };
    let mut scratch = vec![0u8; query.len() + 16];
    let p = parse(py, query, json, &mut scratch)?;
    let outer = oidc::AuthorizationRequest::new(&p).map_err(|r| reject(py, r))?;
    // RequestObject::buffer_len is at most 1.5 × the object + 4.
    let mut buf = vec![0u8; outer.request().map_or(0, |r| r.len() * 2 + 4)];
    let object = with_opt_keys(py, client_keys, |keys| {
        outer
            .verify_with_request_object(keys, &policy, nonce, UnixTime(now), &mut buf)
            .map_err(|r| reject(py, r))
    })?;
    let effective = match &object {
        Some(o) => o.effective().map_err(|r| reject(py, r))?,
        None => outer,
    };
    let (challenge, method) = effective.pkce().map_err(|r| reject(py, r))?;
    pkce::check_authorization_request(challenge, method, pkce_essential, ChallengeMethod::ALL)
        .map_err(|e| err(py, e))?;
    let mut hint_buf = vec![0u8; effective.id_token_hint().map_or(0, str::len)];
    let hint = with_opt_keys(py, op_keys, |keys| {
        effective
            .verify_id_token_hint(keys, &hint_policy, &mut hint_buf)
            .map_err(|r| reject(py, r))
    })?;
    let d = render(py, effective.message())?;
    if let Some(o) = &object {
        d.set_item("__verified_request", claims_to_py(py, o.token().claims())?)?;
    }
    if let Some(t) = &hint {
        d.set_item("verified_id_token_hint", claims_to_py(py, t.claims())?)?;
    }
    Ok(d)
}

/// RFC 7636: the code challenge of `verifier` (`S256`, `S384`, `S512` or `plain`).
#[pyfunction]
#[pyo3(signature = (verifier, method="S256"))]
pub fn pkce_challenge(py: Python<'_>, verifier: &str, method: &str) -> PyResult<String> {
    let m = ChallengeMethod::from_name(method)
        .ok_or_else(|| err(py, Error::UnsupportedChallengeMethod))?;
    let mut out = [0u8; 128];
    let n = pkce::compute_challenge(verifier, m, &mut out).map_err(|e| err(py, e))?;
    Ok(String::from_utf8_lossy(out.get(..n).unwrap_or_default()).into_owned())
}

/// RFC 7636 §4.6: checks `verifier` (None if the token request had none) against the stored
/// challenge and method, in constant time. Raises on mismatch.
#[pyfunction]
#[pyo3(signature = (verifier, challenge, method="S256"))]
pub fn pkce_verify(
    py: Python<'_>,
    verifier: Option<&str>,
    challenge: &str,
    method: &str,
) -> PyResult<()> {
    let method = ChallengeMethod::from_name(method)
        .ok_or_else(|| err(py, Error::UnsupportedChallengeMethod))?;
    pkce::verify(verifier, &Challenge { challenge, method }).map_err(|e| err(py, e))
}

/// RFC 7636 §4.1: a new `code_verifier`, the base64url encoding of `random` (32..=96 bytes,
/// default 32 fresh bytes from the OS: 43 characters).
#[pyfunction]
#[pyo3(signature = (random=None))]
pub fn pkce_verifier(py: Python<'_>, random: Option<&[u8]>) -> PyResult<String> {
    let fresh;
    let bytes = match random {
        Some(b) => b,
        None => {
            fresh = crate::opaque::random::<32>()?;
            &fresh[..]
        }
    };
    let mut out = [0u8; 128];
    let n = pkce::verifier_from_random(bytes, &mut out).map_err(|e| err(py, e))?;
    Ok(String::from_utf8_lossy(out.get(..n).unwrap_or_default()).into_owned())
}

/// The token endpoint's repair of a submitted `code` (idpyoidc): spaces become `+` (an
/// unescaped `+` of the standard base64 alphabet form-decodes to a space).
#[pyfunction]
pub fn normalize_submitted_code(py: Python<'_>, code: &str) -> PyResult<String> {
    let mut out = vec![0u8; code.len()];
    let n = oxidc::opaque::normalize_submitted_code_into(code, &mut out).map_err(|e| err(py, e))?;
    out.truncate(n);
    String::from_utf8(out).map_err(|_| err(py, Error::InvalidUtf8))
}
