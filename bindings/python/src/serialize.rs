//! Responses and errors as idpyoidc serialises them (`oxidc::oauth::serialize`): JSON bodies
//! with Python's separators and member order, redirects with `urlencode`'s encoding.

use crate::json::{Sep, write_py};
use crate::messages::err;
use oxidc::Error;
use oxidc::oauth::serialize::{
    self as ser, ErrorResponse, Extra, IntrospectionResponse, ResponseMode, TokenResponse,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};

/// Writes with a growing buffer.
fn written(
    py: Python<'_>,
    guess: usize,
    f: impl Fn(&mut [u8]) -> Result<usize, Error>,
) -> PyResult<String> {
    let mut room = guess.max(256);
    loop {
        let mut out = vec![0u8; room];
        match f(&mut out) {
            Ok(n) => {
                out.truncate(n);
                return String::from_utf8(out).map_err(|_| err(py, Error::InvalidUtf8));
            }
            Err(Error::BufferTooSmall) if room < 16 * 1024 * 1024 => room *= 4,
            Err(e) => return Err(err(py, e)),
        }
    }
}

enum Owned {
    Str(String),
    Int(i64),
    Bool(bool),
    Raw(Vec<u8>),
}

fn extras(extra: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<(String, Owned)>> {
    let Some(d) = extra else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(d.len());
    for (k, v) in d.iter() {
        let name = k
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("member names must be str"))?
            .to_cow()?
            .into_owned();
        let value = if let Ok(s) = v.cast::<PyString>() {
            Owned::Str(s.to_cow()?.into_owned())
        } else if let Ok(b) = v.cast::<PyBool>() {
            Owned::Bool(b.is_true())
        } else if let (true, Ok(i)) = (v.cast::<PyInt>().is_ok(), v.extract::<i64>()) {
            Owned::Int(i)
        } else {
            let mut json = Vec::with_capacity(64);
            write_py(&v, Sep::Python, &mut json)?;
            Owned::Raw(json)
        };
        out.push((name, value));
    }
    Ok(out)
}

fn extra_refs(v: &[(String, Owned)]) -> Vec<(&str, Extra<'_>)> {
    v.iter()
        .map(|(n, o)| {
            (
                n.as_str(),
                match o {
                    Owned::Str(s) => Extra::Str(s),
                    Owned::Int(i) => Extra::Int(*i),
                    Owned::Bool(b) => Extra::Bool(*b),
                    Owned::Raw(r) => Extra::Raw(r),
                },
            )
        })
        .collect()
}

fn extras_len(v: &[(String, Owned)]) -> usize {
    v.iter()
        .map(|(n, o)| {
            n.len() * 6
                + 8
                + match o {
                    Owned::Str(s) => s.len() * 6 + 2,
                    Owned::Int(_) => 20,
                    Owned::Bool(_) => 5,
                    Owned::Raw(r) => r.len(),
                }
        })
        .sum()
}

/// A scope given as a space-separated string or a list of strings.
fn scope_list(scope: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    match scope {
        None => Ok(Vec::new()),
        Some(s) if s.is_none() => Ok(Vec::new()),
        Some(s) => {
            if let Ok(t) = s.cast::<PyString>() {
                Ok(t.to_cow()?
                    .split(' ')
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect())
            } else {
                s.extract()
            }
        }
    }
}

