//! Rollouts through the engine's actions: set image, undo, pause/resume, restart,
//! the progress deadline and minReadySeconds, with concrete numbers.

use podium_engine::kube::controllers::deployment::REVISION_ANNOTATION;
use podium_engine::kube::manifest::decode;
use podium_engine::kube::workloads::{Deployment, ReplicaSet};
use podium_engine::kube::Key;
use podium_engine::{Action, ApiError, NodeConfig, Sim, SimTime};

use podium_engine::samples::WEB_DEPLOYMENT as WEB;

fn cluster() -> Sim {
    let nodes: Vec<NodeConfig> = (1..=3).map(|i| NodeConfig::new(&format!("node-{i}"), "2", "4Gi").unwrap()).collect();
    Sim::with_nodes(1, &nodes).unwrap()
}

fn apply(sim: &mut Sim, yaml: &str) {
    let objects = decode(yaml).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).unwrap();
}

/// WEB applied and settled for 30 s: revision 1, three ready pods.
fn running() -> Sim {
    let mut sim = cluster();
    apply(&mut sim, WEB);
    sim.advance(30);
    sim
}

fn dep(sim: &Sim) -> &Deployment {
    &sim.kube().store.deployments[&Key::new("default", "web")]
}

/// The ReplicaSets by revision, oldest first: (revision, name, spec replicas).
fn rss(sim: &Sim) -> Vec<(i64, String, i64)> {
    let mut v: Vec<(i64, String, i64)> = sim
        .kube()
        .store
        .replica_sets
        .values()
        .map(|r: &ReplicaSet| (r.metadata.annotations[REVISION_ANNOTATION].parse().unwrap(), r.metadata.name.clone(), r.spec.replicas))
        .collect();
    v.sort();
    v
}

fn progressing(sim: &Sim) -> (String, String, String) {
    let c = dep(sim).status.conditions.iter().find(|c| c.type_ == "Progressing").unwrap();
    (c.status.clone(), c.reason.clone(), c.message.clone())
}

fn images(sim: &Sim) -> Vec<String> {
    let mut v: Vec<String> = sim.kube().store.pods.values().filter(|p| p.is_active()).map(|p| p.spec.containers[0].image.clone()).collect();
    v.sort();
    v
}

fn set_image(sim: &mut Sim, image: &str) -> Result<podium_engine::Outcome, ApiError> {
    sim.act(Action::SetImage { namespace: "default".into(), name: "web".into(), images: vec![("web".into(), image.into())] })
}

#[test]
fn set_image_rolls_out_a_second_revision() {
    let mut sim = running();
    let out = set_image(&mut sim, "nginx:1.28").unwrap();
    assert_eq!(out.changes[0].kubectl_line(), "deployment.apps/web image updated");
    let v = rss(&sim);
    assert_eq!(v.len(), 2);
    // maxSurge 25% of 3 rounds up to 1, maxUnavailable rounds down to 0: one new pod first.
    assert_eq!((v[0].0, v[0].2, v[1].0, v[1].2), (1, 3, 2, 1));
    assert_eq!(dep(&sim).metadata.annotations[REVISION_ANNOTATION], "2");
    assert_eq!(progressing(&sim).1, "ReplicaSetUpdated");
    sim.advance(60);
    let v = rss(&sim);
    assert_eq!((v[0].2, v[1].2), (0, 3));
    assert_eq!(images(&sim), ["nginx:1.28"; 3]);
    assert_eq!(progressing(&sim), ("True".into(), "NewReplicaSetAvailable".into(), format!("ReplicaSet \"{}\" has successfully progressed.", v[1].1)));
    // The same image again changes nothing; an unknown container is refused and changes nothing.
    assert_eq!(set_image(&mut sim, "nginx:1.28").unwrap().changes[0].verb, podium_engine::Verb::Unchanged);
    let hash = sim.state_hash();
    let e = sim.act(Action::SetImage { namespace: "default".into(), name: "web".into(), images: vec![("db".into(), "x".into())] });
    assert_eq!(e.unwrap_err().to_string(), "unable to find container named \"db\"");
    assert_eq!(sim.state_hash(), hash);
}

