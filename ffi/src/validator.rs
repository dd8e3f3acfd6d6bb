//! Validators: a claims policy built once (`oxidc_validator_builder` → `oxidc_validator`)
//! and used for every token, from any number of threads.
//!
//! Thread-safety: `oxidc_validator` is immutable and may be shared by many threads at once;
//! `oxidc_validator_builder` is used by one thread at a time.

use crate::boundary::{Out, R, arg_str, free, input, obj, obj_mut, to_c, utf8};
use crate::keys::{oxidc_jwk, oxidc_keyset};
use crate::result::oxidc_result;
use crate::token::oxidc_token;
use oxidc::jwt::Required;
use oxidc::limits::MAX_TOKEN_LEN;
use oxidc::{Leeway, UnixTime, UntrustedToken, Validator};

/// Most issuers, audiences or required claim names one validator holds: 16 (each is a
/// linear compare per token; more is `OXIDC_TOO_MANY_VALUES`).
pub const OXIDC_MAX_POLICY_VALUES: usize = 16;
const MAX_POLICY_VALUES: usize = OXIDC_MAX_POLICY_VALUES;

/// `exp` must be present (the default requirement).
pub const OXIDC_REQUIRE_EXP: u32 = 1;
/// `nbf` must be present.
pub const OXIDC_REQUIRE_NBF: u32 = 1 << 1;
/// `iat` must be present.
pub const OXIDC_REQUIRE_IAT: u32 = 1 << 2;
/// `iss` must be present.
pub const OXIDC_REQUIRE_ISS: u32 = 1 << 3;
/// `sub` must be present.
pub const OXIDC_REQUIRE_SUB: u32 = 1 << 4;
/// `aud` must be present.
pub const OXIDC_REQUIRE_AUD: u32 = 1 << 5;
/// `jti` must be present.
pub const OXIDC_REQUIRE_JTI: u32 = 1 << 6;

const REQUIRED: [(u32, Required); 7] = [
    (OXIDC_REQUIRE_EXP, Required::EXP),
    (OXIDC_REQUIRE_NBF, Required::NBF),
    (OXIDC_REQUIRE_IAT, Required::IAT),
    (OXIDC_REQUIRE_ISS, Required::ISS),
    (OXIDC_REQUIRE_SUB, Required::SUB),
    (OXIDC_REQUIRE_AUD, Required::AUD),
    (OXIDC_REQUIRE_JTI, Required::JTI),
];

/// The core's `Required` for an OR of `OXIDC_REQUIRE_*`; unknown bits are
/// `OXIDC_INVALID_ARGUMENT`.
pub(crate) fn required_of(mask: u32) -> R<Required> {
    let known = REQUIRED.iter().fold(0, |m, (bit, _)| m | bit);
    if mask & !known != 0 {
        return Err(oxidc_result::OXIDC_INVALID_ARGUMENT);
    }
    Ok(REQUIRED
        .iter()
        .filter(|(bit, _)| mask & bit != 0)
        .fold(Required::NONE, |r, (_, req)| r | *req))
}

/// The policy, owned (the core's `Validator` borrows it per call; rebuilding is free).
#[derive(Clone, Debug)]
struct Policy {
    issuers: Vec<Box<str>>,
    audiences: Vec<Box<str>>,
    required_claims: Vec<Box<str>>,
    typ: Option<Box<str>>,
    leeway: u32,
    max_age: Option<u32>,
    required: Required,
    allow_future_iat: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            issuers: Vec::new(),
            audiences: Vec::new(),
            required_claims: Vec::new(),
            typ: None,
            leeway: Leeway::DEFAULT.0,
            max_age: None,
            required: Required::EXP,
            allow_future_iat: false,
        }
    }
}

/// Fills `slots` with `values` and returns the filled prefix.
fn refs<'a, 's>(
    values: &'a [Box<str>],
    slots: &'s mut [&'a str; MAX_POLICY_VALUES],
) -> &'s [&'a str] {
    for (slot, v) in slots.iter_mut().zip(values) {
        *slot = v;
    }
    slots.get(..values.len()).unwrap_or(&[])
}

