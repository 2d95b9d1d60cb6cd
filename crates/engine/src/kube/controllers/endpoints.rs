//! The endpoints controller (`pkg/controller/endpoint/endpoints_controller.go`):
//! each Service with a selector gets an Endpoints object listing the IPs of its
//! matching pods: ready ones as addresses, the rest as notReadyAddresses (all as
//! addresses with `publishNotReadyAddresses`); terminal and terminating pods
//! leave at once.

use super::super::meta::{IntOrString, ObjectMeta};
use super::super::pod::Pod;
use super::super::service::{EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Service};
use super::super::store::seek;
use super::super::{reference, Ctx, Key, Kube};
use std::collections::BTreeMap;

pub fn reconcile(kube: &mut Kube, _ctx: &mut Ctx) -> bool {
    let mut changed = false;
    // Endpoints read only pods: work out those that differ, then write. Comparing the
    // pods in place spares building an unchanged object (the steady state), and the
    // Services are read where they lie.
    let writes: Vec<(Key, Endpoints)> = {
        let selecting = || kube.store.services.iter().filter(|(_, s)| !s.spec.selector.is_empty());
        let index = LabelIndex::new(kube, selecting().map(|(_, s)| s));
        selecting()
            .filter_map(|(key, svc)| {
                let want = Wanted::collect(index.candidates(svc), svc);
                match kube.store.endpoints.get(key) {
                    Some(have) if want.same_as(have, svc) && have.metadata.labels == svc.metadata.labels => None,
                    _ => Some((key.clone(), want.build(svc))),
                }
            })
            .collect()
    };
    for (key, mut want) in writes {
        want.metadata.resource_version = kube.store.next_resource_version();
        if let Some(old) = kube.store.endpoints.get(&key) {
            want.metadata.uid = old.metadata.uid.clone();
            want.metadata.creation_timestamp = old.metadata.creation_timestamp;
        } else {
            want.metadata.uid = _ctx.rng.uid();
            want.metadata.creation_timestamp = Some(_ctx.now);
        }
        kube.store.endpoints.insert(key, want);
        changed = true;
    }
    // Endpoints of deleted Services go with them. Both maps are keyed alike: the Services
    // are walked alongside.
    let mut services = kube.store.services.iter().peekable();
    let stale: Vec<Key> = kube
        .store
        .endpoints
        .keys()
        .filter(|k| match seek(&mut services, k) {
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
    by_label: BTreeMap<(&'a str, &'a str, &'a str), Vec<&'a Pod>>,
}

impl<'a> LabelIndex<'a> {
    fn new<'s>(kube: &'a Kube, services: impl Iterator<Item = &'s Service>) -> LabelIndex<'a> {
        type Label<'a> = (&'a str, &'a str, &'a str);
        let mut by_label: BTreeMap<Label, Vec<&Pod>> = BTreeMap::new();
        let mut first_keys: Vec<&str> = Vec::new();
        for svc in services {
            if let Some((k, _)) = svc.spec.selector.iter().next() {
                if !first_keys.contains(&k.as_str()) {
                    first_keys.push(k);
                }
            }
        }
        // Pods of one owner sit together in name order and carry the same labels: a run of
        // pods with the same entry is gathered, then added to the map in one lookup. Each
        // entry still lists its pods in store order.
        let mut run: Option<(Label, Vec<&Pod>)> = None;
        for (k, p) in &kube.store.pods {
            for (lk, lv) in &p.metadata.labels {
                if !first_keys.contains(&lk.as_str()) {
                    continue;
                }
                let label = (k.namespace.as_str(), lk.as_str(), lv.as_str());
                match &mut run {
                    Some((l, pods)) if *l == label => pods.push(p),
                    _ => {
                        if let Some((l, pods)) = run.replace((label, vec![p])) {
                            by_label.entry(l).or_default().extend(pods);
                        }
                    }
                }
            }
        }
        if let Some((l, pods)) = run {
            by_label.entry(l).or_default().extend(pods);
        }
        LabelIndex { by_label }
    }

    /// The pods that may match `svc` (all of its selector is checked again), in store order.
    fn candidates<'b>(&'b self, svc: &'b Service) -> impl Iterator<Item = &'a Pod> + 'b {
        let first = svc.spec.selector.iter().next();
        let pods: &[&'a Pod] = match first {
            Some((k, v)) => self.by_label.get(&(svc.metadata.ns(), k.as_str(), v.as_str())).map_or(&[], |v| v.as_slice()),
            None => &[],
        };
        pods.iter().copied()
    }
}

pub fn endpoints_for(kube: &Kube, svc: &Service) -> Endpoints {
    Wanted::collect(kube.store.pods.values(), svc).build(svc)
}

/// One address to list: its IP read as numbers (`ip_key`), the IP, the pod.
type Address<'p> = (Option<IpKey>, &'p str, &'p Pod);

/// What a Service's Endpoints should list, still as borrowed pods sorted by IP.
struct Wanted<'p> {
    ready: Vec<Address<'p>>,
    not_ready: Vec<Address<'p>>,
    /// The first listed pod that resolves any of the Service's ports: they are read from it.
    first: Option<&'p Pod>,
}

