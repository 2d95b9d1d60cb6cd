//! The board's view models kept from one render to the next. A render at 10× comes every 100 ms
//! and most of a 500-pod board is unchanged between two: a pod's view model is kept (the same
//! `Rc`) while `PodVm::still` says that building it again would give the same one, and a node's
//! while the one built now equals it. Nothing here trusts a record of what changed (no version
//! to forget to bump): every kept view model is checked against the `Sim` on every render, which
//! costs a few comparisons instead of a dozen strings built and later compared. Unchanged parts
//! then compare by pointer in `crate::memo` and are neither drawn nor diffed.

use super::node_card::{NodePods, NodeVm};
use super::pod_card::PodVm;
use super::VmCtx;
use podium_engine::kube::health;
use std::collections::BTreeMap;
use std::rc::Rc;

#[derive(Default)]
pub struct Cache {
    /// The view models of the pods on nodes, in the store's order (namespace, then name).
    pods: Vec<Rc<PodVm>>,
    nodes: BTreeMap<String, Rc<NodeVm>>,
}

impl Cache {
    /// What each node's card reads from its pods, in one pass over the store's pods in order,
    /// beside the last render's pod view models in the same order (no lookup per pod).
    pub fn gather<'a>(&mut self, cx: &VmCtx<'a>) -> BTreeMap<&'a str, NodePods> {
        let kube = cx.sim.kube();
        let mut out: BTreeMap<&str, NodePods> = BTreeMap::new();
        let old = std::mem::take(&mut self.pods);
        let mut old = old.into_iter().peekable();
        for (key, pod, used) in health::usages(kube) {
            let Some(node) = pod.node() else { continue };
            let here = (key.namespace.as_str(), key.name.as_str());
            while old.next_if(|vm| (vm.namespace.as_str(), vm.name.as_str()) < here).is_some() {}
            let vm = match old.next_if(|vm| (vm.namespace.as_str(), vm.name.as_str()) == here) {
                Some(vm) if vm.still(cx, pod) => vm,
                _ => Rc::new(PodVm::of(cx, pod)),
            };
            self.pods.push(vm.clone());
            let g = out.entry(node).or_default();
            g.pods.push(vm);
            if !pod.is_terminal() {
                g.requested.add(pod);
            }
            if let Some((c, m)) = used {
                g.used = (g.used.0 + c, g.used.1 + m);
            }
        }
        out
    }

    /// Every node's view model, in the store's order, equal to what `NodeVm::of` builds now.
    pub fn nodes(&mut self, cx: &VmCtx, compact: bool) -> Vec<Rc<NodeVm>> {
        let kube = cx.sim.kube();
        let mut gathered = self.gather(cx);
        let mut out = Vec::with_capacity(kube.store.nodes.len());
        for (name, node) in &kube.store.nodes {
            let fresh = NodeVm::of(cx, node, compact, gathered.remove(name.as_str()).unwrap_or_default());
            let vm = match self.nodes.get(name) {
                Some(old) if **old == fresh => old.clone(),
                _ => {
                    let vm = Rc::new(fresh);
                    self.nodes.insert(name.clone(), vm.clone());
                    vm
                }
            };
            out.push(vm);
        }
        // Nodes that left the board leave the cache.
        if self.nodes.len() != out.len() {
            self.nodes.retain(|n, _| kube.store.nodes.contains_key(n));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::drag::{Carry, Refusal};
    use crate::i18n::Lang;
    use crate::owners::{colour_class, owner_of, palette, refresh_palette, Owner, Owners};
    use crate::selection::Selected;
    use podium_engine::kube::selector::Selector;
    use podium_engine::kube::{manifest, scheduler, Key};
    use podium_engine::quantity::Quantity;
    use podium_engine::{Action, Resource, Sim};

    /// A small deterministic generator (the test's, not the engine's).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n.max(1)
        }

        fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
            (!items.is_empty()).then(|| &items[self.below(items.len())])
        }
    }

    /// What the board reads besides the `Sim`: the App's UI state.
    #[derive(Default)]
    struct Ui {
        lang: Lang,
        carry: Carry,
        refusal: Option<Refusal>,
        selected: Option<Selected>,
    }

    fn keys(sim: &Sim) -> Vec<Key> {
        sim.kube().store.pods.keys().cloned().collect()
    }

    fn nodes(sim: &Sim) -> Vec<String> {
        sim.kube().store.nodes.keys().cloned().collect()
    }

    fn deployments(sim: &Sim) -> Vec<Key> {
        sim.kube().store.deployments.keys().cloned().collect()
    }

    /// One random learner action, or a few seconds of the clock; errors (a refused action) are
    /// part of the game and change nothing.
    fn act(sim: &mut Sim, ui: &mut Ui, rng: &mut Rng) {
        let pod = rng.pick(&keys(sim)).cloned();
        let node = rng.pick(&nodes(sim)).cloned();
        let dep = rng.pick(&deployments(sim)).cloned();
        let r = match rng.below(22) {
            0..=6 => {
                for _ in 0..=rng.below(3) {
                    sim.tick();
                }
                Ok(())
            }
            7 => pod.map_or(Ok(()), |p| sim.act(Action::KillPod { namespace: p.namespace, name: p.name }).map(drop)),
            8 if rng.below(4) == 0 => node.map_or(Ok(()), |n| sim.act(Action::KillNode { name: n }).map(drop)),
            9 => dep.map_or(Ok(()), |d| {
                let replicas = rng.below(7) as i64;
                sim.act(Action::Scale { resource: Resource::Deployment, namespace: d.namespace, name: d.name, replicas }).map(drop)
            }),
            10 => {
                let svc = sim.kube().store.services.keys().cloned().collect::<Vec<_>>();
                rng.pick(&svc).cloned().map_or(Ok(()), |s| {
                    let rps = rng.below(4) as i64 * 60;
                    sim.act(Action::SetTraffic { namespace: s.namespace, service: s.name, rps, cpu_per_rps: None }).map(drop)
                })
            }
            11 => dep.map_or(Ok(()), |d| {
                let selector = Selector::parse(&sim.kube().store.deployments[&d].spec.selector.to_string_form()).unwrap();
                let cpu = Some(Quantity::from_milli_cpu(rng.below(5) as i64 * 150));
                sim.act(Action::SetLoad { namespace: d.namespace, selector, cpu, memory: None }).map(drop)
            }),
            12 => node.map_or(Ok(()), |n| sim.act(Action::Cordon { node: n, on: rng.below(2) == 0 }).map(drop)),
            13 => dep.map_or(Ok(()), |d| {
                let yaml = format!(
                    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {{name: {n}}}\nspec:\n  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: {n}}}\n  minReplicas: 1\n  maxReplicas: 6\n  metrics:\n  - type: Resource\n    resource: {{name: cpu, target: {{type: Utilization, averageUtilization: 50}}}}\n",
                    n = d.name
                );
                let objects = manifest::decode(&yaml).unwrap().into_iter().map(|o| o.object).collect();
                sim.act(Action::Apply { objects, namespace: d.namespace }).map(drop)
            }),
            14 => pod.map_or(Ok(()), |p| {
                // Relabelled, a pod leaves its ReplicaSet: its owner (and colour) changes.
                let set = vec![("app".to_string(), format!("stray-{}", rng.below(3)))];
                sim.act(Action::Label { resource: Resource::Pod, namespace: p.namespace, name: p.name, set, remove: vec![], overwrite: true, annotations: false }).map(drop)
            }),
            15 => dep.map_or(Ok(()), |d| {
                let selector = Selector::parse(&sim.kube().store.deployments[&d].spec.selector.to_string_form()).unwrap();
                sim.act(Action::SetHealth { namespace: d.namespace, selector, readiness: Some(rng.below(2) == 0), liveness: None }).map(drop)
            }),
            16 => {
                // Carry a pending pod (or put it down), aiming at a node; bind it there now and then.
                let pending: Vec<Key> = sim.kube().store.pods.iter().filter(|(_, p)| p.node().is_none() && p.is_active()).map(|(k, _)| k.clone()).collect();
                ui.carry = match (rng.pick(&pending), rng.below(3)) {
                    (Some(p), 0) => {
                        let r = sim.act(Action::Bind { namespace: p.namespace.clone(), pod: p.name.clone(), node: node.clone().unwrap_or_default() });
                        ui.refusal = r.err().map(|e| Refusal { node: node.clone().unwrap_or_default(), pod: p.name.clone(), reasons: e.to_string() });
                        Carry::Idle
                    }
                    (Some(p), _) => Carry::Held { pod: p.clone(), target: node.clone() },
                    (None, _) => Carry::Idle,
                };
                Ok(())
            }
            17 => {
                ui.selected = match rng.below(4) {
                    0 => pod.map(|p| Selected::new(Resource::Pod, &p.namespace, &p.name)),
                    1 => node.map(|n| Selected::node(&n)),
                    2 => dep.map(|d| Selected::new(Resource::Deployment, &d.namespace, &d.name)),
                    _ => None,
                };
                Ok(())
            }
            18 => {
                ui.lang = if ui.lang == Lang::En { Lang::Ko } else { Lang::En };
                ui.refusal = None;
                Ok(())
            }
            19 => dep.map_or(Ok(()), |d| sim.act(Action::RolloutRestart { namespace: d.namespace, name: d.name }).map(drop)),
            20 => {
                // A Deployment comes (or goes) under a name that sorts among the others: every later
                // owner's place in the palette, and so its pods' colour, moves.
                let name = ["aa", "ka", "zz"][rng.below(3)];
                let yaml = format!(
                    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  replicas: 2\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}}}}}\n    spec: {{containers: [{{name: c, image: i, resources: {{requests: {{cpu: 50m}}}}}}]}}\n"
                );
                let objects = manifest::decode(&yaml).unwrap().into_iter().map(|o| o.object).collect();
                sim.act(Action::Apply { objects, namespace: "default".into() }).map(drop)
            }
            _ => dep.map_or(Ok(()), |d| sim.act(Action::Delete { resource: Resource::Deployment, namespace: d.namespace, name: d.name }).map(drop)),
        };
        let _ = r;
    }

    /// Renders the board's view models with the kept ones and afresh, and holds them equal; also
    /// holds the parts read a new way to the functions they replace. Returns how many pods kept
    /// the last render's view model.
    fn check(sim: &Sim, ui: &Ui, cache: &mut Cache, kept_palette: &mut Vec<Owner>, last: &[Rc<NodeVm>]) -> (Vec<Rc<NodeVm>>, usize) {
        let kube = sim.kube();
        let owners = Owners::of(kube);
        refresh_palette(kube, &owners, kept_palette);
        let all = palette(kube);
        assert_eq!(*kept_palette, all, "the kept palette is the palette");
        let cx = VmCtx {
            sim,
            lang: ui.lang,
            carry: &ui.carry,
            refusal: ui.refusal.as_ref(),
            selected: ui.selected.as_ref(),
            palette: kept_palette,
            owners: &owners,
        };
        let compact = crate::board::compact(sim);
        let cached = cache.nodes(&cx, compact);
        let fresh = Cache::default().nodes(&cx, compact);
        assert_eq!(cached, fresh, "the kept view models are the ones built now");
        let usage = scheduler::usage(kube);
        let mut on_nodes = 0;
        for vm in &fresh {
            assert_eq!(vm.requested, usage[&vm.name], "a node's requests are the scheduler's");
            let used = kube.store.pods.iter().filter(|(_, p)| p.node() == Some(vm.name.as_str())).filter_map(|(k, _)| health::usage(kube, k));
            assert_eq!(vm.used, used.fold((0, 0), |a, u| (a.0 + u.0, a.1 + u.1)), "a node's usage is its pods'");
            for p in &vm.pods {
                let pod = &kube.store.pods[&Key::new(p.namespace.as_str(), p.name.as_str())];
                let owner = owner_of(kube, pod);
                assert_eq!(p.owner, owner);
                assert_eq!(p.colour, colour_class(&all, owner.as_ref()));
                assert_eq!(p.selected, ui.selected.as_ref() == Some(&Selected::new(Resource::Pod, &p.namespace, &p.name)));
                assert_eq!(p.status, pod.display_status());
                assert_eq!(super::super::pod_card::shown_status(pod), pod.display_status());
                on_nodes += 1;
            }
            assert_eq!(vm.selected, ui.selected.as_ref() == Some(&Selected::node(&vm.name)));
        }
        assert_eq!(on_nodes, kube.store.pods.values().filter(|p| p.node().is_some_and(|n| kube.store.nodes.contains_key(n))).count());
        let before: BTreeMap<(&str, &str), &Rc<PodVm>> =
            last.iter().flat_map(|n| &n.pods).map(|p| ((p.namespace.as_str(), p.name.as_str()), p)).collect();
        let kept = cached.iter().flat_map(|n| &n.pods).filter(|p| before.get(&(p.namespace.as_str(), p.name.as_str())).is_some_and(|b| Rc::ptr_eq(b, p))).count();
        (cached, kept)
    }

    fn play(mut sim: Sim, seed: u64, steps: usize) {
        let (mut ui, mut rng, mut cache, mut kept_palette) = (Ui::default(), Rng(seed), Cache::default(), Vec::new());
        let (mut last, mut kept_total, mut pods_total) = (Vec::new(), 0, 0);
        for _ in 0..steps {
            act(&mut sim, &mut ui, &mut rng);
            let (now, kept) = check(&sim, &ui, &mut cache, &mut kept_palette, &last);
            kept_total += kept;
            pods_total += now.iter().map(|n| n.pods.len()).sum::<usize>();
            last = now;
        }
        // Not vacuous: most pods keep their view model from one step to the next, yet some change.
        assert!(kept_total * 2 > pods_total, "{kept_total} of {pods_total} kept");
        assert!(kept_total < pods_total, "{kept_total} of {pods_total} kept");
    }

    #[test]
    fn kept_view_models_equal_fresh_ones_through_random_play_on_cards() {
        let mut sim = crate::starter::sim();
        sim.advance(3);
        assert!(!crate::board::compact(&sim));
        play(sim, 1, 400);
    }

    #[test]
    fn kept_view_models_equal_fresh_ones_through_random_play_on_dots() {
        let mut sim = podium_engine::samples::uniform_cluster(32, "4", "16Gi");
        sim.act(podium_engine::samples::many_deployments(12, 4)).unwrap();
        sim.advance(3);
        assert!(crate::board::compact(&sim));
        play(sim, 2, 300);
    }
}
