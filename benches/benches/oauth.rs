//! Token-endpoint and authorization-endpoint parsing: `cargo bench -p oxidc --bench oauth`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use oxidc::oauth::Params;
use oxidc::oauth::client_authn::{self, AuthnContext, BasicDecoding, ClientRegistry};
use oxidc::oauth::messages::{GrantType, TokenRequest};
use oxidc::oauth::pkce::{self, ChallengeMethod};
use oxidc::{UnixTime, oidc};
use std::hint::black_box;

const TOKEN_BODY: &[u8] = b"grant_type=authorization_code&code=Z0FBQUFBISgVrvNxa-LOjo0av3BDsoLu9bglSDhVKDopR9JkEoSlwr2rwGeBPfHN4p0csqOwoD4wwCeYVf8vnAWwhHrEh0NZVCyXDYTsI9JaZD8TttOJv7caEZfqu-25&redirect_uri=https%3A%2F%2F127.0.0.1%3A8090%2Fauthz_cb%2Flocal&client_id=awHLXwT72lMk&state=XOP7Z9HupUfSpcnNkaSl7ZCL";
// base64("awHLXwT72lMk:hemligt_hemligt%21")
const BASIC: &[u8] = b"Basic YXdITFh3VDcybE1rOmhlbWxpZ3RfaGVtbGlndCUyMQ==";
const AUTHZ: &[u8] = b"response_type=code&client_id=awHLXwT72lMk&redirect_uri=https%3A%2F%2F127.0.0.1%3A8090%2Fauthz_cb%2Flocal&state=XOP7Z9HupUfSpcnNkaSl7ZCL&scope=openid+profile&nonce=TpIRZH9UdvOui0f-G1KC&code_challenge=o_E7B3q2VRwLUMZZprsOH7pcBtwacV-BAlWQUyeowg1&code_challenge_method=S256";

struct Db;
impl ClientRegistry for Db {
    fn is_registered(&self, id: &str) -> bool {
        id == "awHLXwT72lMk"
    }
    fn client_secret(&self, id: &str) -> Option<&[u8]> {
        (id == "awHLXwT72lMk").then_some(b"hemligt_hemligt!")
    }
}

fn token_endpoint(c: &mut Criterion) {
    c.bench_function(
        "token request + client_secret_basic (parse, verify, authenticate)",
        |b| {
            b.iter(|| {
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
            })
        },
    );
}

fn authorization_endpoint(c: &mut Criterion) {
    c.bench_function(
        "OIDC authorization request with PKCE (parse, verify)",
        |b| {
            b.iter(|| {
                let mut scratch = [0u8; 512];
                let p = Params::parse_form(black_box(AUTHZ), &mut scratch).unwrap();
                let r = oidc::AuthorizationRequest::new(&p).unwrap();
                r.verify(None).unwrap();
                let (ch, m) = r.pkce().unwrap();
                let stored =
                    pkce::check_authorization_request(ch, m, true, ChallengeMethod::ALL).unwrap();
                black_box((r.client_id(), stored));
            })
        },
    );
}

criterion_group!(benches, token_endpoint, authorization_endpoint);
criterion_main!(benches);
