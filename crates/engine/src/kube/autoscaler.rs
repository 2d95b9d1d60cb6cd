//! Cluster Autoscaler (`kubernetes/autoscaler`, `cluster-autoscaler/`): node groups of one
//! machine shape between a minimum and a maximum size. Every 10 s it adds nodes to a group
//! when pods are unschedulable and a new node of that group would fit them (never because of
//! utilization alone), and removes a node whose requests stay under half its allocatable
//! for 10 minutes when all its pods can run elsewhere.
//! Sources: `FAQ.md`; `core/static_autoscaler.go` (the loop), `core/scaleup/orchestrator`
//! (options, upcoming nodes), `estimator/binpacking_estimator.go`, `expander/random`,
//! `processors/status/eventing_scale_up_processor.go` (`TriggeredScaleUp`,
//! `NotTriggerScaleUp`), `core/scaledown/actuation/actuator.go` and `drain.go` (`ScaleDown`),
//! `utils/taints/taints.go` (`ToBeDeletedByClusterAutoscaler`).
//!
//! Simulation-side: a group's nodes carry the EKS managed node group label
//! `eks.amazonaws.com/nodegroup: <group>` and are named `<group>-<n>` (n counts up and is
//! never reused). A booting machine has no Node object; the Node registers, Ready, when its
//! boot time is over (a real EKS node is NotReady for a few seconds while its CNI starts;
//! that instant is folded into the boot time).

use super::node::{Node, Taint};
use super::pod::Pod;
use super::scheduler::{filter, usage, NodeUsage};
use super::{reference, Ctx, Key, Kube};
use crate::boxed_map::BoxedMap;
use crate::clock::SimTime;
use crate::events::EventType;
use crate::sim::NodeConfig;
use crate::from_value::FromValue;
use crate::to_json::ToJson;
use std::collections::{BTreeMap, BTreeSet};

/// `--scan-interval`.
pub const SCAN_INTERVAL_SECONDS: u64 = 10;
/// `--scale-down-unneeded-time`.
pub const SCALE_DOWN_UNNEEDED_SECONDS: u64 = 600;
/// `--scale-down-delay-after-add`.
pub const SCALE_DOWN_DELAY_AFTER_ADD_SECONDS: u64 = 600;
/// `--scale-down-utilization-threshold` is 0.5: a node is underutilized when twice its
/// requests are below its allocatable, for cpu and for memory.
pub const SCALE_DOWN_UTILIZATION_PERCENT: i64 = 50;
/// How long a new machine takes to boot and join (EKS: about a minute or two).
pub const DEFAULT_BOOT_SECONDS: u64 = 90;
/// The label EKS managed node groups put on their nodes.
pub const LABEL_NODE_GROUP: &str = "eks.amazonaws.com/nodegroup";
pub const TAINT_TO_BE_DELETED: &str = "ToBeDeletedByClusterAutoscaler";
pub const ANNOTATION_SAFE_TO_EVICT: &str = "cluster-autoscaler.kubernetes.io/safe-to-evict";
/// Comma-separated names of a pod's local volumes that may be lost on scale-down.
pub const ANNOTATION_SAFE_TO_EVICT_LOCAL_VOLUMES: &str = "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes";

/// `HasLocalStorage`/`isLocalVolume` (`utils/drain/drain.go`): a `hostPath` or an
/// `emptyDir` not in memory, unless named in `safe-to-evict-local-volumes`.
fn blocking_local_volume(pod: &super::pod::Pod) -> bool {
    let listed = pod.metadata.annotations.get(ANNOTATION_SAFE_TO_EVICT_LOCAL_VOLUMES).map(String::as_str).unwrap_or("");
    pod.spec.volumes.iter().any(|v| {
        let local = v.host_path.is_some() || v.empty_dir.as_ref().is_some_and(|e| e.medium != "Memory");
        local && !listed.split(',').any(|n| n.trim() == v.name)
    })
}
pub const SOURCE: &str = "cluster-autoscaler";
pub const MSG_MAX_SIZE: &str = "max node group size reached";

/// A node group to add: its size limits, the shape of its machines and their boot time.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeGroup {
    pub name: String,
    pub min: usize,
    pub max: usize,
    /// The machine shape; its `name` is ignored (nodes are named `<group>-<n>`).
    pub node: NodeConfig,
    pub boot_seconds: u64,
}

impl NodeGroup {
    pub fn new(name: &str, min: usize, max: usize, node: NodeConfig) -> NodeGroup {
        NodeGroup {
            name: name.into(),
            min,
            max,
            node,
            boot_seconds: DEFAULT_BOOT_SECONDS,
        }
    }
}

