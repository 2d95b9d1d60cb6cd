//! kubectl's JSONPath templates (`k8s.io/client-go/util/jsonpath`): literal
//! text and `{...}` actions with fields (`.a.b`, `['key.with.dots']`), `*`,
//! indexes, slices, recursive descent (`..name`), filters (`[?(@.a=="x")]`),
//! string literals (`{"\n"}`) and `{range ...}{end}`. Missing keys print
//! nothing, as kubectl sets `AllowMissingKeys(true)`.

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    Expr(Expr),
    Range(Expr, Vec<Node>),
}

#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Literal(String),
    Path { from_root: bool, segs: Vec<Seg> },
}

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Field(String),
    Recursive(String),
    Wildcard,
    Index(i64),
    Union(Vec<Seg>),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    Filter(Box<Filter>),
}

#[derive(Clone, Debug, PartialEq)]
struct Filter {
    left: Expr,
    op: Option<(String, Expr)>,
}

/// A parsed template, ready to run against objects.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    source: String,
    nodes: Vec<Node>,
}

impl Template {
    /// Parses a template; errors read `error parsing jsonpath {...}, <why>`.
    pub fn parse(source: &str) -> Result<Template, String> {
        let fail = |why: String| format!("error parsing jsonpath {source}, {why}");
        let mut tokens = Vec::new();
        let chars: Vec<char> = source.chars().collect();
        let mut i = 0;
        let mut text = String::new();
        while i < chars.len() {
            if chars[i] != '{' {
                text.push(chars[i]);
                i += 1;
                continue;
            }
            if !text.is_empty() {
                tokens.push(Tok::Text(std::mem::take(&mut text)));
            }
            let start = i + 1;
            let mut j = start;
            let mut quote: Option<char> = None;
            let mut depth = 0;
            while j < chars.len() {
                let c = chars[j];
                match quote {
                    Some(q) => {
                        if c == '\\' {
                            j += 1;
                        } else if c == q {
                            quote = None;
                        }
                    }
                    None => match c {
                        '"' | '\'' => quote = Some(c),
                        '[' | '(' => depth += 1,
                        ']' | ')' => depth -= 1,
                        '}' if depth <= 0 => break,
                        _ => {}
                    },
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err(fail("unclosed action".into()));
            }
            let inner: String = chars[start..j].iter().collect();
            tokens.push(parse_action(inner.trim()).map_err(fail)?);
            i = j + 1;
        }
        if !text.is_empty() {
            tokens.push(Tok::Text(text));
        }
        let mut it = tokens.into_iter();
        let nodes = build(&mut it, false).map_err(fail)?;
        Ok(Template {
            source: source.to_string(),
            nodes,
        })
    }

    /// Runs the template with `root` as both `$` and the current object.
    pub fn render(&self, root: &Value) -> String {
        let mut out = String::new();
        render_nodes(&self.nodes, root, root, &mut out);
        out
    }

    pub fn source(&self) -> &str {
        &self.source
    }
}

/// Values an expression (`.metadata.name`, with or without braces and leading
/// dot) selects in `root`, for custom columns.
pub fn select(expr: &str, root: &Value) -> Result<Vec<Value>, String> {
    let e = expr.trim().trim_start_matches('{').trim_end_matches('}');
    let e = if e.starts_with(['.', '$', '@', '[']) {
        e.to_string()
    } else {
        format!(".{e}")
    };
    let parsed = parse_expr(&e).map_err(|why| format!("error parsing jsonpath {{{e}}}, {why}"))?;
    Ok(eval(&parsed, root, root).into_iter().cloned().collect())
}

enum Tok {
    Text(String),
    Expr(Expr),
    Range(Expr),
    End,
}

fn build(it: &mut impl Iterator<Item = Tok>, in_range: bool) -> Result<Vec<Node>, String> {
    let mut nodes = Vec::new();
    while let Some(t) = it.next() {
        match t {
            Tok::Text(s) => nodes.push(Node::Text(s)),
            Tok::Expr(e) => nodes.push(Node::Expr(e)),
            Tok::Range(e) => {
                let body = build(it, true)?;
                nodes.push(Node::Range(e, body));
            }
            Tok::End => {
                if in_range {
                    return Ok(nodes);
                }
                return Err("not in range, nothing to end".into());
            }
        }
    }
    if in_range {
        return Err("unclosed range, expect {end}".into());
    }
    Ok(nodes)
}

fn parse_action(inner: &str) -> Result<Tok, String> {
    if inner == "end" {
        return Ok(Tok::End);
    }
    if let Some(rest) = inner.strip_prefix("range ") {
        return Ok(Tok::Range(parse_expr(rest.trim())?));
    }
    Ok(Tok::Expr(parse_expr(inner)?))
}

fn unquote(s: &str) -> Option<String> {
    let q = s.chars().next()?;
    if !(q == '"' || q == '\'') || s.len() < 2 || !s.ends_with(q) {
        return None;
    }
    let body = &s[1..s.len() - 1];
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    Some(out)
}

fn parse_expr(s: &str) -> Result<Expr, String> {
    if s.starts_with(['"', '\'']) {
        return unquote(s)
            .map(Expr::Literal)
            .ok_or_else(|| format!("unterminated string {s}"));
    }
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut from_root = false;
    let mut segs = Vec::new();
    match chars.first() {
        Some('$') => {
            from_root = true;
            i = 1;
        }
        Some('@') => i = 1,
        Some('.') | Some('[') => {}
        None => {
            return Ok(Expr::Path {
                from_root: false,
                segs,
            })
        }
        Some(_) => return Err(format!("unrecognized identifier {s}")),
    }
    while i < chars.len() {
        match chars[i] {
            '.' => {
                let recursive = chars.get(i + 1) == Some(&'.');
                i += if recursive { 2 } else { 1 };
                let start = i;
                while i < chars.len() && !matches!(chars[i], '.' | '[' | ' ') {
                    i += 1;
                }
                let name: String = chars[start..i].iter().collect();
                match (recursive, name.as_str()) {
                    (_, "") if recursive => return Err("invalid recursive descent".into()),
                    (false, "") => {}
                    (false, "*") => segs.push(Seg::Wildcard),
                    (false, n) => segs.push(Seg::Field(n.to_string())),
                    (true, n) => segs.push(Seg::Recursive(n.to_string())),
                }
            }
            '[' => {
                let start = i + 1;
                let mut j = start;
                let mut depth = 1;
                let mut quote: Option<char> = None;
                while j < chars.len() {
                    let c = chars[j];
                    if let Some(q) = quote {
                        if c == q {
                            quote = None;
                        }
                    } else if c == '"' || c == '\'' {
                        quote = Some(c);
                    } else if c == '[' {
                        depth += 1;
                    } else if c == ']' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    j += 1;
                }
                if j >= chars.len() {
                    return Err("unterminated array".into());
                }
                let inner: String = chars[start..j].iter().collect();
                segs.push(parse_bracket(inner.trim())?);
                i = j + 1;
            }
            ' ' => i += 1,
            c => return Err(format!("unrecognized character in action: {c:?}")),
        }
    }
    Ok(Expr::Path { from_root, segs })
}

fn parse_int(s: &str) -> Result<i64, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("invalid array index {}", s.trim()))
}

