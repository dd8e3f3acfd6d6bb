//! The relying party's OAuth 2.0 / OpenID Connect surface: PKCE (RFC 7636), authorization
//! and token response parsing, error responses, and ID-token verification (OIDC Core
//! §3.1.3.7), all by the core's `oauth` and `oidc` modules.

use std::sync::Arc;

use oxidc::oauth::messages::{
    AuthorizationResponse as O2AuthorizationResponse, TokenErrorResponse,
};
use oxidc::oauth::pkce::{self, Challenge, ChallengeMethod};
use oxidc::oauth::serialize::ErrorResponse as CoreErrorResponse;
use oxidc::oauth::{List, Params};
use oxidc::oidc::id_token::{HashedValues, IdTokenExpectations, verify_id_token};
use oxidc::oidc::messages::{
    AccessTokenResponse, AuthorizationErrorResponse, AuthorizationResponse as OidcAuthResponse,
};
use oxidc::{Leeway, UnixTime};

use crate::error::{MessageError, PkceError, VerifyError};
use crate::keys::KeySet;
use crate::verify::{JwtHeader, header_record, text};

// ---------------------------------------------------------------- PKCE

/// A PKCE `code_challenge_method` (RFC 7636 §4.2; S384/S512 are idpyoidc extensions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum PkceMethod {
    /// `plain`: the challenge is the verifier (only when S256 is impossible).
    Plain,
    /// `S256`: BASE64URL(SHA-256(verifier)).
    S256,
    /// `S384`
    S384,
    /// `S512`
    S512,
}

impl From<PkceMethod> for ChallengeMethod {
    fn from(m: PkceMethod) -> Self {
        match m {
            PkceMethod::Plain => ChallengeMethod::Plain,
            PkceMethod::S256 => ChallengeMethod::S256,
            PkceMethod::S384 => ChallengeMethod::S384,
            PkceMethod::S512 => ChallengeMethod::S512,
        }
    }
}

/// A fresh PKCE pair for one authorization request.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct Pkce {
    /// `code_verifier`: keep it (secretly) until the token request.
    pub verifier: String,
    /// `code_challenge`: send it in the authorization request.
    pub challenge: String,
    /// `code_challenge_method`: send it too.
    pub method: PkceMethod,
}

impl std::fmt::Debug for Pkce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &"[REDACTED]")
            .field("challenge", &self.challenge)
            .field("method", &self.method)
            .finish()
    }
}

/// The wire name of a method (`"S256"`).
#[uniffi::export]
pub fn pkce_method_name(method: PkceMethod) -> String {
    ChallengeMethod::from(method).as_str().to_owned()
}

/// A `code_verifier` from 32 to 96 random bytes supplied by the platform (e.g. Kotlin's
/// `SecureRandom`, Swift's `SecRandomCopyBytes`): their base64url encoding (RFC 7636 §4.1;
/// 32 bytes give the recommended 43 characters).
#[uniffi::export]
pub fn pkce_verifier(random: Vec<u8>) -> Result<String, PkceError> {
    let mut out = [0u8; oxidc::limits::MAX_PKCE_LEN];
    let n = pkce::verifier_from_random(&random, &mut out)?;
    ascii(&out, n).map_err(PkceError::from)
}

/// The `code_challenge` for `verifier` (S256 unless another method is given).
#[uniffi::export(default(method = None))]
pub fn pkce_challenge(verifier: String, method: Option<PkceMethod>) -> Result<String, PkceError> {
    let method = method.unwrap_or(PkceMethod::S256);
    if !pkce::is_valid_syntax(&verifier) {
        return Err(oxidc::Error::PkceVerifierInvalid.into());
    }
    let mut out = [0u8; oxidc::limits::MAX_PKCE_LEN];
    let n = pkce::compute_challenge(&verifier, method.into(), &mut out)?;
    ascii(&out, n).map_err(PkceError::from)
}

/// A verifier from `random` (see `pkce_verifier`) and its S256 challenge.
#[uniffi::export]
pub fn pkce_generate(random: Vec<u8>) -> Result<Pkce, PkceError> {
    let verifier = pkce_verifier(random)?;
    let challenge = pkce_challenge(verifier.clone(), Some(PkceMethod::S256))?;
    Ok(Pkce {
        verifier,
        challenge,
        method: PkceMethod::S256,
    })
}

