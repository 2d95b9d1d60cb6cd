//! Load, one control in two places: requests per second sent to a Service (`Action::SetTraffic`),
//! spread over its ready pods, each request costing cpu in the pod that serves it
//! (`kube::traffic`). The inspector shows it for a selected Service; the load panel shows it for
//! the Services in front of Deployments an HPA scales, so the autoscaling story (more requests →
//! more pods → more nodes) needs no selection. Per-pod load ("every pod busy") used to be a second
//! control here; traffic replaces it because its cpu is shared by the pods, so an HPA settles at
//! the replica count the requests need instead of always running to its maximum.

use crate::app::{App, Msg};
use crate::i18n::{tr, Lang, Text};
use crate::memo;
use podium_engine::kube::traffic::service_stats;
use podium_engine::kube::Key;
use podium_engine::{Action, Sim};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::html::Scope;
use yew::prelude::*;

/// The slider's range, in requests per second.
pub const MAX_RPS: i64 = 2000;
pub const RPS_STEP: i64 = 50;

/// Deployments in `namespace` that an HPA targets, each with the Services whose selector
/// picks its pods (by the pod template's labels).
fn targets(sim: &Sim, namespace: &str) -> Vec<(String, Vec<String>)> {
    let kube = sim.kube();
    let mut names: Vec<String> = kube
        .store
        .hpas
        .values()
        .filter(|h| h.metadata.ns() == namespace && h.spec.scale_target_ref.kind == "Deployment")
        .map(|h| h.spec.scale_target_ref.name.clone())
        .collect();
    names.dedup();
    names
        .into_iter()
        .filter_map(|d| {
            let dep = kube.store.deployments.get(&Key::new(namespace, &d))?;
            let labels = &dep.spec.template.metadata.labels;
            let services = kube
                .store
                .services
                .values()
                .filter(|s| s.metadata.ns() == namespace && !s.spec.selector.is_empty())
                .filter(|s| s.spec.selector.iter().all(|(k, v)| labels.get(k) == Some(v)))
                .map(|s| s.metadata.name.clone())
                .collect();
            Some((d, services))
        })
        .collect()
}

/// The requests-per-second slider of one Service; `place` keeps ids apart when the same
/// Service's slider is shown in the panel and in the inspector.
pub fn slider(link: &Scope<App>, sim: &Sim, lang: Lang, namespace: &str, service: &str, place: &str) -> Html {
    let rps = service_stats(sim.kube(), namespace, service).map_or(0, |s| s.rps);
    slider_at(link, lang, namespace, service, place, rps)
}

/// `slider` at a rate already read.
fn slider_at(link: &Scope<App>, lang: Lang, namespace: &str, service: &str, place: &str, rps: i64) -> Html {
    let t = |x: Text| tr(lang, x);
    let oninput = {
        let (ns, name) = (namespace.to_string(), service.to_string());
        link.batch_callback(move |e: InputEvent| {
            let value = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok())?.value();
            let rps: i64 = value.parse().ok()?;
            let action = Action::SetTraffic { namespace: ns.clone(), service: name.clone(), rps, cpu_per_rps: None };
            Some(Msg::Act { actions: vec![action], done: tr(lang, Text::DoneTraffic(&name, rps)), applied: Vec::new() })
        })
    };
    let id = format!("{place}-traffic-{service}");
    html! {
        <div class="load">
            <label for={id.clone()}>{ t(Text::LoadSlider(service)) }</label>
            <input type="range" id={id.clone()} data-action="traffic" data-target={service.to_string()}
                min="0" max={MAX_RPS.to_string()} step={RPS_STEP.to_string()}
                value={rps.to_string()} aria-valuetext={t(Text::Rps(rps))} {oninput} />
            <output for={id} data-kind="rps" data-rps={rps.to_string()}>{ t(Text::Rps(rps)) }</output>
        </div>
    }
}

/// What the load panel shows (`crate::memo`: drawn again only when it changes): each target
/// Deployment with its Services and the rate sent to each.
#[derive(Clone, PartialEq)]
pub struct LoadVm {
    lang: Lang,
    namespace: String,
    targets: Vec<(String, Vec<(String, i64)>)>,
}

/// The load panel: a slider for each Service in front of an HPA-scaled Deployment.
pub fn view(link: &Scope<App>, sim: &Sim, lang: Lang, namespace: &str) -> Html {
    let rate = |s: &str| service_stats(sim.kube(), namespace, s).map_or(0, |st| st.rps);
    let targets = targets(sim, namespace)
        .into_iter()
        .map(|(d, services)| {
            let rated = services.into_iter().map(|s| {
                let rps = rate(&s);
                (s, rps)
            });
            (d, rated.collect())
        })
        .collect();
    memo::panel("load", link, LoadVm { lang, namespace: namespace.to_string(), targets }, draw)
}

fn draw(vm: &LoadVm, link: &Scope<App>) -> Html {
    let (targets, lang, namespace) = (&vm.targets, vm.lang, vm.namespace.as_str());
    if targets.is_empty() {
        return html! {};
    }
    let t = |x: Text| tr(lang, x);
    html! {
        <section class="load" data-kind="load-panel" aria-labelledby="load-title">
            <h2 class="section-title" id="load-title">{ t(Text::LoadTitle) }</h2>
            <p class="hint">{ t(Text::LoadHint) }</p>
            { for targets.iter().map(|(d, services)| if services.is_empty() {
                html! { <p class="hint" data-kind="no-service" data-target={d.clone()}>{ t(Text::NoServiceFor(d)) }</p> }
            } else {
                services.iter().map(|(s, rps)| slider_at(link, lang, namespace, s, "panel", *rps)).collect::<Html>()
            }) }
        </section>
    }
}
