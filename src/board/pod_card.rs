//! A pod as a card: name, status (kubectl's STATUS column), readiness as a dot
//! and a word, its owner as a coloured chip with the owner's name, its requests,
//! and a kill button.

use super::{BoardCtx, VmCtx};
use crate::app::{App, Msg};
use crate::format;
use crate::i18n::{tr, Lang, Text};
use crate::memo;
use crate::owners::{colour_class, colour_of, owner_of, same, Owner};
use crate::selection::Selected;
use podium_engine::Resource;
use podium_engine::kube::pod::Pod;
use std::rc::Rc;
use yew::html::Scope;
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

/// Whether the pod is the selected object (`selection`'s answer, without making the selection).
pub fn is_selected(cx: &VmCtx, pod: &Pod) -> bool {
    cx.selected.is_some_and(|s| s.resource == Resource::Pod && s.namespace == pod.metadata.ns() && s.name == pod.metadata.name)
}

/// `Pod::display_status`, borrowed: `PodVm::still` asks it of every pod on every render, and
/// the engine's answer is a new `String` each time (`cache::tests` holds the two equal).
pub fn shown_status(pod: &Pod) -> &str {
    if pod.is_terminating() {
        return "Terminating";
    }
    if let Some(r) = &pod.status.reason {
        return r;
    }
    for c in &pod.status.container_statuses {
        if let Some(w) = c.state.waiting.as_ref().filter(|w| !w.reason.is_empty()) {
            return &w.reason;
        }
        if let Some(t) = c.state.terminated.as_ref().filter(|t| !t.reason.is_empty()) {
            return &t.reason;
        }
    }
    &pod.status.phase
}

/// What a pod's card or dot on a node shows: read from the `Sim`, drawn (`card`, `dot`) only when
/// it changes (`crate::memo`). Kept from one render to the next while `still` holds
/// (`super::cache`), so an unchanged pod is neither built again nor compared field by field.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PodVm {
    pub name: String,
    pub namespace: String,
    pub status: String,
    pub phase: String,
    pub ready: bool,
    pub node: Option<String>,
    pub owner: Option<Owner>,
    pub colour: &'static str,
    pub terminating: bool,
    pub selected: bool,
    pub restarts: i64,
    pub lang: Lang,
}

impl PodVm {
    pub fn of(cx: &VmCtx, pod: &Pod) -> PodVm {
        let owner = cx.owners.of_pod(pod);
        PodVm {
            name: pod.metadata.name.clone(),
            namespace: pod.metadata.ns().to_string(),
            status: pod.display_status(),
            phase: pod.status.phase.clone(),
            ready: pod.is_ready(),
            node: pod.node().map(str::to_string),
            colour: colour_of(cx.palette, owner),
            owner: owner.map(|(kind, name)| Owner { kind: kind.to_string(), name: name.to_string() }),
            terminating: pod.is_terminating(),
            selected: is_selected(cx, pod),
            restarts: pod.restarts(),
            lang: cx.lang,
        }
    }

    /// Whether `of(cx, pod)` would build this view model again: every field it reads, compared
    /// where it lies (the native test `cache::tests` holds the two to the same answer).
    pub fn still(&self, cx: &VmCtx, pod: &Pod) -> bool {
        let owner = cx.owners.of_pod(pod);
        self.name == pod.metadata.name
            && self.namespace == pod.metadata.ns()
            && self.lang == cx.lang
            && self.phase == pod.status.phase
            && self.ready == pod.is_ready()
            && self.node.as_deref() == pod.node()
            && self.terminating == pod.is_terminating()
            && self.restarts == pod.restarts()
            && self.selected == is_selected(cx, pod)
            && same(self.owner.as_ref(), owner)
            && self.colour == colour_of(cx.palette, owner)
            && self.status == shown_status(pod)
    }

    fn me(&self) -> Selected {
        Selected::new(Resource::Pod, &self.namespace, &self.name)
    }
}

