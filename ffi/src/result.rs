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
    /// `invalid_percent_encoding`: A `%` in form-urlencoded text is not followed by two hex digits (RFC 3986 §2.1, WHATWG URL §5.1). idpyoidc keeps such text literally; oxidc rejects it.
    OXIDC_INVALID_PERCENT_ENCODING = 106,
    /// `format_error`: A non-empty form body holds no `name=value` pair at all (idpyoidc's `FormatError("Wrong format")`).
    OXIDC_FORMAT_ERROR = 107,
    /// `malformed_grant`: A stored grant is not in idpyoidc's serialised shape: not an object (or a `[class, object]` pair), or a grant member has the wrong JSON type (GRANTS.md §1.3, §6).
    OXIDC_MALFORMED_GRANT = 108,
    /// `malformed_issued_token`: An `issued_token` entry is malformed: not an object, or a member with the wrong JSON type (GRANTS.md §1.2, §6).
    OXIDC_MALFORMED_ISSUED_TOKEN = 109,
    /// `malformed_usage_rule`: A usage-rule object is malformed: `supports_minting` not a list of strings, `max_usage` not an integer, `expires_in` neither an integer nor a decimal string (GRANTS.md §2).
    OXIDC_MALFORMED_USAGE_RULE = 110,
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
    /// `message_too_large`: A message body exceeds `limits::MAX_MESSAGE_LEN`.
    OXIDC_MESSAGE_TOO_LARGE = 206,
    /// `too_many_parameters`: A message has more parameters than `limits::MAX_PARAMS`.
    OXIDC_TOO_MANY_PARAMETERS = 207,
    /// `parameter_too_long`: A parameter name exceeds `limits::MAX_PARAM_NAME_LEN` or a value exceeds `limits::MAX_PARAM_VALUE_LEN`.
    OXIDC_PARAMETER_TOO_LONG = 208,
    /// `grant_too_large`: A stored grant exceeds `limits::MAX_GRANT_LEN`.
    OXIDC_GRANT_TOO_LARGE = 209,
    /// `too_many_issued_tokens`: A grant holds more issued tokens than the view's capacity (`limits::MAX_ISSUED_TOKENS` by default).
    OXIDC_TOO_MANY_ISSUED_TOKENS = 210,
    /// `too_many_scopes`: A refresh request names more scope values than `limits::MAX_REQUESTED_SCOPES`.
    OXIDC_TOO_MANY_SCOPES = 211,
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
    // ---- oauth
    /// `duplicate_parameter`: A declared parameter occurs more than once (RFC 6749 §3.1, §3.2: "parameters MUST NOT be included more than once"; idpyoidc's `TooManyValues`).
    OXIDC_DUPLICATE_PARAMETER = 500,
    /// `missing_parameter`: A required parameter is absent or empty (idpyoidc's `MissingRequiredAttribute`).
    OXIDC_MISSING_PARAMETER = 501,
    /// `parameter_not_allowed_value`: A parameter value is not among the values the message allows (idpyoidc's `NotAllowedValue`, e.g. `display=big`, `grant_type=password` in a refresh request).
    OXIDC_PARAMETER_NOT_ALLOWED_VALUE = 502,
    /// `wrong_parameter_type`: A parameter has the wrong type: a JSON number or list where a string is declared, a non-integer where an integer is declared, a JSON string where a boolean is declared.
    OXIDC_WRONG_PARAMETER_TYPE = 503,
    /// `missing_openid_scope`: An OpenID Connect authentication request lacks `openid` in `scope` (OIDC Core §3.1.2.1).
    OXIDC_MISSING_OPENID_SCOPE = 504,
    /// `nonce_missing`: `response_type` contains `id_token` but `nonce` is absent (OIDC Core §3.2.2.1, §3.3.2.11).
    OXIDC_NONCE_MISSING = 505,
    /// `nonce_mismatch`: A nonce differs from the one sent in the authentication request (OIDC Core §3.1.3.7 ¶11).
    OXIDC_NONCE_MISMATCH = 506,
    /// `prompt_none_with_other`: `prompt` contains `none` together with another value (OIDC Core §3.1.2.1).
    OXIDC_PROMPT_NONE_WITH_OTHER = 507,
    /// `consent_required_for_offline_access`: `scope` contains `offline_access` but `prompt` lacks `consent` (OIDC Core §11).
    OXIDC_CONSENT_REQUIRED_FOR_OFFLINE_ACCESS = 508,
    /// `invalid_error_description`: An `error_description` uses characters outside the allowed set (RFC 6749 §4.1.2.1, §5.2; idpyoidc's stricter client-side set when verifying).
    OXIDC_INVALID_ERROR_DESCRIPTION = 509,
    /// `invalid_error_code`: An `error` code is not a well-formed RFC 6749 error code (%x20-21 / %x23-5B / %x5D-7E).
    OXIDC_INVALID_ERROR_CODE = 510,
    /// `client_id_mismatch`: `client_id` in an authorization response differs from the expected client (idpyoidc's `VerificationError("client_id mismatch")`).
    OXIDC_CLIENT_ID_MISMATCH = 511,
    /// `missing_grant_type`: The token request has no `grant_type` (RFC 6749 §4.1.3; idpyoidc: "Do not know how to handle this type of request").
    OXIDC_MISSING_GRANT_TYPE = 512,
    /// `unsupported_grant_type`: The `grant_type` is not supported for this client or server (RFC 6749 §5.2).
    OXIDC_UNSUPPORTED_GRANT_TYPE = 513,
    /// `redirect_uri_missing`: A code-flow token request lacks `redirect_uri` although the authorization request carried one (RFC 6749 §4.1.3; idpyoidc raises an internal `KeyError` here).
    OXIDC_REDIRECT_URI_MISSING = 514,
    /// `redirect_uri_mismatch`: The token request's `redirect_uri` differs from the authorization request's (RFC 6749 §4.1.3).
    OXIDC_REDIRECT_URI_MISMATCH = 515,
    /// `unsupported_auth_scheme`: The `Authorization` header uses a scheme other than the one the method needs (`Basic`, RFC 7617; `Bearer`, RFC 6750 §2.1).
    OXIDC_UNSUPPORTED_AUTH_SCHEME = 516,
    /// `malformed_basic_credentials`: HTTP Basic credentials are malformed: not base64 (RFC 4648 §4), not UTF-8, no `:` (RFC 7617 §2), or a bad form-url-encoding of id or secret (RFC 6749 §2.3.1).
    OXIDC_MALFORMED_BASIC_CREDENTIALS = 517,
    /// `malformed_bearer_token`: A bearer token is empty or not RFC 6750 §2.1 `b64token` syntax.
    OXIDC_MALFORMED_BEARER_TOKEN = 518,
    /// `client_authentication_missing`: The request presents no credentials the allowed methods can use (idpyoidc's `UnAuthorizedClient("Authorization failed")`; RFC 6749 §5.2 `invalid_client`).
    OXIDC_CLIENT_AUTHENTICATION_MISSING = 519,
    /// `unknown_client`: The client id is not registered (idpyoidc's `UnknownClient`; RFC 6749 §5.2 `invalid_client`).
    OXIDC_UNKNOWN_CLIENT = 520,
    /// `client_secret_mismatch`: The presented client secret is wrong (RFC 6749 §2.3.1). Says nothing more.
    OXIDC_CLIENT_SECRET_MISMATCH = 521,
    /// `client_secret_expired`: The client's secret expired (`client_secret_expires_at`, RFC 7591 §3.2.1; idpyoidc's `InvalidClient("Not valid client")`).
    OXIDC_CLIENT_SECRET_EXPIRED = 522,
    /// `client_auth_method_not_allowed`: The client authenticated with a method it is not registered for (`token_endpoint_auth_method`, RFC 7591 §2).
    OXIDC_CLIENT_AUTH_METHOD_NOT_ALLOWED = 523,
    /// `invalid_client_assertion_type`: `client_assertion_type` is absent or not `urn:ietf:params:oauth:client-assertion-type:jwt-bearer` (RFC 7523 §2.2).
    OXIDC_INVALID_CLIENT_ASSERTION_TYPE = 524,
    /// `assertion_subject_mismatch`: A client assertion's `iss` or `sub` is not the client_id (RFC 7523 §3 items 1-2).
    OXIDC_ASSERTION_SUBJECT_MISMATCH = 525,
    /// `assertion_lifetime_too_long`: A client assertion lives longer than the policy's maximum lifetime (RFC 7523 §3 item 4 lets the server limit it).
    OXIDC_ASSERTION_LIFETIME_TOO_LONG = 526,
    /// `assertion_replayed`: A client assertion's `jti` was seen before (RFC 7523 §3 item 7; the host keeps the replay cache and reports the fact).
    OXIDC_ASSERTION_REPLAYED = 527,
    /// `pkce_verifier_invalid`: A PKCE `code_verifier` is not 43-128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.1).
    OXIDC_PKCE_VERIFIER_INVALID = 528,
    /// `pkce_challenge_invalid`: A PKCE `code_challenge` is not 43-128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.2).
    OXIDC_PKCE_CHALLENGE_INVALID = 529,
    /// `pkce_mismatch`: The `code_verifier` does not transform to the stored `code_challenge` (RFC 7636 §4.6).
    OXIDC_PKCE_MISMATCH = 530,
    /// `pkce_missing_verifier`: A challenge was stored but the token request has no `code_verifier` (RFC 7636 §4.5).
    OXIDC_PKCE_MISSING_VERIFIER = 531,
    /// `pkce_missing_challenge`: PKCE is required for this client but the authorization request has no `code_challenge` (RFC 7636 §4.4.1).
    OXIDC_PKCE_MISSING_CHALLENGE = 532,
    /// `unsupported_challenge_method`: `code_challenge_method` is not one the server supports (RFC 7636 §4.4.1).
    OXIDC_UNSUPPORTED_CHALLENGE_METHOD = 533,
    /// `azp_missing`: An ID token with several audiences has no `azp` (OIDC Core §2, §3.1.3.7 ¶4-5).
    OXIDC_AZP_MISSING = 534,
    /// `azp_mismatch`: `azp` is not among `aud`, or is not the client (OIDC Core §3.1.3.7 ¶5).
    OXIDC_AZP_MISMATCH = 535,
    /// `expires_before_issued`: `exp` is earlier than `iat` (idpyoidc's `IATError`).
    OXIDC_EXPIRES_BEFORE_ISSUED = 536,
    /// `at_hash_mismatch`: `at_hash` does not match the access token (OIDC Core §3.2.2.9, §3.3.2.11).
    OXIDC_AT_HASH_MISMATCH = 537,
    /// `c_hash_mismatch`: `c_hash` does not match the code (OIDC Core §3.3.2.11).
    OXIDC_C_HASH_MISMATCH = 538,
    /// `authentication_too_old`: `max_age` was requested and `auth_time` is older than it allows (OIDC Core §3.1.3.7 ¶13).
    OXIDC_AUTHENTICATION_TOO_OLD = 539,
    /// `request_object_nested`: A request object carries `request` or `request_uri` itself (RFC 9101 §4: they "MUST NOT be included in the Request Object"; idpyoidc would verify the inner one again).
    OXIDC_REQUEST_OBJECT_NESTED = 540,
    // ---- grant
    /// `unknown_code`: The presented authorization code is not a code of this grant (GRANTS.md §4.3 P1: `invalid_grant` / `Unknown code`).
    OXIDC_UNKNOWN_CODE = 600,
    /// `code_reused`: The authorization code was already redeemed; every token minted from it is to be revoked (GRANTS.md §4.3 P3, RFC 6749 §4.1.2: `invalid_grant` / `Code inactive`).
    OXIDC_CODE_REUSED = 601,
    /// `code_inactive`: The authorization code is inactive: used up, revoked, not yet valid or expired (GRANTS.md §4.1, §4.3 P4: `Code inactive`).
    OXIDC_CODE_INACTIVE = 602,
    /// `token_client_mismatch`: The token was issued to another client (GRANTS.md §4.3 R3, §4.5 Q2, RFC 6749 §4.1.3, §6: `invalid_grant` / `Wrong client`).
    OXIDC_TOKEN_CLIENT_MISMATCH = 603,
    /// `code_redirect_uri_mismatch`: The token request's `redirect_uri` differs from the authorization request's (GRANTS.md §4.3 R4, RFC 6749 §4.1.3: `redirect_uri mismatch`).
    OXIDC_CODE_REDIRECT_URI_MISMATCH = 604,
    /// `unknown_refresh_token`: The presented refresh token is not a refresh token of this grant (GRANTS.md §4.5 F2: `invalid_grant` / `Invalid refresh token`).
    OXIDC_UNKNOWN_REFRESH_TOKEN = 605,
    /// `refresh_token_inactive`: The refresh token is inactive: used up, revoked, not yet valid or expired (GRANTS.md §4.5 F4: `Refresh token inactive`).
    OXIDC_REFRESH_TOKEN_INACTIVE = 606,
    /// `refresh_scope_exceeded`: The refresh request asks for scope beyond the original grant (GRANTS.md §4.5 F5, RFC 6749 §6: `Invalid refresh scopes`).
    OXIDC_REFRESH_SCOPE_EXCEEDED = 607,
    /// `minting_not_supported`: The token's usage rules do not allow minting the requested token class from it (GRANTS.md §4.2 step 2: `Minting of <class> not supported`).
    OXIDC_MINTING_NOT_SUPPORTED = 608,
    /// `token_inactive`: The token a new token would be minted from is inactive, typically because minting reached its `max_usage` (GRANTS.md §4.2 step 2, §4.5 Q5: `Token inactive`).
    OXIDC_TOKEN_INACTIVE = 609,
    /// `grant_type_not_allowed`: The client may not use this grant type: it is missing from the client's `grant_types_supported` (else the provider's) (RFC 6749 §5.2; idpyoidc: `invalid_request` / `Unsupported grant_type: <type>`).
    OXIDC_GRANT_TYPE_NOT_ALLOWED = 610,
    /// `grant_inactive`: The grant itself is expired, not yet valid, used up or revoked (GRANTS.md §4.2 step 1, §4.7; idpyoidc crashes here, see DIVERGENCES.md: `invalid_grant` / `Grant inactive`).
    OXIDC_GRANT_INACTIVE = 611,
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
    /// `no_message`: the `oxidc_message` holds no accepted message (nothing parsed yet, or
    /// the last parse was rejected: read `oxidc_message_rejection`).
    OXIDC_NO_MESSAGE = 1008,
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
        Error::InvalidPercentEncoding => OXIDC_INVALID_PERCENT_ENCODING,
        Error::FormatError => OXIDC_FORMAT_ERROR,
        Error::MessageTooLarge => OXIDC_MESSAGE_TOO_LARGE,
        Error::TooManyParameters => OXIDC_TOO_MANY_PARAMETERS,
        Error::ParameterTooLong => OXIDC_PARAMETER_TOO_LONG,
        Error::DuplicateParameter => OXIDC_DUPLICATE_PARAMETER,
        Error::MissingParameter => OXIDC_MISSING_PARAMETER,
        Error::ParameterNotAllowedValue => OXIDC_PARAMETER_NOT_ALLOWED_VALUE,
        Error::WrongParameterType => OXIDC_WRONG_PARAMETER_TYPE,
        Error::MissingOpenidScope => OXIDC_MISSING_OPENID_SCOPE,
        Error::NonceMissing => OXIDC_NONCE_MISSING,
        Error::NonceMismatch => OXIDC_NONCE_MISMATCH,
        Error::PromptNoneWithOther => OXIDC_PROMPT_NONE_WITH_OTHER,
        Error::ConsentRequiredForOfflineAccess => OXIDC_CONSENT_REQUIRED_FOR_OFFLINE_ACCESS,
        Error::InvalidErrorDescription => OXIDC_INVALID_ERROR_DESCRIPTION,
        Error::InvalidErrorCode => OXIDC_INVALID_ERROR_CODE,
        Error::ClientIdMismatch => OXIDC_CLIENT_ID_MISMATCH,
        Error::MissingGrantType => OXIDC_MISSING_GRANT_TYPE,
        Error::UnsupportedGrantType => OXIDC_UNSUPPORTED_GRANT_TYPE,
        Error::RedirectUriMissing => OXIDC_REDIRECT_URI_MISSING,
        Error::RedirectUriMismatch => OXIDC_REDIRECT_URI_MISMATCH,
        Error::UnsupportedAuthScheme => OXIDC_UNSUPPORTED_AUTH_SCHEME,
        Error::MalformedBasicCredentials => OXIDC_MALFORMED_BASIC_CREDENTIALS,
        Error::MalformedBearerToken => OXIDC_MALFORMED_BEARER_TOKEN,
        Error::ClientAuthenticationMissing => OXIDC_CLIENT_AUTHENTICATION_MISSING,
        Error::UnknownClient => OXIDC_UNKNOWN_CLIENT,
        Error::ClientSecretMismatch => OXIDC_CLIENT_SECRET_MISMATCH,
        Error::ClientSecretExpired => OXIDC_CLIENT_SECRET_EXPIRED,
        Error::ClientAuthMethodNotAllowed => OXIDC_CLIENT_AUTH_METHOD_NOT_ALLOWED,
        Error::InvalidClientAssertionType => OXIDC_INVALID_CLIENT_ASSERTION_TYPE,
        Error::AssertionSubjectMismatch => OXIDC_ASSERTION_SUBJECT_MISMATCH,
        Error::AssertionLifetimeTooLong => OXIDC_ASSERTION_LIFETIME_TOO_LONG,
        Error::AssertionReplayed => OXIDC_ASSERTION_REPLAYED,
        Error::PkceVerifierInvalid => OXIDC_PKCE_VERIFIER_INVALID,
        Error::PkceChallengeInvalid => OXIDC_PKCE_CHALLENGE_INVALID,
        Error::PkceMismatch => OXIDC_PKCE_MISMATCH,
        Error::PkceMissingVerifier => OXIDC_PKCE_MISSING_VERIFIER,
        Error::PkceMissingChallenge => OXIDC_PKCE_MISSING_CHALLENGE,
        Error::UnsupportedChallengeMethod => OXIDC_UNSUPPORTED_CHALLENGE_METHOD,
        Error::AzpMissing => OXIDC_AZP_MISSING,
        Error::AzpMismatch => OXIDC_AZP_MISMATCH,
        Error::ExpiresBeforeIssued => OXIDC_EXPIRES_BEFORE_ISSUED,
        Error::AtHashMismatch => OXIDC_AT_HASH_MISMATCH,
        Error::CHashMismatch => OXIDC_C_HASH_MISMATCH,
        Error::AuthenticationTooOld => OXIDC_AUTHENTICATION_TOO_OLD,
        Error::MalformedGrant => OXIDC_MALFORMED_GRANT,
        Error::MalformedIssuedToken => OXIDC_MALFORMED_ISSUED_TOKEN,
        Error::MalformedUsageRule => OXIDC_MALFORMED_USAGE_RULE,
        Error::GrantTooLarge => OXIDC_GRANT_TOO_LARGE,
        Error::TooManyIssuedTokens => OXIDC_TOO_MANY_ISSUED_TOKENS,
        Error::TooManyScopes => OXIDC_TOO_MANY_SCOPES,
        Error::UnknownCode => OXIDC_UNKNOWN_CODE,
        Error::CodeReused => OXIDC_CODE_REUSED,
        Error::CodeInactive => OXIDC_CODE_INACTIVE,
        Error::TokenClientMismatch => OXIDC_TOKEN_CLIENT_MISMATCH,
        Error::CodeRedirectUriMismatch => OXIDC_CODE_REDIRECT_URI_MISMATCH,
        Error::UnknownRefreshToken => OXIDC_UNKNOWN_REFRESH_TOKEN,
        Error::RefreshTokenInactive => OXIDC_REFRESH_TOKEN_INACTIVE,
        Error::RefreshScopeExceeded => OXIDC_REFRESH_SCOPE_EXCEEDED,
        Error::MintingNotSupported => OXIDC_MINTING_NOT_SUPPORTED,
        Error::TokenInactive => OXIDC_TOKEN_INACTIVE,
        Error::GrantTypeNotAllowed => OXIDC_GRANT_TYPE_NOT_ALLOWED,
        Error::GrantInactive => OXIDC_GRANT_INACTIVE,
        Error::RequestObjectNested => OXIDC_REQUEST_OBJECT_NESTED,
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
        OXIDC_NO_MESSAGE,
        "no_message",
        "the oxidc_message holds no accepted message",
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
