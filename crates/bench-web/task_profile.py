#!/usr/bin/env python3
"""Where the board benchmark's timer tasks spend their time, from the CPU profile in a Chromium
trace: the sampled stacks are split by the `timer:start`/`timer:end` User Timing marks of
crates/bench-web/tests/board.rs, each sample is put in one area (the engine's tick, the App's view,
Yew's reconciliation and DOM writes, ...), and the slowest tenth of the timer tasks (by traced CPU
time) is set beside the median half (the tasks between the 25th and 75th percentile).

Record as for task_cpu.py (its header), with the V8 sampling profiler as well: add to the args of a
copy of xtask/webdriver.json
  "--trace-startup=disabled-by-default-v8.cpu_profiler,blink.user_timing",
  "--trace-startup-format=json", "--trace-startup-file=/tmp/board-trace.json",
  "--trace-startup-duration=12"
run the benchmark (`... --test board -- --nocapture board_50`, WASM_BINDGEN_TEST_WEBDRIVER_JSON
pointing at the copy; the test build keeps wasm function names), then
  python3 crates/bench-web/task_profile.py /tmp/board-trace.json [KIND]
KIND is the mark prefix to split by (`timer` by default; `kill`, `save`). Profiled times are
inflated by the profiler (about 1.5x): compare areas, not absolute figures with task_cpu.py's.
"""
import json
import sys
from collections import defaultdict

# An area is the first of these (in this order) that matches any frame of a sample's stack, so
# what the engine does for the view (reading pods) counts as the view, what it does in
# `history::sample` as the history, and only the rest of `Sim::tick`'s stack as the tick.
AREAS = [
    ("events panel", ("events_panel::",)),
    ("history::sample", ("history::sample",)),
    ("board view models (board::cache, node_card::gather)", ("board::cache::", "node_card::gather", "owners::")),
    ("engine tick (Sim::tick)", ("Sim::tick", "podium_engine::sim::Sim::advance")),
    ("engine act (Sim::act)", ("Sim::act",)),
    ("console poll", ("console::Console::poll",)),
    ("memo views and props", ("podium_app::memo::",)),
    ("App view (rest of App::render)", ("podium_app::app::App::render", "as yew::html::component::Component>::view")),
    ("App update (rest)", ("podium_app::app::App::handle", "as yew::html::component::Component>::update")),
    ("other podium_engine", ("podium_engine::",)),
    ("Yew reconcile / DOM patch", ("yew::dom_bundle", "yew::html::component::lifecycle", "yew::scheduler")),
    ("Yew other", ("yew::",)),
    ("other podium_app", ("podium_app::",)),
    ("allocator", ("dlmalloc", "__rust_alloc", "__rust_dealloc", "__rust_realloc")),
    ("garbage collector", ("(garbage collector)",)),
    ("(program): style, layout, outside JS/wasm", ("(program)",)),
    ("(idle)", ("(idle)",)),
]


WARM_UP = 5


def area_of(stack):
    # The frames on the leaf's side of the first wasm frame (Rust paths have `::`) are JS: a
    # wasm-bindgen import (`__wbg_...`) there is a call out of wasm, mostly to the DOM, and the
    # browser's own work in it (a style recalculation inside removeChild) is its time.
    js = []
    for f in stack:
        if "::" in f:
            break
        js.append(f)
    if any(f.startswith("__wbg_mark_") for f in js):
        return "the bench's User Timing marks (profiler overhead)"
    if any(f.startswith("__wbg_") for f in js):
        if any("removeChild" in f for f in js):
            return "DOM call: removeChild"
        if any("set_nodeValue" in f for f in js):
            return "DOM call: text writes (set_nodeValue, with decoding)"
        return "DOM call: other (attributes, insertBefore, click, ...)"
    for name, patterns in AREAS:
        if any(p in f for f in stack for p in patterns):
            return name
    return "other"


def percentile(sorted_values, p):
    return sorted_values[round((len(sorted_values) - 1) * p)]


def load(path):
    data = json.load(open(path))
    return data["traceEvents"] if isinstance(data, dict) else data


def samples_of(events):
    """Every profile's samples as (time, leaf node id, profile key), and its nodes' names and parents."""
    starts, nodes, parents, per_profile = {}, {}, {}, defaultdict(list)
    for e in events:
        if e.get("name") == "Profile":
            starts[(e["pid"], e["id"])] = e["args"]["data"]["startTime"]
    for e in sorted((e for e in events if e.get("name") == "ProfileChunk"), key=lambda e: e["ts"]):
        key = (e["pid"], e["id"])
        data = e["args"]["data"]
        prof = data.get("cpuProfile", {})
        for n in prof.get("nodes", []):
            cf = n["callFrame"]
            nodes[(key, n["id"])] = cf.get("functionName") or f"({cf.get('url', '')})"
            if "parent" in n:
                parents[(key, n["id"])] = (key, n["parent"])
        t = per_profile[key][-1][0] if per_profile[key] else starts.get(key, 0)
        for node_id, dt in zip(prof.get("samples", []), data.get("timeDeltas", [])):
            t += dt
            per_profile[key].append((t, (key, node_id)))
    for ss in per_profile.values():
        ss.sort(key=lambda s: s[0])  # a chunk's time deltas may be negative
    return per_profile, nodes, parents


