//! How fast virtual time runs: the speed (virtual seconds per real second), how
//! often the real-time timer fires, and how many one-second ticks are due when it does. Pure, so
//! the arithmetic is tested without a browser.

/// The speeds the controls offer.
pub const SPEEDS: [u32; 6] = [1, 2, 5, 10, 30, 100];
/// The timer's period is one virtual second of real time (`timer_ms`), so each timer task
/// runs about one tick and a frame never carries two or three; within these bounds: not
/// slower than 4 a second (the clock moves smoothly at 1×), not faster than 10 a second
/// (from 10× on, a task runs several ticks instead).
pub const MAX_TIMER_MS: u32 = 250;
pub const MIN_TIMER_MS: u32 = 100;
/// At most this many ticks in one task (100× runs 10 per 100 ms task). When a large cluster's
/// ticks take longer than the timer allows, the clock runs slower than asked instead of the
/// page freezing on a growing backlog: the seconds over this are dropped, not carried.
pub const MAX_TICKS_PER_TASK: u64 = 10;
/// A longer gap (a background tab, a debugger pause) counts as this much, so
/// the cluster does not lurch forward when the page comes back.
pub const MAX_GAP_MS: f64 = 1000.0;

/// How often the timer fires at `speed`, in real milliseconds: 250 at 1× to 4×, 200 at 5×, 100 from 10×.
pub fn timer_ms(speed: u32) -> u32 {
    (1000 / speed.max(1)).clamp(MIN_TIMER_MS, MAX_TIMER_MS)
}

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

    /// The timer period for the current speed (`timer_ms`).
    pub fn timer_ms(&self) -> u32 {
        timer_ms(self.speed)
    }

    /// The number of virtual seconds to tick now, at real time `now_ms`, at most
    /// `MAX_TICKS_PER_TASK`. The first call after a (re)start counts one timer period.
    pub fn due(&mut self, now_ms: f64) -> u64 {
        let elapsed = match self.last_ms {
            Some(last) => (now_ms - last).clamp(0.0, MAX_GAP_MS),
            None => self.timer_ms() as f64,
        };
        self.last_ms = Some(now_ms);
        self.advance_real_ms(elapsed as u64).min(MAX_TICKS_PER_TASK)
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
        assert_eq!(p.due(1000.0), 1); // first call: one timer period, 100 ms, 1 s
        assert_eq!(p.due(1250.0), 2); // 250 ms more: 2.5 s, 0.5 carried
        assert_eq!(p.due(61_250.0), 10); // a minute away counts as one second: 10 s + 0.5 carried
        p.reset();
        assert_eq!(p.due(70_000.0), 1);
    }

    #[test]
    fn the_timer_period_is_one_virtual_second() {
        let periods: Vec<u32> = SPEEDS.iter().map(|&s| timer_ms(s)).collect();
        assert_eq!(periods, [250, 250, 200, 100, 100, 100]);
        assert_eq!(timer_ms(0), 250);
        // Fired on time, each speed's timer ticks once per task up to 10×, then as the speed asks.
        for (speed, per_task) in [(1, [0, 0, 0, 1]), (2, [0, 1, 0, 1]), (5, [1, 1, 1, 1]), (10, [1, 1, 1, 1]), (30, [3, 3, 3, 3])] {
            let mut p = Pacer::new(speed);
            let period = p.timer_ms() as f64;
            let ticks: Vec<u64> = (1..=4).map(|i| p.due(i as f64 * period)).collect();
            assert_eq!(ticks, per_task, "at {speed}×");
        }
    }

    #[test]
    fn high_speeds_keep_up_or_slow_down_without_a_backlog() {
        let mut p = Pacer::new(100);
        assert_eq!(p.due(100.0), 10); // on time: 10 ticks per 100 ms task, 100 virtual s per real second
        assert_eq!(p.due(200.0), 10);
        // A task 400 ms after the last (a slow tick held the page): 40 s owed, 10 run, the rest dropped.
        assert_eq!(p.due(600.0), MAX_TICKS_PER_TASK);
        assert_eq!(p.due(700.0), 10);
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
