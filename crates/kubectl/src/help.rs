//! What the playground's kubectl understands: verbs, resource words and flags
//! (for usage text and the board's tab completion), plus `version` and
//! `api-resources`.

use crate::args::{self, GLOBAL_FLAGS};
use crate::objects;
use crate::table;
use podium_engine::kube::selector::Selector;
use podium_engine::{Resource, Sim};

/// Verbs carried out here.
pub const VERBS: &[&str] = &[
    "get",
    "describe",
    "create",
    "apply",
    "delete",
    "scale",
    "set",
    "rollout",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "label",
    "annotate",
    "expose",
    "autoscale",
    "top",
    "logs",
    "run",
    "explain",
    "api-resources",
    "version",
    "help",
];

/// Real kubectl verbs the playground does not offer (answered as such, not as unknown).
pub const UNAVAILABLE_VERBS: &[&str] = &[
    "api-versions",
    "attach",
    "auth",
    "certificate",
    "cluster-info",
    "completion",
    "config",
    "cp",
    "debug",
    "diff",
    "edit",
    "events",
    "exec",
    "kustomize",
    "patch",
    "plugin",
    "port-forward",
    "proxy",
    "replace",
    "top",
    "wait",
];

/// Every word `Resource::parse` accepts, plural forms first.
pub fn resource_words() -> Vec<&'static str> {
    vec![
        "pods",
        "pod",
        "po",
        "nodes",
        "node",
        "no",
        "deployments",
        "deployment",
        "deploy",
        "replicasets",
        "replicaset",
        "rs",
        "services",
        "service",
        "svc",
        "endpoints",
        "ep",
        "events",
        "event",
        "ev",
        "namespaces",
        "namespace",
        "ns",
    ]
}

/// `--long` and `-s` spellings of the flags a verb takes.
pub fn flags_for(verb: &str) -> Vec<String> {
    let mut out = Vec::new();
    for f in GLOBAL_FLAGS.iter().chain(args::verb_flags(verb)) {
        out.push(format!("--{}", f.long));
        if let Some(s) = f.short {
            out.push(format!("-{s}"));
        }
    }
    out
}

