//! What to distrust in a result: each warning has a stable code for scripts and a message
//! that says what it means and what to do about it.

use std::fmt;

use serde::Serialize;

/// The kinds of warning a run gives; JSON carries each as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// `--precision` was not reached within `--max-trials`.
    PrecisionNotReached,
    /// A cap cuts the payments in most trials: it, not the results, sets what is paid.
    CapBindsMostly,
    /// A tranche's IRR has no root or several in some trials.
    IrrUndefined,
    /// A payer's cost per true outcome on a metric is undefined: no true improvement is
    /// expected on it.
    CostPerOutcomeUndefined,
    /// A tranche's mean cash flows have no IRR or several.
    PooledIrrUndefined,
    /// A cost per true outcome whose standard error is more than half of it.
    CostPerOutcomeImprecise,
    /// A trigger sits within measurement noise of the expected effect.
    TriggerWithinNoise,
    /// In some trials a payment would fall after the deal's last period and is not paid.
    PaymentAfterHorizon,
}

impl Code {
    /// Every code, in the order the README lists them.
    pub const ALL: [Code; 8] = [
        Code::PrecisionNotReached,
        Code::CapBindsMostly,
        Code::IrrUndefined,
        Code::CostPerOutcomeUndefined,
        Code::PooledIrrUndefined,
        Code::CostPerOutcomeImprecise,
        Code::TriggerWithinNoise,
        Code::PaymentAfterHorizon,
    ];

    /// The code as JSON writes it.
    pub fn name(self) -> &'static str {
        match self {
            Code::PrecisionNotReached => "precision_not_reached",
            Code::CapBindsMostly => "cap_binds_mostly",
            Code::IrrUndefined => "irr_undefined",
            Code::CostPerOutcomeUndefined => "cost_per_outcome_undefined",
            Code::PooledIrrUndefined => "pooled_irr_undefined",
            Code::CostPerOutcomeImprecise => "cost_per_outcome_imprecise",
            Code::TriggerWithinNoise => "trigger_within_noise",
            Code::PaymentAfterHorizon => "payment_after_horizon",
        }
    }
}

/// One warning about a result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub code: Code,
    /// What it means and what to do, in a sentence.
    pub message: String,
}

impl Warning {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Warning {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_carries_the_code_by_its_name() {
        for code in Code::ALL {
            let json = serde_json::to_value(Warning::new(code, "m")).unwrap();
            assert_eq!(json["code"], code.name());
            assert_eq!(json["message"], "m");
        }
    }
}
