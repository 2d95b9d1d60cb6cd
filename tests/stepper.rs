//! Step-by-step controllers in a real browser: hold the controllers, scale a Deployment up
//! from the inspector, and watch the new pod go ReplicaSet controller → scheduler → kubelet
//! one step at a time; then "until nothing changes". Time only moves through the controls.
#![cfg(target_arch = "wasm32")]

use podium_app::app::{AppProps, InitialSim};
use podium_app::i18n::Lang;
use podium_engine::kube::manifest::decode;
use podium_engine::{samples, Action, NodeConfig, Sim};
use std::rc::Rc;
use wasm_bindgen_test::*;
use web_sys::Element;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Three nodes and the sample `web` Deployment with one ready pod.
fn cluster() -> Sim {
    let cfg: Vec<NodeConfig> = (0..3).map(|i| NodeConfig::new(&format!("node-{i}"), "4", "8Gi").unwrap()).collect();
    let mut sim = Sim::with_nodes(3, &cfg).unwrap();
    let objects = decode(&samples::WEB_APP.replace("replicas: 3", "replicas: 1")).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
    sim.advance(20);
    sim
}

async fn mount(lang: Lang) -> Element {
    mount_with(AppProps { initial: Some(InitialSim(Rc::new(cluster()))), fresh: None, ..fresh("stepper-test", lang) }).await
}

fn web_pods(root: &Element) -> Vec<Element> {
    all(root, "[data-kind=\"pod\"][data-owner=\"web\"]")
}

/// The run plays in slices, one per task, so the page keeps drawing; waits for its report.
async fn run_ends(root: &Element) -> Element {
    for _ in 0..10_000 {
        yew::scheduler::flush().await;
        let report = q(root, "[data-kind=\"quiet-report\"]");
        if attr(&report, "data-quiet") != "running" {
            return report;
        }
        assert_eq!(attr(&q(root, "[data-action=\"run-until-quiet\"]"), "aria-pressed"), "true", "the button stops the run");
        next_task().await;
    }
    panic!("the run never ended");
}

fn seconds(root: &Element) -> u64 {
    attr(&q(root, "[data-kind=\"clock\"]"), "data-seconds").parse().unwrap()
}

/// Presses `action` until the step report names `controller`; returns the report.
async fn step_until(root: &Element, action: &str, controller: &str) -> Element {
    for _ in 0..30 {
        click(&q(root, &format!("[data-action=\"{action}\"]")));
        yew::scheduler::flush().await;
        let report = q(root, "[data-kind=\"step-report\"]");
        if attr(&report, "data-changed").split(' ').any(|c| c == controller) {
            return report;
        }
    }
    panic!("{controller} never changed anything");
}

