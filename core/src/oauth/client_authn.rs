//! Client authentication (RFC 6749 §2.3, RFC 7523 §2.2, RFC 6750 §2) with idpyoidc's
//! dispatcher semantics.
//!
//! The pieces are usable alone — [`parse_basic`], [`parse_bearer`], [`ClientSecret::verify`],
//! [`check_assertion_type`], [`check_assertion_claims`] — or through [`authenticate`], which
//! tries the endpoint's methods in order as idpyoidc's `verify_client` does: a method that
//! is not usable for the request is skipped, one that fails is skipped too, the first
//! success wins; an expired client secret stops the search.
//!
//! Secrets are compared in constant time and never printed by `Debug`.

use core::fmt;

use subtle::ConstantTimeEq;

use crate::Error;
use crate::b64;
use crate::crypto::Provider;
use crate::jose::{AlgSet, KeySet};
use crate::json::{ArrayIter, JsonStr};
use crate::jwt::{Audience, Required, UntrustedToken, Validator, VerifiedToken};
use crate::limits::MAX_AUTHORIZATION_LEN;
use crate::oauth::ClaimText;
use crate::oauth::params::{Params, form_decode_in_place};
use crate::time::{Leeway, UnixTime};

/// A client authentication method (idpyoidc's names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMethod {
    /// `client_secret_basic` (RFC 6749 §2.3.1, HTTP Basic)
    ClientSecretBasic,
    /// `client_secret_post` (RFC 6749 §2.3.1, body parameters)
    ClientSecretPost,
    /// `client_secret_jwt` (OIDC Core §9, RFC 7523 with an HMAC key)
    ClientSecretJwt,
    /// `private_key_jwt` (OIDC Core §9, RFC 7523 with the client's public key)
    PrivateKeyJwt,
    /// `bearer_header` (RFC 6750 §2.1)
    BearerHeader,
    /// `bearer_body` (RFC 6750 §2.2)
    BearerBody,
    /// `none`: a public client; the `client_id` parameter, if any, names it
    None,
    /// `public`: usable when `client_id` is present
    Public,
}

impl AuthMethod {
    /// The name as idpyoidc and RFC 7591 §2 spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuthMethod::ClientSecretBasic => "client_secret_basic",
            AuthMethod::ClientSecretPost => "client_secret_post",
            AuthMethod::ClientSecretJwt => "client_secret_jwt",
            AuthMethod::PrivateKeyJwt => "private_key_jwt",
            AuthMethod::BearerHeader => "bearer_header",
            AuthMethod::BearerBody => "bearer_body",
            AuthMethod::None => "none",
            AuthMethod::Public => "public",
        }
    }

    /// From the name.
    pub fn from_name(s: &str) -> Option<Self> {
        [
            AuthMethod::ClientSecretBasic,
            AuthMethod::ClientSecretPost,
            AuthMethod::ClientSecretJwt,
            AuthMethod::PrivateKeyJwt,
            AuthMethod::BearerHeader,
            AuthMethod::BearerBody,
            AuthMethod::None,
            AuthMethod::Public,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
    }

    /// Whether a successful authentication with this method marks the request
    /// authenticated (idpyoidc: every method except `none` and `public`).
    pub const fn authenticates(self) -> bool {
        !matches!(self, AuthMethod::None | AuthMethod::Public)
    }
}

/// The token endpoint's default methods in idpyoidc (OIDC and OAuth2 servers alike).
pub const TOKEN_ENDPOINT_METHODS: &[AuthMethod] = &[
    AuthMethod::ClientSecretPost,
    AuthMethod::ClientSecretBasic,
    AuthMethod::ClientSecretJwt,
    AuthMethod::PrivateKeyJwt,
];

/// A client secret as presented by the client. `Debug` is redacted; compare it with
/// [`ClientSecret::verify`], which is constant-time.
pub struct ClientSecret<'a>(&'a str);

impl fmt::Debug for ClientSecret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

impl<'a> ClientSecret<'a> {
    /// Wraps presented secret text.
    pub const fn new(s: &'a str) -> Self {
        ClientSecret(s)
    }

    /// Compares with the registered secret in constant time (for equal lengths; the length
    /// of a generated secret is not a secret): [`Error::ClientSecretMismatch`] when they
    /// differ.
    pub fn verify(&self, registered: &[u8]) -> Result<(), Error> {
        if bool::from(self.0.as_bytes().ct_eq(registered)) {
            Ok(())
        } else {
            Err(Error::ClientSecretMismatch)
        }
    }

    /// The secret text (e.g. to key a `client_secret_jwt` HMAC).
    pub fn expose(&self) -> &'a str {
        self.0
    }
}

/// How the id and secret inside HTTP Basic credentials are decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum BasicDecoding {
    /// RFC 6749 §2.3.1: both are `application/x-www-form-urlencoded` before base64
    /// (`%21` is `!`, `+` is a space). The default.
    #[default]
    Rfc6749,
    /// idpyoidc 5.0.0: taken as they are (its own client does not encode either).
    Raw,
}

/// Client id and secret from an `Authorization: Basic` header or from body parameters.
#[derive(Debug)]
pub struct Credentials<'a> {
    /// The client id.
    pub client_id: &'a str,
    /// The presented secret.
    pub secret: ClientSecret<'a>,
}

