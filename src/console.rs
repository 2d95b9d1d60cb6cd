//! The kubectl console: a prompt, a log of what kubectl printed (standard output
//! and standard error apart, byte for byte what `podium run` prints), history on
//! ↑/↓, Tab completion from `podium_kubectl::completions`, `clear`, and one
//! `get -w` watch that prints a row per change as the clock moves (the board's
//! live view of issue 3). Commands run through `podium_kubectl::run`, which acts
//! on the app's `Sim` with `Sim::act`, as the runner does.

use crate::app::{App, Msg};
use crate::i18n::{tr, Lang, Text};
use crate::memo::{self, Kept, Shared};
use podium_engine::Sim;
use podium_kubectl::help::UNAVAILABLE_VERBS;
use podium_kubectl::{completions, watch, Watch, VERBS};
use yew::html::Scope;
use yew::prelude::*;

/// How many log entries are kept (older ones scroll away).
pub const KEPT: usize = 400;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stream {
    /// The command as typed, after the prompt.
    Command,
    Stdout,
    Stderr,
    /// The console's own words (translated): hints, completion choices.
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub stream: Stream,
    pub text: String,
    /// Its place in everything the console ever printed: the entry's key in the view, so a new
    /// line (a watch prints one every second) adds one element instead of re-writing them all.
    pub seq: u64,
}

pub enum ConsoleMsg {
    Input(String),
    Submit,
    Complete,
    History(i32),
    StopWatch,
}

#[derive(Default)]
pub struct Console {
    pub input: String,
    pub log: Vec<Entry>,
    history: Vec<String>,
    /// Where ↑/↓ are in the history (None: at the line being typed).
    recall: Option<usize>,
    /// What was being typed before ↑.
    draft: String,
    watch: Option<(String, Watch)>,
    /// Lines printed so far (`Entry::seq`).
    printed: u64,
    /// The last render's view model, kept while the console is unchanged (`view`).
    shown: Kept<ConsoleVm>,
}

/// What the console shows (`crate::memo`): kept between renders and compared by pointer, as the
/// log may hold 400 long entries (a watch prints a table a second).
#[derive(PartialEq)]
pub struct ConsoleVm {
    lang: Lang,
    log: Vec<Entry>,
    input: String,
    watching: Option<String>,
}

impl Console {
    /// The command a running watch came from.
    pub fn watching(&self) -> Option<&str> {
        self.watch.as_ref().map(|(l, _)| l.as_str())
    }

    fn push(&mut self, stream: Stream, text: impl Into<String>) {
        let text = text.into();
        if text.is_empty() {
            return;
        }
        self.printed += 1;
        self.log.push(Entry { stream, text, seq: self.printed });
        if self.log.len() > KEPT {
            let extra = self.log.len() - KEPT;
            self.log.drain(..extra);
        }
    }

    /// Handles a message; true when the view changes.
    pub fn update(&mut self, sim: &mut Sim, lang: Lang, msg: ConsoleMsg) -> bool {
        match msg {
            ConsoleMsg::Input(v) => {
                self.input = v;
                self.recall = None;
                false
            }
            ConsoleMsg::Submit => {
                let line = std::mem::take(&mut self.input);
                self.recall = None;
                self.run(sim, lang, line.trim());
                true
            }
            ConsoleMsg::Complete => self.complete(sim, lang),
            ConsoleMsg::History(step) => self.recall(step),
            ConsoleMsg::StopWatch => self.stop_watch(lang),
        }
    }

    fn run(&mut self, sim: &mut Sim, lang: Lang, line: &str) {
        if line.is_empty() {
            return;
        }
        if self.history.last().map(String::as_str) != Some(line) {
            self.history.push(line.to_string());
        }
        if line == "clear" {
            self.log.clear();
            return;
        }
        let shown = if line.split_whitespace().next() == Some("kubectl") { line.to_string() } else { format!("kubectl {line}") };
        self.push(Stream::Command, shown.clone());
        let first = line.split_whitespace().next().unwrap_or("");
        if first != "kubectl" && !first.starts_with('-') && !VERBS.contains(&first) && !UNAVAILABLE_VERBS.contains(&first) {
            self.push(Stream::Note, tr(lang, Text::ConsoleNotKubectl(first)));
            return;
        }
        if watch::requested(line) {
            self.stop_watch(lang);
            let (out, w) = Watch::start(sim, line);
            self.push(Stream::Stdout, out.stdout);
            self.push(Stream::Stderr, out.stderr);
            if let Some(w) = w {
                self.push(Stream::Note, tr(lang, Text::ConsoleWatchHint));
                self.watch = Some((shown, w));
            }
            return;
        }
        let out = podium_kubectl::run(sim, line);
        self.push(Stream::Stdout, out.stdout);
        self.push(Stream::Stderr, out.stderr);
        // No files here: manifests go through the YAML editor.
        if !out.success && line.split_whitespace().any(|w| w == "-f" || w.starts_with("--filename") || w.starts_with("-f=")) {
            self.push(Stream::Note, tr(lang, Text::ConsoleUseEditor));
        }
        self.poll(sim);
    }

