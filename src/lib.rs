//! sibyl: Monte Carlo simulation of outcome-based contracts.
//!
//! Data flows one way, and each module imports only those below it: TOML files ([`raw`])
//! → the validated model ([`model`], built by [`validate`], read from disk by [`load`]) →
//! the world of one trial ([`world`]) → settlement ([`cashflow`]) → the Monte Carlo engine
//! ([`engine`]) → analyses, each with its result type ([`analysis`]) → tables and files
//! ([`report`], [`output`]) → the commands ([`commands`]) → the workshop page's server ([`serve`]). [`import`] turns public records
//! into sibyl's files as text, beside the chain. [`choices`], [`format`], [`i18n`],
//! [`diagnostics`] and [`stats`] are leaves. Every problem in the user's files becomes a
//! [`diagnostics::Diagnostic`] pointing at the offending text.

pub mod analysis;
pub mod cashflow;
pub mod choices;
pub mod commands;
pub mod diagnostics;
pub mod engine;
pub mod format;
pub mod i18n;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod raw;
pub mod report;
pub mod serve;
pub mod stats;
pub mod validate;
pub mod world;
