//! `oxidc demo`: the token-endpoint hot path of an idpyoidc-style OP, on freshly generated
//! keys and a built-in sample grant, one core call per step, each timed.
//!
//! Every decision is the core's; the demo only holds the state an OP keeps between calls
//! (keys, the stored grant, whether the code was used) and prints what happened.

use crate::exit::{CliError, CliResult};
use crate::jsonout::J;
use crate::keys::{self, Keys, P};
use crate::term::{Paint, Stream};
use oxidc::grant::{CodeRedemption, GrantView, TokenPolicy, redeem_code};
use oxidc::jwt::{
    AccessTokenClaims, HeaderSpec, IdTokenClaims, mint, mint_access_token, mint_id_token,
};
use oxidc::oauth::Params;
use oxidc::oauth::client_authn::{
    self, AssertionPolicy, AuthMethod, AuthnContext, BasicDecoding, ClientRegistry,
    JWT_BEARER_ASSERTION_TYPE,
};
use oxidc::oauth::messages::{GrantType, TokenRequest};
use oxidc::oauth::pkce::{self, ChallengeMethod};
use oxidc::oidc::id_token::{HashedValues, IdTokenExpectations, verify_id_token};
use oxidc::{Error, Jwk, SigningKey, UnixTime, Validator};
use std::cell::RefCell;
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// Options of `oxidc demo`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  oxidc demo                 # every step with its result and time
  oxidc demo --show-tokens   # also print the tokens
  oxidc demo --json | jq '.steps[] | {step, ok, micros}'")]
pub struct DemoArgs {
    /// Print the minted tokens and the request.
    #[arg(long)]
    show_tokens: bool,
    /// Print the steps as JSON.
    #[arg(long)]
    json: bool,
}

/// The OP's issuer in the demo.
pub const ISSUER: &str = "https://op.example.org";
/// The demo client.
pub const CLIENT_ID: &str = "client_1";
/// The demo user's subject (idpyoidc's pairwise-style hash).
pub const SUB: &str = "b9eb09a780ecbd667b426a8e61d2af10887ace6a5d535210fab5ac3112a2ed19";
/// The ID token's nonce from the authorization request.
pub const NONCE: &str = "n-0S6_WzA2Mj";
/// The session id idpyoidc would encrypt.
pub const SID: &str = "Z0FBQUFBQnJBX0ZoLW1vY2stc2Vzc2lvbi1pZC1mb3ItZGVtby1vbmx5";
/// The OP's token endpoint (the audience of client assertions).
pub const TOKEN_ENDPOINT: &str = "https://op.example.org/token";
/// The client's registered redirect URI.
pub const REDIRECT_URI: &str = "https://client.example.org/cb";

/// The OP's client database for the demo: one client with a secret and a public JWKS, plus
/// the host's replay cache for assertion `jti`s (host state: the core never stores).
struct Registry {
    client_id: String,
    secret: Vec<u8>,
    keys: Box<Keys>,
    seen_jti: RefCell<HashSet<String>>,
}

impl ClientRegistry for Registry {
    fn is_registered(&self, client_id: &str) -> bool {
        client_id == self.client_id
    }

    fn client_secret(&self, client_id: &str) -> Option<&[u8]> {
        (client_id == self.client_id).then_some(self.secret.as_slice())
    }

    fn verify_client_assertion(
        &self,
        method: AuthMethod,
        assertion: &str,
        assertion_type: Option<&str>,
        now: UnixTime,
    ) -> Result<&str, Error> {
        let jti = self.check_assertion(method, assertion, assertion_type, now)?;
        if !self.seen_jti.borrow_mut().insert(jti) {
            return Err(Error::AssertionReplayed);
        }
        Ok(&self.client_id)
    }
}

impl Registry {
    /// Everything but the replay cache: the core's checks of a client assertion; the `jti`.
    fn check_assertion(
        &self,
        method: AuthMethod,
        assertion: &str,
        assertion_type: Option<&str>,
        now: UnixTime,
    ) -> Result<String, Error> {
        // Find the client by the (unverified) issuer, then let the core verify everything.
        let mut buf = vec![0u8; assertion.len()];
        let iss = client_authn::assertion_issuer(assertion, &mut buf)?;
        if !iss.eq_str(&self.client_id) {
            return Err(Error::UnknownClient);
        }
        let policy = AssertionPolicy {
            audiences: &[TOKEN_ENDPOINT],
            require_jti: true,
            ..AssertionPolicy::default()
        };
        let verified = client_authn::verify_client_assertion(
            method,
            assertion,
            assertion_type,
            &self.client_id,
            &*self.keys,
            &policy,
            now,
            &mut buf,
        )?;
        let jti = verified.jti().ok_or(Error::MissingClaim)?;
        Ok(String::from_utf8_lossy(jti.raw()).into_owned())
    }
}

