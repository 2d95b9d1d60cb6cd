//! A node as a drop zone: name, Ready/NotReady, requested over allocatable cpu
//! and memory as bars with text, its pods, a switch-off button, and — while a
//! pod is carried — whether it can take that pod and, if not, why (the
//! scheduler's own filters via `check_fit`). A refused drop says why here.

use super::{pod_card, BoardCtx};
use crate::app::Msg;
use crate::format;
use crate::i18n::Text;
use podium_engine::kube::node::Node;
use podium_engine::kube::scheduler::{check_fit, usage};
use yew::prelude::*;

fn bar(label: String, used_text: String, total_text: String, pct: u32, kind: &'static str) -> Html {
    html! {
        <div class={classes!("meter", kind)}>
            <div class="meter-text"><span>{ label }</span>{" "}<span class="num">{ format!("{used_text} / {total_text}") }</span></div>
            <div class="meter-track" role="presentation">
                <div class={classes!("meter-fill", (pct >= 90).then_some("is-high"))} style={format!("width: {pct}%")}></div>
            </div>
        </div>
    }
}

/// Whether the carried pod would fit, as `(fits, reasons)`.
pub fn verdict(cx: &BoardCtx, node: &Node) -> Option<Result<(), String>> {
    if !cx.carry.shows_targets() {
        return None;
    }
    let pod = cx.carried()?;
    Some(check_fit(cx.sim.kube(), pod, node).map_err(|r| r.join(", ")))
}

pub fn view(cx: &BoardCtx, node: &Node) -> Html {
    let kube = cx.sim.kube();
    let name = node.name().to_string();
    let used = usage(kube).remove(&name).unwrap_or_default();
    let status = node.display_status();
    let alive = kube.machines.get(&name).is_none_or(|m| m.alive);
    let verdict = verdict(cx, node);
    let is_target = cx.carry.target() == Some(name.as_str());
    let held = matches!(cx.carry, super::drag::Carry::Held { .. });
    let refusal = cx.refusal.filter(|r| r.node == name);
    let pods: Vec<Html> = kube.store.pods.values().filter(|p| p.node() == Some(name.as_str())).map(|p| pod_card::view(cx, p)).collect();

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
                <span class={classes!("node-status", if status == "Ready" { "ok" } else { "bad" })}>
                    <span class="dot" aria-hidden="true"></span>{ status.clone() }
                </span>
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
            { bar(cx.t(Text::Cpu), format::cpu(used.cpu), format::cpu(node.allocatable_cpu()), format::percent(used.cpu, node.allocatable_cpu()), "cpu") }
            { bar(cx.t(Text::Memory), format::memory(used.memory), format::memory(node.allocatable_memory()), format::percent(used.memory, node.allocatable_memory()), "memory") }
            <p class="pod-count">{ format!("{} {} / {}", cx.t(Text::Pods), used.pods, node.max_pods()) }</p>
            if pods.is_empty() {
                <p class="empty">{ cx.t(Text::NodeEmpty) }</p>
            } else {
                <ul class="pods">{ for pods }</ul>
            }
        </article>
    }
}
