//! The deal terms of issue 13, on small hand-built contracts with every figure worked by
//! hand in the comments: success fees after repayment, termination on results, and
//! trend-adjusted baselines; then the two examples that use them (Utah's first payment,
//! NYC ABLE's end). Every settlement conserves money.

use std::path::Path;

use sibyl::cashflow::{Ledger, Schedule, returns, settle};
use sibyl::diagnostics::Source;
use sibyl::engine::{self, Model};
use sibyl::model::Contract;
use sibyl::world::{Measured, World};

use crate::util::{assert_sound, contract, scenario, sibyl};

fn settle_once(c: &Contract, w: &World) -> Ledger {
    let s = Schedule::new(c);
    let mut l = Ledger::new(c, &s);
    settle(c, &s, w, &mut l);
    assert_sound(c, &l, "settled");
    l
}

/// Settles a contract on observed-outcomes text, through the same world `settle` builds.
fn settle_observed(c: &Contract, observed: &str) -> (World, Ledger) {
    let history = match sibyl::load::observed_from_source(&Source::new("o.toml", observed), c) {
        Ok(h) => h.value,
        Err(e) => panic!("{e}"),
    };
    let world = sibyl::world::observed::observed_world(c, &history);
    let ledger = settle_once(c, &world);
    (world, ledger)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + b.abs())
}

// ---------------------------------------------------------------------------------------
// Success fees after repayment

/// Two loans without coupons (senior 60,000, junior 40,000, the junior's return capped at
/// 1x), all drawn in year 0 for cohort a's service (100 x 1,000). The state pays 100% of
/// the avoided cost (1,000 an outcome) until both are repaid, then 40%.
const FEES: &str = r#"
[deal]
name = "fees"
currency = "USD"
period = "year"
horizon = 5
[parties.state]
role = "payer"
[parties.school]
role = "provider"
[parties.bank]
role = "investor"
[parties.trust]
role = "investor"
[cohorts.a]
target = 100
enrol_from = 0
cost_per_participant = 1000
[cohorts.b]
target = 100
enrol_from = 1
[metrics.kids]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.savings]
type = "savings_share"
metric = "kids"
share = 1.0
share_after = 0.4
after_repaid = ["senior", "junior"]
value_per_outcome = 1000
FEES
[financing]
drawdown = "upfront"
excess = "payer"
[tranches.senior]
type = "senior_loan"
investor = "bank"
amount = 60000
[tranches.junior]
type = "junior_loan"
investor = "trust"
amount = 40000
max_multiple = 1.0
"#;

/// Cohort a: 100 children in year 0, all 100 counted in year 1; cohort b: 100 in year 1,
/// 50 counted in year 2.
fn fees_world(c: &Contract) -> World {
    let mut w = World::empty(c);
    w.enrolled[0] = 100.0;
    w.enrolled[w.horizon + 1] = 100.0;
    for (k, rate) in [(0, 1.0), (1, 0.5)] {
        *w.result_mut(0, k) = Measured {
            n_treated: 100.0,
            treated_mean: rate,
            ..Measured::default()
        };
    }
    w
}

#[test]
fn success_fees_after_repayment_go_to_the_named_tranches_beyond_their_caps() {
    let c = contract(&FEES.replace("FEES", "success_fees_to = [\"senior\", \"junior\"]"));
    let l = settle_once(&c, &fees_world(&c));
    // Year 1: 100% x 1,000 x 100 = 100,000 repays senior 60,000 and junior 40,000.
    // Year 2: both repaid, so 40% x 1,000 x 50 = 20,000, as success fees pro rata to the
    // loans: senior 12,000, junior 8,000 (beyond the junior's 1x cap).
    assert!(close(l.deal_paid(), 120_000.0), "{}", l.deal_paid());
    assert!(close(l.tranche_received[0], 72_000.0));
    assert!(close(l.tranche_received[1], 48_000.0));
    assert!(close(l.tranche_cash_flows(0)[2], 12_000.0));
    assert!(close(l.tranche_cash_flows(1)[2], 8_000.0));
    assert_eq!(l.refunded, 0.0);
    // Both at 1.2x. The senior's IRR: -60,000 + 60,000 x + 12,000 x^2 = 0 with x = 1/(1+r):
    // x^2 + 5x - 5 = 0, x = (sqrt(45) - 5)/2 = 0.854102, r = 0.170820.
    let irr = returns::irr(l.tranche_cash_flows(0), 1).value().unwrap();
    assert!((irr - 0.170_820_393).abs() < 1e-6, "{irr}");
    assert_eq!(
        returns::moic(l.tranche_drawn[1], l.tranche_received[1]),
        Some(1.2)
    );
}

