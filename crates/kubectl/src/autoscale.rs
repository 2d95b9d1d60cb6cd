//! `kubectl autoscale`, `kubectl top pods|nodes` and `describe hpa`, over the engine's
//! HPA and load model (`health::usage`, what metrics-server would report).

use crate::args::Command;
use crate::errors;
use crate::table::tabwrite;
use crate::{Output, Scope};
use podium_engine::kube::health::usage;
use podium_engine::kube::hpa::{targets_text, HorizontalPodAutoscaler};
use podium_engine::kube::manifest::decode;
use podium_engine::kube::Key;
use podium_engine::{Action, ApiError, Resource, Sim};
use std::fmt::Write;

fn int(cmd: &Command, flag: &str) -> Result<Option<i64>, String> {
    match cmd.value(flag) {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .map(Some)
            .map_err(|_| errors::error(format!("invalid argument \"{v}\" for \"--{flag}\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"))),
    }
}

/// `kubectl autoscale deployment NAME --min=2 --max=10 --cpu-percent=50`.
pub fn autoscale(sim: &mut Sim, cmd: &Command, scope: &Scope) -> Output {
    let words: Vec<String> = cmd.args.iter().flat_map(|a| a.split('/').map(str::to_string).collect::<Vec<_>>()).collect();
    let [kind, name] = words.as_slice() else {
        return Output::fail(errors::error("the playground autoscales one Deployment: kubectl autoscale deployment NAME --max=N"));
    };
    if Resource::parse(kind) != Some(Resource::Deployment) {
        return Output::fail(errors::error(format!("cannot autoscale a {kind}: the playground autoscales Deployments")));
    }
    if !sim.kube().store.deployments.contains_key(&Key::new(&scope.namespace, name)) {
        return Output::fail(errors::print_refusal(&ApiError::NotFound { resource: Resource::Deployment, name: name.clone() }));
    }
    let (min, max, cpu) = match (int(cmd, "min"), int(cmd, "max"), int(cmd, "cpu-percent")) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return Output::fail(e),
    };
    let Some(max) = max.filter(|m| *m >= 1) else {
        return Output::fail(errors::error("--max=MAXPODS is required and must be at least 1"));
    };
    let min_line = min.filter(|m| *m > 0).map(|m| format!("  minReplicas: {m}\n")).unwrap_or_default();
    let metrics = cpu
        .filter(|c| *c >= 0)
        .map(|c| format!("  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target: {{type: Utilization, averageUtilization: {c}}}\n"))
        .unwrap_or_default();
    let manifest = format!(
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {name}\nspec:\n  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: {name}}}\n{min_line}  maxReplicas: {max}\n{metrics}"
    );
    if sim.kube().store.hpas.contains_key(&Key::new(&scope.namespace, name)) {
        return Output::fail(errors::print_refusal(&ApiError::AlreadyExists { resource: Resource::HorizontalPodAutoscaler, name: name.clone() }));
    }
    let objects = match decode(&manifest) {
        Ok(d) => d.into_iter().map(|d| d.object).collect(),
        Err(e) => return Output::fail(errors::error(e.to_string())),
    };
    match sim.act(Action::Apply { objects, namespace: scope.namespace.clone() }) {
        Ok(_) => Output::ok(format!("horizontalpodautoscaler.autoscaling/{name} autoscaled\n")),
        Err(e) => Output::fail(errors::print_refusal(&e)),
    }
}

fn cpu_text(m: i64) -> String {
    format!("{m}m")
}

fn mem_text(b: i64) -> String {
    format!("{}Mi", b / (1024 * 1024))
}

