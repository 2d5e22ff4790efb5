//! `sibyl import indigo`: real INDIGO rows (tests/fixtures/indigo) become a contract
//! skeleton and an observed file that sibyl reads as they are; the prices and counts are
//! the record's, the settlement pays price × count, and no record, however garbled, makes
//! the import panic.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use proptest::prelude::*;

use crate::util::{output, sibyl};

const FIXTURES: &str = "tests/fixtures/indigo";

/// Every project in the fixtures.
const PROJECTS: [&str; 10] = [
    "INDIGO-POJ-0083",
    "INDIGO-POJ-0131",
    "INDIGO-POJ-0132",
    "INDIGO-POJ-0133",
    "INDIGO-POJ-0134",
    "INDIGO-POJ-0135",
    "INDIGO-POJ-0136",
    "INDIGO-POJ-0137",
    "INDIGO-POJ-0143",
    "INDIGO-POJ-0315",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES)
}

/// An import's files in a temporary folder.
struct Imported {
    dir: tempfile::TempDir,
    out: Output,
}

impl Imported {
    fn contract(&self) -> PathBuf {
        self.dir.path().join("contract.toml")
    }
    fn observed(&self) -> PathBuf {
        self.dir.path().join("observed.toml")
    }
    fn contract_text(&self) -> String {
        std::fs::read_to_string(self.contract()).expect("the skeleton was written")
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
}

/// Imports a project of a folder of tables into a fresh folder, with `--out` and
/// `--observed`.
fn import_from(tables: &Path, project: &str) -> Imported {
    let dir = tempfile::tempdir().unwrap();
    let contract = dir.path().join("contract.toml");
    let observed = dir.path().join("observed.toml");
    let out = output(&[
        "import",
        "indigo",
        tables.to_str().unwrap(),
        "--project",
        project,
        "--out",
        contract.to_str().unwrap(),
        "--observed",
        observed.to_str().unwrap(),
    ]);
    Imported { dir, out }
}

fn import(project: &str) -> Imported {
    let imp = import_from(&fixtures(), project);
    assert_eq!(imp.out.status.code(), Some(0), "{}", imp.stderr());
    imp
}

fn toml_of(path: &Path) -> toml::Table {
    toml::from_str(&std::fs::read_to_string(path).unwrap()).expect("the file is TOML")
}

fn number(v: &toml::Value) -> f64 {
    v.as_float()
        .or_else(|| v.as_integer().map(|i| i as f64))
        .unwrap_or_else(|| panic!("{v} is not a number"))
}

/// A table's rows for a project, read with the `csv` crate apart from the import: column
/// name → value.
fn rows(table: &str, project: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(fixtures().join(table)).unwrap();
    let header: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| rec.unwrap())
        .filter(|rec| rec.get(0) == Some(project))
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect::<BTreeMap<_, _>>()
        })
        .collect()
}

/// The rate card's prices in file order: metric id → price.
fn prices(contract: &toml::Table) -> Vec<(String, f64)> {
    contract["rules"]["rate_card"]["prices"]
        .as_table()
        .expect("a prices table")
        .iter()
        .map(|(k, v)| (k.clone(), number(v)))
        .collect()
}

