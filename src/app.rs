//! The app: owns the `Sim`, turns every interaction into an engine `Action` or
//! clock ticks, and renders the board, controls and events from the `Sim` it
//! reads. UI-only state (what is carried, the last refusal, the announcement)
//! lives here, never in the engine.

use crate::board::drag::{hit, step_target, Carry, Rect, Refusal};
use crate::board::{self, BoardCtx};
use crate::i18n::{tr, Lang, Text};
use crate::owners::palette;
use crate::pace::{Pacer, TIMER_MS};
use crate::selection::Selected;
use crate::history::{self, History};
use crate::{autoscaling, charts, controls, events_panel, inspector, services, starter, workloads};
use gloo_timers::callback::Interval;
use podium_engine::kube::Key;
use podium_engine::{Action, ApiError, Sim};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// Start the clock running (the page does; tests start paused and step).
    #[prop_or(true)]
    pub autoplay: bool,
    /// A fixed language instead of `?lang=` / the browser's.
    #[prop_or_default]
    pub lang: Option<Lang>,
    /// A cluster to start from instead of the starter one (tests build one with the
    /// engine's API). Compared by pointer: a new `Rc` is a new starting point.
    #[prop_or_default]
    pub initial: Option<InitialSim>,
}

/// The `Sim` an `App` starts from; cloned, so the caller's copy never changes.
#[derive(Clone)]
pub struct InitialSim(pub std::rc::Rc<Sim>);

