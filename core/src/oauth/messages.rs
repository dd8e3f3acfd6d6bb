//! The OAuth 2.0 message classes of idpyoidc's `message.oauth2`, as typed views.
//!
//! Each view is built from decoded [`Params`] with `new` (typing; idpyoidc's parse step)
//! and checked with `verify` (idpyoidc's `verify()`), or both at once with
//! `parse_form` / `parse_json` + `verify`. Parameter tables follow idpyoidc 5.0.0 in
//! declaration order.

use crate::Error;
use crate::oauth::message::{Kind, Message, MessageSpec, ParamSpec, ParamValue, Rejection};
use crate::oauth::params::{List, Params};

use Kind::*;

const fn opt(name: &'static str, kind: Kind) -> ParamSpec {
    ParamSpec::new(name, kind)
}

const fn req(name: &'static str, kind: Kind) -> ParamSpec {
    ParamSpec::required(name, kind)
}

/// Defines a typed view over [`Message`] for one class table.
macro_rules! view {
    ($(#[$doc:meta])* $name:ident = $spec:expr;) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name<'a>(Message<'a>);

        impl<'a> $name<'a> {
            /// This class's parameter table.
            pub const SPEC: &'static MessageSpec = &$spec.checked();

            /// Types decoded parameters against this class (idpyoidc's parse step; no
            /// `verify` yet).
            pub fn new(params: &'a Params<'a>) -> Result<Self, Rejection<'a>> {
                Message::new(Self::SPEC, params).map($name)
            }

            /// The generic typed message (lookups by name, every parameter).
            pub fn message(&self) -> &Message<'a> {
                &self.0
            }

            /// All decoded parameters, declared or not.
            pub fn params(&self) -> &'a Params<'a> {
                self.0.params()
            }

            /// The typed value of parameter `name` (declared), see [`Message::get`].
            pub fn get(&self, name: &str) -> Option<ParamValue<'a>> {
                self.0.get(name)
            }
        }
    };
}
pub(crate) use view;

