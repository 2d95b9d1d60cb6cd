//! The board's frame budget in headless Chromium (`cargo xtask bench`): the real app, mounted
//! with a large cluster, played at 10× the way its timer plays it: one timer task every
//! `pace::timer_ms(10)` (100 ms) of a virtual real-time line, each running the ticks
//! `pace::Pacer::due` gives it (one at 10×), with a pod killed now and then through the real UI
//! (a card's kill button; in the compact view, Delete on a focused dot) so the board keeps
//! changing; a kill is a task of its own, as the browser runs an input event, timed too, and
//! counts only once the board shows it. Each task's script time (the clock
//! ticks, the controllers settle, Yew renders and patches the DOM) is timed with
//! `performance.now()`, read only here, and printed as percentiles; so is the autosave's write
//! of the board, a task of its own at its cadence on the same time line, and the percentiles of
//! all the tasks together. No threshold: figures go into docs/benchmarks.md, never into a test.
#![cfg(target_arch = "wasm32")]

use podium_app::app::{App, AppProps, InitialSim};
use podium_app::i18n::Lang;
use podium_app::pace::Pacer;
use podium_app::persist::{AUTOSAVE_MS, CLOCK_SAVE_BEATS};
use podium_engine::samples::{many_deployments, uniform_cluster};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Timer tasks timed on the classroom cluster: a minute of real play at 10× (600 virtual seconds).
const TASKS: usize = 600;
const SPEED: u32 = 10;

/// Lets the browser run its event loop between tasks, as the real timer does (and keeps
/// the test runner's renderer from timing out).
async fn next_task() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

/// A User Timing mark (`timer:start`, `kill:end`, ...): in a Chromium trace with the
/// `blink.user_timing` category each carries the thread's CPU clock too, so a task's CPU time can
/// be read apart from the time other processes took the core (`crates/bench-web/task_cpu.py`).
fn mark(name: &str) {
    web_sys::window().unwrap().performance().unwrap().mark(name).unwrap();
}

fn all(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
}

fn click(el: &Element) {
    el.dyn_ref::<HtmlElement>().unwrap().click();
}

/// Churn: a running pod dies through the real UI, and its ReplicaSet replaces it. A card has a
/// kill button; a dot (the compact view) has none and is killed as a learner does with the
/// keyboard: focus its button, press Delete. The learner reaches the pod first (Tab focuses the
/// dot: an input task of its own, with the style and layout it forces): `aim` finds and focuses it
/// in a task before the timed one, whose input event is `strike`'s alone. Returns the element to
/// strike and the pod's name.
fn aim(root: &Element, compact: bool, nth: usize) -> Option<(Element, String)> {
    if !compact {
        let kill = all(root, "[data-action=\"kill\"][data-target=\"pod\"]:not([disabled])").into_iter().nth(nth)?;
        let pod = kill.closest("[data-kind=\"pod\"]").unwrap()?;
        return Some((kill, pod.get_attribute("data-name")?));
    }
    let dot = all(root, ".pod-dot[data-kind=\"pod\"][data-status=\"Running\"]").into_iter().nth(nth)?;
    let button = dot.query_selector("[data-action=\"select\"]").unwrap()?;
    button.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    Some((button, dot.get_attribute("data-name")?))
}

