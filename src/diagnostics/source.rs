use std::sync::Arc;

/// The text of one input file and the name it is reported under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: String,
    pub text: String,
}

impl Source {
    /// A file's text, without a leading byte-order mark (which editors on Windows write and
    /// which would shift every column of the first line by one).
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Arc::new(Self {
            path: path.into(),
            text,
        })
    }

    /// The text of `bytes` read from `path`, or an error at the first byte that is not
    /// UTF-8 (`help` says how to save the file).
    pub fn from_utf8(
        path: impl Into<String>,
        bytes: Vec<u8>,
        help: impl Into<String>,
    ) -> Result<Arc<Self>, super::Diagnostics> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Self::new(path, text)),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
                let source = Self::new(path, prefix);
                Err(super::Diagnostic::error(format!(
                    "`{}` is not UTF-8 text (invalid byte at offset {valid})",
                    source.path
                ))
                .at(&source, valid..valid)
                .label("the text stops being readable here")
                .help(help)
                .into())
            }
        }
    }

    /// One-based line and column (in characters) of a byte offset, clamped to the text.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let s = Source::new("f.toml", "a = 1\nbé = 2\n");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(4), (1, 5));
        assert_eq!(s.line_col(6), (2, 1));
        // `=` after a two-byte character is the fourth character of the line.
        assert_eq!(s.line_col(10), (2, 4));
        assert_eq!(s.line_col(1_000), (3, 1));
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let s = Source::new("f.toml", "é");
        assert_eq!(s.line_col(1), (1, 1));
    }
}
