//! What callers may ask of the engine (the UI's drag and kill, kubectl's verbs,
//! a scenario's steps), and how the engine answers: a list of changes, or a
//! refusal that leaves the state exactly as it was.

use crate::kube::manifest::KubeObject;
use crate::kube::validation::FieldError;
use std::fmt;

/// A kind of object, with the names kubectl and the API use for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    Namespace,
    Node,
    Pod,
    ReplicaSet,
    Deployment,
    DaemonSet,
    Job,
    CronJob,
    ConfigMap,
    Secret,
    Service,
    Endpoints,
    Event,
    HorizontalPodAutoscaler,
}

impl Resource {
    pub const ALL: [Resource; 14] = [
        Resource::Namespace,
        Resource::Node,
        Resource::Pod,
        Resource::ReplicaSet,
        Resource::Deployment,
        Resource::DaemonSet,
        Resource::Job,
        Resource::CronJob,
        Resource::ConfigMap,
        Resource::Secret,
        Resource::Service,
        Resource::Endpoints,
        Resource::Event,
        Resource::HorizontalPodAutoscaler,
    ];

    pub fn kind(self) -> &'static str {
        match self {
            Resource::Namespace => "Namespace",
            Resource::Node => "Node",
            Resource::Pod => "Pod",
            Resource::ReplicaSet => "ReplicaSet",
            Resource::Deployment => "Deployment",
            Resource::DaemonSet => "DaemonSet",
            Resource::Job => "Job",
            Resource::CronJob => "CronJob",
            Resource::ConfigMap => "ConfigMap",
            Resource::Secret => "Secret",
            Resource::Service => "Service",
            Resource::Endpoints => "Endpoints",
            Resource::Event => "Event",
            Resource::HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Resource::Namespace => "namespaces",
            Resource::Node => "nodes",
            Resource::Pod => "pods",
            Resource::ReplicaSet => "replicasets",
            Resource::Deployment => "deployments",
            Resource::DaemonSet => "daemonsets",
            Resource::Job => "jobs",
            Resource::CronJob => "cronjobs",
            Resource::ConfigMap => "configmaps",
            Resource::Secret => "secrets",
            Resource::Service => "services",
            Resource::Endpoints => "endpoints",
            Resource::Event => "events",
            Resource::HorizontalPodAutoscaler => "horizontalpodautoscalers",
        }
    }

    pub fn group(self) -> &'static str {
        match self {
            Resource::ReplicaSet | Resource::Deployment | Resource::DaemonSet => "apps",
            Resource::Job | Resource::CronJob => "batch",
            Resource::HorizontalPodAutoscaler => "autoscaling",
            _ => "",
        }
    }

    pub fn api_version(self) -> &'static str {
        match self {
            Resource::ReplicaSet | Resource::Deployment | Resource::DaemonSet => "apps/v1",
            Resource::Job | Resource::CronJob => "batch/v1",
            Resource::HorizontalPodAutoscaler => "autoscaling/v2",
            _ => "v1",
        }
    }

    /// `deployments.apps`, `pods`: how API errors name the resource.
    pub fn qualified(self) -> String {
        if self.group().is_empty() { self.plural().to_string() } else { format!("{}.{}", self.plural(), self.group()) }
    }

    /// `deployment.apps`, `pod`: how kubectl names an object in `deployment.apps/web created`.
    pub fn singular_qualified(self) -> String {
        let s = self.kind().to_lowercase();
        if self.group().is_empty() { s } else { format!("{s}.{}", self.group()) }
    }

    pub fn namespaced(self) -> bool {
        !matches!(self, Resource::Namespace | Resource::Node)
    }

    /// Resolves what kubectl accepts: plural, singular, short name, `kind.group`.
    pub fn parse(word: &str) -> Option<Resource> {
        let w = word.to_ascii_lowercase();
        let w = [".apps", ".v1.apps", ".batch", ".v1.batch", ".autoscaling", ".v2.autoscaling"].iter().find_map(|s| w.strip_suffix(s)).unwrap_or(&w);
        Some(match w {
            "namespace" | "namespaces" | "ns" => Resource::Namespace,
            "node" | "nodes" | "no" => Resource::Node,
            "pod" | "pods" | "po" => Resource::Pod,
            "replicaset" | "replicasets" | "rs" => Resource::ReplicaSet,
            "deployment" | "deployments" | "deploy" => Resource::Deployment,
            "daemonset" | "daemonsets" | "ds" => Resource::DaemonSet,
            "job" | "jobs" => Resource::Job,
            "cronjob" | "cronjobs" | "cj" => Resource::CronJob,
            "configmap" | "configmaps" | "cm" => Resource::ConfigMap,
            "secret" | "secrets" => Resource::Secret,
            "service" | "services" | "svc" => Resource::Service,
            "endpoints" | "ep" => Resource::Endpoints,
            "event" | "events" | "ev" => Resource::Event,
            "horizontalpodautoscaler" | "horizontalpodautoscalers" | "hpa" => Resource::HorizontalPodAutoscaler,
            _ => return None,
        })
    }

    pub fn of_kind(kind: &str) -> Option<Resource> {
        Resource::ALL.into_iter().find(|r| r.kind() == kind)
    }
}

