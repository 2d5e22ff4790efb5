//! `sibyl report CONTRACT --scenario FILE ...`: the run, its distributions and the deal in
//! plain language as one HTML page or an Excel workbook, in the reader's language.

use std::path::{Path, PathBuf};

use crate::analysis::report::{self as analysis, Report};
use crate::analysis::run::{self, RunSettings};
use crate::analysis::settle::settle;
use crate::analysis::{FileRef, ScenarioRef, explain, soundness};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::engine::Model;
use crate::i18n::Locale;
use crate::load::{load_contract, load_observed, load_scenario};
use crate::report;

use super::run::{Progress, check_trials, thread_pool};
use super::{Output, Simulation};

/// Trials when `--trials` is not given.
const TRIALS: u64 = 50_000;

/// The report's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page with charts, to open in a browser or print to PDF.
    Html,
    /// An Excel workbook: key figures, cash flows, assumptions, rules and warnings.
    Xlsx,
}

/// A report for people: the deal explained, every party's results with charts, and
/// optionally designs compared, a stress test, a tornado and the settlement of what
/// happened; as an HTML page (to standard output without --out) or an Excel workbook.
#[derive(Debug, Clone, clap::Args)]
#[command(mut_arg("trials", |a| a.help(format!("Number of trials [default: {TRIALS}]"))))]
pub struct Args {
    /// The contract file (contracts/*.toml).
    pub contract: PathBuf,
    /// The scenario file (scenarios/*.toml).
    #[arg(long, short)]
    pub scenario: PathBuf,
    /// What actually happened (observed/*.toml): adds the settlement, period by period.
    #[arg(long)]
    pub observed: Option<PathBuf>,
    /// Other designs to compare with this one under the same scenario (repeatable).
    #[arg(long = "compare", value_name = "CONTRACT")]
    pub compare: Vec<PathBuf>,
    /// Add the stress test: the scenario's presets and the built-in shocks.
    #[arg(long)]
    pub stress: bool,
    /// Add the tornado of this metric (a name as `run` gives it, e.g. tranche.bonds.moic).
    #[arg(long, value_name = "METRIC")]
    pub sensitivity: Option<String>,
    #[command(flatten)]
    pub sim: Simulation,
    /// html or xlsx [default: from the --out file's extension, else html].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// The file to write (an HTML report goes to standard output without it).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// In a workbook, add a sheet with every trial's results (the first 1,048,575 trials:
    /// a worksheet's limit; trials.csv of `sibyl run --per-trial` has them all). Memory grows
    /// with trials × columns (8 bytes each): about 550 MB at the limit for 32 columns.
    #[arg(long)]
    pub per_trial: bool,
}

/// The format asked for, or the one the output file's extension names.
fn format(args: &Args) -> Result<ReportFormat, Diagnostics> {
    let from_extension = args.out.as_deref().and_then(|p| {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => Some(ReportFormat::Html),
            "xlsx" => Some(ReportFormat::Xlsx),
            _ => None,
        }
    });
    match (args.format, from_extension, &args.out) {
        (Some(f), _, _) | (None, Some(f), _) => {
            if f == ReportFormat::Xlsx && args.out.is_none() {
                return Err(Diagnostic::error("an Excel workbook needs a file to go to")
                    .help("give --out report.xlsx")
                    .into());
            }
            Ok(f)
        }
        (None, None, None) => Ok(ReportFormat::Html),
        (None, None, Some(out)) => Err(Diagnostic::error(format!(
            "cannot tell the report's format from `{}`",
            out.display()
        ))
        .help("name the file .html or .xlsx, or give --format html|xlsx")
        .into()),
    }
}

