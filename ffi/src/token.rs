//! `oxidc_token`: a reusable holder for one verified token, and claims access.
//!
//! A verify call decodes into the holder's spare buffer and swaps it in only on success, so
//! a failed verify leaves the previous token (if any) untouched. Strings returned by
//! pointer (`oxidc_token_payload`, `oxidc_token_header`, `oxidc_token_claim_json`) borrow the
//! holder: valid until the next successful verify into it or its `_free`.
//!
//! Thread-safety: an `oxidc_token` is used by one thread at a time (it may move between
//! threads); give each thread its own.

use crate::boundary::{Out, OutBuf, R, arg_str, free, obj, obj_mut, to_c};
use crate::keys::alg_code;
use crate::result::oxidc_result;
use oxidc::json::{JsonStr, Object, Value};
use oxidc::jwt::{Claims, Header};
use oxidc::{Algorithm, Error};
use std::ops::Range;

/// What the holder currently holds.
#[derive(Clone, Debug)]
struct Meta {
    /// Whether the payload is a JWT claims set that passed a validator (else a plain JWS
    /// payload whose signature verified).
    jwt: bool,
    alg: Algorithm,
    header: Range<usize>,
    payload: Range<usize>,
    exp: Option<i64>,
    nbf: Option<i64>,
    iat: Option<i64>,
    /// Unescaped `iss`, `sub`, `jti` (escaped ones take the generic path).
    iss: Option<Range<usize>>,
    sub: Option<Range<usize>>,
    jti: Option<Range<usize>>,
}

/// A reusable holder for the last token verified into it: header, claims (or plain JWS
/// payload) and the cached registered claims. Create once per thread with
/// `oxidc_token_new`, pass to every verify call, read claims with `oxidc_token_*`, free with
/// `oxidc_token_free`. Not thread-safe: one thread at a time.
#[derive(Debug, Default)]
pub struct oxidc_token {
    buf: Vec<u8>,
    spare: Vec<u8>,
    meta: Option<Meta>,
}

/// The byte range `part` occupies inside `base` (both from the same buffer).
fn range_in(base: usize, part: &[u8]) -> Range<usize> {
    let start = part.as_ptr().addr().wrapping_sub(base);
    start..start.wrapping_add(part.len())
}

/// The range of an unescaped string claim (escaped ones take the generic path). The JSON
/// reader checked its UTF-8 while parsing, so the raw bytes are the value: no second
/// validation per verify (`JsonStr::as_str` would re-check).
fn plain(s: Option<JsonStr<'_>>, base: usize) -> Option<Range<usize>> {
    s.filter(|s| !s.has_escapes())
        .map(|t| range_in(base, t.raw()))
}

impl oxidc_token {
    /// Runs `decode` over a spare buffer of `n` bytes; on success swaps it in with the
    /// metadata `decode` returned, on failure leaves the current token untouched.
    fn store(
        &mut self,
        n: usize,
        decode: impl FnOnce(&mut [u8], usize) -> Result<Meta, Error>,
    ) -> R<()> {
        if self.spare.len() < n {
            self.spare.resize(n, 0);
        }
        let base = self.spare.as_ptr().addr();
        let buf = self.spare.get_mut(..n).ok_or(oxidc_result::OXIDC_PANIC)?;
        let meta = decode(buf, base)?;
        std::mem::swap(&mut self.buf, &mut self.spare);
        self.meta = Some(meta);
        Ok(())
    }

    /// Stores a JWT that a validator accepted: `verify` gets the decode buffer.
    pub(crate) fn store_jwt(
        &mut self,
        n: usize,
        verify: impl FnOnce(&mut [u8]) -> Result<(Header<'_>, Claims<'_>), Error>,
    ) -> R<()> {
        self.store(n, |buf, base| {
            let (h, c) = verify(buf)?;
            Ok(Meta {
                jwt: true,
                alg: h.alg(),
                header: range_in(base, h.object().raw()),
                payload: range_in(base, c.raw()),
                exp: c.exp(),
                nbf: c.nbf(),
                iat: c.iat(),
                iss: plain(c.iss(), base),
                sub: plain(c.sub(), base),
                jti: plain(c.jti(), base),
            })
        })
    }

