//! `oxidc::json::Walker` against serde_json: a walker that rebuilds a `serde_json::Value` from
//! the core's walk of validated text gives exactly what `serde_json::from_str` gives, over
//! hand-picked shapes (whitespace, escapes in names and values, raw UTF-8, every number form,
//! nesting to the depth limit) and generated documents; duplicate names are rejected at every
//! level; and a walk allocates nothing (counting allocator).
#![allow(clippy::as_conversions)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use oxidc::Error;
use oxidc::json::{JsonStr, Number, Object, WalkError, Walker, parse_value};
use oxidc::limits::MAX_JSON_DEPTH;
use proptest::prelude::*;
use serde_json::{Map, Value as Json};

use oxidc_conformance::{Counting, allocations};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Rebuilds a `serde_json::Value` from the events.
#[derive(Default)]
struct Rebuild {
    stack: Vec<(Json, Option<String>)>,
    done: Option<Json>,
}

fn decode(s: &JsonStr<'_>) -> String {
    String::from_utf8(s.bytes().collect()).unwrap()
}

impl Rebuild {
    fn add(&mut self, v: Json) -> Result<(), String> {
        match self.stack.last_mut() {
            Some((Json::Object(m), k)) => {
                let k = k.take().ok_or("value without a name")?;
                if m.insert(k, v).is_some() {
                    return Err("duplicate reached the walker".into());
                }
            }
            Some((Json::Array(a), _)) => a.push(v),
            Some(_) => return Err("scalar frame".into()),
            None => self.done = Some(v),
        }
        Ok(())
    }
    fn close(&mut self) -> Result<(), String> {
        let (v, _) = self.stack.pop().ok_or("close without open")?;
        self.add(v)
    }
}

impl<'a> Walker<'a> for Rebuild {
    type Error = String;
    fn begin_object(&mut self) -> Result<(), String> {
        self.stack.push((Json::Object(Map::new()), None));
        Ok(())
    }
    fn name(&mut self, name: JsonStr<'a>) -> Result<(), String> {
        match self.stack.last_mut() {
            Some((Json::Object(_), k @ None)) => {
                *k = Some(decode(&name));
                Ok(())
            }
            _ => Err("name outside an object".into()),
        }
    }
    fn end_object(&mut self) -> Result<(), String> {
        self.close()
    }
    fn begin_array(&mut self) -> Result<(), String> {
        self.stack.push((Json::Array(Vec::new()), None));
        Ok(())
    }
    fn end_array(&mut self) -> Result<(), String> {
        self.close()
    }
    fn string(&mut self, s: JsonStr<'a>) -> Result<(), String> {
        self.add(Json::String(decode(&s)))
    }
    fn number(&mut self, n: Number<'a>) -> Result<(), String> {
        // serde_json's own reading of the same number text.
        self.add(serde_json::from_str(n.as_str()).map_err(|e| e.to_string())?)
    }
    fn bool(&mut self, b: bool) -> Result<(), String> {
        self.add(Json::Bool(b))
    }
    fn null(&mut self) -> Result<(), String> {
        self.add(Json::Null)
    }
}

fn walked(text: &str) -> Result<Json, WalkError<String>> {
    let v = parse_value(text.as_bytes()).map_err(WalkError::Json)?;
    let mut r = Rebuild::default();
    v.walk(&mut r)?;
    assert!(r.stack.is_empty(), "unclosed containers in {text}");
    Ok(r.done.expect("no value"))
}

fn same_as_serde(text: &str) {
    let expected: Json = serde_json::from_str(text).unwrap();
    assert_eq!(walked(text).unwrap(), expected, "{text}");
    // And through `Object::walk` for objects (claims, headers).
    if let Ok(o) = Object::parse(text.as_bytes()) {
        let mut r = Rebuild::default();
        o.walk(&mut r).unwrap();
        assert_eq!(r.done.unwrap(), expected, "{text}");
    }
}

#[test]
fn shapes_match_serde_json() {
    let shapes = [
        r#"{}"#,
        r#"[]"#,
        " \t\n\r{ \"a\" \t:\n 1 \r, \"b\" : [ ] , \"c\" : { } } \n",
        r#"{"iss":"https://op.example.org/","aud":["a","b"],"exp":1700000000,"iat":1,"nbf":0}"#,
        r#"{"e\u0078p":1,"\"q\"":"\\","\ud83d\ude00":"\ud83d\ude00","tab\t":"a\/b\b\f\n\r\t"}"#,
        r#"{"ascii":"\u0041\u00e9\u20ac","ctl":"\u0000\u001f","mixed":"x\u0022y\u005cz"}"#,
        "{\"caf\u{e9}\":\"\u{65e5}\u{672c}\u{8a9e}\",\"emoji\u{1F600}\":\"\u{1F600}\u{10FFFF}\"}",
        r#"{"long":"0123456789abcdef0123456789abcdef0123456789abcdef\u00e90123456789abcdef"}"#,
        r#"[0,-0,1,-1,9223372036854775807,-9223372036854775808,9223372036854775808,-9223372036854775809]"#,
        r#"[123456789012345678901234567890,-123456789012345678901234567890]"#,
        r#"[0.0,-0.0,1.5,-1.5,1e3,1E3,1e+3,1e-3,-1.25E-10,0.1,1.7976931348623157e308,1e-400,123.456e7]"#,
        r#"{"a":{"b":{"c":[1,{"d":[[],{}]},"e"]}},"f":[true,false,null],"g":null}"#,
        r#"[{"k":1},{"k":2},{"k":{"k":{"k":3}}}]"#,
        r#""just a string""#,
        r#"42"#,
        r#"-1.5e-3"#,
        r#"true"#,
        r#"null"#,
        r#"[[[[[[[[[[1]]]]]]]]]]"#,
    ];
    for s in shapes {
        same_as_serde(s);
    }
}

