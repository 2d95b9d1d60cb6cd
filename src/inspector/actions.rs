//! What the learner can do to the selected object, each an engine `Action` sent through
//! `Msg::Act` (the app runs it with `Sim::act`; a refusal changes nothing and is shown in
//! the inspector): node cordon, drain, taint and untaint; Deployment scale, image,
//! rollback, pause, restart and simulated health; a Service's load; killing a pod.
//! Forms read their inputs when submitted, so typing never re-renders the board.

use crate::app::Msg;
use crate::board::BoardCtx;
use crate::i18n::{tr, Lang, Text};
use podium_engine::kube::health::PodSettings;
use podium_engine::kube::node::{Node, Taint};
use podium_engine::kube::pod::Pod;
use podium_engine::kube::selector::Selector;
use podium_engine::kube::service::Service;
use podium_engine::kube::workloads::Deployment;
use podium_engine::kube::Key;
use podium_engine::quantity::Quantity;
use podium_engine::{Action, Resource};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

/// The taint the form offers first.
pub const TAINT_PRESET: &str = "dedicated=gpu:NoSchedule";
/// A leak without a memory limit to exceed: this much per container.
pub const LEAK_WITHOUT_LIMIT: i64 = 1 << 30;

fn button(cx: &BoardCtx, action: &'static str, label: String, actions: Vec<Action>, done: String) -> Html {
    let onclick = cx.link.callback(move |_: MouseEvent| Msg::Act { actions: actions.clone(), done: done.clone(), applied: Vec::new() });
    html! { <button type="button" data-action={action} {onclick}>{ label }</button> }
}

/// An editable field's value: what the learner typed, else `current` (the engine's).
/// Yew sets a controlled input's value at every render, so a typed value must live in
/// the app (`Msg::Draft`) or the next clock tick would erase it. The input carries its key as
/// `data-draft`, so the form that applies it drops that draft alone (`draft_fields`).
fn field(cx: &BoardCtx, key: &str, current: &str) -> (String, Callback<InputEvent>, String) {
    let value = cx.drafts.get(key).cloned().unwrap_or_else(|| current.to_string());
    let key = key.to_string();
    let draft = key.clone();
    let oninput = cx.link.batch_callback(move |e: InputEvent| {
        let value = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok())?.value();
        Some(Msg::Draft { field: key.clone(), value })
    });
    (value, oninput, draft)
}

fn input(form: &Element, name: &str) -> Option<HtmlInputElement> {
    form.query_selector(&format!("[name=\"{name}\"]")).ok().flatten()?.dyn_into::<HtmlInputElement>().ok()
}

/// The fields with drafts (`field`) in `form`, which its submit applies.
fn draft_fields(form: &Element) -> Vec<String> {
    let Ok(inputs) = form.query_selector_all("[data-draft]") else { return Vec::new() };
    (0..inputs.length())
        .filter_map(|i| inputs.item(i)?.dyn_into::<Element>().ok()?.get_attribute("data-draft"))
        .collect()
}

/// A form's submit: reads the form's inputs, then an action or a learner-readable refusal.
fn on_submit(
    cx: &BoardCtx,
    read: impl Fn(&Element) -> Result<(Vec<Action>, String), String> + 'static,
) -> Callback<SubmitEvent> {
    cx.link.batch_callback(move |e: SubmitEvent| {
        e.prevent_default();
        let form = e.target().and_then(|t| t.dyn_into::<Element>().ok())?;
        Some(match read(&form) {
            Ok((actions, done)) => Msg::Act { actions, done, applied: draft_fields(&form) },
            Err(text) => Msg::ActFailed(text),
        })
    })
}

fn section(cx: &BoardCtx, body: Html) -> Html {
    html! {
        <section class="inspector-block inspector-actions" aria-labelledby="inspector-actions">
            <h3 class="inspector-sub" id="inspector-actions">{ cx.t(Text::Actions) }</h3>
            { body }
        </section>
    }
}

pub fn pod(cx: &BoardCtx, pod: &Pod) -> Html {
    let key = Key::of(&pod.metadata);
    let name = pod.metadata.name.clone();
    let kill = cx.link.callback(move |_: MouseEvent| Msg::KillPod(key.clone()));
    section(
        cx,
        html! {
            <div class="action-row">
                <button type="button" class="kill" data-action="kill" data-target="pod" disabled={pod.is_terminating()}
                    aria-label={cx.t(Text::KillPodLabel(&name))} onclick={kill}>{ cx.t(Text::Kill) }</button>
            </div>
        },
    )
}

