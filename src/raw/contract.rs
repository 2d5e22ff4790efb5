//! A contract file (contracts/*.toml): what the parties signed.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use super::Sp;
pub use crate::choices::{
    Compensation, Direction, Drawdown, EffectScale, Excess, GuaranteeKind, Indexation, MetricKind,
    Period, Role, Scope, TrancheKind,
};

/// Ids of parties, cohorts, metrics, rules, tranches: the table keys of the file.
pub type Id = Sp<String>;
pub type Table<T> = IndexMap<Id, Sp<T>>;

/// An outcome-based contract: the deal, its parties, participants, outcome metrics,
/// payment rules, caps, financing and termination terms.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractFile {
    /// The deal: name, currency, time step and horizon.
    pub deal: Option<Sp<Deal>>,
    /// The parties, keyed by id (letters, digits, `_` and `-`), each with its role.
    #[serde(default)]
    pub parties: Table<Party>,
    /// Groups of participants enrolled together, keyed by id.
    #[serde(default)]
    pub cohorts: Table<Cohort>,
    /// Costs of running the programme that do not scale with participants.
    pub costs: Option<Sp<Costs>>,
    /// Outcome metrics: what is measured, when, and against which counterfactual.
    #[serde(default)]
    pub metrics: Table<Metric>,
    /// Payment rules: what the outcome payers pay for which measured results.
    #[serde(default)]
    pub rules: Table<Rule>,
    /// Caps on outcome payments across rules: whole deal, per budget year, per payer, per metric.
    pub caps: Option<Sp<Caps>>,
    /// How the vehicle draws capital, pays fees and shares money above the return caps.
    pub financing: Option<Sp<Financing>>,
    /// Investment tranches, keyed by id, paid in seniority order.
    #[serde(default)]
    pub tranches: Table<Tranche>,
    /// Guarantees on tranches: first-loss cover or capital protection.
    #[serde(default)]
    pub guarantees: Table<Guarantee>,
    /// What happens if the outcome payer ends the contract early.
    pub termination: Option<Sp<Termination>>,
    /// The payers' budgets for outcome payments, keyed by payer id: what a finance officer
    /// set aside per budget year (not a cap: payments are not cut, but how often and by
    /// how much they exceed it is reported).
    #[serde(default)]
    pub budgets: Table<Budget>,
}

/// A payer's budget for outcome payments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// The budget of every budget year not listed in `years`.
    pub per_year: Option<Sp<f64>>,
    /// Budgets of particular budget years, keyed by the year's label as results name it:
    /// its starting calendar year with a start date (`2012`), else `y1`, `y2`...
    #[serde(default)]
    pub years: IndexMap<Id, Sp<f64>>,
}

/// The deal as a whole.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deal {
    /// The deal's name, as used in reports.
    pub name: Option<Sp<String>>,
    /// ISO 4217 currency code of every amount in the file, e.g. "GBP".
    pub currency: Option<Sp<String>>,
    /// The time step every period count in the file is measured in.
    pub period: Option<Sp<Period>>,
    /// Length of the deal in periods: every payment falls in periods 0 .. horizon-1.
    pub horizon: Option<Sp<u32>>,
    /// Calendar date of period 0 (a TOML date, e.g. 2010-09-01).
    #[schemars(with = "Option<String>")]
    pub start: Option<Sp<toml::value::Datetime>>,
    /// Month (1-12) in which the payers' budget year starts; default January.
    pub fiscal_year_start: Option<Sp<u32>>,
    /// Which amounts rise with the scenario's inflation (default `none`: fixed in cash).
    pub indexation: Option<Sp<Indexation>>,
    /// A paragraph describing the deal.
    pub description: Option<Sp<String>>,
    /// Public sources of the terms.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
}

/// A party to the deal.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// What the party does in the deal.
    pub role: Option<Sp<Role>>,
    /// Display name, e.g. "Ministry of Justice".
    pub name: Option<Sp<String>>,
    /// Annual rate at which a payer discounts its payments (default 0.035).
    #[schemars(range(min = -0.99, max = 1.0))]
    pub discount_rate: Option<Sp<f64>>,
}

/// A cohort: participants enrolled over a window of periods.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    /// Target number of participants.
    pub target: Option<Sp<u32>>,
    /// First enrolment period.
    pub enrol_from: Option<Sp<u32>>,
    /// Last enrolment period (inclusive); default: `enrol_from`.
    pub enrol_to: Option<Sp<u32>>,
    /// Most participants the provider can enrol in one period.
    pub capacity: Option<Sp<u32>>,
    /// Service cost per participant, paid when the participant enrols.
    pub cost_per_participant: Option<Sp<f64>>,
    /// Service cost per participant for each period in service.
    pub cost_per_participant_period: Option<Sp<f64>>,
    /// Periods each participant is in service (default 1).
    pub service_periods: Option<Sp<u32>>,
}

