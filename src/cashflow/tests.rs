//! Unit tests of settlement on small hand-built contracts.

use std::sync::Arc;

use super::*;
use crate::diagnostics::Source;
use crate::model::Contract;
use crate::world::{Measured, World};

/// Parses and validates contract text (panics with the diagnostics if invalid).
pub(crate) fn contract(text: &str) -> Contract {
    let src: Arc<Source> = Source::new("test.toml", text);
    match crate::load::contract_from_source(&src) {
        Ok(c) => c.value,
        Err(e) => panic!("{e}"),
    }
}

const TINY: &str = r#"
[deal]
name = "tiny"
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
cost_per_participant = 1000
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.card]
type = "rate_card"
metric = "job"
price = 3000
[tranches.equity]
type = "equity"
investor = "fund"
amount = 100000
"#;

pub(crate) fn tiny_contract() -> Contract {
    contract(TINY)
}

/// A world where `n` of cohort `a` enrol in period 0 and a share `p` achieve the outcome.
fn tiny_world(c: &Contract, n: f64, p: f64) -> World {
    let mut w = World::empty(c);
    w.enrolled[0] = n;
    *w.result_mut(0, 0) = Measured {
        n_treated: n,
        treated_mean: p,
        ..Measured::default()
    };
    w
}

fn settle_once(c: &Contract, w: &World) -> Ledger {
    let s = Schedule::new(c);
    let mut l = Ledger::new(c, &s);
    settle(c, &s, w, &mut l);
    l
}

#[test]
fn rate_card_pays_price_times_outcomes_to_the_investor() {
    let c = tiny_contract();
    let l = settle_once(&c, &tiny_world(&c, 100.0, 0.5));
    assert_eq!(l.deal_paid(), 3000.0 * 50.0);
    assert_eq!(l.payments.len(), 1);
    assert_eq!(l.payments[0].period, 1);
    // Capital drawn up front, costs paid to the provider, the rest returned at the end.
    assert_eq!(l.tranche_drawn[0], 100_000.0);
    assert_eq!(l.party_received[1], 100_000.0);
    assert_eq!(l.tranche_received[0], 150_000.0);
    assert!(l.imbalance().abs() < 1e-6);
    let irr = returns::irr(l.tranche_cash_flows(0), 1).value().unwrap();
    assert!((irr - 0.5).abs() < 1e-9, "{irr}");
}

#[test]
fn return_cap_sends_the_excess_back_to_the_payer() {
    let mut c = tiny_contract();
    c.tranches[0].max_multiple = Some(1.2);
    let l = settle_once(&c, &tiny_world(&c, 100.0, 0.5));
    assert!((l.tranche_received[0] - 120_000.0).abs() < 1e-6);
    assert!(
        (l.deal_paid() - 120_000.0).abs() < 1e-6,
        "payer pays only up to the cap"
    );
    assert!((l.refunded - 30_000.0).abs() < 1e-6);
    assert!(l.imbalance().abs() < 1e-6);
}

#[test]
fn deal_cap_cuts_the_payment_and_is_reported() {
    let mut c = tiny_contract();
    c.caps.deal = Some(100_000.0);
    let l = settle_once(&c, &tiny_world(&c, 100.0, 0.5));
    let s = Schedule::new(&c);
    assert_eq!(l.deal_paid(), 100_000.0);
    let slot = s.cap_table.slot(Limit::DealTotal, 0).unwrap();
    assert!(l.cap_bound[slot]);
    assert_eq!(s.caps[slot].name, "deal.cap");
    assert!(l.payments.iter().all(|p| p.cuts.contains(Limit::DealTotal)));
}

