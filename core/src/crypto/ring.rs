//! The `ring` backend: assembly-fast ECDSA P-256 and RSA for hosts and phones (HMAC comes from
//! the shared prepared-key states of `prepared_hmac`).
//!
//! ring's ECDSA and RSA signing draw nonces/salts from the operating system (`SystemRandom`);
//! ring's RSA code allocates internally (its big integers are boxed) — HMAC and ECDSA do not.

use super::prepared_hmac::{self, HmacKey};
use super::{HashAlg, Provider, RsaPadding, RsaPrivateParts};
use crate::Error;
use ring::{rand::SystemRandom, signature};

/// The ring provider.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ring;

/// A validated P-256 public key, kept as its uncompressed SEC1 encoding.
#[derive(Clone)]
pub struct EcPublic([u8; 65]);

/// An RSA public key: modulus and exponent bytes kept inline.
#[derive(Clone)]
pub struct RsaPublic {
    n: [u8; crate::limits::MAX_RSA_MODULUS_LEN],
    n_len: usize,
    e: [u8; 8],
    e_len: usize,
}

fn strip_zeros(b: &[u8]) -> &[u8] {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b.get(first..).unwrap_or(&[])
}

impl Provider for Ring {
    type EcPublic = EcPublic;
    type EcPrivate = signature::EcdsaKeyPair;
    type RsaPublic = RsaPublic;
    type RsaPrivate = signature::RsaKeyPair;
    // HMAC from prepared `hmac` + `sha2` states, not ring's: ring's `hmac::Key` cannot be
    // zeroized (so it would have to be re-keyed from the raw secret on every call), and the
    // prepared states are faster than a per-call ring key (`cargo bench -p oxidc-benches --bench
    // jwt -- HS256`: raw-hmac-sha2-prekeyed vs raw-ring-hmac).
    type HmacKey = HmacKey;

    const NAME: &'static str = "ring";
    const HAS_RSA: bool = true;

    fn hmac_key(key: &[u8]) -> Result<HmacKey, Error> {
        prepared_hmac::prepare(key)
    }

    fn hmac_sign(hash: HashAlg, key: &HmacKey, msg: &[u8], out: &mut [u8; 64]) -> usize {
        prepared_hmac::sign(hash, key, msg, out)
    }

    fn hmac_verify(hash: HashAlg, key: &HmacKey, msg: &[u8], tag: &[u8]) -> bool {
        prepared_hmac::verify(hash, key, msg, tag)
    }

    fn ec_public(x: &[u8; 32], y: &[u8; 32]) -> Result<EcPublic, Error> {
        // ring validates points only when verifying; validate at parse time with p256 so a
        // bad JWK is an `InvalidKey` now, not a `BadSignature` later.
        p256::ecdsa::VerifyingKey::from_sec1_bytes(&super::sec1_point(x, y))
            .map_err(|_| Error::InvalidKey)?;
        Ok(EcPublic(super::sec1_point(x, y)))
    }

    fn ec_private(
        d: &[u8; 32],
        x: &[u8; 32],
        y: &[u8; 32],
    ) -> Result<signature::EcdsaKeyPair, Error> {
        signature::EcdsaKeyPair::from_private_key_and_public_key(
            &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            d,
            &super::sec1_point(x, y),
            &SystemRandom::new(),
        )
        .map_err(|_| Error::InvalidKey)
    }

