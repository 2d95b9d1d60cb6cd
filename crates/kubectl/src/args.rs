//! Command-line splitting (shell quoting through `shlex`) and flag parsing in
//! the manner of cobra/pflag: `-n ns`, `-nns`, `-n=ns`, `--namespace ns`,
//! `--namespace=ns`, `-ojson`, boolean flags with optional `=true|false`, and
//! `--` to end the flags.

use std::collections::BTreeMap;

/// A flag kubectl accepts: long name, optional one-letter shorthand, whether it takes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
}

const fn value(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec {
        long,
        short,
        takes_value: true,
    }
}

const fn switch(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec {
        long,
        short,
        takes_value: false,
    }
}

/// Flags every command takes.
pub const GLOBAL_FLAGS: &[FlagSpec] = &[value("namespace", Some('n')), switch("help", Some('h'))];

const GET_FLAGS: &[FlagSpec] = &[
    switch("all-namespaces", Some('A')),
    value("selector", Some('l')),
    value("output", Some('o')),
    switch("show-labels", None),
    switch("no-headers", None),
    switch("show-kind", None),
    switch("ignore-not-found", None),
    switch("watch", Some('w')),
    switch("watch-only", None),
    value("sort-by", None),
    value("label-columns", Some('L')),
];
const DESCRIBE_FLAGS: &[FlagSpec] = &[
    switch("all-namespaces", Some('A')),
    value("selector", Some('l')),
    switch("show-events", None),
];
const DELETE_FLAGS: &[FlagSpec] = &[
    switch("all-namespaces", Some('A')),
    value("selector", Some('l')),
    switch("all", None),
    switch("now", None),
    switch("force", None),
    value("grace-period", None),
    switch("wait", None),
    switch("ignore-not-found", None),
    value("filename", Some('f')),
    value("output", Some('o')),
];
const SCALE_FLAGS: &[FlagSpec] = &[
    value("replicas", None),
    value("selector", Some('l')),
    switch("all", None),
    value("current-replicas", None),
    value("output", Some('o')),
];
const CREATE_FLAGS: &[FlagSpec] = &[
    value("filename", Some('f')),
    value("output", Some('o')),
    value("image", None),
    value("replicas", Some('r')),
    value("port", None),
    value("from-literal", None),
    value("type", None),
    value("schedule", None),
    value("restart", None),
];
const RUN_FLAGS: &[FlagSpec] = &[value("image", None), value("restart", None), value("labels", Some('l')), value("port", None)];
const APPLY_FLAGS: &[FlagSpec] = &[value("filename", Some('f')), value("output", Some('o'))];
// Rollouts (rollout.rs) and node verbs (node_verbs.rs).
const SET_FLAGS: &[FlagSpec] = &[switch("all", None), value("selector", Some('l'))];
const ROLLOUT_FLAGS: &[FlagSpec] = &[
    value("revision", None),
    value("to-revision", None),
    switch("watch", Some('w')),
    value("timeout", None),
];
const CORDON_FLAGS: &[FlagSpec] = &[value("selector", Some('l'))];
const DRAIN_FLAGS: &[FlagSpec] = &[
    switch("ignore-daemonsets", None),
    switch("delete-emptydir-data", None),
    switch("force", None),
    value("grace-period", None),
    value("timeout", None),
    value("selector", Some('l')),
];
const TAINT_FLAGS: &[FlagSpec] = &[switch("overwrite", None), switch("all", None), value("selector", Some('l'))];
// label, annotate, expose (metadata_verbs.rs).
const LABEL_FLAGS: &[FlagSpec] = &[switch("overwrite", None), value("output", Some('o'))];
const EXPOSE_FLAGS: &[FlagSpec] = &[
    value("port", None),
    value("target-port", None),
    value("type", None),
    value("name", None),
    value("protocol", None),
];

// autoscale (autoscale.rs).
const AUTOSCALE_FLAGS: &[FlagSpec] = &[value("min", None), value("max", None), value("cpu-percent", None), value("name", None)];

// logs (logs.rs).
const LOGS_FLAGS: &[FlagSpec] = &[value("container", Some('c')), switch("previous", Some('p')), value("tail", None)];

