//! DaemonSets through the engine's actions: one pod per eligible node, nodes joining
//! and leaving, taints and selectors, drains, rolling updates and cascading deletion.

use podium_engine::kube::manifest::decode;
use podium_engine::kube::node::Taint;
use podium_engine::kube::node_ops::drain_plan;
use podium_engine::{Action, ApiError, NodeConfig, Resource, Sim};

const AGENT: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: fluentd:1.17
";

fn node(name: &str) -> NodeConfig {
    NodeConfig::new(name, "2", "4Gi").unwrap()
}

fn apply(sim: &mut Sim, yaml: &str) -> Result<podium_engine::Outcome, ApiError> {
    let objects = decode(yaml).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() })
}

fn cluster(n: usize) -> Sim {
    let nodes: Vec<NodeConfig> = (1..=n).map(|i| node(&format!("node-{i}"))).collect();
    Sim::with_nodes(7, &nodes).unwrap()
}

/// Active agent pods' nodes, sorted.
fn agent_nodes(sim: &Sim) -> Vec<String> {
    let mut v: Vec<String> = sim
        .kube()
        .store
        .pods
        .values()
        .filter(|p| p.is_active() && p.metadata.labels.get("app").map(String::as_str) == Some("agent"))
        .map(|p| p.node().unwrap_or("").to_string())
        .collect();
    v.sort();
    v
}

fn status(sim: &Sim) -> (i64, i64, i64, i64, i64) {
    let s = &sim.kube().store.daemon_sets.values().next().unwrap().status;
    (s.desired_number_scheduled, s.current_number_scheduled, s.number_ready, s.updated_number_scheduled, s.number_available)
}

#[test]
fn one_pod_per_node_bound_directly_with_daemon_tolerations() {
    let mut sim = cluster(3);
    let out = apply(&mut sim, AGENT).unwrap();
    assert_eq!(out.changes[0].kubectl_line(), "daemonset.apps/agent created");
    assert_eq!(agent_nodes(&sim), ["node-1", "node-2", "node-3"]);
    assert_eq!(status(&sim), (3, 3, 0, 3, 0));
    let pod = sim.kube().store.pods.values().next().unwrap();
    assert!(pod.metadata.name.starts_with("agent-"));
    assert_eq!(pod.metadata.controller().unwrap().kind, "DaemonSet");
    assert_eq!(pod.metadata.labels["pod-template-generation"], "1");
    let tol: Vec<String> = pod
        .spec
        .tolerations
        .iter()
        .map(|t| format!("{}:{}:{}", t.key, t.effect, t.toleration_seconds.map_or("-".into(), |s| s.to_string())))
        .collect();
    assert_eq!(
        tol,
        [
            "node.kubernetes.io/not-ready:NoExecute:-",
            "node.kubernetes.io/unreachable:NoExecute:-",
            "node.kubernetes.io/disk-pressure:NoSchedule:-",
            "node.kubernetes.io/memory-pressure:NoSchedule:-",
            "node.kubernetes.io/pid-pressure:NoSchedule:-",
            "node.kubernetes.io/unschedulable:NoSchedule:-",
        ]
    );
    let created: Vec<&str> = sim.events().all().iter().filter(|e| e.reason == "SuccessfulCreate").map(|e| e.message.as_str()).collect();
    assert_eq!(created.len(), 3);
    assert!(created[0].starts_with("Created pod: agent-"));
    assert!(sim.events().all().iter().all(|e| e.reason != "Scheduled"), "the scheduler does not bind daemon pods here");
    sim.advance(10);
    assert_eq!(status(&sim), (3, 3, 3, 3, 3));
}

#[test]
fn nodes_joining_and_leaving_gain_and_lose_their_pod() {
    let mut sim = cluster(2);
    apply(&mut sim, AGENT).unwrap();
    sim.add_node(&node("node-3")).unwrap();
    assert_eq!(agent_nodes(&sim), ["node-1", "node-2", "node-3"]);
    sim.act(Action::Delete { resource: Resource::Node, namespace: String::new(), name: "node-2".into() }).unwrap();
    assert_eq!(agent_nodes(&sim), ["node-1", "node-3"]);
    sim.advance(10);
    assert_eq!(status(&sim), (2, 2, 2, 2, 2));
}

