//! The Deployment controller (`pkg/controller/deployment/`): one ReplicaSet per
//! pod template, named by its hash; RollingUpdate within the surge and
//! unavailability budgets (`rolling.go`), Recreate (`recreate.go`), status and
//! conditions (`sync.go`), old ReplicaSets trimmed to `revisionHistoryLimit`.

use super::super::meta::ObjectMeta;
use super::super::names::{pod_template_hash, POD_TEMPLATE_HASH_LABEL};
use super::super::workloads::{resolve_fenceposts, Deployment, DeploymentCondition, ReplicaSet, ReplicaSetSpec};
use super::super::{reference, Ctx, Key, Kube};
use crate::clock::SimTime;
use crate::events::EventType;
use super::pods::controller_ref;

pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
pub const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";

pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let plans = owned_rs_of_each(kube);
    let mut changed = false;
    for (key, rs_keys) in plans {
        changed |= sync(kube, &key, rs_keys, ctx);
    }
    changed
}

/// Every Deployment's key with its `owned_rs`, read in one walk over the ReplicaSets instead
/// of one walk per Deployment. A Deployment's sync creates and deletes only ReplicaSets it
/// owns, so what is read here for the later ones holds until their turn, unless two
/// Deployments share a uid (only a hand-written state could): those get `None`, and `sync`
/// reads theirs when their turn comes.
fn owned_rs_of_each(kube: &Kube) -> Vec<(Key, Option<Vec<Key>>)> {
    let mut by_owner: Vec<(&str, Option<SimTime>, &Key, &Option<String>)> = kube
        .store
        .replica_sets
        .iter()
        .filter_map(|(k, rs)| {
            rs.metadata.controller().map(|o| (o.uid.as_str(), rs.metadata.creation_timestamp, k, &rs.metadata.namespace))
        })
        .collect();
    // By owner, then `owned_rs`'s order (creation time, then key; keys are unique, so the
    // namespace after them is never compared).
    crate::sorting::sort(&mut by_owner);
    let mut uids: Vec<&str> = kube.store.deployments.values().map(|d| d.metadata.uid.as_str()).collect();
    crate::sorting::sort(&mut uids);
    // The uids more than one Deployment has (none, but in a hand-written state).
    let shared: Vec<&str> = uids.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]).collect();
    kube.store
        .deployments
        .iter()
        .map(|(key, d)| {
            let uid = d.metadata.uid.as_str();
            let owned = (!shared.contains(&uid)).then(|| {
                let from = by_owner.partition_point(|(u, _, _, _)| *u < uid);
                by_owner[from..]
                    .iter()
                    .take_while(|(u, _, _, _)| *u == uid)
                    .filter(|(_, _, _, ns)| **ns == d.metadata.namespace)
                    .map(|(_, _, k, _)| (*k).clone())
                    .collect()
            });
            (key.clone(), owned)
        })
        .collect()
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
    crate::sorting::sort(&mut v);
    v.into_iter().map(|(_, k)| k).collect()
}

/// A ReplicaSet's `deployment.kubernetes.io/revision` (0 if none).
pub fn revision(rs: &ReplicaSet) -> i64 {
    rs.metadata.annotations.get(REVISION_ANNOTATION).and_then(|r| r.parse().ok()).unwrap_or(0)
}

/// Templates equal apart from the hash label (`EqualIgnoreHash`).
fn same_template(rs: &ReplicaSet, d: &Deployment) -> bool {
    // Compared in place (this runs for every ReplicaSet of every Deployment each pass):
    // the specs, the labels but the hash, then the rest of the metadata.
    let (t, want) = (&rs.spec.template, &d.spec.template);
    let labels = &t.metadata.labels;
    let hash = labels.contains_key(POD_TEMPLATE_HASH_LABEL) as usize;
    if t.spec != want.spec
        || labels.len() - hash != want.metadata.labels.len()
        || labels.iter().filter(|(k, _)| *k != POD_TEMPLATE_HASH_LABEL).ne(want.metadata.labels.iter())
    {
        return false;
    }
    // Field by field, without copying either side (a new ObjectMeta field fails to compile here).
    let ObjectMeta {
        name,
        generate_name,
        namespace,
        uid,
        resource_version,
        generation,
        creation_timestamp,
        deletion_timestamp,
        labels: _,
        annotations,
        owner_references,
        self_link,
        managed_fields,
    } = &t.metadata;
    let w = &want.metadata;
    *name == w.name
        && *generate_name == w.generate_name
        && *namespace == w.namespace
        && *uid == w.uid
        && *resource_version == w.resource_version
        && *generation == w.generation
        && *creation_timestamp == w.creation_timestamp
        && *deletion_timestamp == w.deletion_timestamp
        && *annotations == w.annotations
        && *owner_references == w.owner_references
        && *self_link == w.self_link
        && *managed_fields == w.managed_fields
}

