//! Keys: verification key sets (from JWKS JSON or a client secret), single JWKs, signing keys.
//! All are immutable objects behind `Arc`, safe to share between threads.

use std::sync::Arc;

use crate::P;
use crate::error::KeyParseError;

/// How many usable keys a [`KeySet`] holds. A JWKS with more usable keys than this is
/// `TooManyKeys` (the core's parse bound, `MAX_JWKS_KEYS`, is larger; OPs publish a handful).
pub const KEYSET_CAPACITY: usize = 16;

pub(crate) type CoreKeySet = oxidc::KeySet<P, KEYSET_CAPACITY>;

/// A JWS algorithm (RFC 7518 §3.1). There is no `none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
#[allow(clippy::upper_case_acronyms)]
pub enum Algorithm {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// ECDSA P-256 with SHA-256.
    ES256,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256.
    PS256,
    /// RSASSA-PSS with SHA-384.
    PS384,
    /// RSASSA-PSS with SHA-512.
    PS512,
}

impl From<Algorithm> for oxidc::Algorithm {
    fn from(a: Algorithm) -> Self {
        use oxidc::Algorithm as A;
        match a {
            Algorithm::HS256 => A::HS256,
            Algorithm::HS384 => A::HS384,
            Algorithm::HS512 => A::HS512,
            Algorithm::ES256 => A::ES256,
            Algorithm::RS256 => A::RS256,
            Algorithm::RS384 => A::RS384,
            Algorithm::RS512 => A::RS512,
            Algorithm::PS256 => A::PS256,
            Algorithm::PS384 => A::PS384,
            Algorithm::PS512 => A::PS512,
        }
    }
}

impl From<oxidc::Algorithm> for Algorithm {
    fn from(a: oxidc::Algorithm) -> Self {
        use oxidc::Algorithm as A;
        match a {
            A::HS256 => Algorithm::HS256,
            A::HS384 => Algorithm::HS384,
            A::HS512 => Algorithm::HS512,
            A::ES256 => Algorithm::ES256,
            A::RS256 => Algorithm::RS256,
            A::RS384 => Algorithm::RS384,
            A::RS512 => Algorithm::RS512,
            A::PS256 => Algorithm::PS256,
            A::PS384 => Algorithm::PS384,
            A::PS512 => Algorithm::PS512,
        }
    }
}

/// The JOSE name of an algorithm (`"ES256"`).
#[uniffi::export]
pub fn algorithm_name(algorithm: Algorithm) -> String {
    oxidc::Algorithm::from(algorithm).as_str().to_owned()
}

/// Which form of key id a thumbprint is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum KidForm {
    /// RFC 7638 SHA-256 thumbprint, base64url (cryptojwt ≥ 1.10; 43 characters).
    Rfc7638,
    /// cryptojwt ≤ 1.9 kids: base64url of the thumbprint text (58 characters).
    CryptojwtLegacy,
}

impl From<KidForm> for oxidc::KidForm {
    fn from(f: KidForm) -> Self {
        match f {
            KidForm::Rfc7638 => oxidc::KidForm::Rfc7638,
            KidForm::CryptojwtLegacy => oxidc::KidForm::CryptojwtLegacy,
        }
    }
}

fn kid_text(
    write: impl FnOnce(&mut [u8]) -> Result<usize, oxidc::Error>,
) -> Result<String, KeyParseError> {
    let mut buf = [0u8; 64];
    let n = write(&mut buf)?;
    let text = buf.get(..n).ok_or(oxidc::Error::BufferTooSmall)?;
    Ok(String::from_utf8_lossy(text).into_owned())
}

/// A set of verification keys: an OP's JWKS (`jwks_uri`), or a client secret for HMAC-signed
/// ID tokens. Parse once, share, replace it when the OP rotates keys (`UnknownKey` says so).
#[derive(uniffi::Object)]
pub struct KeySet {
    pub(crate) inner: Box<CoreKeySet>,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

#[uniffi::export]
impl KeySet {
    /// Parses a JWK Set (`{"keys": [...]}`, RFC 7517 §5). Keys of unsupported types or curves
    /// and encryption keys are skipped (see `skipped`); any other malformed key fails the set.
    #[uniffi::constructor]
    pub fn from_jwks(jwks: String) -> Result<Arc<Self>, KeyParseError> {
        Ok(Arc::new(KeySet {
            inner: Box::new(CoreKeySet::from_jwks(jwks.as_bytes())?),
        }))
    }

    /// A set holding one HMAC key made from a client secret (for HS-signed ID tokens,
    /// OIDC Core §10.1), allowing only `algorithm`.
    #[uniffi::constructor]
    pub fn from_client_secret(
        secret: Vec<u8>,
        algorithm: Algorithm,
    ) -> Result<Arc<Self>, KeyParseError> {
        let key = oxidc::Jwk::<P>::hmac(&secret, oxidc::AlgSet::only(algorithm.into()))?;
        let mut set = Box::new(CoreKeySet::new());
        set.push(key)?;
        Ok(Arc::new(KeySet { inner: set }))
    }

