//! `set image`, `rollout …`, `cordon`, `uncordon`, `drain` and `taint` with exact
//! outputs. Generated names are read from the sim, never typed in.

use podium_engine::kube::Key;
use podium_engine::{NodeConfig, Sim};
use podium_kubectl::{apply, run, Output};

use podium_engine::samples::WEB_DEPLOYMENT as WEB;

fn running() -> Sim {
    let mut sim = Sim::with_nodes(
        1,
        &[
            NodeConfig::new("node-a", "2", "4Gi").unwrap(),
            NodeConfig::new("node-b", "2", "4Gi").unwrap(),
            NodeConfig::new("node-c", "2", "4Gi").unwrap(),
        ],
    )
    .unwrap();
    assert!(apply(&mut sim, WEB, None).success);
    sim.advance(30);
    sim
}

fn ok(sim: &mut Sim, line: &str) -> String {
    let out = run(sim, line);
    assert!(out.success, "{line}: {out:?}");
    assert_eq!(out.stderr, "", "{line}");
    out.stdout
}

fn fail(sim: &mut Sim, line: &str) -> String {
    let out = run(sim, line);
    assert!(!out.success, "{line}: {out:?}");
    assert_eq!(out.stdout, "", "{line}");
    out.stderr
}

fn rs_names(sim: &Sim) -> Vec<String> {
    let mut v: Vec<(String, String)> = sim
        .kube()
        .store
        .replica_sets
        .values()
        .map(|r| (r.metadata.annotations["deployment.kubernetes.io/revision"].clone(), r.metadata.name.clone()))
        .collect();
    v.sort();
    v.into_iter().map(|(_, n)| n).collect()
}

#[test]
fn set_image_and_rollout_status_at_each_instant() {
    let mut sim = running();
    assert_eq!(ok(&mut sim, "rollout status deployment/web"), "deployment \"web\" successfully rolled out\n");
    assert_eq!(ok(&mut sim, "kubectl set image deployment/web web=nginx:1.28"), "deployment.apps/web image updated\n");
    // Same instant: one surge pod exists, not yet ready.
    assert_eq!(ok(&mut sim, "rollout status deployment/web"), "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...\n");
    let mut seen = Vec::new();
    for _ in 0..60 {
        sim.advance(1);
        let line = ok(&mut sim, "rollout status deploy web");
        if seen.last() != Some(&line) {
            seen.push(line);
        }
    }
    assert!(seen.iter().any(|l| l.ends_with("old replicas are pending termination...\n")), "{seen:#?}");
    assert_eq!(seen.last().unwrap(), "deployment \"web\" successfully rolled out\n");
    // Setting the same image again prints nothing, as kubectl skips an empty patch.
    assert_eq!(ok(&mut sim, "set image deployment/web web=nginx:1.28"), "");
    assert_eq!(fail(&mut sim, "set image deployment/web db=nginx:1.28"), "error: unable to find container named \"db\"\n");
    assert_eq!(fail(&mut sim, "set image deployment/nope web=x"), "Error from server (NotFound): deployments.apps \"nope\" not found\n");
    assert_eq!(fail(&mut sim, "rollout status deployment/nope"), "Error from server (NotFound): deployments.apps \"nope\" not found\n");
}

#[test]
fn available_and_pending_termination_lines() {
    let mut sim = running();
    ok(&mut sim, "set image deployment/web web=nginx:1.28");
    // Walk the clock until each message shows up once.
    let mut lines = Vec::new();
    for _ in 0..60 {
        let l = ok(&mut sim, "rollout status deployment/web");
        if !lines.contains(&l) {
            lines.push(l);
        }
        sim.advance(1);
    }
    assert!(lines.iter().all(|l| l.starts_with("Waiting for deployment \"web\" rollout to finish: ") || l == "deployment \"web\" successfully rolled out\n"), "{lines:#?}");
    assert!(lines.contains(&"Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...\n".to_string()), "{lines:#?}");
}

