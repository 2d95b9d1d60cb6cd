//! `kubectl run` and `kubectl create cronjob` with exact outputs.

use podium_engine::kube::Key;
use podium_engine::{NodeConfig, Sim};
use podium_kubectl::run;

fn cluster() -> Sim {
    Sim::with_nodes(5, &[NodeConfig::new("node-a", "4", "8Gi").unwrap()]).unwrap()
}

fn ok(sim: &mut Sim, line: &str) -> String {
    let out = run(sim, line);
    assert!(out.success, "{line}: {out:?}");
    assert_eq!(out.stderr, "", "{line}");
    out.stdout
}

fn fail(sim: &mut Sim, line: &str) -> String {
    let out = run(sim, line);
    assert!(!out.success, "{line}: {out:?}");
    assert_eq!(out.stdout, "", "{line}");
    out.stderr
}

#[test]
fn run_creates_a_bare_pod_labelled_run() {
    let mut sim = cluster();
    assert_eq!(ok(&mut sim, "run web --image=nginx:1.27 --port=80"), "pod/web created\n");
    let p = &sim.kube().store.pods[&Key::new("default", "web")];
    assert_eq!(p.metadata.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(), ["run=web"]);
    assert!(p.metadata.owner_references.is_empty());
    assert_eq!(p.spec.restart_policy, "Always");
    let c = &p.spec.containers[0];
    assert_eq!((c.name.as_str(), c.image.as_str(), c.ports[0].container_port), ("web", "nginx:1.27", 80));
    sim.advance(10);
    assert_eq!(ok(&mut sim, "get pods --show-labels"), "NAME   READY   STATUS    RESTARTS   AGE   LABELS\nweb    1/1     Running   0          10s   run=web\n");

    assert_eq!(ok(&mut sim, "run once --image=busybox:1.36 --restart=Never --labels=app=tools,tier=debug -- sleep 3"), "pod/once created\n");
    let p = &sim.kube().store.pods[&Key::new("default", "once")];
    assert_eq!(p.spec.restart_policy, "Never");
    assert_eq!(p.metadata.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(), ["app=tools", "tier=debug"]);
    assert_eq!(p.spec.containers[0].command, ["sleep", "3"]);

    assert_eq!(fail(&mut sim, "run web --image=nginx"), "Error from server (AlreadyExists): pods \"web\" already exists\n");
    assert_eq!(fail(&mut sim, "run api"), "error: required flag(s) \"image\" not set\n");
    assert_eq!(fail(&mut sim, "run api --image=nginx --restart=Sometimes"), "error: invalid restart policy: Sometimes\n");
    assert_eq!(fail(&mut sim, "run api --image=nginx --labels=oops"), "error: invalid label spec: oops\n");
    assert_eq!(fail(&mut sim, "run --image=nginx"), "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n");
}

#[test]
fn create_cronjob_then_its_jobs_run() {
    let mut sim = cluster();
    assert_eq!(
        ok(&mut sim, "create cronjob tick --image=busybox:1.36 --schedule=\"*/5 * * * *\" -- sleep 2"),
        "cronjob.batch/tick created\n"
    );
    let cj = &sim.kube().store.cron_jobs[&Key::new("default", "tick")];
    assert_eq!(cj.spec.schedule, "*/5 * * * *");
    let pod = &cj.spec.job_template.spec.template.spec;
    assert_eq!(pod.restart_policy, "OnFailure");
    assert_eq!((pod.containers[0].name.as_str(), pod.containers[0].command.clone()), ("tick", vec!["sleep".to_string(), "2".into()]));
    assert_eq!(
        ok(&mut sim, "get cronjobs"),
        "NAME   SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\ntick   */5 * * * *   <none>     False     0        <none>          0s\n"
    );
    sim.advance(300);
    assert_eq!(sim.kube().store.jobs.len(), 1);
    assert_eq!(fail(&mut sim, "create cronjob tick --image=busybox --schedule=@hourly"), "Error from server (AlreadyExists): cronjobs.batch \"tick\" already exists\n");
    assert_eq!(fail(&mut sim, "create cronjob x"), "error: required flag(s) \"image\", \"schedule\" not set\n");
    assert_eq!(fail(&mut sim, "create cronjob x --image=busybox"), "error: required flag(s) \"schedule\" not set\n");
    assert_eq!(fail(&mut sim, "create cronjob x --image=busybox --schedule=@hourly --restart=Always"), "error: restart must be either OnFailure or Never, got Always\n");
    let bad = fail(&mut sim, "create cronjob x --image=busybox --schedule=\"every day\"");
    assert!(bad.starts_with("The CronJob \"x\" is invalid: spec.schedule: Invalid value: \"every day\""), "{bad}");
    assert!(!sim.kube().store.cron_jobs.contains_key(&Key::new("default", "x")));
}
