//! a scenario may set a termination hazard for a contract without `[termination]`.
//! Settlement then mixes the two defaults: outcome payments continue as if
//! `pay_enrolled = true` (mod.rs `outcome_payments`), but the enrolled participants'
//! service stops as if it were false (waterfall.rs `Vehicle::start`, `costs_due`).
//! Fixed, kept as a regression test: with the documented default (`pay_enrolled` true) the service of
//! those enrolled should be paid as with an explicit `[termination]` table.

use sibyl::cashflow::{Ledger, Schedule, settle};
use sibyl::model::Contract;
use sibyl::world::{Measured, World};

use crate::util::contract;

const C: &str = r#"
[deal]
name = "t"
currency = "GBP"
period = "year"
horizon = 6
[parties.city]
role = "payer"
[parties.p]
role = "provider"
[parties.fund]
role = "investor"
[cohorts.a]
target = 100
enrol_from = 0
cost_per_participant_period = 100
service_periods = 3
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 3
measurement = "none"
[rules.card]
type = "rate_card"
metric = "job"
price = 3000
[tranches.eq]
type = "equity"
investor = "fund"
amount = 100000
TERM
"#;

fn settle_terminated(c: &Contract) -> Ledger {
    let mut w = World::empty(c);
    w.enrolled[0] = 100.0;
    w.terminated_at = Some(0);
    *w.result_mut(0, 0) = Measured {
        n_treated: 100.0,
        treated_mean: 0.5,
        ..Measured::default()
    };
    let s = Schedule::new(c);
    let mut l = Ledger::new(c, &s);
    settle(c, &s, &w, &mut l);
    l
}

#[test]
fn no_termination_table_means_the_documented_defaults() {
    let scenario =
        "[scenario]\nname = \"s\"\n[metrics.job]\nbaseline = 0.5\n[termination]\nhazard = 0.5\n";
    let bare = contract(&C.replace("TERM", ""));
    assert!(
        sibyl::load::scenario_from_source(
            &sibyl::diagnostics::Source::new("s.toml", scenario),
            &bare
        )
        .is_ok(),
        "a hazard without [termination] is accepted"
    );
    let explicit = contract(&C.replace("TERM", "[termination]\nfrom = 0\npayer = \"city\"\n"));
    let (lb, le) = (settle_terminated(&bare), settle_terminated(&explicit));
    // Both pay the 150,000 of outcomes; explicit: provider paid 30,000 for 3 periods of
    // service; bare: 10,000 (one period), yet the same outcomes are paid.
    assert_eq!(lb.deal_paid(), le.deal_paid());
    assert_eq!(
        lb.party_received[1], le.party_received[1],
        "provider service paid without / with a [termination] table"
    );
}
