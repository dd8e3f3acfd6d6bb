//! ID token rules for relying parties (OIDC Core §3.1.3.7, §3.2.2.11, §3.3.2.12), as pure
//! functions over claims the JWT layer has already verified and decoded, in idpyoidc's
//! order (`IdToken.verify`, `verify_id_token`).

use subtle::ConstantTimeEq;

use crate::Error;

use crate::crypto::Provider;
use crate::jose::{Algorithm, KeySet};
use crate::jwt::{Required, Validator, VerifiedToken, left_hash};
use crate::oauth::ClaimText;
use crate::oauth::client_authn::AudienceList;
use crate::time::{Leeway, UnixTime};

/// idpyoidc's default `nonce_storage_time`: an ID token issued more than 4 hours ago is
/// refused.
pub const NONCE_STORAGE_TIME: i64 = 4 * 3600;

/// The claims the rules look at: `S` is `&str` or [`crate::json::JsonStr`]; `aud` is the
/// audience list (a JSON string is a one-element list).
#[derive(Clone, Copy, Debug, Default)]
pub struct IdTokenClaims<S, A> {
    /// `iss`
    pub iss: Option<S>,
    /// `sub`
    pub sub: Option<S>,
    /// `aud`
    pub aud: Option<A>,
    /// `exp`
    pub exp: Option<i64>,
    /// `iat`
    pub iat: Option<i64>,
    /// `azp`
    pub azp: Option<S>,
    /// `nonce`
    pub nonce: Option<S>,
    /// `auth_time`
    pub auth_time: Option<i64>,
}

/// What the relying party expects (idpyoidc's `verify` keyword arguments).
#[derive(Clone, Copy, Debug)]
pub struct IdTokenExpectations<'p> {
    /// The OP's issuer identifier (`iss`/`issuer` kwarg).
    pub issuer: Option<&'p str>,
    /// This client's id (`client_id` kwarg).
    pub client_id: Option<&'p str>,
    /// The nonce sent in the authentication request.
    pub nonce: Option<&'p str>,
    /// The `max_age` sent in the authentication request.
    pub max_age: Option<i64>,
    /// Clock skew (idpyoidc's `skew`, default 0).
    pub leeway: Leeway,
    /// Oldest acceptable `iat`, relative to now (idpyoidc's `nonce_storage_time`).
    pub nonce_storage_time: i64,
}

impl Default for IdTokenExpectations<'_> {
    fn default() -> Self {
        IdTokenExpectations {
            issuer: None,
            client_id: None,
            nonce: None,
            max_age: None,
            leeway: Leeway(0),
            nonce_storage_time: NONCE_STORAGE_TIME,
        }
    }
}

