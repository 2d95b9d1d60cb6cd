//! The layout at a phone's and a projector's width (part of stage 3 of
//! `cargo xtask test`; issue 4 asks for a board usable at 360 px and at
//! 1920 px). For each window size, on a freshly loaded, paused page:
//!
//! 1. nothing overflows sideways: the document is no wider than the viewport
//!    (`scrollWidth <= clientWidth`); when it is, the elements that stick out
//!    are named;
//! 2. the main controls are visible and reachable: play/pause, step, every
//!    speed, both languages and the console's prompt each have a box of at
//!    least 24×24 CSS px (WCAG 2.2's minimum target size) inside the
//!    viewport's width, and, scrolled into view, are the topmost element at
//!    their centre (nothing covers them);
//! 3. a pod on a node can still be selected with a real click (WebDriver's
//!    Element Click, which refuses hidden or covered elements) and the
//!    inspector then shows it.
//!
//! Controls are found by their `data-action` / `data-kind` hooks
//! (docs/dom-contract.md), never by text.

use crate::json::{quote, Value};
use crate::page;
use crate::real_input::Check;
use crate::webdriver::Driver;

type Res<T> = Result<T, String>;

/// A small phone in portrait (CSS px).
pub const PHONE: (u32, u32) = (360, 740);
/// A projector / full-HD screen.
pub const PROJECTOR: (u32, u32) = (1920, 1080);