/// Something a learner, kubectl or a scenario asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// `kubectl apply`: create or update each object, all or nothing. Objects
    /// without a namespace go into `namespace`.
    Apply { objects: Vec<KubeObject>, namespace: String },
    /// `kubectl create namespace NAME`.
    CreateNamespace { name: String },
    /// `kubectl delete RESOURCE NAME` (cascading in the background, graceful for pods).
    Delete { resource: Resource, namespace: String, name: String },
    /// `kubectl scale`: Deployments and ReplicaSets.
    Scale { resource: Resource, namespace: String, name: String, replicas: i64 },
    /// The learner kills a pod: it is deleted, and its owner replaces it.
    KillPod { namespace: String, name: String },
    /// The learner kills a node: its kubelet stops reporting.
    KillNode { name: String },
    /// The learner drags a pending pod onto a node (the binding subresource).
    Bind { namespace: String, pod: String, node: String },
    // --- Rollouts (kube/rollout.rs) ---
    /// `kubectl set image deployment/NAME CONTAINER=IMAGE...` (`*` names every container).
    SetImage { namespace: String, name: String, images: Vec<(String, String)> },
    /// `kubectl rollout undo [--to-revision=N]` (0: the previous revision).
    RolloutUndo { namespace: String, name: String, to_revision: i64 },
    /// `kubectl rollout pause` / `resume`.
    SetPaused { namespace: String, name: String, paused: bool },
    /// `kubectl rollout restart`: the template's `kubectl.kubernetes.io/restartedAt` annotation.
    RolloutRestart { namespace: String, name: String },
    // --- Node operations (kube/node_ops.rs) ---
    /// `kubectl cordon` (`on: true`) / `uncordon`.
    Cordon { node: String, on: bool },
    /// `kubectl taint nodes NODE key=value:Effect [--overwrite]`.
    Taint { node: String, taint: crate::kube::node::Taint, overwrite: bool },
    /// `kubectl taint nodes NODE key[:Effect]-`.
    Untaint { node: String, key: String, effect: Option<String> },
    /// `kubectl drain NODE`: cordon, then evict its pods (`force` lets pods without a controller go).
    /// DaemonSet-managed pods block it unless `ignore_daemonsets`, and are then left in place.
    Drain { node: String, force: bool, ignore_daemonsets: bool },
    // --- Health and load (kube/health.rs), simulation only ---
    /// Whether the probes of matching pods (now and later) succeed. `None` leaves
    /// that part as it was; a pod no setting matches is healthy.
    SetHealth { namespace: String, selector: crate::kube::selector::Selector, readiness: Option<bool>, liveness: Option<bool> },
    /// How much CPU and memory each container of matching pods (now and later) uses.
    SetLoad {
        namespace: String,
        selector: crate::kube::selector::Selector,
        cpu: Option<crate::quantity::Quantity>,
        memory: Option<crate::quantity::Quantity>,
    },
    /// `rps` requests per second to a Service, spread over its ready endpoints; each costs
    /// `cpu_per_rps` (default 1m) in the serving pod. `None` keeps the cost set before.
    SetTraffic { namespace: String, service: String, rps: i64, cpu_per_rps: Option<crate::quantity::Quantity> },
    // --- Metadata (kube/labels.rs) ---
    /// `kubectl label` (or with `annotations`, `kubectl annotate`): set `key=value`, remove `key-`.
    Label {
        resource: Resource,
        namespace: String,
        name: String,
        set: Vec<(String, String)>,
        remove: Vec<String>,
        overwrite: bool,
        annotations: bool,
    },
}

