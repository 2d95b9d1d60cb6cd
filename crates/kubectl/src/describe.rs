//! `kubectl describe`: the section layout of
//! `staging/src/k8s.io/kubectl/pkg/describe/describe.go`, aligned with its
//! tabwriter (padding 2), events table flushed separately as upstream does.

use crate::args::Command;
use crate::get::{age, endpoints_text, labels_text};
use crate::objects::{self, Obj};
use crate::table::{tabwrite, DESCRIBE_MIN_WIDTH, DESCRIBE_PADDING};
use crate::{errors, targets, Output, Scope};
use podium_engine::clock::{SimTime, EPOCH_UNIX_SECONDS};
use podium_engine::events::Event;
use podium_engine::kube::batch::{CronJob, Job};
use podium_engine::kube::config::{decoded_len, ConfigMap, Secret};
use podium_engine::kube::meta::IntOrString;
use podium_engine::kube::node::Node;
use podium_engine::kube::pod::{
    Container, ContainerStatus, Pod, PodSpec, ResourceList, Toleration,
};
use podium_engine::kube::selector::Selector;
use podium_engine::kube::service::{Endpoints, Namespace, Service};
use podium_engine::kube::workloads::{DaemonSet, Deployment, PodTemplateSpec, ReplicaSet};
use podium_engine::quantity::{format_bytes, format_milli_cpu};
use podium_engine::{ApiError, Sim};
use std::collections::BTreeMap;
use std::fmt::Write;

pub fn describe(sim: &Sim, cmd: &Command, scope: &Scope) -> Output {
    let targets = match targets::parse(&cmd.args, false) {
        Ok(t) => t,
        Err(e) if e.is_empty() => {
            return Output::fail("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl describe -h' for help and examples\n".into());
        }
        Err(e) => return Output::fail(e),
    };
    let selector = match Selector::parse(cmd.value("selector").unwrap_or("")) {
        Ok(s) => s,
        Err(e) => return Output::fail(errors::error(e)),
    };
    let show_events = cmd.value("show-events") != Some("false");
    let mut found: Vec<Obj> = Vec::new();
    let mut stderr = String::new();
    for (r, names) in &targets.groups {
        if names.is_empty() {
            found.extend(objects::list(sim, *r, scope.list_namespace(), &selector));
            continue;
        }
        for n in names {
            if let Some(o) = objects::find(sim, *r, &scope.namespace, n) {
                found.push(o);
                continue;
            }
            // Like kubectl, a name that matches nothing exactly describes the objects it prefixes.
            let prefixed: Vec<Obj> =
                objects::list(sim, *r, Some(&scope.namespace), &Selector::default())
                    .into_iter()
                    .filter(|o| o.name().starts_with(n.as_str()))
                    .collect();
            if prefixed.is_empty() {
                stderr.push_str(&errors::print_refusal(&ApiError::NotFound {
                    resource: *r,
                    name: n.clone(),
                }));
            }
            found.extend(prefixed);
        }
    }
    if found.is_empty() && stderr.is_empty() {
        let cluster_only = targets.groups.iter().all(|(r, _)| !r.namespaced());
        let msg = if scope.all_namespaces || cluster_only {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {} namespace.\n", scope.namespace)
        };
        return Output {
            stdout: String::new(),
            stderr: msg,
            success: true,
        };
    }
    let pages: Vec<String> = found.iter().map(|o| page(sim, o, show_events)).collect();
    let success = stderr.is_empty();
    Output {
        stdout: pages.join("\n\n"),
        stderr,
        success,
    }
}

