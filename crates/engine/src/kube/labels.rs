//! `kubectl label` and `kubectl annotate`: set (`key=value`) and remove (`key-`)
//! labels or annotations on one object, refusing to change an existing value
//! without `--overwrite` (`staging/src/k8s.io/kubectl/pkg/cmd/label/label.go`,
//! `cmd/annotate/annotate.go`). A pod whose new labels leave its ReplicaSet's
//! selector is released by it (its controller reference removed), as the
//! ReplicaSet controller's `ClaimPods` does, and the ReplicaSet replaces it.

use super::meta::ObjectMeta;
use super::{Key, Kube};
use crate::action::{ApiError, Change, Resource, Verb};

const LABEL_VALUE_RULE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_RULE: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

fn name_part_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.ends_with(|c: char| c.is_ascii_alphanumeric())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `IsQualifiedName`: `[prefix/]name`, the prefix a DNS subdomain. The error is the API's detail.
pub fn check_key(key: &str) -> Result<(), String> {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    if let Some(p) = prefix {
        if !super::validation::is_dns1123_subdomain(p) {
            return Err(format!("prefix part {:?} must be a lowercase RFC 1123 subdomain", p));
        }
    }
    if name.len() > 63 {
        return Err("name part must be no more than 63 characters".into());
    }
    if !name_part_ok(name) {
        return Err(NAME_RULE.into());
    }
    Ok(())
}

/// `IsValidLabelValue`.
pub fn check_label_value(value: &str) -> Result<(), String> {
    if value.is_empty() || name_part_ok(value) {
        Ok(())
    } else if value.len() > 63 {
        Err("must be no more than 63 characters".into())
    } else {
        Err(LABEL_VALUE_RULE.into())
    }
}

impl Kube {
    fn meta_mut(&mut self, resource: Resource, ns: &str, name: &str) -> Option<&mut ObjectMeta> {
        let key = Key::new(ns, name);
        Some(match resource {
            Resource::Namespace => &mut self.store.namespaces.get_mut(name)?.metadata,
            Resource::Node => &mut self.store.nodes.get_mut(name)?.metadata,
            Resource::Pod => &mut self.store.pods.get_mut(&key)?.metadata,
            Resource::ReplicaSet => &mut self.store.replica_sets.get_mut(&key)?.metadata,
            Resource::Deployment => &mut self.store.deployments.get_mut(&key)?.metadata,
            Resource::DaemonSet => &mut self.store.daemon_sets.get_mut(&key)?.metadata,
            Resource::Job => &mut self.store.jobs.get_mut(&key)?.metadata,
            Resource::CronJob => &mut self.store.cron_jobs.get_mut(&key)?.metadata,
            Resource::ConfigMap => &mut self.store.config_maps.get_mut(&key)?.metadata,
            Resource::Secret => &mut self.store.secrets.get_mut(&key)?.metadata,
            Resource::Service => &mut self.store.services.get_mut(&key)?.metadata,
            Resource::Endpoints => &mut self.store.endpoints.get_mut(&key)?.metadata,
            Resource::HorizontalPodAutoscaler => &mut self.store.hpas.get_mut(&key)?.metadata,
            Resource::Event => return None,
        })
    }

    /// Sets and removes labels (or, with `annotations`, annotations) of one object.
    /// Returns Configured, or Unchanged when nothing differs.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn label(
        &mut self,
        resource: Resource,
        ns: &str,
        name: &str,
        set: &[(String, String)],
        remove: &[String],
        overwrite: bool,
        annotations: bool,
    ) -> Result<Vec<Change>, ApiError> {
        if resource == Resource::Event {
            return Err(ApiError::BadRequest("events cannot be labeled in the playground".into()));
        }
        for (k, v) in set {
            check_key(k).map_err(|e| ApiError::BadRequest(format!("invalid key {k:?}: {e}")))?;
            if !annotations {
                check_label_value(v).map_err(|e| ApiError::BadRequest(format!("invalid label value: \"{k}={v}\": {e}")))?;
            }
        }
        let meta = self
            .meta_mut(resource, ns, name)
            .ok_or_else(|| ApiError::NotFound { resource, name: name.to_string() })?;
        let map = if annotations { &mut meta.annotations } else { &mut meta.labels };
        if !overwrite {
            let clashes: Vec<String> = set
                .iter()
                .filter_map(|(k, v)| map.get(k).filter(|cur| *cur != v).map(|cur| format!("'{k}' already has a value ({cur})")))
                .collect();
            if !clashes.is_empty() {
                return Err(ApiError::BadRequest(if annotations {
                    format!("--overwrite is false but found the following declared annotation(s): {}", clashes.join("; "))
                } else {
                    clashes.iter().map(|c| format!("{c}, and --overwrite is false")).collect::<Vec<_>>().join(", ")
                }));
            }
        }
        let before = map.clone();
        for (k, v) in set {
            map.insert(k.clone(), v.clone());
        }
        for k in remove {
            map.remove(k);
        }
        let changed = *map != before;
        if changed && !annotations {
            match resource {
                Resource::Node => self.scheduler.cluster_changed(),
                Resource::Pod => self.release_if_unmatched(&Key::new(ns, name)),
                _ => {}
            }
        }
        let verb = if changed { Verb::Configured } else { Verb::Unchanged };
        let namespace = if resource.namespaced() { ns.to_string() } else { String::new() };
        Ok(vec![Change { resource, namespace, name: name.to_string(), verb }])
    }

    /// A pod that no longer matches its ReplicaSet's selector is released (orphaned).
    fn release_if_unmatched(&mut self, key: &Key) {
        let Some(pod) = self.store.pods.get(key) else { return };
        let Some(owner) = pod.metadata.controller() else { return };
        if owner.kind != "ReplicaSet" {
            return;
        }
        let matches = self
            .store
            .replica_sets
            .values()
            .find(|rs| rs.metadata.uid == owner.uid)
            .is_some_and(|rs| rs.spec.selector.matches(&pod.metadata.labels));
        if !matches {
            let pod = self.store.pods.get_mut(key).expect("pod");
            pod.metadata.owner_references.retain(|o| !o.controller);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_follow_the_api_rules() {
        assert!(check_key("app").is_ok());
        assert!(check_key("example.com/tier").is_ok());
        assert!(check_key("-app").is_err());
        assert!(check_key("Bad_Prefix/app").is_err());
        assert!(check_label_value("").is_ok());
        assert!(check_label_value("v1.2_x").is_ok());
        assert_eq!(check_label_value("we b").unwrap_err(), LABEL_VALUE_RULE);
        assert_eq!(check_label_value(&"a".repeat(64)).unwrap_err(), "must be no more than 63 characters");
    }
}
