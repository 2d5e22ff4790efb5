//! Human-readable reports.

pub mod explain;
pub mod format;
pub mod run_table;
pub mod settle;
pub mod summary;
