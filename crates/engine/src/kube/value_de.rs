//! Reading typed objects out of a parsed YAML value (`serde_norway::Value`), for manifests
//! and saved states alike.
//!
//! Why not `serde_norway`'s own value deserializer wrapped in `serde_ignored` (unknown
//! fields) and `serde_path_to_error` (where a type error is)? Every object type's derived
//! visitor is compiled once per deserializer type, and each wrapper layer adds its own
//! forwarding code to every one of them: that stack was the biggest part of the page's
//! wasm. This one deserializer does the three jobs at once. It reads values as
//! `serde_norway::Value`'s deserializer does (same rules, same error wording: `null` is an
//! empty list or map, enums are plain strings, tags are looked through), records the path
//! of every field a type has no place for (`serde_ignored`'s job), and puts the path of the
//! innermost value being read on an error (`serde_path_to_error`'s, in its notation:
//! `spec.containers[0].image`, `.` for the whole document).

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Expected, Unexpected, Visitor};
use serde_norway::{Mapping, Number, Value};

/// A type error with the path of the value it is about (`.` for the whole document).
#[derive(Debug)]
pub(crate) struct ValueError {
    pub path: String,
    pub message: String,
}

/// Reads `T` from `value`, pushing onto `unknown` the path of each field `T` ignores.
#[allow(clippy::result_large_err)]
pub(crate) fn read_value<T: DeserializeOwned>(value: Value, unknown: &mut Vec<String>) -> Result<T, ValueError> {
    T::deserialize(De { value, path: "", unknown }).map_err(|e| ValueError {
        path: match e.path {
            Some(p) if !p.is_empty() => p,
            _ => ".".to_string(),
        },
        message: e.message,
    })
}

#[derive(Debug)]
pub(crate) struct Error {
    /// Set once, by the innermost field or element the error came out of.
    path: Option<String>,
    message: String,
}

impl de::Error for Error {
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

#[inline(never)]
fn at(mut e: Error, path: &str) -> Error {
    if e.path.is_none() {
        e.path = Some(path.to_string());
    }
    e
}

#[inline(never)]
fn key_path(parent: &str, key: &Value) -> String {
    let key = match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "?".to_string(),
    };
    if parent.is_empty() {
        key
    } else {
        format!("{parent}.{key}")
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

#[cold]
#[inline(never)]
fn invalid_type(value: &Value, exp: &dyn Expected) -> Error {
    de::Error::invalid_type(unexpected(value), exp)
}

fn visit_number<'de, V: Visitor<'de>>(n: Number, visitor: V) -> Result<V::Value, Error> {
    if let Some(u) = n.as_u64() {
        visitor.visit_u64(u)
    } else if let Some(i) = n.as_i64() {
        visitor.visit_i64(i)
    } else {
        visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// One value to read, at `path`; unknown fields below it go to `unknown`.
struct De<'p> {
    value: Value,
    path: &'p str,
    unknown: &'p mut Vec<String>,
}

impl<'p> De<'p> {
    fn visit_sequence<'de, V: Visitor<'de>>(self, seq: Vec<Value>, visitor: V) -> Result<V::Value, Error> {
        let len = seq.len();
        let mut access = SeqAccess { iter: seq.into_iter(), index: 0, path: self.path, unknown: self.unknown };
        let out = visitor.visit_seq(&mut access)?;
        if access.iter.len() == 0 {
            Ok(out)
        } else {
            Err(de::Error::invalid_length(len, &"fewer elements in sequence"))
        }
    }

    fn visit_mapping<'de, V: Visitor<'de>>(self, map: Mapping, visitor: V) -> Result<V::Value, Error> {
        let len = map.len();
        let mut access = MapAccess { iter: map.into_iter(), value: None, path: self.path, unknown: self.unknown };
        let out = visitor.visit_map(&mut access)?;
        if access.iter.len() == 0 {
            Ok(out)
        } else {
            Err(de::Error::invalid_length(len, &"fewer elements in map"))
        }
    }

    fn number<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match untag(self.value) {
            Value::Number(n) => visit_number(n, visitor),
            other => Err(invalid_type(&other, &visitor)),
        }
    }
}

macro_rules! numbers {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.number(visitor)
        })*
    };
}

