//! Keys: `Jwk` (a verification key), `KeySet` (a JWK Set), `SigningKey` (a private key handle),
//! and key generation. Every key is parsed once by the core and kept parsed.

use crate::errors::OrRaise;
use crate::json::{json_input, object_to_py};
use oxidc::crypto::Ring;
use oxidc::jose::KeyKind;
use oxidc::json::Object;
use oxidc::{AlgSet, Algorithm, Error, KidForm};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use zeroize::Zeroizing;

/// The crypto provider of the Python package: ring (assembly-fast ECDSA/RSA/HMAC).
pub type P = Ring;

/// How many usable keys one `KeySet` holds. Real JWKS rotate 2–6 keys; idpyoidc's default key
/// jar has one key per algorithm family. Sixteen covers rotation overlap with room to spare while
/// keeping a set inline (the core's `KeySet` is fixed-capacity, without allocation).
pub const KEYSET_CAPACITY: usize = 16;

/// The core key set as the Python package uses it.
pub type CoreKeySet = oxidc::KeySet<P, KEYSET_CAPACITY>;

/// Public JWK members, the only ones ever exported.
const PUBLIC_MEMBERS: [&str; 10] = [
    "kty", "use", "key_ops", "alg", "kid", "crv", "x", "y", "n", "e",
];

pub fn parse_alg(py: Python<'_>, name: &str) -> PyResult<Algorithm> {
    Algorithm::from_name(name.as_bytes()).or_raise(py)
}

fn alg_set(py: Python<'_>, names: Option<Vec<String>>, default: AlgSet) -> PyResult<AlgSet> {
    let Some(names) = names else {
        return Ok(default);
    };
    let mut set = AlgSet::EMPTY;
    for n in names {
        set = set.union(AlgSet::only(parse_alg(py, &n)?));
    }
    Ok(set)
}

fn kind_name(k: KeyKind) -> &'static str {
    match k {
        KeyKind::Oct => "oct",
        KeyKind::EcP256 => "EC",
        KeyKind::Rsa => "RSA",
    }
}

fn kid_form(legacy: bool) -> KidForm {
    if legacy {
        KidForm::CryptojwtLegacy
    } else {
        KidForm::Rfc7638
    }
}

fn thumbprint_kid_of(
    py: Python<'_>,
    f: impl FnOnce(&mut [u8]) -> Result<usize, Error>,
) -> PyResult<String> {
    let mut buf = [0u8; 128];
    let n = f(&mut buf).or_raise(py)?;
    Ok(String::from_utf8_lossy(buf.get(..n).unwrap_or(&[])).into_owned())
}

/// The public members of a JWK JSON text, as a dict (private members never leave).
fn public_members<'py>(py: Python<'py>, json: &[u8]) -> PyResult<Bound<'py, PyDict>> {
    let obj = Object::parse(json).or_raise(py)?;
    let all = object_to_py(py, &obj)?;
    let out = PyDict::new(py);
    for name in PUBLIC_MEMBERS {
        if let Some(v) = all.get_item(name)? {
            out.set_item(name, v)?;
        }
    }
    Ok(out)
}

/// Where a key came from, kept to rebuild it (core keys are not `Clone`) and to export it.
enum Source {
    /// A JWK's JSON text (may hold private members: zeroized on drop).
    Jwk(Zeroizing<Vec<u8>>),
    /// Raw HMAC secret bytes.
    Hmac(Zeroizing<Vec<u8>>),
}

/// A verification key: one parsed JWK (EC P-256, RSA ≥ 2048 bits, or an HMAC secret).
#[pyclass(frozen, module = "oxidc._native")]
pub struct Jwk {
    pub(crate) inner: oxidc::Jwk<P>,
    source: Source,
    algs_override: Option<AlgSet>,
    kid_override: Option<String>,
}

