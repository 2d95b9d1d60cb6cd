//! `Sim::act` undoes a refusal without a copy of the state for the actions whose checks all
//! come before their first write (`refuses_before_changing` in `sim.rs`). Each of their
//! refusals is tried here on a running cluster, and the whole saved state (clock, generator,
//! events, store, machines, runtimes, ...) must be byte for byte what it was.

use podium_engine::action::Resource;
use podium_engine::kube::manifest::decode;
use podium_engine::samples::WEB_DEPLOYMENT as WEB;
use podium_engine::{Action, NodeConfig, Sim};

const LONE: &str = "apiVersion: v1
kind: Pod
metadata:
  name: lone
spec:
  nodeSelector: {kubernetes.io/hostname: node-1}
  containers:
  - name: lone
    image: busybox
    resources: {requests: {cpu: 100m}}
";

fn running() -> Sim {
    let nodes: Vec<NodeConfig> = (1..=3).map(|i| NodeConfig::new(&format!("node-{i}"), "2", "4Gi").unwrap()).collect();
    let mut sim = Sim::with_nodes(1, &nodes).unwrap();
    let objects = decode(&format!("{WEB}---\n{LONE}")).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
    sim.advance(30);
    sim.act(Action::KillNode { name: "node-3".into() }).unwrap();
    sim
}

fn s(v: &str) -> String {
    v.to_string()
}

#[test]
fn refusals_checked_before_any_write_change_nothing() {
    let mut sim = running();
    let web_pod = sim.kube().store.pods.keys().find(|k| k.name.starts_with("web-")).unwrap().name.clone();
    let big = "apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  containers:\n  - {name: big, image: busybox, resources: {requests: {cpu: '64'}}}\n";
    let objects = decode(big).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
    let refusals = [
        Action::KillPod { namespace: s("default"), name: s("nope") },
        Action::KillPod { namespace: s("nowhere"), name: s("lone") },
        Action::KillNode { name: s("nope") },
        Action::KillNode { name: s("node-3") }, // already down
        Action::Bind { namespace: s("default"), pod: s("nope"), node: s("node-1") },
        Action::Bind { namespace: s("default"), pod: s("big"), node: s("nope") },
        Action::Bind { namespace: s("default"), pod: web_pod.clone(), node: s("node-2") }, // already bound
        Action::Bind { namespace: s("default"), pod: s("big"), node: s("node-1") }, // does not fit
        Action::Scale { resource: Resource::Deployment, namespace: s("default"), name: s("web"), replicas: -1 },
        Action::Scale { resource: Resource::Deployment, namespace: s("default"), name: s("nope"), replicas: 2 },
        Action::Scale { resource: Resource::Service, namespace: s("default"), name: s("web"), replicas: 2 },
        Action::Delete { resource: Resource::Pod, namespace: s("default"), name: s("nope") },
        Action::Delete { resource: Resource::Deployment, namespace: s("nowhere"), name: s("web") },
        Action::Delete { resource: Resource::Node, namespace: s(""), name: s("nope") },
        Action::Delete { resource: Resource::Namespace, namespace: s(""), name: s("kube-system") },
        Action::Delete { resource: Resource::Namespace, namespace: s(""), name: s("nope") },
        Action::Delete { resource: Resource::Event, namespace: s("default"), name: s("x") },
        Action::CreateNamespace { name: s("default") },
        Action::CreateNamespace { name: s("Not_A_Label") },
        Action::Cordon { node: s("nope"), on: true },
        Action::Drain { node: s("nope"), force: false, ignore_daemonsets: false },
        Action::Drain { node: s("node-1"), force: false, ignore_daemonsets: false }, // the lone pod
    ];
    for action in refusals {
        let saved = sim.save();
        let hash = sim.state_hash();
        let shown = format!("{action:?}");
        assert!(sim.act(action).is_err(), "{shown} is refused");
        assert_eq!(sim.state_hash(), hash, "{shown}");
        assert!(sim.save() == saved, "{shown} changed the saved state");
    }
    // And the refusals left no trace in what happens next: the same as a run without them.
    let mut plain = running();
    let objects = decode(big).unwrap().into_iter().map(|d| d.object).collect();
    plain.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
    sim.advance(20);
    plain.advance(20);
    assert_eq!(sim.state_hash(), plain.state_hash());
}
