//! Podium's developer commands, run as `cargo xtask <command>` (the alias is in
//! `.cargo/config.toml`):
//!
//! - `cargo xtask serve [--port N]`: install the tools if missing, build the web
//!   app with Trunk (release) and serve `dist/` at http://127.0.0.1:8080/.
//! - `cargo xtask test [--only native|browser|page]`: install the tools if
//!   missing, then run every test, stopping at the first failing stage:
//!   1. native: `cargo test --workspace --exclude podium-app`;
//!   2. browser: `cargo test --target wasm32-unknown-unknown -p podium-app`
//!      (wasm-bindgen-test in headless Chromium), compiled with
//!      PODIUM_NATIVE_HASHES = `podium hash --env tests/scenarios/*.yaml`;
//!   3. page: `trunk build --release` into target/xtask/dist, served on a free
//!      loopback port and checked in headless Chromium over WebDriver (see
//!      BOARD_SELECTOR below); then real mouse, touch and pen drags of a
//!      pending pod onto a node (see real_input.rs); screenshot of a freshly
//!      loaded board in target/screenshots/board.png; then the layout at
//!      360×740 and 1920×1080 (see layout.rs).
//!
//!   The last line printed is `N passed, N failed` (tests counted from the
//!   `test result:` lines, plus 1 for the page check and 1 per real-input
//!   and layout check).
//! - `cargo xtask bench [--only native|browser]`: the cluster-scale benchmarks
//!   (docs/benchmarks.md), not part of `test` (minutes, not for CI):
//!   1. native: `cargo bench -p podium-engine`;
//!   2. browser: the same workloads (crates/bench-web) built for wasm32 in the
//!      release profile and run by wasm-bindgen-test in headless Chromium.
//!
//!   `PODIUM_BENCH_DIV=N` divides every size by N in both.
//! - `cargo xtask screenshots [--out DIR] [--only NAME,...]`: build and serve
//!   the page like `test`, drive it into the states the README shows (each
//!   reached by steps and checked through the DOM contract before the shot)
//!   and save the PNGs in docs/ (see screenshots.rs).
//! - `cargo xtask size`: build the page and weigh it file by file, gzipped;
//!   build the engine alone (crates/engine-alone) the same way and weigh it;
//!   compare the page with its budget (see weight.rs). `test` checks the
//!   budget too, as one of the page stage's checks.
//! - `cargo xtask setup`: only install the tools.
//!
//! std only, so that it compiles in seconds.

mod json;
mod layout;
mod page;
mod real_input;
mod screenshots;
mod server;
mod webdriver;
mod weight;

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// The built-page check (stage 3 of `cargo xtask test`).
//
// The page counts as rendered once Trunk's loader has started the wasm app
// (`window.wasmBindings` is set) and, when REQUIRE_BOARD is true, at least
// BOARD_MIN elements match BOARD_SELECTOR and POD_MIN match POD_SELECTOR. The
// DOM contract: every node of the board carries `data-kind="node"`, every pod
// `data-kind="pod"`.
// ---------------------------------------------------------------------------

/// What must be on the page before it counts as rendered: the board's nodes.
pub const BOARD_SELECTOR: &str = r#"[data-kind="node"]"#;
/// How many elements must match BOARD_SELECTOR.
pub const BOARD_MIN: usize = 1;
/// The pods (on nodes and pending); the starter cluster has some at t = 0.
pub const POD_SELECTOR: &str = r#"[data-kind="pod"]"#;
/// How many elements must match POD_SELECTOR (0: only count them).
pub const POD_MIN: usize = 1;
/// false would accept a page whose wasm app merely started (for a stub UI).
pub const REQUIRE_BOARD: bool = true;
/// How long the page may take to render.
const RENDER_TIMEOUT: Duration = Duration::from_secs(60);
/// Window size of the headless browser (and so of the screenshot).
const WINDOW_SIZE: (u32, u32) = (1280, 1024);

// ---------------------------------------------------------------------------
// Tool versions. wasm-bindgen's comes from Cargo.lock; wasm-opt's from the npm
// package `binaryen` pinned in package.json / package-lock.json; Trunk.toml
// pins both so that Trunk never downloads its own.
// ---------------------------------------------------------------------------

const TRUNK_VERSION: &str = "0.21.14";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const DEFAULT_PORT: u16 = 8080;

type Res<T> = Result<T, String>;

struct Ctx {
    root: PathBuf,
    cargo: OsString,
}

