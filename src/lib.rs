//! Podium's web app: the board where learners drag, kill and watch a simulated
//! cluster. Every change goes to the engine as an `Action` (`Sim::act`) or a clock
//! tick (`Sim::tick`); the views only read the `Sim`.

pub mod app;
pub mod board;
pub mod clusters;
pub mod console;
pub mod controls;
pub mod events_panel;
pub mod format;
pub mod i18n;
pub mod inspector;
pub mod load_control;
pub mod owners;
pub mod pace;
pub mod persist;
pub mod selection;
pub mod starter;
pub mod state_controls;
pub mod workloads_strip;
pub mod yaml_editor;

/// Mounts the board into `<body>`.
pub fn run() {
    yew::Renderer::<app::App>::new().render();
}
