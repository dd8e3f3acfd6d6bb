//! oxidc side by side with the Rust JWT libraries people compare it with, on one
//! idpyoidc-shaped access token (the claims of benches/benches/jwt.rs, ~650 bytes) and fixed
//! keys (benches/peers/keys/).
//!
//! One criterion group per operation (`HS256/verify`, `ES256/mint-parse-key`, ...); inside a
//! group every peer runs back to back in the same process, so a noisy neighbour hits them
//! alike. Operations:
//! - `verify`: signature + `exp` + `iss` + `aud` (+ claims decoded into the library's own
//!   representation), with the key parsed once beforehand;
//! - `verify-parse-key`: the same, parsing the verification key on every call (from a JWK where
//!   the library reads JWKs, else from its own natural format, named in the report);
//! - `mint`: header + the same claims + signature, key parsed once;
//! - `mint-parse-key`: the same, parsing the signing key on every call.
//!
//! `raw-*` rows are the bare primitive on the token's signing input (no base64, no JSON): the
//! floor every library sits on.
//!
//! jsonwebtoken picks its crypto backend once per process (`CryptoProvider::install_default`):
//! `OXIDC_PEERS_JWT_BACKEND=aws_lc_rs` (with the `aws-lc` feature) selects aws-lc-rs, otherwise
//! RustCrypto. benches/run runs the binary once per backend.
//!
//! Time is the CPU time of the measuring thread, not wall time: on a shared machine, wall time
//! also counts the turns other processes take on the cores, which can multiply a number (this
//! machine has 2 cores and often a load average over 10). Cache and frequency effects of the
//! neighbours remain; the report shows the spread.
//!
//! `cargo bench -p oxidc-peer-benches --bench peers` (or `benches/run`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions,
    clippy::large_enum_variant,
    missing_docs
)]

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use hmac::{KeyInit, Mac};
use oxidc::crypto::{Provider, Ring, RustCrypto};
use oxidc::jwt::{AccessTokenClaims, mint_access_token};
use oxidc::{Jwk, KeySet, SigningKey, UnixTime, Validator};
use p256::ecdsa::signature::Verifier;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::hint::black_box;
use std::sync::OnceLock;

const OCT: &str = r#"{"kty":"oct","kid":"hs","k":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50"}"#;
const OCT_K: &str = "zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50";
const EC: &str = r#"{"kty":"EC","kid":"es","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
const EC_PUB: &str = r#"{"kty":"EC","kid":"es","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
const EC_X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
const EC_Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
const EC_D: &str = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";
const RSA: &str = include_str!("../keys/rsa.jwk");
const EC_PRIV_PEM: &str = include_str!("../keys/ec-private.pem");
const EC_PRIV_DER: &[u8] = include_bytes!("../keys/ec-private.der");
const EC_PUB_DER: &[u8] = include_bytes!("../keys/ec-public.der");
const RSA_PRIV_PEM: &str = include_str!("../keys/rsa-private.pem");
const RSA_PRIV_DER: &[u8] = include_bytes!("../keys/rsa-private.der");
const RSA_PUB_DER: &[u8] = include_bytes!("../keys/rsa-public.der");
const RSA_PUB_PKCS1: &[u8] = include_bytes!("../keys/rsa-public-pkcs1.der");

const ISS: &str = "https://op.example.org/";
const CLIENT: &str = "DlFLsp8YJuid";
const AUD: [&str; 2] = [CLIENT, "https://api.example.org"];
const SCOPE: [&str; 4] = ["openid", "profile", "email", "offline_access"];
const JTI: &str = "d939533e6f1ba574a7939649e6024a24";
const SUB: &str = "61f57b3b8d7f1d202485ab3c6f238ad6bd00ba2bf689408520aa4f291a49cada";
const SID: &str = "Z0FBQUFBQnJBX0ZoLXNpZC0wMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXpBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWjAxMjM0NTY3ODlhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ekFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaMDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=";

/// `iat` of every token: the wall clock when the run starts (peers that read the system clock
/// then see a live token, like in production).
fn now() -> i64 {
    static NOW: OnceLock<i64> = OnceLock::new();
    *NOW.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    })
}