impl Policy {
    /// Runs `f` with the core validator for this policy (built on the stack, no allocation).
    /// The slot arrays are filled only for the lists that are set (a verify with one
    /// issuer and one audience writes two arrays, not three).
    fn with<T>(&self, f: impl FnOnce(&Validator<'_>) -> T) -> T {
        let mut iss;
        let mut aud;
        let mut req;
        let mut v = Validator::new()
            .leeway(Leeway(self.leeway))
            .require(self.required);
        if !self.required_claims.is_empty() {
            req = [""; MAX_POLICY_VALUES];
            v = v.require_claims(refs(&self.required_claims, &mut req));
        }
        if !self.issuers.is_empty() {
            iss = [""; MAX_POLICY_VALUES];
            v = v.issuers(refs(&self.issuers, &mut iss));
        }
        if !self.audiences.is_empty() {
            aud = [""; MAX_POLICY_VALUES];
            v = v.audiences(refs(&self.audiences, &mut aud));
        }
        if let Some(max_age) = self.max_age {
            v = v.max_age(max_age);
        }
        if let Some(typ) = &self.typ {
            v = v.typ(typ);
        }
        if self.allow_future_iat {
            v = v.allow_future_iat();
        }
        f(&v)
    }
}

fn push(list: &mut Vec<Box<str>>, s: &str) -> R<()> {
    if list.len() >= MAX_POLICY_VALUES {
        return Err(oxidc_result::OXIDC_TOO_MANY_VALUES);
    }
    list.push(s.into());
    Ok(())
}

/// Collects a validator's policy. Defaults: leeway 15 s (cryptojwt's skew), `exp`
/// required, `iat` in the future rejected, issuer/audience/`typ` not checked until set.
/// One thread at a time. Free with `oxidc_validator_builder_free`.
#[derive(Debug, Default)]
pub struct oxidc_validator_builder(Policy);

/// A built claims policy. Immutable and thread-safe: build once, verify from many threads
/// at once. Free with `oxidc_validator_free`.
#[derive(Debug)]
pub struct oxidc_validator(Policy);

/// Creates a builder with the default policy; `*out` receives it, owned by the caller.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_builder_new(
    out: *mut *mut oxidc_validator_builder,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        out.set(to_c(oxidc_validator_builder::default()));
        Ok(())
    })
}

/// Frees a builder. NULL is a no-op. Validators built from it are independent of it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_builder_free(builder: *mut oxidc_validator_builder) {
    ffi_value!({
        // SAFETY: from `oxidc_validator_builder_new`, freed once (caller's contract).
        unsafe { free(builder) }
    })
}

fn builder_text(
    builder: *mut oxidc_validator_builder,
    value: *const u8,
    len: usize,
    apply: impl FnOnce(&mut Policy, &str) -> R<()>,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live builder, this thread only (caller's contract).
        let b = unsafe { obj_mut(builder) }?;
        // SAFETY: the caller's buffer contract.
        let s = unsafe { arg_str(value, len) }?;
        apply(&mut b.0, s)
    })
}

/// Adds an accepted issuer: `iss` must equal one of them (at most 16).
/// The text (`len` bytes of UTF-8) is copied; the caller keeps ownership.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_builder_add_issuer(
    builder: *mut oxidc_validator_builder,
    value: *const u8,
    len: usize,
) -> oxidc_result {
    builder_text(builder, value, len, |p, s| push(&mut p.issuers, s))
}

/// Adds an accepted audience: `aud` must contain one of them, and `aud` becomes
/// required (at most 16).
/// The text (`len` bytes of UTF-8) is copied; the caller keeps ownership.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_builder_add_audience(
    builder: *mut oxidc_validator_builder,
    value: *const u8,
    len: usize,
) -> oxidc_result {
    builder_text(builder, value, len, |p, s| push(&mut p.audiences, s))
}

/// Adds a claim name that must be present (at most 16).
/// The text (`len` bytes of UTF-8) is copied; the caller keeps ownership.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_builder_add_required_claim(
    builder: *mut oxidc_validator_builder,
    value: *const u8,
    len: usize,
) -> oxidc_result {
    builder_text(builder, value, len, |p, s| push(&mut p.required_claims, s))
}

/// Expects the header `typ` (case-insensitive, `application/` optional; e.g. `at+jwt`).
/// The text (`len` bytes of UTF-8) is copied; the caller keeps ownership.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_builder_set_typ(
    builder: *mut oxidc_validator_builder,
    value: *const u8,
    len: usize,
) -> oxidc_result {
    builder_text(builder, value, len, |p, s| {
        p.typ = Some(s.into());
        Ok(())
    })
}

/// Sets the clock skew (seconds) allowed on `exp`, `nbf`, `iat` (default 15).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_builder_set_leeway(
    builder: *mut oxidc_validator_builder,
    seconds: u32,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live builder, this thread only (caller's contract).
        let b = unsafe { obj_mut(builder) }?;
        b.0.leeway = seconds;
        Ok(())
    })
}

/// Rejects tokens whose `iat` is more than `seconds` (+ leeway) ago; makes `iat` required.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_builder_set_max_age(
    builder: *mut oxidc_validator_builder,
    seconds: u32,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live builder, this thread only (caller's contract).
        let b = unsafe { obj_mut(builder) }?;
        b.0.max_age = Some(seconds);
        Ok(())
    })
}

/// Sets the registered claims that must be present: an OR of `OXIDC_REQUIRE_*` (replaces
/// the default, `OXIDC_REQUIRE_EXP`; 0 requires none). Unknown bits are
/// `OXIDC_INVALID_ARGUMENT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_builder_set_required(
    builder: *mut oxidc_validator_builder,
    mask: u32,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live builder, this thread only (caller's contract).
        let b = unsafe { obj_mut(builder) }?;
        b.0.required = required_of(mask)?;
        Ok(())
    })
}

