//! The CronJob controller (`pkg/controller/cronjob/cronjob_controllerv2.go`,
//! `utils.go`): at each scheduled time a Job `<cronjob>-<unix minutes>` from
//! `jobTemplate`; `concurrencyPolicy` Allow, Forbid (skip while one runs) or Replace
//! (delete the running one first); `startingDeadlineSeconds`; more than 100 missed
//! times only start the latest (`TooManyMissedTimes`); finished Jobs beyond
//! `successfulJobsHistoryLimit` (3) and `failedJobsHistoryLimit` (1) deleted.

use super::super::batch::{CronJob, Job};
use super::super::cron::Schedule;
use super::super::{reference, Ctx, Key, Kube};
use crate::clock::{SimTime, EPOCH_UNIX_SECONDS};
use crate::events::EventType;
use super::pods::controller_ref;

/// Missed start times beyond which the controller warns and only starts the latest.
pub const MAX_MISSED_SCHEDULES: usize = 100;
pub const SCHEDULED_TIMESTAMP_ANNOTATION: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";

pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let keys: Vec<Key> = kube.store.cron_jobs.keys().cloned().collect();
    let mut changed = false;
    for key in keys {
        changed |= sync(kube, &key, ctx);
    }
    changed
}

/// `mostRecentScheduleTime`: the latest scheduled time after `earliest` and not after
/// `now`, and how many there were.
pub fn most_recent(schedule: &Schedule, earliest: SimTime, now: SimTime) -> (Option<SimTime>, usize) {
    let mut latest = None;
    let mut count = 0;
    let mut t = earliest;
    while let Some(next) = schedule.next_after(t) {
        if next > now {
            break;
        }
        latest = Some(next);
        count += 1;
        t = next;
    }
    (latest, count)
}

fn owned_jobs(kube: &Kube, cj: &CronJob) -> Vec<Key> {
    kube.store
        .jobs
        .iter()
        .filter(|(_, j)| j.metadata.controller().is_some_and(|o| o.uid == cj.metadata.uid))
        .map(|(k, _)| k.clone())
        .collect()
}

fn delete_job(kube: &mut Kube, key: &Key) {
    // Background propagation: the garbage collector takes the Job's pods.
    kube.store.jobs.delete(key);
}

fn sync(kube: &mut Kube, key: &Key, ctx: &mut Ctx) -> bool {
    let cj = kube.store.cron_jobs[key].clone();
    let obj = reference("CronJob", "batch/v1", &cj.metadata);
    let now = ctx.now;
    let mut status = cj.status.clone();
    let mut changed = false;
    let owned = owned_jobs(kube, &cj);

    // Active list: drop Jobs that are gone; note the ones that finished.
    status.active.retain(|r| owned.iter().any(|k| k.name == r.name));
    for k in &owned {
        let j = &kube.store.jobs[k];
        let listed = status.active.iter().any(|r| r.name == k.name);
        if j.status.finished() {
            if listed {
                status.active.retain(|r| r.name != k.name);
                let cond = if j.status.condition("Complete") { "Complete" } else { "Failed" };
                ctx.event(
                    EventType::Normal,
                    obj.clone(),
                    "SawCompletedJob",
                    format!("Saw completed job: {}, condition: {cond}", k.name),
                    "cronjob-controller",
                );
                if cond == "Complete" {
                    status.last_successful_time = j.status.completion_time;
                }
            }
        } else if !listed {
            status.active.push(reference("Job", "batch/v1", &j.metadata));
        }
    }

    // History: the oldest finished Jobs beyond the limits go.
    for (complete, limit) in [(true, cj.spec.successful_jobs_history_limit), (false, cj.spec.failed_jobs_history_limit)] {
        let mut done: Vec<(Option<SimTime>, Key)> = owned
            .iter()
            .filter_map(|k| kube.store.jobs.get(k).map(|j| (k, j)))
            .filter(|(_, j)| if complete { j.status.condition("Complete") } else { j.status.condition("Failed") })
            .map(|(k, j)| (j.status.start_time.or(j.metadata.creation_timestamp), k.clone()))
            .collect();
        crate::sorting::sort(&mut done);
        let extra = done.len().saturating_sub(limit.max(0) as usize);
        for (_, k) in done.into_iter().take(extra) {
            delete_job(kube, &k);
            ctx.event(EventType::Normal, obj.clone(), "SuccessfulDelete", format!("Deleted job {}", k.name), "cronjob-controller");
            changed = true;
        }
    }

    if !cj.spec.suspend {
        if let Ok(schedule) = Schedule::parse(&cj.spec.schedule) {
            let mut earliest = status.last_schedule_time.or(cj.metadata.creation_timestamp).unwrap_or_default();
            if let Some(d) = cj.spec.starting_deadline_seconds {
                let window_start = SimTime(now.secs().saturating_sub(d.max(0) as u64));
                earliest = earliest.max(window_start);
            }
            let (latest, missed) = most_recent(&schedule, earliest, now);
            if let Some(scheduled) = latest {
                if missed > MAX_MISSED_SCHEDULES {
                    ctx.event(
                        EventType::Warning,
                        obj.clone(),
                        "TooManyMissedTimes",
                        format!("too many missed start times: {missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew"),
                        "cronjob-controller",
                    );
                }
                changed |= start(kube, &cj, &mut status, scheduled, ctx);
            }
        }
    }

    let c = kube.store.cron_jobs.get_mut(key).expect("cron job");
    if c.status != status {
        c.status = status;
        changed = true;
    }
    changed
}

