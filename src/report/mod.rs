//! Human-readable reports.

pub mod breakeven;
pub mod compare;
pub mod explain;
pub mod grid;
pub mod run_table;
pub mod sensitivity;
pub mod settle;
pub mod stress;
pub mod summary;
