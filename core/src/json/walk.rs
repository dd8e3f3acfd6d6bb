//! A single-pass event walk over JSON the core has validated, for consumers that build their
//! own tree (the Python binding's dicts): one pass instead of iterating every container with
//! [`Object::members`] (which skips a nested container once to find its end and then reads it
//! again when it is iterated).
//!
//! Strings and numbers are read by the reader's own cursor (the same word-at-a-time string
//! scan, UTF-8 and escape checks), the structure between them by a loop with a `u64` bit stack
//! instead of recursion. Nothing is trusted blindly: any byte out of place is
//! [`Error::InvalidJson`], every step consumes input or fails, and nesting is bounded by
//! [`MAX_JSON_DEPTH`], so the walk is total on any slice. Duplicate member names are rejected
//! in every object walked, as [`Object::parse`] and [`Object::check_unique`] do: validation
//! ([`Object::parse`], [`parse_value`](super::parse_value)) checks them only at the top level,
//! so the walk checks the object it starts at inline (name hashes, no second pass) and every
//! nested object when it enters it (with [`Object::check_unique`]).

use super::read::{Cursor, DupCheck};
use super::{Array, JsonStr, Number, Object, Value};
use crate::Error;
use crate::limits::MAX_JSON_DEPTH;

/// Receives the events of a walk, in document order. A member is [`Walker::name`] followed by
/// its value's events; a container's events are enclosed by its `begin_*` and `end_*`. An
/// error stops the walk and comes back as [`WalkError::Walker`].
pub trait Walker<'a> {
    /// The consumer's error.
    type Error;
    /// `{`
    fn begin_object(&mut self) -> Result<(), Self::Error>;
    /// A member name (escapes intact; decode with the [`JsonStr`] API).
    fn name(&mut self, name: JsonStr<'a>) -> Result<(), Self::Error>;
    /// `}`
    fn end_object(&mut self) -> Result<(), Self::Error>;
    /// `[`
    fn begin_array(&mut self) -> Result<(), Self::Error>;
    /// `]`
    fn end_array(&mut self) -> Result<(), Self::Error>;
    /// A string value (escapes intact).
    fn string(&mut self, s: JsonStr<'a>) -> Result<(), Self::Error>;
    /// A number, as validated text.
    fn number(&mut self, n: Number<'a>) -> Result<(), Self::Error>;
    /// `true` or `false`
    fn bool(&mut self, b: bool) -> Result<(), Self::Error>;
    /// `null`
    fn null(&mut self) -> Result<(), Self::Error>;
}

/// Why a walk stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WalkError<E> {
    /// The text was not what the walk accepts (malformed, a duplicate name, too deep).
    Json(Error),
    /// The walker's own error.
    Walker(E),
}

impl<E> From<Error> for WalkError<E> {
    fn from(e: Error) -> Self {
        WalkError::Json(e)
    }
}

impl<'a> Object<'a> {
    /// Walks this object's members, and everything nested in them, into `w`. Duplicate member
    /// names are rejected at every level ([`Error::DuplicateMember`]).
    pub fn walk<W: Walker<'a>>(&self, w: &mut W) -> Result<(), WalkError<W::Error>> {
        walk(self.raw(), w, Top::Check)
    }

    /// [`Object::walk`] for an object whose own member names were already found unique when
    /// it was parsed ([`Object::parse`] and the parsers built on it: JWT claims and headers):
    /// only nested objects are checked. Crate-internal, so that no caller can skip the check
    /// for an object that never had it.
    pub(crate) fn walk_parsed<W: Walker<'a>>(&self, w: &mut W) -> Result<(), WalkError<W::Error>> {
        walk(self.raw(), w, Top::Checked)
    }
}

/// Whether the walk checks the names of the object it starts at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Top {
    Check,
    /// Checked when the object was parsed.
    Checked,
}

impl<'a> Array<'a> {
    /// Walks this array's elements, and everything nested in them, into `w`. Duplicate member
    /// names in nested objects are rejected ([`Error::DuplicateMember`]).
    pub fn walk<W: Walker<'a>>(&self, w: &mut W) -> Result<(), WalkError<W::Error>> {
        walk(self.raw(), w, Top::Check)
    }
}

