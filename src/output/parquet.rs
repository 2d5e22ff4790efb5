//! `trials.parquet` (`run --per-trial --per-trial-format parquet`, cargo feature `parquet`):
//! the columns and values of `trials.csv` in Apache Parquet, for per-trial tables of
//! millions of rows. `trial` is INT64, `seed` INT64 read as unsigned 64-bit (the exact
//! seed), every other column an optional DOUBLE: the same `f64` that `trials.csv` writes
//! in its shortest round-trip form (so each reads back to the same bits; zero is 0, never
//! -0), an undefined value (an empty field in `trials.csv`) null. Blocks of trials arrive in trial order and
//! are written in row groups of bounded size, so memory stays bounded however many trials
//! the run has; the file is uncompressed (no codec is built in).

use crate::analysis::table;
use crate::engine::{BlockData, Model};

/// The file's name in a run folder.
pub const FILE: &str = "trials.parquet";

/// Whether this sibyl was built with Parquet support (the cargo feature `parquet`).
pub const AVAILABLE: bool = cfg!(feature = "parquet");

/// The error for asking a sibyl built without the feature for Parquet.
pub fn unavailable() -> crate::diagnostics::Diagnostics {
    crate::diagnostics::Diagnostic::error(
        "this sibyl was built without Parquet support, so it cannot write trials.parquet",
    )
    .help("build it with the feature: `cargo build --release --features parquet` (or `cargo install --path . --features parquet`), or leave out --per-trial-format to write trials.csv")
    .into()
}

