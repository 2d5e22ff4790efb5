//! `sibyl check CONTRACT [--scenario FILE]`: validate and summarise.

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::report::summary;
use crate::validate::{load_contract, load_scenario};

use super::Output;

pub fn run(contract: &Path, scenario: Option<&Path>) -> Result<Output, Diagnostics> {
    let c = load_contract(contract)?;
    let mut warnings = c.warnings.clone();
    let mut stdout = summary::contract(&c.value, &c.source.path);
    if let Some(path) = scenario {
        let s = load_scenario(path, &c.value).map_err(|mut e| {
            // Keep the contract's warnings with the scenario's errors.
            let mut all = warnings.clone();
            all.extend(std::mem::take(&mut e));
            all
        })?;
        warnings.extend(s.warnings.clone());
        stdout.push_str(&summary::scenario(&s.value, &c.value, &s.source.path));
    }
    Ok(Output { stdout, warnings })
}
