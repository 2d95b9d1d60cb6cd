//! kubectl against a simulated cluster, with exact outputs. Generated names come
//! from the sim's state (they are deterministic from the seed), never typed in.

use podium_engine::kube::Key;
use podium_engine::{NodeConfig, Sim};
use podium_kubectl::{apply, run, Output};

use podium_engine::samples::WEB_APP as WEB;

fn cluster() -> Sim {
    Sim::with_nodes(
        1,
        &[
            NodeConfig::new("node-a", "4", "8Gi").unwrap(),
            NodeConfig::new("node-b", "4", "8Gi").unwrap(),
        ],
    )
    .unwrap()
}

/// A cluster running WEB, 30 seconds after it was applied.
fn running() -> Sim {
    let mut sim = cluster();
    let out = apply(&mut sim, WEB, None);
    assert_eq!(
        out,
        Output {
            stdout: "deployment.apps/web created\nservice/web created\n".into(),
            stderr: String::new(),
            success: true
        }
    );
    sim.advance(30);
    sim
}

fn pod_names(sim: &Sim) -> Vec<String> {
    sim.kube()
        .store
        .pods
        .keys()
        .filter(|k| k.namespace == "default")
        .map(|k| k.name.clone())
        .collect()
}

fn rs_name(sim: &Sim) -> String {
    sim.kube()
        .store
        .replica_sets
        .keys()
        .next()
        .unwrap()
        .name
        .clone()
}

fn ok(stdout: &str) -> Output {
    Output {
        stdout: stdout.into(),
        stderr: String::new(),
        success: true,
    }
}

fn fail(stderr: &str) -> Output {
    Output {
        stdout: String::new(),
        stderr: stderr.into(),
        success: false,
    }
}

/// Runs a command that must be refused, and checks that it changed nothing.
fn refused(sim: &mut Sim, line: &str) -> Output {
    let before = sim.state_hash();
    let out = run(sim, line);
    assert!(!out.success, "{line}: {out:?}");
    assert!(out.stdout.is_empty(), "{line}: {out:?}");
    assert_eq!(sim.state_hash(), before, "{line} changed the state");
    out
}

#[test]
fn get_pods_prints_the_full_table() {
    let mut sim = running();
    let names = pod_names(&sim);
    assert_eq!(names.len(), 3);
    let rs = rs_name(&sim);
    assert!(names
        .iter()
        .all(|n| n.starts_with(&format!("{rs}-")) && n.len() == rs.len() + 6));
    let mut want = String::from("NAME                   READY   STATUS    RESTARTS   AGE\n");
    for n in &names {
        want.push_str(&format!("{n}   1/1     Running   0          30s\n"));
    }
    assert_eq!(run(&mut sim, "kubectl get pods"), ok(&want));
    // Every spelling of the same request prints the same table.
    for line in [
        "get pod",
        "get po",
        "get pods -n default",
        "get pods --namespace=default",
        "get pods -l app=web",
        "get pods -l 'app in (web,api)'",
    ] {
        assert_eq!(run(&mut sim, line), ok(&want), "{line}");
    }
}

#[test]
fn get_pods_wide_shows_ip_and_node() {
    let mut sim = running();
    let mut want = String::from("NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n");
    for p in sim.kube().store.pods.values() {
        let ip = p.status.pod_ip.clone().unwrap();
        assert_eq!(ip.len(), "10.244.0.2".len());
        want.push_str(&format!(
            "{}   1/1     Running   0          30s   {ip}   {}   <none>           <none>\n",
            p.metadata.name,
            p.node().unwrap()
        ));
    }
    assert_eq!(run(&mut sim, "get pods -o wide"), ok(&want));
    assert_eq!(run(&mut sim, "get pods -owide"), ok(&want));
}

#[test]
fn get_with_all_namespaces_adds_the_namespace_column() {
    let mut sim = running();
    let out = run(&mut sim, "get deploy -A");
    assert_eq!(out, ok("NAMESPACE   NAME   READY   UP-TO-DATE   AVAILABLE   AGE\ndefault     web    3/3     3            3           30s\n"));
    let out = run(&mut sim, "get ns");
    assert_eq!(
        out,
        ok("NAME              STATUS   AGE\ndefault           Active   30s\nkube-node-lease   Active   30s\nkube-public       Active   30s\nkube-system       Active   30s\n")
    );
}

