//! `grant-check`: the usage rules of a stored (idpyoidc-shaped) grant, as `oxidc::grant`
//! applies them.

use crate::exit::{CliError, CliResult};
use crate::input;
use crate::jsonout::J;
use crate::term::{Paint, Stream};
use crate::timefmt;
use oxidc::grant::{GrantView, Inactive, Profile, TokenClass, refusal_for};
use oxidc::json::Object;
use oxidc::{Error, UnixTime};

/// Options of `oxidc grant-check`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "The grant file is a stored grant as idpyoidc serialises it (or any JSON \
object with such a grant under \"grant\", like the files in tests/vectors/grant/spec/).

Examples:
  oxidc grant-check --grant grant.json --token \"$CODE\" --mint access_token,refresh_token,id_token
  oxidc grant-check --grant grant.json --token \"$REFRESH_TOKEN\" --mint access_token --now 1795420613 --json

Exit 0 when the token may mint every class asked for; 18 (grant) when a usage rule refuses."
)]
pub struct GrantCheckArgs {
    /// The stored grant (JSON), or `-` for stdin.
    #[arg(long, value_name = "GRANT.json|-")]
    grant: String,
    /// The value of an issued token of the grant (a code, a refresh token, ...).
    #[arg(long, value_name = "VALUE")]
    token: String,
    /// Token classes to mint from it, comma-separated
    /// (authorization_code, access_token, refresh_token, id_token).
    #[arg(long, value_delimiter = ',', required = true, value_name = "CLASSES")]
    mint: Vec<String>,
    /// Decide at this Unix time instead of the system clock.
    #[arg(long, value_name = "UNIX")]
    now: Option<i64>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn inactive_text(i: Inactive) -> &'static str {
    match i {
        Inactive::MaxUsageReached => "max_usage reached",
        Inactive::Revoked => "revoked",
        Inactive::NotYetValid => "not yet valid (not_before)",
        Inactive::Expired => "expired",
    }
}

/// `oxidc grant-check`.
pub fn grant_check_cmd(a: &GrantCheckArgs) -> CliResult {
    let file = input::read(&a.grant)?;
    let doing = format!("reading the grant in {}", a.grant);
    let doc = Object::parse(&file).map_err(CliError::core(doing.clone()))?;
    let raw = doc
        .get("grant")
        .and_then(|v| v.as_object())
        .map_or(doc.raw(), |g| g.raw());
    let grant: Box<GrantView<'_>> = GrantView::parse(raw)
        .map(Box::new)
        .map_err(CliError::core(doing))?;
    let now = a.now.unwrap_or_else(timefmt::now);
    let classes: Vec<(String, TokenClass)> = a
        .mint
        .iter()
        .map(|c| (c.trim().to_owned(), TokenClass::from_name(c.trim())))
        .collect();
    if let Some((bad, _)) = classes.iter().find(|(_, c)| *c == TokenClass::Other) {
        return Err(CliError::Usage(format!(
            "--mint: unknown token class {bad:?} (authorization_code, access_token, refresh_token, id_token)"
        )));
    }
    let Some((index, token)) = grant.find_token(a.token.as_bytes()) else {
        let r = refusal_for(Error::UnknownCode, Profile::Oidc, None);
        if a.json {
            let j = J::obj([
                ("ok", J::Bool(false)),
                ("token", J::Null),
                ("error", J::str(r.oauth_error)),
                ("error_description", J::str(r.description)),
                ("kind", J::str(r.error.as_str())),
            ]);
            println!("{}", j.pretty(Stream::Out));
        }
        return Err(CliError::Core(
            Error::UnknownCode,
            "looking the token up (no issued token of this grant has that value)".into(),
        ));
    };
    let now_t = UnixTime(now);
    let active = token.check_active(now_t);
    let grant_active = grant.check_active(now_t);
    let mut first_err = None;
    let mut verdicts = Vec::new();
    for (name, class) in &classes {
        let r = grant.check_mint(index, *class, now_t);
        if let Err(e) = r {
            first_err.get_or_insert(e);
        }
        verdicts.push((name.clone(), *class, r));
    }
    let when = |t: i64| {
        if t == 0 {
            "never".to_owned()
        } else {
            format!("{} ({})", timefmt::utc(t), timefmt::relative(t, now))
        }
    };
    if a.json {
        let mint = verdicts
            .iter()
            .map(|(name, class, r)| match r {
                Ok(()) => J::obj([("token_class", J::str(name)), ("ok", J::Bool(true))]),
                Err(e) => {
                    let f = refusal_for(*e, Profile::Oidc, Some(*class));
                    J::obj([
                        ("token_class", J::str(name)),
                        ("ok", J::Bool(false)),
                        ("error", J::str(f.oauth_error)),
                        ("error_description", J::str(f.description)),
                        ("kind", J::str(e.as_str())),
                    ])
                }
            })
            .collect();
        let tok = J::obj([
            ("index", J::int(i64::try_from(index).unwrap_or(-1))),
            ("token_class", J::str(token.class().name())),
            ("used", J::int(token.used())),
            ("expires_at", J::int(token.expires_at())),
            ("active", J::Bool(active.is_ok())),
            (
                "inactive_reason",
                active.err().map_or(J::Null, |i| J::str(inactive_text(i))),
            ),
        ]);
        let j = J::obj([
            ("ok", J::Bool(first_err.is_none())),
            ("grant_active", J::Bool(grant_active.is_ok())),
            ("token", tok),
            ("mint", J::Arr(mint)),
        ]);
        println!("{}", j.pretty(Stream::Out));
    } else {
        println!(
            "{} issued token #{index}: {}, used {}, expires {}",
            Paint::Bold.out("token"),
            token.class().name(),
            token.used(),
            when(token.expires_at())
        );
        println!(
            "  token {}; grant {} (used {}, expires {})",
            match active {
                Ok(()) => Paint::Green.out("active"),
                Err(i) => Paint::Red.out(&format!("inactive: {}", inactive_text(i))),
            },
            match grant_active {
                Ok(()) => Paint::Green.out("active"),
                Err(i) => Paint::Red.out(&format!("inactive: {}", inactive_text(i))),
            },
            grant.used(),
            when(grant.expires_at())
        );
        for (name, class, r) in &verdicts {
            match r {
                Ok(()) => println!("  {} mint {name}", Paint::Green.out("OK     ")),
                Err(e) => {
                    let f = refusal_for(*e, Profile::Oidc, Some(*class));
                    println!(
                        "  {} mint {name}: {} ({}: {})",
                        Paint::Red.out("REFUSED"),
                        e.as_str(),
                        f.oauth_error,
                        f.description
                    );
                }
            }
        }
    }
    match first_err {
        None => Ok(()),
        Some(e) => Err(CliError::Core(e, "checking the grant's usage rules".into())),
    }
}
