//! The ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`):
//! `diff = active owned pods - spec.replicas`; create or delete the difference
//! (creations in slow-start batches, at most 500 a sync), choosing victims as
//! `getPodsToDelete` and `ActivePodsWithRanks` order them.

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
        // Pods of one owner sit together in name order: a run of them is added to the map in
        // one lookup (each owner's list stays in store order).
        let mut run: Option<(&str, Vec<(&Key, &Pod)>)> = None;
        for (k, p) in &kube.store.pods {
            if let Some(o) = p.metadata.controller() {
                match &mut run {
                    Some((uid, pods)) if *uid == o.uid => pods.push((k, p)),
                    _ => {
                        if let Some((uid, pods)) = run.replace((o.uid.as_str(), vec![(k, p)])) {
                            owned.entry(uid).or_default().extend(pods);
                        }
                    }
                }
            }
        }
        if let Some((uid, pods)) = run {
            owned.entry(uid).or_default().extend(pods);
        }
        kube.store
            .replica_sets
            .iter()
            .filter_map(|(key, rs)| {
                let mine = owned.get(rs.metadata.uid.as_str()).map_or(&[][..], Vec::as_slice);
                let (active, counts) = active_and_counts(rs, mine.iter().map(|(_, p)| *p), ctx.now);
                let plan = if active == rs.spec.replicas {
                    // A status already saying so (the steady state): nothing to write.
                    if counts.written_in(rs) {
                        return None;
                    }
                    Plan::Steady(counts)
                } else {
                    Plan::Act(mine.iter().map(|(k, _)| (*k).clone()).collect())
                };
                Some((key.clone(), plan))
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
            let victims = rank_victims(kube, &rs, &active, diff as usize, ctx.now);
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

impl Counts {
    /// `set_status` with these counts would change nothing.
    fn written_in(&self, rs: &ReplicaSet) -> bool {
        let s = &rs.status;
        let Counts(replicas, labeled, ready, available) = *self;
        (s.replicas, s.fully_labeled_replicas, s.ready_replicas, s.available_replicas, s.observed_generation)
            == (replicas, labeled, ready, available, rs.metadata.generation)
    }
}

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

/// `getIndirectlyRelatedPods`: the pods selected by any ReplicaSet with the same
/// controlling owner as `rs` (every ReplicaSet of its Deployment), each once; none for a
/// ReplicaSet without an owner.
fn related_pods<'a>(kube: &'a Kube, rs: &ReplicaSet) -> Vec<&'a Pod> {
    let Some(owner) = rs.metadata.controller() else { return Vec::new() };
    let siblings: Vec<&ReplicaSet> = kube
        .store
        .replica_sets
        .values()
        .filter(|r| r.metadata.namespace == rs.metadata.namespace && r.metadata.controller().is_some_and(|o| o.uid == owner.uid))
        .collect();
    kube.store
        .pods
        .values()
        .filter(|p| p.metadata.namespace == rs.metadata.namespace)
        .filter(|p| siblings.iter().any(|r| r.spec.selector.matches(&p.metadata.labels)))
        .collect()
}

/// The `n` pods of `rs` to delete first (`getPodsToDelete`): ranked by the active related
/// pods on the same node (`getPodsRankedByRelatedPodsOnSameNode`), sorted as
/// `ActivePodsWithRanks` (`pkg/controller/controller_utils.go`) with `now` for
/// LogarithmicScaleDown.
pub fn rank_victims(kube: &Kube, rs: &ReplicaSet, active: &[Key], n: usize, now: SimTime) -> Vec<Key> {
    let mut per_node: BTreeMap<&str, i64> = BTreeMap::new();
    for p in related_pods(kube, rs).into_iter().filter(|p| p.is_active()) {
        *per_node.entry(p.node().unwrap_or("")).or_default() += 1;
    }
    let mut ranked: Vec<(&Key, &Pod, i64)> = active
        .iter()
        .map(|k| {
            let p = &kube.store.pods[k];
            (k, p, per_node.get(p.node().unwrap_or("")).copied().unwrap_or(0))
        })
        .collect();
    // Upstream's comparison is not a total order (log-bucket ages with a UID tie-break beside
    // exact-equal times falling through), which Go's sort tolerates; std's sort may panic on
    // such a comparison, so the engine uses its own merge sort, which only merges.
    crate::sorting::sort_by(&mut ranked, |a, b| victim_order(a.1, a.2, b.1, b.2, now).then_with(|| a.0.cmp(b.0)));
    ranked.into_iter().take(n).map(|(k, _, _)| k.clone()).collect()
}

