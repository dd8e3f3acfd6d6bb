#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::as_conversions
)]
//! Zero allocations on every oauth/oidc path: a counting global allocator around the system
//! one; inputs are prepared first, then each path runs with counting switched on (for this
//! thread only) and must allocate nothing — on success and on failure.

use oxidc::jose::{AlgSet, Jwk, KeySet, SigningKey};
use oxidc::jwt::{HeaderSpec, mint};
use oxidc::oauth::client_authn::{
    self, AssertionPolicy, AuthMethod, AuthnContext, BasicDecoding, ClientRegistry,
    JWT_BEARER_ASSERTION_TYPE,
};
use oxidc::oauth::messages::{
    AccessTokenResponse, AuthorizationRequest, AuthorizationResponse, CCAccessTokenRequest,
    GrantType, RefreshAccessTokenRequest, TokenErrorResponse, TokenExchangeRequest,
    TokenIntrospectionRequest, TokenIntrospectionResponse, TokenRequest, TokenRevocationRequest,
};
use oxidc::oauth::pkce::{self, Challenge, ChallengeMethod};
use oxidc::oauth::serialize::{
    ErrorResponse, Extra, IntrospectionResponse, ResponseMode, TokenResponse, write_redirect,
};
use oxidc::oauth::{Params, Rejection};
use oxidc::oidc::id_token::{self, HashedValues, IdTokenExpectations};
use oxidc::{Algorithm, UnixTime};

use oxidc_conformance::{Counting, allocations, no_alloc};

#[global_allocator]
static GLOBAL: Counting = Counting;

const TOKEN_BODY: &[u8] = b"grant_type=authorization_code&code=Z0FBQUFBISgVrvNxa-LOjo0av3BDsoLu9bglSDhVKDopR9JkEoSlwr2rwGeBPfHN4p0csqOwoD4wwCeYVf8vnAWwhHrEh0NZVCyXDYTsI9JaZD8TttOJv7caEZfqu-25&redirect_uri=https%3A%2F%2F127.0.0.1%3A8090%2Fauthz_cb%2Flocal&client_id=awHLXwT72lMk&state=XOP7Z9HupUfSpcnNkaSl7ZCL&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const AUTHZ: &[u8] = b"response_type=code+id_token&client_id=awHLXwT72lMk&redirect_uri=https%3A%2F%2F127.0.0.1%3A8090%2Fauthz_cb%2Flocal&state=XOP7Z9HupUfSpcnNkaSl7ZCL&scope=openid+profile+offline_access&prompt=consent&nonce=TpIRZH9UdvOui0f-G1KC&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&max_age=10&claims=%7B%22id_token%22%3A+%7B%22email%22%3A+null%7D%7D";

