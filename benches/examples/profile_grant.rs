//! A fixed workload for instruction-count profiling (`valgrind --tool=callgrind`): the grant
//! engine's token-endpoint steps and the JSON/form message parsers, N times.
//!
//! `cargo build --release -p oxidc-benches --example profile_grant &&
//!  valgrind --tool=callgrind target/release/examples/profile_grant redeem 1000`
//!
//! Modes: `redeem` (2-token grant, idpyoidc-length values; `redeem8` with a `GrantView<8>`), `redeem_spec` (2 tokens,
//! GRANTS.md §6 value lengths; `redeem_spec_parse` through `GrantView::parse` instead of
//! `GrantView::new` + `parse_from`), `refresh` (4 tokens), `token_form` (token request with
//! client_secret_basic), `authz_form` (OIDC authorization request with PKCE), `json_msg`
//! (a JSON message body through `Params::parse_json`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use oxidc::oauth::Params;
use oxidc::oauth::client_authn::{self, AuthnContext, BasicDecoding, ClientRegistry};
use oxidc::oauth::messages::{GrantType, TokenRequest};
use oxidc::oauth::pkce::{self, ChallengeMethod};
use oxidc::{
    CodeRedemption, GrantView, RefreshRequest, TokenPolicy, UnixTime, oidc, redeem_code, refresh,
};
use std::hint::black_box;

use oxidc_benches::{T0, grant, token, value};

const CODE_RULES: &str = r#"{"expires_in": 300, "supports_minting": ["access_token", "refresh_token", "id_token"], "max_usage": 1}"#;
const RT_RULES: &str =
    r#"{"expires_in": 86400, "supports_minting": ["access_token", "refresh_token"]}"#;

fn two_tokens(code: &str, rt: &str) -> String {
    grant(
        &[
            token(
                "refresh_token",
                "RefreshToken",
                rt,
                0,
                None,
                RT_RULES,
                T0 + 86400,
            ),
            token(
                "authorization_code",
                "AuthorizationCode",
                code,
                0,
                None,
                CODE_RULES,
                T0 + 300,
            ),
        ],
        2,
    )
}

const TOKEN_BODY: &[u8] = b"grant_type=authorization_code&code=Z0FBQUFBISgVrvNxa-LOjo0av3BDsoLu9bglSDhVKDopR9JkEoSlwr2rwGeBPfHN4p0csqOwoD4wwCeYVf8vnAWwhHrEh0NZVCyXDYTsI9JaZD8TttOJv7caEZfqu-25&redirect_uri=https%3A%2F%2F127.0.0.1%3A8090%2Fauthz_cb%2Flocal&client_id=awHLXwT72lMk&state=XOP7Z9HupUfSpcnNkaSl7ZCL";
const BASIC: &[u8] = b"Basic YXdITFh3VDcybE1rOmhlbWxpZ3RfaGVtbGlndCUyMQ==";
const AUTHZ: &[u8] = b"response_type=code&client_id=awHLXwT72lMk&redirect_uri=https%3A%2F%2F127.0.0.1%3A8090%2Fauthz_cb%2Flocal&state=XOP7Z9HupUfSpcnNkaSl7ZCL&scope=openid+profile&nonce=TpIRZH9UdvOui0f-G1KC&code_challenge=o_E7B3q2VRwLUMZZprsOH7pcBtwacV-BAlWQUyeowg1&code_challenge_method=S256";
const JSON_MSG: &[u8] = br#"{"access_token": "eyJhbGciOiJSUzI1NiIsImtpZCI6IlNVTT0ifQ.eyJzdWIiOiJkaWFuYSJ9.c2lnbmF0dXJl", "token_type": "Bearer", "expires_in": 3600, "refresh_token": "Z0FBQUFBQnJBX0ZoLXJ0LTAxMjM0NTY3ODlhYmNkZWY", "scope": "openid offline_access", "id_token": "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUub3JnLyJ9.c2ln", "aud": ["client_1", "https://api.example.org"], "claims": {"userinfo": {"sub": null}}}"#;

