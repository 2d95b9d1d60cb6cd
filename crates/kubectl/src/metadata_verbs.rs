//! `kubectl label`, `kubectl annotate`, `kubectl expose` and `kubectl create
//! deployment`, with kubectl's words (`pkg/cmd/label`, `pkg/cmd/annotate`,
//! `pkg/cmd/expose`, `pkg/cmd/create/create_deployment.go`). Expose and create
//! build a manifest and apply it, so they get apply's defaults and validation.

use crate::args::Command;
use crate::{errors, objects, targets, Output, Scope};
use podium_engine::kube::labels::{check_key, check_label_value};
use podium_engine::kube::manifest::decode;
use podium_engine::{Action, ApiError, Resource, Sim, Verb};
use std::collections::BTreeMap;

fn refusal(e: &ApiError) -> String {
    match e {
        ApiError::BadRequest(m) => errors::error(m),
        other => errors::print_refusal(other),
    }
}

/// `label` (`annotations` false) and `annotate`.
pub fn label(sim: &mut Sim, cmd: &Command, scope: &Scope, annotations: bool) -> Output {
    let what = if annotations { "annotation" } else { "label" };
    let split = cmd.args.iter().position(|a| !a.contains('/') && (a.contains('=') || a.ends_with('-'))).unwrap_or(cmd.args.len());
    let (objs, updates) = cmd.args.split_at(split);
    if objs.is_empty() {
        return Output::fail(errors::error("one or more resources must be specified as <resource> <name> or <resource>/<name>"));
    }
    if updates.is_empty() {
        return Output::fail(errors::error(format!("at least one {what} update is required")));
    }
    let mut set = Vec::new();
    let mut remove = Vec::new();
    for u in updates {
        if let Some((k, v)) = u.split_once('=') {
            if let Err(e) = check_key(k) {
                return Output::fail(errors::error(format!("invalid {what} spec: {u}, {e}")));
            }
            if !annotations {
                if let Err(e) = check_label_value(v) {
                    return Output::fail(errors::error(format!("invalid label value: {u:?}: {e}")));
                }
            }
            set.push((k.to_string(), v.to_string()));
        } else if let Some(k) = u.strip_suffix('-') {
            remove.push(k.to_string());
        } else {
            return Output::fail(errors::error(format!("invalid {what} spec: {u}")));
        }
    }
    if set.iter().any(|(k, _)| remove.contains(k)) {
        return Output::fail(errors::error(format!("can not both modify and remove the following {what}(s) in the same command")));
    }
    let t = match targets::parse(objs, false) {
        Ok(t) => t,
        Err(e) => return Output::fail(e),
    };
    if !t.named() {
        return Output::fail(errors::error("resource(s) were provided, but no name was specified"));
    }
    let overwrite = cmd.switch("overwrite");
    let mut out = Output { success: true, ..Default::default() };
    for (r, names) in &t.groups {
        for name in names {
            let action = Action::Label {
                resource: *r,
                namespace: scope.namespace.clone(),
                name: name.clone(),
                set: set.clone(),
                remove: remove.clone(),
                overwrite,
                annotations,
            };
            match sim.act(action) {
                Ok(o) => {
                    let changed = o.changes.iter().any(|c| c.verb != Verb::Unchanged);
                    // `updateDataChangeMsg`: without --overwrite, a shorter result reads "unlabeled".
                    let word = match (annotations, changed) {
                        (true, _) => "annotated",
                        (false, false) => "not labeled",
                        (false, true) if set.is_empty() && !overwrite => "unlabeled",
                        (false, true) => "labeled",
                    };
                    out.stdout.push_str(&format!("{}/{name} {word}\n", r.singular_qualified()));
                }
                Err(e) => {
                    out.stderr.push_str(&refusal(&e));
                    out.success = false;
                }
            }
        }
    }
    out
}

pub(crate) fn int_flag(cmd: &Command, verb: &str, flag: &str) -> Result<Option<i64>, String> {
    match cmd.value(flag) {
        None => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| {
            errors::flag_error(verb, &format!("invalid argument \"{t}\" for \"--{flag}\" flag: strconv.ParseInt: parsing \"{t}\": invalid syntax"))
        }),
    }
}

pub(crate) fn yaml_map(m: &std::collections::BTreeMap<String, String>) -> String {
    let inner: Vec<String> = m.iter().map(|(k, v)| format!("{}: {}", json(k), json(v))).collect();
    format!("{{{}}}", inner.join(", "))
}

pub(crate) fn json(s: &str) -> String {
    podium_engine::to_json::to_string(s)
}