    /// Stores a plain JWS whose signature verified.
    pub(crate) fn store_jws(
        &mut self,
        n: usize,
        verify: impl FnOnce(&mut [u8]) -> Result<(Header<'_>, &[u8]), Error>,
    ) -> R<()> {
        self.store(n, |buf, base| {
            let (h, payload) = verify(buf)?;
            Ok(Meta {
                jwt: false,
                alg: h.alg(),
                header: range_in(base, h.object().raw()),
                payload: range_in(base, payload),
                exp: None,
                nbf: None,
                iat: None,
                iss: None,
                sub: None,
                jti: None,
            })
        })
    }

    /// Stores a copy of a token the core verified elsewhere (a request object, an
    /// `id_token_hint`): its decoded header and claims, with the same cached claims as
    /// [`oxidc_token::store_jwt`].
    pub(crate) fn store_copy(&mut self, h: &Header<'_>, c: &Claims<'_>) {
        let (header, payload) = (h.object().raw(), c.raw());
        let n = header.len();
        self.spare.clear();
        self.spare.extend_from_slice(header);
        self.spare.extend_from_slice(payload);
        // Ranges of the claims inside `payload`, shifted past the header.
        let at = |s: Option<JsonStr<'_>>| {
            plain(s, payload.as_ptr().addr())
                .map(|r| r.start.saturating_add(n)..r.end.saturating_add(n))
        };
        let meta = Meta {
            jwt: true,
            alg: h.alg(),
            header: 0..n,
            payload: n..self.spare.len(),
            exp: c.exp(),
            nbf: c.nbf(),
            iat: c.iat(),
            iss: at(c.iss()),
            sub: at(c.sub()),
            jti: at(c.jti()),
        };
        std::mem::swap(&mut self.buf, &mut self.spare);
        self.meta = Some(meta);
    }

    /// Makes this holder hold what `other` holds (a copy; `other` is unchanged).
    pub(crate) fn copy_from(&mut self, other: &oxidc_token) {
        self.buf.clone_from(&other.buf);
        self.meta.clone_from(&other.meta);
    }

    fn meta(&self) -> R<&Meta> {
        self.meta.as_ref().ok_or(oxidc_result::OXIDC_NO_TOKEN)
    }

    fn bytes(&self, r: &Range<usize>) -> R<&[u8]> {
        self.buf.get(r.clone()).ok_or(oxidc_result::OXIDC_PANIC)
    }

    fn payload(&self) -> R<&[u8]> {
        self.bytes(&self.meta()?.payload)
    }

    fn header(&self) -> R<&[u8]> {
        self.bytes(&self.meta()?.header)
    }

    /// The claims object (the payload parsed as a JSON object).
    fn claims(&self) -> R<Object<'_>> {
        Ok(Object::parse(self.payload()?)?)
    }

    fn claim(&self, name: &str) -> R<Value<'_>> {
        self.claims()?
            .get(name)
            .ok_or(oxidc_result::OXIDC_NOT_FOUND)
    }
}

/// Creates an empty token holder; `*out` receives it, owned by the caller (free with
/// `oxidc_token_free`). Reuse it for every verify on one thread: buffers grow to the longest
/// token seen and are kept.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_new(out: *mut *mut oxidc_token) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        out.set(to_c(oxidc_token::default()));
        Ok(())
    })
}

/// Frees a token holder and everything borrowed from it. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_free(token: *mut oxidc_token) {
    ffi_value!({
        // SAFETY: from `oxidc_token_new`, freed once (caller's contract).
        unsafe { free(token) }
    })
}

/// Forgets the held token (later accessors return `OXIDC_NO_TOKEN`); buffers are kept.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_clear(token: *mut oxidc_token) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder, this thread only (caller's contract).
        let t = unsafe { obj_mut(token) }?;
        t.meta = None;
        Ok(())
    })
}

/// Stores whether the holder holds a JWT that passed a validator (`true`) or a plain JWS
/// payload (`false`, from `oxidc_jws_verify`) in `*out_is_jwt`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_is_jwt(
    token: *const oxidc_token,
    out_is_jwt: *mut bool,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out_is_jwt) }?;
        out.set(t.meta()?.jwt);
        Ok(())
    })
}

/// Stores the algorithm that verified (an `oxidc_alg`) in `*out_alg`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_alg(
    token: *const oxidc_token,
    out_alg: *mut u32,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out_alg) }?;
        out.set(alg_code(t.meta()?.alg));
        Ok(())
    })
}

/// Borrowed bytes out: `*out_ptr`/`*out_len` point into the holder.
unsafe fn borrowed(bytes: &[u8], out_ptr: *mut *const u8, out_len: *mut usize) -> R<()> {
    // SAFETY: the caller's output contract.
    let p = unsafe { Out::new(out_ptr) }?;
    // SAFETY: the caller's output contract.
    let l = unsafe { Out::new(out_len) }?;
    p.set(bytes.as_ptr());
    l.set(bytes.len());
    Ok(())
}

