//! Core errors become Python exceptions defined in `oxidc/_errors.py`.
//!
//! The classes are looked up once per interpreter: `_errors._class_for(kind, band)` is called for
//! every variant of `oxidc::Error::ALL`, so a variant added to the core is mapped automatically
//! (to a generated subclass of its band's class) and the Python tests notice it is unnamed.

use oxidc::{Band, Error};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

static CLASSES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

/// The band's stable name, as the Python side spells it.
pub fn band_name(b: Band) -> &'static str {
    match b {
        Band::Parse => "parse",
        Band::Limit => "limit",
        Band::Jose => "jose",
        Band::Claims => "claims",
        Band::OAuth => "oauth",
        Band::Grant => "grant",
        Band::Opaque => "opaque",
        Band::Buffer => "buffer",
        Band::Crypto => "crypto",
    }
}

fn classes(py: Python<'_>) -> PyResult<&Vec<Py<PyType>>> {
    CLASSES.get_or_try_init(py, || {
        let module = py.import("oxidc._errors")?;
        let class_for = module.getattr("_class_for")?;
        Error::ALL
            .iter()
            .map(|e| {
                let cls = class_for.call1((e.as_str(), band_name(e.band())))?;
                Ok(cls.cast_into::<PyType>()?.unbind())
            })
            .collect()
    })
}

/// The Python exception for a core error (its class carries `.kind`, `.band`, `.oauth_error`).
pub fn to_py(py: Python<'_>, e: Error) -> PyErr {
    to_py_with(py, e, e.message())
}

/// Like [`to_py`], with another message (e.g. idpyoidc's `error_description`).
pub fn to_py_with(py: Python<'_>, e: Error, message: &str) -> PyErr {
    let index = Error::ALL.iter().position(|x| *x == e);
    match (classes(py), index) {
        (Ok(all), Some(i)) => match all.get(i) {
            Some(cls) => PyErr::from_type(cls.bind(py).clone(), message.to_owned()),
            None => pyo3::exceptions::PyValueError::new_err(e.message()),
        },
        (Err(err), _) => err,
        (Ok(_), None) => pyo3::exceptions::PyValueError::new_err(e.message()),
    }
}

/// `Result<T, oxidc::Error>` → `PyResult<T>`.
pub trait OrRaise<T> {
    /// Maps the core error to its Python exception.
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, Error> {
    #[inline]
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, e))
    }
}

/// `(kind, band, message, oauth_error)` for every core error, in declaration order; the OAuth
/// code is the core's (`oxidc::oauth::error_code`).
#[allow(clippy::type_complexity)]
pub fn error_kinds() -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
)> {
    Error::ALL
        .iter()
        .map(|e| {
            (
                e.as_str(),
                band_name(e.band()),
                e.message(),
                oxidc::oauth::error_code(*e),
            )
        })
        .collect()
}