#[wasm_bindgen_test]
async fn a_held_scale_up_goes_replicaset_then_scheduler_then_kubelet_one_step_at_a_time() {
    let root = mount(Lang::En).await;
    let hold = q(&root, "[data-action=\"hold\"]");
    assert_eq!(attr(&hold, "aria-pressed"), "false");
    click(&hold);
    yew::scheduler::flush().await;
    assert_eq!(attr(&q(&root, "[data-action=\"hold\"]"), "aria-pressed"), "true");
    let start = seconds(&root);

    // Scale up from the inspector: applied, but no controller reacts yet.
    click(&q(&root, "[data-kind=\"deployment\"][data-name=\"web\"] [data-action=\"select\"]"));
    yew::scheduler::flush().await;
    click(&q(&root, "[data-action=\"scale-up\"]"));
    yew::scheduler::flush().await;
    assert_eq!(attr(&q(&root, "[data-kind=\"deployment\"][data-name=\"web\"]"), "data-desired"), "2");
    assert_eq!(web_pods(&root).len(), 1, "held: the ReplicaSet controller has not run");
    assert!(q_opt(&root, "[data-kind=\"unsettled\"]").is_some());
    assert_eq!(attr(&q(&root, ".stepper"), "data-unsettled"), "true");

    // The ReplicaSet controller creates the pod: pending, on no node.
    let report = step_until(&root, "step-controller", "replicaset-controller").await;
    assert_eq!(attr(&report, "data-changed"), "replicaset-controller", "one controller per step");
    assert!(report.text_content().unwrap().contains("changed by replicaset-controller"), "{}", report.text_content().unwrap());
    let pods = web_pods(&root);
    assert_eq!(pods.len(), 2);
    let new = pods.iter().find(|p| p.get_attribute("data-node").is_none()).expect("the new pod is pending");
    let name = attr(new, "data-name");
    assert!(new.closest("[data-kind=\"pending-lane\"]").unwrap().is_some());
    assert_eq!(attr(new, "data-status"), "Pending");
    // What the controller said about it: the step's events.
    let said = q(&root, "[data-kind=\"step-events\"] [data-reason=\"SuccessfulCreate\"]").text_content().unwrap();
    assert!(said.contains(&format!("Created pod: {name}")), "{said}");

    // The scheduler binds it: now inside a node, still Pending until the kubelet admits it.
    step_until(&root, "step-controller", "default-scheduler").await;
    let pod = q(&root, &pod_sel(&name));
    let node = attr(&pod, "data-node");
    assert!(pod.closest(&node_sel(&node)).unwrap().is_some());
    assert_eq!(attr(&pod, "data-status"), "Pending");
    let said = q(&root, "[data-kind=\"step-events\"] [data-reason=\"Scheduled\"]").text_content().unwrap();
    assert!(said.contains(&format!("pod/{name}: Successfully assigned default/{name} to {node}")), "{said}");

    // The kubelet admits it: the image is pulled, the container is being created.
    step_until(&root, "step-controller", "kubelet").await;
    assert_eq!(attr(&q(&root, &pod_sel(&name)), "data-status"), "ContainerCreating");
    let reasons: Vec<String> = all(&root, "[data-kind=\"step-events\"] li").iter().map(|e| attr(e, "data-reason")).collect();
    assert!(reasons.iter().any(|r| r == "Pulling" || r == "Pulled"), "{reasons:?}");
    assert_eq!(seconds(&root), start, "all of it at the same instant");

    // Pass by pass, the clock moves a second when the instant is settled, until the pod runs.
    let mut presses = 0;
    while attr(&q(&root, &pod_sel(&name)), "data-status") != "Running" {
        click(&q(&root, "[data-action=\"step-pass\"]"));
        yew::scheduler::flush().await;
        presses += 1;
        assert!(presses < 100, "the pod never ran");
    }
    assert!(seconds(&root) > start, "starting the container takes time");
    let report = q(&root, "[data-kind=\"step-report\"]");
    assert!(report.text_content().unwrap().contains("changed by kubelet"), "{}", report.text_content().unwrap());

    // Play leaves hold mode (and would settle what is left).
    click(&q(&root, "[data-action=\"play\"]"));
    yew::scheduler::flush().await;
    assert_eq!(attr(&q(&root, "[data-action=\"hold\"]"), "aria-pressed"), "false");
    assert!(q_opt(&root, "[data-kind=\"step-report\"]").is_none());
    click(&q(&root, "[data-action=\"pause\"]"));
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn until_nothing_changes_runs_the_scale_up_to_the_end_and_says_when_it_went_quiet() {
    let root = mount(Lang::En).await;
    let start = seconds(&root);
    click(&q(&root, "[data-kind=\"deployment\"][data-name=\"web\"] [data-action=\"select\"]"));
    yew::scheduler::flush().await;
    for _ in 0..2 {
        click(&q(&root, "[data-action=\"scale-up\"]"));
        yew::scheduler::flush().await;
    }
    assert!(web_pods(&root).iter().any(|p| attr(p, "data-status") != "Running"), "the new pods are not running yet");

    click(&q(&root, "[data-action=\"run-until-quiet\"]"));
    let report = run_ends(&root).await;
    assert_eq!(attr(&report, "data-quiet"), "true");
    let after: u64 = attr(&report, "data-after").parse().unwrap();
    assert!(after > 0);
    let text = report.text_content().unwrap();
    assert!(text.contains(&format!("Quiet after {after} s")), "{text}");
    // The quiet window is played; the rest of the 600 s cap is played on a copy, which saw nothing.
    assert!(text.contains(&format!("nothing will in the {} s after that", 600 - after - 30)), "{text}");
    assert_eq!(seconds(&root), start + after + 30, "the clock stops at the end of the quiet window");
    // Every second played is a chart sample, not only the last one.
    let chart = q(&root, "[data-kind=\"chart\"][data-metric=\"replicas\"]");
    let points: u64 = attr(&chart, "data-points").parse().unwrap();
    assert!(points > 30, "the quiet window alone is 30 samples; the chart has {points}");
    let pods = web_pods(&root);
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| attr(p, "data-status") == "Running" && attr(p, "data-ready") == "true"));
    let announced = q(&root, "[data-kind=\"announcer\"]").text_content().unwrap();
    assert_eq!(announced, text);
}

