//! How fast virtual time runs: the speed (virtual seconds per real second) and
//! how many one-second ticks are due when the real-time timer fires. Pure, so
//! the arithmetic is tested without a browser.

/// The speeds the controls offer.
pub const SPEEDS: [u32; 6] = [1, 2, 5, 10, 30, 100];
/// How often the timer fires, in real milliseconds.
pub const TIMER_MS: u32 = 250;
/// A longer gap (a background tab, a debugger pause) counts as this much, so
/// the cluster does not lurch forward when the page comes back.
pub const MAX_GAP_MS: f64 = 1000.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Pacer {
    speed: u32,
    /// Virtual milliseconds owed but not yet a whole second.
    carry_ms: u64,
    /// Real time of the previous call, in milliseconds.
    last_ms: Option<f64>,
}

impl Default for Pacer {
    fn default() -> Self {
        Pacer::new(1)
    }
}

impl Pacer {
    pub fn new(speed: u32) -> Pacer {
        Pacer { speed: speed.max(1), carry_ms: 0, last_ms: None }
    }

    pub fn speed(&self) -> u32 {
        self.speed
    }

    pub fn set_speed(&mut self, speed: u32) {
        self.speed = speed.max(1);
    }

    /// Forgets the last reading (on pause), so the next `due` starts afresh.
    pub fn reset(&mut self) {
        self.last_ms = None;
        self.carry_ms = 0;
    }

    /// The number of virtual seconds to tick now, at real time `now_ms`. The
    /// first call after a (re)start counts one timer period.
    pub fn due(&mut self, now_ms: f64) -> u64 {
        let elapsed = match self.last_ms {
            Some(last) => (now_ms - last).clamp(0.0, MAX_GAP_MS),
            None => TIMER_MS as f64,
        };
        self.last_ms = Some(now_ms);
        self.advance_real_ms(elapsed as u64)
    }

    /// The number of whole virtual seconds that `real_ms` of real time makes
    /// at the current speed, keeping the remainder for next time.
    pub fn advance_real_ms(&mut self, real_ms: u64) -> u64 {
        let virtual_ms = self.carry_ms + real_ms * self.speed as u64;
        self.carry_ms = virtual_ms % 1000;
        virtual_ms / 1000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_times_speed_ticks_once_per_real_second() {
        let mut p = Pacer::new(1);
        let ticks: Vec<u64> = (0..8).map(|_| p.advance_real_ms(250)).collect();
        assert_eq!(ticks, [0, 0, 0, 1, 0, 0, 0, 1]);
    }

    #[test]
    fn faster_speeds_tick_more_per_timer() {
        let mut p = Pacer::new(5);
        let ticks: Vec<u64> = (0..4).map(|_| p.advance_real_ms(250)).collect();
        assert_eq!(ticks, [1, 1, 1, 2]); // 1.25 s of virtual time each: 5 in one real second
        let mut p = Pacer::new(100);
        assert_eq!(p.advance_real_ms(250), 25);
        let mut p = Pacer::new(30);
        assert_eq!((0..4).map(|_| p.advance_real_ms(250)).sum::<u64>(), 30);
    }

    #[test]
    fn real_time_gaps_are_measured_and_capped() {
        let mut p = Pacer::new(10);
        assert_eq!(p.due(1000.0), 2); // first call: one timer period, 2.5 s, 0.5 carried
        assert_eq!(p.due(1500.0), 5); // 500 ms more: 5 s + carried 0.5
        assert_eq!(p.due(61_500.0), 10); // a minute away counts as one second
        p.reset();
        assert_eq!(p.due(70_000.0), 2);
    }

    #[test]
    fn speed_changes_keep_the_carry() {
        let mut p = Pacer::new(1);
        assert_eq!(p.advance_real_ms(600), 0);
        p.set_speed(2);
        assert_eq!(p.advance_real_ms(200), 1); // 600 + 400
        p.set_speed(0);
        assert_eq!(p.speed(), 1);
    }
}
