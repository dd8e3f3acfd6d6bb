//! idpyoidc-compatible opaque values: Fernet, authorization codes and refresh/access tokens
//! (`DefaultToken`), encrypted session ids (branch ids) and session cookies.
//!
//! Sans-I/O as the core: `now`, random bytes (`random`: 32 bytes, `iv`: 16 bytes) are
//! arguments. Reads copy the decoded fields back to back into the caller's `out` buffer and
//! describe them with `oxidc_str`s pointing into it (valid as long as `out` is).
//!
//! Thread-safety: `oxidc_fernet_key`, `oxidc_cookie_sign_key` and `oxidc_cookie_enc_key` are
//! immutable and may be shared by many threads; every function here is thread-safe.

use crate::boundary::{Out, OutBuf, R, fixed, free, input, obj, oxidc_str, str_of, to_c};
use crate::result::oxidc_result;
use oxidc::UnixTime;
use oxidc::limits::MAX_OPAQUE_LEN;
use oxidc::opaque::{
    CookieEncKey, CookieKeys, CookieSignKey, FernetKey, Pbkdf2Hash, TokenClass, decrypt_branch_id,
    decrypt_session_id, encrypt_branch_id, encrypt_session_id, fernet_decrypt, fernet_decrypt_raw,
    fernet_decrypt_raw_with_ttl, fernet_encrypt, fernet_encrypt_raw, make_cookie, mint_token,
    normalize_submitted_code_into, read_cookie, read_token,
};

/// A Fernet key (cryptojwt `FernetEncrypter`): build once (PBKDF2 is deliberately slow),
/// share across threads. Zeroised on free.
pub struct oxidc_fernet_key(FernetKey);

/// The HMAC key of idpyoidc's cookie handler (kid `sig`). Zeroised on free.
pub struct oxidc_cookie_sign_key(CookieSignKey);

/// The AES-GCM key of idpyoidc's cookie handler (kid `enc`; 16, 24 or 32 bytes).
pub struct oxidc_cookie_enc_key(CookieEncKey);

/// The PRF of a PBKDF2-derived Fernet key (cryptojwt's `hash_alg`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_pbkdf2_hash {
    /// SHA-256 (cryptojwt's default).
    OXIDC_PBKDF2_SHA256 = 0,
    /// SHA-384.
    OXIDC_PBKDF2_SHA384 = 1,
    /// SHA-512.
    OXIDC_PBKDF2_SHA512 = 2,
}

/// The class of an opaque token, as idpyoidc's token handlers name it.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_token_class {
    /// `authorization_code` (alias `A`).
    OXIDC_TOKEN_CLASS_AUTHORIZATION_CODE = 1,
    /// `access_token` (alias `T`).
    OXIDC_TOKEN_CLASS_ACCESS_TOKEN = 2,
    /// `refresh_token` (alias `R`).
    OXIDC_TOKEN_CLASS_REFRESH_TOKEN = 3,
    /// `id_token` (alias `I`).
    OXIDC_TOKEN_CLASS_ID_TOKEN = 4,
}

/// Which keys a cookie handler is configured with (`oxidc_cookie_keys.mode`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_cookie_mode {
    /// Sign and encrypt (idpyoidc's default, kids `sig` and `enc`): 4 parts.
    OXIDC_COOKIE_SIGN_AND_ENCRYPT = 0,
    /// Encrypt only: 4 parts.
    OXIDC_COOKIE_ENCRYPT = 1,
    /// Sign only: 3 parts, payload in clear.
    OXIDC_COOKIE_SIGN = 2,
    /// Fernet (`crypt_config`): 2 parts.
    OXIDC_COOKIE_FERNET = 3,
}

/// The keys of a cookie handler: `mode` says which of the (borrowed) keys are used; the
/// others may be NULL.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_cookie_keys {
    /// An `oxidc_cookie_mode`.
    pub mode: u32,
    /// The HMAC key (sign modes).
    pub sign: *const oxidc_cookie_sign_key,
    /// The AES-GCM key (encrypt modes).
    pub enc: *const oxidc_cookie_enc_key,
    /// The Fernet key (`OXIDC_COOKIE_FERNET`).
    pub fernet: *const oxidc_fernet_key,
}

