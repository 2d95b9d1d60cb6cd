//! Creating and deleting pods, with what the API server's admission adds
//! (defaults, `DefaultTolerationSeconds`, QoS class) and what deletion means.

use super::super::meta::{ObjectMeta, OwnerReference};
use super::super::node::{TAINT_NOT_READY, TAINT_UNREACHABLE};
use super::super::pod::{qos_class, Pod, Toleration, PENDING};
use super::super::workloads::PodTemplateSpec;
use super::super::{Ctx, Key, Kube, DEFAULT_TOLERATION_SECONDS};

/// The owner reference a controller puts on what it creates (`metav1.NewControllerRef`).
pub fn controller_ref(api_version: &str, kind: &str, owner: &ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: api_version.into(),
        kind: kind.into(),
        name: owner.name.clone(),
        uid: owner.uid.clone(),
        controller: true,
        block_owner_deletion: true,
    }
}

/// Admission defaults for a new pod, as the API server applies them.
pub fn default_pod(pod: &mut Pod) {
    for c in &mut pod.spec.containers {
        for p in &mut c.ports {
            if p.protocol.is_empty() {
                p.protocol = "TCP".into();
            }
        }
        if c.image_pull_policy.is_empty() {
            let tag = c.image.rsplit('/').next().unwrap_or("").split_once(':').map(|(_, t)| t);
            c.image_pull_policy = if tag.is_none() || tag == Some("latest") { "Always" } else { "IfNotPresent" }.into();
        }
        // Limits without requests: requests default to the limits.
        let limits = c.resources.limits.clone();
        for (r, q) in limits {
            c.resources.requests.entry(r).or_insert(q);
        }
    }
    // DefaultTolerationSeconds admission plugin.
    for key in [TAINT_NOT_READY, TAINT_UNREACHABLE] {
        if !pod.spec.tolerations.iter().any(|t| t.key == key && t.effect == "NoExecute") {
            pod.spec.tolerations.push(Toleration {
                key: key.into(),
                operator: "Exists".into(),
                value: String::new(),
                effect: "NoExecute".into(),
                toleration_seconds: Some(DEFAULT_TOLERATION_SECONDS),
            });
        }
    }
    pod.status.qos_class = qos_class(&pod.spec).into();
}

impl Kube {
    /// Stores a new pod as the API server would: uid, timestamps, defaults, Pending.
    pub fn create_pod(&mut self, mut pod: Pod, ctx: &mut Ctx) -> Key {
        pod.metadata.uid = ctx.rng.uid();
        pod.metadata.creation_timestamp = Some(ctx.now);
        pod.metadata.resource_version = self.store.next_resource_version();
        default_pod(&mut pod);
        pod.status.phase = PENDING.into();
        let key = Key::of(&pod.metadata);
        self.store.pods.insert(key.clone(), pod);
        key
    }

    /// Graceful deletion: the pod is marked and leaves endpoints at once; its
    /// kubelet stops it, or it goes straight away if it never reached a node.
    pub fn delete_pod(&mut self, key: &Key, ctx: &mut Ctx) {
        let Some(pod) = self.store.pods.get_mut(key) else { return };
        if pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        if pod.node().is_none() {
            self.remove_pod(key);
            return;
        }
        pod.metadata.deletion_timestamp = Some(ctx.now);
        self.scheduler.cluster_changed();
    }

    /// The pod is gone from the store (its kubelet confirmed, or it never ran).
    pub fn remove_pod(&mut self, key: &Key) {
        if let Some(pod) = self.store.pods.remove(key) {
            if let Some(ip) = &pod.status.pod_ip {
                self.release_ip(ip);
            }
        }
        self.runtimes.delete(key);
        self.scheduler.forget(key);
        self.scheduler.cluster_changed();
    }

    /// A new pod from a controller's template, named `<owner>-<5 random characters>` and owned
    /// by `owner_ref` (`GetPodFromTemplate` in `pkg/controller/controller_utils.go`).
    pub fn pod_from_template(&self, template: &PodTemplateSpec, owner: &ObjectMeta, owner_ref: OwnerReference, ctx: &mut Ctx) -> Pod {
        let ns = owner.ns().to_string();
        let base = format!("{}-", owner.name);
        let mut pod = Pod::default();
        pod.metadata.name = self.generate_pod_name(&base, ctx, &ns);
        pod.metadata.generate_name = base;
        pod.metadata.namespace = Some(ns);
        pod.metadata.labels = template.metadata.labels.clone();
        pod.metadata.annotations = template.metadata.annotations.clone();
        pod.metadata.owner_references = vec![owner_ref];
        pod.spec = template.spec.clone();
        pod
    }

    /// A unique pod name `base` + 5 random characters, as `generateName` does.
    pub fn generate_pod_name(&self, base: &str, ctx: &mut Ctx, namespace: &str) -> String {
        loop {
            let name = format!("{base}{}", ctx.rng.suffix(5));
            if !self.store.pods.contains_key(&Key::new(namespace, name.clone())) {
                return name;
            }
        }
    }
}
