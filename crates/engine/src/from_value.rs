//! Reading typed objects out of a parsed YAML value (`serde_norway::Value`), for manifests
//! and saved states alike: `#[derive(FromValue)]` (crate `podium-derive`) on each object
//! type, the non-generic work here.
//!
//! Why not serde's `Deserialize`: every type's derived visitor is generic over the
//! deserializer and carries serde's field-identifier and map-access machinery; over ~140
//! object types that was the largest part of the page's wasm. A derived `FromValue` is one
//! `match` from field name to field; walking the mapping, building paths, recording unknown
//! fields and wording type errors happen once, here.
//!
//! What it reads is what `serde_norway::Value`'s own deserializer read, word for word in its
//! errors (serde's `Unexpected`/`Expected` wording): `null` is an empty list or map (and
//! `None`), enums are plain strings, YAML tags are looked through, a field a type has no
//! place for is recorded by path (kubectl's "unknown field" warnings), and an error carries
//! the path of the innermost value it is about, in `serde_path_to_error`'s notation
//! (`spec.containers[0].image`, `.` for the whole document).

use serde::de::{Expected, Unexpected};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;

pub use podium_derive::FromValue;
pub use serde::de::Error as DeError;
pub use serde_norway::Value;

/// A type error with the path of the value it is about (`.` for the whole document).
#[derive(Debug)]
pub(crate) struct ValueError {
    pub path: String,
    pub message: String,
}

/// Reads `T` from `value`, pushing onto `unknown` the path of each field `T` has no place
/// for. `keep_times`: timestamps are read (a saved state) rather than dropped and reported
/// as unknown (a manifest: the server sets them).
#[allow(clippy::result_large_err)]
pub(crate) fn read_value<T: FromValue>(value: Value, unknown: &mut Vec<String>, keep_times: bool) -> Result<T, ValueError> {
    let mut cx = Cx { path: String::new(), unknown: Vec::new(), keep_times };
    let out = T::from_value(value, &mut cx);
    unknown.append(&mut cx.unknown);
    out.map_err(|e| ValueError {
        path: match e.path {
            Some(p) if !p.is_empty() => p,
            _ => ".".to_string(),
        },
        message: e.message,
    })
}

/// `T` from JSON text, for unit tests.
#[cfg(test)]
pub(crate) fn from_json<T: FromValue>(json: &str) -> Result<T, ValueError> {
    read_value(serde_json::from_str(json).expect("test JSON"), &mut Vec::new(), false)
}

/// A type that can be read from a YAML value.
pub trait FromValue: Sized {
    fn from_value(v: Value, cx: &mut Cx) -> Result<Self, Error>;

    /// The value of a field that is not written (and has no `default`): an error, except
    /// for `Option`, which is `None` (as serde's derive does).
    fn missing(field: &'static str) -> Result<Self, Error> {
        Err(DeError::missing_field(field))
    }

    /// Reads into a struct's field. Not inlined: the drop of the old value and the move
    /// of the new one are then one copy per field type, not one per field.
    #[inline(never)]
    fn read_into(slot: &mut Self, v: Value, cx: &mut Cx) -> Result<(), Error> {
        *slot = Self::from_value(v, cx)?;
        Ok(())
    }

    /// `read_into` for a field of a struct without a container `default`.
    #[inline(never)]
    fn read_some(slot: &mut Option<Self>, v: Value, cx: &mut Cx) -> Result<(), Error> {
        *slot = Some(Self::from_value(v, cx)?);
        Ok(())
    }
}

/// Where the reading is: the path of the value being read, the unknown fields so far.
pub struct Cx {
    path: String,
    unknown: Vec<String>,
    keep_times: bool,
}

impl Cx {
    /// Whether timestamps are kept (a saved state) or dropped (a manifest).
    pub fn keep_times(&self) -> bool {
        self.keep_times
    }

    /// The value being read is dropped: recorded as an unknown field.
    pub fn ignore(&mut self) {
        self.unknown.push(self.path.clone());
    }

