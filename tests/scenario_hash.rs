//! Determinism across targets: a scenario run in the browser (WebAssembly)
//! ends in exactly the state it ends in natively.
//!
//! The native hashes come in at compile time through `PODIUM_NATIVE_HASHES`
//! (`name=hexhash;name2=hexhash`, what `podium hash --env FILE...` prints);
//! `cargo xtask test` computes them before building the browser tests.
#![cfg(target_arch = "wasm32")]

use podium_scenario::{run, Scenario, Verdict};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SELF_HEALING: &str = include_str!("scenarios/self-healing.yaml");

/// The native hash of scenario `name`, from `PODIUM_NATIVE_HASHES`.
fn native_hash(name: &str) -> u64 {
    let Some(all) = option_env!("PODIUM_NATIVE_HASHES") else {
        panic!(
            "PODIUM_NATIVE_HASHES was not set when this test was compiled: run through `cargo xtask test`, \
             which computes the native hashes (`podium hash --env tests/scenarios/self-healing.yaml`)"
        );
    };
    let hex = all
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, h)| h.trim())
        .unwrap_or_else(|| panic!("PODIUM_NATIVE_HASHES={all:?} has no hash for {name:?}"));
    u64::from_str_radix(hex, 16).unwrap_or_else(|e| panic!("PODIUM_NATIVE_HASHES: {name}={hex:?} is not hex: {e}"))
}

#[wasm_bindgen_test]
fn self_healing_passes_in_the_browser_with_the_native_final_state() {
    let scenario = Scenario::parse(SELF_HEALING).unwrap_or_else(|e| panic!("self-healing.yaml:{e}"));
    let result = run(&scenario, &mut |_| {});
    if let Some(r) = &result.failure {
        let Verdict::Failed { expected, seen } = &r.verdict else { unreachable!() };
        panic!(
            "self-healing.yaml:{}:{}: step {} failed in the browser: {}\n  expected: {expected}\n  seen:     {seen}",
            r.line,
            r.column,
            r.index + 1,
            r.description
        );
    }
    assert_eq!(result.steps_run, scenario.steps.len());
    let browser = result.state_hash();
    let native = native_hash(&scenario.name);
    assert_eq!(
        format!("{browser:016x}"),
        format!("{native:016x}"),
        "the browser's final state differs from the native one for scenario {}",
        scenario.name
    );
}
