//! Analyses built on the engine.

pub mod paired;
pub mod run;
pub mod stress;
