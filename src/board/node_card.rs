//! A node as a drop zone: name, Ready/NotReady, requested over allocatable cpu
//! and memory as bars with text, its pods, a switch-off button, and — while a
//! pod is carried — whether it can take that pod and, if not, why (the
//! scheduler's own filters via `check_fit`). A refused drop says why here.

use super::pod_card::{self, PodVm};
use super::VmCtx;
use crate::app::{App, Msg};
use crate::format;
use crate::i18n::{tr, Lang, Text};
use crate::memo;
use podium_engine::kube::node::{Node, Taint};
use podium_engine::kube::scheduler::{check_fit, NodeUsage};
use std::rc::Rc;
use yew::html::Scope;
use yew::prelude::*;

/// One resource of a node: what its pods request (the scheduler's view, the pale bar)
/// and what they use now (the load model's view, the solid bar), over allocatable.
pub struct Meter {
    pub kind: &'static str,
    pub label: String,
    pub requested: i64,
    pub used: i64,
    pub allocatable: i64,
    pub fmt: fn(i64) -> String,
}

fn bar(lang: Lang, m: Meter) -> Html {
    let req = format::percent(m.requested, m.allocatable);
    let used = format::percent(m.used, m.allocatable);
    let text = tr(lang, Text::RequestedUsed(&(m.fmt)(m.requested), &(m.fmt)(m.used), &(m.fmt)(m.allocatable)));
    html! {
        <div class={classes!("meter", m.kind)} data-kind="meter" data-resource={m.kind}
            data-requested={m.requested.to_string()} data-used={m.used.to_string()} data-allocatable={m.allocatable.to_string()}>
            <div class="meter-text"><span>{ m.label }</span>{" "}<span class="num">{ text }</span></div>
            <div class="meter-track" role="presentation">
                <div class={classes!("meter-fill", "requested", (req >= 90).then_some("is-high"))} style={format!("width: {req}%")}></div>
                <div class="meter-fill used" style={format!("width: {used}%")}></div>
            </div>
        </div>
    }
}

/// Labels worth showing on the card: not the ones every node has.
fn shown_labels(node: &Node) -> Vec<String> {
    node.metadata
        .labels
        .iter()
        .filter(|(k, _)| {
            !(k.starts_with("kubernetes.io/") || k.starts_with("beta.kubernetes.io/") || k.starts_with("topology.kubernetes.io/"))
        })
        .map(|(k, v)| if v.is_empty() { k.clone() } else { format!("{k}={v}") })
        .collect()
}

/// What a node's card reads from its pods, gathered for every node in one pass over the pods
/// (`super::cache::Cache::gather`), so a large cluster renders in time proportional to its pods.
#[derive(Default)]
pub struct NodePods {
    /// Requests of the pods bound to the node that are not finished: the scheduler's accounting
    /// (`scheduler::usage`, read here without a map keyed by owned names).
    pub requested: NodeUsage,
    /// CPU and memory those pods use now (`health::usage`, as `kubectl top`).
    pub used: (i64, i64),
    pub pods: Vec<Rc<PodVm>>,
}

/// Whether the carried pod would fit, as `(fits, reasons)`.
pub fn verdict(cx: &VmCtx, node: &Node) -> Option<Result<(), String>> {
    if !cx.carry.shows_targets() {
        return None;
    }
    let pod = cx.carried()?;
    Some(check_fit(cx.sim.kube(), pod, node).map_err(|r| r.join(", ")))
}

