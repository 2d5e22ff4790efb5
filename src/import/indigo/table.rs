//! One INDIGO table: a CSV file with a header row, read with the `csv` crate (quoted cells
//! over several lines, CRLF or LF, a byte-order mark), keeping for every row where it
//! starts so that a value can be cited by line and a problem shown at its cell.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, Source};

/// INDIGO's largest table is under half a megabyte; a file far beyond that is not one.
pub const MAX_TABLE_BYTES: u64 = 64 * 1024 * 1024;

/// The rows of one table that an import keeps.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub source: Arc<Source>,
    /// Column names as the header gives them.
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug)]
pub struct Row {
    /// Line of the file where the row starts (1-based).
    pub line: u64,
    /// Byte offset of the row's first character.
    pub start: usize,
    pub cells: Vec<String>,
}

/// Column names compare without regard to case or runs of spaces (INDIGO's exports spell
/// `Number engaged In impact bond` and `Targeted number of service users Or beneficiaries`).
fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Table {
    /// The index of a column, if the header has it.
    pub fn column(&self, name: &str) -> Option<usize> {
        let want = normalise(name);
        self.header.iter().position(|h| normalise(h) == want)
    }

    /// Where a cell's text is in the file: from its first character (its opening quote
    /// for a quoted cell) to its end; the row's start when the row is short of that cell.
    pub fn cell_span(&self, row: &Row, index: usize) -> Range<usize> {
        field_span(&self.source.text, row.start, index)
    }

    /// The header line's span, for problems with a column.
    pub fn header_span(&self) -> Range<usize> {
        let text = &self.source.text;
        0..text.find(['\r', '\n']).unwrap_or(text.len())
    }
}

/// Reads `dir/name` keeping the rows whose `key` column satisfies `keep`; `Ok(None)` when
/// the file does not exist. A file that cannot be read as a table (not UTF-8, no header,
/// no `key` column) is an error; rows with fewer cells than the header are kept (their
/// missing cells read as empty) with a warning.
pub fn read(
    dir: &Path,
    name: &'static str,
    key: &str,
    keep: impl Fn(&str) -> bool,
    warnings: &mut Diagnostics,
) -> Result<Option<Table>, Diagnostics> {
    let path = dir.join(name);
    let shown = path.display().to_string();
    let metadata = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Diagnostic::error(format!("cannot read `{shown}`: {e}"))
                .help("check the folder's permissions")
                .into());
        }
    };
    if metadata.is_dir() {
        return Err(Diagnostic::error(format!(
            "`{shown}` is a directory, not one of INDIGO's CSV tables"
        ))
        .help("remove or rename it")
        .into());
    }
    let bytes = read_limited(&path)
        .map_err(|e| Diagnostics::from(Diagnostic::error(format!("cannot read `{shown}`: {e}"))))?;
    if bytes.len() as u64 > MAX_TABLE_BYTES {
        return Err(Diagnostic::error(format!(
            "`{shown}` is larger than {} MB: not one of INDIGO's tables",
            MAX_TABLE_BYTES / (1024 * 1024)
        ))
        .help("give the folder of INDIGO's CSV export (archive/imported-data/impact-bonds/all-data-by-type/)")
        .into());
    }
    // `Source::new` drops a byte-order mark; the CSV reader reads the same text, so that
    // its byte offsets are offsets in the source.
    let source = Source::from_utf8(
        shown,
        bytes,
        "INDIGO's tables are UTF-8 CSV; save the file as UTF-8",
    )?;
    parse(name, source, key, keep, warnings).map(Some)
}