/// What `sync` reads of the Deployment, copied out at its start (the spec does not change
/// during a sync), so the Deployment itself is not copied every pass.
struct Wants {
    replicas: i64,
    rolling: bool,
    recreate: bool,
    paused: bool,
    min_ready_seconds: i64,
    status_replicas: i64,
    revision_history_limit: i64,
}

/// `rs_keys`: the Deployment's `owned_rs`, if already read (`owned_rs_of_each`).
fn sync(kube: &mut Kube, key: &Key, rs_keys: Option<Vec<Key>>, ctx: &mut Ctx) -> bool {
    let d = &kube.store.deployments[key];
    let obj = Owner(key);
    let mut rs_keys = rs_keys.unwrap_or_else(|| owned_rs(kube, d));
    // One look at each ReplicaSet: the new one (the first with the template), the highest
    // revision, and `isScalingEvent` (the new ReplicaSet's update below touches neither its
    // size nor its desired-replicas annotation).
    // The new one's revision and minReadySeconds are kept, so it is looked up again only to be changed.
    let (mut new_key, mut max_rev, mut scaling_event) = (None, None, false);
    let (mut new_rev, mut new_min_ready) = (0, 0);
    for k in &rs_keys {
        let rs = &kube.store.replica_sets[k];
        if new_key.is_none() && same_template(rs, d) {
            new_key = Some(k.clone());
            (new_rev, new_min_ready) = (revision(rs), rs.spec.min_ready_seconds);
        }
        max_rev = Some(max_rev.map_or(revision(rs), |m: i64| m.max(revision(rs))));
        scaling_event |= is_scaling_event(rs, d.spec.replicas);
    }
    let max_rev = max_rev.unwrap_or(0);
    let old_keys: Vec<Key> = rs_keys.iter().filter(|k| Some(*k) != new_key.as_ref()).cloned().collect();
    let (surge, unavailable) = match &d.spec.strategy.rolling_update {
        Some(ru) if d.spec.strategy.type_ == "RollingUpdate" => {
            resolve_fenceposts(&ru.max_surge, &ru.max_unavailable, d.spec.replicas).unwrap_or((1, 0))
        }
        _ => (0, 0),
    };
    // The revision the Deployment will carry (`SetDeploymentRevision`): the new ReplicaSet's,
    // which is made, or raised from an old one's, with the next revision.
    let final_rev = match new_key {
        Some(_) if new_rev >= max_rev => new_rev,
        _ => max_rev + 1,
    }
    .to_string();
    let revision_stale = d.metadata.annotations.get(REVISION_ANNOTATION) != Some(&final_rev);
    let paused_change = paused_condition(d);
    let d = Wants {
        replicas: d.spec.replicas,
        rolling: d.spec.strategy.type_ == "RollingUpdate",
        recreate: d.spec.strategy.type_ == "Recreate",
        paused: d.spec.paused,
        min_ready_seconds: d.spec.min_ready_seconds,
        status_replicas: d.status.replicas,
        revision_history_limit: d.spec.revision_history_limit,
    };
    let budget = (d.replicas, surge, d.rolling);
    // `getNewReplicaSet` for an existing new ReplicaSet, in every path.
    let mut synced = false;
    if let Some(k) = new_key.as_ref().filter(|_| new_rev < max_rev || new_min_ready != d.min_ready_seconds) {
        // A template rolled back to an old ReplicaSet: it becomes the newest revision.
        let rs = kube.store.replica_sets.get_mut(k).expect("rs");
        if new_rev < max_rev {
            new_rev = max_rev + 1;
            rs.metadata.annotations.insert(REVISION_ANNOTATION.into(), new_rev.to_string());
            synced = true;
        }
        // getNewReplicaSet keeps the new ReplicaSet's minReadySeconds in step.
        if rs.spec.min_ready_seconds != d.min_ready_seconds {
            rs.spec.min_ready_seconds = d.min_ready_seconds;
            synced = true;
        }
    }
    if d.paused || scaling_event {
        // `sync` (`sync.go`), for a paused Deployment or a scaling event: proportional
        // scaling only, no rollout, status without the Progressing estimate.
        let mut changed = synced | check_paused_conditions(kube, key, paused_change, ctx.now);
        changed |= scale_proportionally(kube, new_key.as_ref(), &old_keys, budget, d.status_replicas, &obj, ctx);
        // Scaling neither creates nor deletes ReplicaSets: `rs_keys` is still what `owned_rs` gives.
        changed |= update_status(kube, key, new_key.as_ref(), &rs_keys, unavailable, ctx.now, false);
        return changed;
    }
    let mut changed = synced | check_paused_conditions(kube, key, paused_change, ctx.now);
    let new_key = match new_key {
        Some(k) => k,
        None => {
            // The whole Deployment is read only here: copied, as the store changes below.
            let dep = kube.store.deployments[key].clone();
            new_rev = max_rev + 1;
            let k = create_new_rs(kube, &dep, new_rev, surge, ctx);
            set_condition(deployment_mut(kube, key), "Progressing", "True", "NewReplicaSetCreated", &format!("Created new replica set \"{}\"", k.name), ctx.now);
            rs_keys.push(k.clone());
            changed = true;
            k
        }
    };
    let replicas = d.replicas;
    let spec_of = |kube: &Kube, k: &Key| kube.store.replica_sets[k].spec.replicas;
    let old_active: i64 = old_keys.iter().map(|k| spec_of(kube, k)).sum();
    if d.recreate {
        for k in &old_keys {
            changed |= scale(kube, k, 0, budget, &obj, ctx);
        }
        let old_pods_left = old_keys.iter().any(|k| kube.store.replica_sets[k].status.replicas > 0);
        if !old_pods_left {
            changed |= scale(kube, &new_key, replicas, budget, &obj, ctx);
        }
    } else if old_active == 0 {
        changed |= scale(kube, &new_key, replicas, budget, &obj, ctx);
    } else {
        // reconcileNewReplicaSet: grow the new one within replicas + maxSurge.
        let new_spec = spec_of(kube, &new_key);
        if new_spec > replicas {
            changed |= scale(kube, &new_key, replicas, budget, &obj, ctx);
        } else if new_spec < replicas {
            let total: i64 = rs_keys.iter().map(|k| spec_of(kube, k)).sum();
            let max_total = replicas + surge;
            if total < max_total {
                let up = (max_total - total).min(replicas - new_spec);
                changed |= scale(kube, &new_key, new_spec + up, budget, &obj, ctx);
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
                    changed |= scale(kube, k, target, budget, &obj, ctx);
                    max_scaled_down -= down;
                }
            }
            // scaleDownOldReplicaSetsForRollingUpdate: then available ones, oldest first.
            let available: i64 = rs_keys.iter().map(|k| kube.store.replica_sets[k].status.available_replicas).sum();
            let mut room = (available - min_available).min(max_scaled_down);
            for k in &old_keys {
                if room <= 0 {
                    break;
                }
                let cur = spec_of(kube, k);
                let down = cur.min(room);
                if down > 0 {
                    changed |= scale(kube, k, cur - down, budget, &obj, ctx);
                    room -= down;
                }
            }
        }
    }
    // `rs_keys` is `owned_rs` at the start plus the ReplicaSet created above: the
    // Deployment's ReplicaSets now, without scanning them all again.
    changed |= cleanup_history(kube, d.revision_history_limit, &new_key, &rs_keys);
    // The Deployment carries the revision of its newest ReplicaSet, `final_rev` (nothing in
    // this sync changes the Deployment's annotations before this).
    debug_assert_eq!(final_rev, new_rev.to_string());
    if revision_stale {
        deployment_mut(kube, key).metadata.annotations.insert(REVISION_ANNOTATION.into(), final_rev);
        changed = true;
    }
    // Those `cleanup_history` deleted are skipped by `update_status`, which only sums.
    changed |= update_status(kube, key, Some(&new_key), &rs_keys, unavailable, ctx.now, true);
    changed
}

