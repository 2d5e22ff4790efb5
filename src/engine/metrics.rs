//! The per-trial results: stable dotted names, compiled once per contract, filled from the
//! ledger after each settlement without allocating.
//!
//! Three kinds of result:
//! - **metrics**, one value per trial, summarised by their distribution over trials;
//!   `NaN` where undefined in a trial (an IRR with no or several roots), and the
//!   statistics say how many trials they cover;
//! - **events**, a 0/1 per trial, summarised as probabilities;
//! - **estimates**, figures of the whole run that are functions of the means of per-trial
//!   inputs (a ratio of two expectations, the IRR of the mean cash flows), each with its
//!   delta-method standard error ([`crate::stats::cross`]).

use crate::cashflow::{self, Ledger, Payment, Schedule, returns};
use crate::model::contract::{Contract, Design, Direction, MetricKind, Role, Terms, TrancheKind};
use crate::model::scenario::Scenario;
use crate::stats::Estimate;
use crate::stats::cross::{self, CrossSums};
use crate::world::expected::expected_world;
use crate::world::{Measured, World};

/// What one metric column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    TrancheIrr(usize),
    /// The modified IRR at the financing's finance and reinvestment rates.
    TrancheMirr(usize),
    TrancheMoic(usize),
    TrancheReceived(usize),
    /// What the tranche got back short of what it put in (0 without a loss).
    TrancheAmountLost(usize),
    TrancheGuaranteeDrawn(usize),
    PayerPaid(usize),
    PayerNpv(usize),
    /// Payer, budget year index.
    PayerPaidInYear(usize, usize),
    /// The payer's largest budget-year payments.
    PayerLargestYear(usize),
    /// By how much the payer's payments exceed its budget, summed over budget years
    /// (payer, budget index).
    PayerBudgetExcess(usize, usize),
    PayerPaidForNoise(usize),
    PayerPaidForMeasurementError(usize),
    PayerDeadweightPaid(usize),
    PayerNetValue(usize),
    PayerPremium(usize),
    ProviderRevenue(usize),
    ProviderCost(usize),
    ProviderUnfundedCost(usize),
    ProviderMargin(usize),
    IntermediaryFees(usize),
    DealPaid,
    /// The payers' premiums together.
    DealPremium,
    /// A volume of a metric's outcomes, over all its cohorts.
    Outcomes(Volume, usize),
}

/// What is counted of a metric's outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Volume {
    /// Outcomes achieved, as a rate card counts them.
    Achieved,
    /// Outcomes the programme truly improved.
    Improved,
    /// Outcomes improved as measured.
    Measured,
    /// Money paid for them.
    Paid,
}

impl Volume {
    pub fn word(self) -> &'static str {
        match self {
            Volume::Achieved => "achieved",
            Volume::Improved => "improved",
            Volume::Measured => "measured",
            Volume::Paid => "paid",
        }
    }
}

/// What one probability counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// MOIC below 1.
    TrancheLoss(usize),
    TrancheIrrUndefined(usize),
    /// The service provider's margin is negative.
    ProviderLoss(usize),
    /// Some budget year's payments exceed the payer's budget (payer, budget index).
    PayerOverBudget(usize, usize),
    /// Budget year `y`'s payments exceed the payer's budget (payer, budget index, year).
    PayerOverBudgetInYear(usize, usize, usize),
    DealAnyPayment,
    /// A payment would fall after the deal's last period, so it is not paid.
    PaymentAfterHorizon,
    /// A cap slot cut a payment.
    CapBinds(usize),
    /// A payment rule paid something, for any of its cohorts (before money above the return
    /// caps is handed back).
    RulePays(usize),
}

/// One per-trial input of the estimates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input {
    /// A tranche's cash flow in a period (draws negative).
    TrancheFlow(usize, usize),
    /// What a payer kept paid for a metric's outcomes (net of refunds).
    PayerPaidOn(usize, usize),
    /// Outcomes truly improved on a metric, over the cohorts of a bit set.
    Improvement(usize, u64),
    /// A volume of one cohort's outcomes on a metric.
    Outcomes(Volume, usize, usize),
}

/// How an estimate is computed from the means of its inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EstimateKind {
    /// The mean of one input (a per-cohort volume: its mean and standard error only).
    Mean,
    /// `E[first input] / E[second input]`.
    Ratio,
    /// The annualised IRR of the mean cash flows (inputs: one per period).
    PooledIrr { periods_per_year: u32 },
}

/// One estimate: its name, kind and inputs (indices into [`MetricSet::inputs`]).
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateDef {
    pub name: String,
    pub kind: EstimateKind,
    pub inputs: Vec<usize>,
}

