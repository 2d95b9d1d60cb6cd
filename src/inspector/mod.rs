//! The inspector: the selected object as the engine holds it now, and the
//! events about it, oldest first (as `kubectl describe` lists them). Views read
//! the `Sim`; the selection is only a name (`Selected`), so an object that is
//! gone says so instead of showing a stale copy.
//! - `details`: the object's fields per kind;
//! - `scheduling`: a pod's scheduler reasoning per node;
//! - `actions`: what the learner can do to it (engine `Action`s through `Msg::Act`).

pub mod actions;
pub mod details;
pub mod scheduling;

use crate::app::Msg;
use crate::board::BoardCtx;
use crate::i18n::Text;
use crate::selection::Selected;
use podium_engine::clock::format_duration;
use podium_engine::kube::Key;
use podium_engine::Resource;
use yew::prelude::*;

/// Whether the selected object still exists.
pub fn exists(cx: &BoardCtx, s: &Selected) -> bool {
    let store = &cx.sim.kube().store;
    let key = Key::new(s.namespace.as_str(), s.name.clone());
    match s.resource {
        Resource::Node => store.nodes.contains_key(&s.name),
        Resource::Pod => store.pods.contains_key(&key),
        Resource::ReplicaSet => store.replica_sets.contains_key(&key),
        Resource::Deployment => store.deployments.contains_key(&key),
        Resource::Service => store.services.contains_key(&key),
        _ => true,
    }
}

/// The object's fields, its scheduling (pods) and its actions, by kind.
fn body(cx: &BoardCtx, s: &Selected) -> Html {
    let store = &cx.sim.kube().store;
    let key = Key::new(s.namespace.as_str(), s.name.clone());
    match s.resource {
        Resource::Pod => store.pods.get(&key).map_or(html! {}, |p| {
            html! { <>{ details::pod(cx, p) }{ scheduling::view(cx, p) }{ actions::pod(cx, p) }</> }
        }),
        Resource::Node => store.nodes.get(&s.name).map_or(html! {}, |n| html! { <>{ details::node(cx, n) }{ actions::node(cx, n) }</> }),
        Resource::Deployment => {
            store.deployments.get(&key).map_or(html! {}, |d| html! { <>{ details::deployment(cx, d) }{ actions::deployment(cx, d) }</> })
        }
        Resource::ReplicaSet => store.replica_sets.get(&key).map_or(html! {}, |rs| details::replica_set(cx, rs)),
        Resource::Service => store.services.get(&key).map_or(html! {}, |svc| html! { <>{ details::service(cx, svc) }{ actions::service(cx, svc) }</> }),
        _ => html! {},
    }
}

/// The events about the selected object, oldest first.
fn events(cx: &BoardCtx, s: &Selected) -> Html {
    let now = cx.sim.now();
    let events = cx.sim.events().by_last_seen();
    let rows: Vec<Html> = events
        .iter()
        .filter(|e| s.is(&e.object))
        .map(|e| {
            let count = if e.count > 1 { format!(" (×{})", e.count) } else { String::new() };
            html! {
                <li key={e.seq} class={classes!("event", if e.type_.as_str() == "Warning" { "is-warning" } else { "is-normal" })}
                    data-kind="event" data-reason={e.reason.clone()}>
                    <span class="age">{ format_duration(now.since(e.last_seen)) }{ count }</span>{" "}
                    <span class="reason">{ e.reason.clone() }</span>{" "}
                    <span class="message" lang="en">{ e.message.clone() }</span>
                </li>
            }
        })
        .collect();
    if rows.is_empty() {
        return html! { <p class="empty">{ cx.t(Text::NoEventsAbout) }</p> };
    }
    html! { <ol class="inspector-events">{ for rows }</ol> }
}

pub fn view(cx: &BoardCtx) -> Html {
    let Some(s) = cx.selected else { return html! {} };
    let close = cx.link.callback(|_: MouseEvent| Msg::Select(None));
    let label = s.label();
    html! {
        <section class="inspector" data-kind="inspector" data-object={label.clone()} aria-labelledby="inspector-title">
            <header class="inspector-head">
                <h2 class="section-title" id="inspector-title" tabindex="-1"><span lang="en">{ label }</span></h2>
                <button type="button" class="ghost" data-action="deselect" onclick={close}
                    aria-label={cx.t(Text::CloseInspector)} title={cx.t(Text::CloseInspector)}>{ "✕" }</button>
            </header>
            if !exists(cx, s) {
                <p class="gone" role="status">{ cx.t(Text::ObjectGone) }</p>
            }
            if let Some(e) = cx.inspector_error {
                <p class="refusal" data-kind="inspector-refusal" role="alert">{ cx.t(Text::Refused(e)) }</p>
            }
            { body(cx, s) }
            <h3 class="inspector-sub">{ cx.t(Text::Events) }</h3>
            { events(cx, s) }
        </section>
    }
}

/// The small "details" button that selects an object, on cards and rows.
pub fn select_button(cx: &BoardCtx, target: Selected) -> Html {
    let pressed = cx.selected == Some(&target);
    crate::memo::select_button(cx.link, cx.lang, target, pressed)
}
