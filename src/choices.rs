//! The closed sets of choices a file can make: the time step, a party's role, a metric's
//! kind and direction, how a rule pools cohorts, what a tranche is. The file types
//! (`raw`) read them and the validated model (`model`) keeps them as they
//! are, so both share this one definition; it depends on nothing else of sibyl's.

use schemars::JsonSchema;
use serde::Deserialize;

/// The time step of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Periods are months.
    Month,
    /// Periods are quarters (three months).
    Quarter,
    /// Periods are years.
    Year,
}

impl Period {
    pub fn per_year(self) -> u32 {
        match self {
            Period::Month => 12,
            Period::Quarter => 4,
            Period::Year => 1,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

/// Which of the contract's amounts rise with inflation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Indexation {
    /// Every amount is fixed in cash.
    #[default]
    None,
    /// Outcome prices, lump sums, tier payments and values per outcome rise with prices
    /// from period 0; caps stay fixed in cash.
    Prices,
    /// Prices as above, and every cap is in period-0 money: a payment counts against it at
    /// its value deflated to period 0.
    PricesAndCaps,
}

impl Indexation {
    pub fn prices(self) -> bool {
        self != Indexation::None
    }

    pub fn caps(self) -> bool {
        self == Indexation::PricesAndCaps
    }

    pub fn word(self) -> &'static str {
        match self {
            Indexation::None => "none",
            Indexation::Prices => "prices",
            Indexation::PricesAndCaps => "prices_and_caps",
        }
    }
}

/// A party's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Pays for verified outcomes (a ministry, a city, a fund, a donor).
    Payer,
    /// Provides capital through one or more tranches.
    Investor,
    /// Delivers the service to participants.
    Provider,
    /// Arranges the deal and runs the vehicle; may take fees.
    Intermediary,
    /// Covers some of a tranche's losses.
    Guarantor,
    /// Measures and validates the outcomes.
    Evaluator,
}

impl Role {
    /// The word a file uses for it.
    pub fn word(self) -> &'static str {
        match self {
            Role::Payer => "payer",
            Role::Investor => "investor",
            Role::Provider => "provider",
            Role::Intermediary => "intermediary",
            Role::Guarantor => "guarantor",
            Role::Evaluator => "evaluator",
        }
    }
}

/// What kind of quantity a metric is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// Each participant achieves it or not (employed at 26 weeks).
    Binary,
    /// Events per participant (reconviction events, jail bed days).
    Count,
    /// A score per participant (test points, or standard-deviation units).
    Continuous,
    /// One figure for the whole cohort (days in care).
    Cohort,
}

/// Which way is success.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better (jobs, learning).
    Increase,
    /// Less is better (reconvictions, days in care).
    Reduce,
}

/// Whether a rule tests cohorts one by one or pooled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Each cohort is tested and paid when its own result is validated.
    PerCohort,
    /// All covered cohorts are tested together once.
    Pooled,
}

/// How an effect is expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EffectScale {
    /// As a share of the counterfactual: 0.10 is a 10% improvement.
    Relative,
    /// In metric units: 0.2 points, 0.2 standard deviations, 0.05 of probability.
    Absolute,
}

/// What a pathway stage's effect changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EffectOn {
    /// The share of people at the stage before who go on to reach it.
    #[default]
    Reach,
    /// The mean delay before they reach it (a relative effect of 0.2 shortens it by 20%;
    /// an absolute one by that many periods).
    Delay,
    /// The chance each period of reaching it, with `hazard` (a relative effect of 0.2
    /// raises it by 20%; an absolute one by that much probability); the default with
    /// `hazard`.
    Hazard,
}

/// When capital is drawn from the tranches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Drawdown {
    /// Every tranche is drawn in full in period 0.
    Upfront,
    /// Capital is drawn pro rata to commitments as costs fall due.
    AsNeeded,
}

/// Where money above the return caps goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Excess {
    /// Not paid: the payer keeps it.
    Payer,
    /// Paid to the provider as a bonus.
    Provider,
    /// Split: `excess_provider_share` to the provider, the rest kept by the payer.
    Shared,
}

/// Kinds of capital.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrancheKind {
    /// Paid first: principal then coupon.
    SeniorLoan,
    /// Subordinated loan: paid after the senior ranks.
    JuniorLoan,
    /// Equity-like residual: what is left after the loans, up to its return cap.
    Equity,
    /// A grant repaid only if outcome payments allow, with no return.
    RecoverableGrant,
    /// The provider's own fees, deferred and at risk.
    DeferredFees,
}

impl TrancheKind {
    /// The word a file uses for it.
    pub fn word(self) -> &'static str {
        match self {
            TrancheKind::SeniorLoan => "senior_loan",
            TrancheKind::JuniorLoan => "junior_loan",
            TrancheKind::Equity => "equity",
            TrancheKind::RecoverableGrant => "recoverable_grant",
            TrancheKind::DeferredFees => "deferred_fees",
        }
    }
}

/// Kinds of guarantee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GuaranteeKind {
    /// Covers the tranche's first losses up to `limit`.
    FirstLoss,
    /// Tops the tranche up to `share` of its principal (up to `limit`, if given).
    CapitalProtection,
}

/// Compensation on early termination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Compensation {
    /// Nothing beyond outcomes already due.
    None,
    /// A share of the principal investors have not yet recovered.
    OutstandingPrincipal,
    /// A fixed sum (`amount`).
    Fixed,
}

/// Noise on realised referrals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferralNoise {
    /// Realised referrals are Poisson around the expected number.
    Poisson,
    /// Exactly the expected number.
    None,
}

/// How the `referrals` binding is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferralsAs {
    /// A multiple of the cohort's target (1 = on target).
    Multiplier,
    /// A number of people referred over the enrolment window.
    Volume,
}

/// What kind of uncertainty an assumption stands for (`run --split-uncertainty` draws the
/// two kinds in separate loops).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Uncertainty {
    /// An unknown about the world, the same for the whole deal (the true effect, the
    /// baseline, the comparison group's bias): more evidence would narrow it. The default.
    #[default]
    Parameter,
    /// Chance that varies from one realisation of the deal to another even when the world
    /// is known (measurement noise, the luck of one cohort): no evidence would narrow it.
    Chance,
}

impl Uncertainty {
    pub fn word(self) -> &'static str {
        match self {
            Uncertainty::Parameter => "parameter",
            Uncertainty::Chance => "chance",
        }
    }
}