#[test]
fn several_kinds_print_one_table_each_with_kind_names() {
    let mut sim = running();
    let rs = rs_name(&sim);
    let want = format!(
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/web   3/3     3            3           30s\n\nNAME                             DESIRED   CURRENT   READY   AGE\nreplicaset.apps/{rs}   3         3         3       30s\n"
    );
    assert_eq!(run(&mut sim, "get deploy,rs"), ok(&want));
    assert_eq!(run(&mut sim, "get rs"), ok(&format!("NAME             DESIRED   CURRENT   READY   AGE\n{rs}   3         3         3       30s\n")));
}

#[test]
fn services_and_endpoints() {
    let mut sim = running();
    let ip = sim.kube().store.services[&Key::new("default", "web")]
        .spec
        .cluster_ip
        .clone();
    let pad = " ".repeat("10.96.0.1".len().max(ip.len()) + 3 - ip.len());
    let pad_k = " ".repeat("10.96.0.1".len().max(ip.len()) + 3 - "10.96.0.1".len());
    let want = format!(
        "NAME         TYPE        CLUSTER-IP{}EXTERNAL-IP   PORT(S)   AGE\nkubernetes   ClusterIP   10.96.0.1{pad_k}<none>        443/TCP   30s\nweb          ClusterIP   {ip}{pad}<none>        80/TCP    30s\n",
        " ".repeat("10.96.0.1".len().max(ip.len()) + 3 - "CLUSTER-IP".len())
    );
    assert_eq!(run(&mut sim, "get svc"), ok(&want));
    // Five ready pods: three addresses shown, then the count of the rest.
    assert_eq!(
        run(&mut sim, "scale deploy web --replicas 5"),
        ok("deployment.apps/web scaled\n")
    );
    sim.advance(10);
    let out = run(&mut sim, "get endpoints web");
    let addrs = sim.kube().store.endpoints[&Key::new("default", "web")].ready_addresses();
    assert_eq!(addrs.len(), 5);
    let cell = format!("{} + 2 more...", addrs[..3].join(","));
    assert_eq!(
        out,
        ok(&format!(
            "NAME   ENDPOINTS{}AGE\nweb    {cell}   40s\n",
            " ".repeat(cell.len() + 3 - "ENDPOINTS".len())
        ))
    );
}

