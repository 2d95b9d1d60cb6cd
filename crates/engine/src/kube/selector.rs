//! Label selectors in their text form, as `kubectl -l` and a scenario's
//! `kill: {selector: …}` take them (`k8s.io/apimachinery/pkg/labels/selector.go`):
//! `app=web`, `app==web`, `tier!=db`, `app` (has the label), `!canary` (has not),
//! `env in (a,b)`, `env notin (a,b)`; terms separated by commas are ANDed.
//! Keys and values are checked as upstream checks them (`IsQualifiedName`,
//! `IsValidLabelValue`). The object form (`matchLabels`/`matchExpressions`) is
//! [`LabelSelector`](super::meta::LabelSelector), which evaluates through [`Requirement`].
//!
//! Simplifications: no `>`/`<` (gt, lt); `==` is kept as `=`; requirements stay
//! in the written order (upstream sorts them by key); error messages leave out
//! upstream's `(e.g. …, regex used for validation is …)` tails.

use super::meta::Labels;
use super::validation::is_dns1123_subdomain;
use std::fmt;

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
    pub fn key(&self) -> &str {
        match self {
            Requirement::Equals(k, _)
            | Requirement::NotEquals(k, _)
            | Requirement::In(k, _)
            | Requirement::NotIn(k, _)
            | Requirement::Exists(k)
            | Requirement::DoesNotExist(k) => k,
        }
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        match self {
            Requirement::Equals(k, v) => labels.get(k) == Some(v),
            // As upstream: `!=` and `notin` also match objects without the label.
            Requirement::NotEquals(k, v) => labels.get(k) != Some(v),
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => !labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
        }
    }
}

/// As upstream's `Requirement.String()`: `k=v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`.
impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Equals(k, v) => write!(f, "{k}={v}"),
            Requirement::NotEquals(k, v) => write!(f, "{k}!={v}"),
            Requirement::In(k, vs) => write!(f, "{k} in ({})", vs.join(",")),
            Requirement::NotIn(k, vs) => write!(f, "{k} notin ({})", vs.join(",")),
            Requirement::Exists(k) => write!(f, "{k}"),
            Requirement::DoesNotExist(k) => write!(f, "!{k}"),
        }
    }
}

/// Requirements ANDed together; the empty selector (the default) matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    pub requirements: Vec<Requirement>,
}

impl Selector {
    /// Parses the `-l` form; the errors read like kubectl's.
    pub fn parse(text: &str) -> Result<Selector, String> {
        if text.trim().is_empty() {
            return Ok(Selector::default());
        }
        let requirements = split_terms(text)?
            .into_iter()
            .map(|term| match term.trim() {
                "" => Err(format!("unable to parse requirement: found '', expected: identifier (in {text:?})")),
                t => parse_term(t),
            })
            .collect::<Result<_, _>>()?;
        Ok(Selector { requirements })
    }

    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }
}

/// The requirements joined by commas, as upstream's `Selector.String()`.
impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

/// Splits at the commas outside parentheses; refuses unbalanced parentheses.
fn split_terms(text: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0u32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => {
                return Err(format!("found ')', expected: ',' or 'end of string' (in {text:?})"));
            }
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth > 0 {
        return Err(format!("unable to parse requirement: found '', expected: ',' or ')' (in {text:?})"));
    }
    out.push(&text[start..]);
    Ok(out)
}

/// One trimmed, non-empty term.
fn parse_term(t: &str) -> Result<Requirement, String> {
    if let Some(k) = t.strip_prefix('!') {
        return Ok(Requirement::DoesNotExist(key(k)?));
    }
    if let Some((k, v)) = t.split_once("!=") {
        return Ok(Requirement::NotEquals(key(k)?, value(v)?));
    }
    if let Some((k, v)) = t.split_once("==").or_else(|| t.split_once('=')) {
        return Ok(Requirement::Equals(key(k)?, value(v)?));
    }
    let Some((k, rest)) = t.split_once(char::is_whitespace) else {
        return Ok(Requirement::Exists(key(t)?));
    };
    let k = key(k)?;
    let rest = rest.trim_start();
    let (op, list) = rest.split_at(rest.find(|c: char| c.is_whitespace() || c == '(').unwrap_or(rest.len()));
    match op {
        "in" => Ok(Requirement::In(k, values(list, t)?)),
        "notin" => Ok(Requirement::NotIn(k, values(list, t)?)),
        _ => {
            let op = if op.is_empty() { &rest[..1] } else { op };
            Err(format!("unable to parse requirement: found '{op}', expected: in, notin, =, ==, !=, gt, lt"))
        }
    }
}

