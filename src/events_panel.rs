//! The newest events, like `kubectl get events` (LAST SEEN, TYPE, REASON,
//! OBJECT, MESSAGE), newest at the top. Headings are translated; the events
//! themselves stay in Kubernetes' English.

use crate::i18n::{tr, Lang, Text};
use podium_engine::clock::format_duration;
use podium_engine::events::Event;
use podium_engine::Sim;
use crate::app::App;
use crate::memo::{memo, Link};
use podium_engine::SimTime;
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
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
    let events = sim.events().all();
    let shown = newest(events);
    let rows: Vec<Shown> = shown.iter().zip(kept.keep(&shown)).map(|(e, row)| Shown { seq: e.seq, row, last_seen: e.last_seen, count: e.count }).collect();
    html! {
        <section class="events-panel" data-kind="events" aria-labelledby="events-title">
            <h2 class="section-title" id="events-title">
                { t(Text::Events) }<span class="count">{ events.len() }</span>
                <span class="sub">{ t(Text::NewestFirst) }</span>
            </h2>
            if events.is_empty() {
                <p class="empty">{ t(Text::NoEvents) }</p>
            } else {
                <Table rows={Rc::new(rows)} now={sim.now()} {lang} link={Link(link.clone())} />
            }
        </section>
    }
}

/// One row of the table: the event's kept `Row` and what its age cell shows.
#[derive(Clone, PartialEq)]
pub struct Shown {
    pub seq: u64,
    pub row: Rc<Row>,
    pub last_seen: SimTime,
    pub count: u32,
}

impl Shown {
    /// kubectl's LAST SEEN (`format_duration`), with the repeat count.
    fn age(&self, now: SimTime) -> String {
        let age = format_duration(now.since(self.last_seen));
        if self.count > 1 { format!("{age} (×{})", self.count) } else { age }
    }
}

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub rows: Rc<Vec<Shown>>,
    pub now: SimTime,
    pub lang: Lang,
    pub link: Link,
}

/// The table of the shown events. Every age changes with the clock, every second while it plays,
/// but the rows only when an event is recorded or repeated: so a tick that records nothing does
/// not draw the table at all (`changed` returns false); the age cells, which Yew draws empty, are
/// written here, only where the text changed and only for the rows in or near the scroll box's
/// view (an `IntersectionObserver` on the rows; a row coming into view is written as it comes),
/// so a tick costs a few text writes instead of 200 rows built, diffed and written.
pub struct Table {
    scroll: NodeRef,
    ages: Rc<RefCell<Ages>>,
    observer: Option<RowObserver>,
}

/// The age cells and what they show, shared with the observer's callback.
#[derive(Default)]
struct Ages {
    now: SimTime,
    rows: Rc<Vec<Shown>>,
    /// The age cell of each row, in `rows`' order (a plain list: no map compiled for this alone).
    cells: Vec<Option<AgeCell>>,
}

struct AgeCell {
    seq: u64,
    td: Element,
    /// The text written, `None` before the first write.
    text: Option<String>,
    /// In or near the scroll box's view, as the observer last said (a new row counts as seen).
    seen: bool,
}

impl Ages {
    /// Writes the age of each row in view whose text changed.
    fn write(&mut self) {
        let now = self.now;
        for (r, cell) in self.rows.iter().zip(&mut self.cells) {
            if let Some(cell) = cell.as_mut().filter(|c| c.seen) {
                cell.show(r.age(now));
            }
        }
    }

    /// After a render: the cells of the rows now shown (kept ones are the same elements: rows are
    /// keyed by `seq`), the others let go. Returns the rows come and gone, to observe or not.
    fn collect(&mut self, scroll: &Element) -> (Vec<Element>, Vec<Element>) {
        let mut old = std::mem::take(&mut self.cells);
        let mut came = Vec::new();
        for r in self.rows.iter() {
            let kept = old.iter_mut().find(|c| c.as_ref().is_some_and(|c| c.seq == r.seq)).and_then(Option::take);
            let cell = kept.or_else(|| {
                let td = scroll.query_selector(&format!("tr[data-seq=\"{}\"] > td.age", r.seq)).ok().flatten()?;
                came.extend(td.parent_element());
                Some(AgeCell { seq: r.seq, td, text: None, seen: true })
            });
            self.cells.push(cell);
        }
        (came, old.into_iter().flatten().filter_map(|c| c.td.parent_element()).collect())
    }

