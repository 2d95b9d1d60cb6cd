//! The endpoints controller (`pkg/controller/endpoint/endpoints_controller.go`):
//! each Service with a selector gets an Endpoints object listing the IPs of its
//! matching pods: ready ones as addresses, the rest as notReadyAddresses (all as
//! addresses with `publishNotReadyAddresses`); terminal and terminating pods
//! leave at once.

use super::super::meta::{IntOrString, ObjectMeta};
use super::super::pod::Pod;
use super::super::service::{EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Service};
use super::super::{reference, Ctx, Key, Kube};
use std::collections::BTreeMap;

pub fn reconcile(kube: &mut Kube, _ctx: &mut Ctx) -> bool {
    let mut changed = false;
    let services: Vec<(Key, Service)> =
        kube.store.services.iter().filter(|(_, s)| !s.spec.selector.is_empty()).map(|(k, s)| (k.clone(), s.clone())).collect();
    // Endpoints read only pods: work out those that differ, then write. Comparing the
    // pods in place spares building an unchanged object (the steady state).
    let wants: Vec<Option<Endpoints>> = {
        let index = LabelIndex::new(kube, services.iter().map(|(_, s)| s));
        services
            .iter()
            .map(|(key, svc)| {
                let want = Wanted::collect(index.candidates(kube, svc), svc);
                match kube.store.endpoints.get(key) {
                    Some(have) if want.same_as(have) && have.metadata.labels == svc.metadata.labels => None,
                    _ => Some(want.build(svc)),
                }
            })
            .collect()
    };
    for ((key, _), want) in services.iter().zip(wants) {
        match want {
            None => {}
            Some(want) => {
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
        kube.store.endpoints.delete(&k);
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

/// Pods by namespace and one label, in store order, so each Service looks only at the
/// pods carrying the first label of its selector instead of at every pod. Only the labels
/// some Service's selector starts with are indexed (a pod's other labels, such as
/// `pod-template-hash`, would be entries no Service looks up).
struct LabelIndex<'a> {
    by_label: BTreeMap<(&'a str, &'a str, &'a str), Vec<&'a Key>>,
}

impl<'a> LabelIndex<'a> {
    fn new<'s>(kube: &'a Kube, services: impl Iterator<Item = &'s Service>) -> LabelIndex<'a> {
        let mut by_label: BTreeMap<(&str, &str, &str), Vec<&Key>> = BTreeMap::new();
        let mut first_keys: Vec<&str> = Vec::new();
        for svc in services {
            if let Some((k, _)) = svc.spec.selector.iter().next() {
                if !first_keys.contains(&k.as_str()) {
                    first_keys.push(k);
                }
            }
        }
        for (k, p) in &kube.store.pods {
            for (lk, lv) in &p.metadata.labels {
                if first_keys.contains(&lk.as_str()) {
                    by_label.entry((k.namespace.as_str(), lk.as_str(), lv.as_str())).or_default().push(k);
                }
            }
        }
        LabelIndex { by_label }
    }

    /// The pods that may match `svc` (all of its selector is checked again), in store order.
    fn candidates<'b>(&'b self, kube: &'a Kube, svc: &'b Service) -> impl Iterator<Item = &'a Pod> + 'b {
        let first = svc.spec.selector.iter().next();
        let keys: &[&'a Key] = match first {
            Some((k, v)) => self.by_label.get(&(svc.metadata.ns(), k.as_str(), v.as_str())).map_or(&[], |v| v.as_slice()),
            None => &[],
        };
        keys.iter().map(move |k| &kube.store.pods[*k])
    }
}

pub fn endpoints_for(kube: &Kube, svc: &Service) -> Endpoints {
    Wanted::collect(kube.store.pods.values(), svc).build(svc)
}

/// What a Service's Endpoints should list, still as borrowed pods sorted by IP.
struct Wanted<'p> {
    ready: Vec<(&'p str, &'p Pod)>,
    not_ready: Vec<(&'p str, &'p Pod)>,
    ports: Vec<EndpointPort>,
}

impl<'p> Wanted<'p> {
    /// From candidate pods in store order (non-matching ones are skipped).
    fn collect(pods: impl Iterator<Item = &'p Pod>, svc: &Service) -> Wanted<'p> {
        let mut ready = Vec::new();
        let mut not_ready = Vec::new();
        let mut ports: Vec<EndpointPort> = Vec::new();
        for pod in pods {
            if pod.metadata.namespace != svc.metadata.namespace
                || !svc.spec.selector.iter().all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
                || pod.is_terminal()
                || pod.is_terminating()
            {
                continue;
            }
            let Some(ip) = pod.status.pod_ip.as_deref() else { continue };
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
            if pod.is_ready() || svc.spec.publish_not_ready_addresses {
                ready.push((ip, pod));
            } else {
                not_ready.push((ip, pod));
            }
        }
        sort_by_ip(&mut ready);
        sort_by_ip(&mut not_ready);
        Wanted { ready, not_ready, ports }
    }

    fn address((ip, pod): &(&str, &Pod)) -> EndpointAddress {
        EndpointAddress {
            ip: ip.to_string(),
            node_name: pod.spec.node_name.clone(),
            target_ref: Some(reference("Pod", "", &pod.metadata)),
        }
    }

    /// Equal to what `build` would give, field for field, without building it.
    fn same_as(&self, have: &Endpoints) -> bool {
        let same = |a: &EndpointAddress, (ip, pod): &(&str, &Pod)| {
            a.ip == *ip
                && a.node_name == pod.spec.node_name
                && a.target_ref.as_ref().is_some_and(|r| {
                    r.kind == "Pod"
                        && r.namespace == pod.metadata.ns()
                        && r.name == pod.metadata.name
                        && r.uid == pod.metadata.uid
                        && r.api_version.is_empty()
                })
        };
        let all_same = |have: &[EndpointAddress], want: &[(&str, &Pod)]| {
            have.len() == want.len() && have.iter().zip(want).all(|(a, w)| same(a, w))
        };
        if self.ready.is_empty() && self.not_ready.is_empty() {
            return have.subsets.is_empty();
        }
        match have.subsets.as_slice() {
            [s] => s.ports == self.ports && all_same(&s.addresses, &self.ready) && all_same(&s.not_ready_addresses, &self.not_ready),
            _ => false,
        }
    }

    fn build(self, svc: &Service) -> Endpoints {
        let subsets = if self.ready.is_empty() && self.not_ready.is_empty() {
            Vec::new()
        } else {
            vec![EndpointSubset {
                addresses: self.ready.iter().map(Wanted::address).collect(),
                not_ready_addresses: self.not_ready.iter().map(Wanted::address).collect(),
                ports: self.ports,
            }]
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
}

/// The IP's numbers, compared in order (as a list would be) without allocating.
fn ip_sort_key(ip: &str) -> impl Iterator<Item = u32> + '_ {
    ip.split('.').map(|p| p.parse().unwrap_or(0))
}

type IpKey = ([u32; 4], usize);

/// `ip_sort_key` read once into up to four numbers and their count, which compare as the
/// lists do (equal numbers so far: the shorter list first, as its zero padding is never
/// above the longer one's number). None for an address of more than four parts.
fn ip_key(ip: &str) -> Option<IpKey> {
    let mut key = [0u32; 4];
    let mut n = 0;
    for part in ip.split('.') {
        // Plain digits (every address the kubelet hands out) are read by hand; anything
        // else as `ip_sort_key` reads it.
        *key.get_mut(n)? = if !part.is_empty() && part.len() <= 9 && part.bytes().all(|b| b.is_ascii_digit()) {
            part.bytes().fold(0, |v, b| v * 10 + u32::from(b - b'0'))
        } else {
            part.parse().unwrap_or(0)
        };
        n += 1;
    }
    Some((key, n))
}

/// Stable sort by `ip_sort_key`, each address read once instead of at every comparison.
fn sort_by_ip<'p>(v: &mut Vec<(&'p str, &'p Pod)>) {
    if v.len() < 2 {
        return;
    }
    match v.iter().map(|(ip, _)| ip_key(ip)).collect::<Option<Vec<_>>>() {
        Some(keys) => {
            let mut keyed: Vec<(IpKey, (&'p str, &'p Pod))> = keys.into_iter().zip(v.drain(..)).collect();
            crate::sorting::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
            v.extend(keyed.into_iter().map(|(_, e)| e));
        }
        None => crate::sorting::sort_by(v, |a, b| ip_sort_key(a.0).cmp(ip_sort_key(b.0))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_once_order_as_read_at_every_comparison() {
        let ips = [
            "10.244.1.10", "10.244.1.9", "10.244.10.2", "10.244.2.254", "10.244.1", "10.244.1.0", "10.244.1.0.7",
            "10.x.1.2", "10.+5.1.2", "10.5.1.2", "", "1.2.3.4294967295", "1.2.3.4294967296", "1.2.3.0004",
        ];
        for a in ips {
            for b in ips {
                let slow = ip_sort_key(a).cmp(ip_sort_key(b));
                match (ip_key(a), ip_key(b)) {
                    (Some(ka), Some(kb)) => assert_eq!(ka.cmp(&kb), slow, "{a} vs {b}"),
                    _ => assert!(a.split('.').count() > 4 || b.split('.').count() > 4),
                }
            }
        }
    }
}
