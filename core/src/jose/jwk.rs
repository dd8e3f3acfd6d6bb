//! JWKs (RFC 7517/7518 §6) and JWK Sets, parsed once into provider key handles.

use super::alg::{AlgSet, Algorithm, Family};
use super::secret::Secret;
use super::thumbprint::{KidForm, Thumbprint, ThumbprintInput};
use crate::Error;
use crate::b64;
use crate::crypto::{DefaultProvider, Provider, RsaPrivateParts};
use crate::json::{JsonStr, KEY_LEN, Object, Value};
use crate::limits::{
    MAX_HMAC_KEY_LEN, MAX_JWKS_KEYS, MAX_KID_LEN, MAX_RSA_MODULUS_LEN, MIN_HMAC_KEY_LEN,
};
use zeroize::Zeroize;

/// A key id, held inline (at most [`MAX_KID_LEN`] bytes). Compared byte for byte.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Kid {
    bytes: [u8; MAX_KID_LEN],
    len: usize,
}

impl Kid {
    /// Wraps `kid`; longer than [`MAX_KID_LEN`] is [`Error::ValueTooLong`].
    pub fn new(kid: &str) -> Result<Kid, Error> {
        let mut k = Kid {
            bytes: [0; MAX_KID_LEN],
            len: kid.len(),
        };
        k.bytes
            .get_mut(..kid.len())
            .ok_or(Error::ValueTooLong)?
            .copy_from_slice(kid.as_bytes());
        Ok(k)
    }

    fn from_json(s: &JsonStr<'_>) -> Result<Kid, Error> {
        let mut k = Kid {
            bytes: [0; MAX_KID_LEN],
            len: 0,
        };
        let n = s
            .decode_into(&mut k.bytes)
            .map_err(|_| Error::ValueTooLong)?
            .len();
        k.len = n;
        Ok(k)
    }

    /// The kid text.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.bytes.get(..self.len).unwrap_or(&[])).unwrap_or("")
    }

    /// Whether this kid equals a (possibly escaped) JSON string.
    pub(crate) fn eq_json(&self, s: &JsonStr<'_>) -> bool {
        s.eq_str(self.as_str())
    }
}

impl core::fmt::Debug for Kid {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Kid({:?})", self.as_str())
    }
}

/// The key type of a JWK.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// `oct`: a symmetric (HMAC) key.
    Oct,
    /// `EC` on P-256.
    EcP256,
    /// `RSA`.
    Rsa,
}

#[allow(
    clippy::large_enum_variant,
    reason = "keys are stored inline (no allocator); the size difference between variants is the point"
)]
enum Material<P: Provider> {
    Oct(P::HmacKey),
    Ec { public: P::EcPublic },
    Rsa { public: P::RsaPublic },
}

/// A verification key: a parsed JWK with the algorithms it allows, its usage and its kid.
pub struct Jwk<P: Provider = DefaultProvider> {
    kid: Option<Kid>,
    algs: AlgSet,
    can_verify: bool,
    can_sign: bool,
    thumbprint: Thumbprint,
    material: Material<P>,
}

impl<P: Provider> core::fmt::Debug for Jwk<P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Jwk")
            .field("kind", &self.kind())
            .field("kid", &self.kid)
            .field("algs", &self.algs)
            .field("thumbprint", &self.thumbprint)
            .finish_non_exhaustive()
    }
}

// Bits for the members we interpret, to reject duplicates of them.
const M_KTY: u32 = 1;
const M_KID: u32 = 1 << 1;
const M_ALG: u32 = 1 << 2;
const M_USE: u32 = 1 << 3;
const M_OPS: u32 = 1 << 4;
const M_CRV: u32 = 1 << 5;
const M_X: u32 = 1 << 6;
const M_Y: u32 = 1 << 7;
const M_D: u32 = 1 << 8;
const M_N: u32 = 1 << 9;
const M_E: u32 = 1 << 10;
const M_K: u32 = 1 << 11;
const M_P: u32 = 1 << 12;
const M_Q: u32 = 1 << 13;
const M_DP: u32 = 1 << 14;
const M_DQ: u32 = 1 << 15;
const M_QI: u32 = 1 << 16;

