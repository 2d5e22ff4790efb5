//! `sibyl run CONTRACT --scenario FILE ...`: simulate and summarise.

use std::io::IsTerminal;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::analysis::run::{self, RunSettings, RunSummary};
use crate::analysis::{FileRef, ScenarioRef, provenance, split};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion_hint};
use crate::engine::Model;
use crate::i18n::Locale;
use crate::load::{load_contract, load_scenario};
use crate::output;
use crate::report::{run_table, split_table};

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
    /// With --precision: the most trials to use, exactly [default: 10,000,000; at most
    /// 1,000,000,000].
    #[arg(long)]
    pub max_trials: Option<u64>,
    /// Write the run to this folder: summary.json, trials.csv (with --per-trial) and
    /// manifest.json, in place only once complete (without --out nothing is written).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub emit: Emit,
    /// Also write trials.csv into the --out folder: a row per trial with the sampled
    /// assumptions and the metrics.
    #[arg(long, requires = "out")]
    pub per_trial: bool,
    /// With --per-trial: the per-trial table's format, trials.csv or trials.parquet
    /// (Parquet needs a sibyl built with `--features parquet`).
    #[arg(long, value_enum, default_value_t = PerTrialFormat::Csv, requires = "per_trial")]
    pub per_trial_format: PerTrialFormat,
    /// Replace a run folder that holds a different run.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Compute only shard I of N of the run (numbered from 1), or `auto` to read I and N
    /// from a Slurm job array or a Kubernetes Indexed Job, and write the part into --out
    /// for `sibyl merge` (see docs/cluster.md).
    #[arg(long, value_name = "I/N|auto", value_parser = super::shard::parse, requires = "out", conflicts_with_all = ["precision", "max_trials"])]
    pub shard: Option<super::shard::ShardArg>,
    /// Split each key figure's variance between the parameters (the scenario's unknowns
    /// about the world) and chance: an outer loop of parameter draws, each with an inner
    /// run of trials (see --outer, --inner).
    #[arg(long, conflicts_with_all = ["trials", "precision", "max_trials", "out", "shard"])]
    pub split_uncertainty: bool,
    /// With --split-uncertainty: the parameter draws [default: 200; 2 to 10,000].
    #[arg(long, requires = "split_uncertainty")]
    pub outer: Option<u64>,
    /// With --split-uncertainty: the trials of each parameter draw [default: 1,000; 2 to
    /// 10,000,000].
    #[arg(long, requires = "split_uncertainty")]
    pub inner: Option<u64>,
}

/// A usage error the parser cannot see: `--shard auto` outside a scheduler.
pub fn usage_error(args: &Args) -> Option<(Vec<&'static str>, String)> {
    let shard = args.shard?;
    if args.per_trial_format == PerTrialFormat::Parquet {
        return Some((
            vec!["run"],
            "--shard writes its trials' rows as trials.csv, which `sibyl merge` joins; \
             --per-trial-format parquet is for a run on one machine"
                .into(),
        ));
    }
    let message = shard.resolve().err()?;
    Some((vec!["run"], message))
}

/// The file `--per-trial` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PerTrialFormat {
    /// trials.csv: text, a row per trial.
    Csv,
    /// trials.parquet: Apache Parquet, columnar (needs the cargo feature `parquet`).
    Parquet,
}

/// The per-trial file being written: `trials.csv`, or `trials.parquet` through its writer.
enum PerTrialFile {
    Csv(output::folder::HashedFile),
    #[cfg(feature = "parquet")]
    Parquet(
        Box<output::parquet::Writer<output::folder::HashedFile>>,
        PathBuf,
    ),
}

impl PerTrialFile {
    fn sink(&mut self) -> &mut dyn std::io::Write {
        match self {
            PerTrialFile::Csv(f) => f,
            #[cfg(feature = "parquet")]
            PerTrialFile::Parquet(w, _) => w.as_mut(),
        }
    }

    fn path(&self) -> PathBuf {
        match self {
            PerTrialFile::Csv(f) => f.path().to_path_buf(),
            #[cfg(feature = "parquet")]
            PerTrialFile::Parquet(_, p) => p.clone(),
        }
    }

