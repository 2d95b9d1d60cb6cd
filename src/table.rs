//! Pieces the tables share. A table's column headings are a list of texts drawn by one
//! function, not markup written out per column: each written-out `<th>` is its own block of
//! element-building code in the wasm.

use crate::i18n::{tr, Lang, Text};
use yew::prelude::*;

/// `<th scope="col">` for each text, in order (placed inside the heading row's `<tr>`).
pub fn column_heads(lang: Lang, cols: &[Text]) -> Html {
    cols.iter().map(|&c| html! { <th scope="col">{ tr(lang, c) }</th> }).collect()
}
