//! Analyses built on the engine.

pub mod breakeven;
pub mod paired;
pub mod run;
pub mod sensitivity;
pub mod stress;
