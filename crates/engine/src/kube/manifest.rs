//! Manifests: YAML text in, typed objects out. Syntax and type errors carry the
//! line and column; unknown fields become warnings, as kubectl's strict field
//! validation prints them (`Warning: unknown field "spec.replica"`).

use super::batch::{CronJob, Job};
use super::config::{ConfigMap, Secret};
use super::hpa::HorizontalPodAutoscaler;
use super::meta::ObjectMeta;
use super::pod::Pod;
use super::service::{Namespace, Service};
use super::workloads::{DaemonSet, Deployment, ReplicaSet};
use crate::from_value::{read_value, FromValue, ValueError};
use serde::Deserialize;
use std::fmt;

/// An object of a kind the playground models.
// Decoded objects are short-lived and few: a CronJob (its Job template) being the
// largest variant costs nothing worth a Box.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum KubeObject {
    Namespace(Namespace),
    Pod(Pod),
    Service(Service),
    ReplicaSet(ReplicaSet),
    Deployment(Deployment),
    DaemonSet(DaemonSet),
    Job(Job),
    CronJob(CronJob),
    ConfigMap(ConfigMap),
    Secret(Secret),
    HorizontalPodAutoscaler(HorizontalPodAutoscaler),
}

impl KubeObject {
    pub fn kind(&self) -> &'static str {
        match self {
            KubeObject::Namespace(_) => "Namespace",
            KubeObject::Pod(_) => "Pod",
            KubeObject::Service(_) => "Service",
            KubeObject::ReplicaSet(_) => "ReplicaSet",
            KubeObject::Deployment(_) => "Deployment",
            KubeObject::DaemonSet(_) => "DaemonSet",
            KubeObject::Job(_) => "Job",
            KubeObject::CronJob(_) => "CronJob",
            KubeObject::ConfigMap(_) => "ConfigMap",
            KubeObject::Secret(_) => "Secret",
            KubeObject::HorizontalPodAutoscaler(_) => "HorizontalPodAutoscaler",
        }
    }

    pub fn api_version(&self) -> &'static str {
        match self {
            KubeObject::ReplicaSet(_) | KubeObject::Deployment(_) | KubeObject::DaemonSet(_) => "apps/v1",
            KubeObject::Job(_) | KubeObject::CronJob(_) => "batch/v1",
            KubeObject::HorizontalPodAutoscaler(_) => "autoscaling/v2",
            _ => "v1",
        }
    }

    pub fn meta(&self) -> &ObjectMeta {
        match self {
            KubeObject::Namespace(o) => &o.metadata,
            KubeObject::Pod(o) => &o.metadata,
            KubeObject::Service(o) => &o.metadata,
            KubeObject::ReplicaSet(o) => &o.metadata,
            KubeObject::Deployment(o) => &o.metadata,
            KubeObject::DaemonSet(o) => &o.metadata,
            KubeObject::Job(o) => &o.metadata,
            KubeObject::CronJob(o) => &o.metadata,
            KubeObject::ConfigMap(o) => &o.metadata,
            KubeObject::Secret(o) => &o.metadata,
            KubeObject::HorizontalPodAutoscaler(o) => &o.metadata,
        }
    }

    pub fn meta_mut(&mut self) -> &mut ObjectMeta {
        match self {
            KubeObject::Namespace(o) => &mut o.metadata,
            KubeObject::Pod(o) => &mut o.metadata,
            KubeObject::Service(o) => &mut o.metadata,
            KubeObject::ReplicaSet(o) => &mut o.metadata,
            KubeObject::Deployment(o) => &mut o.metadata,
            KubeObject::DaemonSet(o) => &mut o.metadata,
            KubeObject::Job(o) => &mut o.metadata,
            KubeObject::CronJob(o) => &mut o.metadata,
            KubeObject::ConfigMap(o) => &mut o.metadata,
            KubeObject::Secret(o) => &mut o.metadata,
            KubeObject::HorizontalPodAutoscaler(o) => &mut o.metadata,
        }
    }
}

/// One decoded document.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub object: KubeObject,
    /// Unknown fields, as `unknown field "spec.foo"`.
    pub warnings: Vec<String>,
    /// Zero-based index among the non-empty documents of the text.
    pub document: usize,
    /// First line (1-based) of the document in the text.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManifestErrorKind {
    /// Not YAML, or the wrong type for a field.
    Syntax,
    /// No `kind` or `apiVersion`.
    MissingKind,
    /// A kind (or kind and version) the playground does not serve.
    UnknownKind { kind: String, api_version: String, name: String, namespace: String },
    /// A kind a real cluster serves but the playground does not simulate (a StatefulSet, an
    /// Ingress, a Node…): said as such, so a learner does not hunt for a typo.
    NotSimulated { kind: String, api_version: String },
}

