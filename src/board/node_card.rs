//! A node as a drop zone: name, Ready/NotReady, requested over allocatable cpu
//! and memory as bars with text, its pods, a switch-off button, and — while a
//! pod is carried — whether it can take that pod and, if not, why (the
//! scheduler's own filters via `check_fit`). A refused drop says why here.

use super::{pod_card, BoardCtx};
use crate::app::Msg;
use crate::format;
use crate::i18n::Text;
use podium_engine::kube::node::Node;
use podium_engine::kube::pod::Pod;
use podium_engine::kube::scheduler::{check_fit, usage, NodeUsage};
use podium_engine::kube::{health, Kube};
use std::collections::BTreeMap;
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

fn bar(cx: &BoardCtx, m: Meter) -> Html {
    let req = format::percent(m.requested, m.allocatable);
    let used = format::percent(m.used, m.allocatable);
    let text = cx.t(Text::RequestedUsed(&(m.fmt)(m.requested), &(m.fmt)(m.used), &(m.fmt)(m.allocatable)));
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

/// What every node's card reads, gathered in one pass over the pods (not one per
/// node), so a large cluster renders in time proportional to its pods.
pub struct Gathered<'a> {
    /// Requests of the pods bound to each node (the scheduler's accounting).
    pub requested: BTreeMap<String, NodeUsage>,
    /// CPU and memory those pods use now (`health::usage`, as `kubectl top`).
    pub used: BTreeMap<&'a str, (i64, i64)>,
    pub pods: BTreeMap<&'a str, Vec<&'a Pod>>,
}

pub fn gather(kube: &Kube) -> Gathered<'_> {
    let mut used: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    let mut pods: BTreeMap<&str, Vec<&Pod>> = BTreeMap::new();
    for (key, p) in &kube.store.pods {
        let Some(node) = p.node() else { continue };
        pods.entry(node).or_default().push(p);
        if let Some((c, m)) = health::usage(kube, key) {
            let u = used.entry(node).or_default();
            *u = (u.0 + c, u.1 + m);
        }
    }
    Gathered { requested: usage(kube), used, pods }
}

/// Whether the carried pod would fit, as `(fits, reasons)`.
pub fn verdict(cx: &BoardCtx, node: &Node) -> Option<Result<(), String>> {
    if !cx.carry.shows_targets() {
        return None;
    }
    let pod = cx.carried()?;
    Some(check_fit(cx.sim.kube(), pod, node).map_err(|r| r.join(", ")))
}

pub fn view(cx: &BoardCtx, node: &Node, g: &Gathered) -> Html {
    let kube = cx.sim.kube();
    let name = node.name().to_string();
    let used = g.requested.get(&name).cloned().unwrap_or_default();
    let status = node.display_status();
    let alive = kube.machines.get(&name).is_none_or(|m| m.alive);
    let verdict = verdict(cx, node);
    let is_target = cx.carry.target() == Some(name.as_str());
    let held = matches!(cx.carry, super::drag::Carry::Held { .. });
    let refusal = cx.refusal.filter(|r| r.node == name);
    let compact = super::compact(cx.sim);
    let pods: Vec<Html> = g
        .pods
        .get(name.as_str())
        .into_iter()
        .flatten()
        .map(|p| if compact { pod_card::dot(cx, p) } else { pod_card::view(cx, p) })
        .collect();
    let now_used = g.used.get(name.as_str()).copied().unwrap_or_default();
    let zone = node.zone().map(str::to_string);
    let labels = shown_labels(node);
    let leaving = node.spec.taints.iter().any(|t| t.key == podium_engine::kube::autoscaler::TAINT_TO_BE_DELETED);
    let cordoned = node.spec.unschedulable;

    let kill = {
        let name = name.clone();
        cx.link.callback(move |e: MouseEvent| {
            e.stop_propagation();
            Msg::KillNode(name.clone())
        })
    };
    let onclick = held.then(|| {
        let name = name.clone();
        cx.link.callback(move |_: MouseEvent| Msg::DropOn(name.clone()))
    });
    let onfocus = held.then(|| {
        let name = name.clone();
        cx.link.callback(move |e: FocusEvent| {
            e.stop_propagation();
            Msg::Target(name.clone())
        })
    });
    let verdict_text = verdict.as_ref().map(|v| match v {
        Ok(()) => cx.t(Text::Fits),
        Err(r) => cx.t(Text::CannotTake(r)),
    });
    let label = match &verdict_text {
        Some(v) => format!("{}: {v}", cx.t(Text::DropLabel(&name))),
        None => cx.t(Text::DropLabel(&name)),
    };
    let me = crate::selection::Selected::node(&name);
    let selected = cx.selected == Some(&me);
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
                { crate::inspector::select_button(cx, me) }
                <span class={classes!("node-status", if status == "Ready" { "ok" } else if node.is_ready() { "warn" } else { "bad" })}>
                    <span class="dot" aria-hidden="true"></span>{ status.clone() }
                </span>
                if leaving { <span class="tag leaving">{ cx.t(Text::Leaving) }</span> }
                <button type="button" class="kill" data-action="kill" data-target="node"
                    aria-label={cx.t(Text::SwitchOffLabel(&name))} title={cx.t(Text::SwitchOffLabel(&name))}
                    disabled={!alive} onclick={kill}>
                    { if alive { cx.t(Text::SwitchOff) } else { cx.t(Text::SwitchedOff) } }
                </button>
            </header>
            if let Some(v) = verdict_text {
                <p class={classes!("verdict", if verdict.as_ref().is_some_and(|v| v.is_ok()) { "ok" } else { "no" })} data-kind="verdict">
                    <span aria-hidden="true">{ if verdict.as_ref().is_some_and(|v| v.is_ok()) { "✓ " } else { "✕ " } }</span>{ v }
                </p>
            }
            if let Some(r) = refusal {
                <p class="refusal" data-kind="refusal" role="alert">{ cx.t(Text::Refused(&r.reasons)) }</p>
            }
            if !alive {
                <p class="off-note">{ cx.t(Text::SwitchedOffHint) }</p>
            }
            if zone.is_some() || !labels.is_empty() || !node.spec.taints.is_empty() {
                <ul class="node-tags">
                    if let Some(z) = zone { <li class="tag zone" data-kind="zone">{ cx.t(Text::ZoneTag(&z)) }</li> }
                    { for labels.iter().map(|l| html! { <li class="tag label" data-kind="label">{ l.clone() }</li> }) }
                    { for node.spec.taints.iter().map(|t| html! {
                        <li class="tag taint" data-kind="taint" data-effect={t.effect.clone()} title={cx.t(Text::Taint)}>
                            { format!("{}{}:{}", t.key, if t.value.is_empty() { String::new() } else { format!("={}", t.value) }, t.effect) }
                        </li>
                    }) }
                </ul>
            }
            { bar(cx, Meter { kind: "cpu", label: cx.t(Text::Cpu), requested: used.cpu, used: now_used.0, allocatable: node.allocatable_cpu(), fmt: format::cpu }) }
            { bar(cx, Meter { kind: "memory", label: cx.t(Text::Memory), requested: used.memory, used: now_used.1, allocatable: node.allocatable_memory(), fmt: format::memory }) }
            <p class="pod-count">{ format!("{} {} / {}", cx.t(Text::Pods), used.pods, node.max_pods()) }</p>
            if pods.is_empty() {
                <p class="empty">{ cx.t(Text::NodeEmpty) }</p>
            } else if compact {
                <ul class="pods dots">{ for pods }</ul>
            } else {
                <ul class="pods">{ for pods }</ul>
            }
        </article>
    }
}
