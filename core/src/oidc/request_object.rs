//! Request objects (OIDC Core §6.1, RFC 9101 JAR) and `id_token_hint` (OIDC Core §3.1.2.1),
//! verified with the key material the host supplies.
//!
//! idpyoidc's `AuthorizationRequest.verify` decodes the `request` parameter as a JWT, checks
//! its signature with the client's keys, deletes every request parameter that is not in the
//! object and lets the object's values override the rest — so the request it goes on with
//! holds exactly the object's parameters (RFC 9101 §6.3: "MUST only use the parameters in the
//! Request Object"). [`RequestObject::effective`] is that request, as the same typed view.
//!
//! Where idpyoidc is lax the RFCs are followed (tests/vectors/DIVERGENCES.md, "Request
//! objects"): a signature is required (idpyoidc accepts `alg: none` and plain JSON), `iss`
//! must be the client (RFC 9101 §10.2), `aud` must contain the OP when the policy names it,
//! `exp`/`nbf` are honoured, `request`/`request_uri` may not appear inside (RFC 9101 §4), and
//! the inner `client_id` must equal the outer one (RFC 9101 §6.3).

use crate::Error;
use crate::crypto::Provider;
use crate::jose::KeySet;
use crate::jwt::{Required, UntrustedToken, Validator, VerifiedToken};
use crate::oauth::message::Rejection;
use crate::oauth::params::{Params, RawValue};
use crate::oidc::messages::AuthorizationRequest;
use crate::time::{Leeway, UnixTime};

/// The parameter name request-object failures are reported under (a [`Rejection`] naming
/// it is answered with `invalid_request_object`, OIDC Core §6.3, RFC 9101 §6.3).
pub const REQUEST_PARAM: &str = "request";

/// The parameter name `id_token_hint` failures are reported under.
pub const ID_TOKEN_HINT_PARAM: &str = "id_token_hint";

/// How a request object is checked beyond its signature and `iss` (which must be the
/// client).
#[derive(Clone, Copy, Debug)]
pub struct RequestObjectPolicy<'p> {
    /// The OP's issuer identifier: `aud` must contain it (RFC 9101 §4, §10.2; a configured
    /// audience makes `aud` required). `None` leaves `aud` unchecked (idpyoidc never checks it).
    pub audience: Option<&'p str>,
    /// Clock skew on `exp`, `nbf` and `iat` (default 15 s, cryptojwt's skew).
    pub leeway: Leeway,
    /// Registered claims that must be present besides `iss` (e.g. `EXP | NBF` for FAPI 2.0).
    pub required: Required,
}

impl Default for RequestObjectPolicy<'_> {
    fn default() -> Self {
        RequestObjectPolicy {
            audience: None,
            leeway: Leeway::DEFAULT,
            required: Required::NONE,
        }
    }
}

/// A request object whose signature and claims verified, with its parameters decoded —
/// idpyoidc's `__verified_request`. Borrows the caller's buffer.
#[derive(Clone, Copy, Debug)]
pub struct RequestObject<'b> {
    token: VerifiedToken<'b>,
    params: Params<'b>,
}

impl<'b> RequestObject<'b> {
    /// The buffer [`RequestObject::verify`] needs for `request`: the decoded header and
    /// payload, plus as much again for decoding escaped parameter values. At most
    /// `1.5 × request.len()` (+ 4).
    pub fn buffer_len(request: &str) -> Result<usize, Error> {
        let t = UntrustedToken::parse(request)?;
        Ok(t.decoded_len().saturating_mul(2))
    }

