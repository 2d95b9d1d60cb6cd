//! Cron schedules as CronJobs take them: `cron.ParseStandard` of `robfig/cron/v3`
//! (`parser.go`, `spec.go`), which `pkg/apis/batch/validation` and
//! `pkg/controller/cronjob` use. Five fields (minute, hour, day of month, month, day of
//! week 0–6) with `*`, `?`, `a-b`, `/step`, lists, month and weekday names, and the
//! `@yearly`/`@annually`, `@monthly`, `@weekly`, `@daily`/`@midnight`, `@hourly`
//! descriptors; an optional `TZ=`/`CRON_TZ=` prefix (UTC only: no time zone database).
//!
//! Two halves. The text is read here with robfig's grammar, so that what the API server
//! accepts and the words it refuses with are upstream's (croner's parser reads a wider
//! grammar: seconds and years, `L`, `W`, `#`, and words its own; leaving it out also keeps
//! its Unicode upper-casing out of the page). The times are found by the `croner` crate,
//! on the engine's virtual clock (`UtcSecond` below, never a wall clock), from a pattern
//! built of robfig's bits. robfig's rule for the two day fields (`dayMatches`: both must
//! match if either carries the star bit — `*`, `?`, `*/1`, `*,5` — else either may) is
//! given to croner as its OR of the two, with a starred field left empty.

use std::cmp::Ordering;

use croner::errors::CronError;
use croner::{CivilDate, CivilDateTime, CivilTime, Cron, CronComponent, CronDateTime, CronPattern, Resolution, Weekday};

use crate::clock::{civil_from_days, days_from_civil, SimTime, EPOCH_UNIX_SECONDS};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    cron: Cron,
    /// No day can ever match (day of month 30 or 31 in February only, say): robfig's
    /// `Next` gives up after five years, croner would search to year 5000.
    never: bool,
}

/// robfig's `bounds`: the range of a field and its names.
struct Bounds {
    min: u32,
    max: u32,
    names: &'static [&'static str],
    name_base: u32,
}

const MINUTES: Bounds = Bounds { min: 0, max: 59, names: &[], name_base: 0 };
const HOURS: Bounds = Bounds { min: 0, max: 23, names: &[], name_base: 0 };
const DOM: Bounds = Bounds { min: 1, max: 31, names: &[], name_base: 0 };
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    name_base: 1,
};
const DOW: Bounds = Bounds { min: 0, max: 6, names: &["sun", "mon", "tue", "wed", "thu", "fri", "sat"], name_base: 0 };

/// A field's values as bits, and whether robfig's star bit is set.
struct Field {
    bits: u64,
    star: bool,
}

impl Field {
    /// The values as a list croner's components read.
    fn list(&self) -> String {
        (0..64).filter(|v| self.bits & (1 << v) != 0).map(|v: u32| v.to_string()).collect::<Vec<_>>().join(",")
    }

    fn has(&self, v: u32) -> bool {
        self.bits & (1 << v) != 0
    }
}

/// Go's `strconv.Atoi` error wording, as robfig's `mustParseInt` passes it on.
fn parse_int(expr: &str) -> Result<u32, String> {
    let n: i64 = expr.parse().map_err(|_| {
        let why = if expr.trim_start_matches(['+', '-']).chars().all(|c| c.is_ascii_digit()) && !expr.is_empty() {
            "value out of range"
        } else {
            "invalid syntax"
        };
        format!("failed to parse int from {expr}: strconv.Atoi: parsing {expr:?}: {why}")
    })?;
    if n < 0 {
        return Err(format!("negative number ({n}) not allowed: {expr}"));
    }
    // Any value this large is past every field's maximum, which the caller reports.
    Ok(n.min(u32::MAX as i64) as u32)
}

fn int_or_name(expr: &str, b: &Bounds) -> Result<u32, String> {
    let lower = expr.to_ascii_lowercase();
    match b.names.iter().position(|n| *n == lower) {
        Some(i) => Ok(i as u32 + b.name_base),
        None => parse_int(expr),
    }
}

