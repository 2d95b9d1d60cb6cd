//! `-o` formats other than tables: `name`, `json`, `yaml`, `jsonpath=...`,
//! `custom-columns=...`, each over one object or a `List`.

use crate::errors;
use crate::jsonpath::{self, Template};
use crate::objects::Obj;
use crate::table;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum Format {
    Table { wide: bool },
    Name,
    Json,
    Yaml,
    JsonPath(Template),
    CustomColumns(Vec<(String, String)>),
}

const ALLOWED: &str = "custom-columns, custom-columns-file, go-template, go-template-file, json, jsonpath, jsonpath-as-json, jsonpath-file, name, template, templatefile, wide, yaml";

impl Format {
    /// Reads `-o`; the error is kubectl's text, newline included.
    pub fn parse(o: Option<&str>) -> Result<Format, String> {
        let Some(o) = o else {
            return Ok(Format::Table { wide: false });
        };
        let (kind, arg) = match o.split_once('=') {
            Some((k, a)) => (k, Some(a)),
            None => (o, None),
        };
        Ok(match (kind, arg) {
            ("" | "table", None) => Format::Table { wide: false },
            ("wide", None) => Format::Table { wide: true },
            ("name", None) => Format::Name,
            ("json", None) => Format::Json,
            ("yaml", None) => Format::Yaml,
            ("jsonpath" | "template" | "custom-columns", None | Some("")) => {
                return Err(errors::error("template format specified but no template given"));
            }
            ("jsonpath", Some(t)) => Format::JsonPath(Template::parse(t).map_err(errors::error)?),
            ("custom-columns", Some(spec)) => {
                let mut cols = Vec::new();
                for part in spec.split(',') {
                    let Some((h, path)) = part.split_once(':') else {
                        return Err(errors::error(format!("unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")));
                    };
                    jsonpath::select(path, &Value::Null).map_err(errors::error)?;
                    cols.push((h.to_string(), path.to_string()));
                }
                Format::CustomColumns(cols)
            }
            _ => {
                return Err(errors::error(format!(
                    "unable to match a printer suitable for the output format \"{o}\", allowed formats are: {ALLOWED}"
                )))
            }
        })
    }
}

/// JSON as kubectl prints it: four-space indentation. Written here rather than by serde_json's
/// serializer (one generic instantiation less in the page), byte for byte as that writes it:
/// `{}`/`[]` when empty, `"key": value`, serde_json's string escaping and numbers.
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, v, Some(0));
    out.push('\n');
    out
}

/// Compact JSON, as `Value`'s `Display` writes it (jsonpath's non-string results).
pub fn to_compact_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, v, None);
    out
}

/// `depth`: the indentation level when pretty-printing, `None` for compact JSON.
fn write_json(out: &mut String, v: &Value, depth: Option<usize>) {
    fn quoted(out: &mut String, s: &str) {
        out.push('"');
        podium_engine::to_json::escape_into(out, s);
        out.push('"');
    }
    fn next_line(out: &mut String, depth: Option<usize>, first: bool) {
        if !first {
            out.push(',');
        }
        if let Some(d) = depth {
            out.push('\n');
            for _ in 0..d {
                out.push_str("    ");
            }
        }
    }
    let inner = depth.map(|d| d + 1);
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => quoted(out, s),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                next_line(out, inner, i == 0);
                write_json(out, x, inner);
            }
            next_line(out, depth, true);
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                next_line(out, inner, i == 0);
                quoted(out, k);
                out.push_str(if depth.is_some() { ": " } else { ":" });
                write_json(out, x, inner);
            }
            next_line(out, depth, true);
            out.push('}');
        }
    }
}

/// YAML as kubectl prints it (go-yaml): quoted scalars in double quotes, and
/// timestamps quoted.
pub fn to_yaml(v: &Value) -> String {
    let text = serde_norway::to_string(v).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.lines() {
        out.push_str(&requote_line(line));
        out.push('\n');
    }
    out
}

