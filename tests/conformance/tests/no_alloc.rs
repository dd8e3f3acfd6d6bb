//! Allocation-freedom, proven mechanically: a counting global allocator sees zero allocations
//! across JWK/JWKS parsing, verify, validate, mint and every error path of the vector corpus.
//! (ring's RSA code allocates internally; RSA is exercised here only through the RustCrypto
//! provider, where it fails without allocating.)
#![allow(clippy::as_conversions, clippy::collapsible_if)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use oxidc::crypto::Provider;
use oxidc::jwt::{
    AccessTokenClaims, HeaderSpec, IdTokenClaims, mint, mint_access_token, mint_id_token,
};
use oxidc::{Error, KeySet, Leeway, SigningKey, UnixTime, UntrustedToken, Validator};
use std::path::PathBuf;

use oxidc_conformance::{Counting, allocations};

#[global_allocator]
static GLOBAL: Counting = Counting;

struct Vector {
    name: String,
    token: String,
    jwks: Vec<u8>,
    signing_jwk: Option<Vec<u8>>,
    now: i64,
    issuer: Option<String>,
    audience: Option<String>,
    leeway: u32,
    rsa: bool,
}

fn load() -> Vec<Vector> {
    let mut out = Vec::new();
    for dir in ["jws", "rfc", "attacks"] {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../vectors")
            .join(dir);
        let mut files: Vec<_> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for p in files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            let Some(token) = v["token"].as_str() else {
                continue;
            };
            let alg_rsa = v["jwks"]["keys"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kty"] == "RSA")
                || token.starts_with("eyJhbGciOiJSUzI1Ni")
                || token.starts_with("eyJhbGciOiJQUzI1Ni");
            out.push(Vector {
                name: p.file_name().unwrap().to_string_lossy().into_owned(),
                token: token.to_owned(),
                jwks: serde_json::to_vec(&v["jwks"]).unwrap(),
                signing_jwk: v.get("signing_jwk").map(|j| serde_json::to_vec(j).unwrap()),
                now: v["now"].as_i64().unwrap(),
                issuer: v["policy"]["issuer"].as_str().map(str::to_owned),
                audience: v["policy"]["audience"].as_str().map(str::to_owned),
                leeway: v["policy"]["leeway"].as_u64().unwrap_or(15) as u32,
                rsa: alg_rsa,
            });
        }
    }
    out
}

fn exercise<P: Provider>(vectors: &[Vector], skip_rsa: bool) -> usize {
    let mut buf = vec![0u8; 256 * 1024];
    let mut out = vec![0u8; 4096];
    let mut ran = 0;
    for v in vectors.iter().filter(|v| !(skip_rsa && v.rsa)) {
        let ((), n) = allocations(|| {
            let keys = KeySet::<P, 8>::from_jwks(&v.jwks);
            let mut val = Validator::new().leeway(Leeway(v.leeway));
            if let Some(i) = &v.issuer {
                val = val.issuer(i);
            }
            if let Some(a) = &v.audience {
                val = val.audience(a);
            }
            if let Ok(keys) = &keys {
                let _ = val.verify(&v.token, keys, UnixTime(v.now), &mut buf);
                // Error paths: truncated token, wrong time, buffer too small.
                let _ = val.verify(
                    &v.token[..v.token.len() / 2],
                    keys,
                    UnixTime(v.now),
                    &mut buf,
                );
                let _ = val.verify(&v.token, keys, UnixTime(v.now + 10_000_000), &mut buf);
                let _ = val.verify(&v.token, keys, UnixTime(v.now), &mut buf[..8]);
                if let Ok(t) = UntrustedToken::parse(&v.token) {
                    let _ = t.decode_unverified(&mut buf);
                    let _ = t.verify_jws(keys, &mut buf);
                }
            }
            if let Some(jwk) = &v.signing_jwk {
                if let Ok(key) = SigningKey::<P>::from_jwk(jwk) {
                    let _ = mint(
                        &key,
                        &HeaderSpec::default(),
                        |w| {
                            w.str("iss", "https://op.example")?;
                            w.int("exp", v.now + 60)?;
                            w.str_array("aud", &["a", "b"])?;
                            w.raw_json("cnf", r#"{"jkt": "x"}"#)
                        },
                        &mut out,
                    );
                    // Buffer one byte short, and a claims writer that fails.
                    let _ = mint(
                        &key,
                        &HeaderSpec::default(),
                        |w| w.str("iss", "x"),
                        &mut out[..40],
                    );
                    let _ = mint(
                        &key,
                        &HeaderSpec::default(),
                        |w| w.raw_json("bad", "{"),
                        &mut out,
                    );
                    let _ = mint_access_token(&key, &access_claims(v.now), &mut out);
                    let _ = mint_id_token(&key, &id_claims(v.now), &mut out);
                }
            }
        });
        assert_eq!(n, 0, "{} ({}): {n} allocations", v.name, P::NAME);
        ran += 1;
    }
    ran
}

fn access_claims(now: i64) -> AccessTokenClaims<'static> {
    AccessTokenClaims {
        scope: &["openid", "profile"],
        scope_as_string: true,
        aud: &["client_1"],
        jti: "0123456789abcdef0123456789abcdef",
        client_id: "client_1",
        sub: "diana",
        acr: None,
        extra: &[],
        sid: "sid",
        token_class: "access_token",
        iss: "https://op.example/",
        iat: now,
        exp: now + 600,
    }
}

fn id_claims(now: i64) -> IdTokenClaims<'static> {
    IdTokenClaims {
        sub: "diana",
        sid: "sid",
        auth_time: Some(now),
        acr: None,
        extra: &[],
        scope: &["openid"],
        jti: None,
        code: Some("code"),
        access_token: Some("at"),
        nonce: Some("n"),
        iss: "https://op.example/",
        iat: now,
        exp: now + 300,
        aud: &["client_1"],
    }
}

#[test]
fn zero_allocations_everywhere() {
    let vectors = load();
    assert!(vectors.len() > 70);
    #[cfg(feature = "rustcrypto")]
    assert_eq!(
        exercise::<oxidc::crypto::RustCrypto>(&vectors, false),
        vectors.len()
    );
    #[cfg(feature = "ring")]
    assert!(exercise::<oxidc::crypto::Ring>(&vectors, true) > 60);
    // The allocator really counts (the test cannot pass vacuously).
    let (_, n) = allocations(|| vec![1u8; 10]);
    assert_eq!(n, 1);
    let _ = Error::ALL;
}
