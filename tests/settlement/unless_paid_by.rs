//! pooled triggers and `unless_paid_by`.
//! 1. `unless_paid_by` only looks at payments already made, so when the named per-cohort
//!    rule pays later than the pooled one (here a `payment_lag`), a cohort is paid twice.
//!    Fixed: "paid by" means entitled to payment under the named rule, whatever the order.

use sibyl::model::Contract;
use sibyl::world::{Measured, World};

use super::settle_once;
use crate::util::contract;

const TWO: &str = r#"
[deal]
name = "two"
currency = "GBP"
period = "year"
horizon = 8
[parties.moj]
role = "payer"
[parties.p]
role = "provider"
[cohorts.c1]
target = 1000
enrol_from = 0
[cohorts.c2]
target = 1000
enrol_from = 1
[metrics.re]
kind = "binary"
direction = "reduce"
measured_at = 1
measurement = "comparison"
comparison_size = 10000
[rules.cohort]
type = "threshold"
metric = "re"
threshold = COHORT_THRESHOLD
price = 100
COHORT_LAG
[rules.pooled]
type = "threshold"
metric = "re"
scope = "pooled"
threshold = 0.05
price = 100
unless_paid_by = ["cohort"]
"#;

/// Reconviction rate `c1` and `c2` against a measured (and true) 40%.
fn world(c: &Contract, c1: f64, c2: f64) -> World {
    let r = |treated: f64| Measured {
        n_treated: 1000.0,
        treated_mean: treated,
        n_counterfactual: 10_000.0,
        measured_counterfactual: 0.4,
        true_counterfactual: 0.4,
        ..Measured::default()
    };
    let mut w = World::empty(c);
    w.enrolled[0] = 1000.0;
    w.enrolled[8 + 1] = 1000.0;
    *w.result_mut(0, 0) = r(c1);
    *w.result_mut(0, 1) = r(c2);
    w
}

#[test]
fn a_cohort_paid_by_its_own_trigger_is_not_paid_again_whatever_the_lags() {
    // Both cohorts reduce by 15% (60 avoided each): the cohort rule pays 6,000 for each.
    let plain = contract(
        &TWO.replace("COHORT_THRESHOLD", "0.10")
            .replace("COHORT_LAG", ""),
    );
    let l = settle_once(&plain, &world(&plain, 0.34, 0.34));
    assert_eq!(l.deal_paid(), 12_000.0);
    // The same with the cohort rule paid a period after validation.
    let lagged = contract(
        &TWO.replace("COHORT_THRESHOLD", "0.10")
            .replace("COHORT_LAG", "payment_lag = 1"),
    );
    let l = settle_once(&lagged, &world(&lagged, 0.34, 0.34));
    // Observed: 18,000: the pooled rule pays c2 in period 2 (before c2's own payment in
    // period 3), then the cohort rule pays c2 again.
    assert!(
        (l.deal_paid() - 12_000.0).abs() < 1e-6,
        "paid {} (cohort rule {}, pooled rule {})",
        l.deal_paid(),
        l.rule_paid[0],
        l.rule_paid[1]
    );
}
