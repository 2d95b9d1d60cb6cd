//! Every scenario in `tests/scenarios/*.yaml` passes, and runs the same twice.
//! (`tests/scenarios/fixtures/` holds files for the CLI tests; they are not run here.)

use podium_scenario::{run, Scenario, StepReport, Verdict};
use std::path::PathBuf;

fn scenario_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
}

fn load(path: &PathBuf) -> Scenario {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Scenario::parse(&text).unwrap_or_else(|e| panic!("{}:{e}", path.display()))
}

/// A failure as the CLI prints it, with the step's output.
fn explain(path: &std::path::Path, r: &StepReport) -> String {
    let Verdict::Failed { expected, seen } = &r.verdict else { return String::new() };
    format!(
        "{}:{}:{}: step {} failed: {}\n  expected: {expected}\n  seen:     {seen}\n--- stdout\n{}--- stderr\n{}",
        path.display(),
        r.line,
        r.column,
        r.index + 1,
        r.description,
        r.stdout,
        r.stderr
    )
}

#[test]
fn the_expected_scenarios_are_there() {
    let names: Vec<String> =
        scenario_files().iter().map(|p| p.file_stem().unwrap().to_string_lossy().into_owned()).collect();
    for want in ["bad-input", "node-failure", "scheduling", "self-healing", "services", "health", "daemonset", "jobs", "config", "cronjobs", "hpa"] {
        assert!(names.iter().any(|n| n == want), "tests/scenarios/{want}.yaml is missing (have {names:?})");
    }
}

#[test]
fn every_scenario_passes() {
    let mut failures = Vec::new();
    for path in scenario_files() {
        let scenario = load(&path);
        let result = run(&scenario, &mut |_| {});
        if let Some(r) = &result.failure {
            failures.push(explain(&path, r));
        } else {
            assert_eq!(result.steps_run, scenario.steps.len());
        }
    }
    assert!(failures.is_empty(), "{} scenario(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn every_scenario_is_deterministic() {
    for path in scenario_files() {
        let scenario = load(&path);
        let go = || {
            let mut reports = Vec::new();
            let result = run(&scenario, &mut |r| reports.push(r.clone()));
            (reports, result.sim.events().all().to_vec(), result.state_hash(), result.sim.now())
        };
        let (a, b) = (go(), go());
        assert_eq!(a.0, b.0, "{}: step reports differ between two runs", path.display());
        assert_eq!(a.1, b.1, "{}: event logs differ between two runs", path.display());
        assert_eq!(a.2, b.2, "{}: state hashes differ between two runs", path.display());
        assert_eq!(a.3, b.3, "{}: final times differ", path.display());
        // And through the convenience entry point.
        let text = std::fs::read_to_string(&path).unwrap();
        if let Ok(h) = podium_scenario::final_hash(&text) {
            assert_eq!(h, a.2, "{}: final_hash differs from run", path.display());
        }
    }
}

#[test]
fn fixtures_parse_as_the_cli_tests_expect() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios/fixtures");
    let parse = |f: &str| Scenario::parse(&std::fs::read_to_string(dir.join(f)).unwrap());
    assert!(parse("failing-expectation.yaml").is_ok());
    assert!(parse("no-resources.yaml").is_ok());
    let e = parse("unknown-key.yaml").unwrap_err();
    assert_eq!((e.line, e.column), (8, 5));
    let e = parse("bad-yaml.yaml").unwrap_err();
    assert_eq!((e.line, e.column), (6, 6));
}
