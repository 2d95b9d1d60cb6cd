//! The board: the pending lane, the nodes as drop zones, and the pods on them.
//! Views are plain functions of `BoardCtx`; every interaction is an `app::Msg`.

pub mod drag;
pub mod node_card;
pub mod pending_lane;
pub mod pod_card;

use crate::app::{App, Msg};
use crate::i18n::{tr, Lang, Text};
use crate::owners::Owner;
use drag::{Carry, Refusal};
use podium_engine::kube::pod::Pod;
use podium_engine::Sim;
use yew::html::Scope;
use yew::prelude::*;

/// What the board's views read.
pub struct BoardCtx<'a> {
    pub sim: &'a Sim,
    pub lang: Lang,
    pub carry: &'a Carry,
    pub refusal: Option<&'a Refusal>,
    pub selected: Option<&'a crate::selection::Selected>,
    /// The last refusal of an action taken in the inspector.
    pub inspector_error: Option<&'a str>,
    /// What the learner is typing in inspector fields (kept across re-renders).
    pub drafts: &'a std::collections::BTreeMap<String, String>,
    pub palette: Vec<Owner>,
    pub link: &'a Scope<App>,
}

impl BoardCtx<'_> {
    pub fn t(&self, text: Text<'_>) -> String {
        tr(self.lang, text)
    }

    /// The pod being carried, when it is still a pending pod.
    pub fn carried(&self) -> Option<&Pod> {
        self.carry.pod().and_then(|k| self.sim.kube().store.pods.get(k))
    }
}

/// Pods without a node that can still run: the pending lane's cards.
pub fn pending_pods(sim: &Sim) -> Vec<&Pod> {
    sim.kube().store.pods.values().filter(|p| p.node().is_none() && !p.is_terminal()).collect()
}

pub fn view(cx: &BoardCtx) -> Html {
    let nodes: Vec<Html> = cx.sim.kube().store.nodes.values().map(|n| node_card::view(cx, n)).collect();
    html! {
        <section class="board" aria-label={cx.t(Text::Nodes)}>
            { pending_lane::view(cx) }
            <h2 class="section-title">{ cx.t(Text::Nodes) }</h2>
            <div class="nodes">{ for nodes }</div>
        </section>
    }
}

/// Keys that matter while a pod is held, read at the board's root.
pub fn held_key(e: &KeyboardEvent) -> Option<Msg> {
    let on_node = e
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .and_then(|el| el.get_attribute("data-kind"))
        .is_some_and(|k| k == "node");
    let msg = match e.key().as_str() {
        "Escape" => Msg::Cancel,
        "ArrowRight" | "ArrowDown" => Msg::MoveTarget(1),
        "ArrowLeft" | "ArrowUp" => Msg::MoveTarget(-1),
        "Enter" | " " if on_node => Msg::DropOnTarget,
        _ => return None,
    };
    e.prevent_default();
    Some(msg)
}
