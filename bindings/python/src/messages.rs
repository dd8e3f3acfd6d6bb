//! Every message class of `oxidc::oauth::messages` / `oxidc::oidc::messages`, parsed, typed and
//! (by default) verified with idpyoidc's semantics, returned as the dict idpyoidc's
//! `Message.to_dict()` gives: declared parameters typed (`int`, `bool`, space-separated lists
//! as `list`, `claims` as a `dict`), undeclared ones as they came. Rejections raise the error's
//! exception with idpyoidc's `error_description` as the message and `.param` naming the
//! parameter.

use crate::json::{object_to_py, text_or_bytes, value_to_py};
use oxidc::Error;
use oxidc::oauth::message::MessageSpec;
use oxidc::oauth::messages as o2;
use oxidc::oauth::{Field, Message, ParamValue, Params, RawValue, Rejection};
use oxidc::oidc::messages as oidc;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use zeroize::Zeroize;

/// The exception for a rejection: idpyoidc's description as the message, `.param` set.
pub fn reject(py: Python<'_>, r: Rejection<'_>) -> PyErr {
    let mut buf = [0u8; 256];
    let n = r.write_description(&mut buf).unwrap_or(0);
    let text = String::from_utf8_lossy(buf.get(..n).unwrap_or_default()).into_owned();
    let e = crate::errors::to_py_with(py, r.error, &text);
    if let Some(p) = r.param {
        // Best effort: the exception is still right without the attribute.
        let _ = e.value(py).setattr("param", p);
    }
    // The rejection's own OAuth code: a failed request object is `invalid_request_object`
    // whatever the error (OIDC Core §6.3), a failed `id_token_hint` `invalid_request`.
    if let Some(code) = r.error_code() {
        let _ = e.value(py).setattr("oauth_error", code);
    }
    e
}

/// The exception for a bare core error (no parameter named).
pub fn err(py: Python<'_>, e: Error) -> PyErr {
    reject(py, Rejection::from(e))
}

/// Scratch buffers up to this size are kept per thread between calls.
const KEPT_SCRATCH: usize = 16 * 1024;

thread_local! {
    /// The decode scratch, reused across calls on one thread (taken while in use, so a
    /// re-entrant call allocates its own).
    static SCRATCH: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Runs `f` with a scratch buffer of `len` bytes for [`parse`]: this thread's reused buffer
/// (no allocation and zeroing per call), wiped after use since decoded values may be secrets
/// (codes, client secrets, PKCE verifiers).
pub fn with_scratch<T>(len: usize, f: impl FnOnce(&mut [u8]) -> T) -> T {
    let mut buf = SCRATCH.with(|b| b.take());
    if buf.len() < len {
        buf.resize(len, 0);
    }
    let r = f(buf.get_mut(..len).unwrap_or_default());
    if let Some(used) = buf.get_mut(..len) {
        used.zeroize();
    }
    if buf.len() <= KEPT_SCRATCH {
        SCRATCH.with(|b| b.set(buf));
    }
    r
}

/// Decodes `body` like [`parse`] into this thread's scratch (see [`with_scratch`]) and runs
/// `f` on the parameters. They are borrowed where the core returned them: `Params` is a few
/// KiB, and moving it out of its `Result` is a copy per call.
pub fn with_params<T>(
    py: Python<'_>,
    body: &[u8],
    json: bool,
    f: impl FnOnce(&Params<'_>) -> PyResult<T>,
) -> PyResult<T> {
    with_scratch(body.len() + 16, |scratch| {
        let parsed = if json {
            Params::parse_json(body, scratch)
        } else {
            Params::parse_form(body, scratch)
        };
        match &parsed {
            Ok(p) => f(p),
            Err(e) => Err(err(py, *e)),
        }
    })
}

/// Decodes a form (`json=False`) or JSON body into parameters borrowing `scratch`.
pub fn parse<'a>(
    py: Python<'_>,
    body: &'a [u8],
    json: bool,
    scratch: &'a mut [u8],
) -> PyResult<Params<'a>> {
    if json {
        Params::parse_json(body, scratch)
    } else {
        Params::parse_form(body, scratch)
    }
    .map_err(|e| err(py, e))
}

