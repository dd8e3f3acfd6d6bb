//! Conversions between the core's validated JSON views and Python objects, and a writer from
//! Python objects to JSON text byte-identical to `json.dumps` (`ensure_ascii`, default or compact
//! separators). No validation happens here: everything read was validated by the core first,
//! and everything written is validated by the core before it is signed.

use crate::errors::OrRaise;
use oxidc::json::{JsonStr, JsonWriter, Number, Object, Value, WalkError, Walker};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use std::borrow::Cow;

/// Defines the names whose Python strings are made once (interned) and their lookup.
macro_rules! common_names {
    ($($n:literal),* $(,)?) => {
        /// Claim, header and parameter names that occur in nearly every token or request.
        const COMMON: &[&str] = &[$($n),*];

        /// The position of `s` in [`COMMON`] (compared by length first).
        fn common_index(s: &[u8]) -> Option<usize> {
            let mut i = 0;
            $(
                if s == $n.as_bytes() {
                    return Some(i);
                }
                i += 1;
            )*
            let _ = i;
            None
        }
    };
}

common_names!(
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "nbf",
    "jti",
    "scope",
    "client_id",
    "sid",
    "token_class",
    "alg",
    "kid",
    "typ",
    "nonce",
    "auth_time",
    "acr",
    "azp",
    "at_hash",
    "c_hash",
    "cnf",
    "email",
    "name",
    "cty",
    "state",
    "code_verifier",
    "resource",
    "client_assertion",
    "client_assertion_type",
);

static COMMON_STRINGS: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();

/// The interned Python string of a [`COMMON`] name.
fn common_name<'py>(py: Python<'py>, s: &[u8]) -> Option<Bound<'py, PyString>> {
    let i = common_index(s)?;
    let common = COMMON_STRINGS.get_or_init(py, || {
        COMMON
            .iter()
            .map(|n| PyString::intern(py, n).unbind())
            .collect()
    });
    common.get(i).map(|p| p.bind(py).clone())
}

/// The Python string for a member or parameter name: the interned one for [`COMMON`] names.
pub fn name<'py>(py: Python<'py>, s: &str) -> Bound<'py, PyString> {
    common_name(py, s.as_bytes()).unwrap_or_else(|| PyString::new(py, s))
}

fn json_str<'py>(
    py: Python<'py>,
    s: &JsonStr<'_>,
    is_name: bool,
) -> PyResult<Bound<'py, PyString>> {
    if !s.has_escapes() {
        // The raw bytes are the string (UTF-8 the core has checked): CPython decodes them
        // itself, so they are not run through `str::from_utf8` first as well.
        let raw = s.raw();
        if is_name && let Some(n) = common_name(py, raw) {
            return Ok(n);
        }
        return PyString::from_bytes(py, raw)
            .map_err(|_| crate::errors::to_py(py, oxidc::Error::InvalidUtf8));
    }
    // Escaped (rare): decoded by the core first.
    let bytes: Vec<u8> = s.bytes().collect();
    let text = String::from_utf8(bytes)
        .map_err(|_| crate::errors::to_py(py, oxidc::Error::InvalidUtf8))?;
    Ok(if is_name {
        name(py, &text)
    } else {
        PyString::new(py, &text)
    })
}

/// A validated JSON value as the Python object `json.loads` would give (duplicate names in
/// any object are an error).
pub fn value_to_py<'py>(py: Python<'py>, v: &Value<'_>) -> PyResult<Bound<'py, PyAny>> {
    let mut b = Build::new(py);
    let walked = v.walk(&mut b);
    b.finish(walked)
}

/// A validated JSON object as a `dict`, in document order (duplicate names in any object are
/// an error).
pub fn object_to_py<'py>(py: Python<'py>, o: &Object<'_>) -> PyResult<Bound<'py, PyDict>> {
    dict_from_walk(py, |b| o.walk(b))
}

/// A verified token's claims as a `dict`, in document order (their names were found unique
/// when the token was parsed; nested objects are checked as they are walked).
pub fn claims_to_py<'py>(py: Python<'py>, c: &oxidc::Claims<'_>) -> PyResult<Bound<'py, PyDict>> {
    dict_from_walk(py, |b| c.walk(b))
}

/// A token's JOSE header as a `dict` (as [`claims_to_py`]).
pub fn header_to_py<'py>(
    py: Python<'py>,
    h: &oxidc::jwt::Header<'_>,
) -> PyResult<Bound<'py, PyDict>> {
    dict_from_walk(py, |b| h.walk(b))
}

/// The `dict` a walk of a JSON object builds.
fn dict_from_walk<'py>(
    py: Python<'py>,
    walk: impl FnOnce(&mut Build<'py>) -> Result<(), WalkError<PyErr>>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut b = Build::new(py);
    let walked = walk(&mut b);
    Ok(b.finish(walked)?.cast_into::<PyDict>()?)
}

