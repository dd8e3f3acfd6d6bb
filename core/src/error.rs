//! One flat error enum for the whole core.
//!
//! Every variant is a *fact* about the input, never a guess about intent. Bindings map each
//! variant to something distinct (a C result code, a Python exception kind, a uniffi variant);
//! [`Error::ALL`] lets their tests prove it. Names returned by [`Error::as_str`] are stable.

use core::fmt;

/// The layer an error belongs to; bindings use it to band their codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Band {
    /// Bytes that are not well-formed (base64, JSON, UTF-8, token structure).
    Parse,
    /// A named limit on attacker-controlled input was exceeded.
    Limit,
    /// JOSE: algorithms, headers, keys, signatures.
    Jose,
    /// JWT claims validation.
    Claims,
    /// OAuth 2.0 / OpenID Connect messages, client authentication and PKCE.
    OAuth,
    /// Grant usage rules.
    Grant,
    /// idpyoidc-compatible opaque tokens, session ids and cookies.
    Opaque,
    /// A caller-supplied output buffer is too small.
    Buffer,
    /// The crypto provider failed or lacks a capability.
    Crypto,
}

macro_rules! errors {
    ($( $(#[doc = $doc:literal])+ $name:ident = ($str:literal, $band:ident, $msg:literal), )+) => {
        /// Everything that can go wrong in the core, as one flat `Copy` enum.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Error {
            $( $(#[doc = $doc])+ $name, )+
        }

        impl Error {
            /// Every variant, in declaration order (bindings iterate it to prove their mapping).
            pub const ALL: &'static [Error] = &[ $( Error::$name, )+ ];

            /// The stable snake_case name of this error.
            pub const fn as_str(self) -> &'static str {
                match self { $( Error::$name => $str, )+ }
            }

            /// The layer this error belongs to.
            pub const fn band(self) -> Band {
                match self { $( Error::$name => Band::$band, )+ }
            }

            /// A one-line human explanation (no secrets, no input echoed back).
            pub const fn message(self) -> &'static str {
                match self { $( Error::$name => $msg, )+ }
            }

            /// Looks an error up by its stable name.
            pub fn from_name(name: &str) -> Option<Error> {
                match name { $( $str => Some(Error::$name), )+ _ => None }
            }
        }
    };
}

errors! {
    // ---------------------------------------------------------------- parse
    /// Text is not valid base64url (RFC 4648 §5, no padding) or standard base64 where that is
    /// expected: a character outside the alphabet, a length of 1 mod 4, or padding.
    InvalidBase64 = ("invalid_base64", Parse, "invalid base64 encoding"),
    /// Bytes are not valid UTF-8 (RFC 8259 §8.1).
    InvalidUtf8 = ("invalid_utf8", Parse, "invalid UTF-8"),
    /// Text is not valid JSON (RFC 8259): syntax, a bad escape, a lone surrogate, a control
    /// character in a string, or a number with a leading zero.
    InvalidJson = ("invalid_json", Parse, "invalid JSON"),
    /// A JSON object repeats a member name (RFC 7515 §4, RFC 7519 §4: names MUST be unique).
    DuplicateMember = ("duplicate_member", Parse, "duplicate JSON member name"),
    /// A JOSE header, claims set or JWK is valid JSON but not a JSON object.
    NotAnObject = ("not_an_object", Parse, "JSON value is not an object"),
    /// A compact JWS is not three non-empty base64url parts separated by two dots
    /// (RFC 7515 §7.1).
    MalformedToken = ("malformed_token", Parse, "token is not a three-part compact JWS"),

    // ---------------------------------------------------------------- limits
    /// The token exceeds `limits::MAX_TOKEN_LEN`.
    TokenTooLarge = ("token_too_large", Limit, "token exceeds the maximum length"),
    /// A JOSE header exceeds `limits::MAX_HEADER_LEN`.
    HeaderTooLarge = ("header_too_large", Limit, "JOSE header exceeds the maximum length"),
    /// JSON nesting exceeds `limits::MAX_JSON_DEPTH`.
    JsonTooDeep = ("json_too_deep", Limit, "JSON nesting exceeds the maximum depth"),
    /// A JSON object or array has more entries than `limits::MAX_JSON_MEMBERS`.
    TooManyMembers = ("too_many_members", Limit, "JSON object or array has too many entries"),
    /// A single value (a kid, a claim, a parameter) exceeds its named length limit.
    ValueTooLong = ("value_too_long", Limit, "value exceeds its maximum length"),
    /// A JWK Set has more keys than `limits::MAX_JWKS_KEYS` or than the set's capacity.
    TooManyKeys = ("too_many_keys", Limit, "key set has too many keys"),

    // ---------------------------------------------------------------- jose
    /// The header's `alg` is `none` in any spelling (RFC 8725 §3.1); never accepted.
    AlgorithmNone = ("algorithm_none", Jose, "alg none is never accepted"),
    /// The header's `alg` names an algorithm this library does not implement.
    UnsupportedAlgorithm = ("unsupported_algorithm", Jose, "unsupported algorithm"),
    /// The header's `alg` is not the algorithm pinned by the selected key (RFC 8725 §3.1,
    /// §2.1 algorithm confusion: e.g. HS256 against an EC or RSA public key).
    AlgorithmMismatch = ("algorithm_mismatch", Jose, "algorithm not allowed for this key"),
    /// The JOSE header has no `alg` member (RFC 7515 §4.1.1).
    MissingAlgorithm = ("missing_algorithm", Jose, "JOSE header has no alg"),
    /// The header lists `crit` extensions; none are understood (RFC 7515 §4.1.11).
    UnsupportedCritical = ("unsupported_critical", Jose, "unsupported critical header parameter"),
    /// The header has `b64: false`; unencoded payloads are not supported (RFC 7797).
    UnencodedPayload = ("unencoded_payload", Jose, "unencoded payload (b64: false) not supported"),
    /// A JOSE header member has the wrong JSON type (e.g. a non-string `kid`).
    InvalidHeader = ("invalid_header", Jose, "invalid JOSE header member"),
    /// No key in the set matches the token's `kid` (or, without `kid`, its algorithm): the
    /// caller may refresh its JWKS and retry.
    UnknownKey = ("unknown_key", Jose, "no key matches the token"),
    /// The signature does not verify. Deliberately says nothing more.
    BadSignature = ("bad_signature", Jose, "signature verification failed"),
    /// A JWK has a `kty` this library does not support (RFC 7517 §4.1).
    UnsupportedKeyType = ("unsupported_key_type", Jose, "unsupported key type"),
    /// An EC JWK names a curve other than P-256 (RFC 7518 §6.2.1.1).
    UnsupportedCurve = ("unsupported_curve", Jose, "unsupported elliptic curve"),
    /// A JWK lacks a member its key type requires (RFC 7518 §6).
    MissingKeyMember = ("missing_key_member", Jose, "JWK lacks a required member"),
    /// A JWK member is malformed: wrong length, not on the curve, wrong JSON type.
    InvalidKey = ("invalid_key", Jose, "invalid key material"),
    /// An `oct` key is shorter than `limits::MIN_HMAC_KEY_LEN` bytes.
    KeyTooShort = ("key_too_short", Jose, "symmetric key is too short"),
    /// The key's `use` or `key_ops` forbid the requested operation (RFC 7517 §4.2, §4.3).
    KeyUseMismatch = ("key_use_mismatch", Jose, "key use does not allow this operation"),
    /// Signing was requested with a key that has no private part.
    NotAPrivateKey = ("not_a_private_key", Jose, "key has no private part"),

    // ---------------------------------------------------------------- claims
    /// `now >= exp + leeway` (RFC 7519 §4.1.4, cryptojwt's rule).
    Expired = ("expired", Claims, "token has expired"),
    /// `now < nbf - leeway` (RFC 7519 §4.1.5).
    NotYetValid = ("not_yet_valid", Claims, "token is not yet valid"),
    /// `iat > now + leeway`: issued in the future.
    IssuedInFuture = ("issued_in_future", Claims, "token was issued in the future"),
    /// `now - iat` exceeds the validator's maximum token age.
    TokenTooOld = ("token_too_old", Claims, "token is older than the maximum age"),
    /// `iss` is not one of the expected issuers (RFC 7519 §4.1.1).
    IssuerMismatch = ("issuer_mismatch", Claims, "unexpected issuer"),
    /// `aud` does not contain an expected audience (RFC 7519 §4.1.3).
    AudienceMismatch = ("audience_mismatch", Claims, "token is not for this audience"),
    /// A required claim is absent (a configured audience makes `aud` required).
    MissingClaim = ("missing_claim", Claims, "a required claim is missing"),
    /// A registered claim has the wrong JSON type or range (e.g. `exp` not an integer).
    InvalidClaim = ("invalid_claim", Claims, "a claim has an invalid type or value"),
    /// The header's `typ` is not the expected one (RFC 8725 §3.11).
    TypeMismatch = ("type_mismatch", Claims, "unexpected token type"),

    // ---------------------------------------------------------------- buffer
    /// A caller-supplied output buffer is too small; nothing usable was written.
    BufferTooSmall = ("buffer_too_small", Buffer, "output buffer too small"),

    // ---------------------------------------------------------------- crypto
    /// The crypto provider in use does not implement this algorithm (e.g. RSA on the
    /// pure-Rust provider).
    UnsupportedByProvider = ("unsupported_by_provider", Crypto, "algorithm not available in this crypto provider"),
    /// The crypto provider reported an internal failure while signing.
    CryptoFailure = ("crypto_failure", Crypto, "crypto provider failure"),

    // ---------------------------------------------------------------- oauth (messages, client authn, PKCE, ID tokens)

    // ---------------------------------------------------------------- grant

    // ---------------------------------------------------------------- opaque
    /// A Fernet token does not open under this key (Fernet spec v0x80 `InvalidToken`): not
    /// base64url with padding, wrong version byte, bad length, HMAC mismatch, or bad PKCS#7.
    BadFernetToken = ("bad_fernet_token", Opaque, "Fernet token is invalid for this key"),
    /// Length-value packed text is malformed (idpyoidc `lv_unpack` raises): a length that is
    /// not ASCII digits, no `:`, fewer code points than announced, or the wrong field count.
    MalformedLv = ("malformed_lv", Opaque, "malformed length-value packed text"),
    /// An opaque token (authorization code, refresh or access token) does not decrypt under
    /// this key or its plaintext is malformed (idpyoidc `DefaultToken.split_token` raises
    /// `UnknownToken`). Tampering, truncation and a wrong key all end here.
    UnknownToken = ("unknown_token", Opaque, "unknown token"),
    /// An opaque token decrypted but names another token class than the handler's class or its
    /// one-letter alias (idpyoidc `DefaultToken.info` raises `WrongTokenClass`).
    WrongTokenClass = ("wrong_token_class", Opaque, "token is of another class"),
    /// A session id (encrypted branch id) does not decrypt under the session key or does not
    /// hold `user;;client;;grant` (idpyoidc `decrypt_branch_id` raises `ValueError`).
    InvalidSessionId = ("invalid_session_id", Opaque, "invalid session id"),
    /// A cookie value does not verify or decrypt under the configured keys, or is not
    /// `value::type` inside (idpyoidc `CookieHandler.parse_cookie` drops it).
    InvalidCookie = ("invalid_cookie", Opaque, "cookie does not verify"),
    /// A negative `now` cannot be written as Fernet's unsigned 64-bit timestamp (Fernet spec;
    /// Python's `int.to_bytes` raises `OverflowError`).
    NegativeTimestamp = ("negative_timestamp", Opaque, "timestamp before the Unix epoch"),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_round_trip() {
        for (i, e) in Error::ALL.iter().enumerate() {
            let name = e.as_str();
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{name}"
            );
            assert_eq!(Error::from_name(name), Some(*e));
            for other in &Error::ALL[i + 1..] {
                assert_ne!(name, other.as_str());
            }
            assert!(!e.message().is_empty());
        }
    }
}
