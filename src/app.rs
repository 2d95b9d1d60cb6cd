//! The app: owns the `Sim`, turns every interaction into an engine `Action` or
//! clock ticks, and renders the board, controls and events from the `Sim` it
//! reads. UI-only state (what is carried, the last refusal, the announcement)
//! lives here, never in the engine.

use crate::board::drag::{hit, step_target, Carry, Rect, Refusal};
use crate::board::{self, BoardCtx};
use crate::i18n::{tr, Lang, Text};
use crate::owners::{refresh_palette, Owner, Owners};
use crate::pace::Pacer;
use crate::selection::Selected;
use crate::console::{Console, ConsoleMsg};
use crate::yaml_editor::{YamlEditor, YamlMsg};
use crate::{autoscaling, charts, console, controls, events_panel, inspector, services, starter, workloads, yaml_editor};
use crate::clusters::Builtin;
use crate::persist::{self, Store, AUTOSAVE_MS};
use crate::state_controls::{self, Notice};
use crate::history::{self, History};
use gloo_timers::callback::Interval;
use wasm_bindgen::closure::Closure;
use podium_engine::kube::Key;
use podium_engine::stepping::QuietRun;
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
    /// The localStorage key prefix (`podium.state`, `podium.cluster`, `podium.lang`).
    #[prop_or_else(|| "podium".to_string())]
    pub storage: String,
    /// Ignore and replace the saved board; None: `?fresh` in the URL decides.
    #[prop_or_default]
    pub fresh: Option<bool>,
    /// A built-in cluster to start from; None: `?scenario=` in the URL, else the saved choice.
    #[prop_or_default]
    pub scenario: Option<Builtin>,
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
        AppProps { autoplay: true, lang: None, storage: "podium".to_string(), fresh: None, scenario: None, initial: None }
    }
}

/// Wall-clock delay before entry animations are switched on (`data-live` on the root).
const LIVE_AFTER_MS: u32 = 800;

pub enum Msg {
    Timer,
    Step,
    /// Hold mode on or off (`stepper.rs`): actions wait for the controllers to be stepped.
    SetHold(bool),
    /// Controllers in order until one changes something (holds, pauses).
    StepController,
    /// One reconcile pass (holds, pauses).
    StepPass,
    /// Play until nothing changes, capped (pauses); while a run is going, stops it.
    RunUntilQuiet,
    /// The next slice of the run until nothing changes (`QUIET_SLICE_MS` of play, then the page
    /// draws and takes input before the next).
    QuietSlice,
    SetPlaying(bool),
    SetSpeed(u32),
    SetLang(Lang),
    /// Kill a pod, in its own namespace.
    KillPod(Key),
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
    Console(ConsoleMsg),
    Yaml(YamlMsg),
    /// The throttled autosave beat: writes the board if it changed (`persist::autosave_due`).
    Autosave,
    /// pagehide / visibilitychange: write the board now.
    SaveNow,
    PickCluster(Builtin),
    Reset,
    Export,
    ImportChosen(web_sys::HtmlInputElement),
    Imported(Result<String, String>),
    /// An action from the inspector: the engine actions in order (stopping at the first
    /// refusal, which the inspector shows), what to announce when all succeed, and the inspector
    /// fields whose drafts it applied (a form's `data-draft` inputs; none for a button).
    Act { actions: Vec<Action>, done: String, applied: Vec<String> },
    /// What the learner typed into an inspector field (`actions::field_key`), kept so that
    /// re-renders (4 a second while playing) keep showing it instead of the engine's value.
    Draft { field: String, value: String },
    /// An inspector form that could not become an action (e.g. a malformed taint): shown like a refusal.
    ActFailed(String),
}

impl Msg {
    /// Whether the message may change the cluster (a running `get -w` then looks again).
    fn may_change_sim(&self) -> bool {
        !matches!(self, Msg::PointerMove { .. } | Msg::SetSpeed(_) | Msg::SetLang(_) | Msg::Target(_) | Msg::Console(_) | Msg::Select(_) | Msg::Draft { .. } | Msg::Autosave | Msg::SaveNow | Msg::Timer | Msg::Step | Msg::QuietSlice)
    }

