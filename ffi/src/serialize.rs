//! Serialising responses (`oxidc::oauth::serialize`): token responses, error responses (JSON
//! and redirect), introspection responses and authorization-response redirects, into the
//! caller's buffers (written only when the whole result fits). Thread-safe.

use crate::boundary::{OutBuf, R, arg_str, array, input, opt_str_of, oxidc_str, str_of, strs};
use crate::mint::oxidc_claim;
use crate::result::{core_error, oxidc_result};
use oxidc::oauth::serialize::{
    ErrorResponse, Extra, IntrospectionResponse, ResponseMode, TokenResponse, write_form,
    write_redirect,
};

/// Where a redirect carries its parameters (`uint32_t`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum oxidc_response_mode {
    /// `?…` (or `&…` when the redirect URI has a query): `response_type=code`.
    OXIDC_RESPONSE_MODE_QUERY = 0,
    /// `#…`: response types containing `token` or `id_token`.
    OXIDC_RESPONSE_MODE_FRAGMENT = 1,
}

fn mode(code: u32) -> R<ResponseMode> {
    match code {
        0 => Ok(ResponseMode::Query),
        1 => Ok(ResponseMode::Fragment),
        _ => Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
    }
}

/// An OAuth error response (RFC 6749 §4.1.2.1, §5.2). Optional strings: `ptr == NULL`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_error_response {
    /// `error` (required): an RFC 6749 error code.
    pub error: oxidc_str,
    /// `error_description` (optional).
    pub error_description: oxidc_str,
    /// `error_uri` (optional).
    pub error_uri: oxidc_str,
    /// `state` (optional; required by RFC 6749 §4.1.2.1 when the request had one).
    pub state: oxidc_str,
}

/// A successful access token response (RFC 6749 §5.1), written in idpyoidc's member order.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_token_response {
    /// `token_type` (required), e.g. `Bearer`.
    pub token_type: oxidc_str,
    /// `scope` values, written space-joined; NULL with length 0 leaves it out.
    pub scope: *const oxidc_str,
    /// Number of `scope` values.
    pub scope_len: usize,
    /// `access_token` (optional).
    pub access_token: oxidc_str,
    /// Whether `expires_in` is written.
    pub has_expires_in: bool,
    /// `expires_in`, seconds.
    pub expires_in: i64,
    /// `refresh_token` (optional).
    pub refresh_token: oxidc_str,
    /// `id_token` (optional).
    pub id_token: oxidc_str,
    /// Further members (kinds `STRING`, `INT`, `BOOL`, `JSON`; JSON text is validated).
    pub extra: *const oxidc_claim,
    /// Number of `extra` members.
    pub extra_len: usize,
}

/// An introspection response (RFC 7662 §2.2), written in idpyoidc's member order; an
/// inactive one is `{"active": false}` alone.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_introspection_response {
    /// `active`
    pub active: bool,
    /// `scope` values (space-joined; NULL with length 0 leaves it out).
    pub scope: *const oxidc_str,
    /// Number of `scope` values.
    pub scope_len: usize,
    /// `client_id` (optional).
    pub client_id: oxidc_str,
    /// `token_class` (optional; idpyoidc's member).
    pub token_class: oxidc_str,
    /// Whether `exp` is written.
    pub has_exp: bool,
    /// `exp`
    pub exp: i64,
    /// Whether `iat` is written.
    pub has_iat: bool,
    /// `iat`
    pub iat: i64,
    /// `sub` (optional).
    pub sub: oxidc_str,
    /// `iss` (optional).
    pub iss: oxidc_str,
    /// `token_type` (optional).
    pub token_type: oxidc_str,
    /// `aud` values (an array; NULL with length 0 leaves it out).
    pub aud: *const oxidc_str,
    /// Number of `aud` values.
    pub aud_len: usize,
    /// `username` (optional).
    pub username: oxidc_str,
    /// Further members (kinds `STRING`, `INT`, `BOOL`, `JSON`).
    pub extra: *const oxidc_claim,
    /// Number of `extra` members.
    pub extra_len: usize,
}