/// One step's outcome.
struct Outcome {
    step: String,
    ok: bool,
    detail: String,
    micros: f64,
    runs: u32,
}

/// Runs steps, timing the core call of each.
struct Runner {
    outcomes: Vec<Outcome>,
    json: bool,
}

/// How long to repeat a step to time it warm (the first call pays for cold caches).
const TIME_BUDGET: Duration = Duration::from_millis(20);
const MAX_RUNS: u32 = 200;

impl Runner {
    /// Times `f` (pure: it is repeated), records `expect(result)` as the step's verdict.
    fn step<T>(
        &mut self,
        name: &str,
        f: impl FnMut() -> Result<T, Error>,
        verdict: impl FnOnce(&Result<T, Error>) -> (bool, String),
    ) -> Option<T> {
        self.timed(name, true, f, verdict)
    }

    /// A step that changes host state (a replay cache, a used code): run and timed once.
    fn once<T>(
        &mut self,
        name: &str,
        f: impl FnOnce() -> Result<T, Error>,
        verdict: impl FnOnce(&Result<T, Error>) -> (bool, String),
    ) -> Option<T> {
        let mut f = Some(f);
        self.timed(
            name,
            false,
            move || f.take().map_or(Err(Error::CryptoFailure), |f| f()),
            verdict,
        )
    }

    fn timed<T>(
        &mut self,
        name: &str,
        repeat: bool,
        mut f: impl FnMut() -> Result<T, Error>,
        verdict: impl FnOnce(&Result<T, Error>) -> (bool, String),
    ) -> Option<T> {
        let t0 = Instant::now();
        let first = f();
        let mut best = t0.elapsed();
        let mut runs = 1;
        let start = Instant::now();
        while repeat && runs < MAX_RUNS && start.elapsed() < TIME_BUDGET {
            let t = Instant::now();
            let _ = std::hint::black_box(f());
            best = best.min(t.elapsed());
            runs += 1;
        }
        let (ok, detail) = verdict(&first);
        let micros = best.as_secs_f64() * 1e6;
        self.print(name, ok, &detail, micros);
        self.outcomes.push(Outcome {
            step: name.to_owned(),
            ok,
            detail,
            micros,
            runs,
        });
        if ok { first.ok() } else { None }
    }

    fn print(&self, name: &str, ok: bool, detail: &str, micros: f64) {
        if self.json {
            return;
        }
        let n = self.outcomes.len() + 1;
        let mark = if ok {
            Paint::Green.out("OK  ")
        } else {
            Paint::Red.out("FAIL")
        };
        println!(
            "{n:>2}  {mark}  {name:<52} {:>10}  {}",
            format!("{micros:.1} µs"),
            Paint::Dim.out(detail)
        );
    }
}

fn ok_with<T>(
    detail: impl FnOnce(&T) -> String,
) -> impl FnOnce(&Result<T, Error>) -> (bool, String) {
    move |r| match r {
        Ok(v) => (true, detail(v)),
        Err(e) => (false, format!("{}: {}", e.as_str(), e.message())),
    }
}

/// A verdict for a step that must be refused with `want`.
fn refused_with<T>(want: Error) -> impl FnOnce(&Result<T, Error>) -> (bool, String) {
    move |r| match r {
        Err(e) if *e == want => (true, format!("refused: {}", e.as_str())),
        Err(e) => (
            false,
            format!("refused with {} instead of {}", e.as_str(), want.as_str()),
        ),
        Ok(_) => (false, format!("accepted; expected {}", want.as_str())),
    }
}

