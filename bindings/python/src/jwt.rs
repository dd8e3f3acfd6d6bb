//! JWT verification (`Validator`) and minting. The core's `Validator` only borrows its
//! configuration, so the Python object keeps owned strings and builds a core validator per call
//! (free: it is a handful of copies on the stack).

use crate::errors::{OrRaise, to_py};
use crate::json::{Sep, claims_to_py, header_to_py, text_or_bytes, token_text, write_py};
use crate::keys::{CoreKeySet, Jwk, KeySet, P, SigningKey, parse_alg};
use oxidc::jwt::{
    AccessTokenClaims, ClaimValue, ClaimsWriter, Header, HeaderSpec, IdTokenClaims, KidChoice,
    Required,
};
use oxidc::limits::MAX_TOKEN_LEN;
use oxidc::{Error, Leeway, UnixTime, UntrustedToken};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple};
use std::borrow::Cow;

/// Most issuers or audiences one validator compares against (each is a linear compare; this is
/// configuration, not attacker input, but a policy of thousands of values is a mistake).
const MAX_POLICY_VALUES: usize = 16;

pub(crate) fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

pub(crate) fn registered(name: &str) -> Option<Required> {
    Some(match name {
        "exp" => Required::EXP,
        "nbf" => Required::NBF,
        "iat" => Required::IAT,
        "iss" => Required::ISS,
        "sub" => Required::SUB,
        "aud" => Required::AUD,
        "jti" => Required::JTI,
        _ => return None,
    })
}

/// One string or several, from Python (`None`, `str`, or an iterable of `str`).
fn strings(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    if obj.is_none() {
        return Ok(Vec::new());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(vec![s.to_cow()?.into_owned()]);
    }
    let mut out = Vec::new();
    for item in obj.try_iter()? {
        out.push(item?.extract::<String>()?);
    }
    if out.len() > MAX_POLICY_VALUES {
        return Err(PyValueError::new_err(format!(
            "at most {MAX_POLICY_VALUES} {what} values"
        )));
    }
    Ok(out)
}

/// The per-thread decode buffer's usual size (tokens up to this length: no allocation per call).
const STACK_TOKEN: usize = 4096;

