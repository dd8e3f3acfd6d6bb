//! The pure-Rust RustCrypto backend: `p256` for ECDSA, `hmac` + `sha2` for HMAC. No RSA
//! (the `rsa` crate needs an allocator).

use super::{HashAlg, Provider, RsaPadding, RsaPrivateParts};
use crate::Error;
use hmac::block_api::HmacCore;
use hmac::digest::block_api::{Buffer, CoreProxy};
use hmac::{EagerHash, Hmac, KeyInit, Mac};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey, signature::Signer, signature::Verifier};

/// The RustCrypto provider (pure Rust, `no_std`, no allocator; the bare-metal choice).
#[derive(Clone, Copy, Debug, Default)]
pub struct RustCrypto;

/// Placeholder for RSA keys: parsed so mixed key sets load, unusable for signatures.
#[derive(Clone, Copy, Debug)]
pub struct NoRsa;

/// An HMAC key prepared once: the keyed inner (ipad) and outer (opad) hash states of each
/// HMAC hash of this build. A tag clones them instead of hashing two key blocks again. The
/// `sha2` states zeroize themselves on drop (its `zeroize` feature; checked below).
pub struct HmacKey {
    sha256: HmacCore<sha2::Sha256>,
    #[cfg(feature = "sha512")]
    sha384: HmacCore<sha2::Sha384>,
    #[cfg(feature = "sha512")]
    sha512: HmacCore<sha2::Sha512>,
}

// The prepared states are secret-derived: they must be wiped when a key is dropped.
const _: fn() = || {
    fn zeroized_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    zeroized_on_drop::<sha2::block_api::Sha256VarCore>();
    #[cfg(feature = "sha512")]
    zeroized_on_drop::<sha2::block_api::Sha512VarCore>();
};

impl core::fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("HmacKey([REDACTED])")
    }
}

/// A MAC over `msg` from a prepared key state.
#[inline(always)]
fn mac<D>(key: &HmacCore<D>, msg: &[u8]) -> Hmac<D>
where
    D: EagerHash,
    Hmac<D>: CoreProxy<Core = HmacCore<D>> + Mac,
{
    let mut m = Hmac::<D>::compose(key.clone(), Buffer::<HmacCore<D>>::default());
    m.update(msg);
    m
}

fn put(out: &mut [u8; 64], tag: &[u8]) -> usize {
    match out.get_mut(..tag.len()) {
        Some(d) => {
            d.copy_from_slice(tag);
            tag.len()
        }
        None => 0,
    }
}

impl Provider for RustCrypto {
    type EcPublic = VerifyingKey;
    type EcPrivate = SigningKey;
    type RsaPublic = NoRsa;
    type RsaPrivate = NoRsa;
    type HmacKey = HmacKey;

    const NAME: &'static str = "rustcrypto";
    const HAS_RSA: bool = false;

    fn hmac_key(key: &[u8]) -> Result<HmacKey, Error> {
        fn core<D: EagerHash>(key: &[u8]) -> Result<HmacCore<D>, Error> {
            HmacCore::<D>::new_from_slice(key).map_err(|_| Error::InvalidKey)
        }
        Ok(HmacKey {
            sha256: core(key)?,
            #[cfg(feature = "sha512")]
            sha384: core(key)?,
            #[cfg(feature = "sha512")]
            sha512: core(key)?,
        })
    }

    fn hmac_sign(hash: HashAlg, key: &HmacKey, msg: &[u8], out: &mut [u8; 64]) -> usize {
        match hash {
            HashAlg::Sha256 => put(out, &mac(&key.sha256, msg).finalize().into_bytes()),
            #[cfg(feature = "sha512")]
            HashAlg::Sha384 => put(out, &mac(&key.sha384, msg).finalize().into_bytes()),
            #[cfg(feature = "sha512")]
            HashAlg::Sha512 => put(out, &mac(&key.sha512, msg).finalize().into_bytes()),
            #[cfg(not(feature = "sha512"))]
            HashAlg::Sha384 | HashAlg::Sha512 => 0,
        }
    }

    fn hmac_verify(hash: HashAlg, key: &HmacKey, msg: &[u8], tag: &[u8]) -> bool {
        match hash {
            HashAlg::Sha256 => mac(&key.sha256, msg).verify_slice(tag).is_ok(),
            #[cfg(feature = "sha512")]
            HashAlg::Sha384 => mac(&key.sha384, msg).verify_slice(tag).is_ok(),
            #[cfg(feature = "sha512")]
            HashAlg::Sha512 => mac(&key.sha512, msg).verify_slice(tag).is_ok(),
            #[cfg(not(feature = "sha512"))]
            HashAlg::Sha384 | HashAlg::Sha512 => false,
        }
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
