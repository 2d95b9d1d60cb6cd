//! What survives a reload: the board's state in localStorage (autosaved, throttled,
//! and on pagehide/visibilitychange), the chosen built-in cluster and the language;
//! and the state as a file (export: a Blob download; import: a file input). The state
//! itself is the engine's versioned JSON (`Sim::save` / `Sim::restore`).

use crate::clusters::Builtin;
use crate::i18n::Lang;
use wasm_bindgen::JsCast;

/// How often (ms) the autosave beat looks whether the board should be written to localStorage.
pub const AUTOSAVE_MS: u32 = 2_000;
/// Beats the clock's own progress waits before it is written (10 s): one write serializes the whole
/// `Sim` (3 MB of JSON at 500 pods, 6 MB before the compact decision log), and at 10× the board changes on
/// every 100 ms timer task, so a write every beat would be one long task in twenty. What the learner
/// did is written at the next beat; pagehide and visibilitychange write at once (docs/benchmarks.md).
pub const CLOCK_SAVE_BEATS: u32 = 5;

/// Whether an autosave beat writes a changed board: at once after something the learner did, after
/// `CLOCK_SAVE_BEATS` beats without a write when only the clock moved it.
pub fn autosave_due(learner_changed: bool, beats_since_write: u32) -> bool {
    learner_changed || beats_since_write >= CLOCK_SAVE_BEATS
}
/// The name of an exported file.
pub const EXPORT_FILE: &str = "podium-state.json";

/// The localStorage keys under one prefix (`podium` on the page; tests use their own).
#[derive(Clone, Debug, PartialEq)]
pub struct Store {
    prefix: String,
}

impl Store {
    pub fn new(prefix: &str) -> Store {
        Store { prefix: prefix.to_string() }
    }

    fn key(&self, what: &str) -> String {
        format!("{}.{what}", self.prefix)
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    fn get(&self, what: &str) -> Option<String> {
        Self::storage()?.get_item(&self.key(what)).ok().flatten()
    }

    /// False when the browser refuses (storage off, quota full): the board goes on unsaved.
    fn set(&self, what: &str, value: &str) -> bool {
        Self::storage().is_some_and(|s| s.set_item(&self.key(what), value).is_ok())
    }

    /// The saved state's JSON, unpacked (`autosave_codec`); Err says why a stored value is unreadable.
    pub fn state(&self) -> Option<Result<String, String>> {
        self.get("state").map(crate::autosave_codec::unpack)
    }

    /// Writes the state's JSON packed (`autosave_codec`): a large board's plain JSON is over the quota.
    pub fn save_state(&self, json: &str) -> bool {
        self.set("state", &crate::autosave_codec::pack(json))
    }

    pub fn cluster(&self) -> Option<Builtin> {
        self.get("cluster").as_deref().and_then(Builtin::from_name)
    }

    pub fn save_cluster(&self, b: Builtin) -> bool {
        self.set("cluster", b.name())
    }

    pub fn lang(&self) -> Option<Lang> {
        self.get("lang").as_deref().and_then(Lang::from_tag)
    }

    pub fn save_lang(&self, l: Lang) -> bool {
        self.set("lang", l.code())
    }
}

/// `?name` or `?name=value` of the page's URL.
pub fn query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// `?fresh` or `?fresh=1` (anything but `0`/`false`): start from the built-in cluster.
pub fn fresh_in_url() -> bool {
    query("fresh").is_some_and(|v| v != "0" && v != "false")
}

/// `?scenario=NAME`: a built-in cluster chosen by the link.
pub fn scenario_in_url() -> Option<Builtin> {
    query("scenario").as_deref().and_then(Builtin::from_name)
}

/// The state as a downloadable file: an object URL for a JSON Blob (the caller revokes it).
pub fn object_url(json: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(json));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Starts the browser's download of `url` as `EXPORT_FILE`.
pub fn download(url: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(a) = doc.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) else { return };
    a.set_href(url);
    a.set_download(EXPORT_FILE);
    a.click();
}

/// The text of the first file chosen in a file input.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Result<String, String> {
    let file = input.files().and_then(|f| f.get(0)).ok_or_else(|| "no file was chosen".to_string())?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.map_err(|e| format!("{e:?}"))?;
    text.as_string().ok_or_else(|| "the file is not text".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_alone_is_written_every_fifth_beat_a_learner_change_at_the_next() {
        let clock_only: Vec<bool> = (1..=6).map(|beats| autosave_due(false, beats)).collect();
        assert_eq!(clock_only, [false, false, false, false, true, true]);
        assert!(autosave_due(true, 1));
        assert_eq!(CLOCK_SAVE_BEATS * AUTOSAVE_MS, 10_000);
    }
}
