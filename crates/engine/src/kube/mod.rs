//! The Kubernetes orchestrator: its object store, its controllers (level-triggered
//! reconcile loops, run until nothing changes) and its scheduler and kubelets.

pub mod api;
pub mod batch;
pub mod config;
pub mod cron;
pub mod autoscaler;
pub mod controllers;
pub mod health;
pub mod hpa;
pub mod labels;
pub mod manifest;
pub mod meta;
pub mod names;
pub mod node;
pub mod node_ops;
pub mod pod;
pub mod rollout;
pub mod scheduler;
pub mod selector;
pub mod service;
pub mod store;
pub mod traffic;
pub mod validation;
pub(crate) mod wake;
pub mod workloads;

use crate::clock::SimTime;
use crate::events::{EventLog, EventType, NewEvent};
use crate::rng::SimRng;
use meta::ObjectReference;
use crate::from_value::FromValue;
use crate::to_json::ToJson;
use std::collections::BTreeSet;
use crate::boxed_map::BoxedMap;
pub use store::{Key, Store};

/// What a controller needs besides the store: the time, the seeded generator and the log.
pub struct Ctx<'a> {
    pub now: SimTime,
    pub rng: &'a mut SimRng,
    pub events: &'a mut EventLog,
}

impl Ctx<'_> {
    pub fn event(&mut self, type_: EventType, object: ObjectReference, reason: &str, message: String, source: &str) {
        self.events.record(self.now, NewEvent { type_, reason, object, message, source, host: "" });
    }

    pub fn kubelet_event(&mut self, type_: EventType, object: ObjectReference, reason: &str, message: String, node: &str) {
        self.events.record(self.now, NewEvent { type_, reason, object, message, source: "kubelet", host: node });
    }
}

/// Simulation-only state of one node's machine and kubelet: things the API does not show.
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
pub struct Machine {
    /// False once the learner kills the node: its kubelet stops reporting.
    pub alive: bool,
    pub last_heartbeat: SimTime,
    /// Images already pulled, so a second pod of the same image starts faster.
    pub images: BTreeSet<String>,
    /// Third octet of the node's pod CIDR (10.244.N.0/24).
    pub cidr_index: u32,
    pub next_host: u32,
}

/// Simulation-only state of a pod's containers on its node.
#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
pub struct PodRuntime {
    /// When the containers will have started (image pulled, created, started).
    pub start_at: SimTime,
    pub pulled_image: bool,
    pub started: bool,
}

// `PartialEq` for debug builds' proof of each skipped controller (`wake::check_skip`).
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
pub struct Kube {
    pub store: Store,
    pub machines: BoxedMap<String, Machine>,
    pub runtimes: BoxedMap<Key, PodRuntime>,
    pub scheduler: scheduler::SchedulerState,
    /// Simulated application health and load, and each container's run (probes, back-off).
    pub health: health::HealthState,
    /// The Job controller's count of finished pods, by Job uid (simulation-only).
    pub job_tracking: BoxedMap<String, controllers::job::Tracking>,
    /// Cluster Autoscaler: node groups, booting machines, unneeded nodes (simulation side).
    pub autoscaler: autoscaler::AutoscalerState,
    /// The HPA controller's memory of each HPA (next sync, recommendations, scale events).
    pub hpa_runtimes: BoxedMap<Key, hpa::HpaRuntime>,
    next_cidr: u32,
    used_ips: BTreeSet<String>,
}

/// How long a killed node's kubelet may stay silent before it is marked Unknown
/// (`node-monitor-grace-period`, 50 s since v1.32).
pub const NODE_MONITOR_GRACE_SECONDS: u64 = 50;
/// `DefaultTolerationSeconds` admission: pods tolerate not-ready/unreachable this long.
pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;
/// Containers in the playground exit promptly on SIGTERM: a deleted pod is gone this long after.
pub const TERMINATION_SECONDS: u64 = 2;

impl Kube {
    pub fn new() -> Kube {
        let mut k = Kube::default();
        k.store.bootstrap();
        let (svc, ep) = api::kubernetes_service();
        k.store.services.insert(Key::of(&svc.metadata), svc);
        k.store.endpoints.insert(Key::of(&ep.metadata), ep);
        k
    }

