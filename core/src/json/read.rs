//! The JSON reader.

use core::fmt;

use crate::Error;
use crate::limits::{MAX_JSON_DEPTH, MAX_JSON_MEMBERS};

const _: () = assert!(MAX_JSON_DEPTH <= 64, "the container stack is a u64 bit set");

/// Room [`JsonStr::key`] decodes a member name into: longer than every name the core
/// interprets (`authorization_details` is 21 bytes).
pub const KEY_LEN: usize = 32;

/// A validated JSON string, borrowed raw from the input (between the quotes, escapes intact).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonStr<'a> {
    raw: &'a [u8],
    escaped: Escapes,
}

/// Whether a [`JsonStr`] has escape sequences. Word-sized on purpose (not a `bool`): a byte
/// flag gets packed at odd offsets into the `Result`s and `Option`s around it, which 32-bit
/// targets then move with unaligned `memcpy` calls on every member read; pointer-sized so
/// that a `JsonStr` has no padding (whole-word moves, no store-forwarding misses on x86).
#[repr(usize)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Escapes {
    No = 0,
    Yes = 1,
}

impl<'a> JsonStr<'a> {
    /// The raw bytes between the quotes, escapes not decoded.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Whether the string contains escape sequences.
    pub fn has_escapes(&self) -> bool {
        self.escaped == Escapes::Yes
    }

    /// The string as `&str` when it has no escapes (the common case), else `None`.
    pub fn as_str(&self) -> Option<&'a str> {
        if self.has_escapes() {
            None
        } else {
            core::str::from_utf8(self.raw).ok()
        }
    }

    /// The decoded UTF-8 bytes, one at a time.
    pub fn bytes(&self) -> StrBytes<'a> {
        StrBytes {
            raw: self.raw,
            pending: [0; 4],
            pending_len: 0,
            pending_pos: 0,
        }
    }

    /// This string as a key to match against known member names: borrowed when it has no
    /// escapes (the common case), else decoded into `buf`, so that `"e\u0078p"` is `exp`
    /// (RFC 8259 §8.3: names compare after unescaping; matching the raw bytes would let an
    /// escaped `exp`, `crit` or `b64` slip past the rules that read it while every other JSON
    /// reader sees it). A decoded name longer than `buf` gives `b"\0"`, which matches no name.
    pub fn key<'k>(&self, buf: &'k mut [u8; KEY_LEN]) -> &'k [u8]
    where
        'a: 'k,
    {
        if !self.has_escapes() {
            return self.raw;
        }
        match self.decode_into(buf) {
            Ok(d) => d.as_bytes(),
            Err(_) => b"\0",
        }
    }

    /// Length of the decoded string in bytes.
    pub fn decoded_len(&self) -> usize {
        if self.has_escapes() {
            self.bytes().count()
        } else {
            self.raw.len()
        }
    }

    /// Whether the decoded string equals `s`.
    pub fn eq_str(&self, s: &str) -> bool {
        if self.has_escapes() {
            self.bytes().eq(s.bytes())
        } else {
            bytes_eq(self.raw, s.as_bytes())
        }
    }

    /// Whether two JSON strings decode to the same text.
    pub fn eq_json(&self, other: &JsonStr<'_>) -> bool {
        if !self.has_escapes() && !other.has_escapes() {
            bytes_eq(self.raw, other.raw)
        } else {
            self.bytes().eq(other.bytes())
        }
    }

    /// Decodes the string into `out`, returning the text written there.
    pub fn decode_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        let mut n = 0;
        for b in self.bytes() {
            *out.get_mut(n).ok_or(Error::BufferTooSmall)? = b;
            n += 1;
        }
        let written = out.get(..n).ok_or(Error::BufferTooSmall)?;
        core::str::from_utf8(written).map_err(|_| Error::InvalidUtf8)
    }

    /// The string as `&str`: borrowed when unescaped, else decoded into `scratch`.
    pub fn to_str<'o>(&self, scratch: &'o mut [u8]) -> Result<&'o str, Error>
    where
        'a: 'o,
    {
        match self.as_str() {
            Some(s) => Ok(s),
            None => self.decode_into(scratch),
        }
    }
}

/// Byte-string equality (not constant-time: for public values). 32-bit targets compare a
/// word at a time inline, where the `memcmp` behind `==` (`compiler_builtins`) goes byte by
/// byte through a call; 64-bit hosts keep their vectorised `memcmp`.
#[inline]
fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if cfg!(target_pointer_width = "64") {
        a == b
    } else {
        words_eq(a, b)
    }
}

/// [`bytes_eq`] four bytes at a time.
#[inline]
fn words_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (wa, wb) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (wa.remainder(), wb.remainder());
    let word = |c: &[u8]| c.try_into().map_or(0, u32::from_ne_bytes);
    wa.zip(wb).all(|(x, y)| word(x) == word(y)) && ra == rb
}

/// Iterator over the decoded UTF-8 bytes of a validated [`JsonStr`].
#[derive(Clone, Debug)]
pub struct StrBytes<'a> {
    raw: &'a [u8],
    pending: [u8; 4],
    pending_len: u8,
    pending_pos: u8,
}

fn hex4(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b.get(..4)? {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        v = v << 4 | u32::from(d);
    }
    Some(v)
}

/// Decodes one escape sequence at the start of `s` (which begins after the backslash).
/// Returns the code point and the number of bytes consumed after the backslash.
fn unescape(s: &[u8]) -> Option<(u32, usize)> {
    let simple = |c: u8| Some((u32::from(c), 1));
    match *s.first()? {
        b'"' => simple(b'"'),
        b'\\' => simple(b'\\'),
        b'/' => simple(b'/'),
        b'b' => simple(0x08),
        b'f' => simple(0x0C),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b't' => simple(b'\t'),
        b'u' => {
            let hi = hex4(s.get(1..)?)?;
            match hi {
                0xD800..=0xDBFF => {
                    let rest = s.get(5..)?;
                    if rest.first() != Some(&b'\\') || rest.get(1) != Some(&b'u') {
                        return None;
                    }
                    let lo = hex4(rest.get(2..)?)?;
                    if !(0xDC00..=0xDFFF).contains(&lo) {
                        return None;
                    }
                    Some((0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00), 11))
                }
                0xDC00..=0xDFFF => None,
                cp => Some((cp, 5)),
            }
        }
        _ => None,
    }
}

impl Iterator for StrBytes<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        if self.pending_pos < self.pending_len {
            let b = self.pending.get(usize::from(self.pending_pos)).copied();
            self.pending_pos += 1;
            return b;
        }
        let (&first, rest) = self.raw.split_first()?;
        if first != b'\\' {
            self.raw = rest;
            return Some(first);
        }
        // Validated input: the escape is well-formed; stop quietly if not.
        let (cp, used) = unescape(rest)?;
        self.raw = rest.get(used..)?;
        let ch = char::from_u32(cp)?;
        let enc = ch.encode_utf8(&mut self.pending);
        let len = enc.len();
        self.pending_len = u8::try_from(len).ok()?;
        self.pending_pos = 1;
        self.pending.first().copied()
    }
}

