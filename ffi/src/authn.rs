//! The client-authentication dispatcher (`oxidc::oauth::client_authn::authenticate`,
//! idpyoidc's `verify_client`): tries the endpoint's methods in order against a request and
//! the host's client registry, which C supplies as a table of callbacks.
//!
//! The rules (which method applies, which failures end the search, the secret compare in
//! constant time, secret expiry, the per-client method allow-list) are the core's.

use crate::boundary::{Out, OutBuf, R, array, input, obj, oxidc_str};
use crate::messages::oxidc_message;
use crate::result::{core_error, oxidc_result};
use core::ffi::c_void;
use oxidc::UnixTime;
use oxidc::oauth::client_authn::{self as ca, AuthMethod, AuthnContext, BasicDecoding};
use std::cell::Cell;

/// Client authentication methods (`uint32_t`; idpyoidc's names). The two assertion methods
/// keep their `oxidc_assertion_method` numbers, so a registry callback can pass `method`
/// straight to `oxidc_client_verify_assertion`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_auth_method {
    /// `client_secret_jwt` (OIDC Core §9, RFC 7523 with an HMAC key).
    OXIDC_AUTH_CLIENT_SECRET_JWT = 1,
    /// `private_key_jwt` (OIDC Core §9, RFC 7523 with the client's public key).
    OXIDC_AUTH_PRIVATE_KEY_JWT = 2,
    /// `client_secret_basic` (RFC 6749 §2.3.1, HTTP Basic).
    OXIDC_AUTH_CLIENT_SECRET_BASIC = 3,
    /// `client_secret_post` (RFC 6749 §2.3.1, body parameters).
    OXIDC_AUTH_CLIENT_SECRET_POST = 4,
    /// `bearer_header` (RFC 6750 §2.1).
    OXIDC_AUTH_BEARER_HEADER = 5,
    /// `bearer_body` (RFC 6750 §2.2).
    OXIDC_AUTH_BEARER_BODY = 6,
    /// `none`: a public client; the `client_id` parameter, if any, names it.
    OXIDC_AUTH_NONE = 7,
    /// `public`: usable when `client_id` is present.
    OXIDC_AUTH_PUBLIC = 8,
}

const AUTH_METHODS: [(u32, AuthMethod); 8] = [
    (1, AuthMethod::ClientSecretJwt),
    (2, AuthMethod::PrivateKeyJwt),
    (3, AuthMethod::ClientSecretBasic),
    (4, AuthMethod::ClientSecretPost),
    (5, AuthMethod::BearerHeader),
    (6, AuthMethod::BearerBody),
    (7, AuthMethod::None),
    (8, AuthMethod::Public),
];

fn auth_method(code: u32) -> R<AuthMethod> {
    AUTH_METHODS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, m)| *m)
        .ok_or(oxidc_result::OXIDC_INVALID_ARGUMENT)
}

fn auth_method_code(m: AuthMethod) -> u32 {
    AUTH_METHODS
        .iter()
        .find(|(_, x)| *x == m)
        .map_or(0, |(c, _)| *c)
}

/// The host's client database, as callbacks (idpyoidc's `cdb` plus its hooks). `ctx` is
/// passed back to every callback untouched. Strings a callback hands back through an
/// `oxidc_str *` must stay valid until `oxidc_client_authenticate` returns (they are copied
/// if kept). Callbacks are called on the calling thread, only during
/// `oxidc_client_authenticate`; they must not unwind (C++ exceptions) into the library.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_client_registry {
    /// Passed to every callback.
    pub ctx: *mut c_void,
    /// Required: whether `client_id` is registered.
    pub is_registered: Option<unsafe extern "C" fn(ctx: *mut c_void, client_id: oxidc_str) -> bool>,
    /// Required: the registered secret of `client_id` into `*secret`; return `false` when
    /// it has none.
    pub client_secret: Option<
        unsafe extern "C" fn(
            ctx: *mut c_void,
            client_id: oxidc_str,
            secret: *mut oxidc_str,
        ) -> bool,
    >,
    /// Optional (NULL: never expires): `client_secret_expires_at` (RFC 7591 §3.2.1), 0 for
    /// never.
    pub secret_expires_at:
        Option<unsafe extern "C" fn(ctx: *mut c_void, client_id: oxidc_str) -> i64>,
    /// Optional (NULL: any method): whether the client may use `method` (an
    /// `oxidc_auth_method`) at this endpoint.
    pub allows:
        Option<unsafe extern "C" fn(ctx: *mut c_void, client_id: oxidc_str, method: u32) -> bool>,
    /// Optional (NULL: assertions are not supported, `OXIDC_CLIENT_AUTHENTICATION_MISSING`):
    /// verifies a client assertion (`method` is `OXIDC_AUTH_CLIENT_SECRET_JWT` or
    /// `OXIDC_AUTH_PRIVATE_KEY_JWT`; `assertion_type.ptr == NULL` when absent), typically
    /// with `oxidc_client_assertion_issuer`, the client's keys,
    /// `oxidc_client_verify_assertion` and the host's `jti` replay cache. On `OXIDC_OK` it
    /// writes the client id (the assertion's `iss`) to `*client_id`; any other result is the
    /// method's failure.
    pub verify_client_assertion: Option<
        unsafe extern "C" fn(
            ctx: *mut c_void,
            method: u32,
            assertion: oxidc_str,
            assertion_type: oxidc_str,
            now: i64,
            client_id: *mut oxidc_str,
        ) -> oxidc_result,
    >,
    /// Optional (NULL: unknown token): the client a bearer token was issued to (idpyoidc's
    /// `get_client_id_from_token`), written to `*client_id` on `OXIDC_OK`.
    pub client_for_token: Option<
        unsafe extern "C" fn(
            ctx: *mut c_void,
            token: oxidc_str,
            client_id: *mut oxidc_str,
        ) -> oxidc_result,
    >,
}

