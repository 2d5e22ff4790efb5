//! `cap_per_participant` and `cap_per_cohort` on a multi-metric rate card are applied
//! to each metric's event separately, so a participant can be paid up to (metrics × cap).
//! The DWP Innovation Fund example (9 prices, £8,200 cap) never binds the cap.
//! Fixed: `apply_caps` caps per rule and cohort cumulatively; kept as regression tests.

use sibyl::model::Contract;
use sibyl::world::{Measured, World};

use super::settle_once;
use crate::util::contract;

const CARD: &str = r#"
[deal]
name = "t"
currency = "GBP"
period = "year"
horizon = 4
[parties.city]
role = "payer"
[parties.p]
role = "provider"
[cohorts.a]
target = 100
enrol_from = 0
[metrics.m1]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[metrics.m2]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.card]
type = "rate_card"
payer = "city"
prices = { m1 = 1000, m2 = 1000 }
CAP
"#;

/// 100 participants, each achieving both outcomes (gross £2,000 each).
fn everyone_achieves_both(c: &Contract) -> World {
    let mut w = World::empty(c);
    w.enrolled[0] = 100.0;
    for m in 0..2 {
        *w.result_mut(m, 0) = Measured {
            n_treated: 100.0,
            treated_mean: 1.0,
            ..Measured::default()
        };
    }
    w
}

#[test]
fn per_participant_cap_limits_the_whole_rate_card() {
    let c = contract(&CARD.replace("CAP", "cap_per_participant = 1000"));
    let l = settle_once(&c, &everyone_achieves_both(&c));
    // Observed: 200,000 (each metric's event is capped at 1,000 × 100 on its own).
    assert!(
        l.deal_paid() <= 100_000.0 + 1e-6,
        "a £1,000 cap per participant for 100 participants paid {}",
        l.deal_paid()
    );
    assert!(
        l.cap_bound.iter().any(|&b| b),
        "the cap should be reported as binding"
    );
}

#[test]
fn per_cohort_cap_limits_the_whole_rate_card() {
    let c = contract(&CARD.replace("CAP", "cap_per_cohort = 50000"));
    let l = settle_once(&c, &everyone_achieves_both(&c));
    // Observed: 100,000 (50,000 per metric event).
    assert!(
        l.deal_paid() <= 50_000.0 + 1e-6,
        "a £50,000 cap for the one cohort paid {}",
        l.deal_paid()
    );
}
