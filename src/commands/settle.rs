//! `sibyl settle CONTRACT --observed FILE [--format table|json]`: what the contract pays for
//! what actually happened, through the same settlement code as every simulated trial.

use std::path::PathBuf;

use crate::analysis::FileRef;
use crate::analysis::settle::settle;
use crate::diagnostics::Diagnostics;
use crate::load::{load_contract, load_observed};
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

pub fn run(args: &Args) -> Result<Output, Diagnostics> {
    let c = load_contract(&args.contract)?;
    let o = load_observed(&args.observed, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(o.warnings.clone());
    let st = settle(
        &c.value,
        &o.value,
        [FileRef::of(&c.source), FileRef::of(&o.source)],
    );
    let stdout = emit(&st, args.emit.format, |r| {
        report::settle::table(&c.value, &o.value.name, r)
    });
    Ok(Output { stdout, warnings })
}
