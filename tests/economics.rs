//! The economics a finance officer asks for, checked against answers computed by hand or
//! independently of the engine: what the payer pays for measurement error and deadweight,
//! the cost per true outcome as a ratio of expectations, the pooled IRR, the provider's
//! margin, discounted net value, budgets and the premium over buying the service.
//!
//! Statistical checks state their level: a correct engine fails a 4-standard-error check
//! about once in 16,000 seeds.

use sibyl::analysis::run::{Outcome, RunSettings, outcome};
use sibyl::cashflow::returns::{self, Irr};
use sibyl::engine::{self, Model};
use sibyl::model::{Contract, Scenario};

use crate::util::{contract, fixed_world, rate_card_contract, scenario};

/// `sibyl run`'s figures for a model, without files.
fn run(c: &Contract, s: &Scenario, trials: u64, seed: u64) -> Outcome {
    let model = Model::new(c, s);
    let settings = RunSettings {
        trials,
        seed,
        precision: None,
        max_trials: trials,
        keep_draws: false,
    };
    outcome(&model, &settings, &|_| {})
}

/// Defect 7: with no true effect, every outcome paid for would have happened anyway, so
/// deadweight is everything paid, in every trial. It was computed from the noisy outcomes
/// achieved and clamped, so upward noise counted as real outcomes: about 6% too low at
/// 100 participants and a 30% rate.
#[test]
fn with_no_effect_deadweight_is_everything_paid() {
    let c = rate_card_contract(100, 3_000.0);
    let o = run(&c, &scenario(&fixed_world(0.3, 0.0), &c), 20_000, 3);
    let paid = &o.metrics["payer.city.paid"];
    let dead = &o.metrics["payer.city.deadweight_paid"];
    eprintln!("paid {} deadweight {}", paid.mean, dead.mean);
    assert!(paid.mean > 80_000.0);
    assert!((dead.mean - paid.mean).abs() <= 1e-9 * paid.mean);
    assert_eq!((dead.p05, dead.p95), (paid.p05, paid.p95));
}

/// With an effect, deadweight is the price times the outcomes expected anyway: 3,000 ×
/// 100 × 0.3 = 90,000 on average, within 4 of its standard errors (it was biased low).
#[test]
fn deadweight_is_the_price_of_the_outcomes_expected_anyway() {
    let c = rate_card_contract(100, 3_000.0);
    let o = run(&c, &scenario(&fixed_world(0.3, 0.5), &c), 20_000, 4);
    let dead = &o.metrics["payer.city.deadweight_paid"];
    let z = (dead.mean - 90_000.0) / dead.se;
    eprintln!("deadweight {} se {} z {z:.2}", dead.mean, dead.se);
    assert!(
        z.abs() <= 4.0,
        "deadweight {} vs 90,000: z = {z}",
        dead.mean
    );
}

/// A lump sum of 1,000,000 when an RCT measures a relative improvement of at least 10%.
fn trigger() -> Contract {
    contract(
        r#"
[deal]
name = "trigger"
currency = "GBP"
period = "year"
horizon = 4
[parties.city]
role = "payer"
[parties.charity]
role = "provider"
[cohorts.a]
target = 400
enrol_from = 0
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "rct"
control_size = 400
[rules.trigger]
type = "threshold"
metric = "job"
threshold = 0.1
lump_sum = 1_000_000
"#,
    )
}

