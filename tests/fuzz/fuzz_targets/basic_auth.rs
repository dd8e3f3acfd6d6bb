//! The `Authorization` header: `parse_basic` (RFC 6749 and raw decodings), `parse_bearer`,
//! `is_basic`/`is_bearer`. Never panics; 3/4 of the header's length is always enough scratch;
//! credentials built from fuzzed id and secret (form-encoded, base64) parse back exactly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::Error;
use oxidc::b64;
use oxidc::oauth::client_authn::{BasicDecoding, is_basic, is_bearer, parse_basic, parse_bearer};
use oxidc_fuzz::{split_first, take_chunk};

fn form_encode(s: &[u8]) -> String {
    let mut out = String::new();
    for &b in s {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = split_first(data);
    if sel & 1 == 0 {
        for d in [BasicDecoding::Rfc6749, BasicDecoding::Raw] {
            let mut scratch = vec![0u8; rest.len() * 3 / 4 + 3];
            match parse_basic(rest, d, &mut scratch) {
                Ok(c) => {
                    assert!(is_basic(rest));
                    assert!(!c.client_id.contains(':') || d == BasicDecoding::Rfc6749);
                    let _ = c.secret.verify(b"registered-secret");
                }
                Err(e) => assert_ne!(e, Error::BufferTooSmall),
            }
        }
        if let Ok(t) = parse_bearer(rest) {
            assert!(is_bearer(rest));
            assert!(!t.is_empty());
        }
        return;
    }
    // Round trip: Basic base64(form(id) ":" form(secret)).
    let (id, secret) = take_chunk(rest);
    let (Ok(id), Ok(secret)) = (core::str::from_utf8(id), core::str::from_utf8(secret)) else {
        return;
    };
    let inner = format!(
        "{}:{}",
        form_encode(id.as_bytes()),
        form_encode(secret.as_bytes())
    );
    let mut enc = vec![0u8; inner.len() * 2 + 4];
    let n = b64::encode_standard(inner.as_bytes(), &mut enc).unwrap();
    let header = format!("Basic {}", core::str::from_utf8(&enc[..n]).unwrap());
    let mut scratch = vec![0u8; header.len()];
    match parse_basic(header.as_bytes(), BasicDecoding::Rfc6749, &mut scratch) {
        Ok(c) => {
            assert_eq!(c.client_id, id);
            assert_eq!(c.secret.expose(), secret);
        }
        Err(Error::ParameterTooLong) => {}
        Err(e) => panic!("round trip failed: {e:?}"),
    }
});
