//! The commands behind the CLI. Each returns its output as text so tests and the binary
//! share one code path; the binary only prints and picks the exit code.

pub mod breakeven;
pub mod check;
pub mod compare;
pub mod explain;
pub mod run;
pub mod schema;
pub mod sensitivity;
pub mod settle;
pub mod stress;

use crate::diagnostics::Diagnostics;

/// A command's result: its standard output, warnings for standard error.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub warnings: Diagnostics,
}