/// The outcome of a successful `oxidc_client_authenticate`. `client_id` and `token` point
/// into the caller's output buffer (valid as long as it is); `ptr == NULL` when absent.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_client_authn {
    /// The method that succeeded (an `oxidc_auth_method`).
    pub method: u32,
    /// Whether the request counts as client-authenticated (every method except `none` and
    /// `public`).
    pub authenticated: bool,
    /// The client (absent only for `none` without a `client_id` parameter, or `bearer_body`
    /// with a token the registry does not know).
    pub client_id: oxidc_str,
    /// The bearer token, for the bearer methods.
    pub token: oxidc_str,
}

fn c_str(s: &str) -> oxidc_str {
    oxidc_str {
        ptr: s.as_ptr(),
        len: s.len(),
    }
}

/// Reads a string a callback handed back (valid until the authenticate call returns).
///
/// # Safety
/// `s` is NULL or valid for its length (the registry's contract).
unsafe fn host_str<'a>(s: &oxidc_str) -> Result<&'a str, oxidc::Error> {
    // SAFETY: forwarded contract.
    let b = unsafe { input(s.ptr, s.len) }.map_err(|_| oxidc::Error::InvalidUtf8)?;
    std::str::from_utf8(b).map_err(|_| oxidc::Error::InvalidUtf8)
}

/// The C registry behind the core's `ClientRegistry`. A callback result that is not a core
/// error (an API-misuse code, say) is remembered and returned instead of the core's verdict
/// if authentication fails.
struct Registry<'r> {
    c: &'r oxidc_client_registry,
    is_registered: unsafe extern "C" fn(*mut c_void, oxidc_str) -> bool,
    client_secret: unsafe extern "C" fn(*mut c_void, oxidc_str, *mut oxidc_str) -> bool,
    host_failure: Cell<Option<oxidc_result>>,
}

impl Registry<'_> {
    fn callback_result(&self, rc: oxidc_result) -> oxidc::Error {
        core_error(rc.code()).unwrap_or_else(|| {
            if self.host_failure.get().is_none() {
                self.host_failure.set(Some(rc));
            }
            oxidc::Error::ClientAuthenticationMissing
        })
    }
}

impl ca::ClientRegistry for Registry<'_> {
    fn is_registered(&self, client_id: &str) -> bool {
        // SAFETY: a function pointer the host supplied; arguments valid for the call.
        unsafe { (self.is_registered)(self.c.ctx, c_str(client_id)) }
    }

    fn client_secret(&self, client_id: &str) -> Option<&[u8]> {
        let mut s = oxidc_str {
            ptr: std::ptr::null(),
            len: 0,
        };
        // SAFETY: as above; `s` is a valid output slot.
        if !unsafe { (self.client_secret)(self.c.ctx, c_str(client_id), &mut s) } {
            return None;
        }
        // SAFETY: the registry's contract: valid until authenticate returns.
        unsafe { input(s.ptr, s.len) }.ok()
    }

    fn secret_expires_at(&self, client_id: &str) -> i64 {
        match self.c.secret_expires_at {
            // SAFETY: as above.
            Some(f) => unsafe { f(self.c.ctx, c_str(client_id)) },
            None => 0,
        }
    }

    fn allows(&self, client_id: &str, method: AuthMethod) -> bool {
        match self.c.allows {
            // SAFETY: as above.
            Some(f) => unsafe { f(self.c.ctx, c_str(client_id), auth_method_code(method)) },
            None => true,
        }
    }

    fn verify_client_assertion(
        &self,
        method: AuthMethod,
        assertion: &str,
        assertion_type: Option<&str>,
        now: UnixTime,
    ) -> Result<&str, oxidc::Error> {
        let Some(f) = self.c.verify_client_assertion else {
            return Err(oxidc::Error::ClientAuthenticationMissing);
        };
        let none = oxidc_str {
            ptr: std::ptr::null(),
            len: 0,
        };
        let mut id = none;
        // SAFETY: as above; `id` is a valid output slot.
        let rc = unsafe {
            f(
                self.c.ctx,
                auth_method_code(method),
                c_str(assertion),
                assertion_type.map_or(none, c_str),
                now.as_secs(),
                &mut id,
            )
        };
        if rc != oxidc_result::OXIDC_OK {
            return Err(self.callback_result(rc));
        }
        // SAFETY: the registry's contract.
        unsafe { host_str(&id) }
    }

    fn client_for_token(&self, token: &str) -> Result<&str, oxidc::Error> {
        let Some(f) = self.c.client_for_token else {
            return Err(oxidc::Error::ClientAuthenticationMissing);
        };
        let mut id = oxidc_str {
            ptr: std::ptr::null(),
            len: 0,
        };
        // SAFETY: as above; `id` is a valid output slot.
        let rc = unsafe { f(self.c.ctx, c_str(token), &mut id) };
        if rc != oxidc_result::OXIDC_OK {
            return Err(self.callback_result(rc));
        }
        // SAFETY: the registry's contract.
        unsafe { host_str(&id) }
    }
}

