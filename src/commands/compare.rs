//! `sibyl compare CONTRACT... --scenario FILE`: several designs under one scenario on
//! common random numbers, side by side, with paired differences.

use std::path::PathBuf;

use crate::analysis::compare::{Comparison, Design};
use crate::analysis::run::Outcome;
use crate::analysis::{FileRef, ScenarioRef};
use crate::analysis::{paired, soundness};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::engine::Model;
use crate::i18n::Locale;
use crate::load::{Loaded, load_contract, load_scenario};
use crate::model::{Contract, Scenario};
use crate::report::compare as report;

use super::run::{Progress, check_trials, stressed, thread_pool};
use super::{Emit, Output, Simulation, emit};

/// Trials when `--trials` is not given.
const TRIALS: u64 = 100_000;

/// Compare designs under one scenario on common random numbers: each design's figures
/// side by side, and paired differences with their standard errors.
#[derive(Debug, Clone, clap::Args)]
#[command(mut_arg("trials", |a| a.help(format!("Number of trials per design [default: {TRIALS}]"))))]
pub struct Args {
    /// Two to 16 contract files (the same file twice shows differences of exactly 0).
    #[arg(required = true, num_args = 2..)]
    pub contracts: Vec<PathBuf>,
    /// The scenario file, checked against every design.
    #[arg(long, short)]
    pub scenario: PathBuf,
    #[command(flatten)]
    pub sim: Simulation,
    /// Apply a stress preset of the scenario to every design.
    #[arg(long)]
    pub stress: Option<String>,
    #[command(flatten)]
    pub emit: Emit,
    #[command(flatten)]
    pub part: PartArgs,
}

/// `--shard`, and the folder its part goes to.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PartArgs {
    /// Compute only shard I of N of the comparison (numbered from 1), or `auto` to read I
    /// and N from a Slurm job array or a Kubernetes Indexed Job, and write the part into
    /// --out for `sibyl merge` (see docs/cluster.md).
    #[arg(long, value_name = "I/N|auto", value_parser = super::shard::parse, requires = "out")]
    pub shard: Option<super::shard::ShardArg>,
    /// With --shard: the folder the part is written to.
    #[arg(long, requires = "shard")]
    pub out: Option<PathBuf>,
    /// Replace a folder that holds a different run or part.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// A usage error the parser cannot see: `--shard auto` outside a scheduler.
pub fn usage_error(args: &Args) -> Option<(Vec<&'static str>, String)> {
    let message = args.part.shard?.resolve().err()?;
    Some((vec!["compare"], message))
}

/// The most designs one comparison runs (each pair is differenced: 16 designs, 120 pairs).
pub const MAX_DESIGNS: usize = 16;

pub fn run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    if let Some(shard) = args.part.shard {
        return run_part(args, shard, loc);
    }
    let (comparison, warnings, scenario) = compute(args)?;
    let stdout = emit(&comparison, args.emit.format, |r| {
        report::render(loc, &scenario, r)
    });
    Ok(Output {
        stdout,
        warnings,
        notes: Vec::new(),
    })
}

/// The analysis without its output: the result, the input files' warnings, and what its
/// table names.
/// The designs and the scenario (stressed, once per design) as `compare` reads them, and
/// their warnings, each said once.
type Designs = (
    Vec<(Loaded<Contract>, Loaded<Scenario>)>,
    Vec<Scenario>,
    Diagnostics,
);

fn load_designs(args: &Args, trials: u64) -> Result<Designs, Diagnostics> {
    check_trials(trials, 1, TRIALS)?;
    if args.contracts.len() > MAX_DESIGNS {
        return Err(Diagnostic::error(format!(
            "{} designs given; sibyl compares at most {MAX_DESIGNS} at once",
            args.contracts.len()
        ))
        .help("every pair of designs is differenced: compare the designs that matter, or run `sibyl run` on each")
        .into());
    }
    let mut loaded = Vec::new();
    for path in &args.contracts {
        let c = load_contract(path)?;
        let s = load_scenario(&args.scenario, &c.value)?;
        loaded.push((c, s));
    }
    designs_of(loaded, args.stress.as_deref())
}

/// Loaded designs checked (one currency), their scenarios stressed, their warnings once.
pub(crate) fn designs_of(
    loaded: Vec<(Loaded<Contract>, Loaded<Scenario>)>,
    stress: Option<&str>,
) -> Result<Designs, Diagnostics> {
    let mut warnings = Diagnostics::default();
    for (c, s) in &loaded {
        // The scenario is read once per design: say each of its warnings once.
        for d in c.warnings.iter().chain(s.warnings.iter()) {
            if !warnings.iter().any(|w| w.to_string() == d.to_string()) {
                warnings.push(d.clone());
            }
        }
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
        scenarios.push(stressed(&s.value, stress)?);
    }
    Ok((loaded, scenarios, warnings))
}