/// One `name=value` pair of a redirect.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxidc_pair {
    /// The name.
    pub name: oxidc_str,
    /// The value (an empty value leaves the pair out, as idpyoidc does).
    pub value: oxidc_str,
}

/// # Safety
/// `r` as the caller's struct contract.
unsafe fn error_response(r: &oxidc_error_response) -> R<ErrorResponse<'_>> {
    // SAFETY: forwarded contract (each field).
    unsafe {
        Ok(ErrorResponse {
            error: str_of(&r.error)?,
            error_description: opt_str_of(&r.error_description)?,
            error_uri: opt_str_of(&r.error_uri)?,
            state: opt_str_of(&r.state)?,
        })
    }
}

/// # Safety
/// `ptr`/`len` as the caller's array contract.
unsafe fn extras<'a>(ptr: *const oxidc_claim, len: usize) -> R<Vec<(&'a str, Extra<'a>)>> {
    // SAFETY: forwarded contract.
    let a = unsafe { array(ptr, len) }?;
    a.iter()
        .map(|c| {
            // SAFETY: forwarded contract for each field.
            let name = unsafe { str_of(&c.name) }?;
            // `oxidc_claim_kind`: STRING 1, INT 2, BOOL 3, JSON 5 (no STRING_ARRAY member).
            let v = match c.kind {
                1 => {
                    // SAFETY: as above.
                    Extra::Str(unsafe { str_of(&c.string) }?)
                }
                2 => Extra::Int(c.integer),
                3 => Extra::Bool(c.boolean),
                5 => {
                    // SAFETY: as above.
                    let raw = unsafe { input(c.string.ptr, c.string.len) }?;
                    oxidc::json::parse_value(raw)?;
                    Extra::Raw(raw)
                }
                _ => return Err(oxidc_result::OXIDC_INVALID_ARGUMENT),
            };
            Ok((name, v))
        })
        .collect()
}

/// Writes the JSON body of an error response (`{"error": …, "error_description": …}`,
/// Python separators). Codes and descriptions outside RFC 6749's character set:
/// `OXIDC_INVALID_ERROR_CODE`, `OXIDC_INVALID_ERROR_DESCRIPTION`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_error_response_write_json(
    response: *const oxidc_error_response,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a valid struct (caller's contract).
        let r = unsafe { crate::boundary::obj(response) }?;
        // SAFETY: forwarded contract.
        let r = unsafe { error_response(r) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        out.write_from(|b| r.write_json(b))
    })
}

/// Writes the error redirect (`redirect_uri?error=…&error_description=…&state=…`) with
/// `mode` (an `oxidc_response_mode`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_error_response_write_redirect(
    response: *const oxidc_error_response,
    redirect_uri: *const u8,
    redirect_uri_len: usize,
    mode_code: u32,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a valid struct (caller's contract).
        let r = unsafe { crate::boundary::obj(response) }?;
        // SAFETY: forwarded contract.
        let r = unsafe { error_response(r) }?;
        // SAFETY: the caller's buffer contract.
        let uri = unsafe { arg_str(redirect_uri, redirect_uri_len) }?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let m = mode(mode_code)?;
        out.write_from(|b| r.write_redirect(b, uri, m))
    })
}

/// The OAuth error response a server sends for `result` (a core error code): `*error` and
/// `*error_description` point to static text (`error_description.ptr` NULL when idpyoidc
/// has none). Codes without an OAuth meaning map to `invalid_request`; a number that is no
/// core error is `OXIDC_INVALID_ARGUMENT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_error_response_for_result(
    result: u32,
    error: *mut oxidc_str,
    error_description: *mut oxidc_str,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's output contract.
        let error = unsafe { crate::boundary::Out::new(error) }?;
        // SAFETY: the caller's output contract.
        let desc = unsafe { crate::boundary::Out::new(error_description) }?;
        let e = core_error(result).ok_or(oxidc_result::OXIDC_INVALID_ARGUMENT)?;
        let r = ErrorResponse::from_error(e);
        error.set(static_str(Some(r.error)));
        desc.set(static_str(r.error_description));
        Ok(())
    })
}

