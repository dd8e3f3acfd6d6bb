//! base64url without padding (RFC 4648 §5, as JOSE requires) into caller buffers.
//!
//! Public parts (headers, payloads, signatures) use a table decoder: fast, and strict
//! (no padding, no characters outside the alphabet, no non-canonical trailing bits).
//! Secrets (key material, client secrets) go through `base64ct`, which is constant-time.
//! Standard padded base64 (used by idpyoidc's opaque tokens and HTTP Basic) is here too.

use crate::Error;
use base64ct::Encoding;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const INVALID: u8 = 0xFF;

// Compile-time table construction: indices are bounded by the loop (0..64) and by u8 range,
// and a const fn cannot use `get`/`try_from`; evaluated at compile time, so it cannot panic.
#[allow(clippy::indexing_slicing, clippy::as_conversions)]
const fn decode_table() -> [u8; 256] {
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
}

static DECODE: [u8; 256] = decode_table();

/// Length of the base64url (unpadded) encoding of `n` bytes.
pub const fn encoded_len(n: usize) -> usize {
    (n / 3) * 4
        + match n % 3 {
            0 => 0,
            1 => 2,
            _ => 3,
        }
}

/// Length of the bytes that `n` base64url characters decode to, or `None` when no valid
/// unpadded encoding has that length (`n % 4 == 1`).
pub const fn decoded_len(n: usize) -> Option<usize> {
    match n % 4 {
        0 => Some((n / 4) * 3),
        2 => Some((n / 4) * 3 + 1),
        3 => Some((n / 4) * 3 + 2),
        _ => None,
    }
}

#[inline]
fn sextet(c: u8) -> Result<u32, Error> {
    match DECODE.get(usize::from(c)) {
        Some(&v) if v != INVALID => Ok(u32::from(v)),
        _ => Err(Error::InvalidBase64),
    }
}

/// Decodes unpadded base64url `input` into the front of `out`, returning the decoded length.
///
/// Strict: padding, characters outside the URL-safe alphabet, a length of 1 mod 4 and
/// non-zero trailing bits are all [`Error::InvalidBase64`]. Not constant-time: use
/// [`decode_secret`] for key material.
pub fn decode<'o>(input: &[u8], out: &'o mut [u8]) -> Result<&'o mut [u8], Error> {
    let len = decoded_len(input.len()).ok_or(Error::InvalidBase64)?;
    let out = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
    let mut chunks = input.chunks_exact(4);
    let mut dst = out.chunks_exact_mut(3);
    for (c, d) in (&mut chunks).zip(&mut dst) {
        if let ([a, b, e, f], [x, y, z]) = (c, d) {
            let n = sextet(*a)? << 18 | sextet(*b)? << 12 | sextet(*e)? << 6 | sextet(*f)?;
            let [_, n0, n1, n2] = n.to_be_bytes();
            *x = n0;
            *y = n1;
            *z = n2;
        }
    }
    let rest = chunks.remainder();
    let tail = dst.into_remainder();
    match (rest, tail) {
        ([], []) => {}
        ([a, b], [x]) => {
            let n = sextet(*a)? << 6 | sextet(*b)?;
            if n & 0xF != 0 {
                return Err(Error::InvalidBase64);
            }
            let [_, _, hi, lo] = (n >> 4).to_be_bytes();
            debug_assert_eq!(hi, 0);
            *x = lo;
        }
        ([a, b, c], [x, y]) => {
            let n = sextet(*a)? << 12 | sextet(*b)? << 6 | sextet(*c)?;
            if n & 0x3 != 0 {
                return Err(Error::InvalidBase64);
            }
            let [_, _, hi, lo] = (n >> 2).to_be_bytes();
            *x = hi;
            *y = lo;
        }
        _ => return Err(Error::InvalidBase64),
    }
    Ok(out)
}

/// Checks that `input` is canonical unpadded base64url without decoding it anywhere.
pub fn validate(input: &[u8]) -> Result<usize, Error> {
    let len = decoded_len(input.len()).ok_or(Error::InvalidBase64)?;
    let full = input.len() / 4 * 4;
    let (body, rest) = input.split_at(full);
    for &c in body {
        sextet(c)?;
    }
    match rest {
        [] => {}
        [a, b] => {
            sextet(*a)?;
            if sextet(*b)? & 0xF != 0 {
                return Err(Error::InvalidBase64);
            }
        }
        [a, b, c] => {
            sextet(*a)?;
            sextet(*b)?;
            if sextet(*c)? & 0x3 != 0 {
                return Err(Error::InvalidBase64);
            }
        }
        _ => return Err(Error::InvalidBase64),
    }
    Ok(len)
}

/// Encodes `input` as unpadded base64url into the front of `out`, returning the length written.
pub fn encode(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    let len = encoded_len(input.len());
    let out = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
    let mut src = input.chunks_exact(3);
    let mut dst = out.chunks_exact_mut(4);
    for (s, d) in (&mut src).zip(&mut dst) {
        if let ([a, b, c], [w, x, y, z]) = (s, d) {
            let n = u32::from(*a) << 16 | u32::from(*b) << 8 | u32::from(*c);
            *w = sym(n >> 18);
            *x = sym(n >> 12);
            *y = sym(n >> 6);
            *z = sym(n);
        }
    }
    match (src.remainder(), dst.into_remainder()) {
        ([], []) => {}
        ([a], [w, x]) => {
            let n = u32::from(*a) << 16;
            *w = sym(n >> 18);
            *x = sym(n >> 12);
        }
        ([a, b], [w, x, y]) => {
            let n = u32::from(*a) << 16 | u32::from(*b) << 8;
            *w = sym(n >> 18);
            *x = sym(n >> 12);
            *y = sym(n >> 6);
        }
        _ => return Err(Error::BufferTooSmall),
    }
    Ok(len)
}

