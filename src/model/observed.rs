//! A validated history of one contract: who enrolled when, what was measured, when each
//! result was validated. `world::observed` turns it into the world that
//! settlement reads.

/// What happened, as the observed-outcomes file records it, checked against the contract.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub name: String,
    pub description: Option<String>,
    pub sources: Vec<String>,
    /// The last period of the history, when it stops before the deal ends.
    pub as_of: Option<u32>,
    /// `[cohort * horizon + period]`: participants enrolled.
    pub enrolled: Vec<f64>,
    /// Per cohort: periods by which its enrolment started late.
    pub delay: Vec<u32>,
    /// `[metric * cohorts + cohort]`: the measured result, if one is recorded.
    pub results: Vec<Option<ObservedResult>>,
    /// `[metric * cohorts + cohort]`: periods by which a result was validated later than
    /// scheduled.
    pub validation_delay: Vec<u32>,
    /// Period in which the payer ended the contract, if it did.
    pub terminated_at: Option<u32>,
    /// Relative cost overrun (0.1 = 10% over budget).
    pub overrun: f64,
    /// Annual inflation.
    pub inflation: f64,
    /// Per metric: the payer's avoided cost per outcome improved (0 when not given).
    pub savings: Vec<f64>,
    /// `[metric * cohorts + cohort]`: where the file records the result (its
    /// `validated_at`, else its table), as a byte range, for messages about it.
    pub result_spans: Vec<Option<std::ops::Range<usize>>>,
    /// Pathway stages, `[(metric * cohorts + cohort) * horizon + period]`: people who
    /// reached the stage in the period (empty when the contract has no pathway).
    pub claims: Vec<f64>,
}

/// One cohort's measured result on one metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObservedResult {
    /// Participants measured (1 for a cohort-level figure).
    pub n_treated: f64,
    /// Mean outcome per treated participant (a rate, events, a score, or the cohort's figure).
    pub treated_mean: f64,
    /// Size of the comparison or control group (0 without one).
    pub n_counterfactual: f64,
    /// The counterfactual measured against (baseline, comparison or control mean).
    pub counterfactual_mean: f64,
}

impl History {
    /// An empty history shaped for a contract of `cohorts`, `metrics` and `horizon`.
    pub fn empty(horizon: usize, cohorts: usize, metrics: usize) -> Self {
        Self {
            name: String::new(),
            description: None,
            sources: Vec::new(),
            as_of: None,
            enrolled: vec![0.0; cohorts * horizon],
            delay: vec![0; cohorts],
            results: vec![None; metrics * cohorts],
            validation_delay: vec![0; metrics * cohorts],
            terminated_at: None,
            overrun: 0.0,
            inflation: 0.0,
            savings: vec![0.0; metrics],
            result_spans: vec![None; metrics * cohorts],
            claims: Vec::new(),
        }
    }

    /// Participants enrolled in cohort `k` over the whole history.
    pub fn enrolled_total(&self, k: usize, horizon: usize) -> f64 {
        self.enrolled[k * horizon..(k + 1) * horizon].iter().sum()
    }
}