/// Where the scalar of a `key: value` or `- value` line starts.
fn value_start(line: &str) -> usize {
    let mut i = line.len() - line.trim_start().len();
    while line[i..].starts_with("- ") {
        i += 2;
    }
    if line[i..].starts_with('\'') || line[i..].starts_with('"') {
        return i;
    }
    match line[i..].find(": ") {
        Some(k) => i + k + 2,
        None => i,
    }
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

fn requote_line(line: &str) -> String {
    let start = value_start(line);
    let (head, value) = line.split_at(start);
    if value.len() >= 2 && value.starts_with('\'') && value.ends_with('\'') {
        let inner = value[1..value.len() - 1].replace("''", "'");
        let escaped = inner.replace('\\', "\\\\").replace('"', "\\\"");
        return format!("{head}\"{escaped}\"");
    }
    if is_timestamp(value) {
        return format!("{head}\"{value}\"");
    }
    line.to_string()
}

/// The `List` kubectl wraps several objects in.
pub fn list(items: Vec<Value>) -> Value {
    use crate::objects::object;
    object(vec![
        ("apiVersion", "v1".into()),
        ("items", Value::Array(items)),
        ("kind", "List".into()),
        ("metadata", object(vec![("resourceVersion", "".into())])),
    ])
}

/// Prints objects in a non-table format; `single` when one object was asked
/// for by name (then it is printed alone, not in a List).
pub fn print(format: &Format, objs: &[Obj], single: bool, no_headers: bool) -> String {
    let root = || {
        if single && objs.len() == 1 {
            objs[0].to_json()
        } else {
            list(objs.iter().map(Obj::to_json).collect())
        }
    };
    match format {
        Format::Name => objs
            .iter()
            .map(|o| format!("{}\n", o.qualified_name()))
            .collect(),
        Format::Json => to_json(&root()),
        Format::Yaml => to_yaml(&root()),
        Format::JsonPath(t) => {
            let mut s = t.render(&root());
            if !s.is_empty() && !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
        Format::CustomColumns(cols) => {
            let mut rows = Vec::new();
            if !no_headers {
                rows.push(cols.iter().map(|(h, _)| h.clone()).collect());
            }
            for o in objs {
                let v = o.to_json();
                rows.push(
                    cols.iter()
                        .map(|(_, p)| {
                            let vals = jsonpath::select(p, &v).unwrap_or_default();
                            if vals.is_empty() {
                                "<none>".to_string()
                            } else {
                                vals.iter()
                                    .map(jsonpath::text)
                                    .collect::<Vec<_>>()
                                    .join(",")
                            }
                        })
                        .collect(),
                );
            }
            table::table(&rows)
        }
        Format::Table { .. } => unreachable!("tables are printed by get"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_in_kubectls_spellings() {
        assert_eq!(Format::parse(None), Ok(Format::Table { wide: false }));
        assert_eq!(
            Format::parse(Some("wide")),
            Ok(Format::Table { wide: true })
        );
        assert_eq!(Format::parse(Some("json")), Ok(Format::Json));
        assert!(matches!(
            Format::parse(Some("jsonpath={.a}")),
            Ok(Format::JsonPath(_))
        ));
        assert_eq!(
            Format::parse(Some("jsonpath")),
            Err("error: template format specified but no template given\n".into())
        );
        assert!(Format::parse(Some("xml")).unwrap_err().starts_with(
            "error: unable to match a printer suitable for the output format \"xml\""
        ));
    }

    #[test]
    fn yaml_quotes_like_go_yaml() {
        let v = serde_json::json!({"a": "1", "b": "2026-01-01T00:00:00Z", "c": ["True", "it's"], "d": "plain"});
        assert_eq!(
            to_yaml(&v),
            "a: \"1\"\nb: \"2026-01-01T00:00:00Z\"\nc:\n- \"True\"\n- it's\nd: plain\n"
        );
    }

    #[test]
    fn json_is_indented_by_four() {
        assert_eq!(
            to_json(&serde_json::json!({"a": [1], "b": {}})),
            "{\n    \"a\": [\n        1\n    ],\n    \"b\": {}\n}\n"
        );
    }

    #[test]
    fn json_is_written_as_serde_json_writes_it() {
        use serde::Serialize;
        let all: String = (0u8..0x80).map(|b| b as char).collect();
        let v = serde_json::json!({
            "s": all, "u": "é 한국어 🚀 \u{2028}", "e": "", "n": null, "t": true, "f": false,
            "i": [0, 7, -3, u64::MAX, i64::MIN], "x": [1.0, 2.5, -0.0, 1e21, 1.5e-7, 123456789.125],
            "o": {"z": {}, "y": [], "w": [[], [{}], {"k\"\\": [null]}]}, "q": [{"a": 1, "b": [2, {"c": "d"}]}]
        });
        for v in [v.clone(), v["o"].clone(), v["q"].clone(), serde_json::json!({}), serde_json::json!([]), serde_json::json!("x")] {
            let mut buf = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, serde_json::ser::PrettyFormatter::with_indent(b"    "));
            v.serialize(&mut ser).unwrap();
            assert_eq!(to_json(&v), String::from_utf8(buf).unwrap() + "\n");
            assert_eq!(to_compact_json(&v), v.to_string());
        }
    }
}