impl<'p> Wanted<'p> {
    /// From candidate pods in store order (non-matching ones are skipped).
    fn collect(pods: impl Iterator<Item = &'p Pod>, svc: &Service) -> Wanted<'p> {
        let mut ready = Vec::new();
        let mut not_ready = Vec::new();
        let mut first = None;
        for pod in pods {
            if pod.metadata.namespace != svc.metadata.namespace
                || !super::super::meta::has_all(&pod.metadata.labels, &svc.spec.selector)
                || pod.is_terminal()
                || pod.is_terminating()
            {
                continue;
            }
            let Some(ip) = pod.status.pod_ip.as_deref() else { continue };
            // Ports come from the first pod (in store order) that resolves any of them.
            if first.is_none() && svc.spec.ports.iter().any(|sp| target_port(sp, pod).is_some()) {
                first = Some(pod);
            }
            if pod.is_ready() || svc.spec.publish_not_ready_addresses {
                ready.push((ip_key(ip), ip, pod));
            } else {
                not_ready.push((ip_key(ip), ip, pod));
            }
        }
        sort_by_ip(&mut ready);
        sort_by_ip(&mut not_ready);
        Wanted { ready, not_ready, first }
    }

    /// The Service's ports as the first listed pod resolves them (`protocol` TCP by default).
    fn ports<'s>(&self, svc: &'s Service) -> impl Iterator<Item = (&'s str, i64, &'s str)> + use<'s, 'p> {
        let first = self.first;
        svc.spec.ports.iter().filter_map(move |sp| {
            let port = target_port(sp, first?)?;
            Some((sp.name.as_str(), port, if sp.protocol.is_empty() { "TCP" } else { sp.protocol.as_str() }))
        })
    }

    fn address((_, ip, pod): &Address) -> EndpointAddress {
        EndpointAddress {
            ip: ip.to_string(),
            node_name: pod.spec.node_name.clone(),
            target_ref: Some(reference("Pod", "", &pod.metadata)),
        }
    }

