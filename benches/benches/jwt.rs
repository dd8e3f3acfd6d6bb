//! JWT hot paths, each measured in the same run as the raw primitive it wraps, on an
//! idpyoidc-shaped access token (~650-byte claims).
//!
//! `cargo bench -p oxidc --features ring --bench jwt`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{KeyInit, Mac};
use oxidc::crypto::{Provider, Ring, RustCrypto};
use oxidc::jwt::{AccessTokenClaims, mint_access_token};
use oxidc::{Jwk, KeySet, SigningKey, UnixTime, Validator};
use p256::ecdsa::signature::{Signer, Verifier};
use std::hint::black_box;

const OCT: &str = r#"{"kty":"oct","kid":"hs","k":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50"}"#;
const EC: &str = r#"{"kty":"EC","kid":"es","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
const NOW: i64 = 1_795_420_786;
const ISS: &str = "https://op.example.org/";
const SID: &str = "Z0FBQUFBQnJBX0ZoLXNpZC0wMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXpBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWjAxMjM0NTY3ODlhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ekFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaMDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=";

fn claims() -> AccessTokenClaims<'static> {
    AccessTokenClaims {
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
        iss: ISS,
        iat: NOW,
        exp: NOW + 3600,
    }
}

fn token<P: Provider>(jwk: &str) -> String {
    let key = SigningKey::<P>::from_jwk(jwk.as_bytes()).unwrap();
    let mut out = [0u8; 2048];
    let n = mint_access_token(&key, &claims(), &mut out).unwrap();
    String::from_utf8(out[..n].to_vec()).unwrap()
}

fn split(token: &str) -> (&[u8], Vec<u8>) {
    let d = token.rfind('.').unwrap();
    let mut sig = vec![0u8; 512];
    let n = oxidc::b64::decode(&token.as_bytes()[d + 1..], &mut sig)
        .unwrap()
        .len();
    sig.truncate(n);
    (&token.as_bytes()[..d], sig)
}

fn bench_provider<P: Provider>(c: &mut Criterion) {
    let p = P::NAME;
    let validator = Validator::new().issuer(ISS).audience("DlFLsp8YJuid");
    for (alg, jwk) in [("HS256", OCT), ("ES256", EC)] {
        let mut keys = KeySet::<P, 4>::new();
        keys.push(Jwk::from_json(jwk.as_bytes()).unwrap()).unwrap();
        let signing = SigningKey::<P>::from_jwk(jwk.as_bytes()).unwrap();
        let tok = token::<P>(jwk);
        let mut buf = [0u8; 2048];
        c.bench_function(&format!("{alg}/verify+validate/oxidc-{p}"), |b| {
            b.iter(|| {
                let t = validator
                    .verify(black_box(&tok), &keys, UnixTime(NOW + 60), &mut buf)
                    .unwrap();
                black_box(t.claims().exp());
            })
        });
        let mut out = [0u8; 2048];
        c.bench_function(&format!("{alg}/mint/oxidc-{p}"), |b| {
            b.iter(|| {
                black_box(mint_access_token(&signing, black_box(&claims()), &mut out).unwrap())
            })
        });
    }
}

fn raw_primitives(c: &mut Criterion) {
    let hs = token::<RustCrypto>(OCT);
    let (input, tag) = split(&hs);
    let mut k = [0u8; 32];
    let k = oxidc::b64::decode(b"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50", &mut k)
        .unwrap()
        .to_vec();
    c.bench_function("HS256/raw-hmac-sha2", |b| {
        b.iter(|| {
            let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(&k).unwrap();
            m.update(black_box(input));
            m.verify_slice(&tag).unwrap();
        })
    });
    // The same from a keyed state prepared once (oxidc's keys hold one): the fair baseline
    // for a verify that no longer re-keys.
    let prekeyed = hmac::Hmac::<sha2::Sha256>::new_from_slice(&k).unwrap();
    c.bench_function("HS256/raw-hmac-sha2-prekeyed", |b| {
        b.iter(|| {
            let mut m = black_box(&prekeyed).clone();
            m.update(black_box(input));
            m.verify_slice(&tag).unwrap();
        })
    });
    c.bench_function("HS256/raw-ring-hmac", |b| {
        b.iter(|| {
            let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &k);
            ring::hmac::verify(&key, black_box(input), &tag).unwrap();
        })
    });

    let es = token::<RustCrypto>(EC);
    let (input, sig) = split(&es);
    let mut point = vec![4u8];
    for c in [
        "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
    ] {
        let mut b = [0u8; 32];
        point.extend_from_slice(oxidc::b64::decode(c.as_bytes(), &mut b).unwrap());
    }
    let mut d = [0u8; 32];
    let d = oxidc::b64::decode(b"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI", &mut d)
        .unwrap()
        .to_vec();
    c.bench_function("ES256/raw-ring-verify", |b| {
        b.iter(|| {
            ring::signature::UnparsedPublicKey::new(
                &ring::signature::ECDSA_P256_SHA256_FIXED,
                &point,
            )
            .verify(black_box(input), &sig)
            .unwrap()
        })
    });
    let rng = ring::rand::SystemRandom::new();
    let kp = ring::signature::EcdsaKeyPair::from_private_key_and_public_key(
        &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &d,
        &point,
        &rng,
    )
    .unwrap();
    c.bench_function("ES256/raw-ring-sign", |b| {
        b.iter(|| black_box(kp.sign(&rng, black_box(input)).unwrap()))
    });
    let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).unwrap();
    let s = p256::ecdsa::Signature::from_slice(&sig).unwrap();
    c.bench_function("ES256/raw-p256-verify", |b| {
        b.iter(|| vk.verify(black_box(input), &s).unwrap())
    });
    let sk = p256::ecdsa::SigningKey::from_slice(&d).unwrap();
    c.bench_function("ES256/raw-p256-sign", |b| {
        b.iter(|| {
            let s: p256::ecdsa::Signature = sk.sign(black_box(input));
            black_box(s)
        })
    });
}

fn all(c: &mut Criterion) {
    raw_primitives(c);
    bench_provider::<RustCrypto>(c);
    bench_provider::<Ring>(c);
}

criterion_group!(benches, all);
criterion_main!(benches);
