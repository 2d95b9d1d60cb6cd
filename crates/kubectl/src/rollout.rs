//! `kubectl set image` and `kubectl rollout status|history|undo|pause|resume|restart`
//! on Deployments, with kubectl's words (`pkg/cmd/rollout`, `pkg/cmd/set/set_image.go`,
//! `pkg/polymorphichelpers/{rollout_status,history,rollback}.go`). `rollout status`
//! prints the state at this instant, as `--watch=false` does.

use crate::args::Command;
use crate::table::{tabwrite, DESCRIBE_MIN_WIDTH, DESCRIBE_PADDING};
use crate::{errors, targets, Output, Scope};
use podium_engine::kube::controllers::deployment::{owned_rs, revision, TIMED_OUT_REASON};
use podium_engine::kube::rollout::{revision_rs, template_without_hash};
use podium_engine::kube::workloads::Deployment;
use podium_engine::kube::Key;
use podium_engine::{Action, ApiError, Resource, Sim, Verb};

/// `kubernetes.io/change-cause`, shown in `rollout history`.
pub const CHANGE_CAUSE_ANNOTATION: &str = "kubernetes.io/change-cause";

const SUBCOMMANDS: &[&str] = &["history", "pause", "restart", "resume", "status", "undo"];

/// The one Deployment a rollout command names (`deployment/web` or `deployment web`).
fn one_deployment(args: &[String], sub: &str) -> Result<String, String> {
    let t = match targets::parse(args, false) {
        Ok(t) => t,
        Err(e) if e.is_empty() => return Err(errors::error("required resource not specified")),
        Err(e) => return Err(e),
    };
    let mut names = Vec::new();
    for (r, ns) in &t.groups {
        if *r != Resource::Deployment {
            let what = match sub {
                "status" => "status viewer",
                "history" => "history viewer",
                "undo" => "rollbacker",
                _ => "rollout",
            };
            return Err(errors::error(format!("no {what} has been implemented for {:?} in the playground (deployments only)", r.kind())));
        }
        names.extend(ns.iter().cloned());
    }
    match names.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(errors::error("resource(s) were provided, but no name was specified")),
        _ => Err(errors::error("the playground's rollout commands take one deployment at a time")),
    }
}

fn find<'a>(sim: &'a Sim, ns: &str, name: &str) -> Result<&'a Deployment, String> {
    sim.kube()
        .store
        .deployments
        .get(&Key::new(ns, name))
        .ok_or_else(|| errors::print_refusal(&ApiError::NotFound { resource: Resource::Deployment, name: name.to_string() }))
}

/// kubectl's wording of a refusal of the rollout actions: client-side checks read `error: ...`.
fn refusal(e: &ApiError) -> String {
    match e {
        ApiError::BadRequest(m) => errors::error(m),
        other => errors::print_refusal(other),
    }
}

pub fn rollout(sim: &mut Sim, cmd: &Command, scope: &Scope) -> Output {
    let Some(sub) = cmd.args.first() else {
        return Output::fail(errors::error("a subcommand is required: history, pause, restart, resume, status or undo"));
    };
    if !SUBCOMMANDS.contains(&sub.as_str()) {
        return Output::fail(errors::unknown_command(sub, SUBCOMMANDS).replace("for \"kubectl\"", "for \"kubectl rollout\""));
    }
    let name = match one_deployment(&cmd.args[1..], sub) {
        Ok(n) => n,
        Err(e) => return Output::fail(e),
    };
    let ns = scope.namespace.clone();
    let d = match find(sim, &ns, &name) {
        Ok(d) => d.clone(),
        Err(e) => return Output::fail(e),
    };
    let done = |verb: Verb| Output::ok(format!("deployment.apps/{name} {}\n", verb.as_str()));
    match sub.as_str() {
        "status" => status(&d),
        "history" => history(sim, &d, cmd),
        "undo" => {
            let to_revision = match int_flag(cmd, "to-revision", "undo") {
                Ok(n) => n,
                Err(e) => return Output::fail(e),
            };
            if !d.spec.paused {
                if let Ok(rs) = revision_rs(sim.kube(), &d, to_revision) {
                    if template_without_hash(rs) == d.spec.template {
                        return Output::ok(format!(
                            "deployment.apps/{name} skipped rollback (current template already matches revision {})\n",
                            revision(rs)
                        ));
                    }
                }
            }
            match sim.act(Action::RolloutUndo { namespace: ns, name: name.clone(), to_revision }) {
                Ok(_) => done(Verb::RolledBack),
                Err(e) => Output::fail(refusal(&e)),
            }
        }
        "pause" | "resume" => {
            let paused = sub == "pause";
            match sim.act(Action::SetPaused { namespace: ns, name: name.clone(), paused }) {
                Ok(_) => done(if paused { Verb::Paused } else { Verb::Resumed }),
                Err(e) => Output::fail(refusal(&e)),
            }
        }
        "restart" => match sim.act(Action::RolloutRestart { namespace: ns, name: name.clone() }) {
            Ok(_) => done(Verb::Restarted),
            Err(e) => Output::fail(refusal(&e)),
        },
        _ => unreachable!("subcommands are checked above"),
    }
}

fn int_flag(cmd: &Command, flag: &str, verb: &str) -> Result<i64, String> {
    match cmd.value(flag) {
        None => Ok(0),
        Some(t) => t.parse().map_err(|_| {
            errors::flag_error(
                &format!("rollout {verb}"),
                &format!("invalid argument \"{t}\" for \"--{flag}\" flag: strconv.ParseInt: parsing \"{t}\": invalid syntax"),
            )
        }),
    }
}