    /// Equal to what `build` would give, field for field, without building it.
    fn same_as(&self, have: &Endpoints, svc: &Service) -> bool {
        let same = |a: &EndpointAddress, (_, ip, pod): &Address| {
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
        let all_same = |have: &[EndpointAddress], want: &[Address]| {
            have.len() == want.len() && have.iter().zip(want).all(|(a, w)| same(a, w))
        };
        if self.ready.is_empty() && self.not_ready.is_empty() {
            return have.subsets.is_empty();
        }
        let same_ports = |have: &[EndpointPort]| {
            let mut want = self.ports(svc);
            have.iter().all(|h| want.next().is_some_and(|(name, port, protocol)| h.name == name && h.port == port && h.protocol == protocol))
                && want.next().is_none()
        };
        match have.subsets.as_slice() {
            [s] => same_ports(&s.ports) && all_same(&s.addresses, &self.ready) && all_same(&s.not_ready_addresses, &self.not_ready),
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
                ports: self
                    .ports(svc)
                    .map(|(name, port, protocol)| EndpointPort { name: name.to_string(), port, protocol: protocol.to_string() })
                    .collect(),
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

/// Lists up to this long are sorted by insertion (`sort_by_ip`).
const SHORT: usize = 32;

/// `ip_sort_key` read once into up to four numbers and their count, which compare as the
/// lists do (equal numbers so far: the shorter list first, as its zero padding is never
/// above the longer one's number). None for an address of more than four parts.
fn ip_key(ip: &str) -> Option<IpKey> {
    if let Some(key) = dotted_digits(ip) {
        return Some(key);
    }
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

/// `ip_key` of an address of one to four parts of one to nine digits each (every address
/// the kubelet hands out), read in one pass over its bytes; None for anything else.
fn dotted_digits(ip: &str) -> Option<IpKey> {
    let mut key = [0u32; 4];
    let (mut n, mut digits) = (0, 0);
    for b in ip.bytes() {
        if b == b'.' {
            if digits == 0 {
                return None;
            }
            n += 1;
            digits = 0;
        } else if b.is_ascii_digit() && digits < 9 {
            let part = key.get_mut(n)?;
            *part = *part * 10 + u32::from(b - b'0');
            digits += 1;
        } else {
            return None;
        }
    }
    (digits > 0).then_some((key, n + 1))
}

/// Stable sort by `ip_sort_key`, by the keys read once (`ip_key`) when every address has one.
fn sort_by_ip(v: &mut [Address]) {
    if v.iter().all(|(key, _, _)| key.is_some()) {
        if v.len() <= SHORT {
            // The keys are a total order, so any stable sort gives this order: a short list
            // (a Service's pods, most often) is sorted in place without the merge sort's buffers.
            for i in 1..v.len() {
                let mut j = i;
                while j > 0 && v[j].0 < v[j - 1].0 {
                    v.swap(j, j - 1);
                    j -= 1;
                }
            }
        } else {
            crate::sorting::sort_by(v, |a, b| a.0.cmp(&b.0));
        }
    } else {
        crate::sorting::sort_by(v, |a, b| ip_sort_key(a.1).cmp(ip_sort_key(b.1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_addresses_read_in_one_pass_as_part_by_part() {
        assert_eq!(dotted_digits("10.244.1.10"), Some(([10, 244, 1, 10], 4)));
        assert_eq!(dotted_digits("10.244.1"), Some(([10, 244, 1, 0], 3)));
        assert_eq!(dotted_digits("123456789.0.0.1"), Some(([123456789, 0, 0, 1], 4)));
        // Not plain: left to the part-by-part reading.
        for ip in ["", ".1", "1.", "1..2", "10.x.1.2", "10.+5.1.2", "1.2.3.4.5", "1234567890.1", "1.2.3.-4"] {
            assert_eq!(dotted_digits(ip), None, "{ip}");
        }
        for ip in ["10.244.1.10", "10.244.1", "10.244.1.0", "1.2.3.0004", "0.0.0.0", "7"] {
            let slow = {
                let mut key = [0u32; 4];
                let parts: Vec<u32> = ip_sort_key(ip).collect();
                key[..parts.len()].copy_from_slice(&parts);
                (key, parts.len())
            };
            assert_eq!(dotted_digits(ip), Some(slow), "{ip}");
        }
    }

    #[test]
    fn short_and_long_lists_sort_as_the_merge_sort_does() {
        let pod = Pod::default();
        for n in [0, 1, 2, 5, SHORT, SHORT + 1, 70] {
            // Addresses with repeats (equal keys keep their order), in a scrambled order.
            let ips: Vec<String> = (0..n).map(|i| format!("10.244.{}.{}", (i * 7) % 5, (i * 13) % 11)).collect();
            let mut v: Vec<Address> = ips.iter().map(|ip| (ip_key(ip), ip.as_str(), &pod)).collect();
            let mut want: Vec<&str> = ips.iter().map(String::as_str).collect();
            crate::sorting::sort_by(&mut want, |a, b| ip_sort_key(a).cmp(ip_sort_key(b)));
            sort_by_ip(&mut v);
            assert_eq!(v.iter().map(|a| a.1).collect::<Vec<_>>(), want, "{n} addresses");
        }
    }

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
