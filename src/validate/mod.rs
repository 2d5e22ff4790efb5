//! From raw file types to the validated model: names resolved, numbers checked, defaults
//! applied, every problem reported with its place in the file.

mod assumption;
mod contract;
mod ctx;
mod financing;
mod observed;
mod rules;
mod scenario;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostics, Source};
use crate::load::{self, FileKind};
use crate::model::{Contract, Scenario};
use crate::raw;

pub use assumption::dist_word;
pub use contract::{design_word, role_word};
pub use financing::kind_word as tranche_kind_word;
pub use observed::Observed;
pub use rules::kind_word as rule_kind_word;

/// A validated value with the file it came from and any warnings.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub value: T,
    pub source: Arc<Source>,
    pub warnings: Diagnostics,
}

/// Parses and validates contract text.
pub fn contract_from_source(source: &Arc<Source>) -> Result<Loaded<Contract>, Diagnostics> {
    let file: raw::contract::ContractFile = load::parse(source)?;
    let (value, warnings) = contract::validate(&file, source)?;
    Ok(Loaded {
        value,
        source: Arc::clone(source),
        warnings,
    })
}

/// Reads, parses and validates a contract file.
pub fn load_contract(path: &Path) -> Result<Loaded<Contract>, Diagnostics> {
    let source = load::read_source(path, FileKind::Contract)?;
    contract_from_source(&source)
}

/// Parses and validates scenario text against a contract.
pub fn scenario_from_source(
    source: &Arc<Source>,
    contract: &Contract,
) -> Result<Loaded<Scenario>, Diagnostics> {
    let file: raw::scenario::ScenarioFile = load::parse(source)?;
    let (value, warnings) = scenario::validate(&file, source, contract)?;
    Ok(Loaded {
        value,
        source: Arc::clone(source),
        warnings,
    })
}

/// Reads, parses and validates a scenario file against a contract.
pub fn load_scenario(path: &Path, contract: &Contract) -> Result<Loaded<Scenario>, Diagnostics> {
    let source = load::read_source(path, FileKind::Scenario)?;
    scenario_from_source(&source, contract)
}

/// Parses and validates an observed-outcomes text against a contract.
pub fn observed_from_source(
    source: &Arc<Source>,
    contract: &Contract,
) -> Result<Loaded<Observed>, Diagnostics> {
    let file: raw::observed::ObservedFile = load::parse(source)?;
    let (value, warnings) = observed::validate(&file, source, contract)?;
    Ok(Loaded {
        value,
        source: Arc::clone(source),
        warnings,
    })
}

/// Reads, parses and validates an observed-outcomes file against a contract.
pub fn load_observed(path: &Path, contract: &Contract) -> Result<Loaded<Observed>, Diagnostics> {
    let source = load::read_source(path, FileKind::Observed)?;
    observed_from_source(&source, contract)
}