/// Defines string accessors on a view.
macro_rules! str_accessors {
    ($name:ident { $($(#[$doc:meta])* $f:ident),* $(,)? }) => {
        impl<'a> $name<'a> {
            $(
                $(#[$doc])*
                pub fn $f(&self) -> Option<&'a str> {
                    self.0.get_str(stringify!($f))
                }
            )*
        }
    };
}
pub(crate) use str_accessors;

/// Defines list accessors on a view.
macro_rules! list_accessors {
    ($name:ident { $($(#[$doc:meta])* $f:ident),* $(,)? }) => {
        impl<'a> $name<'a> {
            $(
                $(#[$doc])*
                pub fn $f(&self) -> Option<List<'a>> {
                    self.0.get_list(stringify!($f))
                }
            )*
        }
    };
}
pub(crate) use list_accessors;

/// Defines a `verify` that is just idpyoidc's base verify.
macro_rules! base_verify {
    ($($name:ident),* $(,)?) => {
        $(
            impl<'a> $name<'a> {
                /// idpyoidc's `verify()` for this class: required parameters present and
                /// non-empty, allowed values respected ([`Message::verify_base`]).
                pub fn verify(&self) -> Result<(), Rejection<'a>> {
                    self.0.verify_base()
                }
            }
        )*
    };
}
pub(crate) use base_verify;

impl<'a> Message<'a> {
    /// An undeclared parameter that must occur at most once (e.g. PKCE's `code_verifier`,
    /// RFC 6749 §3.1): its text, or [`Error::DuplicateParameter`] /
    /// [`Error::WrongParameterType`].
    pub fn single_extra(&self, name: &'static str) -> Result<Option<&'a str>, Rejection<'a>> {
        let mut all = self.params().get_all(name);
        let Some(first) = all.next() else {
            return Ok(None);
        };
        if all.next().is_some() {
            return Err(Rejection::param(Error::DuplicateParameter, name));
        }
        match first.as_text() {
            Some(t) => Ok(Some(t)),
            None => Err(Rejection::param(Error::WrongParameterType, name)),
        }
    }
}

/// The characters idpyoidc's `ResponseMessage.verify` allows in `error_description`:
/// ASCII letters, space and `!` (stricter than RFC 6749's %x20-21 / %x23-5B / %x5D-7E).
pub fn is_idpyoidc_description(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphabetic() || b == b' ' || b == b'!')
}

/// Whether `s` is in RFC 6749's `error` / `error_description` set (%x20-21 / %x23-5B /
/// %x5D-7E: printable ASCII without `"` and `\`).
pub fn is_rfc6749_error_text(s: &str) -> bool {
    s.bytes()
        .all(|b| matches!(b, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E))
}

// ------------------------------------------------------------------------- requests

view! {
    /// OAuth 2.0 authorization request (RFC 6749 §4.1.1; idpyoidc `oauth2.AuthorizationRequest`).
    ///
    /// A `request` object is not verified by `verify`: the client's keys are needed —
    /// [`crate::oidc::request_object::RequestObject::verify`] checks it and gives the merged
    /// request.
    AuthorizationRequest = MessageSpec {
        name: "oauth2.AuthorizationRequest",
        params: &[
            req("response_type", SpList),
            req("client_id", Str),
            opt("scope", SpList),
            opt("redirect_uri", Str),
            opt("state", Str),
            opt("request", Str),
            opt("resource", List),
        ],
    };
}
str_accessors!(AuthorizationRequest {
    /// `client_id`
    client_id,
    /// `redirect_uri`
    redirect_uri,
    /// `state`
    state,
    /// `request` (an unverified request object)
    request,
});
list_accessors!(AuthorizationRequest {
    /// `response_type`
    response_type,
    /// `scope`
    scope,
    /// `resource` (RFC 8707)
    resource,
});
base_verify!(AuthorizationRequest);

impl<'a> AuthorizationRequest<'a> {
    /// The PKCE parameters (`code_challenge`, `code_challenge_method`), each at most once.
    pub fn pkce(&self) -> Result<(Option<&'a str>, Option<&'a str>), Rejection<'a>> {
        Ok((
            self.0.single_extra("code_challenge")?,
            self.0.single_extra("code_challenge_method")?,
        ))
    }
}

view! {
    /// Access token request, authorization code grant (RFC 6749 §4.1.3; idpyoidc
    /// `oauth2.AccessTokenRequest`). `grant_type` defaults to `authorization_code`.
    AccessTokenRequest = MessageSpec {
        name: "oauth2.AccessTokenRequest",
        params: &[
            req("grant_type", Str).default("authorization_code"),
            req("code", Str),
            req("redirect_uri", Str),
            opt("client_id", Str),
            opt("client_secret", Str),
            opt("state", Str),
        ],
    };
}
str_accessors!(AccessTokenRequest {
    /// `grant_type` (default `authorization_code`)
    grant_type,
    /// `code`
    code,
    /// `redirect_uri`
    redirect_uri,
    /// `client_id`
    client_id,
    /// `state`
    state,
});
base_verify!(AccessTokenRequest);

impl<'a> AccessTokenRequest<'a> {
    /// `code_verifier` (PKCE), at most once.
    pub fn code_verifier(&self) -> Result<Option<&'a str>, Rejection<'a>> {
        self.0.single_extra("code_verifier")
    }

    /// Checks `redirect_uri` against the one of the authorization request (RFC 6749 §4.1.3):
    /// when that request carried one, this one must be present
    /// ([`Error::RedirectUriMissing`]; idpyoidc crashes with a `KeyError`) and equal
    /// ([`Error::RedirectUriMismatch`]).
    pub fn check_redirect_uri(&self, authorized: Option<&str>) -> Result<(), Rejection<'a>> {
        let Some(expected) = authorized else {
            return Ok(());
        };
        match self.redirect_uri() {
            None => Err(Rejection::param(Error::RedirectUriMissing, "redirect_uri")),
            Some(r) if r == expected => Ok(()),
            Some(_) => Err(Rejection::param(Error::RedirectUriMismatch, "redirect_uri")),
        }
    }
}

view! {
    /// Refresh request (RFC 6749 §6; idpyoidc `RefreshAccessTokenRequest`, the same in
    /// oauth2 and oidc). `grant_type` defaults to, and must be, `refresh_token`.
    RefreshAccessTokenRequest = MessageSpec {
        name: "oauth2.RefreshAccessTokenRequest",
        params: &[
            req("grant_type", Str).default("refresh_token").allowed(&["refresh_token"]),
            req("refresh_token", Str),
            opt("scope", SpList),
            opt("client_id", Str),
            opt("client_secret", Str),
        ],
    };
}
str_accessors!(RefreshAccessTokenRequest {
    /// `refresh_token`
    refresh_token,
    /// `client_id`
    client_id,
});
list_accessors!(RefreshAccessTokenRequest {
    /// `scope`
    scope,
});
base_verify!(RefreshAccessTokenRequest);

view! {
    /// Client credentials request (RFC 6749 §4.4.2; idpyoidc `CCAccessTokenRequest`).
    CCAccessTokenRequest = MessageSpec {
        name: "oauth2.CCAccessTokenRequest",
        params: &[
            opt("client_id", Str),
            opt("client_secret", Str),
            req("grant_type", Str),
            opt("scope", SpList),
        ],
    };
}
list_accessors!(CCAccessTokenRequest {
    /// `scope`
    scope,
});

impl<'a> CCAccessTokenRequest<'a> {
    /// idpyoidc replaces the base verify with one check: `grant_type` must be
    /// `client_credentials` ([`Error::ParameterNotAllowedValue`], "Grant type MUST be
    /// client_credentials"). A missing `grant_type` is [`Error::MissingParameter`] (idpyoidc
    /// raises an internal `KeyError`).
    pub fn verify(&self) -> Result<(), Rejection<'a>> {
        match self.0.get("grant_type") {
            Some(ParamValue::Str("client_credentials")) => Ok(()),
            None => Err(Rejection::param(Error::MissingParameter, "grant_type")),
            Some(_) => Err(Rejection::param(
                Error::ParameterNotAllowedValue,
                "grant_type",
            )),
        }
    }
}

view! {
    /// Token exchange request (RFC 8693 §2.1; idpyoidc `TokenExchangeRequest`).
    TokenExchangeRequest = MessageSpec {
        name: "oauth2.TokenExchangeRequest",
        params: &[
            req("grant_type", Str),
            opt("resource", List),
            opt("audience", List),
            opt("scope", SpList),
            opt("requested_token_type", Str),
            req("subject_token", Str),
            req("subject_token_type", Str),
            opt("actor_token", Str),
            opt("actor_token_type", Str),
        ],
    };
}
str_accessors!(TokenExchangeRequest {
    /// `subject_token`
    subject_token,
    /// `subject_token_type`
    subject_token_type,
    /// `requested_token_type`
    requested_token_type,
    /// `actor_token`
    actor_token,
    /// `actor_token_type`
    actor_token_type,
});
list_accessors!(TokenExchangeRequest {
    /// `resource`
    resource,
    /// `audience`
    audience,
    /// `scope`
    scope,
});
base_verify!(TokenExchangeRequest);

view! {
    /// Introspection request (RFC 7662 §2.1; idpyoidc `TokenIntrospectionRequest`).
    TokenIntrospectionRequest = MessageSpec {
        name: "oauth2.TokenIntrospectionRequest",
        params: &[
            req("token", Str),
            opt("token_type_hint", Str),
            opt("client_id", Str),
            opt("client_assertion_type", Str),
            opt("client_assertion", Str),
        ],
    };
}
str_accessors!(TokenIntrospectionRequest {
    /// `token`
    token,
    /// `token_type_hint`
    token_type_hint,
});
base_verify!(TokenIntrospectionRequest);

view! {
    /// Revocation request (RFC 7009 §2.1; idpyoidc `TokenRevocationRequest`).
    TokenRevocationRequest = MessageSpec {
        name: "oauth2.TokenRevocationRequest",
        params: &[
            req("token", Str),
            opt("token_type_hint", Str),
            opt("client_id", Str),
            opt("client_secret", Str),
        ],
    };
}
str_accessors!(TokenRevocationRequest {
    /// `token`
    token,
    /// `token_type_hint`
    token_type_hint,
});
base_verify!(TokenRevocationRequest);

// ------------------------------------------------------------------------- responses

view! {
    /// Authorization response (RFC 6749 §4.1.2, RFC 9207 `iss`; idpyoidc
    /// `oauth2.AuthorizationResponse`).
    AuthorizationResponse = MessageSpec {
        name: "oauth2.AuthorizationResponse",
        params: &[
            opt("error", Str),
            opt("error_description", Str),
            opt("error_uri", Str),
            req("code", Str),
            opt("state", Str),
            opt("iss", Str),
            opt("client_id", Str),
        ],
    };
}
str_accessors!(AuthorizationResponse {
    /// `code`
    code,
    /// `state`
    state,
    /// `iss` (RFC 9207)
    iss,
    /// `client_id`
    client_id,
});

/// Checks `error_description` with idpyoidc's character set ([`is_idpyoidc_description`]).
fn verify_description<'a>(m: &Message<'a>) -> Result<(), Rejection<'a>> {
    match m.get_str("error_description") {
        Some(d) if !is_idpyoidc_description(d) => Err(Rejection::param(
            Error::InvalidErrorDescription,
            "error_description",
        )),
        _ => Ok(()),
    }
}

