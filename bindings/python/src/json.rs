//! Conversions between the core's validated JSON views and Python objects, and a writer from
//! Python objects to JSON text byte-identical to `json.dumps` (`ensure_ascii`, default or compact
//! separators). No validation happens here: everything read was validated by the core first,
//! and everything written is validated by the core before it is signed.

use crate::errors::OrRaise;
use oxidc::json::{Array, JsonStr, JsonWriter, Object, Value};
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

        /// The position of `s` in [`COMMON`] (a `match`: compared by length first).
        fn common_index(s: &str) -> Option<usize> {
            let mut i = 0;
            $(
                if s == $n {
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

/// The Python string for a member or parameter name: the interned one for [`COMMON`] names.
pub fn name<'py>(py: Python<'py>, s: &str) -> Bound<'py, PyString> {
    if let Some(i) = common_index(s) {
        let common = COMMON_STRINGS.get_or_init(py, || {
            COMMON
                .iter()
                .map(|n| PyString::intern(py, n).unbind())
                .collect()
        });
        if let Some(p) = common.get(i) {
            return p.bind(py).clone();
        }
    }
    PyString::new(py, s)
}

fn json_str<'py>(
    py: Python<'py>,
    s: &JsonStr<'_>,
    is_name: bool,
) -> PyResult<Bound<'py, PyString>> {
    match s.as_str() {
        Some(t) if is_name => Ok(name(py, t)),
        Some(t) => Ok(PyString::new(py, t)),
        None => {
            let bytes: Vec<u8> = s.bytes().collect();
            let text = String::from_utf8(bytes)
                .map_err(|_| crate::errors::to_py(py, oxidc::Error::InvalidUtf8))?;
            Ok(PyString::new(py, &text))
        }
    }
}

/// A validated JSON value as the Python object `json.loads` would give.
pub fn value_to_py<'py>(py: Python<'py>, v: &Value<'_>) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => number_to_py(py, n.as_str())?,
        Value::String(s) => json_str(py, s, false)?.into_any(),
        Value::Array(a) => array_to_py(py, a)?.into_any(),
        Value::Object(o) => {
            // Nested objects were validated but not checked for duplicate names yet.
            o.check_unique().or_raise(py)?;
            object_to_py(py, o)?.into_any()
        }
    })
}

fn array_to_py<'py>(py: Python<'py>, a: &Array<'_>) -> PyResult<Bound<'py, PyList>> {
    Trusted::new(py, a.raw()).array()
}

/// A validated JSON object (names already unique) as a `dict`, in document order.
pub fn object_to_py<'py>(py: Python<'py>, o: &Object<'_>) -> PyResult<Bound<'py, PyDict>> {
    Trusted::new(py, o.raw()).object()
}

/// Reads JSON text the core has validated (grammar, UTF-8, depth and counts, unique names at
/// its top level) into Python objects in one pass over the bytes, without validating it again:
/// the core's iterators re-check every separator and re-scan every string, which cost more
/// than building the dict. What the core still has to decide goes back to it: strings with
/// escapes (decoded by `JsonStr`) and nested objects (parsed, and checked for duplicate names
/// as `value_to_py` does). Never panics: a byte out of place is `InvalidJson`.
struct Trusted<'a, 'py> {
    py: Python<'py>,
    s: &'a [u8],
    i: usize,
}

/// The index of the first `"` or `\` in `s`, eight bytes at a time.
fn quote_or_backslash(s: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const QUOTES: u64 = 0x2222_2222_2222_2222;
    const BACKSLASHES: u64 = 0x5c5c_5c5c_5c5c_5c5c;
    let mut i = 0;
    while let Some(chunk) = s.get(i..i + 8) {
        let w = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
        let q = w ^ QUOTES;
        let b = w ^ BACKSLASHES;
        // A zero byte in q or b is a match (the has-zero-byte test has no false negatives).
        if ((q.wrapping_sub(LO) & !q) | (b.wrapping_sub(LO) & !b)) & HI != 0 {
            break;
        }
        i += 8;
    }
    s.get(i..)?
        .iter()
        .position(|&c| c == b'"' || c == b'\\')
        .map(|p| p + i)
}

/// From `"` at `open`: the index of the closing quote, escapes skipped.
fn string_end(s: &[u8], open: usize) -> Option<usize> {
    let mut j = open + 1;
    loop {
        match s.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j),
            _ => j += 1,
        }
    }
}