/// The controls that must be usable at every width: (what, selector, how many at least).
const CONTROLS: [(&str, &str, usize); 5] = [
    ("play/pause", r#"[data-action="play"], [data-action="pause"]"#, 1),
    ("step", r#"[data-action="step"]"#, 1),
    ("speed", r#"[data-action="speed"]"#, 2),
    ("language", r#"[data-action="lang"]"#, 2),
    ("console prompt", r#"[data-kind="console-input"]"#, 1),
];
/// WCAG 2.2, 2.5.8 Target Size (Minimum).
const MIN_TARGET: f64 = 24.0;

/// Run the checks at PHONE then PROJECTOR on `url`; prints a line per check.
pub fn run(driver: &Driver, url: &str) -> Vec<Check> {
    let mut checks = Vec::new();
    for size in [PHONE, PROJECTOR] {
        let at = format!("{}×{}", size.0, size.1);
        let loaded = page::set_viewport(driver, size)
            .and_then(|()| page::load(driver, url))
            .and_then(|()| page::pause(driver));
        let outcomes = match loaded {
            Ok(()) => [no_overflow(driver), controls_usable(driver), pod_selectable(driver)],
            Err(e) => [Err(e.clone()), Err(e.clone()), Err(e)],
        };
        let labels = [
            format!("layout {at}: no horizontal overflow"),
            format!("layout {at}: pause, step, speed, language and console reachable"),
            format!("layout {at}: a pod can be selected"),
        ];
        for (label, outcome) in labels.into_iter().zip(outcomes) {
            match &outcome {
                Ok(detail) => println!("{label} ... ok ({detail})"),
                Err(why) => println!("{label} ... FAILED: {why}"),
            }
            checks.push(Check { label, outcome });
        }
    }
    checks
}

/// `[scrollWidth, clientWidth, [the outermost elements sticking out]]` (boxes
/// of 1 px or less, such as screen-reader-only text, do not count as culprits).
const OVERFLOW: &str = r#"
const d = document.documentElement, w = d.clientWidth;
const name = e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
  ? '.' + e.className.trim().split(/\s+/).join('.') : '')
  + (e.dataset.kind ? '[data-kind="' + e.dataset.kind + '"]' : '')
  + (e.dataset.action ? '[data-action="' + e.dataset.action + '"]' : '');
const out = e => { const r = e.getBoundingClientRect(); return r.width > 1 && (r.right > w + 0.5 || r.left < -0.5); };
const clipped = e => { for (let a = e.parentElement; a && a !== d; a = a.parentElement) {
  if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
const culprits = [];
if (d.scrollWidth > w) {
  for (const e of document.body.querySelectorAll('*')) {
    if (culprits.length >= 6) break;
    if (out(e) && !(e.parentElement && out(e.parentElement)) && !clipped(e)) {
      const r = e.getBoundingClientRect();
      culprits.push(name(e) + ' (' + Math.round(r.left) + '..' + Math.round(r.right) + ' px)');
    }
  }
}
return [d.scrollWidth, w, culprits];
"#;

fn no_overflow(driver: &Driver) -> Res<String> {
    let v = driver.execute(OVERFLOW)?;
    let items = v.as_array().unwrap_or(&[]);
    let n = |i: usize| items.get(i).and_then(Value::as_f64).unwrap_or(f64::NAN);
    let (scroll, client) = (n(0), n(1));
    let culprits: Vec<String> = items
        .get(2)
        .and_then(Value::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(|c| c.as_str().map(String::from))
        .collect();
    if scroll <= client {
        Ok(format!("document {scroll} px wide in a {client} px viewport"))
    } else {
        Err(format!(
            "the document is {scroll} px wide in a {client} px viewport (a sideways scroll); sticking out: {}",
            if culprits.is_empty() { "(none found)".to_string() } else { culprits.join(", ") }
        ))
    }
}

/// For each control: `null` when it is fine, else why not.
const CONTROL_PROBLEM: &str = r#"
const [sel, min, minSize] = arguments;
const all = Array.from(document.querySelectorAll(sel));
if (all.length < min) return 'found ' + all.length + ', expected at least ' + min;
const w = document.documentElement.clientWidth;
for (const [i, e] of all.entries()) {
  const which = all.length > 1 ? ' (#' + (i + 1) + ')' : '';
  if (e.checkVisibility && !e.checkVisibility({visibilityProperty: true, opacityProperty: true}))
    return 'hidden' + which;
  e.scrollIntoView({block: 'center', inline: 'nearest'});
  const r = e.getBoundingClientRect();
  if (r.width < minSize || r.height < minSize)
    return Math.round(r.width) + '×' + Math.round(r.height) + ' px' + which + ', smaller than ' + minSize + '×' + minSize;
  if (r.left < -0.5 || r.right > w + 0.5)
    return 'spans ' + Math.round(r.left) + '..' + Math.round(r.right) + ' px' + which + ', outside the ' + w + ' px viewport';
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  if (!hit || !(e === hit || e.contains(hit) || hit.contains(e) && hit.tagName === 'LABEL'))
    return 'covered' + which + ' by ' + (hit ? hit.tagName.toLowerCase() + '.' + hit.className : 'nothing (off screen)');
}
window.scrollTo(0, 0);
return null;
"#;

fn controls_usable(driver: &Driver) -> Res<String> {
    let mut problems = Vec::new();
    for (what, css, min) in CONTROLS {
        let script = format!(
            "return (function() {{ {CONTROL_PROBLEM} }}).apply(null, [{}, {min}, {MIN_TARGET}]);",
            quote(css)
        );
        if let Some(why) = driver.execute(&script)?.as_str() {
            problems.push(format!("{what} ({css}): {why}"));
        }
    }
    if problems.is_empty() {
        Ok(format!("{} controls", CONTROLS.len()))
    } else {
        Err(problems.join("; "))
    }
}

fn pod_selectable(driver: &Driver) -> Res<String> {
    let name = driver
        .execute(
            r#"const p = document.querySelector('[data-kind="node"] [data-kind="pod"]');
return p ? p.dataset.name : null;"#,
        )?
        .as_str()
        .map(String::from)
        .ok_or("no pod on a node to select")?;
    let button = format!(r#"[data-kind="pod"][data-name={}] [data-action="select"]"#, quote(&name));
    let element = driver.find_element(&button)?;
    driver
        .click(&element)
        .map_err(|e| format!("clicking {button}: {e}"))?;
    page::wait(
        driver,
        &format!("the inspector showing pod/{name}"),
        &format!(
            r#"return !!document.querySelector('[data-kind="inspector"][data-object={}]');"#,
            quote(&format!("pod/{name}"))
        ),
    )?;
    Ok(format!("pod/{name} in the inspector"))
}