/// `kubectl expose deployment|pod NAME --port=P [--target-port=T] [--type=T] [--name=N]`.
pub fn expose(sim: &mut Sim, cmd: &Command, scope: &Scope) -> Output {
    let t = match targets::parse(&cmd.args, false) {
        Ok(t) => t,
        Err(e) if e.is_empty() => {
            return Output::fail(errors::error("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"))
        }
        Err(e) => return Output::fail(e),
    };
    let [(r, names)] = t.groups.as_slice() else {
        return Output::fail(errors::error("the playground exposes one object at a time"));
    };
    let [name] = names.as_slice() else {
        return Output::fail(errors::error("the playground exposes one object at a time"));
    };
    let (labels, selector, container_ports) = match objects::find(sim, *r, &scope.namespace, name) {
        Some(objects::Obj::Deployment(d)) => {
            if !d.spec.selector.match_expressions.is_empty() {
                return Output::fail(errors::error(
                    "couldn't retrieve selectors via --selector flag or introspection: the Deployment's selector has matchExpressions, which a Service cannot use",
                ));
            }
            let ports: Vec<i64> = d.spec.template.spec.containers.iter().flat_map(|c| c.ports.iter().map(|p| p.container_port)).collect();
            (d.metadata.labels.clone(), d.spec.selector.match_labels.clone(), ports)
        }
        Some(objects::Obj::Pod(p)) => {
            let ports: Vec<i64> = p.spec.containers.iter().flat_map(|c| c.ports.iter().map(|p| p.container_port)).collect();
            (p.metadata.labels.clone(), p.metadata.labels.clone(), ports)
        }
        Some(_) => return Output::fail(errors::error(format!("cannot expose a {}", r.kind()))),
        None => return Output::fail(errors::print_refusal(&ApiError::NotFound { resource: *r, name: name.clone() })),
    };
    if selector.is_empty() {
        return Output::fail(errors::error(format!("couldn't retrieve selectors via --selector flag or introspection: the {} has no labels to select", r.kind())));
    }
    let port = match int_flag(cmd, "expose", "port") {
        Ok(Some(p)) => p,
        Ok(None) => match container_ports.first() {
            Some(p) => *p,
            None => return Output::fail(errors::error("couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples")),
        },
        Err(e) => return Output::fail(e),
    };
    let target = match cmd.value("target-port") {
        Some(t) if t.parse::<i64>().is_ok() => t.to_string(),
        Some(t) => json(t),
        None => port.to_string(),
    };
    let svc_name = cmd.value("name").unwrap_or(name).to_string();
    let type_ = cmd.value("type").unwrap_or("ClusterIP");
    if !["ClusterIP", "NodePort", "LoadBalancer"].contains(&type_) {
        return Output::fail(errors::error(format!("Service \"{svc_name}\" is invalid: spec.type: Unsupported value: \"{type_}\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"")));
    }
    if sim.kube().store.services.contains_key(&podium_engine::kube::Key::new(&scope.namespace, &svc_name)) {
        return Output::fail(errors::print_refusal(&ApiError::AlreadyExists { resource: Resource::Service, name: svc_name }));
    }
    let labels = if labels.is_empty() { String::new() } else { format!("\n  labels: {}", yaml_map(&labels)) };
    let manifest = format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {}{labels}\nspec:\n  type: {type_}\n  selector: {}\n  ports:\n  - port: {port}\n    protocol: TCP\n    targetPort: {target}\n",
        json(&svc_name),
        yaml_map(&selector)
    );
    create_from(sim, &manifest, &scope.namespace, "exposed")
}

pub(crate) fn create_from(sim: &mut Sim, manifest: &str, namespace: &str, word: &str) -> Output {
    let objects = match decode(manifest) {
        Ok(docs) => docs.into_iter().map(|d| d.object).collect(),
        Err(e) => return Output::fail(errors::error(e.to_string())),
    };
    match sim.act(Action::Apply { objects, namespace: namespace.to_string() }) {
        Ok(o) => Output::ok(o.changes.iter().map(|c| format!("{}/{} {word}\n", c.resource.singular_qualified(), c.name)).collect()),
        Err(e) => Output::fail(errors::print_refusal(&e)),
    }
}

/// The container name `create deployment` derives from an image (`buildPodSpec`).
pub fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let name = last.split(':').next().unwrap_or(last);
    let name = name.split('@').next().unwrap_or(name);
    name.replace('_', "-")
}

/// `kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=P]`.
/// `kubectl create configmap NAME --from-literal=K=V...` and
/// `kubectl create secret generic NAME --from-literal=K=V...` (`pkg/cmd/create/create_configmap.go`,
/// `create_secret.go`): a key given twice is refused, as kubectl does.
pub fn create_config(sim: &mut Sim, cmd: &Command, secret: bool) -> Output {
    let ns = cmd.value("namespace").filter(|n| !n.is_empty()).unwrap_or("default").to_string();
    let (what, rest) = if secret {
        match cmd.args.get(1).map(String::as_str) {
            Some("generic") => ("secret generic", cmd.args.get(2..).unwrap_or_default()),
            Some(other) => {
                return Output::fail(errors::error(format!(
                    "\"kubectl create secret {other}\" is not available in the playground: use \"kubectl create secret generic NAME --from-literal=KEY=VALUE\""
                )))
            }
            None => return Output::fail(errors::error("must specify the secret type: generic")),
        }
    } else {
        ("configmap", cmd.args.get(1..).unwrap_or_default())
    };
    let name = match rest {
        [n] => n.clone(),
        other => {
            return Output::fail(errors::error(format!(
                "exactly one NAME is required, got {}\nSee 'kubectl create {what} -h' for help and examples",
                other.len()
            )))
        }
    };
    let mut data = BTreeMap::new();
    for lit in cmd.values("from-literal") {
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Output::fail(errors::error(format!("invalid literal source {lit}, expected key=value")));
        };
        if data.insert(k.to_string(), v.to_string()).is_some() {
            let kind = if secret { "secret" } else { "configmap" };
            return Output::fail(errors::error(format!("cannot add key {k}, another key by that name already exists in {kind} {name}")));
        }
    }
    let entries: Vec<String> = data.iter().map(|(k, v)| format!("  {}: {}", json(k), json(v))).collect();
    let body = if entries.is_empty() { String::new() } else { format!("\n{}", entries.join("\n")) };
    let manifest = if secret {
        let type_ = cmd.value("type").unwrap_or("Opaque");
        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {}\ntype: {}\nstringData:{body}\n", json(&name), json(type_))
    } else {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {}\ndata:{body}\n", json(&name))
    };
    let key = podium_engine::kube::Key::new(&ns, &name);
    let store = &sim.kube().store;
    if secret && store.secrets.contains_key(&key) {
        return Output::fail(errors::print_refusal(&ApiError::AlreadyExists { resource: Resource::Secret, name }));
    }
    if !secret && store.config_maps.contains_key(&key) {
        return Output::fail(errors::print_refusal(&ApiError::AlreadyExists { resource: Resource::ConfigMap, name }));
    }
    create_from(sim, &manifest, &ns, "created")
}

