//! Runs every grant vector through the engine and its JSON writer.
//!
//! Two schemas, told apart per file:
//! * idpyoidc-generated (`tests/vectors/grant/*.json`, see that folder's README): `grant_key`,
//!   `config` with the OP's configuration, `expected.state_after.tokens` keyed by token value,
//!   `new_tokens` and `grant_after` as idpyoidc dumped them;
//! * spec-table (`tests/vectors/grant/spec/*.json`, written by
//!   `tests/vectors/generators/grant_spec_table.py`): `config` {profile, issue_refresh,
//!   revoke_refresh_on_issue, client_grant_types}, `expected.state_after` {grant_used,
//!   tokens: [{used, revoked}], appended: [...]}.
//!
//! Extra members are ignored. `OXIDC_GRANT_VECTORS` may name one more folder to run.
#![allow(clippy::as_conversions, clippy::large_enum_variant)] // test code: vector indices and a local result enum
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use oxidc::grant::{Decision, HandlerLifetimes, Profile, refusal_for};
use oxidc::json::Object;
use oxidc::{
    CodeRedemption, GrantView, RefreshRequest, TokenClass, TokenPolicy, UnixTime, redeem_code,
    refresh,
};
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors/grant")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

fn list_has(v: &Value, item: &str) -> bool {
    v.as_array().is_some_and(|a| a.iter().any(|g| g == item))
}

/// The grant's raw JSON text, taken from the file with oxidc's own reader so escapes stay
/// as written.
fn raw_grant(file: &[u8]) -> &[u8] {
    let root = Object::parse(file).unwrap();
    root.get("grant").unwrap().as_object().unwrap().raw()
}

fn unwrap_token(t: &Value) -> (Option<String>, Value) {
    let o = t.as_object().unwrap();
    if o.len() == 1 && o.keys().next().unwrap().contains('.') {
        let (k, v) = o.iter().next().unwrap();
        (Some(k.clone()), v.clone())
    } else {
        (None, t.clone())
    }
}

fn tokens_of(grant: &Value) -> Vec<Value> {
    grant["issued_token"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| unwrap_token(t).1)
        .collect()
}

/// A JWT refresh token's `exp`, as idpyoidc's `JWTToken` handler reads it.
fn jwt_exp(value: &str) -> Option<i64> {
    let mut parts = value.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    let mut buf = vec![0u8; payload.len()];
    let bytes = oxidc::b64::decode(payload.as_bytes(), &mut buf).ok()?;
    let claims: Value = serde_json::from_slice(bytes).ok()?;
    claims.get("exp")?.as_i64()
}

struct Case {
    name: String,
    idpyoidc: bool,
    now: UnixTime,
    policy: TokenPolicy,
    session_client_id: Option<String>,
    v: Value,
}

fn case(v: Value, path: &Path) -> Case {
    let name = v["name"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| path.file_name().unwrap().to_string_lossy().into_owned());
    let idpyoidc =
        v.get("grant_key").is_some() || v["expected"]["state_after"]["tokens"].is_object();
    let c = &v["config"];
    let profile = match c["profile"].as_str() {
        Some("oauth2") => Profile::OAuth2,
        _ => Profile::Oidc,
    };
    let mut policy = TokenPolicy {
        profile,
        issue_refresh: c["issue_refresh"].as_bool(),
        revoke_refresh_on_issue: c["revoke_refresh_on_issue"].as_bool().unwrap_or(false),
        ..TokenPolicy::OIDC
    };
    let mut session_client_id = None;
    if idpyoidc {
        let client = &c["client_grant_types_supported"];
        // R5 reads the client's list, else the provider's `grant_types` (absent in practice).
        let augment = if client.is_null() {
            &c["provider_grant_types"]
        } else {
            client
        };
        policy.refresh_in_grant_types = list_has(augment, "refresh_token");
        // The endpoint's parse-time check reads the client's list, else `grant_types_supported`.
        let allowed = if client.is_null() {
            &c["provider_grant_types_supported"]
        } else {
            client
        };
        if allowed.is_array() {
            policy.code_grant_allowed = list_has(allowed, "authorization_code");
            policy.refresh_grant_allowed = list_has(allowed, "refresh_token");
        }
        let h = &c["token_handlers"];
        let life = |k: &str, d: i64| h[k]["lifetime"].as_i64().unwrap_or(d);
        policy.lifetimes = HandlerLifetimes {
            access_token: life("access_token", 3600),
            refresh_token: life("refresh_token", 86400),
            id_token: life("id_token", 300),
        };
        session_client_id = v["grant_key"]
            .as_str()
            .and_then(|k| k.split(";;").nth(1))
            .map(str::to_owned);
    } else {
        policy.refresh_in_grant_types = list_has(&c["client_grant_types"], "refresh_token");
        if let Some(allowed) = c.get("allowed_grant_types").filter(|a| a.is_array()) {
            policy.code_grant_allowed = list_has(allowed, "authorization_code");
            policy.refresh_grant_allowed = list_has(allowed, "refresh_token");
        }
        if let Some(l) = c.get("lifetimes") {
            let life = |k: &str, d: i64| l[k].as_i64().unwrap_or(d);
            policy.lifetimes = HandlerLifetimes {
                access_token: life("access_token", 3600),
                refresh_token: life("refresh_token", 86400),
                id_token: life("id_token", 300),
            };
        }
    }
    Case {
        name,
        idpyoidc,
        now: UnixTime::from_secs(v["now"].as_i64().unwrap()),
        policy,
        session_client_id,
        v,
    }
}