/// The members of one JWK object, borrowed.
#[derive(Default)]
struct Members<'a> {
    kty: Option<JsonStr<'a>>,
    kid: Option<JsonStr<'a>>,
    alg: Option<JsonStr<'a>>,
    use_: Option<JsonStr<'a>>,
    key_ops: Option<crate::json::Array<'a>>,
    crv: Option<JsonStr<'a>>,
    x: Option<JsonStr<'a>>,
    y: Option<JsonStr<'a>>,
    d: Option<JsonStr<'a>>,
    n: Option<JsonStr<'a>>,
    e: Option<JsonStr<'a>>,
    k: Option<JsonStr<'a>>,
    p: Option<JsonStr<'a>>,
    q: Option<JsonStr<'a>>,
    dp: Option<JsonStr<'a>>,
    dq: Option<JsonStr<'a>>,
    qi: Option<JsonStr<'a>>,
}

fn string<'a>(v: &Value<'a>) -> Result<JsonStr<'a>, Error> {
    v.as_json_str().ok_or(Error::InvalidKey)
}

impl<'a> Members<'a> {
    fn read(obj: &Object<'a>) -> Result<Self, Error> {
        let mut m = Members::default();
        let mut seen = 0u32;
        let mut it = obj.members();
        while let Some(member) = it.next_member()? {
            let mut kb = [0u8; KEY_LEN];
            let name = member.name.key(&mut kb);
            let (bit, slot): (u32, Option<&mut Option<JsonStr<'a>>>) = match name {
                b"kty" => (M_KTY, Some(&mut m.kty)),
                b"kid" => (M_KID, Some(&mut m.kid)),
                b"alg" => (M_ALG, Some(&mut m.alg)),
                b"use" => (M_USE, Some(&mut m.use_)),
                b"key_ops" => (M_OPS, None),
                b"crv" => (M_CRV, Some(&mut m.crv)),
                b"x" => (M_X, Some(&mut m.x)),
                b"y" => (M_Y, Some(&mut m.y)),
                b"d" => (M_D, Some(&mut m.d)),
                b"n" => (M_N, Some(&mut m.n)),
                b"e" => (M_E, Some(&mut m.e)),
                b"k" => (M_K, Some(&mut m.k)),
                b"p" => (M_P, Some(&mut m.p)),
                b"q" => (M_Q, Some(&mut m.q)),
                b"dp" => (M_DP, Some(&mut m.dp)),
                b"dq" => (M_DQ, Some(&mut m.dq)),
                b"qi" => (M_QI, Some(&mut m.qi)),
                _ => continue,
            };
            if seen & bit != 0 {
                return Err(Error::DuplicateMember);
            }
            seen |= bit;
            match slot {
                Some(s) => *s = Some(string(&member.value)?),
                None => m.key_ops = Some(member.value.as_array().ok_or(Error::InvalidKey)?),
            }
        }
        Ok(m)
    }

    fn kind(&self) -> Result<KeyKind, Error> {
        let kty = self.kty.ok_or(Error::MissingKeyMember)?;
        match kty.raw() {
            b"oct" => Ok(KeyKind::Oct),
            b"RSA" => Ok(KeyKind::Rsa),
            b"EC" => match self.crv.ok_or(Error::MissingKeyMember)?.raw() {
                b"P-256" => Ok(KeyKind::EcP256),
                _ => Err(Error::UnsupportedCurve),
            },
            _ => Err(Error::UnsupportedKeyType),
        }
    }

    /// Algorithms the key allows: its pinned `alg` (if compatible with its type) or its family.
    fn algs(&self, kind: KeyKind) -> AlgSet {
        let family = match kind {
            KeyKind::Oct => AlgSet::HMAC,
            KeyKind::EcP256 => AlgSet::EC_P256,
            KeyKind::Rsa => AlgSet::RSA,
        };
        match self.alg {
            None => family,
            // An `alg` we do not implement or that contradicts the key type leaves the key
            // unusable rather than failing the whole set (RFC 7517 §4.4).
            Some(a) => match Algorithm::from_name(a.raw()) {
                Ok(alg) => family.intersect(AlgSet::only(alg)),
                Err(_) => AlgSet::EMPTY,
            },
        }
    }

