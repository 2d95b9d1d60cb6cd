//! One line per Deployment (ready over desired, in its owner colour) and per
//! Service (how many endpoints are ready): the numbers the controllers chase.

use crate::board::BoardCtx;
use crate::i18n::{tr, Text};
use crate::inspector::select_button;
use crate::owners::{colour_class, Owner};
use crate::selection::Selected;
use podium_engine::kube::Key;
use podium_engine::Resource;
use yew::prelude::*;

pub fn view(cx: &BoardCtx) -> Html {
    let (kube, lang, pal) = (cx.sim.kube(), cx.lang, &cx.palette);
    let deployments = kube.store.deployments.values().map(|d| {
        let owner = Owner { kind: "Deployment".into(), name: d.metadata.name.clone() };
        html! {
            <li class={classes!("workload", colour_class(pal, Some(&owner)))} data-kind="deployment" data-name={d.metadata.name.clone()}
                data-ready={d.status.ready_replicas.to_string()} data-desired={d.spec.replicas.to_string()}>
                <span class="swatch" aria-hidden="true"></span>
                <span class="wl-name">{ format!("deployment/{}", d.metadata.name) }</span>
                <span class="wl-num">{ tr(lang, Text::ReadyOf(d.status.ready_replicas, d.spec.replicas)) }</span>
                { select_button(cx, Selected::new(Resource::Deployment, d.metadata.ns(), &d.metadata.name)) }
            </li>
        }
    });
    let services = kube.store.services.values().filter(|s| s.metadata.ns() != "default" || s.metadata.name != "kubernetes").map(|s| {
        let n = kube.store.endpoints.get(&Key::of(&s.metadata)).map_or(0, |e| e.ready_addresses().len());
        html! {
            <li class="workload service" data-kind="service" data-name={s.metadata.name.clone()} data-endpoints={n.to_string()}>
                <span class="wl-name">{ tr(lang, Text::Endpoints(&s.metadata.name, n)) }</span>
                { select_button(cx, Selected::new(Resource::Service, s.metadata.ns(), &s.metadata.name)) }
            </li>
        }
    });
    html! {
        <section class="workloads" aria-labelledby="workloads-title">
            <h2 class="section-title" id="workloads-title">{ tr(lang, Text::Workloads) }</h2>
            <ul class="workload-list">{ for deployments }{ for services }</ul>
        </section>
    }
}
