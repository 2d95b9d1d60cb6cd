//! The board in a real browser (headless Chromium through wasm-bindgen-test):
//! drag, refuse, keyboard, kill and replace, language, node failure. Time only
//! moves through the step control, so every run is the same.
#![cfg(target_arch = "wasm32")]

use podium_app::i18n::Lang;
use podium_app::starter;
use podium_engine::kube::scheduler::check_fit;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit, PointerEvent, PointerEventInit};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount() -> Element {
    mount_with(fresh("board-test", Lang::En)).await
}

fn center(el: &Element) -> (i32, i32) {
    let r = el.get_bounding_client_rect();
    ((r.left() + r.width() / 2.0) as i32, (r.top() + r.height() / 2.0) as i32)
}

fn pointer(target: &Element, kind: &str, (x, y): (i32, i32)) {
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_composed(true);
    init.set_pointer_id(1);
    init.set_pointer_type("mouse");
    init.set_is_primary(true);
    init.set_client_x(x);
    init.set_client_y(y);
    init.set_button(0);
    init.set_buttons(if kind == "pointerup" { 0 } else { 1 });
    let ev = PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn key(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_key(key);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

async fn drag(root: &Element, pod: &str, node: &str) {
    let card = q(root, &pod_sel(pod));
    let target = q(root, &node_sel(node));
    pointer(&card, "pointerdown", center(&card));
    yew::scheduler::flush().await;
    let (x, y) = center(&target);
    pointer(&target, "pointermove", (x - 10, y - 10));
    yew::scheduler::flush().await;
    pointer(&target, "pointermove", (x, y));
    yew::scheduler::flush().await;
    pointer(&target, "pointerup", (x, y));
    yew::scheduler::flush().await;
}

fn active_name() -> Option<String> {
    web_sys::window().unwrap().document().unwrap().active_element().and_then(|e| e.get_attribute("data-name"))
}

/// The first hand-scheduled pod of the starter cluster, a node that can take it
/// and one that cannot, with the reasons, asked of the engine itself.
fn batch_pod_and_nodes() -> (String, String, String, Vec<String>) {
    let sim = starter::sim();
    let kube = sim.kube();
    let pod = kube.store.pods.values().find(|p| p.node().is_none() && p.metadata.name.starts_with("batch-")).unwrap();
    let fits = kube.store.nodes.values().find(|n| check_fit(kube, pod, n).is_ok()).unwrap().name().to_string();
    let (refuses, reasons) =
        kube.store.nodes.values().find_map(|n| check_fit(kube, pod, n).err().map(|r| (n.name().to_string(), r))).unwrap();
    (pod.metadata.name.clone(), fits, refuses, reasons)
}

#[wasm_bindgen_test]
async fn dragging_a_pending_pod_onto_a_node_that_fits_binds_it() {
    let root = mount().await;
    let (pod, fits, _, _) = batch_pod_and_nodes();
    let card = q(&root, &pod_sel(&pod));
    assert!(card.closest("[data-kind=\"pending-lane\"]").unwrap().is_some(), "starts in the pending lane");
    assert_eq!(card.get_attribute("data-node"), None);

    drag(&root, &pod, &fits).await;

    let card = q(&root, &pod_sel(&pod));
    assert_eq!(card.get_attribute("data-node").as_deref(), Some(fits.as_str()));
    let holder = card.closest("[data-kind=\"node\"]").unwrap().expect("the pod is inside a node");
    assert_eq!(holder.get_attribute("data-name").as_deref(), Some(fits.as_str()));
    assert!(q_opt(&root, "[data-kind=\"refusal\"]").is_none());
    let announcer = q(&root, "[data-kind=\"announcer\"]").text_content().unwrap();
    assert!(announcer.contains(&format!("Placed {pod} on {fits}")), "{announcer}");
}

#[wasm_bindgen_test]
async fn a_drag_whose_events_stay_on_the_captured_card_still_finds_the_node() {
    // A real pointer is captured by the card: moves and the release target the
    // card, not the node under the pointer. Only the coordinates say where it is.
    let root = mount().await;
    let (pod, fits, _, _) = batch_pod_and_nodes();
    let card = q(&root, &pod_sel(&pod));
    let (x, y) = center(&q(&root, &node_sel(&fits)));
    pointer(&card, "pointerdown", center(&card));
    pointer(&card, "pointermove", (x, y - 20));
    yew::scheduler::flush().await;
    let card = q(&root, &pod_sel(&pod));
    assert!(card.class_list().contains("is-dragging"), "the card follows the pointer");
    assert_eq!(q(&root, &node_sel(&fits)).get_attribute("data-fit").as_deref(), Some("yes"));
    pointer(&card, "pointermove", (x, y));
    pointer(&card, "pointerup", (x, y));
    yew::scheduler::flush().await;
    assert_eq!(q(&root, &pod_sel(&pod)).get_attribute("data-node").as_deref(), Some(fits.as_str()));
    assert!(q_opt(&root, "[data-kind=\"verdict\"]").is_none(), "drop targets are cleared after the drop");
}

#[wasm_bindgen_test]
async fn a_refused_drag_says_why_next_to_the_node_and_changes_nothing() {
    let root = mount().await;
    let (pod, _, refuses, reasons) = batch_pod_and_nodes();
    assert_eq!(reasons, vec!["Insufficient cpu".to_string()]);
    let pods_before = all(&root, &format!("{} [data-kind=\"pod\"]", node_sel(&refuses))).len();
    let clock_before = q(&root, "[data-kind=\"clock\"]").get_attribute("data-seconds");

    // While dragging over it, the node already says it cannot take the pod.
    let card = q(&root, &pod_sel(&pod));
    let target = q(&root, &node_sel(&refuses));
    pointer(&card, "pointerdown", center(&card));
    pointer(&target, "pointermove", center(&target));
    yew::scheduler::flush().await;
    let target = q(&root, &node_sel(&refuses));
    assert_eq!(target.get_attribute("data-fit").as_deref(), Some("no"));
    assert!(target.class_list().contains("is-target"));
    pointer(&target, "pointerup", center(&target));
    yew::scheduler::flush().await;

    let refusal = q(&root, &format!("{} [data-kind=\"refusal\"]", node_sel(&refuses)));
    assert!(refusal.text_content().unwrap().contains("Insufficient cpu"), "{:?}", refusal.text_content());
    let card = q(&root, &pod_sel(&pod));
    assert_eq!(card.get_attribute("data-node"), None, "the pod did not move");
    assert!(card.closest("[data-kind=\"pending-lane\"]").unwrap().is_some());
    assert_eq!(all(&root, &format!("{} [data-kind=\"pod\"]", node_sel(&refuses))).len(), pods_before);
    assert_eq!(q(&root, "[data-kind=\"clock\"]").get_attribute("data-seconds"), clock_before);
}

#[wasm_bindgen_test]
async fn the_keyboard_picks_up_chooses_and_places_a_pod() {
    let root = mount().await;
    let (pod, fits, refuses, _) = batch_pod_and_nodes();
    let card = q(&root, &pod_sel(&pod)).dyn_into::<HtmlElement>().unwrap();
    card.focus().unwrap();
    key(&card, "Enter");
    yew::scheduler::flush().await;
    assert_eq!(active_name().as_deref(), Some("node-a"), "focus moves to the first node");
    let announcer = q(&root, "[data-kind=\"announcer\"]").text_content().unwrap();
    assert!(announcer.starts_with("Node node-a"), "{announcer}");

    // Arrow keys walk the nodes until the one that cannot take it; Enter is refused there.
    let mut guard = 0;
    while active_name().as_deref() != Some(refuses.as_str()) {
        let el = q(&root, &node_sel(&active_name().unwrap()));
        key(&el, "ArrowRight");
        yew::scheduler::flush().await;
        guard += 1;
        assert!(guard < 5, "arrows never reached {refuses}");
    }
    let el = q(&root, &node_sel(&refuses));
    assert!(el.class_list().contains("is-target"));
    key(&el, "Enter");
    yew::scheduler::flush().await;
    assert!(q(&root, &format!("{} [data-kind=\"refusal\"]", node_sel(&refuses))).text_content().unwrap().contains("Insufficient cpu"));
    assert_eq!(q(&root, &pod_sel(&pod)).get_attribute("data-node"), None);

    // Still held: Tab-like focus onto a node that fits, then Enter places it.
    let good = q(&root, &node_sel(&fits)).dyn_into::<HtmlElement>().unwrap();
    good.focus().unwrap();
    yew::scheduler::flush().await;
    let good = q(&root, &node_sel(&fits));
    assert!(good.class_list().contains("is-target"), "focus chooses the node");
    key(&good, "Enter");
    yew::scheduler::flush().await;
    assert_eq!(q(&root, &pod_sel(&pod)).get_attribute("data-node").as_deref(), Some(fits.as_str()));

    // Escape puts a held pod back.
    let other = all(&root, "[data-kind=\"pending-lane\"] [data-kind=\"pod\"]")[0].clone();
    let other_name = other.get_attribute("data-name").unwrap();
    other.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    key(&other, " ");
    yew::scheduler::flush().await;
    assert!(q(&root, &pod_sel(&other_name)).get_attribute("data-carried").is_some());
    key(&q(&root, &node_sel("node-a")), "Escape");
    yew::scheduler::flush().await;
    assert!(q(&root, &pod_sel(&other_name)).get_attribute("data-carried").is_none());
    assert!(q(&root, "[data-kind=\"announcer\"]").text_content().unwrap().contains("Cancelled"));
}

fn live_web_pods(root: &Element) -> Vec<String> {
    all(root, "[data-kind=\"pod\"][data-owner=\"web\"]")
        .into_iter()
        .filter(|p| p.get_attribute("data-status").as_deref() != Some("Terminating"))
        .map(|p| p.get_attribute("data-name").unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn a_killed_pod_is_replaced_by_its_replicaset() {
    let root = mount().await;
    step(&root, 10).await;
    let before = live_web_pods(&root);
    assert_eq!(before.len(), 4);
    let victim = before[0].clone();
    click(&q(&root, &format!("{} [data-action=\"kill\"]", pod_sel(&victim))));
    yew::scheduler::flush().await;
    assert_eq!(q(&root, &pod_sel(&victim)).get_attribute("data-status").as_deref(), Some("Terminating"));

    step(&root, 5).await;
    assert!(q_opt(&root, &pod_sel(&victim)).is_none(), "the killed pod is gone");
    let after = live_web_pods(&root);
    assert_eq!(after.len(), 4, "back to the desired 4: {after:?}");
    assert!(!after.contains(&victim));
    let replacement = after.iter().find(|p| !before.contains(p)).expect("a new pod");
    assert!(q(&root, &pod_sel(replacement)).get_attribute("data-node").is_some());
    assert!(!all(&root, "[data-kind=\"event\"][data-reason=\"SuccessfulCreate\"]").is_empty());
    assert_eq!(q(&root, "[data-kind=\"clock\"]").get_attribute("data-seconds").as_deref(), Some("15"));
}

#[wasm_bindgen_test]
async fn the_language_switch_rerenders_in_korean() {
    let root = mount().await;
    let play = q(&root, "[data-action=\"play\"]");
    assert!(play.text_content().unwrap().contains("Play"));
    assert!(q(&root, "#pending-title").text_content().unwrap().contains("Pending pods"));
    click(&q(&root, "[data-action=\"lang\"][data-lang=\"ko\"]"));
    yew::scheduler::flush().await;
    let play = q(&root, "[data-action=\"play\"]");
    assert!(play.text_content().unwrap().contains("재생"), "{:?}", play.text_content());
    assert!(q(&root, "#pending-title").text_content().unwrap().contains("대기 중인 파드"));
    assert_eq!(root.first_element_child().unwrap().get_attribute("lang").as_deref(), Some("ko"));
    // Engine words stay as kubectl prints them.
    assert_eq!(q(&root, &node_sel("node-a")).get_attribute("data-status").as_deref(), Some("Ready"));
    click(&q(&root, "[data-action=\"lang\"][data-lang=\"en\"]"));
    yew::scheduler::flush().await;
    assert!(q(&root, "[data-action=\"play\"]").text_content().unwrap().contains("Play"));
}

#[wasm_bindgen_test]
async fn a_switched_off_node_goes_not_ready_after_fifty_seconds() {
    let root = mount().await;
    click(&q(&root, &format!("{} [data-action=\"kill\"]", node_sel("node-a"))));
    yew::scheduler::flush().await;
    step(&root, 49).await;
    assert_eq!(q(&root, &node_sel("node-a")).get_attribute("data-status").as_deref(), Some("Ready"));
    step(&root, 1).await;
    assert_eq!(q(&root, &node_sel("node-a")).get_attribute("data-status").as_deref(), Some("NotReady"));
    assert_eq!(q(&root, "[data-kind=\"clock\"]").get_attribute("data-seconds").as_deref(), Some("50"));
    assert!(q(&root, &format!("{} [data-action=\"kill\"]", node_sel("node-a"))).has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn play_and_speed_controls_switch_state() {
    let root = mount().await;
    click(&q(&root, "[data-action=\"speed\"][data-speed=\"30\"]"));
    yew::scheduler::flush().await;
    assert_eq!(q(&root, "[data-action=\"speed\"][data-speed=\"30\"]").get_attribute("aria-checked").as_deref(), Some("true"));
    click(&q(&root, "[data-action=\"play\"]"));
    yew::scheduler::flush().await;
    let pause = q(&root, "[data-action=\"pause\"]");
    click(&pause);
    yew::scheduler::flush().await;
    assert!(q_opt(&root, "[data-action=\"play\"]").is_some());
}

#[wasm_bindgen_test]
async fn selecting_a_pod_shows_its_events_and_says_when_it_is_gone() {
    let root = mount().await;
    step(&root, 5).await;
    let pod = live_web_pods(&root).into_iter().next().expect("a running web pod");
    assert!(q_opt(&root, "[data-kind=\"inspector\"]").is_none(), "nothing is selected at first");
    click(&q(&root, &format!("{} [data-action=\"select\"]", pod_sel(&pod))));
    yew::scheduler::flush().await;
    let inspector = q(&root, "[data-kind=\"inspector\"]");
    assert_eq!(inspector.get_attribute("data-object").as_deref(), Some(format!("pod/{pod}").as_str()));
    assert_eq!(q(&root, &pod_sel(&pod)).get_attribute("data-selected").as_deref(), Some("true"));
    let reasons: Vec<String> = all(&inspector, "[data-kind=\"event\"]").iter().filter_map(|e| e.get_attribute("data-reason")).collect();
    assert_eq!(reasons.first().map(String::as_str), Some("Scheduled"), "oldest first: {reasons:?}");
    assert!(reasons.iter().any(|r| r == "Started"), "{reasons:?}");
    assert!(q_opt(&inspector, ".gone").is_none());

    click(&q(&root, &format!("{} [data-action=\"kill\"]", pod_sel(&pod))));
    yew::scheduler::flush().await;
    step(&root, 40).await;
    let inspector = q(&root, "[data-kind=\"inspector\"]");
    assert!(q_opt(&inspector, ".gone").is_some(), "the killed pod is gone and the inspector says so");
    let reasons: Vec<String> = all(&inspector, "[data-kind=\"event\"]").iter().filter_map(|e| e.get_attribute("data-reason")).collect();
    assert!(reasons.iter().any(|r| r == "Killing"), "{reasons:?}");

    click(&q(&root, "[data-action=\"deselect\"]"));
    yew::scheduler::flush().await;
    assert!(q_opt(&root, "[data-kind=\"inspector\"]").is_none());
}

#[wasm_bindgen_test]
async fn selecting_a_node_or_a_deployment_shows_it() {
    let root = mount().await;
    step(&root, 5).await;
    let node = all(&root, "[data-kind=\"node\"]")[0].get_attribute("data-name").unwrap();
    click(&q(&root, &format!("{} .node-head [data-action=\"select\"]", node_sel(&node))));
    yew::scheduler::flush().await;
    assert_eq!(q(&root, "[data-kind=\"inspector\"]").get_attribute("data-object"), Some(format!("node/{node}")));
    click(&q(&root, "[data-kind=\"deployment\"] [data-action=\"select\"]"));
    yew::scheduler::flush().await;
    let inspector = q(&root, "[data-kind=\"inspector\"]");
    let dep = q(&root, "[data-kind=\"deployment\"]").get_attribute("data-name").unwrap();
    assert_eq!(inspector.get_attribute("data-object"), Some(format!("deployment/{dep}")));
    let reasons: Vec<String> = all(&inspector, "[data-kind=\"event\"]").iter().filter_map(|e| e.get_attribute("data-reason")).collect();
    assert!(reasons.iter().any(|r| r == "ScalingReplicaSet"), "{reasons:?}");
}

/// One rendering step of the browser (an `IntersectionObserver` reports after one).
async fn animation_frame() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// The events panel's rows inside its scroll box's view: (seq, count text, age in seconds).
fn event_ages_in_view(root: &Element) -> Vec<(String, String, u64)> {
    let scroll = q(root, "[data-kind=\"events\"] .events-scroll").get_bounding_client_rect();
    all(root, "[data-kind=\"events\"] tr[data-kind=\"event\"]")
        .into_iter()
        .filter(|tr| {
            let r = tr.get_bounding_client_rect();
            r.top() >= scroll.top() && r.bottom() <= scroll.bottom()
        })
        .map(|tr| {
            let age = q(&tr, "td.age").text_content().unwrap();
            let (secs, count) = age.split_once(' ').unwrap_or((&age, ""));
            let secs = secs.strip_suffix('s').and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("an age in seconds: {age}"));
            (attr(&tr, "data-seq"), count.to_string(), secs)
        })
        .collect()
}

/// Every age in view is `secs` more than it was, for the rows still there and not repeated since.
fn aged_by(before: &[(String, String, u64)], after: &[(String, String, u64)], secs: u64) -> usize {
    let mut compared = 0;
    for (seq, count, age) in after {
        if let Some((_, c0, a0)) = before.iter().find(|(s, _, _)| s == seq) {
            if c0 == count {
                assert_eq!(*age, a0 + secs, "row {seq}: {a0}s then {age}s after {secs}s");
                compared += 1;
            }
        }
    }
    compared
}

/// LAST SEEN follows the virtual clock, as kubectl's does, in the rows in view and in the rows
/// scrolled to (the panel writes ages only near its view: `events_panel::Table`).
#[wasm_bindgen_test]
async fn event_ages_follow_the_clock_in_view_and_once_scrolled_to() {
    let root = mount_with(fresh("board-ages", Lang::En)).await;
    // The page's stylesheet is not loaded here: the scroll box's height, as static/style.css sets it.
    q(&root, "[data-kind=\"events\"] .events-scroll").set_attribute("style", "max-height: 19rem; overflow: auto").unwrap();
    // Enough events to fill several screens of the scroll box: pods killed and replaced.
    for _ in 0..4 {
        for pod in live_web_pods(&root) {
            click(&q(&root, &format!("{} [data-action=\"kill\"]", pod_sel(&pod))));
        }
        yew::scheduler::flush().await;
        step(&root, 6).await;
    }
    let rows = all(&root, "[data-kind=\"events\"] tr[data-kind=\"event\"]").len();
    let scroll = q(&root, "[data-kind=\"events\"] .events-scroll");
    assert!(scroll.scroll_height() > 4 * scroll.client_height(), "{rows} rows fill four screens");
    animation_frame().await;
    let top = event_ages_in_view(&root);
    assert!(!top.is_empty());
    step(&root, 7).await;
    assert!(aged_by(&top, &event_ages_in_view(&root), 7) > 3, "the rows in view aged");

    // The oldest rows, far below the view: scrolled to, they show their age now.
    let bottom_before: Vec<(String, String, u64)> = {
        scroll.set_scroll_top(scroll.scroll_height());
        for _ in 0..5 {
            animation_frame().await;
        }
        event_ages_in_view(&root)
    };
    scroll.set_scroll_top(0);
    for _ in 0..5 {
        animation_frame().await;
    }
    step(&root, 9).await;
    scroll.set_scroll_top(scroll.scroll_height());
    let mut bottom = Vec::new();
    for _ in 0..10 {
        animation_frame().await;
        bottom = event_ages_in_view(&root);
        if bottom.iter().zip(&bottom_before).all(|((_, _, a), (_, _, b))| *a == b + 9) {
            break;
        }
    }
    assert!(aged_by(&bottom_before, &bottom, 9) > 3, "the rows scrolled to aged");
}
