//! `load:` and `health:` steps: how they read, what they refuse.

use podium_scenario::{Scenario, StepAction};

fn steps(body: &str) -> Result<Scenario, podium_scenario::ScenarioError> {
    Scenario::parse(&format!("name: t\ncluster:\n  nodes:\n    - {{name: a, cpu: '2', memory: 4Gi}}\nsteps:\n{body}"))
}

#[test]
fn load_and_health_steps_read_with_defaults() {
    let s = steps("  - load: {selector: \"app=web\", namespace: shop, cpu: 500m, memory: 300Mi}\n  - health: {selector: \"app=web\", readiness: fail, liveness: ok}\n").unwrap();
    let StepAction::Load(l) = &s.steps[0].action else { panic!("a load step") };
    assert_eq!((l.namespace.as_str(), l.cpu.as_ref().unwrap().milli(), l.memory.as_ref().unwrap().value()), ("shop", 500, 300 * 1024 * 1024));
    assert_eq!(s.steps[0].description(), "load cpu 500m memory 300Mi -l app=web -n shop");
    let StepAction::Health(h) = &s.steps[1].action else { panic!("a health step") };
    assert_eq!((h.namespace.as_str(), h.readiness, h.liveness), ("default", Some(false), Some(true)));
    assert_eq!(s.steps[1].description(), "health readiness fail liveness ok -l app=web -n default");
}

#[test]
fn bad_load_and_health_steps_are_refused_at_their_place() {
    let e = steps("  - health: {selector: \"app=web\", readiness: broken}\n").unwrap_err();
    assert_eq!((e.line, e.message.as_str()), (6, "steps[0]: readiness \"broken\": write ok or fail"));
    let e = steps("  - health: {selector: \"app=web\"}\n").unwrap_err();
    assert!(e.message.contains("health needs `readiness`, `liveness` or both"), "{e}");
    let e = steps("  - load: {selector: \"app=web\", memory: lots}\n").unwrap_err();
    assert!(e.message.starts_with("steps[0]: memory \"lots\": "), "{e}");
    let e = steps("  - load: {selector: \"app=web\", disk: 1Gi}\n").unwrap_err();
    assert!(e.message.contains("unknown field `disk`"), "{e}");
}
