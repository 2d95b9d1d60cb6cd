//! Property tests: random sequences of learner actions (apply, scale, roll out a new
//! image, kill pods and nodes, bind by hand, add nodes, wait), with the engine's
//! invariants checked after every step (and after every tick of a wait):
//!
//! (a) no node holds more requests than it can allocate (cpu, memory, pods);
//! (b) Endpoints list exactly the matching, existing, non-terminating pods, ready ones
//!     as addresses and the rest as notReadyAddresses;
//! (c) rolling-update budgets, as far as upstream guarantees them (see `Budgets`);
//! (d) with enough capacity and a long wait, every ReplicaSet reaches its replicas, ready;
//! (e) the state after a step is a fixed point: a further `settle` takes one pass and
//!     changes nothing;
//! (f) a refused action leaves `state_hash()` unchanged;
//! (g) the same seed and steps give the same `state_hash()`;
//! (h) a Deployment under a HorizontalPodAutoscaler is within the HPA's bounds once the HPA
//!     has synced since the last manual change (see `check_hpas`).
//!
//! Bounded so the whole file runs in a few seconds in a debug build: 32 cases of at most
//! 30 steps. `PROPTEST_CASES=N` runs more.

use podium_engine::kube::controllers::endpoints;
use podium_engine::kube::manifest::decode;
use podium_engine::kube::pod::Pod;
use podium_engine::kube::scheduler;
use podium_engine::kube::selector::Selector;
use podium_engine::kube::workloads::resolve_fenceposts;
use podium_engine::kube::Key;
use podium_engine::quantity::Quantity;
use podium_engine::clock::SimTime;
use podium_engine::{Action, NodeConfig, Resource, Sim};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const NAMES: [&str; 3] = ["web", "api", "db"];
const IMAGES: [&str; 3] = ["nginx:1.27", "nginx:1.28", "nginx:1.29"];
/// maxSurge / maxUnavailable values: ints and percentages; both 0 is refused (validation).
const BUDGETS: [&str; 7] = ["0", "1", "2", "25%", "50%", "100%", "0%"];

#[derive(Clone, Debug)]
struct Spec {
    dep: usize,
    replicas: i64,
    cpu_m: i64,
    mem_mi: i64,
    surge: usize,
    unavailable: usize,
    image: usize,
}

#[derive(Clone, Debug)]
enum Step {
    Apply(Spec),
    Scale { dep: usize, replicas: i64 },
    /// A new image for an existing Deployment, all else kept: a rollout.
    SetImage { dep: usize, image: usize },
    KillPod(usize),
    KillNode(usize),
    Bind { pod: usize, node: usize },
    AddNode { cpu: i64, mem_gi: i64, max_pods: i64 },
    Wait(u64),
    /// An `autoscaling/v2` HPA on a Deployment's cpu: target utilization %, min, max - min.
    Hpa { dep: usize, target: i64, min: i64, extra: i64 },
    /// `Action::SetLoad`: cpu (millicores) per container of the Deployment's pods.
    Load { dep: usize, cpu_m: i64 },
}

fn spec() -> impl Strategy<Value = Spec> {
    (0..NAMES.len(), 0i64..8, 100i64..=1500, 64i64..=2048, 0..BUDGETS.len(), 0..BUDGETS.len(), 0..IMAGES.len()).prop_map(
        |(dep, replicas, cpu_m, mem_mi, surge, unavailable, image)| Spec { dep, replicas, cpu_m, mem_mi, surge, unavailable, image },
    )
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => spec().prop_map(Step::Apply),
        2 => (0..NAMES.len(), 0i64..8).prop_map(|(dep, replicas)| Step::Scale { dep, replicas }),
        3 => (0..NAMES.len(), 0..IMAGES.len()).prop_map(|(dep, image)| Step::SetImage { dep, image }),
        2 => any::<usize>().prop_map(Step::KillPod),
        1 => any::<usize>().prop_map(Step::KillNode),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(pod, node)| Step::Bind { pod, node }),
        1 => (1i64..=8, 1i64..=8, prop_oneof![Just(3i64), Just(8), Just(110)])
            .prop_map(|(cpu, mem_gi, max_pods)| Step::AddNode { cpu, mem_gi, max_pods }),
        4 => (1u64..=120).prop_map(Step::Wait),
        2 => (0..NAMES.len(), 30i64..=90, 1i64..=3, 0i64..=6).prop_map(|(dep, target, min, extra)| Step::Hpa { dep, target, min, extra }),
        2 => (0..NAMES.len(), 0i64..=800).prop_map(|(dep, cpu_m)| Step::Load { dep, cpu_m }),
    ]
}

