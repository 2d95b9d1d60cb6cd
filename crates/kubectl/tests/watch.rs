//! `kubectl get -w`: the listing, then one row per change as the clock moves,
//! each row padded on its own (upstream flushes its tabwriter per watch event).

use podium_engine::samples::WEB_DEPLOYMENT;
use podium_engine::{NodeConfig, Sim};
use podium_kubectl::{apply, run, watch, Watch};

fn cluster() -> Sim {
    let mut sim = Sim::with_nodes(1, &[NodeConfig::new("node-a", "4", "8Gi").unwrap()]).unwrap();
    assert!(apply(&mut sim, WEB_DEPLOYMENT, None).success);
    sim.advance(30);
    sim
}

fn start(sim: &Sim, line: &str) -> (String, Watch) {
    let (o, w) = Watch::start(sim, line);
    assert!(o.success, "{line}: {}", o.stderr);
    (o.stdout, w.expect("a watch"))
}

#[test]
fn scaling_up_prints_each_new_pod_creating_then_running() {
    let mut sim = cluster();
    let (listing, mut w) = start(&sim, "kubectl get pods -w");
    assert_eq!(
        listing,
        "NAME                   READY   STATUS    RESTARTS   AGE\n\
         web-6c9d5ff8cf-dnjwx   1/1     Running   0          30s\n\
         web-6c9d5ff8cf-hnssc   1/1     Running   0          30s\n\
         web-6c9d5ff8cf-srct6   1/1     Running   0          30s\n"
    );
    assert_eq!(w.poll(&sim), "", "nothing changed yet");
    assert!(run(&mut sim, "scale deployment web --replicas=5").success);
    assert_eq!(
        w.poll(&sim),
        "web-6c9d5ff8cf-ckhrk   0/1   ContainerCreating   0     0s\n\
         web-6c9d5ff8cf-zhvkd   0/1   ContainerCreating   0     0s\n"
    );
    sim.tick();
    assert_eq!(
        w.poll(&sim),
        "web-6c9d5ff8cf-ckhrk   1/1   Running   0     1s\n\
         web-6c9d5ff8cf-zhvkd   1/1   Running   0     1s\n"
    );
    sim.advance(3);
    assert_eq!(w.poll(&sim), "", "a pod whose object does not change prints nothing (AGE alone is no event)");
}

#[test]
fn a_deleted_pod_prints_its_last_row_once() {
    let mut sim = cluster();
    let (_, mut w) = start(&sim, "get pods --watch");
    assert!(run(&mut sim, "scale deployment web --replicas=2").success);
    // Three pods of one age and rank: upstream's LogarithmicScaleDown then deletes the lowest UID.
    assert_eq!(w.poll(&sim), "web-6c9d5ff8cf-dnjwx   0/1   Terminating   0     30s\n");
    sim.advance(40);
    assert_eq!(w.poll(&sim), "web-6c9d5ff8cf-dnjwx   0/1   Terminating   0     30s\n", "gone: its last row again");
    assert!(sim.kube().store.pods.values().all(|p| p.metadata.name != "web-6c9d5ff8cf-dnjwx"));
    sim.tick();
    assert_eq!(w.poll(&sim), "");
}

#[test]
fn watch_only_prints_the_header_with_the_first_change() {
    let mut sim = cluster();
    let (listing, mut w) = start(&sim, "get deployments --watch-only");
    assert_eq!(listing, "");
    assert!(run(&mut sim, "scale deployment web --replicas=4").success);
    assert_eq!(w.poll(&sim), "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/4     4            3           30s\n");
    sim.tick();
    assert_eq!(w.poll(&sim), "web   4/4   4     4     31s\n");
}

#[test]
fn wide_rows_keep_the_wide_columns_and_names_narrow_the_watch() {
    let mut sim = cluster();
    let (listing, mut w) = start(&sim, "get pod web-6c9d5ff8cf-dnjwx -o wide -w");
    assert_eq!(listing.lines().count(), 2);
    assert_eq!(listing.lines().next().unwrap().split("   ").filter(|c| !c.is_empty()).count(), 9);
    assert!(run(&mut sim, "label pod web-6c9d5ff8cf-dnjwx tier=front").success);
    assert!(run(&mut sim, "label pod web-6c9d5ff8cf-hnssc tier=front").success);
    let row = w.poll(&sim);
    assert!(row.starts_with("web-6c9d5ff8cf-dnjwx   1/1   Running   0     30s   "), "{row}");
    assert!(row.contains("   node-a   <none>   <none>\n"), "{row}");
    assert_eq!(row.lines().count(), 1, "only the named pod: {row}");
}

#[test]
fn an_empty_listing_prints_nothing_and_the_header_comes_with_the_first_row() {
    let mut sim = cluster();
    let (o, w) = Watch::start(&sim, "get services -w -n shop");
    assert_eq!((o.stdout.as_str(), o.stderr.as_str(), o.success), ("", "", true));
    let mut w = w.unwrap();
    assert!(run(&mut sim, "create namespace shop").success);
    assert!(run(&mut sim, "create deployment api --image=nginx -n shop").success);
    assert!(run(&mut sim, "expose deployment api --port=80 -n shop").success);
    let out = w.poll(&sim);
    assert!(out.starts_with("NAME   TYPE        CLUSTER-IP"), "{out}");
    assert_eq!(out.lines().count(), 2);
}

#[test]
fn what_cannot_be_watched_is_refused_and_the_runner_asks_for_the_console() {
    let sim = cluster();
    let (o, w) = Watch::start(&sim, "get pods,deployments -w");
    assert!(w.is_none());
    assert_eq!(
        o.stderr,
        "error: watch is only supported on individual resources and resource collections, but 2 resources were found\n"
    );
    let (o, w) = Watch::start(&sim, "get pods -w -o yamlx");
    assert!(w.is_none() && !o.success && o.stderr.starts_with("error: unable to match a printer"));
    assert!(watch::requested("kubectl get pods -w"));
    assert!(watch::requested("get deploy --watch-only"));
    assert!(!watch::requested("get pods"));
    assert!(!watch::requested("rollout status deployment web -w"));
    let mut sim = sim;
    let before = sim.state_hash();
    let o = run(&mut sim, "kubectl get pods -w");
    assert!(!o.success);
    assert!(o.stderr.starts_with("error: --watch needs a live view: run it in the board's console"), "{}", o.stderr);
    assert_eq!(sim.state_hash(), before);
}
