//! The one source of randomness: a PCG generator seeded from the scenario, so the
//! same seed gives the same names, delays and choices on every run and target.
//! PCG's output sequence is fixed by its definition, not by the crate's version.

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

#[derive(Clone, Debug)]
pub struct SimRng {
    inner: Pcg64,
}

/// Saved (`save.rs`) as PCG's state and increment in a JSON string: they are 128-bit
/// integers, which a saved state's generic value would round to floating point.
/// The inner text is rand_pcg's own `Serialize` through serde_json: one small type.
impl crate::to_json::ToJson for SimRng {
    fn write_json(&self, w: &mut crate::to_json::Writer) {
        w.string(&serde_json::to_string(&self.inner).expect("a PCG state serializes"));
    }
}

impl crate::from_value::FromValue for SimRng {
    fn from_value(v: crate::from_value::Value, _cx: &mut crate::from_value::Cx) -> Result<SimRng, crate::from_value::Error> {
        let text = crate::from_value::string(v)?;
        let inner = serde_json::from_str(&text)
            .map_err(|e| <crate::from_value::Error as crate::from_value::DeError>::custom(format!("generator state: {e}")))?;
        Ok(SimRng { inner })
    }
}

/// The alphabet of Kubernetes' generated suffixes: no vowels, no look-alike
/// characters (`k8s.io/apimachinery/pkg/util/rand`, `alphanums`).
pub const SUFFIX_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

impl SimRng {
    pub fn new(seed: u64) -> SimRng {
        SimRng { inner: Pcg64::seed_from_u64(seed) }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// A number in `0..n` (n > 0), without modulo bias worth caring about at these sizes.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0)");
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// A name suffix as `utilrand.String(n)` makes them (`x2k9p`).
    pub fn suffix(&mut self, n: usize) -> String {
        (0..n).map(|_| SUFFIX_ALPHABET[self.below(SUFFIX_ALPHABET.len() as u64) as usize] as char).collect()
    }

    /// A UUID-shaped id (version 4 layout) for `metadata.uid`.
    pub fn uid(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let (mut a, mut b) = (SimRng::new(7), SimRng::new(7));
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(SimRng::new(8).next_u64(), xs[0]);
    }

    #[test]
    fn suffixes_use_the_kubernetes_alphabet() {
        let mut r = SimRng::new(1);
        let s = r.suffix(5);
        assert_eq!(s.len(), 5);
        assert!(s.bytes().all(|c| SUFFIX_ALPHABET.contains(&c)), "{s}");
        assert_eq!(r.uid().len(), 36);
    }

    #[test]
    fn between_stays_in_range() {
        let mut r = SimRng::new(3);
        for _ in 0..1000 {
            let v = r.between(2, 4);
            assert!((2..=4).contains(&v));
        }
    }
}
