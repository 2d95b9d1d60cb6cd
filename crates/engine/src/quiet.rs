//! "Until nothing changes": play the clock until the cluster's objects stop changing, with a cap,
//! in slices, so that a page can show every second and stay responsive while a large cluster runs
//! (`QuietRun::play` with a budget of seconds), or in one go (`Sim::run_until_quiet`).
//!
//! A change is a difference in the objects as `kubectl get -o yaml` shows them, leaving out what
//! moves without anything happening: node heartbeat and probe times and an HPA's current metric
//! readings (`Sim::objects_fingerprint`). Passing time and a sync that finds nothing to do are not
//! changes.
//!
//! Why look ahead: some controllers act after a long silence of their own. A switched-off node is
//! marked NotReady 50 s after its last heartbeat and its pods evicted 300 s later; the HPA's 300 s
//! scale-down stabilization ends; a container in CrashLoopBackOff waits up to 300 s; a Job's pod
//! may sleep for minutes. Thirty quiet seconds alone would call such a cluster quiet while it is
//! waiting. So when the window passes, a copy plays on to the cap (deterministic: the same seed,
//! the same clock, the same future); if the copy sees a change, the run plays on to that second,
//! shown as usual.

use crate::sim::Sim;

/// How a run until nothing changes ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuietReport {
    /// The objects last changed `after` seconds into the run, then not for the `window` seconds
    /// played after it, nor in the `ahead` seconds after those, up to the cap (played on a copy:
    /// the clock stops at `after + window`).
    Quiet { after: u64, window: u64, ahead: u64 },
    /// Still changing when the cap (`after` seconds) was reached.
    StillChanging { after: u64 },
}

/// Seconds without any object change before the run looks ahead. Long enough to cover an image
/// pull, a readiness probe period (10 s), the HPA's 15 s sync and the autoscaler's 10 s scan.
pub const QUIET_WINDOW_SECONDS: u64 = 30;

/// A run until nothing changes, in progress. It plays the `Sim` it was started on; if anything
/// else moves that `Sim` between slices, the caller should drop the run (its copy looking ahead
/// would be of the old state).
#[derive(Clone)]
pub struct QuietRun {
    cap: u64,
    /// Seconds played on the caller's `Sim`.
    played: u64,
    last_change: u64,
    fingerprint: u64,
    /// The second at which a copy already saw the next change: no need to look again before it.
    seen_ahead: u64,
    ahead: Option<Ahead>,
}

/// The copy playing on past a quiet window.
#[derive(Clone)]
struct Ahead {
    sim: Box<Sim>,
    /// The run's second the copy is at.
    at: u64,
    fingerprint: u64,
}

impl QuietRun {
    /// Starts a run of at most `cap` seconds; a held instant is finished first.
    pub fn start(sim: &mut Sim, cap: u64) -> QuietRun {
        sim.finish_instant();
        QuietRun { cap, played: 0, last_change: 0, fingerprint: sim.objects_fingerprint(), seen_ahead: 0, ahead: None }
    }

    /// Seconds played on the `Sim` so far.
    pub fn played(&self) -> u64 {
        self.played
    }

    /// Whether the run is past its quiet window, checking on a copy that nothing changes later.
    pub fn looking_ahead(&self) -> bool {
        self.ahead.is_some()
    }

    /// Plays at most `budget` seconds, on `sim` or on the copy looking ahead, calling
    /// `each_second` after every second played on `sim`; the report once the run is over.
    pub fn play(&mut self, sim: &mut Sim, budget: u64, mut each_second: impl FnMut(&Sim)) -> Option<QuietReport> {
        let mut budget = budget;
        loop {
            if let Some(ahead) = &mut self.ahead {
                if ahead.at == self.cap {
                    let (after, played) = (self.last_change, self.played);
                    return Some(QuietReport::Quiet { after, window: played - after, ahead: self.cap - played });
                }
                if budget == 0 {
                    return None;
                }
                budget -= 1;
                ahead.at += 1;
                if ahead.sim.tick_changed(&mut ahead.fingerprint) {
                    self.seen_ahead = ahead.at;
                    self.ahead = None;
                }
                continue;
            }
            if self.played == self.cap {
                return Some(QuietReport::StillChanging { after: self.cap });
            }
            if budget == 0 {
                return None;
            }
            budget -= 1;
            self.played += 1;
            if sim.tick_changed(&mut self.fingerprint) {
                self.last_change = self.played;
            }
            each_second(sim);
            if self.played - self.last_change >= QUIET_WINDOW_SECONDS && self.played >= self.seen_ahead {
                self.ahead = Some(Ahead { sim: Box::new(sim.clone()), at: self.played, fingerprint: self.fingerprint });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{Action, Resource};
    use crate::samples;

    fn scaled() -> Sim {
        let mut sim = samples::web_on_three_nodes();
        sim.act(Action::Scale { resource: Resource::Deployment, namespace: "default".into(), name: "web".into(), replicas: 6 })
            .unwrap();
        sim
    }

    #[test]
    fn played_in_slices_a_run_ends_where_the_run_in_one_go_ends() {
        let mut whole = scaled();
        let mut sliced = whole.clone();
        let report = whole.run_until_quiet(600);
        let QuietReport::Quiet { after, window, ahead } = report else { panic!("{report:?}") };
        assert_eq!((window, after + window + ahead), (QUIET_WINDOW_SECONDS, 600));
        let mut run = QuietRun::start(&mut sliced, 600);
        let (mut slices, mut seconds, mut looked) = (0, 0, false);
        let sliced_report = loop {
            slices += 1;
            let r = run.play(&mut sliced, 7, |_| seconds += 1);
            looked |= run.looking_ahead();
            if let Some(r) = r {
                break r;
            }
        };
        assert_eq!(sliced_report, report);
        assert_eq!(seconds, after + window, "each second on the sim seen once");
        assert_eq!(run.played(), after + window);
        assert!(looked, "the copy played on past the window");
        // 600 seconds in all (on the sim, then on the copy), 7 a slice.
        assert_eq!(slices, 600_u64.div_ceil(7));
        assert_eq!(sliced.state_hash(), whole.state_hash());
    }

    #[test]
    fn a_slice_of_nothing_plays_nothing() {
        let mut sim = scaled();
        let hash = sim.state_hash();
        let mut run = QuietRun::start(&mut sim, 600);
        assert_eq!(run.play(&mut sim, 0, |_| panic!("no second played")), None);
        assert_eq!(sim.state_hash(), hash);
        assert_eq!(run.played(), 0);
    }
}