fn budget_yaml(v: &str) -> String {
    if v.ends_with('%') { format!("\"{v}\"") } else { v.to_string() }
}

fn manifest(s: &Spec) -> String {
    let name = NAMES[s.dep];
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  strategy:
    type: RollingUpdate
    rollingUpdate: {{maxSurge: {surge}, maxUnavailable: {unavailable}}}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
      - name: {name}
        image: {image}
        ports: [{{containerPort: 80}}]
        resources:
          requests: {{cpu: {cpu}m, memory: {mem}Mi}}
---
apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector: {{app: {name}}}
  ports: [{{port: 80}}]
",
        replicas = s.replicas,
        surge = budget_yaml(BUDGETS[s.surge]),
        unavailable = budget_yaml(BUDGETS[s.unavailable]),
        image = IMAGES[s.image],
        cpu = s.cpu_m,
        mem = s.mem_mi,
    )
}

fn apply(spec: &Spec) -> Action {
    let objects = decode(&manifest(spec)).expect("generated manifests decode").into_iter().map(|d| d.object).collect();
    Action::Apply { objects, namespace: "default".into() }
}

/// The test's memory of what it applied (the Deployment's spec is also in the store,
/// but a rollout needs the whole manifest again).
#[derive(Clone, Debug, Default)]
struct World {
    applied: BTreeMap<usize, Spec>,
    next_node: usize,
    /// Per Deployment name: the HPA's `next_sync` just before the last manual change of the
    /// Deployment's replicas (`None`: there was no HPA yet). Until the HPA has synced again
    /// (its `next_sync` differs), the replicas may be anywhere.
    replicas_changed: BTreeMap<String, Option<SimTime>>,
    /// The same for the last change of the HPA's own spec (its bounds).
    hpa_changed: BTreeMap<String, Option<SimTime>>,
}

fn hpa_manifest(name: &str, target: i64, min: i64, max: i64) -> String {
    format!(
        "apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {name}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: {name}}}
  minReplicas: {min}
  maxReplicas: {max}
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {{type: Utilization, averageUtilization: {target}}}
"
    )
}

fn next_sync(sim: &Sim, name: &str) -> Option<SimTime> {
    sim.kube().hpa_runtimes.get(&Key::new("default", name)).map(|r| r.next_sync)
}

/// Whether the HPA `name` has synced since the change recorded in `marks`.
fn synced_since(sim: &Sim, marks: &BTreeMap<String, Option<SimTime>>, name: &str) -> bool {
    match (next_sync(sim, name), marks.get(name)) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(now), Some(before)) => Some(now) != *before,
    }
}

