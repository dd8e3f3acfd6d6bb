//! The one result enum of the C ABI: explicit numbers, banded by layer, never reused.
//!
//! | band | numbers | meaning |
//! |---|---|---|
//! | ok | 0 | success |
//! | parse | 100–199 | bytes that are not well-formed |
//! | limit | 200–299 | a named limit on attacker input was exceeded |
//! | jose | 300–399 | algorithms, headers, keys, signatures |
//! | claims | 400–499 | JWT claims validation |
//! | oauth | 500–599 | OAuth/OIDC messages, client authentication, PKCE |
//! | grant | 600–699 | grant usage rules |
//! | opaque | 700–799 | opaque tokens, session ids, cookies |
//! | buffer | 800–899 | a caller buffer is too small |
//! | crypto | 900–999 | the crypto provider failed or lacks a capability |
//! | ffi | 1000–1099 | misuse of the C API itself (NULL, panics, bad arguments) |
//!
//! Every core [`Error`] has its own code in the explicit table [`code_of`]; a test iterates
//! [`Error::ALL`] and fails while a variant falls through to `OXIDC_UNMAPPED_ERROR`.

use crate::boundary::OutBuf;
use oxidc::Error;

/// The result of every fallible C call. `OXIDC_OK` (0) is success; anything else says why
/// not, and the numbers never change meaning (`oxidc_result_name`, `oxidc_result_message`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum oxidc_result {
    /// Success.
    OXIDC_OK = 0,
    // ---- parse
    /// `invalid_base64`: Text is not valid base64url (RFC 4648 §5, no padding) or standard base64 where that is expected: a character outside the alphabet, a length of 1 mod 4, or padding.
    OXIDC_INVALID_BASE64 = 100,
    /// `invalid_utf8`: Bytes are not valid UTF-8 (RFC 8259 §8.1).
    OXIDC_INVALID_UTF8 = 101,
    /// `invalid_json`: Text is not valid JSON (RFC 8259): syntax, a bad escape, a lone surrogate, a control character in a string, or a number with a leading zero.
    OXIDC_INVALID_JSON = 102,
    /// `duplicate_member`: A JSON object repeats a member name (RFC 7515 §4, RFC 7519 §4: names MUST be unique).
    OXIDC_DUPLICATE_MEMBER = 103,
    /// `not_an_object`: A JOSE header, claims set or JWK is valid JSON but not a JSON object.
    OXIDC_NOT_AN_OBJECT = 104,
    /// `malformed_token`: A compact JWS is not three non-empty base64url parts separated by two dots (RFC 7515 §7.1).
    OXIDC_MALFORMED_TOKEN = 105,
    // ---- limit
    /// `token_too_large`: The token exceeds `limits::MAX_TOKEN_LEN`.
    OXIDC_TOKEN_TOO_LARGE = 200,
    /// `header_too_large`: A JOSE header exceeds `limits::MAX_HEADER_LEN`.
    OXIDC_HEADER_TOO_LARGE = 201,
    /// `json_too_deep`: JSON nesting exceeds `limits::MAX_JSON_DEPTH`.
    OXIDC_JSON_TOO_DEEP = 202,
    /// `too_many_members`: A JSON object or array has more entries than `limits::MAX_JSON_MEMBERS`.
    OXIDC_TOO_MANY_MEMBERS = 203,
    /// `value_too_long`: A single value (a kid, a claim, a parameter) exceeds its named length limit.
    OXIDC_VALUE_TOO_LONG = 204,
    /// `too_many_keys`: A JWK Set has more keys than `limits::MAX_JWKS_KEYS` or than the set's capacity.
    OXIDC_TOO_MANY_KEYS = 205,
    // ---- jose
    /// `algorithm_none`: The header's `alg` is `none` in any spelling (RFC 8725 §3.1); never accepted.
    OXIDC_ALGORITHM_NONE = 300,
    /// `unsupported_algorithm`: The header's `alg` names an algorithm this library does not implement.
    OXIDC_UNSUPPORTED_ALGORITHM = 301,
    /// `algorithm_mismatch`: The header's `alg` is not the algorithm pinned by the selected key (RFC 8725 §3.1, §2.1 algorithm confusion: e.g. HS256 against an EC or RSA public key).
    OXIDC_ALGORITHM_MISMATCH = 302,
    /// `missing_algorithm`: The JOSE header has no `alg` member (RFC 7515 §4.1.1).
    OXIDC_MISSING_ALGORITHM = 303,
    /// `unsupported_critical`: The header lists `crit` extensions; none are understood (RFC 7515 §4.1.11).
    OXIDC_UNSUPPORTED_CRITICAL = 304,
    /// `unencoded_payload`: The header has `b64: false`; unencoded payloads are not supported (RFC 7797).
    OXIDC_UNENCODED_PAYLOAD = 305,
    /// `invalid_header`: A JOSE header member has the wrong JSON type (e.g. a non-string `kid`).
    OXIDC_INVALID_HEADER = 306,
    /// `unknown_key`: No key in the set matches the token's `kid` (or, without `kid`, its algorithm): the caller may refresh its JWKS and retry.
    OXIDC_UNKNOWN_KEY = 307,
    /// `bad_signature`: The signature does not verify. Deliberately says nothing more.
    OXIDC_BAD_SIGNATURE = 308,
    /// `unsupported_key_type`: A JWK has a `kty` this library does not support (RFC 7517 §4.1).
    OXIDC_UNSUPPORTED_KEY_TYPE = 309,
    /// `unsupported_curve`: An EC JWK names a curve other than P-256 (RFC 7518 §6.2.1.1).
    OXIDC_UNSUPPORTED_CURVE = 310,
    /// `missing_key_member`: A JWK lacks a member its key type requires (RFC 7518 §6).
    OXIDC_MISSING_KEY_MEMBER = 311,
    /// `invalid_key`: A JWK member is malformed: wrong length, not on the curve, wrong JSON type.
    OXIDC_INVALID_KEY = 312,
    /// `key_too_short`: An `oct` key is shorter than `limits::MIN_HMAC_KEY_LEN` bytes.
    OXIDC_KEY_TOO_SHORT = 313,
    /// `key_use_mismatch`: The key's `use` or `key_ops` forbid the requested operation (RFC 7517 §4.2, §4.3).
    OXIDC_KEY_USE_MISMATCH = 314,
    /// `not_a_private_key`: Signing was requested with a key that has no private part.
    OXIDC_NOT_A_PRIVATE_KEY = 315,
    // ---- claims
    /// `expired`: `now >= exp + leeway` (RFC 7519 §4.1.4, cryptojwt's rule).
    OXIDC_EXPIRED = 400,
    /// `not_yet_valid`: `now < nbf - leeway` (RFC 7519 §4.1.5).
    OXIDC_NOT_YET_VALID = 401,
    /// `issued_in_future`: `iat > now + leeway`: issued in the future.
    OXIDC_ISSUED_IN_FUTURE = 402,
    /// `token_too_old`: `now - iat` exceeds the validator's maximum token age.
    OXIDC_TOKEN_TOO_OLD = 403,
    /// `issuer_mismatch`: `iss` is not one of the expected issuers (RFC 7519 §4.1.1).
    OXIDC_ISSUER_MISMATCH = 404,
    /// `audience_mismatch`: `aud` does not contain an expected audience (RFC 7519 §4.1.3).
    OXIDC_AUDIENCE_MISMATCH = 405,
    /// `missing_claim`: A required claim is absent (a configured audience makes `aud` required).
    OXIDC_MISSING_CLAIM = 406,
    /// `invalid_claim`: A registered claim has the wrong JSON type or range (e.g. `exp` not an integer).
    OXIDC_INVALID_CLAIM = 407,
    /// `type_mismatch`: The header's `typ` is not the expected one (RFC 8725 §3.11).
    OXIDC_TYPE_MISMATCH = 408,
    // ---- opaque
    /// `bad_fernet_token`: A Fernet token does not open under this key (Fernet spec v0x80 `InvalidToken`): not base64url with padding, wrong version byte, bad length, HMAC mismatch, or bad PKCS#7.
    OXIDC_BAD_FERNET_TOKEN = 700,
    /// `malformed_lv`: Length-value packed text is malformed (idpyoidc `lv_unpack` raises): a length that is not ASCII digits, no `:`, fewer code points than announced, or the wrong field count.
    OXIDC_MALFORMED_LV = 701,
    /// `unknown_token`: An opaque token (authorization code, refresh or access token) does not decrypt under this key or its plaintext is malformed (idpyoidc `DefaultToken.split_token` raises `UnknownToken`). Tampering, truncation and a wrong key all end here.
    OXIDC_UNKNOWN_TOKEN = 702,
    /// `wrong_token_class`: An opaque token decrypted but names another token class than the handler's class or its one-letter alias (idpyoidc `DefaultToken.info` raises `WrongTokenClass`).
    OXIDC_WRONG_TOKEN_CLASS = 703,
    /// `invalid_session_id`: A session id (encrypted branch id) does not decrypt under the session key or does not hold `user;;client;;grant` (idpyoidc `decrypt_branch_id` raises `ValueError`).
    OXIDC_INVALID_SESSION_ID = 704,
    /// `invalid_cookie`: A cookie value does not verify or decrypt under the configured keys, or is not `value::type` inside (idpyoidc `CookieHandler.parse_cookie` drops it).
    OXIDC_INVALID_COOKIE = 705,
    /// `negative_timestamp`: A negative `now` cannot be written as Fernet's unsigned 64-bit timestamp (Fernet spec; Python's `int.to_bytes` raises `OverflowError`).
    OXIDC_NEGATIVE_TIMESTAMP = 706,
    // ---- buffer
    /// `buffer_too_small`: A caller-supplied output buffer is too small; nothing usable was written.
    OXIDC_BUFFER_TOO_SMALL = 800,
    // ---- crypto
    /// `unsupported_by_provider`: The crypto provider in use does not implement this algorithm (e.g. RSA on the pure-Rust provider).
    OXIDC_UNSUPPORTED_BY_PROVIDER = 900,
    /// `crypto_failure`: The crypto provider reported an internal failure while signing.
    OXIDC_CRYPTO_FAILURE = 901,
    // ---- ffi
    /// `null_parameter`: a required pointer argument was NULL.
    OXIDC_NULL_PARAMETER = 1000,
    /// `panic`: an internal panic was caught at the boundary (a bug; please report it).
    OXIDC_PANIC = 1001,
    /// `invalid_utf8_argument`: a text argument (issuer, name, kid, claim value) is not UTF-8.
    OXIDC_INVALID_UTF8_ARGUMENT = 1002,
    /// `input_too_large`: an input length exceeds 1 MiB, more than any input oxidc accepts
    /// (checked before any byte is read).
    OXIDC_INPUT_TOO_LARGE = 1003,
    /// `not_found`: the requested claim, member or index is absent.
    OXIDC_NOT_FOUND = 1004,
    /// `no_token`: the `oxidc_token` holds no successfully verified token yet.
    OXIDC_NO_TOKEN = 1005,
    /// `invalid_argument`: an enum argument has an unknown value or arguments contradict each
    /// other (e.g. an unknown `oxidc_alg`).
    OXIDC_INVALID_ARGUMENT = 1006,
    /// `too_many_values`: more values than the object holds (e.g. more than 16 issuers).
    OXIDC_TOO_MANY_VALUES = 1007,
    /// `unmapped_error`: a core error this build has no code for (never expected: a test
    /// proves every core error has its own code).
    OXIDC_UNMAPPED_ERROR = 1099,
}

