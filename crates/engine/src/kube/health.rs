//! Simulated application health and load, and what the kubelet does about them:
//! container probes on the virtual clock, restarts with CrashLoopBackOff, OOM kills
//! and CPU throttling.
//!
//! The learner breaks and mends a workload through two simulation-only settings
//! (not API objects), each kept per namespace and label selector and applying to
//! every matching pod, including pods created later:
//! - health (`Action::SetHealth`): whether readiness and liveness probes succeed;
//! - load (`Action::SetLoad`): how much CPU and memory each container of the pod uses.
//!
//! Rules (see `docs/fidelity.md`): probe defaults from `SetDefaults_Probe`; probe
//! workers in `pkg/kubelet/prober/worker.go`; restart back-off from
//! `pkg/kubelet/kuberuntime/kuberuntime_manager.go` (`doBackOff`) over
//! `client-go/util/flowcontrol/backoff.go` (10 s initial, doubling, 300 s cap,
//! forgotten when the last restart is more than 2 × 300 s before the crash).

use super::meta::ObjectReference;
use super::pod::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting, Probe, FAILED, SUCCEEDED,
};
use super::selector::Selector;
use super::{reference, Ctx, Key, Kube};
use crate::action::{ApiError, Change, Resource};
use crate::clock::SimTime;
use crate::events::EventType;
use crate::quantity::Quantity;
use crate::from_value::FromValue;
use crate::to_json::{ToJson, Writer};

/// `flowcontrol.NewBackOff(backOffPeriod, MaxContainerBackOff)` in the kubelet.
pub const BACKOFF_INITIAL_SECONDS: u64 = 10;
pub const BACKOFF_MAX_SECONDS: u64 = 300;
/// An entry is forgotten when the crash comes more than `2 × max` after its last update (`hasExpired`).
pub const BACKOFF_RESET_SECONDS: u64 = 2 * BACKOFF_MAX_SECONDS;
/// Exit code of a process killed by SIGKILL (128 + 9): OOM kills and probe kills.
pub const EXIT_KILLED: i64 = 137;
/// A container grows to its simulated memory use this long after it starts (then the OOM killer may act).
pub const OOM_AFTER_SECONDS: u64 = 1;
/// The HTTP status a failing simulated application answers a probe with.
pub const READINESS_FAIL_STATUS: u16 = 503;
pub const LIVENESS_FAIL_STATUS: u16 = 500;

fn ser_selector(sel: &Selector, w: &mut Writer) {
    w.string(&sel.to_string());
}

/// A selector written back as `-l` text (saved states): parsed again.
fn de_selector(v: crate::from_value::Value, _cx: &mut crate::from_value::Cx) -> Result<Selector, crate::from_value::Error> {
    let text = crate::from_value::string(v)?;
    Selector::parse(&text).map_err(<crate::from_value::Error as crate::from_value::DeError>::custom)
}

/// One health setting: `readiness: fail` for pods matching `selector` in `namespace`.
#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
pub struct HealthRule {
    pub namespace: String,
    #[serde(serialize_with = "ser_selector", deserialize_with = "de_selector")]
    pub selector: Selector,
    pub readiness: Option<bool>,
    pub liveness: Option<bool>,
}

/// One load setting: each container of the matching pods uses this much.
#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
pub struct LoadRule {
    pub namespace: String,
    #[serde(serialize_with = "ser_selector", deserialize_with = "de_selector")]
    pub selector: Selector,
    pub cpu: Option<Quantity>,
    pub memory: Option<Quantity>,
}

/// A probe's worker state: when it runs next and its run of equal results.
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
pub struct ProbeRun {
    pub next: SimTime,
    pub failures: i64,
    pub successes: i64,
}

