//! Writing typed objects as compact JSON, for saved states, the state hash, the pod-template
//! hash and kubectl's object views: `#[derive(ToJson)]` (crate `podium-derive`) on each
//! object type, the non-generic work here.
//!
//! Why not serde's `Serialize`: a derived `Serialize` is generic over the serializer, and
//! serde_json inlines its comma, key-escaping and error plumbing into every field of every
//! type; over ~120 object types (and their `BTreeMap`s) that was one of the largest parts of
//! the page's wasm. A derived `ToJson` is, per field, a skip test, a call writing the
//! ready-made `"key":` and a call writing the value, through the one `Writer` below.
//!
//! The text is byte for byte what `serde_json::to_string` wrote with the derived
//! `Serialize` (state hashes and pod-template hashes depend on it): the same escaping
//! (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other control characters as lowercase
//! `\u00XX`, nothing else), integers in decimal, `None` as `null`, newtype structs as their
//! inner value, unit enum variants as strings, untagged variants as their content, map keys
//! as strings. Tests below compare it with serde_json's.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

pub use podium_derive::ToJson;

/// A type that can be written as JSON.
pub trait ToJson {
    fn write_json(&self, w: &mut Writer);
}

/// Compact JSON text of `v`.
pub fn to_string<T: ToJson + ?Sized>(v: &T) -> String {
    let mut w = Writer::new();
    v.write_json(&mut w);
    w.out
}

/// The text being written. `first`: no member or element written yet in the innermost
/// object or array (so no comma before the next one).
pub struct Writer {
    out: String,
    first: bool,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    pub fn new() -> Writer {
        Writer { out: String::new(), first: true }
    }

    pub fn into_string(self) -> String {
        self.out
    }

    /// Text that is already JSON (a quoted variant name).
    #[inline(never)]
    pub fn raw(&mut self, json: &str) {
        self.out.push_str(json);
    }

    #[inline(never)]
    pub fn begin_object(&mut self) {
        self.out.push('{');
        self.first = true;
    }

    #[inline(never)]
    pub fn end_object(&mut self) {
        self.out.push('}');
        self.first = false;
    }

    #[inline(never)]
    pub fn begin_array(&mut self) {
        self.out.push('[');
        self.first = true;
    }

    #[inline(never)]
    pub fn end_array(&mut self) {
        self.out.push(']');
        self.first = false;
    }

    /// Before a member: its key, a name that needs no escaping.
    #[inline(never)]
    pub fn field(&mut self, key: &str) {
        self.comma();
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
    }

    /// A struct's member: its key (a name that needs no escaping), then its value. One copy
    /// per value type, called from every field of that type.
    #[inline(never)]
    pub fn member<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        self.field(key);
        value.write_json(self);
    }

    /// Before an element of an array.
    #[inline(never)]
    pub fn element(&mut self) {
        self.comma();
    }

    /// Before a member of a map: the key as a string, then `:`.
    #[inline(never)]
    pub fn key(&mut self, key: &dyn MapKey) {
        self.comma();
        key.write_key(self);
        self.out.push(':');
    }

    fn comma(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    #[inline(never)]
    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    #[inline(never)]
    pub fn bool(&mut self, b: bool) {
        self.out.push_str(if b { "true" } else { "false" });
    }

    #[inline(never)]
    pub fn u64(&mut self, n: u64) {
        self.out.push_str(itoa::Buffer::new().format(n));
    }

    #[inline(never)]
    pub fn i64(&mut self, n: i64) {
        self.out.push_str(itoa::Buffer::new().format(n));
    }

    /// A string, quoted and escaped.
    #[inline(never)]
    pub fn string(&mut self, s: &str) {
        self.out.push('"');
        self.string_part(s);
        self.out.push('"');
    }

    /// Part of a string whose quotes the caller writes.
    #[inline(never)]
    pub fn string_part(&mut self, s: &str) {
        escape_into(&mut self.out, s);
    }

    /// `[a,b,…]`.
    #[inline(never)]
    pub fn seq<'a, T: ToJson + 'a>(&mut self, items: impl Iterator<Item = &'a T>) {
        self.begin_array();
        for item in items {
            self.element();
            item.write_json(self);
        }
        self.end_array();
    }
}

/// `s` escaped as serde_json escapes a string's contents (the quotes are the caller's).
pub fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// A type that can be a map key: written as a JSON string, as serde_json writes keys.
pub trait MapKey {
    fn write_key(&self, w: &mut Writer);
}

impl MapKey for String {
    fn write_key(&self, w: &mut Writer) {
        w.string(self);
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, w: &mut Writer) {
                w.u64(*self as u64);
            }
        }
    )*};
}
unsigned!(u8, u16, u32, u64, usize);

macro_rules! signed {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, w: &mut Writer) {
                w.i64(*self as i64);
            }
        }
    )*};
}
signed!(i32, i64);

impl ToJson for bool {
    fn write_json(&self, w: &mut Writer) {
        w.bool(*self);
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
}

impl<T: ToJson + ?Sized> ToJson for Arc<T> {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    #[inline(never)]
    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(v) => v.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut Writer) {
        w.seq(self.iter());
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut Writer) {
        w.seq(self.iter());
    }
}

impl<T: ToJson> ToJson for VecDeque<T> {
    fn write_json(&self, w: &mut Writer) {
        w.seq(self.iter());
    }
}

impl<T: ToJson> ToJson for BTreeSet<T> {
    fn write_json(&self, w: &mut Writer) {
        w.seq(self.iter());
    }
}

