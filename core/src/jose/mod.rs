//! JOSE: algorithms (no `none`), JWKs and key sets, RFC 7638 thumbprints and cryptojwt kids.

mod alg;
mod jwk;
mod secret;
mod thumbprint;

pub use alg::{AlgSet, Algorithm};
pub use jwk::{Jwk, KeyKind, KeySet, Kid, SigningKey};
pub use secret::Secret;
pub use thumbprint::{KidForm, Thumbprint};
