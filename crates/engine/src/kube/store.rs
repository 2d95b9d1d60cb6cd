//! The object store: what `etcd` holds, in ordered maps so every iteration is
//! in the same order on every run.

use super::meta::ObjectMeta;
use super::batch::{CronJob, Job};
use super::config::{ConfigMap, Secret};
use super::node::Node;
use super::pod::Pod;
use super::service::{Endpoints, Namespace, NamespaceStatus, Service};
use super::hpa::HorizontalPodAutoscaler;
use super::workloads::{DaemonSet, Deployment, ReplicaSet};
use crate::from_value::FromValue;
use crate::to_json::ToJson;
use crate::boxed_map::BoxedMap;

/// Namespace and name: the identity of a namespaced object. Serialized as
/// `namespace/name`, so maps keyed by it stay valid JSON objects.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub namespace: String,
    pub name: String,
}

impl Key {
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Key {
        Key { namespace: namespace.into(), name: name.into() }
    }

    pub fn of(meta: &ObjectMeta) -> Key {
        Key::new(meta.ns(), meta.name.clone())
    }
}

/// As its `Display`: `namespace/name`.
impl ToJson for Key {
    fn write_json(&self, w: &mut crate::to_json::Writer) {
        crate::to_json::MapKey::write_key(self, w);
    }
}

impl crate::to_json::MapKey for Key {
    fn write_key(&self, w: &mut crate::to_json::Writer) {
        w.raw("\"");
        w.string_part(&self.namespace);
        w.raw("/");
        w.string_part(&self.name);
        w.raw("\"");
    }
}

impl FromValue for Key {
    fn from_value(v: crate::from_value::Value, _cx: &mut crate::from_value::Cx) -> Result<Self, crate::from_value::Error> {
        let s = crate::from_value::string(v)?;
        let (ns, name) = s
            .split_once('/')
            .ok_or_else(|| <crate::from_value::Error as crate::from_value::DeError>::custom(format!("expected namespace/name, got {s:?}")))?;
        Ok(Key::new(ns, name))
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

/// The value at `key` in a map walked in key order, for `key`s asked in increasing order: the
/// walk of one map alongside another keyed alike, one comparison per step instead of a
/// lookup from the root per key.
pub fn seek<'m, K: Ord + 'm, V: 'm>(it: &mut std::iter::Peekable<impl Iterator<Item = (&'m K, &'m V)>>, key: &K) -> Option<&'m V> {
    while let Some((k, v)) = it.peek() {
        match (*k).cmp(key) {
            std::cmp::Ordering::Less => {
                it.next();
            }
            std::cmp::Ordering::Equal => return Some(*v),
            std::cmp::Ordering::Greater => return None,
        }
    }
    None
}

/// The namespaces every cluster starts with.
pub const SYSTEM_NAMESPACES: [&str; 4] = ["default", "kube-node-lease", "kube-public", "kube-system"];

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
pub struct Store {
    pub namespaces: BoxedMap<String, Namespace>,
    pub nodes: BoxedMap<String, Node>,
    pub pods: BoxedMap<Key, Pod>,
    pub replica_sets: BoxedMap<Key, ReplicaSet>,
    pub deployments: BoxedMap<Key, Deployment>,
    #[serde(default)]
    pub daemon_sets: BoxedMap<Key, DaemonSet>,
    #[serde(default)]
    pub jobs: BoxedMap<Key, Job>,
    #[serde(default)]
    pub cron_jobs: BoxedMap<Key, CronJob>,
    #[serde(default)]
    pub config_maps: BoxedMap<Key, ConfigMap>,
    #[serde(default)]
    pub secrets: BoxedMap<Key, Secret>,
    pub services: BoxedMap<Key, Service>,
    pub endpoints: BoxedMap<Key, Endpoints>,
    /// Skipped when empty, so the state hash of clusters without HPAs is unchanged.
    #[serde(default, skip_serializing_if = "BoxedMap::is_empty")]
    pub hpas: BoxedMap<Key, HorizontalPodAutoscaler>,
    /// Last `metadata.resourceVersion` handed out.
    pub resource_version: u64,
}

impl Store {
    pub(crate) fn bootstrap(&mut self) {
        for ns in SYSTEM_NAMESPACES {
            self.namespaces.insert(ns.to_string(), new_namespace(ns));
        }
    }

    pub fn next_resource_version(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    pub fn has_namespace(&self, ns: &str) -> bool {
        self.namespaces.contains_key(ns)
    }

    /// Pods bound to `node`, in name order.
    pub fn pods_on<'a>(&'a self, node: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
        self.pods.values().filter(move |p| p.node() == Some(node))
    }
}

pub fn new_namespace(name: &str) -> Namespace {
    Namespace {
        metadata: ObjectMeta {
            name: name.to_string(),
            labels: crate::collecting::map_from([("kubernetes.io/metadata.name".to_string(), name.to_string())]),
            creation_timestamp: Some(crate::clock::SimTime(0)),
            ..Default::default()
        },
        status: NamespaceStatus { phase: "Active".into() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn seek_finds_keys_asked_in_order_walking_once() {
        let map: BTreeMap<u32, &str> = [(2, "b"), (4, "d"), (5, "e"), (9, "i")].into();
        let mut it = map.iter().peekable();
        let asked = [1, 2, 3, 4, 5, 8, 9, 10];
        let found: Vec<Option<&str>> = asked.iter().map(|k| seek(&mut it, k).copied()).collect();
        assert_eq!(found, [None, Some("b"), None, Some("d"), Some("e"), None, Some("i"), None]);
        // The same answers as a lookup from the root for each key.
        assert_eq!(found, asked.iter().map(|k| map.get(k).copied()).collect::<Vec<_>>());
        assert_eq!(it.next(), None, "walked to the end");
    }
}
