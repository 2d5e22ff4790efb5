//! `sibyl breakeven CONTRACT --scenario FILE --assumption NAME [--target T] [--prob P]`: the
//! value of an assumption at which a target holds with a given probability.

use std::path::PathBuf;

use serde::Serialize;

use crate::analysis::breakeven::{Goal, Point, Search, Status, goal_probability};
use crate::analysis::run::FileRef;
use crate::analysis::sensitivity::Target;
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion_hint};
use crate::engine::Model;
use crate::report::breakeven as report;
use crate::stats::Probability;
use crate::validate::{load_contract, load_scenario};

use super::Output;
use super::run::{Format, Progress, check_trials, stressed, thread_pool};
use super::sensitivity::unknown_metric;

#[derive(Debug, Clone)]
pub struct BreakevenArgs {
    pub contract: PathBuf,
    pub scenario: PathBuf,
    pub assumption: String,
    /// Default: the first tranche's IRR at least 0.
    pub target: Option<Goal>,
    pub prob: f64,
    pub stress: Option<String>,
    pub trials: u64,
    pub seed: u64,
    pub threads: Option<usize>,
    pub format: Format,
}

/// What `breakeven --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct BreakevenReport {
    pub sibyl_version: &'static str,
    pub contract: FileRef,
    pub scenario: FileRef,
    pub stress: Option<String>,
    pub seed: u64,
    /// Trials per probability estimated.
    pub trials: u64,
    pub assumption: String,
    pub target: String,
    pub prob: f64,
    /// `found`; `always_above` or `always_below` (not reached within the values searched);
    /// `not_identified` (within Monte Carlo noise of `prob` everywhere); `no_influence`
    /// (identical estimates at every value).
    pub status: Status,
    /// The lowest value where the target's probability crosses `prob`.
    pub value: Option<f64>,
    /// Around `value`, where the estimated probability is within 1.96 standard errors of
    /// `prob`: the 95% Monte Carlo band.
    pub band: Option<Range>,
    /// Other values where the probability crosses `prob` (approximate).
    pub other_crossings: Vec<f64>,
    /// Whether a higher value makes the target more likely.
    pub increasing: bool,
    pub searched: Range,
    /// The assumption's median in the scenario, and the target's probability in the
    /// scenario as written.
    pub scenario_median: f64,
    pub scenario_probability: Probability,
    pub evaluations: Vec<Point>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

pub fn run(args: &BreakevenArgs) -> Result<Output, Diagnostics> {
    check_trials(args.trials, 100, 20_000)?;
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
    let model = Model::new(&c.value, &scenario);
    match Target::find(&model, &goal.metric) {
        Some(Target::Metric(_)) => {}
        Some(Target::Event(_)) => {
            return Err(Diagnostic::error(format!(
                "`{}` is a probability, not a metric",
                goal.metric
            ))
            .help("a target compares a metric of each trial, e.g. 'tranche.<id>.moic >= 1'")
            .into());
        }
        None => return Err(unknown_metric(&goal.metric, &model)),
    }
    let pool = thread_pool(args.threads)?;
    let progress = Progress::new(args.trials.saturating_mul(45));
    let search = Search {
        contract: &c.value,
        scenario: &scenario,
        assumption,
        goal: &goal,
        prob: args.prob,
        seed: args.seed,
        trials: args.trials,
    };
    let found = pool.install(|| search.run(&|n| progress.advance(n)));
    // The target's probability in the scenario as written.
    let in_scenario = pool.install(|| {
        let x = goal_probability(&model, &goal, args.seed, args.trials, &|n| {
            progress.advance(n)
        });
        Probability { p: x.p, se: x.se }
    });
    progress.finish();
    let range = |(low, high): (f64, f64)| Range { low, high };
    let result = BreakevenReport {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        contract: FileRef::of(&c.source),
        scenario: FileRef::of(&s.source),
        stress: args.stress.clone(),
        seed: args.seed,
        trials: args.trials,
        assumption: args.assumption.clone(),
        target: goal.to_string(),
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
    let stdout = match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&result).expect("a breakeven report is plain JSON") + "\n"
        }
        Format::Table => report::render(&c.value, &scenario.name, &result),
    };
    Ok(Output { stdout, warnings })
}
