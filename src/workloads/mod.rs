//! The workloads panel: each Deployment with its ReplicaSets side by side (old and
//! new during a rollout, with the surge and unavailability budgets drawn) and its
//! desired/current/ready/available counts; DaemonSets, Jobs (completions) and
//! CronJobs (next run). Every row offers the inspector's select button.

pub mod rollout;

use crate::app::App;
use crate::board::BoardCtx;
use crate::i18n::{tr, Lang, Text};
use crate::memo::{self, memo};
use crate::owners::{colour_class, Owner};
use crate::selection::Selected;
use podium_engine::clock::format_duration;
use podium_engine::kube::controllers::deployment::REVISION_ANNOTATION;
use podium_engine::kube::cron::Schedule;
use podium_engine::kube::workloads::{Deployment, ReplicaSet};
use podium_engine::Resource;
use rollout::{slots, Budget};
use yew::html::Scope;
use yew::prelude::*;

fn revision(rs: &ReplicaSet) -> i64 {
    rs.metadata.annotations.get(REVISION_ANNOTATION).and_then(|r| r.parse().ok()).unwrap_or(0)
}

/// The Deployment's ReplicaSets, oldest revision first; the last is the new one.
fn replica_sets<'a>(cx: &'a BoardCtx, d: &Deployment) -> Vec<&'a ReplicaSet> {
    let mut v: Vec<&ReplicaSet> = cx
        .sim
        .kube()
        .store
        .replica_sets
        .values()
        .filter(|rs| {
            rs.metadata.ns() == d.metadata.ns()
                && rs.metadata.controller().is_some_and(|o| o.kind == "Deployment" && o.name == d.metadata.name)
        })
        .collect();
    podium_engine::sorting::sort_by_key(&mut v, |rs| revision(rs));
    v
}

fn count(label: String, value: i64, attr: &'static str) -> Html {
    html! { <span class="count-cell" data-count={attr}><span class="n">{ value }</span>{" "}<span class="l">{ label }</span></span> }
}

/// What a ReplicaSet's row shows.
#[derive(Clone, PartialEq)]
pub struct RsVm {
    name: String,
    namespace: String,
    new: bool,
    revision: i64,
    desired: i64,
    current: i64,
    ready: i64,
    available: i64,
    image: String,
    empty: bool,
    selected: bool,
}

impl RsVm {
    fn of(cx: &BoardCtx, rs: &ReplicaSet, new: bool) -> RsVm {
        let s = &rs.status;
        let me = Selected::new(Resource::ReplicaSet, rs.metadata.ns(), &rs.metadata.name);
        RsVm {
            name: rs.metadata.name.clone(),
            namespace: rs.metadata.ns().to_string(),
            new,
            revision: revision(rs),
            desired: rs.spec.replicas,
            current: s.replicas,
            ready: s.ready_replicas,
            available: s.available_replicas,
            image: rs.spec.template.spec.containers.first().map(|c| c.image.clone()).unwrap_or_default(),
            empty: rs.spec.replicas == 0 && s.replicas == 0,
            selected: cx.selected == Some(&me),
        }
    }
}

fn replica_set(link: &Scope<App>, lang: Lang, rs: &RsVm) -> Html {
    let t = |x: Text| tr(lang, x);
    let new = rs.new;
    let role = if new { "new" } else { "old" };
    let me = Selected::new(Resource::ReplicaSet, &rs.namespace, &rs.name);
    html! {
        <li class={classes!("rs", role, rs.empty.then_some("is-empty"))}
            data-kind="replicaset" data-name={rs.name.clone()} data-role={role}
            data-revision={rs.revision.to_string()} data-desired={rs.desired.to_string()}
            data-current={rs.current.to_string()} data-ready={rs.ready.to_string()} data-available={rs.available.to_string()}>
            <div class="rs-head">
                <span class="rs-role">{ t(if new { Text::NewReplicaSet } else { Text::OldReplicaSet }) }</span>
                <span class="rs-name" title={rs.name.clone()}>{ rs.name.clone() }</span>
                { memo::select_button(link, lang, me, rs.selected) }
            </div>
            <div class="rs-image">{ rs.image.clone() }</div>
            <div class="rs-counts">
                { count(t(Text::Desired), rs.desired, "desired") }
                { count(t(Text::Current), rs.current, "current") }
                { count(t(Text::ReadyWord), rs.ready, "ready") }
                { count(t(Text::Available), rs.available, "available") }
            </div>
        </li>
    }
}

