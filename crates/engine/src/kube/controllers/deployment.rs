//! The Deployment controller (`pkg/controller/deployment/`): one ReplicaSet per
//! pod template, named by its hash; RollingUpdate within the surge and
//! unavailability budgets (`rolling.go`), Recreate (`recreate.go`), status and
//! conditions (`sync.go`), old ReplicaSets trimmed to `revisionHistoryLimit`.

use super::super::meta::{ObjectMeta, OwnerReference};
use super::super::names::{pod_template_hash, POD_TEMPLATE_HASH_LABEL};
use super::super::workloads::{resolve_fenceposts, Deployment, DeploymentCondition, ReplicaSet, ReplicaSetSpec};
use super::super::{reference, Ctx, Key, Kube};
use crate::clock::SimTime;
use crate::events::EventType;

pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
pub const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";

pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let keys: Vec<Key> = kube.store.deployments.keys().cloned().collect();
    let mut changed = false;
    for key in keys {
        changed |= sync(kube, &key, ctx);
    }
    changed
}

/// The ReplicaSets the Deployment controls, oldest first.
pub fn owned_rs(kube: &Kube, d: &Deployment) -> Vec<Key> {
    let mut v: Vec<(Option<SimTime>, Key)> = kube
        .store
        .replica_sets
        .iter()
        .filter(|(_, rs)| rs.metadata.namespace == d.metadata.namespace && rs.metadata.controller().is_some_and(|o| o.uid == d.metadata.uid))
        .map(|(k, rs)| (rs.metadata.creation_timestamp, k.clone()))
        .collect();
    v.sort();
    v.into_iter().map(|(_, k)| k).collect()
}

/// A ReplicaSet's `deployment.kubernetes.io/revision` (0 if none).
pub fn revision(rs: &ReplicaSet) -> i64 {
    rs.metadata.annotations.get(REVISION_ANNOTATION).and_then(|r| r.parse().ok()).unwrap_or(0)
}

/// Templates equal apart from the hash label (`EqualIgnoreHash`).
fn same_template(rs: &ReplicaSet, d: &Deployment) -> bool {
    let mut t = rs.spec.template.clone();
    t.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
    t == d.spec.template
}