impl Ctx {
    fn cargo(&self) -> Command {
        let mut c = Command::new(&self.cargo);
        c.current_dir(&self.root);
        c
    }
    fn cmd(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(program);
        c.current_dir(&self.root);
        c
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ctx = match init() {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup(&ctx),
        Some("serve") => serve(&ctx, &args[1..]),
        Some("test") => return test(&ctx, &args[1..]),
        Some("bench") => bench(&ctx, &args[1..]),
        Some("screenshots") => screenshots::run(&ctx, &args[1..]),
        Some("size") => weight::size(&ctx),
        Some("help") | Some("--help") | Some("-h") | None => {
            print!("{}", HELP);
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "\
usage: cargo xtask <command>

  serve [--port N]   install missing tools, build the app (release) and serve it
                     at http://127.0.0.1:8080/ (or --port N, or $PODIUM_PORT)
  test               install missing tools, then run every test: native,
                     browser (headless Chromium) and the built page
                     (`--only native|browser|page` for one stage)
  bench              the cluster-scale benchmarks, native (`cargo bench`) then
                     the same workloads as wasm in headless Chromium
                     (`--only native|browser`; PODIUM_BENCH_DIV=N divides sizes)
  screenshots        build the page and shoot the README's screenshots in headless
                     Chromium: board, rollout, HPA, refusal (en, ko), phone,
                     projector, into docs/ (`--out DIR`, `--only NAME,...`)
  size               build the page and the engine alone (crates/engine-alone) as
                     Trunk does and weigh them, gzipped, against the page's budget
  setup              only install missing tools (Rust wasm target, Trunk,
                     wasm-bindgen-cli, wasm-opt, Chromium + ChromeDriver)
";

/// Find the repository root and put the tools' folders on PATH for every
/// child process.
fn init() -> Res<Ctx> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("xtask has no parent folder")?
        .to_path_buf();
    std::env::set_current_dir(&root).map_err(|e| format!("cd {}: {e}", root.display()))?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());

    let mut front = vec![root.join("node_modules").join(".bin")];
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let path = std::env::var_os("PATH").unwrap_or_default();
    let existing: Vec<PathBuf> = std::env::split_paths(&path).collect();
    if let Some(bin) = cargo_home.map(|h| h.join("bin")) {
        if !existing.contains(&bin) {
            front.push(bin);
        }
    }
    let joined =
        std::env::join_paths(front.into_iter().chain(existing)).map_err(|e| e.to_string())?;
    std::env::set_var("PATH", joined);
    // Trunk: never look for updates on the network.
    std::env::set_var("TRUNK_SKIP_VERSION_CHECK", "true");
    Ok(Ctx { root, cargo })
}

// ---------------------------------------------------------------------------
// Small process helpers
// ---------------------------------------------------------------------------

fn say(msg: &str) {
    println!("==> {msg}");
    let _ = std::io::stdout().flush();
}

/// The trimmed stdout of a command that succeeded, else None.
fn output_of(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn run(cmd: &mut Command) -> Res<()> {
    let status = cmd
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("could not run `{}`: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

fn is_root() -> bool {
    output_of("id", &["-u"]).as_deref() == Some("0")
}

/// `apt-get update && apt-get install -y <packages>`, with sudo unless root.
fn apt_install(packages: &[&str]) -> Res<()> {
    let apt = |args: &[&str]| -> Command {
        let mut c = if is_root() {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update"]))?;
    let mut install = apt(&["install", "-y", "--no-install-recommends"]);
    install.args(packages);
    run(&mut install)
}

// ---------------------------------------------------------------------------
// setup
// ---------------------------------------------------------------------------

/// The version of package `name` in the text of a Cargo.lock.
fn lock_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let v = lines.next()?.trim().strip_prefix("version = ")?;
            return Some(v.trim_matches('"').to_string());
        }
    }
    None
}

/// The string value of `key = "..."` in a simple TOML file (first match).
fn toml_string(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let line = line.trim();
        let rest = line
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        let v = rest.strip_prefix('"')?;
        Some(v[..v.find('"')?].to_string())
    })
}

/// What `wasm-opt --version` reports, in Trunk's terms (`version_132`).
fn wasm_opt_version(text: &str) -> Option<String> {
    text.split(' ').nth(2).map(|v| format!("version_{v}"))
}

fn setup(ctx: &Ctx) -> Res<()> {
    let started = Instant::now();
    let mut installed = false;
    let trunk_toml = std::fs::read_to_string(ctx.root.join("Trunk.toml"))
        .map_err(|e| format!("Trunk.toml: {e}"))?;

    // 1. The Rust target for the browser.
    let has_target = match output_of("rustup", &["target", "list", "--installed"]) {
        Some(list) => list.lines().any(|l| l.trim() == "wasm32-unknown-unknown"),
        None => output_of("rustc", &["--print", "sysroot"])
            .map(|s| {
                Path::new(&s)
                    .join("lib/rustlib/wasm32-unknown-unknown/lib")
                    .is_dir()
            })
            .unwrap_or(false),
    };
    if !has_target {
        say("installing the Rust target wasm32-unknown-unknown (about a minute, once)");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
        installed = true;
    }

    // 2. Trunk.
    let want_trunk = format!("trunk {TRUNK_VERSION}");
    if output_of("trunk", &["--version"]).as_deref() != Some(want_trunk.as_str()) {
        say(&format!(
            "installing Trunk {TRUNK_VERSION} (10 to 20 minutes on 2 cores, once)"
        ));
        run(ctx.cargo().args([
            "install",
            "trunk",
            "--version",
            &format!("={TRUNK_VERSION}"),
            "--locked",
            "--force",
        ]))?;
        installed = true;
    }

    // 3. wasm-bindgen-cli, exactly the version of the wasm-bindgen crate in Cargo.lock.
    let lock = std::fs::read_to_string(ctx.root.join("Cargo.lock")).unwrap_or_default();
    let pinned = toml_string(&trunk_toml, "wasm_bindgen");
    let want = match (lock_version(&lock, "wasm-bindgen"), pinned) {
        (Some(locked), Some(pinned)) if locked != pinned => {
            return Err(format!(
                "Cargo.lock has wasm-bindgen {locked} but Trunk.toml pins {pinned}: set `wasm_bindgen = \"{locked}\"` under [tools] in Trunk.toml"
            ))
        }
        (Some(v), _) | (None, Some(v)) => v,
        (None, None) => return Err("no wasm-bindgen version in Cargo.lock nor in Trunk.toml".into()),
    };
    let have = output_of("wasm-bindgen", &["--version"]);
    let have_runner = output_of("wasm-bindgen-test-runner", &["--version"]);
    let ok = |v: &Option<String>| {
        v.as_deref().and_then(|s| s.split_whitespace().nth(1)) == Some(want.as_str())
    };
    if !ok(&have) || !ok(&have_runner) {
        say(&format!(
            "installing wasm-bindgen-cli {want} (about 6 minutes on 2 cores, once)"
        ));
        // No --locked: one of its locked dependencies is missing from the registry here.
        run(ctx.cargo().args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={want}"),
            "--force",
        ]))?;
        installed = true;
    }

