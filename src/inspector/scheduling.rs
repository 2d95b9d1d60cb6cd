//! Why a pod is where it is, or still waits: the scheduler's latest decision about it
//! (`Kube::scheduler.decision_for`), one row per node searched — the filter plugin that
//! refused the node and its reason in the scheduler's English, or each scoring plugin's
//! score and weight and the total — with the chosen node marked, as
//! kube-scheduler-simulator shows it. Pods placed by hand say so.

use crate::board::BoardCtx;
use crate::i18n::Text;
use crate::table::column_heads;
use podium_engine::clock::format_duration;
use podium_engine::kube::pod::Pod;
use podium_engine::kube::scheduler::{Decision, NodeVerdict, Plugin};
use podium_engine::kube::Key;
use yew::prelude::*;

pub const DEFAULT_SCHEDULER: &str = "default-scheduler";

/// Whether the pod was bound by a learner's drop (`Action::Bind` records it in the Scheduled event).
fn bound_by_hand(cx: &BoardCtx, pod: &Pod) -> bool {
    let me = crate::selection::Selected::new(podium_engine::Resource::Pod, pod.metadata.ns(), &pod.metadata.name);
    cx.sim.events().by_last_seen().iter().any(|e| e.reason == "Scheduled" && me.is(&e.object) && e.message.ends_with("(bound by hand)"))
}

/// Scoring plugins in the order the decision lists them.
fn plugins(d: &Decision) -> Vec<Plugin> {
    let mut out: Vec<Plugin> = Vec::new();
    for s in d.nodes.iter().flat_map(|v| &v.scores) {
        if !out.contains(&s.plugin) {
            out.push(s.plugin);
        }
    }
    out
}

fn not_scored(cx: &BoardCtx) -> Html {
    html! { <td class="num"><span aria-hidden="true">{ "—" }</span><span class="sr-only">{ cx.t(Text::NotScored) }</span></td> }
}

fn row(cx: &BoardCtx, v: &NodeVerdict, chosen: bool, plugins: &[Plugin]) -> Html {
    let passed = v.reasons.is_empty();
    let verdict = if passed {
        html! { <span class="ok"><span aria-hidden="true">{ "✓ " }</span>{ cx.t(Text::Passed) }</span> }
    } else {
        let plugin = v.filter.map_or("", Plugin::name);
        html! {
            <span class="no"><span aria-hidden="true">{ "✕ " }</span>{ cx.t(Text::RefusedBy(plugin)) }{ " " }
                <span lang="en" class="reason">{ v.reasons.join(", ") }</span></span>
        }
    };
    let cells = plugins.iter().map(|p| match v.scores.iter().find(|s| s.plugin == *p) {
        Some(s) => html! {
            <td class="num" data-plugin={p.name()} data-score={s.score.to_string()} data-raw={s.raw.map(|r| r.to_string())}>
                if let Some(r) = s.raw {
                    <span class="raw">{ format!("{r} ⇒ ") }</span>
                }
                { s.score }<span class="weighted">{ format!(" → {}", s.weighted()) }</span>
            </td>
        },
        None => not_scored(cx),
    });
    html! {
        <tr class={classes!(if passed { "is-passed" } else { "is-refused" }, chosen.then_some("is-chosen"))}
            data-kind="schedule-row" data-node={v.node.clone()} data-verdict={if passed { "passed" } else { "refused" }}
            data-filter={v.filter.map(Plugin::name)} data-chosen={chosen.then_some("true")}>
            <th scope="row">
                <span lang="en">{ v.node.clone() }</span>
                if chosen {
                    <span class="chosen-mark">{ " ★ " }{ cx.t(Text::Chosen) }</span>
                }
            </th>
            <td>{ verdict }</td>
            { for cells }
            if passed {
                <td class="num total" data-total={v.total().to_string()}><strong>{ v.total() }</strong></td>
            } else {
                { not_scored(cx) }
            }
        </tr>
    }
}

fn table(cx: &BoardCtx, d: &Decision) -> Html {
    let plugins = plugins(d);
    let ago = format_duration(cx.sim.now().since(d.time));
    let summary = match (&d.chosen, &d.message) {
        (Some(n), _) => html! { <p class="sched-summary ok">{ cx.t(Text::SchedChose(n)) }</p> },
        (None, msg) => html! {
            <p class="sched-summary no">{ cx.t(Text::SchedFailed) }{ " " }
                <span lang="en" data-kind="sched-message">{ msg.clone().unwrap_or_default() }</span></p>
        },
    };
    let heads = plugins.iter().map(|p| html! {
        <th scope="col"><span lang="en">{ p.name() }</span><span class="weight">{ format!(" ×{}", p.weight()) }</span></th>
    });
    let rows = d.nodes.iter().map(|v| row(cx, v, d.chosen.as_deref() == Some(v.node.as_str()), &plugins));
    html! {
        <>
            { summary }
            <div class="table-scroll">
                <table class="sched-table" data-kind="scheduling-table">
                    <caption>{ cx.t(Text::SchedAttempt(&ago)) }</caption>
                    <thead><tr>
                        { column_heads(cx.lang, &[Text::ColNode, Text::ColVerdict]) }
                        { for heads }
                        { column_heads(cx.lang, &[Text::ColTotal]) }
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <p class="hint">{ cx.t(Text::SchedHowToRead) }</p>
        </>
    }
}

pub fn view(cx: &BoardCtx, pod: &Pod) -> Html {
    let key = Key::of(&pod.metadata);
    let decision = cx.sim.kube().scheduler.decision_for(&key);
    let by_hand = bound_by_hand(cx, pod);
    let other_scheduler = pod.spec.scheduler_name != DEFAULT_SCHEDULER;
    let body = match (by_hand, pod.node(), decision) {
        (true, Some(n), d) => html! {
            <>
                <p class="sched-note" data-kind="sched-note" data-bound-by-hand="true">{ cx.t(Text::BoundByHand(n)) }</p>
                if let Some(d) = d { { table(cx, d) } }
            </>
        },
        (_, _, Some(d)) => table(cx, d),
        _ if other_scheduler => html! {
            <p class="sched-note" data-kind="sched-note">{ cx.t(Text::HandScheduled(&pod.spec.scheduler_name)) }</p>
        },
        _ => html! { <p class="empty">{ cx.t(Text::SchedNone) }</p> },
    };
    html! {
        <section class="inspector-block" data-kind="scheduling" aria-labelledby="inspector-sched">
            <h3 class="inspector-sub" id="inspector-sched">{ cx.t(Text::Scheduling) }</h3>
            { body }
        </section>
    }
}