/// The kubelet's view of one container of a pod (simulation-only).
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
pub struct ContainerRun {
    pub name: String,
    pub running: bool,
    /// When the current (or last) run started.
    pub started_at: SimTime,
    /// The startup probe has succeeded (or there is none).
    pub started: bool,
    pub ready: bool,
    pub startup: ProbeRun,
    pub liveness: ProbeRun,
    pub readiness: ProbeRun,
    /// When a container waiting in back-off is started again.
    pub restart_at: Option<SimTime>,
    /// The back-off entry (`flowcontrol.Backoff`): current delay (0: no entry) and last update.
    pub backoff: u64,
    pub backoff_updated: SimTime,
}

/// Health and load settings, and the kubelet's per-container run state.
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
pub struct HealthState {
    pub health: Vec<HealthRule>,
    pub load: Vec<LoadRule>,
    pub containers: crate::boxed_map::BoxedMap<Key, Vec<ContainerRun>>,
    /// Requests per second sent to Services (`kube/traffic.rs`); skipped when empty, so the
    /// state hash of clusters without traffic is unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traffic: Vec<super::traffic::TrafficRule>,
}

/// Effective settings for one pod: later settings override earlier ones, field by field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodSettings {
    pub readiness_ok: bool,
    pub liveness_ok: bool,
    pub cpu: Option<Quantity>,
    pub memory: Option<Quantity>,
}

impl HealthState {
    pub fn settings(&self, namespace: &str, labels: &super::meta::Labels) -> PodSettings {
        let mut s = PodSettings { readiness_ok: true, liveness_ok: true, cpu: None, memory: None };
        for r in self.health.iter().filter(|r| r.namespace == namespace && r.selector.matches(labels)) {
            if let Some(v) = r.readiness {
                s.readiness_ok = v;
            }
            if let Some(v) = r.liveness {
                s.liveness_ok = v;
            }
        }
        for r in self.load.iter().filter(|r| r.namespace == namespace && r.selector.matches(labels)) {
            if let Some(v) = &r.cpu {
                s.cpu = Some(v.clone());
            }
            if let Some(v) = &r.memory {
                s.memory = Some(v.clone());
            }
        }
        s
    }
}

/// Go's `time.Duration.String()` for whole seconds: `10s`, `1m20s`, `5m0s`.
pub fn go_duration(secs: u64) -> String {
    if secs < 60 {
        format!("{secs}s")
    } else if secs < 3600 {
        format!("{}m{}s", secs / 60, secs % 60)
    } else {
        format!("{}h{}m{}s", secs / 3600, secs % 3600 / 60, secs % 60)
    }
}

fn check_namespace(kube: &Kube, namespace: &str) -> Result<(), ApiError> {
    if kube.store.namespaces.contains_key(namespace) {
        Ok(())
    } else {
        Err(ApiError::NotFound { resource: Resource::Namespace, name: namespace.to_string() })
    }
}

impl Kube {
    /// `Action::SetHealth`: the same namespace and selector again changes the given fields.
    pub fn set_health(
        &mut self,
        namespace: &str,
        selector: Selector,
        readiness: Option<bool>,
        liveness: Option<bool>,
    ) -> Result<Vec<Change>, ApiError> {
        check_namespace(self, namespace)?;
        let rules = &mut self.health.health;
        let mut rule = match rules.iter().position(|r| r.namespace == namespace && r.selector == selector) {
            Some(i) => rules.remove(i),
            None => HealthRule { namespace: namespace.to_string(), selector, readiness: None, liveness: None },
        };
        rule.readiness = readiness.or(rule.readiness);
        rule.liveness = liveness.or(rule.liveness);
        rules.push(rule);
        Ok(Vec::new())
    }

