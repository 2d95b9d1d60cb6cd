//! kube-scheduler: filter the nodes that cannot run a pod (each with its reason),
//! score the rest, bind to the best. Every decision is kept with its per-node
//! verdicts and per-plugin scores, so the board can show why.
//! Sources: `pkg/scheduler/framework/plugins/` (nodeunschedulable, tainttoleration,
//! nodeaffinity, nodeports, noderesources, podtopologyspread), `pkg/scheduler/schedule_one.go`
//! (`selectHost`, `FitError`).

use super::node::{Node, TAINT_UNSCHEDULABLE};
use super::pod::Pod;
use super::{Ctx, Key, Kube};
use crate::clock::SimTime;
use crate::events::EventType;
use crate::from_value::{read_element, Cx, DeError, Error, FromValue, Value};
use crate::to_json::{ToJson, Writer};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

/// An unschedulable pod is retried when the cluster changes, or after this long
/// (`podMaxInUnschedulablePodsDuration`, 5 minutes).
pub const UNSCHEDULABLE_RETRY_SECONDS: u64 = 300;
/// How many recent decisions are kept for the board.
pub const DECISIONS_KEPT: usize = 256;

pub const MSG_UNSCHEDULABLE: &str = "node(s) were unschedulable";
pub const MSG_NODE_SELECTOR: &str = "node(s) didn't match Pod's node affinity/selector";
pub const MSG_PORTS: &str = "node(s) didn't have free ports for the requested pod ports";
pub const MSG_TOO_MANY_PODS: &str = "Too many pods";

/// Score weights of the default profile for the plugins modelled here.
pub const WEIGHT_TAINT_TOLERATION: i64 = 3;
pub const WEIGHT_FIT: i64 = 1;
pub const WEIGHT_BALANCED: i64 = 1;
pub const WEIGHT_NODE_AFFINITY: i64 = 2;
pub const WEIGHT_TOPOLOGY_SPREAD: i64 = 2;
/// `MaxNodeScore`.
pub const MAX_NODE_SCORE: i64 = 100;

/// The system default spreading constraints (`plugins/podtopologyspread/plugin.go`,
/// `systemDefaultConstraints`): zone maxSkew 5 and hostname maxSkew 3, ScheduleAnyway.
pub const SYSTEM_DEFAULT_CONSTRAINTS: [(&str, i64); 2] =
    [(super::node::LABEL_ZONE, 5), (super::node::LABEL_HOSTNAME, 3)];

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
pub struct SchedulerState {
    /// Bumped whenever capacity may have freed up or nodes changed.
    epoch: u64,
    /// Pods that did not fit: the epoch and time of their last attempt.
    unschedulable: crate::boxed_map::BoxedMap<Key, (u64, SimTime)>,
    #[serde(with = "shared")]
    pub decisions: VecDeque<Arc<Decision>>,
    /// `nextStartNodeIndex`: where the next search for feasible nodes starts, so large
    /// clusters share the work round-robin. Stays 0 while every node is searched.
    next_start_node: usize,
}

impl SchedulerState {
    pub fn cluster_changed(&mut self) {
        self.epoch += 1;
    }

    pub fn forget(&mut self, pod: &Key) {
        self.unschedulable.delete(pod);
    }

    /// The most recent decision about a pod, if still kept.
    pub fn decision_for(&self, pod: &Key) -> Option<&Decision> {
        self.decisions.iter().rev().find(|d| &d.pod == pod).map(|d| &**d)
    }
}

/// One scheduling attempt, with the reasoning for every node. Never changed once made:
/// kept behind an `Arc`, so that copying the state (`Sim::clone`) copies no verdict.
#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
pub struct Decision {
    pub pod: Key,
    pub time: SimTime,
    pub nodes: Vec<NodeVerdict>,
    pub chosen: Option<String>,
    /// The FailedScheduling message when no node fit.
    pub message: Option<String>,
}

/// The plugins of the default profile modelled here, filter and score. Written in a saved
/// state as their index in `Plugin::ALL` (so that order never changes; new ones go last),
/// read from that or from the name (saves written before the compact form).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plugin {
    NodeUnschedulable,
    TaintToleration,
    NodeAffinity,
    NodePorts,
    NodeResourcesFit,
    NodeResourcesBalancedAllocation,
    PodTopologySpread,
}

impl Plugin {
    pub const ALL: [Plugin; 7] = [
        Plugin::NodeUnschedulable,
        Plugin::TaintToleration,
        Plugin::NodeAffinity,
        Plugin::NodePorts,
        Plugin::NodeResourcesFit,
        Plugin::NodeResourcesBalancedAllocation,
        Plugin::PodTopologySpread,
    ];
    const NAMES: [&'static str; 7] = [
        "NodeUnschedulable",
        "TaintToleration",
        "NodeAffinity",
        "NodePorts",
        "NodeResourcesFit",
        "NodeResourcesBalancedAllocation",
        "PodTopologySpread",
    ];

    /// The name upstream gives it, as the board and the events show it.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Its score weight in the default profile (0: a filter only).
    pub fn weight(self) -> i64 {
        match self {
            Plugin::TaintToleration => WEIGHT_TAINT_TOLERATION,
            Plugin::NodeResourcesFit => WEIGHT_FIT,
            Plugin::NodeResourcesBalancedAllocation => WEIGHT_BALANCED,
            Plugin::NodeAffinity => WEIGHT_NODE_AFFINITY,
            Plugin::PodTopologySpread => WEIGHT_TOPOLOGY_SPREAD,
            Plugin::NodeUnschedulable | Plugin::NodePorts => 0,
        }
    }
}

