//! idpyoidc's length-value packing (`server/util.py` `lv_pack` / `lv_unpack`).
//!
//! Each field is its length **in Unicode code points** in decimal, a `:`, then the field:
//! `lv_pack("ab", "xyz") == "2:ab3:xyz"`. Python counts characters, so a port over UTF-8
//! bytes must count code points, not bytes.

use crate::Error;

/// Number of Unicode code points in `s` (Python's `len(str)`).
pub fn code_points(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

/// Byte offset just past the first `n` code points of `s`, or `None` if `s` is shorter.
fn byte_offset_of(s: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(0);
    }
    // Fast path: n ASCII bytes are n code points.
    if s.as_bytes().get(..n).is_some_and(<[u8]>::is_ascii) {
        return Some(n);
    }
    s.char_indices().nth(n).map(|(i, _)| i).or_else(|| {
        // Exactly `n` code points: the field runs to the end.
        (code_points(s) == n).then_some(s.len())
    })
}

/// Writes length-value packed fields into a caller buffer.
#[derive(Debug)]
pub struct LvWriter<'o> {
    out: &'o mut [u8],
    len: usize,
}

impl<'o> LvWriter<'o> {
    /// Starts writing at the front of `out`.
    pub fn new(out: &'o mut [u8]) -> Self {
        LvWriter { out, len: 0 }
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self
            .len
            .checked_add(bytes.len())
            .ok_or(Error::BufferTooSmall)?;
        self.out
            .get_mut(self.len..end)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(bytes);
        self.len = end;
        Ok(())
    }

    /// Appends one field: `<code points>:<field>`.
    pub fn push(&mut self, field: &str) -> Result<&mut Self, Error> {
        let mut digits = [0u8; 20];
        let d = write_decimal(code_points(field), &mut digits);
        self.put(d)?;
        self.put(b":")?;
        self.put(field.as_bytes())?;
        Ok(self)
    }

    /// Appends one field given as parts that are concatenated (e.g. `user;;client;;grant`)
    /// without building the joined string first.
    pub fn push_joined(&mut self, parts: &[&str], separator: &str) -> Result<&mut Self, Error> {
        let sep_points = code_points(separator);
        let mut total = 0usize;
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                total = total.saturating_add(sep_points);
            }
            total = total.saturating_add(code_points(p));
        }
        let mut digits = [0u8; 20];
        let d = write_decimal(total, &mut digits);
        self.put(d)?;
        self.put(b":")?;
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                self.put(separator.as_bytes())?;
            }
            self.put(p.as_bytes())?;
        }
        Ok(self)
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Writes `n` in decimal into the end of `buf`, returning the digits.
pub(crate) fn write_decimal(n: usize, buf: &mut [u8; 20]) -> &[u8] {
    write_u64(u64::try_from(n).unwrap_or(u64::MAX), buf)
}

/// Writes a signed decimal (Python's `str(int)`) into `buf`, returning the text.
pub(crate) fn write_i64(n: i64, buf: &mut [u8; 21]) -> &[u8] {
    let mut digits = [0u8; 20];
    let d = write_u64(n.unsigned_abs(), &mut digits);
    let sign = usize::from(n < 0);
    if let Some(slot) = buf.get_mut(..sign) {
        slot.fill(b'-');
    }
    for (slot, &c) in buf.iter_mut().skip(sign).zip(d) {
        *slot = c;
    }
    buf.get(..sign + d.len()).unwrap_or(&[])
}

fn write_u64(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    while i > 0 {
        i -= 1;
        let digit = u8::try_from(n % 10).unwrap_or(0);
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + digit;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.get(i..).unwrap_or(&[])
}

/// Packs `fields` into `out` (`lv_pack(*fields)`), returning the length written.
pub fn lv_pack(fields: &[&str], out: &mut [u8]) -> Result<usize, Error> {
    let mut w = LvWriter::new(out);
    for f in fields {
        w.push(f)?;
    }
    Ok(w.len())
}

/// Python's `str.isspace()` for the characters `str.strip()` removes.
fn is_py_space(c: char) -> bool {
    matches!(c, '\t'..='\r' | '\x1c'..='\x1f' | ' ' | '\u{85}') || c.is_whitespace()
}

/// Iterates the fields of length-value packed text (`lv_unpack`), borrowing each field.
///
/// Like idpyoidc, surrounding whitespace is stripped first and a length past the end of the
/// text takes the rest (Python slicing). Stricter than idpyoidc: a length must be ASCII digits
/// (Python's `int()` also takes a sign, surrounding spaces, `_` and non-ASCII digits; `lv_pack`
/// never writes those). A malformed field yields one `Err` and ends the iteration.
#[derive(Clone, Debug)]
pub struct LvFields<'a> {
    rest: &'a str,
    failed: bool,
}

/// Starts unpacking `text` (`lv_unpack(text)`).
pub fn lv_unpack(text: &str) -> LvFields<'_> {
    LvFields {
        rest: text.trim_matches(is_py_space),
        failed: false,
    }
}

