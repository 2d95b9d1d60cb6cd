//! Which controllers must run again: in a later pass of the same instant, or at the next tick.
//!
//! Kubernetes' controllers are woken by their informers: the Deployment controller by changes to
//! Deployments and ReplicaSets, the endpoints controller by Services and pods, and so on. A
//! controller that nothing it watches has touched has nothing new to see. The settle loop
//! (`Kube::settle_passes`) skips a controller listed here whose last run changed nothing until a
//! run that changed something has opened one of the maps it reads for writing
//! (`BoxedMap::writes`), or the map was written between two settles (an action, the autoscaler's
//! scan, a step-by-step walk). When the clock moves, the controllers with timers wake; those
//! that have none (`timeless`) may sleep from tick to tick, so a steady cluster's tick skips them.
//! A skipped controller would find what it found before and do nothing again: `settle` ends in
//! the same state, with the same events and the same random draws. Runs that changed nothing do
//! not wake anyone: they may open a map (a status compared in place, a heartbeat set to the same
//! instant again) but leave it as the controllers after them saw it. Debug builds prove each
//! skip (`check_skip`: the skipped controller is run on a copy, which must come out unchanged),
//! so every engine test checks it. `Sim::settle` (after an action) starts with all awake; the
//! step-by-step walk (`stepping.rs`) wakes all at each round. A pod's kill is the exception
//! (`Sim::act`, `writes_only_watched`): it writes only maps counted here, so its settle keeps the
//! wake-ups of the settle before it when that one ended at the same instant (a tick's, in the
//! page): only what reads pods wakes, and the timed controllers sleep on (no timer fell due since).
//! The endpoints controller reaches its own fixed point in one run (`one_run_settles`), so its own
//! writes do not wake it.
//!
//! The maps each controller reads are listed by hand (`watched`), from its module and the
//! helpers it calls, counting only what a controller may write (Services' selectors, ConfigMaps
//! and the health and traffic rules change only by actions, and every action is followed by a
//! first pass that runs everything). The cheap controllers are not listed: they run in every pass.

use super::{Ctx, Kube, CONTROLLERS};
use crate::clock::SimTime;

/// The maps whose writes wake controllers, by their place in `counts`.
#[derive(Clone, Copy)]
enum Map {
    Pods,
    Nodes,
    Machines,
    Runtimes,
    ContainerRuns,
    ReplicaSets,
    Deployments,
    DaemonSets,
    Jobs,
    CronJobs,
    Services,
    Endpoints,
}

const MAPS: usize = Map::Endpoints as usize + 1;

/// Each map's write count now (`BoxedMap::writes`), by `Map`.
fn counts(kube: &Kube) -> [u64; MAPS] {
    let s = &kube.store;
    [
        s.pods.writes(),
        s.nodes.writes(),
        kube.machines.writes(),
        kube.runtimes.writes(),
        kube.health.containers.writes(),
        s.replica_sets.writes(),
        s.deployments.writes(),
        s.daemon_sets.writes(),
        s.jobs.writes(),
        s.cron_jobs.writes(),
        s.services.writes(),
        s.endpoints.writes(),
    ]
}

/// The maps controller `index` reads, or `None` for a controller not listed (it runs in every
/// pass).
fn watched(index: usize) -> Option<&'static [Map]> {
    use Map::*;
    Some(match CONTROLLERS[index].0 {
        // `controllers/deployment.rs`: Deployments and their ReplicaSets, nothing else.
        "deployment-controller" => &[Deployments, ReplicaSets],
        // `controllers/garbage.rs`: the owners and what they own.
        "garbage-collector" => &[Deployments, CronJobs, Jobs, ReplicaSets, DaemonSets, Pods],
        // `controllers/replicaset.rs`: ReplicaSets and pods (the clock, for availability, stands
        // still within an instant).
        "replicaset-controller" => &[ReplicaSets, Pods],
        // `controllers/kubelet.rs` and the `health` helpers it calls: pods, the nodes' machines
        // and Node objects, the pods' runtimes and container runs.
        "kubelet" => &[Pods, Nodes, Machines, Runtimes, ContainerRuns],
        // `controllers/endpoints.rs`: Services, pods, and the Endpoints themselves.
        "endpoint-controller" => &[Services, Pods, Endpoints],
        _ => return None,
    })
}

