//! Fernet (spec v0x80) and cryptojwt's `FernetEncrypter` on top of it.
//!
//! Token = base64url-with-padding(`0x80 ‖ timestamp (u64 BE) ‖ IV (16) ‖
//! AES-128-CBC(PKCS#7(data)) ‖ HMAC-SHA256(all preceding bytes)`); the 32-byte key is
//! `HMAC key (16) ‖ AES key (16)`. cryptojwt first pads the data with ASCII spaces to a multiple
//! of 16 and strips trailing spaces after decryption; `fernet_encrypt`/`fernet_decrypt` do
//! that, the `_raw` variants are plain Fernet. No TTL is checked (cryptojwt passes none).
//!
//! Everything runs inside one caller buffer: the binary token is built right-aligned and
//! base64-encoded in place (twice for idpyoidc's outer standard base64); decryption decodes,
//! verifies the MAC (constant time, before touching the ciphertext) and decrypts in place.

use crate::b64::padded::{self as b64, Alphabet};
use crate::{Error, UnixTime, limits};
use aes::Aes128;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, KeyInit};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroize;

type HmacSha256 = Hmac<Sha256>;

const VERSION: u8 = 0x80;
/// version (1) + timestamp (8) + IV (16).
const HEADER_LEN: usize = 25;
const MAC_LEN: usize = 32;
const BLOCK: usize = 16;
/// Shortest valid binary token: header, one ciphertext block, MAC.
const MIN_BIN_LEN: usize = HEADER_LEN + BLOCK + MAC_LEN;

/// cryptojwt's default PBKDF2 iteration count (`DEFAULT_ITERATIONS`).
pub const DEFAULT_PBKDF2_ITERATIONS: u32 = 390_000;

/// The PRF hash of a PBKDF2-derived Fernet key (cryptojwt's `hash_alg`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pbkdf2Hash {
    /// `SHA256`, cryptojwt's default.
    Sha256,
    /// `SHA384`.
    Sha384,
    /// `SHA512`.
    Sha512,
}

impl Pbkdf2Hash {
    /// Looks up cryptojwt's `hash_alg` name (`"SHA256"`, `"SHA384"`, `"SHA512"`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "SHA256" => Some(Pbkdf2Hash::Sha256),
            "SHA384" => Some(Pbkdf2Hash::Sha384),
            "SHA512" => Some(Pbkdf2Hash::Sha512),
            _ => None,
        }
    }
}

/// A Fernet key: 16 bytes of HMAC-SHA256 key and an expanded AES-128 key.
///
/// Build it once per configured key (PBKDF2 derivation is deliberately slow) and reuse it for
/// every token. Zeroized on drop; `Debug` never shows key material.
pub struct FernetKey {
    sign: [u8; 16],
    aes: Aes128,
}

impl Drop for FernetKey {
    fn drop(&mut self) {
        self.sign.zeroize();
        // `Aes128` zeroizes its round keys on drop (the `zeroize` feature of `aes`).
    }
}

impl core::fmt::Debug for FernetKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("FernetKey(<redacted>)")
    }
}

impl FernetKey {
    /// A raw 32-byte key, as cryptojwt's `FernetEncrypter(key=...)` takes it.
    pub fn from_bytes(key: &[u8; 32]) -> Self {
        let (sign, enc) = key.split_at(16);
        let mut s = [0u8; 16];
        s.copy_from_slice(sign);
        let mut e = [0u8; 16];
        e.copy_from_slice(enc);
        let aes = Aes128::new(&e.into());
        e.zeroize();
        FernetKey { sign: s, aes }
    }

    /// A raw key of any slice length; anything but 32 bytes is [`Error::InvalidKey`]
    /// (cryptojwt: "Raw key must be 32 bytes").
    pub fn from_slice(key: &[u8]) -> Result<Self, Error> {
        let key: &[u8; 32] = key.try_into().map_err(|_| Error::InvalidKey)?;
        Ok(Self::from_bytes(key))
    }

