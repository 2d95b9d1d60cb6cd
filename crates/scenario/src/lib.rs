//! Podium scenario files: a cluster, then steps (kubectl commands, manifests,
//! waits on the virtual clock, kills, drags) and expectations about what
//! kubectl prints. Used by the `podium` CLI, the scenario tests, and the board
//! (which steps through a lesson with [`Runner`]).
//!
//! Pure and WebAssembly-friendly: the scenario comes in as text, no files,
//! processes, threads or clocks are touched. The format is documented in
//! `docs/scenarios.md`.
//!
//! ```
//! let text = "name: demo\ncluster:\n  nodes:\n    - {name: a, cpu: '2', memory: 4Gi}\nsteps:\n  - wait: 10s\n";
//! let scenario = podium_scenario::Scenario::parse(text).unwrap();
//! let result = podium_scenario::run(&scenario, &mut |_report| {});
//! assert!(result.passed());
//! assert_eq!(result.sim.now().secs(), 10);
//! ```

mod parse;
mod position;
mod runner;

pub use parse::{
    ApplyStep, BindStep, Expect, KillTarget, Matcher, NodeSpec, Scenario, Step, StepAction, FORMAT_VERSION,
};
pub use parse::{HealthStep, LoadStep, TrafficStep};
pub use runner::{final_hash, run, RunResult, Runner, StepReport, Verdict};
pub use podium_engine::kube::selector::{Requirement, Selector};

use std::fmt;

/// A scenario file that cannot be used: bad YAML, an unknown key, a bad value.
/// `line` and `column` are 1-based; 0 when no place in the file applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl ScenarioError {
    pub(crate) fn at(line: usize, column: usize, message: impl Into<String>) -> ScenarioError {
        ScenarioError { line, column, message: message.into() }
    }
}

/// `LINE:COLUMN: message` (or just the message when there is no place), so a
/// caller prints `FILE:` before it.
impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.line, self.column, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}