/// What an opaque token holds (strings point into the caller's `out` buffer).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_opaque_token_fields {
    /// The 43-character random id.
    pub id: oxidc_str,
    /// The handler's class (an `oxidc_token_class`).
    pub token_class: u32,
    /// The class text as found in the token (full name or one-letter alias).
    pub class_text: oxidc_str,
    /// The encrypted session id the token was minted for.
    pub session_id: oxidc_str,
    /// `exp` as written (decimal seconds or `-1`).
    pub exp_text: oxidc_str,
    /// Whether the token expires (`exp` is not negative).
    pub has_exp: bool,
    /// The expiry when `has_exp` (not enforced: idpyoidc checks expiry from grant state).
    pub exp: i64,
}

/// The names in a session id (strings point into the caller's `out` buffer).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_session_id_parts {
    /// The user id.
    pub user: oxidc_str,
    /// The client id.
    pub client: oxidc_str,
    /// The grant id.
    pub grant: oxidc_str,
}

/// A verified cookie (strings point into the caller's `out` buffer).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_cookie_content {
    /// The value (for the session cookie, `{"sub": …, "sid": …}`).
    pub value: oxidc_str,
    /// The type (usually empty).
    pub typ: oxidc_str,
    /// The timestamp text idpyoidc reports.
    pub timestamp: oxidc_str,
}

const CLASSES: [(u32, TokenClass); 4] = [
    (1, TokenClass::AuthorizationCode),
    (2, TokenClass::AccessToken),
    (3, TokenClass::RefreshToken),
    (4, TokenClass::IdToken),
];

pub(crate) fn class_from(code: u32) -> R<TokenClass> {
    CLASSES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, t)| *t)
        .ok_or(oxidc_result::OXIDC_INVALID_ARGUMENT)
}

fn class_code(class: TokenClass) -> u32 {
    CLASSES
        .iter()
        .find(|(_, t)| *t == class)
        .map_or(0, |(c, _)| *c)
}

fn key_out(out: *mut *mut oxidc_fernet_key, key: Result<FernetKey, oxidc::Error>) -> R<()> {
    // SAFETY: the caller's output contract.
    let out = unsafe { Out::new(out) }?;
    out.set(to_c(oxidc_fernet_key(key?)));
    Ok(())
}

/// A Fernet key from 32 raw bytes (cryptojwt `FernetEncrypter(key=...)`); other lengths are
/// `OXIDC_INVALID_KEY`. The bytes are copied. `*out` receives a new key owned by the caller.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_fernet_key_from_bytes(
    key: *const u8,
    key_len: usize,
    out: *mut *mut oxidc_fernet_key,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let key = unsafe { input(key, key_len) }?;
        key_out(out, FernetKey::from_slice(key))
    })
}

/// A Fernet key from the textual form `cryptography.fernet.Fernet(key)` takes (32 bytes,
/// base64url with padding, 44 characters).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_fernet_key_from_text(
    text: *const u8,
    text_len: usize,
    out: *mut *mut oxidc_fernet_key,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let text = unsafe { crate::boundary::arg_str(text, text_len) }?;
        key_out(out, FernetKey::from_text(text))
    })
}

/// A Fernet key derived with PBKDF2 (`hash`: an `oxidc_pbkdf2_hash`) from `password` and
/// `salt` (non-empty) with `iterations` (> 0; cryptojwt's default is 390000), as cryptojwt's
/// `FernetEncrypter(password=..., salt=...)` does. Slow by design: build once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_fernet_key_derive_pbkdf2(
    hash: u32,
    password: *const u8,
    password_len: usize,
    salt: *const u8,
    salt_len: usize,
    iterations: u32,
    out: *mut *mut oxidc_fernet_key,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let password = unsafe { input(password, password_len) }?;
        // SAFETY: the caller's buffer contract.
        let salt = unsafe { input(salt, salt_len) }?;
        let hash = match hash {
            0 => Pbkdf2Hash::Sha256,
            1 => Pbkdf2Hash::Sha384,
            2 => Pbkdf2Hash::Sha512,
            _ => return Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
        };
        key_out(
            out,
            FernetKey::derive_pbkdf2_with(hash, password, salt, iterations),
        )
    })
}

