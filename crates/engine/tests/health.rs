//! Probes, restarts with CrashLoopBackOff, OOM kills and load, with concrete times.

use podium_engine::clock::SimTime;
use podium_engine::kube::health::usage;
use podium_engine::kube::manifest::decode;
use podium_engine::kube::pod::Pod;
use podium_engine::kube::selector::Selector;
use podium_engine::kube::Key;
use podium_engine::quantity::Quantity;
use podium_engine::{Action, NodeConfig, Sim};

/// A bare pod: probes every 10 s, 3 failures; memory limit 128Mi, cpu limit 500m.
fn pod_yaml(name: &str, policy: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name}
  labels: {{app: web}}
spec:
  restartPolicy: {policy}
  containers:
  - name: web
    image: nginx:1.27
    resources:
      limits: {{cpu: 500m, memory: 128Mi}}
    livenessProbe:
      httpGet: {{path: /healthz, port: 8080}}
    readinessProbe:
      httpGet: {{path: /ready, port: 8080}}
"
    )
}

const SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
";

fn sim() -> Sim {
    Sim::with_nodes(7, &[NodeConfig::new("node-1", "4", "8Gi").unwrap()]).unwrap()
}

fn apply(sim: &mut Sim, yaml: &str) {
    let objects = decode(yaml).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
}

fn pod<'a>(sim: &'a Sim, name: &str) -> &'a Pod {
    &sim.kube().store.pods[&Key::new("default", name)]
}

fn started_at(sim: &Sim, name: &str) -> SimTime {
    pod(sim, name).status.container_statuses[0].state.running.as_ref().expect("running").started_at
}

/// Runs the clock until the pod's container is running; returns its start.
fn until_running(sim: &mut Sim, name: &str) -> SimTime {
    for _ in 0..30 {
        if pod(sim, name).status.container_statuses.first().is_some_and(|c| c.state.running.is_some()) {
            return started_at(sim, name);
        }
        sim.tick();
    }
    panic!("pod {name} never ran");
}

fn advance_to(sim: &mut Sim, t: SimTime) {
    assert!(sim.now() <= t, "already at {} past {}", sim.now().secs(), t.secs());
    sim.advance(t.secs() - sim.now().secs());
}

fn health(sim: &mut Sim, readiness: Option<bool>, liveness: Option<bool>) {
    let selector = Selector::parse("app=web").unwrap();
    sim.act(Action::SetHealth { namespace: "default".into(), selector, readiness, liveness }).unwrap();
}

fn load(sim: &mut Sim, cpu: Option<&str>, memory: Option<&str>) {
    let selector = Selector::parse("app=web").unwrap();
    let q = |s: Option<&str>| s.map(|s| Quantity::parse(s).unwrap());
    sim.act(Action::SetLoad { namespace: "default".into(), selector, cpu: q(cpu), memory: q(memory) }).unwrap();
}

fn events(sim: &Sim, reason: &str) -> Vec<(String, u64)> {
    sim.events().all().iter().filter(|e| e.reason == reason).map(|e| (e.message.clone(), e.count as u64)).collect()
}

#[test]
fn readiness_failing_from_a_probe_tick_turns_ready_false_after_period_times_threshold() {
    let mut sim = sim();
    apply(&mut sim, &pod_yaml("web", "Always"));
    apply(&mut sim, SERVICE);
    let s = until_running(&mut sim, "web");
    assert!(pod(&sim, "web").is_ready(), "ready at start: the first readiness probe runs at once and succeeds");
    advance_to(&mut sim, s.plus(5));
    health(&mut sim, Some(false), None);
    // Probes at s+10, s+20, s+30 fail; the third flips Ready.
    advance_to(&mut sim, s.plus(29));
    assert!(pod(&sim, "web").is_ready());
    assert_eq!(events(&sim, "Unhealthy"), vec![("Readiness probe failed: HTTP probe failed with statuscode: 503".to_string(), 2)]);
    sim.tick();
    let p = pod(&sim, "web");
    assert!(!p.is_ready());
    assert_eq!(p.status.phase, "Running");
    assert_eq!(p.status.container_statuses[0].restart_count, 0, "readiness never restarts a container");
    let ready = p.condition("Ready").unwrap();
    assert_eq!(ready.last_transition_time, s.plus(30));
    assert_eq!(ready.message.as_deref(), Some("containers with unready status: [web]"));
    let ep = &sim.kube().store.endpoints[&Key::new("default", "web")];
    assert!(ep.subsets.iter().all(|s| s.addresses.is_empty()), "left the Service's endpoints");
    // Mended at s+35: the next probe (s+40) succeeds, successThreshold 1.
    advance_to(&mut sim, s.plus(35));
    health(&mut sim, Some(true), None);
    advance_to(&mut sim, s.plus(39));
    assert!(!pod(&sim, "web").is_ready());
    sim.tick();
    assert!(pod(&sim, "web").is_ready());
    let ep = &sim.kube().store.endpoints[&Key::new("default", "web")];
    assert_eq!(ep.subsets[0].addresses.len(), 1, "back in the endpoints");
}

