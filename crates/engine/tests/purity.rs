//! The engine knows no browser, no wall clock and no operating-system randomness:
//! none of these crates may appear anywhere in its dependency tree, for any target.

use std::process::Command;

const FORBIDDEN: [&str; 6] = ["yew", "web-sys", "js-sys", "wasm-bindgen", "getrandom", "gloo"];

fn dependency_names(target: Option<&str>) -> Vec<String> {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(["tree", "--offline", "-p", "podium-engine", "-e", "normal,build", "--prefix", "none", "--format", "{p}"]);
    if let Some(t) = target {
        cmd.args(["--target", t]);
    }
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    let out = cmd.output().expect("cargo tree runs");
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn engine_depends_on_no_browser_or_os_randomness_crate() {
    for target in [None, Some("wasm32-unknown-unknown")] {
        let names = dependency_names(target);
        assert!(names.iter().any(|n| n == "podium-engine"), "the tree lists the engine itself: {names:?}");
        assert!(names.iter().any(|n| n == "rand_pcg"), "the tree lists real dependencies: {names:?}");
        let bad: Vec<&String> = names.iter().filter(|n| FORBIDDEN.iter().any(|f| n.starts_with(f))).collect();
        assert!(bad.is_empty(), "forbidden dependencies of the engine for {target:?}: {bad:?}");
    }
}

#[test]
fn engine_source_reads_no_clock_and_no_global_random() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    visit(&src, &mut |path, text| {
        for needle in ["Instant::now", "SystemTime", "thread_rng", "rand::rng(", "HashMap", "HashSet"] {
            if text.contains(needle) {
                offenders.push(format!("{}: {needle}", path.display()));
            }
        }
    });
    assert!(offenders.is_empty(), "{offenders:?}");
}

fn visit(dir: &std::path::Path, f: &mut dyn FnMut(&std::path::Path, &str)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            f(&path, &std::fs::read_to_string(&path).unwrap());
        }
    }
}