/// Splits `Authorization` into scheme and credentials: the scheme is compared
/// case-insensitively (RFC 7235 §2.1; idpyoidc wants exactly `Basic ` / `Bearer `) and one
/// or more spaces separate it from the credentials.
fn scheme<'a>(authorization: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let (s, rest) = authorization.split_at_checked(name.len())?;
    if !s.eq_ignore_ascii_case(name.as_bytes()) || rest.first() != Some(&b' ') {
        return None;
    }
    let start = rest.iter().position(|&b| b != b' ')?;
    rest.get(start..)
}

/// Whether `authorization` uses the `Basic` scheme.
pub fn is_basic(authorization: &[u8]) -> bool {
    scheme(authorization, "Basic").is_some()
}

/// Whether `authorization` uses the `Bearer` scheme.
pub fn is_bearer(authorization: &[u8]) -> bool {
    scheme(authorization, "Bearer").is_some()
}

/// Parses `Authorization: Basic <base64(id ":" secret)>` (RFC 7617 §2, RFC 6749 §2.3.1)
/// into `scratch` (at least 3/4 of the header's length).
///
/// Errors: [`Error::UnsupportedAuthScheme`] (not `Basic`), [`Error::MalformedBasicCredentials`]
/// (not strict padded base64 — idpyoidc silently skips non-alphabet characters —, not UTF-8,
/// no `:`, bad form-url-encoding), [`Error::ParameterTooLong`], [`Error::BufferTooSmall`].
pub fn parse_basic<'a>(
    authorization: &[u8],
    decoding: BasicDecoding,
    scratch: &'a mut [u8],
) -> Result<Credentials<'a>, Error> {
    if authorization.len() > MAX_AUTHORIZATION_LEN {
        return Err(Error::ParameterTooLong);
    }
    let b64text = scheme(authorization, "Basic").ok_or(Error::UnsupportedAuthScheme)?;
    let need = b64text.len() / 4 * 3;
    if scratch.len() < need {
        return Err(Error::BufferTooSmall);
    }
    let n = b64::decode_standard(b64text, scratch)
        .map_err(|e| match e {
            Error::BufferTooSmall => e,
            _ => Error::MalformedBasicCredentials,
        })?
        .len();
    let decoded = scratch.get_mut(..n).ok_or(Error::BufferTooSmall)?;
    let colon = decoded
        .iter()
        .position(|&b| b == b':')
        .ok_or(Error::MalformedBasicCredentials)?;
    let (id, secret) = decoded.split_at_mut(colon);
    let secret = secret.get_mut(1..).unwrap_or_default();
    let (id, secret): (&'a [u8], &'a [u8]) = match decoding {
        BasicDecoding::Raw => (id, secret),
        BasicDecoding::Rfc6749 => {
            let bad = |_| Error::MalformedBasicCredentials;
            let ni = form_decode_in_place(id).map_err(bad)?;
            let ns = form_decode_in_place(secret).map_err(bad)?;
            let id: &'a [u8] = id;
            let secret: &'a [u8] = secret;
            (
                id.get(..ni).unwrap_or_default(),
                secret.get(..ns).unwrap_or_default(),
            )
        }
    };
    let utf8 = |b: &'a [u8]| core::str::from_utf8(b).map_err(|_| Error::MalformedBasicCredentials);
    Ok(Credentials {
        client_id: utf8(id)?,
        secret: ClientSecret(utf8(secret)?),
    })
}

/// Parses `Authorization: Bearer <token>` (RFC 6750 §2.1): the token must be non-empty
/// `b64token` syntax (`[A-Za-z0-9-._~+/]+` then `=`*); idpyoidc takes whatever follows the
/// first space.
pub fn parse_bearer(authorization: &[u8]) -> Result<&str, Error> {
    if authorization.len() > MAX_AUTHORIZATION_LEN {
        return Err(Error::ParameterTooLong);
    }
    let token = scheme(authorization, "Bearer").ok_or(Error::UnsupportedAuthScheme)?;
    let body_end = token.iter().position(|&b| b == b'=').unwrap_or(token.len());
    let (body, pad) = token.split_at(body_end);
    let ok = !body.is_empty()
        && body.iter().all(|&b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        })
        && pad.iter().all(|&b| b == b'=');
    if !ok {
        return Err(Error::MalformedBearerToken);
    }
    core::str::from_utf8(token).map_err(|_| Error::MalformedBearerToken)
}

/// `client_id` + `client_secret` body parameters (`client_secret_post`), when both are
/// present (idpyoidc's `is_usable`).
pub fn post_credentials<'a>(params: &Params<'a>) -> Option<Credentials<'a>> {
    Some(Credentials {
        client_id: params.get_str("client_id")?,
        secret: ClientSecret(params.get_str("client_secret")?),
    })
}

/// Fails with [`Error::ClientSecretExpired`] when `client_secret_expires_at` (RFC 7591
/// §3.2.1; 0 = never) is in the past (idpyoidc: `expires_at < now`).
pub fn check_secret_expiry(expires_at: i64, now: UnixTime) -> Result<(), Error> {
    if expires_at != 0 && expires_at < now.as_secs() {
        Err(Error::ClientSecretExpired)
    } else {
        Ok(())
    }
}

