//! Padded base64 (RFC 4648 §4 standard and §5 URL-safe alphabets), in place.
//!
//! Used by the opaque-token module: its values are base64 twice over (Fernet's URL-safe text,
//! then idpyoidc's standard base64 of that text). Both passes run inside the caller's one buffer: encoding reads a
//! right-aligned input and writes the output from the front, decoding writes behind what it
//! reads. Everything encoded or decoded here is ciphertext or MAC (public once on the wire),
//! so a table codec is fine; secrets never pass through it.
#![cfg_attr(
    not(feature = "opaque"),
    allow(
        dead_code,
        reason = "only the opaque module uses the padded codec; the JOSE codec shares the tables"
    )
)]

use crate::Error;

/// Which of the two RFC 4648 alphabets, both with `=` padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Alphabet {
    /// RFC 4648 §4: `+` and `/` (idpyoidc's outer `base64.b64encode`).
    Standard,
    /// RFC 4648 §5: `-` and `_` (Fernet's `urlsafe_b64encode`).
    Url,
}

pub(crate) const STD: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
pub(crate) const URL: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Decode-table entry of a byte outside the alphabet (top bits set, so ORing entries detects it).
pub(crate) const INVALID: u8 = 0xFF;

#[allow(
    clippy::indexing_slicing,
    clippy::as_conversions,
    reason = "const fn: indices are < 64 and < 256 by construction"
)]
pub(crate) const fn table(alphabet: &[u8; 64]) -> [u8; 256] {
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t
}

static DEC_STD: [u8; 256] = table(STD);
static DEC_URL: [u8; 256] = table(URL);

impl Alphabet {
    fn symbols(self) -> &'static [u8; 64] {
        match self {
            Alphabet::Standard => STD,
            Alphabet::Url => URL,
        }
    }

    fn decode_table(self) -> &'static [u8; 256] {
        match self {
            Alphabet::Standard => &DEC_STD,
            Alphabet::Url => &DEC_URL,
        }
    }
}

/// Length of the padded encoding of `n` bytes.
pub(crate) const fn padded_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

#[inline(always)]
pub(crate) fn sym(symbols: &[u8; 64], n: u32) -> u8 {
    // The mask keeps the index in 0..64, so the lookup cannot miss.
    symbols
        .get(usize::try_from(n & 63).unwrap_or(0))
        .copied()
        .unwrap_or(b'A')
}

/// Encodes the last `n` bytes of `buf` in place; `buf.len()` must be exactly
/// `padded_len(n)`. Returns the encoded length.
///
/// Group `i` reads input bytes `[len - n + 3i, +3)` before writing output `[4i, +4)`; as
/// `len - n >= ceil(n / 3)`, no write reaches input that is still unread.
pub(crate) fn encode_right_aligned(
    buf: &mut [u8],
    n: usize,
    alphabet: Alphabet,
) -> Result<usize, Error> {
    let len = padded_len(n);
    if buf.len() != len {
        return Err(Error::BufferTooSmall);
    }
    let symbols = alphabet.symbols();
    let start = len - n;
    let groups = n / 3;
    for i in 0..groups {
        let src = start + 3 * i;
        let (a, b, c) = match buf.get(src..src + 3) {
            Some(&[a, b, c]) => (a, b, c),
            _ => return Err(Error::BufferTooSmall),
        };
        let v = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
        let dst = buf.get_mut(4 * i..4 * i + 4).ok_or(Error::BufferTooSmall)?;
        dst.copy_from_slice(&[
            sym(symbols, v >> 18),
            sym(symbols, v >> 12),
            sym(symbols, v >> 6),
            sym(symbols, v),
        ]);
    }
    let src = start + 3 * groups;
    let tail: [u8; 4] = match buf.get(src..) {
        Some(&[]) => return Ok(len),
        Some(&[a]) => {
            let v = u32::from(a) << 16;
            [sym(symbols, v >> 18), sym(symbols, v >> 12), b'=', b'=']
        }
        Some(&[a, b]) => {
            let v = u32::from(a) << 16 | u32::from(b) << 8;
            [
                sym(symbols, v >> 18),
                sym(symbols, v >> 12),
                sym(symbols, v >> 6),
                b'=',
            ]
        }
        _ => return Err(Error::BufferTooSmall),
    };
    buf.get_mut(4 * groups..)
        .ok_or(Error::BufferTooSmall)?
        .copy_from_slice(&tail);
    Ok(len)
}