    /// Verifies `request` as the request object of `client_id`'s authorization request, in
    /// this order:
    /// 1. compact JWS with a signature from `client_keys` — the key pins the algorithm
    ///    ([`Error::MalformedToken`], [`Error::AlgorithmNone`], [`Error::UnknownKey`],
    ///    [`Error::AlgorithmMismatch`], [`Error::BadSignature`], ...);
    /// 2. `iss` present ([`Error::MissingClaim`]) and equal to `client_id`
    ///    ([`Error::IssuerMismatch`]), `aud` containing `policy.audience`
    ///    ([`Error::AudienceMismatch`]), `exp`/`nbf`/`iat` with `policy.leeway`
    ///    ([`Error::Expired`], [`Error::NotYetValid`], [`Error::IssuedInFuture`]), the
    ///    claims of `policy.required`;
    /// 3. its members decoded as parameters (the limits of [`Params::parse_json`]:
    ///    [`Error::TooManyParameters`], [`Error::ParameterTooLong`]);
    /// 4. no `request` / `request_uri` inside ([`Error::RequestObjectNested`], RFC 9101 §4);
    /// 5. a `client_id` member ([`Error::MissingClaim`]) equal to `client_id`
    ///    ([`Error::ClientIdMismatch`]; not a string: [`Error::InvalidClaim`]).
    ///
    /// `buf` must hold [`RequestObject::buffer_len`] bytes ([`Error::BufferTooSmall`]).
    pub fn verify<P: Provider, const N: usize>(
        request: &str,
        client_id: &str,
        client_keys: &KeySet<P, N>,
        policy: &RequestObjectPolicy<'_>,
        now: UnixTime,
        buf: &'b mut [u8],
    ) -> Result<Self, Error> {
        let need = RequestObject::buffer_len(request)?;
        if buf.len() < need {
            return Err(Error::BufferTooSmall);
        }
        let (token_buf, scratch) = buf.split_at_mut(need / 2);
        let mut validator = Validator::new()
            .issuer(client_id)
            .leeway(policy.leeway)
            .require(policy.required | Required::ISS);
        if let Some(aud) = policy.audience {
            validator = validator.audience(aud);
        }
        let token = validator.verify(request, client_keys, now, token_buf)?;
        let params = Params::parse_json(token.claims().raw(), scratch)?;
        if params.contains("request") || params.contains("request_uri") {
            return Err(Error::RequestObjectNested);
        }
        match params.get("client_id") {
            None => return Err(Error::MissingClaim),
            Some(RawValue::Text(c)) if c == client_id => {}
            Some(RawValue::Text(_)) => return Err(Error::ClientIdMismatch),
            Some(_) => return Err(Error::InvalidClaim),
        }
        Ok(RequestObject { token, params })
    }

    /// The verified JWT (header and claims).
    pub fn token(&self) -> &VerifiedToken<'b> {
        &self.token
    }

    /// Every member of the object as a parameter (registered claims such as `iss`, `aud`,
    /// `exp` included, as idpyoidc keeps them in the merged request).
    pub fn params(&self) -> &Params<'b> {
        &self.params
    }

    /// The request idpyoidc goes on with after merging (strict): exactly the object's
    /// parameters, typed as an OIDC authentication request. Typing errors name the
    /// parameter (e.g. [`Error::WrongParameterType`] for `"max_age": "soon"`).
    pub fn effective(&self) -> Result<AuthorizationRequest<'_>, Rejection<'_>> {
        AuthorizationRequest::new(&self.params)
    }
}

/// What an `id_token_hint` must show besides the OP's own signature.
#[derive(Clone, Copy, Debug)]
pub struct IdTokenHintPolicy<'p> {
    /// The OP's issuer identifier: `iss` must equal it (the hint is an ID token this OP
    /// issued, OIDC Core §3.1.2.1).
    pub issuer: &'p str,
    /// When given, `aud` must contain this client ([`Error::AudienceMismatch`]); idpyoidc
    /// does not check it.
    pub client_id: Option<&'p str>,
}

