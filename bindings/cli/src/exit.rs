//! Exit codes and the CLI's error type.
//!
//! Every core error maps to an exit code by its [`Band`], except a few facts a script wants
//! to act on by themselves (`bad_signature`, `unknown_key`, `expired`). The table below is
//! the single source: `oxidc verify --help` and `bindings/cli/README.md` print it, and a test
//! checks that every `oxidc::Error` lands on a row and that the README matches.

use oxidc::{Band, Error};
use std::fmt;

/// One row of the exit-code table: code, class name, meaning.
pub struct ExitRow {
    /// The process exit code.
    pub code: u8,
    /// Short class name (printed in `--json` errors as `class`).
    pub class: &'static str,
    /// What it means.
    pub meaning: &'static str,
}

const fn row(code: u8, class: &'static str, meaning: &'static str) -> ExitRow {
    ExitRow {
        code,
        class,
        meaning,
    }
}

/// The exit-code table, in code order.
pub const TABLE: &[ExitRow] = &[
    row(0, "ok", "success (verify: the token is valid)"),
    row(1, "failed", "a demo or bench step did not succeed"),
    row(2, "usage", "bad command-line arguments"),
    row(
        3,
        "io",
        "a file or stdin could not be read, or output not written",
    ),
    row(
        10,
        "parse",
        "malformed input: token structure, base64, JSON, UTF-8",
    ),
    row(
        11,
        "limit",
        "a named input limit was exceeded (sizes, depth, counts)",
    ),
    row(
        12,
        "jose",
        "algorithm, header or key problem (alg none, mismatch, bad key)",
    ),
    row(
        13,
        "signature",
        "bad_signature: the signature does not verify",
    ),
    row(
        14,
        "unknown_key",
        "no key in the JWKS matches: refresh the JWKS and retry",
    ),
    row(
        15,
        "claims",
        "claims rejected: issuer, audience, typ, missing, nbf, iat",
    ),
    row(16, "expired", "the token has expired"),
    row(
        17,
        "oauth",
        "OAuth/OIDC message, client authentication or PKCE rejected",
    ),
    row(18, "grant", "the grant's usage rules refuse the request"),
    row(19, "opaque", "opaque token, session id or cookie rejected"),
    row(
        20,
        "buffer",
        "an output buffer was too small (a CLI bug: please report)",
    ),
    row(
        21,
        "crypto",
        "the crypto provider failed or lacks the algorithm",
    ),
];

/// Exit code for a failed demo/bench step.
pub const FAILED: u8 = 1;
/// Exit code for bad arguments (clap uses it too).
pub const USAGE: u8 = 2;
/// Exit code for I/O failures.
pub const IO: u8 = 3;

/// The exit code of a core error: a few actionable facts have their own code, every other
/// error takes its band's code. The `match` on [`Band`] is exhaustive, so a new band fails
/// to compile until it has a row.
pub fn code_of(e: Error) -> u8 {
    match e {
        Error::BadSignature => 13,
        Error::UnknownKey => 14,
        Error::Expired => 16,
        _ => match e.band() {
            Band::Parse => 10,
            Band::Limit => 11,
            Band::Jose => 12,
            Band::Claims => 15,
            Band::OAuth => 17,
            Band::Grant => 18,
            Band::Opaque => 19,
            Band::Buffer => 20,
            Band::Crypto => 21,
        },
    }
}

/// The table row of a code.
pub fn row_of(code: u8) -> Option<&'static ExitRow> {
    TABLE.iter().find(|r| r.code == code)
}

/// The band name as printed (`parse`, `jose`, ...).
pub fn band_name(b: Band) -> &'static str {
    match b {
        Band::Parse => "parse",
        Band::Limit => "limit",
        Band::Jose => "jose",
        Band::Claims => "claims",
        Band::OAuth => "oauth",
        Band::Grant => "grant",
        Band::Opaque => "opaque",
        Band::Buffer => "buffer",
        Band::Crypto => "crypto",
    }
}

/// The table as text (for `--help` and the README).
pub fn table_text() -> String {
    let mut s = String::from("Exit codes:\n");
    for r in TABLE {
        s.push_str(&format!("  {:>3}  {:<12} {}\n", r.code, r.class, r.meaning));
    }
    s
}