fn sync(kube: &mut Kube, key: &Key, ctx: &mut Ctx) -> bool {
    let d = kube.store.deployments[key].clone();
    let obj = reference("Deployment", "apps/v1", &d.metadata);
    let mut rs_keys = owned_rs(kube, &d);
    let new_key = rs_keys.iter().find(|k| same_template(&kube.store.replica_sets[*k], &d)).cloned();
    let max_rev = rs_keys.iter().map(|k| revision(&kube.store.replica_sets[k])).max().unwrap_or(0);
    let old_keys: Vec<Key> = rs_keys.iter().filter(|k| Some(*k) != new_key.as_ref()).cloned().collect();
    let (surge, unavailable) = match &d.spec.strategy.rolling_update {
        Some(ru) if d.spec.strategy.type_ == "RollingUpdate" => {
            resolve_fenceposts(&ru.max_surge, &ru.max_unavailable, d.spec.replicas).unwrap_or((1, 0))
        }
        _ => (0, 0),
    };
    if d.spec.paused {
        // `sync` for a paused Deployment: no rollout, status only, condition `DeploymentPaused`.
        let mut changed = check_paused_conditions(kube, key, ctx.now);
        changed |= update_status(kube, key, new_key.as_ref(), &rs_keys, unavailable, ctx.now, false);
        return changed;
    }
    let mut changed = check_paused_conditions(kube, key, ctx.now);
    let new_key = match new_key {
        Some(k) => {
            // A template rolled back to an old ReplicaSet: it becomes the newest revision.
            let rs = kube.store.replica_sets.get_mut(&k).expect("rs");
            if revision(rs) < max_rev {
                rs.metadata.annotations.insert(REVISION_ANNOTATION.into(), (max_rev + 1).to_string());
                changed = true;
            }
            // getNewReplicaSet keeps the new ReplicaSet's minReadySeconds in step.
            if rs.spec.min_ready_seconds != d.spec.min_ready_seconds {
                rs.spec.min_ready_seconds = d.spec.min_ready_seconds;
                changed = true;
            }
            k
        }
        None => {
            let k = create_new_rs(kube, &d, max_rev + 1, ctx);
            set_condition(kube, key, "Progressing", "True", "NewReplicaSetCreated", &format!("Created new replica set \"{}\"", k.name), ctx.now);
            rs_keys.push(k.clone());
            changed = true;
            k
        }
    };
    let replicas = d.spec.replicas;
    let spec_of = |kube: &Kube, k: &Key| kube.store.replica_sets[k].spec.replicas;
    let old_active: i64 = old_keys.iter().map(|k| spec_of(kube, k)).sum();
    if d.spec.strategy.type_ == "Recreate" {
        for k in &old_keys {
            changed |= scale(kube, k, 0, &obj, ctx);
        }
        let old_pods_left = old_keys.iter().any(|k| kube.store.replica_sets[k].status.replicas > 0);
        if !old_pods_left {
            changed |= scale(kube, &new_key, replicas, &obj, ctx);
        }
    } else if old_active == 0 {
        changed |= scale(kube, &new_key, replicas, &obj, ctx);
    } else {
        // reconcileNewReplicaSet: grow the new one within replicas + maxSurge.
        let new_spec = spec_of(kube, &new_key);
        if new_spec > replicas {
            changed |= scale(kube, &new_key, replicas, &obj, ctx);
        } else if new_spec < replicas {
            let total: i64 = rs_keys.iter().map(|k| spec_of(kube, k)).sum();
            let max_total = replicas + surge;
            if total < max_total {
                let up = (max_total - total).min(replicas - new_spec);
                changed |= scale(kube, &new_key, new_spec + up, &obj, ctx);
            }
        }
        // reconcileOldReplicaSets: shrink old ones while keeping replicas - maxUnavailable available.
        let all_pods: i64 = rs_keys.iter().map(|k| spec_of(kube, k)).sum();
        let min_available = replicas - unavailable;
        let new_rs = &kube.store.replica_sets[&new_key];
        let new_unavailable = new_rs.spec.replicas - new_rs.status.available_replicas;
        let mut max_scaled_down = all_pods - min_available - new_unavailable;
        if max_scaled_down > 0 {
            // cleanupUnhealthyReplicas: unavailable old pods go first.
            for k in &old_keys {
                if max_scaled_down <= 0 {
                    break;
                }
                let rs = &kube.store.replica_sets[k];
                let unhealthy = rs.spec.replicas - rs.status.available_replicas;
                let down = unhealthy.min(max_scaled_down).max(0);
                if down > 0 {
                    let target = rs.spec.replicas - down;
                    changed |= scale(kube, k, target, &obj, ctx);
                    max_scaled_down -= down;
                }
            }
            // scaleDownOldReplicaSetsForRollingUpdate: then available ones, oldest first.
            let available: i64 = rs_keys.iter().map(|k| kube.store.replica_sets[k].status.available_replicas).sum();
            let mut budget = (available - min_available).min(max_scaled_down);
            for k in &old_keys {
                if budget <= 0 {
                    break;
                }
                let cur = spec_of(kube, k);
                let down = cur.min(budget);
                if down > 0 {
                    changed |= scale(kube, k, cur - down, &obj, ctx);
                    budget -= down;
                }
            }
        }
    }
    changed |= cleanup_history(kube, &d, &new_key);
    // The Deployment carries the revision of its newest ReplicaSet (`SetDeploymentRevision`).
    let rev = revision(&kube.store.replica_sets[&new_key]).to_string();
    let dep = kube.store.deployments.get_mut(key).expect("deployment");
    if dep.metadata.annotations.get(REVISION_ANNOTATION) != Some(&rev) {
        dep.metadata.annotations.insert(REVISION_ANNOTATION.into(), rev);
        changed = true;
    }
    let rs_keys = owned_rs(kube, &d);
    changed |= update_status(kube, key, Some(&new_key), &rs_keys, unavailable, ctx.now, true);
    changed
}

