//! One learner's kill at 50 nodes and 500 pods, as the page runs it (`Sim::act` with
//! `Action::KillPod`, then the settle at the same instant), to count its instructions alone:
//!
//!     cargo build --release -p podium-engine --example kill
//!     valgrind --tool=callgrind --collect-atstart=no --toggle-collect='kill::kill' target/release/examples/kill
//!
//! 30 kills, one every 20 ticks of the churn (`churn.rs`); `callgrind_annotate` shows what each
//! part of the kill costs (divide by 30). Prints the state hash, so two builds can be checked to
//! end in the same state.

use podium_engine::action::Action;
use podium_engine::samples::{many_deployments as workload, uniform_cluster as cluster};
use podium_engine::Sim;

#[inline(never)]
fn kill(sim: &mut Sim, namespace: String, name: String) {
    sim.act(Action::KillPod { namespace, name }).expect("the pod is killed");
}

fn main() {
    let mut sim = cluster(50, "4", "16Gi");
    sim.act(workload(50, 10)).expect("the workload applies");
    sim.advance(60);
    for t in 0..600 {
        if t % 20 == 10 {
            let key = sim.kube().store.pods.keys().nth((t * 7) % 500).expect("a pod").clone();
            kill(&mut sim, key.namespace, key.name);
        }
        sim.tick();
    }
    println!("{:016x}", sim.state_hash());
}
