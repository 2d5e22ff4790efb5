//! One implementation: a scenario with every assumption fixed and no sampling noise gives,
//! in its simulated trial, exactly the ledger that `settle` gives for the same history.

use sibyl::cashflow::{Ledger, Schedule, settle};
use sibyl::diagnostics::Source;
use sibyl::engine::{self, Model};

use crate::util::contract;

const CONTRACT: &str = r#"
[deal]
name = "replay"
currency = "EUR"
period = "quarter"
horizon = 12
[parties.ministry]
role = "payer"
[parties.region]
role = "payer"
[parties.school]
role = "provider"
[parties.fund]
role = "investor"
[parties.bank]
role = "investor"
[cohorts.pupils]
target = 200
enrol_from = 0
enrol_to = 1
cost_per_participant = 400
[metrics.score]
kind = "continuous"
direction = "increase"
measured_at = 4
measurement = "rct"
control_size = 500
[rules.gain]
type = "per_improvement"
metric = "score"
price = 150
payers = { ministry = 0.7, region = 0.3 }
cap = 70_000
[rules.bonus]
type = "threshold"
metric = "score"
effect = "absolute"
threshold = 1.5
lump_sum = 10_000
payer = "ministry"
[tranches.senior]
type = "senior_loan"
investor = "bank"
amount = 50_000
coupon = 0.06
[tranches.equity]
type = "equity"
investor = "fund"
amount = 30_000
max_multiple = 1.3
"#;

const SCENARIO: &str = r#"
[metrics.score]
baseline = 10
effect = 2
sd = 0
[participants]
referrals = 1
referral_noise = "none"
dropout = 0
"#;

const OBSERVED: &str = r#"
[cohorts.pupils]
enrolled = 200
[results.score.pupils]
treated_rate = 12
counterfactual_rate = 10
"#;

#[test]
fn a_noiseless_trial_equals_settle() {
    let c = contract(CONTRACT);
    let s = sibyl::load::scenario_from_source(&Source::new("s.toml", SCENARIO), &c)
        .unwrap()
        .value;
    let model = Model::new(&c, &s);
    let mut simulated: Option<Ledger> = None;
    engine::for_each_trial(&model, 1, 0, 1, |t| {
        let ledger = t.ledger;
        simulated = Some(ledger.clone())
    });
    let simulated = simulated.unwrap();

    let observed = sibyl::load::observed_from_source(&Source::new("o.toml", OBSERVED), &c)
        .unwrap()
        .value;
    let schedule = Schedule::new(&c);
    let mut settled = Ledger::new(&c, &schedule);
    settle(
        &c,
        &schedule,
        &sibyl::world::observed::observed_world(&c, &observed),
        &mut settled,
    );

    assert!(settled.deal_paid() > 0.0, "the history pays something");
    assert_eq!(simulated.payments.len(), settled.payments.len());
    for (a, b) in simulated.payments.iter().zip(&settled.payments) {
        assert_eq!(
            (a.period, a.rule, a.payer, a.amount.to_bits(), a.cuts),
            (b.period, b.rule, b.payer, b.amount.to_bits(), b.cuts)
        );
    }
    assert_eq!(simulated.payer_flows, settled.payer_flows);
    assert_eq!(simulated.tranche_flows, settled.tranche_flows);
    assert_eq!(simulated.party_received, settled.party_received);
    assert_eq!(simulated.refunded.to_bits(), settled.refunded.to_bits());
}