    #[inline(never)]
    fn enter(&mut self, segment: &str) -> usize {
        let mark = self.path.len();
        if mark > 0 {
            self.path.push('.');
        }
        self.path.push_str(segment);
        mark
    }

    #[inline(never)]
    fn enter_index(&mut self, index: usize) -> usize {
        let mark = self.path.len();
        use fmt::Write;
        let _ = write!(self.path, "[{index}]");
        mark
    }

    /// Back out of a field or element; an error from inside it without a path gets this one.
    #[inline(never)]
    fn leave(&mut self, mark: usize, err: Option<&mut Error>) {
        if let Some(e) = err {
            if e.path.is_none() {
                e.path = Some(self.path.clone());
            }
        }
        self.path.truncate(mark);
    }

    fn read_in<T: FromValue>(&mut self, mark: usize, v: Value) -> Result<T, Error> {
        let mut out = T::from_value(v, self);
        self.leave(mark, out.as_mut().err());
        out
    }
}

#[derive(Debug)]
pub struct Error {
    /// Set once, by the innermost field or element the error came out of.
    path: Option<String>,
    message: String,
}

impl DeError for Error {
    #[cold]
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error { path: None, message: msg.to_string() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// What was expected, in serde's wording (`a string`, `u64`, `struct Pod`).
struct Exp<'a>(&'a str);

impl Expected for Exp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

#[inline(never)]
fn untag(mut value: Value) -> Value {
    while let Value::Tagged(t) = value {
        value = t.value;
    }
    value
}

#[cold]
#[inline(never)]
fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Sequence(_) => Unexpected::Seq,
        Value::Mapping(_) => Unexpected::Map,
        Value::Tagged(_) => Unexpected::Enum,
    }
}

/// `invalid type: integer `1`, expected a string`.
#[cold]
#[inline(never)]
pub fn invalid_type(value: &Value, expected: &str) -> Error {
    DeError::invalid_type(unexpected(value), &Exp(expected))
}

/// A map key (or struct field name) as a path segment.
#[inline(never)]
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "?".to_string(),
    }
}

/// A struct whose fields are named `keys`: each entry of the mapping goes to
/// `field(index of its key, value)`; an entry whose key is not one of them is recorded as
/// unknown. `null` is a mapping with no entries.
#[inline(never)]
pub fn read_fields(
    v: Value,
    cx: &mut Cx,
    expected: &str,
    keys: &[&str],
    field: &mut dyn FnMut(usize, Value, &mut Cx) -> Result<(), Error>,
) -> Result<(), Error> {
    let map = match untag(v) {
        Value::Mapping(m) => m,
        Value::Null => return Ok(()),
        other => return Err(invalid_type(&other, expected)),
    };
    for (key, value) in map {
        let mark = cx.enter(&key_text(&key));
        let name = match untag(key) {
            Value::String(s) => s,
            other => {
                cx.path.truncate(mark);
                return Err(invalid_type(&other, "field identifier"));
            }
        };
        match keys.iter().position(|k| *k == name) {
            Some(i) => {
                if let Err(mut e) = field(i, value, cx) {
                    cx.leave(mark, Some(&mut e));
                    return Err(e);
                }
            }
            None => cx.ignore(),
        }
        cx.leave(mark, None);
    }
    Ok(())
}

/// The variant of an enum of unit variants: a plain string, or a YAML tag (`!Name`) on a
/// null. Answers its index in `names`.
#[inline(never)]
pub fn unit_variant(v: Value, names: &'static [&'static str]) -> Result<usize, Error> {
    let (name, content) = match v {
        Value::String(s) => (s, None),
        Value::Tagged(t) => {
            let tag = t.tag.to_string();
            (tag.strip_prefix('!').unwrap_or(&tag).to_string(), Some(t.value))
        }
        other => return Err(DeError::invalid_type(unexpected(&other), &"a Value::Tagged enum")),
    };
    let Some(i) = names.iter().position(|n| *n == name) else {
        return Err(DeError::unknown_variant(&name, names));
    };
    match content {
        None | Some(Value::Null) => Ok(i),
        Some(other) => Err(invalid_type(&other, "unit variant")),
    }
}

