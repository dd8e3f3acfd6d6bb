//! `oxidc bench`: a quick single-core throughput table of the core's hot paths.

use crate::exit::{CliError, CliResult};
use crate::jsonout::J;
use crate::keys::{self, Keys, P};
use crate::term::{self, Paint, Stream};
use oxidc::jwt::{AccessTokenClaims, mint_access_token};
use oxidc::{Error, SigningKey, UnixTime, Validator};
use std::io::Write;
use std::time::{Duration, Instant};

/// Options of `oxidc bench`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  cargo run --release -p oxidc-cli -- bench
  oxidc bench --seconds 3 --json")]
pub struct BenchArgs {
    /// Seconds to spend on each operation.
    #[arg(long, default_value_t = 1.0, value_name = "N")]
    seconds: f64,
    /// Print the table as JSON.
    #[arg(long)]
    json: bool,
}

/// One operation under test.
struct Op<'a> {
    name: String,
    run: Box<dyn FnMut() -> Result<(), Error> + 'a>,
}

struct Row {
    name: String,
    ops_per_sec: f64,
    micros: f64,
}

fn progress(i: usize, n: usize, name: &str, frac: f64) {
    if !term::stderr_is_terminal() {
        return;
    }
    let width = 24;
    let filled = (0..width)
        .filter(|i| f64::from(*i) < frac.clamp(0.0, 1.0) * f64::from(width))
        .count();
    let bar: String = "#".repeat(filled) + &"-".repeat(24usize.saturating_sub(filled));
    eprint!("\r[{bar}] {}/{n} {name:<28}", i + 1);
    let _ = std::io::stderr().flush();
}