/// `DeploymentStatusViewer.Status`: one line for this instant.
pub fn status_line(d: &Deployment) -> Result<String, String> {
    let name = &d.metadata.name;
    if d.metadata.generation > d.status.observed_generation {
        return Ok("Waiting for deployment spec update to be observed...\n".into());
    }
    let st = &d.status;
    if st.conditions.iter().any(|c| c.type_ == "Progressing" && c.reason == TIMED_OUT_REASON) {
        return Err(format!("deployment {name:?} exceeded its progress deadline"));
    }
    let wanted = d.spec.replicas;
    Ok(if st.updated_replicas < wanted {
        format!("Waiting for deployment {name:?} rollout to finish: {} out of {wanted} new replicas have been updated...\n", st.updated_replicas)
    } else if st.replicas > st.updated_replicas {
        format!("Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n", st.replicas - st.updated_replicas)
    } else if st.available_replicas < st.updated_replicas {
        format!("Waiting for deployment {name:?} rollout to finish: {} of {} updated replicas are available...\n", st.available_replicas, st.updated_replicas)
    } else {
        format!("deployment {name:?} successfully rolled out\n")
    })
}

fn status(d: &Deployment) -> Output {
    match status_line(d) {
        Ok(line) => Output::ok(line),
        Err(e) => Output::fail(errors::error(e)),
    }
}

/// `DeploymentHistoryViewer.ViewHistory`, printed after `deployment.apps/NAME `.
fn history(sim: &Sim, d: &Deployment, cmd: &Command) -> Output {
    let want = match int_flag(cmd, "revision", "history") {
        Ok(n) => n,
        Err(e) => return Output::fail(e),
    };
    let mut rss: Vec<(i64, &podium_engine::kube::workloads::ReplicaSet)> = owned_rs(sim.kube(), d)
        .iter()
        .map(|k| &sim.kube().store.replica_sets[k])
        .map(|rs| (revision(rs), rs))
        .filter(|(r, _)| *r > 0)
        .collect();
    podium_engine::sorting::sort_by_key(&mut rss, |(r, _)| *r);
    let name = &d.metadata.name;
    if want > 0 {
        let Some((_, rs)) = rss.iter().find(|(r, _)| *r == want) else {
            return Output::fail(errors::error("unable to find the specified revision"));
        };
        let mut w = String::new();
        crate::describe::pod_template(&mut w, &rs.spec.template);
        let body = tabwrite(&w, DESCRIBE_MIN_WIDTH, DESCRIBE_PADDING);
        return Output::ok(format!("deployment.apps/{name} with revision #{want}\n{body}\n"));
    }
    if rss.is_empty() {
        return Output::ok(format!("No rollout history found in deployment {name:?}\n"));
    }
    let mut t = String::from("REVISION\tCHANGE-CAUSE\n");
    for (r, rs) in &rss {
        let cause = rs.metadata.annotations.get(CHANGE_CAUSE_ANNOTATION).filter(|c| !c.is_empty()).map_or("<none>", String::as_str);
        t.push_str(&format!("{r}\t{cause}\n"));
    }
    Output::ok(format!("deployment.apps/{name} \n{}\n", tabwrite(&t, 0, 2)))
}

/// `kubectl set image TYPE/NAME CONTAINER=IMAGE...` (deployments).
pub fn set(sim: &mut Sim, cmd: &Command, scope: &Scope) -> Output {
    match cmd.args.first().map(String::as_str) {
        Some("image") => {}
        Some(other) => {
            return Output::fail(errors::error(format!("\"kubectl set {other}\" is not available in the playground: use \"kubectl set image\"")))
        }
        None => return Output::fail(errors::error("a subcommand is required: the playground has \"kubectl set image\"")),
    }
    let rest = &cmd.args[1..];
    let split = rest.iter().position(|a| a.contains('=')).unwrap_or(rest.len());
    let (objects, pairs) = rest.split_at(split);
    if objects.is_empty() {
        return Output::fail(errors::error("one or more resources must be specified as <resource> <name> or <resource>/<name>"));
    }
    if pairs.is_empty() {
        return Output::fail(errors::error("at least one image update is required"));
    }
    let mut images = Vec::new();
    for p in pairs {
        match p.split_once('=') {
            Some((c, i)) if !c.is_empty() && !i.is_empty() => images.push((c.to_string(), i.to_string())),
            _ => return Output::fail(errors::error(format!("invalid image update {p:?}: use CONTAINER=IMAGE"))),
        }
    }
    let t = match targets::parse(objects, false) {
        Ok(t) => t,
        Err(e) => return Output::fail(e),
    };
    let mut out = Output { success: true, ..Default::default() };
    for (r, names) in &t.groups {
        if *r != Resource::Deployment {
            return Output::fail(errors::error(format!("\"kubectl set image\" works on deployments in the playground, not {}", r.plural())));
        }
        if names.is_empty() {
            return Output::fail(errors::error("resource(s) were provided, but no name was specified"));
        }
        for name in names {
            match sim.act(Action::SetImage { namespace: scope.namespace.clone(), name: name.clone(), images: images.clone() }) {
                Ok(o) if o.changes.iter().any(|c| c.verb == Verb::ImageUpdated) => {
                    out.stdout.push_str(&format!("deployment.apps/{name} image updated\n"))
                }
                Ok(_) => {}
                Err(e) => {
                    out.stderr.push_str(&refusal(&e));
                    out.success = false;
                }
            }
        }
    }
    out
}
