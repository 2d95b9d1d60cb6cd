//! Autoscaling at a glance: each HorizontalPodAutoscaler with its current and target
//! utilization, when it syncs next, and its last decision with the formula filled in
//! (`ceil(3 × 90% / 50%) = 6`, `GetResourceReplicas`); the Cluster Autoscaler's node
//! groups (min, current, max, booting) and the pending pods behind its last scale-up.

use crate::app::App;
use crate::board::BoardCtx;
use crate::i18n::{tr, Lang, Text};
use crate::memo;
use crate::selection::Selected;
use podium_engine::clock::format_duration;
use podium_engine::kube::autoscaler::{group_status, GroupStatus};
use podium_engine::kube::hpa::{self, HorizontalPodAutoscaler, HpaDecision};
use podium_engine::kube::Key;
use podium_engine::Resource;
use yew::html::Scope;
use yew::prelude::*;

/// `ceil(3 × 90% / 50%) = 6`: the replica formula with the decision's numbers.
pub fn formula(d: &HpaDecision) -> String {
    format!("ceil({} × {}% / {}%) = {}", d.pods, d.utilization, d.target, d.proposed)
}

fn target_utilization(h: &HorizontalPodAutoscaler) -> Option<(String, i64)> {
    h.spec.metrics.iter().find_map(|m| {
        let r = m.resource.as_ref()?;
        Some((r.name.clone(), r.target.average_utilization?))
    })
}

fn current_utilization(h: &HorizontalPodAutoscaler, resource: &str) -> Option<i64> {
    h.status.current_metrics.iter().filter_map(|m| m.resource.as_ref()).find(|r| r.name == resource)?.current.average_utilization
}

/// What an HPA's entry shows.
#[derive(Clone, PartialEq)]
struct HpaVm {
    name: String,
    namespace: String,
    /// `kind/name` of what it scales, the kind in lower case.
    target_ref: String,
    resource: String,
    target: i64,
    current: Option<i64>,
    next: Option<u64>,
    /// The last decision and how long ago it was made.
    decision: Option<(HpaDecision, u64)>,
    /// What held that decision's count back, when something did (`hpa::limit`).
    held: Option<hpa::Limit>,
    min: i64,
    max: i64,
    replicas: i64,
    desired: i64,
    selected: bool,
}

fn hpa_vm(cx: &BoardCtx, h: &HorizontalPodAutoscaler) -> HpaVm {
    let kube = cx.sim.kube();
    let now = cx.sim.now();
    let key = Key::of(&h.metadata);
    let (resource, target) = target_utilization(h).unwrap_or(("cpu".into(), hpa::DEFAULT_CPU_UTILIZATION));
    let decision = hpa::last_decision(kube, &key);
    // What held the count back, where the note says it was: the conditions of that same sync.
    let held = decision.filter(|d| !d.within_tolerance && d.desired != d.proposed).and_then(|_| hpa::limit(h));
    let me = Selected::new(Resource::HorizontalPodAutoscaler, h.metadata.ns(), &h.metadata.name);
    HpaVm {
        name: h.metadata.name.clone(),
        namespace: h.metadata.ns().to_string(),
        target_ref: format!("{}/{}", h.spec.scale_target_ref.kind.to_lowercase(), h.spec.scale_target_ref.name),
        current: current_utilization(h, &resource),
        resource,
        target,
        next: kube.hpa_runtimes.get(&key).map(|r| r.next_sync.secs().saturating_sub(now.secs())),
        decision: decision.map(|d| (d.clone(), now.since(d.at))),
        held,
        min: h.min_replicas(),
        max: h.spec.max_replicas,
        replicas: h.status.current_replicas,
        desired: h.status.desired_replicas,
        selected: cx.selected == Some(&me),
    }
}

fn hpa_view(link: &Scope<App>, lang: Lang, h: &HpaVm) -> Html {
    let t = |x: Text| tr(lang, x);
    let (resource, target, current, next) = (&h.resource, h.target, h.current, h.next);
    let (min, max, replicas) = (h.min, h.max, h.replicas);
    let me = Selected::new(Resource::HorizontalPodAutoscaler, &h.namespace, &h.name);
    // The utilization gauge runs to twice the target, so the target sits in the middle.
    let scale = (target * 2).max(1);
    let fill = current.map_or(0, |c| (c * 100 / scale).clamp(0, 100));
    html! {
        <li class="hpa" data-kind="hpa" data-name={h.name.clone()}
            data-current-utilization={current.map(|c| c.to_string())} data-target-utilization={target.to_string()}
            data-replicas={replicas.to_string()} data-desired={h.desired.to_string()}
            data-next-sync={next.map(|n| n.to_string())}>
            <div class="hpa-head">
                <span class="hpa-name">{ format!("hpa/{}", h.name) }</span>
                <span class="hpa-target">{ format!("→ {}", h.target_ref) }</span>
                { memo::select_button(link, lang, me, h.selected) }
            </div>
            <div class="gauge" role="img" aria-label={t(Text::UtilizationOf(resource, current, target))}>
                <div class="gauge-fill" style={format!("width: {fill}%")}></div>
                <div class="gauge-target" aria-hidden="true"></div>
            </div>
            <p class="hpa-line">
                <span>{ t(Text::UtilizationOf(resource, current, target)) }</span>
                <span>{ t(Text::ReplicasRange(min, replicas, max)) }</span>
                if let Some(n) = next { <span class="next-sync">{ t(Text::NextSync(&format_duration(n))) }</span> }
            </p>
            if let Some((d, ago)) = &h.decision {
                <div class="decision" data-kind="hpa-decision" data-proposed={d.proposed.to_string()} data-desired={d.desired.to_string()}
                    data-limit={h.held.map(|l| l.reason())}>
                    <span class="decision-label">{ t(Text::LastDecision(&format_duration(*ago))) }</span>
                    if d.within_tolerance {
                        <code class="formula" data-kind="hpa-formula">{ format!("{}% / {}%", d.utilization, d.target) }</code>
                        <span class="decision-note">{ t(Text::WithinTolerance(d.current)) }</span>
                    } else {
                        <code class="formula" data-kind="hpa-formula">{ formula(d) }</code>
                        if d.desired != d.proposed {
                            <span class="decision-note">{ t(Text::LimitedTo(d.desired, h.held)) }</span>
                        } else if d.desired != d.current {
                            <span class="decision-note">{ t(Text::ScaledFromTo(d.current, d.desired)) }</span>
                        }
                    }
                </div>
            } else {
                <p class="empty">{ t(Text::NoDecisionYet) }</p>
            }
        </li>
    }
}

