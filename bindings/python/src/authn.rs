//! Client authentication (`oxidc::oauth::client_authn`) and ID-token verification for relying
//! parties (`oxidc::oidc::id_token`). Secrets are compared in constant time by the core; the
//! host keeps its client database and replay cache and passes what the core needs.

use crate::errors::{OrRaise, to_py};
use crate::json::{json_input, object_to_py, text_or_bytes};
use crate::keys::{CoreKeySet, Jwk, KeySet, P};
use crate::messages::{err, parse};
use oxidc::oauth::client_authn::{
    self as ca, AssertionPolicy, AuthMethod, BasicDecoding, ClientSecret,
};
use oxidc::oidc::id_token::{HashedValues, IdTokenExpectations, verify_id_token as core_verify};
use oxidc::{Error, Leeway, UnixTime};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

fn now_or(now: Option<i64>) -> UnixTime {
    UnixTime(now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }))
}

/// Runs `f` with a core key set: a `KeySet` as is, a `Jwk` as a one-key set, and `str`/`bytes`
/// as an HMAC secret (a client secret for `client_secret_jwt`, or HS* ID tokens).
pub(crate) fn with_keys<T>(
    py: Python<'_>,
    keys: &Bound<'_, PyAny>,
    f: impl FnOnce(&CoreKeySet, bool) -> PyResult<T>,
) -> PyResult<T> {
    if let Ok(s) = keys.cast::<KeySet>() {
        let s = s.get();
        return f(&s.inner, s.asymmetric);
    }
    let mut set = Box::<CoreKeySet>::default();
    let asym = if let Ok(k) = keys.cast::<Jwk>() {
        let k = k.get().rebuild(py)?;
        let asym = k.kind() != oxidc::jose::KeyKind::Oct;
        set.push(k).or_raise(py)?;
        asym
    } else if let Ok(secret) = text_or_bytes(keys) {
        let secret = zeroize::Zeroizing::new(secret.into_owned());
        set.push(oxidc::Jwk::<P>::hmac(&secret, oxidc::AlgSet::HMAC).or_raise(py)?)
            .or_raise(py)?;
        false
    } else {
        return Err(PyTypeError::new_err(
            "keys must be a KeySet, a Jwk, or a secret (str or bytes)",
        ));
    };
    f(&set, asym)
}

/// Parses `Authorization: Basic …` (RFC 7617, RFC 6749 §2.3.1) into `(client_id, secret)`.
/// `decoding="rfc6749"` (default) form-decodes both after base64 as RFC 6749 requires;
/// `decoding="raw"` takes them as they are, as idpyoidc 5.0.0 does. Compare the secret with
/// `verify_client_secret`, never with `==`.
#[pyfunction]
#[pyo3(signature = (authorization, *, decoding="rfc6749"))]
pub fn parse_basic(
    py: Python<'_>,
    authorization: &Bound<'_, PyAny>,
    decoding: &str,
) -> PyResult<(String, String)> {
    let decoding = match decoding {
        "rfc6749" => BasicDecoding::Rfc6749,
        "raw" => BasicDecoding::Raw,
        _ => {
            return Err(PyValueError::new_err(
                "decoding must be \"rfc6749\" or \"raw\"",
            ));
        }
    };
    let header = text_or_bytes(authorization)?;
    let mut scratch = zeroize::Zeroizing::new(vec![0u8; header.len()]);
    let c = ca::parse_basic(&header, decoding, &mut scratch).map_err(|e| err(py, e))?;
    Ok((c.client_id.to_owned(), c.secret.expose().to_owned()))
}

/// Parses `Authorization: Bearer <token>` (RFC 6750 §2.1) and returns the token.
#[pyfunction]
pub fn parse_bearer(py: Python<'_>, authorization: &Bound<'_, PyAny>) -> PyResult<String> {
    let header = text_or_bytes(authorization)?;
    ca::parse_bearer(&header)
        .map(str::to_owned)
        .map_err(|e| err(py, e))
}

