#!/usr/bin/env python3
"""CPU time per task of the board benchmark (crates/bench-web/tests/board.rs), from a Chromium
trace, so figures hold on a busy machine: `performance.now()` times include the time other
processes had the core, the thread clock (`tts`) of each User Timing mark does not.

Record: copy xtask/webdriver.json, add to its args
  "--trace-startup=blink.user_timing", "--trace-startup-format=json",
  "--trace-startup-file=/tmp/board-trace.json", "--trace-startup-duration=12"
(the trace must end before the test does, or Chromium is closed before writing it: 12 s
covers most of a run)
point WASM_BINDGEN_TEST_WEBDRIVER_JSON at the copy, run the benchmark (one test), then
  python3 crates/bench-web/task_cpu.py /tmp/board-trace.json
"""
import json
import sys


def percentile(sorted_values, p):
    return sorted_values[round((len(sorted_values) - 1) * p)]


def main(path):
    data = json.load(open(path))
    events = data["traceEvents"] if isinstance(data, dict) else data
    marks = sorted((e["ts"], e["name"], e.get("tts")) for e in events
                   if e.get("cat") == "blink.user_timing" and e.get("name", "").count(":") == 1)
    open_at, cpu, wall = {}, {}, {}
    for ts, name, tts in marks:
        kind, edge = name.split(":")
        if edge == "start":
            open_at[kind] = (ts, tts)
        elif kind in open_at and tts is not None:
            ts0, tts0 = open_at.pop(kind)
            cpu.setdefault(kind, []).append((tts - tts0) / 1000)
            wall.setdefault(kind, []).append((ts - ts0) / 1000)
    for kind in sorted(cpu):
        c, w = sorted(cpu[kind]), sorted(wall[kind])
        print(f"{kind}: {len(c)} tasks; CPU p50 {percentile(c, .5):.2f} ms, p95 {percentile(c, .95):.2f} ms, "
              f"max {c[-1]:.2f} ms; wall p50 {percentile(w, .5):.2f} ms, p95 {percentile(w, .95):.2f} ms, max {w[-1]:.2f} ms")


if __name__ == "__main__":
    main(sys.argv[1])
