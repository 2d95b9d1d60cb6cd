//! What the learner has selected on the board: any object, named by its kind,
//! namespace and name (not a copy of it), so the inspector always shows the
//! object as the engine holds it now and notices when it is gone.

use podium_engine::kube::meta::ObjectReference;
use podium_engine::Resource;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    pub resource: Resource,
    /// Empty for cluster-scoped objects (nodes).
    pub namespace: String,
    pub name: String,
}

impl Selected {
    pub fn new(resource: Resource, namespace: &str, name: &str) -> Self {
        let namespace = if resource.namespaced() { namespace.to_string() } else { String::new() };
        Selected { resource, namespace, name: name.to_string() }
    }

    pub fn node(name: &str) -> Self {
        Selected::new(Resource::Node, "", name)
    }

    /// `pod/web-7d4b9c8f6d-x2k9p`, as kubectl names objects.
    pub fn label(&self) -> String {
        format!("{}/{}", self.resource.kind().to_lowercase(), self.name)
    }

    /// Whether an event's involved object is this one.
    pub fn is(&self, object: &ObjectReference) -> bool {
        object.kind == self.resource.kind()
            && object.name == self.name
            && (!self.resource.namespaced() || object.namespace.is_empty() || object.namespace == self.namespace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_selection_has_no_namespace_and_matches_its_events() {
        let s = Selected::new(Resource::Node, "default", "node-a");
        assert_eq!(s.namespace, "");
        assert_eq!(s.label(), "node/node-a");
        let ev = ObjectReference { kind: "Node".into(), name: "node-a".into(), ..Default::default() };
        assert!(s.is(&ev));
        let other = ObjectReference { kind: "Pod".into(), name: "node-a".into(), ..Default::default() };
        assert!(!s.is(&other));
    }

    #[test]
    fn a_pod_selection_matches_only_its_namespace() {
        let s = Selected::new(Resource::Pod, "shop", "web-1");
        let here = ObjectReference { kind: "Pod".into(), namespace: "shop".into(), name: "web-1".into(), ..Default::default() };
        let there = ObjectReference { namespace: "default".into(), ..here.clone() };
        assert!(s.is(&here));
        assert!(!s.is(&there));
    }
}
