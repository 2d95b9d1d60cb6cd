//! The inspector in a real browser (headless Chromium through wasm-bindgen-test): the
//! scheduler's reasoning for pending and placed pods, each object's details, and every
//! action it offers (cordon, drain, taint, scale, set image, roll back, load, health),
//! driven by real DOM events. Time only moves through the step control.
#![cfg(target_arch = "wasm32")]

use podium_app::i18n::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount() -> Element {
    mount_with(fresh("inspector-test", Lang::En)).await
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

async fn click_on(root: &Element, sel: &str) {
    click(&q(root, sel));
    yew::scheduler::flush().await;
}

fn key(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_key(key);
    target.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

/// Types into an input as a user would: the value changes, then an `input` event bubbles.
async fn type_into(root: &Element, sel: &str, value: &str) {
    let input = q(root, sel).dyn_into::<HtmlInputElement>().unwrap();
    input.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
}

async fn select(root: &Element, object_sel: &str) -> Element {
    click_on(root, &format!("{object_sel} [data-action=\"select\"]")).await;
    q(root, "[data-kind=\"inspector\"]")
}

const INSPECTOR: &str = "[data-kind=\"inspector\"]";
const WEB: &str = "[data-kind=\"deployment\"][data-name=\"web\"]";
const WEB_SVC: &str = "[data-kind=\"service\"][data-name=\"web\"]";

fn live_web_pods(root: &Element) -> Vec<Element> {
    all(root, "[data-kind=\"pod\"][data-owner=\"web\"]").into_iter().filter(|p| attr(p, "data-status") != "Terminating").collect()
}

fn announced(root: &Element) -> String {
    text(&q(root, "[data-kind=\"announcer\"]"))
}

fn rows(root: &Element) -> Vec<Element> {
    all(root, &format!("{INSPECTOR} [data-kind=\"schedule-row\"]"))
}

#[wasm_bindgen_test]
async fn a_pending_pod_shows_why_each_node_refused_it_in_the_schedulers_words() {
    let root = mount().await;
    let report = q(&root, "[data-kind=\"pending-lane\"] [data-kind=\"pod\"][data-owner=\"report\"]");
    let name = attr(&report, "data-name");
    let inspector = select(&root, &pod_sel(&name)).await;
    assert_eq!(attr(&inspector, "data-object"), format!("pod/{name}"));
    let rows = rows(&root);
    assert_eq!(rows.len(), 3, "one row per node");
    for r in &rows {
        assert_eq!(attr(r, "data-verdict"), "refused");
        assert_eq!(attr(r, "data-filter"), "NodeResourcesFit");
        assert!(text(r).contains("refused by NodeResourcesFit: Insufficient cpu"), "{}", text(r));
        assert!(r.get_attribute("data-chosen").is_none());
    }
    assert_eq!(text(&q(&inspector, "[data-kind=\"sched-message\"]")), "0/3 nodes are available: 3 Insufficient cpu.");
    assert!(text(&q(&inspector, "[data-kind=\"scheduling-table\"] caption")).starts_with("Latest scheduling attempt"));

    // A pod for which no scheduler runs says so, instead of a table.
    let batch = attr(&q(&root, "[data-kind=\"pending-lane\"] [data-kind=\"pod\"][data-owner=\"batch\"]"), "data-name");
    let inspector = select(&root, &pod_sel(&batch)).await;
    assert!(text(&q(&inspector, "[data-kind=\"sched-note\"]")).contains("by-hand"));
    assert!(q_opt(&inspector, "[data-kind=\"schedule-row\"]").is_none());
}

#[wasm_bindgen_test]
async fn scaling_web_beyond_capacity_leaves_pods_pending_with_insufficient_cpu_everywhere() {
    let root = mount().await;
    step(&root, 5).await;
    select(&root, WEB).await;
    // 3 nodes × 2 cpu hold 12 web pods of 500m: ask for 14.
    type_into(&root, &format!("{INSPECTOR} input[name=\"replicas\"]"), "14").await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"scale\"]")).await;
    assert!(announced(&root).contains("kubectl scale deployment/web --replicas=14"), "{}", announced(&root));
    assert_eq!(attr(&q(&root, "[data-kind=\"deployment-details\"]"), "data-desired"), "14");
    step(&root, 1).await;
    let pending = all(&root, "[data-kind=\"pending-lane\"] [data-kind=\"pod\"][data-owner=\"web\"]");
    assert_eq!(pending.len(), 2, "two web pods find no room");
    let inspector = select(&root, &pod_sel(&attr(&pending[0], "data-name"))).await;
    let rows = rows(&root);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| text(r).contains("Insufficient cpu") && attr(r, "data-verdict") == "refused"));
    assert_eq!(text(&q(&inspector, "[data-kind=\"sched-message\"]")), "0/3 nodes are available: 3 Insufficient cpu.");
}

