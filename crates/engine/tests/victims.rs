//! ReplicaSet scale-down victims in `ActivePodsWithRanks` order
//! (`pkg/controller/controller_utils.go`), with one pod of each kind and the
//! ReplicaSet scaled down one pod at a time.

use podium_engine::action::Resource;
use podium_engine::kube::manifest::decode;
use podium_engine::kube::selector::Selector;
use podium_engine::kube::Key;
use podium_engine::{Action, NodeConfig, Sim};

const RS: &str = "apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: 0
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources:
          requests: {cpu: 100m, memory: 64Mi}
        readinessProbe:
          httpGet: {path: /ready, port: 8080}
";

const NODES: [&str; 4] = ["node-a", "node-b", "node-c", "node-d"];

fn active(sim: &Sim) -> Vec<String> {
    sim.kube().store.pods.values().filter(|p| p.is_active()).map(|p| p.metadata.name.clone()).collect()
}

fn scale(sim: &mut Sim, replicas: i64) {
    let action = Action::Scale { resource: Resource::ReplicaSet, namespace: "default".into(), name: "web".into(), replicas };
    sim.act(action).unwrap();
}

/// Only `node` takes new pods: the others are cordoned.
fn only(sim: &mut Sim, node: &str) {
    for n in NODES {
        sim.act(Action::Cordon { node: n.into(), on: n != node }).unwrap();
    }
}

/// Scales up by one and returns the new pod's name.
fn add_pod(sim: &mut Sim, replicas: i64) -> String {
    let before = active(sim);
    scale(sim, replicas);
    let new: Vec<String> = active(sim).into_iter().filter(|n| !before.contains(n)).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    new[0].clone()
}

fn label(sim: &mut Sim, pod: &str, key: &str, value: &str, annotations: bool) {
    sim.act(Action::Label {
        resource: Resource::Pod,
        namespace: "default".into(),
        name: pod.into(),
        set: vec![(key.into(), value.into())],
        remove: vec![],
        overwrite: false,
        annotations,
    })
    .unwrap();
}

#[test]
fn scale_down_deletes_in_active_pods_with_ranks_order() {
    let nodes: Vec<NodeConfig> = NODES.iter().map(|n| NodeConfig::new(n, "4", "8Gi").unwrap()).collect();
    let mut sim = Sim::with_nodes(11, &nodes).unwrap();
    let objects = decode(RS).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();

    // Ready times far apart (each pair in a different power-of-two age bucket at t=1000),
    // so the order holds with upstream's LogarithmicScaleDown comparison as well.
    only(&mut sim, "node-b");
    let alone = add_pod(&mut sim, 1); // t=0, ready ~t=5: alone on node-b, oldest
    sim.advance(10);
    only(&mut sim, "node-c");
    let cheap = add_pod(&mut sim, 2); // t=10: alone on node-c, deletion cost -10
    label(&mut sim, &cheap, "controller.kubernetes.io/pod-deletion-cost", "-10", true);
    sim.advance(590);
    only(&mut sim, "node-a");
    let a1 = add_pod(&mut sim, 3); // t=600: three siblings on node-a
    sim.advance(200);
    let a2 = add_pod(&mut sim, 4); // t=800
    sim.advance(100);
    let a3 = add_pod(&mut sim, 5); // t=900
    sim.advance(10);
    only(&mut sim, "node-d");
    let unready = add_pod(&mut sim, 6); // t=910: Running, readiness failing
    label(&mut sim, &unready, "probe", "broken", false);
    let selector = Selector::parse("probe=broken").unwrap();
    sim.act(Action::SetHealth { namespace: "default".into(), selector, readiness: Some(false), liveness: None }).unwrap();
    sim.advance(90);
    assert_eq!(sim.now().secs(), 1000);
    let creating = add_pod(&mut sim, 7); // t=1000: bound to node-d, ContainerCreating
    only(&mut sim, "none");
    let unscheduled = add_pod(&mut sim, 8); // t=1000: no node can take it

    let pod = |sim: &Sim, name: &str| sim.kube().store.pods[&Key::new("default", name)].clone();
    assert_eq!(pod(&sim, &unscheduled).node(), None);
    assert_eq!(pod(&sim, &unscheduled).status.phase, "Pending");
    let c = pod(&sim, &creating);
    assert_eq!((c.node(), c.status.phase.as_str()), (Some("node-d"), "Pending"));
    let waiting = c.status.container_statuses[0].state.waiting.as_ref().map(|w| w.reason.clone());
    assert_eq!(waiting.as_deref(), Some("ContainerCreating"));
    let u = pod(&sim, &unready);
    assert_eq!((u.status.phase.as_str(), u.is_ready()), ("Running", false));
    for name in [&alone, &cheap, &a1, &a2, &a3] {
        assert!(pod(&sim, name).is_ready(), "{name}");
    }
    for name in [&a1, &a2, &a3] {
        assert_eq!(pod(&sim, name).node(), Some("node-a"));
    }
    assert_eq!(pod(&sim, &alone).node(), Some("node-b"));
    assert_eq!(pod(&sim, &cheap).node(), Some("node-c"));

    // Down one pod at a time, at the same instant (nothing else changes between steps).
    let mut deleted = Vec::new();
    for replicas in (0..8).rev() {
        let before = active(&sim);
        scale(&mut sim, replicas);
        let gone: Vec<String> = before.into_iter().filter(|n| !active(&sim).contains(n)).collect();
        assert_eq!(gone.len(), 1, "at {replicas}: {gone:?}");
        deleted.push(gone[0].clone());
    }
    let expected = [
        &unscheduled, // 1. not assigned to a node
        &creating,    // 2. Pending before Running
        &unready,     // 3. not ready before ready
        &cheap,       // 4. lower pod-deletion-cost, though alone on its node
        // 5. a ReplicaSet without an owner has no related pods (`getIndirectlyRelatedPods`),
        // so being doubled up on node-a counts for nothing here (a Deployment's would: see
        // `replicaset::tests::doubled_up_counts_…`); 6. ready most recently, by age rank at
        // t=1000: ~95 s (rank 36), ~195 s (37), ~395 s (38), ~995 s (39).
        &a3,
        &a2,
        &a1,
        &alone,
    ];
    assert_eq!(deleted, expected.map(|s| s.clone()));
}
