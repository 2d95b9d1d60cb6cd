//! Who owns a pod, for the card's owner chip: the Deployment above its
//! ReplicaSet when there is one, else the ReplicaSet, else nothing (a bare pod).
//! Each owner gets a colour by its place among the board's owners.

use podium_engine::kube::pod::Pod;
use podium_engine::kube::{Key, Kube};

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

/// Every owner of a pod on the board, in a fixed order (sorted, without repeats), for colour
/// indexes. A sorted `Vec` rather than a `BTreeSet`: the engine's one compiled sort instead of
/// a B-tree compiled for this type alone.
pub fn palette(kube: &Kube) -> Vec<Owner> {
    let mut owners: Vec<Owner> = kube.store.deployments.values().map(|d| Owner { kind: "Deployment".into(), name: d.metadata.name.clone() }).collect();
    owners.extend(kube.store.pods.values().filter_map(|p| owner_of(kube, p)));
    // Pods of one owner sit together in the store (by name): most repeats go before sorting.
    owners.dedup();
    podium_engine::sorting::sort(&mut owners);
    owners.dedup();
    owners
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_is_every_owner_once_in_order() {
        let mut sim = crate::starter::sim();
        for _ in 0..5 {
            sim.tick();
        }
        let kube = sim.kube();
        assert!(kube.store.pods.values().filter(|p| owner_of(kube, p).is_some()).count() > 2, "pods with owners to repeat");
        let mut expected: Vec<Owner> = kube.store.deployments.values().map(|d| Owner { kind: "Deployment".into(), name: d.metadata.name.clone() }).collect();
        expected.extend(kube.store.pods.values().filter_map(|p| owner_of(kube, p)));
        let expected: Vec<Owner> = expected.into_iter().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        let got = palette(kube);
        assert!(got.len() >= 2, "the starter cluster has pods of several owners: {got:?}");
        assert_eq!(got, expected);
        // A pod's colour is its owner's place in the palette.
        assert_eq!(colour_class(&got, Some(&got[1])), "owner-1");
        assert_eq!(colour_class(&got, None), "owner-none");
    }
}
