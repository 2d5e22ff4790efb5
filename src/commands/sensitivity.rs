//! `sibyl sensitivity CONTRACT --scenario FILE --metric NAME`: a tornado and rank
//! correlations, as @RISK shows both.

use std::path::PathBuf;

use crate::analysis::FileRef;
use crate::analysis::sensitivity::{self, SensitivityReport, Target};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion_hint};
use crate::engine::Model;
use crate::i18n::Locale;
use crate::load::{load_contract, load_scenario};
use crate::report::sensitivity as report;

use super::run::{Progress, check_trials, stressed, thread_pool};
use super::{Emit, Output, Simulation, emit};

/// Trials when `--trials` is not given.
const TRIALS: u64 = 100_000;

/// What drives a metric: a tornado (each assumption from its p10 to its p90, the others
/// at their medians) and rank correlations from a Monte Carlo run.
#[derive(Debug, Clone, clap::Args)]
#[command(mut_arg("trials", |a| a.help(format!("Number of trials per tornado case and for the rank correlations (at most 1,000,000 of them) [default: {TRIALS}]"))))]
pub struct Args {
    /// The contract file (contracts/*.toml).
    pub contract: PathBuf,
    /// The scenario file (scenarios/*.toml).
    #[arg(long, short)]
    pub scenario: PathBuf,
    /// A metric or probability name as `sibyl run` reports it, e.g. tranche.bonds.irr.
    #[arg(long, short)]
    pub metric: String,
    /// Apply a stress preset of the scenario first.
    #[arg(long)]
    pub stress: Option<String>,
    #[command(flatten)]
    pub sim: Simulation,
    #[command(flatten)]
    pub emit: Emit,
}

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
) -> Result<
    (
        SensitivityReport,
        Diagnostics,
        crate::model::Contract,
        String,
    ),
    Diagnostics,
> {
    let trials = args.sim.trials.unwrap_or(TRIALS);
    check_trials(trials, 10, TRIALS)?;
    let c = load_contract(&args.contract)?;
    let s = load_scenario(&args.scenario, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(s.warnings.clone());
    let scenario = stressed(&s.value, args.stress.as_deref())?;
    let model = Model::with_terms(&c.value, &scenario, args.sim.terms());
    let target =
        Target::find(&model, &args.metric).ok_or_else(|| unknown_metric(&args.metric, &model))?;
    if sensitivity::varying(&scenario).is_empty() {
        return Err(Diagnostic::error(
            "every assumption of the scenario is fixed: nothing to swing",
        )
        .help("give the assumptions distributions, or use `sibyl stress` for what-if cases")
        .into());
    }
    let pool = thread_pool(args.sim.threads)?;
    let k = sensitivity::varying(&scenario).len() as u64;
    let progress = Progress::new(
        trials
            .saturating_mul(2 * k + 1)
            .saturating_add(trials.min(sensitivity::RANK_TRIALS)),
    );
    let swings = pool.install(|| {
        sensitivity::tornado(
            &c.value,
            &scenario,
            &args.metric,
            args.sim.seed,
            trials,
            args.sim.terms(),
            &|n| {
                progress.advance(n);
            },
        )
    });
    let rank_correlations = pool.install(|| {
        sensitivity::rank_correlations(&model, &args.metric, args.sim.seed, trials, &|n| {
            progress.advance(n);
        })
    });
    progress.finish();
    let (at_medians, tornado) = swings?;
    crate::analysis::soundness::check(&model, args.sim.seed, None)?;
    let result = SensitivityReport {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        contract: FileRef::of(&c.source),
        scenario: FileRef::of(&s.source),
        stress: args.stress.clone(),
        seed: args.sim.seed,
        trials,
        terms: args.sim.terms(),
        metric: args.metric.clone(),
        statistic: target.statistic(),
        currency: c.value.deal.currency.clone(),
        at_medians,
        tornado,
        rank_correlations,
    };
    Ok((result, warnings, c.value.clone(), scenario.name.clone()))
}

/// An unknown metric: the nearest of `run`'s metric and probability names.
pub(crate) fn unknown_metric(name: &str, model: &Model) -> Diagnostics {
    let names: Vec<&str> = model
        .metrics
        .metrics
        .iter()
        .map(|(n, _)| n.as_str())
        .chain(model.metrics.events.iter().map(|(n, _)| n.as_str()))
        .chain(model.metrics.estimates.iter().map(|e| e.name.as_str()))
        .collect();
    let hint = suggestion_hint(name, names.iter().copied(), "the metrics of this contract")
        .unwrap_or_else(|| {
            "`sibyl run ... --format json` lists every metric and probability".into()
        });
    Diagnostic::error(format!(
        "this contract has no metric, probability or estimate named `{name}`"
    ))
    .help(hint)
    .into()
}