#[wasm_bindgen_test]
async fn the_step_report_speaks_korean() {
    let root = mount(Lang::Ko).await;
    let start = seconds(&root);
    click(&q(&root, "[data-action=\"step-pass\"]"));
    yew::scheduler::flush().await;
    assert_eq!(seconds(&root), start + 1, "a settled instant: the pass starts the next second");
    let report = q(&root, "[data-kind=\"step-report\"]");
    assert_eq!(attr(&report, "data-pass"), "1");
    let text = report.text_content().unwrap();
    assert!(text.contains("1번째 바퀴"), "{text}");
    assert_eq!(attr(&q(&root, "[data-action=\"step-pass\"]"), "aria-label"), "모든 컨트롤러를 한 번씩 실행: 조정(reconcile) 한 바퀴");
}

#[wasm_bindgen_test]
async fn until_nothing_changes_waits_through_a_switched_off_nodes_grace_and_eviction() {
    let root = mount(Lang::En).await;
    let start = seconds(&root);
    let node = attr(&web_pods(&root)[0], "data-node");
    click(&q(&root, &format!("{} [data-action=\"kill\"][data-target=\"node\"]", node_sel(&node))));
    yew::scheduler::flush().await;
    click(&q(&root, "[data-action=\"run-until-quiet\"]"));
    let report = run_ends(&root).await;
    assert_eq!(attr(&report, "data-quiet"), "true");
    // NotReady 50 s after the last heartbeat, the pod evicted 300 s later and replaced: not quiet
    // after the first 30 silent seconds.
    let after: u64 = attr(&report, "data-after").parse().unwrap();
    assert!((350..380).contains(&after), "{after}");
    assert_eq!(seconds(&root), start + after + 30);
    let ready: Vec<Element> = web_pods(&root).into_iter().filter(|p| attr(p, "data-ready") == "true").collect();
    assert_eq!(ready.len(), 1);
    assert_ne!(attr(&ready[0], "data-node"), node, "the replacement runs elsewhere");
}

#[wasm_bindgen_test]
async fn a_run_until_nothing_changes_stops_at_its_button_and_at_play() {
    // A large cluster, so the run takes several slices.
    let mut sim = samples::uniform_cluster(40, "4", "16Gi");
    sim.act(samples::many_deployments(4, 80)).unwrap();
    let root = mount_with(AppProps { initial: Some(InitialSim(Rc::new(sim))), fresh: None, ..fresh("stepper-stop-test", Lang::En) }).await;
    let start = seconds(&root);
    let button = q(&root, "[data-action=\"run-until-quiet\"]");
    click(&button);
    yew::scheduler::flush().await;
    let report = q(&root, "[data-kind=\"quiet-report\"]");
    assert_eq!(attr(&report, "data-quiet"), "running", "{}", report.text_content().unwrap());
    // The same element, pressed: a keyboard user's focus stays on it, so Enter again stops the run.
    assert!(button.is_connected(), "the button is patched, not replaced");
    assert_eq!(attr(&button, "aria-pressed"), "true");
    assert_eq!(button.text_content().unwrap(), "Stop");
    // Stopped before its next slice (the page's timeouts could otherwise finish it first).
    click(&button);
    yew::scheduler::flush().await;
    let report = q(&root, "[data-kind=\"quiet-report\"]");
    assert_eq!(attr(&report, "data-quiet"), "stopped");
    let played: u64 = attr(&report, "data-after").parse().unwrap();
    assert!(played > 0);
    assert_eq!(seconds(&root), start + played);
    assert_eq!(report.text_content().unwrap(), format!("Stopped after {played} s."));
    assert_eq!(attr(&button, "aria-pressed"), "false");
    // A slice already asked for finds no run: the clock stays.
    for _ in 0..3 {
        next_task().await;
        yew::scheduler::flush().await;
    }
    assert_eq!(seconds(&root), start + played);
    // Play stops it too, and plays on as usual.
    click(&button);
    yew::scheduler::flush().await;
    assert_eq!(attr(&q(&root, "[data-kind=\"quiet-report\"]"), "data-quiet"), "running");
    click(&q(&root, "[data-action=\"play\"]"));
    yew::scheduler::flush().await;
    assert!(q_opt(&root, "[data-kind=\"quiet-report\"]").is_none(), "playing clears the report");
    assert_eq!(attr(&button, "aria-pressed"), "false");
    click(&q(&root, "[data-action=\"pause\"]"));
    yew::scheduler::flush().await;
}