fn parse_bracket(inner: &str) -> Result<Seg, String> {
    if inner == "*" {
        return Ok(Seg::Wildcard);
    }
    if let Some(f) = inner.strip_prefix('?') {
        let body = f
            .trim()
            .strip_prefix('(')
            .and_then(|b| b.strip_suffix(')'))
            .ok_or("invalid filter")?;
        return Ok(Seg::Filter(Box::new(parse_filter(body.trim())?)));
    }
    if let Some(s) = unquote(inner) {
        return Ok(Seg::Field(s));
    }
    if inner.contains(',') {
        let parts = inner
            .split(',')
            .map(|p| parse_bracket(p.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Seg::Union(parts));
    }
    if inner.contains(':') {
        let parts: Vec<&str> = inner.split(':').collect();
        if parts.len() > 3 {
            return Err(format!("invalid array index {inner}"));
        }
        let num = |i: usize| -> Result<Option<i64>, String> {
            match parts.get(i).map(|p| p.trim()) {
                None | Some("") => Ok(None),
                Some(p) => parse_int(p).map(Some),
            }
        };
        return Ok(Seg::Slice(num(0)?, num(1)?, num(2)?));
    }
    Ok(Seg::Index(parse_int(inner)?))
}

fn parse_filter(body: &str) -> Result<Filter, String> {
    let mut quote = None;
    let chars: Vec<char> = body.chars().collect();
    for i in 0..chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if c == '"' || c == '\'' {
            quote = Some(c);
            continue;
        }
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            let opc: Vec<char> = op.chars().collect();
            if chars[i..].starts_with(&opc) {
                let left: String = chars[..i].iter().collect();
                let right: String = chars[i + opc.len()..].iter().collect();
                let right = right.trim();
                let right_expr = if right.starts_with(['@', '$', '"', '\'']) {
                    parse_expr(right)?
                } else {
                    Expr::Literal(right.to_string())
                };
                return Ok(Filter {
                    left: parse_expr(left.trim())?,
                    op: Some((op.to_string(), right_expr)),
                });
            }
        }
    }
    Ok(Filter {
        left: parse_expr(body)?,
        op: None,
    })
}

