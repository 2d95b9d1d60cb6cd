//! `kubectl get`: the tables of each kind (the columns of
//! `pkg/printers/internalversion/printers.go`) and the other `-o` formats.

use crate::args::Command;
use crate::objects::{self, Obj};
use crate::output::{self, Format};
use crate::{errors, jsonpath, table, targets, Output, Scope};
use podium_engine::clock::{format_duration, SimTime};
use podium_engine::kube::meta::Labels;
use podium_engine::kube::selector::Selector;
use podium_engine::{ApiError, Resource, Sim};

/// What `-w` / `--watch-only` say where nothing keeps printing (the runner, `podium run`).
pub const WATCH_NEEDS_CONSOLE: &str =
    "--watch needs a live view: run it in the board's console, where it prints each change as the clock moves. In a scenario, use `wait` and then `kubectl get`";

pub fn get(sim: &Sim, cmd: &Command, scope: &Scope) -> Output {
    if cmd.switch("watch") || cmd.switch("watch-only") {
        return Output::fail(errors::error(WATCH_NEEDS_CONSOLE));
    }
    listing(sim, cmd, scope)
}

/// `kubectl get` at this instant (the listing a watch starts with, too).
pub fn listing(sim: &Sim, cmd: &Command, scope: &Scope) -> Output {
    let targets = match targets::parse(&cmd.args, true) {
        Ok(t) => t,
        Err(e) if e.is_empty() => {
            return Output::fail("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n".to_string());
        }
        Err(e) => return Output::fail(e),
    };
    let format = match Format::parse(cmd.value("output")) {
        Ok(f) => f,
        Err(e) => return Output::fail(e),
    };
    let selector = match Selector::parse(cmd.value("selector").unwrap_or("")) {
        Ok(s) => s,
        Err(e) => return Output::fail(errors::error(e)),
    };
    if targets.named() && scope.all_namespaces {
        return Output::fail(errors::error(
            "a resource cannot be retrieved by name across all namespaces",
        ));
    }
    if targets.named() && cmd.has("selector") {
        return Output::fail(errors::error(
            "name cannot be provided when a selector is specified",
        ));
    }
    let sort_by = cmd.value("sort-by");
    if let Some(s) = sort_by {
        if let Err(e) = jsonpath::select(s, &serde_json::Value::Null) {
            return Output::fail(errors::error(e));
        }
    }

    let mut stderr = String::new();
    let mut groups: Vec<(Resource, Vec<Obj>)> = Vec::new();
    for (r, names) in &targets.groups {
        let mut found = Vec::new();
        if names.is_empty() {
            found = objects::list(sim, *r, scope.list_namespace(), &selector);
        } else {
            for n in names {
                match objects::find(sim, *r, &scope.namespace, n) {
                    Some(o) => found.push(o),
                    None if cmd.switch("ignore-not-found") => {}
                    None => stderr.push_str(&errors::print_refusal(&ApiError::NotFound {
                        resource: *r,
                        name: n.clone(),
                    })),
                }
            }
        }
        if let Some(expr) = sort_by {
            sort_objects(&mut found, expr);
        }
        groups.push((*r, found));
    }
    let success = stderr.is_empty();
    let all: Vec<Obj> = groups.iter().flat_map(|(_, o)| o.iter().copied()).collect();

    let wide = match &format {
        Format::Table { wide } => *wide,
        other => {
            let single = targets.name_count() == 1 && targets.groups.len() == 1;
            let stdout = if single && all.is_empty() {
                String::new()
            } else {
                output::print(other, &all, single, cmd.switch("no-headers"))
            };
            return Output {
                stdout,
                stderr,
                success,
            };
        }
    };
    if all.is_empty() {
        if success && !targets.named() {
            let cluster_only = targets.groups.iter().all(|(r, _)| !r.namespaced());
            if scope.all_namespaces || cluster_only {
                stderr.push_str("No resources found\n");
            } else {
                stderr.push_str(&format!(
                    "No resources found in {} namespace.\n",
                    scope.namespace
                ));
            }
        }
        return Output {
            stdout: String::new(),
            stderr,
            success,
        };
    }
    let opts = table_opts(sim.now(), wide, cmd, scope, targets.several_kinds);
    let tables: Vec<String> = groups
        .iter()
        .filter(|(_, o)| !o.is_empty())
        .map(|(r, objs)| render_table(*r, objs, &opts))
        .collect();
    Output {
        stdout: tables.join("\n"),
        stderr,
        success,
    }
}