#[test]
fn liveness_failure_kills_and_restarts_then_backs_off() {
    let mut sim = sim();
    apply(&mut sim, &pod_yaml("web", "Always"));
    let s = until_running(&mut sim, "web");
    advance_to(&mut sim, s.plus(5));
    health(&mut sim, None, Some(false));
    advance_to(&mut sim, s.plus(29));
    assert_eq!(pod(&sim, "web").restarts(), 0);
    sim.tick();
    // Third failure at s+30: killed and, being the first crash, started again at once.
    let p = pod(&sim, "web");
    let c = &p.status.container_statuses[0];
    assert_eq!(c.restart_count, 1);
    let last = c.last_state.terminated.as_ref().unwrap();
    assert_eq!((last.reason.as_str(), last.exit_code, last.finished_at), ("Error", 137, s.plus(30)));
    assert_eq!(started_at(&sim, "web"), s.plus(30));
    assert_eq!(events(&sim, "Killing"), vec![("Container web failed liveness probe, will be restarted".to_string(), 1)]);
    assert_eq!(events(&sim, "Unhealthy")[0].0, "Liveness probe failed: HTTP probe failed with statuscode: 500");
    // New run from s+30: probes at s+30, s+40, s+50 fail; killed at s+50, now in back-off 10 s.
    advance_to(&mut sim, s.plus(50));
    let p = pod(&sim, "web");
    assert_eq!(p.display_status(), "CrashLoopBackOff");
    assert_eq!(p.restarts_text(sim.now()), "1 (0s ago)");
    let w = p.status.container_statuses[0].state.waiting.as_ref().unwrap();
    let pod_text = format!("web_default({})", p.metadata.uid);
    assert_eq!(w.message, format!("back-off 10s restarting failed container=web pod={pod_text}"));
    assert_eq!(events(&sim, "BackOff"), vec![(format!("Back-off restarting failed container web in pod {pod_text}"), 1)]);
    assert!(!p.is_ready());
    advance_to(&mut sim, s.plus(55));
    health(&mut sim, None, Some(true));
    advance_to(&mut sim, s.plus(59));
    assert_eq!(pod(&sim, "web").restarts(), 1);
    sim.tick();
    assert_eq!(pod(&sim, "web").restarts(), 2);
    assert_eq!(pod(&sim, "web").display_status(), "Running");
    sim.advance(25);
    assert_eq!(pod(&sim, "web").restarts_text(sim.now()), "2 (35s ago)");
}

/// Crash times and restart times of a container OOM-killed one second after each start.
fn crash_loop(sim: &mut Sim, name: &str, secs: u64) -> Vec<u64> {
    let mut delays = Vec::new();
    let mut seen = pod(sim, name).status.container_statuses[0].restart_count;
    for _ in 0..secs {
        sim.tick();
        let c = &pod(sim, name).status.container_statuses[0];
        if c.restart_count > seen {
            seen = c.restart_count;
            let finished = c.last_state.terminated.as_ref().unwrap().finished_at;
            delays.push(sim.now().since(finished));
        }
    }
    delays
}

#[test]
fn restart_back_off_doubles_from_10s_to_the_300s_cap_after_an_immediate_first_restart() {
    let mut sim = sim();
    load(&mut sim, None, Some("200Mi"));
    apply(&mut sim, &pod_yaml("web", "Always"));
    let s = until_running(&mut sim, "web");
    // Each run lasts 1 s (the OOM killer), then: at once, 10, 20, 40, 80, 160, 300, 300 s.
    let delays = crash_loop(&mut sim, "web", 1000);
    assert_eq!(delays, vec![0, 10, 20, 40, 80, 160, 300, 300]);
    let p = pod(&sim, "web");
    let c = &p.status.container_statuses[0];
    let last = c.last_state.terminated.as_ref().unwrap();
    assert_eq!((last.reason.as_str(), last.exit_code), ("OOMKilled", 137));
    // 8 restarts; the 9th crash at s+919 waits 300 s (`5m0s`), until s+1219.
    assert_eq!(sim.now(), s.plus(1000));
    assert_eq!(p.display_status(), "CrashLoopBackOff");
    assert!(c.state.waiting.as_ref().unwrap().message.starts_with("back-off 5m0s restarting failed container=web pod=web_default("));
    assert_eq!(events(&sim, "BackOff")[0].1, 8);
    assert_eq!(events(&sim, "OOMKilling").len(), 0, "no node-problem-detector: the kubelet records no OOM event");
}