/// Frees a Fernet key (zeroised). NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_fernet_key_free(key: *mut oxidc_fernet_key) {
    ffi_value!({
        // SAFETY: from an `oxidc_fernet_key_*` constructor, freed once (caller's contract).
        unsafe { free(key) }
    })
}

/// Encrypts `plaintext` with Fernet at time `now` with the caller's random `iv` (16 bytes)
/// into `out`. `raw`: plain Fernet (spec v0x80); otherwise cryptojwt's
/// `FernetEncrypter.encrypt` (space pre-padding to a multiple of 16).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_fernet_encrypt(
    key: *const oxidc_fernet_key,
    plaintext: *const u8,
    plaintext_len: usize,
    now: i64,
    iv: *const u8,
    iv_len: usize,
    raw: bool,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: the caller's buffer contract.
        let plaintext = unsafe { input(plaintext, plaintext_len) }?;
        // SAFETY: the caller's buffer contract.
        let iv = unsafe { fixed::<16>(iv, iv_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let mut buf = vec![0u8; plaintext.len() * 2 + 128];
        let f = if raw {
            fernet_encrypt_raw
        } else {
            fernet_encrypt
        };
        let n = f(&key.0, plaintext, UnixTime(now), iv, &mut buf)?;
        out.write(buf.get(..n).ok_or(oxidc_result::OXIDC_PANIC)?)
    })
}

/// Decrypts a Fernet token into `out` (no TTL). `raw`: plain Fernet; otherwise cryptojwt's
/// `FernetEncrypter.decrypt` (trailing spaces stripped). Any failure is
/// `OXIDC_BAD_FERNET_TOKEN`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_fernet_decrypt(
    key: *const oxidc_fernet_key,
    token: *const u8,
    token_len: usize,
    raw: bool,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: the caller's buffer contract.
        let token = unsafe { input(token, token_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let mut scratch = vec![0u8; token.len()];
        let plain = if raw {
            fernet_decrypt_raw(&key.0, token, &mut scratch)?
        } else {
            fernet_decrypt(&key.0, token, &mut scratch)?
        };
        out.write(plain)
    })
}

/// Decrypts a plain Fernet token and checks its age as `Fernet.decrypt_at_time(token, ttl,
/// now)`: `OXIDC_EXPIRED` when older than `ttl` seconds, `OXIDC_ISSUED_IN_FUTURE` when more
/// than 60 s ahead.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_fernet_decrypt_with_ttl(
    key: *const oxidc_fernet_key,
    token: *const u8,
    token_len: usize,
    ttl: u32,
    now: i64,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: the caller's buffer contract.
        let token = unsafe { input(token, token_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let mut scratch = vec![0u8; token.len()];
        out.write(fernet_decrypt_raw_with_ttl(
            &key.0,
            token,
            ttl,
            UnixTime(now),
            &mut scratch,
        )?)
    })
}