/// Kinds every real cluster serves that the playground does not simulate, with what to do
/// instead where there is something (`kubectl api-resources` of a plain v1.32 cluster).
const NOT_SIMULATED: &[(&str, &str, &str)] = &[
    ("Node", "v1", "nodes join as machines: pick a built-in cluster, or let the cluster autoscaler add them"),
    ("Endpoints", "v1", "the endpoints controller writes them from each Service's selector"),
    ("EndpointSlice", "discovery.k8s.io/v1", "the endpoints controller writes them from each Service's selector"),
    ("StatefulSet", "apps/v1", ""),
    ("Ingress", "networking.k8s.io/v1", ""),
    ("IngressClass", "networking.k8s.io/v1", ""),
    ("NetworkPolicy", "networking.k8s.io/v1", ""),
    ("PersistentVolumeClaim", "v1", ""),
    ("PersistentVolume", "v1", ""),
    ("StorageClass", "storage.k8s.io/v1", ""),
    ("ServiceAccount", "v1", ""),
    ("Role", "rbac.authorization.k8s.io/v1", ""),
    ("RoleBinding", "rbac.authorization.k8s.io/v1", ""),
    ("ClusterRole", "rbac.authorization.k8s.io/v1", ""),
    ("ClusterRoleBinding", "rbac.authorization.k8s.io/v1", ""),
    ("PodDisruptionBudget", "policy/v1", ""),
    ("ResourceQuota", "v1", ""),
    ("LimitRange", "v1", ""),
    ("PriorityClass", "scheduling.k8s.io/v1", ""),
    ("ReplicationController", "v1", "a Deployment (apps/v1) does the same job and more"),
    ("Lease", "coordination.k8s.io/v1", ""),
    ("CustomResourceDefinition", "apiextensions.k8s.io/v1", ""),
];

/// What the playground serves, for the message about what it does not.
const SERVED: &str = "Namespace, Pod, Service, ConfigMap, Secret (v1), Deployment, ReplicaSet, DaemonSet (apps/v1), \
Job, CronJob (batch/v1) and HorizontalPodAutoscaler (autoscaling/v2 and v1)";

fn not_simulated(kind: &str, api_version: &str) -> Option<String> {
    let (_, _, instead) = NOT_SIMULATED.iter().find(|(k, v, _)| *k == kind && *v == api_version)?;
    let mut message = format!("kind \"{kind}\" ({api_version}) is served by a real cluster but not simulated here");
    if !instead.is_empty() {
        message.push_str(": ");
        message.push_str(instead);
    }
    message.push_str(&format!(". This playground simulates {SERVED}"));
    Some(message)
}

/// A document that cannot be read; `line` and `column` are 1-based (0 when unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestError {
    pub kind: ManifestErrorKind,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for ManifestError {}

/// The (kind, apiVersion) pairs served, for messages and completion.
pub const SERVED_KINDS: [(&str, &str); 11] = [
    ("Namespace", "v1"),
    ("Pod", "v1"),
    ("Service", "v1"),
    ("ReplicaSet", "apps/v1"),
    ("Deployment", "apps/v1"),
    ("DaemonSet", "apps/v1"),
    ("Job", "batch/v1"),
    ("CronJob", "batch/v1"),
    ("ConfigMap", "v1"),
    ("Secret", "v1"),
    ("HorizontalPodAutoscaler", "autoscaling/v2"),
];