    fn seen(&mut self, seq: u64, on: bool) {
        let Some(i) = self.rows.iter().position(|r| r.seq == seq) else { return };
        let age = self.rows[i].age(self.now);
        if let Some(cell) = self.cells.get_mut(i).and_then(Option::as_mut) {
            cell.seen = on;
            if on {
                cell.show(age);
            }
        }
    }
}

impl AgeCell {
    fn show(&mut self, text: String) {
        if self.text.as_deref() != Some(text.as_str()) {
            self.td.set_text_content(Some(&text));
            self.text = Some(text);
        }
    }
}

impl Component for Table {
    type Message = ();
    type Properties = TableProps;

    fn create(ctx: &Context<Self>) -> Self {
        let p = ctx.props();
        let ages = Ages { now: p.now, rows: p.rows.clone(), cells: Vec::new() };
        Table { scroll: NodeRef::default(), ages: Rc::new(RefCell::new(ages)), observer: None }
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &TableProps) -> bool {
        let p = ctx.props();
        let mut ages = self.ages.borrow_mut();
        ages.now = p.now;
        if p.rows == old.rows && p.lang == old.lang {
            ages.write();
            return false;
        }
        ages.rows = p.rows.clone();
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let link = &p.link.0;
        // Keyed by the event's sequence number, so a new event at the top moves the rows below
        // instead of changing every row.
        let rows = p.rows.iter().map(|s| {
            let r = &s.row;
            let class = if r.type_ == "Warning" { "event is-warning" } else { "event is-normal" };
            html! {
                <tr key={s.seq} {class} data-kind="event" data-seq={s.seq.to_string()} data-reason={r.reason.clone()} data-object={r.object.clone()}>
                    <td class="age"></td>
                    { memo("cells".to_string(), link, r.clone(), cells) }
                </tr>
            }
        });
        html! {
            <div class="events-scroll" tabindex="0" role="region" aria-labelledby="events-title" ref={self.scroll.clone()}>
                <table class="events-table" lang="en">
                    <thead lang={p.lang.code()}>
                        <tr>{ column_heads(p.lang, &[Text::ColAge, Text::ColType, Text::ColReason, Text::ColObject, Text::ColMessage]) }</tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        }
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        let Some(scroll) = self.scroll.cast::<Element>() else { return };
        let (came, gone) = self.ages.borrow_mut().collect(&scroll);
        self.ages.borrow_mut().write();
        if self.observer.is_none() {
            self.observer = observe_rows(&scroll, &self.ages);
        }
        // A row is written until the observer, once it observes the row, says it is out of view.
        if let Some((observer, _)) = &self.observer {
            for tr in &gone {
                observer.unobserve(tr);
            }
            for tr in &came {
                observer.observe(tr);
            }
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        if let Some((observer, _)) = self.observer.take() {
            observer.disconnect();
        }
    }
}

/// The observer of the rows and its callback, kept alive as long as it observes.
type RowObserver = (IntersectionObserver, Closure<dyn Fn(js_sys::Array)>);

/// An observer of the rows in or within a screenful (`ROOT_MARGIN`) of the scroll box's view.
fn observe_rows(scroll: &Element, ages: &Rc<RefCell<Ages>>) -> Option<RowObserver> {
    let ages = ages.clone();
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let mut ages = ages.borrow_mut();
        for entry in entries.iter() {
            let Ok(entry) = entry.dyn_into::<IntersectionObserverEntry>() else { continue };
            let seq = entry.target().get_attribute("data-seq").and_then(|s| s.parse::<u64>().ok());
            if let Some(seq) = seq {
                ages.seen(seq, entry.is_intersecting());
            }
        }
    });
    let init = IntersectionObserverInit::new();
    init.set_root(Some(scroll));
    init.set_root_margin(ROOT_MARGIN);
    let observer = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init).ok()?;
    Some((observer, callback))
}

/// How far beyond the scroll box's view a row's age is kept current, so a scroll shows rows
/// already written (the observer reports a row coming into view only after the frame it came in).
const ROOT_MARGIN: &str = "100% 0px";

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