/// A validated JSON number, borrowed as text.
///
/// Held as bytes: the reader consumed only ASCII digits, signs, `.`, `e` and `E`, so the text
/// is UTF-8 without checking it per number (a `from_utf8` call per number was ~3% of parsing
/// a grant); [`Number::as_str`] converts on demand.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Number<'a>(&'a [u8]);

impl fmt::Debug for Number<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Number").field(&self.as_str()).finish()
    }
}

impl<'a> Number<'a> {
    /// The number's text as it appeared in the input.
    pub fn as_str(&self) -> &'a str {
        // Never the fallback: validated number text is ASCII.
        core::str::from_utf8(self.0).unwrap_or("0")
    }

    /// Whether the number has no fraction and no exponent.
    pub fn is_integer(&self) -> bool {
        !self.0.iter().any(|b| matches!(b, b'.' | b'e' | b'E'))
    }

    /// The value as `i64` when it is an integer (no fraction, no exponent) in range.
    pub fn as_i64(&self) -> Option<i64> {
        // Validated number text: an optional `-`, then digits, then (not an integer) `.`/`e`/`E`
        // parts — any non-digit after the sign means "not an integer". Accumulated on the
        // sign's side so that `i64::MIN` fits; overflow is `None`, as with `str::parse`.
        let (neg, digits) = match self.0.strip_prefix(b"-") {
            Some(rest) => (true, rest),
            None => (false, self.0),
        };
        if digits.is_empty() {
            return None;
        }
        if digits.len() <= 18 {
            // Up to 18 digits cannot overflow (10^18 < 2^63): no checked arithmetic per digit
            // (NumericDates have 10).
            let mut v: u64 = 0;
            for &b in digits {
                if !b.is_ascii_digit() {
                    return None;
                }
                v = v * 10 + u64::from(b - b'0');
            }
            let v = i64::try_from(v).ok()?;
            return Some(if neg { -v } else { v });
        }
        let mut v: i64 = 0;
        for &b in digits {
            if !b.is_ascii_digit() {
                return None;
            }
            let d = i64::from(b - b'0');
            v = v.checked_mul(10)?;
            v = if neg {
                v.checked_sub(d)?
            } else {
                v.checked_add(d)?
            };
        }
        Some(v)
    }
}

/// A JSON value borrowed from validated input. Containers are returned unparsed.
// A word-sized tag keeps every payload word-aligned: with a byte tag, 32-bit targets pack the
// payload at odd offsets and move values (and the `Result`s around them) with unaligned
// `memcpy` calls, ~90 instructions each on a Cortex-M4 and several per member read.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, kept as text.
    Number(Number<'a>),
    /// A string, escapes intact.
    String(JsonStr<'a>),
    /// An array, validated, as raw text.
    Array(Array<'a>),
    /// An object, validated (duplicates not yet checked), as raw text.
    Object(Object<'a>),
}

impl<'a> Value<'a> {
    /// The string when this is a string without escapes.
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            Value::String(s) => s.as_str(),
            _ => None,
        }
    }

    /// The JSON string when this is a string.
    pub fn as_json_str(&self) -> Option<JsonStr<'a>> {
        match self {
            Value::String(s) => Some(*s),
            _ => None,
        }
    }

    /// The integer when this is an integer number in `i64` range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The boolean when this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The array when this is an array.
    pub fn as_array(&self) -> Option<Array<'a>> {
        match self {
            Value::Array(a) => Some(*a),
            _ => None,
        }
    }

    /// The object when this is an object.
    pub fn as_object(&self) -> Option<Object<'a>> {
        match self {
            Value::Object(o) => Some(*o),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// One object member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member<'a> {
    /// The member name.
    pub name: JsonStr<'a>,
    /// The member value.
    pub value: Value<'a>,
}

/// A validated JSON object, borrowed as its raw text (`{` … `}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Object<'a> {
    raw: &'a [u8],
    depth: usize,
}

/// A validated JSON array, borrowed as its raw text (`[` … `]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Array<'a> {
    raw: &'a [u8],
    depth: usize,
}

/// The byte cursor shared by validation and iteration.
#[derive(Clone, Debug)]
pub(crate) struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

