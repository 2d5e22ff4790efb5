//! Designs compared under one scenario on common random numbers: each design's figures
//! (those of `sibyl run` with the same seed and trials) and every pair's paired difference.

use indexmap::IndexMap;
use serde::Serialize;

use crate::stats::{Estimate, Probability, Summary};

use super::paired::Difference;
use super::{FileRef, ScenarioRef, Warning};

/// What `compare --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub sibyl_version: &'static str,
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub trials: u64,
    /// The terms amounts are in: `nominal` (cash) or `real` (period-0 money).
    pub terms: crate::engine::Reporting,
    pub designs: Vec<Design>,
    /// Every pair of designs `a < b`: `b − a` on common random numbers.
    pub differences: Vec<Difference>,
}

/// One design's figures: those of `sibyl run` with the same seed and trial count.
#[derive(Debug, Clone, Serialize)]
pub struct Design {
    pub contract: FileRef,
    pub name: String,
    pub currency: String,
    pub metrics: IndexMap<String, Summary>,
    pub probabilities: IndexMap<String, Probability>,
    pub estimates: IndexMap<String, Estimate>,
    pub warnings: Vec<Warning>,
}