/// `logarithmicRankDiff`'s rank of an age: `int64(math.Log2(float64(d)))` of a Go
/// duration, so of **nanoseconds**; -1 for no age. Ages of 3 s and 4 s share a rank (31),
/// 5 s is the next (32).
pub fn log2_age_rank(t: SimTime, now: SimTime) -> i64 {
    let d = now.secs().saturating_sub(t.secs()) * 1_000_000_000;
    if d == 0 { -1 } else { 63 - d.leading_zeros() as i64 }
}

/// LogarithmicScaleDown: the newer rank first; within one rank, the lower UID (a
/// pseudorandom order).
fn log_compare(a: SimTime, b: SimTime, a_uid: &str, b_uid: &str, now: SimTime) -> Ordering {
    log2_age_rank(a, now).cmp(&log2_age_rank(b, now)).then_with(|| a_uid.cmp(b_uid))
}

fn max_restarts(p: &Pod) -> i64 {
    p.status.container_statuses.iter().map(|c| c.restart_count).max().unwrap_or(0)
}

/// Less means deleted first (`ActivePodsWithRanks.Less`).
pub fn victim_order(a: &Pod, a_rank: i64, b: &Pod, b_rank: i64, now: SimTime) -> Ordering {
    let cost = |p: &Pod| p.metadata.annotations.get(DELETION_COST_ANNOTATION).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let (a_uid, b_uid) = (a.metadata.uid.as_str(), b.metadata.uid.as_str());
    // 1. unassigned before assigned
    a.node().is_some().cmp(&b.node().is_some())
        // 2. Pending < Unknown < Running
        .then(phase_rank(a).cmp(&phase_rank(b)))
        // 3. not ready before ready
        .then(a.is_ready().cmp(&b.is_ready()))
        // 4. lower deletion cost first
        .then(cost(a).cmp(&cost(b)))
        // 5. more related pods on the same node first
        .then(b_rank.cmp(&a_rank))
        // 6. ready more recently first, by age rank, then UID
        .then_with(|| match (ready_since(a), ready_since(b)) {
            (Some(x), Some(y)) if x != y => log_compare(x, y, a_uid, b_uid, now),
            _ => Ordering::Equal,
        })
        // 7. the larger container restart count first
        .then(max_restarts(b).cmp(&max_restarts(a)))
        // 8. created more recently first, by age rank, then UID (no time first)
        .then_with(|| match (a.metadata.creation_timestamp, b.metadata.creation_timestamp) {
            (Some(x), Some(y)) if x != y => log_compare(x, y, a_uid, b_uid, now),
            (x, y) => x.is_some().cmp(&y.is_some()),
        })
}