    fn ec_verify(key: &EcPublic, msg: &[u8], sig: &[u8]) -> bool {
        signature::UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, &key.0)
            .verify(msg, sig)
            .is_ok()
    }

    fn ec_sign(key: &signature::EcdsaKeyPair, msg: &[u8], out: &mut [u8; 64]) -> Result<(), Error> {
        let sig = key
            .sign(&SystemRandom::new(), msg)
            .map_err(|_| Error::CryptoFailure)?;
        let s = sig.as_ref();
        if s.len() != 64 {
            return Err(Error::CryptoFailure);
        }
        out.copy_from_slice(s);
        Ok(())
    }

    fn rsa_public(n: &[u8], e: &[u8]) -> Result<RsaPublic, Error> {
        let n = strip_zeros(n);
        let e = strip_zeros(e);
        let mut key = RsaPublic {
            n: [0; crate::limits::MAX_RSA_MODULUS_LEN],
            n_len: n.len(),
            e: [0; 8],
            e_len: e.len(),
        };
        key.n
            .get_mut(..n.len())
            .ok_or(Error::InvalidKey)?
            .copy_from_slice(n);
        key.e
            .get_mut(..e.len())
            .ok_or(Error::InvalidKey)?
            .copy_from_slice(e);
        if n.len() < 256 || e.is_empty() {
            // RFC 7518 §3.3: keys of 2048 bits or larger MUST be used.
            return Err(Error::InvalidKey);
        }
        Ok(key)
    }

    fn rsa_private(parts: &RsaPrivateParts<'_>) -> Result<signature::RsaKeyPair, Error> {
        let mut crt = Crt::default();
        let (dp, dq, qi) = match (parts.dp, parts.dq, parts.qi) {
            (Some(dp), Some(dq), Some(qi)) => (dp, dq, qi),
            // cryptojwt writes only d, p, q: derive the CRT parameters.
            _ => crt.derive(parts.d, parts.p, parts.q)?,
        };
        let c = ring::rsa::KeyPairComponents {
            public_key: ring::rsa::PublicKeyComponents {
                n: strip_zeros(parts.n),
                e: strip_zeros(parts.e),
            },
            d: strip_zeros(parts.d),
            p: strip_zeros(parts.p),
            q: strip_zeros(parts.q),
            dP: strip_zeros(dp),
            dQ: strip_zeros(dq),
            qInv: strip_zeros(qi),
        };
        signature::RsaKeyPair::from_components(&c).map_err(|_| Error::InvalidKey)
    }

    fn rsa_verify(
        key: &RsaPublic,
        padding: RsaPadding,
        hash: HashAlg,
        msg: &[u8],
        sig: &[u8],
    ) -> Result<bool, Error> {
        let params: &signature::RsaParameters = match (padding, hash) {
            (RsaPadding::Pkcs1, HashAlg::Sha256) => &signature::RSA_PKCS1_2048_8192_SHA256,
            (RsaPadding::Pkcs1, HashAlg::Sha384) => &signature::RSA_PKCS1_2048_8192_SHA384,
            (RsaPadding::Pkcs1, HashAlg::Sha512) => &signature::RSA_PKCS1_2048_8192_SHA512,
            (RsaPadding::Pss, HashAlg::Sha256) => &signature::RSA_PSS_2048_8192_SHA256,
            (RsaPadding::Pss, HashAlg::Sha384) => &signature::RSA_PSS_2048_8192_SHA384,
            (RsaPadding::Pss, HashAlg::Sha512) => &signature::RSA_PSS_2048_8192_SHA512,
        };
        let n = key.n.get(..key.n_len).ok_or(Error::InvalidKey)?;
        let e = key.e.get(..key.e_len).ok_or(Error::InvalidKey)?;
        let public = signature::RsaPublicKeyComponents { n, e };
        Ok(public.verify(params, msg, sig).is_ok())
    }

    fn rsa_sign(
        key: &signature::RsaKeyPair,
        padding: RsaPadding,
        hash: HashAlg,
        msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let enc: &'static dyn signature::RsaEncoding = match (padding, hash) {
            (RsaPadding::Pkcs1, HashAlg::Sha256) => &signature::RSA_PKCS1_SHA256,
            (RsaPadding::Pkcs1, HashAlg::Sha384) => &signature::RSA_PKCS1_SHA384,
            (RsaPadding::Pkcs1, HashAlg::Sha512) => &signature::RSA_PKCS1_SHA512,
            (RsaPadding::Pss, HashAlg::Sha256) => &signature::RSA_PSS_SHA256,
            (RsaPadding::Pss, HashAlg::Sha384) => &signature::RSA_PSS_SHA384,
            (RsaPadding::Pss, HashAlg::Sha512) => &signature::RSA_PSS_SHA512,
        };
        let len = key.public().modulus_len();
        let dst = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
        key.sign(enc, &SystemRandom::new(), msg, dst)
            .map_err(|_| Error::CryptoFailure)?;
        Ok(len)
    }
}

/// Derived RSA CRT parameters, big-endian, zeroized on drop.
struct Crt {
    dp: [u8; 512],
    dq: [u8; 512],
    qi: [u8; 512],
}

impl Default for Crt {
    fn default() -> Self {
        Crt {
            dp: [0; 512],
            dq: [0; 512],
            qi: [0; 512],
        }
    }
}

impl Drop for Crt {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.dp.zeroize();
        self.dq.zeroize();
        self.qi.zeroize();
    }
}

fn uint(b: &[u8]) -> Result<crypto_bigint::U4096, Error> {
    let b = strip_zeros(b);
    let mut padded = [0u8; 512];
    let start = 512usize.checked_sub(b.len()).ok_or(Error::InvalidKey)?;
    padded
        .get_mut(start..)
        .ok_or(Error::InvalidKey)?
        .copy_from_slice(b);
    let v = crypto_bigint::U4096::from_be_slice(&padded);
    zeroize::Zeroize::zeroize(&mut padded);
    Ok(v)
}

impl Crt {
    /// dp = d mod (p-1), dq = d mod (q-1), qi = q^-1 mod p.
    #[allow(
        clippy::type_complexity,
        reason = "three borrowed CRT parameters; a named struct would only rename the tuple"
    )]
    fn derive(&mut self, d: &[u8], p: &[u8], q: &[u8]) -> Result<(&[u8], &[u8], &[u8]), Error> {
        use crypto_bigint::{NonZero, Odd, U4096};
        let (d, p, q) = (uint(d)?, uint(p)?, uint(q)?);
        let nz =
            |v: U4096| Option::<NonZero<U4096>>::from(NonZero::new(v)).ok_or(Error::InvalidKey);
        let p1 = nz(p.wrapping_sub(&U4096::ONE))?;
        let q1 = nz(q.wrapping_sub(&U4096::ONE))?;
        let dp = d.rem(&p1);
        let dq = d.rem(&q1);
        let p_odd = Option::<Odd<U4096>>::from(Odd::new(p)).ok_or(Error::InvalidKey)?;
        let qi = Option::<U4096>::from(q.invert_odd_mod(&p_odd)).ok_or(Error::InvalidKey)?;
        self.dp = dp.to_be_bytes().into();
        self.dq = dq.to_be_bytes().into();
        self.qi = qi.to_be_bytes().into();
        Ok((&self.dp, &self.dq, &self.qi))
    }
}