    /// Whether the message leaves the cluster as a running "until nothing changes" left it. Anything
    /// else stops the run: its copy looking ahead would be of a state the learner has changed.
    fn keeps_quiet_run(&self) -> bool {
        matches!(
            self,
            Msg::QuietSlice
                | Msg::PointerMove { .. }
                | Msg::PointerDown { .. }
                | Msg::PointerCancel
                | Msg::PickUp(_)
                | Msg::Target(_)
                | Msg::MoveTarget(_)
                | Msg::Cancel
                | Msg::SetSpeed(_)
                | Msg::SetLang(_)
                | Msg::Select(_)
                | Msg::Draft { .. }
                | Msg::ActFailed(_)
                | Msg::Autosave
                | Msg::SaveNow
                | Msg::Export
                | Msg::ImportChosen(_)
                | Msg::Timer
                | Msg::Console(ConsoleMsg::Input(_) | ConsoleMsg::Complete | ConsoleMsg::History(_))
                | Msg::Yaml(YamlMsg::Input(_) | YamlMsg::Load(_))
        )
    }
}

/// Real time a slice of "until nothing changes" plays before the page draws it and takes input.
const QUIET_SLICE_MS: f64 = 12.0;
/// Virtual seconds between looks at the real clock within a slice.
const QUIET_SLICE_SECONDS: u64 = 5;

pub struct App {
    sim: Sim,
    lang: Lang,
    pacer: Pacer,
    timer: Option<Interval>,
    carry: Carry,
    refusal: Option<Refusal>,
    selected: Option<Selected>,
    /// The last refusal of an inspector action, shown in the inspector until the next action or selection.
    inspector_error: Option<String>,
    /// Inspector fields being edited, by `actions::field_key`.
    drafts: std::collections::BTreeMap<String, String>,
    /// An element to focus once the next render is in the DOM.
    focus_after: Option<String>,
    announcement: String,
    /// What the charts draw: one sample per virtual second (UI state, not the engine's).
    history: History,
    root: NodeRef,
    console: Console,
    yaml: YamlEditor,
    store: Store,
    cluster: Builtin,
    /// The board changed since it was last written to localStorage.
    dirty: bool,
    /// Something other than the clock (the timer or the step button) changed it since then.
    learner_changed: bool,
    /// Autosave beats since the last write (`persist::autosave_due`).
    beats_since_write: u32,
    notice: Option<Notice>,
    export_url: Option<String>,
    _autosave: Interval,
    /// pagehide and visibilitychange on the window, removed when the app goes.
    page_listener: Option<Closure<dyn Fn()>>,
    /// Bumped when the `Sim` is replaced (import, reset, another cluster): the key of the main
    /// layout, so a new board is drawn afresh. Yew may yield to the browser after a render while
    /// memoized parts (`memo.rs`) still wait for their new props; new components are always
    /// created and drawn before it yields, so the page never shows the old board's cards beside
    /// the new board's clock.
    generation: u32,
    /// What the last step or "until nothing changes" did; cleared when the clock plays.
    step_note: Option<crate::stepper::Note>,
    /// "Until nothing changes", while it runs (a slice per task: `Msg::QuietSlice`).
    quiet_run: Option<QuietRun>,
    /// The board's owners in colour order, and its view models, kept between renders and checked
    /// against the `Sim` on each (`owners::refresh_palette`, `board::cache`).
    palette: std::cell::RefCell<Vec<Owner>>,
    board_cache: std::cell::RefCell<board::cache::Cache>,
    /// The events panel's rows, kept between renders (`events_panel::Rows`).
    event_rows: std::cell::RefCell<events_panel::Rows>,
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let props = ctx.props();
        let store = Store::new(&props.storage);
        let lang = props.lang.unwrap_or_else(|| Lang::detect_remembered(store.lang()));
        set_document_lang(lang);
        let fresh = props.fresh.unwrap_or_else(persist::fresh_in_url);
        let asked = props.scenario.or_else(persist::scenario_in_url);
        let saved_cluster = store.cluster();
        let cluster = asked.or(saved_cluster).unwrap_or_default();
        // A saved board is taken up again unless the page asks for a fresh start or a
        // link names another cluster than the one saved.
        let mut notice = None;
        let restored = match store.state() {
            Some(text) if !fresh && asked.is_none_or(|a| Some(a) == saved_cluster) => match text.and_then(|t| Sim::restore(&t).map_err(|e| e.to_string())) {
                Ok(sim) => Some(sim),
                Err(e) => {
                    notice = Some(Notice { error: true, text: tr(lang, Text::SavedUnreadable(&e)) });
                    None
                }
            },
            _ => None,
        };
        // A cluster handed in (tests, demos) wins over the saved board and the built-in ones.
        let initial = props.initial.as_ref().map(|s| (*s.0).clone());
        let restored = if initial.is_some() { None } else { restored };
        let dirty = restored.is_none();
        let sim = initial.or(restored).unwrap_or_else(|| cluster.sim());
        let mut history = History::default();
        history.push(history::sample(&sim));
        let link = ctx.link().clone();
        let mut app = App {
            sim,
            history,
            store,
            cluster,
            dirty,
            learner_changed: dirty,
            beats_since_write: 0,
            notice,
            export_url: None,
            _autosave: Interval::new(AUTOSAVE_MS, move || link.send_message(Msg::Autosave)),
            page_listener: None,
            generation: 0,
            step_note: None,
            quiet_run: None,
            palette: Default::default(),
            board_cache: Default::default(),
            event_rows: Default::default(),
            lang,
            pacer: Pacer::default(),
            timer: None,
            carry: Carry::Idle,
            refusal: None,
            selected: None,
            inspector_error: None,
            drafts: Default::default(),
            focus_after: None,
            announcement: String::new(),
            root: NodeRef::default(),
            console: Console::default(),
            yaml: YamlEditor::default(),
        };
        app.save();
        app.listen_page(ctx);
        if ctx.props().autoplay {
            app.set_playing(ctx, true);
        }
        app
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.save();
        if let (Some(w), Some(cb)) = (web_sys::window(), self.page_listener.take()) {
            for ev in ["pagehide", "visibilitychange"] {
                let _ = w.remove_event_listener_with_callback(ev, cb.as_ref().unchecked_ref());
            }
        }
        if let Some(url) = self.export_url.take() {
            persist::revoke(&url);
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        if self.quiet_run.is_some() && !msg.keeps_quiet_run() {
            self.stop_quiet_run();
            if matches!(msg, Msg::RunUntilQuiet) {
                // The button stops a run that is going.
                return true;
            }
        }
        let polls = msg.may_change_sim();
        // Typed commands and applied YAML change the cluster too: save them like any other change.
        let changes = polls || matches!(msg, Msg::Console(_) | Msg::Yaml(_));
        if changes {
            self.dirty = true;
            self.learner_changed = true;
        }
        let render = self.handle(ctx, msg);
        if changes {
            self.resample();
        }
        // Timer/Step poll per tick (in `advance`); the console polls after its own commands.
        let printed = polls && self.console.poll(&self.sim);
        render || printed
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        self.render(ctx)
    }

