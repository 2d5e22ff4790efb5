//! The world of one trial: enrolment per period, and each cohort's treated and
//! counterfactual results per metric. Settlement reads nothing else, so the Monte Carlo
//! engine, `settle` and the worked example of `explain` all go through the same code.
//!
//! One builder per kind of world, all here and all sharing [`true_counterfactual`],
//! [`treated_mean`] (the outcome rules of `model::outcome`, which the scenario's validation
//! uses too) and [`variance`]: [`expected`] (every assumption at its mean), [`sampled`] (one
//! Monte Carlo trial from its draws) and [`observed`] (a validated history).

pub mod expected;
pub mod observed;
pub mod pathway;
pub mod sampled;
pub mod termination;

use crate::model::contract::{Contract, Direction, MetricKind};
pub use crate::model::outcome::{treated_mean, true_counterfactual};

/// One cohort's result on one metric.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Measured {
    /// Participants (or 1 for a cohort-level figure) whose outcome is measured.
    pub n_treated: f64,
    /// Mean outcome per treated participant (rate, events, score, or the cohort's figure).
    pub treated_mean: f64,
    /// Size of the comparison or control group (0 without one).
    pub n_counterfactual: f64,
    /// The counterfactual the contract measures against (baseline, comparison or control mean).
    pub measured_counterfactual: f64,
    /// What the treated group would really have achieved without the programme.
    pub true_counterfactual: f64,
    /// What the treated group is expected to achieve with the programme (the true effect
    /// applied to the true counterfactual, before sampling noise).
    pub true_treated: f64,
    /// Variance of one treated outcome, for significance tests.
    pub var_treated: f64,
    /// Variance of one counterfactual outcome, for significance tests.
    pub var_counterfactual: f64,
}

/// A realised world, laid out flat: index `[cohort * horizon + period]` for enrolment and
/// `[metric * cohorts + cohort]` for results.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    pub horizon: usize,
    pub cohorts: usize,
    /// Participants enrolled per cohort and period.
    pub enrolled: Vec<f64>,
    /// Results per metric and cohort.
    pub results: Vec<Measured>,
    /// Relative cost overrun (0.1 = 10% over budget).
    pub overrun: f64,
    /// Annual inflation: prices in period `t` are `(1 + inflation)^(t / periods a year)`
    /// times those of period 0.
    pub inflation: f64,
    /// Periods by which each cohort's enrolment (and so its results) started late.
    pub delay: Vec<u32>,
    /// `[metric * cohorts + cohort]`: periods by which a result was validated later than
    /// scheduled (observed histories; zero in simulated worlds).
    pub validation_delay: Vec<u32>,
    /// Period in which the payer ends the contract, if it does.
    pub terminated_at: Option<u32>,
    /// Payer's avoided cost per outcome improved, per metric (0 when unknown).
    pub savings: Vec<f64>,
    /// Pathway stages, `[(metric * cohorts + cohort) * horizon + period]`: people who
    /// reached the stage in the period (empty when the contract has no pathway).
    pub claims: Vec<f64>,
    /// The same layout: what those people earn, after the rate card's per-person cap, at
    /// the contract's prices (before any indexation).
    pub claim_value: Vec<f64>,
}

impl World {
    /// An empty world shaped for a contract (nobody enrolled, nothing measured).
    pub fn empty(contract: &Contract) -> Self {
        let horizon = contract.deal.horizon as usize;
        let cohorts = contract.cohorts.len();
        Self {
            horizon,
            cohorts,
            enrolled: vec![0.0; cohorts * horizon],
            results: vec![Measured::default(); contract.metrics.len() * cohorts],
            overrun: 0.0,
            inflation: 0.0,
            delay: vec![0; cohorts],
            validation_delay: vec![0; contract.metrics.len() * cohorts],
            terminated_at: None,
            savings: vec![0.0; contract.metrics.len()],
            claims: vec![0.0; claim_len(contract)],
            claim_value: vec![0.0; claim_len(contract)],
        }
    }

    /// Where a stage's claims of one cohort and period are in `claims`.
    #[inline]
    pub fn claim_index(&self, metric: usize, cohort: usize, period: usize) -> usize {
        (metric * self.cohorts + cohort) * self.horizon + period
    }

    /// A stage's claims for one cohort, by period (empty without pathways).
    pub fn claim_row(&self, metric: usize, cohort: usize) -> &[f64] {
        if self.claims.is_empty() {
            return &[];
        }
        let i = self.claim_index(metric, cohort, 0);
        &self.claims[i..i + self.horizon]
    }

    pub fn enrolled(&self, cohort: usize, period: usize) -> f64 {
        self.enrolled[cohort * self.horizon + period]
    }

    pub fn enrolled_total(&self, cohort: usize) -> f64 {
        self.enrolled[cohort * self.horizon..(cohort + 1) * self.horizon]
            .iter()
            .sum()
    }

    /// The cohorts anyone joined, a bit each.
    pub fn enrolled_cohorts(&self) -> u64 {
        (0..self.cohorts)
            .filter(|&k| self.enrolled_total(k) > 0.0)
            .fold(0, |mask, k| mask | (1 << k))
    }

    pub fn result(&self, metric: usize, cohort: usize) -> &Measured {
        &self.results[metric * self.cohorts + cohort]
    }

    pub fn result_mut(&mut self, metric: usize, cohort: usize) -> &mut Measured {
        &mut self.results[metric * self.cohorts + cohort]
    }

