//! Controllers: each a level-triggered reconcile function that compares what
//! is with what should be, changes the store to close the gap, records events,
//! and says whether it changed anything.

pub mod cronjob;
pub mod daemonset;
pub mod deployment;
pub mod endpoints;
pub mod garbage;
pub mod job;
pub mod kubelet;
pub mod node_lifecycle;
pub mod pods;
pub mod replicaset;
