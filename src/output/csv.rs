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

/// One block's rows, the values of [`table::row`] of a run with `seed`. Names are dotted
/// identifiers and values numbers, so no field needs quoting; an undefined value is an
/// empty field. The seed is written exactly (a whole number up to 2^64 - 1); every other
/// value by [`number`].
pub fn block_rows(model: &Model, seed: u64, b: &BlockData) -> Vec<u8> {
    let mut out = String::with_capacity(b.trials * table::columns(model).len() * 12);
    let mut row = Vec::new();
    for t in 0..b.trials {
        row.clear();
        table::row(model, seed, b, t, &mut row);
        for (i, &v) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if i == SEED_COLUMN {
                let _ = write!(out, "{seed}");
            } else {
                number(&mut out, v);
            }
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// The `seed` column's place in [`table::columns`].
const SEED_COLUMN: usize = 1;

/// A value as `trials.csv` writes it: the shortest decimal that reads back as the same
/// `f64` (Rust's `Display`), so a whole number has no fraction (`3`, not `3.0`) and any
/// other keeps every digit it has (`1283700.0000000002` is that `f64`, not noise to round
/// away); zero is `0`, never `-0`; infinities are `inf` and `-inf`; an undefined value
/// (NaN) is an empty field.
pub fn number(out: &mut String, v: f64) {
    if v.is_nan() {
        return;
    }
    if v == 0.0 {
        out.push('0');
    } else {
        let _ = write!(out, "{v}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: f64) -> String {
        let mut s = String::new();
        number(&mut s, v);
        s
    }

    #[test]
    fn numbers_are_shortest_round_trip_without_negative_zero() {
        assert_eq!(text(-0.0), "0");
        assert_eq!(text(0.0), "0");
        assert_eq!(text(3.0), "3");
        assert_eq!(text(-2.0), "-2");
        assert_eq!(text(1e21), "1000000000000000000000");
        assert_eq!(text(1283700.0000000002), "1283700.0000000002");
        assert_eq!(text(0.1), "0.1");
        assert_eq!(text(f64::NAN), "");
        assert_eq!(text(f64::INFINITY), "inf");
        for v in [0.1 + 0.2, 1.0 / 3.0, -1e-300, 5e-324, f64::MAX] {
            assert_eq!(text(v).parse::<f64>().unwrap().to_bits(), v.to_bits());
        }
    }

    fn example() -> (crate::model::Contract, crate::model::Scenario) {
        use crate::load::{load_contract, load_scenario};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let c = load_contract(&root.join("contracts/peterborough.toml")).unwrap();
        let s = load_scenario(&root.join("scenarios/peterborough.toml"), &c.value).unwrap();
        (c.value, s.value)
    }

    /// The table is trials.csv: the same header, and every field the same number (an
    /// empty field NaN), over more than one block.
    #[test]
    fn the_table_is_trials_csv() {
        let (c, s) = example();
        let model = crate::engine::Model::new(&c, &s);
        let trials = crate::engine::BLOCK + 7;
        let table = crate::analysis::table::per_trial(&model, 3, trials);
        let header = String::from_utf8(header(&model)).unwrap();
        assert_eq!(table.columns.join(","), header.trim_end());
        assert_eq!((table.rows, table.of), (trials, trials));
        let csv: Vec<Vec<u8>> = crate::engine::map_blocks(&model, 3, 0..2, trials, true, &|b| {
            block_rows(&model, 3, &b)
        });
        let text = String::from_utf8(csv.concat()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len() as u64, trials);
        for (i, line) in lines.iter().enumerate() {
            let row = table.row(i);
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), row.len(), "row {i}");
            for ((field, &x), name) in fields.iter().zip(row).zip(&table.columns) {
                if field.is_empty() {
                    assert!(x.is_nan(), "row {i} {name}: {x} for an empty field");
                } else {
                    assert_eq!(field.parse::<f64>().unwrap(), x, "row {i} {name}");
                }
            }
        }
    }
}
