//! Step-by-step mode and "until nothing changes" on a cluster whose HPA syncs every 15 s:
//! its readings move with the load, but a steady load is a quiet cluster.

use podium_engine::kube::manifest::decode;
use podium_engine::kube::selector::Selector;
use podium_engine::quantity::Quantity;
use podium_engine::stepping::{QuietReport, QUIET_WINDOW_SECONDS};
use podium_engine::{Action, NodeConfig, Sim};

const APP: &str = "apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources: {requests: {cpu: 500m, memory: 256Mi}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 6
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
";

fn sim() -> Sim {
    let nodes: Vec<NodeConfig> = (1..=3).map(|i| NodeConfig::new(&format!("node-{i}"), "4", "8Gi").unwrap()).collect();
    let mut sim = Sim::with_nodes(5, &nodes).unwrap();
    let objects = decode(APP).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
    sim
}

fn load(cpu: &str) -> Action {
    Action::SetLoad {
        namespace: "default".into(),
        selector: Selector::parse("app=web").unwrap(),
        cpu: Some(Quantity::parse(cpu).unwrap()),
        memory: None,
    }
}

fn replicas(sim: &Sim) -> i64 {
    sim.kube().store.deployments.values().next().unwrap().spec.replicas
}

#[test]
fn an_hpa_at_steady_load_is_quiet_and_a_pushed_load_runs_until_the_new_pods_are_ready() {
    let mut sim = sim();
    // The pods start within seconds; at 315 s the HPA's conditions still change: its 300 s
    // scale-down stabilization window, opened by its first sync at 15 s, ends (AbleToScale
    // ScaleDownStabilized → ReadyForNewScale; ScalingLimited TooFewReplicas, the idle pods
    // asking for fewer than the minimum of 2). Quiet after that, to the cap.
    let report = sim.run_until_quiet(600);
    assert_eq!(report, QuietReport::Quiet { after: 315, window: QUIET_WINDOW_SECONDS, ahead: 255 });
    let limited = &sim.kube().store.hpas.values().next().unwrap().status.conditions[2];
    assert_eq!((limited.type_.as_str(), limited.reason.as_str()), ("ScalingLimited", "TooFewReplicas"));
    // 20% of 50% at 2 replicas: the HPA syncs every 15 s, its reading moves, nothing else.
    sim.act(load("100m")).unwrap();
    assert_eq!(sim.run_until_quiet(600), QuietReport::Quiet { after: 0, window: QUIET_WINDOW_SECONDS, ahead: 570 });
    assert_eq!(replicas(&sim), 2);
    // 100% of 50%: ceil(2 × 2) = 4 at the next sync; every pod uses 500m, so 100% again at
    // 4 and the sync 15 s later goes to the maximum, 6; quiet once those pods are ready.
    sim.act(load("500m")).unwrap();
    let report = sim.run_until_quiet(600);
    let QuietReport::Quiet { after, .. } = report else { panic!("{report:?}") };
    assert!((16..=60).contains(&after), "{after}");
    assert_eq!(replicas(&sim), 6);
    let ready = sim.kube().store.pods.values().filter(|p| p.is_ready()).count();
    assert_eq!(ready, 6);
}

#[test]
fn the_cap_ends_a_run_that_keeps_changing() {
    let mut sim = sim();
    sim.act(load("500m")).unwrap();
    let start = sim.now();
    // The scale-up to 4, then to 6 (100% of 50% again at 4 pods), keeps the first 20 s busy.
    assert_eq!(sim.run_until_quiet(20), QuietReport::StillChanging { after: 20 });
    assert_eq!(sim.now(), start.plus(20));
}

#[test]
fn stepping_through_an_hpa_scale_up_ends_where_ticking_ends() {
    let mut ticked = sim();
    ticked.act(load("500m")).unwrap();
    let mut stepped = ticked.clone();
    ticked.advance(40);
    stepped.set_hold(true);
    let end = stepped.now().plus(40);
    let mut steps = 0;
    while stepped.now() < end || stepped.unsettled() {
        stepped.step_controller();
        steps += 1;
    }
    assert!(steps > 40, "each second is at least one step");
    assert_eq!(stepped.state_hash(), ticked.state_hash());
}

/// A switched-off node is silent for 50 s before the node lifecycle controller marks it NotReady,
/// and its pods are evicted 300 s after that (`node.kubernetes.io/unreachable` tolerated for
/// `tolerationSeconds: 300`, the DefaultTolerationSeconds admission default). Thirty quiet seconds
/// are not the end of that story: the run plays through both waits to the replacements.
#[test]
fn until_quiet_waits_through_a_dead_nodes_grace_period_and_eviction() {
    let mut sim = sim();
    let QuietReport::Quiet { .. } = sim.run_until_quiet(600) else { panic!("the pods start, then nothing") };
    let node = sim.kube().store.pods.values().next().and_then(|p| p.node()).unwrap().to_string();
    let on_node = |sim: &Sim| sim.kube().store.pods.values().filter(|p| p.node() == Some(node.as_str())).count();
    assert!(on_node(&sim) > 0);
    sim.act(Action::KillNode { name: node.clone() }).unwrap();
    let start = sim.now();
    let report = sim.run_until_quiet(600);
    let QuietReport::Quiet { after, window, ahead } = report else { panic!("{report:?}") };
    // The eviction at 350 s (50 + 300), then the replacements start within seconds.
    assert!((350..380).contains(&after), "{report:?}");
    assert_eq!((window, after + window + ahead), (QUIET_WINDOW_SECONDS, 600));
    assert_eq!(sim.now(), start.plus(after + window));
    let reasons: Vec<(u64, &str)> = sim
        .events()
        .all()
        .iter()
        .filter(|e| matches!(e.reason.as_str(), "NodeNotReady" | "TaintManagerEviction"))
        .map(|e| (e.first_seen.since(start), e.reason.as_str()))
        .collect();
    assert!(reasons.contains(&(50, "NodeNotReady")), "{reasons:?}");
    assert!(reasons.contains(&(350, "TaintManagerEviction")), "{reasons:?}");
    let left: Vec<_> = sim.kube().store.pods.values().filter(|p| p.node() == Some(node.as_str())).map(|p| p.display_status()).collect();
    assert_eq!(left, ["Terminating"], "evicted: marked for deletion; its kubelet is gone, so it stays Terminating");
    let ready = sim.kube().store.pods.values().filter(|p| p.is_ready()).count();
    assert_eq!(ready, 2, "replaced on the other nodes");
}