fn group_view(lang: Lang, g: &GroupStatus) -> Html {
    let t = |x: Text| tr(lang, x);
    let cells = g.max.max(g.current + g.booting);
    html! {
        <li class="node-group" data-kind="node-group" data-name={g.name.clone()} data-min={g.min.to_string()}
            data-current={g.current.to_string()} data-max={g.max.to_string()} data-booting={g.booting.to_string()}>
            <div class="ng-head">
                <span class="ng-name">{ format!("nodegroup/{}", g.name) }</span>
                <span class="ng-nums">{ t(Text::GroupSize(g.min, g.current, g.max)) }</span>
                if g.booting > 0 { <span class="tag booting">{ t(Text::Booting(g.booting)) }</span> }
            </div>
            if cells <= 60 {
                <ol class="ng-slots" aria-hidden="true">
                    { for (0..cells).map(|i| html! {
                        <li class={classes!("ng-slot",
                            if i < g.current { "up" } else if i < g.current + g.booting { "booting" } else { "free" },
                            (i < g.min).then_some("min"))}></li>
                    }) }
                </ol>
            }
        </li>
    }
}

/// What the autoscaling panel shows (`crate::memo`: drawn again only when it changes).
#[derive(Clone, PartialEq)]
pub struct AutoscalingVm {
    lang: Lang,
    hpas: Vec<HpaVm>,
    groups: Vec<GroupStatus>,
    /// The pending pods behind the last scale-up that are still pending.
    triggered: Vec<String>,
    /// How long ago the last scale-up was.
    scaled_up: Option<u64>,
}

pub fn view(cx: &BoardCtx) -> Html {
    let kube = cx.sim.kube();
    let triggered = kube
        .autoscaler
        .last_triggered
        .iter()
        .filter(|k| kube.store.pods.get(*k).is_some_and(|p| p.node().is_none() && p.is_active()))
        .map(|k| k.name.clone())
        .collect();
    let vm = AutoscalingVm {
        lang: cx.lang,
        hpas: kube.store.hpas.values().map(|h| hpa_vm(cx, h)).collect(),
        groups: group_status(kube),
        triggered,
        scaled_up: kube.autoscaler.last_scale_up.map(|t| cx.sim.now().since(t)),
    };
    memo::panel("autoscaling", cx.link, vm, draw)
}

fn draw(vm: &AutoscalingVm, link: &Scope<App>) -> Html {
    let (lang, triggered) = (vm.lang, &vm.triggered);
    let t = |x: Text| tr(lang, x);
    if vm.hpas.is_empty() && vm.groups.is_empty() {
        return html! {};
    }
    html! {
        <section class="autoscaling panel" aria-labelledby="autoscaling-title">
            <h2 class="section-title" id="autoscaling-title">{ t(Text::Autoscaling) }</h2>
            if !vm.hpas.is_empty() { <ul class="hpa-list">{ for vm.hpas.iter().map(|h| hpa_view(link, lang, h)) }</ul> }
            if !vm.groups.is_empty() {
                <h3 class="panel-sub">{ t(Text::ClusterAutoscaler) }</h3>
                <ul class="ng-list">{ for vm.groups.iter().map(|g| group_view(lang, g)) }</ul>
                if let Some(ago) = vm.scaled_up {
                    <p class="ca-last">{ t(Text::LastScaleUp(&format_duration(ago), triggered.len())) }</p>
                }
                if !triggered.is_empty() {
                    <ul class="trigger-pods">
                        { for triggered.iter().map(|k| html! { <li data-kind="trigger-pod" data-name={k.clone()}>{ k.clone() }</li> }) }
                    </ul>
                }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formula_reads_like_the_documentation() {
        let d = HpaDecision {
            at: Default::default(),
            resource: "cpu".into(),
            pods: 3,
            utilization: 90,
            target: 50,
            current: 3,
            proposed: 6,
            within_tolerance: false,
            desired: 6,
        };
        assert_eq!(formula(&d), "ceil(3 × 90% / 50%) = 6");
    }
}
