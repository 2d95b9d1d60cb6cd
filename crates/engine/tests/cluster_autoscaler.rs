//! Cluster Autoscaler with concrete numbers: scans at 10 s boundaries, 90 s boot, bin-packed
//! scale-up up to max, NotTriggerScaleUp reasons, scale-down after 600 s unneeded and 600 s
//! after an add, blockers, never below min.

use podium_engine::kube::autoscaler::{group_status, TAINT_TO_BE_DELETED};
use podium_engine::kube::manifest::decode;
use podium_engine::{Action, NodeConfig, NodeGroup, Resource, Sim};

fn deployment(
    name: &str,
    replicas: u32,
    cpu: &str,
    extra_pod_spec: &str,
    annotations: &str,
) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
      annotations: {{{annotations}}}
    spec:
{extra_pod_spec}      containers:
      - name: app
        image: nginx:1.27
        resources:
          requests: {{cpu: {cpu}, memory: 256Mi}}
"
    )
}

fn bare_pod(name: &str, cpu: &str, extra_pod_spec: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
{extra_pod_spec}  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {{cpu: {cpu}, memory: 256Mi}}
"
    )
}

fn apply(sim: &mut Sim, yaml: &str) {
    let objects = decode(yaml)
        .unwrap()
        .into_iter()
        .map(|d| d.object)
        .collect();
    sim.act(Action::Apply {
        objects,
        namespace: "default".into(),
    })
    .unwrap();
}

fn scale(sim: &mut Sim, name: &str, replicas: i32) {
    sim.act(Action::Scale {
        resource: Resource::Deployment,
        namespace: "default".into(),
        name: name.into(),
        replicas: replicas as _,
    })
    .unwrap();
}

fn group(name: &str, min: usize, max: usize) -> NodeGroup {
    NodeGroup::new(
        name,
        min,
        max,
        NodeConfig::new("unused", "2", "4Gi").unwrap(),
    )
}

fn nodes(sim: &Sim) -> Vec<String> {
    sim.kube().store.nodes.keys().cloned().collect()
}

fn advance_to(sim: &mut Sim, t: u64) {
    let now = sim.now().secs();
    sim.advance(t - now);
}

fn messages(sim: &Sim, reason: &str) -> Vec<String> {
    sim.events()
        .all()
        .iter()
        .filter(|e| e.reason == reason)
        .map(|e| e.message.clone())
        .collect()
}

fn pending(sim: &Sim) -> usize {
    sim.kube()
        .store
        .pods
        .values()
        .filter(|p| p.is_active() && p.node().is_none())
        .count()
}

#[test]
fn five_pending_pods_of_900m_add_three_nodes_ready_after_the_scan_and_90_s_boot() {
    let mut sim = Sim::new(1);
    sim.add_node_group(&group("ng", 1, 5)).unwrap();
    assert_eq!(nodes(&sim), ["ng-1"]);
    assert_eq!(
        sim.kube().store.nodes["ng-1"].metadata.labels["eks.amazonaws.com/nodegroup"],
        "ng"
    );
    // 7 pods of 900m: 2 fit on ng-1 (2 cpu), 5 wait.
    apply(&mut sim, &deployment("web", 7, "900m", "", ""));
    sim.advance(9);
    assert_eq!(pending(&sim), 5);
    assert!(messages(&sim, "TriggeredScaleUp").is_empty());
    sim.advance(1); // t=10: the first scan after the pods became unschedulable
                    // One event on each of the 5 pods.
    assert_eq!(
        messages(&sim, "TriggeredScaleUp"),
        ["pod triggered scale-up: [{ng 1->4 (max: 5)}]"; 5]
    );
    let st = &group_status(sim.kube())[0];
    assert_eq!((st.min, st.current, st.booting, st.max), (1, 1, 3, 5));
    assert_eq!(sim.kube().autoscaler.last_triggered.len(), 5);
    advance_to(&mut sim, 99);
    assert_eq!(nodes(&sim), ["ng-1"]);
    // Scans at t=20..90 do not add more: the pods will fit on the booting machines.
    assert_eq!(group_status(sim.kube())[0].booting, 3);
    sim.advance(1); // t=100 = 10 + 90
    assert_eq!(nodes(&sim), ["ng-1", "ng-2", "ng-3", "ng-4"]);
    assert!(sim.kube().store.nodes.values().all(|n| n.is_ready()));
    assert_eq!(pending(&sim), 0);
    assert_eq!(group_status(sim.kube())[0].current, 4);
}

