//! Driving the built page through its DOM contract (docs/dom-contract.md),
//! for the layout checks and the screenshots: load a URL, pause and step the
//! virtual clock, run a kubectl command in the console, wait for a state.
//! Everything is found by `data-*` hooks, never by text or position, so that
//! it keeps working when the words or the layout change.

use crate::json::{quote, Value};
use crate::webdriver::Driver;
use std::time::{Duration, Instant};

type Res<T> = Result<T, String>;

/// How long the page may take to show the outcome of one action.
const SETTLE: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(20);

/// Load `url` and wait until the board is drawn; a SEVERE console entry or a
/// page that does not render is an error.
pub fn load(driver: &Driver, url: &str) -> Res<()> {
    driver.navigate(url)?;
    let mut entries = Vec::new();
    match crate::wait_rendered(driver, &mut entries)? {
        (true, _) => Ok(()),
        (false, state) => Err(format!("{url} did not render ({state})")),
    }
}

/// Run `script` until it returns something other than `null`/`false`, or
/// SETTLE passes (then Err naming `what`).
pub fn wait(driver: &Driver, what: &str, script: &str) -> Res<Value> {
    let deadline = Instant::now() + SETTLE;
    loop {
        let v = driver.execute(script)?;
        if !matches!(v, Value::Null | Value::Bool(false)) {
            return Ok(v);
        }
        if Instant::now() >= deadline {
            return Err(format!("{what}: not after {} s", SETTLE.as_secs()));
        }
        std::thread::sleep(POLL);
    }
}

/// Click the first element matching `css` from the page (a trusted-enough
/// `click()`: the app listens to `click`), or fail naming the selector.
pub fn click(driver: &Driver, css: &str) -> Res<()> {
    let found = driver.execute(&format!(
        "const e = document.querySelector({}); if (!e) return false; e.click(); return true;",
        quote(css)
    ))?;
    if found == Value::Bool(true) {
        Ok(())
    } else {
        Err(format!("nothing on the page matches {css}"))
    }
}

/// Stop the clock: afterwards only `step` moves it.
pub fn pause(driver: &Driver) -> Res<()> {
    driver.execute(
        r#"const b = document.querySelector('[data-action="pause"]'); if (b) b.click(); return true;"#,
    )?;
    wait(
        driver,
        "pausing the clock ([data-action=\"play\"] should replace [data-action=\"pause\"])",
        r#"return !!document.querySelector('[data-action="play"]') && !document.querySelector('[data-action="pause"]');"#,
    )
    .map(|_| ())
}

/// The virtual clock in seconds (`data-kind="clock"`'s `data-seconds`).
pub fn seconds(driver: &Driver) -> Res<f64> {
    let v = driver.execute(
        r#"const c = document.querySelector('[data-kind="clock"]'); return c ? Number(c.dataset.seconds) : null;"#,
    )?;
    v.as_f64()
        .ok_or_else(|| "no [data-kind=\"clock\"] with data-seconds on the page".into())
}