    /// `Action::SetLoad`: the same namespace and selector again changes the given fields.
    pub fn set_load(
        &mut self,
        namespace: &str,
        selector: Selector,
        cpu: Option<Quantity>,
        memory: Option<Quantity>,
    ) -> Result<Vec<Change>, ApiError> {
        check_namespace(self, namespace)?;
        let rules = &mut self.health.load;
        let mut rule = match rules.iter().position(|r| r.namespace == namespace && r.selector == selector) {
            Some(i) => rules.remove(i),
            None => LoadRule { namespace: namespace.to_string(), selector, cpu: None, memory: None },
        };
        rule.cpu = cpu.or(rule.cpu);
        rule.memory = memory.or(rule.memory);
        rules.push(rule);
        Ok(Vec::new())
    }
}

/// What a pod uses now: (millicores, bytes), summed over its running containers.
/// CPU above a container's limit is throttled to the limit; memory above the limit
/// does not last (the container is OOM-killed), so it is capped there too.
/// `None` for a pod that is not running. For `kubectl top` and, later, the HPA.
pub fn usage(kube: &Kube, key: &Key) -> Option<(i64, i64)> {
    let pod = kube.store.pods.get(key)?;
    let runs = kube.health.containers.get(key)?;
    usage_of(kube, key, pod, runs)
}

/// Every pod in store order with its `usage`, the pods and their container runs read side by side
/// (both maps are in key order) instead of looked up one by one: the board and the charts ask for
/// every pod's on every render and every second.
pub fn usages(kube: &Kube) -> impl Iterator<Item = (&Key, &super::pod::Pod, Option<(i64, i64)>)> {
    let mut runs = kube.health.containers.iter().peekable();
    kube.store.pods.iter().map(move |(key, pod)| {
        while runs.next_if(|(k, _)| *k < key).is_some() {}
        let used = runs.next_if(|(k, _)| *k == key).and_then(|(_, r)| usage_of(kube, key, pod, r));
        (key, pod, used)
    })
}

fn usage_of(kube: &Kube, key: &Key, pod: &super::pod::Pod, runs: &[ContainerRun]) -> Option<(i64, i64)> {
    if pod.is_terminal() {
        return None;
    }
    let s = kube.health.settings(pod.metadata.ns(), &pod.metadata.labels);
    // Requests from Services land on the first container (the one serving).
    let (serving, _) = super::traffic::cost_and_rps(kube, key);
    let mut total = (0, 0);
    for (i, (c, run)) in pod.spec.containers.iter().zip(runs).enumerate() {
        if !run.running {
            continue;
        }
        let limits = &c.resources.limits;
        let cpu = s.cpu.as_ref().map_or(0, Quantity::milli) + if i == 0 { serving } else { 0 };
        let mem = s.memory.as_ref().map_or(0, Quantity::value);
        total.0 += limits.get("cpu").map_or(cpu, |l| cpu.min(l.milli()));
        total.1 += limits.get("memory").map_or(mem, |l| mem.min(l.value()));
    }
    Some(total)
}

fn probe_reset(p: Option<&Probe>, at: SimTime) -> ProbeRun {
    ProbeRun { next: at.plus(p.map_or(0, |p| p.initial_delay_seconds.max(0) as u64)), failures: 0, successes: 0 }
}

/// Containers of `key` have just started (first start or restart of container `only`).
fn begin_run(run: &mut ContainerRun, c: &super::pod::Container, now: SimTime) {
    run.running = true;
    run.started_at = now;
    run.restart_at = None;
    run.started = c.startup_probe.is_none();
    run.ready = run.started && c.readiness_probe.is_none();
    run.startup = probe_reset(c.startup_probe.as_ref(), now);
    run.liveness = probe_reset(c.liveness_probe.as_ref(), now);
    run.readiness = probe_reset(c.readiness_probe.as_ref(), now);
}

/// The kubelet started the pod's containers (`kubelet::start`): begin their runs.
pub fn pod_started(kube: &mut Kube, key: &Key, now: SimTime) {
    let Some(pod) = kube.store.pods.get(key) else { return };
    let runs = pod
        .spec
        .containers
        .iter()
        .map(|c| {
            let mut r = ContainerRun { name: c.name.clone(), ..Default::default() };
            begin_run(&mut r, c, now);
            r
        })
        .collect();
    kube.health.containers.insert(key.clone(), runs);
}

