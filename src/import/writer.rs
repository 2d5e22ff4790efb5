//! Writing TOML by hand: strings, keys and numbers as the format wants them, comments that
//! cannot break a line, and a document that counts its TODOs.
//!
//! The raw file types only read TOML (they keep spans for diagnostics), and a serializer
//! would drop the comments that cite the record, so the import writes its text itself.

use std::fmt::Write;

/// A basic string: quoted, with `"`, `\` and control characters escaped.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key: bare when TOML allows it (ASCII letters, digits, `_` and `-`), else quoted.
pub fn key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        s.to_string()
    } else {
        string(s)
    }
}

/// A table header from its keys: `[rules.rate_card.prices]`.
pub fn header(keys: &[&str]) -> String {
    let keys: Vec<String> = keys.iter().map(|k| key(k)).collect();
    format!("[{}]", keys.join("."))
}

/// A number: whole numbers as TOML integers, others as floats written in full (never an
/// exponent, which TOML would read but people misread).
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        // Never written: callers pass finite numbers. A string keeps the file readable.
        return string(&x.to_string());
    }
    if x == x.trunc() && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let s = format!("{x}");
    if s.contains('.') { s } else { format!("{s}.0") }
}

/// Text for a comment: control characters (line breaks in a record's notes) become spaces
/// and runs of spaces one, so the comment stays on its line.
pub fn comment_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A record's text quoted for a comment, cut to `max` characters at a word.
pub fn excerpt(s: &str, max: usize) -> String {
    format!("\"{}\"", shorten(&comment_text(s), max))
}

/// Text cut to at most `max` characters, at a space where there is one, marked with `…`.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// Lines of a comment, each starting `# `, wrapped at about 96 characters.
pub fn wrap_comment(text: &str, indent: &str) -> String {
    let text = comment_text(text);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 94 {
            let _ = writeln!(out, "{indent}# {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || out.is_empty() {
        let _ = writeln!(out, "{indent}# {line}");
    }
    out
}

/// The longest line a value keeps its comment on; longer comments go above it.
const TRAILING: usize = 132;

/// What a value's comment says: where it came from, or that it is a placeholder.
#[derive(Debug, Clone)]
pub enum Note {
    /// Nothing to add.
    None,
    /// Taken from the record: the citation.
    From(String),
    /// A placeholder: what to fill in and why. The path names it in the summary.
    Todo { path: String, why: String },
}

/// A TOML document being written, with the TODOs it holds.
#[derive(Debug, Default)]
pub struct Doc {
    pub text: String,
    pub todos: Vec<String>,
}

impl Doc {
    pub fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }

    pub fn blank(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    pub fn comment(&mut self, s: &str) {
        self.text.push_str(&wrap_comment(s, ""));
    }

    /// A TODO comment on its own (a value left out, or a line commented out).
    pub fn todo_comment(&mut self, path: &str, why: &str) {
        self.todos.push(path.to_string());
        self.comment(&format!("TODO: {why}"));
    }

    pub fn header(&mut self, keys: &[&str]) {
        self.blank();
        self.line(&header(keys));
    }

    /// `key = value` with its note: after the value when the line stays short, else on the
    /// lines above.
    pub fn value(&mut self, k: &str, value: &str, note: Note) {
        let body = format!("{} = {value}", key(k));
        let comment = match note {
            Note::None => None,
            Note::From(cite) => Some(cite),
            Note::Todo { path, why } => {
                self.todos.push(path);
                Some(format!("TODO: {why}"))
            }
        };
        match comment {
            None => self.line(&body),
            Some(c) => {
                let c = comment_text(&c);
                if body.chars().count() + c.chars().count() + 4 <= TRAILING {
                    self.line(&format!("{body}  # {c}"));
                } else {
                    self.comment(&c);
                    self.line(&body);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_keys_are_escaped() {
        assert_eq!(string("St Basil's"), "\"St Basil's\"");
        assert_eq!(
            string("a \"b\" \\ c\nd\u{1}"),
            "\"a \\\"b\\\" \\\\ c\\nd\\u0001\""
        );
        assert_eq!(key("outcomemetric1"), "outcomemetric1");
        assert_eq!(key("big_issue-invest"), "big_issue-invest");
        assert_eq!(key("société"), "\"société\"");
        assert_eq!(key(""), "\"\"");
        assert_eq!(
            header(&["rules", "rate_card", "prices"]),
            "[rules.rate_card.prices]"
        );
    }

    #[test]
    fn numbers_are_toml_numbers() {
        assert_eq!(number(500.0), "500");
        assert_eq!(number(1499.99), "1499.99");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(1e15), "1000000000000000.0");
        assert_eq!(number(0.5), "0.5");
        for x in [500.0, 1499.99, 1e15, 0.1 + 0.2, 1e-7, 123_456_789.125] {
            let v: toml::Value = toml::from_str(&format!("x = {}", number(x))).unwrap();
            let back = v["x"].as_float().or(v["x"].as_integer().map(|i| i as f64));
            assert_eq!(back, Some(x), "{}", number(x));
        }
    }

    #[test]
    fn comments_stay_on_their_line() {
        assert_eq!(comment_text("a\r\nb\t c\u{7}"), "a b c");
        assert_eq!(shorten("one two three four", 10), "one two…");
        assert_eq!(shorten("short", 10), "short");
        let wrapped = wrap_comment(&"word ".repeat(60), "");
        assert!(
            wrapped
                .lines()
                .all(|l| l.starts_with("# ") && l.len() <= 96)
        );
        let mut d = Doc::default();
        d.value("price", "500", Note::From("x\ny".into()));
        d.value(
            "name",
            "\"a\"",
            Note::Todo {
                path: "deal.name".into(),
                why: "long ".repeat(30),
            },
        );
        assert!(d.text.starts_with("price = 500  # x y\n# TODO: long"));
        assert_eq!(d.todos, ["deal.name"]);
        let v: toml::Value = toml::from_str(&d.text).unwrap();
        assert_eq!(v["name"].as_str(), Some("a"));
    }
}
