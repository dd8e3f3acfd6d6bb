//! `mint`, `verify` and `inspect`: thin wrappers over the core's JWT engine.

use crate::exit::{self, CliError, CliResult};
use crate::input;
use crate::jsonout::J;
use crate::keys::{self, Keys, P};
use crate::term::{Paint, Stream};
use crate::timefmt;
use oxidc::json::{Object, Value};
use oxidc::jwt::{
    AccessTokenClaims, ClaimValue, HeaderSpec, IdTokenClaims, KidChoice, mint, mint_access_token,
    mint_id_token,
};
use oxidc::{Algorithm, Error, Leeway, SigningKey, UnixTime, UntrustedToken, Validator};

/// Parses an algorithm name for clap (`none` is refused by the core's parser).
pub fn parse_alg(s: &str) -> Result<Algorithm, String> {
    Algorithm::from_name(s.as_bytes()).map_err(|e| format!("{}: {}", e.as_str(), e.message()))
}

/// Room for any token the core mints or accepts.
const TOKEN_BUF: usize = oxidc::limits::MAX_TOKEN_LEN;

/// The raw JSON text of a value the core validated.
fn raw_json(v: &Value<'_>) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.as_str().into(),
        Value::String(s) => format!("\"{}\"", String::from_utf8_lossy(s.raw())),
        Value::Array(a) => String::from_utf8_lossy(a.raw()).into_owned(),
        Value::Object(o) => String::from_utf8_lossy(o.raw()).into_owned(),
    }
}

/// `(decoded name, raw JSON value)` for every member of a claims file, in order.
fn claim_members(json: &[u8]) -> Result<Vec<(String, String)>, Error> {
    let obj = Object::parse(json)?;
    let mut out = Vec::new();
    let mut it = obj.members();
    while let Some(m) = it.next_member()? {
        let mut buf = vec![0u8; m.name.raw().len()];
        let name = m.name.decode_into(&mut buf)?.to_owned();
        out.push((name, raw_json(&m.value)));
    }
    Ok(out)
}

/// Options of `oxidc mint`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  oxidc keygen --kty EC > op.json
  oxidc mint --key op.json --iss https://op.example.org --aud client_1 --sub alice
  echo '{\"scope\":\"openid\"}' | oxidc mint --key op.json --claims - --exp-in 600
  oxidc mint --key op.json --access-token --iss https://op.example.org --client-id client_1 \\
      --sub alice --scope 'openid offline_access'
  oxidc mint --key op.json --id-token --iss https://op.example.org --aud client_1 --sub alice \\
      --nonce n-0S6 --at-hash-of \"$ACCESS_TOKEN\"")]
pub struct MintArgs {
    /// Private key: a JWK, `oxidc keygen` output, or a JWKS (its first private key).
    #[arg(long, value_name = "KEY.json")]
    key: String,
    /// Signing algorithm of the key's family (default: the key's `alg`, else HS256/ES256/RS256).
    #[arg(long, value_parser = parse_alg)]
    alg: Option<Algorithm>,
    /// Claims as a JSON object, from a file or `-` for stdin; options below override members.
    #[arg(long, value_name = "FILE|-")]
    claims: Option<String>,
    /// Issuer (`iss`).
    #[arg(long)]
    iss: Option<String>,
    /// Audience (`aud`); repeat for several.
    #[arg(long)]
    aud: Vec<String>,
    /// Subject (`sub`).
    #[arg(long)]
    sub: Option<String>,
    /// Lifetime in seconds: `exp = iat + N` (default 3600; ID tokens 300 as idpyoidc).
    #[arg(long, value_name = "SECONDS")]
    exp_in: Option<i64>,
    /// Token id (`jti`); access tokens get a random one by default.
    #[arg(long)]
    jti: Option<String>,
    /// Header `typ` (e.g. `at+jwt`); none by default, as idpyoidc.
    #[arg(long)]
    typ: Option<String>,
    /// Header `kid` (default: the key's kid).
    #[arg(long, conflicts_with = "no_kid")]
    kid: Option<String>,
    /// No `kid` in the header.
    #[arg(long)]
    no_kid: bool,
    /// Issue time as Unix seconds (default: the system clock).
    #[arg(long, value_name = "UNIX")]
    now: Option<i64>,
    /// idpyoidc's JWT access-token layout (scope, aud, jti, client_id, sub, …, sid,
    /// token_class, iss, iat, exp); claims from --claims become released claims.
    #[arg(long, conflicts_with = "id_token")]
    access_token: bool,
    /// idpyoidc's ID-token layout (sub, sid, auth_time, …, at_hash, nonce, iss, iat, exp, aud).
    #[arg(long)]
    id_token: bool,
    /// Client id (access/ID tokens; default: the first --aud).
    #[arg(long)]
    client_id: Option<String>,
    /// Space-separated scopes (access/ID tokens; default `openid`).
    #[arg(long)]
    scope: Option<String>,
    /// Session id `sid` (access/ID tokens; default: random).
    #[arg(long)]
    sid: Option<String>,
    /// `nonce` (ID tokens).
    #[arg(long)]
    nonce: Option<String>,
    /// `auth_time` as Unix seconds (ID tokens).
    #[arg(long, value_name = "UNIX")]
    auth_time: Option<i64>,
    /// `acr` (access/ID tokens).
    #[arg(long)]
    acr: Option<String>,
    /// Bind this access token with `at_hash` (ID tokens).
    #[arg(long, value_name = "ACCESS_TOKEN")]
    at_hash_of: Option<String>,
    /// Bind this authorization code with `c_hash` (ID tokens).
    #[arg(long, value_name = "CODE")]
    c_hash_of: Option<String>,
}