#[test]
fn history_undo_and_revision_details() {
    let mut sim = running();
    ok(&mut sim, "set image deployment/web web=nginx:1.28");
    sim.advance(60);
    assert_eq!(ok(&mut sim, "rollout history deployment/web"), "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");
    let first = rs_names(&sim)[0].clone();
    let hash = first.strip_prefix("web-").unwrap().to_string();
    assert_eq!(
        ok(&mut sim, "rollout history deployment/web --revision=1"),
        format!(
            "deployment.apps/web with revision #1\nPod Template:\n  Labels:  app=web\n           pod-template-hash={hash}\n  Containers:\n   web:\n    Image:      nginx:1.27\n    Port:       <none>\n    Host Port:  <none>\n    Requests:\n      cpu:         500m\n      memory:      256Mi\n    Environment:   <none>\n    Mounts:        <none>\n  Volumes:         <none>\n  Node-Selectors:  <none>\n  Tolerations:     <none>\n\n"
        )
    );
    assert_eq!(fail(&mut sim, "rollout history deployment/web --revision=9"), "error: unable to find the specified revision\n");
    assert_eq!(fail(&mut sim, "rollout undo deployment/web --to-revision=7"), "error: unable to find specified revision 7 in history\n");
    assert_eq!(ok(&mut sim, "rollout undo deployment/web --to-revision=2"), "deployment.apps/web skipped rollback (current template already matches revision 2)\n");
    assert_eq!(ok(&mut sim, "rollout undo deployment/web"), "deployment.apps/web rolled back\n");
    assert_eq!(ok(&mut sim, "rollout history deployment/web"), "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n");
    assert_eq!(rs_names(&sim)[1], first);
    sim.advance(60);
    assert_eq!(ok(&mut sim, "get deploy web -o jsonpath={.spec.template.spec.containers[0].image}"), "nginx:1.27\n");
}