/// The only `client_assertion_type` RFC 7523 §2.2 defines.
pub const JWT_BEARER_ASSERTION_TYPE: &str =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// RFC 7523 §2.2: `client_assertion_type` must be present and be
/// [`JWT_BEARER_ASSERTION_TYPE`] ([`Error::InvalidClientAssertionType`]); idpyoidc's token
/// endpoint does not check it.
pub fn check_assertion_type(assertion_type: Option<&str>) -> Result<(), Error> {
    if assertion_type == Some(JWT_BEARER_ASSERTION_TYPE) {
        Ok(())
    } else {
        Err(Error::InvalidClientAssertionType)
    }
}

/// The registered claims of a verified client assertion (RFC 7523 §3), as decoded by the
/// JWT layer: `S` is `&str` or [`crate::json::JsonStr`], `A` the audience list.
#[derive(Clone, Copy, Debug, Default)]
pub struct AssertionClaims<S, A> {
    /// `iss`
    pub iss: Option<S>,
    /// `sub`
    pub sub: Option<S>,
    /// `aud` (a string or array, as a list of strings); `None` when absent
    pub aud: Option<A>,
    /// `exp`
    pub exp: Option<i64>,
    /// `nbf`
    pub nbf: Option<i64>,
    /// `iat`
    pub iat: Option<i64>,
    /// `jti`
    pub jti: Option<S>,
}

/// What the server accepts in client assertions.
#[derive(Clone, Copy, Debug)]
pub struct AssertionPolicy<'p> {
    /// Audiences accepted: the token endpoint URL (idpyoidc accepts only that at the token
    /// endpoint; RFC 7523 §3 item 3 also allows the issuer identifier).
    pub audiences: &'p [&'p str],
    /// Clock skew (cryptojwt: 15 s).
    pub leeway: Leeway,
    /// Longest accepted `exp - iat` (or `exp - now` without `iat`), in seconds.
    pub max_lifetime: u32,
    /// Whether `jti` is required (RFC 7523 §3 item 7 makes it optional; idpyoidc only
    /// checks replay when present).
    pub require_jti: bool,
}

impl Default for AssertionPolicy<'_> {
    fn default() -> Self {
        AssertionPolicy {
            audiences: &[],
            leeway: Leeway::DEFAULT,
            // idpyoidc's client makes assertions valid for 600 s.
            max_lifetime: 600,
            require_jti: false,
        }
    }
}

/// Checks the claims of a client assertion whose signature was verified with `client_id`'s
/// key (RFC 7523 §3), returning its `jti` for the host's replay check (report a replay as
/// [`Error::AssertionReplayed`]):
/// 1. `iss` and `sub` both equal `client_id` ([`Error::AssertionSubjectMismatch`]; idpyoidc
///    does not check `sub`);
/// 2. `aud` contains one of the policy's audiences ([`Error::AudienceMismatch`],
///    absent: [`Error::MissingClaim`]);
/// 3. `exp` present ([`Error::MissingClaim`]; idpyoidc accepts none) and
///    `now < exp + leeway` ([`Error::Expired`]);
/// 4. `nbf`, when present: `now >= nbf - leeway` ([`Error::NotYetValid`]; idpyoidc applies
///    the skew the other way and rejects `nbf == now`);
/// 5. `iat`, when present: `iat <= now + leeway` ([`Error::IssuedInFuture`]);
/// 6. lifetime within `max_lifetime` ([`Error::AssertionLifetimeTooLong`]);
/// 7. `jti` present if the policy requires it ([`Error::MissingClaim`]).
pub fn check_assertion_claims<S, A>(
    claims: &AssertionClaims<S, A>,
    client_id: &str,
    policy: &AssertionPolicy<'_>,
    now: UnixTime,
) -> Result<Option<S>, Error>
where
    S: ClaimText,
    A: IntoIterator + Clone,
    A::Item: ClaimText,
{
    let is_client = |v: Option<S>| v.is_some_and(|v| v.matches(client_id));
    if !is_client(claims.iss) || !is_client(claims.sub) {
        return Err(Error::AssertionSubjectMismatch);
    }
    let aud = claims.aud.clone().ok_or(Error::MissingClaim)?;
    if !aud
        .into_iter()
        .any(|a| policy.audiences.iter().any(|p| a.matches(p)))
    {
        return Err(Error::AudienceMismatch);
    }
    let now = now.as_secs();
    let skew = policy.leeway.secs();
    let exp = claims.exp.ok_or(Error::MissingClaim)?;
    if now >= exp.saturating_add(skew) {
        return Err(Error::Expired);
    }
    if claims.nbf.is_some_and(|nbf| now < nbf.saturating_sub(skew)) {
        return Err(Error::NotYetValid);
    }
    if claims.iat.is_some_and(|iat| iat > now.saturating_add(skew)) {
        return Err(Error::IssuedInFuture);
    }
    let start = claims.iat.unwrap_or(now);
    if exp.saturating_sub(start) > i64::from(policy.max_lifetime) {
        return Err(Error::AssertionLifetimeTooLong);
    }
    if policy.require_jti && claims.jti.is_none() {
        return Err(Error::MissingClaim);
    }
    Ok(claims.jti)
}

/// The `aud` claim of a verified token as a list of [`JsonStr`] (for
/// [`check_assertion_claims`] and [`crate::oidc::id_token::check_claims`]).
#[derive(Clone, Copy, Debug)]
pub struct AudienceList<'b>(pub Audience<'b>);

