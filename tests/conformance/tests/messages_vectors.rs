#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::as_conversions
)]
//! Conformance: every message vector (tests/vectors/messages/, made with idpyoidc 5.0.0)
//! parsed, typed and verified by the core. The result must be what idpyoidc gives — the
//! parameters as its `to_json()` renders them, or the same error — except for the vectors in
//! `overrides.json`, where oxidc deliberately differs; each of those names a section of
//! tests/vectors/DIVERGENCES.md and is checked against its `oxidc_expected`.

use oxidc::Error;
use oxidc::json::Value;
use oxidc::oauth::messages as o2;
use oxidc::oauth::{Field, Kind, Message, ParamValue, Params, RawValue, Rejection};
use oxidc::oidc::messages as oidc;
use serde_json::{Map, Value as J};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors")
}

fn vector_files() -> Vec<(String, J)> {
    let dir = root().join("messages");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json") && p.file_name().unwrap() != "overrides.json"
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect()
}

fn json_of(v: Value<'_>) -> J {
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

fn raw_json(v: RawValue<'_>) -> J {
    match v {
        RawValue::Text(t) => J::String(t.into()),
        RawValue::StrList(l) => J::Array(l.iter().map(|s| J::String(s.into())).collect()),
        RawValue::Json(v) => json_of(v),
    }
}

/// The message as idpyoidc's `to_json()` would render it.
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
            Field::Undeclared(raw) => {
                let all: Vec<_> = m.params().get_all(name).collect();
                if all.len() > 1 {
                    J::Array(all.into_iter().map(raw_json).collect())
                } else {
                    raw_json(raw)
                }
            }
        };
        out.insert(name.to_string(), v);
        Ok(())
    })
    .unwrap();
    J::Object(out)
}

/// Parses, types and (when asked) verifies `params` as `class`.
fn run<'a>(class: &str, p: &'a Params<'a>, verify: bool) -> Result<J, Rejection<'a>> {
    macro_rules! go {
        ($t:ty, |$r:ident| $verify:expr) => {{
            let $r = <$t>::new(p)?;
            if verify {
                $verify?;
            }
            Ok(render($r.message()))
        }};
    }
    match class {
        "oauth2.AuthorizationRequest" => go!(o2::AuthorizationRequest, |r| r.verify()),
        "oauth2.AccessTokenRequest" => go!(o2::AccessTokenRequest, |r| r.verify()),
        "oauth2.RefreshAccessTokenRequest" => go!(o2::RefreshAccessTokenRequest, |r| r.verify()),
        "oauth2.CCAccessTokenRequest" => go!(o2::CCAccessTokenRequest, |r| r.verify()),
        "oauth2.TokenExchangeRequest" => go!(o2::TokenExchangeRequest, |r| r.verify()),
        "oauth2.AuthorizationResponse" => {
            go!(o2::AuthorizationResponse, |r| r.verify(None, None))
        }
        "oauth2.AccessTokenResponse" => go!(o2::AccessTokenResponse, |r| r.verify()),
        "oauth2.TokenErrorResponse" => go!(o2::TokenErrorResponse, |r| r.verify()),
        "oauth2.TokenIntrospectionRequest" => go!(o2::TokenIntrospectionRequest, |r| r.verify()),
        "oauth2.TokenIntrospectionResponse" => {
            go!(o2::TokenIntrospectionResponse, |r| r.verify())
        }
        "oauth2.TokenRevocationRequest" => go!(o2::TokenRevocationRequest, |r| r.verify()),
        "oidc.AuthorizationRequest" => go!(oidc::AuthorizationRequest, |r| r.verify(None)),
        "oidc.AccessTokenRequest" => go!(oidc::AccessTokenRequest, |r| r.verify()),
        "oidc.AccessTokenResponse" => go!(oidc::AccessTokenResponse, |r| r.verify()),
        other => panic!("no view for {other}"),
    }
}

/// idpyoidc's exception (name, detail) → the oxidc error (and the parameter it names).
fn idpyoidc_error(name: &str, detail: &str) -> (Error, Option<String>) {
    let quoted = |d: &str| {
        d.strip_prefix("Missing required attribute '")
            .and_then(|s| s.strip_suffix('\''))
            .map(String::from)
    };
    match (name, detail) {
        ("MissingRequiredAttribute", "Missing required attribute 'Nonce missing'") => {
            (Error::NonceMissing, Some("nonce".into()))
        }
        ("MissingRequiredAttribute", d) => (Error::MissingParameter, quoted(d)),
        ("TooManyValues", d) => (Error::DuplicateParameter, Some(d.into())),
        ("NotAllowedValue", _) => (Error::ParameterNotAllowedValue, None),
        ("FormatError", _) => (Error::FormatError, None),
        ("MissingRequiredValue", "openid not in scope") => (Error::MissingOpenidScope, None),
        ("MissingRequiredValue", "consent in prompt") => {
            (Error::ConsentRequiredForOfflineAccess, None)
        }
        ("InvalidRequest", "prompt none combined with other value") => {
            (Error::PromptNoneWithOther, None)
        }
        ("JSONDecodeError", _) => (Error::InvalidJson, None),
        ("ValueError", d) if d.contains("wrong type of value for") => {
            let p = d.rsplit('"').nth(1).unwrap();
            (Error::WrongParameterType, Some(p.into()))
        }
        ("ValueError", "Grant type MUST be client_credentials") => {
            (Error::ParameterNotAllowedValue, Some("grant_type".into()))
        }
        ("ValueError", "Characters outside allowed set") => (Error::InvalidErrorDescription, None),
        ("ValueError", "id_token not a signed JWT") => {
            (Error::MalformedToken, Some("id_token".into()))
        }
        other => panic!("unmapped idpyoidc error {other:?}"),
    }
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Ok(J),
    Err(Error, Option<String>),
}