    // 4. wasm-opt from the npm package binaryen, into ./node_modules (on PATH).
    let want_opt = toml_string(&trunk_toml, "wasm_opt")
        .ok_or("Trunk.toml pins no wasm_opt version under [tools]")?;
    let wasm_opt = ctx.root.join("node_modules/.bin/wasm-opt");
    let have_opt = || {
        output_of(&wasm_opt, &["--version"])
            .as_deref()
            .and_then(wasm_opt_version)
    };
    if have_opt().as_deref() != Some(want_opt.as_str()) {
        if output_of("npm", &["--version"]).is_none() {
            say("installing Node.js and npm from Debian (about a minute, once)");
            apt_install(&["nodejs", "npm"])?;
        }
        say("installing wasm-opt: the npm package binaryen pinned in package-lock.json (seconds, once)");
        run(ctx.cmd("npm").args(["ci", "--no-audit", "--no-fund"]))?;
        installed = true;
        match have_opt() {
            Some(v) if v == want_opt => {}
            got => {
                return Err(format!(
                    "node_modules/.bin/wasm-opt reports {} but Trunk.toml pins wasm_opt = \"{want_opt}\": make package.json's binaryen version and Trunk.toml agree",
                    got.unwrap_or_else(|| "nothing".into())
                ))
            }
        }
    }