    /// This world as an exact measurement would see it, into `out` (reused, so nothing is
    /// allocated once it has the shape): the same people enrolled, dropping out and
    /// measured at the same times, but every result at its true value: the treated group
    /// at what the programme truly achieves (the true effect on the true counterfactual)
    /// and the counterfactual at the true one, with no sampling variance (so a
    /// significance test passes exactly when the true effect is positive). What a
    /// contract pays in this world, against what it pays in the measured one, is what
    /// measurement error costs or saves the payer.
    pub fn measured_exactly(&self, out: &mut World) {
        // Field by field: a derived `clone_from` would allocate anew.
        out.horizon = self.horizon;
        out.cohorts = self.cohorts;
        out.enrolled.clone_from(&self.enrolled);
        out.results.clone_from(&self.results);
        out.overrun = self.overrun;
        out.inflation = self.inflation;
        out.delay.clone_from(&self.delay);
        out.validation_delay.clone_from(&self.validation_delay);
        out.terminated_at = self.terminated_at;
        out.savings.clone_from(&self.savings);
        out.claims.clone_from(&self.claims);
        out.claim_value.clone_from(&self.claim_value);
        for r in &mut out.results {
            r.treated_mean = r.true_treated;
            r.measured_counterfactual = r.true_counterfactual;
            r.var_treated = 0.0;
            r.var_counterfactual = 0.0;
        }
    }
}

/// Entries of a world's pathway claims: every metric, cohort and period when the contract
/// has a pathway, none otherwise.
fn claim_len(c: &Contract) -> usize {
    if c.has_pathways() {
        c.metrics.len() * c.cohorts.len() * c.deal.horizon as usize
    } else {
        0
    }
}

/// The measured quantities of a set of cohorts on one metric, pooled by participant.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pooled {
    pub n: f64,
    /// Total treated outcome (n × mean).
    pub treated_total: f64,
    pub n_counterfactual: f64,
    /// Counterfactual mean as measured.
    pub counterfactual: f64,
    /// Counterfactual mean in truth.
    pub true_counterfactual: f64,
    pub var_treated: f64,
    pub var_counterfactual: f64,
}

impl Pooled {
    /// Pools the results of `cohorts` on `metric`.
    pub fn of(world: &World, metric: usize, cohorts: impl Iterator<Item = usize>) -> Self {
        let mut p = Pooled::default();
        let (mut cf_weighted, mut true_weighted, mut vt, mut vc) = (0.0, 0.0, 0.0, 0.0);
        let mut cf_weight = 0.0;
        for c in cohorts {
            let r = world.result(metric, c);
            p.n += r.n_treated;
            p.treated_total += r.n_treated * r.treated_mean;
            p.n_counterfactual += r.n_counterfactual;
            // Comparison and control groups pool by their own size; a fixed baseline by the treated.
            let w = if r.n_counterfactual > 0.0 {
                r.n_counterfactual
            } else {
                r.n_treated
            };
            cf_weight += w;
            cf_weighted += w * r.measured_counterfactual;
            true_weighted += r.n_treated * r.true_counterfactual;
            vt += r.n_treated * r.var_treated;
            vc += w * r.var_counterfactual;
        }
        if p.n > 0.0 {
            p.true_counterfactual = true_weighted / p.n;
            p.var_treated = vt / p.n;
        }
        if cf_weight > 0.0 {
            p.counterfactual = cf_weighted / cf_weight;
            p.var_counterfactual = vc / cf_weight;
        }
        p
    }

    /// Outcomes improved on the measured counterfactual, in outcome units (may be negative).
    pub fn improvement(&self, direction: Direction) -> f64 {
        let expected = self.n * self.counterfactual;
        match direction {
            Direction::Reduce => expected - self.treated_total,
            Direction::Increase => self.treated_total - expected,
        }
    }

    /// Relative effect (share of the counterfactual) or absolute effect (per participant).
    pub fn effect(&self, direction: Direction, relative: bool) -> f64 {
        let improvement = self.improvement(direction);
        if relative {
            let base = self.n * self.counterfactual;
            if base > 0.0 { improvement / base } else { 0.0 }
        } else if self.n > 0.0 {
            improvement / self.n
        } else {
            0.0
        }
    }

    /// Outcomes achieved, for rate cards: successes of a binary metric to increase, people
    /// without the event for a binary metric to reduce, events of a count to increase.
    pub fn achieved(&self, kind: MetricKind, direction: Direction) -> f64 {
        match (kind, direction) {
            (MetricKind::Binary, Direction::Reduce) => self.n - self.treated_total,
            _ => self.treated_total,
        }
    }

    /// Whether a one-sided z-test with critical value `z` finds the improvement significant;
    /// `design_effect` inflates the variance for clustered designs.
    pub fn significant_at(&self, direction: Direction, z: f64, design_effect: f64) -> bool {
        if self.n <= 0.0 || self.n_counterfactual <= 0.0 {
            return false;
        }
        let diff = self.improvement(direction) / self.n;
        let se = ((self.var_treated / self.n + self.var_counterfactual / self.n_counterfactual)
            * design_effect)
            .sqrt();
        if se > 0.0 { diff / se >= z } else { diff > 0.0 }
    }
}

/// The independent members a group of `n` counts as under clustering with design effect
/// `deff` (`n / deff`, whole and at least one; `n` itself without clustering).
#[inline]
pub fn effective_size(n: f64, deff: f64) -> f64 {
    if deff > 1.0 {
        (n / deff).round().max(1.0)
    } else {
        n
    }
}

/// Variance of one outcome with this mean.
pub fn variance(kind: MetricKind, mean: f64, sd: f64) -> f64 {
    match kind {
        MetricKind::Binary => mean * (1.0 - mean),
        MetricKind::Count => mean,
        MetricKind::Continuous => sd * sd,
        MetricKind::Cohort => (sd * mean).powi(2),
    }
}
