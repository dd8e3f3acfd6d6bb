//! `Header::parse` on decoded JOSE header JSON: never panics; what it accepts is valid JSON
//! (serde_json agrees), names a real algorithm, and carries no `crit` and no `b64: false`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::jwt::Header;
use oxidc::limits::{MAX_KID_LEN, MAX_TYP_LEN};

fuzz_target!(|data: &[u8]| {
    let Ok(h) = Header::parse(data) else {
        return;
    };
    let j: serde_json::Value = serde_json::from_slice(data).expect("accepted header is valid JSON");
    assert_eq!(j["alg"].as_str(), Some(h.alg().as_str()));
    assert!(j.get("crit").is_none(), "crit accepted");
    assert_ne!(j.get("b64"), Some(&serde_json::Value::Bool(false)));
    if let Some(kid) = h.kid() {
        assert!(kid.raw().len() <= MAX_KID_LEN);
        let mut out = [0u8; MAX_KID_LEN];
        if let Ok(s) = kid.decode_into(&mut out) {
            assert_eq!(Some(s), j["kid"].as_str());
        }
    }
    for v in [h.typ(), h.cty()].into_iter().flatten() {
        assert!(v.raw().len() <= MAX_TYP_LEN);
    }
    for m in h.object().members() {
        let _ = m.name.decoded_len();
    }
});
