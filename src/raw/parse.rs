//! TOML text into the raw file types: syntax and shape errors (unknown fields, wrong
//! types, numbers out of range) become one located diagnostic in plain words, with a hint.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, Source, suggestion_hint};

/// Parses TOML text into a raw file type; a syntax or shape error becomes one diagnostic.
pub fn parse<T: DeserializeOwned + schemars::JsonSchema>(
    source: &Arc<Source>,
) -> Result<T, Diagnostics> {
    toml::from_str::<T>(&source.text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let (mut message, label, mut help) = explain_toml_error(e.message());
        // A top-level key written after a [table] header belongs to that table in TOML.
        if let Some(word) = message.strip_prefix("unknown field `").and_then(|w| w.strip_suffix('`')) {
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
            .into()
    })
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
        "struct Datetime" => "a date (e.g. 2010-09-01)".into(),
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
    if raw.contains("unclosed array") || raw.contains("missing comma between array elements") {
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
