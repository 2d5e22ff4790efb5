//! `sibyl settle CONTRACT --observed FILE [--format table|json]`: what the contract pays for
//! what actually happened, through the same settlement code as every simulated trial.

use std::path::Path;

use crate::analysis::run::FileRef;
use crate::cashflow::{self, Ledger, Schedule};
use crate::diagnostics::Diagnostics;
use crate::report::settle;
use crate::validate::{load_contract, load_observed};

use super::Output;
use super::run::Format;

pub fn run(contract: &Path, observed: &Path, format: Format) -> Result<Output, Diagnostics> {
    let c = load_contract(contract)?;
    let o = load_observed(observed, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(o.warnings.clone());
    let schedule = Schedule::new(&c.value);
    let mut ledger = Ledger::new(&c.value, &schedule);
    cashflow::settle(&c.value, &schedule, &o.value.world, &mut ledger);
    let st = settle::settlement(
        &c.value,
        &schedule,
        &o.value.world,
        &ledger,
        [FileRef::of(&c.source), FileRef::of(&o.source)],
        o.value.as_of,
    );
    let stdout = match format {
        Format::Json => {
            serde_json::to_string_pretty(&st).expect("a settlement is plain JSON") + "\n"
        }
        Format::Table => settle::table(&c.value, &o.value.name, &st),
    };
    Ok(Output { stdout, warnings })
}
