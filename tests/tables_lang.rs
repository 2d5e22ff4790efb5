//! The tables of `compare`, `stress`, `sensitivity` and `breakeven` in Bulgarian, Swedish and
//! Finnish: every heading translated, figures with the language's decimal comma, the same
//! lines as English (the layout is the language's only change), and a snapshot of the
//! comparison table in each language.

use crate::util::sibyl;
use sibyl::i18n::{Lang, Locale};

const COMPARE: &[&str] = &[
    "compare",
    "contracts/peterborough.toml",
    "contracts/peterborough-pooled-only.toml",
    "contracts/peterborough-rate-card.toml",
    "--scenario",
    "scenarios/peterborough.toml",
    "--trials",
    "2000",
    "--seed",
    "1",
];

const STRESS: &[&str] = &[
    "stress",
    "contracts/nyc-able.toml",
    "--scenario",
    "scenarios/nyc-able.toml",
    "--trials",
    "2000",
    "--measured",
    "0.05",
    "--measured",
    "0.1",
];

const SENSITIVITY: &[&str] = &[
    "sensitivity",
    "contracts/peterborough.toml",
    "--scenario",
    "scenarios/peterborough.toml",
    "--metric",
    "tranche.bonds.moic",
    "--trials",
    "2000",
];

const BREAKEVEN: &[&str] = &[
    "breakeven",
    "contracts/educate-girls.toml",
    "--scenario",
    "scenarios/educate-girls.toml",
    "--assumption",
    "learning_gain",
    "--trials",
    "2000",
];

/// The beginnings of the English lines a person reads as headings, titles and sentences
/// (not rows of figures), per command.
const COMPARE_HEADERS: &[&str] = &[
    "3 designs under",
    "2,000 trials, seed",
    "mean (P for probabilities)",
    "Differences are paired",
    "Paired differences:",
    "Warnings for [1]",
];
const STRESS_HEADERS: &[&str] = &[
    "NYC ABLE (Rikers Island) SIB under",
    "2,000 trials a case",
    "case ",
    "base ",
    "Change from the base",
    "What if every metric",
    "measured effect",
    "Cases",
    "  base: the scenario as written",
    "  effect_halved: ",
    "  referrals_minus_30: ",
    "  delay_6_months: ",
    "  terminated_after_year_2: ",
];
const SENSITIVITY_HEADERS: &[&str] = &[
    "Sensitivity of",
    "2,000 trials per case",
    "Tornado:",
    "assumption ",
    "Rank correlations with",
];
const BREAKEVEN_HEADERS: &[&str] = &[
    "Breakeven of",
    "2,000 trials per estimate",
    "  95% Monte Carlo band",
    "  a higher learning_gain",
    "  in the scenario as written",
    "Probability of the target by value",
];

fn stdout(args: &[&str], lang: &str) -> String {
    let out = sibyl()
        .args(["--lang", lang])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8 on stdout")
}

/// How often a digit, `sep`, a digit occur in a text: a decimal point or comma in a figure.
fn separated_digits(text: &str, sep: char) -> usize {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .filter(|w| w[0].is_ascii_digit() && w[1] == sep && w[2].is_ascii_digit())
        .count()
}

/// A command in the three languages against English: same lines, every heading translated,
/// decimal commas for decimal points.
fn translated(args: &[&str], headers: &[&str]) {
    let english = stdout(args, "en");
    let en_lines: Vec<&str> = english.lines().collect();
    for header in headers {
        assert!(
            en_lines.iter().any(|l| l.starts_with(header)),
            "no English line starts with {header:?}:\n{english}"
        );
    }
    let decimals = separated_digits(&english, '.');
    assert!(decimals > 0, "English shows no decimal figure:\n{english}");
    for lang in ["bg", "sv", "fi"] {
        let text = stdout(args, lang);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines.len(),
            en_lines.len(),
            "{lang}: the same lines as English:\n{text}"
        );
        for (en, line) in en_lines.iter().zip(&lines) {
            if headers.iter().any(|h| en.starts_with(h)) {
                assert_ne!(en, line, "{lang}: a heading left in English");
            }
        }
        assert_eq!(
            separated_digits(&text, '.'),
            0,
            "{lang}: a decimal point in a figure:\n{text}"
        );
        assert!(
            separated_digits(&text, ',') >= decimals,
            "{lang}: {decimals} decimal figures in English, fewer decimal commas:\n{text}"
        );
        assert!(
            !text.contains("n/a") && !text.contains('<'),
            "{lang}: an untranslated cell or a missing message:\n{text}"
        );
    }
}

#[test]
fn compare_in_every_language() {
    translated(COMPARE, COMPARE_HEADERS);
}

#[test]
fn stress_in_every_language() {
    translated(STRESS, STRESS_HEADERS);
}

#[test]
fn sensitivity_in_every_language() {
    translated(SENSITIVITY, SENSITIVITY_HEADERS);
}

#[test]
fn breakeven_in_every_language() {
    translated(BREAKEVEN, BREAKEVEN_HEADERS);
}

/// The comparison of the three Peterborough designs in each language, up to the designs'
/// warnings (those are the warnings' own messages): titles, the table and its notes.
#[test]
fn compare_table_snapshots() {
    for lang in ["bg", "sv", "fi"] {
        let text = stdout(COMPARE, lang);
        let loc = Locale::of(Lang::parse(lang).unwrap());
        let warnings = format!(
            "\n\n{}\n",
            sibyl::tr!(loc, "compare-warnings", design = "1")
        );
        let end = text.find(&warnings).expect("warnings for design 1");
        let table = &text[..end + 1];
        // No-break spaces shown, so a snapshot's reader sees where they are.
        let shown = table.replace('\u{a0}', "⍽");
        insta::assert_snapshot!(format!("compare_{lang}"), shown);
    }
}

/// Every message the four tables name exists in English (multi-line `tr!` calls escape the
/// library's own scan of the sources).
#[test]
fn every_table_message_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/report");
    let prefixes = [
        "compare-",
        "stress-",
        "sensitivity-",
        "breakeven-",
        "tables-",
    ];
    let english = Locale::english();
    let mut named = 0;
    for file in ["compare", "stress", "sensitivity", "breakeven", "grid"] {
        let text = std::fs::read_to_string(root.join(format!("{file}.rs"))).unwrap();
        for literal in text.split('"').skip(1).step_by(2) {
            let is_id = prefixes.iter().any(|p| literal.starts_with(p))
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if is_id {
                named += 1;
                assert!(english.has(literal), "src/report/{file}.rs: `{literal}`");
            }
        }
    }
    assert!(named > 50, "only {named} message ids found");
}
