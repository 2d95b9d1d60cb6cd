//! Node (`core/v1`): capacity, allocatable, conditions, taints.

use super::meta::{time, ObjectMeta};
use super::pod::{ResourceList, Toleration};
use crate::clock::SimTime;
use crate::quantity::Quantity;
use crate::from_value::FromValue;
use crate::to_json::ToJson;

/// Pods a kubelet accepts by default (`--max-pods`).
pub const DEFAULT_MAX_PODS: i64 = 110;
pub const TAINT_UNREACHABLE: &str = "node.kubernetes.io/unreachable";
pub const TAINT_NOT_READY: &str = "node.kubernetes.io/not-ready";
pub const TAINT_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
pub const LABEL_HOSTNAME: &str = "kubernetes.io/hostname";
pub const LABEL_ZONE: &str = "topology.kubernetes.io/zone";

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Node {
    pub metadata: ObjectMeta,
    pub spec: NodeSpec,
    pub status: NodeStatus,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeSpec {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pod_cidr: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unschedulable: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub taints: Vec<Taint>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Taint {
    pub key: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value: String,
    pub effect: String,
    /// When a NoExecute taint was added; eviction deadlines count from here.
    #[serde(skip_serializing_if = "Option::is_none", with = "super::meta::opt_time")]
    pub time_added: Option<SimTime>,
}

impl Taint {
    /// `key=value:Effect` or `key:Effect`, as `kubectl taint` writes a taint to add. The
    /// effect is checked by the API (`Action::Taint`), not here.
    pub fn parse_spec(spec: &str) -> Result<Taint, String> {
        let spec = spec.trim();
        let invalid = || format!("invalid taint spec: {spec}");
        let (kv, effect) = spec.split_once(':').ok_or_else(invalid)?;
        let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
        if key.is_empty() || effect.is_empty() {
            return Err(invalid());
        }
        Ok(Taint { key: key.into(), value: value.into(), effect: effect.into(), time_added: None })
    }

    /// `{key: value}`, as the scheduler names a taint in its messages.
    pub fn describe(&self) -> String {
        format!("{{{}: {}}}", self.key, self.value)
    }

    /// `v1.Toleration.ToleratesTaint`.
    pub fn tolerated_by(&self, tolerations: &[Toleration]) -> bool {
        tolerations.iter().any(|t| {
            (t.effect.is_empty() || t.effect == self.effect)
                && (t.key.is_empty() && t.operator == "Exists"
                    || t.key == self.key
                        && match t.operator.as_str() {
                            "Exists" => true,
                            "" | "Equal" => t.value == self.value,
                            _ => false,
                        })
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeStatus {
    pub capacity: ResourceList,
    pub allocatable: ResourceList,
    pub conditions: Vec<NodeCondition>,
    pub addresses: Vec<NodeAddress>,
    pub node_info: NodeSystemInfo,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    pub reason: String,
    pub message: String,
    #[serde(with = "time")]
    pub last_heartbeat_time: SimTime,
    #[serde(with = "time")]
    pub last_transition_time: SimTime,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeAddress {
    #[serde(rename = "type")]
    pub type_: String,
    pub address: String,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeSystemInfo {
    pub kubelet_version: String,
    pub os_image: String,
    pub kernel_version: String,
    pub container_runtime_version: String,
    pub architecture: String,
    pub operating_system: String,
}

impl Node {
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    pub fn allocatable_cpu(&self) -> i64 {
        self.status.allocatable.get("cpu").map_or(0, Quantity::milli)
    }

    pub fn allocatable_memory(&self) -> i64 {
        self.status.allocatable.get("memory").map_or(0, Quantity::value)
    }

    pub fn max_pods(&self) -> i64 {
        self.status.allocatable.get("pods").map_or(DEFAULT_MAX_PODS, Quantity::value)
    }

    pub fn ready_status(&self) -> &str {
        self.status.conditions.iter().find(|c| c.type_ == "Ready").map_or("Unknown", |c| c.status.as_str())
    }

    pub fn is_ready(&self) -> bool {
        self.ready_status() == "True"
    }

    pub fn zone(&self) -> Option<&str> {
        self.metadata.labels.get(LABEL_ZONE).map(String::as_str)
    }

    pub fn internal_ip(&self) -> &str {
        self.status.addresses.iter().find(|a| a.type_ == "InternalIP").map_or("", |a| a.address.as_str())
    }

    /// The `STATUS` column: `Ready`, `NotReady`, `Unknown`, plus `,SchedulingDisabled` when cordoned.
    pub fn display_status(&self) -> String {
        let base = match self.ready_status() {
            "True" => "Ready",
            "False" => "NotReady",
            _ => "NotReady",
        };
        if self.spec.unschedulable { format!("{base},SchedulingDisabled") } else { base.to_string() }
    }

    /// The `ROLES` column, from `node-role.kubernetes.io/*` labels.
    pub fn roles(&self) -> String {
        let roles: Vec<&str> = self
            .metadata
            .labels
            .keys()
            .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
            .collect();
        if roles.is_empty() { "<none>".into() } else { roles.join(",") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tol(key: &str, op: &str, value: &str, effect: &str) -> Toleration {
        Toleration { key: key.into(), operator: op.into(), value: value.into(), effect: effect.into(), toleration_seconds: None }
    }

    #[test]
    fn tolerations_match_like_upstream() {
        let taint = Taint { key: "dedicated".into(), value: "gpu".into(), effect: "NoSchedule".into(), time_added: None };
        assert!(taint.tolerated_by(&[tol("dedicated", "Equal", "gpu", "NoSchedule")]));
        assert!(taint.tolerated_by(&[tol("dedicated", "Exists", "", "")]));
        assert!(taint.tolerated_by(&[tol("", "Exists", "", "")]));
        assert!(!taint.tolerated_by(&[tol("dedicated", "Equal", "cpu", "NoSchedule")]));
        assert!(!taint.tolerated_by(&[tol("dedicated", "Equal", "gpu", "NoExecute")]));
        assert!(!taint.tolerated_by(&[]));
        assert_eq!(taint.describe(), "{dedicated: gpu}");
    }

    #[test]
    fn taint_specs_parse_like_kubectl_taint() {
        let t = Taint::parse_spec(" dedicated=gpu:NoSchedule ").unwrap();
        assert_eq!((t.key.as_str(), t.value.as_str(), t.effect.as_str()), ("dedicated", "gpu", "NoSchedule"));
        let t = Taint::parse_spec("spot:PreferNoSchedule").unwrap();
        assert_eq!((t.key.as_str(), t.value.as_str(), t.effect.as_str()), ("spot", "", "PreferNoSchedule"));
        assert_eq!(Taint::parse_spec("dedicated=gpu").unwrap_err(), "invalid taint spec: dedicated=gpu");
        assert_eq!(Taint::parse_spec(":NoSchedule").unwrap_err(), "invalid taint spec: :NoSchedule");
        assert_eq!(Taint::parse_spec("k=v:").unwrap_err(), "invalid taint spec: k=v:");
    }
}