#[wasm_bindgen_test]
async fn a_placed_pod_shows_each_plugins_score_and_the_chosen_node() {
    let root = mount().await;
    step(&root, 5).await;
    let pod = live_web_pods(&root).into_iter().next().unwrap();
    let (name, node) = (attr(&pod, "data-name"), attr(&pod, "data-node"));
    let inspector = select(&root, &pod_sel(&name)).await;
    let rows = rows(&root);
    assert_eq!(rows.len(), 3);
    let chosen: Vec<&Element> = rows.iter().filter(|r| r.get_attribute("data-chosen").as_deref() == Some("true")).collect();
    assert_eq!(chosen.len(), 1, "exactly one chosen node");
    assert_eq!(attr(chosen[0], "data-node"), node, "the chosen node is where the pod runs");
    assert!(text(chosen[0]).contains("chosen"));
    let best = rows.iter().map(|r| attr(r, "data-verdict")).all(|v| v == "passed");
    assert!(best, "every node could take a web pod at the start");
    for plugin in ["NodeResourcesFit", "NodeResourcesBalancedAllocation", "TaintToleration", "PodTopologySpread"] {
        assert_eq!(all(&inspector, &format!("td[data-plugin=\"{plugin}\"]")).len(), 3, "{plugin} scored every node");
    }
    // PodTopologySpread normalizes over the nodes: its raw score is shown before the normalized one.
    assert_eq!(all(&inspector, "td[data-plugin=\"PodTopologySpread\"][data-raw]").len(), 3);
    assert!(all(&inspector, "td[data-plugin=\"NodeResourcesFit\"][data-raw]").is_empty());
    let total = |r: &Element| attr(&q(r, "[data-total]"), "data-total").parse::<i64>().unwrap();
    let max = rows.iter().map(total).max().unwrap();
    assert_eq!(total(chosen[0]), max, "the chosen node has the highest total");
    assert!(text(&q(&inspector, ".sched-summary")).contains(&format!("Chose {node}")));
    // Details: status, node, QoS and the container.
    let details = q(&inspector, "[data-kind=\"pod-details\"]");
    assert!(text(&details).contains("Burstable"), "{}", text(&details));
    assert_eq!(attr(&q(&details, "[data-kind=\"container\"]"), "data-state"), "Running");
}

#[wasm_bindgen_test]
async fn cordon_and_uncordon_a_node_from_the_inspector() {
    let root = mount().await;
    select(&root, &format!("{} .node-head", node_sel("node-a"))).await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"cordon\"]")).await;
    assert_eq!(attr(&q(&root, &node_sel("node-a")), "data-status"), "Ready,SchedulingDisabled");
    assert_eq!(attr(&q(&root, "[data-kind=\"node-details\"]"), "data-unschedulable"), "true");
    assert!(announced(&root).contains("kubectl cordon node-a"));
    click_on(&root, &format!("{INSPECTOR} [data-action=\"uncordon\"]")).await;
    assert_eq!(attr(&q(&root, &node_sel("node-a")), "data-status"), "Ready");
}

#[wasm_bindgen_test]
async fn draining_a_node_moves_its_pods_elsewhere() {
    let root = mount().await;
    step(&root, 10).await;
    let node = attr(&live_web_pods(&root)[0], "data-node");
    select(&root, &format!("{} .node-head", node_sel(&node))).await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"drain\"]")).await;
    assert!(q_opt(&root, "[data-kind=\"inspector-refusal\"]").is_none());
    assert_eq!(attr(&q(&root, &node_sel(&node)), "data-status"), "Ready,SchedulingDisabled");
    step(&root, 10).await;
    assert!(all(&root, &format!("{} [data-kind=\"pod\"]", node_sel(&node))).is_empty(), "the drained node is empty");
    let web = live_web_pods(&root);
    assert_eq!(web.len(), 4, "replaced elsewhere");
    assert!(web.iter().all(|p| p.get_attribute("data-node").is_some_and(|n| n != node)));
}

