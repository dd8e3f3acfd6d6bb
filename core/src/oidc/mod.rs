//! OpenID Connect: the message classes of idpyoidc's `message.oidc` and the relying-party
//! rules for ID tokens.

pub mod id_token;
pub mod messages;

pub use id_token::{IdTokenClaims, IdTokenExpectations, check_claims};
pub use messages::{
    AccessTokenRequest, AccessTokenResponse, AuthorizationErrorResponse, AuthorizationRequest,
    AuthorizationResponse,
};