/// Runs sibyl and expects success.
fn succeeds(args: &[&str]) -> String {
    let out = output(args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "sibyl {args:?}:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn ambition_rate_card_has_the_recorded_prices() {
    let imp = import("INDIGO-POJ-0131");
    let c = toml_of(&imp.contract());
    let p: Vec<f64> = prices(&c).into_iter().map(|(_, x)| x).collect();
    assert_eq!(
        p,
        [
            500.0, 500.0, 200.0, 500.0, 1500.0, 1500.0, 1500.0, 1500.0, 500.0, 1500.0, 2500.0,
            3500.0, 500.0, 3000.0, 2000.0, 4500.0, 3500.0, 500.0, 500.0, 250.0, 250.0
        ]
    );
    assert_eq!(c["deal"]["currency"].as_str(), Some("GBP"));
    assert_eq!(c["deal"]["name"].as_str(), Some("Ambition"));
    assert_eq!(c["rules"]["rate_card"]["type"].as_str(), Some("rate_card"));
    // Each price cites its row of the pricings table.
    let text = imp.contract_text();
    assert!(
        text.contains(
            "outcomemetric16 = 4500  # original_projects_outcome_pricings.csv line 17 (outcomemetric16) \"Price Per Unit - Amount - (Value)\""
        ),
        "{text}"
    );
    // The investments' amounts are not in the record: placeholders, marked.
    assert_eq!(c["tranches"].as_table().unwrap().len(), 6);
    assert!(text.contains("# TODO: the record gives no amount for investment1"));
}

#[test]
fn ambition_observed_counts_are_the_final_counts_and_settle_pays_price_times_count() {
    let imp = import("INDIGO-POJ-0131");
    let o = toml_of(&imp.observed());
    // The record's final counts, read apart from the import.
    let finals: BTreeMap<String, f64> = rows("original_projects_results.csv", "INDIGO-POJ-0131")
        .into_iter()
        .filter(|r| r["Result type - (Value)"] == "Final")
        .map(|r| {
            (
                r["Outcome Metric Id - (Value)"].clone(),
                r["Outcomes achieved - (Value)"].parse::<f64>().unwrap(),
            )
        })
        .collect();
    assert_eq!(finals.len(), 21);
    let results = o["results"].as_table().unwrap();
    assert_eq!(results.len(), 21);
    for (metric, count) in &finals {
        let written = number(&results[metric]["participants"]["treated_count"]);
        assert_eq!(written, *count, "{metric}");
    }
    assert_eq!(number(&o["cohorts"]["participants"]["enrolled"]), 409.0);

    // Σ price × count, from the record's prices and counts.
    let price: BTreeMap<String, f64> =
        rows("original_projects_outcome_pricings.csv", "INDIGO-POJ-0131")
            .into_iter()
            .map(|r| {
                (
                    r["Outcome Metric Id - (Value)"].clone(),
                    r["Price Per Unit - Amount - (Value)"]
                        .parse::<f64>()
                        .unwrap(),
                )
            })
            .collect();
    let expected: f64 = finals.iter().map(|(m, n)| price[m] * n).sum();
    assert_eq!(expected, 3_155_150.0);
    let settled = succeeds(&[
        "settle",
        imp.contract().to_str().unwrap(),
        "--observed",
        imp.observed().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&settled).unwrap();
    let paid = v["deal_paid"].as_f64().unwrap();
    assert!(
        (paid - expected).abs() < 1e-6 * expected,
        "{paid} vs {expected}"
    );
    // The summary says both figures and the record's own payment.
    let summary = imp.stdout();
    assert!(
        summary.contains("outcome payments the record states: GBP 2,742,943"),
        "{summary}"
    );
    assert!(
        summary.contains("pay GBP 3,155,150 before caps"),
        "{summary}"
    );
    assert!(
        summary.contains("the files pass `sibyl check` as they are"),
        "{summary}"
    );
}

#[test]
fn dwp_new_horizons_has_its_nine_prices_and_the_cap_per_person_as_a_cited_todo() {
    let imp = import("INDIGO-POJ-0143");
    let c = toml_of(&imp.contract());
    let p: Vec<f64> = prices(&c).into_iter().map(|(_, x)| x).collect();
    assert_eq!(
        p,
        [
            1300.0, 800.0, 700.0, 2200.0, 3300.0, 2000.0, 1200.0, 2600.0, 1000.0
        ]
    );
    // The cap per person is only in the notes: quoted and cited, not turned into a number.
    let rule = c["rules"]["rate_card"].as_table().unwrap();
    assert!(!rule.contains_key("cap_per_participant"));
    let text = imp.contract_text();
    let at = text
        .find("# TODO: cap_per_participant")
        .expect("a TODO about the cap per participant");
    // The comment's lines, unwrapped.
    let todo: String = text[at..]
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches("# "))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        todo.contains("The maximum amount payable per individual is 8,200"),
        "{todo}"
    );
    assert!(
        todo.contains("original_projects_outcome_pricings.csv lines 149, 150"),
        "{todo}"
    );
    assert!(todo.contains("\"Notes\""), "{todo}");
    // Its results are free text: no observed file, and the summary says why.
    assert!(!imp.observed().exists());
    assert!(
        imp.stdout()
            .contains("observed outcomes: none, the record counts no outcomes")
    );
}

#[test]
fn every_skeleton_passes_check_and_every_observed_file_settles() {
    for project in PROJECTS {
        let imp = import(project);
        assert!(!imp.stderr().contains("panicked"), "{}", imp.stderr());
        assert!(
            imp.stdout()
                .contains("the files pass `sibyl check` as they are"),
            "{project}: {}",
            imp.stdout()
        );
        let checked = succeeds(&["check", imp.contract().to_str().unwrap()]);
        assert!(checked.contains(": valid"), "{project}: {checked}");
        if imp.observed().exists() {
            succeeds(&[
                "settle",
                imp.contract().to_str().unwrap(),
                "--observed",
                imp.observed().to_str().unwrap(),
            ]);
        }
        // Every TODO is a comment the user can find; none hides in a value.
        let text = imp.contract_text();
        let todos = text.matches("TODO").count();
        assert!(todos > 0, "{project}");
        for line in text.lines().filter(|l| l.contains("TODO")) {
            assert!(line.contains('#'), "{project}: {line}");
        }
    }
}

#[test]
fn a_count_above_the_participants_is_left_out_with_a_located_warning() {
    // Home Group counts 273 initial assessments for 270 participants engaged.
    let imp = import("INDIGO-POJ-0135");
    let err = imp.stderr();
    assert!(
        err.contains("273 outcomes of `outcomemetric1` for 270 participants engaged"),
        "{err}"
    );
    assert!(err.contains("original_projects_results.csv:85:68"), "{err}");
    let o = toml_of(&imp.observed());
    assert!(
        !o["results"]
            .as_table()
            .unwrap()
            .contains_key("outcomemetric1")
    );
    let text = std::fs::read_to_string(imp.observed()).unwrap();
    assert!(text.contains("# treated_count = 273"), "{text}");
    // What is left settles.
    succeeds(&[
        "settle",
        imp.contract().to_str().unwrap(),
        "--observed",
        imp.observed().to_str().unwrap(),
    ]);
}

#[test]
fn other_kinds_of_deal_import_with_their_gaps_marked() {
    // NYC ABLE: no prices, a senior loan of USD 7.2m, a payer's cap typed "$11.712M".
    let imp = import("INDIGO-POJ-0083");
    let c = toml_of(&imp.contract());
    assert_eq!(c["deal"]["currency"].as_str(), Some("USD"));
    let loan = c["tranches"]["investment1"].as_table().unwrap();
    assert_eq!(loan["type"].as_str(), Some("senior_loan"));
    assert_eq!(number(&loan["amount"]), 7_200_000.0);
    let payer_caps = c["caps"]["payers"].as_table().unwrap();
    let (_, cap) = payer_caps.iter().next().unwrap();
    assert_eq!(number(&cap["total"]), 11_712_000.0);
    let text = imp.contract_text();
    assert!(text.contains("read from \"$11.712M\""), "{text}");
    assert!(
        text.contains("# TODO: the record has no prices per outcome"),
        "{text}"
    );
    // A development impact bond in euros, with the evaluator among its parties.
    let imp = import("INDIGO-POJ-0315");
    let c = toml_of(&imp.contract());
    assert_eq!(c["deal"]["currency"].as_str(), Some("EUR"));
    assert_eq!(
        prices(&c).into_iter().map(|(_, x)| x).collect::<Vec<_>>(),
        [1542.0, 1630.0]
    );
    assert_eq!(number(&c["caps"]["deal"]), 397_800.0);
    let roles: Vec<&str> = c["parties"]
        .as_table()
        .unwrap()
        .values()
        .filter_map(|p| p["role"].as_str())
        .collect();
    assert!(roles.contains(&"evaluator"), "{roles:?}");
}