#[test]
fn without_success_fees_the_money_after_repayment_goes_back_to_the_payer() {
    let c = contract(&FEES.replace("FEES", ""));
    let l = settle_once(&c, &fees_world(&c));
    // Year 2's 20,000 goes down the waterfall, where both loans are repaid: above every
    // claim, it is handed back to the state, which keeps 100,000 paid.
    assert!(close(l.deal_paid(), 100_000.0), "{}", l.deal_paid());
    assert!(close(l.refunded, 20_000.0));
    assert!(close(l.tranche_received[0], 60_000.0));
    assert!(close(l.tranche_received[1], 40_000.0));
}

#[test]
fn a_payment_that_repays_and_more_pays_the_rest_at_the_later_share() {
    // Loans of 50,000 and 30,000, drawn in year 0 for cohort a's service (100 x 800).
    let c = contract(
        &FEES
            .replace("FEES", "success_fees_to = [\"senior\", \"junior\"]")
            .replace("amount = 60000", "amount = 50000")
            .replace("amount = 40000", "amount = 30000")
            .replace("cost_per_participant = 1000", "cost_per_participant = 800"),
    );
    let l = settle_once(&c, &fees_world(&c));
    // Year 1: 100% of 100,000 avoided: 80,000 repays both loans; the other 20,000 of
    // avoided cost is owed at 40%: 8,000 as success fees (senior 5,000, junior 3,000 by
    // 50:30), and 12,000 goes back to the state. Year 2: 40% of 50,000 = 20,000 in fees
    // (12,500 and 7,500). The state keeps 108,000 paid; senior 67,500, junior 40,500.
    assert!(close(l.refunded, 12_000.0), "{}", l.refunded);
    assert!(close(l.deal_paid(), 108_000.0), "{}", l.deal_paid());
    assert!(
        close(l.tranche_received[0], 67_500.0),
        "{}",
        l.tranche_received[0]
    );
    assert!(
        close(l.tranche_received[1], 40_500.0),
        "{}",
        l.tranche_received[1]
    );
    assert!(close(l.tranche_cash_flows(0)[1], 55_000.0));
}

/// A savings share that switches once loans are repaid reads the vehicle, so its payments
/// are never settled on their own (the engine then settles the exactly measured world in
/// full); the same deal without the switch, all money above the claims the provider's, is.
#[test]
fn a_savings_share_that_switches_is_never_settled_without_the_vehicle() {
    let to_provider = FEES
        .replace("FEES", "")
        .replace("excess = \"payer\"", "excess = \"provider\"");
    let switching = contract(&to_provider);
    assert!(!Schedule::new(&switching).payments_stand_alone);
    let flat = contract(
        &to_provider
            .replace("share_after = 0.4\n", "")
            .replace("after_repaid = [\"senior\", \"junior\"]\n", ""),
    );
    assert!(Schedule::new(&flat).payments_stand_alone);
}