/// An open container of a [`Build`].
enum Frame<'py> {
    /// A dict and the name of the member whose value comes next.
    Dict(Bound<'py, PyDict>, Option<Bound<'py, PyString>>),
    List(Bound<'py, PyList>),
}

/// Builds Python objects from the core's walk of validated JSON: names through [`name`]
/// (interned common names), escaped strings decoded by `JsonStr`.
struct Build<'py> {
    py: Python<'py>,
    /// The innermost open container.
    top: Option<Frame<'py>>,
    /// The containers around `top` (empty, and never allocated, for flat objects).
    outer: Vec<Frame<'py>>,
    done: Option<Bound<'py, PyAny>>,
}

impl<'py> Build<'py> {
    fn new(py: Python<'py>) -> Self {
        Build {
            py,
            top: None,
            outer: Vec::new(),
            done: None,
        }
    }

    fn finish(self, walked: Result<(), WalkError<PyErr>>) -> PyResult<Bound<'py, PyAny>> {
        match walked {
            Ok(()) => self
                .done
                .ok_or_else(|| crate::errors::to_py(self.py, oxidc::Error::InvalidJson)),
            Err(WalkError::Json(e)) => Err(crate::errors::to_py(self.py, e)),
            Err(WalkError::Walker(e)) => Err(e),
        }
    }

    fn add(&mut self, v: Bound<'py, PyAny>) -> PyResult<()> {
        match &mut self.top {
            Some(Frame::Dict(d, k)) => match k.take() {
                Some(k) => d.set_item(k, v),
                None => Err(crate::errors::to_py(self.py, oxidc::Error::InvalidJson)),
            },
            Some(Frame::List(l)) => l.append(v),
            None => {
                self.done = Some(v);
                Ok(())
            }
        }
    }

    fn open(&mut self, f: Frame<'py>) {
        if let Some(outer) = self.top.replace(f) {
            self.outer.push(outer);
        }
    }

    fn close(&mut self) -> PyResult<()> {
        let done = match self.top.take() {
            Some(Frame::Dict(d, _)) => d.into_any(),
            Some(Frame::List(l)) => l.into_any(),
            None => return Err(crate::errors::to_py(self.py, oxidc::Error::InvalidJson)),
        };
        self.top = self.outer.pop();
        self.add(done)
    }
}

impl<'a, 'py> Walker<'a> for Build<'py> {
    type Error = PyErr;

    fn begin_object(&mut self) -> PyResult<()> {
        self.open(Frame::Dict(PyDict::new(self.py), None));
        Ok(())
    }

    fn name(&mut self, n: JsonStr<'a>) -> PyResult<()> {
        let n = json_str(self.py, &n, true)?;
        match &mut self.top {
            Some(Frame::Dict(_, k)) => {
                *k = Some(n);
                Ok(())
            }
            _ => Err(crate::errors::to_py(self.py, oxidc::Error::InvalidJson)),
        }
    }

    fn end_object(&mut self) -> PyResult<()> {
        self.close()
    }

    fn begin_array(&mut self) -> PyResult<()> {
        self.open(Frame::List(PyList::empty(self.py)));
        Ok(())
    }

    fn end_array(&mut self) -> PyResult<()> {
        self.close()
    }

    fn string(&mut self, s: JsonStr<'a>) -> PyResult<()> {
        let s = json_str(self.py, &s, false)?;
        self.add(s.into_any())
    }

    fn number(&mut self, n: Number<'a>) -> PyResult<()> {
        let n = number_to_py(self.py, n.as_str())?;
        self.add(n)
    }

    fn bool(&mut self, b: bool) -> PyResult<()> {
        self.add(PyBool::new(self.py, b).to_owned().into_any())
    }

    fn null(&mut self) -> PyResult<()> {
        self.add(self.py.None().into_bound(self.py))
    }
}

/// A validated JSON number's text as `json.loads` reads it: `int` without fraction or
/// exponent (beyond `i64` through Python's `int()`), `float` otherwise.
fn number_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        let f: f64 = text
            .parse()
            .map_err(|_| PyValueError::new_err("invalid JSON number"))?;
        return Ok(PyFloat::new(py, f).into_any());
    }
    match text.parse::<i64>() {
        Ok(i) => Ok(i.into_pyobject(py)?.into_any()),
        // Beyond i64: let Python's int() read the digits, as json.loads does.
        Err(_) => py.get_type::<PyInt>().call1((text,)),
    }
}

/// Separators: `", "`/`": "` as `json.dumps` by default, or `","`/`":"` (JOSE headers).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    /// `json.dumps(obj)`
    Python,
    /// `json.dumps(obj, separators=(",", ":"))`
    Compact,
}

const MAX_DEPTH: usize = 64;

