//! What to distrust in a result: each warning has a stable code for scripts and a message
//! that says what it means and what to do about it.

use std::fmt;

use serde::Serialize;

use crate::i18n::{Arg, Locale};

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

/// A value a warning's message shows, formatted in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Names and other text, shown as is.
    Text(String),
    /// A share shown as a percentage with this many decimals.
    Percent(f64, usize),
    /// An amount, whole.
    Money(f64),
    /// A number as a person writes it.
    Number(f64),
    /// A number with this many decimals.
    Fixed(f64, usize),
    /// A number in scientific notation with two decimals (standard errors).
    Scientific(f64),
    /// Another message, with its own variables, in the same language.
    Phrase(&'static str, Vec<(&'static str, Value)>),
}

impl Value {
    /// The value as the locale writes it.
    pub fn show(&self, loc: &Locale) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Percent(x, d) => loc.fixed(100.0 * x, *d),
            Value::Money(x) => loc.money(*x),
            Value::Number(x) => loc.num(*x),
            Value::Fixed(x, d) => loc.fixed(*x, *d),
            Value::Scientific(x) => format!("{x:.2e}").replace('.', &loc.decimal().to_string()),
            Value::Phrase(id, args) => loc.tr(id, &shown(args, loc)),
        }
    }
}

/// One warning about a result: its code, the message's variables, and the message in
/// English (what JSON carries).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub code: Code,
    /// What it means and what to do, in a sentence, in English.
    pub message: String,
    /// The message's variables, for other languages.
    #[serde(skip)]
    pub args: Vec<(&'static str, Value)>,
}

impl Warning {
    /// A warning whose message is the message `warning-<code>` (with dashes) of
    /// `locales/*/warnings.ftl`, filled with `args`.
    pub fn new(code: Code, args: Vec<(&'static str, Value)>) -> Self {
        let mut w = Warning {
            code,
            message: String::new(),
            args,
        };
        w.message = w.text(Locale::english());
        w
    }

    /// The message in a language.
    pub fn text(&self, loc: &Locale) -> String {
        let id = format!("warning-{}", self.code.name().replace('_', "-"));
        loc.tr(&id, &shown(&self.args, loc))
    }
}

/// Variables as a language writes them.
fn shown<'a>(args: &[(&'static str, Value)], loc: &Locale) -> Vec<(&'a str, Arg<'a>)> {
    args.iter()
        .map(|(name, v)| (*name, Arg::from(v.show(loc))))
        .collect()
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn json_carries_the_code_by_its_name() {
        for code in Code::ALL {
            let w = Warning {
                code,
                message: "m".into(),
                args: vec![("x", Value::Number(1.0))],
            };
            let json = serde_json::to_value(&w).unwrap();
            assert_eq!(json["code"], code.name());
            assert_eq!(json["message"], w.message);
            assert_eq!(json.as_object().unwrap().len(), 2);
        }
    }

    #[test]
    fn every_code_has_a_message_in_every_language() {
        for code in Code::ALL {
            let id = format!("warning-{}", code.name().replace('_', "-"));
            for lang in Lang::ALL {
                assert!(Locale::of(lang).has(&id), "{lang:?} {id}");
            }
        }
    }
}
