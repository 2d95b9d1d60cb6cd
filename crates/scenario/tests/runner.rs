//! The runner's own verdicts, on steps that need no kubectl: waits, kills, binds,
//! `fails` and `error`, and stepping through with `Runner`.

use podium_scenario::{final_hash, run, Runner, Scenario, Verdict};

const NODES: &str = "name: t
seed: 9
cluster:
  nodes:
    - {count: 2, namePrefix: n, cpu: \"2\", memory: 4Gi}
steps:
";

fn scenario(steps: &str) -> Scenario {
    Scenario::parse(&format!("{NODES}{steps}")).unwrap()
}

#[test]
fn waits_advance_the_virtual_clock() {
    let s = scenario("  - wait: 1m\n  - wait: 30s\n");
    let mut times = Vec::new();
    let result = run(&s, &mut |r| times.push((r.index, r.line, r.time.secs(), r.description.clone())));
    assert!(result.passed());
    assert_eq!(times, vec![(0, 7, 60, "wait 60s".to_string()), (1, 8, 90, "wait 30s".to_string())]);
    assert_eq!(result.sim.kube().store.nodes.len(), 2);
    assert_eq!(result.sim.seed(), 9);
}

#[test]
fn kill_node_reports_like_kubectl_and_a_second_kill_is_refused() {
    let s = scenario("  - kill: node/n-1\n  - kill: node/n-1\n    error: already down\n  - wait: 50s\n");
    let mut reports = Vec::new();
    let result = run(&s, &mut |r| reports.push(r.clone()));
    assert!(result.passed(), "{:?}", result.failure);
    assert_eq!(reports[0].stdout, "node/n-1 killed\n");
    assert!(reports[0].success);
    assert_eq!((reports[1].stdout.as_str(), reports[1].stderr.as_str(), reports[1].success), ("", "node n-1 is already down\n", false));
    assert_eq!(reports[1].verdict, Verdict::Passed);
    assert_eq!(result.sim.kube().store.nodes["n-1"].ready_status(), "Unknown");
}

#[test]
fn an_unexpected_refusal_fails_the_run_there() {
    let s = scenario("  - wait: 5s\n  - kill: pod/nope\n  - wait: 5s\n");
    let result = run(&s, &mut |_| {});
    let f = result.failure.expect("fails");
    assert_eq!((f.index, f.line, f.column), (1, 8, 5));
    assert_eq!(f.stderr, "pods \"nope\" not found\n");
    assert_eq!(f.verdict, Verdict::Failed { expected: "the step to succeed".into(), seen: "refused: pods \"nope\" not found".into() });
    assert_eq!(result.steps_run, 2);
    assert_eq!(result.sim.now().secs(), 5, "the run stopped at the failure");
}

#[test]
fn fails_true_on_a_step_that_succeeds_is_a_failure() {
    let s = scenario("  - kill: node/n-2\n    fails: true\n");
    let f = run(&s, &mut |_| {}).failure.expect("fails");
    assert_eq!(f.verdict, Verdict::Failed { expected: "a refusal (fails: true)".into(), seen: "it succeeded: node/n-2 killed".into() });
}

#[test]
fn a_refusal_with_the_wrong_text_is_a_failure() {
    let s = scenario("  - bind: {pod: ghost, node: n-1}\n    error: Insufficient cpu\n");
    let f = run(&s, &mut |_| {}).failure.expect("fails");
    assert_eq!(
        f.verdict,
        Verdict::Failed { expected: "a refusal containing \"Insufficient cpu\"".into(), seen: "\"pods \\\"ghost\\\" not found\"".into() }
    );
    assert_eq!(f.description, "bind pod ghost to node n-1 -n default");
    assert_eq!(f.expectation.as_deref(), Some("refused with \"Insufficient cpu\""));
}

#[test]
fn kill_by_selector_needs_enough_active_pods() {
    let s = scenario("  - kill: {selector: \"app=web,tier!=db\", namespace: shop, count: 2}\n    error: no active pod matches app=web,tier!=db in namespace shop (wanted 2)\n");
    let result = run(&s, &mut |_| {});
    assert!(result.passed(), "{:?}", result.failure);
}

#[test]
fn runner_steps_one_at_a_time_and_goes_on_after_a_failure() {
    let s = scenario("  - wait: 10s\n  - kill: node/zz\n  - note: after the failure\n    wait: 10s\n");
    let mut runner = Runner::new(s);
    assert_eq!(runner.next_index(), 0);
    assert_eq!(runner.peek().map(|st| st.description()), Some("wait 10s".to_string()));
    let a = runner.step().unwrap();
    assert!(a.verdict.passed());
    let b = runner.step().unwrap();
    assert!(!b.verdict.passed());
    assert_eq!(b.stderr, "nodes \"zz\" not found\n");
    assert_eq!(runner.failures(), 1);
    let c = runner.step().unwrap();
    assert_eq!((c.time.secs(), c.note.as_deref()), (20, Some("after the failure")));
    assert!(runner.is_finished());
    assert!(runner.step().is_none());
    assert_eq!(runner.sim().now().secs(), 20);
}

#[test]
fn final_hash_is_stable_and_places_failures() {
    let text = format!("{NODES}  - kill: node/n-1\n  - wait: 2m\n");
    let h = final_hash(&text).unwrap();
    assert_eq!(h, final_hash(&text).unwrap());
    let e = final_hash(&format!("{NODES}  - wait: 1s\n  - kill: node/none\n")).unwrap_err();
    assert_eq!((e.line, e.column), (8, 5));
    assert!(e.message.starts_with("step 2 failed: kill node none: expected the step to succeed"), "{}", e.message);
}

/// Guards the engine's `Sim::state_hash`: the browser determinism test compares
/// it, so it must tell different states apart (it once hashed nothing: a map
/// keyed by a struct made its JSON fail, and the failure was swallowed).
#[test]
fn state_hash_tells_states_apart() {
    let text = format!("{NODES}  - kill: node/n-1\n  - wait: 2m\n");
    let h = final_hash(&text).unwrap();
    const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    assert_ne!(h, FNV_OFFSET, "Sim::state_hash hashed no bytes: serializing the state failed");
    assert_ne!(h, final_hash(&text.replace("seed: 9", "seed: 10")).unwrap(), "another seed, another state");
    assert_ne!(h, final_hash(&text.replace("wait: 2m", "wait: 3m")).unwrap(), "another time, another state");
}

#[test]
fn a_watch_is_refused_with_a_pointer_to_the_console_and_changes_nothing() {
    let s = scenario("  - kubectl: get pods -w\n");
    let mut reports = Vec::new();
    let result = run(&s, &mut |r| reports.push(r.clone()));
    assert!(!result.passed());
    assert!(!reports[0].success);
    assert!(reports[0].stderr.starts_with("error: --watch needs a live view: run it in the board's console"), "{}", reports[0].stderr);
    let Verdict::Failed { seen, .. } = &reports[0].verdict else { panic!("{:?}", reports[0].verdict) };
    assert!(seen.contains("--watch needs a live view"), "{seen}");
    let fresh = run(&scenario(""), &mut |_| {});
    assert_eq!(result.sim.state_hash(), fresh.sim.state_hash());
}