    /// (may verify, may sign) from `use` and `key_ops` (RFC 7517 §4.2–4.3).
    fn usage(&self) -> Result<(bool, bool), Error> {
        let (mut verify, mut sign) = match self.use_ {
            None => (true, true),
            Some(u) if u.raw() == b"sig" => (true, true),
            Some(_) => (false, false),
        };
        if let Some(ops) = self.key_ops {
            let (mut v, mut s) = (false, false);
            let mut it = ops.iter();
            while let Some(op) = it.next_value()? {
                match op.as_json_str().ok_or(Error::InvalidKey)?.raw() {
                    b"verify" => v = true,
                    b"sign" => s = true,
                    _ => {}
                }
            }
            verify &= v;
            sign &= s;
        }
        Ok((verify, sign))
    }

    fn kid(&self) -> Result<Option<Kid>, Error> {
        self.kid.as_ref().map(Kid::from_json).transpose()
    }
}

fn coord(s: Option<JsonStr<'_>>) -> Result<[u8; 32], Error> {
    let s = s.ok_or(Error::MissingKeyMember)?;
    let mut out = [0u8; 32];
    let mut tmp = [0u8; 33];
    let n = b64::decode_secret(s.raw(), &mut tmp)
        .map_err(|_| Error::InvalidKey)?
        .len();
    // RFC 7518 §6.2.1.2: coordinates are exactly the field size.
    if n != 32 {
        tmp.zeroize();
        return Err(Error::InvalidKey);
    }
    out.copy_from_slice(tmp.get(..32).ok_or(Error::InvalidKey)?);
    tmp.zeroize();
    Ok(out)
}

fn big<'o>(s: Option<JsonStr<'_>>, out: &'o mut [u8]) -> Result<&'o [u8], Error> {
    let s = s.ok_or(Error::MissingKeyMember)?;
    match b64::decode_secret(s.raw(), out) {
        Ok(v) if !v.is_empty() => Ok(v),
        Ok(_) => Err(Error::InvalidKey),
        Err(Error::BufferTooSmall) => Err(Error::ValueTooLong),
        Err(_) => Err(Error::InvalidKey),
    }
}

fn strip_leading_zeros(b: &[u8]) -> &[u8] {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b.get(first..).unwrap_or(&[])
}

fn oct_secret(k: Option<JsonStr<'_>>) -> Result<Secret<MAX_HMAC_KEY_LEN>, Error> {
    let k = k.ok_or(Error::MissingKeyMember)?;
    let secret = Secret::fill_with(|buf| match b64::decode_secret(k.raw(), buf) {
        Ok(v) => Ok(v.len()),
        Err(Error::BufferTooSmall) => Err(Error::ValueTooLong),
        Err(_) => Err(Error::InvalidKey),
    })?;
    if secret.len() < MIN_HMAC_KEY_LEN {
        return Err(Error::KeyTooShort);
    }
    Ok(secret)
}

impl<P: Provider> Jwk<P> {
    /// Parses one JWK from JSON. Private members are ignored except an `oct` key's `k`.
    pub fn from_json(json: &[u8]) -> Result<Self, Error> {
        Self::from_object(&Object::parse(json)?)
    }

    fn from_object(obj: &Object<'_>) -> Result<Self, Error> {
        let m = Members::read(obj)?;
        let kind = m.kind()?;
        let (can_verify, can_sign) = m.usage()?;
        let kid = m.kid()?;
        let algs = m.algs(kind);
        let (material, thumbprint) = match kind {
            KeyKind::Oct => {
                let secret = oct_secret(m.k)?;
                let t = ThumbprintInput::Oct { k: secret.expose() }.sha256()?;
                (Material::Oct(P::hmac_key(secret.expose())?), t)
            }
            KeyKind::EcP256 => {
                let (x, y) = (coord(m.x)?, coord(m.y)?);
                let public = P::ec_public(&x, &y)?;
                let t = ThumbprintInput::Ec { x: &x, y: &y }.sha256()?;
                (Material::Ec { public }, t)
            }
            KeyKind::Rsa => {
                let (public, t) = rsa_public::<P>(&m)?;
                (Material::Rsa { public }, t)
            }
        };
        Ok(Jwk {
            kid,
            algs,
            can_verify,
            can_sign,
            thumbprint,
            material,
        })
    }

