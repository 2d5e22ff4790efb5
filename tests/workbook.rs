//! The Excel workbook of `sibyl report --format xlsx`: made for every example in every
//! language, and its key figures and per-trial sheet read back by an independent reader
//! (`tests/workbook_check.py`, openpyxl) and compared with `sibyl run`'s summary.json and
//! trials.csv of the same inputs, trials and seed.
//!
//! Without python3 and openpyxl the read-back is skipped with a loud notice, unless
//! `SIBYL_CI` is set (CI installs openpyxl): then it fails.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{example_pairs, sibyl};

/// Whether `python3` with openpyxl can run the checker; panics under CI when it cannot.
fn checker_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("SIBYL_CI").is_none(),
            "SIBYL_CI is set but python3 with openpyxl is not available: the workbook checks cannot run"
        );
        // Straight to the process's stderr: the test harness captures `eprintln!`.
        let _ = writeln!(
            std::io::stderr(),
            "\n\
             ************************************************************************\n\
             *  NOTICE: python3 with openpyxl is not available, so the workbooks'   *\n\
             *  figures are NOT read back and compared with summary.json.           *\n\
             *  Install it (pip install openpyxl) to run tests/workbook_check.py.   *\n\
             *  (Under CI, with SIBYL_CI set, this is a failure.)                   *\n\
             ************************************************************************\n"
        );
    }
    ok
}

/// Runs tests/workbook_check.py and fails with its report if the workbook does not match.
fn check(workbook: &Path, summary: &Path, trials_csv: Option<&Path>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new("python3");
    cmd.arg(root.join("tests/workbook_check.py"))
        .arg(workbook)
        .arg(summary);
    if let Some(csv) = trials_csv {
        cmd.arg("--trials-csv").arg(csv);
    }
    let out = cmd.output().expect("python3 runs");
    assert!(
        out.status.success(),
        "workbook_check failed for {}:\n{}{}",
        workbook.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Writes a workbook and returns its path; `extra` are further arguments.
fn report(
    dir: &Path,
    name: &str,
    contract: &str,
    scenario: &str,
    extra: &[&str],
    lang: &str,
    trials: u64,
) -> PathBuf {
    let out = dir.join(name);
    let trials = trials.to_string();
    let mut args = vec![
        "report",
        contract,
        "--scenario",
        scenario,
        "--trials",
        &trials,
        "--seed",
        "7",
        "--lang",
        lang,
        "--out",
    ];
    let out_text = out.to_str().expect("a UTF-8 temporary path").to_string();
    args.push(&out_text);
    args.extend_from_slice(extra);
    sibyl().args(&args).assert().success();
    let bytes = std::fs::read(&out).expect("the workbook is written");
    assert!(
        bytes.starts_with(b"PK\x03\x04"),
        "{name}: not an xlsx (zip) file"
    );
    out
}

/// summary.json of `sibyl run` with the same inputs, trials and seed.
fn summary(dir: &Path, name: &str, contract: &str, scenario: &str, trials: u64) -> PathBuf {
    let path = dir.join(name);
    let trials = trials.to_string();
    let out = sibyl()
        .args([
            "run",
            contract,
            "--scenario",
            scenario,
            "--trials",
            &trials,
            "--seed",
            "7",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    std::fs::write(&path, out).expect("summary.json is written");
    path
}

/// The key figures of four deals, each in two languages, equal `run`'s summary.json.
#[test]
fn key_figures_equal_the_runs_summary() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str], [&str; 2]); 5] = [
        ("peterborough", &[], ["en", "bg"]),
        ("nyc-able", &[], ["sv", "fi"]),
        (
            "utah-preschool",
            &["--observed", "observed/utah-preschool.toml"],
            ["fi", "en"],
        ),
        ("educate-girls", &[], ["bg", "sv"]),
        // Its grants' pooled IRR is undefined: an empty or marked cell, never a number.
        ("mass-roca", &[], ["en", "fi"]),
    ];
    let trials = 2000;
    let checker = checker_available();
    for (deal, extra, langs) in cases {
        let contract = format!("contracts/{deal}.toml");
        let scenario = format!("scenarios/{deal}.toml");
        let json = summary(
            dir.path(),
            &format!("{deal}.json"),
            &contract,
            &scenario,
            trials,
        );
        if deal == "mass-roca" {
            let text = std::fs::read_to_string(&json).unwrap();
            assert!(
                text.contains("null"),
                "mass-roca: no undefined figure left to check"
            );
        }
        for lang in langs {
            let book = report(
                dir.path(),
                &format!("{deal}-{lang}.xlsx"),
                &contract,
                &scenario,
                extra,
                lang,
                trials,
            );
            if checker {
                check(&book, &json, None);
            }
        }
    }
}

