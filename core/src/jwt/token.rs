//! Compact JWS tokens: untrusted until a [`Validator`](super::Validator) says otherwise.

use super::claims::Claims;
use super::header::Header;
use crate::Error;
use crate::b64;
use crate::crypto::Provider;
use crate::jose::{Algorithm, Jwk, KeySet};
use crate::limits::{MAX_HEADER_LEN, MAX_KEYS_TRIED, MAX_SIGNATURE_LEN, MAX_TOKEN_LEN};

/// A compact JWS split into its parts; nothing about it is trusted yet.
#[derive(Clone, Copy, Debug)]
pub struct UntrustedToken<'t> {
    header_b64: &'t [u8],
    payload_b64: &'t [u8],
    signature_b64: &'t [u8],
    signing_input: &'t [u8],
}

impl<'t> UntrustedToken<'t> {
    /// Splits a compact JWS (RFC 7515 §7.1) at its first and last dot: header and payload
    /// non-empty, at most [`MAX_TOKEN_LEN`] bytes. Nothing is decoded yet; a token with more
    /// than three parts is reported as [`Error::MalformedToken`] when its payload is decoded. (An empty signature
    /// is let through so that `alg: none` is reported as [`Error::AlgorithmNone`]; it can never
    /// verify.)
    pub fn parse(token: &'t str) -> Result<Self, Error> {
        let t = token.as_bytes();
        if t.len() > MAX_TOKEN_LEN {
            return Err(Error::TokenTooLarge);
        }
        // The first and the last dot delimit the parts; a dot inside the payload (a fourth
        // part) is not a base64url symbol and is reported as malformed when it is decoded.
        let first = first_dot(t);
        let last = last_dot(t);
        let (d1, d2) = match (first, last) {
            (Some(a), Some(b)) if a < b => (a, b),
            _ => return Err(Error::MalformedToken),
        };
        let header_b64 = t.get(..d1).ok_or(Error::MalformedToken)?;
        let payload_b64 = t.get(d1 + 1..d2).ok_or(Error::MalformedToken)?;
        let signature_b64 = t.get(d2 + 1..).ok_or(Error::MalformedToken)?;
        if header_b64.is_empty() || payload_b64.is_empty() {
            return Err(Error::MalformedToken);
        }
        let signing_input = t.get(..d2).ok_or(Error::MalformedToken)?;
        Ok(UntrustedToken {
            header_b64,
            payload_b64,
            signature_b64,
            signing_input,
        })
    }

