//! HorizontalPodAutoscaler (`autoscaling/v2`) and its controller, on the virtual clock.
//!
//! Ported from `pkg/controller/podautoscaler/horizontal.go` (`reconcileAutoscaler`,
//! `normalizeDesiredReplicas[WithBehaviors]`, `stabilizeRecommendation[WithBehaviors]`,
//! `convertDesiredReplicasWithRules`, `convertDesiredReplicasWithBehaviorRate`,
//! `calculateScale{Up,Down}Limit…`) and `replica_calculator.go` (`GetResourceReplicas`,
//! `groupPods`), with the API defaults of `pkg/apis/autoscaling/v2/defaults.go`.
//! Metrics come from the engine's load model (`health::usage`), as metrics-server would
//! report them. Simplifications are listed in `docs/fidelity.md`.

use super::meta::{opt_time, time, ObjectMeta};
use super::{reference, Ctx, Key, Kube};
use crate::clock::SimTime;
use crate::events::EventType;
use crate::quantity::Quantity;
use crate::from_value::FromValue;
use crate::to_json::ToJson;
use std::collections::{BTreeMap, BTreeSet};

/// `--horizontal-pod-autoscaler-sync-period`.
pub const SYNC_PERIOD_SECONDS: u64 = 15;
/// `--horizontal-pod-autoscaler-tolerance`.
pub const TOLERANCE: f64 = 0.1;
/// `--horizontal-pod-autoscaler-cpu-initialization-period`.
pub const CPU_INITIALIZATION_PERIOD_SECONDS: u64 = 300;
/// `--horizontal-pod-autoscaler-initial-readiness-delay`.
pub const INITIAL_READINESS_DELAY_SECONDS: u64 = 30;
/// `--horizontal-pod-autoscaler-downscale-stabilization` (the legacy path, without `behavior`).
pub const DOWNSCALE_STABILIZATION_SECONDS: u64 = 300;
/// Default target when an HPA lists no metrics (`SetDefaults_HorizontalPodAutoscaler`).
pub const DEFAULT_CPU_UTILIZATION: i64 = 80;

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct HorizontalPodAutoscaler {
    pub metadata: ObjectMeta,
    pub spec: HpaSpec,
    pub status: HpaStatus,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct HpaSpec {
    pub scale_target_ref: CrossVersionObjectReference,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<i64>,
    pub max_replicas: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<MetricSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub behavior: Option<HpaBehavior>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct CrossVersionObjectReference {
    pub kind: String,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricSpec {
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceMetricSource>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ResourceMetricSource {
    pub name: String,
    pub target: MetricTarget,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricTarget {
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_utilization: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_value: Option<Quantity>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct HpaBehavior {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_up: Option<ScalingRules>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_down: Option<ScalingRules>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ScalingRules {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stabilization_window_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub select_policy: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<ScalingPolicy>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ScalingPolicy {
    #[serde(rename = "type")]
    pub type_: String,
    pub value: i64,
    pub period_seconds: i64,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct HpaStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", with = "opt_time")]
    pub last_scale_time: Option<SimTime>,
    pub current_replicas: i64,
    pub desired_replicas: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub current_metrics: Vec<MetricStatus>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<HpaCondition>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricStatus {
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceMetricStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ResourceMetricStatus {
    pub name: String,
    pub current: MetricValueStatus,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricValueStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_utilization: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_value: Option<Quantity>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct HpaCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(with = "time")]
    pub last_transition_time: SimTime,
    pub reason: String,
    pub message: String,
}

impl HorizontalPodAutoscaler {
    pub fn min_replicas(&self) -> i64 {
        self.spec.min_replicas.unwrap_or(1)
    }

    pub fn condition(&self, type_: &str) -> Option<&HpaCondition> {
        self.status.conditions.iter().find(|c| c.type_ == type_)
    }

    fn set_condition(&mut self, type_: &str, status: bool, reason: &str, message: String, now: SimTime) {
        let status = if status { "True" } else { "False" }.to_string();
        match self.status.conditions.iter_mut().find(|c| c.type_ == type_) {
            Some(c) => {
                if c.status != status {
                    c.last_transition_time = now;
                }
                c.status = status;
                c.reason = reason.into();
                c.message = message;
            }
            None => self.status.conditions.push(HpaCondition {
                type_: type_.into(),
                status,
                last_transition_time: now,
                reason: reason.into(),
                message,
            }),
        }
    }
}

/// A target of `percent` average CPU utilization across the pods.
fn cpu_utilization(percent: i64) -> MetricSpec {
    MetricSpec {
        type_: "Resource".into(),
        resource: Some(ResourceMetricSource {
            name: "cpu".into(),
            target: MetricTarget { type_: "Utilization".into(), average_utilization: Some(percent), average_value: None },
        }),
    }
}

/// An `autoscaling/v1` HorizontalPodAutoscaler as written (older tutorials and `kubectl
/// autoscale` before 1.23 use it): one optional CPU utilization target. The API server stores
/// every version as one object and serves it as autoscaling/v2, so it is read here and
/// converted (`pkg/apis/autoscaling/v1/conversion.go`,
/// `Convert_v1_HorizontalPodAutoscalerSpec_To_autoscaling_HorizontalPodAutoscalerSpec`): the
/// target becomes a `Resource` metric for cpu, and no target means no metrics (the 80% default
/// then applies, as in v2).
#[derive(Debug, Default, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct HorizontalPodAutoscalerV1 {
    pub metadata: ObjectMeta,
    pub spec: HpaSpecV1,
    /// The server's to write, in whichever version: accepted and dropped.
    pub status: super::meta::ServerWritten,
}

#[derive(Debug, Default, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct HpaSpecV1 {
    pub scale_target_ref: CrossVersionObjectReference,
    pub min_replicas: Option<i64>,
    pub max_replicas: i64,
    #[serde(rename = "targetCPUUtilizationPercentage")]
    pub target_cpu_utilization_percentage: Option<i64>,
}

impl From<HorizontalPodAutoscalerV1> for HorizontalPodAutoscaler {
    fn from(v1: HorizontalPodAutoscalerV1) -> Self {
        let HpaSpecV1 { scale_target_ref, min_replicas, max_replicas, target_cpu_utilization_percentage } = v1.spec;
        HorizontalPodAutoscaler {
            metadata: v1.metadata,
            spec: HpaSpec {
                scale_target_ref,
                min_replicas,
                max_replicas,
                metrics: target_cpu_utilization_percentage.map(cpu_utilization).into_iter().collect(),
                behavior: None,
            },
            status: HpaStatus::default(),
        }
    }
}

/// The API server's defaults (`SetDefaults_HorizontalPodAutoscaler`): `minReplicas` 1,
/// a cpu target of 80% when no metric is given, and every missing part of a given
/// `behavior` filled (`GenerateHPAScaleUpRules`, `GenerateHPAScaleDownRules`).
pub fn set_defaults(hpa: &mut HorizontalPodAutoscaler) {
    if hpa.spec.min_replicas.is_none() {
        hpa.spec.min_replicas = Some(1);
    }
    if hpa.spec.metrics.is_empty() {
        hpa.spec.metrics.push(cpu_utilization(DEFAULT_CPU_UTILIZATION));
    }
    if hpa.spec.scale_target_ref.api_version.is_empty() && hpa.spec.scale_target_ref.kind == "Deployment" {
        hpa.spec.scale_target_ref.api_version = "apps/v1".into();
    }
    if let Some(b) = &mut hpa.spec.behavior {
        b.scale_up = Some(scale_up_rules(b.scale_up.take()));
        b.scale_down = Some(scale_down_rules(b.scale_down.take()));
    }
}

fn policy(type_: &str, value: i64, period_seconds: i64) -> ScalingPolicy {
    ScalingPolicy { type_: type_.into(), value, period_seconds }
}

/// Scale up: stabilization 0 s, the larger of +4 pods and +100% per 15 s.
pub fn scale_up_rules(given: Option<ScalingRules>) -> ScalingRules {
    let mut r = given.unwrap_or_default();
    if r.policies.is_empty() {
        r.policies = vec![policy("Pods", 4, 15), policy("Percent", 100, 15)];
    }
    r.select_policy.get_or_insert_with(|| "Max".into());
    r.stabilization_window_seconds.get_or_insert(0);
    r
}

/// Scale down: stabilization 300 s, up to -100% per 15 s.
pub fn scale_down_rules(given: Option<ScalingRules>) -> ScalingRules {
    let mut r = given.unwrap_or_default();
    if r.policies.is_empty() {
        r.policies = vec![policy("Percent", 100, 15)];
    }
    r.select_policy.get_or_insert_with(|| "Max".into());
    r.stabilization_window_seconds.get_or_insert(DOWNSCALE_STABILIZATION_SECONDS as i64);
    r
}

/// The controller's memory of one HPA (not in the API): next sync, recent recommendations
/// and recent scale events (`a.recommendations`, `a.scaleUpEvents`, `a.scaleDownEvents`).
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
pub struct HpaRuntime {
    pub next_sync: SimTime,
    pub recommendations: Vec<(SimTime, i64)>,
    pub scale_up_events: Vec<(SimTime, i64)>,
    pub scale_down_events: Vec<(SimTime, i64)>,
    /// The last replica calculation from metrics, for the board. Derived from the state
    /// above and the metrics, so left out of the state's serialization (and hash).
    #[serde(skip)]
    pub last_decision: Option<HpaDecision>,
}

/// One sync's replica calculation with its inputs, so the board can fill in the formula
/// `ceil(pods × utilization / target) = proposed` (`GetResourceReplicas`), then say what
/// the rate limits and bounds made of it (`desired`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HpaDecision {
    pub at: SimTime,
    /// `cpu` or `memory`: the metric that proposed the most replicas.
    pub resource: String,
    /// Pods the formula multiplies by (ready pods with metrics; more when unready or
    /// missing pods were filled in with 0 or the target).
    pub pods: i64,
    /// Utilization in the formula, in percent of requests.
    pub utilization: i64,
    pub target: i64,
    pub current: i64,
    /// The formula's result; `current` when the ratio was within tolerance.
    pub proposed: i64,
    pub within_tolerance: bool,
    /// After stabilization, rate limits and min/max.
    pub desired: i64,
}

/// Why an HPA's last sync settled on another count than its formula's, as its conditions say
/// it: `ScalingLimited` True with the reason the clamp wrote, else `AbleToScale`'s stabilization
/// reason (`normalizeDesiredReplicas` / `normalizeDesiredReplicasWithBehaviors` in
/// pkg/controller/podautoscaler/horizontal.go write both). The clamp comes after stabilization
/// there, so when both held back the count, the clamp is what set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// `ScaleUpLimit`: faster than the scale-up rate allows (legacy: at most max(2 × current, 4);
    /// with `behavior`: its scale-up policies).
    ScaleUpRate,
    /// `ScaleDownLimit`: faster than the scale-down policies allow.
    ScaleDownRate,
    /// `TooManyReplicas`: `maxReplicas`.
    Max,
    /// `TooFewReplicas`: `minReplicas`.
    Min,
    /// `ScaleUpStabilized`: a lower recommendation within the scale-up stabilization window.
    ScaleUpStabilized,
    /// `ScaleDownStabilized`: a higher recommendation within the scale-down stabilization window.
    ScaleDownStabilized,
}

impl Limit {
    /// The reasons of `ScalingLimited`.
    const CLAMPS: [Limit; 4] = [Limit::ScaleUpRate, Limit::ScaleDownRate, Limit::Max, Limit::Min];
    /// The reasons of `AbleToScale` that held a count back.
    const STABILIZED: [Limit; 2] = [Limit::ScaleUpStabilized, Limit::ScaleDownStabilized];

    /// The condition's reason, as upstream writes it.
    pub fn reason(self) -> &'static str {
        match self {
            Limit::ScaleUpRate => "ScaleUpLimit",
            Limit::ScaleDownRate => "ScaleDownLimit",
            Limit::Max => "TooManyReplicas",
            Limit::Min => "TooFewReplicas",
            Limit::ScaleUpStabilized => "ScaleUpStabilized",
            Limit::ScaleDownStabilized => "ScaleDownStabilized",
        }
    }
}

/// The reason its conditions give, if the HPA's last sync was held back (`Limit`).
pub fn limit(h: &HorizontalPodAutoscaler) -> Option<Limit> {
    let named = |reason: &str, among: &[Limit]| among.iter().copied().find(|l| l.reason() == reason);
    if let Some(c) = h.condition("ScalingLimited").filter(|c| c.status == "True") {
        return named(&c.reason, &Limit::CLAMPS);
    }
    named(&h.condition("AbleToScale")?.reason, &Limit::STABILIZED)
}

/// The HPA's last replica calculation, if it has made one.
pub fn last_decision<'a>(kube: &'a Kube, key: &Key) -> Option<&'a HpaDecision> {
    kube.hpa_runtimes.get(key)?.last_decision.as_ref()
}

/// `tolerances.isWithin` (v1.33+): `1 - 0.1 <= ratio <= 1 + 0.1`, in floating point, so a
/// ratio of exactly 1.1 (55% of a 50% target) is within and 1.11 is not. (Before v1.33,
/// `|1 - ratio| <= 0.1` left 1.1 just outside, by floating-point rounding.)
pub fn within_tolerance(ratio: f64) -> bool {
    ((1.0 - TOLERANCE)..=(1.0 + TOLERANCE)).contains(&ratio)
}

/// `(ratio, utilization, average raw usage)` from `GetResourceUtilizationRatio`.
fn utilization_ratio(metrics: &BTreeMap<String, i64>, requests: &BTreeMap<String, i64>, target: i64) -> Option<(f64, i64, i64)> {
    let (mut used, mut requested) = (0i64, 0i64);
    for (name, v) in metrics {
        if let Some(r) = requests.get(name) {
            used += v;
            requested += r;
        }
    }
    if requested == 0 {
        return None;
    }
    let utilization = used * 100 / requested;
    Some((utilization as f64 / target as f64, utilization, used / metrics.len().max(1) as i64))
}

/// One metric's proposal: `Ok((replicas, utilization, average raw value))` or the error text.
pub struct Proposal {
    pub replicas: i64,
    pub utilization: i64,
    pub raw_average: i64,
    /// The formula's inputs: pods counted and the utilization they average to.
    pub pods: i64,
    pub formula_utilization: i64,
    pub within_tolerance: bool,
}

/// `GetResourceReplicas` for `resource` ("cpu" or "memory") over the target's pods.
pub fn resource_replicas(kube: &Kube, pods: &[Key], resource: &str, target: i64, current: i64, now: SimTime) -> Result<Proposal, String> {
    let is_cpu = resource == "cpu";
    let mut metrics: BTreeMap<String, i64> = BTreeMap::new();
    let mut requests: BTreeMap<String, i64> = BTreeMap::new();
    let mut ready_count = 0i64;
    let (mut unready, mut missing) = (BTreeSet::new(), BTreeSet::new());
    if pods.is_empty() {
        return Err("no pods returned by selector while calculating replica count".into());
    }
    for key in pods {
        let pod = &kube.store.pods[key];
        // calculatePodRequests: every container needs a request for the resource.
        let mut req = 0;
        for c in &pod.spec.containers {
            match c.resources.requests.get(resource) {
                Some(q) => req += if is_cpu { q.milli() } else { q.value() },
                None => return Err(format!("missing request for {resource} in container {} of Pod {}", c.name, pod.metadata.name)),
            }
        }
        requests.insert(key.name.clone(), req);
        // groupPods: deleted, failed and pending pods are ignored.
        if pod.is_terminating() || pod.status.phase == super::pod::FAILED || pod.status.phase == super::pod::PENDING {
            continue;
        }
        let Some((cpu, mem)) = super::health::usage(kube, key) else {
            missing.insert(key.name.clone());
            continue;
        };
        let value = if is_cpu { cpu } else { mem };
        if is_cpu {
            let ready = pod.condition("Ready");
            let is_unready = match (ready, pod.status.start_time) {
                (Some(c), Some(start)) => {
                    if start.plus(CPU_INITIALIZATION_PERIOD_SECONDS) > now {
                        c.status != "True"
                    } else {
                        c.status != "True" && start.plus(INITIAL_READINESS_DELAY_SECONDS) > c.last_transition_time
                    }
                }
                _ => true,
            };
            if is_unready {
                unready.insert(key.name.clone());
                continue;
            }
        }
        metrics.insert(key.name.clone(), value);
        ready_count += 1;
    }
    if metrics.is_empty() {
        return Err("did not receive metrics for targeted pods (pods might be unready)".into());
    }
    let (ratio, utilization, raw_average) =
        utilization_ratio(&metrics, &requests, target).ok_or_else(|| "no metrics returned matched known pods".to_string())?;
    let propose = |replicas, pods, formula_utilization, tolerated| {
        Ok(Proposal { replicas, utilization, raw_average, pods, formula_utilization, within_tolerance: tolerated })
    };
    let scale_up_with_unready = !unready.is_empty() && ratio > 1.0;
    if !scale_up_with_unready && missing.is_empty() {
        if within_tolerance(ratio) {
            return propose(current, ready_count, utilization, true);
        }
        return propose((ratio * ready_count as f64).ceil() as i64, ready_count, utilization, false);
    }
    if !missing.is_empty() {
        if ratio < 1.0 {
            let fallback = target.max(100);
            for name in &missing {
                metrics.insert(name.clone(), requests[name] * fallback / 100);
            }
        } else if ratio > 1.0 {
            for name in &missing {
                metrics.insert(name.clone(), 0);
            }
        }
    }
    if scale_up_with_unready {
        for name in &unready {
            metrics.insert(name.clone(), 0);
        }
    }
    let (new_ratio, new_utilization, _) =
        utilization_ratio(&metrics, &requests, target).ok_or_else(|| "no metrics returned matched known pods".to_string())?;
    let counted = metrics.len() as i64;
    if within_tolerance(new_ratio) || (ratio < 1.0 && new_ratio > 1.0) || (ratio > 1.0 && new_ratio < 1.0) {
        return propose(current, counted, new_utilization, true);
    }
    let new_replicas = (new_ratio * counted as f64).ceil() as i64;
    if (new_ratio < 1.0 && new_replicas > current) || (new_ratio > 1.0 && new_replicas < current) {
        return propose(current, counted, new_utilization, true);
    }
    propose(new_replicas, counted, new_utilization, false)
}

/// The HPA controller: each HPA is synced when created and every 15 s after.
pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let keys: Vec<Key> = kube.store.hpas.keys().cloned().collect();
    kube.hpa_runtimes.retain(|k, _| keys.contains(k));
    let mut changed = false;
    for key in keys {
        let due = kube.hpa_runtimes.get(&key).is_none_or(|r| ctx.now >= r.next_sync);
        if due {
            sync(kube, &key, ctx);
            changed = true;
        }
    }
    changed
}

fn sum_since(events: &[(SimTime, i64)], now: SimTime, period: i64) -> i64 {
    events.iter().filter(|(t, _)| t.secs() as i64 > now.secs() as i64 - period).map(|(_, n)| n).sum()
}

fn sync(kube: &mut Kube, key: &Key, ctx: &mut Ctx) {
    let now = ctx.now;
    let mut hpa = kube.store.hpas[key].clone();
    let obj = reference("HorizontalPodAutoscaler", "autoscaling/v2", &hpa.metadata);
    let mut rt = kube.hpa_runtimes.get(key).cloned().unwrap_or_default();
    rt.next_sync = now.plus(SYNC_PERIOD_SECONDS);
    let target = &hpa.spec.scale_target_ref;
    let dkey = Key::new(key.namespace.clone(), target.name.clone());
    let deployment = if target.kind == "Deployment" { kube.store.deployments.get(&dkey).cloned() } else { None };
    let Some(deployment) = deployment else {
        let what = if target.kind == "Deployment" { "deployments.apps".to_string() } else { target.kind.to_lowercase() };
        let msg = format!("the HPA controller was unable to get the target's current scale: {what} \"{}\" not found", target.name);
        ctx.event(EventType::Warning, obj, "FailedGetScale", format!("{what} \"{}\" not found", target.name), "horizontal-pod-autoscaler");
        hpa.set_condition("AbleToScale", false, "FailedGetScale", msg, now);
        finish(kube, key, hpa, rt);
        return;
    };
    hpa.set_condition("AbleToScale", true, "SucceededGetScale", "the HPA controller was able to get the target's current scale".into(), now);
    let current = deployment.spec.replicas;
    // a.recommendations starts with the current size: no scale below it for a window.
    if rt.recommendations.is_empty() {
        rt.recommendations.push((now, current));
    }
    let min = hpa.min_replicas();
    let max = hpa.spec.max_replicas;
    let mut metric_statuses = Vec::new();
    let mut desired = 0;
    let mut rescale_reason = String::new();
    let rescale;
    if current == 0 && min != 0 {
        hpa.set_condition("ScalingActive", false, "ScalingDisabled", "scaling is disabled since the replica count of the target is zero".into(), now);
        rescale = false;
    } else if current > max {
        rescale_reason = "Current number of replicas above Spec.MaxReplicas".into();
        desired = max;
        rescale = true;
    } else if current < min {
        rescale_reason = "Current number of replicas below Spec.MinReplicas".into();
        desired = min;
        rescale = true;
    } else {
        let pods: Vec<Key> = kube
            .store
            .pods
            .iter()
            .filter(|(k, p)| k.namespace == key.namespace && deployment.spec.selector.matches(&p.metadata.labels))
            .map(|(k, _)| k.clone())
            .collect();
        let mut best: Option<(i64, String)> = None;
        let mut decision: Option<HpaDecision> = None;
        let mut errors = Vec::new();
        for m in &hpa.spec.metrics {
            let Some(res) = m.resource.as_ref().filter(|_| m.type_ == "Resource") else { continue };
            let Some(target_util) = res.target.average_utilization else { continue };
            let name = format!("{} resource utilization (percentage of request)", res.name);
            match resource_replicas(kube, &pods, &res.name, target_util, current, now) {
                Ok(p) => {
                    let value = if res.name == "cpu" { Quantity::from_milli_cpu(p.raw_average) } else { Quantity::from_bytes(p.raw_average) };
                    metric_statuses.push(MetricStatus {
                        type_: "Resource".into(),
                        resource: Some(ResourceMetricStatus {
                            name: res.name.clone(),
                            current: MetricValueStatus { average_utilization: Some(p.utilization), average_value: Some(value) },
                        }),
                    });
                    if best.as_ref().is_none_or(|(r, _)| p.replicas > *r) {
                        best = Some((p.replicas, name));
                        decision = Some(HpaDecision {
                            at: now,
                            resource: res.name.clone(),
                            pods: p.pods,
                            utilization: p.formula_utilization,
                            target: target_util,
                            current,
                            proposed: p.replicas,
                            within_tolerance: p.within_tolerance,
                            desired: p.replicas,
                        });
                    }
                }
                Err(e) => {
                    metric_statuses.push(MetricStatus { type_: String::new(), resource: None });
                    errors.push(format!("failed to get {} utilization: {e}", res.name));
                }
            }
        }
        metric_statuses.retain(|m| m.resource.is_some());
        if best.is_none() {
            let err = errors.first().cloned().unwrap_or_else(|| "no metrics to compute".into());
            let reason = "FailedGetResourceMetric";
            ctx.event(EventType::Warning, obj.clone(), reason, err.clone(), "horizontal-pod-autoscaler");
            ctx.event(
                EventType::Warning,
                obj,
                "FailedComputeMetricsReplicas",
                format!("invalid metrics ({} invalid out of {}), first error is: {err}", errors.len(), hpa.spec.metrics.len()),
                "horizontal-pod-autoscaler",
            );
            hpa.set_condition("ScalingActive", false, reason, format!("the HPA was unable to compute the replica count: {err}"), now);
            hpa.status.current_metrics = Vec::new();
            hpa.status.current_replicas = current;
            hpa.status.desired_replicas = current;
            finish(kube, key, hpa, rt);
            return;
        }
        let (metric_desired, metric_name) = best.expect("checked above");
        hpa.set_condition(
            "ScalingActive",
            true,
            "ValidMetricFound",
            format!("the HPA was able to successfully calculate a replica count from {metric_name}"),
            now,
        );
        desired = metric_desired.max(0);
        if desired > current {
            rescale_reason = format!("{metric_name} above target");
        }
        if desired < current {
            rescale_reason = "All metrics below target".into();
        }
        desired = match hpa.spec.behavior.clone() {
            None => normalize(&mut hpa, &mut rt, current, desired, min, max, now),
            Some(b) => normalize_with_behavior(&mut hpa, &mut rt, &b, current, desired, min, max, now),
        };
        rescale = desired != current;
        rt.last_decision = decision.map(|d| HpaDecision { desired, ..d });
    }
    if rescale {
        if let Some(d) = kube.store.deployments.get_mut(&dkey) {
            d.spec.replicas = desired;
            d.metadata.generation += 1;
        }
        hpa.set_condition("AbleToScale", true, "SucceededRescale", format!("the HPA controller was able to update the target scale to {desired}"), now);
        ctx.event(
            EventType::Normal,
            obj,
            "SuccessfulRescale",
            format!("New size: {desired}; reason: {rescale_reason}"),
            "horizontal-pod-autoscaler",
        );
        if hpa.spec.behavior.is_some() {
            if desired > current {
                rt.scale_up_events.push((now, desired - current));
            } else {
                rt.scale_down_events.push((now, current - desired));
            }
        }
        hpa.status.last_scale_time = Some(now);
    } else {
        desired = current;
    }
    // Scale events older than the longest policy period are forgotten.
    let longest = hpa
        .spec
        .behavior
        .iter()
        .flat_map(|b| b.scale_up.iter().chain(b.scale_down.iter()))
        .flat_map(|r| r.policies.iter().map(|p| p.period_seconds))
        .max()
        .unwrap_or(0);
    rt.scale_up_events.retain(|(t, _)| t.secs() as i64 > now.secs() as i64 - longest);
    rt.scale_down_events.retain(|(t, _)| t.secs() as i64 > now.secs() as i64 - longest);
    hpa.status.current_replicas = current;
    hpa.status.desired_replicas = desired;
    hpa.status.current_metrics = metric_statuses;
    finish(kube, key, hpa, rt);
}

fn finish(kube: &mut Kube, key: &Key, mut hpa: HorizontalPodAutoscaler, rt: HpaRuntime) {
    hpa.status.observed_generation = Some(hpa.metadata.generation);
    kube.store.hpas.insert(key.clone(), hpa);
    kube.hpa_runtimes.insert(key.clone(), rt);
}

/// Without `behavior`: `normalizeDesiredReplicas` with `convertDesiredReplicasWithRules`.
fn normalize(hpa: &mut HorizontalPodAutoscaler, rt: &mut HpaRuntime, current: i64, pre: i64, min: i64, max: i64, now: SimTime) -> i64 {
    // stabilizeRecommendation: the highest recommendation not older than the window.
    let cutoff = now.secs() as i64 - DOWNSCALE_STABILIZATION_SECONDS as i64;
    let mut stabilized = pre;
    let mut old = None;
    for (i, (t, r)) in rt.recommendations.iter().enumerate() {
        if (t.secs() as i64) < cutoff {
            old = Some(i);
        } else if *r > stabilized {
            stabilized = *r;
        }
    }
    match old {
        Some(i) => rt.recommendations[i] = (now, pre),
        None => rt.recommendations.push((now, pre)),
    }
    if stabilized != pre {
        hpa.set_condition(
            "AbleToScale",
            true,
            "ScaleDownStabilized",
            "recent recommendations were higher than current one, applying the highest recent recommendation".into(),
            now,
        );
    } else {
        hpa.set_condition("AbleToScale", true, "ReadyForNewScale", "recommended size matches current size".into(), now);
    }
    let scale_up_limit = (2 * current).max(4);
    let (max_allowed, cond, msg) = if max > scale_up_limit {
        (scale_up_limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
    } else {
        (max, "TooManyReplicas", "the desired replica count is more than the maximum replica count")
    };
    let (desired, cond, msg) = if stabilized < min {
        (min, "TooFewReplicas", "the desired replica count is less than the minimum replica count")
    } else if stabilized > max_allowed {
        (max_allowed, cond, msg)
    } else {
        (stabilized, "DesiredWithinRange", "the desired count is within the acceptable range")
    };
    hpa.set_condition("ScalingLimited", desired != stabilized, cond, msg.into(), now);
    desired
}

/// With `behavior`: `normalizeDesiredReplicasWithBehaviors`.
#[allow(clippy::too_many_arguments)]
fn normalize_with_behavior(
    hpa: &mut HorizontalPodAutoscaler,
    rt: &mut HpaRuntime,
    b: &HpaBehavior,
    current: i64,
    pre: i64,
    min: i64,
    max: i64,
    now: SimTime,
) -> i64 {
    let up = scale_up_rules(b.scale_up.clone());
    let down = scale_down_rules(b.scale_down.clone());
    let up_window = up.stabilization_window_seconds.unwrap_or(0);
    let down_window = down.stabilization_window_seconds.unwrap_or(0);
    // stabilizeRecommendationWithBehaviors
    let (window, up_dir, reason, message) = if pre >= current {
        (up_window, true, "ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation")
    } else {
        (down_window, false, "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation")
    };
    let n = now.secs() as i64;
    let obsolete = n - up_window.max(down_window);
    let cutoff = n - window;
    let mut stabilized = pre;
    let mut old = None;
    for (i, (t, r)) in rt.recommendations.iter().enumerate() {
        let t = t.secs() as i64;
        if t > cutoff {
            stabilized = if up_dir { stabilized.min(*r) } else { stabilized.max(*r) };
        }
        if t < obsolete {
            old = Some(i);
        }
    }
    match old {
        Some(i) => rt.recommendations[i] = (now, pre),
        None => rt.recommendations.push((now, pre)),
    }
    if stabilized != pre {
        hpa.set_condition("AbleToScale", true, reason, message.into(), now);
    } else {
        hpa.set_condition("AbleToScale", true, "ReadyForNewScale", "recommended size matches current size".into(), now);
    }
    // convertDesiredReplicasWithBehaviorRate
    let (mut desired, mut cond, mut msg) = (stabilized, "DesiredWithinRange", "the desired count is within the acceptable range");
    if stabilized > current {
        let limit = scale_up_limit(current, rt, &up, now).max(current);
        let (max_allowed, c, m) = if max > limit {
            (limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
        } else {
            (max, "TooManyReplicas", "the desired replica count is more than the maximum replica count")
        };
        if stabilized > max_allowed {
            (desired, cond, msg) = (max_allowed, c, m);
        }
    } else if stabilized < current {
        let limit = scale_down_limit(current, rt, &down, now).min(current);
        let (min_allowed, c, m) = if min < limit {
            (limit, "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate")
        } else {
            (min, "TooFewReplicas", "the desired replica count is less than the minimum replica count")
        };
        if stabilized < min_allowed {
            (desired, cond, msg) = (min_allowed, c, m);
        }
    }
    hpa.set_condition("ScalingLimited", desired != stabilized, cond, msg.into(), now);
    desired
}

fn period_start(current: i64, rt: &HpaRuntime, period: i64, now: SimTime) -> i64 {
    current - sum_since(&rt.scale_up_events, now, period) + sum_since(&rt.scale_down_events, now, period)
}

/// `calculateScaleUpLimitWithScalingRules`.
fn scale_up_limit(current: i64, rt: &HpaRuntime, rules: &ScalingRules, now: SimTime) -> i64 {
    let select = rules.select_policy.as_deref().unwrap_or("Max");
    if select == "Disabled" {
        return current;
    }
    let mut result = if select == "Min" { i64::MAX } else { i64::MIN };
    for p in &rules.policies {
        let start = period_start(current, rt, p.period_seconds, now);
        let proposed = if p.type_ == "Pods" { start + p.value } else { (start as f64 * (1.0 + p.value as f64 / 100.0)).ceil() as i64 };
        result = if select == "Min" { result.min(proposed) } else { result.max(proposed) };
    }
    result
}

/// `calculateScaleDownLimitWithBehaviors`.
fn scale_down_limit(current: i64, rt: &HpaRuntime, rules: &ScalingRules, now: SimTime) -> i64 {
    let select = rules.select_policy.as_deref().unwrap_or("Max");
    if select == "Disabled" {
        return current;
    }
    let mut result = if select == "Min" { i64::MIN } else { i64::MAX };
    for p in &rules.policies {
        let start = period_start(current, rt, p.period_seconds, now);
        let proposed = if p.type_ == "Pods" { start - p.value } else { (start as f64 * (1.0 - p.value as f64 / 100.0)) as i64 };
        result = if select == "Min" { result.max(proposed) } else { result.min(proposed) };
    }
    result
}

/// `cpu: 90%/50%` as `kubectl get hpa` prints TARGETS (`<unknown>` before the first reading).
pub fn targets_text(hpa: &HorizontalPodAutoscaler) -> String {
    let parts: Vec<String> = hpa
        .spec
        .metrics
        .iter()
        .filter_map(|m| m.resource.as_ref())
        .map(|r| {
            let current = hpa
                .status
                .current_metrics
                .iter()
                .filter_map(|s| s.resource.as_ref())
                .find(|s| s.name == r.name)
                .and_then(|s| s.current.average_utilization)
                .map_or("<unknown>".to_string(), |u| format!("{u}%"));
            let target = r.target.average_utilization.map_or("<unknown>".to_string(), |u| format!("{u}%"));
            format!("{}: {current}/{target}", r.name)
        })
        .collect();
    if parts.is_empty() {
        "<none>".into()
    } else {
        parts.join(", ")
    }
}
