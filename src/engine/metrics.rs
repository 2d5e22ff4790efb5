//! The per-trial results: stable dotted names, compiled once per contract, filled from the
//! ledger after each settlement without allocating.
//!
//! Metric values are `NaN` where undefined in a trial (an IRR with no or several roots, a
//! cost per true outcome when nothing was truly achieved); statistics skip them and say how
//! many trials they cover.

use crate::cashflow::{Ledger, Schedule, returns};
use crate::model::contract::{Contract, Design, Direction, MetricKind, Role, Terms};
use crate::model::scenario::Scenario;
use crate::world::World;

/// What one metric column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    TrancheIrr(usize),
    TrancheMoic(usize),
    TrancheReceived(usize),
    /// What the tranche got back short of what it put in (0 without a loss).
    TrancheAmountLost(usize),
    TrancheGuaranteeDrawn(usize),
    PayerPaid(usize),
    PayerNpv(usize),
    /// Payer, budget year index.
    PayerPaidInYear(usize, usize),
    PayerCostPerTrueOutcome(usize),
    PayerPaidForNoise(usize),
    PayerDeadweightPaid(usize),
    PayerNetValue(usize),
    ProviderRevenue(usize),
    IntermediaryFees(usize),
    DealPaid,
}

/// What one probability counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// MOIC below 1.
    TrancheLoss(usize),
    TrancheIrrUndefined(usize),
    DealAnyPayment,
    /// A payment would fall after the deal's last period, so it is not paid.
    PaymentAfterHorizon,
    /// A cap slot cut a payment.
    CapBinds(usize),
}

/// The metrics and probabilities of one contract, in report order.
#[derive(Debug, Clone)]
pub struct MetricSet {
    pub metrics: Vec<(String, Measure)>,
    pub events: Vec<(String, Event)>,
    /// Per payer party: the metrics its rules pay on, with its share.
    payer_metrics: Vec<Vec<(usize, f64)>>,
    /// Per tranche: the index of its IRR metric (an undefined IRR is recorded as NaN).
    irr_slot: Vec<usize>,
    periods_per_year: u32,
}

impl MetricSet {
    pub fn new(c: &Contract, s: &Scenario, schedule: &Schedule) -> Self {
        let mut metrics = Vec::new();
        let mut events = Vec::new();
        let guaranteed = |t: usize| c.guarantees.iter().any(|g| g.tranche == t);
        for (t, tr) in c.tranches.iter().enumerate() {
            let p = format!("tranche.{}", tr.id);
            metrics.push((format!("{p}.irr"), Measure::TrancheIrr(t)));
            metrics.push((format!("{p}.moic"), Measure::TrancheMoic(t)));
            metrics.push((format!("{p}.received"), Measure::TrancheReceived(t)));
            metrics.push((format!("{p}.amount_lost"), Measure::TrancheAmountLost(t)));
            if guaranteed(t) {
                metrics.push((
                    format!("{p}.guarantee_drawn"),
                    Measure::TrancheGuaranteeDrawn(t),
                ));
            }
            events.push((format!("{p}.loss"), Event::TrancheLoss(t)));
            events.push((format!("{p}.irr_undefined"), Event::TrancheIrrUndefined(t)));
        }
        let payer_metrics = payer_metrics(c);
        let first_year = schedule
            .events
            .iter()
            .map(|e| schedule.year_of[(e.period as usize).min(schedule.horizon - 1)])
            .min()
            .unwrap_or(0);
        for (i, party) in c.parties.iter().enumerate() {
            if party.role != Role::Payer {
                continue;
            }
            let p = format!("payer.{}", party.id);
            metrics.push((format!("{p}.paid"), Measure::PayerPaid(i)));
            metrics.push((format!("{p}.npv"), Measure::PayerNpv(i)));
            for y in first_year..schedule.years {
                metrics.push((
                    format!("{p}.paid_year.{}", year_label(c, y)),
                    Measure::PayerPaidInYear(i, y),
                ));
            }
            metrics.push((
                format!("{p}.cost_per_true_outcome"),
                Measure::PayerCostPerTrueOutcome(i),
            ));
            metrics.push((format!("{p}.paid_for_noise"), Measure::PayerPaidForNoise(i)));
            metrics.push((
                format!("{p}.deadweight_paid"),
                Measure::PayerDeadweightPaid(i),
            ));
            if payer_metrics[i]
                .iter()
                .any(|&(m, _)| s.metrics[m].savings.is_some())
            {
                metrics.push((format!("{p}.net_value"), Measure::PayerNetValue(i)));
            }
        }
        for (i, party) in c.parties.iter().enumerate() {
            match party.role {
                Role::Provider => metrics.push((
                    format!("provider.{}.revenue", party.id),
                    Measure::ProviderRevenue(i),
                )),
                Role::Intermediary
                    if c.financing.fee_to == Some(i)
                        && (c.financing.arrangement_fee > 0.0
                            || c.financing.management_fee_per_period > 0.0) =>
                {
                    metrics.push((
                        format!("intermediary.{}.fees", party.id),
                        Measure::IntermediaryFees(i),
                    ))
                }
                _ => {}
            }
        }
        metrics.push(("deal.paid".into(), Measure::DealPaid));
        events.push(("deal.any_payment".into(), Event::DealAnyPayment));
        events.push((
            "deal.payment_after_horizon".into(),
            Event::PaymentAfterHorizon,
        ));
        for (slot, cap) in schedule.caps.iter().enumerate() {
            events.push((format!("{}.binds", cap.name), Event::CapBinds(slot)));
        }
        let irr_slot = (0..c.tranches.len())
            .map(|t| {
                metrics
                    .iter()
                    .position(|(_, m)| *m == Measure::TrancheIrr(t))
                    .expect("every tranche has an IRR metric")
            })
            .collect();
        MetricSet {
            metrics,
            events,
            payer_metrics,
            irr_slot,
            periods_per_year: c.deal.period.per_year(),
        }
    }

