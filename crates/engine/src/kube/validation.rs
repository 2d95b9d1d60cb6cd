//! Server-side validation, with the API server's field paths and wording
//! (`pkg/apis/core/validation`, `pkg/apis/apps/validation`). A document that
//! fails changes nothing.

use super::manifest::KubeObject;
use super::meta::{LabelSelector, ObjectMeta};
use super::pod::PodSpec;
use super::workloads::{scaled_value, PodTemplateSpec};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub detail: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.detail)
    }
}

fn err(path: impl Into<String>, detail: impl Into<String>) -> FieldError {
    FieldError { path: path.into(), detail: detail.into() }
}

const DNS1123_SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_LABEL: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

pub fn is_dns1123_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

fn is_dns1035_label(s: &str) -> bool {
    is_dns1123_label(s) && s.starts_with(|c: char| c.is_ascii_lowercase())
}

/// Every field error of an object, in the order the API server reports them.
pub fn validate(obj: &KubeObject) -> Vec<FieldError> {
    let mut errs = Vec::new();
    match obj {
        KubeObject::Namespace(n) => name(&n.metadata, false, &mut errs),
        KubeObject::Pod(p) => {
            name(&p.metadata, true, &mut errs);
            pod_spec(&p.spec, "spec", &mut errs);
        }
        KubeObject::Service(s) => {
            name(&s.metadata, false, &mut errs);
            if s.metadata.name.is_empty() || is_dns1035_label(&s.metadata.name) {
            } else {
                errs.push(err("metadata.name", format!("Invalid value: \"{}\": {DNS1035_LABEL}", s.metadata.name)));
            }
            if s.spec.ports.is_empty() && !s.spec.selector.is_empty() {
                errs.push(err("spec.ports", "Required value"));
            }
            for (i, p) in s.spec.ports.iter().enumerate() {
                if !(1..=65535).contains(&p.port) {
                    errs.push(err(format!("spec.ports[{i}].port"), format!("Invalid value: {}: must be between 1 and 65535, inclusive", p.port)));
                }
            }
            if !["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"].contains(&s.spec.type_.as_str()) {
                errs.push(err(
                    "spec.type",
                    format!(
                        "Unsupported value: \"{}\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
                        s.spec.type_
                    ),
                ));
            }
            if s.spec.type_ == "ExternalName" && s.spec.external_name.is_empty() {
                errs.push(err("spec.externalName", "Required value"));
            }
            // `ValidateService`, `validateClientIPAffinityConfig`, `validateAffinityTimeout`.
            if !["", "None", "ClientIP"].contains(&s.spec.session_affinity.as_str()) {
                errs.push(err(
                    "spec.sessionAffinity",
                    format!("Unsupported value: \"{}\": supported values: \"ClientIP\", \"None\"", s.spec.session_affinity),
                ));
            }
            let timeout = s.spec.session_affinity_config.as_ref().and_then(|c| c.client_ip.as_ref()).and_then(|c| c.timeout_seconds);
            if let (Some(t), "ClientIP") = (timeout, s.spec.session_affinity.as_str()) {
                let max = super::service::MAX_CLIENT_IP_AFFINITY_SECONDS;
                if t <= 0 || t > max {
                    errs.push(err(
                        "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                        format!("Invalid value: {t}: must be greater than 0 and less than {max}"),
                    ));
                }
            }
        }
        KubeObject::ReplicaSet(r) => {
            name(&r.metadata, true, &mut errs);
            replicas(r.spec.replicas, &mut errs);
            selector_and_template(&r.spec.selector, &r.spec.template, &mut errs);
        }
        KubeObject::HorizontalPodAutoscaler(h) => {
            name(&h.metadata, true, &mut errs);
            hpa(h, &mut errs);
        }
        KubeObject::Deployment(d) => {
            name(&d.metadata, true, &mut errs);
            replicas(d.spec.replicas, &mut errs);
            selector_and_template(&d.spec.selector, &d.spec.template, &mut errs);
            match d.spec.strategy.type_.as_str() {
                "Recreate" => {
                    if d.spec.strategy.rolling_update.is_some() {
                        errs.push(err("spec.strategy.rollingUpdate", "Forbidden: may not be specified when strategy `type` is 'Recreate'"));
                    }
                }
                "RollingUpdate" => {
                    if let Some(ru) = &d.spec.strategy.rolling_update {
                        let s = scaled_value(&ru.max_surge, 100, true);
                        let u = scaled_value(&ru.max_unavailable, 100, false);
                        for (path, v) in [("maxSurge", &s), ("maxUnavailable", &u)] {
                            if let Err(e) = v {
                                errs.push(err(format!("spec.strategy.rollingUpdate.{path}"), format!("Invalid value: {e}")));
                            }
                        }
                        if s == Ok(0) && u == Ok(0) {
                            errs.push(err(
                                "spec.strategy.rollingUpdate.maxUnavailable",
                                "Invalid value: 0: may not be 0 when `maxSurge` is 0",
                            ));
                        }
                    }
                }
                other => errs.push(err(
                    "spec.strategy.type",
                    format!("Unsupported value: \"{other}\": supported values: \"Recreate\", \"RollingUpdate\""),
                )),
            }
        }
        KubeObject::ConfigMap(c) => {
            name(&c.metadata, true, &mut errs);
            for k in c.data.keys().chain(c.binary_data.keys()) {
                config_key(k, &mut errs);
            }
        }
        KubeObject::Secret(s) => {
            name(&s.metadata, true, &mut errs);
            for k in s.data.keys().chain(s.string_data.keys()) {
                config_key(k, &mut errs);
            }
        }
        KubeObject::CronJob(c) => {
            name(&c.metadata, true, &mut errs);
            // Job names `<name>-<minutes>` must stay within 63 characters (`ValidateCronJob`).
            if c.metadata.name.len() > 52 {
                errs.push(err("metadata.name", format!("Invalid value: \"{}\": must be no more than 52 characters", c.metadata.name)));
            }
            if c.spec.schedule.is_empty() {
                errs.push(err("spec.schedule", "Required value"));
            } else {
                // `validateScheduleFormat`: robfig's verdict, then no zone inside the schedule.
                if let Err(e) = super::cron::Schedule::parse(&c.spec.schedule) {
                    errs.push(err("spec.schedule", format!("Invalid value: \"{}\": {e}", c.spec.schedule)));
                }
                if c.spec.schedule.contains("TZ") {
                    errs.push(err(
                        "spec.schedule",
                        format!(
                            "Invalid value: \"{}\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
                            c.spec.schedule
                        ),
                    ));
                }
            }
            if let Some(tz) = &c.spec.time_zone {
                if !super::cron::known_zone(tz) {
                    errs.push(err("spec.timeZone", format!("Invalid value: \"{tz}\": the playground schedules in UTC only (UTC, Etc/UTC)")));
                }
            }
            if !["Allow", "Forbid", "Replace"].contains(&c.spec.concurrency_policy.as_str()) {
                errs.push(err(
                    "spec.concurrencyPolicy",
                    format!("Unsupported value: \"{}\": supported values: \"Allow\", \"Forbid\", \"Replace\"", c.spec.concurrency_policy),
                ));
            }
            for (path, v) in [
                ("successfulJobsHistoryLimit", c.spec.successful_jobs_history_limit),
                ("failedJobsHistoryLimit", c.spec.failed_jobs_history_limit),
            ] {
                if v < 0 {
                    errs.push(err(format!("spec.{path}"), format!("Invalid value: {v}: must be greater than or equal to 0")));
                }
            }
            let t = &c.spec.job_template.spec.template.spec;
            pod_spec(t, "spec.jobTemplate.spec.template.spec", &mut errs);
            if t.restart_policy == "Always" {
                errs.push(err(
                    "spec.jobTemplate.spec.template.spec.restartPolicy",
                    "Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
                ));
            }
        }
        KubeObject::Job(j) => {
            name(&j.metadata, true, &mut errs);
            for (path, v) in [("parallelism", j.spec.parallelism), ("completions", j.spec.completions), ("backoffLimit", j.spec.backoff_limit)] {
                if v < 0 {
                    errs.push(err(format!("spec.{path}"), format!("Invalid value: {v}: must be greater than or equal to 0")));
                }
            }
            if j.spec.manual_selector == Some(true) {
                selector_and_template(&j.spec.selector, &j.spec.template, &mut errs);
            } else {
                pod_spec(&j.spec.template.spec, "spec.template.spec", &mut errs);
            }
            let policy = &j.spec.template.spec.restart_policy;
            if policy == "Always" {
                errs.push(err(
                    "spec.template.spec.restartPolicy",
                    format!("Unsupported value: \"{policy}\": supported values: \"OnFailure\", \"Never\""),
                ));
            }
        }
        KubeObject::DaemonSet(d) => {
            name(&d.metadata, true, &mut errs);
            selector_and_template(&d.spec.selector, &d.spec.template, &mut errs);
            let policy = &d.spec.template.spec.restart_policy;
            if policy != "Always" && ["OnFailure", "Never"].contains(&policy.as_str()) {
                errs.push(err(
                    "spec.template.spec.restartPolicy",
                    format!("Unsupported value: \"{policy}\": supported values: \"Always\""),
                ));
            }
            match d.spec.update_strategy.type_.as_str() {
                "OnDelete" | "RollingUpdate" => {}
                other => errs.push(err(
                    "spec.updateStrategy.type",
                    format!("Unsupported value: \"{other}\": supported values: \"OnDelete\", \"RollingUpdate\""),
                )),
            }
        }
    }
    errs
}