/// Encodes `input` into the front of `out` (not in place). Returns the encoded length.
pub(crate) fn encode(input: &[u8], out: &mut [u8], alphabet: Alphabet) -> Result<usize, Error> {
    let len = padded_len(input.len());
    let dst = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
    let n = input.len();
    dst.get_mut(len - n..)
        .ok_or(Error::BufferTooSmall)?
        .copy_from_slice(input);
    encode_right_aligned(dst, n, alphabet)
}

#[inline]
fn val(t: &[u8; 256], c: u8) -> Result<u32, Error> {
    match t.get(usize::from(c)).copied().unwrap_or(INVALID) {
        INVALID => Err(Error::InvalidBase64),
        v => Ok(u32::from(v)),
    }
}

/// Decodes padded base64 held in `buf[..n]` in place, returning the decoded length.
///
/// Strict: the length must be a multiple of 4, padding (`=` or `==`) only at the end, no
/// characters outside the alphabet, canonical (zero) trailing bits.
pub(crate) fn decode_in_place(
    buf: &mut [u8],
    n: usize,
    alphabet: Alphabet,
) -> Result<usize, Error> {
    if !n.is_multiple_of(4) {
        return Err(Error::InvalidBase64);
    }
    let t = alphabet.decode_table();
    let groups = n / 4;
    let Some(full) = groups.checked_sub(1) else {
        return Ok(0);
    };
    // Every group but the last: no padding allowed. Invalid characters map to 0xFF; they are
    // OR-ed into `bad` and checked once after the loop instead of branching per character.
    let mut bad = 0u8;
    let lookup = |c: u8| t.get(usize::from(c)).copied().unwrap_or(INVALID);
    for i in 0..full {
        let Some(&[a, b, c, d]) = buf.get(4 * i..4 * i + 4) else {
            return Err(Error::InvalidBase64);
        };
        let (a, b, c, d) = (lookup(a), lookup(b), lookup(c), lookup(d));
        bad |= a | b | c | d;
        let v = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
        let [_, x, y, z] = v.to_be_bytes();
        let Some(dst) = buf.get_mut(3 * i..3 * i + 3) else {
            return Err(Error::InvalidBase64);
        };
        dst.copy_from_slice(&[x, y, z]);
    }
    if bad & 0x80 != 0 {
        return Err(Error::InvalidBase64);
    }
    let out = 3 * full;
    let quad = match buf.get(4 * full..4 * full + 4) {
        Some(&[a, b, c, d]) => [a, b, c, d],
        _ => return Err(Error::InvalidBase64),
    };
    let (bytes, count): ([u8; 3], usize) = match quad {
        [a, b, b'=', b'='] => {
            let v = val(t, a)? << 6 | val(t, b)?;
            if v & 0xF != 0 {
                return Err(Error::InvalidBase64);
            }
            let [_, _, _, x] = (v >> 4).to_be_bytes();
            ([x, 0, 0], 1)
        }
        [a, b, c, b'='] => {
            let v = val(t, a)? << 12 | val(t, b)? << 6 | val(t, c)?;
            if v & 0x3 != 0 {
                return Err(Error::InvalidBase64);
            }
            let [_, _, x, y] = (v >> 2).to_be_bytes();
            ([x, y, 0], 2)
        }
        [a, b, c, d] => {
            let v = val(t, a)? << 18 | val(t, b)? << 12 | val(t, c)? << 6 | val(t, d)?;
            let [_, x, y, z] = v.to_be_bytes();
            ([x, y, z], 3)
        }
    };
    let src = bytes.get(..count).ok_or(Error::InvalidBase64)?;
    buf.get_mut(out..out + count)
        .ok_or(Error::InvalidBase64)?
        .copy_from_slice(src);
    Ok(out + count)
}