fn create_new_rs(kube: &mut Kube, d: &Deployment, revision: i64, max_surge: i64, ctx: &mut Ctx) -> Key {
    let hash = pod_template_hash(&d.spec.template);
    let mut template = d.spec.template.clone();
    template.metadata.labels.insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
    let mut selector = d.spec.selector.clone();
    selector.match_labels.insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
    let name = format!("{}-{}", d.metadata.name, hash);
    let mut annotations = std::collections::BTreeMap::new();
    annotations.insert(REVISION_ANNOTATION.to_string(), revision.to_string());
    annotations.insert(DESIRED_REPLICAS_ANNOTATION.to_string(), d.spec.replicas.to_string());
    // `SetReplicasAnnotations` on creation: desired replicas and replicas + maxSurge.
    annotations.insert(MAX_REPLICAS_ANNOTATION.to_string(), (d.spec.replicas + max_surge).to_string());
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
            owner_references: vec![controller_ref("apps/v1", "Deployment", &d.metadata)],
            ..Default::default()
        },
        spec: ReplicaSetSpec { replicas: 0, min_ready_seconds: d.spec.min_ready_seconds, selector, template },
        status: Default::default(),
    };
    let key = Key::of(&rs.metadata);
    kube.store.replica_sets.insert(key.clone(), rs);
    key
}