/// Defect 6: `paid_for_noise` jumps from the whole payment to nothing between a true
/// effect of 0 and of 0.001, at the same chance of paying; `paid_for_measurement_error`
/// (what was paid less what an exact measurement would have paid, trial by trial) does
/// not: below the threshold an exact measurement never pays, so it is everything paid at
/// both effects. Above the threshold an exact measurement always pays the lump sum, so
/// in each trial it is what was paid less 1,000,000: on average −(1 − P(paid)) × 1,000,000.
#[test]
fn paid_for_measurement_error_is_continuous_in_the_true_effect() {
    let c = trigger();
    let at = |effect: f64| run(&c, &scenario(&fixed_world(0.3, effect), &c), 20_000, 5);
    let (zero, tiny) = (at(0.0), at(0.001));
    let m = |o: &Outcome, name: &str| o.metrics[&format!("payer.city.{name}")].mean;
    eprintln!(
        "noise {} -> {}; measurement error {} -> {}; paid {} -> {}",
        m(&zero, "paid_for_noise"),
        m(&tiny, "paid_for_noise"),
        m(&zero, "paid_for_measurement_error"),
        m(&tiny, "paid_for_measurement_error"),
        m(&zero, "paid"),
        m(&tiny, "paid"),
    );
    assert!(m(&zero, "paid") > 10_000.0, "the trigger pays by chance");
    assert_eq!(m(&zero, "paid_for_noise"), m(&zero, "paid"));
    assert_eq!(m(&tiny, "paid_for_noise"), 0.0);
    for o in [&zero, &tiny] {
        assert_eq!(m(o, "paid_for_measurement_error"), m(o, "paid"));
    }
    let above = at(0.3);
    let p = above.probabilities["deal.any_payment"].p;
    let error = &above.metrics["payer.city.paid_for_measurement_error"];
    let expected = -(1.0 - p) * 1_000_000.0;
    assert!(
        (error.mean - expected).abs() <= 1e-6 * 1_000_000.0,
        "{} vs {expected}",
        error.mean
    );
    assert!(error.max <= 0.0 && error.min >= -1_000_000.0);
}

/// Two metrics in different units (jobs, qualifications gained per person) with an
/// uncertain effect, paid by a rate card on each.
fn two_units() -> (Contract, Scenario) {
    let c = contract(
        r#"
[deal]
name = "two units"
currency = "GBP"
period = "year"
horizon = 4
[parties.city]
role = "payer"
[parties.charity]
role = "provider"
[cohorts.a]
target = 200
enrol_from = 0
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[metrics.qualification]
kind = "count"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.card]
type = "rate_card"
prices = { job = 2_000, qualification = 500 }
"#,
    );
    let s = scenario(
        r#"
[assumptions.lift]
dist = "lognormal"
mean = 0.3
sd = 0.3
[metrics.job]
baseline = 0.2
effect = "lift"
[metrics.qualification]
baseline = 0.8
effect = "lift"
[participants]
referrals = 1
referral_noise = "none"
"#,
        &c,
    );
    (c, s)
}

/// Defect 8: the cost per true outcome is, per metric and in that metric's unit, what the
/// payer paid for it over the outcomes truly improved on it, both expected over trials;
/// defined in every trial (nothing dropped), equal to the ratio of the two means the run
/// reports, and its delta-method standard error matches the spread of independent runs.
#[test]
fn cost_per_true_outcome_is_a_ratio_of_expectations_per_metric() {
    let (c, s) = two_units();
    let o = run(&c, &s, 20_000, 6);
    for m in ["job", "qualification"] {
        let e = o.estimates[&format!("payer.city.cost_per_true_outcome.{m}")];
        let paid = o.metrics[&format!("outcomes.{m}.paid")].mean;
        let improved = o.metrics[&format!("outcomes.{m}.improved")].mean;
        eprintln!("{m}: {} ({}) = {paid} / {improved}", e.value, e.se);
        assert_eq!(e.n, 20_000);
        assert!((e.value - paid / improved).abs() <= 1e-9 * e.value);
    }
    // The standard error against the spread of 40 independent runs of 2,000 trials: the
    // ratio of the two is within 0.65 to 1.35 (a chi-square with 39 degrees of freedom
    // leaves it outside with probability below 0.002).
    let values: Vec<(f64, f64)> = (0..40)
        .map(|seed| {
            let e =
                run(&c, &s, 2_000, 100 + seed).estimates["payer.city.cost_per_true_outcome.job"];
            (e.value, e.se)
        })
        .collect();
    let mean = values.iter().map(|v| v.0).sum::<f64>() / 40.0;
    let sd = (values.iter().map(|v| (v.0 - mean).powi(2)).sum::<f64>() / 39.0).sqrt();
    let se = values.iter().map(|v| v.1).sum::<f64>() / 40.0;
    eprintln!("spread {sd} vs reported {se}");
    assert!(
        (0.65..=1.35).contains(&(sd / se)),
        "spread {sd}, reported se {se}"
    );
}

