//! Grant engine: parse a stored grant and decide one token-endpoint step.
//!
//! `cargo bench -p oxidc --bench grant`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use oxidc::{
    CodeRedemption, GrantView, RefreshRequest, TokenPolicy, UnixTime, redeem_code, refresh,
};

use oxidc_benches::{T0, grant, token, value};

fn bench(c: &mut Criterion) {
    let code = value("Z0FBQUFBQnJB", 872);
    let at = value("eyJhbGciOiJSUzI1NiIs.", 1100);
    let rt = value("eyJhbGciOiJSUzI1NiIt.", 1100);
    let code_rules = r#"{"expires_in": 300, "supports_minting": ["access_token", "refresh_token", "id_token"], "max_usage": 1}"#;
    let rt_rules =
        r#"{"expires_in": 86400, "supports_minting": ["access_token", "refresh_token"]}"#;
    let now = UnixTime::from_secs(T0 + 10);

    // Two issued tokens: a fresh code and a refresh token of an earlier code flow.
    let two = grant(
        &[
            token(
                "refresh_token",
                "RefreshToken",
                &rt,
                0,
                None,
                rt_rules,
                T0 + 86400,
            ),
            token(
                "authorization_code",
                "AuthorizationCode",
                &code,
                0,
                None,
                code_rules,
                T0 + 300,
            ),
        ],
        2,
    );
    let redeem = CodeRedemption {
        code: &code,
        client_id: Some("client_1"),
        redirect_uri: Some("https://example.com/cb"),
        session_client_id: Some("client_1"),
    };
    {
        let g = GrantView::parse(two.as_bytes()).unwrap();
        assert!(redeem_code(&g, &redeem, &TokenPolicy::OIDC, now).is_issued());
    }
    println!("two-token grant: {} bytes", two.len());
    c.bench_function("grant/parse+redeem_code (2 tokens)", |b| {
        b.iter(|| {
            let mut g = GrantView::new();
            g.parse_from(black_box(two.as_bytes())).unwrap();
            black_box(redeem_code(&g, black_box(&redeem), &TokenPolicy::OIDC, now))
        })
    });
    let mut out = [0u8; 4096];
    c.bench_function("grant/parse+redeem_code+write_json (2 tokens)", |b| {
        b.iter(|| {
            let g = GrantView::parse(black_box(two.as_bytes())).unwrap();
            let d = redeem_code(&g, black_box(&redeem), &TokenPolicy::OIDC, now);
            black_box(d.write_json(&g, &mut out).unwrap())
        })
    });

    // The same two-token grant with the value lengths of GRANTS.md §6's example (shortened).
    let short_code = value("Z0FBQUFBQnJBX0Zo", 17);
    let short_rt = value("eyJhbGciOiJFUzI1NiIs", 21);
    let spec_two = grant(
        &[
            token(
                "refresh_token",
                "RefreshToken",
                &short_rt,
                0,
                None,
                rt_rules,
                T0 + 86400,
            ),
            token(
                "authorization_code",
                "AuthorizationCode",
                &short_code,
                0,
                None,
                code_rules,
                T0 + 300,
            ),
        ],
        2,
    );
    let short_redeem = CodeRedemption {
        code: &short_code,
        ..redeem
    };
    {
        let g = GrantView::parse(spec_two.as_bytes()).unwrap();
        assert!(redeem_code(&g, &short_redeem, &TokenPolicy::OIDC, now).is_issued());
    }
    println!(
        "two-token grant, spec value lengths: {} bytes",
        spec_two.len()
    );
    c.bench_function(
        "grant/parse+redeem_code (2 tokens, spec-length values)",
        |b| {
            b.iter(|| {
                let mut g = GrantView::new();
                g.parse_from(black_box(spec_two.as_bytes())).unwrap();
                black_box(redeem_code(
                    &g,
                    black_box(&short_redeem),
                    &TokenPolicy::OIDC,
                    now,
                ))
            })
        },
    );
    c.bench_function(
        "grant/parse+redeem_code (2 tokens, spec-length values, GrantView::parse)",
        |b| {
            b.iter(|| {
                let g = GrantView::parse(black_box(spec_two.as_bytes())).unwrap();
                black_box(redeem_code(
                    &g,
                    black_box(&short_redeem),
                    &TokenPolicy::OIDC,
                    now,
                ))
            })
        },
    );
    c.bench_function(
        "grant/parse+redeem_code (2 tokens, spec-length values, GrantView<8>)",
        |b| {
            b.iter(|| {
                let g = GrantView::<8>::parse_in(black_box(spec_two.as_bytes())).unwrap();
                black_box(redeem_code(
                    &g,
                    black_box(&short_redeem),
                    &TokenPolicy::OIDC,
                    now,
                ))
            })
        },
    );
    c.bench_function("grant/parse+redeem_code (2 tokens, GrantView<8>)", |b| {
        b.iter(|| {
            let g = GrantView::<8>::parse_in(black_box(two.as_bytes())).unwrap();
            black_box(redeem_code(&g, black_box(&redeem), &TokenPolicy::OIDC, now))
        })
    });

    // The seed shape: a used code and the access token minted from it; the replay is refused
    // and the access token is to be revoked.
    let seed = grant(
        &[
            token(
                "authorization_code",
                "AuthorizationCode",
                &code,
                2,
                None,
                code_rules,
                T0 + 300,
            ),
            token(
                "access_token",
                "AccessToken",
                &at,
                0,
                Some(&code),
                r#"{"expires_in": 600}"#,
                T0 + 600,
            ),
        ],
        2,
    );
    c.bench_function("grant/parse+code replay+revocations (2 tokens)", |b| {
        b.iter(|| {
            let g = GrantView::parse(black_box(seed.as_bytes())).unwrap();
            let d = redeem_code(&g, black_box(&redeem), &TokenPolicy::OIDC, now);
            black_box(d.revocations(&g).count())
        })
    });

    // The §6 shape after a redemption: refresh with the refresh token.
    let idt = value("eyJhbGciOiJSUzI1NiIu.", 1000);
    let four = grant(
        &[
            token(
                "authorization_code",
                "AuthorizationCode",
                &code,
                2,
                None,
                code_rules,
                T0 + 300,
            ),
            token(
                "access_token",
                "AccessToken",
                &at,
                0,
                Some(&code),
                r#"{"expires_in": 600}"#,
                T0 + 600,
            ),
            token(
                "refresh_token",
                "RefreshToken",
                &rt,
                0,
                Some(&code),
                rt_rules,
                T0 + 86400,
            ),
            token("id_token", "IDToken", &idt, 0, Some(&code), "{}", T0 + 300),
        ],
        4,
    );
    let rreq = RefreshRequest {
        refresh_token: &rt,
        client_id: "client_1",
        scope: None,
        session_client_id: Some("client_1"),
        value_exp: Some(T0 + 86400),
    };
    println!("four-token grant: {} bytes", four.len());
    c.bench_function("grant/parse+refresh (4 tokens)", |b| {
        b.iter(|| {
            let g = GrantView::parse(black_box(four.as_bytes())).unwrap();
            black_box(refresh(&g, black_box(&rreq), &TokenPolicy::OIDC, now))
        })
    });
    let parsed = GrantView::parse(four.as_bytes()).unwrap();
    c.bench_function("grant/refresh only (pre-parsed, 4 tokens)", |b| {
        b.iter(|| {
            black_box(refresh(
                black_box(&parsed),
                black_box(&rreq),
                &TokenPolicy::OIDC,
                now,
            ))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
