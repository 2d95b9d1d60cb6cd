//! Cron schedules as CronJobs take them (`robfig/cron/v3` standard parser, as
//! `pkg/controller/cronjob` uses): five fields (minute, hour, day of month, month,
//! day of week) with `*`, `a-b`, `/step`, lists, month and weekday names, `?`, and
//! the `@yearly`/`@annually`, `@monthly`, `@weekly`, `@daily`/`@midnight`,
//! `@hourly` macros. When both day fields are restricted, either may match.
//!
//! Evaluated on the virtual clock in UTC: it never reads a wall clock. (No crate:
//! `cron` wants six or seven fields with seconds, `croner` and `cron` bring chrono,
//! `saffron` is no longer maintained; the rule set is small.)

use crate::clock::{civil_from_days, SimTime, EPOCH_UNIX_SECONDS};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    minutes: u64,
    hours: u64,
    dom: u64,
    months: u64,
    dow: u64,
    dom_star: bool,
    dow_star: bool,
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

fn field(text: &str, min: u32, max: u32, names: &[&str], name_base: u32) -> Result<(u64, bool), String> {
    let mut bits = 0u64;
    let value = |s: &str| -> Result<u32, String> {
        let lower = s.to_ascii_lowercase();
        if let Some(i) = names.iter().position(|n| *n == lower) {
            return Ok(i as u32 + name_base);
        }
        s.parse::<u32>().map_err(|_| format!("failed to parse int from {s}: strconv.Atoi: parsing {s:?}: invalid syntax"))
    };
    let star = text == "*" || text == "?";
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, Some(s.parse::<u32>().map_err(|_| format!("failed to parse int from {s}: strconv.Atoi: parsing {s:?}: invalid syntax"))?)),
            None => (part, None),
        };
        let (lo, hi) = if range == "*" || range == "?" {
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            (value(a)?, value(b)?)
        } else {
            let v = value(range)?;
            (v, if step.is_some() { max } else { v })
        };
        if lo < min {
            return Err(format!("beginning of range ({lo}) below minimum ({min}): {part}"));
        }
        if hi > max {
            return Err(format!("end of range ({hi}) above maximum ({max}): {part}"));
        }
        if lo > hi {
            return Err(format!("beginning of range ({lo}) beyond end of range ({hi}): {part}"));
        }
        let step = step.unwrap_or(1);
        if step == 0 {
            return Err(format!("step of range should be a positive number: {part}"));
        }
        let mut v = lo;
        while v <= hi {
            bits |= 1 << v;
            v += step;
        }
    }
    Ok((bits, star))
}

impl Schedule {
    /// Parses a schedule; errors read like robfig/cron's.
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let t = text.trim();
        let expanded = match t {
            "@yearly" | "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" | "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            other if other.starts_with('@') => return Err(format!("unrecognized descriptor: {other}")),
            other => other,
        };
        let f: Vec<&str> = expanded.split_whitespace().collect();
        if f.len() != 5 {
            return Err(format!("expected exactly 5 fields, found {}: [{}]", f.len(), f.join(" ")));
        }
        let (minutes, _) = field(f[0], 0, 59, &[], 0)?;
        let (hours, _) = field(f[1], 0, 23, &[], 0)?;
        let (dom, dom_star) = field(f[2], 1, 31, &[], 0)?;
        let (months, _) = field(f[3], 1, 12, &MONTHS, 1)?;
        let (mut dow, dow_star) = field(f[4], 0, 7, &DAYS, 0)?;
        if dow & (1 << 7) != 0 {
            dow = (dow | 1) & !(1 << 7);
        }
        Ok(Schedule { minutes, hours, dom, months, dow, dom_star, dow_star })
    }

    fn day_matches(&self, day: u32, weekday: u32) -> bool {
        let d = self.dom & (1 << day) != 0;
        let w = self.dow & (1 << weekday) != 0;
        if self.dom_star || self.dow_star { d && w } else { d || w }
    }

    /// The first scheduled minute strictly after `t` (None if none within 5 years).
    pub fn next_after(&self, t: SimTime) -> Option<SimTime> {
        let start = EPOCH_UNIX_SECONDS + t.secs();
        // The next whole minute.
        let mut m = start / 60 + 1;
        let limit = m + 5 * 366 * 24 * 60;
        while m < limit {
            let unix = m * 60;
            let days = unix / 86_400;
            let (_, month, day) = civil_from_days(days as i64);
            // 1970-01-01 was a Thursday (4).
            let weekday = ((days + 4) % 7) as u32;
            if self.months & (1 << month) == 0 || !self.day_matches(day, weekday) {
                m = (days + 1) * 1440;
                continue;
            }
            let hour = (unix % 86_400) / 3600;
            if self.hours & (1 << hour) == 0 {
                m = (unix / 3600 + 1) * 60;
                continue;
            }
            let minute = (unix % 3600) / 60;
            if self.minutes & (1 << minute) != 0 {
                return unix.checked_sub(EPOCH_UNIX_SECONDS).map(SimTime);
            }
            m += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(s: &str, at: u64) -> u64 {
        Schedule::parse(s).unwrap().next_after(SimTime(at)).unwrap().secs()
    }

    #[test]
    fn next_times_on_the_virtual_clock() {
        // The clock starts at 2026-01-01T00:00:00Z, a Thursday.
        assert_eq!(next("*/5 * * * *", 0), 300);
        assert_eq!(next("*/5 * * * *", 299), 300);
        assert_eq!(next("*/5 * * * *", 300), 600);
        assert_eq!(next("@hourly", 0), 3600);
        assert_eq!(next("30 2 * * *", 0), 2 * 3600 + 1800);
        assert_eq!(next("0 0 * * mon", 0), 4 * 86_400); // Monday 5 January
        assert_eq!(next("0 0 1 feb *", 0), 31 * 86_400);
        assert_eq!(next("0 0 15 * 1", 0), 4 * 86_400, "either day field may match");
        assert_eq!(next("0 0 * * 7", 0), 3 * 86_400, "7 is Sunday");
    }

    #[test]
    fn bad_schedules_are_refused() {
        assert_eq!(Schedule::parse("* * *").unwrap_err(), "expected exactly 5 fields, found 3: [* * *]");
        assert_eq!(Schedule::parse("61 * * * *").unwrap_err(), "end of range (61) above maximum (59): 61");
        assert!(Schedule::parse("@every 5m").is_err());
        assert!(Schedule::parse("*/0 * * * *").is_err());
    }
}