fn outcome_of(v: &J) -> Outcome {
    if v["ok"].as_bool().unwrap() {
        return Outcome::Ok(v["params"].clone());
    }
    Outcome::Err(
        Error::from_name(v["error"].as_str().unwrap()).unwrap(),
        v.get("param").and_then(|p| p.as_str()).map(String::from),
    )
}

/// Runs one vector through the core: `(outcome, description written for the rejection)`.
fn oxidc_outcome(v: &J) -> (Outcome, Option<String>) {
    let body = v["body"].as_str().unwrap().as_bytes();
    let mut scratch = vec![0u8; body.len()];
    let parsed = match v["format"].as_str().unwrap() {
        "urlencoded" => Params::parse_form(body, &mut scratch),
        "json" => Params::parse_json(body, &mut scratch),
        f => panic!("format {f}"),
    };
    let result = match &parsed {
        Ok(params) => run(
            v["message"].as_str().unwrap(),
            params,
            v["verify"].as_bool().unwrap(),
        ),
        Err(e) => Err(Rejection::from(*e)),
    };
    match result {
        Ok(j) => (Outcome::Ok(j), None),
        Err(r) => {
            let mut buf = [0u8; 256];
            let n = r.write_description(&mut buf).unwrap();
            let desc = String::from_utf8(buf[..n].to_vec()).unwrap();
            (Outcome::Err(r.error, r.param.map(String::from)), Some(desc))
        }
    }
}

#[test]
fn every_message_vector() {
    let overrides: J = serde_json::from_str(
        &std::fs::read_to_string(root().join("messages/overrides.json")).unwrap(),
    )
    .unwrap();
    let divergences = std::fs::read_to_string(root().join("DIVERGENCES.md")).unwrap();
    let files = vector_files();
    assert!(
        files.len() >= 62,
        "vector corpus missing ({} files)",
        files.len()
    );
    let mut checked = 0;
    let mut diverging = 0;
    for (file, v) in &files {
        let (got, desc) = oxidc_outcome(v);
        if let Some(o) = overrides.get(file.as_str()) {
            let section = o["divergence"].as_str().unwrap();
            assert!(
                divergences.contains(&format!("## {section}")),
                "{file}: DIVERGENCES.md has no section '## {section}'"
            );
            assert!(
                divergences.contains(file.as_str()),
                "{file}: not named in DIVERGENCES.md"
            );
            let want = outcome_of(&o["oxidc_expected"]);
            assert_eq!(got, want, "{file} (oxidc_expected)");
            // idpyoidc really did something else (a crash counts as different)
            let theirs = &v["expected"];
            match (theirs["ok"].as_bool().unwrap(), &got) {
                (true, Outcome::Ok(j)) => {
                    assert_ne!(j, &theirs["params"], "{file}: override no longer needed?")
                }
                (false, Outcome::Err(e, _)) if theirs["error"] != "KeyError" => {
                    let (t, _) = idpyoidc_error(
                        theirs["error"].as_str().unwrap(),
                        theirs["detail"].as_str().unwrap(),
                    );
                    assert_ne!(t, *e, "{file}: override no longer needed?");
                }
                _ => {}
            }
            diverging += 1;
        } else {
            let e = &v["expected"];
            if e["ok"].as_bool().unwrap() {
                assert_eq!(got, Outcome::Ok(e["params"].clone()), "{file}");
            } else {
                let detail = e["detail"].as_str().unwrap();
                let (want, param) = idpyoidc_error(e["error"].as_str().unwrap(), detail);
                let Outcome::Err(err, got_param) = &got else {
                    panic!("{file}: expected {want:?}, got {got:?}");
                };
                assert_eq!(*err, want, "{file}");
                if param.is_some() {
                    assert_eq!(*got_param, param, "{file}");
                }
                // Where idpyoidc's text is fixed, ours is the same.
                if matches!(
                    want,
                    Error::MissingParameter
                        | Error::NonceMissing
                        | Error::FormatError
                        | Error::MissingOpenidScope
                        | Error::ConsentRequiredForOfflineAccess
                        | Error::PromptNoneWithOther
                        | Error::InvalidErrorDescription
                        | Error::DuplicateParameter
                ) {
                    assert_eq!(desc.as_deref(), Some(detail), "{file} description");
                }
            }
        }
        checked += 1;
    }
    // every override names an existing vector
    for (name, _) in overrides.as_object().unwrap() {
        if !name.starts_with('_') {
            assert!(
                files.iter().any(|(f, _)| f == name),
                "override for missing {name}"
            );
        }
    }
    assert_eq!(checked, files.len());
    assert!(diverging >= 11);
}