/// The grant an idpyoidc OP stored at its authorization endpoint for this user and client,
/// in idpyoidc's serialised shape: one authorization code, PKCE challenge in the request.
fn sample_grant(now: i64, code: &str, code_challenge: &str) -> serde_json::Value {
    let issued = now - 5;
    serde_json::json!({
        "expires_at": issued + 43_200,
        "issued_at": issued,
        "not_before": 0,
        "revoked": false,
        "used": 1,
        "usage_rules": {
            "authorization_code": {
                "expires_in": 300,
                "supports_minting": ["access_token", "refresh_token", "id_token"],
                "max_usage": 1
            },
            "access_token": {"expires_in": 3600},
            "refresh_token": {
                "expires_in": 86_400,
                "supports_minting": ["access_token", "refresh_token"]
            }
        },
        "authentication_event": {
            "idpyoidc.server.authn_event.AuthnEvent": {
                "uid": "diana",
                "authn_info": "urn:oasis:names:tc:SAML:2.0:ac:classes:InternetProtocolPassword",
                "authn_time": issued - 55,
                "valid_until": issued + 3600
            }
        },
        "authorization_request": {
            "idpyoidc.message.oidc.AuthorizationRequest": {
                "client_id": CLIENT_ID,
                "scope": "openid offline_access",
                "state": "af0ifjsldkj",
                "response_type": "code",
                "nonce": NONCE,
                "redirect_uri": REDIRECT_URI,
                "code_challenge": code_challenge,
                "code_challenge_method": "S256"
            }
        },
        "claims": {},
        "extra": {},
        "resources": [CLIENT_ID],
        "scope": ["openid", "offline_access"],
        "sub": SUB,
        "issued_token": [{
            "idpyoidc.server.session.token.AuthorizationCode": {
                "expires_at": issued + 300,
                "issued_at": issued,
                "not_before": 0,
                "revoked": false,
                "usage_rules": {
                    "expires_in": 300,
                    "supports_minting": ["access_token", "refresh_token", "id_token"],
                    "max_usage": 1
                },
                "used": 0,
                "claims": {},
                "id": "8c8268181f9b0e5a9988990d3f24099a",
                "name": "AuthorizationCode",
                "resources": [],
                "scope": ["openid", "offline_access"],
                "token_class": "authorization_code",
                "value": code
            }
        }],
        "token_map": {
            "authorization_code": "idpyoidc.server.session.token.AuthorizationCode",
            "access_token": "idpyoidc.server.session.token.AccessToken",
            "refresh_token": "idpyoidc.server.session.token.RefreshToken",
            "id_token": "idpyoidc.server.session.token.IDToken"
        }
    })
}

/// What a token-endpoint decision said, owned (the decision borrows the request).
#[derive(Clone, Debug)]
struct Redeemed {
    minted: Vec<&'static str>,
    code_used: i64,
    grant_used: i64,
    expires_in: Option<i64>,
}

/// Decides `grant_type=authorization_code` against the stored grant; a refusal becomes its
/// error (with idpyoidc's OAuth code and description in the verdict).
fn redeem(
    grant_json: &[u8],
    code: &str,
    redirect_uri: Option<&str>,
    now: UnixTime,
) -> Result<Redeemed, Error> {
    let grant: GrantView<'_> = GrantView::parse(grant_json)?;
    let d = redeem_code(
        &grant,
        &CodeRedemption {
            code,
            client_id: Some(CLIENT_ID),
            redirect_uri,
            session_client_id: Some(CLIENT_ID),
        },
        &TokenPolicy::OIDC,
        now,
    );
    if let Some(r) = d.refusal() {
        return Err(r.error);
    }
    Ok(Redeemed {
        minted: d.mints.iter().map(|m| m.class.name()).collect(),
        code_used: d.token_used,
        grant_used: d.grant_used,
        expires_in: d.expires_in,
    })
}

fn text(buf: &[u8]) -> String {
    String::from_utf8_lossy(buf).into_owned()
}

fn fail(what: &str) -> CliError {
    CliError::Failed(format!("the demo stopped: {what}"))
}