impl<'a> Value<'a> {
    /// Walks this value into `w` (one event for a scalar). Duplicate member names are rejected
    /// in every object ([`Error::DuplicateMember`]).
    pub fn walk<W: Walker<'a>>(&self, w: &mut W) -> Result<(), WalkError<W::Error>> {
        match self {
            Value::Null => w.null().map_err(WalkError::Walker),
            Value::Bool(b) => w.bool(*b).map_err(WalkError::Walker),
            Value::Number(n) => w.number(*n).map_err(WalkError::Walker),
            Value::String(s) => w.string(*s).map_err(WalkError::Walker),
            Value::Array(a) => a.walk(w),
            Value::Object(o) => o.walk(w),
        }
    }
}

/// Walks the one container `text` holds (surrounding whitespace allowed).
fn walk<'a, W: Walker<'a>>(
    text: &'a [u8],
    w: &mut W,
    top_names: Top,
) -> Result<(), WalkError<W::Error>> {
    let mut s = Scan { s: text, i: 0 };
    // Bit d of `objects` is 1 when level d is an object; `level` counts open containers.
    let mut objects: u64 = 0;
    let mut level = 0usize;
    // The names of the object the walk starts at (level 1), checked as they are read.
    let mut top: Option<DupCheck<'a>> = None;
    let mut expect_value = true;
    loop {
        if expect_value {
            s.ws();
            match s.peek().ok_or(Error::InvalidJson)? {
                c @ (b'{' | b'[') => {
                    if level >= MAX_JSON_DEPTH {
                        return Err(Error::JsonTooDeep.into());
                    }
                    let is_obj = c == b'{';
                    if is_obj {
                        let rest = s.rest();
                        if level == 0 {
                            if top_names == Top::Check {
                                top = Some(DupCheck::new(rest, 1));
                            }
                        } else {
                            // A nested object was validated but its names were not checked.
                            match Cursor::new(rest).value(level + 1)? {
                                Value::Object(o) => o.check_unique()?,
                                _ => return Err(Error::InvalidJson.into()),
                            }
                        }
                        objects |= 1 << level;
                        w.begin_object().map_err(WalkError::Walker)?;
                    } else {
                        objects &= !(1 << level);
                        w.begin_array().map_err(WalkError::Walker)?;
                    }
                    s.i += 1;
                    level += 1;
                    s.ws();
                    let close = if is_obj { b'}' } else { b']' };
                    if s.peek() == Some(close) {
                        s.i += 1;
                        level -= 1;
                        end(w, is_obj)?;
                        expect_value = false;
                    } else if is_obj {
                        s.name(w, top.as_mut().filter(|_| level == 1))?;
                    }
                    continue;
                }
                _ => {
                    s.scalar(w)?;
                    expect_value = false;
                }
            }
        }
        // After a value.
        if level == 0 {
            s.ws();
            return if s.i == text.len() {
                Ok(())
            } else {
                Err(Error::InvalidJson.into())
            };
        }
        s.ws();
        let is_obj = objects >> (level - 1) & 1 == 1;
        match s.peek().ok_or(Error::InvalidJson)? {
            b',' => {
                s.i += 1;
                if is_obj {
                    s.ws();
                    s.name(w, top.as_mut().filter(|_| level == 1))?;
                }
                expect_value = true;
            }
            b'}' if is_obj => {
                s.i += 1;
                level -= 1;
                end(w, true)?;
            }
            b']' if !is_obj => {
                s.i += 1;
                level -= 1;
                end(w, false)?;
            }
            _ => return Err(Error::InvalidJson.into()),
        }
    }
}

fn end<'a, W: Walker<'a>>(w: &mut W, is_obj: bool) -> Result<(), WalkError<W::Error>> {
    if is_obj {
        w.end_object()
    } else {
        w.end_array()
    }
    .map_err(WalkError::Walker)
}