    // 5. Chromium and ChromeDriver, from Debian.
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        say("installing Chromium and ChromeDriver from Debian (a few minutes, once)");
        apt_install(&["chromium", "chromium-driver"])?;
        installed = true;
    }

    if installed {
        say(&format!(
            "tools ready (setup took {:.0} s)",
            started.elapsed().as_secs_f64()
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// build + serve
// ---------------------------------------------------------------------------

/// `trunk build --release --offline` into `dist` (a path relative to the
/// root), after fetching the crates, since an offline Trunk builds with
/// `cargo build --offline`.
fn build(ctx: &Ctx, dist: &str) -> Res<PathBuf> {
    run(ctx.cargo().args(["fetch", "--quiet"]))?;
    // Two Trunk builds at once in one repository break each other (they share
    // target/wasm-bindgen and target/wasm-opt): take turns.
    let lock_dir = ctx.root.join("target/xtask");
    std::fs::create_dir_all(&lock_dir).map_err(|e| format!("{}: {e}", lock_dir.display()))?;
    let lock_path = lock_dir.join("trunk.lock");
    let lock =
        std::fs::File::create(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    if lock.try_lock().is_err() {
        say("waiting for another `cargo xtask` Trunk build in this repository to finish");
        lock.lock()
            .map_err(|e| format!("{}: {e}", lock_path.display()))?;
    }
    let t = Instant::now();
    run(ctx
        .cmd("trunk")
        .args(["build", "--release", "--offline", "--dist", dist]))?;
    say(&format!(
        "built {dist}/ in {:.0} s",
        t.elapsed().as_secs_f64()
    ));
    Ok(ctx.root.join(dist))
}

fn serve(ctx: &Ctx, args: &[String]) -> Res<()> {
    let mut port = match std::env::var("PODIUM_PORT") {
        Ok(p) => p
            .parse::<u16>()
            .map_err(|_| format!("PODIUM_PORT={p} is not a port"))?,
        Err(_) => DEFAULT_PORT,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = if a == "--port" || a == "-p" {
            it.next().ok_or("--port needs a value")?.clone()
        } else if let Some(v) = a.strip_prefix("--port=") {
            v.to_string()
        } else {
            return Err(format!(
                "unknown argument `{a}` (usage: cargo xtask serve [--port N])"
            ));
        };
        port = value
            .parse()
            .map_err(|_| format!("`{value}` is not a port"))?;
    }
    // Claim the port first, so that a busy port fails before a long build.
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        format!("cannot listen on 127.0.0.1:{port}: {e} (try `cargo xtask serve --port 8081`)")
    })?;
    setup(ctx)?;
    say("building the app: trunk build --release --offline");
    let dist = build(ctx, "dist")?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    server::spawn(listener, dist);
    println!("Podium is at http://127.0.0.1:{port}/  (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    loop {
        std::thread::park();
    }
}

// ---------------------------------------------------------------------------
// test
// ---------------------------------------------------------------------------

/// (passed, failed) from a libtest / wasm-bindgen-test summary line such as
/// `test result: ok. 3 passed; 0 failed; 0 ignored; ...`.
fn parse_test_result(line: &str) -> Option<(u64, u64)> {
    let rest = &line[line.find("test result: ")?..];
    let count = |what: &str| -> Option<u64> {
        let words: Vec<&str> = rest.split_whitespace().collect();
        let i = words
            .iter()
            .position(|w| w.trim_end_matches([';', ',']) == what)?;
        words.get(i.checked_sub(1)?)?.parse().ok()
    };
    Some((count("passed")?, count("failed")?))
}

struct Tally {
    passed: u64,
    failed: u64,
}

/// Run a cargo test command, echoing its stdout while summing its test counts.
/// Returns whether it succeeded.
fn run_tests(cmd: &mut Command, tally: &mut Tally) -> bool {
    println!("$ {}", describe(cmd));
    let mut child = match cmd.stdin(Stdio::null()).stdout(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: could not run `{}`: {e}", describe(cmd));
            tally.failed += 1;
            return false;
        }
    };
    let (mut passed, mut failed) = (0, 0);
    let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut buf = Vec::new();
    let mut out = std::io::stdout();
    while reader.read_until(b'\n', &mut buf).unwrap_or(0) > 0 {
        let _ = out.write_all(&buf);
        let _ = out.flush();
        if let Some((p, f)) = parse_test_result(&String::from_utf8_lossy(&buf)) {
            passed += p;
            failed += f;
        }
        buf.clear();
    }
    let ok = child.wait().map(|s| s.success()).unwrap_or(false);
    tally.passed += passed;
    // A failure that no test reported (a build error, a crash) counts as one.
    tally.failed += if !ok && failed == 0 { 1 } else { failed };
    ok
}

const STAGES: [&str; 3] = ["native", "browser", "page"];

/// `cargo xtask bench [--only native|browser]`: see the top of this file and
/// docs/benchmarks.md. The figures are printed by the benches themselves.
fn bench(ctx: &Ctx, args: &[String]) -> Res<()> {
    let only = match args {
        [] => None,
        [flag, stage] if flag == "--only" && (stage == "native" || stage == "browser") => {
            Some(stage.as_str())
        }
        _ => return Err("usage: cargo xtask bench [--only native|browser]".into()),
    };
    let wanted = |stage: &str| only.is_none_or(|o| o == stage);
    if let Some(d) = std::env::var_os("PODIUM_BENCH_DIV") {
        say(&format!("PODIUM_BENCH_DIV={}", d.to_string_lossy()));
    }
    if wanted("native") {
        let t = Instant::now();
        say("[1/2] native: cargo bench -p podium-engine (release profile)");
        run(ctx.cargo().args(["bench", "-p", "podium-engine"]))?;
        say(&format!("[1/2] native: done ({:.0} s)", t.elapsed().as_secs_f64()));
    }
    if wanted("browser") {
        let t = Instant::now();
        if output_of("wasm-bindgen-test-runner", &["--version"]).is_none() {
            return Err("wasm-bindgen-test-runner is missing: run `cargo xtask setup`".into());
        }
        say("[2/2] browser: crates/bench-web as wasm32 (release profile), in headless Chromium: the engine benches, then the board at 10×");
        let mut cmd = ctx.cargo();
        cmd.args([
            "test",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "podium-bench-web",
            "--test",
            "browser",
            "--test",
            "board",
            "--",
            "--nocapture",
        ]);
        if std::env::var_os("CHROMEDRIVER").is_none() {
            cmd.env("CHROMEDRIVER", CHROMEDRIVER);
        }
        // Each bench runs for seconds to minutes: far beyond the runner's default.
        if std::env::var_os("WASM_BINDGEN_TEST_TIMEOUT").is_none() {
            cmd.env("WASM_BINDGEN_TEST_TIMEOUT", "1800");
        }
        if std::env::var_os("WASM_BINDGEN_TEST_WEBDRIVER_JSON").is_none() {
            cmd.env(
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                ctx.root.join("xtask/webdriver.json"),
            );
        }
        // The page as trunk ships it: without the runner's debug glue (argument checks and a
        // try/catch around every call into JavaScript, which the release bundle does not have).
        if std::env::var_os("WASM_BINDGEN_NO_DEBUG").is_none() {
            cmd.env("WASM_BINDGEN_NO_DEBUG", "1");
        }
        let tmp = BrowserTmp::new(ctx, "browser-bench")?;
        cmd.env("TMPDIR", &tmp.0);
        run(&mut cmd)?;
        say(&format!("[2/2] browser: done ({:.0} s)", t.elapsed().as_secs_f64()));
    }
    Ok(())
}

fn test(ctx: &Ctx, args: &[String]) -> ExitCode {
    let mut tally = Tally {
        passed: 0,
        failed: 0,
    };
    let finish = |tally: &Tally, ok: bool| {
        println!("{} passed, {} failed", tally.passed, tally.failed);
        if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    };
    // `--only native|browser|page` runs one stage (for working on it); the
    // default, and what CI runs, is all three.
    let only = match args {
        [] => None,
        [flag, stage] if flag == "--only" && STAGES.contains(&stage.as_str()) => {
            Some(stage.as_str())
        }
        _ => {
            eprintln!("usage: cargo xtask test [--only native|browser|page]");
            return ExitCode::FAILURE;
        }
    };
    let wanted = |stage: &str| only.is_none_or(|o| o == stage);
    if let Err(e) = setup(ctx) {
        eprintln!("error: setup: {e}");
        tally.failed += 1;
        return finish(&tally, false);
    }

    if wanted("native") {
        let t = Instant::now();
        say("[1/3] native tests: engine, kubectl, scenario, cli, xtask, and the board's pure modules");
        if !run_tests(
            ctx.cargo()
                .args(["test", "--workspace", "--exclude", "podium-app"]),
            &mut tally,
        ) {
            eprintln!("error: native tests failed");
            return finish(&tally, false);
        }
        // The board's pure modules (pacing, the autosave's rules and packing, formatting) have
        // plain unit tests; under wasm32 the test runner finds none of them, so they run here.
        if !run_tests(ctx.cargo().args(["test", "-p", "podium-app", "--lib"]), &mut tally) {
            eprintln!("error: the board's native unit tests failed");
            return finish(&tally, false);
        }
        say(&format!(
            "[1/3] native tests: ok ({:.0} s)",
            t.elapsed().as_secs_f64()
        ));
    }

    if wanted("browser") {
        let t = Instant::now();
        say("[2/3] browser tests: podium-app built for wasm32, run by wasm-bindgen-test in headless Chromium");
        let mut cmd = ctx.cargo();
        cmd.args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "podium-app",
        ]);
        // The browser tests compare scenario runs in wasm against the native
        // final-state hashes, which they get at compile time.
        match native_hashes(ctx) {
            Ok(Some(hashes)) => {
                println!("PODIUM_NATIVE_HASHES={hashes}");
                cmd.env("PODIUM_NATIVE_HASHES", hashes);
            }
            Ok(None) => {}
            Err(e) => {
                eprintln!("error: native scenario hashes: {e}");
                tally.failed += 1;
                return finish(&tally, false);
            }
        }
        if std::env::var_os("CHROMEDRIVER").is_none() {
            cmd.env("CHROMEDRIVER", CHROMEDRIVER);
        }
        if std::env::var_os("WASM_BINDGEN_TEST_TIMEOUT").is_none() {
            cmd.env("WASM_BINDGEN_TEST_TIMEOUT", "180");
        }
        if std::env::var_os("WASM_BINDGEN_TEST_WEBDRIVER_JSON").is_none() {
            cmd.env(
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                ctx.root.join("xtask/webdriver.json"),
            );
        }
        let tmp = match BrowserTmp::new(ctx, "browser-tests") {
            Ok(tmp) => tmp,
            Err(e) => {
                eprintln!("error: {e}");
                tally.failed += 1;
                return finish(&tally, false);
            }
        };
        cmd.env("TMPDIR", &tmp.0);
        let ok = run_tests(&mut cmd, &mut tally);
        drop(tmp);
        if !ok {
            eprintln!("error: browser tests failed");
            return finish(&tally, false);
        }
        say(&format!(
            "[2/3] browser tests: ok ({:.0} s)",
            t.elapsed().as_secs_f64()
        ));
    }

    if wanted("page") {
        let t = Instant::now();
        say("[3/3] the built page: trunk build --release, then headless Chromium over WebDriver");
        let mut input = Vec::new();
        let page = check_built_page(ctx, &mut input);
        let input_failed = input.iter().filter(|c| !c.passed()).count() as u64;
        tally.passed += input.len() as u64 - input_failed;
        tally.failed += input_failed;
        match &page {
            Ok(()) => tally.passed += 1,
            Err(e) => {
                tally.failed += 1;
                eprintln!("error: built page: {e}");
            }
        }
        if input_failed > 0 {
            let failed: Vec<&str> = input
                .iter()
                .filter(|c| !c.passed())
                .map(|c| c.label.as_str())
                .collect();
            eprintln!(
                "error: built page: {input_failed} of {} real-input and layout check(s) failed: {} (the `... FAILED` lines above say why)",
                input.len(),
                failed.join("; ")
            );
        }
        if page.is_err() || input_failed > 0 {
            return finish(&tally, false);
        }
        say(&format!(
            "[3/3] built page: ok ({:.0} s)",
            t.elapsed().as_secs_f64()
        ));
    }
    finish(&tally, true)
}

