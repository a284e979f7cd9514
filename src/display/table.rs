//! Tables and matrices in DolphinDB's console layout, drawn with prettytable.
//!
//! The layout (from DolphinDB's `AbstractTable::getString` and `Matrix::getString`, and the
//! console transcripts in the matrix tutorial): a header line, a line of dashes as wide as each
//! column, then one line per row; cells are left-aligned and separated by one space, there are
//! no borders. Only the first `max_rows` rows are shown, followed by a `...` line. Columns are
//! added while the line stays within `max_width` characters; when some do not fit, every line
//! ends in `...`. A long string cell is cut to the column limit and ends in `...`.
//! Trailing spaces are removed from every line so that snapshots are stable.

use super::scalar::scalar_to_string;
use super::{inline, DisplayOptions};
use crate::value::{Matrix, Table, Value, Vector};
use prettytable::format::{Alignment, FormatBuilder, LinePosition, LineSeparator};
use prettytable::{Cell, Row};

/// DolphinDB shows at most this many columns' worth of width budget per column for strings
/// (`DISPLAY_COLS` in its source): a string column gets `max_width / min(cols, 10) + 5`.
const DISPLAY_COLS: usize = 10;

/// Matrix cells are never wider than this (DolphinDB's `limitColMaxWidth`).
const MATRIX_COL_MAX: usize = 25;

/// One column ready for layout: its header and the text of the displayed rows.
struct Column {
    header: String,
    cells: Vec<String>,
}

/// The console form of a table (no trailing newline).
pub fn table_text(t: &Table, opts: &DisplayOptions) -> String {
    let n_rows = t.n_rows().min(opts.max_rows);
    let n_cols = t.n_cols();
    if n_cols == 0 {
        return String::new();
    }
    let str_col_max = opts.max_width / n_cols.min(DISPLAY_COLS) + 5;
    let columns = t.names().iter().zip(t.columns()).map(|(name, col)| {
        let is_literal = col.ty().is_literal();
        let limit = if is_literal { str_col_max } else { usize::MAX };
        let cells = (0..n_rows).map(|i| cell_text(col, i, opts)).collect();
        (name.to_string(), cells, limit, str_col_max)
    });
    let mut lines = layout(columns, n_cols, opts.max_width);
    if t.n_rows() > n_rows {
        lines.push("...".to_string());
    }
    lines.join("\n")
}

/// The console form of a matrix: columns headed `#0 #1 ...` or by the column labels; with
/// row labels, each row starts with its label and `|`.
pub fn matrix_text(m: &Matrix, opts: &DisplayOptions) -> String {
    let n_rows = m.rows.min(opts.max_rows);
    let columns = (0..m.cols).map(|j| {
        let header = match &m.col_labels {
            Some(labels) => cell_text(labels, j, opts),
            None => format!("#{j}"),
        };
        let col = m.column(j);
        let cells = (0..n_rows).map(|i| cell_text(&col, i, opts)).collect();
        (header, cells, MATRIX_COL_MAX, MATRIX_COL_MAX)
    });
    let label_width_budget = match &m.row_labels {
        Some(labels) => (0..n_rows)
            .map(|i| display_width(&cell_text(labels, i, opts)))
            .max()
            .unwrap_or(0),
        None => 0,
    };
    let budget = opts.max_width.saturating_sub(label_width_budget + 1);
    let mut lines = layout(columns, m.cols, budget);
    if let Some(labels) = &m.row_labels {
        // DolphinDB's console puts the label column's width of spaces before the header and
        // dash lines, and `label|` before each row (see the `rename!` and `pivot by` examples
        // in the matrix tutorial), so the header sits one column left of the data.
        let width = label_width_budget;
        for (i, line) in lines.iter_mut().enumerate() {
            let prefix = if i < 2 {
                " ".repeat(width)
            } else {
                let label = cell_text(labels, i - 2, opts);
                let pad = width.saturating_sub(display_width(&label));
                format!("{label}{}|", " ".repeat(pad))
            };
            *line = format!("{prefix}{line}").trim_end().to_string();
        }
    }
    if m.rows > n_rows {
        lines.push("...".to_string());
    }
    lines.join("\n")
}

/// The text of cell `i` of a column: the scalar text, or the inline form of a tuple element.
fn cell_text(col: &Vector, i: usize, opts: &DisplayOptions) -> String {
    if col.is_tuple() {
        return match col.get(i) {
            Some(Value::Scalar(s)) => scalar_to_string(&s),
            Some(v) => inline(&v, opts),
            None => String::new(),
        };
    }
    col.scalar_at(i)
        .map(|s| scalar_to_string(&s))
        .unwrap_or_default()
}

/// Lays columns out as DolphinDB does and renders them with prettytable. Each column comes
/// with the cap for its data width and the cap for its header width.
fn layout(
    columns: impl Iterator<Item = (String, Vec<String>, usize, usize)>,
    n_cols: usize,
    max_width: usize,
) -> Vec<String> {
    let mut kept: Vec<Column> = Vec::new();
    let mut length = 0;
    let mut truncated = false;
    for (col_idx, (header, cells, data_cap, header_cap)) in columns.enumerate() {
        let mut width = cells.iter().map(|c| display_width(c)).max().unwrap_or(0);
        width = width.min(data_cap);
        if display_width(&header) > width {
            width = header_cap.min(display_width(&header));
        }
        if length + width > max_width && col_idx + 1 < n_cols {
            truncated = true;
            break;
        }
        length += width + 1;
        kept.push(Column {
            header: cut(&header, width),
            cells: cells.iter().map(|c| cut(c, width)).collect(),
        });
    }
    if truncated {
        let n_rows = kept.first().map(|c| c.cells.len()).unwrap_or(0);
        kept.push(Column {
            header: "...".to_string(),
            cells: vec!["...".to_string(); n_rows],
        });
    }
    render(&kept)
}