/// Programme costs that do not scale with participants.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    /// One-off set-up cost in period 0.
    pub setup: Option<Sp<f64>>,
    /// Fixed running cost in each period from `fixed_from` to `fixed_to`.
    pub fixed_per_period: Option<Sp<f64>>,
    /// First period of fixed running costs (default 0).
    pub fixed_from: Option<Sp<u32>>,
    /// Last period of fixed running costs (default: the last period any participant is in service).
    pub fixed_to: Option<Sp<u32>>,
}

/// An outcome metric.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// What kind of quantity is measured.
    pub kind: Option<Sp<MetricKind>>,
    /// Whether success means the metric goes up or down.
    pub direction: Option<Sp<Direction>>,
    /// What one unit is, in words ("reconviction events", "ASER levels").
    pub unit: Option<Sp<String>>,
    /// Cohorts the metric is measured on (default: all).
    pub cohorts: Option<Sp<Vec<Sp<String>>>>,
    /// Periods after enrolment at which the outcome is measured.
    pub measured_at: Option<Sp<u32>>,
    /// How the counterfactual is established.
    pub measurement: Option<Sp<Design>>,
    /// Historical baseline: the contracted counterfactual rate (or mean, or cohort level).
    pub baseline: Option<Sp<f64>>,
    /// Historical baseline: move the baseline with the system-wide trend measured over the
    /// same period (the counterfactual is `baseline × (1 + trend)`); default false.
    pub trend_adjusted: Option<Sp<bool>>,
    /// Matched comparison group: people in the comparison group per cohort.
    pub comparison_size: Option<Sp<u32>>,
    /// Randomised control trial: people in the control group per cohort.
    pub control_size: Option<Sp<u32>>,
    /// Variance inflation from clustering (cluster RCTs, matched clusters); default 1.
    pub design_effect: Option<Sp<f64>>,
    /// Randomised control trial: pay on the point estimate, or only if the effect is significant.
    pub pay_on: Option<Sp<PayOn>>,
    /// One-sided significance level when paying only on significant effects (default 0.05).
    pub alpha: Option<Sp<f64>>,
    /// Periods between measurement and validated result (default 0).
    pub validation_lag: Option<Sp<u32>>,
    /// The evaluator who validates the result (a party id).
    pub validator: Option<Sp<String>>,
    /// Makes the metric a stage of an outcome pathway, claimed person by person when reached:
    /// `"start"` (reached from enrolment) or the stage it follows.
    pub after: Option<Sp<String>>,
    /// A pathway stage reachable from any of these earlier stages (of one chain).
    pub after_any: Option<Sp<Vec<Sp<String>>>>,
    /// A pathway stage: the least number of periods between the stage before (or enrolment)
    /// and this one (default 0).
    pub wait: Option<Sp<u32>>,
    /// A pathway stage: how many times a person may reach it in all (default 1, at most
    /// 12). Each repeat follows the achievement before it after the same `wait`, and each
    /// achievement is a claim at the stage's price.
    #[schemars(extend("minimum" = 1, "maximum" = 12))]
    pub repeat: Option<Sp<u32>>,
}

/// How the counterfactual is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Design {
    /// No counterfactual: outcomes achieved are paid (and so is deadweight).
    None,
    /// Against a baseline fixed in the contract (`baseline`).
    Historical,
    /// Against a matched comparison group (`comparison_size`).
    Comparison,
    /// Against a randomised control group (`control_size`).
    Rct,
}

/// When a randomised trial's result pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PayOn {
    /// Pay on the measured effect, whatever its significance.
    PointEstimate,
    /// Pay only if the effect is significant at `alpha` (one-sided).
    Significant,
}