#[wasm_bindgen_test]
async fn a_taint_is_added_and_removed_and_a_bad_one_is_refused_with_a_reason() {
    let root = mount().await;
    select(&root, &format!("{} .node-head", node_sel("node-b"))).await;
    let preset = q(&root, &format!("{INSPECTOR} input[name=\"taint\"]")).dyn_into::<HtmlInputElement>().unwrap().value();
    assert_eq!(preset, "dedicated=gpu:NoSchedule");
    click_on(&root, &format!("{INSPECTOR} [data-action=\"taint\"]")).await;
    let taint = q(&root, "[data-kind=\"inspector\"] [data-kind=\"taint\"]");
    assert_eq!((attr(&taint, "data-key"), attr(&taint, "data-effect")), ("dedicated".into(), "NoSchedule".into()));
    assert!(announced(&root).contains("kubectl taint nodes node-b dedicated=gpu:NoSchedule"));
    // The scheduler now refuses node-b for a new web pod, in its own words.
    select(&root, WEB).await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"scale-up\"]")).await;
    let newest = all(&root, "[data-kind=\"pod\"][data-owner=\"web\"]").into_iter().map(|p| attr(&p, "data-name")).collect::<Vec<_>>();
    let mut refused_b = false;
    for name in newest {
        select(&root, &pod_sel(&name)).await;
        if let Some(r) = q_opt(&root, "[data-kind=\"schedule-row\"][data-node=\"node-b\"][data-verdict=\"refused\"]") {
            assert_eq!(attr(&r, "data-filter"), "TaintToleration");
            assert!(text(&r).contains("node(s) had untolerated taint {dedicated: gpu}"), "{}", text(&r));
            refused_b = true;
        }
    }
    assert!(refused_b, "the pod created after the taint was refused by node-b");
    select(&root, &format!("{} .node-head", node_sel("node-b"))).await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"untaint\"]")).await;
    assert_eq!(attr(&q(&root, "[data-kind=\"node-details\"]"), "data-taints"), "0");
    // Malformed input: a refusal in the inspector (role=alert), and nothing changes.
    type_into(&root, &format!("{INSPECTOR} input[name=\"taint\"]"), "nonsense").await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"taint\"]")).await;
    let alert = q(&root, "[data-kind=\"inspector-refusal\"]");
    assert_eq!(attr(&alert, "role"), "alert");
    assert!(text(&alert).contains("invalid taint spec: nonsense"), "{}", text(&alert));
    assert_eq!(attr(&q(&root, "[data-kind=\"node-details\"]"), "data-taints"), "0");
    // An effect the API does not know: the engine's refusal, shown the same way.
    type_into(&root, &format!("{INSPECTOR} input[name=\"taint\"]"), "a=b:Sometimes").await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"taint\"]")).await;
    assert!(text(&q(&root, "[data-kind=\"inspector-refusal\"]")).contains("invalid taint effect: Sometimes"));
    assert!(announced(&root).starts_with("Refused:"));
}

#[wasm_bindgen_test]
async fn scaling_up_and_down_changes_the_pod_count() {
    let root = mount().await;
    step(&root, 5).await;
    select(&root, WEB).await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"scale-up\"]")).await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"scale-up\"]")).await;
    assert_eq!(text(&q(&root, "[data-kind=\"replicas\"]")), "6");
    step(&root, 5).await;
    assert_eq!(live_web_pods(&root).len(), 6);
    for _ in 0..3 {
        click_on(&root, &format!("{INSPECTOR} [data-action=\"scale-down\"]")).await;
    }
    step(&root, 5).await;
    assert_eq!(live_web_pods(&root).len(), 3);
    assert_eq!(attr(&q(&root, "[data-kind=\"deployment-details\"]"), "data-desired"), "3");
    assert_eq!(attr(&q(&root, WEB), "data-desired"), "3");
}