/// Authenticates the client of the accepted request in `msg` (idpyoidc's `verify_client`):
/// tries `methods` (an array of `oxidc_auth_method`) in order against the body parameters,
/// the `Authorization` header value `authorization` (NULL: no header; Basic credentials
/// decoded per `basic_decoding`, an `oxidc_basic_decoding`) and `registry` at `now`. A method
/// that does not apply is skipped, a failing one too; the first success whose client the
/// registry `allows` wins. `OXIDC_CLIENT_SECRET_EXPIRED` and `OXIDC_UNKNOWN_CLIENT` (for
/// `none` / `public`) end the search. When nothing succeeds: the first failure, or
/// `OXIDC_CLIENT_AUTHENTICATION_MISSING` when no method applied (all `invalid_client`); a
/// callback result outside the core's codes (e.g. `OXIDC_BUFFER_TOO_SMALL`) is returned in
/// preference. On success the client id and bearer token are copied into `out` (both must
/// fit, else `OXIDC_BUFFER_TOO_SMALL`) and `*result` describes them; on failure nothing is
/// written. Secrets are compared in constant time and never copied out. Nothing is
/// retained. Thread-safe except for `msg` (one thread at a time per holder).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_client_authenticate(
    msg: *const oxidc_message,
    registry: *const oxidc_client_registry,
    methods: *const u32,
    methods_len: usize,
    authorization: *const u8,
    authorization_len: usize,
    basic_decoding: u32,
    now: i64,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    result: *mut oxidc_client_authn,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a live holder (caller's contract).
        let m = unsafe { obj(msg) }?;
        // SAFETY: a valid struct (caller's contract).
        let c = unsafe { obj(registry) }?;
        // SAFETY: the caller's array contract.
        let codes = unsafe { array(methods, methods_len) }?;
        let header = if authorization.is_null() {
            None
        } else {
            // SAFETY: the caller's buffer contract (NULL: no header).
            Some(unsafe { input(authorization, authorization_len) }?)
        };
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's output contract.
        let result = unsafe { Out::new(result) }?;
        let (Some(is_registered), Some(client_secret)) = (c.is_registered, c.client_secret) else {
            return Err(oxidc_result::OXIDC_NULL_PARAMETER);
        };
        let decoding = match basic_decoding {
            0 => BasicDecoding::Rfc6749,
            1 => BasicDecoding::Raw,
            _ => return Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
        };
        let methods = codes
            .iter()
            .map(|&c| auth_method(c))
            .collect::<R<Vec<AuthMethod>>>()?;
        let reg = Registry {
            c,
            is_registered,
            client_secret,
            host_failure: Cell::new(None),
        };
        m.with_params(|p| {
            let ctx = AuthnContext {
                authorization: header,
                basic_decoding: decoding,
                now: UnixTime(now),
            };
            let mut scratch = crate::client::Wiped(vec![0u8; header.map_or(0, <[u8]>::len)]);
            let a = match ca::authenticate(&methods, p, &ctx, &reg, &mut scratch.0) {
                Ok(a) => a,
                Err(e) => return Err(reg.host_failure.get().unwrap_or(e.into())),
            };
            let id = a.client_id.unwrap_or_default().as_bytes();
            let token = a.token.unwrap_or_default().as_bytes();
            let [id_s, token_s] = out.write_parts([id, token])?;
            let absent = oxidc_str {
                ptr: std::ptr::null(),
                len: 0,
            };
            result.set(oxidc_client_authn {
                method: auth_method_code(a.method),
                authenticated: a.method.authenticates(),
                client_id: if a.client_id.is_some() { id_s } else { absent },
                token: if a.token.is_some() { token_s } else { absent },
            });
            Ok(())
        })
    })
}
