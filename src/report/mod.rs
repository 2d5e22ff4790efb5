//! Human-readable reports.

pub mod explain;
pub mod format;
pub mod summary;
