//! Keys: verification key sets (JWKS), single verification keys (JWK, HMAC secrets) and
//! signing keys, each parsed once into a handle and reused.
//!
//! Thread-safety: `oxidc_keyset`, `oxidc_jwk` and `oxidc_signing_key` are immutable after
//! construction and may be used from many threads at once (they are `Send + Sync`); only
//! `_free` needs exclusive access.

use crate::P;
use crate::boundary::{Out, OutBuf, R, free, input, opt_arg_str, to_c};
use crate::result::oxidc_result;
use oxidc::{AlgSet, Algorithm, Jwk, KeySet, KidForm, SigningKey};

/// Most usable keys one `oxidc_keyset` holds: 16 (real sets rotate 2–6 keys; a set with more
/// usable signing keys is `OXIDC_TOO_MANY_KEYS`).
pub const OXIDC_KEYSET_CAPACITY: usize = 16;

/// A JWS algorithm (RFC 7518 §3.1). There is no `none`. Passed as `uint32_t`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_alg {
    /// HMAC with SHA-256.
    OXIDC_ALG_HS256 = 1,
    /// HMAC with SHA-384.
    OXIDC_ALG_HS384 = 2,
    /// HMAC with SHA-512.
    OXIDC_ALG_HS512 = 3,
    /// ECDSA P-256 with SHA-256.
    OXIDC_ALG_ES256 = 4,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    OXIDC_ALG_RS256 = 5,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    OXIDC_ALG_RS384 = 6,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    OXIDC_ALG_RS512 = 7,
    /// RSASSA-PSS with SHA-256.
    OXIDC_ALG_PS256 = 8,
    /// RSASSA-PSS with SHA-384.
    OXIDC_ALG_PS384 = 9,
    /// RSASSA-PSS with SHA-512.
    OXIDC_ALG_PS512 = 10,
}

/// "Use the key's own algorithm" where an `oxidc_alg` argument allows it.
pub const OXIDC_ALG_DEFAULT: u32 = 0;

/// Which kid a thumbprint is rendered as (`JWT.md` §6).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_kid_form {
    /// cryptojwt ≥ 1.10: the RFC 7638 SHA-256 thumbprint, base64url (43 characters).
    OXIDC_KID_RFC7638 = 0,
    /// cryptojwt ≤ 1.9: base64url of the thumbprint text (58 characters).
    OXIDC_KID_CRYPTOJWT_LEGACY = 1,
}

/// Which kid a signing key writes into headers.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_signing_kid {
    /// The JWK's own `kid` (none if it has none): cryptojwt's behaviour.
    OXIDC_SIGNING_KID_FROM_JWK = 0,
    /// The key's RFC 7638 thumbprint (cryptojwt ≥ 1.10's assigned kid).
    OXIDC_SIGNING_KID_RFC7638 = 1,
    /// The cryptojwt ≤ 1.9 thumbprint kid.
    OXIDC_SIGNING_KID_CRYPTOJWT_LEGACY = 2,
}

const ALGS: [(oxidc_alg, Algorithm); 10] = [
    (oxidc_alg::OXIDC_ALG_HS256, Algorithm::HS256),
    (oxidc_alg::OXIDC_ALG_HS384, Algorithm::HS384),
    (oxidc_alg::OXIDC_ALG_HS512, Algorithm::HS512),
    (oxidc_alg::OXIDC_ALG_ES256, Algorithm::ES256),
    (oxidc_alg::OXIDC_ALG_RS256, Algorithm::RS256),
    (oxidc_alg::OXIDC_ALG_RS384, Algorithm::RS384),
    (oxidc_alg::OXIDC_ALG_RS512, Algorithm::RS512),
    (oxidc_alg::OXIDC_ALG_PS256, Algorithm::PS256),
    (oxidc_alg::OXIDC_ALG_PS384, Algorithm::PS384),
    (oxidc_alg::OXIDC_ALG_PS512, Algorithm::PS512),
];

impl oxidc_alg {
    /// The number C sees.
    #[allow(clippy::as_conversions)] // a fieldless repr(u32) enum's discriminant
    pub const fn code(self) -> u32 {
        self as u32
    }
}

