//! The crypto-provider seam: a small trait for what JWS needs (HMAC, ECDSA P-256, RSA), with a
//! pure-Rust RustCrypto backend (default; the only one on bare metal) and a `ring` backend
//! (hosts and phones; assembly-fast). Both pass the same vectors.
//!
//! Providers see only bytes: algorithm choice, key selection and policy live above them.

mod prepared_hmac;
#[cfg(feature = "ring")]
mod ring;
#[cfg(feature = "rustcrypto")]
mod rustcrypto;

pub use self::prepared_hmac::HmacKey;
#[cfg(feature = "ring")]
pub use self::ring::Ring;
#[cfg(feature = "rustcrypto")]
pub use self::rustcrypto::RustCrypto;

use crate::Error;

/// The provider used when none is named: RustCrypto when its feature is on, else ring.
#[cfg(feature = "rustcrypto")]
pub type DefaultProvider = RustCrypto;
/// The provider used when none is named: RustCrypto when its feature is on, else ring.
#[cfg(all(not(feature = "rustcrypto"), feature = "ring"))]
pub type DefaultProvider = Ring;

#[cfg(not(any(feature = "rustcrypto", feature = "ring")))]
compile_error!("oxidc needs a crypto provider: enable the `rustcrypto` or `ring` feature");

/// A SHA-2 hash function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashAlg {
    /// SHA-256
    Sha256,
    /// SHA-384
    Sha384,
    /// SHA-512
    Sha512,
}

impl HashAlg {
    /// Whether this build implements the hash: SHA-256 always, SHA-384/512 with the `sha512`
    /// feature (on by default). Algorithms on an unavailable hash are refused with
    /// [`Error::UnsupportedByProvider`].
    pub const fn is_available(self) -> bool {
        match self {
            HashAlg::Sha256 => true,
            HashAlg::Sha384 | HashAlg::Sha512 => cfg!(feature = "sha512"),
        }
    }

    /// Digest length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }
}

/// RSA signature padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RsaPadding {
    /// RSASSA-PKCS1-v1_5 (RS256/384/512).
    Pkcs1,
    /// RSASSA-PSS with MGF1 and a salt as long as the hash (PS256/384/512, RFC 7518 §3.5).
    Pss,
}

/// The components of an RSA private key (big-endian, as in a JWK).
#[derive(Clone, Copy)]
pub struct RsaPrivateParts<'a> {
    /// Modulus.
    pub n: &'a [u8],
    /// Public exponent.
    pub e: &'a [u8],
    /// Private exponent.
    pub d: &'a [u8],
    /// First prime.
    pub p: &'a [u8],
    /// Second prime.
    pub q: &'a [u8],
    /// `d mod (p-1)`; cryptojwt omits it from private JWKs, so it may be absent.
    pub dp: Option<&'a [u8]>,
    /// `d mod (q-1)`; may be absent.
    pub dq: Option<&'a [u8]>,
    /// `q^-1 mod p`; may be absent.
    pub qi: Option<&'a [u8]>,
}

impl core::fmt::Debug for RsaPrivateParts<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("RsaPrivateParts { .. }")
    }
}

