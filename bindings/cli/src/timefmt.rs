//! Human-readable times: RFC 3339 UTC dates and "3 min ago" / "in 59 min".

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the epoch now (the CLI is the layer that reads the clock; the core never does).
pub fn now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a Unix time (proleptic Gregorian, UTC).
pub fn utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (year, month, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A duration in the largest sensible unit: `42 s`, `3 min`, `5 h 2 min`, `12 days`.
pub fn span(secs: i64) -> String {
    let s = secs.unsigned_abs();
    match s {
        0..=119 => format!("{s} s"),
        120..=5_399 => format!("{} min", s / 60),
        5_400..=172_799 => {
            let (h, m) = (s / 3600, s % 3600 / 60);
            if m == 0 || h >= 10 {
                format!("{h} h")
            } else {
                format!("{h} h {m} min")
            }
        }
        _ => format!("{} days", s / 86_400),
    }
}

/// `3 min ago` or `in 3 min` (relative to `now`).
pub fn relative(t: i64, now: i64) -> String {
    let delta = t.saturating_sub(now);
    if delta < 0 {
        format!("{} ago", span(delta))
    } else if delta == 0 {
        "now".to_owned()
    } else {
        format!("in {}", span(delta))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_795_420_786), "2026-11-23T07:59:46Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn relative_times() {
        assert_eq!(relative(100, 280), "3 min ago");
        assert_eq!(relative(3_700, 100), "in 60 min");
        assert_eq!(relative(10, 10), "now");
        assert_eq!(relative(0, 30), "30 s ago");
        assert_eq!(relative(0, 7_300), "2 h 1 min ago");
        assert_eq!(relative(86_400 * 3, 0), "in 3 days");
    }
}
