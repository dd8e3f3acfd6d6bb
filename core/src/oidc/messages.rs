//! The OpenID Connect message classes of idpyoidc's `message.oidc`, as typed views.
//!
//! ID tokens inside responses are only checked for their shape by `verify`; verify their
//! signatures and claims with `verify_id_token` ([`crate::oidc::id_token`]). Request objects
//! and `id_token_hint` in authentication requests are verified with the host's keys by
//! [`AuthorizationRequest::verify_with_request_object`] and
//! [`AuthorizationRequest::verify_id_token_hint`] ([`crate::oidc::request_object`]).

use crate::Error;
use crate::b64;
use crate::crypto::Provider;
use crate::jose::KeySet;
use crate::json;
use crate::jwt::VerifiedToken;
use crate::limits::MAX_HEADER_LEN;
use crate::oauth::message::{Kind, Message, MessageSpec, ParamSpec, ParamValue, Rejection};
use crate::oauth::messages::{
    AUTHORIZATION_ERRORS, base_verify, error_response, is_idpyoidc_description, list_accessors,
    str_accessors, verify_client_and_issuer, view,
};
use crate::oauth::params::{List, Params, RawValue};
use crate::oidc::id_token::{self, HashedValues, IdTokenExpectations};
use crate::time::UnixTime;

use Kind::*;

const fn opt(name: &'static str, kind: Kind) -> ParamSpec {
    ParamSpec::new(name, kind)
}

const fn req(name: &'static str, kind: Kind) -> ParamSpec {
    ParamSpec::required(name, kind)
}

fn verify_description<'a>(m: &Message<'a>) -> Result<(), Rejection<'a>> {
    match m.get_str("error_description") {
        Some(d) if !is_idpyoidc_description(d) => Err(Rejection::param(
            Error::InvalidErrorDescription,
            "error_description",
        )),
        _ => Ok(()),
    }
}

/// Whether `token` has the shape of a compact JWS (RFC 7515 §7.1): three dot-separated
/// base64url parts whose first decodes to a JSON object with `alg` (cryptojwt's
/// `jws_factory`). Says nothing about the signature.
pub fn is_compact_jws(token: &str) -> bool {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let mut buf = [0u8; MAX_HEADER_LEN];
    let Ok(header) = b64::decode(h.as_bytes(), &mut buf) else {
        return false;
    };
    let Ok(obj) = json::Object::parse(header) else {
        return false;
    };
    obj.get("alg").is_some()
        && b64::validate(p.as_bytes()).is_ok()
        && b64::validate(s.as_bytes()).is_ok()
}

/// `id_token`, when present, must look like a compact JWS (idpyoidc: "id_token not a
/// signed JWT"; reported as [`Error::MalformedToken`]).
fn verify_id_token_shape<'a>(m: &Message<'a>) -> Result<(), Rejection<'a>> {
    match m.get("id_token") {
        Some(ParamValue::Str(t)) if !is_compact_jws(t) => {
            Err(Rejection::param(Error::MalformedToken, "id_token"))
        }
        _ => Ok(()),
    }
}