fn b64(s: &str) -> Vec<u8> {
    let mut out = vec![0u8; 512];
    let n = oxidc::b64::decode(s.as_bytes(), &mut out).unwrap().len();
    out.truncate(n);
    out
}

fn claims() -> AccessTokenClaims<'static> {
    AccessTokenClaims {
        scope: &SCOPE,
        scope_as_string: false,
        aud: &AUD,
        jti: JTI,
        client_id: CLIENT,
        sub: SUB,
        acr: None,
        extra: &[],
        sid: SID,
        token_class: "access_token",
        iss: ISS,
        iat: now(),
        exp: now() + 3600,
    }
}

/// The claims as the serde-based peers model them (owned strings, as their users write).
#[derive(Serialize, Deserialize, Clone)]
struct PeerClaims {
    scope: Vec<String>,
    aud: Vec<String>,
    jti: String,
    client_id: String,
    sub: String,
    sid: String,
    token_class: String,
    iss: String,
    iat: i64,
    exp: i64,
}

fn peer_claims() -> PeerClaims {
    PeerClaims {
        scope: SCOPE.iter().map(|s| s.to_string()).collect(),
        aud: AUD.iter().map(|s| s.to_string()).collect(),
        jti: JTI.into(),
        client_id: CLIENT.into(),
        sub: SUB.into(),
        sid: SID.into(),
        token_class: "access_token".into(),
        iss: ISS.into(),
        iat: now(),
        exp: now() + 3600,
    }
}

/// The non-registered claims, for jwt-simple (which owns iss/sub/aud/jti/iat/exp itself).
#[derive(Serialize, Deserialize, Clone)]
struct SimpleCustom {
    scope: Vec<String>,
    client_id: String,
    sid: String,
    token_class: String,
}

/// jwt-compact owns exp/iat/nbf; the rest is custom (it validates no iss/aud: done by hand).
#[derive(Serialize, Deserialize, Clone)]
struct CompactCustom {
    scope: Vec<String>,
    aud: Vec<String>,
    jti: String,
    client_id: String,
    sub: String,
    sid: String,
    token_class: String,
    iss: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Alg {
    Hs256,
    Es256,
    Rs256,
}

impl Alg {
    fn name(self) -> &'static str {
        match self {
            Alg::Hs256 => "HS256",
            Alg::Es256 => "ES256",
            Alg::Rs256 => "RS256",
        }
    }
    fn jwk(self) -> &'static str {
        match self {
            Alg::Hs256 => OCT,
            Alg::Es256 => EC,
            Alg::Rs256 => RSA,
        }
    }
    fn public_jwk(self) -> String {
        match self {
            Alg::Hs256 => OCT.into(),
            Alg::Es256 => EC_PUB.into(),
            Alg::Rs256 => {
                let v: serde_json::Value = serde_json::from_str(RSA).unwrap();
                serde_json::json!({"kty": "RSA", "kid": "rs", "n": v["n"], "e": v["e"]}).to_string()
            }
        }
    }
    fn kid(self) -> &'static str {
        match self {
            Alg::Hs256 => "hs",
            Alg::Es256 => "es",
            Alg::Rs256 => "rs",
        }
    }
    fn jsonwebtoken(self) -> jsonwebtoken::Algorithm {
        match self {
            Alg::Hs256 => jsonwebtoken::Algorithm::HS256,
            Alg::Es256 => jsonwebtoken::Algorithm::ES256,
            Alg::Rs256 => jsonwebtoken::Algorithm::RS256,
        }
    }
}

/// The token every verifier checks: minted once by oxidc (RustCrypto for HS/ES, ring for RS).
fn token(alg: Alg) -> String {
    fn mint<P: Provider>(jwk: &str) -> String {
        let key = SigningKey::<P>::from_jwk(jwk.as_bytes()).unwrap();
        let mut out = [0u8; 2048];
        let n = mint_access_token(&key, &claims(), &mut out).unwrap();
        String::from_utf8(out[..n].to_vec()).unwrap()
    }
    match alg {
        Alg::Rs256 => mint::<Ring>(alg.jwk()),
        _ => mint::<RustCrypto>(alg.jwk()),
    }
}