    /// The textual key of `cryptography.fernet.Fernet(key)`: 32 bytes in base64url with padding
    /// (44 characters). Decoded in constant time.
    pub fn from_text(text: &str) -> Result<Self, Error> {
        use base64ct::Encoding;
        let mut raw = [0u8; 32];
        let r = match base64ct::Base64Url::decode(text.as_bytes(), &mut raw) {
            Ok(d) if d.len() == 32 => Ok(()),
            _ => Err(Error::InvalidKey),
        };
        let key = r.map(|()| Self::from_bytes(&raw));
        raw.zeroize();
        key
    }

    /// PBKDF2-HMAC-SHA256(password, salt, iterations, 32 bytes), as cryptojwt's
    /// `FernetEncrypter(password=..., salt=..., iterations=...)` derives it (its default
    /// `hash_alg`; see [`FernetKey::derive_pbkdf2_with`] for the others).
    ///
    /// cryptojwt replaces an empty salt with 16 random bytes (a key no one can derive again),
    /// so an empty salt, like zero iterations, is [`Error::InvalidKey`] here.
    pub fn derive_pbkdf2(password: &[u8], salt: &[u8], iterations: u32) -> Result<Self, Error> {
        Self::derive_pbkdf2_with(Pbkdf2Hash::Sha256, password, salt, iterations)
    }

    /// PBKDF2 with cryptojwt's configurable `hash_alg` (`SHA256`, `SHA384` or `SHA512`; the
    /// last two need the `sha512` feature, else [`Error::UnsupportedByProvider`]).
    pub fn derive_pbkdf2_with(
        hash: Pbkdf2Hash,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
    ) -> Result<Self, Error> {
        if salt.is_empty() || iterations == 0 {
            return Err(Error::InvalidKey);
        }
        let mut raw = [0u8; 32];
        let r = match hash {
            Pbkdf2Hash::Sha256 => {
                pbkdf2::pbkdf2::<HmacSha256>(password, salt, iterations, &mut raw)
            }
            #[cfg(feature = "sha512")]
            Pbkdf2Hash::Sha384 => {
                pbkdf2::pbkdf2::<Hmac<sha2::Sha384>>(password, salt, iterations, &mut raw)
            }
            #[cfg(feature = "sha512")]
            Pbkdf2Hash::Sha512 => {
                pbkdf2::pbkdf2::<Hmac<sha2::Sha512>>(password, salt, iterations, &mut raw)
            }
            // Without the `sha512` feature these hashes are not linked.
            #[cfg(not(feature = "sha512"))]
            Pbkdf2Hash::Sha384 | Pbkdf2Hash::Sha512 => return Err(Error::UnsupportedByProvider),
        }
        .map_err(|_| Error::InvalidKey);
        let key = r.map(|()| Self::from_bytes(&raw));
        raw.zeroize();
        key
    }

    fn mac(&self) -> Result<HmacSha256, Error> {
        <HmacSha256 as KeyInit>::new_from_slice(&self.sign).map_err(|_| Error::CryptoFailure)
    }
}

/// Length of cryptojwt's space pre-padding of `n` bytes: the next multiple of 16.
pub const fn space_padded_len(n: usize) -> usize {
    n.div_ceil(BLOCK) * BLOCK
}

const fn bin_len(data_len: usize) -> usize {
    // PKCS#7 always adds 1..=16 bytes.
    HEADER_LEN + (data_len / BLOCK + 1) * BLOCK + MAC_LEN
}

/// Length of the Fernet token text (base64url with padding) for `n` bytes of plaintext,
/// after cryptojwt's space pre-padding.
pub const fn fernet_token_len(n: usize) -> usize {
    b64::padded_len(bin_len(space_padded_len(n)))
}

/// Length of a plain Fernet token (no space pre-padding) for `n` bytes of plaintext.
pub const fn fernet_raw_token_len(n: usize) -> usize {
    b64::padded_len(bin_len(n))
}

/// Length of idpyoidc's opaque form, standard base64 of the Fernet text, for `n` bytes of
/// plaintext (codes, refresh tokens, session ids, 2-part cookies' second part).
pub const fn opaque_len(n: usize) -> usize {
    b64::padded_len(fernet_token_len(n))
}

/// How the sealed token is laid out and encoded.
#[derive(Clone, Copy)]
pub(crate) struct Seal {
    /// cryptojwt's space pre-padding.
    pub(crate) pre_pad: bool,
    /// idpyoidc's outer standard base64 over the Fernet text.
    pub(crate) outer_b64: bool,
}

