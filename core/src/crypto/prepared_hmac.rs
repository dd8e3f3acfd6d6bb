//! HMAC from a key prepared once (both providers): the keyed inner (ipad) and outer (opad)
//! SHA-2 states are computed when a key is loaded, so a tag costs the message blocks plus one
//! outer block instead of two extra key blocks per call. Built on `hmac` + `sha2` (which use the
//! CPU's SHA extensions where present); the states zeroize themselves on drop.

use crate::Error;
use hmac::block_api::HmacCore;
use hmac::digest::block_api::{Buffer, CoreProxy};
use hmac::{EagerHash, Hmac, KeyInit, Mac};

use super::HashAlg;

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

/// Prepares `key` for every HMAC hash of this build.
pub(crate) fn prepare(key: &[u8]) -> Result<HmacKey, Error> {
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

/// Writes the tag of `msg` into `out`; returns its length (0 for a hash this build lacks).
pub(crate) fn sign(hash: HashAlg, key: &HmacKey, msg: &[u8], out: &mut [u8; 64]) -> usize {
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

/// Whether `tag` is the tag of `msg` (constant-time comparison).
pub(crate) fn verify(hash: HashAlg, key: &HmacKey, msg: &[u8], tag: &[u8]) -> bool {
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
