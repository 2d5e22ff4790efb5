//! `sibyl stress CONTRACT --scenario FILE [--preset NAME...]`: the base case, the scenario's
//! stress presets and built-in shocks on common random numbers, with how the key figures
//! move from the base.

use std::path::PathBuf;

use indexmap::IndexMap;
use serde::Serialize;

use crate::analysis::paired::{self, Difference};
use crate::analysis::run::FileRef;
use crate::analysis::stress::{self, CaseKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::engine::Model;
use crate::report::stress as report;
use crate::stats::{Probability, Summary};
use crate::validate::{load_contract, load_scenario};

use super::Output;
use super::run::{Format, Progress, check_trials, thread_pool, unknown_stress};

#[derive(Debug, Clone)]
pub struct StressArgs {
    pub contract: PathBuf,
    pub scenario: PathBuf,
    /// Presets to run (default: all of the scenario's).
    pub presets: Vec<String>,
    /// Leave out the built-in shocks.
    pub no_shocks: bool,
    /// Measured effects to replay through the settlement code in the expected world.
    pub measured: Vec<f64>,
    pub trials: u64,
    pub seed: u64,
    pub threads: Option<usize>,
    pub format: Format,
}

/// What `stress --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct StressReport {
    pub sibyl_version: &'static str,
    pub contract: FileRef,
    pub scenario: FileRef,
    pub seed: u64,
    pub trials: u64,
    pub currency: String,
    /// The base case first.
    pub cases: Vec<CaseResult>,
    /// Each case against the base (`a` = 0), on common random numbers.
    pub differences: Vec<Difference>,
    /// What the contract does if the measured effect is exactly each of `--measured`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measured: Vec<stress::MeasuredCase>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    pub id: String,
    pub kind: CaseKind,
    pub description: String,
    pub metrics: IndexMap<String, Summary>,
    pub probabilities: IndexMap<String, Probability>,
    pub warnings: Vec<String>,
}

pub fn run(args: &StressArgs) -> Result<Output, Diagnostics> {
    if let Some(x) = args.measured.iter().find(|x| !x.is_finite()) {
        return Err(Diagnostic::error(format!("--measured {x} is not a number"))
            .help("give the measured effect, e.g. --measured 0.075 for a 7.5% reduction")
            .into());
    }
    check_trials(args.trials, 1, 100_000)?;
    let c = load_contract(&args.contract)?;
    let s = load_scenario(&args.scenario, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(s.warnings.clone());
    let presets = if args.presets.is_empty() {
        (0..s.value.stresses.len()).collect()
    } else {
        let mut out = Vec::new();
        for name in &args.presets {
            match s.value.stress_index(name) {
                Some(i) => out.push(i),
                None => return Err(unknown_preset(name, &s.value)),
            }
        }
        out
    };
    let cases = stress::cases(&c.value, &s.value, &presets, !args.no_shocks);
    let models: Vec<Model> = cases
        .iter()
        .map(|case| Model::new(&c.value, &case.scenario))
        .collect();
    let refs: Vec<&Model> = models.iter().collect();
    let pool = thread_pool(args.threads)?;
    let progress = Progress::new(args.trials.saturating_mul(2 * models.len() as u64));
    let pairs: Vec<(usize, usize)> = (1..models.len()).map(|b| (0, b)).collect();
    let (outcomes, differences) = pool.install(|| {
        paired::run_and_pair(&refs, &pairs, args.seed, args.trials, &|t| {
            progress.advance(t);
        })
    });
    progress.finish();
    let measured = args
        .measured
        .iter()
        .map(|&x| stress::measured_case(&models[0], x))
        .collect();
    let result = StressReport {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        contract: FileRef::of(&c.source),
        scenario: FileRef::of(&s.source),
        seed: args.seed,
        trials: args.trials,
        currency: c.value.deal.currency.clone(),
        cases: cases
            .into_iter()
            .zip(outcomes)
            .map(|(case, o)| CaseResult {
                id: case.id,
                kind: case.kind,
                description: case.description,
                metrics: o.metrics,
                probabilities: o.probabilities,
                warnings: o.warnings,
            })
            .collect(),
        differences,
        measured,
    };
    let stdout = match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&result).expect("a stress report is plain JSON") + "\n"
        }
        Format::Table => report::render(&c.value, &s.value.name, &result),
    };
    Ok(Output { stdout, warnings })
}

/// An unknown preset: a suggestion among the scenario's presets, or a note that built-in
/// shocks run without being named.
fn unknown_preset(name: &str, s: &crate::model::Scenario) -> Diagnostics {
    if stress::SHOCKS.contains(&name) {
        return Diagnostic::error(format!(
            "`{name}` is a built-in shock, not a preset of the scenario"
        ))
        .help("built-in shocks always run (leave them out with --no-shocks); --preset names the scenario's [stress.<name>] tables")
        .into();
    }
    unknown_stress(name, s)
}
