//! `trials.csv`: one row per trial: the sampled assumptions, every metric, every event (0/1),
//! and the per-cohort volumes (whose run summary is their mean).
//! Rows are formatted block by block (in parallel) and written in trial order.

use std::fmt::Write as _;

use crate::engine::{BlockData, EstimateDef, EstimateKind, Model};

/// The estimates that are means of one value per trial, which the file carries.
fn per_trial_means<'a>(model: &'a Model) -> impl Iterator<Item = &'a EstimateDef> + 'a {
    model
        .metrics
        .estimates
        .iter()
        .filter(|e| e.kind == EstimateKind::Mean)
}

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
    names.extend(per_trial_means(model).map(|e| e.name.clone()));
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
    let ni = model.metrics.inputs.len();
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
        for e in per_trial_means(model) {
            let _ = write!(out, ",{}", b.inputs[t * ni + e.inputs[0]]);
        }
        out.push('\n');
    }
    out.into_bytes()
}
