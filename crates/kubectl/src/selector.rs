//! Label selectors as `-l` takes them (`k8s.io/apimachinery/pkg/labels`):
//! `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`; commas AND.

use podium_engine::kube::meta::Labels;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

impl Requirement {
    fn matches(&self, labels: &Labels) -> bool {
        match self {
            Requirement::Equals(k, v) => labels.get(k) == Some(v),
            Requirement::NotEquals(k, v) => labels.get(k) != Some(v),
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => !labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
        }
    }
}

/// Requirements ANDed together; empty matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector(pub Vec<Requirement>);

impl Selector {
    pub fn matches(&self, labels: &Labels) -> bool {
        self.0.iter().all(|r| r.matches(labels))
    }

    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut reqs = Vec::new();
        for term in split_terms(text) {
            let t = term.trim();
            if t.is_empty() {
                if text.trim().is_empty() {
                    continue;
                }
                return Err(format!(
                    "unable to parse requirement: found '', expected: identifier (in {text:?})"
                ));
            }
            reqs.push(parse_term(t)?);
        }
        Ok(Selector(reqs))
    }
}

/// Splits on commas that are not inside parentheses.
fn split_terms(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        out.last_mut().expect("never empty").push(c);
    }
    out
}

fn valid_key(k: &str) -> bool {
    let name = k.rsplit('/').next().unwrap_or(k);
    !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
        && (k == name || k.split_once('/').is_some_and(|(p, _)| !p.is_empty()))
}

fn valid_value(v: &str) -> bool {
    v.is_empty()
        || (v.len() <= 63
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && v.starts_with(|c: char| c.is_ascii_alphanumeric())
            && v.ends_with(|c: char| c.is_ascii_alphanumeric()))
}

fn key(k: &str) -> Result<String, String> {
    let k = k.trim();
    if valid_key(k) {
        Ok(k.to_string())
    } else {
        Err(format!("unable to parse requirement: invalid label key \"{k}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"))
    }
}

fn val(v: &str) -> Result<String, String> {
    let v = v.trim();
    if valid_value(v) {
        Ok(v.to_string())
    } else {
        Err(format!("unable to parse requirement: invalid label value: \"{v}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"))
    }
}

fn set(rest: &str, whole: &str) -> Result<Vec<String>, String> {
    let inner = rest
        .trim()
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(|| {
            format!(
                "unable to parse requirement: found '{}', expected: '(' (in {whole:?})",
                rest.trim()
            )
        })?;
    inner.split(',').map(val).collect()
}

fn parse_term(t: &str) -> Result<Requirement, String> {
    if let Some(k) = t.strip_prefix('!') {
        return Ok(Requirement::DoesNotExist(key(k)?));
    }
    if let Some((k, v)) = t.split_once("!=") {
        return Ok(Requirement::NotEquals(key(k)?, val(v)?));
    }
    if let Some((k, v)) = t.split_once("==") {
        return Ok(Requirement::Equals(key(k)?, val(v)?));
    }
    if let Some((k, v)) = t.split_once('=') {
        return Ok(Requirement::Equals(key(k)?, val(v)?));
    }
    let mut words = t.splitn(2, char::is_whitespace);
    let k = words.next().unwrap_or("");
    match words.next().map(str::trim_start) {
        None => Ok(Requirement::Exists(key(k)?)),
        Some(rest) => {
            if let Some(r) = rest.strip_prefix("notin") {
                Ok(Requirement::NotIn(key(k)?, set(r, t)?))
            } else if let Some(r) = rest.strip_prefix("in") {
                Ok(Requirement::In(key(k)?, set(r, t)?))
            } else {
                let op = rest.split_whitespace().next().unwrap_or(rest);
                Err(format!("unable to parse requirement: found '{op}', expected: in, notin, =, ==, !=, gt, lt"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_operator() {
        let l = labels(&[("app", "web"), ("tier", "front")]);
        for (sel, want) in [
            ("app=web", true),
            ("app==web", true),
            ("app!=web", false),
            ("app=api", false),
            ("app in (api, web)", true),
            ("app notin (api,web)", false),
            ("tier", true),
            ("!tier", false),
            ("!zone", true),
            ("app=web,tier=back", false),
            ("app=web,tier in (front)", true),
            ("", true),
        ] {
            assert_eq!(Selector::parse(sel).unwrap().matches(&l), want, "{sel}");
        }
    }

    #[test]
    fn bad_selectors_are_refused() {
        assert!(Selector::parse("app in web").is_err());
        assert!(Selector::parse("app=we b!").is_err());
        assert!(Selector::parse("app>web").is_err());
        assert!(Selector::parse("app=web,").is_err());
    }
}