    /// Number of usable keys.
    pub fn count(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// Keys skipped while parsing (unsupported type or curve, or not for signatures).
    pub fn skipped(&self) -> u32 {
        u32::try_from(self.inner.skipped()).unwrap_or(u32::MAX)
    }

    /// The key ids of the usable keys, in document order (keys without a kid are left out).
    pub fn kids(&self) -> Vec<String> {
        self.inner
            .keys()
            .filter_map(|k| k.kid().map(str::to_owned))
            .collect()
    }
}

/// One verification key (a public JWK, or an HMAC secret).
#[derive(uniffi::Object)]
pub struct Jwk {
    pub(crate) inner: oxidc::Jwk<P>,
}

impl std::fmt::Debug for Jwk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

#[uniffi::export]
impl Jwk {
    /// Parses one JWK (RFC 7517). Private members other than an `oct` key's `k` are ignored.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, KeyParseError> {
        Ok(Arc::new(Jwk {
            inner: oxidc::Jwk::from_json(json.as_bytes())?,
        }))
    }

    /// An HMAC verification key from secret bytes, allowing only `algorithm`.
    #[uniffi::constructor]
    pub fn hmac(secret: Vec<u8>, algorithm: Algorithm) -> Result<Arc<Self>, KeyParseError> {
        Ok(Arc::new(Jwk {
            inner: oxidc::Jwk::hmac(&secret, oxidc::AlgSet::only(algorithm.into()))?,
        }))
    }

    /// The key id, if any.
    pub fn kid(&self) -> Option<String> {
        self.inner.kid().map(str::to_owned)
    }

    /// The algorithms this key verifies.
    pub fn algorithms(&self) -> Vec<Algorithm> {
        self.inner
            .algorithms()
            .iter()
            .map(Algorithm::from)
            .collect()
    }

    /// The key's thumbprint as a key id: RFC 7638 unless another form is asked for.
    #[uniffi::method(default(form = None))]
    pub fn thumbprint(&self, form: Option<KidForm>) -> Result<String, KeyParseError> {
        let form = form.unwrap_or(KidForm::Rfc7638).into();
        kid_text(|buf| self.inner.thumbprint_kid(form, buf))
    }
}

/// A private key for signing: a private JWK (EC P-256, RSA, `oct`) or a client secret.
#[derive(uniffi::Object)]
pub struct SigningKey {
    pub(crate) inner: oxidc::SigningKey<P>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

fn with_options(
    mut key: oxidc::SigningKey<P>,
    algorithm: Option<Algorithm>,
    kid: Option<String>,
) -> Result<oxidc::SigningKey<P>, KeyParseError> {
    if let Some(alg) = algorithm {
        key = key.with_algorithm(alg.into())?;
    }
    if let Some(kid) = kid {
        key = key.with_kid(&kid)?;
    }
    Ok(key)
}

#[uniffi::export]
impl SigningKey {
    /// Parses a private JWK. The algorithm is `algorithm` if given (same key family), else the
    /// JWK's `alg`, else HS256 / ES256 / RS256 by key type; `kid` replaces the JWK's kid.
    #[uniffi::constructor(default(algorithm = None, kid = None))]
    pub fn from_jwk(
        json: String,
        algorithm: Option<Algorithm>,
        kid: Option<String>,
    ) -> Result<Arc<Self>, KeyParseError> {
        let key = oxidc::SigningKey::from_jwk(json.as_bytes())?;
        Ok(Arc::new(SigningKey {
            inner: with_options(key, algorithm, kid)?,
        }))
    }

    /// An HMAC signing key from a client secret (for `client_secret_jwt`, RFC 7523; at least
    /// 16 bytes).
    #[uniffi::constructor(default(kid = None))]
    pub fn from_client_secret(
        secret: Vec<u8>,
        algorithm: Algorithm,
        kid: Option<String>,
    ) -> Result<Arc<Self>, KeyParseError> {
        let key = oxidc::SigningKey::hmac(&secret, algorithm.into())?;
        Ok(Arc::new(SigningKey {
            inner: with_options(key, None, kid)?,
        }))
    }

    /// The algorithm this key signs with.
    pub fn algorithm(&self) -> Algorithm {
        self.inner.algorithm().into()
    }

    /// The key id written into token headers, if any.
    pub fn kid(&self) -> Option<String> {
        self.inner.kid().map(str::to_owned)
    }

    /// The public key's thumbprint as a key id: RFC 7638 unless another form is asked for.
    #[uniffi::method(default(form = None))]
    pub fn thumbprint(&self, form: Option<KidForm>) -> Result<String, KeyParseError> {
        let form = form.unwrap_or(KidForm::Rfc7638).into();
        kid_text(|buf| self.inner.thumbprint().kid(form, buf))
    }
}
