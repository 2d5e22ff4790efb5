//! The commands: each loads its files, runs its analysis and emits the result as a table
//! or JSON. They return their output as text so tests and the binary share one code path;
//! the binary only parses arguments, prints and picks the exit code.
//!
//! Each command's arguments are a `clap::Args` struct declared here once, with the option
//! groups every simulating command shares ([`Simulation`], [`Emit`]) flattened into it.

pub mod breakeven;
pub mod check;
pub mod compare;
pub mod explain;
pub mod import;
pub mod merge;
pub mod report;
pub mod run;
pub mod schema;
pub mod sensitivity;
pub mod serve;
pub mod settle;
pub mod shard;
pub mod stress;
pub mod sweep;

use serde::Serialize;

use crate::diagnostics::Diagnostics;

/// A command's result: its standard output, warnings for standard error.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub warnings: Diagnostics,
    /// Lines for standard error after the warnings: where a run was written.
    pub notes: Vec<String>,
}

/// How the random streams are laid out and how many trials to run.
#[derive(Debug, Clone, clap::Args)]
pub struct Simulation {
    /// Number of trials (each command's help gives its default).
    #[arg(long, short = 'n')]
    pub trials: Option<u64>,
    /// Random seed, a whole number from 0 to 18446744073709551615: the same inputs and
    /// seed give the same results on any thread count.
    #[arg(long, default_value_t = 1, allow_hyphen_values = true, value_parser = parse_seed)]
    pub seed: u64,
    /// Worker threads, at most 1,024 (default: every core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Report amounts in real terms: period-0 money, each amount deflated by the price
    /// level of its period under the scenario's inflation (default: in cash, nominal).
    #[arg(long)]
    pub real: bool,
}

/// A seed: any whole number a 64-bit unsigned integer holds.
fn parse_seed(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!(
            "`{text}` is not a seed: a seed is a whole number from 0 to {}",
            u64::MAX
        )
    })
}

impl Simulation {
    /// The terms amounts are reported in.
    pub fn terms(&self) -> crate::engine::Reporting {
        if self.real {
            crate::engine::Reporting::Real
        } else {
            crate::engine::Reporting::Nominal
        }
    }
}

/// What goes to standard output.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Emit {
    /// Output on standard output.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Output format on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for scripts.
    Json,
}

/// A result as the format asks: `table` renders it for people, JSON is its serialisation.
pub fn emit<T: Serialize>(result: &T, format: Format, table: impl FnOnce(&T) -> String) -> String {
    match format {
        Format::Json => json(result),
        Format::Table => table(result),
    }
}

/// A result as pretty-printed JSON with a final newline, its first field
/// `format_version` ([`crate::output::FORMAT_VERSION`]).
pub fn json<T: Serialize>(result: &T) -> String {
    #[derive(Serialize)]
    struct Versioned<'a, T> {
        format_version: &'static str,
        #[serde(flatten)]
        result: &'a T,
    }
    let versioned = Versioned {
        format_version: crate::output::FORMAT_VERSION,
        result,
    };
    serde_json::to_string_pretty(&versioned).expect("results serialise to plain JSON") + "\n"
}
