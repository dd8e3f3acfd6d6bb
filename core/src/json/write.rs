//! Writing JSON into caller buffers.

use crate::Error;

/// Separator style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `{"a":1,"b":2}` — JOSE headers (cryptojwt writes them compact).
    Compact,
    /// `{"a": 1, "b": 2}` — Python's `json.dumps` defaults, which idpyoidc uses for claims
    /// and messages; needed for byte-identical tokens.
    Python,
}

/// Appends bytes to a caller buffer; never writes past it.
#[derive(Debug)]
pub struct JsonWriter<'b> {
    buf: &'b mut [u8],
    len: usize,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl<'b> JsonWriter<'b> {
    /// A writer appending to `buf` from its start.
    pub fn new(buf: &'b mut [u8]) -> Self {
        JsonWriter { buf, len: 0 }
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes written so far.
    pub fn written(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// Gives back the buffer and the number of bytes written.
    pub fn finish(self) -> (&'b mut [u8], usize) {
        (self.buf, self.len)
    }

    /// Appends raw bytes (the caller guarantees they are valid JSON in context).
    #[inline]
    pub fn raw(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self
            .len
            .checked_add(bytes.len())
            .ok_or(Error::BufferTooSmall)?;
        self.buf
            .get_mut(self.len..end)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(bytes);
        self.len = end;
        Ok(())
    }

    #[inline]
    fn byte(&mut self, b: u8) -> Result<(), Error> {
        *self.buf.get_mut(self.len).ok_or(Error::BufferTooSmall)? = b;
        self.len += 1;
        Ok(())
    }

    fn u_escape(&mut self, unit: u16) -> Result<(), Error> {
        let [hi, lo] = unit.to_be_bytes();
        let h = |n: u8| HEX.get(usize::from(n & 0xF)).copied().unwrap_or(b'0');
        self.raw(&[b'\\', b'u', h(hi >> 4), h(hi), h(lo >> 4), h(lo)])
    }

    /// Writes `s` as a JSON string the way Python's `json.dumps` does (`ensure_ascii`):
    /// `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f` short escapes, other control characters and
    /// every non-ASCII character as `\uXXXX` (surrogate pairs above the BMP).
    pub fn string(&mut self, s: &str) -> Result<(), Error> {
        self.byte(b'"')?;
        let mut rest = s;
        while !rest.is_empty() {
            // Copy the run that needs no escaping in one go (printable ASCII: json.dumps'
            // ensure_ascii escapes DEL, 0x7F, too).
            let bytes = rest.as_bytes();
            let plain = plain_run(bytes);
            self.raw(bytes.get(..plain).unwrap_or(&[]))?;
            rest = rest.get(plain..).unwrap_or("");
            let Some(ch) = rest.chars().next() else { break };
            match ch {
                '"' => self.raw(b"\\\"")?,
                '\\' => self.raw(b"\\\\")?,
                '\n' => self.raw(b"\\n")?,
                '\r' => self.raw(b"\\r")?,
                '\t' => self.raw(b"\\t")?,
                '\u{8}' => self.raw(b"\\b")?,
                '\u{c}' => self.raw(b"\\f")?,
                _ => {
                    // Other control characters and every non-ASCII character: \uXXXX (UTF-16).
                    let mut units = [0u16; 2];
                    for u in ch.encode_utf16(&mut units) {
                        self.u_escape(*u)?;
                    }
                }
            }
            rest = rest.get(ch.len_utf8()..).unwrap_or("");
        }
        self.byte(b'"')
    }

    /// Writes a decimal integer.
    pub fn int(&mut self, v: i64) -> Result<(), Error> {
        let mut tmp = [0u8; 20];
        let mut i = tmp.len();
        let neg = v < 0;
        let mut n = v.unsigned_abs();
        loop {
            i -= 1;
            let digit = u8::try_from(n % 10).unwrap_or(0);
            *tmp.get_mut(i).ok_or(Error::BufferTooSmall)? = b'0' + digit;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if neg {
            self.byte(b'-')?;
        }
        self.raw(tmp.get(i..).ok_or(Error::BufferTooSmall)?)
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, v: bool) -> Result<(), Error> {
        self.raw(if v { b"true" } else { b"false" })
    }
}

/// Writes one JSON object member by member, with the chosen separator style.
#[derive(Debug)]
pub struct ObjectWriter<'w, 'b> {
    w: &'w mut JsonWriter<'b>,
    style: Style,
    first: bool,
}

impl<'w, 'b> ObjectWriter<'w, 'b> {
    /// Opens an object (`{`).
    pub fn new(w: &'w mut JsonWriter<'b>, style: Style) -> Result<Self, Error> {
        w.raw(b"{")?;
        Ok(ObjectWriter {
            w,
            style,
            first: true,
        })
    }

    /// Writes the separator and `"name":` for the next member, returning the writer for the
    /// value.
    pub fn key(&mut self, name: &str) -> Result<&mut JsonWriter<'b>, Error> {
        if !self.first {
            self.w.raw(match self.style {
                Style::Compact => b",",
                Style::Python => b", ",
            })?;
        }
        self.first = false;
        self.w.string(name)?;
        self.w.raw(match self.style {
            Style::Compact => b":",
            Style::Python => b": ",
        })?;
        Ok(self.w)
    }

    /// `"name": "value"`
    pub fn str(&mut self, name: &str, value: &str) -> Result<(), Error> {
        self.key(name)?.string(value)
    }

    /// `"name": 123`
    pub fn int(&mut self, name: &str, value: i64) -> Result<(), Error> {
        self.key(name)?.int(value)
    }

    /// `"name": true`
    pub fn bool(&mut self, name: &str, value: bool) -> Result<(), Error> {
        self.key(name)?.bool(value)
    }

    /// `"name": ["a", "b"]`
    pub fn str_array(&mut self, name: &str, values: &[&str]) -> Result<(), Error> {
        let style = self.style;
        let w = self.key(name)?;
        w.raw(b"[")?;
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                w.raw(match style {
                    Style::Compact => b",",
                    Style::Python => b", ",
                })?;
            }
            w.string(v)?;
        }
        w.raw(b"]")
    }

    /// `"name": <raw JSON>`; the caller guarantees `json` is one valid JSON value.
    pub fn raw(&mut self, name: &str, json: &[u8]) -> Result<(), Error> {
        self.key(name)?.raw(json)
    }

    /// Closes the object (`}`).
    pub fn end(self) -> Result<(), Error> {
        self.w.raw(b"}")
    }
}

