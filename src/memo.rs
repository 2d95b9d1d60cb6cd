//! Rendering only what changed. Every beat (4 a second while playing) re-renders the App; a
//! part wrapped in `Memo` is a component whose props are a small view model read from the
//! `Sim` (plain data, compared with `PartialEq`) and the function that draws it, so Yew skips
//! the part — building its virtual DOM and diffing it — when its view model is unchanged.
//! A node card with its pods, a Service with its endpoints, a Deployment, an event row.

use crate::app::{App, Msg};
use crate::i18n::{tr, Lang, Text};
use crate::selection::Selected;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::rc::Rc;
use yew::html::Scope;
use yew::prelude::*;

/// The App's scope, for callbacks made inside a memoized part. Always equal: callbacks made
/// from it send the same messages whichever render made them.
#[derive(Clone)]
pub struct Link(pub Scope<App>);

impl PartialEq for Link {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Properties)]
pub struct MemoProps<T: PartialEq + 'static> {
    pub data: T,
    pub view: fn(&T, &Scope<App>) -> Html,
    pub link: Link,
}

impl<T: PartialEq + 'static> PartialEq for MemoProps<T> {
    fn eq(&self, other: &Self) -> bool {
        !DRAW_ALL.with(Cell::get) && self.view as usize == other.view as usize && self.data == other.data
    }
}

thread_local! {
    static DRAW_ALL: Cell<bool> = const { Cell::new(false) };
    static DRAWN: Cell<u64> = const { Cell::new(0) };
}

/// How many times a memoized part has been drawn so far (for tests: a render that changes nothing
/// draws none).
pub fn drawn() -> u64 {
    DRAWN.with(Cell::get)
}

/// While on, every memoized part is drawn again on each render, from a view model built afresh
/// (`Kept` keeps nothing): what the page would show if nothing were skipped. For tests, which
/// compare it with what skipping showed (tests/panels.rs); the page never turns it on.
pub fn draw_all(on: bool) {
    DRAW_ALL.with(|d| d.set(on));
}

/// A view model shared between renders, equal only to itself: kept by `Kept` while the one built
/// now would equal it, so a part whose data is large (the console's log) is compared by pointer.
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The last render's view model of a part, kept while `still` says building it again would give
/// the same one (read from the state, without copying it); checked on every render, so nothing
/// relies on a record of what changed.
pub struct Kept<T>(RefCell<Option<Rc<T>>>);

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept(RefCell::new(None))
    }
}

impl<T> Kept<T> {
    pub fn get(&self, still: impl FnOnce(&T) -> bool, build: impl FnOnce() -> T) -> Shared<T> {
        let mut kept = self.0.borrow_mut();
        match kept.as_ref() {
            Some(old) if !DRAW_ALL.with(Cell::get) && still(old) => Shared(old.clone()),
            _ => {
                let vm = Rc::new(build());
                *kept = Some(vm.clone());
                Shared(vm)
            }
        }
    }
}

pub struct Memo<T>(PhantomData<T>);

impl<T: PartialEq + 'static> Component for Memo<T> {
    type Message = ();
    type Properties = MemoProps<T>;

    fn create(_: &Context<Self>) -> Self {
        Memo(PhantomData)
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        DRAWN.with(|d| d.set(d.get() + 1));
        let p = ctx.props();
        (p.view)(&p.data, &p.link.0)
    }
}

/// `data` drawn by `view`, re-drawn only when `data` changes; keyed among its siblings.
pub fn memo<T: PartialEq + 'static>(key: String, link: &Scope<App>, data: T, view: fn(&T, &Scope<App>) -> Html) -> Html {
    html! { <Memo<T> {key} {data} {view} link={Link(link.clone())} /> }
}

/// A panel's view model and the function that draws it, behind one type: every panel is the
/// same component (`Memo<Panel>`), so Yew's code for a component is compiled once for them all
/// instead of once per panel (about 1 KB of wasm each).
#[derive(Clone)]
pub struct Panel(Rc<dyn PanelVm>);

trait PanelVm {
    fn as_any(&self) -> &dyn Any;
    fn same(&self, other: &dyn PanelVm) -> bool;
    fn draw(&self, link: &Scope<App>) -> Html;
}

struct Drawn<T> {
    data: T,
    view: fn(&T, &Scope<App>) -> Html,
}

impl<T: PartialEq + 'static> PanelVm for Drawn<T> {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn same(&self, other: &dyn PanelVm) -> bool {
        other.as_any().downcast_ref::<Drawn<T>>().is_some_and(|o| o.view as usize == self.view as usize && o.data == self.data)
    }

    fn draw(&self, link: &Scope<App>) -> Html {
        (self.view)(&self.data, link)
    }
}

impl PartialEq for Panel {
    fn eq(&self, other: &Self) -> bool {
        self.0.same(&*other.0)
    }
}

fn draw_panel(p: &Panel, link: &Scope<App>) -> Html {
    p.0.draw(link)
}

/// `memo` for a panel of the page (one of a kind, keyed by its name).
pub fn panel<T: PartialEq + 'static>(key: &str, link: &Scope<App>, data: T, view: fn(&T, &Scope<App>) -> Html) -> Html {
    memo(key.to_string(), link, Panel(Rc::new(Drawn { data, view })), draw_panel)
}

/// The small "details" button that selects an object (`inspector::select_button`), from what a
/// view model holds.
pub fn select_button(link: &Scope<App>, lang: Lang, target: Selected, pressed: bool) -> Html {
    let label = tr(lang, Text::ShowDetails(&target.label()));
    let onclick = link.callback(move |e: MouseEvent| {
        e.stop_propagation();
        Msg::Select(Some(target.clone()))
    });
    html! {
        <button type="button" class="select" data-action="select" aria-pressed={pressed.to_string()}
            aria-label={label.clone()} title={label} {onclick}>{ "ⓘ" }</button>
    }
}