/// Iterator over an [`AudienceList`].
#[derive(Clone, Debug)]
pub struct AudienceIter<'b> {
    one: Option<JsonStr<'b>>,
    many: Option<ArrayIter<'b>>,
}

impl<'b> Iterator for AudienceIter<'b> {
    type Item = JsonStr<'b>;

    fn next(&mut self) -> Option<JsonStr<'b>> {
        if let Some(one) = self.one.take() {
            return Some(one);
        }
        self.many.as_mut()?.next()?.as_json_str()
    }
}

impl<'b> IntoIterator for AudienceList<'b> {
    type Item = JsonStr<'b>;
    type IntoIter = AudienceIter<'b>;

    fn into_iter(self) -> AudienceIter<'b> {
        match self.0 {
            Audience::One(s) => AudienceIter {
                one: Some(s),
                many: None,
            },
            Audience::Many(a) => AudienceIter {
                one: None,
                many: Some(a.iter()),
            },
        }
    }
}

/// The `iss` of a client assertion, decoded **without** verifying anything, to look up the
/// client (and its keys) before [`verify_client_assertion`]. Never trust it otherwise.
pub fn assertion_issuer<'b>(assertion: &str, buf: &'b mut [u8]) -> Result<JsonStr<'b>, Error> {
    let (_, claims) = UntrustedToken::parse(assertion)?.decode_unverified(buf)?;
    claims.iss().ok_or(Error::MissingClaim)
}

/// A client assertion whose signature and claims verified.
#[derive(Clone, Copy, Debug)]
pub struct VerifiedAssertion<'b> {
    /// The verified token.
    pub token: VerifiedToken<'b>,
    /// `client_secret_jwt` (HMAC) or `private_key_jwt`.
    pub method: AuthMethod,
}

impl<'b> VerifiedAssertion<'b> {
    /// The `jti`, for the host's replay cache (key it by client and `jti`; a hit is
    /// [`Error::AssertionReplayed`]).
    pub fn jti(&self) -> Option<JsonStr<'b>> {
        self.token.claims().jti()
    }
}

/// Verifies a `client_secret_jwt` / `private_key_jwt` client assertion (OIDC Core §9,
/// RFC 7523 §2.2 and §3) for `client_id`:
/// 1. [`check_assertion_type`];
/// 2. the signature with one of `keys` — the client's registered secret as an HMAC key
///    ([`crate::jose::Jwk::hmac`]) for `client_secret_jwt`, its public keys for
///    `private_key_jwt`; the key pins the algorithm;
/// 3. the algorithm family matches the method (HMAC ⇔ `client_secret_jwt`,
///    [`Error::AlgorithmMismatch`]);
/// 4. [`check_assertion_claims`].
///
/// `buf` receives the decoded header and claims (the assertion's length suffices). The
/// host then checks the `jti` for replay.
#[allow(
    clippy::too_many_arguments,
    reason = "sans-I/O: the keys, policy, time and buffer are all explicit inputs"
)]
pub fn verify_client_assertion<'b, P: Provider, const N: usize>(
    method: AuthMethod,
    assertion: &str,
    assertion_type: Option<&str>,
    client_id: &str,
    keys: &KeySet<P, N>,
    policy: &AssertionPolicy<'_>,
    now: UnixTime,
    buf: &'b mut [u8],
) -> Result<VerifiedAssertion<'b>, Error> {
    if !matches!(
        method,
        AuthMethod::ClientSecretJwt | AuthMethod::PrivateKeyJwt
    ) {
        return Err(Error::ClientAuthMethodNotAllowed);
    }
    check_assertion_type(assertion_type)?;
    let token = Validator::new()
        .leeway(policy.leeway)
        .require(Required::NONE)
        .verify(assertion, keys, now, buf)?;
    let hmac = AlgSet::HMAC.contains(token.alg());
    if hmac != (method == AuthMethod::ClientSecretJwt) {
        return Err(Error::AlgorithmMismatch);
    }
    let c = token.claims();
    let claims = AssertionClaims {
        iss: c.iss(),
        sub: c.sub(),
        aud: c.aud().map(AudienceList),
        exp: c.exp(),
        nbf: c.nbf(),
        iat: c.iat(),
        jti: c.jti(),
    };
    check_assertion_claims(&claims, client_id, policy, now)?;
    Ok(VerifiedAssertion { token, method })
}

/// The host's client database, as the dispatcher needs it.
pub trait ClientRegistry {
    /// Whether `client_id` is registered.
    fn is_registered(&self, client_id: &str) -> bool;

    /// The registered secret of `client_id`, if it has one.
    fn client_secret(&self, client_id: &str) -> Option<&[u8]>;

    /// `client_secret_expires_at` (RFC 7591 §3.2.1), 0 for never.
    fn secret_expires_at(&self, _client_id: &str) -> i64 {
        0
    }

    /// Whether the client may use `method` at this endpoint (idpyoidc's per-client
    /// `<endpoint>_client_authn_method` / `client_authn_method`); default: any.
    fn allows(&self, _client_id: &str, _method: AuthMethod) -> bool {
        true
    }