impl PartialEq<&str> for Plugin {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

impl ToJson for Plugin {
    fn write_json(&self, w: &mut Writer) {
        w.u64(*self as u64);
    }
}

impl FromValue for Plugin {
    fn from_value(v: Value, _cx: &mut Cx) -> Result<Self, Error> {
        if let Value::Number(n) = &v {
            return n
                .as_u64()
                .and_then(|i| Plugin::ALL.get(i as usize).copied())
                .ok_or_else(|| DeError::custom(format!("unknown scheduler plugin number {n}, expected 0 to 6")));
        }
        Ok(Plugin::ALL[crate::from_value::unit_variant(v, &Plugin::NAMES)?])
    }
}

/// How one node fared. Saved compactly (a 50-node, 500-pod board keeps 12,800 of them):
/// `[node, [scores…]]` when it passed the filters, `[node, filter plugin, [reasons…]]` when
/// it was refused. The first form the scheduler wrote, `{"node", "filter", "reasons",
/// "scores", "total"}`, is still read (learners' autosaves); its `total` and weights are
/// recomputed.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeVerdict {
    pub node: String,
    /// The filter plugin that refused the node (`NodeResourcesFit`, …); `None` when it passed.
    pub filter: Option<Plugin>,
    /// Why the node was filtered out; empty when it could run the pod.
    pub reasons: Vec<String>,
    pub scores: Vec<PluginScore>,
}

impl NodeVerdict {
    /// Sum of weight times score.
    pub fn total(&self) -> i64 {
        self.scores.iter().map(|p| p.weighted()).sum()
    }

    fn refused(&self) -> bool {
        self.filter.is_some() || !self.reasons.is_empty()
    }
}

/// One plugin's score of a node. Saved as `[plugin, score]`, or `[plugin, score, raw]`.
#[derive(Clone, Debug, PartialEq)]
pub struct PluginScore {
    pub plugin: Plugin,
    /// The score after the plugin's normalization, 0–100.
    pub score: i64,
    /// Before normalization, for the plugins that normalize over the scored nodes
    /// (NodeAffinity: matched preference weights; PodTopologySpread: the rounded spread score).
    pub raw: Option<i64>,
}

impl PluginScore {
    pub fn weight(&self) -> i64 {
        self.plugin.weight()
    }

    /// What it adds to the node's total: score times weight.
    pub fn weighted(&self) -> i64 {
        self.score * self.plugin.weight()
    }
}

impl ToJson for NodeVerdict {
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        w.element();
        w.string(&self.node);
        w.element();
        if self.refused() {
            self.filter.write_json(w);
            w.element();
            self.reasons.write_json(w);
        } else {
            self.scores.write_json(w);
        }
        w.end_array();
    }
}

impl ToJson for PluginScore {
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        w.element();
        self.plugin.write_json(w);
        w.element();
        w.i64(self.score);
        if let Some(raw) = self.raw {
            w.element();
            w.i64(raw);
        }
        w.end_array();
    }
}

impl FromValue for NodeVerdict {
    fn from_value(v: Value, cx: &mut Cx) -> Result<Self, Error> {
        if !matches!(v, Value::Sequence(_)) {
            let old = VerboseVerdict::from_value(v, cx)?;
            let scores = old.scores.into_iter().map(|p| PluginScore { plugin: p.plugin, score: p.score, raw: p.raw }).collect();
            return Ok(NodeVerdict { node: old.node, filter: old.filter, reasons: old.reasons, scores });
        }
        let items = crate::from_value::sequence(v, "a node verdict")?;
        let len = items.len();
        let mut items = items.into_iter();
        match (items.next(), items.next(), items.next(), items.next()) {
            (Some(node), Some(scores), None, None) => Ok(NodeVerdict {
                node: read_element(0, node, cx)?,
                filter: None,
                reasons: Vec::new(),
                scores: read_element(1, scores, cx)?,
            }),
            (Some(node), Some(filter), Some(reasons), None) => Ok(NodeVerdict {
                node: read_element(0, node, cx)?,
                filter: read_element(1, filter, cx)?,
                reasons: read_element(2, reasons, cx)?,
                scores: Vec::new(),
            }),
            _ => Err(DeError::invalid_length(len, &"a node verdict of 2 or 3 elements")),
        }
    }
}

impl FromValue for PluginScore {
    fn from_value(v: Value, cx: &mut Cx) -> Result<Self, Error> {
        if !matches!(v, Value::Sequence(_)) {
            let old = VerboseScore::from_value(v, cx)?;
            return Ok(PluginScore { plugin: old.plugin, score: old.score, raw: old.raw });
        }
        let items = crate::from_value::sequence(v, "a plugin score")?;
        let len = items.len();
        let mut items = items.into_iter();
        match (items.next(), items.next(), items.next(), items.next()) {
            (Some(plugin), Some(score), raw, None) => Ok(PluginScore {
                plugin: read_element(0, plugin, cx)?,
                score: read_element(1, score, cx)?,
                raw: match raw {
                    Some(raw) => Some(read_element(2, raw, cx)?),
                    None => None,
                },
            }),
            _ => Err(DeError::invalid_length(len, &"a plugin score of 2 or 3 elements")),
        }
    }
}