pub(crate) fn static_str(s: Option<&'static str>) -> oxidc_str {
    match s {
        Some(s) => oxidc_str {
            ptr: s.as_ptr(),
            len: s.len(),
        },
        None => oxidc_str {
            ptr: std::ptr::null(),
            len: 0,
        },
    }
}

/// Writes the JSON body of a token response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_token_response_write_json(
    response: *const oxidc_token_response,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a valid struct (caller's contract).
        let r = unsafe { crate::boundary::obj(response) }?;
        // SAFETY: the struct's arrays and strings are valid (caller's contract).
        let (scope, extra) =
            unsafe { (strs(r.scope, r.scope_len)?, extras(r.extra, r.extra_len)?) };
        // SAFETY: as above.
        let t = unsafe {
            TokenResponse {
                token_type: str_of(&r.token_type)?,
                scope: &scope,
                access_token: opt_str_of(&r.access_token)?,
                expires_in: r.has_expires_in.then_some(r.expires_in),
                refresh_token: opt_str_of(&r.refresh_token)?,
                id_token: opt_str_of(&r.id_token)?,
                extra: &extra,
            }
        };
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        out.write_from(|b| t.write_json(b))
    })
}

/// Writes the JSON body of an introspection response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_introspection_response_write_json(
    response: *const oxidc_introspection_response,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: a valid struct (caller's contract).
        let r = unsafe { crate::boundary::obj(response) }?;
        // SAFETY: the struct's arrays and strings are valid (caller's contract).
        let (scope, aud, extra) = unsafe {
            (
                strs(r.scope, r.scope_len)?,
                strs(r.aud, r.aud_len)?,
                extras(r.extra, r.extra_len)?,
            )
        };
        // SAFETY: as above.
        let t = unsafe {
            IntrospectionResponse {
                active: r.active,
                scope: &scope,
                client_id: opt_str_of(&r.client_id)?,
                token_class: opt_str_of(&r.token_class)?,
                exp: r.has_exp.then_some(r.exp),
                iat: r.has_iat.then_some(r.iat),
                sub: opt_str_of(&r.sub)?,
                iss: opt_str_of(&r.iss)?,
                token_type: opt_str_of(&r.token_type)?,
                aud: &aud,
                username: opt_str_of(&r.username)?,
                extra: &extra,
            }
        };
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        out.write_from(|b| t.write_json(b))
    })
}

/// Writes `redirect_uri` followed by `params` form-encoded in the query or fragment
/// (`mode`: an `oxidc_response_mode`), as idpyoidc's `Message.request()` does; pairs with
/// an empty value are left out.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_write_redirect(
    redirect_uri: *const u8,
    redirect_uri_len: usize,
    mode_code: u32,
    params: *const oxidc_pair,
    params_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's buffer contract.
        let uri = unsafe { arg_str(redirect_uri, redirect_uri_len) }?;
        // SAFETY: the caller's array contract.
        let a = unsafe { array(params, params_len) }?;
        let pairs = a
            .iter()
            // SAFETY: each pair's strings are valid (caller's contract).
            .map(|p| unsafe { Ok((str_of(&p.name)?, str_of(&p.value)?)) })
            .collect::<R<Vec<(&str, &str)>>>()?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        let m = mode(mode_code)?;
        out.write_from(|b| write_redirect(b, uri, m, &pairs))
    })
}

/// Writes `params` as an `application/x-www-form-urlencoded` body, `name=value&…` (Python's
/// `urlencode`, as idpyoidc's `Message.to_urlencoded()`), into `out`; every pair is written,
/// empty values included. Nothing is retained. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oxidc_write_form(
    params: *const oxidc_pair,
    params_len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> oxidc_result {
    ffi_result!({
        // SAFETY: the caller's array contract.
        let a = unsafe { array(params, params_len) }?;
        let pairs = a
            .iter()
            // SAFETY: each pair's strings are valid (caller's contract).
            .map(|p| unsafe { Ok((str_of(&p.name)?, str_of(&p.value)?)) })
            .collect::<R<Vec<(&str, &str)>>>()?;
        // SAFETY: the caller's buffer contract.
        let out = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        out.write_from(|b| write_form(b, &pairs))
    })
}