impl<'a> LvFields<'a> {
    fn next_field(&mut self) -> Result<&'a str, Error> {
        let (len_text, after) = self.rest.split_once(':').ok_or(Error::MalformedLv)?;
        if len_text.is_empty() || !len_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::MalformedLv);
        }
        let mut n = 0usize;
        for b in len_text.bytes() {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(usize::from(b - b'0')))
                .ok_or(Error::MalformedLv)?;
        }
        // Python slices `v[:n]`: a length past the end takes the rest (this only happens for
        // the last field, e.g. when the strip above ate a field's trailing whitespace).
        let end = byte_offset_of(after, n).unwrap_or(after.len());
        let (field, rest) = after.split_at_checked(end).ok_or(Error::MalformedLv)?;
        self.rest = rest;
        Ok(field)
    }

    /// Collects exactly `N` fields; fewer, more, or a malformed field is an error.
    pub fn exactly<const N: usize>(mut self) -> Result<[&'a str; N], Error> {
        let mut out = [""; N];
        for slot in out.iter_mut() {
            *slot = self.next().ok_or(Error::MalformedLv)??;
        }
        match self.next() {
            None => Ok(out),
            Some(_) => Err(Error::MalformedLv),
        }
    }
}

impl<'a> Iterator for LvFields<'a> {
    type Item = Result<&'a str, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.rest.is_empty() {
            return None;
        }
        let r = self.next_field();
        if r.is_err() {
            self.failed = true;
        }
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(fields: &[&str]) -> String {
        let mut buf = [0u8; 256];
        let n = lv_pack(fields, &mut buf).unwrap();
        String::from_utf8(buf[..n].to_vec()).unwrap()
    }

    #[test]
    fn spec_examples() {
        assert_eq!(pack(&["ab", "xyz"]), "2:ab3:xyz");
        assert_eq!(pack(&[""]), "0:");
        assert_eq!(pack(&["10", "-1"]), "2:102:-1");
        // Code points, not bytes.
        assert_eq!(pack(&["é", "日本"]), "1:é2:日本");
        assert_eq!(pack(&["a:b"]), "3:a:b");
        let fields: Vec<_> = lv_unpack("2:ab3:xyz").map(Result::unwrap).collect();
        assert_eq!(fields, ["ab", "xyz"]);
        let fields: Vec<_> = lv_unpack("  1:é2:日本\n").map(Result::unwrap).collect();
        assert_eq!(fields, ["é", "日本"]);
        assert_eq!(lv_unpack("0:3:a:b").exactly::<2>().unwrap(), ["", "a:b"]);
        assert_eq!(lv_unpack("").count(), 0);
        // Python slicing: a length past the end takes the rest.
        assert_eq!(lv_unpack("5:ab").exactly::<1>().unwrap(), ["ab"]);
        assert_eq!(lv_unpack("3:ab ").exactly::<1>().unwrap(), ["ab"]);
        assert_eq!(lv_unpack("1:x9:ab").exactly::<2>().unwrap(), ["x", "ab"]);
    }

    #[test]
    fn joined_matches_pack_of_joined() {
        let mut buf = [0u8; 64];
        let mut w = LvWriter::new(&mut buf);
        w.push_joined(&["diana", "client_1", "ü"], ";;").unwrap();
        let n = w.len();
        assert_eq!(&buf[..n], "18:diana;;client_1;;ü".as_bytes());
    }

    #[test]
    fn malformed_is_rejected() {
        for bad in [
            "ab",
            " 2 :ab",
            "x:ab",
            ":ab",
            "+2:ab",
            "-1:abc",
            "2:ab1",
            "2:ab:",
            "1_0:abcdefghij",
            "99999999999999999999999:a",
        ] {
            let r: Result<Vec<_>, _> = lv_unpack(bad).collect();
            assert_eq!(r, Err(Error::MalformedLv), "{bad}");
        }
        assert_eq!(lv_unpack("1:a1:b").exactly::<3>(), Err(Error::MalformedLv));
        assert_eq!(lv_unpack("1:a1:b").exactly::<1>(), Err(Error::MalformedLv));
    }

    #[test]
    fn buffer_one_short() {
        let mut buf = [0u8; 8];
        assert_eq!(
            lv_pack(&["ab", "xyz"], &mut buf),
            Err(Error::BufferTooSmall)
        );
        let mut buf = [0u8; 9];
        assert_eq!(lv_pack(&["ab", "xyz"], &mut buf), Ok(9));
    }

    #[test]
    fn signed_decimal() {
        let mut b = [0u8; 21];
        assert_eq!(write_i64(0, &mut b), b"0");
        assert_eq!(write_i64(-1, &mut b), b"-1");
        assert_eq!(write_i64(1795421531, &mut b), b"1795421531");
        assert_eq!(write_i64(i64::MIN, &mut b), b"-9223372036854775808");
        assert_eq!(write_i64(i64::MAX, &mut b), b"9223372036854775807");
    }

    #[test]
    fn pack_unpack_round_trip() {
        let samples: [&[&str]; 6] = [
            &[],
            &[""],
            &["a", "bc", ""],
            &["é", "日本", "😀x"],
            &["43:nested", "2:-1", "::"],
            &["x y", "\t", "12345678901"],
        ];
        for refs in samples {
            let mut buf = vec![0u8; 512];
            let n = lv_pack(refs, &mut buf).unwrap();
            let text = core::str::from_utf8(&buf[..n]).unwrap();
            let back: Vec<&str> = lv_unpack(text).map(Result::unwrap).collect();
            assert_eq!(back, refs);
        }
    }
}