pub fn node(cx: &BoardCtx, node: &Node) -> Html {
    let name = node.name().to_string();
    let cordon = if node.spec.unschedulable {
        button(cx, "uncordon", cx.t(Text::Uncordon), vec![Action::Cordon { node: name.clone(), on: false }], format!("kubectl uncordon {name}"))
    } else {
        button(cx, "cordon", cx.t(Text::Cordon), vec![Action::Cordon { node: name.clone(), on: true }], format!("kubectl cordon {name}"))
    };
    let drain = {
        let name = name.clone();
        on_submit(cx, move |form| {
            let force = input(form, "force").is_some_and(|i| i.checked());
            let done = format!("kubectl drain {name} --ignore-daemonsets{}", if force { " --force" } else { "" });
            Ok((vec![Action::Drain { node: name.clone(), force, ignore_daemonsets: true }], done))
        })
    };
    let taint = {
        let name = name.clone();
        on_submit(cx, move |form| {
            let spec = input(form, "taint").map(|i| i.value()).unwrap_or_default();
            let taint = Taint::parse_spec(&spec)?;
            let done = format!("kubectl taint nodes {name} {}", spec.trim());
            Ok((vec![Action::Taint { node: name.clone(), taint, overwrite: false }], done))
        })
    };
    let taints = node.spec.taints.iter().map(|t| {
        let spec = if t.value.is_empty() { format!("{}:{}", t.key, t.effect) } else { format!("{}={}:{}", t.key, t.value, t.effect) };
        let action = Action::Untaint { node: name.clone(), key: t.key.clone(), effect: Some(t.effect.clone()) };
        let done = format!("kubectl taint nodes {name} {}:{}-", t.key, t.effect);
        let onclick = cx.link.callback(move |_: MouseEvent| Msg::Act { actions: vec![action.clone()], done: done.clone(), applied: Vec::new() });
        html! {
            <li data-kind="taint" data-key={t.key.clone()} data-effect={t.effect.clone()}>
                <code lang="en">{ spec.clone() }</code>{ " " }
                <button type="button" data-action="untaint" aria-label={cx.t(Text::RemoveTaint(&spec))} {onclick}>{ cx.t(Text::Remove) }</button>
            </li>
        }
    });
    let taint_id = format!("taint-{name}");
    let (taint_value, taint_input, taint_draft) = field(cx, &format!("taint:{name}"), TAINT_PRESET);
    let force_id = format!("force-{name}");
    section(
        cx,
        html! {
            <>
                <div class="action-row">{ cordon }</div>
                <form class="action-form" onsubmit={drain}>
                    <button type="submit" data-action="drain">{ cx.t(Text::Drain) }</button>
                    <label class="check" for={force_id.clone()}><input type="checkbox" name="force" id={force_id} />{ " " }{ cx.t(Text::DrainForce) }</label>
                    <p class="hint">{ cx.t(Text::DrainHint) }</p>
                </form>
                <h4 class="inspector-sub">{ cx.t(Text::Taints) }</h4>
                if node.spec.taints.is_empty() {
                    <p class="empty">{ cx.t(Text::None_) }</p>
                } else {
                    <ul class="plain taints">{ for taints }</ul>
                }
                <form class="action-form" onsubmit={taint}>
                    <label for={taint_id.clone()}>{ cx.t(Text::TaintSpec) }</label>
                    <input type="text" id={taint_id} name="taint" value={taint_value} oninput={taint_input} data-draft={taint_draft} lang="en" spellcheck="false" autocomplete="off" />
                    <button type="submit" data-action="taint">{ cx.t(Text::AddTaint) }</button>
                </form>
            </>
        },
    )
}

fn health_line(cx: &BoardCtx, label: Text, ok: bool) -> Html {
    html! {
        <li class={if ok { "ok" } else { "no" }} data-ok={ok.to_string()}>
            { cx.t(label) }{ ": " }<span aria-hidden="true">{ if ok { "✓ " } else { "✕ " } }</span>
            { cx.t(if ok { Text::ProbeSucceeds } else { Text::ProbeFails }) }
        </li>
    }
}

