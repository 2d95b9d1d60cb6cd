//! Watching the controllers work, one at a time. `Sim::settle` runs every controller in a
//! fixed order, pass after pass, until a pass changes nothing (`Kube::reconcile`). In hold
//! mode (`Sim::set_hold`) an action is carried out but not settled; the board then walks the
//! same passes in the same order, one step at a time (`step_controller`, `step_pass`), so a
//! learner sees the ReplicaSet controller create a pod, then the scheduler bind it, then the
//! kubelet start it. Because each call is the very call `reconcile` would make, in the same
//! order, walking to the end gives exactly the state `settle` gives (tests below compare hashes).
//! When the instant is settled, the next step first moves the clock one second, as `tick` does.
//!
//! `run_until_quiet` plays the clock until the cluster's objects stop changing, with a cap
//! (`crate::quiet`).

use crate::clock::SimTime;
pub use crate::quiet::{QuietReport, QuietRun, QUIET_WINDOW_SECONDS};
use crate::kube::wake::{self, Wakes};
use crate::kube::{Ctx, AUTOSCALER_SCAN, CONTROLLERS, MAX_PASSES};
use crate::sim::Sim;

/// Where the walk through one instant's reconcile is (UI-side state: not saved, not hashed).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Stepping {
    /// Actions leave the instant unsettled; the caller steps through it.
    pub hold: bool,
    /// The unsettled instant's position; `None` when the instant is settled.
    pub cursor: Option<Cursor>,
}

/// `Kube::reconcile` unrolled: round 0 is the first run of passes, then the autoscaler's scan;
/// round 1 is the second run of passes when the scan acted.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Cursor {
    round: u8,
    /// 1-based pass number within the round.
    pass: usize,
    /// Index into `CONTROLLERS` of the next controller to run.
    next: usize,
    /// Whether any controller changed something in this pass so far.
    changed: bool,
    /// Passes run in earlier rounds, so reports count the instant's passes from 1.
    earlier: usize,
    /// Which controllers may sleep through a later pass, as in `Kube::settle_passes`.
    wakes: Wakes,
}

impl Cursor {
    fn start() -> Cursor {
        Cursor { round: 0, pass: 1, next: 0, changed: false, earlier: 0, wakes: Wakes::default() }
    }
}

/// What one step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepReport {
    /// The virtual second the step ran at.
    pub at: SimTime,
    /// Which pass of that instant (counted across both rounds, from 1).
    pub pass: usize,
    /// The controllers that changed something, in the order they ran (`CONTROLLERS` names;
    /// `cluster-autoscaler` also for its scan).
    pub changed: Vec<&'static str>,
    /// True when the instant is now settled: the next step moves the clock.
    pub settled: bool,
}

/// What `step` should run up to.
#[derive(Clone, Copy, PartialEq)]
enum Until {
    Change,
    PassEnd,
    Settled,
}

impl Sim {
    /// Hold mode: actions are carried out (or refused) as always, but the controllers do not
    /// react until stepped. Leaving hold mode settles the instant.
    pub fn set_hold(&mut self, hold: bool) {
        self.stepping.hold = hold;
        if !hold {
            self.finish_instant();
        }
    }

    pub fn holding(&self) -> bool {
        self.stepping.hold
    }

    /// True while an action's reaction has not been run to the end at this instant.
    pub fn unsettled(&self) -> bool {
        self.stepping.cursor.is_some()
    }

    /// Called by `act` in hold mode instead of `settle`: the instant now has work to walk.
    pub(crate) fn leave_unsettled(&mut self) {
        match &mut self.stepping.cursor {
            None => self.stepping.cursor = Some(Cursor::start()),
            // An action may change what no controller writes (health rules, traffic): every
            // controller runs again, as in the first pass after an action.
            Some(cursor) => cursor.wakes = Wakes::default(),
        }
    }

    /// Runs controllers in order until one changes something (it is reported) or the instant
    /// settles. On a settled instant, first moves the clock one second.
    pub fn step_controller(&mut self) -> StepReport {
        self.step(Until::Change)
    }

    /// Runs the rest of the current pass (every controller once); if that pass changed nothing,
    /// the round ends as in `Kube::reconcile` (the autoscaler scans). On a settled instant,
    /// first moves the clock one second.
    pub fn step_pass(&mut self) -> StepReport {
        self.step(Until::PassEnd)
    }

    /// Runs what is left of the unsettled instant, exactly as `settle` would have.
    pub fn finish_instant(&mut self) {
        if self.stepping.cursor.is_some() {
            self.step(Until::Settled);
        }
    }

