//! `Sim`: the whole simulated world behind one door. It owns the virtual clock,
//! the seeded generator, the event log and the orchestrators (Kubernetes now,
//! ECS later, both on this clock and log). Callers send actions and read state;
//! nothing else mutates it.

use crate::action::{Action, ApiError, Outcome};
use crate::clock::SimTime;
use crate::events::EventLog;
use crate::kube::node::{Node, Taint, DEFAULT_MAX_PODS, LABEL_ZONE};
use crate::kube::autoscaler::NodeGroup;
use crate::kube::{Ctx, Kube};
use crate::quantity::Quantity;
use crate::rng::SimRng;
use crate::to_json::ToJson;
use std::collections::BTreeMap;

/// Actions whose every refusal comes from checks that only read the state, before their
/// first write (`kube/api.rs`: `kill_pod`, `kill_node`, `bind`, `scale`, `delete`,
/// `create_namespace`; `kube/node_ops.rs`: `cordon`, `drain`), so a refusal needs no copy to undo. Any other action may refuse
/// midway (an Apply of many objects fails on the third after writing two) and is undone
/// from a copy. A new refusal placed after a write in one of these must move it out of
/// this list; debug builds assert it in `Sim::act`.
fn refuses_before_changing(action: &Action) -> bool {
    matches!(
        action,
        Action::KillPod { .. }
            | Action::KillNode { .. }
            | Action::Bind { .. }
            | Action::Scale { .. }
            | Action::Delete { .. }
            | Action::CreateNamespace { .. }
            | Action::Cordon { .. }
            | Action::Drain { .. }
    )
}

/// Actions that write nothing a sleeping controller reads but the maps the wake-ups count
/// (`kube/wake.rs`): killing a pod marks it deleted (or removes it, with its runtime and IP), and
/// tells the scheduler, which runs in every pass. After any other action (a Service's selector, a
/// ConfigMap, a health or traffic rule may have changed) every controller runs again.
fn writes_only_watched(action: &Action) -> bool {
    matches!(action, Action::KillPod { .. })
}

/// A machine to add to the cluster, as a scenario's `cluster.nodes` describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeConfig {
    pub name: String,
    pub cpu: Quantity,
    pub memory: Quantity,
    pub max_pods: i64,
    pub zone: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub taints: Vec<Taint>,
}

impl NodeConfig {
    pub fn new(name: &str, cpu: &str, memory: &str) -> Result<NodeConfig, String> {
        Ok(NodeConfig {
            name: name.to_string(),
            cpu: Quantity::parse(cpu).map_err(|e| format!("cpu {cpu:?}: {e}"))?,
            memory: Quantity::parse(memory).map_err(|e| format!("memory {memory:?}: {e}"))?,
            max_pods: DEFAULT_MAX_PODS,
            zone: None,
            labels: BTreeMap::new(),
            taints: Vec::new(),
        })
    }

    pub(crate) fn to_node(&self) -> Node {
        let mut node = Node::default();
        node.metadata.name = self.name.clone();
        node.metadata.labels = self.labels.clone();
        if let Some(z) = &self.zone {
            node.metadata.labels.insert(LABEL_ZONE.into(), z.clone());
        }
        node.spec.taints = self.taints.clone();
        let resources: BTreeMap<String, Quantity> = crate::collecting::map_from([
            ("cpu".to_string(), self.cpu.clone()),
            ("memory".to_string(), self.memory.clone()),
            ("pods".to_string(), Quantity::from_count(self.max_pods)),
        ]);
        node.status.capacity = resources.clone();
        node.status.allocatable = resources;
        node
    }
}

#[derive(Clone, Debug)]
pub struct Sim {
    // pub(crate) for `save.rs`, which writes and restores all of it.
    pub(crate) seed: u64,
    pub(crate) now: SimTime,
    pub(crate) rng: SimRng,
    pub(crate) events: EventLog,
    pub(crate) kube: Kube,
    /// Hold mode and the walk through an unsettled instant (`stepping.rs`): not saved, not hashed.
    pub(crate) stepping: crate::stepping::Stepping,
    /// Which controllers may sleep, carried from one tick to the next (`kube/wake.rs`): not
    /// saved, not hashed; a restored or acted-on `Sim` starts with every controller awake (but
    /// for a pod's kill at the instant they were settled at, `writes_only_watched`).
    pub(crate) wakes: crate::kube::wake::Wakes,
}

