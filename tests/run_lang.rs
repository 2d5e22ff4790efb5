//! `sibyl run` and `sibyl settle` in every language: the tables' headers, labels and
//! sentences are translated, figures are written as each language writes them, columns
//! stay aligned, and JSON stays English whatever `--lang`.

use sibyl::i18n::{Lang, Locale};

use crate::util::sibyl;

const OTHERS: [&str; 3] = ["bg", "sv", "fi"];

/// Runs sibyl with `--lang lang` and these arguments, expects success, returns stdout.
fn stdout(lang: &str, args: &[&str]) -> String {
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

fn lang(code: &str) -> Lang {
    Lang::parse(code).expect("one of sibyl's languages")
}

fn run_args(deal: &str, trials: &'static str) -> Vec<String> {
    [
        "run",
        &format!("contracts/{deal}.toml"),
        "--scenario",
        &format!("scenarios/{deal}.toml"),
        "--trials",
        trials,
        "--seed",
        "7",
    ]
    .map(String::from)
    .to_vec()
}

fn run_table(code: &str, deal: &str, trials: &'static str) -> String {
    let args = run_args(deal, trials);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    stdout(code, &args)
}

/// The table's rows: from the column headers to the first blank line.
fn table_rows(out: &str) -> Vec<&str> {
    out.lines().skip(3).take_while(|l| !l.is_empty()).collect()
}

/// A row's label: the first cell (cells are two or more spaces apart).
fn label(row: &str) -> &str {
    row.trim_start().split("  ").next().unwrap_or("")
}

/// The sections of the run table: their message ids.
const SECTIONS: [&str; 7] = [
    "run-section-investors",
    "run-section-payers",
    "run-section-providers",
    "run-section-deal",
    "run-section-outcomes",
    "run-section-caps",
    "run-section-warnings",
];

#[test]
fn run_tables_read_in_every_language() {
    for deal in ["peterborough", "nyc-able"] {
        let english = run_table("en", deal, "2000");
        let en_rows = table_rows(&english);
        assert!(english.contains("\nWarnings\n"), "{deal} gives warnings");
        for code in OTHERS {
            let loc = Locale::of(lang(code));
            let out = run_table(code, deal, "2000");
            let rows = table_rows(&out);
            // The same rows, every one with words in it translated.
            assert_eq!(rows.len(), en_rows.len(), "{deal} {code}:\n{out}");
            assert_ne!(out.lines().next(), english.lines().next(), "{code}: title");
            assert_ne!(out.lines().nth(1), english.lines().nth(1), "{code}: trials");
            for (row, en_row) in rows.iter().zip(&en_rows) {
                if label(en_row).contains(' ') {
                    assert_ne!(label(row), label(en_row), "{deal} {code}: {row}");
                }
            }
            assert_ne!(rows[0], en_rows[0], "{deal} {code}: column headers");
            // Every section header English has is there, translated.
            for id in SECTIONS {
                let en = Locale::english().t(id);
                if english.lines().any(|l| l == en) {
                    let translated = loc.t(id);
                    assert_ne!(translated, en, "{code}: {id}");
                    assert!(
                        out.lines().any(|l| l == translated),
                        "{deal} {code}: no header {translated:?}\n{out}"
                    );
                    assert!(!out.lines().any(|l| l == en), "{deal} {code}: {en}");
                }
            }
            // Figures with a decimal comma, none with a point.
            let decimal = |s: &str, mark: u8| {
                s.as_bytes()
                    .windows(3)
                    .any(|w| w[0].is_ascii_digit() && w[1] == mark && w[2].is_ascii_digit())
            };
            assert!(decimal(&out, b','), "{deal} {code}: decimal comma\n{out}");
            assert!(
                !decimal(&out, b'.'),
                "{deal} {code}: a decimal point\n{out}"
            );
            assert!(
                out.contains("x ") || out.contains("x\n"),
                "{deal} {code}: multiples"
            );
            // Columns aligned: rows with the same cells end in the same column.
            let mut ends: std::collections::BTreeMap<usize, usize> = Default::default();
            for row in &rows[1..] {
                let cells = row
                    .trim_start()
                    .split("  ")
                    .filter(|c| !c.is_empty())
                    .count();
                if cells > 1 {
                    let end = row.chars().count();
                    assert_eq!(
                        *ends.entry(cells).or_insert(end),
                        end,
                        "{deal} {code}: misaligned row {row:?}\n{out}"
                    );
                }
            }
            assert_eq!(
                ends.get(&7),
                Some(&rows[0].chars().count()),
                "{deal} {code}: full rows end under the last header\n{out}"
            );
            // The warnings, each in the language.
            let warnings = out
                .split_once(&format!("\n{}\n", loc.t("run-section-warnings")))
                .map(|(_, w)| w)
                .unwrap_or_else(|| panic!("{deal} {code}: no warnings\n{out}"));
            let en_warnings = english.split_once("\nWarnings\n").unwrap().1;
            assert_eq!(warnings.lines().count(), en_warnings.lines().count());
            for (w, en) in warnings.lines().zip(en_warnings.lines()) {
                assert!(w.starts_with("  - "), "{w}");
                assert_ne!(w, en, "{deal} {code}: an English warning");
            }
        }
    }
}

#[test]
fn run_json_is_english_whatever_the_language() {
    let mut args = run_args("nyc-able", "2000");
    args.extend(["--format", "json"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let english = stdout("en", &args);
    assert!(english.contains("\"warnings\""));
    for code in OTHERS {
        assert_eq!(stdout(code, &args), english, "{code}");
    }
}

#[test]
fn run_table_snapshots() {
    for code in ["en", "bg", "sv", "fi"] {
        let out = run_table(code, "peterborough", "500");
        insta::assert_snapshot!(format!("run_table_peterborough_{code}"), out);
    }
}

#[test]
fn settle_in_every_language() {
    let args = [
        "settle",
        "contracts/peterborough.toml",
        "--observed",
        "observed/peterborough.toml",
    ];
    let english = stdout("en", &args);
    // As `settle` has always written it.
    let stored = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scripts/behaviour/peterborough.settle.stdout"
    ))
    .unwrap();
    assert_eq!(english, stored);
    insta::assert_snapshot!("settle_peterborough_en", english);
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json = stdout("en", &json_args);
    for code in OTHERS {
        let out = stdout(code, &args);
        assert_eq!(out.lines().count(), english.lines().count(), "{code}");
        for (line, en) in out.lines().zip(english.lines()) {
            if !line.is_empty() {
                assert_ne!(line, en, "{code}: an English line");
            }
        }
        assert!(out.contains("1,18x"), "{code}: the multiple\n{out}");
        assert!(
            out.contains("3\u{a0}124\u{a0}800"),
            "{code}: grouped\n{out}"
        );
        insta::assert_snapshot!(format!("settle_peterborough_{code}"), out);
        assert_eq!(stdout(code, &json_args), json, "{code}: JSON stays English");
    }
}

/// Every observed history settles in every language, with nothing left in English: the
/// English line's words are not in the translated line.
#[test]
fn every_observed_history_settles_in_every_language() {
    for name in [
        "peterborough",
        "nyc-able",
        "utah-preschool",
        "educate-girls",
    ] {
        let contract = format!("contracts/{name}.toml");
        let observed = format!("observed/{name}.toml");
        let args = ["settle", contract.as_str(), "--observed", observed.as_str()];
        let english = stdout("en", &args);
        for code in OTHERS {
            let out = stdout(code, &args);
            for word in [
                " pays ",
                " under ",
                " paid ",
                " received ",
                "Payments",
                "Payers",
                "Tranches",
                "Elsewhere",
                " a year",
                "not yet known",
                "to period",
            ] {
                assert!(!out.contains(word), "{name} {code}: {word:?}\n{out}");
            }
            assert_eq!(
                out.lines().count(),
                english.lines().count(),
                "{name} {code}"
            );
        }
    }
}
