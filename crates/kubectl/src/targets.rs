//! What a command names: `pods`, `pods a b`, `deploy,rs`, `deploy/web svc/web`,
//! resolved to resources and names the way kubectl's resource builder does.

use crate::errors;
use podium_engine::Resource;

/// Resources with the names asked for (empty: all of them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Targets {
    pub groups: Vec<(Resource, Vec<String>)>,
    /// More than one kind was asked for, so tables name objects `kind/name`.
    pub several_kinds: bool,
}

impl Targets {
    pub fn named(&self) -> bool {
        self.groups.iter().any(|(_, n)| !n.is_empty())
    }

    pub fn name_count(&self) -> usize {
        self.groups.iter().map(|(_, n)| n.len()).sum()
    }
}

/// The kinds `all` stands for (those of them the playground has).
const RESOURCE_NAME_FORM: &str = "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

const ALL: [Resource; 4] = [
    Resource::Pod,
    Resource::Service,
    Resource::Deployment,
    Resource::ReplicaSet,
];

fn resource(word: &str, allow_all: bool) -> Result<Vec<Resource>, String> {
    if allow_all && word.eq_ignore_ascii_case("all") {
        return Ok(ALL.to_vec());
    }
    Resource::parse(word)
        .map(|r| vec![r])
        .ok_or_else(|| errors::unknown_resource(word))
}

/// Reads the arguments after the verb; `allow_all` lets `all` stand for the
/// common workload kinds (as `kubectl get all`).
pub fn parse(args: &[String], allow_all: bool) -> Result<Targets, String> {
    let Some(first) = args.first() else {
        return Err(String::new());
    };
    let mut groups: Vec<(Resource, Vec<String>)> = Vec::new();
    if first.contains('/') {
        for a in args {
            let Some((kind, name)) = a.split_once('/') else {
                return Err(errors::error(RESOURCE_NAME_FORM));
            };
            if name.is_empty() {
                return Err(errors::error("arguments in resource/name form must have a single resource and name"));
            }
            let r = Resource::parse(kind).ok_or_else(|| errors::unknown_resource(kind))?;
            match groups.last_mut() {
                Some((last, names)) if *last == r => names.push(name.to_string()),
                _ => groups.push((r, vec![name.to_string()])),
            }
        }
        let mut kinds: Vec<Resource> = groups.iter().map(|(r, _)| *r).collect();
        podium_engine::sorting::sort(&mut kinds);
        kinds.dedup();
        return Ok(Targets {
            several_kinds: kinds.len() > 1,
            groups,
        });
    }
    let names: Vec<String> = args[1..].to_vec();
    if names.iter().any(|n| n.contains('/')) {
        return Err(errors::error(RESOURCE_NAME_FORM));
    }
    let words: Vec<&str> = first.split(',').filter(|w| !w.is_empty()).collect();
    let mut several = words.len() > 1;
    for w in &words {
        let rs = resource(w, allow_all)?;
        several |= rs.len() > 1;
        for r in rs {
            if !groups.iter().any(|(g, _)| *g == r) {
                groups.push((r, names.clone()));
            }
        }
    }
    if groups.is_empty() {
        return Err(errors::unknown_resource(first));
    }
    Ok(Targets {
        groups,
        several_kinds: several,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn kinds_names_and_slashes() {
        let t = parse(&words("pods a b"), false).unwrap();
        assert_eq!(
            t.groups,
            vec![(Resource::Pod, vec!["a".to_string(), "b".to_string()])]
        );
        assert!(!t.several_kinds);
        let t = parse(&words("deploy,rs"), false).unwrap();
        assert_eq!(
            t.groups,
            vec![
                (Resource::Deployment, vec![]),
                (Resource::ReplicaSet, vec![])
            ]
        );
        assert!(t.several_kinds);
        let t = parse(&words("deploy/web svc/web"), false).unwrap();
        assert_eq!(
            t.groups,
            vec![
                (Resource::Deployment, vec!["web".to_string()]),
                (Resource::Service, vec!["web".to_string()])
            ]
        );
        assert_eq!(
            parse(&words("widgets"), false).unwrap_err(),
            "error: the server doesn't have a resource type \"widgets\"\n"
        );
        assert!(parse(&words("pods deploy/web"), false).is_err());
        assert_eq!(parse(&words("all"), true).unwrap().groups.len(), 4);
    }
}
