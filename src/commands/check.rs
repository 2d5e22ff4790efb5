//! `sibyl check CONTRACT [--scenario FILE]`: validate and summarise.

use std::path::PathBuf;

use crate::diagnostics::Diagnostics;
use crate::i18n::Locale;
use crate::load::{load_contract, load_scenario};
use crate::report::summary;

use super::Output;

/// Validate a contract (and a scenario against it) and print what sibyl understood.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The contract file (contracts/*.toml).
    pub contract: PathBuf,
    /// A scenario file (scenarios/*.toml) to check against the contract.
    #[arg(long, short)]
    pub scenario: Option<PathBuf>,
}

pub fn run(args: &Args, _loc: &Locale) -> Result<Output, Diagnostics> {
    let c = load_contract(&args.contract)?;
    let mut warnings = c.warnings.clone();
    let mut stdout = summary::contract(&c.value, &c.source.path);
    if let Some(path) = &args.scenario {
        let s = load_scenario(path, &c.value).map_err(|mut e| {
            // Keep the contract's warnings with the scenario's errors.
            let mut all = warnings.clone();
            all.extend(std::mem::take(&mut e));
            all
        })?;
        warnings.extend(s.warnings.clone());
        stdout.push_str(&summary::scenario(&s.value, &c.value, &s.source.path));
    }
    Ok(Output {
        stdout,
        warnings,
        notes: Vec::new(),
    })
}
