//! Verification: a [`Validator`] (policy, built once) turns a compact JWT into records.

use std::sync::Arc;

use oxidc::json::{JsonStr, Value};
use oxidc::jwt::{Claims, Header, Required};
use oxidc::{Leeway, UnixTime, UntrustedToken};

use crate::error::VerifyError;
use crate::keys::{Algorithm, Jwk, KeySet};

/// The JOSE header of a verified (or explicitly unverified) token.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct JwtHeader {
    /// The algorithm the token was signed with (the key pinned it; `none` never verifies).
    pub alg: Algorithm,
    /// `kid`
    pub kid: Option<String>,
    /// `typ` (e.g. `at+jwt`)
    pub typ: Option<String>,
    /// The whole header as JSON text, for members not listed here.
    pub json: String,
}

/// The registered claims of a JWT (RFC 7519 §4.1), type-checked by the core.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct JwtClaims {
    /// `iss`
    pub iss: Option<String>,
    /// `sub`
    pub sub: Option<String>,
    /// `aud` (a single string becomes a one-element list; absent: empty)
    pub aud: Vec<String>,
    /// `exp` (seconds since the epoch)
    pub exp: Option<i64>,
    /// `nbf`
    pub nbf: Option<i64>,
    /// `iat`
    pub iat: Option<i64>,
    /// `jti`
    pub jti: Option<String>,
    /// The whole claims set as JSON text (exactly as signed), for any other claim.
    pub json: String,
}

/// A token whose signature verified and whose claims passed the validator.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Jwt {
    /// The header.
    pub header: JwtHeader,
    /// The claims.
    pub claims: JwtClaims,
}

/// The claims of a JWT access token (RFC 9068 §2.2; idpyoidc's layout adds `sid` and
/// `token_class`).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AccessTokenClaims {
    /// `iss`
    pub iss: Option<String>,
    /// `sub`
    pub sub: Option<String>,
    /// `aud`
    pub aud: Vec<String>,
    /// `exp`
    pub exp: Option<i64>,
    /// `iat`
    pub iat: Option<i64>,
    /// `jti`
    pub jti: Option<String>,
    /// `client_id`
    pub client_id: Option<String>,
    /// `scope`: a space-separated string (RFC 9068) or an array (idpyoidc), as a list.
    pub scope: Vec<String>,
    /// `token_class` (idpyoidc: `access_token`)
    pub token_class: Option<String>,
    /// `sid` (idpyoidc's session id)
    pub sid: Option<String>,
    /// The whole claims set as JSON text.
    pub json: String,
}

/// A verified access token.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AccessToken {
    /// The header.
    pub header: JwtHeader,
    /// The claims.
    pub claims: AccessTokenClaims,
}

/// A registered claim that a [`Validator`] can require.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum RegisteredClaim {
    /// `exp`
    Exp,
    /// `nbf`
    Nbf,
    /// `iat`
    Iat,
    /// `iss`
    Iss,
    /// `sub`
    Sub,
    /// `aud`
    Aud,
    /// `jti`
    Jti,
}

impl From<RegisteredClaim> for Required {
    fn from(c: RegisteredClaim) -> Self {
        match c {
            RegisteredClaim::Exp => Required::EXP,
            RegisteredClaim::Nbf => Required::NBF,
            RegisteredClaim::Iat => Required::IAT,
            RegisteredClaim::Iss => Required::ISS,
            RegisteredClaim::Sub => Required::SUB,
            RegisteredClaim::Aud => Required::AUD,
            RegisteredClaim::Jti => Required::JTI,
        }
    }
}

pub(crate) fn text(s: JsonStr<'_>) -> String {
    match s.as_str() {
        Some(t) => t.to_owned(),
        None => String::from_utf8_lossy(&s.bytes().collect::<Vec<u8>>()).into_owned(),
    }
}

fn raw_text(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw).into_owned()
}

pub(crate) fn header_record(h: &Header<'_>) -> JwtHeader {
    JwtHeader {
        alg: h.alg().into(),
        kid: h.kid().map(text),
        typ: h.typ().map(text),
        json: raw_text(h.object().raw()),
    }
}

