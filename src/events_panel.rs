//! The newest events, like `kubectl get events` (LAST SEEN, TYPE, REASON,
//! OBJECT, MESSAGE), newest at the top. Headings are translated; the events
//! themselves stay in Kubernetes' English.

use crate::i18n::{tr, Lang, Text};
use podium_engine::clock::format_duration;
use podium_engine::Sim;
use crate::app::App;
use crate::memo::memo;
use crate::table::column_heads;
use yew::html::Scope;
use yew::prelude::*;

/// How many events the panel lists.
pub const SHOWN: usize = 200;

/// What a row says besides its age: memoized (`crate::memo`), so a tick, which changes every
/// row's age, re-draws 200 age cells, not 200 rows. The row itself (with its age cell) is built
/// by `view`; the strings it repeats as attributes are shared with this, not copied.
#[derive(Clone, PartialEq)]
pub struct Row {
    pub type_: &'static str,
    pub reason: AttrValue,
    pub object: AttrValue,
    pub message: String,
}

fn cells(r: &Row, _: &Scope<App>) -> Html {
    html! {
        <>
            <td class="type">{ r.type_ }</td>
            <td class="reason">{ r.reason.clone() }</td>
            <td class="object">{ r.object.clone() }</td>
            <td class="message">{ r.message.clone() }</td>
        </>
    }
}

pub fn view(sim: &Sim, lang: Lang, link: &Scope<App>) -> Html {
    let t = |x: Text| tr(lang, x);
    let now = sim.now();
    let events = sim.events().all();
    // The newest `SHOWN` in `by_last_seen`'s order reversed (its stable sort: ties keep the log's
    // order), without sorting the whole log on every render: a large cluster logs thousands.
    let mut newest: Vec<(usize, &podium_engine::events::Event)> = events.iter().enumerate().collect();
    let newest_first = |(i, e): &(usize, &podium_engine::events::Event)| std::cmp::Reverse((e.last_seen, e.seq, *i));
    if newest.len() > SHOWN {
        newest.select_nth_unstable_by_key(SHOWN - 1, newest_first);
        newest.truncate(SHOWN);
    }
    newest.sort_unstable_by_key(newest_first);
    // Keyed by the event's sequence number, so a new event at the top moves the rows below
    // instead of changing every row.
    let rows = newest.into_iter().map(|(_, e)| {
        let r = Row {
            type_: e.type_.as_str(),
            reason: AttrValue::from(e.reason.clone()),
            object: AttrValue::from(format!("{}/{}", e.object.kind.to_lowercase(), e.object.name)),
            message: e.message.clone(),
        };
        let count = if e.count > 1 { format!(" (×{})", e.count) } else { String::new() };
        let class = if e.type_.as_str() == "Warning" { "event is-warning" } else { "event is-normal" };
        html! {
            <tr key={e.seq.to_string()} {class} data-kind="event" data-reason={r.reason.clone()} data-object={r.object.clone()}>
                <td class="age">{ format_duration(now.since(e.last_seen)) }{ count }</td>
                { memo("cells".to_string(), link, r, cells) }
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
                            <tr>{ column_heads(lang, &[Text::ColAge, Text::ColType, Text::ColReason, Text::ColObject, Text::ColMessage]) }</tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
        </section>
    }
}
