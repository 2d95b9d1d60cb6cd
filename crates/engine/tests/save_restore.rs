//! A saved state restores to the same state and the same future: run half way, save,
//! restore, run the original and the copy to the end, and compare their state hashes
//! second by second. The cluster exercises every piece of simulation-only memory: an
//! autoscaled node group, an HPA under load, probes failing, a Job, a killed pod and node.

use podium_engine::kube::manifest::decode;
use podium_engine::kube::selector::Selector;
use podium_engine::{Action, NodeConfig, NodeGroup, Quantity, Sim};
use proptest::prelude::*;

const WORKLOAD: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        readinessProbe:
          httpGet: {path: /, port: 80}
          periodSeconds: 5
        resources:
          requests: {cpu: 500m, memory: 256Mi}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 8
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 50}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        image: busybox:1.36
        command: [sh, -c, 'exit 1']
";

fn cluster() -> Sim {
    let mut sim = Sim::with_nodes(7, &[NodeConfig::new("fixed-1", "1", "4Gi").unwrap()]).unwrap();
    sim.add_node_group(&NodeGroup::new("pool", 1, 4, NodeConfig::new("x", "1", "4Gi").unwrap())).unwrap();
    let objects = decode(WORKLOAD).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
    sim
}

fn load(sim: &mut Sim, cpu: &str) {
    let selector = Selector::parse("app=web").unwrap();
    let cpu = Some(Quantity::parse(cpu).unwrap());
    sim.act(Action::SetLoad { namespace: "default".into(), selector, cpu, memory: None }).unwrap();
}

fn round_trip(sim: &Sim) -> Sim {
    let restored = Sim::restore(&sim.save()).expect("a saved state restores");
    assert_eq!(restored.state_hash(), sim.state_hash(), "the restored state is the saved one");
    assert_eq!(restored.save(), sim.save(), "saving the restored state writes the same file");
    restored
}

#[test]
fn a_restored_sim_goes_on_exactly_as_the_original() {
    let mut sim = cluster();
    load(&mut sim, "900m");
    sim.advance(240);
    // Half way: the HPA has scaled up and the autoscaler has machines booting or joined.
    assert!(sim.kube().store.pods.values().filter(|p| p.metadata.name.starts_with("web-")).count() > 2);
    assert!(sim.kube().store.nodes.len() > 2, "{:?}", sim.kube().store.nodes.keys().collect::<Vec<_>>());
    let mut copy = round_trip(&sim);
    let victim = sim.kube().store.pods.values().find(|p| p.node().is_some()).unwrap().metadata.name.clone();
    for s in [&mut sim, &mut copy] {
        s.act(Action::KillPod { namespace: "default".into(), name: victim.clone() }).unwrap();
        s.act(Action::KillNode { name: "fixed-1".into() }).unwrap();
    }
    for second in 0..900 {
        sim.tick();
        copy.tick();
        assert_eq!(sim.state_hash(), copy.state_hash(), "diverged {second} s after the restore");
        if second == 300 {
            load(&mut sim, "50m");
            load(&mut copy, "50m");
        }
    }
    assert_eq!(sim.save(), copy.save());
    assert!(sim.events().len() > 20);
}

#[test]
fn a_file_that_is_refused_changes_nothing_and_says_where() {
    let sim = cluster();
    let text = sim.save();
    // The same file with a pod's node name turned into a number.
    let broken = text.replacen("\"nodeName\":\"", "\"nodeName\":1,\"x\":\"", 1);
    assert_ne!(broken, text);
    let e = Sim::restore(&broken).unwrap_err();
    assert!(e.message.starts_with("kube.store.pods.default/"), "{e}");
    assert!(e.message.ends_with(".spec.nodeName: invalid type: integer `1`, expected a string"), "{e}");
    // Not JSON: line and column.
    let e = Sim::restore(&text[..text.len() - 1]).unwrap_err();
    assert_eq!((e.line, e.column, e.message.as_str()), (1, text.len() - 1, "EOF while parsing an object"));
    // Bound to a node that is not there.
    let orphan = text.replacen("\"nodeName\":\"", "\"nodeName\":\"gone-", 1);
    let e = Sim::restore(&orphan).unwrap_err();
    assert!(e.message.contains("which does not exist"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Wherever the save happens, the copy's future is the original's.
    #[test]
    fn saving_at_any_second_keeps_the_future(at in 0u64..200, after in 1u64..120) {
        let mut sim = cluster();
        load(&mut sim, "400m");
        sim.advance(at);
        let mut copy = Sim::restore(&sim.save()).unwrap();
        sim.advance(after);
        copy.advance(after);
        prop_assert_eq!(sim.state_hash(), copy.state_hash());
    }
}
