//! `cargo xtask screenshots [--out DIR] [--only NAME,...]`: build the page,
//! serve it, drive it in headless Chromium into the states the README shows
//! and save one PNG of the viewport per state (default DIR: docs/).
//!
//! Every state is reached the same way each time: a fresh built-in cluster
//! (`?fresh&scenario=…&lang=…`), the clock paused, then kubectl commands in
//! the console, the inspector's and the board's buttons, and the step button
//! pressed until the state is on the page, as its `data-*` hooks
//! (docs/dom-contract.md) say. A state not reached within its step budget
//! fails the command with what was expected; nothing is shot blind.

use crate::json::quote;
use crate::layout::{PHONE, PROJECTOR};
use crate::page;
use crate::webdriver::Driver;
use crate::{Browser, Ctx, Res};
use std::path::PathBuf;
use std::time::Duration;

/// A desktop window wide enough for the side column (inspector, events)
/// beside the board (style.css switches at 1400 px).
const DESKTOP: (u32, u32) = (1440, 900);
/// The same, tall enough for the inspector's scheduling table under the pod's fields.
const DESKTOP_TALL: (u32, u32) = (1440, 1080);
/// Entry animations (a new pod fades in for 0.45 s) end before the shot.
const STILL: Duration = Duration::from_millis(700);

/// The rollout: the starter cluster's Deployment and container, and the image it moves to.
const ROLLOUT_DEPLOYMENT: &str = "web";
const ROLLOUT_CONTAINER: &str = "web";
const ROLLOUT_IMAGE: &str = "nginx:1.28";

struct Shot {
    /// File name in the output folder.
    file: &'static str,
    /// What the learner sees (printed; the README's captions say the same).
    what: &'static str,
    size: (u32, u32),
    /// The page's query string.
    query: &'static str,
    /// Drives the paused page into the state and checks it is there;
    /// returns a description of what it found.
    reach: fn(&Driver) -> Res<String>,
}

const SHOTS: [Shot; 7] = [
    Shot {
        file: "screenshot.png",
        what: "the starter cluster settled: pending pods to place by hand, three nodes, workloads, events",
        size: DESKTOP,
        query: "?fresh&scenario=starter&lang=en",
        reach: settled,
    },
    Shot {
        file: "screenshot-rollout.png",
        what: "a Deployment rollout halfway: old and new ReplicaSets side by side over the surge/unavailable budget",
        size: DESKTOP,
        query: "?fresh&scenario=starter&lang=en",
        reach: rollout_halfway,
    },
    Shot {
        file: "screenshot-hpa.png",
        what: "traffic pushed through the load slider: the HPA scales up, its decision as a filled-in formula",
        size: DESKTOP,
        query: "?fresh&scenario=autoscale&lang=en",
        reach: hpa_scale_up,
    },
    Shot {
        file: "screenshot-refusal.png",
        what: "a pending pod selected: the scheduler's verdict per node, each refusal with its filter",
        size: DESKTOP_TALL,
        query: "?fresh&scenario=gpu&lang=en",
        reach: refusal,
    },
    Shot {
        file: "screenshot-ko.png",
        what: "the same refusal in Korean",
        size: DESKTOP_TALL,
        query: "?fresh&scenario=gpu&lang=ko",
        reach: refusal,
    },
    Shot {
        file: "screenshot-phone.png",
        what: "a 360 px wide phone: the controls wrap above the pending pods, one node per row",
        size: PHONE,
        query: "?fresh&scenario=starter&lang=en",
        reach: settled,
    },
    Shot {
        file: "screenshot-projector.png",
        what: "a 1920 px projector mid-rollout: board, workloads and events on one screen",
        size: PROJECTOR,
        query: "?fresh&scenario=starter&lang=en",
        reach: rollout_projector,
    },
];

/// What `--out DIR` and `--only NAME,...` ask for: the folder (None: docs/)
/// and the shots, in the order of SHOTS.
fn parse_args(args: &[String]) -> Res<(Option<PathBuf>, Vec<&'static Shot>)> {
    let mut out = None;
    let mut only: Option<Vec<String>> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a folder")?)),
            "--only" => {
                let names = it.next().ok_or("--only needs shot names")?;
                only = Some(names.split(',').map(|s| s.trim().to_string()).collect());
            }
            _ => {
                return Err(format!(
                    "unknown argument `{a}` (usage: cargo xtask screenshots [--out DIR] [--only NAME,...]; names: {})",
                    names()
                ))
            }
        }
    }
    if let Some(o) = &only {
        if let Some(bad) = o.iter().find(|n| !SHOTS.iter().any(|s| short(s) == n.as_str())) {
            return Err(format!("no shot named `{bad}` (names: {})", names()));
        }
    }
    let shots = SHOTS
        .iter()
        .filter(|s| only.as_ref().is_none_or(|o| o.iter().any(|n| n == short(s))))
        .collect();
    Ok((out, shots))
}

