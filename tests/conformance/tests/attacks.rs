#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::as_conversions
)]
//! The attack catalogue (RFC 8725 and known CVEs): every vector in tests/vectors/attacks/
//! (made by tests/vectors/generators/gen_attacks.py) gives its expected category within a
//! bounded time, for every compiled-in provider; plus the inputs too large to keep as files
//! (1 MB tokens, a JWK Set of 10 000 keys, deep nesting of a megabyte), built here.
//!
//! tests/conformance/tests/jws_vectors.rs iterates the same files (with flipped-byte and
//! re-mint checks); this file lists every mismatch at once and adds the time bound.

use oxidc::crypto::Provider;
use oxidc::{Error, KeySet, Leeway, UnixTime, UntrustedToken, Validator};
use serde_json::Value as J;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Generous for a debug build on a loaded 2-core machine; a real problem (quadratic work,
/// unbounded recursion) shows up as orders of magnitude more.
const TIME_BOUND: Duration = Duration::from_millis(250);

fn files() -> Vec<(String, J)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors/attacks");
    let mut out: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    out.sort();
    out.into_iter()
        .map(|p| {
            let v = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), v)
        })
        .collect()
}

/// The corpus categories (tests/vectors/jws/README.md), as jws_vectors.rs maps them.
fn category(e: Error) -> &'static str {
    use Error::*;
    match e {
        InvalidBase64 | InvalidUtf8 | InvalidJson | DuplicateMember | NotAnObject
        | MalformedToken | MissingAlgorithm | InvalidHeader => "malformed",
        TokenTooLarge | HeaderTooLarge | JsonTooDeep | TooManyMembers | ValueTooLong
        | TooManyKeys => "too_large",
        AlgorithmNone | UnsupportedAlgorithm | AlgorithmMismatch => "unsupported_algorithm",
        UnsupportedCritical | UnencodedPayload => "unsupported_header",
        UnknownKey => "unknown_key",
        BadSignature => "bad_signature",
        Expired => "expired",
        NotYetValid => "not_yet_valid",
        IssuerMismatch => "issuer_mismatch",
        AudienceMismatch => "audience_mismatch",
        MissingClaim => "missing_claim",
        InvalidClaim => "invalid_claim",
        other => other.as_str(),
    }
}

fn verify<P: Provider>(v: &J) -> Result<(J, J), Error> {
    let token = v["token"].as_str().unwrap();
    let policy = &v["policy"];
    let mut val = Validator::new().leeway(Leeway(policy["leeway"].as_u64().unwrap_or(15) as u32));
    if let Some(iss) = policy["issuer"].as_str() {
        val = val.issuer(iss);
    }
    if let Some(aud) = policy["audience"].as_str() {
        val = val.audience(aud);
    }
    let jwks = serde_json::to_vec(&v["jwks"]).unwrap();
    let keys = KeySet::<P, 8>::from_jwks(&jwks)?;
    let mut buf = vec![0u8; token.len()];
    let t = val.verify(token, &keys, UnixTime(v["now"].as_i64().unwrap()), &mut buf)?;
    Ok((
        serde_json::from_slice(t.header().object().raw()).unwrap(),
        serde_json::from_slice(t.claims().raw()).unwrap(),
    ))
}

