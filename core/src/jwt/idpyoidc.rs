//! idpyoidc's access-token and ID-token claim layouts (`JWT.md` §2–§3), byte-compatible, and
//! the OIDC left-half hashes (`at_hash`, `c_hash`).

use super::mint::{ClaimsWriter, HeaderSpec, mint};
use crate::crypto::{Provider, digest};
use crate::jose::{Algorithm, SigningKey};
use crate::{Error, b64};

/// A claim value for the caller-supplied (released user) claims.
#[derive(Clone, Copy, Debug)]
pub enum ClaimValue<'a> {
    /// A string.
    Str(&'a str),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// An array of strings.
    StrArray(&'a [&'a str]),
    /// Raw JSON (validated before it is written).
    Json(&'a str),
}

fn write_extra(
    w: &mut ClaimsWriter<'_, '_>,
    extra: &[(&str, ClaimValue<'_>)],
) -> Result<(), Error> {
    for (name, v) in extra {
        match *v {
            ClaimValue::Str(s) => w.str(name, s)?,
            ClaimValue::Int(i) => w.int(name, i)?,
            ClaimValue::Bool(b) => w.bool(name, b)?,
            ClaimValue::StrArray(a) => w.str_array(name, a)?,
            ClaimValue::Json(j) => w.raw_json(name, j)?,
        }
    }
    Ok(())
}

fn write_scope(w: &mut ClaimsWriter<'_, '_>, scope: &[&str], as_string: bool) -> Result<(), Error> {
    if !as_string {
        return w.str_array("scope", scope);
    }
    // Space-joined without allocating: stream it through a small stack buffer.
    let mut buf = [0u8; 1024];
    let mut n = 0;
    for (i, s) in scope.iter().enumerate() {
        let sep = usize::from(i > 0);
        let end = n + sep + s.len();
        let dst = buf.get_mut(n..end).ok_or(Error::ValueTooLong)?;
        let (a, b) = dst.split_at_mut(sep);
        a.fill(b' ');
        b.copy_from_slice(s.as_bytes());
        n = end;
    }
    let joined =
        core::str::from_utf8(buf.get(..n).unwrap_or(&[])).map_err(|_| Error::InvalidUtf8)?;
    w.str("scope", joined)
}

/// The claims idpyoidc puts in a JWT access (or refresh) token, in its order:
/// `scope, aud, jti, client_id, sub, [acr], [released claims], sid, token_class, iss, iat, exp`.
#[derive(Clone, Copy, Debug)]
pub struct AccessTokenClaims<'a> {
    /// Granted scopes.
    pub scope: &'a [&'a str],
    /// `true` (idpyoidc's JWTAccessToken profile): `"scope": "a b"`; `false`: an array.
    pub scope_as_string: bool,
    /// Audiences (token resources, else grant resources; idpyoidc defaults to `[client_id]`).
    pub aud: &'a [&'a str],
    /// Unique token id (idpyoidc: uuid4 hex).
    pub jti: &'a str,
    /// The client.
    pub client_id: &'a str,
    /// The subject.
    pub sub: &'a str,
    /// Authentication context class, when requested.
    pub acr: Option<&'a str>,
    /// Released user claims, in order.
    pub extra: &'a [(&'a str, ClaimValue<'a>)],
    /// The encrypted session id.
    pub sid: &'a str,
    /// `access_token` or `refresh_token`.
    pub token_class: &'a str,
    /// Issuer.
    pub iss: &'a str,
    /// Issued at.
    pub iat: i64,
    /// Expiry (`iat + lifetime`).
    pub exp: i64,
}

/// Mints an idpyoidc-layout JWT access/refresh token into `out`.
pub fn mint_access_token<P: Provider>(
    key: &SigningKey<P>,
    c: &AccessTokenClaims<'_>,
    out: &mut [u8],
) -> Result<usize, Error> {
    mint(
        key,
        &HeaderSpec::default(),
        |w| {
            write_scope(w, c.scope, c.scope_as_string)?;
            w.str_array("aud", c.aud)?;
            w.str("jti", c.jti)?;
            w.str("client_id", c.client_id)?;
            w.str("sub", c.sub)?;
            if let Some(acr) = c.acr {
                w.str("acr", acr)?;
            }
            write_extra(w, c.extra)?;
            w.str("sid", c.sid)?;
            w.str("token_class", c.token_class)?;
            w.str("iss", c.iss)?;
            w.int("iat", c.iat)?;
            w.int("exp", c.exp)
        },
        out,
    )
}

