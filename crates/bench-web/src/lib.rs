//! The two cluster-scale workloads of `crates/engine/benches/cluster.rs`, as functions that
//! take the harness's clock (`now()` in milliseconds), so the same code is timed natively
//! and in the browser (tests/browser.rs, run by `cargo xtask bench`). Only the harness
//! reads a clock; the engine never does.
//!
//! (i)  10,000 pods on 5,000 nodes: 100 Deployments of 100 replicas (each with a Service)
//!      applied at once and settled at that instant, then ticks until every pod is Ready;
//! (ii) one virtual minute (60 ticks) of a 1,000-node, 10,000-pod cluster in steady state.
//!
//! Every size is divided by `div` (`PODIUM_BENCH_DIV`).

use podium_engine::samples::{many_deployments as workload, uniform_cluster as cluster};
use podium_engine::Sim;

fn ready_pods(sim: &Sim) -> usize {
    sim.kube().store.pods.values().filter(|p| p.is_ready()).count()
}

/// A workload in steps (building the cluster, the apply and its settle, each tick), so that
/// a browser can give its event loop a turn between them: one test blocking the page for
/// all of them (over 30 s at full size) outlasts ChromeDriver's renderer timeout. Wall time
/// is summed over the steps only.
pub trait Steps {
    /// Does the next step; the report lines once the last is done.
    fn step(&mut self, now: &dyn Fn() -> f64) -> Option<Vec<String>>;
}

fn run(mut w: impl Steps, now: &dyn Fn() -> f64) -> Vec<String> {
    loop {
        if let Some(lines) = w.step(now) {
            return lines;
        }
    }
}

/// (i): returns the report lines.
pub fn schedule_burst(div: usize, now: &dyn Fn() -> f64) -> Vec<String> {
    run(Burst::new(div), now)
}

/// (ii): returns the report lines.
pub fn steady_minute(div: usize, now: &dyn Fn() -> f64) -> Vec<String> {
    run(Minute::new(div), now)
}

/// (i) in steps.
pub struct Burst {
    nodes: usize,
    pods: usize,
    sim: Option<Sim>,
    setup_ms: f64,
    applied: bool,
    ticks: usize,
    ready_ms: f64,
    lines: Vec<String>,
}

impl Burst {
    pub fn new(div: usize) -> Burst {
        let (nodes, deps, reps) = (5_000 / div, 100 / div.min(100), 100);
        Burst { nodes, pods: deps * reps, sim: None, setup_ms: 0.0, applied: false, ticks: 0, ready_ms: 0.0, lines: Vec::new() }
    }
}

impl Steps for Burst {
    fn step(&mut self, now: &dyn Fn() -> f64) -> Option<Vec<String>> {
        let (nodes, pods) = (self.nodes, self.pods);
        let Some(sim) = self.sim.as_mut() else {
            let t = now();
            self.sim = Some(cluster(nodes, "4", "16Gi"));
            self.setup_ms = now() - t;
            return None;
        };
        if !self.applied {
            let action = workload(pods / 100, 100);
            let t = now();
            sim.act(action).expect("the workload applies");
            let burst = now() - t;
            let bound = sim.kube().store.pods.values().filter(|p| p.node().is_some()).count();
            self.lines.push(format!(
                "(i) {pods} pods on {nodes} nodes: apply + settle {:.0} ms, {:.0} pods/s ({bound} bound; adding the nodes took {:.0} ms)",
                burst,
                pods as f64 * 1000.0 / burst.max(1.0),
                self.setup_ms
            ));
            self.applied = true;
            return None;
        }
        if ready_pods(sim) < pods && self.ticks < 60 {
            let t = now();
            sim.tick();
            self.ready_ms += now() - t;
            self.ticks += 1;
            return None;
        }
        let (ticks, ready) = (self.ticks, self.ready_ms);
        self.lines.push(format!(
            "    then {ticks} ticks until all {} pods are ready: {:.0} ms ({:.1} ms per tick)",
            ready_pods(sim),
            ready,
            ready / ticks.max(1) as f64
        ));
        Some(std::mem::take(&mut self.lines))
    }
}