    /// Adds a node and its (alive) machine; the node reports Ready at once.
    pub fn add_node(&mut self, mut node: node::Node, now: SimTime, rng: &mut SimRng) {
        let name = node.metadata.name.clone();
        let idx = self.next_cidr;
        self.next_cidr += 1;
        node.spec.pod_cidr = format!("10.244.{idx}.0/24");
        node.metadata.uid = rng.uid();
        node.metadata.creation_timestamp = Some(now);
        node.metadata.labels.entry(node::LABEL_HOSTNAME.into()).or_insert_with(|| name.clone());
        node.metadata.labels.entry("kubernetes.io/os".into()).or_insert_with(|| "linux".into());
        node.metadata.labels.entry("kubernetes.io/arch".into()).or_insert_with(|| "amd64".into());
        node.status.addresses = vec![
            node::NodeAddress { type_: "InternalIP".into(), address: format!("192.168.{}.{}", idx / 250, 10 + idx % 250) },
            node::NodeAddress { type_: "Hostname".into(), address: name.clone() },
        ];
        node.status.node_info = node::NodeSystemInfo {
            kubelet_version: "v1.32.0".into(),
            os_image: "Podium Linux".into(),
            kernel_version: "6.1.0-podium".into(),
            container_runtime_version: "containerd://1.7.24".into(),
            architecture: "amd64".into(),
            operating_system: "linux".into(),
        };
        node.status.conditions = vec![node::NodeCondition {
            type_: "Ready".into(),
            status: "True".into(),
            reason: "KubeletReady".into(),
            message: "kubelet is posting ready status".into(),
            last_heartbeat_time: now,
            last_transition_time: now,
        }];
        self.machines.insert(
            name.clone(),
            Machine { alive: true, last_heartbeat: now, images: BTreeSet::new(), cidr_index: idx, next_host: 2 },
        );
        self.store.nodes.insert(name, node);
        self.scheduler.cluster_changed();
    }

    /// A free pod IP on the node (10.244.N.2 and up).
    pub(crate) fn allocate_pod_ip(&mut self, node: &str) -> Option<String> {
        let m = self.machines.get_mut(node)?;
        for _ in 0..253 {
            let host = m.next_host;
            m.next_host = if m.next_host >= 254 { 2 } else { m.next_host + 1 };
            let ip = format!("10.244.{}.{}", m.cidr_index, host);
            if self.used_ips.insert(ip.clone()) {
                return Some(ip);
            }
        }
        None
    }

    pub(crate) fn release_ip(&mut self, ip: &str) {
        self.used_ips.remove(ip);
    }

    /// Runs controllers until nothing changes (bounded, so a bug cannot hang the page).
    /// Then, at a 10-second boundary, the cluster autoscaler's loop looks at the settled
    /// state, and the controllers settle again if it acted.
    /// `wakes` says which controllers may sleep (`wake.rs`): `Default` wakes them all.
    pub(crate) fn reconcile(&mut self, ctx: &mut Ctx, wakes: &mut wake::Wakes) -> usize {
        let mut passes = self.settle_passes(ctx, wakes);
        if autoscaler::scan(self, ctx) {
            passes += self.settle_passes(ctx, wakes);
        }
        passes
    }

    /// Passes until one changes nothing. A controller that found nothing to do sleeps while
    /// nothing it reads is written (`wake.rs`); at a new round only the clock-free ones may.
    fn settle_passes(&mut self, ctx: &mut Ctx, wakes: &mut wake::Wakes) -> usize {
        wakes.new_round(self, ctx.now);
        for pass in 1..=MAX_PASSES {
            let mut changed = false;
            for index in 0..CONTROLLERS.len() {
                if wakes.due(index) {
                    changed |= wakes.run(self, index, ctx);
                } else {
                    wake::check_skip(self, index, ctx);
                }
            }
            if !changed {
                return pass;
            }
        }
        MAX_PASSES
    }
}

/// The controllers of one pass, in the order they run, with the names the board shows
/// (the components' own names, as `kubectl get events` shows them as sources). Stepping through
/// them one by one must end where `reconcile` ends: `stepping.rs`'s tests compare state hashes.
pub type ControllerFn = fn(&mut Kube, &mut Ctx) -> bool;
pub const CONTROLLERS: [(&str, ControllerFn); 12] = [
    ("node-lifecycle-controller", controllers::node_lifecycle::reconcile),
    ("horizontal-pod-autoscaler", hpa::reconcile),
    ("deployment-controller", controllers::deployment::reconcile),
    ("garbage-collector", controllers::garbage::reconcile),
    ("replicaset-controller", controllers::replicaset::reconcile),
    ("daemonset-controller", controllers::daemonset::reconcile),
    ("cronjob-controller", controllers::cronjob::reconcile),
    ("job-controller", controllers::job::reconcile),
    ("default-scheduler", scheduler::reconcile),
    ("kubelet", controllers::kubelet::reconcile),
    ("endpoint-controller", controllers::endpoints::reconcile),
    ("cluster-autoscaler", autoscaler::reconcile),
];

/// The Cluster Autoscaler's scan (`autoscaler::scan`), run by `reconcile` after the passes settle.
pub const AUTOSCALER_SCAN: &str = "cluster-autoscaler";

/// Upper bound of controller passes per instant.
pub const MAX_PASSES: usize = 32;

/// `ObjectReference` for an object's metadata.
pub fn reference(kind: &str, api_version: &str, meta: &meta::ObjectMeta) -> ObjectReference {
    ObjectReference {
        kind: kind.to_string(),
        namespace: meta.ns().to_string(),
        name: meta.name.clone(),
        uid: meta.uid.clone(),
        api_version: api_version.to_string(),
    }
}