/// Seals `n` plaintext bytes written by `fill` (into a slice of exactly `n` bytes) and
/// returns the length of the text in `out`.
pub(crate) fn seal_with(
    key: &FernetKey,
    n: usize,
    fill: impl FnOnce(&mut [u8]) -> Result<(), Error>,
    now: UnixTime,
    iv: &[u8; 16],
    how: Seal,
    out: &mut [u8],
) -> Result<usize, Error> {
    let ts = u64::try_from(now.as_secs()).map_err(|_| Error::NegativeTimestamp)?;
    let data_len = if how.pre_pad { space_padded_len(n) } else { n };
    let bin = bin_len(data_len);
    let text = b64::padded_len(bin);
    let total = if how.outer_b64 {
        b64::padded_len(text)
    } else {
        text
    };
    let out = out.get_mut(..total).ok_or(Error::BufferTooSmall)?;
    let bin_start = total - bin;
    let binary = out.get_mut(bin_start..).ok_or(Error::BufferTooSmall)?;
    let (head, rest) = binary
        .split_at_mut_checked(HEADER_LEN)
        .ok_or(Error::BufferTooSmall)?;
    let (body, tag) = rest
        .split_at_mut_checked(rest.len() - MAC_LEN)
        .ok_or(Error::BufferTooSmall)?;
    head.get_mut(..1)
        .ok_or(Error::BufferTooSmall)?
        .fill(VERSION);
    head.get_mut(1..9)
        .ok_or(Error::BufferTooSmall)?
        .copy_from_slice(&ts.to_be_bytes());
    head.get_mut(9..)
        .ok_or(Error::BufferTooSmall)?
        .copy_from_slice(iv);
    fill(body.get_mut(..n).ok_or(Error::BufferTooSmall)?)?;
    body.get_mut(n..data_len)
        .ok_or(Error::BufferTooSmall)?
        .fill(b' ');
    cbc::Encryptor::<Aes128>::inner_iv_init(key.aes.clone(), iv.into())
        .encrypt_padded::<Pkcs7>(body, data_len)
        .map_err(|_| Error::BufferTooSmall)?;
    let mut mac = key.mac()?;
    mac.update(head);
    mac.update(body);
    tag.copy_from_slice(&mac.finalize().into_bytes());
    let text_region = out.get_mut(total - text..).ok_or(Error::BufferTooSmall)?;
    b64::encode_right_aligned(text_region, bin, Alphabet::Url)?;
    if how.outer_b64 {
        b64::encode_right_aligned(out, text, Alphabet::Standard)?;
    }
    Ok(total)
}

/// Opens the Fernet text held in `buf[..n]` in place and returns the plaintext's byte range
/// in `buf`. With `strip`, trailing ASCII spaces are removed (cryptojwt).
pub(crate) fn open_in_place(
    key: &FernetKey,
    buf: &mut [u8],
    n: usize,
    strip: bool,
) -> Result<core::ops::Range<usize>, Error> {
    let bin = b64::decode_in_place(buf, n, Alphabet::Url).map_err(|_| Error::BadFernetToken)?;
    if bin < MIN_BIN_LEN || !(bin - HEADER_LEN - MAC_LEN).is_multiple_of(BLOCK) {
        return Err(Error::BadFernetToken);
    }
    let binary = buf.get_mut(..bin).ok_or(Error::BadFernetToken)?;
    let (signed, tag) = binary
        .split_at_mut_checked(bin - MAC_LEN)
        .ok_or(Error::BadFernetToken)?;
    if signed.first() != Some(&VERSION) {
        return Err(Error::BadFernetToken);
    }
    let mut mac = key.mac()?;
    mac.update(signed);
    mac.verify_slice(tag).map_err(|_| Error::BadFernetToken)?;
    let (head, body) = signed
        .split_at_mut_checked(HEADER_LEN)
        .ok_or(Error::BadFernetToken)?;
    let iv: &[u8; 16] = head
        .get(9..)
        .and_then(|s| s.try_into().ok())
        .ok_or(Error::BadFernetToken)?;
    let plain = cbc::Decryptor::<Aes128>::inner_iv_init(key.aes.clone(), iv.into())
        .decrypt_padded::<Pkcs7>(body)
        .map_err(|_| Error::BadFernetToken)?;
    let mut len = plain.len();
    if strip {
        while len > 0 && plain.get(len - 1) == Some(&b' ') {
            len -= 1;
        }
    }
    Ok(HEADER_LEN..HEADER_LEN + len)
}

