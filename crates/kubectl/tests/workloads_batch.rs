//! `kubectl create job`, `get jobs`, `describe job` with exact outputs.

use podium_engine::{NodeConfig, Sim};
use podium_kubectl::run;

fn cluster() -> Sim {
    Sim::with_nodes(1, &[NodeConfig::new("node-a", "4", "8Gi").unwrap(), NodeConfig::new("node-b", "4", "8Gi").unwrap()]).unwrap()
}

fn ok(sim: &mut Sim, line: &str) -> String {
    let out = run(sim, line);
    assert!(out.success, "{line}: {out:?}");
    out.stdout
}

#[test]
fn create_get_and_describe_a_job() {
    let mut sim = cluster();
    assert_eq!(ok(&mut sim, "create job pi --image=perl:5.34 -- sleep 20"), "job.batch/pi created\n");
    let j = sim.kube().store.jobs.values().next().unwrap();
    assert_eq!(j.spec.template.spec.containers[0].command, ["sleep", "20"]);
    assert_eq!(j.spec.template.spec.containers[0].name, "pi");
    assert_eq!(j.spec.template.spec.restart_policy, "Never");
    sim.advance(10);
    assert_eq!(
        ok(&mut sim, "get jobs"),
        "NAME   STATUS    COMPLETIONS   DURATION   AGE\npi     Running   0/1           10s        10s\n"
    );
    sim.advance(30);
    let start = sim.kube().store.jobs.values().next().unwrap().status.start_time.unwrap();
    let done = sim.kube().store.jobs.values().next().unwrap().status.completion_time.unwrap();
    let took = done.since(start);
    assert!((21..=26).contains(&took), "{took}");
    assert_eq!(
        ok(&mut sim, "get job pi"),
        format!("NAME   STATUS     COMPLETIONS   DURATION   AGE\npi     Complete   1/1           {took}s        40s\n")
    );
    assert_eq!(ok(&mut sim, "get pods").lines().nth(1).unwrap().split_whitespace().nth(2), Some("Completed"));
    let d = ok(&mut sim, "describe job pi");
    for want in [
        "Parallelism:      1\n",
        "Completions:      1\n",
        "Completion Mode:  NonIndexed\n",
        "Backoff Limit:    6\n",
        "Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n",
        "Normal  Completed         ",
    ] {
        assert!(d.contains(want), "{want:?} in\n{d}");
    }
    assert!(d.contains("Job completed"), "{d}");
    assert!(d.contains("Created pod: pi-"), "{d}");
    let y = ok(&mut sim, "get job pi -o yaml");
    assert!(y.starts_with("apiVersion: batch/v1\nkind: Job\n"), "{y}");
    assert!(y.contains("  succeeded: 1\n"), "{y}");
    assert_eq!(ok(&mut sim, "delete job pi"), "job.batch \"pi\" deleted\n");
    let out = run(&mut sim, "create job x");
    assert_eq!(out.stderr, "error: either --image or --from must be specified\n");
}

#[test]
fn configmaps_and_secrets() {
    let mut sim = cluster();
    assert_eq!(ok(&mut sim, "create configmap app-config --from-literal=mode=fast --from-literal=level=3"), "configmap/app-config created\n");
    assert_eq!(ok(&mut sim, "create secret generic db --from-literal=password=s3cr3tpw"), "secret/db created\n");
    sim.advance(5);
    assert_eq!(ok(&mut sim, "get cm"), "NAME         DATA   AGE\napp-config   2      5s\n");
    assert_eq!(ok(&mut sim, "get secrets"), "NAME   TYPE     DATA   AGE\ndb     Opaque   1      5s\n");
    let y = ok(&mut sim, "get secret db -o yaml");
    assert!(y.contains("data:\n  password: czNjcjN0cHc=\n"), "{y}");
    assert!(!y.contains("s3cr3tpw"), "{y}");
    assert!(y.contains("type: Opaque\n"), "{y}");
    assert_eq!(ok(&mut sim, "get secret db -o jsonpath='{.data.password}'").trim_end(), "czNjcjN0cHc=");
    let d = ok(&mut sim, "describe secret db");
    assert!(d.contains("Type:  Opaque\n"), "{d}");
    assert!(d.contains("password:  8 bytes\n"), "{d}");
    assert!(!d.contains("s3cr3tpw"), "{d}");
    let d = ok(&mut sim, "describe configmap app-config");
    assert!(d.contains("Data\n====\nlevel:\n----\n3\n\nmode:\n----\nfast\n"), "{d}");
    let out = run(&mut sim, "create configmap dup --from-literal=a=1 --from-literal=a=2");
    assert_eq!(out.stderr, "error: cannot add key a, another key by that name already exists in configmap dup\n");
    let out = run(&mut sim, "create secret generic db --from-literal=x=y");
    assert_eq!(out.stderr, "Error from server (AlreadyExists): secrets \"db\" already exists\n");
    // A pod that needs a missing ConfigMap waits, then starts once it exists.
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    envFrom:\n    - configMapRef: {name: settings}\n";
    assert!(podium_kubectl::apply(&mut sim, pod, None).success);
    sim.advance(10);
    let line = ok(&mut sim, "get pod app");
    assert!(line.contains("0/1     CreateContainerConfigError"), "{line}");
    let d = ok(&mut sim, "describe pod app");
    assert!(d.contains("Warning  Failed") && d.contains("Error: configmap \"settings\" not found"), "{d}");
    ok(&mut sim, "create configmap settings --from-literal=a=b");
    sim.advance(2);
    assert!(ok(&mut sim, "get pod app").contains("1/1     Running"));
    assert_eq!(ok(&mut sim, "delete cm settings"), "configmap \"settings\" deleted\n");
}

#[test]
fn cronjobs_get_and_describe() {
    let mut sim = cluster();
    let cj = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: report\n            image: busybox:1.36\n            command: [sleep, \"30\"]\n";
    assert_eq!(podium_kubectl::apply(&mut sim, cj, None).stdout, "cronjob.batch/report created\n");
    sim.advance(10);
    assert_eq!(
        ok(&mut sim, "get cronjobs"),
        "NAME     SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nreport   */5 * * * *   <none>     False     0        <none>          10s\n"
    );
    sim.advance(300);
    assert_eq!(
        ok(&mut sim, "get cj"),
        "NAME     SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nreport   */5 * * * *   <none>     False     1        10s             5m10s\n"
    );
    let job = sim.kube().store.jobs.keys().next().unwrap().name.clone();
    assert_eq!(job, "report-29453765");
    let d = ok(&mut sim, "describe cronjob report");
    for want in [
        "Schedule:                      */5 * * * *\n",
        "Concurrency Policy:            Allow\n",
        "Successful Job History Limit:  3\n",
        "Failed Job History Limit:      1\n",
        "Starting Deadline Seconds:     <unset>\n",
    ] {
        assert!(d.contains(want), "{want:?} in\n{d}");
    }
    let tail: Vec<String> = d
        .lines()
        .filter(|l| l.starts_with("Last Schedule Time:") || l.starts_with("Active Jobs:"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(tail, ["Last Schedule Time: Thu, 01 Jan 2026 00:05:00 +0000", "Active Jobs: report-29453765"]);
    assert!(d.contains("Created job report-29453765"), "{d}");
}