fn measure(op: &mut Op<'_>, budget: Duration, i: usize, n: usize) -> Result<Row, Error> {
    // Warm up and check the operation works at all.
    (op.run)()?;
    let start = Instant::now();
    let mut count = 0f64;
    let mut batch: u32 = 1;
    let mut last_report = Instant::now();
    while start.elapsed() < budget {
        for _ in 0..batch {
            (op.run)()?;
        }
        count += f64::from(batch);
        if start.elapsed() < budget / 8 {
            batch = (batch * 2).min(4096);
        }
        if last_report.elapsed() > Duration::from_millis(100) {
            progress(
                i,
                n,
                &op.name,
                start.elapsed().as_secs_f64() / budget.as_secs_f64(),
            );
            last_report = Instant::now();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    Ok(Row {
        name: op.name.clone(),
        ops_per_sec: count / secs,
        micros: secs * 1e6 / count,
    })
}

fn signing_key(kty: keys::Kty) -> CliResult<(SigningKey<P>, Box<Keys>)> {
    let g = keys::generate(kty, None, None, oxidc::KidForm::Rfc7638, None)?;
    let key = SigningKey::<P>::from_jwk(g.private.compact().as_bytes())
        .map_err(CliError::core("loading the bench key"))?;
    let set = Keys::from_jwks(g.jwks.compact().as_bytes())
        .map(Box::new)
        .map_err(CliError::core("loading the bench key set"))?;
    Ok((key, set))
}

/// Runs the table.
pub fn run(a: &BenchArgs) -> CliResult {
    if !(a.seconds > 0.0 && a.seconds <= 600.0) {
        return Err(CliError::Usage("--seconds must be in (0, 600]".into()));
    }
    let budget = Duration::from_secs_f64(a.seconds);
    if term::stderr_is_terminal() {
        eprint!("generating keys (HS256, ES256, RS256-2048)…");
    }
    let keys = [
        ("HS256", signing_key(keys::Kty::Oct)?),
        ("ES256", signing_key(keys::Kty::Ec)?),
        ("RS256", signing_key(keys::Kty::Rsa)?),
    ];
    let now = UnixTime(crate::timefmt::now());
    let claims = AccessTokenClaims {
        scope: &["openid", "offline_access"],
        scope_as_string: true,
        aud: &["client_1"],
        jti: "a2a4c0b7e4c94c4f8e8b2f1d0c9e5e04",
        client_id: "client_1",
        sub: "b9eb09a780ecbd667b426a8e61d2af10887ace6a5d535210fab5ac3112a2ed19",
        acr: None,
        extra: &[],
        sid: "Z0FBQUFBQnJBX0ZoLW1vY2stc2Vzc2lvbi1pZC1mb3ItZGVtby1vbmx5",
        token_class: "access_token",
        iss: "https://op.example.org",
        iat: now.0,
        exp: now.0 + 3600,
    };
    let validator = Validator::new()
        .issuer("https://op.example.org")
        .audience("client_1");
    let mut tokens = Vec::new();
    for (name, (key, _)) in &keys {
        let mut out = vec![0u8; oxidc::limits::MAX_TOKEN_LEN];
        let n = mint_access_token(key, &claims, &mut out)
            .map_err(CliError::core(format!("minting a {name} bench token")))?;
        out.truncate(n);
        tokens.push(String::from_utf8_lossy(&out).into_owned());
    }
    let mut ops: Vec<Op<'_>> = Vec::new();
    for ((name, (_, set)), token) in keys.iter().zip(&tokens) {
        let mut buf = vec![0u8; token.len()];
        let validator = &validator;
        ops.push(Op {
            name: format!("verify {name} access token"),
            run: Box::new(move || validator.verify(token, &**set, now, &mut buf).map(|_| ())),
        });
    }
    for (name, (key, _)) in &keys {
        let mut out = vec![0u8; oxidc::limits::MAX_TOKEN_LEN];
        let claims = &claims;
        ops.push(Op {
            name: format!("mint {name} access token"),
            run: Box::new(move || mint_access_token(key, claims, &mut out).map(|_| ())),
        });
    }
    // Message parsing: decode, type and verify, as an OP does per request.
    let token_request = "grant_type=authorization_code&code=Z0FBQUFBQnBfTW9jay1jb2RlLWZvci1iZW5jaA\
                         &redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb\
                         &code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    ops.push(Op {
        name: "parse token request (form)".into(),
        run: Box::new(move || {
            use oxidc::oauth::messages::{GrantType, TokenRequest};
            let mut scratch = [0u8; 512];
            let p = oxidc::oauth::Params::parse_form(token_request.as_bytes(), &mut scratch)?;
            TokenRequest::parse(&p, &[GrantType::AuthorizationCode])
                .map(|_| ())
                .map_err(Error::from)
        }),
    });
    let authz_request = "response_type=code&client_id=client_1&scope=openid%20email%20offline_access\
                         &redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb&state=af0ifjsldkj\
                         &nonce=n-0S6_WzA2Mj&prompt=consent&code_challenge=\
                         E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
    ops.push(Op {
        name: "parse OIDC authorization request".into(),
        run: Box::new(move || {
            let mut scratch = [0u8; 512];
            let p = oxidc::oauth::Params::parse_form(authz_request.as_bytes(), &mut scratch)?;
            let r = oxidc::oidc::AuthorizationRequest::new(&p)?;
            r.verify(None).map_err(Error::from)
        }),
    });
    let n = ops.len();
    let mut rows = Vec::new();
    for (i, op) in ops.iter_mut().enumerate() {
        progress(i, n, &op.name, 0.0);
        rows.push(
            measure(op, budget, i, n).map_err(CliError::core(format!("running {}", op.name)))?,
        );
    }
    if term::stderr_is_terminal() {
        eprint!("\r{}\r", " ".repeat(64));
    }
    print_rows(&rows, a.json);
    Ok(())
}

fn print_rows(rows: &[Row], json: bool) {
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    if json {
        let items = rows
            .iter()
            .map(|r| {
                J::obj([
                    ("operation", J::str(&r.name)),
                    ("ops_per_sec", J::Num(format!("{:.0}", r.ops_per_sec))),
                    ("micros_per_op", J::Num(format!("{:.3}", r.micros))),
                ])
            })
            .collect();
        let j = J::obj([
            ("provider", J::str("ring")),
            ("build", J::str(profile)),
            ("rows", J::Arr(items)),
        ]);
        println!("{}", j.pretty(Stream::Out));
        return;
    }
    println!(
        "{}",
        Paint::Bold.out(&format!(
            "{:<34} {:>14} {:>10}",
            "operation (one core, ring)", "ops/s", "µs/op"
        ))
    );
    for r in rows {
        println!(
            "{:<34} {:>14} {:>10.2}",
            r.name,
            group(r.ops_per_sec),
            r.micros
        );
    }
    if cfg!(debug_assertions) {
        println!(
            "{}",
            Paint::Yellow.out(
                "debug build: run `cargo run --release -p oxidc-cli -- bench` for real numbers"
            )
        );
    }
}

/// `1234567.8` -> `1,234,568`.
fn group(v: f64) -> String {
    let s = format!("{v:.0}");
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