/// Drops the run state of pods that are gone.
pub fn forget_removed(kube: &mut Kube) {
    let pods = &kube.store.pods;
    // Both maps are keyed alike: the pods are walked alongside, and the runs rewritten only
    // when one of their pods is gone.
    let mut walk = pods.iter().peekable();
    if kube.health.containers.keys().all(|k| super::store::seek(&mut walk, k).is_some()) {
        return;
    }
    kube.health.containers.retain(|k, _| pods.contains_key(k));
}

enum Exit {
    Oom,
    /// The container's work is done (`sleep N` over, `kube::batch::container_run`).
    Finished { code: i64 },
    Probe { kind: &'static str },
}

/// True when `sync` of pod `key` at `now` would change nothing and record nothing: no
/// container has a restart, an exit, an OOM kill or a probe due, and the pod's status already
/// says what its containers' runs say. It only reads, so the kubelet skips a steady pod without
/// copying it (`sync` copies the pod, its runs and formats its identity). Each test below is
/// the condition under which `sync` acts, in `sync`'s order; any doubt answers false and `sync`
/// decides.
pub fn quiet(kube: &Kube, key: &Key, now: SimTime) -> bool {
    let Some(pod) = kube.store.pods.get(key) else { return true };
    let Some(runs) = kube.health.containers.get(key) else { return true };
    quiet_pod(&kube.health, pod, runs, now)
}

/// `quiet` for a pod and its runs already looked up.
pub fn quiet_pod(health: &HealthState, pod: &super::pod::Pod, runs: &[ContainerRun], now: SimTime) -> bool {
    if runs.len() < pod.spec.containers.len() {
        return false;
    }
    let settings = health.settings(pod.metadata.ns(), &pod.metadata.labels);
    let job_pod = pod.metadata.controller().is_some_and(|o| o.kind == "Job");
    for (c, run) in pod.spec.containers.iter().zip(runs) {
        if !run.running {
            if run.restart_at.is_some_and(|t| now >= t) {
                return false;
            }
            continue;
        }
        // The limit is looked up only when a memory use is simulated (most pods have none).
        if let Some(use_) = &settings.memory {
            if c.resources.limits.get("memory").is_some_and(|limit| use_.value() > limit.value())
                && now.since(run.started_at) >= OOM_AFTER_SECONDS
            {
                return false;
            }
        }
        if let (Some(secs), _) = super::batch::container_run(c, job_pod) {
            if now.since(run.started_at) >= secs {
                return false;
            }
        }
        if !run.started && c.startup_probe.is_some() && now >= run.startup.next {
            return false;
        }
        if run.started && c.liveness_probe.is_some() && now >= run.liveness.next {
            return false;
        }
        if run.started && c.readiness_probe.is_some() && now >= run.readiness.next {
            return false;
        }
    }
    // The status `sync` writes at its end, compared with the stored one.
    let statuses = &pod.status.container_statuses;
    let has = |type_: &str, status: &str, reason: Option<&str>, message: Option<&str>| {
        pod.status.conditions.iter().find(|c| c.type_ == type_).is_some_and(|c| {
            c.status == status && c.reason.as_deref() == reason && c.message.as_deref() == message
        })
    };
    if !statuses.is_empty() && statuses.iter().all(|cs| cs.state.terminated.is_some()) {
        let failed = statuses.iter().any(|cs| cs.state.terminated.as_ref().is_some_and(|t| t.exit_code != 0));
        let phase = if failed { FAILED } else { SUCCEEDED };
        return pod.status.phase == phase
            && has("Ready", "False", Some("PodCompleted"), None)
            && has("ContainersReady", "False", Some("PodCompleted"), None);
    }
    if statuses.iter().zip(runs).any(|(cs, run)| cs.ready != (run.running && run.ready) || cs.started != (run.running && run.started)) {
        return false;
    }
    if statuses.iter().all(|cs| cs.ready) {
        has("ContainersReady", "True", None, None) && has("Ready", "True", None, None)
    } else {
        let unready: Vec<&str> = statuses.iter().filter(|cs| !cs.ready).map(|cs| cs.name.as_str()).collect();
        let msg = format!("containers with unready status: [{}]", unready.join(" "));
        has("ContainersReady", "False", Some("ContainersNotReady"), Some(&msg))
            && has("Ready", "False", Some("ContainersNotReady"), Some(&msg))
    }
}

/// One kubelet sync of a running pod's containers at `ctx.now`: probes, OOM kills,
/// restarts after back-off. True if anything changed.
pub fn sync(kube: &mut Kube, key: &Key, node: &str, ctx: &mut Ctx) -> bool {
    let Some(pod) = kube.store.pods.get(key) else { return false };
    let Some(mut runs) = kube.health.containers.get(key).cloned() else { return false };
    let settings = kube.health.settings(pod.metadata.ns(), &pod.metadata.labels);
    let obj = reference("Pod", "v1", &pod.metadata);
    let pod_ip = pod.status.pod_ip.clone().unwrap_or_default();
    let pod_text = format!("{}_{}({})", pod.metadata.name, pod.metadata.ns(), pod.metadata.uid);
    let policy = pod.spec.restart_policy.clone();
    let containers = pod.spec.containers.clone();
    let job_pod = pod.metadata.controller().is_some_and(|o| o.kind == "Job");
    let before_runs = runs.clone();
    let mut pod_new = pod.clone();
    let now = ctx.now;

    for (i, c) in containers.iter().enumerate() {
        let run = &mut runs[i];
        if !run.running {
            if run.restart_at.is_some_and(|t| now >= t) {
                // `backOff.Next`: the delay doubles for the next crash, up to the cap.
                run.backoff = (run.backoff * 2).min(BACKOFF_MAX_SECONDS);
                run.backoff_updated = now;
                restart(&mut pod_new, i, run, c, &obj, node, ctx);
            }
            continue;
        }
        let mut exit: Option<Exit> = None;
        // Memory above the limit: the kernel's OOM killer ends the container.
        if let (Some(use_), Some(limit)) = (&settings.memory, c.resources.limits.get("memory")) {
            if use_.value() > limit.value() && now.since(run.started_at) >= OOM_AFTER_SECONDS {
                exit = Some(Exit::Oom);
            }
        }
        // The work is done: the process exits by itself.
        if exit.is_none() {
            if let (Some(secs), code) = super::batch::container_run(c, job_pod) {
                if now.since(run.started_at) >= secs {
                    exit = Some(Exit::Finished { code });
                }
            }
        }
        // Startup probe first; liveness and readiness wait for it.
        if exit.is_none() && !run.started {
            if let Some(p) = &c.startup_probe {
                if now >= run.startup.next {
                    run.startup.next = now.plus(p.period_seconds.max(1) as u64);
                    if settings.liveness_ok {
                        run.startup.failures = 0;
                        run.started = true;
                        run.liveness = probe_reset(c.liveness_probe.as_ref(), now);
                        run.readiness = probe_reset(c.readiness_probe.as_ref(), now);
                        if c.readiness_probe.is_none() {
                            run.ready = true;
                        }
                    } else {
                        run.startup.failures += 1;
                        let out = p.failure_output(&pod_ip, LIVENESS_FAIL_STATUS);
                        ctx.kubelet_event(EventType::Warning, obj.clone(), "Unhealthy", format!("Startup probe failed: {out}"), node);
                        if run.startup.failures >= p.failure_threshold.max(1) {
                            exit = Some(Exit::Probe { kind: "startup" });
                        }
                    }
                }
            }
        }
        if exit.is_none() && run.started {
            if let Some(p) = &c.liveness_probe {
                if now >= run.liveness.next {
                    run.liveness.next = now.plus(p.period_seconds.max(1) as u64);
                    if settings.liveness_ok {
                        run.liveness.failures = 0;
                    } else {
                        run.liveness.failures += 1;
                        let out = p.failure_output(&pod_ip, LIVENESS_FAIL_STATUS);
                        ctx.kubelet_event(EventType::Warning, obj.clone(), "Unhealthy", format!("Liveness probe failed: {out}"), node);
                        if run.liveness.failures >= p.failure_threshold.max(1) {
                            exit = Some(Exit::Probe { kind: "liveness" });
                        }
                    }
                }
            }
        }
        if exit.is_none() && run.started {
            if let Some(p) = &c.readiness_probe {
                if now >= run.readiness.next {
                    run.readiness.next = now.plus(p.period_seconds.max(1) as u64);
                    if settings.readiness_ok {
                        run.readiness.failures = 0;
                        run.readiness.successes += 1;
                        if run.readiness.successes >= p.success_threshold.max(1) {
                            run.ready = true;
                        }
                    } else {
                        run.readiness.successes = 0;
                        run.readiness.failures += 1;
                        let out = p.failure_output(&pod_ip, READINESS_FAIL_STATUS);
                        ctx.kubelet_event(EventType::Warning, obj.clone(), "Unhealthy", format!("Readiness probe failed: {out}"), node);
                        if run.readiness.failures >= p.failure_threshold.max(1) {
                            run.ready = false;
                        }
                    }
                }
            }
        }
        let Some(exit) = exit else { continue };
        let mut exit_code = EXIT_KILLED;
        let reason = match exit {
            Exit::Oom => "OOMKilled",
            Exit::Finished { code } => {
                exit_code = code;
                if code == 0 { "Completed" } else { "Error" }
            }
            Exit::Probe { kind } => {
                ctx.kubelet_event(
                    EventType::Normal,
                    obj.clone(),
                    "Killing",
                    format!("Container {} failed {kind} probe, will be restarted", c.name),
                    node,
                );
                "Error"
            }
        };
        let terminated = ContainerStateTerminated {
            exit_code,
            reason: reason.into(),
            finished_at: now,
            started_at: Some(run.started_at),
        };
        run.running = false;
        run.ready = false;
        let restarts = match policy.as_str() {
            "Never" => false,
            "OnFailure" => terminated.exit_code != 0,
            _ => true,
        };
        let cs = &mut pod_new.status.container_statuses[i];
        cs.ready = false;
        cs.started = false;
        if !restarts {
            cs.state = ContainerState { terminated: Some(terminated), ..Default::default() };
            continue;
        }
        cs.last_state = ContainerState { terminated: Some(terminated), ..Default::default() };
        // `doBackOff`: in back-off if the entry exists, is not expired, and the delay has not passed.
        let in_backoff = run.backoff > 0 && now.since(run.backoff_updated) <= BACKOFF_RESET_SECONDS;
        if in_backoff {
            run.restart_at = Some(now.plus(run.backoff));
            let message = format!("back-off {} restarting failed container={} pod={pod_text}", go_duration(run.backoff), c.name);
            cs.state = ContainerState {
                waiting: Some(ContainerStateWaiting { reason: "CrashLoopBackOff".into(), message }),
                ..Default::default()
            };
            ctx.kubelet_event(
                EventType::Warning,
                obj.clone(),
                "BackOff",
                format!("Back-off restarting failed container {} in pod {pod_text}", c.name),
                node,
            );
        } else {
            // First crash (or the entry expired): a new entry of 10 s, and the container starts again at once.
            run.backoff = BACKOFF_INITIAL_SECONDS;
            run.backoff_updated = now;
            restart(&mut pod_new, i, run, c, &obj, node, ctx);
        }
    }

    // Pod phase and readiness conditions from the containers.
    let all_done = pod_new.status.container_statuses.iter().all(|cs| cs.state.terminated.is_some());
    if all_done && !pod_new.status.container_statuses.is_empty() {
        let failed = pod_new.status.container_statuses.iter().any(|cs| cs.state.terminated.as_ref().is_some_and(|t| t.exit_code != 0));
        pod_new.status.phase = if failed { FAILED.into() } else { SUCCEEDED.into() };
        pod_new.set_condition("Ready", "False", Some("PodCompleted"), None, now);
        pod_new.set_condition("ContainersReady", "False", Some("PodCompleted"), None, now);
    } else {
        for (cs, run) in pod_new.status.container_statuses.iter_mut().zip(&runs) {
            cs.ready = run.running && run.ready;
            cs.started = run.running && run.started;
        }
        let unready: Vec<String> = pod_new.status.container_statuses.iter().filter(|cs| !cs.ready).map(|cs| cs.name.clone()).collect();
        if unready.is_empty() {
            pod_new.set_condition("ContainersReady", "True", None, None, now);
            pod_new.set_condition("Ready", "True", None, None, now);
        } else {
            let msg = format!("containers with unready status: [{}]", unready.join(" "));
            pod_new.set_condition("ContainersReady", "False", Some("ContainersNotReady"), Some(&msg), now);
            pod_new.set_condition("Ready", "False", Some("ContainersNotReady"), Some(&msg), now);
        }
    }
    let changed = runs != before_runs || pod_new.status != kube.store.pods[key].status;
    kube.health.containers.insert(key.clone(), runs);
    if changed {
        kube.store.pods.insert(key.clone(), pod_new);
    }
    changed
}

/// The container starts again: restart count up, running, the kubelet's events.
fn restart(
    pod: &mut super::pod::Pod,
    i: usize,
    run: &mut ContainerRun,
    c: &super::pod::Container,
    obj: &ObjectReference,
    node: &str,
    ctx: &mut Ctx,
) {
    let now = ctx.now;
    begin_run(run, c, now);
    let cs = &mut pod.status.container_statuses[i];
    cs.restart_count += 1;
    cs.state = ContainerState { running: Some(ContainerStateRunning { started_at: now }), ..Default::default() };
    ctx.kubelet_event(EventType::Normal, obj.clone(), "Pulled", format!("Container image \"{}\" already present on machine", c.image), node);
    ctx.kubelet_event(EventType::Normal, obj.clone(), "Created", format!("Created container: {}", c.name), node);
    ctx.kubelet_event(EventType::Normal, obj.clone(), "Started", format!("Started container {}", c.name), node);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_go() {
        assert_eq!(go_duration(10), "10s");
        assert_eq!(go_duration(80), "1m20s");
        assert_eq!(go_duration(300), "5m0s");
    }

    #[test]
    fn probe_lines_read_like_kubectl_describe() {
        let p: Probe = crate::from_value::from_json(r#"{"httpGet":{"path":"/healthz","port":8080}}"#).unwrap();
        assert_eq!(p.describe(), "http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3");
        let p: Probe = crate::from_value::from_json(r#"{"tcpSocket":{"port":5432},"periodSeconds":5}"#).unwrap();
        assert_eq!(p.describe(), "tcp-socket :5432 delay=0s timeout=1s period=5s #success=1 #failure=3");
        assert_eq!(p.failure_output("10.244.0.5", 503), "dial tcp 10.244.0.5:5432: connect: connection refused");
        let p: Probe = crate::from_value::from_json(r#"{"exec":{"command":["cat","/tmp/healthy"]},"initialDelaySeconds":5}"#).unwrap();
        assert_eq!(p.describe(), "exec [cat /tmp/healthy] delay=5s timeout=1s period=10s #success=1 #failure=3");
    }
}