/// `ValidateHorizontalPodAutoscalerSpec` (`pkg/apis/autoscaling/validation`), for what the playground models.
fn hpa(h: &super::hpa::HorizontalPodAutoscaler, errs: &mut Vec<FieldError>) {
    let s = &h.spec;
    let min = s.min_replicas.unwrap_or(1);
    if min < 1 {
        errs.push(err("spec.minReplicas", format!("Invalid value: {min}: must be greater than or equal to 1")));
    }
    if s.max_replicas < 1 {
        errs.push(err("spec.maxReplicas", format!("Invalid value: {}: must be greater than 0", s.max_replicas)));
    }
    if s.max_replicas < min {
        errs.push(err("spec.maxReplicas", format!("Invalid value: {}: must be greater than or equal to `minReplicas`", s.max_replicas)));
    }
    let r = &s.scale_target_ref;
    if r.kind.is_empty() {
        errs.push(err("spec.scaleTargetRef.kind", "Required value"));
    } else if r.kind != "Deployment" {
        errs.push(err("spec.scaleTargetRef.kind", format!("Unsupported value: \"{}\": the playground scales Deployments", r.kind)));
    }
    if r.name.is_empty() {
        errs.push(err("spec.scaleTargetRef.name", "Required value"));
    }
    for (i, m) in s.metrics.iter().enumerate() {
        let at = format!("spec.metrics[{i}]");
        if m.type_ != "Resource" {
            errs.push(err(format!("{at}.type"), format!("Unsupported value: \"{}\": the playground supports \"Resource\"", m.type_)));
            continue;
        }
        let Some(res) = &m.resource else {
            errs.push(err(format!("{at}.resource"), "Required value: must populate information for the given metric source"));
            continue;
        };
        if res.name != "cpu" && res.name != "memory" {
            errs.push(err(format!("{at}.resource.name"), format!("Unsupported value: \"{}\": supported values: \"cpu\", \"memory\"", res.name)));
        }
        if res.target.type_ != "Utilization" {
            errs.push(err(
                format!("{at}.resource.target.type"),
                format!("Unsupported value: \"{}\": the playground supports \"Utilization\"", res.target.type_),
            ));
        }
        match res.target.average_utilization {
            None => errs.push(err(format!("{at}.resource.target.averageUtilization"), "Required value: must set either a target raw value or a target utilization")),
            Some(u) if u < 1 => errs.push(err(format!("{at}.resource.target.averageUtilization"), format!("Invalid value: {u}: must be greater than 0"))),
            _ => {}
        }
    }
    if let Some(b) = &s.behavior {
        for (dir, rules) in [("scaleUp", &b.scale_up), ("scaleDown", &b.scale_down)] {
            let Some(rules) = rules else { continue };
            let at = format!("spec.behavior.{dir}");
            if let Some(w) = rules.stabilization_window_seconds {
                if !(0..=3600).contains(&w) {
                    errs.push(err(format!("{at}.stabilizationWindowSeconds"), format!("Invalid value: {w}: must be less than or equal to 3600")));
                }
            }
            if let Some(p) = &rules.select_policy {
                if !["Max", "Min", "Disabled"].contains(&p.as_str()) {
                    errs.push(err(format!("{at}.selectPolicy"), format!("Unsupported value: \"{p}\": supported values: \"Disabled\", \"Max\", \"Min\"")));
                }
            }
            for (i, p) in rules.policies.iter().enumerate() {
                let at = format!("{at}.policies[{i}]");
                if p.type_ != "Pods" && p.type_ != "Percent" {
                    errs.push(err(format!("{at}.type"), format!("Unsupported value: \"{}\": supported values: \"Percent\", \"Pods\"", p.type_)));
                }
                if p.value <= 0 {
                    errs.push(err(format!("{at}.value"), format!("Invalid value: {}: must be greater than zero", p.value)));
                }
                if !(1..=1800).contains(&p.period_seconds) {
                    errs.push(err(format!("{at}.periodSeconds"), format!("Invalid value: {}: must be greater than zero and less than or equal to 1800", p.period_seconds)));
                }
            }
        }
    }
}