/// Controllers whose answer does not depend on the clock here: what they do is a function of
/// the maps they read alone, so they may sleep from one instant to the next (a steady cluster's
/// tick then skips them). The endpoints controller reads readiness from the pods' conditions,
/// which the kubelet writes; the garbage collector reads owner references; the ReplicaSet
/// controller reads the clock only for `minReadySeconds` (a ready pod is available once it has
/// been ready that long), so it is clock-free while no ReplicaSet sets it. The others have
/// timers (probes, back-offs, grace periods, sync periods, progress deadlines).
fn timeless(index: usize, kube: &Kube) -> bool {
    match CONTROLLERS[index].0 {
        "endpoint-controller" | "garbage-collector" => true,
        "replicaset-controller" => kube.store.replica_sets.values().all(|rs| rs.spec.min_ready_seconds <= 0),
        _ => false,
    }
}

/// Controllers whose run leaves nothing for a second run to do while nothing else writes what
/// they read: the endpoints controller computes each Service's Endpoints from the Services and
/// pods alone and writes exactly that (a second run finds every Endpoints as wanted).
fn one_run_settles(index: usize) -> bool {
    CONTROLLERS[index].0 == "endpoint-controller"
}

/// The runs of the settles, as seen by the wake-ups: runs are numbered; each map carries the
/// number of the last run that changed something and opened it (or of the round that found it
/// written from outside); each controller, the number of its last run if that run changed nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Wakes {
    runs: u64,
    written: [u64; MAPS],
    idle_since: [Option<u64>; CONTROLLERS.len()],
    /// The maps' write counts after the last run: a round that finds others was written between.
    counts: [u64; MAPS],
    /// The instant of the settle these wake-ups come from (`Sim::reconcile` notes it), so that a
    /// round at that same instant (after a pod's kill, `Sim::act`) leaves the timed controllers
    /// asleep: the clock has not moved for them.
    settled_at: Option<SimTime>,
}

impl Wakes {
    /// A new round of passes at `now`: after a tick (the clock moved: controllers with timers
    /// wake), the autoscaler's scan (they wake too), or an action that writes only maps listed
    /// here (`Sim::act`) at the instant these wake-ups were settled at (they sleep on: a timer
    /// that did not fire then does not fire now). Whatever was written since the last run (an
    /// action, the scan, a step-by-step walk) counts as written now.
    pub fn new_round(&mut self, kube: &Kube, now: SimTime) {
        if self.settled_at.take() != Some(now) {
            for (index, idle) in self.idle_since.iter_mut().enumerate() {
                if !timeless(index, kube) {
                    *idle = None;
                }
            }
        }
        let now = counts(kube);
        if now != self.counts {
            self.runs += 1;
            for (written, (now, then)) in self.written.iter_mut().zip(now.iter().zip(self.counts)) {
                if *now != then {
                    *written = self.runs;
                }
            }
            self.counts = now;
        }
    }

    /// The settle ended at `now` (`Sim::reconcile`): what sleeps now may sleep through a round
    /// at the same instant.
    pub fn settled(&mut self, now: SimTime) {
        self.settled_at = Some(now);
    }

    /// True when controller `index` must run: its last run changed something, or it has not
    /// run yet this round, or it is not listed, or a map it reads was written since.
    pub fn due(&self, index: usize) -> bool {
        match (self.idle_since[index], watched(index)) {
            (Some(idle), Some(maps)) => maps.iter().any(|&m| self.written[m as usize] > idle),
            _ => true,
        }
    }

    /// Runs controller `index` and notes what it did. A run that changed nothing may still
    /// have opened maps (a status compared in place, a heartbeat set to the same instant): only
    /// the maps opened by runs that changed something wake others.
    pub fn run(&mut self, kube: &mut Kube, index: usize, ctx: &mut Ctx) -> bool {
        let before = counts(kube);
        let changed = CONTROLLERS[index].1(kube, ctx);
        self.runs += 1;
        let after = counts(kube);
        if changed {
            for (written, (now, then)) in self.written.iter_mut().zip(after.iter().zip(before)) {
                if *now != then {
                    *written = self.runs;
                }
            }
            // A controller that reaches its own fixed point in one run would find nothing more to
            // do in a second: its own writes do not wake it (others' still do).
            self.idle_since[index] = one_run_settles(index).then_some(self.runs);
        } else {
            self.idle_since[index] = Some(self.runs);
        }
        self.counts = after;
        changed
    }
}

