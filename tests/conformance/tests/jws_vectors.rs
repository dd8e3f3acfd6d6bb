#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::as_conversions
)]
//! Conformance: every JWS vector (made by cryptojwt, plus RFC examples) through the core, for
//! every compiled-in crypto provider. After every positive case one byte is flipped and the
//! token must fail; positive cases are re-minted and must verify (HMAC ones byte-identical).

use oxidc::crypto::Provider;
use oxidc::json::{Object, Value};
use oxidc::jwt::{ClaimsWriter, HeaderSpec, KidChoice, mint};
use oxidc::{Error, KeySet, Leeway, SigningKey, UnixTime, UntrustedToken, Validator};
use serde_json::Value as J;
use std::path::PathBuf;

fn vector_files(dir: &str) -> Vec<(String, J)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../vectors")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect()
}

/// The vector corpus's error categories (tests/vectors/jws/README.md).
pub fn category(e: Error) -> &'static str {
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

fn json_of(raw: &[u8]) -> J {
    serde_json::from_slice(raw).unwrap()
}

struct Case {
    name: String,
    v: J,
}

impl Case {
    fn validator<'a>(&'a self, policy: &'a J) -> Validator<'a> {
        let mut val =
            Validator::new().leeway(Leeway(policy["leeway"].as_u64().unwrap_or(15) as u32));
        if let Some(iss) = policy["issuer"].as_str() {
            val = val.issuer(iss);
        }
        if let Some(aud) = policy["audience"].as_str() {
            val = val.audience(aud);
        }
        val
    }
}

fn run<P: Provider>() -> (usize, usize) {
    let (mut checked, mut provider_limited) = (0, 0);
    for dir in ["jws", "rfc", "attacks"] {
        for (file, v) in vector_files(dir) {
            let case = Case {
                name: format!("{dir}/{file}"),
                v,
            };
            let v = &case.v;
            match v["kind"].as_str() {
                Some("thumbprint") => {
                    thumbprints::<P>(&case);
                    checked += 1;
                    continue;
                }
                Some("jws") => {
                    plain_jws::<P>(&case);
                    checked += 1;
                    continue;
                }
                _ => {}
            }
            let token = v["token"].as_str().unwrap();
            let now = UnixTime(v["now"].as_i64().unwrap());
            let policy = &v["policy"];
            let validator = case.validator(policy);
            let jwks = serde_json::to_vec(&v["jwks"]).unwrap();
            let expected = &v["expected"];
            let needs_rsa =
                token_alg(token).is_some_and(|a| a.starts_with("RS") || a.starts_with("PS"));
            let mut buf = vec![0u8; token.len()];
            let result = KeySet::<P, 8>::from_jwks(&jwks).and_then(|keys| {
                validator.verify(token, &keys, now, &mut buf).map(|t| {
                    (
                        json_of(t.header().object().raw()),
                        json_of(t.claims().raw()),
                    )
                })
            });
            if needs_rsa && !P::HAS_RSA {
                // Documented provider limitation: RSA needs the `ring` provider.
                assert_eq!(
                    result.err(),
                    Some(Error::UnsupportedByProvider),
                    "{} ({})",
                    case.name,
                    P::NAME
                );
                provider_limited += 1;
                continue;
            }
            checked += 1;
            if expected["valid"].as_bool() == Some(true) {
                let (header, claims) =
                    result.unwrap_or_else(|e| panic!("{} ({}): {e:?}", case.name, P::NAME));
                assert_eq!(header, expected["header"], "{}", case.name);
                assert_eq!(claims, expected["claims"], "{}", case.name);
                flipped_bytes_fail::<P>(&case, token, &jwks, &validator, now);
                if let (Some(jwk), Some(_)) = (v.get("signing_jwk"), v.get("alg")) {
                    remint::<P>(&case, token, jwk, &jwks, &validator, now);
                }
            } else {
                let want = expected["error"].as_str().unwrap();
                match result {
                    Ok(_) => panic!("{} ({}): accepted, expected {want}", case.name, P::NAME),
                    Err(e) => {
                        assert_eq!(category(e), want, "{} ({}): got {e:?}", case.name, P::NAME)
                    }
                }
            }
        }
    }
    (checked, provider_limited)
}

fn thumbprints<P: Provider>(case: &Case) {
    for k in case.v["keys"].as_array().unwrap() {
        let jwk = oxidc::Jwk::<P>::from_json(&serde_json::to_vec(&k["jwk"]).unwrap()).unwrap();
        let mut buf = [0u8; 64];
        let n = jwk
            .thumbprint_kid(oxidc::KidForm::Rfc7638, &mut buf)
            .unwrap();
        assert_eq!(
            std::str::from_utf8(&buf[..n]).unwrap(),
            k["rfc7638"],
            "{}",
            case.name
        );
        if let Some(legacy) = k.get("legacy") {
            let n = jwk
                .thumbprint_kid(oxidc::KidForm::CryptojwtLegacy, &mut buf)
                .unwrap();
            assert_eq!(
                std::str::from_utf8(&buf[..n]).unwrap(),
                legacy,
                "{}",
                case.name
            );
        }
    }
}

