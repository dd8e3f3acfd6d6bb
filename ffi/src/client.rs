//! Client authentication (`oxidc::oauth::client_authn`: HTTP Basic, `client_secret_post`,
//! `client_secret_jwt` / `private_key_jwt` assertions, bearer tokens) and PKCE
//! (`oxidc::oauth::pkce`, RFC 7636).
//!
//! Secrets are copied into the caller's buffers only where the caller asked for them, and
//! compared in constant time by the core. Every function here is thread-safe.

use crate::boundary::{Out, OutBuf, R, arg_str, input, obj, opt_arg_str, oxidc_str, strs};
use crate::keys::oxidc_keyset;
use crate::messages::oxidc_message;
use crate::result::oxidc_result;
use oxidc::oauth::client_authn::{
    self as ca, AssertionPolicy, AuthMethod, BasicDecoding, ClientSecret,
};
use oxidc::oauth::pkce::{self, Challenge, ChallengeMethod};
use oxidc::{Leeway, UnixTime};

/// How the id and secret inside HTTP Basic credentials are decoded (`uint32_t`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_basic_decoding {
    /// RFC 6749 §2.3.1: form-url-decoded after base64 (`%21` is `!`, `+` a space).
    OXIDC_BASIC_RFC6749 = 0,
    /// idpyoidc 5.0.0: taken as they are.
    OXIDC_BASIC_RAW = 1,
}

/// Client-assertion methods (`uint32_t`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_assertion_method {
    /// `client_secret_jwt`: an HMAC-signed assertion (the key set holds the client secret as
    /// an `oct` JWK).
    OXIDC_CLIENT_SECRET_JWT = 1,
    /// `private_key_jwt`: signed with the client's private key (the key set holds its
    /// public keys).
    OXIDC_PRIVATE_KEY_JWT = 2,
}

/// PKCE `code_challenge_method`s (`uint32_t`; also bits of a supported-method set).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_pkce_method {
    /// `plain`
    OXIDC_PKCE_PLAIN = 1,
    /// `S256`
    OXIDC_PKCE_S256 = 2,
    /// `S384` (idpyoidc extension)
    OXIDC_PKCE_S384 = 4,
    /// `S512` (idpyoidc extension)
    OXIDC_PKCE_S512 = 8,
}

const METHODS: [(u32, ChallengeMethod); 4] = [
    (1, ChallengeMethod::Plain),
    (2, ChallengeMethod::S256),
    (4, ChallengeMethod::S384),
    (8, ChallengeMethod::S512),
];

fn method_from(code: u32) -> R<ChallengeMethod> {
    METHODS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, m)| *m)
        .ok_or(oxidc_result::OXIDC_INVALID_ARGUMENT)
}

fn method_code(m: ChallengeMethod) -> u32 {
    METHODS.iter().find(|(_, x)| *x == m).map_or(0, |(c, _)| *c)
}

/// The policy for client assertions (RFC 7523 §3).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_assertion_policy {
    /// The audiences the assertion's `aud` must contain one of (the token endpoint URL, the
    /// issuer); NULL with length 0: none (every assertion fails with
    /// `OXIDC_AUDIENCE_MISMATCH`).
    pub audiences: *const oxidc_str,
    /// Number of `audiences`.
    pub audiences_len: usize,
    /// Clock skew, seconds (cryptojwt's default: 15).
    pub leeway: u32,
    /// Longest accepted lifetime `exp - iat` (or `exp - now`), seconds; idpyoidc: 600.
    pub max_lifetime: u32,
    /// Require a `jti` (for the replay check the host keeps).
    pub require_jti: bool,
}

fn decoding(code: u32) -> R<BasicDecoding> {
    match code {
        0 => Ok(BasicDecoding::Rfc6749),
        1 => Ok(BasicDecoding::Raw),
        _ => Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
    }
}

fn write_two(a: &[u8], a_out: OutBuf, b: &[u8], b_out: OutBuf) -> R<()> {
    // Both must fit before either is written.
    if !a_out.fits(a.len()) || !b_out.fits(b.len()) {
        return Err(oxidc_result::OXIDC_BUFFER_TOO_SMALL);
    }
    a_out.write(a)?;
    b_out.write(b)
}

