//! `BoxedMap`: an ordered map (a `BTreeMap`, same order, same serde shape) whose values
//! live in boxes.
//!
//! Why: a `BTreeMap`'s tree code (search, insert with node splits, remove with rebalancing,
//! drop) is compiled once per key and value type, and with the store's dozen object types
//! that was a large part of the page's wasm. With every value a pointer, the maps with the
//! same key type have the same node layout, so that code comes out identical and wasm-opt
//! keeps one copy. Callers see plain `&V`: only the type names change.
//!
//! Each map also counts the times it was opened for writing (`writes`), so the settle loop can
//! tell which kinds a controller pass may have changed (`kube/wake.rs`). The count is not part of
//! the map's value: it is not compared, saved or hashed.

use crate::from_value::{Cx, Error, FromValue, Value};
use crate::to_json::{ToJson, Writer};
use std::collections::BTreeMap;

#[derive(Clone)]
pub struct BoxedMap<K, V>(BTreeMap<K, Box<V>>, Writes);

/// How many times a map was opened for writing: bumped by every `&mut` method, whether or not
/// the caller then changed anything (so it may overcount, never undercount).
#[derive(Clone, Copy, Default)]
struct Writes(u64);

impl<K, V> Default for BoxedMap<K, V> {
    fn default() -> Self {
        BoxedMap(BTreeMap::new(), Writes(0))
    }
}

impl<K: PartialEq, V: PartialEq> PartialEq for BoxedMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<K: std::fmt::Debug, V: std::fmt::Debug> std::fmt::Debug for BoxedMap<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<K: Ord, V> BoxedMap<K, V> {
    pub fn new() -> Self {
        BoxedMap::default()
    }

    /// The count of writes so far (see `Writes`): unchanged means the map is as it was.
    pub fn writes(&self) -> u64 {
        self.1 .0
    }

    fn opened(&mut self) {
        self.1 .0 += 1;
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.0.get(key).map(|v| &**v)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.opened();
        self.0.get_mut(key).map(|v| &mut **v)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: std::borrow::Borrow<Q>,
    {
        self.0.contains_key(key)
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.opened();
        self.0.insert(key, Box::new(value)).map(|v| *v)
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.opened();
        self.0.remove(key).map(|v| *v)
    }

    /// As `remove`, but the value is dropped where it lies, in its box: moving a large object
    /// out of its box only to drop it compiled a copy of it per object type. True when the key was there.
    pub fn delete<Q: Ord + ?Sized>(&mut self, key: &Q) -> bool
    where
        K: std::borrow::Borrow<Q>,
    {
        self.opened();
        self.0.remove(key).is_some()
    }

    /// Keeps the entries `keep` answers true for. Counts as a write only when one went: the
    /// kubelet and the HPA controller sweep their maps this way on every pass.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &V) -> bool) {
        let before = self.0.len();
        self.0.retain(|k, v| keep(k, v));
        if self.0.len() != before {
            self.opened();
        }
    }

    pub fn iter(&self) -> Iter<'_, K, V> {
        self.0.iter().map(unbox)
    }

    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&K, &mut V)> + ExactSizeIterator {
        self.opened();
        self.0.iter_mut().map(|(k, v)| (k, &mut **v))
    }

    pub fn keys(&self) -> std::collections::btree_map::Keys<'_, K, Box<V>> {
        self.0.keys()
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.0.values().map(|v| &**v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.opened();
        self.0.values_mut().map(|v| &mut **v)
    }
}

// Takes the `&Box<V>` the tree's iterator yields, so it can be a plain `fn` in `Iter`'s type.
#[allow(clippy::borrowed_box)]
fn unbox<'a, K, V>((k, v): (&'a K, &'a Box<V>)) -> (&'a K, &'a V) {
    (k, v)
}

pub type Iter<'a, K, V> =
    std::iter::Map<std::collections::btree_map::Iter<'a, K, Box<V>>, fn((&'a K, &'a Box<V>)) -> (&'a K, &'a V)>;

impl<'a, K: Ord, V> IntoIterator for &'a BoxedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for BoxedMap<K, V> {
    // One insert at a time (the last value of a key wins, as with `collect`): `BTreeMap`'s own
    // `from_iter` sorts its input first, and that sort would be compiled once per map type.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = BoxedMap::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl<K: crate::to_json::MapKey, V: ToJson> ToJson for BoxedMap<K, V> {
    fn write_json(&self, w: &mut Writer) {
        self.0.write_json(w);
    }
}

impl<K: Ord + FromValue, V: FromValue> FromValue for BoxedMap<K, V> {
    fn from_value(v: Value, cx: &mut Cx) -> Result<Self, Error> {
        std::collections::BTreeMap::from_value(v, cx).map(|map| BoxedMap(map, Writes(0)))
    }
}

impl<K: Ord + std::borrow::Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for BoxedMap<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        &self.0[key]
    }
}