/// What a node's card shows, read once per render from the `Sim` (and the carried pod), drawn
/// (`draw`) only when it changes (`crate::memo`); its pods are memoized one by one. Its pods'
/// view models are shared with the last render's while unchanged (`super::cache`), so comparing
/// two `NodeVm`s compares their pods by pointer first (`Rc`'s `PartialEq` when `T: Eq`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NodeVm {
    pub name: String,
    pub status: String,
    pub ready: bool,
    pub alive: bool,
    pub verdict: Option<Result<(), String>>,
    pub is_target: bool,
    pub held: bool,
    /// The reasons of the last drop this node refused.
    pub refusal: Option<String>,
    pub compact: bool,
    pub requested: NodeUsage,
    pub used: (i64, i64),
    pub allocatable: (i64, i64),
    pub max_pods: i64,
    pub zone: Option<String>,
    pub labels: Vec<String>,
    pub taints: Vec<Taint>,
    pub leaving: bool,
    pub cordoned: bool,
    pub selected: bool,
    pub lang: Lang,
    pub pods: Vec<Rc<PodVm>>,
}

impl NodeVm {
    /// The node's view model, with what its pods add (built or kept by `super::cache`).
    pub fn of(cx: &VmCtx, node: &Node, compact: bool, g: NodePods) -> NodeVm {
        let kube = cx.sim.kube();
        let name = node.name().to_string();
        NodeVm {
            requested: g.requested,
            status: node.display_status(),
            ready: node.is_ready(),
            alive: kube.machines.get(&name).is_none_or(|m| m.alive),
            verdict: verdict(cx, node),
            is_target: cx.carry.target() == Some(name.as_str()),
            held: matches!(cx.carry, super::drag::Carry::Held { .. }),
            refusal: cx.refusal.filter(|r| r.node == name).map(|r| r.reasons.clone()),
            compact,
            used: g.used,
            allocatable: (node.allocatable_cpu(), node.allocatable_memory()),
            max_pods: node.max_pods(),
            zone: node.zone().map(str::to_string),
            labels: shown_labels(node),
            taints: node.spec.taints.clone(),
            leaving: node.spec.taints.iter().any(|t| t.key == podium_engine::kube::autoscaler::TAINT_TO_BE_DELETED),
            cordoned: node.spec.unschedulable,
            selected: cx.selected.is_some_and(|s| s.resource == podium_engine::Resource::Node && s.namespace.is_empty() && s.name == name),
            lang: cx.lang,
            pods: g.pods,
            name,
        }
    }
}

pub fn view(link: &Scope<App>, vm: Rc<NodeVm>) -> Html {
    memo::memo(vm.name.clone(), link, vm, draw)
}