    /// The bytes the signature covers: `header_b64 '.' payload_b64`.
    pub fn signing_input(&self) -> &'t [u8] {
        self.signing_input
    }

    /// The base64url signature part.
    pub fn signature_b64(&self) -> &'t [u8] {
        self.signature_b64
    }

    /// Room `buf` needs for verification or [`UntrustedToken::decode_unverified`]: decoded
    /// header plus payload.
    pub fn decoded_len(&self) -> usize {
        b64::decoded_len(self.header_b64.len()).unwrap_or(0)
            + b64::decoded_len(self.payload_b64.len()).unwrap_or(0)
    }

    /// Decodes the header into the front of `buf` and parses it, returning the header and the
    /// rest of `buf`.
    pub(crate) fn decode_header<'b>(
        &self,
        buf: &'b mut [u8],
    ) -> Result<(Header<'b>, &'b mut [u8]), Error> {
        let n = b64::decoded_len(self.header_b64.len()).ok_or(Error::InvalidBase64)?;
        if n > MAX_HEADER_LEN {
            return Err(Error::HeaderTooLarge);
        }
        if n > buf.len() {
            return Err(Error::BufferTooSmall);
        }
        let (hbuf, rest) = buf.split_at_mut(n);
        b64::decode(self.header_b64, hbuf)?;
        Ok((Header::parse(hbuf)?, rest))
    }

    /// Decodes the payload; a `.` inside it means the token had more than three parts.
    fn decode_payload<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
        match b64::decode(self.payload_b64, buf) {
            Ok(p) => Ok(p),
            Err(Error::InvalidBase64) if self.payload_b64.contains(&b'.') => {
                Err(Error::MalformedToken)
            }
            Err(e) => Err(e),
        }
    }

    /// Decodes header and claims WITHOUT verifying anything — for display and debugging only
    /// (e.g. `oxidc inspect`). Never make a decision on the result.
    pub fn decode_unverified<'b>(
        &self,
        buf: &'b mut [u8],
    ) -> Result<(Header<'b>, Claims<'b>), Error> {
        let (header, rest) = self.decode_header(buf)?;
        let payload = self.decode_payload(rest)?;
        b64::validate(self.signature_b64)?;
        Ok((header, Claims::parse(payload)?))
    }

    /// Checks the signature with `key` (which pins the algorithm) and decodes the parts into
    /// `buf`. Claims are not validated: [`Validator`](super::Validator) does that.
    pub(crate) fn verify_with_key<'b, P: Provider>(
        &self,
        key: &Jwk<P>,
        buf: &'b mut [u8],
    ) -> Result<(Header<'b>, Claims<'b>), Error> {
        self.verify_then_parse(buf, |header, msg, sig| key.verify(header.alg(), msg, sig))
    }

    /// Selects the key from `keys` (by `kid`; without `kid`, the keys allowing the header's
    /// algorithm, at most [`MAX_KEYS_TRIED`]), checks the signature, and decodes into `buf`.
    pub(crate) fn verify_with_set<'b, P: Provider, const N: usize>(
        &self,
        keys: &KeySet<P, N>,
        buf: &'b mut [u8],
    ) -> Result<(Header<'b>, Claims<'b>), Error> {
        self.verify_then_parse(buf, |header, msg, sig| {
            select_and_verify(keys, header, msg, sig)
        })
    }

    /// Decodes all three parts (so malformed base64 anywhere is reported as such), checks the
    /// signature with `check`, and only then parses the claims JSON (RFC 8725 §3.1: never
    /// process an unverified payload).
    fn verify_then_parse<'b>(
        &self,
        buf: &'b mut [u8],
        check: impl FnOnce(&Header<'_>, &[u8], &[u8]) -> Result<(), Error>,
    ) -> Result<(Header<'b>, Claims<'b>), Error> {
        let (header, payload) = self.verify_signature(buf, check)?;
        Ok((header, Claims::parse(payload)?))
    }

    fn verify_signature<'b>(
        &self,
        buf: &'b mut [u8],
        check: impl FnOnce(&Header<'_>, &[u8], &[u8]) -> Result<(), Error>,
    ) -> Result<(Header<'b>, &'b [u8]), Error> {
        let (header, rest) = self.decode_header(buf)?;
        let payload = self.decode_payload(rest)?;
        // HMAC and ECDSA signatures (at most 64 bytes) are decoded into a small buffer; only
        // RSA-sized ones need (and zero) the large one.
        if self.signature_b64.len() <= b64::encoded_len(SMALL_SIGNATURE_LEN) {
            let mut sig = [0u8; SMALL_SIGNATURE_LEN];
            check(
                &header,
                self.signing_input,
                decode_signature(self.signature_b64, &mut sig)?,
            )?;
        } else {
            let mut sig = [0u8; MAX_SIGNATURE_LEN];
            check(
                &header,
                self.signing_input,
                decode_signature(self.signature_b64, &mut sig)?,
            )?;
        }
        Ok((header, payload))
    }

    /// Plain JWS (any payload, not necessarily JWT claims): selects the key from `keys`,
    /// checks the signature, and returns the header and the raw payload decoded into `buf`.
    pub fn verify_jws<'b, P: Provider, const N: usize>(
        &self,
        keys: &KeySet<P, N>,
        buf: &'b mut [u8],
    ) -> Result<(Header<'b>, &'b [u8]), Error> {
        self.verify_signature(buf, |header, msg, sig| {
            select_and_verify(keys, header, msg, sig)
        })
    }
}

/// One machine word of token bytes for the dot searches (8 bytes on 64-bit targets, 4 on 32).
const WORD: usize = core::mem::size_of::<usize>();
const LO: usize = usize::from_le_bytes([1; WORD]);
const HI: usize = usize::from_le_bytes([0x80; WORD]);

/// The "has a zero byte" flags of `w ^ dots`: a flagged byte is exact at the lowest flag and
/// may be a false positive above it (borrow), so only the lowest is trusted.
#[inline(always)]
fn dot_flags(chunk: &[u8]) -> usize {
    let w = chunk.try_into().map_or(0, usize::from_le_bytes) ^ (LO * usize::from(b'.'));
    w.wrapping_sub(LO) & !w & HI
}