/// A payment rule.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// How the payment is computed.
    #[serde(rename = "type")]
    pub kind: Option<Sp<RuleKind>>,
    /// A sentence describing the rule.
    pub description: Option<Sp<String>>,
    /// The metric the rule pays on (every type but a multi-metric `rate_card`).
    pub metric: Option<Sp<String>>,
    /// Price per outcome (rate_card), per unit of improvement (per_improvement, threshold,
    /// tiers) or per unit of effect (per_effect).
    pub price: Option<Sp<f64>>,
    /// Rate card over several metrics: metric id = price per outcome.
    pub prices: Option<Sp<IndexMap<Id, Sp<f64>>>>,
    /// The payer (a party id); or use `payers` to share the payment.
    pub payer: Option<Sp<String>>,
    /// Several payers sharing each payment in fixed shares that sum to 1: payer id = share.
    pub payers: Option<Sp<IndexMap<Id, Sp<f64>>>>,
    /// Test and pay each cohort on its own, or all cohorts pooled.
    pub scope: Option<Sp<Scope>>,
    /// Cohorts the rule covers (default: all the metric's cohorts).
    pub cohorts: Option<Sp<Vec<Sp<String>>>>,
    /// Whether thresholds and tiers read the relative effect (share of the counterfactual)
    /// or the absolute one (metric units); default relative, absolute for continuous metrics.
    pub effect: Option<Sp<EffectScale>>,
    /// Threshold rule: the measured effect at or above which the rule pays.
    pub threshold: Option<Sp<f64>>,
    /// Threshold rule: a fixed sum paid when the threshold is met (else use `price`).
    pub lump_sum: Option<Sp<f64>>,
    /// Tiers rule: rows of (measured effect at least, payment or price), in increasing order.
    pub tiers: Option<Sp<Vec<Sp<Tier>>>>,
    /// Savings share: share of the avoided cost paid.
    #[schemars(extend("exclusiveMinimum" = 0.0, "maximum" = 1.0))]
    pub share: Option<Sp<f64>>,
    /// Savings share: share paid once the tranches in `after_repaid` are repaid.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub share_after: Option<Sp<f64>>,
    /// Savings share: tranches whose repayment (principal and coupon) switches the share.
    pub after_repaid: Option<Sp<Vec<Sp<String>>>>,
    /// Savings share: contracted avoided cost per outcome (else the scenario's savings).
    pub value_per_outcome: Option<Sp<f64>>,
    /// Savings share: tranches paid what the rule pays once switched (`share_after`), as
    /// success fees beyond their repayment, pro rata to their amounts (else that money goes
    /// down the waterfall).
    pub success_fees_to: Option<Sp<Vec<Sp<String>>>>,
    /// Cohorts already paid by these rules are not paid again (Peterborough's pooled trigger).
    pub unless_paid_by: Option<Sp<Vec<Sp<String>>>>,
    /// Pooled scope: period of the pooled test (default: when the last cohort's result is validated).
    pub at: Option<Sp<u32>>,
    /// Periods from validated result to payment (default 0).
    pub payment_lag: Option<Sp<u32>>,
    /// Most this rule pays in total.
    pub cap: Option<Sp<f64>>,
    /// Most this rule pays for one cohort.
    pub cap_per_cohort: Option<Sp<f64>>,
    /// Most this rule pays for one participant.
    pub cap_per_participant: Option<Sp<f64>>,
    /// A rate card of pathway stages: the last period in which people reaching a stage
    /// can be claimed for (later ones are not paid).
    pub last_claim: Option<Sp<u32>>,
}

/// How a rule computes its payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// A price per outcome achieved (`price` and `metric`, or `prices`).
    RateCard,
    /// A price per outcome improved on the counterfactual (per reconviction avoided).
    PerImprovement,
    /// A price per unit of measured effect (per percentage point, per standard deviation).
    PerEffect,
    /// Nothing below `threshold`; then `lump_sum`, or `price` per unit of improvement.
    Threshold,
    /// A table from measured effect to payment or price (`tiers`).
    Tiers,
    /// A share of the payer's avoided cost (`share`, optionally `share_after`).
    SavingsShare,
}

/// One row of a tiers table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The row applies when the measured effect is at least this.
    pub at_least: Option<Sp<f64>>,
    /// A fixed payment for this tier.
    pub pay: Option<Sp<f64>>,
    /// Or a price per unit of improvement for this tier.
    pub price: Option<Sp<f64>>,
}

/// Caps on outcome payments across rules.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Caps {
    /// Most the whole deal pays.
    pub deal: Option<Sp<f64>>,
    /// Most the deal pays in one budget year.
    pub per_year: Option<Sp<f64>>,
    /// Caps per payer, keyed by payer id.
    #[serde(default)]
    pub payers: Table<PayerCap>,
    /// Most paid for one metric, keyed by metric id.
    #[serde(default)]
    pub metrics: IndexMap<Id, Sp<f64>>,
}

/// Caps on one payer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PayerCap {
    /// Most the payer pays in total.
    pub total: Option<Sp<f64>>,
    /// Most the payer pays in one budget year.
    pub per_year: Option<Sp<f64>>,
}