/// `client_secret_post`: the `client_id` and `client_secret` of a token request body (form,
/// JSON with `json=True`, or a dict), or None when either is absent.
#[pyfunction]
#[pyo3(signature = (body, *, json=false))]
pub fn client_secret_post(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    json: bool,
) -> PyResult<Option<(String, String)>> {
    let (body, json) = if body.cast::<PyDict>().is_ok() {
        (json_input(body)?, true)
    } else {
        (text_or_bytes(body)?.into_owned(), json)
    };
    let mut scratch = zeroize::Zeroizing::new(vec![0u8; body.len() + 16]);
    let p = parse(py, &body, json, &mut scratch)?;
    Ok(ca::post_credentials(&p).map(|c| (c.client_id.to_owned(), c.secret.expose().to_owned())))
}

/// Compares a presented client secret with the registered one in constant time; raises
/// `ClientSecretMismatch` (or `ClientSecretExpired` when `expires_at`, RFC 7591's
/// `client_secret_expires_at`, is non-zero and past at `now`).
#[pyfunction]
#[pyo3(signature = (presented, registered, *, expires_at=0, now=None))]
pub fn verify_client_secret(
    py: Python<'_>,
    presented: &str,
    registered: &Bound<'_, PyAny>,
    expires_at: i64,
    now: Option<i64>,
) -> PyResult<()> {
    let registered = text_or_bytes(registered)?;
    ClientSecret::new(presented)
        .verify(&registered)
        .map_err(|e| err(py, e))?;
    ca::check_secret_expiry(expires_at, now_or(now)).map_err(|e| err(py, e))
}

/// The `iss` of a client assertion, decoded WITHOUT verification, to look the client (and
/// its keys) up before `verify_client_assertion`. Never trust it otherwise.
#[pyfunction]
pub fn assertion_issuer(py: Python<'_>, assertion: &str) -> PyResult<String> {
    let mut buf = vec![0u8; assertion.len()];
    let iss = ca::assertion_issuer(assertion, &mut buf).map_err(|e| err(py, e))?;
    let bytes: Vec<u8> = iss.bytes().collect();
    String::from_utf8(bytes).map_err(|_| to_py(py, Error::InvalidUtf8))
}

/// Verifies a `client_secret_jwt` / `private_key_jwt` client assertion (RFC 7523 §3, OIDC
/// Core §9) for `client_id`: the assertion type, the signature with `keys` (the client's
/// registered secret — `str`/`bytes` or an HMAC `Jwk` — for `client_secret_jwt`, its public
/// keys for `private_key_jwt`; the key pins the algorithm and its family must match the
/// method), `iss == sub == client_id`, `aud` containing one of `audience`, `exp`, `nbf`,
/// `iat`, the lifetime (≤ `max_lifetime`). Returns `(jti, claims)`: the host checks `jti`
/// against its replay cache (and raises `AssertionReplayed` on a hit).
#[pyfunction]
#[pyo3(signature = (
    assertion, keys, *, client_id, audience, method="private_key_jwt",
    assertion_type=Some(ca::JWT_BEARER_ASSERTION_TYPE), leeway=15, max_lifetime=600,
    require_jti=false, now=None
))]
#[allow(clippy::too_many_arguments)]
pub fn verify_client_assertion<'py>(
    py: Python<'py>,
    assertion: &str,
    keys: &Bound<'py, PyAny>,
    client_id: &str,
    audience: &Bound<'py, PyAny>,
    method: &str,
    assertion_type: Option<&str>,
    leeway: u32,
    max_lifetime: u32,
    require_jti: bool,
    now: Option<i64>,
) -> PyResult<(Option<String>, Bound<'py, PyDict>)> {
    let method = AuthMethod::from_name(method)
        .ok_or_else(|| PyValueError::new_err(format!("unknown method {method:?}")))?;
    let audiences: Vec<String> = match audience.extract::<String>() {
        Ok(s) => vec![s],
        Err(_) => audience.extract()?,
    };
    let aud_refs: Vec<&str> = audiences.iter().map(String::as_str).collect();
    let policy = AssertionPolicy {
        audiences: &aud_refs,
        leeway: Leeway(leeway),
        max_lifetime,
        require_jti,
    };
    let now = now_or(now);
    let mut buf = vec![0u8; assertion.len()];
    with_keys(py, keys, |set, asym| {
        let run = |buf: &mut [u8]| -> Result<(Option<String>, Vec<u8>), Error> {
            let v = ca::verify_client_assertion(
                method,
                assertion,
                assertion_type,
                client_id,
                set,
                &policy,
                now,
                buf,
            )?;
            let jti = v
                .jti()
                .map(|j| String::from_utf8(j.bytes().collect()).map_err(|_| Error::InvalidUtf8))
                .transpose()?;
            Ok((jti, v.token.claims().object().raw().to_vec()))
        };
        let (jti, claims) = if asym {
            py.detach(|| run(&mut buf))
        } else {
            run(&mut buf)
        }
        .map_err(|e| err(py, e))?;
        let o = oxidc::json::Object::parse(&claims).or_raise(py)?;
        Ok((jti, object_to_py(py, &o)?))
    })
}