impl EstimateDef {
    /// The estimate at the inputs' means (in the order of `inputs`) and its gradient with
    /// respect to them, for the delta method; `None` where it is undefined.
    pub fn gradient(&self, means: &[f64]) -> Option<(f64, Vec<f64>)> {
        match self.kind {
            EstimateKind::Mean => Some((means[0], vec![1.0])),
            EstimateKind::Ratio => {
                let (x, y) = (means[0], means[1]);
                if y.is_nan() || y <= 0.0 {
                    return None;
                }
                let r = x / y;
                Some((r, vec![1.0 / y, -r / y]))
            }
            EstimateKind::PooledIrr { periods_per_year } => {
                let ppy = periods_per_year as i32;
                match returns::irr(means, periods_per_year) {
                    returns::Irr::Rate(annual) => {
                        // The per-period rate r solves Σ μ_t (1+r)^-t = 0; by the implicit
                        // function theorem ∂r/∂μ_t = −(1+r)^-t / (∂NPV/∂r).
                        let r = (1.0 + annual).powf(1.0 / f64::from(ppy)) - 1.0;
                        let v = 1.0 / (1.0 + r);
                        let slope: f64 = means
                            .iter()
                            .enumerate()
                            .map(|(t, &m)| -(t as f64) * m * v.powi(t as i32 + 1))
                            .sum();
                        if slope == 0.0 || !slope.is_finite() {
                            return Some((annual, vec![f64::NAN; means.len()]));
                        }
                        let annualise = f64::from(ppy) * (1.0 + r).powi(ppy - 1);
                        let g = (0..means.len())
                            .map(|t| -annualise * v.powi(t as i32) / slope)
                            .collect();
                        Some((annual, g))
                    }
                    // Every trial lost everything: the mean flows have no receipt.
                    returns::Irr::TotalLoss => Some((-1.0, vec![0.0; means.len()])),
                    returns::Irr::NoRoot | returns::Irr::MultipleRoots => None,
                }
            }
        }
    }

    /// The estimate from the sums of its own inputs.
    pub fn evaluate(&self, sums: &CrossSums) -> Estimate {
        if sums.n == 0 {
            return Estimate::undefined(0);
        }
        if self.kind == EstimateKind::Ratio {
            return match cross::ratio(sums, 0, 1) {
                Some((value, se)) => Estimate {
                    value,
                    se,
                    n: sums.n,
                },
                None => Estimate::undefined(sums.n),
            };
        }
        match self.gradient(&sums.means()) {
            Some((value, g)) => Estimate {
                value,
                se: sums.delta_se(&g),
                n: sums.n,
            },
            None => Estimate::undefined(sums.n),
        }
    }
}

/// The metrics, probabilities and estimates of one contract, in report order.
#[derive(Debug, Clone)]
pub struct MetricSet {
    pub metrics: Vec<(String, Measure)>,
    pub events: Vec<(String, Event)>,
    pub inputs: Vec<Input>,
    pub estimates: Vec<EstimateDef>,
    /// Per payer party: its average share of the contract's rules (for the premium).
    payer_share: Vec<f64>,
    /// Per payer party: its share of the avoided costs of each metric and cohort.
    savings_share: Vec<Vec<f64>>,
    /// Per metric column: whether low values are the bad side (for CVaR).
    worse_low: Vec<bool>,
    /// Per tranche: the index of its IRR metric (an undefined IRR is recorded as NaN).
    irr_slot: Vec<usize>,
    /// Per party: the index of its margin metric, if it is the service provider.
    margin_slot: Vec<Option<usize>>,
    periods_per_year: u32,
    /// The contract's MIRR rates as per-period factors (`None`: a rate at or below -100%).
    mirr_rates: Option<returns::MirrRates>,
    /// Whether a metric reads the present value of the payers' payments (net value,
    /// premium) and of the service (premium): computed once a trial when one does.
    payer_pv: bool,
    service_pv: bool,
    /// Whether a trial is also settled as an exact measurement would see it.
    pub needs_exact: bool,
    /// Whether amounts are reported in real terms (period-0 money).
    real: bool,
}

/// The terms amounts are reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reporting {
    /// In cash of the period they are paid in.
    #[default]
    Nominal,
    /// In period-0 money: each amount deflated by the price level of its period.
    Real,
}