#[test]
fn the_skeleton_of_ambition_is_stable() {
    let imp = import("INDIGO-POJ-0131");
    insta::assert_snapshot!("import_ambition_skeleton", imp.contract_text());
}

#[test]
fn without_out_the_skeleton_goes_to_standard_output_and_the_summary_to_standard_error() {
    let out = sibyl()
        .args(["import", "indigo", FIXTURES, "--project", "131"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let c: toml::Table = toml::from_str(&stdout).expect("TOML on standard output");
    assert_eq!(prices(&c).len(), 21);
    assert!(
        stderr.contains("contract skeleton: on standard output"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the record has 21 outcome counts; add --observed FILE"),
        "{stderr}"
    );
}

#[test]
fn the_summary_is_in_the_users_language() {
    for (lang, words) in [
        ("bg", "чернова на договора"),
        ("sv", "avtalsutkast"),
        ("fi", "sopimusluonnos"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("c.toml");
        let text = sibyl()
            .args([
                "--lang",
                lang,
                "import",
                "indigo",
                FIXTURES,
                "--project",
                "131",
                "--out",
            ])
            .arg(&out)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains(words), "{lang}: {text}");
        // Amounts as the language writes them.
        assert!(
            text.contains("2\u{a0}742\u{a0}943\u{a0}GBP"),
            "{lang}: {text}"
        );
    }
}

#[test]
fn existing_files_are_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.toml");
    std::fs::write(&out, "keep me").unwrap();
    let args = ["import", "indigo", FIXTURES, "--project", "131", "--out"];
    let o = output(&[&args[..], &[out.to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exists: the import does not replace it"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let o = output(&[&args[..], &[out.to_str().unwrap(), "--force"]].concat());
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out).unwrap().contains("[deal]"));
    // The same file for both: refused before anything is written.
    let same = dir.path().join("same.toml");
    let o = output(
        &[
            &args[..],
            &[same.to_str().unwrap(), "--observed", same.to_str().unwrap()],
        ]
        .concat(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!same.exists());
    // No half-written file is left beside them.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".partial-")), "{names:?}");
}

// ---- Hostile records -------------------------------------------------------------------

/// A copy of the fixture tables in a temporary folder.
fn copy_fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn edit(dir: &Path, table: &str, f: impl FnOnce(String) -> String) {
    let path = dir.join(table);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(text)).unwrap();
}

/// Ends quickly, without a panic, with 0 (and files sibyl reads) or 1 (and a located error).
fn survives(tables: &Path, project: &str, case: &str) -> Imported {
    let imp = import_from(tables, project);
    let err = imp.stderr();
    assert!(!err.contains("panicked"), "{case}: {err}");
    match imp.out.status.code() {
        Some(0) => {
            assert!(
                imp.stdout()
                    .contains("the files pass `sibyl check` as they are"),
                "{case}: {}\n{err}",
                imp.stdout()
            );
            succeeds(&["check", imp.contract().to_str().unwrap()]);
            if imp.observed().exists() {
                succeeds(&[
                    "settle",
                    imp.contract().to_str().unwrap(),
                    "--observed",
                    imp.observed().to_str().unwrap(),
                ]);
            }
        }
        Some(1) => assert!(err.contains("error"), "{case}: {err}"),
        other => panic!("{case}: exit {other:?}\n{err}"),
    }
    imp
}

#[test]
fn hostile_tables_end_in_a_located_error_or_files_sibyl_reads() {
    let projects = "original_projects.csv";
    let pricings = "original_projects_outcome_pricings.csv";
    let results = "original_projects_results.csv";
    let investments = "original_projects_investments.csv";
    let orgs = "original_organisations.csv";
    let commitments = "original_projects_outcome_payment_commitments.csv";
    type Edit = Box<dyn Fn(&Path)>;
    let replace = |table: &'static str, old: &'static str, new: &'static str| -> Edit {
        Box::new(move |dir: &Path| {
            edit(dir, table, |t| {
                assert!(t.contains(old), "{table} has `{old}`");
                t.replacen(old, new, 1)
            })
        })
    };
    let cases: Vec<(&str, Edit, Option<&str>)> = vec![
        (
            "empty projects table",
            Box::new(move |d: &Path| std::fs::write(d.join(projects), "").unwrap()),
            Some("is empty"),
        ),
        (
            "header only",
            Box::new(move |d: &Path| edit(d, projects, |t| t.lines().next().unwrap().to_string())),
            Some("no project `INDIGO-POJ-0131`"),
        ),
        (
            "no ID column",
            replace(
                projects,
                "ID,Impact Bond Name",
                "Identifier,Impact Bond Name",
            ),
            Some("original_projects.csv:1:1"),
        ),
        (
            "not UTF-8",
            Box::new(move |d: &Path| {
                let mut bytes = std::fs::read(d.join(pricings)).unwrap();
                bytes.splice(200..200, [0xff, 0xfe]);
                std::fs::write(d.join(pricings), bytes).unwrap();
            }),
            Some("is not UTF-8 text"),
        ),
        (
            "no projects table",
            Box::new(move |d: &Path| std::fs::remove_file(d.join(projects)).unwrap()),
            Some("has no original_projects.csv"),
        ),
        (
            "a table is a folder",
            Box::new(move |d: &Path| {
                std::fs::remove_file(d.join(results)).unwrap();
                std::fs::create_dir(d.join(results)).unwrap();
            }),
            Some("is a directory"),
        ),
        (
            "optional tables missing",
            Box::new(move |d: &Path| {
                for t in [pricings, results, investments, orgs, commitments] {
                    std::fs::remove_file(d.join(t)).unwrap();
                }
            }),
            None,
        ),
        (
            "garbled price",
            replace(
                pricings,
                "INDIGO-POJ-0131,outcomemetric1,GBP,500",
                "INDIGO-POJ-0131,outcomemetric1,GBP,£5OO",
            ),
            None,
        ),
        (
            "negative price",
            replace(
                pricings,
                "INDIGO-POJ-0131,outcomemetric2,GBP,500",
                "INDIGO-POJ-0131,outcomemetric2,GBP,-500",
            ),
            None,
        ),
        (
            "price NaN",
            replace(
                pricings,
                "INDIGO-POJ-0131,outcomemetric3,GBP,200",
                "INDIGO-POJ-0131,outcomemetric3,GBP,NaN",
            ),
            None,
        ),
        (
            "price 1e400",
            replace(
                pricings,
                "INDIGO-POJ-0131,outcomemetric3,GBP,200",
                "INDIGO-POJ-0131,outcomemetric3,GBP,1e400",
            ),
            None,
        ),
        (
            "price of 400 digits",
            Box::new(move |d: &Path| {
                edit(d, pricings, |t| {
                    t.replacen(
                        "INDIGO-POJ-0131,outcomemetric4,GBP,500",
                        &format!("INDIGO-POJ-0131,outcomemetric4,GBP,{}", "9".repeat(400)),
                        1,
                    )
                })
            }),
            None,
        ),
        (
            "price of 300 digits",
            Box::new(move |d: &Path| {
                edit(d, pricings, |t| {
                    t.replacen(
                        "INDIGO-POJ-0131,outcomemetric4,GBP,500",
                        &format!("INDIGO-POJ-0131,outcomemetric4,GBP,{}", "9".repeat(300)),
                        1,
                    )
                })
            }),
            None,
        ),
        (
            "investment and engaged of 300 digits",
            Box::new(move |d: &Path| {
                edit(d, projects, |t| {
                    let huge = format!(",{},", "9".repeat(300));
                    t.replacen(",600000,", &huge, 1).replacen(",409,", &huge, 1)
                })
            }),
            None,
        ),
        (
            "nobody engaged, no outcome",
            Box::new(move |d: &Path| {
                edit(d, projects, |t| t.replacen(",409,", ",0,", 1));
                edit(d, results, |t| {
                    t.replacen("Final,2015-01,2017-12,406,", "Final,2015-01,2017-12,0,", 1)
                });
            }),
            None,
        ),
        (
            "float noise",
            replace(
                pricings,
                "INDIGO-POJ-0131,outcomemetric5,GBP,1500",
                "INDIGO-POJ-0131,outcomemetric5,GBP,1499.9999",
            ),
            None,
        ),
        (
            "price in another currency",
            replace(
                pricings,
                "INDIGO-POJ-0131,outcomemetric6,GBP,1500",
                "INDIGO-POJ-0131,outcomemetric6,Swiss Francs,1500",
            ),
            None,
        ),
        (
            "every currency garbled",
            Box::new(move |d: &Path| {
                edit(d, pricings, |t| t.replace(",GBP,", ",pounds,"));
                edit(d, projects, |t| t.replace(",GBP,", ",pounds,"));
                edit(d, "original_projects_outcome_payments.csv", |t| {
                    t.replace(",GBP,", ",pounds,")
                });
            }),
            None,
        ),
        (
            "duplicate metric",
            replace(pricings, "outcomemetric7,", "outcomemetric6,"),
            None,
        ),
        (
            "empty metric id",
            replace(
                results,
                "INDIGO-POJ-0131,outcomemetric8,",
                "INDIGO-POJ-0131,,",
            ),
            None,
        ),
        (
            "odd metric id",
            replace(
                "original_projects_outcome_metrics.csv",
                "INDIGO-POJ-0131,outcomemetric9,",
                "INDIGO-POJ-0131,\"outcome metric 9 ✓ \"\"x\"\"\",",
            ),
            None,
        ),
        (
            "garbled count",
            replace(
                results,
                "Final,2015-01,2017-12,406,",
                "Final,2015-01,2017-12,about 406,",
            ),
            None,
        ),
        (
            "fractional count",
            replace(
                results,
                "Final,2015-01,2017-12,406,",
                "Final,2015-01,2017-12,405.5,",
            ),
            None,
        ),
        (
            "count above engaged",
            replace(
                results,
                "Final,2015-01,2017-12,406,",
                "Final,2015-01,2017-12,4060,",
            ),
            None,
        ),
        (
            "interim only",
            Box::new(move |d: &Path| {
                edit(d, results, |t| {
                    t.replace(
                        "INDIGO-POJ-0131,outcomemetric10,Outcome level,Final",
                        "INDIGO-POJ-0131,outcomemetric10,Outcome level,Interim",
                    )
                })
            }),
            None,
        ),
        (
            "two finals",
            Box::new(move |d: &Path| {
                edit(d, results, |t| {
                    let line = t
                        .lines()
                        .find(|l| l.starts_with("INDIGO-POJ-0131,outcomemetric11,"))
                        .unwrap()
                        .to_string();
                    t.replacen(&line, &format!("{line}\r\n{line}"), 1)
                })
            }),
            None,
        ),
        (
            "short row",
            Box::new(move |d: &Path| {
                edit(d, results, |t| {
                    let line = t
                        .lines()
                        .find(|l| l.starts_with("INDIGO-POJ-0131,outcomemetric12,"))
                        .unwrap()
                        .to_string();
                    t.replacen(&line, "INDIGO-POJ-0131,outcomemetric12,Outcome", 1)
                })
            }),
            None,
        ),
        (
            "unclosed quote",
            Box::new(move |d: &Path| {
                edit(d, results, |t| {
                    format!("{t}INDIGO-POJ-0131,outcomemetric13,\"never closed,,")
                })
            }),
            None,
        ),
        (
            "bad dates",
            Box::new(move |d: &Path| {
                edit(d, projects, |t| {
                    t.replacen(",2015-01,", ",2015-13,", 1)
                        .replacen(",2017-12,", ",current,", 1)
                })
            }),
            None,
        ),
        (
            "end before start",
            Box::new(move |d: &Path| edit(d, projects, |t| t.replacen("2017-12", "2001-01", 1))),
            None,
        ),
        (
            "a century long",
            Box::new(move |d: &Path| edit(d, projects, |t| t.replacen("2017-12", "2199-12", 1))),
            None,
        ),
        (
            "engaged garbled",
            replace(projects, ",409,", ",four hundred,"),
            None,
        ),
        (
            "org ids garbled",
            Box::new(move |d: &Path| {
                edit(d, investments, |t| {
                    t.replace("INDIGO-ORG-0008", "INDIGO-ORG-0008, ,;INDIGO-ORG-9999")
                })
            }),
            None,
        ),
        (
            "unknown orgs",
            Box::new(move |d: &Path| {
                edit(d, orgs, |t| t.lines().next().unwrap().to_string() + "\r\n")
            }),
            None,
        ),
        (
            "names with quotes, controls and emoji",
            Box::new(move |d: &Path| {
                edit(d, orgs, |t| {
                    t.replace("Big Issue Invest", "Big \"\"Issue\"\" \\ Invest 🙂\u{7}")
                })
            }),
            None,
        ),
        (
            "huge investment",
            Box::new(move |d: &Path| edit(d, projects, |t| t.replacen(",600000,", ",1e308,", 1))),
            None,
        ),
        (
            "investment types",
            Box::new(move |d: &Path| {
                edit(d, investments, |t| {
                    t.replacen("Quasi-equity", "First Loss", 1)
                        .replacen("Quasi-equity", "Equity and debt", 1)
                        .replacen("Quasi-equity", "deferred fees", 1)
                        .replacen("Quasi-equity", "Loan", 1)
                        .replacen("Quasi-equity", "Grant", 1)
                })
            }),
            None,
        ),
        (
            "cap text",
            Box::new(move |d: &Path| {
                edit(d, commitments, |t| {
                    t.replacen(
                        "INDIGO-POJ-0131,INDIGO-ORG-0088,",
                        "INDIGO-POJ-0131,\"INDIGO-ORG-0088,INDIGO-ORG-0171\",",
                        1,
                    )
                })
            }),
            None,
        ),
        (
            "payer is an investor",
            Box::new(move |d: &Path| {
                edit(d, investments, |t| {
                    t.replacen("INDIGO-ORG-0008", "INDIGO-ORG-0088", 1)
                })
            }),
            None,
        ),
        (
            "LF line ends",
            Box::new(move |d: &Path| {
                for entry in std::fs::read_dir(d).unwrap() {
                    let path = entry.unwrap().path();
                    let text = std::fs::read_to_string(&path).unwrap();
                    std::fs::write(&path, text.replace("\r\n", "\n")).unwrap();
                }
            }),
            None,
        ),
    ];
    for (case, change, error) in cases {
        let dir = copy_fixtures();
        change(dir.path());
        let imp = survives(dir.path(), "INDIGO-POJ-0131", case);
        match error {
            Some(needle) => {
                assert_eq!(imp.out.status.code(), Some(1), "{case}: {}", imp.stderr());
                assert!(imp.stderr().contains(needle), "{case}: {}", imp.stderr());
            }
            None => assert_eq!(imp.out.status.code(), Some(0), "{case}: {}", imp.stderr()),
        }
    }
}

#[test]
fn a_project_that_is_not_there_is_an_error_with_the_nearest_id() {
    let o = output(&["import", "indigo", FIXTURES, "--project", "INDIGO-POJ-0138"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no project `INDIGO-POJ-0138`"), "{err}");
    assert!(
        err.contains("did you mean `INDIGO-POJ-0131`?")
            || err.contains("did you mean `INDIGO-POJ-0137`?"),
        "{err}"
    );
    let o = output(&["import", "indigo", "no/such/folder", "--project", "131"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such folder"));
}

/// Cells of the Ambition rows to garble: any cell of any row of the project.
const TABLES: [&str; 8] = [
    "original_projects.csv",
    "original_projects_outcome_metrics.csv",
    "original_projects_outcome_pricings.csv",
    "original_projects_results.csv",
    "original_projects_outcome_payments.csv",
    "original_projects_outcome_payment_commitments.csv",
    "original_projects_investments.csv",
    "original_organisations.csv",
];

/// Text people type into cells, and text nobody should.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("-1".to_string()),
        Just("0".to_string()),
        Just("1e308".to_string()),
        Just("9".repeat(300)),
        Just("999999999999999.99".to_string()),
        Just("$11.712M".to_string()),
        Just("1,50,000".to_string()),
        Just("2015-02-30".to_string()),
        Just("9999".to_string()),
        Just("INDIGO-ORG-0008,INDIGO-ORG-0088".to_string()),
        Just("senior loan".to_string()),
        Just("First Loss".to_string()),
        Just("Interim".to_string()),
        Just("\"".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,8}",
        (0u64..10_000_000).prop_map(|n| n.to_string()),
        (0.0f64..1e7).prop_map(|x| x.to_string()),
    ]
}

/// Rewrites one CSV cell of the project's rows (quoted, so the file stays CSV).
fn garble(dir: &Path, table: &str, row: usize, col: usize, value: &str) {
    let path = dir.join(table);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&path)
        .unwrap();
    let mut records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let ours: Vec<usize> = (1..records.len())
        .filter(|&i| {
            let id = records[i].get(0).unwrap_or("");
            id == "INDIGO-POJ-0131" || table == "original_organisations.csv"
        })
        .collect();
    if ours.is_empty() {
        return;
    }
    let i = ours[row % ours.len()];
    let mut cells: Vec<String> = records[i].iter().map(str::to_string).collect();
    let c = col % cells.len().max(1);
    if c < cells.len() {
        cells[c] = value.to_string();
    }
    records[i] = csv::StringRecord::from(cells);
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_path(&path)
        .unwrap();
    for r in &records {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever the cells of the record hold, the import does not panic, and when it
    /// succeeds its skeleton and observed file pass sibyl's own validation.
    #[test]
    fn garbled_cells_never_panic_and_what_is_written_validates(
        edits in proptest::collection::vec((0usize..TABLES.len(), 0usize..40, 0usize..80, hostile_text()), 1..6)
    ) {
        let dir = copy_fixtures();
        for (t, row, col, value) in &edits {
            garble(dir.path(), TABLES[*t], *row, *col, value);
        }
        let result = std::panic::catch_unwind(|| sibyl::import::indigo::import(dir.path(), "INDIGO-POJ-0131"));
        let Ok(result) = result else {
            return Err(TestCaseError::fail(format!("the import panicked on {edits:?}")));
        };
        if let Ok(imp) = result {
            let src = sibyl::diagnostics::Source::new("contract.toml", imp.contract.clone());
            let c = sibyl::load::contract_from_source(&src);
            prop_assert!(c.is_ok(), "{edits:?}\n{}\n{}", c.as_ref().err().map(|e| e.to_string()).unwrap_or_default(), imp.contract);
            if let (Ok(c), Some(text)) = (c, &imp.observed) {
                let src = sibyl::diagnostics::Source::new("observed.toml", text.clone());
                let o = sibyl::load::observed_from_source(&src, &c.value);
                prop_assert!(o.is_ok(), "{edits:?}\n{}\n{text}", o.err().map(|e| e.to_string()).unwrap_or_default());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// A project record in JSON (tests/fixtures/indigo/json): the same record as the tables,
// read by a second reader and written by the same writer.

const JSON_FIXTURES: &str = "tests/fixtures/indigo/json";

fn json_record(project: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(JSON_FIXTURES)
        .join(format!("{project}.json"))
}

/// Imports a JSON record into a fresh folder with `--out` and `--observed`, and any other
/// arguments.
fn import_json(record: &Path, extra: &[&str]) -> Imported {
    let dir = tempfile::tempdir().unwrap();
    let contract = dir.path().join("contract.toml");
    let observed = dir.path().join("observed.toml");
    let mut args = vec![
        "import",
        "indigo",
        record.to_str().unwrap(),
        "--out",
        contract.to_str().unwrap(),
        "--observed",
        observed.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = output(&args);
    Imported { dir, out }
}

/// The parties' roles and names: id → (role, name).
fn parties(contract: &toml::Table) -> Vec<(String, String, String)> {
    contract["parties"]
        .as_table()
        .expect("a parties table")
        .iter()
        .map(|(id, p)| {
            (
                id.clone(),
                p["role"].as_str().unwrap_or("").to_string(),
                p.get("name")
                    .and_then(|n| n.as_str())
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn json_records_give_the_tables_contract_and_observed_file() {
    // The Fair Chance Fund as INDIGO's API returns it, and New Horizons as the API's data
    // object: every value the same as the tables give, only the comments differ.
    for project in [
        "INDIGO-POJ-0131",
        "INDIGO-POJ-0132",
        "INDIGO-POJ-0133",
        "INDIGO-POJ-0134",
        "INDIGO-POJ-0135",
        "INDIGO-POJ-0136",
        "INDIGO-POJ-0137",
        "INDIGO-POJ-0143",
    ] {
        let from_tables = import(project);
        let from_json = import_json(&json_record(project), &[]);
        assert_eq!(
            from_json.out.status.code(),
            Some(0),
            "{project}: {}",
            from_json.stderr()
        );
        assert!(
            from_json
                .stdout()
                .contains("the files pass `sibyl check` as they are"),
            "{project}: {}",
            from_json.stdout()
        );
        let checked = succeeds(&["check", from_json.contract().to_str().unwrap()]);
        assert!(checked.contains(": valid"), "{project}: {checked}");
        let (a, b) = (
            toml_of(&from_tables.contract()),
            toml_of(&from_json.contract()),
        );
        assert_eq!(prices(&a), prices(&b), "{project}: prices");
        assert_eq!(parties(&a), parties(&b), "{project}: parties");
        assert_eq!(a.get("caps"), b.get("caps"), "{project}: caps");
        assert_eq!(a, b, "{project}: the whole contract");
        assert_eq!(
            from_tables.observed().exists(),
            from_json.observed().exists(),
            "{project}"
        );
        if from_json.observed().exists() {
            assert_eq!(
                toml_of(&from_tables.observed()),
                toml_of(&from_json.observed()),
                "{project}: the observed file"
            );
            succeeds(&[
                "settle",
                from_json.contract().to_str().unwrap(),
                "--observed",
                from_json.observed().to_str().unwrap(),
            ]);
        }
        // The same summary but for where it was read from and the files' names.
        let summary = |s: String| -> Vec<String> {
            s.lines()
                .filter(|l| !l.contains(": /") && !l.contains("read from"))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(
            summary(from_tables.stdout()),
            summary(from_json.stdout()),
            "{project}"
        );
        assert!(
            from_json
                .stdout()
                .contains("read from the project record in JSON")
        );
    }
}

#[test]
fn json_values_cite_their_line_and_pointer() {
    let imp = import_json(&json_record("INDIGO-POJ-0131"), &[]);
    let text = imp.contract_text();
    assert!(text.contains("(a project record in JSON)"), "{text}");
    // Each price cites its value in the record; the line is that of the value.
    let record = std::fs::read_to_string(json_record("INDIGO-POJ-0131")).unwrap();
    let pointer = "/project/data/outcome_pricings/15/price_per_unit/amount/value";
    let line = text
        .lines()
        .find(|l| l.starts_with("outcomemetric16 = 4500  # INDIGO-POJ-0131.json line "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.ends_with(pointer), "{line}");
    let n: usize = line
        .split(" line ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    let cited = record.lines().nth(n - 1).unwrap();
    assert_eq!(cited.trim(), "\"value\": 4500", "line {n}");
    // What the record lacks is marked TODO, as in the CSV route.
    assert!(text.contains("# TODO: the record gives no amount for investment1"));
    assert!(!text.contains(".csv"), "{text}");
}

#[test]
fn json_records_without_organisations_or_id() {
    // 0083: the schema's fields and an id; no organisations, so the parties' names are
    // TODOs and the rest is as the tables give it.
    let from_tables = import("INDIGO-POJ-0083");
    let from_json = import_json(&json_record("INDIGO-POJ-0083"), &[]);
    assert_eq!(
        from_json.out.status.code(),
        Some(0),
        "{}",
        from_json.stderr()
    );
    assert!(
        from_json
            .stdout()
            .contains("the record lists no organisations, so party names are marked TODO: 5"),
        "{}",
        from_json.stdout()
    );
    let (a, b) = (
        toml_of(&from_tables.contract()),
        toml_of(&from_json.contract()),
    );
    let roles = |c: &toml::Table| -> Vec<String> {
        parties(c).into_iter().map(|(_, role, _)| role).collect()
    };
    assert_eq!(roles(&a), roles(&b));
    // The tranches name their investors by party id, which comes from the name: the same
    // tranches, with the same amounts.
    let keys = |c: &toml::Table, t: &str| -> Vec<String> {
        c[t].as_table().unwrap().keys().cloned().collect()
    };
    assert_eq!(keys(&a, "tranches"), keys(&b, "tranches"));
    for (id, t) in a["tranches"].as_table().unwrap() {
        assert_eq!(t.get("amount"), b["tranches"][id].get("amount"), "{id}");
    }
    assert_eq!(a["metrics"], b["metrics"]);
    assert!(
        from_json
            .contract_text()
            .contains("# TODO: INDIGO-ORG-0531 is not in the record's organisations"),
        "{}",
        from_json.contract_text()
    );
    succeeds(&["check", from_json.contract().to_str().unwrap()]);

    // 0315: the schema's fields alone: the id comes from --project.
    let record = json_record("INDIGO-POJ-0315");
    let no_id = import_json(&record, &[]);
    assert_eq!(no_id.out.status.code(), Some(1));
    assert!(
        no_id.stderr().contains("has no project `id`"),
        "{}",
        no_id.stderr()
    );
    assert!(no_id.stderr().contains("--project"), "{}", no_id.stderr());
    let with_id = import_json(&record, &["--project", "315"]);
    assert_eq!(with_id.out.status.code(), Some(0), "{}", with_id.stderr());
    let from_tables = import("INDIGO-POJ-0315");
    assert_eq!(
        prices(&toml_of(&from_tables.contract())),
        prices(&toml_of(&with_id.contract()))
    );
}

#[test]
fn json_project_must_match_and_a_folder_needs_project() {
    let imp = import_json(&json_record("INDIGO-POJ-0131"), &["--project", "0131"]);
    assert_eq!(imp.out.status.code(), Some(0), "{}", imp.stderr());
    let imp = import_json(&json_record("INDIGO-POJ-0131"), &["--project", "132"]);
    assert_eq!(imp.out.status.code(), Some(1));
    let err = imp.stderr();
    assert!(
        err.contains("the record is project `INDIGO-POJ-0131`, not `INDIGO-POJ-0132`"),
        "{err}"
    );
    assert!(err.contains("INDIGO-POJ-0131.json:3:"), "{err}");
    // A folder of tables without --project: a usage error.
    let o = output(&["import", "indigo", FIXTURES]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("needs --project"), "{err}");
    assert!(err.contains("Usage: sibyl import indigo"), "{err}");
    // A JSON file that is not there.
    let o = output(&["import", "indigo", "no/such/record.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such file"));
}

#[test]
fn malformed_json_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 7] = [
        (
            "comma.json",
            "{\n  \"id\": \"INDIGO-POJ-0131\",\n  \"name\": {\"value\": \"A\"},\n}\n",
            "comma.json:4:1",
        ),
        (
            "truncated.json",
            "{\n  \"id\": \"INDIGO-POJ-0131\",\n  \"name\": {\"value\": \"A\"",
            "not valid JSON: EOF while parsing",
        ),
        ("empty.json", "", "not valid JSON"),
        (
            "list.json",
            "[{\"name\": {\"value\": \"A\"}}]",
            "it is a list",
        ),
        (
            "other.json",
            "{\"type\": \"FeatureCollection\"}",
            "none of the project schema's fields",
        ),
        (
            "metrics.json",
            "{\"id\": \"INDIGO-POJ-0131\",\n \"outcome_metrics\": \"none\"}",
            "`/outcome_metrics` is a string where the project schema has a list of objects",
        ),
        (
            "projects.json",
            "{\"projects\": [{\"id\": \"INDIGO-POJ-0131\", \"public\": true}]}",
            "INDIGO's list of projects",
        ),
    ];
    for (name, text, needle) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let o = output(&["import", "indigo", path.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        if name == "metrics.json" {
            assert!(err.contains("metrics.json:2:21"), "{err}");
        }
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(needle), "{name}: {err}");
        assert!(err.contains("help:"), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    // Not UTF-8.
    let path = dir.path().join("latin1.json");
    std::fs::write(&path, b"{\"name\": {\"value\": \"Caf\xe9\"}}").unwrap();
    let o = output(&["import", "indigo", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not UTF-8"));
}

/// JSON text that is valid and unexpected, or not JSON at all.
fn hostile_json() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("-1".to_string()),
        Just("1e308".to_string()),
        Just("1e999".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("{\"value\": {\"value\": 1}}".to_string()),
        Just("{\"value\": [1, 2]}".to_string()),
        Just("{\"value\": \"$11.712M\"}".to_string()),
        Just("{\"value\": \"\\u0000\\ud800\"}".to_string()),
        Just("\"\\\"}]".to_string()),
        Just("[".repeat(200)),
        Just(format!("{}1{}", "[".repeat(100), "]".repeat(100))),
        "[ -~]{0,12}",
        "\\PC{0,8}",
        (0u64..10_000_000).prop_map(|n| n.to_string()),
        (-1e7f64..1e7).prop_map(|x| x.to_string()),
    ]
}

/// One change to a JSON text: replace the value after the n-th `"value": ` or `: `, cut
/// the text, or insert text at a place.
#[derive(Debug, Clone)]
enum Mangle {
    Replace(usize, String),
    Cut(usize),
    Insert(usize, String),
    Delete(usize, usize),
}

fn mangle() -> impl Strategy<Value = Mangle> {
    prop_oneof![
        4 => (0usize..2000, hostile_json()).prop_map(|(n, v)| Mangle::Replace(n, v)),
        1 => (0usize..40_000).prop_map(Mangle::Cut),
        1 => (0usize..40_000, "[\\[\\]{}\",: a0-9]{1,4}").prop_map(|(n, v)| Mangle::Insert(n, v)),
        1 => (0usize..40_000, 1usize..200).prop_map(|(n, k)| Mangle::Delete(n, k)),
    ]
}

fn apply(text: &str, m: &Mangle) -> String {
    let boundary = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match m {
        Mangle::Replace(n, v) => {
            let starts: Vec<usize> = text.match_indices(": ").map(|(i, _)| i + 2).collect();
            let Some(&start) = starts.get(n % starts.len().max(1)) else {
                return text.to_string();
            };
            // The value runs to the end of its line (less a trailing comma): a scalar, or
            // the opening of an object or list, replaced by the hostile text.
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let mut value_end = end;
            if text[..end].ends_with(',') {
                value_end -= 1;
            }
            format!("{}{v}{}", &text[..start], &text[value_end..])
        }
        Mangle::Cut(n) => text[..boundary(*n)].to_string(),
        Mangle::Insert(n, v) => {
            let i = boundary(*n);
            format!("{}{v}{}", &text[..i], &text[i..])
        }
        Mangle::Delete(n, k) => {
            let i = boundary(*n);
            let j = boundary(i + k);
            format!("{}{}", &text[..i], &text[j..])
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever is done to a JSON record, the import does not panic: it ends in a located
    /// error, or in a skeleton and observed file that pass sibyl's own validation.
    #[test]
    fn mangled_json_never_panics_and_what_is_written_validates(
        project in prop_oneof![Just("INDIGO-POJ-0131"), Just("INDIGO-POJ-0143"), Just("INDIGO-POJ-0083")],
        edits in proptest::collection::vec(mangle(), 1..5)
    ) {
        let mut text = std::fs::read_to_string(json_record(project)).unwrap();
        for m in &edits {
            text = apply(&text, m);
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("record.json");
        std::fs::write(&path, &text).unwrap();
        let result = std::panic::catch_unwind(|| {
            sibyl::import::indigo::import_json(&path, None)
        });
        let Ok(result) = result else {
            return Err(TestCaseError::fail(format!("the import panicked on {edits:?}")));
        };
        match result {
            Ok(imp) => {
                let src = sibyl::diagnostics::Source::new("contract.toml", imp.contract.clone());
                let c = sibyl::load::contract_from_source(&src);
                prop_assert!(c.is_ok(), "{edits:?}\n{}\n{}", c.as_ref().err().map(|e| e.to_string()).unwrap_or_default(), imp.contract);
                if let (Ok(c), Some(text)) = (c, &imp.observed) {
                    let src = sibyl::diagnostics::Source::new("observed.toml", text.clone());
                    let o = sibyl::load::observed_from_source(&src, &c.value);
                    prop_assert!(o.is_ok(), "{edits:?}\n{}\n{text}", o.err().map(|e| e.to_string()).unwrap_or_default());
                }
            }
            Err(e) => {
                // An error names the file, and a place in it when it has one.
                let shown = e.to_string();
                prop_assert!(shown.contains("record.json"), "{edits:?}: {shown}");
                prop_assert!(e.iter().all(|d| d.help.is_some()), "{edits:?}: {shown}");
            }
        }
    }
}