/// Verifies an ID token as a relying party (idpyoidc's `verify_id_token`): the signature with
/// `keys` (the OP's `KeySet`, a `Jwk`, or the client secret for HS*), then the claims —
/// `iss`, `sub`, `aud`, `exp`, `iat` present; `issuer`; `client_id` in `aud` (and `azp`);
/// `exp`/`iat` with `leeway` (default 0, as idpyoidc's `skew`); `iat` not older than
/// `nonce_storage_time`; `nonce` when one was sent; `auth_time` against `max_age` — then
/// `at_hash`/`c_hash` when `access_token`/`code` are given (hybrid and implicit responses).
/// Returns the claims.
#[pyfunction]
#[pyo3(signature = (
    id_token, keys, *, issuer=None, client_id=None, nonce=None, max_age=None, leeway=0,
    nonce_storage_time=oxidc::oidc::id_token::NONCE_STORAGE_TIME, access_token=None, code=None,
    now=None
))]
#[allow(clippy::too_many_arguments)]
pub fn verify_id_token<'py>(
    py: Python<'py>,
    id_token: &str,
    keys: &Bound<'py, PyAny>,
    issuer: Option<&str>,
    client_id: Option<&str>,
    nonce: Option<&str>,
    max_age: Option<i64>,
    leeway: u32,
    nonce_storage_time: i64,
    access_token: Option<&str>,
    code: Option<&str>,
    now: Option<i64>,
) -> PyResult<Bound<'py, PyDict>> {
    let expected = IdTokenExpectations {
        issuer,
        client_id,
        nonce,
        max_age,
        leeway: Leeway(leeway),
        nonce_storage_time,
    };
    let hashed = HashedValues { access_token, code };
    let now = now_or(now);
    if id_token.len() > oxidc::limits::MAX_TOKEN_LEN {
        return Err(to_py(py, Error::TokenTooLarge));
    }
    let mut buf = vec![0u8; id_token.len()];
    with_keys(py, keys, |set, asym| {
        let run = |buf: &mut [u8]| -> Result<Vec<u8>, Error> {
            let t = core_verify(id_token, set, &expected, hashed, now, buf)?;
            Ok(t.claims().object().raw().to_vec())
        };
        let claims = if asym {
            py.detach(|| run(&mut buf))
        } else {
            run(&mut buf)
        }
        .or_raise(py)?;
        let o = oxidc::json::Object::parse(&claims).or_raise(py)?;
        object_to_py(py, &o)
    })
}
