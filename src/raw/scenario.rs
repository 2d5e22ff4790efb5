//! A scenario file (scenarios/*.toml): what the world might do.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use super::Sp;
use super::contract::{Id, Table};
pub use crate::choices::{EffectOn, EffectScale, ReferralNoise, ReferralsAs, Uncertainty};

/// Uncertain assumptions about the world, their correlations, how they bind to a contract's
/// quantities, and named stress presets.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Name, description and sources of the scenario.
    pub scenario: Option<Sp<super::FileInfo>>,
    /// Named uncertain assumptions, each with a distribution.
    #[serde(default)]
    pub assumptions: Table<Assumption>,
    /// Correlations among assumptions (Gaussian copula).
    pub correlation: Option<Sp<Correlation>>,
    /// The world per outcome metric of the contract, keyed by metric id.
    #[serde(default)]
    pub metrics: Table<MetricWorld>,
    /// Referrals, drop-out and delay for every cohort (overridden per cohort in `cohorts`).
    pub participants: Option<Sp<CohortWorld>>,
    /// Referrals, drop-out and delay per cohort, keyed by cohort id.
    #[serde(default)]
    pub cohorts: Table<CohortWorld>,
    /// Cost overrun.
    pub costs: Option<Sp<CostWorld>>,
    /// The chance the payer ends the contract early.
    pub termination: Option<Sp<TerminationWorld>>,
    /// Prices: inflation.
    pub economy: Option<Sp<EconomyWorld>>,
    /// Named stress presets: overrides of assumptions.
    #[serde(default)]
    pub stress: Table<Stress>,
}

/// An uncertain assumption: a distribution and its parameters.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    /// The distribution.
    pub dist: Option<Sp<DistKind>>,
    /// fixed: the value.
    pub value: Option<Sp<f64>>,
    /// uniform, truncated_normal, triangular, pert, beta (optional rescaling): lower bound.
    pub min: Option<Sp<f64>>,
    /// uniform, truncated_normal, triangular, pert, beta (optional rescaling): upper bound.
    pub max: Option<Sp<f64>>,
    /// triangular, pert: most likely value.
    pub mode: Option<Sp<f64>>,
    /// normal, truncated_normal: mean; lognormal: mean of the variable.
    pub mean: Option<Sp<f64>>,
    /// normal, truncated_normal: standard deviation; lognormal: standard deviation of the variable.
    pub sd: Option<Sp<f64>>,
    /// lognormal, logit_normal: mean of the underlying normal (log or logit scale).
    pub mu: Option<Sp<f64>>,
    /// lognormal, logit_normal: standard deviation of the underlying normal.
    pub sigma: Option<Sp<f64>>,
    /// logit_normal: the median, instead of `mu`.
    pub median: Option<Sp<f64>>,
    /// beta: first shape parameter.
    pub alpha: Option<Sp<f64>>,
    /// beta: second shape parameter.
    pub beta: Option<Sp<f64>>,
    /// discrete: the possible values.
    pub values: Option<Vec<Sp<f64>>>,
    /// discrete: their weights (need not sum to 1).
    pub weights: Option<Vec<Sp<f64>>>,
    /// What the assumption means and where it comes from.
    pub description: Option<Sp<String>>,
    /// `parameter` (default): an unknown about the world, drawn once per parameter draw by
    /// `run --split-uncertainty`; `chance`: noise drawn afresh in every trial.
    pub uncertainty: Option<Sp<Uncertainty>>,
}

/// Supported distributions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DistKind {
    /// Always `value`.
    Fixed,
    /// Equally likely between `min` and `max`.
    Uniform,
    /// Normal with `mean` and `sd`.
    Normal,
    /// Normal with `mean` and `sd`, kept within `min` .. `max`.
    TruncatedNormal,
    /// Lognormal given by `mean` and `sd` of the variable, or by `mu` and `sigma` of its log.
    Lognormal,
    /// Triangular on `min`, `mode`, `max`.
    Triangular,
    /// PERT (a smooth beta) on `min`, `mode`, `max`.
    Pert,
    /// Beta with shapes `alpha`, `beta`, on 0..1 or rescaled to `min` .. `max`.
    Beta,
    /// A probability whose logit is normal: `mu` (or `median`) and `sigma`.
    LogitNormal,
    /// One of `values` with probabilities proportional to `weights`.
    Discrete,
}

/// Correlations among assumptions, applied with a Gaussian copula.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Correlation {
    /// The correlated assumptions, in the order of the matrix's rows.
    pub assumptions: Option<Vec<Sp<String>>>,
    /// The correlation matrix: symmetric, ones on the diagonal, positive semi-definite.
    pub matrix: Option<Vec<Sp<Vec<Sp<f64>>>>>,
    /// Replace an invalid matrix by the nearest valid one (Higham's method) instead of failing.
    pub repair: Option<Sp<bool>>,
}