/// Whether `json.dumps` (`ensure_ascii`) writes `b` other than as itself: `"`, `\\`, control
/// characters, DEL and every byte of a non-ASCII character.
#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\' || b >= 0x7F
}

/// The length of the longest prefix of `bytes` that is written as is (no byte for which
/// [`needs_escape`] holds).
///
/// On 64-bit targets eight bytes per step: word-at-a-time "has zero byte" tests (for `"`, `\\`
/// and DEL) and "has byte less than 0x20", plus the high bits; each test's lowest flagged byte
/// is exact (a borrow only moves upward from a byte that is itself flagged), so the first
/// flagged byte of the word is the first byte that needs escaping. Strings are mostly long
/// ASCII runs (`sid`, `sub`, URLs), where this is several times faster than a byte loop.
/// 32-bit targets keep the byte loop (smaller code on the firmware).
#[inline]
fn plain_run(bytes: &[u8]) -> usize {
    let mut n = 0usize;
    #[cfg(target_pointer_width = "64")]
    {
        const LO: u64 = 0x0101_0101_0101_0101;
        const HI: u64 = 0x8080_8080_8080_8080;
        for chunk in bytes.chunks_exact(8) {
            // Never the fallback: every chunk has eight bytes.
            let x = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
            let q = x ^ (LO * u64::from(b'"'));
            let b = x ^ (LO * u64::from(b'\\'));
            let d = x ^ (LO * 0x7F);
            let special = ((q.wrapping_sub(LO) & !q)
                | (b.wrapping_sub(LO) & !b)
                | (d.wrapping_sub(LO) & !d)
                | (x.wrapping_sub(LO * 0x20) & !x)
                | x)
                & HI;
            if special != 0 {
                return n + usize::try_from(special.trailing_zeros() / 8).unwrap_or(0);
            }
            n += 8;
        }
    }
    let tail = bytes.get(n..).unwrap_or_default();
    n + tail
        .iter()
        .position(|&b| needs_escape(b))
        .unwrap_or(tail.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time scan stops exactly where the byte loop does: every byte value at
    /// every position of every length up to three words, on a plain background and after an
    /// earlier escape.
    #[test]
    fn plain_run_matches_byte_loop() {
        let reference = |b: &[u8]| b.iter().position(|&c| needs_escape(c)).unwrap_or(b.len());
        // Under miri (tests/steps/70-fuzz.sh) a sample of the byte values: every one is minutes.
        let step = if cfg!(miri) { 51 } else { 1 };
        for len in 0..=24usize {
            for at in 0..len {
                for v in (0..=255u8)
                    .step_by(step)
                    .chain([b'"', b'\\', 0x7F, 0x1F, 0x20, 0x80])
                {
                    let mut buf = [b'a'; 24];
                    let text = buf.get_mut(..len).unwrap();
                    text[at] = v;
                    assert_eq!(
                        plain_run(text),
                        reference(text),
                        "len {len} at {at} v {v:#x}"
                    );
                    if at + 1 < len {
                        text[at + 1] = b'"';
                        assert_eq!(
                            plain_run(text),
                            reference(text),
                            "len {len} at {at} v {v:#x}"
                        );
                    }
                }
            }
        }
        // Every printable ASCII byte other than `"` and `\` is plain, in every word position.
        let printable: Vec<u8> = (0x20..0x7F).filter(|&b| b != b'"' && b != b'\\').collect();
        assert_eq!(plain_run(&printable), printable.len());
    }

    #[test]
    fn python_style_matches_json_dumps() {
        let mut buf = [0u8; 128];
        let mut w = JsonWriter::new(&mut buf);
        let mut o = ObjectWriter::new(&mut w, Style::Python).unwrap();
        o.str("a", "x\"y\\\n\u{1}\u{7f}é😀").unwrap();
        o.int("b", -42).unwrap();
        o.str_array("c", &["p", "q"]).unwrap();
        o.bool("d", false).unwrap();
        o.end().unwrap();
        // json.dumps({"a": "x\"y\\\n\x01\x7fé😀", "b": -42, "c": ["p", "q"], "d": False})
        assert_eq!(
            core::str::from_utf8(w.written()).unwrap(),
            r#"{"a": "x\"y\\\n\u0001\u007f\u00e9\ud83d\ude00", "b": -42, "c": ["p", "q"], "d": false}"#
        );
    }

    #[test]
    fn one_byte_short_is_an_error() {
        let mut buf = [0u8; 8];
        let mut w = JsonWriter::new(&mut buf);
        assert!(w.string("abcdef").is_ok());
        let mut buf = [0u8; 7];
        let mut w = JsonWriter::new(&mut buf);
        assert_eq!(w.string("abcdef"), Err(Error::BufferTooSmall));
        let mut buf = [0u8; 20];
        let mut w = JsonWriter::new(&mut buf);
        w.int(i64::MIN).unwrap();
        assert_eq!(w.written(), b"-9223372036854775808");
    }
}