    /// New rows of the running watch; true when something was printed.
    pub fn poll(&mut self, sim: &Sim) -> bool {
        let Some((_, w)) = self.watch.as_mut() else { return false };
        let rows = w.poll(sim);
        let printed = !rows.is_empty();
        self.push(Stream::Stdout, rows);
        printed
    }

    fn stop_watch(&mut self, lang: Lang) -> bool {
        if self.watch.take().is_none() {
            return false;
        }
        // What a terminal echoes for Ctrl-C.
        self.push(Stream::Note, format!("^C {}", tr(lang, Text::ConsoleWatchStopped)));
        true
    }

    fn recall(&mut self, step: i32) -> bool {
        if self.history.is_empty() {
            return false;
        }
        let last = self.history.len() - 1;
        let next = match (self.recall, step < 0) {
            (None, true) => {
                self.draft = self.input.clone();
                Some(last)
            }
            (None, false) => return false,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i < last => Some(i + 1),
            (Some(_), false) => None,
        };
        self.recall = next;
        self.input = match next {
            Some(i) => self.history[i].clone(),
            None => std::mem::take(&mut self.draft),
        };
        true
    }

    /// Tab: one candidate completes the word; several extend it to what they
    /// share, and are listed when they share nothing more.
    fn complete(&mut self, sim: &Sim, lang: Lang) -> bool {
        let cands = completions(sim, &self.input);
        let partial_start = self.input.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let partial = &self.input[partial_start..];
        match cands.as_slice() {
            [] => {
                self.push(Stream::Note, tr(lang, Text::ConsoleNoCompletion));
                true
            }
            [one] => {
                self.input = format!("{}{one} ", &self.input[..partial_start]);
                true
            }
            many => {
                let common = common_prefix(many);
                if common.len() > partial.len() {
                    self.input = format!("{}{common}", &self.input[..partial_start]);
                } else {
                    self.push(Stream::Note, format!("{} {}", tr(lang, Text::ConsoleChoices), many.join("  ")));
                }
                true
            }
        }
    }
}