fn split(token: &str) -> (&[u8], Vec<u8>) {
    let d = token.rfind('.').unwrap();
    (&token.as_bytes()[..d], b64(&token[d + 1..]))
}

fn ec_point() -> Vec<u8> {
    let mut p = vec![4u8];
    p.extend(b64(EC_X));
    p.extend(b64(EC_Y));
    p
}

/// CPU time of the calling thread (criterion runs the routine on it).
struct ThreadCpuTime;

static WALL: WallTime = WallTime;

impl Measurement for ThreadCpuTime {
    type Intermediate = cpu_time::ThreadTime;
    type Value = std::time::Duration;

    fn start(&self) -> Self::Intermediate {
        cpu_time::ThreadTime::now()
    }
    fn end(&self, i: Self::Intermediate) -> Self::Value {
        i.elapsed()
    }
    fn add(&self, v1: &Self::Value, v2: &Self::Value) -> Self::Value {
        *v1 + *v2
    }
    fn zero(&self) -> Self::Value {
        std::time::Duration::ZERO
    }
    fn to_f64(&self, value: &Self::Value) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL.formatter()
    }
}

type Group<'a> = BenchmarkGroup<'a, ThreadCpuTime>;

// ---------------------------------------------------------------- oxidc

fn oxidc_verify<P: Provider>(g: &mut Group<'_>, alg: Alg, tok: &str, parse_key: bool) {
    if alg == Alg::Rs256 && !P::HAS_RSA {
        return;
    }
    let validator = Validator::new().issuer(ISS).audience(CLIENT);
    let at = UnixTime(now() + 60);
    let mut buf = [0u8; 2048];
    let id = format!("oxidc-{}", P::NAME);
    let jwk = alg.public_jwk();
    if parse_key {
        g.bench_function(id, |b| {
            b.iter(|| {
                let key = Jwk::<P>::from_json(black_box(jwk.as_bytes())).unwrap();
                let t = validator
                    .verify_with_key(black_box(tok), &key, at, &mut buf)
                    .unwrap();
                black_box(t.claims().exp());
            })
        });
    } else {
        let mut keys = KeySet::<P, 4>::new();
        keys.push(Jwk::from_json(jwk.as_bytes()).unwrap()).unwrap();
        g.bench_function(id, |b| {
            b.iter(|| {
                let t = validator
                    .verify(black_box(tok), &keys, at, &mut buf)
                    .unwrap();
                black_box(t.claims().exp());
            })
        });
    }
}

fn oxidc_mint<P: Provider>(g: &mut Group<'_>, alg: Alg, parse_key: bool) {
    if alg == Alg::Rs256 && !P::HAS_RSA {
        return;
    }
    let id = format!("oxidc-{}", P::NAME);
    let mut out = [0u8; 2048];
    let c = claims();
    if parse_key {
        g.bench_function(id, |b| {
            b.iter(|| {
                let key = SigningKey::<P>::from_jwk(black_box(alg.jwk().as_bytes())).unwrap();
                black_box(mint_access_token(&key, black_box(&c), &mut out).unwrap())
            })
        });
    } else {
        let key = SigningKey::<P>::from_jwk(alg.jwk().as_bytes()).unwrap();
        g.bench_function(id, |b| {
            b.iter(|| black_box(mint_access_token(&key, black_box(&c), &mut out).unwrap()))
        });
    }
}

// ---------------------------------------------------------------- jsonwebtoken

fn jwt_backend() -> &'static str {
    static B: OnceLock<&'static str> = OnceLock::new();
    B.get_or_init(|| {
        let want = std::env::var("OXIDC_PEERS_JWT_BACKEND").unwrap_or_default();
        #[cfg(feature = "aws-lc")]
        if want == "aws_lc_rs" {
            jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER
                .install_default()
                .unwrap();
            return "aws_lc_rs";
        }
        assert!(
            want.is_empty() || want == "rust_crypto",
            "OXIDC_PEERS_JWT_BACKEND={want} needs the aws-lc feature"
        );
        jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER
            .install_default()
            .unwrap();
        "rust_crypto"
    })
}