/// Flags of each verb, besides the global ones.
pub fn verb_flags(verb: &str) -> &'static [FlagSpec] {
    match verb {
        "get" => GET_FLAGS,
        "describe" => DESCRIBE_FLAGS,
        "delete" => DELETE_FLAGS,
        "scale" => SCALE_FLAGS,
        "create" => CREATE_FLAGS,
        "apply" => APPLY_FLAGS,
        "set" => SET_FLAGS,
        "rollout" => ROLLOUT_FLAGS,
        "cordon" | "uncordon" => CORDON_FLAGS,
        "drain" => DRAIN_FLAGS,
        "taint" => TAINT_FLAGS,
        "label" | "annotate" => LABEL_FLAGS,
        "expose" => EXPOSE_FLAGS,
        "autoscale" => AUTOSCALE_FLAGS,
        "logs" => LOGS_FLAGS,
        "run" => RUN_FLAGS,
        _ => &[],
    }
}

/// Flags whose value may be given again (`-f a.yaml -f b.yaml`).
const REPEATABLE: &[&str] = &["filename", "from-literal"];

/// A parsed command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Command {
    pub verb: String,
    /// Words that are not flags, after the verb.
    pub args: Vec<String>,
    /// Flag values by long name; switches hold `"true"` or `"false"`.
    pub flags: BTreeMap<String, Vec<String>>,
}

impl Command {
    pub fn value(&self, long: &str) -> Option<&str> {
        self.flags
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    pub fn values(&self, long: &str) -> &[String] {
        self.flags.get(long).map_or(&[], Vec::as_slice)
    }

    pub fn switch(&self, long: &str) -> bool {
        self.value(long) == Some("true")
    }

    pub fn has(&self, long: &str) -> bool {
        self.flags.contains_key(long)
    }
}

/// Why a command line could not be read; the text is kubectl's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    /// Quotes that do not close.
    Quoting,
    /// Nothing but `kubectl`.
    Empty,
    /// A flag problem, as pflag words it (`unknown flag: --bogus`), for `verb`.
    Flag { verb: String, message: String },
}

/// Splits a command line into words, dropping a leading `kubectl`.
pub fn split(line: &str) -> Result<Vec<String>, ArgError> {
    let mut words = shlex::split(line).ok_or(ArgError::Quoting)?;
    if words.first().is_some_and(|w| w == "kubectl" || w == "k") {
        words.remove(0);
    }
    Ok(words)
}

/// Finds the verb (the first word that is not a flag or a global flag's value).
fn find_verb(words: &[String]) -> Option<usize> {
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w == "--" {
            return (i + 1 < words.len()).then_some(i + 1);
        }
        if !w.starts_with('-') || w == "-" {
            return Some(i);
        }
        // A global value flag written apart from its value consumes the next word.
        if w == "-n" || w == "--namespace" {
            i += 1;
        }
        i += 1;
    }
    None
}

/// The verb of a split command line, if there is one.
pub fn verb_of(words: &[String]) -> Option<String> {
    find_verb(words).map(|i| words[i].clone())
}