/// Every pair of `n` designs, `a < b`.
pub(crate) fn pairs(n: usize) -> Vec<(usize, usize)> {
    (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .collect()
}

pub(crate) fn compute(args: &Args) -> Result<(Comparison, Diagnostics, String), Diagnostics> {
    let trials = args.sim.trials.unwrap_or(TRIALS);
    let (loaded, scenarios, warnings) = load_designs(args, trials)?;
    let models: Vec<Model> = loaded
        .iter()
        .zip(&scenarios)
        .map(|((c, _), s)| Model::with_terms(&c.value, s, args.sim.terms()))
        .collect();
    let refs: Vec<&Model> = models.iter().collect();
    let pool = thread_pool(args.sim.threads)?;
    // Each design once on its own (as `run`), then all together for the differences.
    let progress = Progress::new(trials.saturating_mul(2 * models.len() as u64));
    let pairs = pairs(models.len());
    let (outcomes, differences) = pool.install(|| {
        paired::run_and_pair(&refs, &pairs, args.sim.seed, trials, &|t| {
            progress.advance(t);
        })
    });
    progress.finish();
    let names: Vec<String> = loaded
        .iter()
        .map(|(c, _)| format!("design {}", c.source.path))
        .collect();
    soundness::check_all(
        refs.iter()
            .copied()
            .zip(names.iter().map(|n| Some(n.as_str()))),
        args.sim.seed,
    )?;
    let comparison = comparison_of(
        &loaded,
        args.stress.clone(),
        args.sim.seed,
        trials,
        args.sim.terms(),
        outcomes,
        differences,
    );
    Ok((comparison, warnings, scenarios[0].name.clone()))
}

/// The comparison of the loaded designs from their outcomes and differences.
pub(crate) fn comparison_of(
    loaded: &[(Loaded<Contract>, Loaded<Scenario>)],
    stress: Option<String>,
    seed: u64,
    trials: u64,
    terms: crate::engine::Reporting,
    outcomes: Vec<Outcome>,
    differences: Vec<paired::Difference>,
) -> Comparison {
    let (_, s0) = &loaded[0];
    Comparison {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        scenario: ScenarioRef::of(&s0.source, stress),
        seed,
        trials,
        terms,
        designs: loaded
            .iter()
            .zip(outcomes)
            .map(|((c, _), o)| Design {
                contract: FileRef::of(&c.source),
                name: c.value.deal.name.clone(),
                currency: c.value.deal.currency.clone(),
                metrics: o.metrics,
                probabilities: o.probabilities,
                estimates: o.estimates,
                warnings: o.warnings,
            })
            .collect(),
        differences,
    }
}

/// Shard `shard` of a comparison: simulates its blocks of every design and pair and writes
/// the part into `--out`.
fn run_part(
    args: &Args,
    shard: super::shard::ShardArg,
    loc: &Locale,
) -> Result<Output, Diagnostics> {
    let shard = shard
        .resolve()
        .map_err(|m| Diagnostics::from(Diagnostic::error(m)))?;
    let trials = args.sim.trials.unwrap_or(TRIALS);
    let (loaded, scenarios, warnings) = load_designs(args, trials)?;
    let models: Vec<Model> = loaded
        .iter()
        .zip(&scenarios)
        .map(|((c, _), s)| Model::with_terms(&c.value, s, args.sim.terms()))
        .collect();
    let refs: Vec<&Model> = models.iter().collect();
    let pool = thread_pool(args.sim.threads)?;
    let input = super::shard::ComparePartInput {
        contracts: loaded.iter().map(|(c, _)| c.source.as_ref()).collect(),
        scenario: &loaded[0].1.source,
        stress: args.stress.as_deref(),
        seed: args.sim.seed,
        trials,
        terms: args.sim.terms(),
    };
    let out = args
        .part
        .out
        .as_deref()
        .expect("clap requires --out with --shard");
    let notes = pool.install(|| {
        super::shard::compare_part(
            &refs,
            &pairs(refs.len()),
            &input,
            shard,
            out,
            args.part.force,
            loc,
        )
    })?;
    Ok(Output {
        stdout: String::new(),
        warnings,
        notes,
    })
}