/// A group as the autoscaler keeps it.
#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
pub struct Group {
    pub name: String,
    pub min: usize,
    pub max: usize,
    pub boot_seconds: u64,
    /// The template node (`TemplateNodeInfo`) the scale-up simulation schedules onto.
    pub template: Node,
    next_index: u64,
}

/// A machine that is booting: no Node object yet.
#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
pub struct Booting {
    pub group: String,
    pub started: SimTime,
    pub ready_at: SimTime,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
pub struct AutoscalerState {
    pub groups: crate::boxed_map::BoxedMap<String, Group>,
    /// Booting machines by future node name.
    pub booting: crate::boxed_map::BoxedMap<String, Booting>,
    pub last_scan: Option<SimTime>,
    pub last_scale_up: Option<SimTime>,
    /// The pods that triggered the last scale-up.
    pub last_triggered: Vec<Key>,
    /// Nodes that are underutilized and whose pods could move, since when.
    pub unneeded_since: BTreeMap<String, SimTime>,
    /// Nodes tainted ToBeDeleted, waiting for their pods to go before the node is deleted.
    pub deleting: BTreeSet<String>,
}

/// Per group, for the board: `min/current/max` and how many machines are booting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupStatus {
    pub name: String,
    pub min: usize,
    pub max: usize,
    /// Registered nodes of the group (including those being deleted).
    pub current: usize,
    pub booting: usize,
}

pub fn group_status(kube: &Kube) -> Vec<GroupStatus> {
    let a = &kube.autoscaler;
    a.groups
        .values()
        .map(|g| GroupStatus {
            name: g.name.clone(),
            min: g.min,
            max: g.max,
            current: group_nodes(kube, &g.name).count(),
            booting: a.booting.values().filter(|b| b.group == g.name).count(),
        })
        .collect()
}

fn group_of(node: &Node) -> Option<&str> {
    node.metadata
        .labels
        .get(LABEL_NODE_GROUP)
        .map(String::as_str)
}

fn group_nodes<'a>(kube: &'a Kube, group: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
    kube.store
        .nodes
        .values()
        .filter(move |n| group_of(n) == Some(group))
}

/// Registered nodes not being deleted plus booting machines: the group's target size.
fn target_size(kube: &Kube, group: &str) -> usize {
    let a = &kube.autoscaler;
    group_nodes(kube, group)
        .filter(|n| !a.deleting.contains(n.name()))
        .count()
        + a.booting.values().filter(|b| b.group == group).count()
}

fn is_unschedulable(pod: &Pod) -> bool {
    pod.node().is_none()
        && pod.metadata.deletion_timestamp.is_none()
        && pod
            .condition("PodScheduled")
            .is_some_and(|c| c.status == "False" && c.reason.as_deref() == Some("Unschedulable"))
}

impl Kube {
    /// Adds a group and its `min` nodes, registered and Ready at once.
    pub(crate) fn add_node_group(&mut self, g: &NodeGroup, ctx: &mut Ctx) {
        let mut template = g.node.to_node();
        template.metadata.name = format!("template-node-for-{}", g.name);
        template
            .metadata
            .labels
            .insert(LABEL_NODE_GROUP.into(), g.name.clone());
        self.autoscaler.groups.insert(
            g.name.clone(),
            Group {
                name: g.name.clone(),
                min: g.min,
                max: g.max,
                boot_seconds: g.boot_seconds,
                template,
                next_index: 1,
            },
        );
        for _ in 0..g.min {
            let name = self.next_node_name(&g.name);
            self.join(&g.name, &name, ctx);
        }
    }

    fn next_node_name(&mut self, group: &str) -> String {
        let g = self.autoscaler.groups.get_mut(group).expect("group");
        loop {
            let name = format!("{}-{}", g.name, g.next_index);
            g.next_index += 1;
            if !self.store.nodes.contains_key(&name) && !self.autoscaler.booting.contains_key(&name)
            {
                return name;
            }
        }
    }

    fn join(&mut self, group: &str, name: &str, ctx: &mut Ctx) {
        let mut node = self.autoscaler.groups[group].template.clone();
        node.metadata.name = name.to_string();
        self.add_node(node, ctx.now, ctx.rng);
    }
}

