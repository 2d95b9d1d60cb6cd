//! Where things are in the scenario text, for errors found after the YAML was
//! read (a bad quantity, a bad duration) and for each step's source line.
//! serde gives no positions for values, so this scans the text: good for block
//! style (what scenario files use); flow style falls back to the enclosing key.

/// A 1-based line and column.
pub(crate) type Pos = (usize, usize);

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// Whether `trimmed` (a line without its indentation) starts with `key:`.
fn starts_with_key(trimmed: &str, key: &str) -> bool {
    let t = trimmed.strip_prefix(key).or_else(|| trimmed.strip_prefix(&format!("\"{key}\""))).or_else(|| trimmed.strip_prefix(&format!("'{key}'")));
    t.is_some_and(|rest| rest.starts_with(':') && (rest.len() == 1 || rest[1..].starts_with([' ', '\t'])))
}

/// The line (0-based index) and indentation of the key at `path` (nested block
/// mappings, `["cluster", "nodes"]`).
fn find_key(lines: &[&str], path: &[&str]) -> Option<(usize, usize)> {
    let mut from = 0;
    let mut min_indent = 0;
    let mut found = None;
    for (depth, key) in path.iter().enumerate() {
        let mut hit = None;
        for (i, line) in lines.iter().enumerate().skip(from) {
            if is_blank_or_comment(line) {
                continue;
            }
            let ind = indent_of(line);
            if depth > 0 && ind < min_indent {
                break;
            }
            if starts_with_key(&line[ind..], key) && (depth > 0 || ind == 0) {
                hit = Some((i, ind));
                break;
            }
        }
        let (i, ind) = hit?;
        found = Some((i, ind));
        from = i + 1;
        min_indent = ind + 1;
    }
    found
}

/// The items of the block sequence under the key at `path`: for each, the
/// position of its first key (after `- `), and the 0-based range of its lines.
pub(crate) fn list_items(text: &str, path: &[&str]) -> (Option<Pos>, Vec<(Pos, std::ops::Range<usize>)>) {
    let lines: Vec<&str> = text.lines().collect();
    let Some((key_line, key_indent)) = find_key(&lines, path) else { return (None, Vec::new()) };
    let key_pos = (key_line + 1, key_indent + 1);
    let mut items: Vec<(Pos, std::ops::Range<usize>)> = Vec::new();
    let mut item_indent = None;
    let mut last_content = key_line;
    for (i, line) in lines.iter().enumerate().skip(key_line + 1) {
        if is_blank_or_comment(line) {
            continue;
        }
        let ind = indent_of(line);
        let rest = &line[ind..];
        let is_item = rest == "-" || rest.starts_with("- ");
        match item_indent {
            None => {
                if !is_item || ind < key_indent {
                    break;
                }
                item_indent = Some(ind);
            }
            Some(ii) => {
                if ind < ii || (ind == ii && !is_item) {
                    break;
                }
            }
        }
        if is_item && Some(ind) == item_indent {
            if let Some(last) = items.last_mut() {
                last.1.end = last_content + 1;
            }
            let after = rest[1..].trim_start_matches(' ');
            let col = if after.is_empty() { ind + 1 } else { ind + 1 + (rest.len() - after.len()) };
            items.push(((i + 1, col), i..i + 1));
        }
        last_content = i;
    }
    if let Some(last) = items.last_mut() {
        last.1.end = last_content + 1;
    }
    (Some(key_pos), items)
}

/// The position of `key:` within the given lines (0-based range) of `text`,
/// in block (`key: v`) or flow (`{a: 1, key: v}`) style.
pub(crate) fn find_key_in(text: &str, range: std::ops::Range<usize>, key: &str) -> Option<Pos> {
    let pat = format!("{key}:");
    for (i, line) in text.lines().enumerate().skip(range.start).take(range.len()) {
        let mut from = 0;
        while let Some(off) = line[from..].find(&pat) {
            let at = from + off;
            let before = line[..at].chars().last();
            let after = line[at + pat.len()..].chars().next();
            let starts = matches!(before, None | Some(' ' | '{' | ',' | '-' | '\t'));
            let ends = matches!(after, None | Some(' ' | '\t'));
            if starts && ends {
                return Some((i + 1, at + 1));
            }
            from = at + pat.len();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "name: x
cluster:
  nodes:
    - name: a
      cpu: \"2\"
    # a comment
    - count: 2
      namePrefix: w
steps:
- kubectl: get pods
- apply: |
    apiVersion: v1
    - not an item
- expect: {kubectl: get pods, count: 3}

- wait: 5s
";

    #[test]
    fn finds_items_of_nested_and_top_level_lists() {
        let (key, nodes) = list_items(TEXT, &["cluster", "nodes"]);
        assert_eq!(key, Some((3, 3)));
        assert_eq!(nodes.iter().map(|n| n.0).collect::<Vec<_>>(), vec![(4, 7), (7, 7)]);
        assert_eq!(nodes[0].1, 3..5);
        assert_eq!(nodes[1].1, 6..8);
        let (key, steps) = list_items(TEXT, &["steps"]);
        assert_eq!(key, Some((9, 1)));
        assert_eq!(steps.iter().map(|n| n.0).collect::<Vec<_>>(), vec![(10, 3), (11, 3), (14, 3), (16, 3)]);
        assert_eq!(find_key_in(TEXT, steps[2].1.clone(), "count"), Some((14, 31)));
        assert_eq!(find_key_in(TEXT, nodes[0].1.clone(), "cpu"), Some((5, 7)));
    }

    #[test]
    fn flow_lists_have_no_items() {
        let (key, items) = list_items("name: x\nsteps: [{wait: 1s}]\n", &["steps"]);
        assert_eq!(key, Some((2, 1)));
        assert!(items.is_empty());
    }
}
