//! JWK Sets: `KeySet::from_jwks` for every provider. Bounded (never more than the set's
//! capacity or `MAX_JWKS_KEYS` entries examined) and never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::KeySet;
use oxidc::crypto::{Ring, RustCrypto};
use oxidc::limits::MAX_JWKS_KEYS;
use oxidc_fuzz::FuzzProvider;

fuzz_target!(|data: &[u8]| {
    if let Ok(set) = KeySet::<RustCrypto, 8>::from_jwks(data) {
        assert!(set.len() <= 8);
        assert!(set.len() + set.skipped() <= MAX_JWKS_KEYS);
        for k in set.keys() {
            if let Some(kid) = k.kid() {
                assert!(set.find(kid).is_some());
            }
        }
    }
    let _ = KeySet::<Ring, 2>::from_jwks(data);
    if let Ok(set) = KeySet::<FuzzProvider, 64>::from_jwks(data) {
        assert!(set.len() + set.skipped() <= MAX_JWKS_KEYS);
    }
});