impl<K: MapKey, V: ToJson> ToJson for BTreeMap<K, V> {
    fn write_json(&self, w: &mut Writer) {
        write_map(w, self.iter());
    }
}

/// `{"k":v,…}`.
#[inline(never)]
pub fn write_map<'a, K: MapKey + 'a, V: ToJson + 'a>(w: &mut Writer, entries: impl Iterator<Item = (&'a K, &'a V)>) {
    w.begin_object();
    for (k, v) in entries {
        w.key(k);
        v.write_json(w);
    }
    w.end_object();
}

impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        w.element();
        self.0.write_json(w);
        w.element();
        self.1.write_json(w);
        w.end_array();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod doubled {
        pub fn to_json(n: &u64, w: &mut super::Writer) {
            w.u64(n * 2);
        }

        pub fn serialize<S: serde::Serializer>(n: &u64, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_u64(n * 2)
        }
    }

    fn shout(s: &str, w: &mut Writer) {
        w.string(&s.to_uppercase());
    }

    fn is_zero(n: &i64) -> bool {
        *n == 0
    }

    /// Every attribute the derive reads, on a type that serde's derive writes too.
    #[derive(serde::Serialize, ToJson, Default)]
    #[allow(dead_code)]
    #[serde(rename_all = "camelCase", default)]
    struct Every {
        plain_name: String,
        #[serde(rename = "type")]
        type_: Kind,
        #[serde(skip_serializing_if = "Option::is_none")]
        maybe_value: Option<Inner>,
        always: Option<bool>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        list: Vec<Either>,
        #[serde(skip_serializing_if = "is_zero")]
        count: i64,
        #[serde(skip)]
        hidden: u8,
        #[serde(skip_serializing)]
        unwritten: u8,
        #[serde(with = "doubled")]
        twice: u64,
        map: BTreeMap<String, Inner>,
        newtype: Wrapped,
    }

    #[derive(serde::Serialize, ToJson, Default)]
    struct Inner {
        a: u32,
        b: Vec<String>,
    }

    #[derive(serde::Serialize, ToJson, Default)]
    struct Wrapped(i64);

    #[derive(serde::Serialize, ToJson, Default)]
    #[serde(rename_all = "camelCase")]
    enum Kind {
        #[default]
        FirstKind,
        #[serde(rename = "Up")]
        Second,
    }

    #[derive(serde::Serialize, ToJson)]
    #[serde(untagged)]
    enum Either {
        Int(i64),
        Text(String),
    }

    #[test]
    fn derived_writing_matches_serdes_derive() {
        let empty = Every::default();
        assert_eq!(to_string(&empty), serde_json::to_string(&empty).unwrap());
        let full = Every {
            plain_name: "n\"x".into(),
            type_: Kind::Second,
            maybe_value: Some(Inner { a: 7, b: vec!["p".into(), "".into()] }),
            always: Some(false),
            list: vec![Either::Int(-4), Either::Text("25%".into())],
            count: 3,
            hidden: 9,
            unwritten: 9,
            twice: 21,
            map: [("k".to_string(), Inner::default()), ("j".to_string(), Inner { a: 1, b: vec![] })].into(),
            newtype: Wrapped(-1),
        };
        assert_eq!(to_string(&full), serde_json::to_string(&full).unwrap());
        assert!(to_string(&full).starts_with(r#"{"plainName":"n\"x","type":"Up","maybeValue":{"a":7"#), "{}", to_string(&full));
    }

    /// `serialize_with` names a writing function of this module's shape (serde's differs).
    #[derive(ToJson)]
    struct Loud {
        #[serde(serialize_with = "shout")]
        word: String,
    }

    #[test]
    fn serialize_with_calls_the_named_writer() {
        assert_eq!(to_string(&Loud { word: "hey".into() }), r#"{"word":"HEY"}"#);
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(|b| b as char).collect();
        all.push_str("é 한국어 🚀 \u{2028}\u{2029}\u{7f}\u{80}\u{9f}\u{feff}");
        for s in [all.as_str(), "", "plain", "\"", "\\", "a\"b\\c\nd", "\u{0}"] {
            assert_eq!(to_string(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn numbers_options_sequences_and_maps_match_serde_json() {
        for n in [0u64, 1, 9, 10, 99, 12345, u64::MAX] {
            assert_eq!(to_string(&n), serde_json::to_string(&n).unwrap());
        }
        for n in [0i64, -1, 42, i64::MIN, i64::MAX] {
            assert_eq!(to_string(&n), serde_json::to_string(&n).unwrap());
        }
        let v: Vec<Option<(u8, String)>> = vec![None, Some((3, "x".into())), Some((0, "".into()))];
        assert_eq!(to_string(&v), serde_json::to_string(&v).unwrap());
        let empty: Vec<u32> = Vec::new();
        assert_eq!(to_string(&empty), "[]");
        let m: BTreeMap<String, Vec<bool>> =
            [("b".to_string(), vec![true, false]), ("a\"".to_string(), vec![]), ("".to_string(), vec![true])].into();
        assert_eq!(to_string(&m), serde_json::to_string(&m).unwrap());
        assert_eq!(to_string(&BTreeMap::<String, u8>::new()), "{}");
        let nested: BTreeMap<String, BTreeMap<String, u8>> = [("x".to_string(), BTreeMap::new()), ("y".to_string(), [("z".to_string(), 1)].into())].into();
        assert_eq!(to_string(&nested), serde_json::to_string(&nested).unwrap());
    }
}