#[test]
fn output_name_json_yaml_and_jsonpath() {
    let mut sim = running();
    let names = pod_names(&sim);
    let want: String = names.iter().map(|n| format!("pod/{n}\n")).collect();
    assert_eq!(run(&mut sim, "get pods -o name"), ok(&want));
    assert_eq!(
        run(&mut sim, "get deploy web -o name"),
        ok("deployment.apps/web\n")
    );
    assert_eq!(
        run(&mut sim, "get deploy/web svc/web -o name"),
        ok("deployment.apps/web\nservice/web\n")
    );
    assert_eq!(
        run(&mut sim, "get ns default -o name"),
        ok("namespace/default\n")
    );
    assert_eq!(
        run(&mut sim, "get no -o name"),
        ok("node/node-a\nnode/node-b\n")
    );

    assert_eq!(
        run(
            &mut sim,
            "get deploy web -o jsonpath='{.status.readyReplicas}'"
        ),
        ok("3\n")
    );
    assert_eq!(
        run(
            &mut sim,
            "get deploy web -o=jsonpath={.spec.template.spec.containers[0].image}"
        ),
        ok("nginx:1.27\n")
    );
    let nodes: Vec<String> = sim
        .kube()
        .store
        .pods
        .values()
        .map(|p| p.node().unwrap().to_string())
        .collect();
    assert_eq!(
        run(&mut sim, "get pods -o jsonpath='{.items[*].spec.nodeName}'"),
        ok(&format!("{}\n", nodes.join(" ")))
    );
    let ranged: String = names.iter().map(|n| format!("{n}\tRunning\n")).collect();
    assert_eq!(
        run(
            &mut sim,
            r#"get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}'"#
        ),
        ok(&ranged)
    );
    assert_eq!(
        run(&mut sim, "get deploy web -o jsonpath='{.status.nothing}'"),
        ok("")
    );

    let out = run(&mut sim, "get deploy web -o json");
    assert!(out.success && out.stdout.starts_with("{\n    \"apiVersion\": \"apps/v1\",\n    \"kind\": \"Deployment\",\n    \"metadata\": {\n"), "{}", out.stdout);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        (
            v["apiVersion"].as_str(),
            v["kind"].as_str(),
            v["metadata"]["name"].as_str()
        ),
        (Some("apps/v1"), Some("Deployment"), Some("web"))
    );
    assert_eq!(v["status"]["readyReplicas"], 3);

    let out = run(&mut sim, "get pods --output json");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        (
            v["apiVersion"].as_str(),
            v["kind"].as_str(),
            v["metadata"]["resourceVersion"].as_str()
        ),
        (Some("v1"), Some("List"), Some(""))
    );
    let items = v["items"].as_array().unwrap();
    assert_eq!(
        items
            .iter()
            .map(|i| i["metadata"]["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>(),
        names
    );
    assert!(items
        .iter()
        .all(|i| i["kind"] == "Pod" && i["apiVersion"] == "v1"));

    let out = run(&mut sim, "get svc web -o yaml");
    assert!(out.stdout.starts_with("apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: \"2026-01-01T00:00:00Z\"\n  name: web\n  namespace: default\n"), "{}", out.stdout);
    assert!(
        out.stdout.ends_with("status:\n  loadBalancer: {}\n"),
        "{}",
        out.stdout
    );
    let back: serde_json::Value = serde_norway::from_str(&out.stdout).unwrap();
    assert_eq!(back["spec"]["ports"][0]["port"], 80);

    let out = run(
        &mut sim,
        "get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
    );
    let mut want = String::from("NAME                   NODE\n");
    for p in sim.kube().store.pods.values() {
        want.push_str(&format!("{}   {}\n", p.metadata.name, p.node().unwrap()));
    }
    assert_eq!(out, ok(&want));
}

#[test]
fn get_events_lists_what_happened_oldest_first() {
    let mut sim = running();
    let rs = rs_name(&sim);
    let out = run(&mut sim, "get events");
    assert!(out.success);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines[0].starts_with("LAST SEEN   TYPE     REASON              OBJECT"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with("MESSAGE"));
    assert_eq!(lines[1], format!("30s         Normal   ScalingReplicaSet   deployment/web              Scaled up replica set {rs} from 0 to 3"));
    let scheduled: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains(" Scheduled "))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(scheduled.len(), 3);
    assert!(scheduled.iter().all(|&i| i > 1));
    for p in pod_names(&sim) {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(&format!("pod/{p}"))
                    && l.contains("Successfully assigned default/")),
            "{p}"
        );
    }
    // Oldest first: the LAST SEEN ages never grow down the table.
    let ages: Vec<u64> = lines[1..]
        .iter()
        .map(|l| l.split('s').next().unwrap().parse().unwrap())
        .collect();
    assert!(ages.windows(2).all(|w| w[0] >= w[1]), "{ages:?}");
    assert_eq!(ages.len(), sim.events().len());
    // Node events live in `default`, as in real clusters.
    assert_eq!(
        run(&mut sim, "get events -n kube-system"),
        Output {
            stdout: String::new(),
            stderr: "No resources found in kube-system namespace.\n".into(),
            success: true
        }
    );
}