/// (h) The HPA controller (`kube/hpa.rs`) only writes a Deployment's replicas on its syncs,
/// every 15 s (and at once when the HPA is created). A sync that finds the target at 0
/// replicas leaves it there (`ScalingDisabled`, upstream too); otherwise it sets the
/// replicas to `desiredReplicas`, which is clamped into [minReplicas, maxReplicas] on every
/// path (above max: max; below min: min; metrics: `normalizeDesiredReplicas`; no metrics:
/// the current count, which is then within the bounds). Between syncs a manual `scale` or
/// an apply of the Deployment may put the replicas anywhere, and a new HPA spec only takes
/// effect at the next sync. So what is guaranteed, and asserted, is:
///
/// * once the HPA has synced since the last manual change of the replicas and of the HPA,
///   `spec.replicas` is 0 or within the bounds;
/// * once it has synced since the last change of the HPA, `status.desiredReplicas` is within
///   the bounds, unless that sync saw 0 replicas (`status.currentReplicas` 0; then desired
///   is 0 too).
fn check_hpas(sim: &Sim, world: &World) {
    let store = &sim.kube().store;
    for name in NAMES {
        let Some(hpa) = store.hpas.get(&Key::new("default", name)) else { continue };
        let (min, max) = (hpa.min_replicas(), hpa.spec.max_replicas);
        if !synced_since(sim, &world.hpa_changed, name) {
            continue;
        }
        let reason = hpa.condition("AbleToScale").map(|c| c.reason.as_str());
        assert_ne!(reason, Some("FailedGetScale"), "HPA {name}: its Deployment is never deleted here");
        let s = &hpa.status;
        if s.current_replicas != 0 {
            assert!((min..=max).contains(&s.desired_replicas), "HPA {name}: desiredReplicas {} outside [{min}, {max}]", s.desired_replicas);
        } else {
            assert_eq!(s.desired_replicas, 0, "HPA {name}: scaling disabled at 0 replicas");
        }
        if synced_since(sim, &world.replicas_changed, name) {
            let r = store.deployments[&Key::new("default", name)].spec.replicas;
            assert!(r == 0 || (min..=max).contains(&r), "Deployment {name}: {r} replicas outside its HPA's [{min}, {max}]");
        }
    }
}

fn node_config(name: &str, cpu: i64, mem_gi: i64, max_pods: i64) -> NodeConfig {
    let mut n = NodeConfig::new(name, &cpu.to_string(), &format!("{mem_gi}Gi")).unwrap();
    n.max_pods = max_pods;
    n
}

fn start(seed: u64, initial: &[(i64, i64, i64)], world: &mut World) -> Sim {
    let mut sim = Sim::new(seed);
    for &(cpu, mem, pods) in initial {
        world.next_node += 1;
        sim.add_node(&node_config(&format!("node-{}", world.next_node), cpu, mem, pods)).unwrap();
    }
    sim
}

/// What a step did, for the invariants that depend on it.
#[derive(Debug, Default)]
struct Effect {
    refused: bool,
    /// A pod or node was killed: availability may drop for reasons outside the controller.
    disruption: bool,
    /// These Deployments' replicas or strategy were changed: their budgets moved.
    rescaled: BTreeSet<String>,
    /// Of those, the ones whose replicas changed and strategy did not: a scaling event,
    /// which proportional scaling (`sync.go` `scale`) brings within the new bound at once.
    resized: BTreeSet<String>,
}

