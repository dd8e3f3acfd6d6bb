//! idpyoidc's cookie values (`CookieHandler.make_cookie_content` / `parse_cookie`) and the
//! length-value text format (`lv_pack` / `lv_unpack`) those values and opaque tokens use.
//! The forms, the checks and the errors are the core's (`oxidc::opaque`); this file converts.

use crate::errors::{OrRaise, to_py};
use crate::opaque::{FernetKey, now_or, random};
use oxidc::Error;
use oxidc::opaque::{self, CookieEncKey, CookieKeys as CoreKeys, CookieSignKey};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

/// The keys an idpyoidc `CookieHandler` is configured with, parsed once: a signing key (HMAC,
/// the oct key with `use: sig`), an encryption key (AES-GCM, 16/24/32 bytes, `use: enc`), both,
/// or a `FernetKey` (`crypt_config`). They decide the form written; reading follows
/// `parse_cookie`. Secrets are zeroized on drop and never shown by `repr()`.
#[pyclass(frozen, module = "oxidc._native")]
pub struct CookieKeys {
    sign: Option<CookieSignKey>,
    enc: Option<CookieEncKey>,
    fernet: Option<Py<FernetKey>>,
}

impl CookieKeys {
    fn with<T>(&self, py: Python<'_>, f: impl FnOnce(&CoreKeys<'_>) -> T) -> PyResult<T> {
        let fernet = self.fernet.as_ref().map(|k| k.bind(py).get());
        let keys = match (&self.sign, &self.enc, fernet) {
            (Some(sign), Some(enc), _) => CoreKeys::SignAndEncrypt { sign, enc },
            (None, Some(enc), _) => CoreKeys::Encrypt(enc),
            (Some(sign), None, _) => CoreKeys::Sign(sign),
            (None, None, Some(f)) => CoreKeys::Fernet(&f.inner),
            // The constructor refuses an empty configuration.
            (None, None, None) => return Err(PyValueError::new_err("CookieKeys without keys")),
        };
        Ok(f(&keys))
    }

    /// Random bytes the form uses: 12 (AES-GCM IV), 16 (Fernet IV) or none (signed only).
    fn iv_len(&self) -> usize {
        if self.enc.is_some() {
            12
        } else if self.fernet.is_some() && self.sign.is_none() {
            16
        } else {
            0
        }
    }
}

#[pymethods]
impl CookieKeys {
    /// `sign_key` (bytes, any non-empty length) and/or `enc_key` (bytes: 16, 24 or 32), or
    /// `fernet` (a `FernetKey`, for a handler with `crypt_config`) alone.
    #[new]
    #[pyo3(signature = (*, sign_key=None, enc_key=None, fernet=None))]
    fn new(
        py: Python<'_>,
        sign_key: Option<&[u8]>,
        enc_key: Option<&[u8]>,
        fernet: Option<Py<FernetKey>>,
    ) -> PyResult<Self> {
        if fernet.is_some() && (sign_key.is_some() || enc_key.is_some()) {
            return Err(PyValueError::new_err(
                "a Fernet cookie key (crypt_config) excludes sign_key and enc_key",
            ));
        }
        if fernet.is_none() && sign_key.is_none() && enc_key.is_none() {
            return Err(PyValueError::new_err(
                "CookieKeys needs sign_key, enc_key or fernet",
            ));
        }
        Ok(CookieKeys {
            sign: sign_key.map(CookieSignKey::new).transpose().or_raise(py)?,
            enc: enc_key.map(CookieEncKey::new).transpose().or_raise(py)?,
            fernet,
        })
    }

