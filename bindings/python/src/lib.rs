//! `oxidc._native`: the pyo3 module behind the `oxidc` Python package.
//!
//! Thin by design: every decision (key selection, algorithm pinning, claims policy, limits) is
//! the core's; this crate converts between Python objects and the core's borrowed views, maps
//! errors to the exceptions defined in `oxidc/_errors.py`, and releases the GIL around ECDSA and
//! RSA work. Crypto provider: `ring`.

mod authn;
mod cookie;
mod errors;
mod grant;
mod json;
mod jwt;
mod keys;
mod messages;
mod oauth;
mod opaque;
mod serialize;

use pyo3::prelude::*;

/// The Python module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<keys::Jwk>()?;
    m.add_class::<keys::KeySet>()?;
    m.add_class::<keys::SigningKey>()?;
    m.add_class::<jwt::Validator>()?;
    m.add_class::<opaque::FernetKey>()?;
    m.add_class::<cookie::CookieKeys>()?;
    m.add_function(wrap_pyfunction!(cookie::lv_pack, m)?)?;
    m.add_function(wrap_pyfunction!(cookie::lv_unpack, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::mint, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::mint_access_token, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::mint_id_token, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::sign_compact, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::verify_jws, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::decode_unverified, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::left_hash, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::parse_token_request, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::parse_authorization_request, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::parse_authentication_request, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::pkce_challenge, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::pkce_verify, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::pkce_verifier, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::normalize_submitted_code, m)?)?;
    m.add_function(wrap_pyfunction!(messages::parse_message, m)?)?;
    m.add_class::<grant::TokenPolicy>()?;
    m.add_function(wrap_pyfunction!(grant::redeem_code_grant, m)?)?;
    m.add_function(wrap_pyfunction!(grant::refresh_grant, m)?)?;
    m.add_function(wrap_pyfunction!(grant::check_mint, m)?)?;
    m.add_function(wrap_pyfunction!(grant::grant_refusal, m)?)?;
    m.add_function(wrap_pyfunction!(authn::parse_basic, m)?)?;
    m.add_function(wrap_pyfunction!(authn::parse_bearer, m)?)?;
    m.add_function(wrap_pyfunction!(authn::client_secret_post, m)?)?;
    m.add_function(wrap_pyfunction!(authn::verify_client_secret, m)?)?;
    m.add_function(wrap_pyfunction!(authn::assertion_issuer, m)?)?;
    m.add_function(wrap_pyfunction!(authn::verify_client_assertion, m)?)?;
    m.add_function(wrap_pyfunction!(authn::verify_id_token, m)?)?;
    m.add_function(wrap_pyfunction!(serialize::token_response, m)?)?;
    m.add_function(wrap_pyfunction!(serialize::error_response, m)?)?;
    m.add_function(wrap_pyfunction!(serialize::error_redirect, m)?)?;
    m.add_function(wrap_pyfunction!(serialize::introspection_response, m)?)?;
    m.add_function(wrap_pyfunction!(serialize::write_redirect, m)?)?;
    m.add_function(wrap_pyfunction!(serialize::write_form, m)?)?;
    m.add("MESSAGE_CLASSES", messages::CLASSES.to_vec())?;
    m.add(
        "JWT_BEARER_ASSERTION_TYPE",
        oxidc::oauth::client_authn::JWT_BEARER_ASSERTION_TYPE,
    )?;
    m.add("ERROR_KINDS", errors::error_kinds())?;
    m.add("KEYSET_CAPACITY", keys::KEYSET_CAPACITY)?;
    m.add(
        "ALGORITHMS",
        oxidc::Algorithm::ALL
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>(),
    )?;
    m.add("PROVIDER", <keys::P as oxidc::crypto::Provider>::NAME)?;
    m.add("MAX_TOKEN_LEN", oxidc::limits::MAX_TOKEN_LEN)?;
    Ok(())
}