/// (ii) in steps.
pub struct Minute {
    nodes: usize,
    pods: usize,
    sim: Option<Sim>,
    /// Ticks so far: until Ready, then 5 more, then the timed minute.
    ticks: usize,
    to_ready: Option<usize>,
    events: usize,
    steady_ms: f64,
    minute_ms: f64,
    lines: Vec<String>,
}

impl Minute {
    pub fn new(div: usize) -> Minute {
        let (nodes, deps, reps) = (1_000 / div, 100 / div.min(100), 100);
        Minute { nodes, pods: deps * reps, sim: None, ticks: 0, to_ready: None, events: 0, steady_ms: 0.0, minute_ms: 0.0, lines: Vec::new() }
    }
}

impl Steps for Minute {
    fn step(&mut self, now: &dyn Fn() -> f64) -> Option<Vec<String>> {
        let (nodes, pods) = (self.nodes, self.pods);
        let Some(sim) = self.sim.as_mut() else {
            let mut sim = cluster(nodes, "16", "64Gi");
            let t = now();
            sim.act(workload(pods / 100, 100)).expect("the workload applies");
            self.steady_ms += now() - t;
            self.sim = Some(sim);
            return None;
        };
        let ready_at = match self.to_ready {
            Some(n) => n,
            None if ready_pods(sim) < pods => {
                assert!(self.ticks < 120, "the cluster does not settle");
                let t = now();
                sim.tick();
                self.steady_ms += now() - t;
                self.ticks += 1;
                return None;
            }
            None => {
                self.to_ready = Some(self.ticks);
                self.ticks
            }
        };
        if self.ticks < ready_at + 5 {
            let t = now();
            sim.tick();
            self.steady_ms += now() - t;
            self.ticks += 1;
            if self.ticks == ready_at + 5 {
                self.lines.push(format!(
                    "(ii) {pods} pods on {nodes} nodes: reached steady state in {} virtual s, {:.0} ms wall",
                    self.ticks, self.steady_ms
                ));
                self.events = sim.events().len();
            }
            return None;
        }
        if self.ticks < ready_at + 5 + 60 {
            let t = now();
            sim.tick();
            self.minute_ms += now() - t;
            self.ticks += 1;
            return None;
        }
        assert_eq!(ready_pods(sim), pods);
        assert_eq!(sim.events().len(), self.events, "steady state records no new event");
        let minute = self.minute_ms;
        self.lines.push(format!("    one virtual minute (60 ticks): {:.0} ms, {:.1} ms per tick", minute, minute / 60.0));
        let t = now();
        let copy = sim.clone();
        self.lines.push(format!("    Sim::clone (taken by Sim::act for apply and the other actions that may refuse midway): {:.1} ms", now() - t));
        drop(copy);
        Some(std::mem::take(&mut self.lines))
    }
}

/// `PODIUM_BENCH_DIV` as read by the harness (at run time natively, at compile time in wasm).
pub fn parse_div(v: Option<&str>) -> usize {
    v.and_then(|v| v.parse().ok()).filter(|&d| d > 0).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    /// A smoke run at a hundredth of the size, natively (part of `cargo test`).
    #[test]
    fn workloads_run_at_a_small_size() {
        let now = || 0.0;
        let burst = super::schedule_burst(100, &now);
        assert_eq!(burst.len(), 2);
        assert!(burst[0].starts_with("(i) 100 pods on 50 nodes: apply + settle 0 ms"), "{burst:?}");
        assert!(burst[1].contains("until all 100 pods are ready"), "{burst:?}");
        assert_eq!(super::steady_minute(100, &now).len(), 3);
        assert_eq!(super::parse_div(Some("0")), 1);
        assert_eq!(super::parse_div(Some("4")), 4);
    }
}