fn raw_to_py<'py>(py: Python<'py>, v: RawValue<'_>) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        RawValue::Text(t) => t.into_pyobject(py)?.into_any(),
        RawValue::StrList(l) => PyList::new(py, l.iter())?.into_any(),
        RawValue::Json(v) => value_to_py(py, &v)?,
    })
}

/// Every class table [`render`] meets, for its cache of their parameter names.
fn specs() -> [&'static MessageSpec; 22] {
    [
        o2::AccessTokenRequest::SPEC,
        oidc::AuthorizationRequest::SPEC,
        o2::RefreshAccessTokenRequest::SPEC,
        o2::AuthorizationRequest::SPEC,
        o2::CCAccessTokenRequest::SPEC,
        o2::TokenExchangeRequest::SPEC,
        o2::TokenIntrospectionRequest::SPEC,
        o2::TokenRevocationRequest::SPEC,
        o2::AuthorizationResponse::SPEC,
        o2::AccessTokenResponse::SPEC,
        o2::TokenIntrospectionResponse::SPEC,
        o2::TokenExchangeResponse::SPEC,
        o2::ResponseMessage::SPEC,
        o2::AuthorizationErrorResponse::SPEC,
        o2::TokenErrorResponse::SPEC,
        o2::TokenRevocationErrorResponse::SPEC,
        oidc::AccessTokenRequest::SPEC,
        oidc::AccessTokenResponse::SPEC,
        oidc::AuthorizationResponse::SPEC,
        oidc::AuthorizationErrorResponse::SPEC,
        oidc::UserInfoErrorResponse::SPEC,
        oidc::ClientRegistrationErrorResponse::SPEC,
    ]
}

/// One class table's parameter names as interned Python strings (in table order), made once:
/// a dict key that is made and hashed once per interpreter rather than once per call. With
/// them, each parameter's fixed vocabulary (its default and allowed values, e.g.
/// `grant_type=authorization_code`): protocol words, never secrets.
struct SpecNames {
    spec: &'static MessageSpec,
    names: Vec<Py<PyString>>,
    vocabulary: Vec<Vec<(&'static str, Py<PyString>)>>,
}

static SPEC_NAMES: PyOnceLock<Vec<SpecNames>> = PyOnceLock::new();

/// The interned names of `spec`'s declared parameters; `None` for a table not in [`specs`].
fn declared_names<'a>(py: Python<'_>, spec: &MessageSpec) -> Option<&'a SpecNames> {
    let all = SPEC_NAMES.get_or_init(py, || {
        let intern = |s: &'static str| (s, PyString::intern(py, s).unbind());
        specs()
            .into_iter()
            .map(|spec| SpecNames {
                spec,
                names: spec
                    .params
                    .iter()
                    .map(|p| PyString::intern(py, p.name).unbind())
                    .collect(),
                vocabulary: spec
                    .params
                    .iter()
                    .map(|p| {
                        p.default
                            .iter()
                            .chain(p.allowed)
                            .map(|v| intern(v))
                            .collect()
                    })
                    .collect(),
            })
            .collect()
    });
    // A `const` table may have more than one address: fall back to its (unique) class name.
    all.iter()
        .find(|s| std::ptr::eq(s.spec, spec))
        .or_else(|| all.iter().find(|s| s.spec.name == spec.name))
}

/// `spec.index_of(name)`, comparing lengths and first bytes before calling `memcmp`.
fn declared_index(spec: &MessageSpec, name: &str) -> Option<usize> {
    let first = name.as_bytes().first();
    spec.params.iter().position(|p| {
        p.name.len() == name.len() && p.name.as_bytes().first() == first && p.name == name
    })
}

/// A declared string value: the interned one when it is in the parameter's vocabulary.
fn str_value<'py>(
    py: Python<'py>,
    vocabulary: Option<&[(&str, Py<PyString>)]>,
    s: &str,
) -> Bound<'py, PyString> {
    match vocabulary.and_then(|v| v.iter().find(|(w, _)| *w == s)) {
        Some((_, p)) => p.bind(py).clone(),
        None => PyString::new(py, s),
    }
}