/// Candidates for the last word of `line` (verbs, resource words, flags,
/// namespaces after `-n`, object names after a resource word).
pub fn completions(sim: &Sim, line: &str) -> Vec<String> {
    let mut words: Vec<String> = line.split_whitespace().map(String::from).collect();
    if words.first().is_some_and(|w| w == "kubectl") {
        words.remove(0);
    }
    let partial = if line.ends_with(char::is_whitespace) || line.is_empty() {
        String::new()
    } else {
        words.pop().unwrap_or_default()
    };
    let starts = |c: &str| c.starts_with(&partial);
    let verb = words.iter().find(|w| !w.starts_with('-')).cloned();
    let prev = words.last().map(String::as_str);
    let mut cands: Vec<String> = if matches!(prev, Some("-n" | "--namespace")) {
        sim.kube().store.namespaces.keys().cloned().collect()
    } else if partial.starts_with('-') {
        flags_for(verb.as_deref().unwrap_or(""))
    } else if let Some(verb) = verb {
        let rest: Vec<&String> = words
            .iter()
            .skip_while(|w| **w != verb)
            .skip(1)
            .filter(|w| !w.starts_with('-'))
            .collect();
        match (verb.as_str(), rest.first()) {
            ("create", None) => ["configmap", "cronjob", "deployment", "job", "namespace", "secret"].iter().map(|s| s.to_string()).collect(),
            ("set", None) => vec!["image".into()],
            ("rollout", None) => ["history", "pause", "restart", "resume", "status", "undo"].iter().map(|s| s.to_string()).collect(),
            ("rollout", Some(_)) | ("set", Some(_)) if rest.len() == 1 => vec!["deployment".into()],
            ("rollout", Some(_)) | ("set", Some(_)) if rest.len() == 2 && Resource::parse(rest[1]) == Some(Resource::Deployment) => {
                objects::list(sim, Resource::Deployment, Some(&namespace_of(&words)), &Selector::default()).iter().map(|o| o.name()).collect()
            }
            ("explain", None) => ["cronjobs", "deployments", "pods", "services"].iter().map(|s| s.to_string()).collect(),
            ("logs", None) => objects::list(sim, Resource::Pod, Some(&namespace_of(&words)), &Selector::default()).iter().map(|o| o.name()).collect(),
            ("cordon" | "uncordon" | "drain", _) => sim.kube().store.nodes.keys().cloned().collect(),
            ("taint", None) => vec!["nodes".into()],
            ("taint", Some(_)) if rest.len() == 1 => sim.kube().store.nodes.keys().cloned().collect(),
            ("get" | "describe" | "delete" | "scale", None) => {
                resource_words().into_iter().map(String::from).collect()
            }
            ("get" | "describe" | "delete" | "scale", Some(kind)) => match Resource::parse(kind) {
                Some(r) => {
                    let ns = namespace_of(&words);
                    objects::list(sim, r, Some(&ns), &Selector::default())
                        .iter()
                        .map(|o| o.name())
                        .collect()
                }
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    } else {
        VERBS.iter().map(|v| v.to_string()).collect()
    };
    cands.retain(|c| starts(c));
    cands.dedup();
    cands
}

fn namespace_of(words: &[String]) -> String {
    for (i, w) in words.iter().enumerate() {
        if let Some(v) = w
            .strip_prefix("--namespace=")
            .or_else(|| w.strip_prefix("-n="))
        {
            return v.to_string();
        }
        if (w == "-n" || w == "--namespace") && i + 1 < words.len() {
            return words[i + 1].clone();
        }
    }
    "default".into()
}

/// The short usage printed for a bare `kubectl` or `kubectl help`.
pub fn usage() -> String {
    "kubectl controls the Kubernetes cluster manager (the playground's subset).

Basic Commands:
  create namespace NAME       Create a namespace
  get TYPE [NAME...]          Display one or many resources (-o wide|name|json|yaml|jsonpath=...|custom-columns=...)
  describe TYPE [NAME...]     Show details of a resource or group of resources
  delete TYPE NAME...         Delete resources by name, by label selector (-l) or all (--all)
  scale TYPE NAME --replicas=N
                              Set a new size for a deployment or replica set
  apply -f FILE               Apply a manifest (use the editor: the playground has no files)

  run NAME --image=IMAGE [--restart=Never] [--labels=K=V,...] [--port=N]
                              Run a single pod (labelled run=NAME)

Deploy Commands:
  set image deployment/NAME CONTAINER=IMAGE
                              Update a deployment's container image (starts a rollout)
  rollout status|history|undo|pause|resume|restart deployment/NAME
                              Manage the rollout of a deployment (undo --to-revision=N, history --revision=N)

Cluster Management Commands:
  cordon NODE                 Mark node as unschedulable
  uncordon NODE               Mark node as schedulable
  drain NODE                  Cordon the node, then evict its pods (--force for pods without a controller,
                              --ignore-daemonsets to leave DaemonSet pods)
  taint nodes NODE KEY=VALUE:EFFECT
                              Update the taints on a node (KEY:EFFECT- or KEY- removes)

Metadata and Services:
  label TYPE NAME KEY=VALUE   Update the labels of an object (KEY- removes, --overwrite replaces)
  annotate TYPE NAME KEY=VALUE
                              Update the annotations of an object
  expose deployment NAME --port=P [--type=NodePort]
                              Make a Service for a deployment or pod
  create deployment NAME --image=IMAGE [--replicas=N]
                              Create a deployment
  create configmap NAME --from-literal=KEY=VALUE
                              Create a configmap (repeat --from-literal for more keys)
  create secret generic NAME --from-literal=KEY=VALUE
                              Create a secret (values are stored base64-encoded)
  create job NAME --image=IMAGE [-- COMMAND [ARG...]]
                              Create a job (its container works for 'sleep N' seconds, else 5 s)
  create cronjob NAME --image=IMAGE --schedule='*/5 * * * *'
                              Create a cron job (a Job at each scheduled time of the virtual clock)

Troubleshooting:
  logs POD [-c CONTAINER] [--previous] [--tail=N]
                              Print what a container wrote (simulated from its history)

Other Commands:
  explain TYPE[.FIELD...]     Describe the fields of pods, deployments, services and cronjobs
  api-resources               Print the supported API resources
  version                     Print the client and server version information

Flags: -n NAMESPACE, -A (all namespaces), -l SELECTOR, -o FORMAT.
Resource types: pods (po), nodes (no), deployments (deploy), replicasets (rs), daemonsets (ds), jobs, cronjobs (cj), configmaps (cm), secrets, services (svc), endpoints (ep), events (ev), namespaces (ns).

Usage:
  kubectl [flags] [options]
"
    .to_string()
}

pub fn version() -> String {
    "Client Version: v1.32.0\nKustomize Version: v5.5.0\nServer Version: v1.32.0\n".into()
}

pub fn api_resources() -> String {
    let short = |r: Resource| match r {
        Resource::Namespace => "ns",
        Resource::Node => "no",
        Resource::Pod => "po",
        Resource::ReplicaSet => "rs",
        Resource::Deployment => "deploy",
        Resource::DaemonSet => "ds",
        Resource::Job => "",
        Resource::CronJob => "cj",
        Resource::ConfigMap => "cm",
        Resource::Secret => "",
        Resource::Service => "svc",
        Resource::Endpoints => "ep",
        Resource::Event => "ev",
        Resource::HorizontalPodAutoscaler => "hpa",
    };
    let mut rs: Vec<Resource> = Resource::ALL.to_vec();
    podium_engine::sorting::sort_by_key(&mut rs, |r| (r.group(), r.plural()));
    let mut rows = vec![vec![
        "NAME".to_string(),
        "SHORTNAMES".into(),
        "APIVERSION".into(),
        "NAMESPACED".into(),
        "KIND".into(),
    ]];
    for r in rs {
        rows.push(vec![
            r.plural().into(),
            short(r).into(),
            r.api_version().into(),
            r.namespaced().to_string(),
            r.kind().into(),
        ]);
    }
    table::table(&rows)
}