/// Carries out one step, checking (f) for refusals and, during waits, the per-tick
/// invariants after every virtual second.
fn run_step(sim: &mut Sim, world: &mut World, step: &Step, budgets: &mut Budgets, check: bool) -> Effect {
    let mut eff = Effect::default();
    let action = match step {
        Step::Apply(s) => {
            let name = NAMES[s.dep].to_string();
            // Scale steps change replicas behind the manifest's back: compare with the store.
            let live = sim.kube().store.deployments.get(&Key::new("default", name.as_str())).map(|d| d.spec.replicas);
            let changed = world.applied.get(&s.dep).is_none_or(|old| {
                (live, old.surge, old.unavailable) != (Some(s.replicas), s.surge, s.unavailable)
            });
            let same_strategy = world.applied.get(&s.dep).is_some_and(|old| (old.surge, old.unavailable) == (s.surge, s.unavailable));
            if changed && same_strategy && live.is_some() {
                eff.resized.insert(name.clone());
            }
            if changed {
                eff.rescaled.insert(name);
            }
            Some(apply(s))
        }
        // `kubectl set image`: only the image changes; replicas stay as they are now.
        Step::SetImage { dep, image } => world.applied.get(dep).and_then(|s| {
            let d = sim.kube().store.deployments.get(&Key::new("default", NAMES[*dep]))?;
            Some(apply(&Spec { image: *image, replicas: d.spec.replicas, ..s.clone() }))
        }),
        Step::Scale { dep, replicas } => {
            eff.rescaled.insert(NAMES[*dep].to_string());
            let live = sim.kube().store.deployments.get(&Key::new("default", NAMES[*dep])).map(|d| d.spec.replicas);
            if live.is_some_and(|r| r != *replicas) {
                eff.resized.insert(NAMES[*dep].to_string());
            }
            Some(Action::Scale { resource: Resource::Deployment, namespace: "default".into(), name: NAMES[*dep].into(), replicas: *replicas })
        }
        Step::KillPod(i) => {
            eff.disruption = true;
            let pods: Vec<&Key> = sim.kube().store.pods.keys().collect();
            (!pods.is_empty()).then(|| {
                let k = pods[i % pods.len()];
                Action::KillPod { namespace: k.namespace.clone(), name: k.name.clone() }
            })
        }
        Step::KillNode(i) => {
            eff.disruption = true;
            let nodes: Vec<&String> = sim.kube().store.nodes.keys().collect();
            (!nodes.is_empty()).then(|| Action::KillNode { name: nodes[i % nodes.len()].clone() })
        }
        Step::Bind { pod, node } => {
            let pending: Vec<&Key> = sim.kube().store.pods.iter().filter(|(_, p)| p.node().is_none()).map(|(k, _)| k).collect();
            let nodes: Vec<&String> = sim.kube().store.nodes.keys().collect();
            (!pending.is_empty() && !nodes.is_empty()).then(|| {
                let k = pending[pod % pending.len()];
                Action::Bind { namespace: k.namespace.clone(), pod: k.name.clone(), node: nodes[node % nodes.len()].clone() }
            })
        }
        Step::AddNode { cpu, mem_gi, max_pods } => {
            world.next_node += 1;
            sim.add_node(&node_config(&format!("node-{}", world.next_node), *cpu, *mem_gi, *max_pods)).unwrap();
            None
        }
        Step::Wait(secs) => {
            for _ in 0..*secs {
                let before: Vec<Option<i64>> = NAMES.iter().map(|n| replicas(sim, n)).collect();
                sim.tick();
                // An HPA rescale is a scaling event: proportional scaling keeps the spec
                // bound, but the availability floor moves (up: new pods are not ready yet).
                for (name, was) in NAMES.iter().zip(before) {
                    if replicas(sim, name) != was {
                        budgets.floor_armed.remove(*name);
                    }
                }
                if check {
                    check_tick(sim);
                    budgets.check(sim, "during a wait");
                    check_hpas(sim, world);
                }
            }
            None
        }
        Step::Hpa { dep, target, min, extra } => {
            let name = NAMES[*dep];
            sim.kube().store.deployments.contains_key(&Key::new("default", name)).then(|| {
                let objects = decode(&hpa_manifest(name, *target, *min, min + extra))
                    .expect("generated HPAs decode")
                    .into_iter()
                    .map(|d| d.object)
                    .collect();
                Action::Apply { objects, namespace: "default".into() }
            })
        }
        Step::Load { dep, cpu_m } => Some(Action::SetLoad {
            namespace: "default".into(),
            selector: Selector::parse(&format!("app={}", NAMES[*dep])).unwrap(),
            cpu: Some(Quantity::parse(&format!("{cpu_m}m")).unwrap()),
            memory: None,
        }),
    };
    // (h) remember, before the action, where the HPA's sync stood.
    match step {
        Step::Apply(s) => {
            world.replicas_changed.insert(NAMES[s.dep].to_string(), next_sync(sim, NAMES[s.dep]));
        }
        Step::Scale { dep, .. } => {
            world.replicas_changed.insert(NAMES[*dep].to_string(), next_sync(sim, NAMES[*dep]));
        }
        Step::Hpa { dep, .. } => {
            world.hpa_changed.insert(NAMES[*dep].to_string(), next_sync(sim, NAMES[*dep]));
            world.replicas_changed.insert(NAMES[*dep].to_string(), next_sync(sim, NAMES[*dep]));
        }
        _ => {}
    }
    if let Some(action) = action {
        let before = sim.state_hash();
        let replicas_before: Vec<Option<i64>> = NAMES.iter().map(|n| replicas(sim, n)).collect();
        match sim.act(action.clone()) {
            Ok(_) => {
                if let Step::Apply(s) = step {
                    world.applied.insert(s.dep, s.clone());
                }
                // A new HPA syncs at once and may rescale its target: a scaling event.
                for (name, was) in NAMES.iter().zip(replicas_before) {
                    if replicas(sim, name) != was && eff.rescaled.insert(name.to_string()) && was.is_some() {
                        eff.resized.insert(name.to_string());
                    }
                }
            }
            Err(e) => {
                // (f) a refusal changes nothing.
                assert_eq!(sim.state_hash(), before, "refused {action:?} ({e}) changed the state");
                eff.refused = true;
                eff.rescaled.clear();
                eff.resized.clear();
            }
        }
    }
    eff
}

