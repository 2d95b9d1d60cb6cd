//! Jobs through the engine's actions: pods run to completion, parallelism and
//! completions, the failure back-off (10 s doubling) and the backoff limit.

use podium_engine::kube::manifest::decode;
use podium_engine::{Action, ApiError, NodeConfig, Resource, Sim};

fn job(name: &str, extra_spec: &str, command: &str) -> String {
    format!(
        "apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
{extra_spec}  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        image: busybox:1.36
        command: {command}
"
    )
}

fn cluster() -> Sim {
    let nodes: Vec<NodeConfig> = (1..=2).map(|i| NodeConfig::new(&format!("node-{i}"), "4", "8Gi").unwrap()).collect();
    Sim::with_nodes(3, &nodes).unwrap()
}

fn apply(sim: &mut Sim, yaml: &str) -> Result<podium_engine::Outcome, ApiError> {
    let objects = decode(yaml).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() })
}

fn counts(sim: &Sim, name: &str) -> (i64, i64, i64) {
    let j = &sim.kube().store.jobs[&podium_engine::kube::Key::new("default", name)];
    (j.status.active, j.status.succeeded, j.status.failed)
}

fn reasons(sim: &Sim, reason: &str) -> Vec<(u64, String)> {
    sim.events().all().iter().filter(|e| e.reason == reason).map(|e| (e.first_seen.secs(), e.message.clone())).collect()
}

#[test]
fn a_job_runs_one_pod_to_completion() {
    let mut sim = cluster();
    let out = apply(&mut sim, &job("pi", "", "[sleep, '10']")).unwrap();
    assert_eq!(out.changes[0].kubectl_line(), "job.batch/pi created");
    let j = &sim.kube().store.jobs.values().next().unwrap();
    let uid = j.metadata.uid.clone();
    assert_eq!(j.spec.selector.match_labels["batch.kubernetes.io/controller-uid"], uid);
    assert_eq!((j.spec.parallelism, j.spec.completions, j.spec.backoff_limit), (1, 1, 6));
    assert_eq!(counts(&sim, "pi"), (1, 0, 0));
    let pod = sim.kube().store.pods.values().next().unwrap();
    assert_eq!(pod.metadata.labels["job-name"], "pi");
    assert!(pod.metadata.name.starts_with("pi-"));
    // Pulled and started within 5 s, works 10 s.
    sim.advance(20);
    assert_eq!(counts(&sim, "pi"), (0, 1, 0));
    let pod = sim.kube().store.pods.values().next().unwrap();
    assert_eq!(pod.status.phase, "Succeeded");
    assert_eq!(pod.display_status(), "Completed");
    let t = pod.status.container_statuses[0].state.terminated.as_ref().unwrap();
    assert_eq!((t.exit_code, t.reason.as_str()), (0, "Completed"));
    assert_eq!(t.finished_at.since(t.started_at.unwrap()), 10);
    let j = &sim.kube().store.jobs.values().next().unwrap();
    assert!(j.status.condition("Complete"));
    assert_eq!(j.status.completion_time.unwrap(), t.finished_at);
    assert_eq!(reasons(&sim, "Completed").len(), 1);
    assert_eq!(reasons(&sim, "Completed")[0].1, "Job completed");
    assert_eq!(reasons(&sim, "SuccessfulCreate").len(), 1);
}

#[test]
fn parallelism_and_completions() {
    let mut sim = cluster();
    // 5 completions, 2 at a time, 5 s each (the default work time of a job pod).
    apply(&mut sim, &job("batch", "  completions: 5\n  parallelism: 2\n", "[echo, hi]")).unwrap();
    assert_eq!(counts(&sim, "batch"), (2, 0, 0));
    let mut most = 0;
    for _ in 0..60 {
        sim.tick();
        let (a, s, _) = counts(&sim, "batch");
        most = most.max(a);
        assert!(a + s <= 5);
    }
    assert_eq!(most, 2);
    assert_eq!(counts(&sim, "batch"), (0, 5, 0));
    assert_eq!(reasons(&sim, "SuccessfulCreate").len(), 5);
    assert_eq!(sim.kube().store.pods.len(), 5, "completed pods stay");
}

#[test]
fn failures_back_off_10s_doubling_and_the_7th_fails_the_job() {
    let mut sim = cluster();
    apply(&mut sim, &job("flaky", "", "[sh, -c, 'sleep 1; exit 1']")).unwrap();
    sim.advance(1500);
    assert_eq!(counts(&sim, "flaky"), (0, 0, 7));
    let created: Vec<u64> = reasons(&sim, "SuccessfulCreate").into_iter().map(|(t, _)| t).collect();
    assert_eq!(created.len(), 7);
    // Each pod fails at created + pull/start + 1 s; the next comes 10, 20, 40, 80, 160, 320 s after that failure.
    let failed_at: Vec<u64> = sim
        .kube()
        .store
        .pods
        .values()
        .map(|p| p.status.container_statuses[0].state.terminated.as_ref().unwrap().finished_at.secs())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let gaps: Vec<u64> = created.iter().skip(1).zip(&failed_at).map(|(c, f)| c - f).collect();
    assert_eq!(gaps, [10, 20, 40, 80, 160, 320]);
    let j = &sim.kube().store.jobs.values().next().unwrap();
    let c = j.status.conditions.iter().find(|c| c.type_ == "Failed").unwrap();
    assert_eq!((c.reason.as_str(), c.message.as_str()), ("BackoffLimitExceeded", "Job has reached the specified backoff limit"));
    assert_eq!(reasons(&sim, "BackoffLimitExceeded").len(), 1);
}

#[test]
fn validation_and_cascading_delete() {
    let mut sim = cluster();
    let e = apply(&mut sim, &job("bad", "", "[sleep, '1']").replace("      restartPolicy: Never\n", "")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The Job \"bad\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""
    );
    apply(&mut sim, &job("long", "", "[sleep, '3600']")).unwrap();
    assert_eq!(apply(&mut sim, &job("long", "", "[sleep, '3600']")).unwrap().changes[0].verb, podium_engine::Verb::Unchanged);
    let e = apply(&mut sim, &job("long", "", "[sleep, '10']")).unwrap_err();
    assert!(e.to_string().contains("spec.template: Invalid value"), "{e}");
    sim.advance(5);
    sim.act(Action::Delete { resource: Resource::Job, namespace: "default".into(), name: "long".into() }).unwrap();
    sim.advance(5);
    assert!(sim.kube().store.pods.is_empty());
    assert_eq!(Resource::parse("jobs.batch"), Some(Resource::Job));
}