impl MetricSet {
    pub fn new(c: &Contract, s: &Scenario, schedule: &Schedule, terms: Reporting) -> Self {
        let mut metrics = Vec::new();
        let mut events = Vec::new();
        let mut inputs = Vec::new();
        let mut estimates = Vec::new();
        let h = schedule.horizon;
        let ppy = c.deal.period.per_year();
        let guaranteed = |t: usize| c.guarantees.iter().any(|g| g.tranche == t);
        for (t, tr) in c.tranches.iter().enumerate() {
            let p = format!("tranche.{}", tr.id);
            metrics.push((format!("{p}.irr"), Measure::TrancheIrr(t)));
            metrics.push((format!("{p}.mirr"), Measure::TrancheMirr(t)));
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
            let first = inputs.len();
            inputs.extend((0..h).map(|period| Input::TrancheFlow(t, period)));
            estimates.push(EstimateDef {
                name: format!("{p}.pooled_irr"),
                kind: EstimateKind::PooledIrr {
                    periods_per_year: ppy,
                },
                inputs: (first..first + h).collect(),
            });
        }
        let payer_metrics = payer_metrics(c);
        // Every budget year: a pooled payment or termination compensation can fall before
        // the first scheduled result.
        let first_year = 0;
        for (i, party) in c.parties.iter().enumerate() {
            if party.role != Role::Payer {
                continue;
            }
            let p = format!("payer.{}", party.id);
            metrics.push((format!("{p}.paid"), Measure::PayerPaid(i)));
            metrics.push((format!("{p}.npv"), Measure::PayerNpv(i)));
            for y in first_year..schedule.years {
                metrics.push((
                    format!("{p}.paid_year.{}", c.deal.year_label(y)),
                    Measure::PayerPaidInYear(i, y),
                ));
            }
            metrics.push((format!("{p}.largest_year"), Measure::PayerLargestYear(i)));
            if let Some(b) = c.budgets.iter().position(|b| b.payer == i) {
                metrics.push((
                    format!("{p}.budget_excess"),
                    Measure::PayerBudgetExcess(i, b),
                ));
                events.push((format!("{p}.over_budget"), Event::PayerOverBudget(i, b)));
                for (y, amount) in c.budgets[b].per_year.iter().enumerate() {
                    if amount.is_some() && y >= first_year {
                        events.push((
                            format!("{p}.over_budget.{}", c.deal.year_label(y)),
                            Event::PayerOverBudgetInYear(i, b, y),
                        ));
                    }
                }
            }
            metrics.push((format!("{p}.paid_for_noise"), Measure::PayerPaidForNoise(i)));
            metrics.push((
                format!("{p}.paid_for_measurement_error"),
                Measure::PayerPaidForMeasurementError(i),
            ));
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
            metrics.push((format!("{p}.premium"), Measure::PayerPremium(i)));
            for &(m, _) in &payer_metrics[i] {
                let mask = payer_cohorts(c, i, m);
                let at = inputs.len();
                inputs.push(Input::PayerPaidOn(i, m));
                inputs.push(Input::Improvement(m, mask));
                estimates.push(EstimateDef {
                    name: format!("{p}.cost_per_true_outcome.{}", c.metrics[m].id),
                    kind: EstimateKind::Ratio,
                    inputs: vec![at, at + 1],
                });
            }
        }
        let provider = c.service_provider();
        let mut margin_slot = vec![None; c.parties.len()];
        for (i, party) in c.parties.iter().enumerate() {
            match party.role {
                Role::Provider => {
                    let p = format!("provider.{}", party.id);
                    metrics.push((format!("{p}.revenue"), Measure::ProviderRevenue(i)));
                    if provider == Some(i) {
                        metrics.push((format!("{p}.cost"), Measure::ProviderCost(i)));
                        metrics.push((
                            format!("{p}.unfunded_cost"),
                            Measure::ProviderUnfundedCost(i),
                        ));
                        margin_slot[i] = Some(metrics.len());
                        metrics.push((format!("{p}.margin"), Measure::ProviderMargin(i)));
                        events.push((format!("{p}.loss"), Event::ProviderLoss(i)));
                    }
                }
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
        if c.payers().count() > 1 {
            metrics.push(("deal.premium".into(), Measure::DealPremium));
        }
        // Volumes: over all the metric's cohorts as metrics (distribution and all); per
        // cohort, where there are several, as means with their standard errors.
        for (m, metric) in c.metrics.iter().enumerate() {
            let volumes = [
                Volume::Achieved,
                Volume::Improved,
                Volume::Measured,
                Volume::Paid,
            ]
            .into_iter()
            .filter(|&v| v != Volume::Measured || metric.design.has_counterfactual());
            for v in volumes {
                let p = format!("outcomes.{}", metric.id);
                metrics.push((format!("{p}.{}", v.word()), Measure::Outcomes(v, m)));
                if metric.cohorts.len() > 1 {
                    for &k in &metric.cohorts {
                        inputs.push(Input::Outcomes(v, m, k));
                        estimates.push(EstimateDef {
                            name: format!("{p}.{}.{}", c.cohorts[k].id, v.word()),
                            kind: EstimateKind::Mean,
                            inputs: vec![inputs.len() - 1],
                        });
                    }
                }
            }
        }
        events.push(("deal.any_payment".into(), Event::DealAnyPayment));
        events.push((
            "deal.payment_after_horizon".into(),
            Event::PaymentAfterHorizon,
        ));
        for (slot, cap) in schedule.caps.iter().enumerate() {
            events.push((format!("{}.binds", cap.name), Event::CapBinds(slot)));
        }
        for (r, rule) in c.rules.iter().enumerate() {
            events.push((format!("rule.{}.pays", rule.id), Event::RulePays(r)));
        }
        let irr_slot = (0..c.tranches.len())
            .map(|t| {
                metrics
                    .iter()
                    .position(|(_, m)| *m == Measure::TrancheIrr(t))
                    .expect("every tranche has an IRR metric")
            })
            .collect();
        let shares = shares(c, s, schedule);
        let worse_low = metrics.iter().map(|&(_, m)| lower_is_worse(c, m)).collect();
        let needs_exact = metrics
            .iter()
            .any(|(_, m)| matches!(m, Measure::PayerPaidForMeasurementError(_)));
        let payer_pv = metrics.iter().any(|(_, m)| {
            matches!(
                m,
                Measure::PayerNpv(_)
                    | Measure::PayerNetValue(_)
                    | Measure::PayerPremium(_)
                    | Measure::DealPremium
            )
        });
        let service_pv = metrics
            .iter()
            .any(|(_, m)| matches!(m, Measure::PayerPremium(_) | Measure::DealPremium));
        MetricSet {
            metrics,
            events,
            inputs,
            estimates,
            payer_share: shares.service,
            savings_share: shares.savings,
            worse_low,
            irr_slot,
            margin_slot,
            periods_per_year: ppy,
            payer_pv,
            service_pv,
            mirr_rates: returns::MirrRates::new(
                ppy,
                c.financing.mirr_finance_rate,
                c.financing.mirr_reinvestment_rate,
            ),
            needs_exact,
            real: terms == Reporting::Real,
        }
    }

    /// Fills one trial's metric values, event indicators and estimate inputs. `exact` is
    /// the trial settled as an exact measurement would see it (when [`Self::needs_exact`]);
    /// `buf` is scratch of the horizon's length.
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &self,
        c: &Contract,
        s: &Schedule,
        world: &World,
        ledger: &Ledger,
        exact: Option<&Ledger>,
        values: &mut [f64],
        flags: &mut [bool],
        inputs: &mut [f64],
        buf: &mut Buffers,
    ) {
        let h = ledger.horizon;
        let inflated = world.inflation != 0.0;
        if inflated {
            for (d, x) in buf.deflator.iter_mut().zip(&ledger.price_index) {
                *d = 1.0 / x;
            }
        }
        let money = Money {
            report: (self.real && inflated).then_some(&buf.deflator[..]),
        };
        let ppy = self.periods_per_year;
        paid_by_cohort(c, s, world, ledger, &money, &mut buf.paid);
        if self.payer_pv {
            for (p, _) in c.payers() {
                buf.payer_pv[p] = ledger.present_value(ledger.payer_row(p), s.discount_rate[p]);
                if self.service_pv {
                    buf.service_pv[p] =
                        ledger.present_value(&ledger.service_flows, s.discount_rate[p]);
                }
            }
        }
        for (slot, (_, measure)) in values.iter_mut().zip(&self.metrics) {
            *slot = match *measure {
                Measure::TrancheIrr(t) => returns::irr(
                    money.flows(ledger.tranche_cash_flows(t), &mut buf.flows),
                    ppy,
                )
                .value()
                .unwrap_or(f64::NAN),
                Measure::TrancheMirr(t) => self
                    .mirr_rates
                    .and_then(|r| r.mirr(money.flows(ledger.tranche_cash_flows(t), &mut buf.flows)))
                    .unwrap_or(f64::NAN),
                Measure::TrancheMoic(t) => {
                    let (drawn, received) = money.tranche(ledger, t);
                    returns::moic(drawn, received).unwrap_or(f64::NAN)
                }
                Measure::TrancheReceived(t) => money.tranche(ledger, t).1,
                Measure::TrancheAmountLost(t) => {
                    let (drawn, received) = money.tranche(ledger, t);
                    (drawn - received).max(0.0)
                }
                Measure::TrancheGuaranteeDrawn(t) => {
                    c.guarantees
                        .iter()
                        .enumerate()
                        .filter(|(_, g)| g.tranche == t)
                        .map(|(i, _)| ledger.guarantee_paid[i])
                        .sum::<f64>()
                        * money.at(h - 1)
                }
                Measure::PayerPaid(p) => money.paid(ledger, p),
                Measure::PayerNpv(p) => buf.payer_pv[p],
                Measure::PayerPaidInYear(p, y) => money.sum_of(
                    &ledger.payer_row(p)[s.year_periods[y].clone()],
                    s.year_periods[y].start,
                ),
                Measure::PayerLargestYear(p) => (0..s.years)
                    .map(|y| {
                        money.sum_of(
                            &ledger.payer_row(p)[s.year_periods[y].clone()],
                            s.year_periods[y].start,
                        )
                    })
                    .fold(0.0, f64::max),
                // Budgets are cash: compared and reported in nominal terms.
                Measure::PayerBudgetExcess(p, b) => c.budgets[b]
                    .per_year
                    .iter()
                    .enumerate()
                    .filter_map(|(y, budget)| {
                        budget.map(|x| (paid_in_year(s, ledger, p, y) - x).max(0.0))
                    })
                    .sum(),
                Measure::PayerPaidForNoise(p) => paid_for_noise(c, s, world, ledger, p, &money),
                Measure::PayerPaidForMeasurementError(p) => {
                    exact.map_or(f64::NAN, |e| money.paid(ledger, p) - money.paid(e, p))
                }
                Measure::PayerDeadweightPaid(p) => deadweight_paid(c, s, world, ledger, p, &money),
                Measure::PayerNetValue(p) => {
                    let rate = s.discount_rate[p];
                    // Avoided costs are in period-0 money, so their real value is as
                    // given; they arrive when the outcome happens: when the cohort's
                    // (delayed) outcome is measured.
                    let kc = c.cohorts.len();
                    let value: f64 = self.savings_share[p]
                        .iter()
                        .enumerate()
                        .filter(|&(_, &share)| share > 0.0)
                        .map(|(i, &share)| {
                            let (m, k) = (i / kc, i % kc);
                            let at = c.cohorts[k]
                                .enrol_to
                                .saturating_add(world.delay[k])
                                .saturating_add(c.metrics[m].measured_at)
                                .min(i32::MAX as u32);
                            share
                                * world.savings[m]
                                * improvement(c, world, m, k)
                                * (1.0 + rate).powi(-(at as i32))
                        })
                        .sum();
                    value - buf.payer_pv[p]
                }
                Measure::PayerPremium(p) => self.premium(buf, p),
                Measure::ProviderRevenue(p) => provider_revenue(c, ledger, p, &money),
                Measure::ProviderCost(_) => money.sum(&ledger.provider_cost_flows),
                Measure::ProviderUnfundedCost(_) => money.sum(&ledger.unfunded_flows),
                Measure::ProviderMargin(p) => {
                    provider_revenue(c, ledger, p, &money) - money.sum(&ledger.provider_cost_flows)
                }
                Measure::IntermediaryFees(p) => money.sum(ledger.party_row(p)),
                Measure::DealPaid => (0..c.parties.len()).map(|p| money.paid(ledger, p)).sum(),
                Measure::DealPremium => c.payers().map(|(p, _)| self.premium(buf, p)).sum(),
                Measure::Outcomes(v, m) => c.metrics[m]
                    .cohorts
                    .iter()
                    .map(|&k| volume(v, c, world, m, k, &buf.paid))
                    .sum(),
            };
        }
        for (flag, (_, event)) in flags.iter_mut().zip(&self.events) {
            *flag = match *event {
                // A shortfall below a millionth of the stake is rounding, not a loss.
                Event::TrancheLoss(t) => {
                    let (drawn, received) = money.tranche(ledger, t);
                    received < drawn * (1.0 - 1e-9) - 1e-6
                }
                Event::TrancheIrrUndefined(t) => values[self.irr_slot[t]].is_nan(),
                // Likewise a margin short by a millionth of the cost.
                Event::ProviderLoss(p) => self.margin_slot[p]
                    .is_some_and(|i| values[i] < -(1e-9 * ledger.provider_cost + 1e-6)),
                Event::PayerOverBudget(p, b) => {
                    c.budgets[b].per_year.iter().enumerate().any(|(y, budget)| {
                        budget.is_some_and(|x| exceeds(paid_in_year(s, ledger, p, y), x))
                    })
                }
                Event::PayerOverBudgetInYear(p, b, y) => c.budgets[b].per_year[y]
                    .is_some_and(|x| exceeds(paid_in_year(s, ledger, p, y), x)),
                Event::DealAnyPayment => ledger
                    .payments
                    .iter()
                    .any(|p| p.rule.is_some() && p.amount > 0.0),
                Event::PaymentAfterHorizon => !ledger.after_horizon.is_empty(),
                Event::CapBinds(slot) => ledger.cap_bound[slot],
                Event::RulePays(r) => ledger.rule_paid[r] > 0.0,
            };
        }
        for (slot, input) in inputs.iter_mut().zip(&self.inputs) {
            *slot = match *input {
                Input::TrancheFlow(t, period) => {
                    ledger.tranche_flows[t * h + period] * money.at(period)
                }
                Input::PayerPaidOn(p, m) => ledger
                    .payments
                    .iter()
                    .filter(|x| x.payer == p && x.rule.is_some() && s.events[x.event].metric == m)
                    .map(|x| money.kept(x))
                    .sum(),
                Input::Improvement(m, mask) => (0..c.cohorts.len())
                    .filter(|k| mask & (1 << k) != 0)
                    .map(|k| improvement(c, world, m, k))
                    .sum(),
                Input::Outcomes(v, m, k) => volume(v, c, world, m, k, &buf.paid),
            };
        }
    }
}

/// Scratch for [`MetricSet::record`], sized once per contract.
#[derive(Debug, Clone, Default)]
pub struct Buffers {
    /// Per period: 1 / the price level.
    deflator: Vec<f64>,
    /// One series of flows.
    flows: Vec<f64>,
    /// `[metric * cohorts + cohort]`: what was paid for each cohort's outcomes.
    paid: Vec<f64>,
    /// Per party: the present value of its payments and of the service at its discount
    /// rate, this trial (payers only, when a metric reads them).
    payer_pv: Vec<f64>,
    service_pv: Vec<f64>,
}

impl Buffers {
    pub fn new(c: &Contract) -> Self {
        let horizon = c.deal.horizon as usize;
        Buffers {
            deflator: vec![1.0; horizon],
            flows: vec![0.0; horizon],
            paid: vec![0.0; c.metrics.len() * c.cohorts.len()],
            payer_pv: vec![0.0; c.parties.len()],
            service_pv: vec![0.0; c.parties.len()],
        }
    }
}

/// How amounts are reported: in cash (nominal), or deflated to period-0 money (real).
/// Present values always discount real flows at the payers' (real) discount rates, which
/// is the same as discounting cash at the matching nominal rate
/// ([`Ledger::present_value`]).
struct Money<'a> {
    /// The deflator when amounts are reported in real terms (and prices move).
    report: Option<&'a [f64]>,
}

