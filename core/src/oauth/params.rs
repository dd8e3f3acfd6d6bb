//! Decoding a message body into borrowed `(name, value)` pairs.
//!
//! Two wire forms, one view:
//! * `application/x-www-form-urlencoded` bodies and query strings ([`Params::parse_form`]),
//!   decoded the way Python's `parse_qs` does it (which is what idpyoidc uses) except where
//!   the RFCs forbid its leniency: `&` separates pairs, `+` is a space, `%XX` escapes are
//!   decoded; a pair without `=` or with an empty value is dropped; invalid escapes and
//!   invalid UTF-8 are errors (Python keeps the former literally and replaces the latter
//!   with U+FFFD).
//! * JSON object bodies ([`Params::parse_json`]), read with the crate's bounded JSON reader;
//!   a member whose value is `""` or `[""]` is dropped (idpyoidc's `from_dict`).
//!
//! Nothing is copied unless it has to be: a form component without `%` or `+`, a JSON
//! string without escapes, are borrowed from the input. Everything else is decoded once into
//! the caller's scratch buffer, which must be at least as long as the input (decoding never
//! grows text). Repeated names are all kept here; the typed message views decide what a
//! repetition means.

use core::fmt;

use crate::Error;
use crate::json::{self, Value};
use crate::limits::{MAX_MESSAGE_LEN, MAX_PARAM_NAME_LEN, MAX_PARAM_VALUE_LEN, MAX_PARAMS};

/// The wire form a [`Params`] was decoded from; typing rules differ between the two
/// (idpyoidc's `from_urlencoded` versus `from_dict`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `application/x-www-form-urlencoded` (bodies, query strings, fragments).
    Form,
    /// A JSON object.
    Json,
}

/// One parameter value as it came off the wire, before typing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawValue<'a> {
    /// A form value, or a JSON string (decoded).
    Text(&'a str),
    /// A JSON array whose elements are all strings (decoded).
    StrList(List<'a>),
    /// Any other JSON value: `null`, a boolean, a number, an object, a mixed array.
    Json(Value<'a>),
}

impl<'a> RawValue<'a> {
    /// The text when this is a form value or a JSON string.
    pub fn as_text(&self) -> Option<&'a str> {
        match self {
            RawValue::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// A list of strings, zero-copy: a space-separated value split on single spaces (as
/// idpyoidc does: `"a  b"` has an empty middle element), a single string, or a decoded
/// JSON array of strings packed into the scratch buffer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct List<'a>(ListRepr<'a>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListRepr<'a> {
    Spaces(&'a str),
    One(&'a str),
    /// Each element as a little-endian `u16` length followed by its UTF-8 bytes.
    Packed(&'a [u8]),
}

impl<'a> List<'a> {
    /// A list split on single spaces.
    pub const fn space_separated(s: &'a str) -> Self {
        List(ListRepr::Spaces(s))
    }

    /// A one-element list.
    pub const fn single(s: &'a str) -> Self {
        List(ListRepr::One(s))
    }

    /// The elements in order.
    pub fn iter(&self) -> ListIter<'a> {
        ListIter(match self.0 {
            ListRepr::Spaces(s) => IterRepr::Spaces(s.split(' ')),
            ListRepr::One(s) => IterRepr::One(Some(s)),
            ListRepr::Packed(b) => IterRepr::Packed(b),
        })
    }

    /// Whether some element equals `s`.
    pub fn contains(&self, s: &str) -> bool {
        self.iter().any(|e| e == s)
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether the list has no elements.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The list as one space-separated string when it is stored that way (form values and
    /// JSON strings), which is how idpyoidc serialises space-separated lists.
    pub fn as_joined(&self) -> Option<&'a str> {
        match self.0 {
            ListRepr::Spaces(s) | ListRepr::One(s) => Some(s),
            ListRepr::Packed(_) => None,
        }
    }
}

impl fmt::Debug for List<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for List<'a> {
    type Item = &'a str;
    type IntoIter = ListIter<'a>;
    fn into_iter(self) -> ListIter<'a> {
        self.iter()
    }
}

/// Iterator over the elements of a [`List`].
#[derive(Clone, Debug)]
pub struct ListIter<'a>(IterRepr<'a>);

#[derive(Clone, Debug)]
enum IterRepr<'a> {
    Spaces(core::str::Split<'a, char>),
    One(Option<&'a str>),
    Packed(&'a [u8]),
}

impl<'a> Iterator for ListIter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match &mut self.0 {
            IterRepr::Spaces(it) => it.next(),
            IterRepr::One(s) => s.take(),
            IterRepr::Packed(b) => {
                let (len, rest) = b.split_first_chunk::<2>()?;
                let len = usize::from(u16::from_le_bytes(*len));
                let (item, rest) = rest.split_at_checked(len)?;
                *b = rest;
                // Validated when packed.
                core::str::from_utf8(item).ok()
            }
        }
    }
}

/// The decoded parameters of one message, in wire order, repetitions kept.
///
/// Fixed capacity ([`MAX_PARAMS`]); values borrow from the input or the scratch buffer.
/// `Debug` prints names only: values may be secrets (codes, client secrets, verifiers).
#[derive(Clone, Copy)]
pub struct Params<'a> {
    entries: [(&'a str, RawValue<'a>); MAX_PARAMS],
    len: usize,
    format: Format,
}

impl fmt::Debug for Params<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Params")
            .field("format", &self.format)
            .field("names", &NamesOnly(self))
            .finish()
    }
}

