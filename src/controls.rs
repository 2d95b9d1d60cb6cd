//! The clock controls: play/pause, speed, one-second step, and the virtual time.

use crate::app::{App, Msg};
use crate::i18n::{tr, Lang, Text};
use crate::memo;
use crate::pace::SPEEDS;
use podium_engine::clock::format_duration;
use podium_engine::SimTime;
use yew::html::Scope;
use yew::prelude::*;

/// What the clock and its buttons show (`crate::memo`: drawn again only when it changes).
#[derive(Clone, Copy, PartialEq)]
pub struct ControlsVm {
    lang: Lang,
    now: u64,
    playing: bool,
    speed: u32,
}

pub fn view(link: &Scope<App>, lang: Lang, now: SimTime, playing: bool, speed: u32) -> Html {
    memo::panel("controls", link, ControlsVm { lang, now: now.secs(), playing, speed }, draw)
}

fn draw(vm: &ControlsVm, link: &Scope<App>) -> Html {
    let ControlsVm { lang, now, playing, speed } = *vm;
    let t = |x: Text| tr(lang, x);
    let toggle = link.callback(move |_: MouseEvent| Msg::SetPlaying(!playing));
    let step = link.callback(|_: MouseEvent| Msg::Step);
    html! {
        <div class="controls" role="group" aria-label={t(Text::Time)}>
            <p class="clock" data-kind="clock" data-seconds={now.to_string()} aria-live="off">
                <span class="clock-time">{ t(Text::Clock(&format_duration(now))) }</span>
                <span class={classes!("clock-state", if playing { "is-running" } else { "is-paused" })}>
                    { t(if playing { Text::Running } else { Text::Paused }) }
                </span>
            </p>
            <button type="button" class="primary play" data-action={if playing { "pause" } else { "play" }} onclick={toggle}>
                <span aria-hidden="true" class="icon">{ if playing { "❚❚" } else { "▶" } }</span>
                { t(if playing { Text::Pause } else { Text::Play }) }
            </button>
            <button type="button" data-action="step" aria-label={t(Text::StepLabel)} title={t(Text::StepLabel)} onclick={step}>
                { t(Text::Step) }
            </button>
            <div class="speeds" role="radiogroup" aria-label={t(Text::Speed)}>
                <span class="speeds-label" aria-hidden="true">{ t(Text::Speed) }</span>
                { for SPEEDS.iter().map(|&s| {
                    let pick = link.callback(move |_: MouseEvent| Msg::SetSpeed(s));
                    html! {
                        <button type="button" class={classes!("speed", (s == speed).then_some("is-on"))}
                            role="radio" aria-checked={(s == speed).to_string()}
                            data-action="speed" data-speed={s.to_string()}
                            aria-label={t(Text::SpeedLabel(s))} title={t(Text::SpeedLabel(s))}
                            onclick={pick}>
                            { t(Text::SpeedOption(s)) }
                        </button>
                    }
                }) }
            </div>
        </div>
    }
}

pub fn language_switch(link: &Scope<App>, lang: Lang) -> Html {
    memo::panel("lang", link, lang, draw_language_switch)
}

fn draw_language_switch(&lang: &Lang, link: &Scope<App>) -> Html {
    html! {
        <div class="lang" role="group" aria-label={tr(lang, Text::Language)}>
            { for Lang::ALL.iter().map(|&l| {
                let pick = link.callback(move |_: MouseEvent| Msg::SetLang(l));
                html! {
                    <button type="button" class={classes!("lang-option", (l == lang).then_some("is-on"))}
                        data-action="lang" data-lang={l.code()} lang={l.code()}
                        aria-pressed={(l == lang).to_string()} onclick={pick}>
                        { l.own_name() }
                    </button>
                }
            }) }
        </div>
    }
}