/// Press the step button until `reached` (a script returning a description of
/// the state, or null/false while it is not there yet) holds, at most
/// `max_steps` times. Each press waits for the clock to move, so whatever a
/// step means (one virtual second or more) the check sees its outcome.
/// Returns the description.
pub fn step_until(driver: &Driver, what: &str, reached: &str, max_steps: u32) -> Res<String> {
    let start = seconds(driver)?;
    for _ in 0..=max_steps {
        let v = driver.execute(reached)?;
        if !matches!(v, Value::Null | Value::Bool(false)) {
            return Ok(v.as_str().map(String::from).unwrap_or_else(|| v.to_json()));
        }
        let before = seconds(driver)?;
        click(driver, r#"[data-action="step"]"#)?;
        wait(
            driver,
            "the clock moving after a step",
            &format!(
                r#"const c = document.querySelector('[data-kind="clock"]'); return !!c && Number(c.dataset.seconds) > {before};"#
            ),
        )?;
    }
    let now = seconds(driver)?;
    Err(format!(
        "{what}: not reached after {max_steps} steps (virtual clock {start} s → {now} s)"
    ))
}

/// Type `line` into the console's prompt and press Enter, as a learner would;
/// fails if the console answers on stderr.
pub fn console(driver: &Driver, line: &str) -> Res<()> {
    let count = r#"return document.querySelectorAll('[data-kind="console-entry"]').length;"#;
    let before = driver.execute(count)?.as_f64().unwrap_or(0.0);
    let typed = driver.execute(&format!(
        r#"const i = document.querySelector('[data-kind="console-input"]');
if (!i) return false;
i.focus();
i.value = {};
i.dispatchEvent(new Event('input', {{bubbles: true}}));
return true;"#,
        quote(line)
    ))?;
    if typed != Value::Bool(true) {
        return Err("no [data-kind=\"console-input\"] on the page".into());
    }
    driver.execute(
        r#"const i = document.querySelector('[data-kind="console-input"]');
i.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
return true;"#,
    )?;
    let answer = wait(
        driver,
        &format!("the console's answer to `{line}`"),
        &format!(
            r#"const all = Array.from(document.querySelectorAll('[data-kind="console-entry"]')).slice({before});
const out = all.filter(e => e.dataset.stream !== 'command');
return out.length ? out.map(e => e.dataset.stream + ': ' + e.textContent).join('\n') : null;"#
        ),
    )?;
    let answer = answer.as_str().unwrap_or_default().to_string();
    if answer.lines().any(|l| l.starts_with("stderr: ")) {
        return Err(format!("`{line}` failed in the console: {answer}"));
    }
    Ok(())
}

/// Scroll the element matching `css` into view (so that a screenshot shows
/// it), with its middle (`block` = `center`) or its bottom (`end`) at the
/// viewport's; or fail naming the selector.
pub fn show(driver: &Driver, css: &str, block: &str) -> Res<()> {
    let found = driver.execute(&format!(
        "const e = document.querySelector({}); if (!e) return false; \
         e.scrollIntoView({{block: {}, inline: 'nearest'}}); return true;",
        quote(css),
        quote(block)
    ))?;
    if found == Value::Bool(true) {
        Ok(())
    } else {
        Err(format!("nothing on the page matches {css}"))
    }
}

/// Scroll back to the top left.
pub fn top(driver: &Driver) -> Res<()> {
    driver.execute("window.scrollTo(0, 0); return true;").map(|_| ())
}

/// The viewport's size in CSS pixels (`innerWidth`, `innerHeight`).
pub fn viewport(driver: &Driver) -> Res<(u32, u32)> {
    let v = driver.execute("return [window.innerWidth, window.innerHeight];")?;
    let items = v.as_array().unwrap_or(&[]);
    let n = |i: usize| items.get(i).and_then(Value::as_f64).unwrap_or(0.0) as u32;
    Ok((n(0), n(1)))
}

/// The viewport's size once it has stopped changing (a resize reaches the
/// page a moment after the WebDriver command returns).
fn settled_viewport(driver: &Driver) -> Res<(u32, u32)> {
    let deadline = Instant::now() + SETTLE;
    let mut last = viewport(driver)?;
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let now = viewport(driver)?;
        if now == last || Instant::now() >= deadline {
            return Ok(now);
        }
        last = now;
    }
}

/// Resize the window so that the viewport is `size` CSS pixels, and check it.
/// Headless Chromium's window is taller than its viewport (by its hidden
/// browser chrome): the window grows by the difference.
pub fn set_viewport(driver: &Driver, size: (u32, u32)) -> Res<()> {
    let mut window = size;
    for _ in 0..3 {
        driver.set_window_size(window.0, window.1)?;
        let got = settled_viewport(driver)?;
        if got == size {
            return Ok(());
        }
        let adjust = |w: u32, want: u32, got: u32| (w as i64 + want as i64 - got as i64).max(1) as u32;
        window = (adjust(window.0, size.0, got.0), adjust(window.1, size.1, got.1));
    }
    let got = settled_viewport(driver)?;
    if got == size {
        Ok(())
    } else {
        Err(format!(
            "the viewport is {}×{} CSS px, not the {}×{} asked for",
            got.0, got.1, size.0, size.1
        ))
    }
}