impl<'de> Deserializer<'de> for De<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => visit_number(n, visitor),
            Value::String(s) => visitor.visit_string(s),
            Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => {
                let De { value, path, unknown } = self;
                match value {
                    Value::Sequence(s) => De { value: Value::Null, path, unknown }.visit_sequence(s, visitor),
                    Value::Mapping(m) => De { value: Value::Null, path, unknown }.visit_mapping(m, visitor),
                    Value::Tagged(t) => visitor.visit_enum(EnumAccess { tag: Some(*t), variant: None, path, unknown }),
                    _ => unreachable!(),
                }
            }
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match untag(self.value) {
            Value::Bool(b) => visitor.visit_bool(b),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    numbers! { deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
    deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match untag(self.value) {
            Value::String(s) => visitor.visit_string(s),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_byte_buf(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let De { value, path, unknown } = self;
        match untag(value) {
            Value::String(s) => visitor.visit_string(s),
            Value::Sequence(s) => De { value: Value::Null, path, unknown }.visit_sequence(s, visitor),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let De { value, path, unknown } = self;
        match untag(value) {
            Value::Sequence(s) => De { value: Value::Null, path, unknown }.visit_sequence(s, visitor),
            Value::Null => De { value: Value::Null, path, unknown }.visit_sequence(Vec::new(), visitor),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let De { value, path, unknown } = self;
        match untag(value) {
            Value::Mapping(m) => De { value: Value::Null, path, unknown }.visit_mapping(m, visitor),
            Value::Null => De { value: Value::Null, path, unknown }.visit_mapping(Mapping::new(), visitor),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let De { value, path, unknown } = self;
        match value {
            Value::Tagged(t) => visitor.visit_enum(EnumAccess { tag: Some(*t), variant: None, path, unknown }),
            Value::String(s) => visitor.visit_enum(EnumAccess { tag: None, variant: Some(s), path, unknown }),
            other => Err(de::Error::invalid_type(unexpected(&other), &"a Value::Tagged enum")),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    /// A field the type has no place for: recorded, then dropped.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.unknown.push(self.path.to_string());
        visitor.visit_unit()
    }
}

struct SeqAccess<'p> {
    iter: std::vec::IntoIter<Value>,
    index: usize,
    path: &'p str,
    unknown: &'p mut Vec<String>,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_> {
    type Error = Error;

    #[inline(never)]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(value) = self.iter.next() else { return Ok(None) };
        let path = format!("{}[{}]", self.path, self.index);
        self.index += 1;
        match seed.deserialize(De { value, path: &path, unknown: &mut *self.unknown }) {
            Ok(v) => Ok(Some(v)),
            Err(e) => Err(at(e, &path)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct MapAccess<'p> {
    iter: <Mapping as IntoIterator>::IntoIter,
    /// The value of the key just read, with its path.
    value: Option<(Value, String)>,
    path: &'p str,
    unknown: &'p mut Vec<String>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.iter.next() else { return Ok(None) };
        self.value = Some((value, key_path(self.path, &key)));
        seed.deserialize(De { value: key, path: self.path, unknown: &mut *self.unknown }).map(Some)
    }

    // Not inlined: a struct's fields of one type then share one copy of that type's reading
    // (the derived visitor would otherwise carry one per field).
    #[inline(never)]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((value, path)) = self.value.take() else {
            return Err(de::Error::custom("value is missing"));
        };
        seed.deserialize(De { value, path: &path, unknown: &mut *self.unknown }).map_err(|e| at(e, &path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// An enum: a plain string (unit variant) or a YAML-tagged value (`!Variant value`).
struct EnumAccess<'p> {
    tag: Option<serde_norway::value::TaggedValue>,
    variant: Option<String>,
    path: &'p str,
    unknown: &'p mut Vec<String>,
}

impl<'de, 'p> de::EnumAccess<'de> for EnumAccess<'p> {
    type Error = Error;
    type Variant = VariantAccess<'p>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, VariantAccess<'p>), Error> {
        let (name, value) = match (self.tag, self.variant) {
            (Some(t), _) => {
                let tag = t.tag.to_string();
                (tag.strip_prefix('!').unwrap_or(&tag).to_string(), Some(t.value))
            }
            (None, v) => (v.unwrap_or_default(), None),
        };
        let path = key_path(self.path, &Value::String(name.clone()));
        let variant = seed.deserialize(de::value::StringDeserializer::<Error>::new(name))?;
        Ok((variant, VariantAccess { value, path, unknown: self.unknown }))
    }
}

struct VariantAccess<'p> {
    value: Option<Value>,
    path: String,
    unknown: &'p mut Vec<String>,
}

impl VariantAccess<'_> {
    fn content(&mut self, what: &'static str) -> Result<De<'_>, Error> {
        match self.value.take() {
            Some(value) => Ok(De { value, path: &self.path, unknown: &mut *self.unknown }),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &what)),
        }
    }
}

impl<'de> de::VariantAccess<'de> for VariantAccess<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.value {
            None | Some(Value::Null) => Ok(()),
            Some(other) => Err(invalid_type(&other, &"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(mut self, seed: T) -> Result<T::Value, Error> {
        let de = self.content("newtype variant")?;
        let path = de.path;
        seed.deserialize(de).map_err(|e| at(e, path))
    }

    fn tuple_variant<V: Visitor<'de>>(mut self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        let de = self.content("tuple variant")?;
        let path = de.path;
        de.deserialize_seq(visitor).map_err(|e| at(e, path))
    }

    fn struct_variant<V: Visitor<'de>>(
        mut self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let de = self.content("struct variant")?;
        let path = de.path;
        de.deserialize_map(visitor).map_err(|e| at(e, path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        #[serde(default)]
        items: Vec<Inner>,
        inner: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    struct Inner {
        n: i32,
    }

    fn read(text: &str) -> (Result<Outer, ValueError>, Vec<String>) {
        let mut unknown = Vec::new();
        let value: Value = serde_norway::from_str(text).unwrap();
        (read_value(value, &mut unknown), unknown)
    }

    #[test]
    fn unknown_fields_and_error_paths() {
        let (v, unknown) = read("items: [{n: 1, x: 2}]\ninner: {n: 3, y: 4}\nz: 5\n");
        assert_eq!(v.unwrap().inner.unwrap().n, 3);
        // An optional object's fields are named without serde_ignored's `?` for the `Some`.
        assert_eq!(unknown, vec!["items[0].x", "inner.y", "z"]);
        let e = read("items: [{n: 1}, {n: seven}]\n").0.unwrap_err();
        assert_eq!((e.path.as_str(), e.message.as_str()), ("items[1].n", "invalid type: string \"seven\", expected i32"));
        let e = read("inner: {}\n").0.unwrap_err();
        assert_eq!((e.path.as_str(), e.message.as_str()), ("inner", "missing field `n`"));
        let e = read("[1]\n").0.unwrap_err();
        assert_eq!((e.path.as_str(), e.message.as_str()), (".", "invalid type: sequence, expected struct Outer"));
        // `null` reads as an empty list, as serde_norway's own value deserializer does.
        assert!(read("items: null\n").0.unwrap().items.is_empty());
    }
}