fn draw(vm: &Rc<NodeVm>, link: &Scope<App>) -> Html {
    let t = |x: Text| tr(vm.lang, x);
    let name = vm.name.clone();
    let used = &vm.requested;
    let status = vm.status.clone();
    let alive = vm.alive;
    let verdict = vm.verdict.clone();
    let is_target = vm.is_target;
    let held = vm.held;
    let refusal = vm.refusal.as_ref();
    let compact = vm.compact;
    let pods: Vec<Html> = vm
        .pods
        .iter()
        .map(|p| memo::memo(p.name.clone(), link, p.clone(), if compact { pod_card::dot } else { pod_card::card }))
        .collect();
    let now_used = vm.used;
    let zone = vm.zone.clone();
    let labels = &vm.labels;
    let leaving = vm.leaving;
    let cordoned = vm.cordoned;

    let kill = {
        let name = name.clone();
        link.callback(move |e: MouseEvent| {
            e.stop_propagation();
            Msg::KillNode(name.clone())
        })
    };
    let onclick = held.then(|| {
        let name = name.clone();
        link.callback(move |_: MouseEvent| Msg::DropOn(name.clone()))
    });
    let onfocus = held.then(|| {
        let name = name.clone();
        link.callback(move |e: FocusEvent| {
            e.stop_propagation();
            Msg::Target(name.clone())
        })
    });
    let verdict_text = verdict.as_ref().map(|v| match v {
        Ok(()) => t(Text::Fits),
        Err(r) => t(Text::CannotTake(r)),
    });
    let label = match &verdict_text {
        Some(v) => format!("{}: {v}", t(Text::DropLabel(&name))),
        None => t(Text::DropLabel(&name)),
    };
    let me = crate::selection::Selected::node(&name);
    let selected = vm.selected;
    let classes = classes!(
        "node",
        selected.then_some("is-selected"),
        (status != "Ready").then_some("is-not-ready"),
        (!alive).then_some("is-off"),
        leaving.then_some("is-leaving"),
        cordoned.then_some("is-cordoned"),
        compact.then_some("is-compact"),
        match &verdict {
            Some(Ok(())) => Some("drop-ok"),
            Some(Err(_)) => Some("drop-no"),
            None => None,
        },
        is_target.then_some("is-target"),
        refusal.is_some().then_some("is-refused"),
    );
    html! {
        <article class={classes}
            key={name.clone()}
            data-kind="node"
            data-name={name.clone()}
            data-status={status.clone()}
            data-selected={selected.then_some("true")}
            data-fit={verdict.as_ref().map(|v| if v.is_ok() { "yes" } else { "no" })}
            tabindex={if held { "0" } else { "-1" }}
            role={if held { "button" } else { "region" }}
            aria-label={label}
            {onclick}
            {onfocus}>
            <header class="node-head">
                <h3 class="node-name">{ name.clone() }</h3>
                { memo::select_button(link, vm.lang, me, selected) }
                <span class={classes!("node-status", if status == "Ready" { "ok" } else if vm.ready { "warn" } else { "bad" })}>
                    <span class="dot" aria-hidden="true"></span>{ status.clone() }
                </span>
                if leaving { <span class="tag leaving">{ t(Text::Leaving) }</span> }
                <button type="button" class="kill" data-action="kill" data-target="node"
                    aria-label={t(Text::SwitchOffLabel(&name))} title={t(Text::SwitchOffLabel(&name))}
                    disabled={!alive} onclick={kill}>
                    { if alive { t(Text::SwitchOff) } else { t(Text::SwitchedOff) } }
                </button>
            </header>
            if let Some(v) = verdict_text {
                <p class={classes!("verdict", if verdict.as_ref().is_some_and(|v| v.is_ok()) { "ok" } else { "no" })} data-kind="verdict">
                    <span aria-hidden="true">{ if verdict.as_ref().is_some_and(|v| v.is_ok()) { "✓ " } else { "✕ " } }</span>{ v }
                </p>
            }
            if let Some(r) = refusal {
                <p class="refusal" data-kind="refusal" role="alert">{ t(Text::Refused(r)) }</p>
            }
            if !alive {
                <p class="off-note">{ t(Text::SwitchedOffHint) }</p>
            }
            if zone.is_some() || !labels.is_empty() || !vm.taints.is_empty() {
                <ul class="node-tags">
                    if let Some(z) = zone { <li class="tag zone" data-kind="zone">{ t(Text::ZoneTag(&z)) }</li> }
                    { for labels.iter().map(|l| html! { <li class="tag label" data-kind="label">{ l.clone() }</li> }) }
                    { for vm.taints.iter().map(|taint| html! {
                        <li class="tag taint" data-kind="taint" data-effect={taint.effect.clone()} title={t(Text::Taint)}>
                            { format!("{}{}:{}", taint.key, if taint.value.is_empty() { String::new() } else { format!("={}", taint.value) }, taint.effect) }
                        </li>
                    }) }
                </ul>
            }
            { bar(vm.lang, Meter { kind: "cpu", label: t(Text::Cpu), requested: used.cpu, used: now_used.0, allocatable: vm.allocatable.0, fmt: format::cpu }) }
            { bar(vm.lang, Meter { kind: "memory", label: t(Text::Memory), requested: used.memory, used: now_used.1, allocatable: vm.allocatable.1, fmt: format::memory }) }
            <p class="pod-count">{ format!("{} {} / {}", t(Text::Pods), used.pods, vm.max_pods) }</p>
            if pods.is_empty() {
                <p class="empty">{ t(Text::NodeEmpty) }</p>
            } else if compact {
                <ul class="pods dots">{ for pods }</ul>
            } else {
                <ul class="pods">{ for pods }</ul>
            }
        </article>
    }
}