/// The active pods `rs` selects among `controlled`, and `count` of them, in one walk: a
/// selector that is just the template's labels (every ReplicaSet a Deployment makes) answers
/// `fullyLabeledReplicas` too. `controlled`: pods whose controlling owner has `rs`'s uid (the
/// caller groups them by it), so the walk does not look that owner up again per pod.
fn active_and_counts<'a>(rs: &ReplicaSet, controlled: impl Iterator<Item = &'a Pod> + Clone, now: SimTime) -> (i64, Counts) {
    let selector = &rs.spec.selector;
    if !(selector.match_expressions.is_empty() && selector.match_labels == rs.spec.template.metadata.labels) {
        let active = controlled.clone().filter(|p| p.is_active() && selector.matches(&p.metadata.labels)).count() as i64;
        return (active, count(rs, controlled, now));
    }
    let (mut active, mut replicas, mut labeled, mut ready, mut available) = (0, 0, 0, 0, 0);
    let min_ready = rs.spec.min_ready_seconds.max(0) as u64;
    for p in controlled {
        if !p.is_active() {
            continue;
        }
        let selected = super::super::meta::has_all(&p.metadata.labels, &selector.match_labels);
        active += selected as i64;
        if p.metadata.namespace != rs.metadata.namespace {
            continue;
        }
        replicas += 1;
        labeled += selected as i64;
        if let Some(since) = ready_since(p) {
            ready += 1;
            if now.since(since) >= min_ready {
                available += 1;
            }
        }
    }
    (active, Counts(replicas, labeled, ready, available))
}