/// `kubectl create job NAME --image=IMAGE [-- COMMAND [ARG...]]`: one container named
/// after the Job, `restartPolicy: Never` (`pkg/cmd/create/create_job.go`).
pub fn create_job(sim: &mut Sim, cmd: &Command) -> Output {
    let ns = cmd.value("namespace").filter(|n| !n.is_empty()).unwrap_or("default").to_string();
    let Some(name) = cmd.args.get(1).cloned() else {
        return Output::fail(errors::error("exactly one NAME is required, got 0\nSee 'kubectl create job -h' for help and examples"));
    };
    let Some(image) = cmd.value("image").filter(|i| !i.is_empty()) else {
        return Output::fail(errors::error("either --image or --from must be specified"));
    };
    if sim.kube().store.jobs.contains_key(&podium_engine::kube::Key::new(&ns, &name)) {
        return Output::fail(errors::print_refusal(&ApiError::AlreadyExists { resource: Resource::Job, name }));
    }
    let command: Vec<String> = cmd.args.iter().skip(2).map(|a| json(a)).collect();
    let command = if command.is_empty() { String::new() } else { format!("\n        command: [{}]", command.join(", ")) };
    let n = json(&name);
    let manifest = format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {n}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: {n}\n        image: {}{command}\n",
        json(image)
    );
    create_from(sim, &manifest, &ns, "created")
}

pub fn create_deployment(sim: &mut Sim, cmd: &Command) -> Output {
    let ns = cmd.value("namespace").filter(|n| !n.is_empty()).unwrap_or("default").to_string();
    let name = match cmd.args.get(1..).unwrap_or_default() {
        [n] => n.clone(),
        [] => return Output::fail(errors::error("exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples")),
        more => {
            return Output::fail(errors::error(format!(
                "exactly one NAME is required, got {}\nSee 'kubectl create deployment -h' for help and examples",
                more.len()
            )))
        }
    };
    let Some(image) = cmd.value("image").filter(|i| !i.is_empty()) else {
        return Output::fail(errors::error("required flag(s) \"image\" not set"));
    };
    let replicas = match int_flag(cmd, "create deployment", "replicas") {
        Ok(r) => r.unwrap_or(1),
        Err(e) => return Output::fail(e),
    };
    let port = match int_flag(cmd, "create deployment", "port") {
        Ok(p) => p.map(|p| format!("\n        ports:\n        - containerPort: {p}")).unwrap_or_default(),
        Err(e) => return Output::fail(e),
    };
    if sim.kube().store.deployments.contains_key(&podium_engine::kube::Key::new(&ns, &name)) {
        return Output::fail(errors::print_refusal(&ApiError::AlreadyExists { resource: Resource::Deployment, name }));
    }
    let n = json(&name);
    let manifest = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {n}\n  labels: {{app: {n}}}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: {n}}}\n  template:\n    metadata:\n      labels: {{app: {n}}}\n    spec:\n      containers:\n      - name: {}\n        image: {}{port}\n",
        json(&container_name(image)),
        json(image)
    );
    create_from(sim, &manifest, &ns, "created")
}