enum Got<'r> {
    Step(Decision<'r>, Value),
    Mint(Result<(), oxidc::Error>, TokenClass),
}

fn decide<'r>(c: &'r Case, grant: &GrantView<'_>) -> Result<Got<'r>, String> {
    let req = &c.v["request"];
    let s = |k: &str| req.get(k).and_then(Value::as_str);
    let session = c.session_client_id.as_deref().or(s("session_client_id"));
    let op = s("operation").or(s("grant_type"));
    let d = match op {
        Some("mint_token") | Some("mint") => {
            let class = TokenClass::from_name(s("token_class").unwrap());
            let parent = match &req["based_on"] {
                Value::String(v) => grant.find_token(v.as_bytes()).unwrap().0,
                other => other.as_u64().unwrap() as usize,
            };
            return Ok(Got::Mint(grant.check_mint(parent, class, c.now), class));
        }
        Some("authorization_code") => redeem_code(
            grant,
            &CodeRedemption {
                code: s("code").unwrap(),
                client_id: s("client_id"),
                redirect_uri: s("redirect_uri"),
                session_client_id: session,
            },
            &c.policy,
            c.now,
        ),
        Some("refresh_token") => {
            let value = s("refresh_token").unwrap();
            refresh(
                grant,
                &RefreshRequest {
                    refresh_token: value,
                    client_id: s("client_id").unwrap(),
                    scope: s("scope"),
                    session_client_id: session,
                    value_exp: if c.idpyoidc {
                        jwt_exp(value)
                    } else {
                        req.get("value_exp").and_then(Value::as_i64)
                    },
                },
                &c.policy,
                c.now,
            )
        }
        other => return Err(format!("unknown request kind {other:?}")),
    };
    let mut buf = vec![0u8; 64 * 1024];
    let n = d
        .write_json(grant, &mut buf)
        .map_err(|e| format!("write: {e:?}"))?;
    let mut short = vec![0u8; n - 1];
    if d.write_json(grant, &mut short) != Err(oxidc::Error::BufferTooSmall) {
        return Err("one byte short did not give BufferTooSmall".into());
    }
    let out: Value =
        serde_json::from_slice(&buf[..n]).map_err(|e| format!("decision JSON invalid: {e}"))?;
    Ok(Got::Step(d, out))
}

/// The decision's effect on the stored tokens: `(used, revoked)` per existing token.
fn token_states(stored: &[Value], out: &Value) -> Vec<(Value, bool)> {
    let revoke: Vec<u64> = out["revoke"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    stored
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mine = out["token"].as_u64() == Some(i as u64);
            let used = if mine {
                out["token_used"].clone()
            } else {
                t["used"].clone()
            };
            let revoked = t["revoked"].as_bool().unwrap_or(false)
                || revoke.contains(&(i as u64))
                || (mine && out["token_revoked"].as_bool().unwrap());
            (used, revoked)
        })
        .collect()
}