/// Checks a `code_verifier` against a stored challenge, as an authorization server does
/// (RFC 7636 §4.6, constant-time): absent → `PkceMissingVerifier`, bad syntax →
/// `PkceVerifierInvalid`, different → `PkceMismatch`.
#[uniffi::export]
pub fn pkce_verify(
    verifier: Option<String>,
    challenge: String,
    method: PkceMethod,
) -> Result<(), PkceError> {
    let stored = Challenge {
        challenge: &challenge,
        method: method.into(),
    };
    Ok(pkce::verify(verifier.as_deref(), &stored)?)
}

fn ascii(buf: &[u8], n: usize) -> Result<String, oxidc::Error> {
    let bytes = buf.get(..n).ok_or(oxidc::Error::BufferTooSmall)?;
    String::from_utf8(bytes.to_vec()).map_err(|_| oxidc::Error::InvalidUtf8)
}

// ---------------------------------------------------------------- responses

/// An error response (RFC 6749 §4.1.2.1, §5.2; OIDC Core §3.1.2.6).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ErrorResponse {
    /// `error`: the OAuth error code.
    pub error: String,
    /// `error_description`
    #[uniffi(default = None)]
    pub error_description: Option<String>,
    /// `error_uri`
    #[uniffi(default = None)]
    pub error_uri: Option<String>,
    /// `state` (authorization errors)
    #[uniffi(default = None)]
    pub state: Option<String>,
}

/// A successful authorization (or OIDC authentication) response. `state` must be compared
/// with the value stored for the request (RFC 6749 §10.12): this library does not keep it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AuthorizationResponse {
    /// `code` (always present for the code flow)
    pub code: Option<String>,
    /// `state`
    pub state: Option<String>,
    /// `iss` (RFC 9207)
    pub iss: Option<String>,
    /// `access_token` (implicit / hybrid)
    pub access_token: Option<String>,
    /// `token_type`
    pub token_type: Option<String>,
    /// `expires_in`
    pub expires_in: Option<i64>,
    /// `scope`
    pub scope: Vec<String>,
    /// `id_token`, not yet verified: use an `IdTokenVerifier` (with this response's
    /// `access_token` and `code`, so `at_hash` / `c_hash` are checked).
    pub id_token: Option<String>,
    /// `session_state` (OIDC Session Management)
    pub session_state: Option<String>,
}

/// What an authorization redirect carried: a grant, or an error response.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum AuthorizationResult {
    /// The authorization server granted the request.
    Success {
        /// The response.
        response: AuthorizationResponse,
    },
    /// The authorization server answered with an error response.
    Failure {
        /// The error response.
        error: ErrorResponse,
    },
}

/// A successful token response (RFC 6749 §5.1; OIDC Core §3.1.3.3).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct TokenResponse {
    /// `access_token`
    pub access_token: String,
    /// `token_type` (e.g. `Bearer`)
    pub token_type: String,
    /// `expires_in`
    pub expires_in: Option<i64>,
    /// `refresh_token`
    pub refresh_token: Option<String>,
    /// `scope`
    pub scope: Vec<String>,
    /// `id_token`, shaped like a JWS but not yet verified: use an `IdTokenVerifier`.
    pub id_token: Option<String>,
    /// `state`
    pub state: Option<String>,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"[REDACTED]")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[REDACTED]"),
            )
            .field("scope", &self.scope)
            .field("id_token", &self.id_token.as_ref().map(|_| "[REDACTED]"))
            .field("state", &self.state)
            .finish()
    }
}

/// What a token endpoint answered: tokens, or an error response.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum TokenResult {
    /// Tokens were issued.
    Success {
        /// The response.
        response: TokenResponse,
    },
    /// The token endpoint answered with an error response (RFC 6749 §5.2).
    Failure {
        /// The error response.
        error: ErrorResponse,
    },
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_owned)
}

fn list(l: Option<List<'_>>) -> Vec<String> {
    l.map_or_else(Vec::new, |l| l.iter().map(str::to_owned).collect())
}