/// Reads every document of `text`; fails on the first bad one.
// A manifest error is rare and short-lived: its size does not matter.
#[allow(clippy::result_large_err)]
pub fn decode(text: &str) -> Result<Vec<Decoded>, ManifestError> {
    let starts = document_start_lines(text);
    let mut out = Vec::new();
    for (i, doc) in serde_norway::Deserializer::from_str(text).enumerate() {
        let value = serde_norway::Value::deserialize(doc).map_err(yaml_error)?;
        if value.is_null() {
            continue;
        }
        let line = starts.get(i).copied().unwrap_or(1);
        let Some(map) = value.as_mapping() else {
            return Err(ManifestError {
                kind: ManifestErrorKind::Syntax,
                line,
                column: 1,
                message: "a manifest must be a mapping with apiVersion, kind and metadata".into(),
            });
        };
        let field = |k: &str| map.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let (kind, api_version) = (field("kind"), field("apiVersion"));
        if kind.is_empty() || api_version.is_empty() {
            let missing = if kind.is_empty() { "Kind" } else { "apiVersion" };
            return Err(ManifestError {
                kind: ManifestErrorKind::MissingKind,
                line,
                column: 1,
                message: format!("Object '{missing}' is missing"),
            });
        }
        let meta = map.get("metadata");
        let meta_field = |k: &str| meta.and_then(|m| m.get(k)).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let (name, namespace) = (meta_field("name"), meta_field("namespace"));
        let mut warnings = Vec::new();
        let mut typed = TypedDoc { value, text, line, warnings: &mut warnings };
        let object = match (kind.as_str(), api_version.as_str()) {
            ("Namespace", "v1") => KubeObject::Namespace(typed.read()?),
            ("Pod", "v1") => KubeObject::Pod(typed.read()?),
            ("Service", "v1") => KubeObject::Service(typed.read()?),
            ("ReplicaSet", "apps/v1") => KubeObject::ReplicaSet(typed.read()?),
            ("Deployment", "apps/v1") => KubeObject::Deployment(typed.read()?),
            ("DaemonSet", "apps/v1") => KubeObject::DaemonSet(typed.read()?),
            ("Job", "batch/v1") => KubeObject::Job(typed.read()?),
            ("CronJob", "batch/v1") => KubeObject::CronJob(typed.read()?),
            ("ConfigMap", "v1") => KubeObject::ConfigMap(typed.read()?),
            ("Secret", "v1") => KubeObject::Secret(typed.read()?),
            ("HorizontalPodAutoscaler", "autoscaling/v2") => KubeObject::HorizontalPodAutoscaler(typed.read()?),
            ("HorizontalPodAutoscaler", "autoscaling/v1") => {
                KubeObject::HorizontalPodAutoscaler(typed.read::<super::hpa::HorizontalPodAutoscalerV1>()?.into())
            }
            _ => {
                if let Some(message) = not_simulated(&kind, &api_version) {
                    let kind = ManifestErrorKind::NotSimulated { kind: kind.clone(), api_version: api_version.clone() };
                    return Err(ManifestError { kind, line, column: 1, message });
                }
                return Err(ManifestError {
                    kind: ManifestErrorKind::UnknownKind { kind: kind.clone(), api_version: api_version.clone(), name, namespace },
                    line,
                    column: 1,
                    message: format!("no matches for kind \"{kind}\" in version \"{api_version}\""),
                })
            }
        };
        out.push(Decoded { object, warnings, document: out.len(), line });
    }
    Ok(out)
}

/// One document, already parsed into a generic YAML value, to be read as a typed object.
///
/// The YAML text is parsed once (`serde_norway::Value`) and each kind is read from that
/// value: reading straight from the event-based YAML deserializer would compile its large
/// deserializer once per kind (about half of the page's wasm). The value carries no
/// positions, so a type error is placed with `locate`, from the field path that
/// `from_value` records.
struct TypedDoc<'a, 'w> {
    value: serde_norway::Value,
    text: &'a str,
    line: usize,
    warnings: &'w mut Vec<String>,
}

impl TypedDoc<'_, '_> {
    /// Reads the value as `T`, collecting the paths of fields `T` has no place for.
    #[allow(clippy::result_large_err)]
    fn read<T: FromValue>(&mut self) -> Result<T, ManifestError> {
        let value = std::mem::replace(&mut self.value, serde_norway::Value::Null);
        let mut unknown = Vec::new();
        // Timestamps are the server's to set: dropped.
        let v: T = read_value(value, &mut unknown, false).map_err(|e| self.type_error(e))?;
        for path in unknown {
            // apiVersion and kind are read before the typed pass; they are not unknown.
            if path != "apiVersion" && path != "kind" {
                self.warnings.push(format!("unknown field \"{}\"", kubectl_path(&path)));
            }
        }
        Ok(v)
    }

    /// `spec.replicas: invalid type: …`, at the line and column where that field is written
    /// (the deepest key of its path that `locate` finds, else the document's first line).
    fn type_error(&self, e: ValueError) -> ManifestError {
        let path = e.path;
        let mut inner = e.message;
        if let Some(i) = inner.find(" at line ") {
            inner.truncate(i);
        }
        let (line, column) = match path.as_str() {
            "." => (self.line, 1),
            p => locate(self.text, self.line, p).map_or((self.line, 1), |at| self.value_at(at)),
        };
        let message = if path == "." { inner } else { format!("{path}: {inner}") };
        ManifestError { kind: ManifestErrorKind::Syntax, line, column, message }
    }

