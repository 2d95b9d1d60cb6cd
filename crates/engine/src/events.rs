//! The event log every controller writes to, for Kubernetes now and ECS later:
//! what happened, to which object, why, and when. Identical events are folded
//! into one with a count, as the client-go event correlator does
//! (`staging/src/k8s.io/client-go/tools/record/events_cache.go`).

use crate::clock::SimTime;
use crate::kube::meta::ObjectReference;
use crate::from_value::FromValue;
use crate::to_json::ToJson;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ToJson, FromValue)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
pub struct Event {
    /// Order of first appearance; ties in time keep this order.
    pub seq: u64,
    pub first_seen: SimTime,
    pub last_seen: SimTime,
    pub count: u32,
    pub type_: EventType,
    pub reason: String,
    pub object: ObjectReference,
    /// The Event object's own namespace: its object's, or `default` for a cluster-scoped
    /// object such as a node (client-go `tools/record/event.go`, `makeEvent`).
    pub namespace: String,
    pub message: String,
    /// The component that reported it (`default-scheduler`, `kubelet`, `replicaset-controller`).
    pub source: String,
    /// The node, for kubelet events.
    pub host: String,
}

/// Where events about cluster-scoped objects (nodes, namespaces) are written.
pub const CLUSTER_EVENTS_NAMESPACE: &str = "default";

/// What identifies "the same event" for folding.
type FoldKey = (ObjectReference, String, String, String);

/// Saved as its events alone; the folding index is rebuilt from them on restore.
#[derive(Clone, Debug, Default, FromValue)]
#[serde(from = "Vec<Event>")]
pub struct EventLog {
    events: Vec<Event>,
    index: BTreeMap<FoldKey, usize>,
}

impl ToJson for EventLog {
    fn write_json(&self, w: &mut crate::to_json::Writer) {
        self.events.write_json(w);
    }
}

/// One event to record; built by controllers.
pub struct NewEvent<'a> {
    pub type_: EventType,
    pub reason: &'a str,
    pub object: ObjectReference,
    pub message: String,
    pub source: &'a str,
    pub host: &'a str,
}

impl From<Vec<Event>> for EventLog {
    fn from(events: Vec<Event>) -> EventLog {
        let index = events
            .iter()
            .enumerate()
            .map(|(i, e)| ((e.object.clone(), e.reason.clone(), e.message.clone(), e.source.clone()), i))
            .collect();
        EventLog { events, index }
    }
}

impl From<EventLog> for Vec<Event> {
    fn from(log: EventLog) -> Vec<Event> {
        log.events
    }
}

impl EventLog {
    pub fn record(&mut self, now: SimTime, e: NewEvent<'_>) {
        let key = (e.object.clone(), e.reason.to_string(), e.message.clone(), e.source.to_string());
        if let Some(&i) = self.index.get(&key) {
            let ev = &mut self.events[i];
            ev.count += 1;
            ev.last_seen = now;
            return;
        }
        self.index.insert(key, self.events.len());
        self.events.push(Event {
            seq: self.events.len() as u64,
            first_seen: now,
            last_seen: now,
            count: 1,
            type_: e.type_,
            reason: e.reason.to_string(),
            namespace: if e.object.namespace.is_empty() { CLUSTER_EVENTS_NAMESPACE.to_string() } else { e.object.namespace.clone() },
            object: e.object,
            message: e.message,
            source: e.source.to_string(),
            host: e.host.to_string(),
        });
    }

    /// Every event in the order first recorded.
    pub fn all(&self) -> &[Event] {
        &self.events
    }

    /// Events oldest first by last appearance, as `kubectl get events` lists them.
    pub fn by_last_seen(&self) -> Vec<&Event> {
        let mut v: Vec<&Event> = self.events.iter().collect();
        crate::sorting::sort_by_key(&mut v, |e| (e.last_seen, e.seq));
        v
    }

    /// Events about one object, oldest first.
    pub fn about<'a>(&'a self, kind: &'a str, namespace: &'a str, name: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events
            .iter()
            .filter(move |e| e.object.kind == kind && e.object.namespace == namespace && e.object.name == name)
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(msg: &str) -> NewEvent<'static> {
        NewEvent {
            type_: EventType::Warning,
            reason: "FailedScheduling",
            object: ObjectReference { kind: "Pod".into(), namespace: "default".into(), name: "p".into(), ..Default::default() },
            message: msg.into(),
            source: "default-scheduler",
            host: "",
        }
    }

    #[test]
    fn identical_events_fold_into_a_count() {
        let mut log = EventLog::default();
        log.record(SimTime(1), ev("0/1 nodes are available: 1 Insufficient cpu."));
        log.record(SimTime(9), ev("0/1 nodes are available: 1 Insufficient cpu."));
        log.record(SimTime(10), ev("0/2 nodes are available: 2 Insufficient cpu."));
        assert_eq!(log.len(), 2);
        assert_eq!(log.all()[0].count, 2);
        assert_eq!(log.all()[0].first_seen, SimTime(1));
        assert_eq!(log.all()[0].last_seen, SimTime(9));
        assert_eq!(log.about("Pod", "default", "p").count(), 2);
    }

    #[test]
    fn events_live_in_their_objects_namespace_and_cluster_ones_in_default() {
        let mut log = EventLog::default();
        let mut shop = ev("x");
        shop.object.namespace = "shop".into();
        log.record(SimTime(1), shop);
        let node = ObjectReference { kind: "Node".into(), name: "node-a".into(), ..Default::default() };
        log.record(SimTime(2), NewEvent { type_: EventType::Normal, reason: "NodeReady", object: node, message: "m".into(), source: "kubelet", host: "node-a" });
        let namespaces: Vec<&str> = log.all().iter().map(|e| e.namespace.as_str()).collect();
        assert_eq!(namespaces, ["shop", "default"]);
    }
}
