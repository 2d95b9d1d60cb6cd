//! ConfigMaps and Secrets: stored as the API stores them, and a pod that needs a
//! missing one waits in CreateContainerConfigError until it appears.

use podium_engine::kube::manifest::decode;
use podium_engine::kube::Key;
use podium_engine::{Action, ApiError, NodeConfig, Sim};

const APP: &str = "apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: nginx:1.27
    env:
    - name: MODE
      valueFrom:
        configMapKeyRef: {name: app-config, key: mode}
    envFrom:
    - secretRef: {name: db}
";

const CONFIG: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  mode: fast
";

const SECRET: &str = "apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  password: s3cr3tpw
data:
  user: YWRtaW4=
";

fn apply(sim: &mut Sim, yaml: &str) -> Result<podium_engine::Outcome, ApiError> {
    let objects = decode(yaml).unwrap().into_iter().map(|d| d.object).collect();
    sim.act(Action::Apply { objects, namespace: "default".into() })
}

fn waiting(sim: &Sim) -> Option<(String, String)> {
    let p = &sim.kube().store.pods[&Key::new("default", "app")];
    p.status.container_statuses[0].state.waiting.as_ref().map(|w| (w.reason.clone(), w.message.clone()))
}

#[test]
fn secrets_store_base64_and_fold_string_data() {
    let mut sim = Sim::new(1);
    assert_eq!(apply(&mut sim, SECRET).unwrap().changes[0].kubectl_line(), "secret/db created");
    let s = &sim.kube().store.secrets[&Key::new("default", "db")];
    assert_eq!(s.type_, "Opaque");
    assert_eq!(s.data["password"], "czNjcjN0cHc=");
    assert_eq!(s.data["user"], "YWRtaW4=");
    assert!(s.string_data.is_empty());
    assert_eq!(apply(&mut sim, SECRET).unwrap().changes[0].verb, podium_engine::Verb::Unchanged);
    let e = apply(&mut sim, &SECRET.replace("YWRtaW4=", "admin!")).unwrap_err();
    assert_eq!(e.to_string(), "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 5");
    let e = apply(&mut sim, &CONFIG.replace("mode:", "bad key:")).unwrap_err();
    assert!(e.to_string().starts_with("The ConfigMap \"app-config\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config key"), "{e}");
}

#[test]
fn a_missing_configmap_or_secret_holds_the_container_until_it_exists() {
    let mut sim = Sim::with_nodes(1, &[NodeConfig::new("node-1", "2", "4Gi").unwrap()]).unwrap();
    apply(&mut sim, APP).unwrap();
    sim.advance(10);
    // `envFrom` is resolved before `env`, as the kubelet does.
    assert_eq!(waiting(&sim), Some(("CreateContainerConfigError".into(), "secret \"db\" not found".into())));
    let p = &sim.kube().store.pods[&Key::new("default", "app")];
    assert_eq!(p.display_status(), "CreateContainerConfigError");
    let failed: Vec<&str> = sim.events().all().iter().filter(|e| e.reason == "Failed").map(|e| e.message.as_str()).collect();
    assert_eq!(failed, ["Error: secret \"db\" not found"]);
    apply(&mut sim, SECRET).unwrap();
    sim.advance(1);
    assert_eq!(waiting(&sim), Some(("CreateContainerConfigError".into(), "configmap \"app-config\" not found".into())));
    apply(&mut sim, CONFIG).unwrap();
    sim.advance(1);
    assert_eq!(waiting(&sim), None);
    assert!(sim.kube().store.pods[&Key::new("default", "app")].is_ready());
}

#[test]
fn a_missing_key_is_named() {
    let mut sim = Sim::with_nodes(1, &[NodeConfig::new("node-1", "2", "4Gi").unwrap()]).unwrap();
    apply(&mut sim, &format!("{SECRET}---\n{}", CONFIG.replace("mode:", "speed:"))).unwrap();
    apply(&mut sim, APP).unwrap();
    sim.advance(10);
    assert_eq!(waiting(&sim).unwrap().1, "couldn't find key mode in ConfigMap default/app-config");
}