#[test]
fn a_contract_may_have_more_than_64_caps_and_each_cut_is_named() {
    // 70 rules with a total cap each: slots 0..69; the last rule's cap cuts its payment.
    let mut c = tiny_contract();
    let template = c.rules[0].clone();
    c.rules.clear();
    for i in 0..70 {
        let mut r = template.clone();
        r.id = format!("r{i}");
        r.caps.total = Some(if i == 69 { 1.0 } else { 1e12 });
        c.rules.push(r);
    }
    let s = Schedule::new(&c);
    assert!(s.caps.len() >= 70);
    let l = settle_once(&c, &tiny_world(&c, 100.0, 0.5));
    let cut: Vec<&Payment> = l.payments.iter().filter(|p| !p.cuts.is_empty()).collect();
    assert!(!cut.is_empty(), "the last rule's cap cuts");
    for p in cut {
        assert_eq!(p.rule, Some(69));
        let slot = s.slot_of(Limit::RuleTotal, 69, s.events[p.event].metric, p.payer);
        assert_eq!(s.caps[slot.unwrap()].name, "rule.r69.cap");
        assert!(l.cap_bound[slot.unwrap()]);
    }
}

#[test]
fn nothing_works_means_the_investor_loses_everything() {
    let c = tiny_contract();
    let l = settle_once(&c, &tiny_world(&c, 100.0, 0.0));
    assert_eq!(l.deal_paid(), 0.0);
    assert_eq!(l.tranche_received[0], 0.0);
    assert_eq!(
        returns::irr(l.tranche_cash_flows(0), 1),
        returns::Irr::TotalLoss
    );
}

#[test]
fn first_loss_guarantee_covers_the_loss_up_to_its_limit() {
    let text = format!(
        "{TINY}\n[parties.phil]\nrole = \"guarantor\"\n[guarantees.g]\ntype = \"first_loss\"\nguarantor = \"phil\"\ntranche = \"equity\"\nlimit = 60000\n"
    );
    let c = contract(&text);
    let l = settle_once(&c, &tiny_world(&c, 100.0, 0.0));
    assert_eq!(l.guarantee_paid[0], 60_000.0);
    assert_eq!(l.tranche_received[0], 60_000.0);
    assert!(l.imbalance().abs() < 1e-6);
}

#[test]
fn a_guarantee_pays_when_an_ended_contract_owes_nothing_more() {
    let text = format!(
        "{TINY}\n[parties.phil]\nrole = \"guarantor\"\n[guarantees.g]\ntype = \"first_loss\"\nguarantor = \"phil\"\ntranche = \"equity\"\nlimit = 100000\n[termination]\nfrom = 1\npayer = \"city\"\ncompensation = \"none\"\n"
    );
    let c = contract(&text);
    let h = c.deal.horizon as usize;
    let paid_at = |w: &World| {
        let l = settle_once(&c, w);
        assert!(l.imbalance().abs() < 1e-6);
        let at: Vec<usize> = (0..h).filter(|&t| l.tranche_flows[t] > 0.0).collect();
        (l.guarantee_paid[0], at)
    };
    // Running to its end: the shortfall is paid in the last period.
    let w = tiny_world(&c, 100.0, 0.0);
    assert_eq!(paid_at(&w), (100_000.0, vec![3]));
    // Ended in period 1 with nothing paid: the guarantee pays then, not at the deal's end.
    let mut ended = w.clone();
    ended.terminated_at = Some(1);
    assert_eq!(paid_at(&ended), (100_000.0, vec![1]));
    // Ended in period 0 with outcomes still paid in period 1: it waits for them.
    let mut ended = tiny_world(&c, 100.0, 0.2);
    ended.terminated_at = Some(0);
    let (paid, at) = paid_at(&ended);
    assert_eq!(paid, 100_000.0 - 100.0 * 0.2 * 3000.0);
    assert_eq!(at, vec![1]);
}

