//! base64url without padding (RFC 4648 §5, as JOSE requires) into caller buffers.
//!
//! Public parts (headers, payloads, signatures) use a table decoder: fast, and strict
//! (no padding, no characters outside the alphabet, no non-canonical trailing bits).
//! Secrets (key material, client secrets) go through `base64ct`, which is constant-time.
//! Standard padded base64 (used by idpyoidc's opaque tokens and HTTP Basic) is here too.

use crate::Error;
use base64ct::Encoding;

pub(crate) mod padded;

use padded::{INVALID, URL as ALPHABET};

static DECODE: [u8; 256] = padded::table(ALPHABET);

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

/// The 64-bit step's tables: the sextet of each byte already shifted to its place in a 24-bit
/// quad (symbol 0 by 18, 1 by 12, 2 by 6, 3 by 0), or [`SHIFTED_INVALID`] outside the alphabet.
/// A quad is then four loads and three ors, and one or per quad collects invalid symbols.
/// 4 KB of tables: only the 64-bit step refers to them (32-bit targets do not link them).
static SHIFTED: [[u32; 256]; 4] = shifted(&DECODE);

/// [`SHIFTED`]'s entry for a byte outside the alphabet: above the 24 quad bits.
const SHIFTED_INVALID: u32 = 1 << 31;

#[allow(
    clippy::indexing_slicing,
    clippy::as_conversions,
    reason = "const fn: indices are < 4 and < 256 by construction"
)]
const fn shifted(t: &[u8; 256]) -> [[u32; 256]; 4] {
    let mut s = [[SHIFTED_INVALID; 256]; 4];
    let mut c = 0;
    while c < 256 {
        let v = t[c];
        if v != INVALID {
            let v = v as u32;
            s[0][c] = v << 18;
            s[1][c] = v << 12;
            s[2][c] = v << 6;
            s[3][c] = v;
        }
        c += 1;
    }
    s
}

/// The shifted entry for symbol `c` at position `k` of a quad.
#[inline(always)]
fn shifted_lookup(k: usize, c: u8) -> u32 {
    SHIFTED
        .get(k)
        .and_then(|t| t.get(usize::from(c)))
        .copied()
        .unwrap_or(SHIFTED_INVALID)
}

/// The table entry for `c`: its 6-bit value, or `INVALID` (top bits set).
#[inline(always)]
fn lookup(c: u8) -> u8 {
    DECODE.get(usize::from(c)).copied().unwrap_or(INVALID)
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
    decode_with::<WIDE>(input, out)
}

/// Whether [`decode`] takes eight symbols per step through a 64-bit accumulator (64-bit
/// targets) or four through a 32-bit one (32-bit targets such as Cortex-M, where 64-bit shifts
/// and ors cost two instructions each and the wide step is slower).
const WIDE: bool = cfg!(target_pointer_width = "64");

