//! Reading a scenario file: YAML into raw structs (unknown keys refused, with
//! serde_norway's line and column), then checked into a [`Scenario`], with
//! positions found in the text for errors that only show after reading.

use crate::position::{find_key_in, list_items, Pos};
use crate::ScenarioError;
use podium_engine::clock::{format_duration, parse_duration};
use podium_engine::kube::node::Taint;
use podium_engine::kube::selector::Selector;
use podium_engine::{NodeConfig, NodeGroup, Resource, Sim};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The only scenario format version so far (`version: 1`, optional).
pub const FORMAT_VERSION: u32 = 1;

// ---------------------------------------------------------------------------
// The file as written.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    version: Option<u32>,
    name: String,
    description: Option<String>,
    seed: Option<u64>,
    #[serde(default)]
    cluster: RawCluster,
    steps: Vec<RawStep>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawCluster {
    #[serde(default)]
    nodes: Vec<RawNode>,
    #[serde(default)]
    node_groups: Vec<RawNodeGroup>,
}

/// A Cluster Autoscaler node group: `min` nodes at the start, the autoscaler adds up to `max`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawNodeGroup {
    name: String,
    min: usize,
    max: usize,
    cpu: String,
    memory: String,
    max_pods: Option<i64>,
    zone: Option<String>,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    taints: Vec<RawTaint>,
    boot_time: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawNode {
    name: Option<String>,
    count: Option<u32>,
    name_prefix: Option<String>,
    cpu: String,
    memory: String,
    max_pods: Option<i64>,
    zone: Option<String>,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    taints: Vec<RawTaint>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaint {
    key: String,
    #[serde(default)]
    value: String,
    effect: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    kubectl: Option<String>,
    apply: Option<RawApply>,
    wait: Option<String>,
    kill: Option<RawKill>,
    bind: Option<RawBind>,
    expect: Option<RawExpect>,
    load: Option<RawLoad>,
    health: Option<RawHealth>,
    fails: Option<bool>,
    error: Option<String>,
    note: Option<String>,
}

/// `apply: |` (the manifest) or `apply: {namespace: shop, manifest: |...}`.
struct RawApply(RawApplyMap);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApplyMap {
    manifest: String,
    namespace: Option<String>,
}

/// `kill: pod/NAME` / `kill: node/NAME`, or a mapping.
enum RawKill {
    Text(String),
    Map(RawKillMap),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKillMap {
    selector: Option<String>,
    pod: Option<String>,
    node: Option<String>,
    namespace: Option<String>,
    count: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBind {
    pod: String,
    node: String,
    namespace: Option<String>,
}

/// `load: {selector: "app=web", namespace: NS, cpu: 500m, memory: 300Mi}`, or traffic to a
/// Service: `load: {service: web, namespace: NS, rps: 200, cpuPerRequest: 2m}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawLoad {
    selector: Option<String>,
    service: Option<String>,
    namespace: Option<String>,
    cpu: Option<String>,
    memory: Option<String>,
    rps: Option<i64>,
    cpu_per_request: Option<String>,
}

/// `health: {selector: "app=web", namespace: NS, readiness: fail, liveness: ok}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHealth {
    selector: String,
    namespace: Option<String>,
    readiness: Option<String>,
    liveness: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    kubectl: String,
    equals: Option<String>,
    contains: Option<String>,
    matches: Option<String>,
    count: Option<u64>,
}

/// A string, or a mapping read into `M` (so unknown keys in it keep their place).
struct StrOrMap<M>(std::marker::PhantomData<M>);

enum Either<M> {
    Str(String),
    Map(M),
}

impl<'de, M: Deserialize<'de>> Visitor<'de> for StrOrMap<M> {
    type Value = Either<M>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a mapping")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Either::Str(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        M::deserialize(de::value::MapAccessDeserializer::new(map)).map(Either::Map)
    }
}

impl<'de> Deserialize<'de> for RawApply {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match d.deserialize_any(StrOrMap::<RawApplyMap>(std::marker::PhantomData))? {
            Either::Str(manifest) => RawApply(RawApplyMap { manifest, namespace: None }),
            Either::Map(m) => RawApply(m),
        })
    }
}

