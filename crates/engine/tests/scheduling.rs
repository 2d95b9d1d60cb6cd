//! Scheduling fidelity with concrete numbers: required and preferred node affinity
//! (`plugins/nodeaffinity`) and the system-default PodTopologySpread score
//! (`plugins/podtopologyspread/scoring.go`), as the scheduler's kept decisions show them.

use podium_engine::kube::manifest::decode;
use podium_engine::kube::scheduler::Decision;
use podium_engine::kube::Key;
use podium_engine::{Action, NodeConfig, Sim};

fn node(name: &str, zone: Option<&str>, labels: &[(&str, &str)]) -> NodeConfig {
    let mut n = NodeConfig::new(name, "4", "8Gi").unwrap();
    n.zone = zone.map(str::to_string);
    n.labels = labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    n
}

fn apply(sim: &mut Sim, yaml: &str) {
    let objects = decode(yaml).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
}

fn pod(name: &str, labels: &str, node_name: Option<&str>, affinity: &str) -> String {
    // Pinned through nodeSelector (apply drops spec.nodeName in the playground).
    let node_name = node_name.map_or(String::new(), |n| format!("\n  nodeSelector: {{kubernetes.io/hostname: {n}}}"));
    format!(
        "apiVersion: v1
kind: Pod
metadata: {{name: {name}, labels: {{{labels}}}}}
spec:{node_name}
  containers:
  - name: app
    image: nginx:1.27
    resources: {{requests: {{cpu: 100m, memory: 64Mi}}}}
{affinity}"
    )
}

fn decision<'a>(sim: &'a Sim, name: &str) -> &'a Decision {
    sim.kube().scheduler.decision_for(&Key::new("default", name)).expect("a decision")
}

/// Per node, the score of one plugin (None when the plugin did not score it).
fn plugin(d: &Decision, name: &str) -> Vec<Option<i64>> {
    d.nodes.iter().map(|v| v.scores.iter().find(|s| s.plugin == name).map(|s| s.score)).collect()
}

const REQUIRED_ZONE_C: &str = "  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: topology.kubernetes.io/zone, operator: In, values: [zone-x]}
        - matchExpressions:
          - {key: topology.kubernetes.io/zone, operator: NotIn, values: [zone-a, zone-b]}
          - {key: disk, operator: Exists}
";

#[test]
fn required_node_affinity_filters_with_ored_terms_and_anded_expressions() {
    let nodes = [
        node("node-1", Some("zone-a"), &[("disk", "ssd")]),
        node("node-2", Some("zone-b"), &[("disk", "ssd")]),
        node("node-3", Some("zone-c"), &[("disk", "hdd")]),
        node("node-4", Some("zone-c"), &[]),
    ];
    let mut sim = Sim::with_nodes(1, &nodes).unwrap();
    apply(&mut sim, &pod("pinned", "app: x", None, REQUIRED_ZONE_C));
    let d = decision(&sim, "pinned");
    assert_eq!(d.chosen.as_deref(), Some("node-3"));
    let msg = "node(s) didn't match Pod's node affinity/selector";
    let reasons: Vec<&[String]> = d.nodes.iter().map(|v| v.reasons.as_slice()).collect();
    assert_eq!(reasons, [&[msg.to_string()][..], &[msg.to_string()], &[], &[msg.to_string()]]);
    // No node in zone-x and none other outside zones a and b with a disk: unschedulable.
    let nowhere = REQUIRED_ZONE_C.replace("zone-a, zone-b", "zone-a, zone-b, zone-c");
    apply(&mut sim, &pod("nowhere", "app: x", None, &nowhere));
    assert_eq!(decision(&sim, "nowhere").message.as_deref(), Some("0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector."));
    // Binding by hand is checked against the same filter.
    let e = sim.act(Action::Bind { namespace: "default".into(), pod: "nowhere".into(), node: "node-1".into() }).unwrap_err();
    assert!(e.to_string().contains(msg), "{e}");
}

#[test]
fn preferred_node_affinity_scores_matching_weights_normalized_to_100() {
    let nodes = [node("node-1", Some("zone-a"), &[]), node("node-2", Some("zone-b"), &[]), node("node-3", Some("zone-c"), &[])];
    let mut sim = Sim::with_nodes(1, &nodes).unwrap();
    let prefer = "  affinity:
    nodeAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 20
        preference:
          matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [zone-b]}]
      - weight: 80
        preference:
          matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [zone-a, zone-b]}]
";
    apply(&mut sim, &pod("picky", "app: x", None, prefer));
    let d = decision(&sim, "picky");
    // Raw 80, 100, 0 → 100 × s / 100: 80, 100, 0 (weight 2).
    assert_eq!(plugin(d, "NodeAffinity"), [Some(80), Some(100), Some(0)]);
    let raw: Vec<Option<i64>> = d.nodes.iter().map(|v| v.scores.iter().find(|s| s.plugin == "NodeAffinity").and_then(|s| s.raw)).collect();
    assert_eq!(raw, [Some(80), Some(100), Some(0)], "raw weights, here already with 100 as the highest");
    assert_eq!(d.chosen.as_deref(), Some("node-2"));
    // A bare pod selected by no Service has no default spreading selector: no score.
    assert_eq!(plugin(d, "PodTopologySpread"), [None, None, None]);
    let w: Vec<i64> = d.nodes[1].scores.iter().filter(|s| s.plugin == "NodeAffinity").map(|s| s.weight()).collect();
    assert_eq!(w, [2]);
}

