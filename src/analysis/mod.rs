//! Analyses built on the engine and on settlement. Each owns its result type, the one
//! that reports render and JSON serialises: [`run::RunSummary`], [`compare::Comparison`],
//! [`stress::StressReport`], [`sensitivity::SensitivityReport`],
//! [`breakeven::BreakevenReport`], [`settle::Settlement`] and [`explain::Explanation`].

pub mod breakeven;
pub mod compare;
pub mod explain;
pub mod paired;
pub mod provenance;
pub mod report;
pub mod run;
pub mod sensitivity;
pub mod settle;
pub mod shard;
pub mod soundness;
pub mod split;
pub mod stress;
pub mod sweep;
pub mod table;
pub mod warning;

pub use provenance::{FileRef, ScenarioRef};
pub use warning::Warning;
