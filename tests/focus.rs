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
async fn a_typed_image_survives_scaling_and_gives_way_once_applied() {
    let root = mount_with(fresh("drafts-inspector", Lang::En)).await;
    click(&q(&root, "[data-kind=\"deployment\"][data-name=\"web\"] [data-action=\"select\"]"));
    yew::scheduler::flush().await;
    let image: HtmlInputElement = q(&root, "[data-kind=\"inspector\"] input[name^=\"image-\"]").dyn_into().unwrap();
    let before = image.value();
    type_value(&image, "nginx:1.28");
    let replicas = |root: &Element| q(root, "[data-kind=\"inspector\"] [data-kind=\"replicas\"]").text_content().unwrap();
    let count = replicas(&root);
    // + scales the Deployment: the image being typed is not what it applied, so it stays.
    click(&q(&root, "[data-kind=\"inspector\"] [data-action=\"scale-up\"]"));
    yew::scheduler::flush().await;
    assert_ne!(replicas(&root), count, "the Deployment scaled");
    assert_eq!(image.value(), "nginx:1.28", "the typed image is kept");
    assert_ne!(before, "nginx:1.28");
    // Set image applies it: the engine's value is now the typed one.
    click(&q(&root, "[data-kind=\"inspector\"] [data-action=\"set-image\"]"));
    yew::scheduler::flush().await;
    tick(&root, 2).await;
    let image: HtmlInputElement = q(&root, "[data-kind=\"inspector\"] input[name^=\"image-\"]").dyn_into().unwrap();
    assert_eq!(image.value(), "nginx:1.28");
    let template = q(&root, "[data-kind=\"inspector\"]").text_content().unwrap();
    assert!(template.contains("nginx:1.28"), "the Deployment's template shows the new image");
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

fn delete_key(target: &Element) {
    let init = KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_key("Delete");
    target.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

/// Ticks until the pod's element is gone (its graceful stop), at most two virtual minutes.
async fn until_gone(root: &Element, pod: &str) {
    for _ in 0..24 {
        if q_opt(root, &pod_sel(pod)).is_none() {
            return;
        }
        tick(root, 5).await;
    }
    panic!("{pod} is still drawn");
}

/// Focus is on an element of the board that stays: a pod's or a node's, never `<body>`.
fn focus_is_in_the_board(root: &Element, what: &str) -> Element {
    let f = focused().unwrap_or_else(|| panic!("{what}: nothing has focus"));
    assert!(f.is_connected() && root.contains(Some(&f)), "{what}: focus fell to {}", f.tag_name());
    assert!(f.closest("[data-kind=\"pod\"], [data-kind=\"node\"], [data-kind=\"pending-lane\"]").unwrap().is_some(), "{what}: focus on {}", f.outer_html());
    f
}

fn compact_board() -> podium_engine::Sim {
    let mut sim = podium_engine::samples::uniform_cluster(31, "4", "8Gi");
    sim.act(podium_engine::samples::many_deployments(4, 10)).unwrap();
    sim.advance(20);
    sim
}

async fn mount_sim(sim: podium_engine::Sim, storage: &str) -> Element {
    let props = podium_app::app::AppProps { initial: Some(podium_app::app::InitialSim(std::rc::Rc::new(sim))), ..fresh(storage, Lang::En) };
    mount_with(props).await
}

#[wasm_bindgen_test]
async fn delete_on_a_focused_pod_dot_moves_focus_to_the_next_dot_and_it_stays_in_the_board() {
    let root = mount_sim(compact_board(), "focus-dot-delete").await;
    assert_eq!(attr(&q(&root, ".board"), "data-compact"), "true");
    let node = all(&root, "[data-kind=\"node\"]").into_iter().find(|n| all(n, "[data-kind=\"pod\"]").len() >= 2).expect("a node with two pods");
    let dots = all(&node, "[data-kind=\"pod\"]");
    let (first, second) = (attr(&dots[0], "data-name"), attr(&dots[1], "data-name"));
    let button = q(&dots[0], "[data-action=\"select\"]");
    focus(&button);
    delete_key(&button);
    yew::scheduler::flush().await;
    assert_eq!(attr(&q(&root, &pod_sel(&first)), "data-status"), "Terminating");
    let f = focus_is_in_the_board(&root, "after Delete");
    assert_eq!(f.closest("[data-kind=\"pod\"]").unwrap().map(|p| attr(&p, "data-name")), Some(second.clone()), "focus on the next dot of the node");
    until_gone(&root, &first).await;
    let f = focus_is_in_the_board(&root, "once the pod is gone");
    assert_eq!(f.closest("[data-kind=\"pod\"]").unwrap().map(|p| attr(&p, "data-name")), Some(second), "focus still on that dot");
}

#[wasm_bindgen_test]
async fn delete_on_the_only_dot_of_a_node_moves_focus_to_the_node() {
    let root = mount_sim(compact_board(), "focus-dot-alone").await;
    let node = all(&root, "[data-kind=\"node\"]").into_iter().find(|n| all(n, "[data-kind=\"pod\"]").len() == 1).expect("a node with one pod");
    let name = attr(&q(&node, "[data-kind=\"pod\"]"), "data-name");
    let button = q(&node, "[data-kind=\"pod\"] [data-action=\"select\"]");
    focus(&button);
    delete_key(&button);
    yew::scheduler::flush().await;
    let f = focus_is_in_the_board(&root, "after Delete");
    assert!(f.closest("[data-kind=\"pod\"]").unwrap().is_none(), "not on the going pod: {}", f.outer_html());
    assert_eq!(f.closest("[data-kind=\"node\"]").unwrap(), Some(node.clone()), "on its node");
    until_gone(&root, &name).await;
    let f = focus_is_in_the_board(&root, "once the pod is gone");
    assert_eq!(f.closest("[data-kind=\"node\"]").unwrap(), Some(node), "still on its node");
}

#[wasm_bindgen_test]
async fn a_card_killed_from_its_focused_button_hands_focus_on_and_a_kill_from_elsewhere_moves_none() {
    let root = mount_with(fresh("focus-card-kill", Lang::En)).await;
    assert_eq!(attr(&q(&root, ".board"), "data-compact"), "false");
    // The keyboard: Enter or Space on the focused kill button (a click).
    let kill = q(&root, "[data-kind=\"node\"] [data-kind=\"pod\"][data-owner=\"web\"] [data-action=\"kill\"]");
    let name = attr(&kill.closest("[data-kind=\"pod\"]").unwrap().unwrap(), "data-name");
    focus(&kill);
    click(&kill);
    yew::scheduler::flush().await;
    let f = focus_is_in_the_board(&root, "after the kill");
    assert!(f.closest(&pod_sel(&name)).unwrap().is_none(), "not on the going pod: {}", f.outer_html());
    until_gone(&root, &name).await;
    focus_is_in_the_board(&root, "once the pod is gone");

    // Focus elsewhere (the console's prompt): a kill by mouse leaves it there.
    let prompt = q(&root, "[data-kind=\"console-input\"]");
    focus(&prompt);
    click(&q(&root, "[data-kind=\"node\"] [data-kind=\"pod\"][data-owner=\"web\"]:not(.is-terminating) [data-action=\"kill\"]"));
    yew::scheduler::flush().await;
    assert!(focused().is_some_and(|f| f == prompt), "focus stays on the prompt");
}