/// Writes `obj` as `json.dumps` would. Supports dict (str keys), list, tuple, str, int, float,
/// bool and None (plus anything with a `to_dict()`, such as idpyoidc messages); anything else is
/// a `TypeError`, like `json.dumps`. Non-finite floats are a `ValueError` (they are not JSON).
pub fn write_py(obj: &Bound<'_, PyAny>, sep: Sep, out: &mut Vec<u8>) -> PyResult<()> {
    write_value(obj, sep, out, 0)
}

fn write_str(py: Python<'_>, s: &str, out: &mut Vec<u8>) -> PyResult<()> {
    // Worst case: every char becomes a 12-byte surrogate-pair escape (4 UTF-8 bytes) → 6×.
    let start = out.len();
    out.resize(start + s.len() * 6 + 2, 0);
    let slot = out.get_mut(start..).unwrap_or_default();
    let mut w = JsonWriter::new(slot);
    w.string(s).or_raise(py)?;
    let n = w.len();
    out.truncate(start + n);
    Ok(())
}

fn write_value(obj: &Bound<'_, PyAny>, sep: Sep, out: &mut Vec<u8>, depth: usize) -> PyResult<()> {
    let py = obj.py();
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(
            "object nests too deeply to serialise",
        ));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return write_str(py, &s.to_cow()?, out);
    }
    if obj.is_none() {
        out.extend_from_slice(b"null");
        return Ok(());
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
        return Ok(());
    }
    if obj.cast::<PyInt>().is_ok() {
        match obj.extract::<i64>() {
            Ok(i) => out.extend_from_slice(i.to_string().as_bytes()),
            // Big integers: Python's own decimal text (int.__repr__, as json.dumps).
            Err(_) => out.extend_from_slice(obj.repr()?.to_cow()?.as_bytes()),
        }
        return Ok(());
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        if !v.is_finite() {
            return Err(PyValueError::new_err(
                "out of range float values are not JSON compliant",
            ));
        }
        // float.__repr__ is exactly what json.dumps writes for finite floats.
        out.extend_from_slice(f.repr()?.to_cow()?.as_bytes());
        return Ok(());
    }
    let (item_sep, key_sep): (&[u8], &[u8]) = match sep {
        Sep::Python => (b", ", b": "),
        Sep::Compact => (b",", b":"),
    };
    if let Ok(d) = obj.cast::<PyDict>() {
        out.push(b'{');
        for (i, (k, v)) in d.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(item_sep);
            }
            let key = k
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err("oxidc serialises only dicts with str keys"))?;
            write_str(py, &key.to_cow()?, out)?;
            out.extend_from_slice(key_sep);
            write_value(&v, sep, out, depth + 1)?;
        }
        out.push(b'}');
        return Ok(());
    }
    let items: Option<Vec<Bound<'_, PyAny>>> = if let Ok(l) = obj.cast::<PyList>() {
        Some(l.iter().collect())
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        Some(t.iter().collect())
    } else {
        None
    };
    if let Some(items) = items {
        out.push(b'[');
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(item_sep);
            }
            write_value(v, sep, out, depth + 1)?;
        }
        out.push(b']');
        return Ok(());
    }
    if obj.hasattr("to_dict")? {
        let d = obj.call_method0("to_dict")?;
        if d.cast::<PyDict>().is_ok() {
            return write_value(&d, sep, out, depth + 1);
        }
    }
    Err(PyTypeError::new_err(format!(
        "Object of type {} is not JSON serializable",
        obj.get_type().name()?
    )))
}

/// Text or bytes from Python, borrowed where possible.
pub fn text_or_bytes<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = obj.cast::<pyo3::types::PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(match s.to_cow()? {
            Cow::Borrowed(t) => Cow::Borrowed(t.as_bytes()),
            Cow::Owned(t) => Cow::Owned(t.into_bytes()),
        });
    }
    Err(PyTypeError::new_err("expected str or bytes"))
}

/// A token (text) from Python: a `str` is borrowed as is (already valid UTF-8, no second
/// check over its bytes); `bytes` are checked. Invalid UTF-8 is `None`.
pub fn token_text<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Option<Cow<'a, str>>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Some(s.to_cow()?));
    }
    if let Ok(b) = obj.cast::<pyo3::types::PyBytes>() {
        return Ok(std::str::from_utf8(b.as_bytes()).ok().map(Cow::Borrowed));
    }
    Err(PyTypeError::new_err("expected str or bytes"))
}

/// JSON input given as a dict (serialised compactly), a str or bytes.
pub fn json_input(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if obj.cast::<PyDict>().is_ok() {
        let mut out = Vec::with_capacity(256);
        write_py(obj, Sep::Compact, &mut out)?;
        return Ok(out);
    }
    Ok(text_or_bytes(obj)?.into_owned())
}