/// The pooled IRR is the IRR of the mean cash flows: the same trials' flows averaged by
/// hand give the same rate.
#[test]
fn pooled_irr_is_the_irr_of_the_mean_flows() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let c = sibyl::load::load_contract(&root.join("contracts/peterborough.toml"))
        .unwrap()
        .value;
    let s = sibyl::load::load_scenario(&root.join("scenarios/peterborough.toml"), &c)
        .unwrap()
        .value;
    let o = run(&c, &s, 4_000, 7);
    let model = Model::new(&c, &s);
    let h = c.deal.horizon as usize;
    let mut mean = vec![0.0; h];
    engine::for_each_trial(&model, 7, 0, 4_000, |t| {
        for (m, f) in mean.iter_mut().zip(t.ledger.tranche_cash_flows(0)) {
            *m += f / 4_000.0;
        }
    });
    let Irr::Rate(by_hand) = returns::irr(&mean, 4) else {
        panic!("the mean flows have one IRR")
    };
    let e = o.estimates["tranche.bonds.pooled_irr"];
    eprintln!("pooled {} ({}) by hand {by_hand}", e.value, e.se);
    assert!((e.value - by_hand).abs() < 1e-9);
    assert!(e.se > 0.0 && e.se < 0.05);
}

/// A provider that defers 20,000 of a 100,000 programme as a tranche of its own, in a deal
/// that pays nothing: its cash is 80,000, not 100,000, its margin −20,000, and it loses
/// money in every trial.
#[test]
fn deferred_fees_never_repaid_are_not_revenue() {
    let c = contract(
        r#"
[deal]
name = "deferred"
currency = "GBP"
period = "year"
horizon = 4
[parties.city]
role = "payer"
[parties.charity]
role = "provider"
[parties.fund]
role = "investor"
[cohorts.a]
target = 100
enrol_from = 0
cost_per_participant = 1_000
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "historical"
baseline = 0.5
[rules.trigger]
type = "threshold"
metric = "job"
threshold = 0.5
lump_sum = 500_000
[tranches.loan]
type = "senior_loan"
investor = "fund"
amount = 80_000
[tranches.fees]
type = "deferred_fees"
investor = "charity"
amount = 20_000
"#,
    );
    let o = run(&c, &scenario(&fixed_world(0.5, 0.0), &c), 1_000, 8);
    let m = |name: &str| o.metrics[name].mean;
    assert_eq!(m("payer.city.paid"), 0.0);
    assert!((m("provider.charity.cost") - 100_000.0).abs() < 1e-6);
    assert!((m("provider.charity.revenue") - 80_000.0).abs() < 1e-6);
    assert!((m("provider.charity.margin") + 20_000.0).abs() < 1e-6);
    assert_eq!(o.probabilities["provider.charity.loss"].p, 1.0);
}

/// A deterministic deal: 100 people all find a job (a rate of 1), paid 1,000 each a year
/// after they enrol; the service costs 50,000 in year 0; each job saves the city 3,000
/// when it happens (year 1), against a baseline of 0.5. At 10% a year: NPV of payments
/// 100,000 / 1.1; value 3,000 × 50 jobs truly added / 1.1; the premium over buying the
/// service, 100,000 / 1.1 − 50,000. A budget of 60,000 in year 2 (`y2`) is exceeded by
/// 40,000 in every trial; the one of year 3 never is.
#[test]
fn net_value_premium_and_budgets_by_hand() {
    let c = contract(
        r#"
[deal]
name = "by hand"
currency = "GBP"
period = "year"
horizon = 4
[parties.city]
role = "payer"
discount_rate = 0.1
[parties.charity]
role = "provider"
[cohorts.a]
target = 100
enrol_from = 0
cost_per_participant = 500
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.card]
type = "rate_card"
metric = "job"
price = 1_000
[budgets.city]
per_year = 1_000_000
years = { y2 = 60_000 }
"#,
    );
    let s = scenario(
        r#"
[metrics.job]
baseline = 0.5
effect = 1
effect_scale = "relative"
savings = 3_000
[participants]
referrals = 1
referral_noise = "none"
"#,
        &c,
    );
    let o = run(&c, &s, 500, 9);
    let m = |name: &str| o.metrics[name].mean;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
    assert!(close(m("payer.city.paid"), 100_000.0));
    assert!(close(m("payer.city.npv"), 100_000.0 / 1.1));
    assert!(close(
        m("payer.city.net_value"),
        3_000.0 * 50.0 / 1.1 - 100_000.0 / 1.1
    ));
    assert!(close(m("payer.city.premium"), 100_000.0 / 1.1 - 50_000.0));
    assert!(close(m("payer.city.largest_year"), 100_000.0));
    assert!(close(m("payer.city.budget_excess"), 40_000.0));
    assert_eq!(o.probabilities["payer.city.over_budget"].p, 1.0);
    assert_eq!(o.probabilities["payer.city.over_budget.y2"].p, 1.0);
    assert_eq!(o.probabilities["payer.city.over_budget.y3"].p, 0.0);
    assert_eq!(o.probabilities["payer.city.over_budget.y1"].p, 0.0);
    assert!(close(m("payer.city.deadweight_paid"), 50_000.0));
    assert!(close(m("outcomes.job.achieved"), 100.0));
    assert!(close(m("outcomes.job.improved"), 50.0));
    assert!(close(m("outcomes.job.paid"), 100_000.0));
    let e = o.estimates["payer.city.cost_per_true_outcome.job"];
    assert!(close(e.value, 2_000.0) && e.se == 0.0);
}

