//! Relying-party checks: ID tokens (`oxidc::oidc::id_token`: signature, `iss`, `aud`/`azp`,
//! `exp`, `iat`, `nonce`, `auth_time` with `max_age`, `at_hash`, `c_hash`; OIDC Core
//! §3.1.3.7, §3.3.2.12) and the token endpoint's `redirect_uri` check (RFC 6749 §4.1.3).
//!
//! The rules are the core's; this module only converts arguments. Every function here is
//! thread-safe except for the `oxidc_token` / `oxidc_message` it is given (one thread at a
//! time per holder, as everywhere).

use crate::boundary::{Out, R, arg_str, obj, obj_mut, opt_arg_str, opt_str_of, oxidc_str, strs};
use crate::keys::{alg_from, oxidc_keyset};
use crate::messages::oxidc_message;
use crate::result::oxidc_result;
use crate::token::oxidc_token;
use crate::validator::token_arg;
use oxidc::oauth::messages::AccessTokenRequest;
use oxidc::oidc::id_token::{self, HashedValues, IdTokenClaims, IdTokenExpectations};
use oxidc::oidc::messages as oidc;
use oxidc::{Error, Leeway, UnixTime};

/// idpyoidc's default `nonce_storage_time`, seconds (4 hours): an ID token issued longer ago
/// is refused (`OXIDC_TOKEN_TOO_OLD`).
pub const OXIDC_NONCE_STORAGE_TIME: i64 = 14400;

/// What a relying party expects of an ID token (idpyoidc's `verify` keyword arguments).
/// Fill it with `oxidc_id_token_expectations_default`, then set what applies. Strings are
/// optional (`ptr == NULL`: not checked) and are not retained.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_id_token_expectations {
    /// The OP's issuer identifier; `iss` must equal it (`OXIDC_ISSUER_MISMATCH`).
    pub issuer: oxidc_str,
    /// This client's id: it must be in `aud` (`OXIDC_AUDIENCE_MISMATCH`) and equal `azp`
    /// when present (`OXIDC_AZP_MISMATCH`).
    pub client_id: oxidc_str,
    /// The nonce sent in the authentication request: `nonce` must be present
    /// (`OXIDC_MISSING_CLAIM`) and equal (`OXIDC_NONCE_MISMATCH`).
    pub nonce: oxidc_str,
    /// Whether `max_age` was sent (then `auth_time` is required and checked).
    pub has_max_age: bool,
    /// The `max_age` sent, seconds.
    pub max_age: i64,
    /// Clock skew, seconds (idpyoidc's `skew`, default 0).
    pub leeway: u32,
    /// Oldest acceptable `iat` relative to now, seconds (default `OXIDC_NONCE_STORAGE_TIME`).
    pub nonce_storage_time: i64,
}

/// The claims of a received ID token that `oxidc_id_token_check_claims` looks at, taken from
/// a token whose signature the caller already verified (minting uses `oxidc_id_token_claims`).
/// Strings are optional (`ptr == NULL`: claim absent); `aud` is an array of `aud_len`
/// strings (a JSON string `aud` is one element) and counts as absent unless `has_aud`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_id_token_received_claims {
    /// `iss`
    pub iss: oxidc_str,
    /// `sub`
    pub sub: oxidc_str,
    /// Whether `aud` is present.
    pub has_aud: bool,
    /// The `aud` values (NULL with `aud_len == 0`: none).
    pub aud: *const oxidc_str,
    /// Number of `aud` values.
    pub aud_len: usize,
    /// Whether `exp` is present.
    pub has_exp: bool,
    /// `exp`
    pub exp: i64,
    /// Whether `iat` is present.
    pub has_iat: bool,
    /// `iat`
    pub iat: i64,
    /// `azp`
    pub azp: oxidc_str,
    /// `nonce`
    pub nonce: oxidc_str,
    /// Whether `auth_time` is present.
    pub has_auth_time: bool,
    /// `auth_time`
    pub auth_time: i64,
}

fn opt_i64(has: bool, v: i64) -> Option<i64> {
    has.then_some(v)
}

/// The core expectations of a C struct (strings borrowed for the call).
///
/// # Safety
/// The struct's strings are NULL or valid for their lengths.
unsafe fn expectations<'a>(e: &oxidc_id_token_expectations) -> R<IdTokenExpectations<'a>> {
    Ok(IdTokenExpectations {
        // SAFETY: forwarded contract.
        issuer: unsafe { opt_str_of(&e.issuer) }?,
        // SAFETY: forwarded contract.
        client_id: unsafe { opt_str_of(&e.client_id) }?,
        // SAFETY: forwarded contract.
        nonce: unsafe { opt_str_of(&e.nonce) }?,
        max_age: opt_i64(e.has_max_age, e.max_age),
        leeway: Leeway(e.leeway),
        nonce_storage_time: e.nonce_storage_time,
    })
}

