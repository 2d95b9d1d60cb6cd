//! Metadata shared by every Kubernetes object, with the API's field names so
//! `-o json` / `-o yaml` come out in the real shape.

use super::selector::Requirement;
use crate::clock::SimTime;
use crate::from_value::FromValue;
use crate::to_json::ToJson;
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

fn is_zero(n: &i64) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectMeta {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub generate_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub generation: i64,
    #[serde(skip_serializing_if = "Option::is_none", with = "opt_time")]
    pub creation_timestamp: Option<SimTime>,
    #[serde(skip_serializing_if = "Option::is_none", with = "opt_time")]
    pub deletion_timestamp: Option<SimTime>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: Labels,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owner_references: Vec<OwnerReference>,
    /// Fields only the API server writes, which `kubectl get -o yaml` of a real cluster prints
    /// and a learner may apply again: accepted without a warning (they are known fields) and
    /// not kept. `selfLink` is deprecated (empty since 1.20); `managedFields` is server-side
    /// apply's bookkeeping, which the playground does not model.
    #[serde(skip_serializing)]
    pub self_link: ServerWritten,
    #[serde(skip_serializing)]
    pub managed_fields: ServerWritten,
}

/// A field the API server sets and the playground does not model: any value is accepted and
/// dropped, silently, as the server ignores what a client sends there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerWritten;

impl FromValue for ServerWritten {
    fn from_value(_: crate::from_value::Value, _: &mut crate::from_value::Cx) -> Result<Self, crate::from_value::Error> {
        Ok(ServerWritten)
    }
}

impl ObjectMeta {
    pub fn ns(&self) -> &str {
        self.namespace.as_deref().unwrap_or("")
    }

    /// The owner that manages this object (`controller: true`), if any.
    pub fn controller(&self) -> Option<&OwnerReference> {
        self.owner_references.iter().find(|o| o.controller)
    }
}

/// Every label of `want` is in `labels` with the same value (`want.iter().all(|(k, v)|
/// labels.get(k) == Some(v))`): both maps are in key order, so `labels` is walked once
/// alongside instead of searched from its root for each wanted key.
pub fn has_all(labels: &BTreeMap<String, String>, want: &BTreeMap<String, String>) -> bool {
    let mut have = labels.iter();
    'wanted: for (k, v) in want {
        for (hk, hv) in have.by_ref() {
            match hk.as_str().cmp(k.as_str()) {
                std::cmp::Ordering::Less => continue,
                std::cmp::Ordering::Equal if hv == v => continue 'wanted,
                _ => return false,
            }
        }
        return false;
    }
    true
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    pub controller: bool,
    pub block_owner_deletion: bool,
}

/// `metav1.LabelSelector`: matchLabels and matchExpressions, ANDed.
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelSelector {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: Labels,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

impl LabelSelectorRequirement {
    /// The same term in the `-l` form; `None` for an operator other than
    /// In, NotIn, Exists and DoesNotExist.
    pub fn to_requirement(&self) -> Option<Requirement> {
        let (key, values) = (self.key.clone(), self.values.clone());
        Some(match self.operator.as_str() {
            "In" => Requirement::In(key, values),
            "NotIn" => Requirement::NotIn(key, values),
            "Exists" => Requirement::Exists(key),
            "DoesNotExist" => Requirement::DoesNotExist(key),
            _ => return None,
        })
    }
}

impl LabelSelector {
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// Whether `labels` satisfy every term (an empty selector matches everything,
    /// as in `metav1.LabelSelectorAsSelector`; an unknown operator matches nothing).
    pub fn matches(&self, labels: &Labels) -> bool {
        has_all(labels, &self.match_labels)
            && self.match_expressions.iter().all(|r| r.to_requirement().is_some_and(|r| r.matches(labels)))
    }

    /// The selector written as kubectl shows it (`app=web,tier in (a,b)`).
    pub fn to_string_form(&self) -> String {
        let mut parts: Vec<String> = self.match_labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for r in &self.match_expressions {
            parts.push(match r.to_requirement() {
                Some(req) => req.to_string(),
                None => format!("{} {} ({})", r.key, r.operator, r.values.join(",")),
            });
        }
        parts.join(",")
    }
}

/// `intstr.IntOrString`, as in `maxSurge: 25%` or `targetPort: 8080`.
#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i64),
    String(String),
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

/// Reference to an object, as in an event's `involvedObject`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectReference {
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
}

/// A timestamp of a saved state.
fn parse_time(text: &str) -> Result<SimTime, crate::from_value::Error> {
    SimTime::parse_rfc3339(text).ok_or_else(|| {
        <crate::from_value::Error as crate::from_value::DeError>::custom(format!(
            "invalid timestamp {text:?}: expected the form 2026-01-01T00:01:30Z"
        ))
    })
}