/// The rollout strip: one slot per pod the budget allows, filled old then new.
fn budget_view(lang: Lang, b: Budget, new_counts: (i64, i64), old_counts: (i64, i64)) -> Html {
    let t = |x: Text| tr(lang, x);
    let cells = slots(new_counts, old_counts, b.max_pods());
    let drawn = cells.len() <= 60;
    html! {
        <div class="budget" data-kind="budget" data-max-surge={b.max_surge.to_string()} data-max-unavailable={b.max_unavailable.to_string()}
            data-max-pods={b.max_pods().to_string()} data-min-available={b.min_available().to_string()}>
            if drawn {
                <ol class="slots" aria-hidden="true" style={format!("--slots: {}", cells.len())}>
                    { for cells.iter().enumerate().map(|(i, s)| html! {
                        <li class={classes!(s.class(), (i as i64 >= b.replicas).then_some("surge"), (i as i64) .eq(&(b.min_available() - 1)).then_some("min-line"))}></li>
                    }) }
                </ol>
            }
            <p class="budget-text">
                <span class="surge-text">{ t(Text::SurgeBudget(b.max_surge, b.max_pods())) }</span>
                <span class="unavail-text">{ t(Text::UnavailableBudget(b.max_unavailable, b.min_available())) }</span>
            </p>
        </div>
    }
}

/// A ReplicaSet's (or several's) `(pods, available)`.
type Counts = (i64, i64);

/// What a Deployment's entry shows (with its live ReplicaSets and, while rolling, the budget
/// strip), read once per render, drawn only when it changes (`crate::memo`).
#[derive(Clone, PartialEq)]
pub struct DeploymentVm {
    name: String,
    namespace: String,
    colour: String,
    rolling: bool,
    desired: i64,
    current: i64,
    ready: i64,
    available: i64,
    updated: i64,
    /// Live old ReplicaSets, then the new one.
    sets: Vec<RsVm>,
    /// The budget and the (pods, available) of the new and of the old ReplicaSets, while rolling.
    budget: Option<(Budget, Counts, Counts)>,
    selected: bool,
    lang: Lang,
}

fn deployment(cx: &BoardCtx, d: &Deployment) -> DeploymentVm {
    let owner = Owner { kind: "Deployment".into(), name: d.metadata.name.clone() };
    let sets = replica_sets(cx, d);
    let (new, old) = match sets.split_last() {
        Some((n, rest)) => (Some(*n), rest.to_vec()),
        None => (None, Vec::new()),
    };
    let live_old: Vec<&ReplicaSet> = old.iter().copied().filter(|rs| rs.spec.replicas > 0 || rs.status.replicas > 0).collect();
    let rolling = !live_old.is_empty();
    let s = &d.status;
    let me = Selected::new(Resource::Deployment, d.metadata.ns(), &d.metadata.name);
    let budget = Budget::of(d).filter(|_| rolling).map(|b| {
        let new_counts = new.map_or((0, 0), |rs| (rs.status.replicas, rs.status.available_replicas));
        let old_counts = live_old.iter().fold((0, 0), |acc, rs| (acc.0 + rs.status.replicas, acc.1 + rs.status.available_replicas));
        (b, new_counts, old_counts)
    });
    DeploymentVm {
        name: d.metadata.name.clone(),
        namespace: d.metadata.ns().to_string(),
        colour: colour_class(&cx.palette, Some(&owner)),
        rolling,
        desired: d.spec.replicas,
        current: s.replicas,
        ready: s.ready_replicas,
        available: s.available_replicas,
        updated: s.updated_replicas,
        sets: live_old.iter().map(|rs| RsVm::of(cx, rs, false)).chain(new.map(|rs| RsVm::of(cx, rs, true))).collect(),
        budget,
        selected: cx.selected == Some(&me),
        lang: cx.lang,
    }
}

fn draw_deployment(d: &DeploymentVm, link: &Scope<App>) -> Html {
    let t = |x: Text| tr(d.lang, x);
    let rolling = d.rolling;
    let me = Selected::new(Resource::Deployment, &d.namespace, &d.name);
    html! {
        <li class={classes!("deployment", d.colour.clone(), rolling.then_some("is-rolling"))}
            data-kind="deployment" data-name={d.name.clone()}
            data-ready={d.ready.to_string()} data-desired={d.desired.to_string()}
            data-current={d.current.to_string()} data-available={d.available.to_string()} data-updated={d.updated.to_string()}
            data-rolling={rolling.to_string()}>
            <div class="wl-head">
                <span class="swatch" aria-hidden="true"></span>
                <span class="wl-name">{ format!("deployment/{}", d.name) }</span>
                <span class="wl-num">{ t(Text::ReadyOf(d.ready, d.desired)) }</span>
                if rolling { <span class="tag rolling">{ t(Text::RollingOut) }</span> }
                { memo::select_button(link, d.lang, me, d.selected) }
            </div>
            <div class="rs-counts totals">
                { count(t(Text::Desired), d.desired, "desired") }
                { count(t(Text::Current), d.current, "current") }
                { count(t(Text::ReadyWord), d.ready, "ready") }
                { count(t(Text::Available), d.available, "available") }
            </div>
            <ul class="rs-list">{ for d.sets.iter().map(|rs| replica_set(link, d.lang, rs)) }</ul>
            if let Some((b, new_counts, old_counts)) = d.budget {
                { budget_view(d.lang, b, new_counts, old_counts) }
            }
        </li>
    }
}