impl Money<'_> {
    /// The reporting factor of an amount paid in period `t`.
    #[inline]
    fn at(&self, t: usize) -> f64 {
        self.report.map_or(1.0, |d| d[t])
    }

    /// A per-period series summed as reported.
    fn sum(&self, row: &[f64]) -> f64 {
        self.sum_of(row, 0)
    }

    /// A slice of a per-period series starting at period `from`, summed as reported.
    fn sum_of(&self, row: &[f64], from: usize) -> f64 {
        match self.report {
            None => row.iter().sum(),
            Some(d) => row.iter().zip(&d[from..]).map(|(x, d)| x * d).sum(),
        }
    }

    /// A series of flows as reported, in `buf` when it must be deflated.
    fn flows<'b>(&self, row: &'b [f64], buf: &'b mut [f64]) -> &'b [f64] {
        match self.report {
            None => row,
            Some(d) => {
                for ((b, x), d) in buf.iter_mut().zip(row).zip(d) {
                    *b = x * d;
                }
                buf
            }
        }
    }

    /// What a payer keeps paid of one payment, as reported.
    #[inline]
    fn kept(&self, p: &Payment) -> f64 {
        if self.report.is_some() {
            p.net_real
        } else {
            p.net
        }
    }

    /// What a payer paid, as reported.
    fn paid(&self, ledger: &Ledger, p: usize) -> f64 {
        match self.report {
            None => ledger.payer_paid(p),
            Some(_) => self.sum(ledger.payer_row(p)),
        }
    }

    /// What a tranche put in and got back, as reported.
    fn tranche(&self, ledger: &Ledger, t: usize) -> (f64, f64) {
        match self.report {
            None => (ledger.tranche_drawn[t], ledger.tranche_received[t]),
            Some(_) => {
                let h = ledger.horizon;
                let drawn = self.sum(&ledger.tranche_draws[t * h..(t + 1) * h]);
                (drawn, self.sum(ledger.tranche_cash_flows(t)) + drawn)
            }
        }
    }
}