/// Starts the Job for `scheduled`, unless Forbid and one is running.
fn start(kube: &mut Kube, cj: &CronJob, status: &mut super::super::batch::CronJobStatus, scheduled: SimTime, ctx: &mut Ctx) -> bool {
    let obj = reference("CronJob", "batch/v1", &cj.metadata);
    if cj.spec.concurrency_policy == "Forbid" && !status.active.is_empty() {
        // Not recorded as scheduled: it starts late once the running Job ends, if still in the window.
        return false;
    }
    if cj.spec.concurrency_policy == "Replace" {
        for r in std::mem::take(&mut status.active) {
            delete_job(kube, &Key::new(cj.metadata.ns(), r.name.clone()));
            ctx.event(EventType::Normal, obj.clone(), "SuccessfulDelete", format!("Deleted job {}", r.name), "cronjob-controller");
        }
    }
    let minutes = (EPOCH_UNIX_SECONDS + scheduled.secs()) / 60;
    let name = format!("{}-{minutes}", cj.metadata.name);
    let ns = cj.metadata.ns().to_string();
    status.last_schedule_time = Some(scheduled);
    if kube.store.jobs.contains_key(&Key::new(&ns, name.clone())) {
        return true;
    }
    let mut job = Job::default();
    job.metadata.name = name.clone();
    job.metadata.namespace = Some(ns);
    job.metadata.labels = cj.spec.job_template.metadata.labels.clone();
    job.metadata.annotations = cj.spec.job_template.metadata.annotations.clone();
    job.metadata.annotations.insert(SCHEDULED_TIMESTAMP_ANNOTATION.into(), scheduled.rfc3339());
    job.metadata.owner_references = vec![controller_ref("batch/v1", "CronJob", &cj.metadata)];
    job.spec = cj.spec.job_template.spec.clone();
    let key = kube.insert_new_job(job, ctx);
    status.active.push(reference("Job", "batch/v1", &kube.store.jobs[&key].metadata));
    ctx.event(EventType::Normal, obj, "SuccessfulCreate", format!("Created job {name}"), "cronjob-controller");
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_recent_counts_missed_times() {
        let s = Schedule::parse("* * * * *").unwrap();
        assert_eq!(most_recent(&s, SimTime(0), SimTime(59)), (None, 0));
        assert_eq!(most_recent(&s, SimTime(0), SimTime(60)), (Some(SimTime(60)), 1));
        assert_eq!(most_recent(&s, SimTime(0), SimTime(101 * 60 + 30)), (Some(SimTime(101 * 60)), 101));
    }
}
