//! Small line charts over virtual time, in inline SVG (no chart library): CPU
//! utilization, replicas, pending pods, and requests and errors per second. Each
//! shows the last `WINDOW` virtual seconds of `History` and ends at the clock.

use crate::app::App;
use crate::history::{History, Sample};
use crate::i18n::{tr, Lang, Text};
use crate::memo;
use podium_engine::clock::format_duration;
use yew::html::Scope;
use yew::prelude::*;

/// Virtual seconds a chart spans.
pub const WINDOW: u64 = 120;
/// The drawing's size in SVG units (scaled to the panel's width by CSS).
pub const W: f64 = 300.0;
pub const H: f64 = 80.0;

/// The smallest 1, 2 or 5 × 10ⁿ at or above `v` (at least `floor`): a round top for the scale.
pub fn nice_max(v: i64, floor: i64) -> i64 {
    let v = v.max(floor).max(1);
    let mut step = 1i64;
    loop {
        for m in [1, 2, 5] {
            if step.saturating_mul(m) >= v {
                return step * m;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// `x,y` pairs for an SVG polyline: time from `t0` to `t1` across `W`, values from 0 to
/// `top` up `H` (the y axis points down in SVG). Points before `t0` are left out.
pub fn points(series: &[(u64, i64)], t0: u64, t1: u64, top: i64) -> Vec<(f64, f64)> {
    let span = (t1.saturating_sub(t0)).max(1) as f64;
    let top = top.max(1) as f64;
    series
        .iter()
        .filter(|(t, _)| *t >= t0 && *t <= t1)
        .map(|&(t, v)| {
            let x = (t - t0) as f64 / span * W;
            let y = H - (v.max(0) as f64 / top).min(1.0) * H;
            ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
        })
        .collect()
}

/// Written as integer tenths (the points are rounded to tenths), as `f64`'s Display would
/// write them: the float formatting machinery is large in wasm and slow on a hot path.
pub fn points_attr(pts: &[(f64, f64)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(pts.len() * 12);
    for (i, &(x, y)) in pts.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write_tenths(&mut out, x);
        out.push(',');
        write_tenths(&mut out, y);
    }
    fn write_tenths(out: &mut String, v: f64) {
        let t = (v * 10.0).round() as i64;
        let sign = if t < 0 { "-" } else { "" };
        let (whole, frac) = (t.unsigned_abs() / 10, t.unsigned_abs() % 10);
        let _ = if frac == 0 { write!(out, "{sign}{whole}") } else { write!(out, "{sign}{whole}.{frac}") };
    }
    out
}

/// `W`, `H` and `H / 2` as the grid lines' attributes (fixed texts: no float formatting).
const W_ATTR: &str = "300";
const H_ATTR: &str = "80";
const MID_ATTR: &str = "40";
const VIEW_BOX: &str = "0 0 300 80";

struct Line {
    class: &'static str,
    label: String,
    value: fn(&Sample) -> i64,
}

fn chart(history: &History, now: u64, metric: &'static str, title: String, unit: &'static str, floor: i64, lines: Vec<Line>) -> Html {
    let t0 = now.saturating_sub(WINDOW);
    let series: Vec<Vec<(u64, i64)>> = lines.iter().map(|l| history.series(l.value)).collect();
    let peak = series.iter().flatten().filter(|(t, _)| *t >= t0).map(|(_, v)| *v).max().unwrap_or(0);
    let top = nice_max(peak, floor);
    let latest: Vec<i64> = lines.iter().map(|l| history.latest().map_or(0, l.value)).collect();
    let count = series.first().map_or(0, |s| s.iter().filter(|(t, _)| *t >= t0 && *t <= now).count());
    html! {
        <figure class={classes!("chart", metric)} data-kind="chart" data-metric={metric}
            data-from={t0.to_string()} data-to={now.to_string()} data-points={count.to_string()}
            data-last={latest.first().copied().unwrap_or(0).to_string()}>
            <figcaption>
                <span class="chart-title">{ title }</span>
                { for lines.iter().zip(&latest).map(|(l, v)| html! {
                    <span class={classes!("chart-value", l.class)}>
                        <span class="key" aria-hidden="true"></span>{ format!("{} {v}{unit}", l.label) }
                    </span>
                }) }
            </figcaption>
            <svg viewBox={VIEW_BOX} preserveAspectRatio="none" role="img" aria-hidden="true">
                <line class="grid" x1="0" y1={MID_ATTR} x2={W_ATTR} y2={MID_ATTR} />
                <line class="axis" x1="0" y1={H_ATTR} x2={W_ATTR} y2={H_ATTR} />
                { for lines.iter().zip(&series).map(|(l, s)| html! {
                    <polyline class={classes!("series", l.class)} points={points_attr(&points(s, t0, now, top))} vector-effect="non-scaling-stroke" />
                }) }
            </svg>
            <div class="chart-scale" aria-hidden="true">
                <span>{ format!("0–{top}{unit}") }</span>
                <span>{ format!("−{}s … {}", now - t0, format_duration(now)) }</span>
            </div>
        </figure>
    }
}

/// What the charts draw (`crate::memo`): the whole history (600 small samples, copied), so a
/// render without a new second (a drag, a selection, the console) leaves them alone.
#[derive(Clone, PartialEq)]
pub struct ChartsVm {
    history: History,
    now: u64,
    lang: Lang,
}

pub fn view(link: &Scope<App>, history: &History, now: u64, lang: Lang) -> Html {
    memo::panel("charts", link, ChartsVm { history: history.clone(), now, lang }, draw)
}

fn draw(vm: &ChartsVm, _: &Scope<App>) -> Html {
    let (history, now, lang) = (&vm.history, vm.now, vm.lang);
    let t = |x: Text| tr(lang, x);
    html! {
        <section class="charts" aria-labelledby="charts-title">
            <h2 class="section-title" id="charts-title">{ t(Text::Charts) }<span class="sub">{ t(Text::ChartsWindow(WINDOW)) }</span></h2>
            <div class="chart-grid">
                { chart(history, now, "cpu", t(Text::ChartCpu), "%", 100, vec![Line { class: "s-cpu", label: String::new(), value: |s| s.cpu_percent }]) }
                { chart(history, now, "replicas", t(Text::ChartReplicas), "", 5, vec![Line { class: "s-replicas", label: String::new(), value: |s| s.replicas }]) }
                { chart(history, now, "pending", t(Text::ChartPending), "", 5, vec![Line { class: "s-pending", label: String::new(), value: |s| s.pending }]) }
                { chart(history, now, "rps", t(Text::ChartTraffic), "", 10, vec![
                    Line { class: "s-rps", label: t(Text::RequestsSeries), value: |s| s.rps },
                    Line { class: "s-errors", label: t(Text::ErrorsPerSecond), value: |s| s.errors },
                ]) }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_round_up_to_one_two_or_five() {
        assert_eq!(nice_max(0, 1), 1);
        assert_eq!(nice_max(3, 1), 5);
        assert_eq!(nice_max(7, 1), 10);
        assert_eq!(nice_max(11, 1), 20);
        assert_eq!(nice_max(180, 100), 200);
        assert_eq!(nice_max(40, 100), 100);
    }

    #[test]
    fn points_span_the_window_and_the_height() {
        let series = [(0, 0), (60, 5), (120, 10), (130, 10)];
        // From t=0 to t=120, values 0..10: left-bottom, middle, right-top; t=130 is outside.
        assert_eq!(points(&series, 0, 120, 10), vec![(0.0, 80.0), (150.0, 40.0), (300.0, 0.0)]);
        assert_eq!(points_attr(&points(&series[..2], 0, 120, 10)), "0,80 150,40");
        // Above the top is drawn at the top; negatives at the bottom.
        assert_eq!(points(&[(10, 50), (10, -3)], 10, 10, 10), vec![(0.0, 0.0), (0.0, 80.0)]);
    }

    #[test]
    fn points_are_written_as_floats_would_be() {
        let pts = [(0.0, 80.0), (2.5, 79.3), (297.5, 0.1), (-1.5, 12.0)];
        let as_floats = pts.iter().map(|(x, y)| format!("{x},{y}")).collect::<Vec<_>>().join(" ");
        assert_eq!(points_attr(&pts), as_floats);
        assert_eq!(points_attr(&pts), "0,80 2.5,79.3 297.5,0.1 -1.5,12");
        assert_eq!(points_attr(&[]), "");
    }

    #[test]
    fn the_fixed_attributes_match_the_drawing_size() {
        assert_eq!((W_ATTR, H_ATTR, MID_ATTR), (W.to_string().as_str(), H.to_string().as_str(), (H / 2.0).to_string().as_str()));
        assert_eq!(VIEW_BOX, format!("0 0 {W} {H}"));
    }
}