    /// An HMAC verification key from raw secret bytes (e.g. a client secret), allowing `algs`.
    pub fn hmac(secret: &[u8], algs: AlgSet) -> Result<Self, Error> {
        if secret.len() < MIN_HMAC_KEY_LEN {
            return Err(Error::KeyTooShort);
        }
        let secret = Secret::<MAX_HMAC_KEY_LEN>::new(secret)?;
        let thumbprint = ThumbprintInput::Oct { k: secret.expose() }.sha256()?;
        Ok(Jwk {
            kid: None,
            algs: algs.intersect(AlgSet::HMAC),
            can_verify: true,
            can_sign: true,
            thumbprint,
            material: Material::Oct(P::hmac_key(secret.expose())?),
        })
    }

    /// Sets (or replaces) the key id.
    pub fn with_kid(mut self, kid: &str) -> Result<Self, Error> {
        self.kid = Some(Kid::new(kid)?);
        Ok(self)
    }

    /// The key id, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_ref().map(Kid::as_str)
    }

    /// The algorithms this key accepts.
    pub fn algorithms(&self) -> AlgSet {
        self.algs
    }

    /// The key type.
    pub fn kind(&self) -> KeyKind {
        match self.material {
            Material::Oct(_) => KeyKind::Oct,
            Material::Ec { .. } => KeyKind::EcP256,
            Material::Rsa { .. } => KeyKind::Rsa,
        }
    }

    /// The RFC 7638 SHA-256 thumbprint.
    pub fn thumbprint(&self) -> &Thumbprint {
        &self.thumbprint
    }

    /// Writes the cryptojwt kid of this key (either form) into `out`.
    pub fn thumbprint_kid(&self, form: KidForm, out: &mut [u8]) -> Result<usize, Error> {
        self.thumbprint.kid(form, out)
    }

    /// Whether `use`/`key_ops` allow verification.
    pub fn can_verify(&self) -> bool {
        self.can_verify
    }

    /// Whether `use`/`key_ops` allow signing.
    pub fn can_sign(&self) -> bool {
        self.can_sign
    }

    pub(crate) fn matches_kid(&self, kid: &JsonStr<'_>) -> bool {
        self.kid.as_ref().is_some_and(|k| k.eq_json(kid))
    }

    /// Checks `sig` over `msg` with `alg`, which this key must allow (the key pins the
    /// algorithm; the token header only names it).
    pub fn verify(&self, alg: Algorithm, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        if !self.algs.contains(alg) {
            return Err(Error::AlgorithmMismatch);
        }
        if !self.can_verify {
            return Err(Error::KeyUseMismatch);
        }
        if !alg.hash().is_available() {
            return Err(Error::UnsupportedByProvider);
        }
        let ok = match (alg.family(), &self.material) {
            (Family::Hmac(h), Material::Oct(s)) => P::hmac_verify(h, s, msg, sig),
            (Family::Ec, Material::Ec { public }) => P::ec_verify(public, msg, sig),
            (Family::Rsa(pad, h), Material::Rsa { public }) => {
                P::rsa_verify(public, pad, h, msg, sig)?
            }
            _ => return Err(Error::AlgorithmMismatch),
        };
        if ok { Ok(()) } else { Err(Error::BadSignature) }
    }
}

/// A fixed-capacity JWK Set (at most `N` usable keys), parsed once and reused.
pub struct KeySet<P: Provider = DefaultProvider, const N: usize = 8> {
    keys: [Option<Jwk<P>>; N],
    len: usize,
    skipped: usize,
}

impl<P: Provider, const N: usize> core::fmt::Debug for KeySet<P, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.keys()).finish()
    }
}