/// Two crashes (back-off now 20 s, last updated at the second restart), then a run of `run` seconds, then a crash.
fn delay_after_a_run_of(run: u64) -> u64 {
    let mut sim = sim();
    load(&mut sim, None, Some("200Mi"));
    apply(&mut sim, &pod_yaml("web", "Always"));
    until_running(&mut sim, "web");
    assert_eq!(crash_loop(&mut sim, "web", 12), vec![0, 10]);
    let restarted = started_at(&sim, "web");
    assert_eq!(sim.now(), restarted);
    load(&mut sim, None, Some("64Mi"));
    sim.advance(run);
    let before = pod(&sim, "web").status.container_statuses[0].restart_count;
    load(&mut sim, None, Some("200Mi"));
    let crashed = sim.now();
    while pod(&sim, "web").status.container_statuses[0].restart_count == before {
        sim.tick();
    }
    sim.now().since(crashed)
}

#[test]
fn back_off_is_forgotten_after_600s_without_trouble() {
    assert_eq!(delay_after_a_run_of(600), 20, "600 s is not more than 2 × 300 s: still in back-off");
    assert_eq!(delay_after_a_run_of(601), 0, "601 s: the entry expired, restarted at once like a first crash");
}

#[test]
fn memory_over_the_limit_is_oom_killed_and_cpu_over_the_limit_is_throttled() {
    let mut sim = sim();
    apply(&mut sim, &pod_yaml("web", "Always"));
    let s = until_running(&mut sim, "web");
    let key = Key::new("default", "web");
    assert_eq!(usage(sim.kube(), &key), Some((0, 0)));
    advance_to(&mut sim, s.plus(3));
    load(&mut sim, Some("800m"), Some("100Mi"));
    assert_eq!(usage(sim.kube(), &key), Some((500, 100 * 1024 * 1024)), "cpu throttled at its 500m limit");
    assert_eq!(pod(&sim, "web").restarts(), 0);
    load(&mut sim, None, Some("129Mi"));
    let p = pod(&sim, "web");
    let c = &p.status.container_statuses[0];
    assert_eq!(c.restart_count, 1);
    let last = c.last_state.terminated.as_ref().unwrap();
    assert_eq!((last.reason.as_str(), last.exit_code, last.finished_at, last.started_at), ("OOMKilled", 137, s.plus(3), Some(s)));
}

#[test]
fn restart_policy_never_leaves_the_pod_failed() {
    let mut sim = sim();
    apply(&mut sim, &pod_yaml("job", "Never"));
    let s = until_running(&mut sim, "job");
    advance_to(&mut sim, s.plus(2));
    load(&mut sim, None, Some("1Gi"));
    let p = pod(&sim, "job");
    assert_eq!(p.status.phase, "Failed");
    assert_eq!(p.display_status(), "OOMKilled");
    assert_eq!(p.restarts(), 0);
    let t = p.status.container_statuses[0].state.terminated.as_ref().unwrap();
    assert_eq!((t.reason.as_str(), t.exit_code), ("OOMKilled", 137));
    assert_eq!(p.condition("Ready").unwrap().reason.as_deref(), Some("PodCompleted"));
    sim.advance(400);
    assert_eq!(pod(&sim, "job").status.phase, "Failed", "never restarted");
    assert_eq!(usage(sim.kube(), &Key::new("default", "job")), None);
}

#[test]
fn restart_policy_on_failure_restarts_a_killed_container() {
    let mut sim = sim();
    apply(&mut sim, &pod_yaml("job", "OnFailure"));
    let s = until_running(&mut sim, "job");
    advance_to(&mut sim, s.plus(2));
    load(&mut sim, None, Some("1Gi"));
    assert_eq!(pod(&sim, "job").restarts(), 1, "exit code 137 is a failure");
    assert_eq!(pod(&sim, "job").status.phase, "Running");
}

#[test]
fn health_and_load_apply_to_pods_created_later() {
    let mut sim = sim();
    health(&mut sim, Some(false), None);
    load(&mut sim, Some("250m"), Some("64Mi"));
    apply(&mut sim, &pod_yaml("web", "Always"));
    let s = until_running(&mut sim, "web");
    assert!(!pod(&sim, "web").is_ready(), "the first readiness probe already fails");
    advance_to(&mut sim, s.plus(100));
    assert!(!pod(&sim, "web").is_ready());
    assert_eq!(usage(sim.kube(), &Key::new("default", "web")), Some((250, 64 * 1024 * 1024)));
    // Another selector leaves this pod alone; mending this one brings it in at the next probe.
    let other = Selector::parse("app=api").unwrap();
    sim.act(Action::SetHealth { namespace: "default".into(), selector: other, readiness: Some(true), liveness: None }).unwrap();
    sim.advance(10);
    assert!(!pod(&sim, "web").is_ready());
    health(&mut sim, Some(true), None);
    sim.advance(10);
    assert!(pod(&sim, "web").is_ready());
}