fn jsonwebtoken_validation(alg: Alg) -> jsonwebtoken::Validation {
    let mut v = jsonwebtoken::Validation::new(alg.jsonwebtoken());
    v.set_issuer(&[ISS]);
    v.set_audience(&[CLIENT]);
    v
}

fn jsonwebtoken_decoding_key(alg: Alg) -> jsonwebtoken::DecodingKey {
    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_str(&alg.public_jwk()).unwrap();
    jsonwebtoken::DecodingKey::from_jwk(&jwk).unwrap()
}

fn jsonwebtoken_encoding_key(alg: Alg) -> jsonwebtoken::EncodingKey {
    match alg {
        Alg::Hs256 => jsonwebtoken::EncodingKey::from_secret(&b64(OCT_K)),
        Alg::Es256 => jsonwebtoken::EncodingKey::from_ec_pem(EC_PRIV_PEM.as_bytes()).unwrap(),
        Alg::Rs256 => jsonwebtoken::EncodingKey::from_rsa_pem(RSA_PRIV_PEM.as_bytes()).unwrap(),
    }
}

fn jsonwebtoken_verify(g: &mut Group<'_>, alg: Alg, tok: &str, parse_key: bool) {
    let id = format!("jsonwebtoken-{}", jwt_backend());
    let v = jsonwebtoken_validation(alg);
    if parse_key {
        // From the JWK, as a relying party holding a JWKS does.
        let jwk = alg.public_jwk();
        g.bench_function(id, |b| {
            b.iter(|| {
                let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_str(black_box(&jwk)).unwrap();
                let key = jsonwebtoken::DecodingKey::from_jwk(&jwk).unwrap();
                let t = jsonwebtoken::decode::<PeerClaims>(black_box(tok), &key, &v).unwrap();
                black_box(t.claims.exp);
            })
        });
    } else {
        let key = jsonwebtoken_decoding_key(alg);
        g.bench_function(id, |b| {
            b.iter(|| {
                let t = jsonwebtoken::decode::<PeerClaims>(black_box(tok), &key, &v).unwrap();
                black_box(t.claims.exp);
            })
        });
    }
}

fn jsonwebtoken_mint(g: &mut Group<'_>, alg: Alg, parse_key: bool) {
    let id = format!("jsonwebtoken-{}", jwt_backend());
    let mut h = jsonwebtoken::Header::new(alg.jsonwebtoken());
    h.typ = None;
    h.kid = Some(alg.kid().into());
    let c = peer_claims();
    if parse_key {
        g.bench_function(id, |b| {
            b.iter(|| {
                let key = jsonwebtoken_encoding_key(black_box(alg));
                black_box(jsonwebtoken::encode(&h, black_box(&c), &key).unwrap())
            })
        });
    } else {
        let key = jsonwebtoken_encoding_key(alg);
        g.bench_function(id, |b| {
            b.iter(|| black_box(jsonwebtoken::encode(&h, black_box(&c), &key).unwrap()))
        });
    }
}

// ---------------------------------------------------------------- jwt-simple (pure-rust)

mod simple {
    use super::*;
    use jwt_simple::prelude::*;

    pub fn options() -> VerificationOptions {
        VerificationOptions {
            allowed_issuers: Some(HashSet::from([ISS.to_string()])),
            allowed_audiences: Some(HashSet::from([CLIENT.to_string()])),
            ..Default::default()
        }
    }

    fn claims() -> JWTClaims<SimpleCustom> {
        let c = SimpleCustom {
            scope: SCOPE.iter().map(|s| s.to_string()).collect(),
            client_id: CLIENT.into(),
            sid: SID.into(),
            token_class: "access_token".into(),
        };
        Claims::with_custom_claims(c, Duration::from_hours(1))
            .with_issuer(ISS)
            .with_subject(SUB)
            .with_audiences(AUD.iter().map(|s| s.to_string()).collect::<HashSet<_>>())
            .with_jwt_id(JTI)
    }

    enum VKey {
        Hs(HS256Key),
        Es(ES256PublicKey),
        Rs(RS256PublicKey),
    }