/// Copies `text` into `scratch` (bounded by [`limits::MAX_OPAQUE_LEN`]), removes idpyoidc's
/// outer standard base64 if asked, and opens the Fernet text there. Returns the plaintext's
/// range in `scratch`; the authenticated binary token starts at `scratch[0]`.
pub(crate) fn open_copy(
    key: &FernetKey,
    text: &[u8],
    scratch: &mut [u8],
    strip: bool,
    outer_b64: bool,
) -> Result<core::ops::Range<usize>, Error> {
    if text.len() > limits::MAX_OPAQUE_LEN {
        return Err(Error::ValueTooLong);
    }
    let dst = scratch.get_mut(..text.len()).ok_or(Error::BufferTooSmall)?;
    dst.copy_from_slice(text);
    let n = if outer_b64 {
        b64::decode_in_place(dst, text.len(), Alphabet::Standard)?
    } else {
        text.len()
    };
    open_in_place(key, scratch, n, strip)
}

fn open_slice<'s>(
    key: &FernetKey,
    text: &[u8],
    scratch: &'s mut [u8],
    strip: bool,
) -> Result<&'s [u8], Error> {
    let range = open_copy(key, text, scratch, strip, false)?;
    scratch.get(range).ok_or(Error::BadFernetToken)
}

/// Encrypts `plaintext` as cryptojwt's `FernetEncrypter.encrypt` does (space pre-padding to a
/// multiple of 16, then Fernet) with the caller's `now` and random `iv`, writing the Fernet
/// text (base64url with padding) into `out`. Returns its length, [`fernet_token_len`].
pub fn fernet_encrypt(
    key: &FernetKey,
    plaintext: &[u8],
    now: UnixTime,
    iv: &[u8; 16],
    out: &mut [u8],
) -> Result<usize, Error> {
    let how = Seal {
        pre_pad: true,
        outer_b64: false,
    };
    seal_with(
        key,
        plaintext.len(),
        |d| {
            d.copy_from_slice(plaintext);
            Ok(())
        },
        now,
        iv,
        how,
        out,
    )
}

/// Plain Fernet (spec v0x80) encryption without cryptojwt's space pre-padding.
pub fn fernet_encrypt_raw(
    key: &FernetKey,
    plaintext: &[u8],
    now: UnixTime,
    iv: &[u8; 16],
    out: &mut [u8],
) -> Result<usize, Error> {
    let how = Seal {
        pre_pad: false,
        outer_b64: false,
    };
    seal_with(
        key,
        plaintext.len(),
        |d| {
            d.copy_from_slice(plaintext);
            Ok(())
        },
        now,
        iv,
        how,
        out,
    )
}

/// Decrypts a Fernet text as cryptojwt's `FernetEncrypter.decrypt` does (HMAC first, no TTL,
/// trailing spaces stripped), using `scratch` (at least `token.len()` bytes) for the work.
/// The plaintext borrows from `scratch`.
///
/// Any failure (base64, version, length, MAC, padding) is [`Error::BadFernetToken`].
pub fn fernet_decrypt<'s>(
    key: &FernetKey,
    token: &[u8],
    scratch: &'s mut [u8],
) -> Result<&'s [u8], Error> {
    open_slice(key, token, scratch, true)
}

/// Plain Fernet (spec v0x80) decryption without stripping trailing spaces; no TTL check.
pub fn fernet_decrypt_raw<'s>(
    key: &FernetKey,
    token: &[u8],
    scratch: &'s mut [u8],
) -> Result<&'s [u8], Error> {
    open_slice(key, token, scratch, false)
}

