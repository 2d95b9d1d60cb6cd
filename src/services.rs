//! Services and their traffic: each Service with lines to its ready endpoints (the
//! pods the endpoints controller lists), the requests per second each one serves,
//! the not-ready pods left out, and the error rate when requests find no endpoint
//! (`traffic::service_stats`: simulation only, the expected value of kube-proxy's choice).

use crate::board::BoardCtx;
use crate::app::App;
use crate::i18n::{tr, Lang, Text};
use crate::memo::{self, memo};
use crate::selection::Selected;
use podium_engine::kube::service::{EndpointAddress, Service};
use podium_engine::kube::{traffic, Key};
use podium_engine::Resource;
use yew::html::Scope;
use yew::prelude::*;

fn pod_name(a: &EndpointAddress) -> Option<String> {
    a.target_ref.as_ref().filter(|r| r.kind == "Pod").map(|r| r.name.clone())
}

/// What a Service's row shows, read once per render, drawn only when it changes (`crate::memo`).
#[derive(Clone, PartialEq)]
pub struct SvcVm {
    name: String,
    namespace: String,
    selector: String,
    /// Ready endpoints with the requests per second each serves.
    ready: Vec<(String, i64)>,
    not_ready: Vec<String>,
    stats: Option<traffic::TrafficStats>,
    /// Pods the selector matches (counted only when there is no endpoint to show).
    matching: usize,
    selected: bool,
    lang: Lang,
}

fn service(cx: &BoardCtx, s: &Service) -> SvcVm {
    let kube = cx.sim.kube();
    let ns = s.metadata.ns();
    let name = &s.metadata.name;
    let ep = kube.store.endpoints.get(&Key::of(&s.metadata));
    let ready: Vec<String> = ep.iter().flat_map(|e| e.subsets.iter().flat_map(|x| x.addresses.iter())).filter_map(pod_name).collect();
    let not_ready: Vec<String> = ep.iter().flat_map(|e| e.subsets.iter().flat_map(|x| x.not_ready_addresses.iter())).filter_map(pod_name).collect();
    let stats = traffic::service_stats(kube, ns, name);
    let me = Selected::new(Resource::Service, ns, name);
    let selector = s.spec.selector.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",");
    // Pods the selector matches that have no address yet (no IP before their sandbox starts).
    let matching = if s.spec.selector.is_empty() || !(ready.is_empty() && not_ready.is_empty()) {
        0
    } else {
        kube.store
            .pods
            .values()
            .filter(|p| p.metadata.ns() == ns && p.is_active() && s.spec.selector.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)))
            .count()
    };
    let ready = ready.into_iter().map(|p| {
        let rps = traffic::pod_rps(kube, &Key::new(ns, p.clone()));
        (p, rps)
    });
    SvcVm {
        name: name.clone(),
        namespace: ns.to_string(),
        selector,
        ready: ready.collect(),
        not_ready,
        stats,
        matching,
        selected: cx.selected == Some(&me),
        lang: cx.lang,
    }
}

fn draw(vm: &SvcVm, link: &Scope<App>) -> Html {
    let t = |x: Text| tr(vm.lang, x);
    let name = &vm.name;
    let me = Selected::new(Resource::Service, &vm.namespace, name);
    let stats = &vm.stats;
    let (ready, not_ready, matching, selector) = (&vm.ready, &vm.not_ready, vm.matching, vm.selector.clone());
    let failing = stats.as_ref().is_some_and(|t| t.error_rps > 0);
    let endpoint = |pod: &String, rps: i64, is_ready: bool| {
        let share = stats.as_ref().filter(|t| t.rps > 0).map_or(0, |t| rps * 100 / t.rps);
        html! {
            <li class={classes!("endpoint", if is_ready { "is-ready" } else { "not-ready" }, (rps > 0).then_some("has-traffic"))}
                data-kind="endpoint" data-pod={pod.clone()} data-ready={is_ready.to_string()} data-rps={rps.to_string()}>
                <span class="wire" aria-hidden="true" style={format!("--share: {share}")}></span>
                <span class="ep-pod">{ pod.clone() }</span>
                <span class="ep-rps">{ if is_ready { t(Text::RpsValue(rps)) } else { t(Text::NotReadyEndpoint) } }</span>
            </li>
        }
    };
    html! {
        <li class={classes!("svc", failing.then_some("is-failing"))} data-kind="service" data-name={name.clone()}
            data-endpoints={ready.len().to_string()}
            data-rps={stats.as_ref().map(|t| t.rps.to_string())}
            data-error-rps={stats.as_ref().map(|t| t.error_rps.to_string())}
            data-error-percent={stats.as_ref().map(|t| t.error_percent().to_string())}>
            <div class="svc-head">
                <span class="svc-name">{ format!("service/{name}") }</span>
                <span class="svc-selector">{ selector }</span>
                { memo::select_button(link, vm.lang, me, vm.selected) }
            </div>
            <p class="svc-summary">
                <span class="svc-endpoints">{ t(Text::Endpoints(name, ready.len())) }</span>
                if let Some(st) = stats {
                    <span class="svc-rps">{ t(Text::RpsValue(st.rps)) }</span>
                    <span class={classes!("svc-errors", (st.error_rps > 0).then_some("is-bad"))}>
                        { t(Text::ErrorRate(st.error_percent(), st.error_rps)) }
                    </span>
                } else {
                    <span class="svc-idle">{ t(Text::IdleService) }</span>
                }
            </p>
            if ready.is_empty() && not_ready.is_empty() {
                <p class="empty">{ if matching == 0 { t(Text::NoEndpoints) } else { t(Text::NoAddressYet(matching)) } }</p>
            } else {
                <ul class="endpoints">
                    { for ready.iter().map(|(p, rps)| endpoint(p, *rps, true)) }
                    { for not_ready.iter().map(|p| endpoint(p, 0, false)) }
                </ul>
            }
        </li>
    }
}

/// What the Services panel shows (`crate::memo`): drawn again only when a Service's row changes,
/// and then each row again only when it changed.
#[derive(Clone, PartialEq)]
pub struct ServicesVm {
    lang: Lang,
    services: Vec<SvcVm>,
}

pub fn view(cx: &BoardCtx) -> Html {
    let services = cx
        .sim
        .kube()
        .store
        .services
        .values()
        .filter(|s| s.metadata.ns() != "default" || s.metadata.name != "kubernetes")
        .map(|s| service(cx, s))
        .collect();
    memo::panel("services", cx.link, ServicesVm { lang: cx.lang, services }, draw_panel)
}

fn draw_panel(vm: &ServicesVm, link: &Scope<App>) -> Html {
    if vm.services.is_empty() {
        return html! {};
    }
    let services = vm.services.iter().map(|s| memo(format!("{}/{}", s.namespace, s.name), link, s.clone(), draw));
    html! {
        <section class="services panel" aria-labelledby="services-title">
            <h2 class="section-title" id="services-title">{ tr(vm.lang, Text::ServicesTitle) }</h2>
            <ul class="svc-list">{ for services }</ul>
        </section>
    }
}
