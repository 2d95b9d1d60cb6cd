//! Watching the controllers work: hold mode (actions wait for a step), one controller that
//! changes something, one reconcile pass, and "until nothing changes" (`podium_engine::stepping`).
//! The last step's report stays on screen (and is announced) until the clock plays again.

use crate::app::{App, Msg};
use crate::i18n::{tr, Lang, Text};
use crate::memo;
use podium_engine::clock::format_duration;
use podium_engine::stepping::{QuietReport, StepReport};
use yew::html::Scope;
use yew::prelude::*;

/// The longest "until nothing changes" runs, in virtual seconds: ten minutes, the longest
/// wait in the playground (the Cluster Autoscaler's unneeded time); bounded so that a cluster
/// that never settles (a CronJob every minute) cannot hold the page for long.
pub const QUIET_CAP_SECONDS: u64 = 600;

/// What the last step did.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    /// The step's report and the events it recorded (`Said`).
    Step(StepReport, Vec<Said>),
    Quiet(QuietReport),
    /// "Until nothing changes" is still going: seconds played so far, and whether it is past a
    /// quiet window, checking on a copy that nothing changes later.
    Running { played: u64, looking_ahead: bool },
    /// The learner stopped it (or did something else) after this many seconds.
    Stopped(u64),
}

/// An event a step recorded: what the controller said about what it did.
#[derive(Clone, Debug, PartialEq)]
pub struct Said {
    pub reason: String,
    /// `pod/web-…: Created pod: …`, in kubectl's English.
    pub text: String,
}

/// Events recorded since the log held `before` of them (a repeat folded into an older
/// event is not new), at most `MAX_SAID`, oldest first.
pub fn said_since(sim: &podium_engine::Sim, before: usize) -> Vec<Said> {
    let all = sim.events().all();
    all.get(before..)
        .unwrap_or_default()
        .iter()
        .take(MAX_SAID)
        .map(|e| Said {
            reason: e.reason.clone(),
            text: format!("{} {}/{}: {}", e.reason, e.object.kind.to_lowercase(), e.object.name, e.message),
        })
        .collect()
}

/// A step of a large scale-up records hundreds of events; the events panel has them all.
pub const MAX_SAID: usize = 5;

/// The report as one sentence in the page's language.
pub fn describe(lang: Lang, note: &Note) -> String {
    match note {
        Note::Step(r, _) => tr(
            lang,
            Text::StepReport { at: &format_duration(r.at.secs()), pass: r.pass, changed: &r.changed.join(", "), settled: r.settled },
        ),
        Note::Quiet(QuietReport::Quiet { after, window, ahead }) => {
            tr(lang, Text::QuietAfter { after: *after, window: *window, ahead: *ahead })
        }
        Note::Quiet(QuietReport::StillChanging { after }) => tr(lang, Text::StillChanging(*after)),
        Note::Running { played, looking_ahead } => tr(lang, Text::QuietProgress { played: *played, looking_ahead: *looking_ahead }),
        Note::Stopped(played) => tr(lang, Text::QuietStopped(*played)),
    }
}

/// What the stepper shows (`crate::memo`: drawn again only when it changes).
#[derive(Clone, PartialEq)]
pub struct StepperVm {
    lang: Lang,
    holding: bool,
    unsettled: bool,
    running: bool,
    note: Option<Note>,
}

pub fn view(link: &Scope<App>, lang: Lang, holding: bool, unsettled: bool, running: bool, note: Option<&Note>) -> Html {
    memo::panel("stepper", link, StepperVm { lang, holding, unsettled, running, note: note.cloned() }, draw)
}

fn draw(vm: &StepperVm, link: &Scope<App>) -> Html {
    let StepperVm { lang, holding, unsettled, running, .. } = *vm;
    let note = vm.note.as_ref();
    let t = |x: Text| tr(lang, x);
    let hold = link.callback(move |_: MouseEvent| Msg::SetHold(!holding));
    let controller = link.callback(|_: MouseEvent| Msg::StepController);
    let pass = link.callback(|_: MouseEvent| Msg::StepPass);
    let quiet = link.callback(|_: MouseEvent| Msg::RunUntilQuiet);
    let said = match note {
        Some(Note::Step(_, said)) if !said.is_empty() => html! {
            <ul class="step-said" data-kind="step-events" lang="en">
                { for said.iter().map(|s| html! { <li data-reason={s.reason.clone()}>{ s.text.clone() }</li> }) }
            </ul>
        },
        _ => html! {},
    };
    let report = note.map(|n| {
        let (kind, attrs) = match n {
            Note::Step(r, _) => ("step-report", (r.pass.to_string(), r.changed.join(" "), r.settled.to_string())),
            Note::Quiet(q) => {
                let (quiet, after) = match q {
                    QuietReport::Quiet { after, .. } => (true, *after),
                    QuietReport::StillChanging { after } => (false, *after),
                };
                ("quiet-report", (after.to_string(), String::new(), quiet.to_string()))
            }
            Note::Running { played, .. } => ("quiet-report", (played.to_string(), String::new(), "running".into())),
            Note::Stopped(played) => ("quiet-report", (played.to_string(), String::new(), "stopped".into())),
        };
        let text = describe(lang, n);
        if kind == "step-report" {
            html! { <p class="step-report" data-kind="step-report" data-pass={attrs.0} data-changed={attrs.1} data-settled={attrs.2}>{ text }</p> }
        } else {
            html! { <p class="step-report" data-kind="quiet-report" data-after={attrs.0} data-quiet={attrs.2}>{ text }</p> }
        }
    });
    html! {
        <div class="stepper" role="group" aria-label={t(Text::StepperGroup)} data-holding={holding.to_string()} data-unsettled={unsettled.to_string()}>
            <button type="button" class={classes!("hold", holding.then_some("is-on"))} data-action="hold"
                aria-pressed={holding.to_string()} title={t(Text::HoldLabel)} onclick={hold}>
                { t(Text::Hold) }
            </button>
            <button type="button" data-action="step-controller" aria-label={t(Text::StepControllerLabel)}
                title={t(Text::StepControllerLabel)} onclick={controller}>
                { t(Text::StepController) }
            </button>
            <button type="button" data-action="step-pass" aria-label={t(Text::StepPassLabel)}
                title={t(Text::StepPassLabel)} onclick={pass}>
                { t(Text::StepPass) }
            </button>
            <button type="button" class={classes!(running.then_some("is-on"))} data-action="run-until-quiet"
                aria-pressed={running.to_string()} aria-label={t(if running { Text::StopQuietRunLabel } else { Text::RunUntilQuietLabel })}
                title={t(if running { Text::StopQuietRunLabel } else { Text::RunUntilQuietLabel })} onclick={quiet}>
                { t(if running { Text::StopQuietRun } else { Text::RunUntilQuiet }) }
            </button>
            if unsettled {
                <span class="unsettled" data-kind="unsettled">{ t(Text::Unsettled) }</span>
            }
            { report.unwrap_or_default() }
            { said }
        </div>
    }
}
