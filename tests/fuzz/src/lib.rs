//! Shared pieces of the fuzz targets: the no-security crypto provider and fixed keys.
//!
//! `FuzzProvider` exists ONLY here, in the fuzz crate: it implements the core's public
//! [`Provider`] trait from outside, so the core itself never contains a provider that accepts
//! forged signatures. It lets fuzzers reach the claim, message and grant logic that sits behind
//! the signature check.

use oxidc::Error;
use oxidc::crypto::{HashAlg, Provider, RsaPadding, RsaPrivateParts};

/// The first signature byte that makes [`FuzzProvider`] reject a signature. Every other
/// signature verifies, so both outcomes stay reachable from fuzzed input.
pub const REJECT_MARKER: u8 = 0x00;

/// A crypto provider with NO security: every well-formed key loads, every signature whose first
/// byte is not [`REJECT_MARKER`] verifies, and signing writes a fixed pattern.
#[derive(Debug)]
pub struct FuzzProvider;

fn accepts(sig: &[u8]) -> bool {
    sig.first() != Some(&REJECT_MARKER)
}

impl Provider for FuzzProvider {
    type EcPublic = ();
    type EcPrivate = ();
    type RsaPublic = ();
    type RsaPrivate = usize;
    type HmacKey = ();

    const NAME: &'static str = "fuzz-no-security";
    const HAS_RSA: bool = true;

    fn hmac_key(_key: &[u8]) -> Result<(), Error> {
        Ok(())
    }

    fn hmac_sign(hash: HashAlg, _key: &(), msg: &[u8], out: &mut [u8; 64]) -> usize {
        let n = hash.output_len();
        out.fill(0xA5);
        if let Some(first) = out.first_mut() {
            // Depends on the message, so different tokens get different tags.
            *first = 1 | msg.len().to_le_bytes().first().copied().unwrap_or(1);
        }
        n
    }

    fn hmac_verify(_hash: HashAlg, _key: &(), _msg: &[u8], tag: &[u8]) -> bool {
        accepts(tag)
    }

    fn ec_public(_x: &[u8; 32], _y: &[u8; 32]) -> Result<(), Error> {
        Ok(())
    }

    fn ec_private(_d: &[u8; 32], _x: &[u8; 32], _y: &[u8; 32]) -> Result<(), Error> {
        Ok(())
    }

    fn ec_verify(_key: &(), _msg: &[u8], sig: &[u8]) -> bool {
        accepts(sig)
    }

    fn ec_sign(_key: &(), _msg: &[u8], out: &mut [u8; 64]) -> Result<(), Error> {
        out.fill(0x5A);
        Ok(())
    }

    fn rsa_public(_n: &[u8], _e: &[u8]) -> Result<(), Error> {
        Ok(())
    }

    fn rsa_private(parts: &RsaPrivateParts<'_>) -> Result<usize, Error> {
        Ok(parts.n.len())
    }

    fn rsa_verify(
        _key: &(),
        _padding: RsaPadding,
        _hash: HashAlg,
        _msg: &[u8],
        sig: &[u8],
    ) -> Result<bool, Error> {
        Ok(accepts(sig))
    }

    fn rsa_sign(
        key: &usize,
        _padding: RsaPadding,
        _hash: HashAlg,
        _msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let dst = out.get_mut(..*key).ok_or(Error::BufferTooSmall)?;
        dst.fill(0x33);
        Ok(*key)
    }
}

/// The HS256 key of the cryptojwt vectors (tests/vectors/jws/001).
pub const HS256_JWK: &str = r#"{"alg": "HS256", "k": "zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50", "kid": "rnlJBZBxIte9JnOXq9uQL-HfXg7Rne1GoWJnnyLREHo", "kty": "oct"}"#;

/// The ES256 private key of the cryptojwt vectors (tests/vectors/jws/013).
pub const ES256_PRIVATE_JWK: &str = r#"{"crv": "P-256", "d": "mo8zqel2Gp3W6891pbVOb4GanELMkhI0Z5GkWX6Tjww", "kid": "T1YaXHatILYjTr77u7s8KLe5UlhzejWbe-dKNaU-fQw", "kty": "EC", "x": "Knh-VGeRwI1mwV7PJVFsIqxYDsYJeE1uNMJctZyb_N0", "y": "G8erQ0wsAJaZYkFBE4UAY1temx8qtKSIokgoK_bfOOs"}"#;

/// A key set with the HS256 key, the ES256 public key, and an RSA key (usable by ring and by
/// the no-security provider), all with kids, plus one kid-less HS256 key.
pub const JWKS: &str = r#"{"keys": [
 {"alg": "HS256", "k": "zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50", "kid": "rnlJBZBxIte9JnOXq9uQL-HfXg7Rne1GoWJnnyLREHo", "kty": "oct"},
 {"crv": "P-256", "kid": "T1YaXHatILYjTr77u7s8KLe5UlhzejWbe-dKNaU-fQw", "kty": "EC", "x": "Knh-VGeRwI1mwV7PJVFsIqxYDsYJeE1uNMJctZyb_N0", "y": "G8erQ0wsAJaZYkFBE4UAY1temx8qtKSIokgoK_bfOOs"},
 {"kty": "oct", "k": "c2Vjb25kLWtleS1mb3ItZnV6emluZy1vbmx5LTMyYg", "alg": "HS384"}
]}"#;

/// `now` used by the targets: the time of the cryptojwt vectors.
pub const NOW: i64 = 1_773_754_093;

/// Splits fuzz input into a selector byte and the rest.
pub fn split_first(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((b, rest)) => (*b, rest),
        None => (0, data),
    }
}

/// Takes a length-prefixed chunk (one length byte) off the front of `data`.
pub fn take_chunk(data: &[u8]) -> (&[u8], &[u8]) {
    let (n, rest) = split_first(data);
    let n = usize::from(n).min(rest.len());
    rest.split_at(n)
}