/// The typed message as idpyoidc's `to_dict()` gives it.
pub fn render<'py>(py: Python<'py>, m: &Message<'_>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let cached = declared_names(py, m.spec());
    let mut failure: Option<PyErr> = None;
    let r = m.for_each(|name, field| {
        // The declared parameter's index into the cache (`None`: undeclared, or no cache).
        let j = match field {
            Field::Declared(_) => cached.and_then(|_| declared_index(m.spec(), name)),
            Field::Undeclared(_) => None,
        };
        let key = match cached.zip(j).and_then(|(c, j)| c.names.get(j)) {
            Some(k) => k.bind(py).clone(),
            None => crate::json::name(py, name),
        };
        let value: PyResult<Bound<'py, PyAny>> = (|| {
            Ok(match field {
                Field::Declared(v) => match v {
                    ParamValue::Null => py.None().into_bound(py),
                    ParamValue::Str(s) => {
                        let vocabulary = cached.zip(j).and_then(|(c, j)| c.vocabulary.get(j));
                        str_value(py, vocabulary.map(Vec::as_slice), s).into_any()
                    }
                    ParamValue::Int(i) => i.into_pyobject(py)?.into_any(),
                    ParamValue::Bool(b) => pyo3::types::PyBool::new(py, b).to_owned().into_any(),
                    ParamValue::List(l) => PyList::new(py, l.iter())?.into_any(),
                    ParamValue::Object(o) => object_to_py(py, &o)?.into_any(),
                },
                Field::Undeclared(raw) => {
                    if m.params().count(name) > 1 {
                        let list = PyList::empty(py);
                        for v in m.params().get_all(name) {
                            list.append(raw_to_py(py, v)?)?;
                        }
                        list.into_any()
                    } else {
                        raw_to_py(py, raw)?
                    }
                }
            })
        })();
        match value.and_then(|v| d.set_item(key, v)) {
            Ok(()) => Ok(()),
            Err(e) => {
                failure = Some(e);
                Err(Error::BufferTooSmall)
            }
        }
    });
    match (r, failure) {
        (_, Some(e)) => Err(e),
        (Err(e), None) => Err(err(py, e)),
        (Ok(()), None) => Ok(d),
    }
}

/// The message classes, by idpyoidc's name (`module.Class`).
pub const CLASSES: &[&str] = &[
    "oauth2.AuthorizationRequest",
    "oauth2.AccessTokenRequest",
    "oauth2.RefreshAccessTokenRequest",
    "oauth2.CCAccessTokenRequest",
    "oauth2.TokenExchangeRequest",
    "oauth2.TokenIntrospectionRequest",
    "oauth2.TokenRevocationRequest",
    "oauth2.AuthorizationResponse",
    "oauth2.AccessTokenResponse",
    "oauth2.TokenIntrospectionResponse",
    "oauth2.TokenExchangeResponse",
    "oauth2.ResponseMessage",
    "oauth2.AuthorizationErrorResponse",
    "oauth2.TokenErrorResponse",
    "oauth2.TokenRevocationErrorResponse",
    "oidc.AuthorizationRequest",
    "oidc.AccessTokenRequest",
    "oidc.AccessTokenResponse",
    "oidc.AuthorizationResponse",
    "oidc.AuthorizationErrorResponse",
    "oidc.UserInfoErrorResponse",
    "oidc.ClientRegistrationErrorResponse",
];

/// What `verify()` of some classes compares against.
#[derive(Default, Clone, Copy)]
pub struct Expect<'e> {
    pub client_id: Option<&'e str>,
    pub issuer: Option<&'e str>,
    pub nonce: Option<&'e str>,
}