struct Db;
impl ClientRegistry for Db {
    fn is_registered(&self, id: &str) -> bool {
        id == "awHLXwT72lMk"
    }
    fn client_secret(&self, id: &str) -> Option<&[u8]> {
        (id == "awHLXwT72lMk").then_some(b"hemligt_hemligt!")
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "redeem".into());
    let n: usize = args.next().map_or(1000, |s| s.parse().unwrap());
    let now = UnixTime::from_secs(T0 + 10);
    let code = value("Z0FBQUFBQnJB", 872);
    let rt = value("eyJhbGciOiJSUzI1NiIt.", 1100);
    let at = value("eyJhbGciOiJSUzI1NiIs.", 1100);
    let idt = value("eyJhbGciOiJSUzI1NiIu.", 1000);
    let short_code = value("Z0FBQUFBQnJBX0Zo", 17);
    let short_rt = value("eyJhbGciOiJFUzI1NiIs", 21);
    let two = two_tokens(&code, &rt);
    let spec_two = two_tokens(&short_code, &short_rt);
    let four = grant(
        &[
            token(
                "authorization_code",
                "AuthorizationCode",
                &code,
                2,
                None,
                CODE_RULES,
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
                RT_RULES,
                T0 + 86400,
            ),
            token("id_token", "IDToken", &idt, 0, Some(&code), "{}", T0 + 300),
        ],
        4,
    );
    let redeem = CodeRedemption {
        code: &code,
        client_id: Some("client_1"),
        redirect_uri: Some("https://example.com/cb"),
        session_client_id: Some("client_1"),
    };
    let short_redeem = CodeRedemption {
        code: &short_code,
        ..redeem
    };
    let rreq = RefreshRequest {
        refresh_token: &rt,
        client_id: "client_1",
        scope: None,
        session_client_id: Some("client_1"),
        value_exp: Some(T0 + 86400),
    };
    for _ in 0..n {
        match mode.as_str() {
            "redeem" => {
                let mut g = GrantView::new();
                g.parse_from(black_box(two.as_bytes())).unwrap();
                let d = redeem_code(&g, black_box(&redeem), &TokenPolicy::OIDC, now);
                assert!(d.is_issued());
                black_box(d);
            }
            "redeem8" => {
                let g = GrantView::<8>::parse_in(black_box(two.as_bytes())).unwrap();
                let d = redeem_code(&g, black_box(&redeem), &TokenPolicy::OIDC, now);
                assert!(d.is_issued());
                black_box(d);
            }
            "redeem_spec" => {
                let mut g = GrantView::new();
                g.parse_from(black_box(spec_two.as_bytes())).unwrap();
                let d = redeem_code(&g, black_box(&short_redeem), &TokenPolicy::OIDC, now);
                assert!(d.is_issued());
                black_box(d);
            }
            "redeem_spec_parse" => {
                let g = GrantView::parse(black_box(spec_two.as_bytes())).unwrap();
                let d = redeem_code(&g, black_box(&short_redeem), &TokenPolicy::OIDC, now);
                assert!(d.is_issued());
                black_box(d);
            }
            "refresh" => {
                let mut g = GrantView::new();
                g.parse_from(black_box(four.as_bytes())).unwrap();
                let d = refresh(&g, black_box(&rreq), &TokenPolicy::OIDC, now);
                assert!(d.is_issued());
                black_box(d);
            }
            "token_form" => {
                let mut scratch = [0u8; 512];
                let mut basic = [0u8; 64];
                let p = Params::parse_form(black_box(TOKEN_BODY), &mut scratch).unwrap();
                let t = TokenRequest::parse(&p, &[GrantType::AuthorizationCode]).unwrap();
                let ctx = AuthnContext {
                    authorization: Some(black_box(BASIC)),
                    basic_decoding: BasicDecoding::Rfc6749,
                    now: UnixTime(1_800_000_000),
                };
                let a = client_authn::authenticate(
                    &[client_authn::AuthMethod::ClientSecretBasic],
                    &p,
                    &ctx,
                    &Db,
                    &mut basic,
                )
                .unwrap();
                black_box((t.grant_type(), a.client_id));
            }
            "authz_form" => {
                let mut scratch = [0u8; 512];
                let p = Params::parse_form(black_box(AUTHZ), &mut scratch).unwrap();
                let r = oidc::AuthorizationRequest::new(&p).unwrap();
                r.verify(None).unwrap();
                let (ch, m) = r.pkce().unwrap();
                let stored =
                    pkce::check_authorization_request(ch, m, true, ChallengeMethod::ALL).unwrap();
                black_box((r.client_id(), stored));
            }
            "json_msg" => {
                let mut scratch = [0u8; 1024];
                let p = Params::parse_json(black_box(JSON_MSG), &mut scratch).unwrap();
                black_box(p.len());
            }
            other => panic!("unknown mode {other}"),
        }
    }
    println!(
        "{mode} x{n}: grants {} / {} / {} bytes",
        two.len(),
        spec_two.len(),
        four.len()
    );
}
