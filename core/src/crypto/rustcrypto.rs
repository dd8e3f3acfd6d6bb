//! The pure-Rust RustCrypto backend: `p256` for ECDSA, `hmac` + `sha2` for HMAC. No RSA
//! (the `rsa` crate needs an allocator).

use super::prepared_hmac::{self, HmacKey};
use super::{HashAlg, Provider, RsaPadding, RsaPrivateParts};
use crate::Error;
use p256::ecdsa::{Signature, SigningKey, VerifyingKey, signature::Signer, signature::Verifier};

/// The RustCrypto provider (pure Rust, `no_std`, no allocator; the bare-metal choice).
#[derive(Clone, Copy, Debug, Default)]
pub struct RustCrypto;

/// Placeholder for RSA keys: parsed so mixed key sets load, unusable for signatures.
#[derive(Clone, Copy, Debug)]
pub struct NoRsa;

impl Provider for RustCrypto {
    type EcPublic = VerifyingKey;
    type EcPrivate = SigningKey;
    type RsaPublic = NoRsa;
    type RsaPrivate = NoRsa;
    type HmacKey = HmacKey;

    const NAME: &'static str = "rustcrypto";
    const HAS_RSA: bool = false;

    fn hmac_key(key: &[u8]) -> Result<HmacKey, Error> {
        prepared_hmac::prepare(key)
    }

    fn hmac_sign(hash: HashAlg, key: &HmacKey, msg: &[u8], out: &mut [u8; 64]) -> usize {
        prepared_hmac::sign(hash, key, msg, out)
    }

    fn hmac_verify(hash: HashAlg, key: &HmacKey, msg: &[u8], tag: &[u8]) -> bool {
        prepared_hmac::verify(hash, key, msg, tag)
    }

    fn ec_public(x: &[u8; 32], y: &[u8; 32]) -> Result<VerifyingKey, Error> {
        VerifyingKey::from_sec1_bytes(&super::sec1_point(x, y)).map_err(|_| Error::InvalidKey)
    }

    fn ec_private(d: &[u8; 32], x: &[u8; 32], y: &[u8; 32]) -> Result<SigningKey, Error> {
        let key = SigningKey::from_slice(d).map_err(|_| Error::InvalidKey)?;
        let public = Self::ec_public(x, y)?;
        if key.verifying_key() != &public {
            return Err(Error::InvalidKey);
        }
        Ok(key)
    }

    fn ec_verify(key: &VerifyingKey, msg: &[u8], sig: &[u8]) -> bool {
        // `from_slice` rejects r or s equal to zero or >= n (CVE-2022-21449 class).
        match Signature::from_slice(sig) {
            Ok(s) if sig.len() == 64 => key.verify(msg, &s).is_ok(),
            _ => false,
        }
    }

    fn ec_sign(key: &SigningKey, msg: &[u8], out: &mut [u8; 64]) -> Result<(), Error> {
        // RFC 6979 deterministic nonces: no randomness needed, none can be misused.
        let sig: Signature = key.try_sign(msg).map_err(|_| Error::CryptoFailure)?;
        out.copy_from_slice(&sig.to_bytes());
        Ok(())
    }

    fn rsa_public(_n: &[u8], _e: &[u8]) -> Result<NoRsa, Error> {
        Ok(NoRsa)
    }

    fn rsa_private(_parts: &RsaPrivateParts<'_>) -> Result<NoRsa, Error> {
        Ok(NoRsa)
    }

    fn rsa_verify(
        _key: &NoRsa,
        _padding: RsaPadding,
        _hash: HashAlg,
        _msg: &[u8],
        _sig: &[u8],
    ) -> Result<bool, Error> {
        Err(Error::UnsupportedByProvider)
    }

    fn rsa_sign(
        _key: &NoRsa,
        _padding: RsaPadding,
        _hash: HashAlg,
        _msg: &[u8],
        _out: &mut [u8],
    ) -> Result<usize, Error> {
        Err(Error::UnsupportedByProvider)
    }
}