fn create_new_rs(kube: &mut Kube, d: &Deployment, revision: i64, ctx: &mut Ctx) -> Key {
    let hash = pod_template_hash(&d.spec.template);
    let mut template = d.spec.template.clone();
    template.metadata.labels.insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
    let mut selector = d.spec.selector.clone();
    selector.match_labels.insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
    let name = format!("{}-{}", d.metadata.name, hash);
    let mut annotations = std::collections::BTreeMap::new();
    annotations.insert(REVISION_ANNOTATION.to_string(), revision.to_string());
    annotations.insert(DESIRED_REPLICAS_ANNOTATION.to_string(), d.spec.replicas.to_string());
    let rs = ReplicaSet {
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: d.metadata.namespace.clone(),
            uid: ctx.rng.uid(),
            resource_version: kube.store.next_resource_version(),
            generation: 1,
            creation_timestamp: Some(ctx.now),
            labels: template.metadata.labels.clone(),
            annotations,
            owner_references: vec![OwnerReference {
                api_version: "apps/v1".into(),
                kind: "Deployment".into(),
                name: d.metadata.name.clone(),
                uid: d.metadata.uid.clone(),
                controller: true,
                block_owner_deletion: true,
            }],
            ..Default::default()
        },
        spec: ReplicaSetSpec { replicas: 0, min_ready_seconds: d.spec.min_ready_seconds, selector, template },
        status: Default::default(),
    };
    let key = Key::of(&rs.metadata);
    kube.store.replica_sets.insert(key.clone(), rs);
    key
}

/// Sets a ReplicaSet's replicas and records `ScalingReplicaSet` on the Deployment.
fn scale(kube: &mut Kube, rs_key: &Key, to: i64, obj: &super::super::meta::ObjectReference, ctx: &mut Ctx) -> bool {
    let rs = kube.store.replica_sets.get_mut(rs_key).expect("rs");
    let from = rs.spec.replicas;
    if from == to {
        return false;
    }
    rs.spec.replicas = to;
    rs.metadata.generation += 1;
    let dir = if to > from { "up" } else { "down" };
    ctx.event(
        EventType::Normal,
        obj.clone(),
        "ScalingReplicaSet",
        format!("Scaled {dir} replica set {} from {from} to {to}", rs_key.name),
        "deployment-controller",
    );
    true
}

/// Old ReplicaSets with no replicas beyond `revisionHistoryLimit` are deleted, oldest first.
fn cleanup_history(kube: &mut Kube, d: &Deployment, new_key: &Key) -> bool {
    let limit = d.spec.revision_history_limit.max(0) as usize;
    let mut idle: Vec<(i64, Key)> = owned_rs(kube, d)
        .into_iter()
        .filter(|k| k != new_key)
        .filter(|k| {
            let rs = &kube.store.replica_sets[k];
            rs.spec.replicas == 0 && rs.status.replicas == 0
        })
        .map(|k| (revision(&kube.store.replica_sets[&k]), k))
        .collect();
    if idle.len() <= limit {
        return false;
    }
    idle.sort();
    let excess = idle.len() - limit;
    for (_, k) in idle.into_iter().take(excess) {
        kube.store.replica_sets.remove(&k);
    }
    true
}

fn set_condition(kube: &mut Kube, key: &Key, type_: &str, status: &str, reason: &str, message: &str, now: SimTime) -> bool {
    let d = kube.store.deployments.get_mut(key).expect("deployment");
    match d.status.conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) if c.status == status && c.reason == reason && c.message == message => false,
        Some(c) => {
            if c.status != status {
                c.last_transition_time = now;
            }
            c.status = status.into();
            c.reason = reason.into();
            c.message = message.into();
            c.last_update_time = now;
            true
        }
        None => {
            d.status.conditions.push(DeploymentCondition {
                type_: type_.into(),
                status: status.into(),
                reason: reason.into(),
                message: message.into(),
                last_update_time: now,
                last_transition_time: now,
            });
            // Real Deployments list Available before Progressing.
            d.status.conditions.sort_by_key(|c| c.type_ != "Available");
            true
        }
    }
}

/// `checkPausedConditions` (`sync.go`): Progressing=Unknown `DeploymentPaused` while
/// paused, `DeploymentResumed` once resumed; a timed-out condition is kept.
fn check_paused_conditions(kube: &mut Kube, key: &Key, now: SimTime) -> bool {
    let d = &kube.store.deployments[key];
    let reason = d.status.conditions.iter().find(|c| c.type_ == "Progressing").map(|c| c.reason.clone());
    if reason.as_deref() == Some(TIMED_OUT_REASON) {
        return false;
    }
    let paused_cond = reason.as_deref() == Some("DeploymentPaused");
    if d.spec.paused && !paused_cond {
        set_condition(kube, key, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now)
    } else if !d.spec.paused && paused_cond {
        set_condition(kube, key, "Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed", now)
    } else {
        false
    }
}

/// `util.TimedOutReason`.
pub const TIMED_OUT_REASON: &str = "ProgressDeadlineExceeded";

