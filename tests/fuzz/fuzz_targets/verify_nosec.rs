//! The whole verify path with the no-security provider, so fuzzed tokens get past the
//! signature and into key selection, header rules and the claims policy. Input is either a
//! compact token, or (selector bit 0 set) raw header JSON and claims JSON that are encoded
//! here, so the fuzzer works on JSON rather than on base64. Every accepted token is re-checked
//! against an independent statement of the policy.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::b64;
use oxidc::jwt::Required;
use oxidc::{Error, KeySet, Leeway, UnixTime, Validator};
use oxidc_fuzz::{FuzzProvider, JWKS, NOW, split_first, take_chunk};
use std::sync::OnceLock;

fn keys() -> &'static KeySet<FuzzProvider, 8> {
    static K: OnceLock<KeySet<FuzzProvider, 8>> = OnceLock::new();
    K.get_or_init(|| KeySet::from_jwks(JWKS.as_bytes()).unwrap())
}

fn encode(parts: &[&[u8]]) -> String {
    let mut s = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            s.push('.');
        }
        let mut out = vec![0u8; b64::encoded_len(p.len())];
        let n = b64::encode(p, &mut out).unwrap();
        s.push_str(core::str::from_utf8(&out[..n]).unwrap());
    }
    s
}

const ISS: &str = "https://op.example";
const AUD: &str = "client";

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = split_first(data);
    let token = if sel & 1 == 1 {
        let (h, rest) = take_chunk(rest);
        let (sig, claims) = take_chunk(rest);
        encode(&[h, claims, sig])
    } else {
        match core::str::from_utf8(rest) {
            Ok(s) => s.to_owned(),
            Err(_) => return,
        }
    };
    let leeway: i64 = if sel & 2 == 2 { 0 } else { 15 };
    let mut v = Validator::new().leeway(Leeway(u32::try_from(leeway).unwrap()));
    if sel & 4 == 4 {
        v = v.issuer(ISS);
    }
    if sel & 8 == 8 {
        v = v.audiences(&[AUD, "other"]);
    }
    if sel & 16 == 16 {
        v = v.require(Required::NONE).allow_future_iat();
    }
    if sel & 32 == 32 {
        v = v.typ("at+jwt");
    }
    if sel & 64 == 64 {
        v = v.max_age(3600).require_claims(&["sid"]);
    }
    let mut buf = vec![0u8; token.len()];
    let r = v.verify(&token, keys(), UnixTime(NOW), &mut buf);
    let t = match r {
        Ok(t) => t,
        Err(e) => {
            assert_ne!(e, Error::BufferTooSmall);
            return;
        }
    };
    // The signature "verified": the key that did it must allow the header's algorithm.
    assert!(keys().keys().any(|k| k.algorithms().contains(t.alg())));
    let c = t.claims();
    if sel & 16 == 0 {
        assert!(c.exp().is_some(), "exp is required by default");
        assert!(c.iat().is_none_or(|i| i <= NOW + leeway));
    }
    assert!(c.exp().is_none_or(|e| NOW < e.saturating_add(leeway)));
    assert!(c.nbf().is_none_or(|n| NOW >= n.saturating_sub(leeway)));
    if sel & 4 == 4 {
        assert!(c.iss().unwrap().eq_str(ISS));
    }
    if sel & 8 == 8 {
        let aud = c.aud().unwrap();
        assert!(aud.contains(AUD) || aud.contains("other"));
    }
    if sel & 32 == 32 {
        let typ = String::from_utf8(t.header().typ().unwrap().bytes().collect()).unwrap();
        let typ = typ.to_ascii_lowercase();
        assert!(typ == "at+jwt" || typ == "application/at+jwt", "{typ}");
    }
    if sel & 64 == 64 {
        assert!(NOW - c.iat().unwrap() <= 3600 + leeway);
        assert!(c.get("sid").is_some());
    }
    let j: serde_json::Value = serde_json::from_slice(c.raw()).unwrap();
    assert!(j.is_object());
});
