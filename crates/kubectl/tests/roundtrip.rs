//! Objects printed by `kubectl get -o yaml` apply again as they are, as in a real cluster
//! (a learner exports an object, edits it, applies it): no warning about fields the server
//! wrote, and the apply succeeds.

use podium_engine::{NodeConfig, Sim};
use podium_kubectl::{apply, run};

const EXTRA: &str = "apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: work, image: busybox, resources: {requests: {cpu: 100m, memory: 64Mi}}}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: '*/5 * * * *'
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: tick, image: busybox}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: fluentd, resources: {requests: {cpu: 50m, memory: 32Mi}}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
---
apiVersion: v1
kind: Secret
metadata: {name: token}
stringData: {key: s3cret}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
";

#[test]
fn every_object_printed_by_get_o_yaml_applies_again_without_warnings() {
    let nodes = [NodeConfig::new("node-a", "4", "8Gi").unwrap(), NodeConfig::new("node-b", "4", "8Gi").unwrap()];
    let mut sim = Sim::with_nodes(1, &nodes).unwrap();
    assert!(apply(&mut sim, podium_engine::samples::WEB_APP, None).success);
    assert!(apply(&mut sim, EXTRA, None).success);
    assert!(run(&mut sim, "autoscale deployment web --cpu-percent=50 --min=2 --max=5").success);
    sim.advance(60);
    let kinds = ["deployment", "replicaset", "pod", "service", "job", "cronjob", "daemonset", "configmap", "secret", "hpa", "namespace"];
    let mut applied = 0;
    for kind in kinds {
        let names = run(&mut sim, &format!("get {kind} -o name"));
        assert!(names.success && !names.stdout.is_empty(), "{kind}: {names:?}");
        for name in names.stdout.lines() {
            let printed = run(&mut sim, &format!("get {name} -o yaml"));
            assert!(printed.success, "{name}: {printed:?}");
            let again = apply(&mut sim, &printed.stdout, None);
            assert_eq!((again.success, again.stderr.as_str()), (true, ""), "{name}");
            assert!(again.stdout.ends_with(" unchanged\n"), "{name}: {}", again.stdout);
            applied += 1;
        }
    }
    // 11 kinds; the Deployment's 3 pods, the DaemonSet's 2 and the Job's 1; 5 namespaces.
    assert!(applied >= 20, "{applied}");
}

/// What the playground cannot take back: a Node and the Endpoints, which a real cluster would
/// accept. The refusal says so, instead of kubectl's "ensure CRDs are installed first".
#[test]
fn a_printed_node_or_endpoints_is_refused_as_not_simulated() {
    let mut sim = Sim::with_nodes(1, &[NodeConfig::new("node-a", "4", "8Gi").unwrap()]).unwrap();
    assert!(apply(&mut sim, podium_engine::samples::WEB_APP, None).success);
    sim.advance(30);
    for (name, hint) in [("node/node-a", "nodes join as machines"), ("endpoints/web", "the endpoints controller writes them")] {
        let printed = run(&mut sim, &format!("get {name} -o yaml"));
        assert!(printed.success, "{name}: {printed:?}");
        let before = sim.state_hash();
        let out = apply(&mut sim, &printed.stdout, None);
        assert!(!out.success, "{name}");
        assert!(out.stderr.starts_with("error: kind \""), "{name}: {}", out.stderr);
        assert!(out.stderr.contains(hint), "{name}: {}", out.stderr);
        assert!(out.stderr.contains("(document at line 1)"), "{name}: {}", out.stderr);
        assert_eq!(sim.state_hash(), before, "a refused apply changes nothing");
    }
}
