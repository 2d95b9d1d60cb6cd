//! The API side of kubectl's rollout verbs on Deployments: `set image`, `rollout
//! undo`, `pause`, `resume` and `restart`. Each only changes the Deployment's
//! spec; the Deployment controller carries the rollout out
//! (`staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go`,
//! `objectpauser.go`, `objectresumer.go`, `objectrestarter.go`, `cmd/set/set_image.go`).

use super::controllers::deployment::{owned_rs, revision};
use super::names::POD_TEMPLATE_HASH_LABEL;
use super::workloads::{Deployment, ReplicaSet};
use super::{Ctx, Key, Kube};
use crate::action::{ApiError, Change, Resource, Verb};

/// The template annotation `kubectl rollout restart` sets.
pub const RESTARTED_AT_ANNOTATION: &str = "kubectl.kubernetes.io/restartedAt";

fn change(namespace: &str, name: &str, verb: Verb) -> Change {
    Change { resource: Resource::Deployment, namespace: namespace.to_string(), name: name.to_string(), verb }
}

fn not_found(name: &str) -> ApiError {
    ApiError::NotFound { resource: Resource::Deployment, name: name.to_string() }
}

/// `deploymentRevision` (rollback.go): the ReplicaSet of `to_revision`, or for 0 the
/// one before the newest. The error texts are kubectl's.
pub fn revision_rs<'a>(kube: &'a Kube, d: &Deployment, to_revision: i64) -> Result<&'a ReplicaSet, String> {
    if to_revision < 0 {
        return Err(format!("unable to find specified revision {to_revision} in history"));
    }
    let mut rss: Vec<&ReplicaSet> = owned_rs(kube, d).iter().map(|k| &kube.store.replica_sets[k]).collect();
    if to_revision > 0 {
        return rss
            .into_iter()
            .find(|rs| revision(rs) == to_revision)
            .ok_or_else(|| format!("unable to find specified revision {to_revision} in history"));
    }
    rss.retain(|rs| revision(rs) > 0);
    crate::sorting::sort_by_key(&mut rss, |rs| std::cmp::Reverse(revision(rs)));
    rss.get(1).copied().ok_or_else(|| format!("no rollout history found for deployment {:?}", d.metadata.name))
}

/// The ReplicaSet's pod template without its `pod-template-hash` label.
pub fn template_without_hash(rs: &ReplicaSet) -> super::workloads::PodTemplateSpec {
    let mut t = rs.spec.template.clone();
    t.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
    t
}

impl Kube {
    fn deployment_mut(&mut self, ns: &str, name: &str) -> Result<&mut Deployment, ApiError> {
        self.store.deployments.get_mut(&Key::new(ns, name)).ok_or_else(|| not_found(name))
    }

    pub(crate) fn set_image(&mut self, ns: &str, name: &str, images: &[(String, String)]) -> Result<Vec<Change>, ApiError> {
        let d = self.deployment_mut(ns, name)?;
        let before = d.spec.template.clone();
        for (container, image) in images {
            if image.is_empty() {
                return Err(ApiError::BadRequest(format!("invalid image for container {container:?}: the image is empty")));
            }
            let mut found = false;
            for c in &mut d.spec.template.spec.containers {
                if container == "*" || &c.name == container {
                    c.image = image.clone();
                    found = true;
                }
            }
            if !found {
                return Err(ApiError::BadRequest(format!("unable to find container named {container:?}")));
            }
        }
        if d.spec.template == before {
            return Ok(vec![change(ns, name, Verb::Unchanged)]);
        }
        d.metadata.generation += 1;
        Ok(vec![change(ns, name, Verb::ImageUpdated)])
    }

    /// `rollout undo`: the template of the chosen revision's ReplicaSet becomes the
    /// Deployment's; the controller then gives that ReplicaSet the next revision.
    pub(crate) fn rollout_undo(&mut self, ns: &str, name: &str, to_revision: i64) -> Result<Vec<Change>, ApiError> {
        let d = self.store.deployments.get(&Key::new(ns, name)).ok_or_else(|| not_found(name))?;
        if d.spec.paused {
            return Err(ApiError::BadRequest(
                "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".into(),
            ));
        }
        let rs = revision_rs(self, d, to_revision).map_err(ApiError::BadRequest)?;
        let template = template_without_hash(rs);
        if template == d.spec.template {
            return Ok(vec![change(ns, name, Verb::Unchanged)]);
        }
        let d = self.deployment_mut(ns, name)?;
        d.spec.template = template;
        d.metadata.generation += 1;
        Ok(vec![change(ns, name, Verb::RolledBack)])
    }

    pub(crate) fn set_paused(&mut self, ns: &str, name: &str, paused: bool) -> Result<Vec<Change>, ApiError> {
        let d = self.deployment_mut(ns, name)?;
        if d.spec.paused == paused {
            let what = if paused { "is already paused" } else { "is not paused" };
            return Err(ApiError::BadRequest(format!("{} {name:?} {what}", Resource::Deployment.qualified())));
        }
        d.spec.paused = paused;
        d.metadata.generation += 1;
        Ok(vec![change(ns, name, if paused { Verb::Paused } else { Verb::Resumed })])
    }

    pub(crate) fn rollout_restart(&mut self, ns: &str, name: &str, ctx: &mut Ctx) -> Result<Vec<Change>, ApiError> {
        let d = self.deployment_mut(ns, name)?;
        if d.spec.paused {
            return Err(ApiError::BadRequest(format!(
                "{} {name:?} can't restart paused deployment (run rollout resume first)",
                Resource::Deployment.qualified()
            )));
        }
        let at = ctx.now.rfc3339();
        if d.spec.template.metadata.annotations.get(RESTARTED_AT_ANNOTATION) == Some(&at) {
            // Twice in the same second: the same patch, nothing changes (as upstream).
            return Ok(vec![change(ns, name, Verb::Restarted)]);
        }
        d.spec.template.metadata.annotations.insert(RESTARTED_AT_ANNOTATION.into(), at);
        d.metadata.generation += 1;
        Ok(vec![change(ns, name, Verb::Restarted)])
    }
}
