//! `sibyl settle CONTRACT --observed FILE [--format table|json]`: what the contract pays for
//! what actually happened, through the same settlement code as every simulated trial.

use std::path::PathBuf;

use crate::analysis::FileRef;
use crate::analysis::settle::settle;
use std::sync::Arc;

use crate::analysis::settle::Settlement;
use crate::diagnostics::{Diagnostic, Diagnostics, Source};
use crate::format::amount;
use crate::i18n::Locale;
use crate::load::{load_contract, load_observed};
use crate::model::Contract;
use crate::report;

use super::{Emit, Output, emit};

/// Settle a contract on what actually happened: every payment, every tranche's cash
/// flows, IRR and multiple, through the same code as every simulated trial.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The contract file (contracts/*.toml).
    pub contract: PathBuf,
    /// The observed outcomes (observed/*.toml).
    #[arg(long, short)]
    pub observed: PathBuf,
    #[command(flatten)]
    pub emit: Emit,
}

pub fn run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    let c = load_contract(&args.contract)?;
    let o = load_observed(&args.observed, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(o.warnings.clone());
    let st = settle(
        &c.value,
        &o.value,
        [FileRef::of(&c.source), FileRef::of(&o.source)],
    );
    if !st.after_horizon.is_empty() {
        return Err(after_horizon(&st, &c.value, &o.source));
    }
    let stdout = emit(&st, args.emit.format, |r| {
        report::settle::table(&c.value, &o.value.name, r, loc)
    });
    Ok(Output {
        stdout,
        warnings,
        notes: Vec::new(),
    })
}

/// Payments the contract would make after its last period: errors, since settling without
/// them would understate what is owed.
pub(crate) fn after_horizon(st: &Settlement, c: &Contract, observed: &Arc<Source>) -> Diagnostics {
    let mut out = Diagnostics::new();
    for late in &st.after_horizon {
        let d = Diagnostic::error(format!(
            "rule `{}` would pay {} before caps for {} in period {}, after the deal's last period ({}): settlement cannot include it",
            late.rule,
            amount(&c.deal.currency, late.before_caps),
            late.cohorts.join(", "),
            late.period,
            c.deal.horizon - 1,
        ));
        let d = match &late.span {
            Some(span) => d
                .at(observed, span.clone())
                .label("validated too late for the deal"),
            None => d.in_file(observed),
        };
        out.push(d.help(format!(
            "lengthen `horizon` in the contract's [deal] to at least {} periods if the deal was extended, or check when the result was validated",
            u64::from(late.period) + 1
        )));
    }
    out
}