/// One object's description.
pub fn page(sim: &Sim, o: &Obj, show_events: bool) -> String {
    let now = sim.now();
    let mut w = String::new();
    let (kind, ns, name) = match o {
        Obj::Pod(p) => {
            pod(&mut w, sim, p);
            ("Pod", p.metadata.ns(), p.metadata.name.as_str())
        }
        Obj::Node(n) => {
            node(&mut w, sim, n);
            ("Node", "", n.metadata.name.as_str())
        }
        Obj::Deployment(d) => {
            deployment(&mut w, sim, d);
            ("Deployment", d.metadata.ns(), d.metadata.name.as_str())
        }
        Obj::ReplicaSet(r) => {
            replica_set(&mut w, sim, r);
            ("ReplicaSet", r.metadata.ns(), r.metadata.name.as_str())
        }
        Obj::DaemonSet(d) => {
            daemon_set(&mut w, sim, d);
            ("DaemonSet", d.metadata.ns(), d.metadata.name.as_str())
        }
        Obj::CronJob(c) => {
            cron_job(&mut w, c);
            ("CronJob", c.metadata.ns(), c.metadata.name.as_str())
        }
        Obj::ConfigMap(c) => {
            config_map(&mut w, c);
            ("ConfigMap", c.metadata.ns(), c.metadata.name.as_str())
        }
        Obj::Secret(s) => {
            secret(&mut w, s);
            ("Secret", s.metadata.ns(), s.metadata.name.as_str())
        }
        Obj::Job(j) => {
            job(&mut w, sim, j);
            ("Job", j.metadata.ns(), j.metadata.name.as_str())
        }
        Obj::Service(s) => {
            service(&mut w, sim, s);
            ("Service", s.metadata.ns(), s.metadata.name.as_str())
        }
        Obj::Endpoints(e) => {
            endpoints(&mut w, e);
            ("Endpoints", e.metadata.ns(), e.metadata.name.as_str())
        }
        Obj::Hpa(h) => {
            crate::autoscale::describe(&mut w, h);
            ("HorizontalPodAutoscaler", h.metadata.ns(), h.metadata.name.as_str())
        }
        Obj::Namespace(n) => return namespace(n),
        Obj::Event(e) => return event(e, now),
    };
    let body = tabwrite(&w, DESCRIBE_MIN_WIDTH, DESCRIBE_PADDING);
    if !show_events {
        return body;
    }
    let events: Vec<&Event> = sim
        .events()
        .by_last_seen()
        .into_iter()
        .filter(|e| e.object.kind == kind && e.object.namespace == ns && e.object.name == name)
        .collect();
    if events.is_empty() {
        // Without events the line joins the body's last column block.
        return tabwrite(
            &format!("{w}Events:\t<none>\n"),
            DESCRIBE_MIN_WIDTH,
            DESCRIBE_PADDING,
        );
    }
    body + &events_table(&events, now)
}

fn events_table(events: &[&Event], now: SimTime) -> String {
    let mut w = String::from(
        "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n",
    );
    for e in events {
        let interval = if e.count > 1 {
            format!(
                "{} (x{} over {})",
                age(now, Some(e.last_seen)),
                e.count,
                age(now, Some(e.first_seen))
            )
        } else {
            age(now, Some(e.first_seen))
        };
        let _ = writeln!(
            w,
            "  {}\t{}\t{}\t{}\t{}",
            e.type_.as_str(),
            e.reason,
            interval,
            e.source,
            e.message.trim()
        );
    }
    tabwrite(&w, DESCRIBE_MIN_WIDTH, DESCRIBE_PADDING)
}

/// `Thu, 01 Jan 2026 00:00:00 +0000` (Go's `time.RFC1123Z`).
pub fn rfc1123z(t: SimTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let iso = t.rfc3339();
    let (y, m, d) = (&iso[0..4], &iso[5..7], &iso[8..10]);
    let month = MONTHS[m.parse::<usize>().unwrap_or(1).saturating_sub(1)];
    let day = DAYS[(((EPOCH_UNIX_SECONDS + t.secs()) / 86_400) % 7) as usize];
    format!("{day}, {d} {month} {y} {} +0000", &iso[11..19])
}

fn labels_multiline(w: &mut String, title: &str, labels: &BTreeMap<String, String>) {
    let _ = write!(w, "{title}:\t");
    if labels.is_empty() {
        w.push_str("<none>\n");
        return;
    }
    for (i, (k, v)) in labels.iter().enumerate() {
        if i > 0 {
            w.push('\t');
        }
        let _ = writeln!(w, "{k}={v}");
    }
}

fn annotations_multiline(w: &mut String, title: &str, annotations: &BTreeMap<String, String>) {
    let _ = write!(w, "{title}:\t");
    let shown: Vec<(&String, &String)> = annotations
        .iter()
        .filter(|(k, _)| *k != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if shown.is_empty() {
        w.push_str("<none>\n");
        return;
    }
    for (i, (k, v)) in shown.iter().enumerate() {
        if i > 0 {
            w.push('\t');
        }
        let line = format!("{k}: {v}");
        if line.chars().count() > 140 {
            let cut: String = line.chars().take(140).collect();
            let _ = writeln!(w, "{cut}...");
        } else {
            let _ = writeln!(w, "{line}");
        }
    }
}

fn tolerations_multiline(w: &mut String, title: &str, tolerations: &[Toleration]) {
    let _ = write!(w, "{title}:\t");
    if tolerations.is_empty() {
        w.push_str("<none>\n");
        return;
    }
    for (i, t) in tolerations.iter().enumerate() {
        if i > 0 {
            w.push('\t');
        }
        w.push_str(&t.key);
        if !t.value.is_empty() {
            let _ = write!(w, "={}", t.value);
        }
        if !t.effect.is_empty() {
            let _ = write!(w, ":{}", t.effect);
        }
        if t.operator == "Exists" && t.value.is_empty() {
            w.push_str(if t.key.is_empty() && t.effect.is_empty() {
                "op=Exists"
            } else {
                " op=Exists"
            });
        }
        if let Some(s) = t.toleration_seconds {
            let _ = write!(w, " for {s}s");
        }
        w.push('\n');
    }
}

fn controller_of(meta: &podium_engine::kube::meta::ObjectMeta) -> Option<String> {
    meta.controller().map(|o| format!("{}/{}", o.kind, o.name))
}

fn ports_text(c: &Container) -> (String, String) {
    let ports: Vec<String> = c
        .ports
        .iter()
        .map(|p| format!("{}/{}", p.container_port, p.protocol))
        .collect();
    let hosts: Vec<String> = c
        .ports
        .iter()
        .map(|p| format!("{}/{}", p.host_port.unwrap_or(0), p.protocol))
        .collect();
    (ports.join(","), hosts.join(","))
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "<none>"
    } else {
        s
    }
}

