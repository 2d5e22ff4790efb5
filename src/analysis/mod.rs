//! Analyses built on the engine.

pub mod run;
