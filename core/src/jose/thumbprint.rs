//! RFC 7638 JWK thumbprints and the two kid forms cryptojwt has produced.

use crate::Error;
use crate::b64;
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

/// Which kid derivation to use (see `JWT.md` §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KidForm {
    /// cryptojwt ≥ 1.10: the RFC 7638 SHA-256 thumbprint, base64url (43 characters).
    Rfc7638,
    /// cryptojwt ≤ 1.9: base64url of the ASCII thumbprint text (58 characters); stored key
    /// files of idpyoidc hosts keep these.
    CryptojwtLegacy,
}

/// An RFC 7638 thumbprint (the raw SHA-256 digest).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Thumbprint {
    bytes: [u8; 32],
}

impl core::fmt::Debug for Thumbprint {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut buf = [0u8; 43];
        let n = b64::encode(self.as_bytes(), &mut buf).unwrap_or(0);
        let text = core::str::from_utf8(buf.get(..n).unwrap_or(&[])).unwrap_or("");
        write!(f, "Thumbprint({text})")
    }
}

/// The public members that define a key's thumbprint.
pub(crate) enum ThumbprintInput<'a> {
    Ec { x: &'a [u8; 32], y: &'a [u8; 32] },
    Rsa { n: &'a [u8], e: &'a [u8] },
    Oct { k: &'a [u8] },
}

impl ThumbprintInput<'_> {
    /// The SHA-256 thumbprint (the one kids are derived from).
    pub(crate) fn sha256(&self) -> Result<Thumbprint, Error> {
        Thumbprint::compute(self)
    }
}

fn strip_zeros(b: &[u8]) -> &[u8] {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b.get(first..).unwrap_or(&[])
}

/// Feeds the base64url text of `data` to the hasher in pieces (48 input bytes, a multiple of
/// three, give 64 symbols that concatenate exactly), so no canonical-JSON buffer is needed.
/// Constant-time encoding: an `oct` key's `k` is secret.
fn feed_b64(h: &mut Sha256, data: &[u8]) -> Result<(), Error> {
    let mut text = [0u8; 64];
    let mut r = Ok(());
    for chunk in data.chunks(48) {
        match b64::encode_secret(chunk, &mut text) {
            Ok(n) => h.update(text.get(..n).unwrap_or(&[])),
            Err(e) => {
                r = Err(e);
                break;
            }
        }
    }
    text.zeroize();
    r
}

impl Thumbprint {
    /// Computes the SHA-256 thumbprint over the canonical JSON of RFC 7638 §3.2 (required
    /// members only, lexicographic order, no whitespace), hashed piece by piece.
    pub(crate) fn compute(input: &ThumbprintInput<'_>) -> Result<Self, Error> {
        let mut h = Sha256::new();
        match input {
            ThumbprintInput::Ec { x, y } => {
                h.update(br#"{"crv":"P-256","kty":"EC","x":""#);
                feed_b64(&mut h, x.as_slice())?;
                h.update(br#"","y":""#);
                feed_b64(&mut h, y.as_slice())?;
            }
            ThumbprintInput::Rsa { n, e } => {
                h.update(br#"{"e":""#);
                feed_b64(&mut h, strip_zeros(e))?;
                h.update(br#"","kty":"RSA","n":""#);
                feed_b64(&mut h, strip_zeros(n))?;
            }
            ThumbprintInput::Oct { k } => {
                h.update(br#"{"k":""#);
                feed_b64(&mut h, k)?;
                h.update(br#"","kty":"oct"#);
            }
        }
        h.update(b"\"}");
        Ok(Thumbprint {
            bytes: h.finalize().into(),
        })
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Writes the kid of this (SHA-256) thumbprint in the given form into `out`.
    pub fn kid(&self, form: KidForm, out: &mut [u8]) -> Result<usize, Error> {
        let mut text = [0u8; 43];
        let n = b64::encode(self.as_bytes(), &mut text)?;
        let text = text.get(..n).ok_or(Error::BufferTooSmall)?;
        match form {
            KidForm::Rfc7638 => {
                out.get_mut(..n)
                    .ok_or(Error::BufferTooSmall)?
                    .copy_from_slice(text);
                Ok(n)
            }
            KidForm::CryptojwtLegacy => b64::encode(text, out),
        }
    }
}