    impl VKey {
        // The library's natural formats: raw secret bytes, DER public keys.
        fn parse(alg: Alg, secret: &[u8]) -> VKey {
            match alg {
                Alg::Hs256 => VKey::Hs(HS256Key::from_bytes(secret).with_key_id("hs")),
                Alg::Es256 => VKey::Es(ES256PublicKey::from_der(EC_PUB_DER).unwrap()),
                Alg::Rs256 => VKey::Rs(RS256PublicKey::from_der(RSA_PUB_DER).unwrap()),
            }
        }
        fn verify(&self, tok: &str) -> JWTClaims<SimpleCustom> {
            let o = Some(options());
            match self {
                VKey::Hs(k) => k.verify_token(tok, o),
                VKey::Es(k) => k.verify_token(tok, o),
                VKey::Rs(k) => k.verify_token(tok, o),
            }
            .unwrap()
        }
    }

    enum SKey {
        Hs(HS256Key),
        Es(ES256KeyPair),
        Rs(RS256KeyPair),
    }

    impl SKey {
        fn parse(alg: Alg, secret: &[u8]) -> SKey {
            match alg {
                Alg::Hs256 => SKey::Hs(HS256Key::from_bytes(secret).with_key_id("hs")),
                Alg::Es256 => SKey::Es(
                    ES256KeyPair::from_der(EC_PRIV_DER)
                        .unwrap()
                        .with_key_id("es"),
                ),
                Alg::Rs256 => SKey::Rs(
                    RS256KeyPair::from_der(RSA_PRIV_DER)
                        .unwrap()
                        .with_key_id("rs"),
                ),
            }
        }
        fn sign(&self, c: JWTClaims<SimpleCustom>) -> String {
            match self {
                SKey::Hs(k) => k.authenticate(c),
                SKey::Es(k) => k.sign(c),
                SKey::Rs(k) => k.sign(c),
            }
            .unwrap()
        }
    }

    pub fn verify(g: &mut Group<'_>, alg: Alg, tok: &str, parse_key: bool) {
        let secret = b64(OCT_K);
        if parse_key {
            g.bench_function("jwt-simple", |b| {
                b.iter(|| black_box(VKey::parse(black_box(alg), &secret).verify(tok).expires_at))
            });
        } else {
            let key = VKey::parse(alg, &secret);
            g.bench_function("jwt-simple", |b| {
                b.iter(|| black_box(key.verify(black_box(tok)).expires_at))
            });
        }
    }

    pub fn mint(g: &mut Group<'_>, alg: Alg, parse_key: bool) {
        let secret = b64(OCT_K);
        // jwt-simple takes the claims by value and stamps iat/exp itself: building them is
        // part of every call.
        if parse_key {
            g.bench_function("jwt-simple", |b| {
                b.iter(|| black_box(SKey::parse(black_box(alg), &secret).sign(claims())))
            });
        } else {
            let key = SKey::parse(alg, &secret);
            g.bench_function("jwt-simple", |b| {
                b.iter(|| black_box(key.sign(black_box(claims()))))
            });
        }
    }

    pub fn check(alg: Alg, tok: &str) {
        let secret = b64(OCT_K);
        let c = VKey::parse(alg, &secret).verify(tok);
        assert_eq!(c.custom.client_id, CLIENT);
        let minted = SKey::parse(alg, &secret).sign(claims());
        VKey::parse(alg, &secret).verify(&minted);
    }
}

// ---------------------------------------------------------------- jwt-compact

mod compact {
    use super::*;
    use jwt_compact::Algorithm;
    use jwt_compact::alg::{Es256, Hs256, Hs256Key, Rsa, RsaPrivateKey, RsaPublicKey};
    use jwt_compact::jwk::JsonWebKey;
    use jwt_compact::prelude::*;

    type Es256Verifying = <Es256 as Algorithm>::VerifyingKey;
    type Es256Signing = <Es256 as Algorithm>::SigningKey;

    fn time_options() -> TimeOptions<impl Fn() -> chrono::DateTime<chrono::Utc>> {
        TimeOptions::new(chrono::Duration::seconds(60), || {
            chrono::DateTime::from_timestamp(now() + 60, 0).unwrap()
        })
    }

