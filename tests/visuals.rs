//! What the board draws, in a real browser (headless Chromium through
//! wasm-bindgen-test): a rollout's two ReplicaSets and budgets, the HPA's formula,
//! a Service's traffic and errors, node bars, a killed pod and its replacement,
//! charts that follow the clock, and the compact view. Each test builds its cluster
//! with the engine's API and hands it to the app (`AppProps::initial`); time moves
//! only through the step control.
#![cfg(target_arch = "wasm32")]

use podium_app::app::{AppProps, InitialSim};
use podium_app::i18n::Lang;
use podium_engine::kube::hpa::last_decision;
use podium_engine::kube::manifest::decode;
use podium_engine::kube::selector::Selector;
use podium_engine::kube::{health, Key};
use podium_engine::quantity::Quantity;
use podium_engine::{samples, Action, NodeConfig, Sim};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount(sim: Sim) -> Element {
    mount_with(AppProps { initial: Some(InitialSim(Rc::new(sim))), fresh: None, ..fresh("visuals-test", Lang::En) }).await
}

fn num(el: &Element, name: &str) -> i64 {
    attr(el, name).parse().unwrap()
}

fn nodes(n: usize, cpu: &str, mem: &str) -> Sim {
    let cfg: Vec<NodeConfig> = (0..n).map(|i| NodeConfig::new(&format!("node-{i}"), cpu, mem).unwrap()).collect();
    Sim::with_nodes(3, &cfg).unwrap()
}

fn apply(sim: &mut Sim, yaml: &str) {
    let objects = decode(yaml).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
}

fn load(sim: &mut Sim, cpu: &str) {
    let selector = Selector::parse("app=web").unwrap();
    sim.act(Action::SetLoad { namespace: "default".into(), selector, cpu: Some(Quantity::parse(cpu).unwrap()), memory: None }).unwrap();
}

/// The sample `web` Deployment (500m, 256Mi per pod) with `replicas` and its Service.
fn web(replicas: i64) -> String {
    samples::WEB_APP.replace("replicas: 3", &format!("replicas: {replicas}"))
}

#[wasm_bindgen_test]
async fn a_rollout_halfway_shows_old_and_new_replicasets_with_their_budgets() {
    let mut sim = nodes(3, "4", "8Gi");
    apply(&mut sim, &web(4));
    sim.advance(20);
    sim.act(Action::SetImage { namespace: "default".into(), name: "web".into(), images: vec![("web".into(), "nginx:1.28".into())] }).unwrap();
    let root = mount(sim).await;

    let dep = q(&root, "[data-kind=\"deployment\"][data-name=\"web\"]");
    assert_eq!(attr(&dep, "data-rolling"), "true");
    let old = all(&dep, "[data-kind=\"replicaset\"][data-role=\"old\"]");
    let new = all(&dep, "[data-kind=\"replicaset\"][data-role=\"new\"]");
    assert_eq!((old.len(), new.len()), (1, 1), "old and new side by side");
    // 25% of 4: one pod of surge (at most 5), one unavailable (at least 3 available).
    let budget = q(&dep, "[data-kind=\"budget\"]");
    assert_eq!((num(&budget, "data-max-surge"), num(&budget, "data-max-unavailable")), (1, 1));
    assert_eq!((num(&budget, "data-max-pods"), num(&budget, "data-min-available")), (5, 3));
    assert!(budget.text_content().unwrap().contains("at most 5 pods"));
    // Halfway: the old set scaled down by the unavailability budget, the new one up by the surge.
    assert_eq!((num(&old[0], "data-desired"), num(&new[0], "data-desired")), (3, 2));
    assert_eq!(num(&old[0], "data-available"), 3);
    assert_eq!(num(&new[0], "data-available"), 0);
    assert_eq!(all(&budget, ".slot").len(), 5);
    assert_eq!(all(&budget, ".slot.old.available").len(), 3);
    assert_eq!(all(&budget, ".slot.new.starting").len(), 2);

    // Let it finish: one ReplicaSet left on screen, no budget strip.
    step(&root, 60).await;
    let dep = q(&root, "[data-kind=\"deployment\"][data-name=\"web\"]");
    assert_eq!(attr(&dep, "data-rolling"), "false");
    assert_eq!(all(&dep, "[data-kind=\"replicaset\"]").len(), 1);
    assert_eq!(num(&dep, "data-available"), 4);
    assert!(dep.query_selector("[data-kind=\"budget\"]").unwrap().is_none());
}

/// An HPA on `web`: 1 to 10 replicas, 50% cpu (autoscaling/v2, no `behavior`).
const HPA: &str = "apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
";