fn replicas(sim: &Sim, name: &str) -> Option<i64> {
    sim.kube().store.deployments.get(&Key::new("default", name)).map(|d| d.spec.replicas)
}

fn resources(p: &Pod) -> (i64, i64) {
    p.spec.containers.iter().fold((0, 0), |(c, m), k| {
        let r = &k.resources.requests;
        (c + r.get("cpu").map_or(0, Quantity::milli), m + r.get("memory").map_or(0, Quantity::value))
    })
}

/// (a) and (b), plus ReplicaSet convergence, cheap enough for every tick.
fn check_tick(sim: &Sim) {
    let store = &sim.kube().store;
    // (a) capacity: bound, non-terminal pods (terminating ones keep their place).
    let mut held: BTreeMap<&str, (i64, i64, i64)> = BTreeMap::new();
    for p in store.pods.values() {
        if let (Some(n), false) = (p.node(), p.is_terminal()) {
            let (c, m) = resources(p);
            let e = held.entry(n).or_default();
            *e = (e.0 + c, e.1 + m, e.2 + 1);
        }
    }
    let usage = scheduler::usage(sim.kube());
    for (name, node) in &store.nodes {
        let (c, m, n) = held.get(name.as_str()).copied().unwrap_or_default();
        assert!(c <= node.allocatable_cpu(), "node {name}: {c}m cpu requested of {}m", node.allocatable_cpu());
        assert!(m <= node.allocatable_memory(), "node {name}: {m} bytes requested of {}", node.allocatable_memory());
        assert!(n <= node.max_pods(), "node {name}: {n} pods of {}", node.max_pods());
        let u = &usage[name];
        assert_eq!((u.cpu, u.memory, u.pods), (c, m, n), "scheduler::usage disagrees for {name}");
    }
    for p in store.pods.values() {
        if let Some(n) = p.node() {
            assert!(store.nodes.contains_key(n), "pod {} bound to unknown node {n}", p.metadata.name);
        }
    }
    // (b) endpoints.
    for (key, svc) in &store.services {
        if svc.spec.selector.is_empty() {
            continue;
        }
        let ep = store.endpoints.get(key).unwrap_or_else(|| panic!("no Endpoints for Service {key}"));
        // The controller's indexed, compare-in-place pass agrees with the plain full scan.
        assert_eq!(ep.subsets, endpoints::endpoints_for(sim.kube(), svc).subsets, "Endpoints {key}");
        let mut listed: BTreeMap<String, bool> = BTreeMap::new();
        for s in &ep.subsets {
            for (addrs, ready) in [(&s.addresses, true), (&s.not_ready_addresses, false)] {
                for a in addrs {
                    let r = a.target_ref.as_ref().expect("addresses name their pod");
                    let pk = Key::new(r.namespace.clone(), r.name.clone());
                    let pod = store.pods.get(&pk).unwrap_or_else(|| panic!("Endpoints {key} list {pk}, which does not exist"));
                    assert!(svc.spec.selector.iter().all(|(k, v)| pod.metadata.labels.get(k) == Some(v)), "{pk} does not match {key}");
                    assert!(!pod.is_terminating() && !pod.is_terminal(), "Endpoints {key} list terminating {pk}");
                    assert_eq!(pod.is_ready(), ready, "{pk} listed as ready={ready} in {key}");
                    assert_eq!(pod.status.pod_ip.as_deref(), Some(a.ip.as_str()), "{pk}'s address in {key}");
                    assert!(listed.insert(pk.name.clone(), ready).is_none(), "{pk} listed twice in {key}");
                }
            }
        }
        // ... and every pod that should be there is.
        for (pk, pod) in &store.pods {
            let should = pk.namespace == key.namespace
                && svc.spec.selector.iter().all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
                && !pod.is_terminating()
                && !pod.is_terminal()
                && pod.status.pod_ip.is_some();
            assert_eq!(listed.contains_key(&pk.name), should, "{pk} in Endpoints {key}");
        }
    }
    // ReplicaSets have created or deleted the difference at once.
    for (k, rs) in &store.replica_sets {
        let active = store
            .pods
            .values()
            .filter(|p| p.is_active() && p.metadata.controller().is_some_and(|o| o.uid == rs.metadata.uid))
            .count() as i64;
        assert_eq!(active, rs.spec.replicas, "ReplicaSet {k}: {active} active pods for {} replicas", rs.spec.replicas);
    }
}