/// Every pass: booting machines whose time has come register their nodes; nodes marked
/// for deletion go once their pods are gone.
pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let mut changed = false;
    let due: Vec<(String, String)> = kube
        .autoscaler
        .booting
        .iter()
        .filter(|(_, b)| b.ready_at <= ctx.now)
        .map(|(n, b)| (n.clone(), b.group.clone()))
        .collect();
    for (name, group) in due {
        kube.autoscaler.booting.delete(&name);
        if kube.autoscaler.groups.contains_key(&group) && !kube.store.nodes.contains_key(&name) {
            kube.join(&group, &name, ctx);
        }
        changed = true;
    }
    let gone: Vec<String> = kube
        .autoscaler
        .deleting
        .iter()
        .filter(|n| kube.store.pods_on(n).all(|p| p.is_terminal()))
        .cloned()
        .collect();
    for name in gone {
        kube.autoscaler.deleting.remove(&name);
        kube.autoscaler.unneeded_since.remove(&name);
        // As `kubectl delete node`: the node goes, the pod garbage collector takes what is left.
        let _ = kube.delete(crate::action::Resource::Node, "", &name, ctx);
        changed = true;
    }
    changed
}

/// One autoscaler loop, at 10-second boundaries of the virtual clock, after the other
/// controllers have settled. True if it changed anything.
pub fn scan(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    if kube.autoscaler.groups.is_empty()
        || !ctx.now.secs().is_multiple_of(SCAN_INTERVAL_SECONDS)
        || kube.autoscaler.last_scan == Some(ctx.now)
    {
        return false;
    }
    kube.autoscaler.last_scan = Some(ctx.now);
    let mut changed = scale_up(kube, ctx);
    update_unneeded(kube, ctx.now);
    changed |= scale_down(kube, ctx);
    changed
}

fn scale_up(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let pending: Vec<Key> = kube
        .store
        .pods
        .iter()
        .filter(|(_, p)| is_unschedulable(p))
        .map(|(k, _)| k.clone())
        .collect();
    if pending.is_empty() {
        return false;
    }
    let a = &kube.autoscaler;
    // Pods that will fit on machines already booting wait for them.
    let mut upcoming: Vec<(&Node, NodeUsage)> = a
        .booting
        .values()
        .filter_map(|b| a.groups.get(&b.group))
        .map(|g| (&g.template, NodeUsage::default()))
        .collect();
    let mut remaining = Vec::new();
    for k in pending {
        let pod = &kube.store.pods[&k];
        match upcoming
            .iter_mut()
            .find(|(n, u)| filter(n, u, pod).is_empty())
        {
            Some(slot) => slot.1.add(pod),
            None => remaining.push(k),
        }
    }
    // One option per group: the pods a new node of it would fit, and how many nodes
    // first-fit bin packing needs for them, up to the group's max.
    struct Expansion {
        group: String,
        from: usize,
        nodes: usize,
        pods: Vec<Key>,
    }
    let mut options = Vec::new();
    // Counts per pod and reason, in map types the engine has anyway (the store's `BoxedMap`, the
    // scheduler's spread counts), so no tree code is compiled for this one use.
    let mut reasons: BoxedMap<Key, BTreeMap<String, i64>> = BoxedMap::new();
    for g in a.groups.values() {
        let from = target_size(kube, &g.name);
        let room = g.max.saturating_sub(from);
        let mut bins: Vec<NodeUsage> = Vec::new();
        let mut helped = Vec::new();
        // Largest pods first, scored against the template as `calculatePodScore` does
        // (cpu share + memory share); equal scores keep the store's order.
        let mut order: Vec<&Key> = remaining.iter().collect();
        crate::sorting::sort_by_key(&mut order, |k| std::cmp::Reverse(pod_score(&kube.store.pods[*k], &g.template)));
        for k in order {
            let pod = &kube.store.pods[k];
            let why = filter(&g.template, &NodeUsage::default(), pod);
            if !why.is_empty() {
                for r in why {
                    count_reason(&mut reasons, k, r);
                }
                continue;
            }
            if let Some(bin) = bins
                .iter_mut()
                .find(|b| filter(&g.template, b, pod).is_empty())
            {
                bin.add(pod);
            } else if bins.len() < room {
                let mut bin = NodeUsage::default();
                bin.add(pod);
                bins.push(bin);
            } else {
                count_reason(&mut reasons, k, MSG_MAX_SIZE.into());
                continue;
            }
            helped.push(k.clone());
        }
        if !helped.is_empty() {
            options.push(Expansion {
                group: g.name.clone(),
                from,
                nodes: bins.len(),
                pods: helped,
            });
        }
    }
    let helped_any: BTreeSet<Key> = crate::collecting::set_from(options.iter().flat_map(|o| o.pods.iter().cloned()));
    for k in &remaining {
        if helped_any.contains(k) {
            continue;
        }
        let mut parts: Vec<String> = reasons
            .get(k)
            .into_iter()
            .flatten()
            .map(|(r, n)| format!("{n} {r}"))
            .collect();
        crate::sorting::sort(&mut parts);
        let obj = reference("Pod", "v1", &kube.store.pods[k].metadata);
        ctx.event(
            EventType::Normal,
            obj,
            "NotTriggerScaleUp",
            format!("pod didn't trigger scale-up: {}", parts.join(", ")),
            SOURCE,
        );
    }
    if options.is_empty() {
        return false;
    }
    // The `random` expander (upstream's default), from the seeded generator.
    let pick = if options.len() == 1 {
        0
    } else {
        ctx.rng.below(options.len() as u64) as usize
    };
    let o = options.swap_remove(pick);
    let (max, boot) = {
        let g = &kube.autoscaler.groups[&o.group];
        (g.max, g.boot_seconds)
    };
    for _ in 0..o.nodes {
        let name = kube.next_node_name(&o.group);
        kube.autoscaler.booting.insert(
            name,
            Booting {
                group: o.group.clone(),
                started: ctx.now,
                ready_at: ctx.now.plus(boot),
            },
        );
    }
    let message = format!(
        "pod triggered scale-up: [{{{} {}->{} (max: {})}}]",
        o.group,
        o.from,
        o.from + o.nodes,
        max
    );
    for k in &o.pods {
        let obj = reference("Pod", "v1", &kube.store.pods[k].metadata);
        ctx.event(
            EventType::Normal,
            obj,
            "TriggeredScaleUp",
            message.clone(),
            SOURCE,
        );
    }
    kube.autoscaler.last_scale_up = Some(ctx.now);
    kube.autoscaler.last_triggered = o.pods;
    true
}

