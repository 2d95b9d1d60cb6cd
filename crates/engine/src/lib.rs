//! Podium's engine: a simulated cluster as a pure library. State in, events and
//! state out, on a virtual clock with a seeded generator; no browser, no wall
//! clock, no unseeded randomness, and only ordered collections, so the same
//! scenario gives the same result natively and in WebAssembly.
//!
//! Start at [`Sim`]: build one with nodes, send it [`Action`]s, advance its
//! clock, read its Kubernetes objects from [`Sim::kube`] and its [`events`].

pub mod action;
pub mod boxed_map;
pub mod clock;
pub mod collecting;
pub mod events;
pub(crate) mod from_value;
pub mod kube;
pub mod quantity;
pub mod rng;
pub mod samples;
pub mod save;
pub mod sim;
pub mod quiet;
pub mod sorting;
pub mod stepping;
pub mod to_json;

pub use action::{Action, ApiError, Change, Outcome, Resource, Verb};
pub use clock::SimTime;
pub use quantity::Quantity;
pub use kube::autoscaler::NodeGroup;
pub use sim::{NodeConfig, Sim};