/// Points `*out_ptr`/`*out_len` at the decoded payload: the claims JSON of a JWT, or the
/// raw payload of a plain JWS. Borrowed from the holder (valid until the next successful
/// verify into it or its free; not NUL-terminated).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_payload(
    token: *const oxidc_token,
    out_ptr: *mut *const u8,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        if out_ptr.is_null() || out_len.is_null() {
            return Err(oxidc_result::OXIDC_NULL_PARAMETER);
        }
        // SAFETY: forwarded output contract.
        unsafe { borrowed(t.payload()?, out_ptr, out_len) }
    })
}

/// Points `*out_ptr`/`*out_len` at the decoded JOSE header JSON (borrowed, as
/// `oxidc_token_payload`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_header(
    token: *const oxidc_token,
    out_ptr: *mut *const u8,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        if out_ptr.is_null() || out_len.is_null() {
            return Err(oxidc_result::OXIDC_NULL_PARAMETER);
        }
        // SAFETY: forwarded output contract.
        unsafe { borrowed(t.header()?, out_ptr, out_len) }
    })
}

fn write_json_str(s: &JsonStr<'_>, out: OutBuf) -> R<()> {
    match s.as_str() {
        Some(text) => out.write(text.as_bytes()),
        None => out.write_with(s.decoded_len(), |dst| s.decode_into(dst).map(|_| ())),
    }
}

fn string_claim(t: &oxidc_token, name: &str, out: OutBuf) -> R<()> {
    match t.claim(name)? {
        Value::String(s) => write_json_str(&s, out),
        _ => Err(oxidc_result::OXIDC_INVALID_CLAIM),
    }
}

fn int_claim(t: &oxidc_token, name: &str) -> R<i64> {
    match t.claim(name)? {
        v @ Value::Number(_) => v.as_i64().ok_or(oxidc_result::OXIDC_INVALID_CLAIM),
        _ => Err(oxidc_result::OXIDC_INVALID_CLAIM),
    }
}

fn registered_int(
    token: *const oxidc_token,
    out: *mut i64,
    name: &str,
    cached: fn(&Meta) -> Option<i64>,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let m = t.meta()?;
        let v = if m.jwt {
            cached(m).ok_or(oxidc_result::OXIDC_NOT_FOUND)?
        } else {
            int_claim(t, name)?
        };
        out.set(v);
        Ok(())
    })
}

fn registered_str(
    token: *const oxidc_token,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    name: &str,
    cached: fn(&Meta) -> &Option<Range<usize>>,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        match cached(t.meta()?) {
            Some(r) => out.write(t.bytes(r)?),
            None => string_claim(t, name, out),
        }
    })
}

/// Stores the `exp` claim (seconds since the epoch) in `*out`; `OXIDC_NOT_FOUND` when absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_exp(token: *const oxidc_token, out: *mut i64) -> oxidc_result {
    registered_int(token, out, "exp", |m| m.exp)
}

/// Stores the `nbf` claim in `*out`; `OXIDC_NOT_FOUND` when absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_nbf(token: *const oxidc_token, out: *mut i64) -> oxidc_result {
    registered_int(token, out, "nbf", |m| m.nbf)
}

/// Stores the `iat` claim in `*out`; `OXIDC_NOT_FOUND` when absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_iat(token: *const oxidc_token, out: *mut i64) -> oxidc_result {
    registered_int(token, out, "iat", |m| m.iat)
}

/// Copies the `iss` claim into `out`, JSON escapes decoded; `OXIDC_NOT_FOUND` when
/// absent, `OXIDC_INVALID_CLAIM` when not a string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_iss(
    token: *const oxidc_token,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    registered_str(token, out, out_cap, out_len, "iss", |m| &m.iss)
}

/// Copies the `sub` claim into `out`, JSON escapes decoded; `OXIDC_NOT_FOUND` when
/// absent, `OXIDC_INVALID_CLAIM` when not a string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_sub(
    token: *const oxidc_token,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    registered_str(token, out, out_cap, out_len, "sub", |m| &m.sub)
}

/// Copies the `jti` claim into `out`, JSON escapes decoded; `OXIDC_NOT_FOUND` when
/// absent, `OXIDC_INVALID_CLAIM` when not a string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_jti(
    token: *const oxidc_token,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    registered_str(token, out, out_cap, out_len, "jti", |m| &m.jti)
}

/// Copies the string claim `name` (`name_len` bytes) into `out`, JSON escapes decoded.
/// `OXIDC_NOT_FOUND` when absent, `OXIDC_INVALID_CLAIM` when not a string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_claim_string(
    token: *const oxidc_token,
    name: *const u8,
    name_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        string_claim(t, name, out)
    })
}