impl Jwk {
    fn build(
        py: Python<'_>,
        source: &Source,
        algs: Option<AlgSet>,
        kid: Option<&str>,
    ) -> PyResult<oxidc::Jwk<P>> {
        let mut k = match source {
            Source::Jwk(json) => oxidc::Jwk::<P>::from_json(json.as_slice()).or_raise(py)?,
            Source::Hmac(secret) => {
                oxidc::Jwk::<P>::hmac(secret.as_slice(), algs.unwrap_or(AlgSet::HMAC))
                    .or_raise(py)?
            }
        };
        if let Some(kid) = kid {
            k = k.with_kid(kid).or_raise(py)?;
        }
        Ok(k)
    }

    /// A fresh core key equal to this one (to put into a set).
    pub(crate) fn rebuild(&self, py: Python<'_>) -> PyResult<oxidc::Jwk<P>> {
        Jwk::build(
            py,
            &self.source,
            self.algs_override,
            self.kid_override.as_deref(),
        )
    }
}

#[pymethods]
impl Jwk {
    /// Parses one JWK (a dict, or JSON text). Private members are ignored (except an `oct`
    /// key's `k`).
    #[new]
    #[pyo3(signature = (jwk, *, kid=None))]
    fn new(py: Python<'_>, jwk: &Bound<'_, PyAny>, kid: Option<String>) -> PyResult<Self> {
        let source = Source::Jwk(Zeroizing::new(json_input(jwk)?));
        let inner = Jwk::build(py, &source, None, kid.as_deref())?;
        Ok(Jwk {
            inner,
            source,
            algs_override: None,
            kid_override: kid,
        })
    }

    /// An HMAC key from raw secret bytes (a `str` is taken as its UTF-8 bytes, as cryptojwt does
    /// for client secrets). At least 16 bytes.
    #[staticmethod]
    #[pyo3(signature = (secret, *, algorithms=None, kid=None))]
    fn hmac(
        py: Python<'_>,
        secret: &Bound<'_, PyAny>,
        algorithms: Option<Vec<String>>,
        kid: Option<String>,
    ) -> PyResult<Self> {
        let bytes = Zeroizing::new(crate::json::text_or_bytes(secret)?.into_owned());
        let algs = alg_set(py, algorithms, AlgSet::HMAC)?;
        let source = Source::Hmac(bytes);
        let inner = Jwk::build(py, &source, Some(algs), kid.as_deref())?;
        Ok(Jwk {
            inner,
            source,
            algs_override: Some(algs),
            kid_override: kid,
        })
    }

    /// The key id, if any.
    #[getter]
    fn kid(&self) -> Option<&str> {
        self.inner.kid()
    }

    /// `"oct"`, `"EC"` or `"RSA"`.
    #[getter]
    fn kty(&self) -> &'static str {
        kind_name(self.inner.kind())
    }

    /// The algorithms this key verifies, e.g. `["ES256"]`.
    #[getter]
    fn algorithms(&self) -> Vec<&'static str> {
        self.inner
            .algorithms()
            .iter()
            .map(Algorithm::as_str)
            .collect()
    }

    /// Whether `use`/`key_ops` allow verification.
    #[getter]
    fn can_verify(&self) -> bool {
        self.inner.can_verify()
    }

    /// The RFC 7638 SHA-256 thumbprint (raw digest bytes).
    fn thumbprint<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.thumbprint().as_bytes())
    }

    /// The thumbprint kid: RFC 7638 (cryptojwt ≥ 1.10) or, with `legacy=True`, the
    /// double-encoded form of cryptojwt ≤ 1.9.
    #[pyo3(signature = (*, legacy=false))]
    fn thumbprint_kid(&self, py: Python<'_>, legacy: bool) -> PyResult<String> {
        thumbprint_kid_of(py, |b| self.inner.thumbprint_kid(kid_form(legacy), b))
    }

    /// The public members as a dict (`None` for an HMAC key, which has no public part).
    fn public_jwk<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        match (&self.source, self.inner.kind()) {
            (_, KeyKind::Oct) | (Source::Hmac(_), _) => Ok(None),
            (Source::Jwk(json), _) => {
                let d = public_members(py, json)?;
                if let Some(kid) = &self.kid_override {
                    d.set_item("kid", kid)?;
                }
                Ok(Some(d))
            }
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "Jwk(kty={:?}, kid={}, algorithms={:?})",
            self.kty(),
            py_opt(self.kid()),
            self.algorithms()
        )
    }
}