/// The core algorithm for a C `oxidc_alg` number.
pub(crate) fn alg_from(code: u32) -> R<Algorithm> {
    ALGS.iter()
        .find(|(c, _)| c.code() == code)
        .map(|(_, a)| *a)
        .ok_or(oxidc_result::OXIDC_INVALID_ARGUMENT)
}

/// The C number of a core algorithm.
pub(crate) fn alg_code(alg: Algorithm) -> u32 {
    ALGS.iter()
        .find(|(_, a)| *a == alg)
        .map_or(0, |(c, _)| c.code())
}

fn kid_form(code: u32) -> R<KidForm> {
    match code {
        0 => Ok(KidForm::Rfc7638),
        1 => Ok(KidForm::CryptojwtLegacy),
        _ => Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
    }
}

fn alg_mask(set: AlgSet) -> u32 {
    set.iter().fold(0, |m, a| m | (1 << alg_code(a)))
}

/// A parsed JWK Set: the verification keys for `oxidc_validator_verify`. Immutable;
/// thread-safe (share one across threads). Free with `oxidc_keyset_free`.
pub struct oxidc_keyset(pub(crate) KeySet<P, OXIDC_KEYSET_CAPACITY>);

/// One verification key (a JWK or an HMAC secret), for `oxidc_validator_verify_with_key`.
/// Immutable; thread-safe. Free with `oxidc_jwk_free`.
pub struct oxidc_jwk(pub(crate) Jwk<P>);

/// A private key parsed once into a signing handle with its one algorithm and its kid.
/// Immutable; thread-safe (signing from many threads at once is fine). Free with
/// `oxidc_signing_key_free`.
pub struct oxidc_signing_key(pub(crate) SigningKey<P>);

/// Parses a JWK Set (`{"keys": [...]}`, RFC 7517 §5) from `json` (`json_len` bytes, not
/// NUL-terminated). Keys of unsupported types/curves and encryption keys are skipped (see
/// `oxidc_keyset_skipped`); any other malformed key fails the whole set.
/// On success `*out` receives a new key set owned by the caller (free it with
/// `oxidc_keyset_free`); `json` is not retained. On failure `*out` is untouched.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_keyset_from_jwks(
    json: *const u8,
    json_len: usize,
    out: *mut *mut oxidc_keyset,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let json = unsafe { input(json, json_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let set = Box::new(oxidc_keyset(KeySet::from_jwks(json)?));
        out.set(Box::into_raw(set));
        Ok(())
    })
}

/// Frees a key set. NULL is a no-op. No other thread may be using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_keyset_free(keyset: *mut oxidc_keyset) {
    ffi_value!({
        // SAFETY: from `oxidc_keyset_from_jwks`, freed once (caller's contract).
        unsafe { free(keyset) }
    })
}

fn keyset_key(ks: &oxidc_keyset, index: usize) -> R<&Jwk<P>> {
    ks.0.keys().nth(index).ok_or(oxidc_result::OXIDC_NOT_FOUND)
}

/// Stores the number of usable keys in `*out_len`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_keyset_len(
    keyset: *const oxidc_keyset,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key set (caller's contract).
        let ks = unsafe { crate::boundary::obj(keyset) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out_len) }?;
        out.set(ks.0.len());
        Ok(())
    })
}

/// Stores the number of keys skipped while parsing (unsupported type or curve, or not for
/// signatures) in `*out_skipped`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_keyset_skipped(
    keyset: *const oxidc_keyset,
    out_skipped: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key set (caller's contract).
        let ks = unsafe { crate::boundary::obj(keyset) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out_skipped) }?;
        out.set(ks.0.skipped());
        Ok(())
    })
}

/// Copies the `kid` of the key at `index` (document order, usable keys only) into `out`.
/// `OXIDC_NOT_FOUND` if the index is out of range or the key has no kid. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_keyset_kid(
    keyset: *const oxidc_keyset,
    index: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key set (caller's contract).
        let ks = unsafe { crate::boundary::obj(keyset) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let kid = keyset_key(ks, index)?
            .kid()
            .ok_or(oxidc_result::OXIDC_NOT_FOUND)?;
        out.write(kid.as_bytes())
    })
}

