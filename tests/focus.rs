//! Keyboard users keep their place while the board redraws: the element that has focus (the
//! console's prompt while a `get -w` prints a row every second, an inspector field being typed
//! into, a control just pressed) is patched by each render, never re-created, so focus and the
//! caret stay where they were. (Yew pairs the children of an unkeyed list from the end; a list
//! whose length changes before a focused element would re-create it.)
#![cfg(target_arch = "wasm32")]

use podium_app::i18n::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn focused() -> Option<Element> {
    web_sys::window().unwrap().document().unwrap().active_element()
}

fn focus(el: &Element) {
    el.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    assert!(focused().is_some_and(|f| &f == el), "focus moved to {}", el.outer_html());
}

fn type_value(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

fn enter(target: &Element) {
    let init = KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_key("Enter");
    target.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

/// Ticks by the step control without moving focus (a click through the DOM API does not focus).
async fn tick(root: &Element, secs: usize) {
    step(root, secs).await;
}

#[wasm_bindgen_test]
async fn the_console_prompt_keeps_focus_while_a_watch_prints_rows() {
    let root = mount_with(fresh("focus-console", Lang::En)).await;
    let prompt: HtmlInputElement = q(&root, "[data-kind=\"console-input\"]").dyn_into().unwrap();
    focus(&prompt);
    type_value(&prompt, "get pods -w");
    yew::scheduler::flush().await;
    enter(&prompt);
    yew::scheduler::flush().await;
    let before = all(&root, "[data-kind=\"console-entry\"]").len();
    // Kill a pod so the watch has rows to print; then the clock moves.
    click(&q(&root, "[data-kind=\"pod\"][data-owner=\"web\"] [data-action=\"kill\"]"));
    yew::scheduler::flush().await;
    focus(&prompt);
    type_value(&prompt, "get no");
    yew::scheduler::flush().await;
    tick(&root, 5).await;
    assert!(all(&root, "[data-kind=\"console-entry\"]").len() > before, "the watch printed rows");
    assert!(prompt.is_connected(), "the prompt is the same element");
    assert!(focused().is_some_and(|f| f == **prompt), "focus stays on the prompt");
    assert_eq!(prompt.value(), "get no", "what was being typed stays");
}

#[wasm_bindgen_test]
async fn an_inspector_field_keeps_focus_and_text_while_the_clock_moves() {
    let root = mount_with(fresh("focus-inspector", Lang::En)).await;
    click(&q(&root, "[data-kind=\"deployment\"][data-name=\"web\"] [data-action=\"select\"]"));
    yew::scheduler::flush().await;
    let image: HtmlInputElement = q(&root, "[data-kind=\"inspector\"] input[name^=\"image-\"]").dyn_into().unwrap();
    focus(&image);
    type_value(&image, "nginx:1.28");
    yew::scheduler::flush().await;
    // A pod of the Deployment dies: its replacement and the events about it come into the
    // inspector's lists while the field is being edited.
    click(&q(&root, "[data-kind=\"pod\"][data-owner=\"web\"] [data-action=\"kill\"]"));
    yew::scheduler::flush().await;
    focus(&image);
    tick(&root, 5).await;
    assert!(image.is_connected(), "the field is the same element");
    assert!(focused().is_some_and(|f| f == **image), "focus stays in the field");
    assert_eq!(image.value(), "nginx:1.28");
}

#[wasm_bindgen_test]
async fn a_pressed_step_control_keeps_focus_when_its_report_appears() {
    let root = mount_with(fresh("focus-stepper", Lang::En)).await;
    for action in ["step-controller", "step-pass", "hold"] {
        let button = q(&root, &format!("[data-action=\"{action}\"]"));
        focus(&button);
        click(&button);
        yew::scheduler::flush().await;
        assert!(button.is_connected(), "{action}: the same button");
        assert!(focused().is_some_and(|f| f == button), "{action}: focus stays on it");
    }
}