    fn rendered(&mut self, _ctx: &Context<Self>, first_render: bool) {
        self.focus_pending();
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
}

impl App {
    fn handle(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Timer => {
                let due = self.pacer.due(js_sys::Date::now());
                if due == 0 {
                    return false;
                }
                self.advance(due);
            }
            Msg::Step => {
                self.step_note = None;
                self.advance(1);
            }
            Msg::SetHold(on) => {
                if on {
                    self.set_playing(ctx, false);
                }
                self.sim.set_hold(on);
                self.step_note = None;
                self.drop_stale_carry();
            }
            Msg::StepController | Msg::StepPass => {
                self.set_playing(ctx, false);
                self.sim.set_hold(true);
                let before = self.sim.events().all().len();
                let report = if matches!(msg, Msg::StepPass) { self.sim.step_pass() } else { self.sim.step_controller() };
                let said = crate::stepper::said_since(&self.sim, before);
                self.show_step(crate::stepper::Note::Step(report, said));
            }
            Msg::RunUntilQuiet => {
                self.set_playing(ctx, false);
                self.quiet_run = Some(QuietRun::start(&mut self.sim, crate::stepper::QUIET_CAP_SECONDS));
                self.say(tr(self.lang, Text::RunningUntilQuiet));
                self.play_quiet_slice(ctx);
            }
            Msg::QuietSlice => {
                if self.quiet_run.is_none() {
                    return false;
                }
                self.play_quiet_slice(ctx);
            }
            Msg::SetPlaying(on) => {
                if on {
                    // The clock plays settled seconds: what a held action left is run first.
                    self.sim.set_hold(false);
                    self.step_note = None;
                    self.drop_stale_carry();
                }
                self.set_playing(ctx, on)
            }
            Msg::SetSpeed(s) => {
                self.pacer.set_speed(s);
                // The timer's period follows the speed (`pace::timer_ms`).
                if self.timer.is_some() {
                    self.start_timer(ctx);
                }
            }
            Msg::SetLang(l) => {
                self.lang = l;
                set_document_lang(l);
                self.store.save_lang(l);
            }
            Msg::Autosave => {
                self.beats_since_write += 1;
                if persist::autosave_due(self.learner_changed, self.beats_since_write) {
                    self.save();
                }
                return false;
            }
            Msg::SaveNow => {
                self.save();
                return false;
            }
            Msg::PickCluster(b) => {
                self.cluster = b;
                self.store.save_cluster(b);
                self.start_over();
            }
            Msg::Reset => self.start_over(),
            Msg::Export => {
                if let Some(url) = self.export_url.take() {
                    persist::revoke(&url);
                }
                self.export_url = persist::object_url(&self.sim.save());
                if let Some(url) = &self.export_url {
                    persist::download(url);
                }
                self.notice = Some(Notice { error: false, text: tr(self.lang, Text::Exported(persist::EXPORT_FILE)) });
            }
            Msg::ImportChosen(input) => {
                let link = ctx.link().clone();
                yew::platform::spawn_local(async move {
                    let text = persist::read_chosen_file(&input).await;
                    // The same file chosen again must fire `change` again.
                    input.set_value("");
                    link.send_message(Msg::Imported(text));
                });
                return false;
            }
            Msg::Imported(text) => match text.and_then(|t| Sim::restore(&t).map_err(|e| e.to_string())) {
                Ok(sim) => {
                    self.replace_board(sim);
                    self.notice = Some(Notice { error: false, text: tr(self.lang, Text::Imported) });
                    self.say(tr(self.lang, Text::Imported));
                }
                Err(e) => {
                    let text = tr(self.lang, Text::ImportRefused(&e));
                    self.say(text.clone());
                    self.notice = Some(Notice { error: true, text });
                }
            },
            Msg::KillPod(pod) => {
                let result = self.sim.act(Action::KillPod { namespace: pod.namespace.clone(), name: pod.name.clone() });
                self.dirty |= result.is_ok();
                // Before the render that may remove the pod's element (`board::kill_focus`).
                if let (Ok(_), Some(root)) = (&result, self.root.cast::<web_sys::Element>()) {
                    board::kill_focus::step_off(&root, &pod.namespace, &pod.name);
                }
                self.refusal = None;
                self.say(match result {
                    Ok(_) => tr(self.lang, Text::AnnounceKilledPod(&pod.name)),
                    Err(e) => tr(self.lang, Text::AnnounceError(&e.to_string())),
                });
                self.drop_stale_carry();
            }
            Msg::KillNode(name) => {
                let result = self.sim.act(Action::KillNode { name: name.clone() });
                self.dirty |= result.is_ok();
                self.refusal = None;
                self.say(match result {
                    Ok(_) => tr(self.lang, Text::AnnounceKilledNode(&name)),
                    Err(e) => tr(self.lang, Text::AnnounceError(&e.to_string())),
                });
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
                self.inspector_error = None;
                self.drafts.clear();
                // Opening moves focus to the inspector's heading; closing gives it back to the
                // object's own "details" button.
                self.focus_after = match (&s, &self.selected) {
                    (Some(_), _) => Some("#inspector-title".into()),
                    (None, Some(old)) => Some(format!(
                        "[data-kind=\"{}\"][data-name=\"{}\"] [data-action=\"select\"]",
                        old.resource.kind().to_lowercase(),
                        old.name
                    )),
                    (None, None) => None,
                };
                self.selected = s;
            }
            Msg::Act { actions, done, applied } => {
                let mut result = Ok(());
                for action in actions {
                    if let Err(e) = self.sim.act(action) {
                        result = Err(e);
                        break;
                    }
                }
                self.refusal = None;
                match result {
                    Ok(()) => {
                        // The fields this action applied show the engine's value again; what is
                        // typed elsewhere stays (an image name, while + scales the Deployment).
                        self.inspector_error = None;
                        for field in &applied {
                            self.drafts.remove(field);
                        }
                        self.say(tr(self.lang, Text::AnnounceDone(&done)));
                    }
                    Err(e) => {
                        let text = e.to_string();
                        self.say(tr(self.lang, Text::AnnounceError(&text)));
                        self.inspector_error = Some(text);
                    }
                }
                self.drop_stale_carry();
            }
            Msg::Draft { field, value } => {
                // The field already shows what was typed: no render needed.
                self.drafts.insert(field, value);
                return false;
            }
            Msg::ActFailed(text) => {
                self.say(tr(self.lang, Text::AnnounceError(&text)));
                self.inspector_error = Some(text);
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
            Msg::Console(m) => {
                let changed = self.console.update(&mut self.sim, self.lang, m);
                self.drop_stale_carry();
                return changed;
            }
            Msg::Yaml(m) => {
                let apply = matches!(m, YamlMsg::Apply);
                let changed = self.yaml.update(&mut self.sim, m);
                if apply {
                    if let Some(at) = self.yaml.applied.as_ref().and_then(|a| a.at) {
                        yaml_editor::focus_error(&self.root, &self.yaml.text, at);
                    }
                }
                return changed;
            }
        }
        true
    }