use oxidc_result::*;

impl oxidc_result {
    /// The code's number, as C sees it.
    #[allow(clippy::as_conversions)] // reading a fieldless repr(u32) enum's discriminant
    pub const fn code(self) -> u32 {
        self as u32
    }
}

/// The explicit table: every core error and its code.
pub fn code_of(e: Error) -> oxidc_result {
    match e {
        Error::InvalidBase64 => OXIDC_INVALID_BASE64,
        Error::InvalidUtf8 => OXIDC_INVALID_UTF8,
        Error::InvalidJson => OXIDC_INVALID_JSON,
        Error::DuplicateMember => OXIDC_DUPLICATE_MEMBER,
        Error::NotAnObject => OXIDC_NOT_AN_OBJECT,
        Error::MalformedToken => OXIDC_MALFORMED_TOKEN,
        Error::TokenTooLarge => OXIDC_TOKEN_TOO_LARGE,
        Error::HeaderTooLarge => OXIDC_HEADER_TOO_LARGE,
        Error::JsonTooDeep => OXIDC_JSON_TOO_DEEP,
        Error::TooManyMembers => OXIDC_TOO_MANY_MEMBERS,
        Error::ValueTooLong => OXIDC_VALUE_TOO_LONG,
        Error::TooManyKeys => OXIDC_TOO_MANY_KEYS,
        Error::AlgorithmNone => OXIDC_ALGORITHM_NONE,
        Error::UnsupportedAlgorithm => OXIDC_UNSUPPORTED_ALGORITHM,
        Error::AlgorithmMismatch => OXIDC_ALGORITHM_MISMATCH,
        Error::MissingAlgorithm => OXIDC_MISSING_ALGORITHM,
        Error::UnsupportedCritical => OXIDC_UNSUPPORTED_CRITICAL,
        Error::UnencodedPayload => OXIDC_UNENCODED_PAYLOAD,
        Error::InvalidHeader => OXIDC_INVALID_HEADER,
        Error::UnknownKey => OXIDC_UNKNOWN_KEY,
        Error::BadSignature => OXIDC_BAD_SIGNATURE,
        Error::UnsupportedKeyType => OXIDC_UNSUPPORTED_KEY_TYPE,
        Error::UnsupportedCurve => OXIDC_UNSUPPORTED_CURVE,
        Error::MissingKeyMember => OXIDC_MISSING_KEY_MEMBER,
        Error::InvalidKey => OXIDC_INVALID_KEY,
        Error::KeyTooShort => OXIDC_KEY_TOO_SHORT,
        Error::KeyUseMismatch => OXIDC_KEY_USE_MISMATCH,
        Error::NotAPrivateKey => OXIDC_NOT_A_PRIVATE_KEY,
        Error::Expired => OXIDC_EXPIRED,
        Error::NotYetValid => OXIDC_NOT_YET_VALID,
        Error::IssuedInFuture => OXIDC_ISSUED_IN_FUTURE,
        Error::TokenTooOld => OXIDC_TOKEN_TOO_OLD,
        Error::IssuerMismatch => OXIDC_ISSUER_MISMATCH,
        Error::AudienceMismatch => OXIDC_AUDIENCE_MISMATCH,
        Error::MissingClaim => OXIDC_MISSING_CLAIM,
        Error::InvalidClaim => OXIDC_INVALID_CLAIM,
        Error::TypeMismatch => OXIDC_TYPE_MISMATCH,
        Error::BufferTooSmall => OXIDC_BUFFER_TOO_SMALL,
        Error::UnsupportedByProvider => OXIDC_UNSUPPORTED_BY_PROVIDER,
        Error::CryptoFailure => OXIDC_CRYPTO_FAILURE,

        Error::BadFernetToken => OXIDC_BAD_FERNET_TOKEN,
        Error::MalformedLv => OXIDC_MALFORMED_LV,
        Error::UnknownToken => OXIDC_UNKNOWN_TOKEN,
        Error::WrongTokenClass => OXIDC_WRONG_TOKEN_CLASS,
        Error::InvalidSessionId => OXIDC_INVALID_SESSION_ID,
        Error::InvalidCookie => OXIDC_INVALID_COOKIE,
        Error::NegativeTimestamp => OXIDC_NEGATIVE_TIMESTAMP,
        // A variant added to the core without a code here: the `every_error_has_its_own_code`
        // test fails until it gets one.
        _ => OXIDC_UNMAPPED_ERROR,
    }
}

