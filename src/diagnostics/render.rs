use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Diagnostics, Severity};

/// Whether rendered diagnostics carry terminal colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Plain,
    Styled,
}

/// One diagnostic, rustc style: message, `--> file:line:column`, the text marked, a help line.
pub fn render(d: &Diagnostic, color: ColorChoice) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = level.primary_title(d.message.as_str());
    group = match (&d.source, &d.span) {
        (Some(source), Some(span)) => {
            let span = clamp_span(&source.text, span.clone());
            let mut annotation = AnnotationKind::Primary.span(span);
            if let Some(label) = &d.label {
                annotation = annotation.label(label.as_str());
            }
            return finish(
                group.element(
                    Snippet::source(source.text.as_str())
                        .path(source.path.as_str())
                        .annotation(annotation),
                ),
                d,
                color,
            );
        }
        (Some(source), None) => {
            let mut g = Group::with_title(group).element(Origin::path(source.path.as_str()));
            if let Some(label) = &d.label {
                g = g.element(Level::NOTE.message(label.as_str()));
            }
            return finish_group(g, d, color);
        }
        (None, _) => group,
    };
    let mut g = Group::with_title(group);
    if let Some(label) = &d.label {
        g = g.element(Level::NOTE.message(label.as_str()));
    }
    finish_group(g, d, color)
}

fn finish<'a>(title_group: Group<'a>, d: &'a Diagnostic, color: ColorChoice) -> String {
    finish_group(title_group, d, color)
}

fn finish_group<'a>(mut group: Group<'a>, d: &'a Diagnostic, color: ColorChoice) -> String {
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = match color {
        ColorChoice::Plain => Renderer::plain(),
        ColorChoice::Styled => Renderer::styled(),
    };
    renderer.render(&[group])
}

/// Every diagnostic, then a one-line count of errors and warnings.
pub fn render_all(diagnostics: &Diagnostics, color: ColorChoice) -> String {
    let mut out = String::new();
    for d in diagnostics.iter() {
        out.push_str(&render(d, color));
        out.push_str("\n\n");
    }
    let errors = diagnostics.error_count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => {}
        (e, 0) => out.push_str(&format!("{} found\n", plural(e, "error"))),
        (0, w) => out.push_str(&format!("{}\n", plural(w, "warning"))),
        (e, w) => out.push_str(&format!(
            "{} and {} found\n",
            plural(e, "error"),
            plural(w, "warning")
        )),
    }
    out
}

/// A span that is inside the text and on character boundaries; empty spans widen to one
/// character so the mark is visible.
fn clamp_span(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if end == start {
        if let Some(c) = text[start..].chars().next() {
            end = start + c.len_utf8();
        }
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Source;

    #[test]
    fn renders_location_mark_and_help() {
        let src = Source::new("contracts/x.toml", "[deal]\nprise = 3\n");
        let d = Diagnostic::error("unknown field `prise`")
            .at(&src, 7..12)
            .label("not a field of [deal]")
            .help("did you mean `price`?");
        let text = render(&d, ColorChoice::Plain);
        assert!(text.contains("--> contracts/x.toml:2:1"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `price`?"), "{text}");
    }

    #[test]
    fn empty_span_at_end_of_file_still_renders() {
        let src = Source::new("x.toml", "");
        let d = Diagnostic::error("empty").at(&src, 0..0);
        let text = render(&d, ColorChoice::Plain);
        assert!(text.contains("x.toml"), "{text}");
    }
}
