//! Real pointer input on the built page (part of stage 3 of `cargo xtask test`).
//!
//! The browser tests (wasm-bindgen-test) dispatch synthetic `PointerEvent`s,
//! which cannot exercise pointer capture nor `touch-action`. Here ChromeDriver's
//! Actions API (`POST /session/{id}/actions`) makes Chromium generate the
//! events itself, for a mouse, a touch point and a pen. For each pointer type,
//! on a fresh page (the app keeps no state across loads) with the clock paused:
//!
//! 1. ask the page what to move where: press on a pending pod card (a
//!    `[data-kind="pod"]` without `data-node` in `[data-kind="pending-lane"]`),
//!    move past the drag threshold and release in place, which cancels the
//!    drag; a capture-phase listener notes each node's `data-fit` at the
//!    release. The first pod that some node takes (and, for the refusal
//!    check, that another node refuses) is the one;
//! 2. for the mouse only: drag it onto a node that said `no` and check that
//!    the pod stays pending and the node shows a `[data-kind="refusal"]`;
//! 3. drag it onto a node that said `yes` (press on the card's centre, several
//!    moves, release on the node's centre) and check through the DOM that the
//!    pod is now inside that node, with `data-node` = its name.
//!
//! Every gesture must reach the page as `pointerdown`, `gotpointercapture` and
//! `pointerup` of that pointer type, without a `pointercancel` (which is what
//! a touch drag gets when the card lacks `touch-action: none`). A gesture is a
//! single Actions call: ChromeDriver loses a touch point that is still down
//! when one call ends and the next begins.
//!
//! The DOM contract is docs/dom-contract.md; nothing here knows pod or node
//! names.

use crate::json::{quote, Value};
use crate::webdriver::{Driver, ELEMENT_KEY};
use std::time::{Duration, Instant};

type Res<T> = Result<T, String>;

/// The pointer types driven, in order; each one on a freshly loaded page.
pub const POINTER_TYPES: [&str; 3] = ["mouse", "touch", "pen"];
/// The pointer type that also checks a refused drop.
const REFUSAL_POINTER: &str = "mouse";
/// How long the page may take to show the outcome of a gesture.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(50);
/// Each of the press's first two moves (CSS px): together past the app's 4 px
/// drag threshold (`board::drag::DRAG_THRESHOLD`), still on the card.
const WIGGLE: (i64, i64) = (6, 4);
/// Moves from the card to the node's centre, and the time each takes.
const PATH_STEPS: i64 = 4;
const STEP_MS: u64 = 60;
/// Held still before the release, so that the page has drawn the last move.
const HOLD_MS: u64 = 100;

const PENDING_POD: &str = r#"[data-kind="pending-lane"] [data-kind="pod"]:not([data-node])"#;

/// One check's outcome: `Ok(detail)` or `Err(why)`.
pub struct Check {
    pub label: String,
    pub outcome: Result<String, String>,
}

impl Check {
    pub fn passed(&self) -> bool {
        self.outcome.is_ok()
    }
}

/// Run the checks on a rendered page. `reload` loads the page afresh and waits
/// until the board is drawn again. Prints a line per check as it ends.
pub fn run(driver: &Driver, reload: &mut dyn FnMut() -> Res<()>) -> Vec<Check> {
    let mut checks = Vec::new();
    for (i, kind) in POINTER_TYPES.into_iter().enumerate() {
        let refusal = kind == REFUSAL_POINTER;
        let started = Instant::now();
        let fresh = if i == 0 { Ok(()) } else { reload() };
        let plan = fresh
            .and_then(|()| prepare(driver))
            .and_then(|()| choose(driver, kind, refusal, i));
        let (pod, yes, no) = match plan {
            Ok(plan) => plan,
            Err(e) => {
                if refusal {
                    record(&mut checks, format!("{kind} refused drop"), Err(e.clone()));
                }
                record(&mut checks, format!("{kind} drag"), Err(e));
                continue;
            }
        };
        if let Some(no) = no {
            let t = Instant::now();
            let outcome = refused_drop(driver, kind, &pod, &no)
                .map(|text| format!("{text:?}, {:.1} s", t.elapsed().as_secs_f64()));
            record(
                &mut checks,
                format!("{kind} drop of {pod} onto {no} is refused"),
                outcome,
            );
        }
        let t = Instant::now();
        let outcome = drag_onto(driver, kind, &pod, &yes).map(|()| {
            format!(
                "{:.1} s; {:.1} s for all the {kind} steps",
                t.elapsed().as_secs_f64(),
                started.elapsed().as_secs_f64()
            )
        });
        record(
            &mut checks,
            format!("{kind} drag of {pod} onto {yes}"),
            outcome,
        );
    }
    checks
}

