//! `kubectl explain KIND[.field.path]`, laid out as kubectl's plaintext template
//! (`kubectl/pkg/explain/v2/templates/plaintext.tmpl`) lays it out, from a small
//! static table of the fields the playground models. The descriptions are the
//! playground's own short words, not the API's OpenAPI text.

use crate::{errors, Output};
use podium_engine::Resource;

/// One field of a type: name, type as kubectl prints it, the type it opens (if an object), required, description.
type Field = (&'static str, &'static str, Option<&'static str>, bool, &'static str);

/// A named type: its description and fields.
struct Type {
    name: &'static str,
    description: &'static str,
    fields: &'static [Field],
}

const META: Field = ("metadata", "ObjectMeta", Some("ObjectMeta"), false, "The object's name, namespace, labels, annotations and owners.");
const API_VERSION: Field = ("apiVersion", "string", None, false, "The version of the API schema this object is written in, such as v1 or apps/v1.");
const KIND: Field = ("kind", "string", None, false, "The kind of object, in CamelCase, such as Pod or Deployment.");

const TYPES: &[Type] = &[
    Type {
        name: "Pod",
        description: "A Pod is one or more containers that are scheduled together onto one node, share its network\nnamespace and start and stop together.",
        fields: &[
            API_VERSION,
            KIND,
            META,
            ("spec", "PodSpec", Some("PodSpec"), false, "What the pod should run and where it may run."),
            ("status", "PodStatus", None, false, "What the kubelet last reported about the pod: phase, conditions, IPs and container\nstates. Read-only."),
        ],
    },
    Type {
        name: "PodSpec",
        description: "What a pod runs and the rules for placing and restarting it.",
        fields: &[
            ("containers", "[]Container", Some("Container"), true, "The containers of the pod. At least one is required."),
            ("nodeName", "string", None, false, "The node the pod is bound to. Set by the scheduler; setting it yourself skips the\nscheduler."),
            ("nodeSelector", "map[string]string", None, false, "Labels a node must carry for the pod to be placed on it."),
            ("restartPolicy", "string", None, false, "When the kubelet restarts the pod's containers: Always (the default), OnFailure or\nNever."),
            ("terminationGracePeriodSeconds", "integer", None, false, "Seconds between the stop signal and the kill when the pod is deleted. Defaults to 30."),
            ("tolerations", "[]Toleration", None, false, "The node taints this pod accepts."),
        ],
    },
    Type {
        name: "Container",
        description: "One container of a pod: an image to run, with its resources and health checks.",
        fields: &[
            ("args", "[]string", None, false, "Arguments to the entrypoint."),
            ("command", "[]string", None, false, "The entrypoint, replacing the image's own."),
            ("env", "[]EnvVar", None, false, "Environment variables, given directly or taken from ConfigMaps and Secrets."),
            ("image", "string", None, false, "The container image to run, such as nginx:1.27."),
            ("livenessProbe", "Probe", None, false, "A periodic check of the container's health; the kubelet restarts the container\nwhen it fails often enough."),
            ("name", "string", None, true, "The container's name, unique within the pod (a DNS label)."),
            ("ports", "[]ContainerPort", None, false, "Ports the container listens on. Informational, apart from host ports."),
            ("readinessProbe", "Probe", None, false, "A periodic check of whether the container can take traffic; a pod that is not ready\nis removed from its Services' endpoints."),
            ("resources", "ResourceRequirements", None, false, "CPU and memory requests (what the scheduler reserves) and limits (what the\ncontainer may use)."),
            ("startupProbe", "Probe", None, false, "A check that must succeed once before liveness and readiness probes begin."),
        ],
    },
    Type {
        name: "ObjectMeta",
        description: "Metadata every persisted object has.",
        fields: &[
            ("annotations", "map[string]string", None, false, "Free-form key/value data for tools; not used to select objects."),
            ("labels", "map[string]string", None, false, "Key/value pairs used to organise and select objects."),
            ("name", "string", None, false, "The object's name, unique per kind within a namespace."),
            ("namespace", "string", None, false, "The namespace the object lives in. Empty for cluster-wide kinds."),
            ("ownerReferences", "[]OwnerReference", None, false, "The objects this one belongs to; when they are deleted, so is this one."),
        ],
    },
    Type {
        name: "Deployment",
        description: "A Deployment keeps a number of identical pods running and replaces them gradually when\nits pod template changes, through one ReplicaSet per template.",
        fields: &[
            API_VERSION,
            KIND,
            META,
            ("spec", "DeploymentSpec", Some("DeploymentSpec"), false, "The desired pods and how to roll out changes to them."),
            ("status", "DeploymentStatus", None, false, "How many pods are up to date, ready and available. Read-only."),
        ],
    },
    Type {
        name: "DeploymentSpec",
        description: "The desired state of a Deployment.",
        fields: &[
            ("minReadySeconds", "integer", None, false, "How long a new pod must be ready before it counts as available. Defaults to 0."),
            ("paused", "boolean", None, false, "While true, template changes do not start a rollout."),
            ("progressDeadlineSeconds", "integer", None, false, "Seconds a rollout may go without progress before it is reported as failed.\nDefaults to 600."),
            ("replicas", "integer", None, false, "How many pods to run. Defaults to 1."),
            ("revisionHistoryLimit", "integer", None, false, "How many old ReplicaSets to keep for rollbacks. Defaults to 10."),
            ("selector", "LabelSelector", None, true, "The labels of the pods this Deployment manages. Must match the template's labels\nand cannot change."),
            ("strategy", "DeploymentStrategy", None, false, "How pods are replaced: RollingUpdate (the default, with maxSurge and\nmaxUnavailable) or Recreate."),
            ("template", "PodTemplateSpec", Some("PodTemplateSpec"), true, "The pods to create."),
        ],
    },
    Type {
        name: "PodTemplateSpec",
        description: "The metadata and spec of the pods a controller creates.",
        fields: &[META, ("spec", "PodSpec", Some("PodSpec"), false, "What each pod runs.")],
    },
    Type {
        name: "Service",
        description: "A Service gives a set of pods, chosen by labels, one stable address and spreads connections\nover those that are ready.",
        fields: &[
            API_VERSION,
            KIND,
            META,
            ("spec", "ServiceSpec", Some("ServiceSpec"), false, "Which pods the Service sends to, and on which ports."),
            ("status", "ServiceStatus", None, false, "The load balancer's address, for type LoadBalancer. Read-only."),
        ],
    },
    Type {
        name: "ServiceSpec",
        description: "The desired state of a Service.",
        fields: &[
            ("ports", "[]ServicePort", None, false, "The ports the Service listens on and the target port on the pods for each."),
            ("selector", "map[string]string", None, false, "The labels of the pods that receive the traffic."),
            ("type", "string", None, false, "How the Service is reached: ClusterIP (the default), NodePort, LoadBalancer or\nExternalName."),
        ],
    },
    Type {
        name: "CronJob",
        description: "A CronJob creates a Job at each time of a cron schedule.",
        fields: &[
            API_VERSION,
            KIND,
            META,
            ("spec", "CronJobSpec", Some("CronJobSpec"), false, "The schedule and the Job to create."),
            ("status", "CronJobStatus", None, false, "The active Jobs and when the last one was scheduled. Read-only."),
        ],
    },
    Type {
        name: "CronJobSpec",
        description: "The desired state of a CronJob.",
        fields: &[
            ("concurrencyPolicy", "string", None, false, "What to do when a Job is still running at the next time: Allow (the default),\nForbid (skip the new one) or Replace (delete the running one)."),
            ("failedJobsHistoryLimit", "integer", None, false, "How many failed Jobs to keep. Defaults to 1."),
            ("jobTemplate", "JobTemplateSpec", None, true, "The Job to create at each scheduled time."),
            ("schedule", "string", None, true, "Five cron fields (minute hour day-of-month month day-of-week) or a macro such as\n@hourly."),
            ("startingDeadlineSeconds", "integer", None, false, "How late a missed time may still start a Job."),
            ("successfulJobsHistoryLimit", "integer", None, false, "How many successful Jobs to keep. Defaults to 3."),
            ("suspend", "boolean", None, false, "While true, no new Jobs are created."),
        ],
    },
];

