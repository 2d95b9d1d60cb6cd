//! The built-in starting cluster: three equal nodes and the manifests in
//! `starter.yaml`, applied through the engine like any `kubectl apply`.

use podium_engine::kube::manifest::decode;
use podium_engine::{Action, NodeConfig, Sim};

/// The seed every fresh board runs with.
pub const SEED: u64 = 1;
/// Where the starter objects live.
pub const NAMESPACE: &str = "default";
/// The manifests the board starts with (see the comments in the file).
pub const MANIFESTS: &str = include_str!("starter.yaml");
/// The machines: name, cpu, memory.
pub const NODES: [(&str, &str, &str); 3] = [("node-a", "2", "4Gi"), ("node-b", "2", "4Gi"), ("node-c", "2", "4Gi")];

/// A fresh simulation at t = 0 with the starter objects applied.
pub fn sim() -> Sim {
    let nodes: Vec<NodeConfig> =
        NODES.iter().map(|(n, c, m)| NodeConfig::new(n, c, m).expect("starter node config")).collect();
    let mut sim = Sim::with_nodes(SEED, &nodes).expect("starter nodes");
    let objects = decode(MANIFESTS).expect("starter manifests decode").into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: NAMESPACE.into() }).expect("starter manifests apply");
    sim
}

#[cfg(test)]
mod tests {
    use super::*;
    use podium_engine::kube::scheduler::check_fit;

    #[test]
    fn starts_with_pending_pods_that_fit_somewhere_and_not_everywhere() {
        let sim = sim();
        let kube = sim.kube();
        let pending: Vec<_> = kube.store.pods.values().filter(|p| p.node().is_none()).collect();
        let batch: Vec<_> = pending.iter().filter(|p| p.metadata.name.starts_with("batch-")).collect();
        assert_eq!(batch.len(), 2);
        let fits: Vec<&str> = kube
            .store
            .nodes
            .values()
            .filter(|n| check_fit(kube, batch[0], n).is_ok())
            .map(|n| n.name())
            .collect();
        let refuses: Vec<(String, Vec<String>)> = kube
            .store
            .nodes
            .values()
            .filter_map(|n| check_fit(kube, batch[0], n).err().map(|r| (n.name().to_string(), r)))
            .collect();
        assert_eq!(fits.len(), 2, "{fits:?}");
        assert_eq!(refuses.len(), 1, "{refuses:?}");
        assert_eq!(refuses[0].1, vec!["Insufficient cpu".to_string()]);
        let report = pending.iter().find(|p| p.metadata.name.starts_with("report-")).expect("report pod pending");
        let msg = report.condition("PodScheduled").and_then(|c| c.message.clone()).unwrap_or_default();
        assert_eq!(msg, "0/3 nodes are available: 3 Insufficient cpu.");
    }
}
