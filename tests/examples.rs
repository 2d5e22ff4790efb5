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

#[test]
fn every_example_explains() {
    for (contract, scenario) in util::example_pairs() {
        util::sibyl()
            .arg("explain")
            .arg(&contract)
            .arg("--scenario")
            .arg(&scenario)
            .assert()
            .success();
    }
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

/// Every result name is unique across metrics and probabilities, so `breakeven` and
/// `sensitivity` can target either (`tranche.<id>.loss` is P(MOIC < 1); the amount lost is
/// `tranche.<id>.amount_lost`).
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
            .collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all, "{}: a name repeats", contract.display());
    }
}