/// Runs `f` over parameters decoded from a form (query / fragment) or a JSON body.
fn with_params<T>(
    input: &str,
    json: bool,
    f: impl FnOnce(&Params<'_>) -> Result<T, MessageError>,
) -> Result<T, MessageError> {
    let mut scratch = vec![0u8; input.len()];
    let params = if json {
        Params::parse_json(input.as_bytes(), &mut scratch)?
    } else {
        Params::parse_form(input.as_bytes(), &mut scratch)?
    };
    f(&params)
}

macro_rules! error_record {
    ($view:expr, $state:expr) => {{
        let v = $view;
        v.verify()?;
        ErrorResponse {
            error: owned(v.error()).unwrap_or_default(),
            error_description: owned(v.error_description()),
            error_uri: owned(v.error_uri()),
            state: $state,
        }
    }};
}

fn authorization_error(params: &Params<'_>) -> Result<AuthorizationResult, MessageError> {
    let state = owned(params.get_str("state"));
    let error = error_record!(AuthorizationErrorResponse::new(params)?, state);
    Ok(AuthorizationResult::Failure { error })
}

/// Parses the authorization response of the code flow (RFC 6749 §4.1.2): `response` is the
/// redirect URI's query (without `?`). `code` is required; when given, `client_id` and the
/// expected `issuer` (RFC 9207 §2.4) are compared with those in the response. An `error`
/// parameter makes it an error response (RFC 6749 §4.1.2.1).
#[uniffi::export(default(client_id = None, issuer = None))]
pub fn parse_authorization_response(
    response: String,
    client_id: Option<String>,
    issuer: Option<String>,
) -> Result<AuthorizationResult, MessageError> {
    with_params(&response, false, |params| {
        if params.contains("error") {
            return authorization_error(params);
        }
        let r = O2AuthorizationResponse::new(params)?;
        r.verify(client_id.as_deref(), issuer.as_deref())?;
        Ok(AuthorizationResult::Success {
            response: AuthorizationResponse {
                code: owned(r.code()),
                state: owned(r.state()),
                iss: owned(r.iss()),
                access_token: None,
                token_type: None,
                expires_in: None,
                scope: Vec::new(),
                id_token: None,
                session_state: None,
            },
        })
    })
}

/// Parses an OpenID Connect authentication response (OIDC Core §3.1.2.5, §3.2.2.5,
/// §3.3.2.5: code, implicit or hybrid flow): `response` is the query or fragment (without
/// `?` / `#`). Checks as idpyoidc does: `client_id` / `iss` / `aud` against the expected
/// values when given, and an `id_token` shaped like a JWS. Verify the ID token next.
#[uniffi::export(default(client_id = None, issuer = None))]
pub fn parse_authentication_response(
    response: String,
    client_id: Option<String>,
    issuer: Option<String>,
) -> Result<AuthorizationResult, MessageError> {
    with_params(&response, false, |params| {
        if params.contains("error") {
            return authorization_error(params);
        }
        let r = OidcAuthResponse::new(params)?;
        r.verify(client_id.as_deref(), issuer.as_deref())?;
        Ok(AuthorizationResult::Success {
            response: AuthorizationResponse {
                code: owned(r.code()),
                state: owned(r.state()),
                iss: owned(r.iss()),
                access_token: owned(r.access_token()),
                token_type: owned(r.message().get_str("token_type")),
                expires_in: r.message().get_int("expires_in"),
                scope: list(r.scope()),
                id_token: owned(r.id_token()),
                session_state: owned(r.session_state()),
            },
        })
    })
}

/// Parses a token endpoint's JSON body (RFC 6749 §5.1 with OIDC's `id_token`, §5.2 for
/// errors). An `error` member makes it an error response, whose code must be one of
/// RFC 6749 §5.2's (idpyoidc's `TokenErrorResponse`).
#[uniffi::export]
pub fn parse_token_response(json: String) -> Result<TokenResult, MessageError> {
    with_params(&json, true, |params| {
        if params.contains("error") {
            let error = error_record!(TokenErrorResponse::new(params)?, None);
            return Ok(TokenResult::Failure { error });
        }
        let r = AccessTokenResponse::new(params)?;
        r.verify()?;
        Ok(TokenResult::Success {
            response: TokenResponse {
                access_token: owned(r.access_token()).unwrap_or_default(),
                token_type: owned(r.token_type()).unwrap_or_default(),
                expires_in: r.expires_in(),
                refresh_token: owned(r.refresh_token()),
                scope: list(r.scope()),
                id_token: owned(r.id_token()),
                state: owned(r.message().get_str("state")),
            },
        })
    })
}

/// The error response a server answers for a core error kind (its stable name, the start of
/// every exception message): the OAuth code (`invalid_request` when the kind has none) and
/// idpyoidc's fixed description, if any. Unknown names give `invalid_request`.
///
/// With `param` (the parameter a `MessageError` names, `` (parameter `x`) `` in its message)
/// it is the core's answer to that rejection: its own code (a failed request object is
/// `invalid_request_object`, a failed `id_token_hint` `invalid_request`, OIDC Core §6.3) and
/// idpyoidc's description (`Missing required attribute 'x'`).
#[uniffi::export(default(param = None))]
pub fn error_response_for(kind: String, param: Option<String>) -> ErrorResponse {
    let Some(error) = oxidc::Error::from_name(&kind) else {
        return error_record(CoreErrorResponse::new("invalid_request", None));
    };
    let Some(param) = param else {
        return error_record(CoreErrorResponse::from_error(error));
    };
    let r = oxidc::oauth::Rejection::param(error, &param);
    let mut description = vec![0u8; 64 + param.len() + error.message().len()];
    let description = r
        .write_description(&mut description)
        .ok()
        .and_then(|n| description.get(..n))
        .and_then(|d| std::str::from_utf8(d).ok());
    error_record(CoreErrorResponse::new(
        r.error_code().unwrap_or("invalid_request"),
        description,
    ))
}

fn error_record(r: CoreErrorResponse<'_>) -> ErrorResponse {
    ErrorResponse {
        error: r.error.to_owned(),
        error_description: owned(r.error_description),
        error_uri: owned(r.error_uri),
        state: owned(r.state),
    }
}

/// Writes an error response as its JSON body (Python `json.dumps` separators). Codes and
/// descriptions outside RFC 6749's character set are refused (`InvalidErrorCode`,
/// `InvalidErrorDescription`).
#[uniffi::export]
pub fn error_response_json(response: ErrorResponse) -> Result<String, MessageError> {
    let r = CoreErrorResponse {
        error: &response.error,
        error_description: response.error_description.as_deref(),
        error_uri: response.error_uri.as_deref(),
        state: response.state.as_deref(),
    };
    let cap = 64
        + 6 * (response.error.len()
            + response.error_description.as_ref().map_or(0, String::len)
            + response.error_uri.as_ref().map_or(0, String::len)
            + response.state.as_ref().map_or(0, String::len));
    let mut out = vec![0u8; cap];
    let n = r.write_json(&mut out)?;
    out.truncate(n);
    String::from_utf8(out).map_err(|_| oxidc::Error::InvalidUtf8.into())
}

// ---------------------------------------------------------------- ID tokens

/// The claims of a verified ID token (OIDC Core §2). The five required claims are present
/// by then; the rest are as the OP sent them.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct IdTokenClaims {
    /// `iss`
    pub iss: String,
    /// `sub`
    pub sub: String,
    /// `aud`
    pub aud: Vec<String>,
    /// `exp`
    pub exp: i64,
    /// `iat`
    pub iat: i64,
    /// `auth_time`
    pub auth_time: Option<i64>,
    /// `nonce`
    pub nonce: Option<String>,
    /// `acr`
    pub acr: Option<String>,
    /// `amr`
    pub amr: Vec<String>,
    /// `azp`
    pub azp: Option<String>,
    /// `at_hash`
    pub at_hash: Option<String>,
    /// `c_hash`
    pub c_hash: Option<String>,
    /// `sid` (OIDC Front-/Back-Channel Logout)
    pub sid: Option<String>,
    /// The whole claims set as JSON text, for any other claim (e.g. `email`).
    pub json: String,
}

