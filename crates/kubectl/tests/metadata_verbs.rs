//! `label`, `annotate`, `expose` and `create deployment` with exact outputs.

use podium_engine::kube::Key;
use podium_engine::{NodeConfig, Sim};
use podium_kubectl::run;

fn cluster() -> Sim {
    Sim::with_nodes(1, &[NodeConfig::new("node-a", "4", "8Gi").unwrap(), NodeConfig::new("node-b", "4", "8Gi").unwrap()]).unwrap()
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
    out.stderr
}

#[test]
fn create_deployment_then_expose_it() {
    let mut sim = cluster();
    assert_eq!(ok(&mut sim, "create deployment web --image=nginx:1.27 --replicas=3 --port=80"), "deployment.apps/web created\n");
    let d = &sim.kube().store.deployments[&Key::new("default", "web")];
    assert_eq!(d.spec.replicas, 3);
    assert_eq!(d.metadata.labels["app"], "web");
    assert_eq!(d.spec.selector.match_labels["app"], "web");
    let c = &d.spec.template.spec.containers[0];
    assert_eq!((c.name.as_str(), c.image.as_str(), c.ports[0].container_port), ("nginx", "nginx:1.27", 80));
    assert_eq!(
        fail(&mut sim, "create deployment web --image=nginx"),
        "Error from server (AlreadyExists): deployments.apps \"web\" already exists\n"
    );
    assert_eq!(fail(&mut sim, "create deployment api"), "error: required flag(s) \"image\" not set\n");
    assert_eq!(ok(&mut sim, "create deploy api --image=registry.example.com/team/my_api@sha256:abc"), "deployment.apps/api created\n");
    assert_eq!(sim.kube().store.deployments[&Key::new("default", "api")].spec.template.spec.containers[0].name, "my-api");
    sim.advance(30);
    assert_eq!(ok(&mut sim, "get deploy web -o jsonpath={.status.readyReplicas}"), "3\n");
    // The port comes from the container when --port is not given.
    assert_eq!(ok(&mut sim, "expose deployment web"), "service/web exposed\n");
    let s = &sim.kube().store.services[&Key::new("default", "web")];
    assert_eq!((s.spec.type_.as_str(), s.spec.ports[0].port, s.spec.selector["app"].as_str()), ("ClusterIP", 80, "web"));
    sim.advance(1);
    assert_eq!(sim.kube().store.endpoints[&Key::new("default", "web")].ready_addresses().len(), 3);
    assert_eq!(fail(&mut sim, "expose deployment web --port=80"), "Error from server (AlreadyExists): services \"web\" already exists\n");
    assert_eq!(fail(&mut sim, "expose deployment api"), "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n");
    assert_eq!(ok(&mut sim, "expose deployment api --port=8080 --target-port=80 --type=NodePort --name=api-np"), "service/api-np exposed\n");
    let s = &sim.kube().store.services[&Key::new("default", "api-np")];
    assert_eq!(s.spec.type_, "NodePort");
    assert!(s.spec.ports[0].node_port.is_some_and(|p| (30000..=32767).contains(&p)));
    assert_eq!(fail(&mut sim, "expose deployment nope --port=80"), "Error from server (NotFound): deployments.apps \"nope\" not found\n");
}

#[test]
fn label_and_annotate_pods_nodes_and_deployments() {
    let mut sim = cluster();
    ok(&mut sim, "create deployment web --image=nginx --replicas=2");
    sim.advance(10);
    assert_eq!(ok(&mut sim, "label nodes node-a disk=ssd"), "node/node-a labeled\n");
    assert_eq!(ok(&mut sim, "label node node-a disk=ssd"), "node/node-a not labeled\n");
    assert_eq!(fail(&mut sim, "label node node-a disk=hdd"), "error: 'disk' already has a value (ssd), and --overwrite is false\n");
    assert_eq!(ok(&mut sim, "label node node-a disk=hdd --overwrite"), "node/node-a labeled\n");
    assert_eq!(ok(&mut sim, "get nodes -l disk=hdd -o name"), "node/node-a\n");
    assert_eq!(ok(&mut sim, "label node/node-a disk-"), "node/node-a unlabeled\n");
    assert_eq!(ok(&mut sim, "label deployment web tier=front"), "deployment.apps/web labeled\n");
    assert!(fail(&mut sim, "label deployment web 'tier=a b' --overwrite").starts_with("error: invalid label value: \"tier=a b\": a valid label must be"));
    assert_eq!(fail(&mut sim, "label deployment web"), "error: at least one label update is required\n");
    assert_eq!(fail(&mut sim, "label pod nope a=b"), "Error from server (NotFound): pods \"nope\" not found\n");
    assert_eq!(ok(&mut sim, "annotate deployment web team=blue"), "deployment.apps/web annotated\n");
    assert_eq!(
        fail(&mut sim, "annotate deployment web team=red"),
        "error: --overwrite is false but found the following declared annotation(s): 'team' already has a value (blue)\n"
    );
    assert_eq!(ok(&mut sim, "annotate deployment web team-"), "deployment.apps/web annotated\n");
    assert!(!sim.kube().store.deployments[&Key::new("default", "web")].metadata.annotations.contains_key("team"));
}

#[test]
fn relabeling_a_pod_out_of_its_replicaset_releases_it() {
    let mut sim = cluster();
    ok(&mut sim, "create deployment web --image=nginx --replicas=2");
    sim.advance(10);
    let pod = sim.kube().store.pods.keys().next().unwrap().name.clone();
    assert_eq!(ok(&mut sim, &format!("label pod {pod} app=debug --overwrite")), format!("pod/{pod} labeled\n"));
    // Released: no controller any more, and the ReplicaSet made a replacement.
    assert!(sim.kube().store.pods[&Key::new("default", &pod)].metadata.controller().is_none());
    assert_eq!(ok(&mut sim, "get pods -l app=web -o name").lines().count(), 2);
    assert_eq!(ok(&mut sim, "get pods -o name").lines().count(), 3);
}