fn plain_jws<P: Provider>(case: &Case) {
    let keys = KeySet::<P, 8>::from_jwks(&serde_json::to_vec(&case.v["jwks"]).unwrap()).unwrap();
    let token = case.v["token"].as_str().unwrap();
    let mut buf = vec![0u8; token.len()];
    let (header, payload) = UntrustedToken::parse(token)
        .unwrap()
        .verify_jws(&keys, &mut buf)
        .unwrap();
    assert_eq!(
        json_of(header.object().raw()),
        case.v["expected"]["header"],
        "{}",
        case.name
    );
    assert_eq!(
        std::str::from_utf8(payload).unwrap(),
        case.v["expected"]["payload_text"],
        "{}",
        case.name
    );
}

fn token_alg(token: &str) -> Option<String> {
    let h = token.split('.').next()?;
    let mut buf = vec![0u8; h.len()];
    let n = oxidc::b64::decode(h.as_bytes(), &mut buf).ok()?.len();
    let j: J = serde_json::from_slice(&buf[..n]).ok()?;
    j["alg"].as_str().map(str::to_owned)
}

fn flipped_bytes_fail<P: Provider>(
    case: &Case,
    token: &str,
    jwks: &[u8],
    val: &Validator<'_>,
    now: UnixTime,
) {
    let keys = KeySet::<P, 8>::from_jwks(jwks).unwrap();
    let d2 = token.rfind('.').unwrap();
    let d1 = token.find('.').unwrap();
    // One byte in the header, the payload and the signature, each in turn.
    for pos in [d1 / 2, (d1 + d2) / 2, (d2 + token.len()) / 2] {
        let mut t = token.as_bytes().to_vec();
        t[pos] = if t[pos] == b'A' { b'B' } else { b'A' };
        let t = String::from_utf8(t).unwrap();
        let mut buf = vec![0u8; t.len()];
        let r = val.verify(&t, &keys, now, &mut buf);
        assert!(
            r.is_err(),
            "{} ({}): flipped byte {pos} accepted",
            case.name,
            P::NAME
        );
    }
}

/// Writes a decoded claim back in the same form (Python separators, as in the original).
fn write_member(w: &mut ClaimsWriter<'_, '_>, name: &str, value: &Value<'_>) -> Result<(), Error> {
    match value {
        Value::String(s) => w.str(name, &String::from_utf8(s.bytes().collect()).unwrap()),
        Value::Number(n) => w.raw_json(name, n.as_str()),
        Value::Bool(b) => w.bool(name, *b),
        Value::Null => w.raw_json(name, "null"),
        Value::Array(a) => w.raw_json(name, std::str::from_utf8(a.raw()).unwrap()),
        Value::Object(o) => w.raw_json(name, std::str::from_utf8(o.raw()).unwrap()),
    }
}

fn remint<P: Provider>(
    case: &Case,
    token: &str,
    jwk: &J,
    jwks: &[u8],
    val: &Validator<'_>,
    now: UnixTime,
) {
    let jwk_text = serde_json::to_vec(jwk).unwrap();
    let key = match SigningKey::<P>::from_jwk(&jwk_text) {
        Ok(k) => k,
        Err(Error::UnsupportedByProvider) if !P::HAS_RSA => return,
        Err(e) => panic!("{}: signing key: {e:?}", case.name),
    };
    let key = key
        .with_algorithm(
            oxidc::Algorithm::from_name(case.v["alg"].as_str().unwrap().as_bytes()).unwrap(),
        )
        .unwrap();
    let untrusted = UntrustedToken::parse(token).unwrap();
    let mut dbuf = vec![0u8; token.len()];
    let (header, claims) = untrusted.decode_unverified(&mut dbuf).unwrap();
    let kid = header.kid().map(|k| k.as_str().unwrap().to_owned());
    let spec = HeaderSpec {
        kid: kid.as_deref().map_or(KidChoice::Omit, KidChoice::Explicit),
        typ: None,
    };
    let obj: Object<'_> = claims.object();
    let mut out = vec![0u8; token.len() + 64];
    let n = mint(
        &key,
        &spec,
        |w| {
            for m in obj.members() {
                write_member(w, m.name.as_str().unwrap(), &m.value)?;
            }
            Ok(())
        },
        &mut out,
    )
    .unwrap_or_else(|e| panic!("{}: mint: {e:?}", case.name));
    let minted = std::str::from_utf8(&out[..n]).unwrap();
    let hmac = case.v["alg"].as_str().unwrap().starts_with("HS");
    let original_compact_header = header.object().raw().iter().all(|b| *b != b' ');
    if hmac && original_compact_header {
        assert_eq!(minted, token, "{}: re-minted HMAC token differs", case.name);
    }
    let keys = KeySet::<P, 8>::from_jwks(jwks).unwrap();
    let mut buf = vec![0u8; minted.len()];
    let t = val
        .verify(minted, &keys, now, &mut buf)
        .unwrap_or_else(|e| panic!("{}: re-minted: {e:?}", case.name));
    assert_eq!(json_of(t.claims().raw()), case.v["expected"]["claims"]);
}

#[cfg(feature = "rustcrypto")]
#[test]
fn jws_vectors_rustcrypto() {
    let (checked, limited) = run::<oxidc::crypto::RustCrypto>();
    assert!(checked >= 60, "only {checked} vectors checked");
    assert_eq!(limited, 9, "the RSA/PSS vectors need the ring provider");
}

#[cfg(feature = "ring")]
#[test]
fn jws_vectors_ring() {
    let (checked, limited) = run::<oxidc::crypto::Ring>();
    assert!(checked >= 68, "only {checked} vectors checked");
    assert_eq!(limited, 0);
}