/// A pod placed on a node.
pub fn card(p: &Rc<PodVm>, link: &Scope<App>) -> Html {
    let t = |x: Text| tr(p.lang, x);
    let name = p.name.clone();
    let status = p.status.clone();
    let kill = {
        let key = podium_engine::kube::Key::new(p.namespace.as_str(), p.name.clone());
        link.callback(move |e: MouseEvent| {
            e.stop_propagation();
            Msg::KillPod(key.clone())
        })
    };
    let terminating = p.terminating;
    let selected = p.selected;
    let ready = p.ready;
    html! {
        <li class={classes!("pod", p.colour, terminating.then_some("is-terminating"), selected.then_some("is-selected"))}
            key={name.clone()}
            data-kind="pod"
            data-name={name.clone()}
            data-namespace={p.namespace.clone()}
            data-status={status.clone()}
            data-phase={p.phase.clone()}
            data-ready={ready.to_string()}
            data-node={p.node.clone()}
            data-owner={p.owner.as_ref().map(|o| o.name.clone())}
            data-selected={selected.then_some("true")}>
            <div class="pod-head">
                <span class="pod-name" title={name.clone()}>{ name.clone() }</span>
                { memo::select_button(link, p.lang, p.me(), selected) }
                <button type="button" class="kill" data-action="kill" data-target="pod"
                    aria-label={t(Text::KillPodLabel(&name))} title={t(Text::KillPodLabel(&name))}
                    disabled={terminating} onclick={kill}>
                    { t(Text::Kill) }
                </button>
            </div>
            <div class="pod-meta">
                <span class={classes!("status", status_tone(&status))}>{ status }</span>
                <span class={classes!("ready", if ready { "is-ready" } else { "not-ready" })}>
                    <span class="dot" aria-hidden="true"></span>
                    { t(if ready { Text::PodReady } else { Text::PodNotReady }) }
                </span>
                if p.restarts != 0 {
                    <span class="restarts" data-kind="restarts" title={t(Text::Restarts(p.restarts))}>{ format!("↻ {}", p.restarts) }</span>
                }
                if let Some(o) = &p.owner {
                    <span class={classes!("owner-chip", p.colour)} title={t(Text::OwnedBy(&o.kind, &o.name))}>
                        <span class="swatch" aria-hidden="true"></span>{ o.name.clone() }
                    </span>
                }
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

/// A pod as a small dot (the compact view of a large cluster): the same data
/// attributes, its owner's colour, and the select button as the dot itself. A kill button
/// per dot would double the markup of a thousand-pod board and be too small to tap, so a
/// dot is killed from the inspector it opens (mouse, touch, keyboard) or with Delete while
/// it has focus.
pub fn dot(p: &Rc<PodVm>, link: &Scope<App>) -> Html {
    let name = p.name.clone();
    let status = p.status.clone();
    let selected = p.selected;
    let me = p.me();
    let label = tr(p.lang, Text::DotLabel(&me.label()));
    let onclick = link.callback(move |e: MouseEvent| {
        e.stop_propagation();
        Msg::Select(Some(me.clone()))
    });
    let terminating = p.terminating;
    let key = podium_engine::kube::Key::new(p.namespace.as_str(), p.name.clone());
    let onkeydown = link.batch_callback(move |e: KeyboardEvent| {
        if e.key() != "Delete" || terminating {
            return None;
        }
        e.prevent_default();
        e.stop_propagation();
        Some(Msg::KillPod(key.clone()))
    });
    html! {
        <li class={classes!("pod-dot", p.colour, status_tone(&status), p.ready.then_some("is-ready"), selected.then_some("is-selected"))}
            key={name.clone()}
            data-kind="pod"
            data-name={name.clone()}
            data-namespace={p.namespace.clone()}
            data-status={status.clone()}
            data-phase={p.phase.clone()}
            data-ready={p.ready.to_string()}
            data-node={p.node.clone()}
            data-owner={p.owner.as_ref().map(|o| o.name.clone())}
            data-selected={selected.then_some("true")}
            title={format!("{name}: {status}")}>
            <button type="button" class="select" data-action="select" aria-pressed={selected.to_string()}
                aria-label={label} aria-keyshortcuts="Delete" {onclick} {onkeydown}>{ "ⓘ" }</button>
        </li>
    }
}
