//! The ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`):
//! `diff = active owned pods - spec.replicas`; create or delete the difference
//! (at most 500 a sync), choosing victims as `ActivePodsWithRanks` orders them.

use super::super::pod::{Pod, PENDING, RUNNING, UNKNOWN};
use super::super::workloads::ReplicaSet;
use super::super::{reference, Ctx, Key, Kube};
use crate::clock::SimTime;
use crate::events::EventType;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use super::pods::controller_ref;

/// `burstReplicas`: the most pods one sync creates or deletes.
pub const BURST_REPLICAS: usize = 500;
pub const DELETION_COST_ANNOTATION: &str = "controller.kubernetes.io/pod-deletion-cost";

pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let mut changed = false;
    // First, read only: each ReplicaSet's gap and, when there is none (the steady state),
    // its status. A ReplicaSet's own actions touch only its own pods, so what is read
    // here holds until its turn comes in the loop below.
    let plans: Vec<(Key, Plan)> = {
        let mut owned: BTreeMap<&str, Vec<(&Key, &Pod)>> = BTreeMap::new();
        for (k, p) in &kube.store.pods {
            if let Some(o) = p.metadata.controller() {
                owned.entry(o.uid.as_str()).or_default().push((k, p));
            }
        }
        kube.store
            .replica_sets
            .iter()
            .map(|(key, rs)| {
                let mine = owned.get(rs.metadata.uid.as_str()).map_or(&[][..], Vec::as_slice);
                let active =
                    mine.iter().filter(|(_, p)| rs.spec.selector.matches(&p.metadata.labels) && p.is_active()).count() as i64;
                let plan = if active == rs.spec.replicas {
                    Plan::Steady(count(rs, mine.iter().map(|(_, p)| *p), ctx.now))
                } else {
                    Plan::Act(mine.iter().map(|(k, _)| (*k).clone()).collect())
                };
                (key.clone(), plan)
            })
            .collect()
    };
    for (key, plan) in plans {
        // The pods this ReplicaSet controls, for its status: those found above plus the
        // ones it creates now (deleted ones are skipped when counted).
        let mut controlled = match plan {
            Plan::Steady(counts) => {
                changed |= set_status(kube, &key, counts);
                continue;
            }
            Plan::Act(controlled) => controlled,
        };
        let rs = kube.store.replica_sets[&key].clone();
        let pods: Vec<Key> =
            controlled.iter().filter(|k| rs.spec.selector.matches(&kube.store.pods[*k].metadata.labels)).cloned().collect();
        let active: Vec<Key> = pods.iter().filter(|k| kube.store.pods[*k].is_active()).cloned().collect();
        let diff = active.len() as i64 - rs.spec.replicas;
        let obj = reference("ReplicaSet", "apps/v1", &rs.metadata);
        if diff < 0 {
            let n = ((-diff) as usize).min(BURST_REPLICAS);
            // Creation in the playground is never refused (no quotas, admission webhooks or
            // terminating namespaces), so every batch succeeds; a refusal would end the sync
            // here with `FailedCreate` and leave the rest to the next pass, as upstream.
            let (_, refused) = slow_start_batch(n, SLOW_START_INITIAL_BATCH_SIZE, || -> Result<(), String> {
                let pod = kube.pod_from_template(&rs.spec.template, &rs.metadata, controller_ref("apps/v1", "ReplicaSet", &rs.metadata), ctx);
                let name = pod.metadata.name.clone();
                controlled.push(kube.create_pod(pod, ctx));
                ctx.event(EventType::Normal, obj.clone(), "SuccessfulCreate", format!("Created pod: {name}"), "replicaset-controller");
                Ok(())
            });
            if let Some(e) = refused {
                ctx.event(EventType::Warning, obj.clone(), "FailedCreate", format!("Error creating: {e}"), "replicaset-controller");
            }
            changed = true;
        } else if diff > 0 {
            let victims = rank_victims(kube, &active, diff as usize);
            for v in victims.iter().take(BURST_REPLICAS) {
                kube.delete_pod(v, ctx);
                ctx.event(EventType::Normal, obj.clone(), "SuccessfulDelete", format!("Deleted pod: {}", v.name), "replicaset-controller");
            }
            changed = true;
        }
        let counts = {
            let rs = &kube.store.replica_sets[&key];
            count(rs, controlled.iter().filter_map(|k| kube.store.pods.get(k)), ctx.now)
        };
        changed |= set_status(kube, &key, counts);
    }
    changed
}