/// How the vehicle is financed and where money goes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Financing {
    /// Draw all capital up front, or as costs fall due.
    pub drawdown: Option<Sp<Drawdown>>,
    /// Use outcome payments received before the end to fund costs instead of drawing more capital.
    pub recycle: Option<Sp<bool>>,
    /// Where money above the tranches' return caps goes.
    pub excess: Option<Sp<Excess>>,
    /// With `excess = "shared"`: the provider's share (the payer keeps the rest).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub excess_provider_share: Option<Sp<f64>>,
    /// The provider who receives service fees and any bonus (default: the only provider).
    pub provider: Option<Sp<String>>,
    /// The intermediary who receives fees (default: the only intermediary).
    pub fee_to: Option<Sp<String>>,
    /// Arrangement fee paid to the intermediary in period 0.
    pub arrangement_fee: Option<Sp<f64>>,
    /// Management fee paid to the intermediary each period the deal runs.
    pub management_fee_per_period: Option<Sp<f64>>,
    /// Modified IRR: annual rate at which the money the investors put in is discounted
    /// (their cost of funds; default 0).
    #[schemars(range(min = -0.99, max = 1.0))]
    pub mirr_finance_rate: Option<Sp<f64>>,
    /// Modified IRR: annual rate at which the money they receive is reinvested until the
    /// tranche's last flow (default 0).
    #[schemars(range(min = -0.99, max = 1.0))]
    pub mirr_reinvestment_rate: Option<Sp<f64>>,
}

/// An investment tranche.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tranche {
    /// What kind of capital it is.
    #[serde(rename = "type")]
    pub kind: Option<Sp<TrancheKind>>,
    /// The party who provides it (an investor, or the provider for deferred fees).
    pub investor: Option<Sp<String>>,
    /// Amount committed.
    pub amount: Option<Sp<f64>>,
    /// Rank in the waterfall: 1 is paid first; equal ranks share pro rata (default: file order).
    pub seniority: Option<Sp<u32>>,
    /// Annual coupon, compounded each period, on loans and deferred fees.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub coupon: Option<Sp<f64>>,
    /// Return cap: the most the tranche earns, as an annual IRR.
    #[schemars(range(min = -0.99, max = 1.0))]
    pub max_irr: Option<Sp<f64>>,
    /// Return cap: the most the tranche receives, as a multiple of what it put in.
    #[schemars(range(min = 1.0))]
    pub max_multiple: Option<Sp<f64>>,
}

/// A guarantee on a tranche.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guarantee {
    /// What the guarantee covers.
    #[serde(rename = "type")]
    pub kind: Option<Sp<GuaranteeKind>>,
    /// Who pays out (a party id).
    pub guarantor: Option<Sp<String>>,
    /// The tranche covered.
    pub tranche: Option<Sp<String>>,
    /// Most the guarantor pays.
    pub limit: Option<Sp<f64>>,
    /// Capital protection: the share of principal protected.
    #[schemars(extend("exclusiveMinimum" = 0.0, "maximum" = 1.0))]
    pub share: Option<Sp<f64>>,
}

/// Early termination by the payer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Termination {
    /// Earliest period from which the payer may end the contract (default 1).
    pub from: Option<Sp<u32>>,
    /// Whether outcomes of participants already enrolled are still measured and paid (default true).
    pub pay_enrolled: Option<Sp<bool>>,
    /// What the payer pays investors on termination.
    pub compensation: Option<Sp<Compensation>>,
    /// `fixed` compensation: the amount.
    pub amount: Option<Sp<f64>>,
    /// `outstanding_principal` compensation: the share of unrepaid principal paid (default 1).
    #[schemars(extend("exclusiveMinimum" = 0.0, "maximum" = 1.0))]
    pub share: Option<Sp<f64>>,
    /// The payer who compensates (default: the only payer).
    pub payer: Option<Sp<String>>,
    /// End the contract when an interim measured result falls below a level.
    pub on_result: Option<Sp<OnResult>>,
}

/// Termination on results: the measured effect at an evaluation, below which the payer
/// ends the contract.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnResult {
    /// The metric whose measured effect is read.
    pub metric: Option<Sp<String>>,
    /// Period of the evaluation; a result it reads that is validated later moves it later.
    pub at: Option<Sp<u32>>,
    /// Cohorts whose results the evaluation pools (default: the metric's cohorts whose
    /// results are due by `at`).
    pub cohorts: Option<Sp<Vec<Sp<String>>>>,
    /// The contract ends when the measured effect is below this.
    pub below: Option<Sp<f64>>,
    /// Whether `below` is a relative effect (share of the counterfactual) or an absolute
    /// one (metric units); default relative, absolute for continuous metrics.
    pub effect: Option<Sp<EffectScale>>,
    /// Whether the payer must end the contract (default true), or only may (the scenario's
    /// `[termination] exercise` gives how likely it does).
    pub must: Option<Sp<bool>>,
}
