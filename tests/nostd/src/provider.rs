//! The device's crypto provider: the core's RustCrypto backend, restricted to what this
//! device uses (HS256 and ES256). The core picks algorithms at run time from the key, so
//! with the stock provider every HMAC hash it supports is linked (SHA-384/512 alone is
//! ~28 KB of Thumb code); a device narrows that through the core's provider seam, not by
//! patching the core. Everything here delegates to `oxidc::crypto::RustCrypto`.
//!
//! HS384/HS512 keys still parse, but tags never verify and signing fails: this device does
//! not do those algorithms.

use oxidc::Error;
use oxidc::crypto::{HashAlg, Provider, RsaPadding, RsaPrivateParts, RustCrypto};

/// RustCrypto, HS256 + ES256 only.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hs256Es256;

impl Provider for Hs256Es256 {
    type EcPublic = <RustCrypto as Provider>::EcPublic;
    type EcPrivate = <RustCrypto as Provider>::EcPrivate;
    type RsaPublic = <RustCrypto as Provider>::RsaPublic;
    type RsaPrivate = <RustCrypto as Provider>::RsaPrivate;

    const NAME: &'static str = "rustcrypto-hs256-es256";
    const HAS_RSA: bool = false;

    fn hmac_sign(hash: HashAlg, key: &[u8], msg: &[u8], out: &mut [u8; 64]) -> usize {
        match hash {
            HashAlg::Sha256 => RustCrypto::hmac_sign(HashAlg::Sha256, key, msg, out),
            HashAlg::Sha384 | HashAlg::Sha512 => 0,
        }
    }

    fn hmac_verify(hash: HashAlg, key: &[u8], msg: &[u8], tag: &[u8]) -> bool {
        match hash {
            HashAlg::Sha256 => RustCrypto::hmac_verify(HashAlg::Sha256, key, msg, tag),
            HashAlg::Sha384 | HashAlg::Sha512 => false,
        }
    }

    fn ec_public(x: &[u8; 32], y: &[u8; 32]) -> Result<Self::EcPublic, Error> {
        RustCrypto::ec_public(x, y)
    }

    fn ec_private(d: &[u8; 32], x: &[u8; 32], y: &[u8; 32]) -> Result<Self::EcPrivate, Error> {
        RustCrypto::ec_private(d, x, y)
    }

    fn ec_verify(key: &Self::EcPublic, msg: &[u8], sig: &[u8]) -> bool {
        RustCrypto::ec_verify(key, msg, sig)
    }

    fn ec_sign(key: &Self::EcPrivate, msg: &[u8], out: &mut [u8; 64]) -> Result<(), Error> {
        RustCrypto::ec_sign(key, msg, out)
    }

    fn rsa_public(n: &[u8], e: &[u8]) -> Result<Self::RsaPublic, Error> {
        RustCrypto::rsa_public(n, e)
    }

    fn rsa_private(parts: &RsaPrivateParts<'_>) -> Result<Self::RsaPrivate, Error> {
        RustCrypto::rsa_private(parts)
    }

    fn rsa_verify(
        key: &Self::RsaPublic,
        padding: RsaPadding,
        hash: HashAlg,
        msg: &[u8],
        sig: &[u8],
    ) -> Result<bool, Error> {
        RustCrypto::rsa_verify(key, padding, hash, msg, sig)
    }

    fn rsa_sign(
        key: &Self::RsaPrivate,
        padding: RsaPadding,
        hash: HashAlg,
        msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize, Error> {
        RustCrypto::rsa_sign(key, padding, hash, msg, out)
    }
}
