//! `sibyl sensitivity` and `sibyl breakeven`.

use crate::util::{json, sibyl};
use predicates::prelude::*;
use serde_json::Value;

const PB: &str = "contracts/peterborough.toml";
const PB_S: &str = "scenarios/peterborough.toml";
const EG: &str = "contracts/educate-girls.toml";
const EG_S: &str = "scenarios/educate-girls.toml";

#[test]
fn peterborough_tornado_is_led_by_the_effect() {
    let v = json(&[
        "sensitivity",
        PB,
        "--scenario",
        PB_S,
        "--metric",
        "tranche.bonds.moic",
        "--trials",
        "8000",
        "--format",
        "json",
    ]);
    assert_eq!(v["statistic"], "mean");
    let tornado = v["tornado"].as_array().unwrap();
    // Every varying assumption has a bar (the fixed `policy` has none), widest first.
    let names: Vec<&str> = tornado
        .iter()
        .map(|s| s["assumption"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(!names.contains(&"policy"));
    assert_eq!(names[0], "effect");
    let widths: Vec<f64> = tornado
        .iter()
        .map(|s| s["swing"]["value"].as_f64().unwrap().abs())
        .collect();
    assert!(widths.windows(2).all(|w| w[0] >= w[1]), "{widths:?}");
    // A bigger effect pays investors more, far beyond the paired standard error.
    let effect = &tornado[0];
    assert!(effect["p90"].as_f64().unwrap() > effect["p10"].as_f64().unwrap());
    let swing = &effect["swing"];
    assert!(swing["value"].as_f64().unwrap() > 20.0 * swing["se"].as_f64().unwrap());
    let (low, high) = (
        effect["low"]["value"].as_f64().unwrap(),
        effect["high"]["value"].as_f64().unwrap(),
    );
    assert!((high - low - swing["value"].as_f64().unwrap()).abs() < 1e-9);
    // Rank correlations: the effect first and positive.
    let rc = &v["rank_correlations"][0];
    assert_eq!(rc["assumption"], "effect");
    let rho = rc["rho"].as_f64().unwrap();
    assert!(rho > 0.3 && rho <= 1.0, "{rho}");
    assert_eq!(rc["n"], 8000);
}

#[test]
fn sensitivity_of_a_probability_and_the_table() {
    let v = json(&[
        "sensitivity",
        PB,
        "--scenario",
        PB_S,
        "--metric",
        "deal.any_payment",
        "--trials",
        "4096",
        "--format",
        "json",
    ]);
    assert_eq!(v["statistic"], "probability");
    sibyl()
        .args([
            "sensitivity",
            PB,
            "--scenario",
            PB_S,
            "--metric",
            "payer.moj.paid",
            "--trials",
            "4096",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Tornado"))
        .stdout(predicate::str::contains("Rank correlations"));
}

#[test]
fn unknown_metrics_get_suggestions() {
    sibyl()
        .args([
            "sensitivity",
            PB,
            "--scenario",
            PB_S,
            "--metric",
            "tranche.bond.moic",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("named `tranche.bond.moic`"))
        .stderr(predicate::str::contains(
            "did you mean `tranche.bonds.moic`?",
        ));
}

#[test]
fn educate_girls_breakeven_learning_gain_for_the_investor() {
    let v = json(&[
        "breakeven",
        EG,
        "--scenario",
        EG_S,
        "--assumption",
        "learning_gain",
        "--trials",
        "8000",
        "--format",
        "json",
    ]);
    assert_eq!(v["target"], "tranche.ubs_of.irr >= 0");
    assert_eq!(v["status"], "found");
    assert_eq!(v["increasing"], true);
    let x = v["value"].as_f64().unwrap();
    let band = &v["band"];
    let (lo, hi) = (
        band["low"].as_f64().unwrap(),
        band["high"].as_f64().unwrap(),
    );
    assert!(lo <= x && x <= hi && hi - lo < 0.1, "{x} in [{lo}, {hi}]");
    // The answer lies where the estimated probabilities cross 50%, and is below the
    // scenario's median gain, where the investor is mostly repaid.
    let evals = v["evaluations"].as_array().unwrap();
    let below = evals
        .iter()
        .filter(|e| e["value"].as_f64().unwrap() < lo)
        .all(|e| e["p"].as_f64().unwrap() <= 0.5);
    let above = evals
        .iter()
        .filter(|e| e["value"].as_f64().unwrap() > hi)
        .all(|e| e["p"].as_f64().unwrap() >= 0.5);
    assert!(below && above, "{evals:?}");
    assert!(x < v["scenario_median"].as_f64().unwrap());
    assert!(v["scenario_probability"]["p"].as_f64().unwrap() > 0.5);
}

#[test]
fn a_stricter_probability_needs_a_bigger_effect() {
    let at = |prob: &str| {
        json(&[
            "breakeven",
            EG,
            "--scenario",
            EG_S,
            "--assumption",
            "learning_gain",
            "--trials",
            "4096",
            "--prob",
            prob,
            "--format",
            "json",
        ])["value"]
            .as_f64()
            .unwrap()
    };
    assert!(at("0.9") > at("0.5"));
}

#[test]
fn an_unreachable_target_says_so() {
    let v = json(&[
        "breakeven",
        EG,
        "--scenario",
        EG_S,
        "--assumption",
        "pupil_sd",
        "--target",
        "tranche.ubs_of.moic > 100",
        "--trials",
        "1000",
        "--format",
        "json",
    ]);
    assert_eq!(v["status"], "always_below");
    assert!(v["value"].is_null());
}

#[test]
fn breakeven_input_errors() {
    sibyl()
        .args([
            "breakeven",
            EG,
            "--scenario",
            EG_S,
            "--assumption",
            "learning_gian",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean `learning_gain`?"));
    sibyl()
        .args([
            "breakeven",
            EG,
            "--scenario",
            EG_S,
            "--assumption",
            "learning_gain",
            "--target",
            "tranche.ubs_of.irr",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no comparison"));
    sibyl()
        .args([
            "breakeven",
            EG,
            "--scenario",
            EG_S,
            "--assumption",
            "learning_gain",
            "--prob",
            "1.5",
        ])
        .assert()
        .code(2);
    sibyl()
        .args([
            "breakeven",
            EG,
            "--scenario",
            EG_S,
            "--assumption",
            "learning_gain",
            "--target",
            "tranche.ubs.irr >= 0",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "did you mean `tranche.ubs_of.irr`?",
        ));
}

/// Peterborough's scenario with `edit` applied to its text, in a temporary file.
fn variant(edit: impl Fn(String) -> String) -> tempfile::NamedTempFile {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(PB_S)).unwrap();
    let f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    std::fs::write(f.path(), edit(text)).unwrap();
    f
}

fn breakeven_json(scenario: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "breakeven",
        PB,
        "--scenario",
        scenario.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    json(&args)
}

#[test]
fn a_fixed_assumption_is_searched_on_both_sides() {
    // Effect fixed at 8.5%: the search runs from 0 to 17%, not only upwards.
    let f = variant(|t| {
        t.replace(
            "[assumptions.effect]\ndist = \"pert\"",
            "[assumptions.effect]\ndist = \"fixed\"\nvalue = 0.085\n[assumptions.effect_was]\ndist = \"pert\"",
        )
    });
    let v = breakeven_json(f.path(), &["--assumption", "effect", "--trials", "4096"]);
    assert_eq!(v["status"], "found", "{v}");
    let (lo, hi) = (
        v["searched"]["low"].as_f64().unwrap(),
        v["searched"]["high"].as_f64().unwrap(),
    );
    assert!(lo < 0.085 && 0.085 < hi, "{lo} {hi}");
    assert!(
        (lo - 0.0).abs() < 1e-12 && (hi - 0.17).abs() < 1e-12,
        "{lo} {hi}"
    );
    let x = v["value"].as_f64().unwrap();
    assert!(x > 0.05 && x < 0.12, "{x}");
}

#[test]
fn a_strict_probability_on_peterborough_is_found_with_its_band() {
    // Once investors are repaid at the 13% cap, more effect changes nothing: P(IRR >= 0)
    // rises to 95% and stays above it (no second crossing).
    let v = breakeven_json(
        std::path::Path::new(PB_S),
        &[
            "--assumption",
            "effect",
            "--trials",
            "4096",
            "--prob",
            "0.95",
        ],
    );
    assert_eq!(v["status"], "found", "{v}");
    let x = v["value"].as_f64().unwrap();
    assert!(x > 0.08 && x < 0.2, "{x}");
    assert_eq!(v["other_crossings"], serde_json::json!([]));
    let band = &v["band"];
    assert!(band["low"].as_f64().unwrap() <= x && x <= band["high"].as_f64().unwrap());
}

#[test]
fn flat_and_noisy_curves_are_not_given_a_false_answer() {
    // An assumption nothing is bound to: identical estimates everywhere.
    let f = variant(|t| t + "\n[assumptions.unused]\ndist = \"normal\"\nmean = 0\nsd = 1\n");
    let v = breakeven_json(f.path(), &["--assumption", "unused", "--trials", "1000"]);
    assert_eq!(v["status"], "no_influence", "{v}");
    assert!(v["value"].is_null() && v["band"].is_null());
    // The policy hazard barely matters: within noise of 50% over its whole range.
    let v = breakeven_json(
        std::path::Path::new(PB_S),
        &["--assumption", "policy", "--trials", "2000"],
    );
    assert_eq!(v["status"], "not_identified", "{v}");
    assert!(v["value"].is_null());
}

/// A tornado of an estimate of the whole run: each swing is its high less its low, with a
/// paired error, and there are no rank correlations (nothing per trial to rank).
#[test]
fn the_tornado_of_an_estimate() {
    let v = json(&[
        "sensitivity",
        "contracts/peterborough.toml",
        "--scenario",
        "scenarios/peterborough.toml",
        "--metric",
        "tranche.bonds.pooled_irr",
        "--trials",
        "4096",
        "--format",
        "json",
    ]);
    assert_eq!(v["statistic"], "estimate");
    let tornado = v["tornado"].as_array().unwrap();
    assert!(!tornado.is_empty());
    for s in tornado {
        let (lo, hi) = (
            s["low"]["value"].as_f64().unwrap(),
            s["high"]["value"].as_f64().unwrap(),
        );
        assert!((s["swing"]["value"].as_f64().unwrap() - (hi - lo)).abs() < 1e-12);
        assert!(s["swing"]["se"].as_f64().unwrap() >= 0.0);
    }
    assert_eq!(tornado[0]["assumption"], "effect");
    assert!(v["rank_correlations"].as_array().unwrap().is_empty());
}

/// Breakeven on an estimate: the search finds where Peterborough's cost per true outcome
/// reaches a level, and says in which direction the effect moves it (as the evaluations
/// show, skipping the values where it is undefined); an estimate undefined everywhere says
/// so.
#[test]
fn breakeven_on_an_estimate() {
    let v = json(&[
        "breakeven",
        "contracts/peterborough.toml",
        "--scenario",
        "scenarios/peterborough.toml",
        "--assumption",
        "effect",
        "--target",
        "payer.moj.cost_per_true_outcome.reconviction <= 6000",
        "--trials",
        "2000",
        "--format",
        "json",
    ]);
    assert_eq!(v["statistic"], "estimate");
    let points = v["evaluations"].as_array().unwrap();
    let defined: Vec<f64> = points.iter().filter_map(|p| p["p"].as_f64()).collect();
    assert!(defined.len() >= 2);
    let rising = defined[defined.len() - 1] > defined[0];
    assert_eq!(v["increasing"].as_bool().unwrap(), rising);
    assert_eq!(v["status"], "found");
    // No effect anywhere: no true outcome, so the estimate is undefined at every value.
    let f = variant(|t| {
        t.replace(
            "[assumptions.effect]\ndist = \"pert\"",
            "[assumptions.effect]\ndist = \"uniform\"\nmin = -0.5\nmax = 0.0\n[assumptions.effect_was]\ndist = \"pert\"",
        )
    });
    let v = breakeven_json(
        f.path(),
        &[
            "--assumption",
            "effect",
            "--target",
            "payer.moj.cost_per_true_outcome.reconviction <= 6000",
            "--trials",
            "500",
        ],
    );
    assert_eq!(v["status"], "undefined", "{v}");
}