view! {
    /// OpenID Connect authentication request (OIDC Core §3.1.2.1; idpyoidc
    /// `oidc.AuthorizationRequest`). PKCE parameters are undeclared (read them with
    /// [`AuthorizationRequest::pkce`]).
    AuthorizationRequest = MessageSpec {
        name: "oidc.AuthorizationRequest",
        params: &[
            req("response_type", SpList),
            req("client_id", Str),
            req("scope", SpList),
            req("redirect_uri", Str),
            opt("state", Str),
            opt("request", Str),
            opt("resource", List),
            opt("nonce", Str),
            opt("display", Str).allowed(&["page", "popup", "touch", "wap"]),
            opt("prompt", SpList).allowed(&["none", "login", "consent", "select_account"]),
            opt("max_age", Int),
            opt("ui_locales", SpList),
            opt("claims_locales", SpList),
            opt("id_token_hint", Str),
            opt("login_hint", Str),
            opt("acr_values", SpList),
            opt("claims", Object),
            opt("registration", Object),
            opt("request_uri", Str),
            opt("response_mode", Str),
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
    /// `nonce`
    nonce,
    /// `display`
    display,
    /// `id_token_hint` (unverified)
    id_token_hint,
    /// `login_hint`
    login_hint,
    /// `request` (an unverified request object)
    request,
    /// `request_uri`
    request_uri,
    /// `response_mode`
    response_mode,
});
list_accessors!(AuthorizationRequest {
    /// `response_type`
    response_type,
    /// `scope`
    scope,
    /// `prompt`
    prompt,
    /// `ui_locales`
    ui_locales,
    /// `claims_locales`
    claims_locales,
    /// `acr_values`
    acr_values,
    /// `resource` (RFC 8707)
    resource,
});

impl<'a> AuthorizationRequest<'a> {
    /// `max_age`
    pub fn max_age(&self) -> Option<i64> {
        self.0.get_int("max_age")
    }

    /// `claims` (OIDC Core §5.5)
    pub fn claims(&self) -> Option<json::Object<'a>> {
        self.0.get("claims").and_then(|v| v.as_object())
    }

    /// The PKCE parameters (`code_challenge`, `code_challenge_method`), each at most once.
    pub fn pkce(&self) -> Result<(Option<&'a str>, Option<&'a str>), Rejection<'a>> {
        Ok((
            self.0.single_extra("code_challenge")?,
            self.0.single_extra("code_challenge_method")?,
        ))
    }

    /// idpyoidc's `oidc.AuthorizationRequest.verify`, in its order: base rules; with
    /// `id_token` in `response_type`, `nonce` present ([`Error::NonceMissing`]) and, when
    /// `expected_nonce` is given, equal ([`Error::NonceMismatch`]); `openid` in `scope`
    /// ([`Error::MissingOpenidScope`]); `offline_access` requires `prompt=consent`
    /// ([`Error::ConsentRequiredForOfflineAccess`]); `prompt=none` alone
    /// ([`Error::PromptNoneWithOther`]).
    ///
    /// These rules only: a `request` object is verified and merged by
    /// [`AuthorizationRequest::verify_with_request_object`] (which runs these rules on the
    /// merged request), an `id_token_hint` by [`AuthorizationRequest::verify_id_token_hint`].
    pub fn verify(&self, expected_nonce: Option<&str>) -> Result<(), Rejection<'a>> {
        self.0.verify_base()?;
        let m = &self.0;
        if m.get_list("response_type")
            .is_some_and(|l| l.contains("id_token"))
        {
            match m.get("nonce") {
                None => return Err(Rejection::param(Error::NonceMissing, "nonce")),
                Some(n) => {
                    if expected_nonce.is_some_and(|e| n.as_str() != Some(e)) {
                        return Err(Rejection::param(Error::NonceMismatch, "nonce"));
                    }
                }
            }
        }
        let scope = m.get_list("scope");
        if !scope.is_some_and(|s| s.contains("openid")) {
            return Err(Rejection::param(Error::MissingOpenidScope, "scope"));
        }
        let prompt = m.get_list("prompt");
        if scope.is_some_and(|s| s.contains("offline_access"))
            && !prompt.is_some_and(|p| p.contains("consent"))
        {
            return Err(Rejection::param(
                Error::ConsentRequiredForOfflineAccess,
                "prompt",
            ));
        }
        if prompt.is_some_and(|p| p.contains("none") && p.len() > 1) {
            return Err(Rejection::param(Error::PromptNoneWithOther, "prompt"));
        }
        Ok(())
    }
}

view! {
    /// Access token request, authorization code grant, OIDC flavour (idpyoidc
    /// `oidc.AccessTokenRequest`): adds `client_assertion_type` (allowed: the RFC 7523
    /// JWT bearer type) and `client_assertion`.
    AccessTokenRequest = MessageSpec {
        name: "oidc.AccessTokenRequest",
        params: &[
            req("grant_type", Str).default("authorization_code"),
            req("code", Str),
            req("redirect_uri", Str),
            opt("client_id", Str),
            opt("client_secret", Str),
            opt("state", Str),
            opt("client_assertion_type", Str).allowed(&[
                crate::oauth::client_authn::JWT_BEARER_ASSERTION_TYPE,
            ]),
            opt("client_assertion", Str),
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
    /// `client_assertion_type`
    client_assertion_type,
    /// `client_assertion`
    client_assertion,
});
base_verify!(AccessTokenRequest);

impl<'a> AccessTokenRequest<'a> {
    /// `code_verifier` (PKCE), at most once.
    pub fn code_verifier(&self) -> Result<Option<&'a str>, Rejection<'a>> {
        self.0.single_extra("code_verifier")
    }
}

view! {
    /// Access token response, OIDC flavour (OIDC Core §3.1.3.3; idpyoidc
    /// `oidc.AccessTokenResponse`): adds `id_token`.
    AccessTokenResponse = MessageSpec {
        name: "oidc.AccessTokenResponse",
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
            opt("id_token", Str),
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
    /// `id_token` (unverified)
    id_token,
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

    /// idpyoidc's verify minus the ID token's signature and claims (verify those with the
    /// JWT layer and [`crate::oidc::id_token::check_claims`]): base rules, the
    /// `error_description` charset, and an `id_token` shaped like a JWS
    /// ([`Error::MalformedToken`]).
    pub fn verify(&self) -> Result<(), Rejection<'a>> {
        self.0.verify_base()?;
        verify_description(&self.0)?;
        verify_id_token_shape(&self.0)
    }

    /// After [`AccessTokenResponse::verify`]: verifies the `id_token`, if any, with
    /// [`id_token::verify_id_token`] (no hash checks, as idpyoidc).
    pub fn verify_id_token<'b, P: Provider, const N: usize>(
        &self,
        keys: &KeySet<P, N>,
        expected: &IdTokenExpectations<'_>,
        now: UnixTime,
        buf: &'b mut [u8],
    ) -> Result<Option<VerifiedToken<'b>>, Error> {
        let Some(t) = self.id_token() else {
            return Ok(None);
        };
        id_token::verify_id_token(t, keys, expected, HashedValues::default(), now, buf).map(Some)
    }
}