fn record(checks: &mut Vec<Check>, label: String, outcome: Result<String, String>) {
    match &outcome {
        Ok(detail) => println!("real input: {label} ... ok ({detail})"),
        Err(why) => println!("real input: {label} ... FAILED: {why}"),
    }
    checks.push(Check { label, outcome });
}

// ---------------------------------------------------------------------------
// The page side
// ---------------------------------------------------------------------------

/// Pause the clock (so that nothing but the input changes the board) and
/// start noting pointer events as they reach the document (capture phase,
/// before the app sees them): type, pointerType, the carried pod and every
/// node's `data-fit` at that moment.
const PREPARE: &str = r#"
const pause = document.querySelector('[data-action="pause"]');
if (pause) pause.click();
const log = window.__podiumRealInput = [];
const fits = () => Array.from(document.querySelectorAll('[data-kind="node"][data-fit]'),
  n => n.dataset.name + '=' + n.dataset.fit).join(' ');
for (const type of ['pointerdown', 'gotpointercapture', 'pointercancel', 'pointerup']) {
  document.addEventListener(type, e => {
    const carried = document.querySelector('[data-kind="pod"][data-carried="true"]');
    log.push([type, e.pointerType, carried ? carried.dataset.name : '', fits()]);
  }, true);
}
return true;
"#;

fn prepare(driver: &Driver) -> Res<()> {
    driver.execute(PREPARE)?;
    wait_for(
        driver,
        r#"return !document.querySelector('[data-action="pause"]');"#,
        |v| v == &Value::Bool(true),
    )?
    .map(|_| ())
    .map_err(|_| "the clock did not pause ([data-action=\"pause\"] stayed)".into())
}

/// A pointer event as the page noted it.
#[derive(Clone, Debug)]
struct Event {
    kind: String,
    pointer: String,
    carried: String,
    fits: String,
}

/// The events noted since the last call.
fn take_events(driver: &Driver) -> Res<Vec<Event>> {
    let v = driver.execute(
        "return window.__podiumRealInput ? window.__podiumRealInput.splice(0) : location.href;",
    )?;
    if let Some(href) = v.as_str() {
        return Err(format!(
            "the page went away during the gesture (the browser is now at {href})"
        ));
    }
    let field = |e: &Value, i: usize| {
        e.as_array()
            .and_then(|a| a.get(i))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    Ok(v.as_array()
        .unwrap_or(&[])
        .iter()
        .map(|e| Event {
            kind: field(e, 0),
            pointer: field(e, 1),
            carried: field(e, 2),
            fits: field(e, 3),
        })
        .collect())
}

fn summary(events: &[Event]) -> String {
    if events.is_empty() {
        return "none".into();
    }
    events
        .iter()
        .map(|e| format!("{}({})", e.kind, e.pointer))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The gesture reached the page as that pointer type, whole and uncancelled;
/// returns the release.
fn check_events<'a>(kind: &str, events: &'a [Event]) -> Res<&'a Event> {
    if events.iter().any(|e| e.kind == "pointercancel") {
        return Err(format!(
            "the browser cancelled the {kind} gesture (pointercancel), as it does when it pans or zooms instead (touch-action); events: {}",
            summary(events)
        ));
    }
    for wanted in ["pointerdown", "gotpointercapture", "pointerup"] {
        if !events.iter().any(|e| e.kind == wanted && e.pointer == kind) {
            return Err(format!(
                "no {wanted} of pointerType {kind} reached the page; events: {}",
                summary(events)
            ));
        }
    }
    Ok(events
        .iter()
        .rev()
        .find(|e| e.kind == "pointerup")
        .expect("checked above"))
}