/// `replicas` pods of `web` on three roomy nodes, each under `cpu` of load, then `HPA` (its first
/// sync runs as it is applied).
fn web_under_hpa(replicas: i64, cpu: &str) -> Sim {
    let mut sim = nodes(3, "8", "16Gi");
    apply(&mut sim, &web(replicas));
    sim.advance(20);
    load(&mut sim, cpu);
    sim.advance(2);
    apply(&mut sim, HPA);
    sim
}

#[wasm_bindgen_test]
async fn an_hpa_scale_up_shows_the_formula_with_its_numbers() {
    let sim = web_under_hpa(3, "450m");
    let d = last_decision(sim.kube(), &Key::new("default", "web")).unwrap().clone();
    let root = mount(sim).await;
    let hpa = q(&root, "[data-kind=\"hpa\"][data-name=\"web\"]");
    assert_eq!(num(&hpa, "data-target-utilization"), 50);
    assert_eq!(num(&hpa, "data-current-utilization"), 90);
    // 450m of 500m on each of 3 pods: 90% of a 50% target.
    let formula = q(&hpa, "[data-kind=\"hpa-formula\"]").text_content().unwrap();
    assert_eq!(formula, "ceil(3 × 90% / 50%) = 6");
    // Nothing held it back.
    assert!(q(&hpa, "[data-kind=\"hpa-decision\"]").get_attribute("data-limit").is_none());
    assert_eq!((d.pods, d.utilization, d.proposed), (3, 90, 6));
    assert_eq!(num(&q(&hpa, "[data-kind=\"hpa-decision\"]"), "data-desired"), 6);
    assert_eq!(num(&q(&root, "[data-kind=\"deployment\"][data-name=\"web\"]"), "data-desired"), 6);
    // The next sync counts down on the virtual clock (every 15 s).
    assert_eq!(num(&hpa, "data-next-sync"), 15);
    step(&root, 5).await;
    assert_eq!(num(&q(&root, "[data-kind=\"hpa\"]"), "data-next-sync"), 10);
}

#[wasm_bindgen_test]
async fn an_hpa_held_back_by_the_scale_up_rate_says_so_in_both_languages() {
    // 2 cpu on one 500m pod: 400% of a 50% target.
    let root = mount(web_under_hpa(1, "2")).await;
    let decision = q(&root, "[data-kind=\"hpa\"][data-name=\"web\"] [data-kind=\"hpa-decision\"]");
    assert_eq!(q(&decision, "[data-kind=\"hpa-formula\"]").text_content().unwrap(), "ceil(1 × 400% / 50%) = 8");
    // Without `behavior`, one scale-up goes to at most max(2 × 1, 4) = 4 (horizontal.go, `calculateScaleUpLimit`).
    assert_eq!((num(&decision, "data-proposed"), num(&decision, "data-desired")), (8, 4));
    assert_eq!(attr(&decision, "data-limit"), "ScaleUpLimit");
    let note = || q(&root, "[data-kind=\"hpa-decision\"] .decision-note").text_content().unwrap();
    assert_eq!(note(), "limited to 4 by the scale-up rate (ScaleUpLimit)");
    click(&q(&root, "[data-action=\"lang\"][data-lang=\"ko\"]"));
    yew::scheduler::flush().await;
    assert_eq!(note(), "확장 속도 제한으로 4개 (ScaleUpLimit)");
}

#[wasm_bindgen_test]
async fn a_service_shows_its_traffic_and_errors_rise_when_its_endpoints_vanish() {
    let mut sim = nodes(3, "4", "8Gi");
    apply(&mut sim, &web(3));
    sim.act(Action::SetTraffic { namespace: "default".into(), service: "web".into(), rps: 90, cpu_per_rps: None }).unwrap();
    sim.advance(20);
    let root = mount(sim).await;
    let svc = q(&root, "[data-kind=\"service\"][data-name=\"web\"]");
    assert_eq!((num(&svc, "data-rps"), num(&svc, "data-endpoints"), num(&svc, "data-error-percent")), (90, 3, 0));
    let eps = all(&svc, "[data-kind=\"endpoint\"][data-ready=\"true\"]");
    assert_eq!(eps.len(), 3);
    assert!(eps.iter().all(|e| num(e, "data-rps") == 30), "90 rps over 3 ready endpoints");
    assert!(svc.text_content().unwrap().contains("90 req/s"));

    // Kill every pod: the endpoints go at once, the replacements are not ready yet.
    for p in all(&root, "[data-kind=\"pod\"][data-owner=\"web\"]") {
        click(&q(&p, "[data-action=\"kill\"]"));
    }
    yew::scheduler::flush().await;
    let svc = q(&root, "[data-kind=\"service\"][data-name=\"web\"]");
    assert_eq!(num(&svc, "data-endpoints"), 0);
    assert_eq!((num(&svc, "data-error-rps"), num(&svc, "data-error-percent")), (90, 100));
    assert!(svc.text_content().unwrap().contains("errors 100%"));
    let chart = q(&root, "[data-kind=\"chart\"][data-metric=\"rps\"]");
    assert!(chart.text_content().unwrap().contains("errors 90"), "{}", chart.text_content().unwrap());

    // The replacements become ready: the errors stop.
    step(&root, 20).await;
    let svc = q(&root, "[data-kind=\"service\"][data-name=\"web\"]");
    assert_eq!((num(&svc, "data-endpoints"), num(&svc, "data-error-percent")), (3, 0));
}

