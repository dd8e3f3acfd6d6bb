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
    /// pure-Rust provider, or a SHA-384/512 algorithm in a build without the `sha512`
    /// feature).
    UnsupportedByProvider = ("unsupported_by_provider", Crypto, "algorithm not available in this crypto provider"),
    /// The crypto provider reported an internal failure while signing.
    CryptoFailure = ("crypto_failure", Crypto, "crypto provider failure"),

    // ---------------------------------------------------------------- oauth (messages, client authn, PKCE, ID tokens)
    /// A `%` in form-urlencoded text is not followed by two hex digits (RFC 3986 §2.1,
    /// WHATWG URL §5.1). idpyoidc keeps such text literally; oxidc rejects it.
    InvalidPercentEncoding = ("invalid_percent_encoding", Parse, "invalid percent-encoding"),
    /// A non-empty form body holds no `name=value` pair at all (idpyoidc's
    /// `FormatError("Wrong format")`).
    FormatError = ("format_error", Parse, "not a name=value form body"),
    /// A message body exceeds `limits::MAX_MESSAGE_LEN`.
    MessageTooLarge = ("message_too_large", Limit, "message exceeds the maximum length"),
    /// A message has more parameters than `limits::MAX_PARAMS`.
    TooManyParameters = ("too_many_parameters", Limit, "message has too many parameters"),
    /// A parameter name exceeds `limits::MAX_PARAM_NAME_LEN` or a value exceeds
    /// `limits::MAX_PARAM_VALUE_LEN`.
    ParameterTooLong = ("parameter_too_long", Limit, "parameter exceeds the maximum length"),
    /// A declared parameter occurs more than once (RFC 6749 §3.1, §3.2: "parameters MUST NOT
    /// be included more than once"; idpyoidc's `TooManyValues`).
    DuplicateParameter = ("duplicate_parameter", OAuth, "parameter included more than once"),
    /// A required parameter is absent or empty (idpyoidc's `MissingRequiredAttribute`).
    MissingParameter = ("missing_parameter", OAuth, "required parameter missing"),
    /// A parameter value is not among the values the message allows (idpyoidc's
    /// `NotAllowedValue`, e.g. `display=big`, `grant_type=password` in a refresh request).
    ParameterNotAllowedValue = ("parameter_not_allowed_value", OAuth, "parameter has a value that is not allowed"),
    /// A parameter has the wrong type: a JSON number or list where a string is declared, a
    /// non-integer where an integer is declared, a JSON string where a boolean is declared.
    WrongParameterType = ("wrong_parameter_type", OAuth, "parameter has the wrong type"),
    /// An OpenID Connect authentication request lacks `openid` in `scope` (OIDC Core §3.1.2.1).
    MissingOpenidScope = ("missing_openid_scope", OAuth, "openid not in scope"),
    /// `response_type` contains `id_token` but `nonce` is absent (OIDC Core §3.2.2.1, §3.3.2.11).
    NonceMissing = ("nonce_missing", OAuth, "nonce missing"),
    /// A nonce differs from the one sent in the authentication request (OIDC Core §3.1.3.7 ¶11).
    NonceMismatch = ("nonce_mismatch", OAuth, "nonce does not match"),
    /// `prompt` contains `none` together with another value (OIDC Core §3.1.2.1).
    PromptNoneWithOther = ("prompt_none_with_other", OAuth, "prompt none combined with other value"),
    /// `scope` contains `offline_access` but `prompt` lacks `consent` (OIDC Core §11).
    ConsentRequiredForOfflineAccess = ("consent_required_for_offline_access", OAuth, "offline_access requires prompt=consent"),
    /// An `error_description` uses characters outside the allowed set (RFC 6749 §4.1.2.1,
    /// §5.2; idpyoidc's stricter client-side set when verifying).
    InvalidErrorDescription = ("invalid_error_description", OAuth, "error_description has characters outside the allowed set"),
    /// An `error` code is not a well-formed RFC 6749 error code (%x20-21 / %x23-5B / %x5D-7E).
    InvalidErrorCode = ("invalid_error_code", OAuth, "error code has characters outside the allowed set"),
    /// `client_id` in an authorization response differs from the expected client (idpyoidc's
    /// `VerificationError("client_id mismatch")`).
    ClientIdMismatch = ("client_id_mismatch", OAuth, "client_id mismatch"),
    /// The token request has no `grant_type` (RFC 6749 §4.1.3; idpyoidc: "Do not know how to
    /// handle this type of request").
    MissingGrantType = ("missing_grant_type", OAuth, "grant_type missing"),
    /// The `grant_type` is not supported for this client or server (RFC 6749 §5.2).
    UnsupportedGrantType = ("unsupported_grant_type", OAuth, "unsupported grant_type"),
    /// A code-flow token request lacks `redirect_uri` although the authorization request carried
    /// one (RFC 6749 §4.1.3; idpyoidc raises an internal `KeyError` here).
    RedirectUriMissing = ("redirect_uri_missing", OAuth, "redirect_uri missing"),
    /// The token request's `redirect_uri` differs from the authorization request's (RFC 6749 §4.1.3).
    RedirectUriMismatch = ("redirect_uri_mismatch", OAuth, "redirect_uri does not match"),
    /// The `Authorization` header uses a scheme other than the one the method needs
    /// (`Basic`, RFC 7617; `Bearer`, RFC 6750 §2.1).
    UnsupportedAuthScheme = ("unsupported_auth_scheme", OAuth, "unsupported authorization scheme"),
    /// HTTP Basic credentials are malformed: not base64 (RFC 4648 §4), not UTF-8, no `:`
    /// (RFC 7617 §2), or a bad form-url-encoding of id or secret (RFC 6749 §2.3.1).
    MalformedBasicCredentials = ("malformed_basic_credentials", OAuth, "malformed Basic credentials"),
    /// A bearer token is empty or not RFC 6750 §2.1 `b64token` syntax.
    MalformedBearerToken = ("malformed_bearer_token", OAuth, "malformed bearer token"),
    /// The request presents no credentials the allowed methods can use (idpyoidc's
    /// `UnAuthorizedClient("Authorization failed")`; RFC 6749 §5.2 `invalid_client`).
    ClientAuthenticationMissing = ("client_authentication_missing", OAuth, "no usable client authentication"),
    /// The client id is not registered (idpyoidc's `UnknownClient`; RFC 6749 §5.2
    /// `invalid_client`).
    UnknownClient = ("unknown_client", OAuth, "unknown client"),
    /// The presented client secret is wrong (RFC 6749 §2.3.1). Says nothing more.
    ClientSecretMismatch = ("client_secret_mismatch", OAuth, "client authentication failed"),
    /// The client's secret expired (`client_secret_expires_at`, RFC 7591 §3.2.1; idpyoidc's
    /// `InvalidClient("Not valid client")`).
    ClientSecretExpired = ("client_secret_expired", OAuth, "client secret expired"),
    /// The client authenticated with a method it is not registered for
    /// (`token_endpoint_auth_method`, RFC 7591 §2).
    ClientAuthMethodNotAllowed = ("client_auth_method_not_allowed", OAuth, "client authentication method not allowed"),
    /// `client_assertion_type` is absent or not
    /// `urn:ietf:params:oauth:client-assertion-type:jwt-bearer` (RFC 7523 §2.2).
    InvalidClientAssertionType = ("invalid_client_assertion_type", OAuth, "invalid client_assertion_type"),
    /// A client assertion's `iss` or `sub` is not the client_id (RFC 7523 §3 items 1-2).
    AssertionSubjectMismatch = ("assertion_subject_mismatch", OAuth, "client assertion iss/sub is not the client"),
    /// A client assertion lives longer than the policy's maximum lifetime (RFC 7523 §3 item 4
    /// lets the server limit it).
    AssertionLifetimeTooLong = ("assertion_lifetime_too_long", OAuth, "client assertion lifetime too long"),
    /// A client assertion's `jti` was seen before (RFC 7523 §3 item 7; the host keeps the
    /// replay cache and reports the fact).
    AssertionReplayed = ("assertion_replayed", OAuth, "client assertion replayed"),
    /// A PKCE `code_verifier` is not 43-128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.1).
    PkceVerifierInvalid = ("pkce_verifier_invalid", OAuth, "invalid code_verifier"),
    /// A PKCE `code_challenge` is not 43-128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.2).
    PkceChallengeInvalid = ("pkce_challenge_invalid", OAuth, "invalid code_challenge"),
    /// The `code_verifier` does not transform to the stored `code_challenge` (RFC 7636 §4.6).
    PkceMismatch = ("pkce_mismatch", OAuth, "PKCE check failed"),
    /// A challenge was stored but the token request has no `code_verifier` (RFC 7636 §4.5).
    PkceMissingVerifier = ("pkce_missing_verifier", OAuth, "missing code_verifier"),
    /// PKCE is required for this client but the authorization request has no
    /// `code_challenge` (RFC 7636 §4.4.1).
    PkceMissingChallenge = ("pkce_missing_challenge", OAuth, "missing code_challenge"),
    /// `code_challenge_method` is not one the server supports (RFC 7636 §4.4.1).
    UnsupportedChallengeMethod = ("unsupported_challenge_method", OAuth, "unsupported code_challenge_method"),
    /// An ID token with several audiences has no `azp` (OIDC Core §2, §3.1.3.7 ¶4-5).
    AzpMissing = ("azp_missing", OAuth, "azp missing"),
    /// `azp` is not among `aud`, or is not the client (OIDC Core §3.1.3.7 ¶5).
    AzpMismatch = ("azp_mismatch", OAuth, "azp mismatch"),
    /// `exp` is earlier than `iat` (idpyoidc's `IATError`).
    ExpiresBeforeIssued = ("expires_before_issued", OAuth, "expiration earlier than issued-at"),
    /// `at_hash` does not match the access token (OIDC Core §3.2.2.9, §3.3.2.11).
    AtHashMismatch = ("at_hash_mismatch", OAuth, "at_hash mismatch"),
    /// `c_hash` does not match the code (OIDC Core §3.3.2.11).
    CHashMismatch = ("c_hash_mismatch", OAuth, "c_hash mismatch"),
    /// `max_age` was requested and `auth_time` is older than it allows (OIDC Core §3.1.3.7 ¶13).
    AuthenticationTooOld = ("authentication_too_old", OAuth, "authentication is older than max_age"),
    /// A request object carries `request` or `request_uri` itself (RFC 9101 §4: they "MUST
    /// NOT be included in the Request Object"; idpyoidc would verify the inner one again).
    RequestObjectNested = ("request_object_nested", OAuth, "request object contains request or request_uri"),

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