/// `NodeVerdict` as saved before the compact form; `total` is read and recomputed.
#[derive(FromValue)]
#[allow(dead_code)]
struct VerboseVerdict {
    node: String,
    #[serde(default)]
    filter: Option<Plugin>,
    reasons: Vec<String>,
    scores: Vec<VerboseScore>,
    total: i64,
}

/// `PluginScore` as saved before the compact form; `weight` is read and taken from the plugin.
#[derive(FromValue)]
#[allow(dead_code)]
struct VerboseScore {
    plugin: Plugin,
    score: i64,
    weight: i64,
    #[serde(default)]
    raw: Option<i64>,
}

/// The kept decisions as a list (`Arc`s hold no state of their own).
mod shared {
    use super::Decision;
    use crate::from_value::{Cx, Error, FromValue, Value};
    use crate::to_json::ToJson;
    use std::collections::VecDeque;
    use std::sync::Arc;

    pub fn to_json(d: &VecDeque<Arc<Decision>>, w: &mut crate::to_json::Writer) {
        d.write_json(w);
    }

    pub fn from_value(v: Value, cx: &mut Cx) -> Result<VecDeque<Arc<Decision>>, Error> {
        Ok(Vec::<Decision>::from_value(v, cx)?.into_iter().map(Arc::new).collect())
    }
}

/// What the pods bound to a node ask for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeUsage {
    pub cpu: i64,
    pub memory: i64,
    /// With the scoring defaults for containers that request nothing.
    pub nz_cpu: i64,
    pub nz_memory: i64,
    pub pods: i64,
    pub host_ports: BTreeSet<(String, i64)>,
}

impl NodeUsage {
    /// Counts a pod's requests, pod slot and host ports in.
    pub fn add(&mut self, pod: &Pod) {
        let (c, m) = pod.requests();
        let (nc, nm) = pod.non_zero_requests();
        self.cpu += c;
        self.memory += m;
        self.nz_cpu += nc;
        self.nz_memory += nm;
        self.pods += 1;
        self.host_ports.extend(host_ports(pod));
    }
}

fn host_ports(pod: &Pod) -> impl Iterator<Item = (String, i64)> + '_ {
    pod.spec.containers.iter().flat_map(|c| {
        c.ports.iter().filter_map(|p| {
            p.host_port.filter(|h| *h > 0).map(|h| (if p.protocol.is_empty() { "TCP".into() } else { p.protocol.clone() }, h))
        })
    })
}

/// Requests of every pod that holds a place on a node: bound and not finished
/// (terminating pods keep their resources until they are gone, as upstream).
pub fn usage(kube: &Kube) -> BTreeMap<String, NodeUsage> {
    let mut out: BTreeMap<String, NodeUsage> =
        crate::collecting::map_from(kube.store.nodes.keys().map(|n| (n.clone(), NodeUsage::default())));
    for pod in kube.store.pods.values() {
        if let Some(node) = pod.node() {
            if !pod.is_terminal() {
                out.entry(node.to_string()).or_default().add(pod);
            }
        }
    }
    out
}

/// The filter plugins in upstream order; the first that fails names the reasons.
pub fn filter(node: &Node, used: &NodeUsage, pod: &Pod) -> Vec<String> {
    filter_by_plugin(node, used, pod).map(|(_, r)| r).unwrap_or_default()
}

/// `filter`, also naming the plugin that refused the node (the first failing one, as the
/// framework's `RunFilterPlugins` stops there); `None` when every filter passes.
pub fn filter_by_plugin(node: &Node, used: &NodeUsage, pod: &Pod) -> Option<(Plugin, Vec<String>)> {
    if node.spec.unschedulable {
        let t = super::node::Taint { key: TAINT_UNSCHEDULABLE.into(), effect: "NoSchedule".into(), ..Default::default() };
        if !t.tolerated_by(&pod.spec.tolerations) {
            return Some((Plugin::NodeUnschedulable, vec![MSG_UNSCHEDULABLE.into()]));
        }
    }
    if let Some(t) = node
        .spec
        .taints
        .iter()
        .find(|t| (t.effect == "NoSchedule" || t.effect == "NoExecute") && !t.tolerated_by(&pod.spec.tolerations))
    {
        return Some((Plugin::TaintToleration, vec![format!("node(s) had untolerated taint {}", t.describe())]));
    }
    // NodeAffinity: nodeSelector and required node affinity.
    if !pod.spec.required_node_affinity_matches(node.name(), &node.metadata.labels) {
        return Some((Plugin::NodeAffinity, vec![MSG_NODE_SELECTOR.into()]));
    }
    if host_ports(pod).any(|p| used.host_ports.contains(&p)) {
        return Some((Plugin::NodePorts, vec![MSG_PORTS.into()]));
    }
    let mut reasons = Vec::new();
    let (cpu, mem) = pod.requests();
    if used.pods + 1 > node.max_pods() {
        reasons.push(MSG_TOO_MANY_PODS.to_string());
    }
    if cpu > 0 && used.cpu + cpu > node.allocatable_cpu() {
        reasons.push("Insufficient cpu".into());
    }
    if mem > 0 && used.memory + mem > node.allocatable_memory() {
        reasons.push("Insufficient memory".into());
    }
    (!reasons.is_empty()).then_some((Plugin::NodeResourcesFit, reasons))
}