struct NamesOnly<'p, 'a>(&'p Params<'a>);

impl fmt::Debug for NamesOnly<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(n, _)| n))
            .finish()
    }
}

/// Hands out the front of the scratch buffer, `len` bytes at a time.
struct Scratch<'a>(&'a mut [u8]);

impl<'a> Scratch<'a> {
    fn take(&mut self, len: usize) -> Result<&'a mut [u8], Error> {
        let buf = core::mem::take(&mut self.0);
        let (front, rest) = buf.split_at_mut_checked(len).ok_or(Error::BufferTooSmall)?;
        self.0 = rest;
        Ok(front)
    }
}

#[inline]
fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Form-url-decodes `buf` in place (`+` → space, `%XX` → byte) and returns the decoded
/// length. The decoded text is not checked for UTF-8 here.
pub(crate) fn form_decode_in_place(buf: &mut [u8]) -> Result<usize, Error> {
    let mut r = 0;
    let mut w = 0;
    while let Some(&c) = buf.get(r) {
        let out = match c {
            b'+' => {
                r += 1;
                b' '
            }
            b'%' => {
                let hi = buf.get(r + 1).copied().and_then(hex);
                let lo = buf.get(r + 2).copied().and_then(hex);
                match (hi, lo) {
                    (Some(hi), Some(lo)) => {
                        r += 3;
                        hi << 4 | lo
                    }
                    _ => return Err(Error::InvalidPercentEncoding),
                }
            }
            _ => {
                r += 1;
                c
            }
        };
        *buf.get_mut(w).ok_or(Error::InvalidPercentEncoding)? = out;
        w += 1;
    }
    Ok(w)
}

/// Decodes one form component, borrowing when there is nothing to decode.
fn form_component<'a>(
    raw: &'a [u8],
    scratch: &mut Scratch<'a>,
    max: usize,
) -> Result<&'a str, Error> {
    if !raw.iter().any(|&b| b == b'%' || b == b'+') {
        if raw.len() > max {
            return Err(Error::ParameterTooLong);
        }
        return core::str::from_utf8(raw).map_err(|_| Error::InvalidUtf8);
    }
    let buf = scratch.take(raw.len())?;
    buf.copy_from_slice(raw);
    let n = form_decode_in_place(buf)?;
    if n > max {
        return Err(Error::ParameterTooLong);
    }
    let decoded: &'a [u8] = buf.get(..n).ok_or(Error::BufferTooSmall)?;
    core::str::from_utf8(decoded).map_err(|_| Error::InvalidUtf8)
}

/// Decodes a JSON string, borrowing when it has no escapes.
fn json_text<'a>(
    s: json::JsonStr<'a>,
    scratch: &mut Scratch<'a>,
    max: usize,
) -> Result<&'a str, Error> {
    if let Some(t) = s.as_str() {
        if t.len() > max {
            return Err(Error::ParameterTooLong);
        }
        return Ok(t);
    }
    // An escaped string decodes to at most its raw length.
    let buf = scratch.take(s.raw().len())?;
    let n = s.decode_into(buf)?.len();
    if n > max {
        return Err(Error::ParameterTooLong);
    }
    let decoded: &'a [u8] = buf.get(..n).ok_or(Error::BufferTooSmall)?;
    core::str::from_utf8(decoded).map_err(|_| Error::InvalidUtf8)
}