fn name(meta: &ObjectMeta, subdomain: bool, errs: &mut Vec<FieldError>) {
    if meta.name.is_empty() {
        errs.push(err("metadata.name", "Required value: name or generateName is required"));
    } else if subdomain && !is_dns1123_subdomain(&meta.name) {
        errs.push(err("metadata.name", format!("Invalid value: \"{}\": {DNS1123_SUBDOMAIN}", meta.name)));
    } else if !subdomain && !is_dns1123_label(&meta.name) {
        errs.push(err("metadata.name", format!("Invalid value: \"{}\": {DNS1123_LABEL}", meta.name)));
    }
}

/// `IsConfigMapKey`: letters, digits, `-`, `_`, `.`.
fn config_key(k: &str, errs: &mut Vec<FieldError>) {
    let ok = !k.is_empty() && k.len() <= 253 && k.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if !ok {
        errs.push(err(
            format!("data[{k}]"),
            format!("Invalid value: {k:?}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"),
        ));
    }
}

fn replicas(n: i64, errs: &mut Vec<FieldError>) {
    if n < 0 {
        errs.push(err("spec.replicas", format!("Invalid value: {n}: must be greater than or equal to 0")));
    }
}

fn go_map(labels: &std::collections::BTreeMap<String, String>) -> String {
    let inner: Vec<String> = labels.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    format!("map[string]string{{{}}}", inner.join(", "))
}

