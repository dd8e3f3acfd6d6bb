//! Opaque values with a typical idpyoidc session id (the 332-character `sid` of vector
//! 030): mint and read an authorization code, a session id and a 4-part session cookie.
//! Compare with `python3 core/benches/opaque_peer.py` (cryptojwt / idpyoidc on the same value).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use oxidc::UnixTime;
use oxidc::opaque::*;
use std::hint::black_box;

const SID: &str = "Z0FBQUFBQnJBX0tBaDIyTzJpdlFUNFBrcExBSkRFMUozQ2NzaDNiVzVMWWo3WWxEUzZwTS1uUm5NZkJsb2lRTlNuSUJ0Vjl4eEg3bk41S1BFaG03cjBLWmRLdENxZHo3c1h3cjZnMk0zWFlESHRNbDNKa0FGTWx3TFJrN0UzWi1WMktuWk9DVERnbkxEdF9iTDZGaVFtNzA4WGE2SUlsUEl6dUFRNDh4Rk9Yc0NZb3hhbzBIUGI4V00yYjN4YVUxd3ZPZ0MyWlZGQTFkc2ZzbFB5c3J1YUl1dXZ6OXhFNFNobF9aWU1MSGpuMmg4T1lMLVJILUNucz0=";
const NOW: UnixTime = UnixTime(1_795_420_800);

fn bench(c: &mut Criterion) {
    let key = FernetKey::from_bytes(&[7; 32]);
    let exp = Some(UnixTime(NOW.as_secs() + 600));
    let class = TokenClass::AuthorizationCode;
    let mut out = [0u8; 1024];
    let mut scratch = [0u8; 1024];

    c.bench_function("opaque/mint_code", |b| {
        b.iter(|| {
            mint_token(
                &key,
                class,
                black_box(SID),
                exp,
                &[1; 32],
                &[2; 16],
                NOW,
                &mut out,
            )
            .unwrap()
        })
    });
    let n = mint_token(&key, class, SID, exp, &[1; 32], &[2; 16], NOW, &mut out).unwrap();
    let code = out[..n].to_vec();
    println!("code length: {n} characters");
    c.bench_function("opaque/read_code", |b| {
        b.iter(|| {
            read_token(&key, class, black_box(&code), &mut scratch)
                .unwrap()
                .session_id
                .len()
        })
    });

    let grant = "e1918002e71311f1800202fc00000001";
    c.bench_function("opaque/encrypt_session_id", |b| {
        b.iter(|| {
            encrypt_session_id(
                &key, "diana", "client_1", grant, &[1; 32], &[2; 16], NOW, &mut out,
            )
            .unwrap()
        })
    });
    let n = encrypt_session_id(
        &key, "diana", "client_1", grant, &[1; 32], &[2; 16], NOW, &mut out,
    )
    .unwrap();
    let sid = out[..n].to_vec();
    c.bench_function("opaque/decrypt_session_id", |b| {
        b.iter(|| {
            decrypt_session_id(&key, black_box(&sid), &mut scratch)
                .unwrap()
                .grant
                .len()
        })
    });

    let sign = CookieSignKey::new(&[3; 24]).unwrap();
    let enc = CookieEncKey::new(&[4; 24]).unwrap();
    let keys = CookieKeys::SignAndEncrypt {
        sign: &sign,
        enc: &enc,
    };
    let payload = format!(
        r#"{{"sub": "b9eb09a780ecbd667b426a8e61d2af10887ace6a5d535210fab5ac3112a2ed19", "sid": "{SID}"}}"#
    );
    c.bench_function("opaque/make_cookie_4part", |b| {
        b.iter(|| make_cookie(&keys, black_box(&payload), "", NOW, &[5; 16], &mut out).unwrap())
    });
    let n = make_cookie(&keys, &payload, "", NOW, &[5; 16], &mut out).unwrap();
    let cookie = String::from_utf8(out[..n].to_vec()).unwrap();
    c.bench_function("opaque/read_cookie_4part", |b| {
        b.iter(|| {
            read_cookie(&keys, black_box(&cookie), &mut scratch)
                .unwrap()
                .value
                .len()
        })
    });

    c.bench_function("opaque/derive_pbkdf2_390000", |b| {
        b.iter(|| {
            FernetKey::derive_pbkdf2(b"password", b"salt", DEFAULT_PBKDF2_ITERATIONS).unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
