//! The providers' prepared HMAC keys (`Provider::hmac_key`, keyed once and reused) against
//! RFC 4231's HMAC-SHA-256/384/512 test cases: a short key, a key shorter than the tag and a
//! key longer than the hash block (hashed down first). A prepared key signs the same tag
//! however often it is used, verifies its own tags only, and never prints its bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use oxidc::crypto::{HashAlg, Provider};

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// (key, data, [SHA-256, SHA-384, SHA-512] tags): RFC 4231 §4.2, §4.3 and §4.7.
fn cases() -> Vec<(Vec<u8>, Vec<u8>, [String; 3])> {
    vec![
        (
            vec![0x0b; 20],
            b"Hi There".to_vec(),
            [
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7".into(),
                "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6".into(),
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854".into(),
            ],
        ),
        (
            b"Jefe".to_vec(),
            b"what do ya want for nothing?".to_vec(),
            [
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843".into(),
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649".into(),
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737".into(),
            ],
        ),
        (
            vec![0xaa; 131],
            b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
            [
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2".into(),
                "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e".into(),
                "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58".into(),
            ],
        ),
    ]
}

fn check<P: Provider>() {
    for (key, data, tags) in cases() {
        let prepared = P::hmac_key(&key).unwrap();
        for (hash, want) in [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512]
            .into_iter()
            .zip(tags)
        {
            let want = hex(&want);
            // Twice from the same prepared key: the keyed states are copied, never consumed.
            for _ in 0..2 {
                let mut out = [0u8; 64];
                let n = P::hmac_sign(hash, &prepared, &data, &mut out);
                assert_eq!(&out[..n], &want[..], "{} {hash:?}", P::NAME);
                assert!(P::hmac_verify(hash, &prepared, &data, &want));
            }
            let mut bad = want.clone();
            *bad.last_mut().unwrap() ^= 1;
            assert!(!P::hmac_verify(hash, &prepared, &data, &bad));
            assert!(!P::hmac_verify(
                hash,
                &prepared,
                &data,
                &want[..want.len() - 1]
            ));
            assert!(!P::hmac_verify(hash, &prepared, b"other data", &want));
            // Another key's state does not verify this key's tag.
            let other = P::hmac_key(&[0x0c; 20]).unwrap();
            assert!(!P::hmac_verify(hash, &other, &data, &want));
        }
    }
}

#[cfg(feature = "rustcrypto")]
#[test]
fn rustcrypto_prepared_keys_match_rfc4231() {
    check::<oxidc::crypto::RustCrypto>();
}

#[cfg(feature = "ring")]
#[test]
fn ring_prepared_keys_match_rfc4231() {
    check::<oxidc::crypto::Ring>();
}

#[cfg(feature = "rustcrypto")]
#[test]
fn prepared_keys_are_redacted() {
    let k = <oxidc::crypto::RustCrypto as Provider>::hmac_key(&[0x41; 32]).unwrap();
    let shown = format!("{k:?}");
    assert_eq!(shown, "HmacKey([REDACTED])");
}
