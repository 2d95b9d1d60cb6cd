//! `kubectl apply -f -`: decode every document first, then hand all objects to
//! one `Action::Apply`, so a bad document or a refused object changes nothing.
//! Errors carry the line and column of the fault in the manifest.

use crate::{errors, Output};
use podium_engine::kube::manifest::{self, Decoded, ManifestError, ManifestErrorKind};
use podium_engine::{Action, ApiError, Resource, Sim};

pub fn apply(sim: &mut Sim, text: &str, namespace: Option<&str>) -> Output {
    let docs = match manifest::decode(text) {
        Ok(d) => d,
        Err(e) => return Output::fail(manifest_error(&e)),
    };
    if docs.is_empty() {
        return Output::fail(errors::error("no objects passed to apply"));
    }
    if let Some(flag) = namespace {
        for d in &docs {
            let own = d.object.meta().ns();
            let namespaced = Resource::of_kind(d.object.kind()).is_some_and(Resource::namespaced);
            if namespaced && !own.is_empty() && own != flag {
                return Output::fail(errors::error(format!(
                    "the namespace from the provided object \"{own}\" does not match the namespace \"{flag}\". You must pass '--namespace={own}' to perform this operation."
                )));
            }
        }
    }
    let warnings: String = docs
        .iter()
        .flat_map(|d| &d.warnings)
        .map(|w| format!("Warning: {w}\n"))
        .collect();
    let objects = docs.iter().map(|d| d.object.clone()).collect();
    match sim.act(Action::Apply {
        objects,
        namespace: namespace.unwrap_or("default").to_string(),
    }) {
        Ok(outcome) => Output {
            stdout: outcome
                .changes
                .iter()
                .map(|c| format!("{}\n", c.kubectl_line()))
                .collect(),
            stderr: warnings,
            success: true,
        },
        Err(e) => Output {
            stdout: String::new(),
            stderr: warnings + &refusal(&e, text, &docs),
            success: false,
        },
    }
}

/// A refusal of the apply: invalid fields placed in the manifest; other
/// errors in the words of `error when creating "STDIN"`.
fn refusal(e: &ApiError, text: &str, docs: &[Decoded]) -> String {
    match e {
        ApiError::Invalid { kind, name, .. } => {
            let doc = docs
                .iter()
                .find(|d| d.object.kind() == kind && &d.object.meta().name == name);
            errors::print_refusal_located(e, |path| {
                doc.and_then(|d| manifest::locate(text, d.line, path))
            })
        }
        other => format!(
            "Error from server ({}): error when creating \"STDIN\": {other}\n",
            other.reason()
        ),
    }
}

/// A document that could not be read, as kubectl reports it (with the place).
pub fn manifest_error(e: &ManifestError) -> String {
    match &e.kind {
        ManifestErrorKind::Syntax => errors::error(format!("error parsing STDIN: {e}")),
        ManifestErrorKind::MissingKind => {
            let what = if e.message.contains("'Kind'") { "kind not set" } else { "apiVersion not set" };
            errors::error(format!(
                "error validating \"STDIN\": error validating data: {what} (document at line {}); if you choose to ignore these errors, turn validation off with --validate=false",
                e.line
            ))
        }
        // Not kubectl's words (a real cluster would take the object): the playground's own.
        ManifestErrorKind::NotSimulated { .. } => errors::error(format!("{} (document at line {})", e.message, e.line)),
        ManifestErrorKind::UnknownKind { name, namespace, .. } => errors::error(format!(
            "resource mapping not found for name: \"{name}\" namespace: \"{namespace}\" from \"STDIN\": {}\nensure CRDs are installed first",
            e.message
        )),
    }
}
