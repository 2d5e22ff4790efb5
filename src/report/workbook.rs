//! The Excel workbook of a report.

use crate::analysis::report::Report;
use crate::analysis::table::PerTrialTable;
use crate::i18n::Locale;
use crate::model::contract::Contract;
use crate::model::scenario::Scenario;

/// The workbook's bytes (an .xlsx file).
pub fn workbook(
    c: &Contract,
    s: &Scenario,
    r: &Report,
    per_trial: Option<&PerTrialTable>,
    loc: &Locale,
) -> Result<Vec<u8>, String> {
    let _ = (c, s, r, per_trial, loc);
    Err("the workbook is not written yet".into())
}
