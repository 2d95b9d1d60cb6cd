//! The engine benchmark's churn (`benches/cluster.rs`, (iv)) as a program to count instructions
//! with, which a loaded machine does not blur as it does wall-clock times:
//!
//!     cargo build --release -p podium-engine --example churn
//!     valgrind --tool=cachegrind --cache-sim=no target/release/examples/churn          # steady
//!     valgrind --tool=cachegrind --cache-sim=no target/release/examples/churn kill     # with kills
//!
//! 50 nodes, 500 pods, 600 ticks; with an argument, a pod is killed every 20 ticks. The
//! difference of the two counts is the work the 30 kills cause. Prints the state hash, so two
//! builds can be checked to end in the same state.

use podium_engine::action::Action;
use podium_engine::samples::{many_deployments as workload, uniform_cluster as cluster};

fn main() {
    let kills = std::env::args().nth(1).is_some();
    let mut sim = cluster(50, "4", "16Gi");
    sim.act(workload(50, 10)).expect("the workload applies");
    sim.advance(60);
    for t in 0..600 {
        if kills && t % 20 == 10 {
            let key = sim.kube().store.pods.keys().nth((t * 7) % 500).expect("a pod").clone();
            sim.act(Action::KillPod { namespace: key.namespace, name: key.name }).expect("the pod is killed");
        }
        sim.tick();
    }
    println!("{:016x}", sim.state_hash());
}