/// robfig's `getRange`: `number | number "-" number [ "/" number ]`, or `*`/`?`.
fn range(expr: &str, b: &Bounds) -> Result<Field, String> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step[0].split('-').collect();
    let (start, mut end, mut star) = if low_and_high[0] == "*" || low_and_high[0] == "?" {
        (b.min, b.max, true)
    } else {
        let start = int_or_name(low_and_high[0], b)?;
        match low_and_high.len() {
            1 => (start, start, false),
            2 => (start, int_or_name(low_and_high[1], b)?, false),
            _ => return Err(format!("too many hyphens: {expr}")),
        }
    };
    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = parse_int(range_and_step[1])?;
            // "N/step" means "N-max/step".
            if low_and_high.len() == 1 {
                end = b.max;
            }
            if step > 1 {
                star = false;
            }
            step
        }
        _ => return Err(format!("too many slashes: {expr}")),
    };
    if start < b.min {
        return Err(format!("beginning of range ({start}) below minimum ({}): {expr}", b.min));
    }
    if end > b.max {
        return Err(format!("end of range ({end}) above maximum ({}): {expr}", b.max));
    }
    if start > end {
        return Err(format!("beginning of range ({start}) beyond end of range ({end}): {expr}"));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    let bits = (start..=end).step_by(step as usize).fold(0u64, |bits, v| bits | 1 << v);
    Ok(Field { bits, star })
}

/// robfig's `getField`: a comma-separated list of ranges (empty items skipped).
fn field(text: &str, b: &Bounds) -> Result<Field, String> {
    let mut all = Field { bits: 0, star: false };
    for expr in text.split(',').filter(|e| !e.is_empty()) {
        let r = range(expr, b)?;
        all.bits |= r.bits;
        all.star |= r.star;
    }
    Ok(all)
}

/// The zones the playground knows (it has no time zone database).
pub fn known_zone(name: &str) -> bool {
    ["UTC", "Etc/UTC"].contains(&name)
}

impl Schedule {
    /// Parses a schedule as `cron.ParseStandard` does; errors in its words.
    pub fn parse(spec: &str) -> Result<Schedule, String> {
        if spec.is_empty() {
            return Err("empty spec string".to_string());
        }
        let mut spec = spec;
        if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
            let eq = spec.find('=').unwrap_or(0);
            let end = spec.find(' ').unwrap_or(spec.len());
            let zone = &spec[eq + 1..end];
            if !known_zone(zone) {
                return Err(format!("provided bad location {zone}: unknown time zone {zone}"));
            }
            spec = spec[end..].trim();
        }
        let expanded = if spec.starts_with('@') {
            match spec {
                "@yearly" | "@annually" => "0 0 1 1 *",
                "@monthly" => "0 0 1 * *",
                "@weekly" => "0 0 * * 0",
                "@daily" | "@midnight" => "0 0 * * *",
                "@hourly" => "0 * * * *",
                // robfig also takes `@every 1h30m`; Kubernetes documents only the macros above.
                other if other.starts_with("@every ") => {
                    return Err(format!("{other}: @every is not available in the playground"))
                }
                other => return Err(format!("unrecognized descriptor: {other}")),
            }
        } else {
            spec
        };
        let f: Vec<&str> = expanded.split_whitespace().collect();
        if f.len() != 5 {
            return Err(format!("expected exactly 5 fields, found {}: [{}]", f.len(), f.join(" ")));
        }
        let minutes = field(f[0], &MINUTES)?;
        let hours = field(f[1], &HOURS)?;
        let dom = field(f[2], &DOM)?;
        let months = field(f[3], &MONTHS)?;
        let dow = field(f[4], &DOW)?;

        // robfig's `dayMatches` as croner's OR of the two day fields: a field with the star
        // bit leaves the other to decide, so it adds no day of its own (both stars: every day).
        let mut pattern = CronPattern::new(spec);
        let set = |c: &mut CronComponent, values: &str| c.parse(values).map_err(|e| format!("{values}: {e}"));
        set(&mut pattern.seconds, "0")?;
        set(&mut pattern.minutes, &minutes.list())?;
        set(&mut pattern.hours, &hours.list())?;
        set(&mut pattern.months, &months.list())?;
        set(&mut pattern.years, "*")?;
        match (dom.star, dow.star) {
            (true, true) => set(&mut pattern.days, &dom.list())?,
            (true, false) => set(&mut pattern.days_of_week, &dow.list())?,
            (false, true) => set(&mut pattern.days, &dom.list())?,
            (false, false) => {
                set(&mut pattern.days, &dom.list())?;
                set(&mut pattern.days_of_week, &dow.list())?;
            }
        }
        let cron = Cron { pattern };

