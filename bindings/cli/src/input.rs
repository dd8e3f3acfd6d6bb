//! Reading files, stdin (`-`) and tokens; the one place the CLI touches the filesystem for input.

use crate::exit::{CliError, CliResult};
use std::io::Read;
use std::path::Path;

/// Largest input the CLI reads (1 MiB): far above any key, token or message the core accepts,
/// so the core's own limits decide; this only stops a runaway pipe.
pub const MAX_INPUT: u64 = 1024 * 1024;

/// Reads a file, or stdin when `path` is `-`.
pub fn read(path: &str) -> CliResult<Vec<u8>> {
    let mut buf = Vec::new();
    let what = if path == "-" {
        "reading stdin".to_owned()
    } else {
        format!("reading {path}")
    };
    let r = if path == "-" {
        std::io::stdin().take(MAX_INPUT + 1).read_to_end(&mut buf)
    } else {
        std::fs::File::open(Path::new(path))
            .and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut buf))
    };
    r.map_err(|e| CliError::Io(what.clone(), e))?;
    if u64::try_from(buf.len()).unwrap_or(u64::MAX) > MAX_INPUT {
        return Err(CliError::Io(
            what,
            std::io::Error::new(std::io::ErrorKind::InvalidData, "input larger than 1 MiB"),
        ));
    }
    Ok(buf)
}

/// A token given on the command line, or read from stdin with `-` (surrounding whitespace,
/// such as a trailing newline, is dropped; a `Bearer ` prefix too).
pub fn token(arg: &str) -> CliResult<String> {
    let raw = if arg == "-" {
        let bytes = read("-")?;
        String::from_utf8(bytes)
            .map_err(|_| CliError::Core(oxidc::Error::InvalidUtf8, "reading the token".into()))?
    } else {
        arg.to_owned()
    };
    let t = raw.trim();
    let t = t.strip_prefix("Bearer ").unwrap_or(t).trim();
    Ok(t.to_owned())
}

/// Writes `text` to `path`, creating or replacing it.
pub fn write(path: &str, text: &str) -> CliResult {
    std::fs::write(path, text).map_err(|e| CliError::Io(format!("writing {path}"), e))
}

/// Writes private key material to `path`, readable by its owner only (Unix mode 0600).
pub fn write_private(path: &str, text: &str) -> CliResult {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| CliError::Io(format!("writing {path}"), e))
}