/// Mints an opaque token as idpyoidc's `DefaultToken` (authorization codes; refresh/access
/// tokens when not JWTs): `class` an `oxidc_token_class`, `exp` NULL for "never" (`-1`) or
/// the absolute expiry, `random` 32 random bytes (the id), `iv` 16 random bytes, `now` the
/// Fernet timestamp.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_opaque_token_mint(
    key: *const oxidc_fernet_key,
    class: u32,
    session_id: *const u8,
    session_id_len: usize,
    exp: *const i64,
    random: *const u8,
    random_len: usize,
    iv: *const u8,
    iv_len: usize,
    now: i64,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: the caller's buffer contract.
        let sid = unsafe { crate::boundary::arg_str(session_id, session_id_len) }?;
        // SAFETY: NULL or a valid int64_t (caller's contract).
        let exp = unsafe { exp.as_ref() }.map(|e| UnixTime(*e));
        // SAFETY: the caller's buffer contract.
        let random = unsafe { fixed::<32>(random, random_len) }?;
        // SAFETY: the caller's buffer contract.
        let iv = unsafe { fixed::<16>(iv, iv_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let mut buf = [0u8; MAX_OPAQUE_LEN];
        let n = mint_token(
            &key.0,
            class_from(class)?,
            sid,
            exp,
            random,
            iv,
            UnixTime(now),
            &mut buf,
        )
        .map_err(too_large)?;
        out.write(buf.get(..n).ok_or(oxidc_result::OXIDC_PANIC)?)
    })
}

/// A value that does not fit the internal buffer is one no reader would accept.
fn too_large(e: oxidc::Error) -> oxidc_result {
    match e {
        oxidc::Error::BufferTooSmall => oxidc_result::OXIDC_VALUE_TOO_LONG,
        e => e.into(),
    }
}

/// Reads an opaque token as idpyoidc's `DefaultToken.info` for a handler of `class`.
/// `OXIDC_UNKNOWN_TOKEN` if it does not decrypt to a token; `OXIDC_WRONG_TOKEN_CLASS` for
/// another class. The fields are copied into `out` (`value_len` bytes always suffice) and
/// described in `*fields`. `exp` is reported, not enforced.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_opaque_token_read(
    key: *const oxidc_fernet_key,
    class: u32,
    value: *const u8,
    value_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    fields: *mut oxidc_opaque_token_fields,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: the caller's buffer contract.
        let value = unsafe { input(value, value_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's output contract.
        let fields_out = unsafe { Out::new(fields) }?;
        let class = class_from(class)?;
        let mut scratch = [0u8; MAX_OPAQUE_LEN];
        let f = read_token(&key.0, class, value, &mut scratch)?;
        let exp = f.expires_at()?;
        let [id, class_text, session_id, exp_text] = out.write_parts([
            f.id.as_bytes(),
            f.class_text.as_bytes(),
            f.session_id.as_bytes(),
            f.exp.as_bytes(),
        ])?;
        fields_out.set(oxidc_opaque_token_fields {
            id,
            token_class: class_code(f.class),
            class_text,
            session_id,
            exp_text,
            has_exp: exp.is_some(),
            exp: exp.map_or(-1, UnixTime::as_secs),
        });
        Ok(())
    })
}

/// The token endpoint's repair of a submitted `code` (spaces back to `+`), into `out`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_normalize_submitted_code(
    code: *const u8,
    code_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let code = unsafe { crate::boundary::arg_str(code, code_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        out.write_with(code.len(), |dst| {
            normalize_submitted_code_into(code, dst).map(|_| ())
        })
    })
}

/// idpyoidc's `encrypted_session_id(user, client, grant)` into `out`; `random` 32 bytes,
/// `iv` 16 bytes, `now` the Fernet timestamp.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_session_id_encrypt(
    key: *const oxidc_fernet_key,
    user: oxidc_str,
    client: oxidc_str,
    grant: oxidc_str,
    random: *const u8,
    random_len: usize,
    iv: *const u8,
    iv_len: usize,
    now: i64,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: the caller's buffer contract for the three names.
        let (user, client, grant) = unsafe { (str_of(&user)?, str_of(&client)?, str_of(&grant)?) };
        // SAFETY: the caller's buffer contract.
        let random = unsafe { fixed::<32>(random, random_len) }?;
        // SAFETY: the caller's buffer contract.
        let iv = unsafe { fixed::<16>(iv, iv_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let mut buf = [0u8; MAX_OPAQUE_LEN];
        let n = encrypt_session_id(
            &key.0,
            user,
            client,
            grant,
            random,
            iv,
            UnixTime(now),
            &mut buf,
        )
        .map_err(too_large)?;
        out.write(buf.get(..n).ok_or(oxidc_result::OXIDC_PANIC)?)
    })
}