#[wasm_bindgen_test]
async fn node_bars_show_requested_and_used() {
    let mut sim = nodes(1, "4", "8Gi");
    apply(&mut sim, &web(3));
    sim.advance(20);
    load(&mut sim, "200m");
    let kube = sim.kube();
    let used: i64 = kube.store.pods.keys().filter_map(|k| health::usage(kube, k)).map(|u| u.0).sum();
    let root = mount(sim).await;
    let cpu = q(&root, "[data-kind=\"node\"][data-name=\"node-0\"] [data-kind=\"meter\"][data-resource=\"cpu\"]");
    // Three pods asking 500m each, using 200m each, on 4 cores.
    assert_eq!((num(&cpu, "data-requested"), num(&cpu, "data-used"), num(&cpu, "data-allocatable")), (1500, 600, 4000));
    assert_eq!(used, 600);
    assert!(cpu.text_content().unwrap().contains("req 1500m · used 600m / 4"), "{}", cpu.text_content().unwrap());
    let fills = all(&cpu, ".meter-fill");
    let widths: Vec<String> = fills.iter().map(|f| attr(f, "style")).collect();
    assert_eq!(widths, vec!["width: 37%".to_string(), "width: 15%".to_string()]);
    let mem = q(&root, "[data-kind=\"meter\"][data-resource=\"memory\"]");
    assert_eq!(num(&mem, "data-requested"), (3 * 256) << 20);
}

#[wasm_bindgen_test]
async fn a_killed_pod_terminates_while_its_replacement_appears() {
    let mut sim = nodes(2, "4", "8Gi");
    apply(&mut sim, &web(2));
    sim.advance(20);
    let root = mount(sim).await;
    let before: Vec<String> = all(&root, "[data-kind=\"pod\"][data-owner=\"web\"]").iter().map(|p| attr(p, "data-name")).collect();
    let victim = before[0].clone();
    click(&q(&root, &format!("[data-kind=\"pod\"][data-name=\"{victim}\"] [data-action=\"kill\"]")));
    yew::scheduler::flush().await;
    let dying = q(&root, &format!("[data-kind=\"pod\"][data-name=\"{victim}\"]"));
    assert_eq!(attr(&dying, "data-status"), "Terminating");
    assert!(dying.class_list().contains("is-terminating"), "the dying pod is drawn as such");
    let fresh: Vec<Element> =
        all(&root, "[data-kind=\"pod\"][data-owner=\"web\"]").into_iter().filter(|p| !before.contains(&attr(p, "data-name"))).collect();
    assert_eq!(fresh.len(), 1, "the ReplicaSet replaced it at once");
    assert_ne!(attr(&fresh[0], "data-status"), "Running");
    step(&root, 40).await;
    assert!(root.query_selector(&format!("[data-kind=\"pod\"][data-name=\"{victim}\"]")).unwrap().is_none(), "gone after its grace period");
    let fresh = q(&root, &format!("[data-kind=\"pod\"][data-name=\"{}\"]", attr(&fresh[0], "data-name")));
    assert_eq!((attr(&fresh, "data-status").as_str(), attr(&fresh, "data-ready").as_str()), ("Running", "true"));
}

