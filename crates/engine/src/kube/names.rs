//! Names Kubernetes generates: the pod-template hash of a Deployment's
//! ReplicaSets and the random suffix of their pods.

use super::workloads::PodTemplateSpec;
use crate::rng::SUFFIX_ALPHABET;

pub const POD_TEMPLATE_HASH_LABEL: &str = "pod-template-hash";

/// FNV-1a, 32 bits, the hash `controller.ComputeHash` feeds the template through.
pub fn fnv32a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The pod-template hash: FNV-32a of the template, its decimal digits mapped
/// through `rand.SafeEncodeString` (so it uses only `bcdf456789`, like `7d4b9c8f6d`).
/// Upstream hashes Go's dump of the struct; we hash its canonical JSON, so values
/// differ from a real cluster's but follow the same rule: same template, same name.
pub fn pod_template_hash(template: &PodTemplateSpec) -> String {
    let mut t = template.clone();
    t.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
    let json = crate::to_json::to_string(&t).into_bytes();
    safe_encode(&fnv32a(&json).to_string())
}

/// `rand.SafeEncodeString`: each byte picks a letter of the suffix alphabet.
pub fn safe_encode(s: &str) -> String {
    s.bytes().map(|b| SUFFIX_ALPHABET[b as usize % SUFFIX_ALPHABET.len()] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_reference_vectors() {
        assert_eq!(fnv32a(b""), 0x811c9dc5);
        assert_eq!(fnv32a(b"a"), 0xe40c292c);
        assert_eq!(fnv32a(b"foobar"), 0xbf9cf968);
    }

    #[test]
    fn safe_encoding_maps_digits_like_upstream() {
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }

    #[test]
    fn template_hash_ignores_its_own_label() {
        let mut t = PodTemplateSpec::default();
        t.metadata.labels.insert("app".into(), "web".into());
        let h = pod_template_hash(&t);
        assert!(h.bytes().all(|c| b"bcdf456789".contains(&c)), "{h}");
        t.metadata.labels.insert(POD_TEMPLATE_HASH_LABEL.into(), h.clone());
        assert_eq!(pod_template_hash(&t), h);
    }
}
