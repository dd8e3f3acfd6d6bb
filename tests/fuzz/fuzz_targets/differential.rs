//! Differential: the `rustcrypto` and `ring` providers must give the same answer on the same
//! input — whole-token verification against the same key set, raw HMAC and ECDSA P-256
//! verification, and P-256 public-key validation. The ECDSA mode signs a fuzzed message with a
//! real key and then applies targeted mutations (r or s zero, equal to n, above n, s negated
//! to n-s, bit flips, truncation), the shapes behind CVE-2022-21449 and signature malleability.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::crypto::{HashAlg, Provider, Ring, RustCrypto};
use oxidc::{KeySet, SigningKey, UnixTime, Validator};
use oxidc_fuzz::{ES256_PRIVATE_JWK, NOW, split_first, take_chunk};
use std::sync::OnceLock;

// The EC and HMAC keys only: the pure-Rust provider has no RSA.
const JWKS: &str = r#"{"keys": [
 {"alg": "HS256", "k": "zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50", "kid": "rnlJBZBxIte9JnOXq9uQL-HfXg7Rne1GoWJnnyLREHo", "kty": "oct"},
 {"crv": "P-256", "kid": "T1YaXHatILYjTr77u7s8KLe5UlhzejWbe-dKNaU-fQw", "kty": "EC", "x": "Knh-VGeRwI1mwV7PJVFsIqxYDsYJeE1uNMJctZyb_N0", "y": "G8erQ0wsAJaZYkFBE4UAY1temx8qtKSIokgoK_bfOOs"}
]}"#;

const X: [u8; 32] = [
    0x2a, 0x78, 0x7e, 0x54, 0x67, 0x91, 0xc0, 0x8d, 0x66, 0xc1, 0x5e, 0xcf, 0x25, 0x51, 0x6c, 0x22,
    0xac, 0x58, 0x0e, 0xc6, 0x09, 0x78, 0x4d, 0x6e, 0x34, 0xc2, 0x5c, 0xb5, 0x9c, 0x9b, 0xfc, 0xdd,
];
const Y: [u8; 32] = [
    0x1b, 0xc7, 0xab, 0x43, 0x4c, 0x2c, 0x00, 0x96, 0x99, 0x62, 0x41, 0x41, 0x13, 0x85, 0x00, 0x63,
    0x5b, 0x5e, 0x9b, 0x1f, 0x2a, 0xb4, 0xa4, 0x88, 0xa2, 0x48, 0x28, 0x2b, 0xf6, 0xdf, 0x38, 0xeb,
];
/// The order n of the P-256 group.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

struct Fixture {
    /// Messages signed once at start-up (signing costs more than the two verifications that
    /// follow, so most executions mutate one of these instead of signing afresh).
    signed: Vec<(Vec<u8>, Vec<u8>)>,
    rc: KeySet<RustCrypto, 8>,
    ring: KeySet<Ring, 8>,
    signer: SigningKey<RustCrypto>,
    rc_pub: <RustCrypto as Provider>::EcPublic,
    ring_pub: <Ring as Provider>::EcPublic,
}

fn fx() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let signer = SigningKey::from_jwk(ES256_PRIVATE_JWK.as_bytes()).unwrap();
        let signed = (0u8..32)
            .map(|i| {
                let msg = vec![i; usize::from(i) * 7];
                let mut sig = vec![0u8; 64];
                signer.sign(&msg, &mut sig).unwrap();
                (msg, sig)
            })
            .collect();
        Fixture {
            signed,
            rc: KeySet::from_jwks(JWKS.as_bytes()).unwrap(),
            ring: KeySet::from_jwks(JWKS.as_bytes()).unwrap(),
            signer,
            rc_pub: RustCrypto::ec_public(&X, &Y).unwrap(),
            ring_pub: Ring::ec_public(&X, &Y).unwrap(),
        }
    })
}

/// 32-byte big-endian subtraction a - b (wrapping).
fn sub(a: &[u8; 32], b: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        out[i] = d.rem_euclid(256).to_le_bytes()[0];
    }
    out
}

fn add(a: &[u8], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in (0..32).rev() {
        let s = u16::from(a[i]) + u16::from(b[i]) + carry;
        carry = s >> 8;
        out[i] = s.to_le_bytes()[0];
    }
    out
}

