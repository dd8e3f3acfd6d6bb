//! `oxidc._native`: the pyo3 module behind the `oxidc` Python package.
//!
//! Thin by design: every decision (key selection, algorithm pinning, claims policy, limits) is
//! the core's; this crate converts between Python objects and the core's borrowed views, maps
//! errors to the exceptions defined in `oxidc/_errors.py`, and releases the GIL around ECDSA and
//! RSA work. Crypto provider: `ring`.

mod errors;
mod json;
mod jwt;
mod keys;
mod oauth;
mod opaque;

use pyo3::prelude::*;

/// The Python module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<keys::Jwk>()?;
    m.add_class::<keys::KeySet>()?;
    m.add_class::<keys::SigningKey>()?;
    m.add_class::<jwt::Validator>()?;
    m.add_class::<opaque::FernetKey>()?;
    m.add_function(wrap_pyfunction!(jwt::mint, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::mint_access_token, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::mint_id_token, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::sign_compact, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::verify_jws, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::decode_unverified, m)?)?;
    m.add_function(wrap_pyfunction!(jwt::left_hash, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::parse_token_request, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::parse_authorization_request, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::pkce_challenge, m)?)?;
    m.add_function(wrap_pyfunction!(oauth::pkce_verify, m)?)?;
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