    /// Verifies a client assertion (`client_secret_jwt` / `private_key_jwt`): signature with
    /// the client's key, [`check_assertion_type`], [`check_assertion_claims`] and the `jti`
    /// replay check. Returns the client id (the assertion's `iss`), borrowed from the
    /// registry. Default: not supported.
    fn verify_client_assertion(
        &self,
        _method: AuthMethod,
        _assertion: &str,
        _assertion_type: Option<&str>,
        _now: UnixTime,
    ) -> Result<&str, Error> {
        Err(Error::ClientAuthenticationMissing)
    }

    /// The client a bearer token was issued to (idpyoidc's `get_client_id_from_token`).
    /// Default: unknown.
    fn client_for_token(&self, _token: &str) -> Result<&str, Error> {
        Err(Error::ClientAuthenticationMissing)
    }
}

/// A successful client authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authenticated<'a> {
    /// The authenticated client (`None` only for the `none` method without `client_id`).
    pub client_id: Option<&'a str>,
    /// The method that succeeded.
    pub method: AuthMethod,
    /// The bearer token, for the bearer methods.
    pub token: Option<&'a str>,
}

/// Inputs to [`authenticate`] besides the request parameters.
#[derive(Clone, Copy, Debug)]
pub struct AuthnContext<'h> {
    /// The `Authorization` header value, if any.
    pub authorization: Option<&'h [u8]>,
    /// How to decode Basic credentials.
    pub basic_decoding: BasicDecoding,
    /// The current time.
    pub now: UnixTime,
}

/// Tries `methods` in order (idpyoidc's `verify_client`): a method that does not apply to
/// the request is skipped, a failing one too; the first success whose client is allowed
/// that method wins. [`Error::ClientSecretExpired`] and [`Error::UnknownClient`] (for `none`
/// / `public`) end the search. When nothing succeeds: the first failure, or
/// [`Error::ClientAuthenticationMissing`] when no method applied — all `invalid_client`.
/// `scratch` holds decoded Basic credentials (3/4 of the header's length).
pub fn authenticate<'a, R: ClientRegistry + ?Sized>(
    methods: &[AuthMethod],
    params: &'a Params<'a>,
    ctx: &AuthnContext<'a>,
    registry: &'a R,
    scratch: &'a mut [u8],
) -> Result<Authenticated<'a>, Error> {
    let mut scratch = Some(scratch);
    let mut first_failure = None;
    for &method in methods {
        let attempt = match try_method(method, params, ctx, registry, &mut scratch) {
            Ok(Some(a)) => a,
            Ok(None) => continue,
            Err(e @ (Error::ClientSecretExpired | Error::UnknownClient)) => return Err(e),
            Err(e) => {
                first_failure.get_or_insert(e);
                continue;
            }
        };
        if let Some(id) = attempt.client_id
            && !registry.allows(id, method)
        {
            first_failure.get_or_insert(Error::ClientAuthMethodNotAllowed);
            continue;
        }
        return Ok(attempt);
    }
    Err(first_failure.unwrap_or(Error::ClientAuthenticationMissing))
}

fn secret_check<'a, R: ClientRegistry + ?Sized>(
    creds: Credentials<'a>,
    method: AuthMethod,
    ctx: &AuthnContext<'_>,
    registry: &R,
) -> Result<Option<Authenticated<'a>>, Error> {
    let stored = registry
        .client_secret(creds.client_id)
        .ok_or(Error::ClientSecretMismatch)?;
    creds.secret.verify(stored)?;
    check_secret_expiry(registry.secret_expires_at(creds.client_id), ctx.now)?;
    Ok(Some(Authenticated {
        client_id: Some(creds.client_id),
        method,
        token: None,
    }))
}

