//! What every browser test file uses to find, read and drive the mounted board.
//! (Each file under tests/ is its own crate and uses only some of these.)
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

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

pub fn pod_sel(name: &str) -> String {
    format!("[data-kind=\"pod\"][data-name=\"{name}\"]")
}

pub fn node_sel(name: &str) -> String {
    format!("[data-kind=\"node\"][data-name=\"{name}\"]")
}

pub fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_else(|| panic!("no {name} on {}", el.outer_html()))
}
