//! kubectl for the playground: parses a kubectl command line, carries it out on
//! a [`Sim`] through the engine's actions, and prints what real kubectl prints,
//! keeping its split between standard output and standard error.
//! Shared by the headless runner, the scenario tests and the board's console.
//!
//! Modules: [`args`] splits and reads flags, [`targets`] resolves resource
//! words and names, [`objects`] reads the store (`-l` is the engine's
//! [`Selector`](podium_engine::kube::selector::Selector)),
//! `get`/[`table`] print tables, [`output`]/[`jsonpath`] the other `-o`
//! formats, `describe` the detail pages, `apply` and `mutate` change the
//! cluster, [`errors`] words refusals, [`help`] lists what is supported.

mod apply;
mod autoscale;
pub mod args;
mod describe;
pub mod errors;
mod explain;
mod get;
mod logs;
pub mod help;
pub mod jsonpath;
mod metadata_verbs;
mod mutate;
mod node_verbs;
mod rollout;
mod run_verbs;
pub mod watch;
pub mod objects;
pub mod output;
pub mod table;
pub mod targets;

pub use errors::print_refusal;
pub use help::{completions, flags_for, resource_words, VERBS};
pub use watch::Watch;

use args::ArgError;
use podium_engine::Sim;

/// What one command printed, and whether kubectl would have exited 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub success: bool,
}

impl Output {
    pub fn ok(stdout: String) -> Output {
        Output {
            stdout,
            stderr: String::new(),
            success: true,
        }
    }

    pub fn fail(stderr: String) -> Output {
        Output {
            stdout: String::new(),
            stderr,
            success: false,
        }
    }
}

/// The namespace a command works in (`-n`, else `default`) and whether `-A` was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub namespace: String,
    pub all_namespaces: bool,
}

impl Scope {
    /// `-n` (else `default`) and `-A` of a command.
    pub fn of(cmd: &args::Command) -> Scope {
        Scope {
            namespace: cmd.value("namespace").filter(|n| !n.is_empty()).unwrap_or("default").to_string(),
            all_namespaces: cmd.switch("all-namespaces"),
        }
    }

    /// The namespace to list in: None for all of them.
    pub fn list_namespace(&self) -> Option<&str> {
        if self.all_namespaces {
            None
        } else {
            Some(&self.namespace)
        }
    }
}

/// Runs one command line (`kubectl get pods -n shop`; the leading `kubectl` is optional).
pub fn run(sim: &mut Sim, line: &str) -> Output {
    let words = match args::split(line) {
        Ok(w) => w,
        Err(e) => return Output::fail(errors::arg_error(&e)),
    };
    if let Some(verb) = args::verb_of(&words) {
        if !VERBS.contains(&verb.as_str()) {
            if help::UNAVAILABLE_VERBS.contains(&verb.as_str()) {
                return Output::fail(errors::error(format!("\"kubectl {verb}\" is not available in the playground. Run 'kubectl help' for what is.")));
            }
            return Output::fail(errors::unknown_command(&verb, VERBS));
        }
    }
    let cmd = match args::parse(&words) {
        Ok(c) => c,
        Err(ArgError::Empty) => {
            return Output {
                stdout: String::new(),
                stderr: help::usage(),
                success: true,
            }
        }
        Err(e) => return Output::fail(errors::arg_error(&e)),
    };
    if cmd.switch("help") || cmd.verb == "help" {
        return Output::ok(help::usage());
    }
    let scope = Scope::of(&cmd);
    match cmd.verb.as_str() {
        "get" => get::get(sim, &cmd, &scope),
        "describe" => describe::describe(sim, &cmd, &scope),
        "delete" => mutate::delete(sim, &cmd, &scope),
        "scale" => mutate::scale(sim, &cmd, &scope),
        "create" => mutate::create(sim, &cmd),
        "apply" => match cmd.values("filename").first() {
            Some(f) => Output::fail(mutate::missing_file("apply", f)),
            None => Output::fail(errors::error("must specify one of -f and -k")),
        },
        "version" => Output::ok(help::version()),
        "set" => rollout::set(sim, &cmd, &scope),
        "rollout" => rollout::rollout(sim, &cmd, &scope),
        "cordon" => node_verbs::cordon(sim, &cmd, true),
        "uncordon" => node_verbs::cordon(sim, &cmd, false),
        "drain" => node_verbs::drain(sim, &cmd),
        "taint" => node_verbs::taint(sim, &cmd),
        "label" => metadata_verbs::label(sim, &cmd, &scope, false),
        "annotate" => metadata_verbs::label(sim, &cmd, &scope, true),
        "expose" => metadata_verbs::expose(sim, &cmd, &scope),
        "autoscale" => autoscale::autoscale(sim, &cmd, &scope),
        "top" => autoscale::top(sim, &cmd, &scope),
        "logs" => logs::logs(sim, &cmd, &scope),
        "run" => run_verbs::run(sim, &cmd),
        "explain" => explain::explain(&cmd.args),
        "api-resources" => Output::ok(help::api_resources()),
        _ => Output::fail(errors::unknown_command(&cmd.verb, VERBS)),
    }
}

/// `kubectl apply -f -` with `manifest` on standard input; `namespace` is `-n`, if given.
pub fn apply(sim: &mut Sim, manifest: &str, namespace: Option<&str>) -> Output {
    apply::apply(sim, manifest, namespace)
}
