//! Wall-clock benchmarks of the engine at cluster scale (figures in docs/benchmarks.md):
//!
//! (i)  schedule and reconcile 10,000 pods on 5,000 nodes: 100 Deployments of 100
//!      replicas (each with a Service) applied at once, then settled at that instant;
//! (ii) one virtual minute (60 ticks) of a 1,000-node, 10,000-pod cluster in steady state,
//!      then the cost of one pass of each controller on that state;
//! (iii) the same at the board benchmark's size: 500 pods on 50 nodes;
//! (iv) that cluster with churn, as the board benchmark plays it: a pod killed every 20 ticks,
//!      600 ticks, each tick timed (the busy ones, right after a kill, are the tail).
//!
//! Run: `cargo bench -p podium-engine` (release profile). `PODIUM_BENCH_DIV=10` divides
//! every size by 10 for a quick look. Only this harness reads the wall clock; the engine
//! never does.

use podium_engine::kube::{controllers, scheduler, Ctx, Kube};
use podium_engine::samples::{many_deployments as workload, uniform_cluster as cluster};
use podium_engine::action::{Action, Resource};
use podium_engine::Sim;
use std::time::{Duration, Instant};

fn div() -> usize {
    std::env::var("PODIUM_BENCH_DIV").ok().and_then(|v| v.parse().ok()).filter(|&d| d > 0).unwrap_or(1)
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn bound_pods(sim: &Sim) -> usize {
    sim.kube().store.pods.values().filter(|p| p.node().is_some()).count()
}

fn ready_pods(sim: &Sim) -> usize {
    sim.kube().store.pods.values().filter(|p| p.is_ready()).count()
}

fn schedule_burst() {
    let d = div();
    let (nodes, deps, reps) = (5_000 / d, 100 / d.min(100), 100);
    let pods = deps * reps;
    let t = Instant::now();
    let mut sim = cluster(nodes, "4", "16Gi");
    let setup = t.elapsed();
    let action = workload(deps, reps);
    let t = Instant::now();
    sim.act(action).expect("the workload applies");
    let burst = t.elapsed();
    let bound = bound_pods(&sim);
    println!(
        "(i) {pods} pods on {nodes} nodes: apply + settle {:.2} s, {:.0} pods/s ({bound} bound; adding the nodes took {:.2} s)",
        secs(burst),
        pods as f64 / secs(burst),
        secs(setup)
    );
    let t = Instant::now();
    let mut ticks = 0;
    while ready_pods(&sim) < pods && ticks < 60 {
        sim.tick();
        ticks += 1;
    }
    println!(
        "    then {ticks} ticks until all {} pods are ready: {:.2} s ({:.1} ms per tick)",
        ready_pods(&sim),
        secs(t.elapsed()),
        secs(t.elapsed()) * 1000.0 / ticks.max(1) as f64
    );
}

/// `label` pods on `nodes` nodes of `cpu`/`memory`: `deps` Deployments of `reps` replicas,
/// brought to Ready, then one virtual minute and its parts.
fn steady_minute(label: &str, nodes: usize, cpu: &str, memory: &str, deps: usize, reps: usize) {
    let pods = deps * reps;
    let mut sim = cluster(nodes, cpu, memory);
    let t = Instant::now();
    sim.act(workload(deps, reps)).expect("the workload applies");
    let mut ticks = 0;
    while ready_pods(&sim) < pods {
        sim.tick();
        ticks += 1;
        assert!(ticks < 120, "the cluster does not settle");
    }
    sim.advance(5);
    println!("{label} {pods} pods on {nodes} nodes: reached steady state in {} virtual s, {:.2} s wall", ticks + 5, secs(t.elapsed()));
    let events = sim.events().len();
    let t = Instant::now();
    sim.advance(60);
    let minute = t.elapsed();
    assert_eq!(ready_pods(&sim), pods);
    assert_eq!(sim.events().len(), events, "steady state records no new event");
    println!("    one virtual minute (60 ticks): {:.3} s, {:.1} ms per tick", secs(minute), secs(minute) * 1000.0 / 60.0);

    // Where a steady tick goes: one pass of each controller, on a copy of the state.
    let mut kube: Kube = sim.kube().clone();
    let mut rng = podium_engine::rng::SimRng::new(1);
    let mut log = sim.events().clone();
    let now = sim.now();
    let mut ctx = Ctx { now, rng: &mut rng, events: &mut log };
    type Pass = fn(&mut Kube, &mut Ctx) -> bool;
    let passes: [(&str, Pass); 7] = [
        ("node_lifecycle", controllers::node_lifecycle::reconcile),
        ("deployment", controllers::deployment::reconcile),
        ("garbage", controllers::garbage::reconcile),
        ("replicaset", controllers::replicaset::reconcile),
        ("scheduler", scheduler::reconcile),
        ("kubelet", controllers::kubelet::reconcile),
        ("endpoints", controllers::endpoints::reconcile),
    ];
    let mut line = String::from("    one pass per controller:");
    for (name, pass) in passes {
        let t = Instant::now();
        let changed = pass(&mut kube, &mut ctx);
        assert!(!changed, "{name} changed a steady state");
        line.push_str(&format!(" {name} {:.2} ms,", secs(t.elapsed()) * 1000.0));
    }
    let t = Instant::now();
    let _ = scheduler::usage(&kube);
    line.push_str(&format!(" (scheduler::usage {:.2} ms)", secs(t.elapsed()) * 1000.0));
    let t = Instant::now();
    let copy = sim.clone();
    line.push_str(&format!("; Sim::clone (taken by act for apply and the other actions that may refuse midway) {:.2} ms", secs(t.elapsed()) * 1000.0));
    drop(copy);
    // What the board's autosave does every 10 s: the JSON, then deflate at level 1 (src/autosave_codec.rs).
    let t = Instant::now();
    let json = sim.save();
    let save = t.elapsed();
    let t = Instant::now();
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 1);
    let deflate = t.elapsed();
    let decisions: usize = sim.kube().scheduler.decisions.iter().map(|d| podium_engine::to_json::to_string(&**d).len() + 1).sum();
    line.push_str(&format!(
        "; Sim::save {:.2} MB ({:.2} MB of it the scheduler's kept decisions) in {:.1} ms, deflated to {:.0} KB in {:.1} ms",
        json.len() as f64 / 1e6,
        decisions as f64 / 1e6,
        secs(save) * 1000.0,
        deflated.len() as f64 / 1e3,
        secs(deflate) * 1000.0
    ));
    // An action that needs no copy now (`Sim::act` copies only for actions that may refuse midway):
    // scaling a Deployment to the count it has, then the settle that follows.
    let name = sim.kube().store.deployments.keys().next().expect("a Deployment").clone();
    let replicas = reps as i64;
    let t = Instant::now();
    sim.act(Action::Scale { resource: Resource::Deployment, namespace: name.namespace, name: name.name, replicas }).expect("scales");
    line.push_str(&format!("; Sim::act(Scale, unchanged) {:.2} ms", secs(t.elapsed()) * 1000.0));
    // The board's "until nothing changes" on a steady state: 30 s played, then the rest of the
    // 600 s cap played on a copy that sees nothing (at the board's size only: 570 ticks of (ii)
    // would take half a minute).
    if pods <= 1_000 {
        let t = Instant::now();
        let report = sim.run_until_quiet(600);
        line.push_str(&format!("; run_until_quiet(600) {report:?} in {:.0} ms", secs(t.elapsed()) * 1000.0));
    }
    println!("{line}");
}

