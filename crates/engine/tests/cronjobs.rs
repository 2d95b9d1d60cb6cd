//! CronJobs on the virtual clock (which starts at 2026-01-01T00:00:00Z): Jobs at the
//! scheduled minutes, concurrency policies, history limits and missed schedules.

use podium_engine::kube::manifest::decode;
use podium_engine::{Action, ApiError, NodeConfig, Resource, Sim};

fn cron(schedule: &str, extra: &str, command: &str) -> String {
    format!(
        "apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: \"{schedule}\"
{extra}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: tick
            image: busybox:1.36
            command: {command}
"
    )
}

fn cluster() -> Sim {
    Sim::with_nodes(5, &[NodeConfig::new("node-1", "4", "8Gi").unwrap()]).unwrap()
}

fn apply(sim: &mut Sim, yaml: &str) -> Result<podium_engine::Outcome, ApiError> {
    let objects = decode(yaml).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() })
}

fn jobs(sim: &Sim) -> Vec<String> {
    sim.kube().store.jobs.keys().map(|k| k.name.clone()).collect()
}

fn events(sim: &Sim, reason: &str) -> Vec<String> {
    sim.events().all().iter().filter(|e| e.reason == reason).map(|e| e.message.clone()).collect()
}

/// 2026-01-01T00:00:00Z in Unix minutes.
const EPOCH_MIN: u64 = 1_767_225_600 / 60;

#[test]
fn a_job_every_minute_and_three_kept() {
    let mut sim = cluster();
    assert_eq!(apply(&mut sim, &cron("* * * * *", "", "[sleep, '5']")).unwrap().changes[0].kubectl_line(), "cronjob.batch/tick created");
    sim.advance(59);
    assert!(jobs(&sim).is_empty());
    sim.advance(1);
    assert_eq!(jobs(&sim), [format!("tick-{}", EPOCH_MIN + 1)]);
    assert_eq!(events(&sim, "SuccessfulCreate").iter().filter(|m| m.starts_with("Created job")).count(), 1);
    let j = &sim.kube().store.jobs.values().next().unwrap();
    assert_eq!(j.metadata.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"], "2026-01-01T00:01:00Z");
    assert_eq!(j.metadata.controller().unwrap().kind, "CronJob");
    sim.advance(60 * 5 + 30);
    // Jobs at minutes 1..6, all complete; three kept.
    assert_eq!(jobs(&sim), (4..=6).map(|m| format!("tick-{}", EPOCH_MIN + m)).collect::<Vec<_>>());
    assert_eq!(events(&sim, "SawCompletedJob")[0], format!("Saw completed job: tick-{}, condition: Complete", EPOCH_MIN + 1));
    assert_eq!(events(&sim, "SuccessfulDelete").len(), 3);
    let cj = sim.kube().store.cron_jobs.values().next().unwrap();
    assert_eq!(cj.status.last_schedule_time.unwrap().secs(), 360);
    assert!(cj.status.active.is_empty());
}

#[test]
fn forbid_skips_while_running_and_replace_replaces() {
    let mut sim = cluster();
    apply(&mut sim, &cron("* * * * *", "  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 10\n", "[sleep, '100']")).unwrap();
    sim.advance(200);
    // Started at 1:00 (runs to ~2:45); 2:00 is skipped and its 10 s window passes; 3:00 starts.
    assert_eq!(jobs(&sim), [format!("tick-{}", EPOCH_MIN + 1), format!("tick-{}", EPOCH_MIN + 3)]);
    let mut sim = cluster();
    apply(&mut sim, &cron("* * * * *", "  concurrencyPolicy: Replace\n", "[sleep, '100']")).unwrap();
    sim.advance(130);
    assert_eq!(jobs(&sim), [format!("tick-{}", EPOCH_MIN + 2)]);
    assert_eq!(events(&sim, "SuccessfulDelete"), [format!("Deleted job tick-{}", EPOCH_MIN + 1)]);
}

#[test]
fn more_than_100_missed_times_start_only_the_latest() {
    let mut sim = cluster();
    apply(&mut sim, &cron("* * * * *", "  suspend: true\n", "[sleep, '1']")).unwrap();
    sim.advance(102 * 60);
    assert!(jobs(&sim).is_empty());
    apply(&mut sim, &cron("* * * * *", "", "[sleep, '1']")).unwrap();
    assert_eq!(jobs(&sim), [format!("tick-{}", EPOCH_MIN + 102)]);
    assert_eq!(events(&sim, "TooManyMissedTimes"), ["too many missed start times: 102. Set or decrease .spec.startingDeadlineSeconds or check clock skew"]);
}

#[test]
fn validation_and_cascade() {
    let mut sim = cluster();
    let e = apply(&mut sim, &cron("61 * * * *", "", "[sleep, '1']")).unwrap_err();
    assert_eq!(e.to_string(), "The CronJob \"tick\" is invalid: spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61");
    // `validateScheduleFormat`: a zone in the schedule is refused even when robfig reads it.
    let e = apply(&mut sim, &cron("TZ=UTC 0 * * * *", "", "[sleep, '1']")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The CronJob \"tick\" is invalid: spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
    );
    let e = apply(&mut sim, &cron("0 0 * * 7", "", "[sleep, '1']")).unwrap_err();
    assert!(e.to_string().ends_with("Invalid value: \"0 0 * * 7\": end of range (7) above maximum (6): 7"), "{e}");
    apply(&mut sim, &cron("@hourly", "", "[sleep, '600']")).unwrap();
    sim.advance(3600 + 10);
    assert_eq!(jobs(&sim).len(), 1);
    assert_eq!(sim.kube().store.pods.len(), 1);
    sim.act(Action::Delete { resource: Resource::CronJob, namespace: "default".into(), name: "tick".into() }).unwrap();
    sim.advance(5);
    assert!(jobs(&sim).is_empty());
    assert!(sim.kube().store.pods.is_empty());
    assert_eq!(Resource::parse("cj"), Some(Resource::CronJob));
}
