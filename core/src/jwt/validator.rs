//! Claims policy: built once, used for every token.

use super::claims::Claims;
use super::header::Header;
use super::token::{UntrustedToken, VerifiedToken};
use crate::crypto::Provider;
use crate::jose::{Jwk, KeySet};
use crate::json::JsonStr;
use crate::{Error, Leeway, UnixTime};

/// Registered claims that must be present (a bit set; combine with `|`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Required(u8);

impl Required {
    /// Nothing required.
    pub const NONE: Required = Required(0);
    /// `exp`
    pub const EXP: Required = Required(1);
    /// `nbf`
    pub const NBF: Required = Required(1 << 1);
    /// `iat`
    pub const IAT: Required = Required(1 << 2);
    /// `iss`
    pub const ISS: Required = Required(1 << 3);
    /// `sub`
    pub const SUB: Required = Required(1 << 4);
    /// `aud`
    pub const AUD: Required = Required(1 << 5);
    /// `jti`
    pub const JTI: Required = Required(1 << 6);

    /// Whether every claim in `other` is in `self`.
    pub const fn contains(self, other: Required) -> bool {
        self.0 & other.0 == other.0
    }
}

impl core::ops::BitOr for Required {
    type Output = Required;
    fn bitor(self, rhs: Required) -> Required {
        Required(self.0 | rhs.0)
    }
}

#[derive(Clone, Copy, Debug)]
enum Strs<'c> {
    Any,
    One(&'c str),
    Many(&'c [&'c str]),
}

impl Strs<'_> {
    fn is_any(&self) -> bool {
        matches!(self, Strs::Any)
    }

    fn matches(&self, s: &JsonStr<'_>) -> bool {
        match self {
            Strs::Any => true,
            Strs::One(v) => s.eq_str(v),
            Strs::Many(vs) => vs.iter().any(|v| s.eq_str(v)),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        let (one, many): (Option<&str>, &[&str]) = match *self {
            Strs::Any => (None, &[]),
            Strs::One(v) => (Some(v), &[]),
            Strs::Many(vs) => (None, vs),
        };
        one.into_iter().chain(many.iter().copied())
    }
}

/// Token validation policy. Cheap to build (it only borrows its configuration), so bindings
/// may rebuild it per call from owned strings.
///
/// Defaults: leeway 15 s (cryptojwt's skew), `exp` required, `iat` in the future rejected,
/// issuer/audience/typ not checked until configured. A configured audience makes `aud`
/// required (never accept a token without `aud` when an audience is expected).
#[derive(Clone, Copy, Debug)]
pub struct Validator<'c> {
    issuers: Strs<'c>,
    audiences: Strs<'c>,
    leeway: Leeway,
    max_age: Option<u32>,
    required: Required,
    required_claims: &'c [&'c str],
    typ: Option<&'c str>,
    reject_future_iat: bool,
}

impl Default for Validator<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'c> Validator<'c> {
    /// The default policy (see the type's docs).
    pub const fn new() -> Self {
        Validator {
            issuers: Strs::Any,
            audiences: Strs::Any,
            leeway: Leeway::DEFAULT,
            max_age: None,
            required: Required::EXP,
            required_claims: &[],
            typ: None,
            reject_future_iat: true,
        }
    }

    /// Expects `iss` to equal `issuer`.
    pub const fn issuer(mut self, issuer: &'c str) -> Self {
        self.issuers = Strs::One(issuer);
        self
    }