/// `binpacking_estimator.go` (`calculatePodScore`): the pod's cpu and memory as shares of
/// the template node's allocatable, summed (in millionths).
fn pod_score(pod: &Pod, template: &Node) -> i64 {
    let (cpu, mem) = pod.requests();
    let share = |r: i64, a: i64| if a > 0 { r.saturating_mul(1_000_000) / a } else { 0 };
    share(cpu, template.allocatable_cpu()) + share(mem, template.allocatable_memory())
}

fn underutilized(node: &Node, used: &NodeUsage) -> bool {
    let low =
        |req: i64, alloc: i64| alloc > 0 && req * 100 < alloc * SCALE_DOWN_UTILIZATION_PERCENT;
    low(used.cpu, node.allocatable_cpu()) && low(used.memory, node.allocatable_memory())
}

/// Why a node's pods cannot all move: a pod without a controller, with local storage
/// (`emptyDir`, `hostPath`), annotated `safe-to-evict: "false"`, or a pod no other node
/// has room for. On success the
/// pods are counted into `usage` on the nodes that would take them.
fn count_reason(reasons: &mut BoxedMap<Key, BTreeMap<String, i64>>, pod: &Key, why: String) {
    if !reasons.contains_key(pod) {
        reasons.insert(pod.clone(), BTreeMap::new());
    }
    if let Some(counts) = reasons.get_mut(pod) {
        *counts.entry(why).or_default() += 1;
    }
}

fn place_pods(
    kube: &Kube,
    node: &str,
    usage: &mut BTreeMap<String, NodeUsage>,
    excluded: &BTreeSet<String>,
) -> Result<(), String> {
    for pod in kube.store.pods_on(node) {
        // DaemonSet pods need no other node: they go with theirs (`drain.GetPodsForDeletion`).
        if pod.is_terminal() || pod.metadata.deletion_timestamp.is_some() || is_daemon_pod(pod) {
            continue;
        }
        let name = format!("{}/{}", pod.metadata.ns(), pod.metadata.name);
        if pod
            .metadata
            .annotations
            .get(ANNOTATION_SAFE_TO_EVICT)
            .map(String::as_str)
            == Some("false")
        {
            return Err(format!(
                "pod annotated as not safe to evict present: {name}"
            ));
        }
        // `safe-to-evict: "true"` lets a pod go whatever else holds it.
        let safe = pod.metadata.annotations.get(ANNOTATION_SAFE_TO_EVICT).map(String::as_str) == Some("true");
        if !safe && pod.metadata.controller().is_none() {
            return Err(format!("non-replicated pod present: {name}"));
        }
        if !safe && blocking_local_volume(pod) {
            return Err(format!("pod with local storage present: {name}"));
        }
        let dest = kube.store.nodes.values().find(|n| {
            n.name() != node
                && !excluded.contains(n.name())
                && n.is_ready()
                && filter(n, usage.get(n.name()).unwrap_or(&NodeUsage::default()), pod).is_empty()
        });
        match dest {
            Some(n) => usage.entry(n.name().to_string()).or_default().add(pod),
            None => return Err(format!("no place to move pod {name}")),
        }
    }
    Ok(())
}

