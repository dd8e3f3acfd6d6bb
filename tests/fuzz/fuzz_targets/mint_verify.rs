//! Structure-aware round trip: arbitrary claims are minted (HS256 with RustCrypto, or ES256 /
//! RS256 with the no-security provider), verified, and must read back exactly; minting never
//! writes a token the verifier rejects for anything but the claims policy, and a buffer one
//! byte short gives `BufferTooSmall` with nothing left behind.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oxidc::crypto::Provider;
use oxidc::crypto::RustCrypto;
use oxidc::jwt::{HeaderSpec, KidChoice, Required, mint};
use oxidc::{Algorithm, Error, KeySet, Leeway, SigningKey, UnixTime, Validator};
use oxidc_fuzz::{ES256_PRIVATE_JWK, FuzzProvider, HS256_JWK, JWKS};
use std::sync::OnceLock;

#[derive(Arbitrary, Debug)]
struct Input {
    key: u8,
    kid: Option<String>,
    typ: Option<String>,
    iss: Option<String>,
    sub: Option<String>,
    aud: Vec<String>,
    exp: Option<i64>,
    nbf: Option<i64>,
    iat: Option<i64>,
    extra: Vec<(String, Extra)>,
    now: i64,
    leeway: u8,
}

#[derive(Arbitrary, Debug)]
enum Extra {
    Str(String),
    Int(i64),
    Bool(bool),
    Json(String),
}

fn rc_keys() -> &'static (SigningKey<RustCrypto>, KeySet<RustCrypto, 8>) {
    static K: OnceLock<(SigningKey<RustCrypto>, KeySet<RustCrypto, 8>)> = OnceLock::new();
    K.get_or_init(|| {
        (
            SigningKey::from_jwk(HS256_JWK.as_bytes()).unwrap(),
            KeySet::from_jwks(JWKS.as_bytes()).unwrap(),
        )
    })
}

fn nosec_keys() -> &'static (SigningKey<FuzzProvider>, KeySet<FuzzProvider, 8>) {
    static K: OnceLock<(SigningKey<FuzzProvider>, KeySet<FuzzProvider, 8>)> = OnceLock::new();
    K.get_or_init(|| {
        (
            SigningKey::from_jwk(ES256_PRIVATE_JWK.as_bytes())
                .unwrap()
                .with_algorithm(Algorithm::ES256)
                .unwrap(),
            KeySet::from_jwks(JWKS.as_bytes()).unwrap(),
        )
    })
}

const RESERVED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