impl<'de> Deserialize<'de> for RawKill {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match d.deserialize_any(StrOrMap::<RawKillMap>(std::marker::PhantomData))? {
            Either::Str(s) => RawKill::Text(s),
            Either::Map(m) => RawKill::Map(m),
        })
    }
}

// ---------------------------------------------------------------------------
// The checked scenario.

/// A parsed, checked scenario: ready to run.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub description: Option<String>,
    pub seed: u64,
    /// The cluster's machines, `count` already expanded.
    pub nodes: Vec<NodeSpec>,
    /// Cluster Autoscaler node groups (`cluster.nodeGroups`), added after the nodes.
    pub node_groups: Vec<NodeGroup>,
    pub steps: Vec<Step>,
}

/// One machine of `cluster.nodes`, with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeSpec {
    pub config: NodeConfig,
    pub line: usize,
}

/// One step, with its place in the file.
#[derive(Clone, Debug)]
pub struct Step {
    /// Line and column of the step's first key (`kubectl` in `- kubectl: ...`).
    pub line: usize,
    pub column: usize,
    pub action: StepAction,
    /// `fails: true`: the cluster must refuse this step.
    pub fails: bool,
    /// `error: TEXT`: the refusal must contain TEXT (implies `fails`).
    pub error: Option<String>,
    /// `note:` free text for a reader (the board shows it; the CLI prints it as a comment).
    pub note: Option<String>,
}

