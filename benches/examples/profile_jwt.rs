//! A fixed workload for CPU-time and instruction-count measurement (`valgrind --tool=callgrind`,
//! `perf`, or `/usr/bin/time -f %U`): runs one operation N times on an idpyoidc-shaped access
//! token. Modes: `raw` (HMAC-SHA256 of the signing input, keyed per call as a caller with only
//! the secret would), `raw-prekeyed` (the same from a keyed state prepared once, as oxidc's
//! keys hold it), `verify`, `mint` (HS256, RustCrypto), `es-raw-ring`, `es-verify-ring`, `es-sign-raw-ring`, `es-mint-ring`,
//! `es-raw-p256`, `es-verify-p256`, `es-sign-raw-p256`, `es-mint-p256`.
//!
//! `cargo build --release -p oxidc-benches --example profile_jwt &&
//!  valgrind --tool=callgrind target/release/examples/profile_jwt verify 1000`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use hmac::{KeyInit, Mac};
use oxidc::crypto::{Provider, Ring, RustCrypto};
use oxidc::jwt::{AccessTokenClaims, mint_access_token};
use oxidc::{Jwk, KeySet, SigningKey, UnixTime, Validator};
use p256::ecdsa::signature::{Signer, Verifier};
use std::hint::black_box;

const EC: &str = r#"{"kty":"EC","kid":"es","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
const OCT: &str = r#"{"kty":"oct","kid":"hs","k":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50"}"#;
const SID: &str = "Z0FBQUFBQnJBX0ZoLXNpZC0wMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXpBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWjAxMjM0NTY3ODlhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ekFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaMDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=";

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "verify".into());
    let n: usize = args.next().map_or(1000, |s| s.parse().unwrap());
    if let Some(es) = mode.strip_prefix("es-") {
        return es256(es, n);
    }
    let key = SigningKey::<oxidc::crypto::RustCrypto>::from_jwk(OCT.as_bytes()).unwrap();
    let claims = AccessTokenClaims {
        scope: &["openid", "profile", "email", "offline_access"],
        scope_as_string: false,
        aud: &["DlFLsp8YJuid", "https://api.example.org"],
        jti: "d939533e6f1ba574a7939649e6024a24",
        client_id: "DlFLsp8YJuid",
        sub: "61f57b3b8d7f1d202485ab3c6f238ad6bd00ba2bf689408520aa4f291a49cada",
        acr: None,
        extra: &[],
        sid: SID,
        token_class: "access_token",
        iss: "https://op.example.org/",
        iat: 1_795_420_786,
        exp: 1_795_424_386,
    };
    let mut out = [0u8; 2048];
    let len = mint_access_token(&key, &claims, &mut out).unwrap();
    let token = std::str::from_utf8(&out[..len]).unwrap().to_owned();
    let mut keys = KeySet::<oxidc::crypto::RustCrypto, 4>::new();
    keys.push(Jwk::from_json(OCT.as_bytes()).unwrap()).unwrap();
    let v = Validator::new()
        .issuer("https://op.example.org/")
        .audience("DlFLsp8YJuid");
    let d = token.rfind('.').unwrap();
    let mut tag = [0u8; 64];
    let tag_len = oxidc::b64::decode(&token.as_bytes()[d + 1..], &mut tag)
        .unwrap()
        .len();
    let mut raw_key = [0u8; 32];
    oxidc::b64::decode(b"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50", &mut raw_key).unwrap();
    let prekeyed = hmac::Hmac::<sha2::Sha256>::new_from_slice(&raw_key).unwrap();
    let mut buf = [0u8; 2048];
    for _ in 0..n {
        match mode.as_str() {
            "raw-prekeyed" => {
                let mut m = black_box(&prekeyed).clone();
                m.update(black_box(&token.as_bytes()[..d]));
                m.verify_slice(&tag[..tag_len]).unwrap();
            }
            "verify" => {
                let t = v
                    .verify(black_box(&token), &keys, UnixTime(1_795_420_800), &mut buf)
                    .unwrap();
                black_box(t.claims().exp());
            }
            "mint" => {
                black_box(mint_access_token(&key, black_box(&claims), &mut out).unwrap());
            }
            "raw" => {
                let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(&raw_key).unwrap();
                m.update(black_box(&token.as_bytes()[..d]));
                m.verify_slice(&tag[..tag_len]).unwrap();
            }
            other => panic!("unknown mode {other}"),
        }
    }
    println!("{mode} x{n}: token {} bytes", token.len());
}