impl MetricSet {
    /// A payer's premium over buying the service: the present value of what it paid less
    /// its share of the service's, at its discount rate (this trial's present values, computed
    /// once in [`Self::record`]).
    fn premium(&self, buf: &Buffers, p: usize) -> f64 {
        buf.payer_pv[p] - self.payer_share[p] * buf.service_pv[p]
    }

    /// The first metric of a trial's row that is not a number where it must be: infinite,
    /// or undefined (NaN) though only returns (IRR, MIRR, MOIC) may be undefined.
    #[inline]
    pub fn first_unsound(&self, row: &[f64]) -> Option<usize> {
        row.iter().zip(&self.metrics).position(|(v, (_, m))| {
            v.is_infinite()
                || (v.is_nan()
                    && !matches!(
                        m,
                        Measure::TrancheIrr(_) | Measure::TrancheMirr(_) | Measure::TrancheMoic(_)
                    ))
        })
    }

    /// Whether low values of metric column `i` are the bad side (for CVaR).
    pub fn lower_is_worse(&self, i: usize) -> bool {
        self.worse_low[i]
    }
}

/// Which side of a metric is bad (for CVaR): low returns, revenue, margins and outcomes,
/// high payments, losses and costs. Outcomes achieved of a count, score or cohort figure
/// to reduce are events to avoid: there, high is bad.
fn lower_is_worse(c: &Contract, m: Measure) -> bool {
    match m {
        Measure::Outcomes(Volume::Achieved, metric) => {
            let metric = &c.metrics[metric];
            metric.kind == MetricKind::Binary || metric.direction == Direction::Increase
        }
        Measure::TrancheIrr(_)
        | Measure::TrancheMirr(_)
        | Measure::TrancheMoic(_)
        | Measure::TrancheReceived(_)
        | Measure::PayerNetValue(_)
        | Measure::ProviderRevenue(_)
        | Measure::ProviderMargin(_)
        | Measure::IntermediaryFees(_)
        | Measure::Outcomes(Volume::Improved | Volume::Measured, _) => true,
        Measure::TrancheAmountLost(_)
        | Measure::TrancheGuaranteeDrawn(_)
        | Measure::PayerPaid(_)
        | Measure::PayerNpv(_)
        | Measure::PayerPaidInYear(..)
        | Measure::PayerLargestYear(_)
        | Measure::PayerBudgetExcess(..)
        | Measure::PayerPaidForNoise(_)
        | Measure::PayerPaidForMeasurementError(_)
        | Measure::PayerDeadweightPaid(_)
        | Measure::PayerPremium(_)
        | Measure::DealPremium
        | Measure::ProviderCost(_)
        | Measure::ProviderUnfundedCost(_)
        | Measure::Outcomes(Volume::Paid, _)
        | Measure::DealPaid => false,
    }
}