/// Writes the thumbprint kid (`form`: an `oxidc_kid_form`) of the key at `index` into `out`
/// (at most 58 bytes). Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_keyset_thumbprint_kid(
    keyset: *const oxidc_keyset,
    index: usize,
    form: u32,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key set (caller's contract).
        let ks = unsafe { crate::boundary::obj(keyset) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let form = kid_form(form)?;
        let key = keyset_key(ks, index)?;
        thumbprint_out(|buf| key.thumbprint_kid(form, buf), out)
    })
}

fn thumbprint_out(
    make: impl FnOnce(&mut [u8]) -> Result<usize, oxidc::Error>,
    out: OutBuf,
) -> R<()> {
    let mut buf = [0u8; 64];
    let n = make(&mut buf)?;
    out.write(buf.get(..n).ok_or(oxidc_result::OXIDC_PANIC)?)
}

/// Stores the index of the first usable key whose kid equals `kid` (`kid_len` bytes) in
/// `*out_index`; `OXIDC_NOT_FOUND` if none. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_keyset_find(
    keyset: *const oxidc_keyset,
    kid: *const u8,
    kid_len: usize,
    out_index: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key set (caller's contract).
        let ks = unsafe { crate::boundary::obj(keyset) }?;
        // SAFETY: the caller's buffer contract.
        let kid = unsafe { input(kid, kid_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out_index) }?;
        let i =
            ks.0.keys()
                .position(|k| k.kid().is_some_and(|x| x.as_bytes() == kid))
                .ok_or(oxidc_result::OXIDC_NOT_FOUND)?;
        out.set(i);
        Ok(())
    })
}

/// Parses one public JWK (RFC 7517) from `json`. On success `*out` receives a new key owned
/// by the caller (free with `oxidc_jwk_free`); `json` is not retained.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_jwk_from_json(
    json: *const u8,
    json_len: usize,
    out: *mut *mut oxidc_jwk,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let json = unsafe { input(json, json_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        out.set(to_c(oxidc_jwk(Jwk::from_json(json)?)));
        Ok(())
    })
}

/// An HMAC verification key from raw secret bytes (e.g. a client secret for
/// `client_secret_jwt`): `alg` an HMAC `oxidc_alg`, or `OXIDC_ALG_DEFAULT` for all three.
/// Secrets shorter than 16 bytes are `OXIDC_KEY_TOO_SHORT`. The secret is copied (and
/// zeroised when the key is freed); the caller keeps ownership of `secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_jwk_from_hmac_secret(
    secret: *const u8,
    secret_len: usize,
    alg: u32,
    out: *mut *mut oxidc_jwk,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let secret = unsafe { input(secret, secret_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let algs = if alg == OXIDC_ALG_DEFAULT {
            AlgSet::HMAC
        } else {
            let a = alg_from(alg)?;
            if !AlgSet::HMAC.contains(a) {
                return Err(oxidc_result::OXIDC_ALGORITHM_MISMATCH);
            }
            AlgSet::only(a)
        };
        out.set(to_c(oxidc_jwk(Jwk::hmac(secret, algs)?)));
        Ok(())
    })
}

/// Frees a key. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_jwk_free(jwk: *mut oxidc_jwk) {
    ffi_value!({
        // SAFETY: from an `oxidc_jwk_*` constructor, freed once (caller's contract).
        unsafe { free(jwk) }
    })
}

/// Copies the key's `kid` into `out`; `OXIDC_NOT_FOUND` if it has none. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_jwk_kid(
    jwk: *const oxidc_jwk,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let k = unsafe { crate::boundary::obj(jwk) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        out.write(k.0.kid().ok_or(oxidc_result::OXIDC_NOT_FOUND)?.as_bytes())
    })
}

/// Writes the key's thumbprint kid (`form`: an `oxidc_kid_form`) into `out` (at most 58
/// bytes). Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_jwk_thumbprint_kid(
    jwk: *const oxidc_jwk,
    form: u32,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let k = unsafe { crate::boundary::obj(jwk) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let form = kid_form(form)?;
        thumbprint_out(|buf| k.0.thumbprint_kid(form, buf), out)
    })
}

/// Stores the algorithms the key allows in `*out_mask`: bit `1 << alg` for each allowed
/// `oxidc_alg`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_jwk_algorithms(
    jwk: *const oxidc_jwk,
    out_mask: *mut u32,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let k = unsafe { crate::boundary::obj(jwk) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out_mask) }?;
        out.set(alg_mask(k.0.algorithms()));
        Ok(())
    })
}

