//! The scheduler's kept reasoning in saved states: written compactly (arrays, plugins by
//! number, no weights or totals), and the verbose form pages wrote before it, still in
//! learners' autosaves, read to the same verdicts.

use podium_engine::kube::scheduler::Decision;
use podium_engine::Sim;
use serde_json::Value;

/// A real save from before the compact form (`Sim::save` at commit a1ea81e): 4 nodes, one
/// cordoned, one tainted; a 3-replica Deployment behind a Service preferring zone-a (every
/// scoring plugin, raw scores included), a pod too big for any node, one pinned by nodeSelector.
const OLD_SAVE: &str = include_str!("fixtures/old_decisions_save.json");

fn decisions(json: &str) -> Value {
    let v: Value = serde_json::from_str(json).unwrap();
    v["kube"]["scheduler"]["decisions"].clone()
}

/// A decision as the inspector shows it: per node the filter and reasons, or each plugin's
/// name, raw, score and weight and the total.
fn shown(d: &Decision) -> Vec<String> {
    d.nodes
        .iter()
        .map(|v| {
            let scores: Vec<String> =
                v.scores.iter().map(|s| format!("{} {:?} ⇒ {} ×{}", s.plugin.name(), s.raw, s.score, s.weight())).collect();
            format!("{} {:?} {:?} {:?} = {}", v.node, v.filter.map(|p| p.name()), v.reasons, scores, v.total())
        })
        .collect()
}

/// The same, from the verbose JSON.
fn shown_verbose(d: &Value) -> Vec<String> {
    d["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let scores: Vec<String> = v["scores"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| format!("{} {:?} ⇒ {} ×{}", s["plugin"].as_str().unwrap(), s["raw"].as_i64(), s["score"], s["weight"]))
                .collect();
            let reasons: Vec<&str> = v["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
            format!("{} {:?} {:?} {:?} = {}", v["node"].as_str().unwrap(), v["filter"].as_str(), reasons, scores, v["total"])
        })
        .collect()
}

#[test]
fn a_save_from_before_the_compact_form_loads_with_the_same_reasoning() {
    let sim = Sim::restore(OLD_SAVE).expect("the old save loads");
    let old = decisions(OLD_SAVE);
    let old = old.as_array().unwrap();
    let kept = &sim.kube().scheduler.decisions;
    assert_eq!((kept.len(), old.len()), (5, 5));
    for (d, o) in kept.iter().zip(old) {
        assert_eq!(format!("{}/{}", d.pod.namespace, d.pod.name), o["pod"].as_str().unwrap());
        assert_eq!(d.chosen.as_deref(), o["chosen"].as_str());
        assert_eq!(d.message.as_deref(), o["message"].as_str());
        assert_eq!(shown(d), shown_verbose(o));
    }
    // Concretely: the first replica's totals, 91 + 95 + 100 × 3 + 100 × 2 + 100 × 2 = 886 on node-4.
    assert_eq!(kept[0].nodes.iter().map(|v| v.total()).collect::<Vec<_>>(), [0, 0, 686, 886]);
    assert_eq!(
        kept[3].message.as_deref(),
        Some("0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable, 2 Insufficient cpu.")
    );

    // Saved again: the compact form, which reads back to the same decisions and the same text.
    let again = sim.save();
    let compact = decisions(&again);
    assert_eq!(
        compact[0]["nodes"].to_string(),
        r#"[["node-1",0,["node(s) were unschedulable"]],["node-2",1,["node(s) had untolerated taint {dedicated: gpu}"]],["node-3",[[4,91],[5,95],[1,100],[2,0,0],[6,100,6]]],["node-4",[[4,91],[5,95],[1,100],[2,100,30],[6,100,6]]]]"#
    );
    let restored = Sim::restore(&again).expect("the compact save loads");
    assert_eq!(restored.kube().scheduler.decisions, sim.kube().scheduler.decisions);
    assert_eq!(restored.save(), again);
    assert_eq!(restored.state_hash(), sim.state_hash());
    // The five decisions: 4,277 bytes of JSON before, 1,572 now.
    assert_eq!((serde_json::to_string(&old).unwrap().len(), compact.to_string().len()), (4277, 1572));
}
