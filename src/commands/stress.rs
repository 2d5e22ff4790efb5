//! `sibyl stress CONTRACT --scenario FILE [--preset NAME...]`: the base case, the scenario's
//! stress presets and built-in shocks on common random numbers, with how the key figures
//! move from the base.

use std::path::PathBuf;

use crate::analysis::FileRef;
use crate::analysis::stress::{self, CaseResult, StressReport};
use crate::analysis::{paired, soundness};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::engine::Model;
use crate::i18n::Locale;
use crate::load::{load_contract, load_scenario};
use crate::report::stress as report;

use super::run::{Progress, check_trials, thread_pool, unknown_stress};
use super::{Emit, Output, Simulation, emit};

/// Trials when `--trials` is not given.
const TRIALS: u64 = 100_000;

/// Stress a contract: the base case, the scenario's stress presets and built-in shocks
/// (effect halved, referrals -30%, six months' delay, termination after year 2), on
/// common random numbers, with how the key figures move.
#[derive(Debug, Clone, clap::Args)]
#[command(mut_arg("trials", |a| a.help(format!("Number of trials per case [default: {TRIALS}]"))))]
pub struct Args {
    /// The contract file (contracts/*.toml).
    pub contract: PathBuf,
    /// The scenario file (scenarios/*.toml).
    #[arg(long, short)]
    pub scenario: PathBuf,
    /// Run only these presets of the scenario (default: all of them).
    #[arg(long = "preset", value_name = "NAME")]
    pub presets: Vec<String>,
    /// Leave out the built-in shocks.
    #[arg(long)]
    pub no_shocks: bool,
    /// Also settle the expected world with every metric's measured effect exactly this
    /// (in the scenario's effect units, e.g. 0.075 for a 7.5% reduction); repeatable.
    #[arg(long, value_name = "EFFECT", allow_negative_numbers = true)]
    pub measured: Vec<f64>,
    #[command(flatten)]
    pub sim: Simulation,
    #[command(flatten)]
    pub emit: Emit,
}

/// The most `--measured` effects one command settles.
const MAX_MEASURED: usize = 100;

pub fn run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    let (result, warnings, contract, scenario) = compute(args)?;
    let stdout = emit(&result, args.emit.format, |r| {
        report::render(loc, &contract, &scenario, r)
    });
    Ok(Output {
        stdout,
        warnings,
        notes: Vec::new(),
    })
}

/// The analysis without its output: the result, the input files' warnings, and what its
/// table names.
pub(crate) fn compute(
    args: &Args,
) -> Result<(StressReport, Diagnostics, crate::model::Contract, String), Diagnostics> {
    let trials = args.sim.trials.unwrap_or(TRIALS);
    if let Some(x) = args
        .measured
        .iter()
        .find(|x| !x.is_finite() || x.abs() > 1e6)
    {
        return Err(Diagnostic::error(format!(
            "--measured {x} is not a measured effect (a number from -1,000,000 to 1,000,000)"
        ))
        .help("give the measured effect, e.g. --measured 0.075 for a 7.5% reduction")
        .into());
    }
    if args.measured.len() > MAX_MEASURED {
        return Err(Diagnostic::error(format!(
            "--measured is given {} times; sibyl settles at most {MAX_MEASURED} measured effects",
            args.measured.len()
        ))
        .help("pick the effects that matter: the threshold, and a few around it")
        .into());
    }
    check_trials(trials, 1, TRIALS)?;
    let c = load_contract(&args.contract)?;
    let s = load_scenario(&args.scenario, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(s.warnings.clone());
    let presets = if args.presets.is_empty() {
        (0..s.value.stresses.len()).collect()
    } else {
        // Each preset once, in the order first named (there are at most 64).
        let mut out = Vec::new();
        for name in &args.presets {
            match s.value.stress_index(name) {
                Some(i) if !out.contains(&i) => out.push(i),
                Some(_) => {}
                None => return Err(unknown_preset(name, &s.value)),
            }
        }
        out
    };
    let cases = stress::cases(&c.value, &s.value, &presets, !args.no_shocks);
    let models: Vec<Model> = cases
        .iter()
        .map(|case| Model::with_terms(&c.value, &case.scenario, args.sim.terms()))
        .collect();
    let refs: Vec<&Model> = models.iter().collect();
    let pool = thread_pool(args.sim.threads)?;
    let progress = Progress::new(trials.saturating_mul(2 * models.len() as u64));
    let pairs: Vec<(usize, usize)> = (1..models.len()).map(|b| (0, b)).collect();
    let (outcomes, differences) = pool.install(|| {
        paired::run_and_pair(&refs, &pairs, args.sim.seed, trials, &|t| {
            progress.advance(t);
        })
    });
    progress.finish();
    let names: Vec<String> = cases.iter().map(|c| format!("case {}", c.id)).collect();
    soundness::check_all(
        refs.iter()
            .copied()
            .zip(names.iter().map(|n| Some(n.as_str()))),
        args.sim.seed,
    )?;
    let measured = args
        .measured
        .iter()
        .map(|&x| stress::measured_case(&models[0], x))
        .collect();
    let result = StressReport {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        contract: FileRef::of(&c.source),
        scenario: FileRef::of(&s.source),
        seed: args.sim.seed,
        trials,
        terms: args.sim.terms(),
        currency: c.value.deal.currency.clone(),
        cases: cases
            .into_iter()
            .zip(outcomes)
            .map(|(case, o)| CaseResult {
                id: case.id,
                kind: case.kind,
                description: case.description,
                about: case.about,
                metrics: o.metrics,
                probabilities: o.probabilities,
                estimates: o.estimates,
                warnings: o.warnings,
            })
            .collect(),
        differences,
        measured,
    };
    Ok((result, warnings, c.value.clone(), s.value.name.clone()))
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
