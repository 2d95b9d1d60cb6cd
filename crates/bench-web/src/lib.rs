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

/// (i): returns the report lines.
pub fn schedule_burst(div: usize, now: &dyn Fn() -> f64) -> Vec<String> {
    let (nodes, deps, reps) = (5_000 / div, 100 / div.min(100), 100);
    let pods = deps * reps;
    let t = now();
    let mut sim = cluster(nodes, "4", "16Gi");
    let setup = now() - t;
    let action = workload(deps, reps);
    let t = now();
    sim.act(action).expect("the workload applies");
    let burst = now() - t;
    let bound = sim.kube().store.pods.values().filter(|p| p.node().is_some()).count();
    let mut lines = vec![format!(
        "(i) {pods} pods on {nodes} nodes: apply + settle {:.0} ms, {:.0} pods/s ({bound} bound; adding the nodes took {:.0} ms)",
        burst,
        pods as f64 * 1000.0 / burst.max(1.0),
        setup
    )];
    let t = now();
    let mut ticks = 0;
    while ready_pods(&sim) < pods && ticks < 60 {
        sim.tick();
        ticks += 1;
    }
    let ready = now() - t;
    lines.push(format!(
        "    then {ticks} ticks until all {} pods are ready: {:.0} ms ({:.1} ms per tick)",
        ready_pods(&sim),
        ready,
        ready / ticks.max(1) as f64
    ));
    lines
}

/// (ii): returns the report lines.
pub fn steady_minute(div: usize, now: &dyn Fn() -> f64) -> Vec<String> {
    let (nodes, deps, reps) = (1_000 / div, 100 / div.min(100), 100);
    let pods = deps * reps;
    let mut sim = cluster(nodes, "16", "64Gi");
    let t = now();
    sim.act(workload(deps, reps)).expect("the workload applies");
    let mut ticks = 0;
    while ready_pods(&sim) < pods {
        sim.tick();
        ticks += 1;
        assert!(ticks < 120, "the cluster does not settle");
    }
    sim.advance(5);
    let mut lines =
        vec![format!("(ii) {pods} pods on {nodes} nodes: reached steady state in {} virtual s, {:.0} ms wall", ticks + 5, now() - t)];
    let events = sim.events().len();
    let t = now();
    sim.advance(60);
    let minute = now() - t;
    assert_eq!(ready_pods(&sim), pods);
    assert_eq!(sim.events().len(), events, "steady state records no new event");
    lines.push(format!("    one virtual minute (60 ticks): {:.0} ms, {:.1} ms per tick", minute, minute / 60.0));
    let t = now();
    let copy = sim.clone();
    lines.push(format!("    Sim::clone (taken by every act): {:.1} ms", now() - t));
    drop(copy);
    lines
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
        assert_eq!(super::schedule_burst(100, &now).len(), 2);
        assert_eq!(super::steady_minute(100, &now).len(), 3);
        assert_eq!(super::parse_div(Some("0")), 1);
        assert_eq!(super::parse_div(Some("4")), 4);
    }
}
