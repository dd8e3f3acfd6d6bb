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
use zeroize::Zeroize;

/// RustCrypto, HS256 + ES256 only.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hs256Es256;

impl Provider for Hs256Es256 {
    type EcPublic = <RustCrypto as Provider>::EcPublic;
    type EcPrivate = <RustCrypto as Provider>::EcPrivate;
    type RsaPublic = <RustCrypto as Provider>::RsaPublic;
    type RsaPrivate = <RustCrypto as Provider>::RsaPrivate;
    type HmacKey = <RustCrypto as Provider>::HmacKey;

    const NAME: &'static str = "rustcrypto-hs256-es256";
    const HAS_RSA: bool = false;

    fn hmac_key(key: &[u8]) -> Result<Self::HmacKey, Error> {
        RustCrypto::hmac_key(key)
    }

    fn hmac_sign(hash: HashAlg, key: &Self::HmacKey, msg: &[u8], out: &mut [u8; 64]) -> usize {
        match hash {
            HashAlg::Sha256 => RustCrypto::hmac_sign(HashAlg::Sha256, key, msg, out),
            HashAlg::Sha384 | HashAlg::Sha512 => 0,
        }
    }

    fn hmac_verify(hash: HashAlg, key: &Self::HmacKey, msg: &[u8], tag: &[u8]) -> bool {
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

/// HS256 from RustCrypto (as [`Hs256Es256`]) and ES256 on Emil Lenngren's P256-Cortex-M4
/// assembly through the `p256-cortex-m4` crate (MIT; its unsafe FFI stays inside that crate:
/// this module has none). Verification range-checks `r`, `s` and the public point in the
/// assembly library; signing uses RFC 6979 deterministic nonces ([`Rfc6979`]), so it needs no
/// random source and its signatures equal the pure-Rust provider's byte for byte.
#[derive(Clone, Copy, Debug, Default)]
pub struct CortexM4;

/// A validated P-256 public key (range and on-curve checked by `p256_octet_string_to_point`).
#[derive(Clone, Debug)]
pub struct M4Public(p256_cortex_m4::PublicKey);

/// A P-256 private key; zeroized on drop. The big-endian scalar is kept for RFC 6979.
pub struct M4Private {
    key: p256_cortex_m4::SecretKey,
    d: [u8; 32],
}

impl Drop for M4Private {
    fn drop(&mut self) {
        self.key.zeroize();
        self.d.zeroize();
    }
}

impl core::fmt::Debug for M4Private {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("M4Private { .. }")
    }
}

fn sha256(msg: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(msg).into()
}

impl Provider for CortexM4 {
    type EcPublic = M4Public;
    type EcPrivate = M4Private;
    type RsaPublic = <RustCrypto as Provider>::RsaPublic;
    type RsaPrivate = <RustCrypto as Provider>::RsaPrivate;
    type HmacKey = <RustCrypto as Provider>::HmacKey;

    const NAME: &'static str = "cortex-m4-hs256-es256";
    const HAS_RSA: bool = false;

    fn hmac_key(key: &[u8]) -> Result<Self::HmacKey, Error> {
        Hs256Es256::hmac_key(key)
    }

    fn hmac_sign(hash: HashAlg, key: &Self::HmacKey, msg: &[u8], out: &mut [u8; 64]) -> usize {
        Hs256Es256::hmac_sign(hash, key, msg, out)
    }

    fn hmac_verify(hash: HashAlg, key: &Self::HmacKey, msg: &[u8], tag: &[u8]) -> bool {
        Hs256Es256::hmac_verify(hash, key, msg, tag)
    }

    fn ec_public(x: &[u8; 32], y: &[u8; 32]) -> Result<M4Public, Error> {
        let mut xy = [0u8; 64];
        let (px, py) = xy.split_at_mut(32);
        px.copy_from_slice(x);
        py.copy_from_slice(y);
        p256_cortex_m4::PublicKey::from_untagged_bytes(&xy)
            .map(M4Public)
            .map_err(|_| Error::InvalidKey)
    }