/// A JWK Set, parsed once, holding at most [`KEYSET_CAPACITY`] usable keys.
#[pyclass(frozen, module = "oxidc._native")]
pub struct KeySet {
    pub(crate) inner: Box<CoreKeySet>,
    /// Whether any key is asymmetric (then verification releases the GIL).
    pub(crate) asymmetric: bool,
}

impl KeySet {
    pub(crate) fn from_core(inner: Box<CoreKeySet>) -> Self {
        let asymmetric = inner.keys().any(|k| k.kind() != KeyKind::Oct);
        KeySet { inner, asymmetric }
    }
}

#[pymethods]
impl KeySet {
    /// A key set from a JWKS (`{"keys": [...]}` as dict or JSON text) or from a list of keys
    /// (`Jwk` objects or JWK dicts). Keys of unsupported types or curves, and keys for
    /// encryption, are skipped (see `skipped`).
    #[new]
    #[pyo3(signature = (keys=None))]
    fn new(py: Python<'_>, keys: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        match keys {
            None => Ok(KeySet::from_core(Box::default())),
            Some(k) if k.cast::<PyList>().is_ok() || k.cast::<pyo3::types::PyTuple>().is_ok() => {
                let mut set = Box::<CoreKeySet>::default();
                for item in k.try_iter()? {
                    let item = item?;
                    let key = if let Ok(j) = item.cast::<Jwk>() {
                        j.get().rebuild(py)?
                    } else {
                        let json = Zeroizing::new(json_input(&item)?);
                        oxidc::Jwk::<P>::from_json(&json).or_raise(py)?
                    };
                    set.push(key).or_raise(py)?;
                }
                Ok(KeySet::from_core(set))
            }
            Some(jwks) => {
                let json = Zeroizing::new(json_input(jwks)?);
                let set = CoreKeySet::from_jwks(&json).or_raise(py)?;
                Ok(KeySet::from_core(Box::new(set)))
            }
        }
    }

    /// Parses a JWKS (`{"keys": [...]}`), given as a dict or as JSON text.
    #[staticmethod]
    fn from_jwks(py: Python<'_>, jwks: &Bound<'_, PyAny>) -> PyResult<Self> {
        if jwks.cast::<PyList>().is_ok() {
            return Err(PyValueError::new_err(
                "from_jwks takes a JWKS object ({\"keys\": [...]}); use KeySet([...]) for a list",
            ));
        }
        KeySet::new(py, Some(jwks))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Key ids of the usable keys, in order (`None` for a key without kid).
    #[getter]
    fn kids(&self) -> Vec<Option<String>> {
        self.inner
            .keys()
            .map(|k| k.kid().map(str::to_owned))
            .collect()
    }

    /// Keys skipped while parsing (unsupported type or curve, or not for signatures).
    #[getter]
    fn skipped(&self) -> usize {
        self.inner.skipped()
    }

    fn __contains__(&self, kid: &str) -> bool {
        self.inner.find(kid).is_some()
    }

    /// RFC 7638 thumbprint kids of the usable keys, in order.
    #[pyo3(signature = (*, legacy=false))]
    fn thumbprint_kids(&self, py: Python<'_>, legacy: bool) -> PyResult<Vec<String>> {
        self.inner
            .keys()
            .map(|k| thumbprint_kid_of(py, |b| k.thumbprint_kid(kid_form(legacy), b)))
            .collect()
    }

    fn __repr__(&self) -> String {
        let kids: Vec<String> = self.inner.keys().map(|k| py_opt(k.kid())).collect();
        format!("KeySet(kids=[{}])", kids.join(", "))
    }
}

/// A private key parsed once into a signing handle, with the one algorithm it signs with.
#[pyclass(frozen, module = "oxidc._native")]
pub struct SigningKey {
    pub(crate) inner: oxidc::SigningKey<P>,
    source: Source,
}

