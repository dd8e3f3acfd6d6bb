//! idpyoidc-compatible opaque values: a `FernetKey` (cryptojwt's `FernetEncrypter`), opaque
//! codes and refresh tokens (`DefaultToken`) and encrypted session ids. Randomness (IVs, token
//! ids) comes from the OS and time from the clock unless the caller injects them.

use crate::errors::{OrRaise, to_py};
use crate::json::text_or_bytes;
use oxidc::opaque::{self, FernetKey as CoreKey, Pbkdf2Hash, TokenClass};
use oxidc::{Error, UnixTime};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

pub(crate) fn random<const N: usize>() -> PyResult<[u8; N]> {
    use ring::rand::SecureRandom;
    let mut b = [0u8; N];
    ring::rand::SystemRandom::new()
        .fill(&mut b)
        .map_err(|_| PyValueError::new_err("the system random source failed"))?;
    Ok(b)
}

fn fixed<const N: usize>(py: Python<'_>, given: Option<&[u8]>) -> PyResult<[u8; N]> {
    match given {
        None => random::<N>(),
        Some(b) => b.try_into().map_err(|_| to_py(py, Error::InvalidKey)),
    }
}

pub(crate) fn now_or(now: Option<i64>) -> UnixTime {
    UnixTime(now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }))
}

fn token_class(py: Python<'_>, name: &str) -> PyResult<TokenClass> {
    match TokenClass::from_alias(name) {
        TokenClass::Other => Err(to_py(py, Error::WrongTokenClass)),
        class => Ok(class),
    }
}

/// A Fernet key as cryptojwt's `FernetEncrypter` uses it (HMAC-SHA256 + AES-128-CBC), derived
/// once. Encrypts and decrypts idpyoidc's codes, refresh tokens and session ids.
#[pyclass(frozen, module = "oxidc._native")]
pub struct FernetKey {
    pub(crate) inner: CoreKey,
}

#[pymethods]
impl FernetKey {
    /// A raw 32-byte key (`FernetEncrypter(key=...)`).
    #[new]
    fn new(py: Python<'_>, key: &[u8]) -> PyResult<Self> {
        Ok(FernetKey {
            inner: CoreKey::from_slice(key).or_raise(py)?,
        })
    }

    /// The textual key `cryptography.fernet.Fernet` takes (44 base64url characters).
    #[staticmethod]
    fn from_text(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let t = text_or_bytes(text)?;
        let t = std::str::from_utf8(&t).map_err(|_| to_py(py, Error::InvalidKey))?;
        Ok(FernetKey {
            inner: CoreKey::from_text(t).or_raise(py)?,
        })
    }

    /// PBKDF2 derivation as `FernetEncrypter(password=..., salt=..., iterations=...,
    /// hash_alg=...)` (deliberately slow: runs without the GIL).
    #[staticmethod]
    #[pyo3(signature = (password, salt, *, iterations=390000, hash_alg="SHA256"))]
    fn derive(
        py: Python<'_>,
        password: &Bound<'_, PyAny>,
        salt: &Bound<'_, PyAny>,
        iterations: u32,
        hash_alg: &str,
    ) -> PyResult<Self> {
        let hash = Pbkdf2Hash::from_name(hash_alg).ok_or_else(|| to_py(py, Error::InvalidKey))?;
        let p = text_or_bytes(password)?.into_owned();
        let s = text_or_bytes(salt)?.into_owned();
        let inner = py
            .detach(|| CoreKey::derive_pbkdf2_with(hash, &p, &s, iterations))
            .or_raise(py)?;
        Ok(FernetKey { inner })
    }