fn is_daemon_pod(pod: &super::pod::Pod) -> bool {
    pod.metadata.controller().is_some_and(|o| o.kind == "DaemonSet")
}

fn update_unneeded(kube: &mut Kube, now: SimTime) {
    let used = usage(kube);
    let a = &kube.autoscaler;
    let mut unneeded = BTreeMap::new();
    for node in kube.store.nodes.values() {
        let Some(g) = group_of(node) else { continue };
        if !a.groups.contains_key(g) || a.deleting.contains(node.name()) || !node.is_ready() {
            continue;
        }
        let u = used.get(node.name()).cloned().unwrap_or_default();
        if underutilized(node, &u)
            && place_pods(kube, node.name(), &mut used.clone(), &a.deleting).is_ok()
        {
            unneeded.insert(
                node.name().to_string(),
                a.unneeded_since.get(node.name()).copied().unwrap_or(now),
            );
        }
    }
    kube.autoscaler.unneeded_since = unneeded;
}

fn scale_down(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    if kube
        .autoscaler
        .last_scale_up
        .is_some_and(|t| ctx.now.since(t) < SCALE_DOWN_DELAY_AFTER_ADD_SECONDS)
    {
        return false;
    }
    let due: Vec<String> = kube
        .autoscaler
        .unneeded_since
        .iter()
        .filter(|(_, since)| ctx.now.since(**since) >= SCALE_DOWN_UNNEEDED_SECONDS)
        .map(|(n, _)| n.clone())
        .collect();
    let mut used = usage(kube);
    let mut changed = false;
    // Nodes the simulation moved pods onto stay; empty nodes go together, but only one
    // node with pods is drained per loop (`--max-drain-parallelism` 1).
    let mut receivers: BTreeSet<String> = BTreeSet::new();
    let mut drained = false;
    for name in due {
        // Empty: nothing but finished, leaving or DaemonSet pods (`simulator.FastGetPodsToMove`).
        let empty =
            kube.store.pods_on(&name).all(|p| p.is_terminal() || p.metadata.deletion_timestamp.is_some() || is_daemon_pod(p));
        if receivers.contains(&name) || (!empty && drained) {
            continue;
        }
        let Some(group) = kube
            .store
            .nodes
            .get(&name)
            .and_then(group_of)
            .map(str::to_string)
        else {
            continue;
        };
        if target_size(kube, &group) <= kube.autoscaler.groups[&group].min {
            continue;
        }
        let mut excluded = kube.autoscaler.deleting.clone();
        excluded.insert(name.clone());
        let mut trial = used.clone();
        if place_pods(kube, &name, &mut trial, &excluded).is_err() {
            continue;
        }
        receivers.extend(trial.iter().filter(|(n, u)| used.get(*n) != Some(u)).map(|(n, _)| n.clone()));
        drained |= !empty;
        used = trial;
        // Taint, then evict (graceful deletion; the controllers recreate the pods elsewhere).
        let node = kube.store.nodes.get_mut(&name).expect("node");
        node.spec.taints.push(Taint {
            key: TAINT_TO_BE_DELETED.into(),
            value: ctx.now.secs().to_string(),
            effect: "NoSchedule".into(),
            time_added: None,
        });
        let obj = reference("Node", "v1", &node.metadata);
        ctx.event(
            EventType::Normal,
            obj,
            "ScaleDown",
            "marked the node as toBeDeleted/unschedulable".into(),
            SOURCE,
        );
        let pods: Vec<Key> = kube
            .store
            .pods_on(&name)
            .filter(|p| !p.is_terminal() && p.metadata.deletion_timestamp.is_none())
            .map(|p| Key::of(&p.metadata))
            .collect();
        for k in pods {
            let obj = reference("Pod", "v1", &kube.store.pods[&k].metadata);
            ctx.event(
                EventType::Normal,
                obj,
                "ScaleDown",
                "deleting pod for node scale down".into(),
                SOURCE,
            );
            kube.delete_pod(&k, ctx);
        }
        kube.autoscaler.deleting.insert(name.clone());
        kube.autoscaler.unneeded_since.remove(&name);
        kube.scheduler.cluster_changed();
        changed = true;
    }
    changed
}