/// Decodes padded base64 `input` into the front of `out`, returning the decoded length.
#[cfg(test)]
pub(crate) fn decode(input: &[u8], out: &mut [u8], alphabet: Alphabet) -> Result<usize, Error> {
    let n = input.len();
    // Decoding writes at most 3/4 of the input; the input is copied first, so `out` must hold
    // it whole.
    let dst = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
    dst.copy_from_slice(input);
    decode_in_place(dst, n, alphabet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors_both_alphabets() {
        let cases: &[(&[u8], &str, &str)] = &[
            (b"", "", ""),
            (b"f", "Zg==", "Zg=="),
            (b"fo", "Zm8=", "Zm8="),
            (b"foo", "Zm9v", "Zm9v"),
            (b"foob", "Zm9vYg==", "Zm9vYg=="),
            (b"fooba", "Zm9vYmE=", "Zm9vYmE="),
            (b"foobar", "Zm9vYmFy", "Zm9vYmFy"),
            (&[0xfb, 0xff, 0xfe], "+//+", "-__-"),
        ];
        for (raw, std, url) in cases {
            for (alpha, text) in [(Alphabet::Standard, std), (Alphabet::Url, url)] {
                let mut buf = [0u8; 16];
                let n = encode(raw, &mut buf, alpha).unwrap();
                assert_eq!(&buf[..n], text.as_bytes());
                let mut out = [0u8; 16];
                let m = decode(text.as_bytes(), &mut out, alpha).unwrap();
                assert_eq!(&out[..m], *raw);
            }
        }
    }

    #[test]
    fn strict_decoding() {
        let mut out = [0u8; 16];
        for bad in [
            "Zg=", "Zg", "Zh==", "Zm9=", "Z===", "Zg==Zg==", "Zm9v Yg=", "-__-", "Zm=v",
        ] {
            assert_eq!(
                decode(bad.as_bytes(), &mut out, Alphabet::Standard),
                Err(Error::InvalidBase64),
                "{bad}"
            );
        }
        assert_eq!(
            decode(b"+//+", &mut out, Alphabet::Url),
            Err(Error::InvalidBase64)
        );
        let mut small = [0u8; 3];
        assert_eq!(
            decode(b"Zm9vYg==", &mut small, Alphabet::Standard),
            Err(Error::BufferTooSmall)
        );
        assert_eq!(
            encode(b"fooba", &mut [0u8; 7], Alphabet::Standard),
            Err(Error::BufferTooSmall)
        );
    }

    #[test]
    fn in_place_matches_base64ct() {
        use base64ct::Encoding;
        // Every length 0..300 with deterministic pseudo-random bytes (property tests with
        // proptest live in tests/conformance; the core keeps no dev-dependencies).
        let mut x: u32 = 0x1234_5678;
        for len in 0..300 {
            let data: Vec<u8> = (0..len)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    x.to_be_bytes()[1]
                })
                .collect();
            for alpha in [Alphabet::Standard, Alphabet::Url] {
                let mut buf = vec![0u8; padded_len(data.len())];
                let n = encode(&data, &mut buf, alpha).unwrap();
                let mut reference = vec![0u8; n];
                let want = match alpha {
                    Alphabet::Standard => base64ct::Base64::encode(&data, &mut reference).unwrap(),
                    Alphabet::Url => base64ct::Base64Url::encode(&data, &mut reference).unwrap(),
                };
                assert_eq!(&buf[..n], want.as_bytes());
                let m = decode_in_place(&mut buf, n, alpha).unwrap();
                assert_eq!(&buf[..m], &data[..]);
            }
        }
    }
}