    /// The form written: `"sign+enc"` (4 parts, MAC inside), `"enc"` (4 parts), `"sign"` (3
    /// parts, payload in clear) or `"fernet"` (2 parts).
    #[getter]
    fn form(&self) -> &'static str {
        match (&self.sign, &self.enc) {
            (Some(_), Some(_)) => "sign+enc",
            (None, Some(_)) => "enc",
            (Some(_), None) => "sign",
            (None, None) => "fernet",
        }
    }

    /// The cookie value `CookieHandler.make_cookie_content(name, value, typ)` puts in its
    /// `"value"` (timestamp `now`, default the clock). `iv` injects the random bytes (tests):
    /// 12 for the encrypted forms, 16 for the Fernet form, none when only signing. An empty
    /// value and type give `""`, as in idpyoidc.
    #[pyo3(signature = (value, typ="", *, now=None, iv=None))]
    fn make_cookie(
        &self,
        py: Python<'_>,
        value: &str,
        typ: &str,
        now: Option<i64>,
        iv: Option<&[u8]>,
    ) -> PyResult<String> {
        let want = self.iv_len();
        let mut full = [0u8; 16];
        match iv {
            None => full = random::<16>()?,
            Some(b) if b.len() == want => {
                if let Some(dst) = full.get_mut(..want) {
                    dst.copy_from_slice(b);
                }
            }
            Some(_) => {
                return Err(PyValueError::new_err(format!(
                    "iv must be {want} bytes for the {} form",
                    self.form()
                )));
            }
        }
        let now = now_or(now);
        let (r, out) = self.with(py, |keys| {
            let mut out = vec![0u8; opaque::cookie_len(keys, value, typ, now)];
            (
                opaque::make_cookie(keys, value, typ, now, &full, &mut out),
                out,
            )
        })?;
        let n = r.or_raise(py)?;
        let mut out = out;
        out.truncate(n);
        String::from_utf8(out).map_err(|_| to_py(py, Error::InvalidUtf8))
    }

    /// Reads a cookie value as `CookieHandler.parse_cookie` does: returns
    /// `{"value", "type", "timestamp"}` (the timestamp as text, as idpyoidc reports it). A
    /// tampered, truncated or foreign value raises `InvalidCookie` (idpyoidc returns `[]` or
    /// raises, depending on where it breaks); the cookie's age is not checked (nor is it by
    /// idpyoidc).
    fn read_cookie<'py>(
        &self,
        py: Python<'py>,
        cookie: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let text = cookie
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("a cookie value is str"))?
            .to_cow()?;
        let mut scratch = vec![0u8; text.len()];
        let c = self
            .with(py, |keys| {
                opaque::read_cookie(keys, &text, &mut scratch)
                    .map(|c| (c.value.to_owned(), c.typ.to_owned(), c.timestamp.to_owned()))
            })?
            .or_raise(py)?;
        let d = PyDict::new(py);
        d.set_item("value", c.0)?;
        d.set_item("type", c.1)?;
        d.set_item("timestamp", c.2)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!("CookieKeys(form={:?}, <redacted>)", self.form())
    }
}

/// idpyoidc's `lv_pack(*fields)`: each field as its length in code points, `:`, the field.
#[pyfunction]
#[pyo3(signature = (*fields))]
pub fn lv_pack(py: Python<'_>, fields: &Bound<'_, PyTuple>) -> PyResult<String> {
    let mut owned = Vec::with_capacity(fields.len());
    for f in fields.iter() {
        let s = f
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("lv_pack takes str fields"))?
            .to_cow()?
            .into_owned();
        owned.push(s);
    }
    let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
    let room: usize = refs.iter().map(|f| f.len() + 21).sum();
    let mut out = vec![0u8; room];
    let n = opaque::lv_pack(&refs, &mut out).or_raise(py)?;
    out.truncate(n);
    String::from_utf8(out).map_err(|_| to_py(py, Error::InvalidUtf8))
}

/// idpyoidc's `lv_unpack(text)`: the fields, after stripping surrounding whitespace; a length
/// past the end takes the rest. A length that is not ASCII digits raises `MalformedLv`
/// (stricter than Python's `int()`: see tests/vectors/DIVERGENCES.md).
#[pyfunction]
pub fn lv_unpack(py: Python<'_>, text: &str) -> PyResult<Vec<String>> {
    opaque::lv_unpack(text)
        .map(|f| f.map(str::to_owned))
        .collect::<Result<Vec<_>, Error>>()
        .or_raise(py)
}