fn run<P: Provider>(input: &Input, key: &SigningKey<P>, keys: &KeySet<P, 8>) {
    let aud: Vec<&str> = input.aud.iter().map(String::as_str).collect();
    let spec = HeaderSpec {
        kid: match input.kid.as_deref() {
            Some(k) => KidChoice::Explicit(k),
            None => KidChoice::FromKey,
        },
        typ: input.typ.as_deref(),
    };
    let write = |w: &mut oxidc::jwt::ClaimsWriter<'_, '_>| -> Result<(), Error> {
        if let Some(s) = &input.iss {
            w.str("iss", s)?;
        }
        if let Some(s) = &input.sub {
            w.str("sub", s)?;
        }
        if !aud.is_empty() {
            w.str_array("aud", &aud)?;
        }
        for (name, v) in [("exp", input.exp), ("nbf", input.nbf), ("iat", input.iat)] {
            if let Some(v) = v {
                w.int(name, v)?;
            }
        }
        for (i, (name, v)) in input.extra.iter().enumerate() {
            // Unique names (duplicates are rejected on read, by design).
            let name = format!("x{i}_{name}");
            match v {
                Extra::Str(s) => w.str(&name, s)?,
                Extra::Int(n) => w.int(&name, *n)?,
                Extra::Bool(b) => w.bool(&name, *b)?,
                Extra::Json(j) => w.raw_json(&name, j)?,
            }
        }
        Ok(())
    };
    let mut out = vec![0u8; 20_000];
    let n = match mint(key, &spec, write, &mut out) {
        Ok(n) => n,
        Err(e) => {
            assert!(
                out.iter().all(|b| *b == 0),
                "partial token left after {e:?}"
            );
            return;
        }
    };
    // One byte short: BufferTooSmall, nothing left behind.
    let mut short = vec![0u8; n - 1];
    assert_eq!(
        mint(key, &spec, write, &mut short),
        Err(Error::BufferTooSmall)
    );
    assert!(short.iter().all(|b| *b == 0));

    let token = core::str::from_utf8(&out[..n]).expect("minted token is ASCII");
    let leeway = i64::from(input.leeway);
    let v = Validator::new()
        .leeway(Leeway(u32::from(input.leeway)))
        .require(Required::NONE);
    let mut buf = vec![0u8; n];
    let r = v.verify(token, keys, UnixTime(input.now), &mut buf);
    let now = input.now;
    let expired = input.exp.is_some_and(|e| now >= e.saturating_add(leeway));
    let early = input.nbf.is_some_and(|b| now < b.saturating_sub(leeway));
    let future = input.iat.is_some_and(|i| i > now.saturating_add(leeway));
    let kid_known = match input.kid.as_deref().or(key.kid()) {
        Some(k) => keys
            .find(k)
            .is_some_and(|j| j.algorithms().contains(key.algorithm())),
        None => true,
    };
    match r {
        Ok(t) => {
            assert!(!expired && !early && !future);
            let c = t.claims();
            assert_eq!(c.exp(), input.exp);
            assert_eq!(c.nbf(), input.nbf);
            assert_eq!(c.iat(), input.iat);
            let s = |o: Option<oxidc::json::JsonStr<'_>>| {
                o.map(|s| String::from_utf8(s.bytes().collect()).unwrap())
            };
            assert_eq!(s(c.iss()), input.iss);
            assert_eq!(s(c.sub()), input.sub);
            let got: Vec<String> = c
                .aud()
                .map(|a| a.iter().map(|s| s_one(&s)).collect())
                .unwrap_or_default();
            assert_eq!(got, input.aud);
            if let Some(typ) = &input.typ {
                assert_eq!(s(t.header().typ()).as_deref(), Some(typ.as_str()));
            }
        }
        Err(Error::Expired) => assert!(expired),
        Err(Error::NotYetValid) => assert!(early),
        Err(Error::IssuedInFuture) => assert!(future),
        Err(Error::UnknownKey) => assert!(!kid_known),
        Err(Error::AlgorithmMismatch | Error::BadSignature) => assert!(!kid_known),
        Err(Error::ValueTooLong) => {
            // A kid or typ longer than the reader's limits: the writer has none.
            let long = |s: &Option<String>, max| s.as_ref().is_some_and(|s| escaped_len(s) > max);
            assert!(
                long(&input.kid, oxidc::limits::MAX_KID_LEN)
                    || long(&input.typ, oxidc::limits::MAX_TYP_LEN),
                "{input:?}"
            );
        }
        Err(
            Error::HeaderTooLarge
            | Error::TokenTooLarge
            | Error::TooManyMembers
            | Error::JsonTooDeep,
        ) => {}
        Err(e) => panic!("minted token rejected: {e:?} ({input:?})"),
    }
}

/// Length of `s` as the writer escapes it (Python's `ensure_ascii`: everything outside
/// `' '..='~'` as `\uXXXX`, DEL included).
fn escaped_len(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            '\0'..='\u{1f}' => 6,
            ' '..='~' => 1,
            '\u{7f}' => 6,
            c => 6 * c.len_utf16(),
        })
        .sum()
}

fn s_one(s: &oxidc::json::JsonStr<'_>) -> String {
    String::from_utf8(s.bytes().collect()).unwrap()
}

fuzz_target!(|input: Input| {
    if input
        .extra
        .iter()
        .any(|(n, _)| RESERVED.contains(&n.as_str()))
    {
        return;
    }
    if input.key & 1 == 0 {
        let (k, ks) = rc_keys();
        run(&input, k, ks);
    } else {
        let (k, ks) = nosec_keys();
        run(&input, k, ks);
    }
});
