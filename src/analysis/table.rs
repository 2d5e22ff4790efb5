//! Every trial's results as a table, for a workbook's per-trial sheet.
//!
//! The columns are `trials.csv`'s (written by the output layer, above this one, whose unit
//! test keeps the two in step, names and values): `trial` (the trial's index
//! in the run, from 0), `seed` (the run's), the sampled assumptions (`assumption.<id>`), every metric, every event (1 or 0), and the per-trial
//! volumes whose run summary is their mean. A metric undefined in a trial (an IRR) is NaN,
//! where `trials.csv` leaves the field empty.
//!
//! The trials are those of the run (the same seed gives the same trials): the engine runs
//! the first blocks again, in parallel, with their assumption draws kept, and the rows are
//! concatenated in block order, so the table is the same on any number of threads.

use crate::engine::{self, BLOCK, EstimateDef, EstimateKind, Model};

/// The most rows a worksheet holds below its header (Excel's limit is 1,048,576 rows).
pub const MAX_ROWS: u64 = 1_048_575;

/// Per-trial results: a row per trial (the run's first, at most [`MAX_ROWS`]).
#[derive(Debug, Clone)]
pub struct PerTrialTable {
    /// Column names, as `trials.csv` names them.
    pub columns: Vec<String>,
    /// Row-major values, `columns.len()` per trial.
    pub values: Vec<f64>,
    /// Trials in the table.
    pub rows: u64,
    /// Trials in the run.
    pub of: u64,
}

impl PerTrialTable {
    /// Row `i` (0 for the run's first trial).
    pub fn row(&self, i: usize) -> &[f64] {
        let n = self.columns.len();
        &self.values[i * n..(i + 1) * n]
    }
}

/// The first trials of a run of `model` with `seed` (at most [`MAX_ROWS`] of `trials`).
pub fn per_trial(model: &Model, seed: u64, trials: u64) -> PerTrialTable {
    per_trial_upto(model, seed, trials, MAX_ROWS)
}

/// The estimates that are means of one value per trial: `trials.csv` has a column each.
fn per_trial_means<'a>(model: &'a Model) -> impl Iterator<Item = &'a EstimateDef> + 'a {
    model
        .metrics
        .estimates
        .iter()
        .filter(|e| e.kind == EstimateKind::Mean)
}

/// The table's column names: those of `trials.csv`'s header, in its order.
pub fn columns(model: &Model) -> Vec<String> {
    let mut names = vec!["trial".to_string(), "seed".to_string()];
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
    names
}

/// Trial `t` of a block (run with its draws kept) as the table's values, in the order of
/// [`columns`]: its index in the run (with the seed, what reproduces it: trial `k`'s random
/// streams depend on the seed and `k` alone, its block `k / BLOCK` and its place in it,
/// whatever the threads), the run's seed (as the
/// nearest `f64`; `trials.csv` writes it exactly), its draws, its metrics, its events (0 or
/// 1) and the per-trial means. `trials.csv` writes the same values.
pub fn row(model: &Model, seed: u64, b: &engine::BlockData, t: usize, out: &mut Vec<f64>) {
    let na = model.sampler.len();
    let nm = model.metrics.metrics.len();
    let ne = model.metrics.events.len();
    let ni = model.metrics.inputs.len();
    out.push((b.first_trial + t as u64) as f64);
    out.push(seed as f64);
    if !b.draws.is_empty() {
        out.extend_from_slice(&b.draws[t * na..(t + 1) * na]);
    }
    out.extend_from_slice(&b.values[t * nm..(t + 1) * nm]);
    out.extend(
        b.flags[t * ne..(t + 1) * ne]
            .iter()
            .map(|&f| f64::from(u8::from(f))),
    );
    out.extend(per_trial_means(model).map(|e| b.inputs[t * ni + e.inputs[0]]));
}

/// As [`per_trial`], with at most `limit` rows.
fn per_trial_upto(model: &Model, seed: u64, trials: u64, limit: u64) -> PerTrialTable {
    let columns = columns(model);
    let width = columns.len();
    let rows = trials.min(limit);
    let blocks: Vec<Vec<f64>> =
        engine::map_blocks(model, seed, 0..rows.div_ceil(BLOCK), rows, true, &|b| {
            let mut out = Vec::with_capacity(b.trials * width);
            for t in 0..b.trials {
                row(model, seed, &b, t, &mut out);
            }
            out
        });
    let mut values = Vec::with_capacity(rows as usize * width);
    for block in blocks {
        values.extend(block);
    }
    debug_assert_eq!(values.len(), rows as usize * width);
    PerTrialTable {
        columns,
        values,
        rows,
        of: trials,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_contract, load_scenario};

    fn example() -> (crate::model::Contract, crate::model::Scenario) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let c = load_contract(&root.join("contracts/peterborough.toml")).unwrap();
        let s = load_scenario(&root.join("scenarios/peterborough.toml"), &c.value).unwrap();
        (c.value, s.value)
    }

    /// No two columns share a name, in any example: metric, event and per-trial names
    /// are dotted paths under their kind, assumptions under `assumption.`.
    #[test]
    fn column_names_are_unique_in_every_example() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen_any = 0;
        for entry in std::fs::read_dir(root.join("scenarios")).unwrap() {
            let path = entry.unwrap().path();
            let contract = root.join("contracts").join(path.file_name().unwrap());
            let Ok(c) = load_contract(&contract) else {
                continue;
            };
            let s = load_scenario(&path, &c.value).unwrap();
            let model = Model::new(&c.value, &s.value);
            let names = columns(&model);
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{}", path.display());
            assert_eq!(names[..2], ["trial", "seed"]);
            seen_any += 1;
        }
        assert!(seen_any >= 10);
    }

    #[test]
    fn the_table_stops_at_its_limit() {
        let (c, s) = example();
        let model = Model::new(&c, &s);
        let all = per_trial_upto(&model, 5, 50, 1_000);
        let cut = per_trial_upto(&model, 5, 50, 20);
        assert_eq!((cut.rows, cut.of), (20, 50));
        assert_eq!(cut.values.len(), 20 * cut.columns.len());
        // The first rows of the run, unchanged.
        let n = 20 * cut.columns.len();
        assert!(
            cut.values
                .iter()
                .zip(&all.values[..n])
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
        assert_eq!(cut.row(19)[0], 19.0);
        assert_eq!(MAX_ROWS + 1, 1 << 20);
    }
}