impl From<Error> for oxidc_result {
    fn from(e: Error) -> Self {
        code_of(e)
    }
}

/// The core error behind a code, if it is one.
pub fn core_error(code: u32) -> Option<Error> {
    Error::ALL
        .iter()
        .copied()
        .find(|e| code_of(*e).code() == code)
}

const FFI_CODES: &[(oxidc_result, &str, &str)] = &[
    (OXIDC_OK, "ok", "success"),
    (
        OXIDC_NULL_PARAMETER,
        "null_parameter",
        "a required pointer argument was NULL",
    ),
    (
        OXIDC_PANIC,
        "panic",
        "internal panic caught at the C boundary",
    ),
    (
        OXIDC_INVALID_UTF8_ARGUMENT,
        "invalid_utf8_argument",
        "a text argument is not valid UTF-8",
    ),
    (
        OXIDC_INPUT_TOO_LARGE,
        "input_too_large",
        "input length exceeds the 1 MiB the C API accepts",
    ),
    (
        OXIDC_NOT_FOUND,
        "not_found",
        "no such claim, member or index",
    ),
    (
        OXIDC_NO_TOKEN,
        "no_token",
        "no verified token has been stored in this oxidc_token",
    ),
    (
        OXIDC_INVALID_ARGUMENT,
        "invalid_argument",
        "unknown enum value or contradictory arguments",
    ),
    (
        OXIDC_TOO_MANY_VALUES,
        "too_many_values",
        "more values than the object holds",
    ),
    (
        OXIDC_UNMAPPED_ERROR,
        "unmapped_error",
        "core error without a C code (a bug in this build)",
    ),
];