/// A verified ID token.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct IdToken {
    /// The header.
    pub header: JwtHeader,
    /// The claims.
    pub claims: IdTokenClaims,
}

/// Verifies ID tokens for one relying party (the core's `oidc::id_token::verify_id_token`,
/// idpyoidc's rules): the signature (the OP's key set, or the client secret for HS*), `iss`,
/// `aud` / `azp`, `exp`, `iat` not in the future nor older than the nonce storage time,
/// `exp >= iat`, the nonce sent, `auth_time` for a `max_age` sent, and `at_hash` / `c_hash`
/// for the access token and code returned with it.
#[derive(Debug, uniffi::Object)]
pub struct IdTokenVerifier {
    issuer: String,
    client_id: String,
    leeway: Leeway,
    nonce_storage_secs: i64,
}

#[uniffi::export]
impl IdTokenVerifier {
    /// A verifier for tokens from `issuer` to `client_id`. `leeway_secs`: clock skew
    /// (idpyoidc's default 0); `nonce_storage_secs`: the oldest acceptable `iat` (idpyoidc's
    /// default 4 hours).
    #[uniffi::constructor(default(leeway_secs = 0, nonce_storage_secs = 14400))]
    pub fn new(
        issuer: String,
        client_id: String,
        leeway_secs: u32,
        nonce_storage_secs: i64,
    ) -> Arc<Self> {
        Arc::new(IdTokenVerifier {
            issuer,
            client_id,
            leeway: Leeway(leeway_secs),
            nonce_storage_secs,
        })
    }

