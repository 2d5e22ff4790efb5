//! A validated contract: every name resolved to an index, every default applied, every
//! number checked. Indices refer to the vectors of [`Contract`].

pub use crate::choices::{
    Compensation, Direction, Drawdown, EffectScale, Excess, GuaranteeKind, Indexation, MetricKind,
    Period, Role, Scope, TrancheKind,
};

/// Default annual discount rate of a payer (the UK Green Book's 3.5%).
pub const DEFAULT_DISCOUNT_RATE: f64 = 0.035;
/// Default one-sided significance level of RCT designs that pay only on significance.
pub const DEFAULT_ALPHA: f64 = 0.05;

#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    pub deal: Deal,
    pub parties: Vec<Party>,
    pub cohorts: Vec<Cohort>,
    pub costs: Costs,
    pub metrics: Vec<Metric>,
    pub rules: Vec<Rule>,
    pub caps: Caps,
    pub financing: Financing,
    /// In the order of the file; [`Contract::waterfall_order`] gives the payment order.
    pub tranches: Vec<Tranche>,
    pub guarantees: Vec<Guarantee>,
    pub termination: Option<Termination>,
    /// The payers' budgets for outcome payments, by budget year.
    pub budgets: Vec<Budget>,
    /// Each cohort's outcome pathway, compiled from the stage metrics (empty when the
    /// contract has none).
    pub pathways: Vec<super::pathway::Pathway>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deal {
    pub name: String,
    pub currency: String,
    pub period: Period,
    pub horizon: u32,
    /// (year, month, day) of period 0.
    pub start: Option<(u16, u8, u8)>,
    pub fiscal_year_start: u32,
    /// Which amounts rise with inflation.
    pub indexation: Indexation,
    pub description: Option<String>,
    pub sources: Vec<String>,
}

impl Deal {
    /// Budget year index of each period, and the number of budget years: calendar-based
    /// with a start date (years starting in `fiscal_year_start`), else counted from 0.
    pub fn budget_years(&self) -> (Vec<usize>, usize) {
        let months_per_period = 12 / self.period.per_year() as i64;
        let fy = i64::from(self.fiscal_year_start) - 1;
        let start_month = self.start.map_or(fy, |(_, m, _)| i64::from(m) - 1);
        let first = (start_month - fy).div_euclid(12);
        let year_of: Vec<usize> = (0..self.horizon as i64)
            .map(|t| ((start_month + t * months_per_period - fy).div_euclid(12) - first) as usize)
            .collect();
        let years = year_of.last().map_or(1, |y| y + 1);
        (year_of, years)
    }

    /// Label of period `t`: with a start date, its first month as `2010-09` (months),
    /// `2010Q3` (quarters, by the calendar quarter it starts in) or `2010` (years); else
    /// the period's number.
    pub fn period_label(&self, t: usize) -> String {
        let Some((year, month, _)) = self.start else {
            return t.to_string();
        };
        let months = (12 / self.period.per_year()) as i64;
        let m = i64::from(month) - 1 + t as i64 * months;
        let (y, m) = (i64::from(year) + m.div_euclid(12), m.rem_euclid(12));
        match self.period {
            Period::Month => format!("{y}-{:02}", m + 1),
            Period::Quarter => format!("{y}Q{}", m / 3 + 1),
            Period::Year => y.to_string(),
        }
    }

    /// Label of budget year `y`: its starting calendar year with a start date, else `y1`,
    /// `y2`...
    pub fn year_label(&self, y: usize) -> String {
        match self.start {
            Some((year, month, _)) => {
                let first = if u32::from(month) >= self.fiscal_year_start {
                    i64::from(year)
                } else {
                    i64::from(year) - 1
                };
                format!("{}", first + y as i64)
            }
            None => format!("y{}", y + 1),
        }
    }
}

/// A payer's budget for outcome payments, per budget year (`None` where it sets none).
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// Party index of the payer.
    pub payer: usize,
    pub per_year: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// Annual discount rate (used for payers).
    pub discount_rate: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    pub id: String,
    pub target: u32,
    pub enrol_from: u32,
    pub enrol_to: u32,
    pub capacity: Option<u32>,
    pub cost_per_participant: f64,
    pub cost_per_participant_period: f64,
    pub service_periods: u32,
}