fn selector_and_template(sel: &LabelSelector, template: &PodTemplateSpec, errs: &mut Vec<FieldError>) {
    if sel.is_empty() {
        errs.push(err("spec.selector", "Required value"));
    } else if !sel.matches(&template.metadata.labels) {
        errs.push(err(
            "spec.template.metadata.labels",
            format!("Invalid value: {}: `selector` does not match template `labels`", go_map(&template.metadata.labels)),
        ));
    }
    pod_spec(&template.spec, "spec.template.spec", errs);
}

fn pod_spec(spec: &PodSpec, at: &str, errs: &mut Vec<FieldError>) {
    if spec.containers.is_empty() {
        errs.push(err(format!("{at}.containers"), "Required value"));
    }
    for (i, c) in spec.containers.iter().enumerate() {
        let p = format!("{at}.containers[{i}]");
        if c.name.is_empty() {
            errs.push(err(format!("{p}.name"), "Required value"));
        } else if !is_dns1123_label(&c.name) {
            errs.push(err(format!("{p}.name"), format!("Invalid value: \"{}\": {DNS1123_LABEL}", c.name)));
        }
        if c.image.trim().is_empty() {
            errs.push(err(format!("{p}.image"), "Required value"));
        }
        for (r, req) in &c.resources.requests {
            if let Some(lim) = c.resources.limits.get(r) {
                if req.milli() > lim.milli() {
                    errs.push(err(
                        format!("{p}.resources.requests"),
                        format!("Invalid value: \"{req}\": must be less than or equal to {r} limit of {lim}"),
                    ));
                }
            }
        }
        for (r, q) in c.resources.requests.iter().chain(c.resources.limits.iter()) {
            if q.milli() < 0 {
                errs.push(err(format!("{p}.resources"), format!("Invalid value: \"{q}\": {r} must be greater than or equal to 0")));
            }
        }
    }
    if !["Always", "OnFailure", "Never"].contains(&spec.restart_policy.as_str()) {
        errs.push(err(
            format!("{at}.restartPolicy"),
            format!("Unsupported value: \"{}\": supported values: \"Always\", \"OnFailure\", \"Never\"", spec.restart_policy),
        ));
    }
    if let Some(na) = spec.node_affinity() {
        let p = format!("{at}.affinity.nodeAffinity");
        if let Some(req) = &na.required_during_scheduling_ignored_during_execution {
            // ValidateNodeSelector
            let tp = format!("{p}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms");
            if req.node_selector_terms.is_empty() {
                errs.push(err(tp.clone(), "Required value: must have at least one node selector term"));
            }
            for (i, t) in req.node_selector_terms.iter().enumerate() {
                node_selector_term(t, &format!("{tp}[{i}]"), errs);
            }
        }
        // ValidatePreferredSchedulingTerms
        for (i, t) in na.preferred_during_scheduling_ignored_during_execution.iter().enumerate() {
            let tp = format!("{p}.preferredDuringSchedulingIgnoredDuringExecution[{i}]");
            if t.weight <= 0 || t.weight > 100 {
                errs.push(err(format!("{tp}.weight"), format!("Invalid value: {}: must be in the range 1-100", t.weight)));
            }
            node_selector_term(&t.preference, &format!("{tp}.preference"), errs);
        }
    }
}