#[wasm_bindgen_test]
async fn charts_follow_the_clock() {
    let mut sim = nodes(2, "4", "8Gi");
    apply(&mut sim, &web(3));
    let root = mount(sim).await;
    let chart = q(&root, "[data-kind=\"chart\"][data-metric=\"replicas\"]");
    assert_eq!((num(&chart, "data-to"), num(&chart, "data-points")), (0, 1));
    // Just created: the Service's pods have no address yet, and it says so.
    let svc = q(&root, "[data-kind=\"service\"][data-name=\"web\"]");
    assert_eq!(num(&svc, "data-endpoints"), 0);
    assert!(svc.text_content().unwrap().contains("3 pods match, none has an address yet"), "{}", svc.text_content().unwrap());
    step(&root, 5).await;
    let chart = q(&root, "[data-kind=\"chart\"][data-metric=\"replicas\"]");
    let clock = num(&q(&root, "[data-kind=\"clock\"]"), "data-seconds");
    assert_eq!((clock, num(&chart, "data-to"), num(&chart, "data-points")), (5, 5, 6));
    assert_eq!(num(&chart, "data-last"), 3);
    let points = attr(&q(&chart, "polyline"), "points");
    let pts: Vec<(f64, f64)> = points
        .split(' ')
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert_eq!(pts.len(), 6);
    // The last point is at the right edge (now); time runs left to right.
    assert_eq!(pts.last().unwrap().0, 300.0);
    assert!(pts.windows(2).all(|w| w[0].0 < w[1].0));
    // Once the window is full it slides: still ending at now.
    step(&root, 130).await;
    let chart = q(&root, "[data-kind=\"chart\"][data-metric=\"replicas\"]");
    assert_eq!((num(&chart, "data-from"), num(&chart, "data-to"), num(&chart, "data-points")), (15, 135, 121));
}

#[wasm_bindgen_test]
async fn a_large_cluster_switches_to_pod_dots() {
    let mut sim = samples::uniform_cluster(31, "4", "8Gi");
    sim.act(samples::many_deployments(4, 10)).unwrap();
    sim.advance(5);
    let pods = sim.kube().store.pods.len();
    let root = mount(sim).await;
    assert_eq!(attr(&q(&root, ".board"), "data-compact"), "true");
    let dots = all(&root, "[data-kind=\"node\"] [data-kind=\"pod\"].pod-dot");
    assert_eq!(dots.len(), pods);
    assert!(all(&root, "[data-kind=\"node\"] .pod:not(.pod-dot)").is_empty(), "no pod cards");
    // A dot still selects its pod.
    click(&q(&dots[0], "[data-action=\"select\"]"));
    yew::scheduler::flush().await;
    let name = attr(&dots[0], "data-name");
    assert_eq!(attr(&q(&root, "[data-kind=\"inspector\"]"), "data-object"), format!("pod/{name}"));

    // Below the threshold, cards.
    let root = mount(nodes(3, "4", "8Gi")).await;
    assert_eq!(attr(&q(&root, ".board"), "data-compact"), "false");
}

#[wasm_bindgen_test]
async fn a_pod_dot_is_killed_from_its_inspector_or_with_delete() {
    let mut sim = samples::uniform_cluster(31, "4", "8Gi");
    sim.act(samples::many_deployments(4, 10)).unwrap();
    sim.advance(20);
    let root = mount(sim).await;
    let dots = all(&root, "[data-kind=\"node\"] [data-kind=\"pod\"].pod-dot");
    assert!(dots.iter().all(|d| q_opt(d, "[data-action=\"kill\"]").is_none()), "no kill button per dot");
    let (first, second) = (attr(&dots[0], "data-name"), attr(&dots[1], "data-name"));

    // Mouse or touch: the dot opens the inspector, whose Kill button kills the pod.
    click(&q(&dots[0], "[data-action=\"select\"]"));
    yew::scheduler::flush().await;
    click(&q(&root, "[data-kind=\"inspector\"] [data-action=\"kill\"][data-target=\"pod\"]"));
    yew::scheduler::flush().await;
    assert_eq!(attr(&q(&root, &pod_sel(&first)), "data-status"), "Terminating");

    // Keyboard: Delete on a focused dot kills it, and says so.
    let button = q(&q(&root, &pod_sel(&second)), "[data-action=\"select\"]");
    assert_eq!(attr(&button, "aria-keyshortcuts"), "Delete");
    button.dyn_ref::<web_sys::HtmlElement>().unwrap().focus().unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_key("Delete");
    button.dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    assert_eq!(attr(&q(&root, &pod_sel(&second)), "data-status"), "Terminating");
    let announced = q(&root, "[data-kind=\"announcer\"]").text_content().unwrap();
    assert!(announced.contains(&second), "{announced}");
    // Other keys do nothing to the pod.
    let third = attr(&dots[2], "data-name");
    init.set_key("k");
    let b3 = q(&q(&root, &pod_sel(&third)), "[data-action=\"select\"]");
    b3.dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    assert_eq!(attr(&q(&root, &pod_sel(&third)), "data-status"), "Running");
}