#[test]
fn nesting_to_the_depth_limit() {
    let arrays = "[".repeat(MAX_JSON_DEPTH) + "1" + &"]".repeat(MAX_JSON_DEPTH);
    same_as_serde(&arrays);
    let objects =
        "{\"a\":".repeat(MAX_JSON_DEPTH - 2) + "{\"b\":[]}" + &"}".repeat(MAX_JSON_DEPTH - 2);
    same_as_serde(&objects);
    let mixed = "{\"a\":[".repeat(MAX_JSON_DEPTH / 2) + &"]}".repeat(MAX_JSON_DEPTH / 2);
    same_as_serde(&mixed);
    let deep = "[".repeat(MAX_JSON_DEPTH + 1) + &"]".repeat(MAX_JSON_DEPTH + 1);
    assert_eq!(walked(&deep), Err(WalkError::Json(Error::JsonTooDeep)));
}

#[test]
fn duplicate_names_rejected_at_every_level() {
    for text in [
        r#"{"a":1,"a":2}"#,
        r#"{"a":1,"\u0061":2}"#,
        r#"{"x":{"k":1,"k":2}}"#,
        r#"{"x":[1,{"k":1,"\u006b":2}]}"#,
        r#"[{"a":{"b":{"c":{"d":0,"d":0}}}}]"#,
    ] {
        assert_eq!(
            walked(text),
            Err(WalkError::Json(Error::DuplicateMember)),
            "{text}"
        );
    }
    // Validation of the whole object accepts nested duplicates: only the walk rejects them.
    let o = Object::parse(br#"{"x":{"k":1,"k":2}}"#).unwrap();
    assert_eq!(
        o.walk(&mut Rebuild::default()),
        Err(WalkError::Json(Error::DuplicateMember))
    );
}

/// Counts events without allocating.
#[derive(Default)]
struct Count(usize);

impl<'a> Walker<'a> for Count {
    type Error = ();
    fn begin_object(&mut self) -> Result<(), ()> {
        self.0 += 1;
        Ok(())
    }
    fn name(&mut self, n: JsonStr<'a>) -> Result<(), ()> {
        self.0 += n.decoded_len();
        Ok(())
    }
    fn end_object(&mut self) -> Result<(), ()> {
        Ok(())
    }
    fn begin_array(&mut self) -> Result<(), ()> {
        self.0 += 1;
        Ok(())
    }
    fn end_array(&mut self) -> Result<(), ()> {
        Ok(())
    }
    fn string(&mut self, s: JsonStr<'a>) -> Result<(), ()> {
        self.0 += s.decoded_len();
        Ok(())
    }
    fn number(&mut self, n: Number<'a>) -> Result<(), ()> {
        self.0 += usize::from(n.as_i64().is_some());
        Ok(())
    }
    fn bool(&mut self, _: bool) -> Result<(), ()> {
        self.0 += 1;
        Ok(())
    }
    fn null(&mut self) -> Result<(), ()> {
        self.0 += 1;
        Ok(())
    }
}

#[test]
fn walk_no_alloc() {
    let text = br#"{"iss":"https://op.example.org/","aud":["a","b"],"exp":1700000000,"cnf":{"jkt":"x\u00e9"},"n":[[{"a":null,"b":true}]],"e\u0078p2":-1.5e3}"#;
    let o = Object::parse(text).unwrap();
    let dup = Object::parse(br#"{"x":{"k":1,"k":2}}"#).unwrap();
    let mut n = Count::default();
    let ((ok, err), allocs) = allocations(|| (o.walk(&mut n), dup.walk(&mut Count::default())));
    assert_eq!(ok, Ok(()));
    assert_eq!(err, Err(WalkError::Json(Error::DuplicateMember)));
    assert!(n.0 > 0);
    assert_eq!(allocs, 0, "the walk allocated");
}

fn json_strategy() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Json::from),
        any::<String>().prop_map(Json::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Json::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn generated_documents_match_serde_json(v in json_strategy()) {
        for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
            // serde_json's reading of the text, not `v`: its float parsing is not exact.
            let expected: Json = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(walked(&text).unwrap(), expected);
        }
    }
}