fn run<P: Provider>() -> usize {
    let mut failures = Vec::new();
    let all = files();
    for (file, v) in &all {
        let start = Instant::now();
        let got = verify::<P>(v);
        let took = start.elapsed();
        if took > TIME_BOUND {
            failures.push(format!("{file}: took {took:?}"));
        }
        let exp = &v["expected"];
        match (exp["valid"].as_bool() == Some(true), got) {
            (true, Ok((h, c))) => {
                if h != exp["header"] || c != exp["claims"] {
                    failures.push(format!("{file}: decoded header/claims differ"));
                }
            }
            (true, Err(e)) => failures.push(format!("{file}: rejected with {e:?}")),
            (false, Ok(_)) => failures.push(format!("{file}: ACCEPTED")),
            (false, Err(e)) => {
                let want = exp["error"].as_str().unwrap();
                if category(e) != want {
                    failures.push(format!("{file}: {e:?} ({}), expected {want}", category(e)));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} ({}):\n{}",
        failures.len(),
        P::NAME,
        failures.join("\n")
    );
    all.len()
}

#[cfg(feature = "rustcrypto")]
#[test]
fn attack_vectors_rustcrypto() {
    assert!(run::<oxidc::crypto::RustCrypto>() >= 150);
}

#[cfg(feature = "ring")]
#[test]
fn attack_vectors_ring() {
    assert!(run::<oxidc::crypto::Ring>() >= 150);
}

fn b64(data: &[u8]) -> String {
    let mut out = vec![0u8; oxidc::b64::encoded_len(data.len())];
    let n = oxidc::b64::encode(data, &mut out).unwrap();
    String::from_utf8(out[..n].to_vec()).unwrap()
}

const HS_JWKS: &str = r#"{"keys":[{"alg":"HS256","k":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50","kid":"rnlJBZBxIte9JnOXq9uQL-HfXg7Rne1GoWJnnyLREHo","kty":"oct"}]}"#;

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let r = f();
    let took = start.elapsed();
    assert!(took < TIME_BOUND, "{what}: took {took:?}");
    r
}

fn hs_keys() -> KeySet<oxidc::DefaultProvider, 8> {
    KeySet::from_jwks(HS_JWKS.as_bytes()).unwrap()
}

#[test]
fn token_of_one_megabyte() {
    let keys = hs_keys();
    let header = b64(br#"{"alg":"HS256"}"#);
    let claims = b64(&vec![b'x'; 786_432]);
    let token = format!("{header}.{claims}.AAAA");
    assert!(token.len() > 1_000_000);
    let mut buf = vec![0u8; token.len()];
    let r = timed("1 MB token", || {
        Validator::new().verify(&token, &keys, UnixTime(0), &mut buf)
    });
    assert_eq!(r.err(), Some(Error::TokenTooLarge));
    assert_eq!(
        timed("1 MB parse", || UntrustedToken::parse(&token)).err(),
        Some(Error::TokenTooLarge)
    );
    // A megabyte of dots and of garbage: the same bound, before any scanning work.
    let dots = ".".repeat(1 << 20);
    assert_eq!(
        timed("1 MB dots", || UntrustedToken::parse(&dots)).err(),
        Some(Error::TokenTooLarge)
    );
}

#[test]
fn jwks_of_ten_thousand_keys() {
    let key = r#"{"kty":"EC","crv":"P-256","x":"Knh-VGeRwI1mwV7PJVFsIqxYDsYJeE1uNMJctZyb_N0","y":"G8erQ0wsAJaZYkFBE4UAY1temx8qtKSIokgoK_bfOOs"}"#;
    let jwks = format!(r#"{{"keys":[{}]}}"#, vec![key; 10_000].join(","));
    let r = timed("10 000-key JWKS", || {
        KeySet::<oxidc::DefaultProvider, 8>::from_jwks(jwks.as_bytes())
    });
    let e = r.err().unwrap();
    assert!(
        matches!(e, Error::TooManyKeys | Error::TooManyMembers),
        "{e:?}"
    );
    // 10 000 keys of an unsupported type (skipped without work) are bounded all the same.
    let okp = r#"{"kty":"OKP","crv":"Ed25519","x":"AAAA"}"#;
    let jwks = format!(r#"{{"keys":[{}]}}"#, vec![okp; 10_000].join(","));
    let r = timed("10 000 skipped keys", || {
        KeySet::<oxidc::DefaultProvider, 8>::from_jwks(jwks.as_bytes())
    });
    assert!(matches!(
        r.err(),
        Some(Error::TooManyKeys | Error::TooManyMembers)
    ));
}

#[test]
fn megabyte_of_nesting_in_every_json_reader() {
    let deep = "[".repeat(1 << 20);
    let obj = format!(r#"{{"a":{deep}"#);
    let r = timed("1 MB of [", || oxidc::json::Object::parse(obj.as_bytes()));
    assert_eq!(r.err(), Some(Error::JsonTooDeep));
    let r = timed("1 MB of [ as a value", || {
        oxidc::json::parse_value(deep.as_bytes())
    });
    assert_eq!(r.err(), Some(Error::JsonTooDeep));
    let r = timed("1 MB of [ as claims", || {
        oxidc::jwt::Claims::parse(obj.as_bytes())
    });
    assert_eq!(r.err(), Some(Error::JsonTooDeep));
    let objs = r#"{"a":"#.repeat(200_000);
    let r = timed("nested objects", || {
        oxidc::json::Object::parse(objs.as_bytes())
    });
    assert_eq!(r.err(), Some(Error::JsonTooDeep));
}

#[test]
fn ten_thousand_members_and_duplicates() {
    // 10 000 distinct members, and 10 000 copies of one name: both bounded by
    // MAX_JSON_MEMBERS before the duplicate check can go quadratic.
    let many: Vec<String> = (0..10_000).map(|i| format!(r#""m{i}":{i}"#)).collect();
    let obj = format!("{{{}}}", many.join(","));
    let r = timed("10 000 members", || {
        oxidc::json::Object::parse(obj.as_bytes())
    });
    assert_eq!(r.err(), Some(Error::TooManyMembers));
    let same = format!("{{{}}}", vec![r#""a":1"#; 10_000].join(","));
    let r = timed("10 000 duplicates", || {
        oxidc::json::Object::parse(same.as_bytes())
    });
    assert_eq!(r.err(), Some(Error::DuplicateMember));
    // 255 names whose hashes collide would force re-reads; distinct long names at the limit
    // exercise the re-read path's worst case within the bound.
    let long: Vec<String> = (0..255)
        .map(|i| format!(r#""{}{i}":1"#, "n".repeat(200)))
        .collect();
    let obj = format!("{{{}}}", long.join(","));
    assert!(
        timed("255 long names", || oxidc::json::Object::parse(
            obj.as_bytes()
        ))
        .is_ok()
    );
}

#[test]
fn escaped_member_names_in_jwks() {
    // Names compare after unescaping (RFC 8259 §8.3), in JWKs as in headers and claims: the
    // JWK Set below is the HS256 key with `kty`, `k`, `alg` and `use` written with escapes.
    // (Vector files cannot carry this: their key sets are re-serialised by the test.)
    let key = r#"{"\u006bty":"oct","\u006b":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50","kid":"rnlJBZBxIte9JnOXq9uQL-HfXg7Rne1GoWJnnyLREHo","\u0061lg":"HS256","us\u0065":"sig"}"#;
    let keys =
        KeySet::<oxidc::DefaultProvider, 8>::from_jwks(format!(r#"{{"keys":[{key}]}}"#).as_bytes())
            .unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(
        keys.keys().next().unwrap().algorithms(),
        oxidc::AlgSet::only(oxidc::Algorithm::HS256)
    );
    let signer = oxidc::SigningKey::<oxidc::DefaultProvider>::from_jwk(key.as_bytes()).unwrap();
    let mut out = vec![0u8; 512];
    let n = oxidc::jwt::mint(
        &signer,
        &Default::default(),
        |w| w.int("exp", 2_000_000_000),
        &mut out,
    )
    .unwrap();
    let token = std::str::from_utf8(&out[..n]).unwrap();
    let mut buf = vec![0u8; n];
    assert!(
        Validator::new()
            .verify(token, &keys, UnixTime(0), &mut buf)
            .is_ok()
    );
    // An escaped `use: enc` keeps the key out of a signature set.
    let enc = key.replace("\"sig\"", "\"enc\"");
    let keys =
        KeySet::<oxidc::DefaultProvider, 8>::from_jwks(format!(r#"{{"keys":[{enc}]}}"#).as_bytes())
            .unwrap();
    assert_eq!((keys.len(), keys.skipped()), (0, 1));
    // A duplicate of an escaped and a plain `kty` is a duplicate.
    let dup = r#"{"keys":[{"kty":"oct","\u006bty":"EC","k":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50"}]}"#;
    assert!(KeySet::<oxidc::DefaultProvider, 8>::from_jwks(dup.as_bytes()).is_err());
}

// ------------------------------------------------------------------ messages, client auth, grants

use oxidc::oauth::Params;
use oxidc::oauth::client_authn::{BasicDecoding, parse_basic, parse_bearer};
use oxidc::oauth::messages::{GrantType, TokenRequest};

fn form(input: &str) -> Result<usize, Error> {
    let mut scratch = vec![0u8; input.len()];
    Params::parse_form(input.as_bytes(), &mut scratch).map(|p| p.len())
}

fn json_body(input: &str) -> Result<usize, Error> {
    let mut scratch = vec![0u8; input.len()];
    Params::parse_json(input.as_bytes(), &mut scratch).map(|p| p.len())
}

#[test]
fn form_bodies_of_ten_thousand_parameters() {
    // 10 000 distinct names in under MAX_MESSAGE_LEN (so the parameter bound is what fires).
    let name = |i: u32| -> String {
        [i / 676, i / 26 % 26, i % 26]
            .iter()
            .map(|d| char::from(b'a' + *d as u8))
            .collect()
    };
    let many: Vec<String> = (0..10_000).map(|i| format!("{}=1", name(i))).collect();
    let body = many.join("&");
    assert!(body.len() < oxidc::limits::MAX_MESSAGE_LEN);
    assert_eq!(
        timed("10 000 parameters", || form(&body)),
        Err(Error::TooManyParameters)
    );
    // The same name 10 000 times: bounded the same way (duplicates are a later, typed check).
    let body = vec!["c=a"; 10_000].join("&");
    assert_eq!(
        timed("10 000 x c", || form(&body)),
        Err(Error::TooManyParameters)
    );
    // 10 000 pairs without `=` or with empty values are dropped (parse_qs), never stored.
    let body = format!("{}&grant_type=refresh_token", vec!["x"; 10_000].join("&"));
    assert_eq!(timed("10 000 bare names", || form(&body)), Ok(1));
    let body = format!("{}&grant_type=refresh_token", vec!["x="; 10_000].join("&"));
    assert_eq!(timed("10 000 empty values", || form(&body)), Ok(1));
    // At the limit and one past.
    let at: Vec<String> = (0..oxidc::limits::MAX_PARAMS)
        .map(|i| format!("p{i}=v"))
        .collect();
    assert_eq!(form(&at.join("&")), Ok(oxidc::limits::MAX_PARAMS));
    let past: Vec<String> = (0..=oxidc::limits::MAX_PARAMS)
        .map(|i| format!("p{i}=v"))
        .collect();
    assert_eq!(form(&past.join("&")), Err(Error::TooManyParameters));
}

#[test]
fn oversized_and_malformed_form_bodies() {
    let mb = format!("code={}", "a".repeat(1 << 20));
    assert_eq!(
        timed("1 MB body", || form(&mb)),
        Err(Error::MessageTooLarge)
    );
    let long_name = format!("{}=v", "n".repeat(oxidc::limits::MAX_PARAM_NAME_LEN + 1));
    assert_eq!(form(&long_name), Err(Error::ParameterTooLong));
    let long_value = format!(
        "code={}",
        "v".repeat(oxidc::limits::MAX_PARAM_VALUE_LEN + 1)
    );
    assert_eq!(form(&long_value), Err(Error::ParameterTooLong));
    // %-escapes that would decode past the value limit are measured decoded.
    let pct = format!(
        "code={}",
        "%41".repeat(oxidc::limits::MAX_PARAM_VALUE_LEN / 3 + 1)
    );
    assert!(form(&pct).is_ok());
    for bad in [
        "code=%",
        "code=%4",
        "code=%zz",
        "code=%C0%AF",
        "code=%ED%A0%80",
        "code=%FF",
    ] {
        assert!(
            matches!(
                form(bad),
                Err(Error::InvalidPercentEncoding | Error::InvalidUtf8)
            ),
            "{bad}: {:?}",
            form(bad)
        );
    }
    // A duplicated single-valued parameter is refused by the token endpoint (RFC 6749 §3.2).
    let body = "grant_type=authorization_code&code=a&code=b&redirect_uri=https%3A%2F%2Frp";
    let mut scratch = vec![0u8; body.len()];
    let p = Params::parse_form(body.as_bytes(), &mut scratch).unwrap();
    let r = TokenRequest::parse(&p, &[GrantType::AuthorizationCode]);
    assert_eq!(r.err().map(|r| r.error), Some(Error::DuplicateParameter));
    let body = "grant_type=authorization_code&grant_type=refresh_token&code=a";
    let mut scratch = vec![0u8; body.len()];
    let p = Params::parse_form(body.as_bytes(), &mut scratch).unwrap();
    let r = TokenRequest::parse(&p, &[GrantType::AuthorizationCode, GrantType::RefreshToken]);
    assert_eq!(r.err().map(|r| r.error), Some(Error::DuplicateParameter));
}

#[test]
fn json_bodies_of_ten_thousand_members() {
    let many: Vec<String> = (0..10_000).map(|i| format!(r#""p{i}":"v""#)).collect();
    let body = format!("{{{}}}", many.join(","));
    let r = timed("10 000 JSON members", || json_body(&body));
    assert!(
        matches!(
            r,
            Err(Error::TooManyParameters | Error::TooManyMembers | Error::MessageTooLarge)
        ),
        "{r:?}"
    );
    let dup = format!("{{{}}}", vec![r#""code":"a""#; 1000].join(","));
    assert_eq!(
        timed("1000 x code", || json_body(&dup)),
        Err(Error::DuplicateMember)
    );
    let esc = r#"{"code":"a","c\u006fde":"b"}"#;
    assert_eq!(json_body(esc), Err(Error::DuplicateMember));
    let deep = format!(r#"{{"claims":{}}}"#, "[".repeat(100_000));
    assert!(matches!(
        timed("deep JSON body", || json_body(&deep)),
        Err(Error::JsonTooDeep | Error::MessageTooLarge)
    ));
    let list = format!(r#"{{"scope":[{}]}}"#, vec![r#""openid""#; 10_000].join(","));
    let r = timed("10 000-entry list", || json_body(&list));
    assert!(r.is_err(), "{r:?}");
}

#[test]
fn authorization_headers() {
    let mb = format!("Basic {}", "A".repeat(1 << 20));
    let mut scratch = vec![0u8; mb.len()];
    let r = timed("1 MB Basic", || {
        parse_basic(mb.as_bytes(), BasicDecoding::Rfc6749, &mut scratch)
    });
    assert_eq!(r.err(), Some(Error::ParameterTooLong));
    let r = timed("1 MB Bearer", || {
        parse_bearer(mb.replace("Basic", "Bearer").as_bytes()).map(str::len)
    });
    assert_eq!(r.err(), Some(Error::ParameterTooLong));
    let mut scratch = [0u8; 64];
    for bad in [
        "Basic",
        "Basic ",
        "Basic Y2xpZW50",              // no colon
        "Basic Y2xpZW50OnNlY3JldA",    // unpadded
        "Basic Y2xp ZW50OnNlY3JldA==", // space inside
        "Basic Y2xpZW50OnNlY3JldA==\n",
        "Basic !!!!",
        "Basic JTpa", // "%:Z": bad form-encoding in the id
    ] {
        let r = parse_basic(bad.as_bytes(), BasicDecoding::Rfc6749, &mut scratch);
        assert!(
            matches!(
                r,
                Err(Error::MalformedBasicCredentials | Error::UnsupportedAuthScheme)
            ),
            "{bad}: {:?}",
            r.map(|c| c.client_id)
        );
    }
    for bad in [
        "Bearer",
        "Bearer ",
        "Bearer a b",
        "Bearer =abc",
        "Bearer a\"b",
        "Bearer \u{e9}",
    ] {
        assert!(parse_bearer(bad.as_bytes()).is_err(), "{bad}");
    }
}

#[test]
fn hostile_stored_grants() {
    use oxidc::grant::GrantView;
    let token = r#"{"idpyoidc.server.session.token.AccessToken":{"value":"v","token_class":"access_token","used":0,"revoked":false,"expires_at":0,"not_before":0,"usage_rules":{}}}"#;
    let grant = format!(
        r#"{{"issued_token":[{}],"scope":["openid"]}}"#,
        vec![token; 10_000].join(",")
    );
    let r = timed("10 000 issued tokens", || {
        GrantView::parse(grant.as_bytes()).map(|g| g.tokens().len())
    });
    assert!(r.is_err(), "{r:?}");
    let deep = format!(r#"{{"claims":{}}}"#, "{\"a\":".repeat(100_000));
    assert!(
        timed("deep grant", || GrantView::parse(deep.as_bytes())
            .map(|_| ()))
        .is_err()
    );
    let huge = format!(r#"{{"scope":["{}"]}}"#, "s".repeat(1 << 20));
    assert!(
        timed("1 MB grant", || GrantView::parse(huge.as_bytes())
            .map(|_| ()))
        .is_err()
    );
    let dup = r#"{"used":0,"used":5,"issued_token":[]}"#;
    assert_eq!(
        GrantView::parse(dup.as_bytes()).map(|_| ()).err(),
        Some(Error::DuplicateMember)
    );
    let esc = r#"{"used":0,"u\u0073ed":5,"issued_token":[]}"#;
    assert_eq!(
        GrantView::parse(esc.as_bytes()).map(|_| ()).err(),
        Some(Error::DuplicateMember)
    );
}

#[test]
fn jwks_at_the_key_limit() {
    // MAX_JWKS_KEYS keys load into a set that can hold them, and one more never does.
    let key = |i: usize| {
        format!(
            r#"{{"kty":"oct","k":"{}","kid":"k{i}"}}"#,
            b64(&[i as u8; 16])
        )
    };
    let at: Vec<String> = (0..oxidc::limits::MAX_JWKS_KEYS).map(key).collect();
    let jwks = format!(r#"{{"keys":[{}]}}"#, at.join(","));
    let set = KeySet::<oxidc::DefaultProvider, 64>::from_jwks(jwks.as_bytes()).unwrap();
    assert_eq!(set.len(), oxidc::limits::MAX_JWKS_KEYS);
    assert!(set.find("k63").is_some());
    // A smaller set refuses the surplus rather than dropping keys silently.
    assert_eq!(
        KeySet::<oxidc::DefaultProvider, 8>::from_jwks(jwks.as_bytes()).err(),
        Some(Error::TooManyKeys)
    );
    let past: Vec<String> = (0..=oxidc::limits::MAX_JWKS_KEYS).map(key).collect();
    let jwks = format!(r#"{{"keys":[{}]}}"#, past.join(","));
    assert_eq!(
        KeySet::<oxidc::DefaultProvider, 128>::from_jwks(jwks.as_bytes()).err(),
        Some(Error::TooManyKeys)
    );
}
