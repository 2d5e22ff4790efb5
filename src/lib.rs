//! sibyl: Monte Carlo simulation of outcome-based contracts.
//!
//! Data flows one way: TOML files ([`raw`]) → validated model ([`model`], built by
//! [`validate`]) → reports. Every problem in the user's files becomes a
//! [`diagnostics::Diagnostic`] pointing at the offending text.

pub mod analysis;
pub mod cashflow;
pub mod choices;
pub mod commands;
pub mod diagnostics;
pub mod engine;
pub mod format;
pub mod load;
pub mod model;
pub mod output;
pub mod raw;
pub mod report;
pub mod stats;
pub mod validate;
pub mod world;