fn need<'a>(v: Option<&'a str>, flag: &str, profile: &str) -> CliResult<&'a str> {
    v.ok_or_else(|| CliError::Usage(format!("{profile} needs {flag}")))
}

/// `oxidc mint`: prints the token.
pub fn mint_cmd(a: &MintArgs) -> CliResult {
    let file = input::read(&a.key)?;
    let mut key = keys::signing_key(&file, &a.key)?;
    if let Some(alg) = a.alg {
        key = key
            .with_algorithm(alg)
            .map_err(CliError::core("choosing the signing algorithm"))?;
    }
    if let Some(kid) = &a.kid {
        key = key
            .with_kid(kid)
            .map_err(CliError::core("setting the kid"))?;
    }
    let claims = match &a.claims {
        Some(path) => {
            let text = input::read(path)?;
            claim_members(&text).map_err(CliError::core(format!("reading the claims in {path}")))?
        }
        None => Vec::new(),
    };
    let now = a.now.unwrap_or_else(timefmt::now);
    let token = if a.access_token {
        mint_access(a, &key, &claims, now)?
    } else if a.id_token {
        mint_id(a, &key, &claims, now)?
    } else {
        mint_generic(a, &key, &claims, now)?
    };
    println!("{token}");
    Ok(())
}

fn mint_generic(
    a: &MintArgs,
    key: &SigningKey<P>,
    claims: &[(String, String)],
    now: i64,
) -> CliResult<String> {
    // Options win over the claims file; iat/exp come from the file unless --now/--exp-in are
    // given, and default to now / now + 3600.
    let in_file = |name: &str| claims.iter().any(|(n, _)| n == name);
    let write_iat = a.now.is_some() || !in_file("iat");
    let write_exp = a.exp_in.is_some() || !in_file("exp");
    let ours = |name: &str| match name {
        "iss" => a.iss.is_some(),
        "sub" => a.sub.is_some(),
        "aud" => !a.aud.is_empty(),
        "jti" => a.jti.is_some(),
        "iat" => write_iat,
        "exp" => write_exp,
        _ => false,
    };
    let exp = now.saturating_add(a.exp_in.unwrap_or(3600));
    let aud: Vec<&str> = a.aud.iter().map(String::as_str).collect();
    let spec = header_spec(a);
    let mut out = vec![0u8; TOKEN_BUF];
    let n = mint(
        key,
        &spec,
        |w| {
            for (name, json) in claims.iter().filter(|(n, _)| !ours(n)) {
                w.raw_json(name, json)?;
            }
            if let Some(iss) = &a.iss {
                w.str("iss", iss)?;
            }
            if let Some(sub) = &a.sub {
                w.str("sub", sub)?;
            }
            match aud.as_slice() {
                [] => {}
                [one] => w.str("aud", one)?,
                many => w.str_array("aud", many)?,
            }
            if let Some(jti) = &a.jti {
                w.str("jti", jti)?;
            }
            if write_iat {
                w.int("iat", now)?;
            }
            if write_exp {
                w.int("exp", exp)?;
            }
            Ok(())
        },
        &mut out,
    )
    .map_err(CliError::core("minting the token"))?;
    out.truncate(n);
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn header_spec(a: &MintArgs) -> HeaderSpec<'_> {
    HeaderSpec {
        // --kid was set on the key itself (see `mint_cmd`).
        kid: if a.no_kid {
            KidChoice::Omit
        } else {
            KidChoice::FromKey
        },
        typ: a.typ.as_deref(),
    }
}