#[test]
fn a_payment_before_the_switch_is_not_a_success_fee() {
    // With a 10% coupon on the senior loan, year 1's 100,000 pays the senior its 66,000
    // first and the junior 34,000 of its 40,000: nothing is left over and nothing is a fee.
    // The junior is not repaid, so year 2 still starts at 100%: of its 50,000, 6,000
    // repays the junior and the other 44,000 of avoided cost is owed at 40%: 17,600 in
    // fees (senior 10,560, junior 7,040 by 60:40), 26,400 back to the state.
    let c = contract(
        &FEES
            .replace("FEES", "success_fees_to = [\"senior\", \"junior\"]")
            .replace("amount = 60000", "amount = 60000\ncoupon = 0.1"),
    );
    let l = settle_once(&c, &fees_world(&c));
    assert!(close(l.tranche_cash_flows(0)[1], 66_000.0));
    assert!(close(l.tranche_cash_flows(1)[1], 34_000.0));
    assert!(
        close(l.tranche_received[0], 76_560.0),
        "{}",
        l.tranche_received[0]
    );
    assert!(
        close(l.tranche_received[1], 47_040.0),
        "{}",
        l.tranche_received[1]
    );
    assert!(close(l.refunded, 26_400.0), "{}", l.refunded);
    assert!(close(l.deal_paid(), 123_600.0));
}

// ---------------------------------------------------------------------------------------
// Termination on results

/// Cohort a (100 people, year 0) and b (100, year 3), 1,000 each for the service; jail days
/// to reduce against a baseline of 10, paid 100 a day avoided. The evaluation in year 2
/// reads cohort a (validated in year 1): below a 10% reduction the contract ends, the city
/// pays 50,000 in compensation and nothing more for outcomes.
const ENDS: &str = r#"
[deal]
name = "ends"
currency = "USD"
period = "year"
horizon = 8
[parties.city]
role = "payer"
[parties.charity]
role = "provider"
[parties.fund]
role = "investor"
[cohorts.a]
target = TARGET
enrol_from = 0
cost_per_participant = COST
[cohorts.b]
target = TARGET
enrol_from = 3
cost_per_participant = COST
[metrics.days]
kind = "count"
direction = "reduce"
measured_at = 1
measurement = "historical"
baseline = 10
TREND
[rules.pay]
type = "per_improvement"
metric = "days"
price = 100
[financing]
drawdown = "as_needed"
[tranches.eq]
type = "equity"
investor = "fund"
amount = 200000
[termination]
pay_enrolled = false
compensation = "fixed"
amount = 50000
payer = "city"
ONRESULT
"#;

fn ends_contract(on_result: &str, trend: bool) -> Contract {
    contract(
        &ENDS
            .replace("TARGET", "100")
            .replace("COST", "1000")
            .replace("TREND", if trend { "trend_adjusted = true" } else { "" })
            .replace("ONRESULT", on_result),
    )
}

const ON_RESULT: &str = "on_result = { metric = \"days\", cohorts = [\"a\"], at = 2, below = 0.1 }";

#[test]
fn a_failed_interim_result_ends_the_contract_in_settlement() {
    let c = ends_contract(ON_RESULT, false);
    let observed = "[cohorts.a]\nenrolled = 100\n[cohorts.b]\nenrolled = 0\n[results.days.a]\ntreated_rate = 9.5\n";
    let (w, l) = settle_observed(&c, observed);
    // 9.5 days against 10 is a 5% reduction, below 10%: the contract ends at the evaluation,
    // year 2. Year 0: 100,000 drawn for a's service. Year 1: 100 x 0.5 days x 100 = 5,000.
    // Year 2: compensation 50,000. The fund gets 55,000 of its 100,000.
    assert_eq!(w.terminated_at, Some(2));
    assert!(close(l.deal_paid(), 55_000.0), "{}", l.deal_paid());
    assert!(close(l.tranche_drawn[0], 100_000.0));
    assert!(close(l.tranche_received[0], 55_000.0));
    assert_eq!(
        l.payments
            .iter()
            .map(|p| (p.period, p.rule, p.amount))
            .collect::<Vec<_>>(),
        vec![(1, Some(0), 5_000.0), (2, None, 50_000.0)]
    );
    // settle says so.
    let json = settle_json(&c_text_for(ON_RESULT, false), observed);
    assert_eq!(json["ended_on_result"]["period"], 2);
    assert!((json["ended_on_result"]["effect"].as_f64().unwrap() - 0.05).abs() < 1e-12);
}