/// Whether payments exceed a budget by more than rounding.
fn exceeds(paid: f64, budget: f64) -> bool {
    paid > budget * (1.0 + 1e-12) + 1e-6
}

/// What a payer paid in budget year `y` (net of refunds).
fn paid_in_year(s: &Schedule, ledger: &Ledger, p: usize, y: usize) -> f64 {
    let h = ledger.horizon;
    let r = &s.year_periods[y];
    ledger.payer_flows[p * h + r.start..p * h + r.end]
        .iter()
        .sum()
}

/// What the provider received in cash: service payments and any bonus, less the fees it
/// deferred as a tranche of its own, plus what that tranche got back.
fn provider_revenue(c: &Contract, ledger: &Ledger, p: usize, money: &Money) -> f64 {
    let deferred: f64 = c
        .tranches
        .iter()
        .enumerate()
        .filter(|(_, t)| t.investor == p && t.kind == TrancheKind::DeferredFees)
        .map(|(i, _)| {
            let (drawn, received) = money.tranche(ledger, i);
            received - drawn
        })
        .sum();
    money.sum(ledger.party_row(p)) + deferred
}

/// A volume of cohort `k`'s outcomes on metric `m`; `paid` is [`paid_by_cohort`]'s.
fn volume(v: Volume, c: &Contract, world: &World, m: usize, k: usize, paid: &[f64]) -> f64 {
    match v {
        Volume::Achieved => achieved(c, world, m, k),
        Volume::Improved => improvement(c, world, m, k),
        Volume::Measured => measured_improvement(c, world, m, k),
        Volume::Paid => paid[m * c.cohorts.len() + k],
    }
}