/// Verifies an `id_token_hint` (OIDC Core §3.1.2.1) with the OP's own keys: a compact JWS
/// whose signature verifies with `op_keys` (the key pins the algorithm; `none` never
/// accepted), then `iss` present and equal to `policy.issuer` ([`Error::MissingClaim`],
/// [`Error::IssuerMismatch`]), `sub` present ([`Error::MissingClaim`]) and, when
/// `policy.client_id` is given, in `aud` ([`Error::AudienceMismatch`]).
///
/// Expiry is deliberately not checked: the OP only uses the hint as a hint, and an expired
/// ID token is an acceptable one (OIDC Core §3.1.2.1; idpyoidc checks no time either).
/// `buf` receives the decoded header and claims (the hint's length suffices).
pub fn verify_id_token_hint<'b, P: Provider, const N: usize>(
    hint: &str,
    op_keys: &KeySet<P, N>,
    policy: &IdTokenHintPolicy<'_>,
    buf: &'b mut [u8],
) -> Result<VerifiedToken<'b>, Error> {
    let t = UntrustedToken::parse(hint)?;
    let (header, claims) = t.verify_with_set(op_keys, buf)?;
    let iss = claims.iss().ok_or(Error::MissingClaim)?;
    if !iss.eq_str(policy.issuer) {
        return Err(Error::IssuerMismatch);
    }
    if claims.sub().is_none() {
        return Err(Error::MissingClaim);
    }
    if let Some(client) = policy.client_id {
        let aud = claims.aud().ok_or(Error::MissingClaim)?;
        if !aud.contains(client) {
            return Err(Error::AudienceMismatch);
        }
    }
    Ok(VerifiedToken { header, claims })
}

impl<'a> AuthorizationRequest<'a> {
    /// idpyoidc's `oidc.AuthorizationRequest.verify` with the request object verified:
    /// 1. the base rules on this (outer) request ([`crate::oauth::Message::verify_base`]);
    /// 2. without `request`: the rules of [`AuthorizationRequest::verify`] on this request,
    ///    and `Ok(None)`;
    /// 3. with `request`: [`RequestObject::verify`] with this request's `client_id`
    ///    (failures are reported under the parameter `request`, answered with
    ///    `invalid_request_object`), then the object's parameters typed and checked with
    ///    [`AuthorizationRequest::verify`] — the merged request is the object's alone, so
    ///    e.g. `openid` must be in the object's `scope`. Returns the object; read the
    ///    request with [`RequestObject::effective`].
    ///
    /// Stricter than idpyoidc: the base rules (required parameters, allowed values) also
    /// run on the merged request (DIVERGENCES.md). `id_token_hint` is verified separately
    /// ([`AuthorizationRequest::verify_id_token_hint`] on the effective request).
    pub fn verify_with_request_object<'b, P: Provider, const N: usize>(
        &self,
        client_keys: &KeySet<P, N>,
        policy: &RequestObjectPolicy<'_>,
        expected_nonce: Option<&str>,
        now: UnixTime,
        buf: &'b mut [u8],
    ) -> Result<Option<RequestObject<'b>>, Rejection<'static>> {
        self.message().verify_base().map_err(detach)?;
        let Some(request) = self.request() else {
            self.verify(expected_nonce).map_err(detach)?;
            return Ok(None);
        };
        let client_id = self
            .client_id()
            .ok_or(Rejection::param(Error::MissingParameter, "client_id"))?;
        let object = RequestObject::verify(request, client_id, client_keys, policy, now, buf)
            .map_err(|e| Rejection::param(e, REQUEST_PARAM))?;
        object
            .effective()
            .and_then(|eff| eff.verify(expected_nonce))
            .map_err(detach)?;
        Ok(Some(object))
    }

    /// Verifies this request's `id_token_hint`, if any, with [`verify_id_token_hint`]
    /// (failures reported under the parameter `id_token_hint`). Call it on the effective
    /// request: with a request object, the hint idpyoidc verifies is the object's.
    pub fn verify_id_token_hint<'b, P: Provider, const N: usize>(
        &self,
        op_keys: &KeySet<P, N>,
        policy: &IdTokenHintPolicy<'_>,
        buf: &'b mut [u8],
    ) -> Result<Option<VerifiedToken<'b>>, Rejection<'static>> {
        let Some(hint) = self.id_token_hint() else {
            return Ok(None);
        };
        verify_id_token_hint(hint, op_keys, policy, buf)
            .map(Some)
            .map_err(|e| Rejection::param(e, ID_TOKEN_HINT_PARAM))
    }
}