#[test]
fn a_guarantee_waits_for_the_costs_of_those_still_served_after_an_end() {
    // Ended in period 1, but the hundred enrolled are still served (50 a quarter each for
    // eight quarters, `pay_enrolled` by default): drawn as needed, the equity pays costs
    // until period 7, so the guarantor covers the loss then, not before it happens.
    let text = r#"
[deal]
name = "guarantee timing"
currency = "GBP"
period = "quarter"
horizon = 10
[parties.city]
role = "payer"
[parties.charity]
role = "provider"
[parties.fund]
role = "investor"
[parties.phil]
role = "guarantor"
[cohorts.a]
target = 100
enrol_from = 0
enrol_to = 0
cost_per_participant_period = 50
service_periods = 8
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.card]
type = "rate_card"
payer = "city"
metric = "job"
price = 3000
[financing]
drawdown = "as_needed"
[tranches.equity]
type = "equity"
investor = "fund"
amount = 100000
[guarantees.g]
type = "first_loss"
guarantor = "phil"
tranche = "equity"
limit = 100000
[termination]
from = 1
payer = "city"
compensation = "none"
"#;
    let c = contract(text);
    let mut w = tiny_world(&c, 100.0, 0.0);
    w.terminated_at = Some(1);
    let l = settle_once(&c, &w);
    assert!(l.imbalance().abs() < 1e-6);
    let flows = &l.tranche_flows[..10];
    assert_eq!(flows[..7], [-5000.0; 7]);
    assert_eq!(flows[7], -5000.0 + 40_000.0, "{flows:?}");
    assert_eq!(l.guarantee_paid[0], 40_000.0);
}

#[test]
fn pooled_trigger_skips_cohorts_paid_early() {
    // Two cohorts; the first passes the 10% cohort trigger, the pooled 5% test pays the second only.
    let text = r#"
[deal]
name = "two"
currency = "GBP"
period = "year"
horizon = 6
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
threshold = 0.10
price = 100
[rules.pooled]
type = "threshold"
metric = "re"
scope = "pooled"
threshold = 0.05
price = 100
unless_paid_by = ["cohort"]
"#;
    let c = contract(text);
    let mut w = World::empty(&c);
    w.enrolled[0] = 1000.0;
    w.enrolled[6 + 1] = 1000.0;
    let r = |treated: f64| Measured {
        n_treated: 1000.0,
        treated_mean: treated,
        n_counterfactual: 10_000.0,
        measured_counterfactual: 0.4,
        true_counterfactual: 0.4,
        ..Measured::default()
    };
    *w.result_mut(0, 0) = r(0.34); // 15% reduction: 60 avoided
    *w.result_mut(0, 1) = r(0.38); // 5% reduction: 20 avoided
    let l = settle_once(&c, &w);
    assert_eq!(l.rule_paid[0], 100.0 * 60.0);
    assert!(
        (l.rule_paid[1] - 100.0 * 20.0).abs() < 1e-9,
        "{}",
        l.rule_paid[1]
    );
    // No tranches: the provider receives the payments directly.
    assert!((l.party_received[1] - 8_000.0).abs() < 1e-9);
    assert!(l.imbalance().abs() < 1e-9);
}

#[test]
fn senior_is_paid_before_junior() {
    let text = r#"
[deal]
name = "ranks"
currency = "USD"
period = "year"
horizon = 3
[parties.city]
role = "payer"
[parties.p]
role = "provider"
[parties.bank]
role = "investor"
[parties.fdn]
role = "investor"
[cohorts.a]
target = 100
enrol_from = 0
cost_per_participant = 1000
[metrics.m]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.r]
type = "rate_card"
metric = "m"
price = 1000
[tranches.senior]
type = "senior_loan"
investor = "bank"
amount = 60000
coupon = 0.05
[tranches.junior]
type = "junior_loan"
investor = "fdn"
amount = 40000
coupon = 0.05
"#;
    let c = contract(text);
    let l = settle_once(&c, &tiny_world(&c, 100.0, 0.8));
    // 80,000 paid in period 1: the senior is owed 63,000, the junior gets the rest.
    assert!(
        (l.tranche_received[0] - 63_000.0).abs() < 1e-6,
        "{}",
        l.tranche_received[0]
    );
    assert!(
        (l.tranche_received[1] - 17_000.0).abs() < 1e-6,
        "{}",
        l.tranche_received[1]
    );
    assert!(l.imbalance().abs() < 1e-6);
}

