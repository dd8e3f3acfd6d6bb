//! One JWK: `Jwk::from_json` (RustCrypto, ring, and the no-security provider),
//! `SigningKey::from_jwk`, thumbprints. Key parsing is the same code for every provider, so
//! a key the real providers load must load identically (same kid, algorithms, thumbprint)
//! under the no-security provider, and RustCrypto and ring must agree on EC keys.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::crypto::{Ring, RustCrypto};
use oxidc::jose::KeyKind;
use oxidc::{Jwk, KidForm, SigningKey};
use oxidc_fuzz::FuzzProvider;

fuzz_target!(|data: &[u8]| {
    let rc = Jwk::<RustCrypto>::from_json(data);
    let ring = Jwk::<Ring>::from_json(data);
    let nosec = Jwk::<FuzzProvider>::from_json(data);
    if let Ok(k) = &rc {
        let n = nosec
            .as_ref()
            .expect("no-security provider rejects a real key");
        assert_eq!(k.kid(), n.kid());
        assert_eq!(k.algorithms(), n.algorithms());
        assert_eq!(k.thumbprint().as_bytes(), n.thumbprint().as_bytes());
        let mut out = [0u8; 128];
        for form in [KidForm::Rfc7638, KidForm::CryptojwtLegacy] {
            let len = k
                .thumbprint_kid(form, &mut out)
                .expect("128 bytes hold any kid");
            assert!(core::str::from_utf8(&out[..len]).is_ok());
        }
    }
    // EC point validation must agree between the providers. RSA parameters may legitimately
    // differ (ring refuses moduli it will not verify with); oct keys never touch the provider.
    let maybe_rsa = data.windows(3).any(|w| w == b"RSA") || data.contains(&b'\\');
    if !maybe_rsa {
        match (&rc, &ring) {
            (Ok(a), Ok(b)) => assert_eq!(a.thumbprint().as_bytes(), b.thumbprint().as_bytes()),
            (Err(a), Err(b)) => assert_eq!(a, b),
            (a, b) => panic!(
                "providers disagree: {:?} vs {:?}",
                a.as_ref().err(),
                b.as_ref().err()
            ),
        }
    }
    if let Ok(k) = &rc {
        let _ = k.kind() == KeyKind::Rsa;
    }
    if let Ok(sk) = SigningKey::<RustCrypto>::from_jwk(data) {
        let mut sig = [0u8; 512];
        let _ = sk.sign(b"msg", &mut sig);
        let _ = sk.thumbprint().kid(KidForm::Rfc7638, &mut sig);
    }
    let _ = SigningKey::<FuzzProvider>::from_jwk(data);
});