/// A failed command: what went wrong and which exit code it earns.
#[derive(Debug)]
pub enum CliError {
    /// Bad arguments.
    Usage(String),
    /// A file, stdin or stdout failed.
    Io(String, std::io::Error),
    /// The core refused something; `doing` says what the CLI was doing.
    Core(Error, String),
    /// A demo or bench step failed.
    Failed(String),
}

impl CliError {
    /// Wraps a core error with what the CLI was doing.
    pub fn core(doing: impl Into<String>) -> impl FnOnce(Error) -> CliError {
        let doing = doing.into();
        move |e| CliError::Core(e, doing)
    }

    /// The exit code.
    pub fn code(&self) -> u8 {
        match self {
            CliError::Usage(_) => USAGE,
            CliError::Io(..) => IO,
            CliError::Core(e, _) => code_of(*e),
            CliError::Failed(_) => FAILED,
        }
    }

    /// The core error, if this is one.
    pub fn core_error(&self) -> Option<Error> {
        match self {
            CliError::Core(e, _) => Some(*e),
            _ => None,
        }
    }

    /// A stable name for `--json` output: the core's error name, or the class.
    pub fn name(&self) -> &'static str {
        match self {
            CliError::Core(e, _) => e.as_str(),
            _ => row_of(self.code()).map_or("error", |r| r.class),
        }
    }

    /// The one-line human explanation.
    pub fn message(&self) -> String {
        match self {
            CliError::Usage(m) | CliError::Failed(m) => m.clone(),
            CliError::Io(what, e) => format!("{what}: {e}"),
            CliError::Core(e, doing) => {
                let hint = hint(*e).map(|h| format!(" ({h})")).unwrap_or_default();
                format!("{} while {doing}{hint}", e.message())
            }
        }
    }
}

/// Extra advice for the errors people hit most.
fn hint(e: Error) -> Option<&'static str> {
    Some(match e {
        Error::UnknownKey => "the token's kid is not in the JWKS; fetch the issuer's current keys",
        Error::AlgorithmMismatch => "the key pins its algorithm; the token header only names one",
        Error::AlgorithmNone => "unsigned tokens are never accepted",
        Error::Expired => "use --leeway or --now to check against another time",
        Error::NotAPrivateKey => "minting needs a private JWK (keygen prints one)",
        Error::MalformedToken => "a JWS has three base64url parts separated by dots",
        _ => return None,
    })
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        f.write_str(": ")?;
        f.write_str(&self.message())
    }
}

/// Shorthand for command results.
pub type CliResult<T = ()> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn every_core_error_has_a_documented_code() {
        for e in Error::ALL {
            let code = code_of(*e);
            assert!(
                row_of(code).is_some(),
                "{} -> {code} is not in the table",
                e.as_str()
            );
            assert!(code >= 10, "{} must not reuse a CLI code", e.as_str());
        }
    }

    #[test]
    fn codes_are_distinct_per_class() {
        // Errors of different bands never share a code, and each specific code belongs to
        // exactly one error; within a band the printed error name tells variants apart (core
        // guarantees names are unique).
        let mut band_of_code: HashMap<u8, Band> = HashMap::new();
        let mut specific: HashMap<u8, Vec<Error>> = HashMap::new();
        for e in Error::ALL {
            let code = code_of(*e);
            if let Some(b) = band_of_code.insert(code, e.band()) {
                assert_eq!(b, e.band(), "code {code} shared across bands");
            }
            specific.entry(code).or_default().push(*e);
        }
        for (code, errs) in specific {
            if matches!(code, 13 | 14 | 16) {
                assert_eq!(errs.len(), 1, "code {code} must be one error");
            }
        }
        let names: HashSet<&str> = Error::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(names.len(), Error::ALL.len());
    }

    #[test]
    fn table_is_sorted_and_unique() {
        for w in TABLE.windows(2) {
            assert!(w[0].code < w[1].code);
        }
        let classes: HashSet<&str> = TABLE.iter().map(|r| r.class).collect();
        assert_eq!(classes.len(), TABLE.len());
    }

    #[test]
    fn readme_documents_the_table() {
        let readme = include_str!("../README.md");
        for r in TABLE {
            let line = format!("| {} | `{}` | {} |", r.code, r.class, r.meaning);
            assert!(readme.contains(&line), "README.md lacks the row:\n{line}");
        }
    }
}
