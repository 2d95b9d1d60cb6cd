//! `kubectl logs POD [-c CONTAINER] [--previous] [--tail N]`.
//!
//! The playground runs no programs, so what a container "says" is made up from its
//! state and history, the same every time: a start line, the port it listens on,
//! the probe requests it failed (from the kubelet's `Unhealthy` events inside that
//! run), and how the run ended (a clean shutdown on a probe kill, nothing at all on
//! an OOM kill: the log just stops). The errors are kubectl's and the kubelet's
//! (`pkg/kubelet/kubelet_pods.go`, `validateContainerLogStatus`).

use crate::args::Command;
use crate::{errors, Output, Scope};
use podium_engine::clock::SimTime;
use podium_engine::kube::meta::IntOrString;
use podium_engine::kube::pod::{Container, Pod, Probe};
use podium_engine::kube::Key;
use podium_engine::{ApiError, Resource, Sim};

fn bad_request(msg: String) -> Output {
    Output::fail(format!("Error from server (BadRequest): {msg}\n"))
}

pub fn logs(sim: &Sim, cmd: &Command, scope: &Scope) -> Output {
    let name = match cmd.args.as_slice() {
        [] => return Output::fail(errors::error("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples")),
        [one] => match one.split_once('/') {
            None => one.clone(),
            Some((kind, n)) if Resource::parse(kind) == Some(Resource::Pod) => n.to_string(),
            Some(_) => return Output::fail(errors::error("the playground's kubectl logs reads pods only: kubectl logs POD")),
        },
        [_, second, ..] => {
            return Output::fail(errors::error(format!(
                "only one of -c or an inline [CONTAINER] arg is allowed (got {second:?})"
            )))
        }
    };
    let tail = match cmd.value("tail") {
        None => None,
        Some(t) => match t.parse::<i64>() {
            Ok(n) if n < 0 => None,
            Ok(n) => Some(n as usize),
            Err(_) => {
                return Output::fail(errors::flag_error(
                    "logs",
                    &format!("invalid argument \"{t}\" for \"--tail\" flag: strconv.ParseInt: parsing \"{t}\": invalid syntax"),
                ))
            }
        },
    };
    let Some(pod) = sim.kube().store.pods.get(&Key::new(&scope.namespace, &name)) else {
        return Output::fail(errors::print_refusal(&ApiError::NotFound { resource: Resource::Pod, name }));
    };
    let mut stderr = String::new();
    let container = match cmd.value("container") {
        Some(c) => match pod.spec.containers.iter().find(|x| x.name == c) {
            Some(x) => x,
            None => return bad_request(format!("container {c} is not valid for pod {name}")),
        },
        None => {
            let first = &pod.spec.containers[0];
            if pod.spec.containers.len() > 1 {
                let all: Vec<&str> = pod.spec.containers.iter().map(|c| c.name.as_str()).collect();
                stderr = format!("Defaulted container \"{}\" out of: {}\n", first.name, all.join(", "));
            }
            first
        }
    };
    let text = match container_log(sim, pod, container, cmd.switch("previous")) {
        Ok(lines) => {
            let skip = tail.map_or(0, |n| lines.len().saturating_sub(n));
            lines[skip..].iter().map(|l| format!("{l}\n")).collect::<String>()
        }
        Err(msg) => {
            let mut out = bad_request(msg);
            out.stderr = stderr + &out.stderr;
            return out;
        }
    };
    Output { stdout: text, stderr, success: true }
}

