//! The garbage collector's cascading deletion: an object whose controlling owner
//! is gone is deleted too (background propagation, `pkg/controller/garbagecollector`).

use super::super::meta::OwnerReference;
use super::super::{Ctx, Key, Kube};

/// The owners' uids, borrowed and sorted, to be searched: no uid is copied and no tree is built
/// each pass (the sort and the search of `&str` slices are compiled for other callers already).
struct Uids<'a>(Vec<&'a str>);

impl<'a> Uids<'a> {
    fn new(uids: impl Iterator<Item = &'a str>) -> Uids<'a> {
        let mut v: Vec<&str> = uids.collect();
        crate::sorting::sort(&mut v);
        Uids(v)
    }

    fn contains(&self, uid: &str) -> bool {
        self.0.binary_search(&uid).is_ok()
    }
}

pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let deployments = Uids::new(kube.store.deployments.values().map(|d| d.metadata.uid.as_str()));
    let cron_jobs = Uids::new(kube.store.cron_jobs.values().map(|c| c.metadata.uid.as_str()));
    let orphan_jobs: Vec<Key> = kube
        .store
        .jobs
        .iter()
        .filter(|(_, j)| j.metadata.controller().is_some_and(|o| o.kind == "CronJob" && !cron_jobs.contains(&o.uid)))
        .map(|(k, _)| k.clone())
        .collect();
    for k in &orphan_jobs {
        kube.store.jobs.delete(k);
    }
    let orphan_rs: Vec<Key> = kube
        .store
        .replica_sets
        .iter()
        .filter(|(_, rs)| rs.metadata.controller().is_some_and(|o| o.kind == "Deployment" && !deployments.contains(o.uid.as_str())))
        .map(|(k, _)| k.clone())
        .collect();
    for k in &orphan_rs {
        kube.store.replica_sets.delete(k);
    }
    let replica_sets = Uids::new(kube.store.replica_sets.values().map(|r| r.metadata.uid.as_str()));
    let daemon_sets = Uids::new(kube.store.daemon_sets.values().map(|d| d.metadata.uid.as_str()));
    let jobs = Uids::new(kube.store.jobs.values().map(|j| j.metadata.uid.as_str()));
    let gone = |o: &OwnerReference| match o.kind.as_str() {
        "ReplicaSet" => !replica_sets.contains(o.uid.as_str()),
        "DaemonSet" => !daemon_sets.contains(o.uid.as_str()),
        "Job" => !jobs.contains(o.uid.as_str()),
        _ => false,
    };
    // Pods of one owner sit together in name order: the answer for the last owner looked up
    // is kept for the next pod with the same one.
    let mut last: Option<(&OwnerReference, bool)> = None;
    let orphan_pods: Vec<Key> = kube
        .store
        .pods
        .iter()
        .filter(|(_, p)| {
            !p.is_terminating()
                && p.metadata.controller().is_some_and(|o| match last {
                    Some((l, answer)) if l.uid == o.uid && l.kind == o.kind => answer,
                    _ => {
                        let answer = gone(o);
                        last = Some((o, answer));
                        answer
                    }
                })
        })
        .map(|(k, _)| k.clone())
        .collect();
    for k in &orphan_pods {
        kube.delete_pod(k, ctx);
    }
    !orphan_jobs.is_empty() || !orphan_rs.is_empty() || !orphan_pods.is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::super::pod::Pod;
    use super::super::super::workloads::ReplicaSet;
    use super::*;

    #[test]
    fn uids_are_found_as_in_a_set_with_repeats_and_empty_ones() {
        let uids = Uids::new(["c3", "a1", "", "b2", "a1"].into_iter());
        for uid in ["a1", "b2", "c3", ""] {
            assert!(uids.contains(uid), "{uid:?}");
        }
        for uid in ["a", "a10", "b", "d4"] {
            assert!(!uids.contains(uid), "{uid:?}");
        }
        assert!(!Uids::new(std::iter::empty()).contains(""));
    }

    #[test]
    fn owners_asked_once_per_run_of_pods_still_answer_for_each_pod() {
        let mut kube = Kube::default();
        let mut rs = ReplicaSet::default();
        rs.metadata.name = "live".into();
        rs.metadata.namespace = Some("default".into());
        rs.metadata.uid = "r1".into();
        kube.store.replica_sets.insert(Key::new("default", "live"), rs);
        // In name order: a run of the live ReplicaSet's pods, one of a deleted ReplicaSet, the
        // live one again, a DaemonSet pod with the live ReplicaSet's uid (no such DaemonSet),
        // then the deleted ReplicaSet's again.
        let pods = [("p1", "ReplicaSet", "r1"), ("p2", "ReplicaSet", "r1"), ("p3", "ReplicaSet", "gone"), ("p4", "ReplicaSet", "r1"), ("p5", "DaemonSet", "r1"), ("p6", "ReplicaSet", "gone")];
        for (name, kind, uid) in pods {
            let mut p = Pod::default();
            p.metadata.name = name.into();
            p.metadata.namespace = Some("default".into());
            p.metadata.owner_references = vec![OwnerReference { kind: kind.into(), uid: uid.into(), controller: true, ..Default::default() }];
            kube.store.pods.insert(Key::new("default", name), p);
        }
        let (mut rng, mut events) = (crate::rng::SimRng::new(1), crate::events::EventLog::default());
        let mut ctx = Ctx { now: crate::clock::SimTime(10), rng: &mut rng, events: &mut events };
        assert!(reconcile(&mut kube, &mut ctx));
        // Unbound orphans are removed at once.
        let left: Vec<&str> = kube.store.pods.keys().map(|k| k.name.as_str()).collect();
        assert_eq!(left, ["p1", "p2", "p4"]);
        assert!(!reconcile(&mut kube, &mut ctx));
    }
}