/// One block's rows for [`Writer`]: the values of [`table::row`] after `trial` and `seed`,
/// row by row, as little-endian `f64` bytes (the writer knows the trial and the seed).
pub fn block_values(model: &Model, seed: u64, b: &BlockData) -> Vec<u8> {
    let width = table::columns(model).len().saturating_sub(2);
    let mut out = Vec::with_capacity(b.trials * width * 8);
    let mut row = Vec::new();
    for t in 0..b.trials {
        row.clear();
        table::row(model, seed, b, t, &mut row);
        for &v in row.iter().skip(2) {
            // Zero is 0, never -0, as in trials.csv.
            let v = if v == 0.0 { 0.0f64 } else { v };
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out
}

/// Most cells (rows × columns) a row group holds in memory before it is written (64 MB of
/// values).
#[cfg(feature = "parquet")]
const GROUP_CELLS: usize = 8 << 20;

/// Rows of a row group: at most [`GROUP_CELLS`] cells and 1,048,576 rows, at least 4,096
/// rows, and enough that a run of `trials` needs at most 30,000 row groups (Parquet allows
/// 32,767).
#[cfg(feature = "parquet")]
pub(crate) fn group_rows(columns: usize, trials: u64) -> usize {
    let by_cells = (GROUP_CELLS / columns.max(1)).clamp(4_096, 1 << 20);
    by_cells.max(trials.div_ceil(30_000) as usize)
}

#[cfg(feature = "parquet")]
pub use writer::Writer;

#[cfg(feature = "parquet")]
mod writer {
    use std::io::{self, Write};
    use std::sync::Arc;

    use parquet::basic::{IntType, LogicalType, Repetition, Type as Physical};
    use parquet::data_type::{DoubleType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::types::Type;

    use super::{group_rows, table};
    use crate::engine::Model;

    /// Writes `trials.parquet` into `W` as blocks of [`super::block_values`] bytes arrive
    /// (through [`Write`], in trial order); [`Writer::finish`] writes the last row group and
    /// the footer.
    pub struct Writer<W: Write + Send> {
        file: SerializedFileWriter<W>,
        /// Value columns (all but `trial` and `seed`).
        width: usize,
        group: usize,
        seed: u64,
        next_trial: u64,
        pending: Vec<u8>,
    }

    fn io_error(e: parquet::errors::ParquetError) -> io::Error {
        match e {
            parquet::errors::ParquetError::External(e) => match e.downcast::<io::Error>() {
                Ok(e) => *e,
                Err(e) => io::Error::other(e),
            },
            other => io::Error::other(other),
        }
    }

    impl<W: Write + Send> Writer<W> {
        /// A writer of a run of `model` with `seed` and at most `trials` trials.
        pub fn new(sink: W, model: &Model, seed: u64, trials: u64) -> io::Result<Self> {
            let group = group_rows(table::columns(model).len(), trials);
            Self::with_groups_of(sink, model, seed, group)
        }

        /// A writer whose row groups hold `group` rows (the last one fewer).
        pub(super) fn with_groups_of(
            sink: W,
            model: &Model,
            seed: u64,
            group: usize,
        ) -> io::Result<Self> {
            let names = table::columns(model);
            let mut fields = Vec::with_capacity(names.len());
            for (i, name) in names.iter().enumerate() {
                let field = match i {
                    0 => Type::primitive_type_builder(name, Physical::INT64)
                        .with_repetition(Repetition::REQUIRED),
                    1 => Type::primitive_type_builder(name, Physical::INT64)
                        .with_repetition(Repetition::REQUIRED)
                        .with_logical_type(Some(LogicalType::Integer(IntType {
                            bit_width: 64,
                            is_signed: false,
                        }))),
                    _ => Type::primitive_type_builder(name, Physical::DOUBLE)
                        .with_repetition(Repetition::OPTIONAL),
                };
                fields.push(Arc::new(field.build().map_err(io_error)?));
            }
            let schema = Type::group_type_builder("trials")
                .with_fields(fields)
                .build()
                .map_err(io_error)?;
            let width = names.len() - 2;
            let props = WriterProperties::builder()
                .set_created_by(format!("sibyl {}", env!("CARGO_PKG_VERSION")))
                .set_max_row_group_row_count(Some(group))
                .build();
            let file = SerializedFileWriter::new(sink, Arc::new(schema), Arc::new(props))
                .map_err(io_error)?;
            Ok(Writer {
                file,
                width,
                group,
                seed,
                next_trial: 0,
                pending: Vec::new(),
            })
        }

        fn row_bytes(&self) -> usize {
            self.width * 8
        }

        /// Writes the first `rows` pending rows as one row group.
        fn write_group(&mut self, rows: usize) -> io::Result<()> {
            let (width, row_bytes) = (self.width, self.row_bytes());
            let value = |r: usize, c: usize| {
                let at = r * row_bytes + c * 8;
                let bytes: [u8; 8] = self.pending[at..at + 8].try_into().expect("8 bytes");
                f64::from_le_bytes(bytes)
            };
            let first = self.next_trial;
            let mut group = self.file.next_row_group().map_err(io_error)?;
            let mut column = 0;
            let mut values = Vec::with_capacity(rows);
            let mut levels = Vec::with_capacity(rows);
            while let Some(mut w) = group.next_column().map_err(io_error)? {
                match column {
                    0 | 1 => {
                        let ints: Vec<i64> = if column == 0 {
                            (0..rows as u64).map(|r| (first + r) as i64).collect()
                        } else {
                            // The seed's 64 bits, read back as unsigned.
                            vec![self.seed as i64; rows]
                        };
                        w.typed::<Int64Type>()
                            .write_batch(&ints, None, None)
                            .map_err(io_error)?;
                    }
                    _ => {
                        let c = column - 2;
                        debug_assert!(c < width);
                        values.clear();
                        levels.clear();
                        for r in 0..rows {
                            let v = value(r, c);
                            if v.is_nan() {
                                levels.push(0);
                            } else {
                                levels.push(1);
                                values.push(v);
                            }
                        }
                        w.typed::<DoubleType>()
                            .write_batch(&values, Some(&levels), None)
                            .map_err(io_error)?;
                    }
                }
                w.close().map_err(io_error)?;
                column += 1;
            }
            group.close().map_err(io_error)?;
            self.pending.drain(..rows * row_bytes);
            self.next_trial += rows as u64;
            Ok(())
        }

        /// Writes what is pending and the footer; returns the sink.
        pub fn finish(mut self) -> io::Result<W> {
            let rows = self.pending.len() / self.row_bytes().max(1);
            if rows > 0 {
                self.write_group(rows)?;
            }
            self.file.into_inner().map_err(io_error)
        }
    }

    impl<W: Write + Send> Write for Writer<W> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.pending.extend_from_slice(buf);
            let whole = self.group * self.row_bytes();
            while whole > 0 && self.pending.len() >= whole {
                self.write_group(self.group)?;
            }
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}

// The layers check (tests/layers.rs) knows unit tests by `#[cfg(test)]` just above `mod`;
// the feature's condition is therefore the module's inner attribute.
#[allow(clippy::mixed_attributes_style)]
#[cfg(test)]
mod tests {
    #![cfg(feature = "parquet")]
    use std::path::Path;

    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    use crate::analysis::run::{self, PerTrial, RunSettings};
    use crate::engine::Model;
    use crate::load::{load_contract, load_scenario};

    /// The rows a run writes in one format, as bytes.
    fn written(model: &Model, settings: &RunSettings, parquet: bool) -> Vec<u8> {
        let seed = settings.seed;
        let rows = |b: &crate::engine::BlockData| {
            if parquet {
                super::block_values(model, seed, b)
            } else {
                crate::output::csv::block_rows(model, seed, b)
            }
        };
        if parquet {
            let mut w = super::Writer::with_groups_of(Vec::new(), model, seed, 4_096).unwrap();
            let sink: &mut dyn std::io::Write = &mut w;
            run::simulate(
                model,
                settings,
                Some(PerTrial { rows: &rows, sink }),
                &|_| {},
            )
            .unwrap();
            w.finish().unwrap()
        } else {
            let mut out = crate::output::csv::header(model);
            let sink: &mut dyn std::io::Write = &mut out;
            run::simulate(
                model,
                settings,
                Some(PerTrial { rows: &rows, sink }),
                &|_| {},
            )
            .unwrap();
            out
        }
    }

    /// trials.parquet read back with the parquet crate's reader holds what trials.csv
    /// holds: the same columns, the trial and the exact seed, every value to the bit, and
    /// null where the CSV field is empty (Peterborough's undefined IRRs), over 9,000 trials
    /// in three row groups of at most 4,096 rows.
    #[test]
    fn parquet_holds_what_the_csv_holds() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let c = load_contract(&root.join("contracts/peterborough.toml")).unwrap();
        let s = load_scenario(&root.join("scenarios/peterborough.toml"), &c.value).unwrap();
        let model = Model::new(&c.value, &s.value);
        let seed = u64::MAX - 6;
        let settings = RunSettings {
            trials: 9_000,
            seed,
            precision: None,
            max_trials: 9_000,
            keep_draws: true,
        };
        let csv = String::from_utf8(written(&model, &settings, false)).unwrap();
        let bytes = written(&model, &settings, true);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trials.parquet");
        std::fs::write(&path, &bytes).unwrap();
        let reader = SerializedFileReader::try_from(path.as_path()).unwrap();
        assert_eq!(reader.metadata().num_row_groups(), 3);
        assert_eq!(reader.metadata().file_metadata().num_rows(), 9_000);
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let mut rows = 0;
        let mut nulls = 0;
        for (row, line) in reader.get_row_iter(None).unwrap().zip(lines) {
            let row = row.unwrap();
            let fields: Vec<&str> = line.split(',').collect();
            let columns: Vec<(&String, &Field)> = row.get_column_iter().collect();
            assert_eq!(columns.len(), header.len());
            for (i, ((name, field), text)) in columns.into_iter().zip(fields).enumerate() {
                assert_eq!(name, header[i]);
                match (i, field) {
                    (0, Field::Long(t)) => assert_eq!(t.to_string(), text),
                    (1, Field::ULong(s)) => assert_eq!(s.to_string(), text),
                    (_, Field::Double(v)) => {
                        assert_eq!(
                            v.to_bits(),
                            text.parse::<f64>().unwrap().to_bits(),
                            "{name}"
                        )
                    }
                    (_, Field::Null) => {
                        assert_eq!(text, "", "{name}");
                        nulls += 1;
                    }
                    (_, other) => panic!("{name}: {other:?}"),
                }
            }
            rows += 1;
        }
        assert_eq!(rows, 9_000);
        assert!(nulls > 0, "undefined IRRs are null");
    }

    #[test]
    fn row_groups_are_bounded_in_cells_and_in_number() {
        use super::group_rows;
        assert_eq!(group_rows(100, 9_000), 83_886);
        assert_eq!(group_rows(10_000, 9_000), 4_096);
        assert_eq!(group_rows(2, 9_000), 1 << 20);
        // A billion trials of a wide table: at most 30,000 groups.
        assert!(1_000_000_000u64.div_ceil(group_rows(10_000, 1_000_000_000) as u64) <= 30_000);
    }
}
