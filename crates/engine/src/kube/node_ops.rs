//! Node operations of kubectl: `cordon`, `uncordon`, `taint` and `drain`
//! (`staging/src/k8s.io/kubectl/pkg/cmd/{cordon,drain,taint}`, `pkg/drain/filters.go`).
//! Cordoning sets `spec.unschedulable` and, as the node lifecycle controller does
//! (`TaintNodesByCondition`), the `node.kubernetes.io/unschedulable:NoSchedule` taint.
//! A NoExecute taint gets its `timeAdded`, and the taint-eviction part of the node
//! lifecycle controller evicts the pods that do not tolerate it.

use super::node::{Taint, TAINT_UNSCHEDULABLE};
use super::{Ctx, Key, Kube};
use crate::action::{ApiError, Change, Resource, Verb};

/// `pkg/drain/filters.go`: what blocks a drain without `--force`, and the warning with it.
pub const UNMANAGED_FATAL: &str = "cannot delete Pods that declare no controller (use --force to override)";
pub const UNMANAGED_WARNING: &str = "deleting Pods that declare no controller";
pub const DAEMONSET_FATAL: &str = "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
pub const DAEMONSET_WARNING: &str = "ignoring DaemonSet-managed Pods";

pub const TAINT_EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

fn node_change(name: &str, verb: Verb) -> Change {
    Change { resource: Resource::Node, namespace: String::new(), name: name.to_string(), verb }
}

fn node_not_found(name: &str) -> ApiError {
    ApiError::NotFound { resource: Resource::Node, name: name.to_string() }
}

/// What `kubectl drain` would do on `node`: the pods to evict (in the store's
/// order, `namespace/name`), and the fatal error or the warning `GetPodsForDeletion` gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DrainPlan {
    pub evict: Vec<Key>,
    /// `cannot delete Pods that declare no controller (use --force to override): default/lone`
    pub error: Option<String>,
    /// `deleting Pods that declare no controller: default/lone`
    pub warning: Option<String>,
}

pub fn drain_plan(kube: &Kube, node: &str, force: bool, ignore_daemonsets: bool) -> DrainPlan {
    let mut plan = DrainPlan::default();
    let mut unmanaged = Vec::new();
    let mut daemons = Vec::new();
    for pod in kube.store.pods_on(node) {
        // Pods already being deleted are left to finish.
        if pod.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let key = Key::of(&pod.metadata);
        let shown = format!("{}/{}", key.namespace, key.name);
        // daemonSetFilter: a pod whose DaemonSet exists is never evicted (it would come back).
        if let Some(o) = pod.metadata.controller().filter(|o| o.kind == "DaemonSet") {
            let owner_exists = kube.store.daemon_sets.values().any(|d| d.metadata.uid == o.uid);
            if owner_exists || !force {
                if !pod.is_terminal() {
                    daemons.push(shown);
                }
                continue;
            }
        }
        if pod.metadata.controller().is_none() && !pod.is_terminal() {
            unmanaged.push(shown);
        }
        plan.evict.push(key);
    }
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    if !unmanaged.is_empty() {
        if force {
            warnings.push(format!("{UNMANAGED_WARNING}: {}", unmanaged.join(", ")));
        } else {
            errors.push(format!("{UNMANAGED_FATAL}: {}", unmanaged.join(", ")));
        }
    }
    if !daemons.is_empty() {
        if ignore_daemonsets {
            warnings.push(format!("{DAEMONSET_WARNING}: {}", daemons.join(", ")));
        } else {
            errors.push(format!("{DAEMONSET_FATAL}: {}", daemons.join(", ")));
        }
    }
    // `utilerrors.NewAggregate`: one error as it is, several in brackets.
    plan.error = match errors.len() {
        0 => None,
        1 => errors.pop(),
        _ => Some(format!("[{}]", errors.join(", "))),
    };
    if plan.error.is_some() {
        plan.evict.clear();
    }
    plan.warning = (!warnings.is_empty()).then(|| warnings.join("; "));
    plan
}

