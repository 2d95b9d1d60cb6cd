//! The newest events, like `kubectl get events` (LAST SEEN, TYPE, REASON,
//! OBJECT, MESSAGE), newest at the top. Headings are translated; the events
//! themselves stay in Kubernetes' English.

use crate::i18n::{tr, Lang, Text};
use podium_engine::clock::format_duration;
use podium_engine::events::Event;
use podium_engine::Sim;
use crate::app::App;
use crate::memo::memo;
use crate::table::column_heads;
use yew::html::Scope;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// How many events the panel lists.
pub const SHOWN: usize = 200;

/// What a row says besides its age: memoized (`crate::memo`), so a tick, which changes every
/// row's age, re-draws 200 age cells, not 200 rows. The row itself (with its age cell) is built
/// by `view`; the strings it repeats as attributes are shared with this, not copied. An event's
/// type, reason, object and message never change (a repeat only moves its count and last time),
/// so each row is made once and kept (`Rows`), and compares by pointer.
#[derive(Clone, PartialEq, Eq)]
pub struct Row {
    pub type_: &'static str,
    pub reason: AttrValue,
    pub object: AttrValue,
    pub message: String,
}

impl Row {
    fn of(e: &Event) -> Row {
        Row {
            type_: e.type_.as_str(),
            reason: AttrValue::from(e.reason.clone()),
            object: AttrValue::from(format!("{}/{}", e.object.kind.to_lowercase(), e.object.name)),
            message: e.message.clone(),
        }
    }

    /// Whether this row is `e`'s (a reset or an import starts the sequence numbers again).
    fn is_of(&self, e: &Event) -> bool {
        self.type_ == e.type_.as_str()
            && *self.reason == e.reason
            && *self.message == e.message
            && self.object.split_once('/').is_some_and(|(kind, name)| kind.eq_ignore_ascii_case(&e.object.kind) && name == e.object.name)
    }
}

/// The rows of the events shown, by the event's sequence number, kept from one render to the next.
#[derive(Default)]
pub struct Rows(BTreeMap<u64, Rc<Row>>);

impl Rows {
    /// The rows of `shown`, in its order: the kept row where it is still that event's, else a new
    /// one; rows of events no longer shown are let go.
    pub fn keep(&mut self, shown: &[&Event]) -> Vec<Rc<Row>> {
        let mut old = std::mem::take(&mut self.0);
        shown
            .iter()
            .map(|e| {
                let row = match old.remove(&e.seq) {
                    Some(r) if r.is_of(e) => r,
                    _ => Rc::new(Row::of(e)),
                };
                self.0.insert(e.seq, row.clone());
                row
            })
            .collect()
    }
}

fn cells(r: &Rc<Row>, _: &Scope<App>) -> Html {
    html! {
        <>
            <td class="type">{ r.type_ }</td>
            <td class="reason">{ r.reason.clone() }</td>
            <td class="object">{ r.object.clone() }</td>
            <td class="message">{ r.message.clone() }</td>
        </>
    }
}

/// The newest `SHOWN` events, newest first: `by_last_seen`'s order reversed (ties: the later in
/// the log first), without sorting the whole log on every render (a large cluster logs
/// thousands). Read from the end, the log is nearly in that order already (only a repeated
/// event moves up), so most events are passed over with one comparison; and no slice sort or
/// selection is compiled for this one list.
pub fn newest(events: &[Event]) -> Vec<&Event> {
    let key = |e: &Event| (e.last_seen, e.seq);
    let mut newest: Vec<&Event> = Vec::with_capacity(SHOWN + 1);
    for e in events.iter().rev() {
        let k = key(e);
        if newest.len() == SHOWN && newest.last().is_some_and(|last| key(last) >= k) {
            continue;
        }
        let at = newest.partition_point(|n| key(n) >= k);
        newest.insert(at, e);
        newest.truncate(SHOWN);
    }
    newest
}

pub fn view(sim: &Sim, lang: Lang, link: &Scope<App>, kept: &mut Rows) -> Html {
    let t = |x: Text| tr(lang, x);
    let now = sim.now();
    let events = sim.events().all();
    // Keyed by the event's sequence number, so a new event at the top moves the rows below
    // instead of changing every row.
    let shown = newest(events);
    let rows = shown.iter().zip(kept.keep(&shown)).map(|(e, r)| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use podium_engine::events::{EventLog, EventType, NewEvent};
    use podium_engine::kube::meta::ObjectReference;
    use podium_engine::SimTime;

    fn record(log: &mut EventLog, at: u64, msg: &str) {
        let object = ObjectReference { kind: "Pod".into(), namespace: "default".into(), name: "p".into(), ..Default::default() };
        log.record(SimTime(at), NewEvent { type_: EventType::Normal, reason: "Pulled", object, message: msg.into(), source: "kubelet", host: "" });
    }

    /// What `newest` must give: the log sorted as `kubectl get events` lists it, reversed, cut.
    fn expected(log: &EventLog) -> Vec<u64> {
        log.by_last_seen().iter().rev().take(SHOWN).map(|e| e.seq).collect()
    }

    #[test]
    fn newest_first_as_the_sorted_log_reversed() {
        let mut log = EventLog::default();
        // 450 events, 3 per second, then old ones repeated (moved to the top) and same-second ties.
        for i in 0..450 {
            record(&mut log, i / 3, &format!("m{i}"));
        }
        for (at, i) in [(150, 7), (150, 300), (151, 0), (151, 449), (152, 120)] {
            record(&mut log, at, &format!("m{i}"));
        }
        let got: Vec<u64> = newest(log.all()).iter().map(|e| e.seq).collect();
        assert_eq!(got.len(), SHOWN);
        assert_eq!(got, expected(&log));
        assert_eq!(&got[..6], &[120, 449, 0, 300, 7, 448]);
    }

    #[test]
    fn a_short_log_is_all_shown() {
        let mut log = EventLog::default();
        for i in 0..5 {
            record(&mut log, 10 - i, &format!("m{i}"));
        }
        let got: Vec<u64> = newest(log.all()).iter().map(|e| e.seq).collect();
        assert_eq!(got, vec![0, 1, 2, 3, 4]);
        assert_eq!(got, expected(&log));
        assert!(newest(&[]).is_empty());
    }

    #[test]
    fn rows_are_made_once_per_event_and_let_go_when_it_is_no_longer_shown() {
        let mut log = EventLog::default();
        for i in 0..3 {
            record(&mut log, i, &format!("m{i}"));
        }
        let mut rows = Rows::default();
        let first = rows.keep(&newest(log.all()));
        assert_eq!(first.iter().map(|r| r.message.as_str()).collect::<Vec<_>>(), ["m2", "m1", "m0"]);
        assert_eq!(&*first[0].object, "pod/p");
        // A repeat of m0 moves it to the top; every row is the one made before.
        record(&mut log, 5, "m0");
        let again = rows.keep(&newest(log.all()));
        assert_eq!(again.iter().map(|r| r.message.as_str()).collect::<Vec<_>>(), ["m0", "m2", "m1"]);
        assert!(Rc::ptr_eq(&again[0], &first[2]) && Rc::ptr_eq(&again[1], &first[0]));
        // Another log (a reset) numbers its events from 0 again: rows are made anew, and the
        // old ones are let go.
        let mut other = EventLog::default();
        record(&mut other, 0, "other");
        let reset = rows.keep(&newest(other.all()));
        assert_eq!(reset[0].message, "other");
        assert_eq!(rows.0.len(), 1);
    }
}