/// LeastAllocated per resource: `(allocatable - requested) * 100 / allocatable`
/// (`noderesources/least_allocated.go`).
pub fn least_allocated(requested: i64, allocatable: i64) -> i64 {
    if allocatable == 0 || requested > allocatable {
        return 0;
    }
    (allocatable - requested) * 100 / allocatable
}

/// NodeResourcesBalancedAllocation with two resources: `(1 - |f_cpu - f_mem| / 2) * 100`
/// over real requests including the pod (`noderesources/balanced_allocation.go`).
pub fn balanced_allocation(cpu_req: i64, cpu_alloc: i64, mem_req: i64, mem_alloc: i64) -> i64 {
    let frac = |r: i64, a: i64| if a == 0 { 1.0 } else { (r as f64 / a as f64).min(1.0) };
    let std = (frac(cpu_req, cpu_alloc) - frac(mem_req, mem_alloc)).abs() / 2.0;
    ((1.0 - std) * 100.0) as i64
}

fn score(node: &Node, used: &NodeUsage, pod: &Pod, max_prefer_no_schedule: i64) -> Vec<PluginScore> {
    let (nc, nm) = pod.non_zero_requests();
    let fit = (least_allocated(used.nz_cpu + nc, node.allocatable_cpu()) * WEIGHT_FIT
        + least_allocated(used.nz_memory + nm, node.allocatable_memory()) * WEIGHT_FIT)
        / (2 * WEIGHT_FIT);
    let mut scores = vec![PluginScore { plugin: Plugin::NodeResourcesFit, score: fit, raw: None }];
    let (c, m) = pod.requests();
    if c > 0 || m > 0 {
        let b = balanced_allocation(used.cpu + c, node.allocatable_cpu(), used.memory + m, node.allocatable_memory());
        scores.push(PluginScore { plugin: Plugin::NodeResourcesBalancedAllocation, score: b, raw: None });
    }
    // TaintToleration scores fewer intolerable PreferNoSchedule taints higher, normalized in reverse.
    let count = prefer_no_schedule_count(node, pod);
    let tt = if max_prefer_no_schedule == 0 { 100 } else { 100 - count * 100 / max_prefer_no_schedule };
    scores.push(PluginScore { plugin: Plugin::TaintToleration, score: tt, raw: None });
    scores
}

fn prefer_no_schedule_count(node: &Node, pod: &Pod) -> i64 {
    node.spec.taints.iter().filter(|t| t.effect == "PreferNoSchedule" && !t.tolerated_by(&pod.spec.tolerations)).count() as i64
}

/// `FitError.Error()`: `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) ...` with
/// the reason counts sorted as strings.
pub fn unschedulable_message(total_nodes: usize, verdicts: &[NodeVerdict]) -> String {
    // `String` keys and `i64` counts, as the spread counts: one tree type fewer in the wasm.
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for v in verdicts {
        for r in &v.reasons {
            match counts.get_mut(r.as_str()) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(r.clone(), 1);
                }
            }
        }
    }
    let mut parts: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
    crate::sorting::sort(&mut parts);
    if parts.is_empty() {
        format!("0/{total_nodes} nodes are available.")
    } else {
        format!("0/{total_nodes} nodes are available: {}.", parts.join(", "))
    }
}

/// Below this many nodes every node is searched (`minFeasibleNodesToFind`).
pub const MIN_FEASIBLE_NODES_TO_FIND: usize = 100;
/// The adaptive percentage never goes below this (`minFeasibleNodesPercentageToFind`).
pub const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND: usize = 5;
/// `basePercentageOfNodesToScore`: 50 % at 0 nodes, one point less per 125 nodes.
pub const BASE_PERCENTAGE_OF_NODES_TO_SCORE: usize = 50;

/// `numFeasibleNodesToFind` with the default (adaptive) `percentageOfNodesToScore`:
/// the search for feasible nodes stops once this many are found
/// (`pkg/scheduler/schedule_one.go`). All nodes below 100; 500 of 5,000.
pub fn num_feasible_nodes_to_find(num_all_nodes: usize) -> usize {
    if num_all_nodes < MIN_FEASIBLE_NODES_TO_FIND {
        return num_all_nodes;
    }
    let percentage =
        BASE_PERCENTAGE_OF_NODES_TO_SCORE.saturating_sub(num_all_nodes / 125).max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
    (num_all_nodes * percentage / 100).max(MIN_FEASIBLE_NODES_TO_FIND)
}