fn resource_lists(w: &mut String, res: &podium_engine::kube::pod::ResourceRequirements) {
    for (title, list) in [("Limits", &res.limits), ("Requests", &res.requests)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(w, "    {title}:");
        for (k, q) in list {
            let _ = writeln!(w, "      {k}:\t{q}");
        }
    }
}

/// `describeContainers`: `space` is `""` for a pod, `"  "` in a pod template.
fn containers(w: &mut String, spec: &PodSpec, statuses: &[ContainerStatus], space: &str) {
    let _ = writeln!(w, "{space}Containers:");
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in &spec.containers {
        let status = statuses.iter().find(|s| s.name == c.name);
        let _ = writeln!(w, "  {name_indent}{}:", c.name);
        let _ = writeln!(w, "    Image:\t{}", c.image);
        let (ports, hosts) = ports_text(c);
        let _ = writeln!(
            w,
            "    {}:\t{}",
            if ports.contains(',') { "Ports" } else { "Port" },
            or_none(&ports)
        );
        let _ = writeln!(
            w,
            "    {}:\t{}",
            if hosts.contains(',') {
                "Host Ports"
            } else {
                "Host Port"
            },
            or_none(&hosts)
        );
        if let Some(s) = status {
            let st = &s.state;
            if let Some(r) = &st.running {
                let _ = writeln!(
                    w,
                    "    State:\tRunning\n      Started:\t{}",
                    rfc1123z(r.started_at)
                );
            } else if let Some(t) = &st.terminated {
                terminated_lines(w, "State", t);
            } else {
                let _ = writeln!(w, "    State:\tWaiting");
                if let Some(r) = st.waiting.as_ref().filter(|wt| !wt.reason.is_empty()) {
                    let _ = writeln!(w, "      Reason:\t{}", r.reason);
                }
            }
            if let Some(t) = &s.last_state.terminated {
                terminated_lines(w, "Last State", t);
            }
            let _ = writeln!(w, "    Ready:\t{}", if s.ready { "True" } else { "False" });
            let _ = writeln!(w, "    Restart Count:\t{}", s.restart_count);
        }
        resource_lists(w, &c.resources);
        // `describeContainerProbe`: Liveness, Readiness, Startup.
        for (title, probe) in [("Liveness", &c.liveness_probe), ("Readiness", &c.readiness_probe), ("Startup", &c.startup_probe)] {
            if let Some(p) = probe {
                let _ = writeln!(w, "    {title}:\t{}", p.describe());
            }
        }
        if c.env.is_empty() {
            w.push_str("    Environment:\t<none>\n");
        } else {
            w.push_str("    Environment:\n");
            for e in &c.env {
                let _ = writeln!(w, "      {}:\t{}", e.name, e.value);
            }
        }
        w.push_str("    Mounts:\t<none>\n");
    }
}

/// `describeStatus` for a terminated state: Reason, Exit Code, Started, Finished.
fn terminated_lines(w: &mut String, title: &str, t: &podium_engine::kube::pod::ContainerStateTerminated) {
    let _ = writeln!(w, "    {title}:\tTerminated");
    if !t.reason.is_empty() {
        let _ = writeln!(w, "      Reason:\t{}", t.reason);
    }
    let _ = writeln!(w, "      Exit Code:\t{}", t.exit_code);
    if let Some(started) = t.started_at {
        let _ = writeln!(w, "      Started:\t{}", rfc1123z(started));
    }
    let _ = writeln!(w, "      Finished:\t{}", rfc1123z(t.finished_at));
}

pub(crate) fn pod_template(w: &mut String, t: &PodTemplateSpec) {
    w.push_str("Pod Template:\n");
    labels_multiline(w, "  Labels", &t.metadata.labels);
    if !t.metadata.annotations.is_empty() {
        annotations_multiline(w, "  Annotations", &t.metadata.annotations);
    }
    containers(w, &t.spec, &[], "  ");
    w.push_str("  Volumes:\t<none>\n");
    labels_multiline(w, "  Node-Selectors", &t.spec.node_selector);
    tolerations_multiline(w, "  Tolerations", &t.spec.tolerations);
}