#[test]
fn an_interim_result_at_the_level_lets_the_contract_run() {
    let c = ends_contract(ON_RESULT, false);
    let (w, l) = settle_observed(
        &c,
        "[cohorts.a]\nenrolled = 100\n[cohorts.b]\nenrolled = 0\n[results.days.a]\ntreated_rate = 9\n",
    );
    // 9 against 10 is exactly 10%, not below it: no end, no compensation; 100 x 1 x 100.
    assert_eq!(w.terminated_at, None);
    assert!(close(l.deal_paid(), 10_000.0));
    assert!(l.payments.iter().all(|p| p.rule.is_some()));
}

#[test]
fn a_recorded_earlier_end_stands() {
    let c = ends_contract(ON_RESULT, false);
    let (w, l) = settle_observed(
        &c,
        "terminated_at = 1\n[cohorts.a]\nenrolled = 100\n[cohorts.b]\nenrolled = 0\n[results.days.a]\ntreated_rate = 9.5\n",
    );
    // Ended in year 1 (the result validated then is still paid in that year): 5,000 plus
    // the 50,000 compensation in year 1; the evaluation in year 2 changes nothing.
    assert_eq!(w.terminated_at, Some(1));
    assert!(close(l.deal_paid(), 55_000.0));
    assert!(l.payments.iter().all(|p| p.period == 1));
}

fn c_text_for(on_result: &str, trend: bool) -> String {
    ENDS.replace("TARGET", "100")
        .replace("COST", "1000")
        .replace("TREND", if trend { "trend_adjusted = true" } else { "" })
        .replace("ONRESULT", on_result)
}