/// A Deployment's ReplicaSets: (spec replicas summed, active pods, available pods,
/// whether any active pod sits on a dead machine).
fn deployment_counts(sim: &Sim, name: &str) -> Option<(i64, i64, i64, bool)> {
    let store = &sim.kube().store;
    let d = store.deployments.get(&Key::new("default", name))?;
    let uids: BTreeSet<&str> = store
        .replica_sets
        .values()
        .filter(|rs| rs.metadata.controller().is_some_and(|o| o.uid == d.metadata.uid))
        .map(|rs| rs.metadata.uid.as_str())
        .collect();
    let spec: i64 = store
        .replica_sets
        .values()
        .filter(|rs| uids.contains(rs.metadata.uid.as_str()))
        .map(|rs| rs.spec.replicas)
        .sum();
    let (mut active, mut available, mut on_dead) = (0, 0, false);
    for p in store.pods.values() {
        if !p.is_active() || !p.metadata.controller().is_some_and(|o| uids.contains(o.uid.as_str())) {
            continue;
        }
        active += 1;
        // minReadySeconds is 0 here: available = ready.
        if p.is_ready() {
            available += 1;
        }
        if p.node().is_some_and(|n| !sim.kube().machines[n].alive) {
            on_dead = true;
        }
    }
    Some((spec, active, available, on_dead))
}

/// (c) Rolling-update budgets, as upstream guarantees them (`rolling.go`):
///
/// * `reconcileNewReplicaSet` only scales the new ReplicaSet up while the sum of all its
///   ReplicaSets' `spec.replicas` stays within `replicas + maxSurge`, and old ones only
///   go down. So once the sum is within the bound it stays there, as long as the
///   Deployment's `replicas` and strategy do not change. Upstream counts spec replicas,
///   not pods: terminating pods are not counted (they may briefly exceed the surge,
///   upstream too). When `replicas` change mid-rollout (strategy unchanged), upstream's
///   proportional scaling (`sync.go` `scale`, a scaling event seen through the
///   `desired-replicas` annotation) re-establishes the bound at once, so it is asserted
///   right after the step. A change of the budgets alone is no scaling event: upstream
///   waits for the old ReplicaSets to drain, so the bound is asserted only from the
///   first step where it holds after such a change.
/// * `reconcileOldReplicaSets` scales old ReplicaSets down only while
///   `available >= replicas - maxUnavailable`, so the controller itself never takes
///   availability below that floor. Nothing protects it from outside causes: a killed pod
///   or node (its pods go unready after the grace period), or new pods that cannot
///   start. So the floor is asserted for a Deployment only from a moment it was fully
///   available (all its active pods ready, as many as `replicas`, none on a dead
///   machine) with no kill since and no change to its `replicas` or strategy.
///   Short capacity is no exception: old pods stay until new ones are available.
#[derive(Clone, Debug, Default)]
struct Budgets {
    /// Deployments whose spec-sum bound is armed.
    surge_armed: BTreeSet<String>,
    /// Deployments whose availability floor is armed.
    floor_armed: BTreeSet<String>,
}

fn fenceposts(sim: &Sim, name: &str) -> Option<(i64, i64, i64)> {
    let d = sim.kube().store.deployments.get(&Key::new("default", name))?;
    let ru = d.spec.strategy.rolling_update.as_ref()?;
    let (s, u) = resolve_fenceposts(&ru.max_surge, &ru.max_unavailable, d.spec.replicas).ok()?;
    Some((d.spec.replicas, s, u))
}