thread_local! {
    /// The verify decode buffer, reused across calls on one thread (taken while in use).
    static VERIFY_BUF: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

fn fill<'a>(buf: &'a mut [&'a str; MAX_POLICY_VALUES], v: &'a [String]) -> &'a [&'a str] {
    for (slot, s) in buf.iter_mut().zip(v) {
        *slot = s;
    }
    buf.get(..v.len().min(MAX_POLICY_VALUES))
        .unwrap_or_default()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

enum Keys<'a> {
    Set(&'a CoreKeySet, bool),
    One(&'a oxidc::Jwk<P>, bool),
}

fn resolve_keys<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Keys<'a>> {
    if let Ok(s) = obj.cast::<KeySet>() {
        let s = s.get();
        return Ok(Keys::Set(&s.inner, s.asymmetric));
    }
    if let Ok(k) = obj.cast::<Jwk>() {
        let k = k.get();
        let asym = k.inner.kind() != oxidc::jose::KeyKind::Oct;
        return Ok(Keys::One(&k.inner, asym));
    }
    Err(PyTypeError::new_err("keys must be a KeySet or a Jwk"))
}

/// Claims policy, built once and used for every token: issuer(s), audience(s), leeway, required
/// claims, maximum age, expected `typ`. Safe to share between threads.
#[pyclass(frozen, module = "oxidc._native")]
pub struct Validator {
    keys: Option<Py<PyAny>>,
    issuers: Vec<String>,
    audiences: Vec<String>,
    leeway: u32,
    max_age: Option<u32>,
    required: Required,
    required_claims: Vec<String>,
    typ: Option<String>,
    allow_future_iat: bool,
}

impl Validator {
    fn run<'py, T>(
        &self,
        py: Python<'py>,
        token: &Bound<'py, PyAny>,
        keys: Option<&Bound<'py, PyAny>>,
        now: Option<i64>,
        f: impl FnOnce(&Header<'_>, &oxidc::Claims<'_>) -> PyResult<T>,
    ) -> PyResult<T> {
        let keys_obj = match (keys, &self.keys) {
            (Some(k), _) => k.clone(),
            (None, Some(k)) => k.bind(py).clone(),
            (None, None) => {
                return Err(PyTypeError::new_err(
                    "no keys: pass keys= to the Validator or to verify()",
                ));
            }
        };
        let keys = resolve_keys(&keys_obj)?;
        let token = token_text(token)?.ok_or_else(|| to_py(py, Error::MalformedToken))?;
        let token: &str = &token;
        if token.len() > MAX_TOKEN_LEN {
            return Err(to_py(py, Error::TokenTooLarge));
        }
        let now = UnixTime(now.unwrap_or_else(now_secs));
        // Borrowed views on the stack: no allocation per call.
        let mut iss_buf = [""; MAX_POLICY_VALUES];
        let mut aud_buf = [""; MAX_POLICY_VALUES];
        let mut req_buf = [""; MAX_POLICY_VALUES];
        let issuers = fill(&mut iss_buf, &self.issuers);
        let audiences = fill(&mut aud_buf, &self.audiences);
        let required_claims = fill(&mut req_buf, &self.required_claims);
        let mut v = oxidc::Validator::new()
            .leeway(Leeway(self.leeway))
            .require(self.required)
            .require_claims(required_claims);
        v = match issuers {
            [] => v,
            [one] => v.issuer(one),
            many => v.issuers(many),
        };
        v = match audiences {
            [] => v,
            [one] => v.audience(one),
            many => v.audiences(many),
        };
        if let Some(m) = self.max_age {
            v = v.max_age(m);
        }
        if let Some(t) = &self.typ {
            v = v.typ(t);
        }
        if self.allow_future_iat {
            v = v.allow_future_iat();
        }
        // The decoded header and claims go into this thread's reusable buffer (no allocation
        // or zeroing per call for the usual token; a re-entrant call finds it taken and
        // allocates its own).
        let mut buf = VERIFY_BUF.with(|b| b.take());
        if buf.len() < token.len().max(STACK_TOKEN) {
            buf.resize(token.len().max(STACK_TOKEN), 0);
        }
        let result = {
            let out = buf.as_mut_slice();
            match keys {
                // ECDSA/RSA work runs without the GIL: other Python threads proceed meanwhile.
                Keys::Set(set, true) => py.detach(|| v.verify(token, set, now, out)),
                Keys::Set(set, false) => v.verify(token, set, now, out),
                Keys::One(key, true) => py.detach(|| v.verify_with_key(token, key, now, out)),
                Keys::One(key, false) => v.verify_with_key(token, key, now, out),
            }
            .or_raise(py)
            .and_then(|verified| f(verified.header(), verified.claims()))
        };
        if buf.len() <= 4 * STACK_TOKEN {
            VERIFY_BUF.with(|b| b.set(buf));
        }
        result
    }
}

#[pymethods]
impl Validator {
    /// Builds the policy. `issuer`/`audience` take one string or several; a configured audience
    /// makes `aud` required. `required` names claims that must be present (default `("exp",)`).
    /// `leeway` is the clock skew in seconds (default 15, as cryptojwt). `keys` (a `KeySet` or a
    /// `Jwk`) may be given here or to `verify()`.
    #[new]
    #[pyo3(signature = (
        keys=None, *, issuer=None, audience=None, leeway=15, required=None, max_age=None,
        typ=None, allow_future_iat=false
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        keys: Option<&Bound<'_, PyAny>>,
        issuer: Option<&Bound<'_, PyAny>>,
        audience: Option<&Bound<'_, PyAny>>,
        leeway: u32,
        required: Option<&Bound<'_, PyAny>>,
        max_age: Option<u32>,
        typ: Option<String>,
        allow_future_iat: bool,
    ) -> PyResult<Self> {
        if let Some(k) = keys {
            resolve_keys(k)?;
        }
        let names = match required {
            None => vec!["exp".to_owned()],
            Some(r) => strings(Some(r), "required")?,
        };
        let mut req = Required::NONE;
        let mut others = Vec::new();
        for n in names {
            match registered(&n) {
                Some(r) => req = req | r,
                None => others.push(n),
            }
        }
        Ok(Validator {
            keys: keys.map(|k| k.clone().unbind()),
            issuers: strings(issuer, "issuer")?,
            audiences: strings(audience, "audience")?,
            leeway,
            max_age,
            required: req,
            required_claims: others,
            typ,
            allow_future_iat,
        })
    }

    /// Verifies the signature (the key pins the algorithm) and validates the claims at `now`
    /// (default: the clock), returning the claims as a dict. Raises an `oxidc.Error` subclass.
    #[pyo3(signature = (token, keys=None, *, now=None))]
    fn verify<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'py, PyAny>,
        keys: Option<&Bound<'py, PyAny>>,
        now: Option<i64>,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.run(py, token, keys, now, |_, claims| claims_to_py(py, claims))
    }

    /// Like `verify()`, returning `(header, claims)`.
    #[pyo3(signature = (token, keys=None, *, now=None))]
    fn verify_with_header<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'py, PyAny>,
        keys: Option<&Bound<'py, PyAny>>,
        now: Option<i64>,
    ) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyDict>)> {
        self.run(py, token, keys, now, |header, claims| {
            Ok((header_to_py(py, header)?, claims_to_py(py, claims)?))
        })
    }

    /// The expected issuers.
    #[getter]
    fn issuers(&self) -> Vec<String> {
        self.issuers.clone()
    }

    /// The expected audiences.
    #[getter]
    fn audiences(&self) -> Vec<String> {
        self.audiences.clone()
    }

    /// The allowed clock skew in seconds.
    #[getter]
    fn leeway(&self) -> u32 {
        self.leeway
    }

    fn __repr__(&self) -> String {
        format!(
            "Validator(issuer={:?}, audience={:?}, leeway={})",
            self.issuers, self.audiences, self.leeway
        )
    }
}