/// Parses `Authorization: Basic …` (the whole header value, RFC 7617 §2, RFC 6749 §2.3.1)
/// with `decoding` (an `oxidc_basic_decoding`) and copies the client id and the secret into
/// the two buffers (both or neither). `OXIDC_UNSUPPORTED_AUTH_SCHEME` for another scheme,
/// `OXIDC_MALFORMED_BASIC_CREDENTIALS` for bad base64, no `:`, bad encoding.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_client_parse_basic(
    authorization: *const u8,
    authorization_len: usize,
    decoding_mode: u32,
    client_id: *mut u8,
    client_id_cap: usize,
    client_id_len: *mut usize,
    secret: *mut u8,
    secret_cap: usize,
    secret_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let auth = unsafe { input(authorization, authorization_len) }?;
        // SAFETY: the caller's buffer contract.
        let id_out = unsafe { OutBuf::new(client_id, client_id_cap, client_id_len) }?;
        // SAFETY: the caller's buffer contract.
        let secret_out = unsafe { OutBuf::new(secret, secret_cap, secret_len) }?;
        let mode = decoding(decoding_mode)?;
        let mut scratch = zeroizing(auth.len());
        let c = ca::parse_basic(auth, mode, &mut scratch.0)?;
        write_two(
            c.client_id.as_bytes(),
            id_out,
            c.secret.expose().as_bytes(),
            secret_out,
        )
    })
}

/// A scratch buffer wiped on drop (it held a secret).
pub(crate) struct Wiped(pub(crate) Vec<u8>);

impl Drop for Wiped {
    fn drop(&mut self) {
        for b in self.0.iter_mut() {
            // SAFETY: a valid, aligned, exclusive reference; the volatile write keeps the
            // compiler from eliding the wipe of a buffer about to be freed.
            unsafe { std::ptr::write_volatile(b, 0) };
        }
    }
}

fn zeroizing(n: usize) -> Wiped {
    Wiped(vec![0u8; n])
}

/// Parses `Authorization: Bearer <token>` (RFC 6750 §2.1) and copies the token into `out`.
/// `OXIDC_UNSUPPORTED_AUTH_SCHEME` for another scheme, `OXIDC_MALFORMED_BEARER_TOKEN` for an
/// empty token or one outside `b64token` syntax.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_client_parse_bearer(
    authorization: *const u8,
    authorization_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let auth = unsafe { input(authorization, authorization_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        out.write(ca::parse_bearer(auth)?.as_bytes())
    })
}

/// `client_secret_post` (RFC 6749 §2.3.1): copies the `client_id` and `client_secret`
/// body parameters of the accepted message in `msg` into the two buffers.
/// `OXIDC_CLIENT_AUTHENTICATION_MISSING` unless both are present (idpyoidc's `is_usable`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_client_post_credentials(
    msg: *const oxidc_message,
    client_id: *mut u8,
    client_id_cap: usize,
    client_id_len: *mut usize,
    secret: *mut u8,
    secret_cap: usize,
    secret_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: the caller's buffer contract.
        let id_out = unsafe { OutBuf::new(client_id, client_id_cap, client_id_len) }?;
        // SAFETY: the caller's buffer contract.
        let secret_out = unsafe { OutBuf::new(secret, secret_cap, secret_len) }?;
        m.with_params(|p| {
            let c = ca::post_credentials(p).ok_or(oxidc::Error::ClientAuthenticationMissing)?;
            write_two(
                c.client_id.as_bytes(),
                id_out,
                c.secret.expose().as_bytes(),
                secret_out,
            )
        })
    })
}

/// Compares a presented client secret with the registered one in constant time:
/// `OXIDC_OK` or `OXIDC_CLIENT_SECRET_MISMATCH`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_client_secret_verify(
    presented: *const u8,
    presented_len: usize,
    registered: *const u8,
    registered_len: usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let presented = unsafe { arg_str(presented, presented_len) }
            .map_err(|_| oxidc_result::from(oxidc::Error::ClientSecretMismatch))?;
        // SAFETY: the caller's buffer contract.
        let registered = unsafe { input(registered, registered_len) }?;
        Ok(ClientSecret::new(presented).verify(registered)?)
    })
}

