//! Human-readable reports.

pub mod format;
pub mod summary;