/// Filters the nodes for `pod`, starting at the rotating start index and stopping once
/// `num_feasible_nodes_to_find` fit (every node in clusters under 100 nodes), scores
/// those (NodeAffinity and PodTopologySpread normalized over them), and picks the
/// highest total, breaking ties by reservoir sampling with the seeded generator, as
/// `selectHost` does. The verdicts list the nodes searched.
pub fn decide(kube: &Kube, usage: &BTreeMap<String, NodeUsage>, spread: &mut SpreadCounts, pod: &Pod, key: &Key, ctx: &mut Ctx) -> Decision {
    let empty = NodeUsage::default();
    let max_pns = kube.store.nodes.values().map(|n| prefer_no_schedule_count(n, pod)).max().unwrap_or(0);
    let all = kube.store.nodes.len();
    let to_find = num_feasible_nodes_to_find(all);
    let start = if all == 0 { 0 } else { kube.scheduler.next_start_node % all };
    let mut nodes = Vec::with_capacity(to_find.min(all));
    // Filter: (verdict index, node) of the feasible ones.
    let mut feasible: Vec<(usize, &Node)> = Vec::new();
    for node in kube.store.nodes.values().skip(start).chain(kube.store.nodes.values().take(start)) {
        if feasible.len() >= to_find {
            break;
        }
        let used = usage.get(node.name()).unwrap_or(&empty);
        let (filter, reasons) = match filter_by_plugin(node, used, pod) {
            Some((plugin, reasons)) => (Some(plugin), reasons),
            None => {
                feasible.push((nodes.len(), node));
                (None, Vec::new())
            }
        };
        nodes.push(NodeVerdict { node: node.name().to_string(), filter, reasons, scores: Vec::new() });
    }
    // Score.
    let scored: Vec<&Node> = feasible.iter().map(|(_, n)| *n).collect();
    let affinity = node_affinity_raw(pod, &scored).map(|raw| (default_normalize(&raw), raw));
    let spread = SpreadSelector::of(kube, pod)
        .and_then(|sel| topology_spread_raw(kube, spread.counts(kube, &sel), pod, &scored))
        .map(|raw| (topology_spread_normalize(&raw), raw));
    for (j, (i, node)) in feasible.iter().enumerate() {
        let mut s = score(node, usage.get(node.name()).unwrap_or(&empty), pod, max_pns);
        if let Some((a, raw)) = &affinity {
            s.push(PluginScore { plugin: Plugin::NodeAffinity, score: a[j], raw: Some(raw[j]) });
        }
        if let Some((t, raw)) = &spread {
            s.push(PluginScore { plugin: Plugin::PodTopologySpread, score: t[j], raw: Some(raw[j]) });
        }
        nodes[*i].scores = s;
    }
    // selectHost.
    let (mut best, mut best_total, mut ties) = (None, i64::MIN, 0u64);
    for (i, _) in &feasible {
        let v = &nodes[*i];
        let total = v.total();
        if total > best_total {
            best_total = total;
            best = Some(v.node.clone());
            ties = 1;
        } else if total == best_total {
            ties += 1;
            if ctx.rng.below(ties) == 0 {
                best = Some(v.node.clone());
            }
        }
    }
    let message = if best.is_none() { Some(unschedulable_message(all, &nodes)) } else { None };
    Decision { pod: key.clone(), time: ctx.now, nodes, chosen: best, message }
}

/// `DefaultNormalizeScore(MaxNodeScore, reverse = false)`: scaled so the highest is 100
/// (integer division); all 0 stay 0.
pub fn default_normalize(raw: &[i64]) -> Vec<i64> {
    let max = raw.iter().copied().max().unwrap_or(0);
    if max == 0 {
        return raw.to_vec();
    }
    raw.iter().map(|s| MAX_NODE_SCORE * s / max).collect()
}

/// NodeAffinity scoring (`plugins/nodeaffinity/node_affinity.go`): the sum of the
/// weights of the preferred terms a node matches, normalized with
/// `default_normalize`. `None` (plugin skipped) when the pod prefers nothing.
pub fn node_affinity_scores(pod: &Pod, nodes: &[&Node]) -> Option<Vec<i64>> {
    node_affinity_raw(pod, nodes).map(|raw| default_normalize(&raw))
}

/// NodeAffinity's `Score` before `NormalizeScore`: the matched preference weights per node.
pub fn node_affinity_raw(pod: &Pod, nodes: &[&Node]) -> Option<Vec<i64>> {
    let preferred = &pod.spec.node_affinity()?.preferred_during_scheduling_ignored_during_execution;
    if preferred.is_empty() {
        return None;
    }
    let raw: Vec<i64> = nodes
        .iter()
        .map(|n| preferred.iter().filter(|t| t.weight != 0 && t.preference.matches(n.name(), &n.metadata.labels)).map(|t| t.weight).sum())
        .collect();
    Some(raw)
}

/// `helper.DefaultSelector`, by the objects it comes from: a pod counts as a sibling
/// when it matches the selectors of every Service selecting the incoming pod and that
/// of its controlling ReplicaSet.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SpreadSelector {
    namespace: String,
    services: Vec<Key>,
    replica_set: Option<Key>,
}

impl SpreadSelector {
    /// `None` when there is nothing to select by (no Service, no ReplicaSet owner).
    pub fn of(kube: &Kube, pod: &Pod) -> Option<SpreadSelector> {
        let ns = pod.metadata.ns();
        let services: Vec<Key> = kube
            .store
            .services
            .iter()
            .filter(|(_, s)| s.metadata.ns() == ns && !s.spec.selector.is_empty())
            .filter(|(_, s)| s.spec.selector.iter().all(|(k, v)| pod.metadata.labels.get(k) == Some(v)))
            .map(|(k, _)| k.clone())
            .collect();
        let replica_set = pod
            .metadata
            .controller()
            .filter(|o| o.kind == "ReplicaSet")
            .map(|o| Key::new(ns, o.name.as_str()))
            .filter(|k| kube.store.replica_sets.get(k).is_some_and(|rs| !rs.spec.selector.is_empty()));
        if services.is_empty() && replica_set.is_none() {
            return None;
        }
        Some(SpreadSelector { namespace: ns.to_string(), services, replica_set })
    }