fn sort_objects(objs: &mut [Obj], expr: &str) {
    let key = |o: &Obj| {
        jsonpath::select(expr, &o.to_json())
            .unwrap_or_default()
            .into_iter()
            .next()
    };
    podium_engine::sorting::sort_by(objs, |a, b| {
        let (ka, kb) = (key(a), key(b));
        match (&ka, &kb) {
            (Some(serde_json::Value::Number(x)), Some(serde_json::Value::Number(y))) => x
                .as_f64()
                .partial_cmp(&y.as_f64())
                .unwrap_or(std::cmp::Ordering::Equal),
            (Some(x), Some(y)) => jsonpath::text(x).cmp(&jsonpath::text(y)),
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
}

/// The table layout the flags ask for.
pub fn table_opts(now: SimTime, wide: bool, cmd: &Command, scope: &Scope, several_kinds: bool) -> TableOpts {
    TableOpts {
        now,
        wide,
        all_namespaces: scope.all_namespaces,
        with_kind: several_kinds || cmd.switch("show-kind"),
        show_labels: cmd.switch("show-labels"),
        label_columns: cmd
            .values("label-columns")
            .iter()
            .flat_map(|v| v.split(','))
            .map(String::from)
            .collect(),
        no_headers: cmd.switch("no-headers"),
    }
}

/// How a table is laid out.
#[derive(Clone, Debug)]
pub struct TableOpts {
    pub now: SimTime,
    pub wide: bool,
    pub all_namespaces: bool,
    pub with_kind: bool,
    pub show_labels: bool,
    pub label_columns: Vec<String>,
    pub no_headers: bool,
}

pub fn age(now: SimTime, t: Option<SimTime>) -> String {
    t.map_or("<unknown>".into(), |t| format_duration(now.since(t)))
}

fn or_none(s: &str) -> String {
    if s.is_empty() {
        "<none>".into()
    } else {
        s.to_string()
    }
}

pub fn labels_text(l: &Labels) -> String {
    if l.is_empty() {
        return "<none>".into();
    }
    l.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn header(r: Resource, wide: bool) -> Vec<&'static str> {
    let (base, extra): (&[&str], &[&str]) = match r {
        Resource::Pod => (
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        Resource::Node => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
        Resource::Deployment => (
            &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Resource::ReplicaSet => (
            &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Resource::DaemonSet => (
            &[
                "NAME",
                "DESIRED",
                "CURRENT",
                "READY",
                "UP-TO-DATE",
                "AVAILABLE",
                "NODE SELECTOR",
                "AGE",
            ],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Resource::CronJob => (
            &["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Resource::ConfigMap => (&["NAME", "DATA", "AGE"], &[]),
        Resource::Secret => (&["NAME", "TYPE", "DATA", "AGE"], &[]),
        Resource::Job => (
            &["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Resource::Service => (
            &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            &["SELECTOR"],
        ),
        Resource::Endpoints => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        Resource::HorizontalPodAutoscaler => (
            &["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
            &[],
        ),
        Resource::Namespace => (&["NAME", "STATUS", "AGE"], &[]),
        Resource::Event => (
            &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
            &[
                "LAST SEEN",
                "TYPE",
                "REASON",
                "OBJECT",
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME",
            ],
        ),
    };
    if r == Resource::Event && wide {
        return extra.to_vec();
    }
    let mut h = base.to_vec();
    if wide {
        h.extend_from_slice(extra);
    }
    h
}

fn containers_images(spec: &podium_engine::kube::pod::PodSpec) -> [String; 2] {
    [
        spec.containers
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
        spec.containers
            .iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(","),
    ]
}

/// `80/TCP`, `80:31234/TCP`, comma separated; `<none>` without ports.
pub fn service_ports(s: &podium_engine::kube::service::Service) -> String {
    let ports: Vec<String> = s
        .spec
        .ports
        .iter()
        .map(|p| match p.node_port {
            Some(np) => format!("{}:{np}/{}", p.port, p.protocol),
            None => format!("{}/{}", p.port, p.protocol),
        })
        .collect();
    if ports.is_empty() {
        "<none>".into()
    } else {
        ports.join(",")
    }
}

/// The `ENDPOINTS` column: three addresses, then `+ N more...`.
pub fn endpoints_text(addrs: &[String]) -> String {
    match addrs.len() {
        0 => "<none>".into(),
        n if n <= 3 => addrs.join(","),
        n => format!("{} + {} more...", addrs[..3].join(","), n - 3),
    }
}

fn cells(o: &Obj, opts: &TableOpts) -> Vec<String> {
    let now = opts.now;
    let wide = opts.wide;
    let created = age(now, o.created());
    let name = if opts.with_kind {
        o.qualified_name()
    } else {
        o.name()
    };
    match o {
        Obj::Pod(p) => {
            let (ready, total) = p.ready_containers();
            let mut c = vec![
                name,
                format!("{ready}/{total}"),
                p.display_status(),
                p.restarts_text(now),
                created,
            ];
            if wide {
                c.push(p.status.pod_ip.clone().unwrap_or_else(|| "<none>".into()));
                c.push(p.node().map_or("<none>".into(), str::to_string));
                c.push("<none>".into());
                c.push("<none>".into());
            }
            c
        }
        Obj::Node(n) => {
            let mut c = vec![
                name,
                n.display_status(),
                n.roles(),
                created,
                n.status.node_info.kubelet_version.clone(),
            ];
            if wide {
                let info = &n.status.node_info;
                c.push(or_none(n.internal_ip()));
                let ext = n
                    .status
                    .addresses
                    .iter()
                    .find(|a| a.type_ == "ExternalIP")
                    .map_or("", |a| a.address.as_str());
                c.push(or_none(ext));
                c.push(or_none(&info.os_image));
                c.push(or_none(&info.kernel_version));
                c.push(or_none(&info.container_runtime_version));
            }
            c
        }
        Obj::Deployment(d) => {
            let s = &d.status;
            let mut c = vec![
                name,
                format!("{}/{}", s.ready_replicas, d.spec.replicas),
                s.updated_replicas.to_string(),
                s.available_replicas.to_string(),
                created,
            ];
            if wide {
                c.extend(containers_images(&d.spec.template.spec));
                c.push(or_none(&d.spec.selector.to_string_form()));
            }
            c
        }
        Obj::ReplicaSet(r) => {
            let mut c = vec![
                name,
                r.spec.replicas.to_string(),
                r.status.replicas.to_string(),
                r.status.ready_replicas.to_string(),
                created,
            ];
            if wide {
                c.extend(containers_images(&r.spec.template.spec));
                c.push(or_none(&r.spec.selector.to_string_form()));
            }
            c
        }
        Obj::DaemonSet(d) => {
            let s = &d.status;
            let mut c = vec![
                name,
                s.desired_number_scheduled.to_string(),
                s.current_number_scheduled.to_string(),
                s.number_ready.to_string(),
                s.updated_number_scheduled.to_string(),
                s.number_available.to_string(),
                or_none(&labels_text(&d.spec.template.spec.node_selector)),
                created,
            ];
            if wide {
                c.extend(containers_images(&d.spec.template.spec));
                c.push(or_none(&d.spec.selector.to_string_form()));
            }
            c
        }
        Obj::CronJob(cj) => {
            let mut c = vec![
                name,
                cj.spec.schedule.clone(),
                cj.spec.time_zone.clone().unwrap_or_else(|| "<none>".into()),
                if cj.spec.suspend { "True" } else { "False" }.into(),
                cj.status.active.len().to_string(),
                cj.status.last_schedule_time.map_or("<none>".into(), |t| age(now, Some(t))),
                created,
            ];
            if wide {
                c.extend(containers_images(&cj.spec.job_template.spec.template.spec));
                c.push(or_none(&cj.spec.job_template.spec.selector.to_string_form()));
            }
            c
        }
        Obj::ConfigMap(c) => vec![name, (c.data.len() + c.binary_data.len()).to_string(), created],
        Obj::Secret(s) => vec![name, s.type_.clone(), s.data.len().to_string(), created],
        Obj::Job(j) => {
            let mut c = vec![
                name,
                job_status(j).into(),
                format!("{}/{}", j.status.succeeded, j.spec.completions),
                job_duration(j, now),
                created,
            ];
            if wide {
                c.extend(containers_images(&j.spec.template.spec));
                c.push(or_none(&j.spec.selector.to_string_form()));
            }
            c
        }
        Obj::Service(s) => {
            // `getServiceExternalIP`: an ExternalName Service shows the name it aliases.
            let external = match s.spec.type_.as_str() {
                "LoadBalancer" => "<pending>",
                "ExternalName" => s.spec.external_name.as_str(),
                _ => "<none>",
            };
            let mut c = vec![
                name,
                s.spec.type_.clone(),
                or_none(&s.spec.cluster_ip),
                external.into(),
                service_ports(s),
                created,
            ];
            if wide {
                c.push(labels_text(&s.spec.selector));
            }
            c
        }
        Obj::Endpoints(e) => vec![name, endpoints_text(&e.ready_addresses()), created],
        Obj::Hpa(h) => crate::autoscale::row(h, name, created),
        Obj::Namespace(n) => vec![name, n.status.phase.clone(), created],
        Obj::Event(e) => {
            let object = format!("{}/{}", e.object.kind.to_lowercase(), e.object.name);
            let last = age(now, Some(e.last_seen));
            if wide {
                let source = if e.host.is_empty() {
                    e.source.clone()
                } else {
                    format!("{}, {}", e.source, e.host)
                };
                vec![
                    last,
                    e.type_.as_str().into(),
                    e.reason.clone(),
                    object,
                    String::new(),
                    source,
                    e.message.trim().to_string(),
                    age(now, Some(e.first_seen)),
                    e.count.to_string(),
                    name,
                ]
            } else {
                vec![
                    last,
                    e.type_.as_str().into(),
                    e.reason.clone(),
                    object,
                    e.message.trim().to_string(),
                ]
            }
        }
    }
}

/// `printJob`'s STATUS: Complete, Failed, Terminating, Suspended, else Running.
pub fn job_status(j: &podium_engine::kube::batch::Job) -> &'static str {
    if j.status.condition("Complete") {
        "Complete"
    } else if j.status.condition("Failed") {
        "Failed"
    } else if j.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else if j.status.condition("Suspended") {
        "Suspended"
    } else {
        "Running"
    }
}

/// `printJob`'s DURATION: start to completion, or to now while it runs; empty before it starts.
pub fn job_duration(j: &podium_engine::kube::batch::Job, now: SimTime) -> String {
    match (j.status.start_time, j.status.completion_time) {
        (None, _) => String::new(),
        (Some(s), None) => podium_engine::clock::format_duration(now.since(s)),
        (Some(s), Some(c)) => podium_engine::clock::format_duration(c.since(s)),
    }
}

/// One kind's table, header first.
pub fn render_table(r: Resource, objs: &[Obj], opts: &TableOpts) -> String {
    let mut rows = Vec::new();
    let label_header = |l: &String| l.rsplit('/').next().unwrap_or(l).to_uppercase();
    if !opts.no_headers {
        let mut h: Vec<String> = header(r, opts.wide).into_iter().map(String::from).collect();
        if opts.all_namespaces && r.namespaced() {
            h.insert(0, "NAMESPACE".into());
        }
        h.extend(opts.label_columns.iter().map(label_header));
        if opts.show_labels {
            h.push("LABELS".into());
        }
        rows.push(h);
    }
    for o in objs {
        let mut c = cells(o, opts);
        if opts.all_namespaces && r.namespaced() {
            c.insert(0, o.namespace());
        }
        c.extend(
            opts.label_columns
                .iter()
                .map(|k| o.labels().get(k).cloned().unwrap_or_default()),
        );
        if opts.show_labels {
            c.push(labels_text(o.labels()));
        }
        rows.push(c);
    }
    table::table(&rows)
}