fn finish_signing_key(key: SigningKey<P>, alg: u32, kid: u32) -> R<SigningKey<P>> {
    let key = if alg == OXIDC_ALG_DEFAULT {
        key
    } else {
        key.with_algorithm(alg_from(alg)?)?
    };
    Ok(match kid {
        0 => key,
        1 => key.with_thumbprint_kid(KidForm::Rfc7638)?,
        2 => key.with_thumbprint_kid(KidForm::CryptojwtLegacy)?,
        _ => return Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
    })
}

/// Parses a private JWK (EC P-256 with `d`, RSA with `d, p, q` (+ CRT members), or `oct`)
/// into a signing key. `alg`: an `oxidc_alg` of the key's family, or `OXIDC_ALG_DEFAULT`
/// for the JWK's `alg` (else HS256 / ES256 / RS256 by key type). `kid`: an
/// `oxidc_signing_kid`. On success `*out` receives a new key owned by the caller (free with
/// `oxidc_signing_key_free`, which zeroises secrets); `json` is not retained.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_signing_key_from_jwk(
    json: *const u8,
    json_len: usize,
    alg: u32,
    kid: u32,
    out: *mut *mut oxidc_signing_key,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let json = unsafe { input(json, json_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let key = finish_signing_key(SigningKey::from_jwk(json)?, alg, kid)?;
        out.set(to_c(oxidc_signing_key(key)));
        Ok(())
    })
}

/// An HMAC signing key from raw secret bytes (`alg` an HMAC `oxidc_alg`), with an optional
/// kid (`kid` NULL: none). The secret is copied; the caller keeps `secret` and `kid`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_signing_key_from_hmac_secret(
    secret: *const u8,
    secret_len: usize,
    alg: u32,
    kid: *const u8,
    kid_len: usize,
    out: *mut *mut oxidc_signing_key,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let secret = unsafe { input(secret, secret_len) }?;
        // SAFETY: the caller's buffer contract (optional).
        let kid = unsafe { opt_arg_str(kid, kid_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let mut key = SigningKey::hmac(secret, alg_from(alg)?)?;
        if let Some(kid) = kid {
            key = key.with_kid(kid)?;
        }
        out.set(to_c(oxidc_signing_key(key)));
        Ok(())
    })
}

/// Frees a signing key (secrets are zeroised). NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_signing_key_free(key: *mut oxidc_signing_key) {
    ffi_value!({
        // SAFETY: from an `oxidc_signing_key_*` constructor, freed once (caller's contract).
        unsafe { free(key) }
    })
}

/// Stores the key's signing algorithm (an `oxidc_alg`) in `*out_alg`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_signing_key_algorithm(
    key: *const oxidc_signing_key,
    out_alg: *mut u32,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let k = unsafe { crate::boundary::obj(key) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out_alg) }?;
        out.set(alg_code(k.0.algorithm()));
        Ok(())
    })
}

/// Copies the kid the key writes into headers into `out`; `OXIDC_NOT_FOUND` if none.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_signing_key_kid(
    key: *const oxidc_signing_key,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let k = unsafe { crate::boundary::obj(key) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        out.write(k.0.kid().ok_or(oxidc_result::OXIDC_NOT_FOUND)?.as_bytes())
    })
}

/// Writes the thumbprint kid (`form`: an `oxidc_kid_form`) of the key's public part into
/// `out` (at most 58 bytes). Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_signing_key_thumbprint_kid(
    key: *const oxidc_signing_key,
    form: u32,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let k = unsafe { crate::boundary::obj(key) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let form = kid_form(form)?;
        thumbprint_out(|buf| k.0.thumbprint().kid(form, buf), out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn keys_are_shareable_across_threads() {
        assert_send_sync::<oxidc_keyset>();
        assert_send_sync::<oxidc_jwk>();
        assert_send_sync::<oxidc_signing_key>();
    }

    #[test]
    fn alg_numbers_round_trip() {
        for a in Algorithm::ALL {
            assert_eq!(alg_from(alg_code(a)), Ok(a));
        }
        assert_eq!(alg_from(0), Err(oxidc_result::OXIDC_INVALID_ARGUMENT));
        assert_eq!(alg_from(11), Err(oxidc_result::OXIDC_INVALID_ARGUMENT));
    }
}