    /// Expects `iss` to be one of `issuers`.
    pub const fn issuers(mut self, issuers: &'c [&'c str]) -> Self {
        self.issuers = Strs::Many(issuers);
        self
    }

    /// Expects `aud` to contain `audience` (and makes `aud` required).
    pub const fn audience(mut self, audience: &'c str) -> Self {
        self.audiences = Strs::One(audience);
        self
    }

    /// Expects `aud` to contain one of `audiences` (and makes `aud` required).
    pub const fn audiences(mut self, audiences: &'c [&'c str]) -> Self {
        self.audiences = Strs::Many(audiences);
        self
    }

    /// Clock skew allowed on `exp`, `nbf`, `iat`.
    pub const fn leeway(mut self, leeway: Leeway) -> Self {
        self.leeway = leeway;
        self
    }

    /// Rejects tokens whose `iat` is more than `secs` (+ leeway) ago; makes `iat` required.
    pub const fn max_age(mut self, secs: u32) -> Self {
        self.max_age = Some(secs);
        self
    }

    /// Registered claims that must be present (replaces the default, which is `EXP`).
    pub const fn require(mut self, required: Required) -> Self {
        self.required = required;
        self
    }

    /// Other claims that must be present.
    pub const fn require_claims(mut self, names: &'c [&'c str]) -> Self {
        self.required_claims = names;
        self
    }

    /// Expects the header `typ` (compared case-insensitively, with or without the
    /// `application/` prefix, RFC 7515 §4.1.9; e.g. `at+jwt`, RFC 9068).
    pub const fn typ(mut self, typ: &'c str) -> Self {
        self.typ = Some(typ);
        self
    }

    /// Accepts `iat` in the future (cryptojwt's `JWT.unpack` does not check it).
    pub const fn allow_future_iat(mut self) -> Self {
        self.reject_future_iat = false;
        self
    }

    /// Verifies `token` against `keys` and validates its claims at `now`. Header and claims
    /// are decoded into `buf` (at most the token's length is needed).
    pub fn verify<'b, P: Provider, const N: usize>(
        &self,
        token: &str,
        keys: &KeySet<P, N>,
        now: UnixTime,
        buf: &'b mut [u8],
    ) -> Result<VerifiedToken<'b>, Error> {
        let t = UntrustedToken::parse(token)?;
        let (header, claims) = t.verify_with_set(keys, buf)?;
        self.check(&header, &claims, now)?;
        Ok(VerifiedToken { header, claims })
    }

    /// Like [`Validator::verify`] with a single key.
    pub fn verify_with_key<'b, P: Provider>(
        &self,
        token: &str,
        key: &Jwk<P>,
        now: UnixTime,
        buf: &'b mut [u8],
    ) -> Result<VerifiedToken<'b>, Error> {
        let t = UntrustedToken::parse(token)?;
        let (header, claims) = t.verify_with_key(key, buf)?;
        self.check(&header, &claims, now)?;
        Ok(VerifiedToken { header, claims })
    }

    /// Applies the claims policy to already-authenticated header and claims.
    pub fn check(
        &self,
        header: &Header<'_>,
        claims: &Claims<'_>,
        now: UnixTime,
    ) -> Result<(), Error> {
        let r = self.required;
        let need = |flag: Required, present: bool| {
            if r.contains(flag) && !present {
                Err(Error::MissingClaim)
            } else {
                Ok(())
            }
        };
        need(Required::EXP, claims.exp().is_some())?;
        need(Required::NBF, claims.nbf().is_some())?;
        need(
            Required::IAT,
            claims.iat().is_some() || self.max_age.is_some(),
        )?;
        need(Required::ISS, claims.iss().is_some())?;
        need(Required::SUB, claims.sub().is_some())?;
        need(Required::AUD, claims.aud().is_some())?;
        need(Required::JTI, claims.jti().is_some())?;

        let now = now.as_secs();
        let skew = self.leeway.secs();
        if let Some(exp) = claims.exp() {
            // cryptojwt: expired when now >= exp + skew.
            if now >= exp.saturating_add(skew) {
                return Err(Error::Expired);
            }
        }
        if claims
            .nbf()
            .is_some_and(|nbf| now < nbf.saturating_sub(skew))
        {
            return Err(Error::NotYetValid);
        }
        if self.reject_future_iat
            && claims
                .iat()
                .is_some_and(|iat| iat > now.saturating_add(skew))
        {
            return Err(Error::IssuedInFuture);
        }
        if let Some(max_age) = self.max_age {
            let iat = claims.iat().ok_or(Error::MissingClaim)?;
            if now.saturating_sub(iat) > i64::from(max_age).saturating_add(skew) {
                return Err(Error::TokenTooOld);
            }
        }
        if !self.issuers.is_any() {
            let iss = claims.iss().ok_or(Error::MissingClaim)?;
            if !self.issuers.matches(&iss) {
                return Err(Error::IssuerMismatch);
            }
        }
        if !self.audiences.is_any() {
            let aud = claims.aud().ok_or(Error::MissingClaim)?;
            if !self.audiences.iter().any(|want| aud.contains(want)) {
                return Err(Error::AudienceMismatch);
            }
        }
        if let Some(want) = self.typ {
            let typ = header.typ().ok_or(Error::TypeMismatch)?;
            if !typ_matches(&typ, want) {
                return Err(Error::TypeMismatch);
            }
        }
        for name in self.required_claims {
            if claims.get(name).is_none() {
                return Err(Error::MissingClaim);
            }
        }
        Ok(())
    }
}

/// RFC 7515 §4.1.9: media types compare case-insensitively and `application/` may be omitted.
fn typ_matches(typ: &JsonStr<'_>, want: &str) -> bool {
    let mut buf = [0u8; crate::limits::MAX_TYP_LEN];
    let Ok(got) = typ.decode_into(&mut buf) else {
        return false;
    };
    let strip = |s: &str| -> usize {
        let p = b"application/";
        if s.len() >= p.len()
            && s.as_bytes()
                .get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
        {
            p.len()
        } else {
            0
        }
    };
    let g = got.get(strip(got)..).unwrap_or("");
    let w = want.get(strip(want)..).unwrap_or("");
    g.eq_ignore_ascii_case(w)
}