/// Types `p` as `class` and, when `verify`, runs the class's `verify()`; renders the result.
pub fn typed<'py, 'a>(
    py: Python<'py>,
    class: &str,
    p: &'a Params<'a>,
    verify: bool,
    x: Expect<'_>,
) -> Result<Bound<'py, PyDict>, PyErr> {
    macro_rules! go {
        ($t:ty, |$r:ident| $verify:expr) => {{
            let $r = <$t>::new(p).map_err(|r| reject(py, r))?;
            if verify {
                $verify.map_err(|r| reject(py, r))?;
            }
            render(py, $r.message())
        }};
    }
    match class {
        "oauth2.AuthorizationRequest" => go!(o2::AuthorizationRequest, |r| r.verify()),
        "oauth2.AccessTokenRequest" => go!(o2::AccessTokenRequest, |r| r.verify()),
        "oauth2.RefreshAccessTokenRequest" => go!(o2::RefreshAccessTokenRequest, |r| r.verify()),
        "oauth2.CCAccessTokenRequest" => go!(o2::CCAccessTokenRequest, |r| r.verify()),
        "oauth2.TokenExchangeRequest" => go!(o2::TokenExchangeRequest, |r| r.verify()),
        "oauth2.TokenIntrospectionRequest" => go!(o2::TokenIntrospectionRequest, |r| r.verify()),
        "oauth2.TokenRevocationRequest" => go!(o2::TokenRevocationRequest, |r| r.verify()),
        "oauth2.AuthorizationResponse" => {
            go!(o2::AuthorizationResponse, |r| r
                .verify(x.client_id, x.issuer))
        }
        "oauth2.AccessTokenResponse" => go!(o2::AccessTokenResponse, |r| r.verify()),
        "oauth2.TokenIntrospectionResponse" => {
            go!(o2::TokenIntrospectionResponse, |r| r.verify())
        }
        "oauth2.TokenExchangeResponse" => go!(o2::TokenExchangeResponse, |r| r.verify()),
        "oauth2.ResponseMessage" => go!(o2::ResponseMessage, |r| r.verify()),
        "oauth2.AuthorizationErrorResponse" => {
            go!(o2::AuthorizationErrorResponse, |r| r.verify())
        }
        "oauth2.TokenErrorResponse" => go!(o2::TokenErrorResponse, |r| r.verify()),
        "oauth2.TokenRevocationErrorResponse" => {
            go!(o2::TokenRevocationErrorResponse, |r| r.verify())
        }
        "oidc.AuthorizationRequest" => go!(oidc::AuthorizationRequest, |r| r.verify(x.nonce)),
        "oidc.AccessTokenRequest" => go!(oidc::AccessTokenRequest, |r| r.verify()),
        "oidc.AccessTokenResponse" => go!(oidc::AccessTokenResponse, |r| r.verify()),
        "oidc.AuthorizationResponse" => {
            go!(oidc::AuthorizationResponse, |r| r
                .verify(x.client_id, x.issuer))
        }
        "oidc.AuthorizationErrorResponse" => {
            go!(oidc::AuthorizationErrorResponse, |r| r.verify())
        }
        "oidc.UserInfoErrorResponse" => go!(oidc::UserInfoErrorResponse, |r| r.verify()),
        "oidc.ClientRegistrationErrorResponse" => {
            go!(oidc::ClientRegistrationErrorResponse, |r| r.verify())
        }
        other => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "unknown message class {other:?} (see oxidc.MESSAGE_CLASSES)"
        ))),
    }
}

/// Parses `body` (form-urlencoded, a query string with or without `?`, or JSON with
/// `json=True`) as the idpyoidc message class `message` (e.g. `"oauth2.AccessTokenResponse"`,
/// `"oidc.AuthorizationRequest"`; see `MESSAGE_CLASSES`), runs the class's `verify()` unless
/// `verify=False`, and returns the parameters as `to_dict()` gives them. `client_id`/`issuer`
/// are checked by authorization responses, `nonce` by OIDC authorization requests.
#[pyfunction]
#[pyo3(signature = (message, body, *, json=false, verify=true, client_id=None, issuer=None, nonce=None))]
#[allow(clippy::too_many_arguments)]
pub fn parse_message<'py>(
    py: Python<'py>,
    message: &str,
    body: &Bound<'py, PyAny>,
    json: bool,
    verify: bool,
    client_id: Option<&str>,
    issuer: Option<&str>,
    nonce: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    if !CLASSES.contains(&message) {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "unknown message class {message:?} (see oxidc.MESSAGE_CLASSES)"
        )));
    }
    let body = text_or_bytes(body)?;
    let body: &[u8] = if json {
        &body
    } else {
        body.strip_prefix(b"?").unwrap_or(&body)
    };
    with_params(py, body, json, |p| {
        typed(
            py,
            message,
            p,
            verify,
            Expect {
                client_id,
                issuer,
                nonce,
            },
        )
    })
}