    /// `countPodsMatchSelector`'s test: same namespace, every selector matches.
    pub fn matches(&self, kube: &Kube, p: &Pod) -> bool {
        let labels = &p.metadata.labels;
        p.metadata.ns() == self.namespace
            && self.services.iter().all(|k| kube.store.services.get(k).is_some_and(|s| s.spec.selector.iter().all(|(k, v)| labels.get(k) == Some(v))))
            && self.replica_set.as_ref().is_none_or(|k| kube.store.replica_sets.get(k).is_some_and(|rs| rs.spec.selector.matches(labels)))
    }
}

/// Per scheduling pass: for each default selector met, its matching pods per node
/// (bound, not finished, not terminating), counted once and kept up to date as the pass
/// binds pods (upstream's assumed pods).
#[derive(Clone, Debug, Default)]
pub struct SpreadCounts(BTreeMap<SpreadSelector, BTreeMap<String, i64>>);

impl SpreadCounts {
    pub fn counts(&mut self, kube: &Kube, sel: &SpreadSelector) -> &BTreeMap<String, i64> {
        self.0.entry(sel.clone()).or_insert_with(|| {
            let mut counts: BTreeMap<String, i64> = BTreeMap::new();
            for p in kube.store.pods.values() {
                let Some(n) = p.node() else { continue };
                if !p.is_terminal() && p.metadata.deletion_timestamp.is_none() && sel.matches(kube, p) {
                    *counts.entry(n.to_string()).or_default() += 1;
                }
            }
            counts
        })
    }

    /// `pod` was just bound to `node`.
    pub fn bound(&mut self, kube: &Kube, pod: &Pod, node: &str) {
        for (sel, counts) in self.0.iter_mut() {
            if sel.matches(kube, pod) {
                *counts.entry(node.to_string()).or_default() += 1;
            }
        }
    }
}

/// `scoreForCount`: `count × topology weight + (maxSkew − 1)`.
pub fn score_for_count(count: i64, max_skew: i64, weight: f64) -> f64 {
    count as f64 * weight + (max_skew - 1) as f64
}

/// `topologyNormalizingWeight`: `ln(domains + 2)`.
pub fn topology_normalizing_weight(domains: usize) -> f64 {
    ((domains + 2) as f64).ln()
}

/// PodTopologySpread's `NormalizeScore`: fewer siblings score higher,
/// `100 × (max + min − s) / max`; 100 for all when the highest is 0.
pub fn topology_spread_normalize(raw: &[i64]) -> Vec<i64> {
    let (min, max) = (raw.iter().copied().min().unwrap_or(0), raw.iter().copied().max().unwrap_or(0));
    raw.iter().map(|s| if max == 0 { MAX_NODE_SCORE } else { MAX_NODE_SCORE * (max + min - s) / max }).collect()
}

/// PodTopologySpread scoring with the system default constraints
/// (`plugins/podtopologyspread/scoring.go`), for a pod without constraints of its own:
/// per constraint, a node with the topology label scores `score_for_count` of the
/// matching pods in its domain (the node itself for hostname; for zones, summed over
/// every node whose labels pass the pod's nodeSelector / required affinity), weighted by
/// `ln(domains among the scored nodes + 2)`; the sum is rounded and normalized with
/// `topology_spread_normalize`. `siblings`: the pods matching the default selector per
/// node (`SpreadCounts`); `None` (plugin skipped) when no node is scored.
pub fn topology_spread_scores(kube: &Kube, siblings: &BTreeMap<String, i64>, pod: &Pod, nodes: &[&Node]) -> Option<Vec<i64>> {
    topology_spread_raw(kube, siblings, pod, nodes).map(|raw| topology_spread_normalize(&raw))
}

/// PodTopologySpread's `Score` before `NormalizeScore` (see `topology_spread_scores`).
pub fn topology_spread_raw(kube: &Kube, siblings: &BTreeMap<String, i64>, pod: &Pod, nodes: &[&Node]) -> Option<Vec<i64>> {
    if nodes.is_empty() {
        return None;
    }
    // Matching pods on a node (`countPodsMatchSelector`).
    let on = |n: &str| -> i64 { siblings.get(n).copied().unwrap_or(0) };
    let hostname = super::node::LABEL_HOSTNAME;
    // Per constraint: its normalizing weight and, for zones, the count per domain of the
    // scored nodes (a missing label is the value "").
    let mut weights = Vec::new();
    let mut domain_counts: Vec<BTreeMap<&str, i64>> = Vec::new();
    for (key, _) in SYSTEM_DEFAULT_CONSTRAINTS {
        let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
        if key == hostname {
            weights.push(topology_normalizing_weight(nodes.len()));
        } else {
            for n in nodes {
                counts.insert(n.metadata.labels.get(key).map_or("", String::as_str), 0);
            }
            weights.push(topology_normalizing_weight(counts.len()));
            // Only nodes carrying the label are scored on it: without one, skip the count.
            if nodes.iter().any(|n| n.metadata.labels.contains_key(key)) {
                for n in kube.store.nodes.values() {
                    if !pod.spec.required_node_affinity_matches(n.name(), &n.metadata.labels) {
                        continue;
                    }
                    if let Some(c) = counts.get_mut(n.metadata.labels.get(key).map_or("", String::as_str)) {
                        *c += on(n.name());
                    }
                }
            }
        }
        domain_counts.push(counts);
    }
    let raw: Vec<i64> = nodes
        .iter()
        .map(|n| {
            let mut score = 0.0;
            for (i, (key, max_skew)) in SYSTEM_DEFAULT_CONSTRAINTS.iter().enumerate() {
                let Some(value) = n.metadata.labels.get(*key) else { continue };
                let count = if *key == hostname { on(n.name()) } else { domain_counts[i][value.as_str()] };
                score += score_for_count(count, *max_skew, weights[i]);
            }
            // math.Round: halves away from zero.
            score.round() as i64
        })
        .collect();
    Some(raw)
}

