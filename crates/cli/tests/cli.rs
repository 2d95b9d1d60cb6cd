//! The `podium` binary: exit codes 0/1/2, file:line:column messages, and
//! kubectl's standard output and standard error kept apart.

use std::path::PathBuf;
use std::process::{Command, Output};

fn scenarios() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios")
}

/// Runs `podium ARGS` from the repository root, so paths in messages are short.
fn podium(args: &[&str]) -> (i32, String, String) {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_podium"))
        .args(args)
        .current_dir(scenarios().join("../.."))
        .output()
        .expect("run podium");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

#[test]
fn help_and_version() {
    let (code, out, err) = podium(&["--help"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("podium run [--quiet] FILE..."), "{out}");
    assert!(out.contains("Exit status:"), "{out}");
    let (code, out, _) = podium(&["--version"]);
    assert_eq!((code, out.trim()), (0, format!("podium {}", env!("CARGO_PKG_VERSION")).as_str()));
    let (code, _, err) = podium(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("Usage:"), "{err}");
    let (code, _, err) = podium(&["frob"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown command \"frob\""), "{err}");
    let (code, _, err) = podium(&["run"]);
    assert_eq!(code, 2);
    assert!(err.contains("no scenario file given"), "{err}");
    let (code, _, err) = podium(&["run", "--fast", "x.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown option --fast"), "{err}");
}

#[test]
fn an_unknown_key_exits_2_with_file_line_column() {
    let (code, out, err) = podium(&["run", "tests/scenarios/fixtures/unknown-key.yaml"]);
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(out, "", "nothing runs");
    assert!(
        err.starts_with("tests/scenarios/fixtures/unknown-key.yaml:8:5: steps[1]: unknown field `wiat`, expected one of"),
        "{err}"
    );
}

#[test]
fn bad_yaml_exits_2_with_file_line_column() {
    let (code, out, err) = podium(&["run", "tests/scenarios/fixtures/bad-yaml.yaml"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert_eq!(
        err,
        "tests/scenarios/fixtures/bad-yaml.yaml:6:6: did not find expected ',' or '}', while parsing a flow mapping at line 5 column 7\n"
    );
}

#[test]
fn a_missing_file_exits_2() {
    let (code, out, err) = podium(&["run", "tests/scenarios/nope.yaml"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("tests/scenarios/nope.yaml: cannot read:"), "{err}");
}

#[test]
fn a_bad_file_among_good_ones_stops_everything_before_running() {
    let (code, out, err) = podium(&[
        "run",
        "tests/scenarios/fixtures/failing-expectation.yaml",
        "tests/scenarios/fixtures/unknown-key.yaml",
        "tests/scenarios/fixtures/bad-yaml.yaml",
    ]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err.lines().count(), 2, "both bad files are reported: {err}");
}

#[test]
fn a_failed_expectation_exits_1_naming_the_step() {
    let (code, out, err) = podium(&["run", "tests/scenarios/fixtures/failing-expectation.yaml"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.starts_with("# wait 10s (virtual time 10s)\n$ kubectl get nodes -o name   # expect count 5\n"), "{out}");
    assert!(!out.contains("ok:"), "{out}");
    assert!(
        err.contains("tests/scenarios/fixtures/failing-expectation.yaml:9:5: step 2 failed: kubectl get nodes -o name\n  expected: count 5\n  seen:     "),
        "{err}"
    );
    assert!(err.contains("at virtual time 10s"), "{err}");
    // The run stopped there: the last wait never ran.
    assert!(!out.contains("virtual time 20s"), "{out}");
}

#[test]
fn kubectl_output_keeps_its_streams() {
    // Waits on kubectl: "No resources found" is a message on stderr, not data on stdout.
    let (code, out, err) = podium(&["run", "tests/scenarios/fixtures/no-resources.yaml"]);
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(err.contains("No resources found in default namespace."), "{err}");
    assert!(!out.contains("No resources found"), "{out}");
    assert!(out.starts_with("$ kubectl get pods\n$ kubectl get nodes\nNAME "), "{out}");
    assert!(out.contains("\nnode-1 "), "{out}");
    assert!(!err.contains("NAME"), "{err}");
    assert!(out.ends_with("ok: no-resources (2 steps, virtual time 0s)\n"), "{out}");
}

fn passing_scenarios() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(scenarios())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| format!("tests/scenarios/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    files.sort();
    files
}

#[test]
fn every_scenario_runs_green_and_quiet_prints_only_the_summary() {
    // Waits on kubectl.
    let files = passing_scenarios();
    let mut args = vec!["run", "--quiet"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = podium(&args);
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert_eq!(out.lines().count(), files.len(), "{out}");
    assert!(out.lines().all(|l| l.starts_with("ok: ") && l.contains(" steps, virtual time ")), "{out}");
}

#[test]
fn hash_prints_name_and_hex_and_the_env_form() {
    // Waits on kubectl.
    let (code, out, err) = podium(&["hash", "tests/scenarios/self-healing.yaml", "tests/scenarios/services.yaml"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    for (line, name) in lines.iter().zip(["self-healing", "services"]) {
        let (n, h) = line.split_once(' ').unwrap();
        assert_eq!(n, name);
        assert!(h.len() == 16 && h.chars().all(|c| c.is_ascii_hexdigit()), "{line}");
    }
    let (code, env, _) = podium(&["hash", "--env", "tests/scenarios/self-healing.yaml", "tests/scenarios/services.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(env.trim(), lines.iter().map(|l| l.replace(' ', "=")).collect::<Vec<_>>().join(";"));
    // The same every time.
    assert_eq!(podium(&["hash", "tests/scenarios/self-healing.yaml"]).1, format!("{}\n", lines[0]));
}

#[test]
fn hash_of_a_failing_scenario_exits_1() {
    let (code, out, err) = podium(&["hash", "tests/scenarios/fixtures/failing-expectation.yaml"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("failing-expectation.yaml:9:5: step 2 failed"), "{err}");
}