fn health(cx: &BoardCtx, d: &Deployment) -> Html {
    let ns = d.metadata.ns().to_string();
    let name = d.metadata.name.clone();
    let Ok(selector) = Selector::parse(&d.spec.selector.to_string_form()) else { return html! {} };
    let lang: Lang = cx.lang;
    let containers = &d.spec.template.spec.containers;
    let settings: PodSettings = cx.sim.kube().health.settings(&ns, &d.spec.template.metadata.labels);
    let limit = containers.iter().filter_map(|c| c.resources.limits.get("memory").map(Quantity::value)).max();
    let leak = limit.map_or(LEAK_WITHOUT_LIMIT, |l| l + l / 2);
    let set_health = |readiness: Option<bool>, liveness: Option<bool>| Action::SetHealth {
        namespace: ns.clone(),
        selector: selector.clone(),
        readiness,
        liveness,
    };
    let set_memory =
        |bytes: i64| Action::SetLoad { namespace: ns.clone(), selector: selector.clone(), cpu: None, memory: Some(Quantity::from_bytes(bytes)) };
    let label = format!("deployment/{name}");
    let memory = settings.memory.as_ref().map_or(0, Quantity::value);
    let leaking = limit.is_some_and(|l| memory > l);
    html! {
        <div class="health" data-kind="health" data-readiness={settings.readiness_ok.to_string()} data-liveness={settings.liveness_ok.to_string()}
            data-leaking={leaking.to_string()}>
            <h4 class="inspector-sub">{ cx.t(Text::Health) }</h4>
            <ul class="plain health-state">
                { health_line(cx, Text::ReadinessProbe, settings.readiness_ok) }
                { health_line(cx, Text::LivenessProbe, settings.liveness_ok) }
                <li class={if leaking { "no" } else { "ok" }}>{ cx.t(Text::MemoryUse) }{ ": " }
                    <span lang="en">{ crate::format::memory(memory) }{ limit.map(|l| format!(" / limit {}", crate::format::memory(l))) }</span></li>
            </ul>
            if containers.iter().all(|c| c.readiness_probe.is_none()) {
                <p class="hint warn">{ cx.t(Text::NoReadinessProbe) }</p>
            }
            if containers.iter().all(|c| c.liveness_probe.is_none()) {
                <p class="hint warn">{ cx.t(Text::NoLivenessProbe) }</p>
            }
            if limit.is_none() {
                <p class="hint warn">{ cx.t(Text::NoMemoryLimit) }</p>
            }
            <div class="action-row">
                { button(cx, "break-readiness", cx.t(Text::BreakReadiness), vec![set_health(Some(false), None)], tr(lang, Text::DoneReadiness(&label))) }
                { button(cx, "break-liveness", cx.t(Text::BreakLiveness), vec![set_health(None, Some(false))], tr(lang, Text::DoneLiveness(&label))) }
                { button(cx, "leak-memory", cx.t(Text::LeakMemory), vec![set_memory(leak)], tr(lang, Text::DoneLeak(&label))) }
                { button(cx, "mend", cx.t(Text::Mend), vec![set_health(Some(true), Some(true)), set_memory(0)], tr(lang, Text::DoneMend(&label))) }
            </div>
        </div>
    }
}

