//! `kubectl logs`: a simulated container's log, from its state and history, with exact outputs.

use podium_engine::kube::selector::Selector;
use podium_engine::quantity::Quantity;
use podium_engine::{Action, NodeConfig, Sim};
use podium_kubectl::{apply, run};

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 80}]
    resources:
      limits: {cpu: 500m, memory: 128Mi}
    livenessProbe:
      httpGet: {path: /healthz, port: 80}
    readinessProbe:
      httpGet: {path: /ready, port: 80}
  - name: sidecar
    image: busybox:1.36
";

fn cluster() -> Sim {
    let mut sim = Sim::with_nodes(3, &[NodeConfig::new("node-a", "4", "8Gi").unwrap()]).unwrap();
    assert!(apply(&mut sim, POD, None).success);
    sim
}

fn out(sim: &mut Sim, line: &str) -> (String, String, bool) {
    let o = run(sim, line);
    (o.stdout, o.stderr, o.success)
}

fn health(sim: &mut Sim, readiness: Option<bool>, liveness: Option<bool>) {
    let selector = Selector::parse("app=web").unwrap();
    sim.act(Action::SetHealth { namespace: "default".into(), selector, readiness, liveness }).unwrap();
}

fn ok(sim: &mut Sim, line: &str) -> String {
    let (stdout, stderr, success) = out(sim, line);
    assert!(success && stderr.is_empty(), "{line}: {stderr}");
    stdout
}

fn fail(sim: &mut Sim, line: &str) -> String {
    let (stdout, stderr, success) = out(sim, line);
    assert!(!success && stdout.is_empty(), "{line}: {stdout}");
    stderr
}

const START: &str = "2026-01-01T00:00:04Z Starting web (image nginx:1.27) on node-a
2026-01-01T00:00:04Z Listening on port 80
";
const NOT_READY: &str = "2026-01-01T00:00:14Z GET /ready 503 Service Unavailable (kube-probe/1.32)
2026-01-01T00:00:24Z GET /ready 503 Service Unavailable (kube-probe/1.32)
2026-01-01T00:00:34Z GET /ready 503 Service Unavailable (kube-probe/1.32)
2026-01-01T00:00:44Z GET /ready 503 Service Unavailable (kube-probe/1.32)
";
const SECOND_RUN: &str = "2026-01-01T00:01:14Z Starting web (image nginx:1.27) on node-a
2026-01-01T00:01:14Z Listening on port 80
2026-01-01T00:01:24Z GET /healthz 500 Internal Server Error (kube-probe/1.32)
";

#[test]
fn errors_before_the_container_starts() {
    let mut sim = cluster();
    assert_eq!(
        out(&mut sim, "logs web"),
        (
            String::new(),
            "Defaulted container \"web\" out of: web, sidecar\nError from server (BadRequest): container \"web\" in pod \"web\" is waiting to start: ContainerCreating\n".into(),
            false
        )
    );
    assert_eq!(
        fail(&mut sim, "logs web -c web"),
        "Error from server (BadRequest): container \"web\" in pod \"web\" is waiting to start: ContainerCreating\n"
    );
    assert_eq!(
        fail(&mut sim, "logs pod/web --previous -c web"),
        "Error from server (BadRequest): previous terminated container \"web\" in pod \"web\" not found\n"
    );
    assert_eq!(fail(&mut sim, "logs nope"), "Error from server (NotFound): pods \"nope\" not found\n");
    assert_eq!(fail(&mut sim, "logs web -c nope"), "Error from server (BadRequest): container nope is not valid for pod web\n");
    sim.advance(10);
    assert_eq!(
        fail(&mut sim, "logs web -c web -p"),
        "Error from server (BadRequest): previous terminated container \"web\" in pod \"web\" not found\n"
    );
    assert_eq!(
        fail(&mut sim, "logs web --tail=x -c web"),
        "error: invalid argument \"x\" for \"--tail\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl logs --help' for usage.\n"
    );
}

#[test]
fn probes_restarts_and_an_oom_kill() {
    let mut sim = cluster();
    sim.advance(10);
    assert_eq!(ok(&mut sim, "logs web -c web"), START);
    assert_eq!(
        out(&mut sim, "logs web"),
        (START.to_string(), "Defaulted container \"web\" out of: web, sidecar\n".into(), true)
    );
    // Readiness fails: the application answers each probe with 503.
    health(&mut sim, Some(false), None);
    sim.advance(40);
    assert_eq!(ok(&mut sim, "logs web -c web"), format!("{START}{NOT_READY}"));
    assert_eq!(
        ok(&mut sim, "logs web -c web --tail 2"),
        "2026-01-01T00:00:34Z GET /ready 503 Service Unavailable (kube-probe/1.32)\n2026-01-01T00:00:44Z GET /ready 503 Service Unavailable (kube-probe/1.32)\n"
    );
    // Liveness fails three times: the kubelet kills it (a clean shutdown) and starts it again.
    health(&mut sim, Some(true), Some(false));
    sim.advance(40);
    assert_eq!(ok(&mut sim, "logs web -c web"), SECOND_RUN);
    assert_eq!(
        ok(&mut sim, "logs web -c web --previous"),
        format!(
            "{START}{NOT_READY}2026-01-01T00:00:54Z GET /healthz 500 Internal Server Error (kube-probe/1.32)
2026-01-01T00:01:04Z GET /healthz 500 Internal Server Error (kube-probe/1.32)
2026-01-01T00:01:14Z GET /healthz 500 Internal Server Error (kube-probe/1.32)
2026-01-01T00:01:14Z Received SIGTERM, shutting down
"
        )
    );
    // Memory over the limit: OOM-killed, the log just stops; waiting in CrashLoopBackOff,
    // `kubectl logs` shows that crashed run.
    health(&mut sim, Some(true), Some(true));
    let selector = Selector::parse("app=web").unwrap();
    let memory = Some(Quantity::parse("200Mi").unwrap());
    sim.act(Action::SetLoad { namespace: "default".into(), selector, cpu: None, memory }).unwrap();
    sim.advance(5);
    let status = &sim.kube().store.pods[&podium_engine::kube::Key::new("default", "web")].status.container_statuses[0];
    assert_eq!(status.last_state.terminated.as_ref().unwrap().reason, "OOMKilled");
    assert_eq!(status.state.waiting.as_ref().unwrap().reason, "CrashLoopBackOff");
    assert_eq!(ok(&mut sim, "logs web -c web"), SECOND_RUN);
    assert_eq!(ok(&mut sim, "logs web -c web -p"), SECOND_RUN);
    assert_eq!(ok(&mut sim, "logs web -c sidecar"), "2026-01-01T00:00:04Z Starting sidecar (image busybox:1.36) on node-a\n");
}

#[test]
fn a_pod_without_a_node_has_no_log_yet() {
    let mut sim = Sim::with_nodes(3, &[]).unwrap();
    assert!(apply(&mut sim, POD, None).success);
    assert_eq!(out(&mut sim, "logs web -c web"), (String::new(), String::new(), true));
}
