//! The API server's side of each action: validate, then write. Callers run the
//! whole action on a copy (see `Sim::act`), so a refusal midway changes nothing.

use super::manifest::KubeObject;
use super::meta::ObjectMeta;
use super::service::{Endpoints, Service, ServicePort};
use super::store::new_namespace;
use super::{scheduler, validation, Ctx, Key, Kube};
use crate::boxed_map::BoxedMap;
use crate::action::{ApiError, Change, Resource, Verb};
use crate::events::EventType;

fn change(resource: Resource, namespace: &str, name: &str, verb: Verb) -> Change {
    Change { resource, namespace: namespace.to_string(), name: name.to_string(), verb }
}

/// The namespace controller's sweep of one kind: the keys first, then `delete`; a `retain` per
/// kind compiled about a kilobyte of tree code for each.
#[inline(never)]
fn remove_in_namespace<V>(map: &mut BoxedMap<Key, V>, ns: &str) {
    for k in &keys_in_namespace(map, ns) {
        map.delete(k);
    }
}

// Not inlined: its code is the same for every value type, so the page keeps one copy.
#[inline(never)]
fn keys_in_namespace<V>(map: &BoxedMap<Key, V>, ns: &str) -> Vec<Key> {
    map.keys().filter(|k| k.namespace == ns).cloned().collect()
}

/// The Service the API server makes for itself in `default`.
pub fn kubernetes_service() -> (Service, Endpoints) {
    let meta = ObjectMeta {
        name: "kubernetes".into(),
        namespace: Some("default".into()),
        labels: crate::collecting::map_from([
            ("component".to_string(), "apiserver".to_string()),
            ("provider".to_string(), "kubernetes".to_string()),
        ]),
        creation_timestamp: Some(crate::clock::SimTime(0)),
        ..Default::default()
    };
    let mut svc = Service { metadata: meta.clone(), ..Default::default() };
    svc.spec.cluster_ip = "10.96.0.1".into();
    svc.spec.cluster_ips = vec!["10.96.0.1".into()];
    svc.spec.ports = vec![ServicePort {
        name: "https".into(),
        protocol: "TCP".into(),
        port: 443,
        target_port: Some(super::meta::IntOrString::Int(443)),
        node_port: None,
    }];
    let ep = Endpoints {
        metadata: ObjectMeta { labels: crate::collecting::map_from([("endpointslice.kubernetes.io/skip-mirror".to_string(), "true".to_string())]),
            ..meta },
        subsets: vec![super::service::EndpointSubset {
            addresses: vec![super::service::EndpointAddress { ip: "172.20.0.2".into(), node_name: None, target_ref: None }],
            not_ready_addresses: vec![],
            ports: vec![super::service::EndpointPort { name: "https".into(), port: 443, protocol: "TCP".into() }],
        }],
    };
    (svc, ep)
}