#[test]
fn max_size_caps_the_scale_up_and_the_rest_get_not_trigger_scale_up() {
    let mut sim = Sim::new(1);
    sim.add_node_group(&group("ng", 1, 3)).unwrap();
    // 9 pods: 2 on ng-1, 7 wait; two more nodes take 4, 3 are left.
    apply(&mut sim, &deployment("web", 9, "900m", "", ""));
    advance_to(&mut sim, 10);
    assert_eq!(
        messages(&sim, "TriggeredScaleUp"),
        ["pod triggered scale-up: [{ng 1->3 (max: 3)}]"; 4]
    );
    let not: Vec<_> = sim
        .events()
        .all()
        .iter()
        .filter(|e| e.reason == "NotTriggerScaleUp")
        .collect();
    assert_eq!(not.len(), 3);
    assert!(not
        .iter()
        .all(|e| e.message == "pod didn't trigger scale-up: 1 max node group size reached"));
    advance_to(&mut sim, 200);
    assert_eq!(nodes(&sim), ["ng-1", "ng-2", "ng-3"]);
    assert_eq!(pending(&sim), 3);
    assert_eq!(messages(&sim, "TriggeredScaleUp").len(), 4);
    // Later scans repeat the reason; the log folds them into a count.
    assert!(sim
        .events()
        .all()
        .iter()
        .filter(|e| e.reason == "NotTriggerScaleUp")
        .all(|e| e.count > 1));
}