#[test]
fn empty_results_say_so_on_stderr() {
    let mut sim = running();
    let empty = |stderr: &str| Output {
        stdout: String::new(),
        stderr: stderr.into(),
        success: true,
    };
    assert_eq!(
        run(&mut sim, "create namespace shop"),
        ok("namespace/shop created\n")
    );
    assert_eq!(
        run(&mut sim, "get pods -n shop"),
        empty("No resources found in shop namespace.\n")
    );
    assert_eq!(
        run(&mut sim, "get pods -l app!=web"),
        empty("No resources found in default namespace.\n")
    );
    assert_eq!(
        run(&mut sim, "get pods -l tier"),
        empty("No resources found in default namespace.\n")
    );
    assert_eq!(
        run(&mut sim, "get nodes -l gpu=true"),
        empty("No resources found\n")
    );
    assert_eq!(
        run(&mut sim, "get pods -A -l app=api"),
        empty("No resources found\n")
    );
    assert_eq!(run(&mut sim, "get pods -n shop -o name"), ok(""));
    let out = run(&mut sim, "get pods -n shop -o json");
    assert_eq!(out, ok("{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"));
}

#[test]
fn not_found_and_wrong_commands_are_refused_unchanged() {
    let mut sim = running();
    let cases = [
        ("get pod x", "Error from server (NotFound): pods \"x\" not found\n"),
        ("get deploy/nope", "Error from server (NotFound): deployments.apps \"nope\" not found\n"),
        ("delete deployment nope", "Error from server (NotFound): deployments.apps \"nope\" not found\n"),
        ("scale deploy/nope --replicas=2", "Error from server (NotFound): deployments.apps \"nope\" not found\n"),
        ("describe svc nope", "Error from server (NotFound): services \"nope\" not found\n"),
        ("get widgets", "error: the server doesn't have a resource type \"widgets\"\n"),
        ("delete widgets x", "error: the server doesn't have a resource type \"widgets\"\n"),
        ("get pods --bogus", "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"),
        ("get pods -x", "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n"),
        ("get pods -n", "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n"),
        ("frobnicate pods", "error: unknown command \"frobnicate\" for \"kubectl\"\n\nRun 'kubectl --help' for usage.\n"),
        ("gte pods", "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget\n\nRun 'kubectl --help' for usage.\n"),
        ("delete pod", "error: resource(s) were provided, but no name was specified\n"),
        ("scale deploy web", "error: required flag(s) \"replicas\" not set\n"),
        ("scale deploy web --replicas=-1", "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"),
        ("create namespace default", "Error from server (AlreadyExists): namespaces \"default\" already exists\n"),
        ("delete ns default", "Error from server (Forbidden): namespaces \"default\" is forbidden: this namespace may not be deleted\n"),
        ("get pods web -A", "error: a resource cannot be retrieved by name across all namespaces\n"),
        ("get pods -o xml", "error: unable to match a printer suitable for the output format \"xml\", allowed formats are: custom-columns, custom-columns-file, go-template, go-template-file, json, jsonpath, jsonpath-as-json, jsonpath-file, name, template, templatefile, wide, yaml\n"),
        ("get pods -l 'app in web'", "error: unable to parse requirement: found 'web', expected: '(' (in \"app in web\")\n"),
        ("apply -f web.yaml", "error: the path \"web.yaml\" does not exist\n"),
        ("get pods -l 'app=web", "error: unable to parse the command line: a quotation mark is not closed\n"),
    ];
    for (line, stderr) in cases {
        assert_eq!(refused(&mut sim, line), fail(stderr), "{line}");
    }
    let out = refused(&mut sim, "get pods -o jsonpath='{.items[0'");
    assert!(
        out.stderr
            .starts_with("error: error parsing jsonpath {.items[0, "),
        "{}",
        out.stderr
    );
    let out = refused(&mut sim, "exec web -- ls");
    assert_eq!(out.stderr, "error: \"kubectl exec\" is not available in the playground. Run 'kubectl help' for what is.\n");
}

#[test]
fn some_names_found_some_not() {
    let mut sim = running();
    let first = pod_names(&sim)[0].clone();
    let out = run(&mut sim, &format!("get pods {first} ghost"));
    assert_eq!(
        out,
        Output {
            stdout: format!("NAME                   READY   STATUS    RESTARTS   AGE\n{first}   1/1     Running   0          30s\n"),
            stderr: "Error from server (NotFound): pods \"ghost\" not found\n".into(),
            success: false,
        }
    );
    assert_eq!(run(&mut sim, "get pods ghost --ignore-not-found"), ok(""));
}

