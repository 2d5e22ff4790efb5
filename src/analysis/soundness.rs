//! No figure is reported from a trial whose amounts were not numbers: after an analysis
//! has run its models, each is asked for its first such trial, and one found is an error
//! that names what produced it (see [`crate::engine::Model::non_finite`]).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::engine::{Culprit, Model};

/// The error for the first unsound trial of `model` (in a run with `seed`), if any; `case`
/// names the case or design the model stands for where a command runs several.
pub fn check(model: &Model, seed: u64, case: Option<&str>) -> Result<(), Diagnostics> {
    let Some(nf) = model.non_finite(seed) else {
        return Ok(());
    };
    let within = case.map_or(String::new(), |c| format!(" ({c})"));
    let trial = crate::format::money(nf.trial as f64);
    let d = match nf.culprit {
        Culprit::Assumption { index, value } => {
            let id = &model.scenario.assumptions[index].id;
            Diagnostic::error(format!(
                "assumption `{id}` was drawn as {value} in trial {trial} (seed {seed}){within}: a draw that is not a finite number"
            ))
            .help(format!(
                "check [assumptions.{id}] in the scenario: its distribution reaches values no amount can be computed from"
            ))
        }
        Culprit::Payment {
            rule,
            period,
            amount,
        } => {
            let name = rule.map_or_else(
                || "the termination compensation".to_string(),
                |r| format!("rule `{}`", model.contract.rules[r].id),
            );
            Diagnostic::error(format!(
                "{name} came to {amount} in period {period} of trial {trial} (seed {seed}){within}: a payment that is not a finite number"
            ))
            .help("check the rule's prices and caps, and the assumptions its outcomes depend on, for values far beyond what the deal can pay")
        }
        Culprit::Metric { index, value } => {
            let name = &model.metrics.metrics[index].0;
            Diagnostic::error(format!(
                "`{name}` came to {value} in trial {trial} (seed {seed}){within}: a figure that is not a finite number"
            ))
            .help("check the amounts and rates it is computed from for values far beyond what the deal can pay")
        }
    };
    Err(d.into())
}

/// [`check`] over several models, in order.
pub fn check_all<'a>(
    models: impl IntoIterator<Item = (&'a Model<'a>, Option<&'a str>)>,
    seed: u64,
) -> Result<(), Diagnostics> {
    for (m, case) in models {
        check(m, seed, case)?;
    }
    Ok(())
}