/// (name, message) of a code, or `None` for a number that is no code.
fn describe(code: u32) -> Option<(&'static str, &'static str)> {
    if let Some(e) = core_error(code) {
        return Some((e.as_str(), e.message()));
    }
    FFI_CODES
        .iter()
        .find(|(c, _, _)| c.code() == code)
        .map(|(_, n, m)| (*n, *m))
}

/// Copies the one-line English explanation of `result` (an `oxidc_result` value) into
/// `out` (`out_cap` bytes, not NUL-terminated) and stores its length in `*out_len`.
/// Unknown numbers get "unknown result code". The text never contains secrets or input.
/// `OXIDC_BUFFER_TOO_SMALL` when it does not fit (256 bytes always suffice).
/// Ownership: the caller owns `out`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_result_message(
    result: u32,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let text = describe(result).map_or("unknown result code", |(_, m)| m);
        out.write(text.as_bytes())
    })
}

/// Copies the stable snake_case name of `result` (e.g. `expired`, `null_parameter`; the
/// core's error names) into `out`, like [`oxidc_result_message`]. Unknown numbers get
/// `unknown`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_result_name(
    result: u32,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let text = describe(result).map_or("unknown", |(n, _)| n);
        out.write(text.as_bytes())
    })
}

fn in_band(result: u32, hundreds: u32) -> bool {
    result / 100 == hundreds && describe(result).is_some()
}

