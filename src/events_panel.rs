//! The newest events, like `kubectl get events` (LAST SEEN, TYPE, REASON,
//! OBJECT, MESSAGE), newest at the top. Headings are translated; the events
//! themselves stay in Kubernetes' English.

use crate::i18n::{tr, Lang, Text};
use podium_engine::clock::format_duration;
use podium_engine::Sim;
use yew::prelude::*;

/// How many events the panel lists.
pub const SHOWN: usize = 200;

pub fn view(sim: &Sim, lang: Lang) -> Html {
    let t = |x: Text| tr(lang, x);
    let now = sim.now();
    let events = sim.events().by_last_seen();
    let rows = events.iter().rev().take(SHOWN).map(|e| {
        let object = format!("{}/{}", e.object.kind.to_lowercase(), e.object.name);
        let count = if e.count > 1 { format!(" (×{})", e.count) } else { String::new() };
        html! {
            <tr class={classes!("event", if e.type_.as_str() == "Warning" { "is-warning" } else { "is-normal" })}
                data-kind="event" data-reason={e.reason.clone()} data-object={object.clone()}>
                <td class="age">{ format_duration(now.since(e.last_seen)) }{ count }</td>
                <td class="type">{ e.type_.as_str() }</td>
                <td class="reason">{ e.reason.clone() }</td>
                <td class="object">{ object }</td>
                <td class="message">{ e.message.clone() }</td>
            </tr>
        }
    });
    html! {
        <section class="events-panel" data-kind="events" aria-labelledby="events-title">
            <h2 class="section-title" id="events-title">
                { t(Text::Events) }<span class="count">{ events.len() }</span>
                <span class="sub">{ t(Text::NewestFirst) }</span>
            </h2>
            if events.is_empty() {
                <p class="empty">{ t(Text::NoEvents) }</p>
            } else {
                <div class="events-scroll" tabindex="0" role="region" aria-labelledby="events-title">
                    <table class="events-table" lang="en">
                        <thead lang={lang.code()}>
                            <tr>
                                <th scope="col">{ t(Text::ColAge) }</th>
                                <th scope="col">{ t(Text::ColType) }</th>
                                <th scope="col">{ t(Text::ColReason) }</th>
                                <th scope="col">{ t(Text::ColObject) }</th>
                                <th scope="col">{ t(Text::ColMessage) }</th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
        </section>
    }
}
