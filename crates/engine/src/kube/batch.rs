//! Job (`batch/v1`), and how long a container "works" before it exits.
//!
//! The playground runs no programs. A container's run is read from its `command`
//! and `args`: `sleep N` (seconds; `Ns`, `Nm`, `Nh` too) is how long it works, and
//! `exit N` is the code it then exits with (0 without one). A container of a Job's
//! pod without `sleep` works [`DEFAULT_JOB_RUN_SECONDS`]; other containers without
//! `sleep` run until stopped, as servers do. So `command: ["sh", "-c", "sleep 10; exit 1"]`
//! fails after ten seconds.

use super::meta::{time, LabelSelector, ObjectMeta};
use super::pod::Container;
use super::workloads::PodTemplateSpec;
use crate::clock::SimTime;
use crate::from_value::FromValue;
use crate::to_json::ToJson;

/// How long a Job's container without `sleep` in its command works.
pub const DEFAULT_JOB_RUN_SECONDS: u64 = 5;
/// `pkg/apis/batch/v1/defaults.go`.
pub const DEFAULT_BACKOFF_LIMIT: i64 = 6;
/// `pkg/controller/job/job_controller.go`: `DefaultJobPodFailureBackOff`, `MaxJobPodFailureBackOff`.
pub const POD_FAILURE_BACKOFF_SECONDS: u64 = 10;
pub const MAX_POD_FAILURE_BACKOFF_SECONDS: u64 = 600;
pub const LABEL_CONTROLLER_UID: &str = "batch.kubernetes.io/controller-uid";
pub const LABEL_JOB_NAME: &str = "batch.kubernetes.io/job-name";
pub const LEGACY_LABEL_CONTROLLER_UID: &str = "controller-uid";
pub const LEGACY_LABEL_JOB_NAME: &str = "job-name";

/// What a container does once started: work this many seconds (None: until stopped), then exit with the code.
pub fn container_run(c: &Container, job_pod: bool) -> (Option<u64>, i64) {
    // No words, nothing to read (the kubelet asks this of every running container each pass).
    if c.command.is_empty() && c.args.is_empty() {
        return (job_pod.then_some(DEFAULT_JOB_RUN_SECONDS), 0);
    }
    let text = c.command.iter().chain(&c.args).cloned().collect::<Vec<_>>().join(" ");
    let words: Vec<&str> = text.split(|ch: char| ch.is_whitespace() || ch == ';' || ch == '&' || ch == '|').filter(|w| !w.is_empty()).collect();
    let mut secs = None;
    let mut code = 0;
    for pair in words.windows(2) {
        match pair[0] {
            "sleep" => secs = parse_sleep(pair[1]).or(secs),
            "exit" => code = pair[1].parse().unwrap_or(code),
            _ => {}
        }
    }
    if secs.is_none() && job_pod {
        secs = Some(DEFAULT_JOB_RUN_SECONDS);
    }
    (secs, code)
}

fn parse_sleep(w: &str) -> Option<u64> {
    let (num, mult) = match w.as_bytes().last()? {
        b's' => (&w[..w.len() - 1], 1),
        b'm' => (&w[..w.len() - 1], 60),
        b'h' => (&w[..w.len() - 1], 3600),
        _ => (w, 1),
    };
    num.parse::<u64>().ok().map(|n| n * mult)
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Job {
    pub metadata: ObjectMeta,
    pub spec: JobSpec,
    pub status: JobStatus,
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct JobSpec {
    pub parallelism: i64,
    pub completions: i64,
    pub backoff_limit: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    pub completion_mode: String,
    pub suspend: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manual_selector: Option<bool>,
    pub selector: LabelSelector,
    pub template: PodTemplateSpec,
}

impl Default for JobSpec {
    fn default() -> Self {
        JobSpec {
            parallelism: 1,
            completions: 1,
            backoff_limit: DEFAULT_BACKOFF_LIMIT,
            active_deadline_seconds: None,
            completion_mode: "NonIndexed".into(),
            suspend: false,
            manual_selector: None,
            selector: LabelSelector::default(),
            template: PodTemplateSpec::default(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct JobStatus {
    #[serde(skip_serializing_if = "Option::is_none", with = "super::meta::opt_time")]
    pub start_time: Option<SimTime>,
    #[serde(skip_serializing_if = "Option::is_none", with = "super::meta::opt_time")]
    pub completion_time: Option<SimTime>,
    #[serde(skip_serializing_if = "is_zero")]
    pub active: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub succeeded: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub failed: i64,
    pub ready: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<JobCondition>,
}

impl JobStatus {
    pub fn condition(&self, type_: &str) -> bool {
        self.conditions.iter().any(|c| c.type_ == type_ && c.status == "True")
    }

    pub fn finished(&self) -> bool {
        self.condition("Complete") || self.condition("Failed")
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct JobCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(with = "time")]
    pub last_probe_time: SimTime,
    #[serde(with = "time")]
    pub last_transition_time: SimTime,
}

/// A CronJob (`batch/v1`): a Job made from `jobTemplate` at each scheduled time.
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct CronJob {
    pub metadata: ObjectMeta,
    pub spec: CronJobSpec,
    pub status: CronJobStatus,
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct CronJobSpec {
    pub schedule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starting_deadline_seconds: Option<i64>,
    pub concurrency_policy: String,
    pub suspend: bool,
    pub job_template: JobTemplateSpec,
    pub successful_jobs_history_limit: i64,
    pub failed_jobs_history_limit: i64,
}

impl Default for CronJobSpec {
    /// `pkg/apis/batch/v1/defaults.go`: Allow, not suspended, keep 3 successful and 1 failed Job.
    fn default() -> Self {
        CronJobSpec {
            schedule: String::new(),
            time_zone: None,
            starting_deadline_seconds: None,
            concurrency_policy: "Allow".into(),
            suspend: false,
            job_template: JobTemplateSpec::default(),
            successful_jobs_history_limit: 3,
            failed_jobs_history_limit: 1,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct JobTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: JobSpec,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct CronJobStatus {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub active: Vec<super::meta::ObjectReference>,
    #[serde(skip_serializing_if = "Option::is_none", with = "super::meta::opt_time")]
    pub last_schedule_time: Option<SimTime>,
    #[serde(skip_serializing_if = "Option::is_none", with = "super::meta::opt_time")]
    pub last_successful_time: Option<SimTime>,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(cmd: &[&str], args: &[&str]) -> Container {
        Container {
            command: cmd.iter().map(|s| s.to_string()).collect(),
            args: args.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn runs_are_read_from_sleep_and_exit() {
        assert_eq!(container_run(&c(&["sleep", "30"], &[]), false), (Some(30), 0));
        assert_eq!(container_run(&c(&["sh", "-c"], &["sleep 2m; exit 3"]), true), (Some(120), 3));
        assert_eq!(container_run(&c(&["sh", "-c", "exit 1"], &[]), true), (Some(DEFAULT_JOB_RUN_SECONDS), 1));
        assert_eq!(container_run(&c(&[], &[]), false), (None, 0));
        assert_eq!(container_run(&c(&["perl"], &["-e", "print"]), true), (Some(5), 0));
    }
}