impl<P: Provider, const N: usize> Default for KeySet<P, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<P: Provider, const N: usize> KeySet<P, N> {
    /// An empty set.
    pub fn new() -> Self {
        KeySet {
            keys: [const { None }; N],
            len: 0,
            skipped: 0,
        }
    }

    /// Parses a JWK Set (`{"keys": [...]}`, RFC 7517 §5). Keys of a type or curve this library
    /// does not implement are skipped (RFC 7517 §5 says to ignore them) and counted in
    /// [`KeySet::skipped`]; keys for encryption (`use: enc`) are skipped too. Any other
    /// malformed key fails the whole set.
    pub fn from_jwks(json: &[u8]) -> Result<Self, Error> {
        let obj = Object::parse(json)?;
        let keys = obj
            .get("keys")
            .ok_or(Error::MissingKeyMember)?
            .as_array()
            .ok_or(Error::InvalidKey)?;
        let mut set = Self::new();
        let mut it = keys.iter();
        let mut seen = 0usize;
        while let Some(v) = it.next_value()? {
            seen += 1;
            if seen > MAX_JWKS_KEYS {
                return Err(Error::TooManyKeys);
            }
            let key_obj = v.as_object().ok_or(Error::InvalidKey)?;
            match Jwk::from_object(&key_obj) {
                Ok(k) if k.can_verify => set.push(k)?,
                Ok(_) | Err(Error::UnsupportedKeyType | Error::UnsupportedCurve) => {
                    set.skipped += 1
                }
                Err(e) => return Err(e),
            }
        }
        Ok(set)
    }

    /// Adds a key; more than `N` is [`Error::TooManyKeys`].
    pub fn push(&mut self, key: Jwk<P>) -> Result<(), Error> {
        let slot = self.keys.get_mut(self.len).ok_or(Error::TooManyKeys)?;
        *slot = Some(key);
        self.len += 1;
        Ok(())
    }

    /// The usable keys, in document order.
    pub fn keys(&self) -> impl Iterator<Item = &Jwk<P>> {
        self.keys.iter().flatten()
    }

    /// Number of usable keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the set holds no usable key.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Keys skipped while parsing (unsupported type or curve, or not for signatures).
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The first key with this kid.
    pub fn find(&self, kid: &str) -> Option<&Jwk<P>> {
        self.keys().find(|k| k.kid() == Some(kid))
    }
}

#[allow(
    clippy::large_enum_variant,
    reason = "signing keys are stored inline (no allocator), like verification keys"
)]
enum SigningMaterial<P: Provider> {
    Hmac(P::HmacKey),
    Ec(P::EcPrivate),
    Rsa(P::RsaPrivate),
}

/// A private key parsed once into a signing handle, with the one algorithm it signs with.
pub struct SigningKey<P: Provider = DefaultProvider> {
    alg: Algorithm,
    kid: Option<Kid>,
    thumbprint: Thumbprint,
    material: SigningMaterial<P>,
}

impl<P: Provider> core::fmt::Debug for SigningKey<P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SigningKey")
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .field("thumbprint", &self.thumbprint)
            .finish_non_exhaustive()
    }
}