/// Whether `result` is a parse error (1xx): malformed base64, UTF-8, JSON or token. Unknown numbers are in no band. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_result_is_parse(result: u32) -> bool {
    ffi_value!({ in_band(result, 1) })
}

/// Whether `result` is a limit error (2xx): attacker input exceeded a named bound. Unknown numbers are in no band. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_result_is_limit(result: u32) -> bool {
    ffi_value!({ in_band(result, 2) })
}

/// Whether `result` is a JOSE error (3xx): algorithm, header, key or signature. Unknown numbers are in no band. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_result_is_jose(result: u32) -> bool {
    ffi_value!({ in_band(result, 3) })
}

/// Whether `result` is a claims error (4xx): the token verified but its claims fail the policy. Unknown numbers are in no band. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_result_is_claims(result: u32) -> bool {
    ffi_value!({ in_band(result, 4) })
}

/// Whether `result` is an OAuth/OIDC error (5xx): messages, client authentication, PKCE. Unknown numbers are in no band. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_result_is_oauth(result: u32) -> bool {
    ffi_value!({ in_band(result, 5) })
}

/// Whether `result` is a grant-rule error (6xx). Unknown numbers are in no band. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_result_is_grant(result: u32) -> bool {
    ffi_value!({ in_band(result, 6) })
}

