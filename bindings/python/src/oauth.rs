//! OAuth 2.0 / OIDC requests with idpyoidc's message semantics (parse + `verify()` in one
//! call), returned as dicts; PKCE. Rejections raise the error's exception with idpyoidc's
//! `error_description` as the message.

use crate::json::text_or_bytes;
use crate::messages::{err, parse, reject, render};
use oxidc::oauth::messages::{GrantType, TokenRequest};
use oxidc::oauth::pkce::{self, Challenge, ChallengeMethod};
use oxidc::{Error, oidc};
use pyo3::prelude::*;
use pyo3::types::PyDict;

fn grant_types(py: Python<'_>, names: Option<Vec<String>>) -> PyResult<Vec<GrantType>> {
    match names {
        None => Ok(vec![GrantType::AuthorizationCode, GrantType::RefreshToken]),
        Some(n) => n
            .iter()
            .map(|g| GrantType::from_name(g).ok_or_else(|| err(py, Error::UnsupportedGrantType)))
            .collect(),
    }
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
    let mut scratch = vec![0u8; body.len() + 16];
    let p = parse(py, &body, json, &mut scratch)?;
    let r = TokenRequest::parse(&p, &allowed).map_err(|r| reject(py, r))?;
    render(
        py,
        match &r {
            TokenRequest::AuthorizationCode(m) => m.message(),
            TokenRequest::RefreshToken(m) => m.message(),
            TokenRequest::ClientCredentials(m) => m.message(),
            TokenRequest::TokenExchange(m) => m.message(),
        },
    )
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
    let mut scratch = vec![0u8; query.len() + 16];
    let p = parse(py, query, json, &mut scratch)?;
    let r = oidc::AuthorizationRequest::new(&p).map_err(|r| reject(py, r))?;
    r.verify(None).map_err(|r| reject(py, r))?;
    let (challenge, method) = r.pkce().map_err(|r| reject(py, r))?;
    pkce::check_authorization_request(challenge, method, pkce_essential, ChallengeMethod::ALL)
        .map_err(|e| err(py, e))?;
    render(py, r.message())
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