/// Per payer party: (metric, the payer's largest share of the rules paying on it).
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

/// How the payers share the programme: each one's share of the service (for the premium)
/// and, per metric and cohort, of the avoided costs (for the net value). Both follow what
/// each payer pays in the scenario's expected world (every assumption at its mean,
/// settled once through the same code), so a rule that only pays if another does not
/// (`unless_paid_by`) or a small bonus takes the share it really pays; where the expected
/// world pays nothing, the payers' shares of the rules that could pay, averaged over those
/// rules (leaving out rules that only pay if another does not, unless there are only such
/// rules). Every share is fixed for the run, so the split does not jump from trial to
/// trial, and the payers' shares of each outcome add up to 1.
struct Shares {
    /// Per party: its share of the service.
    service: Vec<f64>,
    /// Per party, `[metric * cohorts + cohort]`: its share of the avoided costs.
    savings: Vec<Vec<f64>>,
}

fn shares(c: &Contract, s: &Scenario, schedule: &Schedule) -> Shares {
    let kc = c.cohorts.len();
    let parties = c.parties.len();
    let world = expected_world(c, s);
    let mut ledger = Ledger::new(c, schedule);
    cashflow::settle(c, schedule, &world, &mut ledger);
    // What each payer pays in the expected world, in total and for each metric and cohort
    // (before any refund: the money it commits).
    let mut total = vec![0.0; parties];
    let mut paid = vec![vec![0.0; c.metrics.len() * kc]; parties];
    for x in ledger.payments.iter().filter(|x| x.rule.is_some()) {
        total[x.payer] += x.amount;
        let m = schedule.events[x.event].metric;
        let in_mask = |j: &usize| x.cohorts & (1 << j) != 0;
        let weight: f64 = (0..kc)
            .filter(in_mask)
            .map(|j| world.result(m, j).n_treated)
            .sum();
        for k in (0..kc).filter(in_mask) {
            let part = if weight > 0.0 {
                world.result(m, k).n_treated / weight
            } else {
                1.0 / f64::from(x.cohorts.count_ones())
            };
            paid[x.payer][m * kc + k] += x.amount * part;
        }
    }
    // The payers' shares of the rules that could pay, averaged over them.
    let by_rules = |rules: &[&crate::model::contract::Rule]| {
        let primary: Vec<_> = rules
            .iter()
            .filter(|r| r.unless_paid_by.is_empty())
            .collect();
        let used: Vec<_> = if primary.is_empty() {
            rules.iter().collect()
        } else {
            primary
        };
        let mut out = vec![0.0; parties];
        for r in &used {
            for &(p, share) in &r.payers {
                out[p] += share / used.len() as f64;
            }
        }
        out
    };
    let all_rules: Vec<_> = c.rules.iter().collect();
    let sum: f64 = total.iter().sum();
    let service = if sum > 0.0 {
        total.iter().map(|t| t / sum).collect()
    } else {
        by_rules(&all_rules)
    };
    let mut savings = vec![vec![0.0; c.metrics.len() * kc]; parties];
    for (m, metric) in c.metrics.iter().enumerate() {
        for &k in &metric.cohorts {
            let i = m * kc + k;
            let sum: f64 = (0..parties).map(|p| paid[p][i]).sum();
            let split = if sum > 0.0 {
                (0..parties).map(|p| paid[p][i] / sum).collect()
            } else {
                let rules: Vec<_> = c
                    .rules
                    .iter()
                    .filter(|r| r.metrics().contains(&m) && r.cohorts.contains(&k))
                    .collect();
                by_rules(&rules)
            };
            for (p, x) in split.into_iter().enumerate() {
                savings[p][i] = x;
            }
        }
    }
    Shares { service, savings }
}