/// Whether `result` is an opaque-token error (7xx): Fernet codes, session ids, cookies. Unknown numbers are in no band. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_result_is_opaque(result: u32) -> bool {
    ffi_value!({ in_band(result, 7) })
}

/// Whether `result` is a buffer error (8xx): a caller buffer is too small. Unknown numbers are in no band. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_result_is_buffer(result: u32) -> bool {
    ffi_value!({ in_band(result, 8) })
}

/// Whether `result` is a crypto-provider error (9xx). Unknown numbers are in no band. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_result_is_crypto(result: u32) -> bool {
    ffi_value!({ in_band(result, 9) })
}

/// Whether `result` is a misuse of the C API (10xx): NULL, panic, bad argument. Unknown numbers are in no band. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_result_is_ffi(result: u32) -> bool {
    ffi_value!({ in_band(result, 10) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxidc::Band;
    use std::collections::HashSet;

    fn band_hundreds(b: Band) -> u32 {
        match b {
            Band::Parse => 1,
            Band::Limit => 2,
            Band::Jose => 3,
            Band::Claims => 4,
            Band::OAuth => 5,
            Band::Grant => 6,
            Band::Opaque => 7,
            Band::Buffer => 8,
            Band::Crypto => 9,
        }
    }

    #[test]
    fn every_error_has_its_own_code() {
        let mut seen = HashSet::new();
        for e in Error::ALL {
            let c = code_of(*e);
            assert_ne!(c, OXIDC_UNMAPPED_ERROR, "{e:?} has no explicit C code");
            assert!(seen.insert(c), "{e:?} shares code {c:?}");
            assert_eq!(
                c.code() / 100,
                band_hundreds(e.band()),
                "{e:?} is in the wrong band"
            );
            assert_eq!(core_error(c.code()), Some(*e));
            assert_eq!(describe(c.code()).unwrap().0, e.as_str());
        }
        for (c, _, _) in FFI_CODES {
            assert!(seen.insert(*c), "{c:?} reused");
            assert!(*c == OXIDC_OK || c.code() / 100 == 10);
        }
    }

    #[test]
    fn bands_and_messages() {
        assert!(oxidc_result_is_claims(OXIDC_EXPIRED.code()));
        assert!(!oxidc_result_is_claims(OXIDC_BAD_SIGNATURE.code()));
        assert!(oxidc_result_is_ffi(OXIDC_NULL_PARAMETER.code()));
        assert!(!oxidc_result_is_parse(199));
        let mut buf = [0u8; 256];
        let mut n = 0usize;
        // SAFETY: a live buffer and length.
        let r =
            unsafe { oxidc_result_message(OXIDC_EXPIRED.code(), buf.as_mut_ptr(), 256, &mut n) };
        assert_eq!(r, OXIDC_OK);
        assert_eq!(&buf[..n], b"token has expired");
        // One byte short: nothing written.
        let mut m = 7usize;
        // SAFETY: as above.
        let r =
            unsafe { oxidc_result_message(OXIDC_EXPIRED.code(), buf.as_mut_ptr(), n - 1, &mut m) };
        assert_eq!(r, OXIDC_BUFFER_TOO_SMALL);
        assert_eq!(m, 7);
        for code in 0..1200u32 {
            if let Some((_, msg)) = describe(code) {
                assert!(msg.len() < 256);
            }
        }
    }
}
