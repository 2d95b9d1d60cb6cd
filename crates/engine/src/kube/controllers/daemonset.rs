//! The DaemonSet controller (`pkg/controller/daemon/daemon_controller.go`): one pod
//! on every node that should run it (`NodeShouldRunDaemonPod`: the template's
//! `nodeSelector`, and the node's NoSchedule/NoExecute taints against the pod's
//! tolerations), none on the others, failed pods replaced, and a rolling update
//! (`maxUnavailable`, default 1) when the template changes.
//!
//! Unlike upstream, which gives each pod a `nodeAffinity` for its node and lets the
//! scheduler bind it, the playground creates each pod already bound to its node
//! (as the controller did before v1.12): no resource check keeps it off a full node.

use super::super::node::{Node, TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE};
use super::super::pod::{Pod, Toleration, FAILED};
use super::super::workloads::{scaled_value, DaemonSet};
use super::super::{reference, Ctx, Key, Kube};
use super::replicaset::is_available;
use crate::events::EventType;
use std::collections::BTreeMap;
use super::pods::controller_ref;

/// The label carrying the DaemonSet's `metadata.generation` a pod was made from.
pub const TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";
pub const TAINT_DISK_PRESSURE: &str = "node.kubernetes.io/disk-pressure";
pub const TAINT_MEMORY_PRESSURE: &str = "node.kubernetes.io/memory-pressure";
pub const TAINT_PID_PRESSURE: &str = "node.kubernetes.io/pid-pressure";

/// `AddOrUpdateDaemonPodTolerations` (`pkg/controller/daemon/util/daemonset_util.go`):
/// not-ready and unreachable (NoExecute, no time limit, so the pod is never evicted
/// from a failing node), disk/memory/pid pressure and unschedulable (NoSchedule), and
/// network-unavailable (NoSchedule) only for `hostNetwork` pods, which the playground
/// does not model, so it is never added.
pub fn daemon_tolerations() -> Vec<Toleration> {
    let t = |key: &str, effect: &str| Toleration {
        key: key.into(),
        operator: "Exists".into(),
        value: String::new(),
        effect: effect.into(),
        toleration_seconds: None,
    };
    vec![
        t(TAINT_NOT_READY, "NoExecute"),
        t(TAINT_UNREACHABLE, "NoExecute"),
        t(TAINT_DISK_PRESSURE, "NoSchedule"),
        t(TAINT_MEMORY_PRESSURE, "NoSchedule"),
        t(TAINT_PID_PRESSURE, "NoSchedule"),
        t(TAINT_UNSCHEDULABLE, "NoSchedule"),
    ]
}

/// The template's tolerations plus the automatic ones it lacks.
fn tolerations(ds: &DaemonSet) -> Vec<Toleration> {
    let mut out = ds.spec.template.spec.tolerations.clone();
    for t in daemon_tolerations() {
        if !out.iter().any(|o| o.key == t.key && o.effect == t.effect) {
            out.push(t);
        }
    }
    out
}

/// `(shouldRun, shouldContinueRunning)`: a NoSchedule taint the pod does not tolerate
/// keeps a new pod off but leaves a running one; NoExecute or a selector mismatch does both.
pub fn node_should_run(ds: &DaemonSet, node: &Node) -> (bool, bool) {
    if !ds.spec.template.spec.node_selector.iter().all(|(k, v)| node.metadata.labels.get(k) == Some(v)) {
        return (false, false);
    }
    let tol = tolerations(ds);
    let (mut run, mut keep) = (true, true);
    for t in &node.spec.taints {
        if t.tolerated_by(&tol) {
            continue;
        }
        match t.effect.as_str() {
            "NoSchedule" => run = false,
            "NoExecute" => {
                run = false;
                keep = false;
            }
            _ => {}
        }
    }
    (run, keep)
}

pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let mut changed = false;
    let keys: Vec<Key> = kube.store.daemon_sets.keys().cloned().collect();
    for key in keys {
        changed |= sync(kube, &key, ctx);
    }
    changed
}

fn owned_by_node(kube: &Kube, ds: &DaemonSet) -> BTreeMap<String, Vec<Key>> {
    let mut out: BTreeMap<String, Vec<Key>> = BTreeMap::new();
    for (k, p) in &kube.store.pods {
        if p.is_terminating() || p.metadata.controller().is_none_or(|o| o.uid != ds.metadata.uid) {
            continue;
        }
        if let Some(n) = p.node() {
            out.entry(n.to_string()).or_default().push(k.clone());
        }
    }
    out
}

fn sync(kube: &mut Kube, key: &Key, ctx: &mut Ctx) -> bool {
    let ds = kube.store.daemon_sets[key].clone();
    let obj = reference("DaemonSet", "apps/v1", &ds.metadata);
    let mut changed = false;
    let by_node = owned_by_node(kube, &ds);
    let nodes: Vec<(String, bool, bool)> = kube
        .store
        .nodes
        .values()
        .map(|n| {
            let (run, keep) = node_should_run(&ds, n);
            (n.name().to_string(), run, keep)
        })
        .collect();
    let mut delete: Vec<Key> = Vec::new();
    let mut create: Vec<String> = Vec::new();
    for (node, run, keep) in &nodes {
        let mine = by_node.get(node).map_or(&[][..], Vec::as_slice);
        // Failed daemon pods are deleted, and a new one made on the next pass.
        let (failed, live): (Vec<&Key>, Vec<&Key>) = mine.iter().partition(|k| kube.store.pods[*k].status.phase == FAILED);
        for k in &failed {
            ctx.event(
                EventType::Warning,
                obj.clone(),
                "FailedDaemonPod",
                format!("Found failed daemon pod {}/{} on node {node}, will try to kill it", k.namespace, k.name),
                "daemonset-controller",
            );
            delete.push((*k).clone());
        }
        if *run && live.is_empty() && failed.is_empty() {
            create.push(node.clone());
        } else if !*keep {
            delete.extend(live.iter().map(|k| (*k).clone()));
        } else if live.len() > 1 {
            // Keep the oldest; the rest are surplus.
            let mut sorted: Vec<&Key> = live.clone();
            crate::sorting::sort_by_key(&mut sorted, |k| (kube.store.pods[*k].metadata.creation_timestamp, (*k).clone()));
            delete.extend(sorted.into_iter().skip(1).cloned());
        }
    }
    // Orphaned-node pods: the node is gone from the store (normally removed with it).
    for (node, pods) in &by_node {
        if !kube.store.nodes.contains_key(node) {
            delete.extend(pods.iter().cloned());
        }
    }
    if delete.is_empty() && create.is_empty() {
        changed |= rolling_update(kube, &ds, &nodes, ctx);
    }
    for node in create {
        let pod = pod_for_node(&ds, &node, kube, ctx);
        let name = pod.metadata.name.clone();
        kube.create_pod(pod, ctx);
        ctx.event(EventType::Normal, obj.clone(), "SuccessfulCreate", format!("Created pod: {name}"), "daemonset-controller");
        changed = true;
    }
    for k in delete {
        kube.delete_pod(&k, ctx);
        ctx.event(EventType::Normal, obj.clone(), "SuccessfulDelete", format!("Deleted pod: {}", k.name), "daemonset-controller");
        changed = true;
    }
    changed |= set_status(kube, key, &nodes, ctx);
    changed
}

fn is_updated(ds: &DaemonSet, pod: &Pod) -> bool {
    pod.metadata.labels.get(TEMPLATE_GENERATION_LABEL) == Some(&ds.metadata.generation.to_string())
}