#[test]
fn node_selector_and_untolerated_taints_choose_the_nodes() {
    let mut sim = cluster(3);
    sim.act(Action::Taint {
        node: "node-3".into(),
        taint: Taint { key: "dedicated".into(), value: "gpu".into(), effect: "NoSchedule".into(), time_added: None },
        overwrite: false,
    })
    .unwrap();
    apply(&mut sim, AGENT).unwrap();
    assert_eq!(agent_nodes(&sim), ["node-1", "node-2"]);
    assert_eq!(status(&sim).0, 2);
    // A NoSchedule taint added later leaves the running pod; NoExecute removes it.
    sim.act(Action::Taint {
        node: "node-2".into(),
        taint: Taint { key: "maint".into(), value: String::new(), effect: "NoSchedule".into(), time_added: None },
        overwrite: false,
    })
    .unwrap();
    assert_eq!(agent_nodes(&sim), ["node-1", "node-2"]);
    sim.act(Action::Taint {
        node: "node-2".into(),
        taint: Taint { key: "maint".into(), value: String::new(), effect: "NoExecute".into(), time_added: None },
        overwrite: false,
    })
    .unwrap();
    assert_eq!(agent_nodes(&sim), ["node-1"]);
    // A nodeSelector narrows it to labelled nodes.
    let selected = AGENT.replace("    spec:\n      containers:", "    spec:\n      nodeSelector: {kubernetes.io/hostname: node-3}\n      tolerations: [{key: dedicated, operator: Exists}]\n      containers:");
    apply(&mut sim, &selected).unwrap();
    sim.advance(5);
    assert_eq!(agent_nodes(&sim), ["node-3"]);
    assert_eq!(status(&sim).0, 1);
}

#[test]
fn killed_node_keeps_its_daemon_pod() {
    let mut sim = cluster(2);
    apply(&mut sim, AGENT).unwrap();
    sim.advance(10);
    sim.act(Action::KillNode { name: "node-1".into() }).unwrap();
    // Past grace (50 s) and the 300 s toleration other pods get: the daemon pod stays.
    sim.advance(400);
    assert_eq!(agent_nodes(&sim), ["node-1", "node-2"]);
    // The unreachable:NoSchedule taint is not tolerated: as upstream, the node no longer
    // counts as desired, and its (kept) pod counts as misscheduled.
    assert_eq!(status(&sim).0, 1);
    assert_eq!(sim.kube().store.daemon_sets.values().next().unwrap().status.number_misscheduled, 1);
}

#[test]
fn drain_needs_ignore_daemonsets_and_leaves_daemon_pods() {
    let mut sim = cluster(2);
    apply(&mut sim, AGENT).unwrap();
    sim.advance(10);
    let pod = sim.kube().store.pods_on("node-1").next().unwrap().metadata.name.clone();
    let plan = drain_plan(sim.kube(), "node-1", false, false);
    assert_eq!(plan.error.as_deref(), Some(format!("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/{pod}").as_str()));
    let e = sim.act(Action::Drain { node: "node-1".into(), force: false, ignore_daemonsets: false }).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("unable to drain node \"node-1\" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/{pod}")
    );
    assert!(!sim.kube().store.nodes["node-1"].spec.unschedulable, "a refused drain changes nothing");
    let plan = drain_plan(sim.kube(), "node-1", false, true);
    assert_eq!(plan.warning.as_deref(), Some(format!("ignoring DaemonSet-managed Pods: default/{pod}").as_str()));
    assert!(plan.evict.is_empty());
    sim.act(Action::Drain { node: "node-1".into(), force: false, ignore_daemonsets: true }).unwrap();
    sim.advance(10);
    assert!(sim.kube().store.nodes["node-1"].spec.unschedulable);
    assert_eq!(agent_nodes(&sim), ["node-1", "node-2"], "the daemon pod tolerates unschedulable and stays");
}