/// `client_id` and `iss` of a response against the expected ones (idpyoidc's
/// `AuthorizationResponse.verify`).
pub(crate) fn verify_client_and_issuer<'a>(
    m: &Message<'a>,
    client_id: Option<&str>,
    issuer: Option<&str>,
) -> Result<(), Rejection<'a>> {
    if let (Some(got), Some(want)) = (m.get("client_id"), client_id)
        && got.as_str() != Some(want)
    {
        return Err(Rejection::param(Error::ClientIdMismatch, "client_id"));
    }
    if let (Some(got), Some(want)) = (m.get("iss"), issuer)
        && got.as_str() != Some(want)
    {
        return Err(Rejection::param(Error::IssuerMismatch, "iss"));
    }
    Ok(())
}

impl<'a> AuthorizationResponse<'a> {
    /// idpyoidc's verify: base rules, `error_description` charset, and, when given, the
    /// expected `client_id` ([`Error::ClientIdMismatch`]) and issuer
    /// ([`Error::IssuerMismatch`], RFC 9207 §2.4) against those in the response.
    pub fn verify(
        &self,
        client_id: Option<&str>,
        issuer: Option<&str>,
    ) -> Result<(), Rejection<'a>> {
        self.0.verify_base()?;
        verify_description(&self.0)?;
        verify_client_and_issuer(&self.0, client_id, issuer)
    }
}

