//! JWT claims: `Claims::parse` then `Validator::check` under several policies. Whatever is
//! accepted is valid JSON (serde_json agrees), registered claims have the types RFC 7519
//! requires, NumericDates are the integers serde_json reads, and every verdict of the
//! validator is re-derived here independently.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::jwt::{Claims, Header, Required};
use oxidc::{Error, Leeway, UnixTime, Validator};
use oxidc_fuzz::split_first;

fn header() -> Header<'static> {
    Header::parse(br#"{"alg":"HS256","typ":"at+jwt"}"#).unwrap()
}

fuzz_target!(|data: &[u8]| {
    let (sel, data) = split_first(data);
    let Ok(c) = Claims::parse(data) else {
        return;
    };
    let j: serde_json::Value = serde_json::from_slice(data).expect("accepted claims are JSON");
    assert!(j.is_object());
    for (name, got) in [("exp", c.exp()), ("nbf", c.nbf()), ("iat", c.iat())] {
        assert_eq!(got, j.get(name).and_then(|v| v.as_i64()), "{name}");
        if j.get(name).is_some() {
            assert!(got.is_some(), "{name} present but not read");
        }
    }
    for (name, got) in [("iss", c.iss()), ("sub", c.sub()), ("jti", c.jti())] {
        let want = j.get(name).map(|v| v.as_str().expect("string claim"));
        let got = got.map(|s| String::from_utf8(s.bytes().collect()).unwrap());
        assert_eq!(got.as_deref(), want, "{name}");
    }
    if let Some(aud) = c.aud() {
        let n = match &j["aud"] {
            serde_json::Value::String(_) => 1,
            serde_json::Value::Array(a) => {
                assert!(a.iter().all(|v| v.is_string()));
                a.len()
            }
            other => panic!("aud accepted as {other}"),
        };
        assert_eq!(aud.len(), n);
    }

    let now = i64::from(sel) * 1_000_000_000 / 64;
    let leeway = i64::from(sel % 4) * 15;
    let v = Validator::new()
        .leeway(Leeway(u32::try_from(leeway).unwrap()))
        .require(Required::NONE);
    let v = if sel & 0x40 != 0 {
        v.issuer("https://op.example")
    } else {
        v
    };
    let v = if sel & 0x80 != 0 {
        v.audience("client")
    } else {
        v
    };
    let r = v.check(&header(), &c, UnixTime(now));
    // Independent oracle for the time rules (cryptojwt's: expired when now >= exp + leeway).
    let expired = c.exp().is_some_and(|e| now >= e.saturating_add(leeway));
    let early = c.nbf().is_some_and(|n| now < n.saturating_sub(leeway));
    let future = c.iat().is_some_and(|i| i > now.saturating_add(leeway));
    match r {
        Ok(()) => {
            assert!(!expired && !early && !future);
            if sel & 0x40 != 0 {
                assert_eq!(j["iss"].as_str(), Some("https://op.example"));
            }
            if sel & 0x80 != 0 {
                assert!(c.aud().unwrap().contains("client"));
            }
        }
        Err(Error::Expired) => assert!(expired),
        Err(Error::NotYetValid) => assert!(early && !expired),
        Err(Error::IssuedInFuture) => assert!(future && !expired && !early),
        Err(Error::IssuerMismatch | Error::AudienceMismatch | Error::MissingClaim) => {}
        Err(e) => panic!("unexpected {e:?}"),
    }
    let _ = Validator::new()
        .max_age(300)
        .typ("at+jwt")
        .check(&header(), &c, UnixTime(now));
    let _ = c.get_str("client_id");
});
