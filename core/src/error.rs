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
    /// A stored grant is not in idpyoidc's serialised shape: not an object (or a
    /// `[class, object]` pair), or a grant member has the wrong JSON type (GRANTS.md §1.3, §6).
    MalformedGrant = ("malformed_grant", Parse, "stored grant is malformed"),
    /// An `issued_token` entry is malformed: not an object, or a member with the wrong JSON type
    /// (GRANTS.md §1.2, §6).
    MalformedIssuedToken = ("malformed_issued_token", Parse, "stored issued token is malformed"),
    /// A usage-rule object is malformed: `supports_minting` not a list of strings, `max_usage`
    /// not an integer, `expires_in` neither an integer nor a decimal string (GRANTS.md §2).
    MalformedUsageRule = ("malformed_usage_rule", Parse, "usage rule is malformed"),
    /// A stored grant exceeds `limits::MAX_GRANT_LEN`.
    GrantTooLarge = ("grant_too_large", Limit, "stored grant exceeds the maximum length"),
    /// A grant holds more issued tokens than the view's capacity (`limits::MAX_ISSUED_TOKENS`
    /// by default).
    TooManyIssuedTokens = ("too_many_issued_tokens", Limit, "grant holds too many issued tokens"),
    /// A refresh request names more scope values than `limits::MAX_REQUESTED_SCOPES`.
    TooManyScopes = ("too_many_scopes", Limit, "too many scope values requested"),
    /// The presented authorization code is not a code of this grant (GRANTS.md §4.3 P1:
    /// `invalid_grant` / `Unknown code`).
    UnknownCode = ("unknown_code", Grant, "unknown authorization code"),
    /// The authorization code was already redeemed; every token minted from it is to be
    /// revoked (GRANTS.md §4.3 P3, RFC 6749 §4.1.2: `invalid_grant` / `Code inactive`).
    CodeReused = ("code_reused", Grant, "authorization code already used"),
    /// The authorization code is inactive: used up, revoked, not yet valid or expired
    /// (GRANTS.md §4.1, §4.3 P4: `Code inactive`).
    CodeInactive = ("code_inactive", Grant, "authorization code inactive"),
    /// The token was issued to another client (GRANTS.md §4.3 R3, §4.5 Q2, RFC 6749 §4.1.3,
    /// §6: `invalid_grant` / `Wrong client`).
    TokenClientMismatch = ("token_client_mismatch", Grant, "token was issued to another client"),
    /// The token request's `redirect_uri` differs from the authorization request's
    /// (GRANTS.md §4.3 R4, RFC 6749 §4.1.3: `redirect_uri mismatch`).
    CodeRedirectUriMismatch = ("code_redirect_uri_mismatch", Grant, "redirect_uri differs from the authorization request"),
    /// The presented refresh token is not a refresh token of this grant (GRANTS.md §4.5 F2:
    /// `invalid_grant` / `Invalid refresh token`).
    UnknownRefreshToken = ("unknown_refresh_token", Grant, "unknown refresh token"),
    /// The refresh token is inactive: used up, revoked, not yet valid or expired
    /// (GRANTS.md §4.5 F4: `Refresh token inactive`).
    RefreshTokenInactive = ("refresh_token_inactive", Grant, "refresh token inactive"),
    /// The refresh request asks for scope beyond the original grant (GRANTS.md §4.5 F5,
    /// RFC 6749 §6: `Invalid refresh scopes`).
    RefreshScopeExceeded = ("refresh_scope_exceeded", Grant, "requested scope exceeds the original grant"),
    /// The token's usage rules do not allow minting the requested token class from it
    /// (GRANTS.md §4.2 step 2: `Minting of <class> not supported`).
    MintingNotSupported = ("minting_not_supported", Grant, "token may not mint this token class"),
    /// The token a new token would be minted from is inactive, typically because minting
    /// reached its `max_usage` (GRANTS.md §4.2 step 2, §4.5 Q5: `Token inactive`).
    TokenInactive = ("token_inactive", Grant, "token inactive"),
    /// The client may not use this grant type: it is missing from the client's
    /// `grant_types_supported` (else the provider's) (RFC 6749 §5.2; idpyoidc:
    /// `invalid_request` / `Unsupported grant_type: <type>`).
    GrantTypeNotAllowed = ("grant_type_not_allowed", Grant, "grant type not allowed for this client"),
    /// The grant itself is expired, not yet valid, used up or revoked (GRANTS.md §4.2 step 1,
    /// §4.7; idpyoidc crashes here, see DIVERGENCES.md: `invalid_grant` / `Grant inactive`).
    GrantInactive = ("grant_inactive", Grant, "grant inactive"),

    // ---------------------------------------------------------------- opaque
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
