//! Every bound on attacker-controlled input, each with the reason for its value.
//!
//! A test goes one past each bound (see the `limits` tests of each module).

/// Longest compact JWS accepted: 16 KiB. idpyoidc access tokens are ~1.3 KB and ID tokens with
/// rich claims a few KB; anything larger is abuse, and the bound caps all per-token work.
pub const MAX_TOKEN_LEN: usize = 16 * 1024;

/// Longest decoded JOSE header: 1 KiB. A header carries alg, kid, typ and maybe cty/crit;
/// decoded on the stack, so it must stay small.
pub const MAX_HEADER_LEN: usize = 1024;

/// Deepest JSON nesting accepted: 32. Real claims nest 2–3 levels (`cnf`, `claims` requests);
/// the parser's container stack is a `u64` bit set, so this must stay ≤ 64.
pub const MAX_JSON_DEPTH: usize = 32;

/// Most members in one JSON object or entries in one array: 256. Bounds the quadratic
/// duplicate-member check; idpyoidc tokens have ~13 claims, token responses ~7 members.
pub const MAX_JSON_MEMBERS: usize = 256;

/// Most entries considered in a JWK Set: 64. Real sets rotate 2–6 keys; this bounds parse
/// work on a hostile `jwks_uri` (a 10 000-key set is rejected, not scanned).
pub const MAX_JWKS_KEYS: usize = 64;

/// Most keys tried for a token without `kid`: 4. Each try may cost a full ECDSA/RSA verify;
/// RFC 8725 §3.1 asks for bounded work when the key is not identified.
pub const MAX_KEYS_TRIED: usize = 4;

/// Longest `kid` accepted: 256 bytes. RFC 7638 kids are 43 characters, cryptojwt's legacy
/// kids 58; kids are compared, never interpreted, so a bound is all they need.
pub const MAX_KID_LEN: usize = 256;

/// Longest `typ` / `cty` header value accepted: 64 bytes (`at+jwt`, `JWT`,
/// `logout+jwt` are far shorter).
pub const MAX_TYP_LEN: usize = 64;

/// Shortest symmetric (`oct`) key accepted: 16 bytes, cryptojwt's own minimum
/// ("client_secret too short"); shorter secrets are trivially brute-forced.
pub const MIN_HMAC_KEY_LEN: usize = 16;

/// Longest symmetric key kept: 256 bytes. HMAC hashes longer keys down anyway (RFC 2104 §2);
/// client secrets are 32–64 characters.
pub const MAX_HMAC_KEY_LEN: usize = 256;

/// Largest RSA modulus: 4096 bits (512 bytes), the largest size ring verifies for JWS and
/// the largest in use for OIDC signing keys.
pub const MAX_RSA_MODULUS_LEN: usize = 512;

/// Longest decoded signature: 512 bytes (an RSA-4096 signature).
pub const MAX_SIGNATURE_LEN: usize = MAX_RSA_MODULUS_LEN;

// ---------------------------------------------------------------- opaque

/// Longest opaque value read (authorization code, refresh token, session id, cookie value,
/// Fernet text): 8 KiB. idpyoidc codes are ~650 characters with a typical ~330-character
/// session id and browsers keep at most 4096 bytes per cookie (RFC 6265 §6.1); the bound caps
/// the base64, MAC and AES work an attacker can ask for.
pub const MAX_OPAQUE_LEN: usize = 8 * 1024;

// ---------------------------------------------------------------- oauth (messages, client authn)

/// Longest message body or query string accepted: 64 KiB. Browsers cap URLs near 8 KB and
/// token-endpoint bodies are a few hundred bytes; a signed request object or ID token hint
/// adds at most `MAX_TOKEN_LEN`. Bounds every linear pass over the input.
pub const MAX_MESSAGE_LEN: usize = 64 * 1024;

/// Most parameters in one message: 48. The largest declared table (the OIDC authorization
/// request) has 20 names, PKCE and RFC 8707 add a few; the `Params` array is fixed at this
/// size and the duplicate check is quadratic in it.
pub const MAX_PARAMS: usize = 48;

/// Longest parameter name: 128 bytes. Registered names are under 40; language-tagged
/// names (`client_name#ja-Jpan-JP`) under 64.
pub const MAX_PARAM_NAME_LEN: usize = 128;

/// Longest decoded parameter value: 16 KiB (= `MAX_TOKEN_LEN`), since `request`,
/// `id_token_hint` and `client_assertion` carry whole JWTs. Must stay below 65 536: JSON string
/// lists are packed with 16-bit lengths.
pub const MAX_PARAM_VALUE_LEN: usize = MAX_TOKEN_LEN;

/// Longest `Authorization` header value: 16 KiB + 7 (`Bearer ` and a maximal JWT access token).
pub const MAX_AUTHORIZATION_LEN: usize = MAX_TOKEN_LEN + 7;

/// Shortest PKCE `code_verifier` / `code_challenge`: 43 characters (RFC 7636 §4.1, 256 bits
/// of entropy in base64url).
pub const MIN_PKCE_LEN: usize = 43;

/// Longest PKCE `code_verifier` / `code_challenge`: 128 characters (RFC 7636 §4.1).
pub const MAX_PKCE_LEN: usize = 128;

/// Most issuers or audiences a validator compares against: 16 (each is a linear compare).
pub const MAX_POLICY_VALUES: usize = 16;

// ---------------------------------------------------------------- grant

/// Longest stored grant accepted: 256 KiB. A grant with 64 issued tokens carrying ~1.3 KB JWT
/// values is ~100 KB; bounds the parse of a hostile or corrupted store entry.
pub const MAX_GRANT_LEN: usize = 256 * 1024;

/// Default capacity of a grant view: 64 issued tokens. idpyoidc never prunes `issued_token`
/// (each refresh appends an access and a refresh token); 64 covers a code flow plus ~30
/// refreshes. Hosts with longer-lived grants pick a larger `GrantView::<N>` (≤ 256, the JSON
/// array bound); a grant over capacity is refused, never truncated.
pub const MAX_ISSUED_TOKENS: usize = 64;

/// Most scope values in one refresh request: 64. Bounds the quadratic subset check against
/// the granted scope; real requests carry 1–10.
pub const MAX_REQUESTED_SCOPES: usize = 64;
