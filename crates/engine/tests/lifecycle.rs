//! Whole-engine behaviour through the public API, with concrete numbers.

use podium_engine::kube::manifest::decode;
use podium_engine::kube::Key;
use podium_engine::{Action, ApiError, NodeConfig, Resource, Sim};

use podium_engine::samples::WEB_APP as WEB;

fn cluster(n: usize, cpu: &str) -> Sim {
    let nodes: Vec<NodeConfig> = (1..=n).map(|i| NodeConfig::new(&format!("node-{i}"), cpu, "4Gi").unwrap()).collect();
    Sim::with_nodes(1, &nodes).unwrap()
}

fn apply(sim: &mut Sim, yaml: &str) -> Result<podium_engine::Outcome, ApiError> {
    let objects = decode(yaml).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() })
}

fn web_pods(sim: &Sim) -> Vec<&podium_engine::kube::pod::Pod> {
    sim.kube().store.pods.values().filter(|p| p.metadata.labels.get("app").map(String::as_str) == Some("web")).collect()
}

#[test]
fn deployment_reaches_three_ready_pods_and_endpoints() {
    let mut sim = cluster(3, "2");
    let out = apply(&mut sim, WEB).unwrap();
    assert_eq!(out.changes.iter().map(|c| c.kubectl_line()).collect::<Vec<_>>(), ["deployment.apps/web created", "service/web created"]);
    // Same instant: ReplicaSet and 3 pods exist, all scheduled, none running yet.
    let pods = web_pods(&sim);
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| p.node().is_some() && p.display_status() == "ContainerCreating"));
    let rs = sim.kube().store.replica_sets.values().next().unwrap().clone();
    assert!(rs.metadata.name.starts_with("web-"));
    assert_eq!(rs.metadata.name.len(), "web-".len() + 10);
    assert!(pods[0].metadata.name.starts_with(&format!("{}-", rs.metadata.name)));
    // LeastAllocated spreads the three pods over the three empty nodes.
    let mut nodes: Vec<&str> = pods.iter().map(|p| p.node().unwrap()).collect();
    nodes.sort();
    assert_eq!(nodes, ["node-1", "node-2", "node-3"]);
    sim.advance(6);
    let d = &sim.kube().store.deployments[&Key::new("default", "web")];
    assert_eq!((d.status.replicas, d.status.ready_replicas, d.status.available_replicas), (3, 3, 3));
    let ep = &sim.kube().store.endpoints[&Key::new("default", "web")];
    assert_eq!(ep.ready_addresses().len(), 3);
    let reasons: Vec<&str> = sim.events().all().iter().map(|e| e.reason.as_str()).collect();
    for r in ["ScalingReplicaSet", "SuccessfulCreate", "Scheduled", "Pulling", "Pulled", "Created", "Started"] {
        assert!(reasons.contains(&r), "missing {r} in {reasons:?}");
    }
    let scaling = sim.events().all().iter().find(|e| e.reason == "ScalingReplicaSet").unwrap();
    assert_eq!(scaling.message, format!("Scaled up replica set {} from 0 to 3", rs.metadata.name));
}

#[test]
fn killed_pod_is_replaced_by_its_replicaset() {
    let mut sim = cluster(3, "2");
    apply(&mut sim, WEB).unwrap();
    sim.advance(10);
    let victim = web_pods(&sim)[0].metadata.name.clone();
    sim.act(Action::KillPod { namespace: "default".into(), name: victim.clone() }).unwrap();
    // The victim is Terminating and a replacement already exists.
    let pods = web_pods(&sim);
    assert_eq!(pods.len(), 4);
    assert_eq!(pods.iter().filter(|p| p.is_terminating()).count(), 1);
    sim.advance(10);
    let pods = web_pods(&sim);
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| p.metadata.name != victim && p.is_ready()));
}

#[test]
fn unschedulable_pod_reports_in_the_schedulers_shape() {
    let mut sim = cluster(3, "1");
    let big = WEB.replace("replicas: 3", "replicas: 7");
    apply(&mut sim, &big).unwrap();
    // 1 cpu per node, 500m per pod: 2 fit per node, so 6 run and 1 waits.
    let pending: Vec<_> = web_pods(&sim).into_iter().filter(|p| p.node().is_none()).collect();
    assert_eq!(pending.len(), 1);
    let cond = pending[0].condition("PodScheduled").unwrap();
    assert_eq!((cond.status.as_str(), cond.reason.as_deref()), ("False", Some("Unschedulable")));
    assert_eq!(cond.message.as_deref(), Some("0/3 nodes are available: 3 Insufficient cpu."));
}

#[test]
fn bind_by_hand_is_checked_and_a_refusal_changes_nothing() {
    let mut sim = cluster(1, "1");
    apply(&mut sim, WEB).unwrap();
    let pending = web_pods(&sim).into_iter().find(|p| p.node().is_none()).unwrap().metadata.name.clone();
    let hash = sim.state_hash();
    let err = sim.act(Action::Bind { namespace: "default".into(), pod: pending.clone(), node: "node-1".into() }).unwrap_err();
    assert_eq!(err, ApiError::BindRefused { pod: pending.clone(), node: "node-1".into(), reasons: vec!["Insufficient cpu".into()] });
    assert_eq!(sim.state_hash(), hash);
    // A second node with room takes it.
    sim.add_node(&NodeConfig::new("node-2", "2", "4Gi").unwrap()).unwrap();
    let _ = sim.act(Action::Scale { resource: Resource::Deployment, namespace: "default".into(), name: "web".into(), replicas: 3 });
    assert!(web_pods(&sim).iter().all(|p| p.node().is_some()), "the scheduler retries when a node joins");
}