impl SigningKey {
    fn build(
        py: Python<'_>,
        source: &Source,
        alg: Option<Algorithm>,
        kid: Option<&str>,
    ) -> PyResult<oxidc::SigningKey<P>> {
        let mut k = match source {
            Source::Jwk(json) => {
                let k = oxidc::SigningKey::<P>::from_jwk(json).or_raise(py)?;
                match alg {
                    Some(a) if a != k.algorithm() => k.with_algorithm(a).or_raise(py)?,
                    _ => k,
                }
            }
            Source::Hmac(secret) => {
                oxidc::SigningKey::<P>::hmac(secret, alg.unwrap_or(Algorithm::HS256))
                    .or_raise(py)?
            }
        };
        if let Some(kid) = kid {
            k = k.with_kid(kid).or_raise(py)?;
        }
        Ok(k)
    }

    fn from_source(
        py: Python<'_>,
        source: Source,
        alg: Option<&str>,
        kid: Option<&str>,
    ) -> PyResult<Self> {
        let alg = alg.map(|a| parse_alg(py, a)).transpose()?;
        let inner = SigningKey::build(py, &source, alg, kid)?;
        Ok(SigningKey { inner, source })
    }
}

fn random_bytes(n: usize) -> PyResult<Zeroizing<Vec<u8>>> {
    use ring::rand::SecureRandom;
    let mut b = Zeroizing::new(vec![0u8; n]);
    ring::rand::SystemRandom::new()
        .fill(&mut b)
        .map_err(|_| PyValueError::new_err("the system random source failed"))?;
    Ok(b)
}

fn b64(data: &[u8]) -> String {
    let mut buf = vec![0u8; oxidc::b64::encoded_len(data.len())];
    let n = oxidc::b64::encode(data, &mut buf).unwrap_or(0);
    buf.truncate(n);
    String::from_utf8(buf).unwrap_or_default()
}

/// A fresh P-256 private JWK (JSON text): `d` from the OS, `x`/`y` derived.
fn generate_ec_jwk() -> PyResult<Zeroizing<Vec<u8>>> {
    use p256::elliptic_curve::point::AffineCoordinates;
    loop {
        let d = random_bytes(32)?;
        // Rejection sampling: d must be in [1, n-1]; from_slice refuses 0 and values ≥ n.
        let Ok(secret) = p256::SecretKey::from_slice(&d) else {
            continue;
        };
        let public = secret.public_key();
        let point = public.as_affine();
        let (x, y) = (point.x(), point.y());
        let json = format!(
            r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}","d":"{}"}}"#,
            b64(&x),
            b64(&y),
            Zeroizing::new(b64(&d)).as_str()
        );
        return Ok(Zeroizing::new(json.into_bytes()));
    }
}

#[pymethods]
impl SigningKey {
    /// Parses a private JWK (dict or JSON text). The algorithm is `alg` if given, else the JWK's
    /// `alg`, else HS256/ES256/RS256 by key type; `kid` overrides the JWK's kid.
    #[new]
    #[pyo3(signature = (jwk, *, alg=None, kid=None))]
    fn new(
        py: Python<'_>,
        jwk: &Bound<'_, PyAny>,
        alg: Option<&str>,
        kid: Option<&str>,
    ) -> PyResult<Self> {
        let source = Source::Jwk(Zeroizing::new(json_input(jwk)?));
        SigningKey::from_source(py, source, alg, kid)
    }

    /// An HMAC signing key from raw secret bytes (a `str` is taken as its UTF-8 bytes).
    #[staticmethod]
    #[pyo3(signature = (secret, *, alg="HS256", kid=None))]
    fn hmac(
        py: Python<'_>,
        secret: &Bound<'_, PyAny>,
        alg: &str,
        kid: Option<&str>,
    ) -> PyResult<Self> {
        let bytes = Zeroizing::new(crate::json::text_or_bytes(secret)?.into_owned());
        SigningKey::from_source(py, Source::Hmac(bytes), Some(alg), kid)
    }

