//! Pod and its parts (`core/v1`), with the API's field names and defaults.

use super::meta::{opt_time, time, ObjectMeta};
use crate::clock::SimTime;
use crate::quantity::Quantity;
use crate::from_value::FromValue;
use crate::to_json::ToJson;
use std::collections::BTreeMap;

pub type ResourceList = BTreeMap<String, Quantity>;

/// Scheduler scoring counts a container without requests as this much
/// (`pkg/scheduler/util/pod_resources.go`, `DefaultMilliCPURequest` / `DefaultMemoryRequest`).
pub const DEFAULT_MILLI_CPU_REQUEST: i64 = 100;
pub const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Pod {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
    pub status: PodStatus,
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct PodSpec {
    pub containers: Vec<Container>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<Toleration>,
    /// Node affinity only (`spec.affinity.nodeAffinity`); pod (anti-)affinity is not modelled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Affinity>,
    pub restart_policy: String,
    pub termination_grace_period_seconds: i64,
    pub scheduler_name: String,
    pub dns_policy: String,
    /// Only `emptyDir` and `hostPath` are read (the Cluster Autoscaler's "local storage");
    /// nothing is mounted: no files exist in the playground.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<Volume>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Volume {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_dir: Option<EmptyDirVolumeSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_path: Option<HostPathVolumeSource>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct EmptyDirVolumeSource {
    /// `""` (the node's disk) or `Memory` (tmpfs).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub medium: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_limit: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct HostPathVolumeSource {
    pub path: String,
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
}

impl Default for PodSpec {
    fn default() -> Self {
        PodSpec {
            containers: Vec::new(),
            node_name: None,
            node_selector: BTreeMap::new(),
            tolerations: Vec::new(),
            affinity: None,
            restart_policy: "Always".into(),
            termination_grace_period_seconds: 30,
            scheduler_name: "default-scheduler".into(),
            dns_policy: "ClusterFirst".into(),
            volumes: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Affinity {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_affinity: Option<NodeAffinity>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeAffinity {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_during_scheduling_ignored_during_execution: Option<NodeSelector>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub preferred_during_scheduling_ignored_during_execution: Vec<PreferredSchedulingTerm>,
}

/// Terms ORed (`core/v1` `NodeSelector`).
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeSelector {
    pub node_selector_terms: Vec<NodeSelectorTerm>,
}

/// Requirements ANDed; an empty term matches no node.
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeSelectorTerm {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<NodeSelectorRequirement>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub match_fields: Vec<NodeSelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct PreferredSchedulingTerm {
    pub weight: i64,
    pub preference: NodeSelectorTerm,
}

impl NodeSelectorRequirement {
    /// `nodeSelectorRequirementsAsSelector` (`component-helpers/scheduling/corev1/nodeaffinity`):
    /// In, NotIn (also true when the label is absent), Exists, DoesNotExist, Gt and Lt
    /// (one integer value, compared with the label parsed as an integer). An unknown
    /// operator matches nothing.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let value = labels.get(&self.key);
        let int = |v: &str| v.parse::<i64>().ok();
        match self.operator.as_str() {
            "In" => value.is_some_and(|v| self.values.contains(v)),
            "NotIn" => value.is_none_or(|v| !self.values.contains(v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            "Gt" | "Lt" => {
                let (Some(v), [bound]) = (value.and_then(|v| int(v)), self.values.as_slice()) else { return false };
                let Some(bound) = int(bound) else { return false };
                if self.operator == "Gt" {
                    v > bound
                } else {
                    v < bound
                }
            }
            _ => false,
        }
    }
}

impl NodeSelectorTerm {
    /// Every expression matches the node's labels and every field requirement its
    /// `metadata.name` (the one field selectable); an empty term matches nothing.
    pub fn matches(&self, node_name: &str, labels: &BTreeMap<String, String>) -> bool {
        if self.match_expressions.is_empty() && self.match_fields.is_empty() {
            return false;
        }
        let fields: BTreeMap<String, String> = [("metadata.name".to_string(), node_name.to_string())].into();
        self.match_expressions.iter().all(|r| r.matches(labels))
            && self.match_fields.iter().all(|r| r.key == "metadata.name" && matches!(r.operator.as_str(), "In" | "NotIn") && r.matches(&fields))
    }
}

impl PodSpec {
    pub fn node_affinity(&self) -> Option<&NodeAffinity> {
        self.affinity.as_ref().and_then(|a| a.node_affinity.as_ref())
    }

    /// `GetRequiredNodeAffinity(pod).Match(node)`: `nodeSelector` and, if set, one of the
    /// required node selector terms.
    pub fn required_node_affinity_matches(&self, node_name: &str, labels: &BTreeMap<String, String>) -> bool {
        self.node_selector.iter().all(|(k, v)| labels.get(k) == Some(v))
            && self
                .node_affinity()
                .and_then(|a| a.required_during_scheduling_ignored_during_execution.as_ref())
                .is_none_or(|r| r.node_selector_terms.iter().any(|t| t.matches(node_name, labels)))
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Container {
    pub name: String,
    pub image: String,
    /// The entrypoint and its arguments. The playground runs nothing, but reads
    /// `sleep N` and `exit N` in them: the container works N seconds, then exits (`kube::batch`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    pub resources: ResourceRequirements,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env_from: Vec<EnvFromSource>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub image_pull_policy: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startup_probe: Option<Probe>,
}

/// `core/v1.Probe`, with the defaults of `pkg/apis/core/v1/defaults.go` (`SetDefaults_Probe`):
/// timeout 1 s, period 10 s, success threshold 1, failure threshold 3, no initial delay.
#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Probe {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exec: Option<ExecAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_get: Option<HttpGetAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tcp_socket: Option<TcpSocketAction>,
    pub initial_delay_seconds: i64,
    pub timeout_seconds: i64,
    pub period_seconds: i64,
    pub success_threshold: i64,
    pub failure_threshold: i64,
}

impl Default for Probe {
    fn default() -> Self {
        Probe {
            exec: None,
            http_get: None,
            tcp_socket: None,
            initial_delay_seconds: 0,
            timeout_seconds: 1,
            period_seconds: 10,
            success_threshold: 1,
            failure_threshold: 3,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ExecAction {
    pub command: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct HttpGetAction {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    pub port: super::meta::IntOrString,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub host: String,
    pub scheme: String,
}

impl Default for HttpGetAction {
    fn default() -> Self {
        HttpGetAction { path: String::new(), port: super::meta::IntOrString::Int(0), host: String::new(), scheme: "HTTP".into() }
    }
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct TcpSocketAction {
    pub port: super::meta::IntOrString,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub host: String,
}

impl Default for TcpSocketAction {
    fn default() -> Self {
        TcpSocketAction { port: super::meta::IntOrString::Int(0), host: String::new() }
    }
}

fn port_text(p: &super::meta::IntOrString) -> String {
    match p {
        super::meta::IntOrString::Int(n) => n.to_string(),
        super::meta::IntOrString::String(s) => s.clone(),
    }
}

impl Probe {
    /// `kubectl describe`'s probe line (`describe.go`, `DescribeProbe`):
    /// `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`.
    pub fn describe(&self) -> String {
        let attrs = format!(
            "delay={}s timeout={}s period={}s #success={} #failure={}",
            self.initial_delay_seconds, self.timeout_seconds, self.period_seconds, self.success_threshold, self.failure_threshold
        );
        if let Some(e) = &self.exec {
            format!("exec [{}] {attrs}", e.command.join(" "))
        } else if let Some(h) = &self.http_get {
            let scheme = if h.scheme.is_empty() { "http".to_string() } else { h.scheme.to_lowercase() };
            format!("http-get {scheme}://{}:{}{} {attrs}", h.host, port_text(&h.port), h.path)
        } else if let Some(t) = &self.tcp_socket {
            format!("tcp-socket {}:{} {attrs}", t.host, port_text(&t.port))
        } else {
            format!("unknown {attrs}")
        }
    }

    /// The probe's output when it fails, as the kubelet's prober words it
    /// (`pkg/probe/http`, `pkg/probe/tcp`; for exec the playground's own words).
    /// `status` is the HTTP status the simulated application answers with.
    pub fn failure_output(&self, pod_ip: &str, status: u16) -> String {
        if let Some(e) = &self.exec {
            format!("command {:?} exited with 1", e.command.join(" "))
        } else if self.http_get.is_some() {
            format!("HTTP probe failed with statuscode: {status}")
        } else if let Some(t) = &self.tcp_socket {
            let host = if t.host.is_empty() { pod_ip } else { t.host.as_str() };
            format!("dial tcp {host}:{}: connect: connection refused", port_text(&t.port))
        } else {
            "probe failed".into()
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerPort {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub container_port: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i64>,
    pub protocol: String,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct EnvVar {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_from: Option<EnvVarSource>,
}

/// `env[].valueFrom`: a key of a ConfigMap or Secret.
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct EnvVarSource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_map_key_ref: Option<KeySelector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_key_ref: Option<KeySelector>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct KeySelector {
    pub name: String,
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// `envFrom[]`: every key of a ConfigMap or Secret, with an optional prefix.
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct EnvFromSource {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_map_ref: Option<NameRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<NameRef>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct NameRef {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ResourceRequirements {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: ResourceList,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: ResourceList,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Toleration {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub operator: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub effect: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct PodStatus {
    pub phase: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<PodCondition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", with = "opt_time")]
    pub start_time: Option<SimTime>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub container_statuses: Vec<ContainerStatus>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub qos_class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct PodCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(with = "time")]
    pub last_transition_time: SimTime,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerStatus {
    pub name: String,
    pub image: String,
    pub ready: bool,
    pub started: bool,
    pub restart_count: i64,
    pub state: ContainerState,
    /// `lastState`: how the previous run of the container ended (after a restart).
    #[serde(skip_serializing_if = "ContainerState::is_empty")]
    pub last_state: ContainerState,
}

impl ContainerState {
    pub fn is_empty(&self) -> bool {
        self.waiting.is_none() && self.running.is_none() && self.terminated.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerState {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting: Option<ContainerStateWaiting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running: Option<ContainerStateRunning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminated: Option<ContainerStateTerminated>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerStateWaiting {
    pub reason: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerStateRunning {
    #[serde(with = "time")]
    pub started_at: SimTime,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerStateTerminated {
    pub exit_code: i64,
    pub reason: String,
    #[serde(with = "time")]
    pub finished_at: SimTime,
    /// When that run had started (`startedAt`); absent for containers stopped before this field existed.
    #[serde(skip_serializing_if = "Option::is_none", with = "opt_time")]
    pub started_at: Option<SimTime>,
}

/// Phases (`PodPhase`).
pub const PENDING: &str = "Pending";
pub const RUNNING: &str = "Running";
pub const SUCCEEDED: &str = "Succeeded";
pub const FAILED: &str = "Failed";
pub const UNKNOWN: &str = "Unknown";

impl Pod {
    pub fn node(&self) -> Option<&str> {
        self.spec.node_name.as_deref()
    }

    pub fn is_terminal(&self) -> bool {
        self.status.phase == SUCCEEDED || self.status.phase == FAILED
    }

    pub fn is_terminating(&self) -> bool {
        self.metadata.deletion_timestamp.is_some()
    }

    /// Counts toward a ReplicaSet (`controller.IsPodActive`).
    pub fn is_active(&self) -> bool {
        !self.is_terminal() && !self.is_terminating()
    }

    pub fn condition(&self, type_: &str) -> Option<&PodCondition> {
        self.status.conditions.iter().find(|c| c.type_ == type_)
    }

    pub fn is_ready(&self) -> bool {
        self.condition("Ready").is_some_and(|c| c.status == "True")
    }

    /// Sets a condition, keeping its transition time when the status does not change.
    pub fn set_condition(&mut self, type_: &str, status: &str, reason: Option<&str>, message: Option<&str>, now: SimTime) {
        let reason = reason.map(str::to_string);
        let message = message.map(str::to_string);
        match self.status.conditions.iter_mut().find(|c| c.type_ == type_) {
            Some(c) => {
                if c.status != status {
                    c.last_transition_time = now;
                }
                c.status = status.to_string();
                c.reason = reason;
                c.message = message;
            }
            None => self.status.conditions.push(PodCondition {
                type_: type_.to_string(),
                status: status.to_string(),
                reason,
                message,
                last_transition_time: now,
            }),
        }
    }

    /// Sum of container requests: (millicores, bytes). Used by filtering.
    pub fn requests(&self) -> (i64, i64) {
        self.spec.containers.iter().fold((0, 0), |(c, m), k| {
            let r = &k.resources.requests;
            (c + r.get("cpu").map_or(0, Quantity::milli), m + r.get("memory").map_or(0, Quantity::value))
        })
    }

    /// Requests with the scheduler's non-zero defaults for containers that ask for none.
    pub fn non_zero_requests(&self) -> (i64, i64) {
        self.spec.containers.iter().fold((0, 0), |(c, m), k| {
            let r = &k.resources.requests;
            (
                c + r.get("cpu").map_or(DEFAULT_MILLI_CPU_REQUEST, Quantity::milli),
                m + r.get("memory").map_or(DEFAULT_MEMORY_REQUEST, Quantity::value),
            )
        })
    }

    /// `READY` column: ready containers over all containers.
    pub fn ready_containers(&self) -> (usize, usize) {
        let ready = self.status.container_statuses.iter().filter(|c| c.ready).count();
        (ready, self.spec.containers.len())
    }

    pub fn restarts(&self) -> i64 {
        self.status.container_statuses.iter().map(|c| c.restart_count).sum()
    }

    /// When a container last ended before a restart (`lastState.terminated.finishedAt`), the latest.
    pub fn last_restart(&self) -> Option<SimTime> {
        self.status.container_statuses.iter().filter_map(|c| c.last_state.terminated.as_ref().map(|t| t.finished_at)).max()
    }

    /// The `RESTARTS` column (`printPod`): `3 (25s ago)`, or `0`.
    pub fn restarts_text(&self, now: SimTime) -> String {
        let n = self.restarts();
        match self.last_restart() {
            Some(t) if n != 0 => format!("{n} ({} ago)", crate::clock::format_duration(now.since(t))),
            _ => n.to_string(),
        }
    }

    /// The `STATUS` column of `kubectl get pods` (`printers.go`, `printPod`):
    /// Terminating, a container's waiting or terminated reason, else the phase.
    pub fn display_status(&self) -> String {
        if self.is_terminating() {
            return "Terminating".into();
        }
        if let Some(r) = &self.status.reason {
            return r.clone();
        }
        for c in &self.status.container_statuses {
            if let Some(w) = &c.state.waiting {
                if !w.reason.is_empty() {
                    return w.reason.clone();
                }
            }
            if let Some(t) = &c.state.terminated {
                if !t.reason.is_empty() {
                    return t.reason.clone();
                }
            }
        }
        self.status.phase.clone()
    }
}

/// QoS class (`pkg/apis/core/v1/helper/qos`): Guaranteed when every container has
/// cpu and memory limits equal to requests, BestEffort when none has any, else Burstable.
pub fn qos_class(spec: &PodSpec) -> &'static str {
    let any = spec.containers.iter().any(|c| !c.resources.requests.is_empty() || !c.resources.limits.is_empty());
    if !any {
        return "BestEffort";
    }
    let guaranteed = spec.containers.iter().all(|c| {
        ["cpu", "memory"].iter().all(|r| {
            let limit = c.resources.limits.get(*r);
            limit.is_some() && c.resources.requests.get(*r).map(Quantity::milli) == limit.map(Quantity::milli)
        })
    });
    if guaranteed { "Guaranteed" } else { "Burstable" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(key: &str, op: &str, values: &[&str]) -> NodeSelectorRequirement {
        NodeSelectorRequirement { key: key.into(), operator: op.into(), values: values.iter().map(|v| v.to_string()).collect() }
    }

    #[test]
    fn node_selector_operators_match_as_upstream() {
        let labels: BTreeMap<String, String> = [("cores".to_string(), "8".to_string()), ("disk".to_string(), "ssd".to_string())].into();
        assert!(req("disk", "In", &["ssd", "nvme"]).matches(&labels));
        assert!(!req("disk", "NotIn", &["ssd"]).matches(&labels));
        // NotIn and DoesNotExist hold for an absent label.
        assert!(req("gpu", "NotIn", &["a100"]).matches(&labels));
        assert!(req("gpu", "DoesNotExist", &[]).matches(&labels));
        assert!(!req("gpu", "Exists", &[]).matches(&labels));
        // Gt / Lt: one integer value, strict; a non-integer label or value matches nothing.
        assert!(req("cores", "Gt", &["7"]).matches(&labels));
        assert!(!req("cores", "Gt", &["8"]).matches(&labels));
        assert!(req("cores", "Lt", &["9"]).matches(&labels));
        assert!(!req("disk", "Lt", &["9"]).matches(&labels));
        assert!(!req("cores", "Gt", &["7", "1"]).matches(&labels));
        assert!(!req("cores", "Gt", &[]).matches(&labels));
        // Expressions ANDed; an empty term matches nothing; metadata.name fields.
        let term = |e: Vec<NodeSelectorRequirement>, f: Vec<NodeSelectorRequirement>| NodeSelectorTerm { match_expressions: e, match_fields: f };
        assert!(term(vec![req("disk", "In", &["ssd"]), req("cores", "Gt", &["4"])], vec![]).matches("node-1", &labels));
        assert!(!term(vec![req("disk", "In", &["ssd"]), req("cores", "Gt", &["8"])], vec![]).matches("node-1", &labels));
        assert!(!term(vec![], vec![]).matches("node-1", &labels));
        assert!(term(vec![], vec![req("metadata.name", "In", &["node-1"])]).matches("node-1", &labels));
        assert!(!term(vec![], vec![req("metadata.name", "NotIn", &["node-1"])]).matches("node-1", &labels));
    }
}