    fn ec_private(d: &[u8; 32], x: &[u8; 32], y: &[u8; 32]) -> Result<M4Private, Error> {
        // `from_bytes` checks 1 <= d < n.
        let key = M4Private {
            key: p256_cortex_m4::SecretKey::from_bytes(d).map_err(|_| Error::InvalidKey)?,
            d: *d,
        };
        let public = key.key.public_key().to_untagged_bytes();
        let (px, py) = public.split_at(32);
        if px != x || py != y {
            return Err(Error::InvalidKey);
        }
        Ok(key)
    }

    fn ec_verify(key: &M4Public, msg: &[u8], sig: &[u8]) -> bool {
        // `p256_verify` itself rejects r or s equal to zero or >= n (CVE-2022-21449 class);
        // the wrapper's `from_untagged_bytes` range-checks `r` only (it tests `r` twice).
        if sig.len() != 64 {
            return false;
        }
        match p256_cortex_m4::Signature::from_untagged_bytes(sig) {
            Ok(s) => key.0.verify_prehashed(&sha256(msg), &s),
            Err(_) => false,
        }
    }

    fn ec_sign(key: &M4Private, msg: &[u8], out: &mut [u8; 64]) -> Result<(), Error> {
        let h = sha256(msg);
        let mut nonces = Rfc6979::new(&key.d, &h);
        let sig = key.key.sign_prehashed(&h, &mut nonces);
        out.copy_from_slice(&sig.to_untagged_bytes());
        Ok(())
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

/// The P-256 group order n, big-endian.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// `h mod n` for a 256-bit `h` (< 2n, so one conditional subtraction): RFC 6979 bits2octets.
/// The hash is public, so this need not be constant-time.
fn reduce_mod_n(h: &[u8; 32]) -> [u8; 32] {
    if h.as_slice() < N.as_slice() {
        return *h;
    }
    let mut out = [0u8; 32];
    let mut borrow = 0u16;
    for ((o, &a), &b) in out.iter_mut().zip(h).zip(&N).rev() {
        let d = u16::from(a).wrapping_sub(u16::from(b)).wrapping_sub(borrow);
        *o = d.to_le_bytes()[0];
        borrow = u16::from(d > 0xff);
    }
    out
}

/// RFC 6979 §3.2 nonce candidates for P-256 with HMAC-SHA-256, handed to
/// `p256-cortex-m4`'s signer as its "random" source: it asks for another candidate exactly
/// when RFC 6979 says to (k out of range, or r or s zero), so the signature is the
/// deterministic one. Zeroized on drop.
pub struct Rfc6979 {
    k: [u8; 32],
    v: [u8; 32],
    first: bool,
}

fn hmac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <hmac::Hmac<sha2::Sha256> as KeyInit>::new(&Default::default()));
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().into()
}

impl Rfc6979 {
    /// Steps a–g of RFC 6979 §3.2 for private key `x` and message hash `h`.
    pub fn new(x: &[u8; 32], h: &[u8; 32]) -> Self {
        let h1 = reduce_mod_n(h);
        let v = [1u8; 32];
        let k = hmac(&[0u8; 32], &[&v, &[0], x, &h1]);
        let v = hmac(&k, &[&v]);
        let k = hmac(&k, &[&v, &[1], x, &h1]);
        let v = hmac(&k, &[&v]);
        Rfc6979 { k, v, first: true }
    }

    /// Step h: the next candidate k (big-endian).
    pub fn next_candidate(&mut self) -> [u8; 32] {
        if !self.first {
            self.k = hmac(&self.k, &[&self.v, &[0]]);
            self.v = hmac(&self.k, &[&self.v]);
        }
        self.first = false;
        self.v = hmac(&self.k, &[&self.v]);
        self.v
    }
}

impl Drop for Rfc6979 {
    fn drop(&mut self) {
        self.k.zeroize();
        self.v.zeroize();
    }
}

impl rand_core06::RngCore for Rfc6979 {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    /// The signer reads k as little-endian words: the candidate, byte-reversed.
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        let mut k = self.next_candidate();
        k.reverse();
        for (d, s) in dest.iter_mut().zip(k.iter()) {
            *d = *s;
        }
        k.zeroize();
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core06::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

/// Marker: the candidates are RFC 6979's (secret, unpredictable without the key).
impl rand_core06::CryptoRng for Rfc6979 {}