fn check_form(body: &[u8], f: impl FnOnce(&Params<'_>) -> Result<(), Rejection<'static>>) {
    let mut scratch = [0u8; 1024];
    no_alloc(std::str::from_utf8(body).unwrap(), || {
        let p = Params::parse_form(body, &mut scratch).unwrap();
        let _ = f(&p);
    });
}

struct Db;
impl ClientRegistry for Db {
    fn is_registered(&self, id: &str) -> bool {
        id == "awHLXwT72lMk"
    }
    fn client_secret(&self, _: &str) -> Option<&[u8]> {
        Some(b"hemligt_hemligt!")
    }
}

#[test]
fn every_path_is_allocation_free() {
    // ---- messages: success and failure paths
    {
        let mut scratch = [0u8; 1024];
        no_alloc("token request", || {
            let p = Params::parse_form(TOKEN_BODY, &mut scratch).unwrap();
            let t = TokenRequest::parse(&p, &[GrantType::AuthorizationCode]).unwrap();
            let TokenRequest::AuthorizationCode(r) = t else {
                panic!()
            };
            r.check_redirect_uri(Some("https://127.0.0.1:8090/authz_cb/local"))
                .unwrap();
            assert!(r.code_verifier().unwrap().is_some());
        });
    }
    {
        let mut scratch = [0u8; 1024];
        no_alloc("oidc authz request", || {
            let p = Params::parse_form(AUTHZ, &mut scratch).unwrap();
            let r = oxidc::oidc::AuthorizationRequest::new(&p).unwrap();
            r.verify(Some("TpIRZH9UdvOui0f-G1KC")).unwrap();
            let (c, m) = r.pkce().unwrap();
            let ch = pkce::check_authorization_request(c, m, true, ChallengeMethod::ALL).unwrap();
            assert!(ch.is_some() && r.claims().is_some() && r.max_age() == Some(10));
        });
    }
    for body in [
        &b"response_type=code&client_id=a&scope=x&scope=y"[..],
        b"response_type=code",
        b"abc",
        b"a=%ZZ",
        b"a=%FF",
        b"response_type=code&client_id=a&resource=https%3A%2F%2Fa",
    ] {
        let mut scratch = [0u8; 1024];
        no_alloc("oauth2 authz", || {
            if let Ok(p) = Params::parse_form(body, &mut scratch) {
                let _ = AuthorizationRequest::new(&p).and_then(|r| r.verify());
            }
        });
    }
    check_form(b"grant_type=refresh_token&refresh_token=x&scope=a", |p| {
        let _ = RefreshAccessTokenRequest::new(p).map(|r| r.verify());
        Ok(())
    });
    check_form(b"grant_type=password", |p| {
        let _ = CCAccessTokenRequest::new(p).map(|r| r.verify());
        let _ = RefreshAccessTokenRequest::new(p).map(|r| r.verify());
        let _ = TokenRequest::parse(p, &[GrantType::ClientCredentials]);
        Ok(())
    });
    check_form(
        b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=a&subject_token_type=b&audience=x",
        |p| {
            let _ = TokenExchangeRequest::new(p).map(|r| r.verify());
            Ok(())
        },
    );
    check_form(b"token=x&token_type_hint=access_token", |p| {
        let _ = TokenIntrospectionRequest::new(p).map(|r| r.verify());
        let _ = TokenRevocationRequest::new(p).map(|r| r.verify());
        Ok(())
    });
    check_form(b"code=x&state=s&iss=https%3A%2F%2Fop", |p| {
        let _ = AuthorizationResponse::new(p).map(|r| r.verify(Some("c"), Some("https://op")));
        let _ = oxidc::oidc::AuthorizationResponse::new(p).map(|r| r.verify(Some("c"), None));
        Ok(())
    });
    for body in [
        &br#"{"access_token": "a", "token_type": "Bearer", "expires_in": "3600", "scope": ["openid", "e\u00e9"]}"#[..],
        br#"{"access_token": "a", "token_type": "Bearer", "id_token": "a.b.c"}"#,
        br#"{"error": "invalid_grant", "error_description": "bad_thing."}"#,
        br#"{"active": true, "aud": ["x"], "exp": 5}"#,
        br#"{"response_type": "code", "client_id": {"a": 1}}"#,
        br#"{"a": 1, "a": 2}"#,
    ] {
        let mut scratch = [0u8; 1024];
        no_alloc("json bodies", || {
            if let Ok(p) = Params::parse_json(body, &mut scratch) {
                let _ = AccessTokenResponse::new(&p).map(|r| r.verify());
                let _ = oxidc::oidc::AccessTokenResponse::new(&p).map(|r| r.verify());
                let _ = TokenErrorResponse::new(&p).map(|r| r.verify());
                let _ = TokenIntrospectionResponse::new(&p).map(|r| r.verify());
                let _ = AuthorizationRequest::new(&p).map(|r| r.verify());
                let _ = p
                    .get("scope")
                    .map(|v| matches!(v, oxidc::oauth::RawValue::StrList(l) if l.len() == 2));
            }
        });
    }

    // ---- serialisation
    let mut out = [0u8; 1024];
    no_alloc("serialise", || {
        TokenResponse {
            token_type: "Bearer",
            scope: &["openid", "email"],
            access_token: Some("at"),
            expires_in: Some(3600),
            refresh_token: Some("rt"),
            id_token: Some("a.b.c"),
            extra: &[("x", Extra::Int(1))],
        }
        .write_json(&mut out)
        .unwrap();
        ErrorResponse::new("invalid_grant", Some("PKCE check failed"))
            .write_json(&mut out)
            .unwrap();
        ErrorResponse::from_error(oxidc::Error::PkceMismatch)
            .write_redirect(&mut out, "https://rp/cb", ResponseMode::Fragment)
            .unwrap();
        let _ = ErrorResponse::new("x\"", None).write_json(&mut out);
        IntrospectionResponse {
            active: true,
            scope: &["openid"],
            aud: &["c"],
            ..Default::default()
        }
        .write_json(&mut out)
        .unwrap();
        write_redirect(
            &mut out,
            "https://rp/cb",
            ResponseMode::Query,
            &[("code", "c"), ("state", "s t")],
        )
        .unwrap();
        let _ = write_redirect(&mut [0u8; 4], "https://rp/cb", ResponseMode::Query, &[]);
    });

    // ---- client authentication and PKCE
    let basic = "Basic YXdITFh3VDcybE1rOmhlbWxpZ3RfaGVtbGlndCUyMQ==";
    {
        let mut s = [0u8; 128];
        no_alloc("basic", || {
            let c = client_authn::parse_basic(basic.as_bytes(), BasicDecoding::Rfc6749, &mut s)
                .unwrap();
            c.secret.verify(b"hemligt_hemligt!").unwrap();
            let _ = client_authn::parse_basic(b"Basic !!", BasicDecoding::Raw, &mut [0u8; 8]);
            let _ = client_authn::parse_bearer(b"Bearer abc.def");
            let _ = client_authn::parse_bearer(b"Bearer a b");
        });
    }
    {
        let mut scratch = [0u8; 1024];
        let mut bs = [0u8; 128];
        no_alloc("dispatcher", || {
            let p = Params::parse_form(TOKEN_BODY, &mut scratch).unwrap();
            let ctx = AuthnContext {
                authorization: Some(basic.as_bytes()),
                basic_decoding: BasicDecoding::Rfc6749,
                now: UnixTime(0),
            };
            let a = client_authn::authenticate(
                client_authn::TOKEN_ENDPOINT_METHODS,
                &p,
                &ctx,
                &Db,
                &mut bs,
            )
            .unwrap();
            assert_eq!(a.method, AuthMethod::ClientSecretBasic);
        });
    }
    no_alloc("pkce", || {
        let stored = Challenge {
            challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            method: ChallengeMethod::S256,
        };
        pkce::verify(Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), &stored).unwrap();
        let _ = pkce::verify(Some("a"), &stored);
        let _ = pkce::verify(None, &stored);
        let _ = pkce::check_authorization_request(Some("abc"), Some("S999"), false, &[]);
        let mut verifier = [0u8; 128];
        pkce::verifier_from_random(&[7; 32], &mut verifier).unwrap();
        let _ = pkce::verifier_from_random(&[7; 31], &mut verifier);
    });

    // ---- JWT-based: assertions and ID tokens
    let secret = b"a-client-secret-of-32-characters";
    let key: SigningKey = SigningKey::hmac(secret, Algorithm::HS256).unwrap();
    let mut tok = [0u8; 1024];
    let n = mint(
        &key,
        &HeaderSpec::default(),
        |w| {
            w.str("iss", "client_1")?;
            w.str("sub", "client_1")?;
            w.str_array("aud", &["https://example.com/token", "client_1"])?;
            w.str("azp", "client_1")?;
            w.str("nonce", "n")?;
            w.str("jti", "j")?;
            w.int("iat", 1000)?;
            w.int("exp", 1300)?;
            w.int("auth_time", 990)
        },
        &mut tok,
    )
    .unwrap();
    let token = std::str::from_utf8(&tok[..n]).unwrap();
    let mut keys: KeySet = KeySet::new();
    keys.push(Jwk::hmac(secret, AlgSet::HMAC).unwrap()).unwrap();
    let mut buf = [0u8; 1024];
    no_alloc("assertion", || {
        let v = client_authn::verify_client_assertion(
            AuthMethod::ClientSecretJwt,
            token,
            Some(JWT_BEARER_ASSERTION_TYPE),
            "client_1",
            &keys,
            &AssertionPolicy {
                audiences: &["https://example.com/token"],
                ..Default::default()
            },
            UnixTime(1000),
            &mut buf,
        )
        .unwrap();
        assert!(v.jti().is_some());
    });
    let mut buf = [0u8; 1024];
    no_alloc("id token", || {
        let expect = IdTokenExpectations {
            issuer: Some("client_1"),
            client_id: Some("client_1"),
            nonce: Some("n"),
            max_age: Some(60),
            ..Default::default()
        };
        id_token::verify_id_token(
            token,
            &keys,
            &expect,
            HashedValues::default(),
            UnixTime(1000),
            &mut buf,
        )
        .unwrap();
        let _ = id_token::check_at_hash(oxidc::Algorithm::RS256, "abc", Some("x"));
    });
}

#[test]
fn the_counter_sees_allocations() {
    let (v, n) = allocations(|| Vec::<u8>::with_capacity(16));
    drop(v);
    assert!(n > 0);
}