/// Packs a JSON array of strings into scratch; `None` when some element is not a string.
fn pack_strings<'a>(
    arr: json::Array<'a>,
    scratch: &mut Scratch<'a>,
) -> Result<Option<List<'a>>, Error> {
    if arr.iter().any(|v| !matches!(v, Value::String(_))) {
        return Ok(None);
    }
    // Each element `"…"` plus its separator takes at least as many raw bytes as its
    // 2-byte length prefix plus decoded text.
    let buf = scratch.take(arr.raw().len())?;
    let mut w = 0;
    for v in arr.iter() {
        let s = v.as_json_str().ok_or(Error::InvalidJson)?;
        let room = buf.get_mut(w + 2..).ok_or(Error::BufferTooSmall)?;
        let n = s.decode_into(room)?.len();
        if n > MAX_PARAM_VALUE_LEN {
            return Err(Error::ParameterTooLong);
        }
        let len = u16::try_from(n).map_err(|_| Error::ParameterTooLong)?;
        buf.get_mut(w..w + 2)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(&len.to_le_bytes());
        w += 2 + n;
    }
    let packed: &'a [u8] = buf.get(..w).ok_or(Error::BufferTooSmall)?;
    Ok(Some(List(ListRepr::Packed(packed))))
}

const EMPTY: (&str, RawValue<'static>) = ("", RawValue::Text(""));

impl<'a> Params<'a> {
    /// No parameters, as decoded from `format`.
    pub const fn empty(format: Format) -> Self {
        Params {
            entries: [EMPTY; MAX_PARAMS],
            len: 0,
            format,
        }
    }

    /// Appends a parameter (for hosts that build messages from already-split pairs).
    pub fn push(&mut self, name: &'a str, value: RawValue<'a>) -> Result<(), Error> {
        if name.len() > MAX_PARAM_NAME_LEN {
            return Err(Error::ParameterTooLong);
        }
        let slot = self
            .entries
            .get_mut(self.len)
            .ok_or(Error::TooManyParameters)?;
        *slot = (name, value);
        self.len += 1;
        Ok(())
    }

    /// Decodes an `application/x-www-form-urlencoded` body or query string (without the
    /// leading `?` or `#`). `scratch` must be at least `input.len()` bytes.
    ///
    /// Errors: [`Error::InvalidPercentEncoding`], [`Error::InvalidUtf8`],
    /// [`Error::FormatError`] (non-empty input without any `name=value` pair),
    /// [`Error::MessageTooLarge`], [`Error::TooManyParameters`], [`Error::ParameterTooLong`],
    /// [`Error::BufferTooSmall`].
    pub fn parse_form(input: &'a [u8], scratch: &'a mut [u8]) -> Result<Self, Error> {
        if input.len() > MAX_MESSAGE_LEN {
            return Err(Error::MessageTooLarge);
        }
        let mut scratch = Scratch(scratch);
        let mut params = Params::empty(Format::Form);
        for pair in input.split(|&b| b == b'&') {
            let Some(eq) = pair.iter().position(|&b| b == b'=') else {
                continue; // no `=`: parse_qs drops it
            };
            let (name, value) = pair.split_at(eq);
            let value = value.get(1..).unwrap_or_default();
            if value.is_empty() {
                continue; // empty value: parse_qs drops it (keep_blank_values=False)
            }
            let name = form_component(name, &mut scratch, MAX_PARAM_NAME_LEN)?;
            let value = form_component(value, &mut scratch, MAX_PARAM_VALUE_LEN)?;
            params.push(name, RawValue::Text(value))?;
        }
        if params.len == 0 && !input.is_empty() {
            return Err(Error::FormatError);
        }
        Ok(params)
    }

    /// Decodes a JSON object body. `scratch` must be at least `input.len()` bytes.
    ///
    /// Strings are decoded (into scratch when escaped); arrays of strings become
    /// [`RawValue::StrList`]; members valued `""` or `[""]` are dropped (idpyoidc's
    /// `from_dict`). Duplicate member names are rejected ([`Error::DuplicateMember`]).
    pub fn parse_json(input: &'a [u8], scratch: &'a mut [u8]) -> Result<Self, Error> {
        if input.len() > MAX_MESSAGE_LEN {
            return Err(Error::MessageTooLarge);
        }
        let mut scratch = Scratch(scratch);
        let mut params = Params::empty(Format::Json);
        json::Object::parse_with(input, |m| {
            let value = match m.value {
                Value::String(s) => {
                    if s.raw().is_empty() {
                        return Ok(());
                    }
                    RawValue::Text(json_text(s, &mut scratch, MAX_PARAM_VALUE_LEN)?)
                }
                Value::Array(a) => {
                    if a.len() == 1 && a.iter().next().is_some_and(|v| v.as_str() == Some("")) {
                        return Ok(());
                    }
                    match pack_strings(a, &mut scratch)? {
                        Some(list) => RawValue::StrList(list),
                        None => {
                            if a.raw().len() > MAX_PARAM_VALUE_LEN {
                                return Err(Error::ParameterTooLong);
                            }
                            RawValue::Json(m.value)
                        }
                    }
                }
                Value::Object(o) => {
                    if o.raw().len() > MAX_PARAM_VALUE_LEN {
                        return Err(Error::ParameterTooLong);
                    }
                    RawValue::Json(m.value)
                }
                v => RawValue::Json(v),
            };
            let name = json_text(m.name, &mut scratch, MAX_PARAM_NAME_LEN)?;
            params.push(name, value)
        })?;
        Ok(params)
    }

    /// The wire form these parameters came from.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The number of parameters (repetitions counted).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// All parameters in wire order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, RawValue<'a>)> + '_ {
        self.entries.iter().take(self.len).copied()
    }

    /// The first value named `name`.
    pub fn get(&self, name: &str) -> Option<RawValue<'a>> {
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The first value named `name` when it is text.
    pub fn get_str(&self, name: &str) -> Option<&'a str> {
        self.get(name).and_then(|v| v.as_text())
    }

    /// Every value named `name`, in wire order.
    pub fn get_all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = RawValue<'a>> + 's {
        self.iter().filter(move |(n, _)| *n == name).map(|(_, v)| v)
    }

    /// How many times `name` occurs.
    pub fn count(&self, name: &str) -> usize {
        self.iter().filter(|(n, _)| *n == name).count()
    }

    /// Whether `name` occurs.
    pub fn contains(&self, name: &str) -> bool {
        self.iter().any(|(n, _)| n == name)
    }

    /// The entry at `index` (wire order).
    pub fn entry(&self, index: usize) -> Option<(&'a str, RawValue<'a>)> {
        if index < self.len {
            self.entries.get(index).copied()
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(input: &str) -> Result<Vec<(String, String)>, Error> {
        let mut scratch = vec![0u8; input.len()];
        let p = Params::parse_form(input.as_bytes(), &mut scratch)?;
        Ok(p.iter()
            .map(|(n, v)| (n.to_string(), v.as_text().unwrap().to_string()))
            .collect())
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn form_decoding_follows_parse_qs() {
        assert_eq!(
            form("a=1&b=x+y%2Bz").unwrap(),
            pairs(&[("a", "1"), ("b", "x y+z")])
        );
        assert_eq!(form("").unwrap(), pairs(&[]));
        // dropped: empty values, pairs without `=`, empty segments
        assert_eq!(form("a=&b&&c=3&").unwrap(), pairs(&[("c", "3")]));
        // `;` is not a separator
        assert_eq!(form("a=1;b=2").unwrap(), pairs(&[("a", "1;b=2")]));
        // only the first `=` splits
        assert_eq!(form("a==b=").unwrap(), pairs(&[("a", "=b=")]));
        // encoded names, empty name kept
        assert_eq!(
            form("%61+b=1&=2").unwrap(),
            pairs(&[("a b", "1"), ("", "2")])
        );
        // a value of `+` is not empty
        assert_eq!(form("a=+").unwrap(), pairs(&[("a", " ")]));
        // UTF-8
        assert_eq!(form("s=%E2%9C%93").unwrap(), pairs(&[("s", "\u{2713}")]));
        // repetitions kept
        assert_eq!(form("a=1&a=2").unwrap(), pairs(&[("a", "1"), ("a", "2")]));
    }

    #[test]
    fn form_errors() {
        assert_eq!(form("abc"), Err(Error::FormatError));
        assert_eq!(form("a="), Err(Error::FormatError));
        assert_eq!(form("&"), Err(Error::FormatError));
        for bad in ["a=%", "a=%4", "a=%G1", "a=%ZZZ", "%zz=1", "a=b%"] {
            assert_eq!(form(bad), Err(Error::InvalidPercentEncoding), "{bad}");
        }
        assert_eq!(form("a=%FF%FE"), Err(Error::InvalidUtf8));
        assert_eq!(form("a=%C3"), Err(Error::InvalidUtf8));
        let raw = [b'a', b'=', 0xFF];
        let mut s = [0u8; 3];
        assert_eq!(
            Params::parse_form(&raw, &mut s).unwrap_err(),
            Error::InvalidUtf8
        );
    }

    #[test]
    fn scratch_one_short() {
        let input = b"a=%41%42";
        let mut s = [0u8; 6];
        assert!(Params::parse_form(input, &mut s).is_ok());
        let mut s = [0u8; 5];
        assert_eq!(
            Params::parse_form(input, &mut s).unwrap_err(),
            Error::BufferTooSmall
        );
    }

    #[test]
    fn limits_one_past() {
        // parameter count
        let ok: String = (0..MAX_PARAMS).map(|i| format!("p{i}=v&")).collect();
        let bad = format!("{ok}x=y");
        assert_eq!(form(&ok).unwrap().len(), MAX_PARAMS);
        assert_eq!(form(&bad), Err(Error::TooManyParameters));
        // value length, plain and encoded
        let v = "v".repeat(MAX_PARAM_VALUE_LEN);
        assert!(form(&format!("a={v}")).is_ok());
        assert_eq!(form(&format!("a={v}v")), Err(Error::ParameterTooLong));
        assert!(form(&format!("a={}", "+".repeat(MAX_PARAM_VALUE_LEN))).is_ok());
        assert_eq!(
            form(&format!("a={}", "+".repeat(MAX_PARAM_VALUE_LEN + 1))),
            Err(Error::ParameterTooLong)
        );
        // name length
        let n = "n".repeat(MAX_PARAM_NAME_LEN);
        assert!(form(&format!("{n}=1")).is_ok());
        assert_eq!(form(&format!("{n}n=1")), Err(Error::ParameterTooLong));
        // message length
        let body = format!("a={}", "v".repeat(MAX_MESSAGE_LEN - 2));
        let mut s = vec![0u8; body.len() + 1];
        assert_eq!(
            Params::parse_form(body.as_bytes(), &mut s).unwrap_err(),
            Error::ParameterTooLong
        );
        let body = format!("{body}v");
        assert_eq!(
            Params::parse_form(body.as_bytes(), &mut s).unwrap_err(),
            Error::MessageTooLarge
        );
        assert_eq!(
            Params::parse_json(body.as_bytes(), &mut s).unwrap_err(),
            Error::MessageTooLarge
        );
    }

    #[test]
    fn json_bodies() {
        let input = br#"{"a": "x\u0041", "b": ["p", "q\"r"], "c": 5, "d": "", "e": [""], "f": [1, "x"], "g": null}"#;
        let mut s = [0u8; 128];
        let p = Params::parse_json(input, &mut s).unwrap();
        assert_eq!(p.format(), Format::Json);
        assert_eq!(p.len(), 5);
        assert_eq!(p.get_str("a"), Some("xA"));
        let Some(RawValue::StrList(l)) = p.get("b") else {
            panic!()
        };
        assert_eq!(l.iter().collect::<Vec<_>>(), ["p", "q\"r"]);
        assert_eq!(l.len(), 2);
        assert!(matches!(p.get("c"), Some(RawValue::Json(Value::Number(_)))));
        assert!(p.get("d").is_none() && p.get("e").is_none());
        assert!(matches!(p.get("f"), Some(RawValue::Json(Value::Array(_)))));
        assert!(matches!(p.get("g"), Some(RawValue::Json(Value::Null))));
        assert_eq!(
            Params::parse_json(br#"{"a": 1, "a": 2}"#, &mut s).unwrap_err(),
            Error::DuplicateMember
        );
        assert_eq!(
            Params::parse_json(b"[1]", &mut s).unwrap_err(),
            Error::NotAnObject
        );
        assert_eq!(
            Params::parse_json(b"{", &mut s).unwrap_err(),
            Error::InvalidJson
        );
        let big: String = format!(
            "{{{}}}",
            (0..=MAX_PARAMS)
                .map(|i| format!("\"p{i}\": 1"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut s = vec![0u8; big.len()];
        assert_eq!(
            Params::parse_json(big.as_bytes(), &mut s).unwrap_err(),
            Error::TooManyParameters
        );
    }

    #[test]
    fn lists_split_on_single_spaces() {
        let l = List::space_separated("a  b");
        assert_eq!(l.iter().collect::<Vec<_>>(), ["a", "", "b"]);
        assert!(l.contains("b") && !l.contains("c"));
        assert_eq!(List::single("a b").iter().collect::<Vec<_>>(), ["a b"]);
    }

    #[test]
    fn debug_hides_values() {
        let mut s = [0u8; 32];
        let p = Params::parse_form(b"client_secret=hunter2", &mut s).unwrap();
        let d = format!("{p:?}");
        assert!(d.contains("client_secret") && !d.contains("hunter2"), "{d}");
    }
}