/// Checks an ID token's claims, in idpyoidc's order:
/// 1. `iss`, `sub`, `aud`, `exp`, `iat` present ([`Error::MissingClaim`]);
/// 2. `iss` equals the expected issuer ([`Error::IssuerMismatch`]);
/// 3. the client is in `aud` ([`Error::AudienceMismatch`]);
/// 4. several audiences: `azp` present ([`Error::AzpMissing`]) and in `aud`
///    ([`Error::AzpMismatch`]);
/// 5. `azp`, when present, is the client ([`Error::AzpMismatch`]);
/// 6. `now < exp + skew` ([`Error::Expired`]; RFC 7519 §4.1.4 — idpyoidc still accepts
///    `now == exp + skew`);
/// 7. `iat + nonce_storage_time >= now - skew` ([`Error::TokenTooOld`]) and
///    `iat <= now + skew` ([`Error::IssuedInFuture`]);
/// 8. `exp >= iat` ([`Error::ExpiresBeforeIssued`]);
/// 9. a nonce was sent: the claim must be present ([`Error::MissingClaim`]; OIDC Core
///    §3.1.3.7 ¶11 — idpyoidc accepts its absence) and equal ([`Error::NonceMismatch`]);
/// 10. `max_age` was sent: [`check_auth_time`] (OIDC Core §3.1.3.7 ¶13; idpyoidc's RP does
///     not check it).
pub fn check_claims<S, A>(
    claims: &IdTokenClaims<S, A>,
    expected: &IdTokenExpectations<'_>,
    now: UnixTime,
) -> Result<(), Error>
where
    S: ClaimText,
    A: IntoIterator + Clone,
    A::Item: ClaimText,
{
    let (Some(iss), Some(_sub), Some(aud), Some(exp), Some(iat)) = (
        claims.iss,
        claims.sub,
        claims.aud.clone(),
        claims.exp,
        claims.iat,
    ) else {
        return Err(Error::MissingClaim);
    };
    if expected.issuer.is_some_and(|i| !iss.matches(i)) {
        return Err(Error::IssuerMismatch);
    }
    if let Some(client) = expected.client_id
        && !aud.clone().into_iter().any(|a| a.matches(client))
    {
        return Err(Error::AudienceMismatch);
    }
    if aud.clone().into_iter().nth(1).is_some() {
        let azp = claims.azp.ok_or(Error::AzpMissing)?;
        if !aud.into_iter().any(|a| a.same(&azp)) {
            return Err(Error::AzpMismatch);
        }
    }
    if let (Some(azp), Some(client)) = (claims.azp, expected.client_id)
        && !azp.matches(client)
    {
        return Err(Error::AzpMismatch);
    }
    let now = now.as_secs();
    let skew = expected.leeway.secs();
    if now >= exp.saturating_add(skew) {
        return Err(Error::Expired);
    }
    if iat.saturating_add(expected.nonce_storage_time) < now.saturating_sub(skew) {
        return Err(Error::TokenTooOld);
    }
    if iat > now.saturating_add(skew) {
        return Err(Error::IssuedInFuture);
    }
    if exp < iat {
        return Err(Error::ExpiresBeforeIssued);
    }
    if let Some(sent) = expected.nonce {
        let got = claims.nonce.ok_or(Error::MissingClaim)?;
        if !got.matches(sent) {
            return Err(Error::NonceMismatch);
        }
    }
    check_auth_time(claims.auth_time, expected.max_age, UnixTime(now), skew)
}

/// OIDC Core §3.1.3.7 ¶13: with `max_age` requested, `auth_time` must be present
/// ([`Error::MissingClaim`]) and `now <= auth_time + max_age + skew`
/// ([`Error::AuthenticationTooOld`]). Without `max_age` nothing is checked.
pub fn check_auth_time(
    auth_time: Option<i64>,
    max_age: Option<i64>,
    now: UnixTime,
    skew: i64,
) -> Result<(), Error> {
    let Some(max_age) = max_age else {
        return Ok(());
    };
    let auth_time = auth_time.ok_or(Error::MissingClaim)?;
    if now.as_secs() > auth_time.saturating_add(max_age).saturating_add(skew) {
        return Err(Error::AuthenticationTooOld);
    }
    Ok(())
}

/// Compares `claim` with the left-half hash of `value` ([`crate::jwt::left_hash`]: the hash of
/// the JWS algorithm, OIDC Core §3.1.3.6).
fn check_hash(alg: Algorithm, value: &str, claim: &str, mismatch: Error) -> Result<(), Error> {
    let want = left_hash(alg, value.as_bytes());
    if bool::from(want.as_str().as_bytes().ct_eq(claim.as_bytes())) {
        Ok(())
    } else {
        Err(mismatch)
    }
}

/// `at_hash` against the access token issued with the ID token ([`Error::AtHashMismatch`];
/// absent: [`Error::MissingClaim`], as idpyoidc requires it whenever the response carries an
/// access token).
pub fn check_at_hash(
    alg: Algorithm,
    access_token: &str,
    at_hash: Option<&str>,
) -> Result<(), Error> {
    check_hash(
        alg,
        access_token,
        at_hash.ok_or(Error::MissingClaim)?,
        Error::AtHashMismatch,
    )
}

/// `c_hash` against the code issued with the ID token ([`Error::CHashMismatch`]; absent:
/// [`Error::MissingClaim`]).
pub fn check_c_hash(alg: Algorithm, code: &str, c_hash: Option<&str>) -> Result<(), Error> {
    check_hash(
        alg,
        code,
        c_hash.ok_or(Error::MissingClaim)?,
        Error::CHashMismatch,
    )
}

