//! The YAML editor: one or more manifests applied all-or-nothing through
//! `podium_kubectl::apply` (the path of `kubectl apply -f` and of a scenario's
//! `apply:` step: decode every document, then one `Action::Apply`). On success
//! it shows kubectl's lines (`deployment.apps/hello created`, `configured`,
//! `unchanged`) and any unknown-field warnings; on an error, kubectl's message,
//! and the line (and column) it names marked in the editor. A refusal changes
//! nothing: the engine puts its copy back.

use crate::app::{App, Msg};
use crate::i18n::{tr, Lang, Text};
use crate::memo;
use podium_engine::Sim;
use wasm_bindgen::JsCast;
use yew::html::Scope;
use yew::prelude::*;

/// Examples to load: (label, manifest).
pub const EXAMPLES: [(&str, &str); 3] = [
    ("Deployment", include_str!("examples/deployment.yaml")),
    ("Deployment + Service", include_str!("examples/web-service.yaml")),
    ("Job", include_str!("examples/job.yaml")),
];

pub enum YamlMsg {
    Input(String),
    Apply,
    Load(usize),
}

/// What the last apply printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub stdout: String,
    pub stderr: String,
    pub success: bool,
    /// The place the error names: (line, column; 0 when it names only a line).
    pub at: Option<(usize, usize)>,
}

pub struct YamlEditor {
    pub text: String,
    pub applied: Option<Applied>,
}

impl Default for YamlEditor {
    fn default() -> Self {
        YamlEditor { text: EXAMPLES[0].1.to_string(), applied: None }
    }
}

impl YamlEditor {
    pub fn update(&mut self, sim: &mut Sim, msg: YamlMsg) -> bool {
        match msg {
            YamlMsg::Input(t) => {
                let had_error = self.applied.as_ref().is_some_and(|a| a.at.is_some());
                self.text = t;
                // The gutter follows the number of lines; an old error mark goes.
                if had_error {
                    self.applied = None;
                }
                true
            }
            YamlMsg::Load(i) => {
                if let Some((_, text)) = EXAMPLES.get(i) {
                    self.text = text.to_string();
                    self.applied = None;
                }
                true
            }
            YamlMsg::Apply => {
                let out = podium_kubectl::apply(sim, &self.text, None);
                let at = if out.success { None } else { place(&out.stderr) };
                self.applied = Some(Applied { stdout: out.stdout, stderr: out.stderr, success: out.success, at });
                true
            }
        }
    }
}

