//! `kubectl explain` with exact outputs.

use podium_engine::Sim;
use podium_kubectl::run;

fn out(line: &str) -> (String, String, bool) {
    let mut sim = Sim::new(1);
    let o = run(&mut sim, line);
    (o.stdout, o.stderr, o.success)
}

#[test]
fn a_kind_and_its_fields() {
    assert_eq!(
        out("explain pods"),
        (
            "KIND:       Pod
VERSION:    v1

DESCRIPTION:
    A Pod is one or more containers that are scheduled together onto one node, share its network
    namespace and start and stop together.

FIELDS:
  apiVersion\t<string>
    The version of the API schema this object is written in, such as v1 or apps/v1.

  kind\t<string>
    The kind of object, in CamelCase, such as Pod or Deployment.

  metadata\t<ObjectMeta>
    The object's name, namespace, labels, annotations and owners.

  spec\t<PodSpec>
    What the pod should run and where it may run.

  status\t<PodStatus>
    What the kubelet last reported about the pod: phase, conditions, IPs and container
    states. Read-only.

"
            .into(),
            String::new(),
            true
        )
    );
}

#[test]
fn a_field_path_with_group_and_required_fields() {
    let (stdout, _, ok) = out("explain deploy.spec.template");
    assert!(ok);
    assert_eq!(
        stdout,
        "GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: template <PodTemplateSpec>

DESCRIPTION:
    The pods to create.

    The metadata and spec of the pods a controller creates.

FIELDS:
  metadata\t<ObjectMeta>
    The object's name, namespace, labels, annotations and owners.

  spec\t<PodSpec>
    What each pod runs.

"
    );
    let (stdout, _, _) = out("explain deployment.spec.template.spec");
    assert!(stdout.contains("  containers\t<[]Container> -required-\n    The containers of the pod. At least one is required.\n"), "{stdout}");
    assert_eq!(
        out("explain cronjob.spec.schedule").0,
        "GROUP:      batch
KIND:       CronJob
VERSION:    v1

FIELD: schedule <string>

DESCRIPTION:
    Five cron fields (minute hour day-of-month month day-of-week) or a macro such as
    @hourly.
"
    );
    assert_eq!(
        out("explain pod.spec.containers.image").0,
        "KIND:       Pod\nVERSION:    v1\n\nFIELD: image <string>\n\nDESCRIPTION:\n    The container image to run, such as nginx:1.27.\n"
    );
}

#[test]
fn unknown_fields_and_kinds_are_refused() {
    assert_eq!(out("explain pod.spec.foo"), (String::new(), "error: field \"foo\" does not exist\n".into(), false));
    assert_eq!(out("explain pod.spec.restartPolicy.x"), (String::new(), "error: field \"x\" does not exist\n".into(), false));
    assert_eq!(out("explain widgets"), (String::new(), "error: the server doesn't have a resource type \"widgets\"\n".into(), false));
    let (_, stderr, ok) = out("explain nodes");
    assert!(!ok && stderr.contains("is not available in the playground"), "{stderr}");
    let (_, stderr, ok) = out("explain");
    assert!(!ok && stderr.starts_with("error: You must specify the type of resource to explain."), "{stderr}");
}
