//! The contract compiled for settlement: payment events, cap slots, per-period rates and
//! costs, all index-based and computed once per contract (never per trial).

use crate::model::contract::*;

/// One test-and-pay moment of a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub rule: usize,
    /// The metric read (for a multi-metric rate card, the one this event pays for).
    pub metric: usize,
    /// Cohorts tested together (one for per-cohort rules).
    pub cohorts: Vec<usize>,
    /// Period of payment as scheduled, before any delay of enrolment or validation.
    pub period: u32,
    /// For each of `cohorts`, the period its result is validated as scheduled.
    pub validated: Vec<u32>,
    /// A pooled rule's fixed date (`at`), if it has one.
    pub at: Option<u32>,
    /// Periods from validation (or `at`) to payment.
    pub payment_lag: u32,
    /// Whether this is a pooled test.
    pub pooled: bool,
    /// A pathway stage's claims: the period the claims were made (the people reached the
    /// stage); the event pays what they earned, validated and paid after the lags.
    pub claimed: Option<u32>,
}

/// The kinds of cap, in the order settlement applies them to a payment: the rule's per
/// participant, per cohort and total caps, the metric's, the deal's per year and total,
/// then the paying payer's per year and total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    RulePerParticipant,
    RulePerCohort,
    RuleTotal,
    Metric,
    DealPerYear,
    DealTotal,
    PayerPerYear,
    PayerTotal,
}

impl Limit {
    pub const ALL: [Limit; 8] = [
        Limit::RulePerParticipant,
        Limit::RulePerCohort,
        Limit::RuleTotal,
        Limit::Metric,
        Limit::DealPerYear,
        Limit::DealTotal,
        Limit::PayerPerYear,
        Limit::PayerTotal,
    ];

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// Which caps cut one payment: a flag per kind of cap. The payment's rule, metric and
/// payer say which cap of each kind it was ([`Schedule::slot_of`]), so a contract may have
/// any number of caps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cuts(u8);

impl Cuts {
    pub fn add(&mut self, limit: Limit) {
        self.0 |= limit.bit();
    }

