//! What every browser test file uses to find, read and drive the mounted board.
//! (Each file under tests/ is its own crate and uses only some of these.)
#![allow(dead_code)]

use podium_app::app::{App, AppProps};
use podium_app::i18n::Lang;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Paused, in `lang`, on a fresh board saved under its own storage key (so test files
/// never read each other's autosave).
pub fn fresh(storage: &str, lang: Lang) -> AppProps {
    AppProps { autoplay: false, lang: Some(lang), fresh: Some(true), storage: storage.into(), ..AppProps::default() }
}

/// Mounts the board into a new element of the page and waits for its first render.
pub async fn mount_with(props: AppProps) -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

pub fn q(root: &Element, sel: &str) -> Element {
    root.query_selector(sel).unwrap().unwrap_or_else(|| panic!("nothing matches {sel}"))
}

pub fn q_opt(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

pub fn all(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.dyn_into::<Element>().unwrap()).collect()
}

pub fn click(el: &Element) {
    el.dyn_ref::<HtmlElement>().unwrap().click();
}

pub async fn step(root: &Element, secs: usize) {
    let button = q(root, "[data-action=\"step\"]");
    for _ in 0..secs {
        click(&button);
    }
    yew::scheduler::flush().await;
}

/// Lets the browser run its event loop once (a zero-delay timeout), as between two timer tasks.
pub async fn next_task() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

pub fn pod_sel(name: &str) -> String {
    format!("[data-kind=\"pod\"][data-name=\"{name}\"]")
}

pub fn node_sel(name: &str) -> String {
    format!("[data-kind=\"node\"][data-name=\"{name}\"]")
}

pub fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_else(|| panic!("no {name} on {}", el.outer_html()))
}
