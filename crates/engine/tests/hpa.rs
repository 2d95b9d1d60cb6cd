//! HorizontalPodAutoscaler with concrete numbers: the replica calculation (unready pods,
//! tolerance), the legacy and `behavior` rate limits, stabilization and the events.

use podium_engine::kube::hpa::{limit, within_tolerance, Limit};
use podium_engine::kube::manifest::decode;
use podium_engine::kube::selector::Selector;
use podium_engine::kube::Key;
use podium_engine::quantity::Quantity;
use podium_engine::{Action, NodeConfig, Sim};

fn deployment(replicas: i64) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources:
          requests: {{cpu: 500m, memory: 256Mi}}
        readinessProbe:
          httpGet: {{path: /ready, port: 8080}}
"
    )
}

fn hpa(min: i64, max: i64, target: i64, behavior: &str) -> String {
    format!(
        "apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: web}}
  minReplicas: {min}
  maxReplicas: {max}
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {{type: Utilization, averageUtilization: {target}}}
{behavior}"
    )
}

fn sim() -> Sim {
    let nodes: Vec<NodeConfig> = (1..=4).map(|i| NodeConfig::new(&format!("node-{i}"), "16", "64Gi").unwrap()).collect();
    Sim::with_nodes(11, &nodes).unwrap()
}

fn apply(sim: &mut Sim, yaml: &str) {
    let objects = decode(yaml).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
}

fn load(sim: &mut Sim, selector: &str, cpu: &str) {
    sim.act(Action::SetLoad {
        namespace: "default".into(),
        selector: Selector::parse(selector).unwrap(),
        cpu: Some(Quantity::parse(cpu).unwrap()),
        memory: None,
    })
    .unwrap();
}

fn replicas(sim: &Sim) -> i64 {
    sim.kube().store.deployments[&Key::new("default", "web")].spec.replicas
}

fn hpa_obj(sim: &Sim) -> &podium_engine::kube::hpa::HorizontalPodAutoscaler {
    &sim.kube().store.hpas[&Key::new("default", "web")]
}

fn cond(sim: &Sim, t: &str) -> (String, String) {
    let c = hpa_obj(sim).condition(t).unwrap();
    (c.status.clone(), c.reason.clone())
}

fn rescales(sim: &Sim) -> Vec<String> {
    sim.events().all().iter().filter(|e| e.reason == "SuccessfulRescale").map(|e| e.message.clone()).collect()
}

/// Labels the web pods in name order `slot=a`, `slot=b`, … so each can get its own load.
fn slot_pods(sim: &mut Sim) {
    let names: Vec<String> = sim.kube().store.pods.keys().filter(|k| k.namespace == "default").map(|k| k.name.clone()).collect();
    for (i, name) in names.into_iter().enumerate() {
        let slot = ((b'a' + i as u8) as char).to_string();
        sim.act(Action::Label {
            resource: podium_engine::action::Resource::Pod,
            namespace: "default".into(),
            name,
            set: vec![("slot".into(), slot)],
            remove: vec![],
            overwrite: true,
            annotations: false,
        })
        .unwrap();
    }
}

#[test]
fn tolerance_is_inclusive_at_exactly_one_point_one() {
    assert!(within_tolerance(55.0 / 50.0));
    assert!(within_tolerance(45.0 / 50.0));
    assert!(!within_tolerance(111.0 / 100.0));
    assert!(!within_tolerance(89.0 / 100.0));
}

#[test]
fn two_pods_at_90_percent_and_one_unready_scale_to_four() {
    let mut s = sim();
    apply(&mut s, &deployment(3));
    s.advance(30);
    slot_pods(&mut s);
    load(&mut s, "app=web", "450m");
    s.act(Action::SetHealth { namespace: "default".into(), selector: Selector::parse("slot=c").unwrap(), readiness: Some(false), liveness: None })
        .unwrap();
    s.advance(40);
    // 450m of 500m on a and b (90%); c unready counts 0 when scaling up:
    // 900 * 100 / 1500 = 60% of a 50% target, ratio 1.2, ceil(1.2 * 3) = 4.
    apply(&mut s, &hpa(1, 10, 50, ""));
    assert_eq!(replicas(&s), 4);
    assert_eq!(rescales(&s), vec!["New size: 4; reason: cpu resource utilization (percentage of request) above target".to_string()]);
    let h = hpa_obj(&s);
    assert_eq!((h.status.current_replicas, h.status.desired_replicas), (3, 4));
    // currentMetrics reports the ready pods' utilization: 90%.
    assert_eq!(h.status.current_metrics[0].resource.as_ref().unwrap().current.average_utilization, Some(90));
    assert_eq!(cond(&s, "AbleToScale"), ("True".into(), "SucceededRescale".into()));
    assert_eq!(cond(&s, "ScalingActive"), ("True".into(), "ValidMetricFound".into()));
    assert_eq!(cond(&s, "ScalingLimited"), ("False".into(), "DesiredWithinRange".into()));
}