/// A rejection from a view over borrowed parameters, with the parameter name replaced by
/// the same name from the static class table (rejections only ever name declared or
/// well-known parameters).
fn detach(r: Rejection<'_>) -> Rejection<'static> {
    const KNOWN: &[&str] = &["code_challenge", "code_challenge_method"];
    let param = r.param.and_then(|p| {
        AuthorizationRequest::SPEC
            .params
            .iter()
            .map(|d| d.name)
            .chain(KNOWN.iter().copied())
            .find(|n| *n == p)
    });
    Rejection {
        error: r.error,
        param,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::{AlgSet, Jwk, SigningKey};
    use crate::jwt::{ClaimsWriter, HeaderSpec, KidChoice, mint};
    use crate::{Algorithm, DefaultProvider};

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
    const OP: &str = "https://op.example.org";
    const NOW: UnixTime = UnixTime(1_700_000_000);

    fn keys(kid: &str) -> KeySet<DefaultProvider, 2> {
        let mut ks = KeySet::new();
        ks.push(
            Jwk::hmac(SECRET, AlgSet::only(Algorithm::HS256))
                .unwrap()
                .with_kid(kid)
                .unwrap(),
        )
        .unwrap();
        ks
    }

    fn token(claims: impl FnOnce(&mut ClaimsWriter<'_, '_>) -> Result<(), Error>) -> String {
        let key = SigningKey::<DefaultProvider>::hmac(SECRET, Algorithm::HS256)
            .unwrap()
            .with_kid("k1")
            .unwrap();
        let mut out = vec![0u8; 4096];
        let spec = HeaderSpec {
            kid: KidChoice::FromKey,
            typ: None,
        };
        let n = mint(&key, &spec, claims, &mut out).unwrap();
        String::from_utf8(out[..n].to_vec()).unwrap()
    }

    fn object(extra: &[(&str, &str)]) -> String {
        token(|c| {
            c.str("iss", "c1")?;
            c.str("aud", OP)?;
            c.str("client_id", "c1")?;
            c.str("response_type", "code")?;
            c.str("scope", "openid email")?;
            c.str("redirect_uri", "https://rp/cb")?;
            for (k, v) in extra {
                c.str(k, v)?;
            }
            c.int("exp", NOW.0 + 60)
        })
    }

    fn policy() -> RequestObjectPolicy<'static> {
        RequestObjectPolicy {
            audience: Some(OP),
            ..RequestObjectPolicy::default()
        }
    }

    fn check(
        body: &str,
        ks: &KeySet<DefaultProvider, 2>,
        now: UnixTime,
    ) -> Result<Option<String>, Rejection<'static>> {
        let mut s = vec![0u8; body.len()];
        let p = Params::parse_form(body.as_bytes(), &mut s).unwrap();
        let r = AuthorizationRequest::new(&p).unwrap();
        let mut buf = vec![0u8; 2 * body.len()];
        let o = r.verify_with_request_object(ks, &policy(), None, now, &mut buf)?;
        Ok(o.map(|o| {
            let eff = o.effective().unwrap();
            format!("{:?} {:?}", eff.scope().unwrap(), eff.state())
        }))
    }

    fn outer(request: &str) -> String {
        format!(
            "response_type=code&client_id=c1&scope=openid&redirect_uri=x&state=outer&request={request}"
        )
    }

    #[test]
    fn merge_is_the_object_alone() {
        let ks = keys("k1");
        let got = check(&outer(&object(&[])), &ks, NOW).unwrap().unwrap();
        // scope from the object, outer `state` dropped (idpyoidc's strict merge)
        assert_eq!(got, r#"["openid", "email"] None"#);
        let got = check(&outer(&object(&[("state", "inner")])), &ks, NOW).unwrap();
        assert_eq!(got.unwrap(), r#"["openid", "email"] Some("inner")"#);
        // without `request`: the outer request, verified as before
        assert_eq!(
            check(
                "response_type=code&client_id=c1&scope=openid&redirect_uri=x",
                &ks,
                NOW
            ),
            Ok(None)
        );
    }

    #[test]
    fn failures_name_the_request() {
        let ks = keys("k1");
        let req = |e| Err(Rejection::param(e, REQUEST_PARAM));
        assert_eq!(
            check(&outer(&object(&[])), &keys("k2"), NOW),
            req(Error::UnknownKey)
        );
        assert_eq!(
            check(&outer(&object(&[])), &ks, UnixTime(NOW.0 + 75)),
            req(Error::Expired)
        );
        let nested = object(&[("request_uri", "https://rp/r")]);
        assert_eq!(
            check(&outer(&nested), &ks, NOW),
            req(Error::RequestObjectNested)
        );
        let other = token(|c| {
            c.str("iss", "c1")?;
            c.str("aud", OP)?;
            c.str("client_id", "c2")
        });
        assert_eq!(
            check(&outer(&other), &ks, NOW),
            req(Error::ClientIdMismatch)
        );
        let foreign = token(|c| c.str("iss", "c2"));
        assert_eq!(
            check(&outer(&foreign), &ks, NOW),
            req(Error::IssuerMismatch)
        );
        let no_openid = token(|c| {
            c.str("iss", "c1")?;
            c.str("aud", OP)?;
            c.str("client_id", "c1")?;
            c.str("response_type", "code")?;
            c.str("scope", "email")?;
            c.str("redirect_uri", "x")
        });
        assert_eq!(
            check(&outer(&no_openid), &ks, NOW),
            Err(Rejection::param(Error::MissingOpenidScope, "scope"))
        );
        let r = Rejection::param(Error::BadSignature, REQUEST_PARAM);
        assert_eq!(r.error_code(), Some("invalid_request_object"));
    }

    #[test]
    fn members_limit_one_past() {
        use crate::limits::MAX_PARAMS;
        let ks = keys("k1");
        // `iss` and `client_id` plus `n - 2` more members
        let with = |n: usize| {
            token(|c| {
                c.str("iss", "c1")?;
                c.str("client_id", "c1")?;
                (2..n).try_for_each(|i| c.str(&format!("x{i}"), "v"))
            })
        };
        let p = RequestObjectPolicy::default();
        let mut buf = vec![0u8; 8192];
        assert!(RequestObject::verify(&with(MAX_PARAMS), "c1", &ks, &p, NOW, &mut buf).is_ok());
        assert_eq!(
            RequestObject::verify(&with(MAX_PARAMS + 1), "c1", &ks, &p, NOW, &mut buf).unwrap_err(),
            Error::TooManyParameters
        );
    }

    #[test]
    fn buffer_one_byte_short() {
        let ks = keys("k1");
        let t = object(&[]);
        let need = RequestObject::buffer_len(&t).unwrap();
        assert!(need <= t.len() * 3 / 2 + 4);
        let mut buf = vec![0u8; need];
        assert!(RequestObject::verify(&t, "c1", &ks, &policy(), NOW, &mut buf).is_ok());
        let mut buf = vec![0u8; need - 1];
        assert_eq!(
            RequestObject::verify(&t, "c1", &ks, &policy(), NOW, &mut buf).unwrap_err(),
            Error::BufferTooSmall
        );
    }

    #[test]
    fn id_token_hint_ignores_expiry() {
        let ks = keys("k1");
        let hint = token(|c| {
            c.str("iss", OP)?;
            c.str("sub", "alice")?;
            c.str("aud", "c1")?;
            c.int("exp", 1)
        });
        let mut buf = vec![0u8; hint.len()];
        let p = IdTokenHintPolicy {
            issuer: OP,
            client_id: Some("c1"),
        };
        let t = verify_id_token_hint(&hint, &ks, &p, &mut buf).unwrap();
        assert!(t.claims().sub().unwrap().eq_str("alice"));
        let p2 = IdTokenHintPolicy {
            client_id: Some("c2"),
            ..p
        };
        assert_eq!(
            verify_id_token_hint(&hint, &ks, &p2, &mut buf).unwrap_err(),
            Error::AudienceMismatch
        );
        let p3 = IdTokenHintPolicy {
            issuer: "https://other",
            client_id: None,
        };
        assert_eq!(
            verify_id_token_hint(&hint, &ks, &p3, &mut buf).unwrap_err(),
            Error::IssuerMismatch
        );
        let no_sub = token(|c| c.str("iss", OP));
        assert_eq!(
            verify_id_token_hint(&no_sub, &ks, &p3, &mut buf).unwrap_err(),
            Error::IssuerMismatch
        );
        assert_eq!(
            verify_id_token_hint(&no_sub, &ks, &p, &mut buf).unwrap_err(),
            Error::MissingClaim
        );
    }
}