/// The claims of an idpyoidc ID token, in its order: `sub, sid, [auth_time], [acr],
/// [released claims], scope (array), [jti], [c_hash], [at_hash], [nonce], iss, iat, exp, aud`.
#[derive(Clone, Copy, Debug)]
pub struct IdTokenClaims<'a> {
    /// Subject.
    pub sub: &'a str,
    /// Encrypted session id.
    pub sid: &'a str,
    /// Authentication time.
    pub auth_time: Option<i64>,
    /// Authentication context class.
    pub acr: Option<&'a str>,
    /// Released user claims, in order.
    pub extra: &'a [(&'a str, ClaimValue<'a>)],
    /// Granted scopes (an array in ID tokens).
    pub scope: &'a [&'a str],
    /// idpyoidc's leftover uuid1-hex jti.
    pub jti: Option<&'a str>,
    /// Authorization code to bind with `c_hash` (hybrid flows).
    pub code: Option<&'a str>,
    /// Access token to bind with `at_hash` (implicit/hybrid flows).
    pub access_token: Option<&'a str>,
    /// Nonce from the authorization request.
    pub nonce: Option<&'a str>,
    /// Issuer.
    pub iss: &'a str,
    /// Issued at.
    pub iat: i64,
    /// Expiry (idpyoidc: `iat + 300`).
    pub exp: i64,
    /// Audiences (`[client_id]` first).
    pub aud: &'a [&'a str],
}

/// Mints an idpyoidc-layout ID token into `out`, computing `c_hash` / `at_hash` with the
/// hash of the key's algorithm.
pub fn mint_id_token<P: Provider>(
    key: &SigningKey<P>,
    c: &IdTokenClaims<'_>,
    out: &mut [u8],
) -> Result<usize, Error> {
    let alg = key.algorithm();
    mint(
        key,
        &HeaderSpec::default(),
        |w| {
            w.str("sub", c.sub)?;
            w.str("sid", c.sid)?;
            if let Some(t) = c.auth_time {
                w.int("auth_time", t)?;
            }
            if let Some(acr) = c.acr {
                w.str("acr", acr)?;
            }
            write_extra(w, c.extra)?;
            w.str_array("scope", c.scope)?;
            if let Some(jti) = c.jti {
                w.str("jti", jti)?;
            }
            if let Some(code) = c.code {
                w.str("c_hash", left_hash(alg, code.as_bytes()).as_str())?;
            }
            if let Some(at) = c.access_token {
                w.str("at_hash", left_hash(alg, at.as_bytes()).as_str())?;
            }
            if let Some(n) = c.nonce {
                w.str("nonce", n)?;
            }
            w.str("iss", c.iss)?;
            w.int("iat", c.iat)?;
            w.int("exp", c.exp)?;
            w.str_array("aud", c.aud)
        },
        out,
    )
}

/// An `at_hash` / `c_hash` value (at most 43 characters).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct LeftHash {
    buf: [u8; 43],
    len: usize,
}

impl LeftHash {
    /// The base64url text.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.buf.get(..self.len).unwrap_or(&[])).unwrap_or("")
    }
}

impl core::fmt::Debug for LeftHash {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "LeftHash({})", self.as_str())
    }
}

/// OIDC Core §3.1.3.6: base64url of the left half of the hash of the ASCII `value`, with the
/// hash of the JWS algorithm (SHA-256 for HS256/RS256/ES256/PS256, …).
pub fn left_hash(alg: Algorithm, value: &[u8]) -> LeftHash {
    let mut d = [0u8; 64];
    let n = digest(alg.hash(), value, &mut d);
    let mut h = LeftHash {
        buf: [0; 43],
        len: 0,
    };
    h.len = b64::encode(d.get(..n / 2).unwrap_or(&[]), &mut h.buf).unwrap_or(0);
    h
}