/// `kubectl top pods` / `kubectl top nodes`.
pub fn top(sim: &Sim, cmd: &Command, scope: &Scope) -> Output {
    let kube = sim.kube();
    match cmd.args.first().map(String::as_str) {
        Some("pod" | "pods" | "po") => {
            let mut rows = String::from("NAME\tCPU(cores)\tMEMORY(bytes)\n");
            let mut any = false;
            for (k, _) in kube.store.pods.iter().filter(|(k, _)| k.namespace == scope.namespace) {
                if let Some((cpu, mem)) = usage(kube, k) {
                    any = true;
                    let _ = writeln!(rows, "{}\t{}\t{}", k.name, cpu_text(cpu), mem_text(mem));
                }
            }
            if !any {
                return Output::fail(format!("No resources found in {} namespace.\n", scope.namespace));
            }
            Output::ok(tabwrite(&rows, 0, 3))
        }
        Some("node" | "nodes" | "no") => {
            let mut rows = String::from("NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\n");
            for (name, n) in &kube.store.nodes {
                let (mut cpu, mut mem) = (0, 0);
                for p in kube.store.pods_on(name) {
                    if let Some((c, m)) = usage(kube, &Key::of(&p.metadata)) {
                        cpu += c;
                        mem += m;
                    }
                }
                let alloc = |r: &str, milli: bool| n.status.allocatable.get(r).map_or(0, |q| if milli { q.milli() } else { q.value() });
                let pct = |a: i64, b: i64| if b == 0 { 0 } else { a * 100 / b };
                let _ = writeln!(
                    rows,
                    "{name}\t{}\t{}%\t{}\t{}%",
                    cpu_text(cpu),
                    pct(cpu, alloc("cpu", true)),
                    mem_text(mem),
                    pct(mem, alloc("memory", false))
                );
            }
            Output::ok(tabwrite(&rows, 0, 3))
        }
        _ => Output::fail(errors::error("the playground offers kubectl top pods and kubectl top nodes")),
    }
}

/// The body of `kubectl describe hpa` (before Events).
pub fn describe(w: &mut String, h: &HorizontalPodAutoscaler) {
    let m = &h.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.ns());
    let labels = if m.labels.is_empty() { "<none>".to_string() } else { m.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("\n\t") };
    let _ = writeln!(w, "Labels:\t{labels}");
    let _ = writeln!(w, "Annotations:\t<none>");
    if let Some(t) = m.creation_timestamp {
        let _ = writeln!(w, "CreationTimestamp:\t{}", crate::describe::rfc1123z(t));
    }
    let r = &h.spec.scale_target_ref;
    let _ = writeln!(w, "Reference:\t{}/{}", r.kind, r.name);
    w.push_str("Metrics:\t( current / target )\n");
    for metric in h.spec.metrics.iter().filter_map(|x| x.resource.as_ref()) {
        let current = h
            .status
            .current_metrics
            .iter()
            .filter_map(|s| s.resource.as_ref())
            .find(|s| s.name == metric.name)
            .map(|s| {
                let value = s.current.average_value.as_ref().map_or(String::new(), |q| format!(" ({})", q.as_str()));
                format!("{}%{value}", s.current.average_utilization.unwrap_or(0))
            })
            .unwrap_or_else(|| "<unknown>".into());
        let target = metric.target.average_utilization.map_or("<unknown>".to_string(), |u| format!("{u}%"));
        let _ = writeln!(w, "  resource {} on pods  (as a percentage of request):\t{current} / {target}", metric.name);
    }
    let _ = writeln!(w, "Min replicas:\t{}", h.min_replicas());
    let _ = writeln!(w, "Max replicas:\t{}", h.spec.max_replicas);
    let _ = writeln!(
        w,
        "{} pods:\t{} current / {} desired",
        r.kind, h.status.current_replicas, h.status.desired_replicas
    );
    if h.status.conditions.is_empty() {
        return;
    }
    w.push_str("Conditions:\n  Type\tStatus\tReason\tMessage\n  ----\t------\t------\t-------\n");
    for c in &h.status.conditions {
        let _ = writeln!(w, "  {}\t{}\t{}\t{}", c.type_, c.status, c.reason, c.message);
    }
}

/// One `kubectl get hpa` row: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE.
pub fn row(h: &HorizontalPodAutoscaler, name: String, age: String) -> Vec<String> {
    let r = &h.spec.scale_target_ref;
    vec![
        name,
        format!("{}/{}", r.kind, r.name),
        targets_text(h),
        h.min_replicas().to_string(),
        h.spec.max_replicas.to_string(),
        h.status.current_replicas.to_string(),
        age,
    ]
}
