//! Property tests: mint → verify round-trips for every algorithm with arbitrary claims, and
//! any single-byte corruption of a minted token is rejected.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use oxidc::crypto::Provider;
use oxidc::jwt::{HeaderSpec, KidChoice, mint};
use oxidc::{Algorithm, Jwk, KeySet, SigningKey, UnixTime, Validator};
use proptest::prelude::*;

const OCT: &str = r#"{"kty":"oct","k":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50"}"#;
const EC: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;

fn rsa_jwk() -> String {
    let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../vectors/jws/017-rs256-access-valid.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    serde_json::to_string(&v["signing_jwk"]).unwrap()
}

fn keys<P: Provider>() -> Vec<(Algorithm, String)> {
    let mut v = vec![
        (Algorithm::HS256, OCT.to_owned()),
        (Algorithm::HS384, OCT.to_owned()),
        (Algorithm::HS512, OCT.to_owned()),
        (Algorithm::ES256, EC.to_owned()),
    ];
    if P::HAS_RSA {
        for a in [
            Algorithm::RS256,
            Algorithm::RS384,
            Algorithm::RS512,
            Algorithm::PS256,
            Algorithm::PS384,
            Algorithm::PS512,
        ] {
            v.push((a, rsa_jwk()));
        }
    }
    v
}

fn round_trip<P: Provider>(
    sub: &str,
    aud: &[String],
    exp_in: i64,
    extra: i64,
    flip: usize,
) -> Result<(), TestCaseError> {
    let now = UnixTime(1_700_000_000);
    for (alg, jwk) in keys::<P>() {
        let key = SigningKey::<P>::from_jwk(jwk.as_bytes())
            .unwrap()
            .with_algorithm(alg)
            .unwrap()
            .with_kid("k1")
            .unwrap();
        let mut set = KeySet::<P, 2>::new();
        set.push(
            Jwk::from_json(jwk.as_bytes())
                .unwrap()
                .with_kid("k1")
                .unwrap(),
        )
        .unwrap();
        let auds: Vec<&str> = aud.iter().map(String::as_str).collect();
        let mut out = vec![0u8; 4096];
        let n = mint(
            &key,
            &HeaderSpec {
                kid: KidChoice::FromKey,
                typ: Some("at+jwt"),
            },
            |w| {
                w.str("iss", "https://op.example/")?;
                w.str("sub", sub)?;
                w.str_array("aud", &auds)?;
                w.int("exp", now.0 + exp_in)?;
                w.int("extra", extra)
            },
            &mut out,
        )
        .unwrap();
        let token = std::str::from_utf8(&out[..n]).unwrap().to_owned();
        let mut val = Validator::new()
            .issuer("https://op.example/")
            .typ("application/at+jwt");
        if let Some(a) = auds.first() {
            val = val.audience(a);
        }
        let mut buf = vec![0u8; token.len()];
        let t = val.verify(&token, &set, now, &mut buf).unwrap();
        let claims = t.claims();
        prop_assert_eq!(t.alg(), alg);
        prop_assert!(claims.sub().unwrap().eq_str(sub));
        prop_assert_eq!(claims.exp(), Some(now.0 + exp_in));
        prop_assert_eq!(claims.get("extra").unwrap().as_i64(), Some(extra));
        // Any corrupted byte (outside the base64 padding bits) is rejected.
        let mut bad = token.clone().into_bytes();
        let i = flip % bad.len();
        bad[i] = if bad[i] == b'.' {
            b'x'
        } else if bad[i] == b'A' {
            b'Q'
        } else {
            b'A'
        };
        if bad != token.as_bytes() {
            let bad = String::from_utf8(bad).unwrap();
            let mut buf = vec![0u8; bad.len()];
            prop_assert!(
                val.verify(&bad, &set, now, &mut buf).is_err(),
                "{alg}: corrupted byte {i} accepted"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[cfg(feature = "rustcrypto")]
    #[test]
    fn mint_verify_rustcrypto(sub in "\\PC{0,40}", aud in proptest::collection::vec("[a-z0-9:/._-]{1,20}", 1..4),
                              exp_in in 60i64..100_000, extra in any::<i64>(), flip in any::<usize>()) {
        round_trip::<oxidc::crypto::RustCrypto>(&sub, &aud, exp_in, extra, flip)?;
    }

    #[cfg(feature = "ring")]
    #[test]
    fn mint_verify_ring(sub in "\\PC{0,40}", aud in proptest::collection::vec("[a-z0-9:/._-]{1,20}", 1..4),
                        exp_in in 60i64..100_000, extra in any::<i64>(), flip in any::<usize>()) {
        round_trip::<oxidc::crypto::Ring>(&sub, &aud, exp_in, extra, flip)?;
    }
}