#[test]
fn health_for_a_missing_namespace_is_refused() {
    let mut sim = sim();
    let selector = Selector::parse("app=web").unwrap();
    let e = sim.act(Action::SetHealth { namespace: "shop".into(), selector, readiness: Some(false), liveness: None }).unwrap_err();
    assert_eq!(e.to_string(), "namespaces \"shop\" not found");
}

#[test]
fn same_history_twice() {
    let run = || {
        let mut sim = sim();
        load(&mut sim, None, Some("200Mi"));
        apply(&mut sim, &pod_yaml("web", "Always"));
        sim.advance(200);
        sim.state_hash()
    };
    assert_eq!(run(), run());
}

/// The kubelet skips a steady pod (`health::quiet`) instead of syncing it: every running pod
/// of a settled cluster without probes is quiet, a pod whose probe falls due is not, and
/// skipping changes nothing (the hashes of `crates/scenario` pin that a run is the same).
#[test]
fn steady_pods_are_quiet_until_a_probe_falls_due() {
    use podium_engine::kube::health::quiet;
    let mut steady = podium_engine::samples::uniform_cluster(5, "4", "16Gi");
    steady.act(podium_engine::samples::many_deployments(5, 10)).unwrap();
    steady.advance(10);
    let running: Vec<Key> = steady.kube().store.pods.iter().filter(|(_, p)| p.status.phase == "Running").map(|(k, _)| k.clone()).collect();
    assert_eq!(running.len(), 50);
    assert!(running.iter().all(|k| quiet(steady.kube(), k, steady.now().plus(1))));

    // A pod with probes every 10 s: quiet exactly at the seconds when neither probe is due.
    let mut sim = sim();
    apply(&mut sim, &pod_yaml("web", "Always"));
    until_running(&mut sim, "web");
    let key = Key::new("default", "web");
    let (mut quiet_n, mut due_n) = (0, 0);
    for _ in 0..40 {
        let next = sim.now().plus(1);
        let run = &sim.kube().health.containers[&key][0];
        let due = next >= run.liveness.next || next >= run.readiness.next;
        assert_eq!(quiet(sim.kube(), &key, next), !due, "at {} s", next.secs());
        if due {
            due_n += 1;
        } else {
            quiet_n += 1;
        }
        sim.tick();
    }
    assert_eq!((quiet_n, due_n), (36, 4));
}

/// `usages`, read side by side with the container runs, gives every pod in store order with what
/// `usage` gives it alone: running, restarting, failed, pending and deleted pods, under load and traffic.
#[test]
fn usages_of_every_pod_are_usage_of_each() {
    let mut sim = sim();
    apply(&mut sim, SERVICE);
    for (name, policy) in [("a", "Always"), ("b", "Never"), ("c", "Always")] {
        apply(&mut sim, &pod_yaml(name, policy));
    }
    // Too large for the node: stays pending, with no container runs.
    apply(&mut sim, "apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  containers: [{name: c, image: i, resources: {requests: {cpu: '64'}}}]\n");
    let web = Selector::parse("app=web").unwrap();
    sim.act(Action::SetLoad { namespace: "default".into(), selector: web.clone(), cpu: Some(Quantity::parse("300m").unwrap()), memory: None }).unwrap();
    sim.act(Action::SetTraffic { namespace: "default".into(), service: "web".into(), rps: 40, cpu_per_rps: None }).unwrap();
    let mut seen_some = false;
    for t in 0..60 {
        if t == 20 {
            sim.act(Action::SetHealth { namespace: "default".into(), selector: web.clone(), readiness: None, liveness: Some(false) }).unwrap();
        }
        if t == 30 {
            sim.act(Action::KillPod { namespace: "default".into(), name: "c".into() }).unwrap();
        }
        let kube = sim.kube();
        let got: Vec<(Key, Option<(i64, i64)>)> = podium_engine::kube::health::usages(kube).map(|(k, _, u)| (k.clone(), u)).collect();
        let want: Vec<(Key, Option<(i64, i64)>)> = kube.store.pods.keys().map(|k| (k.clone(), usage(kube, k))).collect();
        assert_eq!(got, want, "at {t}s");
        seen_some |= got.iter().filter(|(_, u)| u.is_some()).count() >= 2 && got.iter().any(|(_, u)| u.is_none());
        sim.tick();
    }
    assert!(seen_some, "pods with and without usage side by side");
}