/// Accepts `iat` in the future (cryptojwt's `JWT.unpack` does not check it).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_builder_allow_future_iat(
    builder: *mut oxidc_validator_builder,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live builder, this thread only (caller's contract).
        let b = unsafe { obj_mut(builder) }?;
        b.0.allow_future_iat = true;
        Ok(())
    })
}

/// Builds a validator from the builder's current policy; `*out` receives it, owned by the
/// caller (free with `oxidc_validator_free`). The builder is not consumed and may be
/// changed and built again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_builder_build(
    builder: *const oxidc_validator_builder,
    out: *mut *mut oxidc_validator,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live builder (caller's contract).
        let b = unsafe { obj(builder) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        out.set(to_c(oxidc_validator(b.0.clone())));
        Ok(())
    })
}

/// Frees a validator. NULL is a no-op. No other thread may be using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_free(validator: *mut oxidc_validator) {
    ffi_value!({
        // SAFETY: from `oxidc_validator_builder_build`, freed once (caller's contract).
        unsafe { free(validator) }
    })
}

/// Borrows a token argument: longer than 16 KiB is `OXIDC_TOKEN_TOO_LARGE` (before it is
/// read), non-UTF-8 is `OXIDC_INVALID_UTF8`.
pub(crate) unsafe fn token_arg<'a>(ptr: *const u8, len: usize) -> R<&'a str> {
    if !ptr.is_null() && len > MAX_TOKEN_LEN {
        return Err(oxidc_result::OXIDC_TOKEN_TOO_LARGE);
    }
    // SAFETY: forwarded buffer contract.
    let b = unsafe { input(ptr, len) }?;
    utf8(b).map_err(|_| oxidc_result::OXIDC_INVALID_UTF8)
}

/// Verifies the compact JWS `token` (`token_len` bytes) against `keyset` (the key is chosen
/// by `kid`; the key pins the algorithm) and validates its claims at `now` (seconds since
/// the epoch, supplied by the caller). On success the header and claims are stored in
/// `out_token` (replacing what it held); on failure `out_token` is untouched and the result
/// says why. `token` is not retained. Thread-safe for `validator` and `keyset` (share them);
/// `out_token` belongs to the calling thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_verify(
    validator: *const oxidc_validator,
    keyset: *const oxidc_keyset,
    token: *const u8,
    token_len: usize,
    now: i64,
    out_token: *mut oxidc_token,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live validator (caller's contract).
        let v = unsafe { obj(validator) }?;
        // SAFETY: a live key set (caller's contract).
        let ks = unsafe { obj(keyset) }?;
        // SAFETY: the caller's buffer contract.
        let token = unsafe { token_arg(token, token_len) }?;
        // SAFETY: a live holder, this thread only (caller's contract).
        let holder = unsafe { obj_mut(out_token) }?;
        v.0.with(|val| {
            holder.store_jwt(token.len(), |buf| {
                let t = val.verify(token, &ks.0, UnixTime(now), buf)?;
                Ok((*t.header(), *t.claims()))
            })
        })
    })
}

/// Like `oxidc_validator_verify` with one key (e.g. an HMAC client secret for
/// `client_secret_jwt`, or a pinned public key).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_validator_verify_with_key(
    validator: *const oxidc_validator,
    key: *const oxidc_jwk,
    token: *const u8,
    token_len: usize,
    now: i64,
    out_token: *mut oxidc_token,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live validator (caller's contract).
        let v = unsafe { obj(validator) }?;
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: the caller's buffer contract.
        let token = unsafe { token_arg(token, token_len) }?;
        // SAFETY: a live holder, this thread only (caller's contract).
        let holder = unsafe { obj_mut(out_token) }?;
        v.0.with(|val| {
            holder.store_jwt(token.len(), |buf| {
                let t = val.verify_with_key(token, &key.0, UnixTime(now), buf)?;
                Ok((*t.header(), *t.claims()))
            })
        })
    })
}

/// Verifies a plain compact JWS (any payload, not necessarily JWT claims; RFC 7515) against
/// `keyset`. No claims are validated. On success `out_token` holds the header and the raw
/// payload (`oxidc_token_payload`); on failure it is untouched.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_jws_verify(
    keyset: *const oxidc_keyset,
    token: *const u8,
    token_len: usize,
    out_token: *mut oxidc_token,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key set (caller's contract).
        let ks = unsafe { obj(keyset) }?;
        // SAFETY: the caller's buffer contract.
        let token = unsafe { token_arg(token, token_len) }?;
        // SAFETY: a live holder, this thread only (caller's contract).
        let holder = unsafe { obj_mut(out_token) }?;
        let t = UntrustedToken::parse(token)?;
        holder.store_jws(token.len(), |buf| t.verify_jws(&ks.0, buf))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validator_is_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<oxidc_validator>();
    }

    #[test]
    fn required_bits_match_the_core() {
        let all = REQUIRED.iter().fold(0, |m, (b, _)| m | b);
        assert_eq!(all, 0x7f);
    }
}
