//! The Job controller (`pkg/controller/job/job_controller.go`): keeps
//! `min(parallelism, completions - succeeded)` pods running, counts each finished pod
//! once (upstream tracks them with the `batch.kubernetes.io/job-tracking` finalizer;
//! the playground keeps the counted uids in [`Tracking`]), waits before replacing a
//! failed pod (10 s doubling, capped at 10 minutes), and ends the Job `Complete` when
//! `completions` pods succeeded or `Failed` (BackoffLimitExceeded) when more than
//! `backoffLimit` pods failed.

use super::super::batch::{JobCondition, MAX_POD_FAILURE_BACKOFF_SECONDS, POD_FAILURE_BACKOFF_SECONDS};
use super::super::pod::{Pod, FAILED, SUCCEEDED};
use super::super::{reference, Ctx, Key, Kube};
use crate::clock::SimTime;
use crate::events::EventType;
use crate::from_value::FromValue;
use crate::to_json::ToJson;
use std::collections::BTreeSet;
use super::pods::controller_ref;

/// What the controller remembers of one Job (simulation-only, keyed by the Job's uid).
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
pub struct Tracking {
    pub succeeded: BTreeSet<String>,
    pub failed: BTreeSet<String>,
    /// Failures since the last success, and when the last one was seen (the back-off record).
    pub failures_since_success: u32,
    pub last_failure: Option<SimTime>,
}

/// The delay before a new pod after `failures` failures in a row: 10 s, 20 s, 40 s … 600 s.
pub fn backoff_seconds(failures: u32) -> u64 {
    if failures == 0 {
        return 0;
    }
    let shift = (failures - 1).min(16);
    (POD_FAILURE_BACKOFF_SECONDS << shift).min(MAX_POD_FAILURE_BACKOFF_SECONDS)
}

pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let uids: BTreeSet<String> = crate::collecting::set_from(kube.store.jobs.values().map(|j| j.metadata.uid.clone()));
    kube.job_tracking.retain(|uid, _| uids.contains(uid));
    let keys: Vec<Key> = kube.store.jobs.keys().cloned().collect();
    let mut changed = false;
    for key in keys {
        changed |= sync(kube, &key, ctx);
    }
    changed
}

fn condition(type_: &str, reason: &str, message: &str, now: SimTime) -> JobCondition {
    JobCondition {
        type_: type_.into(),
        status: "True".into(),
        reason: reason.into(),
        message: message.into(),
        last_probe_time: now,
        last_transition_time: now,
    }
}

fn sync(kube: &mut Kube, key: &Key, ctx: &mut Ctx) -> bool {
    let job = kube.store.jobs[key].clone();
    if job.status.finished() {
        return false;
    }
    let uid = job.metadata.uid.clone();
    let obj = reference("Job", "batch/v1", &job.metadata);
    let now = ctx.now;
    let mut status = job.status.clone();
    if status.start_time.is_none() {
        status.start_time = Some(now);
    }
    let owned: Vec<(Key, Pod)> = kube
        .store
        .pods
        .iter()
        .filter(|(_, p)| p.metadata.controller().is_some_and(|o| o.uid == uid))
        .map(|(k, p)| (k.clone(), p.clone()))
        .collect();
    let mut tracking = kube.job_tracking.get(&uid).cloned().unwrap_or_default();
    for (_, p) in &owned {
        match p.status.phase.as_str() {
            SUCCEEDED if tracking.succeeded.insert(p.metadata.uid.clone()) => tracking.failures_since_success = 0,
            FAILED if tracking.failed.insert(p.metadata.uid.clone()) => {
                tracking.failures_since_success += 1;
                tracking.last_failure = Some(now);
            }
            _ => {}
        }
    }
    let mut active: Vec<Key> = owned.iter().filter(|(_, p)| p.is_active() && !p.is_terminal()).map(|(k, _)| k.clone()).collect();
    status.succeeded = tracking.succeeded.len() as i64;
    status.failed = tracking.failed.len() as i64;
    let mut changed = false;
    let delete_active = |kube: &mut Kube, ctx: &mut Ctx, victims: &[Key]| {
        for k in victims {
            kube.delete_pod(k, ctx);
            ctx.event(EventType::Normal, obj.clone(), "SuccessfulDelete", format!("Deleted pod: {}", k.name), "job-controller");
        }
    };
    let deadline_passed = job
        .spec
        .active_deadline_seconds
        .zip(status.start_time)
        .is_some_and(|(d, start)| now.since(start) >= d.max(0) as u64);
    if status.failed > job.spec.backoff_limit {
        delete_active(kube, ctx, &active);
        active.clear();
        let msg = "Job has reached the specified backoff limit";
        status.conditions.push(condition("Failed", "BackoffLimitExceeded", msg, now));
        ctx.event(EventType::Warning, obj.clone(), "BackoffLimitExceeded", msg.into(), "job-controller");
        changed = true;
    } else if deadline_passed {
        delete_active(kube, ctx, &active);
        active.clear();
        let msg = "Job was active longer than specified deadline";
        status.conditions.push(condition("Failed", "DeadlineExceeded", msg, now));
        ctx.event(EventType::Warning, obj.clone(), "DeadlineExceeded", msg.into(), "job-controller");
        changed = true;
    } else if status.succeeded >= job.spec.completions {
        delete_active(kube, ctx, &active);
        active.clear();
        status.conditions.push(condition("Complete", "", "", now));
        status.completion_time = Some(now);
        ctx.event(EventType::Normal, obj.clone(), "Completed", "Job completed".into(), "job-controller");
        changed = true;
    } else {
        let want = if job.spec.suspend { 0 } else { job.spec.parallelism.min(job.spec.completions - status.succeeded).max(0) };
        let have = active.len() as i64;
        if have > want {
            // The newest pods go first.
            let mut extra = active.clone();
            crate::sorting::sort_by_key(&mut extra, |k| (std::cmp::Reverse(kube.store.pods[k].metadata.creation_timestamp), k.clone()));
            extra.truncate((have - want) as usize);
            delete_active(kube, ctx, &extra);
            changed = true;
        } else if have < want {
            let wait_until = tracking.last_failure.map(|t| t.plus(backoff_seconds(tracking.failures_since_success)));
            if wait_until.is_none_or(|t| now >= t) {
                for _ in have..want {
                    let pod = kube.pod_from_template(&job.spec.template, &job.metadata, controller_ref("batch/v1", "Job", &job.metadata), ctx);
                    let name = pod.metadata.name.clone();
                    active.push(kube.create_pod(pod, ctx));
                    ctx.event(EventType::Normal, obj.clone(), "SuccessfulCreate", format!("Created pod: {name}"), "job-controller");
                }
                changed = true;
            }
        }
    }
    status.active = active.iter().filter(|k| kube.store.pods.get(*k).is_some_and(|p| p.is_active() && !p.is_terminal())).count() as i64;
    status.ready = active.iter().filter(|k| kube.store.pods.get(*k).is_some_and(|p| p.is_active() && p.is_ready())).count() as i64;
    if kube.job_tracking.get(&uid) != Some(&tracking) {
        kube.job_tracking.insert(uid, tracking);
        changed = true;
    }
    let j = kube.store.jobs.get_mut(key).expect("job");
    if j.status != status {
        j.status = status;
        changed = true;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_10s_to_the_10_minute_cap() {
        let d: Vec<u64> = (0..=8).map(backoff_seconds).collect();
        assert_eq!(d, [0, 10, 20, 40, 80, 160, 320, 600, 600]);
    }
}
