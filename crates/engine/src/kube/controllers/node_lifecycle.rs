//! The node lifecycle controller (`pkg/controller/nodelifecycle/`): a node whose
//! kubelet is silent for `node-monitor-grace-period` becomes Ready=Unknown, is
//! tainted unreachable, its pods are marked not ready, and the taint-eviction
//! controller deletes them once their toleration runs out
//! (`pkg/controller/tainteviction/taint_eviction.go`).

use super::super::node::{Node, Taint, TAINT_UNREACHABLE};
use super::super::pod::Pod;
use super::super::store::seek;
use super::super::{reference, Ctx, Key, Kube, NODE_MONITOR_GRACE_SECONDS};
use crate::clock::SimTime;
use crate::events::EventType;

pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let mut changed = false;
    // Live kubelets post their heartbeat; only the silent nodes are kept for what follows (what
    // is done for one never reads another's machine, so their order among the live ones does
    // not matter). The machines and the nodes are keyed alike: the nodes are walked alongside.
    let mut nodes = kube.store.nodes.iter().peekable();
    let mut silent_nodes: Vec<String> = Vec::new();
    for (name, m) in kube.machines.iter_mut() {
        if seek(&mut nodes, name).is_none() {
            continue;
        }
        if m.alive {
            m.last_heartbeat = ctx.now;
        } else {
            silent_nodes.push(name.clone());
        }
    }
    for name in &silent_nodes {
        let m = &kube.machines[name];
        let silent = ctx.now.since(m.last_heartbeat);
        let node = kube.store.nodes.get_mut(name).expect("node");
        if silent >= NODE_MONITOR_GRACE_SECONDS && node.ready_status() == "True" {
            mark_unknown(node, ctx.now);
            let obj = reference("Node", "v1", &node.metadata);
            ctx.event(EventType::Normal, obj, "NodeNotReady", format!("Node {name} status is now: NodeNotReady"), "node-controller");
            mark_pods_not_ready(kube, name, ctx);
            kube.scheduler.cluster_changed();
            changed = true;
        }
    }
    changed |= evict(kube, ctx);
    changed
}

fn mark_unknown(node: &mut Node, now: SimTime) {
    for c in &mut node.status.conditions {
        if c.type_ == "Ready" {
            c.status = "Unknown".into();
            c.reason = "NodeStatusUnknown".into();
            c.message = "Kubelet stopped posting node status.".into();
            c.last_transition_time = now;
        }
    }
    for effect in ["NoSchedule", "NoExecute"] {
        if !node.spec.taints.iter().any(|t| t.key == TAINT_UNREACHABLE && t.effect == effect) {
            node.spec.taints.push(Taint {
                key: TAINT_UNREACHABLE.into(),
                value: String::new(),
                effect: effect.into(),
                time_added: Some(now),
            });
        }
    }
}

/// `MarkPodsNotReady`: the pods of an unreachable node leave Service endpoints.
fn mark_pods_not_ready(kube: &mut Kube, node: &str, ctx: &mut Ctx) {
    let keys: Vec<Key> = kube.store.pods_on(node).map(|p| Key::of(&p.metadata)).collect();
    for k in keys {
        let pod = kube.store.pods.get_mut(&k).expect("pod");
        if pod.is_terminal() {
            continue;
        }
        pod.set_condition("Ready", "False", None, None, ctx.now);
        pod.set_condition("ContainersReady", "False", None, None, ctx.now);
        for cs in &mut pod.status.container_statuses {
            cs.ready = false;
        }
        let obj = reference("Pod", "v1", &pod.metadata);
        ctx.event(EventType::Warning, obj, "NodeNotReady", "Node is not ready".into(), "node-controller");
    }
}

/// When a pod must leave a node with NoExecute taints: now if a taint is not
/// tolerated, never if every toleration is unbounded, else the earliest deadline.
pub fn eviction_time(pod: &Pod, taints: &[Taint], now: SimTime) -> Option<SimTime> {
    let mut at: Option<SimTime> = None;
    for t in taints.iter().filter(|t| t.effect == "NoExecute") {
        let matching: Vec<_> = pod.spec.tolerations.iter().filter(|tol| t.tolerated_by(std::slice::from_ref(*tol))).collect();
        if matching.is_empty() {
            return Some(now);
        }
        if matching.iter().any(|tol| tol.toleration_seconds.is_none()) {
            continue;
        }
        let secs = matching.iter().filter_map(|tol| tol.toleration_seconds).min().unwrap_or(0).max(0) as u64;
        let deadline = t.time_added.unwrap_or(now).plus(secs);
        at = Some(at.map_or(deadline, |a| a.min(deadline)));
    }
    at
}

fn evict(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let mut due = Vec::new();
    for node in kube.store.nodes.values().filter(|n| n.spec.taints.iter().any(|t| t.effect == "NoExecute")) {
        for pod in kube.store.pods_on(node.name()) {
            if pod.is_active() && eviction_time(pod, &node.spec.taints, ctx.now).is_some_and(|t| t <= ctx.now) {
                due.push(Key::of(&pod.metadata));
            }
        }
    }
    for k in &due {
        let obj = reference("Pod", "v1", &kube.store.pods[k].metadata);
        ctx.event(EventType::Normal, obj, "TaintManagerEviction", format!("Marking for deletion Pod {k}"), "taint-eviction-controller");
        kube.delete_pod(k, ctx);
    }
    !due.is_empty()
}