fn run(path: &Path) -> Result<(), String> {
    let text = std::fs::read(path).unwrap();
    let v: Value = serde_json::from_slice(&text).unwrap();
    let c = case(v, path);
    let name = c.name.clone();
    let grant = GrantView::parse(raw_grant(&text)).map_err(|e| format!("{name}: parse: {e:?}"))?;
    let exp = &c.v["expected"];
    let stored = tokens_of(&c.v["grant"]);
    let fail = std::cell::RefCell::new(Vec::<String>::new());
    let check = |what: &str, want: &Value, have: &Value| {
        if want != have {
            fail.borrow_mut()
                .push(format!("{what}: want {want}, have {have}"));
        }
    };
    let got = decide(&c, &grant).map_err(|e| format!("{name}: {e}"))?;
    let out = match got {
        Got::Mint(r, class) => {
            match r {
                Ok(()) => check("ok", &exp["ok"], &json!(true)),
                Err(e) => {
                    let refusal = refusal_for(e, c.policy.profile, Some(class));
                    check("ok", &exp["ok"], &json!(false));
                    check(
                        "error_description",
                        &exp["error_description"],
                        &json!(refusal.description),
                    );
                    if exp["error"] != "MintingNotAllowed" && exp["error"] != "GrantInactive" {
                        check("error", &exp["error"], &json!(refusal.oauth_error));
                    }
                }
            }
            let fail = fail.into_inner();
            if fail.is_empty() {
                return Ok(());
            }
            return Err(format!("{name}:\n  {}", fail.join("\n  ")));
        }
        Got::Step(d, out) => {
            check("ok", &exp["ok"], &out["ok"]);
            check(
                "add_refresh_minting in JSON",
                &json!(d.add_refresh_minting),
                &out["add_refresh_minting"],
            );
            out
        }
    };
    for k in [
        "error",
        "error_description",
        "kind",
        "expires_in",
        "scope",
        "token_type",
        "add_refresh_minting",
    ] {
        if let Some(want) = exp.get(k) {
            check(k, want, out.get(k).unwrap_or(&Value::Null));
        }
    }
    let minted: Vec<Value> = out["mint"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["token_class"].clone())
        .collect();
    if let Some(want) = exp.get("minted") {
        check("minted", want, &Value::Array(minted.clone()));
    }
    let states = token_states(&stored, &out);
    let sa = &exp["state_after"];
    if let Some(want) = sa.get("grant_used") {
        check("grant_used", want, &out["grant_used"]);
    }
    if c.idpyoidc {
        // tokens: keyed by value; the new ones are the mints (used 0, not revoked).
        let want = sa["tokens"].as_object().unwrap();
        let mut seen = 0;
        for (t, (used, revoked)) in stored.iter().zip(&states) {
            let value = t["value"].as_str().unwrap();
            seen += 1;
            check(
                &format!("state of {}…", &value[..12.min(value.len())]),
                want.get(value).unwrap_or(&Value::Null),
                &json!({"used": used, "revoked": revoked}),
            );
        }
        let new: Vec<&Value> = want
            .iter()
            .filter(|(k, _)| !stored.iter().any(|t| t["value"] == **k))
            .map(|(_, s)| s)
            .collect();
        let _ = seen;
        check(
            "number of new tokens",
            &json!(new.len()),
            &json!(minted.len()),
        );
        for s in new {
            check("new token state", s, &json!({"used": 0, "revoked": false}));
        }
        if let Some(want) = exp.get("new_tokens").and_then(Value::as_array) {
            let have = out["mint"].as_array().unwrap();
            for (w, h) in want.iter().zip(have) {
                let (cls, w) = unwrap_token(w);
                let class = w["token_class"].clone();
                check("new token class", &class, &h["token_class"]);
                let wrapper = TokenClass::from_python_class(cls.as_deref().unwrap_or(""));
                check(
                    "new token wrapper",
                    &json!(wrapper.name()),
                    &h["token_class"],
                );
                check("new token expires_at", &w["expires_at"], &h["expires_at"]);
                check("new token scope", &w["scope"], &h["scope"]);
                check(
                    "new token usage_rules",
                    &w["usage_rules"],
                    &h["usage_rules"],
                );
                let parent = h["based_on"].as_u64().unwrap() as usize;
                check(
                    "new token based_on",
                    &w["based_on"],
                    &stored[parent]["value"],
                );
            }
        }
        if let Some(after) = exp.get("grant_after") {
            check(
                "grant usage_rules after",
                &after["usage_rules"],
                &c.v["grant"]["usage_rules"],
            );
            let after_tokens = tokens_of(after);
            if let Some(i) = out["token"].as_u64() {
                let mut rules = stored[i as usize]["usage_rules"].clone();
                if out["add_refresh_minting"] == true {
                    rules["supports_minting"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!("refresh_token"));
                }
                check(
                    "presented token rules after",
                    &after_tokens[i as usize]["usage_rules"],
                    &rules,
                );
            }
        }
    } else {
        if let Some(want) = sa.get("tokens") {
            let have: Vec<Value> = states
                .iter()
                .map(|(u, r)| json!({"used": u, "revoked": r}))
                .collect();
            check("tokens", want, &Value::Array(have));
        }
        if let Some(want) = sa.get("appended") {
            check("appended", want, &out["mint"]);
        }
    }
    let fail = fail.into_inner();
    if fail.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}:\n  {}", fail.join("\n  ")))
    }
}

fn run_dir(dir: &Path) -> (usize, Vec<String>) {
    let paths = json_files(dir);
    let failures = paths.iter().filter_map(|p| run(p).err()).collect();
    (paths.len(), failures)
}

#[test]
fn spec_table_vectors() {
    let (n, failures) = run_dir(&root().join("spec"));
    assert!(n >= 40, "expected the spec-table vectors, found {n}");
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn idpyoidc_vectors() {
    let mut dirs = vec![root()];
    if let Ok(extra) = std::env::var("OXIDC_GRANT_VECTORS") {
        dirs.push(PathBuf::from(extra));
    }
    for (i, dir) in dirs.into_iter().enumerate() {
        let (n, failures) = run_dir(&dir);
        eprintln!("{}: {n} vectors, {} failed", dir.display(), failures.len());
        if i == 0 {
            // The idpyoidc-generated corpus (tests/vectors/generators/gen_grant.py).
            assert!(n >= 68, "expected the idpyoidc grant vectors, found {n}");
        }
        assert!(
            failures.is_empty(),
            "{}: {} of {n} failed:\n{}",
            dir.display(),
            failures.len(),
            failures.join("\n")
        );
    }
}
