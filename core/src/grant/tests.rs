#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests: a failing unwrap or index is a failing test"
)]

use super::*;
use crate::limits::{MAX_GRANT_LEN, MAX_ISSUED_TOKENS, MAX_REQUESTED_SCOPES, MAX_TOKEN_LEN};
use crate::{Error, UnixTime};

const SPEC: &str = include_str!("../../../tests/vectors/grant/spec/s01-spec-dump-code-replay.json");

fn t(s: i64) -> UnixTime {
    UnixTime::from_secs(s)
}

/// The §6 grant object, raw, out of the vector file.
fn spec_grant() -> &'static [u8] {
    let root = crate::json::Object::parse(SPEC.as_bytes()).unwrap();
    root.get("grant").unwrap().as_object().unwrap().raw()
}

fn token(value: &str, class: &str, extra: &str) -> String {
    format!(
        r#"{{"idpyoidc.server.session.token.X": {{"value": "{value}", "token_class": "{class}"{extra}}}}}"#
    )
}

fn grant_with(tokens: &[String], extra: &str) -> String {
    format!(
        r#"{{"used": 1, "scope": ["openid", "offline_access"],
            "authorization_request": {{"idpyoidc.message.oidc.AuthorizationRequest":
              {{"client_id": "c1", "redirect_uri": "https://rp/cb", "scope": "openid offline_access"}}}},
            "usage_rules": {{"access_token": {{"expires_in": 600}}}}{extra},
            "issued_token": [{}]}}"#,
        tokens.join(", ")
    )
}

#[test]
fn token_class_names() {
    for c in TokenClass::KNOWN {
        assert_eq!(TokenClass::from_name(c.name()), c);
        assert_eq!(TokenClass::from_python_class(c.python_class()), c);
        let short = c.alias().to_string();
        assert_eq!(TokenClass::from_alias(&short), c);
        assert_eq!(TokenClass::from_alias(c.name()), c);
    }
    for (name, class) in [
        (
            "idpyoidc.server.session.token.AccessToken",
            TokenClass::AccessToken,
        ),
        (".IDToken", TokenClass::IdToken),
        ("a..RefreshToken", TokenClass::RefreshToken),
        ("xAccessToken", TokenClass::Other),
        ("a.xAuthorizationCode", TokenClass::Other),
        ("AccessToken.", TokenClass::Other),
        ("AccessToken.x", TokenClass::Other),
        ("a.AccessTokenx", TokenClass::Other),
        ("a.ccessToken", TokenClass::Other),
        ("", TokenClass::Other),
        (".", TokenClass::Other),
    ] {
        assert_eq!(TokenClass::from_python_class(name), class, "{name}");
    }
    assert_eq!(TokenClass::from_name("A"), TokenClass::Other);
    assert_eq!(TokenClass::from_name("device_code"), TokenClass::Other);
    assert_eq!(
        TokenClass::from_urn("urn:ietf:params:oauth:token-type:refresh_token"),
        TokenClass::RefreshToken
    );
    assert_eq!(
        TokenClass::from_urn("urn:ietf:params:oauth:token-type:authorization_code"),
        TokenClass::Other
    );
    assert_eq!(
        TokenClass::from_python_class("idpyoidc.server.session.token.IDToken"),
        TokenClass::IdToken
    );
    assert_eq!(TokenClass::Other.name(), "");
    assert_eq!(TokenClass::Other.alias(), "");
}

#[test]
fn class_sets() {
    let s = ClassSet::of(&[TokenClass::AccessToken, TokenClass::Other]);
    assert!(s.contains(TokenClass::AccessToken));
    assert!(!s.contains(TokenClass::Other));
    assert!(s.has_other());
    assert!(!s.is_empty());
    assert!(ClassSet::EMPTY.is_empty());
    assert_eq!(
        REFRESH_DEFAULT_MINTING.iter().collect::<Vec<_>>(),
        vec![TokenClass::AccessToken, TokenClass::RefreshToken]
    );
}

#[test]
fn spec_dump_parses_with_documented_state() {
    let g = GrantView::parse(spec_grant()).unwrap();
    assert_eq!(g.expires_at(), 1795463713);
    assert_eq!(g.used(), 4);
    assert!(!g.is_revoked());
    assert!(g.scope().contains("offline_access"));
    assert!(!g.scope().contains("profile"));
    assert!(g.authorization_scope().contains("openid"));
    assert!(
        g.authorization_redirect_uri()
            .unwrap()
            .eq_str("https://example.com/cb")
    );
    assert!(g.authorization_client_id().unwrap().eq_str("client_1"));
    let code_rule = g.usage_rule(TokenClass::AuthorizationCode);
    assert_eq!(code_rule.max_usage(), Some(1));
    assert_eq!(code_rule.expires_in(), 300);
    assert!(code_rule.supports_minting(TokenClass::IdToken));
    assert!(!g.usage_rule(TokenClass::IdToken).is_present());
    let classes: Vec<_> = g.tokens().iter().map(|t| t.class()).collect();
    assert_eq!(
        classes,
        [
            TokenClass::AuthorizationCode,
            TokenClass::AccessToken,
            TokenClass::RefreshToken,
            TokenClass::IdToken
        ]
    );
    let code = &g.tokens()[0];
    assert_eq!(code.used(), 2);
    assert!(code.max_usage_reached());
    assert_eq!(
        code.check_active(t(1795420513)),
        Err(Inactive::MaxUsageReached)
    );
    assert_eq!(g.tokens()[1].check_active(t(0)), Err(Inactive::Revoked));
    // The stored values hold an escaped ellipsis; lookup decodes it.
    let (i, found) = g.find_token("Z0FBQUFBQnJBX0Zo…".as_bytes()).unwrap();
    assert_eq!(i, 0);
    assert_eq!(found.class(), TokenClass::AuthorizationCode);
    assert!(g.find_token(b"Z0FBQUFBQnJBX0Zo").is_none());
    for i in 1..4 {
        assert!(g.descends_from(i, 0));
    }
    assert!(!g.descends_from(0, 0));
    // Grant lifetime: active in its last second, not after.
    assert!(g.is_active(t(1795463713)));
    assert_eq!(g.check_active(t(1795463714)), Err(Inactive::Expired));
}