impl<P: Provider> SigningKey<P> {
    /// Parses a private JWK. The algorithm is the JWK's `alg`, else HS256 / ES256 / RS256 by
    /// key type.
    pub fn from_jwk(json: &[u8]) -> Result<Self, Error> {
        let obj = Object::parse(json)?;
        let m = Members::read(&obj)?;
        let kind = m.kind()?;
        let (_, can_sign) = m.usage()?;
        if !can_sign {
            return Err(Error::KeyUseMismatch);
        }
        let algs = m.algs(kind);
        let alg = match (m.alg, kind) {
            (Some(_), _) => algs.first().ok_or(Error::AlgorithmMismatch)?,
            (None, KeyKind::Oct) => Algorithm::HS256,
            (None, KeyKind::EcP256) => Algorithm::ES256,
            (None, KeyKind::Rsa) => Algorithm::RS256,
        };
        let kid = m.kid()?;
        let (material, thumbprint) = match kind {
            KeyKind::Oct => {
                let secret = oct_secret(m.k)?;
                let t = ThumbprintInput::Oct { k: secret.expose() }.sha256()?;
                (SigningMaterial::Hmac(P::hmac_key(secret.expose())?), t)
            }
            KeyKind::EcP256 => {
                let (x, y) = (coord(m.x)?, coord(m.y)?);
                if m.d.is_none() {
                    return Err(Error::NotAPrivateKey);
                }
                let mut d = coord(m.d)?;
                let key = P::ec_private(&d, &x, &y);
                d.zeroize();
                let t = ThumbprintInput::Ec { x: &x, y: &y }.sha256()?;
                (SigningMaterial::Ec(key?), t)
            }
            KeyKind::Rsa => {
                if m.d.is_none() {
                    return Err(Error::NotAPrivateKey);
                }
                if !P::HAS_RSA {
                    return Err(Error::UnsupportedByProvider);
                }
                let (key, t) = rsa_private::<P>(&m)?;
                (SigningMaterial::Rsa(key), t)
            }
        };
        Ok(SigningKey {
            alg,
            kid,
            thumbprint,
            material,
        })
    }

    /// An HMAC signing key from raw secret bytes (e.g. a client secret for
    /// `client_secret_jwt`).
    pub fn hmac(secret: &[u8], alg: Algorithm) -> Result<Self, Error> {
        if !AlgSet::HMAC.contains(alg) {
            return Err(Error::AlgorithmMismatch);
        }
        if secret.len() < MIN_HMAC_KEY_LEN {
            return Err(Error::KeyTooShort);
        }
        let secret = Secret::<MAX_HMAC_KEY_LEN>::new(secret)?;
        let thumbprint = ThumbprintInput::Oct { k: secret.expose() }.sha256()?;
        Ok(SigningKey {
            alg,
            kid: None,
            thumbprint,
            material: SigningMaterial::Hmac(P::hmac_key(secret.expose())?),
        })
    }

    /// Chooses another algorithm of the same key family (e.g. PS256 for an RSA key).
    pub fn with_algorithm(mut self, alg: Algorithm) -> Result<Self, Error> {
        let family = match self.material {
            SigningMaterial::Hmac(_) => AlgSet::HMAC,
            SigningMaterial::Ec(_) => AlgSet::EC_P256,
            SigningMaterial::Rsa(_) => AlgSet::RSA,
        };
        if !family.contains(alg) {
            return Err(Error::AlgorithmMismatch);
        }
        self.alg = alg;
        Ok(self)
    }

    /// Sets (or replaces) the key id written into headers.
    pub fn with_kid(mut self, kid: &str) -> Result<Self, Error> {
        self.kid = Some(Kid::new(kid)?);
        Ok(self)
    }

    /// Sets the key id to this key's thumbprint kid in the given cryptojwt form.
    pub fn with_thumbprint_kid(mut self, form: KidForm) -> Result<Self, Error> {
        let mut buf = [0u8; 128];
        let n = self.thumbprint.kid(form, &mut buf)?;
        let text =
            core::str::from_utf8(buf.get(..n).unwrap_or(&[])).map_err(|_| Error::InvalidKey)?;
        self.kid = Some(Kid::new(text)?);
        Ok(self)
    }

    /// The signing algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The key id, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_ref().map(Kid::as_str)
    }

    /// The RFC 7638 SHA-256 thumbprint of the public key.
    pub fn thumbprint(&self) -> &Thumbprint {
        &self.thumbprint
    }

    /// Signs `msg`, writing the raw JWS signature into `out`; returns its length.
    pub fn sign(&self, msg: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        if !self.alg.hash().is_available() {
            return Err(Error::UnsupportedByProvider);
        }
        match (&self.material, self.alg.family()) {
            (SigningMaterial::Hmac(s), Family::Hmac(h)) => {
                let mut tag = [0u8; 64];
                let n = P::hmac_sign(h, s, msg, &mut tag);
                let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
                dst.copy_from_slice(tag.get(..n).ok_or(Error::CryptoFailure)?);
                Ok(n)
            }
            (SigningMaterial::Ec(k), Family::Ec) => {
                let mut sig = [0u8; 64];
                P::ec_sign(k, msg, &mut sig)?;
                out.get_mut(..64)
                    .ok_or(Error::BufferTooSmall)?
                    .copy_from_slice(&sig);
                Ok(64)
            }
            (SigningMaterial::Rsa(k), Family::Rsa(pad, h)) => P::rsa_sign(k, pad, h, msg, out),
            _ => Err(Error::AlgorithmMismatch),
        }
    }
}