#[test]
fn undo_restores_the_old_replicaset_as_revision_three() {
    let mut sim = running();
    let first = rss(&sim)[0].1.clone();
    set_image(&mut sim, "nginx:1.28").unwrap();
    sim.advance(60);
    let hash = sim.state_hash();
    let e = sim.act(Action::RolloutUndo { namespace: "default".into(), name: "web".into(), to_revision: 7 }).unwrap_err();
    assert_eq!(e.to_string(), "unable to find specified revision 7 in history");
    assert_eq!(sim.state_hash(), hash);
    let out = sim.act(Action::RolloutUndo { namespace: "default".into(), name: "web".into(), to_revision: 0 }).unwrap();
    assert_eq!(out.changes[0].kubectl_line(), "deployment.apps/web rolled back");
    // No third ReplicaSet: the first one is the new one again, numbered 3.
    let v = rss(&sim);
    assert_eq!(v.len(), 2);
    assert_eq!((v[1].0, v[1].1.as_str()), (3, first.as_str()));
    assert_eq!(dep(&sim).metadata.annotations[REVISION_ANNOTATION], "3");
    sim.advance(60);
    assert_eq!(images(&sim), ["nginx:1.27"; 3]);
    // Revision 1 is gone from the history now (it became 3).
    let e = sim.act(Action::RolloutUndo { namespace: "default".into(), name: "web".into(), to_revision: 1 }).unwrap_err();
    assert_eq!(e.to_string(), "unable to find specified revision 1 in history");
    // Undo to 2 rolls forward to 1.28 again, as revision 4.
    sim.act(Action::RolloutUndo { namespace: "default".into(), name: "web".into(), to_revision: 2 }).unwrap();
    sim.advance(60);
    assert_eq!(rss(&sim).iter().map(|r| r.0).collect::<Vec<_>>(), [3, 4]);
    assert_eq!(images(&sim), ["nginx:1.28"; 3]);
}

#[test]
fn undo_without_history_is_refused() {
    let mut sim = running();
    let e = sim.act(Action::RolloutUndo { namespace: "default".into(), name: "web".into(), to_revision: 0 }).unwrap_err();
    assert_eq!(e.to_string(), "no rollout history found for deployment \"web\"");
    let e = sim.act(Action::RolloutUndo { namespace: "default".into(), name: "nope".into(), to_revision: 0 }).unwrap_err();
    assert_eq!(e.to_string(), "deployments.apps \"nope\" not found");
}

#[test]
fn paused_deployment_keeps_its_old_pods_until_resumed() {
    let mut sim = running();
    let pause = |paused| Action::SetPaused { namespace: "default".into(), name: "web".into(), paused };
    assert_eq!(sim.act(pause(true)).unwrap().changes[0].kubectl_line(), "deployment.apps/web paused");
    assert_eq!(sim.act(pause(true)).unwrap_err().to_string(), "deployments.apps \"web\" is already paused");
    assert_eq!(progressing(&sim), ("Unknown".into(), "DeploymentPaused".into(), "Deployment is paused".into()));
    set_image(&mut sim, "nginx:1.28").unwrap();
    sim.advance(120);
    assert_eq!(rss(&sim).len(), 1);
    assert_eq!(images(&sim), ["nginx:1.27"; 3]);
    // Restart and undo are refused while paused.
    let e = sim.act(Action::RolloutRestart { namespace: "default".into(), name: "web".into() }).unwrap_err();
    assert_eq!(e.to_string(), "deployments.apps \"web\" can't restart paused deployment (run rollout resume first)");
    let e = sim.act(Action::RolloutUndo { namespace: "default".into(), name: "web".into(), to_revision: 0 }).unwrap_err();
    assert!(e.to_string().starts_with("you cannot rollback a paused deployment"));
    assert_eq!(sim.act(pause(false)).unwrap().changes[0].kubectl_line(), "deployment.apps/web resumed");
    assert_eq!(sim.act(pause(false)).unwrap_err().to_string(), "deployments.apps \"web\" is not paused");
    assert_eq!(rss(&sim).len(), 2);
    sim.advance(60);
    assert_eq!(images(&sim), ["nginx:1.28"; 3]);
}

