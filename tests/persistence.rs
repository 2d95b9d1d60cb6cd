//! What survives in a real browser (headless Chromium through wasm-bindgen-test): the
//! board saved to localStorage and taken up again by a new App (a reload), `fresh`
//! ignoring the save, import of a bad file (shown, nothing changed), export then import,
//! reset, and each built-in cluster. Every test uses its own storage prefix.
#![cfg(target_arch = "wasm32")]

use podium_app::app::{App, AppProps};
use podium_app::clusters::Builtin;
use podium_app::i18n::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::AppHandle;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn props(storage: &str, fresh: bool) -> AppProps {
    AppProps { autoplay: false, lang: Some(Lang::En), fresh: Some(fresh), storage: storage.into(), ..AppProps::default() }
}

async fn mount_with(p: AppProps) -> (Element, AppHandle<App>) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), p).render();
    yew::scheduler::flush().await;
    (root, handle)
}

/// The app goes (as on a reload) and its element with it.
async fn unmount(root: Element, handle: AppHandle<App>) {
    handle.destroy();
    yew::scheduler::flush().await;
    root.remove();
}

fn clock(root: &Element) -> String {
    q(root, "[data-kind=\"clock\"]").get_attribute("data-seconds").unwrap()
}

/// Every pod as `name@node:status`, sorted.
fn pods(root: &Element) -> Vec<String> {
    let mut v: Vec<String> = all(root, "[data-kind=\"pod\"]")
        .iter()
        .map(|p| {
            let a = |n: &str| p.get_attribute(n).unwrap_or_default();
            format!("{}@{}:{}", a("data-name"), a("data-node"), a("data-status"))
        })
        .collect();
    v.sort();
    v
}

fn window_event(kind: &str) {
    let ev = web_sys::Event::new(kind).unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
}

/// Kills the first pod bound to a node; returns its name.
async fn kill_a_bound_pod(root: &Element) -> String {
    let pod = all(root, "[data-kind=\"pod\"][data-node]")[0].clone();
    click(&pod.query_selector("[data-action=\"kill\"]").unwrap().unwrap());
    yew::scheduler::flush().await;
    pod.get_attribute("data-name").unwrap()
}

/// Chooses `text` as a file in the import input and waits until the app has read it.
async fn import(root: &Element, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let file = web_sys::File::new_with_str_sequence(&parts, "state.json").unwrap();
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(&file).unwrap();
    let input: HtmlInputElement = q(root, "[data-action=\"import\"]").dyn_into().unwrap();
    input.set_files(dt.files().as_ref());
    let ev = web_sys::Event::new("change").unwrap();
    input.dispatch_event(&ev).unwrap();
    yew::scheduler::flush().await;
    // The app reads the file with `File.text()`; reading it here too resolves after its read.
    JsFuture::from(file.text()).await.unwrap();
    for _ in 0..10 {
        if root.query_selector("[data-kind=\"state-message\"]").unwrap().is_some() {
            break;
        }
        JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL)).await.unwrap();
        yew::scheduler::flush().await;
    }
}

fn message(root: &Element) -> (bool, String) {
    let m = q(root, "[data-kind=\"state-message\"]");
    (m.get_attribute("data-error").as_deref() == Some("true"), m.text_content().unwrap())
}

fn stored(key: &str) -> Option<String> {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item(key).unwrap()
}

/// The saved state's JSON: stored deflated and in base64 (`autosave_codec`).
fn stored_state(key: &str) -> Option<String> {
    stored(key).map(|s| podium_app::autosave_codec::unpack(s).expect("the saved state unpacks"))
}