    /// Generates a new key: `ES256` (P-256) or `HS256`/`HS384`/`HS512` (a random secret as long as
    /// the hash). The kid defaults to the RFC 7638 thumbprint. RSA keys are generated by
    /// `oxidc.generate_rsa_key` (through the `cryptography` package).
    #[staticmethod]
    #[pyo3(signature = (alg="ES256", *, kid=None))]
    fn generate(py: Python<'_>, alg: &str, kid: Option<&str>) -> PyResult<Self> {
        let a = parse_alg(py, alg)?;
        let source = match a {
            Algorithm::ES256 => Source::Jwk(generate_ec_jwk()?),
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
                Source::Hmac(random_bytes(a.hash().output_len())?)
            }
            _ => return Err(crate::errors::to_py(py, Error::UnsupportedByProvider)),
        };
        let mut key = SigningKey::from_source(py, source, Some(alg), kid)?;
        if kid.is_none() {
            let with_kid = SigningKey::build(py, &key.source, Some(a), None)?
                .with_thumbprint_kid(KidForm::Rfc7638)
                .or_raise(py)?;
            key.inner = with_kid;
        }
        Ok(key)
    }

    /// The signing algorithm (`"ES256"`, …).
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.inner.algorithm().as_str()
    }

    /// The kid written into token headers, if any.
    #[getter]
    fn kid(&self) -> Option<&str> {
        self.inner.kid()
    }

    /// The same key with another kid.
    fn with_kid(&self, py: Python<'_>, kid: &str) -> PyResult<Self> {
        let source = self.source.duplicate();
        let inner = SigningKey::build(py, &source, Some(self.inner.algorithm()), Some(kid))?;
        Ok(SigningKey { inner, source })
    }

    /// The same key signing with another algorithm of its family (e.g. PS256 for RSA).
    fn with_algorithm(&self, py: Python<'_>, alg: &str) -> PyResult<Self> {
        let source = self.source.duplicate();
        let a = parse_alg(py, alg)?;
        let kid = self.inner.kid().map(str::to_owned);
        let inner = SigningKey::build(py, &source, Some(a), kid.as_deref())?;
        Ok(SigningKey { inner, source })
    }

    /// The thumbprint kid of the public key (RFC 7638, or cryptojwt ≤ 1.9's with `legacy=True`).
    #[pyo3(signature = (*, legacy=false))]
    fn thumbprint_kid(&self, py: Python<'_>, legacy: bool) -> PyResult<String> {
        thumbprint_kid_of(py, |b| self.inner.thumbprint().kid(kid_form(legacy), b))
    }

    /// The public JWK as a dict (with this key's kid and alg), or `None` for HMAC keys.
    fn public_jwk<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        match &self.source {
            Source::Hmac(_) => Ok(None),
            Source::Jwk(json) => {
                let d = public_members(py, json)?;
                if d.get_item("kty")?
                    .is_some_and(|k| k.eq("oct").unwrap_or(false))
                {
                    return Ok(None);
                }
                match self.inner.kid() {
                    Some(kid) => d.set_item("kid", kid)?,
                    None => {
                        if d.contains("kid")? {
                            d.del_item("kid")?;
                        }
                    }
                }
                d.set_item("alg", self.inner.algorithm().as_str())?;
                Ok(Some(d))
            }
        }
    }

    /// The private JWK as a dict (to store a generated key). Handle the result as a secret.
    fn private_jwk<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = match &self.source {
            Source::Hmac(secret) => {
                let d = PyDict::new(py);
                d.set_item("kty", "oct")?;
                d.set_item("k", PyString::new(py, &Zeroizing::new(b64(secret))))?;
                d
            }
            Source::Jwk(json) => {
                let obj = Object::parse(json).or_raise(py)?;
                object_to_py(py, &obj)?
            }
        };
        if let Some(kid) = self.inner.kid() {
            d.set_item("kid", kid)?;
        }
        d.set_item("alg", self.inner.algorithm().as_str())?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "SigningKey(algorithm={:?}, kid={})",
            self.algorithm(),
            py_opt(self.kid())
        )
    }
}

impl Source {
    fn duplicate(&self) -> Source {
        match self {
            Source::Jwk(j) => Source::Jwk(Zeroizing::new(j.to_vec())),
            Source::Hmac(s) => Source::Hmac(Zeroizing::new(s.to_vec())),
        }
    }
}

/// `repr()` of an optional string, Python style.
fn py_opt(s: Option<&str>) -> String {
    match s {
        Some(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        None => "None".to_owned(),
    }
}