fn pod(w: &mut String, _sim: &Sim, p: &Pod) {
    let m = &p.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.ns());
    w.push_str("Priority:\t0\n");
    w.push_str("Service Account:\tdefault\n");
    match p.node() {
        Some(n) => {
            let _ = writeln!(
                w,
                "Node:\t{n}/{}",
                p.status.host_ip.as_deref().unwrap_or("")
            );
        }
        None => w.push_str("Node:\t<none>\n"),
    }
    if let Some(t) = p.status.start_time {
        let _ = writeln!(w, "Start Time:\t{}", rfc1123z(t));
    }
    labels_multiline(w, "Labels", &m.labels);
    annotations_multiline(w, "Annotations", &m.annotations);
    match m.deletion_timestamp {
        Some(t) if !p.is_terminal() => {
            let _ = writeln!(
                w,
                "Status:\tTerminating (lasts {})",
                age(_sim.now(), Some(t))
            );
            let _ = writeln!(
                w,
                "Termination Grace Period:\t{}s",
                p.spec.termination_grace_period_seconds
            );
        }
        _ => {
            let _ = writeln!(w, "Status:\t{}", p.status.phase);
        }
    }
    if let Some(r) = &p.status.reason {
        let _ = writeln!(w, "Reason:\t{r}");
    }
    if let Some(msg) = &p.status.message {
        let _ = writeln!(w, "Message:\t{msg}");
    }
    let ip = p.status.pod_ip.as_deref().unwrap_or("");
    let _ = writeln!(w, "IP:\t{ip}");
    if ip.is_empty() {
        w.push_str("IPs:\t<none>\n");
    } else {
        let _ = writeln!(w, "IPs:\n  IP:\t{ip}");
    }
    if let Some(c) = controller_of(m) {
        let _ = writeln!(w, "Controlled By:\t{c}");
    }
    containers(w, &p.spec, &p.status.container_statuses, "");
    if !p.status.conditions.is_empty() {
        w.push_str("Conditions:\n  Type\tStatus\n");
        for c in &p.status.conditions {
            let _ = writeln!(w, "  {} \t{} ", c.type_, c.status);
        }
    }
    w.push_str("Volumes:\t<none>\n");
    let qos = if p.status.qos_class.is_empty() {
        podium_engine::kube::pod::qos_class(&p.spec).to_string()
    } else {
        p.status.qos_class.clone()
    };
    let _ = writeln!(w, "QoS Class:\t{qos}");
    labels_multiline(w, "Node-Selectors", &p.spec.node_selector);
    tolerations_multiline(w, "Tolerations", &p.spec.tolerations);
}