fn es_token<P: Provider>(claims: &AccessTokenClaims<'_>) -> String {
    let key = SigningKey::<P>::from_jwk(EC.as_bytes()).unwrap();
    let mut out = [0u8; 2048];
    let len = mint_access_token(&key, claims, &mut out).unwrap();
    std::str::from_utf8(&out[..len]).unwrap().to_owned()
}

fn es256(mode: &str, n: usize) {
    let claims = AccessTokenClaims {
        scope: &["openid", "profile", "email", "offline_access"],
        scope_as_string: false,
        aud: &["DlFLsp8YJuid", "https://api.example.org"],
        jti: "d939533e6f1ba574a7939649e6024a24",
        client_id: "DlFLsp8YJuid",
        sub: "61f57b3b8d7f1d202485ab3c6f238ad6bd00ba2bf689408520aa4f291a49cada",
        acr: None,
        extra: &[],
        sid: SID,
        token_class: "access_token",
        iss: "https://op.example.org/",
        iat: 1_795_420_786,
        exp: 1_795_424_386,
    };
    let token = es_token::<RustCrypto>(&claims);
    let d = token.rfind('.').unwrap();
    let input = &token.as_bytes()[..d];
    let mut sig = [0u8; 64];
    oxidc::b64::decode(&token.as_bytes()[d + 1..], &mut sig).unwrap();
    let mut point = vec![4u8];
    for c in [
        "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
    ] {
        let mut b = [0u8; 32];
        point.extend_from_slice(oxidc::b64::decode(c.as_bytes(), &mut b).unwrap());
    }
    let mut dk = [0u8; 32];
    oxidc::b64::decode(b"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI", &mut dk).unwrap();
    let v = Validator::new()
        .issuer("https://op.example.org/")
        .audience("DlFLsp8YJuid");
    let now = UnixTime(1_795_420_800);
    let mut buf = [0u8; 2048];
    let mut out = [0u8; 2048];
    let rng = ring::rand::SystemRandom::new();
    let kp = ring::signature::EcdsaKeyPair::from_private_key_and_public_key(
        &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &dk,
        &point,
        &rng,
    )
    .unwrap();
    let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).unwrap();
    let sk = p256::ecdsa::SigningKey::from_slice(&dk).unwrap();
    let s = p256::ecdsa::Signature::from_slice(&sig).unwrap();
    let mut ring_keys = KeySet::<Ring, 4>::new();
    ring_keys
        .push(Jwk::from_json(EC.as_bytes()).unwrap())
        .unwrap();
    let mut rc_keys = KeySet::<RustCrypto, 4>::new();
    rc_keys
        .push(Jwk::from_json(EC.as_bytes()).unwrap())
        .unwrap();
    let ring_key = SigningKey::<Ring>::from_jwk(EC.as_bytes()).unwrap();
    let rc_key = SigningKey::<RustCrypto>::from_jwk(EC.as_bytes()).unwrap();
    for _ in 0..n {
        match mode {
            "raw-ring" => ring::signature::UnparsedPublicKey::new(
                &ring::signature::ECDSA_P256_SHA256_FIXED,
                &point,
            )
            .verify(black_box(input), &sig)
            .unwrap(),
            "verify-ring" => {
                black_box(
                    v.verify(black_box(&token), &ring_keys, now, &mut buf)
                        .unwrap(),
                );
            }
            "sign-raw-ring" => {
                black_box(kp.sign(&rng, black_box(input)).unwrap());
            }
            "mint-ring" => {
                black_box(mint_access_token(&ring_key, black_box(&claims), &mut out).unwrap());
            }
            "raw-p256" => vk.verify(black_box(input), &s).unwrap(),
            "verify-p256" => {
                black_box(
                    v.verify(black_box(&token), &rc_keys, now, &mut buf)
                        .unwrap(),
                );
            }
            "sign-raw-p256" => {
                let s: p256::ecdsa::Signature = sk.sign(black_box(input));
                black_box(s);
            }
            "mint-p256" => {
                black_box(mint_access_token(&rc_key, black_box(&claims), &mut out).unwrap());
            }
            other => panic!("unknown mode es-{other}"),
        }
    }
    println!("es-{mode} x{n}: token {} bytes", token.len());
}
