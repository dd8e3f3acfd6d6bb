#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::as_conversions
)]
//! Conformance: request objects and `id_token_hint` (tests/vectors/messages/request-object/,
//! made by tests/vectors/generators/gen_request_object.py with fixed keys and checked there by
//! idpyoidc 5.0.0). Each vector runs the authentication request through
//! `verify_with_request_object` (client keys) and then `verify_id_token_hint` (OP keys) on the
//! effective request; the verdict must be the vector's `expected`. Where idpyoidc agrees (no
//! `divergence`), an accepted request's effective parameters must be exactly idpyoidc's merged
//! message; where it does not, the vector names an item of DIVERGENCES.md. After every positive
//! case one byte of the verified JWT is changed and the request must fail.

use oxidc::jwt::Required;
use oxidc::oauth::{Field, Kind, Message, ParamValue, Params, RawValue, Rejection};
use oxidc::oidc::messages::AuthorizationRequest;
use oxidc::oidc::request_object::{IdTokenHintPolicy, RequestObjectPolicy};
use oxidc::{DefaultProvider, Error, KeySet, Leeway, UnixTime};
use serde_json::{Map, Value as J};
use std::path::PathBuf;

type Keys = KeySet<DefaultProvider, 4>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors")
}

fn vectors() -> Vec<(String, J)> {
    let dir = root().join("messages/request-object");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let v = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), v)
        })
        .collect()
}

fn json_of(v: oxidc::json::Value<'_>) -> J {
    use oxidc::json::Value;
    let raw = match v {
        Value::Object(o) => o.raw(),
        Value::Array(a) => a.raw(),
        Value::Number(n) => n.as_str().as_bytes(),
        Value::Null => return J::Null,
        Value::Bool(b) => return J::Bool(b),
        Value::String(s) => return J::String(String::from_utf8(s.bytes().collect()).unwrap()),
    };
    serde_json::from_slice(raw).unwrap()
}

/// The message as idpyoidc's `to_dict()` renders it.
fn render(m: &Message<'_>) -> J {
    let mut out = Map::new();
    m.for_each(|name, field| {
        let v = match field {
            Field::Declared(v) => {
                let kind = m.spec().params[m.spec().index_of(name).unwrap()].kind;
                match v {
                    ParamValue::Null => J::Null,
                    ParamValue::Str(s) => J::String(s.into()),
                    ParamValue::Int(i) => J::from(i),
                    ParamValue::Bool(b) => J::Bool(b),
                    ParamValue::List(l) if kind == Kind::SpList => {
                        J::String(l.iter().collect::<Vec<_>>().join(" "))
                    }
                    ParamValue::List(l) => {
                        J::Array(l.iter().map(|s| J::String(s.into())).collect())
                    }
                    ParamValue::Object(o) => serde_json::from_slice(o.raw()).unwrap(),
                }
            }
            Field::Undeclared(RawValue::Text(t)) => J::String(t.into()),
            Field::Undeclared(RawValue::StrList(l)) => {
                J::Array(l.iter().map(|s| J::String(s.into())).collect())
            }
            Field::Undeclared(RawValue::Json(v)) => json_of(v),
        };
        out.insert(name.to_string(), v);
        Ok(())
    })
    .unwrap();
    J::Object(out)
}

/// What the core decided: Ok((effective parameters, hint sub)) or the rejection.
type Verdict = Result<(J, Option<String>), (Error, Option<String>)>;

fn reject(r: Rejection<'_>) -> (Error, Option<String>) {
    (r.error, r.param.map(String::from))
}

fn run(v: &J, body: &str) -> Verdict {
    let keys = |name: &str| Keys::from_jwks(v[name].to_string().as_bytes()).unwrap();
    let (client_keys, op_keys) = (keys("client_jwks"), keys("op_jwks"));
    let op = v["op_issuer"].as_str().unwrap();
    let now = UnixTime(v["now"].as_i64().unwrap());
    let leeway = Leeway(u32::try_from(v["leeway"].as_u64().unwrap()).unwrap());

    let mut scratch = vec![0u8; body.len()];
    let params = Params::parse_form(body.as_bytes(), &mut scratch).map_err(|e| (e, None))?;
    let outer = AuthorizationRequest::new(&params).map_err(reject)?;
    let policy = RequestObjectPolicy {
        audience: Some(op),
        leeway,
        required: Required::NONE,
    };
    let mut buf = vec![0u8; 2 * body.len()];
    let object = outer
        .verify_with_request_object(&client_keys, &policy, None, now, &mut buf)
        .map_err(reject)?;
    let effective = match &object {
        Some(o) => o.effective().map_err(reject)?,
        None => outer,
    };
    let hint_policy = IdTokenHintPolicy {
        issuer: op,
        client_id: v["hint_client_id"].as_str(),
    };
    let mut hbuf = vec![0u8; body.len()];
    let hint = effective
        .verify_id_token_hint(&op_keys, &hint_policy, &mut hbuf)
        .map_err(reject)?;
    let sub = hint.map(|t| String::from_utf8(t.claims().sub().unwrap().bytes().collect()).unwrap());
    Ok((render(effective.message()), sub))
}