/// The operations a crypto backend provides. Keys are parsed once into the provider's own
/// types and reused; every method is allocation-free for HMAC and ECDSA.
pub trait Provider: Sized + 'static {
    /// A parsed, validated P-256 public key.
    type EcPublic: Clone;
    /// A parsed P-256 private key (zeroized on drop by the backend).
    type EcPrivate;
    /// An RSA public key as this backend keeps it.
    type RsaPublic: Clone;
    /// An RSA private key as this backend keeps it.
    type RsaPrivate;

    /// Short name for reports (`rustcrypto`, `ring`).
    const NAME: &'static str;
    /// Whether this backend implements RSA.
    const HAS_RSA: bool;

    /// An HMAC secret prepared once per key, e.g. the keyed inner and outer (ipad/opad) hash
    /// states of every HMAC hash the backend implements, so that a tag costs no re-keying. It
    /// is secret-derived: the backend zeroizes it on drop and never prints it.
    type HmacKey;

    /// Prepares the HMAC secret `key` (any length; callers enforce the minimum).
    fn hmac_key(key: &[u8]) -> Result<Self::HmacKey, Error>;

    /// HMAC of `msg` under `key`, written to the front of `out`; returns the tag length (0
    /// when the hash is not available).
    fn hmac_sign(hash: HashAlg, key: &Self::HmacKey, msg: &[u8], out: &mut [u8; 64]) -> usize;

    /// Constant-time check that `tag` is the HMAC of `msg` under `key`.
    fn hmac_verify(hash: HashAlg, key: &Self::HmacKey, msg: &[u8], tag: &[u8]) -> bool;

    /// Parses and validates an uncompressed P-256 point.
    fn ec_public(x: &[u8; 32], y: &[u8; 32]) -> Result<Self::EcPublic, Error>;

    /// Parses a P-256 private scalar and checks it matches the public point.
    fn ec_private(d: &[u8; 32], x: &[u8; 32], y: &[u8; 32]) -> Result<Self::EcPrivate, Error>;

    /// Verifies a fixed-length `r || s` ES256 signature (64 bytes; anything else is false).
    fn ec_verify(key: &Self::EcPublic, msg: &[u8], sig: &[u8]) -> bool;

    /// Signs `msg` with ES256, writing `r || s`.
    fn ec_sign(key: &Self::EcPrivate, msg: &[u8], out: &mut [u8; 64]) -> Result<(), Error>;

    /// Parses an RSA public key. Backends without RSA still accept the key (so key sets that
    /// mix RSA and EC keys load) and fail at use with [`Error::UnsupportedByProvider`].
    fn rsa_public(n: &[u8], e: &[u8]) -> Result<Self::RsaPublic, Error>;

    /// Parses an RSA private key.
    fn rsa_private(parts: &RsaPrivateParts<'_>) -> Result<Self::RsaPrivate, Error>;

    /// Verifies an RSA signature.
    fn rsa_verify(
        key: &Self::RsaPublic,
        padding: RsaPadding,
        hash: HashAlg,
        msg: &[u8],
        sig: &[u8],
    ) -> Result<bool, Error>;

    /// Signs with RSA into `out` (at least the modulus length), returning the length.
    fn rsa_sign(
        key: &Self::RsaPrivate,
        padding: RsaPadding,
        hash: HashAlg,
        msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize, Error>;
}

/// SHA-2 digest of `data` into `out`, returning the digest length (always the pure-Rust
/// `sha2` crate: used for `at_hash`, not on the signature path); 0 when the hash is not
/// available in this build ([`HashAlg::is_available`]).
pub fn digest(hash: HashAlg, data: &[u8], out: &mut [u8; 64]) -> usize {
    use sha2::Digest;
    let n = hash.output_len();
    let dst = out.get_mut(..n);
    match (hash, dst) {
        (HashAlg::Sha256, Some(d)) => d.copy_from_slice(&sha2::Sha256::digest(data)),
        #[cfg(feature = "sha512")]
        (HashAlg::Sha384, Some(d)) => d.copy_from_slice(&sha2::Sha384::digest(data)),
        #[cfg(feature = "sha512")]
        (HashAlg::Sha512, Some(d)) => d.copy_from_slice(&sha2::Sha512::digest(data)),
        _ => return 0,
    }
    n
}

/// Constant-time equality of two byte strings (length is not secret).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// The uncompressed SEC1 encoding `04 || x || y` of a P-256 point.
pub(crate) fn sec1_point(x: &[u8; 32], y: &[u8; 32]) -> [u8; 65] {
    let mut p = [4u8; 65];
    let (_, rest) = p.split_at_mut(1);
    let (px, py) = rest.split_at_mut(32);
    px.copy_from_slice(x);
    py.copy_from_slice(y);
    p
}