fn int_or_string(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

fn replica_sets_text(rss: &[&ReplicaSet]) -> String {
    if rss.is_empty() {
        return "<none>".into();
    }
    rss.iter()
        .map(|r| {
            format!(
                "{} ({}/{} replicas created)",
                r.metadata.name, r.status.replicas, r.spec.replicas
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn deployment(w: &mut String, sim: &Sim, d: &Deployment) {
    let m = &d.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.ns());
    if let Some(t) = m.creation_timestamp {
        let _ = writeln!(w, "CreationTimestamp:\t{}", rfc1123z(t));
    }
    labels_multiline(w, "Labels", &m.labels);
    annotations_multiline(w, "Annotations", &m.annotations);
    let _ = writeln!(w, "Selector:\t{}", d.spec.selector.to_string_form());
    let s = &d.status;
    let _ = writeln!(
        w,
        "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable",
        d.spec.replicas,
        s.updated_replicas,
        s.replicas,
        s.available_replicas,
        s.unavailable_replicas
    );
    let _ = writeln!(w, "StrategyType:\t{}", d.spec.strategy.type_);
    let _ = writeln!(w, "MinReadySeconds:\t{}", d.spec.min_ready_seconds);
    if let Some(ru) = &d.spec.strategy.rolling_update {
        let _ = writeln!(
            w,
            "RollingUpdateStrategy:\t{} max unavailable, {} max surge",
            int_or_string(&ru.max_unavailable),
            int_or_string(&ru.max_surge)
        );
    }
    pod_template(w, &d.spec.template);
    if !s.conditions.is_empty() {
        w.push_str("Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n");
        for c in &s.conditions {
            let _ = writeln!(w, "  {} \t{}\t{}", c.type_, c.status, c.reason);
        }
    }
    // Owned ReplicaSets: the one whose template matches the Deployment's is the new one.
    let owned: Vec<&ReplicaSet> = sim
        .kube()
        .store
        .replica_sets
        .values()
        .filter(|r| {
            r.metadata.ns() == m.ns()
                && r.metadata
                    .controller()
                    .is_some_and(|o| o.kind == "Deployment" && o.name == m.name)
        })
        .collect();
    let same_template = |r: &ReplicaSet| {
        let mut t = r.spec.template.clone();
        t.metadata
            .labels
            .remove(podium_engine::kube::names::POD_TEMPLATE_HASH_LABEL);
        t == d.spec.template
    };
    let new: Vec<&ReplicaSet> = owned
        .iter()
        .copied()
        .filter(|r| same_template(r))
        .take(1)
        .collect();
    let old: Vec<&ReplicaSet> = owned
        .iter()
        .copied()
        .filter(|r| !same_template(r) && (r.spec.replicas > 0 || r.status.replicas > 0))
        .collect();
    let _ = writeln!(w, "OldReplicaSets:\t{}", replica_sets_text(&old));
    let _ = writeln!(w, "NewReplicaSet:\t{}", replica_sets_text(&new));
}

fn replica_set(w: &mut String, sim: &Sim, r: &ReplicaSet) {
    let m = &r.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.ns());
    let _ = writeln!(w, "Selector:\t{}", r.spec.selector.to_string_form());
    labels_multiline(w, "Labels", &m.labels);
    annotations_multiline(w, "Annotations", &m.annotations);
    if let Some(c) = controller_of(m) {
        let _ = writeln!(w, "Controlled By:\t{c}");
    }
    let _ = writeln!(
        w,
        "Replicas:\t{} current / {} desired",
        r.status.replicas, r.spec.replicas
    );
    let pods = sim.kube().store.pods.values().filter(|p| {
        p.metadata.ns() == m.ns()
            && p.metadata
                .controller()
                .is_some_and(|o| o.kind == "ReplicaSet" && o.name == m.name)
    });
    let mut counts = [0; 4];
    for p in pods {
        match p.status.phase.as_str() {
            "Running" => counts[0] += 1,
            "Succeeded" => counts[2] += 1,
            "Failed" => counts[3] += 1,
            _ => counts[1] += 1,
        }
    }
    let _ = writeln!(
        w,
        "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed",
        counts[0], counts[1], counts[2], counts[3]
    );
    pod_template(w, &r.spec.template);
}

/// `describeDaemonSet`: no Namespace line, the node counts, then the pods' phases.
fn daemon_set(w: &mut String, sim: &Sim, d: &DaemonSet) {
    let m = &d.metadata;
    let s = &d.status;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Selector:\t{}", d.spec.selector.to_string_form());
    let node_selector = labels_text(&d.spec.template.spec.node_selector);
    let _ = writeln!(w, "Node-Selector:\t{}", or_none(&node_selector));
    labels_multiline(w, "Labels", &m.labels);
    let mut annotations = m.annotations.clone();
    annotations.insert("deprecated.daemonset.template.generation".into(), m.generation.to_string());
    annotations_multiline(w, "Annotations", &annotations);
    let _ = writeln!(w, "Desired Number of Nodes Scheduled:\t{}", s.desired_number_scheduled);
    let _ = writeln!(w, "Current Number of Nodes Scheduled:\t{}", s.current_number_scheduled);
    let _ = writeln!(w, "Number of Nodes Scheduled with Up-to-date Pods:\t{}", s.updated_number_scheduled);
    let _ = writeln!(w, "Number of Nodes Scheduled with Available Pods:\t{}", s.number_available);
    let _ = writeln!(w, "Number of Nodes Misscheduled:\t{}", s.number_misscheduled);
    let mut counts = [0; 4];
    for p in sim.kube().store.pods.values().filter(|p| {
        p.metadata.ns() == m.ns() && p.metadata.controller().is_some_and(|o| o.kind == "DaemonSet" && o.uid == m.uid)
    }) {
        match p.status.phase.as_str() {
            "Running" => counts[0] += 1,
            "Succeeded" => counts[2] += 1,
            "Failed" => counts[3] += 1,
            _ => counts[1] += 1,
        }
    }
    let _ = writeln!(
        w,
        "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed",
        counts[0], counts[1], counts[2], counts[3]
    );
    pod_template(w, &d.spec.template);
}

/// `describeCronJob`.
fn cron_job(w: &mut String, c: &CronJob) {
    let m = &c.metadata;
    let s = &c.spec;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.ns());
    labels_multiline(w, "Labels", &m.labels);
    annotations_multiline(w, "Annotations", &m.annotations);
    let _ = writeln!(w, "Schedule:\t{}", s.schedule);
    let _ = writeln!(w, "Concurrency Policy:\t{}", s.concurrency_policy);
    let _ = writeln!(w, "Suspend:\t{}", if s.suspend { "True" } else { "False" });
    let _ = writeln!(w, "Successful Job History Limit:\t{}", s.successful_jobs_history_limit);
    let _ = writeln!(w, "Failed Job History Limit:\t{}", s.failed_jobs_history_limit);
    let _ = writeln!(
        w,
        "Starting Deadline Seconds:\t{}",
        s.starting_deadline_seconds.map_or("<unset>".into(), |d| format!("{d}s"))
    );
    let _ = writeln!(w, "Selector:\t<unset>");
    let _ = writeln!(w, "Parallelism:\t{}", s.job_template.spec.parallelism);
    let _ = writeln!(w, "Completions:\t{}", s.job_template.spec.completions);
    pod_template(w, &s.job_template.spec.template);
    let _ = writeln!(w, "Last Schedule Time:\t{}", c.status.last_schedule_time.map_or("<unset>".into(), rfc1123z));
    let active: Vec<&str> = c.status.active.iter().map(|r| r.name.as_str()).collect();
    let _ = writeln!(w, "Active Jobs:\t{}", if active.is_empty() { "<none>".to_string() } else { active.join(", ") });
}

/// `describeConfigMap`: each key, a dashed line, then its value.
fn config_map(w: &mut String, c: &ConfigMap) {
    let m = &c.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.ns());
    labels_multiline(w, "Labels", &m.labels);
    annotations_multiline(w, "Annotations", &m.annotations);
    let _ = writeln!(w, "\nData\n====");
    for (k, v) in &c.data {
        let _ = writeln!(w, "{k}:\n----\n{v}\n");
    }
    let _ = writeln!(w, "\nBinaryData\n====");
    for (k, v) in &c.binary_data {
        let _ = writeln!(w, "{k}: {} bytes", decoded_len(v));
    }
    w.push('\n');
}

/// `describeSecret`: values are never shown, only their decoded length.
fn secret(w: &mut String, s: &Secret) {
    let m = &s.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.ns());
    labels_multiline(w, "Labels", &m.labels);
    annotations_multiline(w, "Annotations", &m.annotations);
    let _ = writeln!(w, "\nType:\t{}", s.type_);
    let _ = writeln!(w, "\nData\n====");
    for (k, v) in &s.data {
        let _ = writeln!(w, "{k}:\t{} bytes", decoded_len(v));
    }
}

