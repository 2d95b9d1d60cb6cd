//! The kubelets: each live node takes the pods bound to it through
//! ContainerCreating (image pull) to Running and Ready, and stops the pods being
//! deleted. A killed node's kubelet does nothing: its pods stay as last reported.
//! Once started, each pod's containers are probed, OOM-killed and restarted by
//! `kube::health::sync`.

use super::super::pod::{ContainerState, ContainerStateRunning, ContainerStateWaiting, ContainerStatus, PENDING, RUNNING};
use super::super::{config, health, reference, Ctx, Key, Kube, PodRuntime, TERMINATION_SECONDS};
use super::super::store::seek;
use crate::events::EventType;

/// Seconds to pull an image not yet on the node, drawn from the seeded generator.
pub const PULL_SECONDS_MIN: u64 = 2;
pub const PULL_SECONDS_MAX: u64 = 5;
/// Seconds to start containers whose image is already present.
pub const START_SECONDS_CACHED: u64 = 1;

pub fn reconcile(kube: &mut Kube, ctx: &mut Ctx) -> bool {
    let mut changed = false;
    health::forget_removed(kube);
    // The pods that need this pass's attention. A started pod whose `health::sync` would do
    // nothing (`health::quiet`, most of a steady cluster) is left out here, by reference,
    // instead of being copied and compared below: what one pod's sync does never changes
    // another pod's answer, so the pods handled, and their order, are the same.
    // The runtimes and runs are maps by the same keys as the pods: walked alongside them.
    let now = ctx.now;
    let mut runtimes = kube.runtimes.iter().peekable();
    let mut runs = kube.health.containers.iter().peekable();
    // The live machines' names: a search per pod instead of a map lookup.
    let alive = NameSet::new(kube.machines.iter().filter(|(_, m)| m.alive).map(|(n, _)| n.as_str()));
    let bound: Vec<(Key, String)> = kube
        .store
        .pods
        .iter()
        .filter_map(|(k, p)| p.node().map(|n| (k, p, n)))
        .filter(|(k, p, n)| {
            let (rt, run) = (seek(&mut runtimes, k), seek(&mut runs, k));
            !(alive.contains(n)
                && !p.is_terminating()
                && !p.is_terminal()
                && rt.is_some_and(|rt| rt.started)
                && run.is_none_or(|run| health::quiet_pod(&kube.health, p, run, now)))
        })
        .map(|(k, _, n)| (k.clone(), n.to_string()))
        .collect();
    for (key, node) in bound {
        if !kube.machines.get(&node).is_some_and(|m| m.alive) {
            continue;
        }
        let pod = &kube.store.pods[&key];
        if pod.is_terminating() {
            changed |= stop(kube, &key, &node, ctx);
            continue;
        }
        if pod.is_terminal() {
            continue;
        }
        match kube.runtimes.get(&key).cloned() {
            None => {
                admit(kube, &key, &node, ctx);
                changed = true;
            }
            Some(rt) if !rt.started && ctx.now >= rt.start_at && config_error(kube, &key, &node, ctx) => {
                changed = true;
            }
            Some(rt) if !rt.started && ctx.now >= rt.start_at && blocked_by_config(kube, &key) => {}
            Some(rt) if !rt.started && ctx.now >= rt.start_at => {
                start(kube, &key, &node, &rt, ctx);
                health::pod_started(kube, &key, ctx.now);
                health::sync(kube, &key, &node, ctx);
                changed = true;
            }
            Some(rt) if rt.started => {
                changed |= health::sync(kube, &key, &node, ctx);
            }
            _ => {}
        }
    }
    changed
}

/// A set of names asked about once per pod each pass. Node names share long prefixes
/// (`node-00012`), so a string comparison walks most of their bytes; a name of up to 16
/// bytes is read once into one integer (its bytes, zero-padded) and its length, which are
/// equal exactly when the names are, and each step of the search compares integers.
struct NameSet<'a> {
    packed: Vec<(u128, usize)>,
    /// Names too long to pack, searched as strings.
    long: Vec<&'a str>,
}