#[test]
fn apply_reports_created_configured_unchanged_and_warnings() {
    let mut sim = cluster();
    assert_eq!(
        apply(&mut sim, WEB, None),
        ok("deployment.apps/web created\nservice/web created\n")
    );
    assert_eq!(
        apply(&mut sim, WEB, None),
        ok("deployment.apps/web unchanged\nservice/web unchanged\n")
    );
    let scaled = WEB.replace("replicas: 3", "replicas: 2").replace(
        "        image: nginx:1.27\n",
        "        image: nginx:1.27\n        imag: typo\n",
    );
    assert_eq!(
        apply(&mut sim, &scaled, None),
        Output {
            stdout: "deployment.apps/web configured\nservice/web unchanged\n".into(),
            stderr: "Warning: unknown field \"spec.template.spec.containers[0].imag\"\n".into(),
            success: true,
        }
    );
    assert_eq!(
        sim.kube().store.deployments[&Key::new("default", "web")]
            .spec
            .replicas,
        2
    );
}

#[test]
fn apply_into_a_namespace() {
    let mut sim = cluster();
    let before = sim.state_hash();
    assert_eq!(apply(&mut sim, WEB, Some("shop")), fail("Error from server (NotFound): error when creating \"STDIN\": namespaces \"shop\" not found\n"));
    assert_eq!(sim.state_hash(), before);
    let ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n";
    assert_eq!(
        apply(&mut sim, &format!("{ns}{WEB}"), Some("shop")),
        ok("namespace/shop created\ndeployment.apps/web created\nservice/web created\n")
    );
    assert_eq!(
        run(&mut sim, "get deploy -n shop -o name"),
        ok("deployment.apps/web\n")
    );
    let elsewhere = WEB.replace("  name: web\n", "  name: web\n  namespace: a\n");
    let before = sim.state_hash();
    assert_eq!(
        apply(&mut sim, &elsewhere, Some("shop")),
        fail("error: the namespace from the provided object \"a\" does not match the namespace \"shop\". You must pass '--namespace=a' to perform this operation.\n")
    );
    assert_eq!(sim.state_hash(), before);
}

#[test]
fn apply_refusals_point_into_the_manifest_and_change_nothing() {
    let mut sim = cluster();
    let before = sim.state_hash();
    // YAML syntax: line and column.
    let bad = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: x: y\n";
    let out = apply(&mut sim, bad, None);
    assert!(!out.success && out.stdout.is_empty());
    assert!(
        out.stderr
            .starts_with("error: error parsing STDIN: line 5, column "),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .ends_with(": mapping values are not allowed in this context\n"),
        "{}",
        out.stderr
    );
    // A kind the cluster does not serve.
    let typo = WEB.replace("kind: Deployment", "kind: Deploymnt");
    assert_eq!(
        apply(&mut sim, &typo, None),
        fail("error: resource mapping not found for name: \"web\" namespace: \"\" from \"STDIN\": no matches for kind \"Deploymnt\" in version \"apps/v1\"\nensure CRDs are installed first\n")
    );
    // Selector that does not match the template: placed at the template's labels; the valid Service is not created either.
    let mismatch = WEB.replace("      labels: {app: web}", "      labels: {app: api}");
    let out = apply(&mut sim, &mismatch, None);
    assert_eq!(
        out,
        fail("The Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels` (line 11, column 7)\n")
    );
    assert_eq!(
        apply(&mut sim, "", None),
        fail("error: no objects passed to apply\n")
    );
    assert_eq!(sim.state_hash(), before);
    assert_eq!(
        run(&mut sim, "get svc web"),
        fail("Error from server (NotFound): services \"web\" not found\n")
    );
}