/// `describeJob`.
fn job(w: &mut String, sim: &Sim, j: &Job) {
    let m = &j.metadata;
    let s = &j.status;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.ns());
    let _ = writeln!(w, "Selector:\t{}", j.spec.selector.to_string_form());
    labels_multiline(w, "Labels", &m.labels);
    annotations_multiline(w, "Annotations", &m.annotations);
    if let Some(c) = controller_of(m) {
        let _ = writeln!(w, "Controlled By:\t{c}");
    }
    let _ = writeln!(w, "Parallelism:\t{}", j.spec.parallelism);
    let _ = writeln!(w, "Completions:\t{}", j.spec.completions);
    let _ = writeln!(w, "Completion Mode:\t{}", j.spec.completion_mode);
    let _ = writeln!(w, "Suspend:\t{}", j.spec.suspend);
    let _ = writeln!(w, "Backoff Limit:\t{}", j.spec.backoff_limit);
    if let Some(start) = s.start_time {
        let _ = writeln!(w, "Start Time:\t{}", rfc1123z(start));
    }
    if let Some(done) = s.completion_time {
        let _ = writeln!(w, "Completed At:\t{}", rfc1123z(done));
    }
    if s.start_time.is_some() {
        let _ = writeln!(w, "Duration:\t{}", crate::get::job_duration(j, sim.now()));
    }
    if let Some(d) = j.spec.active_deadline_seconds {
        let _ = writeln!(w, "Active Deadline Seconds:\t{d}s");
    }
    let _ = writeln!(
        w,
        "Pods Statuses:\t{} Active ({} Ready) / {} Succeeded / {} Failed",
        s.active, s.ready, s.succeeded, s.failed
    );
    pod_template(w, &j.spec.template);
}