    /// `FernetEncrypter.encrypt`: spaces pad the text to a multiple of 16, then Fernet. Returns
    /// the Fernet token (bytes). `now` and `iv` may be injected (tests); else clock and OS.
    #[pyo3(signature = (plaintext, *, now=None, iv=None))]
    fn encrypt<'py>(
        &self,
        py: Python<'py>,
        plaintext: &Bound<'py, PyAny>,
        now: Option<i64>,
        iv: Option<&[u8]>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let text = text_or_bytes(plaintext)?;
        let iv = fixed::<16>(py, iv)?;
        let mut out = vec![0u8; opaque::fernet_token_len(text.len())];
        let n =
            opaque::fernet_encrypt(&self.inner, &text, now_or(now), &iv, &mut out).or_raise(py)?;
        Ok(PyBytes::new(py, out.get(..n).unwrap_or_default()))
    }

    /// `FernetEncrypter.decrypt`: HMAC first, no TTL, trailing spaces stripped.
    fn decrypt<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let t = text_or_bytes(token)?;
        let mut scratch = vec![0u8; t.len()];
        let plain = opaque::fernet_decrypt(&self.inner, &t, &mut scratch).or_raise(py)?;
        Ok(PyBytes::new(py, plain))
    }

    /// Mints an opaque token as idpyoidc's `DefaultToken.__call__` (standard base64 of the
    /// Fernet of `lv_pack(rnd, token_class, session_id, exp)`); `exp` None means "-1".
    #[pyo3(signature = (token_class, session_id, exp, *, now=None, random=None, iv=None))]
    #[allow(clippy::too_many_arguments)]
    fn mint_token(
        &self,
        py: Python<'_>,
        token_class: &str,
        session_id: &str,
        exp: Option<i64>,
        now: Option<i64>,
        random: Option<&[u8]>,
        iv: Option<&[u8]>,
    ) -> PyResult<String> {
        let class = self::token_class(py, token_class)?;
        let exp = exp.map(UnixTime);
        let rnd = fixed::<32>(py, random)?;
        let iv = fixed::<16>(py, iv)?;
        let mut out = vec![0u8; opaque::token_len(class, session_id, exp)];
        let n = opaque::mint_token(
            &self.inner,
            class,
            session_id,
            exp,
            &rnd,
            &iv,
            now_or(now),
            &mut out,
        )
        .or_raise(py)?;
        out.truncate(n);
        String::from_utf8(out).map_err(|_| to_py(py, Error::InvalidUtf8))
    }

    /// Reads an opaque token as `DefaultToken.info` does for a handler of `token_class`:
    /// `{"_id", "token_class", "sid", "exp"}` (the full class name even when the token carries
    /// the alias; exp as text, as idpyoidc keeps it).
    fn read_token<'py>(
        &self,
        py: Python<'py>,
        token_class: &str,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let class = self::token_class(py, token_class)?;
        let v = text_or_bytes(value)?;
        let mut scratch = vec![0u8; v.len()];
        let f = opaque::read_token(&self.inner, class, &v, &mut scratch).or_raise(py)?;
        let d = PyDict::new(py);
        d.set_item("_id", f.id)?;
        d.set_item("token_class", f.class.name())?;
        d.set_item("sid", f.session_id)?;
        d.set_item("exp", f.exp)?;
        Ok(d)
    }

    /// idpyoidc's `encrypted_session_id(user, client, grant)`.
    #[pyo3(signature = (user_id, client_id, grant_id, *, now=None, random=None, iv=None))]
    #[allow(clippy::too_many_arguments)]
    fn encrypt_session_id(
        &self,
        py: Python<'_>,
        user_id: &str,
        client_id: &str,
        grant_id: &str,
        now: Option<i64>,
        random: Option<&[u8]>,
        iv: Option<&[u8]>,
    ) -> PyResult<String> {
        let rnd = fixed::<32>(py, random)?;
        let iv = fixed::<16>(py, iv)?;
        let mut out = vec![0u8; opaque::session_id_len(user_id, client_id, grant_id)];
        let n = opaque::encrypt_session_id(
            &self.inner,
            user_id,
            client_id,
            grant_id,
            &rnd,
            &iv,
            now_or(now),
            &mut out,
        )
        .or_raise(py)?;
        out.truncate(n);
        String::from_utf8(out).map_err(|_| to_py(py, Error::InvalidUtf8))
    }

    /// idpyoidc's `decrypt_branch_id`: the names of a branch id, in order.
    fn decrypt_branch_id(&self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let v = text_or_bytes(value)?;
        let mut scratch = vec![0u8; v.len()];
        let b = opaque::decrypt_branch_id(&self.inner, &v, &mut scratch).or_raise(py)?;
        Ok(b.parts().map(str::to_owned).collect())
    }

    /// Plain Fernet (`cryptography.fernet.Fernet(key).encrypt`, no space padding): the token
    /// as bytes. `now` and `iv` may be injected (tests); else clock and OS.
    #[pyo3(signature = (plaintext, *, now=None, iv=None))]
    fn encrypt_raw<'py>(
        &self,
        py: Python<'py>,
        plaintext: &Bound<'py, PyAny>,
        now: Option<i64>,
        iv: Option<&[u8]>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let text = text_or_bytes(plaintext)?;
        let iv = fixed::<16>(py, iv)?;
        let mut out = vec![0u8; opaque::fernet_raw_token_len(text.len())];
        let n = opaque::fernet_encrypt_raw(&self.inner, &text, now_or(now), &iv, &mut out)
            .or_raise(py)?;
        Ok(PyBytes::new(py, out.get(..n).unwrap_or_default()))
    }

    /// Plain Fernet decryption (`Fernet(key).decrypt(token, ttl)`): MAC first; with `ttl`
    /// (seconds), a token older than that at `now` raises `Expired` and one more than 60 s in
    /// the future `IssuedInFuture`.
    #[pyo3(signature = (token, *, ttl=None, now=None))]
    fn decrypt_raw<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'py, PyAny>,
        ttl: Option<u32>,
        now: Option<i64>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let t = text_or_bytes(token)?;
        let mut scratch = vec![0u8; t.len()];
        let plain = match ttl {
            None => opaque::fernet_decrypt_raw(&self.inner, &t, &mut scratch),
            Some(ttl) => {
                opaque::fernet_decrypt_raw_with_ttl(&self.inner, &t, ttl, now_or(now), &mut scratch)
            }
        }
        .or_raise(py)?;
        Ok(PyBytes::new(py, plain))
    }

    /// idpyoidc's `encrypted_branch_id(*names)` for any number of names (a session id is
    /// `(user, client, grant)`).
    #[pyo3(signature = (*names, now=None, random=None, iv=None))]
    fn encrypt_branch_id(
        &self,
        py: Python<'_>,
        names: Vec<String>,
        now: Option<i64>,
        random: Option<&[u8]>,
        iv: Option<&[u8]>,
    ) -> PyResult<String> {
        let parts: Vec<&str> = names.iter().map(String::as_str).collect();
        let rnd = fixed::<32>(py, random)?;
        let iv = fixed::<16>(py, iv)?;
        let mut out = vec![0u8; opaque::branch_id_len(&parts)];
        let n = opaque::encrypt_branch_id(&self.inner, &parts, &rnd, &iv, now_or(now), &mut out)
            .or_raise(py)?;
        out.truncate(n);
        String::from_utf8(out).map_err(|_| to_py(py, Error::InvalidUtf8))
    }

    /// idpyoidc's `decrypt_session_id`: `(user_id, client_id, grant_id)`; a branch id of
    /// another length raises `InvalidSessionId`.
    fn decrypt_session_id(
        &self,
        py: Python<'_>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<(String, String, String)> {
        let v = text_or_bytes(value)?;
        let mut scratch = vec![0u8; v.len()];
        let p = opaque::decrypt_session_id(&self.inner, &v, &mut scratch).or_raise(py)?;
        Ok((p.user.to_owned(), p.client.to_owned(), p.grant.to_owned()))
    }

    fn __repr__(&self) -> &'static str {
        "FernetKey(<redacted>)"
    }
}
