//! `sibyl run CONTRACT --scenario FILE ...`: simulate and summarise.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::analysis::run::{self, RunSettings, RunSummary};
use crate::analysis::{FileRef, ScenarioRef, provenance};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion_hint};
use crate::engine::Model;
use crate::load::{load_contract, load_scenario};
use crate::output;
use crate::report::run_table;

use super::{Emit, Output, Simulation, emit};

/// Trials when `--trials` is not given.
const TRIALS: u64 = 100_000;

/// Simulate a contract under a scenario and summarise every party's results.
#[derive(Debug, Clone, clap::Args)]
#[command(mut_arg("trials", |a| a.help(format!("Number of trials [default: {TRIALS}]"))))]
pub struct Args {
    /// The contract file (contracts/*.toml).
    pub contract: PathBuf,
    /// The scenario file (scenarios/*.toml).
    #[arg(long, short)]
    pub scenario: PathBuf,
    #[command(flatten)]
    pub sim: Simulation,
    /// Apply a stress preset of the scenario.
    #[arg(long)]
    pub stress: Option<String>,
    /// Keep adding trials until the key standard errors are below this (IRR and MOIC in
    /// rate units, amounts paid as a share of their mean).
    #[arg(long)]
    pub precision: Option<f64>,
    /// The most trials --precision may use.
    #[arg(long, default_value_t = 10_000_000)]
    pub max_trials: u64,
    /// Folder for summary.json and trials.csv (default output/<contract>-<scenario>-s<seed>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub emit: Emit,
    /// Also write trials.csv: a row per trial with the sampled assumptions and the metrics.
    #[arg(long)]
    pub per_trial: bool,
    /// Overwrite an existing run folder that holds a different run.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &Args) -> Result<Output, Diagnostics> {
    let trials = checked_trials(args)?;
    let c = load_contract(&args.contract)?;
    let s = load_scenario(&args.scenario, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(s.warnings.clone());
    let scenario = stressed(&s.value, args.stress.as_deref())?;
    let model = Model::with_terms(&c.value, &scenario, args.sim.terms());
    let settings = RunSettings {
        trials,
        seed: args.sim.seed,
        precision: args.precision,
        max_trials: args.max_trials.max(trials),
        keep_draws: args.per_trial,
    };
    let pool = thread_pool(args.sim.threads)?;
    let contract = FileRef {
        path: c.source.path.clone(),
        sha256: provenance::sha256(&c.source.text),
    };
    let scenario_ref = ScenarioRef {
        path: s.source.path.clone(),
        sha256: provenance::sha256(&s.source.text),
        stress: args.stress.clone(),
    };
    let dir = run_dir(args, trials, &contract, &scenario_ref)?;
    let progress = Progress::new(if args.precision.is_some() {
        settings.max_trials
    } else {
        settings.trials
    });
    let csv_path = dir.join("trials.csv");
    let mut csv = match args.per_trial {
        true => Some(output::AtomicFile::create(&csv_path)?),
        false => None,
    };
    if let Some(f) = csv.as_mut() {
        f.write(&output::csv::header(&model))?;
    }
    let rows = |b: &crate::engine::BlockData| output::csv::block_rows(&model, b);
    let simulated = pool.install(|| {
        run::simulate(
            &model,
            &settings,
            csv.as_mut().map(|f| run::PerTrial {
                rows: &rows,
                sink: f as &mut dyn std::io::Write,
            }),
            &|n| progress.advance(n),
        )
    });
    progress.finish();
    let (acc, precise) = simulated.map_err(|e| output::write_error(&csv_path, &e))?;
    if let Some(f) = csv {
        f.commit()?;
    }
    let key_errors = acc.key_errors(&model);
    let trials = acc.trials;
    let estimates = run::estimates(&model, &acc);
    let (metrics, probabilities) = pool.install(|| run::summarise(&model, &settings, acc));
    let run_warnings = run::warnings(
        &model,
        &probabilities,
        &estimates,
        &key_errors,
        &settings,
        precise,
    );
    let summary = RunSummary {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        contract,
        scenario: scenario_ref,
        seed: args.sim.seed,
        trials,
        terms: args.sim.terms(),
        metrics,
        probabilities,
        estimates,
        warnings: run_warnings,
    };
    output::write_atomic(&dir.join("summary.json"), super::json(&summary).as_bytes())?;
    let stdout = emit(&summary, args.emit.format, |summary| {
        run_table::render(&c.value, &scenario.name, summary)
    });
    Ok(Output { stdout, warnings })
}

/// The trial count, and `--precision` if given, checked before any file is read.
fn checked_trials(args: &Args) -> Result<u64, Diagnostics> {
    let trials = args.sim.trials.unwrap_or(TRIALS);
    if trials == 0 {
        return Err(Diagnostic::error("--trials must be at least 1")
            .help(format!("the default is {TRIALS}"))
            .into());
    }
    if let Some(p) = args.precision {
        if !(p > 0.0 && p.is_finite()) {
            return Err(Diagnostic::error(format!(
                "--precision must be a positive number, found {p}"
            ))
            .help("e.g. --precision 0.001 (a 0.1% standard error)")
            .into());
        }
    }
    Ok(trials)
}

/// The run folder, ready for this run's files: it may already hold this same run (same
/// version, inputs, stress, seed, terms and trials), which is overwritten; a different run
/// needs `--force`. The default folder of a run in real terms ends in `-real`.
fn run_dir(
    args: &Args,
    trials: u64,
    contract: &FileRef,
    scenario: &ScenarioRef,
) -> Result<PathBuf, Diagnostics> {
    let dir = args.out.clone().unwrap_or_else(|| {
        let dir = output::default_run_dir(
            &args.contract,
            &args.scenario,
            args.stress.as_deref(),
            args.sim.seed,
        );
        if args.sim.real {
            let mut name = dir.file_name().unwrap_or_default().to_os_string();
            name.push("-real");
            dir.with_file_name(name)
        } else {
            dir
        }
    });
    let same_inputs = |previous: &serde_json::Value| {
        previous["sibyl_version"] == env!("CARGO_PKG_VERSION")
            && previous["contract"]["sha256"] == contract.sha256.as_str()
            && previous["scenario"]["sha256"] == scenario.sha256.as_str()
            && previous["scenario"]["stress"] == serde_json::to_value(&args.stress).unwrap_or_default()
            && previous["seed"] == args.sim.seed
            && previous["terms"] == serde_json::to_value(args.sim.terms()).unwrap_or_default()
            // An auto-stopping run reaches the same trial count from the same inputs.
            && (args.precision.is_some() || previous["trials"] == trials)
    };
    output::prepare_run_dir(&dir, args.force, same_inputs)?;
    Ok(dir)
}

/// The most trials an analysis runs (each trial is simulated once per design or case).
pub(crate) const MAX_ANALYSIS_TRIALS: u64 = 1_000_000_000;

/// `--trials` within `min..=MAX_ANALYSIS_TRIALS`, with the default in the help.
pub(crate) fn check_trials(trials: u64, min: u64, default: u64) -> Result<(), Diagnostics> {
    if trials < min {
        return Err(
            Diagnostic::error(format!("--trials must be at least {min}"))
                .help(format!("the default is {default}"))
                .into(),
        );
    }
    if trials > MAX_ANALYSIS_TRIALS {
        return Err(Diagnostic::error(format!(
            "--trials {trials} is more than this analysis runs ({MAX_ANALYSIS_TRIALS})"
        ))
        .help("standard errors shrink with the square root of the trials: 1,000,000 already gives a tenth of 100,000's")
        .into());
    }
    Ok(())
}

/// The scenario with the named stress preset applied, if one is named.
pub(crate) fn stressed(
    s: &crate::model::Scenario,
    preset: Option<&str>,
) -> Result<crate::model::Scenario, Diagnostics> {
    match preset {
        None => Ok(s.clone()),
        Some(name) => match s.stress_index(name) {
            Some(i) => Ok(s.with_stress(i)),
            None => Err(unknown_stress(name, s)),
        },
    }
}

pub(crate) fn unknown_stress(name: &str, s: &crate::model::Scenario) -> Diagnostics {
    let names: Vec<&str> = s.stresses.iter().map(|p| p.id.as_str()).collect();
    let hint = suggestion_hint(name, names.iter().copied(), "the presets in this scenario")
        .unwrap_or_else(|| {
            "this scenario defines no stress presets; add [stress.<name>] tables".into()
        });
    Diagnostic::error(format!("no stress preset named `{name}`"))
        .help(hint)
        .into()
}

pub(crate) fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Diagnostics> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        if t == 0 {
            return Err(Diagnostic::error("--threads must be at least 1")
                .help("leave it out to use every core")
                .into());
        }
        b = b.num_threads(t);
    }
    b.build()
        .map_err(|e| Diagnostic::error(format!("cannot start worker threads: {e}")).into())
}

/// A progress bar on stderr, shown only for runs longer than a second on a terminal.
pub(crate) struct Progress {
    bar: ProgressBar,
    started: Instant,
    visible: bool,
}

impl Progress {
    pub(crate) fn new(total: u64) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {pos}/{len} trials simulated [{elapsed_precise}] {wide_bar} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Progress {
            bar,
            started: Instant::now(),
            visible: std::io::stderr().is_terminal(),
        }
    }

    pub(crate) fn advance(&self, n: u64) {
        self.bar.inc(n);
        if self.visible && self.bar.is_hidden() && self.started.elapsed() > Duration::from_secs(1) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