/// Inflation of 10% a year, a rate card of 1,000 per job paid in year 1, 100 jobs, and a
/// deal cap of 100,000. Indexed prices pay 110,000 in cash in year 1 (100,000 in year-0
/// money); a cap fixed in cash cuts that to 100,000; a cap in year-0 money does not.
/// Costs of 100 a participant a year rise with prices: 10,000 in year 0, 11,000 in
/// year 1. Present values discount real flows at the (real) discount rate, so they are
/// the same in nominal and real terms.
#[test]
fn inflation_indexes_prices_caps_and_costs() {
    let deal = |indexation: &str| {
        contract(&format!(
            r#"
[deal]
name = "indexed"
currency = "GBP"
period = "year"
horizon = 4
indexation = "{indexation}"
[parties.city]
role = "payer"
discount_rate = 0.1
[parties.charity]
role = "provider"
[cohorts.a]
target = 100
enrol_from = 0
cost_per_participant_period = 100
service_periods = 2
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.card]
type = "rate_card"
metric = "job"
price = 1_000
[caps]
deal = 100_000
"#
        ))
    };
    let world = r#"
[metrics.job]
baseline = 1
[participants]
referrals = 1
referral_noise = "none"
[economy]
inflation = 0.1
"#;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
    let figures = |indexation: &str, terms| {
        let c = deal(indexation);
        let s = scenario(world, &c);
        let model = Model::with_terms(&c, &s, terms);
        let settings = RunSettings {
            trials: 100,
            seed: 1,
            precision: None,
            max_trials: 100,
            keep_draws: false,
        };
        outcome(&model, &settings, &|_| {})
    };
    use sibyl::engine::Reporting::{Nominal, Real};
    let m = |o: &Outcome, name: &str| o.metrics[name].mean;
    // Prices indexed, caps in cash: the cap cuts 110,000 to 100,000.
    let prices = figures("prices", Nominal);
    assert!(close(m(&prices, "payer.city.paid"), 100_000.0));
    assert_eq!(prices.probabilities["deal.cap.binds"].p, 1.0);
    // Caps in year-0 money: 110,000 in cash is 100,000 of them, within the cap.
    let both = figures("prices_and_caps", Nominal);
    assert!(close(m(&both, "payer.city.paid"), 110_000.0));
    assert_eq!(both.probabilities["deal.cap.binds"].p, 0.0);
    assert!(close(m(&both, "provider.charity.cost"), 21_000.0));
    // In real terms the same deal pays 100,000 and costs 20,000 of year-0 money.
    let real = figures("prices_and_caps", Real);
    assert!(close(m(&real, "payer.city.paid"), 100_000.0));
    assert!(close(m(&real, "provider.charity.cost"), 20_000.0));
    // Present values agree in both terms: 100,000 / 1.1 less 20,000 of costs in year-0
    // money (10,000 now, 10,000 real a year later).
    for o in [&both, &real] {
        assert!(close(m(o, "payer.city.npv"), 100_000.0 / 1.1));
        assert!(close(
            m(o, "payer.city.premium"),
            100_000.0 / 1.1 - 10_000.0 - 10_000.0 / 1.1
        ));
    }
    // Unindexed, inflation only raises costs.
    let none = figures("none", Nominal);
    assert!(close(m(&none, "payer.city.paid"), 100_000.0));
    assert!(close(m(&none, "provider.charity.cost"), 21_000.0));
}