#[test]
fn restart_makes_a_new_replicaset_with_the_same_image() {
    let mut sim = running();
    let out = sim.act(Action::RolloutRestart { namespace: "default".into(), name: "web".into() }).unwrap();
    assert_eq!(out.changes[0].kubectl_line(), "deployment.apps/web restarted");
    let at = dep(&sim).spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"].clone();
    assert_eq!(at, SimTime(30).rfc3339());
    let v = rss(&sim);
    assert_eq!(v.len(), 2);
    sim.advance(60);
    let new = &sim.kube().store.replica_sets.values().find(|r| r.metadata.name == rss(&sim)[1].1).unwrap().clone();
    assert_eq!(new.spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"], at);
    let pods: Vec<_> = sim.kube().store.pods.values().filter(|p| p.is_active()).collect();
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| p.metadata.name.starts_with(&new.metadata.name)));
    assert_eq!(images(&sim), ["nginx:1.27"; 3]);
}

#[test]
fn progress_deadline_is_exceeded_601_seconds_after_the_last_progress() {
    let mut sim = running();
    // 3 cpu does not fit on any 2-cpu node: the surge pod stays Pending, the old pods stay.
    apply(&mut sim, &WEB.replace("cpu: 500m", "cpu: \"3\""));
    let new_rs = rss(&sim)[1].1.clone();
    let since = dep(&sim).status.conditions.iter().find(|c| c.type_ == "Progressing").unwrap().last_update_time;
    assert_eq!(since, SimTime(30));
    sim.advance(600);
    assert_eq!(progressing(&sim), ("True".into(), "ReplicaSetUpdated".into(), format!("ReplicaSet \"{new_rs}\" is progressing.")));
    sim.advance(1);
    assert_eq!(progressing(&sim), ("False".into(), "ProgressDeadlineExceeded".into(), format!("ReplicaSet \"{new_rs}\" has timed out progressing.")));
    let d = dep(&sim);
    assert_eq!((d.status.replicas, d.status.updated_replicas, d.status.available_replicas), (4, 1, 3));
    // A timed-out rollout still rolls back.
    sim.act(Action::RolloutUndo { namespace: "default".into(), name: "web".into(), to_revision: 0 }).unwrap();
    sim.advance(10);
    assert_eq!(progressing(&sim).1, "NewReplicaSetAvailable");
    assert_eq!(rss(&sim).iter().map(|r| r.2).collect::<Vec<_>>(), [0, 3]);
}

#[test]
fn progress_deadline_seconds_can_be_shortened() {
    let mut sim = running();
    apply(&mut sim, &WEB.replace("cpu: 500m", "cpu: \"3\"").replace("  replicas: 3\n", "  replicas: 3\n  progressDeadlineSeconds: 60\n"));
    sim.advance(60);
    assert_eq!(progressing(&sim).1, "ReplicaSetUpdated");
    sim.advance(1);
    assert_eq!(progressing(&sim).1, "ProgressDeadlineExceeded");
}

#[test]
fn min_ready_seconds_delays_availability() {
    let mut sim = cluster();
    apply(&mut sim, &WEB.replace("  replicas: 3\n", "  replicas: 3\n  minReadySeconds: 10\n"));
    sim.advance(6);
    let d = dep(&sim);
    assert_eq!((d.status.ready_replicas, d.status.available_replicas), (3, 0));
    sim.advance(10);
    let d = dep(&sim);
    assert_eq!((d.status.ready_replicas, d.status.available_replicas), (3, 3));
    assert_eq!(progressing(&sim).1, "NewReplicaSetAvailable");
}