fn pod_selector(name: &str) -> String {
    format!(r#"[data-kind="pod"][data-name={}]"#, quote(name))
}

fn node_selector(name: &str) -> String {
    format!(r#"[data-kind="node"][data-name={}]"#, quote(name))
}

/// Poll `script` until `done` holds for its value (Ok), or SETTLE_TIMEOUT
/// passes (Err with the last value).
fn wait_for(
    driver: &Driver,
    script: &str,
    done: impl Fn(&Value) -> bool,
) -> Res<Result<Value, Value>> {
    let deadline = Instant::now() + SETTLE_TIMEOUT;
    loop {
        let v = driver.execute(script)?;
        if done(&v) {
            return Ok(Ok(v));
        }
        if Instant::now() >= deadline {
            return Ok(Err(v));
        }
        std::thread::sleep(POLL);
    }
}

/// Where the pod's card is: `<data-node or ->|<node it is in, or "pending lane">`.
fn pod_place(pod: &str) -> String {
    format!(
        r#"const p = document.querySelector({});
if (!p) return 'gone';
const n = p.closest('[data-kind="node"]');
const where = n ? n.dataset.name : p.closest('[data-kind="pending-lane"]') ? 'pending lane' : 'outside the board';
return (p.dataset.node || '-') + '|' + where;"#,
        quote(&pod_selector(pod))
    )
}

// ---------------------------------------------------------------------------
// Gestures
// ---------------------------------------------------------------------------

fn move_to_element(element: &str, ms: u64) -> String {
    format!(
        r#"{{"type":"pointerMove","duration":{ms},"origin":{{"{ELEMENT_KEY}":{}}},"x":0,"y":0}}"#,
        quote(element)
    )
}

fn move_by(dx: i64, dy: i64, ms: u64) -> String {
    format!(r#"{{"type":"pointerMove","duration":{ms},"origin":"pointer","x":{dx},"y":{dy}}}"#)
}

fn move_to(x: i64, y: i64, ms: u64) -> String {
    format!(r#"{{"type":"pointerMove","duration":{ms},"origin":"viewport","x":{x},"y":{y}}}"#)
}

fn hold(ms: u64) -> String {
    format!(r#"{{"type":"pause","duration":{ms}}}"#)
}

const DOWN: &str = r#"{"type":"pointerDown","button":0}"#;
const UP: &str = r#"{"type":"pointerUp","button":0}"#;

/// One Actions call for one pointer of type `kind`, then release whatever is
/// still pressed. Returns the events the page noted.
fn perform(driver: &Driver, kind: &str, actions: &[String]) -> Res<Vec<Event>> {
    take_events(driver)?;
    let sources = format!(
        r#"[{{"type":"pointer","id":{},"parameters":{{"pointerType":{}}},"actions":[{}]}}]"#,
        quote(&format!("podium-{kind}")),
        quote(kind),
        actions.join(",")
    );
    let done = driver.perform_actions(&sources);
    let released = driver.release_actions();
    done.and(released)?;
    take_events(driver)
}

/// Press on the pod's card, move past the drag threshold and release in place
/// (over the pending lane, so the drag is cancelled). Returns each node's
/// `data-fit` at the release: (name, takes it).
fn probe(driver: &Driver, kind: &str, pod: &str) -> Res<Vec<(String, bool)>> {
    let card = driver.find_element(&pod_selector(pod))?;
    let events = perform(
        driver,
        kind,
        &[
            move_to_element(&card, 0),
            DOWN.into(),
            move_by(WIGGLE.0, WIGGLE.1, 50),
            move_by(WIGGLE.0, WIGGLE.1, 50),
            hold(HOLD_MS),
            UP.into(),
        ],
    )?;
    let up = check_events(kind, &events)?;
    if up.carried != pod {
        return Err(format!(
            "pressing on {pod} with the {kind} pointer and moving it did not pick it up (no data-carried=\"true\" on it)"
        ));
    }
    let fits: Vec<(String, bool)> = up
        .fits
        .split_whitespace()
        .filter_map(|f| f.split_once('='))
        .map(|(n, fit)| (n.to_string(), fit == "yes"))
        .collect();
    if fits.is_empty() {
        return Err(format!(
            "no node showed data-fit while {pod} was carried by the {kind} pointer"
        ));
    }
    let cleared = r#"return !document.querySelector('[data-kind="pod"][data-carried="true"], [data-kind="node"][data-fit]');"#;
    wait_for(driver, cleared, |v| v == &Value::Bool(true))?.map_err(|_| {
        format!("releasing {pod} over the pending lane did not end the drag (a pod stays carried or nodes keep data-fit)")
    })?;
    Ok(fits)
}

/// The pending pod to move, a node that takes it (the `nth` of those, so that
/// the pointer types use different nodes) and, when `refusal`, one that does
/// not: the first pending pod that qualifies, by asking the page.
fn choose(
    driver: &Driver,
    kind: &str,
    refusal: bool,
    nth: usize,
) -> Res<(String, String, Option<String>)> {
    let pods = driver.execute(&format!(
        "return Array.from(document.querySelectorAll({}), p => p.dataset.name);",
        quote(PENDING_POD)
    ))?;
    let pods: Vec<String> = pods
        .as_array()
        .unwrap_or(&[])
        .iter()
        .filter_map(|p| p.as_str().map(String::from))
        .collect();
    if pods.is_empty() {
        return Err(format!(
            "no pending pod on the page ({PENDING_POD} matches nothing)"
        ));
    }
    let mut seen = Vec::new();
    for pod in pods {
        let fits = probe(driver, kind, &pod)
            .map_err(|e| format!("while asking the page where {pod} fits: {e}"))?;
        let yes: Vec<&String> = fits.iter().filter(|f| f.1).map(|f| &f.0).collect();
        let no = fits.iter().find(|f| !f.1).map(|f| f.0.clone());
        if !yes.is_empty() && (no.is_some() || !refusal) {
            let target = yes[nth % yes.len()].clone();
            return Ok((pod, target, no.filter(|_| refusal)));
        }
        seen.push(format!(
            "{pod}: {}",
            fits.iter()
                .map(|(n, y)| format!("{n}={}", if *y { "yes" } else { "no" }))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    Err(format!(
        "no pending pod that {} ({})",
        if refusal {
            "a node takes and another refuses"
        } else {
            "a node takes"
        },
        seen.join("; ")
    ))
}

/// Drag the pod's card onto the node's centre in one gesture; returns the
/// release as the page saw it.
fn drag(driver: &Driver, kind: &str, pod: &str, node: &str) -> Res<Event> {
    let card = driver.find_element(&pod_selector(pod))?;
    let target = driver.find_element(&node_selector(node))?;
    let geometry = driver.execute(&format!(
        r#"const c = s => {{ const r = document.querySelector(s).getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }};
return c({}).concat(c({}), [innerWidth, innerHeight]);"#,
        quote(&pod_selector(pod)),
        quote(&node_selector(node))
    ))?;
    let g: Vec<i64> = geometry
        .as_array()
        .unwrap_or(&[])
        .iter()
        .filter_map(Value::as_f64)
        .map(|n| n.round() as i64)
        .collect();
    let [px, py, nx, ny, w, h] = g[..] else {
        return Err(format!(
            "could not measure the page: {}",
            geometry.to_json()
        ));
    };
    for (what, x, y) in [(pod, px, py), (node, nx, ny)] {
        if x < 0 || y < 0 || x >= w || y >= h {
            return Err(format!(
                "the centre of {what} ({x}, {y}) is outside the {w}x{h} viewport"
            ));
        }
    }
    let (sx, sy) = (px + 2 * WIGGLE.0, py + 2 * WIGGLE.1);
    let mut actions = vec![
        move_to_element(&card, 0),
        DOWN.into(),
        move_by(WIGGLE.0, WIGGLE.1, 50),
        move_by(WIGGLE.0, WIGGLE.1, 50),
    ];
    for k in 1..PATH_STEPS {
        actions.push(move_to(
            sx + (nx - sx) * k / PATH_STEPS,
            sy + (ny - sy) * k / PATH_STEPS,
            STEP_MS,
        ));
    }
    actions.extend([move_to_element(&target, STEP_MS), hold(HOLD_MS), UP.into()]);
    let events = perform(driver, kind, &actions)?;
    let up = check_events(kind, &events)?;
    if up.carried != pod {
        return Err(format!(
            "{pod} was not carried when the {kind} pointer was released over {node}"
        ));
    }
    Ok(up.clone())
}

fn shown_fit(up: &Event, node: &str, want: &str) -> Res<()> {
    if up
        .fits
        .split_whitespace()
        .any(|f| f == format!("{node}={want}"))
    {
        Ok(())
    } else {
        Err(format!(
            "at the release over {node} the nodes showed data-fit {} (expected {node}={want})",
            if up.fits.is_empty() {
                "on none"
            } else {
                up.fits.as_str()
            }
        ))
    }
}

/// A drop onto a node that refuses the pod: it stays pending, and the node
/// says why. Returns the refusal's text.
fn refused_drop(driver: &Driver, kind: &str, pod: &str, node: &str) -> Res<String> {
    let up = drag(driver, kind, pod, node)?;
    shown_fit(&up, node, "no")?;
    let refusal = format!(
        r#"const r = document.querySelector({}); return r ? r.textContent.trim() : '';"#,
        quote(&format!(r#"{} [data-kind="refusal"]"#, node_selector(node)))
    );
    let text = wait_for(driver, &refusal, |v| {
        v.as_str().is_some_and(|s| !s.is_empty())
    })?
    .map_err(|_| format!("{node} shows no [data-kind=\"refusal\"] after the drop of {pod}"))?;
    let place = driver.execute(&pod_place(pod))?;
    if place.as_str() != Some("-|pending lane") {
        return Err(format!(
            "after a refused drop {pod} should stay pending, but it is at {} (data-node|container)",
            place.to_json()
        ));
    }
    Ok(text.as_str().unwrap_or("").to_string())
}

/// A drop onto a node that takes the pod: the pod's card moves into the node,
/// with `data-node` = the node's name.
fn drag_onto(driver: &Driver, kind: &str, pod: &str, node: &str) -> Res<()> {
    let up = drag(driver, kind, pod, node)?;
    shown_fit(&up, node, "yes")?;
    let bound = format!("{node}|{node}");
    wait_for(driver, &pod_place(pod), |v| {
        v.as_str() == Some(bound.as_str())
    })?
    .map(|_| ())
    .map_err(|last| {
        format!(
            "{pod} did not land on {node} within {} s: it is at {} (data-node|container)",
            SETTLE_TIMEOUT.as_secs(),
            last.to_json()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(kind: &str, pointer: &str) -> Event {
        Event {
            kind: kind.into(),
            pointer: pointer.into(),
            carried: String::new(),
            fits: String::new(),
        }
    }

    #[test]
    fn a_gesture_must_arrive_whole_and_of_its_pointer_type() {
        let whole = [
            ev("pointerdown", "pen"),
            ev("gotpointercapture", "pen"),
            ev("pointerup", "pen"),
        ];
        assert!(check_events("pen", &whole).is_ok());
        let err = check_events("touch", &whole).unwrap_err();
        assert!(err.contains("no pointerdown of pointerType touch"), "{err}");
        let cancelled = [
            ev("pointerdown", "touch"),
            ev("gotpointercapture", "touch"),
            ev("pointercancel", "touch"),
        ];
        assert!(check_events("touch", &cancelled)
            .unwrap_err()
            .contains("pointercancel"));
        assert!(check_events("mouse", &[]).unwrap_err().contains("none"));
    }

    #[test]
    fn actions_are_w3c_json() {
        for a in [
            move_to_element("abc", 0),
            move_by(6, -4, 50),
            move_to(10, 20, 60),
            hold(100),
        ] {
            assert!(crate::json::parse(&a).is_ok(), "{a}");
        }
        let m = crate::json::parse(&move_to_element("abc", 0)).unwrap();
        assert_eq!(
            m.get("origin")
                .and_then(|o| o.get(ELEMENT_KEY))
                .and_then(Value::as_str),
            Some("abc")
        );
    }
}