impl<'a, 'py> Trusted<'a, 'py> {
    fn new(py: Python<'py>, s: &'a [u8]) -> Self {
        Trusted { py, s, i: 0 }
    }

    fn invalid(&self) -> PyErr {
        crate::errors::to_py(self.py, oxidc::Error::InvalidJson)
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> PyResult<()> {
        self.ws();
        if self.peek() == Some(b) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.invalid())
        }
    }

    /// After a member or element: `true` at `,` (another follows), `false` at `close`.
    fn more(&mut self, close: u8) -> PyResult<bool> {
        self.ws();
        match self.peek() {
            Some(b',') => {
                self.i += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.i += 1;
                Ok(false)
            }
            _ => Err(self.invalid()),
        }
    }

    /// Whether the container just opened closes at once (consumed if so).
    fn empty(&mut self, close: u8) -> bool {
        self.ws();
        if self.peek() == Some(close) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn object(&mut self) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(self.py);
        self.eat(b'{')?;
        if self.empty(b'}') {
            return Ok(dict);
        }
        loop {
            self.ws();
            let k = self.string(true)?;
            self.eat(b':')?;
            let v = self.value()?;
            dict.set_item(k, v)?;
            if !self.more(b'}')? {
                return Ok(dict);
            }
        }
    }

    fn array(&mut self) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(self.py);
        self.eat(b'[')?;
        if self.empty(b']') {
            return Ok(list);
        }
        loop {
            list.append(self.value()?)?;
            if !self.more(b']')? {
                return Ok(list);
            }
        }
    }

    fn literal(&mut self, len: usize, v: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.i += len;
        Ok(v)
    }

    fn value(&mut self) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        self.ws();
        match self.peek() {
            Some(b'"') => Ok(self.string(false)?.into_any()),
            Some(b'[') => Ok(self.array()?.into_any()),
            Some(b'{') => {
                let start = self.i;
                self.skip_container()?;
                let raw = self.s.get(start..self.i).ok_or_else(|| self.invalid())?;
                value_to_py(py, &oxidc::json::parse_value(raw).or_raise(py)?)
            }
            Some(b't') => self.literal(4, PyBool::new(py, true).to_owned().into_any()),
            Some(b'f') => self.literal(5, PyBool::new(py, false).to_owned().into_any()),
            Some(b'n') => self.literal(4, py.None().into_bound(py)),
            Some(_) => self.number(),
            None => Err(self.invalid()),
        }
    }

    fn number(&mut self) -> PyResult<Bound<'py, PyAny>> {
        let start = self.i;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.peek() {
            self.i += 1;
        }
        let text = self
            .s
            .get(start..self.i)
            .and_then(|t| std::str::from_utf8(t).ok())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| self.invalid())?;
        number_to_py(self.py, text)
    }

    /// At `"`: the string, up to its closing quote.
    fn string(&mut self, is_name: bool) -> PyResult<Bound<'py, PyString>> {
        let open = self.i;
        if self.peek() != Some(b'"') {
            return Err(self.invalid());
        }
        let rest = self.s.get(open + 1..).unwrap_or_default();
        let n = quote_or_backslash(rest).ok_or_else(|| self.invalid())?;
        if rest.get(n) == Some(&b'"') {
            self.i = open + 1 + n + 1;
            let text = rest
                .get(..n)
                .and_then(|t| std::str::from_utf8(t).ok())
                .ok_or_else(|| crate::errors::to_py(self.py, oxidc::Error::InvalidUtf8))?;
            return Ok(if is_name {
                name(self.py, text)
            } else {
                PyString::new(self.py, text)
            });
        }
        // Escapes: the core decodes the string.
        let close = string_end(self.s, open).ok_or_else(|| self.invalid())?;
        self.i = close + 1;
        let quoted = self.s.get(open..self.i).ok_or_else(|| self.invalid())?;
        match oxidc::json::parse_value(quoted).or_raise(self.py)? {
            Value::String(s) => json_str(self.py, &s, is_name),
            _ => Err(self.invalid()),
        }
    }

    /// At `{` or `[`: past the matching close.
    fn skip_container(&mut self) -> PyResult<()> {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    self.i = string_end(self.s, self.i).ok_or_else(|| self.invalid())?;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.i += 1;
                        return Ok(());
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
        Err(self.invalid())
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