/// `RollingUpdate`: delete outdated pods while fewer than `maxUnavailable` of the
/// nodes that should run the pod lack an available one; each comes back from the new template.
fn rolling_update(kube: &mut Kube, ds: &DaemonSet, nodes: &[(String, bool, bool)], ctx: &mut Ctx) -> bool {
    if ds.spec.update_strategy.type_ != "RollingUpdate" {
        return false;
    }
    let desired = nodes.iter().filter(|n| n.1).count() as i64;
    let max_unavailable = ds
        .spec
        .update_strategy
        .rolling_update
        .as_ref()
        .and_then(|r| scaled_value(&r.max_unavailable, desired, true).ok())
        .unwrap_or(1)
        .max(1);
    let by_node = owned_by_node(kube, ds);
    let mut unavailable = 0;
    let mut outdated = Vec::new();
    for (node, _, _) in nodes.iter().filter(|n| n.1) {
        let pods = by_node.get(node).map_or(&[][..], Vec::as_slice);
        let available = pods.iter().any(|k| is_available(&kube.store.pods[k], ds.spec.min_ready_seconds, ctx.now));
        if !available {
            unavailable += 1;
        }
        for k in pods {
            let p = &kube.store.pods[k];
            if !is_updated(ds, p) {
                // Unavailable outdated pods first: replacing them costs nothing.
                outdated.push((available, k.clone()));
            }
        }
    }
    crate::sorting::sort(&mut outdated);
    let obj = reference("DaemonSet", "apps/v1", &ds.metadata);
    let mut changed = false;
    for (available, k) in outdated {
        if available {
            if unavailable >= max_unavailable {
                break;
            }
            unavailable += 1;
        }
        kube.delete_pod(&k, ctx);
        ctx.event(EventType::Normal, obj.clone(), "SuccessfulDelete", format!("Deleted pod: {}", k.name), "daemonset-controller");
        changed = true;
    }
    changed
}

fn pod_for_node(ds: &DaemonSet, node: &str, kube: &Kube, ctx: &mut Ctx) -> Pod {
    let mut pod = kube.pod_from_template(&ds.spec.template, &ds.metadata, controller_ref("apps/v1", "DaemonSet", &ds.metadata), ctx);
    pod.metadata.labels.insert(TEMPLATE_GENERATION_LABEL.into(), ds.metadata.generation.to_string());
    pod.spec.tolerations = tolerations(ds);
    pod.spec.node_name = Some(node.to_string());
    pod.set_condition("PodScheduled", "True", None, None, ctx.now);
    pod
}

fn set_status(kube: &mut Kube, key: &Key, nodes: &[(String, bool, bool)], ctx: &Ctx) -> bool {
    let ds = &kube.store.daemon_sets[key];
    let by_node = owned_by_node(kube, ds);
    let mut st = ds.status.clone();
    let (mut desired, mut current, mut miss, mut ready, mut available, mut updated) = (0, 0, 0, 0, 0, 0);
    for (node, run, _) in nodes {
        let pods: Vec<&Pod> = by_node.get(node).map_or(&[][..], Vec::as_slice).iter().map(|k| &kube.store.pods[k]).collect();
        if *run {
            desired += 1;
        }
        if pods.is_empty() {
            continue;
        }
        if !*run {
            miss += 1;
            continue;
        }
        current += 1;
        if pods.iter().any(|p| p.is_ready()) {
            ready += 1;
        }
        if pods.iter().any(|p| is_available(p, ds.spec.min_ready_seconds, ctx.now)) {
            available += 1;
        }
        if pods.iter().any(|p| is_updated(ds, p)) {
            updated += 1;
        }
    }
    st.desired_number_scheduled = desired;
    st.current_number_scheduled = current;
    st.number_misscheduled = miss;
    st.number_ready = ready;
    st.number_available = available;
    st.number_unavailable = desired - available;
    st.updated_number_scheduled = updated;
    st.observed_generation = ds.metadata.generation;
    let d = kube.store.daemon_sets.get_mut(key).expect("daemon set");
    if d.status == st {
        return false;
    }
    d.status = st;
    true
}