impl Cohort {
    pub fn enrol_periods(&self) -> u32 {
        self.enrol_to - self.enrol_from + 1
    }

    /// Spreads `total` participants evenly over the cohort's enrolment window, started
    /// `delay` periods late and kept within capacity, into `row` (one entry per period of
    /// the deal). What does not fit before the deal ends is not enrolled.
    pub fn spread(&self, total: f64, delay: u32, row: &mut [f64]) {
        let periods = self.enrol_periods();
        let mut left = total;
        for i in 0..periods {
            let t = (self.enrol_from + delay + i) as usize;
            if t >= row.len() || left <= 0.0 {
                break;
            }
            let mut n = left / f64::from(periods - i);
            if let Some(cap) = self.capacity {
                n = n.min(f64::from(cap));
            }
            row[t] = n;
            left -= n;
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Costs {
    pub setup: f64,
    pub fixed_per_period: f64,
    pub fixed_from: u32,
    pub fixed_to: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub id: String,
    pub kind: MetricKind,
    pub direction: Direction,
    pub unit: Option<String>,
    /// Indices into `Contract::cohorts`.
    pub cohorts: Vec<usize>,
    pub measured_at: u32,
    pub design: Design,
    pub validation_lag: u32,
    /// Index into `Contract::parties`.
    pub validator: Option<usize>,
    /// Where the metric is a stage of an outcome pathway: claimed person by person as
    /// each reaches it, rather than measured once per cohort.
    pub stage: Option<Stage>,
}

/// A metric's place in an outcome pathway.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// The stages (metric indices) it can follow, any one of them; empty when it is
    /// reached from enrolment.
    pub after: Vec<usize>,
    /// The least number of periods after the stage before (or enrolment).
    pub wait: u32,
    /// How many times a person may reach it in all (1: once). Each repeat follows the
    /// achievement before it, after the same `wait`, and is claimed at the same price.
    pub repeat: u32,
}

impl Metric {
    /// Period when a cohort's result on this metric is validated.
    pub fn result_period(&self, cohort: &Cohort) -> u32 {
        cohort
            .enrol_to
            .saturating_add(self.measured_at)
            .saturating_add(self.validation_lag)
    }

    /// The effect scale used when a rule does not say: absolute for scores, else relative.
    pub fn default_effect_scale(&self) -> EffectScale {
        match self.kind {
            MetricKind::Continuous => EffectScale::Absolute,
            _ => EffectScale::Relative,
        }
    }
}

/// How the counterfactual is measured.
#[derive(Debug, Clone, PartialEq)]
pub enum Design {
    None,
    Historical {
        baseline: f64,
        /// The baseline moves with the system-wide trend measured over the same period:
        /// the counterfactual measured against is `baseline × (1 + measured trend)`.
        trend_adjusted: bool,
    },
    Comparison {
        size: u32,
        design_effect: f64,
    },
    Rct {
        size: u32,
        design_effect: f64,
        pay_on: PayOn,
    },
}

impl Design {
    pub fn has_counterfactual(&self) -> bool {
        !matches!(self, Design::None)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PayOn {
    PointEstimate,
    /// Pay only if the one-sided test at `alpha` rejects "no effect".
    Significant {
        alpha: f64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    pub description: Option<String>,
    /// (party index, share); shares sum to 1.
    pub payers: Vec<(usize, f64)>,
    pub scope: Scope,
    /// Indices into `Contract::cohorts`.
    pub cohorts: Vec<usize>,
    pub terms: Terms,
    pub caps: RuleCaps,
    /// Pooled scope: when the pooled test happens.
    pub at: Option<u32>,
    pub payment_lag: u32,
    /// Indices into `Contract::rules`.
    pub unless_paid_by: Vec<usize>,
    /// A rate card of pathway stages: the last period claims are made in.
    pub last_claim: Option<u32>,
}

impl Rule {
    /// The metrics the rule reads.
    pub fn metrics(&self) -> Vec<usize> {
        match &self.terms {
            Terms::RateCard { prices } => prices.iter().map(|&(m, _)| m).collect(),
            Terms::PerImprovement { metric, .. }
            | Terms::PerEffect { metric, .. }
            | Terms::Threshold { metric, .. }
            | Terms::Tiers { metric, .. }
            | Terms::SavingsShare { metric, .. } => vec![*metric],
        }
    }

    /// For a threshold or tiers: the metric, the scale of its effect, and the effects at
    /// which it starts to pay (its threshold, or each tier that pays something).
    pub fn triggers(&self) -> Option<(usize, EffectScale, Vec<f64>)> {
        match &self.terms {
            Terms::Threshold {
                metric,
                scale,
                threshold,
                ..
            } => Some((*metric, *scale, vec![*threshold])),
            Terms::Tiers {
                metric,
                scale,
                tiers,
            } => Some((
                *metric,
                *scale,
                tiers
                    .iter()
                    .filter(|t| !matches!(t.pay, Pay::LumpSum(0.0) | Pay::Price(0.0)))
                    .map(|t| t.at_least)
                    .collect(),
            )),
            _ => None,
        }
    }
}

/// What a rule pays for.
#[derive(Debug, Clone, PartialEq)]
pub enum Terms {
    /// price × outcomes achieved, per metric.
    RateCard { prices: Vec<(usize, f64)> },
    /// price × improvement on the counterfactual (in outcomes).
    PerImprovement { metric: usize, price: f64 },
    /// price × measured effect (percentage points if relative, metric units if absolute).
    PerEffect {
        metric: usize,
        scale: EffectScale,
        price: f64,
    },
    /// Nothing below the threshold, then a lump sum or a price per improvement.
    Threshold {
        metric: usize,
        scale: EffectScale,
        threshold: f64,
        pay: Pay,
    },
    /// The highest row whose `at_least` the measured effect reaches.
    Tiers {
        metric: usize,
        scale: EffectScale,
        tiers: Vec<Tier>,
    },
    /// share × value × outcomes improved (or achieved, without a counterfactual).
    SavingsShare {
        metric: usize,
        share: f64,
        /// (share once repaid, tranche indices).
        switch: Option<(f64, Vec<usize>)>,
        value_per_outcome: Option<f64>,
        /// Tranche indices paid, pro rata to their amounts, what the rule pays once
        /// switched, as success fees beyond their repayment (empty: it goes down the
        /// waterfall like any outcome payment).
        success_fees: Vec<usize>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pay {
    LumpSum(f64),
    Price(f64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tier {
    pub at_least: f64,
    pub pay: Pay,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RuleCaps {
    pub total: Option<f64>,
    pub per_cohort: Option<f64>,
    pub per_participant: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Caps {
    pub deal: Option<f64>,
    pub per_year: Option<f64>,
    /// Per party index (only payers have caps).
    pub payer_total: Vec<Option<f64>>,
    pub payer_per_year: Vec<Option<f64>>,
    /// Per metric index.
    pub metric: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Financing {
    pub drawdown: Drawdown,
    pub recycle: bool,
    pub excess: Excess,
    pub excess_provider_share: f64,
    /// Party index of the provider paid for the service.
    pub provider: Option<usize>,
    /// Party index of the intermediary paid fees.
    pub fee_to: Option<usize>,
    pub arrangement_fee: f64,
    pub management_fee_per_period: f64,
    /// Annual finance and reinvestment rates of the tranches' modified IRR.
    pub mirr_finance_rate: f64,
    pub mirr_reinvestment_rate: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tranche {
    pub id: String,
    pub kind: TrancheKind,
    /// Party index.
    pub investor: usize,
    pub amount: f64,
    pub seniority: u32,
    /// Annual coupon.
    pub coupon: f64,
    pub max_irr: Option<f64>,
    pub max_multiple: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Guarantee {
    pub id: String,
    pub kind: GuaranteeKind,
    pub guarantor: usize,
    pub tranche: usize,
    pub limit: Option<f64>,
    /// Capital protection: share of principal protected.
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Termination {
    pub from: u32,
    pub pay_enrolled: bool,
    pub compensation: Compensation,
    pub amount: f64,
    pub share: f64,
    pub payer: usize,
    /// The payer ends the contract when an interim measured result falls short.
    pub on_result: Option<OnResult>,
}

/// Termination on results: at an evaluation, the measured effect on a metric, pooled over
/// the cohorts whose results are in, is compared with a level; below it the payer ends
/// the contract (`must`), or may (the scenario says how likely it does).
#[derive(Debug, Clone, PartialEq)]
pub struct OnResult {
    pub metric: usize,
    /// Indices into `Contract::cohorts`: the cohorts whose results the evaluation reads.
    pub cohorts: Vec<usize>,
    /// The period of the evaluation (later if a result it reads comes in later).
    pub at: u32,
    /// The contract ends when the measured effect is below this.
    pub below: f64,
    pub scale: EffectScale,
    /// Whether the payer must end the contract (else it may).
    pub must: bool,
}

impl Contract {
    /// Whether any metric is a pathway stage.
    pub fn has_pathways(&self) -> bool {
        !self.pathways.is_empty()
    }

    pub fn party_index(&self, id: &str) -> Option<usize> {
        self.parties.iter().position(|p| p.id == id)
    }

    pub fn payers(&self) -> impl Iterator<Item = (usize, &Party)> {
        self.parties
            .iter()
            .enumerate()
            .filter(|(_, p)| p.role == Role::Payer)
    }

    /// Tranche indices grouped by seniority, most senior first; a group shares pro rata.
    pub fn waterfall_order(&self) -> Vec<Vec<usize>> {
        let mut ranks: Vec<u32> = self.tranches.iter().map(|t| t.seniority).collect();
        ranks.sort_unstable();
        ranks.dedup();
        ranks
            .into_iter()
            .map(|rank| {
                (0..self.tranches.len())
                    .filter(|&i| self.tranches[i].seniority == rank)
                    .collect()
            })
            .collect()
    }

    /// Whether outcomes (and the service) of those already enrolled continue after the payer
    /// ends the contract; true when the contract says nothing.
    pub fn pay_enrolled_after_termination(&self) -> bool {
        self.termination.as_ref().is_none_or(|t| t.pay_enrolled)
    }

    /// The provider the vehicle pays for the service: `[financing] provider`, else the first
    /// party with the provider role.
    pub fn service_provider(&self) -> Option<usize> {
        self.financing
            .provider
            .or_else(|| self.parties.iter().position(|p| p.role == Role::Provider))
    }

    /// Total capital committed by the tranches.
    pub fn capital(&self) -> f64 {
        self.tranches.iter().map(|t| t.amount).sum()
    }

    /// Last period in which any participant is in service.
    pub fn last_service_period(&self) -> u32 {
        self.cohorts
            .iter()
            .map(|c| {
                c.enrol_to
                    .saturating_add(c.service_periods.saturating_sub(1))
            })
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(period: Period, start: Option<(u16, u8, u8)>) -> Deal {
        Deal {
            name: "d".into(),
            currency: "GBP".into(),
            period,
            horizon: 8,
            start,
            fiscal_year_start: 4,
            indexation: Indexation::default(),
            description: None,
            sources: Vec::new(),
        }
    }

    #[test]
    fn periods_are_labelled_by_their_first_month() {
        let q = deal(Period::Quarter, Some((2010, 9, 1)));
        let labels: Vec<String> = (0..6).map(|t| q.period_label(t)).collect();
        assert_eq!(
            labels,
            ["2010Q3", "2010Q4", "2011Q1", "2011Q2", "2011Q3", "2011Q4"]
        );
        let m = deal(Period::Month, Some((2015, 11, 1)));
        assert_eq!(m.period_label(0), "2015-11");
        assert_eq!(m.period_label(2), "2016-01");
        assert_eq!(
            deal(Period::Year, Some((2016, 1, 1))).period_label(3),
            "2019"
        );
        assert_eq!(deal(Period::Quarter, None).period_label(5), "5");
    }
}