pub fn run(ctx: &Ctx, args: &[String]) -> Res<()> {
    let (out, shots) = parse_args(args)?;
    let out = out.unwrap_or_else(|| ctx.root.join("docs"));
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    crate::setup(ctx)?;
    let (base, _) = crate::build_and_serve(ctx)?;
    let browser = Browser::open(ctx, DESKTOP)?;
    let driver = browser.driver();
    for shot in shots {
        let url = format!("{base}{}", shot.query);
        let fail = |e: String| format!("{} ({url}, {}×{}): {e}", shot.file, shot.size.0, shot.size.1);
        page::set_viewport(driver, shot.size).map_err(fail)?;
        page::load(driver, &url).map_err(fail)?;
        page::pause(driver).map_err(fail)?;
        let found = (shot.reach)(driver).map_err(fail)?;
        // Entry animations are switched on (`data-live`) shortly after the first
        // render, and then play once on every card: let them end.
        page::wait(
            driver,
            "entry animations switched on (data-live on the root)",
            r#"return !!document.querySelector('.podium[data-live="true"]');"#,
        )
        .map_err(fail)?;
        std::thread::sleep(STILL);
        let png = driver.screenshot().map_err(fail)?;
        if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Err(fail("the screenshot is not a PNG".into()));
        }
        let path = out.join(shot.file);
        std::fs::write(&path, &png).map_err(|e| format!("{}: {e}", path.display()))?;
        println!(
            "{}: {} ({found}; {} KB)",
            path.display(),
            shot.what,
            png.len() / 1024
        );
    }
    Ok(())
}

/// A shot's name for `--only`: its file name without `screenshot-` and `.png`.
fn short(shot: &Shot) -> &str {
    let stem = shot.file.trim_end_matches(".png");
    stem.strip_prefix("screenshot-").unwrap_or("board")
}

fn names() -> String {
    SHOTS.iter().map(short).collect::<Vec<_>>().join(", ")
}

/// Every pod on a node is ready (the board at rest); the top of the page.
fn settled(driver: &Driver) -> Res<String> {
    let found = page::step_until(
        driver,
        "every pod on a node ready",
        r#"const pods = Array.from(document.querySelectorAll('[data-kind="node"] [data-kind="pod"]'));
return pods.length > 0 && pods.every(p => p.dataset.ready === 'true')
  ? pods.length + ' pods ready on nodes' : null;"#,
        120,
    )?;
    page::top(driver)?;
    Ok(found)
}

/// `kubectl set image` in the console, then steps until the new ReplicaSet
/// has at least half the replicas available while the old one still has pods.
fn start_rollout_and_step_halfway(driver: &Driver) -> Res<String> {
    settled(driver)?;
    page::console(
        driver,
        &format!("kubectl set image deployment/{ROLLOUT_DEPLOYMENT} {ROLLOUT_CONTAINER}={ROLLOUT_IMAGE}"),
    )?;
    page::step_until(
        driver,
        &format!("deployment/{ROLLOUT_DEPLOYMENT} rolling, its new ReplicaSet half available, the old one still running, the budget drawn"),
        &format!(
            r#"const d = document.querySelector('[data-kind="deployment"][data-name={}]');
if (!d || d.dataset.rolling !== 'true' || !d.querySelector('[data-kind="budget"]')) return null;
const n = d.querySelector('[data-kind="replicaset"][data-role="new"]');
const o = d.querySelector('[data-kind="replicaset"][data-role="old"]');
if (!n || !o) return null;
const desired = Number(d.dataset.desired), avail = Number(n.dataset.available);
return 2 * avail >= desired && Number(o.dataset.current) >= 1
  ? 'new ReplicaSet ' + avail + '/' + desired + ' available, old ' + o.dataset.current + ' current' : null;"#,
            quote(ROLLOUT_DEPLOYMENT)
        ),
        180,
    )
}

