//! The page's weight: what a learner downloads (every file of the built page, gzipped as a
//! server sends it), held under a budget by `cargo xtask test`, and split into the engine's share
//! and the rest by `cargo xtask size`.
//!
//! Why the budget is where it is (docs/benchmarks.md, "Page weight and its budget"): the engine alone,
//! reached as the page reaches it (crates/engine-alone), compiles to about 349 KB of gzipped wasm,
//! so a page that runs the engine cannot be "well under 300 KB". The budget holds the page at its
//! weight with a little room for the next feature; growing past it fails the test, and raising it
//! is a decision to write down in docs/benchmarks.md with the figure that justifies it.

use crate::{describe, say, Ctx, Res};
use std::path::Path;
use std::process::{Command, Stdio};

/// The most the built page may weigh, gzipped (KB of 1,024 bytes, all its files together).
pub const BUDGET_KB: f64 = 660.0;

/// One file of the built page.
pub struct File {
    pub name: String,
    pub raw: usize,
    pub gzipped: usize,
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// `gzip -9` of a file, as a server with compression would send it (and as earlier figures in
/// docs/benchmarks.md were taken).
fn gzipped_len(path: &Path) -> Res<usize> {
    let mut cmd = Command::new("gzip");
    cmd.args(["-9", "-c"]).arg(path).stderr(Stdio::inherit());
    let out = cmd.output().map_err(|e| format!("could not run `{}`: {e}", describe(&cmd)))?;
    if !out.status.success() {
        return Err(format!("`{}` failed ({})", describe(&cmd), out.status));
    }
    Ok(out.stdout.len())
}

/// Every file of a built page (a Trunk dist), by name.
pub fn weigh(dist: &Path) -> Res<Vec<File>> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let raw = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?.len() as usize;
        let name = entry.file_name().to_string_lossy().into_owned();
        files.push(File { name, raw, gzipped: gzipped_len(&path)? });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// Prints a line per file.
pub fn print(files: &[File]) {
    for f in files {
        println!("    {}: {:.1} KB, {:.1} KB gzipped", f.name, kb(f.raw), kb(f.gzipped));
    }
}

/// Whether the page (all its files, gzipped) is within `budget_kb`, in words either way.
pub fn verdict(files: &[File], budget_kb: f64) -> Result<String, String> {
    let total: usize = files.iter().map(|f| f.gzipped).sum();
    let wasm: usize = files.iter().filter(|f| f.name.ends_with(".wasm")).map(|f| f.gzipped).sum();
    let line = format!(
        "the page weighs {:.1} KB gzipped ({:.1} KB of it wasm), budget {budget_kb:.0} KB",
        kb(total),
        kb(wasm)
    );
    if files.is_empty() {
        Err("the built page has no files to weigh".into())
    } else if kb(total) <= budget_kb {
        Ok(format!("{line}: {:.1} KB to spare", budget_kb - kb(total)))
    } else {
        Err(format!(
            "{line}: {:.1} KB over. `cargo xtask size` splits it into the engine and the rest, and \
             docs/benchmarks.md (\"Page size\") says how to find what grew; raise BUDGET_KB in \
             xtask/src/weight.rs only as a decision written down there",
            kb(total) - budget_kb
        ))
    }
}

/// `cargo xtask size`: the built page file by file, the engine alone (crates/engine-alone) built
/// the way Trunk builds the page (release profile, wasm-bindgen, `wasm-opt -Oz`), and the budget.
pub fn size(ctx: &Ctx) -> Res<()> {
    crate::setup(ctx)?;
    let dist = crate::build(ctx, "target/xtask/dist")?;
    let page = weigh(&dist)?;
    say("the page (target/xtask/dist):");
    print(&page);

    say("the engine alone (crates/engine-alone), built as the page is");
    crate::run(ctx.cargo().args(["build", "--release", "--target", "wasm32-unknown-unknown", "-p", "podium-engine-alone"]))?;
    let out = ctx.root.join("target/xtask/engine-alone");
    let built = ctx.root.join("target/wasm32-unknown-unknown/release/podium_engine_alone.wasm");
    crate::run(ctx.cmd("wasm-bindgen").args(["--target", "web", "--no-typescript", "--out-dir"]).arg(&out).arg(&built))?;
    let opt = out.join("podium_engine_alone.wasm");
    crate::run(ctx.cmd("wasm-opt").arg("-Oz").arg(out.join("podium_engine_alone_bg.wasm")).arg("-o").arg(&opt))?;
    let engine = File { name: "engine alone".into(), raw: std::fs::metadata(&opt).map_err(|e| e.to_string())?.len() as usize, gzipped: gzipped_len(&opt)? };

    let wasm: usize = page.iter().filter(|f| f.name.ends_with(".wasm")).map(|f| f.gzipped).sum();
    println!("    the engine alone: {:.1} KB wasm, {:.1} KB gzipped", kb(engine.raw), kb(engine.gzipped));
    println!(
        "    the rest of the page's wasm (board, kubectl, console, YAML editor, both languages): about {:.1} KB gzipped",
        kb(wasm.saturating_sub(engine.gzipped))
    );
    verdict(&page, BUDGET_KB).map(|line| say(&line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(wasm_kb: usize, js_kb: usize) -> Vec<File> {
        vec![
            File { name: "app_bg.wasm".into(), raw: wasm_kb * 3 * 1024, gzipped: wasm_kb * 1024 },
            File { name: "app.js".into(), raw: js_kb * 4 * 1024, gzipped: js_kb * 1024 },
        ]
    }

    #[test]
    fn a_page_within_its_budget_passes_and_says_what_it_weighs() {
        let ok = verdict(&page(600, 10), 660.0).unwrap();
        assert_eq!(ok, "the page weighs 610.0 KB gzipped (600.0 KB of it wasm), budget 660 KB: 50.0 KB to spare");
        // The budget itself is still within it.
        assert!(verdict(&page(650, 10), 660.0).is_ok());
    }

    #[test]
    fn a_page_over_its_budget_fails_counting_every_file() {
        // The wasm alone is within; with the JS the page is not.
        let err = verdict(&page(655, 10), 660.0).unwrap_err();
        assert!(err.starts_with("the page weighs 665.0 KB gzipped (655.0 KB of it wasm), budget 660 KB: 5.0 KB over."), "{err}");
        assert!(err.contains("cargo xtask size"), "{err}");
    }

    #[test]
    fn an_empty_page_is_not_light_but_missing() {
        assert_eq!(verdict(&[], 660.0).unwrap_err(), "the built page has no files to weigh");
    }
}