/// The kill itself: a click on a card's kill button, or Delete on the focused dot.
fn strike(el: &Element, compact: bool) {
    if !compact {
        return click(el);
    }
    let init = web_sys::KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_key("Delete");
    el.dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Mounts the board on `nodes` nodes running `deployments` × `replicas` pods and plays it.
async fn play(label: &str, nodes: usize, deployments: usize, replicas: usize, tasks_n: usize) {
    let mut sim = uniform_cluster(nodes, "4", "16Gi");
    sim.act(many_deployments(deployments, replicas)).expect("the workload applies");
    sim.advance(2);
    let pods = sim.kube().store.pods.len();
    let start = sim.now().secs() as usize;

    let doc = web_sys::window().unwrap().document().unwrap();
    // The page's stylesheet, as trunk links it: without it the events panel does not scroll and
    // style and layout are not the page's.
    if doc.get_element_by_id("podium-style").is_none() {
        let style = doc.create_element("style").unwrap();
        style.set_id("podium-style");
        style.set_text_content(Some(include_str!("../../../static/style.css")));
        doc.body().unwrap().append_child(&style).unwrap();
    }
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let props = AppProps {
        autoplay: false,
        lang: Some(Lang::En),
        fresh: Some(true),
        storage: format!("bench-{label}"),
        initial: Some(InitialSim(Rc::new(sim))),
        ..AppProps::default()
    };
    let t = now();
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let first = now() - t;
    let drawn_nodes = all(&root, "[data-kind=\"node\"]").len();
    let drawn_pods = all(&root, "[data-kind=\"pod\"]").len();
    assert_eq!(drawn_nodes, nodes, "every node is drawn");
    assert_eq!(drawn_pods, pods, "every pod is drawn");
    let compact = root.query_selector("[data-compact=\"true\"]").unwrap().is_some();

    let step = root.query_selector("[data-action=\"step\"]").unwrap().expect("the step button");
    // The page's timer, on a virtual real-time line (one task per period, on time).
    let mut pacer = Pacer::new(SPEED);
    let period = pacer.timer_ms() as f64;
    let mut tasks = Vec::with_capacity(tasks_n);
    let mut renders = Vec::with_capacity(tasks_n);
    // The autosave's writes of the clock's progress, on the same line: a task of its own every
    // `CLOCK_SAVE_BEATS` beats of `AUTOSAVE_MS` (the app's own interval runs on the real clock, which
    // here runs faster than the line; "pagehide" asks for the same write, `App::save`).
    let save_every = (CLOCK_SAVE_BEATS * AUTOSAVE_MS) as usize / period as usize;
    let mut saves = Vec::new();
    let (mut kills, mut ticks) = (0, 0);
    // The learner's kills: a keydown (or click) is a task of its own in the browser, between timer tasks.
    let mut kill_tasks = Vec::new();
    for task in 0..tasks_n {
        if task % 20 == 19 {
            next_task().await;
            let aimed = aim(&root, compact, task % 50);
            next_task().await;
            mark("kill:start");
            let t = now();
            let killed = aimed.map(|(el, name)| {
                strike(&el, compact);
                name
            });
            yew::scheduler::flush().await;
            kill_tasks.push(now() - t);
            mark("kill:end");
            // A kill counts only if the board shows it (the pod Terminating, or already gone).
            if let Some(name) = killed {
                let sel = format!("[data-kind=\"pod\"][data-name=\"{name}\"]");
                let gone = root.query_selector(&sel).unwrap().is_none_or(|p| p.get_attribute("data-status").as_deref() == Some("Terminating"));
                assert!(gone, "the killed pod {name} shows it");
                kills += 1;
            }
        }
        next_task().await;
        let due = pacer.due((task + 1) as f64 * period);
        mark("timer:start");
        let t = now();
        for _ in 0..due {
            click(&step);
        }
        ticks += due as usize;
        let ticked = now();
        yew::scheduler::flush().await;
        let end = now();
        mark("timer:end");
        tasks.push(end - t);
        renders.push(end - ticked);
        if task % save_every == save_every - 1 {
            next_task().await;
            mark("save:start");
            let t = now();
            web_sys::window().unwrap().dispatch_event(&web_sys::Event::new("pagehide").unwrap()).unwrap();
            yew::scheduler::flush().await;
            saves.push(now() - t);
            mark("save:end");
        }
    }
    assert!(kills > 0, "the churn killed pods ({kills} kills)");
    let clock = root.query_selector("[data-kind=\"clock\"]").unwrap().unwrap().get_attribute("data-seconds").unwrap();
    assert_eq!(clock.parse::<usize>().unwrap(), start + ticks, "one virtual second per tick");
    assert_eq!(ticks, tasks_n * SPEED as usize * period as usize / 1000, "the pacer keeps up with {SPEED}×");

    let mut all_tasks: Vec<f64> = tasks.iter().chain(&saves).chain(&kill_tasks).copied().collect();
    kill_tasks.sort_by(|a, b| a.partial_cmp(b).unwrap());
    all_tasks.sort_by(|a, b| a.partial_cmp(b).unwrap());
    saves.sort_by(|a, b| a.partial_cmp(b).unwrap());
    tasks.sort_by(|a, b| a.partial_cmp(b).unwrap());
    renders.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mean = tasks.iter().sum::<f64>() / tasks.len() as f64;
    console_log!(
        "[board] {label}: {nodes} nodes, {pods} pods{}, {SPEED}×: first render {first:.1} ms; per timer task ({period} ms, \
         {ticks} ticks in {tasks_n} tasks, {kills} kills): mean {mean:.2} ms, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms; \
         of which rendering p50 {:.2} ms, p95 {:.2} ms",
        if compact { " (compact view)" } else { "" },
        percentile(&tasks, 0.5),
        percentile(&tasks, 0.95),
        tasks[tasks.len() - 1],
        percentile(&renders, 0.5),
        percentile(&renders, 0.95),
    );
    console_log!(
        "[board] {label}: the churn's {} kills, each a task of its own: p50 {:.2} ms, max {:.2} ms",
        kill_tasks.len(),
        percentile(&kill_tasks, 0.5),
        kill_tasks[kill_tasks.len() - 1],
    );
    console_log!(
        "[board] {label}: with the autosave's {} writes (one every {save_every} tasks, {:.1} to {:.1} ms each) and the kills, all {} tasks: \
         p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        saves.len(),
        saves.first().copied().unwrap_or(0.0),
        saves.last().copied().unwrap_or(0.0),
        all_tasks.len(),
        percentile(&all_tasks, 0.5),
        percentile(&all_tasks, 0.95),
        all_tasks[all_tasks.len() - 1],
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn board_50_nodes_500_pods_at_10x() {
    play("classroom", 50, 50, 10, TASKS).await;
}

#[wasm_bindgen_test]
async fn board_200_nodes_2000_pods_at_10x() {
    play("large", 200, 200, 10, TASKS / 4).await;
}
