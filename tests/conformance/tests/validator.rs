//! The claims policy, rule by rule, on tokens minted for each case.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use oxidc::jwt::{ClaimsWriter, HeaderSpec, KidChoice, Required, mint};
use oxidc::{Error, Jwk, KeySet, Leeway, SigningKey, UnixTime, Validator};

const OCT: &str = r#"{"kty":"oct","k":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50"}"#;
const NOW: i64 = 1_700_000_000;

fn token(
    typ: Option<&str>,
    claims: impl FnOnce(&mut ClaimsWriter<'_, '_>) -> Result<(), Error>,
) -> String {
    let key = SigningKey::<oxidc::DefaultProvider>::from_jwk(OCT.as_bytes()).unwrap();
    let mut out = vec![0u8; 4096];
    let n = mint(
        &key,
        &HeaderSpec {
            kid: KidChoice::Omit,
            typ,
        },
        claims,
        &mut out,
    )
    .unwrap();
    String::from_utf8(out[..n].to_vec()).unwrap()
}

fn check(v: &Validator<'_>, t: &str, now: i64) -> Result<(), Error> {
    let mut keys = KeySet::<oxidc::DefaultProvider, 1>::new();
    keys.push(Jwk::from_json(OCT.as_bytes()).unwrap()).unwrap();
    let mut buf = vec![0u8; t.len()];
    v.verify(t, &keys, UnixTime(now), &mut buf).map(|_| ())
}

#[test]
fn exp_nbf_iat_with_leeway() {
    let t = token(None, |w| {
        w.int("exp", NOW)?;
        w.int("nbf", NOW - 100)?;
        w.int("iat", NOW - 100)
    });
    let v = Validator::new().leeway(Leeway(10));
    assert_eq!(check(&v, &t, NOW + 9), Ok(()));
    assert_eq!(check(&v, &t, NOW + 10), Err(Error::Expired)); // now >= exp + leeway
    assert_eq!(check(&v, &t, NOW - 110), Ok(()));
    assert_eq!(check(&v, &t, NOW - 111), Err(Error::NotYetValid)); // now < nbf - leeway
    let v0 = Validator::new().leeway(Leeway(0));
    assert_eq!(check(&v0, &t, NOW), Err(Error::Expired)); // exp == now is expired
}

#[test]
fn iat_in_the_future_and_max_age() {
    let t = token(None, |w| {
        w.int("exp", NOW + 1000)?;
        w.int("iat", NOW + 20)
    });
    assert_eq!(
        check(&Validator::new(), &t, NOW),
        Err(Error::IssuedInFuture)
    );
    assert_eq!(check(&Validator::new().allow_future_iat(), &t, NOW), Ok(()));
    assert_eq!(check(&Validator::new(), &t, NOW + 5), Ok(()));
    let v = Validator::new().max_age(60).leeway(Leeway(0));
    assert_eq!(check(&v, &t, NOW + 80), Ok(()));
    assert_eq!(check(&v, &t, NOW + 81), Err(Error::TokenTooOld));
    let no_iat = token(None, |w| w.int("exp", NOW + 1000));
    assert_eq!(check(&v, &no_iat, NOW), Err(Error::MissingClaim));
}

#[test]
fn required_claims() {
    let bare = token(None, |w| w.str("x", "y"));
    assert_eq!(
        check(&Validator::new(), &bare, NOW),
        Err(Error::MissingClaim)
    ); // exp by default
    assert_eq!(
        check(&Validator::new().require(Required::NONE), &bare, NOW),
        Ok(())
    );
    let t = token(None, |w| {
        w.int("exp", NOW + 10)?;
        w.str("sub", "s")
    });
    let v = Validator::new().require(Required::EXP | Required::SUB | Required::JTI);
    assert_eq!(check(&v, &t, NOW), Err(Error::MissingClaim));
    let v = Validator::new()
        .require(Required::EXP | Required::SUB)
        .require_claims(&["client_id"]);
    assert_eq!(check(&v, &t, NOW), Err(Error::MissingClaim));
    let v = Validator::new()
        .require(Required::EXP | Required::SUB)
        .require_claims(&["sub"]);
    assert_eq!(check(&v, &t, NOW), Ok(()));
}

#[test]
fn issuer_and_audience() {
    let t = token(None, |w| {
        w.int("exp", NOW + 10)?;
        w.str("iss", "https://a.example/")?;
        w.str_array("aud", &["x", "y"])
    });
    assert_eq!(
        check(&Validator::new().issuer("https://a.example/"), &t, NOW),
        Ok(())
    );
    assert_eq!(
        check(&Validator::new().issuer("https://a.example"), &t, NOW),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(
        check(
            &Validator::new().issuers(&["b", "https://a.example/"]),
            &t,
            NOW
        ),
        Ok(())
    );
    assert_eq!(check(&Validator::new().audience("y"), &t, NOW), Ok(()));
    assert_eq!(
        check(&Validator::new().audiences(&["z", "x"]), &t, NOW),
        Ok(())
    );
    assert_eq!(
        check(&Validator::new().audience("z"), &t, NOW),
        Err(Error::AudienceMismatch)
    );
    // A configured audience makes `aud` required (jsonwebtoken issue #493 must not recur).
    let no_aud = token(None, |w| w.int("exp", NOW + 10));
    assert_eq!(
        check(&Validator::new().audience("x"), &no_aud, NOW),
        Err(Error::MissingClaim)
    );
    // Escaped JSON strings compare by their decoded value.
    let escaped = token(None, |w| {
        w.int("exp", NOW + 10)?;
        w.raw_json("iss", r#""https:\/\/a.example\/""#)
    });
    assert_eq!(
        check(
            &Validator::new().issuer("https://a.example/"),
            &escaped,
            NOW
        ),
        Ok(())
    );
    // Wrong types are invalid claims.
    let bad = token(None, |w| {
        w.int("exp", NOW + 10)?;
        w.raw_json("aud", "[1]")
    });
    assert_eq!(
        check(&Validator::new(), &bad, NOW),
        Err(Error::InvalidClaim)
    );
    let frac = token(None, |w| w.raw_json("exp", "1.7e9"));
    assert_eq!(
        check(&Validator::new(), &frac, NOW),
        Err(Error::InvalidClaim)
    );
}

#[test]
fn typ() {
    let at = token(Some("at+jwt"), |w| w.int("exp", NOW + 10));
    assert_eq!(check(&Validator::new().typ("at+jwt"), &at, NOW), Ok(()));
    assert_eq!(
        check(&Validator::new().typ("application/AT+JWT"), &at, NOW),
        Ok(())
    );
    assert_eq!(
        check(&Validator::new().typ("JWT"), &at, NOW),
        Err(Error::TypeMismatch)
    );
    let none = token(None, |w| w.int("exp", NOW + 10));
    assert_eq!(
        check(&Validator::new().typ("at+jwt"), &none, NOW),
        Err(Error::TypeMismatch)
    );
}
