//! Who owns a pod, for the card's owner chip: the Deployment above its
//! ReplicaSet when there is one, else the ReplicaSet, else nothing (a bare pod).
//! Each owner gets a colour by its place among the board's owners.

use podium_engine::kube::pod::Pod;
use podium_engine::kube::{Key, Kube};
use std::cell::Cell;

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

/// An owner as `(kind, name)`, borrowed from the store.
pub type OwnerRef<'a> = (&'a str, &'a str);

/// The controller of every ReplicaSet that has one, by `(namespace, name)`: `owner_of` for every
/// pod of a render without a lookup key (two strings) and an `Owner` (two more) per pod.
pub struct Owners<'a> {
    /// Sorted by `(namespace, name)`, as the store keeps ReplicaSets.
    above: Vec<((&'a str, &'a str), OwnerRef<'a>)>,
}

impl<'a> Owners<'a> {
    pub fn of(kube: &'a Kube) -> Owners<'a> {
        let above = kube
            .store
            .replica_sets
            .iter()
            .filter_map(|(k, rs)| rs.metadata.controller().map(|c| ((k.namespace.as_str(), k.name.as_str()), (c.kind.as_str(), c.name.as_str()))))
            .collect();
        Owners { above }
    }

    /// `owner_of`, borrowed.
    pub fn of_pod(&self, pod: &'a Pod) -> Option<OwnerRef<'a>> {
        let direct = pod.metadata.controller()?;
        if direct.kind == "ReplicaSet" {
            let rs = (pod.metadata.ns(), direct.name.as_str());
            if let Ok(i) = self.above.binary_search_by(|(k, _)| k.cmp(&rs)) {
                return Some(self.above[i].1);
            }
        }
        Some((direct.kind.as_str(), direct.name.as_str()))
    }
}

/// Whether an owner is this one.
pub fn same(owner: Option<&Owner>, other: Option<OwnerRef>) -> bool {
    owner.map(|o| (o.kind.as_str(), o.name.as_str())) == other
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
    colour_of(palette, owner.map(|o| (o.kind.as_str(), o.name.as_str()))).to_string()
}

const CLASSES: [&str; PALETTE] = ["owner-0", "owner-1", "owner-2", "owner-3", "owner-4", "owner-5"];

thread_local! {
    /// The place `colour_of` found last: pods of one owner sit together in the store, so the
    /// next pod's owner is most often there (checked, so any palette may be asked).
    static LAST_PLACE: Cell<usize> = const { Cell::new(0) };
}

/// `colour_class` of a borrowed owner, without making a string.
pub fn colour_of(palette: &[Owner], owner: Option<OwnerRef>) -> &'static str {
    let Some((kind, name)) = owner else { return "owner-none" };
    let last = LAST_PLACE.with(|l| l.get());
    let place = match palette.get(last) {
        Some(o) if o.name == name && o.kind == kind => Some(last),
        _ => palette.binary_search_by(|o| (o.kind.as_str(), o.name.as_str()).cmp(&(kind, name))).ok(),
    };
    match place {
        Some(i) => {
            LAST_PLACE.with(|l| l.set(i));
            CLASSES[i % PALETTE]
        }
        None => "owner-none",
    }
}

/// Keeps `cached` equal to `palette(kube)`, rebuilding it only when an owner came or went: every
/// render asks, and the owners of 500 pods rarely change between two.
pub fn refresh_palette(kube: &Kube, owners: &Owners, cached: &mut Vec<Owner>) {
    let mut seen = vec![false; cached.len()];
    let find = |(kind, name): OwnerRef| cached.binary_search_by(|o| (o.kind.as_str(), o.name.as_str()).cmp(&(kind, name))).ok();
    let deployments = kube.store.deployments.values().map(|d| Some(("Deployment", d.metadata.name.as_str())));
    let pods = kube.store.pods.values().map(|p| owners.of_pod(p));
    for owner in deployments.chain(pods).flatten() {
        match find(owner) {
            Some(i) => seen[i] = true,
            None => {
                *cached = palette(kube);
                return;
            }
        }
    }
    if seen.contains(&false) {
        *cached = palette(kube);
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

    /// Remembering the last place (`colour_of`) gives the answers of a plain search, and
    /// `Owners::of_pod` those of `owner_of`, whatever order the owners are asked in and whatever
    /// palette: pods of one owner in a row, owners jumping about, absent owners, other palettes.
    #[test]
    fn remembered_lookups_answer_as_plain_searches() {
        let mut sim = podium_engine::samples::uniform_cluster(6, "4", "16Gi");
        sim.act(podium_engine::samples::many_deployments(8, 3)).unwrap();
        sim.advance(3);
        let kube = sim.kube();
        let all = palette(kube);
        let fewer: Vec<Owner> = all.iter().step_by(2).cloned().collect();
        let plain = |p: &[Owner], o: Option<OwnerRef>| match o.and_then(|(k, n)| p.iter().position(|x| x.kind == k && x.name == n)) {
            Some(i) => CLASSES[i % PALETTE],
            None => "owner-none",
        };
        let owners = Owners::of(kube);
        let pods: Vec<&Pod> = kube.store.pods.values().collect();
        assert!(pods.len() >= 24 && all.len() >= 8);
        let mut seed = 3u64;
        for i in 0..2000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            // Mostly the next pod in order, sometimes one anywhere.
            let pod = if seed >> 60 == 0 { pods[(seed >> 33) as usize % pods.len()] } else { pods[i % pods.len()] };
            let owner = owners.of_pod(pod);
            let expected = owner_of(kube, pod);
            assert_eq!(owner, expected.as_ref().map(|o| (o.kind.as_str(), o.name.as_str())));
            let p: &[Owner] = if seed >> 62 == 1 { &fewer } else { &all };
            assert_eq!(colour_of(p, owner), plain(p, owner));
            assert_eq!(colour_of(p, Some(("Deployment", "nobody"))), "owner-none");
        }
    }
}