#[test]
fn an_unready_pod_that_flips_the_ratio_blocks_the_scale_up() {
    let mut s = sim();
    apply(&mut s, &deployment(4));
    s.advance(30);
    slot_pods(&mut s);
    load(&mut s, "app=web", "450m");
    s.act(Action::SetHealth { namespace: "default".into(), selector: Selector::parse("slot=d").unwrap(), readiness: Some(false), liveness: None })
        .unwrap();
    s.advance(40);
    // Ready pods: 90% of an 80% target (ratio 1.125); with the unready pod as 0:
    // 1350 * 100 / 2000 = 67%, ratio 0.84: the direction flips, so nothing changes.
    apply(&mut s, &hpa(1, 10, 80, ""));
    s.advance(60);
    assert_eq!(replicas(&s), 4);
    assert!(rescales(&s).is_empty());
}

#[test]
fn tolerance_boundary_at_55_and_56_percent_of_50() {
    for (cpu, want) in [("275m", 3), ("280m", 4)] {
        let mut s = sim();
        apply(&mut s, &deployment(3));
        load(&mut s, "app=web", cpu);
        s.advance(30);
        apply(&mut s, &hpa(1, 10, 50, ""));
        // 275m: 55%, ratio 1.1, within tolerance. 280m: 56%, ratio 1.12, ceil(3.36) = 4.
        assert_eq!(replicas(&s), want, "{cpu}");
        // Neither count was held back.
        assert_eq!(limit(hpa_obj(&s)), None, "{cpu}");
    }
}

#[test]
fn without_behavior_scale_up_is_limited_to_max_of_double_and_four() {
    let mut s = sim();
    apply(&mut s, &deployment(1));
    load(&mut s, "app=web", "2");
    s.advance(30);
    apply(&mut s, &hpa(1, 20, 50, ""));
    // 400% of 50%: ratio 8, desired 8, limited to max(2 * 1, 4) = 4.
    assert_eq!(replicas(&s), 4);
    assert_eq!(cond(&s, "ScalingLimited"), ("True".into(), "ScaleUpLimit".into()));
    assert_eq!(limit(hpa_obj(&s)), Some(Limit::ScaleUpRate));
    s.advance(15);
    // Next sync: desired ceil(8 * 4) = 32, limited to max(8, 4) = 8.
    assert_eq!(replicas(&s), 8);
    s.advance(15);
    assert_eq!(replicas(&s), 16, "max(2 * 8, 4)");
    s.advance(15);
    // Then the maximum: 20.
    assert_eq!(replicas(&s), 20);
    assert_eq!(cond(&s, "ScalingLimited"), ("True".into(), "TooManyReplicas".into()));
    assert_eq!(limit(hpa_obj(&s)), Some(Limit::Max));
}

#[test]
fn default_behavior_adds_the_larger_of_four_pods_and_100_percent() {
    let mut s = sim();
    apply(&mut s, &deployment(1));
    load(&mut s, "app=web", "2");
    s.advance(30);
    apply(&mut s, &hpa(1, 40, 50, "  behavior: {}\n"));
    assert_eq!(replicas(&s), 5, "1 + max(4, 100%)");
    s.advance(15);
    assert_eq!(replicas(&s), 10, "5 + max(4, 5)");
    let stored = hpa_obj(&s).spec.behavior.clone().unwrap();
    assert_eq!(stored.scale_down.unwrap().stabilization_window_seconds, Some(300));
}

