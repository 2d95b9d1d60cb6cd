//! `podium`: runs Podium scenario files headless, as a course author or CI does.
//!
//! ```text
//! podium run [--quiet] FILE...   run scenarios; exit 0 if all hold, 1 at the first failure, 2 on a bad file
//! podium hash [--env] FILE...    print each scenario's final state hash
//! ```

use podium_engine::clock::format_duration;
use podium_scenario::{run, Scenario, StepReport, Verdict};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "podium: run Podium scenario files against the simulated cluster

Usage:
  podium run [--quiet] FILE...   run each scenario, in order
  podium hash [--env] FILE...    print `NAME HASH` (hex) of each scenario's final state
  podium --help | --version

run prints each step as a header on standard output (`$ kubectl ...` for kubectl
steps, `# ...` for the others), then what kubectl printed, on the stream kubectl
printed it to. --quiet prints only failures and the final `ok:` lines.

hash --env prints one line `NAME=HASH;NAME2=HASH2`, the form PODIUM_NATIVE_HASHES takes.

Exit status:
  0  every step and expectation held
  1  a step or expectation failed (the run stops there; FILE:LINE:COLUMN, expected and seen on stderr)
  2  a file could not be read or parsed (FILE:LINE:COLUMN: message), or bad usage

The scenario format: docs/scenarios.md";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        "-V" | "--version" | "version" => {
            println!("podium {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        "run" => run_cmd(rest),
        "hash" => hash_cmd(rest),
        other => {
            eprintln!("podium: unknown command {other:?}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Splits `--flag`s from file names; unknown flags are usage errors.
fn split_args<'a>(args: &'a [String], flags: &[&str]) -> Result<(Vec<&'a str>, Vec<&'a str>), String> {
    let (mut set, mut files) = (Vec::new(), Vec::new());
    let mut only_files = false;
    for a in args {
        if only_files || !a.starts_with('-') || a == "-" {
            files.push(a.as_str());
        } else if a == "--" {
            only_files = true;
        } else if flags.contains(&a.as_str()) {
            set.push(a.as_str());
        } else if a == "-h" || a == "--help" {
            return Err(String::new());
        } else {
            return Err(format!("unknown option {a}"));
        }
    }
    if files.is_empty() {
        return Err("no scenario file given".into());
    }
    Ok((set, files))
}

/// Reads and parses every file first, so a bad file stops everything before anything runs.
fn load(files: &[&str]) -> Result<Vec<(String, Scenario)>, ExitCode> {
    let mut out = Vec::new();
    let mut bad = false;
    for f in files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{f}: cannot read: {e}");
                bad = true;
                continue;
            }
        };
        match Scenario::parse(&text) {
            Ok(s) => out.push((f.to_string(), s)),
            Err(e) => {
                if e.line > 0 {
                    eprintln!("{f}:{}:{}: {}", e.line, e.column, e.message);
                } else {
                    eprintln!("{f}: {}", e.message);
                }
                bad = true;
            }
        }
    }
    if bad {
        Err(ExitCode::from(2))
    } else {
        Ok(out)
    }
}

fn usage_error(e: String) -> ExitCode {
    if e.is_empty() {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    eprintln!("podium: {e}\n\n{USAGE}");
    ExitCode::from(2)
}

fn run_cmd(args: &[String]) -> ExitCode {
    let (flags, files) = match split_args(args, &["--quiet", "-q"]) {
        Ok(x) => x,
        Err(e) => return usage_error(e),
    };
    let quiet = !flags.is_empty();
    let scenarios = match load(&files) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let many = scenarios.len() > 1;
    for (file, scenario) in &scenarios {
        if many && !quiet {
            println!("# scenario {} ({file})", scenario.name);
        }
        let result = run(scenario, &mut |r| {
            if !quiet {
                print_step(r);
            }
        });
        if let Some(r) = &result.failure {
            report_failure(file, r, quiet);
            return ExitCode::from(1);
        }
        println!("ok: {} ({} steps, virtual time {})", scenario.name, result.steps_run, format_duration(result.sim.now().secs()));
    }
    ExitCode::SUCCESS
}

/// The step as a shell transcript: a header, then kubectl's own streams untouched.
fn print_step(r: &StepReport) {
    let mut out = std::io::stdout().lock();
    if let Some(note) = &r.note {
        for line in note.lines() {
            let _ = writeln!(out, "# {line}");
        }
    }
    let _ = writeln!(out, "{}", header(r));
    let _ = out.write_all(r.stdout.as_bytes());
    // kubectl leaves some output without a final newline (`-o jsonpath`, as a
    // terminal would show it); end the line so the next header starts afresh.
    if !r.stdout.is_empty() && !r.stdout.ends_with('\n') {
        let _ = writeln!(out);
    }
    let _ = out.flush();
    drop(out);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(r.stderr.as_bytes());
    let _ = err.flush();
}

/// `$ kubectl get pods   # expect count 3`, `# wait 30s (virtual time 1m30s)`, `# kill node a`.
fn header(r: &StepReport) -> String {
    let is_kubectl = r.description.starts_with("kubectl ");
    let mut header = if is_kubectl { format!("$ {}", r.description) } else { format!("# {}", r.description) };
    if r.description.starts_with("wait ") {
        header.push_str(&format!(" (virtual time {})", format_duration(r.time.secs())));
    }
    if let Some(e) = &r.expectation {
        header.push_str(&format!("   # expect {e}"));
    }
    header
}

fn report_failure(file: &str, r: &StepReport, quiet: bool) {
    let mut err = std::io::stderr().lock();
    if quiet {
        // The step's output was not shown; show it with the failure.
        let _ = writeln!(err, "{}", header(r));
        let _ = err.write_all(r.stdout.as_bytes());
        if !r.stdout.is_empty() && !r.stdout.ends_with('\n') {
            let _ = writeln!(err);
        }
        let _ = err.write_all(r.stderr.as_bytes());
    }
    let Verdict::Failed { expected, seen } = &r.verdict else { return };
    let _ = writeln!(err, "{file}:{}:{}: step {} failed: {}", r.line, r.column, r.index + 1, r.description);
    let _ = writeln!(err, "  expected: {expected}");
    let _ = writeln!(err, "  seen:     {seen}");
    let _ = writeln!(err, "  at virtual time {}", format_duration(r.time.secs()));
}

fn hash_cmd(args: &[String]) -> ExitCode {
    let (flags, files) = match split_args(args, &["--env"]) {
        Ok(x) => x,
        Err(e) => return usage_error(e),
    };
    let env = !flags.is_empty();
    let scenarios = match load(&files) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut pairs = Vec::new();
    for (file, scenario) in &scenarios {
        let result = run(scenario, &mut |_| {});
        if let Some(r) = &result.failure {
            report_failure(file, r, true);
            return ExitCode::from(1);
        }
        pairs.push((scenario.name.clone(), format!("{:016x}", result.state_hash())));
    }
    if env {
        let joined: Vec<String> = pairs.iter().map(|(n, h)| format!("{n}={h}")).collect();
        println!("{}", joined.join(";"));
    } else {
        for (n, h) in pairs {
            println!("{n} {h}");
        }
    }
    ExitCode::SUCCESS
}