/// Before an untagged enum tries its variants: serde first buffers the value, which a
/// YAML tag anywhere in it cannot go through (the error is at the tag's path). Answers a
/// context for the tries, whose unknown fields and paths are thrown away.
#[inline(never)]
pub fn untagged_input(v: &Value, cx: &mut Cx) -> Result<Cx, Error> {
    /// Whether `v` holds a tag; if so, `cx.path` is left where (a tagged key: at its map).
    fn find(v: &Value, cx: &mut Cx) -> bool {
        match v {
            Value::Tagged(_) => true,
            Value::Sequence(s) => s.iter().enumerate().any(|(i, x)| {
                let mark = cx.enter_index(i);
                find(x, cx) || {
                    cx.path.truncate(mark);
                    false
                }
            }),
            Value::Mapping(m) => m.iter().any(|(k, x)| {
                let mark = cx.path.len();
                find(k, cx) || {
                    cx.path.truncate(mark);
                    cx.enter(&key_text(k));
                    find(x, cx)
                } || {
                    cx.path.truncate(mark);
                    false
                }
            }),
            _ => false,
        }
    }
    let mark = cx.path.len();
    if find(v, cx) {
        let mut e: Error = DeError::custom("untagged and internally tagged enums do not support enum input");
        if cx.path.len() > mark {
            e.path = Some(cx.path.clone());
        }
        cx.path.truncate(mark);
        return Err(e);
    }
    Ok(Cx { path: String::new(), unknown: Vec::new(), keep_times: cx.keep_times })
}

/// The elements of a sequence (through tags), for a type read from a compact array form by hand.
#[inline(never)]
pub fn sequence(v: Value, expected: &str) -> Result<Vec<Value>, Error> {
    match untag(v) {
        Value::Sequence(s) => Ok(s),
        other => Err(invalid_type(&other, expected)),
    }
}

/// Reads element `index` of such a sequence, an error in it at its path (`nodes[3][1]`).
pub fn read_element<T: FromValue>(index: usize, v: Value, cx: &mut Cx) -> Result<T, Error> {
    let mark = cx.enter_index(index);
    cx.read_in(mark, v)
}

/// A string (through tags).
#[inline(never)]
pub fn string(v: Value) -> Result<String, Error> {
    match untag(v) {
        Value::String(s) => Ok(s),
        other => Err(invalid_type(&other, "a string")),
    }
}

/// An integer of a type with range `min..=max`, named `expected`.
#[inline(never)]
fn integer(v: Value, expected: &str, min: i64, max: u64) -> Result<i128, Error> {
    let n = match untag(v) {
        Value::Number(n) => n,
        other => return Err(invalid_type(&other, expected)),
    };
    if let Some(u) = n.as_u64() {
        if u <= max {
            Ok(u as i128)
        } else {
            Err(DeError::invalid_value(Unexpected::Unsigned(u), &Exp(expected)))
        }
    } else if let Some(i) = n.as_i64() {
        if i >= min {
            Ok(i as i128)
        } else {
            Err(DeError::invalid_value(Unexpected::Signed(i), &Exp(expected)))
        }
    } else {
        Err(DeError::invalid_type(Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)), &Exp(expected)))
    }
}

#[inline(never)]
fn float(v: Value, expected: &str) -> Result<f64, Error> {
    match untag(v) {
        Value::Number(n) => Ok(match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u as f64,
            (None, Some(i)) => i as f64,
            _ => n.as_f64().unwrap_or(f64::NAN),
        }),
        other => Err(invalid_type(&other, expected)),
    }
}

macro_rules! integers {
    ($($t:ident)*) => {
        $(impl FromValue for $t {
            fn from_value(v: Value, _cx: &mut Cx) -> Result<Self, Error> {
                integer(v, stringify!($t), $t::MIN as i64, $t::MAX as u64).map(|n| n as $t)
            }
        })*
    };
}

