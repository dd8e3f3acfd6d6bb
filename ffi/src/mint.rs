//! Minting: idpyoidc-layout access and ID tokens, tokens from a claims array or a claims
//! JSON object, and the OIDC left hashes. Output goes into a caller buffer.
//!
//! Thread-safety: every function here is safe to call from many threads at once with the
//! same `oxidc_signing_key`.

use crate::boundary::{OutBuf, R, array, input, obj, opt_str_of, oxidc_str, str_of, strs};
use crate::keys::{alg_from, oxidc_signing_key};
use crate::result::oxidc_result;
use oxidc::Error;
use oxidc::json::{Object, Value};
use oxidc::jwt::{
    AccessTokenClaims, ClaimValue, ClaimsWriter, HeaderSpec, IdTokenClaims, KidChoice, left_hash,
    mint, mint_access_token, mint_id_token,
};
use oxidc::limits::MAX_TOKEN_LEN;

/// The type of an `oxidc_claim`'s value.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_claim_kind {
    /// `string` holds the UTF-8 text.
    OXIDC_CLAIM_STRING = 1,
    /// `integer` holds the value.
    OXIDC_CLAIM_INT = 2,
    /// `boolean` holds the value.
    OXIDC_CLAIM_BOOL = 3,
    /// `strings`/`strings_len` hold an array of strings.
    OXIDC_CLAIM_STRING_ARRAY = 4,
    /// `string` holds raw JSON (any value; validated before it is written).
    OXIDC_CLAIM_JSON = 5,
}

/// One claim to write: a name and a typed value (only the field for `kind` is read).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_claim {
    /// The claim name (required).
    pub name: oxidc_str,
    /// An `oxidc_claim_kind`.
    pub kind: u32,
    /// The text for `OXIDC_CLAIM_STRING` and `OXIDC_CLAIM_JSON`.
    pub string: oxidc_str,
    /// The value for `OXIDC_CLAIM_INT`.
    pub integer: i64,
    /// The value for `OXIDC_CLAIM_BOOL`.
    pub boolean: bool,
    /// The array for `OXIDC_CLAIM_STRING_ARRAY` (NULL with length 0: empty).
    pub strings: *const oxidc_str,
    /// Number of entries in `strings`.
    pub strings_len: usize,
}

/// Which `kid` goes into a minted header.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_header_kid {
    /// The signing key's kid, if it has one (cryptojwt's behaviour; the default).
    OXIDC_HEADER_KID_FROM_KEY = 0,
    /// No kid.
    OXIDC_HEADER_KID_OMIT = 1,
    /// The `kid` field of the `oxidc_header_spec`.
    OXIDC_HEADER_KID_EXPLICIT = 2,
}

/// What goes into the JOSE header besides `alg` (which always comes from the key). Pass
/// NULL for the default: the key's kid, no `typ` (as idpyoidc writes).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_header_spec {
    /// An `oxidc_header_kid`.
    pub kid_mode: u32,
    /// The kid for `OXIDC_HEADER_KID_EXPLICIT` (ignored otherwise).
    pub kid: oxidc_str,
    /// The `typ` (e.g. `at+jwt`); optional: NULL `ptr` for none.
    pub typ: oxidc_str,
}

/// The claims of an idpyoidc JWT access (or refresh) token, written in idpyoidc's order:
/// `scope, aud, jti, client_id, sub, [acr], [extra], sid, token_class, iss, iat, exp`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_access_token_claims {
    /// Granted scopes.
    pub scope: *const oxidc_str,
    /// Number of scopes.
    pub scope_len: usize,
    /// `true`: `"scope": "a b"` (idpyoidc's JWTAccessToken profile); `false`: an array.
    pub scope_as_string: bool,
    /// Audiences.
    pub aud: *const oxidc_str,
    /// Number of audiences.
    pub aud_len: usize,
    /// Unique token id (idpyoidc: uuid4 hex).
    pub jti: oxidc_str,
    /// The client.
    pub client_id: oxidc_str,
    /// The subject.
    pub sub: oxidc_str,
    /// Authentication context class; optional (NULL `ptr`: omitted).
    pub acr: oxidc_str,
    /// Released user claims, in order (NULL with length 0: none).
    pub extra: *const oxidc_claim,
    /// Number of extra claims.
    pub extra_len: usize,
    /// The encrypted session id.
    pub sid: oxidc_str,
    /// `access_token` or `refresh_token`.
    pub token_class: oxidc_str,
    /// Issuer.
    pub iss: oxidc_str,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expiry.
    pub exp: i64,
}