/// `application/x-www-form-urlencoded` body from pairs (values here are URL-safe except the
/// redirect URI, which is escaped).
fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let v: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        char::from(b).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Runs the demo; fails (exit 1) when any step does not come out as expected.
pub fn run(a: &DemoArgs) -> CliResult {
    let mut r = Runner {
        outcomes: Vec::new(),
        json: a.json,
    };
    let profile = if cfg!(debug_assertions) {
        "debug build: expect ~10x slower than --release"
    } else {
        "release build"
    };
    if !a.json {
        println!(
            "{}",
            Paint::Bold.out("oxidc demo: an idpyoidc-style OP's token endpoint, step by step")
        );
        println!(
            "{}",
            Paint::Dim.out(&format!(
                "crypto: ring; {profile}; µs = best of up to {MAX_RUNS} warm runs of the core call (1 run for stateful steps)\n"
            ))
        );
    }
    let now = UnixTime(crate::timefmt::now());

    // ---- what the OP and the client hold before the token request (generated fresh)
    let op = keys::generate(keys::Kty::Ec, None, None, oxidc::KidForm::Rfc7638, None)?;
    let client_key = keys::generate(keys::Kty::Ec, None, None, oxidc::KidForm::Rfc7638, None)?;
    let mut secret = [0u8; 24];
    keys::random(&mut secret)?;
    let client_secret = keys::b64(&secret);
    let mut v = [0u8; 32];
    keys::random(&mut v)?;
    let code_verifier = keys::b64(&v);
    let mut challenge = [0u8; 64];
    let n = pkce::compute_challenge(&code_verifier, ChallengeMethod::S256, &mut challenge)
        .map_err(CliError::core("computing the PKCE challenge"))?;
    let code_challenge = text(challenge.get(..n).unwrap_or_default());
    let code = keys::random_hex(24)?;
    let registry = Registry {
        client_id: CLIENT_ID.to_owned(),
        secret: client_secret.clone().into_bytes(),
        keys: Box::new(
            Keys::from_jwks(client_key.jwks.compact().as_bytes())
                .map_err(CliError::core("loading the client's JWKS"))?,
        ),
        seen_jti: RefCell::new(HashSet::new()),
    };

    // ---- keys are parsed once into handles
    let op_private = op.private.compact();
    let op_jwks = op.jwks.compact();
    let op_key: SigningKey<P> = r
        .step(
            "load the OP signing key (ES256 JWK -> handle)",
            || SigningKey::<P>::from_jwk(op_private.as_bytes()),
            ok_with(|k: &SigningKey<P>| format!("kid {}", k.kid().unwrap_or("-"))),
        )
        .ok_or_else(|| fail("the OP key did not load"))?;
    let op_keys: Keys = r
        .step(
            "load the OP's public JWKS (RS/RP side)",
            || Keys::from_jwks(op_jwks.as_bytes()),
            ok_with(|k: &Keys| format!("{} key(s)", k.len())),
        )
        .ok_or_else(|| fail("the OP JWKS did not load"))?;

    // ---- 1. the token request: client_secret_basic
    let body = form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", REDIRECT_URI),
        ("code_verifier", &code_verifier),
    ]);
    let basic = {
        let creds = format!("{CLIENT_ID}:{client_secret}");
        let mut out = vec![0u8; creds.len() * 2 + 4];
        let n = oxidc::b64::encode_standard(creds.as_bytes(), &mut out)
            .map_err(CliError::core("encoding Basic credentials"))?;
        format!("Basic {}", text(out.get(..n).unwrap_or_default()))
    };
    const GRANTS: &[GrantType] = &[GrantType::AuthorizationCode, GrantType::RefreshToken];
    r.step(
        "parse + verify the token request (form body)",
        || {
            let mut scratch = [0u8; 1024];
            let p = Params::parse_form(body.as_bytes(), &mut scratch)?;
            let req = TokenRequest::parse(&p, GRANTS)?;
            Ok((req.grant_type(), p.len()))
        },
        ok_with(|(g, n): &(GrantType, usize)| format!("grant_type={}, {n} parameters", g.as_str())),
    )
    .ok_or_else(|| fail("the token request was refused"))?;
    // The OP keeps the parsed request for the next steps.
    let mut scratch = vec![0u8; body.len()];
    let params = Params::parse_form(body.as_bytes(), &mut scratch)
        .map_err(CliError::core("parsing the token request"))?;
    let Ok(TokenRequest::AuthorizationCode(req)) = TokenRequest::parse(&params, GRANTS) else {
        return Err(fail("not an authorization-code request"));
    };

    r.step(
        "authenticate the client: client_secret_basic",
        || {
            let mut s = [0u8; 256];
            let ctx = AuthnContext {
                authorization: Some(basic.as_bytes()),
                basic_decoding: BasicDecoding::Rfc6749,
                now,
            };
            let a = client_authn::authenticate(
                &[AuthMethod::ClientSecretBasic],
                &params,
                &ctx,
                &registry,
                &mut s,
            )?;
            Ok(a.client_id.map(str::to_owned).unwrap_or_default())
        },
        ok_with(|id: &String| format!("client {id}, secret compared in constant time")),
    );
    r.step(
        "a wrong client secret is refused",
        || {
            let bad = format!("{CLIENT_ID}:{client_secret}x");
            let mut out = [0u8; 256];
            let n = oxidc::b64::encode_standard(bad.as_bytes(), &mut out)?;
            let header = [b"Basic ", out.get(..n).unwrap_or_default()].concat();
            let mut s = [0u8; 256];
            let ctx = AuthnContext {
                authorization: Some(&header),
                basic_decoding: BasicDecoding::Rfc6749,
                now,
            };
            client_authn::authenticate(
                &[AuthMethod::ClientSecretBasic],
                &params,
                &ctx,
                &registry,
                &mut s,
            )
            .map(|_| ())
        },
        refused_with(Error::ClientSecretMismatch),
    );

    // ---- 2. the same request with private_key_jwt: the client signs an assertion
    let client_signer = SigningKey::<P>::from_jwk(client_key.private.compact().as_bytes())
        .map_err(CliError::core("loading the client's key"))?;
    let jti = keys::random_hex(16)?;
    let mut abuf = vec![0u8; 2048];
    let n = mint(
        &client_signer,
        &HeaderSpec::default(),
        |w| {
            w.str("iss", CLIENT_ID)?;
            w.str("sub", CLIENT_ID)?;
            w.str("aud", TOKEN_ENDPOINT)?;
            w.str("jti", &jti)?;
            w.int("iat", now.0)?;
            w.int("exp", now.0 + 60)
        },
        &mut abuf,
    )
    .map_err(CliError::core("minting the client assertion"))?;
    let assertion = text(abuf.get(..n).unwrap_or_default());
    let jwt_body = form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", REDIRECT_URI),
        ("code_verifier", &code_verifier),
        ("client_assertion_type", JWT_BEARER_ASSERTION_TYPE),
        ("client_assertion", &assertion),
    ]);
    let mut jwt_scratch = vec![0u8; jwt_body.len()];
    let jwt_params = Params::parse_form(jwt_body.as_bytes(), &mut jwt_scratch)
        .map_err(CliError::core("parsing the private_key_jwt request"))?;
    let no_header = AuthnContext {
        authorization: None,
        basic_decoding: BasicDecoding::Rfc6749,
        now,
    };
    let pkjwt = || {
        let mut s = [0u8; 16];
        client_authn::authenticate(
            &[AuthMethod::PrivateKeyJwt],
            &jwt_params,
            &no_header,
            &registry,
            &mut s,
        )
        .map(|a| a.method)
    };
    // Warm the caches (as a running OP's are) without touching the replay cache, so that the
    // one timed run below measures the steady state.
    for _ in 0..20 {
        let _ = registry.check_assertion(
            AuthMethod::PrivateKeyJwt,
            &assertion,
            Some(JWT_BEARER_ASSERTION_TYPE),
            now,
        );
    }
    r.once(
        "authenticate the client: private_key_jwt (ES256)",
        pkjwt,
        ok_with(|m: &AuthMethod| {
            format!("{}: signature, iss/sub/aud/exp, jti recorded", m.as_str())
        }),
    );
    r.once(
        "the same assertion again is refused (replay)",
        pkjwt,
        refused_with(Error::AssertionReplayed),
    );

    // ---- 3. the stored grant: PKCE, redirect_uri and the usage rules
    let mut grant_json = sample_grant(now.0, &code, &code_challenge);
    let grant_text = grant_json.to_string();
    r.step(
        "load the stored grant (idpyoidc JSON -> view)",
        || GrantView::<'_>::parse(grant_text.as_bytes()).map(|g| g.tokens().len()),
        ok_with(|n: &usize| format!("{n} issued token(s), {} bytes", grant_text.len())),
    )
    .ok_or_else(|| fail("the stored grant did not load"))?;
    let grant_view: GrantView<'_> = GrantView::parse(grant_text.as_bytes())
        .map_err(CliError::core("reading the stored grant"))?;
    let stored_challenge = grant_view
        .authorization_request()
        .and_then(|o| o.get("code_challenge"))
        .and_then(|v| v.as_str())
        .ok_or_else(|| fail("the grant has no code_challenge"))?;
    let stored = pkce::Challenge {
        challenge: stored_challenge,
        method: ChallengeMethod::S256,
    };
    r.step(
        "PKCE (S256) and redirect_uri match the authorization",
        || {
            req.check_redirect_uri(Some(REDIRECT_URI))?;
            pkce::verify(req.code_verifier()?, &stored)
        },
        ok_with(|_: &()| "code_verifier hashes to the stored challenge".into()),
    );
    r.step(
        "a wrong code_verifier is refused",
        || pkce::verify(Some(&format!("{code_verifier}x")), &stored),
        refused_with(Error::PkceMismatch),
    );
    let redeemed = r
        .step(
            "grant usage rules: redeem the code (parse + decide)",
            || redeem(grant_text.as_bytes(), &code, req.redirect_uri(), now),
            ok_with(|d: &Redeemed| {
                format!(
                    "mint {}; host stores code.used={}, grant.used={}",
                    d.minted.join(" + "),
                    d.code_used,
                    d.grant_used
                )
            }),
        )
        .ok_or_else(|| fail("the code was not redeemed"))?;
    // The host persists the decision (the core never stores): the code is now used.
    grant_json["used"] = redeemed.grant_used.into();
    grant_json["issued_token"][0]["idpyoidc.server.session.token.AuthorizationCode"]["used"] =
        redeemed.code_used.into();
    let grant_after = grant_json.to_string();

    // ---- 4. the tokens
    let token_jti = keys::random_hex(16)?;
    let mut at_buf = vec![0u8; oxidc::limits::MAX_TOKEN_LEN];
    let at_claims = AccessTokenClaims {
        scope: &["openid", "offline_access"],
        scope_as_string: true,
        aud: &[CLIENT_ID],
        jti: &token_jti,
        client_id: CLIENT_ID,
        sub: SUB,
        acr: None,
        extra: &[],
        sid: SID,
        token_class: "access_token",
        iss: ISSUER,
        iat: now.0,
        exp: now.0 + redeemed.expires_in.unwrap_or(3600),
    };
    let at_len = r.step(
        "mint the access token (ES256, idpyoidc layout)",
        || mint_access_token(&op_key, &at_claims, &mut at_buf),
        ok_with(|n: &usize| format!("{n} bytes")),
    );
    let access_token = at_len.map(|n| text(at_buf.get(..n).unwrap_or_default()));

    let mut id_buf = vec![0u8; oxidc::limits::MAX_TOKEN_LEN];
    let id_token = if let Some(at) = &access_token {
        let claims = IdTokenClaims {
            sub: SUB,
            sid: SID,
            auth_time: Some(now.0 - 60),
            acr: None,
            extra: &[],
            scope: &["openid", "offline_access"],
            jti: None,
            code: None,
            access_token: Some(at),
            nonce: Some(NONCE),
            iss: ISSUER,
            iat: now.0,
            exp: now.0 + 300,
            aud: &[CLIENT_ID],
        };
        r.step(
            "mint the ID token (ES256, with at_hash)",
            || mint_id_token(&op_key, &claims, &mut id_buf),
            ok_with(|n: &usize| format!("{n} bytes")),
        )
        .map(|n| text(id_buf.get(..n).unwrap_or_default()))
    } else {
        None
    };

    // ---- 5. the resource server and the relying party
    if let Some(at) = &access_token {
        let rs = Validator::new().issuer(ISSUER).audience(CLIENT_ID);
        let mut buf = vec![0u8; at.len()];
        r.step(
            "verify the access token (resource server)",
            || rs.verify(at, &op_keys, now, &mut buf).map(|v| v.alg()),
            ok_with(|alg: &oxidc::Algorithm| format!("{alg}; iss, aud, exp checked")),
        );
    }
    if let (Some(at), Some(idt)) = (&access_token, &id_token) {
        let expected = IdTokenExpectations {
            issuer: Some(ISSUER),
            client_id: Some(CLIENT_ID),
            nonce: Some(NONCE),
            max_age: Some(3600),
            ..IdTokenExpectations::default()
        };
        let hashed = HashedValues {
            access_token: Some(at),
            code: None,
        };
        let mut buf = vec![0u8; idt.len()];
        r.step(
            "verify the ID token (relying party)",
            || verify_id_token(idt, &op_keys, &expected, hashed, now, &mut buf).map(|v| v.alg()),
            ok_with(|alg: &oxidc::Algorithm| {
                format!("{alg}; iss, aud, nonce, auth_time, at_hash checked")
            }),
        );
    }

    // ---- 6. the code again: idpyoidc's reuse detection
    r.step(
        "the same code again is refused (invalid_grant)",
        || redeem(grant_after.as_bytes(), &code, req.redirect_uri(), now),
        |res: &Result<Redeemed, Error>| match res {
            Err(e) if *e == Error::CodeReused => {
                let f = oxidc::grant::refusal_for(*e, oxidc::grant::Profile::Oidc, None);
                (
                    f.oauth_error == "invalid_grant",
                    format!("{}: {} ({})", f.oauth_error, f.description, e.as_str()),
                )
            }
            Err(e) => (
                false,
                format!("refused with {} instead of code_reused", e.as_str()),
            ),
            Ok(_) => (false, "the code was redeemed twice".into()),
        },
    );

    // A token checked against someone else's key (same kid) must fail.
    if let Some(at) = &access_token {
        let other = keys::generate(keys::Kty::Ec, None, None, oxidc::KidForm::Rfc7638, None)?;
        let mut wrong: Keys = Keys::new();
        let jwk = Jwk::<P>::from_json(
            other
                .jwks
                .get("keys")
                .and_then(|k| match k {
                    J::Arr(v) => v.first(),
                    _ => None,
                })
                .map(J::compact)
                .unwrap_or_default()
                .as_bytes(),
        )
        .and_then(|k| k.with_kid(op_key.kid().unwrap_or_default()))
        .map_err(CliError::core("loading a stranger's key"))?;
        wrong
            .push(jwk)
            .map_err(CliError::core("loading a stranger's key"))?;
        let rs = Validator::new().issuer(ISSUER).audience(CLIENT_ID);
        let mut buf = vec![0u8; at.len()];
        r.step(
            "same kid, another key: the RS refuses the token",
            || rs.verify(at, &wrong, now, &mut buf).map(|_| ()),
            refused_with(Error::BadSignature),
        );
    }

    finish(&r, a, access_token.as_deref(), id_token.as_deref())
}