/// What happened to one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Created,
    Configured,
    Unchanged,
    Deleted,
    Scaled,
    Killed,
    Bound,
    // --- Rollouts and node operations ---
    ImageUpdated,
    RolledBack,
    Paused,
    Resumed,
    Restarted,
    Cordoned,
    Uncordoned,
    Tainted,
    Untainted,
    Evicted,
    Drained,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Created => "created",
            Verb::Configured => "configured",
            Verb::Unchanged => "unchanged",
            Verb::Deleted => "deleted",
            Verb::Scaled => "scaled",
            Verb::Killed => "killed",
            Verb::Bound => "bound",
            Verb::ImageUpdated => "image updated",
            Verb::RolledBack => "rolled back",
            Verb::Paused => "paused",
            Verb::Resumed => "resumed",
            Verb::Restarted => "restarted",
            Verb::Cordoned => "cordoned",
            Verb::Uncordoned => "uncordoned",
            Verb::Tainted => "tainted",
            Verb::Untainted => "untainted",
            Verb::Evicted => "evicted",
            Verb::Drained => "drained",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub resource: Resource,
    pub namespace: String,
    pub name: String,
    pub verb: Verb,
}

impl Change {
    /// `deployment.apps/web created`, as kubectl prints it.
    pub fn kubectl_line(&self) -> String {
        format!("{}/{} {}", self.resource.singular_qualified(), self.name, self.verb.as_str())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub changes: Vec<Change>,
}

/// A refusal, shaped as the API server's `Status` (`reason` and message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// `deployments.apps "web" not found`
    NotFound { resource: Resource, name: String },
    /// `namespaces "shop" already exists`
    AlreadyExists { resource: Resource, name: String },
    /// `The Deployment "web" is invalid: spec.selector: Required value`
    Invalid { kind: String, name: String, causes: Vec<FieldError> },
    /// `namespaces "default" is forbidden: this namespace may not be deleted`
    Forbidden { resource: Resource, name: String, detail: String },
    /// A drag onto a node that cannot take the pod, in the scheduler's words.
    BindRefused { pod: String, node: String, reasons: Vec<String> },
    /// A request that makes no sense (`pod web is already assigned to node a`).
    BadRequest(String),
}

impl ApiError {
    /// The `Status.reason`, as kubectl prints it in `Error from server (NotFound): ...`.
    pub fn reason(&self) -> &'static str {
        match self {
            ApiError::NotFound { .. } => "NotFound",
            ApiError::AlreadyExists { .. } => "AlreadyExists",
            ApiError::Invalid { .. } => "Invalid",
            ApiError::Forbidden { .. } => "Forbidden",
            ApiError::BindRefused { .. } => "Conflict",
            ApiError::BadRequest(_) => "BadRequest",
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::NotFound { resource, name } => write!(f, "{} \"{name}\" not found", resource.qualified()),
            ApiError::AlreadyExists { resource, name } => write!(f, "{} \"{name}\" already exists", resource.qualified()),
            ApiError::Invalid { kind, name, causes } => {
                write!(f, "The {kind} \"{name}\" is invalid: ")?;
                if causes.len() == 1 {
                    write!(f, "{}", causes[0])
                } else {
                    let all: Vec<String> = causes.iter().map(|c| c.to_string()).collect();
                    write!(f, "[{}]", all.join(", "))
                }
            }
            ApiError::Forbidden { resource, name, detail } => write!(f, "{} \"{name}\" is forbidden: {detail}", resource.qualified()),
            ApiError::BindRefused { pod, node, reasons } => {
                write!(f, "pod {pod} cannot be bound to node {node}: {}", reasons.join(", "))
            }
            ApiError::BadRequest(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_like_the_api_servers() {
        let e = ApiError::NotFound { resource: Resource::Deployment, name: "web".into() };
        assert_eq!((e.reason(), e.to_string().as_str()), ("NotFound", "deployments.apps \"web\" not found"));
        let e = ApiError::Invalid {
            kind: "Deployment".into(),
            name: "web".into(),
            causes: vec![FieldError { path: "spec.selector".into(), detail: "Required value".into() }],
        };
        assert_eq!(e.to_string(), "The Deployment \"web\" is invalid: spec.selector: Required value");
    }

    #[test]
    fn resources_parse_from_kubectl_words() {
        assert_eq!(Resource::parse("deploy"), Some(Resource::Deployment));
        assert_eq!(Resource::parse("deployments.apps"), Some(Resource::Deployment));
        assert_eq!(Resource::parse("po"), Some(Resource::Pod));
        assert_eq!(Resource::parse("svc"), Some(Resource::Service));
        assert_eq!(Resource::parse("widgets"), None);
        assert_eq!(Change { resource: Resource::Deployment, namespace: "d".into(), name: "web".into(), verb: Verb::Created }.kubectl_line(), "deployment.apps/web created");
    }
}
