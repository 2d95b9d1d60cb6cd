//! Column alignment exactly as Go's `text/tabwriter` does it, which is what
//! kubectl prints through: cells end with `\t`, the last cell of a line is not
//! part of a column, and a column's width holds only over a block of
//! consecutive lines that all have a cell in that column.

/// `kubectl get` tables: `tabwriter.NewWriter(out, 6, 4, 3, ' ', 0)`.
pub const GET_MIN_WIDTH: usize = 6;
pub const GET_PADDING: usize = 3;
/// `kubectl describe`: `tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`.
pub const DESCRIBE_MIN_WIDTH: usize = 0;
pub const DESCRIBE_PADDING: usize = 2;

/// Aligns `text` (lines of tab-terminated cells) like Go's tabwriter with a
/// space pad character.
pub fn tabwrite(text: &str, min_width: usize, padding: usize) -> String {
    let lines: Vec<Vec<&str>> = text
        .split_inclusive('\n')
        .map(|l| l.strip_suffix('\n').unwrap_or(l).split('\t').collect())
        .collect();
    let newline: Vec<bool> = text
        .split_inclusive('\n')
        .map(|l| l.ends_with('\n'))
        .collect();
    let mut w = Writer {
        lines: &lines,
        newline: &newline,
        widths: Vec::new(),
        out: String::new(),
        min_width,
        padding,
    };
    w.format(0, lines.len());
    w.out
}

/// Rows of cells as a `kubectl get` table (header included by the caller).
pub fn table(rows: &[Vec<String>]) -> String {
    let mut text = String::new();
    for row in rows {
        text.push_str(&row.join("\t"));
        text.push('\n');
    }
    tabwrite(&text, GET_MIN_WIDTH, GET_PADDING)
}

struct Writer<'a> {
    lines: &'a [Vec<&'a str>],
    newline: &'a [bool],
    widths: Vec<usize>,
    out: String,
    min_width: usize,
    padding: usize,
}

fn width(s: &str) -> usize {
    s.chars().count()
}

impl Writer<'_> {
    fn format(&mut self, line0: usize, line1: usize) {
        let mut line0 = line0;
        let column = self.widths.len();
        let mut this = line0;
        while this < line1 {
            if column + 1 >= self.lines[this].len() {
                this += 1;
                continue;
            }
            self.write_lines(line0, this);
            line0 = this;
            let mut w = self.min_width;
            while this < line1 && column + 1 < self.lines[this].len() {
                w = w.max(width(self.lines[this][column]) + self.padding);
                this += 1;
            }
            self.widths.push(w);
            self.format(line0, this);
            self.widths.pop();
            line0 = this;
        }
        self.write_lines(line0, line1);
    }

    fn write_lines(&mut self, line0: usize, line1: usize) {
        for i in line0..line1 {
            let line = &self.lines[i];
            for (j, cell) in line.iter().enumerate() {
                self.out.push_str(cell);
                if j < self.widths.len() {
                    let pad = self.widths[j].saturating_sub(width(cell));
                    self.out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            if self.newline[i] {
                self.out.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_pad_to_the_widest_cell_plus_three() {
        let rows = vec![
            vec!["NAME".to_string(), "READY".into(), "AGE".into()],
            vec!["web-1".to_string(), "1/1".into(), "5s".into()],
        ];
        assert_eq!(table(&rows), "NAME    READY   AGE\nweb-1   1/1     5s\n");
    }

    #[test]
    fn narrow_columns_take_the_minimum_width() {
        let rows = vec![
            vec!["A".to_string(), "B".into()],
            vec!["x".to_string(), "y".into()],
        ];
        assert_eq!(table(&rows), "A     B\nx     y\n");
    }

    #[test]
    fn blocks_break_at_lines_without_the_column() {
        let text =
            "Name:\tweb\nLabels:\tapp=web\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/x\n";
        let out = tabwrite(text, DESCRIBE_MIN_WIDTH, DESCRIBE_PADDING);
        assert_eq!(out, "Name:    web\nLabels:  app=web\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/x\n");
    }
}