#[wasm_bindgen_test]
async fn a_new_image_rolls_out_a_new_replicaset_and_undo_rolls_back() {
    let root = mount().await;
    step(&root, 10).await;
    select(&root, WEB).await;
    let input = format!("{INSPECTOR} input[name=\"image-web\"]");
    assert_eq!(q(&root, &input).dyn_into::<HtmlInputElement>().unwrap().value(), "nginx:1.27");
    type_into(&root, &input, "nginx:1.28").await;
    // What was typed survives the re-renders of a clock tick.
    step(&root, 1).await;
    assert_eq!(q(&root, &input).dyn_into::<HtmlInputElement>().unwrap().value(), "nginx:1.28");
    click_on(&root, &format!("{INSPECTOR} [data-action=\"set-image\"]")).await;
    assert!(announced(&root).contains("kubectl set image deployment/web web=nginx:1.28"), "{}", announced(&root));
    let sets = all(&root, "[data-kind=\"deployment-details\"] [data-kind=\"replicaset\"]");
    assert_eq!(sets.len(), 2, "a new ReplicaSet for the new template");
    assert_eq!(attr(&sets[0], "data-revision"), "2", "newest first");
    // The rollout steps: the new ReplicaSet grows while the old one shrinks.
    step(&root, 3).await;
    let mid: Vec<(String, String)> = all(&root, "[data-kind=\"deployment-details\"] [data-kind=\"replicaset\"]")
        .iter()
        .map(|r| (attr(r, "data-revision"), attr(r, "data-desired")))
        .collect();
    assert!(mid.iter().any(|(rev, d)| rev == "2" && d != "0") && mid.iter().any(|(rev, d)| rev == "1" && d != "0"), "mid-rollout: {mid:?}");
    step(&root, 60).await;
    let details = q(&root, "[data-kind=\"deployment-details\"]");
    assert_eq!((attr(&details, "data-updated"), attr(&details, "data-ready")), ("4".into(), "4".into()));
    assert!(text(&details).contains("nginx:1.28"));
    let old = q(&root, "[data-kind=\"deployment-details\"] [data-kind=\"replicaset\"][data-revision=\"1\"]");
    assert_eq!(attr(&old, "data-desired"), "0");

    click_on(&root, &format!("{INSPECTOR} [data-action=\"rollout-undo\"]")).await;
    step(&root, 60).await;
    let details = q(&root, "[data-kind=\"deployment-details\"]");
    assert_eq!(attr(&details, "data-revision"), "3", "undo is a new revision");
    assert_eq!(attr(&details, "data-ready"), "4");
    assert_eq!(q(&root, &input).dyn_into::<HtmlInputElement>().unwrap().value(), "nginx:1.27", "back to the previous image");
    let pod = live_web_pods(&root)[0].get_attribute("data-name").unwrap();
    select(&root, &pod_sel(&pod)).await;
    assert!(text(&q(&root, "[data-kind=\"container\"]")).contains("nginx:1.27"));
}

#[wasm_bindgen_test]
async fn the_load_slider_sets_the_services_traffic() {
    let root = mount().await;
    step(&root, 10).await;
    let inspector = select(&root, WEB_SVC).await;
    assert_eq!(attr(&q(&inspector, "[data-kind=\"traffic\"]"), "data-rps"), "0");
    assert_eq!(attr(&q(&inspector, "[data-kind=\"service-details\"]"), "data-ready-endpoints"), "4");
    type_into(&root, &format!("{INSPECTOR} input[data-action=\"traffic\"]"), "500").await;
    let inspector = q(&root, INSPECTOR);
    assert_eq!(attr(&q(&inspector, "[data-kind=\"traffic\"]"), "data-rps"), "500", "the engine's traffic rule");
    assert_eq!(attr(&q(&inspector, "[data-kind=\"rps\"]"), "data-rps"), "500");
    assert!(text(&q(&inspector, "[data-kind=\"traffic\"]")).contains("500 requests/s: 500 served, 0 failing"));
    assert_eq!(attr(&q(&inspector, "input[data-action=\"traffic\"]"), "aria-valuetext"), "500 requests/s");
}