/// idpyoidc's defaults in `*out`: nothing expected (all strings absent), no `max_age`,
/// leeway 0, `nonce_storage_time` `OXIDC_NONCE_STORAGE_TIME`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_id_token_expectations_default(
    out: *mut oxidc_id_token_expectations,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's output contract.
        let out = unsafe { Out::new(out) }?;
        let none = oxidc_str {
            ptr: std::ptr::null(),
            len: 0,
        };
        let d = IdTokenExpectations::default();
        out.set(oxidc_id_token_expectations {
            issuer: none,
            client_id: none,
            nonce: none,
            has_max_age: false,
            max_age: 0,
            leeway: d.leeway.0,
            nonce_storage_time: d.nonce_storage_time,
        });
        Ok(())
    })
}

/// Verifies an ID token as idpyoidc's `verify_id_token` does: the signature with `keyset`
/// (the OP's JWKS, or the client secret as an `oct` key; the key pins the algorithm), then
/// the claims against `expected` at `now` (`oxidc_id_token_check_claims`), then `at_hash`
/// against `access_token` and `c_hash` against `code` when those are given (NULL: absent —
/// pass the values of an authentication response; token responses carry none). On success
/// `out_token` holds the header and claims (read them with `oxidc_token_*`); on failure it
/// is untouched. Nothing is retained. Thread-safe except for `out_token` (one thread).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_id_token_verify(
    keyset: *const oxidc_keyset,
    id_token: *const u8,
    id_token_len: usize,
    expected: *const oxidc_id_token_expectations,
    access_token: *const u8,
    access_token_len: usize,
    code: *const u8,
    code_len: usize,
    now: i64,
    out_token: *mut oxidc_token,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live key set (caller's contract).
        let ks = unsafe { obj(keyset) }?;
        // SAFETY: the caller's buffer contract.
        let token = unsafe { token_arg(id_token, id_token_len) }?;
        // SAFETY: a valid struct (caller's contract).
        let e = unsafe { obj(expected) }?;
        // SAFETY: its strings are valid (caller's contract).
        let e = unsafe { expectations(e) }?;
        // SAFETY: the caller's buffer contract (NULL: absent).
        let access_token = unsafe { opt_arg_str(access_token, access_token_len) }?;
        // SAFETY: the caller's buffer contract (NULL: absent).
        let code = unsafe { opt_arg_str(code, code_len) }?;
        // SAFETY: a live holder, this thread only (caller's contract).
        let holder = unsafe { obj_mut(out_token) }?;
        let hashed = HashedValues { access_token, code };
        holder.store_jwt(token.len(), |buf| {
            let t = id_token::verify_id_token(token, &ks.0, &e, hashed, UnixTime(now), buf)?;
            Ok((*t.header(), *t.claims()))
        })
    })
}

/// Checks the claims of an ID token whose signature the caller already verified, in
/// idpyoidc's order (OIDC Core §3.1.3.7): `iss`, `sub`, `aud`, `exp`, `iat` present
/// (`OXIDC_MISSING_CLAIM`); `iss` (`OXIDC_ISSUER_MISMATCH`); the client in `aud`
/// (`OXIDC_AUDIENCE_MISMATCH`); several audiences need `azp` (`OXIDC_AZP_MISSING`) in `aud`,
/// and `azp` must be the client (`OXIDC_AZP_MISMATCH`); `now < exp + leeway`
/// (`OXIDC_EXPIRED`); `iat` within `nonce_storage_time` (`OXIDC_TOKEN_TOO_OLD`) and not in
/// the future (`OXIDC_ISSUED_IN_FUTURE`); `exp >= iat` (`OXIDC_EXPIRES_BEFORE_ISSUED`); the
/// nonce (`OXIDC_MISSING_CLAIM`, `OXIDC_NONCE_MISMATCH`); `auth_time` with `max_age`
/// (`OXIDC_AUTHENTICATION_TOO_OLD`). Nothing is retained. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_id_token_check_claims(
    claims: *const oxidc_id_token_received_claims,
    expected: *const oxidc_id_token_expectations,
    now: i64,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a valid struct (caller's contract).
        let c = unsafe { obj(claims) }?;
        // SAFETY: a valid struct (caller's contract).
        let e = unsafe { obj(expected) }?;
        // SAFETY: its strings are valid (caller's contract).
        let e = unsafe { expectations(e) }?;
        // SAFETY: the array and its strings are valid (caller's contract).
        let aud = unsafe { strs(c.aud, c.aud_len) }?;
        let claims = IdTokenClaims {
            // SAFETY: optional strings valid for their lengths (caller's contract).
            iss: unsafe { opt_str_of(&c.iss) }?,
            // SAFETY: as above.
            sub: unsafe { opt_str_of(&c.sub) }?,
            aud: c.has_aud.then(|| aud.iter().copied()),
            exp: opt_i64(c.has_exp, c.exp),
            iat: opt_i64(c.has_iat, c.iat),
            // SAFETY: as above.
            azp: unsafe { opt_str_of(&c.azp) }?,
            // SAFETY: as above.
            nonce: unsafe { opt_str_of(&c.nonce) }?,
            auth_time: opt_i64(c.has_auth_time, c.auth_time),
        };
        Ok(id_token::check_claims(&claims, &e, UnixTime(now))?)
    })
}