fn common_prefix(words: &[String]) -> String {
    let mut prefix = words[0].clone();
    for w in &words[1..] {
        let n = prefix.chars().zip(w.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
        prefix.truncate(n);
    }
    prefix
}

impl Console {
    /// What the console shows now, built afresh.
    fn view_model(&self, lang: Lang) -> ConsoleVm {
        ConsoleVm { lang, log: self.log.clone(), input: self.input.clone(), watching: self.watching().map(str::to_string) }
    }

    /// `view_model`, the last render's while it is equal (compared without copying the log).
    fn shown(&self, lang: Lang) -> Shared<ConsoleVm> {
        self.shown.get(
            |vm| vm.lang == lang && vm.input == self.input && vm.watching.as_deref() == self.watching() && vm.log == self.log,
            || self.view_model(lang),
        )
    }
}

pub fn view(link: &Scope<App>, console: &Console, lang: Lang) -> Html {
    memo::panel("console", link, console.shown(lang), draw)
}

fn draw(vm: &Shared<ConsoleVm>, link: &Scope<App>) -> Html {
    let (console, lang) = (&**vm, vm.lang);
    let t = |x: Text| tr(lang, x);
    let oninput = link.callback(|e: InputEvent| {
        let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        Msg::Console(ConsoleMsg::Input(v))
    });
    let onkeydown = link.batch_callback(|e: KeyboardEvent| {
        // Typing here is not steering a carried pod (the board's root listens for arrows and Escape).
        e.stop_propagation();
        let msg = match e.key().as_str() {
            "Enter" => ConsoleMsg::Submit,
            "Tab" if !e.shift_key() => ConsoleMsg::Complete,
            "ArrowUp" => ConsoleMsg::History(-1),
            "ArrowDown" => ConsoleMsg::History(1),
            "Escape" => ConsoleMsg::StopWatch,
            "c" | "C" if e.ctrl_key() => ConsoleMsg::StopWatch,
            _ => return None,
        };
        e.prevent_default();
        Some(Msg::Console(msg))
    });
    let stop = link.callback(|_: MouseEvent| Msg::Console(ConsoleMsg::StopWatch));
    let entries = console.log.iter().map(|e| {
        let (class, stream) = match e.stream {
            Stream::Command => ("cmd", "command"),
            Stream::Stdout => ("stdout", "stdout"),
            Stream::Stderr => ("stderr", "stderr"),
            Stream::Note => ("note", "note"),
        };
        let lang_attr = if e.stream == Stream::Note { lang.code() } else { "en" };
        html! {
            <pre key={e.seq} class={classes!("console-entry", class)} data-kind="console-entry" data-stream={stream} lang={lang_attr}>
                if e.stream == Stream::Command { <span class="prompt" aria-hidden="true">{ "$ " }</span> }
                { e.text.clone() }
            </pre>
        }
    });
    html! {
        <section class="console" data-kind="console" aria-labelledby="console-title">
            <h2 class="section-title" id="console-title">{ t(Text::ConsoleTitle) }</h2>
            <p class="console-hint" id="console-hint">{ t(Text::ConsoleHint) }</p>
            <div class="console-log" data-kind="console-output" role="log" aria-live="polite" aria-label={t(Text::ConsoleOutputLabel)} tabindex="0">
                <div class="console-log-inner">
                    if console.log.is_empty() { <p class="empty">{ t(Text::ConsoleEmpty) }</p> }
                    <>{ for entries }</>
                </div>
            </div>
            if let Some(cmd) = console.watching.as_deref() {
                <p class="console-watch" data-kind="console-watch">
                    <span class="watch-dot" aria-hidden="true"></span>
                    { t(Text::ConsoleWatching(cmd)) }
                    <button type="button" data-action="stop-watch" onclick={stop}>{ t(Text::ConsoleStop) }</button>
                </p>
            }
            <div class="console-prompt">
                <label for="console-input" class="prompt-label"><span aria-hidden="true">{ "$ kubectl" }</span>
                    <span class="sr-only">{ t(Text::ConsoleInputLabel) }</span></label>
                <input id="console-input" type="text" data-kind="console-input" value={console.input.clone()}
                    autocomplete="off" autocapitalize="off" spellcheck="false" lang="en"
                    aria-describedby="console-hint" {oninput} {onkeydown} />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let mut sim = crate::starter::sim();
        let mut c = Console::default();
        for l in ["get pods", "get nodes"] {
            c.input = l.into();
            c.update(&mut sim, Lang::En, ConsoleMsg::Submit);
        }
        c.input = "desc".into();
        c.update(&mut sim, Lang::En, ConsoleMsg::History(-1));
        assert_eq!(c.input, "get nodes");
        c.update(&mut sim, Lang::En, ConsoleMsg::History(-1));
        c.update(&mut sim, Lang::En, ConsoleMsg::History(-1));
        assert_eq!(c.input, "get pods");
        c.update(&mut sim, Lang::En, ConsoleMsg::History(1));
        c.update(&mut sim, Lang::En, ConsoleMsg::History(1));
        assert_eq!(c.input, "desc");
    }

    #[test]
    fn tab_completes_one_candidate_and_lists_several() {
        let mut sim = crate::starter::sim();
        let mut c = Console { input: "kubectl sca".into(), ..Console::default() };
        c.update(&mut sim, Lang::En, ConsoleMsg::Complete);
        assert_eq!(c.input, "kubectl scale ");
        c.input = "get deployments ".into();
        c.update(&mut sim, Lang::En, ConsoleMsg::Complete);
        assert_eq!(c.log.last().map(|e| e.text.as_str()), Some("Choices: batch  report  web"));
        assert_eq!(common_prefix(&["rollout".into(), "run".into()]), "r");
    }

    /// The view model kept between renders is the one built afresh, through random typing,
    /// completion, history, commands, watches, the clock and the language; and it is kept (the
    /// same `Rc`) when nothing changed, new when something did.
    #[test]
    fn the_kept_view_model_is_the_fresh_one_through_random_use() {
        let mut sim = crate::starter::sim();
        let mut c = Console::default();
        let mut lang = Lang::En;
        let mut seed = 7u64;
        let mut below = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let lines = ["get pods", "get pods -w", "get deploy", "scale deployment web --replicas=2", "sca", "get deployments ", "desc", "clear", "nonsense"];
        let (mut kept, mut renewed) = (0, 0);
        let mut last = c.shown(lang);
        for _ in 0..600 {
            match below(9) {
                0 => c.update(&mut sim, lang, ConsoleMsg::Input(lines[below(lines.len() as u64) as usize].to_string())),
                1 => c.update(&mut sim, lang, ConsoleMsg::Submit),
                2 => c.update(&mut sim, lang, ConsoleMsg::Complete),
                3 => c.update(&mut sim, lang, ConsoleMsg::History(if below(2) == 0 { -1 } else { 1 })),
                4 => c.update(&mut sim, lang, ConsoleMsg::StopWatch),
                5 => {
                    sim.tick();
                    c.poll(&sim)
                }
                6 => {
                    lang = if lang == Lang::En { Lang::Ko } else { Lang::En };
                    true
                }
                _ => false,
            };
            let now = c.shown(lang);
            assert!(*now == c.view_model(lang), "the kept view model is the fresh one");
            if now == last {
                kept += 1;
            } else {
                assert!(*now != *last, "a new view model only when something changed");
                renewed += 1;
            }
            last = now;
        }
        assert!(kept > 50 && renewed > 50, "kept {kept}, renewed {renewed}");
    }
}