fn service(w: &mut String, sim: &Sim, s: &Service) {
    let m = &s.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.ns());
    labels_multiline(w, "Labels", &m.labels);
    annotations_multiline(w, "Annotations", &m.annotations);
    let _ = writeln!(w, "Selector:\t{}", labels_text(&s.spec.selector));
    let _ = writeln!(w, "Type:\t{}", s.spec.type_);
    // An ExternalName Service has no IP (nor IP family) lines.
    if !s.spec.cluster_ip.is_empty() {
        w.push_str("IP Family Policy:\tSingleStack\nIP Families:\tIPv4\n");
        let _ = writeln!(w, "IP:\t{}", s.spec.cluster_ip);
    }
    if !s.spec.cluster_ips.is_empty() {
        let _ = writeln!(w, "IPs:\t{}", s.spec.cluster_ips.join(","));
    }
    if !s.spec.external_name.is_empty() {
        let _ = writeln!(w, "External Name:\t{}", s.spec.external_name);
    }
    let eps = sim
        .kube()
        .store
        .endpoints
        .get(&podium_engine::kube::Key::of(m));
    for p in &s.spec.ports {
        let name = if p.name.is_empty() {
            "<unset>"
        } else {
            p.name.as_str()
        };
        let _ = writeln!(w, "Port:\t{name}\t{}/{}", p.port, p.protocol);
        match &p.target_port {
            None | Some(IntOrString::Int(0)) => {
                let _ = writeln!(w, "TargetPort:\t<unset>/{}", p.protocol);
            }
            Some(t) => {
                let _ = writeln!(w, "TargetPort:\t{}/{}", int_or_string(t), p.protocol);
            }
        }
        if let Some(np) = p.node_port {
            let _ = writeln!(w, "NodePort:\t{name}\t{np}/{}", p.protocol);
        }
        let addrs: Vec<String> = eps
            .map(|e| {
                e.subsets
                    .iter()
                    .flat_map(|sub| {
                        let port = sub
                            .ports
                            .iter()
                            .find(|ep| ep.name == p.name)
                            .or(sub.ports.first());
                        sub.addresses.iter().map(move |a| match port {
                            Some(pt) => format!("{}:{}", a.ip, pt.port),
                            None => a.ip.clone(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let _ = writeln!(
            w,
            "Endpoints:\t{}",
            if addrs.is_empty() {
                String::new()
            } else {
                endpoints_text(&addrs)
            }
        );
    }
    let _ = writeln!(w, "Session Affinity:\t{}", s.spec.session_affinity);
    if s.spec.type_ == "NodePort" || s.spec.type_ == "LoadBalancer" {
        w.push_str("External Traffic Policy:\tCluster\n");
    }
    w.push_str("Internal Traffic Policy:\tCluster\n");
}

fn endpoints(w: &mut String, e: &Endpoints) {
    let m = &e.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.ns());
    labels_multiline(w, "Labels", &m.labels);
    annotations_multiline(w, "Annotations", &m.annotations);
    w.push_str("Subsets:\n");
    for s in &e.subsets {
        let ips = |a: &[podium_engine::kube::service::EndpointAddress]| {
            if a.is_empty() {
                "<none>".to_string()
            } else {
                a.iter()
                    .map(|x| x.ip.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            }
        };
        let _ = writeln!(w, "  Addresses:\t{}", ips(&s.addresses));
        let _ = writeln!(w, "  NotReadyAddresses:\t{}", ips(&s.not_ready_addresses));
        if s.ports.is_empty() {
            w.push_str("  Ports:\t<none>\n");
        } else {
            w.push_str("  Ports:\n    Name\tPort\tProtocol\n    ----\t----\t--------\n");
            for p in &s.ports {
                let _ = writeln!(
                    w,
                    "    {}\t{}\t{}",
                    if p.name.is_empty() {
                        "<unset>"
                    } else {
                        &p.name
                    },
                    p.port,
                    p.protocol
                );
            }
        }
        w.push('\n');
    }
}

fn namespace(n: &Namespace) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "Name:\t{}", n.metadata.name);
    labels_multiline(&mut w, "Labels", &n.metadata.labels);
    annotations_multiline(&mut w, "Annotations", &n.metadata.annotations);
    let _ = writeln!(w, "Status:\t{}", n.status.phase);
    w.push_str("\nNo resource quota.\n\nNo LimitRange resource.\n");
    tabwrite(&w, DESCRIBE_MIN_WIDTH, DESCRIBE_PADDING)
}

fn event(e: &Event, now: SimTime) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "Name:\t{}", objects::event_name(e));
    let _ = writeln!(w, "Namespace:\t{}", objects::event_namespace(e));
    let _ = writeln!(w, "Type:\t{}", e.type_.as_str());
    let _ = writeln!(w, "Reason:\t{}", e.reason);
    let _ = writeln!(w, "Involved Object:\t{}/{}", e.object.kind, e.object.name);
    let _ = writeln!(w, "Source:\t{}", e.source);
    let _ = writeln!(w, "Count:\t{}", e.count);
    let _ = writeln!(
        w,
        "First Timestamp:\t{} ({} ago)",
        rfc1123z(e.first_seen),
        age(now, Some(e.first_seen))
    );
    let _ = writeln!(
        w,
        "Last Timestamp:\t{} ({} ago)",
        rfc1123z(e.last_seen),
        age(now, Some(e.last_seen))
    );
    let _ = writeln!(w, "Message:\t{}", e.message);
    tabwrite(&w, DESCRIBE_MIN_WIDTH, DESCRIBE_PADDING)
}

fn sum(list: &ResourceList, name: &str, cpu: bool) -> i64 {
    list.get(name)
        .map_or(0, |q| if cpu { q.milli() } else { q.value() })
}

fn pct(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        0
    } else {
        (part as f64 / whole as f64 * 100.0) as i64
    }
}

fn node(w: &mut String, sim: &Sim, n: &Node) {
    let m = &n.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Roles:\t{}", n.roles());
    labels_multiline(w, "Labels", &m.labels);
    annotations_multiline(w, "Annotations", &m.annotations);
    if let Some(t) = m.creation_timestamp {
        let _ = writeln!(w, "CreationTimestamp:\t{}", rfc1123z(t));
    }
    w.push_str("Taints:\t");
    if n.spec.taints.is_empty() {
        w.push_str("<none>\n");
    }
    for (i, t) in n.spec.taints.iter().enumerate() {
        if i > 0 {
            w.push('\t');
        }
        if t.value.is_empty() {
            let _ = writeln!(w, "{}:{}", t.key, t.effect);
        } else {
            let _ = writeln!(w, "{}={}:{}", t.key, t.value, t.effect);
        }
    }
    let _ = writeln!(w, "Unschedulable:\t{}", n.spec.unschedulable);
    if !n.status.conditions.is_empty() {
        w.push_str(
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.push_str("  ----\t------\t-----------------\t------------------\t------\t-------\n");
        for c in &n.status.conditions {
            let _ = writeln!(
                w,
                "  {} \t{} \t{} \t{} \t{} \t{}",
                c.type_,
                c.status,
                rfc1123z(c.last_heartbeat_time),
                rfc1123z(c.last_transition_time),
                c.reason,
                c.message
            );
        }
    }
    w.push_str("Addresses:\n");
    for a in &n.status.addresses {
        let _ = writeln!(w, "  {}:\t{}", a.type_, a.address);
    }
    for (title, list) in [
        ("Capacity", &n.status.capacity),
        ("Allocatable", &n.status.allocatable),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(w, "{title}:");
        for (k, q) in list {
            let _ = writeln!(w, "  {k}:\t{q}");
        }
    }
    let info = &n.status.node_info;
    w.push_str("System Info:\n");
    let _ = writeln!(w, "  Kernel Version:\t{}", info.kernel_version);
    let _ = writeln!(w, "  OS Image:\t{}", info.os_image);
    let _ = writeln!(w, "  Operating System:\t{}", info.operating_system);
    let _ = writeln!(w, "  Architecture:\t{}", info.architecture);
    let _ = writeln!(
        w,
        "  Container Runtime Version:\t{}",
        info.container_runtime_version
    );
    let _ = writeln!(w, "  Kubelet Version:\t{}", info.kubelet_version);
    if !n.spec.pod_cidr.is_empty() {
        let _ = writeln!(
            w,
            "PodCIDR:\t{}\nPodCIDRs:\t{}",
            n.spec.pod_cidr, n.spec.pod_cidr
        );
    }
    let pods: Vec<&Pod> = sim
        .kube()
        .store
        .pods_on(&m.name)
        .filter(|p| !p.is_terminal())
        .collect();
    let (alloc_cpu, alloc_mem) = (n.allocatable_cpu(), n.allocatable_memory());
    let _ = writeln!(w, "Non-terminated Pods:\t({} in total)", pods.len());
    w.push_str(
        "  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.push_str(
        "  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let mut totals = [0i64; 4];
    for p in &pods {
        let mut v = [0i64; 4];
        for c in &p.spec.containers {
            v[0] += sum(&c.resources.requests, "cpu", true);
            v[1] += sum(&c.resources.limits, "cpu", true);
            v[2] += sum(&c.resources.requests, "memory", false);
            v[3] += sum(&c.resources.limits, "memory", false);
        }
        for i in 0..4 {
            totals[i] += v[i];
        }
        let _ = writeln!(
            w,
            "  {}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}",
            p.metadata.ns(),
            p.metadata.name,
            format_milli_cpu(v[0]),
            pct(v[0], alloc_cpu),
            format_milli_cpu(v[1]),
            pct(v[1], alloc_cpu),
            format_bytes(v[2]),
            pct(v[2], alloc_mem),
            format_bytes(v[3]),
            pct(v[3], alloc_mem),
            age(sim.now(), p.metadata.creation_timestamp)
        );
    }
    w.push_str(
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.push_str("  Resource\tRequests\tLimits\n  --------\t--------\t------\n");
    let _ = writeln!(
        w,
        "  cpu\t{} ({}%)\t{} ({}%)",
        format_milli_cpu(totals[0]),
        pct(totals[0], alloc_cpu),
        format_milli_cpu(totals[1]),
        pct(totals[1], alloc_cpu)
    );
    let _ = writeln!(
        w,
        "  memory\t{} ({}%)\t{} ({}%)",
        format_bytes(totals[2]),
        pct(totals[2], alloc_mem),
        format_bytes(totals[3]),
        pct(totals[3], alloc_mem)
    );
    w.push_str("  ephemeral-storage\t0 (0%)\t0 (0%)\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_like_go_rfc1123z() {
        assert_eq!(rfc1123z(SimTime(0)), "Thu, 01 Jan 2026 00:00:00 +0000");
        assert_eq!(
            rfc1123z(SimTime(86_400 * 31 + 3661)),
            "Sun, 01 Feb 2026 01:01:01 +0000"
        );
    }
}
