//! `sibyl sensitivity CONTRACT --scenario FILE --metric NAME`: a tornado and rank
//! correlations, as @RISK shows both.

use std::path::PathBuf;

use serde::Serialize;

use crate::analysis::run::FileRef;
use crate::analysis::sensitivity::{self, Estimate, RankCorrelation, Swing, Target};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion_hint};
use crate::engine::Model;
use crate::report::sensitivity as report;
use crate::validate::{load_contract, load_scenario};

use super::Output;
use super::run::{Format, Progress, check_trials, stressed, thread_pool};

#[derive(Debug, Clone)]
pub struct SensitivityArgs {
    pub contract: PathBuf,
    pub scenario: PathBuf,
    pub metric: String,
    pub stress: Option<String>,
    pub trials: u64,
    pub seed: u64,
    pub threads: Option<usize>,
    pub format: Format,
}

/// What `sensitivity --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct SensitivityReport {
    pub sibyl_version: &'static str,
    pub contract: FileRef,
    pub scenario: FileRef,
    pub stress: Option<String>,
    pub seed: u64,
    pub trials: u64,
    pub metric: String,
    /// `mean` for a metric (over the trials where it is defined), `probability` for one of
    /// `run`'s probabilities.
    pub statistic: &'static str,
    pub currency: String,
    /// The metric with every assumption at its median.
    pub at_medians: Estimate,
    /// Widest swing first.
    pub tornado: Vec<Swing>,
    /// Strongest first.
    pub rank_correlations: Vec<RankCorrelation>,
}

pub fn run(args: &SensitivityArgs) -> Result<Output, Diagnostics> {
    check_trials(args.trials, 10, 100_000)?;
    let c = load_contract(&args.contract)?;
    let s = load_scenario(&args.scenario, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(s.warnings.clone());
    let scenario = stressed(&s.value, args.stress.as_deref())?;
    let model = Model::new(&c.value, &scenario);
    let target =
        Target::find(&model, &args.metric).ok_or_else(|| unknown_metric(&args.metric, &model))?;
    if sensitivity::varying(&scenario).is_empty() {
        return Err(Diagnostic::error(
            "every assumption of the scenario is fixed: nothing to swing",
        )
        .help("give the assumptions distributions, or use `sibyl stress` for what-if cases")
        .into());
    }
    let pool = thread_pool(args.threads)?;
    let k = sensitivity::varying(&scenario).len() as u64;
    let progress = Progress::new(
        args.trials
            .saturating_mul(2 * k + 1)
            .saturating_add(args.trials.min(sensitivity::RANK_TRIALS)),
    );
    let (at_medians, tornado) = pool.install(|| {
        sensitivity::tornado(
            &c.value,
            &scenario,
            &args.metric,
            args.seed,
            args.trials,
            &|n| {
                progress.advance(n);
            },
        )
    });
    let rank_correlations = pool.install(|| {
        sensitivity::rank_correlations(&model, &args.metric, args.seed, args.trials, &|n| {
            progress.advance(n);
        })
    });
    progress.finish();
    let result = SensitivityReport {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        contract: FileRef::of(&c.source),
        scenario: FileRef::of(&s.source),
        stress: args.stress.clone(),
        seed: args.seed,
        trials: args.trials,
        metric: args.metric.clone(),
        statistic: match target {
            Target::Metric(_) => "mean",
            Target::Event(_) => "probability",
        },
        currency: c.value.deal.currency.clone(),
        at_medians,
        tornado,
        rank_correlations,
    };
    let stdout = match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&result).expect("a sensitivity report is plain JSON")
                + "\n"
        }
        Format::Table => report::render(&c.value, &scenario.name, &result),
    };
    Ok(Output { stdout, warnings })
}

/// An unknown metric: the nearest of `run`'s metric and probability names.
pub(crate) fn unknown_metric(name: &str, model: &Model) -> Diagnostics {
    let names: Vec<&str> = model
        .metrics
        .metrics
        .iter()
        .map(|(n, _)| n.as_str())
        .chain(model.metrics.events.iter().map(|(n, _)| n.as_str()))
        .collect();
    let hint = suggestion_hint(name, names.iter().copied(), "the metrics of this contract")
        .unwrap_or_else(|| {
            "`sibyl run ... --format json` lists every metric and probability".into()
        });
    Diagnostic::error(format!("this contract has no metric named `{name}`"))
        .help(hint)
        .into()
}
