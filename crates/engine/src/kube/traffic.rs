//! Service traffic (simulation only): requests per second sent to a Service, spread over
//! its ready endpoints, each request costing CPU in the pod that serves it. The cost adds
//! to the pod's load (`health::usage`), so `kubectl top` and the HPA see it.
//!
//! kube-proxy picks an endpoint at random per connection (iptables mode) or round robin
//! (IPVS). The playground uses the **expected value** of either: each ready endpoint gets
//! `rps / n`, the remainder one request each to the first endpoints in the Endpoints
//! object's order. Deterministic, and what the random choice averages to.

use super::{Key, Kube};
use crate::action::{ApiError, Change, Resource};
use crate::quantity::Quantity;
use crate::from_value::FromValue;
use crate::to_json::ToJson;

/// CPU one request per second costs in the serving pod, unless the traffic says otherwise: 1m.
pub const DEFAULT_CPU_MILLI_PER_RPS: i64 = 1;

/// `rps` requests per second to Service `service` in `namespace`.
#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
pub struct TrafficRule {
    pub namespace: String,
    pub service: String,
    pub rps: i64,
    /// CPU each request per second costs in the pods behind the Service.
    pub cpu_per_rps: Option<Quantity>,
}

/// What one Service's traffic does now, for the board and tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrafficStats {
    pub rps: i64,
    /// Ready endpoints sharing the requests.
    pub endpoints: usize,
    pub served_rps: i64,
    /// Requests with no ready endpoint to go to.
    pub error_rps: i64,
}

impl TrafficStats {
    /// Errors as a whole percentage of requests (0 without traffic).
    pub fn error_percent(&self) -> i64 {
        if self.rps == 0 {
            0
        } else {
            self.error_rps * 100 / self.rps
        }
    }
}

/// The pods behind a Service's ready endpoints, in the Endpoints object's order.
fn ready_pods(kube: &Kube, namespace: &str, service: &str) -> Vec<String> {
    let Some(ep) = kube.store.endpoints.get(&Key::new(namespace, service)) else { return Vec::new() };
    ep.subsets
        .iter()
        .flat_map(|s| s.addresses.iter())
        .filter_map(|a| a.target_ref.as_ref().filter(|r| r.kind == "Pod").map(|r| r.name.clone()))
        .collect()
}

/// Requests per second each ready endpoint of the rule's Service receives.
fn shares(kube: &Kube, rule: &TrafficRule) -> Vec<(String, i64)> {
    let pods = ready_pods(kube, &rule.namespace, &rule.service);
    let n = pods.len() as i64;
    if n == 0 {
        return Vec::new();
    }
    pods.into_iter().enumerate().map(|(i, p)| (p, rule.rps / n + i64::from((i as i64) < rule.rps % n))).collect()
}

/// Requests per second pod `key` serves, over every Service sending it traffic.
pub fn pod_rps(kube: &Kube, key: &Key) -> i64 {
    cost_and_rps(kube, key).1
}

/// Millicores pod `key` spends serving requests, and the requests per second it serves.
pub fn cost_and_rps(kube: &Kube, key: &Key) -> (i64, i64) {
    let mut total = (0, 0);
    for rule in kube.health.traffic.iter().filter(|r| r.namespace == key.namespace) {
        if let Some((_, rps)) = shares(kube, rule).into_iter().find(|(p, _)| *p == key.name) {
            let cost = rule.cpu_per_rps.as_ref().map_or(DEFAULT_CPU_MILLI_PER_RPS, Quantity::milli);
            total.0 += rps * cost;
            total.1 += rps;
        }
    }
    total
}

/// The Service's traffic now: `None` when nothing is sent to it.
pub fn service_stats(kube: &Kube, namespace: &str, service: &str) -> Option<TrafficStats> {
    let rule = kube.health.traffic.iter().find(|r| r.namespace == namespace && r.service == service)?;
    let endpoints = ready_pods(kube, namespace, service).len();
    let served = if endpoints == 0 { 0 } else { rule.rps };
    Some(TrafficStats { rps: rule.rps, endpoints, served_rps: served, error_rps: rule.rps - served })
}

impl Kube {
    /// `Action::SetTraffic`: the same Service again replaces its rate (and cost, if given).
    pub fn set_traffic(&mut self, namespace: &str, service: &str, rps: i64, cpu_per_rps: Option<Quantity>) -> Result<Vec<Change>, ApiError> {
        if !self.store.namespaces.contains_key(namespace) {
            return Err(ApiError::NotFound { resource: Resource::Namespace, name: namespace.to_string() });
        }
        if !self.store.services.contains_key(&Key::new(namespace, service)) {
            return Err(ApiError::NotFound { resource: Resource::Service, name: service.to_string() });
        }
        if rps < 0 {
            return Err(ApiError::BadRequest(format!("invalid traffic {rps}: requests per second must be 0 or more")));
        }
        let rules = &mut self.health.traffic;
        match rules.iter_mut().find(|r| r.namespace == namespace && r.service == service) {
            Some(r) => {
                r.rps = rps;
                if cpu_per_rps.is_some() {
                    r.cpu_per_rps = cpu_per_rps;
                }
            }
            None => rules.push(TrafficRule { namespace: namespace.into(), service: service.into(), rps, cpu_per_rps }),
        }
        Ok(Vec::new())
    }
}