fn extras(claims: &[(String, String)]) -> Vec<(&str, ClaimValue<'_>)> {
    claims
        .iter()
        .map(|(n, j)| (n.as_str(), ClaimValue::Json(j)))
        .collect()
}

fn mint_access(
    a: &MintArgs,
    key: &SigningKey<P>,
    claims: &[(String, String)],
    now: i64,
) -> CliResult<String> {
    const P_: &str = "--access-token";
    if a.no_kid || a.typ.is_some() {
        return Err(CliError::Usage(
            "--access-token uses idpyoidc's header (alg, kid); drop --no-kid/--typ".into(),
        ));
    }
    let iss = need(a.iss.as_deref(), "--iss", P_)?;
    let sub = need(a.sub.as_deref(), "--sub", P_)?;
    let client_id = need(
        a.client_id.as_deref().or(a.aud.first().map(String::as_str)),
        "--client-id (or --aud)",
        P_,
    )?;
    let scope_text = a.scope.clone().unwrap_or_else(|| "openid".into());
    let scope: Vec<&str> = scope_text.split_whitespace().collect();
    let aud: Vec<&str> = if a.aud.is_empty() {
        vec![client_id]
    } else {
        a.aud.iter().map(String::as_str).collect()
    };
    let jti = match &a.jti {
        Some(j) => j.clone(),
        None => keys::random_hex(16)?,
    };
    let sid = match &a.sid {
        Some(s) => s.clone(),
        None => keys::random_hex(16)?,
    };
    let extra = extras(claims);
    let mut out = vec![0u8; TOKEN_BUF];
    let n = mint_access_token(
        key,
        &AccessTokenClaims {
            scope: &scope,
            scope_as_string: true,
            aud: &aud,
            jti: &jti,
            client_id,
            sub,
            acr: a.acr.as_deref(),
            extra: &extra,
            sid: &sid,
            token_class: "access_token",
            iss,
            iat: now,
            exp: now.saturating_add(a.exp_in.unwrap_or(3600)),
        },
        &mut out,
    )
    .map_err(CliError::core("minting the access token"))?;
    out.truncate(n);
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn mint_id(
    a: &MintArgs,
    key: &SigningKey<P>,
    claims: &[(String, String)],
    now: i64,
) -> CliResult<String> {
    const P_: &str = "--id-token";
    if a.no_kid || a.typ.is_some() {
        return Err(CliError::Usage(
            "--id-token uses idpyoidc's header (alg, kid); drop --no-kid/--typ".into(),
        ));
    }
    let iss = need(a.iss.as_deref(), "--iss", P_)?;
    let sub = need(a.sub.as_deref(), "--sub", P_)?;
    let mut aud: Vec<&str> = a.aud.iter().map(String::as_str).collect();
    if let Some(c) = a.client_id.as_deref()
        && !aud.contains(&c)
    {
        aud.insert(0, c);
    }
    if aud.is_empty() {
        return Err(CliError::Usage(
            "--id-token needs --aud or --client-id".into(),
        ));
    }
    let scope_text = a.scope.clone().unwrap_or_else(|| "openid".into());
    let scope: Vec<&str> = scope_text.split_whitespace().collect();
    let sid = match &a.sid {
        Some(s) => s.clone(),
        None => keys::random_hex(16)?,
    };
    let extra = extras(claims);
    let mut out = vec![0u8; TOKEN_BUF];
    let n = mint_id_token(
        key,
        &IdTokenClaims {
            sub,
            sid: &sid,
            auth_time: a.auth_time,
            acr: a.acr.as_deref(),
            extra: &extra,
            scope: &scope,
            jti: a.jti.as_deref(),
            code: a.c_hash_of.as_deref(),
            access_token: a.at_hash_of.as_deref(),
            nonce: a.nonce.as_deref(),
            iss,
            iat: now,
            exp: now.saturating_add(a.exp_in.unwrap_or(300)),
            aud: &aud,
        },
        &mut out,
    )
    .map_err(CliError::core("minting the ID token"))?;
    out.truncate(n);
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Options of `oxidc verify`.
#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// Verification keys: a JWKS, `oxidc keygen` output, or a single JWK.
    #[arg(long, value_name = "JWKS.json")]
    jwks: String,
    /// Expected issuer; repeat to accept several.
    #[arg(long)]
    iss: Vec<String>,
    /// Expected audience (the token's `aud` must contain one); repeat to accept several.
    #[arg(long)]
    aud: Vec<String>,
    /// Allowed clock skew in seconds for exp/nbf/iat (default 15, cryptojwt's).
    #[arg(long, value_name = "SECONDS")]
    leeway: Option<u32>,
    /// Expected header `typ` (e.g. `at+jwt`).
    #[arg(long)]
    typ: Option<String>,
    /// Reject tokens issued more than N seconds ago.
    #[arg(long, value_name = "SECONDS")]
    max_age: Option<u32>,
    /// A claim that must be present; repeatable.
    #[arg(long, value_name = "CLAIM")]
    require: Vec<String>,
    /// Check at this Unix time instead of the system clock.
    #[arg(long, value_name = "UNIX")]
    now: Option<i64>,
    /// Print JSON (`{"valid": …}`) instead of the human summary.
    #[arg(long)]
    json: bool,
    /// The token, or `-` to read it from stdin.
    #[arg(value_name = "TOKEN|-")]
    token: String,
}

/// A `(name, UTC, relative)` line for each time claim.
fn time_lines(claims: &oxidc::Claims<'_>, now: i64) -> Vec<(&'static str, i64, String)> {
    let mut v = Vec::new();
    if let Some(t) = claims.iat() {
        v.push(("iat", t, format!("issued {}", timefmt::relative(t, now))));
    }
    if let Some(t) = claims.get("auth_time").and_then(|x| x.as_i64()) {
        v.push((
            "auth_time",
            t,
            format!("authenticated {}", timefmt::relative(t, now)),
        ));
    }
    if let Some(t) = claims.nbf() {
        let r = timefmt::relative(t, now);
        v.push((
            "nbf",
            t,
            if t > now {
                format!("not valid until {r}")
            } else {
                format!("valid since {r}")
            },
        ));
    }
    if let Some(t) = claims.exp() {
        let r = timefmt::relative(t, now);
        v.push((
            "exp",
            t,
            if t <= now {
                format!("expired {r}")
            } else {
                format!("expires {r}")
            },
        ));
    }
    v
}

fn times_json(lines: &[(&str, i64, String)]) -> J {
    J::Obj(
        lines
            .iter()
            .map(|(n, t, r)| {
                (
                    (*n).to_owned(),
                    J::obj([
                        ("value", J::int(*t)),
                        ("utc", J::str(&timefmt::utc(*t))),
                        ("relative", J::str(r)),
                    ]),
                )
            })
            .collect(),
    )
}

fn print_times(lines: &[(&str, i64, String)], now: i64) {
    if lines.is_empty() {
        return;
    }
    println!(
        "{} {}",
        Paint::Bold.out("times"),
        Paint::Dim.out(&format!("(now {})", timefmt::utc(now)))
    );
    for (n, t, r) in lines {
        let r = if r.starts_with("expired") || r.starts_with("not valid") {
            Paint::Red.out(r)
        } else {
            r.clone()
        };
        println!("  {n:<10} {}  {r}", timefmt::utc(*t));
    }
}

/// The JSON printed for a failed command when `--json` was asked for.
pub fn error_json(e: &CliError, key: &str) -> J {
    let code = e.code();
    let mut m = vec![
        (key, J::Bool(false)),
        ("error", J::str(e.name())),
        (
            "class",
            J::str(exit::row_of(code).map_or("error", |r| r.class)),
        ),
        ("exit_code", J::int(i64::from(code))),
    ];
    if let Some(core) = e.core_error() {
        m.push(("band", J::str(exit::band_name(core.band()))));
        m.push(("message", J::str(core.message())));
    } else {
        m.push(("message", J::str(&e.message())));
    }
    J::obj(m)
}

/// `oxidc verify`.
pub fn verify_cmd(a: &VerifyArgs) -> CliResult {
    let r = verify_inner(a);
    if let (Err(e), true) = (&r, a.json) {
        println!("{}", error_json(e, "valid").pretty(Stream::Out));
    }
    r
}

fn verify_inner(a: &VerifyArgs) -> CliResult {
    let token = input::token(&a.token)?;
    let file = input::read(&a.jwks)?;
    let keys: Box<Keys> = keys::key_set(&file, &a.jwks)?;
    let iss: Vec<&str> = a.iss.iter().map(String::as_str).collect();
    let aud: Vec<&str> = a.aud.iter().map(String::as_str).collect();
    let req: Vec<&str> = a.require.iter().map(String::as_str).collect();
    let mut v = Validator::new();
    if !iss.is_empty() {
        v = v.issuers(&iss);
    }
    if !aud.is_empty() {
        v = v.audiences(&aud);
    }
    if let Some(l) = a.leeway {
        v = v.leeway(Leeway(l));
    }
    if let Some(t) = &a.typ {
        v = v.typ(t);
    }
    if let Some(m) = a.max_age {
        v = v.max_age(m);
    }
    if !req.is_empty() {
        v = v.require_claims(&req);
    }
    let now = a.now.unwrap_or_else(timefmt::now);
    let mut buf = vec![0u8; token.len().max(64)];
    let verified = v
        .verify(&token, &*keys, UnixTime(now), &mut buf)
        .map_err(CliError::core("verifying the token"))?;
    let header = J::from_object(&verified.header().object())
        .map_err(CliError::core("reading the header"))?;
    let claims = J::from_object(&verified.claims().object())
        .map_err(CliError::core("reading the claims"))?;
    let times = time_lines(verified.claims(), now);
    let kid = verified
        .header()
        .kid()
        .map(|k| String::from_utf8_lossy(k.raw()).into_owned());
    if a.json {
        let mut m = vec![
            ("valid", J::Bool(true)),
            ("alg", J::str(verified.alg().as_str())),
        ];
        if let Some(k) = &kid {
            m.push(("kid", J::Str(k.clone())));
        }
        m.push(("header", header));
        m.push(("claims", claims));
        m.push(("times", times_json(&times)));
        println!("{}", J::obj(m).pretty(Stream::Out));
    } else {
        let kid = kid.map(|k| format!(", kid {k}")).unwrap_or_default();
        println!(
            "{} signature ({}{kid}) and claims verified at {}",
            Paint::Green.out("VALID"),
            verified.alg(),
            timefmt::utc(now)
        );
        println!("{}", Paint::Bold.out("header"));
        println!("{}", header.pretty_indented(Stream::Out, 2));
        println!("{}", Paint::Bold.out("claims"));
        println!("{}", claims.pretty_indented(Stream::Out, 2));
        print_times(&times, now);
    }
    Ok(())
}

/// Options of `oxidc inspect`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  oxidc inspect eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln
  pbpaste | oxidc inspect -
  oxidc inspect --json \"$TOKEN\" | jq .claims")]