/// With --per-trial the workbook has a sheet of exactly the run's trials under trials.csv's
/// column names, holding trials.csv's numbers.
#[test]
fn the_sheet_of_trials_is_trials_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (contract, scenario) = ("contracts/peterborough.toml", "scenarios/peterborough.toml");
    let trials = 1_000;
    let run = dir.path().join("run");
    sibyl()
        .args([
            "run",
            contract,
            "--scenario",
            scenario,
            "--trials",
            "1000",
            "--seed",
            "7",
            "--out",
            run.to_str().unwrap(),
            "--per-trial",
        ])
        .assert()
        .success();
    let csv = run.join("trials.csv");
    let lines = std::fs::read_to_string(&csv).unwrap().lines().count();
    assert_eq!(
        lines as u64,
        trials + 1,
        "trials.csv: a header and a row per trial"
    );
    let book = report(
        dir.path(),
        "trials.xlsx",
        contract,
        scenario,
        &["--per-trial"],
        "fi",
        trials,
    );
    if checker_available() {
        check(&book, &run.join("summary.json"), Some(&csv));
    }
}

/// A workbook for every example with its scenario, in every language.
#[test]
fn every_example_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    for (contract, scenario) in example_pairs() {
        let stem = contract.file_stem().unwrap().to_string_lossy().into_owned();
        for lang in ["en", "bg", "sv", "fi"] {
            report(
                dir.path(),
                &format!("{stem}-{lang}.xlsx"),
                contract.to_str().unwrap(),
                scenario.to_str().unwrap(),
                &[],
                lang,
                500,
            );
        }
    }
}

/// With --compare, --stress and --sensitivity the workbook has a sheet of them, whose
/// paired differences are those of `sibyl compare`.
#[test]
fn the_compared_sheet_carries_the_paired_differences() {
    if !checker_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("compared.xlsx");
    let args = [
        "report",
        "contracts/peterborough.toml",
        "--scenario",
        "scenarios/peterborough.toml",
        "--compare",
        "contracts/peterborough-rate-card.toml",
        "--stress",
        "--sensitivity",
        "tranche.bonds.moic",
        "-n",
        "500",
        "--seed",
        "4",
        "--lang",
        "fi",
        "--out",
        book.to_str().unwrap(),
    ];
    sibyl().args(args).assert().success();
    let compare = crate::util::json(&[
        "compare",
        "contracts/peterborough.toml",
        "contracts/peterborough-rate-card.toml",
        "--scenario",
        "scenarios/peterborough.toml",
        "-n",
        "500",
        "--seed",
        "4",
        "--format",
        "json",
    ]);
    let expected = compare["differences"][0]["metrics"]["payer.moj.paid"]["mean"]
        .as_f64()
        .unwrap();
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Vertailut"]
rows = list(ws.iter_rows(values_only=True))
hits = [r for r in rows if r[2] == "payer.moj.paid" and r[1] and r[1].startswith("[2]")]
print(repr(hits[0][5]))
tornado = [r for r in rows if r[0] == "effect"]
print(len(tornado))
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&book)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let got: f64 = lines.next().unwrap().parse().unwrap();
    assert!(
        (got - expected).abs() <= 1e-9 * expected.abs(),
        "{got} vs {expected}"
    );
    assert_eq!(lines.next(), Some("1"), "the tornado's row for the effect");
}