        // Only a day of month no allowed month has, with every weekday allowed (so both
        // must match), can never happen: a restricted weekday list always comes round.
        let longest = |m: u32| match m {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let never = (dom.star || dow.star)
            && !(MONTHS.min..=MONTHS.max).any(|m| months.has(m) && (1..=longest(m)).any(|d| dom.has(d)));
        Ok(Schedule { cron, never })
    }

    /// The first scheduled minute strictly after `t`; None if none comes within five
    /// years (robfig's `Next` gives the zero time then).
    pub fn next_after(&self, t: SimTime) -> Option<SimTime> {
        if self.never {
            return None;
        }
        let start = UtcSecond((EPOCH_UNIX_SECONDS + t.secs()) as i64);
        let next = self.cron.find_next_occurrence(&start, false).ok()?;
        if next.to_civil().year() > start.to_civil().year() + 5 {
            return None;
        }
        (next.0 as u64).checked_sub(EPOCH_UNIX_SECONDS).map(SimTime)
    }
}

/// An instant in Unix seconds, read in UTC: how croner sees the virtual clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct UtcSecond(i64);

impl CronDateTime for UtcSecond {
    fn to_civil(&self) -> CivilDateTime {
        let (y, m, d) = civil_from_days(self.0.div_euclid(86_400));
        let s = self.0.rem_euclid(86_400) as u32;
        CivilDateTime::new(
            CivilDate::from_parts_unchecked(y as i32, m, d),
            CivilTime::from_parts_unchecked(s / 3600, s % 3600 / 60, s % 60),
        )
    }

    fn civil_weekday(&self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::from_days_from_sunday((self.0.div_euclid(86_400) + 4).rem_euclid(7) as u32)
    }

    fn resolve_civil(&self, c: CivilDateTime) -> Result<Resolution<Self>, CronError> {
        let days = days_from_civil(c.year() as i64, c.month(), c.day());
        let secs = (c.hour() * 3600 + c.minute() * 60 + c.second()) as i64;
        Ok(Resolution::Single(UtcSecond(days * 86_400 + secs)))
    }

    fn checked_add_seconds(&self, seconds: i64) -> Option<Self> {
        self.0.checked_add(seconds).map(UtcSecond)
    }

