//! Rendering only what changed. Every beat (4 a second while playing) re-renders the App; a
//! part wrapped in `Memo` is a component whose props are a small view model read from the
//! `Sim` (plain data, compared with `PartialEq`) and the function that draws it, so Yew skips
//! the part — building its virtual DOM and diffing it — when its view model is unchanged.
//! A node card with its pods, a Service with its endpoints, a Deployment, an event row.

use crate::app::{App, Msg};
use crate::i18n::{tr, Lang, Text};
use crate::selection::Selected;
use std::marker::PhantomData;
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
        self.view as usize == other.view as usize && self.data == other.data
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
        let p = ctx.props();
        (p.view)(&p.data, &p.link.0)
    }
}

/// `data` drawn by `view`, re-drawn only when `data` changes; keyed among its siblings.
pub fn memo<T: PartialEq + 'static>(key: String, link: &Scope<App>, data: T, view: fn(&T, &Scope<App>) -> Html) -> Html {
    html! { <Memo<T> {key} {data} {view} link={Link(link.clone())} /> }
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
