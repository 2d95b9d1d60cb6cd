//! Podium's web app: the board where learners drag, kill and watch a simulated
//! cluster. Every change goes to the engine as an `Action` (`Sim::act`) or a clock
//! tick (`Sim::tick`); the views only read the `Sim`.

pub mod app;
pub mod autosave_codec;
pub mod autoscaling;
pub mod board;
pub mod clusters;
pub mod console;
pub mod charts;
pub mod controls;
pub mod events_panel;
pub mod format;
pub mod history;
pub mod i18n;
pub mod inspector;
pub mod load_control;
pub mod memo;
pub mod owners;
pub mod pace;
pub mod persist;
pub mod selection;
pub mod services;
pub mod starter;
pub mod state_controls;
pub mod stepper;
pub mod table;
pub mod yaml_editor;
pub mod workloads;

/// Mounts the board into `<body>`.
pub fn run() {
    yew::Renderer::<app::App>::new().render();
}
