//! Sample manifests shared by the engine's, kubectl's and the scenario runner's
//! tests and by the documentation: a `web` Deployment of three nginx pods asking
//! for 500m and 256Mi each, and a Service in front of it.

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