/// idpyoidc's `encrypted_branch_id(*parts)` for any number of names (`parts`, `parts_len`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_branch_id_encrypt(
    key: *const oxidc_fernet_key,
    parts: *const oxidc_str,
    parts_len: usize,
    random: *const u8,
    random_len: usize,
    iv: *const u8,
    iv_len: usize,
    now: i64,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: the caller's buffer contract for the array and each name.
        let parts = unsafe { crate::boundary::strs(parts, parts_len) }?;
        // SAFETY: the caller's buffer contract.
        let random = unsafe { fixed::<32>(random, random_len) }?;
        // SAFETY: the caller's buffer contract.
        let iv = unsafe { fixed::<16>(iv, iv_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let mut buf = [0u8; MAX_OPAQUE_LEN];
        let n = encrypt_branch_id(&key.0, &parts, random, iv, UnixTime(now), &mut buf)
            .map_err(too_large)?;
        out.write(buf.get(..n).ok_or(oxidc_result::OXIDC_PANIC)?)
    })
}

/// idpyoidc's `decrypt_session_id`: the user, client and grant of a session id, copied into
/// `out` and described in `*parts`. `OXIDC_INVALID_SESSION_ID` if it is not one.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_session_id_decrypt(
    key: *const oxidc_fernet_key,
    value: *const u8,
    value_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    parts: *mut oxidc_session_id_parts,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: the caller's buffer contract.
        let value = unsafe { input(value, value_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's output contract.
        let parts_out = unsafe { Out::new(parts) }?;
        let mut scratch = [0u8; MAX_OPAQUE_LEN];
        let p = decrypt_session_id(&key.0, value, &mut scratch)?;
        let [user, client, grant] =
            out.write_parts([p.user.as_bytes(), p.client.as_bytes(), p.grant.as_bytes()])?;
        parts_out.set(oxidc_session_id_parts {
            user,
            client,
            grant,
        });
        Ok(())
    })
}

/// idpyoidc's `decrypt_branch_id`: the `;;`-joined names of any branch id, into `out`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_branch_id_decrypt(
    key: *const oxidc_fernet_key,
    value: *const u8,
    value_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key (caller's contract).
        let key = unsafe { obj(key) }?;
        // SAFETY: the caller's buffer contract.
        let value = unsafe { input(value, value_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let mut scratch = [0u8; MAX_OPAQUE_LEN];
        let b = decrypt_branch_id(&key.0, value, &mut scratch)?;
        out.write(b.key.as_bytes())
    })
}

/// A cookie signing (HMAC) key from raw bytes (non-empty). `*out` receives a new key.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_cookie_sign_key_new(
    key: *const u8,
    key_len: usize,
    out: *mut *mut oxidc_cookie_sign_key,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let key = unsafe { input(key, key_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        out.set(to_c(oxidc_cookie_sign_key(CookieSignKey::new(key)?)));
        Ok(())
    })
}

/// Frees a cookie signing key (zeroised). NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_cookie_sign_key_free(key: *mut oxidc_cookie_sign_key) {
    ffi_value!({
        // SAFETY: from `oxidc_cookie_sign_key_new`, freed once (caller's contract).
        unsafe { free(key) }
    })
}

/// A cookie encryption (AES-GCM) key from 16, 24 or 32 raw bytes. `*out` receives a new key.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_cookie_enc_key_new(
    key: *const u8,
    key_len: usize,
    out: *mut *mut oxidc_cookie_enc_key,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let key = unsafe { input(key, key_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        out.set(to_c(oxidc_cookie_enc_key(CookieEncKey::new(key)?)));
        Ok(())
    })
}

/// Frees a cookie encryption key. NULL is a no-op.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_cookie_enc_key_free(key: *mut oxidc_cookie_enc_key) {
    ffi_value!({
        // SAFETY: from `oxidc_cookie_enc_key_new`, freed once (caller's contract).
        unsafe { free(key) }
    })
}