#[inline]
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(s: &'a [u8]) -> Self {
        Cursor { s, i: 0 }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(b) = self.peek() {
            if !is_ws(b) {
                break;
            }
            self.i += 1;
        }
    }

    #[inline]
    fn eat(&mut self, b: u8) -> Result<(), Error> {
        if self.peek() == Some(b) {
            self.i += 1;
            Ok(())
        } else {
            Err(Error::InvalidJson)
        }
    }

    pub(crate) fn at_end(&mut self) -> bool {
        self.ws();
        self.i >= self.s.len()
    }

    /// Skips string bytes eight at a time while none of them is `"`, `\\`, a control
    /// character or non-ASCII, stopping exactly at the first such byte (word-at-a-time "has zero byte" /
    /// "has byte less than" tests: their lowest flagged byte is exact) or before a tail
    /// shorter than a word.
    #[inline]
    fn skip_plain_string_bytes(&mut self) {
        const LO: u64 = 0x0101_0101_0101_0101;
        const HI: u64 = 0x8080_8080_8080_8080;
        let rest = self.s.get(self.i..).unwrap_or_default();
        let mut skipped = 0usize;
        for chunk in rest.chunks_exact(8) {
            // Never the fallback: every chunk has eight bytes (a zero word would stop at once).
            let x = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
            let q = x ^ (LO * u64::from(b'"'));
            let b = x ^ (LO * u64::from(b'\\'));
            let special = ((q.wrapping_sub(LO) & !q)
                | (b.wrapping_sub(LO) & !b)
                | (x.wrapping_sub(LO * 0x20) & !x)
                | x)
                & HI;
            if special != 0 {
                let at = usize::try_from(special.trailing_zeros() / 8).unwrap_or(0);
                self.i += skipped + at;
                return;
            }
            skipped += 8;
        }
        self.i += skipped;
    }

    /// Reads a string starting at `"`.
    #[cfg_attr(target_pointer_width = "64", inline)]
    pub(crate) fn string(&mut self) -> Result<JsonStr<'a>, Error> {
        let mut s = JsonStr {
            raw: &[],
            escaped: Escapes::No,
        };
        self.string_into(&mut s)?;
        Ok(s)
    }

    /// [`Cursor::string`] written straight into `out` (unchanged on error). The hot paths use
    /// it: a returned `Result<JsonStr, Error>` shares its first byte between the error and the
    /// slice pointer, so reading it back split into odd-sized loads that missed store
    /// forwarding on x86 (and took unaligned copies on 32-bit targets).
    ///
    /// On 64-bit targets the common case — no escape, no non-ASCII byte — is decided here,
    /// inlined, after one word-wise scan; everything else continues in
    /// [`Cursor::string_rest`], out of line, so that this part needs few registers (it runs
    /// for every name and string value). The size-optimized 32-bit firmware builds keep the
    /// one loop (the inlined copies cost the Cortex-M4 image 2 KB of flash).
    #[cfg_attr(target_pointer_width = "64", inline)]
    fn string_into(&mut self, out: &mut JsonStr<'a>) -> Result<(), Error> {
        self.eat(b'"')?;
        let start = self.i;
        #[cfg(target_pointer_width = "64")]
        {
            self.skip_plain_string_bytes();
            if self.peek() == Some(b'"') {
                let raw = self.s.get(start..self.i).ok_or(Error::InvalidJson)?;
                self.i += 1;
                *out = JsonStr {
                    raw,
                    escaped: Escapes::No,
                };
                return Ok(());
            }
        }
        self.string_rest(start, out)
    }

    /// The rest of [`Cursor::string_into`] (all of it on 32-bit targets): the string's text
    /// began at `start`.
    #[cfg_attr(target_pointer_width = "64", inline(never))]
    fn string_rest(&mut self, start: usize, out: &mut JsonStr<'a>) -> Result<(), Error> {
        let mut escaped = Escapes::No;
        loop {
            self.skip_plain_string_bytes();
            let b = self.peek().ok_or(Error::InvalidJson)?;
            match b {
                b'"' => {
                    let raw = self.s.get(start..self.i).ok_or(Error::InvalidJson)?;
                    self.i += 1;
                    *out = JsonStr { raw, escaped };
                    return Ok(());
                }
                b'\\' => {
                    let rest = self.s.get(self.i + 1..).ok_or(Error::InvalidJson)?;
                    let (_, used) = unescape(rest).ok_or(Error::InvalidJson)?;
                    self.i += 1 + used;
                    escaped = Escapes::Yes;
                }
                0x00..=0x1F => return Err(Error::InvalidJson),
                0x80..=0xFF => {
                    // UTF-8 is checked here, one sequence at a time: strings are the only
                    // place non-ASCII bytes may appear (see `utf8_first`).
                    let len = match b {
                        0xC2..=0xDF => 2,
                        0xE0..=0xEF => 3,
                        0xF0..=0xF4 => 4,
                        _ => return Err(Error::InvalidUtf8),
                    };
                    let seq = self.s.get(self.i..self.i + len).ok_or(Error::InvalidUtf8)?;
                    core::str::from_utf8(seq).map_err(|_| Error::InvalidUtf8)?;
                    self.i += len;
                }
                _ => self.i += 1,
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Number<'a>, Error> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.i += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(Error::InvalidJson);
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(Error::InvalidJson),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(Error::InvalidJson);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(Error::InvalidJson);
            }
        }
        // Only ASCII digits, signs, `.`, `e` and `E` were consumed (see [`Number`]).
        self.s
            .get(start..self.i)
            .map(Number)
            .ok_or(Error::InvalidJson)
    }

    fn literal(&mut self, lit: &[u8]) -> Result<(), Error> {
        if self.s.get(self.i..self.i + lit.len()) == Some(lit) {
            self.i += lit.len();
            Ok(())
        } else {
            Err(Error::InvalidJson)
        }
    }

    /// Reads one value; `depth` is the nesting level the value itself would occupy.
    pub(crate) fn value(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.ws();
        match self.peek().ok_or(Error::InvalidJson)? {
            b'"' => self.string().map(Value::String),
            b'{' => self
                .container(depth)
                .map(|raw| Value::Object(Object { raw, depth })),
            b'[' => self
                .container(depth)
                .map(|raw| Value::Array(Array { raw, depth })),
            b't' => self.literal(b"true").map(|()| Value::Bool(true)),
            b'f' => self.literal(b"false").map(|()| Value::Bool(false)),
            b'n' => self.literal(b"null").map(|()| Value::Null),
            b'-' | b'0'..=b'9' => self.number().map(Value::Number),
            _ => Err(Error::InvalidJson),
        }
    }

    /// [`Cursor::value`] written straight into `out` (an object member's slot): no `Result`
    /// holding the value in between, which 32-bit targets moved out with an unaligned
    /// `memcpy` call per member. `out` is unchanged on error.
    fn value_into(&mut self, depth: usize, out: &mut Value<'a>) -> Result<(), Error> {
        self.ws();
        match self.peek().ok_or(Error::InvalidJson)? {
            b'"' => {
                let mut v = JsonStr {
                    raw: &[],
                    escaped: Escapes::No,
                };
                self.string_into(&mut v)?;
                *out = Value::String(v);
            }
            b'{' => {
                let raw = self.container(depth)?;
                *out = Value::Object(Object { raw, depth });
            }
            b'[' => {
                let raw = self.container(depth)?;
                *out = Value::Array(Array { raw, depth });
            }
            b't' => {
                self.literal(b"true")?;
                *out = Value::Bool(true);
            }
            b'f' => {
                self.literal(b"false")?;
                *out = Value::Bool(false);
            }
            b'n' => {
                self.literal(b"null")?;
                *out = Value::Null;
            }
            b'-' | b'0'..=b'9' => *out = Value::Number(self.number()?),
            _ => return Err(Error::InvalidJson),
        }
        Ok(())
    }

    /// Reads one value of text already validated as part of an enclosing [`Object`] or
    /// [`Array`]: a nested container is skipped by bracket matching instead of being validated
    /// again (its own iteration stays bounded and checked as before).
    fn value_trusted(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.ws();
        match self.peek().ok_or(Error::InvalidJson)? {
            b'{' => self
                .skip_container()
                .map(|raw| Value::Object(Object { raw, depth })),
            b'[' => self
                .skip_container()
                .map(|raw| Value::Array(Array { raw, depth })),
            _ => self.value(depth),
        }
    }

    /// Skips a validated string starting at `"`: only the closing quote is searched for (a
    /// quote preceded by an odd run of backslashes is escaped), eight bytes at a time.
    fn skip_string_trusted(&mut self) -> Result<(), Error> {
        const LO: u64 = 0x0101_0101_0101_0101;
        const HI: u64 = 0x8080_8080_8080_8080;
        self.eat(b'"')?;
        let start = self.i;
        loop {
            while let Some(chunk) = self
                .s
                .get(self.i..)
                .and_then(|r| r.get(..8))
                .and_then(|c| <[u8; 8]>::try_from(c).ok())
            {
                let q = u64::from_le_bytes(chunk) ^ (LO * u64::from(b'"'));
                if q.wrapping_sub(LO) & !q & HI != 0 {
                    break;
                }
                self.i += 8;
            }
            match self.peek().ok_or(Error::InvalidJson)? {
                b'"' => {
                    let before = self.s.get(start..self.i).ok_or(Error::InvalidJson)?;
                    let slashes = before.iter().rev().take_while(|&&b| b == b'\\').count();
                    self.i += 1;
                    if slashes % 2 == 0 {
                        return Ok(());
                    }
                }
                _ => self.i += 1,
            }
        }
    }

    /// Skips a validated container starting at `{` or `[`, returning its raw text.
    fn skip_container(&mut self) -> Result<&'a [u8], Error> {
        let start = self.i;
        let mut open = 0usize;
        loop {
            match self.peek().ok_or(Error::InvalidJson)? {
                b'"' => {
                    self.skip_string_trusted()?;
                    continue;
                }
                b'{' | b'[' => open += 1,
                b'}' | b']' => {
                    open = open.checked_sub(1).ok_or(Error::InvalidJson)?;
                    if open == 0 {
                        self.i += 1;
                        return self.s.get(start..self.i).ok_or(Error::InvalidJson);
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    /// Validates a whole container starting at `{` or `[` without recursion, returning its
    /// raw text. `depth` is the level of this container (1 = top level).
    fn container(&mut self, depth: usize) -> Result<&'a [u8], Error> {
        let start = self.i;
        // Bit d of `objects` is 1 when level d is an object. `level` counts open containers.
        let mut objects: u64 = 0;
        let mut counts = [0u16; MAX_JSON_DEPTH];
        let mut level: usize = 0;
        let base = depth.saturating_sub(1);
        let mut expect_value = true;
        loop {
            if expect_value {
                self.ws();
                match self.peek().ok_or(Error::InvalidJson)? {
                    c @ (b'{' | b'[') => {
                        if base + level + 1 > MAX_JSON_DEPTH {
                            return Err(Error::JsonTooDeep);
                        }
                        self.i += 1;
                        let is_obj = c == b'{';
                        if is_obj {
                            objects |= 1 << level;
                        } else {
                            objects &= !(1 << level);
                        }
                        *counts.get_mut(level).ok_or(Error::JsonTooDeep)? = 0;
                        level += 1;
                        self.ws();
                        let close = if is_obj { b'}' } else { b']' };
                        if self.peek() == Some(close) {
                            self.i += 1;
                            level -= 1;
                            expect_value = false;
                        } else if is_obj {
                            self.string()?;
                            self.ws();
                            self.eat(b':')?;
                        }
                        continue;
                    }
                    _ => {
                        self.value(base + level + 1)?;
                        expect_value = false;
                    }
                }
            }
            // After a value.
            if level == 0 {
                return self.s.get(start..self.i).ok_or(Error::InvalidJson);
            }
            self.ws();
            let top = level - 1;
            let is_obj = objects >> top & 1 == 1;
            match self.peek().ok_or(Error::InvalidJson)? {
                b',' => {
                    self.i += 1;
                    let c = counts.get_mut(top).ok_or(Error::InvalidJson)?;
                    *c += 1;
                    if usize::from(*c) >= MAX_JSON_MEMBERS {
                        return Err(Error::TooManyMembers);
                    }
                    if is_obj {
                        self.ws();
                        self.string()?;
                        self.ws();
                        self.eat(b':')?;
                    }
                    expect_value = true;
                }
                b'}' if is_obj => {
                    self.i += 1;
                    level -= 1;
                }
                b']' if !is_obj => {
                    self.i += 1;
                    level -= 1;
                }
                _ => return Err(Error::InvalidJson),
            }
        }
    }
}

/// A member visitor for [`Object::parse_visit`].
pub(crate) trait Visit<'a> {
    /// Reads the value of the member `name` from `p` (exactly one value) and absorbs it;
    /// `false` declines, leaving no trace in `self`: the value is then validated whole and
    /// passed to [`Visit::slow`].
    fn fast(&mut self, name: &JsonStr<'a>, p: &mut Pull<'a>) -> bool;
    /// Absorbs one validated member (the reference path, which gives the errors).
    fn slow(&mut self, m: &Member<'a>) -> Result<(), Error>;
}

/// A validating single-pass pull reader over one value: containers are descended into while
/// they are validated, with the grammar, depth and entry bounds of [`Cursor::value`]. It never
/// reports *which* error: every method answers `None` for anything it does not accept (a
/// grammar error, a bound, or a shape its caller does not handle), and the caller then falls
/// back to the full reader, which does. A `Some` result means the text read so far is valid.
pub(crate) struct Pull<'a> {
    cur: Cursor<'a>,
    /// The nesting level of the value to be read next (1 = top level).
    depth: usize,
}

impl<'a> Pull<'a> {
    /// The first byte of the next value (after whitespace).
    pub(crate) fn peek(&mut self) -> Option<u8> {
        self.cur.ws();
        self.cur.peek()
    }

    /// Reads one whole value, validating it; containers come back unparsed.
    pub(crate) fn value(&mut self) -> Option<Value<'a>> {
        self.cur.value(self.depth).ok()
    }

    /// Reads an integer that fits an `i64` with 18 digits at most: what [`Value::as_i64`] of
    /// [`Pull::value`] gives, without keeping the number's text and walking it twice. `None`
    /// for anything else, valid or not (a fraction, an exponent, a longer integer, a value of
    /// another type), for the caller to fall back on as usual.
    pub(crate) fn i64(&mut self) -> Option<i64> {
        let c = &mut self.cur;
        c.ws();
        let neg = c.peek() == Some(b'-');
        if neg {
            c.i += 1;
        }
        let first = c.i;
        let lead = c.peek();
        let mut v: u64 = 0;
        while let Some(b @ b'0'..=b'9') = c.peek() {
            v = v * 10 + u64::from(b - b'0');
            c.i += 1;
            if c.i - first > 18 {
                // 10^18 < 2^63: up to 18 digits cannot overflow.
                return None;
            }
        }
        let digits = c.i - first;
        if digits == 0
            || (digits > 1 && lead == Some(b'0'))
            || matches!(c.peek(), Some(b'.' | b'e' | b'E'))
        {
            return None;
        }
        let v = i64::try_from(v).ok()?;
        Some(if neg { -v } else { v })
    }

    /// Reads one string.
    pub(crate) fn string(&mut self) -> Option<JsonStr<'a>> {
        self.cur.ws();
        self.cur.string().ok()
    }

    /// Reads `null`, returning whether the next value was `null` (nothing is consumed when it
    /// is not).
    pub(crate) fn null(&mut self) -> bool {
        self.cur.ws();
        self.cur.literal(b"null").is_ok()
    }

    /// Reads one object, calling `f` with each member name; `f` must read exactly the
    /// member's value from the reader it is given.
    pub(crate) fn object(
        &mut self,
        mut f: impl FnMut(&mut Self, JsonStr<'a>) -> Option<()>,
    ) -> Option<Object<'a>> {
        let depth = self.depth;
        if depth > MAX_JSON_DEPTH {
            return None;
        }
        self.cur.ws();
        let start = self.cur.i;
        self.cur.eat(b'{').ok()?;
        self.cur.ws();
        if self.cur.peek() == Some(b'}') {
            self.cur.i += 1;
        } else {
            let mut n = 0usize;
            loop {
                n += 1;
                if n > MAX_JSON_MEMBERS {
                    return None;
                }
                let name = self.cur.string().ok()?;
                self.cur.ws();
                self.cur.eat(b':').ok()?;
                self.depth = depth + 1;
                let read = f(self, name);
                self.depth = depth;
                read?;
                self.cur.ws();
                match self.cur.peek()? {
                    b',' => {
                        self.cur.i += 1;
                        self.cur.ws();
                    }
                    b'}' => {
                        self.cur.i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        let raw = self.cur.s.get(start..self.cur.i)?;
        Some(Object { raw, depth })
    }

    /// Reads one array, calling `f` for each element; `f` must read exactly the element.
    pub(crate) fn array(
        &mut self,
        mut f: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<Array<'a>> {
        let depth = self.depth;
        if depth > MAX_JSON_DEPTH {
            return None;
        }
        self.cur.ws();
        let start = self.cur.i;
        self.cur.eat(b'[').ok()?;
        self.cur.ws();
        if self.cur.peek() == Some(b']') {
            self.cur.i += 1;
        } else {
            let mut n = 0usize;
            loop {
                n += 1;
                if n > MAX_JSON_MEMBERS {
                    return None;
                }
                self.depth = depth + 1;
                let read = f(self);
                self.depth = depth;
                read?;
                self.cur.ws();
                match self.cur.peek()? {
                    b',' => self.cur.i += 1,
                    b']' => {
                        self.cur.i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        let raw = self.cur.s.get(start..self.cur.i)?;
        Some(Array { raw, depth })
    }
}

/// A 16-bit hash of the decoded name: one multiply per machine word of name bytes
/// (big-endian), so the common short names cost one or two steps. Escaped and unescaped
/// spellings of a name hash alike. 64-bit targets step eight bytes at a time; 32-bit targets
/// (Cortex-M) four, where 64-bit multiplies and shifts cost several instructions each.
fn name_hash(s: &JsonStr<'_>) -> u16 {
    #[cfg(target_pointer_width = "64")]
    type Word = u64;
    #[cfg(not(target_pointer_width = "64"))]
    type Word = u32;
    name_hash_with::<Word>(s)
}

/// A machine word for [`name_hash_with`].
trait HashWord: Copy {
    const BYTES: usize;
    /// The odd multiplier (the golden ratio in fixed point).
    const K: Self;
    const ZERO: Self;
    fn from_be(b: &[u8]) -> Self;
    fn push_byte(self, b: u8) -> Self;
    fn mix(self, w: Self) -> Self;
    fn with_len(self, acc: Self, len: usize) -> Self;
    fn top16(self) -> u16;
}

macro_rules! hash_word {
    ($t:ty, $k:expr) => {
        impl HashWord for $t {
            const BYTES: usize = core::mem::size_of::<$t>();
            const K: $t = $k;
            const ZERO: $t = 0;
            #[inline(always)]
            fn from_be(b: &[u8]) -> $t {
                // Never the fallback: callers pass exactly `BYTES` bytes.
                b.try_into().map_or(0, <$t>::from_be_bytes)
            }
            #[inline(always)]
            fn push_byte(self, b: u8) -> $t {
                self << 8 | <$t>::from(b)
            }
            #[inline(always)]
            fn mix(self, w: $t) -> $t {
                (self ^ w).wrapping_mul(Self::K)
            }
            #[inline(always)]
            fn with_len(self, acc: $t, len: usize) -> $t {
                // The length's low byte in the top byte: names are at most a few hundred bytes
                // and the tail word (`acc`) is shorter than a word, so this distinguishes tails.
                let [l, ..] = len.to_le_bytes();
                (self ^ acc ^ <$t>::from(l) << (<$t>::BITS - 8)).wrapping_mul(Self::K)
            }
            #[inline(always)]
            fn top16(self) -> u16 {
                // The high bits of a multiplicative hash are the well-mixed ones.
                let [a, b, ..] = self.to_be_bytes();
                u16::from_be_bytes([a, b])
            }
        }
    };
}
hash_word!(u64, 0x9E37_79B9_7F4A_7C15);
hash_word!(u32, 0x9E37_79B9);

#[inline(always)]
fn name_hash_with<W: HashWord>(s: &JsonStr<'_>) -> u16 {
    let (mut h, mut acc, mut len) = (W::ZERO, W::ZERO, 0usize);
    if s.has_escapes() {
        for b in s.bytes() {
            acc = acc.push_byte(b);
            len += 1;
            if len.is_multiple_of(W::BYTES) {
                h = h.mix(acc);
                acc = W::ZERO;
            }
        }
    } else {
        let mut chunks = s.raw.chunks_exact(W::BYTES);
        for c in &mut chunks {
            h = h.mix(W::from_be(c));
        }
        len = s.raw.len();
        for &b in chunks.remainder() {
            acc = acc.push_byte(b);
        }
    }
    h.with_len(acc, len).top16()
}

/// Tracks the member names seen so far in one object to reject duplicates.
///
/// Keeps only 16-bit name hashes (512 bytes of stack at the member limit); on a hash match
/// the object is re-read from its start to compare the names exactly, so collisions cost
/// time, never correctness (and the scan is bounded by the member limit either way: FNV is
/// not keyed, so wider hashes would not stop crafted collisions).
pub(crate) struct DupCheck<'a> {
    hashes: [u16; MAX_JSON_MEMBERS],
    /// Bit `h % usize::BITS` is set for every hash `h` in `hashes`: a name whose bit is clear
    /// is new without scanning the list (most names in an object of a few dozen members).
    filter: usize,
    len: usize,
    obj: &'a [u8],
    depth: usize,
}

impl<'a> DupCheck<'a> {
    pub(crate) fn new(obj: &'a [u8], depth: usize) -> Self {
        DupCheck {
            hashes: [0; MAX_JSON_MEMBERS],
            filter: 0,
            len: 0,
            obj,
            depth,
        }
    }

    pub(crate) fn insert(&mut self, name: JsonStr<'a>) -> Result<(), Error> {
        let h = name_hash(&name);
        let bit = 1usize << (u32::from(h) % usize::BITS);
        let seen = self.hashes.get(..self.len).ok_or(Error::TooManyMembers)?;
        if self.filter & bit != 0 && seen.contains(&h) {
            let mut it = ObjectIter::new(self.obj, self.depth)?;
            for _ in 0..self.len {
                let m = it.next_member()?.ok_or(Error::InvalidJson)?;
                if m.name.eq_json(&name) {
                    return Err(Error::DuplicateMember);
                }
            }
        }
        *self.hashes.get_mut(self.len).ok_or(Error::TooManyMembers)? = h;
        self.filter |= bit;
        self.len += 1;
        Ok(())
    }
}

/// Iterator over the members of an [`Object`].
#[derive(Clone, Debug)]
pub struct ObjectIter<'a> {
    cur: Cursor<'a>,
    depth: usize,
    first: bool,
    done: bool,
    /// The text was validated already (an [`Object`]'s members), so nested containers are
    /// skipped rather than validated again.
    trusted: bool,
}

impl<'a> ObjectIter<'a> {
    fn new(raw: &'a [u8], depth: usize) -> Result<Self, Error> {
        let mut cur = Cursor::new(raw);
        cur.ws();
        cur.eat(b'{')?;
        Ok(ObjectIter {
            cur,
            depth,
            first: true,
            done: false,
            trusted: false,
        })
    }

    /// The next member, validating as it goes.
    pub fn next_member(&mut self) -> Result<Option<Member<'a>>, Error> {
        if self.done {
            return Ok(None);
        }
        self.cur.ws();
        if self.first {
            self.first = false;
            if self.cur.peek() == Some(b'}') {
                self.cur.i += 1;
                self.done = true;
                return Ok(None);
            }
        } else {
            match self.cur.peek() {
                Some(b',') => {
                    self.cur.i += 1;
                    self.cur.ws();
                }
                Some(b'}') => {
                    self.cur.i += 1;
                    self.done = true;
                    return Ok(None);
                }
                _ => return Err(Error::InvalidJson),
            }
        }
        let name = self.cur.string()?;
        self.cur.ws();
        self.cur.eat(b':')?;
        let value = if self.trusted {
            self.cur.value_trusted(self.depth + 1)?
        } else {
            self.cur.value(self.depth + 1)?
        };
        Ok(Some(Member { name, value }))
    }
}

impl<'a> Iterator for ObjectIter<'a> {
    type Item = Member<'a>;

    /// Iterates a validated object; stops at the first malformed byte (never on validated text).
    fn next(&mut self) -> Option<Member<'a>> {
        self.next_member().ok().flatten()
    }
}

impl<'a> Object<'a> {
    /// Parses `text` as one JSON object (surrounding whitespace allowed): validates UTF-8,
    /// grammar, depth, entry counts, and rejects duplicate member names at the top level.
    pub fn parse(text: &'a [u8]) -> Result<Object<'a>, Error> {
        Self::parse_with(text, |_| Ok(()))
    }

    /// Like [`Object::parse`], calling `visit` on each top-level member in order; the
    /// single-pass form used on hot paths.
    pub fn parse_with(
        text: &'a [u8],
        visit: impl FnMut(&Member<'a>) -> Result<(), Error>,
    ) -> Result<Object<'a>, Error> {
        struct Slow<F>(F);
        impl<'a, F: FnMut(&Member<'a>) -> Result<(), Error>> Visit<'a> for Slow<F> {
            fn fast(&mut self, _: &JsonStr<'a>, _: &mut Pull<'a>) -> bool {
                false
            }
            fn slow(&mut self, m: &Member<'a>) -> Result<(), Error> {
                (self.0)(m)
            }
        }
        Self::parse_visit(text, &mut Slow(visit))
    }

    /// Like [`Object::parse_with`], but each top-level member's value is first offered to
    /// `v.fast`, which may read it in one pass with the validating [`Pull`] reader. When it
    /// declines (returns `false`, having left no trace in `v`), the value is re-read from its
    /// start, validated whole and handed to `v.slow` — so every error, and which error comes
    /// first, is exactly [`Object::parse_with`]'s.
    pub(crate) fn parse_visit(text: &'a [u8], v: &mut impl Visit<'a>) -> Result<Object<'a>, Error> {
        utf8_first(text, Self::read_visit(text, v))
    }

    fn read_visit(text: &'a [u8], v: &mut impl Visit<'a>) -> Result<Object<'a>, Error> {
        let mut cur = Cursor::new(text);
        cur.ws();
        if cur.peek() != Some(b'{') {
            // Distinguish "valid JSON but not an object" from garbage.
            return match cur.value(1) {
                Ok(_) if cur.at_end() => Err(Error::NotAnObject),
                Ok(_) => Err(Error::InvalidJson),
                Err(e) => Err(e),
            };
        }
        let start = cur.i;
        let rest = text.get(start..).ok_or(Error::InvalidJson)?;
        let mut cur = Cursor::new(rest);
        cur.eat(b'{')?;
        let mut dups = DupCheck::new(rest, 1);
        let mut count = 0usize;
        let mut first = true;
        loop {
            cur.ws();
            if first {
                first = false;
                if cur.peek() == Some(b'}') {
                    cur.i += 1;
                    break;
                }
            } else {
                match cur.peek() {
                    Some(b',') => {
                        cur.i += 1;
                        cur.ws();
                    }
                    Some(b'}') => {
                        cur.i += 1;
                        break;
                    }
                    _ => return Err(Error::InvalidJson),
                }
            }
            let mut name = JsonStr {
                raw: &[],
                escaped: Escapes::No,
            };
            cur.string_into(&mut name)?;
            cur.ws();
            cur.eat(b':')?;
            let mut pull = Pull {
                cur: cur.clone(),
                depth: 2,
            };
            if v.fast(&name, &mut pull) {
                cur.i = pull.cur.i;
                count += 1;
                if count > MAX_JSON_MEMBERS {
                    return Err(Error::TooManyMembers);
                }
                dups.insert(name)?;
            } else {
                // The member is built in place (no `Option<Value>` in between: on 32-bit
                // targets each such move was an unaligned `memcpy` call).
                let mut member = Member {
                    name,
                    value: Value::Null,
                };
                cur.value_into(2, &mut member.value)?;
                count += 1;
                if count > MAX_JSON_MEMBERS {
                    return Err(Error::TooManyMembers);
                }
                dups.insert(name)?;
                v.slow(&member)?;
            }
        }
        let end = start + cur.i;
        let mut tail = Cursor::new(text.get(end..).ok_or(Error::InvalidJson)?);
        if !tail.at_end() {
            return Err(Error::InvalidJson);
        }
        let raw = text.get(start..end).ok_or(Error::InvalidJson)?;
        Ok(Object { raw, depth: 1 })
    }

    /// The object's raw JSON text.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Iterates the members in document order.
    pub fn members(&self) -> ObjectIter<'a> {
        match ObjectIter::new(self.raw, self.depth) {
            Ok(it) => ObjectIter {
                trusted: true,
                ..it
            },
            Err(_) => ObjectIter {
                cur: Cursor::new(&[]),
                depth: self.depth,
                first: false,
                done: true,
                trusted: true,
            },
        }
    }

    /// The value of the first member named `name`.
    pub fn get(&self, name: &str) -> Option<Value<'a>> {
        self.members()
            .find(|m| m.name.eq_str(name))
            .map(|m| m.value)
    }

    /// Rejects duplicate member names in this (nested) object.
    pub fn check_unique(&self) -> Result<(), Error> {
        let mut dups = DupCheck::new(self.raw, self.depth);
        let mut it = self.members();
        while let Some(m) = it.next_member()? {
            dups.insert(m.name)?;
        }
        Ok(())
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.members().next().is_none()
    }
}