/// The claims of an idpyoidc ID token, written in idpyoidc's order: `sub, sid,
/// [auth_time], [acr], [extra], scope, [jti], [c_hash], [at_hash], [nonce], iss, iat, exp,
/// aud`. Optional strings: NULL `ptr` means omitted.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_id_token_claims {
    /// Subject.
    pub sub: oxidc_str,
    /// Encrypted session id.
    pub sid: oxidc_str,
    /// Whether `auth_time` is written.
    pub has_auth_time: bool,
    /// Authentication time.
    pub auth_time: i64,
    /// Authentication context class (optional).
    pub acr: oxidc_str,
    /// Released user claims, in order.
    pub extra: *const oxidc_claim,
    /// Number of extra claims.
    pub extra_len: usize,
    /// Granted scopes (an array in ID tokens).
    pub scope: *const oxidc_str,
    /// Number of scopes.
    pub scope_len: usize,
    /// idpyoidc's leftover jti (optional).
    pub jti: oxidc_str,
    /// Authorization code to bind with `c_hash` (optional).
    pub code: oxidc_str,
    /// Access token to bind with `at_hash` (optional).
    pub access_token: oxidc_str,
    /// Nonce from the authorization request (optional).
    pub nonce: oxidc_str,
    /// Issuer.
    pub iss: oxidc_str,
    /// Issued at.
    pub iat: i64,
    /// Expiry (idpyoidc: `iat + 300`).
    pub exp: i64,
    /// Audiences (`client_id` first).
    pub aud: *const oxidc_str,
    /// Number of audiences.
    pub aud_len: usize,
}

/// A claim value converted from C, owning its array of strings.
enum Prepared<'a> {
    Str(&'a str),
    Int(i64),
    Bool(bool),
    Arr(Vec<&'a str>),
    Json(&'a str),
}

/// # Safety
/// `ptr`/`len` and every pointer inside the claims follow the caller's buffer contract.
unsafe fn prepare<'a>(ptr: *const oxidc_claim, len: usize) -> R<Vec<(&'a str, Prepared<'a>)>> {
    // SAFETY: forwarded contract.
    let claims = unsafe { array(ptr, len) }?;
    claims
        .iter()
        .map(|c| {
            // SAFETY: forwarded contract for each field.
            let name = unsafe { str_of(&c.name) }?;
            let v = match c.kind {
                // SAFETY: forwarded contract.
                1 => Prepared::Str(unsafe { str_of(&c.string) }?),
                2 => Prepared::Int(c.integer),
                3 => Prepared::Bool(c.boolean),
                // SAFETY: forwarded contract.
                4 => Prepared::Arr(unsafe { strs(c.strings, c.strings_len) }?),
                // SAFETY: forwarded contract.
                5 => Prepared::Json(unsafe { str_of(&c.string) }?),
                _ => return Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
            };
            Ok((name, v))
        })
        .collect()
}

fn values<'a>(p: &'a [(&'a str, Prepared<'a>)]) -> Vec<(&'a str, ClaimValue<'a>)> {
    p.iter()
        .map(|(n, v)| {
            let v = match v {
                Prepared::Str(s) => ClaimValue::Str(s),
                Prepared::Int(i) => ClaimValue::Int(*i),
                Prepared::Bool(b) => ClaimValue::Bool(*b),
                Prepared::Arr(a) => ClaimValue::StrArray(a),
                Prepared::Json(j) => ClaimValue::Json(j),
            };
            (*n, v)
        })
        .collect()
}

