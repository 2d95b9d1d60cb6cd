//! The whole `Sim` as one JSON document and back: clock, seed, the generator's state,
//! the event log, the object store and every piece of simulation-only memory (machines,
//! pod runtimes, scheduler, health and load settings, Job tracking, autoscaler, HPAs).
//! A restored `Sim` has the same `state_hash()` and goes on exactly as the saved one would.
//!
//! The document is an envelope, `{"podium": 1, "seed": …, "now": …, …}`: `podium` is
//! the format version, so a file from another program or another format is refused by
//! name before anything else is read. A refused file changes nothing: `restore` builds
//! a new `Sim` or none.

use crate::clock::SimTime;
use crate::events::EventLog;
use crate::kube::Kube;
use crate::rng::SimRng;
use crate::sim::Sim;
use crate::from_value::FromValue;
use crate::to_json::ToJson;
use std::fmt;

/// The format this engine writes and reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(ToJson)]
struct SavedRef<'a> {
    podium: u32,
    seed: u64,
    now: SimTime,
    rng: &'a SimRng,
    events: &'a EventLog,
    kube: &'a Kube,
}

#[derive(FromValue)]
struct Saved {
    #[allow(dead_code)]
    podium: u32,
    seed: u64,
    now: SimTime,
    rng: SimRng,
    events: EventLog,
    kube: Kube,
}

/// Why a saved state was refused; `line` and `column` are 1-based, 0 when there is no place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestoreError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for RestoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for RestoreError {}

fn json_error(e: serde_json::Error) -> RestoreError {
    let mut message = e.to_string();
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    RestoreError { line: e.line(), column: e.column(), message }
}

fn refuse(message: String) -> RestoreError {
    RestoreError { line: 0, column: 0, message }
}

impl Sim {
    /// The whole state as JSON, in the versioned envelope.
    pub fn save(&self) -> String {
        let saved = SavedRef {
            podium: FORMAT_VERSION,
            seed: self.seed,
            now: self.now,
            rng: &self.rng,
            events: &self.events,
            kube: &self.kube,
        };
        crate::to_json::to_string(&saved)
    }

    /// A `Sim` from what `save` wrote. Anything else (not JSON, not a Podium file,
    /// another format version, a missing or mistyped field, objects that do not hang
    /// together) is refused with what is wrong and where.
    pub fn restore(text: &str) -> Result<Sim, RestoreError> {
        let not_ours = || refuse("this is not a Podium saved state: it must be a JSON object with \"podium\": 1".into());
        if !text.trim_start().starts_with('{') {
            return Err(not_ours());
        }
        // JSON syntax is checked by serde_json (line and column); the typed reading goes
        // through the manifests' YAML-value reader (`from_value`, timestamps kept), so the
        // page carries one reader per object type, not a second one for saved states.
        let value: serde_norway::Value = serde_json::from_str(text).map_err(json_error)?;
        let Some(map) = value.as_mapping() else { return Err(not_ours()) };
        match map.get("podium") {
            None => return Err(refuse("this is not a Podium saved state: it has no \"podium\" version field".into())),
            Some(v) if v.as_u64() == Some(FORMAT_VERSION as u64) => {}
            Some(v) => {
                let v = serde_json::to_string(v).unwrap_or_default();
                return Err(refuse(format!("this saved state has format version {v}; this Podium reads version {FORMAT_VERSION}")));
            }
        }
        let saved: Saved = crate::from_value::read_value(value, &mut Vec::new(), true).map_err(|e| {
            refuse(if e.path == "." { e.message } else { format!("{}: {}", e.path, e.message) })
        })?;
        let sim = Sim { seed: saved.seed, now: saved.now, rng: saved.rng, events: saved.events, kube: saved.kube, stepping: Default::default(), wakes: Default::default() };
        sim.check().map_err(refuse)?;
        Ok(sim)
    }

    /// What the controllers take for granted and a hand-edited file may break.
    fn check(&self) -> Result<(), String> {
        let kube = &self.kube;
        for name in kube.store.nodes.keys() {
            if !kube.machines.contains_key(name) {
                return Err(format!("node {name:?} has no machine in \"kube.machines\""));
            }
        }
        for (key, pod) in &kube.store.pods {
            if let Some(node) = pod.node() {
                if !kube.store.nodes.contains_key(node) {
                    return Err(format!("pod {key} is bound to node {node:?}, which does not exist"));
                }
            }
            if crate::kube::Key::of(&pod.metadata) != *key {
                return Err(format!("pod {key} is stored under another name ({})", crate::kube::Key::of(&pod.metadata)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_and_future_files_are_refused_by_name() {
        let e = Sim::restore("{\"hello\": 1}").unwrap_err();
        assert_eq!(e.to_string(), "this is not a Podium saved state: it has no \"podium\" version field");
        let e = Sim::restore("{\"podium\": 2}").unwrap_err();
        assert_eq!(e.to_string(), "this saved state has format version 2; this Podium reads version 1");
        let e = Sim::restore("[1, 2]").unwrap_err();
        assert_eq!(e.to_string(), "this is not a Podium saved state: it must be a JSON object with \"podium\": 1");
        let e = Sim::restore("{\"podium\": 1,\n \"seed\": }").unwrap_err();
        assert_eq!((e.line, e.column, e.message.as_str()), (2, 10, "expected value"));
        let e = Sim::restore("{\"podium\": 1,\n \"seed\": \"one\"}").unwrap_err();
        assert_eq!(e.message, "seed: invalid type: string \"one\", expected u64");
        let e = Sim::restore("{\"podium\": 1, \"seed\": 1}").unwrap_err();
        assert_eq!(e.message, "missing field `now`");
    }
}