/// Scaling a Deployment in the middle of a rollout (`sync.go` `scale`): the difference is
/// spread proportionally over the old and new ReplicaSets, within `replicas + maxSurge`.
/// One node of 1 cpu, 1Gi and 3 pods; `web` (4 replicas, maxSurge 1, maxUnavailable 25 %)
/// settled on nginx:1.27 for 10 s, then nginx:1.28 applied.
fn mid_rollout() -> Sim {
    let node = NodeConfig { max_pods: 3, ..NodeConfig::new("node-1", "1", "1Gi").unwrap() };
    let mut sim = Sim::with_nodes(1, &[node]).unwrap();
    let web = |image: &str| {
        format!(
            "apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  replicas: 4
  selector: {{matchLabels: {{app: web}}}}
  strategy:
    type: RollingUpdate
    rollingUpdate: {{maxSurge: 1, maxUnavailable: \"25%\"}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers:
      - name: web
        image: {image}
        resources: {{requests: {{cpu: 100m, memory: 64Mi}}}}
"
        )
    };
    apply(&mut sim, &web("nginx:1.27"));
    sim.advance(10);
    // 3 pods fit (max_pods 3); the fourth stays Pending.
    assert_eq!(rss(&sim).iter().map(|r| r.2).collect::<Vec<_>>(), [4]);
    apply(&mut sim, &web("nginx:1.28"));
    // maxSurge 1, maxUnavailable 1: new at 1, the unavailable (Pending) old replica removed
    // first (cleanupUnhealthyReplicas), then the new one grows to 2 within 4 + 1.
    assert_eq!(rss(&sim).iter().map(|r| r.2).collect::<Vec<_>>(), [3, 2]);
    sim
}

fn scale_web(sim: &mut Sim, replicas: i64) {
    sim.act(Action::Scale { resource: podium_engine::Resource::Deployment, namespace: "default".into(), name: "web".into(), replicas }).unwrap();
}

fn scaling_events(sim: &Sim) -> Vec<String> {
    sim.events().all().iter().filter(|e| e.reason == "ScalingReplicaSet").map(|e| e.message.clone()).collect()
}

#[test]
fn scaling_down_mid_rollout_scales_replicasets_proportionally() {
    let mut sim = mid_rollout();
    sim.act(Action::Scale { resource: podium_engine::Resource::Deployment, namespace: "default".into(), name: "web".into(), replicas: 2 }).unwrap();
    // 2 + maxSurge 1 = 3 allowed, 5 wanted, both scaled for max 5: old round(3 × 3 / 5 = 1.8)
    // = 2 (−1), new round(2 × 3 / 5 = 1.2) = 1 (−1). Sum 3, as upstream.
    let v = rss(&sim);
    assert_eq!(v.iter().map(|r| r.2).collect::<Vec<_>>(), [2, 1]);
    let rs = &sim.kube().store.replica_sets[&Key::new("default", v[0].1.as_str())];
    assert_eq!(rs.metadata.annotations["deployment.kubernetes.io/desired-replicas"], "2");
    assert_eq!(rs.metadata.annotations["deployment.kubernetes.io/max-replicas"], "3");
    let msgs = scaling_events(&sim);
    assert_eq!(msgs[msgs.len() - 2..], [format!("Scaled down replica set {} from 3 to 2", v[0].1), format!("Scaled down replica set {} from 2 to 1", v[1].1)]);
    // The rollout then finishes at 2 replicas of the new template.
    sim.advance(120);
    assert_eq!(rss(&sim).iter().map(|r| r.2).collect::<Vec<_>>(), [0, 2]);
    assert_eq!(images(&sim), ["nginx:1.28"; 2]);
}

#[test]
fn scaling_up_mid_rollout_grows_the_larger_replicaset_first() {
    let mut sim = mid_rollout();
    scale_web(&mut sim, 2);
    let v = rss(&sim);
    assert_eq!(v.iter().map(|r| r.2).collect::<Vec<_>>(), [2, 1]);
    // 2 → 6: 6 + 1 = 7 allowed, 4 to add, both scaled for max 3. Old round(2 × 7 / 3 = 4.67)
    // = 5 (+3), new round(1 × 7 / 3 = 2.33) = 2 (+1): 5 + 2 = 7.
    scale_web(&mut sim, 6);
    assert_eq!(rss(&sim).iter().map(|r| r.2).collect::<Vec<_>>(), [5, 2]);
    assert_eq!(scaling_events(&sim).last().unwrap(), &format!("Scaled up replica set {} from 2 to 5", v[0].1));
    // The new one's event folds into the identical one of the rollout's start (count 2).
    let again = format!("Scaled up replica set {} from 1 to 2", v[1].1);
    assert_eq!(sim.events().all().iter().find(|e| e.message == again).map(|e| e.count), Some(2));
    let rs = &sim.kube().store.replica_sets[&Key::new("default", v[1].1.as_str())];
    assert_eq!(rs.metadata.annotations["deployment.kubernetes.io/max-replicas"], "7");
}