/// `OXIDC_CLIENT_SECRET_EXPIRED` when `client_secret_expires_at` (RFC 7591 §3.2.1; 0:
/// never) is before `now`.
#[unsafe(no_mangle)]
pub extern "C" fn oxidc_client_check_secret_expiry(expires_at: i64, now: i64) -> oxidc_result {
    ffi_result!({ Ok(ca::check_secret_expiry(expires_at, UnixTime(now))?) })
}

/// Reads the (unverified) `iss` of a client assertion, to look up the client whose keys
/// verify it; copied into `out`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_client_assertion_issuer(
    assertion: *const u8,
    assertion_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let assertion = unsafe { arg_str(assertion, assertion_len) }
            .map_err(|_| oxidc_result::from(oxidc::Error::InvalidUtf8))?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let mut buf = vec![0u8; assertion.len()];
        let iss = ca::assertion_issuer(assertion, &mut buf)?;
        let text: Vec<u8> = iss.bytes().collect();
        out.write(&text)
    })
}

/// Verifies a client assertion (`client_assertion` / `client_assertion_type`, RFC 7523,
/// OIDC Core §9) for `client_id` with `method` (an `oxidc_assertion_method`) against `keys`
/// and `policy` at `now`. On success the assertion's `jti` (if any) is copied into `jti`
/// and `*has_jti` set: the host checks it against its replay cache
/// (`OXIDC_ASSERTION_REPLAYED` is the code to report). `assertion_type` NULL: absent.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_client_verify_assertion(
    method: u32,
    assertion: *const u8,
    assertion_len: usize,
    assertion_type: *const u8,
    assertion_type_len: usize,
    client_id: *const u8,
    client_id_len: usize,
    keys: *const oxidc_keyset,
    policy: *const oxidc_assertion_policy,
    now: i64,
    jti: *mut u8,
    jti_cap: usize,
    jti_len: *mut usize,
    has_jti: *mut bool,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let assertion = unsafe { arg_str(assertion, assertion_len) }
            .map_err(|_| oxidc_result::from(oxidc::Error::InvalidUtf8))?;
        // SAFETY: the caller's buffer contract.
        let assertion_type = unsafe { opt_arg_str(assertion_type, assertion_type_len) }?;
        // SAFETY: the caller's buffer contract.
        let client_id = unsafe { arg_str(client_id, client_id_len) }?;
        // SAFETY: a live key set (caller's contract).
        let keys = unsafe { obj(keys) }?;
        // SAFETY: a valid policy struct (caller's contract).
        let policy = unsafe { obj(policy) }?;
        // SAFETY: the caller's buffer contract.
        let jti_out = unsafe { OutBuf::new(jti, jti_cap, jti_len) }?;
        // SAFETY: the caller's output contract.
        let has_jti = unsafe { Out::new(has_jti) }?;
        // SAFETY: the array and its strings are valid (caller's contract).
        let audiences = unsafe { strs(policy.audiences, policy.audiences_len) }?;
        let method = match method {
            1 => AuthMethod::ClientSecretJwt,
            2 => AuthMethod::PrivateKeyJwt,
            _ => return Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
        };
        let p = AssertionPolicy {
            audiences: &audiences,
            leeway: Leeway(policy.leeway),
            max_lifetime: policy.max_lifetime,
            require_jti: policy.require_jti,
        };
        if assertion.len() > oxidc::limits::MAX_TOKEN_LEN {
            return Err(oxidc::Error::TokenTooLarge.into());
        }
        let mut buf = vec![0u8; assertion.len()];
        let v = ca::verify_client_assertion(
            method,
            assertion,
            assertion_type,
            client_id,
            &keys.0,
            &p,
            UnixTime(now),
            &mut buf,
        )?;
        match v.jti() {
            Some(j) => {
                let text: Vec<u8> = j.bytes().collect();
                jti_out.write(&text)?;
                has_jti.set(true);
            }
            None => has_jti.set(false),
        }
        Ok(())
    })
}