/// `sibyl settle --format json` on a contract and a history written to a scratch folder.
fn settle_json(contract: &str, observed: &str) -> serde_json::Value {
    let dir = std::env::temp_dir().join(format!("sibyl-terms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cp, op) = (dir.join("c.toml"), dir.join("o.toml"));
    std::fs::write(&cp, contract).unwrap();
    std::fs::write(&op, observed).unwrap();
    let out = sibyl()
        .args([
            "settle",
            cp.to_str().unwrap(),
            "--observed",
            op.to_str().unwrap(),
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Simulated trials of the contract with 10,000 people a cohort (10 each for the
/// service), no referral noise or drop-out, and the given true effect: the measured
/// reduction sits within about 0.3% of it (Poisson noise on 100,000 days).
fn trials(on_result: &str, effect: f64, extra: &str, n: u64) -> Vec<(Option<u32>, f64)> {
    let c = contract(
        &ENDS
            .replace("TARGET", "10000")
            .replace("COST", "10")
            .replace("TREND", "")
            .replace("ONRESULT", on_result),
    );
    let s = scenario(
        &format!(
            "[metrics.days]\neffect = {effect}\n[participants]\nreferrals = 1\nreferral_noise = \"none\"\ndropout = 0\n{extra}"
        ),
        &c,
    );
    let model = Model::new(&c, &s);
    let mut out = Vec::new();
    engine::for_each_trial(&model, 1, 0, n, |t| {
        assert_sound(&c, t.ledger, "trial");
        out.push((t.world.terminated_at, t.world.enrolled_total(1)));
    });
    out
}

#[test]
fn simulated_trials_end_on_the_measured_result() {
    // No effect: every trial measures about 0%, below 10%: each ends in year 2 and cohort
    // b (due in year 3) never enrols.
    let must = trials(ON_RESULT, 0.0, "", 200);
    assert!(
        must.iter().all(|&(end, b)| end == Some(2) && b == 0.0),
        "{must:?}"
    );
    // A 20% effect: never below 10%; b enrols its 10,000 in every trial.
    let fine = trials(ON_RESULT, 0.2, "", 200);
    assert!(fine.iter().all(|&(end, b)| end.is_none() && b == 10_000.0));
}

#[test]
fn a_payer_that_may_end_the_contract_does_so_as_often_as_the_scenario_says() {
    let may = ON_RESULT.replace("below = 0.1", "below = 0.1, must = false");
    let never = trials(&may, 0.0, "[termination]\nexercise = 0\n", 200);
    assert!(never.iter().all(|&(end, b)| end.is_none() && b == 10_000.0));
    let always = trials(&may, 0.0, "[termination]\nexercise = 1\n", 200);
    assert!(always.iter().all(|&(end, _)| end == Some(2)));
    // Half the time: over 2,000 trials the share ended is 0.5 within 4 standard errors
    // (0.011 each); and a trial that goes on enrols cohort b in full even after one that
    // ended (enrolment, realised once for a static scenario, is realised afresh).
    let half = trials(&may, 0.0, "[termination]\nexercise = 0.5\n", 2_000);
    let ended = half.iter().filter(|(end, _)| end.is_some()).count() as f64 / 2_000.0;
    assert!((ended - 0.5).abs() < 4.0 * 0.0112, "{ended}");
    assert!(half.iter().all(|&(end, b)| if end.is_some() {
        b == 0.0
    } else {
        b == 10_000.0
    }));
}

// ---------------------------------------------------------------------------------------
// Trend-adjusted baselines

#[test]
fn a_trend_adjusted_baseline_moves_with_the_measured_trend() {
    let c = ends_contract("", true);
    let history = |t: &str| {
        format!(
            "[cohorts.a]\nenrolled = 100\n[cohorts.b]\nenrolled = 0\n[results.days.a]\ntreated_rate = 9.5\ntrend = {t}\n"
        )
    };
    // The system fell 5%: the baseline is 10 x 0.95 = 9.5, so 9.5 is no reduction: nothing.
    let (w, l) = settle_observed(&c, &history("-0.05"));
    assert!(close(w.result(0, 0).measured_counterfactual, 9.5));
    assert_eq!(l.deal_paid(), 0.0);
    // The system rose 2%: 10.2 - 9.5 = 0.7 days avoided each, 100 x 0.7 x 100 = 7,000.
    let (_, l) = settle_observed(&c, &history("0.02"));
    assert!(close(l.deal_paid(), 7_000.0), "{}", l.deal_paid());
    // Unadjusted, the same history pays 100 x 0.5 x 100 = 5,000 for the system's fall.
    let plain = ends_contract("", false);
    let (_, l) = settle_observed(
        &plain,
        "[cohorts.a]\nenrolled = 100\n[cohorts.b]\nenrolled = 0\n[results.days.a]\ntreated_rate = 9.5\n",
    );
    assert!(close(l.deal_paid(), 5_000.0));
}

#[test]
fn simulated_worlds_measure_against_the_baseline_moved_by_the_drift() {
    let c = ends_contract("", true);
    let s = scenario(
        "[metrics.days]\neffect = 0.1\ndrift = -0.05\n[participants]\nreferrals = 1\nreferral_noise = \"none\"\ndropout = 0\n",
        &c,
    );
    // Expected: the true counterfactual and the measured one are both 10 x 0.95 = 9.5.
    let w = sibyl::world::expected::expected_world(&c, &s);
    assert!(close(w.result(0, 0).measured_counterfactual, 9.5));
    assert!(close(w.result(0, 0).true_counterfactual, 9.5));
    // Every trial measures against 9.5 (the trend is measured without error).
    let model = Model::new(&c, &s);
    engine::for_each_trial(&model, 1, 0, 50, |t| {
        assert!(close(t.world.result(0, 0).measured_counterfactual, 9.5));
    });
    // Unadjusted, the contract measures against its fixed 10.
    let plain = ends_contract("", false);
    let s = scenario("[metrics.days]\neffect = 0.1\ndrift = -0.05\n", &plain);
    let w = sibyl::world::expected::expected_world(&plain, &s);
    assert_eq!(w.result(0, 0).measured_counterfactual, 10.0);
}

// ---------------------------------------------------------------------------------------
// The examples

fn root(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn example(contract: &str, observed: &str) -> (Contract, World, Ledger) {
    let c = sibyl::load::load_contract(&root(contract)).unwrap().value;
    let h = sibyl::load::load_observed(&root(observed), &c)
        .unwrap()
        .value;
    let w = sibyl::world::observed::observed_world(&c, &h);
    let l = settle_once(&c, &w);
    (c, w, l)
}

#[test]
fn utah_settles_its_published_first_payment() {
    // 95% x 109 children x 2,578.46451 = 267,000.00001: the USD 267,000 cheque of 2015.
    let (_, _, l) = example(
        "contracts/utah-preschool.toml",
        "observed/utah-preschool.toml",
    );
    assert_eq!(l.payments.len(), 1);
    assert_eq!(l.payments[0].period, 2);
    assert!(
        (l.payments[0].amount - 267_000.0).abs() < 0.005,
        "{}",
        l.payments[0].amount
    );
    let out = sibyl()
        .args(["settle", "contracts/utah-preschool.toml"])
        .args(["--observed", "observed/utah-preschool.toml"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("utah pays USD 267,000 under savings_k for c2013"),
        "{text}"
    );
}

#[test]
fn utah_pays_its_lenders_success_fees_once_they_are_repaid() {
    // Every child of every cohort counted in every block: the 95% repays both loans with
    // interest, then 40% flows to the lenders as success fees, in the periods after and in
    // the one that repaid them, so each ends well above its principal and coupon.
    let c = sibyl::load::load_contract(&root("contracts/utah-preschool.toml"))
        .unwrap()
        .value;
    let mut w = World::empty(&c);
    for (k, cohort) in c.cohorts.iter().enumerate() {
        w.enrolled[k * w.horizon + cohort.enrol_from as usize] = f64::from(cohort.target);
        for m in 0..c.metrics.len() {
            *w.result_mut(m, k) = Measured {
                n_treated: f64::from(cohort.target),
                treated_mean: 1.0,
                ..Measured::default()
            };
        }
    }
    let l = settle_once(&c, &w);
    let fee_periods = l
        .payments
        .iter()
        .filter(|p| {
            let flows = |i: usize| l.tranche_cash_flows(i)[p.period as usize];
            flows(0) > 0.0 && flows(1) > 0.0
        })
        .count();
    assert!(fee_periods > 0);
    for i in 0..2 {
        let multiple = l.tranche_received[i] / l.tranche_drawn[i];
        assert!(multiple > 1.2, "tranche {i}: {multiple}");
    }
}

#[test]
fn nyc_able_ends_at_its_first_evaluation_and_the_guarantee_pays() {
    let (c, w, l) = example("contracts/nyc-able.toml", "observed/nyc-able.toml");
    // The first year's adolescents measured at 38 bed days against the trend-adjusted 38:
    // no effect, below 8.5%, so the deal ends at the evaluation in quarter 10. The City pays
    // nothing; Goldman drew 7.2m and Bloomberg's guarantee covers 6m of it.
    assert_eq!(w.terminated_at, Some(10));
    assert_eq!(l.deal_paid(), 0.0);
    assert!(close(l.tranche_drawn[0], 7_200_000.0));
    assert!(close(l.guarantee_paid[0], 6_000_000.0));
    assert!(close(l.tranche_received[0], 6_000_000.0));
    assert_eq!(c.tranches[0].id, "goldman");
}

#[test]
fn two_savings_shares_crossing_repayment_together_pay_fees_once() {
    // Loans of 50,000 and 30,000; two savings shares at 100% until repaid, then 40% as
    // success fees, pay 100,000 and 10,000 in the same year. 80,000 repays the loans; of
    // the 30,000 above, 40% (12,000) is success fees and 18,000 goes back to the state,
    // as one rule paying 110,000 would give. Review finding: the second rule counted the
    // first one's refund again (16,000 of fees); with `excess = "provider"` the refund
    // went to the provider.
    for (contract, observed) in [
        ("two_rules_cross", "two_rules_cross_observed"),
        ("one_rule_provider_excess", "one_rule_observed"),
    ] {
        let v = crate::util::json(&[
            "settle",
            &format!("tests/fixtures/terms/{contract}.toml"),
            "--observed",
            &format!("tests/fixtures/terms/{observed}.toml"),
            "--format",
            "json",
        ]);
        let paid = v["payers"]["state"]["paid"].as_f64().unwrap();
        assert!((paid - 92_000.0).abs() < 1e-6, "{contract}: {paid}");
        let received: f64 = v["tranches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["received"].as_f64().unwrap())
            .sum();
        assert!((received - 92_000.0).abs() < 1e-6, "{contract}: {received}");
    }
}