/// The lines of one run of `c` (the current one, or with `previous` the one before).
fn container_log(sim: &Sim, pod: &Pod, c: &Container, previous: bool) -> Result<Vec<String>, String> {
    let pod_name = &pod.metadata.name;
    let status = pod.status.container_statuses.iter().find(|s| s.name == c.name);
    if previous {
        let last = status.and_then(|s| s.last_state.terminated.as_ref());
        let Some(t) = last else {
            return Err(format!("previous terminated container \"{}\" in pod \"{pod_name}\" not found", c.name));
        };
        let start = t.started_at.unwrap_or(t.finished_at);
        return Ok(run_lines(sim, pod, c, start, Some((t.finished_at, t.reason.as_str(), t.exit_code))));
    }
    // Not on a node yet: there is no kubelet to ask, and the API server answers with nothing.
    let Some(status) = status else { return Ok(Vec::new()) };
    if let Some(r) = &status.state.running {
        return Ok(run_lines(sim, pod, c, r.started_at, None));
    }
    if let Some(t) = &status.state.terminated {
        let start = t.started_at.unwrap_or(t.finished_at);
        return Ok(run_lines(sim, pod, c, start, Some((t.finished_at, t.reason.as_str(), t.exit_code))));
    }
    if let Some(w) = &status.state.waiting {
        // Waiting to restart (CrashLoopBackOff): the runtime still has the crashed container's log.
        if let Some(t) = &status.last_state.terminated {
            let start = t.started_at.unwrap_or(t.finished_at);
            return Ok(run_lines(sim, pod, c, start, Some((t.finished_at, t.reason.as_str(), t.exit_code))));
        }
        return Err(format!("container \"{}\" in pod \"{pod_name}\" is waiting to start: {}", c.name, w.reason));
    }
    Ok(Vec::new())
}

fn probe_port(p: &Probe) -> Option<String> {
    p.http_get.as_ref().map(|h| match &h.port {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => s.clone(),
    })
}

/// What the application sees of a failed probe: the request it answered badly.
fn probe_line(p: &Probe, status: u16) -> Option<String> {
    if let Some(h) = &p.http_get {
        let path = if h.path.is_empty() { "/" } else { h.path.as_str() };
        let text = if status == 503 { "Service Unavailable" } else { "Internal Server Error" };
        return Some(format!("GET {path} {status} {text} (kube-probe/1.32)"));
    }
    p.exec.as_ref().map(|e| format!("health check {:?} failed", e.command.join(" ")))
}

/// One run from `start` to `end` (`None`: still running), with how it ended.
fn run_lines(sim: &Sim, pod: &Pod, c: &Container, start: SimTime, end: Option<(SimTime, &str, i64)>) -> Vec<String> {
    let node = pod.node().unwrap_or("");
    let stamp = |t: SimTime| t.rfc3339();
    let mut lines = vec![(start, 0u64, format!("{} Starting {} (image {}) on {node}", stamp(start), c.name, c.image))];
    let port = c
        .ports
        .first()
        .map(|p| p.container_port.to_string())
        .or_else(|| [&c.readiness_probe, &c.liveness_probe, &c.startup_probe].into_iter().flatten().find_map(probe_port));
    if let Some(port) = port {
        lines.push((start, 1, format!("{} Listening on port {port}", stamp(start))));
    }
    let until = end.map_or(sim.now(), |(t, _, _)| t);
    let ns = pod.metadata.ns();
    let mut seq = 2u64;
    for e in sim.events().about("Pod", ns, &pod.metadata.name).filter(|e| e.reason == "Unhealthy") {
        let (probe, status) = if e.message.starts_with("Readiness probe failed") {
            (&c.readiness_probe, 503)
        } else if e.message.starts_with("Liveness probe failed") {
            (&c.liveness_probe, 500)
        } else if e.message.starts_with("Startup probe failed") {
            (&c.startup_probe, 500)
        } else {
            continue;
        };
        let Some(p) = probe.as_ref() else { continue };
        let Some(line) = probe_line(p, status) else { continue };
        // A folded event keeps its first and last time and a count: the failures
        // before the last one came one probe period apart.
        let period = p.period_seconds.max(1) as u64;
        for k in (0..u64::from(e.count.max(1))).rev() {
            let Some(t) = e.last_seen.secs().checked_sub(k * period).map(SimTime) else { continue };
            // A probe of this run comes after its start (the previous run's last probe may share that second).
            if t >= e.first_seen && t > start && t <= until {
                lines.push((t, seq, format!("{} {line}", stamp(t))));
                seq += 1;
            }
        }
    }
    podium_engine::sorting::sort_by_key(&mut lines, |(t, s, _)| (*t, *s));
    if let Some((t, reason, code)) = end {
        match reason {
            // The kernel killed it: no last words.
            "OOMKilled" => {}
            "Completed" => lines.push((t, seq, format!("{} Work done, exiting with code {code}", stamp(t)))),
            _ if code == 137 => lines.push((t, seq, format!("{} Received SIGTERM, shutting down", stamp(t)))),
            _ => lines.push((t, seq, format!("{} Exiting with code {code}", stamp(t)))),
        }
    }
    lines.into_iter().map(|(_, _, l)| l).collect()
}