/// `Option<SimTime>` written as RFC 3339, the API's timestamp form.
pub mod opt_time {
    use crate::clock::SimTime;
    use crate::from_value::{Cx, Error, Value};
    use crate::to_json::Writer;

    pub fn to_json(t: &Option<SimTime>, w: &mut Writer) {
        match t {
            Some(t) => w.string(&t.rfc3339()),
            None => w.null(),
        }
    }

    /// Timestamps in a manifest are set by the server, so whatever was sent is dropped,
    /// without a warning: they are known fields, and `kubectl create … --dry-run=client -o yaml`
    /// writes `creationTimestamp: null` into every manifest it makes. A saved state's are kept.
    pub fn from_value(v: Value, cx: &mut Cx) -> Result<Option<SimTime>, Error> {
        if !cx.keep_times() {
            return Ok(None);
        }
        match v {
            Value::Null => Ok(None),
            v => super::parse_time(&crate::from_value::string(v)?).map(Some),
        }
    }
}

/// `SimTime` written as RFC 3339; read back as the simulation's start.
pub mod time {
    use crate::clock::SimTime;
    use crate::from_value::{Cx, Error, Value};
    use crate::to_json::Writer;

    pub fn to_json(t: &SimTime, w: &mut Writer) {
        w.string(&t.rfc3339());
    }

    /// Dropped from a manifest without a warning, as `opt_time` is.
    pub fn from_value(v: Value, cx: &mut Cx) -> Result<SimTime, Error> {
        if !cx.keep_times() {
            return Ok(SimTime(0));
        }
        super::parse_time(&crate::from_value::string(v)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn has_all_walks_the_labels_once_and_answers_as_a_lookup_per_key() {
        let have = labels(&[("app", "web"), ("pod-template-hash", "7d4b9c8f6d"), ("tier", "front")]);
        let cases: [(&[(&str, &str)], bool); 9] = [
            (&[], true),
            (&[("app", "web")], true),
            (&[("app", "web"), ("tier", "front")], true),
            (&[("app", "web"), ("pod-template-hash", "7d4b9c8f6d"), ("tier", "front")], true),
            (&[("app", "db")], false),
            (&[("a", "web")], false),
            (&[("app", "web"), ("tier", "back")], false),
            (&[("tier", "front"), ("zone", "a")], false),
            (&[("app", "web"), ("pod", "x")], false),
        ];
        for (want, expected) in cases {
            let want = labels(want);
            assert_eq!(has_all(&have, &want), expected, "{want:?}");
            assert_eq!(has_all(&have, &want), want.iter().all(|(k, v)| have.get(k) == Some(v)), "{want:?}");
        }
        assert!(!has_all(&labels(&[]), &labels(&[("app", "web")])));
    }

    #[test]
    fn selector_terms_are_anded() {
        let sel = LabelSelector {
            match_labels: labels(&[("app", "web")]),
            match_expressions: vec![LabelSelectorRequirement {
                key: "tier".into(),
                operator: "In".into(),
                values: vec!["front".into(), "edge".into()],
            }],
        };
        assert!(sel.matches(&labels(&[("app", "web"), ("tier", "edge")])));
        assert!(!sel.matches(&labels(&[("app", "web"), ("tier", "back")])));
        assert!(!sel.matches(&labels(&[("tier", "front")])));
        assert!(LabelSelector::default().matches(&labels(&[])));
        assert_eq!(sel.to_string_form(), "app=web,tier in (front,edge)");
    }

    #[test]
    fn expressions_evaluate_as_selector_requirements() {
        let expr = |key: &str, operator: &str, values: &[&str]| LabelSelectorRequirement {
            key: key.into(),
            operator: operator.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        let sel = LabelSelector {
            match_labels: Labels::new(),
            match_expressions: vec![
                expr("env", "NotIn", &["dev"]),
                expr("app", "Exists", &[]),
                expr("canary", "DoesNotExist", &[]),
            ],
        };
        assert_eq!(sel.to_string_form(), "env notin (dev),app,!canary");
        assert!(sel.matches(&labels(&[("app", "web")])));
        assert!(!sel.matches(&labels(&[("app", "web"), ("env", "dev")])));
        assert!(!sel.matches(&labels(&[("app", "web"), ("canary", "1")])));
        let odd = LabelSelector { match_labels: Labels::new(), match_expressions: vec![expr("a", "Gt", &["1"])] };
        assert!(!odd.matches(&labels(&[("a", "2")])));
        assert_eq!(odd.to_string_form(), "a Gt (1)");
    }
}