#[inline]
fn sym(n: u32) -> u8 {
    // The mask keeps the index in 0..64, so the lookup cannot fail.
    ALPHABET
        .get(usize::try_from(n & 63).unwrap_or(0))
        .copied()
        .unwrap_or(b'A')
}

/// Encodes the first `n` bytes of `buf` as unpadded base64url *in place* (working backwards so
/// no input byte is overwritten before it is read); returns the encoded length.
pub fn encode_in_place(buf: &mut [u8], n: usize) -> Result<usize, Error> {
    let out_len = encoded_len(n);
    if out_len > buf.len() {
        return Err(Error::BufferTooSmall);
    }
    let full = n / 3;
    let get = |buf: &[u8], i: usize| {
        buf.get(i)
            .copied()
            .map(u32::from)
            .ok_or(Error::BufferTooSmall)
    };
    let put = |buf: &mut [u8], i: usize, v: u32| -> Result<(), Error> {
        *buf.get_mut(i).ok_or(Error::BufferTooSmall)? = sym(v);
        Ok(())
    };
    let (s, d) = (3 * full, 4 * full);
    match n % 3 {
        1 => {
            let v = get(buf, s)? << 16;
            put(buf, d, v >> 18)?;
            put(buf, d + 1, v >> 12)?;
        }
        2 => {
            let v = get(buf, s)? << 16 | get(buf, s + 1)? << 8;
            put(buf, d, v >> 18)?;
            put(buf, d + 1, v >> 12)?;
            put(buf, d + 2, v >> 6)?;
        }
        _ => {}
    }
    for k in (0..full).rev() {
        let (s, d) = (3 * k, 4 * k);
        let v = get(buf, s)? << 16 | get(buf, s + 1)? << 8 | get(buf, s + 2)?;
        put(buf, d, v >> 18)?;
        put(buf, d + 1, v >> 12)?;
        put(buf, d + 2, v >> 6)?;
        put(buf, d + 3, v)?;
    }
    Ok(out_len)
}

/// Constant-time decode of unpadded base64url secret material (key bytes, `d`, `k`).
pub fn decode_secret<'o>(input: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> {
    if decoded_len(input.len()).is_some_and(|n| n > out.len()) {
        return Err(Error::BufferTooSmall);
    }
    base64ct::Base64UrlUnpadded::decode(input, out)
        .map(<[u8]>::as_ref)
        .map_err(|_| Error::InvalidBase64)
}

/// Decodes standard base64 *with* padding (RFC 4648 §4), constant-time, as used by
/// idpyoidc's opaque tokens and HTTP Basic credentials.
pub fn decode_standard<'o>(input: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> {
    let room = out.len();
    base64ct::Base64::decode(input, out)
        .map(<[u8]>::as_ref)
        .map_err(|e| match e {
            base64ct::Error::InvalidLength if input.len() / 4 * 3 > room + 2 => {
                Error::BufferTooSmall
            }
            _ => Error::InvalidBase64,
        })
}

/// Encodes standard base64 with padding into `out`, returning the length written.
pub fn encode_standard(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    base64ct::Base64::encode(input, out)
        .map(|s| s.len())
        .map_err(|_| Error::BufferTooSmall)
}

/// Encodes unpadded base64url into `out` with `base64ct` (constant-time), for secrets.
pub fn encode_secret(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    base64ct::Base64UrlUnpadded::encode(input, out)
        .map(|s| s.len())
        .map_err(|_| Error::BufferTooSmall)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors_round_trip() {
        let cases: &[(&[u8], &str)] = &[
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
            (&[0xfb, 0xff, 0xfe], "-__-"),
        ];
        for (raw, text) in cases {
            let mut buf = [0u8; 16];
            let n = encode(raw, &mut buf).unwrap();
            assert_eq!(&buf[..n], text.as_bytes());
            let mut out = [0u8; 16];
            assert_eq!(decode(text.as_bytes(), &mut out).unwrap(), *raw);
            assert_eq!(validate(text.as_bytes()).unwrap(), raw.len());
            let mut out2 = [0u8; 16];
            assert_eq!(decode_secret(text.as_bytes(), &mut out2).unwrap(), *raw);
        }
    }

    #[test]
    fn strictness() {
        let mut out = [0u8; 16];
        for bad in [
            "Zg==", "Z", "Zh", "Zm9=", "Zm+v", "Zm/v", "Zm9v Yg", "Zm9vY",
        ] {
            assert_eq!(
                decode(bad.as_bytes(), &mut out),
                Err(Error::InvalidBase64),
                "{bad}"
            );
            assert_eq!(validate(bad.as_bytes()), Err(Error::InvalidBase64), "{bad}");
        }
        // One byte short is a buffer error, never a truncated write.
        let mut small = [0u8; 2];
        assert_eq!(decode(b"Zm9v", &mut small), Err(Error::BufferTooSmall));
        assert_eq!(encode(b"foo", &mut small), Err(Error::BufferTooSmall));
    }
}