/// The Deployment whose sync this is, by key: its reference for an event is made when one is
/// recorded (its name, namespace and uid do not change during a sync).
struct Owner<'k>(&'k Key);

/// The Deployment's `(replicas, maxSurge, rolling update?)`, for the replicas annotations
/// and proportional scaling.
type Budget = (i64, i64, bool);

/// `scaleReplicaSetAndRecordEvent`: nothing when the size is already right.
fn scale(kube: &mut Kube, rs_key: &Key, to: i64, budget: Budget, obj: &Owner, ctx: &mut Ctx) -> bool {
    let from = kube.store.replica_sets[rs_key].spec.replicas;
    if from == to {
        return false;
    }
    let dir = if to > from { "up" } else { "down" };
    scale_rs(kube, rs_key, to, budget, dir, obj, ctx)
}

/// `scaleReplicaSet` (`sync.go`): sets the size and the `desired-replicas` /
/// `max-replicas` annotations (replicas, replicas + maxSurge); `ScalingReplicaSet`
/// (`Scaled up replica set web-7d4b9c8f6d from 0 to 3`) when the size changed.
fn scale_rs(kube: &mut Kube, rs_key: &Key, to: i64, budget: Budget, dir: &str, obj: &Owner, ctx: &mut Ctx) -> bool {
    let (replicas, surge, _) = budget;
    let rs = kube.store.replica_sets.get_mut(rs_key).expect("rs");
    let from = rs.spec.replicas;
    let (desired, max) = (replicas.to_string(), (replicas + surge).to_string());
    let annotations_stale = rs.metadata.annotations.get(DESIRED_REPLICAS_ANNOTATION) != Some(&desired)
        || rs.metadata.annotations.get(MAX_REPLICAS_ANNOTATION) != Some(&max);
    if from == to && !annotations_stale {
        return false;
    }
    rs.metadata.annotations.insert(DESIRED_REPLICAS_ANNOTATION.into(), desired);
    rs.metadata.annotations.insert(MAX_REPLICAS_ANNOTATION.into(), max);
    if from == to {
        return true;
    }
    rs.spec.replicas = to;
    rs.metadata.generation += 1;
    let obj = reference("Deployment", "apps/v1", &kube.store.deployments[obj.0].metadata);
    ctx.event(
        EventType::Normal,
        obj,
        "ScalingReplicaSet",
        format!("Scaled {dir} replica set {} from {from} to {to}", rs_key.name),
        "deployment-controller",
    );
    true
}

fn desired_annotation(rs: &ReplicaSet) -> Option<i64> {
    rs.metadata.annotations.get(DESIRED_REPLICAS_ANNOTATION).and_then(|v| v.parse().ok())
}

/// `isScalingEvent` (`sync.go`) holds when any of the Deployment's ReplicaSets is an active
/// one whose `desired-replicas` annotation differs from the Deployment's replicas.
fn is_scaling_event(rs: &ReplicaSet, replicas: i64) -> bool {
    rs.spec.replicas > 0 && desired_annotation(rs).is_some_and(|v| v != replicas)
}

/// One active ReplicaSet, as `scale` sees it: spec replicas, `max-replicas`
/// annotation, creation time and name (for the size-then-age order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActiveRs {
    pub replicas: i64,
    pub max_replicas: Option<i64>,
    pub created: Option<SimTime>,
    pub name: String,
}

/// The proportional part of `scale` (`sync.go`) with `GetProportion` /
/// `getReplicaSetFraction` (`deployment/util`): the difference between
/// `replicas + maxSurge` (0 when scaling to 0) and the active ReplicaSets' total is
/// spread over them in proportion to their sizes against the `max-replicas` they were
/// scaled for (`round(size × newMax / oldMax) − size`, halves away from zero), never
/// more than what is left to add or remove; larger ReplicaSets first (ties: newer first
/// when growing, older first when shrinking), and whatever rounding leaves over goes to
/// the first (largest), not below 0. `status_replicas` stands in for a missing
/// annotation. Returns the new sizes in the input order.
pub fn proportional_sizes(rss: &[ActiveRs], replicas: i64, surge: i64, status_replicas: i64) -> Vec<i64> {
    proportional_plan(rss, replicas, surge, status_replicas).1
}

