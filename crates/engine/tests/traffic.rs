//! Service traffic: requests spread over ready endpoints (expected value), CPU per request
//! added to the serving pods' load, errors when no endpoint is ready, and the HPA reacting.

use podium_engine::kube::health::usage;
use podium_engine::kube::manifest::decode;
use podium_engine::kube::traffic::{pod_rps, service_stats, TrafficStats};
use podium_engine::kube::Key;
use podium_engine::quantity::Quantity;
use podium_engine::samples::WEB_APP;
use podium_engine::{Action, ApiError, NodeConfig, Sim};

fn sim() -> Sim {
    let mut sim = Sim::with_nodes(3, &[NodeConfig::new("node-1", "16", "32Gi").unwrap()]).unwrap();
    let objects = decode(WEB_APP).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
    sim.advance(30);
    sim
}

fn traffic(sim: &mut Sim, rps: i64, cost: Option<&str>) -> Result<(), ApiError> {
    sim.act(Action::SetTraffic {
        namespace: "default".into(),
        service: "web".into(),
        rps,
        cpu_per_rps: cost.map(|c| Quantity::parse(c).unwrap()),
    })
    .map(|_| ())
}

fn pods(sim: &Sim) -> Vec<Key> {
    sim.kube().store.pods.keys().filter(|k| k.namespace == "default").cloned().collect()
}

#[test]
fn requests_split_evenly_over_ready_endpoints_and_cost_cpu() {
    let mut s = sim();
    traffic(&mut s, 1000, None).unwrap();
    let keys = pods(&s);
    // 1000 over 3: 333 each, the first endpoint takes the remainder; 1m per request per second.
    let rps: Vec<i64> = keys.iter().map(|k| pod_rps(s.kube(), k)).collect();
    assert_eq!(rps.iter().sum::<i64>(), 1000);
    let mut sorted = rps.clone();
    sorted.sort();
    assert_eq!(sorted, vec![333, 333, 334]);
    let cpu: Vec<i64> = keys.iter().map(|k| usage(s.kube(), k).unwrap().0).collect();
    assert_eq!(cpu, rps);
    assert_eq!(service_stats(s.kube(), "default", "web"), Some(TrafficStats { rps: 1000, endpoints: 3, served_rps: 1000, error_rps: 0 }));
    // A dearer request: 2m each.
    traffic(&mut s, 300, Some("2m")).unwrap();
    assert_eq!(keys.iter().map(|k| usage(s.kube(), k).unwrap().0).collect::<Vec<_>>(), vec![200, 200, 200]);
}

#[test]
fn no_ready_endpoint_means_errors_and_new_pods_share_the_load() {
    let mut s = sim();
    traffic(&mut s, 900, None).unwrap();
    // No ready endpoint: every request is an error.
    s.act(Action::Scale { resource: podium_engine::Resource::Deployment, namespace: "default".into(), name: "web".into(), replicas: 0 }).unwrap();
    s.advance(5);
    let stats = service_stats(s.kube(), "default", "web").unwrap();
    assert_eq!((stats.endpoints, stats.served_rps, stats.error_rps, stats.error_percent()), (0, 0, 900, 100));
    s.act(Action::Scale { resource: podium_engine::Resource::Deployment, namespace: "default".into(), name: "web".into(), replicas: 2 }).unwrap();
    s.advance(30);
    let stats = service_stats(s.kube(), "default", "web").unwrap();
    assert_eq!((stats.endpoints, stats.error_rps), (2, 0));
    assert_eq!(pods(&s).iter().map(|k| pod_rps(s.kube(), k)).collect::<Vec<_>>(), vec![450, 450]);
}

#[test]
fn traffic_to_a_missing_service_is_refused_and_the_hpa_follows_traffic() {
    let mut s = sim();
    let err = s
        .act(Action::SetTraffic { namespace: "default".into(), service: "api".into(), rps: 10, cpu_per_rps: None })
        .unwrap_err();
    assert_eq!(err.to_string(), "services \"api\" not found");
    // 2700 rps at 1m over 3 pods requesting 500m: 900m each, 180% of a 50% target: ceil(3.6 * 3) = 11 → max 6.
    traffic(&mut s, 2700, None).unwrap();
    let hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 6\n  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}\n";
    let objects = decode(hpa).unwrap().into_iter().map(|d| d.object).collect();
    s.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
    assert_eq!(s.kube().store.deployments[&Key::new("default", "web")].spec.replicas, 6);
    s.advance(30);
    // Spread over 6 ready pods: 450m each, 90%: ceil(1.8 * 6) = 11, held at the maximum of 6.
    assert!(pods(&s).iter().all(|k| usage(s.kube(), k) == Some((450, 0))));
}