/// `podium hash --env tests/scenarios/*.yaml` (the native CLI): one line
/// `NAME=HASH;...`, for PODIUM_NATIVE_HASHES. None when there are no scenarios.
fn native_hashes(ctx: &Ctx) -> Res<Option<String>> {
    let dir = ctx.root.join("tests/scenarios");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("yaml") | Some("yml")
                    )
            })
            .collect(),
        Err(_) => return Ok(None),
    };
    if files.is_empty() {
        return Ok(None);
    }
    files.sort();
    let mut cmd = ctx.cargo();
    cmd.args(["run", "--quiet", "-p", "podium-cli", "--", "hash", "--env"])
        .args(&files);
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not run `{}`: {e}", describe(&cmd)))?;
    if !out.status.success() {
        return Err(format!("`{}` failed ({})", describe(&cmd), out.status));
    }
    let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Ok((!line.is_empty()).then_some(line))
}

/// Build the app into target/xtask/dist (its own output folder, so that a test
/// never disturbs a `serve`'s dist/), print its sizes and serve it on a free
/// loopback port. Returns the page's base URL (`http://127.0.0.1:PORT/`) and
/// its files' weights.
fn build_and_serve(ctx: &Ctx) -> Res<(String, Vec<weight::File>)> {
    let dist = build(ctx, "target/xtask/dist")?;
    println!("sizes:");
    let files = weight::weigh(&dist)?;
    weight::print(&files);
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    server::spawn(listener, dist);
    Ok((format!("http://127.0.0.1:{port}/"), files))
}