/// Debug builds: a controller about to be skipped is run on a copy, which must come out as it
/// went in (same objects, events and random draws): the proof that `watched` lists enough.
#[cfg(debug_assertions)]
pub(crate) fn check_skip(kube: &Kube, index: usize, ctx: &Ctx) {
    let (mut copy, mut rng, mut events) = (kube.clone(), ctx.rng.clone(), ctx.events.clone());
    let changed = CONTROLLERS[index].1(&mut copy, &mut Ctx { now: ctx.now, rng: &mut rng, events: &mut events });
    let same = !changed && copy == *kube && format!("{rng:?}") == format!("{:?}", ctx.rng) && events.all() == ctx.events.all();
    assert!(same, "{} was skipped but had something to do at {:?}", CONTROLLERS[index].0, ctx.now);
}

#[cfg(not(debug_assertions))]
pub(crate) fn check_skip(_: &Kube, _: usize, _: &Ctx) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(name: &str) -> usize {
        CONTROLLERS.iter().position(|(n, _)| *n == name).unwrap()
    }

    #[test]
    fn a_controller_that_did_nothing_sleeps_until_a_change_writes_what_it_reads() {
        let (deployment, endpoints, scheduler) = (index("deployment-controller"), index("endpoint-controller"), index("default-scheduler"));
        let mut wakes = Wakes::default();
        for i in 0..CONTROLLERS.len() {
            assert!(wakes.due(i), "each runs once in the first pass");
            wakes.runs += 1;
            wakes.idle_since[i] = Some(wakes.runs);
        }
        assert!(!wakes.due(deployment) && !wakes.due(endpoints));
        assert!(wakes.due(scheduler), "a controller not listed always runs");
        // A change writes pods: the endpoints controller reads pods, the Deployment controller
        // does not.
        wakes.runs += 1;
        wakes.written[Map::Pods as usize] = wakes.runs;
        assert!(wakes.due(endpoints) && !wakes.due(deployment));
        wakes.written[Map::ReplicaSets as usize] = wakes.runs;
        assert!(wakes.due(deployment));
    }

    /// The stepping tests' settled cluster after a round of every controller (none changes
    /// anything), with what a `Ctx` needs to go on.
    fn after_a_round() -> (Kube, Wakes, crate::rng::SimRng, crate::events::EventLog, crate::clock::SimTime) {
        let sim = crate::samples::web_on_three_nodes();
        let (mut kube, mut rng, mut events) = (sim.kube().clone(), crate::rng::SimRng::new(1), sim.events().clone());
        let mut ctx = Ctx { now: sim.now(), rng: &mut rng, events: &mut events };
        let mut wakes = Wakes::default();
        wakes.new_round(&kube, sim.now());
        for (i, (name, _)) in CONTROLLERS.iter().enumerate() {
            assert!(!wakes.run(&mut kube, i, &mut ctx), "{name} finds a settled cluster settled");
        }
        (kube, wakes, rng, events, sim.now())
    }

    #[test]
    fn only_runs_that_changed_something_wake_others() {
        let (mut kube, mut wakes, mut rng, mut events, now) = after_a_round();
        let mut ctx = Ctx { now, rng: &mut rng, events: &mut events };
        // The node lifecycle controller opens every machine to note its heartbeat, and changes
        // nothing: the kubelet, which reads machines, sleeps.
        assert!(kube.machines.writes() > 0);
        let (kubelet, replicaset) = (index("kubelet"), index("replicaset-controller"));
        assert!(!wakes.due(kubelet) && !wakes.due(replicaset));
        // A pod deleted: the ReplicaSet controller creates its replacement, which wakes the
        // kubelet (pods written), and it runs again itself.
        let key = kube.store.pods.keys().next().unwrap().clone();
        kube.store.pods.delete(&key);
        assert!(wakes.run(&mut kube, replicaset, &mut ctx));
        assert!(wakes.due(kubelet) && wakes.due(replicaset));
    }

    #[test]
    fn the_clock_wakes_controllers_with_timers_and_the_timeless_sleep_until_a_write() {
        let (mut kube, mut wakes, .., now) = after_a_round();
        // The next tick: the kubelet (probes, start times) wakes, endpoints, garbage and the
        // ReplicaSets (none sets minReadySeconds) sleep on.
        wakes.new_round(&kube, now.plus(1));
        let (kubelet, endpoints, garbage) = (index("kubelet"), index("endpoint-controller"), index("garbage-collector"));
        let replicaset = index("replicaset-controller");
        assert!(wakes.due(kubelet));
        assert!(!wakes.due(endpoints) && !wakes.due(garbage) && !wakes.due(replicaset));
        // With minReadySeconds set, a ReplicaSet's available count moves with the clock: it wakes
        // at every tick.
        let mut timed = kube.clone();
        assert!(timeless(replicaset, &timed));
        timed.store.replica_sets.values_mut().for_each(|rs| rs.spec.min_ready_seconds = 5);
        assert!(!timeless(replicaset, &timed));
        // Between two settles a pod is written (an action, a step-by-step walk): the next round
        // wakes what reads pods.
        let key = kube.store.pods.keys().next().unwrap().clone();
        kube.store.pods.get_mut(&key);
        wakes.new_round(&kube, now.plus(2));
        assert!(wakes.due(endpoints) && wakes.due(garbage));
    }

    #[test]
    fn a_round_at_the_instant_the_wakes_were_settled_at_leaves_the_timed_controllers_asleep() {
        let (kube, mut wakes, .., now) = after_a_round();
        let kubelet = index("kubelet");
        wakes.settled(now);
        wakes.new_round(&kube, now);
        assert!(!wakes.due(kubelet), "the clock has not moved: no timer of the kubelet fell due");
        // Once only: the autoscaler's second round after its scan wakes them, as before.
        wakes.new_round(&kube, now);
        assert!(wakes.due(kubelet));
        let (_, mut wakes, ..) = after_a_round();
        wakes.settled(now);
        wakes.new_round(&kube, now.plus(1));
        assert!(wakes.due(kubelet), "the next second wakes the kubelet");
    }

    /// A pod's kill after a tick: the deployment controller (it reads Deployments and
    /// ReplicaSets, which the kill does not write) sleeps through the first pass, the rest of the
    /// settle runs as with every controller awake, and both end in the same state (debug builds
    /// also check each skip, `check_skip`).
    #[test]
    fn a_kill_at_a_settled_instant_runs_fewer_controllers_and_ends_where_a_full_settle_ends() {
        let mut sim = crate::samples::web_on_three_nodes();
        sim.tick();
        let mut full = sim.clone();
        // As after any other action: every controller awake.
        full.wakes = Wakes::default();
        let key = sim.kube().store.pods.keys().next().unwrap().clone();
        let pods = sim.kube().store.pods.len();
        let kill = || crate::action::Action::KillPod { namespace: key.namespace.clone(), name: key.name.clone() };
        let runs = sim.wakes.runs;
        sim.act(kill()).unwrap();
        full.act(kill()).unwrap();
        assert_eq!(sim.kube().store.pods.len(), pods + 1, "the killed pod terminates and its replacement is created");
        assert!(sim.kube().store.pods[&key].metadata.deletion_timestamp.is_some());
        assert_eq!(sim.state_hash(), full.state_hash());
        let (kept_runs, full_runs) = (sim.wakes.runs - runs, full.wakes.runs);
        assert!(kept_runs < full_runs, "{kept_runs} runs with the wake-ups kept, {full_runs} with every controller awake");
    }

    /// The endpoints controller's own writes do not wake it: a second run right after one that
    /// changed something finds nothing to do.
    #[test]
    fn the_endpoints_controller_settles_in_one_run() {
        let (mut kube, mut wakes, mut rng, mut events, now) = after_a_round();
        let mut ctx = Ctx { now, rng: &mut rng, events: &mut events };
        let endpoints = index("endpoint-controller");
        let key = kube.store.pods.keys().next().unwrap().clone();
        kube.store.pods.delete(&key);
        wakes.new_round(&kube, now);
        assert!(wakes.run(&mut kube, endpoints, &mut ctx), "the pod's address leaves its Service's Endpoints");
        assert!(!wakes.due(endpoints));
        assert!(!CONTROLLERS[endpoints].1(&mut kube.clone(), &mut ctx), "a second run changes nothing");
        // Pods written by another run wake it again.
        let key = kube.store.pods.keys().next().unwrap().clone();
        kube.store.pods.delete(&key);
        wakes.new_round(&kube, now);
        assert!(wakes.due(endpoints));
    }

    #[test]
    fn a_sweep_that_removes_nothing_is_not_a_write() {
        let mut map = crate::boxed_map::BoxedMap::new();
        map.insert(1, "a");
        map.insert(2, "b");
        let writes = map.writes();
        map.retain(|_, _| true);
        assert_eq!(map.writes(), writes);
        map.retain(|k, _| *k == 1);
        assert!(map.writes() > writes);
        let _ = map.get(&1);
        let writes = map.writes();
        map.get_mut(&1);
        assert!(map.writes() > writes, "opening for writing counts, changed or not");
    }
}