    /// The finished file, for the folder's manifest.
    fn finish(self) -> Result<output::folder::HashedFile, Diagnostics> {
        match self {
            PerTrialFile::Csv(f) => Ok(f),
            #[cfg(feature = "parquet")]
            PerTrialFile::Parquet(w, path) => {
                w.finish().map_err(|e| output::write_error(&path, &e))
            }
        }
    }
}

/// Opens the per-trial file in the run folder and writes what comes before the rows.
fn per_trial_file(
    folder: &output::folder::RunFolder,
    format: PerTrialFormat,
    model: &Model,
    seed: u64,
    trials: u64,
) -> Result<PerTrialFile, Diagnostics> {
    match format {
        PerTrialFormat::Csv => {
            let mut f = folder.create("trials.csv")?;
            f.write_all(&output::csv::header(model))
                .map_err(|e| output::write_error(f.path(), &e))?;
            Ok(PerTrialFile::Csv(f))
        }
        #[cfg(feature = "parquet")]
        PerTrialFormat::Parquet => {
            let f = folder.create(output::parquet::FILE)?;
            let path = f.path().to_path_buf();
            let w = output::parquet::Writer::new(f, model, seed, trials)
                .map_err(|e| output::write_error(&path, &e))?;
            Ok(PerTrialFile::Parquet(Box::new(w), path))
        }
        #[cfg(not(feature = "parquet"))]
        PerTrialFormat::Parquet => {
            let _ = (seed, trials);
            Err(output::parquet::unavailable())
        }
    }
}

pub fn run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    if args.split_uncertainty {
        return split_uncertainty(args, loc);
    }
    let trials = checked_trials(args)?;
    if args.per_trial_format == PerTrialFormat::Parquet && !output::parquet::AVAILABLE {
        return Err(output::parquet::unavailable());
    }
    let c = load_contract(&args.contract)?;
    let s = load_scenario(&args.scenario, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(s.warnings.clone());
    let scenario = stressed(&s.value, args.stress.as_deref())?;
    let model = Model::with_terms(&c.value, &scenario, args.sim.terms());
    let max_trials = args.max_trials.unwrap_or(MAX_TRIALS);
    let settings = RunSettings {
        trials: starting_trials(trials, args.precision, max_trials),
        seed: args.sim.seed,
        precision: args.precision,
        max_trials,
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
    if let Some(shard) = args.shard {
        let shard = shard
            .resolve()
            .map_err(|m| Diagnostics::from(Diagnostic::error(m)))?;
        let input = super::shard::RunPart {
            contract: &c.source,
            scenario: &s.source,
            stress: args.stress.as_deref(),
            seed: args.sim.seed,
            trials,
            terms: args.sim.terms(),
            per_trial: args.per_trial,
        };
        let out = args
            .out
            .as_deref()
            .expect("clap requires --out with --shard");
        let notes =
            pool.install(|| super::shard::run_part(&model, &input, shard, out, args.force, loc))?;
        return Ok(Output {
            stdout: String::new(),
            warnings,
            notes,
        });
    }
    let mut folder = match &args.out {
        Some(dir) => Some(output::folder::RunFolder::begin(
            dir,
            args.force,
            identity(args, trials, &contract, &scenario_ref),
        )?),
        None => None,
    };
    let progress = Progress::in_language(
        if args.precision.is_some() {
            max_trials
        } else {
            settings.trials
        },
        loc,
    );
    let most_trials = if args.precision.is_some() {
        max_trials
    } else {
        settings.trials
    };
    let mut per_trial = match (&folder, args.per_trial) {
        (Some(f), true) => Some(per_trial_file(
            f,
            args.per_trial_format,
            &model,
            args.sim.seed,
            most_trials,
        )?),
        _ => None,
    };
    let per_trial_path = per_trial.as_ref().map(PerTrialFile::path);
    let rows = |b: &crate::engine::BlockData| match args.per_trial_format {
        PerTrialFormat::Csv => output::csv::block_rows(&model, args.sim.seed, b),
        PerTrialFormat::Parquet => output::parquet::block_values(&model, args.sim.seed, b),
    };
    let simulated = pool.install(|| {
        run::simulate(
            &model,
            &settings,
            per_trial.as_mut().map(|f| run::PerTrial {
                rows: &rows,
                sink: f.sink(),
            }),
            &|n| progress.advance(n),
        )
    });
    progress.finish();
    let (acc, precise) = simulated.map_err(|e| {
        output::write_error(
            per_trial_path.as_deref().unwrap_or(Path::new("trials.csv")),
            &e,
        )
    })?;
    crate::analysis::soundness::check(&model, args.sim.seed, None)?;
    if let (Some(folder), Some(f)) = (folder.as_mut(), per_trial) {
        folder.add(f.finish()?)?;
    }
    let summary = summary_of(
        &model,
        &settings,
        acc,
        precise,
        contract,
        scenario_ref,
        args.sim.terms(),
        &pool,
    );
    let notes = match folder {
        Some(folder) => commit_folder(folder, &summary, loc)?,
        None => Vec::new(),
    };
    let stdout = emit(&summary, args.emit.format, |summary| {
        run_table::render(&c.value, &scenario.name, summary, loc)
    });
    Ok(Output {
        stdout,
        warnings,
        notes,
    })
}

/// The summary of a simulated run, as `run` reports it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn summary_of(
    model: &Model,
    settings: &RunSettings,
    acc: run::Accumulator,
    precise: bool,
    contract: FileRef,
    scenario: ScenarioRef,
    terms: crate::engine::Reporting,
    pool: &rayon::ThreadPool,
) -> RunSummary {
    let key_errors = acc.key_errors(model);
    let trials = acc.trials;
    let estimates = run::estimates(model, &acc);
    let (metrics, probabilities) = pool.install(|| run::summarise(model, settings, acc));
    let run_warnings = run::warnings(
        model,
        &probabilities,
        &estimates,
        &key_errors,
        settings,
        precise,
    );
    RunSummary {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        contract,
        scenario,
        seed: settings.seed,
        trials,
        terms,
        metrics,
        probabilities,
        estimates,
        warnings: run_warnings,
    }
}