/// `body` with one character of the signature of the JWT in parameter `name` changed.
fn tamper(body: &str, name: &str) -> Option<String> {
    let key = format!("{name}=");
    let start = body
        .split('&')
        .scan(0, |pos, part| {
            let at = *pos;
            *pos += part.len() + 1;
            Some((at, part))
        })
        .find(|(_, p)| p.starts_with(&key))?
        .0
        + key.len();
    let end = body[start..].find('&').map_or(body.len(), |e| start + e);
    let value = &body[start..end];
    let sig = value.rfind('.')? + 1;
    let mut bytes = body.as_bytes().to_vec();
    let at = start + sig + 2;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    Some(String::from_utf8(bytes).unwrap())
}

#[test]
fn request_object_vectors() {
    let all_divergences = std::fs::read_to_string(root().join("DIVERGENCES.md")).unwrap();
    let section = all_divergences
        .split("\n## ")
        .find(|s| s.starts_with("oidc: request objects"))
        .expect("DIVERGENCES.md has the request-object section");
    let all = vectors();
    assert!(all.len() >= 38, "{} vectors", all.len());
    let (mut agreed, mut diverged, mut tampered) = (0, 0, 0);
    for (file, v) in &all {
        let body = v["body"].as_str().unwrap();
        let expected = &v["expected"];
        let got = run(v, body);
        if expected["ok"].as_bool().unwrap() {
            let (params, sub) = got.unwrap_or_else(|e| panic!("{file}: {e:?}"));
            assert_eq!(
                sub.as_deref(),
                expected["id_token_hint_sub"].as_str(),
                "{file}"
            );
            if v.get("divergence").is_none() {
                let idp = &v["idpyoidc"];
                assert!(idp["ok"].as_bool().unwrap(), "{file}");
                assert_eq!(
                    params, idp["merged"],
                    "{file}: effective != idpyoidc's merge"
                );
            }
            for name in ["request", "id_token_hint"] {
                if let Some(bad) = tamper(body, name) {
                    let (e, param) = run(v, &bad).expect_err(file);
                    assert!(
                        matches!(e, Error::BadSignature | Error::InvalidBase64),
                        "{file} tampered {name}: {e:?}"
                    );
                    // a hint inside the request object is covered by the object's signature
                    assert_eq!(param.as_deref(), Some(name), "{file}");
                    tampered += 1;
                }
            }
        } else {
            let (e, param) = got.map(|_| ()).expect_err(file);
            assert_eq!(e.as_str(), expected["error"].as_str().unwrap(), "{file}");
            assert_eq!(param.as_deref(), expected["param"].as_str(), "{file}");
        }
        match v.get("divergence").and_then(J::as_str) {
            Some(item) => {
                let item_text = section
                    .split("\n- ")
                    .find(|t| t.starts_with(&format!("{item} ")))
                    .unwrap_or_else(|| panic!("{file}: divergence {item} not documented"));
                let stem = file.trim_end_matches(".json");
                assert!(
                    item_text.contains(&format!("`{}`", &file[..3]))
                        || item_text.contains(&format!("`{stem}`")),
                    "{file}: not listed under {item}"
                );
                diverged += 1;
            }
            None => {
                assert_eq!(
                    v["idpyoidc"]["ok"], expected["ok"],
                    "{file}: idpyoidc decides otherwise but no divergence is named"
                );
                agreed += 1;
            }
        }
    }
    assert!(
        agreed >= 20 && diverged >= 10 && tampered >= 6,
        "{agreed} {diverged} {tampered}"
    );
}

#[test]
fn request_object_policy_options() {
    // `required` adds claims beyond iss: the positive vector has exp but no nbf.
    let (_, v) = vectors()
        .into_iter()
        .find(|(f, _)| f.ends_with("ro-es256-ok.json"))
        .unwrap();
    let body = v["body"].as_str().unwrap();
    let keys = Keys::from_jwks(v["client_jwks"].to_string().as_bytes()).unwrap();
    let mut s = vec![0u8; body.len()];
    let p = Params::parse_form(body.as_bytes(), &mut s).unwrap();
    let r = AuthorizationRequest::new(&p).unwrap();
    let now = UnixTime(v["now"].as_i64().unwrap());
    let mut buf = vec![0u8; 2 * body.len()];
    let mut policy = RequestObjectPolicy {
        required: Required::EXP | Required::NBF,
        ..RequestObjectPolicy::default()
    };
    let e = r
        .verify_with_request_object(&keys, &policy, None, now, &mut buf)
        .unwrap_err();
    assert_eq!((e.error, e.param), (Error::MissingClaim, Some("request")));
    // no audience configured: aud is not looked at
    policy.required = Required::EXP;
    assert!(
        r.verify_with_request_object(&keys, &policy, None, now, &mut buf)
            .unwrap()
            .is_some()
    );
    let e = Rejection::param(Error::UnknownKey, "request");
    assert_eq!(e.error_code(), Some("invalid_request_object"));
}
