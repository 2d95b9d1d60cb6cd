//! `kubectl run NAME --image=IMAGE` (`pkg/cmd/run/run.go`: a bare Pod labelled
//! `run=NAME`) and `kubectl create cronjob NAME --image=IMAGE --schedule=SPEC`
//! (`pkg/cmd/create/create_cronjob.go`). Both build a manifest and apply it, so
//! they get apply's defaults and the API server's validation.

use crate::args::Command;
use crate::metadata_verbs::{create_from, int_flag, json, yaml_map};
use crate::{errors, Output};
use podium_engine::kube::labels::{check_key, check_label_value};
use podium_engine::kube::Key;
use podium_engine::{ApiError, Resource, Sim};
use std::collections::BTreeMap;

fn namespace(cmd: &Command) -> String {
    cmd.value("namespace").filter(|n| !n.is_empty()).unwrap_or("default").to_string()
}

fn command_yaml(words: &[String]) -> String {
    if words.is_empty() {
        String::new()
    } else {
        let w: Vec<String> = words.iter().map(|a| json(a)).collect();
        format!("\n    command: [{}]", w.join(", "))
    }
}

/// `kubectl run NAME --image=IMAGE [--restart=Never] [--labels=k=v,...] [--port=N] [COMMAND...]`.
pub fn run(sim: &mut Sim, cmd: &Command) -> Output {
    let ns = namespace(cmd);
    let Some(name) = cmd.args.first().cloned() else {
        return Output::fail(errors::error("NAME is required for run\nSee 'kubectl run -h' for help and examples"));
    };
    let Some(image) = cmd.value("image").filter(|i| !i.is_empty()) else {
        return Output::fail(errors::error("required flag(s) \"image\" not set"));
    };
    let restart = cmd.value("restart").unwrap_or("Always");
    if !["Always", "OnFailure", "Never"].contains(&restart) {
        return Output::fail(errors::error(format!("invalid restart policy: {restart}")));
    }
    let mut labels = BTreeMap::new();
    match cmd.value("labels").filter(|l| !l.is_empty()) {
        None => {
            labels.insert("run".to_string(), name.clone());
        }
        Some(text) => {
            for pair in text.split(',') {
                let Some((k, v)) = pair.split_once('=') else {
                    return Output::fail(errors::error(format!("invalid label spec: {pair}")));
                };
                if check_key(k).is_err() || check_label_value(v).is_err() {
                    return Output::fail(errors::error(format!("invalid label spec: {pair}")));
                }
                labels.insert(k.to_string(), v.to_string());
            }
        }
    }
    let port = match int_flag(cmd, "run", "port") {
        Ok(p) => p.map(|p| format!("\n    ports:\n    - containerPort: {p}")).unwrap_or_default(),
        Err(e) => return Output::fail(e),
    };
    if sim.kube().store.pods.contains_key(&Key::new(&ns, &name)) {
        return Output::fail(errors::print_refusal(&ApiError::AlreadyExists { resource: Resource::Pod, name }));
    }
    let n = json(&name);
    let manifest = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {n}\n  labels: {}\nspec:\n  restartPolicy: {restart}\n  containers:\n  - name: {n}\n    image: {}{port}{}\n",
        yaml_map(&labels),
        json(image),
        command_yaml(&cmd.args[1..]),
    );
    create_from(sim, &manifest, &ns, "created")
}

/// `kubectl create cronjob NAME --image=IMAGE --schedule=SPEC [--restart=OnFailure|Never] [COMMAND...]`.
pub fn create_cronjob(sim: &mut Sim, cmd: &Command) -> Output {
    let ns = namespace(cmd);
    let Some(name) = cmd.args.get(1).cloned() else {
        return Output::fail(errors::error("exactly one NAME is required, got 0\nSee 'kubectl create cronjob -h' for help and examples"));
    };
    let image = cmd.value("image").filter(|i| !i.is_empty());
    let schedule = cmd.value("schedule").filter(|s| !s.is_empty());
    let (image, schedule) = match (image, schedule) {
        (Some(i), Some(s)) => (i, s),
        (None, None) => return Output::fail(errors::error("required flag(s) \"image\", \"schedule\" not set")),
        (None, _) => return Output::fail(errors::error("required flag(s) \"image\" not set")),
        (_, None) => return Output::fail(errors::error("required flag(s) \"schedule\" not set")),
    };
    let restart = cmd.value("restart").unwrap_or("OnFailure");
    if !["OnFailure", "Never"].contains(&restart) {
        return Output::fail(errors::error(format!("restart must be either OnFailure or Never, got {restart}")));
    }
    if sim.kube().store.cron_jobs.contains_key(&Key::new(&ns, &name)) {
        return Output::fail(errors::print_refusal(&ApiError::AlreadyExists { resource: Resource::CronJob, name }));
    }
    let n = json(&name);
    let command = command_yaml(&cmd.args[2..]).replace("\n    ", "\n            ");
    let manifest = format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {n}\nspec:\n  schedule: {}\n  jobTemplate:\n    metadata:\n      name: {n}\n    spec:\n      template:\n        spec:\n          restartPolicy: {restart}\n          containers:\n          - name: {n}\n            image: {}{command}\n",
        json(schedule),
        json(image),
    );
    create_from(sim, &manifest, &ns, "created")
}
