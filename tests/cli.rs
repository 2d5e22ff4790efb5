//! The command line as a user meets it: commands, exit codes, output.

mod common;

use common::sibyl;
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
    sibyl().args(["schema", "observed"]).assert().code(2);
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
    for kind in ["contract", "scenario"] {
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
    for kind in ["contract", "scenario"] {
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
