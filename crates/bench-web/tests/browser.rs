//! The cluster-scale benchmarks in headless Chromium: `cargo xtask bench` runs this file
//! (release profile, wasm32) through wasm-bindgen-test-runner, with `--nocapture` so the
//! figures are printed. The clock is the browser's (`Date.now()`), read only here.
//! `PODIUM_BENCH_DIV` is read at compile time (a browser has no environment).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn div() -> usize {
    podium_bench_web::parse_div(option_env!("PODIUM_BENCH_DIV"))
}

fn now() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
fn bench_i_schedule_burst() {
    for line in podium_bench_web::schedule_burst(div(), &now) {
        console_log!("[browser] {line}");
    }
}

#[wasm_bindgen_test]
fn bench_ii_steady_minute() {
    for line in podium_bench_web::steady_minute(div(), &now) {
        console_log!("[browser] {line}");
    }
}