#[derive(Clone, Debug)]
pub enum StepAction {
    /// A kubectl command line, without the leading `kubectl`.
    Kubectl(String),
    Apply(ApplyStep),
    /// Advance the virtual clock by this many seconds.
    Wait(u64),
    Kill(KillTarget),
    Bind(BindStep),
    Expect(Expect),
    /// Simulation only: what matching pods' containers use (`Action::SetLoad`).
    Load(LoadStep),
    /// Simulation only: whether matching pods' probes succeed (`Action::SetHealth`).
    Health(HealthStep),
    /// Simulation only: requests per second to a Service (`Action::SetTraffic`).
    Traffic(TrafficStep),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficStep {
    pub service: String,
    pub namespace: String,
    pub rps: i64,
    pub cpu_per_request: Option<podium_engine::quantity::Quantity>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadStep {
    pub selector: Selector,
    pub namespace: String,
    pub cpu: Option<podium_engine::quantity::Quantity>,
    pub memory: Option<podium_engine::quantity::Quantity>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthStep {
    pub selector: Selector,
    pub namespace: String,
    pub readiness: Option<bool>,
    pub liveness: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyStep {
    pub manifest: String,
    pub namespace: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KillTarget {
    Pod { namespace: String, name: String },
    Node { name: String },
    /// The first `count` active pods matching, by name.
    Selector { selector: Selector, namespace: String, count: u32 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindStep {
    pub pod: String,
    pub node: String,
    pub namespace: String,
}

/// `expect:` one kubectl command and one matcher.
#[derive(Clone, Debug)]
pub struct Expect {
    /// The command line, without the leading `kubectl`.
    pub command: String,
    pub matcher: Matcher,
}

#[derive(Clone, Debug)]
pub enum Matcher {
    /// Standard output, trimmed, equals this.
    Equals(String),
    /// Standard output and standard error together contain this.
    Contains(String),
    /// Standard output and standard error together (without the final newline)
    /// match this regular expression.
    Matches(regex::Regex),
    /// Standard output has this many whitespace-separated words.
    Count(u64),
}

impl Matcher {
    /// What is expected, for reports: `equals "3"`, `count 3`.
    pub fn describe(&self) -> String {
        match self {
            Matcher::Equals(s) => format!("equals {s:?}"),
            Matcher::Contains(s) => format!("contains {s:?}"),
            Matcher::Matches(r) => format!("matches /{}/", r.as_str()),
            Matcher::Count(n) => format!("count {n}"),
        }
    }
}

fn strip_kubectl(line: &str) -> String {
    let t = line.trim();
    match t.strip_prefix("kubectl") {
        Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => rest.trim().to_string(),
        _ => t.to_string(),
    }
}

impl Step {
    /// One line saying what the step does: `kubectl get pods -n shop`, `wait 90s`.
    pub fn description(&self) -> String {
        match &self.action {
            StepAction::Kubectl(c) => format!("kubectl {c}"),
            StepAction::Apply(a) => {
                let mut s = String::from("kubectl apply");
                if let Some(ns) = &a.namespace {
                    s.push_str(&format!(" -n {ns}"));
                }
                s.push_str(" -f -");
                if let Ok(docs) = podium_engine::kube::manifest::decode(&a.manifest) {
                    let names: Vec<String> =
                        docs.iter().map(|d| format!("{}/{}", d.object.kind().to_lowercase(), d.object.meta().name)).collect();
                    if !names.is_empty() {
                        s.push_str(&format!(" ({})", names.join(", ")));
                    }
                }
                s
            }
            StepAction::Wait(secs) => format!("wait {}", format_duration(*secs)),
            StepAction::Kill(KillTarget::Pod { namespace, name }) => format!("kill pod {name} -n {namespace}"),
            StepAction::Kill(KillTarget::Node { name }) => format!("kill node {name}"),
            StepAction::Kill(KillTarget::Selector { selector, namespace, count }) => {
                let what = if *count == 1 { "1 pod".to_string() } else { format!("{count} pods") };
                format!("kill {what} -l {selector} -n {namespace}")
            }
            StepAction::Bind(b) => format!("bind pod {} to node {} -n {}", b.pod, b.node, b.namespace),
            StepAction::Expect(e) => format!("kubectl {}", e.command),
            StepAction::Load(l) => {
                let mut parts = Vec::new();
                if let Some(c) = &l.cpu {
                    parts.push(format!("cpu {c}"));
                }
                if let Some(m) = &l.memory {
                    parts.push(format!("memory {m}"));
                }
                format!("load {} -l {} -n {}", parts.join(" "), l.selector, l.namespace)
            }
            StepAction::Traffic(t) => {
                let cost = t.cpu_per_request.as_ref().map(|c| format!(" cpu {c} per request")).unwrap_or_default();
                format!("load {} rps{cost} -> service {} -n {}", t.rps, t.service, t.namespace)
            }
            StepAction::Health(h) => {
                let word = |b: bool| if b { "ok" } else { "fail" };
                let mut parts = Vec::new();
                if let Some(r) = h.readiness {
                    parts.push(format!("readiness {}", word(r)));
                }
                if let Some(l) = h.liveness {
                    parts.push(format!("liveness {}", word(l)));
                }
                format!("health {} -l {} -n {}", parts.join(" "), h.selector, h.namespace)
            }
        }
    }

    /// What the step must show, if anything beyond succeeding: the matcher of an
    /// `expect`, or `refused` / `refused with "TEXT"` for `fails: true`.
    pub fn expectation(&self) -> Option<String> {
        if let StepAction::Expect(e) = &self.action {
            return Some(e.matcher.describe());
        }
        match (&self.error, self.fails) {
            (Some(t), _) => Some(format!("refused with {t:?}")),
            (None, true) => Some("refused".into()),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------
// Checking.

fn yaml_error(e: serde_norway::Error) -> ScenarioError {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let mut message = e.to_string();
    // The place is in `line` and `column`; drop it from the text, but keep
    // libyaml's context (`, while parsing a flow mapping at line 4 column 7`).
    if let Some(i) = message.find(" at line ") {
        let rest = &message[i + " at line ".len()..];
        let end = rest.find(',').map_or(message.len(), |j| i + " at line ".len() + j);
        message.replace_range(i..end, "");
    }
    ScenarioError { line, column, message }
}

impl Scenario {
    /// Reads and checks a scenario; nothing runs yet.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        let raw: RawScenario = serde_norway::from_str(text).map_err(yaml_error)?;
        if let Some(v) = raw.version {
            if v != FORMAT_VERSION {
                let pos = find_key_in(text, 0..text.lines().count(), "version").unwrap_or((1, 1));
                return Err(ScenarioError::at(pos.0, pos.1, format!("unsupported scenario format version {v} (this podium reads version {FORMAT_VERSION})")));
            }
        }
        if raw.name.trim().is_empty() {
            let pos = find_key_in(text, 0..text.lines().count(), "name").unwrap_or((1, 1));
            return Err(ScenarioError::at(pos.0, pos.1, "name must not be empty"));
        }
        let seed = raw.seed.unwrap_or(1);
        let nodes = check_nodes(text, raw.cluster.nodes, seed)?;
        let node_groups = check_node_groups(text, raw.cluster.node_groups, seed, &nodes)?;
        let (steps_key, items) = list_items(text, &["steps"]);
        let items = if items.len() == raw.steps.len() { items } else { Vec::new() };
        let fallback = steps_key.unwrap_or((1, 1));
        let mut steps = Vec::new();
        for (i, s) in raw.steps.into_iter().enumerate() {
            let (pos, range) = items.get(i).cloned().unwrap_or((fallback, 0..0));
            steps.push(check_step(text, s, pos, range, i)?);
        }
        Ok(Scenario { name: raw.name, description: raw.description, seed, nodes, node_groups, steps })
    }

    /// A fresh simulation with this scenario's seed and nodes.
    pub fn build_sim(&self) -> Sim {
        let mut sim = Sim::new(self.seed);
        for n in &self.nodes {
            sim.add_node(&n.config).expect("nodes are checked by Scenario::parse");
        }
        for g in &self.node_groups {
            sim.add_node_group(g).expect("node groups are checked by Scenario::parse");
        }
        sim
    }
}

/// A machine's shape, as `cluster.nodes` and `cluster.nodeGroups` both write it; an error
/// names the key it belongs to, so the caller can place it.
fn node_shape(
    name: &str,
    cpu: &str,
    memory: &str,
    max_pods: Option<i64>,
    zone: &Option<String>,
    labels: &BTreeMap<String, String>,
    taints: &[RawTaint],
) -> Result<NodeConfig, (&'static str, String)> {
    let mut cfg = NodeConfig::new(name, cpu, memory).map_err(|e| (if e.starts_with("cpu") { "cpu" } else { "memory" }, e))?;
    if let Some(m) = max_pods {
        if m < 1 {
            return Err(("maxPods", "maxPods must be at least 1".into()));
        }
        cfg.max_pods = m;
    }
    cfg.zone = zone.clone();
    cfg.labels = labels.clone();
    cfg.taints = check_taints(taints)?;
    Ok(cfg)
}

fn check_taints(raw: &[RawTaint]) -> Result<Vec<Taint>, (&'static str, String)> {
    let mut out = Vec::new();
    for t in raw {
        if !matches!(t.effect.as_str(), "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
            return Err(("effect", format!("taint effect {:?} is not one of NoSchedule, PreferNoSchedule, NoExecute", t.effect)));
        }
        if t.key.is_empty() {
            return Err(("taints", "a taint needs a key".into()));
        }
        out.push(Taint { key: t.key.clone(), value: t.value.clone(), effect: t.effect.clone(), time_added: None });
    }
    Ok(out)
}

fn check_node_groups(text: &str, raw: Vec<RawNodeGroup>, seed: u64, nodes: &[NodeSpec]) -> Result<Vec<NodeGroup>, ScenarioError> {
    let (key, items) = list_items(text, &["cluster", "nodeGroups"]);
    let items = if items.len() == raw.len() { items } else { Vec::new() };
    let fallback = key.unwrap_or((1, 1));
    let mut sim = Sim::new(seed);
    for n in nodes {
        sim.add_node(&n.config).map_err(|e| ScenarioError::at(n.line, 1, e.to_string()))?;
    }
    let mut out = Vec::new();
    for (i, g) in raw.into_iter().enumerate() {
        let (pos, range) = items.get(i).cloned().unwrap_or((fallback, 0..0));
        let at = |key: &str| find_key_in(text, range.clone(), key).unwrap_or(pos);
        let err = |p: Pos, m: String| ScenarioError::at(p.0, p.1, format!("cluster.nodeGroups[{i}]: {m}"));
        let cfg = node_shape(&format!("{}-template", g.name), &g.cpu, &g.memory, g.max_pods, &g.zone, &g.labels, &g.taints)
            .map_err(|(k, m)| err(at(k), m))?;
        let mut group = NodeGroup::new(&g.name, g.min, g.max, cfg);
        if let Some(b) = &g.boot_time {
            group.boot_seconds = parse_duration(b).map_err(|e| err(at("bootTime"), e))?;
        }
        if g.min > g.max {
            return Err(err(at("min"), format!("min ({}) is above max ({})", g.min, g.max)));
        }
        let key = if g.max == 0 { "max" } else { "name" };
        sim.add_node_group(&group).map_err(|e| err(at(key), e.to_string()))?;
        out.push(group);
    }
    Ok(out)
}

fn check_nodes(text: &str, raw: Vec<RawNode>, seed: u64) -> Result<Vec<NodeSpec>, ScenarioError> {
    let (key, items) = list_items(text, &["cluster", "nodes"]);
    let items = if items.len() == raw.len() { items } else { Vec::new() };
    let fallback = key.unwrap_or((1, 1));
    let mut out = Vec::new();
    let mut sim = Sim::new(seed);
    let mut seen = BTreeSet::new();
    for (i, n) in raw.into_iter().enumerate() {
        let (pos, range) = items.get(i).cloned().unwrap_or((fallback, 0..0));
        let at = |key: &str| find_key_in(text, range.clone(), key).unwrap_or(pos);
        let err = |p: Pos, m: String| ScenarioError::at(p.0, p.1, format!("cluster.nodes[{i}]: {m}"));
        let names: Vec<String> = match (&n.name, n.count, &n.name_prefix) {
            (Some(_), Some(_), _) => return Err(err(at("count"), "give either `name` or `count` with `namePrefix`, not both".into())),
            (Some(_), None, Some(_)) => return Err(err(at("namePrefix"), "`namePrefix` goes with `count`, not with `name`".into())),
            (Some(name), None, None) => vec![name.clone()],
            (None, Some(c), Some(prefix)) => {
                if c == 0 {
                    return Err(err(at("count"), "count must be at least 1".into()));
                }
                (1..=c).map(|k| format!("{prefix}-{k}")).collect()
            }
            (None, Some(_), None) => return Err(err(at("count"), "`count` needs a `namePrefix` (nodes are named PREFIX-1, PREFIX-2, ...)".into())),
            (None, None, _) => return Err(err(pos, "a node needs a `name`, or a `count` and a `namePrefix`".into())),
        };
        for name in names {
            let cfg = node_shape(&name, &n.cpu, &n.memory, n.max_pods, &n.zone, &n.labels, &n.taints)
                .map_err(|(k, m)| err(at(k), m))?;
            if !seen.insert(name.clone()) {
                return Err(err(pos, format!("node {name:?} is declared twice")));
            }
            sim.add_node(&cfg).map_err(|e| err(at(if n.name.is_some() { "name" } else { "namePrefix" }), e.to_string()))?;
            out.push(NodeSpec { config: cfg, line: pos.0 });
        }
    }
    Ok(out)
}

fn check_step(text: &str, s: RawStep, pos: Pos, range: std::ops::Range<usize>, i: usize) -> Result<Step, ScenarioError> {
    let at = |key: &str| find_key_in(text, range.clone(), key).unwrap_or(pos);
    let err = |p: Pos, m: String| ScenarioError::at(p.0, p.1, format!("steps[{i}]: {m}"));
    let mut present: Vec<&str> = Vec::new();
    for (k, set) in [
        ("kubectl", s.kubectl.is_some()),
        ("apply", s.apply.is_some()),
        ("wait", s.wait.is_some()),
        ("kill", s.kill.is_some()),
        ("bind", s.bind.is_some()),
        ("expect", s.expect.is_some()),
        ("load", s.load.is_some()),
        ("health", s.health.is_some()),
    ] {
        if set {
            present.push(k);
        }
    }
    if present.len() != 1 {
        let m = if present.is_empty() {
            "a step needs one of kubectl, apply, wait, kill, bind, expect, load, health".to_string()
        } else {
            format!("a step does one thing, this one has {}", present.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and "))
        };
        return Err(err(if present.len() > 1 { at(present[1]) } else { pos }, m));
    }
    let action = if let Some(c) = s.kubectl {
        let c = strip_kubectl(&c);
        if c.is_empty() {
            return Err(err(at("kubectl"), "empty kubectl command".into()));
        }
        StepAction::Kubectl(c)
    } else if let Some(RawApply(a)) = s.apply {
        if a.manifest.trim().is_empty() {
            return Err(err(at("apply"), "empty manifest".into()));
        }
        StepAction::Apply(ApplyStep { manifest: a.manifest, namespace: a.namespace })
    } else if let Some(w) = s.wait {
        StepAction::Wait(parse_duration(&w).map_err(|e| err(at("wait"), e))?)
    } else if let Some(k) = s.kill {
        StepAction::Kill(check_kill(k).map_err(|e| err(at("kill"), e))?)
    } else if let Some(b) = s.bind {
        let namespace = b.namespace.unwrap_or_else(|| "default".into());
        StepAction::Bind(BindStep { pod: b.pod, node: b.node, namespace })
    } else if let Some(e) = s.expect {
        let command = strip_kubectl(&e.kubectl);
        if command.is_empty() {
            return Err(err(at("kubectl"), "empty kubectl command".into()));
        }
        let mut matchers = Vec::new();
        if let Some(v) = e.equals {
            matchers.push(("equals", Matcher::Equals(v.trim().to_string())));
        }
        if let Some(v) = e.contains {
            matchers.push(("contains", Matcher::Contains(v)));
        }
        if let Some(v) = e.matches {
            let re = regex::Regex::new(&v).map_err(|x| err(at("matches"), format!("bad regular expression: {x}")))?;
            matchers.push(("matches", Matcher::Matches(re)));
        }
        if let Some(n) = e.count {
            matchers.push(("count", Matcher::Count(n)));
        }
        if matchers.len() != 1 {
            let m = if matchers.is_empty() {
                "an expect needs one of equals, contains, matches, count".to_string()
            } else {
                format!("an expect takes one matcher, this one has {}", matchers.iter().map(|(k, _)| format!("`{k}`")).collect::<Vec<_>>().join(" and "))
            };
            return Err(err(if matchers.len() > 1 { at(matchers[1].0) } else { pos }, m));
        }
        StepAction::Expect(Expect { command, matcher: matchers.pop().expect("one").1 })
    } else if let Some(l) = s.load {
        let quantity_at = |key: &str, v: Option<String>| -> Result<Option<podium_engine::quantity::Quantity>, ScenarioError> {
            v.map(|t| podium_engine::quantity::Quantity::parse(&t).map_err(|e| err(at(key), format!("{key} {t:?}: {e}")))).transpose()
        };
        if let Some(service) = l.service {
            if l.selector.is_some() || l.cpu.is_some() || l.memory.is_some() {
                return Err(err(at("service"), "a load step names a `service` (with `rps`) or a `selector` (with `cpu`/`memory`), not both".into()));
            }
            let Some(rps) = l.rps else {
                return Err(err(at("service"), "load to a service needs `rps` (requests per second)".into()));
            };
            if rps < 0 {
                return Err(err(at("rps"), format!("rps {rps}: requests per second must be 0 or more")));
            }
            let cpu_per_request = quantity_at("cpuPerRequest", l.cpu_per_request)?;
            StepAction::Traffic(TrafficStep { service, namespace: l.namespace.unwrap_or_else(|| "default".into()), rps, cpu_per_request })
        } else {
            if l.rps.is_some() || l.cpu_per_request.is_some() {
                return Err(err(at("rps"), "`rps` and `cpuPerRequest` go with `service`".into()));
            }
            let Some(selector_text) = l.selector else {
                return Err(err(at("load"), "load needs a `selector` (with `cpu`/`memory`) or a `service` (with `rps`)".into()));
            };
            let selector = Selector::parse(&selector_text).map_err(|e| err(at("selector"), e))?;
            let cpu = quantity_at("cpu", l.cpu)?;
            let memory = quantity_at("memory", l.memory)?;
            if cpu.is_none() && memory.is_none() {
                return Err(err(at("load"), "load needs `cpu`, `memory` or both".into()));
            }
            StepAction::Load(LoadStep { selector, namespace: l.namespace.unwrap_or_else(|| "default".into()), cpu, memory })
        }
    } else if let Some(h) = s.health {
        let selector = Selector::parse(&h.selector).map_err(|e| err(at("selector"), e))?;
        let word = |key: &str, v: Option<String>| -> Result<Option<bool>, ScenarioError> {
            match v.as_deref() {
                None => Ok(None),
                Some("ok") => Ok(Some(true)),
                Some("fail") => Ok(Some(false)),
                Some(other) => Err(err(at(key), format!("{key} {other:?}: write ok or fail"))),
            }
        };
        let readiness = word("readiness", h.readiness)?;
        let liveness = word("liveness", h.liveness)?;
        if readiness.is_none() && liveness.is_none() {
            return Err(err(at("health"), "health needs `readiness`, `liveness` or both".into()));
        }
        StepAction::Health(HealthStep { selector, namespace: h.namespace.unwrap_or_else(|| "default".into()), readiness, liveness })
    } else {
        unreachable!("one action is present")
    };
    let refusable = !matches!(action, StepAction::Wait(_) | StepAction::Expect(_));
    if !refusable && (s.fails.is_some() || s.error.is_some()) {
        let key = if s.fails.is_some() { "fails" } else { "error" };
        let m = format!("`{key}` applies to kubectl, apply, kill, bind, load and health steps, not to `{}`", present[0]);
        return Err(err(at(key), m));
    }
    if s.fails == Some(false) && s.error.is_some() {
        return Err(err(at("error"), "`error` expects a refusal, but `fails` is false".into()));
    }
    let fails = s.fails.unwrap_or(false) || s.error.is_some();
    Ok(Step { line: pos.0, column: pos.1, action, fails, error: s.error, note: s.note })
}

fn check_kill(k: RawKill) -> Result<KillTarget, String> {
    match k {
        RawKill::Text(t) => {
            let t = t.trim();
            let (kind, name) = t.split_once('/').ok_or_else(|| format!("kill {t:?}: write pod/NAME or node/NAME"))?;
            match Resource::parse(kind) {
                Some(Resource::Pod) if !name.is_empty() => Ok(KillTarget::Pod { namespace: "default".into(), name: name.into() }),
                Some(Resource::Node) if !name.is_empty() => Ok(KillTarget::Node { name: name.into() }),
                _ => Err(format!("kill {t:?}: write pod/NAME or node/NAME")),
            }
        }
        RawKill::Map(m) => {
            let namespace = m.namespace.clone().unwrap_or_else(|| "default".into());
            match (m.selector, m.pod, m.node) {
                (Some(sel), None, None) => {
                    let count = m.count.unwrap_or(1);
                    if count == 0 {
                        return Err("count must be at least 1".into());
                    }
                    Ok(KillTarget::Selector { selector: Selector::parse(&sel)?, namespace, count })
                }
                (None, Some(name), None) if m.count.is_none() => Ok(KillTarget::Pod { namespace, name }),
                (None, None, Some(name)) if m.count.is_none() && m.namespace.is_none() => Ok(KillTarget::Node { name }),
                (None, None, Some(_)) if m.namespace.is_some() => Err("nodes have no namespace".into()),
                (None, Some(_), None) | (None, None, Some(_)) => Err("`count` goes with `selector`".into()),
                _ => Err("kill takes one of `selector`, `pod`, `node`".into()),
            }
        }
    }
}
