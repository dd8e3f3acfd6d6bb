//! # oxidc-uniffi
//!
//! Kotlin, Swift and Python bindings (uniffi proc-macros, library mode) for the relying-party
//! and resource-server surface of the `oxidc` core: key sets from JWKS JSON, validators,
//! ID-token and access-token verification returning records, client assertions
//! (`private_key_jwt`, `client_secret_jwt`), PKCE, authorization / token / error response
//! parsing, the OP's verification of authentication requests with request objects and
//! `id_token_hint`, and one error enum per operation family.
//!
//! The binding is thin: every check is the core's; this crate only converts owned foreign
//! values to the core's borrowed views and back. The core never reads a clock or a random
//! source: `now` and random values (`jti`, PKCE verifiers) come from the platform.
//!
//! Objects (`KeySet`, `Jwk`, `SigningKey`, `Validator`) are immutable and `Send + Sync`;
//! share them between threads freely.

uniffi::setup_scaffolding!();

pub mod error;
pub mod keys;
pub mod mint;
pub mod oauth;
pub mod request;
pub mod verify;

pub use error::{KeyParseError, MessageError, MintError, PkceError, VerifyError, error_kinds};
pub use keys::{Algorithm, Jwk, KEYSET_CAPACITY, KeySet, KidForm, SigningKey};
pub use oauth::{
    AuthorizationResponse, AuthorizationResult, ErrorResponse, IdToken, IdTokenClaims,
    IdTokenVerifier, Pkce, PkceMethod, TokenResponse, TokenResult, error_response_for,
    error_response_json, parse_authentication_response, parse_authorization_response,
    parse_token_response, pkce_challenge, pkce_generate, pkce_method_name, pkce_verifier,
    pkce_verify,
};
pub use request::{
    AuthenticationRequest, AuthenticationRequestOptions, parse_authentication_request,
};
pub use verify::{
    AccessToken, AccessTokenClaims, Jws, Jwt, JwtClaims, JwtHeader, RegisteredClaim, Validator,
    decode_unverified, verify_jws,
};

/// The crypto provider: `ring` (fast, assembly; RSA) unless built with only `rustcrypto`.
#[cfg(feature = "ring")]
pub(crate) type P = oxidc::crypto::Ring;
/// The crypto provider: `ring` (fast, assembly; RSA) unless built with only `rustcrypto`.
#[cfg(not(feature = "ring"))]
pub(crate) type P = oxidc::crypto::RustCrypto;

/// The name of the crypto provider this library was built with (`"ring"` or `"rustcrypto"`).
#[uniffi::export]
pub fn crypto_provider() -> String {
    <P as oxidc::Provider>::NAME.to_owned()
}