    fn render(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let owners = Owners::of(self.sim.kube());
        refresh_palette(self.sim.kube(), &owners, &mut self.palette.borrow_mut());
        let cx = BoardCtx {
            sim: &self.sim,
            lang: self.lang,
            carry: &self.carry,
            refusal: self.refusal.as_ref(),
            selected: self.selected.as_ref(),
            inspector_error: self.inspector_error.as_deref(),
            drafts: &self.drafts,
            palette: self.palette.borrow().clone(),
            owners,
            link,
        };
        let held = matches!(self.carry, Carry::Held { .. });
        let inspecting = self.selected.is_some();
        let onkeydown = (held || inspecting).then(|| {
            link.batch_callback(move |e: KeyboardEvent| {
                if held {
                    board::held_key(&e)
                } else if e.key() == "Escape" {
                    // Nothing carried: Escape closes the inspector.
                    e.prevent_default();
                    Some(Msg::Select(None))
                } else {
                    None
                }
            })
        });
        let onpointermove = link.callback(|e: PointerEvent| Msg::PointerMove { id: e.pointer_id(), x: e.client_x() as f64, y: e.client_y() as f64 });
        let onpointerup = link.callback(|e: PointerEvent| Msg::PointerUp { id: e.pointer_id(), x: e.client_x() as f64, y: e.client_y() as f64 });
        let onpointercancel = link.callback(|_: PointerEvent| Msg::PointerCancel);
        let t = |x: Text| tr(self.lang, x);
        html! {
            <div class={classes!("podium", self.carry.shows_targets().then_some("is-carrying"))} ref={self.root.clone()}
                lang={self.lang.code()} data-lang={self.lang.code()}
                {onkeydown} {onpointermove} {onpointerup} {onpointercancel}>
                <header class="topbar" key="topbar">
                    <div class="brand">
                        <h1>{ "Podium" }</h1>
                        <p class="tagline">{ t(Text::Tagline) }</p>
                    </div>
                    { controls::view(link, self.lang, self.sim.now(), self.timer.is_some(), self.pacer.speed()) }
                    { crate::stepper::view(link, self.lang, self.sim.holding(), self.sim.unsettled(), self.quiet_run.is_some(), self.step_note.as_ref()) }
                    { controls::language_switch(link, self.lang) }
                    { state_controls::view(link, self.lang, self.cluster, self.export_url.as_deref(), self.notice.as_ref()) }
                </header>
                <main class="layout" key={format!("board-{}", self.generation)}>
                    <div class="main-col">
                        { board::view(&cx, &mut self.board_cache.borrow_mut()) }
                        <div class="panels">
                            { workloads::view(&cx) }
                            { services::view(&cx) }
                            { autoscaling::view(&cx) }
                        </div>
                        { charts::view(link, &self.history, self.sim.now().secs(), self.lang) }
                    </div>
                    <div class="side">
                        { inspector::view(&cx) }
                        { crate::load_control::view(link, &self.sim, self.lang, starter::NAMESPACE) }
                        { events_panel::view(&self.sim, self.lang, link, &mut self.event_rows.borrow_mut()) }
                    </div>
                </main>
                <div class="tools" key="tools">
                    { console::view(link, &self.console, self.lang) }
                    { yaml_editor::view(link, &self.yaml, self.lang) }
                </div>
                <div class="sr-only" key="announcer" role="status" aria-live="polite" data-kind="announcer">{ self.announcement.clone() }</div>
            </div>
        }
    }

