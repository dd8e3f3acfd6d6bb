//! RFC 7638 JWK thumbprints and the two kid forms cryptojwt has produced.

use crate::Error;
use crate::b64;
use crate::crypto::{HashAlg, digest};
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

/// An RFC 7638 thumbprint (the raw digest).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Thumbprint {
    bytes: [u8; 64],
    len: usize,
}

impl core::fmt::Debug for Thumbprint {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut buf = [0u8; 86];
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
        Thumbprint::compute(self, HashAlg::Sha256)
    }
}

fn strip_zeros(b: &[u8]) -> &[u8] {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b.get(first..).unwrap_or(&[])
}

struct Canon<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Canon<'_> {
    fn raw(&mut self, s: &[u8]) -> Result<(), Error> {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(s);
        self.len = end;
        Ok(())
    }

    fn b64(&mut self, data: &[u8]) -> Result<(), Error> {
        let rest = self.buf.get_mut(self.len..).ok_or(Error::BufferTooSmall)?;
        self.len += b64::encode_secret(data, rest)?;
        Ok(())
    }
}

impl Thumbprint {
    /// Computes the thumbprint with `hash` over the canonical JSON of RFC 7638 §3.2
    /// (required members only, lexicographic order, no whitespace).
    pub(crate) fn compute(input: &ThumbprintInput<'_>, hash: HashAlg) -> Result<Self, Error> {
        let mut buf = [0u8; 1024];
        let mut c = Canon {
            buf: &mut buf,
            len: 0,
        };
        let filled = (|| -> Result<(), Error> {
            match input {
                ThumbprintInput::Ec { x, y } => {
                    c.raw(br#"{"crv":"P-256","kty":"EC","x":""#)?;
                    c.b64(x.as_slice())?;
                    c.raw(br#"","y":""#)?;
                    c.b64(y.as_slice())?;
                }
                ThumbprintInput::Rsa { n, e } => {
                    c.raw(br#"{"e":""#)?;
                    c.b64(strip_zeros(e))?;
                    c.raw(br#"","kty":"RSA","n":""#)?;
                    c.b64(strip_zeros(n))?;
                }
                ThumbprintInput::Oct { k } => {
                    c.raw(br#"{"k":""#)?;
                    c.b64(k)?;
                    c.raw(br#"","kty":"oct"#)?;
                }
            }
            c.raw(b"\"}")
        })();
        let len = c.len;
        let mut t = Thumbprint {
            bytes: [0; 64],
            len: 0,
        };
        if filled.is_ok() {
            t.len = digest(hash, buf.get(..len).unwrap_or(&[]), &mut t.bytes);
        }
        buf.zeroize();
        filled.map(|()| t)
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    /// Writes the kid of this (SHA-256) thumbprint in the given form into `out`.
    pub fn kid(&self, form: KidForm, out: &mut [u8]) -> Result<usize, Error> {
        let mut text = [0u8; 86];
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
