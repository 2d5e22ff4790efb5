//! `sibyl explain CONTRACT [--scenario FILE]`: the deal in plain language.

use std::path::PathBuf;

use crate::analysis;
use crate::diagnostics::Diagnostics;
use crate::i18n::Locale;
use crate::load::{load_contract, load_scenario};
use crate::report;

use super::Output;

/// Describe the deal in plain language, with a worked example at the expected effect.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The contract file (contracts/*.toml).
    pub contract: PathBuf,
    /// A scenario file giving the expected world for the worked example.
    #[arg(long, short)]
    pub scenario: Option<PathBuf>,
}

pub fn run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    let c = load_contract(&args.contract)?;
    let mut warnings = c.warnings.clone();
    let s = match &args.scenario {
        Some(path) => {
            let s = load_scenario(path, &c.value)?;
            warnings.extend(s.warnings.clone());
            Some(s.value)
        }
        None => None,
    };
    let explanation = analysis::explain::explain(&c.value, s.as_ref());
    Ok(Output {
        stdout: report::explain::explain(&c.value, s.as_ref(), &explanation, loc),
        warnings,
        notes: Vec::new(),
    })
}
