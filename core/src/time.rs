//! Time as the caller supplies it. The core never reads a clock (sans-I/O).

/// Seconds since the Unix epoch, UTC, as passed in by the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// Wraps a number of seconds since the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        UnixTime(secs)
    }

    /// The number of seconds since the epoch.
    pub const fn as_secs(self) -> i64 {
        self.0
    }
}

/// Allowed clock skew, in seconds, applied to `exp`, `nbf` and `iat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leeway(pub u32);

impl Leeway {
    /// cryptojwt's default skew: 15 seconds.
    pub const DEFAULT: Leeway = Leeway(15);

    /// The leeway as signed seconds.
    pub fn secs(self) -> i64 {
        i64::from(self.0)
    }
}

impl Default for Leeway {
    fn default() -> Self {
        Leeway::DEFAULT
    }
}