    fn check_claims(c: &Claims<CompactCustom>) -> i64 {
        c.validate_expiration(&time_options()).unwrap();
        assert!(c.custom.iss == ISS && c.custom.aud.iter().any(|a| a == CLIENT));
        c.expiration.unwrap().timestamp()
    }

    fn claims() -> Claims<CompactCustom> {
        let p = peer_claims();
        let mut c = Claims::new(CompactCustom {
            scope: p.scope,
            aud: p.aud,
            jti: p.jti,
            client_id: p.client_id,
            sub: p.sub,
            sid: p.sid,
            token_class: p.token_class,
            iss: p.iss,
        });
        c.issued_at = chrono::DateTime::from_timestamp(now(), 0);
        c.expiration = chrono::DateTime::from_timestamp(now() + 3600, 0);
        c
    }

    enum VKey {
        Hs(Hs256Key),
        Es(Es256Verifying),
        Rs(RsaPublicKey),
    }

    impl VKey {
        fn parse(alg: Alg, jwk: &str) -> VKey {
            let jwk: JsonWebKey<'_> = serde_json::from_str(jwk).unwrap();
            match alg {
                Alg::Hs256 => VKey::Hs(Hs256Key::try_from(&jwk).unwrap()),
                Alg::Es256 => VKey::Es(Es256Verifying::try_from(&jwk).unwrap()),
                Alg::Rs256 => VKey::Rs(RsaPublicKey::try_from(&jwk).unwrap()),
            }
        }
        fn verify(&self, tok: &str) -> i64 {
            let u = UntrustedToken::new(tok).unwrap();
            let t: Token<CompactCustom> = match self {
                VKey::Hs(k) => Hs256.validator(k).validate(&u),
                VKey::Es(k) => Es256.validator(k).validate(&u),
                VKey::Rs(k) => Rsa::rs256().validator(k).validate(&u),
            }
            .unwrap();
            check_claims(t.claims())
        }
    }

    enum SKey {
        Hs(Hs256Key),
        Es(Es256Signing),
        Rs(RsaPrivateKey),
    }

    impl SKey {
        fn parse(alg: Alg) -> SKey {
            let jwk: JsonWebKey<'_> = serde_json::from_str(alg.jwk()).unwrap();
            match alg {
                Alg::Hs256 => SKey::Hs(Hs256Key::try_from(&jwk).unwrap()),
                Alg::Es256 => SKey::Es(Es256Signing::try_from(&jwk).unwrap()),
                Alg::Rs256 => SKey::Rs(RsaPrivateKey::try_from(&jwk).unwrap()),
            }
        }
        fn sign(&self, h: &Header, c: &Claims<CompactCustom>) -> String {
            match self {
                SKey::Hs(k) => Hs256.token(h, c, k),
                SKey::Es(k) => Es256.token(h, c, k),
                SKey::Rs(k) => Rsa::rs256().token(h, c, k),
            }
            .unwrap()
        }
    }

    pub fn verify(g: &mut Group<'_>, alg: Alg, tok: &str, parse_key: bool) {
        let jwk = alg.public_jwk();
        if parse_key {
            g.bench_function("jwt-compact", |b| {
                b.iter(|| black_box(VKey::parse(alg, black_box(&jwk)).verify(tok)))
            });
        } else {
            let key = VKey::parse(alg, &jwk);
            g.bench_function("jwt-compact", |b| {
                b.iter(|| black_box(key.verify(black_box(tok))))
            });
        }
    }

    pub fn mint(g: &mut Group<'_>, alg: Alg, parse_key: bool) {
        let h = Header::empty().with_key_id(alg.kid());
        let c = claims();
        if parse_key {
            g.bench_function("jwt-compact", |b| {
                b.iter(|| black_box(SKey::parse(black_box(alg)).sign(&h, black_box(&c))))
            });
        } else {
            let key = SKey::parse(alg);
            g.bench_function("jwt-compact", |b| {
                b.iter(|| black_box(key.sign(&h, black_box(&c))))
            });
        }
    }