fn eval<'a>(e: &Expr, root: &'a Value, cur: &'a Value) -> Vec<&'a Value> {
    let Expr::Path { from_root, segs } = e else {
        return Vec::new();
    };
    let mut vals = vec![if *from_root { root } else { cur }];
    for seg in segs {
        vals = vals.into_iter().flat_map(|v| step(seg, root, v)).collect();
    }
    vals
}

fn step<'a>(seg: &Seg, root: &'a Value, v: &'a Value) -> Vec<&'a Value> {
    match seg {
        Seg::Field(name) => v.get(name.as_str()).into_iter().collect(),
        Seg::Wildcard => match v {
            Value::Array(a) => a.iter().collect(),
            Value::Object(m) => m.values().collect(),
            _ => Vec::new(),
        },
        Seg::Index(i) => match v {
            Value::Array(a) => {
                let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                usize::try_from(idx)
                    .ok()
                    .and_then(|k| a.get(k))
                    .into_iter()
                    .collect()
            }
            _ => Vec::new(),
        },
        Seg::Slice(start, end, stride) => match v {
            Value::Array(a) => {
                let len = a.len() as i64;
                let norm = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                let s = norm(start.unwrap_or(0));
                let e = norm(end.unwrap_or(len));
                let step = stride.unwrap_or(1).max(1) as usize;
                if s >= e {
                    return Vec::new();
                }
                a[s as usize..e as usize].iter().step_by(step).collect()
            }
            _ => Vec::new(),
        },
        Seg::Union(parts) => parts.iter().flat_map(|p| step(p, root, v)).collect(),
        Seg::Recursive(name) => {
            let mut out = Vec::new();
            descend(v, name, &mut out);
            out
        }
        Seg::Filter(f) => {
            let items: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                other => vec![other],
            };
            items
                .into_iter()
                .filter(|item| passes(f, root, item))
                .collect()
        }
    }
}

fn descend<'a>(v: &'a Value, name: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                if name == "*" || k == name {
                    out.push(child);
                }
            }
            for child in m.values() {
                descend(child, name, out);
            }
        }
        Value::Array(a) => {
            for child in a {
                descend(child, name, out);
            }
        }
        _ => {}
    }
}

fn operand(e: &Expr, root: &Value, cur: &Value) -> Option<Value> {
    match e {
        Expr::Literal(s) => Some(
            s.parse::<f64>()
                .ok()
                .and_then(|n| serde_json::Number::from_f64(n).map(Value::Number))
                .unwrap_or_else(|| Value::String(s.clone())),
        ),
        path => eval(path, root, cur).first().map(|v| (*v).clone()),
    }
}