/// Decodes a token's header and claims WITHOUT verifying anything (display and debugging, and
/// to pick keys by `kid`/`iss` before verifying). Never decide anything on the result.
#[pyfunction]
pub fn decode_unverified<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyAny>,
) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyDict>)> {
    let token = text_or_bytes(token)?;
    let token = std::str::from_utf8(&token).map_err(|_| to_py(py, Error::MalformedToken))?;
    let t = UntrustedToken::parse(token).or_raise(py)?;
    let mut buf = vec![0u8; t.decoded_len()];
    let (h, c) = t.decode_unverified(&mut buf).or_raise(py)?;
    Ok((header_to_py(py, &h)?, claims_to_py(py, &c)?))
}

/// Verifies a plain compact JWS (any payload) with `keys`, returning `(header, payload_bytes)`.
/// No claims are validated.
#[pyfunction]
pub fn verify_jws<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyAny>,
    keys: &Bound<'py, PyAny>,
) -> PyResult<(Bound<'py, PyDict>, Bound<'py, pyo3::types::PyBytes>)> {
    let token = text_or_bytes(token)?;
    let token = std::str::from_utf8(&token).map_err(|_| to_py(py, Error::MalformedToken))?;
    let t = UntrustedToken::parse(token).or_raise(py)?;
    let mut buf = vec![0u8; t.decoded_len()];
    let (set, asym) = match resolve_keys(keys)? {
        Keys::Set(s, a) => (s, a),
        Keys::One(..) => return Err(PyTypeError::new_err("verify_jws takes a KeySet")),
    };
    let (h, payload) = if asym {
        py.detach(|| t.verify_jws(set, &mut buf))
    } else {
        t.verify_jws(set, &mut buf)
    }
    .or_raise(py)?;
    Ok((
        header_to_py(py, &h)?,
        pyo3::types::PyBytes::new(py, payload),
    ))
}

/// Room for a minted token: header, claims (base64url grows by 4/3) and a signature.
fn token_room(claims_json_len: usize) -> usize {
    2048 + claims_json_len * 4 / 3 + 1024
}

/// Mints with the core into a growing buffer (for the rare token larger than the first guess).
fn mint_into(
    py: Python<'_>,
    key: &SigningKey,
    guess: usize,
    mut f: impl FnMut(&oxidc::SigningKey<P>, &mut [u8]) -> Result<usize, Error> + Send,
) -> PyResult<String> {
    let mut room = guess;
    loop {
        let mut out = vec![0u8; room];
        let asym = !matches!(
            key.inner.algorithm(),
            oxidc::Algorithm::HS256 | oxidc::Algorithm::HS384 | oxidc::Algorithm::HS512
        );
        let r = if asym {
            py.detach(|| f(&key.inner, &mut out))
        } else {
            f(&key.inner, &mut out)
        };
        match r {
            Ok(n) => {
                out.truncate(n);
                return String::from_utf8(out).map_err(|_| to_py(py, Error::InvalidUtf8));
            }
            Err(Error::BufferTooSmall) if room < 4 * 1024 * 1024 => room *= 4,
            Err(e) => return Err(to_py(py, e)),
        }
    }
}

