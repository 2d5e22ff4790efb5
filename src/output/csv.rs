//! `trials.csv`: one row per trial: the sampled assumptions, every metric, every event (0/1),
//! and the per-cohort volumes (whose run summary is their mean).
//! Rows are formatted block by block (in parallel) and written in trial order.

use std::fmt::Write as _;

use crate::analysis::table;
use crate::engine::{BlockData, Model};

/// The header row: the columns of [`table::columns`].
pub fn header(model: &Model) -> Vec<u8> {
    let mut line = table::columns(model).join(",");
    line.push('\n');
    line.into_bytes()
}

/// One block's rows, the values of [`table::row`]. Names are dotted identifiers and values
/// numbers, so no field needs quoting; an undefined value is an empty field.
pub fn block_rows(model: &Model, b: &BlockData) -> Vec<u8> {
    let mut out = String::with_capacity(b.trials * table::columns(model).len() * 12);
    let mut row = Vec::new();
    for t in 0..b.trials {
        row.clear();
        table::row(model, b, t, &mut row);
        for (i, v) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if !v.is_nan() {
                let _ = write!(out, "{v}");
            }
        }
        out.push('\n');
    }
    out.into_bytes()
}