const SERVICE: &str = "apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
";

#[test]
fn default_topology_spread_over_hostnames() {
    // No zone labels: only the hostname constraint (maxSkew 3) scores.
    let nodes = [node("node-1", None, &[]), node("node-2", None, &[]), node("node-3", None, &[])];
    let mut sim = Sim::with_nodes(1, &nodes).unwrap();
    apply(&mut sim, SERVICE);
    for (name, n) in [("web-a", "node-1"), ("web-b", "node-1"), ("web-c", "node-2"), ("other", "node-3")] {
        let labels = if name == "other" { "app: other" } else { "app: web" };
        apply(&mut sim, &pod(name, labels, Some(n), ""));
    }
    apply(&mut sim, &pod("web-new", "app: web", None, ""));
    let d = decision(&sim, "web-new");
    // ln(3 + 2) = 1.609: node-1 2 × 1.609 + 2 = 5.22 → 5, node-2 3.61 → 4, node-3 2.
    // 100 × (5 + 2 − s) / 5: 40, 60, 100.
    assert_eq!(plugin(d, "PodTopologySpread"), [Some(40), Some(60), Some(100)]);
    // The raw scores are kept beside the normalized ones, for the board.
    let raw: Vec<Option<i64>> =
        d.nodes.iter().map(|v| v.scores.iter().find(|s| s.plugin == "PodTopologySpread").and_then(|s| s.raw)).collect();
    assert_eq!(raw, [Some(5), Some(4), Some(2)]);
    assert_eq!(d.chosen.as_deref(), Some("node-3"));
}

#[test]
fn default_topology_spread_over_zones_and_hostnames() {
    let nodes = [node("node-1", Some("zone-a"), &[]), node("node-2", Some("zone-a"), &[]), node("node-3", Some("zone-b"), &[])];
    let mut sim = Sim::with_nodes(1, &nodes).unwrap();
    apply(&mut sim, SERVICE);
    apply(&mut sim, &pod("web-a", "app: web", Some("node-1"), ""));
    apply(&mut sim, &pod("web-b", "app: web", Some("node-2"), ""));
    apply(&mut sim, &pod("web-new", "app: web", None, ""));
    let d = decision(&sim, "web-new");
    // Zones: 2 domains, ln 4 = 1.386, zone-a holds 2; hostnames: ln 5 = 1.609.
    // node-1: 2 × 1.386 + 4 + 1 × 1.609 + 2 = 10.38 → 10; node-2 the same; node-3: 4 + 2 = 6.
    // 100 × (10 + 6 − s) / 10: 60, 60, 100.
    assert_eq!(plugin(d, "PodTopologySpread"), [Some(60), Some(60), Some(100)]);
    let weights: Vec<i64> = d.nodes[0].scores.iter().filter(|s| s.plugin == "PodTopologySpread").map(|s| s.weight()).collect();
    assert_eq!(weights, [2]);
    assert_eq!(d.chosen.as_deref(), Some("node-3"));
}

#[test]
fn each_refused_node_names_the_filter_plugin_that_refused_it() {
    // Framework order (`RunFilterPlugins` stops at the first failure): NodeUnschedulable,
    // TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit.
    let nodes = [node("node-1", None, &[]), node("node-2", None, &[]), node("node-3", None, &[]), node("node-4", None, &[])];
    let mut sim = Sim::with_nodes(1, &nodes).unwrap();
    sim.act(Action::Cordon { node: "node-1".into(), on: true }).unwrap();
    let taint = podium_engine::kube::node::Taint { key: "dedicated".into(), value: "gpu".into(), effect: "NoSchedule".into(), time_added: None };
    sim.act(Action::Taint { node: "node-2".into(), taint, overwrite: false }).unwrap();
    apply(&mut sim, &pod("big", "app: big", Some("node-3"), "").replace("cpu: 100m", "cpu: 3500m"));
    apply(&mut sim, &pod("hog", "app: hog", None, "").replace("cpu: 100m", "cpu: 3"));
    let d = decision(&sim, "hog");
    let rows: Vec<(&str, Option<&str>, Vec<&str>)> =
        d.nodes.iter().map(|v| (v.node.as_str(), v.filter.map(|p| p.name()), v.reasons.iter().map(String::as_str).collect())).collect();
    assert_eq!(
        rows,
        vec![
            ("node-1", Some("NodeUnschedulable"), vec!["node(s) were unschedulable"]),
            ("node-2", Some("TaintToleration"), vec!["node(s) had untolerated taint {dedicated: gpu}"]),
            ("node-3", Some("NodeResourcesFit"), vec!["Insufficient cpu"]),
            ("node-4", None, vec![]),
        ]
    );
    assert_eq!(d.chosen.as_deref(), Some("node-4"));
    assert!(d.nodes[3].scores.iter().any(|s| s.plugin == "NodeResourcesFit"));
}