    /// Fills one trial's metric values and event indicators.
    pub fn record(
        &self,
        c: &Contract,
        s: &Schedule,
        world: &World,
        ledger: &Ledger,
        values: &mut [f64],
        flags: &mut [bool],
    ) {
        let h = ledger.horizon;
        for (slot, (_, measure)) in values.iter_mut().zip(&self.metrics) {
            *slot = match *measure {
                Measure::TrancheIrr(t) => {
                    returns::irr(ledger.tranche_cash_flows(t), self.periods_per_year)
                        .value()
                        .unwrap_or(f64::NAN)
                }
                Measure::TrancheMoic(t) => {
                    returns::moic(ledger.tranche_drawn[t], ledger.tranche_received[t])
                        .unwrap_or(f64::NAN)
                }
                Measure::TrancheReceived(t) => ledger.tranche_received[t],
                Measure::TrancheAmountLost(t) => {
                    (ledger.tranche_drawn[t] - ledger.tranche_received[t]).max(0.0)
                }
                Measure::TrancheGuaranteeDrawn(t) => c
                    .guarantees
                    .iter()
                    .enumerate()
                    .filter(|(_, g)| g.tranche == t)
                    .map(|(i, _)| ledger.guarantee_paid[i])
                    .sum(),
                Measure::PayerPaid(p) => ledger.payer_paid(p),
                Measure::PayerNpv(p) => {
                    returns::npv(&ledger.payer_flows[p * h..(p + 1) * h], s.discount_rate[p])
                }
                Measure::PayerPaidInYear(p, y) => {
                    let r = &s.year_periods[y];
                    ledger.payer_flows[p * h + r.start..p * h + r.end]
                        .iter()
                        .sum()
                }
                Measure::PayerCostPerTrueOutcome(p) => {
                    let outcomes: f64 = self.payer_metrics[p]
                        .iter()
                        .map(|&(m, _)| true_improvement(c, world, m))
                        .sum();
                    if outcomes > 0.0 {
                        ledger.payer_paid(p) / outcomes
                    } else {
                        f64::NAN
                    }
                }
                Measure::PayerPaidForNoise(p) => paid_for_noise(c, s, world, ledger, p),
                Measure::PayerDeadweightPaid(p) => deadweight_paid(c, s, world, ledger, p),
                Measure::PayerNetValue(p) => {
                    let value: f64 = self.payer_metrics[p]
                        .iter()
                        .map(|&(m, share)| share * world.savings[m] * true_improvement(c, world, m))
                        .sum();
                    value - ledger.payer_paid(p)
                }
                Measure::ProviderRevenue(p) | Measure::IntermediaryFees(p) => {
                    ledger.party_received[p]
                }
                Measure::DealPaid => ledger.deal_paid(),
            };
        }
        for (flag, (_, event)) in flags.iter_mut().zip(&self.events) {
            *flag = match *event {
                // A shortfall below a millionth of the stake is rounding, not a loss.
                Event::TrancheLoss(t) => {
                    ledger.tranche_received[t] < ledger.tranche_drawn[t] * (1.0 - 1e-9) - 1e-6
                }
                Event::TrancheIrrUndefined(t) => values[self.irr_slot[t]].is_nan(),
                Event::DealAnyPayment => ledger.payments.iter().any(|p| p.amount > 0.0),
                Event::PaymentAfterHorizon => !ledger.after_horizon.is_empty(),
                Event::CapBinds(slot) => ledger.cap_bound[slot],
            };
        }
    }
}

