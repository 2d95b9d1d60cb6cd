//! Reading scenario files: what is accepted, and errors with their exact place.

use podium_scenario::{KillTarget, Matcher, Scenario, ScenarioError, StepAction};

const CLUSTER: &str = "name: t
cluster:
  nodes:
    - {name: a, cpu: \"2\", memory: 4Gi}
";

/// A scenario with the standard cluster and `steps` (lines start at 6).
fn with_steps(steps: &str) -> String {
    format!("{CLUSTER}steps:\n{steps}")
}

fn err(text: &str) -> ScenarioError {
    match Scenario::parse(text) {
        Ok(_) => panic!("parsed:\n{text}"),
        Err(e) => e,
    }
}

fn place(text: &str) -> (usize, usize, String) {
    let e = err(text);
    (e.line, e.column, e.message)
}

#[test]
fn the_documented_example_parses() {
    let text = r#"name: self-healing
seed: 4
cluster:
  nodes:
    - name: node-a
      cpu: "4"
      memory: 8Gi
      zone: us-east-1a
      labels: {disk: ssd}
      taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
    - count: 3
      namePrefix: worker
      cpu: "2"
      memory: 4Gi
steps:
  - kubectl: create namespace shop
  - apply: |
      apiVersion: v1
      kind: Namespace
      metadata: {name: other}
  - apply:
      namespace: shop
      manifest: |
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {ports: [{port: 80}]}
  - wait: 90s
  - kill: pod/web-7d4b9c8f6d-x2k9p
  - kill: node/node-a
  - kill: {selector: "app=web", namespace: shop, count: 1}
  - bind: {pod: NAME, node: NAME, namespace: shop}
  - expect: {kubectl: "get deploy web -n shop -o jsonpath='{.status.readyReplicas}'", equals: "3"}
  - expect: {kubectl: "get pods -n shop -o name", count: 3}
  - expect: {kubectl: "get events -n shop", contains: "Scheduled"}
  - expect: {kubectl: "kubectl get pods", matches: "^NAME +READY"}
  - kubectl: kubectl get pods
    fails: true
    error: nope
"#;
    let s = Scenario::parse(text).unwrap();
    assert_eq!((s.name.as_str(), s.seed), ("self-healing", 4));
    let names: Vec<&str> = s.nodes.iter().map(|n| n.config.name.as_str()).collect();
    assert_eq!(names, ["node-a", "worker-1", "worker-2", "worker-3"]);
    assert_eq!(s.nodes.iter().map(|n| n.line).collect::<Vec<_>>(), [5, 11, 11, 11]);
    let a = &s.nodes[0].config;
    assert_eq!((a.cpu.milli(), a.memory.value()), (4000, 8 << 30));
    assert_eq!(a.zone.as_deref(), Some("us-east-1a"));
    assert_eq!(a.labels.get("disk").map(String::as_str), Some("ssd"));
    assert_eq!((a.taints[0].key.as_str(), a.taints[0].value.as_str(), a.taints[0].effect.as_str()), ("dedicated", "gpu", "NoSchedule"));
    assert_eq!(s.steps.len(), 13);
    let lines: Vec<(usize, usize)> = s.steps.iter().map(|st| (st.line, st.column)).collect();
    assert_eq!(&lines[..4], &[(16, 5), (17, 5), (21, 5), (28, 5)]);
    assert_eq!(lines[12], (37, 5));
    let descs: Vec<String> = s.steps.iter().map(|st| st.description()).collect();
    assert_eq!(descs[0], "kubectl create namespace shop");
    assert_eq!(descs[1], "kubectl apply -f - (namespace/other)");
    assert_eq!(descs[2], "kubectl apply -n shop -f - (service/web)");
    assert_eq!(descs[3], "wait 90s");
    assert_eq!(descs[4], "kill pod web-7d4b9c8f6d-x2k9p -n default");
    assert_eq!(descs[5], "kill node node-a");
    assert_eq!(descs[6], "kill 1 pod -l app=web -n shop");
    assert_eq!(descs[7], "bind pod NAME to node NAME -n shop");
    assert_eq!(descs[8], "kubectl get deploy web -n shop -o jsonpath='{.status.readyReplicas}'");
    assert_eq!(descs[11], "kubectl get pods", "a leading `kubectl` is optional");
    assert_eq!(descs[12], "kubectl get pods");
    assert!(matches!(&s.steps[3].action, StepAction::Wait(90)));
    assert!(matches!(&s.steps[6].action, StepAction::Kill(KillTarget::Selector { count: 1, .. })));
    assert!(matches!(&s.steps[9].action, StepAction::Expect(e) if matches!(e.matcher, Matcher::Count(3))));
    assert_eq!(s.steps[9].expectation().as_deref(), Some("count 3"));
    assert!(s.steps[12].fails);
    assert_eq!(s.steps[12].expectation().as_deref(), Some("refused with \"nope\""));
    assert_eq!(s.steps[0].expectation(), None);
}

#[test]
fn defaults_seed_one_and_no_nodes() {
    let s = Scenario::parse("name: bare\nsteps:\n  - wait: 1m30s\n").unwrap();
    assert_eq!((s.seed, s.nodes.len()), (1, 0));
    assert!(matches!(s.steps[0].action, StepAction::Wait(90)));
    // A bare number is seconds.
    let s = Scenario::parse("name: bare\nsteps:\n  - wait: 45\n").unwrap();
    assert!(matches!(s.steps[0].action, StepAction::Wait(45)));
}

#[test]
fn unknown_keys_are_errors_with_their_place() {
    assert_eq!(place(&with_steps("  - wait: 1s\n  - wiat: 20s\n")).0, 7);
    let e = err(&with_steps("  - wait: 1s\n  - wiat: 20s\n"));
    assert_eq!((e.line, e.column), (7, 5));
    assert!(e.message.starts_with("steps[1]: unknown field `wiat`, expected one of"), "{}", e.message);
    // Top level.
    let e = err("name: t\nsed: 4\nsteps: []\n");
    assert_eq!((e.line, e.column), (2, 1));
    assert!(e.message.starts_with("unknown field `sed`"), "{}", e.message);
    // Inside a node.
    let e = err("name: t\ncluster:\n  nodes:\n    - name: a\n      cpu: \"1\"\n      memory: 1Gi\n      zones: x\nsteps: []\n");
    assert_eq!((e.line, e.column), (7, 7));
    assert!(e.message.starts_with("cluster.nodes[0]: unknown field `zones`"), "{}", e.message);
    // Inside an expect, in flow style.
    let e = err(&with_steps("  - expect: {kubectl: get pods, cuont: 3}\n"));
    assert_eq!((e.line, e.column), (6, 33));
    assert!(e.message.starts_with("steps[0].expect: unknown field `cuont`"), "{}", e.message);
    // Inside the mapping forms of apply and kill.
    let e = err(&with_steps("  - apply:\n      namespace: shop\n      manfest: x\n"));
    assert_eq!((e.line, e.column), (8, 7));
    assert!(e.message.contains("unknown field `manfest`"), "{}", e.message);
    let e = err(&with_steps("  - kill: {selector: app=web, namspace: shop}\n"));
    assert_eq!((e.line, e.column), (6, 31));
    assert!(e.message.contains("unknown field `namspace`"), "{}", e.message);
}

#[test]
fn bad_yaml_points_at_the_trouble() {
    let e = err("name: t\nsteps:\n  - kubectl: get pods\n   - wait: 1s\n");
    assert_eq!(e.line, 4, "{e}");
    let e = err("name: t\ncluster:\n  nodes:\n    - {name: a, cpu: \"1\", memory: 2Gi\nsteps:\n  - wait: 10s\n");
    assert_eq!((e.line, e.column), (5, 6));
    assert_eq!(e.message, "did not find expected ',' or '}', while parsing a flow mapping at line 4 column 7");
    let e = err("name: t\nsteps:\n  - kubectl: [get pods\n");
    assert!(e.line >= 3, "{e}");
}

#[test]
fn missing_and_mistyped_values() {
    let e = err("steps: []\n");
    assert_eq!(e.message, "missing field `name`");
    let e = err("name: t\nseed: four\nsteps: []\n");
    assert_eq!((e.line, e.column), (2, 7));
    assert!(e.message.starts_with("seed: invalid type"), "{}", e.message);
    let e = err(&with_steps("  - expect: {kubectl: get pods, count: three}\n"));
    assert_eq!((e.line, e.column), (6, 40));
    let e = err("name: t\nsteps: []\nversion: 2\n");
    assert_eq!((e.line, e.column, e.message.as_str()), (3, 1, "unsupported scenario format version 2 (this podium reads version 1)"));
}

#[test]
fn node_errors_point_at_the_node() {
    let both = "name: t\ncluster:\n  nodes:\n    - name: a\n      count: 2\n      cpu: \"1\"\n      memory: 1Gi\nsteps: []\n";
    assert_eq!(place(both), (5, 7, "cluster.nodes[0]: give either `name` or `count` with `namePrefix`, not both".into()));
    let neither = "name: t\ncluster:\n  nodes:\n    - {name: a, cpu: \"1\", memory: 1Gi}\n    - {cpu: \"1\", memory: 1Gi}\nsteps: []\n";
    assert_eq!(place(neither), (5, 7, "cluster.nodes[1]: a node needs a `name`, or a `count` and a `namePrefix`".into()));
    let no_prefix = "name: t\ncluster:\n  nodes:\n    - count: 2\n      cpu: \"1\"\n      memory: 1Gi\nsteps: []\n";
    assert_eq!(place(no_prefix).0, 4);
    let bad_cpu = "name: t\ncluster:\n  nodes:\n    - name: a\n      cpu: lots\n      memory: 1Gi\nsteps: []\n";
    let (l, c, m) = place(bad_cpu);
    assert_eq!((l, c), (5, 7));
    assert!(m.starts_with("cluster.nodes[0]: cpu \"lots\": quantities must match"), "{m}");
    let bad_mem = "name: t\ncluster:\n  nodes:\n    - {name: a, cpu: \"1\", memory: 1Gb}\nsteps: []\n";
    let (l, c, m) = place(bad_mem);
    assert_eq!((l, c), (4, 27));
    assert!(m.contains("memory \"1Gb\""), "{m}");
    let bad_effect = "name: t\ncluster:\n  nodes:\n    - name: a\n      cpu: \"1\"\n      memory: 1Gi\n      taints:\n        - {key: k, effect: NoScheduling}\n";
    let (l, c, m) = place(&format!("{bad_effect}steps: []\n"));
    assert_eq!((l, c), (8, 20));
    assert_eq!(m, "cluster.nodes[0]: taint effect \"NoScheduling\" is not one of NoSchedule, PreferNoSchedule, NoExecute");
    let twice = "name: t\ncluster:\n  nodes:\n    - {name: w-2, cpu: \"1\", memory: 1Gi}\n    - {count: 2, namePrefix: w, cpu: \"1\", memory: 1Gi}\nsteps: []\n";
    assert_eq!(place(twice), (5, 7, "cluster.nodes[1]: node \"w-2\" is declared twice".into()));
    let bad_name = "name: t\ncluster:\n  nodes:\n    - {name: Node_A, cpu: \"1\", memory: 1Gi}\nsteps: []\n";
    let (l, c, m) = place(bad_name);
    assert_eq!((l, c), (4, 8));
    assert!(m.contains("invalid node name"), "{m}");
}

#[test]
fn step_errors_point_at_the_step() {
    let (l, c, m) = place(&with_steps("  - wait: 1s\n  - wait: 3x\n"));
    assert_eq!((l, c), (7, 5));
    assert!(m.starts_with("steps[1]: invalid duration \"3x\""), "{m}");
    // An expect with no matcher, or two.
    let (l, c, m) = place(&with_steps("  - expect: {kubectl: get pods}\n"));
    assert_eq!((l, c, m.as_str()), (6, 5, "steps[0]: an expect needs one of equals, contains, matches, count"));
    let (l, c, m) = place(&with_steps("  - kubectl: get pods\n  - expect:\n      kubectl: get pods\n      equals: x\n      count: 3\n"));
    assert_eq!((l, c, m.as_str()), (10, 7, "steps[1]: an expect takes one matcher, this one has `equals` and `count`"));
    // A step with two actions, or none.
    let (l, c, m) = place(&with_steps("  - kubectl: get pods\n    wait: 1s\n"));
    assert_eq!((l, c, m.as_str()), (7, 5, "steps[0]: a step does one thing, this one has `kubectl` and `wait`"));
    let (l, c, m) = place(&with_steps("  - note: hello\n"));
    assert_eq!((l, c, m.as_str()), (6, 5, "steps[0]: a step needs one of kubectl, apply, wait, kill, bind, expect, load, health"));
    // A bad regular expression.
    let (l, c, m) = place(&with_steps("  - expect: {kubectl: get pods, matches: \"(\"}\n"));
    assert_eq!((l, c), (6, 33));
    assert!(m.starts_with("steps[0]: bad regular expression"), "{m}");
    // `fails` where nothing can be refused.
    let (l, c, m) = place(&with_steps("  - wait: 5s\n    fails: true\n"));
    assert_eq!((l, c, m.as_str()), (7, 5, "steps[0]: `fails` applies to kubectl, apply, kill, bind, load and health steps, not to `wait`"));
    // Kill forms.
    let (l, c, m) = place(&with_steps("  - kill: web-123\n"));
    assert_eq!((l, c, m.as_str()), (6, 5, "steps[0]: kill \"web-123\": write pod/NAME or node/NAME"));
    let (_, _, m) = place(&with_steps("  - kill: {selector: \"app in web\"}\n"));
    assert_eq!(m, "steps[0]: unable to parse requirement: found 'web', expected: '(' (in \"app in web\")");
    let (_, _, m) = place(&with_steps("  - kill: {pod: a, node: b}\n"));
    assert_eq!(m, "steps[0]: kill takes one of `selector`, `pod`, `node`");
    let (_, _, m) = place(&with_steps("  - kill: {selector: app=web, count: 0}\n"));
    assert_eq!(m, "steps[0]: count must be at least 1");
}

#[test]
fn flow_style_steps_fall_back_to_the_steps_key() {
    let e = err(&format!("{CLUSTER}steps: [{{wait: 1s}}, {{wait: 2x}}]\n"));
    assert_eq!((e.line, e.column), (5, 1));
    assert!(e.message.starts_with("steps[1]: invalid duration"), "{}", e.message);
}

#[test]
fn display_has_line_and_column() {
    let e = err("name: t\nsed: 4\nsteps: []\n");
    assert!(e.to_string().starts_with("2:1: unknown field `sed`"), "{e}");
}

#[test]
fn node_groups_parse_and_build_their_min_nodes() {
    let text = "name: t
cluster:
  nodes:
    - {name: base, cpu: \"2\", memory: 4Gi}
  nodeGroups:
    - name: workers
      min: 2
      max: 5
      cpu: \"4\"
      memory: 8Gi
      maxPods: 30
      zone: us-east-1a
      labels: {tier: app}
      taints: [{key: dedicated, value: app, effect: NoSchedule}]
      bootTime: 2m
steps: []
";
    let s = Scenario::parse(text).unwrap();
    assert_eq!(s.node_groups.len(), 1);
    let g = &s.node_groups[0];
    assert_eq!((g.name.as_str(), g.min, g.max, g.boot_seconds, g.node.max_pods), ("workers", 2, 5, 120, 30));
    assert_eq!(g.node.taints[0].key, "dedicated");
    let sim = s.build_sim();
    let names: Vec<&String> = sim.kube().store.nodes.keys().collect();
    assert_eq!(names, ["base", "workers-1", "workers-2"]);
    let n = &sim.kube().store.nodes["workers-1"];
    assert_eq!(n.metadata.labels["eks.amazonaws.com/nodegroup"], "workers");
    assert_eq!(n.metadata.labels["tier"], "app");
    assert_eq!(n.zone(), Some("us-east-1a"));
}

#[test]
fn node_group_errors_have_their_place() {
    let group = |body: &str| format!("name: t\ncluster:\n  nodeGroups:\n    - name: ng\n{body}steps: []\n");
    let (line, col, msg) = place(&group("      min: 1\n      max: 2\n      cpu: \"1\"\n      memory: 1Gi\n      bootTme: 30s\n"));
    assert_eq!(line, 9);
    assert!(col > 0);
    assert!(msg.contains("unknown field `bootTme`"), "{msg}");
    let (line, _, msg) = place(&group("      min: 3\n      max: 2\n      cpu: \"1\"\n      memory: 1Gi\n"));
    assert_eq!((line, msg.as_str()), (5, "cluster.nodeGroups[0]: min (3) is above max (2)"));
    let (line, _, msg) = place(&group("      min: 1\n      max: 2\n      cpu: \"1\"\n      memory: 1Gi\n      bootTime: soon\n"));
    assert_eq!(line, 9);
    assert!(msg.starts_with("cluster.nodeGroups[0]: invalid duration"), "{msg}");
    let (line, _, msg) = place(&group("      min: 1\n      max: 2\n      cpu: lots\n      memory: 1Gi\n"));
    assert_eq!(line, 7);
    assert!(msg.starts_with("cluster.nodeGroups[0]: cpu"), "{msg}");
    let (_, _, msg) = place(&group("      min: 1\n      max: 2\n      cpu: \"1\"\n"));
    assert!(msg.contains("missing field `memory`"), "{msg}");
}
