//! The lane of pods no node runs yet: each card can be dragged (pointer) or
//! picked up (Enter / Space / a tap) and carries the scheduler's reason it waits.

use super::{pending_pods, pod_card, BoardCtx};
use crate::app::Msg;
use crate::i18n::Text;
use podium_engine::kube::pod::Pod;
use podium_engine::kube::Key;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Why the pod waits: the PodScheduled condition's message when a scheduler
/// tried, or that no scheduler of its name exists.
pub fn reason(cx: &BoardCtx, pod: &Pod) -> Html {
    if let Some(msg) = pod.condition("PodScheduled").filter(|c| c.status == "False").and_then(|c| c.message.clone()) {
        return html! {
            <p class="why"><span class="why-label">{ cx.t(Text::SchedulerSays) }</span>{" "}<span class="engine-text" lang="en">{ msg }</span></p>
        };
    }
    if pod.spec.scheduler_name != "default-scheduler" {
        return html! { <p class="why">{ cx.t(Text::HandScheduled(&pod.spec.scheduler_name)) }</p> };
    }
    html! {}
}

fn card(cx: &BoardCtx, pod: &Pod) -> Html {
    let key = Key::of(&pod.metadata);
    let name = pod.metadata.name.clone();
    let carried = cx.carry.pod() == Some(&key);
    let offset = if carried { cx.carry.offset() } else { None };
    let onpointerdown = {
        let key = key.clone();
        cx.link.batch_callback(move |e: PointerEvent| {
            if e.pointer_type() == "mouse" && e.button() != 0 {
                return None;
            }
            let on_button = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("button").ok().flatten())
                .is_some();
            if on_button {
                return None;
            }
            // Capture on the card itself (Yew delegates events, so `currentTarget`
            // is not the card): moves and the release then bubble from the card
            // to the board's root wherever the pointer goes. Synthetic events have
            // no active pointer to capture; they reach the root by bubbling anyway.
            let card = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("[data-kind=\"pod\"]").ok().flatten());
            if let Some(card) = card {
                let _ = card.set_pointer_capture(e.pointer_id());
            }
            Some(Msg::PointerDown { pod: key.clone(), id: e.pointer_id(), x: e.client_x() as f64, y: e.client_y() as f64 })
        })
    };
    let onkeydown = {
        let key = key.clone();
        cx.link.batch_callback(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" | " " => {
                let on_button = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| el.tag_name().eq_ignore_ascii_case("button"));
                if on_button {
                    return None;
                }
                e.prevent_default();
                e.stop_propagation();
                Some(Msg::PickUp(key.clone()))
            }
            _ => None,
        })
    };
    let kill = {
        let key = key.clone();
        cx.link.callback(move |e: MouseEvent| {
            e.stop_propagation();
            Msg::KillPod(key.clone())
        })
    };
    let (me, selected) = pod_card::selection(cx, pod);
    let style = offset.map(|(dx, dy)| format!("transform: translate({dx}px, {dy}px) scale(0.9)"));
    html! {
        <li class={classes!("pod", "pending-pod", pod_card::stripe_class(cx, pod), carried.then_some("is-carried"), offset.is_some().then_some("is-dragging"), selected.then_some("is-selected"))}
            key={name.clone()}
            data-kind="pod"
            data-name={name.clone()}
            data-namespace={pod.metadata.ns().to_string()}
            data-status={pod.display_status()}
            data-phase={pod.status.phase.clone()}
            data-ready={pod.is_ready().to_string()}
            data-owner={pod_card::owner_name(cx, pod)}
            data-carried={carried.then_some("true")}
            data-selected={selected.then_some("true")}
            tabindex="0"
            role="button"
            aria-label={cx.t(Text::PickUpLabel(&name))}
            aria-pressed={carried.to_string()}
            {style}
            {onpointerdown}
            {onkeydown}>
            <div class="pod-head">
                <span class="pod-name" title={name.clone()}>{ name.clone() }</span>
                { crate::inspector::select_button(cx, me) }
                <button type="button" class="kill" data-action="kill" data-target="pod"
                    aria-label={cx.t(Text::KillPodLabel(&name))} title={cx.t(Text::KillPodLabel(&name))}
                    onclick={kill}>
                    { cx.t(Text::Kill) }
                </button>
            </div>
            <div class="pod-meta">
                <span class="status">{ pod.display_status() }</span>
                { pod_card::owner_chip(cx, pod) }
                <span class="requests" title={cx.t(Text::Requests)}>{ pod_card::requests_text(cx, pod) }</span>
            </div>
            { reason(cx, pod) }
        </li>
    }
}

pub fn view(cx: &BoardCtx) -> Html {
    let pods = pending_pods(cx.sim);
    let holding = match cx.carry {
        super::drag::Carry::Held { pod, .. } => Some(pod.name.clone()),
        _ => None,
    };
    let cancel = cx.link.callback(|_: MouseEvent| Msg::Cancel);
    html! {
        <section class="pending-lane" data-kind="pending-lane" aria-labelledby="pending-title">
            <div class="lane-head">
                <h2 class="section-title" id="pending-title" tabindex="-1">
                    { cx.t(Text::PendingPods) }<span class="count">{ pods.len() }</span>
                </h2>
                if let Some(p) = holding {
                    <p class="carrying">
                        { cx.t(Text::Carrying(&p)) }{" "}
                        <button type="button" class="ghost" data-action="cancel" onclick={cancel}>{ cx.t(Text::Cancel) }</button>
                    </p>
                } else {
                    <p class="hint">{ cx.t(Text::PendingHint) }</p>
                }
            </div>
            if pods.is_empty() {
                <p class="empty">{ cx.t(Text::PendingEmpty) }</p>
            } else {
                <ul class="pending-pods">{ for pods.iter().map(|p| card(cx, p)) }</ul>
            }
        </section>
    }
}