/// `proportional_sizes` with the order upstream updates the ReplicaSets in (indices).
fn proportional_plan(rss: &[ActiveRs], replicas: i64, surge: i64, status_replicas: i64) -> (Vec<usize>, Vec<i64>) {
    let total: i64 = rss.iter().map(|r| r.replicas).sum();
    let allowed = if replicas > 0 { replicas + surge } else { 0 };
    let to_add = allowed - total;
    let mut order: Vec<usize> = (0..rss.len()).collect();
    // Larger first; ties by creation (then name): newer first up, older first down.
    crate::sorting::sort_by(&mut order, |&a, &b| {
        let (ra, rb) = (&rss[a], &rss[b]);
        rb.replicas.cmp(&ra.replicas).then_with(|| {
            let age = (ra.created, &ra.name).cmp(&(rb.created, &rb.name));
            if to_add > 0 {
                age.reverse()
            } else {
                age
            }
        })
    });
    let mut sizes: Vec<i64> = rss.iter().map(|r| r.replicas).collect();
    if to_add == 0 {
        return (order, sizes);
    }
    let mut added = 0;
    for &i in &order {
        let rs = &rss[i];
        let proportion = if rs.replicas == 0 || to_add == added {
            0
        } else {
            let fraction = if replicas == 0 {
                -rs.replicas
            } else {
                let before = rs.max_replicas.unwrap_or(status_replicas);
                if before == 0 {
                    0
                } else {
                    // integer.RoundToInt32(math.Round): halves away from zero.
                    let num = rs.replicas * (replicas + surge);
                    (2 * num + before) / (2 * before) - rs.replicas
                }
            };
            let left = to_add - added;
            if to_add > 0 {
                fraction.min(left)
            } else {
                fraction.max(left)
            }
        };
        sizes[i] += proportion;
        added += proportion;
    }
    let first = order[0];
    sizes[first] = (sizes[first] + to_add - added).max(0);
    (order, sizes)
}

/// `scale` (`sync.go`): one active (or else the newest) ReplicaSet takes the whole
/// size; a saturated new ReplicaSet clears the old ones; otherwise, for RollingUpdate,
/// every active ReplicaSet is scaled proportionally (`proportional_sizes`).
fn scale_proportionally(kube: &mut Kube, new_key: Option<&Key>, old_keys: &[Key], budget: Budget, status_replicas: i64, obj: &Owner, ctx: &mut Ctx) -> bool {
    let (replicas, surge, rolling) = budget;
    let rs = |k: &Key| &kube.store.replica_sets[k];
    // Old ones newest first, then the new one (`FindActiveOrLatest`).
    let mut olds: Vec<Key> = old_keys.to_vec();
    crate::sorting::sort_by(&mut olds, |a, b| (rs(b).metadata.creation_timestamp, &b.name).cmp(&(rs(a).metadata.creation_timestamp, &a.name)));
    let all: Vec<Key> = olds.iter().chain(new_key).cloned().collect();
    let active: Vec<Key> = all.iter().filter(|k| rs(k).spec.replicas > 0).cloned().collect();
    let single = match active.len() {
        0 => new_key.cloned().or_else(|| olds.first().cloned()),
        1 => Some(active[0].clone()),
        _ => None,
    };
    if let Some(k) = single {
        return scale(kube, &k, replicas, budget, obj, ctx);
    }
    // `IsSaturated`: the new ReplicaSet has all replicas, wants them and has them available.
    if let Some(nk) = new_key {
        let n = rs(nk);
        if n.spec.replicas == replicas && desired_annotation(n) == Some(replicas) && n.status.available_replicas == replicas {
            let mut changed = false;
            for k in active.iter().filter(|k| *k != nk) {
                changed |= scale(kube, k, 0, budget, obj, ctx);
            }
            return changed;
        }
    }
    if !rolling {
        return false;
    }
    let views: Vec<ActiveRs> = active
        .iter()
        .map(|k| {
            let r = rs(k);
            ActiveRs {
                replicas: r.spec.replicas,
                max_replicas: r.metadata.annotations.get(MAX_REPLICAS_ANNOTATION).and_then(|v| v.parse().ok()),
                created: r.metadata.creation_timestamp,
                name: k.name.clone(),
            }
        })
        .collect();
    let (order, sizes) = proportional_plan(&views, replicas, surge, status_replicas);
    let total: i64 = views.iter().map(|v| v.replicas).sum();
    let allowed = if replicas > 0 { replicas + surge } else { 0 };
    let dir = if allowed > total { "up" } else { "down" };
    let mut changed = false;
    // Largest first, as upstream updates them (and records their events).
    for i in order {
        changed |= scale_rs(kube, &active[i], sizes[i], budget, dir, obj, ctx);
    }
    changed
}