impl Sim {
    /// An empty cluster (system namespaces, the `kubernetes` Service) at time 0.
    pub fn new(seed: u64) -> Sim {
        Sim { seed, now: SimTime(0), rng: SimRng::new(seed), events: EventLog::default(), kube: Kube::new(), stepping: Default::default(), wakes: Default::default() }
    }

    pub fn with_nodes(seed: u64, nodes: &[NodeConfig]) -> Result<Sim, ApiError> {
        let mut sim = Sim::new(seed);
        for n in nodes {
            sim.add_node(n)?;
        }
        Ok(sim)
    }

    /// A machine joins and its node registers, Ready.
    pub fn add_node(&mut self, cfg: &NodeConfig) -> Result<(), ApiError> {
        if self.kube.store.nodes.contains_key(&cfg.name) {
            return Err(ApiError::AlreadyExists { resource: crate::action::Resource::Node, name: cfg.name.clone() });
        }
        if !crate::kube::validation::is_dns1123_subdomain(&cfg.name) {
            return Err(ApiError::BadRequest(format!("invalid node name {:?}: use lower-case letters, digits, '-' and '.'", cfg.name)));
        }
        self.kube.add_node(cfg.to_node(), self.now, &mut self.rng);
        self.settle();
        Ok(())
    }

    /// A Cluster Autoscaler node group (`kube/autoscaler.rs`): its `min` nodes register
    /// at once, named `<group>-1`, `<group>-2`, ...; the autoscaler adds and removes the rest.
    pub fn add_node_group(&mut self, group: &NodeGroup) -> Result<(), ApiError> {
        if !crate::kube::validation::is_dns1123_label(&group.name) {
            return Err(ApiError::BadRequest(format!("invalid node group name {:?}: use lower-case letters, digits and '-'", group.name)));
        }
        if self.kube.autoscaler.groups.contains_key(&group.name) {
            return Err(ApiError::BadRequest(format!("node group {:?} already exists", group.name)));
        }
        if group.min > group.max || group.max == 0 {
            return Err(ApiError::BadRequest(format!(
                "node group {:?}: need min <= max and max >= 1 (min {}, max {})",
                group.name, group.min, group.max
            )));
        }
        let mut ctx = Ctx { now: self.now, rng: &mut self.rng, events: &mut self.events };
        self.kube.add_node_group(group, &mut ctx);
        self.settle();
        Ok(())
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn kube(&self) -> &Kube {
        &self.kube
    }

    pub fn events(&self) -> &EventLog {
        &self.events
    }

    /// Carries out one action, then lets the controllers react at the same
    /// instant. A refusal leaves every part of the state as it was.
    pub fn act(&mut self, action: Action) -> Result<Outcome, ApiError> {
        // Copying the whole state costs 250–365 ms at 10,000 pods, so it is taken only for
        // actions that may refuse after changing something (see `refuses_before_changing`).
        let before = if refuses_before_changing(&action) { None } else { Some(self.clone()) };
        // Debug builds (every test) check that such a refusal really changed nothing.
        #[cfg(debug_assertions)]
        let saved = before.is_none().then(|| self.save());
        let writes_only_watched = writes_only_watched(&action);
        let result = self.act_inner(action);
        match result {
            Ok(changes) => {
                if self.stepping.hold {
                    // The held walk steps with its own wake-ups; the tick after it starts with
                    // every controller awake, as `settle` below does for itself.
                    self.wakes = Default::default();
                    self.leave_unsettled();
                } else if writes_only_watched && self.stepping.cursor.is_none() {
                    // The controllers that slept through the last settle (at this instant: the
                    // wake-ups know) sleep on unless the action wrote what they read.
                    self.reconcile();
                } else {
                    self.settle();
                }
                Ok(Outcome { changes })
            }
            Err(e) => {
                if let Some(before) = before {
                    *self = before;
                }
                #[cfg(debug_assertions)]
                if let Some(saved) = saved {
                    assert!(self.save() == saved, "a refused action changed the state: {e}");
                }
                Err(e)
            }
        }
    }

    fn act_inner(&mut self, action: Action) -> Result<Vec<crate::action::Change>, ApiError> {
        let mut ctx = Ctx { now: self.now, rng: &mut self.rng, events: &mut self.events };
        let kube = &mut self.kube;
        match action {
            Action::Apply { objects, namespace } => kube.apply(objects, &namespace, &mut ctx),
            Action::CreateNamespace { name } => kube.create_namespace(&name, &mut ctx),
            Action::Delete { resource, namespace, name } => kube.delete(resource, &namespace, &name, &mut ctx),
            Action::Scale { resource, namespace, name, replicas } => kube.scale(resource, &namespace, &name, replicas),
            Action::KillPod { namespace, name } => kube.kill_pod(&namespace, &name, &mut ctx),
            Action::KillNode { name } => kube.kill_node(&name, &mut ctx),
            Action::Bind { namespace, pod, node } => kube.bind(&namespace, &pod, &node, &mut ctx),
            // Rollouts (kube/rollout.rs) and node operations (kube/node_ops.rs).
            Action::SetImage { namespace, name, images } => kube.set_image(&namespace, &name, &images),
            Action::RolloutUndo { namespace, name, to_revision } => kube.rollout_undo(&namespace, &name, to_revision),
            Action::SetPaused { namespace, name, paused } => kube.set_paused(&namespace, &name, paused),
            Action::RolloutRestart { namespace, name } => kube.rollout_restart(&namespace, &name, &mut ctx),
            Action::Cordon { node, on } => kube.cordon(&node, on),
            Action::Taint { node, taint, overwrite } => kube.taint(&node, taint, overwrite, &mut ctx),
            Action::Untaint { node, key, effect } => kube.untaint(&node, &key, effect.as_deref()),
            Action::Drain { node, force, ignore_daemonsets } => kube.drain(&node, force, ignore_daemonsets, &mut ctx),
            Action::Label { resource, namespace, name, set, remove, overwrite, annotations } => {
                kube.label(resource, &namespace, &name, &set, &remove, overwrite, annotations)
            }
            // Health and load (kube/health.rs).
            Action::SetHealth { namespace, selector, readiness, liveness } => kube.set_health(&namespace, selector, readiness, liveness),
            Action::SetLoad { namespace, selector, cpu, memory } => kube.set_load(&namespace, selector, cpu, memory),
            Action::SetTraffic { namespace, service, rps, cpu_per_rps } => kube.set_traffic(&namespace, &service, rps, cpu_per_rps),
        }
    }

    /// Runs the controllers at the current instant until nothing changes.
    /// Returns how many passes it took.
    pub fn settle(&mut self) -> usize {
        // A fresh settle covers whatever a held action left (`stepping.rs`) and any change since,
        // with every controller awake.
        self.stepping.cursor = None;
        self.wakes = Default::default();
        self.reconcile()
    }

    /// The controllers settle at the current instant, those that may sleep carried over from the
    /// last settle (`kube/wake.rs`): for a tick, where only the clock moved since.
    pub(crate) fn reconcile(&mut self) -> usize {
        let mut ctx = Ctx { now: self.now, rng: &mut self.rng, events: &mut self.events };
        let passes = self.kube.reconcile(&mut ctx, &mut self.wakes);
        self.wakes.settled(self.now);
        passes
    }

    /// One second of virtual time: timers that fall due fire, controllers settle.
    pub fn tick(&mut self) {
        self.finish_instant();
        self.now = self.now.plus(1);
        self.reconcile();
    }

    /// Advances the clock by `secs`, one second at a time.
    pub fn advance(&mut self, secs: u64) {
        for _ in 0..secs {
            self.tick();
        }
    }

    /// A fingerprint of the whole state: equal on every run and every target for
    /// the same scenario. FNV-1a 64 over the canonical JSON of the state.
    pub fn state_hash(&self) -> u64 {
        #[derive(ToJson)]
        struct View<'a> {
            now: SimTime,
            store: &'a crate::kube::Store,
            machines: &'a crate::boxed_map::BoxedMap<String, crate::kube::Machine>,
            runtimes: &'a crate::boxed_map::BoxedMap<crate::kube::Key, crate::kube::PodRuntime>,
            events: &'a [crate::events::Event],
            health: &'a crate::kube::health::HealthState,
            autoscaler: &'a crate::kube::autoscaler::AutoscalerState,
            #[serde(skip_serializing_if = "crate::boxed_map::BoxedMap::is_empty")]
            hpa: &'a crate::boxed_map::BoxedMap<crate::kube::Key, crate::kube::hpa::HpaRuntime>,
        }
        let view = View {
            now: self.now,
            store: &self.kube.store,
            machines: &self.kube.machines,
            runtimes: &self.kube.runtimes,
            events: self.events.all(),
            health: &self.kube.health,
            autoscaler: &self.kube.autoscaler,
            hpa: &self.kube.hpa_runtimes,
        };
        let json = crate::to_json::to_string(&view).into_bytes();
        json.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
    }
}