impl PartialEq for InitialSim {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for AppProps {
    fn default() -> Self {
        AppProps { autoplay: true, lang: None, initial: None }
    }
}

/// Wall-clock delay before entry animations are switched on (`data-live` on the root).
const LIVE_AFTER_MS: u32 = 800;

pub enum Msg {
    Timer,
    Step,
    SetPlaying(bool),
    SetSpeed(u32),
    SetLang(Lang),
    KillPod(String),
    KillNode(String),
    PointerDown { pod: Key, id: i32, x: f64, y: f64 },
    PointerMove { id: i32, x: f64, y: f64 },
    PointerUp { id: i32, x: f64, y: f64 },
    PointerCancel,
    PickUp(Key),
    Target(String),
    MoveTarget(i32),
    DropOnTarget,
    DropOn(String),
    Cancel,
    /// Show an object in the inspector (`None` closes it).
    Select(Option<Selected>),
}

pub struct App {
    sim: Sim,
    lang: Lang,
    pacer: Pacer,
    timer: Option<Interval>,
    carry: Carry,
    refusal: Option<Refusal>,
    selected: Option<Selected>,
    announcement: String,
    /// What the charts draw: one sample per virtual second (UI state, not the engine's).
    history: History,
    root: NodeRef,
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let lang = ctx.props().lang.unwrap_or_else(Lang::detect);
        set_document_lang(lang);
        let sim = ctx.props().initial.as_ref().map_or_else(starter::sim, |s| (*s.0).clone());
        let mut history = History::default();
        history.push(history::sample(&sim));
        let mut app = App {
            sim,
            history,
            lang,
            pacer: Pacer::default(),
            timer: None,
            carry: Carry::Idle,
            refusal: None,
            selected: None,
            announcement: String::new(),
            root: NodeRef::default(),
        };
        if ctx.props().autoplay {
            app.set_playing(ctx, true);
        }
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Timer => {
                let due = self.pacer.due(js_sys::Date::now());
                if due == 0 {
                    return false;
                }
                self.advance(due);
            }
            Msg::Step => self.advance(1),
            Msg::SetPlaying(on) => self.set_playing(ctx, on),
            Msg::SetSpeed(s) => self.pacer.set_speed(s),
            Msg::SetLang(l) => {
                self.lang = l;
                set_document_lang(l);
            }
            Msg::KillPod(name) => {
                let result = self.sim.act(Action::KillPod { namespace: starter::NAMESPACE.into(), name: name.clone() });
                self.refusal = None;
                self.say(match result {
                    Ok(_) => tr(self.lang, Text::AnnounceKilledPod(&name)),
                    Err(e) => tr(self.lang, Text::AnnounceError(&e.to_string())),
                });
                self.drop_stale_carry();
                self.resample();
            }
            Msg::KillNode(name) => {
                let result = self.sim.act(Action::KillNode { name: name.clone() });
                self.refusal = None;
                self.say(match result {
                    Ok(_) => tr(self.lang, Text::AnnounceKilledNode(&name)),
                    Err(e) => tr(self.lang, Text::AnnounceError(&e.to_string())),
                });
                self.resample();
            }
            Msg::PointerDown { pod, id, x, y } => {
                self.refusal = None;
                self.carry = Carry::Pointer { pod, pointer_id: id, start: (x, y), at: (x, y), moved: false, over: None };
            }
            Msg::PointerMove { id, x, y } => {
                if !matches!(self.carry, Carry::Pointer { .. }) {
                    return false;
                }
                let over = self.node_at(x, y);
                return self.carry.pointer_moved(id, x, y, over.as_deref());
            }
            Msg::PointerUp { id, x, y } => {
                let Carry::Pointer { pod, pointer_id, moved, .. } = self.carry.clone() else { return false };
                if pointer_id != id {
                    return false;
                }
                self.carry.pointer_moved(id, x, y, None);
                if !moved && !matches!(&self.carry, Carry::Pointer { moved: true, .. }) {
                    // A tap: pick the pod up; a tap on a node places it.
                    self.pick_up(pod);
                } else {
                    self.carry = Carry::Idle;
                    match self.node_at(x, y) {
                        Some(node) => self.bind(&pod, &node),
                        None => self.say(tr(self.lang, Text::AnnounceCancelled)),
                    }
                }
            }
            Msg::PointerCancel => {
                if !matches!(self.carry, Carry::Pointer { .. }) {
                    return false;
                }
                self.carry = Carry::Idle;
            }
            Msg::PickUp(pod) => {
                if matches!(&self.carry, Carry::Held { pod: held, .. } if *held == pod) {
                    return false;
                }
                self.refusal = None;
                self.pick_up(pod);
                // Move focus to the first node, so arrows, Tab and Enter act on nodes.
                let first = self.sim.kube().store.nodes.keys().next().cloned();
                if let Some(n) = first {
                    self.set_target(&n);
                }
            }
            Msg::Target(node) => {
                let Carry::Held { target, .. } = &mut self.carry else { return false };
                if target.as_deref() == Some(node.as_str()) {
                    return false;
                }
                *target = Some(node.clone());
                self.say_target(&node);
            }
            Msg::MoveTarget(step) => {
                let Carry::Held { target, .. } = &self.carry else { return false };
                let nodes: Vec<String> = self.sim.kube().store.nodes.keys().cloned().collect();
                if let Some(n) = step_target(&nodes, target.as_deref(), step) {
                    self.set_target(&n);
                }
            }
            Msg::DropOnTarget => {
                let Carry::Held { pod, target: Some(node) } = self.carry.clone() else { return false };
                self.bind(&pod, &node);
            }
            Msg::DropOn(node) => {
                let Carry::Held { pod, .. } = self.carry.clone() else { return false };
                self.bind(&pod, &node);
            }
            Msg::Select(s) => {
                if self.selected == s {
                    return false;
                }
                self.selected = s;
            }
            Msg::Cancel => {
                if matches!(self.carry, Carry::Idle) {
                    return false;
                }
                let pod = self.carry.pod().cloned();
                self.carry = Carry::Idle;
                self.say(tr(self.lang, Text::AnnounceCancelled));
                if let Some(p) = pod {
                    focus(&self.root, &format!("[data-kind=\"pod\"][data-name=\"{}\"]", p.name));
                }
            }
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, first_render: bool) {
        // Entry animations (a pod appearing, a node joining) start once the page has
        // settled, so the first paint shows the cluster as it is, not fading in.
        if first_render {
            let root = self.root.clone();
            gloo_timers::callback::Timeout::new(LIVE_AFTER_MS, move || {
                if let Some(el) = root.cast::<web_sys::Element>() {
                    let _ = el.set_attribute("data-live", "true");
                }
            })
            .forget();
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let cx = BoardCtx {
            sim: &self.sim,
            lang: self.lang,
            carry: &self.carry,
            refusal: self.refusal.as_ref(),
            selected: self.selected.as_ref(),
            palette: palette(self.sim.kube()),
            link,
        };
        let held = matches!(self.carry, Carry::Held { .. });
        let onkeydown = held.then(|| link.batch_callback(|e: KeyboardEvent| board::held_key(&e)));
        let onpointermove = link.callback(|e: PointerEvent| Msg::PointerMove { id: e.pointer_id(), x: e.client_x() as f64, y: e.client_y() as f64 });
        let onpointerup = link.callback(|e: PointerEvent| Msg::PointerUp { id: e.pointer_id(), x: e.client_x() as f64, y: e.client_y() as f64 });
        let onpointercancel = link.callback(|_: PointerEvent| Msg::PointerCancel);
        let t = |x: Text| tr(self.lang, x);
        html! {
            <div class={classes!("podium", self.carry.shows_targets().then_some("is-carrying"))} ref={self.root.clone()}
                lang={self.lang.code()} data-lang={self.lang.code()}
                {onkeydown} {onpointermove} {onpointerup} {onpointercancel}>
                <header class="topbar">
                    <div class="brand">
                        <h1>{ "Podium" }</h1>
                        <p class="tagline">{ t(Text::Tagline) }</p>
                    </div>
                    { controls::view(link, self.lang, self.sim.now(), self.timer.is_some(), self.pacer.speed()) }
                    { controls::language_switch(link, self.lang) }
                </header>
                <main class="layout">
                    <div class="main-col">
                        { board::view(&cx) }
                        <div class="panels">
                            { workloads::view(&cx) }
                            { services::view(&cx) }
                            { autoscaling::view(&cx) }
                        </div>
                        { charts::view(&self.history, self.sim.now().secs(), self.lang) }
                    </div>
                    <div class="side">
                        { inspector::view(&cx) }
                        { events_panel::view(&self.sim, self.lang) }
                    </div>
                </main>
                <div class="sr-only" role="status" aria-live="polite" data-kind="announcer">{ self.announcement.clone() }</div>
            </div>
        }
    }
}

impl App {
    fn advance(&mut self, secs: u64) {
        for _ in 0..secs {
            self.sim.tick();
            self.history.push(history::sample(&self.sim));
        }
        self.drop_stale_carry();
    }