/// Old ReplicaSets with no replicas beyond `revisionHistoryLimit` are deleted, oldest first.
/// `rs_keys`: the Deployment's ReplicaSets (`owned_rs`, in any order: the idle ones are sorted here);
/// `limit`: its `revisionHistoryLimit`.
fn cleanup_history(kube: &mut Kube, limit: i64, new_key: &Key, rs_keys: &[Key]) -> bool {
    let limit = limit.max(0) as usize;
    let mut idle: Vec<(i64, Key)> = rs_keys
        .iter()
        .filter(|k| *k != new_key)
        .filter(|k| {
            let rs = &kube.store.replica_sets[k];
            rs.spec.replicas == 0 && rs.status.replicas == 0
        })
        .map(|k| (revision(&kube.store.replica_sets[k]), k.clone()))
        .collect();
    if idle.len() <= limit {
        return false;
    }
    crate::sorting::sort(&mut idle);
    let excess = idle.len() - limit;
    for (_, k) in idle.into_iter().take(excess) {
        kube.store.replica_sets.delete(&k);
    }
    true
}

fn deployment_mut<'k>(kube: &'k mut Kube, key: &Key) -> &'k mut Deployment {
    kube.store.deployments.get_mut(key).expect("deployment")
}

/// Sets a condition of `d` (its caller has it at hand, so it is not looked up again).
fn set_condition(d: &mut Deployment, type_: &str, status: &str, reason: &str, message: &str, now: SimTime) -> bool {
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
            crate::sorting::sort_by_key(&mut d.status.conditions, |c| c.type_ != "Available");
            true
        }
    }
}

/// `checkPausedConditions` (`sync.go`): Progressing=Unknown `DeploymentPaused` while
/// paused, `DeploymentResumed` once resumed; a timed-out condition is kept.
///
/// Read at the start of `sync` (nothing before it in a sync changes the Deployment): the
/// Progressing reason and message to set, if any.
fn paused_condition(d: &Deployment) -> Option<(&'static str, &'static str)> {
    let reason = d.status.conditions.iter().find(|c| c.type_ == "Progressing").map(|c| c.reason.as_str());
    if reason == Some(TIMED_OUT_REASON) {
        return None;
    }
    let paused_cond = reason == Some("DeploymentPaused");
    if d.spec.paused && !paused_cond {
        Some(("DeploymentPaused", "Deployment is paused"))
    } else if !d.spec.paused && paused_cond {
        Some(("DeploymentResumed", "Deployment is resumed"))
    } else {
        None
    }
}

/// Sets what `paused_condition` found (the Deployment is looked up only then).
fn check_paused_conditions(kube: &mut Kube, key: &Key, change: Option<(&str, &str)>, now: SimTime) -> bool {
    change.is_some_and(|(reason, message)| set_condition(deployment_mut(kube, key), "Progressing", "Unknown", reason, message, now))
}

/// `util.TimedOutReason`.
pub const TIMED_OUT_REASON: &str = "ProgressDeadlineExceeded";