#[test]
fn whole_dump_and_pair_forms() {
    let spec =
        include_str!("../../../tests/vectors/grant/spec/dumps/grants-md-s6-session-dump.json");
    let dump = spec;
    let key = "diana;;client_1;;36e26304e71311f1bdd302fc00000001";
    let g = GrantView::from_dump(dump.as_bytes(), key).unwrap();
    assert_eq!(g.tokens().len(), 4);
    assert_eq!(
        GrantView::from_dump(dump.as_bytes(), "diana;;client_1;;nope").err(),
        Some(Error::MalformedGrant)
    );
    let pair = format!(
        r#"["idpyoidc.server.session.grant.Grant", {}]"#,
        core::str::from_utf8(spec_grant()).unwrap()
    );
    let p = GrantView::parse(pair.as_bytes()).unwrap();
    assert_eq!(p.used(), 4);
    assert_eq!(
        GrantView::parse(br#"["x", {}, 1]"#).err(),
        Some(Error::MalformedGrant)
    );
    assert_eq!(
        GrantView::parse(br#"[1, {}]"#).err(),
        Some(Error::MalformedGrant)
    );
    assert_eq!(
        GrantView::parse(br#"["x"]"#).err(),
        Some(Error::MalformedGrant)
    );
}

#[test]
fn oidcop_seed_uses_type_and_bare_tokens() {
    let seed =
        include_str!("../../../tests/vectors/grant/spec/dumps/seed-004-oidcop-session-dump.json");
    let dump = seed;
    let key = "diana;;86M1io6O2Vdy;;fcc1c962a60911eb9d4d57d896f78a5d";
    let g = GrantView::from_dump(dump.as_bytes(), key).unwrap();
    assert_eq!(g.tokens().len(), 2);
    assert_eq!(g.tokens()[0].class(), TokenClass::AuthorizationCode);
    assert_eq!(g.tokens()[1].class(), TokenClass::AccessToken);
    assert_eq!(g.tokens()[0].used(), 1);
    assert!(g.descends_from(1, 0));
    let code = g.tokens()[0].value().unwrap().as_str().unwrap();
    let d = redeem_code(
        &g,
        &CodeRedemption {
            code,
            client_id: Some("86M1io6O2Vdy"),
            redirect_uri: Some("https://127.0.0.1:8090/authz_cb/local"),
            session_client_id: None,
        },
        &TokenPolicy::OIDC,
        t(1619384749),
    );
    assert_eq!(d.refusal().unwrap().error, Error::CodeReused);
    assert_eq!(d.revocations(&g).collect::<Vec<_>>(), vec![1]);
}

#[test]
fn class_resolution_order() {
    let cases = [
        (
            r#"{"token_class": "access_token", "type": "refresh_token"}"#,
            TokenClass::AccessToken,
        ),
        (
            r#"{"type": "refresh_token", "name": "IDToken"}"#,
            TokenClass::RefreshToken,
        ),
        (r#"{"name": "IDToken"}"#, TokenClass::IdToken),
        (
            r#"{"token_class": "", "name": "AccessToken"}"#,
            TokenClass::AccessToken,
        ),
        (
            r#"{"idpyoidc.server.session.token.RefreshToken": {"value": "v"}}"#,
            TokenClass::RefreshToken,
        ),
        (r#"{"token_class": "\u0069d_token"}"#, TokenClass::IdToken),
        (r#"{"x.y": {}, "value": "v"}"#, TokenClass::Other),
    ];
    for (tok, want) in cases {
        let text = format!(r#"{{"issued_token": [{tok}]}}"#);
        let g = GrantView::parse(text.as_bytes()).unwrap();
        assert_eq!(g.tokens()[0].class(), want, "{tok}");
    }
}

#[test]
fn malformed_inputs_give_precise_errors() {
    let cases: &[(&str, Error)] = &[
        (r#"{"used": "1"}"#, Error::MalformedGrant),
        (r#"{"revoked": 0}"#, Error::MalformedGrant),
        (r#"{"scope": "openid"}"#, Error::MalformedGrant),
        (r#"{"scope": [1]}"#, Error::MalformedGrant),
        (r#"{"issued_token": {}}"#, Error::MalformedGrant),
        (r#"{"authorization_request": "x"}"#, Error::MalformedGrant),
        (
            r#"{"authorization_request": {"redirect_uri": 5}}"#,
            Error::MalformedGrant,
        ),
        (
            r#"{"authorization_request": {"scope": 5}}"#,
            Error::MalformedGrant,
        ),
        (r#"{"sub": 5}"#, Error::MalformedGrant),
        (r#"{"claims": []}"#, Error::MalformedGrant),
        (r#"{"resources": {}}"#, Error::MalformedGrant),
        (r#"{"expires_at": 1.5}"#, Error::MalformedGrant),
        (r#"[1, 2]"#, Error::MalformedGrant),
        (r#""grant""#, Error::MalformedGrant),
        (r#"{"issued_token": [1]}"#, Error::MalformedIssuedToken),
        (
            r#"{"issued_token": [{"used": "0"}]}"#,
            Error::MalformedIssuedToken,
        ),
        (
            r#"{"issued_token": [{"value": 5}]}"#,
            Error::MalformedIssuedToken,
        ),
        (
            r#"{"issued_token": [{"based_on": 5}]}"#,
            Error::MalformedIssuedToken,
        ),
        (
            r#"{"issued_token": [{"revoked": "no"}]}"#,
            Error::MalformedIssuedToken,
        ),
        (
            r#"{"issued_token": [{"scope": ["a", 1]}]}"#,
            Error::MalformedIssuedToken,
        ),
        (
            r#"{"issued_token": [{"token_class": 1}]}"#,
            Error::MalformedIssuedToken,
        ),
        (
            r#"{"issued_token": [{"name": 1}]}"#,
            Error::MalformedIssuedToken,
        ),
        (
            r#"{"issued_token": [{"claims": 1}]}"#,
            Error::MalformedIssuedToken,
        ),
        (
            r#"{"issued_token": [{"resources": 1}]}"#,
            Error::MalformedIssuedToken,
        ),
        (
            r#"{"issued_token": [{"id": 1}]}"#,
            Error::MalformedIssuedToken,
        ),
        (
            r#"{"issued_token": [{"usage_rules": []}]}"#,
            Error::MalformedUsageRule,
        ),
        (
            r#"{"issued_token": [{"usage_rules": {"max_usage": "1"}}]}"#,
            Error::MalformedUsageRule,
        ),
        (
            r#"{"issued_token": [{"usage_rules": {"max_usage": null}}]}"#,
            Error::MalformedUsageRule,
        ),
        (
            r#"{"usage_rules": {"access_token": {"supports_minting": "access_token"}}}"#,
            Error::MalformedUsageRule,
        ),
        (
            r#"{"usage_rules": {"access_token": {"supports_minting": [1]}}}"#,
            Error::MalformedUsageRule,
        ),
        (
            r#"{"usage_rules": {"access_token": {"expires_in": "12a"}}}"#,
            Error::MalformedUsageRule,
        ),
        (
            r#"{"usage_rules": {"access_token": {"expires_in": "-"}}}"#,
            Error::MalformedUsageRule,
        ),
        (
            r#"{"usage_rules": {"access_token": {"expires_in": 1.5}}}"#,
            Error::MalformedUsageRule,
        ),
        (
            r#"{"usage_rules": {"access_token": {"expires_in": true}}}"#,
            Error::MalformedUsageRule,
        ),
        (
            r#"{"usage_rules": {"access_token": 3}}"#,
            Error::MalformedUsageRule,
        ),
        (
            r#"{"usage_rules": {"max_usage": "3"}}"#,
            Error::MalformedUsageRule,
        ),
        (r#"{"usage_rules": []}"#, Error::MalformedUsageRule),
        (r#"{"used": 1, "used": 2}"#, Error::DuplicateMember),
        (
            r#"{"usage_rules": {"access_token": {}, "access_token": {}}}"#,
            Error::DuplicateMember,
        ),
        (
            r#"{"usage_rules": {"max_usage": 1, "max_usage": 1}}"#,
            Error::DuplicateMember,
        ),
        (
            r#"{"usage_rules": {"access_token": {"max_usage": 1, "max_usage": 2}}}"#,
            Error::DuplicateMember,
        ),
        (
            r#"{"issued_token": [{"used": 1, "u\u0073ed": 2}]}"#,
            Error::DuplicateMember,
        ),
        (
            r#"{"authorization_request": {"client_id": "a", "client_id": "b"}}"#,
            Error::DuplicateMember,
        ),
        (r#"{"used": 1"#, Error::InvalidJson),
        ("{\"used\": \"\u{0}\"}", Error::InvalidJson),
    ];
    for (text, want) in cases {
        assert_eq!(
            GrantView::parse(text.as_bytes()).err(),
            Some(*want),
            "{text}"
        );
    }
    assert_eq!(
        GrantView::parse(b"{\"sub\": \"\xff\"}").err(),
        Some(Error::InvalidUtf8)
    );
}

#[test]
fn lenient_where_idpyoidc_is() {
    let text = r#"{"whatever": [1, {"x": 2}], "usage_rules": {"device_code": 5,
        "access_token": {"expires_in": "600", "other": [1]}, "refresh_token": {"expires_in": null}},
        "scope": null, "claims": null, "resources": null, "sub": null, "authorization_request": null,
        "issued_token": [{"based_on": null, "usage_rules": null, "scope": null, "unknown": {}}]}"#;
    let g = GrantView::parse(text.as_bytes()).unwrap();
    let at = g.usage_rule(TokenClass::AccessToken);
    assert_eq!(at.expires_in(), 600);
    assert!(at.is_non_empty());
    assert_eq!(g.usage_rule(TokenClass::RefreshToken).expires_in(), 0);
    assert!(g.tokens()[0].based_on().is_none());
    assert!(!g.tokens()[0].rule().is_present());
    let neg =
        GrantView::parse(br#"{"usage_rules": {"refresh_token": {"expires_in": "-1"}}}"#).unwrap();
    assert_eq!(neg.usage_rule(TokenClass::RefreshToken).expires_in(), -1);
    let plus =
        GrantView::parse(br#"{"usage_rules": {"refresh_token": {"expires_in": "+7"}}}"#).unwrap();
    assert_eq!(plus.usage_rule(TokenClass::RefreshToken).expires_in(), 7);
}

#[test]
fn item_activity_order_and_bounds() {
    let g = GrantView::parse(
        br#"{"issued_token": [{"used": 1, "revoked": true, "not_before": 100, "expires_at": 50,
            "usage_rules": {"max_usage": 1}}, {"revoked": true, "not_before": 100},
            {"not_before": 100, "expires_at": 50}, {"expires_at": 50}, {}]}"#,
    )
    .unwrap();
    let tk = g.tokens();
    assert_eq!(tk[0].check_active(t(0)), Err(Inactive::MaxUsageReached));
    assert_eq!(tk[1].check_active(t(0)), Err(Inactive::Revoked));
    assert_eq!(tk[2].check_active(t(99)), Err(Inactive::NotYetValid));
    assert_eq!(tk[2].check_active(t(100)), Err(Inactive::Expired));
    assert!(tk[3].is_active(t(50)));
    assert!(!tk[3].is_active(t(51)));
    assert!(tk[4].is_active(t(i64::MAX)));
    // A grant-level max_usage bounds the grant.
    let g = GrantView::parse(br#"{"used": 3, "usage_rules": {"max_usage": 3}}"#).unwrap();
    assert_eq!(g.max_usage(), Some(3));
    assert_eq!(g.check_active(t(0)), Err(Inactive::MaxUsageReached));
}

#[test]
fn based_on_cycles_terminate() {
    let toks = [
        token("a", "refresh_token", r#", "based_on": "b", "scope": []"#),
        token("b", "refresh_token", r#", "based_on": "a", "scope": []"#),
        token("c", "access_token", r#", "based_on": "a""#),
    ];
    let text = grant_with(&toks, "");
    let g = GrantView::parse(text.as_bytes()).unwrap();
    assert_eq!(g.scope_holder(Some(0)), None);
    assert!(g.find_scope(Some(0)).contains("openid"));
    assert!(g.descends_from(2, 0));
    assert!(g.descends_from(1, 0));
    assert!(g.descends_from(0, 0));
    let ghost = [token("x", "access_token", r#", "based_on": "missing""#)];
    let text = grant_with(&ghost, "");
    let g = GrantView::parse(text.as_bytes()).unwrap();
    assert!(!g.descends_from(0, 0));
    assert!(!g.descends_from(9, 0));
    assert!(!g.descends_from(0, 9));
    assert_eq!(g.scope_holder(Some(0)), Some(0).filter(|_| false));
}

#[test]
fn escaped_quotes_in_nested_values() {
    // Nested containers are skipped without re-validation; escaped quotes and backslash runs
    // must not end a string early.
    let text = r#"{"issued_token": [{"x.Tok": {"value": "a\"b\\", "scope": ["q\"]", "\\"],
        "usage_rules": {"note": "}\"]", "max_usage": 2}}}, {"value": "c\\\"d", "used": 3}]}"#;
    let g = GrantView::parse(text.as_bytes()).unwrap();
    assert_eq!(g.tokens().len(), 2);
    assert!(g.find_token(br#"a"b\"#).is_some());
    assert_eq!(g.tokens()[0].rule().max_usage(), Some(2));
    assert!(g.tokens()[0].scope().contains("q\"]"));
    assert!(g.tokens()[0].scope().contains("\\"));
    assert_eq!(g.find_token(br#"c\"d"#).unwrap().1.used(), 3);
}

#[test]
fn find_token_takes_the_first_equal_value() {
    let toks = [
        token("dup", "access_token", ""),
        token("dup", "refresh_token", ""),
        token("other", "refresh_token", ""),
    ];
    let text = grant_with(&toks, "");
    let g = GrantView::parse(text.as_bytes()).unwrap();
    assert_eq!(g.find_token(b"dup").unwrap().0, 0);
    assert_eq!(g.find_token(b"other").unwrap().0, 2);
    assert!(g.find_token(b"othe").is_none());
    assert!(g.find_token(b"").is_none());
    let no_value = GrantView::parse(br#"{"issued_token": [{}]}"#).unwrap();
    assert!(no_value.find_token(b"").is_none());
}

#[test]
fn limits_one_past() {
    // Issued tokens: the default capacity holds MAX_ISSUED_TOKENS, not one more.
    let many = |n: usize| {
        let toks: Vec<String> = (0..n)
            .map(|i| token(&format!("v{i}"), "access_token", ""))
            .collect();
        grant_with(&toks, "")
    };
    let ok = many(MAX_ISSUED_TOKENS);
    assert_eq!(
        GrantView::parse(ok.as_bytes()).unwrap().tokens().len(),
        MAX_ISSUED_TOKENS
    );
    let over = many(MAX_ISSUED_TOKENS + 1);
    assert_eq!(
        GrantView::parse(over.as_bytes()).err(),
        Some(Error::TooManyIssuedTokens)
    );
    assert!(GrantView::<128>::parse_in(over.as_bytes()).is_ok());
    assert_eq!(
        GrantView::<2>::parse_in(many(3).as_bytes()).err(),
        Some(Error::TooManyIssuedTokens)
    );

    // Grant length.
    let pad = |n: usize| {
        let base = r#"{"x": ""}"#;
        format!(r#"{{"x": "{}"}}"#, "a".repeat(n - base.len()))
    };
    assert!(GrantView::parse(pad(MAX_GRANT_LEN).as_bytes()).is_ok());
    assert_eq!(
        GrantView::parse(pad(MAX_GRANT_LEN + 1).as_bytes()).err(),
        Some(Error::GrantTooLarge)
    );
    assert_eq!(
        GrantView::from_dump(pad(MAX_GRANT_LEN + 1).as_bytes(), "k").err(),
        Some(Error::GrantTooLarge)
    );

    // Presented value length: one past MAX_TOKEN_LEN is unknown without comparing.
    let long = "a".repeat(MAX_TOKEN_LEN + 1);
    let at_limit = "a".repeat(MAX_TOKEN_LEN);
    let toks = [token(
        &at_limit,
        "authorization_code",
        r#", "usage_rules": {"supports_minting": ["access_token"], "max_usage": 1}"#,
    )];
    let text = grant_with(&toks, "");
    let g = GrantView::parse(text.as_bytes()).unwrap();
    let req = |code| CodeRedemption {
        code,
        client_id: Some("c1"),
        redirect_uri: Some("https://rp/cb"),
        session_client_id: None,
    };
    assert!(redeem_code(&g, &req(&at_limit), &TokenPolicy::OIDC, t(0)).is_issued());
    let d = redeem_code(&g, &req(&long), &TokenPolicy::OIDC, t(0));
    assert_eq!(d.refusal().unwrap().error, Error::UnknownCode);

    // Requested scope values.
    let rt = [token(
        "r",
        "refresh_token",
        r#", "usage_rules": {"supports_minting": ["access_token"]}"#,
    )];
    let text = grant_with(&rt, "");
    let g = GrantView::parse(text.as_bytes()).unwrap();
    let words = |n: usize| vec!["openid"; n].join(" ");
    let at_max = words(MAX_REQUESTED_SCOPES);
    let over = words(MAX_REQUESTED_SCOPES + 1);
    let rreq = |scope| RefreshRequest {
        refresh_token: "r",
        client_id: "c1",
        scope: Some(scope),
        session_client_id: None,
        value_exp: None,
    };
    assert!(refresh(&g, &rreq(&at_max), &TokenPolicy::OIDC, t(0)).is_issued());
    let d = refresh(&g, &rreq(&over), &TokenPolicy::OIDC, t(0));
    let r = d.refusal().unwrap();
    assert_eq!(
        (r.error, r.description),
        (Error::TooManyScopes, "Invalid refresh scopes")
    );
    let long_rt = refresh(
        &g,
        &RefreshRequest {
            refresh_token: &long,
            ..rreq("openid")
        },
        &TokenPolicy::OIDC,
        t(0),
    );
    assert_eq!(long_rt.refusal().unwrap().error, Error::UnknownRefreshToken);
}

#[test]
fn token_debug_is_redacted() {
    let toks = [token(
        "s3cr3t-value",
        "refresh_token",
        r#", "based_on": "parent-s3cr3t""#,
    )];
    let text = grant_with(&toks, "");
    let g = GrantView::parse(text.as_bytes()).unwrap();
    let dbg = format!("{g:?}");
    assert!(!dbg.contains("s3cr3t"), "{dbg}");
    assert!(dbg.contains("<redacted>"));
}

#[test]
fn refusal_mapping_covers_every_grant_error() {
    use crate::Band;
    let mut seen = Vec::new();
    for e in Error::ALL
        .iter()
        .copied()
        .filter(|e| e.band() == Band::Grant)
    {
        let r = refusal_for(e, Profile::Oidc, Some(TokenClass::AccessToken));
        assert!(
            r.oauth_error == "invalid_grant" || r.oauth_error == "invalid_request",
            "{e:?}"
        );
        assert!(!r.description.is_empty());
        seen.push(e);
    }
    assert_eq!(seen.len(), 12);
    assert_eq!(
        refusal_for(Error::CodeInactive, Profile::OAuth2, None).oauth_error,
        "invalid_request"
    );
    for (c, d) in [
        (
            Some(TokenClass::AuthorizationCode),
            "Minting of authorization_code not supported",
        ),
        (
            Some(TokenClass::RefreshToken),
            "Minting of refresh_token not supported",
        ),
        (
            Some(TokenClass::IdToken),
            "Minting of id_token not supported",
        ),
        (Some(TokenClass::Other), "Minting not supported"),
        (None, "Minting not supported"),
    ] {
        assert_eq!(
            refusal_for(Error::MintingNotSupported, Profile::Oidc, c).description,
            d
        );
    }
    let other = refusal_for(Error::InvalidJson, Profile::Oidc, None);
    assert_eq!(
        (other.oauth_error, other.description),
        ("invalid_request", Error::InvalidJson.message())
    );
}

#[test]
fn code_flow_edge_paths() {
    let policy = TokenPolicy::OIDC;
    let req = |client_id, session| CodeRedemption {
        code: "c",
        client_id,
        redirect_uri: Some("https://rp/cb"),
        session_client_id: session,
    };
    let rule = r#", "usage_rules": {"supports_minting": ["access_token", "refresh_token", "id_token"], "max_usage": 1}"#;
    let text = grant_with(&[token("c", "authorization_code", rule)], "");
    let g = GrantView::parse(text.as_bytes()).unwrap();
    // P5: no client_id in the request takes the authorization request's.
    assert!(redeem_code(&g, &req(None, None), &policy, t(0)).is_issued());
    // The session owner decides.
    let d = redeem_code(&g, &req(Some("c1"), Some("c2")), &policy, t(0));
    assert_eq!(d.refusal().unwrap().error, Error::TokenClientMismatch);
    assert!(redeem_code(&g, &req(Some("c2"), Some("c2")), &policy, t(0)).is_issued());
    // No authorization request at all: no owner known.
    let bare = format!(
        r#"{{"issued_token": [{}]}}"#,
        token("c", "authorization_code", rule)
    );
    let b = GrantView::parse(bare.as_bytes()).unwrap();
    let d = redeem_code(&b, &req(None, None), &policy, t(0));
    assert_eq!(d.refusal().unwrap().error, Error::TokenClientMismatch);
    // Without a redirect_uri in the authorization request any (or no) redirect_uri passes.
    let d = redeem_code(
        &b,
        &CodeRedemption {
            code: "c",
            client_id: Some("c9"),
            redirect_uri: None,
            session_client_id: Some("c9"),
        },
        &policy,
        t(0),
    );
    assert!(d.is_issued());
    // No ID token without openid in the authorization request.
    assert!(d.mints.get(TokenClass::IdToken).is_none());
    // Empty code.
    let d = redeem_code(
        &g,
        &CodeRedemption {
            code: "",
            ..req(None, None)
        },
        &policy,
        t(0),
    );
    assert_eq!(d.refusal().unwrap().error, Error::UnknownCode);
    assert_eq!(d.token, None);
    // A grant with a top-level max_usage reached mid-step: the mint that exceeds it is refused.
    let capped = grant_with(
        &[token("c", "authorization_code", rule)],
        r#", "extra": {}"#,
    )
    .replace(
        r#""usage_rules": {"access_token""#,
        r#""usage_rules": {"max_usage": 2, "access_token""#,
    );
    let g2 = GrantView::parse(capped.as_bytes()).unwrap();
    let d = redeem_code(&g2, &req(None, None), &policy, t(0));
    let r = d.refusal().unwrap();
    assert_eq!(r.error, Error::GrantInactive);
    assert_eq!(d.mints.len(), 1);
    assert_eq!(d.grant_used, 2);
    // Code whose rules lack access_token: idpyoidc crashes on its unbound `token` as soon as a
    // refresh or ID token is due; oxidc refuses before anything moves.
    let no_at =
        r#", "usage_rules": {"supports_minting": ["refresh_token", "id_token"], "max_usage": 1}"#;
    let text = grant_with(&[token("c", "authorization_code", no_at)], "");
    let g3 = GrantView::parse(text.as_bytes()).unwrap();
    let d = redeem_code(&g3, &req(None, None), &policy, t(0));
    let r = d.refusal().unwrap();
    assert_eq!(
        (r.error, r.description),
        (
            Error::MintingNotSupported,
            "Minting of access_token not supported"
        )
    );
    assert_eq!((d.token_used, d.grant_used, d.mints.len()), (0, 1, 0));
    // ... also when only the ID token is due.
    let d = redeem_code(
        &g3,
        &req(None, None),
        &TokenPolicy {
            issue_refresh: Some(false),
            ..policy
        },
        t(0),
    );
    assert_eq!(d.refusal().unwrap().error, Error::MintingNotSupported);
    // Grant types the client may not use are refused first.
    let d = redeem_code(
        &g3,
        &req(None, None),
        &TokenPolicy {
            code_grant_allowed: false,
            ..policy
        },
        t(0),
    );
    assert_eq!(
        d.refusal().unwrap().description,
        "Unsupported grant_type: authorization_code"
    );
    // supports_minting absent: augmentation from grant types cannot persist; the refresh token
    // then is due without an access token (idpyoidc: UnboundLocalError).
    let none = r#", "usage_rules": {"max_usage": 1}"#;
    let text = grant_with(&[token("c", "authorization_code", none)], "");
    let g4 = GrantView::parse(text.as_bytes()).unwrap();
    let p = TokenPolicy {
        refresh_in_grant_types: true,
        ..policy
    };
    let d = redeem_code(&g4, &req(None, None), &p, t(0));
    assert_eq!(d.refusal().unwrap().error, Error::MintingNotSupported);
    assert!(!d.add_refresh_minting);
    // Without a refresh token due nothing is minted; only the usage is registered.
    let p = TokenPolicy {
        issue_refresh: Some(false),
        ..p
    };
    let d = redeem_code(&g4, &req(None, None), &p, t(0));
    assert!(d.is_issued());
    assert!(d.mints.is_empty());
    assert!(!d.add_refresh_minting);
    assert_eq!(d.token_used, 1);
    assert_eq!(d.expires_in, None);
}

#[test]
fn refresh_edge_paths() {
    let rules = r#", "usage_rules": {"supports_minting": ["refresh_token"]}"#;
    let text = grant_with(&[token("r", "refresh_token", rules)], "");
    let g = GrantView::parse(text.as_bytes()).unwrap();
    let req = RefreshRequest {
        refresh_token: "r",
        client_id: "c1",
        scope: None,
        session_client_id: None,
        value_exp: None,
    };
    let d = refresh(&g, &req, &TokenPolicy::OIDC, t(0));
    let r = d.refusal().unwrap();
    assert_eq!(
        (r.error, r.description),
        (
            Error::MintingNotSupported,
            "Minting of access_token not supported"
        )
    );
    assert_eq!(d.token_used, 0);
    let d = refresh(
        &g,
        &RefreshRequest {
            value_exp: Some(-1),
            ..req
        },
        &TokenPolicy::OIDC,
        t(0),
    );
    assert_eq!(d.refusal().unwrap().description, "Invalid refresh token");
    let d = refresh(
        &g,
        &RefreshRequest {
            value_exp: Some(0),
            ..req
        },
        &TokenPolicy::OIDC,
        t(0),
    );
    assert_eq!(d.refusal().unwrap().error, Error::MintingNotSupported);
    let d = refresh(
        &g,
        &req,
        &TokenPolicy {
            refresh_grant_allowed: false,
            ..TokenPolicy::OIDC
        },
        t(0),
    );
    assert_eq!(
        d.refusal().unwrap().description,
        "Unsupported grant_type: refresh_token"
    );
    // OAuth2 walks the scope from the token itself; OIDC from its origin.
    let toks = [
        token("c", "authorization_code", r#", "scope": ["openid"]"#),
        token(
            "r",
            "refresh_token",
            r#", "based_on": "c", "scope": ["openid", "offline_access"], "usage_rules": {"supports_minting": ["access_token", "refresh_token"]}"#,
        ),
    ];
    let text = grant_with(&toks, "");
    let g = GrantView::parse(text.as_bytes()).unwrap();
    let oidc = refresh(&g, &req, &TokenPolicy::OIDC, t(0));
    assert_eq!(oidc.scope, ScopeRef::Token(0));
    assert!(oidc.mints.get(TokenClass::RefreshToken).is_none());
    let oauth2 = refresh(
        &g,
        &req,
        &TokenPolicy {
            issue_refresh: Some(true),
            ..TokenPolicy::OAUTH2
        },
        t(0),
    );
    assert_eq!(oauth2.scope, ScopeRef::Token(1));
    assert_eq!(
        oauth2.mints.get(TokenClass::RefreshToken).unwrap().rules,
        RuleSource::CopyOf(1)
    );
    assert_eq!(
        oauth2.mints.classes(),
        ClassSet::of(&[TokenClass::AccessToken, TokenClass::RefreshToken])
    );
    // An empty requested scope is a subset of anything and yields no offline_access.
    let d = refresh(
        &g,
        &RefreshRequest {
            scope: Some(""),
            ..req
        },
        &TokenPolicy::OIDC,
        t(0),
    );
    assert!(d.is_issued());
    assert_eq!(d.mints.len(), 1);
    assert!(!ScopeRef::Request("").contains(&g, "openid"));
    assert_eq!(g.authorization_scope().len(), 2);
    assert_eq!(Scope::Absent.len(), 0);
    assert_eq!(g.scope().len(), 2);
}

#[test]
fn decision_json_shapes() {
    let text = grant_with(
        &[token(
            "c",
            "authorization_code",
            r#", "usage_rules": {"supports_minting": ["access_token"], "max_usage": 1}"#,
        )],
        "",
    );
    let g = GrantView::parse(text.as_bytes()).unwrap();
    let d = redeem_code(
        &g,
        &CodeRedemption {
            code: "c",
            client_id: None,
            redirect_uri: Some("https://rp/cb"),
            session_client_id: None,
        },
        &TokenPolicy::OIDC,
        t(1000),
    );
    let mut buf = [0u8; 1024];
    let n = d.write_json(&g, &mut buf).unwrap();
    assert_eq!(
        core::str::from_utf8(&buf[..n]).unwrap(),
        r#"{"ok": true, "token_type": "Bearer", "scope": ["openid", "offline_access"], "expires_in": 600, "token": 0, "token_used": 2, "token_revoked": false, "add_refresh_minting": false, "revoke": [], "grant_used": 2, "mint": [{"token_class": "access_token", "based_on": 0, "expires_at": 1600, "scope": ["openid", "offline_access"], "usage_rules": {"expires_in": 600}}]}"#
    );
    for short in 0..n {
        assert_eq!(
            d.write_json(&g, &mut buf[..short]),
            Err(Error::BufferTooSmall)
        );
    }
    let d = redeem_code(
        &g,
        &CodeRedemption {
            code: "zz",
            client_id: None,
            redirect_uri: None,
            session_client_id: None,
        },
        &TokenPolicy::OIDC,
        t(1000),
    );
    let n = d.write_json(&g, &mut buf).unwrap();
    assert_eq!(
        core::str::from_utf8(&buf[..n]).unwrap(),
        r#"{"ok": false, "error": "invalid_grant", "error_description": "Unknown code", "kind": "unknown_code", "token": null, "token_used": 0, "token_revoked": false, "add_refresh_minting": false, "revoke": [], "grant_used": 1, "mint": []}"#
    );
    assert_eq!(d.token_type(), "Bearer");
}

/// The single-pass grant reader gives exactly the reference path's result — the same view or
/// the same error — on the spec grant and on every one-byte mutation of it and of a few
/// unusual shapes (bare tokens, escaped names, duplicates, nulls, capacity).
#[test]
fn single_pass_matches_reference_path() {
    fn same<const N: usize>(text: &[u8]) {
        let fast = GrantView::<N>::parse_in(text);
        let reference = GrantView::<N>::parse_reference(text);
        match (&fast, &reference) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.tokens(), b.tokens(), "{}", String::from_utf8_lossy(text));
                assert_eq!(format!("{a:?}"), format!("{b:?}"));
            }
            _ => assert_eq!(
                fast.as_ref().err(),
                reference.as_ref().err(),
                "{}",
                String::from_utf8_lossy(text)
            ),
        }
        // In place, into a view that held another grant: the same view, or the same error
        // and an empty view.
        let mut reused = GrantView::<N>::new_in();
        reused.parse_from(spec_grant()).unwrap_or(());
        let into = reused.parse_from(text);
        assert_eq!(into.err(), fast.as_ref().err().copied());
        let expected = fast.unwrap_or_default();
        assert_eq!(reused.tokens(), expected.tokens());
        assert_eq!(format!("{reused:?}"), format!("{expected:?}"));
    }
    let bare = r#"{"value": "v2", "token_class": "access_token", "used": 1}"#.to_string();
    let shapes = [
        spec_grant().to_vec(),
        grant_with(
            &[
                token("v1", "authorization_code", r#", "usage_rules": {"max_usage": 1, "supports_minting": ["access_token", "x"]}, "scope": ["a"], "based_on": null"#),
                bare,
                token(r"v\u0033", "refresh_token", r#", "n\u0061me": "RefreshToken", "usage_rules": null, "resources": ["r"], "claims": {"a": [1, {"b": null}]}, "type": "T""#),
            ],
            r#", "revoked": false, "max_usage": 3, "extra": {"x": [[], {}]}, "sub": null, "resources": null"#,
        )
        .into_bytes(),
        grant_with(&[token("v1", "id_token", "")], r#", "iss\u0075ed_at": 5, "claims": null"#).into_bytes(),
    ];
    let edits: [&[u8]; 9] = [b"", b"{", b"}", b"]", b"\"", b",", b"1", b"null", b"\\"];
    for base in &shapes {
        assert!(GrantView::parse(base).is_ok());
        same::<MAX_ISSUED_TOKENS>(base);
        same::<1>(base);
        for i in 0..=base.len() {
            // Inside words and numbers only deletions; every edit next to punctuation.
            let punct = |j: usize| base.get(j).is_none_or(|b| !b.is_ascii_alphanumeric());
            let n = if punct(i) || i == 0 || punct(i - 1) {
                edits.len()
            } else {
                1
            };
            for (k, edit) in edits.iter().enumerate().take(n) {
                // Replace byte i (k even) or insert before it (k odd); the empty edit deletes.
                let mut m = base[..i].to_vec();
                m.extend_from_slice(edit);
                let skip = usize::from(k % 2 == 0 || edit.is_empty());
                m.extend_from_slice(base.get(i + skip..).unwrap_or(&[]));
                same::<MAX_ISSUED_TOKENS>(&m);
            }
        }
    }
}

#[test]
fn token_views_stay_small() {
    // A GrantView is built, and moved, on the caller's stack (the firmware's budget is 12 KB),
    // and every move copies its whole token array: keep each token to numbers and ranges.
    assert!(core::mem::size_of::<super::TokenView<'_>>() <= 88);
    assert!(core::mem::size_of::<GrantView<'_>>() <= 6 * 1024);
}

#[test]
fn token_members_read_on_demand_match_the_stored_object() {
    // `issued_at`, the rule's `expires_in`, `value`, `based_on` and `scope` are kept as
    // ranges of the stored object and read again when asked for; escaped names and values
    // must give what the stored JSON says.
    let toks = [
        token(
            r"c\u006fde",
            "authorization_code",
            r#", "issued_at": 17, "scope": [ ], "usage_rules": {"expir\u0065s_in": "-30", "max_usage": 1, "supports_minting": ["access_token"]}"#,
        ),
        token(
            "at",
            "access_token",
            r#", "is\u0073ued_at": -5, "based_on": "co\u0064e", "scope": ["openid"], "usage_rules": {}"#,
        ),
        token(
            "rt",
            "refresh_token",
            r#", "based_on": "code", "scope": null"#,
        ),
    ];
    let text = grant_with(&toks, "");
    let g = GrantView::parse(text.as_bytes()).unwrap();
    let [code, at, rt] = [&g.tokens()[0], &g.tokens()[1], &g.tokens()[2]];
    assert_eq!(code.issued_at(), 17);
    assert_eq!(at.issued_at(), -5);
    assert_eq!(rt.issued_at(), 0);
    assert_eq!(code.rule().expires_in(), -30);
    assert_eq!(code.rule().max_usage(), Some(1));
    assert!(code.rule().is_non_empty());
    assert!(code.rule().supports_minting(TokenClass::AccessToken));
    assert!(at.rule().is_present() && !at.rule().is_non_empty());
    assert_eq!(at.rule().raw(), b"{}");
    assert!(!rt.rule().is_present());
    assert_eq!(code.value().unwrap().raw(), br"c\u006fde");
    assert!(code.value().unwrap().eq_str("code"));
    assert!(at.based_on().unwrap().eq_str("code"));
    assert!(rt.based_on().unwrap().eq_str("code"));
    assert!(code.based_on().is_none());
    // Escaped and plain spellings of one value are one link.
    assert!(g.descends_from(1, 0) && g.descends_from(2, 0));
    assert!(code.scope().is_empty() && matches!(code.scope(), Scope::List(_)));
    assert!(at.scope().contains("openid"));
    assert_eq!(rt.scope(), Scope::Absent);
    // The code's scope list is empty, so the chain from the access token stops at itself and
    // the one from the code falls back to the grant's scope.
    assert_eq!(g.scope_holder(Some(1)), Some(1));
    assert_eq!(g.scope_holder(Some(0)), None);
    assert_eq!(g.find_token(b"code").unwrap().0, 0);
}