view! {
    /// Authentication response (OIDC Core §3.1.2.5, §3.3.2.5; idpyoidc
    /// `oidc.AuthorizationResponse`): the OAuth2 authorization and token responses
    /// combined, `code` optional, plus `id_token` and `session_state`.
    AuthorizationResponse = MessageSpec {
        name: "oidc.AuthorizationResponse",
        params: &[
            opt("error", Str),
            opt("error_description", Str),
            opt("error_uri", Str),
            opt("code", Str),
            opt("state", Str),
            opt("iss", Str),
            opt("client_id", Str),
            opt("access_token", Str),
            opt("token_type", Str),
            opt("expires_in", Int),
            opt("refresh_token", Str),
            opt("scope", SpList),
            opt("id_token", Str),
            opt("session_state", Str),
        ],
    };
}
str_accessors!(AuthorizationResponse {
    /// `code`
    code,
    /// `state`
    state,
    /// `iss`
    iss,
    /// `access_token`
    access_token,
    /// `id_token` (unverified)
    id_token,
    /// `session_state`
    session_state,
});

fn aud_contains(params: &Params<'_>, client_id: &str) -> bool {
    params.get_all("aud").any(|v| match v {
        RawValue::Text(t) => t == client_id,
        RawValue::StrList(l) => l.contains(client_id),
        RawValue::Json(_) => false,
    })
}

impl<'a> AuthorizationResponse<'a> {
    /// idpyoidc's verify minus the ID token's signature and claims: base rules,
    /// `error_description` charset, expected `client_id` / issuer, an `aud` parameter (if
    /// any) containing the client ([`Error::AudienceMismatch`]), and an `id_token` shaped
    /// like a JWS. Then verify the ID token with the JWT layer,
    /// [`crate::oidc::id_token::check_claims`], `check_at_hash` and `check_c_hash`.
    pub fn verify(
        &self,
        client_id: Option<&str>,
        issuer: Option<&str>,
    ) -> Result<(), Rejection<'a>> {
        self.0.verify_base()?;
        verify_description(&self.0)?;
        verify_client_and_issuer(&self.0, client_id, issuer)?;
        if let Some(c) = client_id
            && self.0.params().contains("aud")
            && !aud_contains(self.0.params(), c)
        {
            return Err(Rejection::param(Error::AudienceMismatch, "aud"));
        }
        verify_id_token_shape(&self.0)
    }

    /// `scope`
    pub fn scope(&self) -> Option<List<'a>> {
        self.0.get_list("scope")
    }

    /// After [`AuthorizationResponse::verify`]: verifies the `id_token`, if any, with
    /// [`id_token::verify_id_token`], `at_hash` and `c_hash` required for the `access_token`
    /// and `code` of this response (idpyoidc's `check_hash=True`).
    pub fn verify_id_token<'b, P: Provider, const N: usize>(
        &self,
        keys: &KeySet<P, N>,
        expected: &IdTokenExpectations<'_>,
        now: UnixTime,
        buf: &'b mut [u8],
    ) -> Result<Option<VerifiedToken<'b>>, Error> {
        let Some(t) = self.id_token() else {
            return Ok(None);
        };
        let hashed = HashedValues {
            access_token: self.access_token(),
            code: self.code(),
        };
        id_token::verify_id_token(t, keys, expected, hashed, now, buf).map(Some)
    }
}

/// The `error` codes of an OIDC authentication error response (RFC 6749 §4.1.2.1 plus
/// OIDC Core §3.1.2.6).
pub const OIDC_AUTHORIZATION_ERRORS: &[&str] = &[
    "invalid_request",
    "unauthorized_client",
    "access_denied",
    "unsupported_response_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
    "interaction_required",
    "login_required",
    "session_selection_required",
    "consent_required",
    "invalid_request_uri",
    "invalid_request_object",
    "registration_not_supported",
    "request_not_supported",
    "request_uri_not_supported",
];

const _: () = assert!(AUTHORIZATION_ERRORS.len() == 7);

error_response!(
    /// Authentication error response (OIDC Core §3.1.2.6; idpyoidc
    /// `oidc.AuthorizationErrorResponse`).
    AuthorizationErrorResponse, "oidc.AuthorizationErrorResponse",
    [opt("state", Str)], OIDC_AUTHORIZATION_ERRORS
);