impl<'a> NameSet<'a> {
    /// `names` in increasing order (a map's keys): packed names compare as the names do
    /// (`pack`), so both lists are sorted as they come, for the binary searches.
    fn new(names: impl Iterator<Item = &'a str>) -> NameSet<'a> {
        let (mut packed, mut long) = (Vec::new(), Vec::new());
        for name in names {
            match pack(name) {
                Some(p) => packed.push(p),
                None => long.push(name),
            }
        }
        debug_assert!(packed.is_sorted() && long.is_sorted(), "names in increasing order");
        NameSet { packed, long }
    }

    fn contains(&self, name: &str) -> bool {
        match pack(name) {
            Some(p) => self.packed.binary_search(&p).is_ok(),
            None => self.long.binary_search(&name).is_ok(),
        }
    }
}

/// A name of up to 16 bytes as one integer (its bytes from the highest, zero-padded) and its
/// length, which order as the names do (a name before its extensions, even by zero bytes);
/// None for a longer one. Read byte by byte: a copy into a buffer would call `memcpy`
/// for these few bytes.
fn pack(name: &str) -> Option<(u128, usize)> {
    let bytes = name.as_bytes();
    if bytes.len() > 16 {
        return None;
    }
    let word = bytes.iter().fold(0u128, |w, &b| w << 8 | u128::from(b));
    // Moved up to the highest bytes (an empty name, shifted by all 128 bits, is 0).
    let word = word.checked_shl(8 * (16 - bytes.len() as u32)).unwrap_or(0);
    Some((word, bytes.len()))
}

/// The first container whose ConfigMap or Secret reference cannot be resolved, and why.
fn first_config_error(kube: &Kube, key: &Key) -> Option<(usize, String)> {
    let pod = kube.store.pods.get(key)?;
    pod.spec
        .containers
        .iter()
        .enumerate()
        .find_map(|(i, c)| config::env_error(&kube.store, pod.metadata.ns(), c).map(|e| (i, e)))
}

fn blocked_by_config(kube: &Kube, key: &Key) -> bool {
    first_config_error(kube, key).is_some()
}

/// A container's env refers to a missing ConfigMap or Secret: it waits with reason
/// `CreateContainerConfigError` and the kubelet records `Failed` `Error: configmap "x" not found`.
/// True when that state is new (the event is recorded once per new message).
fn config_error(kube: &mut Kube, key: &Key, node: &str, ctx: &mut Ctx) -> bool {
    let Some((i, message)) = first_config_error(kube, key) else { return false };
    let pod = kube.store.pods.get_mut(key).expect("pod");
    let cs = &mut pod.status.container_statuses[i];
    let waiting = ContainerStateWaiting { reason: "CreateContainerConfigError".into(), message: message.clone() };
    if cs.state.waiting.as_ref() == Some(&waiting) {
        return false;
    }
    cs.state = ContainerState { waiting: Some(waiting), ..Default::default() };
    let obj = reference("Pod", "v1", &pod.metadata);
    ctx.kubelet_event(EventType::Warning, obj, "Failed", format!("Error: {message}"), node);
    true
}

/// A pod just bound: the sandbox is being made and images pulled.
fn admit(kube: &mut Kube, key: &Key, node: &str, ctx: &mut Ctx) {
    let host_ip = kube.store.nodes.get(node).map(|n| n.internal_ip().to_string());
    let machine = kube.machines.get(node).expect("machine");
    let pod = &kube.store.pods[key];
    let obj = reference("Pod", "v1", &pod.metadata);
    let images: Vec<(String, String)> = pod.spec.containers.iter().map(|c| (c.name.clone(), c.image.clone())).collect();
    let missing: Vec<&String> = images.iter().map(|(_, i)| i).filter(|i| !machine.images.contains(*i)).collect();
    let delay = if missing.is_empty() { START_SECONDS_CACHED } else { ctx.rng.between(PULL_SECONDS_MIN, PULL_SECONDS_MAX) };
    for (_, image) in &images {
        if missing.contains(&image) {
            ctx.kubelet_event(EventType::Normal, obj.clone(), "Pulling", format!("Pulling image \"{image}\""), node);
        } else {
            ctx.kubelet_event(EventType::Normal, obj.clone(), "Pulled", format!("Container image \"{image}\" already present on machine"), node);
        }
    }
    let pulled = !missing.is_empty();
    let pod = kube.store.pods.get_mut(key).expect("pod");
    pod.status.phase = PENDING.into();
    pod.status.host_ip = host_ip;
    pod.status.start_time = Some(ctx.now);
    let now = ctx.now;
    pod.set_condition("PodReadyToStartContainers", "False", None, None, now);
    pod.set_condition("Initialized", "True", None, None, now);
    let names: Vec<String> = images.iter().map(|(n, _)| n.clone()).collect();
    let not_ready = format!("containers with unready status: [{}]", names.join(" "));
    pod.set_condition("Ready", "False", Some("ContainersNotReady"), Some(&not_ready), now);
    pod.set_condition("ContainersReady", "False", Some("ContainersNotReady"), Some(&not_ready), now);
    pod.status.container_statuses = images
        .iter()
        .map(|(name, image)| ContainerStatus {
            name: name.clone(),
            image: image.clone(),
            state: ContainerState {
                waiting: Some(ContainerStateWaiting { reason: "ContainerCreating".into(), message: String::new() }),
                ..Default::default()
            },
            ..Default::default()
        })
        .collect();
    kube.runtimes.insert(key.clone(), PodRuntime { start_at: now.plus(delay), pulled_image: pulled, started: false });
}

/// Images are in, containers created and started: Running and Ready.
fn start(kube: &mut Kube, key: &Key, node: &str, rt: &PodRuntime, ctx: &mut Ctx) {
    let ip = kube.allocate_pod_ip(node);
    let pod = kube.store.pods.get_mut(key).expect("pod");
    let obj = reference("Pod", "v1", &pod.metadata);
    let waited = ctx.now.since(pod.status.start_time.unwrap_or(ctx.now));
    let containers: Vec<(String, String)> = pod.spec.containers.iter().map(|c| (c.name.clone(), c.image.clone())).collect();
    let now = ctx.now;
    pod.status.phase = RUNNING.into();
    pod.status.pod_ip = ip;
    for cs in &mut pod.status.container_statuses {
        cs.state = ContainerState { running: Some(ContainerStateRunning { started_at: now }), ..Default::default() };
        cs.ready = true;
        cs.started = true;
    }
    pod.set_condition("PodReadyToStartContainers", "True", None, None, now);
    pod.set_condition("ContainersReady", "True", None, None, now);
    pod.set_condition("Ready", "True", None, None, now);
    let machine = kube.machines.get_mut(node).expect("machine");
    for (name, image) in containers {
        if rt.pulled_image && machine.images.insert(image.clone()) {
            ctx.kubelet_event(
                EventType::Normal,
                obj.clone(),
                "Pulled",
                format!("Successfully pulled image \"{image}\" in {waited}s ({waited}s including waiting)"),
                node,
            );
        }
        ctx.kubelet_event(EventType::Normal, obj.clone(), "Created", format!("Created container: {name}"), node);
        ctx.kubelet_event(EventType::Normal, obj.clone(), "Started", format!("Started container {name}"), node);
    }
    kube.runtimes.insert(key.clone(), PodRuntime { started: true, ..rt.clone() });
}

/// A pod being deleted: containers get SIGTERM, exit, and the pod is removed.
fn stop(kube: &mut Kube, key: &Key, node: &str, ctx: &mut Ctx) -> bool {
    let pod = &kube.store.pods[key];
    let since = pod.metadata.deletion_timestamp.unwrap_or(ctx.now);
    let obj = reference("Pod", "v1", &pod.metadata);
    if since == ctx.now {
        let names: Vec<String> = pod.spec.containers.iter().map(|c| c.name.clone()).collect();
        let pod = kube.store.pods.get_mut(key).expect("pod");
        let before = pod.status.clone();
        for cs in &mut pod.status.container_statuses {
            cs.ready = false;
        }
        pod.set_condition("Ready", "False", Some("PodCompleted"), None, ctx.now);
        pod.set_condition("ContainersReady", "False", Some("PodCompleted"), None, ctx.now);
        if pod.status == before {
            // Already stopping: a later pass at the same instant records nothing again.
            return false;
        }
        for n in names {
            ctx.kubelet_event(EventType::Normal, obj.clone(), "Killing", format!("Stopping container {n}"), node);
        }
        return true;
    }
    if ctx.now.since(since) >= TERMINATION_SECONDS {
        kube.remove_pod(key);
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_set_answers_as_a_search_of_the_names() {
        let long = "node-with-a-name-longer-than-16";
        let mut names = ["node-00012", "node-00003", "a", "", "node-0001", "sixteen-bytes-ab", long];
        names.sort_unstable();
        let set = NameSet::new(names.into_iter());
        assert_eq!(set.packed.len(), 6);
        assert_eq!(set.long, [long]);
        for asked in names {
            assert!(set.contains(asked), "{asked:?}");
        }
        // Prefixes, extensions and zero bytes (which pad a packed name) are other names.
        for asked in ["node-00013", "node-0001\0", "node-000120", "node-00", "a\0", "\0", "sixteen-bytes-abc", "node-with-a-name-longer-than-17"] {
            assert!(!set.contains(asked), "{asked:?}");
        }
        assert_eq!(pack("ab"), Some((0x6162 << 112, 2)));
        assert_eq!(pack(""), Some((0, 0)));
        // Packed names order as the names do.
        let mut names = ["", "\0", "a", "a\0", "a\0\0", "a\u{1}", "ab", "b", "node-0001", "node-00012", "node-0002", "node-1", "\u{7f}"];
        names.sort_unstable();
        for w in names.windows(2) {
            assert!(pack(w[0]) < pack(w[1]), "{:?} < {:?}", w[0], w[1]);
        }
        assert_eq!(pack("0123456789abcdef"), Some((u128::from_be_bytes(*b"0123456789abcdef"), 16)));
        assert_eq!(pack("seventeen-bytes-x"), None);
    }
}