/// The first `line N` (with `, column M` when given) in kubectl's error text.
pub fn place(stderr: &str) -> Option<(usize, usize)> {
    let mut rest = stderr;
    while let Some(i) = rest.find("line ") {
        rest = &rest[i + 5..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Ok(line) = digits.parse::<usize>() else { continue };
        let after = &rest[digits.len()..];
        let column = after
            .strip_prefix(", column ")
            .map(|c| c.chars().take_while(char::is_ascii_digit).collect::<String>())
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        return Some((line, column));
    }
    None
}

/// What the editor shows (`crate::memo`: drawn again only when it changes).
#[derive(Clone, PartialEq)]
pub struct YamlVm {
    lang: Lang,
    text: String,
    applied: Option<Applied>,
}

pub fn view(link: &Scope<App>, editor: &YamlEditor, lang: Lang) -> Html {
    memo::panel("yaml", link, YamlVm { lang, text: editor.text.clone(), applied: editor.applied.clone() }, draw)
}

fn draw(editor: &YamlVm, link: &Scope<App>) -> Html {
    let lang = editor.lang;
    let t = |x: Text| tr(lang, x);
    let oninput = link.callback(|e: InputEvent| {
        Msg::Yaml(YamlMsg::Input(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value()))
    });
    let onkeydown = link.batch_callback(|e: KeyboardEvent| {
        // Arrows move the caret here, not a carried pod (the board's root listens for them).
        e.stop_propagation();
        if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
            e.prevent_default();
            Some(Msg::Yaml(YamlMsg::Apply))
        } else {
            None
        }
    });
    let apply = link.callback(|_: MouseEvent| Msg::Yaml(YamlMsg::Apply));
    let lines = editor.text.split('\n').count().max(1);
    let error_line = editor.applied.as_ref().and_then(|a| a.at).map(|(l, _)| l);
    let gutter = (1..=lines).map(|n| {
        let is_error = Some(n) == error_line;
        html! { <span class={classes!("gutter-line", is_error.then_some("is-error"))} data-line={n.to_string()}>{ n }{ "\n" }</span> }
    });
    let result = editor.applied.as_ref().map(|a| {
        let status = match (a.success, a.at) {
            (true, _) => t(Text::YamlApplied),
            (false, Some((l, c))) if c > 0 => t(Text::YamlErrorAt(l, c)),
            (false, Some((l, _))) => t(Text::YamlErrorAtLine(l)),
            (false, None) => t(Text::YamlRefused),
        };
        html! {
            <div class={classes!("yaml-result", if a.success { "is-ok" } else { "is-error" })} data-kind="yaml-result"
                data-success={a.success.to_string()}
                data-line={a.at.map(|(l, _)| l.to_string())} data-column={a.at.map(|(_, c)| c.to_string())}>
                <p class="yaml-status">{ status }</p>
                if !a.stdout.is_empty() { <pre class="stdout" data-stream="stdout" lang="en">{ a.stdout.clone() }</pre> }
                if !a.stderr.is_empty() {
                    <pre class={if a.success { "warning" } else { "stderr" }} data-stream="stderr" lang="en">{ a.stderr.clone() }</pre>
                }
            </div>
        }
    });
    html! {
        <section class="yaml-editor" data-kind="yaml-editor" aria-labelledby="yaml-title">
            <h2 class="section-title" id="yaml-title">{ t(Text::YamlTitle) }</h2>
            <div class="yaml-examples" role="group" aria-label={t(Text::YamlExamples)}>
                <span class="examples-label" aria-hidden="true">{ t(Text::YamlExamples) }</span>
                { for EXAMPLES.iter().enumerate().map(|(i, (name, _))| {
                    let load = link.callback(move |_: MouseEvent| Msg::Yaml(YamlMsg::Load(i)));
                    html! { <button type="button" data-action="yaml-example" data-example={i.to_string()} onclick={load}>{ *name }</button> }
                }) }
            </div>
            <div class="yaml-area">
                <pre class="yaml-gutter" aria-hidden="true">{ for gutter }</pre>
                <textarea id="yaml-input" data-kind="yaml-input" class={classes!(error_line.is_some().then_some("has-error"))}
                    rows={lines.max(10).to_string()} wrap="off" spellcheck="false" autocapitalize="off" lang="en"
                    aria-label={t(Text::YamlLabel)} aria-describedby="yaml-hint"
                    aria-invalid={error_line.is_some().to_string()}
                    value={editor.text.clone()} {oninput} {onkeydown} />
            </div>
            <div class="yaml-actions">
                <button type="button" class="primary" data-action="yaml-apply" onclick={apply}>{ t(Text::YamlApply) }</button>
                <span class="yaml-hint" id="yaml-hint">{ t(Text::YamlHint) }</span>
            </div>
            <div role="status" aria-live="polite">{ for result }</div>
        </section>
    }
}

/// Puts the caret at the error's line and column, so the learner lands on it.
pub fn focus_error(root: &NodeRef, text: &str, (line, column): (usize, usize)) {
    let Some(area) = root
        .cast::<web_sys::Element>()
        .and_then(|r| r.query_selector("[data-kind=\"yaml-input\"]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let offset: usize = text.split('\n').take(line.saturating_sub(1)).map(|l| l.chars().count() + 1).sum::<usize>()
        + column.saturating_sub(1);
    let _ = area.focus();
    let _ = area.set_selection_range(offset as u32, offset as u32);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_is_read_from_kubectls_text() {
        assert_eq!(place("error: error parsing STDIN: line 3, column 7: mapping values are not allowed\n"), Some((3, 7)));
        assert_eq!(place("error: kind not set (document at line 5); if you choose"), Some((5, 0)));
        assert_eq!(place("The Deployment \"x\" is invalid: spec.replicas: Invalid value: -1 (line 6, column 13)\n"), Some((6, 13)));
        assert_eq!(place("Error from server (NotFound): namespaces \"x\" not found\n"), None);
    }

    #[test]
    fn every_example_applies_on_the_starter_cluster() {
        for (name, text) in EXAMPLES {
            let mut sim = crate::starter::sim();
            let out = podium_kubectl::apply(&mut sim, text, None);
            assert!(out.success && out.stderr.is_empty(), "{name}: {}", out.stderr);
        }
    }
}