#[test]
fn pause_resume_and_restart() {
    let mut sim = running();
    assert_eq!(ok(&mut sim, "rollout pause deployment/web"), "deployment.apps/web paused\n");
    assert_eq!(fail(&mut sim, "rollout pause deployment/web"), "error: deployments.apps \"web\" is already paused\n");
    ok(&mut sim, "set image deployment/web web=nginx:1.28");
    sim.advance(30);
    assert_eq!(rs_names(&sim).len(), 1);
    assert_eq!(fail(&mut sim, "rollout restart deployment/web"), "error: deployments.apps \"web\" can't restart paused deployment (run rollout resume first)\n");
    assert_eq!(
        fail(&mut sim, "rollout undo deployment/web"),
        "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n"
    );
    assert_eq!(ok(&mut sim, "rollout resume deployment/web"), "deployment.apps/web resumed\n");
    assert_eq!(fail(&mut sim, "rollout resume deployment/web"), "error: deployments.apps \"web\" is not paused\n");
    sim.advance(60);
    assert_eq!(rs_names(&sim).len(), 2);
    assert_eq!(ok(&mut sim, "rollout restart deployment/web"), "deployment.apps/web restarted\n");
    assert_eq!(rs_names(&sim).len(), 3);
    let d = &sim.kube().store.deployments[&Key::new("default", "web")];
    assert_eq!(d.spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"], sim.now().rfc3339());
    assert!(ok(&mut sim, "get deploy web -o yaml").contains(&format!("kubectl.kubernetes.io/restartedAt: \"{}\"", sim.now().rfc3339())));
}

#[test]
fn progress_deadline_makes_rollout_status_fail() {
    let mut sim = running();
    assert!(apply(&mut sim, &WEB.replace("cpu: 500m", "cpu: \"3\""), None).success);
    sim.advance(601);
    let out = run(&mut sim, "rollout status deployment/web");
    assert_eq!(out, Output { stdout: String::new(), stderr: "error: deployment \"web\" exceeded its progress deadline\n".into(), success: false });
    let d = &sim.kube().store.deployments[&Key::new("default", "web")];
    assert_eq!(d.status.conditions.iter().find(|c| c.type_ == "Progressing").unwrap().reason, "ProgressDeadlineExceeded");
}

#[test]
fn rollout_argument_errors() {
    let mut sim = running();
    assert_eq!(fail(&mut sim, "rollout status"), "error: required resource not specified\n");
    assert_eq!(fail(&mut sim, "rollout undo deployment/web --to-revision=x"), "error: invalid argument \"x\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl rollout undo --help' for usage.\n");
    assert!(fail(&mut sim, "rollout frobnicate deployment/web").starts_with("error: unknown command \"frobnicate\" for \"kubectl rollout\"\n"));
}

fn pods_on(sim: &Sim, node: &str) -> Vec<String> {
    sim.kube().store.pods_on(node).filter(|p| p.is_active()).map(|p| p.metadata.name.clone()).collect()
}

#[test]
fn cordon_uncordon_and_drain() {
    let mut sim = running();
    assert_eq!(ok(&mut sim, "cordon node-a"), "node/node-a cordoned\n");
    assert_eq!(ok(&mut sim, "cordon node-a"), "node/node-a already cordoned\n");
    assert!(ok(&mut sim, "get nodes").contains("node-a   Ready,SchedulingDisabled"));
    assert_eq!(ok(&mut sim, "uncordon node-a"), "node/node-a uncordoned\n");
    assert_eq!(ok(&mut sim, "uncordon node-a"), "node/node-a already uncordoned\n");
    assert_eq!(fail(&mut sim, "cordon node-z"), "Error from server (NotFound): nodes \"node-z\" not found\n");
    assert_eq!(fail(&mut sim, "cordon"), "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n");
    let victims = pods_on(&sim, "node-b");
    assert_eq!(victims.len(), 1);
    let mut expected = "node/node-b cordoned\n".to_string();
    for v in &victims {
        expected.push_str(&format!("evicting pod default/{v}\n"));
    }
    for v in &victims {
        expected.push_str(&format!("pod/{v} evicted\n"));
    }
    expected.push_str("node/node-b drained\n");
    assert_eq!(ok(&mut sim, "drain node-b --ignore-daemonsets --delete-emptydir-data"), expected);
    sim.advance(30);
    assert!(pods_on(&sim, "node-b").is_empty());
    assert_eq!(ok(&mut sim, "get deploy web -o jsonpath={.status.availableReplicas}"), "3\n");
}

#[test]
fn drain_refuses_a_pod_without_a_controller_exactly_as_kubectl() {
    let mut sim = running();
    let lone = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: lone\nspec:\n  nodeSelector: {kubernetes.io/hostname: node-a}\n  containers:\n  - name: lone\n    image: busybox\n";
    assert!(apply(&mut sim, lone, None).success);
    sim.advance(10);
    let out = run(&mut sim, "drain node-a --ignore-daemonsets");
    assert_eq!(
        out,
        Output {
            stdout: "node/node-a cordoned\n".into(),
            stderr: "error: unable to drain node \"node-a\" due to error: cannot delete Pods that declare no controller (use --force to override): default/lone, continuing command...\nThere are pending nodes to be drained:\n node-a\nerror: cannot delete Pods that declare no controller (use --force to override): default/lone\n".into(),
            success: false,
        }
    );
    // The node stays cordoned, as with kubectl; its pods stay.
    assert_eq!(pods_on(&sim, "node-a").len(), 2);
    let out = run(&mut sim, "drain node-a --ignore-daemonsets --force");
    assert!(out.success);
    assert_eq!(out.stderr, "Warning: deleting Pods that declare no controller: default/lone\n");
    assert!(out.stdout.starts_with("node/node-a already cordoned\nevicting pod default/"));
    assert!(out.stdout.contains("pod/lone evicted\n"));
    assert!(out.stdout.ends_with("node/node-a drained\n"));
}

#[test]
fn taint_and_untaint() {
    let mut sim = running();
    assert_eq!(ok(&mut sim, "taint nodes node-a dedicated=gpu:NoSchedule"), "node/node-a tainted\n");
    assert_eq!(
        fail(&mut sim, "taint nodes node-a dedicated=cpu:NoSchedule"),
        "error: node node-a already has dedicated taint(s) with same effect(s) and --overwrite is false\n"
    );
    assert_eq!(ok(&mut sim, "taint nodes node-a dedicated=cpu:NoSchedule --overwrite"), "node/node-a tainted\n");
    assert_eq!(ok(&mut sim, "get node node-a -o jsonpath={.spec.taints[0].value}"), "cpu\n");
    assert_eq!(fail(&mut sim, "taint nodes node-a dedicated=gpu"), "error: invalid taint spec: dedicated=gpu\n");
    assert_eq!(fail(&mut sim, "taint nodes node-a a=b:Sometimes"), "error: invalid taint effect: Sometimes, unsupported taint effect\n");
    assert_eq!(fail(&mut sim, "taint nodes node-a other:NoSchedule-"), "error: taint \"other:NoSchedule\" not found\n");
    assert_eq!(ok(&mut sim, "taint nodes node-a dedicated=gpu:NoSchedule-"), "node/node-a untainted\n");
    assert_eq!(ok(&mut sim, "taint node/node-b dedicated=gpu:NoExecute"), "node/node-b tainted\n");
    sim.advance(30);
    assert!(pods_on(&sim, "node-b").is_empty());
    assert_eq!(ok(&mut sim, "taint nodes node-b dedicated-"), "node/node-b untainted\n");
    assert_eq!(fail(&mut sim, "taint nodes node-b dedicated-"), "error: taint \"dedicated\" not found\n");
}

#[test]
fn new_verbs_are_listed() {
    let sim = running();
    for v in ["set", "rollout", "cordon", "uncordon", "drain", "taint"] {
        assert!(podium_kubectl::VERBS.contains(&v), "{v}");
        assert!(!podium_kubectl::help::UNAVAILABLE_VERBS.contains(&v), "{v}");
    }
    assert_eq!(podium_kubectl::completions(&sim, "rollout "), ["history", "pause", "restart", "resume", "status", "undo"]);
    assert_eq!(podium_kubectl::completions(&sim, "rollout status deployment "), ["web"]);
    assert_eq!(podium_kubectl::completions(&sim, "drain node-"), ["node-a", "node-b", "node-c"]);
    assert!(podium_kubectl::flags_for("drain").contains(&"--ignore-daemonsets".to_string()));
}

const AGENT: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers:
      - name: agent
        image: fluentd:1.17
";

fn agent_on(sim: &Sim, node: &str) -> String {
    sim.kube()
        .store
        .pods_on(node)
        .find(|p| p.metadata.name.starts_with("agent-"))
        .map(|p| p.metadata.name.clone())
        .unwrap()
}

#[test]
fn daemonsets_get_describe_and_drain() {
    let mut sim = running();
    let out = apply(&mut sim, AGENT, None);
    assert_eq!(out.stdout, "daemonset.apps/agent created\n");
    sim.advance(10);
    assert_eq!(
        ok(&mut sim, "get ds"),
        "NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n\
         agent   3         3         3       3            3           kubernetes.io/os=linux   10s\n"
    );
    assert_eq!(ok(&mut sim, "get daemonset agent -o name"), "daemonset.apps/agent\n");
    let d = ok(&mut sim, "describe daemonset agent");
    for line in [
        "Name:                                            agent\n",
        "Selector:                                        app=agent\n",
        "Node-Selector:                                   kubernetes.io/os=linux\n",
        "Desired Number of Nodes Scheduled:               3\n",
        "Number of Nodes Scheduled with Available Pods:   3\n",
        "Pods Status:                                     3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n",
    ] {
        assert!(d.contains(line), "{line:?} in\n{d}");
    }
    assert!(d.contains("Normal  SuccessfulCreate"), "{d}");
    let pod = agent_on(&sim, "node-a");
    // As kubectl does, the node is cordoned before the pods are looked at.
    let out = run(&mut sim, "drain node-a");
    assert!(!out.success);
    assert_eq!(out.stdout, "node/node-a cordoned\n");
    let e = out.stderr;
    let msg = format!("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/{pod}");
    assert_eq!(
        e,
        format!(
            "error: unable to drain node \"node-a\" due to error: {msg}, continuing command...\nThere are pending nodes to be drained:\n node-a\nerror: {msg}\n"
        )
    );
    let out = run(&mut sim, "drain node-a --ignore-daemonsets");
    assert!(out.success, "{out:?}");
    assert_eq!(out.stderr, format!("Warning: ignoring DaemonSet-managed Pods: default/{pod}\n"));
    let web = sim.kube().store.pods_on("node-a").find(|p| p.metadata.name.starts_with("web-")).unwrap().metadata.name.clone();
    assert_eq!(
        out.stdout,
        format!("node/node-a already cordoned\nevicting pod default/{web}\npod/{web} evicted\nnode/node-a drained\n")
    );
    assert!(sim.kube().store.pods[&Key::new("default", pod.as_str())].is_active(), "the daemon pod stays");
    assert_eq!(ok(&mut sim, "delete ds agent"), "daemonset.apps \"agent\" deleted\n");
}
