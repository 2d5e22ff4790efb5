//! `trials.csv`: one row per trial: the sampled assumptions, every metric, every event (0/1).
//! Rows are formatted block by block (in parallel) and written in trial order.

use std::fmt::Write as _;

use crate::engine::{BlockData, Model};

/// The header row.
pub fn header(model: &Model) -> Vec<u8> {
    let mut names = vec!["trial".to_string()];
    names.extend(
        model
            .scenario
            .assumptions
            .iter()
            .map(|a| format!("assumption.{}", a.id)),
    );
    names.extend(model.metrics.metrics.iter().map(|(n, _)| n.clone()));
    names.extend(model.metrics.events.iter().map(|(n, _)| n.clone()));
    let mut line = names.join(",");
    line.push('\n');
    line.into_bytes()
}

/// One block's rows. Names are dotted identifiers and values numbers, so no field needs
/// quoting; an undefined value is an empty field.
pub fn block_rows(model: &Model, b: &BlockData) -> Vec<u8> {
    let na = model.sampler.len();
    let nm = model.metrics.metrics.len();
    let ne = model.metrics.events.len();
    let mut out = String::with_capacity(b.trials * (nm + na + ne) * 12);
    for t in 0..b.trials {
        let _ = write!(out, "{}", b.first_trial + t as u64);
        if !b.draws.is_empty() {
            for v in &b.draws[t * na..(t + 1) * na] {
                let _ = write!(out, ",{v}");
            }
        }
        for v in &b.values[t * nm..(t + 1) * nm] {
            if v.is_nan() {
                out.push(',');
            } else {
                let _ = write!(out, ",{v}");
            }
        }
        for &f in &b.flags[t * ne..(t + 1) * ne] {
            out.push_str(if f { ",1" } else { ",0" });
        }
        out.push('\n');
    }
    out.into_bytes()
}