#[test]
fn delete_and_scale_change_the_cluster() {
    let mut sim = running();
    let victim = pod_names(&sim)[0].clone();
    assert_eq!(
        run(&mut sim, &format!("delete pod {victim}")),
        ok(&format!("pod \"{victim}\" deleted\n"))
    );
    assert_eq!(
        run(&mut sim, "scale deployment web --replicas=1"),
        ok("deployment.apps/web scaled\n")
    );
    sim.advance(10);
    assert_eq!(
        run(
            &mut sim,
            "get deploy web -o jsonpath={.spec.replicas}/{.status.readyReplicas}"
        ),
        ok("1/1\n")
    );
    assert_eq!(run(&mut sim, "get pods -o name").stdout.lines().count(), 1);
    assert_eq!(
        run(&mut sim, "delete deploy web"),
        ok("deployment.apps \"web\" deleted\n")
    );
    assert_eq!(
        run(&mut sim, "delete svc -l app=none"),
        ok("No resources found\n")
    );
    assert_eq!(
        run(&mut sim, "delete service web"),
        ok("service \"web\" deleted\n")
    );
    sim.advance(10);
    assert_eq!(
        run(&mut sim, "get deploy,rs,pods"),
        Output {
            stdout: String::new(),
            stderr: "No resources found in default namespace.\n".into(),
            success: true
        }
    );
}

#[test]
fn delete_by_selector_removes_every_match() {
    let mut sim = running();
    let names = pod_names(&sim);
    let want: String = names
        .iter()
        .map(|n| format!("pod \"{n}\" deleted\n"))
        .collect();
    assert_eq!(run(&mut sim, "delete pods -l app=web"), ok(&want));
    assert!(sim
        .kube()
        .store
        .pods
        .values()
        .filter(|p| names.contains(&p.metadata.name))
        .all(|p| p.is_terminating()));
}

