//! An observed-outcomes file (observed/*.toml): what actually happened under a contract,
//! for `sibyl settle`.

use schemars::JsonSchema;
use serde::Deserialize;

use super::Sp;
use super::contract::Table;

/// What happened: enrolment per cohort, measured results per metric and cohort, and when.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObservedFile {
    /// About this record.
    pub observed: Option<Sp<super::FileInfo>>,
    /// Enrolment per cohort, keyed by the contract's cohort ids.
    #[serde(default)]
    pub cohorts: Table<CohortObserved>,
    /// Measured results, keyed by metric id, then by cohort id.
    #[serde(default)]
    pub results: Table<Table<ResultObserved>>,
    /// The payer's avoided cost per outcome improved, by metric id (for savings shares that
    /// take it from the world).
    #[serde(default)]
    pub savings: indexmap::IndexMap<super::contract::Id, Sp<f64>>,
    /// Annual inflation over the history (0.02: prices rose 2% a year), for contracts
    /// whose amounts are indexed, for costs and for avoided costs (`savings` are then in
    /// period-0 money).
    #[schemars(range(min = -0.5, max = 1.0))]
    pub inflation: Option<Sp<f64>>,
    /// Relative overrun of service costs (0.1: 10% over budget).
    #[schemars(extend("exclusiveMinimum" = -1.0, "maximum" = 5.0))]
    pub overrun: Option<Sp<f64>>,
    /// Period in which the payer ended the contract, if it did.
    pub terminated_at: Option<Sp<u32>>,
    /// The last period of a history that stops before the deal ends (a deal still running):
    /// money is settled up to this period, and results due later are left out.
    pub as_of: Option<Sp<u32>>,
}

/// Enrolment of one cohort.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CohortObserved {
    /// Participants enrolled in total, spread over the enrolment window as the contract
    /// sets it (or use `enrolled_by_period`).
    pub enrolled: Option<Sp<f64>>,
    /// Participants enrolled in each period of the window, from its first period.
    pub enrolled_by_period: Option<Sp<Vec<Sp<f64>>>>,
    /// Periods by which enrolment started late.
    pub delay: Option<Sp<u32>>,
}

/// One cohort's measured result on one metric. Give the treated group's result as a
/// `treated_count` (successes or events) or a `treated_rate` (per participant; a mean score
/// for continuous metrics; the figure for cohort-level metrics), and the counterfactual as a
/// `counterfactual_count` or `counterfactual_rate` (default: the contract's historical
/// baseline); or give the measured `effect` and the counterfactual.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultObserved {
    /// Participants whose outcome was measured (default: those enrolled in the cohort).
    pub measured: Option<Sp<f64>>,
    pub treated_count: Option<Sp<f64>>,
    pub treated_rate: Option<Sp<f64>>,
    /// The comparison or control group's size (default: the contract's).
    pub counterfactual_size: Option<Sp<f64>>,
    pub counterfactual_count: Option<Sp<f64>>,
    pub counterfactual_rate: Option<Sp<f64>>,
    /// The measured effect: relative (0.084 is 8.4% better) unless `effect_scale` says absolute.
    pub effect: Option<Sp<f64>>,
    pub effect_scale: Option<Sp<super::contract::EffectScale>>,
    /// For a trend-adjusted historical baseline: the system-wide trend measured over the
    /// cohort's period (-0.05: 5% lower); the counterfactual is then the baseline times
    /// (1 + trend).
    pub trend: Option<Sp<f64>>,
    /// The period the result was validated, if not when the contract schedules it.
    pub validated_at: Option<Sp<u32>>,
    /// A pathway stage: people who reached it in each period, from period 0.
    pub claims_by_period: Option<Sp<Vec<Sp<f64>>>>,
    /// A pathway stage: the period in which the `treated_count` people reached it (when
    /// only a total is known).
    pub claimed_at: Option<Sp<u32>>,
}
