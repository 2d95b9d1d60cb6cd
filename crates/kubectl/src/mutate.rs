//! Commands that change the cluster besides apply: `delete`, `scale`,
//! `create namespace`. Each checks its arguments before it acts, so a wrong
//! command changes nothing.

use crate::args::Command;
use crate::objects;
use crate::{errors, targets, Output, Scope};
use podium_engine::kube::selector::Selector;
use podium_engine::{Action, ApiError, Resource, Sim};

const DELETE_USAGE: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";

pub fn delete(sim: &mut Sim, cmd: &Command, scope: &Scope) -> Output {
    if let Some(f) = cmd.values("filename").first() {
        return Output::fail(missing_file("delete", f));
    }
    let targets = match targets::parse(&cmd.args, false) {
        Ok(t) => t,
        Err(e) if e.is_empty() => return Output::fail(DELETE_USAGE.into()),
        Err(e) => return Output::fail(e),
    };
    let by_selector = cmd.has("selector");
    let all = cmd.switch("all");
    if targets.named() && (by_selector || all) {
        return Output::fail(errors::error(
            "name cannot be provided when a selector is specified",
        ));
    }
    if !targets.named() && !by_selector && !all {
        return Output::fail(errors::error(
            "resource(s) were provided, but no name was specified",
        ));
    }
    if targets.groups.iter().any(|(r, _)| *r == Resource::Event) {
        return Output::fail(errors::error("events cannot be deleted in the playground"));
    }
    let selector = match Selector::parse(cmd.value("selector").unwrap_or("")) {
        Ok(s) => s,
        Err(e) => return Output::fail(errors::error(e)),
    };
    // Resolve every object first, as kubectl's builder does, then delete.
    let mut victims: Vec<(Resource, String, String)> = Vec::new();
    let mut stderr = String::new();
    for (r, names) in &targets.groups {
        if names.is_empty() {
            for o in objects::list(sim, *r, scope.list_namespace(), &selector) {
                victims.push((*r, o.namespace(), o.name()));
            }
        } else {
            for n in names {
                if objects::find(sim, *r, &scope.namespace, n).is_some() {
                    victims.push((
                        *r,
                        if r.namespaced() {
                            scope.namespace.clone()
                        } else {
                            String::new()
                        },
                        n.clone(),
                    ));
                } else if !cmd.switch("ignore-not-found") {
                    stderr.push_str(&errors::print_refusal(&ApiError::NotFound {
                        resource: *r,
                        name: n.clone(),
                    }));
                }
            }
        }
    }
    let mut stdout = String::new();
    if victims.is_empty() && stderr.is_empty() {
        return Output {
            stdout: "No resources found\n".into(),
            stderr,
            success: true,
        };
    }
    let names_only = cmd.value("output") == Some("name");
    for (r, ns, name) in victims {
        match sim.act(Action::Delete {
            resource: r,
            namespace: ns,
            name: name.clone(),
        }) {
            Ok(_) if names_only => stdout.push_str(&format!("{}/{name}\n", r.singular_qualified())),
            Ok(_) => stdout.push_str(&format!("{} \"{name}\" deleted\n", r.singular_qualified())),
            // A namespace's deletion may already have taken this object with it.
            Err(ApiError::NotFound { .. }) if r != Resource::Namespace => {}
            Err(e) => stderr.push_str(&errors::print_refusal(&e)),
        }
    }
    let success = stderr.is_empty();
    Output {
        stdout,
        stderr,
        success,
    }
}

