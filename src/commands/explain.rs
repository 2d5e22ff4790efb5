//! `sibyl explain CONTRACT [--scenario FILE]`: the deal in plain language.

use std::path::Path;

use crate::diagnostics::Diagnostics;

use super::Output;

pub fn run(contract: &Path, scenario: Option<&Path>) -> Result<Output, Diagnostics> {
    super::check::run(contract, scenario)
}