    /// Verifies `id_token` at `now` (seconds since the epoch). `nonce`: the one sent in the
    /// authentication request (then required in the token); `max_age_secs`: the `max_age`
    /// sent; `access_token` / `code`: those returned with the ID token in an authentication
    /// response (then `at_hash` / `c_hash` are required and checked).
    #[uniffi::method(default(nonce = None, max_age_secs = None, access_token = None, code = None))]
    #[allow(clippy::too_many_arguments)]
    pub fn verify(
        &self,
        id_token: String,
        keys: Arc<KeySet>,
        now: i64,
        nonce: Option<String>,
        max_age_secs: Option<i64>,
        access_token: Option<String>,
        code: Option<String>,
    ) -> Result<IdToken, VerifyError> {
        let expected = IdTokenExpectations {
            issuer: Some(&self.issuer),
            client_id: Some(&self.client_id),
            nonce: nonce.as_deref(),
            max_age: max_age_secs,
            leeway: self.leeway,
            nonce_storage_time: self.nonce_storage_secs,
        };
        let hashed = HashedValues {
            access_token: access_token.as_deref(),
            code: code.as_deref(),
        };
        let mut buf = vec![0u8; id_token.len()];
        let t = verify_id_token(
            &id_token,
            &*keys.inner,
            &expected,
            hashed,
            UnixTime(now),
            &mut buf,
        )?;
        Ok(IdToken {
            header: header_record(t.header()),
            claims: id_claims(t.claims())?,
        })
    }
}

fn id_claims(c: &oxidc::Claims<'_>) -> Result<IdTokenClaims, oxidc::Error> {
    use oxidc::Error::{InvalidClaim, MissingClaim};
    let string = |v: &oxidc::json::Value<'_>| v.as_json_str().map(text).ok_or(InvalidClaim);
    let mut out = IdTokenClaims {
        iss: c.iss().map(text).ok_or(MissingClaim)?,
        sub: c.sub().map(text).ok_or(MissingClaim)?,
        aud: c
            .aud()
            .map(|a| a.iter().map(text).collect())
            .ok_or(MissingClaim)?,
        exp: c.exp().ok_or(MissingClaim)?,
        iat: c.iat().ok_or(MissingClaim)?,
        auth_time: None,
        nonce: None,
        acr: None,
        amr: Vec::new(),
        azp: None,
        at_hash: None,
        c_hash: None,
        sid: None,
        json: String::from_utf8_lossy(c.raw()).into_owned(),
    };
    // One pass over the claims (names are unique: the core rejects duplicates).
    let mut it = c.object().members();
    while let Some(m) = it.next_member()? {
        let name = member_name(&m.name);
        match &*name {
            "auth_time" => out.auth_time = Some(m.value.as_i64().ok_or(InvalidClaim)?),
            "nonce" => out.nonce = Some(string(&m.value)?),
            "acr" => out.acr = Some(string(&m.value)?),
            "azp" => out.azp = Some(string(&m.value)?),
            "at_hash" => out.at_hash = Some(string(&m.value)?),
            "c_hash" => out.c_hash = Some(string(&m.value)?),
            "sid" => out.sid = Some(string(&m.value)?),
            "amr" => {
                let a = m.value.as_array().ok_or(InvalidClaim)?;
                let mut items = a.iter();
                while let Some(x) = items.next_value()? {
                    out.amr.push(string(&x)?);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// A member name, borrowed unless it has JSON escapes.
pub(crate) fn member_name<'a>(n: &oxidc::json::JsonStr<'a>) -> std::borrow::Cow<'a, str> {
    match n.as_str() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(text(*n)),
    }
}