/// [`decode`] with the step width chosen by `WIDE8` (both forms are tested on every host).
#[inline(always)]
fn decode_with<'o, const WIDE8: bool>(
    input: &[u8],
    out: &'o mut [u8],
) -> Result<&'o mut [u8], Error> {
    let len = decoded_len(input.len()).ok_or(Error::InvalidBase64)?;
    let out = out.get_mut(..len).ok_or(Error::BufferTooSmall)?;
    // Branch-free main loop: look every symbol up, remember whether any was invalid (its table
    // entry has the top bits set), and decide once at the end (the output is scratch until then).
    let mut bad: u8 = 0;
    // Eight symbols -> six bytes per step on 64-bit targets (two quads from the pre-shifted
    // tables, one 48-bit store), then the leftover whole quads (all of them on 32-bit targets).
    let split = if WIDE8 { input.len() / 8 * 8 } else { 0 };
    let (wide_in, quad_in) = input.split_at(split);
    let (wide_out, quad_out) = out.split_at_mut(split / 4 * 3);
    let mut bad_wide: u32 = 0;
    for (c, d) in wide_in.chunks_exact(8).zip(wide_out.chunks_exact_mut(6)) {
        if let [a, b, e, f, g, h, i, j] = *c {
            let n = shifted_lookup(0, a)
                | shifted_lookup(1, b)
                | shifted_lookup(2, e)
                | shifted_lookup(3, f);
            let m = shifted_lookup(0, g)
                | shifted_lookup(1, h)
                | shifted_lookup(2, i)
                | shifted_lookup(3, j);
            bad_wide |= n | m;
            // Two quads, 48 bits (an invalid symbol's garbage is never returned).
            let w = u64::from(n) << 24 | u64::from(m);
            if let Some(src) = w.to_be_bytes().get(2..) {
                d.copy_from_slice(src);
            }
        }
    }
    if bad_wide & SHIFTED_INVALID != 0 {
        return Err(Error::InvalidBase64);
    }
    let mut chunks = quad_in.chunks_exact(4);
    let mut dst = quad_out.chunks_exact_mut(3);
    for (c, d) in (&mut chunks).zip(&mut dst) {
        if let ([a, b, e, f], [x, y, z]) = (c, d) {
            let (a, b, e, f) = (lookup(*a), lookup(*b), lookup(*e), lookup(*f));
            bad |= a | b | e | f;
            let n = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(e) << 6 | u32::from(f);
            // Little-endian order: byte shifts, no byte-reverse instruction.
            let [n2, n1, n0, _] = n.to_le_bytes();
            *x = n0;
            *y = n1;
            *z = n2;
        }
    }
    if bad & 0xC0 != 0 {
        return Err(Error::InvalidBase64);
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

#[inline(always)]
fn sym(n: u32) -> u8 {
    padded::sym(ALPHABET, n)
}

/// Encodes the first `n` bytes of `buf` as unpadded base64url *in place* (working backwards so
/// no input byte is overwritten before it is read); returns the encoded length.
pub fn encode_in_place(buf: &mut [u8], n: usize) -> Result<usize, Error> {
    let out_len = encoded_len(n);
    if out_len > buf.len() {
        return Err(Error::BufferTooSmall);
    }
    let full = n / 3;
    // The partial chunk first (its output lies past every input byte still to be read).
    let (s, d) = (3 * full, 4 * full);
    let mut tail = [0u8; 3];
    let rem = n - s;
    tail.get_mut(..rem)
        .ok_or(Error::BufferTooSmall)?
        .copy_from_slice(buf.get(s..n).ok_or(Error::BufferTooSmall)?);
    let enc = quad(tail);
    let dst = buf.get_mut(d..out_len).ok_or(Error::BufferTooSmall)?;
    dst.copy_from_slice(enc.get(..out_len - d).ok_or(Error::BufferTooSmall)?);
    // Then whole chunks from the last to the first: chunk k's output (4k..4k+4) only
    // overwrites input at or after 3k, which chunks before it never read. Pairs of chunks
    // (six bytes in, eight symbols out, read before written) while an even number is left.
    let mut full = full;
    while full >= 2 {
        let k = full - 2;
        let src: [u8; 6] = buf
            .get(3 * k..3 * k + 6)
            .and_then(|c| c.try_into().ok())
            .ok_or(Error::BufferTooSmall)?;
        let [a, b, c, d, e, f] = src;
        let [w, x, y, z] = quad([a, b, c]);
        let [w2, x2, y2, z2] = quad([d, e, f]);
        buf.get_mut(4 * k..4 * k + 8)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(&[w, x, y, z, w2, x2, y2, z2]);
        full -= 2;
    }
    for k in (0..full).rev() {
        let src: [u8; 3] = buf
            .get(3 * k..3 * k + 3)
            .and_then(|c| c.try_into().ok())
            .ok_or(Error::BufferTooSmall)?;
        buf.get_mut(4 * k..4 * k + 4)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(&quad(src));
    }
    Ok(out_len)
}

/// The four symbols of three bytes.
#[inline(always)]
fn quad([a, b, c]: [u8; 3]) -> [u8; 4] {
    let n = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
    #[cfg(target_pointer_width = "64")]
    {
        let [w, x] = pair(n >> 12);
        let [y, z] = pair(n);
        [w, x, y, z]
    }
    #[cfg(not(target_pointer_width = "64"))]
    [sym(n >> 18), sym(n >> 12), sym(n >> 6), sym(n)]
}

/// The two symbols of every 12-bit value, so that the encoder looks up two symbols at a time
/// (half the loads of the token's longest step after the hash). 8 KiB: 64-bit hosts only —
/// 32-bit targets (the firmware) keep the 64-byte alphabet.
#[cfg(target_pointer_width = "64")]
static PAIRS: [[u8; 2]; 4096] = pairs(ALPHABET);

#[cfg(target_pointer_width = "64")]
#[allow(
    clippy::indexing_slicing,
    reason = "const fn, evaluated at build time: indices are < 4096 and < 64 by construction"
)]
const fn pairs(alphabet: &[u8; 64]) -> [[u8; 2]; 4096] {
    let mut t = [[0u8; 2]; 4096];
    let mut i = 0;
    while i < 4096 {
        t[i] = [alphabet[i >> 6], alphabet[i & 63]];
        i += 1;
    }
    t
}

