//! `sibyl breakeven CONTRACT --scenario FILE --assumption NAME [--target T] [--prob P]`: the
//! value of an assumption at which a target holds with a given probability.

use std::path::PathBuf;

use crate::analysis::FileRef;
use crate::analysis::breakeven::{BreakevenReport, Goal, Range, Search, goal_point};
use crate::analysis::sensitivity::Target;
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion_hint};
use crate::engine::Model;
use crate::i18n::Locale;
use crate::load::{load_contract, load_scenario};
use crate::report::breakeven as report;
use crate::stats::Probability;

use super::run::{Progress, check_trials, stressed, thread_pool};
use super::sensitivity::unknown_metric;
use super::{Emit, Output, Simulation, emit};

/// Trials when `--trials` is not given.
const TRIALS: u64 = 20_000;

/// The value of an assumption (typically the true effect) at which a target holds with
/// a given probability, by root-finding over Monte Carlo runs on common random numbers.
#[derive(Debug, Clone, clap::Args)]
#[command(mut_arg("trials", |a| a.help(format!("Number of trials per probability estimated [default: {TRIALS}]"))))]
pub struct Args {
    /// The contract file (contracts/*.toml).
    pub contract: PathBuf,
    /// The scenario file (scenarios/*.toml).
    #[arg(long, short)]
    pub scenario: PathBuf,
    /// The assumption to solve for.
    #[arg(long, short)]
    pub assumption: String,
    /// What must hold in a trial, e.g. 'tranche.investors.irr >= 0' or
    /// 'payer.city.paid <= 5_000_000' (default: the first tranche's IRR at least 0).
    #[arg(long, short, value_parser = Goal::parse)]
    pub target: Option<Goal>,
    /// The probability with which the target must hold.
    #[arg(long, default_value_t = 0.5, value_parser = parse_probability)]
    pub prob: f64,
    /// Apply a stress preset of the scenario first.
    #[arg(long)]
    pub stress: Option<String>,
    #[command(flatten)]
    pub sim: Simulation,
    #[command(flatten)]
    pub emit: Emit,
}

/// A probability strictly between 0 and 1.
fn parse_probability(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(p) if p > 0.0 && p < 1.0 => Ok(p),
        _ => Err(format!(
            "`{text}` is not a probability strictly between 0 and 1 (e.g. 0.5)"
        )),
    }
}

pub fn run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    // A search makes about 40 estimates of this many trials each.
    let trials = args.sim.trials.unwrap_or(TRIALS);
    check_trials(trials, 100, TRIALS)?;
    let c = load_contract(&args.contract)?;
    let s = load_scenario(&args.scenario, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(s.warnings.clone());
    let scenario = stressed(&s.value, args.stress.as_deref())?;
    let Some(assumption) = scenario.assumption_index(&args.assumption) else {
        let names = scenario.assumptions.iter().map(|a| a.id.as_str());
        let hint = suggestion_hint(&args.assumption, names, "the assumptions of this scenario")
            .unwrap_or_else(|| "this scenario has no assumptions".into());
        return Err(Diagnostic::error(format!(
            "no assumption named `{}` in {}",
            args.assumption, s.source.path
        ))
        .help(hint)
        .into());
    };
    let goal = match &args.target {
        Some(g) => g.clone(),
        None => match c.value.tranches.first() {
            Some(t) => Goal::parse(&format!("tranche.{}.irr >= 0", t.id))
                .expect("a generated target parses"),
            None => {
                return Err(Diagnostic::error(
                    "this contract has no tranche, so no default target",
                )
                .help("give one, e.g. --target 'payer.<id>.net_value >= 0'")
                .into());
            }
        },
    };
    let model = Model::with_terms(&c.value, &scenario, args.sim.terms());
    let on_estimate = match Target::find(&model, &goal.metric) {
        Some(Target::Metric(_)) => false,
        Some(Target::Estimate(_)) => true,
        Some(Target::Event(_)) => {
            return Err(Diagnostic::error(format!(
                "`{}` is a probability, not a metric",
                goal.metric
            ))
            .help("a target compares a metric of each trial, e.g. 'tranche.<id>.moic >= 1'")
            .into());
        }
        None => return Err(unknown_metric(&goal.metric, &model)),
    };
    let pool = thread_pool(args.sim.threads)?;
    let progress = Progress::new(trials.saturating_mul(45));
    let search = Search {
        contract: &c.value,
        scenario: &scenario,
        assumption,
        goal: &goal,
        prob: args.prob,
        seed: args.sim.seed,
        trials,
        on_estimate,
        terms: args.sim.terms(),
        unsound: Default::default(),
    };
    let found = pool.install(|| search.run(&|n| progress.advance(n)));
    // The target's probability in the scenario as written.
    let in_scenario = pool.install(|| {
        let x = goal_point(&model, &goal, args.sim.seed, trials, &|n| {
            progress.advance(n)
        });
        Probability { p: x.p, se: x.se }
    });
    progress.finish();
    if let Some(e) = search
        .unsound
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
    {
        return Err(e);
    }
    crate::analysis::soundness::check(&model, args.sim.seed, None)?;
    let range = |(low, high): (f64, f64)| Range { low, high };
    let result = BreakevenReport {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        contract: FileRef::of(&c.source),
        scenario: FileRef::of(&s.source),
        stress: args.stress.clone(),
        seed: args.sim.seed,
        trials,
        terms: args.sim.terms(),
        assumption: args.assumption.clone(),
        target: goal.to_string(),
        statistic: if on_estimate {
            "estimate"
        } else {
            "probability"
        },
        prob: args.prob,
        status: found.status,
        value: found.value,
        band: found.band.map(range),
        other_crossings: found.other_crossings,
        increasing: found.increasing,
        searched: range(found.searched),
        scenario_median: scenario.assumptions[assumption].dist.quantile(0.5),
        scenario_probability: in_scenario,
        evaluations: found.evaluations,
    };
    let stdout = emit(&result, args.emit.format, |r| {
        report::render(loc, &c.value, &scenario.name, r)
    });
    Ok(Output {
        stdout,
        warnings,
        notes: Vec::new(),
    })
}