/// One top-level claim, converted from Python before minting (so the GIL can be released).
enum Claim {
    Str(String),
    Int(i64),
    Bool(bool),
    StrArray(Vec<String>),
    Json(String),
}

fn convert_claims(claims: &Bound<'_, PyDict>) -> PyResult<Vec<(String, Claim)>> {
    let mut out = Vec::with_capacity(claims.len());
    for (k, v) in claims.iter() {
        let name = k
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("claim names must be str"))?
            .to_cow()?
            .into_owned();
        out.push((name, convert_claim(&v)?));
    }
    Ok(out)
}

fn convert_claim(v: &Bound<'_, PyAny>) -> PyResult<Claim> {
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Claim::Str(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Claim::Bool(b.is_true()));
    }
    if v.cast::<PyInt>().is_ok()
        && let Ok(i) = v.extract::<i64>()
    {
        return Ok(Claim::Int(i));
    }
    if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
        let items: Vec<Bound<'_, PyAny>> = v.try_iter()?.collect::<PyResult<_>>()?;
        if items.iter().all(|i| i.cast::<PyString>().is_ok()) {
            let mut strs = Vec::with_capacity(items.len());
            for i in items {
                strs.push(i.cast::<PyString>()?.to_cow()?.into_owned());
            }
            return Ok(Claim::StrArray(strs));
        }
    }
    let mut json = Vec::with_capacity(64);
    write_py(v, Sep::Python, &mut json)?;
    Ok(Claim::Json(String::from_utf8(json).unwrap_or_default()))
}

fn write_claims(w: &mut ClaimsWriter<'_, '_>, claims: &[(String, Claim)]) -> Result<(), Error> {
    for (name, v) in claims {
        match v {
            Claim::Str(s) => w.str(name, s)?,
            Claim::Int(i) => w.int(name, *i)?,
            Claim::Bool(b) => w.bool(name, *b)?,
            Claim::StrArray(a) => {
                let r: Vec<&str> = a.iter().map(String::as_str).collect();
                w.str_array(name, &r)?
            }
            Claim::Json(j) => w.raw_json(name, j)?,
        }
    }
    Ok(())
}

fn json_len(claims: &[(String, Claim)]) -> usize {
    claims
        .iter()
        .map(|(n, v)| {
            n.len() * 6
                + 8
                + match v {
                    Claim::Str(s) => s.len() * 6 + 2,
                    Claim::Int(_) => 20,
                    Claim::Bool(_) => 5,
                    Claim::StrArray(a) => a.iter().map(|s| s.len() * 6 + 4).sum::<usize>() + 2,
                    Claim::Json(j) => j.len(),
                }
        })
        .sum()
}

fn kid_choice<'a>(kid: Option<&'a str>, include_kid: bool) -> KidChoice<'a> {
    match (include_kid, kid) {
        (false, _) => KidChoice::Omit,
        (true, Some(k)) => KidChoice::Explicit(k),
        (true, None) => KidChoice::FromKey,
    }
}

/// Mints a JWT: header `{"alg","kid"?,"typ"?}` (compact, as cryptojwt writes it), the claims in
/// dict order written as `json.dumps` would, signed with `key`.
#[pyfunction]
#[pyo3(signature = (claims, key, *, kid=None, include_kid=true, typ=None))]
pub fn mint<'py>(
    py: Python<'py>,
    claims: &Bound<'py, PyDict>,
    key: &Bound<'py, SigningKey>,
    kid: Option<&str>,
    include_kid: bool,
    typ: Option<&str>,
) -> PyResult<Bound<'py, PyString>> {
    let spec = HeaderSpec {
        kid: kid_choice(kid, include_kid),
        typ,
    };
    let k = key.get();
    if !is_asymmetric(k.inner.algorithm())
        && let Some(token) = mint_direct(py, claims, &k.inner, &spec)?
    {
        return Ok(token);
    }
    let converted = convert_claims(claims)?;
    let token = mint_into(py, key.get(), token_room(json_len(&converted)), |k, out| {
        oxidc::jwt::mint(k, &spec, |w| write_claims(w, &converted), out)
    })?;
    Ok(PyString::new(py, &token))
}