/// The two symbols of the low 12 bits of `n`.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn pair(n: u32) -> [u8; 2] {
    // The mask keeps the index in 0..4096, so the lookup cannot miss.
    PAIRS
        .get(usize::try_from(n & 0xFFF).unwrap_or(0))
        .copied()
        .unwrap_or([b'A'; 2])
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

    /// The encoder's symbol groups (two-symbol table on 64-bit hosts) equal the alphabet
    /// looked up one symbol at a time, for every 12-bit value and a spread of 24-bit ones.
    #[test]
    fn quads_match_the_alphabet() {
        // Under miri (tests/steps/70-fuzz.sh) a thinner spread: a full one takes minutes there.
        let (wide, narrow) = if cfg!(miri) { (65_521, 61) } else { (7, 1) };
        for n in (0..1u32 << 24).step_by(wide).chain((1 << 24) - 64..1 << 24) {
            let [_, a, b, c] = n.to_be_bytes();
            let expect = [sym(n >> 18), sym(n >> 12), sym(n >> 6), sym(n)];
            assert_eq!(quad([a, b, c]), expect, "{n:#x}");
        }
        #[cfg(target_pointer_width = "64")]
        for n in (0..4096u32).step_by(narrow) {
            assert_eq!(pair(n), [sym(n >> 6), sym(n)]);
        }
    }

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

    /// Both step widths (the one this target does not use included) decode every length and
    /// reject every invalid symbol at every position alike.
    #[test]
    fn both_step_widths_agree() {
        let data: Vec<u8> = (0u8..=255).rev().chain(0u8..=255).collect();
        for n in 0..=data.len().min(70) {
            let mut text = [0u8; 128];
            let t = encode(&data[..n], &mut text).unwrap();
            let text = &text[..t];
            let (mut a, mut b) = ([0u8; 96], [0u8; 96]);
            assert_eq!(decode_with::<true>(text, &mut a).unwrap(), &data[..n]);
            assert_eq!(decode_with::<false>(text, &mut b).unwrap(), &data[..n]);
            for pos in 0..text.len() {
                for bad in [b'=', b'+', b'/', b'.', 0x80, 0] {
                    let mut t2 = text.to_vec();
                    t2[pos] = bad;
                    assert_eq!(decode_with::<true>(&t2, &mut a), Err(Error::InvalidBase64));
                    assert_eq!(decode_with::<false>(&t2, &mut b), Err(Error::InvalidBase64));
                }
            }
            let short = decoded_len(text.len()).unwrap().saturating_sub(1);
            if n > 0 {
                assert_eq!(
                    decode_with::<true>(text, &mut a[..short]),
                    Err(Error::BufferTooSmall)
                );
                assert_eq!(
                    decode_with::<false>(text, &mut b[..short]),
                    Err(Error::BufferTooSmall)
                );
            }
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