/// An RSA public key and its thumbprint. Its own frame (never inlined): the modulus buffer
/// is only on the stack while an RSA key is parsed, not for every EC or `oct` key.
#[inline(never)]
fn rsa_public<P: Provider>(m: &Members<'_>) -> Result<(P::RsaPublic, Thumbprint), Error> {
    let mut n = [0u8; MAX_RSA_MODULUS_LEN + 1];
    let mut e = [0u8; 8];
    let n = strip_leading_zeros(big(m.n, &mut n)?);
    if n.len() > MAX_RSA_MODULUS_LEN {
        return Err(Error::ValueTooLong);
    }
    let e = big(m.e, &mut e)?;
    let public = P::rsa_public(n, e)?;
    let t = ThumbprintInput::Rsa { n, e }.sha256()?;
    Ok((public, t))
}

#[inline(never)]
fn rsa_private<P: Provider>(m: &Members<'_>) -> Result<(P::RsaPrivate, Thumbprint), Error> {
    const L: usize = MAX_RSA_MODULUS_LEN + 1;
    let mut bufs = [[0u8; L]; 8];
    let result = (|| {
        let [n, e, d, p, q, dp, dq, qi] = &mut bufs;
        let parts = RsaPrivateParts {
            n: big(m.n, n)?,
            e: big(m.e, e)?,
            d: big(m.d, d)?,
            p: big(m.p, p)?,
            q: big(m.q, q)?,
            dp: m.dp.map(|v| big(Some(v), dp)).transpose()?,
            dq: m.dq.map(|v| big(Some(v), dq)).transpose()?,
            qi: m.qi.map(|v| big(Some(v), qi)).transpose()?,
        };
        let t = ThumbprintInput::Rsa {
            n: parts.n,
            e: parts.e,
        }
        .sha256()?;
        Ok((P::rsa_private(&parts)?, t))
    })();
    bufs.zeroize();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::HashAlg;

    /// HS384/HS512 (and the RSA SHA-384/512 algorithms) need the `sha512` feature; without it
    /// they are refused before any crypto runs, never verified with another hash.
    #[test]
    fn sha512_algorithms_follow_the_feature() {
        let secret = [7u8; 32];
        for alg in [Algorithm::HS384, Algorithm::HS512] {
            let key = SigningKey::<DefaultProvider>::hmac(&secret, alg).unwrap();
            let mut sig = [0u8; 64];
            let signed = key.sign(b"msg", &mut sig);
            let jwk = Jwk::<DefaultProvider>::hmac(&secret, AlgSet::HMAC).unwrap();
            let verified = jwk.verify(alg, b"msg", &[0u8; 64]);
            if cfg!(feature = "sha512") {
                assert_eq!(signed, Ok(alg.hash().output_len()));
                let n = alg.hash().output_len();
                assert_eq!(jwk.verify(alg, b"msg", &sig[..n]), Ok(()));
                assert_eq!(verified, Err(Error::BadSignature));
            } else {
                assert!(!alg.hash().is_available());
                assert_eq!(signed, Err(Error::UnsupportedByProvider));
                assert_eq!(verified, Err(Error::UnsupportedByProvider));
            }
        }
        assert!(HashAlg::Sha256.is_available());
    }

    /// RFC 7638 §3.1's example key and thumbprint, hashed piece by piece.
    #[test]
    fn rfc7638_example_thumbprint() {
        let jwk = br#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
        let key = Jwk::<DefaultProvider>::from_json(jwk).unwrap();
        let mut kid = [0u8; 64];
        let n = key.thumbprint_kid(KidForm::Rfc7638, &mut kid).unwrap();
        assert_eq!(&kid[..n], b"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }
}
