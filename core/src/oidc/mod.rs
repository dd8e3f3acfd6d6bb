//! OpenID Connect: the message classes of idpyoidc's `message.oidc` and the relying-party
//! rules for ID tokens.

pub mod id_token;
pub mod messages;
pub mod request_object;

pub use id_token::{IdTokenClaims, IdTokenExpectations, check_claims};
pub use messages::{
    AccessTokenRequest, AccessTokenResponse, AuthorizationErrorResponse, AuthorizationRequest,
    AuthorizationResponse,
};
pub use request_object::{
    IdTokenHintPolicy, RequestObject, RequestObjectPolicy, verify_id_token_hint,
};
