//! kubectl for the playground: parses a kubectl command line, carries it out on
//! a [`Sim`] through the engine's actions, and prints what real kubectl prints,
//! keeping its split between standard output and standard error.
//! Shared by the headless runner, the scenario tests and the board's console.

use podium_engine::Sim;

/// What one command printed, and whether kubectl would have exited 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub success: bool,
}

/// Runs one command line (`kubectl get pods -n shop`; the leading `kubectl` is optional).
pub fn run(sim: &mut Sim, line: &str) -> Output {
    let _ = (sim, line);
    Output { stdout: String::new(), stderr: "error: kubectl is not wired yet\n".into(), success: false }
}

/// `kubectl apply -f -` with `manifest` on standard input; `namespace` is `-n`, if given.
pub fn apply(sim: &mut Sim, manifest: &str, namespace: Option<&str>) -> Output {
    let _ = (sim, manifest, namespace);
    Output { stdout: String::new(), stderr: "error: kubectl is not wired yet\n".into(), success: false }
}