    /// From a key's place to its value's, when the value is written on the same line.
    fn value_at(&self, (line, column): (usize, usize)) -> (usize, usize) {
        let text = self.text.lines().nth(line - 1).unwrap_or("");
        let after_key = text.get(column - 1..).and_then(|t| t.find(':').map(|i| column - 1 + i + 1));
        let value = after_key.and_then(|i| {
            let rest = &text[i..];
            let start = i + rest.len() - rest.trim_start().len();
            (start < text.len() && !text[start..].starts_with('#')).then_some(start + 1)
        });
        (line, value.unwrap_or(column))
    }
}

/// `spec.containers.0.imag` as kubectl writes it: `spec.containers[0].imag`.
fn kubectl_path(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.') {
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

fn yaml_error(e: serde_norway::Error) -> ManifestError {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let mut message = e.to_string();
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    ManifestError { kind: ManifestErrorKind::Syntax, line, column, message }
}

/// The 1-based first line of each document (documents are separated by `---`).
fn document_start_lines(text: &str) -> Vec<usize> {
    let mut starts = vec![1];
    for (i, l) in text.lines().enumerate() {
        if l.starts_with("---") {
            if i == 0 {
                starts[0] = 2;
            } else {
                starts.push(i + 2);
            }
        }
    }
    starts
}

/// Where a field path (`spec.template.metadata.labels`) is written in a document
/// that starts at `start_line`: the (line, column) of its last key, found by
/// following the keys down by indentation. None when the path is not spelled out.
pub fn locate(text: &str, start_line: usize, path: &str) -> Option<(usize, usize)> {
    let keys: Vec<&str> = path.split('.').map(|k| k.split('[').next().unwrap_or(k)).filter(|k| !k.is_empty()).collect();
    let mut want = 0;
    let mut min_indent = 0usize;
    let mut found = None;
    for (i, line) in text.lines().enumerate().skip(start_line.saturating_sub(1)) {
        if i + 1 > start_line && line.starts_with("---") {
            break;
        }
        let trimmed = line.trim_start().trim_start_matches("- ");
        let indent = line.len() - trimmed.len();
        if want > 0 && indent < min_indent && !trimmed.is_empty() {
            return found;
        }
        if let Some(rest) = trimmed.strip_prefix(keys.get(want)?) {
            if rest.starts_with(':') && indent >= min_indent {
                found = Some((i + 1, indent + 1));
                want += 1;
                min_indent = indent + 1;
                if want == keys.len() {
                    return found;
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPLOY: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imag: typo
";

    #[test]
    fn decodes_typed_objects_with_warnings_for_unknown_fields() {
        let docs = decode(DEPLOY).unwrap();
        assert_eq!(docs.len(), 1);
        let KubeObject::Deployment(d) = &docs[0].object else { panic!("not a deployment") };
        assert_eq!(d.spec.replicas, 3);
        assert_eq!(d.spec.template.spec.containers[0].image, "nginx:1.27");
        assert_eq!(docs[0].warnings, vec!["unknown field \"spec.template.spec.containers[0].imag\"".to_string()]);
    }

    /// What `kubectl create deployment web --image=nginx --dry-run=client -o yaml` writes, and
    /// what `kubectl get -o yaml` of a real cluster adds (server-written metadata, a status):
    /// all known fields, so applying it warns about nothing, as the API server's field
    /// validation does not. What the server sets is not taken from the manifest.
    #[test]
    fn generated_and_exported_manifests_apply_without_warnings() {
        let generated = "apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
status: {}
";
        let docs = decode(generated).unwrap();
        assert_eq!(docs[0].warnings, Vec::<String>::new());
        assert_eq!(docs[0].object.meta().creation_timestamp, None);

        let exported = "apiVersion: v1
kind: Service
metadata:
  creationTimestamp: \"2024-05-01T10:00:00Z\"
  managedFields:
  - manager: kubectl-client-side-apply
    operation: Update
  name: web
  namespace: default
  resourceVersion: \"4711\"
  selfLink: /api/v1/namespaces/default/services/web
  uid: 0f8e1a2b-0000-4000-8000-000000000001
spec:
  selector: {app: web}
  ports: [{port: 80}]
  bogus: 1
";
        let docs = decode(exported).unwrap();
        // Only the field no Service has is warned about.
        assert_eq!(docs[0].warnings, vec!["unknown field \"spec.bogus\"".to_string()]);
        assert_eq!(docs[0].object.meta().creation_timestamp, None);
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let err = decode("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n").unwrap_err();
        assert_eq!(err.kind, ManifestErrorKind::Syntax);
        assert!(err.line >= 4, "{err:?}");
        assert!(err.column > 0);
    }

    #[test]
    fn type_errors_name_the_field_and_place() {
        let err = decode("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: three\n").unwrap_err();
        assert_eq!((err.line, err.kind.clone()), (6, ManifestErrorKind::Syntax));
        assert!(err.message.contains("spec.replicas"), "{}", err.message);
    }

    #[test]
    fn unknown_kinds_are_refused_by_name() {
        let err = decode("apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n").unwrap_err();
        assert_eq!(err.message, "no matches for kind \"Widget\" in version \"v1\"");
        let err = decode("apiVersion: v1\nkind: Deployment\nmetadata:\n  name: w\n").unwrap_err();
        assert!(matches!(err.kind, ManifestErrorKind::UnknownKind { .. }));
    }

    /// Kinds a real cluster serves but the playground does not simulate are refused as such
    /// (not as a missing CRD), at their document's line, with what to do instead where there
    /// is something; a kind nobody serves keeps the API server's answer.
    #[test]
    fn kinds_a_real_cluster_serves_are_refused_as_not_simulated() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\n";
        let err = decode(text).unwrap_err();
        assert_eq!(err.kind, ManifestErrorKind::NotSimulated { kind: "StatefulSet".into(), api_version: "apps/v1".into() });
        assert_eq!(err.line, 5);
        assert_eq!(
            err.message,
            "kind \"StatefulSet\" (apps/v1) is served by a real cluster but not simulated here. This playground simulates \
             Namespace, Pod, Service, ConfigMap, Secret (v1), Deployment, ReplicaSet, DaemonSet (apps/v1), Job, CronJob \
             (batch/v1) and HorizontalPodAutoscaler (autoscaling/v2 and v1)"
        );
        let err = decode("apiVersion: v1\nkind: Node\nmetadata: {name: node-z}\n").unwrap_err();
        assert!(err.message.contains("nodes join as machines"), "{}", err.message);
        // The version matters: a StatefulSet in a version no cluster serves is unknown.
        let err = decode("apiVersion: v1\nkind: StatefulSet\nmetadata: {name: db}\n").unwrap_err();
        assert!(matches!(err.kind, ManifestErrorKind::UnknownKind { .. }));
    }

    /// An autoscaling/v1 HPA is the same object as its autoscaling/v2 form: the CPU target
    /// becomes a Resource metric; without one, no metrics (the 80% default comes later, as
    /// for v2); v2-only fields in a v1 manifest are unknown there.
    #[test]
    fn autoscaling_v1_hpas_are_read_as_their_v2_form() {
        // Everything but the version and the target is written the same in both.
        let common = "kind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  \
                      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 6\n";
        let v1 = format!(
            "apiVersion: autoscaling/v1\n{common}  targetCPUUtilizationPercentage: 50\n\
             status: {{currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 10}}\n"
        );
        let v2 = format!(
            "apiVersion: autoscaling/v2\n{common}  metrics:\n  - type: Resource\n    \
             resource: {{name: cpu, target: {{type: Utilization, averageUtilization: 50}}}}\n"
        );
        let (a, b) = (decode(&v1).unwrap().remove(0), decode(&v2).unwrap().remove(0));
        assert_eq!(a.warnings, Vec::<String>::new());
        assert_eq!(a.object, b.object);

        let bare = decode("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec: {maxReplicas: 3, metrics: []}\n").unwrap();
        let KubeObject::HorizontalPodAutoscaler(hpa) = &bare[0].object else { panic!("not an HPA") };
        assert_eq!((hpa.spec.max_replicas, hpa.spec.metrics.len()), (3, 0));
        assert_eq!(bare[0].warnings, vec!["unknown field \"spec.metrics\"".to_string()]);
    }

    #[test]
    fn several_documents_keep_their_lines() {
        let text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";
        let docs = decode(text).unwrap();
        assert_eq!(docs.iter().map(|d| (d.object.kind(), d.line)).collect::<Vec<_>>(), vec![("Namespace", 1), ("Service", 6)]);
        assert_eq!(locate(text, 6, "spec.selector"), Some((11, 3)));
    }

    #[test]
    fn locate_follows_nested_keys() {
        assert_eq!(locate(DEPLOY, 1, "spec.template.metadata.labels"), Some((11, 7)));
        assert_eq!(locate(DEPLOY, 1, "spec.replicas"), Some((6, 3)));
    }
}
