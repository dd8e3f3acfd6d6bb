//! Every named limit in `oxidc::limits`, exercised at the bound and one past it.
#![allow(clippy::as_conversions, clippy::collapsible_if)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use oxidc::b64;
use oxidc::jwt::{HeaderSpec, KidChoice, mint};
use oxidc::limits::*;
use oxidc::{AlgSet, Error, Jwk, KeySet, SigningKey, UnixTime, UntrustedToken, Validator};

fn enc(data: &[u8]) -> String {
    let mut out = vec![0u8; data.len() * 2 + 4];
    let n = b64::encode(data, &mut out).unwrap();
    String::from_utf8(out[..n].to_vec()).unwrap()
}

fn oct_jwk(len: usize, kid: Option<&str>) -> String {
    let k = enc(&vec![7u8; len]);
    match kid {
        Some(kid) => format!(r#"{{"kty":"oct","k":"{k}","kid":"{kid}"}}"#),
        None => format!(r#"{{"kty":"oct","k":"{k}"}}"#),
    }
}

fn hs256_token(secret_len: usize, kid: Option<&str>, typ: Option<&str>) -> String {
    let key = SigningKey::<oxidc::DefaultProvider>::from_jwk(oct_jwk(secret_len, None).as_bytes())
        .unwrap();
    let mut out = vec![0u8; 8192];
    let spec = HeaderSpec {
        kid: kid.map_or(KidChoice::Omit, KidChoice::Explicit),
        typ,
    };
    let n = mint(&key, &spec, |w| w.int("exp", 2_000_000_000), &mut out).unwrap();
    String::from_utf8(out[..n].to_vec()).unwrap()
}

#[test]
fn token_length() {
    let filler = "A".repeat(MAX_TOKEN_LEN - 4);
    let at = format!("e.{filler}.x");
    assert_eq!(at.len(), MAX_TOKEN_LEN);
    assert!(UntrustedToken::parse(&at).is_ok());
    let past = format!("e.{filler}A.x");
    assert_eq!(
        UntrustedToken::parse(&past).err(),
        Some(Error::TokenTooLarge)
    );
}

#[test]
fn header_length() {
    // A header that decodes to exactly MAX_HEADER_LEN bytes, and one byte more.
    let make = |len: usize| {
        let pad = len - r#"{"alg":"HS256","x":""}"#.len();
        let h = format!(r#"{{"alg":"HS256","x":"{}"}}"#, "a".repeat(pad));
        assert_eq!(h.len(), len);
        format!("{}.{}.AAAA", enc(h.as_bytes()), enc(b"{}"))
    };
    let keys = KeySet::<oxidc::DefaultProvider, 1>::from_jwks(
        format!(r#"{{"keys":[{}]}}"#, oct_jwk(32, None)).as_bytes(),
    )
    .unwrap();
    let mut buf = vec![0u8; 4096];
    let v = Validator::new();
    assert_eq!(
        v.verify(&make(MAX_HEADER_LEN), &keys, UnixTime(0), &mut buf)
            .err(),
        Some(Error::BadSignature)
    );
    assert_eq!(
        v.verify(&make(MAX_HEADER_LEN + 1), &keys, UnixTime(0), &mut buf)
            .err(),
        Some(Error::HeaderTooLarge)
    );
}

#[test]
fn jwks_entries_and_capacity() {
    let unknown =
        r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    let set = |n: usize| format!(r#"{{"keys":[{}]}}"#, vec![unknown; n].join(","));
    let ok = KeySet::<oxidc::DefaultProvider, 1>::from_jwks(set(MAX_JWKS_KEYS).as_bytes()).unwrap();
    assert_eq!(ok.skipped(), MAX_JWKS_KEYS);
    assert_eq!(
        KeySet::<oxidc::DefaultProvider, 1>::from_jwks(set(MAX_JWKS_KEYS + 1).as_bytes()).err(),
        Some(Error::TooManyKeys)
    );
    // A 10 000-key set is refused after MAX_JWKS_KEYS entries, not scanned.
    assert_eq!(
        KeySet::<oxidc::DefaultProvider, 1>::from_jwks(set(10_000).as_bytes()).err(),
        Some(Error::TooManyMembers)
    );
    let two = format!(
        r#"{{"keys":[{},{}]}}"#,
        oct_jwk(32, Some("a")),
        oct_jwk(32, Some("b"))
    );
    assert!(KeySet::<oxidc::DefaultProvider, 2>::from_jwks(two.as_bytes()).is_ok());
    assert_eq!(
        KeySet::<oxidc::DefaultProvider, 1>::from_jwks(two.as_bytes()).err(),
        Some(Error::TooManyKeys)
    );
}

#[test]
fn keys_tried_without_kid() {
    // MAX_KEYS_TRIED keys that do not verify, then the right one: never reached.
    let mut set = KeySet::<oxidc::DefaultProvider, 8>::new();
    for i in 0..MAX_KEYS_TRIED {
        set.push(Jwk::hmac(&[i as u8 + 100; 32], AlgSet::HMAC).unwrap())
            .unwrap();
    }
    let token = hs256_token(32, None, None);
    set.push(Jwk::from_json(oct_jwk(32, None).as_bytes()).unwrap())
        .unwrap();
    let mut buf = vec![0u8; 4096];
    assert_eq!(
        Validator::new()
            .verify(&token, &set, UnixTime(0), &mut buf)
            .err(),
        Some(Error::BadSignature)
    );
    // One fewer decoy: the right key is the last one tried, and it verifies.
    let mut set = KeySet::<oxidc::DefaultProvider, 8>::new();
    for i in 0..MAX_KEYS_TRIED - 1 {
        set.push(Jwk::hmac(&[i as u8 + 100; 32], AlgSet::HMAC).unwrap())
            .unwrap();
    }
    set.push(Jwk::from_json(oct_jwk(32, None).as_bytes()).unwrap())
        .unwrap();
    assert!(
        Validator::new()
            .verify(&token, &set, UnixTime(0), &mut buf)
            .is_ok()
    );
}

#[test]
fn kid_and_typ_lengths() {
    let kid = "k".repeat(MAX_KID_LEN);
    let long_kid = "k".repeat(MAX_KID_LEN + 1);
    assert!(Jwk::<oxidc::DefaultProvider>::from_json(oct_jwk(32, Some(&kid)).as_bytes()).is_ok());
    assert_eq!(
        Jwk::<oxidc::DefaultProvider>::from_json(oct_jwk(32, Some(&long_kid)).as_bytes()).err(),
        Some(Error::ValueTooLong)
    );
    let set = KeySet::<oxidc::DefaultProvider, 1>::from_jwks(
        format!(r#"{{"keys":[{}]}}"#, oct_jwk(32, Some(&kid))).as_bytes(),
    )
    .unwrap();
    let mut buf = vec![0u8; 4096];
    assert!(
        Validator::new()
            .verify(
                &hs256_token(32, Some(&kid), None),
                &set,
                UnixTime(0),
                &mut buf
            )
            .is_ok()
    );
    assert_eq!(
        Validator::new()
            .verify(
                &hs256_token(32, Some(&long_kid), None),
                &set,
                UnixTime(0),
                &mut buf
            )
            .err(),
        Some(Error::ValueTooLong)
    );
    let typ = "t".repeat(MAX_TYP_LEN);
    let set = KeySet::<oxidc::DefaultProvider, 1>::from_jwks(
        format!(r#"{{"keys":[{}]}}"#, oct_jwk(32, None)).as_bytes(),
    )
    .unwrap();
    assert!(
        Validator::new()
            .verify(
                &hs256_token(32, None, Some(&typ)),
                &set,
                UnixTime(0),
                &mut buf
            )
            .is_ok()
    );
    let long_typ = "t".repeat(MAX_TYP_LEN + 1);
    assert_eq!(
        Validator::new()
            .verify(
                &hs256_token(32, None, Some(&long_typ)),
                &set,
                UnixTime(0),
                &mut buf
            )
            .err(),
        Some(Error::ValueTooLong)
    );
}

#[test]
fn hmac_key_lengths() {
    type K = Jwk<oxidc::DefaultProvider>;
    assert!(K::from_json(oct_jwk(MIN_HMAC_KEY_LEN, None).as_bytes()).is_ok());
    assert_eq!(
        K::from_json(oct_jwk(MIN_HMAC_KEY_LEN - 1, None).as_bytes()).err(),
        Some(Error::KeyTooShort)
    );
    assert!(K::from_json(oct_jwk(MAX_HMAC_KEY_LEN, None).as_bytes()).is_ok());
    assert_eq!(
        K::from_json(oct_jwk(MAX_HMAC_KEY_LEN + 1, None).as_bytes()).err(),
        Some(Error::ValueTooLong)
    );
    assert_eq!(
        K::hmac(&[1; MIN_HMAC_KEY_LEN - 1], AlgSet::HMAC).err(),
        Some(Error::KeyTooShort)
    );
}

#[test]
fn rsa_modulus_and_signature_lengths() {
    type K = Jwk<oxidc::DefaultProvider>;
    let rsa = |n_len: usize| {
        format!(
            r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#,
            enc(&vec![0xC5; n_len])
        )
    };
    assert!(K::from_json(rsa(MAX_RSA_MODULUS_LEN).as_bytes()).is_ok());
    assert_eq!(
        K::from_json(rsa(MAX_RSA_MODULUS_LEN + 1).as_bytes()).err(),
        Some(Error::ValueTooLong)
    );
    // A signature longer than any we verify is a bad signature, decided before any crypto.
    let token = hs256_token(32, None, None);
    let head = &token[..token.rfind('.').unwrap()];
    let long_sig = format!("{head}.{}", enc(&vec![1u8; MAX_SIGNATURE_LEN + 1]));
    let set = KeySet::<oxidc::DefaultProvider, 1>::from_jwks(
        format!(r#"{{"keys":[{}]}}"#, oct_jwk(32, None)).as_bytes(),
    )
    .unwrap();
    let mut buf = vec![0u8; 4096];
    assert_eq!(
        Validator::new()
            .verify(&long_sig, &set, UnixTime(0), &mut buf)
            .err(),
        Some(Error::BadSignature)
    );
}