view! {
    /// Access token response (RFC 6749 §5.1; idpyoidc `oauth2.AccessTokenResponse`).
    AccessTokenResponse = MessageSpec {
        name: "oauth2.AccessTokenResponse",
        params: &[
            opt("error", Str),
            opt("error_description", Str),
            opt("error_uri", Str),
            req("access_token", Str),
            req("token_type", Str),
            opt("expires_in", Int),
            opt("refresh_token", Str),
            opt("scope", SpList),
            opt("state", Str),
        ],
    };
}
str_accessors!(AccessTokenResponse {
    /// `access_token`
    access_token,
    /// `token_type`
    token_type,
    /// `refresh_token`
    refresh_token,
    /// `state`
    state,
});
list_accessors!(AccessTokenResponse {
    /// `scope`
    scope,
});

impl<'a> AccessTokenResponse<'a> {
    /// `expires_in`
    pub fn expires_in(&self) -> Option<i64> {
        self.0.get_int("expires_in")
    }

    /// idpyoidc's verify: base rules and the `error_description` charset.
    pub fn verify(&self) -> Result<(), Rejection<'a>> {
        self.0.verify_base()?;
        verify_description(&self.0)
    }
}

view! {
    /// Introspection response (RFC 7662 §2.2; idpyoidc `TokenIntrospectionResponse`).
    TokenIntrospectionResponse = MessageSpec {
        name: "oauth2.TokenIntrospectionResponse",
        params: &[
            req("active", Bool),
            opt("scope", SpList),
            opt("client_id", Str),
            opt("username", Str),
            opt("token_type", Str),
            opt("exp", Int),
            opt("iat", Int),
            opt("nbf", Int),
            opt("sub", Str),
            opt("aud", List),
            opt("iss", Str),
            opt("jti", Str),
        ],
    };
}
base_verify!(TokenIntrospectionResponse);

