//! `oxidc demo`: the token-endpoint hot path of an idpyoidc-style OP, on freshly generated
//! keys and a built-in sample grant, one core call per step, each timed.
//!
//! Every decision is the core's; the demo only holds the state an OP keeps between calls
//! (keys, the stored grant, whether the code was used) and prints what happened.

use crate::exit::{CliError, CliResult};
use crate::jsonout::J;
use crate::keys::{self, Keys, P};
use crate::term::{Paint, Stream};
use oxidc::jwt::{AccessTokenClaims, IdTokenClaims, left_hash, mint_access_token, mint_id_token};
use oxidc::{Error, Jwk, SigningKey, UnixTime, Validator};
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
        mut f: impl FnMut() -> Result<T, Error>,
        verdict: impl FnOnce(&Result<T, Error>) -> (bool, String),
    ) -> Option<T> {
        let t0 = Instant::now();
        let first = f();
        let mut best = t0.elapsed();
        let mut runs = 1;
        let start = Instant::now();
        while runs < MAX_RUNS && start.elapsed() < TIME_BUDGET {
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
            "{n:>2}  {mark}  {name:<48} {:>9}  {}",
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

fn text(buf: &[u8]) -> String {
    String::from_utf8_lossy(buf).into_owned()
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
                "crypto: ring; {profile}; times are the best of up to {MAX_RUNS} warm runs of each core call\n"
            ))
        );
    }
    let now = UnixTime(crate::timefmt::now());

    // Keys: generated fresh (the CLI's randomness), loaded once into core handles.
    let op = keys::generate(keys::Kty::Ec, None, None, oxidc::KidForm::Rfc7638, None)?;
    let op_private = op.private.compact();
    let op_jwks = op.jwks.compact();
    let op_key: SigningKey<P> = r
        .step(
            "load the OP signing key (ES256 JWK -> handle)",
            || SigningKey::<P>::from_jwk(op_private.as_bytes()),
            ok_with(|k: &SigningKey<P>| format!("kid {}", k.kid().unwrap_or("-"))),
        )
        .ok_or_else(|| CliError::Failed("the OP key did not load".into()))?;
    let op_keys: Keys = r
        .step(
            "load the OP's public JWKS (RS/RP side)",
            || Keys::from_jwks(op_jwks.as_bytes()),
            ok_with(|k: &Keys| format!("{} key(s)", k.len())),
        )
        .ok_or_else(|| CliError::Failed("the OP JWKS did not load".into()))?;

    // The access token (ES256, idpyoidc's JWT access-token layout).
    let jti = keys::random_hex(16)?;
    let mut at_buf = vec![0u8; oxidc::limits::MAX_TOKEN_LEN];
    let at_claims = AccessTokenClaims {
        scope: &["openid", "offline_access"],
        scope_as_string: true,
        aud: &[CLIENT_ID],
        jti: &jti,
        client_id: CLIENT_ID,
        sub: SUB,
        acr: None,
        extra: &[],
        sid: SID,
        token_class: "access_token",
        iss: ISSUER,
        iat: now.0,
        exp: now.0 + 3600,
    };
    let at_len = r.step(
        "mint the access token (ES256)",
        || mint_access_token(&op_key, &at_claims, &mut at_buf),
        ok_with(|n: &usize| format!("{n} bytes")),
    );
    let access_token = at_len.map(|n| text(at_buf.get(..n).unwrap_or_default()));

    // The ID token, bound to the access token with at_hash.
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

    // The resource server verifies the access token.
    if let Some(at) = &access_token {
        let rs = Validator::new().issuer(ISSUER).audience(CLIENT_ID);
        let mut buf = vec![0u8; at.len()];
        r.step(
            "verify the access token (resource server)",
            || rs.verify(at, &op_keys, now, &mut buf).map(|v| v.alg()),
            ok_with(|alg: &oxidc::Algorithm| format!("{alg}, iss + aud + exp checked")),
        );
    }

    // The relying party verifies the ID token and its at_hash.
    if let (Some(at), Some(idt)) = (&access_token, &id_token) {
        let rp = Validator::new().issuer(ISSUER).audience(CLIENT_ID);
        let mut buf = vec![0u8; idt.len()];
        r.step(
            "verify the ID token (relying party, at_hash, nonce)",
            || {
                let v = rp.verify(idt, &op_keys, now, &mut buf)?;
                let c = v.claims();
                let want = left_hash(v.alg(), at.as_bytes());
                if !c
                    .get_str("at_hash")?
                    .is_some_and(|h| h.eq_str(want.as_str()))
                {
                    return Err(Error::InvalidClaim);
                }
                if !c.get_str("nonce")?.is_some_and(|n| n.eq_str(NONCE)) {
                    return Err(Error::InvalidClaim);
                }
                Ok(v.alg())
            },
            ok_with(|alg: &oxidc::Algorithm| format!("{alg}, at_hash and nonce match")),
        );
    }

    // A token signed by someone else's key must fail.
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
            || match rs.verify(at, &wrong, now, &mut buf) {
                Err(Error::BadSignature) => Ok(()),
                Err(e) => Err(e),
                Ok(_) => Err(Error::InvalidClaim),
            },
            ok_with(|_: &()| "refused: bad_signature".into()),
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