error_response!(
    /// UserInfo error response (idpyoidc `UserInfoErrorResponse`).
    UserInfoErrorResponse, "oidc.UserInfoErrorResponse", [],
    &["invalid_schema", "invalid_request", "invalid_token", "insufficient_scope"]
);

error_response!(
    /// Registration error response (RFC 7591 §3.2.2; idpyoidc
    /// `ClientRegistrationErrorResponse`).
    ClientRegistrationErrorResponse, "oidc.ClientRegistrationErrorResponse", [],
    &["invalid_redirect_uri", "invalid_client_metadata", "invalid_configuration_parameter"]
);

#[cfg(test)]
mod tests {
    use super::*;

    fn with<R>(body: &str, f: impl FnOnce(&Params<'_>) -> R) -> R {
        let mut s = vec![0u8; body.len()];
        let p = if body.starts_with('{') {
            Params::parse_json(body.as_bytes(), &mut s).unwrap()
        } else {
            Params::parse_form(body.as_bytes(), &mut s).unwrap()
        };
        f(&p)
    }

    const BASE: &str = "response_type=code&client_id=c&redirect_uri=https%3A%2F%2Frp%2Fcb";

    #[test]
    fn authentication_request_rules() {
        for (extra, want) in [
            ("&scope=openid", Ok(())),
            ("&scope=openid+offline_access&prompt=consent", Ok(())),
            ("&scope=openid&prompt=none", Ok(())),
            ("&scope=email", Err(Error::MissingOpenidScope)),
            (
                "&scope=openid+offline_access",
                Err(Error::ConsentRequiredForOfflineAccess),
            ),
            (
                "&scope=openid&prompt=none+login",
                Err(Error::PromptNoneWithOther),
            ),
            (
                "&scope=openid&prompt=foo",
                Err(Error::ParameterNotAllowedValue),
            ),
            (
                "&scope=openid&display=big",
                Err(Error::ParameterNotAllowedValue),
            ),
            (
                "&scope=openid&response_type=id_token",
                Err(Error::DuplicateParameter),
            ),
        ] {
            let body = format!("{BASE}{extra}");
            with(&body, |p| {
                let r = AuthorizationRequest::new(p).and_then(|r| r.verify(None));
                assert_eq!(r.map_err(|e| e.error), want, "{body}");
            });
        }
        let implicit = "response_type=id_token+token&client_id=c&redirect_uri=x&scope=openid";
        with(implicit, |p| {
            let r = AuthorizationRequest::new(p).unwrap();
            assert_eq!(r.verify(None).unwrap_err().error, Error::NonceMissing);
        });
        let with_nonce = format!("{implicit}&nonce=n1&max_age=10");
        with(&with_nonce, |p| {
            let r = AuthorizationRequest::new(p).unwrap();
            assert_eq!(r.verify(Some("n1")), Ok(()));
            assert_eq!(
                r.verify(Some("n2")).unwrap_err().error,
                Error::NonceMismatch
            );
            assert_eq!(r.max_age(), Some(10));
            assert_eq!(r.nonce(), Some("n1"));
        });
    }

    #[test]
    fn jws_shape() {
        assert!(is_compact_jws("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
        assert!(!is_compact_jws("a.b.c"));
        assert!(!is_compact_jws("eyJhbGciOiJSUzI1NiJ9.e30"));
        assert!(!is_compact_jws("eyJhbGciOiJSUzI1NiJ9.e30.c2ln.x"));
        assert!(!is_compact_jws("e30.e30.c2ln")); // no alg
        assert!(!is_compact_jws("eyJhbGciOiJSUzI1NiJ9.e3=.c2ln"));
    }

    #[test]
    fn responses() {
        with(
            r#"{"access_token": "a", "token_type": "Bearer", "id_token": "a.b.c"}"#,
            |p| {
                let r = AccessTokenResponse::new(p).unwrap();
                assert_eq!(r.verify().unwrap_err().error, Error::MalformedToken);
            },
        );
        with("code=x&aud=c1", |p| {
            let r = AuthorizationResponse::new(p).unwrap();
            assert_eq!(r.verify(Some("c1"), None), Ok(()));
            assert_eq!(
                r.verify(Some("c2"), None).unwrap_err().error,
                Error::AudienceMismatch
            );
        });
        with(r#"{"error": "login_required"}"#, |p| {
            assert_eq!(AuthorizationErrorResponse::new(p).unwrap().verify(), Ok(()));
            let r = crate::oauth::messages::AuthorizationErrorResponse::new(p).unwrap();
            assert_eq!(
                r.verify().unwrap_err().error,
                Error::ParameterNotAllowedValue
            );
        });
    }
}