/// `(a,b)` after `in`/`notin`; `()` is the set of the empty value, as upstream.
fn values(list: &str, term: &str) -> Result<Vec<String>, String> {
    let list = list.trim();
    let Some(inner) = list.strip_prefix('(') else {
        let found = list.split_whitespace().next().unwrap_or("");
        return Err(format!("unable to parse requirement: found '{found}', expected: '(' (in {term:?})"));
    };
    // Parentheses are balanced (see `split_terms`), so there is a `)`.
    let (inner, after) = inner.split_once(')').unwrap_or((inner, ""));
    if !after.trim().is_empty() {
        return Err(format!("found '{}', expected: ',' or 'end of string' (in {term:?})", after.trim()));
    }
    inner.split(',').map(value).collect()
}

const NAME_RULE: &str =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/// `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`: a key's name part, and a non-empty value.
fn is_name(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.ends_with(|c: char| c.is_ascii_alphanumeric())
}

/// Upstream's `IsQualifiedName`: `[prefix/]name`, the prefix a DNS subdomain, the name at most 63 characters.
fn key_errors(k: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let name = match k.split('/').collect::<Vec<_>>()[..] {
        [name] => name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else if prefix.len() > 253 {
                errs.push("prefix part must be no more than 253 characters".to_string());
            } else if !is_dns1123_subdomain(prefix) {
                errs.push("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character".to_string());
            }
            name
        }
        _ => {
            return vec![format!(
                "a qualified name {NAME_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            )]
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 characters".to_string());
    }
    if !is_name(name) {
        errs.push(format!("name part {NAME_RULE}"));
    }
    errs
}

fn key(k: &str) -> Result<String, String> {
    let k = k.trim();
    match key_errors(k) {
        errs if errs.is_empty() => Ok(k.to_string()),
        errs => Err(format!("unable to parse requirement: invalid label key {k:?}: {}", errs.join("; "))),
    }
}

/// Upstream's `IsValidLabelValue`: empty, or a name of at most 63 characters.
fn value(v: &str) -> Result<String, String> {
    let v = v.trim();
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !v.is_empty() && !is_name(v) {
        errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character".to_string());
    }
    if errs.is_empty() {
        Ok(v.to_string())
    } else {
        Err(format!("unable to parse requirement: invalid label value: {v:?}: {}", errs.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn parse(s: &str) -> Selector {
        Selector::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[test]
    fn every_operator() {
        let l = labels(&[("app", "web"), ("tier", "front")]);
        for (sel, want) in [
            ("app=web", true),
            ("app==web", true),
            ("app!=web", false),
            ("app!=api", true),
            ("zone!=a", true),
            ("app=api", false),
            ("app in (api, web)", true),
            ("app in (api)", false),
            ("zone in (a)", false),
            ("app notin (api,web)", false),
            ("app notin (api)", true),
            ("zone notin (a)", true),
            ("tier", true),
            ("zone", false),
            ("!tier", false),
            ("!zone", true),
            ("", true),
            ("  ", true),
        ] {
            assert_eq!(parse(sel).matches(&l), want, "{sel}");
        }
    }

    #[test]
    fn terms_are_anded() {
        let s = parse("app=web, tier!=db");
        assert!(s.matches(&labels(&[("app", "web")])));
        assert!(s.matches(&labels(&[("app", "web"), ("tier", "front")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("tier", "db")])));
        assert!(!s.matches(&labels(&[("app", "api")])));

        let s = parse("env in (prod, staging),!canary,app");
        assert_eq!(s.requirements.len(), 3);
        assert!(s.matches(&labels(&[("env", "prod"), ("app", "x")])));
        assert!(!s.matches(&labels(&[("env", "dev"), ("app", "x")])));
        assert!(!s.matches(&labels(&[("env", "prod"), ("app", "x"), ("canary", "1")])));
        assert!(!parse("app=web,tier=back").matches(&labels(&[("app", "web"), ("tier", "front")])));
    }

    #[test]
    fn whitespace_is_ignored_around_tokens() {
        let want = vec![
            Requirement::Equals("app".into(), "web".into()),
            Requirement::In("env".into(), vec!["a".into(), "b".into()]),
            Requirement::NotIn("tier".into(), vec!["db".into()]),
            Requirement::DoesNotExist("canary".into()),
        ];
        for text in [
            "app=web,env in (a,b),tier notin (db),!canary",
            "  app = web ,  env   in  ( a , b ) ,\ttier\tnotin(db), ! canary  ",
        ] {
            assert_eq!(parse(text).requirements, want, "{text:?}");
        }
    }

    #[test]
    fn empty_values_are_values() {
        assert_eq!(parse("app=").requirements, vec![Requirement::Equals("app".into(), String::new())]);
        assert!(parse("app=").matches(&labels(&[("app", "")])));
        assert_eq!(parse("app in ()").requirements, vec![Requirement::In("app".into(), vec![String::new()])]);
        assert_eq!(parse("example.com/app=web").requirements[0].key(), "example.com/app");
    }

    #[test]
    fn display_writes_the_requirements_back() {
        let s = parse("app==web, tier != db,env in (a, b),x notin (y),has,!not");
        assert_eq!(s.to_string(), "app=web,tier!=db,env in (a,b),x notin (y),has,!not");
        assert_eq!(parse(&s.to_string()), s);
        assert_eq!(Selector::default().to_string(), "");
    }

    #[test]
    fn bad_selectors_are_refused() {
        for bad in [
            "app in web",
            "env in (a",
            "env in (a))",
            "app)",
            "env in (a) b",
            "app=we b!",
            "app=we b",
            "app>web",
            "x ~ y",
            "app=web,",
            "a=b,,c=d",
            ",app",
            "=web",
            "!",
            "-app=web",
            "a/b/c=d",
            "/app",
            "Example.com/app",
            "app=(web)",
        ] {
            assert!(Selector::parse(bad).is_err(), "{bad}");
        }
        let long = "a".repeat(64);
        assert!(Selector::parse(&long).is_err());
        assert!(Selector::parse(&format!("app={long}")).is_err());
        assert!(Selector::parse(&"a".repeat(63)).is_ok());
    }

    #[test]
    fn errors_read_like_kubectl() {
        let err = |s: &str| Selector::parse(s).unwrap_err();
        assert_eq!(err("app in web"), "unable to parse requirement: found 'web', expected: '(' (in \"app in web\")");
        assert_eq!(err("app=web,"), "unable to parse requirement: found '', expected: identifier (in \"app=web,\")");
        assert_eq!(err("x ~ y"), "unable to parse requirement: found '~', expected: in, notin, =, ==, !=, gt, lt");
        assert_eq!(err("x (y)"), "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
        assert_eq!(err("env in (a"), "unable to parse requirement: found '', expected: ',' or ')' (in \"env in (a\")");
        assert_eq!(err("app)"), "found ')', expected: ',' or 'end of string' (in \"app)\")");
        assert_eq!(
            err("-app"),
            "unable to parse requirement: invalid label key \"-app\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
        );
        assert_eq!(
            err("/app"),
            "unable to parse requirement: invalid label key \"/app\": prefix part must be non-empty"
        );
        assert_eq!(
            err(&"a".repeat(64)),
            format!(
                "unable to parse requirement: invalid label key \"{}\": name part must be no more than 63 characters",
                "a".repeat(64)
            )
        );
        assert_eq!(
            err("app=we b"),
            "unable to parse requirement: invalid label value: \"we b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
        );
    }
}