fn find(name: &str) -> &'static Type {
    TYPES.iter().find(|t| t.name == name).expect("a type in the table")
}

fn indent(text: &str, n: usize) -> String {
    text.lines().map(|l| format!("{}{l}\n", " ".repeat(n))).collect()
}

/// `kubectl explain pods`, `kubectl explain deployment.spec.template`.
pub fn explain(args: &[String]) -> Output {
    let Some(path) = args.first() else {
        return Output::fail(errors::error("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources."));
    };
    let mut parts = path.split('.');
    let word = parts.next().unwrap_or_default();
    let Some(resource) = Resource::parse(word) else {
        return Output::fail(errors::error(format!("the server doesn't have a resource type \"{word}\"")));
    };
    let Some(top) = TYPES.iter().find(|t| t.name == resource.kind()) else {
        return Output::fail(errors::error(format!(
            "\"kubectl explain {word}\" is not available in the playground: it explains pods, deployments, services and cronjobs"
        )));
    };
    let mut out = String::new();
    if !resource.group().is_empty() {
        out.push_str(&format!("GROUP:      {}\n", resource.group()));
    }
    let version = resource.api_version().rsplit('/').next().unwrap_or("v1");
    out.push_str(&format!("KIND:       {}\nVERSION:    {version}\n\n", top.name));
    let mut ty = Some(top);
    let mut field: Option<&Field> = None;
    for part in parts {
        let Some(t) = ty else {
            return Output::fail(errors::error(format!("field \"{part}\" does not exist")));
        };
        let Some(f) = t.fields.iter().find(|f| f.0 == part) else {
            return Output::fail(errors::error(format!("field \"{part}\" does not exist")));
        };
        field = Some(f);
        ty = f.2.map(find);
    }
    let description = match field {
        Some(f) => {
            out.push_str(&format!("FIELD: {} <{}>\n\n", f.0, f.1));
            f.4
        }
        None => top.description,
    };
    out.push_str("DESCRIPTION:\n");
    out.push_str(&indent(description, 4));
    if let Some(t) = ty {
        if field.is_some() {
            out.push('\n');
            out.push_str(&indent(t.description, 4));
        }
        out.push_str("\nFIELDS:\n");
        for f in t.fields {
            let required = if f.3 { " -required-" } else { "" };
            out.push_str(&format!("  {}\t<{}>{required}\n", f.0, f.1));
            out.push_str(&indent(f.4, 4));
            out.push('\n');
        }
    }
    Output::ok(out)
}