    fn cmp_instant(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(s: &str, at: u64) -> u64 {
        Schedule::parse(s).unwrap().next_after(SimTime(at)).unwrap().secs()
    }

    const DAY: u64 = 86_400;

    #[test]
    fn next_times_on_the_virtual_clock() {
        // The clock starts at 2026-01-01T00:00:00Z, a Thursday.
        assert_eq!(next("*/5 * * * *", 0), 300);
        assert_eq!(next("*/5 * * * *", 299), 300);
        assert_eq!(next("*/5 * * * *", 300), 600);
        assert_eq!(next("@hourly", 0), 3600);
        assert_eq!(next("30 2 * * *", 0), 2 * 3600 + 1800);
        assert_eq!(next("0 0 * * mon", 0), 4 * DAY); // Monday 5 January
        assert_eq!(next("0 0 1 feb *", 0), 31 * DAY);
        assert_eq!(next("0 0 15 * 1", 0), 4 * DAY, "either day field may match");
        assert_eq!(next("0 0 * * 0", 0), 3 * DAY, "0 is Sunday");
    }

    #[test]
    fn restricted_day_fields_are_ored_and_a_star_makes_them_anded() {
        // `dayMatches`: 13th of the month OR a Friday. From Thu 1 Jan 2026: Fri 2 Jan,
        // Fri 9 Jan, Tue 13 Jan, Fri 16 Jan.
        let s = Schedule::parse("0 12 13 * fri").unwrap();
        let mut t = SimTime(0);
        let mut days = Vec::new();
        for _ in 0..4 {
            t = s.next_after(t).unwrap();
            days.push((t.secs() - 12 * 3600) / DAY + 1);
        }
        assert_eq!(days, [2, 9, 13, 16]);
        // `*/1` keeps robfig's star bit, so the weekday alone decides (Fridays only);
        // `*/2` clears it, so odd days OR Fridays: 3 Jan is odd.
        assert_eq!(next("0 0 */1 * fri", DAY), 8 * DAY, "Fri 9 Jan");
        assert_eq!(next("0 0 */2 * fri", DAY), 2 * DAY, "Sat 3 Jan, an odd day");
        // `?` is a star too: Fridays in February (1 February 2026 is a Sunday).
        assert_eq!(next("0 0 ? feb fri", 0), 36 * DAY, "Fri 6 Feb");
    }

    #[test]
    fn macros_expand_as_robfig_does() {
        assert_eq!(next("@daily", 0), DAY);
        assert_eq!(next("@midnight", 10), DAY);
        assert_eq!(next("@weekly", 0), 3 * DAY, "Sunday 4 January");
        assert_eq!(next("@monthly", 0), 31 * DAY, "1 February");
        // 2027-01-01: 365 days after 2026-01-01.
        assert_eq!(next("@yearly", 0), 365 * DAY);
        assert_eq!(next("@annually", 0), 365 * DAY);
        assert_eq!(Schedule::parse("@Hourly").unwrap_err(), "unrecognized descriptor: @Hourly");
    }

    #[test]
    fn impossible_days_never_come_and_leap_days_do() {
        assert_eq!(Schedule::parse("0 0 30 2 *").unwrap().next_after(SimTime(0)), None);
        // 29 February 2028: 365 + 365 + 31 + 28 days after 1 January 2026.
        assert_eq!(next("0 0 29 2 *", 0), (365 + 365 + 31 + 28) * DAY);
        // With a weekday list the two are ORed, so Mondays in February come.
        assert_eq!(next("0 0 30 2 mon", 0), 32 * DAY, "Mon 2 Feb");
    }

    #[test]
    fn a_utc_zone_prefix_is_read() {
        assert_eq!(next("TZ=UTC 0 * * * *", 0), 3600);
        assert_eq!(next("CRON_TZ=Etc/UTC @daily", 0), DAY);
        assert_eq!(
            Schedule::parse("TZ=Asia/Seoul 0 * * * *").unwrap_err(),
            "provided bad location Asia/Seoul: unknown time zone Asia/Seoul"
        );
    }

    #[test]
    fn bad_schedules_are_refused() {
        assert_eq!(Schedule::parse("* * *").unwrap_err(), "expected exactly 5 fields, found 3: [* * *]");
        assert_eq!(Schedule::parse("61 * * * *").unwrap_err(), "end of range (61) above maximum (59): 61");
        // robfig's weekdays are 0–6: Kubernetes refuses 7.
        assert_eq!(Schedule::parse("0 0 * * 7").unwrap_err(), "end of range (7) above maximum (6): 7");
        assert_eq!(Schedule::parse("0 0 0 * *").unwrap_err(), "beginning of range (0) below minimum (1): 0");
        assert_eq!(Schedule::parse("5-1 * * * *").unwrap_err(), "beginning of range (5) beyond end of range (1): 5-1");
        assert_eq!(Schedule::parse("1-2-3 * * * *").unwrap_err(), "too many hyphens: 1-2-3");
        assert_eq!(Schedule::parse("*/2/3 * * * *").unwrap_err(), "too many slashes: */2/3");
        assert_eq!(Schedule::parse("*/0 * * * *").unwrap_err(), "step of range should be a positive number: */0");
        assert_eq!(
            Schedule::parse("x * * * *").unwrap_err(),
            "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"
        );
        assert_eq!(Schedule::parse("").unwrap_err(), "empty spec string");
        // croner's own extensions are not robfig's.
        assert!(Schedule::parse("0 0 L * *").is_err());
        assert!(Schedule::parse("0 0 * * 5#2").is_err());
        assert!(Schedule::parse("0 0 0 * * *").is_err(), "no seconds field");
        assert!(Schedule::parse("@every 5m").is_err());
    }
}