/// The values an ID token's hashes cover (OIDC Core §3.3.2.11): the access token and code
/// returned with it in an authentication response. Leave them out for token responses
/// (idpyoidc checks hashes only on authentication responses).
#[derive(Clone, Copy, Debug, Default)]
pub struct HashedValues<'a> {
    /// The `access_token` returned with the ID token: `at_hash` is then required.
    pub access_token: Option<&'a str>,
    /// The `code` returned with the ID token: `c_hash` is then required.
    pub code: Option<&'a str>,
}

/// Verifies an ID token (idpyoidc's `verify_id_token`): the signature with `keys` (the OP's
/// JWKS, or the client secret as an HMAC key; the key pins the algorithm and `none` is never
/// accepted), then [`check_claims`], then `at_hash` / `c_hash` for the values given.
/// `buf` receives the decoded header and claims (the token's length suffices).
pub fn verify_id_token<'b, P: Provider, const N: usize>(
    id_token: &str,
    keys: &KeySet<P, N>,
    expected: &IdTokenExpectations<'_>,
    hashed: HashedValues<'_>,
    now: UnixTime,
    buf: &'b mut [u8],
) -> Result<VerifiedToken<'b>, Error> {
    let token = Validator::new()
        .leeway(expected.leeway)
        .require(Required::NONE)
        .allow_future_iat()
        .verify(id_token, keys, now, buf)?;
    let c = token.claims();
    let auth_time = c
        .get("auth_time")
        .map(|v| v.as_i64().ok_or(Error::InvalidClaim))
        .transpose()?;
    let claims = IdTokenClaims {
        iss: c.iss(),
        sub: c.sub(),
        aud: c.aud().map(AudienceList),
        exp: c.exp(),
        iat: c.iat(),
        azp: c.get_str("azp")?,
        nonce: c.get_str("nonce")?,
        auth_time,
    };
    check_claims(&claims, expected, now)?;
    let alg = token.alg();
    let text = |name| -> Result<Option<&str>, Error> {
        // base64url never needs JSON escapes; an escaped hash cannot match.
        Ok(c.get_str(name)?.map(|s| s.as_str().unwrap_or("")))
    };
    if let Some(at) = hashed.access_token {
        check_at_hash(alg, at, text("at_hash")?)?;
    }
    if let Some(code) = hashed.code {
        check_c_hash(alg, code, text("c_hash")?)?;
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_hashes() {
        // JWT.md §3.1 (observed)
        assert_eq!(
            left_hash(Algorithm::RS256, b"abc").as_str(),
            "ungWv48Bz-pBQUDeXa4iIw"
        );
        #[cfg(feature = "sha512")]
        assert_eq!(left_hash(Algorithm::PS384, b"abc").as_str().len(), 32);
        #[cfg(feature = "sha512")]
        assert_eq!(left_hash(Algorithm::HS512, b"abc").as_str().len(), 43);
        // Without SHA-384/512 in the build there is no hash to take half of.
        #[cfg(not(feature = "sha512"))]
        assert_eq!(left_hash(Algorithm::HS512, b"abc").as_str(), "");
        // OIDC Core A.3 example: at_hash of the access token
        assert_eq!(
            check_at_hash(
                Algorithm::RS256,
                "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y",
                Some("77QmUPtjPfzWtF2AnpK9RQ")
            ),
            Ok(())
        );
        assert_eq!(
            check_at_hash(Algorithm::RS256, "abc", Some("ungWv48Bz-pBQUDeXa4iIw")),
            Ok(())
        );
        assert_eq!(
            check_at_hash(Algorithm::RS256, "abd", Some("ungWv48Bz-pBQUDeXa4iIw")),
            Err(Error::AtHashMismatch)
        );
        assert_eq!(
            check_at_hash(Algorithm::RS256, "abc", None),
            Err(Error::MissingClaim)
        );
        assert_eq!(
            check_c_hash(Algorithm::RS256, "abc", Some("ungWv48Bz-pBQUDeXa4iIw")),
            Ok(())
        );
        assert_eq!(
            check_c_hash(Algorithm::RS256, "abc", Some("ungWv48Bz-pBQUDeXa4iIx")),
            Err(Error::CHashMismatch)
        );
    }

    const NOW: i64 = 1_700_000_000;

    fn check(
        f: impl FnOnce(
            &mut IdTokenClaims<&'static str, &'static [&'static str]>,
            &mut IdTokenExpectations<'static>,
        ),
    ) -> Result<(), Error> {
        let mut c = IdTokenClaims {
            iss: Some("https://op/"),
            sub: Some("u"),
            aud: Some(&["client_1"][..]),
            exp: Some(NOW + 300),
            iat: Some(NOW),
            azp: None,
            nonce: Some("n0nce"),
            auth_time: Some(NOW - 60),
        };
        let mut e = IdTokenExpectations {
            issuer: Some("https://op/"),
            client_id: Some("client_1"),
            nonce: Some("n0nce"),
            ..Default::default()
        };
        f(&mut c, &mut e);
        check_claims(&c, &e, UnixTime(NOW))
    }

    #[test]
    fn claim_rules_in_order() {
        assert_eq!(check(|_, _| {}), Ok(()));
        assert_eq!(check(|c, _| c.sub = None), Err(Error::MissingClaim));
        assert_eq!(check(|c, _| c.aud = None), Err(Error::MissingClaim));
        assert_eq!(
            check(|c, _| c.iss = Some("https://evil/")),
            Err(Error::IssuerMismatch)
        );
        assert_eq!(check(|_, e| e.issuer = None), Ok(()));
        assert_eq!(
            check(|c, _| c.aud = Some(&["other"])),
            Err(Error::AudienceMismatch)
        );
        assert_eq!(
            check(|c, _| c.aud = Some(&["client_1", "other"])),
            Err(Error::AzpMissing)
        );
        assert_eq!(
            check(|c, _| {
                c.aud = Some(&["client_1", "other"]);
                c.azp = Some("client_1")
            }),
            Ok(())
        );
        assert_eq!(
            check(|c, e| {
                c.aud = Some(&["client_1", "other"]);
                c.azp = Some("third");
                e.client_id = None;
            }),
            Err(Error::AzpMismatch)
        );
        assert_eq!(check(|c, _| c.azp = Some("other")), Err(Error::AzpMismatch));
        // exp, one past (skew 0, then 15)
        assert_eq!(check(|c, _| c.exp = Some(NOW + 1)), Ok(()));
        assert_eq!(check(|c, _| c.exp = Some(NOW)), Err(Error::Expired));
        assert_eq!(
            check(|c, e| {
                c.exp = Some(NOW - 14);
                c.iat = Some(NOW - 20);
                e.leeway = Leeway(15)
            }),
            Ok(())
        );
        // iat
        assert_eq!(check(|c, _| c.iat = Some(NOW - NONCE_STORAGE_TIME)), Ok(()));
        assert_eq!(
            check(|c, _| c.iat = Some(NOW - NONCE_STORAGE_TIME - 1)),
            Err(Error::TokenTooOld)
        );
        assert_eq!(
            check(|c, _| c.iat = Some(NOW + 1)),
            Err(Error::IssuedInFuture)
        );
        assert_eq!(
            check(|c, e| {
                c.iat = Some(NOW + 100);
                c.exp = Some(NOW + 50);
                e.leeway = Leeway(200)
            }),
            Err(Error::ExpiresBeforeIssued)
        );
        // nonce
        assert_eq!(
            check(|c, _| c.nonce = Some("other")),
            Err(Error::NonceMismatch)
        );
        assert_eq!(check(|c, _| c.nonce = None), Err(Error::MissingClaim));
        assert_eq!(
            check(|c, e| {
                c.nonce = None;
                e.nonce = None
            }),
            Ok(())
        );
        // max_age
        assert_eq!(check(|_, e| e.max_age = Some(60)), Ok(()));
        assert_eq!(
            check(|_, e| e.max_age = Some(59)),
            Err(Error::AuthenticationTooOld)
        );
        assert_eq!(
            check(|c, e| {
                e.max_age = Some(600);
                c.auth_time = None
            }),
            Err(Error::MissingClaim)
        );
    }
}