/// Writes summary.json into a run folder and puts it in place; the notes that say where.
pub(crate) fn commit_folder(
    mut folder: output::folder::RunFolder,
    summary: &RunSummary,
    loc: &Locale,
) -> Result<Vec<String>, Diagnostics> {
    let mut notes = Vec::new();
    folder.write("summary.json", super::json(summary).as_bytes())?;
    let (dir, replaced) = (folder.dir().to_path_buf(), folder.replaced());
    let files = folder.commit()?;
    let dir = dir.display().to_string();
    notes.push(crate::tr!(
        loc,
        "run-written",
        dir = &dir,
        files = files.join(", ")
    ));
    if replaced == output::folder::Replaced::Incomplete {
        notes.push(crate::tr!(loc, "run-replaced-incomplete", dir = &dir));
    }
    Ok(notes)
}

/// Parameter draws of `--split-uncertainty` when `--outer` is not given, and the most.
const OUTER: u64 = 200;
const MAX_OUTER: u64 = 10_000;
/// Trials per parameter draw when `--inner` is not given, and the most.
const INNER: u64 = 1_000;
const MAX_INNER: u64 = 10_000_000;

/// `run --split-uncertainty`: the two loops, their split of every figure, a table or JSON.
fn split_uncertainty(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    let outer = args.outer.unwrap_or(OUTER);
    let inner = args.inner.unwrap_or(INNER);
    let bound = |flag: &str, n: u64, max: u64, default: u64, what: &str| {
        if (2..=max).contains(&n) {
            return Ok(());
        }
        Err(Diagnostic::error(format!(
            "{flag} must be from 2 to {}, found {}",
            crate::format::money(max as f64),
            crate::format::money(n as f64)
        ))
        .help(format!(
            "{what}; the default is {}",
            crate::format::money(default as f64)
        )))
    };
    bound(
        "--outer",
        outer,
        MAX_OUTER,
        OUTER,
        "a variance across parameter draws needs at least 2 of them",
    )?;
    bound(
        "--inner",
        inner,
        MAX_INNER,
        INNER,
        "a variance within a parameter draw needs at least 2 trials",
    )?;
    if outer.saturating_mul(inner) > MAX_ANALYSIS_TRIALS {
        return Err(Diagnostic::error(format!(
            "--outer {} × --inner {} is more trials than sibyl runs ({})",
            crate::format::money(outer as f64),
            crate::format::money(inner as f64),
            crate::format::money(MAX_ANALYSIS_TRIALS as f64)
        ))
        .help("the shares' standard errors shrink mostly with more parameter draws: raise --outer before --inner")
        .into());
    }
    let c = load_contract(&args.contract)?;
    let s = load_scenario(&args.scenario, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(s.warnings.clone());
    let scenario = stressed(&s.value, args.stress.as_deref())?;
    let pool = thread_pool(args.sim.threads)?;
    let settings = split::SplitSettings {
        outer,
        inner,
        seed: args.sim.seed,
    };
    let progress = Progress::in_language(outer * inner, loc);
    let figures = pool.install(|| {
        split::split(&c.value, &scenario, args.sim.terms(), &settings, &|n| {
            progress.advance(n)
        })
    });
    progress.finish();
    let summary = split::SplitSummary {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        contract: FileRef {
            path: c.source.path.clone(),
            sha256: provenance::sha256(&c.source.text),
        },
        scenario: ScenarioRef {
            path: s.source.path.clone(),
            sha256: provenance::sha256(&s.source.text),
            stress: args.stress.clone(),
        },
        seed: args.sim.seed,
        outer,
        inner,
        terms: args.sim.terms(),
        figures: figures?,
    };
    let stdout = emit(&summary, args.emit.format, |summary| {
        split_table::render(&c.value, &scenario, summary, loc)
    });
    Ok(Output {
        stdout,
        warnings,
        notes: Vec::new(),
    })
}

/// The trials a run starts with: `--trials`; with a precision, at most `--max-trials` (a
/// run without one is never capped by it).
fn starting_trials(trials: u64, precision: Option<f64>, max_trials: u64) -> u64 {
    match precision {
        Some(_) => trials.min(max_trials),
        None => trials,
    }
}

/// The most trials `--precision` uses when `--max-trials` is not given.
const MAX_TRIALS: u64 = 10_000_000;

/// The trial count, and `--precision` and `--max-trials` if given, checked before any file
/// is read.
fn checked_trials(args: &Args) -> Result<u64, Diagnostics> {
    let trials = args.sim.trials.unwrap_or(TRIALS);
    check_trials(trials, 1, TRIALS)?;
    if let Some(max) = args.max_trials {
        if args.precision.is_none() {
            return Err(Diagnostic::error(
                "--max-trials applies only with --precision",
            )
            .help("use --trials N for a run of N trials, or add --precision X to add trials until the standard errors are below X")
            .into());
        }
        if max == 0 || max > MAX_ANALYSIS_TRIALS {
            return Err(Diagnostic::error(format!(
                "--max-trials must be from 1 to {}, found {}",
                crate::format::money(MAX_ANALYSIS_TRIALS as f64),
                crate::format::money(max as f64)
            ))
            .help(format!(
                "the default is {}",
                crate::format::money(MAX_TRIALS as f64)
            ))
            .into());
        }
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

/// What identifies a run in its folder's manifest: runs with equal identities give
/// identical results and files (version, inputs, stress, seed, terms, the trial count or
/// the precision rule that sets it, and whether trials.csv is written).
fn identity(
    args: &Args,
    trials: u64,
    contract: &FileRef,
    scenario: &ScenarioRef,
) -> serde_json::Value {
    identity_of(&Identity {
        contract_sha256: &contract.sha256,
        scenario_sha256: &scenario.sha256,
        stress: args.stress.as_deref(),
        seed: args.sim.seed,
        terms: args.sim.terms(),
        trials,
        precision: args.precision,
        max_trials: args
            .precision
            .map(|_| args.max_trials.unwrap_or(MAX_TRIALS)),
        per_trial: args.per_trial,
        parquet: args.per_trial && args.per_trial_format == PerTrialFormat::Parquet,
    })
}

/// The fields of a run's identity.
pub(crate) struct Identity<'a> {
    pub contract_sha256: &'a str,
    pub scenario_sha256: &'a str,
    pub stress: Option<&'a str>,
    pub seed: u64,
    pub terms: crate::engine::Reporting,
    pub trials: u64,
    pub precision: Option<f64>,
    pub max_trials: Option<u64>,
    pub per_trial: bool,
    /// trials.parquet instead of trials.csv.
    pub parquet: bool,
}

/// A run's identity as its manifest records it (a merged run's is its single run's).
pub(crate) fn identity_of(id: &Identity) -> serde_json::Value {
    let mut identity = serde_json::json!({
        "sibyl_version": env!("CARGO_PKG_VERSION"),
        "command": "run",
        "contract_sha256": id.contract_sha256,
        "scenario_sha256": id.scenario_sha256,
        "stress": id.stress,
        "seed": id.seed,
        "terms": id.terms,
        "trials": id.trials,
        "precision": id.precision,
        "max_trials": id.max_trials,
        // A run without trials.csv is not the same folder as one with it.
        "per_trial": id.per_trial,
    });
    // Nor one with trials.parquet instead (named only then: CSV runs keep their identity).
    if id.parquet {
        identity["per_trial_format"] = "parquet".into();
    }
    identity
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
            "--trials {} is more than sibyl runs ({})",
            crate::format::money(trials as f64),
            crate::format::money(MAX_ANALYSIS_TRIALS as f64)
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

/// The most worker threads a command starts.
pub(crate) const MAX_THREADS: usize = 1_024;

pub(crate) fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Diagnostics> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        if t == 0 {
            return Err(Diagnostic::error("--threads must be at least 1")
                .help("leave it out to use every core")
                .into());
        }
        if t > MAX_THREADS {
            return Err(Diagnostic::error(format!(
                "--threads must be at most {}, found {t}",
                crate::format::money(MAX_THREADS as f64)
            ))
            .help(format!(
                "threads beyond the cores add no speed (this machine has {}); leave it out to use every core",
                std::thread::available_parallelism().map_or(1, |n| n.get())
            ))
            .into());
        }
        b = b.num_threads(t);
    }
    b.build().map_err(|e| {
        Diagnostic::error(format!("cannot start worker threads: {e}"))
            .help("the system refused the threads: try a smaller --threads, or leave it out")
            .into()
    })
}

/// A progress bar on stderr, shown only for runs longer than a second on a terminal.
pub(crate) struct Progress {
    bar: ProgressBar,
    started: Instant,
    visible: bool,
}

impl Progress {
    pub(crate) fn new(total: u64) -> Self {
        Progress::in_language(total, Locale::english())
    }

    /// A progress bar whose words are in the locale's language.
    pub(crate) fn in_language(total: u64, loc: &Locale) -> Self {
        Progress::worded(total, loc, "run-progress")
    }

    /// A progress bar worded by the message `id` (with the fields `done`, `total`,
    /// `elapsed`, `bar` and `eta`) in the locale's language.
    pub(crate) fn worded(total: u64, loc: &Locale, id: &str) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        // The message places indicatif's fields; braces in a translation would break it.
        let field = |f: &'static str| crate::i18n::Arg::from(f);
        let template = loc.tr(
            id,
            &[
                ("done", field("{pos}")),
                ("total", field("{len}")),
                ("elapsed", field("{elapsed_precise}")),
                ("bar", field("{wide_bar}")),
                ("eta", field("{eta}")),
            ],
        );
        bar.set_style(
            ProgressStyle::with_template(&format!("{{spinner}} {template}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_run_to_a_precision_is_capped_by_max_trials() {
        assert_eq!(starting_trials(20_000_000, None, MAX_TRIALS), 20_000_000);
        assert_eq!(
            starting_trials(20_000_000, Some(0.01), MAX_TRIALS),
            MAX_TRIALS
        );
        assert_eq!(starting_trials(100_000, Some(0.01), 100), 100);
        assert_eq!(starting_trials(100_000, Some(0.01), MAX_TRIALS), 100_000);
    }
}
