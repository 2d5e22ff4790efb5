//! `sibyl explain CONTRACT [--scenario FILE]`: the deal in plain language.

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::report::explain::explain;
use crate::validate::{load_contract, load_scenario};

use super::Output;

pub fn run(contract: &Path, scenario: Option<&Path>) -> Result<Output, Diagnostics> {
    let c = load_contract(contract)?;
    let mut warnings = c.warnings.clone();
    let s = match scenario {
        Some(path) => {
            let s = load_scenario(path, &c.value)?;
            warnings.extend(s.warnings.clone());
            Some(s.value)
        }
        None => None,
    };
    Ok(Output {
        stdout: explain(&c.value, s.as_ref()),
        warnings,
    })
}