/// Headless Chromium driven through ChromeDriver, with a throwaway profile
/// (removed when this is dropped, after the browser has ended).
/// The temp folder of a run of wasm-bindgen-test-runner, under target/xtask, emptied before and
/// removed after. The runner's headless Chromium leaves its profile behind in the temp folder
/// (`org.chromium.Chromium.scoped_dir.*`, about 80 MB a test binary, some 30 binaries a run): on a
/// developer's machine a few dozen runs filled the disk.
struct BrowserTmp(PathBuf);

impl BrowserTmp {
    fn new(ctx: &Ctx, name: &str) -> Res<BrowserTmp> {
        let dir = ctx.root.join("target/xtask/tmp").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(BrowserTmp(dir))
    }
}

impl Drop for BrowserTmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Browser {
    driver: Option<webdriver::Driver>,
    profile: PathBuf,
}

impl Browser {
    /// Start ChromeDriver (its log in target/xtask/chromedriver.log) and a
    /// headless Chromium with a window of `size` CSS pixels.
    fn open(ctx: &Ctx, size: (u32, u32)) -> Res<Browser> {
        let work = ctx.root.join("target/xtask");
        std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
        let profile = std::env::temp_dir().join(format!("podium-chromium-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
        let mut browser = Browser {
            driver: None,
            profile,
        };
        let mut driver =
            webdriver::Driver::start(Path::new(CHROMEDRIVER), &work.join("chromedriver.log"))?;
        let args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-default-apps",
            "--hide-scrollbars",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([
            format!("--user-data-dir={}", browser.profile.display()),
            format!("--window-size={},{}", size.0, size.1),
        ])
        .collect();
        let chromium = Path::new(CHROMIUM);
        driver.new_session(chromium.exists().then_some(chromium), &args)?;
        browser.driver = Some(driver);
        Ok(browser)
    }

    fn driver(&self) -> &webdriver::Driver {
        self.driver.as_ref().expect("a Browser always has its driver until dropped")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        drop(self.driver.take());
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Build the app, serve it, open it in headless Chromium through ChromeDriver
/// and check it: rendered, no SEVERE console entries, no request to a
/// non-loopback host. Then the real-input checks and the layout checks at
/// phone and projector widths (their outcomes go to `checks`), and a
/// screenshot of a freshly loaded page.
fn check_built_page(ctx: &Ctx, checks: &mut Vec<real_input::Check>) -> Res<()> {
    let (base, files) = build_and_serve(ctx)?;
    let outcome = weight::verdict(&files, weight::BUDGET_KB);
    match &outcome {
        Ok(line) => println!("weight: {line} ... ok"),
        Err(e) => println!("weight: {e} ... FAILED"),
    }
    checks.push(real_input::Check { label: "the page's weight".into(), outcome });
    // `?fresh`: every load starts from the built-in cluster, whatever an earlier load saved.
    let url = format!("{base}?fresh");
    let browser = Browser::open(ctx, WINDOW_SIZE)?;
    drive_browser(ctx, browser.driver(), &url, checks)
}

/// Poll (bounded) until the app has started and, if required, the board is
/// drawn. Returns whether it rendered, and what the page looked like last.
/// The console log is drained as it is read: its entries go to `entries`;
/// waiting stops at the first SEVERE one (a panic, a failed load).
fn wait_rendered(
    driver: &webdriver::Driver,
    entries: &mut Vec<(String, String)>,
) -> Res<(bool, String)> {
    let probe = format!(
        "return [document.readyState === 'complete', window.wasmBindings !== undefined, \
         document.querySelectorAll({}).length, document.querySelectorAll({}).length];",
        json::quote(BOARD_SELECTOR),
        json::quote(POD_SELECTOR)
    );
    let started = Instant::now();
    loop {
        let v = driver.execute(&probe)?;
        let items = v.as_array().unwrap_or(&[]);
        let flag = |i: usize| items.get(i) == Some(&json::Value::Bool(true));
        let count = |i: usize| items.get(i).and_then(json::Value::as_f64).unwrap_or(0.0) as usize;
        let (nodes, pods) = (count(2), count(3));
        let state = format!(
            "loaded: {}, app started: {}, {nodes} nodes, {pods} pods",
            flag(0),
            flag(1)
        );
        if flag(0) && flag(1) && (!REQUIRE_BOARD || (nodes >= BOARD_MIN && pods >= POD_MIN)) {
            return Ok((
                true,
                format!(
                    "rendered after {:.1} s: {nodes} nodes, {pods} pods",
                    started.elapsed().as_secs_f64()
                ),
            ));
        }
        entries.extend(driver.browser_log()?);
        if entries.iter().any(|(level, _)| level == "SEVERE") {
            return Ok((
                false,
                format!("{state}; stopped waiting at a SEVERE console entry"),
            ));
        }
        if started.elapsed() > RENDER_TIMEOUT {
            return Ok((
                false,
                format!("{state}; gave up after {} s", RENDER_TIMEOUT.as_secs()),
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The page's own URL and every resource it loaded.
fn page_urls(driver: &webdriver::Driver) -> Res<Vec<String>> {
    let urls = driver.execute(
        "return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name));",
    )?;
    Ok(urls
        .as_array()
        .unwrap_or(&[])
        .iter()
        .filter_map(|u| u.as_str().map(String::from))
        .collect())
}

fn drive_browser(
    ctx: &Ctx,
    driver: &webdriver::Driver,
    url: &str,
    input: &mut Vec<real_input::Check>,
) -> Res<()> {
    println!("opening {url} in headless Chromium");
    driver.navigate(url)?;

    let mut entries: Vec<(String, String)> = Vec::new();
    let (rendered, last) = wait_rendered(driver, &mut entries)?;
    if rendered {
        println!("{last}");
    }
    let mut problems = Vec::new();
    if !rendered {
        problems.push(format!(
            "the page did not render ({last}); expected the wasm app to start{}",
            if REQUIRE_BOARD {
                format!(
                    " and at least {BOARD_MIN} element(s) matching {BOARD_SELECTOR} and {POD_MIN} matching {POD_SELECTOR}"
                )
            } else {
                String::new()
            }
        ));
    }
    // Requests of every page load, each collected before the next one.
    let mut urls: Vec<String> = Vec::new();

    if rendered {
        // Real pointer input, each pointer type on a fresh page; then one more
        // load, so that the screenshot shows the board as it starts.
        let mut reload = || -> Res<()> {
            urls.extend(page_urls(driver)?);
            driver.navigate(url)?;
            match wait_rendered(driver, &mut entries)? {
                (true, _) => Ok(()),
                (false, state) => Err(format!("the reloaded page did not render ({state})")),
            }
        };
        let t = Instant::now();
        input.extend(real_input::run(driver, &mut reload));
        println!(
            "real input: {} of {} checks passed in {:.1} s",
            input.iter().filter(|c| c.passed()).count(),
            input.len(),
            t.elapsed().as_secs_f64()
        );
        if let Err(e) = reload() {
            problems.push(format!("before the screenshot: {e}"));
        }
    }

    // Browser console: print everything, fail on SEVERE.
    entries.extend(driver.browser_log()?);
    for (level, msg) in &entries {
        println!("    console {level}: {msg}");
    }
    let severe = entries
        .iter()
        .filter(|(level, _)| level == "SEVERE")
        .count();
    if severe > 0 {
        problems.push(format!(
            "{severe} SEVERE entr{} in the browser console",
            if severe == 1 { "y" } else { "ies" }
        ));
    }

    // Every request the page made, on every load, must have stayed on loopback.
    urls.extend(page_urls(driver)?);
    let outside: Vec<&String> = urls
        .iter()
        .filter(|u| !webdriver::is_loopback_url(u))
        .collect();
    println!(
        "    {} request(s) by the page (all loads), {} to non-loopback hosts",
        urls.len(),
        outside.len()
    );
    if !outside.is_empty() {
        problems.push(format!(
            "requests to non-loopback hosts: {}",
            outside
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    // Screenshot.
    let png = driver.screenshot()?;
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        problems.push("the screenshot is not a PNG".into());
    }
    let shots = ctx.root.join("target/screenshots");
    std::fs::create_dir_all(&shots).map_err(|e| format!("{}: {e}", shots.display()))?;
    let path = shots.join("board.png");
    std::fs::write(&path, &png).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("screenshot: {}", path.display());

    // Phone and projector widths, each on a fresh page (they resize the window).
    if rendered {
        let t = Instant::now();
        let layout = layout::run(driver, url);
        println!(
            "layout: {} of {} checks passed in {:.1} s",
            layout.iter().filter(|c| c.passed()).count(),
            layout.len(),
            t.elapsed().as_secs_f64()
        );
        input.extend(layout);
    }

    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_test_counts_from_libtest_and_wasm_bindgen_test() {
        assert_eq!(
            parse_test_result("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"),
            Some((12, 0))
        );
        assert_eq!(
            parse_test_result("test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 filtered out; finished in 1.20s"),
            Some((3, 2))
        );
        assert_eq!(parse_test_result("running 3 tests"), None);
        assert_eq!(parse_test_result("test foo ... ok"), None);
    }

    #[test]
    fn reads_versions_from_cargo_lock_and_trunk_toml() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.1\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        assert_eq!(
            lock_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(lock_version(lock, "yew"), None);
        let trunk = "[tools]\n# wasm_bindgen = \"0.0.1\"\nwasm_bindgen = \"0.2.130\"  # pinned\nwasm_opt = \"version_132\"\n";
        assert_eq!(
            toml_string(trunk, "wasm_bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            toml_string(trunk, "wasm_opt").as_deref(),
            Some("version_132")
        );
        assert_eq!(
            wasm_opt_version("wasm-opt version 132 (version_132)").as_deref(),
            Some("version_132")
        );
    }

    #[test]
    fn the_repository_pins_agree() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let trunk = std::fs::read_to_string(root.join("Trunk.toml")).unwrap();
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
        if let Some(locked) = lock_version(&lock, "wasm-bindgen") {
            assert_eq!(
                toml_string(&trunk, "wasm_bindgen"),
                Some(locked),
                "Trunk.toml vs Cargo.lock"
            );
        }
        let package = std::fs::read_to_string(root.join("package.json")).unwrap();
        let binaryen = toml_string(&package.replace(':', "="), "\"binaryen\"").unwrap();
        let major = binaryen.split('.').next().unwrap();
        assert_eq!(
            toml_string(&trunk, "wasm_opt"),
            Some(format!("version_{major}")),
            "Trunk.toml vs package.json"
        );
    }
}
