//! The garbage collector's cascading deletion: an object whose controlling owner
//! is gone is deleted too (background propagation, `pkg/controller/garbagecollector`).

use super::super::{Ctx, Key, Kube};
use crate::collecting::set_from;
use std::collections::BTreeSet;

// The uid sets are `String` sets, as elsewhere in the engine: a set of `&str` would compile the
// tree code once more (owners are few, so the copies cost little).
pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let deployments: BTreeSet<String> = set_from(kube.store.deployments.values().map(|d| d.metadata.uid.clone()));
    let cron_jobs: BTreeSet<String> = set_from(kube.store.cron_jobs.values().map(|c| c.metadata.uid.clone()));
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
    let replica_sets: BTreeSet<String> = set_from(kube.store.replica_sets.values().map(|r| r.metadata.uid.clone()));
    let daemon_sets: BTreeSet<String> = set_from(kube.store.daemon_sets.values().map(|d| d.metadata.uid.clone()));
    let jobs: BTreeSet<String> = set_from(kube.store.jobs.values().map(|j| j.metadata.uid.clone()));
    let orphan_pods: Vec<Key> = kube
        .store
        .pods
        .iter()
        .filter(|(_, p)| {
            !p.is_terminating()
                && p.metadata.controller().is_some_and(|o| match o.kind.as_str() {
                    "ReplicaSet" => !replica_sets.contains(o.uid.as_str()),
                    "DaemonSet" => !daemon_sets.contains(o.uid.as_str()),
                    "Job" => !jobs.contains(o.uid.as_str()),
                    _ => false,
                })
        })
        .map(|(k, _)| k.clone())
        .collect();
    for k in &orphan_pods {
        kube.delete_pod(k, ctx);
    }
    !orphan_jobs.is_empty() || !orphan_rs.is_empty() || !orphan_pods.is_empty()
}
