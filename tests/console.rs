//! The console and the YAML editor in a real browser (headless Chromium through
//! wasm-bindgen-test): typed commands with real input and keydown events, the
//! same output as `podium run` (both call `podium_kubectl`), history, Tab, a
//! `get -w` that prints as the step button moves the clock, and YAML applied
//! all-or-nothing. Time only moves through the step control.
#![cfg(target_arch = "wasm32")]

use podium_app::i18n::Lang;
use podium_app::starter;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement, InputEvent, InputEventInit, KeyboardEvent, KeyboardEventInit};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount() -> Element {
    mount_in(Lang::En).await
}

async fn mount_in(lang: Lang) -> Element {
    mount_with(fresh("console-test", lang)).await
}

fn input_event(target: &Element) {
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let ev = InputEvent::new_with_event_init_dict("input", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn key(target: &Element, key: &str, ctrl: bool) {
    let init = KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn prompt(root: &Element) -> HtmlInputElement {
    q(root, "[data-kind=\"console-input\"]").dyn_into().unwrap()
}

/// Types a line into the prompt (one input event, as a paste) and presses a key.
async fn type_line(root: &Element, line: &str, then: &str) {
    let input = prompt(root);
    input.focus().unwrap();
    input.set_value(line);
    input_event(&input);
    yew::scheduler::flush().await;
    key(&input, then, false);
    yew::scheduler::flush().await;
}

/// The log's entries: (stream, text).
fn entries(root: &Element) -> Vec<(String, String)> {
    all(root, "[data-kind=\"console-entry\"]")
        .iter()
        .map(|e| (e.get_attribute("data-stream").unwrap(), e.text_content().unwrap()))
        .collect()
}

#[wasm_bindgen_test]
async fn get_pods_prints_what_the_runner_prints() {
    let root = mount().await;
    let expected = podium_kubectl::run(&mut starter::sim(), "kubectl get pods");
    assert!(expected.stdout.starts_with("NAME "));
    type_line(&root, "get pods", "Enter").await;
    let log = entries(&root);
    assert_eq!(log[0], ("command".to_string(), "$ kubectl get pods".to_string()));
    assert_eq!(log[1], ("stdout".to_string(), expected.stdout));
    assert_eq!(log.len(), 2);
    assert_eq!(prompt(&root).value(), "", "the prompt empties after Enter");
    let out = q(&root, "[data-kind=\"console-output\"]");
    assert_eq!(out.get_attribute("role").as_deref(), Some("log"));
    assert_eq!(out.get_attribute("aria-live").as_deref(), Some("polite"));
}

#[wasm_bindgen_test]
async fn scale_changes_the_board_at_once() {
    let root = mount().await;
    let web = "[data-kind=\"deployment\"][data-name=\"web\"]";
    let pods_before = all(&root, "[data-kind=\"pod\"][data-owner=\"web\"]").len();
    assert_ne!(q(&root, web).get_attribute("data-desired").as_deref(), Some("5"));
    type_line(&root, "kubectl scale deployment web --replicas=5", "Enter").await;
    assert_eq!(entries(&root)[1], ("stdout".to_string(), "deployment.apps/web scaled\n".to_string()));
    assert_eq!(q(&root, web).get_attribute("data-desired").as_deref(), Some("5"));
    assert_eq!(all(&root, "[data-kind=\"pod\"][data-owner=\"web\"]").len(), 5);
    assert!(pods_before < 5);
}

#[wasm_bindgen_test]
async fn errors_print_kubectls_text_as_stderr_and_unknown_words_get_a_hint() {
    let root = mount().await;
    type_line(&root, "get pod nope", "Enter").await;
    assert_eq!(entries(&root)[1], ("stderr".to_string(), "Error from server (NotFound): pods \"nope\" not found\n".to_string()));
    let err = q(&root, "[data-stream=\"stderr\"]");
    assert!(err.class_list().contains("stderr"), "styled as an error (static/style.css)");
    type_line(&root, "version", "Enter").await;
    assert!(q(&root, "[data-stream=\"stdout\"]").class_list().contains("stdout"));
    type_line(&root, "ls -la", "Enter").await;
    let (stream, text) = entries(&root).pop().unwrap();
    assert_eq!(stream, "note");
    assert!(text.contains("\"ls\" is not a command here"), "{text}");
    type_line(&root, "edit deployment web", "Enter").await;
    let (stream, text) = entries(&root).pop().unwrap();
    assert_eq!((stream.as_str(), text.as_str()), ("stderr", "error: \"kubectl edit\" is not available in the playground. Run 'kubectl help' for what is.\n"));
    type_line(&root, "apply -f web.yaml", "Enter").await;
    let (stream, text) = entries(&root).pop().unwrap();
    assert_eq!(stream, "note");
    assert!(text.contains("YAML editor"), "{text}");
    type_line(&root, "clear", "Enter").await;
    assert!(entries(&root).is_empty());
}

#[wasm_bindgen_test]
async fn arrow_up_and_down_walk_the_history() {
    let root = mount().await;
    type_line(&root, "get nodes", "Enter").await;
    type_line(&root, "get deployments", "Enter").await;
    type_line(&root, "get svc", "ArrowUp").await;
    assert_eq!(prompt(&root).value(), "get deployments");
    key(&prompt(&root), "ArrowUp", false);
    yew::scheduler::flush().await;
    assert_eq!(prompt(&root).value(), "get nodes");
    key(&prompt(&root), "ArrowDown", false);
    key(&prompt(&root), "ArrowDown", false);
    yew::scheduler::flush().await;
    assert_eq!(prompt(&root).value(), "get svc", "back to what was being typed");
    key(&prompt(&root), "ArrowUp", false);
    key(&prompt(&root), "Enter", false);
    yew::scheduler::flush().await;
    assert_eq!(entries(&root).iter().filter(|(s, _)| s == "command").count(), 3);
}

#[wasm_bindgen_test]
async fn tab_completes_and_lists_choices() {
    let root = mount().await;
    type_line(&root, "kubectl sca", "Tab").await;
    assert_eq!(prompt(&root).value(), "kubectl scale ");
    type_line(&root, "get deployment w", "Tab").await;
    assert_eq!(prompt(&root).value(), "get deployment web ");
    type_line(&root, "get deployments ", "Tab").await;
    let (stream, text) = entries(&root).pop().unwrap();
    assert_eq!((stream.as_str(), text.as_str()), ("note", "Choices: batch  report  web"));
    assert_eq!(web_sys::window().unwrap().document().unwrap().active_element(), Some(prompt(&root).into()), "Tab stays in the prompt");
}

#[wasm_bindgen_test]
async fn a_watch_prints_new_rows_as_the_clock_moves_and_stops_on_escape() {
    let root = mount().await;
    step(&root, 10).await;
    type_line(&root, "get pods -l app=web -w", "Enter").await;
    assert!(all(&root, "[data-kind=\"console-watch\"]").len() == 1, "the watch is running");
    let listing = entries(&root)[1].1.clone();
    assert!(listing.starts_with("NAME "), "{listing}");
    let known: Vec<String> = listing.lines().skip(1).map(|l| l.split(' ').next().unwrap().to_string()).collect();

    type_line(&root, "scale deployment web --replicas=5", "Enter").await;
    step(&root, 3).await;
    let rows: Vec<String> = entries(&root)
        .iter()
        .filter(|(s, t)| s == "stdout" && !t.starts_with("NAME ") && !t.contains("scaled"))
        .flat_map(|(_, t)| t.lines().map(String::from).collect::<Vec<_>>())
        .collect();
    let states = |pod: &str| -> Vec<String> {
        rows.iter().filter(|r| r.starts_with(pod)).map(|r| r.split_whitespace().nth(2).unwrap().to_string()).collect()
    };
    let new_pods: Vec<String> =
        rows.iter().map(|r| r.split(' ').next().unwrap().to_string()).filter(|n| !known.contains(n)).collect();
    assert!(!new_pods.is_empty(), "{rows:?}");
    let started = new_pods.iter().find(|p| states(p).first().map(String::as_str) == Some("ContainerCreating")).expect("a pod that started");
    assert_eq!(states(started), ["ContainerCreating", "Running"], "{rows:?}");
    assert!(rows.iter().all(|r| !r.starts_with("NAME")), "no header repeated");

    key(&prompt(&root), "Escape", false);
    yew::scheduler::flush().await;
    assert!(all(&root, "[data-kind=\"console-watch\"]").is_empty());
    let (stream, text) = entries(&root).pop().unwrap();
    assert_eq!((stream.as_str(), text.as_str()), ("note", "^C watch stopped"));
    let count = entries(&root).len();
    type_line(&root, "scale deployment web --replicas=2", "Enter").await;
    step(&root, 2).await;
    assert_eq!(entries(&root).len(), count + 2, "only the command and its line: the watch is over");
}

#[wasm_bindgen_test]
async fn ctrl_c_and_the_stop_button_end_a_watch() {
    let root = mount().await;
    type_line(&root, "get deployments --watch", "Enter").await;
    key(&prompt(&root), "c", true);
    yew::scheduler::flush().await;
    assert!(all(&root, "[data-kind=\"console-watch\"]").is_empty());
    type_line(&root, "get deployments --watch", "Enter").await;
    click(&q(&root, "[data-action=\"stop-watch\"]"));
    yew::scheduler::flush().await;
    assert!(all(&root, "[data-kind=\"console-watch\"]").is_empty());
}

fn editor(root: &Element) -> HtmlTextAreaElement {
    q(root, "[data-kind=\"yaml-input\"]").dyn_into().unwrap()
}

async fn set_yaml(root: &Element, text: &str) {
    let area = editor(root);
    area.set_value(text);
    input_event(&area);
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn applying_yaml_creates_then_leaves_unchanged() {
    let root = mount().await;
    assert!(editor(&root).value().contains("kind: Deployment"), "prefilled with an example");
    click(&q(&root, "[data-action=\"yaml-apply\"]"));
    yew::scheduler::flush().await;
    let result = q(&root, "[data-kind=\"yaml-result\"]");
    assert_eq!(result.get_attribute("data-success").as_deref(), Some("true"));
    assert_eq!(q(&result, "[data-stream=\"stdout\"]").text_content().unwrap(), "deployment.apps/hello created\n");
    assert_eq!(q(&root, "[data-kind=\"deployment\"][data-name=\"hello\"]").get_attribute("data-desired").as_deref(), Some("2"));
    assert_eq!(all(&root, "[data-kind=\"pod\"][data-owner=\"hello\"]").len(), 2);
    // Ctrl+Enter applies too; the same manifest again is unchanged.
    key(&editor(&root).into(), "Enter", true);
    yew::scheduler::flush().await;
    let result = q(&root, "[data-kind=\"yaml-result\"]");
    assert_eq!(q(&result, "[data-stream=\"stdout\"]").text_content().unwrap(), "deployment.apps/hello unchanged\n");
    // An unknown field is applied with kubectl's warning, shown apart.
    set_yaml(&root, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n  colour: blue\ndata:\n  a: b\n").await;
    click(&q(&root, "[data-action=\"yaml-apply\"]"));
    yew::scheduler::flush().await;
    let result = q(&root, "[data-kind=\"yaml-result\"]");
    assert_eq!(result.get_attribute("data-success").as_deref(), Some("true"));
    assert_eq!(q(&result, "[data-stream=\"stdout\"]").text_content().unwrap(), "configmap/notes created\n");
    let warning = q(&result, "[data-stream=\"stderr\"]");
    assert!(warning.class_list().contains("warning"));
    assert!(warning.text_content().unwrap().starts_with("Warning: unknown field \"metadata.colour\""), "{:?}", warning.text_content());
}

#[wasm_bindgen_test]
async fn a_yaml_error_is_placed_and_changes_nothing() {
    let root = mount().await;
    let pods = all(&root, "[data-kind=\"pod\"]").len();
    let workloads = all(&root, "[data-kind=\"deployment\"]").len();
    let events = all(&root, "[data-kind=\"event\"]").len();
    // The first document is fine, the second is invalid: neither is applied.
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\nspec:\n  replicas: -1\n  selector:\n    matchLabels:\n      app: bad\n  template:\n    metadata:\n      labels:\n        app: bad\n    spec:\n      containers:\n      - name: bad\n        image: nginx\n";
    set_yaml(&root, text).await;
    click(&q(&root, "[data-action=\"yaml-apply\"]"));
    yew::scheduler::flush().await;
    let result = q(&root, "[data-kind=\"yaml-result\"]");
    assert_eq!(result.get_attribute("data-success").as_deref(), Some("false"));
    assert_eq!(result.get_attribute("data-line").as_deref(), Some("11"));
    let stderr = q(&result, "[data-stream=\"stderr\"]").text_content().unwrap();
    assert!(stderr.contains("spec.replicas") && stderr.contains("(line 11, column 3)"), "{stderr}");
    assert!(result.text_content().unwrap().contains("Error at line 11, column 3. Nothing changed in the cluster."));
    assert!(q(&root, ".gutter-line[data-line=\"11\"]").class_list().contains("is-error"));
    assert_eq!(all(&root, ".gutter-line.is-error").len(), 1);
    assert_eq!(editor(&root).get_attribute("aria-invalid").as_deref(), Some("true"));
    let caret = editor(&root).selection_start().unwrap().unwrap() as usize;
    assert_eq!(caret, text.lines().take(10).map(|l| l.len() + 1).sum::<usize>() + 2, "the caret sits on the fault");
    assert_eq!(all(&root, "[data-kind=\"pod\"]").len(), pods);
    assert_eq!(all(&root, "[data-kind=\"deployment\"]").len(), workloads);
    assert_eq!(all(&root, "[data-kind=\"event\"]").len(), events);
    type_line(&root, "get configmap ok", "Enter").await;
    assert_eq!(entries(&root)[1], ("stderr".to_string(), "Error from server (NotFound): configmaps \"ok\" not found\n".to_string()));

    // A syntax error names its line and column too.
    set_yaml(&root, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  : [\n").await;
    click(&q(&root, "[data-action=\"yaml-apply\"]"));
    yew::scheduler::flush().await;
    let result = q(&root, "[data-kind=\"yaml-result\"]");
    assert_eq!(result.get_attribute("data-success").as_deref(), Some("false"));
    assert!(result.get_attribute("data-line").is_some());
    assert!(q(&result, "[data-stream=\"stderr\"]").text_content().unwrap().starts_with("error: error parsing STDIN: line "));
}

#[wasm_bindgen_test]
async fn in_korean_the_console_speaks_korean_and_kubectl_stays_english() {
    let root = mount_in(Lang::Ko).await;
    assert_eq!(q(&root, "#console-title").text_content().as_deref(), Some("콘솔"));
    assert_eq!(q(&root, "#yaml-title").text_content().as_deref(), Some("YAML 적용"));
    type_line(&root, "ls", "Enter").await;
    let (stream, text) = entries(&root).pop().unwrap();
    assert_eq!(stream, "note");
    assert!(text.contains("kubectl 명령"), "{text}");
    type_line(&root, "get pod nope", "Enter").await;
    let err = all(&root, "[data-stream=\"stderr\"]").pop().unwrap();
    assert_eq!(err.text_content().unwrap(), "Error from server (NotFound): pods \"nope\" not found\n");
    assert_eq!(err.get_attribute("lang").as_deref(), Some("en"));
}

/// A new line adds one element: the lines already printed keep their elements and texts (the log
/// is keyed), instead of every element being re-written with its neighbour's text.
#[wasm_bindgen_test]
async fn printed_lines_keep_their_elements_as_new_ones_come() {
    let root = mount().await;
    type_line(&root, "get nodes", "Enter").await;
    let first = all(&root, "[data-kind=\"console-entry\"]");
    let texts: Vec<String> = first.iter().map(|e| e.text_content().unwrap()).collect();
    assert_eq!(texts.len(), 2, "the command and its table: {texts:?}");
    type_line(&root, "get ns", "Enter").await;
    assert_eq!(entries(&root).len(), 4);
    for (el, text) in first.iter().zip(&texts) {
        assert!(el.is_connected());
        assert_eq!(&el.text_content().unwrap(), text, "an old line's element still shows that line");
    }
    let now = all(&root, "[data-kind=\"console-entry\"]");
    assert!(now[0] == first[0] && now[1] == first[1], "the first two elements are the old ones");
}