/// One scheduling pass over the pending pods, oldest first.
pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let mut pending: Vec<(SimTime, u64, Key)> = kube
        .store
        .pods
        .iter()
        .filter(|(_, p)| p.node().is_none() && p.is_active() && p.spec.scheduler_name == "default-scheduler")
        .map(|(k, p)| {
            let rv = p.metadata.resource_version.parse().unwrap_or(0);
            (p.metadata.creation_timestamp.unwrap_or_default(), rv, k.clone())
        })
        .collect();
    if pending.is_empty() {
        return false;
    }
    crate::sorting::sort(&mut pending);
    let mut usage = usage(kube);
    let mut spread = SpreadCounts::default();
    let mut changed = false;
    for (_, _, key) in pending {
        if let Some(&(epoch, at)) = kube.scheduler.unschedulable.get(&key) {
            if epoch == kube.scheduler.epoch && ctx.now.since(at) < UNSCHEDULABLE_RETRY_SECONDS {
                continue;
            }
        }
        let pod = &kube.store.pods[&key];
        let decision = decide(kube, &usage, &mut spread, pod, &key, ctx);
        // `nextStartNodeIndex = (nextStartNodeIndex + processedNodes) % len(nodes)`.
        let all = kube.store.nodes.len().max(1);
        kube.scheduler.next_start_node = (kube.scheduler.next_start_node % all + decision.nodes.len()) % all;
        let obj = super::reference("Pod", "v1", &pod.metadata);
        match &decision.chosen {
            Some(node) => {
                let node = node.clone();
                let pod = kube.store.pods.get_mut(&key).expect("pending pod");
                pod.spec.node_name = Some(node.clone());
                pod.set_condition("PodScheduled", "True", None, None, ctx.now);
                usage.entry(node.clone()).or_default().add(pod);
                spread.bound(kube, &kube.store.pods[&key], &node);
                kube.scheduler.unschedulable.delete(&key);
                ctx.event(
                    EventType::Normal,
                    obj,
                    "Scheduled",
                    format!("Successfully assigned {}/{} to {}", key.namespace, key.name, node),
                    "default-scheduler",
                );
                changed = true;
            }
            None => {
                let msg = decision.message.clone().unwrap_or_default();
                let pod = kube.store.pods.get_mut(&key).expect("pending pod");
                let before = pod.status.conditions.clone();
                pod.status.phase = super::pod::PENDING.into();
                pod.set_condition("PodScheduled", "False", Some("Unschedulable"), Some(&msg), ctx.now);
                changed |= pod.status.conditions != before;
                kube.scheduler.unschedulable.insert(key.clone(), (kube.scheduler.epoch, ctx.now));
                ctx.event(EventType::Warning, obj, "FailedScheduling", msg, "default-scheduler");
            }
        }
        kube.scheduler.decisions.push_back(Arc::new(decision));
        if kube.scheduler.decisions.len() > DECISIONS_KEPT {
            kube.scheduler.decisions.pop_front();
        }
    }
    changed
}