/// Index of the first `.`, a word at a time.
fn first_dot(t: &[u8]) -> Option<usize> {
    let mut words = t.chunks_exact(WORD);
    let mut at = 0;
    for chunk in &mut words {
        let f = dot_flags(chunk);
        if f != 0 {
            return usize::try_from(f.trailing_zeros() / 8).ok().map(|i| at + i);
        }
        at += WORD;
    }
    words
        .remainder()
        .iter()
        .position(|b| *b == b'.')
        .map(|i| at + i)
}

/// Index of the last `.`, a word at a time from the end (a flagged word is then searched
/// byte by byte: its highest flag may be a false positive).
fn last_dot(t: &[u8]) -> Option<usize> {
    let mut words = t.rchunks_exact(WORD);
    let head = words.remainder().len();
    let mut end = t.len();
    for chunk in &mut words {
        if dot_flags(chunk) != 0 {
            return chunk
                .iter()
                .rposition(|b| *b == b'.')
                .map(|i| end - WORD + i);
        }
        end -= WORD;
    }
    t.get(..head)?.iter().rposition(|b| *b == b'.')
}

/// The longest HMAC or ECDSA signature (HS512; ES256 is 64 bytes too).
const SMALL_SIGNATURE_LEN: usize = 64;

fn decode_signature<'s>(sig_b64: &[u8], out: &'s mut [u8]) -> Result<&'s [u8], Error> {
    match b64::decode(sig_b64, out) {
        Ok(s) => Ok(s),
        // Longer than any signature we verify: it cannot be valid.
        Err(Error::BufferTooSmall) => Err(Error::BadSignature),
        Err(e) => Err(e),
    }
}

fn select_and_verify<P: Provider, const N: usize>(
    keys: &KeySet<P, N>,
    header: &Header<'_>,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), Error> {
    let alg: Algorithm = header.alg();
    let kid = header.kid();
    // RFC 7515 §4.1.4: a kid identifies the key, with no fallback to other keys; without a
    // kid, the keys allowing the algorithm are tried, a bounded number of them.
    let candidates = keys.keys().filter(|k| match &kid {
        Some(kid) => k.matches_kid(kid),
        None => k.algorithms().contains(alg),
    });
    let mut last = Error::UnknownKey;
    for key in candidates.take(MAX_KEYS_TRIED) {
        match key.verify(alg, msg, sig) {
            Ok(()) => return Ok(()),
            // A signature failure outranks an algorithm mismatch on another key.
            Err(e) if last != Error::BadSignature => last = e,
            Err(_) => {}
        }
    }
    if last == Error::UnknownKey && kid.is_none() && !keys.is_empty() {
        // Keys exist but none may be used with this algorithm (e.g. HS256 offered against
        // an EC or RSA key set): algorithm confusion, not a missing key.
        last = Error::AlgorithmMismatch;
    }
    Err(last)
}

/// A token whose signature verified and whose claims passed a [`Validator`](super::Validator).
/// Header and claims borrow the caller's buffer.
#[derive(Clone, Copy, Debug)]
pub struct VerifiedToken<'b> {
    pub(crate) header: Header<'b>,
    pub(crate) claims: Claims<'b>,
}

impl<'b> VerifiedToken<'b> {
    /// The (now authenticated) header.
    pub fn header(&self) -> &Header<'b> {
        &self.header
    }

    /// The validated claims.
    pub fn claims(&self) -> &Claims<'b> {
        &self.claims
    }

    /// The algorithm that verified.
    pub fn alg(&self) -> Algorithm {
        self.header.alg()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time dot searches agree with a byte scan for every placement of up to two
    /// dots in every length around the word size, among bytes that make the has-zero-byte
    /// test flag false positives (`/` is `.` ^ 1) and high bytes.
    #[test]
    fn dot_searches_match_a_byte_scan() {
        for len in 0..3 * WORD + 3 {
            for fill in [b'a', b'/', 0xAE, 0x2F] {
                for i in 0..=len {
                    for j in i..=len {
                        let mut t = vec![fill; len];
                        if i < len {
                            t[i] = b'.';
                        }
                        if j < len {
                            t[j] = b'.';
                        }
                        let want_first = t.iter().position(|b| *b == b'.');
                        let want_last = t.iter().rposition(|b| *b == b'.');
                        assert_eq!(first_dot(&t), want_first, "{t:?}");
                        assert_eq!(last_dot(&t), want_last, "{t:?}");
                    }
                }
            }
        }
    }
}
