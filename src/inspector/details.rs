//! The selected object's fields, per kind, read from the engine at each render: what
//! `kubectl describe` would show first. Field values stay in kubectl's English
//! (`lang="en"`); the labels around them are translated.

use super::select_button;
use crate::board::BoardCtx;
use crate::format;
use crate::i18n::Text;
use crate::selection::Selected;
use crate::table::column_heads;
use podium_engine::clock::format_duration;
use podium_engine::kube::controllers::deployment::REVISION_ANNOTATION;
use podium_engine::kube::node::Node;
use podium_engine::kube::pod::{qos_class, ContainerState, Pod};
use podium_engine::kube::scheduler::usage;
use podium_engine::kube::service::Service;
use podium_engine::kube::traffic::service_stats;
use podium_engine::kube::workloads::{resolve_fenceposts, Deployment, ReplicaSet};
use podium_engine::kube::Key;
use podium_engine::{Resource, SimTime};
use yew::prelude::*;

/// A value in kubectl's English.
pub fn en(text: impl Into<String>) -> Html {
    html! { <span lang="en">{ text.into() }</span> }
}

fn row(label: String, value: Html) -> Html {
    html! { <><dt>{ label }</dt><dd>{ value }</dd></> }
}

fn yes_no(cx: &BoardCtx, v: bool) -> Html {
    html! { { cx.t(if v { Text::Yes } else { Text::No }) } }
}

fn labels_text(labels: &std::collections::BTreeMap<String, String>) -> String {
    labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
}

/// `Running`, `Waiting: CrashLoopBackOff`, `Terminated: OOMKilled (exit code 137)`.
pub fn state_text(s: &ContainerState, now: SimTime) -> String {
    if let Some(r) = &s.running {
        return format!("Running (started {} ago)", format_duration(now.since(r.started_at)));
    }
    if let Some(w) = &s.waiting {
        return if w.message.is_empty() { format!("Waiting: {}", w.reason) } else { format!("Waiting: {} ({})", w.reason, w.message) };
    }
    if let Some(t) = &s.terminated {
        return format!("Terminated: {} (exit code {})", t.reason, t.exit_code);
    }
    "—".into()
}

fn state_word(s: &ContainerState) -> &'static str {
    if s.running.is_some() {
        "Running"
    } else if s.waiting.is_some() {
        "Waiting"
    } else if s.terminated.is_some() {
        "Terminated"
    } else {
        ""
    }
}