#[test]
fn describe_pod_deployment_and_node() {
    let mut sim = running();
    let pod = sim.kube().store.pods.values().next().unwrap().clone();
    let rs = rs_name(&sim);
    let node = pod.node().unwrap().to_string();
    let out = run(&mut sim, &format!("describe pod {}", pod.metadata.name));
    assert!(out.success);
    let head = format!(
        "Name:             {}\nNamespace:        default\nPriority:         0\nService Account:  default\nNode:             {node}/{}\nStart Time:       Thu, 01 Jan 2026 00:00:00 +0000\nLabels:           app=web\n                  pod-template-hash={}\nAnnotations:      <none>\nStatus:           Running\nIP:               {}\nIPs:\n  IP:           {}\nControlled By:  ReplicaSet/{rs}\nContainers:\n  web:\n    Image:          nginx:1.27\n",
        pod.metadata.name,
        pod.status.host_ip.clone().unwrap(),
        &rs["web-".len()..],
        pod.status.pod_ip.clone().unwrap(),
        pod.status.pod_ip.clone().unwrap(),
    );
    assert!(out.stdout.starts_with(&head), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("    Requests:\n      cpu:        500m\n      memory:     256Mi\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("QoS Class:                    Burstable\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Events:\n  Type    Reason     Age   From               Message\n  ----    ------     ----  ----               -------\n  Normal  Scheduled  30s   default-scheduler  Successfully assigned default/"), "{}", out.stdout);

    let out = run(&mut sim, "describe deploy web");
    for line in [
        "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n",
        "StrategyType:           RollingUpdate\n",
        "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n",
        "Pod Template:\n  Labels:  app=web\n  Containers:\n   web:\n    Image:      nginx:1.27\n",
        "OldReplicaSets:  <none>\n",
    ] {
        assert!(out.stdout.contains(line), "{line:?} in\n{}", out.stdout);
    }
    assert!(
        out.stdout
            .contains(&format!("NewReplicaSet:   {rs} (3/3 replicas created)\n")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains(&format!("  Normal  ScalingReplicaSet  30s   deployment-controller  Scaled up replica set {rs} from 0 to 3\n")), "{}", out.stdout);

    let on_node = sim.kube().store.pods_on(&node).count();
    let out = run(&mut sim, &format!("describe node {node}"));
    assert!(
        out.stdout.contains(&format!(
            "Non-terminated Pods:          ({on_node} in total)\n"
        )),
        "{}",
        out.stdout
    );
    let totals = if on_node == 1 {
        "  cpu                500m (12%)  0 (0%)\n  memory             256Mi (3%)  0 (0%)\n"
    } else {
        "  cpu                1 (25%)     0 (0%)\n  memory             512Mi (6%)  0 (0%)\n"
    };
    assert!(out.stdout.contains(totals), "{}", out.stdout);
    assert!(
        out.stdout.ends_with("Events:              <none>\n"),
        "{}",
        out.stdout
    );

    assert_eq!(
        run(&mut sim, "describe ns default"),
        ok("Name:         default\nLabels:       kubernetes.io/metadata.name=default\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n")
    );
    // A name that is a prefix describes what it prefixes, like kubectl.
    let out = run(&mut sim, "describe pods web");
    assert_eq!(out.stdout.matches("Name:             web-").count(), 3);
    assert_eq!(
        run(&mut sim, "describe pods -n kube-system"),
        Output {
            stdout: String::new(),
            stderr: "No resources found in kube-system namespace.\n".into(),
            success: true
        }
    );
}

#[test]
fn every_output_ends_with_a_newline() {
    let mut sim = running();
    for line in [
        "get pods",
        "get pods -o json",
        "get pods -o yaml",
        "get pods -o name",
        "get pods -o jsonpath={.items[0].metadata.name}",
        "get nodes -o wide",
        "get events",
        "describe deploy web",
        "get pod x",
        "bogus",
        "get pods --bogus",
        "version",
        "api-resources",
        "",
    ] {
        let out = run(&mut sim, line);
        for s in [&out.stdout, &out.stderr] {
            assert!(s.is_empty() || s.ends_with('\n'), "{line}: {s:?}");
        }
        assert!(
            !(out.stdout.is_empty() && out.stderr.is_empty()),
            "{line} printed nothing"
        );
    }
}

#[test]
fn bare_kubectl_prints_usage() {
    let mut sim = cluster();
    let out = run(&mut sim, "kubectl");
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr
            .starts_with("kubectl controls the Kubernetes cluster manager"),
        "{}",
        out.stderr
    );
    assert_eq!(
        run(&mut sim, "version"),
        ok("Client Version: v1.32.0\nKustomize Version: v5.5.0\nServer Version: v1.32.0\n")
    );
}

#[test]
fn completions_offer_verbs_kinds_and_names() {
    let sim = running();
    assert_eq!(
        podium_kubectl::completions(&sim, "kubectl ge"),
        vec!["get".to_string()]
    );
    assert_eq!(
        podium_kubectl::completions(&sim, "get dep"),
        vec![
            "deployments".to_string(),
            "deployment".into(),
            "deploy".into()
        ]
    );
    assert_eq!(
        podium_kubectl::completions(&sim, "describe deploy "),
        vec!["web".to_string()]
    );
    assert_eq!(
        podium_kubectl::completions(&sim, "get pods -n kube-s"),
        vec!["kube-system".to_string()]
    );
    assert!(podium_kubectl::completions(&sim, "get pods --sel").contains(&"--selector".to_string()));
}

#[test]
fn get_events_all_namespaces_shows_each_events_own_namespace() {
    let mut sim = cluster();
    assert!(run(&mut sim, "create namespace shop").success);
    assert!(run(&mut sim, "run cart --image=nginx:1.27 -n shop").success);
    sim.advance(10);
    // A node's events (cluster-scoped) are written to `default`.
    sim.act(podium_engine::Action::KillNode { name: "node-b".into() }).unwrap();
    let out = run(&mut sim, "get events -A");
    assert!(out.success);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("NAMESPACE   LAST SEEN   TYPE"), "{}", lines[0]);
    let ns_of = |needle: &str| -> Vec<&str> {
        lines.iter().filter(|l| l.contains(needle)).map(|l| l.split_whitespace().next().unwrap()).collect()
    };
    let cart = ns_of("pod/cart");
    assert!(!cart.is_empty() && cart.iter().all(|n| *n == "shop"), "{}", out.stdout);
    let node = ns_of("node/node-b");
    assert!(!node.is_empty() && node.iter().all(|n| *n == "default"), "{}", out.stdout);
    // And `-n` filters by the same namespace.
    let shop = run(&mut sim, "get events -n shop");
    assert_eq!(shop.stdout.lines().count(), cart.len() + 1, "{}", shop.stdout);
}

const STICKY: &str = "apiVersion: v1
kind: Service
metadata:
  name: sticky
spec:
  selector: {app: web}
  ports:
  - port: 80
  sessionAffinity: ClientIP
";

#[test]
fn session_affinity_client_ip_defaults_to_10800_seconds_and_is_validated() {
    let mut sim = cluster();
    assert!(apply(&mut sim, STICKY, None).success);
    let timeout = "get svc sticky -o jsonpath={.spec.sessionAffinityConfig.clientIP.timeoutSeconds}";
    assert_eq!(run(&mut sim, timeout).stdout.trim_end(), "10800");
    assert!(run(&mut sim, "describe svc sticky").stdout.contains("Session Affinity:         ClientIP\n"));
    // A given timeout is kept; `None` drops the config.
    let one_hour = STICKY.replace("sessionAffinity: ClientIP", "sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 3600}}");
    assert!(apply(&mut sim, &one_hour, None).success);
    assert_eq!(run(&mut sim, timeout).stdout.trim_end(), "3600");
    let none = STICKY.replace("sessionAffinity: ClientIP", "sessionAffinity: None\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 3600}}");
    assert!(apply(&mut sim, &none, None).success);
    assert_eq!(run(&mut sim, "get svc sticky -o jsonpath={.spec.sessionAffinityConfig}").stdout.trim_end(), "");
    // More than a day, or an unknown affinity, is refused.
    let day_and_more = STICKY.replace("sessionAffinity: ClientIP", "sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 86401}}");
    let refused = apply(&mut sim, &day_and_more, None).stderr;
    assert!(
        refused.starts_with("The Service \"sticky\" is invalid: spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400"),
        "{refused}"
    );
    let cookie = STICKY.replace("ClientIP", "Cookie");
    let refused = apply(&mut sim, &cookie, None).stderr;
    assert!(
        refused.starts_with("The Service \"sticky\" is invalid: spec.sessionAffinity: Unsupported value: \"Cookie\": supported values: \"ClientIP\", \"None\""),
        "{refused}"
    );
}

#[test]
fn external_name_services_alias_a_dns_name_without_an_ip() {
    let mut sim = cluster();
    let db = "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n  externalName: db.example.com\n";
    assert_eq!(apply(&mut sim, db, None).stdout, "service/db created\n");
    let out = run(&mut sim, "get svc db");
    assert_eq!(
        out.stdout,
        "NAME   TYPE           CLUSTER-IP   EXTERNAL-IP      PORT(S)   AGE\ndb     ExternalName   <none>       db.example.com   <none>    0s\n"
    );
    let described = run(&mut sim, "describe svc db").stdout;
    assert!(described.contains("External Name:            db.example.com\n"), "{described}");
    assert!(!described.contains("IP:"), "{described}");
    assert!(!sim.kube().store.endpoints.contains_key(&Key::new("default", "db")));
    let missing = "apiVersion: v1\nkind: Service\nmetadata:\n  name: nowhere\nspec:\n  type: ExternalName\n";
    let refused = apply(&mut sim, missing, None).stderr;
    assert!(refused.starts_with("The Service \"nowhere\" is invalid: spec.externalName: Required value"), "{refused}");
}

#[test]
fn load_balancer_services_wait_for_an_address_on_a_node_port() {
    let mut sim = cluster();
    let lb = "apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports:\n  - port: 80\n";
    assert!(apply(&mut sim, lb, None).success);
    let s = sim.kube().store.services[&Key::new("default", "shop")].clone();
    let node_port = s.spec.ports[0].node_port.unwrap();
    assert!((30000..=32767).contains(&node_port), "{node_port}");
    let line = run(&mut sim, "get svc shop").stdout.lines().nth(1).unwrap().to_string();
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cols[1..], ["LoadBalancer", s.spec.cluster_ip.as_str(), "<pending>", &format!("80:{node_port}/TCP"), "0s"]);
}