impl<'a> TokenIntrospectionResponse<'a> {
    /// `active`
    pub fn active(&self) -> Option<bool> {
        self.0.get("active").and_then(|v| v.as_bool())
    }
}

/// Defines an error-response class: `error`, `error_description`, `error_uri` (+ `state`).
macro_rules! error_response {
    ($(#[$doc:meta])* $name:ident, $class:literal, [$($extra:expr),*], $allowed:expr) => {
        view! {
            $(#[$doc])*
            $name = MessageSpec {
                name: $class,
                params: &[
                    opt("error", Str).allowed($allowed),
                    opt("error_description", Str),
                    opt("error_uri", Str),
                    $($extra),*
                ],
            };
        }
        str_accessors!($name {
            /// `error`
            error,
            /// `error_description`
            error_description,
            /// `error_uri`
            error_uri,
        });
        impl<'a> $name<'a> {
            /// idpyoidc's verify: allowed `error` codes and its `error_description`
            /// character set (letters, space, `!`).
            pub fn verify(&self) -> Result<(), Rejection<'a>> {
                self.0.verify_base()?;
                verify_description(&self.0)
            }
        }
    };
}
pub(crate) use error_response;

error_response!(
    /// The generic response (`error`, `error_description`, `error_uri`; idpyoidc
    /// `ResponseMessage`): any `error` code.
    ResponseMessage, "oauth2.ResponseMessage", [], &[]
);

/// The `error` codes of an authorization error response (RFC 6749 §4.1.2.1).
pub const AUTHORIZATION_ERRORS: &[&str] = &[
    "invalid_request",
    "unauthorized_client",
    "access_denied",
    "unsupported_response_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
];

error_response!(
    /// Authorization error response (RFC 6749 §4.1.2.1; idpyoidc
    /// `oauth2.AuthorizationErrorResponse`).
    AuthorizationErrorResponse, "oauth2.AuthorizationErrorResponse",
    [opt("state", Str)], AUTHORIZATION_ERRORS
);

/// The `error` codes of a token error response (RFC 6749 §5.2).
pub const TOKEN_ERRORS: &[&str] = &[
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
];

error_response!(
    /// Token error response (RFC 6749 §5.2; idpyoidc `TokenErrorResponse`).
    TokenErrorResponse, "oauth2.TokenErrorResponse", [], TOKEN_ERRORS
);

error_response!(
    /// Revocation error response (RFC 7009 §2.2.1; idpyoidc `TokenRevocationErrorResponse`,
    /// whose only allowed code is `unsupported_token_type`).
    TokenRevocationErrorResponse, "oauth2.TokenRevocationErrorResponse", [],
    &["unsupported_token_type"]
);

view! {
    /// Token exchange response (RFC 8693 §2.2.1; idpyoidc `TokenExchangeResponse`).
    TokenExchangeResponse = MessageSpec {
        name: "oauth2.TokenExchangeResponse",
        params: &[
            req("access_token", Str),
            req("issued_token_type", Str),
            req("token_type", Str),
            opt("expires_in", Int),
            opt("refresh_token", Str),
            opt("scope", SpList),
        ],
    };
}
base_verify!(TokenExchangeResponse);

// ------------------------------------------------------------------------- dispatch

/// The grant types the core knows, from a token request's `grant_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantType {
    /// `authorization_code` (RFC 6749 §4.1.3)
    AuthorizationCode,
    /// `refresh_token` (RFC 6749 §6)
    RefreshToken,
    /// `client_credentials` (RFC 6749 §4.4.2)
    ClientCredentials,
    /// `urn:ietf:params:oauth:grant-type:token-exchange` (RFC 8693)
    TokenExchange,
}

