//! `kubectl autoscale`, `get hpa`, `describe hpa` and `top`, with exact outputs.

use podium_engine::kube::selector::Selector;
use podium_engine::quantity::Quantity;
use podium_engine::samples::WEB_APP as WEB;
use podium_engine::{Action, NodeConfig, Sim};
use podium_kubectl::{apply, run};

fn cluster() -> Sim {
    let mut sim = Sim::with_nodes(1, &[NodeConfig::new("node-a", "4", "8Gi").unwrap()]).unwrap();
    assert!(apply(&mut sim, WEB, None).success);
    sim.advance(30);
    sim
}

fn load(sim: &mut Sim, cpu: &str, memory: &str) {
    sim.act(Action::SetLoad {
        namespace: "default".into(),
        selector: Selector::parse("app=web").unwrap(),
        cpu: Some(Quantity::parse(cpu).unwrap()),
        memory: Some(Quantity::parse(memory).unwrap()),
    })
    .unwrap();
}

fn out(sim: &mut Sim, line: &str) -> String {
    let o = run(sim, line);
    assert!(o.success, "{line}: {}", o.stderr);
    o.stdout
}

#[test]
fn autoscale_then_get_hpa_shows_targets() {
    let mut sim = cluster();
    load(&mut sim, "450m", "128Mi");
    assert_eq!(
        out(&mut sim, "kubectl autoscale deployment web --cpu-percent=50 --min=2 --max=10"),
        "horizontalpodautoscaler.autoscaling/web autoscaled\n"
    );
    // 450m of 500m is 90% of a 50% target: ceil(1.8 * 3) = 6.
    assert_eq!(
        out(&mut sim, "kubectl get hpa"),
        "NAME   REFERENCE        TARGETS        MINPODS   MAXPODS   REPLICAS   AGE\nweb    Deployment/web   cpu: 90%/50%   2         10        3          0s\n"
    );
    sim.advance(15);
    assert_eq!(
        out(&mut sim, "kubectl get horizontalpodautoscalers.autoscaling web"),
        "NAME   REFERENCE        TARGETS        MINPODS   MAXPODS   REPLICAS   AGE\nweb    Deployment/web   cpu: 90%/50%   2         10        6          15s\n"
    );
    let d = out(&mut sim, "kubectl describe hpa web");
    assert!(d.contains("  resource cpu on pods  (as a percentage of request):  90% (450m) / 50%\n"), "{d}");
    assert!(d.contains("Min replicas:                                          2\n"), "{d}");
    // Still 90% at the sync 15 s later: ceil(1.8 * 6) = 11, clamped to 10.
    assert!(d.contains("Deployment pods:                                       6 current / 10 desired\n"), "{d}");
    assert!(d.contains(
        "Conditions:
  Type            Status  Reason            Message
  ----            ------  ------            -------
  AbleToScale     True    SucceededRescale  the HPA controller was able to update the target scale to 10
  ScalingActive   True    ValidMetricFound  the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)
  ScalingLimited  True    TooManyReplicas   the desired replica count is more than the maximum replica count
"
    ), "{d}");
    assert!(d.contains("  Normal  SuccessfulRescale  15s   horizontal-pod-autoscaler  New size: 6; reason: cpu resource utilization (percentage of request) above target\n"), "{d}");
}

#[test]
fn get_hpa_before_any_reading_is_unknown() {
    let mut sim = cluster();
    apply(
        &mut sim,
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  scaleTargetRef: {kind: Deployment, name: api}\n  maxReplicas: 5\n",
        None,
    );
    assert_eq!(
        out(&mut sim, "kubectl get hpa"),
        "NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\napi    Deployment/api   cpu: <unknown>/80%   1         5         0          0s\n"
    );
}

#[test]
fn top_pods_and_nodes_read_the_load_model() {
    let mut sim = cluster();
    load(&mut sim, "250m", "128Mi");
    let pods = out(&mut sim, "kubectl top pods");
    let lines: Vec<&str> = pods.lines().collect();
    assert_eq!(lines[0], "NAME                   CPU(cores)   MEMORY(bytes)");
    assert_eq!(lines.len(), 4);
    assert!(lines[1].ends_with("   250m         128Mi"), "{pods}");
    assert_eq!(
        out(&mut sim, "kubectl top nodes"),
        "NAME     CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)\nnode-a   750m         18%      384Mi           4%\n"
    );
}

/// An HPA written as autoscaling/v1 (older tutorials) scales like its v2 form: 450m of 500m is
/// 90% of a 50% target, so 3 replicas become ceil(1.8 × 3) = 6 at the first sync.
#[test]
fn an_autoscaling_v1_hpa_scales_like_its_v2_form() {
    let mut sim = cluster();
    load(&mut sim, "450m", "128Mi");
    let applied = apply(
        &mut sim,
        "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n  targetCPUUtilizationPercentage: 50\n",
        None,
    );
    assert_eq!((applied.stdout.as_str(), applied.stderr.as_str()), ("horizontalpodautoscaler.autoscaling/web created\n", ""));
    sim.advance(15);
    assert_eq!(
        out(&mut sim, "kubectl get hpa"),
        "NAME   REFERENCE        TARGETS        MINPODS   MAXPODS   REPLICAS   AGE\nweb    Deployment/web   cpu: 90%/50%   2         10        6          15s\n"
    );
    assert!(out(&mut sim, "kubectl get hpa web -o yaml").starts_with("apiVersion: autoscaling/v2\n"));
}
