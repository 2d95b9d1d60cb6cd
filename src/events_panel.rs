//! The newest events, like `kubectl get events` (LAST SEEN, TYPE, REASON,
//! OBJECT, MESSAGE), newest at the top. Headings are translated; the events
//! themselves stay in Kubernetes' English.

use crate::i18n::{tr, Lang, Text};
use podium_engine::clock::format_duration;
use podium_engine::Sim;
use crate::app::App;
use crate::memo::memo;
use yew::html::Scope;
use yew::prelude::*;

/// How many events the panel lists.
pub const SHOWN: usize = 200;

/// The clock the rows' ages are counted from, given to them as a context: an age changes every
/// second for every row, so it is not part of the memoized row; each row's age cell (`Age`) reads
/// the clock and is the only part drawn again on a tick (200 cells instead of 200 rows).
#[derive(Clone, Copy, PartialEq)]
struct Now(u64);

#[derive(Properties, PartialEq)]
struct AgeProps {
    last_seen: u64,
    count: u32,
}

#[function_component]
fn Age(p: &AgeProps) -> Html {
    let now = use_context::<Now>().map_or(p.last_seen, |n| n.0);
    let count = if p.count > 1 { format!(" (×{})", p.count) } else { String::new() };
    html! { <td class="age">{ format_duration(now.saturating_sub(p.last_seen)) }{ count }</td> }
}

/// One row of the table: drawn again only when it changes (its count; `crate::memo`).
#[derive(Clone, PartialEq)]
pub struct Row {
    /// Virtual seconds; the age shown is counted from `Now`.
    pub last_seen: u64,
    pub count: u32,
    pub warning: bool,
    pub type_: &'static str,
    pub reason: String,
    pub object: String,
    pub message: String,
}

fn row(r: &Row, _: &Scope<App>) -> Html {
    html! {
        <tr class={classes!("event", if r.warning { "is-warning" } else { "is-normal" })}
            data-kind="event" data-reason={r.reason.clone()} data-object={r.object.clone()}>
            <Age last_seen={r.last_seen} count={r.count} />
            <td class="type">{ r.type_ }</td>
            <td class="reason">{ r.reason.clone() }</td>
            <td class="object">{ r.object.clone() }</td>
            <td class="message">{ r.message.clone() }</td>
        </tr>
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
            last_seen: e.last_seen.secs(),
            count: e.count,
            warning: e.type_.as_str() == "Warning",
            type_: e.type_.as_str(),
            reason: e.reason.clone(),
            object: format!("{}/{}", e.object.kind.to_lowercase(), e.object.name),
            message: e.message.clone(),
        };
        memo(e.seq.to_string(), link, r, row)
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
                        <ContextProvider<Now> context={Now(now.secs())}>
                            <tbody>{ for rows }</tbody>
                        </ContextProvider<Now>>
                    </table>
                </div>
            }
        </section>
    }
}
