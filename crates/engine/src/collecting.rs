//! Building a `BTreeMap` or `BTreeSet` from an iterator without its `FromIterator`.
//!
//! Why: `collect()` into a B-tree sorts the items first (a stable sort, then a bulk build),
//! and that sort is compiled anew for every item type, 4–5 KB of wasm each. Inserting one
//! at a time gives the same map (the last value of a repeated key wins, as with `collect`)
//! and uses only the tree's `insert`, which the other maps of the same layout share.

use std::collections::{BTreeMap, BTreeSet};

/// As `iter.collect::<BTreeMap<K, V>>()`.
pub fn map_from<K: Ord, V>(iter: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in iter {
        map.insert(k, v);
    }
    map
}

/// As `iter.collect::<BTreeSet<T>>()`.
pub fn set_from<T: Ord>(iter: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for t in iter {
        set.insert(t);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_collect_with_repeated_keys() {
        let items = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        assert_eq!(map_from(items), items.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(map_from(items), BTreeMap::from([("a", 5), ("b", 3), ("c", 4)]));
        assert_eq!(set_from(items.map(|(k, _)| k)), BTreeSet::from(["a", "b", "c"]));
    }
}
