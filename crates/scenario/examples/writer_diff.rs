//! TEMPORARY (branch `writer`): dumps every text the engine's serializers produce — saved
//! states, state hashes, `kubectl get -o yaml`/`-o json` of every kind, `describe` — for
//! many simulations, so the output before and after replacing the derived serializers can be
//! compared byte for byte. Usage: cargo run -q --release -p podium-scenario --example writer_diff > FILE

use podium_engine::{NodeConfig, NodeGroup, Sim};
use podium_scenario::{Runner, Scenario};
use std::fmt::Write;

const KINDS: &[&str] = &[
    "pods", "nodes", "deployments", "replicasets", "daemonsets", "jobs", "cronjobs", "configmaps", "secrets",
    "services", "endpoints", "namespaces", "events", "hpa",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn dump(out: &mut String, label: &str, sim: &mut Sim) {
    let _ = writeln!(out, "=== {label} @ {}", sim.now().secs());
    let save = sim.save();
    let _ = writeln!(out, "hash {:016x} save {} bytes", sim.state_hash(), save.len());
    out.push_str(&save);
    out.push('\n');
    // A saved state reads back and saves to the same text.
    let back = Sim::restore(&save).expect("a save restores");
    let _ = writeln!(out, "resaved-equal {}", back.save() == save);
    for kind in KINDS {
        for cmd in [format!("get {kind} -A -o yaml"), format!("get {kind} -A -o json"), format!("describe {kind} -A")] {
            let o = podium_kubectl::run(sim, &cmd);
            let _ = writeln!(out, "--- {cmd}\n{}{}", o.stdout, o.stderr);
        }
    }
}

fn names(sim: &mut Sim, kind: &str) -> Vec<(String, String)> {
    let o = podium_kubectl::run(sim, &format!("get {kind} -A -o jsonpath={{range .items[*]}}{{.metadata.namespace}} {{.metadata.name}}{{\"\\n\"}}{{end}}"));
    o.stdout.lines().filter_map(|l| l.split_once(' ')).map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// Random learner-like actions, each followed by some time passing.
fn wander(out: &mut String, label: &str, sim: &mut Sim, rng: &mut Rng, steps: usize) {
    for i in 0..steps {
        let pods = names(sim, "pods");
        let deps = names(sim, "deployments");
        let nodes: Vec<String> = names(sim, "nodes").into_iter().map(|(_, n)| n).collect();
        let line = match rng.next(9) {
            0 if !pods.is_empty() => {
                let (ns, n) = &pods[rng.next(pods.len())];
                format!("delete pod {n} -n {ns}")
            }
            1 if !deps.is_empty() => {
                let (ns, n) = &deps[rng.next(deps.len())];
                format!("scale deployment {n} -n {ns} --replicas={}", rng.next(7))
            }
            2 if !nodes.is_empty() => format!("cordon {}", nodes[rng.next(nodes.len())]),
            3 if !nodes.is_empty() => format!("uncordon {}", nodes[rng.next(nodes.len())]),
            4 if !deps.is_empty() => {
                let (ns, n) = &deps[rng.next(deps.len())];
                format!("set image deployment/{n} -n {ns} *=nginx:1.{}", rng.next(30))
            }
            5 if !nodes.is_empty() => format!("drain {} --ignore-daemonsets --force", nodes[rng.next(nodes.len())]),
            6 if !pods.is_empty() => {
                let (ns, n) = &pods[rng.next(pods.len())];
                format!("label pod {n} -n {ns} mark=v{} --overwrite", rng.next(5))
            }
            7 if !deps.is_empty() => {
                let (ns, n) = &deps[rng.next(deps.len())];
                format!("rollout undo deployment/{n} -n {ns}")
            }
            _ => "get pods".to_string(),
        };
        let o = podium_kubectl::run(sim, &line);
        let _ = writeln!(out, "+++ {line}\n{}{}", o.stdout, o.stderr);
        // Killing nodes and pods is the board's action, not kubectl's.
        if rng.next(6) == 0 && !nodes.is_empty() {
            let _ = sim.act(podium_engine::Action::KillNode { name: nodes[rng.next(nodes.len())].clone() });
        }
        if rng.next(4) == 0 && !pods.is_empty() {
            let (ns, n) = &pods[rng.next(pods.len())];
            let _ = sim.act(podium_engine::Action::KillPod { namespace: ns.clone(), name: n.clone() });
        }
        sim.advance(1 + rng.next(40) as u64);
        if i % 3 == 2 {
            dump(out, &format!("{label} wander {i}"), sim);
        }
    }
}

const ODD: &str = r##"
apiVersion: v1
kind: ConfigMap
metadata:
  name: odd
  annotations: {"yes": "yes", "on": "on", "n": "1", "f": "1.5", "t": "~", "nul": "null", "e": ""}
data:
  a: "yes"
  b: "on"
  c: "1"
  d: "0x1F"
  e: "null"
  f: ""
  g: "tab\there \"quoted\" back\\slash"
  h: "line1\nline2\n"
  i: "\u0001\u001f\u007f\u2028 한국어 é 🚀"
  j: "2026-01-01T00:00:00Z"
  k: " leading space"
  l: "- dash"
  m: "key: value"
  n: "#hash"
  o: "True"
  p: "1e3"
  q: ".inf"
  r: "'single'"
  s: "{braces}"
  t: "Off"
  u: "y"
  w: "~"
---
apiVersion: v1
kind: Secret
metadata:
  name: odd
stringData:
  x: "yes"
  y: "\u0000 nul"
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: "*/2 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
            command: ["sh", "-c", "sleep 30"]
---
apiVersion: apps/v1
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
      tolerations:
      - operator: Exists
      containers:
      - name: a
        image: agent:1
        resources:
          requests: {cpu: 50m, memory: 32Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  sessionAffinity: ClientIP
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 6
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 50}
"##;

fn node(name: &str, cpu: &str, mem: &str) -> NodeConfig {
    NodeConfig::new(name, cpu, mem).expect("node")
}

fn main() {
    let mut out = String::new();
    let mut rng = Rng(7);
    let mut files: Vec<_> = std::fs::read_dir("tests/scenarios").expect("run from the repository root").flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
        let text = std::fs::read_to_string(path).unwrap();
        let scenario = Scenario::parse(&text).expect("scenario parses");
        let label = path.display().to_string();
        let mut runner = Runner::new(scenario);
        let mut i = 0;
        while runner.step().is_some() {
            i += 1;
            if i % 2 == 0 {
                dump(&mut out, &format!("{label} step {i}"), runner.sim_mut());
            }
        }
        let mut sim = runner.into_sim();
        dump(&mut out, &format!("{label} end"), &mut sim);
        wander(&mut out, &label, &mut sim, &mut rng, 12);
    }
    let manifests: Vec<(&str, String)> = vec![
        ("starter", std::fs::read_to_string("src/starter.yaml").unwrap()),
        ("autoscale", std::fs::read_to_string("src/clusters/autoscale.yaml").unwrap()),
        ("gpu", std::fs::read_to_string("src/clusters/gpu.yaml").unwrap()),
        ("odd", ODD.to_string()),
    ];
    for (label, text) in &manifests {
        let mut sim = Sim::with_nodes(1, &[node("node-a", "2", "4Gi"), node("node-b", "2", "4Gi"), node("node-c", "4", "8Gi")]).unwrap();
        sim.add_node_group(&NodeGroup::new("pool", 0, 3, node("pool", "1", "2Gi"))).unwrap();
        let o = podium_kubectl::apply(&mut sim, text, None);
        let _ = writeln!(out, "+++ apply {label}\n{}{}", o.stdout, o.stderr);
        if *label == "odd" {
            let o = podium_kubectl::apply(&mut sim, &manifests[0].1, None);
            let _ = writeln!(out, "+++ apply starter\n{}{}", o.stdout, o.stderr);
            for line in [
                "create namespace team-a",
                "create deployment api -n team-a --image=api:1 --replicas=3",
                "expose deployment api -n team-a --port=80 --target-port=8080",
                "create job once --image=busybox",
                "create configmap cm2 --from-literal=yes=on --from-literal=x=1",
                "create secret generic s2 --from-literal=pw=\"a b\"",
                "autoscale deployment api -n team-a --min=2 --max=5 --cpu-percent=60",
                "taint node node-a dedicated=ops:NoSchedule",
                "annotate pod --all note=yes",
                "label node node-b disk=ssd",
                "rollout restart deployment/web",
                "rollout pause deployment/web",
            ] {
                let o = podium_kubectl::run(&mut sim, line);
                let _ = writeln!(out, "+++ {line}\n{}{}", o.stdout, o.stderr);
            }
        }
        dump(&mut out, label, &mut sim);
        sim.advance(30);
        dump(&mut out, &format!("{label} +30"), &mut sim);
        wander(&mut out, label, &mut sim, &mut rng, 24);
    }
    print!("{out}");
}