    pub fn check(alg: Alg, tok: &str) {
        VKey::parse(alg, &alg.public_jwk()).verify(tok);
        let minted = SKey::parse(alg).sign(&Header::empty().with_key_id(alg.kid()), &claims());
        VKey::parse(alg, &alg.public_jwk()).verify(&minted);
    }
}

// ---------------------------------------------------------------- raw primitives

fn raw_verify(g: &mut Group<'_>, alg: Alg, tok: &str, parse_key: bool) {
    let (input, sig) = split(tok);
    let input = input.to_vec();
    match alg {
        Alg::Hs256 => {
            let k = b64(OCT_K);
            if parse_key {
                g.bench_function("raw-hmac-sha2", |b| {
                    b.iter(|| {
                        let mut m =
                            hmac::Hmac::<sha2::Sha256>::new_from_slice(black_box(&k)).unwrap();
                        m.update(black_box(&input));
                        m.verify_slice(&sig).unwrap();
                    })
                });
                g.bench_function("raw-ring", |b| {
                    b.iter(|| {
                        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, black_box(&k));
                        ring::hmac::verify(&key, black_box(&input), &sig).unwrap();
                    })
                });
            } else {
                let keyed = hmac::Hmac::<sha2::Sha256>::new_from_slice(&k).unwrap();
                g.bench_function("raw-hmac-sha2", |b| {
                    b.iter(|| {
                        let mut m = keyed.clone();
                        m.update(black_box(&input));
                        m.verify_slice(&sig).unwrap();
                    })
                });
                let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &k);
                g.bench_function("raw-ring", |b| {
                    b.iter(|| ring::hmac::verify(&key, black_box(&input), &sig).unwrap())
                });
            }
        }
        Alg::Es256 => {
            let point = ec_point();
            // ring has no parsed ECDSA public key type: every verify parses the point.
            g.bench_function("raw-ring", |b| {
                b.iter(|| {
                    ring::signature::UnparsedPublicKey::new(
                        &ring::signature::ECDSA_P256_SHA256_FIXED,
                        black_box(&point),
                    )
                    .verify(black_box(&input), &sig)
                    .unwrap()
                })
            });
            let s = p256::ecdsa::Signature::from_slice(&sig).unwrap();
            if parse_key {
                g.bench_function("raw-p256", |b| {
                    b.iter(|| {
                        let vk =
                            p256::ecdsa::VerifyingKey::from_sec1_bytes(black_box(&point)).unwrap();
                        vk.verify(black_box(&input), &s).unwrap()
                    })
                });
            } else {
                let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).unwrap();
                g.bench_function("raw-p256", |b| {
                    b.iter(|| vk.verify(black_box(&input), &s).unwrap())
                });
            }
        }
        Alg::Rs256 => {
            g.bench_function("raw-ring", |b| {
                b.iter(|| {
                    ring::signature::UnparsedPublicKey::new(
                        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                        black_box(RSA_PUB_PKCS1),
                    )
                    .verify(black_box(&input), &sig)
                    .unwrap()
                })
            });
        }
    }
}

