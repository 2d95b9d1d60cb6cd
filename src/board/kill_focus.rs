//! Where keyboard focus goes when the pod it is on is killed. A killed pod's dot or card stays a
//! few seconds (Terminating) and then goes; a focused element that is removed drops the focus to
//! `<body>`, so a keyboard learner would have to Tab from the top of the page again (and Chromium
//! recalculates the page's style inside the `removeChild` of a focused element: about 2 ms in a
//! timer task at 500 pods). So the kill itself moves the focus on, the way deleting an item in a
//! list does: to the next pod of the same node (or of the pending lane) that is not going, else the
//! previous one, else the node's own details button (the lane's heading for the pending lane).
//! Only when the focus is inside that pod's element: a kill from the inspector or the console, or a
//! click while the focus is elsewhere, leaves the focus where it is.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Moves the focus off the pod `namespace/name` if it is inside that pod's element under `root`.
pub fn step_off(root: &Element, namespace: &str, name: &str) {
    let Some(active) = root.owner_document().and_then(|d| d.active_element()) else { return };
    let Some(pod) = active.closest("[data-kind=\"pod\"]").ok().flatten() else { return };
    let is_it = pod.get_attribute("data-name").as_deref() == Some(name) && pod.get_attribute("data-namespace").as_deref() == Some(namespace);
    if !is_it || !root.contains(Some(&pod)) {
        return;
    }
    let target = neighbour(&pod).or_else(|| container_target(&pod));
    if let Some(el) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The nearest sibling pod that stays (not Terminating), after then before, as the element to focus.
fn neighbour(pod: &Element) -> Option<Element> {
    let stays = |e: &Element| e.get_attribute("data-kind").as_deref() == Some("pod") && e.get_attribute("data-status").as_deref() != Some("Terminating");
    let after = std::iter::successors(pod.next_element_sibling(), Element::next_element_sibling);
    let before = std::iter::successors(pod.previous_element_sibling(), Element::previous_element_sibling);
    after.chain(before).find(stays).and_then(|e| focus_target(&e))
}

/// A pending pod is itself a tab stop (it is picked up with Enter); a dot or a card is reached
/// by its details button.
fn focus_target(pod: &Element) -> Option<Element> {
    if pod.has_attribute("tabindex") {
        return Some(pod.clone());
    }
    pod.query_selector("[data-action=\"select\"]").ok().flatten()
}

/// No pod of the node (or lane) stays: the node's details button, or the pending lane's heading.
fn container_target(pod: &Element) -> Option<Element> {
    let holder = pod.parent_element()?.closest("[data-kind=\"node\"], [data-kind=\"pending-lane\"]").ok().flatten()?;
    let sel = if holder.get_attribute("data-kind").as_deref() == Some("node") { ".node-head [data-action=\"select\"]" } else { "#pending-title" };
    holder.query_selector(sel).ok().flatten()
}