integers! { u8 u16 u32 u64 usize i8 i16 i32 i64 }

impl FromValue for f64 {
    fn from_value(v: Value, _cx: &mut Cx) -> Result<Self, Error> {
        float(v, "f64")
    }
}

impl FromValue for f32 {
    fn from_value(v: Value, _cx: &mut Cx) -> Result<Self, Error> {
        float(v, "f32").map(|f| f as f32)
    }
}

impl FromValue for bool {
    fn from_value(v: Value, _cx: &mut Cx) -> Result<Self, Error> {
        match untag(v) {
            Value::Bool(b) => Ok(b),
            other => Err(invalid_type(&other, "a boolean")),
        }
    }
}

impl FromValue for String {
    fn from_value(v: Value, _cx: &mut Cx) -> Result<Self, Error> {
        string(v)
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: Value, cx: &mut Cx) -> Result<Self, Error> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v, cx).map(Some),
        }
    }

    fn missing(_field: &'static str) -> Result<Self, Error> {
        Ok(None)
    }
}

impl<T: FromValue> FromValue for Box<T> {
    fn from_value(v: Value, cx: &mut Cx) -> Result<Self, Error> {
        T::from_value(v, cx).map(Box::new)
    }
}

/// The elements of a sequence (`null` is an empty one).
#[inline(never)]
fn elements(v: Value) -> Result<Vec<Value>, Error> {
    match untag(v) {
        Value::Sequence(s) => Ok(s),
        Value::Null => Ok(Vec::new()),
        other => Err(invalid_type(&other, "a sequence")),
    }
}