#[test]
fn killed_node_goes_not_ready_after_grace_and_pods_move_after_toleration() {
    let mut sim = cluster(2, "4");
    apply(&mut sim, &WEB.replace("replicas: 3", "replicas: 2")).unwrap();
    sim.advance(10);
    let on_1: Vec<String> = web_pods(&sim).iter().filter(|p| p.node() == Some("node-1")).map(|p| p.metadata.name.clone()).collect();
    assert_eq!(on_1.len(), 1);
    sim.act(Action::KillNode { name: "node-1".into() }).unwrap();
    sim.advance(49);
    assert!(sim.kube().store.nodes["node-1"].is_ready(), "still Ready before the 50 s grace period");
    sim.advance(1);
    let node = &sim.kube().store.nodes["node-1"];
    assert_eq!(node.ready_status(), "Unknown");
    assert!(node.spec.taints.iter().any(|t| t.key == "node.kubernetes.io/unreachable" && t.effect == "NoExecute"));
    let p = &sim.kube().store.pods[&Key::new("default", on_1[0].clone())];
    assert!(!p.is_ready(), "pods of an unreachable node leave endpoints");
    assert_eq!(sim.kube().store.endpoints[&Key::new("default", "web")].ready_addresses().len(), 1);
    sim.advance(299);
    assert!(!sim.kube().store.pods[&Key::new("default", on_1[0].clone())].is_terminating());
    sim.advance(1);
    assert!(sim.kube().store.pods[&Key::new("default", on_1[0].clone())].is_terminating(), "evicted 300 s after the taint");
    sim.advance(10);
    let live: Vec<_> = web_pods(&sim).into_iter().filter(|p| p.is_ready()).collect();
    assert_eq!(live.len(), 2);
    assert!(live.iter().all(|p| p.node() == Some("node-2")));
}

#[test]
fn invalid_apply_changes_nothing() {
    let mut sim = cluster(1, "2");
    let hash = sim.state_hash();
    let bad = WEB.replace("labels: {app: web}", "labels: {app: api}");
    let err = apply(&mut sim, &bad).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`"
    );
    assert_eq!(sim.state_hash(), hash);
    // All or nothing: a good first document is undone with a bad second one.
    let half = format!("{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: Bad_Name}}\nspec: {{ports: [{{port: 80}}]}}\n", WEB.split("---").next().unwrap());
    assert!(apply(&mut sim, &half).is_err());
    assert_eq!(sim.state_hash(), hash);
    assert!(sim.kube().store.deployments.is_empty());
}

#[test]
fn rolling_update_stays_within_budgets() {
    let mut sim = cluster(3, "8");
    let ten = WEB.replace("replicas: 3", "replicas: 10");
    apply(&mut sim, &ten).unwrap();
    sim.advance(10);
    apply(&mut sim, &ten.replace("nginx:1.27", "nginx:1.28")).unwrap();
    // 10 replicas at 25 %: surge 3, unavailable 2 -> at most 13 pods, at least 8 available.
    for _ in 0..60 {
        let pods: Vec<_> = web_pods(&sim).into_iter().filter(|p| p.is_active()).collect();
        assert!(pods.len() <= 13, "{} pods", pods.len());
        let available = pods.iter().filter(|p| p.is_ready()).count();
        assert!(available >= 8, "{available} available");
        sim.tick();
    }
    let d = &sim.kube().store.deployments[&Key::new("default", "web")];
    assert_eq!((d.status.updated_replicas, d.status.available_replicas, d.status.replicas), (10, 10, 10));
    assert_eq!(sim.kube().store.replica_sets.len(), 2, "the old ReplicaSet is kept at 0 for rollback");
}

#[test]
fn same_seed_same_history() {
    let run = || {
        let mut sim = cluster(3, "2");
        apply(&mut sim, WEB).unwrap();
        sim.advance(30);
        let first = web_pods(&sim)[0].metadata.name.clone();
        sim.act(Action::KillPod { namespace: "default".into(), name: first }).unwrap();
        sim.advance(30);
        (sim.state_hash(), format!("{:?}", sim.events().all()))
    };
    assert_eq!(run(), run());
}

#[test]
fn controllers_settle_within_each_instant() {
    // After every tick the controllers have reached a fixed point: one more pass changes nothing.
    let mut sim = cluster(3, "2");
    apply(&mut sim, &WEB.replace("replicas: 3", "replicas: 5")).unwrap();
    for t in 0..120 {
        if t == 20 {
            sim.act(Action::KillNode { name: "node-2".into() }).unwrap();
        }
        if t == 30 {
            apply(&mut sim, &WEB.replace("replicas: 3", "replicas: 5").replace("nginx:1.27", "nginx:1.28")).unwrap();
        }
        sim.tick();
        assert_eq!(sim.settle(), 1, "still changing at t={}", sim.now());
    }
}

#[test]
fn state_hash_tells_states_apart() {
    let mut sim = cluster(2, "2");
    let empty = sim.state_hash();
    apply(&mut sim, WEB).unwrap();
    let applied = sim.state_hash();
    sim.tick();
    let later = sim.state_hash();
    assert_ne!(empty, applied);
    assert_ne!(applied, later);
    assert_ne!(empty, 0xcbf2_9ce4_8422_2325, "the hash covers the state, not zero bytes");
}
