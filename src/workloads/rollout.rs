//! A Deployment's rolling-update budgets, and the slots a rollout may fill: the pods
//! of each ReplicaSet, new and old, against `replicas + maxSurge` pods at most and
//! `replicas − maxUnavailable` available at least (`resolve_fenceposts`, as the
//! Deployment controller resolves them). Pure, so the drawing is tested natively.

use podium_engine::kube::workloads::{resolve_fenceposts, Deployment};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub replicas: i64,
    pub max_surge: i64,
    pub max_unavailable: i64,
}

impl Budget {
    /// `None` for the Recreate strategy (no budgets: old pods go first, then new come).
    pub fn of(d: &Deployment) -> Option<Budget> {
        let ru = d.spec.strategy.rolling_update.as_ref().filter(|_| d.spec.strategy.type_ == "RollingUpdate")?;
        let (s, u) = resolve_fenceposts(&ru.max_surge, &ru.max_unavailable, d.spec.replicas).ok()?;
        Some(Budget { replicas: d.spec.replicas, max_surge: s, max_unavailable: u })
    }

    /// At most this many pods during the rollout.
    pub fn max_pods(&self) -> i64 {
        self.replicas + self.max_surge
    }

    /// At least this many available during the rollout.
    pub fn min_available(&self) -> i64 {
        (self.replicas - self.max_unavailable).max(0)
    }
}

/// What one slot of the strip shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    NewAvailable,
    NewStarting,
    OldAvailable,
    OldStarting,
    Free,
}

impl Slot {
    pub fn class(self) -> &'static str {
        match self {
            Slot::NewAvailable => "slot new available",
            Slot::NewStarting => "slot new starting",
            Slot::OldAvailable => "slot old available",
            Slot::OldStarting => "slot old starting",
            Slot::Free => "slot free",
        }
    }
}

/// Pods of the ReplicaSets as `(pods, available)`: old ones first, then the new one,
/// padded with free slots up to `capacity` (the budget's `max_pods`, or more if the
/// pods overflow it, e.g. right after a scale-down).
pub fn slots(new: (i64, i64), old: (i64, i64), capacity: i64) -> Vec<Slot> {
    let mut v = Vec::new();
    let push = |v: &mut Vec<Slot>, n: i64, s: Slot| v.extend(std::iter::repeat_n(s, n.max(0) as usize));
    push(&mut v, old.1.min(old.0), Slot::OldAvailable);
    push(&mut v, old.0 - old.1.min(old.0), Slot::OldStarting);
    push(&mut v, new.1.min(new.0), Slot::NewAvailable);
    push(&mut v, new.0 - new.1.min(new.0), Slot::NewStarting);
    let free = capacity - v.len() as i64;
    push(&mut v, free, Slot::Free);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_and_slots_halfway_through_a_rollout() {
        // 4 replicas, 25% surge (rounds up to 1) and 25% unavailable (rounds down to 1).
        let b = Budget { replicas: 4, max_surge: 1, max_unavailable: 1 };
        assert_eq!((b.max_pods(), b.min_available()), (5, 3));
        // Old: 2 pods, both available. New: 3 pods, 1 available.
        let s = slots((3, 1), (2, 2), b.max_pods());
        assert_eq!(s, vec![Slot::OldAvailable, Slot::OldAvailable, Slot::NewAvailable, Slot::NewStarting, Slot::NewStarting]);
        // Fewer pods than the budget leaves free slots; more overflows it.
        assert_eq!(slots((1, 1), (0, 0), 3), vec![Slot::NewAvailable, Slot::Free, Slot::Free]);
        assert_eq!(slots((0, 0), (4, 2), 3).len(), 4);
    }

    #[test]
    fn the_deployment_controller_resolves_the_percentages() {
        let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  replicas: 10\n  selector: {matchLabels: {a: b}}\n  strategy:\n    rollingUpdate: {maxSurge: 30%, maxUnavailable: 30%}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: i}]}\n";
        let obj = podium_engine::kube::manifest::decode(yaml).unwrap().remove(0).object;
        let podium_engine::kube::manifest::KubeObject::Deployment(d) = obj else { panic!("a Deployment") };
        // 30% of 10: surge rounds up to 3, unavailable down to 3.
        assert_eq!(Budget::of(&d), Some(Budget { replicas: 10, max_surge: 3, max_unavailable: 3 }));
    }
}