fn audiences(c: &Claims<'_>) -> Vec<String> {
    c.aud()
        .map_or_else(Vec::new, |a| a.iter().map(text).collect())
}

pub(crate) fn claims_record(c: &Claims<'_>) -> JwtClaims {
    JwtClaims {
        iss: c.iss().map(text),
        sub: c.sub().map(text),
        aud: audiences(c),
        exp: c.exp(),
        nbf: c.nbf(),
        iat: c.iat(),
        jti: c.jti().map(text),
        json: raw_text(c.raw()),
    }
}

/// `scope` as a list: split a string on spaces (RFC 6749 §3.3), or take an array of strings.
fn scope_list(v: &Value<'_>) -> Result<Vec<String>, oxidc::Error> {
    match v {
        Value::String(s) => Ok(text(*s)
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()),
        Value::Array(a) => {
            let mut out = Vec::new();
            let mut it = a.iter();
            while let Some(v) = it.next_value()? {
                out.push(text(v.as_json_str().ok_or(oxidc::Error::InvalidClaim)?));
            }
            Ok(out)
        }
        _ => Err(oxidc::Error::InvalidClaim),
    }
}

fn access_claims(c: &Claims<'_>) -> Result<AccessTokenClaims, oxidc::Error> {
    let string = |v: &Value<'_>| v.as_json_str().map(text).ok_or(oxidc::Error::InvalidClaim);
    let mut out = AccessTokenClaims {
        iss: c.iss().map(text),
        sub: c.sub().map(text),
        aud: audiences(c),
        exp: c.exp(),
        iat: c.iat(),
        jti: c.jti().map(text),
        client_id: None,
        scope: Vec::new(),
        token_class: None,
        sid: None,
        json: raw_text(c.raw()),
    };
    // One pass over the claims (names are unique: the core rejects duplicates).
    let mut it = c.object().members();
    while let Some(m) = it.next_member()? {
        match &*crate::oauth::member_name(&m.name) {
            "client_id" => out.client_id = Some(string(&m.value)?),
            "scope" => out.scope = scope_list(&m.value)?,
            "token_class" => out.token_class = Some(string(&m.value)?),
            "sid" => out.sid = Some(string(&m.value)?),
            _ => {}
        }
    }
    Ok(out)
}

/// Token validation policy, built once and shared: which issuers and audiences to accept,
/// clock skew, required claims, the expected `typ`. Checks are the core's
/// (`oxidc::Validator`): `exp` with leeway, `nbf`, `iat` not in the future, max age,
/// issuer, audience (a configured audience makes `aud` required), `typ`.
#[derive(Debug, uniffi::Object)]
pub struct Validator {
    issuers: Vec<String>,
    audiences: Vec<String>,
    leeway: Leeway,
    max_age: Option<u32>,
    required: Required,
    required_claims: Vec<String>,
    typ: Option<String>,
    allow_future_iat: bool,
}