/// Label of budget year `y`: its starting calendar year with a start date, else `y1`, `y2`...
fn year_label(c: &Contract, y: usize) -> String {
    match c.deal.start {
        Some((year, month, _)) => {
            let first = if u32::from(month) >= c.deal.fiscal_year_start {
                i64::from(year)
            } else {
                i64::from(year) - 1
            };
            format!("{}", first + y as i64)
        }
        None => format!("y{}", y + 1),
    }
}

/// Per payer party: (metric, the payer's average share of the rules paying on it).
fn payer_metrics(c: &Contract) -> Vec<Vec<(usize, f64)>> {
    let mut out: Vec<Vec<(usize, f64)>> = vec![Vec::new(); c.parties.len()];
    for rule in &c.rules {
        for m in rule.metrics() {
            for &(p, share) in &rule.payers {
                match out[p].iter_mut().find(|(x, _)| *x == m) {
                    Some(entry) => entry.1 = entry.1.max(share),
                    None => out[p].push((m, share)),
                }
            }
        }
    }
    out
}

/// Outcomes truly improved by the programme on a metric, over its cohorts (expected, before
/// sampling noise).
fn true_improvement(c: &Contract, world: &World, m: usize) -> f64 {
    let metric = &c.metrics[m];
    let sign = if metric.direction == Direction::Increase {
        1.0
    } else {
        -1.0
    };
    metric
        .cohorts
        .iter()
        .map(|&k| {
            let r = world.result(m, k);
            r.n_treated * sign * (r.true_treated - r.true_counterfactual)
        })
        .sum()
}

/// Paid by this payer in events whose cohorts' true effect was zero or negative, net of
/// the refunds charged to those payments.
fn paid_for_noise(c: &Contract, s: &Schedule, world: &World, ledger: &Ledger, payer: usize) -> f64 {
    ledger
        .payments
        .iter()
        .filter(|p| p.payer == payer && p.rule.is_some())
        .filter(|p| {
            let e = &s.events[p.event];
            let metric = &c.metrics[e.metric];
            let sign = if metric.direction == Direction::Increase {
                1.0
            } else {
                -1.0
            };
            let effect: f64 = e
                .cohorts
                .iter()
                .map(|&k| {
                    let r = world.result(e.metric, k);
                    r.n_treated * sign * (r.true_treated - r.true_counterfactual)
                })
                .sum();
            effect <= 0.0
        })
        .map(|p| p.net)
        .sum()
}

/// Paid by this payer for outcomes achieved that the counterfactual would have produced
/// anyway: the share of a per-outcome payment (rate cards, and savings shares without a
/// counterfactual) that deadweight accounts for. Payments measured against a
/// counterfactual pay for improvement, so have none by construction.
fn deadweight_paid(
    c: &Contract,
    s: &Schedule,
    world: &World,
    ledger: &Ledger,
    payer: usize,
) -> f64 {
    ledger
        .payments
        .iter()
        .filter(|p| p.payer == payer)
        .filter_map(|p| {
            let rule = &c.rules[p.rule?];
            let e = &s.events[p.event];
            let metric = &c.metrics[e.metric];
            let per_outcome = match rule.terms {
                Terms::RateCard { .. } => true,
                Terms::SavingsShare { .. } => matches!(metric.design, Design::None),
                _ => false,
            };
            if !per_outcome {
                return None;
            }
            let (mut achieved, mut anyway) = (0.0, 0.0);
            for &k in &e.cohorts {
                let r = world.result(e.metric, k);
                let (a, w) = match (metric.kind, metric.direction) {
                    (MetricKind::Binary, Direction::Reduce) => {
                        (1.0 - r.treated_mean, 1.0 - r.true_counterfactual)
                    }
                    _ => (r.treated_mean, r.true_counterfactual),
                };
                achieved += r.n_treated * a;
                anyway += r.n_treated * w;
            }
            (achieved > 0.0).then(|| p.net * (anyway / achieved).clamp(0.0, 1.0))
        })
        .sum()
}