fn try_method<'a, R: ClientRegistry + ?Sized>(
    method: AuthMethod,
    params: &'a Params<'a>,
    ctx: &AuthnContext<'a>,
    registry: &'a R,
    scratch: &mut Option<&'a mut [u8]>,
) -> Result<Option<Authenticated<'a>>, Error> {
    let done = |client_id: Option<&'a str>, token| {
        Ok(Some(Authenticated {
            client_id,
            method,
            token,
        }))
    };
    match method {
        AuthMethod::ClientSecretBasic => {
            let Some(h) = ctx.authorization.filter(|h| is_basic(h)) else {
                return Ok(None);
            };
            let buf = scratch.take().ok_or(Error::BufferTooSmall)?;
            let creds = parse_basic(h, ctx.basic_decoding, buf)?;
            secret_check(creds, method, ctx, registry)
        }
        AuthMethod::ClientSecretPost => match post_credentials(params) {
            Some(creds) => secret_check(creds, method, ctx, registry),
            None => Ok(None),
        },
        AuthMethod::ClientSecretJwt | AuthMethod::PrivateKeyJwt => {
            let Some(assertion) = params.get_str("client_assertion") else {
                return Ok(None);
            };
            let id = registry.verify_client_assertion(
                method,
                assertion,
                params.get_str("client_assertion_type"),
                ctx.now,
            )?;
            check_secret_expiry(registry.secret_expires_at(id), ctx.now)?;
            done(Some(id), None)
        }
        AuthMethod::BearerHeader => {
            let Some(h) = ctx.authorization.filter(|h| is_bearer(h)) else {
                return Ok(None);
            };
            let token = parse_bearer(h)?;
            done(Some(registry.client_for_token(token)?), Some(token))
        }
        AuthMethod::BearerBody => {
            let Some(token) = params.get_str("access_token") else {
                return Ok(None);
            };
            done(registry.client_for_token(token).ok(), Some(token))
        }
        AuthMethod::None | AuthMethod::Public => {
            let id = params.get_str("client_id");
            if method == AuthMethod::Public && id.is_none() {
                return Ok(None);
            }
            if let Some(id) = id
                && !registry.is_registered(id)
            {
                return Err(Error::UnknownClient);
            }
            done(id, None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(header: &str, d: BasicDecoding) -> Result<(String, String), Error> {
        let mut s = [0u8; 256];
        let c = parse_basic(header.as_bytes(), d, &mut s)?;
        Ok((c.client_id.to_string(), c.secret.expose().to_string()))
    }

    fn b64(s: &str) -> String {
        let mut out = [0u8; 256];
        let n = b64::encode_standard(s.as_bytes(), &mut out).unwrap();
        String::from_utf8(out[..n].to_vec()).unwrap()
    }

    #[test]
    fn basic_header_parsing() {
        let h = format!("Basic {}", b64("client_1:hemligt_hemligt!"));
        let want = Ok(("client_1".into(), "hemligt_hemligt!".into()));
        assert_eq!(basic(&h, BasicDecoding::Rfc6749), want);
        assert_eq!(basic(&h, BasicDecoding::Raw), want);
        // RFC 6749 §2.3.1 form-url-decoding versus idpyoidc's raw reading
        let h = format!("Basic {}", b64("client+1:hemligt_hemligt%21"));
        assert_eq!(
            basic(&h, BasicDecoding::Rfc6749),
            Ok(("client 1".into(), "hemligt_hemligt!".into()))
        );
        assert_eq!(
            basic(&h, BasicDecoding::Raw),
            Ok(("client+1".into(), "hemligt_hemligt%21".into()))
        );
        // split at the first colon; empty secret
        assert_eq!(
            basic(&format!("Basic {}", b64("a:b:c")), BasicDecoding::Raw),
            Ok(("a".into(), "b:c".into()))
        );
        assert_eq!(
            basic(&format!("Basic {}", b64("a:")), BasicDecoding::Raw),
            Ok(("a".into(), "".into()))
        );
        // scheme is case-insensitive, spaces
        assert!(basic(&format!("basic {}", b64("a:b")), BasicDecoding::Raw).is_ok());
        assert!(basic(&format!("BASIC   {}", b64("a:b")), BasicDecoding::Raw).is_ok());
        for (h, e) in [
            ("Bearer abc".to_string(), Error::UnsupportedAuthScheme),
            ("Basic".to_string(), Error::UnsupportedAuthScheme),
            ("Basic ".to_string(), Error::UnsupportedAuthScheme),
            ("Basicx YTpi".to_string(), Error::UnsupportedAuthScheme),
            (
                format!("Basic {}", b64("nocolon")),
                Error::MalformedBasicCredentials,
            ),
            ("Basic YTpi=".to_string(), Error::MalformedBasicCredentials),
            ("Basic YT!pi".to_string(), Error::MalformedBasicCredentials),
            (
                "Basic YTpi YTpi".to_string(),
                Error::MalformedBasicCredentials,
            ),
            (
                format!("Basic {}", b64("a%zz:b")),
                Error::MalformedBasicCredentials,
            ),
            ("Basic /w==".to_string(), Error::MalformedBasicCredentials),
        ] {
            assert_eq!(basic(&h, BasicDecoding::Rfc6749), Err(e), "{h}");
        }
        // invalid UTF-8 inside
        assert_eq!(
            basic("Basic YTr/", BasicDecoding::Raw),
            Err(Error::MalformedBasicCredentials)
        );
        // scratch one short
        let h = format!("Basic {}", b64("abc:def"));
        let mut s = [0u8; 5];
        assert_eq!(
            parse_basic(h.as_bytes(), BasicDecoding::Raw, &mut s).unwrap_err(),
            Error::BufferTooSmall
        );
        let mut s = [0u8; 9];
        assert!(parse_basic(h.as_bytes(), BasicDecoding::Raw, &mut s).is_ok());
        // length bound
        let long = format!("Basic {}", "A".repeat(MAX_AUTHORIZATION_LEN - 6));
        let mut s = vec![0u8; long.len()];
        assert_ne!(
            parse_basic(long.as_bytes(), BasicDecoding::Raw, &mut s).unwrap_err(),
            Error::ParameterTooLong
        );
        let long = format!("{long}A");
        assert_eq!(
            parse_basic(long.as_bytes(), BasicDecoding::Raw, &mut s).unwrap_err(),
            Error::ParameterTooLong
        );
    }

    #[test]
    fn bearer_header_parsing() {
        assert_eq!(parse_bearer(b"Bearer abc.DEF-_~+/=="), Ok("abc.DEF-_~+/=="));
        assert_eq!(parse_bearer(b"bearer abc"), Ok("abc"));
        for (h, e) in [
            (&b"Basic abc"[..], Error::UnsupportedAuthScheme),
            (b"Bearer ", Error::UnsupportedAuthScheme),
            (b"Bearer =", Error::MalformedBearerToken),
            (b"Bearer a=b", Error::MalformedBearerToken),
            (b"Bearer a b", Error::MalformedBearerToken),
            (b"Bearer a\"", Error::MalformedBearerToken),
        ] {
            assert_eq!(parse_bearer(h), Err(e), "{h:?}");
        }
        let long = format!("Bearer {}", "a".repeat(MAX_AUTHORIZATION_LEN - 7));
        assert!(parse_bearer(long.as_bytes()).is_ok());
        let long = format!("{long}a");
        assert_eq!(parse_bearer(long.as_bytes()), Err(Error::ParameterTooLong));
    }

    #[test]
    fn secrets() {
        let s = ClientSecret::new("hemligt");
        assert_eq!(s.verify(b"hemligt"), Ok(()));
        assert_eq!(s.verify(b"hemligT"), Err(Error::ClientSecretMismatch));
        assert_eq!(s.verify(b"hemlig"), Err(Error::ClientSecretMismatch));
        assert_eq!(s.verify(b""), Err(Error::ClientSecretMismatch));
        assert_eq!(format!("{s:?}"), "ClientSecret(<redacted>)");
        assert_eq!(check_secret_expiry(0, UnixTime(100)), Ok(()));
        assert_eq!(check_secret_expiry(100, UnixTime(100)), Ok(()));
        assert_eq!(
            check_secret_expiry(99, UnixTime(100)),
            Err(Error::ClientSecretExpired)
        );
    }

    const NOW: UnixTime = UnixTime(1_700_000_000);
    const TOKEN_EP: &str = "https://example.com/token";

    fn claims(
        f: impl FnOnce(&mut AssertionClaims<&'static str, [&'static str; 1]>),
    ) -> Result<Option<&'static str>, Error> {
        let mut c = AssertionClaims {
            iss: Some("client_1"),
            sub: Some("client_1"),
            aud: Some([TOKEN_EP]),
            exp: Some(NOW.0 + 600),
            nbf: None,
            iat: Some(NOW.0),
            jti: Some("j1"),
        };
        f(&mut c);
        let policy = AssertionPolicy {
            audiences: &[TOKEN_EP],
            ..Default::default()
        };
        check_assertion_claims(&c, "client_1", &policy, NOW)
    }

    #[test]
    fn assertion_claims_rfc7523() {
        assert_eq!(claims(|_| {}), Ok(Some("j1")));
        assert_eq!(claims(|c| c.jti = None), Ok(None));
        // A6: issuer as audience is refused at the token endpoint
        assert_eq!(
            claims(|c| c.aud = Some(["https://example.com/"])),
            Err(Error::AudienceMismatch)
        );
        assert_eq!(claims(|c| c.aud = None), Err(Error::MissingClaim));
        // A9: 15 s skew on exp
        assert_eq!(claims(|c| c.exp = Some(NOW.0 - 100)), Err(Error::Expired));
        assert_eq!(claims(|c| c.exp = Some(NOW.0 - 10)), Ok(Some("j1")));
        assert_eq!(claims(|c| c.exp = Some(NOW.0 - 15)), Err(Error::Expired));
        assert_eq!(claims(|c| c.exp = Some(NOW.0 - 14)), Ok(Some("j1")));
        // A10: exp required (divergence)
        assert_eq!(claims(|c| c.exp = None), Err(Error::MissingClaim));
        // A11: sub must be the client (divergence)
        assert_eq!(
            claims(|c| c.sub = Some("other")),
            Err(Error::AssertionSubjectMismatch)
        );
        assert_eq!(
            claims(|c| c.iss = Some("other")),
            Err(Error::AssertionSubjectMismatch)
        );
        // A12
        assert_eq!(
            claims(|c| c.iat = Some(NOW.0 + 3600)),
            Err(Error::IssuedInFuture)
        );
        assert_eq!(claims(|c| c.iat = Some(NOW.0 + 15)), Ok(Some("j1")));
        assert_eq!(
            claims(|c| c.iat = Some(NOW.0 + 16)),
            Err(Error::IssuedInFuture)
        );
        // A13: nbf = now accepted (divergence), nbf in the future beyond skew refused
        assert_eq!(claims(|c| c.nbf = Some(NOW.0)), Ok(Some("j1")));
        assert_eq!(claims(|c| c.nbf = Some(NOW.0 + 15)), Ok(Some("j1")));
        assert_eq!(
            claims(|c| c.nbf = Some(NOW.0 + 16)),
            Err(Error::NotYetValid)
        );
        assert_eq!(
            claims(|c| c.nbf = Some(NOW.0 + 100)),
            Err(Error::NotYetValid)
        );
        // lifetime, one past
        assert_eq!(
            claims(|c| c.exp = Some(NOW.0 + 601)),
            Err(Error::AssertionLifetimeTooLong)
        );
        assert_eq!(
            claims(|c| {
                c.iat = None;
                c.exp = Some(NOW.0 + 601)
            }),
            Err(Error::AssertionLifetimeTooLong)
        );
        // A14: assertion type (divergence)
        assert_eq!(
            check_assertion_type(Some(JWT_BEARER_ASSERTION_TYPE)),
            Ok(())
        );
        assert_eq!(
            check_assertion_type(Some("foo")),
            Err(Error::InvalidClientAssertionType)
        );
        assert_eq!(
            check_assertion_type(None),
            Err(Error::InvalidClientAssertionType)
        );
    }

    struct Db {
        expired: bool,
        only: Option<AuthMethod>,
    }

    impl ClientRegistry for Db {
        fn is_registered(&self, client_id: &str) -> bool {
            client_id == "client_1"
        }
        fn client_secret(&self, client_id: &str) -> Option<&[u8]> {
            (client_id == "client_1").then_some(b"hemligt_hemligt!")
        }
        fn secret_expires_at(&self, _: &str) -> i64 {
            if self.expired { NOW.0 - 1 } else { 0 }
        }
        fn allows(&self, _: &str, m: AuthMethod) -> bool {
            self.only.is_none_or(|o| o == m)
        }
        fn client_for_token(&self, token: &str) -> Result<&str, Error> {
            if token == "tok" {
                Ok("client_1")
            } else {
                Err(Error::ClientAuthenticationMissing)
            }
        }
    }

    fn run(
        methods: &[AuthMethod],
        body: &str,
        header: Option<&str>,
        db: &Db,
    ) -> Result<(Option<String>, AuthMethod), Error> {
        let mut s = vec![0u8; body.len()];
        let p = Params::parse_form(body.as_bytes(), &mut s).unwrap();
        let ctx = AuthnContext {
            authorization: header.map(str::as_bytes),
            basic_decoding: BasicDecoding::Rfc6749,
            now: NOW,
        };
        let mut scratch = [0u8; 256];
        authenticate(methods, &p, &ctx, db, &mut scratch)
            .map(|a| (a.client_id.map(String::from), a.method))
    }

    #[test]
    fn dispatcher_verdicts() {
        let db = Db {
            expired: false,
            only: None,
        };
        let good = format!("Basic {}", b64("client_1:hemligt_hemligt!"));
        let bad = format!("Basic {}", b64("client_1:wrong"));
        let m = TOKEN_ENDPOINT_METHODS;
        let ok_basic = Ok((Some("client_1".to_string()), AuthMethod::ClientSecretBasic));
        let ok_post = Ok((Some("client_1".to_string()), AuthMethod::ClientSecretPost));
        // A1, A2
        assert_eq!(run(m, "grant_type=x", Some(&good), &db), ok_basic);
        assert_eq!(
            run(m, "grant_type=x", Some(&bad), &db),
            Err(Error::ClientSecretMismatch)
        );
        assert_eq!(
            run(
                m,
                "grant_type=x",
                Some(&format!("Basic {}", b64("nobody:x"))),
                &db
            ),
            Err(Error::ClientSecretMismatch)
        );
        assert_eq!(
            run(m, "grant_type=x", Some("Basic !!"), &db),
            Err(Error::MalformedBasicCredentials)
        );
        // A3, A4
        assert_eq!(
            run(
                m,
                "client_id=client_1&client_secret=hemligt_hemligt%21",
                None,
                &db
            ),
            ok_post
        );
        assert_eq!(
            run(m, "client_id=client_1", None, &db),
            Err(Error::ClientAuthenticationMissing)
        );
        // a failing method is skipped, the next one tried (post comes first in the list)
        assert_eq!(
            run(m, "client_id=client_1&client_secret=nope", Some(&good), &db),
            ok_basic
        );
        // A18: method not allowed for the client
        let only_pkj = Db {
            expired: false,
            only: Some(AuthMethod::PrivateKeyJwt),
        };
        assert_eq!(
            run(
                m,
                "client_id=client_1&client_secret=hemligt_hemligt%21",
                None,
                &only_pkj
            ),
            Err(Error::ClientAuthMethodNotAllowed)
        );
        // A19: expired secret stops the search
        let expired = Db {
            expired: true,
            only: None,
        };
        assert_eq!(
            run(m, "grant_type=x", Some(&good), &expired),
            Err(Error::ClientSecretExpired)
        );
        // JWT methods without a registry hook fail (next method)
        assert_eq!(
            run(m, "client_assertion=a.b.c", None, &db),
            Err(Error::ClientAuthenticationMissing)
        );
        // none / public / bearer
        let none = [AuthMethod::None];
        assert_eq!(
            run(&none, "client_id=client_1", None, &db),
            Ok((Some("client_1".into()), AuthMethod::None))
        );
        assert_eq!(run(&none, "x=1", None, &db), Ok((None, AuthMethod::None)));
        assert_eq!(
            run(&none, "client_id=zz", None, &db),
            Err(Error::UnknownClient)
        );
        assert_eq!(
            run(&[AuthMethod::Public], "x=1", None, &db),
            Err(Error::ClientAuthenticationMissing)
        );
        let bh = [AuthMethod::BearerHeader];
        assert_eq!(
            run(&bh, "x=1", Some("Bearer tok"), &db),
            Ok((Some("client_1".into()), AuthMethod::BearerHeader))
        );
        assert_eq!(
            run(&bh, "x=1", Some("Bearer other"), &db),
            Err(Error::ClientAuthenticationMissing)
        );
        let bb = [AuthMethod::BearerBody];
        assert_eq!(
            run(&bb, "access_token=zzz", None, &db),
            Ok((None, AuthMethod::BearerBody))
        );
        assert!(!AuthMethod::None.authenticates() && AuthMethod::ClientSecretBasic.authenticates());
        assert_eq!(
            AuthMethod::from_name("private_key_jwt"),
            Some(AuthMethod::PrivateKeyJwt)
        );
    }
}
