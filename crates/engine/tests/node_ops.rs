//! Cordon, uncordon, taint and drain through the engine's actions, with concrete numbers.

use podium_engine::kube::manifest::decode;
use podium_engine::kube::node::Taint;
use podium_engine::kube::node_ops::drain_plan;
use podium_engine::{Action, NodeConfig, Sim, SimTime};

use podium_engine::samples::WEB_DEPLOYMENT as WEB;

const LONE: &str = "apiVersion: v1
kind: Pod
metadata:
  name: lone
spec:
  nodeSelector: {kubernetes.io/hostname: node-1}
  containers:
  - name: lone
    image: busybox
";

fn running(extra: &str) -> Sim {
    let nodes: Vec<NodeConfig> = (1..=3).map(|i| NodeConfig::new(&format!("node-{i}"), "2", "4Gi").unwrap()).collect();
    let mut sim = Sim::with_nodes(1, &nodes).unwrap();
    let objects = decode(&format!("{WEB}{extra}")).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
    sim.advance(30);
    sim
}

/// Active pods by node: (node, pod name).
fn placement(sim: &Sim) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> =
        sim.kube().store.pods.values().filter(|p| p.is_active()).map(|p| (p.node().unwrap_or("").to_string(), p.metadata.name.clone())).collect();
    v.sort();
    v
}

