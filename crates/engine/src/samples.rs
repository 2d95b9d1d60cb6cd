//! Sample manifests shared by the engine's, kubectl's and the scenario runner's
//! tests and by the documentation: a `web` Deployment of three nginx pods asking
//! for 500m and 256Mi each, and a Service in front of it; and the cluster and workload
//! the benchmarks build (`benches/cluster.rs`, `crates/bench-web`).

use crate::kube::manifest::decode;
use crate::{Action, NodeConfig, Sim};

macro_rules! web_deployment {
    () => {
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources:
          requests: {cpu: 500m, memory: 256Mi}
"
    };
}

/// The `web` Deployment alone.
pub const WEB_DEPLOYMENT: &str = web_deployment!();

/// The `web` Deployment and its Service, as two documents.
pub const WEB_APP: &str = concat!(web_deployment!(), "---\n", "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
");

/// `nodes` identical nodes named `node-00000`, `node-00001`, …, with seed 7: the
/// benchmarks' machines.
pub fn uniform_cluster(nodes: usize, cpu: &str, memory: &str) -> Sim {
    let configs: Vec<NodeConfig> = (0..nodes).map(|i| NodeConfig::new(&format!("node-{i:05}"), cpu, memory).unwrap()).collect();
    Sim::with_nodes(7, &configs).unwrap()
}

/// `WEB_APP` on three 2-cpu, 4Gi nodes, settled for 20 s: its pods Ready (the stepping tests' cluster).
pub fn web_on_three_nodes() -> Sim {
    let mut sim = uniform_cluster(3, "2", "4Gi");
    let objects = crate::kube::manifest::decode(WEB_APP).expect("the sample decodes").into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() }).expect("the sample applies");
    sim.advance(20);
    sim
}

/// `deployments` Deployments of `replicas` pods (100m, 128Mi each), each with a Service,
/// as one apply: the benchmarks' workload, the same natively and in the browser.
pub fn many_deployments(deployments: usize, replicas: usize) -> Action {
    let mut yaml = String::new();
    for i in 0..deployments {
        yaml.push_str(&format!(
            "apiVersion: apps/v1
kind: Deployment
metadata: {{name: app-{i:03}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: app-{i:03}}}}}
  template:
    metadata: {{labels: {{app: app-{i:03}}}}}
    spec:
      containers:
      - name: app
        image: registry.example/app-{}:1.0
        ports: [{{containerPort: 8080}}]
        resources: {{requests: {{cpu: 100m, memory: 128Mi}}}}
---
apiVersion: v1
kind: Service
metadata: {{name: app-{i:03}}}
spec:
  selector: {{app: app-{i:03}}}
  ports: [{{port: 80, targetPort: 8080}}]
---
",
            i % 10
        ));
    }
    let objects = decode(&yaml).expect("the workload decodes").into_iter().map(|d| d.object).collect();
    Action::Apply { objects, namespace: "default".into() }
}
