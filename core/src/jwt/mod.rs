//! JWT (RFC 7519) over JWS compact (RFC 7515): `UntrustedToken` becomes a `VerifiedToken`
//! only through a [`Validator`]; claims are borrowed views; minting writes into caller buffers.

mod claims;
mod header;
mod idpyoidc;
mod mint;
mod token;
mod validator;

pub use claims::{Audience, Claims};
pub use header::Header;
pub use idpyoidc::{
    AccessTokenClaims, ClaimValue, IdTokenClaims, LeftHash, left_hash, mint_access_token,
    mint_id_token,
};
pub use mint::{ClaimsWriter, HeaderSpec, KidChoice, mint};
pub use token::{UntrustedToken, VerifiedToken};
pub use validator::{Required, Validator};
