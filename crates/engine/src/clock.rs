//! The virtual clock. Time is whole simulated seconds since the scenario began;
//! nothing in the engine reads the wall clock, so pause, step and fast-forward
//! are just how fast the caller advances it.

use crate::from_value::FromValue;
use crate::to_json::ToJson;
use std::fmt;

/// Seconds since the start of the simulation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, ToJson, FromValue)]
pub struct SimTime(pub u64);

/// The wall-clock date shown for `SimTime(0)`, so timestamps look like real ones
/// and are the same on every run: 2026-01-01T00:00:00Z.
pub const EPOCH_UNIX_SECONDS: u64 = 1_767_225_600;

impl SimTime {
    pub fn secs(self) -> u64 {
        self.0
    }

    pub fn plus(self, secs: u64) -> SimTime {
        SimTime(self.0 + secs)
    }

    pub fn since(self, earlier: SimTime) -> u64 {
        self.0.saturating_sub(earlier.0)
    }

    /// RFC 3339 in UTC, the form Kubernetes timestamps take (`2026-01-01T00:01:30Z`).
    pub fn rfc3339(self) -> String {
        let t = EPOCH_UNIX_SECONDS + self.0;
        let (days, rem) = (t / 86_400, t % 86_400);
        let (y, m, d) = civil_from_days(days as i64);
        format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
    }

    /// The inverse of `rfc3339` (`2026-01-01T00:01:30Z`), for saved states; None for
    /// another shape or a time before the epoch.
    pub fn parse_rfc3339(text: &str) -> Option<SimTime> {
        let b = text.as_bytes();
        if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 59 {
            return None;
        }
        let t = days_from_civil(y, m as u32, d as u32) * 86_400 + hh * 3600 + mm * 60 + ss;
        let secs = u64::try_from(t).ok()?.checked_sub(EPOCH_UNIX_SECONDS)?;
        (SimTime(secs).rfc3339() == text).then_some(SimTime(secs))
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_duration(self.0))
    }
}

/// A duration as kubectl prints ages: `45s`, `3m20s`, `2h5m`, `3d4h` (`duration.HumanDuration`).
pub fn format_duration(secs: u64) -> String {
    let (m, h, d) = (secs / 60, secs / 3600, secs / 86_400);
    if secs < 120 {
        format!("{secs}s")
    } else if m < 10 {
        let s = secs % 60;
        if s == 0 { format!("{m}m") } else { format!("{m}m{s}s") }
    } else if h < 3 {
        format!("{m}m")
    } else if h < 8 {
        let mm = m % 60;
        if mm == 0 { format!("{h}h") } else { format!("{h}h{mm}m") }
    } else if h < 48 {
        format!("{h}h")
    } else if h < 24 * 8 {
        let hh = h % 24;
        if hh == 0 { format!("{d}d") } else { format!("{d}d{hh}h") }
    } else if h < 24 * 365 * 2 {
        format!("{d}d")
    } else {
        format!("{}y", d / 365)
    }
}

/// Parses `90s`, `2m`, `1h30m`, `45` (seconds) into seconds.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(n) = t.parse::<u64>() {
        return Ok(n);
    }
    let mut total = 0u64;
    let mut num = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(format!("invalid duration {t:?}: unknown unit {c:?} (use s, m, h or d)")),
        };
        let n: u64 = num.parse().map_err(|_| format!("invalid duration {t:?}: a number must come before {c:?}"))?;
        total = total.saturating_add(n.saturating_mul(unit));
        num.clear();
    }
    if !num.is_empty() {
        return Err(format!("invalid duration {t:?}: missing unit after {num}"));
    }
    Ok(total)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the inverse of `civil_from_days`;
/// Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// Howard Hinnant's days-to-civil algorithm.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_start_at_the_fixed_epoch() {
        assert_eq!(SimTime(0).rfc3339(), "2026-01-01T00:00:00Z");
        assert_eq!(SimTime(90).rfc3339(), "2026-01-01T00:01:30Z");
        assert_eq!(SimTime(86_400 * 59).rfc3339(), "2026-03-01T00:00:00Z");
    }

    #[test]
    fn ages_read_like_kubectl() {
        assert_eq!(format_duration(5), "5s");
        assert_eq!(format_duration(119), "119s");
        assert_eq!(format_duration(200), "3m20s");
        assert_eq!(format_duration(900), "15m");
        assert_eq!(format_duration(3 * 3600 + 300), "3h5m");
        assert_eq!(format_duration(10 * 3600), "10h");
        assert_eq!(format_duration(3 * 86_400 + 4 * 3600), "3d4h");
    }

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("2m"), Ok(120));
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration("45"), Ok(45));
        assert!(parse_duration("3x").is_err());
        assert!(parse_duration("m").is_err());
    }
}
