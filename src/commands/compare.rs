//! `sibyl compare CONTRACT... --scenario FILE`: several designs under one scenario on
//! common random numbers, side by side, with paired differences.

use std::path::PathBuf;

use serde::Serialize;

use crate::analysis::paired::{self, Difference};
use crate::analysis::run::{FileRef, ScenarioRef};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::engine::Model;
use crate::output::sha256;
use crate::report::compare as report;
use crate::validate::{load_contract, load_scenario};

use super::Output;
use super::run::{Format, Progress, check_trials, stressed, thread_pool};

#[derive(Debug, Clone)]
pub struct CompareArgs {
    pub contracts: Vec<PathBuf>,
    pub scenario: PathBuf,
    pub trials: u64,
    pub seed: u64,
    pub threads: Option<usize>,
    pub stress: Option<String>,
    pub format: Format,
}

/// What `compare --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub sibyl_version: &'static str,
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub trials: u64,
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
    pub metrics: indexmap::IndexMap<String, crate::stats::Summary>,
    pub probabilities: indexmap::IndexMap<String, crate::stats::Probability>,
    pub warnings: Vec<String>,
}

pub fn run(args: &CompareArgs) -> Result<Output, Diagnostics> {
    check_trials(args.trials, 1, 100_000)?;
    let mut warnings = Diagnostics::default();
    let mut loaded = Vec::new();
    for path in &args.contracts {
        let c = load_contract(path)?;
        let s = load_scenario(&args.scenario, &c.value)?;
        // The scenario is read once per design: say each of its warnings once.
        for d in c.warnings.iter().chain(s.warnings.iter()) {
            if !warnings.iter().any(|w| w.to_string() == d.to_string()) {
                warnings.push(d.clone());
            }
        }
        loaded.push((c, s));
    }
    let currencies: Vec<&str> = loaded
        .iter()
        .map(|(c, _)| c.value.deal.currency.as_str())
        .collect();
    if currencies.iter().any(|c| *c != currencies[0]) {
        return Err(Diagnostic::error(format!(
            "the designs pay in different currencies ({})",
            currencies.join(", ")
        ))
        .help("compare designs in one currency: differences of amounts would mix units")
        .into());
    }
    let mut scenarios = Vec::new();
    for (_, s) in &loaded {
        scenarios.push(stressed(&s.value, args.stress.as_deref())?);
    }
    let models: Vec<Model> = loaded
        .iter()
        .zip(&scenarios)
        .map(|((c, _), s)| Model::new(&c.value, s))
        .collect();
    let refs: Vec<&Model> = models.iter().collect();
    let pool = thread_pool(args.threads)?;
    // Each design once on its own (as `run`), then all together for the differences.
    let progress = Progress::new(args.trials.saturating_mul(2 * models.len() as u64));
    let pairs: Vec<(usize, usize)> = (0..models.len())
        .flat_map(|a| (a + 1..models.len()).map(move |b| (a, b)))
        .collect();
    let (outcomes, differences) = pool.install(|| {
        paired::run_and_pair(&refs, &pairs, args.seed, args.trials, &|t| {
            progress.advance(t);
        })
    });
    progress.finish();
    let (_, s0) = &loaded[0];
    let comparison = Comparison {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        scenario: ScenarioRef {
            path: s0.source.path.clone(),
            sha256: sha256(&s0.source.text),
            stress: args.stress.clone(),
        },
        seed: args.seed,
        trials: args.trials,
        designs: loaded
            .iter()
            .zip(outcomes)
            .map(|((c, _), o)| Design {
                contract: FileRef::of(&c.source),
                name: c.value.deal.name.clone(),
                currency: c.value.deal.currency.clone(),
                metrics: o.metrics,
                probabilities: o.probabilities,
                warnings: o.warnings,
            })
            .collect(),
        differences,
    };
    let stdout = match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&comparison).expect("a comparison is plain JSON") + "\n"
        }
        Format::Table => report::render(&scenarios[0].name, &comparison),
    };
    Ok(Output { stdout, warnings })
}