    /// Writes the board to localStorage if it changed since the last write.
    fn save(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        self.learner_changed = false;
        self.beats_since_write = 0;
        let saved = self.store.save_state(&self.sim.save()) && self.store.save_cluster(self.cluster);
        if !saved && self.notice.is_none() {
            self.notice = Some(Notice { error: true, text: tr(self.lang, Text::NotSaved) });
        }
    }

    /// A whole new board (an import, a reset): rebuilt rather than patched (`generation`), with no
    /// step report, drag or refusal left from the old one, and saved at once.
    fn replace_board(&mut self, sim: Sim) {
        self.sim = sim;
        self.step_note = None;
        self.quiet_run = None;
        self.generation += 1;
        self.carry = Carry::Idle;
        self.refusal = None;
        self.dirty = true;
        self.save();
    }

    /// Back to the start of the chosen built-in cluster, saved at once.
    fn start_over(&mut self) {
        self.replace_board(self.cluster.sim());
        let text = tr(self.lang, Text::ResetDone(&tr(self.lang, Text::ClusterName(self.cluster))));
        self.say(text.clone());
        self.notice = Some(Notice { error: false, text });
    }

    /// Saves when the page is hidden or left (a reload, a closed tab, a switched app).
    fn listen_page(&mut self, ctx: &Context<Self>) {
        let Some(w) = web_sys::window() else { return };
        let link = ctx.link().clone();
        let cb = Closure::<dyn Fn()>::new(move || link.send_message(Msg::SaveNow));
        for ev in ["pagehide", "visibilitychange"] {
            let _ = w.add_event_listener_with_callback(ev, cb.as_ref().unchecked_ref());
        }
        self.page_listener = Some(cb);
    }