fn finish(r: &Runner, a: &DemoArgs, at: Option<&str>, idt: Option<&str>) -> CliResult {
    let failed = r.outcomes.iter().filter(|o| !o.ok).count();
    let total: f64 = r.outcomes.iter().map(|o| o.micros).sum();
    if a.json {
        let steps = r
            .outcomes
            .iter()
            .map(|o| {
                J::obj([
                    ("step", J::str(&o.step)),
                    ("ok", J::Bool(o.ok)),
                    ("detail", J::str(&o.detail)),
                    ("micros", J::Num(format!("{:.1}", o.micros))),
                    ("runs", J::int(i64::from(o.runs))),
                ])
            })
            .collect();
        let mut m = vec![
            ("ok", J::Bool(failed == 0)),
            ("steps", J::Arr(steps)),
            ("total_micros", J::Num(format!("{total:.1}"))),
        ];
        if a.show_tokens {
            m.push(("access_token", at.map_or(J::Null, J::str)));
            m.push(("id_token", idt.map_or(J::Null, J::str)));
        }
        println!("{}", J::obj(m).pretty(Stream::Out));
    } else {
        if a.show_tokens {
            if let Some(t) = at {
                println!("\n{}\n{t}", Paint::Bold.out("access token"));
            }
            if let Some(t) = idt {
                println!("\n{}\n{t}", Paint::Bold.out("ID token"));
            }
        }
        println!();
        if failed == 0 {
            println!(
                "{} all {} steps OK; {total:.1} µs of core work in total",
                Paint::Green.out("DONE"),
                r.outcomes.len()
            );
        } else {
            println!(
                "{} {failed} of {} steps failed",
                Paint::Red.out("FAILED"),
                r.outcomes.len()
            );
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(CliError::Failed(format!("{failed} demo step(s) failed")))
    }
}
