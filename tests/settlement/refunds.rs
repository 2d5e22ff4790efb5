//! money above return caps is refunded pro rata to what payers paid *this period*,
//! even when the money being refunded was paid by another payer in an earlier period (held
//! by `recycle`). A payer could then end with a negative total. Fixed: refunds are pro rata
//! to what each payer has put in; kept as a regression test
//! (`refund_payers`, src/cashflow/waterfall.rs).

use sibyl::cashflow::{Ledger, Schedule, settle};
use sibyl::world::{Measured, World};

use crate::util::contract;

#[test]
fn a_refund_never_exceeds_what_a_payer_paid() {
    let c = contract(
        r#"
[deal]
name = "t"
currency = "GBP"
period = "year"
horizon = 5
[parties.a]
role = "payer"
[parties.b]
role = "payer"
[parties.p]
role = "provider"
[parties.fund]
role = "investor"
[cohorts.k1]
target = 100
enrol_from = 0
cost_per_participant = 100
[cohorts.k2]
target = 100
enrol_from = 2
cost_per_participant = 100
[metrics.m1]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
cohorts = ["k1"]
[metrics.m2]
kind = "binary"
direction = "increase"
measured_at = 0
measurement = "none"
cohorts = ["k2"]
[rules.ra]
type = "rate_card"
metric = "m1"
price = 1000
payer = "a"
[rules.rb]
type = "rate_card"
metric = "m2"
price = 10
payer = "b"
[financing]
drawdown = "as_needed"
recycle = true
[tranches.eq]
type = "equity"
investor = "fund"
amount = 20000
max_multiple = 1.0
"#,
    );
    let mut w = World::empty(&c);
    w.enrolled[0] = 100.0;
    w.enrolled[5 + 2] = 100.0;
    *w.result_mut(0, 0) = Measured {
        n_treated: 100.0,
        treated_mean: 1.0,
        ..Measured::default()
    };
    *w.result_mut(1, 1) = Measured {
        n_treated: 100.0,
        treated_mean: 1.0,
        ..Measured::default()
    };
    let s = Schedule::new(&c);
    let mut l = Ledger::new(&c, &s);
    settle(&c, &s, &w, &mut l);
    // a pays 100,000 in period 1 (recycled); b pays 1,000 in period 2, when the capped
    // tranche has its 10,000 back and 81,000 is refunded. Observed: all of it to b, so
    // a paid 100,000 net and b paid -80,000.
    assert!(
        l.payer_paid(1) >= 0.0,
        "payer b paid {} in total",
        l.payer_paid(1)
    );
    assert!(
        l.payer_paid(0) < 100_000.0,
        "payer a got none of its money back"
    );
}