/// Reads at most one byte more than the limit, whatever the file claims its size is.
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_TABLE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Parses a table's text (see [`read`]).
pub fn parse(
    name: &'static str,
    source: Arc<Source>,
    key: &str,
    keep: impl Fn(&str) -> bool,
    warnings: &mut Diagnostics,
) -> Result<Table, Diagnostics> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(source.text.as_bytes());
    let mut records = reader.records();
    let located = |e: &csv::Error, source: &Arc<Source>| {
        let at = e.position().map_or(0, |p| p.byte() as usize);
        Diagnostic::error(format!("`{}` cannot be read as CSV: {e}", source.path))
            .at(source, at..at)
            .help("INDIGO's tables are comma-separated with a header row; check the file is one of them")
    };
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|s| s.trim().to_string()).collect(),
        Some(Err(e)) => return Err(located(&e, &source).into()),
        None => {
            return Err(Diagnostic::error(format!(
                "`{}` is empty: an INDIGO table starts with a header row",
                source.path
            ))
            .in_file(&source)
            .help("export the table again, or remove the file to import without it")
            .into());
        }
    };
    let mut table = Table {
        name,
        source: Arc::clone(&source),
        header,
        rows: Vec::new(),
    };
    let Some(k) = table.column(key) else {
        return Err(Diagnostic::error(format!(
            "`{}` has no column `{key}`: it is not the INDIGO table `{name}`",
            source.path
        ))
        .at(&source, table.header_span())
        .label("the header row")
        .help(format!(
            "INDIGO's `{name}` starts with the column `{key}`; give the folder of INDIGO's CSV export"
        ))
        .into());
    };
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => return Err(located(&e, &source).into()),
        };
        let Some(position) = record.position() else {
            continue;
        };
        let id = record.get(k).unwrap_or("").trim();
        if !keep(id) {
            continue;
        }
        // The reader's position may be that of the previous row's line break (after a
        // CRLF's `\r`, or a blank line skipped): move to the row's first character.
        let bytes = source.text.as_bytes();
        let mut start = (position.byte() as usize).min(bytes.len());
        let mut line = position.line();
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            if bytes[start] == b'\n' {
                line += 1;
            }
            start += 1;
        }
        let row = Row {
            line,
            start,
            cells: record.iter().map(str::to_string).collect(),
        };
        if row.cells.len() < table.header.len() {
            let end = source.text[row.start..]
                .find(['\r', '\n'])
                .map_or(source.text.len(), |i| row.start + i);
            warnings.push(
                Diagnostic::warning(format!(
                    "this row of `{name}` has {} cells, the header {}: the missing cells are read as empty",
                    row.cells.len(),
                    table.header.len()
                ))
                .at(&source, row.start..end)
                .label("a short row")
                .help("check the row against the source: a cell may hold an unquoted comma or line break"),
            );
        }
        table.rows.push(row);
    }
    Ok(table)
}

/// The span of field `index` of the CSV record starting at `start`: the field's text from
/// its first byte (a quoted field's opening quote) to the byte before its delimiter. Never
/// leaves the text, whatever it holds.
pub fn field_span(text: &str, start: usize, index: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut i = start.min(bytes.len());
    for field in 0..=index {
        let begin = i;
        let mut quoted = false;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => quoted = !quoted,
                b',' if !quoted => break,
                b'\r' | b'\n' if !quoted => {
                    // The record ends before this field: point at its last field.
                    return if field == index {
                        begin..i
                    } else {
                        begin..begin
                    };
                }
                _ => {}
            }
            i += 1;
        }
        if field == index {
            return begin..i;
        }
        if i >= bytes.len() {
            return begin..begin;
        }
        i += 1; // the comma
    }
    i..i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str, warnings: &mut Diagnostics) -> Result<Table, Diagnostics> {
        parse(
            "original_projects_results.csv",
            Source::new("t.csv", text),
            "Project ID",
            |id| id == "P1",
            warnings,
        )
    }

    #[test]
    fn quoted_cells_crlf_and_short_rows() {
        let text = "\u{feff}Project ID,Outcomes achieved - (Value),Notes\r\n\
                    P1,406,\"two\nlines, with a comma\"\r\n\
                    P2,1,\r\n\
                    \r\n\
                    P1,\"1,500\"\r\n";
        let mut w = Diagnostics::new();
        let t = table(text, &mut w).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[2], "two\nlines, with a comma");
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 6);
        assert_eq!(t.column("outcomes  ACHIEVED - (value)"), Some(1));
        // The BOM is gone from the source, so offsets match.
        let src = &t.source.text;
        assert_eq!(&src[t.cell_span(&t.rows[0], 1)], "406");
        assert_eq!(
            &src[t.cell_span(&t.rows[0], 2)],
            "\"two\nlines, with a comma\""
        );
        assert_eq!(&src[t.cell_span(&t.rows[1], 1)], "\"1,500\"");
        // The second P1 row is short: a warning at it.
        assert_eq!(w.len(), 1);
        assert!(w.iter().all(|d| !d.is_error()));
        assert_eq!(
            t.cell_span(&t.rows[1], 2),
            t.cell_span(&t.rows[1], 2).start..t.cell_span(&t.rows[1], 2).start
        );
    }

    #[test]
    fn file_level_problems_are_located_errors() {
        let mut w = Diagnostics::new();
        let e = table("", &mut w).unwrap_err();
        assert!(e.to_string().contains("is empty"), "{e}");
        let e = table("ID,Name\nP1,x\n", &mut w).unwrap_err();
        assert!(e.to_string().contains("no column `Project ID`"), "{e}");
        assert!(e.to_string().contains("t.csv:1:1"), "{e}");
    }

    #[test]
    fn field_spans_never_leave_the_text() {
        let text = "a,\"b,\"\"c\",d\nx";
        assert_eq!(&text[field_span(text, 0, 0)], "a");
        assert_eq!(&text[field_span(text, 0, 1)], "\"b,\"\"c\"");
        assert_eq!(&text[field_span(text, 0, 2)], "d");
        assert_eq!(field_span(text, 0, 3), 10..10);
        assert_eq!(field_span(text, 100, 2), 13..13);
        assert_eq!(field_span("\"unclosed, quote", 0, 1), 0..0);
    }
}