    pub fn contains(self, limit: Limit) -> bool {
        self.0 & limit.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds of cap that cut, in the order they were applied.
    pub fn iter(self) -> impl Iterator<Item = Limit> {
        Limit::ALL.into_iter().filter(move |l| self.contains(*l))
    }
}

/// One cap of the contract, for reports ("how often each cap binds").
#[derive(Debug, Clone, PartialEq)]
pub struct CapSlot {
    pub limit: Limit,
    /// The rule, metric or party it caps (0 for the deal's caps).
    pub owner: usize,
    /// Stable dotted name, e.g. `rule.cohort_trigger.cap` or `deal.cap`.
    pub name: String,
}

/// Every cap's slot, by kind of cap and by what it caps.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CapTable {
    /// `[limit][owner]`: the slot in [`Schedule::caps`], if the contract sets that cap.
    slots: [Vec<Option<usize>>; 8],
}

impl CapTable {
    /// The slot of the cap of kind `limit` on `owner` (a rule, metric or party index; 0
    /// for the deal), if the contract sets it.
    pub fn slot(&self, limit: Limit, owner: usize) -> Option<usize> {
        self.slots[limit as usize].get(owner).copied().flatten()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub horizon: usize,
    pub events: Vec<Event>,
    /// Every cap the contract sets, in a stable order (rule totals, rule per-cohort and
    /// per-participant caps, metric caps, payer totals and per-year caps, the deal's).
    pub caps: Vec<CapSlot>,
    /// Where each cap is in `caps`, by kind and owner.
    pub cap_table: CapTable,
    /// Budget year of each period.
    pub year_of: Vec<usize>,
    /// Periods of each budget year, as `start..end`.
    pub year_periods: Vec<std::ops::Range<usize>>,
    pub years: usize,
    /// Per tranche: coupon and IRR-cap rates per period.
    pub coupon_rate: Vec<f64>,
    pub cap_rate: Vec<Option<f64>>,
    /// `[tranche * (horizon + 1) + gap]`: what a balance grows by over `gap` periods at the
    /// tranche's coupon, and at its IRR cap (1 without one): `(1 + rate)^gap`.
    pub coupon_growth: Vec<f64>,
    pub cap_growth: Vec<f64>,
    /// Per payer party: discount factor per period.
    pub discount_rate: Vec<f64>,
    /// One-sided critical z per metric (for pay-on-significance designs).
    pub z_critical: Vec<Option<f64>>,
    /// `[rule * cohorts + cohort]`: the event of a rule that tests the cohort.
    pub cohort_event: Vec<Option<usize>>,
    /// Waterfall ranks, most senior first.
    pub ranks: Vec<Vec<usize>>,
    /// Last period with a cost (service, fixed or fee) before any delay.
    pub last_cost_period: u32,
    /// Periods busy in every world: set-up, fixed costs, fees, the first and last periods.
    pub static_busy: Vec<bool>,
    /// Whether any cohort has a service cost (then enrolment periods are busy too).
    pub cohort_costs: bool,
    /// Whether any tranche balance grows between periods (a coupon or an IRR cap).
    pub accrues: bool,
    /// Whether what the payers pay never depends on the vehicle: no payment reads the
    /// tranches (a savings share's switch, compensation of the outstanding principal) and
    /// nothing is ever refunded to the payers (no tranches, or all money above the claims
    /// goes to the provider). Then [`crate::cashflow::settle_payments`] gives the payers'
    /// payments of a full settlement, bit for bit.
    pub payments_stand_alone: bool,
}

impl Schedule {
    pub fn new(c: &Contract) -> Self {
        let horizon = c.deal.horizon as usize;
        let ppy = f64::from(c.deal.period.per_year());
        let per_period = |annual: f64| (1.0 + annual).powf(1.0 / ppy) - 1.0;
        let (caps, cap_table) = cap_slots(c);

        let (year_of, years) = c.deal.budget_years();
        let year_periods = (0..years)
            .map(|y| {
                let start = year_of.partition_point(|&x| x < y);
                start..year_of.partition_point(|&x| x <= y)
            })
            .collect();
        let z_critical = c
            .metrics
            .iter()
            .map(|m| match m.design {
                Design::Rct {
                    pay_on: PayOn::Significant { alpha },
                    ..
                } => Some(z_critical(alpha)),
                _ => None,
            })
            .collect();
        let last_cost_period = c
            .last_service_period()
            .max(if c.costs.fixed_per_period > 0.0 {
                c.costs.fixed_to
            } else {
                0
            });
        let mut static_busy = vec![false; horizon];
        static_busy[0] = true;
        static_busy[horizon - 1] = true;
        if c.costs.fixed_per_period > 0.0 {
            for t in c.costs.fixed_from..=c.costs.fixed_to.min(horizon as u32 - 1) {
                static_busy[t as usize] = true;
            }
        }
        if c.financing.management_fee_per_period > 0.0 {
            static_busy.fill(true);
        }
        let coupon_rate: Vec<f64> = c.tranches.iter().map(|t| per_period(t.coupon)).collect();
        let cap_rate: Vec<Option<f64>> = c
            .tranches
            .iter()
            .map(|t| t.max_irr.map(per_period))
            .collect();
        let accrues =
            coupon_rate.iter().any(|&r| r != 0.0) || cap_rate.iter().flatten().any(|&r| r != 0.0);
        let events = events(c);
        let mut cohort_event = vec![None; c.rules.len() * c.cohorts.len()];
        for (i, e) in events.iter().enumerate() {
            for &k in &e.cohorts {
                cohort_event[e.rule * c.cohorts.len() + k].get_or_insert(i);
            }
        }
        let switches = c.rules.iter().any(|r| {
            matches!(
                r.terms,
                Terms::SavingsShare {
                    switch: Some(_),
                    ..
                }
            )
        });
        let reads_principal = c
            .termination
            .as_ref()
            .is_some_and(|t| t.compensation == Compensation::OutstandingPrincipal);
        let never_refunded = c.tranches.is_empty()
            || (c.service_provider().is_some() && c.financing.excess_provider_share == 1.0);
        let growth = |rate: Option<f64>| -> Vec<f64> {
            (0..=horizon as i32)
                .map(|gap| rate.map_or(1.0, |r| (1.0 + r).powi(gap)))
                .collect()
        };
        let coupon_growth = coupon_rate.iter().flat_map(|&r| growth(Some(r))).collect();
        let cap_growth = cap_rate.iter().flat_map(|&r| growth(r)).collect();
        Schedule {
            coupon_growth,
            cap_growth,
            payments_stand_alone: !switches && !reads_principal && never_refunded,
            cohort_event,
            static_busy,
            cohort_costs: c
                .cohorts
                .iter()
                .any(|k| k.cost_per_participant > 0.0 || k.cost_per_participant_period > 0.0),
            accrues,
            horizon,
            events,
            caps,
            cap_table,
            year_of,
            year_periods,
            years,
            coupon_rate,
            cap_rate,
            discount_rate: c
                .parties
                .iter()
                .map(|p| per_period(p.discount_rate))
                .collect(),
            z_critical,
            ranks: c.waterfall_order(),
            last_cost_period,
        }
    }
}

/// Every rule's events, in payment order: by period, then per-cohort before pooled, then
/// in the order of the file.
fn events(c: &Contract) -> Vec<Event> {
    let mut out = Vec::new();
    for (i, r) in c.rules.iter().enumerate() {
        // A multi-metric rate card pays each metric when its own result is validated.
        for metric in r.metrics() {
            let m = &c.metrics[metric];
            let cohorts: Vec<usize> = r
                .cohorts
                .iter()
                .copied()
                .filter(|k| m.cohorts.contains(k))
                .collect();
            if m.stage.is_some() && matches!(r.terms, Terms::RateCard { .. }) {
                // A stage's claims, cohort by cohort and period by period (other rules read
                // a measured stage's result like any other).
                let last = r.last_claim.unwrap_or(u32::MAX).min(c.deal.horizon - 1);
                for &k in &cohorts {
                    for t in 0..=last {
                        let validated = t.saturating_add(m.validation_lag);
                        out.push(Event {
                            rule: i,
                            metric,
                            period: validated.saturating_add(r.payment_lag),
                            cohorts: vec![k],
                            validated: vec![validated],
                            at: None,
                            payment_lag: r.payment_lag,
                            pooled: false,
                            claimed: Some(t),
                        });
                    }
                }
                continue;
            }
            match r.scope {
                Scope::PerCohort => {
                    for &k in &cohorts {
                        let validated = m.result_period(&c.cohorts[k]);
                        out.push(Event {
                            rule: i,
                            metric,
                            period: validated.saturating_add(r.payment_lag),
                            cohorts: vec![k],
                            validated: vec![validated],
                            at: None,
                            payment_lag: r.payment_lag,
                            pooled: false,
                            claimed: None,
                        });
                    }
                }
                Scope::Pooled if !cohorts.is_empty() => {
                    let validated: Vec<u32> = cohorts
                        .iter()
                        .map(|&k| m.result_period(&c.cohorts[k]))
                        .collect();
                    let last = validated.iter().copied().max().unwrap_or(0);
                    out.push(Event {
                        rule: i,
                        metric,
                        period: r
                            .at
                            .map_or(last, |at| at.max(last))
                            .saturating_add(r.payment_lag),
                        cohorts,
                        validated,
                        at: r.at,
                        payment_lag: r.payment_lag,
                        pooled: true,
                        claimed: None,
                    });
                }
                Scope::Pooled => {}
            }
        }
    }
    out.sort_by_key(|e| (e.period, e.pooled, e.rule, e.metric));
    out
}

impl Schedule {
    /// The cap of kind `limit` that applies to a payment of `rule` on `metric` by `payer`.
    pub fn slot_of(&self, limit: Limit, rule: usize, metric: usize, payer: usize) -> Option<usize> {
        let owner = match limit {
            Limit::RulePerParticipant | Limit::RulePerCohort | Limit::RuleTotal => rule,
            Limit::Metric => metric,
            Limit::DealPerYear | Limit::DealTotal => 0,
            Limit::PayerPerYear | Limit::PayerTotal => payer,
        };
        self.cap_table.slot(limit, owner)
    }
}

/// The contract's caps, each with its stable name, in the order reports list them.
fn cap_slots(c: &Contract) -> (Vec<CapSlot>, CapTable) {
    let mut caps = Vec::new();
    let mut table = CapTable::default();
    let rules = |f: fn(&RuleCaps) -> bool, suffix: &str| -> Vec<(bool, String)> {
        c.rules
            .iter()
            .map(|r| (f(&r.caps), format!("rule.{}.{suffix}", r.id)))
            .collect()
    };
    let parties = |caps: &[Option<f64>], suffix: &str| -> Vec<(bool, String)> {
        c.parties
            .iter()
            .zip(caps)
            .map(|(p, x)| (x.is_some(), format!("payer.{}.{suffix}", p.id)))
            .collect()
    };
    let kinds: [(Limit, Vec<(bool, String)>); 8] = [
        (Limit::RuleTotal, rules(|r| r.total.is_some(), "cap")),
        (
            Limit::RulePerCohort,
            rules(|r| r.per_cohort.is_some(), "cap_per_cohort"),
        ),
        (
            Limit::RulePerParticipant,
            rules(|r| r.per_participant.is_some(), "cap_per_participant"),
        ),
        (
            Limit::Metric,
            c.metrics
                .iter()
                .zip(&c.caps.metric)
                .map(|(m, x)| (x.is_some(), format!("metric.{}.cap", m.id)))
                .collect(),
        ),
        (Limit::PayerTotal, parties(&c.caps.payer_total, "cap")),
        (
            Limit::PayerPerYear,
            parties(&c.caps.payer_per_year, "cap_per_year"),
        ),
        (
            Limit::DealTotal,
            vec![(c.caps.deal.is_some(), "deal.cap".to_string())],
        ),
        (
            Limit::DealPerYear,
            vec![(c.caps.per_year.is_some(), "deal.cap_per_year".to_string())],
        ),
    ];
    for (limit, owners) in kinds {
        table.slots[limit as usize] = owners
            .into_iter()
            .enumerate()
            .map(|(owner, (present, name))| {
                present.then(|| {
                    caps.push(CapSlot { limit, owner, name });
                    caps.len() - 1
                })
            })
            .collect();
    }
    (caps, table)
}

/// The standard normal quantile at 1 - alpha.
pub fn z_critical(alpha: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::standard().inverse_cdf(1.0 - alpha)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_years_follow_the_fiscal_calendar() {
        // Quarters from September with an April budget year: Sep, Dec, Mar are year 0; Jun is year 1.
        let mut c = crate::cashflow::tests::tiny_contract();
        c.deal.period = Period::Quarter;
        c.deal.start = Some((2010, 9, 1));
        c.deal.fiscal_year_start = 4;
        c.deal.horizon = 6;
        let (years, n) = c.deal.budget_years();
        assert_eq!(years, vec![0, 0, 0, 1, 1, 1]);
        assert_eq!(n, 2);
    }
}
