//! One view over every kind kubectl can read from the store: lookup by name,
//! listing by namespace and selector, and the API's JSON shape of each object
//! (with `apiVersion` and `kind`, which the engine's types leave out).

use podium_engine::boxed_map::BoxedMap;
use podium_engine::clock::SimTime;
use podium_engine::events::Event;
use podium_engine::kube::batch::{CronJob, Job};
use podium_engine::kube::config::{ConfigMap, Secret};
use podium_engine::kube::hpa::HorizontalPodAutoscaler;
use podium_engine::kube::meta::{Labels, ObjectMeta};
use podium_engine::kube::node::Node;
use podium_engine::kube::pod::Pod;
use podium_engine::kube::selector::Selector;
use podium_engine::kube::service::{Endpoints, Namespace, Service};
use podium_engine::kube::workloads::{DaemonSet, Deployment, ReplicaSet};
use podium_engine::kube::Key;
use podium_engine::{Resource, Sim};
use serde_json::{Map, Value};

/// Events of cluster-scoped objects (nodes) are stored in this namespace, as in real
/// clusters; the engine gives each event its namespace (`Event::namespace`).
pub use podium_engine::events::CLUSTER_EVENTS_NAMESPACE;

#[derive(Clone, Copy, Debug)]
pub enum Obj<'a> {
    Namespace(&'a Namespace),
    Node(&'a Node),
    Pod(&'a Pod),
    ReplicaSet(&'a ReplicaSet),
    Deployment(&'a Deployment),
    DaemonSet(&'a DaemonSet),
    Job(&'a Job),
    CronJob(&'a CronJob),
    ConfigMap(&'a ConfigMap),
    Secret(&'a Secret),
    Service(&'a Service),
    Endpoints(&'a Endpoints),
    Event(&'a Event),
    Hpa(&'a HorizontalPodAutoscaler),
}

static NO_LABELS: Labels = Labels::new();

impl<'a> Obj<'a> {
    pub fn resource(&self) -> Resource {
        match self {
            Obj::Namespace(_) => Resource::Namespace,
            Obj::Node(_) => Resource::Node,
            Obj::Pod(_) => Resource::Pod,
            Obj::ReplicaSet(_) => Resource::ReplicaSet,
            Obj::Deployment(_) => Resource::Deployment,
            Obj::DaemonSet(_) => Resource::DaemonSet,
            Obj::Job(_) => Resource::Job,
            Obj::CronJob(_) => Resource::CronJob,
            Obj::ConfigMap(_) => Resource::ConfigMap,
            Obj::Secret(_) => Resource::Secret,
            Obj::Service(_) => Resource::Service,
            Obj::Endpoints(_) => Resource::Endpoints,
            Obj::Event(_) => Resource::Event,
            Obj::Hpa(_) => Resource::HorizontalPodAutoscaler,
        }
    }

    pub fn meta(&self) -> Option<&'a ObjectMeta> {
        Some(match self {
            Obj::Namespace(o) => &o.metadata,
            Obj::Node(o) => &o.metadata,
            Obj::Pod(o) => &o.metadata,
            Obj::ReplicaSet(o) => &o.metadata,
            Obj::Deployment(o) => &o.metadata,
            Obj::DaemonSet(o) => &o.metadata,
            Obj::Job(o) => &o.metadata,
            Obj::CronJob(o) => &o.metadata,
            Obj::ConfigMap(o) => &o.metadata,
            Obj::Secret(o) => &o.metadata,
            Obj::Service(o) => &o.metadata,
            Obj::Endpoints(o) => &o.metadata,
            Obj::Hpa(o) => &o.metadata,
            Obj::Event(_) => return None,
        })
    }

    pub fn name(&self) -> String {
        match self {
            Obj::Event(e) => event_name(e),
            o => o.meta().map(|m| m.name.clone()).unwrap_or_default(),
        }
    }

    pub fn namespace(&self) -> String {
        match self {
            Obj::Event(e) => event_namespace(e).to_string(),
            o => o.meta().map(|m| m.ns().to_string()).unwrap_or_default(),
        }
    }

    pub fn labels(&self) -> &'a Labels {
        self.meta().map_or(&NO_LABELS, |m| &m.labels)
    }

    pub fn created(&self) -> Option<SimTime> {
        match self {
            Obj::Event(e) => Some(e.first_seen),
            o => o.meta().and_then(|m| m.creation_timestamp),
        }
    }

    /// `deployment.apps/web`, as `-o name` prints it.
    pub fn qualified_name(&self) -> String {
        format!("{}/{}", self.resource().singular_qualified(), self.name())
    }

    /// The object as the API returns it: `apiVersion`, `kind`, then its fields.
    pub fn to_json(&self) -> Value {
        let r = self.resource();
        let body = match self {
            Obj::Namespace(o) => fields(o),
            Obj::Node(o) => fields(o),
            Obj::Pod(o) => fields(o),
            Obj::ReplicaSet(o) => fields(o),
            Obj::Deployment(o) => fields(o),
            Obj::DaemonSet(o) => fields(o),
            Obj::Job(o) => fields(o),
            Obj::CronJob(o) => fields(o),
            Obj::ConfigMap(o) => fields(o),
            Obj::Secret(o) => fields(o),
            Obj::Service(o) => fields(o),
            Obj::Endpoints(o) => fields(o),
            Obj::Hpa(o) => fields(o),
            Obj::Event(e) => event_json(e),
        };
        let mut out = Map::new();
        out.insert("apiVersion".into(), Value::String(r.api_version().into()));
        out.insert("kind".into(), Value::String(r.kind().into()));
        if let Value::Object(fields) = body {
            for (k, v) in fields {
                out.insert(k, v);
            }
        }
        // A Service's `status.loadBalancer` is an empty object in the API, never null.
        if let Some(lb) = out
            .get_mut("status")
            .and_then(|s| s.get_mut("loadBalancer"))
        {
            if lb.is_null() {
                *lb = Value::Object(Map::new());
            }
        }
        drop_empty_names(&mut out);
        sort_keys(Value::Object(out))
    }
}

/// Pod templates' metadata carry no name in the API; the engine's type writes `""`.
fn drop_empty_names(m: &mut Map<String, Value>) {
    if let Some(Value::Object(meta)) = m.get_mut("metadata") {
        if meta.get("name").is_some_and(|n| n.as_str() == Some("")) {
            meta.remove("name");
        }
    }
    for v in m.values_mut() {
        if let Value::Object(child) = v {
            drop_empty_names(child);
        }
    }
}

/// Orders every object's keys alphabetically, as kubectl's printers emit them
/// (they go through unstructured maps); `apiVersion`, `kind`, `metadata`,
/// `spec`, `status` come out in that order.
pub fn sort_keys(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut pairs: Vec<(String, Value)> = m.into_iter().collect();
            podium_engine::sorting::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
            Value::Object(pairs.into_iter().map(|(k, v)| (k, sort_keys(v))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(sort_keys).collect()),
        v => v,
    }
}

pub fn event_namespace(e: &Event) -> &str {
    &e.namespace
}

/// `web-7d4b9c8f6d-x2k9p.1812a0b3c4d5e6f7`: the involved object's name and a
/// hexadecimal stamp, like the names the event recorder gives.
pub fn event_name(e: &Event) -> String {
    let nanos =
        (podium_engine::clock::EPOCH_UNIX_SECONDS + e.first_seen.secs()) * 1_000_000_000 + e.seq;
    format!("{}.{:x}", e.object.name, nanos)
}

/// An object's fields as JSON, read back from its JSON text rather than built with
/// `serde_json::to_value`: the text writer (`to_json`, derived per type) is the one the state hash
/// and saved states already use and the text is parsed by the saved states' reader, so the page
/// carries one writer per object type instead of two (`to_value` cost 48 KB of raw wasm, 16 KB gzipped).
fn fields<T: podium_engine::to_json::ToJson>(o: &T) -> Value {
    value_of_text(&podium_engine::to_json::to_string(o))
}

// Apart from `fields` and not inlined, so the reading back is compiled once, not once per kind.
#[inline(never)]
fn value_of_text(text: &str) -> Value {
    serde_json::from_str::<serde_norway::Value>(text).map(json_of_yaml).unwrap_or(Value::Null)
}

/// A YAML value read from JSON text back as a JSON value (numbers keep their kind: whole
/// numbers stay integers, others stay floats, as `to_value` gives them).
fn json_of_yaml(v: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into(),
            (None, Some(i)) => i.into(),
            _ => n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number),
        },
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(json_of_yaml).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (k.as_str().map(str::to_string).unwrap_or_default(), json_of_yaml(v)))
                .collect(),
        ),
        Y::Tagged(t) => json_of_yaml(t.value),
    }
}

fn event_json(e: &Event) -> Value {
    let mut involved = fields(&e.object);
    if let Value::Object(m) = &mut involved {
        m.retain(|_, v| !v.as_str().is_some_and(str::is_empty));
    }
    let mut source = Map::new();
    source.insert("component".into(), e.source.clone().into());
    if !e.host.is_empty() {
        source.insert("host".into(), e.host.clone().into());
    }
    // Built by hand, not with `json!`, whose interpolated values go through `serde_json::to_value`
    // (a serializer into `Value` the page would carry for this alone).
    object(vec![
        (
            "metadata",
            object(vec![
                ("name", event_name(e).into()),
                ("namespace", event_namespace(e).into()),
                ("creationTimestamp", e.first_seen.rfc3339().into()),
            ]),
        ),
        ("involvedObject", involved),
        ("reason", e.reason.clone().into()),
        ("message", e.message.clone().into()),
        ("source", Value::Object(source)),
        ("firstTimestamp", e.first_seen.rfc3339().into()),
        ("lastTimestamp", e.last_seen.rfc3339().into()),
        ("count", e.count.into()),
        ("type", e.type_.as_str().into()),
        ("reportingComponent", e.source.clone().into()),
        ("reportingInstance", e.host.clone().into()),
    ])
}

/// A JSON object with these members, in this order.
pub(crate) fn object(members: Vec<(&str, Value)>) -> Value {
    Value::Object(members.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// One object by name; `namespace` is ignored for cluster-scoped kinds.
pub fn find<'a>(sim: &'a Sim, r: Resource, namespace: &str, name: &str) -> Option<Obj<'a>> {
    let s = &sim.kube().store;
    let key = Key::new(namespace, name);
    match r {
        Resource::Namespace => s.namespaces.get(name).map(Obj::Namespace),
        Resource::Node => s.nodes.get(name).map(Obj::Node),
        Resource::Pod => s.pods.get(&key).map(Obj::Pod),
        Resource::ReplicaSet => s.replica_sets.get(&key).map(Obj::ReplicaSet),
        Resource::Deployment => s.deployments.get(&key).map(Obj::Deployment),
        Resource::DaemonSet => s.daemon_sets.get(&key).map(Obj::DaemonSet),
        Resource::Job => s.jobs.get(&key).map(Obj::Job),
        Resource::CronJob => s.cron_jobs.get(&key).map(Obj::CronJob),
        Resource::ConfigMap => s.config_maps.get(&key).map(Obj::ConfigMap),
        Resource::Secret => s.secrets.get(&key).map(Obj::Secret),
        Resource::Service => s.services.get(&key).map(Obj::Service),
        Resource::Endpoints => s.endpoints.get(&key).map(Obj::Endpoints),
        Resource::HorizontalPodAutoscaler => s.hpas.get(&key).map(Obj::Hpa),
        Resource::Event => sim
            .events()
            .all()
            .iter()
            .find(|e| event_namespace(e) == namespace && event_name(e) == name)
            .map(Obj::Event),
    }
}

/// Every object of a kind in `namespace` (all namespaces when None), in the
/// order the API lists them (namespace, then name; events oldest first).
pub fn list<'a>(
    sim: &'a Sim,
    r: Resource,
    namespace: Option<&str>,
    selector: &Selector,
) -> Vec<Obj<'a>> {
    let s = &sim.kube().store;
    let mut out: Vec<Obj<'a>> = match r {
        Resource::Namespace => all(&s.namespaces, Obj::Namespace),
        Resource::Node => all(&s.nodes, Obj::Node),
        Resource::Pod => in_namespace(&s.pods, namespace, Obj::Pod),
        Resource::ReplicaSet => in_namespace(&s.replica_sets, namespace, Obj::ReplicaSet),
        Resource::Deployment => in_namespace(&s.deployments, namespace, Obj::Deployment),
        Resource::DaemonSet => in_namespace(&s.daemon_sets, namespace, Obj::DaemonSet),
        Resource::Job => in_namespace(&s.jobs, namespace, Obj::Job),
        Resource::CronJob => in_namespace(&s.cron_jobs, namespace, Obj::CronJob),
        Resource::ConfigMap => in_namespace(&s.config_maps, namespace, Obj::ConfigMap),
        Resource::Secret => in_namespace(&s.secrets, namespace, Obj::Secret),
        Resource::Service => in_namespace(&s.services, namespace, Obj::Service),
        Resource::Endpoints => in_namespace(&s.endpoints, namespace, Obj::Endpoints),
        Resource::HorizontalPodAutoscaler => in_namespace(&s.hpas, namespace, Obj::Hpa),
        Resource::Event => sim
            .events()
            .by_last_seen()
            .into_iter()
            .filter(|e| namespace.is_none_or(|n| event_namespace(e) == n))
            .map(Obj::Event)
            .collect(),
    };
    out.retain(|o| selector.matches(o.labels()));
    out
}

// The two helpers below take the variant as a plain `fn` and are not inlined: their code is
// then the same for every object type and the page keeps one copy of each (a `filter`/`map`/
// `collect` chain per kind compiled a dozen copies).
#[inline(never)]
fn in_namespace<'a, V>(map: &'a BoxedMap<Key, V>, namespace: Option<&str>, wrap: fn(&'a V) -> Obj<'a>) -> Vec<Obj<'a>> {
    let mut out = Vec::new();
    for (k, o) in map {
        if namespace.is_none_or(|n| k.namespace == n) {
            out.push(wrap(o));
        }
    }
    out
}

#[inline(never)]
fn all<'a, V>(map: &'a BoxedMap<String, V>, wrap: fn(&'a V) -> Obj<'a>) -> Vec<Obj<'a>> {
    let mut out = Vec::new();
    for o in map.values() {
        out.push(wrap(o));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use podium_engine::samples::WEB_APP;
    use podium_engine::NodeConfig;

    /// What serde_json makes of an object's text, and what `fields` makes of it.
    fn both(o: Obj) -> (Value, Value) {
        fn pair<T: podium_engine::to_json::ToJson>(o: &T) -> (Value, Value) {
            (serde_json::from_str(&podium_engine::to_json::to_string(o)).unwrap(), fields(o))
        }
        match o {
            Obj::Namespace(o) => pair(o),
            Obj::Node(o) => pair(o),
            Obj::Pod(o) => pair(o),
            Obj::ReplicaSet(o) => pair(o),
            Obj::Deployment(o) => pair(o),
            Obj::DaemonSet(o) => pair(o),
            Obj::Job(o) => pair(o),
            Obj::CronJob(o) => pair(o),
            Obj::ConfigMap(o) => pair(o),
            Obj::Secret(o) => pair(o),
            Obj::Service(o) => pair(o),
            Obj::Endpoints(o) => pair(o),
            Obj::Hpa(o) => pair(o),
            Obj::Event(e) => pair(&e.object),
        }
    }

    #[test]
    fn fields_read_back_from_text_equal_to_serde_json_values() {
        let mut sim = Sim::with_nodes(1, &[NodeConfig::new("node-a", "4", "8Gi").unwrap()]).unwrap();
        assert!(crate::apply(&mut sim, WEB_APP, None).success);
        assert!(crate::run(&mut sim, "kubectl autoscale deployment web --cpu-percent=50 --min=2 --max=10").success);
        sim.advance(40);
        let mut seen = 0;
        for r in Resource::ALL {
            for o in list(&sim, r, None, &Selector::default()) {
                let (expected, got) = both(o);
                assert_eq!(got, expected);
                seen += 1;
            }
        }
        assert!(seen > 20, "{seen}");
        // Numbers keep their kind: integers, negative integers and floats.
        let numbers = "[7,-3,1.0,2.5]";
        assert_eq!(value_of_text(numbers), serde_json::from_str::<Value>(numbers).unwrap());
        assert!(value_of_text(numbers)[2].is_f64());
    }
}