#[wasm_bindgen_test]
async fn a_reload_takes_up_the_board_where_it_was() {
    let (root, handle) = mount_with(props("t-reload", true)).await;
    step(&root, 12).await;
    let killed = kill_a_bound_pod(&root).await;
    step(&root, 3).await;
    window_event("pagehide");
    yew::scheduler::flush().await;
    let (before_pods, before_clock) = (pods(&root), clock(&root));
    assert_eq!(before_clock, "15");
    assert!(before_pods.iter().all(|p| !p.starts_with(&format!("{killed}@"))), "{before_pods:?}");
    assert!(stored("t-reload.state").unwrap().starts_with(podium_app::autosave_codec::MARK));
    assert!(stored_state("t-reload.state").unwrap().starts_with("{\"podium\":1,"));
    unmount(root, handle).await;

    let (root, handle) = mount_with(props("t-reload", false)).await;
    assert_eq!(clock(&root), before_clock);
    assert_eq!(pods(&root), before_pods);
    // And it goes on from there.
    step(&root, 1).await;
    assert_eq!(clock(&root), "16");
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn a_board_of_500_pods_survives_a_reload() {
    // Its plain JSON was about 6 MB, over localStorage's quota: before the autosave was packed the
    // write was refused and a reload started afresh. With the scheduler's kept decisions saved
    // compactly it is about 3 MB (a 2,000-pod board is still over the quota unpacked).
    let mut sim = podium_engine::samples::uniform_cluster(50, "4", "16Gi");
    sim.act(podium_engine::samples::many_deployments(50, 10)).unwrap();
    sim.advance(30);
    assert!(sim.save().len() > 2 << 20, "a board of megabytes");
    let initial = Some(podium_app::app::InitialSim(std::rc::Rc::new(sim)));
    let (root, handle) = mount_with(AppProps { initial, ..props("t-big", true) }).await;
    step(&root, 2).await;
    window_event("pagehide");
    yew::scheduler::flush().await;
    let (before_pods, before_clock) = (pods(&root), clock(&root));
    assert_eq!(before_pods.len(), 500);
    let saved = stored("t-big.state").expect("the browser took the packed board");
    assert!(saved.len() < 1 << 20, "packed to {} bytes", saved.len());
    unmount(root, handle).await;

    let (root, handle) = mount_with(props("t-big", false)).await;
    assert_eq!(clock(&root), before_clock);
    assert_eq!(pods(&root), before_pods);
    unmount(root, handle).await;
    web_sys::window().unwrap().local_storage().unwrap().unwrap().remove_item("t-big.state").unwrap();
}

#[wasm_bindgen_test]
async fn fresh_ignores_and_replaces_the_saved_board() {
    let (root, handle) = mount_with(props("t-fresh", true)).await;
    let start = pods(&root);
    step(&root, 20).await;
    kill_a_bound_pod(&root).await;
    unmount(root, handle).await; // unmounting saves too
    assert!(stored_state("t-fresh.state").unwrap().contains("\"now\":20"));

    let (root, handle) = mount_with(props("t-fresh", true)).await;
    assert_eq!(clock(&root), "0");
    assert_eq!(pods(&root), start);
    assert!(stored_state("t-fresh.state").unwrap().contains("\"now\":0"), "the fresh board replaced the save");
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn a_bad_file_is_refused_with_its_place_and_changes_nothing() {
    let (root, handle) = mount_with(props("t-bad", true)).await;
    step(&root, 4).await;
    let (before_pods, before_clock) = (pods(&root), clock(&root));

    import(&root, "{\"podium\": 1,\n  \"seed\": }").await;
    let (error, text) = message(&root);
    assert!(error);
    assert_eq!(text, "The file was not loaded: line 2, column 11: expected value. Nothing changed.");
    assert_eq!((pods(&root), clock(&root)), (before_pods.clone(), before_clock.clone()));

    import(&root, "{\"name\": \"not a board\"}").await;
    let (error, text) = message(&root);
    assert!(error);
    assert!(text.contains("this is not a Podium saved state"), "{text}");
    assert_eq!((pods(&root), clock(&root)), (before_pods, before_clock));
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn an_exported_file_imports_to_the_same_board() {
    let (root, handle) = mount_with(props("t-export", true)).await;
    step(&root, 9).await;
    kill_a_bound_pod(&root).await;
    step(&root, 2).await;
    click(&q(&root, "[data-action=\"export\"]"));
    yew::scheduler::flush().await;
    let (error, text) = message(&root);
    assert!(!error);
    assert_eq!(text, "Downloaded podium-state.json. Download again");
    let link = q(&root, "[data-kind=\"export-file\"]");
    assert_eq!(link.get_attribute("download").as_deref(), Some("podium-state.json"));
    let href = link.get_attribute("href").unwrap();
    let response: web_sys::Response = JsFuture::from(web_sys::window().unwrap().fetch_with_str(&href)).await.unwrap().into();
    let file = JsFuture::from(response.text().unwrap()).await.unwrap().as_string().unwrap();
    let (exported_pods, exported_clock) = (pods(&root), clock(&root));
    unmount(root, handle).await;

    let (root, handle) = mount_with(props("t-export-2", true)).await;
    assert_eq!(clock(&root), "0");
    import(&root, &file).await;
    assert_eq!(message(&root), (false, "Loaded the board from the file.".to_string()));
    assert_eq!(clock(&root), exported_clock);
    assert_eq!(pods(&root), exported_pods);
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn reset_goes_back_to_the_start_of_the_cluster() {
    let (root, handle) = mount_with(props("t-reset", true)).await;
    let start = pods(&root);
    step(&root, 30).await;
    kill_a_bound_pod(&root).await;
    assert_ne!(pods(&root), start);
    click(&q(&root, "[data-action=\"reset\"]"));
    yew::scheduler::flush().await;
    assert_eq!(clock(&root), "0");
    assert_eq!(pods(&root), start);
    assert_eq!(message(&root), (false, "Back to the start of \u{201c}Three nodes\u{201d}.".to_string()));
    unmount(root, handle).await;
}

async fn pick(root: &Element, b: Builtin) {
    let select: HtmlSelectElement = q(root, "[data-action=\"cluster\"]").dyn_into().unwrap();
    select.set_value(b.name());
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn each_built_in_cluster_can_be_picked_and_is_remembered() {
    let (root, handle) = mount_with(props("t-pick", true)).await;
    pick(&root, Builtin::Gpu).await;
    step(&root, 3).await;
    let nodes: Vec<String> = all(&root, "[data-kind=\"node\"]").iter().map(|n| n.get_attribute("data-name").unwrap()).collect();
    assert_eq!(nodes, vec!["gpu-1", "node-a"]);
    let notebook = q(&root, "[data-kind=\"pod\"][data-name=\"notebook\"]");
    assert!(!notebook.has_attribute("data-node"), "the pod without toleration stays pending");
    assert!(notebook.closest("[data-kind=\"pending-lane\"]").unwrap().is_some());
    let lane = q(&root, "[data-kind=\"pending-lane\"]").text_content().unwrap();
    assert!(lane.contains("1 node(s) had untolerated taint {nvidia.com/gpu: present}"), "{lane}");
    assert_eq!(q(&root, "[data-kind=\"pod\"][data-name=\"train\"]").get_attribute("data-node").as_deref(), Some("gpu-1"));
    assert_eq!(stored("t-pick.cluster").as_deref(), Some("gpu"));
    unmount(root, handle).await;

    // A reload comes back to the GPU cluster; Reset starts it again.
    let (root, handle) = mount_with(props("t-pick", false)).await;
    assert_eq!(clock(&root), "3");
    click(&q(&root, "[data-action=\"reset\"]"));
    yew::scheduler::flush().await;
    assert_eq!(clock(&root), "0");
    assert!(root.query_selector("[data-kind=\"node\"][data-name=\"gpu-1\"]").unwrap().is_some());

    pick(&root, Builtin::Autoscale).await;
    let nodes: Vec<String> = all(&root, "[data-kind=\"node\"]").iter().map(|n| n.get_attribute("data-name").unwrap()).collect();
    assert_eq!(nodes, vec!["node-a"]);
    assert!(root.query_selector("[data-kind=\"deployment\"][data-name=\"shop\"]").unwrap().is_some());

    pick(&root, Builtin::Starter).await;
    assert_eq!(all(&root, "[data-kind=\"node\"]").len(), 3);
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn a_link_naming_a_cluster_starts_there() {
    let p = AppProps { scenario: Some(Builtin::Gpu), ..props("t-link", false) };
    let (root, handle) = mount_with(p).await;
    assert!(root.query_selector("[data-kind=\"node\"][data-name=\"gpu-1\"]").unwrap().is_some());
    let select: HtmlSelectElement = q(&root, "[data-action=\"cluster\"]").dyn_into().unwrap();
    assert_eq!(select.value(), "gpu");
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn the_language_choice_is_remembered() {
    let p = AppProps { lang: None, ..props("t-lang", true) };
    let (root, handle) = mount_with(p.clone()).await;
    click(&q(&root, "[data-action=\"lang\"][data-lang=\"ko\"]"));
    yew::scheduler::flush().await;
    assert_eq!(stored("t-lang.lang").as_deref(), Some("ko"));
    unmount(root, handle).await;
    let (root, handle) = mount_with(p).await;
    assert_eq!(root.query_selector(".podium").unwrap().unwrap().get_attribute("data-lang").as_deref(), Some("ko"));
    assert!(q(&root, "[data-action=\"reset\"]").text_content().unwrap().contains("처음으로"));
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn pushing_load_on_the_autoscaling_cluster_scales_pods_then_nodes() {
    let (root, handle) = mount_with(props("t-load", true)).await;
    assert!(root.query_selector("[data-kind=\"load-panel\"]").unwrap().is_none(), "the starter has no HPA");
    pick(&root, Builtin::Autoscale).await;
    let sel = "[data-kind=\"load-panel\"] input[data-action=\"traffic\"][data-target=\"shop\"]";
    let slider = q(&root, sel).dyn_into::<HtmlInputElement>().unwrap();
    assert_eq!(slider.value(), "0");
    slider.set_value("2000");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    slider.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    assert_eq!(q(&root, sel).dyn_into::<HtmlInputElement>().unwrap().value(), "2000");
    assert_eq!(attr(&q(&root, "[data-kind=\"load-panel\"] [data-kind=\"rps\"]"), "data-rps"), "2000");
    assert_eq!(attr(&q(&root, "[data-kind=\"service\"][data-name=\"shop\"]"), "data-rps"), "2000", "the Service's traffic");
    // One control in two places: the Service's inspector shows the same rate.
    click(&q(&root, "[data-kind=\"service\"][data-name=\"shop\"] [data-action=\"select\"]"));
    yew::scheduler::flush().await;
    let inspector_slider = q(&root, "[data-kind=\"inspector\"] input[data-action=\"traffic\"]").dyn_into::<HtmlInputElement>().unwrap();
    assert_eq!(inspector_slider.value(), "2000");
    let (mut more_pods, mut more_nodes) = (None, None);
    for t in (10..=400).step_by(10) {
        step(&root, 10).await;
        let shop = all(&root, "[data-kind=\"pod\"]").iter().filter(|p| p.get_attribute("data-name").unwrap().starts_with("shop-")).count();
        let nodes = all(&root, "[data-kind=\"node\"]").len();
        if shop > 2 && more_pods.is_none() {
            more_pods = Some(t);
        }
        if nodes > 1 && more_nodes.is_none() {
            more_nodes = Some(t);
        }
    }
    let (pods_at, nodes_at) = (more_pods.expect("the HPA added pods"), more_nodes.expect("the autoscaler added a node"));
    assert!(pods_at < nodes_at, "pods at {pods_at} s, nodes at {nodes_at} s");
    unmount(root, handle).await;
}