fn is_asymmetric(a: oxidc::Algorithm) -> bool {
    !matches!(
        a,
        oxidc::Algorithm::HS256 | oxidc::Algorithm::HS384 | oxidc::Algorithm::HS512
    )
}

/// Tokens up to this length are minted into a stack buffer.
const STACK_MINT: usize = 4096;

/// HMAC minting with the GIL held (it takes about as long as releasing it would): the claims
/// go from the dict straight into the core's writer, borrowing the Python strings — no
/// intermediate copies. `None` when the token does not fit the stack buffer (the caller then
/// takes the sizing path).
fn mint_direct<'py>(
    py: Python<'py>,
    claims: &Bound<'py, PyDict>,
    key: &oxidc::SigningKey<P>,
    spec: &HeaderSpec<'_>,
) -> PyResult<Option<Bound<'py, PyString>>> {
    let mut failure: Option<PyErr> = None;
    let mut scratch: Vec<u8> = Vec::new();
    let mut out = MINT_BUF.with(|b| b.take());
    if out.len() < STACK_MINT {
        out.resize(STACK_MINT, 0);
    }
    let r = oxidc::jwt::mint(
        key,
        spec,
        |w| {
            for (k, v) in claims.iter() {
                match write_direct(w, &k, &v, &mut scratch) {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => return Err(e),
                    Err(e) => {
                        failure = Some(e);
                        return Err(Error::InvalidClaim);
                    }
                }
            }
            Ok(())
        },
        &mut out,
    );
    let result = match (failure, r) {
        (Some(e), _) => Err(e),
        // ASCII by construction; CPython checks it as it makes the str (no Rust pass first).
        (None, Ok(n)) => PyString::from_bytes(py, out.get(..n).unwrap_or_default())
            .map(Some)
            .map_err(|_| to_py(py, Error::InvalidUtf8)),
        (None, Err(Error::BufferTooSmall)) => Ok(None),
        (None, Err(e)) => Err(to_py(py, e)),
    };
    // Kept for the next call on this thread: no 4 KiB allocation and zeroing per token. (A
    // re-entrant call meanwhile, e.g. from a finalizer, found it empty and made its own.)
    MINT_BUF.with(|b| b.set(out));
    result
}

