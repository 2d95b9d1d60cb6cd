//! The endpoints controller (`pkg/controller/endpoint/endpoints_controller.go`):
//! each Service with a selector gets an Endpoints object listing the IPs of its
//! matching pods: ready ones as addresses, the rest as notReadyAddresses (all as
//! addresses with `publishNotReadyAddresses`); terminal and terminating pods
//! leave at once.

use super::super::meta::{IntOrString, ObjectMeta};
use super::super::pod::Pod;
use super::super::service::{EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Service};
use super::super::{reference, Ctx, Key, Kube};

pub fn reconcile(kube: &mut Kube, _ctx: &mut Ctx) -> bool {
    let mut changed = false;
    let services: Vec<(Key, Service)> =
        kube.store.services.iter().filter(|(_, s)| !s.spec.selector.is_empty()).map(|(k, s)| (k.clone(), s.clone())).collect();
    for (key, svc) in &services {
        let want = endpoints_for(kube, svc);
        match kube.store.endpoints.get(key) {
            Some(have) if have.subsets == want.subsets && have.metadata.labels == want.metadata.labels => {}
            _ => {
                let mut want = want;
                want.metadata.resource_version = kube.store.next_resource_version();
                if let Some(old) = kube.store.endpoints.get(key) {
                    want.metadata.uid = old.metadata.uid.clone();
                    want.metadata.creation_timestamp = old.metadata.creation_timestamp;
                } else {
                    want.metadata.uid = _ctx.rng.uid();
                    want.metadata.creation_timestamp = Some(_ctx.now);
                }
                kube.store.endpoints.insert(key.clone(), want);
                changed = true;
            }
        }
    }
    // Endpoints of deleted Services go with them.
    let stale: Vec<Key> = kube
        .store
        .endpoints
        .keys()
        .filter(|k| match kube.store.services.get(*k) {
            None => true,
            Some(s) => s.spec.selector.is_empty() && k.name != "kubernetes",
        })
        .cloned()
        .collect();
    for k in stale {
        kube.store.endpoints.remove(&k);
        changed = true;
    }
    changed
}

fn target_port(svc_port: &super::super::service::ServicePort, pod: &Pod) -> Option<i64> {
    match &svc_port.target_port {
        None => Some(svc_port.port),
        Some(IntOrString::Int(n)) => Some(*n),
        Some(IntOrString::String(name)) => {
            pod.spec.containers.iter().flat_map(|c| c.ports.iter()).find(|p| &p.name == name).map(|p| p.container_port)
        }
    }
}

pub fn endpoints_for(kube: &Kube, svc: &Service) -> Endpoints {
    let mut ready = Vec::new();
    let mut not_ready = Vec::new();
    let mut ports: Vec<EndpointPort> = Vec::new();
    for pod in kube.store.pods.values() {
        if pod.metadata.namespace != svc.metadata.namespace
            || !svc.spec.selector.iter().all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
            || pod.is_terminal()
            || pod.is_terminating()
        {
            continue;
        }
        let Some(ip) = pod.status.pod_ip.clone() else { continue };
        if ports.is_empty() {
            ports = svc
                .spec
                .ports
                .iter()
                .filter_map(|sp| {
                    target_port(sp, pod).map(|port| EndpointPort {
                        name: sp.name.clone(),
                        port,
                        protocol: if sp.protocol.is_empty() { "TCP".into() } else { sp.protocol.clone() },
                    })
                })
                .collect();
        }
        let addr = EndpointAddress {
            ip,
            node_name: pod.spec.node_name.clone(),
            target_ref: Some(reference("Pod", "", &pod.metadata)),
        };
        if pod.is_ready() || svc.spec.publish_not_ready_addresses {
            ready.push(addr);
        } else {
            not_ready.push(addr);
        }
    }
    let by_ip = |a: &EndpointAddress, b: &EndpointAddress| ip_sort_key(&a.ip).cmp(&ip_sort_key(&b.ip));
    ready.sort_by(by_ip);
    not_ready.sort_by(by_ip);
    let subsets = if ready.is_empty() && not_ready.is_empty() {
        Vec::new()
    } else {
        vec![EndpointSubset { addresses: ready, not_ready_addresses: not_ready, ports }]
    };
    Endpoints {
        metadata: ObjectMeta {
            name: svc.metadata.name.clone(),
            namespace: svc.metadata.namespace.clone(),
            labels: svc.metadata.labels.clone(),
            ..Default::default()
        },
        subsets,
    }
}

fn ip_sort_key(ip: &str) -> Vec<u32> {
    ip.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}