/// Two payers and two cohorts: rule r1 pays for cohort a (city 80%, fund 20%), rule r2 for
/// cohort b (fund alone), 1,000 per job; each cohort of 100 all find a job against a
/// baseline of 0.5, so 50 jobs each are truly added, each saving 3,000 a year after
/// enrolment; discount 10%. The avoided costs are shared as the payments are: city 80% of
/// cohort a's 150,000, fund 20% of it and all of cohort b's. The service (500 a
/// participant, now) is charged by what each paid: city 80,000 of 200,000.
#[test]
fn several_payers_share_value_and_premium_as_they_share_the_payments() {
    let c = contract(
        r#"
[deal]
name = "two payers"
currency = "GBP"
period = "year"
horizon = 4
[parties.city]
role = "payer"
discount_rate = 0.1
[parties.fund]
role = "payer"
discount_rate = 0.1
[parties.charity]
role = "provider"
[cohorts.a]
target = 100
enrol_from = 0
cost_per_participant = 500
[cohorts.b]
target = 100
enrol_from = 0
cost_per_participant = 500
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.r1]
type = "rate_card"
metric = "job"
price = 1_000
cohorts = ["a"]
payers = { city = 0.8, fund = 0.2 }
[rules.r2]
type = "rate_card"
metric = "job"
price = 1_000
cohorts = ["b"]
payer = "fund"
"#,
    );
    let s = scenario(
        r#"
[metrics.job]
baseline = 0.5
effect = 1
savings = 3_000
[participants]
referrals = 1
referral_noise = "none"
"#,
        &c,
    );
    let o = run(&c, &s, 200, 10);
    let m = |name: &str| o.metrics[name].mean;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
    assert!(close(m("payer.city.paid"), 80_000.0));
    assert!(close(m("payer.fund.paid"), 120_000.0));
    assert!(close(
        m("payer.city.net_value"),
        (0.8 * 150_000.0 - 80_000.0) / 1.1
    ));
    assert!(close(
        m("payer.fund.net_value"),
        (0.2 * 150_000.0 + 150_000.0 - 120_000.0) / 1.1
    ));
    assert!(close(
        m("payer.city.premium"),
        80_000.0 / 1.1 - 0.4 * 100_000.0
    ));
    assert!(close(
        m("payer.fund.premium"),
        120_000.0 / 1.1 - 0.6 * 100_000.0
    ));
    // Per payer, per metric: the city paid 80,000 for 50 true jobs, the fund 120,000 for
    // 100 (both cohorts have its rules).
    let e = |name: &str| o.estimates[name].value;
    assert!(close(
        e("payer.city.cost_per_true_outcome.job"),
        80_000.0 / 50.0
    ));
    assert!(close(
        e("payer.fund.cost_per_true_outcome.job"),
        120_000.0 / 100.0
    ));
}

/// Payment by results with fees: the provider pays the intermediary from its own pocket,
/// so the intermediary receives them, they are part of the provider's cost, and money is
/// conserved.
#[test]
fn without_a_vehicle_the_provider_pays_the_fees() {
    let c = contract(
        r#"
[deal]
name = "pbr"
currency = "GBP"
period = "year"
horizon = 4
[parties.city]
role = "payer"
[parties.charity]
role = "provider"
[parties.arr]
role = "intermediary"
[cohorts.a]
target = 100
enrol_from = 0
cost_per_participant = 500
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.card]
type = "rate_card"
metric = "job"
price = 1_000
[financing]
arrangement_fee = 5_000
management_fee_per_period = 200
"#,
    );
    let s = scenario(&fixed_world(1.0, 0.0), &c);
    let o = run(&c, &s, 100, 11);
    let m = |name: &str| o.metrics[name].mean;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
    assert!(close(m("intermediary.arr.fees"), 5_000.0 + 4.0 * 200.0));
    assert!(close(m("provider.charity.cost"), 50_000.0 + 5_800.0));
    assert!(close(m("provider.charity.revenue"), 100_000.0));
    assert!(close(m("provider.charity.margin"), 100_000.0 - 55_800.0));
    let model = Model::new(&c, &s);
    engine::for_each_trial(&model, 11, 0, 10, |t| {
        crate::util::assert_sound(&c, t.ledger, "pbr");
    });
}

