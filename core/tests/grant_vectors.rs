//! Runs every vector in `tests/vectors/grant/` through the grant engine and its JSON writer.
//!
//! Schema (extra members are ignored, so idpyoidc-generated vectors can carry more):
//! `{name, now, config: {profile, issue_refresh, revoke_refresh_on_issue, client_grant_types,
//! lifetimes?}, grant, request: {grant_type, ...}, expected: {ok, error?, error_description?,
//! kind?, minted?, expires_in?, scope?, add_refresh_minting?, state_after?: {grant_used,
//! tokens: [{used, revoked}], appended: [{token_class, based_on, expires_at, scope,
//! usage_rules}]}}}`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use oxidc::grant::{HandlerLifetimes, Profile, refusal_for};
use oxidc::json::Object;
use oxidc::{
    CodeRedemption, GrantView, RefreshRequest, TokenClass, TokenPolicy, UnixTime, redeem_code,
    refresh,
};
use serde_json::{Value, json};

fn vector_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/grant")
}

fn policy(config: &Value) -> TokenPolicy {
    let profile = match config.get("profile").and_then(Value::as_str) {
        Some("oauth2") => Profile::OAuth2,
        _ => Profile::Oidc,
    };
    let grant_types = config
        .get("client_grant_types")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut lifetimes = HandlerLifetimes::IDPYOIDC;
    if let Some(l) = config.get("lifetimes") {
        if let Some(v) = l.get("access_token").and_then(Value::as_i64) {
            lifetimes.access_token = v;
        }
        if let Some(v) = l.get("refresh_token").and_then(Value::as_i64) {
            lifetimes.refresh_token = v;
        }
        if let Some(v) = l.get("id_token").and_then(Value::as_i64) {
            lifetimes.id_token = v;
        }
    }
    TokenPolicy {
        profile,
        issue_refresh: config.get("issue_refresh").and_then(Value::as_bool),
        refresh_in_grant_types: grant_types.iter().any(|g| g == "refresh_token"),
        revoke_refresh_on_issue: config
            .get("revoke_refresh_on_issue")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        lifetimes,
    }
}

/// The grant's raw JSON text, taken from the file with oxidc's own reader so escapes stay
/// as written.
fn raw_grant(file: &[u8]) -> &[u8] {
    let root = Object::parse(file).unwrap();
    root.get("grant").unwrap().as_object().unwrap().raw()
}

fn tokens_of(grant: &Value) -> Vec<Value> {
    grant["issued_token"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let o = t.as_object().unwrap();
            if o.len() == 1 && o.keys().next().unwrap().contains('.') {
                o.values().next().unwrap().clone()
            } else {
                t.clone()
            }
        })
        .collect()
}

fn run(path: &PathBuf) -> Result<(), String> {
    let text = std::fs::read(path).unwrap();
    let v: Value = serde_json::from_slice(&text).unwrap();
    let name = v["name"].as_str().unwrap_or("?").to_owned();
    let now = UnixTime::from_secs(v["now"].as_i64().unwrap());
    let pol = policy(&v["config"]);
    let req = &v["request"];
    let exp = &v["expected"];
    let grant = GrantView::parse(raw_grant(&text)).map_err(|e| format!("{name}: parse: {e:?}"))?;
    let stored_tokens = tokens_of(&v["grant"]);
    let s = |k: &str| req.get(k).and_then(Value::as_str);

    let got: Value = match s("grant_type") {
        Some("mint") => {
            let class = TokenClass::from_name(s("token_class").unwrap());
            let parent = req["based_on"].as_u64().unwrap() as usize;
            match grant.check_mint(parent, class, now) {
                Ok(()) => json!({"ok": true}),
                Err(e) => {
                    let r = refusal_for(e, pol.profile, Some(class));
                    json!({"ok": false, "error": r.oauth_error, "error_description": r.description,
                           "kind": e.as_str(), "token": null, "token_used": 0, "token_revoked": false,
                           "revoke": [], "grant_used": grant.used(), "mint": []})
                }
            }
        }
        gt => {
            let d = match gt {
                Some("authorization_code") => redeem_code(
                    &grant,
                    &CodeRedemption {
                        code: s("code").unwrap(),
                        client_id: s("client_id"),
                        redirect_uri: s("redirect_uri"),
                        session_client_id: s("session_client_id"),
                    },
                    &pol,
                    now,
                ),
                Some("refresh_token") => refresh(
                    &grant,
                    &RefreshRequest {
                        refresh_token: s("refresh_token").unwrap(),
                        client_id: s("client_id").unwrap(),
                        scope: s("scope"),
                        session_client_id: s("session_client_id"),
                    },
                    &pol,
                    now,
                ),
                other => return Err(format!("{name}: unknown grant_type {other:?}")),
            };
            let mut buf = vec![0u8; 16 * 1024];
            let n = d
                .write_json(&grant, &mut buf)
                .map_err(|e| format!("{name}: write: {e:?}"))?;
            // One byte short must fail cleanly.
            let mut short = vec![0u8; n - 1];
            if d.write_json(&grant, &mut short) != Err(oxidc::Error::BufferTooSmall) {
                return Err(format!(
                    "{name}: one byte short did not give BufferTooSmall"
                ));
            }
            let out: Value = serde_json::from_slice(&buf[..n])
                .map_err(|e| format!("{name}: decision JSON invalid: {e}"))?;
            if d.add_refresh_minting != out["add_refresh_minting"].as_bool().unwrap() {
                return Err(format!("{name}: add_refresh_minting mismatch in JSON"));
            }
            out
        }
    };

    let mut fail = Vec::new();
    let mut check = |what: &str, want: &Value, have: &Value| {
        if want != have {
            fail.push(format!("{what}: want {want}, have {have}"));
        }
    };
    check("ok", &exp["ok"], &got["ok"]);
    for k in [
        "error",
        "error_description",
        "kind",
        "expires_in",
        "scope",
        "add_refresh_minting",
    ] {
        if let Some(want) = exp.get(k) {
            check(k, want, got.get(k).unwrap_or(&Value::Null));
        }
    }
    if let Some(want) = exp.get("minted") {
        let have: Vec<Value> = got["mint"]
            .as_array()
            .map(|m| m.iter().map(|x| x["token_class"].clone()).collect())
            .unwrap_or_default();
        check("minted", want, &Value::Array(have));
    }
    if let Some(sa) = exp.get("state_after") {
        if let Some(want) = sa.get("grant_used") {
            check("grant_used", want, &got["grant_used"]);
        }
        if let Some(want) = sa.get("tokens") {
            let revoke: Vec<u64> = got["revoke"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap())
                .collect();
            let have: Vec<Value> = stored_tokens
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let mine = got["token"].as_u64() == Some(i as u64);
                    let used = if mine {
                        got["token_used"].clone()
                    } else {
                        t["used"].clone()
                    };
                    let revoked = t["revoked"].as_bool().unwrap_or(false)
                        || revoke.contains(&(i as u64))
                        || (mine && got["token_revoked"].as_bool().unwrap());
                    json!({"used": used, "revoked": revoked})
                })
                .collect();
            check("tokens", want, &Value::Array(have));
        }
        if let Some(want) = sa.get("appended") {
            check("appended", want, &got["mint"]);
        }
    }
    if fail.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}:\n  {}", fail.join("\n  ")))
    }
}

#[test]
fn grant_vectors() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(vector_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 30,
        "expected the spec vectors, found {}",
        paths.len()
    );
    let failures: Vec<String> = paths.iter().filter_map(|p| run(p).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}