fn nodes_of(sim: &Sim) -> Vec<String> {
    placement(sim).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn cordon_keeps_new_pods_off_and_uncordon_lets_them_back() {
    let mut sim = running("");
    assert_eq!(nodes_of(&sim), ["node-1", "node-2", "node-3"]);
    let out = sim.act(Action::Cordon { node: "node-1".into(), on: true }).unwrap();
    assert_eq!(out.changes[0].kubectl_line(), "node/node-1 cordoned");
    let n = &sim.kube().store.nodes["node-1"];
    assert!(n.spec.unschedulable);
    assert_eq!(n.spec.taints.iter().map(|t| format!("{}:{}", t.key, t.effect)).collect::<Vec<_>>(), ["node.kubernetes.io/unschedulable:NoSchedule"]);
    assert_eq!(n.display_status(), "Ready,SchedulingDisabled");
    // Cordoning again changes nothing; its pod stays.
    assert_eq!(sim.act(Action::Cordon { node: "node-1".into(), on: true }).unwrap().changes[0].verb, podium_engine::Verb::Unchanged);
    sim.act(Action::Scale { resource: podium_engine::Resource::Deployment, namespace: "default".into(), name: "web".into(), replicas: 6 }).unwrap();
    sim.advance(10);
    let nodes = nodes_of(&sim);
    assert_eq!(nodes.iter().filter(|n| *n == "node-1").count(), 1);
    assert_eq!(nodes.len(), 6);
    let out = sim.act(Action::Cordon { node: "node-1".into(), on: false }).unwrap();
    assert_eq!(out.changes[0].kubectl_line(), "node/node-1 uncordoned");
    assert!(sim.kube().store.nodes["node-1"].spec.taints.is_empty());
    assert!(sim.act(Action::Cordon { node: "node-9".into(), on: true }).is_err());
}

#[test]
fn drain_evicts_and_the_pods_come_back_elsewhere() {
    let mut sim = running("");
    let on_1: Vec<String> = placement(&sim).into_iter().filter(|(n, _)| n == "node-1").map(|(_, p)| p).collect();
    assert_eq!(on_1.len(), 1);
    let out = sim.act(Action::Drain { node: "node-1".into(), force: false, ignore_daemonsets: false }).unwrap();
    let lines: Vec<String> = out.changes.iter().map(|c| c.kubectl_line()).collect();
    assert_eq!(lines, [format!("pod/{} evicted", on_1[0]), "node/node-1 drained".to_string()]);
    assert!(sim.kube().store.nodes["node-1"].spec.unschedulable);
    sim.advance(30);
    let nodes = nodes_of(&sim);
    assert_eq!(nodes.len(), 3);
    assert!(!nodes.contains(&"node-1".to_string()), "{nodes:?}");
    assert_eq!(sim.kube().store.deployments.values().next().unwrap().status.available_replicas, 3);
    // Draining an empty node: just cordoned, nothing evicted.
    let out = sim.act(Action::Drain { node: "node-1".into(), force: false, ignore_daemonsets: false }).unwrap();
    assert_eq!(out.changes.len(), 1);
}

#[test]
fn drain_refuses_pods_without_a_controller_unless_forced() {
    let mut sim = running(&format!("---\n{LONE}"));
    assert!(placement(&sim).contains(&("node-1".into(), "lone".into())));
    let plan = drain_plan(sim.kube(), "node-1", false, false);
    assert_eq!(plan.error.as_deref(), Some("cannot delete Pods that declare no controller (use --force to override): default/lone"));
    let hash = sim.state_hash();
    let e = sim.act(Action::Drain { node: "node-1".into(), force: false, ignore_daemonsets: false }).unwrap_err();
    assert_eq!(
        e.to_string(),
        "unable to drain node \"node-1\" due to error: cannot delete Pods that declare no controller (use --force to override): default/lone"
    );
    assert_eq!(sim.state_hash(), hash);
    let plan = drain_plan(sim.kube(), "node-1", true, false);
    assert_eq!(plan.warning.as_deref(), Some("deleting Pods that declare no controller: default/lone"));
    let out = sim.act(Action::Drain { node: "node-1".into(), force: true, ignore_daemonsets: false }).unwrap();
    assert_eq!(out.changes.len(), plan.evict.len() + 1);
    sim.advance(30);
    // The lone pod is gone for good; nothing runs on node-1.
    assert!(!sim.kube().store.pods.keys().any(|k| k.name == "lone"));
    assert!(!nodes_of(&sim).contains(&"node-1".to_string()));
}

#[test]
fn no_execute_taint_evicts_at_once_and_no_schedule_does_not() {
    let mut sim = running("");
    let taint = |effect: &str| Taint { key: "dedicated".into(), value: "gpu".into(), effect: effect.into(), time_added: None };
    let out = sim.act(Action::Taint { node: "node-2".into(), taint: taint("NoSchedule"), overwrite: false }).unwrap();
    assert_eq!(out.changes[0].kubectl_line(), "node/node-2 tainted");
    assert!(nodes_of(&sim).contains(&"node-2".to_string()));
    let hash = sim.state_hash();
    let e = sim.act(Action::Taint { node: "node-2".into(), taint: taint("NoSchedule"), overwrite: false }).unwrap_err();
    assert_eq!(e.to_string(), "node node-2 already has dedicated taint(s) with same effect(s) and --overwrite is false");
    let e = sim.act(Action::Taint { node: "node-2".into(), taint: taint("Sometimes"), overwrite: false }).unwrap_err();
    assert_eq!(e.to_string(), "invalid taint effect: Sometimes, unsupported taint effect");
    let e = sim.act(Action::Untaint { node: "node-2".into(), key: "dedicated".into(), effect: Some("NoExecute".into()) }).unwrap_err();
    assert_eq!(e.to_string(), "taint \"dedicated:NoExecute\" not found");
    assert_eq!(sim.state_hash(), hash);
    sim.act(Action::Taint { node: "node-3".into(), taint: taint("NoExecute"), overwrite: false }).unwrap();
    let t = &sim.kube().store.nodes["node-3"].spec.taints[0];
    assert_eq!(t.time_added, Some(SimTime(30)));
    assert!(sim.events().all().iter().any(|e| e.reason == "TaintManagerEviction"));
    sim.advance(30);
    // node-3's pod was evicted; node-2 keeps its pod (NoSchedule does not evict) but refuses
    // the replacement, which lands on node-1.
    assert_eq!(nodes_of(&sim), ["node-1", "node-1", "node-2"]);
    let out = sim.act(Action::Untaint { node: "node-2".into(), key: "dedicated".into(), effect: None }).unwrap();
    assert_eq!(out.changes[0].kubectl_line(), "node/node-2 untainted");
    assert!(sim.kube().store.nodes["node-2"].spec.taints.is_empty());
}