    fn focus_pending(&mut self) {
        if let Some(sel) = self.focus_after.take() {
            focus(&self.root, &sel);
        }
    }

    fn advance(&mut self, secs: u64) {
        for _ in 0..secs {
            self.sim.tick();
            self.console.poll(&self.sim);
            self.history.push(history::sample(&self.sim));
        }
        self.dirty = true;
        self.drop_stale_carry();
    }

    /// A step's report: shown under the controls and announced.
    /// `update` marks the board changed and samples the chart for every stepping message
    /// (`Msg::may_change_sim`); a step may move the clock, so a carried pod may have been placed.
    fn show_step(&mut self, note: crate::stepper::Note) {
        self.say(crate::stepper::describe(self.lang, &note));
        self.step_note = Some(note);
        self.drop_stale_carry();
    }

    /// Plays "until nothing changes" for `QUIET_SLICE_MS` of real time; then shows the report, or
    /// how far it got and asks for the next slice, so a large cluster's run neither freezes the
    /// page nor hides the seconds it plays.
    fn play_quiet_slice(&mut self, ctx: &Context<Self>) {
        let Some(run) = &mut self.quiet_run else { return };
        let start = js_sys::Date::now();
        // Every second played is sampled for the charts and shown to a console's `get -w`.
        let (history, console) = (&mut self.history, &mut self.console);
        let report = loop {
            let report = run.play(&mut self.sim, QUIET_SLICE_SECONDS, |sim| {
                console.poll(sim);
                history.push(history::sample(sim));
            });
            if report.is_some() || js_sys::Date::now() - start >= QUIET_SLICE_MS {
                break report;
            }
        };
        self.dirty = true;
        match report {
            Some(report) => {
                self.quiet_run = None;
                self.show_step(crate::stepper::Note::Quiet(report));
            }
            None => {
                self.step_note = Some(crate::stepper::Note::Running { played: run.played(), looking_ahead: run.looking_ahead() });
                let link = ctx.link().clone();
                gloo_timers::callback::Timeout::new(0, move || link.send_message(Msg::QuietSlice)).forget();
            }
        }
        self.drop_stale_carry();
    }

    /// A run until nothing changes, stopped by the learner: says how far it got.
    fn stop_quiet_run(&mut self) {
        if let Some(run) = self.quiet_run.take() {
            self.show_step(crate::stepper::Note::Stopped(run.played()));
        }
    }

    /// An action changed the cluster between ticks: the chart's current second shows it.
    fn resample(&mut self) {
        self.history.push(history::sample(&self.sim));
    }

    fn set_playing(&mut self, ctx: &Context<Self>, on: bool) {
        if on && self.timer.is_none() {
            self.pacer.reset();
            self.start_timer(ctx);
        } else if !on {
            self.timer = None;
            self.pacer.reset();
        }
    }

    fn start_timer(&mut self, ctx: &Context<Self>) {
        let link = ctx.link().clone();
        self.timer = Some(Interval::new(self.pacer.timer_ms(), move || link.send_message(Msg::Timer)));
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
                self.dirty = true;
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
