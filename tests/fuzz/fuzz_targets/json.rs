//! The bounded borrowing JSON reader, differentially against serde_json: whatever oxidc accepts
//! serde_json accepts with the same string values; whatever serde_json accepts, oxidc either
//! accepts or rejects for a documented reason (duplicates, a named limit, not an object).
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::Error;
use oxidc::json::{Array, Object, Value, parse_value};

/// `depth` is the nesting level of `v` if it is a container (the top level is 1); scalars
/// inside the deepest container do not count as a level.
fn walk(v: &Value<'_>, depth: usize) {
    if matches!(v, Value::Object(_) | Value::Array(_)) {
        assert!(depth <= oxidc::limits::MAX_JSON_DEPTH);
    }
    match v {
        Value::String(s) => {
            let mut out = vec![0u8; s.decoded_len()];
            let decoded = s.decode_into(&mut out).expect("validated string decodes");
            assert_eq!(decoded.len(), s.decoded_len());
            assert!(s.eq_str(decoded));
            assert!(s.eq_json(s));
        }
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                assert_eq!(n.as_str().parse::<i64>().ok(), Some(i));
            }
        }
        Value::Object(o) => {
            let mut it = o.members();
            while let Some(m) = it.next_member().expect("validated object iterates") {
                walk(&m.value, depth + 1);
            }
        }
        Value::Array(a) => {
            let mut it = a.iter();
            while let Some(v) = it.next_value().expect("validated array iterates") {
                walk(&v, depth + 1);
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let serde: Result<serde_json::Value, _> = serde_json::from_slice(data);
    match Object::parse(data) {
        Ok(o) => {
            let j = serde.expect("oxidc accepted what serde_json rejects");
            assert!(j.is_object());
            for m in o.members() {
                let name = String::from_utf8(m.name.bytes().collect()).unwrap();
                let want = &j[&name];
                if let Some(s) = m.value.as_json_str() {
                    let got = String::from_utf8(s.bytes().collect()).unwrap();
                    assert_eq!(Some(got.as_str()), want.as_str());
                }
                if let Some(i) = m.value.as_i64() {
                    assert_eq!(Some(i), want.as_i64());
                }
            }
            walk(&Value::Object(o), 1);
            assert!(o.check_unique().is_ok());
        }
        Err(e) => {
            if serde.is_ok() {
                assert!(
                    matches!(
                        e,
                        Error::DuplicateMember
                            | Error::JsonTooDeep
                            | Error::TooManyMembers
                            | Error::NotAnObject
                    ),
                    "serde_json accepts, oxidc says {e:?}"
                );
            }
        }
    }
    if let Ok(v) = parse_value(data) {
        assert!(serde_json::from_slice::<serde_json::Value>(data).is_ok());
        walk(&v, 1);
    }
    let _ = Array::parse(data);
});