/// Each element of a sequence goes to `each`, at its path (`containers[0]`). The loop is
/// here once; what each element type adds is its read and a push.
#[inline(never)]
fn read_elements(v: Value, cx: &mut Cx, each: &mut dyn FnMut(Value, &mut Cx) -> Result<(), Error>) -> Result<(), Error> {
    for (i, item) in elements(v)?.into_iter().enumerate() {
        let mark = cx.enter_index(i);
        let mut out = each(item, cx);
        cx.leave(mark, out.as_mut().err());
        out?;
    }
    Ok(())
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(v: Value, cx: &mut Cx) -> Result<Self, Error> {
        let mut out = Vec::new();
        read_elements(v, cx, &mut |v, cx| {
            out.push(T::from_value(v, cx)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl<T: FromValue + Ord> FromValue for BTreeSet<T> {
    fn from_value(v: Value, cx: &mut Cx) -> Result<Self, Error> {
        Vec::<T>::from_value(v, cx).map(BTreeSet::from_iter)
    }
}

impl<T: FromValue> FromValue for VecDeque<T> {
    fn from_value(v: Value, cx: &mut Cx) -> Result<Self, Error> {
        Vec::<T>::from_value(v, cx).map(VecDeque::from)
    }
}

/// A tuple's next element; running out is serde's `invalid length 1, expected a tuple of size 2`.
#[inline(never)]
fn tuple_item(items: &mut std::vec::IntoIter<Value>, index: usize) -> Result<Value, Error> {
    items.next().ok_or_else(|| DeError::invalid_length(index, &"a tuple of size 2"))
}

/// A pair: a sequence of two elements (`null` is an empty one, too short).
impl<A: FromValue, B: FromValue> FromValue for (A, B) {
    #[inline(never)]
    fn from_value(v: Value, cx: &mut Cx) -> Result<Self, Error> {
        let items = match untag(v) {
            Value::Sequence(s) => s,
            Value::Null => Vec::new(),
            other => return Err(invalid_type(&other, "a tuple of size 2")),
        };
        let len = items.len();
        let mut items = items.into_iter();
        let item = tuple_item(&mut items, 0)?;
        let mark = cx.enter_index(0);
        let a = cx.read_in(mark, item)?;
        let item = tuple_item(&mut items, 1)?;
        let mark = cx.enter_index(1);
        let b = cx.read_in(mark, item)?;
        if items.len() > 0 {
            return Err(DeError::invalid_length(len, &"fewer elements in sequence"));
        }
        Ok((a, b))
    }
}

/// One part of a map entry, for `read_entries`.
enum Entry {
    Key(Value),
    Value(Value),
}

/// Each entry of a mapping (`null` is an empty one) goes to `each`: its key at the map's
/// path (a key that is not a `K` is an error there), then its value at the key's path.
#[inline(never)]
fn read_entries(v: Value, cx: &mut Cx, each: &mut dyn FnMut(Entry, &mut Cx) -> Result<(), Error>) -> Result<(), Error> {
    let map = match untag(v) {
        Value::Mapping(m) => m,
        Value::Null => return Ok(()),
        other => return Err(invalid_type(&other, "a map")),
    };
    for (key, value) in map {
        let segment = key_text(&key);
        each(Entry::Key(key), cx)?;
        let mark = cx.enter(&segment);
        let mut out = each(Entry::Value(value), cx);
        cx.leave(mark, out.as_mut().err());
        out?;
    }
    Ok(())
}

impl<K: FromValue + Ord, V: FromValue> FromValue for BTreeMap<K, V> {
    fn from_value(v: Value, cx: &mut Cx) -> Result<Self, Error> {
        let mut out = BTreeMap::new();
        let mut key = None;
        read_entries(v, cx, &mut |entry, cx| {
            match entry {
                Entry::Key(k) => key = Some(K::from_value(k, cx)?),
                Entry::Value(v) => {
                    let v = V::from_value(v, cx)?;
                    if let Some(k) = key.take() {
                        out.insert(k, v);
                    }
                }
            }
            Ok(())
        })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, FromValue)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        #[serde(default)]
        items: Vec<Inner>,
        inner: Option<Inner>,
    }

    #[derive(Debug, FromValue)]
    struct Inner {
        n: i32,
    }

    fn read<T: FromValue>(text: &str) -> (Result<T, ValueError>, Vec<String>) {
        let mut unknown = Vec::new();
        let value: Value = serde_norway::from_str(text).unwrap();
        (read_value(value, &mut unknown, false), unknown)
    }

    fn error<T: FromValue + fmt::Debug>(text: &str) -> (String, String) {
        let e = read::<T>(text).0.unwrap_err();
        (e.path, e.message)
    }

    fn pair(path: &str, message: &str) -> (String, String) {
        (path.to_string(), message.to_string())
    }

    #[test]
    fn unknown_fields_and_error_paths() {
        let (v, unknown) = read::<Outer>("items: [{n: 1, x: 2}]\ninner: {n: 3, y: 4}\nz: 5\n");
        assert_eq!(v.unwrap().inner.unwrap().n, 3);
        // An optional object's fields are named without serde_ignored's `?` for the `Some`.
        assert_eq!(unknown, vec!["items[0].x", "inner.y", "z"]);
        assert_eq!(error::<Outer>("items: [{n: 1}, {n: seven}]\n"), pair("items[1].n", "invalid type: string \"seven\", expected i32"));
        assert_eq!(error::<Outer>("inner: {}\n"), pair("inner", "missing field `n`"));
        assert_eq!(error::<Outer>("[1]\n"), pair(".", "invalid type: sequence, expected struct Outer"));
        // `null` reads as an empty list, as serde_norway's own value deserializer does.
        assert!(read::<Outer>("items: null\n").0.unwrap().items.is_empty());
    }

    /// Container `default`: missing fields come from the container's `Default`, not the
    /// field types'; a field's own `default` wins over it.
    #[derive(Debug, FromValue, PartialEq)]
    #[serde(rename_all = "camelCase", default)]
    struct Defaults {
        max_surge: u32,
        #[serde(rename = "type")]
        kind: String,
        #[serde(default)]
        zeroed: u32,
        #[serde(skip)]
        cache: u32,
        r#ref: Option<String>,
    }

    impl Default for Defaults {
        fn default() -> Self {
            Defaults { max_surge: 25, kind: "Rolling".into(), zeroed: 7, cache: 9, r#ref: Some("x".into()) }
        }
    }

    #[test]
    fn container_default_field_default_rename_and_skip() {
        let (v, unknown) = read::<Defaults>("{}");
        assert_eq!(v.unwrap(), Defaults { zeroed: 0, ..Defaults::default() });
        assert!(unknown.is_empty());
        let (v, unknown) = read::<Defaults>("maxSurge: 3\ntype: Recreate\ncache: 1\nmax_surge: 4\nref: null\n");
        assert_eq!(v.unwrap(), Defaults { max_surge: 3, kind: "Recreate".into(), zeroed: 0, cache: 9, r#ref: None });
        // A skipped field and a name not in camelCase have no place.
        assert_eq!(unknown, vec!["cache", "max_surge"]);
        // `null` is an empty mapping: all defaults.
        assert_eq!(read::<Defaults>("~").0.unwrap(), Defaults { zeroed: 0, ..Defaults::default() });
        assert_eq!(error::<Defaults>("maxSurge: -1\n"), pair("maxSurge", "invalid value: integer `-1`, expected u32"));
        assert_eq!(error::<Defaults>("type: 1\n"), pair("type", "invalid type: integer `1`, expected a string"));
        assert_eq!(error::<Defaults>("7: x\n"), pair(".", "invalid type: integer `7`, expected field identifier"));
        assert_eq!(error::<Defaults>("true\n"), pair(".", "invalid type: boolean `true`, expected struct Defaults"));
    }

    fn times(v: Value, cx: &mut Cx) -> Result<u64, Error> {
        if cx.keep_times() {
            return u64::from_value(v, cx);
        }
        cx.ignore();
        Ok(0)
    }

    mod doubled {
        use super::super::*;
        pub fn from_value(v: Value, cx: &mut Cx) -> Result<u64, Error> {
            u64::from_value(v, cx).map(|n| n * 2)
        }
    }

    /// Without a container `default`: a field must be written unless it has `default` or
    /// is an `Option` (without a reader of its own).
    #[derive(Debug, FromValue, PartialEq)]
    struct Required {
        a: u64,
        #[serde(default)]
        b: Vec<String>,
        c: Option<bool>,
        #[serde(with = "doubled")]
        d: u64,
        #[serde(deserialize_with = "times", default)]
        e: u64,
    }

    #[test]
    fn required_fields_readers_and_missing_fields() {
        let (v, unknown) = read::<Required>("{a: 1, d: 4, e: 5}");
        assert_eq!(v.unwrap(), Required { a: 1, b: vec![], c: None, d: 8, e: 0 });
        // `times` drops what it is given when times are not kept: recorded as unknown.
        assert_eq!(unknown, vec!["e"]);
        let mut unknown = Vec::new();
        let v: Required = read_value(serde_norway::from_str("{a: 1, d: 4, e: 5}").unwrap(), &mut unknown, true).unwrap();
        assert_eq!((v.e, unknown.len()), (5, 0));
        assert_eq!(error::<Required>("{d: 1}"), pair(".", "missing field `a`"));
        assert_eq!(error::<Required>("{a: 1}"), pair(".", "missing field `d`"));
        assert_eq!(error::<Required>("{a: 1.5}"), pair("a", "invalid type: floating point `1.5`, expected u64"));
        assert_eq!(error::<Required>("{a: 1, d: x}"), pair("d", "invalid type: string \"x\", expected u64"));
        assert_eq!(error::<Required>("{a: 1, b: [x, 2]}"), pair("b[1]", "invalid type: integer `2`, expected a string"));
        assert_eq!(error::<Required>("{a: 1, b: {x: 1}}"), pair("b", "invalid type: map, expected a sequence"));
        assert_eq!(error::<Required>("{a: 1, c: yes}"), pair("c", "invalid type: string \"yes\", expected a boolean"));
        // Tags are looked through.
        assert_eq!(read::<Required>("{a: !big 1, d: 2}").0.unwrap().a, 1);
    }

    #[derive(Clone, Copy, Debug, FromValue, PartialEq)]
    enum Phase {
        Pending,
        #[serde(rename = "Up")]
        Running,
    }

    #[derive(Debug, FromValue, PartialEq)]
    #[serde(untagged)]
    enum IntOrText {
        Int(i64),
        Text(String),
    }

    #[derive(Debug, FromValue, PartialEq)]
    struct Newtype(u8);

    #[derive(Debug, FromValue, PartialEq)]
    #[serde(from = "Vec<u8>")]
    struct Total(u64);

    impl From<Vec<u8>> for Total {
        fn from(v: Vec<u8>) -> Total {
            Total(v.iter().map(|n| *n as u64).sum())
        }
    }

    #[test]
    fn enums_newtypes_and_from() {
        assert_eq!(read::<Phase>("Pending").0.unwrap(), Phase::Pending);
        assert_eq!(read::<Phase>("Up").0.unwrap(), Phase::Running);
        assert_eq!(read::<Phase>("!Up").0.unwrap(), Phase::Running);
        assert_eq!(error::<Phase>("Running"), pair(".", "unknown variant `Running`, expected `Pending` or `Up`"));
        assert_eq!(error::<Phase>("1"), pair(".", "invalid type: integer `1`, expected a Value::Tagged enum"));
        assert_eq!(error::<Phase>("!Up 3"), pair(".", "invalid type: integer `3`, expected unit variant"));
        assert_eq!(read::<IntOrText>("8080").0.unwrap(), IntOrText::Int(8080));
        assert_eq!(read::<IntOrText>("25%").0.unwrap(), IntOrText::Text("25%".into()));
        assert_eq!(error::<IntOrText>("1.5"), pair(".", "data did not match any variant of untagged enum IntOrText"));
        assert_eq!(error::<IntOrText>("!x 1"), pair(".", "untagged and internally tagged enums do not support enum input"));
        assert_eq!(error::<IntOrText>("{a: [1, !x 1]}"), pair("a[1]", "untagged and internally tagged enums do not support enum input"));
        assert_eq!(error::<BTreeMap<String, IntOrText>>("{p: {!x k: 1}}"), pair("p", "untagged and internally tagged enums do not support enum input"));
        assert_eq!(read::<Newtype>("7").0.unwrap(), Newtype(7));
        assert_eq!(error::<Newtype>("300"), pair(".", "invalid value: integer `300`, expected u8"));
        assert_eq!(read::<Total>("[1, 2, 3]").0.unwrap(), Total(6));
    }

    #[test]
    fn maps_options_and_numbers() {
        let (v, _) = read::<BTreeMap<String, Option<f64>>>("{a: 1, b: -2, c: 0.5, d: null}");
        let v = v.unwrap();
        assert_eq!((v["a"], v["b"], v["c"], v["d"]), (Some(1.0), Some(-2.0), Some(0.5), None));
        assert!(read::<BTreeMap<String, u8>>("null").0.unwrap().is_empty());
        // A key that is not a string is an error at the map's path; a value, at its key's.
        assert_eq!(error::<BTreeMap<String, u8>>("{1: 2}"), pair(".", "invalid type: integer `1`, expected a string"));
        assert_eq!(error::<BTreeMap<String, Vec<u8>>>("{a: [1, 256]}"), pair("a[1]", "invalid value: integer `256`, expected u8"));
        assert_eq!(error::<BTreeMap<String, u8>>("[]"), pair(".", "invalid type: sequence, expected a map"));
        assert_eq!(error::<i32>("-3000000000"), pair(".", "invalid value: integer `-3000000000`, expected i32"));
        assert_eq!(error::<u64>("-1"), pair(".", "invalid value: integer `-1`, expected u64"));
        assert_eq!(error::<i64>("18446744073709551615"), pair(".", "invalid value: integer `18446744073709551615`, expected i64"));
        assert_eq!(error::<u32>("null"), pair(".", "invalid type: unit value, expected u32"));
        assert_eq!(read::<Option<u32>>("null").0.unwrap(), None);
        assert_eq!(read::<Vec<Box<u32>>>("[1]").0.unwrap(), vec![Box::new(1)]);
        assert_eq!(read::<BTreeSet<u8>>("[3, 1, 3]").0.unwrap(), BTreeSet::from([1, 3]));
    }

    #[derive(Debug, FromValue)]
    struct Stamped {
        #[serde(with = "crate::kube::meta::time")]
        at: crate::clock::SimTime,
        #[serde(with = "crate::kube::meta::opt_time", default)]
        until: Option<crate::clock::SimTime>,
    }

    /// The engine's own readers: timestamps (kept in saved states, dropped silently from
    /// manifests), quantities, store keys, the generator's state.
    #[test]
    fn engine_readers() {
        use crate::clock::SimTime;
        use crate::kube::Key;
        use crate::quantity::Quantity;
        let kept = |text: &str| {
            let mut unknown = Vec::new();
            let v = read_value::<Stamped>(serde_norway::from_str(text).unwrap(), &mut unknown, true);
            (v.map(|s| (s.at, s.until)).map_err(|e| (e.path, e.message)), unknown)
        };
        assert_eq!(kept("{at: '2026-01-01T00:01:30Z', until: null}"), (Ok((SimTime(90), None)), vec![]));
        assert_eq!(kept("{at: '2026-01-01T00:00:00Z', until: '2026-01-01T00:00:10Z'}").0, Ok((SimTime(0), Some(SimTime(10)))));
        assert_eq!(
            kept("{at: soon}").0,
            Err(pair("at", "invalid timestamp \"soon\": expected the form 2026-01-01T00:01:30Z"))
        );
        assert_eq!(kept("{at: 5}").0, Err(pair("at", "invalid type: integer `5`, expected a string")));
        assert_eq!(kept("{}").0, Err(pair(".", "missing field `at`")));
        let (v, unknown) = read::<Stamped>("{at: '2026-01-01T00:01:30Z', until: whenever}");
        // In a manifest the server sets them: dropped, whatever was written, and not warned
        // about (they are known fields).
        assert_eq!((v.unwrap().at, unknown), (SimTime(0), Vec::<String>::new()));

        assert_eq!(read::<Quantity>("500m").0.unwrap(), Quantity::parse("500m").unwrap());
        assert_eq!(read::<Quantity>("2").0.unwrap(), Quantity::parse("2").unwrap());
        assert_eq!(read::<Quantity>("0.5").0.unwrap(), Quantity::parse("0.5").unwrap());
        assert_eq!(error::<Quantity>("[1]"), pair(".", "invalid type: sequence, expected a quantity such as 500m, 2 or 4Gi"));
        assert_eq!(error::<Quantity>("5 apples"), pair(".", &Quantity::parse("5 apples").unwrap_err().to_string()));
        assert_eq!(read::<Key>("shop/web").0.unwrap(), Key::new("shop", "web"));
        assert_eq!(error::<Key>("web"), pair(".", "expected namespace/name, got \"web\""));
        assert!(error::<crate::rng::SimRng>("'{}'").1.starts_with("generator state: "));
    }

    #[test]
    fn pairs() {
        assert_eq!(read::<Vec<(u64, String)>>("[[1, a]]").0.unwrap(), vec![(1, "a".to_string())]);
        assert_eq!(error::<Vec<(u64, String)>>("[[1, 2]]"), pair("[0][1]", "invalid type: integer `2`, expected a string"));
        assert_eq!(error::<Vec<(u64, String)>>("[[1]]"), pair("[0]", "invalid length 1, expected a tuple of size 2"));
        assert_eq!(error::<Vec<(u64, String)>>("[[1, a, b]]"), pair("[0]", "invalid length 3, expected fewer elements in sequence"));
        assert_eq!(error::<(u64, u64)>("null"), pair(".", "invalid length 0, expected a tuple of size 2"));
        assert_eq!(error::<(u64, u64)>("{}"), pair(".", "invalid type: map, expected a tuple of size 2"));
    }
}