fn str_list(v: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    match v {
        None => Ok(Vec::new()),
        Some(s) if s.is_none() => Ok(Vec::new()),
        Some(s) => match s.extract::<String>() {
            Ok(one) => Ok(vec![one]),
            Err(_) => s.extract(),
        },
    }
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn text_len(v: &[String]) -> usize {
    v.iter().map(|s| s.len() * 6 + 4).sum()
}

/// A successful token response body (RFC 6749 §5.1) in idpyoidc's member order:
/// `token_type, scope, access_token, expires_in, refresh_token, id_token`, then `extra`.
/// `scope` is a space-separated string or a list (rendered space-joined; left out if empty).
#[pyfunction]
#[pyo3(signature = (
    *, access_token=None, token_type="Bearer", scope=None, expires_in=None, refresh_token=None,
    id_token=None, extra=None
))]
#[allow(clippy::too_many_arguments)]
pub fn token_response(
    py: Python<'_>,
    access_token: Option<&str>,
    token_type: &str,
    scope: Option<&Bound<'_, PyAny>>,
    expires_in: Option<i64>,
    refresh_token: Option<&str>,
    id_token: Option<&str>,
    extra: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    let scope = scope_list(scope)?;
    let extra = extras(extra)?;
    let scope_r = refs(&scope);
    let extra_r = extra_refs(&extra);
    let r = TokenResponse {
        token_type,
        scope: &scope_r,
        access_token,
        expires_in,
        refresh_token,
        id_token,
        extra: &extra_r,
    };
    let guess = 256
        + text_len(&scope)
        + [access_token, refresh_token, id_token]
            .iter()
            .map(|t| t.map_or(0, |s| s.len() * 6))
            .sum::<usize>()
        + extras_len(&extra);
    written(py, guess, |out| r.write_json(out))
}

fn error_of<'a>(
    error: &'a Bound<'_, PyAny>,
    description: Option<&'a str>,
    owned: &'a mut String,
) -> PyResult<ErrorResponse<'a>> {
    if let Ok(kind) = error.getattr("kind")
        && !error.is_instance_of::<PyString>()
    {
        // An oxidc.Error: the core's code and description for its kind.
        let kind: String = kind.extract()?;
        let e = Error::from_name(&kind)
            .ok_or_else(|| PyValueError::new_err(format!("unknown error kind {kind:?}")))?;
        let mut r = ErrorResponse::from_error(e);
        if description.is_some() {
            r.error_description = description;
        }
        return Ok(r);
    }
    *owned = error.extract::<String>()?;
    Ok(ErrorResponse::new(owned.as_str(), description))
}

/// An error response body (RFC 6749 §5.2): `{"error": …, "error_description": …,
/// "error_uri": …, "state": …}` with Python's separators. `error` is an error code, or an
/// `oxidc.Error` (its OAuth code and the core's description for its kind). Codes and
/// descriptions outside RFC 6749's character set raise `InvalidErrorCode` /
/// `InvalidErrorDescription`.
#[pyfunction]
#[pyo3(signature = (error, description=None, *, error_uri=None, state=None))]
pub fn error_response(
    py: Python<'_>,
    error: &Bound<'_, PyAny>,
    description: Option<&str>,
    error_uri: Option<&str>,
    state: Option<&str>,
) -> PyResult<String> {
    let mut owned = String::new();
    let mut r = error_of(error, description, &mut owned)?;
    r.error_uri = error_uri;
    r.state = state;
    let guess = 128
        + [r.error_description, error_uri, state]
            .iter()
            .map(|t| t.map_or(0, |s| s.len() * 6))
            .sum::<usize>();
    written(py, guess, |out| r.write_json(out))
}

fn mode(fragment: bool) -> ResponseMode {
    if fragment {
        ResponseMode::Fragment
    } else {
        ResponseMode::Query
    }
}

/// The error redirect to the client (RFC 6749 §4.1.2.1):
/// `redirect_uri?error=…&error_description=…&state=…` (`#…` with `fragment=True`).
#[pyfunction]
#[pyo3(signature = (redirect_uri, error, description=None, *, error_uri=None, state=None, fragment=false))]
pub fn error_redirect(
    py: Python<'_>,
    redirect_uri: &str,
    error: &Bound<'_, PyAny>,
    description: Option<&str>,
    error_uri: Option<&str>,
    state: Option<&str>,
    fragment: bool,
) -> PyResult<String> {
    let mut owned = String::new();
    let mut r = error_of(error, description, &mut owned)?;
    r.error_uri = error_uri;
    r.state = state;
    let guess = redirect_uri.len()
        + 128
        + [r.error_description, error_uri, state]
            .iter()
            .map(|t| t.map_or(0, |s| s.len() * 3))
            .sum::<usize>();
    written(py, guess, |out| {
        r.write_redirect(out, redirect_uri, mode(fragment))
    })
}

