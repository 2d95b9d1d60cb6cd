//! A pod as a card: name, status (kubectl's STATUS column), readiness as a dot
//! and a word, its owner as a coloured chip with the owner's name, its requests,
//! and a kill button.

use super::BoardCtx;
use crate::app::Msg;
use crate::format;
use crate::i18n::Text;
use crate::inspector::select_button;
use crate::owners::{colour_class, owner_of};
use crate::selection::Selected;
use podium_engine::Resource;
use podium_engine::kube::pod::Pod;
use yew::prelude::*;

/// The owner chip: colour and name (colour is never the only cue).
pub fn owner_chip(cx: &BoardCtx, pod: &Pod) -> Html {
    let owner = owner_of(cx.sim.kube(), pod);
    let class = colour_class(&cx.palette, owner.as_ref());
    match owner {
        Some(o) => html! {
            <span class={classes!("owner-chip", class)} title={cx.t(Text::OwnedBy(&o.kind, &o.name))}>
                <span class="swatch" aria-hidden="true"></span>{ o.name.clone() }
            </span>
        },
        None => html! {},
    }
}

/// `cpu 500m · memory 512Mi`: what the pod asks for.
pub fn requests_text(cx: &BoardCtx, pod: &Pod) -> String {
    let (cpu, mem) = pod.requests();
    format!("{} {} · {} {}", cx.t(Text::Cpu), format::cpu(cpu), cx.t(Text::Memory), format::memory(mem))
}

pub fn ready_badge(cx: &BoardCtx, pod: &Pod) -> Html {
    let ready = pod.is_ready();
    html! {
        <span class={classes!("ready", if ready { "is-ready" } else { "not-ready" })}>
            <span class="dot" aria-hidden="true"></span>
            { cx.t(if ready { Text::PodReady } else { Text::PodNotReady }) }
        </span>
    }
}

/// The owner's colour class for a pod, for the card's stripe.
pub fn stripe_class(cx: &BoardCtx, pod: &Pod) -> String {
    colour_class(&cx.palette, owner_of(cx.sim.kube(), pod).as_ref())
}

pub fn owner_name(cx: &BoardCtx, pod: &Pod) -> Option<String> {
    owner_of(cx.sim.kube(), pod).map(|o| o.name)
}

/// The pod as a selection, and whether it is the selected one.
pub fn selection(cx: &BoardCtx, pod: &Pod) -> (Selected, bool) {
    let s = Selected::new(Resource::Pod, pod.metadata.ns(), &pod.metadata.name);
    let on = cx.selected == Some(&s);
    (s, on)
}

/// A pod placed on a node.
pub fn view(cx: &BoardCtx, pod: &Pod) -> Html {
    let name = pod.metadata.name.clone();
    let status = pod.display_status();
    let kill = {
        let key = podium_engine::kube::Key::of(&pod.metadata);
        cx.link.callback(move |e: MouseEvent| {
            e.stop_propagation();
            Msg::KillPod(key.clone())
        })
    };
    let terminating = pod.is_terminating();
    let (me, selected) = selection(cx, pod);
    html! {
        <li class={classes!("pod", stripe_class(cx, pod), terminating.then_some("is-terminating"), selected.then_some("is-selected"))}
            key={name.clone()}
            data-kind="pod"
            data-name={name.clone()}
            data-namespace={pod.metadata.ns().to_string()}
            data-status={status.clone()}
            data-phase={pod.status.phase.clone()}
            data-ready={pod.is_ready().to_string()}
            data-node={pod.node().map(str::to_string)}
            data-owner={owner_name(cx, pod)}
            data-selected={selected.then_some("true")}>
            <div class="pod-head">
                <span class="pod-name" title={name.clone()}>{ name.clone() }</span>
                { select_button(cx, me) }
                <button type="button" class="kill" data-action="kill" data-target="pod"
                    aria-label={cx.t(Text::KillPodLabel(&name))} title={cx.t(Text::KillPodLabel(&name))}
                    disabled={terminating} onclick={kill}>
                    { cx.t(Text::Kill) }
                </button>
            </div>
            <div class="pod-meta">
                <span class={classes!("status", status_tone(&status))}>{ status }</span>
                { ready_badge(cx, pod) }
                { restarts(cx, pod) }
                { owner_chip(cx, pod) }
            </div>
        </li>
    }
}

/// How a status reads at a glance: trouble in red, on its way in amber.
pub fn status_tone(status: &str) -> &'static str {
    match status {
        "Running" | "Completed" => "tone-ok",
        "Pending" | "ContainerCreating" | "PodInitializing" => "tone-wait",
        "Terminating" => "tone-going",
        _ => "tone-bad",
    }
}

/// `↻ 3`: container restarts, when there were any.
pub fn restarts(cx: &BoardCtx, pod: &Pod) -> Html {
    let n = pod.restarts();
    if n == 0 {
        return html! {};
    }
    html! { <span class="restarts" data-kind="restarts" title={cx.t(Text::Restarts(n))}>{ format!("↻ {n}") }</span> }
}

/// A pod as a small dot (the compact view of a large cluster): the same data
/// attributes, its owner's colour, and the select button as the dot itself.
pub fn dot(cx: &BoardCtx, pod: &Pod) -> Html {
    let name = pod.metadata.name.clone();
    let status = pod.display_status();
    let (me, selected) = selection(cx, pod);
    html! {
        <li class={classes!("pod-dot", stripe_class(cx, pod), status_tone(&status), pod.is_ready().then_some("is-ready"), selected.then_some("is-selected"))}
            key={name.clone()}
            data-kind="pod"
            data-name={name.clone()}
            data-namespace={pod.metadata.ns().to_string()}
            data-status={status.clone()}
            data-phase={pod.status.phase.clone()}
            data-ready={pod.is_ready().to_string()}
            data-node={pod.node().map(str::to_string)}
            data-owner={owner_name(cx, pod)}
            data-selected={selected.then_some("true")}
            title={format!("{name}: {status}")}>
            { select_button(cx, me) }
        </li>
    }
}