/// `ValidateNodeSelectorRequirement` for each of a term's `matchExpressions`.
fn node_selector_term(term: &super::pod::NodeSelectorTerm, at: &str, errs: &mut Vec<FieldError>) {
    for (i, r) in term.match_expressions.iter().enumerate() {
        let p = format!("{at}.matchExpressions[{i}]");
        match r.operator.as_str() {
            "In" | "NotIn" if r.values.is_empty() => {
                errs.push(err(format!("{p}.values"), "Required value: must be specified when `operator` is 'In' or 'NotIn'"))
            }
            "Exists" | "DoesNotExist" if !r.values.is_empty() => {
                errs.push(err(format!("{p}.values"), "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
            }
            "Gt" | "Lt" if r.values.len() != 1 => {
                errs.push(err(format!("{p}.values"), "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"))
            }
            "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => {}
            op => errs.push(err(format!("{p}.operator"), format!("Invalid value: \"{op}\": not a valid selector operator"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_affinity_is_validated_with_the_api_servers_words() {
        let doc = "apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: app, image: nginx}]
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: zone, operator: In}
          - {key: cores, operator: Gt, values: ['1', '2']}
          - {key: disk, operator: Exists, values: [ssd]}
          - {key: disk, operator: Like, values: [ssd]}
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 0
        preference: {matchExpressions: [{key: zone, operator: In, values: [a]}]}
";
        let obj = crate::kube::manifest::decode(doc).unwrap().remove(0).object;
        let errs: Vec<String> = validate(&obj).iter().map(|e| e.to_string()).collect();
        let p = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions";
        assert_eq!(
            errs,
            [
                format!("{p}[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"),
                format!("{p}[1].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"),
                format!("{p}[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
                format!("{p}[3].operator: Invalid value: \"Like\": not a valid selector operator"),
                "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100".to_string(),
            ]
        );
    }
    use crate::kube::manifest::decode;

    fn errors(yaml: &str) -> Vec<String> {
        let docs = decode(yaml).expect("decodes");
        validate(&docs[0].object).iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn selector_must_match_template_labels() {
        let e = errors(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n",
        );
        assert_eq!(
            e,
            vec!["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"]
        );
    }

    #[test]
    fn missing_pieces_are_required_values() {
        let e = errors("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: Web_1}\nspec:\n  template:\n    spec: {containers: []}\n");
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].starts_with("metadata.name: Invalid value: \"Web_1\""));
        assert_eq!(e[1], "spec.selector: Required value");
        assert_eq!(e[2], "spec.template.spec.containers: Required value");
    }

    #[test]
    fn requests_may_not_exceed_limits() {
        let e = errors(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    resources: {requests: {cpu: '2'}, limits: {cpu: '1'}}\n",
        );
        assert_eq!(e, vec!["spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"]);
    }
}
