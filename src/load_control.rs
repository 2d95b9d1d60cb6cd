//! Load on the Deployments an HPA scales: one button each pushes (every pod uses as
//! much cpu as its first container requests, 100% against the HPA's target) or lifts
//! it (no cpu used). `Action::SetLoad`, as a scenario's `load` step.

use crate::app::{App, Msg};
use crate::i18n::{tr, Lang, Text};
use podium_engine::kube::selector::Selector;
use podium_engine::kube::Key;
use podium_engine::{Action, Quantity, Sim};
use yew::html::Scope;
use yew::prelude::*;

/// Deployments in `namespace` that an HPA targets.
fn targets(sim: &Sim, namespace: &str) -> Vec<String> {
    let kube = sim.kube();
    let mut v: Vec<String> = kube
        .store
        .hpas
        .values()
        .filter(|h| h.metadata.ns() == namespace && h.spec.scale_target_ref.kind == "Deployment")
        .map(|h| h.spec.scale_target_ref.name.clone())
        .filter(|d| kube.store.deployments.contains_key(&Key::new(namespace, d)))
        .collect();
    v.dedup();
    v
}

/// The Deployment's pods, as a `-l` selector.
fn selector(sim: &Sim, namespace: &str, deployment: &str) -> Option<Selector> {
    let d = sim.kube().store.deployments.get(&Key::new(namespace, deployment))?;
    let text: Vec<String> = d.spec.selector.match_labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    Selector::parse(&text.join(",")).ok()
}

/// Whether load is pushed on the Deployment now.
pub fn is_on(sim: &Sim, namespace: &str, deployment: &str) -> bool {
    let Some(sel) = selector(sim, namespace, deployment) else { return false };
    sim.kube()
        .health
        .load
        .iter()
        .any(|r| r.namespace == namespace && r.selector == sel && r.cpu.as_ref().is_some_and(|q| q.to_string() != "0"))
}

/// The action that toggles the load; None when the Deployment is gone.
pub fn toggle(sim: &Sim, namespace: &str, deployment: &str) -> Option<Action> {
    let sel = selector(sim, namespace, deployment)?;
    let cpu = if is_on(sim, namespace, deployment) {
        Quantity::parse("0").ok()?
    } else {
        let d = sim.kube().store.deployments.get(&Key::new(namespace, deployment))?;
        let c = d.spec.template.spec.containers.first()?;
        c.resources.requests.get("cpu").cloned().or_else(|| Quantity::parse("500m").ok())?
    };
    Some(Action::SetLoad { namespace: namespace.into(), selector: sel, cpu: Some(cpu), memory: None })
}

pub fn view(link: &Scope<App>, sim: &Sim, lang: Lang, namespace: &str) -> Html {
    let names = targets(sim, namespace);
    if names.is_empty() {
        return html! {};
    }
    let t = |x: Text| tr(lang, x);
    html! {
        <section class="load" aria-labelledby="load-title">
            <h2 class="section-title" id="load-title">{ t(Text::LoadTitle) }</h2>
            <p class="hint">{ t(Text::LoadHint) }</p>
            { for names.iter().map(|d| {
                let on = is_on(sim, namespace, d);
                let name = d.clone();
                let onclick = link.callback(move |_: MouseEvent| Msg::ToggleLoad(name.clone()));
                html! {
                    <button type="button" data-action="load" data-target={d.clone()} aria-pressed={on.to_string()} {onclick}>
                        { t(if on { Text::LiftLoad(d) } else { Text::PushLoad(d) }) }
                    </button>
                }
            }) }
        </section>
    }
}