pub fn deployment(cx: &BoardCtx, d: &Deployment) -> Html {
    let ns = d.metadata.ns().to_string();
    let name = d.metadata.name.clone();
    let replicas = d.spec.replicas;
    let scale = |n: i64| Action::Scale { resource: Resource::Deployment, namespace: ns.clone(), name: name.clone(), replicas: n };
    let scale_to = {
        let (ns, name) = (ns.clone(), name.clone());
        on_submit(cx, move |form| {
            let text = input(form, "replicas").map(|i| i.value()).unwrap_or_default();
            let n: i64 = text.trim().parse().map_err(|_| format!("invalid replicas: {:?} is not a whole number", text.trim()))?;
            let action = Action::Scale { resource: Resource::Deployment, namespace: ns.clone(), name: name.clone(), replicas: n };
            Ok((vec![action], format!("kubectl scale deployment/{name} --replicas={n}")))
        })
    };
    let set_image = {
        let (ns, name) = (ns.clone(), name.clone());
        let containers: Vec<String> = d.spec.template.spec.containers.iter().map(|c| c.name.clone()).collect();
        on_submit(cx, move |form| {
            let images: Vec<(String, String)> = containers
                .iter()
                .map(|c| (c.clone(), input(form, &format!("image-{c}")).map(|i| i.value().trim().to_string()).unwrap_or_default()))
                .collect();
            let args: Vec<String> = images.iter().map(|(c, i)| format!("{c}={i}")).collect();
            let done = format!("kubectl set image deployment/{name} {}", args.join(" "));
            Ok((vec![Action::SetImage { namespace: ns.clone(), name: name.clone(), images }], done))
        })
    };
    let image_inputs = d.spec.template.spec.containers.iter().map(|c| {
        let id = format!("image-{name}-{}", c.name);
        let (value, oninput, draft) = field(cx, &format!("image:{ns}/{name}:{}", c.name), &c.image);
        html! {
            <>
                <label for={id.clone()}>{ cx.t(Text::ImageOf(&c.name)) }</label>
                <input type="text" id={id} name={format!("image-{}", c.name)} {value} {oninput} data-draft={draft} lang="en" spellcheck="false" autocomplete="off" />
            </>
        }
    });
    let replicas_id = format!("replicas-{name}");
    let (replicas_value, replicas_input, replicas_draft) = field(cx, &format!("replicas:{ns}/{name}"), &replicas.to_string());
    let paused = d.spec.paused;
    let undo = Action::RolloutUndo { namespace: ns.clone(), name: name.clone(), to_revision: 0 };
    let pause = Action::SetPaused { namespace: ns.clone(), name: name.clone(), paused: !paused };
    let restart = Action::RolloutRestart { namespace: ns.clone(), name: name.clone() };
    section(
        cx,
        html! {
            <>
                <div class="action-row scale">
                    <button type="button" data-action="scale-down" aria-label={cx.t(Text::ScaleDownLabel)} disabled={replicas == 0}
                        onclick={{ let (a, done) = (scale(replicas - 1), format!("kubectl scale deployment/{name} --replicas={}", replicas - 1));
                            cx.link.callback(move |_: MouseEvent| Msg::Act { actions: vec![a.clone()], done: done.clone(), applied: Vec::new() }) }}>{ "−" }</button>
                    <span class="num" data-kind="replicas">{ replicas }</span>
                    <button type="button" data-action="scale-up" aria-label={cx.t(Text::ScaleUpLabel)}
                        onclick={{ let (a, done) = (scale(replicas + 1), format!("kubectl scale deployment/{name} --replicas={}", replicas + 1));
                            cx.link.callback(move |_: MouseEvent| Msg::Act { actions: vec![a.clone()], done: done.clone(), applied: Vec::new() }) }}>{ "+" }</button>
                    <form class="inline-form" onsubmit={scale_to}>
                        <label for={replicas_id.clone()}>{ cx.t(Text::ReplicasInput) }</label>
                        <input type="number" id={replicas_id} name="replicas" min="0" max="100" value={replicas_value} oninput={replicas_input} data-draft={replicas_draft} />
                        <button type="submit" data-action="scale">{ cx.t(Text::Apply) }</button>
                    </form>
                </div>
                <form class="action-form" onsubmit={set_image}>
                    { for image_inputs }
                    <button type="submit" data-action="set-image">{ cx.t(Text::SetImage) }</button>
                </form>
                <div class="action-row">
                    { button(cx, "rollout-undo", cx.t(Text::RollBack), vec![undo], format!("kubectl rollout undo deployment/{name}")) }
                    { button(cx, if paused { "rollout-resume" } else { "rollout-pause" }, cx.t(if paused { Text::ResumeRollout } else { Text::PauseRollout }),
                        vec![pause], format!("kubectl rollout {} deployment/{name}", if paused { "resume" } else { "pause" })) }
                    { button(cx, "rollout-restart", cx.t(Text::RestartRollout), vec![restart], format!("kubectl rollout restart deployment/{name}")) }
                </div>
                { health(cx, d) }
            </>
        },
    )
}

pub fn service(cx: &BoardCtx, svc: &Service) -> Html {
    // The same slider as the load panel's (`load_control.rs`): one control for load.
    section(cx, crate::load_control::slider(cx.link, cx.sim, cx.lang, svc.metadata.ns(), &svc.metadata.name, "inspector"))
}