/// A path as a shell reads it: quoted when it holds anything but plain characters.
fn shell(path: &Path) -> String {
    let s = path.display().to_string();
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:=@%".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The command line that makes the same report.
fn command_line(args: &Args, trials: u64, loc: &Locale) -> String {
    let mut parts = vec![
        "sibyl report".to_string(),
        shell(&args.contract),
        format!("--scenario {}", shell(&args.scenario)),
    ];
    if let Some(o) = &args.observed {
        parts.push(format!("--observed {}", shell(o)));
    }
    for c in &args.compare {
        parts.push(format!("--compare {}", shell(c)));
    }
    if args.per_trial {
        parts.push("--per-trial".into());
    }
    if args.stress {
        parts.push("--stress".into());
    }
    if let Some(m) = &args.sensitivity {
        parts.push(format!("--sensitivity {m}"));
    }
    parts.push(format!("--trials {trials} --seed {}", args.sim.seed));
    if args.sim.real {
        parts.push("--real".into());
    }
    parts.push(format!("--lang {}", loc.lang.code()));
    parts.join(" ")
}

pub fn run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    let format = format(args)?;
    if args.per_trial && format != ReportFormat::Xlsx {
        return Err(Diagnostic::error(
            "--per-trial adds a sheet to a workbook; an HTML report has none",
        )
        .help("give --out report.xlsx, or use `sibyl run --out DIR --per-trial` for trials.csv")
        .into());
    }
    let trials = args.sim.trials.unwrap_or(TRIALS);
    check_trials(trials, 10, TRIALS)?;
    let c = load_contract(&args.contract)?;
    let s = load_scenario(&args.scenario, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(s.warnings.clone());
    let observed = match &args.observed {
        Some(path) => {
            let o = load_observed(path, &c.value)?;
            warnings.extend(o.warnings.clone());
            Some(o)
        }
        None => None,
    };
    // What can be checked cheaply is checked before anything is simulated: where the
    // report goes, and the designs it compares.
    if let Some(out) = &args.out {
        check_out(out)?;
    }
    for design in &args.compare {
        let other = load_contract(design)?;
        load_scenario(&args.scenario, &other.value)?;
    }
    let model = Model::with_terms(&c.value, &s.value, args.sim.terms());
    // A tornado of a metric the contract does not have: said before anything is simulated.
    if let Some(metric) = &args.sensitivity {
        if crate::analysis::sensitivity::Target::find(&model, metric).is_none() {
            return Err(super::sensitivity::unknown_metric(metric, &model));
        }
    }
    let pool = thread_pool(args.sim.threads)?;
    let settings = RunSettings {
        trials,
        seed: args.sim.seed,
        precision: None,
        max_trials: trials,
        keep_draws: false,
    };
    let sampled = trials.min(analysis::CHART_TRIALS);
    let progress = Progress::in_language(trials + sampled, loc);
    let (outcome, sample) = pool.install(|| {
        let outcome = run::outcome(&model, &settings, &|n| progress.advance(n));
        let sample = analysis::sample(&model, args.sim.seed, trials);
        progress.advance(sampled);
        (outcome, sample)
    });
    progress.finish();
    soundness::check(&model, args.sim.seed, None)?;
    let settlement = match &observed {
        Some(o) => {
            let st = settle(
                &c.value,
                &o.value,
                [FileRef::of(&c.source), FileRef::of(&o.source)],
            );
            if !st.after_horizon.is_empty() {
                return Err(super::settle::after_horizon(&st, &c.value, &o.source));
            }
            Some(st)
        }
        None => None,
    };
    // The optional analyses, each as its own command computes it (with the same trials,
    // seed and threads), so their figures equal that command's.
    let emit = super::Emit {
        format: super::Format::Json,
    };
    let mut add = |more: Diagnostics| {
        for d in more.iter() {
            if !warnings.iter().any(|w| w.to_string() == d.to_string()) {
                warnings.push(d.clone());
            }
        }
    };
    let mut sim = args.sim.clone();
    sim.trials = Some(trials);
    let comparison = if args.compare.is_empty() {
        None
    } else {
        let mut contracts = vec![args.contract.clone()];
        contracts.extend(args.compare.iter().cloned());
        let (result, more, _) = super::compare::compute(&super::compare::Args {
            contracts,
            scenario: args.scenario.clone(),
            sim: sim.clone(),
            stress: None,
            emit,
            part: Default::default(),
        })?;
        add(more);
        Some(result)
    };
    let stress = if args.stress {
        let (result, more, _, _) = super::stress::compute(&super::stress::Args {
            contract: args.contract.clone(),
            scenario: args.scenario.clone(),
            presets: Vec::new(),
            no_shocks: false,
            measured: Vec::new(),
            sim: sim.clone(),
            emit,
        })?;
        add(more);
        Some(result)
    } else {
        None
    };
    let sensitivity = match &args.sensitivity {
        Some(metric) => {
            let (result, more, _, _) = super::sensitivity::compute(&super::sensitivity::Args {
                contract: args.contract.clone(),
                scenario: args.scenario.clone(),
                metric: metric.clone(),
                stress: None,
                sim: sim.clone(),
                emit,
            })?;
            add(more);
            Some(result)
        }
        None => None,
    };
    let r = Report {
        contract: FileRef::of(&c.source),
        scenario: ScenarioRef::of(&s.source, None),
        observed: observed.as_ref().map(|o| FileRef::of(&o.source)),
        command: command_line(args, trials, loc),
        seed: args.sim.seed,
        terms: args.sim.terms(),
        outcome,
        sample,
        explanation: explain::explain(&c.value, Some(&s.value)),
        comparison,
        stress,
        sensitivity,
        settlement,
        input_warnings: warnings.iter().map(|d| d.to_string()).collect(),
    };
    let bytes = match format {
        ReportFormat::Html => {
            let explained = report::explain::explain(&c.value, Some(&s.value), &r.explanation, loc);
            report::html::render(&c.value, &s.value, &r, &explained, loc).into_bytes()
        }
        ReportFormat::Xlsx => {
            let table = args.per_trial.then(|| {
                pool.install(|| crate::analysis::table::per_trial(&model, args.sim.seed, trials))
            });
            if let Some(t) = table.as_ref().filter(|t| t.rows < t.of) {
                let (shown, trials) = (loc.money(t.rows as f64), loc.money(t.of as f64));
                eprintln!(
                    "{}",
                    crate::tr!(
                        loc,
                        "workbook-trials-cut-stderr",
                        shown = shown,
                        trials = trials
                    )
                );
            }
            report::workbook::workbook(&c.value, &s.value, &r, table.as_ref(), loc).map_err(
                |e| -> Diagnostics {
                    Diagnostic::error(format!("cannot make the workbook: {e}"))
                        .help("this is a bug in sibyl: please report it with the command")
                        .into()
                },
            )?
        }
    };
    let mut notes = Vec::new();
    let stdout = match &args.out {
        Some(path) => {
            write_file(path, &bytes)?;
            notes.push(tr_written(loc, path));
            String::new()
        }
        None => String::from_utf8(bytes).expect("the HTML report is text"),
    };
    Ok(Output {
        stdout,
        warnings,
        notes,
    })
}

fn tr_written(loc: &Locale, path: &Path) -> String {
    crate::tr!(loc, "report-written", path = path.display().to_string())
}

/// Refuses, before anything runs, an output that is a folder or in a folder that does not
/// exist.
fn check_out(path: &Path) -> Result<(), Diagnostics> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let problem = if path.is_dir() {
        Some("it is a folder")
    } else if !dir.is_dir() {
        Some("its folder does not exist")
    } else {
        None
    };
    match problem {
        Some(why) => Err(Diagnostic::error(format!(
            "cannot write the report to `{}`: {why}",
            path.display()
        ))
        .help("give a file name in a folder that exists, e.g. --out report.html")
        .into()),
        None => Ok(()),
    }
}

/// Writes a file whole or not at all: into a hidden file beside it, then renamed.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    let fail = |e: std::io::Error| -> Diagnostics {
        Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
            .help("check that the folder exists and can be written to")
            .into()
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| fail(std::io::Error::other("not a file name")))?;
    if path.is_dir() {
        return Err(fail(std::io::Error::other("it is a folder")));
    }
    let partial = dir.join(format!(
        ".{}.partial-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(fail(e));
    }
    Ok(())
}