/// Iterator over the elements of an [`Array`].
#[derive(Clone, Debug)]
pub struct ArrayIter<'a> {
    cur: Cursor<'a>,
    depth: usize,
    first: bool,
    done: bool,
}

impl<'a> ArrayIter<'a> {
    /// The next element.
    pub fn next_value(&mut self) -> Result<Option<Value<'a>>, Error> {
        if self.done {
            return Ok(None);
        }
        self.cur.ws();
        if self.first {
            self.first = false;
            if self.cur.peek() == Some(b']') {
                self.done = true;
                return Ok(None);
            }
        } else {
            match self.cur.peek() {
                Some(b',') => self.cur.i += 1,
                Some(b']') => {
                    self.done = true;
                    return Ok(None);
                }
                _ => return Err(Error::InvalidJson),
            }
        }
        // Arrays are only ever iterated after validation.
        self.cur.value_trusted(self.depth + 1).map(Some)
    }
}

impl<'a> Iterator for ArrayIter<'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Value<'a>> {
        self.next_value().ok().flatten()
    }
}

impl<'a> Array<'a> {
    /// Parses `text` as one JSON array (whole document).
    pub fn parse(text: &'a [u8]) -> Result<Array<'a>, Error> {
        let mut cur = Cursor::new(text);
        let read = match cur.value(1) {
            Ok(Value::Array(a)) if cur.at_end() => Ok(a),
            Ok(_) => Err(Error::InvalidJson),
            Err(e) => Err(e),
        };
        utf8_first(text, read)
    }

    /// The array's raw JSON text.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Iterates the elements in order.
    pub fn iter(&self) -> ArrayIter<'a> {
        let mut cur = Cursor::new(self.raw);
        let ok = cur.eat(b'[').is_ok();
        ArrayIter {
            cur,
            depth: self.depth,
            first: true,
            done: !ok,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether the array is empty.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

/// Parses any JSON document into a [`Value`] (whole input; surrounding whitespace allowed).
pub fn parse_value(text: &[u8]) -> Result<Value<'_>, Error> {
    let mut cur = Cursor::new(text);
    let read = match cur.value(1) {
        Ok(v) if cur.at_end() => Ok(v),
        Ok(_) => Err(Error::InvalidJson),
        Err(e) => Err(e),
    };
    utf8_first(text, read)
}

/// The result of reading a whole document, with [`Error::InvalidUtf8`] taking precedence
/// over every other error, as if the text had been checked whole first. No separate pass is
/// needed on success: outside strings only ASCII is grammatical, and strings check their
/// UTF-8 as they are read (`Cursor::string`); every value of the document is read through
/// them before a whole-document read succeeds.
fn utf8_first<T>(text: &[u8], read: Result<T, Error>) -> Result<T, Error> {
    match read {
        Err(_) if core::str::from_utf8(text).is_err() => Err(Error::InvalidUtf8),
        read => read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both hash widths (the one this target does not use included): a name and its escaped
    /// spelling hash alike at every length and word boundary, and the hashes separate names.
    #[test]
    fn name_hash_both_widths() {
        fn check<W: HashWord>() {
            let mut seen = Vec::new();
            for n in 0..40 {
                let name: String = (0..n)
                    .map(|i| char::from(b"abcdefghijklmnopqrstuvwxyz"[i * 7 % 26]))
                    .collect();
                let plain = format!(r#"{{"{name}":1}}"#);
                let escaped: String = name
                    .chars()
                    .map(|c| format!("\\u{:04x}", u32::from(c)))
                    .collect();
                let escaped = format!(r#"{{"{escaped}":1}}"#);
                let a = Object::parse(plain.as_bytes())
                    .unwrap()
                    .members()
                    .next()
                    .unwrap()
                    .name;
                let b = Object::parse(escaped.as_bytes())
                    .unwrap()
                    .members()
                    .next()
                    .unwrap()
                    .name;
                assert_eq!(b.has_escapes(), n > 0);
                assert_eq!(name_hash_with::<W>(&a), name_hash_with::<W>(&b), "{name}");
                seen.push(name_hash_with::<W>(&a));
            }
            seen.sort_unstable();
            seen.dedup();
            assert!(
                seen.len() >= 39,
                "{} distinct hashes of 40 names",
                seen.len()
            );
        }
        check::<u32>();
        check::<u64>();
    }

    /// Integers on both sides of the 18-digit fast path and at the `i64` bounds.
    #[test]
    fn integers_at_the_bounds() {
        let cases: &[(&str, Option<i64>)] = &[
            ("0", Some(0)),
            ("-0", Some(0)),
            ("1773757633", Some(1_773_757_633)),
            ("-1773757633", Some(-1_773_757_633)),
            ("999999999999999999", Some(999_999_999_999_999_999)),
            ("-999999999999999999", Some(-999_999_999_999_999_999)),
            ("1000000000000000000", Some(1_000_000_000_000_000_000)),
            ("9223372036854775807", Some(i64::MAX)),
            ("-9223372036854775808", Some(i64::MIN)),
            ("9223372036854775808", None),
            ("-9223372036854775809", None),
            ("99999999999999999999", None),
            ("1.5", None),
            ("1e3", None),
            ("-1.0", None),
        ];
        for (text, want) in cases {
            let json = format!(r#"{{"n":{text}}}"#);
            let o = Object::parse(json.as_bytes()).unwrap();
            assert_eq!(o.get("n").unwrap().as_i64(), *want, "{text}");
            assert_eq!(
                text.parse::<i64>()
                    .ok()
                    .filter(|_| !text.contains(['.', 'e'])),
                *want
            );
        }
    }

    /// `Pull::i64` gives `Value::as_i64` of the same text whenever it gives anything, and
    /// declines only where that is `None` or the integer has more than 18 digits; the reader
    /// stops right after the number.
    #[test]
    fn pull_integers_match_as_i64() {
        let texts = [
            "0",
            "-0",
            "7",
            "-7",
            "10",
            "1773757633",
            "-1773757633",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "99999999999999999999",
            "1.5",
            "1e3",
            "1E3",
            "-1.0",
            "0.0",
            "01",
            "-01",
            "00",
            "-",
            "--1",
            "+1",
            "",
            " 42",
            "\t\n 42",
            "null",
            "true",
            "\"1\"",
            "[1]",
            "{}",
            "1x",
            "1,",
            "1 ",
            "-x",
            ".5",
        ];
        for text in texts {
            let reference = parse_value(text.as_bytes()).ok().and_then(|v| v.as_i64());
            let mut p = Pull {
                cur: Cursor::new(text.as_bytes()),
                depth: 1,
            };
            let got = p.i64();
            let digits = text.bytes().filter(u8::is_ascii_digit).count();
            match got {
                Some(v) => {
                    let mut c = Cursor::new(text.as_bytes());
                    let n = c.value(1).unwrap();
                    assert_eq!(n.as_i64(), Some(v), "{text:?}");
                    assert_eq!(p.cur.i, c.i, "{text:?}");
                }
                None => assert!(reference.is_none() || digits > 18, "{text:?}"),
            }
            if digits <= 18 && reference.is_some() {
                assert_eq!(got, reference, "{text:?}");
            }
        }
    }

    /// Duplicates are found wherever they sit among many distinct names (the filter in front
    /// of the hash list never hides one), escaped or not.
    #[test]
    fn duplicates_found_among_many_names() {
        let names: Vec<String> = (0..MAX_JSON_MEMBERS - 1).map(|i| format!("m{i}")).collect();
        let distinct: Vec<String> = names.iter().map(|n| format!(r#""{n}":0"#)).collect();
        let ok = format!("{{{}}}", distinct.join(","));
        assert!(Object::parse(ok.as_bytes()).is_ok());
        for dup in [0, 1, 63, 64, 200, MAX_JSON_MEMBERS - 2] {
            let name = &names[dup];
            // The duplicate spelled with an escape for its first letter.
            let escaped = format!(r#""\u006d{}":1"#, &name[1..]);
            for extra in [format!(r#""{name}":1"#), escaped] {
                let mut members = distinct.clone();
                members.insert(members.len(), extra);
                let text = format!("{{{}}}", members.join(","));
                assert_eq!(
                    Object::parse(text.as_bytes()).err(),
                    Some(Error::DuplicateMember),
                    "{name}"
                );
            }
        }
    }

    /// The word-wise comparison 32-bit targets use agrees with `==` at every length and at
    /// every differing position.
    #[test]
    fn words_eq_matches_slice_eq() {
        let a: Vec<u8> = (0u8..40).collect();
        for n in 0..a.len() {
            assert!(words_eq(&a[..n], &a[..n]));
            assert!(!words_eq(&a[..n], &a[..n + 1]));
            for i in 0..n {
                let mut b = a[..n].to_vec();
                b[i] ^= 0x20;
                assert!(!words_eq(&a[..n], &b), "{n} {i}");
                assert!(!bytes_eq(&a[..n], &b));
            }
        }
    }

    #[test]
    fn keys_compare_unescaped() {
        let o = Object::parse(br#"{"e\u0078p":1,"plain":2,"\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061\u0061":3}"#).unwrap();
        let mut buf = [0u8; KEY_LEN];
        let keys: Vec<Vec<u8>> = o.members().map(|m| m.name.key(&mut buf).to_vec()).collect();
        assert_eq!(keys, [b"exp".to_vec(), b"plain".to_vec(), b"\0".to_vec()]);
    }

    #[test]
    fn parses_and_iterates() {
        let text = br#" {"a": 1, "b": [true, false, null, "x\n"], "c": {"d": -1.5e3}, "e\u00e9": "\ud83d\ude00"} "#;
        let obj = Object::parse(text).unwrap();
        let names: Vec<_> = obj
            .members()
            .map(|m| m.name.bytes().collect::<Vec<_>>())
            .collect();
        assert_eq!(
            names,
            vec![
                b"a".to_vec(),
                b"b".to_vec(),
                b"c".to_vec(),
                "eé".as_bytes().to_vec()
            ]
        );
        assert_eq!(obj.get("a").unwrap().as_i64(), Some(1));
        let b = obj.get("b").unwrap().as_array().unwrap();
        assert_eq!(b.len(), 4);
        let c = obj.get("c").unwrap().as_object().unwrap();
        let d = c.get("d").unwrap();
        assert!(matches!(d, Value::Number(n) if !n.is_integer()));
        let smile = obj.get("eé").unwrap().as_json_str().unwrap();
        let mut buf = [0u8; 8];
        assert_eq!(smile.decode_into(&mut buf).unwrap(), "😀");
    }

    #[test]
    fn rejects_bad_json() {
        for bad in [
            &br#"{"a":01}"#[..],
            br#"{"a":1,}"#,
            br#"{"a":1 "b":2}"#,
            br#"{"a":"\x"}"#,
            br#"{"a":"\ud800"}"#,
            br#"{"a":"\udc00"}"#,
            b"{\"a\":\"\x01\"}",
            br#"{"a":1}x"#,
            br#"{"a":tru}"#,
            br#"{"a":-}"#,
            br#"{"a":1.}"#,
            br#"{"a":1e}"#,
            br#"{"a":[1,2}"#,
            br#"{"a":{"b":1]}"#,
            br#"{a:1}"#,
            b"",
            b"{",
        ] {
            assert_eq!(
                Object::parse(bad).err(),
                Some(Error::InvalidJson),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        assert_eq!(Object::parse(b"[1]").err(), Some(Error::NotAnObject));
        assert_eq!(Object::parse(b"\"x\"").err(), Some(Error::NotAnObject));
        assert_eq!(
            Object::parse(b"{\"a\":\"\xff\"}").err(),
            Some(Error::InvalidUtf8)
        );
    }

    #[test]
    fn utf8_checked_in_strings_and_reported_first() {
        let ok = "{\"a\":\"é😀中\",\"ü\":[\"ß\"]}";
        let obj = Object::parse(ok.as_bytes()).unwrap();
        assert_eq!(obj.get("a").unwrap().as_str(), Some("é😀中"));
        for bad in [
            &b"{\"a\":\"\xc0\x80\"}"[..],
            b"{\"a\":\"\xed\xa0\x80\"}",
            b"{\"a\":\"\xf4\x90\x80\x80\"}",
            b"{\"a\":\"\xe4\xb8\"}",
            b"{\"a\":\"x\xe4",
            b"{\"a\":01,\"b\":\"\xff\"}",
            b"{\"a\":1}\xff",
            b"{\"a\":\xff}",
            b"{\"\x80\":1}",
        ] {
            let want = Some(Error::InvalidUtf8);
            assert_eq!(Object::parse(bad).err(), want, "{bad:?}");
            assert_eq!(parse_value(bad).err(), want, "{bad:?}");
            let arr = [&b"["[..], bad, b"]"].concat();
            assert_eq!(Array::parse(&arr).err(), want, "{bad:?}");
        }
        assert_eq!(
            Object::parse("{\"a\":é}".as_bytes()).err(),
            Some(Error::InvalidJson)
        );
        assert_eq!(parse_value(b"\"\xff\"").err(), Some(Error::InvalidUtf8));
        assert_eq!(Object::parse(b"[\"\xff\"]").err(), Some(Error::InvalidUtf8));
        assert_eq!(
            Object::parse("[\"é\"]".as_bytes()).err(),
            Some(Error::NotAnObject)
        );
    }

    #[test]
    fn duplicates_rejected_even_when_escaped() {
        assert_eq!(
            Object::parse(br#"{"a":1,"a":2}"#).err(),
            Some(Error::DuplicateMember)
        );
        assert_eq!(
            Object::parse(br#"{"a":1,"\u0061":2}"#).err(),
            Some(Error::DuplicateMember)
        );
        let nested = Object::parse(br#"{"x":{"k":1,"k":2}}"#).unwrap();
        let inner = nested.get("x").unwrap().as_object().unwrap();
        assert_eq!(inner.check_unique(), Err(Error::DuplicateMember));
    }

    #[test]
    fn depth_limit_one_past() {
        let ok = "[".repeat(MAX_JSON_DEPTH - 1) + &"]".repeat(MAX_JSON_DEPTH - 1);
        let text = format!("{{\"a\":{ok}}}");
        assert!(Object::parse(text.as_bytes()).is_ok());
        let deep = "[".repeat(MAX_JSON_DEPTH) + &"]".repeat(MAX_JSON_DEPTH);
        let text = format!("{{\"a\":{deep}}}");
        assert_eq!(
            Object::parse(text.as_bytes()).err(),
            Some(Error::JsonTooDeep)
        );
    }

    #[test]
    fn member_limit_one_past() {
        let make = |n: usize| {
            let body: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
            format!("{{{}}}", body.join(","))
        };
        assert!(Object::parse(make(MAX_JSON_MEMBERS).as_bytes()).is_ok());
        assert_eq!(
            Object::parse(make(MAX_JSON_MEMBERS + 1).as_bytes()).err(),
            Some(Error::TooManyMembers)
        );
        let arr = |n: usize| format!("{{\"a\":[{}]}}", vec!["1"; n].join(","));
        assert!(Object::parse(arr(MAX_JSON_MEMBERS).as_bytes()).is_ok());
        assert_eq!(
            Object::parse(arr(MAX_JSON_MEMBERS + 1).as_bytes()).err(),
            Some(Error::TooManyMembers)
        );
    }

    #[test]
    fn numbers() {
        let v = parse_value(b"1773757633").unwrap();
        assert_eq!(v.as_i64(), Some(1773757633));
        assert_eq!(parse_value(b"1e3").unwrap().as_i64(), None);
        assert_eq!(parse_value(b"99999999999999999999").unwrap().as_i64(), None);
        assert_eq!(parse_value(b"-0").unwrap().as_i64(), Some(0));
        for (text, want) in [
            ("9223372036854775807", Some(i64::MAX)),
            ("9223372036854775808", None),
            ("-9223372036854775808", Some(i64::MIN)),
            ("-9223372036854775809", None),
            ("-12", Some(-12)),
            ("1.0", None),
            ("1E2", None),
            ("-1e-2", None),
        ] {
            assert_eq!(
                parse_value(text.as_bytes()).unwrap().as_i64(),
                want,
                "{text}"
            );
            assert_eq!(
                text.parse::<i64>()
                    .ok()
                    .filter(|_| !text.contains(['.', 'e', 'E'])),
                want
            );
        }
    }
}
