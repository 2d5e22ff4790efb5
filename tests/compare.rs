//! `sibyl compare`: designs on common random numbers, paired differences, and each design's
//! figures equal to `sibyl run`'s.

use crate::util::{json, sibyl};
use predicates::prelude::*;

const PB: &str = "contracts/peterborough.toml";
const POOLED: &str = "contracts/peterborough-pooled-only.toml";
const CARD: &str = "contracts/peterborough-rate-card.toml";
const SCENARIO: &str = "scenarios/peterborough.toml";

#[test]
fn a_contract_compared_with_itself_differs_by_exactly_zero() {
    let v = json(&[
        "compare",
        PB,
        PB,
        "--scenario",
        SCENARIO,
        "--trials",
        "5000",
        "--format",
        "json",
    ]);
    let d = &v["differences"][0];
    assert_eq!((d["a"].as_u64(), d["b"].as_u64()), (Some(0), Some(1)));
    let metrics = d["metrics"].as_object().unwrap();
    assert!(metrics.len() > 10);
    for (name, x) in metrics {
        assert_eq!(x["mean"], 0.0, "{name}");
        assert_eq!(x["se"], 0.0, "{name}");
    }
    for (name, x) in d["probabilities"].as_object().unwrap() {
        assert_eq!(x["p"], 0.0, "{name}");
        assert_eq!(x["se"], 0.0, "{name}");
    }
    let estimates = d["estimates"].as_object().unwrap();
    assert!(estimates.contains_key("tranche.bonds.pooled_irr"));
    for (name, x) in estimates {
        assert_eq!(x["value"], 0.0, "{name}");
        assert_eq!(x["se"], 0.0, "{name}");
    }
    assert_eq!(v["designs"][0]["metrics"], v["designs"][1]["metrics"]);
}

/// An estimate's paired difference is the difference of the designs' estimates (each that
/// of `run`), with a paired standard error below the unpaired one.
#[test]
fn estimates_differ_by_their_paired_difference() {
    let v = json(&[
        "compare",
        PB,
        POOLED,
        "--scenario",
        SCENARIO,
        "--trials",
        "6000",
        "--format",
        "json",
    ]);
    for name in [
        "tranche.bonds.pooled_irr",
        "payer.moj.cost_per_true_outcome.reconviction",
    ] {
        let (a, b) = (
            &v["designs"][0]["estimates"][name],
            &v["designs"][1]["estimates"][name],
        );
        let d = &v["differences"][0]["estimates"][name];
        let diff = b["value"].as_f64().unwrap() - a["value"].as_f64().unwrap();
        assert!(
            (d["value"].as_f64().unwrap() - diff).abs() < 1e-12,
            "{name}"
        );
        let (se, unpaired) = (
            d["se"].as_f64().unwrap(),
            d["unpaired_se"].as_f64().unwrap(),
        );
        assert!(se > 0.0 && se < unpaired, "{name}: {se} vs {unpaired}");
    }
}

#[test]
fn each_design_equals_sibyl_run_with_the_same_seed_and_trials() {
    let v = json(&[
        "compare",
        PB,
        POOLED,
        CARD,
        "--scenario",
        SCENARIO,
        "--trials",
        "9000",
        "--seed",
        "7",
        "--threads",
        "2",
        "--format",
        "json",
    ]);
    let dir = std::env::temp_dir().join(format!("sibyl-compare-{}", std::process::id()));
    for (i, contract) in [PB, POOLED, CARD].iter().enumerate() {
        let run = json(&[
            "run",
            contract,
            "--scenario",
            SCENARIO,
            "--trials",
            "9000",
            "--seed",
            "7",
            "--threads",
            "1",
            "--format",
            "json",
            "--force",
            "--out",
            dir.join(i.to_string()).to_str().unwrap(),
        ]);
        let design = &v["designs"][i];
        assert_eq!(design["contract"]["path"], *contract);
        assert_eq!(design["contract"]["sha256"], run["contract"]["sha256"]);
        assert_eq!(design["metrics"], run["metrics"], "{contract}");
        assert_eq!(design["probabilities"], run["probabilities"], "{contract}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn paired_differences_have_the_documented_shape_and_beat_unpaired_errors() {
    let v = json(&[
        "compare",
        PB,
        POOLED,
        CARD,
        "--scenario",
        SCENARIO,
        "--trials",
        "20000",
        "--format",
        "json",
    ]);
    let diffs = v["differences"].as_array().unwrap();
    let pairs: Vec<(u64, u64)> = diffs
        .iter()
        .map(|d| (d["a"].as_u64().unwrap(), d["b"].as_u64().unwrap()))
        .collect();
    assert_eq!(pairs, [(0, 1), (0, 2), (1, 2)]);
    // The pooled-only design pays more in total: the paired difference is far outside noise
    // and its standard error well below that of independent runs.
    let paid = &diffs[0]["metrics"]["deal.paid"];
    let (mean, se, unpaired) = (
        paid["mean"].as_f64().unwrap(),
        paid["se"].as_f64().unwrap(),
        paid["unpaired_se"].as_f64().unwrap(),
    );
    assert!(mean > 10.0 * se, "{paid}");
    assert!(se < unpaired / 2.0, "{paid}");
    // The difference of the designs' own means matches the paired mean (same trials, and
    // deal.paid is defined in every trial).
    let m0 = v["designs"][0]["metrics"]["deal.paid"]["mean"]
        .as_f64()
        .unwrap();
    let m1 = v["designs"][1]["metrics"]["deal.paid"]["mean"]
        .as_f64()
        .unwrap();
    assert!(((m1 - m0) - mean).abs() < 1e-6 * m0.abs());
    // The rate card pays in more trials than either trigger design.
    let p = &diffs[1]["probabilities"]["deal.any_payment"];
    assert!(p["p"].as_f64().unwrap() > 10.0 * p["se"].as_f64().unwrap());
}

#[test]
fn the_table_shows_designs_side_by_side() {
    sibyl()
        .args([
            "compare",
            PB,
            POOLED,
            CARD,
            "--scenario",
            SCENARIO,
            "--trials",
            "4096",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("[2]-[1] (se)"))
        .stdout(predicate::str::contains(
            "[3] contracts/peterborough-rate-card.toml: Peterborough SIB, rate card",
        ))
        .stdout(predicate::str::contains("deal.paid"))
        .stdout(predicate::str::contains("tranche.bonds.irr (median)"));
}

#[test]
fn one_contract_is_a_usage_error_and_bad_presets_get_suggestions() {
    sibyl()
        .args(["compare", PB, "--scenario", SCENARIO])
        .assert()
        .code(2);
    sibyl()
        .args([
            "compare",
            PB,
            POOLED,
            "--scenario",
            SCENARIO,
            "--stress",
            "recesion",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no stress preset named `recesion`",
        ))
        .stderr(predicate::str::contains("recession"));
}

#[test]
fn a_scenario_that_does_not_fit_a_design_is_an_error_with_its_location() {
    sibyl()
        .args([
            "compare",
            PB,
            "contracts/nyc-able.toml",
            "--scenario",
            SCENARIO,
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("scenarios/peterborough.toml:"));
}