impl Kube {
    /// Sets or clears `spec.unschedulable` and the matching taint; Unchanged if already so.
    pub(crate) fn cordon(&mut self, name: &str, on: bool) -> Result<Vec<Change>, ApiError> {
        let node = self.store.nodes.get_mut(name).ok_or_else(|| node_not_found(name))?;
        if node.spec.unschedulable == on {
            return Ok(vec![node_change(name, Verb::Unchanged)]);
        }
        node.spec.unschedulable = on;
        node.spec.taints.retain(|t| t.key != TAINT_UNSCHEDULABLE);
        if on {
            node.spec.taints.push(Taint { key: TAINT_UNSCHEDULABLE.into(), value: String::new(), effect: "NoSchedule".into(), time_added: None });
        }
        self.scheduler.cluster_changed();
        Ok(vec![node_change(name, if on { Verb::Cordoned } else { Verb::Uncordoned })])
    }

    pub(crate) fn taint(&mut self, name: &str, mut taint: Taint, overwrite: bool, ctx: &mut Ctx) -> Result<Vec<Change>, ApiError> {
        if !TAINT_EFFECTS.contains(&taint.effect.as_str()) {
            return Err(ApiError::BadRequest(format!("invalid taint effect: {}, unsupported taint effect", taint.effect)));
        }
        if taint.key.is_empty() {
            return Err(ApiError::BadRequest("invalid taint spec: the key is empty".into()));
        }
        let node = self.store.nodes.get_mut(name).ok_or_else(|| node_not_found(name))?;
        let same = node.spec.taints.iter().position(|t| t.key == taint.key && t.effect == taint.effect);
        if same.is_some() && !overwrite {
            return Err(ApiError::BadRequest(format!(
                "node {name} already has {} taint(s) with same effect(s) and --overwrite is false",
                taint.key
            )));
        }
        taint.time_added = (taint.effect == "NoExecute").then_some(ctx.now);
        match same {
            Some(i) => node.spec.taints[i] = taint,
            None => node.spec.taints.push(taint),
        }
        self.scheduler.cluster_changed();
        Ok(vec![node_change(name, Verb::Tainted)])
    }

    /// Removes the taints with `key` (and `effect`, if given).
    pub(crate) fn untaint(&mut self, name: &str, key: &str, effect: Option<&str>) -> Result<Vec<Change>, ApiError> {
        let node = self.store.nodes.get_mut(name).ok_or_else(|| node_not_found(name))?;
        let before = node.spec.taints.len();
        node.spec.taints.retain(|t| !(t.key == key && effect.is_none_or(|e| t.effect == e)));
        if node.spec.taints.len() == before {
            let shown = match effect {
                Some(e) => format!("{key}:{e}"),
                None => key.to_string(),
            };
            return Err(ApiError::BadRequest(format!("taint {shown:?} not found")));
        }
        if key == TAINT_UNSCHEDULABLE {
            // The node lifecycle controller keeps this taint in step with spec.unschedulable.
            node.spec.unschedulable = false;
        }
        self.scheduler.cluster_changed();
        Ok(vec![node_change(name, Verb::Untainted)])
    }

    /// Cordons the node, then evicts its pods (graceful deletion, as the Eviction API does
    /// without PodDisruptionBudgets). Refused, changing nothing, if a pod without a
    /// controller is on it and `force` is false, or a DaemonSet's pod and `ignore_daemonsets` is false.
    pub(crate) fn drain(&mut self, name: &str, force: bool, ignore_daemonsets: bool, ctx: &mut Ctx) -> Result<Vec<Change>, ApiError> {
        if !self.store.nodes.contains_key(name) {
            return Err(node_not_found(name));
        }
        let plan = drain_plan(self, name, force, ignore_daemonsets);
        if let Some(e) = plan.error {
            return Err(ApiError::BadRequest(format!("unable to drain node {name:?} due to error: {e}")));
        }
        self.cordon(name, true)?;
        let mut changes = Vec::new();
        for k in &plan.evict {
            self.delete_pod(k, ctx);
            changes.push(Change { resource: Resource::Pod, namespace: k.namespace.clone(), name: k.name.clone(), verb: Verb::Evicted });
        }
        changes.push(node_change(name, Verb::Drained));
        Ok(changes)
    }
}