    fn step(&mut self, until: Until) -> StepReport {
        let mut cursor = match self.stepping.cursor {
            Some(c) => c,
            None => {
                self.now = self.now.plus(1);
                Cursor::start()
            }
        };
        let mut report = StepReport { at: self.now, pass: cursor.earlier + cursor.pass, changed: Vec::new(), settled: false };
        let mut ctx = Ctx { now: self.now, rng: &mut self.rng, events: &mut self.events };
        loop {
            let (name, _) = CONTROLLERS[cursor.next];
            let changed = if cursor.wakes.due(cursor.next) {
                cursor.wakes.run(&mut self.kube, cursor.next, &mut ctx)
            } else {
                wake::check_skip(&self.kube, cursor.next, &ctx);
                false
            };
            if changed {
                report.changed.push(name);
            }
            cursor.changed |= changed;
            cursor.next += 1;
            let mut stop = changed && until == Until::Change;
            if cursor.next == CONTROLLERS.len() {
                stop |= until == Until::PassEnd;
                if cursor.changed && cursor.pass < MAX_PASSES {
                    cursor = Cursor { pass: cursor.pass + 1, next: 0, changed: false, ..cursor };
                } else if cursor.round == 0 && crate::kube::autoscaler::scan(&mut self.kube, &mut ctx) {
                    report.changed.push(AUTOSCALER_SCAN);
                    cursor = Cursor { round: 1, earlier: cursor.pass, ..Cursor::start() };
                    stop |= until == Until::Change;
                } else {
                    report.settled = true;
                    break;
                }
            }
            if stop {
                break;
            }
        }
        self.stepping.cursor = if report.settled { None } else { Some(cursor) };
        report
    }

    /// Plays the clock until nothing changes (`QuietRun`), in one go.
    pub fn run_until_quiet(&mut self, max_seconds: u64) -> QuietReport {
        self.run_until_quiet_observed(max_seconds, |_| {})
    }

    /// `run_until_quiet`, with `each_second` called after every second it plays, so that a
    /// viewer (the board's charts, a `get -w` in its console) sees each second as if played.
    pub fn run_until_quiet_observed(&mut self, max_seconds: u64, mut each_second: impl FnMut(&Sim)) -> QuietReport {
        let mut run = QuietRun::start(self, max_seconds);
        run.play(self, u64::MAX, &mut each_second).expect("a budget past the cap plays the run to its end")
    }

    /// One second of the run: the clock moves and the controllers settle; true when an object
    /// changed (`fingerprint` is then the new one).
    pub(crate) fn tick_changed(&mut self, fingerprint: &mut u64) -> bool {
        self.now = self.now.plus(1);
        // The settle returns 1 when its first pass changed nothing and the autoscaler did not
        // act: then no object changed, and the (costlier) fingerprint is not needed.
        if self.reconcile() > 1 {
            let now = self.objects_fingerprint();
            if now != *fingerprint {
                *fingerprint = now;
                return true;
            }
        }
        false
    }