/// The walk's position in the text.
struct Scan<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.s.get(self.i..).unwrap_or_default()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// A string at `"`, read by the reader's cursor.
    #[inline]
    fn string(&mut self) -> Result<JsonStr<'a>, Error> {
        let s = Cursor::new(self.rest()).string()?;
        self.i += s.raw().len() + 2;
        Ok(s)
    }

    /// One string, number or literal, read (and checked) by the reader's cursor, into `w`;
    /// `depth` does not matter (containers never get here). How far it read follows from what
    /// it returns: a number is its text, a literal its four or five letters.
    fn scalar<W: Walker<'a>>(&mut self, w: &mut W) -> Result<(), WalkError<W::Error>> {
        match self.peek() {
            Some(b'"') => {
                let s = self.string()?;
                return w.string(s).map_err(WalkError::Walker);
            }
            Some(b'{' | b'[') | None => return Err(Error::InvalidJson.into()),
            Some(_) => {}
        }
        match Cursor::new(self.rest()).value(1)? {
            Value::Number(n) => {
                self.i += n.as_str().len();
                w.number(n)
            }
            Value::Bool(b) => {
                self.i += if b { 4 } else { 5 };
                w.bool(b)
            }
            Value::Null => {
                self.i += 4;
                w.null()
            }
            Value::String(_) | Value::Array(_) | Value::Object(_) => {
                return Err(Error::InvalidJson.into());
            }
        }
        .map_err(WalkError::Walker)
    }

    /// A member name and its `:`; checked against the earlier names when `dups` is given.
    fn name<W: Walker<'a>>(
        &mut self,
        w: &mut W,
        dups: Option<&mut DupCheck<'a>>,
    ) -> Result<(), WalkError<W::Error>> {
        if self.peek() != Some(b'"') {
            return Err(Error::InvalidJson.into());
        }
        let name = self.string()?;
        if let Some(d) = dups {
            d.insert(name)?;
        }
        self.ws();
        if self.peek() != Some(b':') {
            return Err(Error::InvalidJson.into());
        }
        self.i += 1;
        w.name(name).map_err(WalkError::Walker)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_value;

    /// Renders the events back as compact JSON (names and strings decoded, then re-quoted
    /// raw: the tests below use no characters that need escaping after decoding).
    #[derive(Default)]
    struct Render {
        out: String,
        /// Whether the next item in the open container needs a `,` before it.
        comma: bool,
        fail_at: Option<usize>,
        events: usize,
    }

    impl Render {
        fn item(&mut self) -> Result<(), &'static str> {
            self.events += 1;
            if Some(self.events) == self.fail_at {
                return Err("stop");
            }
            if self.comma {
                self.out.push(',');
            }
            self.comma = true;
            Ok(())
        }
        fn text(&mut self, s: &JsonStr<'_>) {
            let bytes: Vec<u8> = s.bytes().collect();
            self.out.push('"');
            self.out.push_str(core::str::from_utf8(&bytes).unwrap());
            self.out.push('"');
        }
    }

    impl<'a> Walker<'a> for Render {
        type Error = &'static str;
        fn begin_object(&mut self) -> Result<(), Self::Error> {
            self.item()?;
            self.out.push('{');
            self.comma = false;
            Ok(())
        }
        fn name(&mut self, name: JsonStr<'a>) -> Result<(), Self::Error> {
            self.item()?;
            self.text(&name);
            self.out.push(':');
            self.comma = false;
            Ok(())
        }
        fn end_object(&mut self) -> Result<(), Self::Error> {
            self.out.push('}');
            self.comma = true;
            Ok(())
        }
        fn begin_array(&mut self) -> Result<(), Self::Error> {
            self.item()?;
            self.out.push('[');
            self.comma = false;
            Ok(())
        }
        fn end_array(&mut self) -> Result<(), Self::Error> {
            self.out.push(']');
            self.comma = true;
            Ok(())
        }
        fn string(&mut self, s: JsonStr<'a>) -> Result<(), Self::Error> {
            self.item()?;
            self.text(&s);
            Ok(())
        }
        fn number(&mut self, n: Number<'a>) -> Result<(), Self::Error> {
            self.item()?;
            self.out.push_str(n.as_str());
            Ok(())
        }
        fn bool(&mut self, b: bool) -> Result<(), Self::Error> {
            self.item()?;
            self.out.push_str(if b { "true" } else { "false" });
            Ok(())
        }
        fn null(&mut self) -> Result<(), Self::Error> {
            self.item()?;
            self.out.push_str("null");
            Ok(())
        }
    }

    fn render(text: &str) -> Result<String, WalkError<&'static str>> {
        let v = parse_value(text.as_bytes()).map_err(WalkError::Json)?;
        let mut r = Render::default();
        v.walk(&mut r)?;
        Ok(r.out)
    }

    #[test]
    fn events_in_document_order() {
        let text = " {\"a\" : 1 ,\n\"b\":[true,false,null,\"x\"],\t\"c\":{\"d\":-1.5e3,\"e\":{}},\"f\":[[],[{}]],\"e\\u00e9\":\"\\ud83d\\ude00\",\"g\":\"caf\u{e9}\"} ";
        assert_eq!(
            render(text).unwrap(),
            "{\"a\":1,\"b\":[true,false,null,\"x\"],\"c\":{\"d\":-1.5e3,\"e\":{}},\"f\":[[],[{}]],\"e\u{e9}\":\"\u{1F600}\",\"g\":\"caf\u{e9}\"}"
        );
        for scalar in ["0", "-0.0e+1", "\"s\"", "true", "false", "null", "[]", "{}"] {
            let compact = scalar.to_string();
            assert_eq!(render(&format!(" {scalar} ")).unwrap(), compact);
        }
    }

    #[test]
    fn escapes_handed_over_undecoded() {
        let o = Object::parse(br#"{"e\u0078p":"a\"b"}"#).unwrap();
        struct Flags(Vec<(bool, Vec<u8>)>);
        impl<'a> Walker<'a> for Flags {
            type Error = ();
            fn begin_object(&mut self) -> Result<(), ()> {
                Ok(())
            }
            fn name(&mut self, n: JsonStr<'a>) -> Result<(), ()> {
                self.0.push((n.has_escapes(), n.raw().to_vec()));
                Ok(())
            }
            fn end_object(&mut self) -> Result<(), ()> {
                Ok(())
            }
            fn begin_array(&mut self) -> Result<(), ()> {
                Err(())
            }
            fn end_array(&mut self) -> Result<(), ()> {
                Err(())
            }
            fn string(&mut self, s: JsonStr<'a>) -> Result<(), ()> {
                self.0.push((s.has_escapes(), s.raw().to_vec()));
                Ok(())
            }
            fn number(&mut self, _: Number<'a>) -> Result<(), ()> {
                Err(())
            }
            fn bool(&mut self, _: bool) -> Result<(), ()> {
                Err(())
            }
            fn null(&mut self) -> Result<(), ()> {
                Err(())
            }
        }
        let mut f = Flags(Vec::new());
        o.walk(&mut f).unwrap();
        assert_eq!(
            f.0,
            [(true, br"e\u0078p".to_vec()), (true, br#"a\"b"#.to_vec())]
        );
    }

    /// Validation checks duplicate names only in the object it parses, not in nested ones
    /// (`parse_value` in none): the walk rejects them at every level.
    #[test]
    fn duplicates_rejected_at_every_level() {
        let nested = br#"{"x":[1,{"k":1,"\u006b":2}]}"#;
        assert!(Object::parse(nested).is_ok());
        assert_eq!(
            render(core::str::from_utf8(nested).unwrap()),
            Err(WalkError::Json(Error::DuplicateMember))
        );
        assert_eq!(
            render(r#"{"k":1,"k":2}"#),
            Err(WalkError::Json(Error::DuplicateMember))
        );
        assert_eq!(
            render(r#"[{"a":{"b":{"c":1,"c":1}}}]"#),
            Err(WalkError::Json(Error::DuplicateMember))
        );
        // Same names in different objects are fine.
        assert!(render(r#"{"k":{"k":{"k":1}},"j":[{"k":1},{"k":2}]}"#).is_ok());
    }

    /// Claims and headers walk as their objects do (their own names were checked when they
    /// were parsed); a duplicate in a nested object is still rejected.
    #[test]
    fn parsed_claims_and_headers_walk_like_objects() {
        let texts: [&[u8]; 3] = [
            br#"{"iss":"a","aud":["x","y"],"exp":5,"cnf":{"jkt":"t"},"e":"\u00e9"}"#,
            br#"{"alg":"HS256","kid":"k","jwk":{"kty":"oct","k":"AA"}}"#,
            br#"{}"#,
        ];
        for t in texts {
            let mut a = Render::default();
            let mut b = Render::default();
            let mut c = Render::default();
            crate::jwt::Claims::parse(t).unwrap().walk(&mut a).unwrap();
            crate::jwt::Header::parse(t)
                .map_or(Ok(()), |h| h.walk(&mut b))
                .unwrap();
            Object::parse(t).unwrap().walk(&mut c).unwrap();
            assert_eq!(a.out, c.out);
            if crate::jwt::Header::parse(t).is_ok() {
                assert_eq!(b.out, c.out);
            }
        }
        let nested = br#"{"iss":"a","cnf":{"jkt":"t","jkt":"u"}}"#;
        let claims = crate::jwt::Claims::parse(nested).unwrap();
        assert_eq!(
            claims.walk(&mut Render::default()),
            Err(WalkError::Json(Error::DuplicateMember))
        );
    }

    #[test]
    fn walker_error_stops_the_walk() {
        let o = Object::parse(br#"{"a":[1,2,3],"b":4}"#).unwrap();
        for n in 1..=8 {
            let mut r = Render {
                fail_at: Some(n),
                ..Render::default()
            };
            assert_eq!(o.walk(&mut r), Err(WalkError::Walker("stop")));
            assert_eq!(r.events, n);
        }
        let mut r = Render {
            fail_at: Some(9),
            ..Render::default()
        };
        assert!(o.walk(&mut r).is_ok());
    }

    #[test]
    fn depth_limit_one_past() {
        let ok = "[".repeat(MAX_JSON_DEPTH) + &"]".repeat(MAX_JSON_DEPTH);
        assert_eq!(render(&ok).unwrap(), ok);
        let ok_obj = "{\"a\":".repeat(MAX_JSON_DEPTH) + &"}".repeat(MAX_JSON_DEPTH);
        let ok_obj = ok_obj.replacen("{\"a\":}", "{}", 1);
        assert_eq!(render(&ok_obj).unwrap(), ok_obj);
        // One past the limit is never validated; the walk refuses it on its own too.
        let deep = "[".repeat(MAX_JSON_DEPTH + 1) + &"]".repeat(MAX_JSON_DEPTH + 1);
        assert_eq!(parse_value(deep.as_bytes()).err(), Some(Error::JsonTooDeep));
        assert_eq!(
            walk(deep.as_bytes(), &mut Render::default(), Top::Check),
            Err(WalkError::Json(Error::JsonTooDeep))
        );
    }

    /// The walk is total: on any text (not only validated text) it ends, without panicking,
    /// in success or an error, and succeeds only where the reader accepts the text.
    #[test]
    fn total_on_any_text() {
        let texts: &[&[u8]] = &[
            b"",
            b" ",
            b"{",
            b"[",
            b"}",
            b"]",
            b"{\"a\"",
            b"{\"a\":",
            b"{\"a\":1",
            b"{\"a\":1,",
            b"{\"a\":1,}",
            b"[1,]",
            b"[1 2]",
            b"{\"a\" 1}",
            b"{1:2}",
            b"{\"a\":1]",
            b"[1}",
            b"\"abc",
            b"\"a\\",
            b"\"a\\u12\"",
            b"tru",
            b"nul",
            b"-",
            b"01",
            b"1.",
            b"1e",
            b"{\"a\":1} x",
            b"[\"\x01\"]",
            b"[\"\xff\"]",
            b"[\"\xe2\x82\"]",
            b"]]]",
            b"[[[[",
            b"{\"a\":{\"b\":1,\"b\":2}",
            b"{\"a\":tru}",
            b"[\"\\q\"]",
        ];
        for t in texts {
            let walked = walk(t, &mut Render::default(), Top::Check);
            match parse_value(t) {
                Ok(_) => assert!(walked.is_ok(), "{t:?}"),
                Err(_) => assert!(walked.is_err(), "{t:?}"),
            }
        }
        // Every prefix and every one-byte change of a document.
        let doc = br#" {"a":[1,-2.5e-3,{"b":"c\n\u00e9"}],"d":{"e":[true,false,null]},"f":""} "#;
        for n in 0..doc.len() {
            let _ = walk(&doc[..n], &mut Render::default(), Top::Check);
            for b in [
                b'"', b'\\', b'{', b'}', b'[', b']', b',', b':', b'0', b' ', 0xff,
            ] {
                let mut t = doc.to_vec();
                t[n] = b;
                let walked = walk(&t, &mut Render::default(), Top::Check);
                // Skipping the top-level name check changes nothing but that check.
                match walk(&t, &mut Render::default(), Top::Checked) {
                    Ok(()) => assert!(
                        walked.is_ok() || walked == Err(WalkError::Json(Error::DuplicateMember)),
                        "{:?}",
                        core::str::from_utf8(&t)
                    ),
                    Err(e) => assert_eq!(walked, Err(e), "{:?}", core::str::from_utf8(&t)),
                }
                if parse_value(&t).is_err() {
                    // Validation failures the walk may still accept are only nested
                    // duplicates (which it rejects) — so it never accepts invalid text.
                    assert!(walked.is_err(), "{:?}", core::str::from_utf8(&t));
                }
            }
        }
    }
}