/// OIDC Core §3.1.3.7 ¶13: with `max_age` requested (NULL: not requested, nothing is
/// checked), `auth_time` (NULL: absent, `OXIDC_MISSING_CLAIM`) must satisfy
/// `now <= auth_time + max_age + leeway` (`OXIDC_AUTHENTICATION_TOO_OLD`). Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_id_token_check_auth_time(
    auth_time: *const i64,
    max_age: *const i64,
    now: i64,
    leeway: u32,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: NULL or a valid int64_t (caller's contract).
        let auth_time = unsafe { auth_time.as_ref() }.copied();
        // SAFETY: NULL or a valid int64_t (caller's contract).
        let max_age = unsafe { max_age.as_ref() }.copied();
        Ok(id_token::check_auth_time(
            auth_time,
            max_age,
            UnixTime(now),
            Leeway(leeway).secs(),
        )?)
    })
}

/// Compares the ID token's `at_hash` (NULL: absent, `OXIDC_MISSING_CLAIM`) with the left hash
/// of `access_token` under the token's algorithm `alg` (an `oxidc_alg`), in constant time:
/// `OXIDC_AT_HASH_MISMATCH` when they differ. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_id_token_check_at_hash(
    alg: u32,
    access_token: *const u8,
    access_token_len: usize,
    at_hash: *const u8,
    at_hash_len: usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let value = unsafe { arg_str(access_token, access_token_len) }?;
        // SAFETY: the caller's buffer contract (NULL: absent).
        let claim = unsafe { opt_arg_str(at_hash, at_hash_len) }?;
        Ok(id_token::check_at_hash(alg_from(alg)?, value, claim)?)
    })
}

/// Compares the ID token's `c_hash` (NULL: absent, `OXIDC_MISSING_CLAIM`) with the left hash
/// of `code` under `alg` (an `oxidc_alg`), in constant time: `OXIDC_C_HASH_MISMATCH` when
/// they differ. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_id_token_check_c_hash(
    alg: u32,
    code: *const u8,
    code_len: usize,
    c_hash: *const u8,
    c_hash_len: usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let value = unsafe { arg_str(code, code_len) }?;
        // SAFETY: the caller's buffer contract (NULL: absent).
        let claim = unsafe { opt_arg_str(c_hash, c_hash_len) }?;
        Ok(id_token::check_c_hash(alg_from(alg)?, value, claim)?)
    })
}