/// (iv): the ticks after a kill settle in several passes (the kubelet stops the pod, the
/// ReplicaSet and Deployment statuses follow, the replacement starts); the board's frame budget is
/// set by them, not by the steady tick.
fn churn(nodes: usize, deps: usize, reps: usize) {
    let mut sim = cluster(nodes, "4", "16Gi");
    sim.act(workload(deps, reps)).expect("the workload applies");
    sim.advance(60);
    assert_eq!(ready_pods(&sim), deps * reps, "the cluster is steady before the churn");
    let (mut ticks, mut kills) = (Vec::new(), Vec::new());
    for t in 0..600usize {
        if t % 20 == 10 {
            let key = sim.kube().store.pods.keys().nth((t * 7) % (deps * reps)).expect("a pod").clone();
            let start = Instant::now();
            sim.act(Action::KillPod { namespace: key.namespace, name: key.name }).expect("the pod is killed");
            kills.push(secs(start.elapsed()) * 1000.0);
        }
        let start = Instant::now();
        sim.tick();
        ticks.push(secs(start.elapsed()) * 1000.0);
    }
    let sorted = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).expect("a time"));
        v
    };
    let (ticks, kills) = (sorted(ticks), sorted(kills));
    let at = |v: &[f64], p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    println!(
        "(iv) {} pods on {nodes} nodes, a pod killed every 20 ticks: tick p50 {:.2} ms, p90 {:.2}, p95 {:.2}, max {:.2}; \
         a kill (act and its settle) p50 {:.2} ms, max {:.2}",
        deps * reps,
        at(&ticks, 0.5),
        at(&ticks, 0.9),
        at(&ticks, 0.95),
        ticks[ticks.len() - 1],
        at(&kills, 0.5),
        kills[kills.len() - 1]
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: then only a smoke run.
    let bench = std::env::args().any(|a| a == "--bench");
    if !bench {
        return;
    }
    schedule_burst();
    let d = div();
    steady_minute("(ii)", 1_000 / d, "16", "64Gi", 100 / d.min(100), 100);
    // The board benchmark's cluster (crates/bench-web/tests/board.rs): 50 nodes, 500 pods.
    steady_minute("(iii)", 50, "4", "16Gi", 50, 10);
    churn(50, 50, 10);
}
