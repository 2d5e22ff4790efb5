//! TOML text into the raw file types: syntax and shape errors (unknown fields, wrong
//! types, numbers out of range) become one located diagnostic in plain words, with a hint.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, Source, suggestion_hint};

/// At most this many shape errors are collected from one file.
const MAX_SHAPE_ERRORS: usize = 20;

/// A file that did not parse as it stands: its shape errors, and (when setting their lines
/// aside left valid TOML) the rest of the file parsed, with the header lines of the tables
/// whose lines were set aside, so the rest can be checked too.
pub struct Partial<T> {
    pub errors: Diagnostics,
    pub rest: Option<T>,
    /// Per set-aside line: its table's name (empty at the top level; marked when the line
    /// held an inline table or array) and the byte range of the table's header.
    pub set_aside: Vec<(String, std::ops::Range<usize>)>,
}

/// Parses TOML text into a raw file type; errors become located diagnostics.
pub fn parse<T: DeserializeOwned + schemars::JsonSchema>(
    source: &Arc<Source>,
) -> Result<T, Diagnostics> {
    parse_collecting(source).map_err(|p| p.errors)
}

/// Parses TOML text into a raw file type. A syntax error becomes one diagnostic. Shape
/// errors (an unknown field, a value of the wrong type or not among the allowed ones) are
/// collected together: each offending `key = value` line is set aside and the rest parsed
/// again, so independent mistakes are reported in one run.
pub fn parse_collecting<T: DeserializeOwned + schemars::JsonSchema>(
    source: &Arc<Source>,
) -> Result<T, Partial<T>> {
    let first = match toml::from_str::<T>(&source.text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let mut errors = Diagnostics::new();
    errors.push(diagnostic::<T>(source, &first));
    let mut text = source.text.clone();
    let mut error = first;
    let mut set_aside = Vec::new();
    let mut rest = None;
    while errors.len() < MAX_SHAPE_ERRORS {
        let Some(line) = error.span().and_then(|span| lone_line(&text, span.start)) else {
            break;
        };
        // A table or array written inline is a structure other checks read, not a value.
        let value = text[line.clone()]
            .split_once('=')
            .map_or("", |(_, v)| v.trim_start());
        let (table, header) = enclosing_table(&text, line.start);
        let table = if value.starts_with('[') || value.starts_with('{') {
            format!("{table} (a structure)")
        } else {
            table
        };
        set_aside.push((table, header));
        // Blank the line byte for byte, so that later spans still point into the file.
        let blank: String = text[line.clone()]
            .bytes()
            .enumerate()
            .map(|(i, _)| if i == 0 { '#' } else { ' ' })
            .collect();
        text.replace_range(line, &blank);
        match toml::from_str::<T>(&text) {
            Ok(value) => {
                rest = Some(value);
                break;
            }
            Err(e) => {
                // Only a shape error on a line of its own is independent of the ones before.
                if e.span().and_then(|s| lone_line(&text, s.start)).is_none() {
                    break;
                }
                errors.push(diagnostic::<T>(source, &e));
                error = e;
            }
        }
    }
    Err(Partial {
        errors,
        rest,
        set_aside,
    })
}

/// Where a set-aside line sits: the name of the `[table]` whose header is above it (empty
/// for a top-level key) and the byte range of the header, where a check that the table
/// lacks a field points. A line is a header only when it is one: `[name]` or
/// `[[name]]` at the start of a line, not a row of a multi-line array.
fn enclosing_table(text: &str, offset: usize) -> (String, std::ops::Range<usize>) {
    let mut table = (String::new(), 0..0);
    let mut pos = 0;
    let mut depth: i32 = 0;
    for line in text.split_inclusive('\n') {
        if pos > offset {
            break;
        }
        let trimmed = line.trim();
        if depth == 0 && trimmed.starts_with('[') {
            let inner = trimmed.trim_start_matches('[');
            if let Some(end) = inner.find(']') {
                let name = inner[..end].trim();
                // The header as written, from its first `[` to its last `]`.
                let from = pos + (line.len() - line.trim_start().len());
                let to = from + trimmed.trim_end_matches(|c| c != ']').len();
                table = (name.to_string(), from..to);
            }
        } else {
            // Brackets opened by values (arrays over several lines) are not headers.
            let code = trimmed.split('#').next().unwrap_or("");
            depth += code.matches('[').count() as i32 - code.matches(']').count() as i32;
            depth = depth.max(0);
        }
        pos += line.len();
    }
    table
}

/// The byte range of the line holding `offset`, if it is a `key = value` line that parses
/// on its own (not a table header, not part of a value spread over several lines).
fn lone_line(text: &str, offset: usize) -> Option<std::ops::Range<usize>> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    // A file with Windows line ends keeps its `\r` on the line.
    let end = if text[start..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    let line = &text[start..end];
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('[') || trimmed.starts_with('#') {
        return None;
    }
    let table: toml::Table = line.parse().ok()?;
    (table.len() == 1).then_some(start..end)
}

/// One syntax or shape error in plain words, located.
fn diagnostic<T: schemars::JsonSchema>(source: &Arc<Source>, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let (mut message, label, mut help) = explain_toml_error(e.message());
    // A top-level key written after a [table] header belongs to that table in TOML.
    if let Some(word) = message
        .strip_prefix("unknown field `")
        .and_then(|w| w.strip_suffix('`'))
    {
        let schema = schemars::schema_for!(T);
        if schema.get("properties").and_then(|p| p.get(word)).is_some() {
            help = Some(format!(
                "`{word}` is a top-level field: move it above the first [table] header (in TOML, a key written after `[x]` belongs to table x)"
            ));
        }
    }
    if message == "duplicate key" {
        let key = source.text.get(span.clone()).unwrap_or("").trim();
        if !key.is_empty() {
            message = format!("`{key}` is defined twice");
        }
    }
    Diagnostic::error(message)
        .at(source, span)
        .label(label)
        .help_opt(help)
}

/// Rewrites serde/toml messages in plain words, with a hint where one helps.
fn explain_toml_error(raw: &str) -> (String, String, Option<String>) {
    let raw = raw.trim();
    if raw.contains("untagged enum Binding") {
        return (
            "expected a number, or the name of an assumption in quotes".into(),
            "neither a number nor a name".into(),
            Some(
                "e.g. `effect = 0.1`, or `effect = \"effect\"` for the assumption named effect"
                    .into(),
            ),
        );
    }
    if raw.contains(" as i128") || raw.contains(" as u128") {
        return (
            "this number is too large".into(),
            "too large".into(),
            Some("sibyl's numbers are at most 10^15; check for extra digits".into()),
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (word, expected) = split_expected(rest);
        let help = suggestion_hint(
            &word,
            expected.iter().map(String::as_str),
            "the fields allowed here",
        );
        return (
            format!("unknown field `{word}`"),
            "not a field of this table".into(),
            help,
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (word, expected) = split_expected(rest);
        let help = suggestion_hint(
            &word,
            expected.iter().map(String::as_str),
            "the values allowed here",
        );
        return (
            format!("`{word}` is not an allowed value"),
            "not allowed here".into(),
            help,
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid value: integer `") {
        if let Some((number, expected)) = rest.split_once("`, expected ") {
            return (
                format!("expected {}, found `{number}`", plain_type(expected)),
                "out of range".into(),
                Some("counts, sizes and periods are whole numbers of 0 or more".into()),
            );
        }
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let found = found.split(" as ").next().unwrap_or(found);
            let message = format!("expected {}, found {found}", plain_type(expected));
            let help = type_hint(expected);
            return (message, "wrong type".into(), help);
        }
    }
    if raw.contains("recurs") {
        return (
            "the file nests tables or arrays too deeply".into(),
            "nesting stops here".into(),
            Some("sibyl files are at most a few levels deep; check for unclosed brackets".into()),
        );
    }
    (first_line(raw), "here".into(), syntax_hint(raw))
}

/// Splits "X`, expected one of `a`, `b`" into ("X", ["a", "b"]).
fn split_expected(rest: &str) -> (String, Vec<String>) {
    let (word, expected) = rest.split_once('`').unwrap_or((rest, ""));
    let names = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    (word.to_string(), names)
}

fn plain_type(expected: &str) -> String {
    match expected.trim() {
        "u32" | "u64" | "usize" => "a whole number of 0 or more".into(),
        "f64" | "f32" => "a number".into(),
        "a boolean" => "`true` or `false`".into(),
        "a sequence" => "an array `[...]`".into(),
        "a sequence of strings" => "an array of names `[\"a\", \"b\"]`".into(),
        "struct Datetime" | "a datetime" | "a TOML datetime" => "a date (e.g. 2010-09-01)".into(),
        "a map" => "a table".into(),
        other if other.starts_with("struct ") || other.starts_with("map") => "a table".into(),
        other => other.to_string(),
    }
}

fn type_hint(expected: &str) -> Option<String> {
    let e = expected.trim();
    if e == "u32" {
        Some("write a whole number without quotes or decimals, e.g. `4`".into())
    } else if e == "f64" {
        Some("write a number without quotes, e.g. `0.1` or `50_000`".into())
    } else if e.contains("atetime") {
        Some("write the date without quotes, year first: e.g. start = 2025-01-01".into())
    } else if e == "a string" {
        Some("put text in double quotes, e.g. \"moj\"".into())
    } else if e == "a sequence" {
        Some("write a list in square brackets, e.g. [\"c1\", \"c2\"] or [0.1, 0.2]".into())
    } else if e == "a map" || e.starts_with("struct ") || e.starts_with("map") {
        Some("write a table: a `[name]` header followed by `key = value` lines, or `{ key = value }` inline".into())
    } else {
        None
    }
}

fn syntax_hint(raw: &str) -> Option<String> {
    if raw.contains("invalid unquoted key") {
        Some("a key with letters outside a-z (or a space) goes in double quotes, e.g. [parties.\"община\"]".into())
    } else if raw.contains("unclosed array") || raw.contains("missing comma between array elements")
    {
        Some("an array may be missing its closing `]`, or a comma between items; look at the line above".into())
    } else if raw.contains("invalid basic string") || raw.contains("invalid literal string") {
        Some("a string must be closed with a matching quote on the same line (use \"\"\" for text over several lines)".into())
    } else if raw.contains("overflow") {
        Some("the number is too large; sibyl's numbers are at most 10^15".into())
    } else if raw.contains("expected `=`") || raw.contains("key with no value") {
        Some("each line is `key = value`; text values go in double quotes".into())
    } else if raw.contains("invalid string") || raw.contains("string") {
        Some("put text in double quotes, e.g. name = \"Peterborough\"".into())
    } else if raw.contains("duplicate key") {
        Some("each key may appear once per table; remove or rename the repeat".into())
    } else {
        Some("see the TOML format at toml.io, or `sibyl schema` for the fields".into())
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_gets_a_did_you_mean() {
        let (msg, _, help) =
            explain_toml_error("unknown field `prise`, expected one of `price`, `payer`");
        assert_eq!(msg, "unknown field `prise`");
        assert_eq!(help.as_deref(), Some("did you mean `price`?"));
    }

    #[test]
    fn unknown_variant_with_two_options() {
        let (msg, _, help) =
            explain_toml_error("unknown variant `payr`, expected `payer` or `investor`");
        assert_eq!(msg, "`payr` is not an allowed value");
        assert_eq!(help.as_deref(), Some("did you mean `payer`?"));
    }

    #[test]
    fn negative_count_is_explained() {
        let (msg, _, _) = explain_toml_error("invalid value: integer `-3`, expected u32");
        assert_eq!(msg, "expected a whole number of 0 or more, found `-3`");
    }
}