enum Keys<'a> {
    Set(&'a KeySet),
    One(&'a Jwk),
}

#[uniffi::export]
impl Validator {
    /// A policy. `issuers`/`audiences`: accepted values (empty: not checked); `leeway_secs`:
    /// clock skew on `exp`/`nbf`/`iat` (default 15, cryptojwt's); `max_age_secs`: reject
    /// tokens issued longer ago; `required`: registered claims that must be present (default:
    /// `exp` only); `required_claims`: other claims that must be present; `typ`: expected
    /// header `typ` (e.g. `at+jwt`); `allow_future_iat`: accept `iat` in the future.
    #[uniffi::constructor(default(
        issuers = [],
        audiences = [],
        leeway_secs = 15,
        max_age_secs = None,
        required = None,
        required_claims = [],
        typ = None,
        allow_future_iat = false
    ))]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        issuers: Vec<String>,
        audiences: Vec<String>,
        leeway_secs: u32,
        max_age_secs: Option<u32>,
        required: Option<Vec<RegisteredClaim>>,
        required_claims: Vec<String>,
        typ: Option<String>,
        allow_future_iat: bool,
    ) -> Arc<Self> {
        let required = required.map_or(Required::EXP, |r| {
            r.into_iter()
                .fold(Required::NONE, |acc, c| acc | Required::from(c))
        });
        Arc::new(Validator {
            issuers,
            audiences,
            leeway: Leeway(leeway_secs),
            max_age: max_age_secs,
            required,
            required_claims,
            typ,
            allow_future_iat,
        })
    }

    /// Verifies `token` against `keys` at `now` (seconds since the epoch): the signature
    /// (the key pins the algorithm), then the claims.
    pub fn verify(&self, token: String, keys: Arc<KeySet>, now: i64) -> Result<Jwt, VerifyError> {
        self.run(&token, Keys::Set(&keys), now, |h, c| {
            Ok(Jwt {
                header: header_record(h),
                claims: claims_record(c),
            })
        })
    }

    /// Like `verify`, with one key.
    pub fn verify_with_key(
        &self,
        token: String,
        key: Arc<Jwk>,
        now: i64,
    ) -> Result<Jwt, VerifyError> {
        self.run(&token, Keys::One(&key), now, |h, c| {
            Ok(Jwt {
                header: header_record(h),
                claims: claims_record(c),
            })
        })
    }

    /// Verifies a JWT access token (a resource server's check) and returns its claims as an
    /// access-token record (`scope` as a list).
    pub fn verify_access_token(
        &self,
        token: String,
        keys: Arc<KeySet>,
        now: i64,
    ) -> Result<AccessToken, VerifyError> {
        self.run(&token, Keys::Set(&keys), now, |h, c| {
            Ok(AccessToken {
                header: header_record(h),
                claims: access_claims(c)?,
            })
        })
    }
}

impl Validator {
    fn run<T>(
        &self,
        token: &str,
        keys: Keys<'_>,
        now: i64,
        out: impl FnOnce(&Header<'_>, &Claims<'_>) -> Result<T, oxidc::Error>,
    ) -> Result<T, VerifyError> {
        let issuers: Vec<&str> = self.issuers.iter().map(String::as_str).collect();
        let audiences: Vec<&str> = self.audiences.iter().map(String::as_str).collect();
        let required_claims: Vec<&str> = self.required_claims.iter().map(String::as_str).collect();
        let mut v = oxidc::Validator::new()
            .leeway(self.leeway)
            .require(self.required)
            .require_claims(&required_claims);
        if !issuers.is_empty() {
            v = v.issuers(&issuers);
        }
        if !audiences.is_empty() {
            v = v.audiences(&audiences);
        }
        if let Some(secs) = self.max_age {
            v = v.max_age(secs);
        }
        if let Some(typ) = &self.typ {
            v = v.typ(typ);
        }
        if self.allow_future_iat {
            v = v.allow_future_iat();
        }
        let mut buf = vec![0u8; token.len()];
        let now = UnixTime(now);
        let t = match keys {
            Keys::Set(set) => v.verify(token, &*set.inner, now, &mut buf),
            Keys::One(key) => v.verify_with_key(token, &key.inner, now, &mut buf),
        }?;
        Ok(out(t.header(), t.claims())?)
    }
}

/// Decodes a token WITHOUT verifying anything (e.g. to read `iss` and pick the OP's key set
/// first). Never trust what it returns; verify with a [`Validator`] before use.
#[uniffi::export]
pub fn decode_unverified(token: String) -> Result<Jwt, VerifyError> {
    let t = UntrustedToken::parse(&token)?;
    let mut buf = vec![0u8; token.len()];
    let (h, c) = t.decode_unverified(&mut buf)?;
    Ok(Jwt {
        header: header_record(&h),
        claims: claims_record(&c),
    })
}

/// A JWS whose signature verified; its payload is not interpreted.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Jws {
    /// The header.
    pub header: JwtHeader,
    /// The payload bytes.
    pub payload: Vec<u8>,
}

/// Verifies a compact JWS with any payload (RFC 7515; no claims checks) against `keys`.
#[uniffi::export]
pub fn verify_jws(token: String, keys: Arc<KeySet>) -> Result<Jws, VerifyError> {
    let t = UntrustedToken::parse(&token)?;
    let mut buf = vec![0u8; token.len()];
    let (h, payload) = t.verify_jws(&*keys.inner, &mut buf)?;
    Ok(Jws {
        header: header_record(&h),
        payload: payload.to_vec(),
    })
}
