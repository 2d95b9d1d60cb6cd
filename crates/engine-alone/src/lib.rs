//! The engine as the page drives it, with no board, kubectl, console or YAML editor around it:
//! `cargo xtask size` compiles this to wasm exactly as Trunk compiles the page (release profile,
//! wasm-bindgen, `wasm-opt -Oz`) and weighs it, so that the page's weight splits into the engine's
//! share and the rest. Everything the page needs from the engine to start and run is reached
//! here: a saved state restored, manifests read and applied, the controllers ticked, actions,
//! a state saved and hashed. What is never called is left out by the linker, so the figure is the
//! engine's least weight in the page, not an estimate.

use podium_engine::kube::manifest::decode;
use podium_engine::{Action, NodeConfig, Sim};
use wasm_bindgen::prelude::*;

/// Restores `saved` (or starts one node of `node`'s name when it is not a saved state), applies
/// `manifests`, runs `ticks` ticks, kills the pod `pod`, drains and kills the node, and answers
/// the state's hash and saved length, or the first error in words.
#[wasm_bindgen]
pub fn run(saved: &str, manifests: &str, pod: &str, node: &str, ticks: u32) -> String {
    let mut sim = match Sim::restore(saved) {
        Ok(sim) => sim,
        Err(_) => match NodeConfig::new(node, "2", "4Gi").map(|cfg| Sim::with_nodes(1, &[cfg])) {
            Ok(Ok(sim)) => sim,
            Ok(Err(e)) => return e.to_string(),
            Err(e) => return e,
        },
    };
    let objects = match decode(manifests) {
        Ok(docs) => docs.into_iter().map(|d| d.object).collect(),
        Err(e) => return e.to_string(),
    };
    if let Err(e) = sim.act(Action::Apply { objects, namespace: "default".into() }) {
        return e.to_string();
    }
    for _ in 0..ticks {
        sim.tick();
    }
    let namespace = String::from("default");
    let actions = [
        Action::KillPod { namespace, name: pod.into() },
        Action::Drain { node: node.into(), force: true, ignore_daemonsets: true },
        Action::KillNode { name: node.into() },
    ];
    for action in actions {
        if let Err(e) = sim.act(action) {
            return e.to_string();
        }
    }
    format!("{:016x} {}", sim.state_hash(), sim.save().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        resources:\n          requests: {cpu: 100m, memory: 64Mi}\n";

    #[test]
    fn runs_the_engine_end_to_end_and_answers_a_hash_and_a_saved_length() {
        let pod = {
            let mut sim = Sim::with_nodes(1, &[NodeConfig::new("n1", "2", "4Gi").unwrap()]).unwrap();
            let objects = decode(DEPLOYMENT).unwrap().into_iter().map(|d| d.object).collect();
            sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
            sim.tick();
            let name = sim.kube().store.pods.values().next().unwrap().metadata.name.clone();
            name
        };
        let answer = run("not a saved state", DEPLOYMENT, &pod, "n1", 1);
        let (hash, len) = answer.split_once(' ').unwrap_or_else(|| panic!("an error: {answer}"));
        assert_eq!(hash.len(), 16, "{answer}");
        assert!(len.parse::<usize>().unwrap() > 1000, "{answer}");
        // The same inputs give the same state.
        assert_eq!(run("not a saved state", DEPLOYMENT, &pod, "n1", 1), answer);
    }

    #[test]
    fn a_bad_manifest_is_answered_in_words() {
        let answer = run("", "kind: [", "p", "n1", 0);
        assert!(answer.contains("line 2, column 1"), "{answer}");
    }
}