impl GrantType {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            GrantType::AuthorizationCode => "authorization_code",
            GrantType::RefreshToken => "refresh_token",
            GrantType::ClientCredentials => "client_credentials",
            GrantType::TokenExchange => "urn:ietf:params:oauth:grant-type:token-exchange",
        }
    }

    /// From the wire name.
    pub fn from_name(s: &str) -> Option<Self> {
        [
            GrantType::AuthorizationCode,
            GrantType::RefreshToken,
            GrantType::ClientCredentials,
            GrantType::TokenExchange,
        ]
        .into_iter()
        .find(|g| g.as_str() == s)
    }
}

/// A token request, dispatched on `grant_type` and verified as its class.
#[derive(Clone, Copy, Debug)]
pub enum TokenRequest<'a> {
    /// `authorization_code`
    AuthorizationCode(AccessTokenRequest<'a>),
    /// `refresh_token`
    RefreshToken(RefreshAccessTokenRequest<'a>),
    /// `client_credentials`
    ClientCredentials(CCAccessTokenRequest<'a>),
    /// token exchange
    TokenExchange(TokenExchangeRequest<'a>),
}

impl<'a> TokenRequest<'a> {
    /// Dispatches a token-endpoint request on `grant_type` (idpyoidc's token endpoint):
    /// absent → [`Error::MissingGrantType`]; a duplicated `grant_type` →
    /// [`Error::DuplicateParameter`]; not in `allowed` → [`Error::UnsupportedGrantType`]; then
    /// the class is typed and verified (idpyoidc verifies refresh requests only; the
    /// stricter verification here is what RFC 6749 §4.1.3 requires of the others).
    pub fn parse(params: &'a Params<'a>, allowed: &[GrantType]) -> Result<Self, Rejection<'a>> {
        let mut all = params.get_all("grant_type");
        let gt = match (all.next(), all.next()) {
            (None, _) => return Err(Rejection::param(Error::MissingGrantType, "grant_type")),
            (Some(_), Some(_)) => {
                return Err(Rejection::param(Error::DuplicateParameter, "grant_type"));
            }
            (Some(v), None) => v
                .as_text()
                .ok_or(Rejection::param(Error::WrongParameterType, "grant_type"))?,
        };
        let unsupported = Rejection::param(Error::UnsupportedGrantType, "grant_type");
        let g = GrantType::from_name(gt).ok_or(unsupported)?;
        if !allowed.contains(&g) {
            return Err(unsupported);
        }
        Ok(match g {
            GrantType::AuthorizationCode => {
                let r = AccessTokenRequest::new(params)?;
                r.verify()?;
                TokenRequest::AuthorizationCode(r)
            }
            GrantType::RefreshToken => {
                let r = RefreshAccessTokenRequest::new(params)?;
                r.verify()?;
                TokenRequest::RefreshToken(r)
            }
            GrantType::ClientCredentials => {
                let r = CCAccessTokenRequest::new(params)?;
                r.verify()?;
                TokenRequest::ClientCredentials(r)
            }
            GrantType::TokenExchange => {
                let r = TokenExchangeRequest::new(params)?;
                r.verify()?;
                TokenRequest::TokenExchange(r)
            }
        })
    }

    /// The grant type.
    pub fn grant_type(&self) -> GrantType {
        match self {
            TokenRequest::AuthorizationCode(_) => GrantType::AuthorizationCode,
            TokenRequest::RefreshToken(_) => GrantType::RefreshToken,
            TokenRequest::ClientCredentials(_) => GrantType::ClientCredentials,
            TokenRequest::TokenExchange(_) => GrantType::TokenExchange,
        }
    }

    /// The decoded parameters.
    pub fn params(&self) -> &'a Params<'a> {
        match self {
            TokenRequest::AuthorizationCode(r) => r.params(),
            TokenRequest::RefreshToken(r) => r.params(),
            TokenRequest::ClientCredentials(r) => r.params(),
            TokenRequest::TokenExchange(r) => r.params(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<R>(body: &str, f: impl FnOnce(&Params<'_>) -> R) -> R {
        let mut s = vec![0u8; body.len()];
        let p = Params::parse_form(body.as_bytes(), &mut s).unwrap();
        f(&p)
    }

    const ALL: &[GrantType] = &[
        GrantType::AuthorizationCode,
        GrantType::RefreshToken,
        GrantType::ClientCredentials,
        GrantType::TokenExchange,
    ];

    #[test]
    fn token_dispatch() {
        form("grant_type=authorization_code&code=c&redirect_uri=r", |p| {
            let t = TokenRequest::parse(p, ALL).unwrap();
            let TokenRequest::AuthorizationCode(r) = t else {
                panic!()
            };
            assert_eq!((r.code(), r.redirect_uri()), (Some("c"), Some("r")));
            assert_eq!(r.check_redirect_uri(Some("r")), Ok(()));
            assert_eq!(r.check_redirect_uri(None), Ok(()));
            assert_eq!(
                r.check_redirect_uri(Some("x")).unwrap_err().error,
                Error::RedirectUriMismatch
            );
        });
        form("code=c", |p| {
            let r = AccessTokenRequest::new(p).unwrap();
            assert_eq!(r.grant_type(), Some("authorization_code"));
            assert_eq!(
                r.check_redirect_uri(Some("x")).unwrap_err().error,
                Error::RedirectUriMissing
            );
            assert_eq!(
                TokenRequest::parse(p, ALL).unwrap_err().error,
                Error::MissingGrantType
            );
        });
        for (body, e) in [
            ("grant_type=password", Error::UnsupportedGrantType),
            ("grant_type=a&grant_type=b", Error::DuplicateParameter),
            ("grant_type=refresh_token", Error::MissingParameter),
            (
                "grant_type=client_credentials&scope=a&scope=b",
                Error::DuplicateParameter,
            ),
        ] {
            form(body, |p| {
                assert_eq!(TokenRequest::parse(p, ALL).unwrap_err().error, e, "{body}")
            });
        }
        form("grant_type=refresh_token&refresh_token=x", |p| {
            assert_eq!(
                TokenRequest::parse(p, &[GrantType::AuthorizationCode])
                    .unwrap_err()
                    .error,
                Error::UnsupportedGrantType
            );
            assert_eq!(
                TokenRequest::parse(p, ALL).unwrap().grant_type(),
                GrantType::RefreshToken
            );
        });
    }

    #[test]
    fn pkce_parameters_at_most_once() {
        form("code_verifier=a&code_verifier=b&code=c", |p| {
            let r = AccessTokenRequest::new(p).unwrap();
            assert_eq!(
                r.code_verifier().unwrap_err().error,
                Error::DuplicateParameter
            );
        });
        form("response_type=code&client_id=c&code_challenge=x", |p| {
            let r = AuthorizationRequest::new(p).unwrap();
            assert_eq!(r.pkce().unwrap(), (Some("x"), None));
        });
    }

    #[test]
    fn error_text_sets() {
        assert!(is_idpyoidc_description("Code inactive!"));
        assert!(!is_idpyoidc_description("bad_thing."));
        assert!(is_rfc6749_error_text("bad_thing. 'x' = 1"));
        assert!(!is_rfc6749_error_text("a\"b") && !is_rfc6749_error_text("a\\b"));
        assert!(!is_rfc6749_error_text("\u{e9}") && !is_rfc6749_error_text("a\nb"));
    }

    #[test]
    fn authorization_response_checks() {
        form("code=c&client_id=a&iss=https%3A%2F%2Fop", |p| {
            let r = AuthorizationResponse::new(p).unwrap();
            assert_eq!(r.verify(Some("a"), Some("https://op")), Ok(()));
            assert_eq!(r.verify(None, None), Ok(()));
            assert_eq!(
                r.verify(Some("b"), None).unwrap_err().error,
                Error::ClientIdMismatch
            );
            assert_eq!(
                r.verify(None, Some("x")).unwrap_err().error,
                Error::IssuerMismatch
            );
        });
    }
}