/// Decrypts a Fernet text and checks its timestamp as `Fernet.decrypt_at_time(token, ttl,
/// now)` does: [`Error::Expired`] when `timestamp + ttl < now`, [`Error::IssuedInFuture`] when
/// the timestamp is more than 60 s ahead of `now`. The MAC is verified first, so a forged
/// timestamp is [`Error::BadFernetToken`]. cryptojwt and idpyoidc never pass a TTL.
pub fn fernet_decrypt_raw_with_ttl<'s>(
    key: &FernetKey,
    token: &[u8],
    ttl: u32,
    now: UnixTime,
    scratch: &'s mut [u8],
) -> Result<&'s [u8], Error> {
    const MAX_CLOCK_SKEW: i128 = 60;
    let range = open_copy(key, token, scratch, false, false)?;
    let ts_bytes: [u8; 8] = scratch
        .get(1..9)
        .and_then(|s| s.try_into().ok())
        .ok_or(Error::BadFernetToken)?;
    let ts = i128::from(u64::from_be_bytes(ts_bytes));
    let now = i128::from(now.as_secs());
    if ts + i128::from(ttl) < now {
        return Err(Error::Expired);
    }
    if now + MAX_CLOCK_SKEW < ts {
        return Err(Error::IssuedInFuture);
    }
    scratch.get(range).ok_or(Error::BadFernetToken)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> FernetKey {
        FernetKey::from_text("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=").unwrap()
    }

    #[test]
    fn fernet_spec_generate_vector() {
        // github.com/fernet/spec generate.json
        let iv: [u8; 16] = core::array::from_fn(|i| u8::try_from(i).unwrap());
        let now = UnixTime(499162800); // 1985-10-26T01:20:00-07:00
        let mut out = [0u8; 200];
        let n = fernet_encrypt_raw(&key(), b"hello", now, &iv, &mut out).unwrap();
        assert_eq!(
            core::str::from_utf8(&out[..n]).unwrap(),
            "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA=="
        );
        assert_eq!(n, fernet_raw_token_len(5));
        let mut scratch = [0u8; 200];
        assert_eq!(
            fernet_decrypt_raw(&key(), &out[..n], &mut scratch).unwrap(),
            b"hello"
        );
        let mut scratch = [0u8; 200];
        assert_eq!(
            fernet_decrypt_raw_with_ttl(&key(), &out[..n], 60, UnixTime(499162860), &mut scratch)
                .unwrap(),
            b"hello"
        );
        let mut scratch = [0u8; 200];
        assert_eq!(
            fernet_decrypt_raw_with_ttl(&key(), &out[..n], 60, UnixTime(499162861), &mut scratch),
            Err(Error::Expired)
        );
        let mut scratch = [0u8; 200];
        assert_eq!(
            fernet_decrypt_raw_with_ttl(&key(), &out[..n], 60, UnixTime(499162739), &mut scratch),
            Err(Error::IssuedInFuture)
        );
    }

    #[test]
    fn fernet_spec_invalid_vectors() {
        // github.com/fernet/spec invalid.json: now 1985-10-26T01:20:01-07:00, ttl 60.
        let now = UnixTime(499162801);
        let cases: &[(&str, &str, Error, i64)] = &[
            (
                "incorrect mac",
                "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykQUFBQUFBQUFBQQ==",
                Error::BadFernetToken,
                0,
            ),
            (
                "too short",
                "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPA==",
                Error::BadFernetToken,
                0,
            ),
            (
                "invalid base64",
                "%%%%%%%%%%%%%AECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==",
                Error::BadFernetToken,
                0,
            ),
            (
                "payload size not multiple of block size",
                "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPOm73QeoCk9uGib28Xe5vz6oxq5nmxbx_v7mrfyudzUm",
                Error::BadFernetToken,
                0,
            ),
            (
                "payload padding error",
                "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0ODz4LEpdELGQAad7aNEHbf-JkLPIpuiYRLQ3RtXatOYREu2FWke6CnJNYIbkuKNqOhw==",
                Error::BadFernetToken,
                0,
            ),
            (
                "far-future TS",
                "gAAAAAAdwStRAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAnja1xKYyhd-Y6mSkTOyTGJmw2Xc2a6kBd-iX9b_qXQcw==",
                Error::IssuedInFuture,
                0,
            ),
            (
                "expired TTL",
                "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==",
                Error::Expired,
                90,
            ),
            (
                "incorrect IV",
                "gAAAAAAdwJ6xBQECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAkLhFLHpGtDBRLRTZeUfWgHSv49TF2AUEZ1TIvcZjK1zQ==",
                Error::BadFernetToken,
                0,
            ),
        ];
        for (desc, token, err, later) in cases {
            let mut scratch = [0u8; 256];
            let at = UnixTime(now.as_secs() + later);
            assert_eq!(
                fernet_decrypt_raw_with_ttl(&key(), token.as_bytes(), 60, at, &mut scratch),
                Err(*err),
                "{desc}"
            );
        }
        // verify.json: the one valid token, one second after it was made.
        let mut scratch = [0u8; 256];
        let token = b"gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
        assert_eq!(
            fernet_decrypt_raw_with_ttl(&key(), token, 60, now, &mut scratch).unwrap(),
            b"hello"
        );
    }

    #[test]
    fn space_prepadding_round_trip() {
        let iv = [7u8; 16];
        let mut out = [0u8; 200];
        for len in 0..40 {
            let pt = vec![b'x'; len];
            let n = fernet_encrypt(&key(), &pt, UnixTime(1), &iv, &mut out).unwrap();
            assert_eq!(n, fernet_token_len(len));
            let mut scratch = [0u8; 200];
            assert_eq!(
                fernet_decrypt(&key(), &out[..n], &mut scratch).unwrap(),
                &pt[..]
            );
            let mut scratch = [0u8; 200];
            let raw = fernet_decrypt_raw(&key(), &out[..n], &mut scratch).unwrap();
            assert_eq!(raw.len(), space_padded_len(len));
            // One byte short of the output is an error, never a truncated token.
            assert_eq!(
                fernet_encrypt(&key(), &pt, UnixTime(1), &iv, &mut out[..n - 1]),
                Err(Error::BufferTooSmall)
            );
        }
    }

    #[test]
    fn every_flipped_character_fails() {
        let mut out = [0u8; 200];
        let n = fernet_encrypt(&key(), b"hello", UnixTime(10), &[1; 16], &mut out).unwrap();
        for i in 0..n {
            let mut t = out[..n].to_vec();
            t[i] = if t[i] == b'A' { b'B' } else { b'A' };
            let mut scratch = [0u8; 200];
            assert_eq!(
                fernet_decrypt(&key(), &t, &mut scratch),
                Err(Error::BadFernetToken),
                "{i}"
            );
        }
        let other = FernetKey::from_bytes(&[9; 32]);
        let mut scratch = [0u8; 200];
        assert_eq!(
            fernet_decrypt(&other, &out[..n], &mut scratch),
            Err(Error::BadFernetToken)
        );
        for cut in [0, 4, 8, n - 4] {
            let mut scratch = [0u8; 200];
            assert_eq!(
                fernet_decrypt(&key(), &out[..cut], &mut scratch),
                Err(Error::BadFernetToken)
            );
        }
    }

    #[test]
    fn keys() {
        assert_eq!(
            FernetKey::from_slice(&[0; 31]).err(),
            Some(Error::InvalidKey)
        );
        assert!(FernetKey::from_slice(&[0; 32]).is_ok());
        assert_eq!(FernetKey::from_text("AAAA").err(), Some(Error::InvalidKey));
        assert_eq!(
            FernetKey::derive_pbkdf2(b"pw", b"", 1).err(),
            Some(Error::InvalidKey)
        );
        assert_eq!(
            FernetKey::derive_pbkdf2(b"pw", b"salt", 0).err(),
            Some(Error::InvalidKey)
        );
        assert_eq!(format!("{:?}", key()), "FernetKey(<redacted>)");
        assert_eq!(
            fernet_encrypt(&key(), b"", UnixTime(-1), &[0; 16], &mut [0u8; 200]),
            Err(Error::NegativeTimestamp)
        );
    }

    #[test]
    fn limit_one_past() {
        let text = vec![b'A'; limits::MAX_OPAQUE_LEN + 1];
        let mut scratch = vec![0u8; text.len()];
        assert_eq!(
            fernet_decrypt(&key(), &text, &mut scratch),
            Err(Error::ValueTooLong)
        );
        let text = vec![b'A'; limits::MAX_OPAQUE_LEN];
        assert_eq!(
            fernet_decrypt(&key(), &text, &mut scratch),
            Err(Error::BadFernetToken)
        );
    }
}
