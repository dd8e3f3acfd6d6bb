//! The JSON reader.

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
    escaped: bool,
}

impl<'a> JsonStr<'a> {
    /// The raw bytes between the quotes, escapes not decoded.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Whether the string contains escape sequences.
    pub fn has_escapes(&self) -> bool {
        self.escaped
    }

    /// The string as `&str` when it has no escapes (the common case), else `None`.
    pub fn as_str(&self) -> Option<&'a str> {
        if self.escaped {
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
        if !self.escaped {
            return self.raw;
        }
        match self.decode_into(buf) {
            Ok(d) => d.as_bytes(),
            Err(_) => b"\0",
        }
    }

    /// Length of the decoded string in bytes.
    pub fn decoded_len(&self) -> usize {
        if self.escaped {
            self.bytes().count()
        } else {
            self.raw.len()
        }
    }

    /// Whether the decoded string equals `s`.
    pub fn eq_str(&self, s: &str) -> bool {
        if self.escaped {
            self.bytes().eq(s.bytes())
        } else {
            self.raw == s.as_bytes()
        }
    }

    /// Whether two JSON strings decode to the same text.
    pub fn eq_json(&self, other: &JsonStr<'_>) -> bool {
        if !self.escaped && !other.escaped {
            self.raw == other.raw
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number<'a>(&'a str);

impl<'a> Number<'a> {
    /// The number's text as it appeared in the input.
    pub fn as_str(&self) -> &'a str {
        self.0
    }

    /// Whether the number has no fraction and no exponent.
    pub fn is_integer(&self) -> bool {
        !self.0.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
    }

    /// The value as `i64` when it is an integer (no fraction, no exponent) in range.
    pub fn as_i64(&self) -> Option<i64> {
        if !self.is_integer() {
            return None;
        }
        self.0.parse().ok()
    }
}

/// A JSON value borrowed from validated input. Containers are returned unparsed.
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

    /// Skips string bytes eight at a time while none of them is `"`, `\\` or a control
    /// character (word-at-a-time "has zero byte" / "has byte less than" tests; exact for
    /// "any byte matches").
    #[inline]
    fn skip_plain_string_bytes(&mut self) {
        const LO: u64 = 0x0101_0101_0101_0101;
        const HI: u64 = 0x8080_8080_8080_8080;
        while let Some(chunk) = self
            .s
            .get(self.i..)
            .and_then(|r| r.get(..8))
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        {
            let x = u64::from_le_bytes(chunk);
            let q = x ^ (LO * u64::from(b'"'));
            let b = x ^ (LO * u64::from(b'\\'));
            let special = (q.wrapping_sub(LO) & !q)
                | (b.wrapping_sub(LO) & !b)
                | (x.wrapping_sub(LO * 0x20) & !x);
            if special & HI != 0 {
                return;
            }
            self.i += 8;
        }
    }

    /// Reads a string starting at `"`.
    fn string(&mut self) -> Result<JsonStr<'a>, Error> {
        self.eat(b'"')?;
        let start = self.i;
        let mut escaped = false;
        loop {
            self.skip_plain_string_bytes();
            let b = self.peek().ok_or(Error::InvalidJson)?;
            match b {
                b'"' => {
                    let raw = self.s.get(start..self.i).ok_or(Error::InvalidJson)?;
                    self.i += 1;
                    return Ok(JsonStr { raw, escaped });
                }
                b'\\' => {
                    let rest = self.s.get(self.i + 1..).ok_or(Error::InvalidJson)?;
                    let (_, used) = unescape(rest).ok_or(Error::InvalidJson)?;
                    self.i += 1 + used;
                    escaped = true;
                }
                0x00..=0x1F => return Err(Error::InvalidJson),
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
        let text = self.s.get(start..self.i).ok_or(Error::InvalidJson)?;
        // Only ASCII digits and signs were consumed.
        core::str::from_utf8(text)
            .map(Number)
            .map_err(|_| Error::InvalidJson)
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

/// FNV-1a over the decoded name, to make the duplicate check cheap.
fn name_hash(s: &JsonStr<'_>) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut mix = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    if s.escaped {
        s.bytes().for_each(&mut mix);
    } else {
        s.raw.iter().for_each(|&b| mix(b));
    }
    h
}

/// Tracks the member names seen so far in one object to reject duplicates.
///
/// Keeps only 32-bit name hashes (1 KiB of stack at the member limit); on a hash match the
/// object is re-read from its start to compare the names exactly, so collisions cost time,
/// never correctness.
pub(crate) struct DupCheck<'a> {
    hashes: [u32; MAX_JSON_MEMBERS],
    len: usize,
    obj: &'a [u8],
    depth: usize,
}

impl<'a> DupCheck<'a> {
    pub(crate) fn new(obj: &'a [u8], depth: usize) -> Self {
        DupCheck {
            hashes: [0; MAX_JSON_MEMBERS],
            len: 0,
            obj,
            depth,
        }
    }

    pub(crate) fn insert(&mut self, name: JsonStr<'a>) -> Result<(), Error> {
        let h = name_hash(&name);
        let seen = self.hashes.get(..self.len).ok_or(Error::TooManyMembers)?;
        if seen.contains(&h) {
            let mut it = ObjectIter::new(self.obj, self.depth)?;
            for _ in 0..self.len {
                let m = it.next_member()?.ok_or(Error::InvalidJson)?;
                if m.name.eq_json(&name) {
                    return Err(Error::DuplicateMember);
                }
            }
        }
        *self.hashes.get_mut(self.len).ok_or(Error::TooManyMembers)? = h;
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

    fn consumed(&self) -> usize {
        self.cur.i
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
        mut visit: impl FnMut(&Member<'a>) -> Result<(), Error>,
    ) -> Result<Object<'a>, Error> {
        core::str::from_utf8(text).map_err(|_| Error::InvalidUtf8)?;
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
        let mut it = ObjectIter::new(rest, 1)?;
        let mut dups = DupCheck::new(rest, 1);
        let mut count = 0usize;
        while let Some(m) = it.next_member()? {
            count += 1;
            if count > MAX_JSON_MEMBERS {
                return Err(Error::TooManyMembers);
            }
            dups.insert(m.name)?;
            visit(&m)?;
        }
        let end = start + it.consumed();
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
        core::str::from_utf8(text).map_err(|_| Error::InvalidUtf8)?;
        let mut cur = Cursor::new(text);
        match cur.value(1)? {
            Value::Array(a) if cur.at_end() => Ok(a),
            _ => Err(Error::InvalidJson),
        }
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
    core::str::from_utf8(text).map_err(|_| Error::InvalidUtf8)?;
    let mut cur = Cursor::new(text);
    let v = cur.value(1)?;
    if !cur.at_end() {
        return Err(Error::InvalidJson);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
