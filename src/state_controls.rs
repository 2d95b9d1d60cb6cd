//! The board's state controls: the built-in cluster picker, Reset, Export and Import,
//! and the line that says what became of the last of them (an import's refusal with
//! the engine's reason and place).

use crate::app::{App, Msg};
use crate::clusters::Builtin;
use crate::i18n::{tr, Lang, Text};
use crate::memo;
use crate::persist::EXPORT_FILE;
use wasm_bindgen::JsCast;
use yew::html::Scope;
use yew::prelude::*;

/// What the last state action said; an error is announced assertively.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

/// What the state controls show (`crate::memo`: drawn again only when it changes).
#[derive(Clone, PartialEq)]
pub struct StateVm {
    lang: Lang,
    cluster: Builtin,
    export_url: Option<String>,
    notice: Option<Notice>,
}

pub fn view(link: &Scope<App>, lang: Lang, cluster: Builtin, export_url: Option<&str>, notice: Option<&Notice>) -> Html {
    let vm = StateVm { lang, cluster, export_url: export_url.map(str::to_string), notice: notice.cloned() };
    memo::panel("state", link, vm, draw)
}

fn draw(vm: &StateVm, link: &Scope<App>) -> Html {
    let (lang, cluster, export_url, notice) = (vm.lang, vm.cluster, vm.export_url.as_deref(), vm.notice.as_ref());
    let t = |x: Text| tr(lang, x);
    let pick = link.batch_callback(|e: Event| {
        let select = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())?;
        Builtin::from_name(&select.value()).map(Msg::PickCluster)
    });
    let reset = link.callback(|_: MouseEvent| Msg::Reset);
    let export = link.callback(|_: MouseEvent| Msg::Export);
    let import = link.batch_callback(|e: Event| e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).map(Msg::ImportChosen));
    html! {
        <div class="state-controls" role="group" aria-label={t(Text::StateGroup)}>
            <label class="cluster-pick">
                <span>{ t(Text::Cluster) }</span>
                <select data-action="cluster" onchange={pick}>
                    { for Builtin::ALL.iter().map(|&b| html! {
                        <option value={b.name()} selected={b == cluster}>{ t(Text::ClusterName(b)) }</option>
                    }) }
                </select>
            </label>
            <button type="button" data-action="reset" title={t(Text::ResetLabel)} aria-label={t(Text::ResetLabel)} onclick={reset}>
                { t(Text::Reset) }
            </button>
            <button type="button" data-action="export" title={t(Text::ExportLabel)} aria-label={t(Text::ExportLabel)} onclick={export}>
                { t(Text::Export) }
            </button>
            <label class="import" title={t(Text::ImportLabel)}>
                <span>{ t(Text::Import) }</span>
                <input type="file" data-action="import" accept=".json,application/json" aria-label={t(Text::ImportLabel)} onchange={import} />
            </label>
            if let Some(n) = notice {
                <p class={classes!("state-message", n.error.then_some("is-error"))} data-kind="state-message"
                    data-error={n.error.to_string()} role={if n.error { "alert" } else { "status" }}>
                    { n.text.clone() }
                    if let (false, Some(url)) = (n.error, export_url) {
                        { " " }<a data-kind="export-file" href={url.to_string()} download={EXPORT_FILE}>{ t(Text::ExportAgain) }</a>
                    }
                </p>
            }
        </div>
    }
}