/// Verifies the `id_token` of the accepted message in `msg` — an
/// `OXIDC_MSG_OIDC_ACCESS_TOKEN_RESPONSE` (no hash checks, as idpyoidc) or an
/// `OXIDC_MSG_OIDC_AUTHORIZATION_RESPONSE` (`at_hash` / `c_hash` required for its
/// `access_token` / `code`) — as `oxidc_id_token_verify` does. `*has_id_token` says whether
/// the message carried one; when it did, `out_token` holds it on success. Other classes:
/// `OXIDC_INVALID_ARGUMENT`; a rejected or empty holder: `OXIDC_NO_MESSAGE`. On failure
/// nothing is written. One thread at a time per holder.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_verify_id_token(
    msg: *const oxidc_message,
    keyset: *const oxidc_keyset,
    expected: *const oxidc_id_token_expectations,
    now: i64,
    out_token: *mut oxidc_token,
    has_id_token: *mut bool,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: a live key set (caller's contract).
        let ks = unsafe { obj(keyset) }?;
        // SAFETY: a valid struct (caller's contract).
        let e = unsafe { obj(expected) }?;
        // SAFETY: its strings are valid (caller's contract).
        let e = unsafe { expectations(e) }?;
        // SAFETY: a live holder, this thread only (caller's contract).
        let holder = unsafe { obj_mut(out_token) }?;
        // SAFETY: the caller's output contract.
        let has = unsafe { Out::new(has_id_token) }?;
        let (class, _) = m.accepted_class()?;
        if class != 22 && class != 23 {
            return Err(oxidc_result::OXIDC_INVALID_ARGUMENT);
        }
        let now = UnixTime(now);
        let found = m.with_params(|p| {
            let (token, hashed) = if class == 22 {
                let r = oidc::AccessTokenResponse::new(p).map_err(|r| r.error)?;
                (r.id_token(), HashedValues::default())
            } else {
                let r = oidc::AuthorizationResponse::new(p).map_err(|r| r.error)?;
                let hashed = HashedValues {
                    access_token: r.access_token(),
                    code: r.code(),
                };
                (r.id_token(), hashed)
            };
            let Some(token) = token else {
                return Ok(false);
            };
            if token.len() > oxidc::limits::MAX_TOKEN_LEN {
                return Err(Error::TokenTooLarge.into());
            }
            holder.store_jwt(token.len(), |buf| {
                let t = id_token::verify_id_token(token, &ks.0, &e, hashed, now, buf)?;
                Ok((*t.header(), *t.claims()))
            })?;
            Ok(true)
        })?;
        has.set(found);
        Ok(())
    })
}

/// RFC 6749 §4.1.3 on the accepted code-grant token request in `msg`
/// (`OXIDC_MSG_OAUTH2_ACCESS_TOKEN_REQUEST`, `OXIDC_MSG_OIDC_ACCESS_TOKEN_REQUEST`, or an
/// `OXIDC_MSG_TOKEN_REQUEST` dispatched as `authorization_code`): when the authorization
/// request carried a `redirect_uri` (`authorized`; NULL: it carried none, nothing to check),
/// the token request must carry it (`OXIDC_REDIRECT_URI_MISSING`) and it must be equal
/// (`OXIDC_REDIRECT_URI_MISMATCH`). Other classes: `OXIDC_INVALID_ARGUMENT`; a rejected or
/// empty holder: `OXIDC_NO_MESSAGE`. One thread at a time per holder.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_message_check_redirect_uri(
    msg: *const oxidc_message,
    authorized: *const u8,
    authorized_len: usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: the caller's buffer contract (NULL: absent).
        let authorized = unsafe { opt_arg_str(authorized, authorized_len) }?;
        match m.accepted_class()? {
            (2 | 21, _) | (30, 1) => {}
            _ => return Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
        }
        m.with_params(|p| {
            let r = AccessTokenRequest::new(p).map_err(|r| r.error)?;
            r.check_redirect_uri(authorized).map_err(|r| r.error)?;
            Ok(())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonce_storage_time_is_the_core_default() {
        assert_eq!(OXIDC_NONCE_STORAGE_TIME, id_token::NONCE_STORAGE_TIME);
    }

    #[test]
    fn auth_time_and_hashes() {
        let (t, max) = (1000i64, 60i64);
        // SAFETY: valid pointers or NULL.
        unsafe {
            assert_eq!(
                oxidc_id_token_check_auth_time(&t, &max, 1060, 0),
                oxidc_result::OXIDC_OK
            );
            assert_eq!(
                oxidc_id_token_check_auth_time(&t, &max, 1061, 0),
                Error::AuthenticationTooOld.into()
            );
            assert_eq!(
                oxidc_id_token_check_auth_time(std::ptr::null(), &max, 0, 0),
                Error::MissingClaim.into()
            );
            assert_eq!(
                oxidc_id_token_check_auth_time(std::ptr::null(), std::ptr::null(), 0, 0),
                oxidc_result::OXIDC_OK
            );
            // OIDC Core §A.3: at_hash of the example access token under RS256.
            let at = b"jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
            let h = b"77QmUPtjPfzWtF2AnpK9RQ";
            assert_eq!(
                oxidc_id_token_check_at_hash(5, at.as_ptr(), at.len(), h.as_ptr(), h.len()),
                oxidc_result::OXIDC_OK
            );
            assert_eq!(
                oxidc_id_token_check_c_hash(5, at.as_ptr(), at.len(), h.as_ptr(), h.len()),
                oxidc_result::OXIDC_OK
            );
            assert_eq!(
                oxidc_id_token_check_c_hash(5, at.as_ptr(), at.len(), h.as_ptr(), 5),
                Error::CHashMismatch.into()
            );
        }
    }
}
