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