/// # Safety
/// `spec` is NULL or a live `oxidc_header_spec` whose strings follow the buffer contract.
unsafe fn header_spec<'a>(spec: *const oxidc_header_spec) -> R<HeaderSpec<'a>> {
    if spec.is_null() {
        return Ok(HeaderSpec::default());
    }
    // SAFETY: non-NULL, live (contract).
    let s = unsafe { obj(spec) }?;
    let kid = match s.kid_mode {
        0 => KidChoice::FromKey,
        1 => KidChoice::Omit,
        // SAFETY: forwarded contract.
        2 => KidChoice::Explicit(unsafe { str_of(&s.kid) }?),
        _ => return Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
    };
    Ok(HeaderSpec {
        kid,
        // SAFETY: forwarded contract.
        typ: unsafe { opt_str_of(&s.typ) }?,
    })
}

/// Mints into a stack buffer of `MAX_TOKEN_LEN` bytes and copies out only on success, so
/// the caller's buffer is never partly written. A token that does not fit the scratch
/// could never be verified (`OXIDC_TOKEN_TOO_LARGE`).
fn mint_out(out: OutBuf, f: impl FnOnce(&mut [u8]) -> Result<usize, Error>) -> R<()> {
    let mut scratch = [0u8; MAX_TOKEN_LEN];
    let n = match f(&mut scratch) {
        Ok(n) => n,
        Err(Error::BufferTooSmall) => return Err(oxidc_result::OXIDC_TOKEN_TOO_LARGE),
        Err(e) => return Err(e.into()),
    };
    out.write(scratch.get(..n).ok_or(oxidc_result::OXIDC_PANIC)?)
}

/// Mints an idpyoidc-layout JWT access (or refresh) token with `key` into `out`
/// (`out_cap` bytes; 16384 always suffice) and stores its length in `*out_len`.
/// The header is `{"alg","kid"}` exactly as idpyoidc writes it (for another header, e.g.
/// `typ: at+jwt`, use `oxidc_mint_claims`).
/// Nothing is retained; on failure neither `out` nor `*out_len` is written.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_mint_access_token(
    key: *const oxidc_signing_key,
    claims: *const oxidc_access_token_claims,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: a live claims struct (caller's contract).
        let c = unsafe { obj(claims) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's buffer contract for each string/array below.
        let scope = unsafe { strs(c.scope, c.scope_len) }?;
        // SAFETY: as above.
        let aud = unsafe { strs(c.aud, c.aud_len) }?;
        // SAFETY: as above.
        let extra = unsafe { prepare(c.extra, c.extra_len) }?;
        let extra = values(&extra);
        // SAFETY: as above (each field).
        let claims = unsafe {
            AccessTokenClaims {
                scope: &scope,
                scope_as_string: c.scope_as_string,
                aud: &aud,
                jti: str_of(&c.jti)?,
                client_id: str_of(&c.client_id)?,
                sub: str_of(&c.sub)?,
                acr: opt_str_of(&c.acr)?,
                extra: &extra,
                sid: str_of(&c.sid)?,
                token_class: str_of(&c.token_class)?,
                iss: str_of(&c.iss)?,
                iat: c.iat,
                exp: c.exp,
            }
        };
        mint_out(out, |buf| mint_access_token(&key.0, &claims, buf))
    })
}

/// Writes every member of `obj` as a claim, in order (strings re-escaped Python-style,
/// other values as their JSON text).
fn copy_members(w: &mut ClaimsWriter<'_, '_>, obj: &Object<'_>) -> Result<(), Error> {
    let mut it = obj.members();
    let mut text = Vec::new();
    while let Some(m) = it.next_member()? {
        let name = decode(&m.name, &mut Vec::new())?;
        match m.value {
            Value::String(s) => w.str(&name, &decode(&s, &mut text)?)?,
            Value::Number(n) => w.raw_json(&name, n.as_str())?,
            Value::Bool(b) => w.bool(&name, b)?,
            Value::Null => w.raw_json(&name, "null")?,
            Value::Array(a) => w.raw_json(
                &name,
                std::str::from_utf8(a.raw()).map_err(|_| Error::InvalidUtf8)?,
            )?,
            Value::Object(o) => w.raw_json(
                &name,
                std::str::from_utf8(o.raw()).map_err(|_| Error::InvalidUtf8)?,
            )?,
        }
    }
    Ok(())
}