impl Budgets {
    fn check(&self, sim: &Sim, when: &str) {
        for name in NAMES {
            let (Some((replicas, surge, unavailable)), Some((spec, active, available, _))) =
                (fenceposts(sim, name), deployment_counts(sim, name))
            else {
                continue;
            };
            if self.surge_armed.contains(name) {
                assert!(spec <= replicas + surge, "{when}: {name}'s ReplicaSets want {spec} > {replicas} + maxSurge {surge}");
                assert!(active <= replicas + surge, "{when}: {name} has {active} active pods > {replicas} + maxSurge {surge}");
            }
            if self.floor_armed.contains(name) {
                assert!(
                    available >= replicas - unavailable,
                    "{when}: {name} has {available} available < {replicas} - maxUnavailable {unavailable}"
                );
            }
        }
    }

    /// After a step: forget what the step invalidated, then arm what now holds.
    fn update(&mut self, sim: &Sim, eff: &Effect) {
        for name in &eff.rescaled {
            self.surge_armed.remove(name);
            self.floor_armed.remove(name);
        }
        if eff.disruption {
            self.floor_armed.clear();
        }
        self.surge_armed.retain(|n| sim.kube().store.deployments.contains_key(&Key::new("default", n.as_str())));
        self.floor_armed.retain(|n| sim.kube().store.deployments.contains_key(&Key::new("default", n.as_str())));
        for name in NAMES {
            let (Some((replicas, surge, _)), Some((spec, active, available, on_dead))) =
                (fenceposts(sim, name), deployment_counts(sim, name))
            else {
                continue;
            };
            if spec <= replicas + surge {
                self.surge_armed.insert(name.to_string());
            }
            if spec == replicas && active == replicas && available == replicas && !on_dead {
                self.floor_armed.insert(name.to_string());
            }
        }
    }
}

/// (e) a fixed point: one more settle takes one pass and changes nothing at all (no
/// object, no event, not even an event's count).
fn check_fixed_point(sim: &Sim) {
    let mut again = sim.clone();
    assert_eq!(again.settle(), 1, "settle after a step should find nothing to do");
    if again.state_hash() != sim.state_hash() {
        let (a, b) = (sim.events().all(), again.events().all());
        let events: Vec<String> =
            b.iter().filter(|e| !a.contains(e)).map(|e| format!("{} {} {:?} x{}", e.reason, e.object.name, e.message, e.count)).collect();
        let objects = |s: &Sim| {
            use podium_engine::to_json::to_string;
            let k = s.kube();
            [to_string(&k.store), to_string(&k.machines), to_string(&k.runtimes)].concat()
        };
        panic!("settle after a step changed the state: objects changed: {}, events new or recounted: {events:?}", objects(sim) != objects(&again));
    }
}

/// Runs a case: returns the hash after every step.
fn run(seed: u64, initial: &[(i64, i64, i64)], steps: &[Step], check: bool) -> Vec<u64> {
    let mut world = World::default();
    let mut sim = start(seed, initial, &mut world);
    let mut budgets = Budgets::default();
    let mut hashes = Vec::new();
    for step in steps {
        let eff = run_step(&mut sim, &mut world, step, &mut budgets, check);
        if check {
            check_tick(&sim);
            check_hpas(&sim, &world);
            check_fixed_point(&sim);
            // Check with the arming of before the step (kills and rescales excepted).
            let mut before = budgets.clone();
            if eff.disruption {
                before.floor_armed.clear();
            }
            for n in &eff.rescaled {
                before.surge_armed.remove(n);
                before.floor_armed.remove(n);
            }
            // A replicas change is a scaling event: the spec bound holds right after it.
            for n in &eff.resized {
                before.surge_armed.insert(n.clone());
            }
            before.check(&sim, &format!("after {step:?}"));
            budgets.update(&sim, &eff);
        }
        hashes.push(sim.state_hash());
    }
    if check {
        // (d) enough room for everything (at most 3 x 8 replicas x 1.5 cpu x 2 while
        // rolling), nothing revived: after a long wait (node grace 50 s + eviction 300 s +
        // termination) every ReplicaSet has its replicas, ready, and every rollout is done.
        for _ in 0..4 {
            world.next_node += 1;
            sim.add_node(&node_config(&format!("node-{}", world.next_node), 32, 64, 110)).unwrap();
        }
        for _ in 0..420 {
            sim.tick();
        }
        check_tick(&sim);
        let store = &sim.kube().store;
        for (k, rs) in &store.replica_sets {
            let ready = store
                .pods
                .values()
                .filter(|p| p.is_active() && p.is_ready() && p.metadata.controller().is_some_and(|o| o.uid == rs.metadata.uid))
                .count() as i64;
            assert_eq!(ready, rs.spec.replicas, "ReplicaSet {k}: {ready} ready of {}", rs.spec.replicas);
        }
        for (k, d) in &store.deployments {
            let s = &d.status;
            assert_eq!(
                (s.replicas, s.updated_replicas, s.ready_replicas, s.available_replicas),
                (d.spec.replicas, d.spec.replicas, d.spec.replicas, d.spec.replicas),
                "Deployment {k} did not complete its rollout"
            );
        }
        hashes.push(sim.state_hash());
    }
    hashes
}