fn raw_sign(g: &mut Group<'_>, alg: Alg, tok: &str, parse_key: bool) {
    let (input, _) = split(tok);
    let input = input.to_vec();
    let rng = ring::rand::SystemRandom::new();
    match alg {
        Alg::Hs256 => {
            let k = b64(OCT_K);
            if parse_key {
                g.bench_function("raw-ring", |b| {
                    b.iter(|| {
                        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, black_box(&k));
                        black_box(ring::hmac::sign(&key, black_box(&input)))
                    })
                });
            } else {
                let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &k);
                g.bench_function("raw-ring", |b| {
                    b.iter(|| black_box(ring::hmac::sign(&key, black_box(&input))))
                });
            }
        }
        Alg::Es256 => {
            let parse = || {
                ring::signature::EcdsaKeyPair::from_pkcs8(
                    &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                    EC_PRIV_DER,
                    &rng,
                )
                .unwrap()
            };
            if parse_key {
                g.bench_function("raw-ring", |b| {
                    b.iter(|| black_box(parse().sign(&rng, black_box(&input)).unwrap()))
                });
            } else {
                let kp = parse();
                g.bench_function("raw-ring", |b| {
                    b.iter(|| black_box(kp.sign(&rng, black_box(&input)).unwrap()))
                });
            }
            let d = b64(EC_D);
            let sk = p256::ecdsa::SigningKey::from_slice(&d).unwrap();
            if !parse_key {
                g.bench_function("raw-p256", |b| {
                    b.iter(|| {
                        let s: p256::ecdsa::Signature =
                            p256::ecdsa::signature::Signer::sign(&sk, black_box(&input));
                        black_box(s)
                    })
                });
            }
        }
        Alg::Rs256 => {
            let parse = || ring::signature::RsaKeyPair::from_pkcs8(RSA_PRIV_DER).unwrap();
            let sign = |kp: &ring::signature::RsaKeyPair| {
                let mut sig = vec![0u8; kp.public().modulus_len()];
                kp.sign(&ring::signature::RSA_PKCS1_SHA256, &rng, &input, &mut sig)
                    .unwrap();
                sig
            };
            if parse_key {
                g.bench_function("raw-ring", |b| b.iter(|| black_box(sign(&parse()))));
            } else {
                let kp = parse();
                g.bench_function("raw-ring", |b| b.iter(|| black_box(sign(&kp))));
            }
        }
    }
}

// ---------------------------------------------------------------- the run

/// Every peer verifies the shared token and a token it minted itself before anything is timed.
fn sanity(alg: Alg, tok: &str) {
    let v = jsonwebtoken_validation(alg);
    jsonwebtoken::decode::<PeerClaims>(tok, &jsonwebtoken_decoding_key(alg), &v).unwrap();
    let mut h = jsonwebtoken::Header::new(alg.jsonwebtoken());
    h.kid = Some(alg.kid().into());
    let t = jsonwebtoken::encode(&h, &peer_claims(), &jsonwebtoken_encoding_key(alg)).unwrap();
    jsonwebtoken::decode::<PeerClaims>(&t, &jsonwebtoken_decoding_key(alg), &v).unwrap();
    simple::check(alg, tok);
    compact::check(alg, tok);
}

/// Only jsonwebtoken depends on the backend: the aws-lc run measures it next to oxidc alone.
fn only_jsonwebtoken() -> bool {
    jwt_backend() != "rust_crypto"
}

fn all(c: &mut Criterion<ThreadCpuTime>) {
    let backend = jwt_backend();
    eprintln!("jsonwebtoken backend: {backend}; iat = {}", now());
    for alg in [Alg::Hs256, Alg::Es256, Alg::Rs256] {
        let tok = token(alg);
        sanity(alg, &tok);
        for parse_key in [false, true] {
            let suffix = if parse_key { "-parse-key" } else { "" };
            let mut g = c.benchmark_group(format!("{}/verify{suffix}", alg.name()));
            oxidc_verify::<RustCrypto>(&mut g, alg, &tok, parse_key);
            oxidc_verify::<Ring>(&mut g, alg, &tok, parse_key);
            jsonwebtoken_verify(&mut g, alg, &tok, parse_key);
            if !only_jsonwebtoken() {
                simple::verify(&mut g, alg, &tok, parse_key);
                compact::verify(&mut g, alg, &tok, parse_key);
                raw_verify(&mut g, alg, &tok, parse_key);
            }
            g.finish();
        }
        for parse_key in [false, true] {
            let suffix = if parse_key { "-parse-key" } else { "" };
            let mut g = c.benchmark_group(format!("{}/mint{suffix}", alg.name()));
            oxidc_mint::<RustCrypto>(&mut g, alg, parse_key);
            oxidc_mint::<Ring>(&mut g, alg, parse_key);
            jsonwebtoken_mint(&mut g, alg, parse_key);
            if !only_jsonwebtoken() {
                simple::mint(&mut g, alg, parse_key);
                compact::mint(&mut g, alg, parse_key);
                raw_sign(&mut g, alg, &tok, parse_key);
            }
            g.finish();
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = all
}
criterion_main!(benches);
