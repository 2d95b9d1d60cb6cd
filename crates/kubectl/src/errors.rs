//! Error texts in kubectl's words (`cmdutil.CheckErr` and cobra), so the
//! runner, the tests and the board print refusals identically.

use crate::args::ArgError;
use podium_engine::kube::validation::FieldError;
use podium_engine::ApiError;

/// An API refusal as kubectl prints it, newline included:
/// `Error from server (NotFound): deployments.apps "web" not found`, or for
/// Invalid just `The Deployment "web" is invalid: ...` (several causes one per
/// line after `* `).
pub fn print_refusal(err: &ApiError) -> String {
    print_refusal_located(err, |_| None)
}

/// Like [`print_refusal`], appending ` (line L, column C)` to each invalid
/// field that `locate` can place in the manifest.
pub fn print_refusal_located(
    err: &ApiError,
    locate: impl Fn(&str) -> Option<(usize, usize)>,
) -> String {
    match err {
        ApiError::Invalid { kind, name, causes } => {
            let cause = |c: &FieldError| match locate(&c.path) {
                Some((l, col)) => format!("{c} (line {l}, column {col})"),
                None => c.to_string(),
            };
            let prefix = format!("The {kind} \"{name}\" is invalid: ");
            match causes.as_slice() {
                [] => format!("{prefix}\n"),
                [one] => format!("{prefix}{}\n", cause(one)),
                many => {
                    let mut s = format!("{prefix}\n");
                    for c in many {
                        s.push_str(&format!("* {}\n", cause(c)));
                    }
                    s
                }
            }
        }
        other => format!("Error from server ({}): {other}\n", other.reason()),
    }
}

/// `error: ...` with the newline.
pub fn error(msg: impl AsRef<str>) -> String {
    format!("error: {}\n", msg.as_ref())
}

/// A flag problem, with cobra's pointer to help.
pub fn flag_error(verb: &str, message: &str) -> String {
    format!("error: {message}\nSee 'kubectl {verb} --help' for usage.\n")
}

pub fn arg_error(e: &ArgError) -> String {
    match e {
        ArgError::Quoting => {
            error("unable to parse the command line: a quotation mark is not closed")
        }
        ArgError::Empty => crate::help::usage(),
        ArgError::Flag { verb, message } => flag_error(verb, message),
    }
}

/// `error: the server doesn't have a resource type "widgets"`.
pub fn unknown_resource(word: &str) -> String {
    error(format!(
        "the server doesn't have a resource type \"{word}\""
    ))
}

/// Cobra's answer to a verb it does not know, with suggestions within two edits.
pub fn unknown_command(verb: &str, known: &[&str]) -> String {
    let mut s = format!("error: unknown command \"{verb}\" for \"kubectl\"\n");
    let suggestions: Vec<&&str> = known
        .iter()
        .filter(|k| {
            levenshtein(&verb.to_lowercase(), k) <= 2 || k.starts_with(&verb.to_lowercase())
        })
        .collect();
    if !suggestions.is_empty() {
        s.push_str("\nDid you mean this?\n");
        for k in suggestions {
            s.push_str(&format!("\t{k}\n"));
        }
    }
    s.push_str("\nRun 'kubectl --help' for usage.\n");
    s
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use podium_engine::Resource;

    #[test]
    fn refusals_read_like_kubectl() {
        let e = ApiError::NotFound {
            resource: Resource::Deployment,
            name: "web".into(),
        };
        assert_eq!(
            print_refusal(&e),
            "Error from server (NotFound): deployments.apps \"web\" not found\n"
        );
        let e = ApiError::AlreadyExists {
            resource: Resource::Namespace,
            name: "shop".into(),
        };
        assert_eq!(
            print_refusal(&e),
            "Error from server (AlreadyExists): namespaces \"shop\" already exists\n"
        );
        let causes = vec![
            FieldError {
                path: "spec.selector".into(),
                detail: "Required value".into(),
            },
            FieldError {
                path: "spec.replicas".into(),
                detail: "Invalid value: -1: must be greater than or equal to 0".into(),
            },
        ];
        let e = ApiError::Invalid {
            kind: "Deployment".into(),
            name: "web".into(),
            causes,
        };
        assert_eq!(
            print_refusal(&e),
            "The Deployment \"web\" is invalid: \n* spec.selector: Required value\n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"
        );
    }

    #[test]
    fn unknown_commands_suggest_close_ones() {
        assert_eq!(unknown_command("gte", &["get", "describe"]), "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget\n\nRun 'kubectl --help' for usage.\n");
        assert_eq!(unknown_command("frobnicate", &["get"]), "error: unknown command \"frobnicate\" for \"kubectl\"\n\nRun 'kubectl --help' for usage.\n");
    }
}