/// A number, or the name of an assumption whose draw gives the number.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Binding {
    /// A fixed value.
    Value(f64),
    /// An assumption's name.
    Assumption(String),
}

/// The world of one outcome metric.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricWorld {
    /// Counterfactual level without the programme: a rate (binary), events per participant
    /// (count), a mean score (continuous) or the cohort's figure (cohort).
    pub baseline: Option<Sp<Binding>>,
    /// True effect of the programme; positive is good whatever the metric's direction.
    pub effect: Option<Sp<Binding>>,
    /// Whether `effect` is relative (share of the baseline) or absolute (metric units); default
    /// relative, absolute for continuous metrics.
    pub effect_scale: Option<Sp<EffectScale>>,
    /// Spread between participants of a continuous metric (its standard deviation), or the
    /// coefficient of variation of a cohort-level figure.
    pub sd: Option<Sp<Binding>>,
    /// Relative drift of the true counterfactual away from a historical baseline (0.05: 5% higher).
    #[schemars(extend("exclusiveMinimum" = -1.0, "maximum" = 5.0))]
    pub drift: Option<Sp<Binding>>,
    /// Relative bias of the comparison group against the true counterfactual (selection).
    #[schemars(extend("exclusiveMinimum" = -1.0, "maximum" = 5.0))]
    pub comparison_bias: Option<Sp<Binding>>,
    /// The payer's avoided cost per outcome improved (for net value).
    pub savings: Option<Sp<Binding>>,
    /// A pathway stage: the mean number of periods, beyond the contract's `wait`, between
    /// the stage before and this one (default 0); the extra wait is geometric.
    pub delay: Option<Sp<Binding>>,
    /// A pathway stage: whether the effect raises the share who reach it (`reach`, the
    /// default) or shortens the delay (`delay`), or, with `hazard`, raises the chance each
    /// period (`hazard`, the default then).
    pub effect_on: Option<Sp<EffectOn>>,
    /// A pathway stage, instead of `baseline` and `delay`: the chance each period, after
    /// the contract's `wait`, that a person at the stage before reaches it without the
    /// programme (everyone may reach it; who has not by the deal's end never does).
    #[schemars(extend("minimum" = 0.0, "maximum" = 1.0))]
    pub hazard: Option<Sp<Binding>>,
}

/// Referrals and drop-out of a cohort.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CohortWorld {
    /// Referrals, as a multiplier of the target (default) or as a number of people.
    pub referrals: Option<Sp<Binding>>,
    /// How `referrals` is read.
    pub referrals_as: Option<Sp<ReferralsAs>>,
    /// Random variation of realised referrals around the expected number.
    pub referral_noise: Option<Sp<ReferralNoise>>,
    /// Share of enrolled participants who drop out before their outcome is measured.
    pub dropout: Option<Sp<Binding>>,
    /// Periods by which enrolment starts late.
    pub delay: Option<Sp<Binding>>,
}

/// Cost uncertainty.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostWorld {
    /// Relative overrun of every service and fixed cost (0.1: 10% over budget).
    #[schemars(extend("exclusiveMinimum" = -1.0, "maximum" = 5.0))]
    pub overrun: Option<Sp<Binding>>,
}

/// The economy the deal runs in.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EconomyWorld {
    /// Annual inflation (0.02: prices rise 2% a year). Costs and avoided costs rise with it
    /// from period 0, and the contract's amounts where `[deal] indexation` says so.
    #[schemars(range(min = -0.5, max = 1.0))]
    pub inflation: Option<Sp<Binding>>,
}

/// Policy risk.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TerminationWorld {
    /// Probability per period that the payer ends the contract (from the contract's `from` period).
    pub hazard: Option<Sp<Binding>>,
    /// Probability that a payer who may (but need not) end the contract on a failed interim
    /// result (`on_result` with `must = false` in the contract) does so (default 1).
    pub exercise: Option<Sp<Binding>>,
}

/// A stress preset: assumptions replaced, scaled or shifted.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stress {
    /// What the preset represents.
    pub description: Option<Sp<String>>,
    /// Assumptions given a new distribution.
    #[serde(default)]
    pub assumptions: Table<Assumption>,
    /// Assumptions multiplied by a factor: name = factor.
    #[serde(default)]
    pub scale: IndexMap<Id, Sp<f64>>,
    /// Assumptions shifted by an amount: name = amount.
    #[serde(default)]
    pub shift: IndexMap<Id, Sp<f64>>,
}
