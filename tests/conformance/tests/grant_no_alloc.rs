//! Proves the grant engine allocates nothing: parsing, every decision path (issue and each
//! refusal), mint checks and the JSON writer run under a counting global allocator.
#![allow(clippy::as_conversions, clippy::large_enum_variant)] // test code: vector indices and a local result enum
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use oxidc::grant::{GrantView as View, Profile, TokenPolicy as Policy};
use oxidc::json::Object;
use oxidc::{CodeRedemption, Error, RefreshRequest, TokenClass, UnixTime, redeem_code, refresh};

use oxidc_conformance::{Counting, allocations};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// One prepared case: everything owned, so the measured section only borrows.
struct Case {
    file: Vec<u8>,
    kind: String,
    value: String,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    based_on: usize,
    value_exp: Option<i64>,
    class: String,
    now: i64,
    policy: Policy,
}

fn load() -> Vec<Case> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors/grant/spec");
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let file = std::fs::read(&p).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&file).unwrap();
        let r = &v["request"];
        let s = |k: &str| r.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        let c = &v["config"];
        let policy = Policy {
            profile: if c["profile"] == "oauth2" {
                Profile::OAuth2
            } else {
                Profile::Oidc
            },
            issue_refresh: c["issue_refresh"].as_bool(),
            refresh_in_grant_types: c["client_grant_types"]
                .as_array()
                .is_some_and(|a| a.iter().any(|g| g == "refresh_token")),
            revoke_refresh_on_issue: c["revoke_refresh_on_issue"].as_bool().unwrap_or(false),
            code_grant_allowed: !c["allowed_grant_types"].is_array()
                || c["allowed_grant_types"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|g| g == "authorization_code"),
            refresh_grant_allowed: !c["allowed_grant_types"].is_array()
                || c["allowed_grant_types"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|g| g == "refresh_token"),
            ..Policy::OIDC
        };
        out.push(Case {
            kind: s("grant_type").unwrap(),
            value: s("code").or(s("refresh_token")).unwrap_or_default(),
            client_id: s("client_id"),
            redirect_uri: s("redirect_uri"),
            scope: s("scope"),
            based_on: usize::try_from(r["based_on"].as_u64().unwrap_or(0)).unwrap(),
            value_exp: r["value_exp"].as_i64(),
            class: s("token_class").unwrap_or_default(),
            now: v["now"].as_i64().unwrap(),
            policy,
            file,
        });
    }
    out
}

fn run(case: &Case, out: &mut [u8]) -> (bool, Option<Error>) {
    let root = Object::parse(&case.file).unwrap();
    let raw = root.get("grant").unwrap().as_object().unwrap().raw();
    let grant = View::parse(raw).unwrap();
    let now = UnixTime::from_secs(case.now);
    let d = match case.kind.as_str() {
        "authorization_code" => redeem_code(
            &grant,
            &CodeRedemption {
                code: &case.value,
                client_id: case.client_id.as_deref(),
                redirect_uri: case.redirect_uri.as_deref(),
                session_client_id: None,
            },
            &case.policy,
            now,
        ),
        "refresh_token" => refresh(
            &grant,
            &RefreshRequest {
                refresh_token: &case.value,
                client_id: case.client_id.as_deref().unwrap(),
                scope: case.scope.as_deref(),
                session_client_id: None,
                value_exp: case.value_exp,
            },
            &case.policy,
            now,
        ),
        _ => {
            let class = TokenClass::from_name(&case.class);
            return (false, grant.check_mint(case.based_on, class, now).err());
        }
    };
    let n = d.write_json(&grant, out).unwrap();
    assert_eq!(
        d.write_json(&grant, &mut out[..n - 1]),
        Err(Error::BufferTooSmall)
    );
    let revoked = d.revocations(&grant).count();
    std::hint::black_box(revoked);
    (d.is_issued(), d.refusal().map(|r| r.error))
}

#[test]
fn grant_engine_allocates_nothing() {
    let cases = load();
    // Malformed inputs: every parse error path.
    let bad: [&[u8]; 8] = [
        br#"{"used": "1"}"#,
        br#"{"issued_token": [{"used": "0"}]}"#,
        br#"{"usage_rules": {"access_token": {"max_usage": "x"}}}"#,
        br#"{"used": 1, "used": 2}"#,
        br#"{"used": 1"#,
        b"{\"sub\": \"\xff\"}",
        br#"[1, 2]"#,
        br#"{"issued_token": [{}, {}, {}]}"#,
    ];
    let dump = include_bytes!("../../vectors/grant/spec/dumps/grants-md-s6-session-dump.json");
    let mut out = [0u8; 8192];
    let mut errors = std::collections::HashSet::new();
    let mut issued = 0;

    let (bad_errs, n) = allocations(|| {
        let mut results = [(false, None); 64];
        for (i, c) in cases.iter().enumerate() {
            results[i % 64] = run(c, &mut out);
            let (ok, e) = results[i % 64];
            issued += usize::from(ok);
            std::hint::black_box(e);
        }
        let mut bad_errs = [None; 8];
        for (i, b) in bad.iter().enumerate() {
            bad_errs[i] = oxidc::grant::GrantView::<2>::parse_in(b).err();
        }
        let g = View::from_dump(dump, "diana;;client_1;;36e26304e71311f1bdd302fc00000001").unwrap();
        std::hint::black_box(&g);
        bad_errs
    });
    assert_eq!(n, 0, "the grant engine allocated {n} times");

    // Outside the measured section: the cases did reach every decision path.
    for (i, c) in cases.iter().enumerate() {
        let (ok, e) = run(c, &mut out);
        issued += usize::from(ok);
        if let Some(e) = e {
            errors.insert(e);
        }
        let _ = i;
    }
    for e in bad_errs.iter().flatten() {
        errors.insert(*e);
    }
    assert!(issued > 10);
    for e in Error::ALL.iter().filter(|e| {
        matches!(e.band(), oxidc::Band::Grant)
            || matches!(
                e,
                Error::MalformedGrant
                    | Error::MalformedIssuedToken
                    | Error::MalformedUsageRule
                    | Error::TooManyIssuedTokens
            )
    }) {
        assert!(errors.contains(e), "no measured case reaches {e:?}");
    }
}