def main(path, kind="timer"):
    events = load(path)
    marks = sorted((e["ts"], e["name"], e.get("tts"), e["pid"]) for e in events
                   if e.get("cat") == "blink.user_timing" and e.get("name") in (f"{kind}:start", f"{kind}:end"))
    tasks, open_at = [], None
    for ts, name, tts, pid in marks:
        if name.endswith(":start"):
            open_at = (ts, tts, pid)
        elif open_at:
            cpu = (tts - open_at[1]) / 1000 if tts is not None and open_at[1] is not None else (ts - open_at[0]) / 1000
            tasks.append((open_at[0], ts, cpu, pid))
            open_at = None
    # The first tasks after mounting are the wasm warming up (tens of ms), not the steady board.
    tasks = tasks[WARM_UP:]
    if not tasks:
        sys.exit(f"no {kind}:start/{kind}:end marks in {path}")
    per_profile, nodes, parents = samples_of(events)
    pid = tasks[0][3]
    # The renderer's main thread: the profile of the marks' process with the most samples in tasks.
    best, best_n = None, -1
    for key, ss in per_profile.items():
        if key[0] != pid:
            continue
        n = sum(1 for t, _ in ss if tasks[0][0] <= t <= tasks[-1][1])
        if n > best_n:
            best, best_n = key, n
    if best is None:
        sys.exit("no CPU profile in the marks' process: record with disabled-by-default-v8.cpu_profiler")
    ss = per_profile[best]

    stack_cache = {}

    def stack(node):
        if node not in stack_cache:
            names, n = [], node
            while n is not None:
                names.append(nodes.get(n, "?"))
                n = parents.get(n)
            stack_cache[node] = names
        return stack_cache[node]

    # Each sample stands for the time to the next one; samples are assigned to the task they fall in.
    per_task = [defaultdict(float) for _ in tasks]
    self_time = [defaultdict(float) for _ in tasks]
    callers = [defaultdict(float) for _ in tasks]
    i = 0
    for j in range(len(ss) - 1):
        t, node = ss[j]
        dt = (ss[j + 1][0] - t) / 1000
        while i < len(tasks) and tasks[i][1] < t:
            i += 1
        if i == len(tasks):
            break
        if tasks[i][0] <= t <= tasks[i][1]:
            s = stack(node)
            per_task[i][area_of(s)] += dt
            self_time[i][s[0]] += dt
            caller = next((f for f in s[1:] if f.startswith(("podium_", "<podium_", "yew::", "<yew::"))), "?")
            callers[i][(s[0], caller)] += dt

    order = sorted(range(len(tasks)), key=lambda k: tasks[k][2])
    n = len(order)
    slow = order[n - max(1, n // 10):]
    median = order[n // 4: (3 * n) // 4]
    cpus = sorted(tasks[k][2] for k in order)
    print(f"{kind}: {n} tasks in the trace after the first {WARM_UP}; CPU p50 {percentile(cpus, .5):.2f} ms, p95 {percentile(cpus, .95):.2f} ms "
          f"(traced, profiler on); profile {best}, {len(ss)} samples")

    def mean(group, table):
        total = defaultdict(float)
        for k in group:
            for a, v in table[k].items():
                total[a] += v
        return {a: v / len(group) for a, v in total.items()}

    groups = [("slowest 10%", slow), ("median half", median)]
    means = [mean(g, per_task) for _, g in groups]
    print(f"\nper task, mean ms of profile samples: {len(slow)} slowest tasks (CPU {tasks[slow[0]][2]:.1f}-{tasks[slow[-1]][2]:.1f} ms) "
          f"vs {len(median)} median tasks (CPU {tasks[median[0]][2]:.1f}-{tasks[median[-1]][2]:.1f} ms)")
    print(f"{'area':<55} {'slow':>8} {'median':>8}")
    areas = sorted(set(means[0]) | set(means[1]), key=lambda a: -(means[0].get(a, 0) + means[1].get(a, 0)))
    for a in areas:
        print(f"{a:<55} {means[0].get(a, 0):8.2f} {means[1].get(a, 0):8.2f}")
    print(f"{'total sampled':<55} {sum(means[0].values()):8.2f} {sum(means[1].values()):8.2f}")
    for (label, _), m, c in zip(groups, [mean(g, self_time) for _, g in groups], [mean(g, callers) for _, g in groups]):
        print(f"\ntop self time, {label} (mean ms per task), with the nearest podium/yew caller of each:")
        for f, v in sorted(m.items(), key=lambda kv: -kv[1])[:20]:
            print(f"  {v:6.3f}  {f[:140]}")
            for (leaf, caller), w in sorted(((k, w) for k, w in c.items() if k[0] == f), key=lambda kv: -kv[1])[:3]:
                print(f"            {w:6.3f}  from {caller[:120]}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