pub struct InspectArgs {
    /// Print JSON (`{"verified": false, …}`).
    #[arg(long)]
    json: bool,
    /// Describe times relative to this Unix time instead of the system clock.
    #[arg(long, value_name = "UNIX")]
    now: Option<i64>,
    /// The token, or `-` to read it from stdin.
    #[arg(value_name = "TOKEN|-")]
    token: String,
}

/// `oxidc inspect`.
pub fn inspect_cmd(a: &InspectArgs) -> CliResult {
    let r = inspect_inner(a);
    if let (Err(e), true) = (&r, a.json) {
        println!("{}", error_json(e, "decoded").pretty(Stream::Out));
    }
    r
}

fn inspect_inner(a: &InspectArgs) -> CliResult {
    let token = input::token(&a.token)?;
    let t = UntrustedToken::parse(&token).map_err(CliError::core("splitting the token"))?;
    let mut buf = vec![0u8; t.decoded_len().max(64)];
    let (header, claims) = t
        .decode_unverified(&mut buf)
        .map_err(CliError::core("decoding the token"))?;
    let now = a.now.unwrap_or_else(timefmt::now);
    let hj = J::from_object(&header.object()).map_err(CliError::core("reading the header"))?;
    let cj = J::from_object(&claims.object()).map_err(CliError::core("reading the claims"))?;
    let times = time_lines(&claims, now);
    let sig_len = oxidc::b64::decoded_len(t.signature_b64().len()).unwrap_or(0);
    if a.json {
        let j = J::obj([
            ("verified", J::Bool(false)),
            (
                "warning",
                J::str("UNVERIFIED: decoded without checking the signature or any claim"),
            ),
            ("header", hj),
            ("claims", cj),
            ("times", times_json(&times)),
            (
                "signature_bytes",
                J::int(i64::try_from(sig_len).unwrap_or(0)),
            ),
        ]);
        println!("{}", j.pretty(Stream::Out));
        return Ok(());
    }
    println!(
        "{} decoded without checking the signature or any claim: do not trust it",
        Paint::Red.out("UNVERIFIED")
    );
    println!("{}", Paint::Bold.out("header"));
    println!("{}", hj.pretty_indented(Stream::Out, 2));
    println!("{}", Paint::Bold.out("claims"));
    println!("{}", cj.pretty_indented(Stream::Out, 2));
    print_times(&times, now);
    println!(
        "{} {} bytes (the header claims {}; not checked)",
        Paint::Bold.out("signature"),
        sig_len,
        header.alg()
    );
    Ok(())
}
