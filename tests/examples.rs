//! The example library: every contract with its scenario checks, explains, and conserves
//! money in its worked examples.

use std::path::Path;

use sibyl::cashflow::{Ledger, Schedule, settle};
use sibyl::load::{load_contract, load_scenario};
use sibyl::model::scenario::Quantity;
use sibyl::world::expected::expected_world;

use crate::util;

fn root(p: &Path) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

#[test]
fn the_library_has_the_required_examples() {
    let names: Vec<String> = util::example_pairs()
        .iter()
        .map(|(c, _)| c.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for required in [
        "peterborough",
        "nyc-able",
        "utah-preschool",
        "educate-girls",
        "mass-roca",
        "dwp-innovation-fund",
        "fair-chance-fund",
        "koto-finland",
        "norrkoping",
        "life-chances",
        "teaching-jobs",
    ] {
        assert!(
            names.iter().any(|n| n == required),
            "missing example {required}: {names:?}"
        );
    }
}

#[test]
fn every_example_checks_without_errors() {
    for (contract, scenario) in util::example_pairs() {
        let c = load_contract(&root(&contract))
            .unwrap_or_else(|e| panic!("{}: {e}", contract.display()));
        load_scenario(&root(&scenario), &c.value)
            .unwrap_or_else(|e| panic!("{}: {e}", scenario.display()));
    }
}

/// Every example explains, in sentences a person would write: no "(s)" plurals, counts
/// with thousands separators, binary outcomes as percentages, and verbs that agree with
/// the role they follow.
#[test]
fn every_example_explains() {
    for (contract, scenario) in util::example_pairs() {
        let out = util::sibyl()
            .arg("explain")
            .arg(&contract)
            .arg("--scenario")
            .arg(&scenario)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8_lossy(&out);
        let name = contract.display();
        assert!(
            !text.contains("(s)"),
            "{name}: a plural left as (s)\n{text}"
        );
        for bad in [
            " pays only for verified results (the outcome payers)",
            "Investors puts",
            " pay only for verified results (the outcome payer).",
        ] {
            assert!(!text.contains(bad), "{name}: {bad}\n{text}");
        }
        // A number of four digits or more is written with separators ("1,100 people").
        assert!(
            !text.split_whitespace().any(|w| w.len() >= 4
                && w.chars().all(|c| c.is_ascii_digit())
                && w.parse::<u32>()
                    .is_ok_and(|n| n >= 1000 && !(1900..2100).contains(&n))),
            "{name}: a large number without separators\n{text}"
        );
    }
    let peterborough = util::output(&[
        "explain",
        "contracts/peterborough.toml",
        "--scenario",
        "scenarios/peterborough.toml",
    ]);
    let text = String::from_utf8_lossy(&peterborough.stdout);
    assert!(text.contains("The outcome payers, Ministry of Justice and Big Lottery Fund, pay only for verified results."), "{text}");
    assert!(
        text.contains("The investor, 17 trusts and foundations, puts up GBP 5,000,000"),
        "{text}"
    );
    assert!(
        text.contains("2,000 people in 3 cohorts") || text.contains("3,000 people in 3 cohorts"),
        "{text}"
    );
}

#[test]
fn money_is_conserved_in_every_worked_example() {
    for (contract, scenario) in util::example_pairs() {
        let c = load_contract(&root(&contract)).unwrap().value;
        let mut s = load_scenario(&root(&scenario), &c).unwrap().value;
        let schedule = Schedule::new(&c);
        let mut ledger = Ledger::new(&c, &schedule);
        for effect_case in 0..2 {
            if effect_case == 1 {
                for m in &mut s.metrics {
                    m.effect = Quantity::Fixed(0.0);
                }
            }
            settle(&c, &schedule, &expected_world(&c, &s), &mut ledger);
            util::assert_sound(&c, &ledger, &contract.display().to_string());
        }
    }
}

/// Every result name is unique across metrics, probabilities and estimates, so
/// `breakeven` and `sensitivity` can target any (`tranche.<id>.loss` is P(MOIC < 1); the
/// amount lost is `tranche.<id>.amount_lost`).
#[test]
fn every_result_name_is_unique() {
    for (contract, scenario) in util::example_pairs() {
        let c = load_contract(&root(&contract)).unwrap().value;
        let s = load_scenario(&root(&scenario), &c).unwrap().value;
        let model = sibyl::engine::Model::new(&c, &s);
        let mut names: Vec<&str> = model
            .metrics
            .metrics
            .iter()
            .map(|(n, _)| n.as_str())
            .chain(model.metrics.events.iter().map(|(n, _)| n.as_str()))
            .chain(model.metrics.estimates.iter().map(|e| e.name.as_str()))
            .collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all, "{}: a name repeats", contract.display());
    }
}
