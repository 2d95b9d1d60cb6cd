//! `kubectl get … -w` / `--watch` / `--watch-only` for a caller that keeps
//! printing (the board's console): [`Watch::start`] prints the listing, then
//! [`Watch::poll`] prints one row for each listed object that changed since the
//! last poll, as upstream `GetOptions.watch` (kubectl/pkg/cmd/get/get.go) does
//! for each watch event: the header once (with the listing, or with the first
//! event under `--watch-only`), no header after; every event flushed on its own,
//! so its columns are padded for that row alone; a deleted object printed once
//! more with its last row. One kind only, as upstream ("watch is only supported
//! on individual resources and resource collections").
//! Simplification: a "change" is any difference in the object's JSON between two
//! polls (the API server sends an event per write; several writes within one
//! virtual second print one row), and rows come in namespace/name order.

use crate::args::{self, ArgError, Command};
use crate::get::{self, TableOpts};
use crate::objects::{self, Obj};
use crate::output::{self, Format};
use crate::{errors, targets, Output, Scope};
use podium_engine::boxed_map::BoxedMap;
use podium_engine::kube::selector::Selector;
use podium_engine::kube::Key;
use podium_engine::{Resource, Sim};
use serde_json::Value;

/// A running watch over one kind: what it lists and what it printed last.
#[derive(Clone, Debug)]
pub struct Watch {
    resource: Resource,
    names: Vec<String>,
    scope: Scope,
    selector: Selector,
    format: Format,
    opts: TableOpts,
    header_due: bool,
    /// Each listed object (namespace, name): its JSON and its row at the last poll. A `BoxedMap`
    /// by `Key` (same order as the pair) shares its tree code with the store's maps.
    last: BoxedMap<Key, (Value, String)>,
}

/// Whether a command line asks for a watch (`get` with `-w`, `--watch` or `--watch-only`).
pub fn requested(line: &str) -> bool {
    let Ok(words) = args::split(line) else { return false };
    match args::parse(&words) {
        Ok(cmd) => cmd.verb == "get" && (cmd.switch("watch") || cmd.switch("watch-only")),
        Err(_) => false,
    }
}

impl Watch {
    /// Starts `line` (a `kubectl get … -w`): the listing it prints now, and the
    /// watch, or only the refusal (kubectl's error text) when it cannot watch.
    pub fn start(sim: &Sim, line: &str) -> (Output, Option<Watch>) {
        let words = match args::split(line) {
            Ok(w) => w,
            Err(e) => return (Output::fail(errors::arg_error(&e)), None),
        };
        let cmd = match args::parse(&words) {
            Ok(c) => c,
            Err(ArgError::Empty) => return (Output::fail(errors::error("a watch needs \"get\": kubectl get pods -w")), None),
            Err(e) => return (Output::fail(errors::arg_error(&e)), None),
        };
        if cmd.verb != "get" {
            return (Output::fail(errors::error(format!("unknown watch for \"{}\": only \"kubectl get\" can watch", cmd.verb))), None);
        }
        let scope = Scope::of(&cmd);
        match Watch::new(sim, &cmd, scope) {
            Ok(w) => w,
            Err(e) => (Output::fail(e), None),
        }
    }

    fn new(sim: &Sim, cmd: &Command, scope: Scope) -> Result<(Output, Option<Watch>), String> {
        let t = match targets::parse(&cmd.args, true) {
            Ok(t) => t,
            // The listing words the missing resource as kubectl does.
            Err(e) if e.is_empty() => return Ok((get::listing(sim, cmd, &scope), None)),
            Err(e) => return Err(e),
        };
        if t.groups.len() != 1 {
            return Err(errors::error(format!(
                "watch is only supported on individual resources and resource collections, but {} resources were found",
                t.groups.len()
            )));
        }
        let format = Format::parse(cmd.value("output"))?;
        let selector = Selector::parse(cmd.value("selector").unwrap_or("")).map_err(errors::error)?;
        let watch_only = cmd.switch("watch-only");
        let mut initial = if watch_only { Output::ok(String::new()) } else { get::listing(sim, cmd, &scope) };
        if !initial.success {
            return Ok((initial, None));
        }
        // An empty listing prints nothing under a watch: rows come as objects appear.
        if initial.stderr.starts_with("No resources found") {
            initial.stderr.clear();
        }
        let wide = matches!(format, Format::Table { wide: true });
        let opts = get::table_opts(sim.now(), wide, cmd, &scope, t.several_kinds);
        let (resource, names) = t.groups[0].clone();
        let mut w = Watch {
            resource,
            names,
            scope,
            selector,
            format,
            header_due: watch_only && !opts.no_headers,
            opts,
            last: BoxedMap::new(),
        };
        w.sweep(sim, false);
        let printed = !initial.stdout.is_empty();
        w.header_due = w.header_due || (!printed && !w.opts.no_headers && matches!(w.format, Format::Table { .. }));
        Ok((initial, Some(w)))
    }

    /// What kind it watches.
    pub fn resource(&self) -> Resource {
        self.resource
    }

    fn listed<'a>(&self, sim: &'a Sim) -> Vec<Obj<'a>> {
        if self.names.is_empty() {
            objects::list(sim, self.resource, self.scope.list_namespace(), &self.selector)
        } else {
            self.names.iter().filter_map(|n| objects::find(sim, self.resource, &self.scope.namespace, n)).collect()
        }
    }

    /// One object as the watch prints it: a table row padded on its own, or the `-o` format.
    fn row(&self, obj: &Obj, header: bool) -> String {
        match &self.format {
            Format::Table { .. } => {
                let mut opts = self.opts.clone();
                opts.no_headers = !header;
                get::render_table(self.resource, std::slice::from_ref(obj), &opts)
            }
            other => output::print(other, std::slice::from_ref(obj), true, self.opts.no_headers),
        }
    }

    /// The rows printed since the last poll: each listed object that appeared or
    /// changed, and each that is gone (with its last row).
    pub fn poll(&mut self, sim: &Sim) -> String {
        self.sweep(sim, true)
    }

    fn sweep(&mut self, sim: &Sim, print: bool) -> String {
        self.opts.now = sim.now();
        let table = matches!(self.format, Format::Table { .. });
        let mut out = String::new();
        let mut next = BoxedMap::new();
        let mut gone: Vec<Key> = Vec::new();
        let listed = self.listed(sim);
        let keys: Vec<Key> = listed.iter().map(|o| Key::new(o.namespace(), o.name())).collect();
        for k in self.last.keys() {
            if !keys.contains(k) {
                gone.push(k.clone());
            }
        }
        gone.reverse();
        for (key, obj) in keys.into_iter().zip(listed) {
            while gone.last().is_some_and(|g| *g < key) {
                if let Some((_, row)) = gone.pop().and_then(|g| self.last.get(&g)) {
                    out.push_str(row);
                }
            }
            let json = obj.to_json();
            let old = self.last.get(&key);
            let changed = old.is_none_or(|(j, _)| *j != json);
            // Table rows are kept fresh (AGE moves) for the last row of a deleted object.
            let row = match old {
                Some((_, r)) if !changed && !table => r.clone(),
                _ => self.row(&obj, false),
            };
            if changed && print {
                if self.header_due {
                    out.push_str(&self.row(&obj, true));
                    self.header_due = false;
                } else {
                    out.push_str(&row);
                }
            }
            next.insert(key, (json, row));
        }
        while let Some(g) = gone.pop() {
            if let Some((_, row)) = self.last.get(&g) {
                out.push_str(row);
            }
        }
        self.last = next;
        if print { out } else { String::new() }
    }
}