fn pairs(params: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    if let Ok(d) = params.cast::<PyDict>() {
        d.iter()
            .map(|(k, v)| Ok((k.extract()?, v.extract()?)))
            .collect()
    } else {
        params.extract()
    }
}

/// `redirect_uri` followed by the response parameters (a dict or a list of pairs, str
/// values) in the query (`&` when it already has one) or, with `fragment=True`, the fragment,
/// encoded as Python's `urlencode`; empty values are left out, as idpyoidc does.
#[pyfunction]
#[pyo3(signature = (redirect_uri, params, *, fragment=false))]
pub fn write_redirect(
    py: Python<'_>,
    redirect_uri: &str,
    params: &Bound<'_, PyAny>,
    fragment: bool,
) -> PyResult<String> {
    let owned = pairs(params)?;
    let r: Vec<(&str, &str)> = owned
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let guess = redirect_uri.len()
        + owned
            .iter()
            .map(|(a, b)| (a.len() + b.len()) * 3 + 2)
            .sum::<usize>();
    written(py, guess, |out| {
        ser::write_redirect(out, redirect_uri, mode(fragment), &r)
    })
}

/// `name=value&…` encoded as Python's `urlencode` (a dict or a list of pairs, str values).
#[pyfunction]
pub fn write_form(py: Python<'_>, params: &Bound<'_, PyAny>) -> PyResult<String> {
    let owned = pairs(params)?;
    let r: Vec<(&str, &str)> = owned
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let guess = owned
        .iter()
        .map(|(a, b)| (a.len() + b.len()) * 3 + 2)
        .sum::<usize>();
    written(py, guess, |out| ser::write_form(out, &r))
}

/// An introspection response body (RFC 7662 §2.2) in idpyoidc's member order: `active,
/// scope, client_id, token_class, exp, iat, sub, iss, token_type, aud, username`, then
/// `extra`. An inactive token gives `{"active": false}` alone.
#[pyfunction]
#[pyo3(signature = (
    active, *, scope=None, client_id=None, token_class=None, exp=None, iat=None, sub=None,
    iss=None, token_type=None, aud=None, username=None, extra=None
))]
#[allow(clippy::too_many_arguments)]
pub fn introspection_response(
    py: Python<'_>,
    active: bool,
    scope: Option<&Bound<'_, PyAny>>,
    client_id: Option<&str>,
    token_class: Option<&str>,
    exp: Option<i64>,
    iat: Option<i64>,
    sub: Option<&str>,
    iss: Option<&str>,
    token_type: Option<&str>,
    aud: Option<&Bound<'_, PyAny>>,
    username: Option<&str>,
    extra: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    let scope = scope_list(scope)?;
    let aud = str_list(aud)?;
    let extra = extras(extra)?;
    let (scope_r, aud_r, extra_r) = (refs(&scope), refs(&aud), extra_refs(&extra));
    let r = IntrospectionResponse {
        active,
        scope: &scope_r,
        client_id,
        token_class,
        exp,
        iat,
        sub,
        iss,
        token_type,
        aud: &aud_r,
        username,
        extra: &extra_r,
    };
    let guess = 256
        + text_len(&scope)
        + text_len(&aud)
        + [client_id, token_class, sub, iss, token_type, username]
            .iter()
            .map(|t| t.map_or(0, |s| s.len() * 6))
            .sum::<usize>()
        + extras_len(&extra);
    written(py, guess, |out| r.write_json(out))
}