fn rollout_halfway(driver: &Driver) -> Res<String> {
    let found = start_rollout_and_step_halfway(driver)?;
    let deployment = format!(r#"[data-kind="deployment"][data-name={}]"#, quote(ROLLOUT_DEPLOYMENT));
    page::show(driver, &deployment, "center")?;
    Ok(found)
}

/// The same state on a projector: the board above, the rollout's budget at the bottom edge.
fn rollout_projector(driver: &Driver) -> Res<String> {
    let found = start_rollout_and_step_halfway(driver)?;
    let deployment = format!(r#"[data-kind="deployment"][data-name={}]"#, quote(ROLLOUT_DEPLOYMENT));
    page::show(driver, &deployment, "end")?;
    Ok(found)
}

/// Push traffic through the load panel's slider (the Service in front of an
/// HPA's target), then step until that HPA's last decision asks for more
/// replicas than it had.
fn hpa_scale_up(driver: &Driver) -> Res<String> {
    let slider = r#"[data-kind="load-panel"] input[data-action="traffic"]"#;
    let service = driver
        .execute(&format!(
            "const s = document.querySelector({}); return s ? s.dataset.target : null;",
            quote(slider)
        ))?
        .as_str()
        .map(String::from)
        .ok_or("no traffic slider ([data-kind=\"load-panel\"] input[data-action=\"traffic\"]) on the page")?;
    let hpa = driver.execute(
        r#"const h = document.querySelector('[data-kind="hpa"]');
return h ? [h.dataset.name, Number(h.dataset.replicas)] : null;"#,
    )?;
    let (name, before) = match hpa.as_array() {
        Some([n, r]) => (
            n.as_str().unwrap_or_default().to_string(),
            r.as_f64().unwrap_or(0.0),
        ),
        _ => return Err("no HPA ([data-kind=\"hpa\"]) on the page".into()),
    };
    // A range input has no keyboard-free WebDriver gesture for "set to N": set the value and fire
    // the `input` event the board listens to, as a drag of the thumb does.
    driver.execute(&format!(
        r#"const s = document.querySelector({});
s.value = String(Math.round(Number(s.max) / 2));
s.dispatchEvent(new Event('input', {{ bubbles: true }}));
return null;"#,
        quote(&format!(r#"{slider}[data-target={}]"#, quote(&service)))
    ))?;
    page::wait(
        driver,
        &format!("traffic on {service} above zero (the load panel's output)"),
        r#"const o = document.querySelector('[data-kind="load-panel"] output[data-kind="rps"]');
return o && Number(o.dataset.rps) > 0;"#,
    )?;
    let found = page::step_until(
        driver,
        &format!("HPA {name} deciding on more than {before} replicas, with its formula"),
        &format!(
            r#"const h = document.querySelector('[data-kind="hpa"][data-name={}]');
const d = h && h.querySelector('[data-kind="hpa-decision"]');
const f = d && d.querySelector('[data-kind="hpa-formula"]');
return f && Number(d.dataset.desired) > {before} ? 'HPA decided ' + d.dataset.desired + ' replicas: ' + f.textContent : null;"#,
            quote(&name)
        ),
        300,
    )?;
    page::show(driver, &format!(r#"[data-kind="hpa"][data-name={}]"#, quote(&name)), "center")?;
    Ok(found)
}

/// Select pending pods in turn until the inspector shows one that every node
/// refuses, with the refusing filter per node and the FailedScheduling message.
fn refusal(driver: &Driver) -> Res<String> {
    let found = page::step_until(
        driver,
        "a pending pod in the inspector, refused by every node with a filter named, and the scheduler's message",
        r#"const ins = document.querySelector('[data-kind="inspector"]');
const rows = ins ? Array.from(ins.querySelectorAll('[data-kind="schedule-row"]')) : [];
if (rows.length > 0 && rows.every(r => r.dataset.verdict === 'refused' && r.dataset.filter)
    && ins.querySelector('[data-kind="sched-message"]')) {
  return ins.dataset.object + ': ' + rows.map(r => r.dataset.node + ' refused by ' + r.dataset.filter).join(', ');
}
const pending = Array.from(document.querySelectorAll('[data-kind="pending-lane"] [data-kind="pod"]'));
if (pending.length === 0) return null;
const now = ins ? ins.dataset.object : '';
const i = pending.findIndex(p => 'pod/' + p.dataset.name === now);
const next = pending[(i + 1) % pending.length].querySelector('[data-action="select"]');
if (next) next.click();
return null;"#,
        30,
    )?;
    // The pending lane and the inspector beside it.
    page::top(driver)?;
    driver.execute("if (document.activeElement) document.activeElement.blur(); return true;")?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_shot_has_its_own_name_and_png_file() {
        let names: Vec<&str> = SHOTS.iter().map(short).collect();
        assert_eq!(names, ["board", "rollout", "hpa", "refusal", "ko", "phone", "projector"]);
        for shot in &SHOTS {
            assert!(shot.file.starts_with("screenshot") && shot.file.ends_with(".png"), "{}", shot.file);
            assert!(shot.query.contains("fresh") && shot.query.contains("lang="), "{}: {}", shot.file, shot.query);
        }
    }

    #[test]
    fn reads_out_and_only() {
        let (out, shots) = parse_args(&[]).unwrap();
        assert_eq!((out, shots.len()), (None, SHOTS.len()));
        let (out, shots) = parse_args(&args(&["--only", "phone, hpa", "--out", "/tmp/x"])).unwrap();
        assert_eq!(out, Some(PathBuf::from("/tmp/x")));
        // In the order of SHOTS, whatever the order asked.
        assert_eq!(shots.iter().map(|s| s.file).collect::<Vec<_>>(), ["screenshot-hpa.png", "screenshot-phone.png"]);
        let err = parse_args(&args(&["--only", "phon"])).err().unwrap();
        assert!(err.contains("no shot named `phon`") && err.contains("phone"), "{err}");
        assert!(parse_args(&args(&["--out"])).is_err());
        assert!(parse_args(&args(&["--fast"])).err().unwrap().contains("unknown argument `--fast`"));
    }
}
