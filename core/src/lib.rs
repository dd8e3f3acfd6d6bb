//! # oxidc
//!
//! A `no_std`, allocation-free core for OAuth 2.0 / OpenID Connect servers and clients:
//! JWS compact verification and minting, JWK parsing and thumbprints, and (in later modules)
//! messages, grants and idpyoidc-compatible opaque tokens.
//!
//! Sans-I/O: the caller passes `now`, random bytes and stored state; output goes into caller
//! buffers. The key decides the algorithm, never the token header; `none` cannot be expressed.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// No panics on any input (issue 11): every exception is an `#[allow(..., reason = "...")]`
// on the smallest item, and the reason is mandatory.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions,
    clippy::allow_attributes_without_reason
)]

pub mod b64;
pub mod crypto;
pub mod error;
pub mod grant;
pub mod jose;
pub mod json;
pub mod jwt;
pub mod limits;
pub mod oauth;
pub mod oidc;
#[cfg(feature = "opaque")]
pub mod opaque;
pub mod time;

pub use crypto::{DefaultProvider, Provider};
pub use error::{Band, Error};
pub use grant::{
    CodeRedemption, Decision, GrantView, RefreshRequest, TokenClass, TokenPolicy, TokenView,
    redeem_code, refresh,
};
pub use jose::{AlgSet, Algorithm, Jwk, KeySet, KidForm, SigningKey};
pub use jwt::{Claims, UntrustedToken, Validator, VerifiedToken};
pub use time::{Leeway, UnixTime};
