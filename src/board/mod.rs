//! The board: the pending lane, the nodes as drop zones, and the pods on them.
//! Views are plain functions of `BoardCtx`; every interaction is an `app::Msg`.

pub mod cache;
pub mod drag;
pub mod kill_focus;
pub mod node_card;
pub mod pending_lane;
pub mod pod_card;

use crate::app::{App, Msg};
use crate::i18n::{tr, Lang, Text};
use crate::owners::{Owner, Owners};
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
    /// Every owner of the board, sorted (`owners::palette`, kept by `owners::refresh_palette`).
    pub palette: Vec<Owner>,
    pub owners: Owners<'a>,
    pub link: &'a Scope<App>,
}

/// What the board's view models read (`node_card::NodeVm`, `pod_card::PodVm`, `cache`): the
/// `BoardCtx` without its link, so they are built and checked without a page (natively tested).
pub struct VmCtx<'a> {
    pub sim: &'a Sim,
    pub lang: Lang,
    pub carry: &'a Carry,
    pub refusal: Option<&'a Refusal>,
    pub selected: Option<&'a crate::selection::Selected>,
    pub palette: &'a [Owner],
    pub owners: &'a Owners<'a>,
}

impl<'a> VmCtx<'a> {
    /// The pod being carried, when it is still a pending pod.
    pub fn carried(&self) -> Option<&'a Pod> {
        self.carry.pod().and_then(|k| self.sim.kube().store.pods.get(k))
    }
}

impl<'a> BoardCtx<'a> {
    pub fn t(&self, text: Text<'_>) -> String {
        tr(self.lang, text)
    }

    pub fn vm(&self) -> VmCtx<'_> {
        VmCtx {
            sim: self.sim,
            lang: self.lang,
            carry: self.carry,
            refusal: self.refusal,
            selected: self.selected,
            palette: &self.palette,
            owners: &self.owners,
        }
    }

    /// The pod being carried, when it is still a pending pod.
    pub fn carried(&self) -> Option<&Pod> {
        self.vm().carried()
    }
}

/// Pods without a node that can still run: the pending lane's cards.
pub fn pending_pods(sim: &Sim) -> Vec<&Pod> {
    sim.kube().store.pods.values().filter(|p| p.node().is_none() && !p.is_terminal()).collect()
}

/// Above these, nodes show their pods as small dots instead of cards.
pub const COMPACT_NODES: usize = 30;
pub const COMPACT_PODS: usize = 300;

/// Whether the cluster is large enough for the compact view.
pub fn compact(sim: &Sim) -> bool {
    let store = &sim.kube().store;
    store.nodes.len() > COMPACT_NODES || store.pods.len() > COMPACT_PODS
}

/// A machine the Cluster Autoscaler is booting: no Node object yet, so no drop zone.
fn booting_card(cx: &BoardCtx, name: &str, group: &str, ready_in: u64) -> Html {
    html! {
        <article class="node is-booting" key={format!("boot-{name}")} data-kind="node-booting" data-name={name.to_string()} data-group={group.to_string()}>
            <header class="node-head">
                <h3 class="node-name">{ name.to_string() }</h3>
                <span class="node-status boot"><span class="dot" aria-hidden="true"></span>{ cx.t(Text::BootingNode) }</span>
            </header>
            <p class="boot-note">{ cx.t(Text::JoinsIn(group, &podium_engine::clock::format_duration(ready_in))) }</p>
        </article>
    }
}

/// The board, its nodes' view models kept in `cache` while unchanged.
pub fn view(cx: &BoardCtx, cache: &mut cache::Cache) -> Html {
    let kube = cx.sim.kube();
    let compact = compact(cx.sim);
    let nodes: Vec<Html> = cache.nodes(&cx.vm(), compact).into_iter().map(|vm| node_card::view(cx.link, vm)).collect();
    let now = cx.sim.now().secs();
    let booting: Vec<Html> =
        kube.autoscaler.booting.iter().map(|(name, b)| booting_card(cx, name, &b.group, b.ready_at.secs().saturating_sub(now))).collect();
    html! {
        <section class={classes!("board", compact.then_some("is-compact"))} aria-label={cx.t(Text::Nodes)} data-compact={compact.to_string()}>
            { pending_lane::view(cx) }
            <h2 class="section-title">{ cx.t(Text::Nodes) }<span class="count">{ kube.store.nodes.len() }</span>
                if compact { <span class="sub">{ cx.t(Text::CompactNote) }</span> }
            </h2>
            <div class="nodes">{ for nodes }{ for booting }</div>
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