fn decode(s: &oxidc::json::JsonStr<'_>, scratch: &mut Vec<u8>) -> Result<String, Error> {
    scratch.clear();
    scratch.resize(s.decoded_len(), 0);
    Ok(s.decode_into(scratch)?.to_owned())
}

/// Mints an idpyoidc-layout ID token with `key` into `out`, computing `c_hash`/`at_hash`
/// from `code`/`access_token` with the hash of the key's algorithm. As
/// `oxidc_mint_access_token` otherwise.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_mint_id_token(
    key: *const oxidc_signing_key,
    claims: *const oxidc_id_token_claims,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: a live claims struct (caller's contract).
        let c = unsafe { obj(claims) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's buffer contract for each string/array below.
        let scope = unsafe { strs(c.scope, c.scope_len) }?;
        // SAFETY: as above.
        let aud = unsafe { strs(c.aud, c.aud_len) }?;
        // SAFETY: as above.
        let extra = unsafe { prepare(c.extra, c.extra_len) }?;
        let extra = values(&extra);
        // SAFETY: as above (each field).
        let claims = unsafe {
            IdTokenClaims {
                sub: str_of(&c.sub)?,
                sid: str_of(&c.sid)?,
                auth_time: c.has_auth_time.then_some(c.auth_time),
                acr: opt_str_of(&c.acr)?,
                extra: &extra,
                scope: &scope,
                jti: opt_str_of(&c.jti)?,
                code: opt_str_of(&c.code)?,
                access_token: opt_str_of(&c.access_token)?,
                nonce: opt_str_of(&c.nonce)?,
                iss: str_of(&c.iss)?,
                iat: c.iat,
                exp: c.exp,
                aud: &aud,
            }
        };
        mint_out(out, |buf| mint_id_token(&key.0, &claims, buf))
    })
}

/// Mints a token whose claims are `claims` (`claims_len` entries, written in order, in
/// Python's `json.dumps` style as idpyoidc does). As `oxidc_mint_access_token` otherwise.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_mint_claims(
    key: *const oxidc_signing_key,
    header: *const oxidc_header_spec,
    claims: *const oxidc_claim,
    claims_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: NULL or a live header spec (caller's contract).
        let spec = unsafe { header_spec(header) }?;
        // SAFETY: the caller's buffer contract for the array and its strings.
        let prepared = unsafe { prepare(claims, claims_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let vals = values(&prepared);
        mint_out(out, |buf| {
            mint(
                &key.0,
                &spec,
                |w| {
                    for (name, v) in &vals {
                        match *v {
                            ClaimValue::Str(s) => w.str(name, s)?,
                            ClaimValue::Int(i) => w.int(name, i)?,
                            ClaimValue::Bool(b) => w.bool(name, b)?,
                            ClaimValue::StrArray(a) => w.str_array(name, a)?,
                            ClaimValue::Json(j) => w.raw_json(name, j)?,
                        }
                    }
                    Ok(())
                },
                buf,
            )
        })
    })
}

/// Mints a token whose claims are the members of the JSON object `claims_json`
/// (`claims_json_len` bytes; validated, duplicate names rejected), written in order in
/// Python's `json.dumps` style. As `oxidc_mint_access_token` otherwise.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_mint_json(
    key: *const oxidc_signing_key,
    header: *const oxidc_header_spec,
    claims_json: *const u8,
    claims_json_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: NULL or a live header spec (caller's contract).
        let spec = unsafe { header_spec(header) }?;
        // SAFETY: the caller's buffer contract.
        let json = unsafe { input(claims_json, claims_json_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let obj = Object::parse(json)?;
        mint_out(out, |buf| {
            mint(&key.0, &spec, |w| copy_members(w, &obj), buf)
        })
    })
}

/// Writes the OIDC left hash (`at_hash` / `c_hash`, OIDC Core §3.1.3.6) of `value` for
/// algorithm `alg` (an `oxidc_alg`) into `out` (at most 43 bytes). Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_left_hash(
    alg: u32,
    value: *const u8,
    value_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let value = unsafe { input(value, value_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let h = left_hash(alg_from(alg)?, value);
        out.write(h.as_str().as_bytes())
    })
}