/// `calculateStatus` + `syncRolloutStatus` (`progress.go`). `rollout` is false for a
/// paused Deployment, whose Progressing condition is left alone.
fn update_status(kube: &mut Kube, key: &Key, new_key: Option<&Key>, rs_keys: &[Key], max_unavailable: i64, now: SimTime, rollout: bool) -> bool {
    let rss: Vec<(&Key, &ReplicaSet)> = rs_keys.iter().filter_map(|k| kube.store.replica_sets.get(k).map(|r| (k, r))).collect();
    let spec_total: i64 = rss.iter().map(|(_, r)| r.spec.replicas).sum();
    let actual: i64 = rss.iter().map(|(_, r)| r.status.replicas).sum();
    let ready: i64 = rss.iter().map(|(_, r)| r.status.ready_replicas).sum();
    let available: i64 = rss.iter().map(|(_, r)| r.status.available_replicas).sum();
    // The new ReplicaSet is one of `rs_keys` (found among them or added to them): found there.
    let updated = new_key.and_then(|nk| rss.iter().find(|(k, _)| *k == nk)).map_or(0, |(_, r)| r.status.replicas);
    let d = deployment_mut(kube, key);
    let replicas = d.spec.replicas;
    // The counts before and after (the conditions are not touched until `set_condition`).
    let counts = |s: &super::super::workloads::DeploymentStatus| {
        (s.observed_generation, s.replicas, s.updated_replicas, s.ready_replicas, s.available_replicas, s.unavailable_replicas)
    };
    let before = counts(&d.status);
    d.status.observed_generation = d.metadata.generation;
    d.status.replicas = actual;
    d.status.updated_replicas = updated;
    d.status.ready_replicas = ready;
    d.status.available_replicas = available;
    d.status.unavailable_replicas = (spec_total - available).max(0);
    let mut changed = counts(&d.status) != before;
    let (_, before_replicas, before_updated, before_ready, before_available, _) = before;
    let (status, reason, message) = if available >= replicas - max_unavailable {
        ("True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
    } else {
        ("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.")
    };
    changed |= set_condition(d, "Available", status, reason, message, now);
    let Some(nk) = new_key.filter(|_| rollout) else { return changed };
    let new = &d.status;
    // Setting Available above left the Progressing condition as it was.
    let current = new.conditions.iter().find(|c| c.type_ == "Progressing");
    let current_reason = current.map(|c| c.reason.as_str());
    // A finished rollout is not re-estimated (`isCompleteDeployment`).
    if new.replicas == new.updated_replicas && current_reason == Some("NewReplicaSetAvailable") {
        return changed;
    }
    let complete = new.updated_replicas == replicas && new.replicas == replicas && new.available_replicas == replicas;
    // `DeploymentProgressing`: more updated, fewer old, more ready or more available pods.
    let progressing = new.updated_replicas > before_updated
        || new.replicas - new.updated_replicas < before_replicas - before_updated
        || new.ready_replicas > before_ready
        || new.available_replicas > before_available;
    let current_true_since = current.filter(|c| c.status == "True").map(|c| c.last_transition_time);
    if complete {
        changed |= set_condition(d, "Progressing", "True", "NewReplicaSetAvailable", &format!("ReplicaSet \"{}\" has successfully progressed.", nk.name), now);
    } else if progressing {
        // Progress moves lastUpdateTime even when the reason stays the same.
        let message = format!("ReplicaSet \"{}\" is progressing.", nk.name);
        let transition = current_true_since.unwrap_or(now);
        // Compared with the conditions before this call: when setting Available changed
        // them, `changed` is already true.
        let before_conditions = d.status.conditions.clone();
        d.status.conditions.retain(|c| c.type_ != "Progressing");
        d.status.conditions.push(DeploymentCondition {
            type_: "Progressing".into(),
            status: "True".into(),
            reason: "ReplicaSetUpdated".into(),
            message,
            last_update_time: now,
            last_transition_time: transition,
        });
        crate::sorting::sort_by_key(&mut d.status.conditions, |c| c.type_ != "Available");
        changed |= d.status.conditions != before_conditions;
    } else if timed_out(d, now) {
        changed |= set_condition(d, "Progressing", "False", TIMED_OUT_REASON, &format!("ReplicaSet \"{}\" has timed out progressing.", nk.name), now);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(replicas: i64, max_replicas: i64, created: u64, name: &str) -> ActiveRs {
        ActiveRs { replicas, max_replicas: Some(max_replicas), created: Some(SimTime(created)), name: name.into() }
    }

    #[test]
    fn each_deployments_replicasets_are_read_in_one_walk_as_owned_rs_reads_them() {
        use super::super::super::meta::OwnerReference;
        let mut kube = Kube::default();
        let put_d = |kube: &mut Kube, ns: &str, name: &str, uid: &str| {
            let mut d = Deployment::default();
            d.metadata.name = name.into();
            d.metadata.namespace = Some(ns.into());
            d.metadata.uid = uid.into();
            kube.store.deployments.insert(Key::new(ns, name), d);
        };
        put_d(&mut kube, "default", "web", "u-web");
        put_d(&mut kube, "default", "api", "u-api");
        put_d(&mut kube, "other", "web", "u-other");
        // Two Deployments with one uid (only a hand-edited state): read at their turn.
        put_d(&mut kube, "default", "twin-a", "u-twin");
        put_d(&mut kube, "default", "twin-b", "u-twin");
        // (namespace, name, owner uid, created): web's three out of name order by time, one
        // of them with the same time as another (the key decides), and one in another
        // namespace with web's uid, which is not web's.
        let rss = [
            ("default", "web-c", "u-web", 5),
            ("default", "web-a", "u-web", 9),
            ("default", "web-b", "u-web", 5),
            ("default", "api-x", "u-api", 1),
            ("other", "web-z", "u-web", 0),
            ("other", "web-y", "u-other", 3),
            ("default", "twin-1", "u-twin", 2),
            ("default", "lone", "u-nobody", 2),
        ];
        for (ns, name, owner, created) in rss {
            let mut rs = ReplicaSet::default();
            rs.metadata.name = name.into();
            rs.metadata.namespace = Some(ns.into());
            rs.metadata.creation_timestamp = Some(SimTime(created));
            rs.metadata.owner_references =
                vec![OwnerReference { kind: "Deployment".into(), uid: owner.into(), controller: true, ..Default::default() }];
            kube.store.replica_sets.insert(Key::new(ns, name), rs);
        }
        let each = owned_rs_of_each(&kube);
        let names = |keys: &[Key]| keys.iter().map(|k| k.name.clone()).collect::<Vec<_>>();
        let got: Vec<(String, Option<Vec<String>>)> =
            each.iter().map(|(k, owned)| (k.to_string(), owned.as_deref().map(names))).collect();
        let want = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            got,
            [
                ("default/api".to_string(), want(&["api-x"])),
                ("default/twin-a".to_string(), None),
                ("default/twin-b".to_string(), None),
                ("default/web".to_string(), want(&["web-b", "web-c", "web-a"])),
                ("other/web".to_string(), want(&["web-y"])),
            ]
        );
        for (key, owned) in each {
            if let Some(owned) = owned {
                assert_eq!(owned, owned_rs(&kube, &kube.store.deployments[&key]), "{key}");
            }
        }
    }

    #[test]
    fn scaling_up_spreads_over_two_old_replicasets_by_size() {
        // 10 → 15, maxSurge 0: both were scaled for max 10. 6 × 15 / 10 = 9, 4 × 15 / 10 = 6.
        let v = [rs(6, 10, 1, "web-a"), rs(4, 10, 2, "web-b")];
        assert_eq!(proportional_sizes(&v, 15, 0, 10), [9, 6]);
        // maxSurge 25 %: max 13 before, 15 + 4 = 19 after, 9 to add. 6 × 19 / 13 = 8.77 → 9
        // (+3), 4 × 19 / 13 = 5.85 → 6 (+2); the 4 left over go to the largest.
        let v = [rs(6, 13, 1, "web-a"), rs(4, 13, 2, "web-b")];
        assert_eq!(proportional_sizes(&v, 15, 4, 10), [13, 6]);
    }

    #[test]
    fn scaling_down_mid_rollout_keeps_within_replicas_plus_surge() {
        // 4 replicas, maxSurge 1 (max 5): old 3, new 1. Scaled to 2 (max 3): one to remove.
        // Old: round(3 × 3 / 5 = 1.8) = 2, −1; nothing left for the new one.
        let v = [rs(3, 5, 1, "web-old"), rs(1, 5, 2, "web-new")];
        assert_eq!(proportional_sizes(&v, 2, 1, 4), [2, 1]);
        // Scaled to 0: everything goes.
        assert_eq!(proportional_sizes(&v, 0, 0, 4), [0, 0]);
        // Equal sizes shrinking: the older goes first; growing: the newer gets the leftover.
        let v = [rs(2, 5, 1, "web-old"), rs(2, 5, 2, "web-new")];
        // 4 → 3 with maxSurge 0 (max 3), 1 to remove: round(2 × 3 / 5 = 1.2) = 1, −1 for the older.
        assert_eq!(proportional_sizes(&v, 3, 0, 4), [1, 2]);
        // 4 → 5 (max 6), 2 to add: round(2 × 6 / 5 = 2.4) = 2, 0 each; leftover +2 to the newer.
        assert_eq!(proportional_sizes(&v, 5, 1, 4), [2, 4]);
    }

    #[test]
    fn halves_round_away_from_zero_and_a_missing_annotation_uses_status() {
        // No annotation: status.replicas 2 stands in. 3 × 5 / 2 = 7.5 → 8 (+5), capped by the 2 to add.
        let v = [ActiveRs { replicas: 3, max_replicas: None, created: None, name: "a".into() }];
        assert_eq!(proportional_sizes(&v, 5, 0, 2), [5]);
        // 2 and 1 scaled for 3 → 5 (2 to add): 2 × 5 / 3 = 3.33 → 3 (+1), 1 × 5 / 3 = 1.67 → 2 (+1).
        let v = [rs(2, 3, 1, "a"), rs(1, 3, 2, "b")];
        assert_eq!(proportional_sizes(&v, 5, 0, 3), [3, 2]);
        // 1 scaled for 2 → 3 with another of 1 (max 2): 1 × 3 / 2 = 1.5 → 2 (+1) for the newer first.
        let v = [rs(1, 2, 1, "a"), rs(1, 2, 2, "b")];
        assert_eq!(proportional_sizes(&v, 3, 0, 2), [1, 2]);
    }
}
