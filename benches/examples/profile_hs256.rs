//! A fixed workload for instruction-count profiling (`valgrind --tool=callgrind`): verifies an
//! idpyoidc-shaped HS256 access token N times, or computes the raw HMAC N times.
//!
//! `cargo build --release -p oxidc-benches --example profile_hs256 &&
//!  valgrind --tool=callgrind target/release/examples/profile_hs256 verify 1000`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use hmac::{KeyInit, Mac};
use oxidc::jwt::{AccessTokenClaims, mint_access_token};
use oxidc::{Jwk, KeySet, SigningKey, UnixTime, Validator};
use std::hint::black_box;

const OCT: &str = r#"{"kty":"oct","kid":"hs","k":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50"}"#;
const SID: &str = "Z0FBQUFBQnJBX0ZoLXNpZC0wMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXpBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWjAxMjM0NTY3ODlhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ekFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaMDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=";

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "verify".into());
    let n: usize = args.next().map_or(1000, |s| s.parse().unwrap());
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
    let mut buf = [0u8; 2048];
    for _ in 0..n {
        match mode.as_str() {
            "verify" => {
                let t = v
                    .verify(black_box(&token), &keys, UnixTime(1_795_420_800), &mut buf)
                    .unwrap();
                black_box(t.claims().exp());
            }
            "mint" => {
                black_box(mint_access_token(&key, black_box(&claims), &mut out).unwrap());
            }
            _ => {
                let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(&raw_key).unwrap();
                m.update(black_box(&token.as_bytes()[..d]));
                m.verify_slice(&tag[..tag_len]).unwrap();
            }
        }
    }
    println!("{mode} x{n}: token {} bytes", token.len());
}
