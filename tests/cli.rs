//! The command line as a user meets it: commands, exit codes, output.

use crate::util::{json, sibyl};
use predicates::prelude::*;

#[test]
fn check_prints_a_resolved_summary() {
    sibyl()
        .args([
            "check",
            "contracts/peterborough.toml",
            "--scenario",
            "scenarios/peterborough.toml",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "contract contracts/peterborough.toml: valid",
        ))
        .stdout(predicate::str::contains(
            "cohort_trigger: when the measured effect on reconviction is at least 10%",
        ))
        .stdout(predicate::str::contains("defaults applied"))
        .stdout(predicate::str::contains(
            "cohort c1 delay = 0: enrolment starts on time",
        ));
}

#[test]
fn check_without_scenario_validates_the_contract_alone() {
    sibyl()
        .args(["check", "contracts/peterborough.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("scenario").not());
}

#[test]
fn invalid_input_exits_with_1_and_a_located_message() {
    let dir = std::env::temp_dir().join(format!("sibyl-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("typo.toml");
    std::fs::write(&file, "[deal]\nname = \"x\"\nprise = 3\n").unwrap();
    sibyl()
        .args(["check"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("typo.toml:3:1"))
        .stderr(predicate::str::contains("unknown field `prise`"))
        .stderr(predicate::str::contains("help:"));
}

#[test]
fn usage_errors_exit_with_2() {
    sibyl().args(["chek"]).assert().code(2);
    sibyl().args(["check"]).assert().code(2);
    sibyl().args(["schema", "settlement"]).assert().code(2);
}

#[test]
fn explain_tells_the_deal_and_works_an_example() {
    sibyl()
        .args([
            "explain",
            "contracts/peterborough.toml",
            "--scenario",
            "scenarios/peterborough.toml",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Who is involved"))
        .stdout(predicate::str::contains(
            "Worked example: the expected case",
        ))
        .stdout(predicate::str::contains("If nothing works"))
        .stdout(predicate::str::contains("a total loss"));
}

#[test]
fn explain_without_scenario_says_how_to_get_an_example() {
    sibyl()
        .args(["explain", "contracts/peterborough.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "investors can lose the GBP 5,000,000",
        ))
        .stdout(predicate::str::contains("--scenario"));
}

#[test]
fn schema_is_json_for_both_kinds() {
    for kind in ["contract", "scenario", "observed"] {
        let out = sibyl()
            .args(["schema", kind])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
        assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    }
}

#[test]
fn committed_schemas_match_the_binary() {
    // Editors read schemas/*.json (see .taplo.toml); keep them in step with the code.
    for kind in ["contract", "scenario", "observed"] {
        let out = sibyl()
            .args(["schema", kind])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let path = format!("{}/schemas/{kind}.schema.json", env!("CARGO_MANIFEST_DIR"));
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == out,
            "{path} is out of date: run `cargo run -- schema {kind} > schemas/{kind}.schema.json`"
        );
    }
}

#[test]
fn help_lists_the_commands() {
    sibyl()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("check"))
        .stdout(predicate::str::contains("explain"))
        .stdout(predicate::str::contains("schema"));
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("sibyl-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

const REF: [&str; 4] = [
    "run",
    "benches/ref-3c/contract.toml",
    "--scenario",
    "benches/ref-3c/scenario.toml",
];

#[test]
fn run_json_has_the_documented_shape() {
    let dir = temp_dir("shape");
    let out = sibyl()
        .args(REF)
        .args(["--trials", "5000", "--format", "json", "--out"])
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for key in [
        "sibyl_version",
        "contract",
        "scenario",
        "seed",
        "trials",
        "terms",
        "metrics",
        "probabilities",
        "estimates",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["terms"], "nominal");
    for key in [
        "tranche.investors.pooled_irr",
        "payer.payer.cost_per_true_outcome.reconviction",
    ] {
        let e = &v["estimates"][key];
        assert!(
            e["value"].is_number() && e["se"].is_number() && e["n"] == 5000,
            "{key}: {e}"
        );
    }
    assert_eq!(v["contract"]["sha256"].as_str().unwrap().len(), 64);
    assert!(v["scenario"]["stress"].is_null());
    let irr = &v["metrics"]["tranche.investors.irr"];
    for key in [
        "mean", "se", "sd", "min", "p05", "p25", "p50", "p75", "p95", "max", "cvar05",
    ] {
        assert!(irr[key].is_number(), "irr.{key}");
    }
    for key in [
        "tranche.investors.loss",
        "tranche.investors.irr_undefined",
        "deal.any_payment",
        "deal.cap.binds",
    ] {
        assert!(
            v["probabilities"][key]["p"].is_number() && v["probabilities"][key]["se"].is_number(),
            "{key}"
        );
    }
    // The same summary is in the run folder.
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(file, v);
}

/// `trial` is the trial's index in the whole run (across blocks), `seed` the run's seed
/// written exactly, no field is `-0`, and no two columns share a name.
#[test]
fn per_trial_rows_carry_their_index_and_seed() {
    let dir = temp_dir("per-trial-index");
    let trials = sibyl::engine::BLOCK + 5;
    sibyl()
        .args(REF)
        .args(["--seed", "18446744073709551615", "--per-trial", "--out"])
        .arg(&dir)
        .arg("--trials")
        .arg(trials.to_string())
        .assert()
        .success();
    let csv = std::fs::read_to_string(dir.join("trials.csv")).unwrap();
    let mut lines = csv.lines();
    let names: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len());
    assert_eq!(names[..2], ["trial", "seed"]);
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len() as u64, trials);
    for (k, row) in rows.iter().enumerate() {
        let fields: Vec<&str> = row.split(',').collect();
        assert_eq!(fields.len(), names.len());
        assert_eq!(fields[0], k.to_string());
        assert_eq!(fields[1], "18446744073709551615");
        assert!(fields.iter().all(|f| *f != "-0"), "row {k}: {row}");
    }
}

#[test]
fn per_trial_writes_a_row_per_trial() {
    let dir = temp_dir("per-trial");
    sibyl()
        .args(REF)
        .args(["--trials", "300", "--per-trial", "--out"])
        .arg(&dir)
        .assert()
        .success();
    let csv = std::fs::read_to_string(dir.join("trials.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("trial,seed,assumption.p0,assumption.d,tranche.investors.irr"),
        "{header}"
    );
    assert!(header.contains("deal.any_payment"));
    // A per-cohort volume is a column, whose mean is the summary's estimate.
    let names: Vec<&str> = header.split(',').collect();
    let col = names
        .iter()
        .position(|n| *n == "outcomes.reconviction.c2.paid")
        .expect("a column per cohort volume");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 300);
    let mean = rows
        .iter()
        .map(|r| r.split(',').nth(col).unwrap().parse::<f64>().unwrap())
        .sum::<f64>()
        / 300.0;
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let value = summary["estimates"]["outcomes.reconviction.c2.paid"]["value"]
        .as_f64()
        .unwrap();
    assert!(
        (mean - value).abs() <= 1e-9 * value.abs().max(1.0),
        "{mean} vs {value}"
    );
}

#[test]
fn a_different_run_is_not_overwritten_without_force() {
    let dir = temp_dir("overwrite");
    sibyl()
        .args(REF)
        .args(["--trials", "1000", "--out"])
        .arg(&dir)
        .assert()
        .success();
    // The same inputs give the same results: rerunning is harmless.
    sibyl()
        .args(REF)
        .args(["--trials", "1000", "--out"])
        .arg(&dir)
        .assert()
        .success();
    sibyl()
        .args(REF)
        .args(["--trials", "2000", "--out"])
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already holds a different run"))
        .stderr(predicate::str::contains("--force"));
    sibyl()
        .args(REF)
        .args(["--trials", "2000", "--force", "--out"])
        .arg(&dir)
        .assert()
        .success();
}

#[test]
fn unknown_stress_preset_gets_a_suggestion() {
    sibyl()
        .args([
            "run",
            "contracts/peterborough.toml",
            "--scenario",
            "scenarios/peterborough.toml",
            "--trials",
            "100",
            "--stress",
            "half-effect",
            "--out",
        ])
        .arg(temp_dir("stress"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no stress preset named `half-effect`",
        ))
        .stderr(predicate::str::contains("did you mean `half_effect`?"));
}

#[test]
fn stress_presets_move_the_results() {
    let run = |stress: Option<&str>| -> f64 {
        let mut cmd = sibyl();
        cmd.args([
            "run",
            "contracts/peterborough.toml",
            "--scenario",
            "scenarios/peterborough.toml",
            "--trials",
            "4096",
            "--format",
            "json",
            "--out",
        ])
        .arg(temp_dir(stress.unwrap_or("base")));
        if let Some(s) = stress {
            cmd.args(["--stress", s]);
        }
        let v: serde_json::Value =
            serde_json::from_slice(&cmd.assert().success().get_output().stdout).unwrap();
        v["metrics"]["deal.paid"]["mean"].as_f64().unwrap()
    };
    assert!(run(Some("half_effect")) < run(None));
}

#[test]
fn precision_adds_trials_until_met() {
    let v: serde_json::Value = serde_json::from_slice(
        &sibyl()
            .args(REF)
            .args([
                "--trials",
                "4096",
                "--precision",
                "0.01",
                "--format",
                "json",
                "--out",
            ])
            .arg(temp_dir("precision"))
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    let trials = v["trials"].as_u64().unwrap();
    assert!(trials > 4096 && trials % 4096 == 0, "{trials}");
    assert!(
        v["metrics"]["tranche.investors.irr"]["se"]
            .as_f64()
            .unwrap()
            <= 0.01
    );
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["code"] != "precision_not_reached")
    );
}

#[test]
fn warnings_carry_a_stable_code_and_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let v = crate::util::json(&[
        "run",
        "contracts/educate-girls.toml",
        "--scenario",
        "scenarios/educate-girls.toml",
        "--trials",
        "2000",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let warnings = v["warnings"].as_array().unwrap();
    let caps: Vec<&serde_json::Value> = warnings
        .iter()
        .filter(|w| w["code"] == "cap_binds_mostly")
        .collect();
    assert!(!caps.is_empty(), "{warnings:?}");
    for w in caps {
        let m = w["message"].as_str().unwrap();
        assert!(
            m.starts_with("the cap ") && m.contains("check that the cap"),
            "{m}"
        );
    }
    // Every code a script can meet is listed in the README.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for code in sibyl::analysis::warning::Code::ALL {
        assert!(
            readme.contains(&format!("`{}`", code.name())),
            "README lacks `{}`",
            code.name()
        );
    }
    for w in warnings {
        let code = w["code"].as_str().unwrap();
        assert!(
            sibyl::analysis::warning::Code::ALL
                .iter()
                .any(|c| c.name() == code),
            "{code}"
        );
    }
}

#[test]
fn table_shows_parties_and_warnings() {
    sibyl()
        .args([
            "run",
            "contracts/peterborough.toml",
            "--scenario",
            "scenarios/peterborough.toml",
            "--trials",
            "4096",
            "--out",
        ])
        .arg(temp_dir("table"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Investors"))
        .stdout(predicate::str::contains("bonds: P(loss)"))
        .stdout(predicate::str::contains("Payers"))
        .stdout(predicate::str::contains("Warnings"));
}

#[test]
fn bad_run_options_are_input_errors() {
    sibyl()
        .args(REF)
        .args(["--threads", "0"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--threads must be at least 1"));
    sibyl().args(REF).args(["--trials", "0"]).assert().code(1);
    sibyl().args(REF).args(["--precision=0"]).assert().code(1);
    sibyl()
        .args(REF)
        .args(["--trials", "many"])
        .assert()
        .code(2);
}

/// Each simulating command's help gives its own `--trials` default (the constant each
/// command runs when `--trials` is not given).
#[test]
fn each_command_documents_its_trials_default() {
    for (command, default) in [
        ("run", 100_000),
        ("compare", 100_000),
        ("stress", 100_000),
        ("sensitivity", 100_000),
        ("breakeven", 20_000),
    ] {
        let out = sibyl().args([command, "--help"]).assert().success();
        let help = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        let trials = help
            .split("--trials <TRIALS>")
            .nth(1)
            .unwrap_or_else(|| panic!("{command} has no --trials:\n{help}"));
        let line = trials.lines().nth(1).unwrap_or("").trim();
        assert!(
            line.ends_with(&format!("[default: {default}]")),
            "{command}: {line}"
        );
    }
}

/// A payment that delays push past the deal's last period is not paid; nothing vanishes
/// without a word: `check` warns at the delay, and `run` counts how often it happens in
/// `deal.payment_after_horizon`, with a warning.
#[test]
fn payments_after_the_horizon_are_counted_and_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("late.toml");
    // Results are validated in period 5; a delay of 7 moves them to 12, past the last
    // period (11) of the 12-quarter deal.
    std::fs::write(
        &scenario,
        "[scenario]\nname = \"late\"\n\n[metrics.employed]\neffect = 0.2\n\n[cohorts.main]\ndelay = 7\n",
    )
    .unwrap();
    let contract = "tests/invalid/fixtures/historical-binary.toml";
    sibyl()
        .args(["--color", "never", "check", contract, "--scenario"])
        .arg(&scenario)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "with a delay of 7 period(s), cohort `main` would be paid under rule `jobs` in period 12, after the deal's last period (11): that payment is not made",
        ));
    // The worked example says what would be paid, and that it is not: 8% more of 100
    // people employed, at GBP 1,000 each.
    sibyl()
        .args(["explain", contract, "--scenario"])
        .arg(&scenario)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "quarter 12: jobs would pay GBP 8,000 before caps, after the deal's last quarter: it is not paid.",
        ));
    let v = crate::util::json(&[
        "run",
        contract,
        "--scenario",
        &scenario.to_string_lossy(),
        "--trials",
        "200",
        "--format",
        "json",
        "--out",
        &dir.path().join("run").to_string_lossy(),
    ]);
    // It would pay in every trial where the measured rate beats the historical 40%: all
    // but the few where noise hides the 20% effect on 100 people.
    let late = v["probabilities"]["deal.payment_after_horizon"]["p"]
        .as_f64()
        .unwrap();
    assert!(late > 0.9 && late < 1.0, "{late}");
    assert_eq!(v["metrics"]["deal.paid"]["mean"], 0.0);
    assert_eq!(v["probabilities"]["deal.any_payment"]["p"], 0.0);
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"payment_after_horizon"), "{codes:?}");
    // On time, it never happens.
    std::fs::write(
        &scenario,
        "[scenario]\nname = \"on time\"\n\n[metrics.employed]\neffect = 0.2\n",
    )
    .unwrap();
    let v = crate::util::json(&[
        "run",
        contract,
        "--scenario",
        &scenario.to_string_lossy(),
        "--trials",
        "200",
        "--format",
        "json",
        "--out",
        &dir.path().join("run2").to_string_lossy(),
    ]);
    assert_eq!(v["probabilities"]["deal.payment_after_horizon"]["p"], 0.0);
}

/// `--real` reports period-0 money: with no inflation the figures equal the nominal run's;
/// a folder of a nominal run is not overwritten by a real one without `--force`.
#[test]
fn real_terms_are_a_different_run_and_equal_cash_without_inflation() {
    let dir = temp_dir("real");
    let nominal = json(&[
        REF[0],
        REF[1],
        REF[2],
        REF[3],
        "--trials",
        "800",
        "--format",
        "json",
        "--out",
        dir.to_str().unwrap(),
    ]);
    sibyl()
        .args(REF)
        .args(["--trials", "800", "--real", "--out"])
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    let real_dir = temp_dir("real-2");
    let real = json(&[
        REF[0],
        REF[1],
        REF[2],
        REF[3],
        "--trials",
        "800",
        "--real",
        "--format",
        "json",
        "--out",
        real_dir.to_str().unwrap(),
    ]);
    assert_eq!(real["terms"], "real");
    assert_eq!(nominal["metrics"], real["metrics"]);
}

/// `check` says what the contract indexes, the payers' budgets, the modified IRR's rates
/// and the scenario's inflation (or that it defaulted to none).
#[test]
fn check_shows_indexation_budgets_and_inflation() {
    let out = sibyl()
        .args([
            "check",
            "contracts/teaching-jobs.toml",
            "--scenario",
            "scenarios/teaching-jobs.toml",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("amounts fixed in cash (no indexation"),
        "{text}"
    );
    assert!(
        text.contains("modified IRR: money put in discounted at 0%"),
        "{text}"
    );
    assert!(
        text.contains("inflation = 0: prices stay at their period-0 level"),
        "{text}"
    );
}