thread_local! {
    /// The HMAC mint's output buffer, reused across calls (taken while in use).
    static MINT_BUF: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// One claim from Python into the writer: str, bool, int and lists of str directly, anything
/// else through the `json.dumps`-compatible writer.
fn write_direct(
    w: &mut ClaimsWriter<'_, '_>,
    k: &Bound<'_, PyAny>,
    v: &Bound<'_, PyAny>,
    scratch: &mut Vec<u8>,
) -> PyResult<Result<(), Error>> {
    let name = k
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err("claim names must be str"))?
        .to_cow()?;
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(w.str(&name, &s.to_cow()?));
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(w.bool(&name, b.is_true()));
    }
    if v.cast::<PyInt>().is_ok()
        && let Ok(i) = v.extract::<i64>()
    {
        return Ok(w.int(&name, i));
    }
    if let Ok(l) = v.cast::<PyList>()
        && l.len() <= 8
    {
        // Only the items there are: indexing past the end would raise (and build) an
        // IndexError per missing slot.
        let n = l.len();
        let mut items: [Option<Bound<'_, PyAny>>; 8] = Default::default();
        for (slot, item) in items.iter_mut().zip(l.iter()) {
            *slot = Some(item);
        }
        let mut strs: [Cow<'_, str>; 8] = Default::default();
        let mut all = true;
        for (slot, item) in strs.iter_mut().zip(items.iter().take(n)) {
            match item.as_ref().map(|i| i.cast::<PyString>()) {
                Some(Ok(s)) => *slot = s.to_cow()?,
                _ => {
                    all = false;
                    break;
                }
            }
        }
        if all {
            let refs: [&str; 8] = std::array::from_fn(|i| strs.get(i).map_or("", |c| c.as_ref()));
            return Ok(w.str_array(&name, refs.get(..n).unwrap_or_default()));
        }
    }
    scratch.clear();
    write_py(v, Sep::Python, scratch)?;
    let json = std::str::from_utf8(scratch).map_err(|_| PyValueError::new_err("invalid UTF-8"))?;
    Ok(w.raw_json(&name, json))
}

fn str_list(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    strings(obj, "list").map_err(|_| PyTypeError::new_err("expected a str or a list of str"))
}

fn extra_claims(extra: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<(String, Claim)>> {
    match extra {
        None => Ok(Vec::new()),
        Some(d) => convert_claims(d),
    }
}

/// Runs `f` with the extra claims as the core's `(name, ClaimValue)` slice.
fn with_extra<T>(extra: &[(String, Claim)], f: impl FnOnce(&[(&str, ClaimValue<'_>)]) -> T) -> T {
    let arrays: Vec<Vec<&str>> = extra
        .iter()
        .map(|(_, v)| match v {
            Claim::StrArray(a) => a.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        })
        .collect();
    let values: Vec<(&str, ClaimValue<'_>)> = extra
        .iter()
        .zip(arrays.iter())
        .map(|((n, v), arr)| {
            let cv = match v {
                Claim::Str(s) => ClaimValue::Str(s),
                Claim::Int(i) => ClaimValue::Int(*i),
                Claim::Bool(b) => ClaimValue::Bool(*b),
                Claim::StrArray(_) => ClaimValue::StrArray(arr),
                Claim::Json(j) => ClaimValue::Json(j),
            };
            (n.as_str(), cv)
        })
        .collect();
    f(&values)
}

/// Mints an access (or refresh) token with idpyoidc's claim layout and order:
/// `scope, aud, jti, client_id, sub, [acr], [extra…], sid, token_class, iss, iat, exp`.
#[pyfunction]
#[pyo3(signature = (
    key, *, scope, aud, jti, client_id, sub, sid, iss, iat, exp, acr=None, extra=None,
    token_class="access_token", scope_as_string=true
))]
#[allow(clippy::too_many_arguments)]
pub fn mint_access_token(
    py: Python<'_>,
    key: &Bound<'_, SigningKey>,
    scope: &Bound<'_, PyAny>,
    aud: &Bound<'_, PyAny>,
    jti: &str,
    client_id: &str,
    sub: &str,
    sid: &str,
    iss: &str,
    iat: i64,
    exp: i64,
    acr: Option<&str>,
    extra: Option<&Bound<'_, PyDict>>,
    token_class: &str,
    scope_as_string: bool,
) -> PyResult<String> {
    let scope = scope_list(scope)?;
    let aud = str_list(Some(aud))?;
    let extra = extra_claims(extra)?;
    let scope_r = refs(&scope);
    let aud_r = refs(&aud);
    let room = token_room(1024 + json_len(&extra) + sid.len() + sub.len());
    with_extra(&extra, |extra| {
        let c = AccessTokenClaims {
            scope: &scope_r,
            scope_as_string,
            aud: &aud_r,
            jti,
            client_id,
            sub,
            acr,
            extra,
            sid,
            token_class,
            iss,
            iat,
            exp,
        };
        mint_into(py, key.get(), room, |k, out| {
            oxidc::jwt::mint_access_token(k, &c, out)
        })
    })
}

fn scope_list(scope: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    // A space-separated string or a list of scopes.
    if let Ok(s) = scope.cast::<PyString>() {
        return Ok(s
            .to_cow()?
            .split(' ')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect());
    }
    str_list(Some(scope))
}

/// Mints an ID token with idpyoidc's claim layout and order, computing `c_hash`/`at_hash` (with
/// the hash of the key's algorithm) when `code`/`access_token` are given.
#[pyfunction]
#[pyo3(signature = (
    key, *, sub, sid, iss, iat, exp, aud, scope=None, auth_time=None, acr=None, extra=None,
    jti=None, code=None, access_token=None, nonce=None
))]
#[allow(clippy::too_many_arguments)]
pub fn mint_id_token(
    py: Python<'_>,
    key: &Bound<'_, SigningKey>,
    sub: &str,
    sid: &str,
    iss: &str,
    iat: i64,
    exp: i64,
    aud: &Bound<'_, PyAny>,
    scope: Option<&Bound<'_, PyAny>>,
    auth_time: Option<i64>,
    acr: Option<&str>,
    extra: Option<&Bound<'_, PyDict>>,
    jti: Option<&str>,
    code: Option<&str>,
    access_token: Option<&str>,
    nonce: Option<&str>,
) -> PyResult<String> {
    let scope = match scope {
        Some(s) => scope_list(s)?,
        None => Vec::new(),
    };
    let aud = str_list(Some(aud))?;
    let extra = extra_claims(extra)?;
    let scope_r = refs(&scope);
    let aud_r = refs(&aud);
    let room = token_room(1024 + json_len(&extra) + sid.len() + sub.len());
    with_extra(&extra, |extra| {
        let c = IdTokenClaims {
            sub,
            sid,
            auth_time,
            acr,
            extra,
            scope: &scope_r,
            jti,
            code,
            access_token,
            nonce,
            iss,
            iat,
            exp,
            aud: &aud_r,
        };
        mint_into(py, key.get(), room, |k, out| {
            oxidc::jwt::mint_id_token(k, &c, out)
        })
    })
}