/// # Safety
/// `keys` is NULL or a live struct whose key pointers are NULL or live keys.
unsafe fn cookie_keys<'a>(keys: *const oxidc_cookie_keys) -> R<CookieKeys<'a>> {
    // SAFETY: forwarded contract.
    let k = unsafe { obj(keys) }?;
    // SAFETY: forwarded contract (each key NULL or live).
    let (sign, enc, fernet) = unsafe { (k.sign.as_ref(), k.enc.as_ref(), k.fernet.as_ref()) };
    let null = oxidc_result::OXIDC_NULL_PARAMETER;
    Ok(match k.mode {
        0 => CookieKeys::SignAndEncrypt {
            sign: &sign.ok_or(null)?.0,
            enc: &enc.ok_or(null)?.0,
        },
        1 => CookieKeys::Encrypt(&enc.ok_or(null)?.0),
        2 => CookieKeys::Sign(&sign.ok_or(null)?.0),
        3 => CookieKeys::Fernet(&fernet.ok_or(null)?.0),
        _ => return Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
    })
}

/// Makes a cookie value as idpyoidc's `CookieHandler.make_cookie_content` (the `value`
/// field) with `now` as timestamp; `iv` 16 random bytes (the first 12 are the AES-GCM IV).
/// An empty value and type give an empty cookie (`*out_len` 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_cookie_make(
    keys: *const oxidc_cookie_keys,
    value: *const u8,
    value_len: usize,
    typ: *const u8,
    typ_len: usize,
    now: i64,
    iv: *const u8,
    iv_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's contract for the keys struct.
        let keys = unsafe { cookie_keys(keys) }?;
        // SAFETY: the caller's buffer contract.
        let value = unsafe { crate::boundary::arg_str(value, value_len) }?;
        // SAFETY: the caller's buffer contract.
        let typ = unsafe { crate::boundary::arg_str(typ, typ_len) }?;
        // SAFETY: the caller's buffer contract.
        let iv = unsafe { fixed::<16>(iv, iv_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let mut buf = [0u8; MAX_OPAQUE_LEN];
        let n = make_cookie(&keys, value, typ, UnixTime(now), iv, &mut buf).map_err(too_large)?;
        out.write(buf.get(..n).ok_or(oxidc_result::OXIDC_PANIC)?)
    })
}

/// Reads a cookie value as idpyoidc's `CookieHandler.parse_cookie`. Any failure is
/// `OXIDC_INVALID_COOKIE`. The parts are copied into `out` (`cookie_len` bytes suffice) and
/// described in `*content`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_cookie_read(
    keys: *const oxidc_cookie_keys,
    cookie: *const u8,
    cookie_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    content: *mut oxidc_cookie_content,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's contract for the keys struct.
        let keys = unsafe { cookie_keys(keys) }?;
        // SAFETY: the caller's buffer contract.
        let cookie = unsafe { input(cookie, cookie_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's output contract.
        let content_out = unsafe { Out::new(content) }?;
        let cookie = std::str::from_utf8(cookie).map_err(|_| oxidc_result::OXIDC_INVALID_COOKIE)?;
        let mut scratch = [0u8; MAX_OPAQUE_LEN];
        let c = read_cookie(&keys, cookie, &mut scratch)?;
        let [value, typ, timestamp] =
            out.write_parts([c.value.as_bytes(), c.typ.as_bytes(), c.timestamp.as_bytes()])?;
        content_out.set(oxidc_cookie_content {
            value,
            typ,
            timestamp,
        });
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opaque_keys_are_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<oxidc_fernet_key>();
        assert_send_sync::<oxidc_cookie_sign_key>();
        assert_send_sync::<oxidc_cookie_enc_key>();
    }

    #[test]
    fn classes_round_trip() {
        for c in TokenClass::KNOWN {
            assert_eq!(class_from(class_code(c)), Ok(c));
        }
    }
}