/// Status counts over `controlled`: pods whose controller is this ReplicaSet (any
/// order; others are skipped), so the status costs its own pods rather than all pods.
fn count<'a>(rs: &ReplicaSet, controlled: impl Iterator<Item = &'a Pod>, now: SimTime) -> Counts {
    let (mut replicas, mut labeled, mut ready, mut available) = (0, 0, 0, 0);
    let min_ready = rs.spec.min_ready_seconds.max(0) as u64;
    for p in controlled {
        if p.metadata.namespace != rs.metadata.namespace
            || !p.is_active()
            || p.metadata.controller().is_none_or(|o| o.uid != rs.metadata.uid)
        {
            continue;
        }
        replicas += 1;
        if super::super::meta::has_all(&p.metadata.labels, &rs.spec.template.metadata.labels) {
            labeled += 1;
        }
        // `is_ready` and `is_available` read the same condition: found once.
        if let Some(since) = ready_since(p) {
            ready += 1;
            if now.since(since) >= min_ready {
                available += 1;
            }
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

    use super::super::super::meta::OwnerReference;
    use super::super::super::pod::{ContainerStatus, PodCondition};

    /// A Running pod of `rs` (selected by `app=<rs>`), on `node`, ready since `ready`.
    fn pod(name: &str, rs: &str, node: Option<&str>, ready: Option<u64>, created: u64, restarts: &[i64]) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.namespace = Some("default".into());
        p.metadata.uid = name.into();
        p.metadata.labels.insert("app".into(), rs.into());
        p.metadata.creation_timestamp = Some(SimTime(created));
        p.spec.node_name = node.map(str::to_string);
        p.status.phase = RUNNING.into();
        if let Some(t) = ready {
            let c = PodCondition { type_: "Ready".into(), status: "True".into(), last_transition_time: SimTime(t), ..Default::default() };
            p.status.conditions.push(c);
        }
        p.status.container_statuses =
            restarts.iter().map(|&r| ContainerStatus { restart_count: r, ..Default::default() }).collect();
        p
    }

    fn order(a: &Pod, b: &Pod, now: u64) -> Ordering {
        victim_order(a, 0, b, 0, SimTime(now))
    }

    #[test]
    fn an_intransitive_victim_comparison_still_sorts_without_panicking() {
        // Ready times 100, 101 (same log2 bucket: UID decides) and 100 again (an exact tie:
        // falls through to creation): upstream's comparison is not a total order here.
        let mut pods: Vec<Pod> = (0..64u64)
            .map(|i| pod(&format!("p{:02}", (i * 37) % 64), "rs", Some("n1"), Some(100 + (i * 7) % 3), 50 + (i * 11) % 5, &[(i % 3) as i64]))
            .collect();
        crate::sorting::sort_by(&mut pods, |a, b| order(a, b, 400));
        assert_eq!(pods.len(), 64);
        let mut names: Vec<&str> = pods.iter().map(|p| p.metadata.name.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 64, "a permutation: nothing lost or doubled");
    }

    #[test]
    fn age_ranks_are_log2_of_nanoseconds() {
        let rank = |age: u64| log2_age_rank(SimTime(0), SimTime(age));
        // 1 s = 1e9 ns: 2^29.9. Then 3 s and 4 s share 31; 5 s is 32.
        assert_eq!([rank(0), rank(1), rank(2), rank(3), rank(4), rank(5)], [-1, 29, 30, 31, 31, 32]);
        assert_eq!([rank(300), rank(400), rank(600)], [38, 38, 39]);
    }

    #[test]
    fn ready_times_in_one_age_rank_fall_back_to_the_uid_before_restarts() {
        // At t=1000: ready 400 s (rank 38) and 300 s (rank 38): the same rank, so the
        // lower UID goes first, though `b` is newer and has restarted 5 times.
        let a = pod("a", "web", Some("n1"), Some(600), 0, &[0]);
        let b = pod("b", "web", Some("n1"), Some(700), 0, &[5]);
        assert_eq!(order(&a, &b, 1000), Ordering::Less);
        // Ready 400 s (38) against 200 s (37): the more recently ready goes first.
        let c = pod("c", "web", Some("n1"), Some(800), 0, &[0]);
        assert_eq!(order(&c, &a, 1000), Ordering::Less);
    }

    #[test]
    fn restarts_compare_the_largest_container_count_then_creation_ranks() {
        // Same ready time: 2 restarts in one container beat 1 + 1 + 1 in three.
        let many = pod("a", "web", Some("n1"), Some(500), 0, &[1, 1, 1]);
        let one = pod("b", "web", Some("n1"), Some(500), 0, &[2]);
        assert_eq!(order(&one, &many, 1000), Ordering::Less);
        // Same ready time and restarts: created 10 s ago (rank 33) before 100 s ago (36) …
        let old = pod("a", "web", Some("n1"), Some(500), 900, &[0]);
        let new = pod("b", "web", Some("n1"), Some(500), 990, &[0]);
        assert_eq!(order(&new, &old, 1000), Ordering::Less);
        // … but 4 s and 3 s ago share rank 31: the UID decides.
        let x = pod("a", "web", Some("n1"), Some(500), 996, &[0]);
        let y = pod("b", "web", Some("n1"), Some(500), 997, &[0]);
        assert_eq!(order(&x, &y, 1000), Ordering::Less);
    }

    #[test]
    fn interleaved_owners_are_counted_each_for_its_own_replicaset() {
        let mut kube = Kube::default();
        for (name, uid, replicas, generation) in [("one", "r1", 3, 2), ("two", "r2", 2, 1), ("three", "r3", 2, 1)] {
            let mut rs = ReplicaSet::default();
            rs.metadata.name = name.into();
            rs.metadata.namespace = Some("default".into());
            rs.metadata.uid = uid.into();
            rs.metadata.generation = generation;
            rs.spec.replicas = replicas;
            rs.spec.min_ready_seconds = 30;
            rs.spec.selector.match_labels.insert("app".into(), name.into());
            rs.spec.template.metadata.labels.insert("app".into(), name.into());
            if name == "three" {
                // A template with a label the selector does not ask for: counted apart.
                rs.spec.template.metadata.labels.insert("tier".into(), "x".into());
            }
            kube.store.replica_sets.insert(Key::new("default", name), rs);
        }
        // In name order the owners alternate: one, two, one, one, two. Ready at 10, 10, 80,
        // none, 95: at 100 with minReadySeconds 30, "one" has 3 pods, 2 ready, 1 available;
        // "two" 2 pods, 2 ready, 1 available. "three": 2 pods, only `f` fully labeled.
        let pods = [("a", "one", "r1", Some(10)), ("b", "two", "r2", Some(10)), ("c", "one", "r1", Some(80)), ("d", "one", "r1", None), ("e", "two", "r2", Some(95)), ("f", "three", "r3", Some(10)), ("g", "three", "r3", None)];
        for (name, app, uid, ready) in pods {
            let mut p = pod(name, app, Some("n1"), ready, 0, &[0]);
            if name == "f" {
                p.metadata.labels.insert("tier".into(), "x".into());
            }
            p.metadata.owner_references =
                vec![OwnerReference { kind: "ReplicaSet".into(), uid: uid.into(), controller: true, ..Default::default() }];
            kube.store.pods.insert(Key::of(&p.metadata), p);
        }
        let (mut rng, mut events) = (crate::rng::SimRng::new(1), crate::events::EventLog::default());
        let mut ctx = Ctx { now: SimTime(100), rng: &mut rng, events: &mut events };
        assert!(reconcile(&mut kube, &mut ctx));
        let status = |name: &str| {
            let s = &kube.store.replica_sets[&Key::new("default", name)].status;
            (s.replicas, s.fully_labeled_replicas, s.ready_replicas, s.available_replicas, s.observed_generation)
        };
        assert_eq!(status("one"), (3, 3, 2, 1, 2));
        assert_eq!(status("two"), (2, 2, 2, 1, 1));
        assert_eq!(status("three"), (2, 1, 1, 1, 1));
        // The status already says so: nothing to write, no pod created or deleted.
        assert!(!reconcile(&mut kube, &mut ctx));
        assert_eq!(kube.store.pods.len(), 7);
    }

    #[test]
    fn doubled_up_counts_the_pods_of_every_replicaset_of_the_same_deployment() {
        let mut kube = Kube::default();
        let owner = OwnerReference { kind: "Deployment".into(), name: "web".into(), uid: "d1".into(), controller: true, ..Default::default() };
        for (name, owned) in [("old", true), ("new", true), ("bare", false)] {
            let mut rs = ReplicaSet::default();
            rs.metadata.name = name.into();
            rs.metadata.namespace = Some("default".into());
            rs.metadata.uid = format!("rs-{name}");
            if owned {
                rs.metadata.owner_references.push(owner.clone());
            }
            rs.spec.selector.match_labels.insert("app".into(), name.into());
            kube.store.replica_sets.insert(Key::new("default", name), rs);
        }
        // The old ReplicaSet: o1 alone on n1, o2 on n2 next to three pods of the new one.
        let pods = [
            pod("o1", "old", Some("n1"), Some(10), 0, &[0]),
            pod("o2", "old", Some("n2"), Some(10), 0, &[0]),
            pod("n-1", "new", Some("n2"), Some(20), 5, &[0]),
            pod("n-2", "new", Some("n2"), Some(20), 5, &[0]),
            pod("n-3", "new", Some("n2"), Some(20), 5, &[0]),
            pod("b1", "bare", Some("n3"), Some(10), 0, &[0]),
            pod("b2", "bare", Some("n3"), Some(10), 0, &[0]),
            pod("b3", "bare", Some("n4"), Some(10), 0, &[0]),
        ];
        for p in pods {
            kube.store.pods.insert(Key::of(&p.metadata), p);
        }
        let now = SimTime(1000);
        let old = kube.store.replica_sets[&Key::new("default", "old")].clone();
        let active = [Key::new("default", "o1"), Key::new("default", "o2")];
        // o2 has 4 related pods on n2 (itself and the new ReplicaSet's 3), o1 has 1.
        assert_eq!(rank_victims(&kube, &old, &active, 1, now), [Key::new("default", "o2")]);
        // A ReplicaSet without an owner has no related pods: every rank is 0, so two on
        // n3 do not count, and the UID decides between equal pods (b1 < b3).
        let bare = kube.store.replica_sets[&Key::new("default", "bare")].clone();
        let active = [Key::new("default", "b3"), Key::new("default", "b1")];
        assert_eq!(rank_victims(&kube, &bare, &active, 1, now), [Key::new("default", "b1")]);
    }
}