#[test]
fn no_scale_up_for_a_pod_no_group_can_fit() {
    let mut sim = Sim::new(1);
    sim.add_node_group(&group("ng", 1, 5)).unwrap();
    apply(&mut sim, &bare_pod("huge", "3", ""));
    apply(
        &mut sim,
        &bare_pod("picky", "100m", "  nodeSelector: {disk: ssd}\n"),
    );
    advance_to(&mut sim, 10);
    let msg = |pod: &str| {
        sim.events()
            .about("Pod", "default", pod)
            .filter(|e| e.reason == "NotTriggerScaleUp")
            .map(|e| e.message.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        msg("huge"),
        ["pod didn't trigger scale-up: 1 Insufficient cpu"]
    );
    assert_eq!(
        msg("picky"),
        ["pod didn't trigger scale-up: 1 node(s) didn't match Pod's node affinity/selector"]
    );
    advance_to(&mut sim, 300);
    assert!(messages(&sim, "TriggeredScaleUp").is_empty());
    assert_eq!(nodes(&sim), ["ng-1"]);
    assert_eq!(group_status(sim.kube())[0].booting, 0);
}

#[test]
fn unneeded_nodes_go_600_s_after_they_became_unneeded() {
    let mut sim = Sim::new(1);
    sim.add_node_group(&group("ng", 1, 5)).unwrap();
    // 1100m pods: one per 2-cpu node, 55 % each, so no node with a pod is underutilized.
    apply(&mut sim, &deployment("web", 3, "1100m", "", ""));
    advance_to(&mut sim, 100);
    assert_eq!(nodes(&sim).len(), 3);
    assert_eq!(pending(&sim), 0);
    assert!(sim.kube().autoscaler.unneeded_since.is_empty());
    advance_to(&mut sim, 200);
    scale(&mut sim, "web", 1);
    advance_to(&mut sim, 210);
    let unneeded: Vec<_> = sim
        .kube()
        .autoscaler
        .unneeded_since
        .iter()
        .map(|(n, t)| (n.clone(), t.secs()))
        .collect();
    assert_eq!(unneeded.len(), 2);
    assert!(unneeded.iter().all(|(_, t)| *t == 210));
    advance_to(&mut sim, 809);
    assert_eq!(nodes(&sim).len(), 3);
    sim.advance(1); // t=810 = 210 + 600 (and more than 600 s after the add at t=10)
    assert_eq!(nodes(&sim).len(), 1);
    assert_eq!(
        messages(&sim, "ScaleDown"),
        ["marked the node as toBeDeleted/unschedulable"; 2]
    );
    assert_eq!(
        sim.kube()
            .store
            .pods
            .values()
            .filter(|p| p.is_active())
            .count(),
        1
    );
    advance_to(&mut sim, 3000);
    assert_eq!(nodes(&sim).len(), 1, "never below min 1");
}

#[test]
fn no_scale_down_within_600_s_after_a_scale_up() {
    let mut sim = Sim::new(1);
    sim.add_node(&NodeConfig::new("base", "2", "4Gi").unwrap())
        .unwrap();
    sim.add_node_group(&group("ng", 0, 5)).unwrap();
    let mut gpu = group("gpu", 0, 2);
    gpu.node.labels.insert("accel".into(), "gpu".into());
    sim.add_node_group(&gpu).unwrap();
    apply(&mut sim, &deployment("base-app", 1, "1100m", "", ""));
    apply(
        &mut sim,
        &deployment(
            "extra",
            1,
            "1100m",
            "      nodeSelector: {eks.amazonaws.com/nodegroup: ng}\n",
            "",
        ),
    );
    advance_to(&mut sim, 100);
    assert_eq!(nodes(&sim), ["base", "ng-1"]);
    scale(&mut sim, "extra", 0);
    advance_to(&mut sim, 110);
    assert_eq!(
        sim.kube()
            .autoscaler
            .unneeded_since
            .get("ng-1")
            .map(|t| t.secs()),
        Some(110)
    );
    // A second scale-up at t=310 pushes scale-down to t=910 (ng-1 alone would go at 710).
    advance_to(&mut sim, 300);
    apply(
        &mut sim,
        &deployment("ml", 1, "1500m", "      nodeSelector: {accel: gpu}\n", ""),
    );
    advance_to(&mut sim, 310);
    assert_eq!(
        messages(&sim, "TriggeredScaleUp").last().unwrap(),
        "pod triggered scale-up: [{gpu 0->1 (max: 2)}]"
    );
    advance_to(&mut sim, 909);
    assert!(nodes(&sim).contains(&"ng-1".to_string()));
    sim.advance(1);
    assert!(!nodes(&sim).contains(&"ng-1".to_string()));
    assert_eq!(nodes(&sim), ["base", "gpu-1"]);
}

/// ng-1 gets one 100m pod (5 %); a plain node `spare` joins at t=100 with room for it.
fn one_small_pod_on_ng_1(yaml: &str) -> Sim {
    let mut sim = Sim::new(1);
    sim.add_node_group(&group("ng", 0, 3)).unwrap();
    assert!(nodes(&sim).is_empty());
    apply(&mut sim, yaml);
    advance_to(&mut sim, 10);
    assert_eq!(
        messages(&sim, "TriggeredScaleUp"),
        ["pod triggered scale-up: [{ng 0->1 (max: 3)}]"]
    );
    advance_to(&mut sim, 100);
    assert_eq!(
        sim.kube()
            .store
            .pods
            .values()
            .filter_map(|p| p.node())
            .collect::<Vec<_>>(),
        ["ng-1"]
    );
    sim.add_node(&NodeConfig::new("spare", "2", "4Gi").unwrap())
        .unwrap();
    sim
}

#[test]
fn a_replicated_pod_moves_and_the_node_goes_after_its_pods() {
    let mut sim = one_small_pod_on_ng_1(&deployment("small", 1, "100m", "", ""));
    advance_to(&mut sim, 709);
    assert!(sim.kube().store.nodes["ng-1"].spec.taints.is_empty());
    sim.advance(1); // t=710 = 110 + 600
    let n = &sim.kube().store.nodes["ng-1"];
    assert_eq!(
        n.spec
            .taints
            .iter()
            .map(|t| format!("{}={}:{}", t.key, t.value, t.effect))
            .collect::<Vec<_>>(),
        [format!("{TAINT_TO_BE_DELETED}=710:NoSchedule")]
    );
    assert_eq!(
        messages(&sim, "ScaleDown"),
        [
            "marked the node as toBeDeleted/unschedulable",
            "deleting pod for node scale down"
        ]
    );
    advance_to(&mut sim, 720);
    assert_eq!(nodes(&sim), ["spare"]);
    let running: Vec<_> = sim
        .kube()
        .store
        .pods
        .values()
        .filter(|p| p.is_active())
        .filter_map(|p| p.node())
        .collect();
    assert_eq!(running, ["spare"]);
}

#[test]
fn a_pod_without_a_controller_blocks_scale_down() {
    let mut sim = one_small_pod_on_ng_1(&bare_pod("lone", "100m", ""));
    advance_to(&mut sim, 2000);
    assert_eq!(nodes(&sim), ["ng-1", "spare"]);
    assert!(!sim.kube().autoscaler.unneeded_since.contains_key("ng-1"));
    assert!(messages(&sim, "ScaleDown").is_empty());
}

#[test]
fn safe_to_evict_false_blocks_scale_down() {
    let yaml = deployment(
        "pinned",
        1,
        "100m",
        "",
        "cluster-autoscaler.kubernetes.io/safe-to-evict: \"false\"",
    );
    let mut sim = one_small_pod_on_ng_1(&yaml);
    advance_to(&mut sim, 2000);
    assert_eq!(nodes(&sim), ["ng-1", "spare"]);
    assert!(messages(&sim, "ScaleDown").is_empty());
}

#[test]
fn never_below_min_and_never_up_for_utilization_alone() {
    let mut sim = Sim::new(1);
    sim.add_node_group(&group("ng", 2, 4)).unwrap();
    // Both nodes full (2 x 1900m) but nothing pending: no scale-up.
    apply(&mut sim, &deployment("web", 2, "1900m", "", ""));
    advance_to(&mut sim, 300);
    assert_eq!(nodes(&sim), ["ng-1", "ng-2"]);
    assert!(messages(&sim, "TriggeredScaleUp").is_empty());
    scale(&mut sim, "web", 0);
    advance_to(&mut sim, 2000);
    assert_eq!(nodes(&sim), ["ng-1", "ng-2"]);
    assert_eq!(sim.kube().autoscaler.unneeded_since.len(), 2);
}

#[test]
fn node_groups_are_checked() {
    let mut sim = Sim::new(1);
    assert!(sim.add_node_group(&group("Bad_Name", 0, 1)).is_err());
    assert!(sim.add_node_group(&group("ng", 3, 2)).is_err());
    sim.add_node_group(&group("ng", 0, 2)).unwrap();
    assert!(sim.add_node_group(&group("ng", 0, 2)).is_err());
}

#[test]
fn same_seed_same_history() {
    let run = || {
        let mut sim = Sim::new(7);
        sim.add_node_group(&group("a", 1, 3)).unwrap();
        sim.add_node_group(&group("b", 0, 3)).unwrap();
        apply(&mut sim, &deployment("web", 6, "900m", "", ""));
        advance_to(&mut sim, 1500);
        scale(&mut sim, "web", 1);
        advance_to(&mut sim, 2500);
        sim.state_hash()
    };
    assert_eq!(run(), run());
}

/// Per node, how many active pods run there.
fn spread(sim: &Sim) -> Vec<(String, usize)> {
    sim.kube()
        .store
        .nodes
        .keys()
        .map(|n| (n.clone(), sim.kube().store.pods_on(n).filter(|p| p.is_active()).count()))
        .collect()
}

#[test]
fn one_busy_node_is_drained_per_loop_and_a_node_that_takes_pods_stays() {
    let mut sim = Sim::new(1);
    sim.add_node_group(&group("ng", 0, 3)).unwrap();
    apply(&mut sim, &deployment("web", 6, "900m", "", ""));
    advance_to(&mut sim, 10);
    assert_eq!(messages(&sim, "TriggeredScaleUp")[0], "pod triggered scale-up: [{ng 0->3 (max: 3)}]");
    advance_to(&mut sim, 100);
    assert_eq!(spread(&sim), [("ng-1".into(), 2), ("ng-2".into(), 2), ("ng-3".into(), 2)]);
    scale(&mut sim, "web", 3);
    advance_to(&mut sim, 110);
    // Three nodes at 45 % (900m of 2 cpu), each unneeded since t=110.
    assert_eq!(spread(&sim), [("ng-1".into(), 1), ("ng-2".into(), 1), ("ng-3".into(), 1)]);
    assert!(sim.kube().autoscaler.unneeded_since.values().all(|t| t.secs() == 110));
    advance_to(&mut sim, 710);
    // Only ng-1 goes at t=710: its pod would move to ng-2, which therefore stays, and ng-3
    // waits (one node with pods drained per loop).
    assert_eq!(messages(&sim, "ScaleDown"), ["marked the node as toBeDeleted/unschedulable", "deleting pod for node scale down"]);
    assert!(sim.kube().autoscaler.deleting.contains("ng-1"));
    advance_to(&mut sim, 800);
    // The replacement pod landed on ng-3 (90 %); ng-2's pod has nowhere to go now.
    assert_eq!(spread(&sim), [("ng-2".into(), 1), ("ng-3".into(), 2)]);
    assert!(sim.kube().autoscaler.unneeded_since.is_empty());
    advance_to(&mut sim, 2000);
    assert_eq!(nodes(&sim), ["ng-2", "ng-3"]);
}

#[test]
fn bin_packing_places_the_largest_pods_first() {
    let mut sim = Sim::new(1);
    sim.add_node_group(&group("ng", 0, 5)).unwrap();
    // Store order puts the 700m pods first; first fit in that order would need 4 nodes
    // (700+700, 700+1300, 1300, 1300); largest first needs 3 (1300+700 each).
    apply(&mut sim, &deployment("a-small", 3, "700m", "", ""));
    apply(&mut sim, &deployment("b-big", 3, "1300m", "", ""));
    advance_to(&mut sim, 10);
    assert_eq!(messages(&sim, "TriggeredScaleUp"), ["pod triggered scale-up: [{ng 0->3 (max: 5)}]"; 6]);
    advance_to(&mut sim, 100);
    assert_eq!(pending(&sim), 0);
    assert_eq!(spread(&sim), [("ng-1".into(), 2), ("ng-2".into(), 2), ("ng-3".into(), 2)]);
}

#[test]
fn local_storage_blocks_scale_down_unless_in_memory_or_listed_safe() {
    let scratch = |medium: &str| format!("      volumes:\n      - name: scratch\n        emptyDir: {{{medium}}}\n");
    // An emptyDir on the node's disk: ng-1 is never unneeded, even at t=2000.
    let mut sim = one_small_pod_on_ng_1(&deployment("cache", 1, "100m", &scratch(""), ""));
    assert_eq!(sim.kube().store.pods.values().next().unwrap().spec.volumes[0].name, "scratch");
    advance_to(&mut sim, 2000);
    assert_eq!(nodes(&sim), ["ng-1", "spare"]);
    assert!(messages(&sim, "ScaleDown").is_empty());
    // In memory (tmpfs), or named in `safe-to-evict-local-volumes`: it moves, and ng-1 goes
    // at 720 as a pod without volumes would (`a_replicated_pod_moves_…`).
    for (medium, annotations) in [
        ("medium: Memory", ""),
        ("", "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes: scratch"),
    ] {
        let mut sim = one_small_pod_on_ng_1(&deployment("cache", 1, "100m", &scratch(medium), annotations));
        advance_to(&mut sim, 720);
        assert_eq!(nodes(&sim), ["spare"], "{medium} {annotations}");
    }
}