impl Kube {
    pub(crate) fn apply(&mut self, objects: Vec<KubeObject>, default_ns: &str, ctx: &mut Ctx) -> Result<Vec<Change>, ApiError> {
        let mut changes = Vec::new();
        for mut obj in objects {
            let kind = obj.kind();
            let resource = Resource::of_kind(kind).expect("served kind");
            if resource.namespaced() {
                let ns = obj.meta().namespace.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| default_ns.to_string());
                if !self.store.has_namespace(&ns) {
                    return Err(ApiError::NotFound { resource: Resource::Namespace, name: ns });
                }
                obj.meta_mut().namespace = Some(ns);
            } else {
                obj.meta_mut().namespace = None;
            }
            let causes = validation::validate(&obj);
            if !causes.is_empty() {
                return Err(ApiError::Invalid { kind: kind.to_string(), name: obj.meta().name.clone(), causes });
            }
            let verb = self.apply_one(obj.clone(), ctx)?;
            changes.push(change(resource, obj.meta().ns(), &obj.meta().name, verb));
        }
        Ok(changes)
    }

    /// Fills what the server sets on a new object.
    fn new_meta(&mut self, meta: &mut ObjectMeta, ctx: &mut Ctx) {
        meta.uid = ctx.rng.uid();
        meta.creation_timestamp = Some(ctx.now);
        meta.resource_version = self.store.next_resource_version();
        meta.generation = 1;
        meta.deletion_timestamp = None;
        meta.owner_references.clear();
    }

    /// Carries server-set fields over from the stored object to the applied one.
    fn keep_meta(old: &ObjectMeta, new: &mut ObjectMeta, spec_changed: bool) {
        new.uid = old.uid.clone();
        new.creation_timestamp = old.creation_timestamp;
        new.resource_version = old.resource_version.clone();
        new.generation = old.generation + i64::from(spec_changed);
        new.owner_references = old.owner_references.clone();
        new.deletion_timestamp = old.deletion_timestamp;
        // Controllers' annotations (revision numbers) survive an apply.
        for (k, v) in &old.annotations {
            if k.starts_with("deployment.kubernetes.io/") {
                new.annotations.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }

    fn apply_one(&mut self, obj: KubeObject, ctx: &mut Ctx) -> Result<Verb, ApiError> {
        match obj {
            KubeObject::Namespace(mut n) => {
                let name = n.metadata.name.clone();
                match self.store.namespaces.get(&name) {
                    Some(old) if old.metadata.labels == merged_ns_labels(&n.metadata) => Ok(Verb::Unchanged),
                    Some(old) => {
                        let mut updated = old.clone();
                        updated.metadata.labels = merged_ns_labels(&n.metadata);
                        self.store.namespaces.insert(name, updated);
                        Ok(Verb::Configured)
                    }
                    None => {
                        self.new_meta(&mut n.metadata, ctx);
                        n.metadata.generation = 0;
                        n.metadata.labels = merged_ns_labels(&n.metadata);
                        n.status.phase = "Active".into();
                        self.store.namespaces.insert(name, n);
                        Ok(Verb::Created)
                    }
                }
            }
            KubeObject::Pod(mut p) => {
                let key = Key::of(&p.metadata);
                match self.store.pods.get(&key) {
                    None => {
                        p.status = Default::default();
                        p.spec.node_name = None;
                        p.metadata.owner_references.clear();
                        p.metadata.deletion_timestamp = None;
                        self.create_pod(p, ctx);
                        Ok(Verb::Created)
                    }
                    Some(old) => {
                        let mut wanted = p.spec.clone();
                        super::controllers::pods::default_pod(&mut super::pod::Pod { spec: wanted.clone(), ..Default::default() });
                        // Only images may change in a running pod (`ValidatePodUpdate`).
                        let mut probe = old.spec.clone();
                        for (c, n) in probe.containers.iter_mut().zip(&p.spec.containers) {
                            c.image = n.image.clone();
                        }
                        let same_shape = probe.containers.len() == p.spec.containers.len()
                            && probe.containers.iter().zip(&p.spec.containers).all(|(a, b)| a.name == b.name);
                        if !same_shape {
                            return Err(ApiError::Invalid {
                                kind: "Pod".into(),
                                name: key.name,
                                causes: vec![validation::FieldError {
                                    path: "spec".into(),
                                    detail: "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)".into(),
                                }],
                            });
                        }
                        wanted = probe;
                        if wanted == old.spec && p.metadata.labels == old.metadata.labels {
                            return Ok(Verb::Unchanged);
                        }
                        let old = old.clone();
                        let mut new = old.clone();
                        new.spec = wanted;
                        new.metadata.labels = p.metadata.labels;
                        new.metadata.annotations = p.metadata.annotations;
                        self.store.pods.insert(key, new);
                        Ok(Verb::Configured)
                    }
                }
            }
            KubeObject::Service(mut s) => {
                let key = Key::of(&s.metadata);
                for port in &mut s.spec.ports {
                    if port.protocol.is_empty() {
                        port.protocol = "TCP".into();
                    }
                    if port.target_port.is_none() {
                        port.target_port = Some(super::meta::IntOrString::Int(port.port));
                    }
                }
                s.spec.default_session_affinity();
                // An ExternalName Service is a DNS alias: no cluster IP, no node ports.
                let external_name = s.spec.type_ == "ExternalName";
                match self.store.services.get(&key) {
                    None => {
                        self.new_meta(&mut s.metadata, ctx);
                        s.metadata.generation = 0;
                        if !external_name {
                            s.spec.cluster_ip = self.allocate_cluster_ip(ctx);
                            s.spec.cluster_ips = vec![s.spec.cluster_ip.clone()];
                        }
                        if s.spec.type_ != "ClusterIP" && !external_name {
                            for port in &mut s.spec.ports {
                                if port.node_port.is_none() {
                                    port.node_port = Some(self.allocate_node_port(ctx));
                                }
                            }
                        }
                        s.status = Default::default();
                        self.store.services.insert(key, s);
                        Ok(Verb::Created)
                    }
                    Some(old) => {
                        s.spec.cluster_ip = old.spec.cluster_ip.clone();
                        s.spec.cluster_ips = old.spec.cluster_ips.clone();
                        for (p, o) in s.spec.ports.iter_mut().zip(&old.spec.ports) {
                            if p.node_port.is_none() && s.spec.type_ != "ClusterIP" && !external_name {
                                p.node_port = o.node_port;
                            }
                        }
                        if s.spec == old.spec && s.metadata.labels == old.metadata.labels {
                            return Ok(Verb::Unchanged);
                        }
                        let old = old.clone();
                        Self::keep_meta(&old.metadata, &mut s.metadata, false);
                        s.status = old.status;
                        self.store.services.insert(key, s);
                        Ok(Verb::Configured)
                    }
                }
            }
            KubeObject::ReplicaSet(mut r) => {
                let key = Key::of(&r.metadata);
                match self.store.replica_sets.get(&key) {
                    None => {
                        self.new_meta(&mut r.metadata, ctx);
                        r.status = Default::default();
                        self.store.replica_sets.insert(key, r);
                        Ok(Verb::Created)
                    }
                    Some(old) => {
                        if old.spec.selector != r.spec.selector {
                            return Err(immutable_selector("ReplicaSet", &key.name, &r.spec.selector));
                        }
                        if old.spec == r.spec && old.metadata.labels == r.metadata.labels {
                            return Ok(Verb::Unchanged);
                        }
                        let old = old.clone();
                        Self::keep_meta(&old.metadata, &mut r.metadata, old.spec != r.spec);
                        r.status = old.status;
                        self.store.replica_sets.insert(key, r);
                        Ok(Verb::Configured)
                    }
                }
            }
            KubeObject::CronJob(mut c) => {
                let key = Key::of(&c.metadata);
                match self.store.cron_jobs.get(&key) {
                    None => {
                        self.new_meta(&mut c.metadata, ctx);
                        c.status = Default::default();
                        self.store.cron_jobs.insert(key, c);
                        Ok(Verb::Created)
                    }
                    Some(old) => {
                        if old.spec == c.spec && old.metadata.labels == c.metadata.labels {
                            return Ok(Verb::Unchanged);
                        }
                        let old = old.clone();
                        Self::keep_meta(&old.metadata, &mut c.metadata, old.spec != c.spec);
                        c.status = old.status;
                        self.store.cron_jobs.insert(key, c);
                        Ok(Verb::Configured)
                    }
                }
            }
            KubeObject::ConfigMap(mut c) => {
                let key = Key::of(&c.metadata);
                match self.store.config_maps.get(&key) {
                    None => {
                        self.new_meta(&mut c.metadata, ctx);
                        c.metadata.generation = 0;
                        self.store.config_maps.insert(key, c);
                        Ok(Verb::Created)
                    }
                    Some(old) => {
                        if old.data == c.data && old.binary_data == c.binary_data && old.metadata.labels == c.metadata.labels {
                            return Ok(Verb::Unchanged);
                        }
                        if old.immutable == Some(true) {
                            return Err(immutable_data("ConfigMap", &key.name));
                        }
                        let old = old.clone();
                        Self::keep_meta(&old.metadata, &mut c.metadata, false);
                        c.metadata.generation = 0;
                        self.store.config_maps.insert(key, c);
                        Ok(Verb::Configured)
                    }
                }
            }
            KubeObject::Secret(mut s) => {
                let key = Key::of(&s.metadata);
                for v in s.data.values() {
                    if let Err(e) = super::config::decode(v) {
                        return Err(ApiError::BadRequest(format!("Secret in version \"v1\" cannot be handled as a Secret: {e}")));
                    }
                }
                s.fold_string_data();
                match self.store.secrets.get(&key) {
                    None => {
                        self.new_meta(&mut s.metadata, ctx);
                        s.metadata.generation = 0;
                        self.store.secrets.insert(key, s);
                        Ok(Verb::Created)
                    }
                    Some(old) => {
                        if old.data == s.data && old.type_ == s.type_ && old.metadata.labels == s.metadata.labels {
                            return Ok(Verb::Unchanged);
                        }
                        if old.type_ != s.type_ {
                            return Err(ApiError::Invalid {
                                kind: "Secret".into(),
                                name: key.name,
                                causes: vec![validation::FieldError {
                                    path: "type".into(),
                                    detail: format!("Invalid value: {:?}: field is immutable", s.type_),
                                }],
                            });
                        }
                        if old.immutable == Some(true) {
                            return Err(immutable_data("Secret", &key.name));
                        }
                        let old = old.clone();
                        Self::keep_meta(&old.metadata, &mut s.metadata, false);
                        s.metadata.generation = 0;
                        self.store.secrets.insert(key, s);
                        Ok(Verb::Configured)
                    }
                }
            }
            KubeObject::Job(mut j) => {
                let key = Key::of(&j.metadata);
                match self.store.jobs.get(&key) {
                    None => {
                        self.insert_new_job(j, ctx);
                        Ok(Verb::Created)
                    }
                    Some(old) => {
                        let old = old.clone();
                        if j.spec.manual_selector != Some(true) {
                            j.spec.selector = old.spec.selector.clone();
                            for (k, v) in &old.spec.template.metadata.labels {
                                j.spec.template.metadata.labels.entry(k.clone()).or_insert_with(|| v.clone());
                            }
                        }
                        if j.spec.template != old.spec.template {
                            return Err(ApiError::Invalid {
                                kind: "Job".into(),
                                name: key.name,
                                causes: vec![validation::FieldError {
                                    path: "spec.template".into(),
                                    detail: "Invalid value: core.PodTemplateSpec{...}: field is immutable".into(),
                                }],
                            });
                        }
                        if old.spec == j.spec && old.metadata.labels == j.metadata.labels {
                            return Ok(Verb::Unchanged);
                        }
                        Self::keep_meta(&old.metadata, &mut j.metadata, old.spec != j.spec);
                        j.status = old.status;
                        self.store.jobs.insert(key, j);
                        Ok(Verb::Configured)
                    }
                }
            }
            KubeObject::DaemonSet(mut d) => {
                let key = Key::of(&d.metadata);
                match self.store.daemon_sets.get(&key) {
                    None => {
                        self.new_meta(&mut d.metadata, ctx);
                        d.status = Default::default();
                        self.store.daemon_sets.insert(key, d);
                        Ok(Verb::Created)
                    }
                    Some(old) => {
                        if old.spec.selector != d.spec.selector {
                            return Err(immutable_selector("DaemonSet", &key.name, &d.spec.selector));
                        }
                        if old.spec == d.spec && old.metadata.labels == d.metadata.labels {
                            return Ok(Verb::Unchanged);
                        }
                        let old = old.clone();
                        Self::keep_meta(&old.metadata, &mut d.metadata, old.spec != d.spec);
                        d.status = old.status;
                        self.store.daemon_sets.insert(key, d);
                        Ok(Verb::Configured)
                    }
                }
            }
            KubeObject::HorizontalPodAutoscaler(mut h) => {
                let key = Key::of(&h.metadata);
                super::hpa::set_defaults(&mut h);
                match self.store.hpas.get(&key) {
                    None => {
                        self.new_meta(&mut h.metadata, ctx);
                        h.status = Default::default();
                        self.store.hpas.insert(key, h);
                        Ok(Verb::Created)
                    }
                    Some(old) => {
                        if old.spec == h.spec && old.metadata.labels == h.metadata.labels {
                            return Ok(Verb::Unchanged);
                        }
                        let old = old.clone();
                        Self::keep_meta(&old.metadata, &mut h.metadata, old.spec != h.spec);
                        h.status = old.status;
                        self.store.hpas.insert(key, h);
                        Ok(Verb::Configured)
                    }
                }
            }
            KubeObject::Deployment(mut d) => {
                let key = Key::of(&d.metadata);
                match self.store.deployments.get(&key) {
                    None => {
                        self.new_meta(&mut d.metadata, ctx);
                        d.status = Default::default();
                        self.store.deployments.insert(key, d);
                        Ok(Verb::Created)
                    }
                    Some(old) => {
                        if old.spec.selector != d.spec.selector {
                            return Err(immutable_selector("Deployment", &key.name, &d.spec.selector));
                        }
                        if old.spec == d.spec && old.metadata.labels == d.metadata.labels {
                            return Ok(Verb::Unchanged);
                        }
                        let old = old.clone();
                        Self::keep_meta(&old.metadata, &mut d.metadata, old.spec != d.spec);
                        d.status = old.status;
                        self.store.deployments.insert(key, d);
                        Ok(Verb::Configured)
                    }
                }
            }
        }
    }

    /// Stores a new Job as the API server does: metadata, and unless `manualSelector`,
    /// the generated selector and pod labels (`generateSelector`). Owner references
    /// set by the caller are kept.
    pub(crate) fn insert_new_job(&mut self, mut j: super::batch::Job, ctx: &mut Ctx) -> Key {
        use super::batch::*;
        let owners = std::mem::take(&mut j.metadata.owner_references);
        self.new_meta(&mut j.metadata, ctx);
        j.metadata.owner_references = owners;
        j.status = Default::default();
        if j.spec.manual_selector != Some(true) {
            let uid = j.metadata.uid.clone();
            let labels = &mut j.spec.template.metadata.labels;
            labels.insert(LABEL_CONTROLLER_UID.into(), uid.clone());
            labels.insert(LABEL_JOB_NAME.into(), j.metadata.name.clone());
            labels.insert(LEGACY_LABEL_CONTROLLER_UID.into(), uid.clone());
            labels.insert(LEGACY_LABEL_JOB_NAME.into(), j.metadata.name.clone());
            j.spec.selector = super::meta::LabelSelector::default();
            j.spec.selector.match_labels.insert(LABEL_CONTROLLER_UID.into(), uid);
        }
        let key = Key::of(&j.metadata);
        self.store.jobs.insert(key.clone(), j);
        key
    }

    fn allocate_cluster_ip(&self, ctx: &mut Ctx) -> String {
        loop {
            // 10.96.0.0/16, avoiding .0.0, .0.1 (the API server) and .0.10 (cluster DNS).
            let n = ctx.rng.between(11, 65_534);
            let ip = format!("10.96.{}.{}", n / 256, n % 256);
            if !n.is_multiple_of(256) && !self.store.services.values().any(|s| s.spec.cluster_ip == ip) {
                return ip;
            }
        }
    }

    fn allocate_node_port(&self, ctx: &mut Ctx) -> i64 {
        loop {
            let p = ctx.rng.between(30_000, 32_767) as i64;
            if !self.store.services.values().flat_map(|s| &s.spec.ports).any(|sp| sp.node_port == Some(p)) {
                return p;
            }
        }
    }

    pub(crate) fn create_namespace(&mut self, name: &str, ctx: &mut Ctx) -> Result<Vec<Change>, ApiError> {
        if self.store.has_namespace(name) {
            return Err(ApiError::AlreadyExists { resource: Resource::Namespace, name: name.into() });
        }
        if !validation::is_dns1123_label(name) {
            return Err(ApiError::Invalid {
                kind: "Namespace".into(),
                name: name.into(),
                causes: vec![validation::FieldError {
                    path: "metadata.name".into(),
                    detail: format!("Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
                }],
            });
        }
        let mut ns = new_namespace(name);
        ns.metadata.uid = ctx.rng.uid();
        ns.metadata.creation_timestamp = Some(ctx.now);
        ns.metadata.resource_version = self.store.next_resource_version();
        self.store.namespaces.insert(name.into(), ns);
        Ok(vec![change(Resource::Namespace, "", name, Verb::Created)])
    }

    pub(crate) fn delete(&mut self, resource: Resource, ns: &str, name: &str, ctx: &mut Ctx) -> Result<Vec<Change>, ApiError> {
        let key = Key::new(ns, name);
        let not_found = || ApiError::NotFound { resource, name: name.to_string() };
        let found = |there: bool| if there { Ok(()) } else { Err(not_found()) };
        if resource.namespaced() && !self.store.has_namespace(ns) {
            return Err(ApiError::NotFound { resource: Resource::Namespace, name: ns.to_string() });
        }
        match resource {
            Resource::Pod => {
                self.store.pods.get(&key).ok_or_else(not_found)?;
                self.delete_pod(&key, ctx);
            }
            Resource::Deployment => {
                found(self.store.deployments.delete(&key))?;
            }
            Resource::ReplicaSet => {
                found(self.store.replica_sets.delete(&key))?;
            }
            Resource::DaemonSet => {
                found(self.store.daemon_sets.delete(&key))?;
            }
            Resource::Job => {
                found(self.store.jobs.delete(&key))?;
            }
            Resource::CronJob => {
                found(self.store.cron_jobs.delete(&key))?;
            }
            Resource::ConfigMap => {
                found(self.store.config_maps.delete(&key))?;
            }
            Resource::Secret => {
                found(self.store.secrets.delete(&key))?;
            }
            Resource::Service => {
                found(self.store.services.delete(&key))?;
                self.store.endpoints.delete(&key);
            }
            Resource::Endpoints => {
                found(self.store.endpoints.delete(&key))?;
            }
            Resource::HorizontalPodAutoscaler => {
                found(self.store.hpas.delete(&key))?;
            }
            Resource::Node => {
                found(self.store.nodes.delete(name))?;
                self.machines.delete(name);
                // The pod garbage collector removes pods bound to a node that no longer exists.
                let orphans: Vec<Key> = self.store.pods_on(name).map(|p| Key::of(&p.metadata)).collect();
                for k in orphans {
                    self.remove_pod(&k);
                }
                self.scheduler.cluster_changed();
            }
            Resource::Namespace => {
                if super::store::SYSTEM_NAMESPACES.contains(&name) {
                    return Err(ApiError::Forbidden {
                        resource,
                        name: name.into(),
                        detail: "this namespace may not be deleted".into(),
                    });
                }
                found(self.store.namespaces.delete(name))?;
                // The namespace controller deletes everything in it.
                remove_in_namespace(&mut self.store.deployments, name);
                remove_in_namespace(&mut self.store.replica_sets, name);
                remove_in_namespace(&mut self.store.daemon_sets, name);
                remove_in_namespace(&mut self.store.jobs, name);
                remove_in_namespace(&mut self.store.cron_jobs, name);
                remove_in_namespace(&mut self.store.config_maps, name);
                remove_in_namespace(&mut self.store.secrets, name);
                remove_in_namespace(&mut self.store.services, name);
                remove_in_namespace(&mut self.store.endpoints, name);
                remove_in_namespace(&mut self.store.hpas, name);
                let pods: Vec<Key> = self.store.pods.keys().filter(|k| k.namespace == name).cloned().collect();
                for k in pods {
                    self.remove_pod(&k);
                }
            }
            Resource::Event => return Err(ApiError::BadRequest("events cannot be deleted in the playground".into())),
        }
        Ok(vec![change(resource, ns, name, Verb::Deleted)])
    }

    pub(crate) fn scale(&mut self, resource: Resource, ns: &str, name: &str, replicas: i64) -> Result<Vec<Change>, ApiError> {
        if replicas < 0 {
            return Err(ApiError::Invalid {
                kind: resource.kind().into(),
                name: name.into(),
                causes: vec![validation::FieldError {
                    path: "spec.replicas".into(),
                    detail: format!("Invalid value: {replicas}: must be greater than or equal to 0"),
                }],
            });
        }
        let key = Key::new(ns, name);
        let not_found = || ApiError::NotFound { resource, name: name.to_string() };
        match resource {
            Resource::Deployment => {
                let d = self.store.deployments.get_mut(&key).ok_or_else(not_found)?;
                if d.spec.replicas != replicas {
                    d.spec.replicas = replicas;
                    d.metadata.generation += 1;
                }
            }
            Resource::ReplicaSet => {
                let r = self.store.replica_sets.get_mut(&key).ok_or_else(not_found)?;
                if r.spec.replicas != replicas {
                    r.spec.replicas = replicas;
                    r.metadata.generation += 1;
                }
            }
            _ => {
                return Err(ApiError::BadRequest(format!(
                    "the server could not find the requested resource: {} cannot be scaled",
                    resource.plural()
                )))
            }
        }
        Ok(vec![change(resource, ns, name, Verb::Scaled)])
    }

    pub(crate) fn kill_pod(&mut self, ns: &str, name: &str, ctx: &mut Ctx) -> Result<Vec<Change>, ApiError> {
        let key = Key::new(ns, name);
        if !self.store.pods.contains_key(&key) {
            return Err(ApiError::NotFound { resource: Resource::Pod, name: name.into() });
        }
        self.delete_pod(&key, ctx);
        Ok(vec![change(Resource::Pod, ns, name, Verb::Killed)])
    }

    pub(crate) fn kill_node(&mut self, name: &str, ctx: &mut Ctx) -> Result<Vec<Change>, ApiError> {
        let node = self.store.nodes.get(name).ok_or_else(|| ApiError::NotFound { resource: Resource::Node, name: name.into() })?;
        let m = self.machines.get_mut(name).expect("every node has a machine");
        if !m.alive {
            return Err(ApiError::BadRequest(format!("node {name} is already down")));
        }
        m.alive = false;
        let obj = super::reference("Node", "v1", &node.metadata);
        ctx.event(
            EventType::Warning,
            obj,
            "NodeKilled",
            format!("Node {name} was switched off: its kubelet stopped posting status"),
            "podium",
        );
        Ok(vec![change(Resource::Node, "", name, Verb::Killed)])
    }

    pub(crate) fn bind(&mut self, ns: &str, pod_name: &str, node_name: &str, ctx: &mut Ctx) -> Result<Vec<Change>, ApiError> {
        let key = Key::new(ns, pod_name);
        let pod = self.store.pods.get(&key).ok_or_else(|| ApiError::NotFound { resource: Resource::Pod, name: pod_name.into() })?;
        let node = self.store.nodes.get(node_name).ok_or_else(|| ApiError::NotFound { resource: Resource::Node, name: node_name.into() })?;
        if let Some(on) = pod.node() {
            return Err(ApiError::BadRequest(format!("pod {pod_name} is already assigned to node \"{on}\"")));
        }
        if !pod.is_active() {
            return Err(ApiError::BadRequest(format!("pod {pod_name} is being deleted and cannot be bound")));
        }
        scheduler::check_fit(self, pod, node)
            .map_err(|reasons| ApiError::BindRefused { pod: pod_name.into(), node: node_name.into(), reasons })?;
        let obj = super::reference("Pod", "v1", &pod.metadata);
        let pod = self.store.pods.get_mut(&key).expect("pod");
        pod.spec.node_name = Some(node_name.to_string());
        pod.set_condition("PodScheduled", "True", None, None, ctx.now);
        self.scheduler.forget(&key);
        ctx.event(
            EventType::Normal,
            obj,
            "Scheduled",
            format!("Successfully assigned {ns}/{pod_name} to {node_name} (bound by hand)"),
            "podium",
        );
        Ok(vec![change(Resource::Pod, ns, pod_name, Verb::Bound)])
    }
}

fn merged_ns_labels(meta: &ObjectMeta) -> super::meta::Labels {
    let mut l = meta.labels.clone();
    l.insert("kubernetes.io/metadata.name".into(), meta.name.clone());
    l
}

fn immutable_data(kind: &str, name: &str) -> ApiError {
    ApiError::Invalid {
        kind: kind.into(),
        name: name.into(),
        causes: vec![validation::FieldError {
            path: "data".into(),
            detail: "Forbidden: field is immutable when `immutable` is set".into(),
        }],
    }
}

fn immutable_selector(kind: &str, name: &str, sel: &super::meta::LabelSelector) -> ApiError {
    ApiError::Invalid {
        kind: kind.into(),
        name: name.into(),
        causes: vec![validation::FieldError {
            path: "spec.selector".into(),
            detail: format!("Invalid value: {:?}: field is immutable", sel.to_string_form()),
        }],
    }
}
