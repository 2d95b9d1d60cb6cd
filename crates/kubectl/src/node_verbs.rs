//! `kubectl cordon`, `uncordon`, `drain` and `taint nodes`, with kubectl's words
//! (`pkg/cmd/drain/drain.go`, `pkg/drain/filters.go`, `pkg/cmd/taint/taint.go`).

use crate::args::Command;
use crate::{errors, Output};
use podium_engine::kube::node::Taint;
use podium_engine::kube::node_ops::drain_plan;
use podium_engine::{Action, ApiError, Resource, Sim, Verb};

fn refusal(e: &ApiError) -> String {
    match e {
        ApiError::BadRequest(m) => errors::error(m),
        other => errors::print_refusal(other),
    }
}

fn usage(verb: &str) -> String {
    let use_ = match verb {
        "taint" => "taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N",
        other => return errors::error(format!("USAGE: {other} NODE [flags]\nSee 'kubectl {other} -h' for help and examples")),
    };
    errors::error(format!("USAGE: {use_} [flags]\nSee 'kubectl {verb} -h' for help and examples"))
}

/// The node names of `cordon a b`, `cordon node/a`, `cordon nodes a`.
fn node_names(args: &[String]) -> Vec<String> {
    args.iter()
        .filter(|a| !matches!(Resource::parse(a), Some(Resource::Node)))
        .map(|a| a.split_once('/').map_or(a.as_str(), |(_, n)| n).to_string())
        .collect()
}

/// `cordon` (`on`) and `uncordon`.
pub fn cordon(sim: &mut Sim, cmd: &Command, on: bool) -> Output {
    let names = node_names(&cmd.args);
    if names.is_empty() {
        return Output::fail(usage(&cmd.verb));
    }
    let mut out = Output { success: true, ..Default::default() };
    for n in names {
        match cordon_one(sim, &n, on) {
            Ok(line) => out.stdout.push_str(&line),
            Err(e) => {
                out.stderr.push_str(&e);
                out.success = false;
            }
        }
    }
    out
}

fn cordon_one(sim: &mut Sim, node: &str, on: bool) -> Result<String, String> {
    let word = if on { "cordoned" } else { "uncordoned" };
    match sim.act(Action::Cordon { node: node.to_string(), on }) {
        Ok(o) if o.changes.iter().any(|c| c.verb == Verb::Unchanged) => Ok(format!("node/{node} already {word}\n")),
        Ok(_) => Ok(format!("node/{node} {word}\n")),
        Err(e) => Err(refusal(&e)),
    }
}

/// `kubectl drain NODE`: cordon, then evict every pod, or stop at pods without a controller.
pub fn drain(sim: &mut Sim, cmd: &Command) -> Output {
    let names = node_names(&cmd.args);
    let [node] = names.as_slice() else {
        return Output::fail(usage("drain"));
    };
    let mut out = Output { success: true, ..Default::default() };
    match cordon_one(sim, node, true) {
        Ok(line) => out.stdout.push_str(&line),
        Err(e) => return Output::fail(e),
    }
    let force = cmd.switch("force");
    let ignore_daemonsets = cmd.switch("ignore-daemonsets");
    let plan = drain_plan(sim.kube(), node, force, ignore_daemonsets);
    if let Some(e) = plan.error {
        out.stderr.push_str(&format!(
            "error: unable to drain node {node:?} due to error: {e}, continuing command...\nThere are pending nodes to be drained:\n {node}\nerror: {e}\n"
        ));
        out.success = false;
        return out;
    }
    if let Some(w) = plan.warning {
        out.stderr.push_str(&format!("Warning: {w}\n"));
    }
    match sim.act(Action::Drain { node: node.clone(), force, ignore_daemonsets }) {
        Ok(o) => {
            let evicted: Vec<_> = o.changes.iter().filter(|c| c.verb == Verb::Evicted).collect();
            for c in &evicted {
                out.stdout.push_str(&format!("evicting pod {}/{}\n", c.namespace, c.name));
            }
            for c in &evicted {
                out.stdout.push_str(&format!("pod/{} evicted\n", c.name));
            }
            out.stdout.push_str(&format!("node/{node} drained\n"));
        }
        Err(e) => {
            out.stderr.push_str(&refusal(&e));
            out.success = false;
        }
    }
    out
}

enum TaintSpec {
    Add(Taint),
    Remove { key: String, effect: Option<String> },
}

/// `key=value:Effect`, `key:Effect`, and for removal `key-`, `key:Effect-`, `key=value:Effect-`.
fn parse_taint(spec: &str) -> Result<TaintSpec, String> {
    let invalid = || errors::error(format!("invalid taint spec: {spec}"));
    if let Some(body) = spec.strip_suffix('-') {
        let (kv, effect) = match body.split_once(':') {
            Some((kv, e)) => (kv, Some(e.to_string())),
            None => (body, None),
        };
        let key = kv.split_once('=').map_or(kv, |(k, _)| k);
        if key.is_empty() {
            return Err(invalid());
        }
        return Ok(TaintSpec::Remove { key: key.to_string(), effect });
    }
    let Some((kv, effect)) = spec.split_once(':') else { return Err(invalid()) };
    let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
    if key.is_empty() || effect.is_empty() {
        return Err(invalid());
    }
    Ok(TaintSpec::Add(Taint { key: key.into(), value: value.into(), effect: effect.into(), time_added: None }))
}

/// `kubectl taint nodes NODE SPEC...`: all taints checked on a copy first, so a bad
/// one changes nothing.
pub fn taint(sim: &mut Sim, cmd: &Command) -> Output {
    let args = &cmd.args;
    let (node, specs): (String, &[String]) = match args.first() {
        Some(first) if first.contains('/') => {
            let (kind, name) = first.split_once('/').expect("has a slash");
            if Resource::parse(kind) != Some(Resource::Node) {
                return Output::fail(errors::error(format!("invalid resource type {kind}, only node types are supported")));
            }
            (name.to_string(), &args[1..])
        }
        Some(first) => match Resource::parse(first) {
            Some(Resource::Node) if args.len() >= 2 => (args[1].clone(), &args[2..]),
            Some(Resource::Node) | None if args.len() < 2 => return Output::fail(usage("taint")),
            _ => return Output::fail(errors::error(format!("invalid resource type {first}, only node types are supported"))),
        },
        None => return Output::fail(usage("taint")),
    };
    if specs.is_empty() {
        return Output::fail(errors::error("at least one taint update is required"));
    }
    let mut actions = Vec::new();
    let (mut adds, mut removes) = (0, 0);
    for s in specs {
        match parse_taint(s) {
            Ok(TaintSpec::Add(t)) => {
                adds += 1;
                actions.push(Action::Taint { node: node.clone(), taint: t, overwrite: cmd.switch("overwrite") });
            }
            Ok(TaintSpec::Remove { key, effect }) => {
                removes += 1;
                actions.push(Action::Untaint { node: node.clone(), key, effect });
            }
            Err(e) => return Output::fail(e),
        }
    }
    let mut trial = sim.clone();
    for a in &actions {
        if let Err(e) = trial.act(a.clone()) {
            return Output::fail(refusal(&e));
        }
    }
    for a in actions {
        sim.act(a).expect("the same actions succeeded on a copy");
    }
    let word = match (adds, removes) {
        (0, _) => "untainted",
        (_, 0) => "tainted",
        _ => "modified",
    };
    Output::ok(format!("node/{node} {word}\n"))
}
