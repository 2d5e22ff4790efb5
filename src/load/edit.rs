//! Setting one number of a file by its dotted path (`rules.pooled.threshold`,
//! `cohorts.c1.target`, `correlation.matrix.0.1`), editing the TOML text in place so the
//! rest of the file keeps its lines, comments and layout: a validation error at the new
//! value points at the same line it would in the file.

use toml_edit::{DocumentMut, Item, Value};

/// What a dotted path names in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A number; `integer` when the file writes a whole number (`target = 1000`).
    Number {
        integer: bool,
    },
    /// Something else: its kind for the message (`a string`, `a table`, ...).
    Other(&'static str),
    Missing,
}

/// Parses TOML text for editing; `None` when it does not parse (the loader reports why).
fn document(text: &str) -> Option<DocumentMut> {
    text.parse::<DocumentMut>().ok()
}

/// What `path` names in `text`.
pub fn lookup(text: &str, path: &str) -> Found {
    let Some(mut doc) = document(text) else {
        return Found::Missing;
    };
    let segments: Vec<&str> = path.split('.').collect();
    let mut found = Found::Missing;
    at_item(doc.as_item_mut(), &segments, &mut |node| {
        found = match node {
            Node::Value(Value::Integer(_)) => Found::Number { integer: true },
            Node::Value(Value::Float(_)) => Found::Number { integer: false },
            Node::Value(v) => Found::Other(value_kind(v)),
            Node::Table => Found::Other("a table"),
        };
    });
    found
}

/// `text` with the number at `path` set to `value` (written as a whole number where the
/// file has one and the value is whole; otherwise as a decimal, which the validator
/// refuses where a count is needed), keeping the value's surrounding spaces and comment.
pub fn set_number(text: &str, path: &str, value: f64) -> Option<String> {
    let mut doc = document(text)?;
    let segments: Vec<&str> = path.split('.').collect();
    let mut done = false;
    at_item(doc.as_item_mut(), &segments, &mut |node| {
        if let Node::Value(v) = node {
            let integer = match v {
                Value::Integer(_) => true,
                Value::Float(_) => false,
                _ => return,
            };
            let decor = v.decor().clone();
            *v = if integer && value.fract() == 0.0 && value.abs() < 9.0e15 {
                Value::from(value as i64)
            } else {
                Value::from(value)
            };
            *v.decor_mut() = decor;
            done = true;
        }
    });
    done.then(|| doc.to_string())
}

/// Every dotted path of a number in `text`, in the order of the file.
pub fn number_paths(text: &str) -> Vec<String> {
    let Some(doc) = document(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk_item(doc.as_item(), "", &mut out);
    out
}

enum Node<'a> {
    Value(&'a mut Value),
    Table,
}

fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) | Value::Float(_) => "a number",
        Value::Boolean(_) => "true or false",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "a list",
        Value::InlineTable(_) => "a table",
    }
}

fn at_item(item: &mut Item, segments: &[&str], f: &mut dyn FnMut(Node<'_>)) {
    let Some((first, rest)) = segments.split_first() else {
        match item {
            Item::Value(v) => f(Node::Value(v)),
            Item::Table(_) | Item::ArrayOfTables(_) => f(Node::Table),
            Item::None => {}
        }
        return;
    };
    match item {
        Item::Table(t) => {
            if let Some(next) = t.get_mut(first) {
                at_item(next, rest, f);
            }
        }
        Item::ArrayOfTables(a) => {
            if let Some(t) = first.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                if rest.is_empty() {
                    f(Node::Table);
                } else if let Some(next) = t.get_mut(rest[0]) {
                    at_item(next, &rest[1..], f);
                }
            }
        }
        Item::Value(v) => at_value(v, segments, f),
        Item::None => {}
    }
}

fn at_value(v: &mut Value, segments: &[&str], f: &mut dyn FnMut(Node<'_>)) {
    let Some((first, rest)) = segments.split_first() else {
        f(Node::Value(v));
        return;
    };
    let next = match v {
        Value::InlineTable(t) => t.get_mut(first),
        Value::Array(a) => first.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
        _ => None,
    };
    if let Some(next) = next {
        at_value(next, rest, f);
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn walk_item(item: &Item, prefix: &str, out: &mut Vec<String>) {
    match item {
        Item::Table(t) => {
            for (k, v) in t.iter() {
                walk_item(v, &join(prefix, k), out);
            }
        }
        Item::ArrayOfTables(a) => {
            for (i, t) in a.iter().enumerate() {
                for (k, v) in t.iter() {
                    walk_item(v, &join(&join(prefix, &i.to_string()), k), out);
                }
            }
        }
        Item::Value(v) => walk_value(v, prefix, out),
        Item::None => {}
    }
}

fn walk_value(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        Value::Integer(_) | Value::Float(_) => out.push(prefix.to_string()),
        Value::InlineTable(t) => {
            for (k, v) in t.iter() {
                walk_value(v, &join(prefix, k), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                walk_value(v, &join(prefix, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[deal]\nname = \"x\" # the name\n\n[rules.pooled]\nthreshold = 0.075   # pays above\nprice = 50_000\nlimits = { low = 1, high = 2.5 }\nmatrix = [[1.0, -0.3], [-0.3, 1.0]]\n";

    #[test]
    fn finds_numbers_by_dotted_path() {
        assert_eq!(
            lookup(TEXT, "rules.pooled.threshold"),
            Found::Number { integer: false }
        );
        assert_eq!(
            lookup(TEXT, "rules.pooled.price"),
            Found::Number { integer: true }
        );
        assert_eq!(lookup(TEXT, "deal.name"), Found::Other("a string"));
        assert_eq!(lookup(TEXT, "rules.pooled"), Found::Other("a table"));
        assert_eq!(
            lookup(TEXT, "rules.pooled.limits.high"),
            Found::Number { integer: false }
        );
        assert_eq!(
            lookup(TEXT, "rules.pooled.matrix.0.1"),
            Found::Number { integer: false }
        );
        assert_eq!(lookup(TEXT, "rules.pooled.thresold"), Found::Missing);
        assert_eq!(lookup(TEXT, "rules.pooled.matrix.2.0"), Found::Missing);
    }

    #[test]
    fn sets_a_number_keeping_the_rest_of_the_file() {
        let edited = set_number(TEXT, "rules.pooled.threshold", 0.1).unwrap();
        assert_eq!(
            edited,
            TEXT.replace(
                "threshold = 0.075   # pays above",
                "threshold = 0.1   # pays above"
            )
        );
        let edited = set_number(TEXT, "rules.pooled.price", 60000.0).unwrap();
        assert!(edited.contains("price = 60000\n"), "{edited}");
        let edited = set_number(TEXT, "rules.pooled.price", 2.5).unwrap();
        assert!(edited.contains("price = 2.5\n"), "{edited}");
        let edited = set_number(TEXT, "rules.pooled.matrix.0.1", -0.5).unwrap();
        assert!(edited.contains("[[1.0, -0.5], [-0.3, 1.0]]"), "{edited}");
        assert_eq!(set_number(TEXT, "deal.name", 1.0), None);
    }

    #[test]
    fn lists_every_number() {
        assert_eq!(
            number_paths(TEXT),
            [
                "rules.pooled.threshold",
                "rules.pooled.price",
                "rules.pooled.limits.low",
                "rules.pooled.limits.high",
                "rules.pooled.matrix.0.0",
                "rules.pooled.matrix.0.1",
                "rules.pooled.matrix.1.0",
                "rules.pooled.matrix.1.1"
            ]
        );
    }
}