/// Renders laid-out columns: header, dashes, rows; no borders, one space between columns.
fn render(columns: &[Column]) -> Vec<String> {
    let format = FormatBuilder::new()
        .column_separator(' ')
        .padding(0, 0)
        .separator(LinePosition::Title, LineSeparator::new('-', ' ', ' ', ' '))
        .build();
    let mut pt = prettytable::Table::new();
    pt.set_format(format);
    pt.set_titles(Row::new(
        columns.iter().map(|c| left_cell(&c.header)).collect(),
    ));
    let n_rows = columns.first().map(|c| c.cells.len()).unwrap_or(0);
    for i in 0..n_rows {
        pt.add_row(Row::new(
            columns.iter().map(|c| left_cell(&c.cells[i])).collect(),
        ));
    }
    let text = pt.to_string();
    text.lines().map(|l| l.trim_end().to_string()).collect()
}

fn left_cell(text: &str) -> Cell {
    Cell::new_align(text, Alignment::LEFT)
}

/// Cuts text to `width` characters, ending in `...` when it had to be cut.
fn cut(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let keep = width.saturating_sub(3);
    let mut res: String = text.chars().take(keep).collect();
    res.push_str("...");
    res
}

fn display_width(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Type, VecData};
    use std::sync::Arc;

    fn opts() -> DisplayOptions {
        DisplayOptions::default()
    }

    fn table(cols: Vec<(&str, Vector)>) -> Table {
        let (names, columns): (Vec<_>, Vec<_>) = cols
            .into_iter()
            .map(|(n, c)| (Arc::<str>::from(n), Arc::new(c)))
            .unzip();
        Table::from_columns(names, columns).expect("test columns have equal length")
    }

    #[test]
    fn table_layout_matches_console() {
        let t = table(vec![
            ("name", Vector::strings(vec!["month".into(), "date".into()])),
            (
                "typeString",
                Vector::strings(vec!["MONTH".into(), "DATE".into()]),
            ),
            ("typeInt", Vector::ints(vec![7, 6])),
            ("extra", Vector::ints(vec![i32::MIN, i32::MIN])),
        ]);
        let expected = "\
name  typeString typeInt extra
----- ---------- ------- -----
month MONTH      7
date  DATE       6";
        assert_eq!(table_text(&t, &opts()), expected);
    }

    #[test]
    fn empty_table_has_header_and_dashes() {
        let t = table(vec![
            ("a", Vector::ints(vec![])),
            ("bb", Vector::ints(vec![])),
        ]);
        assert_eq!(table_text(&t, &opts()), "a bb\n- --");
    }

    #[test]
    fn long_table_is_cut_after_max_rows() {
        let t = table(vec![("x", Vector::ints((0..40).collect()))]);
        let text = table_text(&t, &opts());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2 + 30 + 1);
        assert_eq!(lines[2], "0");
        assert_eq!(lines[31], "29");
        assert_eq!(lines[32], "...");
    }

    #[test]
    fn wide_table_ends_in_dots() {
        let cols: Vec<(String, Vector)> = (0..40)
            .map(|i| (format!("column{i}"), Vector::ints(vec![i])))
            .collect();
        let t = table(cols.iter().map(|(n, v)| (n.as_str(), v.clone())).collect());
        let text = table_text(&t, &opts());
        let first = text.lines().next().expect("header line");
        assert!(first.ends_with("..."), "{first}");
        assert!(first.len() <= 130, "{first}");
        assert!(text.lines().nth(1).expect("dash line").ends_with("---"));
    }

    #[test]
    fn long_strings_are_cut() {
        let long: String = "x".repeat(200);
        let t = table(vec![
            ("s", Vector::strings(vec![long.as_str().into()])),
            ("n", Vector::ints(vec![1])),
        ]);
        let text = table_text(&t, &opts());
        let row = text.lines().nth(2).expect("data row");
        // 120 / 2 + 5 = 65 characters for a string column.
        assert!(row.starts_with(&format!("{}...", "x".repeat(62))), "{row}");
    }

    #[test]
    fn matrix_unlabelled() {
        let m = Matrix::new(Vector::ints((1..=6).collect()), 3, 2).expect("6 = 3*2");
        assert_eq!(matrix_text(&m, &opts()), "#0 #1\n-- --\n1  4\n2  5\n3  6");
    }

    #[test]
    fn matrix_with_labels() {
        let mut m = Matrix::new(Vector::ints(vec![1, 8, 1, 32, 1, 128]), 2, 3).expect("2*3");
        m.row_labels = Some(Arc::new(Vector::ints(vec![1, 2])));
        m.col_labels = Some(Arc::new(Vector::ints(vec![3, 5, 7])));
        let expected = " 3 5  7\n - -- ---\n1|1 1  1\n2|8 32 128";
        assert_eq!(matrix_text(&m, &opts()), expected);
    }

    #[test]
    fn matrix_doubles() {
        let data = vec![1.0 / 3.0, 0.5, 0.75, 0.777_777_8];
        let m = Matrix::new(Vector::new(Type::Double, VecData::F64(data)), 2, 2).expect("2*2");
        assert_eq!(
            matrix_text(&m, &opts()),
            "#0       #1\n-------- --------\n0.333333 0.75\n0.5      0.777778"
        );
    }
}