#[test]
fn template_change_rolls_one_node_at_a_time() {
    let mut sim = cluster(3);
    apply(&mut sim, AGENT).unwrap();
    sim.advance(10);
    let out = apply(&mut sim, &AGENT.replace("fluentd:1.17", "fluentd:1.18")).unwrap();
    assert_eq!(out.changes[0].verb, podium_engine::Verb::Configured);
    // maxUnavailable 1: at most one node without an available pod at a time.
    let mut max_down = 0;
    for _ in 0..60 {
        let (desired, _, _, _, available) = status(&sim);
        max_down = max_down.max(desired - available);
        sim.tick();
    }
    assert_eq!(max_down, 1);
    assert_eq!(status(&sim), (3, 3, 3, 3, 3));
    let images: Vec<&str> =
        sim.kube().store.pods.values().filter(|p| p.is_active()).map(|p| p.spec.containers[0].image.as_str()).collect();
    assert_eq!(images, ["fluentd:1.18"; 3]);
}

#[test]
fn deleting_the_daemonset_deletes_its_pods() {
    let mut sim = cluster(2);
    apply(&mut sim, AGENT).unwrap();
    sim.advance(10);
    sim.act(Action::Delete { resource: Resource::DaemonSet, namespace: "default".into(), name: "agent".into() }).unwrap();
    sim.advance(5);
    assert!(sim.kube().store.pods.is_empty());
}

#[test]
fn validation_uses_the_api_servers_words() {
    let mut sim = cluster(1);
    let e = apply(&mut sim, &AGENT.replace("      containers:", "      restartPolicy: Never\n      containers:")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The DaemonSet \"agent\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
    );
    apply(&mut sim, AGENT).unwrap();
    let e = apply(&mut sim, &AGENT.replace("{app: agent}\n  template", "{app: agent, tier: x}\n  template")).unwrap_err();
    assert!(e.to_string().contains("field is immutable") || e.to_string().contains("does not match"), "{e}");
    assert_eq!(Resource::parse("ds"), Some(Resource::DaemonSet));
}

#[test]
fn daemon_pods_do_not_hold_nodes_the_cluster_autoscaler_removes() {
    let mut sim = Sim::new(1);
    sim.add_node_group(&podium_engine::NodeGroup::new("ng", 1, 5, NodeConfig::new("unused", "2", "4Gi").unwrap())).unwrap();
    apply(&mut sim, &AGENT.replace("image: fluentd:1.17", "image: fluentd:1.17\n        resources: {requests: {cpu: 50m, memory: 64Mi}}")).unwrap();
    let web = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx:1.27, resources: {requests: {cpu: 1100m, memory: 256Mi}}}]\n";
    apply(&mut sim, web).unwrap();
    sim.advance(100);
    assert_eq!(sim.kube().store.nodes.len(), 3);
    // Nodes the autoscaler adds get their daemon pod as they join.
    assert_eq!(agent_nodes(&sim).len(), 3);
    sim.advance(100);
    sim.act(Action::Scale { resource: Resource::Deployment, namespace: "default".into(), name: "web".into(), replicas: 1 }).unwrap();
    sim.advance(610);
    // Both unneeded nodes are marked together 600 s later (t = 810): their daemon pods
    // count as neither pods to move nor pods that make a node non-empty.
    let marked: Vec<&str> = sim.events().all().iter().filter(|e| e.reason == "ScaleDown" && e.object.kind == "Node").map(|e| e.object.name.as_str()).collect();
    assert_eq!(marked.len(), 2, "{marked:?}");
    // Their daemon pods stop (2 s), then the nodes go.
    sim.advance(10);
    assert_eq!(sim.kube().store.nodes.len(), 1);
    assert_eq!(agent_nodes(&sim).len(), 1);
    assert_eq!(status(&sim).0, 1);
}
