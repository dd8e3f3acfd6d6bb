//! Stored grant JSON (idpyoidc's serialised grant, or a session dump holding one):
//! `GrantView::parse` / `from_dump`, every accessor, and whole token-endpoint decisions
//! (`redeem_code`, `refresh`) under every policy, whose state changes are written back as
//! JSON that must parse. Reaches all of the grant rules: the stored grant is trusted storage,
//! but a corrupted or hostile store must still never crash the server.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::UnixTime;
use oxidc::grant::{
    CodeRedemption, GrantView, RefreshRequest, TokenClass, TokenPolicy, redeem_code, refresh,
};
use oxidc_fuzz::{split_first, take_chunk};

fn policies() -> [TokenPolicy; 4] {
    let mut a = TokenPolicy::OIDC;
    a.refresh_in_grant_types = true;
    a.revoke_refresh_on_issue = true;
    a.issue_refresh = Some(true);
    let mut b = TokenPolicy::OAUTH2;
    b.issue_refresh = Some(true);
    [TokenPolicy::OIDC, TokenPolicy::OAUTH2, a, b]
}

fn exercise<const N: usize>(g: &GrantView<'_, N>, value: &str, sel: u8) {
    let now = UnixTime(1_700_000_000 + i64::from(sel) * 1000);
    let _ = g.check_active(now);
    let _ = (
        g.expires_at(),
        g.issued_at(),
        g.not_before(),
        g.used(),
        g.is_revoked(),
    );
    let _ = (
        g.max_usage(),
        g.sub(),
        g.authorization_client_id(),
        g.authorization_redirect_uri(),
    );
    let _ = (
        g.scope().is_empty(),
        g.authorization_scope().contains("openid"),
    );
    for class in [
        TokenClass::AuthorizationCode,
        TokenClass::AccessToken,
        TokenClass::RefreshToken,
    ] {
        let r = g.usage_rule(class);
        let _ = (
            r.is_present(),
            r.max_usage(),
            r.expires_in(),
            r.supports_minting(class),
        );
    }
    for (i, t) in g.tokens().iter().enumerate() {
        let _ = (
            t.check_active(now),
            t.max_usage_reached(),
            t.scope().is_empty(),
            t.claims(),
        );
        let _ = g.scope_holder(Some(i));
        if let Some(v) = t.value().and_then(|v| v.as_str()) {
            assert!(
                g.find_token(v.as_bytes()).is_some(),
                "a stored value is found"
            );
        }
    }
    let _ = g.find_token(value.as_bytes());
    let code = CodeRedemption {
        code: value,
        client_id: if sel & 1 == 0 { None } else { Some("client-1") },
        redirect_uri: if sel & 2 == 0 {
            None
        } else {
            Some("https://rp.example/cb")
        },
        session_client_id: None,
    };
    let rt = RefreshRequest {
        refresh_token: value,
        client_id: "client-1",
        scope: if sel & 4 == 0 {
            None
        } else {
            Some("openid offline_access")
        },
        session_client_id: None,
        value_exp: if sel & 8 == 0 {
            None
        } else {
            Some(now.as_secs() - 1)
        },
    };
    let mut out = vec![0u8; 64 * 1024];
    for policy in policies() {
        for d in [
            redeem_code(g, &code, &policy, now),
            refresh(g, &rt, &policy, now),
        ] {
            let _ = (d.is_issued(), d.refusal(), d.token_type());
            for i in 0..g.tokens().len() {
                let _ = d.revokes(g, i);
            }
            if let Ok(n) = d.write_json(g, &mut out) {
                let j: serde_json::Value =
                    serde_json::from_slice(&out[..n]).expect("decision JSON parses");
                assert!(j["ok"].is_boolean());
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = split_first(data);
    let (value, text) = take_chunk(rest);
    let value = core::str::from_utf8(value).unwrap_or("");
    match sel & 0x30 {
        0x10 => {
            if let Ok(g) = GrantView::<'_>::from_dump(text, "diana;;client-1;;grant-1") {
                exercise(&g, value, sel);
            }
        }
        0x20 => {
            if let Ok(g) = GrantView::<'_, 2>::parse_in(text) {
                exercise(&g, value, sel);
            }
        }
        _ => {
            if let Ok(g) = GrantView::<'_, 16>::parse_in(text) {
                exercise(&g, value, sel);
            }
        }
    }
});