/// A share of the scenario's avoided costs is a share of what they really are: with
/// inflation of 10% a year they are 1.21 times their period-0 level when paid in year 2,
/// so half of 3,000 for 100 outcomes pays 181,500, with or without indexation.
#[test]
fn a_share_of_avoided_costs_rises_with_inflation() {
    let c = contract(
        r#"
[deal]
name = "savings"
currency = "GBP"
period = "year"
horizon = 4
[parties.city]
role = "payer"
[parties.charity]
role = "provider"
[cohorts.a]
target = 100
enrol_from = 0
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 2
measurement = "none"
[rules.share]
type = "savings_share"
metric = "job"
share = 0.5
"#,
    );
    let s = scenario(
        r#"
[metrics.job]
baseline = 1
savings = 3_000
[participants]
referrals = 1
referral_noise = "none"
[economy]
inflation = 0.1
"#,
        &c,
    );
    let o = run(&c, &s, 100, 12);
    let paid = o.metrics["payer.city.paid"].mean;
    assert!((paid - 181_500.0).abs() < 1e-6, "{paid}");
}

/// A pooled rule over two cohorts, one of which never runs, pays when the other's result
/// is validated (year 2), before the pooled test's scheduled date; termination
/// compensation is paid in year 2 too. Every budget year is listed, so the payment shows
/// in its year; `deal.any_payment` counts outcome payments only.
#[test]
fn payments_before_the_scheduled_date_show_in_their_budget_year() {
    let c = contract(
        r#"
[deal]
name = "pooled"
currency = "GBP"
period = "year"
horizon = 8
[parties.city]
role = "payer"
[parties.charity]
role = "provider"
[cohorts.a]
target = 100
enrol_from = 0
[cohorts.b]
target = 100
enrol_from = 4
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.pooled]
type = "rate_card"
metric = "job"
price = 1_000
scope = "pooled"
"#,
    );
    let s = scenario(
        r#"
[metrics.job]
baseline = 1
[participants]
referrals = 1
referral_noise = "none"
[cohorts.b]
referrals = 0
"#,
        &c,
    );
    let o = run(&c, &s, 100, 13);
    assert_eq!(o.metrics["payer.city.paid_year.y2"].mean, 100_000.0);
    assert_eq!(o.metrics["payer.city.largest_year"].mean, 100_000.0);
    assert!(o.metrics.contains_key("payer.city.paid_year.y1"));
}

/// Termination compensation is not an outcome payment.
#[test]
fn compensation_alone_is_not_an_outcome_payment() {
    let c = contract(
        r#"
[deal]
name = "ended"
currency = "GBP"
period = "year"
horizon = 8
[parties.city]
role = "payer"
[parties.charity]
role = "provider"
[parties.fund]
role = "investor"
[cohorts.a]
target = 100
enrol_from = 0
enrol_to = 3
cost_per_participant = 1_000
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 4
measurement = "none"
[rules.card]
type = "rate_card"
metric = "job"
price = 1_000
[tranches.loan]
type = "senior_loan"
investor = "fund"
amount = 100_000
[termination]
from = 1
pay_enrolled = false
compensation = "fixed"
amount = 50_000
payer = "city"
"#,
    );
    let s = scenario(
        r#"
[metrics.job]
baseline = 0.5
[participants]
referrals = 1
referral_noise = "none"
[termination]
hazard = 1
"#,
        &c,
    );
    let o = run(&c, &s, 100, 14);
    assert_eq!(o.metrics["payer.city.paid"].mean, 50_000.0);
    assert_eq!(o.metrics["payer.city.paid_year.y2"].mean, 50_000.0);
    assert_eq!(o.probabilities["deal.any_payment"].p, 0.0);
}

/// For events to reduce (reconvictions), the worst 5% of trials are those with the most
/// events: CVaR sits above the 95th percentile.
#[test]
fn the_worst_trials_of_events_to_reduce_are_the_most_events() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let c = sibyl::load::load_contract(&root.join("contracts/peterborough.toml"))
        .unwrap()
        .value;
    let s = sibyl::load::load_scenario(&root.join("scenarios/peterborough.toml"), &c)
        .unwrap()
        .value;
    let o = run(&c, &s, 2_000, 15);
    let events = &o.metrics["outcomes.reconviction.achieved"];
    assert!(events.cvar05 >= events.p95, "{events:?}");
    let improved = &o.metrics["outcomes.reconviction.improved"];
    assert!(improved.cvar05 <= improved.p05, "{improved:?}");
}