/// Numbers a DaemonSet, Job or CronJob row carries as attributes.
#[derive(Clone, Default, PartialEq)]
struct RowAttrs {
    desired: Option<i64>,
    ready: Option<i64>,
    succeeded: Option<i64>,
    completions: Option<i64>,
    next: Option<u64>,
}

/// What a DaemonSet, Job or CronJob row shows.
#[derive(Clone, PartialEq)]
struct RowVm {
    kind: &'static str,
    me: Selected,
    text: String,
    attrs: RowAttrs,
    selected: bool,
}

fn simple_row(cx: &BoardCtx, kind: &'static str, resource: Resource, ns: &str, name: &str, text: String, attrs: RowAttrs) -> RowVm {
    let me = Selected::new(resource, ns, name);
    RowVm { kind, selected: cx.selected == Some(&me), me, text, attrs }
}

fn draw_row(link: &Scope<App>, lang: Lang, row: &RowVm) -> Html {
    let (kind, name, text, a) = (row.kind, row.me.name.as_str(), row.text.clone(), &row.attrs);
    let s = |v: Option<i64>| v.map(|v| v.to_string());
    html! {
        <li class={classes!("workload-row", kind)} data-kind={kind} data-name={name.to_string()}
            data-desired={s(a.desired)} data-ready={s(a.ready)} data-succeeded={s(a.succeeded)}
            data-completions={s(a.completions)} data-next={a.next.map(|v| v.to_string())}>
            <span class="wl-name">{ format!("{kind}/{name}") }</span>
            <span class="wl-num">{ text }</span>
            { memo::select_button(link, lang, row.me.clone(), row.selected) }
        </li>
    }
}

/// What the workloads panel shows (`crate::memo`): drawn again only when a row changes, and then
/// each Deployment again only when its own entry changes.
#[derive(Clone, PartialEq)]
pub struct WorkloadsVm {
    lang: Lang,
    deployments: Vec<DeploymentVm>,
    rows: Vec<RowVm>,
}

pub fn view(cx: &BoardCtx) -> Html {
    let kube = cx.sim.kube();
    let now = cx.sim.now();
    let deployments = kube.store.deployments.values().map(|d| deployment(cx, d)).collect();
    let daemonsets = kube.store.daemon_sets.values().map(|ds| {
        let s = &ds.status;
        simple_row(cx, "daemonset", Resource::DaemonSet, ds.metadata.ns(), &ds.metadata.name,
            cx.t(Text::DaemonSetCounts(s.number_ready, s.desired_number_scheduled)),
            RowAttrs { desired: Some(s.desired_number_scheduled), ready: Some(s.number_ready), ..RowAttrs::default() })
    });
    let jobs = kube.store.jobs.values().map(|j| {
        let s = &j.status;
        simple_row(cx, "job", Resource::Job, j.metadata.ns(), &j.metadata.name,
            cx.t(Text::JobCompletions(s.succeeded, j.spec.completions, s.active, s.failed)),
            RowAttrs { succeeded: Some(s.succeeded), completions: Some(j.spec.completions), ..RowAttrs::default() })
    });
    let cronjobs = kube.store.cron_jobs.values().map(|c| {
        let next = Schedule::parse(&c.spec.schedule).ok().and_then(|s| s.next_after(now));
        let text = match (c.spec.suspend, next) {
            (true, _) => cx.t(Text::Suspended),
            (false, Some(t)) => cx.t(Text::NextRun(&c.spec.schedule, &format_duration(t.secs().saturating_sub(now.secs())))),
            (false, None) => c.spec.schedule.clone(),
        };
        simple_row(cx, "cronjob", Resource::CronJob, c.metadata.ns(), &c.metadata.name, text,
            RowAttrs { next: next.map(|t| t.secs()), ..RowAttrs::default() })
    });
    let rows = daemonsets.chain(jobs).chain(cronjobs).collect();
    memo::panel("workloads", cx.link, WorkloadsVm { lang: cx.lang, deployments, rows }, draw)
}

fn draw(vm: &WorkloadsVm, link: &Scope<App>) -> Html {
    let deployments = vm.deployments.iter().map(|d| memo(format!("{}/{}", d.namespace, d.name), link, d.clone(), draw_deployment));
    html! {
        <section class="workloads panel" aria-labelledby="workloads-title">
            <h2 class="section-title" id="workloads-title">{ tr(vm.lang, Text::Workloads) }</h2>
            <ul class="deployment-list">{ for deployments }</ul>
            <ul class="workload-rows">{ for vm.rows.iter().map(|r| draw_row(link, vm.lang, r)) }</ul>
        </section>
    }
}