/// `calculateStatus` + `syncRolloutStatus` (`progress.go`). `rollout` is false for a
/// paused Deployment, whose Progressing condition is left alone.
fn update_status(kube: &mut Kube, key: &Key, new_key: Option<&Key>, rs_keys: &[Key], max_unavailable: i64, now: SimTime, rollout: bool) -> bool {
    let rss: Vec<&ReplicaSet> = rs_keys.iter().filter_map(|k| kube.store.replica_sets.get(k)).collect();
    let spec_total: i64 = rss.iter().map(|r| r.spec.replicas).sum();
    let actual: i64 = rss.iter().map(|r| r.status.replicas).sum();
    let ready: i64 = rss.iter().map(|r| r.status.ready_replicas).sum();
    let available: i64 = rss.iter().map(|r| r.status.available_replicas).sum();
    let updated = new_key.and_then(|k| kube.store.replica_sets.get(k)).map_or(0, |r| r.status.replicas);
    let d = kube.store.deployments.get_mut(key).expect("deployment");
    let replicas = d.spec.replicas;
    let before = d.status.clone();
    d.status.observed_generation = d.metadata.generation;
    d.status.replicas = actual;
    d.status.updated_replicas = updated;
    d.status.ready_replicas = ready;
    d.status.available_replicas = available;
    d.status.unavailable_replicas = (spec_total - available).max(0);
    let mut changed = d.status != before;
    let (status, reason, message) = if available >= replicas - max_unavailable {
        ("True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
    } else {
        ("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.")
    };
    changed |= set_condition(kube, key, "Available", status, reason, message, now);
    let Some(nk) = new_key.filter(|_| rollout) else { return changed };
    let d = &kube.store.deployments[key];
    let new = d.status.clone();
    let current = before.conditions.iter().find(|c| c.type_ == "Progressing").cloned();
    let current_reason = current.as_ref().map(|c| c.reason.as_str());
    // A finished rollout is not re-estimated (`isCompleteDeployment`).
    if new.replicas == new.updated_replicas && current_reason == Some("NewReplicaSetAvailable") {
        return changed;
    }
    let complete = new.updated_replicas == replicas && new.replicas == replicas && new.available_replicas == replicas;
    // `DeploymentProgressing`: more updated, fewer old, more ready or more available pods.
    let progressing = new.updated_replicas > before.updated_replicas
        || new.replicas - new.updated_replicas < before.replicas - before.updated_replicas
        || new.ready_replicas > before.ready_replicas
        || new.available_replicas > before.available_replicas;
    if complete {
        changed |= set_condition(kube, key, "Progressing", "True", "NewReplicaSetAvailable", &format!("ReplicaSet \"{}\" has successfully progressed.", nk.name), now);
    } else if progressing {
        // Progress moves lastUpdateTime even when the reason stays the same.
        let message = format!("ReplicaSet \"{}\" is progressing.", nk.name);
        let d = kube.store.deployments.get_mut(key).expect("deployment");
        let transition = match &current {
            Some(c) if c.status == "True" => c.last_transition_time,
            _ => now,
        };
        d.status.conditions.retain(|c| c.type_ != "Progressing");
        d.status.conditions.push(DeploymentCondition {
            type_: "Progressing".into(),
            status: "True".into(),
            reason: "ReplicaSetUpdated".into(),
            message,
            last_update_time: now,
            last_transition_time: transition,
        });
        d.status.conditions.sort_by_key(|c| c.type_ != "Available");
        changed |= Some(&d.status.conditions) != Some(&before.conditions);
    } else if timed_out(&kube.store.deployments[key], now) {
        changed |= set_condition(kube, key, "Progressing", "False", TIMED_OUT_REASON, &format!("ReplicaSet \"{}\" has timed out progressing.", nk.name), now);
    }
    changed
}

/// `DeploymentTimedOut` (`util/deployment_util.go`): no progress recorded for more than
/// `progressDeadlineSeconds` since the Progressing condition's lastUpdateTime
/// (`from.Add(delta).Before(now)`, strictly).
fn timed_out(d: &Deployment, now: SimTime) -> bool {
    let Some(c) = d.status.conditions.iter().find(|c| c.type_ == "Progressing") else { return false };
    match c.reason.as_str() {
        "NewReplicaSetAvailable" => false,
        TIMED_OUT_REASON => true,
        _ => now.since(c.last_update_time) > d.spec.progress_deadline_seconds.max(0) as u64,
    }
}