/// Writes the PKCE challenge for `verifier` under `method` (an `oxidc_pkce_method`) into
/// `out` (43/64/86 bytes for S256/S384/S512; the verifier for `plain`). The verifier's
/// syntax is not checked here (`oxidc_pkce_verify` does).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_pkce_compute_challenge(
    verifier: *const u8,
    verifier_len: usize,
    method: u32,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let verifier = unsafe { arg_str(verifier, verifier_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let method = method_from(method)?;
        let mut buf = vec![0u8; verifier.len().max(128)];
        let n = pkce::compute_challenge(verifier, method, &mut buf)?;
        out.write(buf.get(..n).ok_or(oxidc_result::OXIDC_PANIC)?)
    })
}

/// Writes a PKCE `code_verifier` made from `random` (32 to 96 bytes from the caller's
/// CSPRNG; other lengths are `OXIDC_PKCE_VERIFIER_INVALID`) into `out`: their base64url
/// encoding, 43 to 128 characters (RFC 7636 §4.1). The library has no randomness of its
/// own. Nothing is retained. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_pkce_verifier_from_random(
    random: *const u8,
    random_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let random = unsafe { input(random, random_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let mut buf = [0u8; oxidc::limits::MAX_PKCE_LEN];
        let n = pkce::verifier_from_random(random, &mut buf)?;
        out.write(buf.get(..n).ok_or(oxidc_result::OXIDC_PANIC)?)
    })
}

/// Verifies the token request's `code_verifier` (NULL: absent) against the challenge and
/// method stored with the grant (RFC 7636 §4.6): `OXIDC_PKCE_MISSING_VERIFIER`,
/// `OXIDC_PKCE_VERIFIER_INVALID` (not 43-128 unreserved characters) or `OXIDC_PKCE_MISMATCH`
/// (all `invalid_grant`). Constant-time comparison.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_pkce_verify(
    verifier: *const u8,
    verifier_len: usize,
    challenge: *const u8,
    challenge_len: usize,
    method: u32,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract (NULL: absent).
        let verifier = unsafe { opt_arg_str(verifier, verifier_len) }
            .map_err(|_| oxidc_result::from(oxidc::Error::PkceVerifierInvalid))?;
        // SAFETY: the caller's buffer contract.
        let challenge = unsafe { arg_str(challenge, challenge_len) }?;
        let method = method_from(method)?;
        Ok(pkce::verify(verifier, &Challenge { challenge, method })?)
    })
}

/// Checks the PKCE parameters of an authorization request (idpyoidc's order): `challenge`
/// and `method` are the request's `code_challenge` / `code_challenge_method` (NULL: absent),
/// `essential` whether PKCE is required, `supported` a bit set of `oxidc_pkce_method`s (0:
/// all four). On success `*out_method` is the method to store with the challenge (an
/// `oxidc_pkce_method`; `plain` when the request named none), or 0 when the request has no
/// challenge (nothing to store). Errors: `OXIDC_PKCE_MISSING_CHALLENGE`,
/// `OXIDC_UNSUPPORTED_CHALLENGE_METHOD`, `OXIDC_PKCE_CHALLENGE_INVALID`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_pkce_check_authorization_request(
    challenge: *const u8,
    challenge_len: usize,
    method: *const u8,
    method_len: usize,
    essential: bool,
    supported: u32,
    out_method: *mut u32,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract (NULL: absent).
        let challenge = unsafe { opt_arg_str(challenge, challenge_len) }?;
        // SAFETY: the caller's buffer contract (NULL: absent).
        let method = unsafe { opt_arg_str(method, method_len) }?;
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out_method) }?;
        if supported & !15 != 0 {
            return Err(oxidc_result::OXIDC_INVALID_ARGUMENT);
        }
        let set: Vec<ChallengeMethod> = METHODS
            .iter()
            .filter(|(c, _)| supported == 0 || supported & c != 0)
            .map(|(_, m)| *m)
            .collect();
        let r = pkce::check_authorization_request(challenge, method, essential, &set)?;
        out.set(r.map_or(0, |c| method_code(c.method)));
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let v = b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let mut out = [0u8; 64];
        let mut n = 0;
        // SAFETY: valid buffers.
        let rc = unsafe {
            oxidc_pkce_compute_challenge(v.as_ptr(), v.len(), 2, out.as_mut_ptr(), 64, &mut n)
        };
        assert_eq!(rc, oxidc_result::OXIDC_OK);
        assert_eq!(&out[..n], b"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
