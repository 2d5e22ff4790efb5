//! sibyl in English, Bulgarian, Swedish and Finnish: `explain` reads in each language,
//! and the language comes from `--lang` or, without it, from the environment's locale.

use std::collections::BTreeSet;

use fluent_syntax::ast;
use sibyl::i18n::{Lang, Locale};

use crate::util;

/// `sibyl explain` of a contract and its scenario in a language, expected to succeed.
fn explain(contract: &str, scenario: &str, lang: &str) -> String {
    let out = util::sibyl()
        .args(["explain", contract, "--scenario", scenario, "--lang", lang])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8 on stdout")
}

/// The headings every explanation with a scenario has.
const HEADINGS: [&str; 6] = [
    "explain-heading-who",
    "explain-heading-participants",
    "explain-heading-measured",
    "explain-heading-payments",
    "explain-heading-limits",
    "explain-heading-nothing-works",
];

/// The literal text of the English `explain` messages, in pieces of two words or more and
/// ten characters or more ("pays only for verified results."): none belongs in another
/// language's output.
fn english_fragments() -> BTreeSet<String> {
    fn pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &p.elements {
            match element {
                ast::PatternElement::TextElement { value } => {
                    let text = value.trim();
                    if text.len() >= 10 && text.contains(' ') {
                        out.insert(text.to_string());
                    }
                }
                ast::PatternElement::Placeable {
                    expression: ast::Expression::Select { variants, .. },
                } => {
                    for v in variants {
                        pattern(&v.value, out);
                    }
                }
                ast::PatternElement::Placeable { .. } => {}
            }
        }
    }
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/locales/en/explain.ftl"
    ))
    .unwrap();
    let resource = fluent_syntax::parser::parse(source.as_str()).expect("English parses");
    let mut out = BTreeSet::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            if let Some(value) = &m.value {
                pattern(value, &mut out);
            }
        }
    }
    out
}

/// The text with every piece of the files it quotes taken out (names, units, descriptions,
/// sources: each quoted string and each line of the files), so that what is left is sibyl's
/// own words.
fn without_file_text(text: &str, files: &str) -> String {
    // Quoted strings of several words (ids and choices of one word, such as "payer", are
    // not taken out: they would cut up sibyl's words) and whole lines (descriptions).
    let mut pieces: Vec<&str> = Vec::new();
    for line in files.lines() {
        if line.trim().len() >= 20 {
            pieces.push(line.trim());
        }
        pieces.extend(
            line.split('"')
                .skip(1)
                .step_by(2)
                .filter(|p| p.contains(' ')),
        );
    }
    pieces.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let mut out = text.to_string();
    for p in pieces {
        out = out.replace(p, "\u{1}");
    }
    out
}

/// Peterborough explained in each language, whole.
#[test]
fn explain_peterborough_in_every_language() {
    for lang in Lang::ALL {
        let text = explain(
            "contracts/peterborough.toml",
            "scenarios/peterborough.toml",
            lang.code(),
        );
        insta::assert_snapshot!(format!("explain_peterborough_{}", lang.code()), text);
    }
}

/// Every example explains in Bulgarian, Swedish and Finnish: its headings are the
/// language's, no piece of an English message is left in it, and a line reads as the
/// English one only where it is text from the files themselves (the deal's name and
/// description, rule descriptions, sources) or an underline.
#[test]
fn every_example_explains_in_every_language() {
    let fragments = english_fragments();
    assert!(fragments.len() > 50, "{fragments:#?}");
    for (contract, scenario) in util::example_pairs() {
        let (c, s) = (contract.to_str().unwrap(), scenario.to_str().unwrap());
        let files = std::fs::read_to_string(&contract).unwrap()
            + &std::fs::read_to_string(&scenario).unwrap();
        let english = explain(c, s, "en");
        let english_lines: BTreeSet<&str> = english.lines().collect();
        for lang in &Lang::ALL[1..] {
            let text = explain(c, s, lang.code());
            let loc = Locale::of(*lang);
            assert_ne!(text, english, "{c} in {}", lang.code());
            for id in HEADINGS {
                let heading = loc.t(id);
                assert_ne!(heading, Locale::english().t(id), "{id} in {}", lang.code());
                assert!(
                    text.lines().any(|l| l == heading),
                    "{c} in {}: no heading {heading:?}\n{text}",
                    lang.code()
                );
            }
            // Words a language shares with English: Swedish says "per person" too.
            let shared: &[&str] = match lang {
                Lang::Sv => &["per person"],
                _ => &[],
            };
            let sibyls_words = without_file_text(&text, &files);
            for fragment in fragments.iter().filter(|f| !shared.contains(&f.as_str())) {
                assert!(
                    !sibyls_words.contains(fragment.as_str()),
                    "{c} in {}: English left: {fragment:?}\n{text}",
                    lang.code()
                );
            }
            for line in text.lines().filter(|l| english_lines.contains(l)) {
                let content = line.trim().trim_start_matches("- ");
                let underline = line.chars().all(|ch| ch == '=' || ch == '-');
                assert!(
                    underline || files.contains(content),
                    "{c} in {}: the line {line:?} is the English one\n{text}",
                    lang.code()
                );
            }
        }
    }
}

/// `--lang` wins over the environment's locale; without it, `LANG` chooses.
#[test]
fn lang_option_overrides_the_environment() {
    let run = |lang_env: &str, option: Option<&str>| {
        let mut cmd = util::sibyl();
        cmd.env("LANG", lang_env)
            .args(["explain", "contracts/peterborough.toml"]);
        if let Some(l) = option {
            cmd.args(["--lang", l]);
        }
        let out = cmd.assert().success().get_output().stdout.clone();
        String::from_utf8(out).expect("UTF-8 on stdout")
    };
    let heading = |lang: Lang| Locale::of(lang).t("explain-heading-who");
    let bulgarian = run("fi_FI.UTF-8", Some("bg"));
    assert!(bulgarian.contains(&heading(Lang::Bg)), "{bulgarian}");
    assert!(!bulgarian.contains(&heading(Lang::Fi)), "{bulgarian}");
    let english = run("fi_FI.UTF-8", Some("en"));
    assert!(english.contains("Who is involved"), "{english}");
    let swedish = run("sv_SE.UTF-8", None);
    assert!(swedish.contains(&heading(Lang::Sv)), "{swedish}");
    assert!(!swedish.contains("Who is involved"), "{swedish}");
}
