//! From raw file types to the validated model: names resolved, numbers checked, defaults
//! applied, every problem reported with its place in the file.

mod assumption;
mod contract;
mod ctx;
mod financing;
mod observed;
mod rules;
mod scenario;

use std::sync::Arc;

use crate::diagnostics::{Diagnostics, Source};
use crate::model::observed::History;
use crate::model::{Contract, Scenario};
use crate::raw;

pub use assumption::dist_word;
pub use contract::{MAX_COHORT, design_word};
pub use rules::kind_word as rule_kind_word;

/// Validates a parsed contract file.
pub fn contract(
    file: &raw::contract::ContractFile,
    source: &Arc<Source>,
) -> Result<(Contract, Diagnostics), Diagnostics> {
    contract::validate(file, source)
}

/// Validates a parsed scenario file against its contract.
pub fn scenario(
    file: &raw::scenario::ScenarioFile,
    source: &Arc<Source>,
    contract: &Contract,
) -> Result<(Scenario, Diagnostics), Diagnostics> {
    scenario::validate(file, source, contract)
}

/// Validates a parsed observed-outcomes file against its contract.
pub fn observed(
    file: &raw::observed::ObservedFile,
    source: &Arc<Source>,
    contract: &Contract,
) -> Result<(History, Diagnostics), Diagnostics> {
    observed::validate(file, source, contract)
}
