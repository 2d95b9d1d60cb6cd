//! Who owns a pod, for the card's owner chip: the Deployment above its
//! ReplicaSet when there is one, else the ReplicaSet, else nothing (a bare pod).
//! Each owner gets a colour by its place among the board's owners.

use podium_engine::kube::pod::Pod;
use podium_engine::kube::{Key, Kube};
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Owner {
    pub kind: String,
    pub name: String,
}

pub fn owner_of(kube: &Kube, pod: &Pod) -> Option<Owner> {
    let direct = pod.metadata.controller()?;
    if direct.kind == "ReplicaSet" {
        let rs = kube.store.replica_sets.get(&Key::new(pod.metadata.ns(), direct.name.clone()));
        if let Some(dep) = rs.and_then(|rs| rs.metadata.controller()) {
            return Some(Owner { kind: dep.kind.clone(), name: dep.name.clone() });
        }
    }
    Some(Owner { kind: direct.kind.clone(), name: direct.name.clone() })
}

/// Number of owner colours in the stylesheet (`.owner-0` … `.owner-5`).
pub const PALETTE: usize = 6;

/// Every owner of a pod on the board, in a fixed order, for colour indexes.
pub fn palette(kube: &Kube) -> Vec<Owner> {
    let mut owners: BTreeSet<Owner> = BTreeSet::new();
    for d in kube.store.deployments.values() {
        owners.insert(Owner { kind: "Deployment".into(), name: d.metadata.name.clone() });
    }
    for p in kube.store.pods.values() {
        if let Some(o) = owner_of(kube, p) {
            owners.insert(o);
        }
    }
    owners.into_iter().collect()
}

/// The colour class for an owner (`owner-none` for bare pods). `palette` is `palette()`'s,
/// sorted and without repeats, so the owner's place is found by halving (every pod asks, on
/// every render: 2,000 pods of 200 owners made a linear search a noticeable part of a beat).
pub fn colour_class(palette: &[Owner], owner: Option<&Owner>) -> String {
    match owner.and_then(|o| palette.binary_search(o).ok()) {
        Some(i) => format!("owner-{}", i % PALETTE),
        None => "owner-none".into(),
    }
}
