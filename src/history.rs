//! What the charts draw: a bounded history of a few cluster numbers, one sample per
//! virtual second, taken from the `Sim` after each tick. UI state only: the engine
//! keeps no history, and dropping this loses nothing but the picture.

use crate::board::pending_pods;
use podium_engine::kube::{health, traffic};
use podium_engine::Sim;
use std::collections::VecDeque;

/// How many virtual seconds the charts remember (ten minutes).
pub const CAPACITY: usize = 600;

/// The cluster at one virtual second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sample {
    pub t: u64,
    /// CPU used by running pods as a percentage of what they request (what an HPA averages).
    pub cpu_percent: i64,
    /// Pods the Deployments have (`status.replicas`, summed).
    pub replicas: i64,
    pub pending: i64,
    /// Requests per second sent to every Service, and those with no ready endpoint.
    pub rps: i64,
    pub errors: i64,
}

/// A ring of samples, oldest first, at most `cap` long, one per second.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    cap: usize,
    samples: VecDeque<Sample>,
}

impl Default for History {
    fn default() -> Self {
        History::new(CAPACITY)
    }
}

impl History {
    pub fn new(cap: usize) -> History {
        History { cap: cap.max(1), samples: VecDeque::with_capacity(cap.clamp(1, CAPACITY)) }
    }

    /// Adds a sample; one for a second already sampled replaces it (an action between
    /// ticks), and the oldest goes once the ring is full. A sample older than the last
    /// (a new Sim) starts the history again.
    pub fn push(&mut self, s: Sample) {
        match self.samples.back() {
            Some(last) if last.t == s.t => {
                self.samples.pop_back();
            }
            Some(last) if last.t > s.t => self.samples.clear(),
            _ => {}
        }
        if self.samples.len() == self.cap {
            self.samples.pop_front();
        }
        self.samples.push_back(s);
    }

    pub fn len(&self) -> usize {
        self.samples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    pub fn latest(&self) -> Option<&Sample> {
        self.samples.back()
    }

    /// `(t, value)` pairs of one number, oldest first.
    pub fn series(&self, value: impl Fn(&Sample) -> i64) -> Vec<(u64, i64)> {
        self.samples.iter().map(|s| (s.t, value(s))).collect()
    }

    /// The time span covered, `(first, last)`.
    pub fn span(&self) -> Option<(u64, u64)> {
        Some((self.samples.front()?.t, self.samples.back()?.t))
    }
}

/// Reads one sample from the simulation, read-only.
pub fn sample(sim: &Sim) -> Sample {
    let kube = sim.kube();
    let (mut used, mut requested) = (0i64, 0i64);
    for (_, pod, usage) in health::usages(kube) {
        if let Some((cpu, _)) = usage {
            used += cpu;
            requested += pod.requests().0;
        }
    }
    let cpu_percent = if requested > 0 { used * 100 / requested } else { 0 };
    let replicas = kube.store.deployments.values().map(|d| d.status.replicas).sum();
    let (mut rps, mut errors) = (0, 0);
    for key in kube.store.services.keys() {
        if let Some(s) = traffic::service_stats(kube, &key.namespace, &key.name) {
            rps += s.rps;
            errors += s.error_rps;
        }
    }
    Sample { t: sim.now().secs(), cpu_percent, replicas, pending: pending_pods(sim).len() as i64, rps, errors }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: u64, v: i64) -> Sample {
        Sample { t, replicas: v, ..Sample::default() }
    }

    #[test]
    fn keeps_one_sample_per_second_and_at_most_its_capacity() {
        let mut h = History::new(3);
        for t in 0..5 {
            h.push(at(t, t as i64 * 10));
        }
        assert_eq!(h.len(), 3);
        assert_eq!(h.series(|s| s.replicas), vec![(2, 20), (3, 30), (4, 40)]);
        assert_eq!(h.span(), Some((2, 4)));
        // The same second again replaces the last sample.
        h.push(at(4, 99));
        assert_eq!(h.series(|s| s.replicas), vec![(2, 20), (3, 30), (4, 99)]);
        assert_eq!(h.latest().map(|s| s.replicas), Some(99));
    }

    #[test]
    fn an_earlier_time_starts_again() {
        let mut h = History::new(10);
        h.push(at(7, 1));
        h.push(at(8, 2));
        h.push(at(0, 3));
        assert_eq!(h.series(|s| s.replicas), vec![(0, 3)]);
        assert!(!h.is_empty());
        assert!(History::new(0).is_empty());
    }

    #[test]
    fn samples_the_sim_the_charts_follow() {
        let mut sim = podium_engine::Sim::with_nodes(1, &[podium_engine::NodeConfig::new("n", "4", "8Gi").unwrap()]).unwrap();
        let objects = podium_engine::kube::manifest::decode(podium_engine::samples::WEB_APP).unwrap().into_iter().map(|d| d.object).collect();
        sim.act(podium_engine::Action::Apply { objects, namespace: "default".into() }).unwrap();
        sim.act(podium_engine::Action::SetTraffic { namespace: "default".into(), service: "web".into(), rps: 90, cpu_per_rps: None }).unwrap();
        let s = sample(&sim);
        // Just applied: 3 pods created, none ready, so every request fails.
        assert_eq!((s.replicas, s.rps, s.errors), (3, 90, 90));
        sim.advance(10);
        let s = sample(&sim);
        // Ready: 30 rps each at 1m per request is 30m of 500m requested: 6%.
        assert_eq!((s.t, s.rps, s.errors, s.cpu_percent, s.pending), (10, 90, 0, 6, 0));
    }
}
