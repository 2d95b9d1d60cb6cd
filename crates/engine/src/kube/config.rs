//! ConfigMap and Secret (`v1`), base64 as the API writes Secret data, and the
//! kubelet's check of a container's `env[].valueFrom` and `envFrom` references
//! (`pkg/kubelet/kubelet_pods.go`, `makeEnvironmentVariables`).

use super::meta::ObjectMeta;
use super::pod::Container;
use super::store::{Key, Store};
use crate::from_value::FromValue;
use crate::to_json::ToJson;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigMap {
    pub metadata: ObjectMeta,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
    /// Values already in base64, as the API holds them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub binary_data: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Secret {
    pub metadata: ObjectMeta,
    #[serde(rename = "type")]
    pub type_: String,
    /// Values in base64, as the API holds and prints them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
    /// Write-only plain values: merged into `data` (encoded) when stored, never shown.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub string_data: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
}

impl Default for Secret {
    fn default() -> Self {
        Secret {
            metadata: ObjectMeta::default(),
            type_: "Opaque".into(),
            data: BTreeMap::new(),
            string_data: BTreeMap::new(),
            immutable: None,
        }
    }
}

impl Secret {
    /// Folds `stringData` into `data`, as the API server does on write.
    pub fn fold_string_data(&mut self) {
        for (k, v) in std::mem::take(&mut self.string_data) {
            self.data.insert(k, encode(v.as_bytes()));
        }
    }
}

/// The length of a base64 value once decoded (0 if it does not decode), as `describe secret` shows it.
pub fn decoded_len(value: &str) -> usize {
    decode(value).map_or(0, |b| b.len())
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (Go's `base64.StdEncoding`).
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64; the error names the first bad byte as Go does
/// (`illegal base64 data at input byte 4`).
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let bytes = text.as_bytes();
    let bad = |i: usize| format!("illegal base64 data at input byte {i}");
    if let Some(i) = bytes.iter().position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))) {
        return Err(bad(i));
    }
    if !bytes.len().is_multiple_of(4) {
        return Err(bad(bytes.len() - bytes.len() % 4));
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (ci, chunk) in bytes.chunks(4).enumerate() {
        let mut n = 0u32;
        let mut pad = 0;
        for (j, &c) in chunk.iter().enumerate() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' if j >= 2 && ci == bytes.len() / 4 - 1 => {
                    pad += 1;
                    0
                }
                _ => return Err(bad(ci * 4 + j)),
            };
            if pad > 0 && c != b'=' {
                return Err(bad(ci * 4 + j));
            }
            n = (n << 6) | u32::from(v);
        }
        let b = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&b[..3 - pad]);
    }
    Ok(out)
}

/// Why a container cannot start: a ConfigMap or Secret (or one of its keys) it
/// needs is missing. The message is the kubelet's (`configmap "app" not found`,
/// `couldn't find key mode in ConfigMap default/app`).
pub fn env_error(store: &Store, namespace: &str, c: &Container) -> Option<String> {
    for src in &c.env_from {
        if let Some(r) = &src.config_map_ref {
            if !r.optional.unwrap_or(false) && !store.config_maps.contains_key(&Key::new(namespace, r.name.clone())) {
                return Some(format!("configmap {:?} not found", r.name));
            }
        }
        if let Some(r) = &src.secret_ref {
            if !r.optional.unwrap_or(false) && !store.secrets.contains_key(&Key::new(namespace, r.name.clone())) {
                return Some(format!("secret {:?} not found", r.name));
            }
        }
    }
    for e in &c.env {
        let Some(from) = &e.value_from else { continue };
        if let Some(r) = &from.config_map_key_ref {
            if r.optional.unwrap_or(false) {
                continue;
            }
            match store.config_maps.get(&Key::new(namespace, r.name.clone())) {
                None => return Some(format!("configmap {:?} not found", r.name)),
                Some(cm) if !cm.data.contains_key(&r.key) && !cm.binary_data.contains_key(&r.key) => {
                    return Some(format!("couldn't find key {} in ConfigMap {namespace}/{}", r.key, r.name))
                }
                _ => {}
            }
        }
        if let Some(r) = &from.secret_key_ref {
            if r.optional.unwrap_or(false) {
                continue;
            }
            match store.secrets.get(&Key::new(namespace, r.name.clone())) {
                None => return Some(format!("secret {:?} not found", r.name)),
                Some(s) if !s.data.contains_key(&r.key) => {
                    return Some(format!("couldn't find key {} in Secret {namespace}/{}", r.key, r.name))
                }
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_like_go() {
        assert_eq!(encode(b"s3cr3tpw"), "czNjcjN0cHc=");
        assert_eq!(encode(b"a"), "YQ==");
        assert_eq!(encode(b"ab"), "YWI=");
        assert_eq!(encode(b"abc"), "YWJj");
        assert_eq!(encode(b""), "");
        assert_eq!(decode("czNjcjN0cHc=").unwrap(), b"s3cr3tpw");
        assert_eq!(decode("YQ==").unwrap(), b"a");
        assert_eq!(decode("abc!").unwrap_err(), "illegal base64 data at input byte 3");
        assert_eq!(decode("plain text").unwrap_err(), "illegal base64 data at input byte 5");
        assert_eq!(decoded_len("czNjcjN0cHc="), 8);
    }
}
