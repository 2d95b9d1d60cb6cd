//! The built-in clusters a learner (or an instructor's link, `?scenario=NAME`) starts
//! from: the three-node starter (`starter.rs`), a cluster with a node group to
//! autoscale, and a tainted GPU node. Each is machines plus manifests applied through
//! the engine like any `kubectl apply`, so Reset rebuilds exactly the same start.

use crate::starter;
use podium_engine::kube::manifest::decode;
use podium_engine::kube::node::Taint;
use podium_engine::{Action, NodeConfig, NodeGroup, Sim};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Builtin {
    #[default]
    Starter,
    Autoscale,
    Gpu,
}

/// Manifests of the autoscaling cluster (see the comments in the file).
pub const AUTOSCALE_MANIFESTS: &str = include_str!("autoscale.yaml");
/// Manifests of the GPU cluster (see the comments in the file).
pub const GPU_MANIFESTS: &str = include_str!("gpu.yaml");
/// The GPU node's taint, as `kubectl taint` writes it.
pub const GPU_TAINT: (&str, &str, &str) = ("nvidia.com/gpu", "present", "NoSchedule");

impl Builtin {
    pub const ALL: [Builtin; 3] = [Builtin::Starter, Builtin::Autoscale, Builtin::Gpu];

    /// The name in `?scenario=` and in the saved choice.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Starter => "starter",
            Builtin::Autoscale => "autoscale",
            Builtin::Gpu => "gpu",
        }
    }

    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.name() == name.trim())
    }

    /// The cluster at t = 0.
    pub fn sim(self) -> Sim {
        match self {
            Builtin::Starter => starter::sim(),
            Builtin::Autoscale => {
                let mut sim = Sim::with_nodes(starter::SEED, &[node("node-a", "2", "4Gi")]).expect("autoscale nodes");
                let group = NodeGroup::new("pool", 0, 4, node("pool", "1", "2Gi"));
                sim.add_node_group(&group).expect("autoscale node group");
                apply(&mut sim, AUTOSCALE_MANIFESTS);
                sim
            }
            Builtin::Gpu => {
                let mut gpu = node("gpu-1", "8", "32Gi");
                gpu.labels.insert("gpu".into(), "true".into());
                let (key, value, effect) = GPU_TAINT;
                gpu.taints.push(Taint { key: key.into(), value: value.into(), effect: effect.into(), time_added: None });
                let mut sim = Sim::with_nodes(starter::SEED, &[node("node-a", "4", "8Gi"), gpu]).expect("gpu nodes");
                apply(&mut sim, GPU_MANIFESTS);
                sim
            }
        }
    }
}

fn node(name: &str, cpu: &str, memory: &str) -> NodeConfig {
    NodeConfig::new(name, cpu, memory).expect("built-in node config")
}

fn apply(sim: &mut Sim, manifests: &str) {
    let objects = decode(manifests).expect("built-in manifests decode").into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: starter::NAMESPACE.into() }).expect("built-in manifests apply");
}

#[cfg(test)]
mod tests {
    use super::*;
    use podium_engine::kube::selector::Selector;
    use podium_engine::kube::Key;
    use podium_engine::Quantity;

    #[test]
    fn names_round_trip() {
        for b in Builtin::ALL {
            assert_eq!(Builtin::from_name(b.name()), Some(b));
        }
        assert_eq!(Builtin::from_name("nope"), None);
    }

    #[test]
    fn the_gpu_cluster_keeps_the_pod_without_toleration_pending_with_the_taint_message() {
        let mut sim = Builtin::Gpu.sim();
        sim.advance(5);
        let kube = sim.kube();
        let train = &kube.store.pods[&Key::new("default", "train")];
        assert_eq!(train.node(), Some("gpu-1"));
        let notebook = &kube.store.pods[&Key::new("default", "notebook")];
        assert_eq!(notebook.node(), None);
        let msg = notebook.condition("PodScheduled").and_then(|c| c.message.clone()).unwrap_or_default();
        assert_eq!(
            msg,
            "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {nvidia.com/gpu: present}."
        );
        assert!(kube.store.pods.values().filter(|p| p.metadata.name.starts_with("web-")).all(|p| p.node() == Some("node-a")));
    }

    #[test]
    fn load_on_the_autoscaling_cluster_scales_pods_then_nodes() {
        let mut sim = Builtin::Autoscale.sim();
        assert_eq!(sim.kube().store.nodes.len(), 1);
        let selector = Selector::parse("app=shop").unwrap();
        let cpu = Some(Quantity::parse("400m").unwrap());
        sim.act(Action::SetLoad { namespace: "default".into(), selector, cpu, memory: None }).unwrap();
        sim.advance(300);
        let shop = sim.kube().store.pods.values().filter(|p| p.metadata.name.starts_with("shop-")).count();
        assert!(shop > 2, "{shop} shop pods");
        assert!(sim.kube().store.nodes.len() > 1, "{:?}", sim.kube().store.nodes.keys().collect::<Vec<_>>());
    }
}