/// The cohorts of a metric that a payer's rules pay for, as a bit set.
fn payer_cohorts(c: &Contract, payer: usize, m: usize) -> u64 {
    c.rules
        .iter()
        .filter(|r| r.payers.iter().any(|&(p, _)| p == payer) && r.metrics().contains(&m))
        .flat_map(|r| r.cohorts.iter().copied())
        .filter(|k| c.metrics[m].cohorts.contains(k))
        .fold(0, |mask, k| mask | (1 << k))
}

fn sign(c: &Contract, m: usize) -> f64 {
    if c.metrics[m].direction == Direction::Increase {
        1.0
    } else {
        -1.0
    }
}

/// Outcomes truly improved by the programme for one cohort: its participants times the
/// true effect (expected, before sampling noise), in the metric's unit.
fn improvement(c: &Contract, world: &World, m: usize, k: usize) -> f64 {
    let r = world.result(m, k);
    r.n_treated * sign(c, m) * (r.true_treated - r.true_counterfactual)
}

/// Outcomes improved as the contract measures them (may be negative).
fn measured_improvement(c: &Contract, world: &World, m: usize, k: usize) -> f64 {
    let r = world.result(m, k);
    r.n_treated * sign(c, m) * (r.treated_mean - r.measured_counterfactual)
}

/// Outcomes achieved, as a rate card counts them: successes of a binary metric to increase,
/// people without the event for a binary metric to reduce, otherwise the treated group's
/// total (events, score points, the cohort's figure).
fn achieved(c: &Contract, world: &World, m: usize, k: usize) -> f64 {
    let r = world.result(m, k);
    achieved_at(c, m, r, r.treated_mean)
}

fn achieved_at(c: &Contract, m: usize, r: &Measured, mean: f64) -> f64 {
    match (c.metrics[m].kind, c.metrics[m].direction) {
        (MetricKind::Binary, Direction::Reduce) => r.n_treated * (1.0 - mean),
        _ => r.n_treated * mean,
    }
}

/// Money paid (by every payer, net of refunds, as reported) for each cohort's outcomes on
/// each metric, into `paid[metric * cohorts + cohort]`: each payment shared among the
/// cohorts it pays for pro rata to their participants, as caps count it.
fn paid_by_cohort(
    c: &Contract,
    s: &Schedule,
    world: &World,
    ledger: &Ledger,
    money: &Money,
    paid: &mut [f64],
) {
    let kc = c.cohorts.len();
    paid.fill(0.0);
    for x in ledger.payments.iter().filter(|x| x.rule.is_some()) {
        let m = s.events[x.event].metric;
        let in_mask = |j: &usize| x.cohorts & (1 << j) != 0;
        let weight: f64 = (0..kc)
            .filter(in_mask)
            .map(|j| world.result(m, j).n_treated)
            .sum();
        let kept = money.kept(x);
        for k in (0..kc).filter(in_mask) {
            let share = if weight > 0.0 {
                world.result(m, k).n_treated / weight
            } else {
                1.0 / f64::from(x.cohorts.count_ones())
            };
            paid[m * kc + k] += kept * share;
        }
    }
}

/// Paid by this payer in events whose cohorts' true effect was zero or negative, net of
/// the refunds charged to those payments.
fn paid_for_noise(
    c: &Contract,
    s: &Schedule,
    world: &World,
    ledger: &Ledger,
    payer: usize,
    money: &Money,
) -> f64 {
    ledger
        .payments
        .iter()
        .filter(|p| p.payer == payer && p.rule.is_some())
        .filter(|p| {
            let e = &s.events[p.event];
            let effect: f64 = e
                .cohorts
                .iter()
                .map(|&k| improvement(c, world, e.metric, k))
                .sum();
            effect <= 0.0
        })
        .map(|p| money.kept(p))
        .sum()
}

/// Paid by this payer for outcomes that the counterfactual would have produced anyway: of
/// each per-outcome payment (rate cards, and savings shares without a counterfactual), the
/// share of the outcomes expected anyway (the true counterfactual) in those expected with
/// the programme (the true effect on it). Both are expectations before sampling noise, so
/// noise in the outcomes achieved is shared between deadweight and real outcomes in that
/// proportion; where the true effect is zero or negative, all of it is deadweight.
/// Payments measured against a counterfactual pay for improvement, so have none by
/// construction.
fn deadweight_paid(
    c: &Contract,
    s: &Schedule,
    world: &World,
    ledger: &Ledger,
    payer: usize,
    money: &Money,
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
            let (mut expected, mut anyway) = (0.0, 0.0);
            for &k in e.cohorts.iter().filter(|&&k| p.cohorts & (1 << k) != 0) {
                let r = world.result(e.metric, k);
                expected += achieved_at(c, e.metric, r, r.true_treated);
                anyway += achieved_at(c, e.metric, r, r.true_counterfactual);
            }
            let share = if expected > anyway {
                anyway.max(0.0) / expected
            } else if anyway > 0.0 {
                1.0
            } else {
                0.0
            };
            Some(money.kept(p) * share)
        })
        .sum()
}
