//! ReplicaSet and Deployment (`apps/v1`).

use super::meta::{time, IntOrString, LabelSelector, ObjectMeta};
use super::pod::PodSpec;
use crate::clock::SimTime;
use crate::from_value::FromValue;
use crate::to_json::ToJson;

/// Defaults from `pkg/apis/apps/v1/defaults.go`.
pub const DEFAULT_REVISION_HISTORY_LIMIT: i64 = 10;
pub const DEFAULT_PROGRESS_DEADLINE_SECONDS: i64 = 600;

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct PodTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplicaSet {
    pub metadata: ObjectMeta,
    pub spec: ReplicaSetSpec,
    pub status: ReplicaSetStatus,
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplicaSetSpec {
    pub replicas: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub min_ready_seconds: i64,
    pub selector: LabelSelector,
    pub template: PodTemplateSpec,
}

impl Default for ReplicaSetSpec {
    fn default() -> Self {
        ReplicaSetSpec { replicas: 1, min_ready_seconds: 0, selector: LabelSelector::default(), template: PodTemplateSpec::default() }
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplicaSetStatus {
    pub replicas: i64,
    pub fully_labeled_replicas: i64,
    pub ready_replicas: i64,
    pub available_replicas: i64,
    pub observed_generation: i64,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Deployment {
    pub metadata: ObjectMeta,
    pub spec: DeploymentSpec,
    pub status: DeploymentStatus,
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct DeploymentSpec {
    pub replicas: i64,
    pub selector: LabelSelector,
    pub template: PodTemplateSpec,
    pub strategy: DeploymentStrategy,
    #[serde(skip_serializing_if = "is_zero")]
    pub min_ready_seconds: i64,
    pub revision_history_limit: i64,
    pub progress_deadline_seconds: i64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub paused: bool,
}

impl Default for DeploymentSpec {
    fn default() -> Self {
        DeploymentSpec {
            replicas: 1,
            selector: LabelSelector::default(),
            template: PodTemplateSpec::default(),
            strategy: DeploymentStrategy::default(),
            min_ready_seconds: 0,
            revision_history_limit: DEFAULT_REVISION_HISTORY_LIMIT,
            progress_deadline_seconds: DEFAULT_PROGRESS_DEADLINE_SECONDS,
            paused: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct DeploymentStrategy {
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateDeployment>,
}

impl Default for DeploymentStrategy {
    fn default() -> Self {
        DeploymentStrategy { type_: "RollingUpdate".into(), rolling_update: Some(RollingUpdateDeployment::default()) }
    }
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct RollingUpdateDeployment {
    pub max_unavailable: IntOrString,
    pub max_surge: IntOrString,
}

impl Default for RollingUpdateDeployment {
    fn default() -> Self {
        RollingUpdateDeployment { max_unavailable: IntOrString::String("25%".into()), max_surge: IntOrString::String("25%".into()) }
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct DeploymentStatus {
    pub observed_generation: i64,
    pub replicas: i64,
    pub updated_replicas: i64,
    pub ready_replicas: i64,
    pub available_replicas: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub unavailable_replicas: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<DeploymentCondition>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct DeploymentCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    pub reason: String,
    pub message: String,
    #[serde(with = "time")]
    pub last_update_time: SimTime,
    #[serde(with = "time")]
    pub last_transition_time: SimTime,
}

/// A DaemonSet (`apps/v1`): one pod on every node that qualifies.
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSet {
    pub metadata: ObjectMeta,
    pub spec: DaemonSetSpec,
    pub status: DaemonSetStatus,
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSetSpec {
    pub selector: LabelSelector,
    pub template: PodTemplateSpec,
    pub update_strategy: DaemonSetUpdateStrategy,
    #[serde(skip_serializing_if = "is_zero")]
    pub min_ready_seconds: i64,
    pub revision_history_limit: i64,
}

impl Default for DaemonSetSpec {
    fn default() -> Self {
        DaemonSetSpec {
            selector: LabelSelector::default(),
            template: PodTemplateSpec::default(),
            update_strategy: DaemonSetUpdateStrategy::default(),
            min_ready_seconds: 0,
            revision_history_limit: DEFAULT_REVISION_HISTORY_LIMIT,
        }
    }
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSetUpdateStrategy {
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateDeployment>,
}

impl Default for DaemonSetUpdateStrategy {
    /// `RollingUpdate` with `maxUnavailable: 1`, `maxSurge: 0` (`pkg/apis/apps/v1/defaults.go`).
    fn default() -> Self {
        DaemonSetUpdateStrategy {
            type_: "RollingUpdate".into(),
            rolling_update: Some(RollingUpdateDeployment { max_unavailable: IntOrString::Int(1), max_surge: IntOrString::Int(0) }),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSetStatus {
    pub current_number_scheduled: i64,
    pub number_misscheduled: i64,
    pub desired_number_scheduled: i64,
    pub number_ready: i64,
    pub observed_generation: i64,
    pub updated_number_scheduled: i64,
    pub number_available: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub number_unavailable: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// Resolves a percentage or absolute budget against `total`, rounding up or down
/// (`intstr.GetScaledValueFromIntOrPercent`). Errors name the bad value.
pub fn scaled_value(v: &IntOrString, total: i64, round_up: bool) -> Result<i64, String> {
    match v {
        IntOrString::Int(n) => Ok(*n),
        IntOrString::String(s) => {
            let pct: i64 = s
                .strip_suffix('%')
                .and_then(|p| p.parse().ok())
                .ok_or_else(|| format!("invalid value for IntOrString: invalid type: string is not a percentage: {s:?}"))?;
            let num = pct * total;
            Ok(if round_up { (num + 99).div_euclid(100) } else { num.div_euclid(100) })
        }
    }
}

/// `maxSurge` and `maxUnavailable` resolved for `replicas`: surge rounds up,
/// unavailable rounds down, and both zero makes unavailable one
/// (`pkg/controller/deployment/util/deployment_util.go`, `ResolveFenceposts`).
pub fn resolve_fenceposts(surge: &IntOrString, unavailable: &IntOrString, replicas: i64) -> Result<(i64, i64), String> {
    let s = scaled_value(surge, replicas, true)?;
    let mut u = scaled_value(unavailable, replicas, false)?;
    if s == 0 && u == 0 {
        u = 1;
    }
    Ok((s, u))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(s: &str) -> IntOrString {
        IntOrString::String(s.into())
    }

    #[test]
    fn fenceposts_round_surge_up_and_unavailable_down() {
        assert_eq!(resolve_fenceposts(&pct("25%"), &pct("25%"), 10), Ok((3, 2)));
        assert_eq!(resolve_fenceposts(&pct("25%"), &pct("25%"), 3), Ok((1, 0)));
        assert_eq!(resolve_fenceposts(&pct("25%"), &pct("25%"), 4), Ok((1, 1)));
        assert_eq!(resolve_fenceposts(&IntOrString::Int(0), &pct("10%"), 5), Ok((0, 1)));
        assert_eq!(resolve_fenceposts(&IntOrString::Int(2), &IntOrString::Int(0), 5), Ok((2, 0)));
        assert!(resolve_fenceposts(&pct("lots"), &pct("25%"), 5).is_err());
    }
}