/// Conditions as a small table: type, status, reason, message.
fn conditions(cx: &BoardCtx, rows: Vec<(String, String, String, String)>) -> Html {
    if rows.is_empty() {
        return html! {};
    }
    let rows = rows.into_iter().map(|(t, s, r, m)| html! {
        <tr data-kind="condition" data-type={t.clone()} data-status={s.clone()}>
            <th scope="row" lang="en">{ t }</th><td lang="en">{ s }</td><td lang="en">{ r }</td><td lang="en">{ m }</td>
        </tr>
    });
    html! {
        <div class="table-scroll">
            <table class="kv-table">
                <caption>{ cx.t(Text::Conditions) }</caption>
                <thead><tr>{ column_heads(cx.lang, &[Text::ColType, Text::Status, Text::ColReason, Text::ColMessage]) }</tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

pub fn pod(cx: &BoardCtx, pod: &Pod) -> Html {
    let now = cx.sim.now();
    let owner = pod.metadata.controller().map(|o| {
        let target = Resource::of_kind(&o.kind).map(|r| Selected::new(r, pod.metadata.ns(), &o.name));
        html! { <>{ en(format!("{}/{}", o.kind, o.name)) }{ for target.map(|t| select_button(cx, t)) }</> }
    });
    let containers = pod.spec.containers.iter().map(|c| {
        let st = pod.status.container_statuses.iter().find(|s| s.name == c.name);
        let state = st.map_or("—".into(), |s| state_text(&s.state, now));
        let last = st.map_or("—".into(), |s| state_text(&s.last_state, now));
        let last_reason = st.and_then(|s| s.last_state.terminated.as_ref().map(|t| t.reason.clone()));
        html! {
            <tr data-kind="container" data-name={c.name.clone()} data-state={st.map(|s| state_word(&s.state))}
                data-last-reason={last_reason} data-restarts={st.map(|s| s.restart_count.to_string())}>
                <th scope="row" lang="en">{ c.name.clone() }</th>
                <td lang="en">{ c.image.clone() }</td>
                <td lang="en">{ state }</td>
                <td>{ yes_no(cx, st.is_some_and(|s| s.ready)) }</td>
                <td class="num">{ st.map_or(0, |s| s.restart_count) }</td>
                <td lang="en">{ last }</td>
            </tr>
        }
    });
    let conds = pod
        .status
        .conditions
        .iter()
        .map(|c| (c.type_.clone(), c.status.clone(), c.reason.clone().unwrap_or_default(), c.message.clone().unwrap_or_default()))
        .collect();
    let qos = if pod.status.qos_class.is_empty() { qos_class(&pod.spec).to_string() } else { pod.status.qos_class.clone() };
    html! {
        <div class="inspector-block" data-kind="pod-details">
            <dl class="fields">
                { row(cx.t(Text::Status), en(pod.display_status())) }
                { row(cx.t(Text::Phase), en(pod.status.phase.clone())) }
                { row(cx.t(Text::ColNode), en(pod.node().unwrap_or("—").to_string())) }
                { row(cx.t(Text::PodIp), en(pod.status.pod_ip.clone().unwrap_or_else(|| "—".into()))) }
                { row(cx.t(Text::QosClass), en(qos)) }
                { row(cx.t(Text::Requests), html! { { crate::board::pod_card::requests_text(cx, pod) } }) }
                if let Some(o) = owner {
                    { row(cx.t(Text::ControlledBy), o) }
                }
            </dl>
            <div class="table-scroll">
                <table class="kv-table">
                    <caption>{ cx.t(Text::Containers) }</caption>
                    <thead><tr>{ column_heads(cx.lang, &[
                        Text::ColName, Text::ColImage, Text::ColState, Text::ColReady, Text::ColRestarts, Text::ColLastState,
                    ]) }</tr></thead>
                    <tbody>{ for containers }</tbody>
                </table>
            </div>
            { conditions(cx, conds) }
        </div>
    }
}

pub fn node(cx: &BoardCtx, node: &Node) -> Html {
    // `get`, not `remove`: the B-tree removal code would be compiled for this one call.
    let used = usage(cx.sim.kube()).get(node.name()).cloned().unwrap_or_default();
    let conds = node.status.conditions.iter().map(|c| (c.type_.clone(), c.status.clone(), c.reason.clone(), c.message.clone())).collect();
    let requested = format!(
        "cpu {} / {} · memory {} / {} · pods {} / {}",
        format::cpu(used.cpu),
        format::cpu(node.allocatable_cpu()),
        format::memory(used.memory),
        format::memory(node.allocatable_memory()),
        used.pods,
        node.max_pods()
    );
    html! {
        <div class="inspector-block" data-kind="node-details" data-unschedulable={node.spec.unschedulable.to_string()}
            data-taints={node.spec.taints.len().to_string()}>
            <dl class="fields">
                { row(cx.t(Text::Status), en(node.display_status())) }
                { row(cx.t(Text::SchedulingLabel), html! { { cx.t(if node.spec.unschedulable { Text::SchedulingDisabled } else { Text::SchedulingEnabled }) } }) }
                { row(cx.t(Text::Zone), en(node.zone().unwrap_or("—").to_string())) }
                { row(cx.t(Text::InternalIp), en(node.internal_ip().to_string())) }
                { row(cx.t(Text::RequestedOfAllocatable), en(requested)) }
                { row(cx.t(Text::Labels), en(labels_text(&node.metadata.labels))) }
            </dl>
            { conditions(cx, conds) }
        </div>
    }
}

fn int_or_string(v: &podium_engine::kube::meta::IntOrString) -> String {
    match v {
        podium_engine::kube::meta::IntOrString::Int(n) => n.to_string(),
        podium_engine::kube::meta::IntOrString::String(s) => s.clone(),
    }
}

fn revision(meta: &podium_engine::kube::meta::ObjectMeta) -> String {
    meta.annotations.get(REVISION_ANNOTATION).cloned().unwrap_or_else(|| "—".into())
}

fn images(spec: &podium_engine::kube::pod::PodSpec) -> String {
    spec.containers.iter().map(|c| c.image.clone()).collect::<Vec<_>>().join(", ")
}

pub fn deployment(cx: &BoardCtx, d: &Deployment) -> Html {
    let kube = cx.sim.kube();
    let ns = d.metadata.ns();
    let st = &d.status;
    let strategy = match &d.spec.strategy.rolling_update {
        Some(ru) if d.spec.strategy.type_ != "Recreate" => {
            match resolve_fenceposts(&ru.max_surge, &ru.max_unavailable, d.spec.replicas) {
                Ok((s, u)) => format!(
                    "{}: maxSurge {} (= {s}), maxUnavailable {} (= {u})",
                    d.spec.strategy.type_,
                    int_or_string(&ru.max_surge),
                    int_or_string(&ru.max_unavailable)
                ),
                Err(e) => format!("{}: {e}", d.spec.strategy.type_),
            }
        }
        _ => d.spec.strategy.type_.clone(),
    };
    let mut sets: Vec<&ReplicaSet> = kube
        .store
        .replica_sets
        .values()
        .filter(|rs| rs.metadata.ns() == ns && rs.metadata.controller().is_some_and(|o| o.kind == "Deployment" && o.name == d.metadata.name))
        .collect();
    podium_engine::sorting::sort_by_key(&mut sets, |rs| std::cmp::Reverse(rs.metadata.annotations.get(REVISION_ANNOTATION).and_then(|r| r.parse::<i64>().ok()).unwrap_or(0)));
    let set_rows = sets.iter().map(|rs| html! {
        <tr data-kind="replicaset" data-name={rs.metadata.name.clone()} data-revision={revision(&rs.metadata)}
            data-desired={rs.spec.replicas.to_string()} data-ready={rs.status.ready_replicas.to_string()}>
            <th scope="row"><span lang="en">{ rs.metadata.name.clone() }</span>
                { select_button(cx, Selected::new(Resource::ReplicaSet, ns, &rs.metadata.name)) }</th>
            <td class="num">{ revision(&rs.metadata) }</td>
            <td class="num">{ rs.spec.replicas }</td>
            <td class="num">{ rs.status.replicas }</td>
            <td class="num">{ rs.status.ready_replicas }</td>
            <td lang="en">{ images(&rs.spec.template.spec) }</td>
        </tr>
    });
    let conds = st.conditions.iter().map(|c| (c.type_.clone(), c.status.clone(), c.reason.clone(), c.message.clone())).collect();
    html! {
        <div class="inspector-block" data-kind="deployment-details" data-desired={d.spec.replicas.to_string()}
            data-updated={st.updated_replicas.to_string()} data-ready={st.ready_replicas.to_string()}
            data-available={st.available_replicas.to_string()} data-revision={revision(&d.metadata)}>
            <dl class="fields">
                { row(cx.t(Text::Replicas), html! { { cx.t(Text::ReplicasLine(d.spec.replicas, st.updated_replicas, st.ready_replicas, st.available_replicas)) } }) }
                { row(cx.t(Text::Strategy), en(strategy)) }
                { row(cx.t(Text::Revision), en(revision(&d.metadata))) }
                { row(cx.t(Text::Images), en(images(&d.spec.template.spec))) }
                { row(cx.t(Text::Selector), en(d.spec.selector.to_string_form())) }
                { row(cx.t(Text::PausedLabel), yes_no(cx, d.spec.paused)) }
            </dl>
            <div class="table-scroll">
                <table class="kv-table">
                    <caption>{ cx.t(Text::ReplicaSets) }</caption>
                    <thead><tr>{ column_heads(cx.lang, &[
                        Text::ColName, Text::Revision, Text::ColDesired, Text::ColCurrent, Text::ColReady, Text::ColImage,
                    ]) }</tr></thead>
                    <tbody>{ for set_rows }</tbody>
                </table>
            </div>
            { conditions(cx, conds) }
        </div>
    }
}

pub fn replica_set(cx: &BoardCtx, rs: &ReplicaSet) -> Html {
    let st = &rs.status;
    let owner = rs.metadata.controller().map(|o| {
        html! { <>{ en(format!("{}/{}", o.kind, o.name)) }
            { for Resource::of_kind(&o.kind).map(|r| select_button(cx, Selected::new(r, rs.metadata.ns(), &o.name))) }</> }
    });
    html! {
        <div class="inspector-block" data-kind="replicaset-details" data-desired={rs.spec.replicas.to_string()}
            data-ready={st.ready_replicas.to_string()}>
            <dl class="fields">
                { row(cx.t(Text::Replicas), html! { { cx.t(Text::ReplicasLine(rs.spec.replicas, st.fully_labeled_replicas, st.ready_replicas, st.available_replicas)) } }) }
                { row(cx.t(Text::Revision), en(revision(&rs.metadata))) }
                { row(cx.t(Text::Images), en(images(&rs.spec.template.spec))) }
                { row(cx.t(Text::Selector), en(rs.spec.selector.to_string_form())) }
                if let Some(o) = owner {
                    { row(cx.t(Text::ControlledBy), o) }
                }
            </dl>
        </div>
    }
}

pub fn service(cx: &BoardCtx, svc: &Service) -> Html {
    let kube = cx.sim.kube();
    let key = Key::of(&svc.metadata);
    let ep = kube.store.endpoints.get(&key);
    let addr = |a: &podium_engine::kube::service::EndpointAddress| {
        let pod = a.target_ref.as_ref().map(|r| r.name.clone());
        html! { <li lang="en" data-kind="endpoint" data-pod={pod.clone()}>{ a.ip.clone() }{ pod.map(|p| format!(" ({p})")) }</li> }
    };
    let ready: Vec<Html> = ep.map(|e| e.subsets.iter().flat_map(|s| s.addresses.iter().map(addr)).collect()).unwrap_or_default();
    let not_ready: Vec<Html> = ep.map(|e| e.subsets.iter().flat_map(|s| s.not_ready_addresses.iter().map(addr)).collect()).unwrap_or_default();
    let ports = svc
        .spec
        .ports
        .iter()
        .map(|p| {
            let target = p.target_port.as_ref().map_or(p.port.to_string(), int_or_string);
            format!("{}/{} → {target}", p.port, if p.protocol.is_empty() { "TCP" } else { &p.protocol })
        })
        .collect::<Vec<_>>()
        .join(", ");
    let traffic = match service_stats(kube, svc.metadata.ns(), &svc.metadata.name) {
        Some(s) => html! { <span data-kind="traffic" data-rps={s.rps.to_string()}>{ cx.t(Text::TrafficLine(s.rps, s.served_rps, s.error_rps)) }</span> },
        None => html! { <span data-kind="traffic" data-rps="0">{ cx.t(Text::NoTraffic) }</span> },
    };
    let list = |items: Vec<Html>| if items.is_empty() { html! { { cx.t(Text::None_) } } } else { html! { <ul class="plain">{ for items }</ul> } };
    html! {
        <div class="inspector-block" data-kind="service-details" data-ready-endpoints={ready.len().to_string()}
            data-not-ready-endpoints={not_ready.len().to_string()}>
            <dl class="fields">
                { row(cx.t(Text::ServiceType), en(if svc.spec.type_.is_empty() { "ClusterIP".to_string() } else { svc.spec.type_.clone() })) }
                { row(cx.t(Text::ClusterIp), en(svc.spec.cluster_ip.clone())) }
                { row(cx.t(Text::Ports), en(ports)) }
                { row(cx.t(Text::Selector), en(labels_text(&svc.spec.selector))) }
                { row(cx.t(Text::ReadyEndpoints), list(ready)) }
                { row(cx.t(Text::NotReadyEndpoints), list(not_ready)) }
                { row(cx.t(Text::Traffic), traffic) }
            </dl>
        </div>
    }
}
