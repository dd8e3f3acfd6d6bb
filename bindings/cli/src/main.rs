//! `oxidc`: the command line of the oxidc core — keys, tokens, messages, grants, and a demo
//! of an idpyoidc-style OP's token endpoint.
//!
//! The CLI is thin: every check is the core's. It adds what the core deliberately lacks:
//! files and stdin, the clock, randomness (key generation, ids), and human-readable output.

mod bench;
mod demo;
mod exit;
mod grants;
mod input;
mod jsonout;
mod keys;
mod messages;
mod term;
mod timefmt;
mod tokens;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use exit::CliResult;
use jsonout::J;
use term::{ColorChoice, Paint, Stream};

#[derive(Parser, Debug)]
#[command(
    name = "oxidc",
    version,
    about = "OAuth 2.0 / OpenID Connect tokens and messages, checked by the oxidc core",
    long_about = "OAuth 2.0 / OpenID Connect tokens and messages, checked by the oxidc core \
(no_std, allocation-free; crypto by ring).\n\nInputs are files or `-` for stdin; results go to \
stdout, errors to stderr with the core's error name and a distinct exit code per error class \
(see `oxidc verify --help`).",
    after_help = "Start with:  oxidc demo\nThen:        oxidc keygen --kty EC > op.json\n             \
oxidc mint --key op.json --iss https://op.example.org --aud client_1 --sub alice | oxidc verify --jwks op.json -"
)]
struct Cli {
    /// When to use colours (auto: only on a terminal, and not with NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate a key: prints the private JWK and the public JWKS.
    Keygen(KeygenArgs),
    /// Mint a signed JWT with a private key; prints the token.
    Mint(Box<tokens::MintArgs>),
    /// Verify a JWT's signature and claims; prints its header and claims.
    Verify(tokens::VerifyArgs),
    /// Decode a JWT WITHOUT verifying it, with human-readable times.
    Inspect(tokens::InspectArgs),
    /// Print the RFC 7638 / cryptojwt thumbprint kids of a key (or of every key in a JWKS).
    Thumbprint(ThumbprintArgs),
    /// Make a PKCE code verifier and challenge, or check a verifier against a challenge.
    Pkce(messages::PkceArgs),
    /// Parse and verify an OAuth 2.0 / OIDC message; prints it, or the OAuth error body.
    Parse(messages::ParseArgs),
    /// Check a stored grant's usage rules: may this token mint these token classes now?
    GrantCheck(grants::GrantCheckArgs),
    /// Run an idpyoidc-style OP's token-endpoint hot path, step by step, with timings.
    Demo(demo::DemoArgs),
    /// Measure throughput (ops/s on one core) of verify/mint and message parsing.
    Bench(bench::BenchArgs),
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  oxidc keygen --kty EC > op.json                 # private_jwk + jwks in one document
  oxidc keygen --kty RSA --bits 3072 --private-out rsa.json --jwks-out rsa.jwks.json
  oxidc keygen --kty oct --kid client-secret-1    # HS256; the JWKS holds the secret itself
  oxidc keygen --kty EC --kid-form legacy         # cryptojwt <= 1.9 kid (58 characters)")]
struct KeygenArgs {
    /// Key type.
    #[arg(long, value_enum)]
    kty: keys::Kty,
    /// Key id (default: the key's thumbprint kid, as cryptojwt derives it).
    #[arg(long)]
    kid: Option<String>,
    /// Algorithm the key is pinned to (default ES256 / HS256 / RS256).
    #[arg(long, value_parser = tokens::parse_alg)]
    alg: Option<oxidc::Algorithm>,
    /// Which thumbprint kid to derive.
    #[arg(long, value_enum, default_value_t = keys::KidFormArg::Rfc7638)]
    kid_form: keys::KidFormArg,
    /// Key size in bits: RSA 2048..4096 (default 2048), oct 128..2048 (default 256).
    #[arg(long)]
    bits: Option<usize>,
    /// Write the private JWK to this file (mode 0600) instead of stdout.
    #[arg(long, value_name = "FILE")]
    private_out: Option<String>,
    /// Write the public JWKS to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    jwks_out: Option<String>,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  oxidc thumbprint op.json
  curl -s https://op.example.org/jwks | oxidc thumbprint --json -")]
struct ThumbprintArgs {
    /// A JWK, a JWKS or `oxidc keygen` output; `-` for stdin.
    #[arg(value_name = "KEY.json|-")]
    key: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn keygen(a: &KeygenArgs) -> CliResult {
    let g = keys::generate(a.kty, a.alg, a.kid.as_deref(), a.kid_form.into(), a.bits)?;
    if let Some(p) = &a.private_out {
        input::write_private(p, &(g.private.pretty(Stream::Out) + "\n"))?;
        eprintln!("wrote the private JWK (kid {}, {}) to {p}", g.kid, g.alg);
    }
    if let Some(p) = &a.jwks_out {
        input::write(p, &(g.jwks.pretty(Stream::Out) + "\n"))?;
        eprintln!("wrote the public JWKS to {p}");
    }
    match (&a.private_out, &a.jwks_out) {
        (Some(_), Some(_)) => {}
        (Some(_), None) => println!("{}", g.jwks.pretty(Stream::Out)),
        (None, Some(_)) => println!("{}", g.private.pretty(Stream::Out)),
        (None, None) => println!(
            "{}",
            J::obj([("private_jwk", g.private), ("jwks", g.jwks)]).pretty(Stream::Out)
        ),
    }
    Ok(())
}

fn thumbprint(a: &ThumbprintArgs) -> CliResult {
    let file = input::read(&a.key)?;
    let list = keys::thumbprints(&file, &a.key)?;
    if a.json {
        let items = list
            .iter()
            .map(|(kid, t, legacy)| {
                J::obj([
                    ("kid", kid.as_deref().map_or(J::Null, J::str)),
                    ("rfc7638", J::str(t)),
                    ("cryptojwt_legacy", J::str(legacy)),
                    (
                        "kid_matches",
                        J::Bool(kid.as_deref().is_some_and(|k| k == t || k == legacy)),
                    ),
                ])
            })
            .collect();
        println!("{}", J::Arr(items).pretty(Stream::Out));
        return Ok(());
    }
    for (kid, t, legacy) in &list {
        let label = match kid.as_deref() {
            Some(k) if k == t => "kid = RFC 7638 thumbprint".to_owned(),
            Some(k) if k == legacy => "kid = cryptojwt legacy thumbprint".to_owned(),
            Some(k) => format!("kid {k}"),
            None => "no kid".to_owned(),
        };
        println!("{}", Paint::Bold.out(&label));
        println!("  rfc7638           {t}");
        println!("  cryptojwt legacy  {legacy}");
    }
    Ok(())
}

fn run(cli: &Cli) -> CliResult {
    match &cli.command {
        Command::Keygen(a) => keygen(a),
        Command::Mint(a) => tokens::mint_cmd(a),
        Command::Verify(a) => tokens::verify_cmd(a),
        Command::Inspect(a) => tokens::inspect_cmd(a),
        Command::Thumbprint(a) => thumbprint(a),
        Command::Pkce(a) => messages::pkce_cmd(a),
        Command::Parse(a) => messages::parse_cmd(a),
        Command::GrantCheck(a) => grants::grant_check_cmd(a),
        Command::Demo(a) => demo::run(a),
        Command::Bench(a) => bench::run(a),
    }
}

fn command() -> clap::Command {
    Cli::command().mut_subcommand("verify", |c| {
        c.after_help(format!(
            "Examples:
  oxidc verify --jwks op.json --iss https://op.example.org --aud client_1 \"$TOKEN\"
  echo \"$TOKEN\" | oxidc verify --jwks https-op-jwks.json --json - | jq .claims
  oxidc verify --jwks op.json --now 1795420786 --leeway 0 \"$TOKEN\"

{}",
            exit::table_text()
        ))
    })
}

fn main() -> std::process::ExitCode {
    let matches = command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    term::init(cli.color);
    match run(&cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "{} {}",
                Paint::Red.err(&format!("error[{}]:", e.name())),
                e.message()
            );
            std::process::ExitCode::from(e.code())
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clap_definition_is_consistent() {
        super::command().debug_assert();
    }
}