/// Signs an arbitrary payload as a compact JWS. `header` (a dict) is written compactly in its
/// order, as cryptojwt does; its `alg` must be the key's algorithm (the key decides). Without a
/// header: `{"alg","kid"?}`.
#[pyfunction]
#[pyo3(signature = (payload, key, *, header=None))]
pub fn sign_compact(
    py: Python<'_>,
    payload: &Bound<'_, PyAny>,
    key: &Bound<'_, SigningKey>,
    header: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    let key = key.get();
    let alg = key.inner.algorithm();
    let header_json: Vec<u8> = match header {
        Some(h) => {
            let mut out = Vec::with_capacity(128);
            write_py(h.as_any(), Sep::Compact, &mut out)?;
            out
        }
        None => {
            let mut h = format!(r#"{{"alg":"{}""#, alg.as_str()).into_bytes();
            if let Some(kid) = key.inner.kid() {
                let mut w = Vec::new();
                write_py(PyString::new(py, kid).as_any(), Sep::Compact, &mut w)?;
                h.extend_from_slice(b",\"kid\":");
                h.extend_from_slice(&w);
            }
            h.push(b'}');
            h
        }
    };
    // The header must parse and name the key's algorithm: the key pins it.
    let parsed = Header::parse(&header_json).or_raise(py)?;
    if parsed.alg() != alg {
        return Err(to_py(py, Error::AlgorithmMismatch));
    }
    let payload: Cow<'_, [u8]> = text_or_bytes(payload)?;
    let hlen = oxidc::b64::encoded_len(header_json.len());
    let plen = oxidc::b64::encoded_len(payload.len());
    let mut out = vec![0u8; hlen + 1 + plen + 1 + oxidc::b64::encoded_len(512)];
    let mut pos = oxidc::b64::encode(&header_json, &mut out).or_raise(py)?;
    put(&mut out, pos, b'.');
    pos += 1;
    pos += oxidc::b64::encode(&payload, out.get_mut(pos..).unwrap_or_default()).or_raise(py)?;
    let mut sig = [0u8; 512];
    let signing_input = out.get(..pos).unwrap_or_default();
    let asym = !alg.as_str().starts_with("HS");
    let n = if asym {
        py.detach(|| key.inner.sign(signing_input, &mut sig))
    } else {
        key.inner.sign(signing_input, &mut sig)
    }
    .or_raise(py)?;
    put(&mut out, pos, b'.');
    pos += 1;
    pos += oxidc::b64::encode(
        sig.get(..n).unwrap_or_default(),
        out.get_mut(pos..).unwrap_or_default(),
    )
    .or_raise(py)?;
    out.truncate(pos);
    String::from_utf8(out).map_err(|_| to_py(py, Error::InvalidUtf8))
}

fn put(out: &mut [u8], at: usize, b: u8) {
    if let Some(slot) = out.get_mut(at) {
        *slot = b;
    }
}

/// OIDC `at_hash`/`c_hash`: base64url of the left half of the hash of `value` with the hash of
/// `alg`.
#[pyfunction]
pub fn left_hash(py: Python<'_>, alg: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let a = parse_alg(py, alg)?;
    let v = text_or_bytes(value)?;
    Ok(oxidc::jwt::left_hash(a, &v).as_str().to_owned())
}