/// Parses words (already split) into a verb, its arguments and its flags.
pub fn parse(words: &[String]) -> Result<Command, ArgError> {
    let Some(vi) = find_verb(words) else {
        if words.iter().any(|w| w == "-h" || w == "--help") {
            return Ok(Command {
                verb: "help".into(),
                ..Default::default()
            });
        }
        return Err(ArgError::Empty);
    };
    let verb = words[vi].clone();
    let specs: Vec<FlagSpec> = GLOBAL_FLAGS
        .iter()
        .chain(verb_flags(&verb))
        .copied()
        .collect();
    let mut cmd = Command {
        verb: verb.clone(),
        ..Default::default()
    };
    let flag_err = |message: String| ArgError::Flag {
        verb: verb.clone(),
        message,
    };
    let mut i = 0;
    let mut only_args = false;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if i - 1 == vi {
            continue;
        }
        if only_args || !w.starts_with('-') || w == "-" {
            cmd.args.push(w.clone());
            continue;
        }
        if w == "--" {
            only_args = true;
            continue;
        }
        let (spec, inline, shown) = if let Some(long) = w.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let spec = specs
                .iter()
                .find(|s| s.long == name)
                .ok_or_else(|| flag_err(format!("unknown flag: --{name}")))?;
            (*spec, inline, format!("--{name}"))
        } else {
            let body = &w[1..];
            let c = body.chars().next().expect("flag has a letter");
            let rest = &body[c.len_utf8()..];
            let spec = specs
                .iter()
                .find(|s| s.short == Some(c))
                .ok_or_else(|| flag_err(format!("unknown shorthand flag: '{c}' in {w}")))?;
            let inline = if rest.is_empty() {
                None
            } else if spec.takes_value {
                Some(rest.strip_prefix('=').unwrap_or(rest).to_string())
            } else if let Some(v) = rest.strip_prefix('=') {
                Some(v.to_string())
            } else {
                // Combined switches (`-Aw`) are rare in kubectl use; pflag would read them one by one.
                let next = rest.chars().next().expect("rest is not empty");
                if !specs
                    .iter()
                    .any(|s| s.short == Some(next) && !s.takes_value)
                {
                    return Err(flag_err(format!("unknown shorthand flag: '{next}' in {w}")));
                }
                for ch in body.chars() {
                    let s = specs.iter().find(|s| s.short == Some(ch) && !s.takes_value);
                    let Some(s) = s else {
                        return Err(flag_err(format!("unknown shorthand flag: '{ch}' in {w}")));
                    };
                    cmd.flags.insert(s.long.to_string(), vec!["true".into()]);
                }
                continue;
            };
            (*spec, inline, format!("'{c}' in {w}"))
        };
        let val = if spec.takes_value {
            match inline {
                Some(v) => v,
                None if i < words.len() => {
                    i += 1;
                    words[i - 1].clone()
                }
                None => return Err(flag_err(format!("flag needs an argument: {shown}"))),
            }
        } else {
            match inline.as_deref() {
                None | Some("true") | Some("1") | Some("t") | Some("T") | Some("TRUE") | Some("True") => "true".into(),
                Some("false") | Some("0") | Some("f") | Some("F") | Some("FALSE") | Some("False") => "false".into(),
                Some(v) => {
                    return Err(flag_err(format!(
                        "invalid argument \"{v}\" for \"{}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax",
                        match spec.short {
                            Some(s) => format!("-{s}, --{}", spec.long),
                            None => format!("--{}", spec.long),
                        }
                    )))
                }
            }
        };
        let entry = cmd.flags.entry(spec.long.to_string()).or_default();
        if REPEATABLE.contains(&spec.long) {
            entry.push(val);
        } else {
            *entry = vec![val];
        }
    }
    Ok(cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Command {
        parse(&split(line).unwrap()).unwrap()
    }

    #[test]
    fn flags_in_every_spelling() {
        for line in [
            "get pods -n shop",
            "get pods --namespace shop",
            "get pods --namespace=shop",
            "get pods -nshop",
            "-n shop get pods",
            "kubectl get -n=shop pods",
        ] {
            let c = p(line);
            assert_eq!(
                (c.verb.as_str(), c.args.clone(), c.value("namespace")),
                ("get", vec!["pods".to_string()], Some("shop")),
                "{line}"
            );
        }
        assert_eq!(p("get pods -ojson").value("output"), Some("json"));
        assert_eq!(p("get pods -o=json").value("output"), Some("json"));
        assert_eq!(
            p("get pods -o jsonpath='{.items[*].metadata.name}'").value("output"),
            Some("jsonpath={.items[*].metadata.name}")
        );
        assert!(p("get pods -A").switch("all-namespaces"));
        assert!(!p("get pods --all-namespaces=false").switch("all-namespaces"));
        assert_eq!(
            p("get pods -l 'app in (a,b)'").value("selector"),
            Some("app in (a,b)")
        );
    }

    #[test]
    fn flag_errors_read_like_pflag() {
        let e = |line: &str| parse(&split(line).unwrap()).unwrap_err();
        assert_eq!(
            e("get pods --bogus"),
            ArgError::Flag {
                verb: "get".into(),
                message: "unknown flag: --bogus".into()
            }
        );
        assert_eq!(
            e("get pods -x"),
            ArgError::Flag {
                verb: "get".into(),
                message: "unknown shorthand flag: 'x' in -x".into()
            }
        );
        assert_eq!(
            e("get pods -n"),
            ArgError::Flag {
                verb: "get".into(),
                message: "flag needs an argument: 'n' in -n".into()
            }
        );
        assert_eq!(
            e("get pods --selector"),
            ArgError::Flag {
                verb: "get".into(),
                message: "flag needs an argument: --selector".into()
            }
        );
        assert_eq!(
            e("describe pods -o json"),
            ArgError::Flag {
                verb: "describe".into(),
                message: "unknown shorthand flag: 'o' in -o".into()
            }
        );
        assert_eq!(parse(&split("kubectl").unwrap()), Err(ArgError::Empty));
        assert_eq!(split("get pods -l 'app=web"), Err(ArgError::Quoting));
    }
}
