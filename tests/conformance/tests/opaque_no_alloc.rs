//! Proves that every opaque path (key setup, Fernet, tokens, session ids, cookies, lv) makes
//! zero heap allocations, with a counting global allocator. Inputs are prepared first; only
//! the calls under test run while counting (on this thread only).
#![cfg(feature = "opaque")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use oxidc::opaque::*;
use oxidc::{Error, UnixTime};

use oxidc_conformance::{Counting, allocations};

#[global_allocator]
static GLOBAL: Counting = Counting;

const SID: &str = "Z0FBQUFBQnJBX0tBaDIyTzJpdlFUNFBrcExBSkRFMUozQ2NzaDNiVzVMWWo3WWxEUzZwTS1uUm5NZkJsb2lRTlNuSUJ0Vjl4eEg3bk41S1BFaG03cjBLWmRLdENxZHo3c1h3cjZnMk0zWFlESHRNbDNKa0FGTWx3TFJrN0UzWi1WMktuWk9DVERnbkxEdF9iTDZGaVFtNzA4WGE2SUlsUEl6dUFRNDh4Rk9Yc0NZb3hhbzBIUGI4V00yYjN4YVUxd3ZPZ0MyWlZGQTFkc2ZzbFB5c3J1YUl1dXZ6OXhFNFNobF9aWU1MSGpuMmg4T1lMLVJILUNucz0=";

#[test]
fn opaque_paths_do_not_allocate() {
    let (_, n) = allocations(|| {
        let now = UnixTime(1_795_420_800);
        // Keys.
        let key = FernetKey::from_bytes(&[1; 32]);
        let _ = FernetKey::from_text("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=").unwrap();
        let _ = FernetKey::derive_pbkdf2(b"password", b"salt", 2).unwrap();
        let _ = FernetKey::derive_pbkdf2_with(Pbkdf2Hash::Sha512, b"p", b"s", 1).unwrap();
        let wrong = FernetKey::from_bytes(&[2; 32]);
        let sign = CookieSignKey::new(&[3; 24]).unwrap();
        let enc = CookieEncKey::new(&[4; 24]).unwrap();
        let _ = CookieSignKey::new(&[5; 100]).unwrap();
        let _ = CookieEncKey::new(&[6; 16]).unwrap();
        let _ = CookieEncKey::new(&[7; 32]).unwrap();

        // Fernet.
        let mut out = [0u8; 2048];
        let mut scratch = [0u8; 2048];
        let t = fernet_encrypt(&key, b"hello", now, &[8; 16], &mut out).unwrap();
        assert_eq!(
            fernet_decrypt(&key, &out[..t], &mut scratch).unwrap(),
            b"hello"
        );
        assert_eq!(
            fernet_decrypt(&wrong, &out[..t], &mut scratch),
            Err(Error::BadFernetToken)
        );
        let t = fernet_encrypt_raw(&key, b"hello", now, &[8; 16], &mut out).unwrap();
        fernet_decrypt_raw(&key, &out[..t], &mut scratch).unwrap();
        fernet_decrypt_raw_with_ttl(&key, &out[..t], 60, now, &mut scratch).unwrap();

        // Tokens.
        let exp = Some(UnixTime(now.as_secs() + 600));
        let t = mint_token(
            &key,
            TokenClass::AuthorizationCode,
            SID,
            exp,
            &[9; 32],
            &[10; 16],
            now,
            &mut out,
        )
        .unwrap();
        assert_eq!(t, token_len(TokenClass::AuthorizationCode, SID, exp));
        let f = read_token(&key, TokenClass::AuthorizationCode, &out[..t], &mut scratch).unwrap();
        assert_eq!(f.session_id, SID);
        assert!(!f.is_expired(now).unwrap());
        assert_eq!(
            read_token(&key, TokenClass::RefreshToken, &out[..t], &mut scratch),
            Err(Error::WrongTokenClass)
        );
        assert_eq!(
            read_token(
                &wrong,
                TokenClass::AuthorizationCode,
                &out[..t],
                &mut scratch
            ),
            Err(Error::UnknownToken)
        );
        let mut code = [0u8; 2048];
        let m = normalize_submitted_code_into("ab c", &mut code).unwrap();
        normalize_submitted_code(&mut code[..m]);

        // Session ids.
        let g = "e1918002e71311f1800202fc00000001";
        let t = encrypt_session_id(
            &key, "diana", "client_1", g, &[11; 32], &[12; 16], now, &mut out,
        )
        .unwrap();
        let p = decrypt_session_id(&key, &out[..t], &mut scratch).unwrap();
        assert_eq!(p.grant, g);
        assert_eq!(
            decrypt_session_id(&wrong, &out[..t], &mut scratch),
            Err(Error::InvalidSessionId)
        );
        let b = decrypt_branch_id(&key, &out[..t], &mut scratch).unwrap();
        assert_eq!(b.parts().count(), 3);

        // Cookies, every form, made and read, good and bad.
        let payload = r#"{"sub": "subj", "sid": "Z0FB"}"#;
        for keys in [
            CookieKeys::SignAndEncrypt {
                sign: &sign,
                enc: &enc,
            },
            CookieKeys::Encrypt(&enc),
            CookieKeys::Sign(&sign),
            CookieKeys::Fernet(&key),
        ] {
            let t = make_cookie(&keys, payload, "", now, &[13; 16], &mut out).unwrap();
            assert_eq!(t, cookie_len(&keys, payload, "", now));
            let text = core::str::from_utf8(&out[..t]).unwrap();
            let c = read_cookie(&keys, text, &mut scratch).unwrap();
            assert_eq!(c.value, payload);
            assert_eq!(
                read_cookie(&keys, &text[..t - 2], &mut scratch),
                Err(Error::InvalidCookie)
            );
        }

        // lv.
        let t = lv_pack(&["ab", "日本"], &mut out).unwrap();
        let text = core::str::from_utf8(&out[..t]).unwrap();
        assert_eq!(lv_unpack(text).count(), 2);
        assert_eq!(lv_unpack("x:ab").next(), Some(Err(Error::MalformedLv)));
    });
    assert_eq!(n, 0, "opaque paths allocated {n} times");
}