fn passes(f: &Filter, root: &Value, item: &Value) -> bool {
    let Some(left) = operand(&f.left, root, item) else {
        return false;
    };
    let Some((op, right)) = &f.op else {
        return true;
    };
    let Some(right) = operand(right, root, item) else {
        return false;
    };
    let ord = match (&left, &right) {
        (Value::Number(a), Value::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (a, Value::String(b)) => Some(text(a).cmp(b)),
        (a, b) => (a == b).then_some(std::cmp::Ordering::Equal),
    };
    match op.as_str() {
        "==" => ord == Some(std::cmp::Ordering::Equal),
        "!=" => ord != Some(std::cmp::Ordering::Equal),
        "<" => ord == Some(std::cmp::Ordering::Less),
        ">" => ord == Some(std::cmp::Ordering::Greater),
        "<=" => matches!(
            ord,
            Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
        ),
        ">=" => matches!(
            ord,
            Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
        ),
        _ => false,
    }
}

/// A value as the template prints it: strings bare, the rest as compact JSON.
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => crate::output::to_compact_json(other),
    }
}

fn render_nodes(nodes: &[Node], root: &Value, cur: &Value, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(s) => out.push_str(s),
            Node::Expr(Expr::Literal(s)) => out.push_str(s),
            Node::Expr(e) => {
                let vals: Vec<String> = eval(e, root, cur).into_iter().map(text).collect();
                out.push_str(&vals.join(" "));
            }
            Node::Range(e, body) => {
                let vals = eval(e, root, cur);
                // `{range .items}` walks the array itself, like `.items[*]`.
                let items: Vec<&Value> = match vals.as_slice() {
                    [Value::Array(a)] => a.iter().collect(),
                    _ => vals,
                };
                for item in items {
                    render_nodes(body, root, item, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(t: &str, v: &Value) -> String {
        Template::parse(t).unwrap().render(v)
    }

    #[test]
    fn fields_items_and_ranges() {
        let list = json!({"items": [
            {"metadata": {"name": "a", "labels": {"app.kubernetes.io/name": "x"}}, "status": {"phase": "Running"}},
            {"metadata": {"name": "b"}, "status": {"phase": "Pending"}}
        ]});
        assert_eq!(run("{.items[*].metadata.name}", &list), "a b");
        assert_eq!(run("{.items[0].metadata.name}", &list), "a");
        assert_eq!(run("{.items[-1].metadata.name}", &list), "b");
        assert_eq!(run("{.items[0:1].metadata.name}", &list), "a");
        assert_eq!(
            run(
                "{.items[0].metadata.labels['app.kubernetes.io/name']}",
                &list
            ),
            "x"
        );
        assert_eq!(
            run(
                "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}",
                &list
            ),
            "a\tRunning\nb\tPending\n"
        );
        assert_eq!(run("names: {..name}", &list), "names: a b");
        assert_eq!(
            run(
                "{.items[?(@.status.phase==\"Running\")].metadata.name}",
                &list
            ),
            "a"
        );
        assert_eq!(
            run("{.items[?(@.metadata.labels)].metadata.name}", &list),
            "a"
        );
        assert_eq!(run("{.status.readyReplicas}", &list), "");
        assert_eq!(run("{.items[0].status}", &list), "{\"phase\":\"Running\"}");
        assert_eq!(run("{$.items[1].metadata.name}", &list), "b");
    }

    #[test]
    fn numbers_print_bare() {
        assert_eq!(
            run(
                "{.status.readyReplicas}",
                &json!({"status": {"readyReplicas": 3}})
            ),
            "3"
        );
        assert_eq!(
            run("{.a[?(@.n>1)].n}", &json!({"a": [{"n": 1}, {"n": 2}]})),
            "2"
        );
    }

    #[test]
    fn malformed_templates_are_refused() {
        assert!(Template::parse("{.items[0}").is_err());
        assert!(Template::parse("{.items").is_err());
        assert!(Template::parse("{range .items[*]}{.a}").is_err());
        assert!(Template::parse("{end}").is_err());
        assert_eq!(
            Template::parse("{metadata.name}").unwrap_err(),
            "error parsing jsonpath {metadata.name}, unrecognized identifier metadata.name"
        );
    }
}