/// Stores the integer claim `name` in `*out`. `OXIDC_NOT_FOUND` when absent,
/// `OXIDC_INVALID_CLAIM` when not an integer in `int64_t` range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_claim_int(
    token: *const oxidc_token,
    name: *const u8,
    name_len: usize,
    out: *mut i64,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        out.set(int_claim(t, name)?);
        Ok(())
    })
}

/// Stores the boolean claim `name` in `*out`. `OXIDC_NOT_FOUND` when absent,
/// `OXIDC_INVALID_CLAIM` when not a boolean.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_claim_bool(
    token: *const oxidc_token,
    name: *const u8,
    name_len: usize,
    out: *mut bool,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let v = t
            .claim(name)?
            .as_bool()
            .ok_or(oxidc_result::OXIDC_INVALID_CLAIM)?;
        out.set(v);
        Ok(())
    })
}

/// The raw JSON text of a value inside the holder's buffer (strings with their quotes).
fn value_json<'a>(t: &'a oxidc_token, v: &Value<'a>) -> R<&'a [u8]> {
    Ok(match v {
        Value::Null => b"null",
        Value::Bool(true) => b"true",
        Value::Bool(false) => b"false",
        Value::Number(n) => n.as_str().as_bytes(),
        Value::Array(a) => a.raw(),
        Value::Object(o) => o.raw(),
        Value::String(s) => {
            let r = range_in(t.buf.as_ptr().addr(), s.raw());
            let with_quotes = r.start.wrapping_sub(1)..r.end.wrapping_add(1);
            t.bytes(&with_quotes)?
        }
    })
}

/// Points `*out_ptr`/`*out_len` at the raw JSON text of claim `name` (any type; strings
/// keep their quotes and escapes). Borrowed from the holder. `OXIDC_NOT_FOUND` when absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_claim_json(
    token: *const oxidc_token,
    name: *const u8,
    name_len: usize,
    out_ptr: *mut *const u8,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        if out_ptr.is_null() || out_len.is_null() {
            return Err(oxidc_result::OXIDC_NULL_PARAMETER);
        }
        let v = t.claim(name)?;
        // SAFETY: forwarded output contract.
        unsafe { borrowed(value_json(t, &v)?, out_ptr, out_len) }
    })
}

/// The strings of a claim that is a string or an array of strings (like `aud`, `scope`).
fn string_list<'a>(t: &'a oxidc_token, name: &str) -> R<Vec<JsonStr<'a>>> {
    match t.claim(name)? {
        Value::String(s) => Ok(vec![s]),
        Value::Array(a) => {
            let mut v = Vec::new();
            let mut it = a.iter();
            while let Some(x) = it.next_value()? {
                v.push(x.as_json_str().ok_or(oxidc_result::OXIDC_INVALID_CLAIM)?);
            }
            Ok(v)
        }
        _ => Err(oxidc_result::OXIDC_INVALID_CLAIM),
    }
}

/// Stores the number of strings in claim `name` in `*out_count`: 1 for a string, the length
/// for an array of strings (e.g. `aud`, an array `scope`). `OXIDC_NOT_FOUND` when absent,
/// `OXIDC_INVALID_CLAIM` for other types or arrays holding non-strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_claim_strings_len(
    token: *const oxidc_token,
    name: *const u8,
    name_len: usize,
    out_count: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out_count) }?;
        out.set(string_list(t, name)?.len());
        Ok(())
    })
}

/// Copies string `index` of claim `name` (a string or an array of strings) into `out`,
/// decoded. `OXIDC_NOT_FOUND` when the claim is absent or the index is out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_claim_strings_get(
    token: *const oxidc_token,
    name: *const u8,
    name_len: usize,
    index: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let list = string_list(t, name)?;
        let s = list.get(index).ok_or(oxidc_result::OXIDC_NOT_FOUND)?;
        write_json_str(s, out)
    })
}

/// Copies the string header member `name` (e.g. `kid`, `typ`) into `out`, decoded.
/// `OXIDC_NOT_FOUND` when absent, `OXIDC_INVALID_HEADER` when not a string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_header_string(
    token: *const oxidc_token,
    name: *const u8,
    name_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let t = unsafe { obj(token) }?;
        // SAFETY: the caller's buffer contract.
        let name = unsafe { arg_str(name, name_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let header = Object::parse(t.header()?)?;
        match header.get(name).ok_or(oxidc_result::OXIDC_NOT_FOUND)? {
            Value::String(s) => write_json_str(&s, out),
            _ => Err(oxidc_result::OXIDC_INVALID_HEADER),
        }
    })
}