pub fn scale(sim: &mut Sim, cmd: &Command, scope: &Scope) -> Output {
    let Some(text) = cmd.value("replicas") else {
        return Output::fail(errors::error("required flag(s) \"replicas\" not set"));
    };
    let replicas: i64 = match text.parse() {
        Ok(n) if n >= 0 => n,
        Ok(_) => return Output::fail(errors::error("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")),
        Err(_) => {
            return Output::fail(errors::flag_error(
                "scale",
                &format!("invalid argument \"{text}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{text}\": invalid syntax"),
            ))
        }
    };
    let targets = match targets::parse(&cmd.args, false) {
        Ok(t) => t,
        Err(e) if e.is_empty() => {
            return Output::fail(errors::error("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"))
        }
        Err(e) => return Output::fail(e),
    };
    for (r, _) in &targets.groups {
        if !matches!(r, Resource::Deployment | Resource::ReplicaSet) {
            return Output::fail(errors::error(format!("cannot use scale on {}: only deployments and replicasets can be scaled in the playground", r.plural())));
        }
    }
    let by_selector = cmd.has("selector") || cmd.switch("all");
    if !targets.named() && !by_selector {
        return Output::fail(errors::error(
            "resource(s) were provided, but no name was specified",
        ));
    }
    let selector = match Selector::parse(cmd.value("selector").unwrap_or("")) {
        Ok(s) => s,
        Err(e) => return Output::fail(errors::error(e)),
    };
    let mut todo: Vec<(Resource, String)> = Vec::new();
    for (r, names) in &targets.groups {
        if names.is_empty() {
            todo.extend(
                objects::list(sim, *r, Some(&scope.namespace), &selector)
                    .into_iter()
                    .map(|o| (*r, o.name())),
            );
        } else {
            todo.extend(names.iter().map(|n| (*r, n.clone())));
        }
    }
    if let Some(cur) = cmd.value("current-replicas") {
        for (r, n) in &todo {
            let have = match objects::find(sim, *r, &scope.namespace, n) {
                Some(objects::Obj::Deployment(d)) => d.spec.replicas,
                Some(objects::Obj::ReplicaSet(rs)) => rs.spec.replicas,
                _ => continue,
            };
            if cur.parse::<i64>().ok() != Some(have) {
                return Output::fail(errors::error(format!(
                    "Expected replicas to be {cur}, was {have}"
                )));
            }
        }
    }
    let mut out = Output {
        success: true,
        ..Default::default()
    };
    for (r, name) in todo {
        match sim.act(Action::Scale {
            resource: r,
            namespace: scope.namespace.clone(),
            name: name.clone(),
            replicas,
        }) {
            Ok(_) => out
                .stdout
                .push_str(&format!("{}/{name} scaled\n", r.singular_qualified())),
            Err(e) => {
                out.stderr.push_str(&errors::print_refusal(&e));
                out.success = false;
            }
        }
    }
    out
}

pub fn create(sim: &mut Sim, cmd: &Command) -> Output {
    if let Some(f) = cmd.values("filename").first() {
        return Output::fail(missing_file("create", f));
    }
    let Some(what) = cmd.args.first() else {
        return Output::fail(errors::error("must specify one of -f and -k"));
    };
    match what.as_str() {
        "deployment" | "deploy" => crate::metadata_verbs::create_deployment(sim, cmd),
        "job" => crate::metadata_verbs::create_job(sim, cmd),
        "cronjob" | "cj" => crate::run_verbs::create_cronjob(sim, cmd),
        "configmap" | "cm" => crate::metadata_verbs::create_config(sim, cmd, false),
        "secret" => crate::metadata_verbs::create_config(sim, cmd, true),
        "namespace" | "ns" => {
            let name = match cmd.args.get(1..).unwrap_or_default() {
                [name] => name.clone(),
                [] => return Output::fail(errors::error("exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples")),
                more => return Output::fail(errors::error(format!("exactly one NAME is required, got {}\nSee 'kubectl create namespace -h' for help and examples", more.len()))),
            };
            match sim.act(Action::CreateNamespace { name: name.clone() }) {
                Ok(_) if cmd.value("output") == Some("name") => Output::ok(format!("namespace/{name}\n")),
                Ok(_) => Output::ok(format!("namespace/{name} created\n")),
                Err(e) => Output::fail(errors::print_refusal(&e)),
            }
        }
        other => Output::fail(errors::error(format!(
            "\"kubectl create {other}\" is not available in the playground: write a manifest and apply it, or use \"kubectl create namespace NAME\", \"kubectl create deployment NAME --image=IMAGE\", \"kubectl create job NAME --image=IMAGE\" or \"kubectl create cronjob NAME --image=IMAGE --schedule=SPEC\""
        ))),
    }
}

/// What kubectl says when `-f` names a file: the playground has no files.
pub fn missing_file(verb: &str, path: &str) -> String {
    if path == "-" {
        errors::error(format!("no objects passed to {verb}"))
    } else {
        errors::error(format!("the path \"{path}\" does not exist"))
    }
}
