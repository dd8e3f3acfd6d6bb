//! Colours, only on a terminal (and never with `NO_COLOR` or `--color never`).

use std::io::IsTerminal;
use std::sync::OnceLock;

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

struct Settings {
    out: bool,
    err: bool,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Decides once, at start-up, whether stdout and stderr get colours.
pub fn init(choice: ColorChoice) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let decide = |tty: bool| match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && !no_color,
    };
    let _ = SETTINGS.set(Settings {
        out: decide(std::io::stdout().is_terminal()),
        err: decide(std::io::stderr().is_terminal()),
    });
}

/// Whether stderr is a terminal (for the progress indicator).
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Which stream a piece of text goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Out,
    /// Standard error.
    Err,
}

fn enabled(s: Stream) -> bool {
    SETTINGS.get().is_some_and(|c| match s {
        Stream::Out => c.out,
        Stream::Err => c.err,
    })
}

/// An ANSI style.
#[derive(Clone, Copy, Debug)]
pub enum Paint {
    /// Bold.
    Bold,
    /// Dim.
    Dim,
    /// Red, bold.
    Red,
    /// Green, bold.
    Green,
    /// Yellow.
    Yellow,
    /// Cyan.
    Cyan,
    /// Magenta.
    Magenta,
}

impl Paint {
    fn code(self) -> &'static str {
        match self {
            Paint::Bold => "1",
            Paint::Dim => "2",
            Paint::Red => "1;31",
            Paint::Green => "1;32",
            Paint::Yellow => "33",
            Paint::Cyan => "36",
            Paint::Magenta => "35",
        }
    }

    /// `text` in this style on stream `s` (plain when colours are off there).
    pub fn on(self, s: Stream, text: &str) -> String {
        if enabled(s) {
            format!("\x1b[{}m{text}\x1b[0m", self.code())
        } else {
            text.to_owned()
        }
    }

    /// `text` in this style on stdout.
    pub fn out(self, text: &str) -> String {
        self.on(Stream::Out, text)
    }

    /// `text` in this style on stderr.
    pub fn err(self, text: &str) -> String {
        self.on(Stream::Err, text)
    }
}
