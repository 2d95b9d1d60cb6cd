//! Panels drawn again only when their view model changes (`podium_app::memo`): through random
//! steps of a learner (the clock, kills, selections, the language, the speed, the stepper, the
//! console, the YAML editor), the page shows what it shows when every part is drawn afresh from a
//! view model built anew (`memo::draw_all`), and a render that changes nothing draws no part.
#![cfg(target_arch = "wasm32")]

use podium_app::i18n::Lang;
use podium_app::memo;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A small deterministic generator (the test's own).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    fn pick(&mut self, items: Vec<Element>) -> Option<Element> {
        let i = self.below(items.len());
        items.into_iter().nth(i)
    }
}

/// What the page shows: its markup without the events panel (whose age cells it writes itself,
/// when an observer reports), and the value of every field (a property, not in the markup).
fn shown(root: &Element) -> String {
    let copy = root.clone_node_with_deep(true).unwrap().dyn_into::<Element>().unwrap();
    for e in all(&copy, "[data-kind=\"events\"]") {
        e.remove();
    }
    let mut out = copy.inner_html();
    for e in all(root, "input, textarea, select") {
        let value = match (e.dyn_ref::<HtmlInputElement>(), e.dyn_ref::<HtmlTextAreaElement>()) {
            (Some(i), _) => i.value(),
            (_, Some(t)) => t.value(),
            _ => e.dyn_ref::<web_sys::HtmlSelectElement>().unwrap().value(),
        };
        out.push_str(&format!("\n{}={value}", e.id()));
    }
    out
}

fn key_on(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_key(key);
    target.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

fn type_into(el: &Element, text: &str) {
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(text);
    } else {
        el.dyn_ref::<HtmlTextAreaElement>().unwrap().set_value(text);
    }
    el.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
}

const COMMANDS: [&str; 9] = [
    "get pods",
    "get deployments -w",
    "scale deployment web --replicas=4",
    "scale deployment batch --replicas=1",
    "kubectl sca",
    "get deployments ",
    "delete pod nothing-here",
    "clear",
    "describe",
];

/// One random step of a learner; returns what it did.
async fn act(root: &Element, rng: &mut Rng) -> String {
    let what = match rng.below(16) {
        0..=3 => {
            let secs = 1 + rng.below(3);
            step(root, secs).await;
            format!("step {secs}")
        }
        4 => match rng.pick(all(root, "[data-action=\"kill\"][data-target=\"pod\"]:not([disabled])")) {
            Some(k) => {
                click(&k);
                "kill a pod".into()
            }
            None => "no pod to kill".into(),
        },
        5 | 6 => match rng.pick(all(root, "[data-action=\"select\"]")) {
            Some(b) => {
                click(&b);
                format!("select {}", b.get_attribute("aria-label").unwrap_or_default())
            }
            None => "nothing to select".into(),
        },
        7 => match q_opt(root, "[data-action=\"deselect\"]") {
            Some(b) => {
                click(&b);
                "close the inspector".into()
            }
            None => "no inspector".into(),
        },
        8 => {
            let b = rng.pick(all(root, "[data-action=\"lang\"]")).unwrap();
            click(&b);
            format!("language {}", attr(&b, "data-lang"))
        }
        9 => {
            let b = rng.pick(all(root, "[data-action=\"speed\"]")).unwrap();
            click(&b);
            format!("speed {}", attr(&b, "data-speed"))
        }
        10 => {
            let b = rng.pick(all(root, "[data-action=\"hold\"], [data-action=\"step-controller\"], [data-action=\"step-pass\"]")).unwrap();
            click(&b);
            attr(&b, "data-action")
        }
        11 | 12 => {
            let input = q(root, "[data-kind=\"console-input\"]");
            let line = COMMANDS[rng.below(COMMANDS.len())];
            type_into(&input, line);
            yew::scheduler::flush().await;
            let key = ["Enter", "Enter", "Tab", "ArrowUp", "ArrowDown", "Escape", "x"][rng.below(7)];
            key_on(&input, key);
            format!("console {line:?} then {key}")
        }
        13 => {
            let b = rng.pick(all(root, "[data-action=\"yaml-example\"]")).unwrap();
            click(&b);
            format!("yaml example {}", attr(&b, "data-example"))
        }
        14 => {
            let area = q(root, "[data-kind=\"yaml-input\"]");
            let text = area.dyn_ref::<HtmlTextAreaElement>().unwrap().value();
            // Half the time broken at a random line: the error's line is marked.
            let text = if rng.below(2) == 0 {
                let lines: Vec<&str> = text.split('\n').collect();
                let at = rng.below(lines.len());
                lines.iter().enumerate().map(|(i, l)| if i == at { format!("{l}: : [") } else { l.to_string() }).collect::<Vec<_>>().join("\n")
            } else {
                text
            };
            type_into(&area, &text);
            yew::scheduler::flush().await;
            click(&q(root, "[data-action=\"yaml-apply\"]"));
            "yaml apply".into()
        }
        _ => match rng.pick(all(root, "[data-kind=\"inspector\"] button:not([disabled]):not([data-action=\"deselect\"])")) {
            Some(b) => {
                click(&b);
                format!("inspector {}", b.get_attribute("data-action").unwrap_or_default())
            }
            None => "no inspector button".into(),
        },
    };
    yew::scheduler::flush().await;
    what
}

/// Asks for a render that changes nothing: the speed already chosen, chosen again.
async fn render_again(root: &Element) {
    click(&q(root, "[data-action=\"speed\"][aria-checked=\"true\"]"));
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn skipped_panels_show_what_panels_drawn_afresh_show() {
    let root = mount_with(fresh("panels-test", Lang::En)).await;
    let mut rng = Rng(11);
    let mut drew = Vec::new();
    for i in 0..160 {
        let what = act(&root, &mut rng).await;
        // A render catches up what changed without one (typing: the field already shows it).
        render_again(&root).await;
        let kept = shown(&root);
        // Now nothing changed: no part is drawn again.
        let before = memo::drawn();
        render_again(&root).await;
        if memo::drawn() != before {
            drew.push(format!("step {i} ({what}): {} parts", memo::drawn() - before));
        }
        assert_eq!(shown(&root), kept, "step {i} ({what}): a render that changes nothing changes nothing");
        memo::draw_all(true);
        render_again(&root).await;
        memo::draw_all(false);
        let fresh = shown(&root);
        if fresh != kept {
            let (a, b) = (kept.as_bytes(), fresh.as_bytes());
            let at = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
            let from = at.saturating_sub(300);
            panic!(
                "step {i} ({what}): the page after skipping differs from the page drawn afresh at byte {at}:\nkept:  {}\nfresh: {}",
                String::from_utf8_lossy(&a[from..(at + 300).min(a.len())]),
                String::from_utf8_lossy(&b[from..(at + 300).min(b.len())])
            );
        }
    }
    assert!(drew.is_empty(), "a render that changes nothing draws no memoized part: {drew:#?}");
}