/// Three yearly cohorts tested together; the third never runs, the second is validated
/// late. `at` is appended to the pooled rule when given.
fn late_pooled(at: Option<u32>) -> (Contract, World) {
    let at = at.map_or(String::new(), |a| format!("at = {a}\n"));
    let text = format!(
        r#"
[deal]
name = "late"
currency = "GBP"
period = "year"
horizon = 7
[parties.moj]
role = "payer"
[parties.p]
role = "provider"
[cohorts.c1]
target = 100
enrol_from = 0
[cohorts.c2]
target = 100
enrol_from = 1
[cohorts.c3]
target = 100
enrol_from = 2
[metrics.re]
kind = "binary"
direction = "reduce"
measured_at = 1
measurement = "historical"
baseline = 0.5
[rules.pooled]
type = "per_improvement"
metric = "re"
scope = "pooled"
price = 100
{at}"#
    );
    let c = contract(&text);
    let mut w = World::empty(&c);
    w.enrolled[0] = 100.0;
    w.enrolled[7 + 1] = 100.0;
    for k in 0..2 {
        *w.result_mut(0, k) = Measured {
            n_treated: 100.0,
            treated_mean: 0.4,
            measured_counterfactual: 0.5,
            true_counterfactual: 0.5,
            ..Measured::default()
        };
    }
    (c, w)
}

#[test]
fn a_pooled_payment_waits_for_the_last_tested_cohort_only() {
    // Scheduled results: c1 in 1, c2 in 2, c3 in 3. c3 never runs; c2 is validated three
    // years late, in 5. The payment falls in 5, not in c3's 3 plus c2's delay (6).
    let (c, mut w) = late_pooled(None);
    w.validation_delay[1] = 3;
    let l = settle_once(&c, &w);
    assert_eq!(l.payments.len(), 1);
    assert_eq!(l.payments[0].period, 5);
    assert!((l.deal_paid() - 100.0 * 20.0).abs() < 1e-9);
    // With c2 four years late (6 is the last period) it still pays; the old dating put it
    // in 7, past the horizon, where it vanished.
    w.validation_delay[1] = 4;
    let l = settle_once(&c, &w);
    assert_eq!(l.payments.len(), 1, "{:?}", l.payments);
    assert_eq!(l.payments[0].period, 6);
}

#[test]
fn a_pooled_rule_with_at_pays_at_at_or_at_a_later_validation() {
    // `at = 4`: on time, every tested result is in by 3, so it pays in 4.
    let (c, mut w) = late_pooled(Some(4));
    assert_eq!(settle_once(&c, &w).payments[0].period, 4);
    // c1 validated four years late (in 5): the payment waits for it.
    w.validation_delay[0] = 4;
    assert_eq!(settle_once(&c, &w).payments[0].period, 5);
}

#[test]
fn a_payment_cut_to_nothing_is_listed_at_zero() {
    // Two rate cards on the same outcome under a deal cap of 150,000: the first pays
    // 150,000 and uses it up, the second is cut from 150,000 to 0 and still listed.
    let mut c = tiny_contract();
    let mut second = c.rules[0].clone();
    second.id = "card2".into();
    c.rules.push(second);
    c.caps.deal = Some(150_000.0);
    let l = settle_once(&c, &tiny_world(&c, 100.0, 0.5));
    assert_eq!(l.deal_paid(), 150_000.0);
    assert_eq!(l.payments.len(), 2, "{:?}", l.payments);
    let cut = &l.payments[1];
    assert_eq!(cut.rule, Some(1));
    assert_eq!(cut.amount, 0.0);
    assert_eq!(cut.gross, 150_000.0);
    assert!(cut.cuts.contains(Limit::DealTotal));
    assert!(l.imbalance().abs() < 1e-6);
}