/// A modified IRR at the contract's rates: 100 drawn and spent in year 0, 60 back in years
/// 1 and 2 (two cohorts of 30 at 2 each). At a 10% finance rate and 20% reinvestment rate:
/// (60 × 1.2 + 60) / 100 over 2 years, (1.32)^(1/2) − 1. With a `start` date and an April budget year, budgets are keyed by the
/// year each budget year starts in.
#[test]
fn mirr_rates_and_calendar_budgets_come_from_the_contract() {
    let c = contract(
        r#"
[deal]
name = "mirr"
currency = "GBP"
period = "year"
horizon = 4
start = 2020-04-01
fiscal_year_start = 4
[parties.city]
role = "payer"
[parties.charity]
role = "provider"
[parties.fund]
role = "investor"
[cohorts.a]
target = 30
enrol_from = 0
[cohorts.b]
target = 30
enrol_from = 1
[costs]
setup = 100
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.card]
type = "rate_card"
metric = "job"
price = 2
[financing]
mirr_finance_rate = 0.1
mirr_reinvestment_rate = 0.2
[tranches.eq]
type = "equity"
investor = "fund"
amount = 100
max_multiple = 1.2
[budgets.city]
years = { 2021 = 50, 2022 = 70 }
"#,
    );
    let s = scenario(
        r#"
[metrics.job]
baseline = 1
[participants]
referrals = 1
referral_noise = "none"
"#,
        &c,
    );
    let o = run(&c, &s, 50, 16);
    let mirr = o.metrics["tranche.eq.mirr"].mean;
    assert!((mirr - (1.32f64.sqrt() - 1.0)).abs() < 1e-9, "{mirr}");
    // 60 paid in 2021 (above its 50) and 60 in 2022 (within 70).
    assert_eq!(o.probabilities["payer.city.over_budget.2021"].p, 1.0);
    assert_eq!(o.probabilities["payer.city.over_budget.2022"].p, 0.0);
    assert!((o.metrics["payer.city.budget_excess"].mean - 10.0).abs() < 1e-9);
}

/// NYC ABLE's true effect centres on zero: its cost per true outcome is a ratio over an
/// expectation close to zero, with a standard error far above it, and the run says so.
#[test]
fn a_cost_per_outcome_over_almost_nothing_is_flagged() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let c = sibyl::load::load_contract(&root.join("contracts/nyc-able.toml"))
        .unwrap()
        .value;
    let s = sibyl::load::load_scenario(&root.join("scenarios/nyc-able.toml"), &c)
        .unwrap()
        .value;
    let o = run(&c, &s, 4_000, 17);
    let e = o.estimates["payer.city.cost_per_true_outcome.bed_days"];
    assert!(e.se > 0.5 * e.value.abs(), "{e:?}");
    assert!(
        o.warnings
            .iter()
            .any(|w| w.code == sibyl::analysis::warning::Code::CostPerOutcomeImprecise)
    );
}

/// A backup rule that pays only cohorts the main one does not (`unless_paid_by`) takes no
/// share of the avoided costs when the main rule pays: the city, which pays for the 50
/// true jobs, has the 150,000 they save; the fund, which never pays, has nothing. The
/// service (50,000) is the city's too.
#[test]
fn a_backup_rule_that_never_pays_takes_no_share() {
    let c = contract(
        r#"
[deal]
name = "backup"
currency = "GBP"
period = "year"
horizon = 4
[parties.city]
role = "payer"
discount_rate = 0
[parties.fund]
role = "payer"
discount_rate = 0
[parties.charity]
role = "provider"
[cohorts.a]
target = 100
enrol_from = 0
cost_per_participant = 500
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.main]
type = "rate_card"
metric = "job"
price = 1_000
payer = "city"
[rules.backup]
type = "rate_card"
metric = "job"
price = 1_000
payer = "fund"
unless_paid_by = ["main"]
"#,
    );
    let s = scenario(
        r#"
[metrics.job]
baseline = 0.5
effect = 1
savings = 3_000
[participants]
referrals = 1
referral_noise = "none"
"#,
        &c,
    );
    let o = run(&c, &s, 100, 18);
    let m = |name: &str| o.metrics[name].mean;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
    assert!(close(m("payer.fund.paid"), 0.0));
    assert!(close(m("payer.city.net_value"), 150_000.0 - 100_000.0));
    assert!(close(m("payer.fund.net_value"), 0.0));
    assert!(close(m("payer.city.premium"), 100_000.0 - 50_000.0));
    assert!(close(m("payer.fund.premium"), 0.0));
    assert!(close(m("deal.premium"), 50_000.0));
}