fn mutate(sig: &mut Vec<u8>, op: u8, arg: &[u8]) {
    let a = usize::from(arg.first().copied().unwrap_or(0));
    match op % 14 {
        0 => {}
        1 => sig[..32].fill(0),
        2 => sig[32..].fill(0),
        3 => sig.fill(0),
        4 => sig[..32].copy_from_slice(&N),
        5 => sig[32..].copy_from_slice(&N),
        6 => {
            let s = sub(&N, &sig[32..]);
            sig[32..].copy_from_slice(&s);
        }
        7 => {
            let r = add(&sig[..32], &N);
            sig[..32].copy_from_slice(&r);
        }
        8 => {
            let s = add(&sig[32..], &N);
            sig[32..].copy_from_slice(&s);
        }
        9 => sig[a % 64] ^= 1 << (a % 8),
        10 => sig.truncate(a % 64),
        11 => sig.extend_from_slice(arg),
        12 => {
            let (r, s) = sig.split_at_mut(32);
            r.copy_from_slice(s);
        }
        _ => {
            for (d, s) in sig.iter_mut().zip(arg) {
                *d = *s;
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = split_first(data);
    let f = fx();
    match sel % 4 {
        0 => {
            let Ok(token) = core::str::from_utf8(rest) else {
                return;
            };
            let (mut b1, mut b2) = (vec![0u8; token.len()], vec![0u8; token.len()]);
            let v = Validator::new();
            let a = v
                .verify(token, &f.rc, UnixTime(NOW), &mut b1)
                .map(|t| t.claims().raw().to_vec());
            let b = v
                .verify(token, &f.ring, UnixTime(NOW), &mut b2)
                .map(|t| t.claims().raw().to_vec());
            assert_eq!(a, b, "providers disagree on a token");
        }
        1 => {
            let (pick, rest) = split_first(rest);
            let (fresh, rest) = take_chunk(rest);
            let (op, arg) = split_first(rest);
            let (msg, mut sig): (&[u8], Vec<u8>) = if pick & 0xE0 == 0xE0 {
                // One execution in eight signs the fuzzed message itself.
                let mut sig = vec![0u8; 64];
                assert_eq!(f.signer.sign(fresh, &mut sig).unwrap(), 64);
                (fresh, sig)
            } else {
                let (m, s) = &f.signed[usize::from(pick) % f.signed.len()];
                (m, s.clone())
            };
            mutate(&mut sig, op, arg);
            let a = RustCrypto::ec_verify(&f.rc_pub, msg, &sig);
            let b = Ring::ec_verify(&f.ring_pub, msg, &sig);
            assert_eq!(a, b, "ECDSA verdicts differ (op {op})");
            if op % 14 == 0 {
                assert!(a, "an untouched signature must verify");
            }
            let zero = sig.len() == 64
                && (sig[..32].iter().all(|x| *x == 0) || sig[32..].iter().all(|x| *x == 0));
            assert!(!(zero && a), "psychic signature accepted");
        }
        2 => {
            let (key, rest) = take_chunk(rest);
            let (tag, msg) = take_chunk(rest);
            // Keys are prepared once per key (ring keeps at most 256 secret bytes).
            let key = &key[..key.len().min(256)];
            let (rc, rk) = (RustCrypto::hmac_key(key), Ring::hmac_key(key));
            let (Ok(rc), Ok(rk)) = (rc, rk) else {
                panic!("a key of at most 256 bytes must prepare on both providers");
            };
            let key = (&rc, &rk);
            for h in [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512] {
                let (mut t1, mut t2) = ([0u8; 64], [0u8; 64]);
                let n1 = RustCrypto::hmac_sign(h, key.0, msg, &mut t1);
                let n2 = Ring::hmac_sign(h, key.1, msg, &mut t2);
                assert_eq!(t1[..n1], t2[..n2]);
                assert!(RustCrypto::hmac_verify(h, key.0, msg, &t1[..n1]));
                assert!(Ring::hmac_verify(h, key.1, msg, &t1[..n1]));
                assert_eq!(
                    RustCrypto::hmac_verify(h, key.0, msg, tag),
                    Ring::hmac_verify(h, key.1, msg, tag)
                );
            }
        }
        _ => {
            let mut x = [0u8; 32];
            let mut y = [0u8; 32];
            for (d, s) in x.iter_mut().chain(y.iter_mut()).zip(rest) {
                *d = *s;
            }
            let a = RustCrypto::ec_public(&x, &y);
            let b = Ring::ec_public(&x, &y);
            assert_eq!(a.is_ok(), b.is_ok(), "P-256 point validation differs");
            if let (Ok(a), Ok(b)) = (a, b) {
                let msg = rest.get(64..).unwrap_or(&[]);
                let (sig, msg) = msg.split_at(msg.len().min(64));
                assert_eq!(
                    RustCrypto::ec_verify(&a, msg, sig),
                    Ring::ec_verify(&b, msg, sig)
                );
            }
        }
    }
});