    /// An action changed the cluster between ticks: the chart's current second shows it.
    fn resample(&mut self) {
        self.history.push(history::sample(&self.sim));
    }

    fn set_playing(&mut self, ctx: &Context<Self>, on: bool) {
        if on && self.timer.is_none() {
            let link = ctx.link().clone();
            self.pacer.reset();
            self.timer = Some(Interval::new(TIMER_MS, move || link.send_message(Msg::Timer)));
        } else if !on {
            self.timer = None;
            self.pacer.reset();
        }
    }

    fn say(&mut self, text: String) {
        self.announcement = text;
    }

    fn pick_up(&mut self, pod: Key) {
        self.say(tr(self.lang, Text::AnnouncePickedUp(&pod.name)));
        self.carry = Carry::Held { pod, target: None };
    }

    fn set_target(&mut self, node: &str) {
        if let Carry::Held { target, .. } = &mut self.carry {
            *target = Some(node.to_string());
        }
        self.say_target(node);
        focus(&self.root, &format!("[data-kind=\"node\"][data-name=\"{node}\"]"));
    }

    fn say_target(&mut self, node: &str) {
        let kube = self.sim.kube();
        let verdict = match (self.carry.pod().and_then(|k| kube.store.pods.get(k)), kube.store.nodes.get(node)) {
            (Some(pod), Some(n)) => match podium_engine::kube::scheduler::check_fit(kube, pod, n) {
                Ok(()) => tr(self.lang, Text::Fits),
                Err(r) => tr(self.lang, Text::CannotTake(&r.join(", "))),
            },
            _ => String::new(),
        };
        self.say(tr(self.lang, Text::AnnounceTarget(node, &verdict)));
    }

    /// The drop: `Action::Bind`. A refusal changes nothing in the engine and is
    /// shown next to the node; a held pod stays in hand to try another node.
    fn bind(&mut self, pod: &Key, node: &str) {
        let result = self.sim.act(Action::Bind { namespace: pod.namespace.clone(), pod: pod.name.clone(), node: node.to_string() });
        match result {
            Ok(_) => {
                self.resample();
                self.carry = Carry::Idle;
                self.refusal = None;
                self.say(tr(self.lang, Text::AnnounceBound(&pod.name, node)));
            }
            Err(e) => {
                let reasons = match &e {
                    ApiError::BindRefused { reasons, .. } => reasons.join(", "),
                    other => other.to_string(),
                };
                self.say(tr(self.lang, Text::AnnounceRefused(&pod.name, node, &reasons)));
                self.refusal = Some(Refusal { node: node.to_string(), pod: pod.name.clone(), reasons });
            }
        }
    }

    /// Lets go of a carried pod that is no longer pending (bound by the
    /// scheduler, killed, replaced).
    fn drop_stale_carry(&mut self) {
        if let Some(k) = self.carry.pod() {
            let still_pending = self.sim.kube().store.pods.get(k).is_some_and(|p| p.node().is_none() && p.is_active());
            if !still_pending {
                self.carry = Carry::Idle;
            }
        }
    }

    /// The node under a point, by the nodes' bounding boxes.
    fn node_at(&self, x: f64, y: f64) -> Option<String> {
        let root = self.root.cast::<web_sys::Element>()?;
        let list = root.query_selector_all("[data-kind=\"node\"]").ok()?;
        let mut targets = Vec::new();
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
            let (Some(name), r) = (el.get_attribute("data-name"), el.get_bounding_client_rect()) else { continue };
            targets.push((name, Rect { left: r.left(), top: r.top(), width: r.width(), height: r.height() }));
        }
        hit(&targets, x, y).map(str::to_string)
    }
}

fn focus(root: &NodeRef, selector: &str) {
    let el = root
        .cast::<web_sys::Element>()
        .and_then(|r| r.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

fn set_document_lang(lang: Lang) {
    if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = html.set_attribute("lang", lang.code());
    }
}