    /// FNV-1a over the objects' JSON without the fields that move on their own. Cleared on a copy,
    /// then written with the serializer `state_hash` and `save` already compile (no second one).
    pub(crate) fn objects_fingerprint(&self) -> u64 {
        let mut store = self.kube.store.clone();
        for node in store.nodes.values_mut() {
            node.status.conditions.iter_mut().for_each(|c| c.last_heartbeat_time = SimTime(0));
        }
        for hpa in store.hpas.values_mut() {
            hpa.status.current_metrics.clear();
        }
        for job in store.jobs.values_mut() {
            job.status.conditions.iter_mut().for_each(|c| c.last_probe_time = SimTime(0));
        }
        let json = crate::to_json::to_string(&store).into_bytes();
        json.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{Action, Resource};
    use crate::samples;

    fn cluster() -> Sim {
        samples::web_on_three_nodes()
    }

    fn scale(replicas: i64) -> Action {
        Action::Scale { resource: Resource::Deployment, namespace: "default".into(), name: "web".into(), replicas }
    }

    #[test]
    fn stepping_one_controller_at_a_time_ends_where_settle_ends() {
        let mut settled = cluster();
        settled.act(scale(6)).unwrap();
        let mut stepped = cluster();
        stepped.set_hold(true);
        stepped.act(scale(6)).unwrap();
        assert!(stepped.unsettled());
        assert_ne!(stepped.state_hash(), settled.state_hash(), "held: the scale is not yet acted on");
        let mut steps = Vec::new();
        while stepped.unsettled() {
            steps.push(stepped.step_controller());
            assert!(steps.len() < 100);
        }
        assert_eq!(stepped.state_hash(), settled.state_hash());
        assert_eq!(stepped.now(), settled.now());
        // The scale-up as a learner watches it: the ReplicaSet is resized, its controller
        // creates the pods, the scheduler binds them, the kubelet admits them.
        let order: Vec<&str> = steps.iter().flat_map(|s| s.changed.iter().copied()).collect();
        let pos = |name: &str| order.iter().position(|n| *n == name).unwrap_or_else(|| panic!("{name} in {order:?}"));
        assert!(pos("deployment-controller") < pos("replicaset-controller"));
        assert!(pos("replicaset-controller") < pos("default-scheduler"));
        assert!(pos("default-scheduler") < pos("kubelet"));
        assert!(steps.last().unwrap().settled);
    }

    #[test]
    fn stepping_pass_by_pass_ends_where_settle_ends_and_then_ticks() {
        let mut settled = cluster();
        settled.act(scale(1)).unwrap();
        settled.advance(3);
        let mut stepped = cluster();
        stepped.set_hold(true);
        stepped.act(scale(1)).unwrap();
        let mut passes = 0;
        while stepped.unsettled() {
            let r = stepped.step_pass();
            passes += 1;
            assert_eq!(r.pass, passes);
        }
        // A settled instant: each further step first moves the clock, like `tick`.
        for _ in 0..3 {
            let before = stepped.now();
            let r = stepped.step_pass();
            assert_eq!(r.at, before.plus(1));
            while stepped.unsettled() {
                stepped.step_pass();
            }
        }
        assert_eq!(stepped.state_hash(), settled.state_hash());
    }

    #[test]
    fn leaving_hold_and_ticking_settle_the_held_instant_first() {
        let mut settled = cluster();
        settled.act(scale(5)).unwrap();
        settled.tick();
        let mut held = cluster();
        held.set_hold(true);
        held.act(scale(5)).unwrap();
        held.step_controller();
        held.set_hold(false);
        assert!(!held.unsettled());
        held.tick();
        assert_eq!(held.state_hash(), settled.state_hash());
    }

    #[test]
    fn a_refused_action_in_hold_mode_leaves_the_instant_settled() {
        let mut sim = cluster();
        sim.set_hold(true);
        let hash = sim.state_hash();
        assert!(sim.act(Action::KillPod { namespace: "default".into(), name: "nope".into() }).is_err());
        assert!(!sim.unsettled());
        assert_eq!(sim.state_hash(), hash);
    }

    #[test]
    fn until_quiet_stops_after_a_quiet_window_and_is_capped() {
        let mut sim = cluster();
        sim.act(scale(6)).unwrap();
        let mut capped = sim.clone();
        assert_eq!(capped.run_until_quiet(3), QuietReport::StillChanging { after: 3 }, "the new pods are starting");
        let start = sim.now();
        let report = sim.run_until_quiet(600);
        let QuietReport::Quiet { after, window, ahead } = report else { panic!("{report:?}") };
        assert_eq!(window, QUIET_WINDOW_SECONDS);
        assert_eq!(after + window + ahead, 600, "the copy played on to the cap");
        assert!(after > 0, "the new pods start and become ready after the scale");
        assert_eq!(sim.now(), start.plus(after + window));
        let ready = sim.kube().store.pods.values().filter(|p| p.is_ready()).count();
        assert_eq!(ready, 6);
        // Already quiet: nothing changes in the first window.
        assert_eq!(sim.run_until_quiet(600), QuietReport::Quiet { after: 0, window: QUIET_WINDOW_SECONDS, ahead: 570 });
    }

    #[test]
    fn until_quiet_shows_every_second_it_plays_and_ends_where_the_plain_run_ends() {
        let mut plain = cluster();
        plain.act(scale(6)).unwrap();
        let mut observed = plain.clone();
        let start = plain.now();
        let report = plain.run_until_quiet(600);
        let mut seen = Vec::new();
        assert_eq!(observed.run_until_quiet_observed(600, |sim| seen.push((sim.now(), sim.state_hash()))), report);
        let QuietReport::Quiet { after, window, .. } = report else { panic!("{report:?}") };
        let seconds: Vec<SimTime> = seen.iter().map(|(t, _)| *t).collect();
        let expected: Vec<SimTime> = (1..=after + window).map(|s| start.plus(s)).collect();
        assert_eq!(seconds, expected, "one call per second played, in order");
        assert_eq!(seen.last().map(|(_, h)| *h), Some(plain.state_hash()));
        assert_eq!(observed.state_hash(), plain.state_hash());
        // Ready pods appear partway through, so the viewer saw the cluster change, not only its end.
        assert_ne!(seen[0].1, seen[seen.len() - 1].1);
    }

    #[test]
    fn until_quiet_observed_at_the_cap_saw_every_second() {
        let mut sim = cluster();
        sim.act(scale(6)).unwrap();
        let mut calls = 0;
        assert_eq!(sim.run_until_quiet_observed(3, |_| calls += 1), QuietReport::StillChanging { after: 3 });
        assert_eq!(calls, 3);
    }
}
