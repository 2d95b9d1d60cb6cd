//! How the autosaved state is written into localStorage: deflated, then base64.
//!
//! The engine's saved state is plain JSON (`Sim::save`), and an exported file stays so. But a
//! board of 50 nodes and 500 pods was about 6 MB of it, mostly the scheduler's kept per-node
//! reasoning (3.1 MB since that is saved compactly; 2,000 pods are still well over), and browsers
//! give a page about 5 MB of localStorage: the write was refused and a reload lost the board. The JSON repeats itself a great deal, so deflate at its fastest level
//! makes it about 15 times smaller: 6.2 MB → 0.41 MB stored, base64 included (docs/benchmarks.md).
//!
//! localStorage holds text, hence base64. A stored value without the mark is read as the plain
//! JSON that earlier versions of the page wrote.

use base64::Engine as _;

/// What a packed value starts with (and the format's version).
pub const MARK: &str = "podium-deflate-1:";
/// Deflate level: 1, the fastest; higher levels gain little on this JSON and cost several times the script.
const LEVEL: u8 = 1;
/// The most an unpacked value may grow to, so that a damaged or foreign value cannot exhaust memory.
const MAX_UNPACKED: usize = 512 << 20;

/// The stored form of `json`.
pub fn pack(json: &str) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), LEVEL);
    let mut out = String::with_capacity(MARK.len() + deflated.len().div_ceil(3) * 4);
    out.push_str(MARK);
    base64::engine::general_purpose::STANDARD.encode_string(&deflated, &mut out);
    out
}

/// The JSON a stored value holds: unpacked when it carries the mark, as it is otherwise. A value
/// that carries the mark but cannot be unpacked is refused with the reason.
pub fn unpack(stored: String) -> Result<String, String> {
    let Some(body) = stored.strip_prefix(MARK) else { return Ok(stored) };
    let deflated = base64::engine::general_purpose::STANDARD
        .decode(body.trim_end())
        .map_err(|e| format!("the saved board is damaged (its base64 text: {e})"))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_UNPACKED)
        .map_err(|e| format!("the saved board is damaged (its compressed data: {:?})", e.status))?;
    String::from_utf8(bytes).map_err(|_| "the saved board is damaged (it is not UTF-8 text)".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_state_unpacks_to_the_same_text_and_is_smaller() {
        let mut sim = podium_engine::samples::uniform_cluster(20, "4", "16Gi");
        sim.act(podium_engine::samples::many_deployments(20, 10)).unwrap();
        sim.advance(30);
        let json = sim.save();
        let packed = pack(&json);
        assert!(packed.starts_with(MARK));
        assert!(packed.len() * 8 < json.len(), "{} packed from {}", packed.len(), json.len());
        assert_eq!(unpack(packed).unwrap(), json);
    }

    #[test]
    fn an_unmarked_value_is_the_plain_json_earlier_pages_wrote() {
        assert_eq!(unpack("{\"podium\": 1}".to_string()).unwrap(), "{\"podium\": 1}");
        assert_eq!(unpack(String::new()).unwrap(), "");
    }

    #[test]
    fn damaged_values_are_refused_with_the_reason() {
        let bad_base64 = unpack(format!("{MARK}not base64!")).unwrap_err();
        assert!(bad_base64.contains("base64"), "{bad_base64}");
        let packed = pack("{\"podium\": 1, \"padding\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}");
        let cut = &packed[..packed.len() - 8];
        let truncated = unpack(cut.to_string()).unwrap_err();
        assert!(truncated.contains("damaged"), "{truncated}");
        let not_deflate = unpack(format!("{MARK}{}", base64::engine::general_purpose::STANDARD.encode([0xffu8; 64])))
            .unwrap_err();
        assert!(not_deflate.contains("compressed data"), "{not_deflate}");
    }
}