#[test]
fn pods_policy_with_select_min_and_disabled_scale_down() {
    let behavior = "  behavior:
    scaleUp:
      selectPolicy: Min
      policies:
      - {type: Pods, value: 1, periodSeconds: 60}
      - {type: Percent, value: 100, periodSeconds: 15}
    scaleDown:
      selectPolicy: Disabled
";
    let mut s = sim();
    apply(&mut s, &deployment(2));
    load(&mut s, "app=web", "2");
    s.advance(30);
    apply(&mut s, &hpa(1, 40, 50, behavior));
    assert_eq!(replicas(&s), 3, "min(2 + 1, 2 * 2)");
    s.advance(15);
    // Within the 60 s period the Pods policy allows 2 + 1 = 3 in all: no change.
    assert_eq!(replicas(&s), 3);
    s.advance(45);
    assert_eq!(replicas(&s), 4);
    // Load off: scale down is disabled.
    load(&mut s, "app=web", "0");
    s.advance(600);
    assert!(replicas(&s) >= 4);
    assert_eq!(cond(&s, "ScalingLimited"), ("True".into(), "ScaleDownLimit".into()));
    assert_eq!(limit(hpa_obj(&s)), Some(Limit::ScaleDownRate));
}

#[test]
fn scale_down_waits_for_the_300_second_stabilization_window() {
    let mut s = sim();
    apply(&mut s, &deployment(2));
    load(&mut s, "app=web", "500m");
    s.advance(30);
    apply(&mut s, &hpa(2, 10, 50, ""));
    let created = s.now().secs();
    assert_eq!(replicas(&s), 4, "100% of 50%: ratio 2");
    load(&mut s, "app=web", "50m");
    // 10% of 50%: desired ceil(0.2 * 4) = 1, clamped to 2, but the window holds 4.
    s.advance(285);
    assert_eq!(replicas(&s), 4);
    assert_eq!(cond(&s, "AbleToScale"), ("True".into(), "ScaleDownStabilized".into()));
    // The window holds it, not a clamp: the minimum (2) is below the 4 it holds.
    assert_eq!(limit(hpa_obj(&s)), Some(Limit::ScaleDownStabilized));
    // The recommendation of 4 (made at `created`) leaves the window after 300 s: the sync at +300 s still
    // sees it (legacy window keeps samples not before the cutoff), the one at +315 s does not.
    s.advance(15);
    assert_eq!(replicas(&s), 4);
    s.advance(15);
    assert_eq!(s.now().secs() - created, 315);
    assert_eq!(replicas(&s), 2);
    assert_eq!(rescales(&s).last().unwrap(), "New size: 2; reason: All metrics below target");
    // ceil(0.2 × 4) = 1, raised to the minimum of 2.
    assert_eq!(limit(hpa_obj(&s)), Some(Limit::Min));
}

#[test]
fn min_and_max_clamp_and_missing_targets() {
    let mut s = sim();
    apply(&mut s, &deployment(12));
    s.advance(30);
    apply(&mut s, &hpa(2, 5, 50, ""));
    assert_eq!(replicas(&s), 5);
    assert_eq!(rescales(&s), vec!["New size: 5; reason: Current number of replicas above Spec.MaxReplicas".to_string()]);
    s.act(Action::Delete { resource: podium_engine::action::Resource::Deployment, namespace: "default".into(), name: "web".into() }).unwrap();
    s.advance(15);
    assert_eq!(cond(&s, "AbleToScale"), ("False".into(), "FailedGetScale".into()));
}

#[test]
fn invalid_hpas_are_refused_in_the_api_servers_words() {
    let mut s = sim();
    let objects = decode(&hpa(3, 2, 50, "")).unwrap().into_iter().map(|d| d.object).collect();
    let err = s.act(Action::Apply { objects, namespace: "default".into() }).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The HorizontalPodAutoscaler \"web\" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`"
    );
}

#[test]
fn the_last_decision_keeps_the_formulas_inputs() {
    let mut s = sim();
    apply(&mut s, &deployment(3));
    s.advance(30);
    load(&mut s, "app=web", "450m");
    s.advance(5);
    apply(&mut s, &hpa(1, 10, 50, ""));
    // 450m of 500m is 90% on each of 3 ready pods: ceil(3 × 90 / 50) = ceil(5.4) = 6.
    let d = podium_engine::kube::hpa::last_decision(s.kube(), &Key::new("default", "web")).unwrap();
    assert_eq!((d.resource.as_str(), d.pods, d.utilization, d.target, d.current, d.proposed, d.desired), ("cpu", 3, 90, 50, 3, 6, 6));
    assert!(!d.within_tolerance);
    assert_eq!(replicas(&s), 6);
}
