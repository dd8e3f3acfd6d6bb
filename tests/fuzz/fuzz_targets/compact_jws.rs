//! Compact JWS entry points: `UntrustedToken::parse`, `decode_unverified`, `verify_jws` and
//! `Validator::verify` against real keys (RustCrypto). Nothing may panic, a buffer as long as
//! the token is always enough, and no token without a real signature may verify.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::crypto::RustCrypto;
use oxidc::{Error, KeySet, UnixTime, UntrustedToken, Validator};
use oxidc_fuzz::{JWKS, NOW};
use std::sync::OnceLock;

fn keys() -> &'static KeySet<RustCrypto, 8> {
    static K: OnceLock<KeySet<RustCrypto, 8>> = OnceLock::new();
    K.get_or_init(|| KeySet::from_jwks(JWKS.as_bytes()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let Ok(t) = UntrustedToken::parse(text) else {
        return;
    };
    assert!(t.decoded_len() <= text.len());
    let mut buf = vec![0u8; text.len()];
    if let Err(e) = t.decode_unverified(&mut buf) {
        assert_ne!(
            e,
            Error::BufferTooSmall,
            "a token-sized buffer is always enough"
        );
    }
    if let Err(e) = t.verify_jws(keys(), &mut buf) {
        assert_ne!(e, Error::BufferTooSmall);
    }
    let r = Validator::new().verify(text, keys(), UnixTime(NOW), &mut buf);
    if let Err(e) = r {
        assert_ne!(e, Error::BufferTooSmall);
    }
});