/// Whether `pod` could be bound to `node` by hand: the same filters, in the
/// scheduler's words, plus the node's readiness.
pub fn check_fit(kube: &Kube, pod: &Pod, node: &Node) -> Result<(), Vec<String>> {
    let usage = usage(kube);
    let used = usage.get(node.name()).cloned().unwrap_or_default();
    let mut reasons = Vec::new();
    if !node.is_ready() {
        reasons.push("node(s) were not ready".to_string());
    }
    reasons.extend(filter(node, &used, pod));
    if reasons.is_empty() { Ok(()) } else { Err(reasons) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizations_and_topology_weights() {
        // DefaultNormalizeScore: 100 × s / max, integer division; all zero stays zero.
        assert_eq!(default_normalize(&[80, 100, 0]), [80, 100, 0]);
        assert_eq!(default_normalize(&[3, 7, 0]), [42, 100, 0]);
        assert_eq!(default_normalize(&[0, 0]), [0, 0]);
        // PodTopologySpread: 100 × (max + min − s) / max; 100 for all when max is 0.
        assert_eq!(topology_spread_normalize(&[5, 4, 2]), [40, 60, 100]);
        assert_eq!(topology_spread_normalize(&[0, 0]), [100, 100]);
        // ln(n + 2) and count × weight + maxSkew − 1.
        assert!((topology_normalizing_weight(3) - 5f64.ln()).abs() < 1e-12);
        assert_eq!(score_for_count(2, 3, 5f64.ln()).round(), 5.0);
        assert_eq!(score_for_count(0, 5, 4f64.ln()), 4.0);
    }

    #[test]
    fn least_allocated_uses_integer_division() {
        // 4 cores allocatable, 1.1 requested: (4000 - 1100) * 100 / 4000 = 72 (72.5 truncated).
        assert_eq!(least_allocated(1100, 4000), 72);
        assert_eq!(least_allocated(5000, 4000), 0);
        assert_eq!(least_allocated(0, 0), 0);
    }

    #[test]
    fn balanced_allocation_from_the_fraction_gap() {
        // cpu 50 %, memory 25 %: std = 0.125, score = int(87.5) = 87.
        assert_eq!(balanced_allocation(2000, 4000, 2 << 30, 8 << 30), 87);
        assert_eq!(balanced_allocation(1000, 4000, 2 << 30, 8 << 30), 100);
    }

    #[test]
    fn adaptive_percentage_of_nodes_to_score() {
        // Every node below 100; 50 % - n/125, at least 5 % and at least 100 nodes.
        assert_eq!(num_feasible_nodes_to_find(0), 0);
        assert_eq!(num_feasible_nodes_to_find(99), 99);
        assert_eq!(num_feasible_nodes_to_find(100), 100);
        assert_eq!(num_feasible_nodes_to_find(250), 120);
        assert_eq!(num_feasible_nodes_to_find(1_000), 420);
        assert_eq!(num_feasible_nodes_to_find(5_000), 500);
        assert_eq!(num_feasible_nodes_to_find(6_000), 300);
        assert_eq!(num_feasible_nodes_to_find(10_000), 500);
    }

    #[test]
    fn verdicts_are_saved_as_arrays_with_plugin_numbers_and_read_back() {
        let passed = NodeVerdict {
            node: "node-07".into(),
            filter: None,
            reasons: vec![],
            scores: vec![
                PluginScore { plugin: Plugin::NodeResourcesFit, score: 71, raw: None },
                PluginScore { plugin: Plugin::NodeResourcesBalancedAllocation, score: 87, raw: None },
                PluginScore { plugin: Plugin::TaintToleration, score: 100, raw: None },
                PluginScore { plugin: Plugin::PodTopologySpread, score: 40, raw: Some(5) },
            ],
        };
        // 71 × 1 + 87 × 1 + 100 × 3 + 40 × 2.
        assert_eq!(passed.total(), 538);
        let refused = NodeVerdict {
            node: "node-08".into(),
            filter: Some(Plugin::NodeResourcesFit),
            reasons: vec!["Too many pods".into(), "Insufficient cpu".into()],
            scores: vec![],
        };
        let compact = crate::to_json::to_string(&[&passed, &refused][..]);
        assert_eq!(compact, r#"[["node-07",[[4,71],[5,87],[1,100],[6,40,5]]],["node-08",4,["Too many pods","Insufficient cpu"]]]"#);
        // The form written before: the same two verdicts in 404 bytes instead of 97.
        let verbose = r#"[{"node":"node-07","reasons":[],"scores":[{"plugin":"NodeResourcesFit","score":71,"weight":1},{"plugin":"NodeResourcesBalancedAllocation","score":87,"weight":1},{"plugin":"TaintToleration","score":100,"weight":3},{"plugin":"PodTopologySpread","score":40,"weight":2,"raw":5}],"total":538},{"node":"node-08","filter":"NodeResourcesFit","reasons":["Too many pods","Insufficient cpu"],"scores":[],"total":0}]"#;
        assert_eq!((compact.len(), verbose.len()), (97, 404));
        for text in [compact.as_str(), verbose] {
            let read: Vec<NodeVerdict> = crate::from_value::from_json(text).unwrap();
            assert_eq!(read, [passed.clone(), refused.clone()]);
        }
        // Wrong shapes are refused with where and what.
        let e = crate::from_value::from_json::<Vec<NodeVerdict>>(r#"[["node-07",[[9,71]]]]"#).unwrap_err();
        assert_eq!((e.path.as_str(), e.message.as_str()), ("[0][1][0][0]", "unknown scheduler plugin number 9, expected 0 to 6"));
        let e = crate::from_value::from_json::<Vec<NodeVerdict>>(r#"[["node-07"]]"#).unwrap_err();
        assert_eq!((e.path.as_str(), e.message.as_str()), ("[0]", "invalid length 1, expected a node verdict of 2 or 3 elements"));
        let e = crate::from_value::from_json::<Vec<NodeVerdict>>(r#"[{"node":"n","reasons":[],"scores":[{"plugin":"Nope","score":1,"weight":1}],"total":1}]"#).unwrap_err();
        assert_eq!(e.path, "[0].scores[0].plugin");
    }

    #[test]
    fn failure_message_counts_and_sorts_reasons() {
        let v = |r: &[&str]| NodeVerdict { node: "n".into(), filter: None, reasons: r.iter().map(|s| s.to_string()).collect(), scores: vec![] };
        let verdicts = vec![
            v(&["node(s) had untolerated taint {dedicated: gpu}"]),
            v(&["Insufficient cpu"]),
            v(&["node(s) had untolerated taint {dedicated: gpu}"]),
        ];
        assert_eq!(
            unschedulable_message(3, &verdicts),
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}."
        );
    }
}
