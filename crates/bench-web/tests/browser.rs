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

/// Runs a workload step by step, letting the browser's event loop turn between steps.
async fn run(mut w: impl podium_bench_web::Steps) -> Vec<String> {
    loop {
        if let Some(lines) = w.step(&now) {
            return lines;
        }
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window().unwrap().set_timeout_with_callback(&resolve).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
}

#[wasm_bindgen_test]
async fn bench_i_schedule_burst() {
    for line in run(podium_bench_web::Burst::new(div())).await {
        console_log!("[browser] {line}");
    }
}

#[wasm_bindgen_test]
async fn bench_ii_steady_minute() {
    for line in run(podium_bench_web::Minute::new(div())).await {
        console_log!("[browser] {line}");
    }
}