/// The same steps with the controllers held (`Sim::set_hold`): after each step the instant is
/// walked one controller at a time (`Sim::step_controller`), which must end where `settle` ends.
fn run_held(seed: u64, initial: &[(i64, i64, i64)], steps: &[Step]) -> Vec<u64> {
    let mut world = World::default();
    let mut sim = start(seed, initial, &mut world);
    sim.set_hold(true);
    let mut budgets = Budgets::default();
    steps
        .iter()
        .map(|step| {
            run_step(&mut sim, &mut world, step, &mut budgets, false);
            while sim.unsettled() {
                sim.step_controller();
            }
            sim.state_hash()
        })
        .collect()
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(32)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_after_every_step(
        seed in any::<u64>(),
        initial in prop::collection::vec((1i64..=8, 1i64..=8, prop_oneof![Just(3i64), Just(8), Just(110)]), 1..4),
        steps in prop::collection::vec(step(), 1..=30),
    ) {
        let checked = run(seed, &initial, &steps, true);
        // (g) determinism: the same seed and steps on a fresh Sim, hash for hash.
        let replay = run(seed, &initial, &steps, false);
        prop_assert_eq!(&checked[..replay.len()], &replay[..]);
        // Stepping through each instant with the controllers held ends in the same states.
        let held = run_held(seed, &initial, &steps);
        prop_assert_eq!(&held[..], &replay[..]);
    }
}

/// `percentageOfNodesToScore`: from 100 nodes on, the scheduler stops searching once it
/// has found `numFeasibleNodesToFind` nodes that fit, and the next pod's search starts
/// where the last one stopped (`nextStartNodeIndex`). 200 nodes: 50 % - 200/125 = 49 %,
/// 98 nodes, raised to the minimum of 100.
#[test]
fn large_clusters_search_a_share_of_the_nodes_round_robin() {
    let nodes: Vec<NodeConfig> = (0..200).map(|i| NodeConfig::new(&format!("node-{i:03}"), "4", "8Gi").unwrap()).collect();
    let mut sim = Sim::with_nodes(3, &nodes).unwrap();
    let spec = Spec { dep: 0, replicas: 3, cpu_m: 100, mem_mi: 64, surge: 3, unavailable: 3, image: 0 };
    sim.act(apply(&spec)).unwrap();
    let decisions: Vec<_> = sim.kube().scheduler.decisions.iter().collect();
    assert_eq!(decisions.len(), 3);
    let searched: Vec<(usize, &str)> = decisions.iter().map(|d| (d.nodes.len(), d.nodes[0].node.as_str())).collect();
    assert_eq!(searched, [(100, "node-000"), (100, "node-100"), (100, "node-000")]);
    // Every pod landed on a node its search visited.
    for d in decisions {
        let chosen = d.chosen.as_deref().unwrap();
        assert!(d.nodes.iter().any(|v| v.node == chosen));
    }
    // Under 100 nodes every node is searched, from the first.
    let mut small = Sim::with_nodes(3, &nodes[..99]).unwrap();
    small.act(apply(&spec)).unwrap();
    assert!(small.kube().scheduler.decisions.iter().all(|d| d.nodes.len() == 99 && d.nodes[0].node == "node-000"));
}
