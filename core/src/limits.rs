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