fn ready_endpoints(root: &Element) -> String {
    attr(&q(root, "[data-kind=\"service-details\"]"), "data-ready-endpoints")
}

#[wasm_bindgen_test]
async fn broken_readiness_empties_the_endpoints_after_the_threshold_and_mending_restores_them() {
    let root = mount().await;
    step(&root, 10).await;
    select(&root, WEB).await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"break-readiness\"]")).await;
    assert_eq!(attr(&q(&root, "[data-kind=\"health\"]"), "data-readiness"), "false");
    select(&root, WEB_SVC).await;
    assert_eq!(ready_endpoints(&root), "4", "nothing notices at once");
    // periodSeconds 5 × failureThreshold 3: not ready after the third failed probe.
    step(&root, 16).await;
    assert_eq!(ready_endpoints(&root), "0");
    assert_eq!(attr(&q(&root, "[data-kind=\"service-details\"]"), "data-not-ready-endpoints"), "4");
    select(&root, WEB).await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"mend\"]")).await;
    assert!(announced(&root).contains("deployment/web is healthy again"));
    step(&root, 6).await;
    select(&root, WEB_SVC).await;
    assert_eq!(ready_endpoints(&root), "4");
}

#[wasm_bindgen_test]
async fn broken_liveness_restarts_the_containers() {
    let root = mount().await;
    step(&root, 10).await;
    select(&root, WEB).await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"break-liveness\"]")).await;
    // periodSeconds 10 × failureThreshold 3.
    step(&root, 31).await;
    let pod = attr(&live_web_pods(&root)[0], "data-name");
    select(&root, &pod_sel(&pod)).await;
    let c = q(&root, "[data-kind=\"container\"]");
    assert!(attr(&c, "data-restarts").parse::<i64>().unwrap() >= 1, "{}", c.outer_html());
    assert_eq!(attr(&c, "data-last-reason"), "Error");
}

#[wasm_bindgen_test]
async fn a_memory_leak_gets_the_containers_oom_killed() {
    let root = mount().await;
    step(&root, 10).await;
    select(&root, WEB).await;
    click_on(&root, &format!("{INSPECTOR} [data-action=\"leak-memory\"]")).await;
    assert_eq!(attr(&q(&root, "[data-kind=\"health\"]"), "data-leaking"), "true");
    step(&root, 2).await;
    let pod = attr(&live_web_pods(&root)[0], "data-name");
    select(&root, &pod_sel(&pod)).await;
    let c = q(&root, "[data-kind=\"container\"]");
    assert_eq!(attr(&c, "data-last-reason"), "OOMKilled", "{}", c.outer_html());
    assert!(text(&c).contains("Terminated: OOMKilled (exit code 137)"), "{}", text(&c));
}

#[wasm_bindgen_test]
async fn escape_closes_the_inspector_and_focus_comes_and_goes() {
    let root = mount().await;
    let doc = web_sys::window().unwrap().document().unwrap();
    select(&root, WEB).await;
    let active = doc.active_element().unwrap();
    assert_eq!(active.id(), "inspector-title", "focus moves to the inspector's heading");
    key(&active, "Escape");
    yew::scheduler::flush().await;
    assert!(q_opt(&root, INSPECTOR).is_none());
    let active = doc.active_element().unwrap();
    assert_eq!(active.get_attribute("data-action").as_deref(), Some("select"));
    assert!(active.closest(WEB).unwrap().is_some(), "focus returns to the Deployment's details button");
}

#[wasm_bindgen_test]
async fn the_inspector_speaks_korean_and_keeps_the_schedulers_english() {
    let root = mount().await;
    click_on(&root, "[data-action=\"lang\"][data-lang=\"ko\"]").await;
    let report = attr(&q(&root, "[data-kind=\"pending-lane\"] [data-kind=\"pod\"][data-owner=\"report\"]"), "data-name");
    let inspector = select(&root, &pod_sel(&report)).await;
    assert!(text(&q(&inspector, "#inspector-sched")).contains("스케줄러의 판단"));
    let row = &rows(&root)[0];
    assert!(text(row).contains("NodeResourcesFit 필터가 거절: Insufficient cpu"), "{}", text(row));
    assert!(text(&q(&inspector, "#inspector-actions")).contains("조작"));
}