/// `SlowStartInitialBatchSize` (`pkg/controller/controller_utils.go`).
pub const SLOW_START_INITIAL_BATCH_SIZE: usize = 1;

/// `slowStartBatch` (`pkg/controller/replicaset/replica_set.go`): `create` is called
/// `count` times in batches of `initial`, then twice the last batch (1, 2, 4, 8, …), and
/// the first batch in which a call fails is the last: later batches are skipped, so a
/// refusing API server costs one call, then two, not `count`. Upstream runs each batch's
/// calls in parallel, so every call of the failing batch is still made. Returns the
/// successes and the first error.
pub fn slow_start_batch<E>(count: usize, initial: usize, mut create: impl FnMut() -> Result<(), E>) -> (usize, Option<E>) {
    let mut remaining = count;
    let mut successes = 0;
    let mut batch = remaining.min(initial);
    while batch > 0 {
        let mut first_error = None;
        for _ in 0..batch {
            match create() {
                Ok(()) => successes += 1,
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if first_error.is_some() {
            return (successes, first_error);
        }
        remaining -= batch;
        batch = remaining.min(2 * batch);
    }
    (successes, None)
}

/// What one reconcile does with a ReplicaSet.
enum Plan {
    /// Nothing to create or delete: just its status counts.
    Steady(Counts),
    /// A gap to close, with the keys of the pods it controls.
    Act(Vec<Key>),
}

/// `status.replicas`, `fullyLabeledReplicas`, `readyReplicas`, `availableReplicas`.
struct Counts(i64, i64, i64, i64);

/// Pod keys grouped by their controlling owner's uid.
pub fn pods_by_owner(kube: &Kube) -> BTreeMap<String, Vec<Key>> {
    let mut out: BTreeMap<String, Vec<Key>> = BTreeMap::new();
    for (k, p) in &kube.store.pods {
        if let Some(o) = p.metadata.controller() {
            out.entry(o.uid.clone()).or_default().push(k.clone());
        }
    }
    out
}

/// When a pod last became Ready, if it is.
pub fn ready_since(pod: &Pod) -> Option<SimTime> {
    pod.condition("Ready").filter(|c| c.status == "True").map(|c| c.last_transition_time)
}

/// Available: ready for at least `min_ready` seconds.
pub fn is_available(pod: &Pod, min_ready: i64, now: SimTime) -> bool {
    ready_since(pod).is_some_and(|t| now.since(t) >= min_ready.max(0) as u64)
}

fn phase_rank(p: &Pod) -> u8 {
    match p.status.phase.as_str() {
        PENDING => 0,
        UNKNOWN => 1,
        RUNNING => 2,
        _ => 3,
    }
}

/// The `n` pods to delete first, in `ActivePodsWithRanks` order
/// (`pkg/controller/controller_utils.go`).
pub fn rank_victims(kube: &Kube, active: &[Key], n: usize) -> Vec<Key> {
    let mut per_node: BTreeMap<&str, i64> = BTreeMap::new();
    for k in active {
        if let Some(node) = kube.store.pods[k].node() {
            *per_node.entry(node).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&Key, &Pod, i64)> = active
        .iter()
        .map(|k| {
            let p = &kube.store.pods[k];
            (k, p, p.node().map_or(0, |n| per_node[n]))
        })
        .collect();
    ranked.sort_by(|a, b| victim_order(a.1, a.2, b.1, b.2).then_with(|| a.0.cmp(b.0)));
    ranked.into_iter().take(n).map(|(k, _, _)| k.clone()).collect()
}

/// Less means deleted first.
pub fn victim_order(a: &Pod, a_rank: i64, b: &Pod, b_rank: i64) -> Ordering {
    let cost = |p: &Pod| p.metadata.annotations.get(DELETION_COST_ANNOTATION).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    // 1. unassigned before assigned
    a.node().is_some().cmp(&b.node().is_some())
        // 2. Pending < Unknown < Running
        .then(phase_rank(a).cmp(&phase_rank(b)))
        // 3. not ready before ready
        .then(a.is_ready().cmp(&b.is_ready()))
        // 4. lower deletion cost first
        .then(cost(a).cmp(&cost(b)))
        // 5. more siblings on the same node first
        .then(b_rank.cmp(&a_rank))
        // 6. ready more recently first
        .then_with(|| match (ready_since(a), ready_since(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            _ => Ordering::Equal,
        })
        // 7. more restarts first
        .then(b.restarts().cmp(&a.restarts()))
        // 8. created more recently first
        .then(b.metadata.creation_timestamp.cmp(&a.metadata.creation_timestamp))
}

/// Status counts over `controlled`: pods whose controller is this ReplicaSet (any
/// order; others are skipped), so the status costs its own pods rather than all pods.
fn count<'a>(rs: &ReplicaSet, controlled: impl Iterator<Item = &'a Pod>, now: SimTime) -> Counts {
    let (mut replicas, mut labeled, mut ready, mut available) = (0, 0, 0, 0);
    for p in controlled {
        if p.metadata.namespace != rs.metadata.namespace
            || !p.is_active()
            || p.metadata.controller().is_none_or(|o| o.uid != rs.metadata.uid)
        {
            continue;
        }
        replicas += 1;
        if rs.spec.template.metadata.labels.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)) {
            labeled += 1;
        }
        if p.is_ready() {
            ready += 1;
        }
        if is_available(p, rs.spec.min_ready_seconds, now) {
            available += 1;
        }
    }
    Counts(replicas, labeled, ready, available)
}

fn set_status(kube: &mut Kube, key: &Key, Counts(replicas, labeled, ready, available): Counts) -> bool {
    let rs = &kube.store.replica_sets[key];
    let generation = rs.metadata.generation;
    let rs = kube.store.replica_sets.get_mut(key).expect("replica set");
    let before = rs.status.clone();
    rs.status.replicas = replicas;
    rs.status.fully_labeled_replicas = labeled;
    rs.status.ready_replicas = ready;
    rs.status.available_replicas = available;
    rs.status.observed_generation = generation;
    rs.status != before
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records each batch's size by the call numbers at which batches start.
    fn run(count: usize, fail_at: &[usize]) -> (usize, Option<usize>, usize) {
        let mut calls = 0;
        let (ok, err) = slow_start_batch(count, SLOW_START_INITIAL_BATCH_SIZE, || {
            calls += 1;
            if fail_at.contains(&calls) { Err(calls) } else { Ok(()) }
        });
        (ok, err, calls)
    }

    #[test]
    fn batches_of_1_2_4_8_stop_after_the_first_failing_batch() {
        // 10 creations: batches 1, 2, 4, 3; all succeed.
        assert_eq!(run(10, &[]), (10, None, 10));
        // The 5th call fails: batch 3 (calls 4..=7) is finished, 6 created, the last 3 skipped.
        assert_eq!(run(10, &[5]), (6, Some(5), 7));
        // The very first call fails: nothing else is tried.
        assert_eq!(run(500, &[1]), (0, Some(1), 1));
        // Two failures in one batch: the first error is reported, both are counted out.
        assert_eq!(run(20, &[9, 10]), (13, Some(9), 15));
        assert_eq!(run(0, &[]), (0, None, 0));
    }
}
