//! `sibyl sweep CONTRACT... --scenario FILE... --set PATH=VALUES ...`: run every point of a
//! grid (or a Latin hypercube) over numbers of the files, on common random numbers; write
//! `points.csv` and `summary.csv`; search the points for the best design.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::json;

use crate::analysis::provenance;
use crate::analysis::sweep::{
    self, Constraint, MAX_POINTS, Objective, Point, PointResult, SetArg, SweepResult,
};
use crate::diagnostics::{Diagnostic, Diagnostics, Source};
use crate::engine::Model;
use crate::i18n::Locale;
use crate::load::edit::{self, Found};
use crate::load::{FileKind, contract_from_source, read_source, scenario_from_source};
use crate::output;
use crate::output::sweep as files;
use crate::report::sweep as table;

use super::shard::{self, Shard, ShardArg};
use super::{Emit, Format, Output, Simulation, emit};

/// Trials per point when `--trials` is not given.
const TRIALS: u64 = 10_000;

/// Run a contract's numbers over a grid or a Latin hypercube, every point on the same
/// trials (common random numbers), and search the points for the best design.
///
/// PATH names a number of the contract or the scenario by its dotted path
/// (`rules.pooled.threshold`, `cohorts.c1.target`, `correlation.matrix.0.1`, a cell set
/// with its mirror `correlation.matrix.1.0`); a path that both files have takes a
/// `contract.` or `scenario.` prefix.
#[derive(Debug, Clone, clap::Args)]
#[command(mut_arg("trials", |a| a.help(format!("Number of trials per point [default: {TRIALS}]"))))]
pub struct Args {
    /// The contract files (contracts/*.toml); every one is swept.
    #[arg(required = true)]
    pub contracts: Vec<PathBuf>,
    /// The scenario files (scenarios/*.toml); every one is swept.
    #[arg(long, short, required = true, num_args = 1..)]
    pub scenario: Vec<PathBuf>,
    /// A number to sweep: PATH=v1,v2,... (a list) or PATH=FROM:TO:COUNT (COUNT evenly
    /// spaced values, both ends included). Repeat for more; the grid is their cross
    /// product. With --lhs, PATH=FROM:TO gives the bounds.
    #[arg(long = "set", value_name = "PATH=VALUES", value_parser = sweep::parse_set)]
    pub set: Vec<SetArg>,
    /// Draw N points of a Latin hypercube over the settings' ranges instead of the grid
    /// (each range cut into N equal strata, each stratum used once; lists are not allowed;
    /// a number the file writes whole is rounded). The points come from a stream of their
    /// own derived from --seed.
    #[arg(long, value_name = "N")]
    pub lhs: Option<u64>,
    #[command(flatten)]
    pub sim: Simulation,
    /// What the search optimises: `minimise NAME` or `maximise NAME`, NAME a metric (its
    /// mean), an estimate, or P(NAME) a probability. Twice for the Pareto front of two.
    #[arg(long, value_name = "SENSE NAME", value_parser = sweep::parse_objective)]
    pub objective: Vec<Objective>,
    /// A constraint of the search: `FIGURE <= X` or `FIGURE >= X`, e.g.
    /// `P(tranche.bonds.loss) <= 0.3`. Repeatable.
    #[arg(long = "subject-to", value_name = "CONSTRAINT", value_parser = sweep::parse_constraint, requires = "objective")]
    pub subject_to: Vec<Constraint>,
    /// Write points.csv, summary.csv and sweep.json to this folder. A stopped sweep run
    /// again with the same inputs resumes: points already written are not rerun.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace a folder that holds a different sweep.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Run only part I of N of the points (`I/N`), or the part a Slurm job array or a
    /// Kubernetes Indexed Job names (`auto`); the parts' folders are merged by `sibyl merge`.
    #[arg(long, value_parser = shard::parse, requires = "out")]
    pub shard: Option<ShardArg>,
    #[command(flatten)]
    pub emit: Emit,
}

/// Usage errors the parser cannot see.
pub fn usage_error(a: &Args) -> Option<(Vec<&'static str>, String)> {
    let err = |m: String| Some((vec!["sweep"], m));
    if a.objective.len() > 2 {
        return err(format!(
            "--objective is given {} times: give one for the best point, or two for a Pareto front",
            a.objective.len()
        ));
    }
    for (i, s) in a.set.iter().enumerate() {
        if a.set[..i].iter().any(|t| t.path == s.path) {
            return err(format!(
                "--set {} is given twice: give each path once",
                s.path
            ));
        }
    }
    match a.lhs {
        Some(n) => {
            if n == 0 || n > MAX_POINTS {
                return err(format!("--lhs must be from 1 to {MAX_POINTS}, found {n}"));
            }
            if a.set.is_empty() {
                return err("--lhs needs at least one --set PATH=FROM:TO to draw from".into());
            }
            if let Some(s) = a.set.iter().find(|s| s.values.bounds().is_none()) {
                return err(format!(
                    "--lhs draws from ranges, but `{}` is a list: write it as FROM:TO",
                    s.text
                ));
            }
        }
        None => {
            if let Some(s) = a.set.iter().find(|s| s.values.grid().is_none()) {
                return err(format!(
                    "`{}` has no count: write FROM:TO:COUNT for a grid, or add --lhs N to draw N points between the ends",
                    s.text
                ));
            }
        }
    }
    if !a.objective.is_empty() {
        if a.scenario.len() > 1 {
            return err(format!(
                "--objective compares designs under one scenario, but {} are given: give one --scenario for a search (scenarios are states of the world, not choices)",
                a.scenario.len()
            ));
        }
        if let Some(m) = scenario_setting(a) {
            return err(m);
        }
    }
    if a.shard.is_some() && !a.objective.is_empty() {
        return err(
            "--objective searches every point, but a --shard runs only part of them: merge the parts first".into(),
        );
    }
    None
}

/// A setting that lands in the scenario, which a search must not treat as a choice. Files
/// that do not read or paths that do not resolve are left for the run to report.
fn scenario_setting(a: &Args) -> Option<String> {
    let scenario = read_source(a.scenario.first()?, FileKind::Scenario).ok()?;
    for path in &a.contracts {
        let Ok(contract) = read_source(path, FileKind::Contract) else {
            continue;
        };
        for set in &a.set {
            if let Ok(r) = resolve(set, &contract, &scenario)
                && !r.in_contract
            {
                return Some(format!(
                    "--set {}: `{}` is a number of the scenario `{}`, a state of the world, not a design choice: --objective searches the contract's settings only. Run the sweep without --objective to see how the design responds to it",
                    set.path, r.path, scenario.path
                ));
            }
        }
    }
    None
}

/// The two ends of a correlation's cell: `correlation.matrix.I.J` and its mirror
/// `correlation.matrix.J.I`, which a sweep sets together to keep the matrix symmetric.
fn mirror(path: &str) -> Option<String> {
    let rest = path.strip_prefix("correlation.matrix.")?;
    let (i, j) = rest.split_once('.')?;
    let (i, j) = (i.parse::<usize>().ok()?, j.parse::<usize>().ok()?);
    (i != j).then(|| format!("correlation.matrix.{j}.{i}"))
}

/// The number a resolved setting writes, the same for a correlation's cell and its mirror.
fn target_key(r: &Resolved) -> (bool, String) {
    let path = match mirror(&r.path) {
        Some(m) if m < r.path => m,
        _ => r.path.clone(),
    };
    (r.in_contract, path)
}

/// Where a setting lands: in the contract or the scenario, at which path in that file, and
/// whether the file writes it as a whole number.
#[derive(Debug, Clone)]
struct Resolved {
    in_contract: bool,
    path: String,
    integer: bool,
}

/// The most names an unknown path's message lists.
const NEAREST: usize = 5;

fn nearest(path: &str, names: &[String]) -> Vec<String> {
    let mut scored: Vec<(usize, f64, &String)> = names
        .iter()
        .map(|n| {
            (
                strsim::damerau_levenshtein(path, n),
                strsim::jaro_winkler(path, n),
                n,
            )
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    scored
        .into_iter()
        .take(NEAREST)
        .map(|(_, _, n)| format!("`{n}`"))
        .collect()
}

/// Finds a setting's path in a contract and a scenario.
fn resolve(set: &SetArg, contract: &Source, scenario: &Source) -> Result<Resolved, Diagnostic> {
    let (c, s) = (contract.text.as_str(), scenario.text.as_str());
    let p = set.path.as_str();
    let prefixed = |prefix: &str, text: &str| {
        p.strip_prefix(prefix)
            .filter(|rest| edit::lookup(text, rest) != Found::Missing)
    };
    let (in_contract, path) = if let Some(rest) = prefixed("contract.", c) {
        (true, rest)
    } else if let Some(rest) = prefixed("scenario.", s) {
        (false, rest)
    } else {
        match (edit::lookup(c, p), edit::lookup(s, p)) {
            (Found::Missing, Found::Missing) => {
                let mut names = edit::number_paths(c);
                names.extend(edit::number_paths(s));
                return Err(Diagnostic::error(format!(
                    "--set {p}: no number at `{p}` in `{}` or `{}`",
                    contract.path, scenario.path
                ))
                .help(format!(
                    "the nearest numbers of the two files: {}",
                    nearest(p, &names).join(", ")
                )));
            }
            (Found::Missing, _) => (false, p),
            (_, Found::Missing) => (true, p),
            _ => {
                return Err(Diagnostic::error(format!(
                    "--set {p}: both `{}` and `{}` have `{p}`",
                    contract.path, scenario.path
                ))
                .help(format!(
                    "say which with a prefix: `contract.{p}` or `scenario.{p}`"
                )));
            }
        }
    };
    let (text, file) = if in_contract {
        (c, &contract.path)
    } else {
        (s, &scenario.path)
    };
    match edit::lookup(text, path) {
        Found::Number { integer } => Ok(Resolved {
            in_contract,
            path: path.to_string(),
            integer,
        }),
        Found::Other(kind) => Err(Diagnostic::error(format!(
            "--set {p}: `{path}` in `{file}` is {kind}, not a number"
        ))
        .help("a sweep sets numbers only: name a number by its dotted path, e.g. `rules.pooled.threshold`")),
        Found::Missing => unreachable!("the path was found above"),
    }
}

/// The edited text of a file: every setting that lands in it set to its value at the
/// point, named after the settings (`contracts/x.toml [rules.pooled.threshold = 0.1]`).
fn edited(
    base: &Source,
    settings: &[(&SetArg, &Resolved)],
    values: &[f64],
    in_contract: bool,
) -> Arc<Source> {
    let mut text = base.text.clone();
    let mut named = Vec::new();
    for ((set, r), &v) in settings.iter().zip(values) {
        if r.in_contract != in_contract {
            continue;
        }
        text = edit::set_number(&text, &r.path, v).expect("a resolved path is a number");
        if let Some(m) = mirror(&r.path)
            && edit::lookup(&text, &m) != Found::Missing
        {
            text = edit::set_number(&text, &m, v).unwrap_or(text);
        }
        named.push(format!("{} = {}", set.path, show(v)));
    }
    if named.is_empty() {
        return Source::new(base.path.clone(), text);
    }
    Source::new(format!("{} [{}]", base.path, named.join(", ")), text)
}

/// A setting's value in a file's name: as in the CSV files, very large and very small
/// values in exponent form.
fn show(v: f64) -> String {
    if v != 0.0 && !(1e-6..=1e15).contains(&v.abs()) {
        return format!("{v:e}");
    }
    let mut s = String::new();
    output::csv::number(&mut s, v);
    s
}

/// A point's files, edited and validated.
struct Loaded {
    /// The contract's name with the settings (`contracts/x.toml [rules.pooled.threshold = 0.1]`).
    name: String,
    contract: crate::model::Contract,
    scenario: crate::model::Scenario,
}

/// The sweep's folder: its identity, and the points it holds.
struct Folder {
    dir: PathBuf,
    /// The points already written (complete ones only).
    done: BTreeMap<u64, PointResult>,
}

pub const IDENTITY: &str = "sweep.json";
const POINTS: &str = "points.csv";
const SUMMARY: &str = "summary.csv";

fn read_json(path: &Path) -> Option<serde_json::Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// Opens `--out`: a new folder, or one holding this sweep (resumed), or one holding another
/// (refused without --force).
fn open_folder(
    dir: &Path,
    identity: &serde_json::Value,
    paths: &[String],
    force: bool,
) -> Result<Folder, Diagnostics> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        return Err(
            Diagnostic::error(format!("`{shown}` is a file, not a folder"))
                .help("give --out a folder's path (it is created if missing)")
                .into(),
        );
    }
    std::fs::create_dir_all(dir).map_err(|e| output::write_error(dir, &e))?;
    let held = read_json(&dir.join(IDENTITY));
    let has_points = dir.join(POINTS).exists();
    let same = held
        .as_ref()
        .is_some_and(|h| h.get("identity") == Some(identity));
    if !same && (held.is_some() || has_points) && !force {
        return Err(Diagnostic::error(format!(
            "`{shown}` holds a different sweep (other files, settings, seed, trials or shard)"
        ))
        .help("choose another --out, or add --force to replace it")
        .into());
    }
    let mut done = BTreeMap::new();
    if same && has_points {
        let text = std::fs::read_to_string(dir.join(POINTS)).unwrap_or_default();
        // A points.csv that does not read is rewritten from scratch.
        done = files::read_points(&text, paths).unwrap_or_default();
    } else {
        let _ = std::fs::remove_file(dir.join(SUMMARY));
    }
    let record = json!({"identity": identity, "complete": false});
    output::write_atomic(
        &dir.join(IDENTITY),
        (serde_json::to_string_pretty(&record).expect("JSON") + "\n").as_bytes(),
    )?;
    Ok(Folder {
        dir: dir.to_path_buf(),
        done,
    })
}

pub fn run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    let trials = args.sim.trials.unwrap_or(TRIALS);
    super::run::check_trials(trials, 1, TRIALS)?;
    let seed = args.sim.seed;
    let shard = match args.shard {
        None => Shard::whole(),
        Some(ShardArg::Fixed(s)) => s,
        Some(ShardArg::Auto) => Shard::from_env(|k| std::env::var(k).ok())
            .map_err(|e| Diagnostics::from(Diagnostic::error(e)))?,
    };
    // Every file, read and checked as it is.
    let mut warnings = Diagnostics::new();
    let mut contracts = Vec::new();
    for path in &args.contracts {
        let source = read_source(path, FileKind::Contract)?;
        let c = contract_from_source(&source)?;
        warnings.extend(c.warnings.clone());
        contracts.push(c);
    }
    let mut scenarios = Vec::new();
    for path in &args.scenario {
        let source = read_source(path, FileKind::Scenario)?;
        for c in &contracts {
            let s = scenario_from_source(&source, &c.value)?;
            if std::ptr::eq(c, &contracts[0]) {
                warnings.extend(s.warnings.clone());
            }
        }
        scenarios.push(source);
    }
    // Each setting found in each pair of files.
    let mut resolved: Vec<Vec<Vec<Resolved>>> = Vec::new();
    let mut errors = Diagnostics::new();
    for c in &contracts {
        let mut row = Vec::new();
        for s in &scenarios {
            let mut per = Vec::new();
            for set in &args.set {
                match resolve(set, &c.source, s) {
                    Ok(r) => per.push(r),
                    Err(d) => errors.push(d),
                }
            }
            row.push(per);
        }
        resolved.push(row);
    }
    if !errors.is_empty() {
        return Err(dedup(errors));
    }
    // Two settings that write the same number: the first's values would never run.
    for (c, row) in contracts.iter().zip(&resolved) {
        for (s, per) in scenarios.iter().zip(row) {
            for (i, r) in per.iter().enumerate() {
                if let Some(k) = per[..i].iter().position(|q| target_key(q) == target_key(r)) {
                    let file = if r.in_contract {
                        &c.source.path
                    } else {
                        &s.path
                    };
                    errors.push(
                        Diagnostic::error(format!(
                            "--set {} and --set {} both set `{}` in `{file}`",
                            args.set[k].path, args.set[i].path, r.path
                        ))
                        .help("give each number once: the last setting would overwrite the first, whose values would never run"),
                    );
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(dedup(errors));
    }
    // The settings' points.
    let settings_points = match args.lhs {
        Some(n) => {
            let bounds: Vec<(f64, f64)> =
                args.set.iter().filter_map(|s| s.values.bounds()).collect();
            let mut pts = sweep::latin_hypercube(n, &bounds, seed);
            for (i, _) in args.set.iter().enumerate() {
                if resolved.iter().flatten().any(|r| r[i].integer) {
                    for p in &mut pts {
                        p[i] = p[i].round();
                    }
                }
            }
            pts
        }
        None => {
            let values: Vec<Vec<f64>> = args.set.iter().filter_map(|s| s.values.grid()).collect();
            let total = sweep::grid_size(&values)
                .saturating_mul(contracts.len() as u64)
                .saturating_mul(scenarios.len() as u64);
            check_size(total)?;
            sweep::grid(&values)
        }
    };
    check_size(
        (settings_points.len() as u64)
            .saturating_mul(contracts.len() as u64)
            .saturating_mul(scenarios.len() as u64),
    )?;
    let points = sweep::points(contracts.len(), scenarios.len(), &settings_points);
    let owned = shard.range(points.len() as u64);
    let paths: Vec<String> = args.set.iter().map(|s| s.path.clone()).collect();
    let identity = json!({
        "sibyl_version": env!("CARGO_PKG_VERSION"),
        "build_id": shard::BUILD_ID,
        "command": "sweep",
        "contracts": contracts.iter().map(|c| json!({"path": c.source.path, "sha256": provenance::sha256(&c.source.text)})).collect::<Vec<_>>(),
        "scenarios": scenarios.iter().map(|s| json!({"path": s.path, "sha256": provenance::sha256(&s.text)})).collect::<Vec<_>>(),
        "settings": args.set.iter().map(|s| s.text.clone()).collect::<Vec<_>>(),
        "lhs": args.lhs,
        "seed": seed,
        "trials": trials,
        "terms": args.sim.terms(),
        "points": points.len(),
        "shard": shard,
    });
    let mut folder = match &args.out {
        Some(dir) => Some(open_folder(dir, &identity, &paths, args.force)?),
        None => None,
    };
    let pool = super::run::thread_pool(args.sim.threads)?;
    let todo: Vec<&Point> = points[owned.start as usize..owned.end as usize]
        .iter()
        .collect();
    // A progress bar over points, shown only for sweeps longer than a second on a terminal.
    let progress = super::run::Progress::worded(todo.len() as u64, loc, "sweep-progress");
    let mut results: BTreeMap<u64, PointResult> = BTreeMap::new();
    let mut resumed = 0u64;
    let load_point = |p: &Point| -> Result<Loaded, Diagnostics> {
        let c = &contracts[p.contract];
        let r = &resolved[p.contract][p.scenario];
        let pairs: Vec<(&SetArg, &Resolved)> = args.set.iter().zip(r).collect();
        let csource = edited(&c.source, &pairs, &p.values, true);
        let ssource = edited(&scenarios[p.scenario], &pairs, &p.values, false);
        let contract = contract_from_source(&csource)?;
        let scenario = scenario_from_source(&ssource, &contract.value)?;
        Ok(Loaded {
            name: csource.path.clone(),
            contract: contract.value,
            scenario: scenario.value,
        })
    };
    // The figures a search names, checked on the first point's model before any runs.
    if !args.objective.is_empty()
        && let Some(first) = todo.first()
    {
        let l = load_point(first)?;
        let model = Model::with_terms(&l.contract, &l.scenario, args.sim.terms());
        sweep::check_targets(&model, &args.objective, &args.subject_to).map_err(missing_figure)?;
    }
    // Points already written are kept when complete (as many rows as the point has).
    if let Some(f) = folder.as_mut() {
        for p in &todo {
            if let Some(done) = f.done.get(&p.index) {
                let l = load_point(p)?;
                let model = Model::with_terms(&l.contract, &l.scenario, args.sim.terms());
                if done.stats.len() == sweep::rows_per_point(&model) {
                    let done = f.done.remove(&p.index).expect("held");
                    results.insert(p.index, done);
                }
            }
        }
        f.done.clear();
        resumed = results.len() as u64;
    }
    let mut writer = match &folder {
        Some(f) => Some(PointsFile::open(&f.dir, &paths, &results)?),
        None => None,
    };
    let mut to_run = Vec::new();
    for p in todo {
        if results.contains_key(&p.index) {
            progress.advance(1);
        } else {
            to_run.push(p);
        }
    }
    // Every point's files read before the first runs, so a value a file cannot take
    // stops the sweep before any time is spent.
    let mut errors = Diagnostics::new();
    for p in &to_run {
        if let Err(e) = load_point(p) {
            errors.extend(e);
        }
    }
    if !errors.is_empty() {
        progress.finish();
        return Err(dedup(errors));
    }
    // Points run side by side, a wave of one per thread at a time (each point's blocks in
    // parallel too), each on its own trials, so the same as alone; a wave's points are
    // written in order once it is done.
    let wave = pool.current_num_threads().max(1);
    for chunk in to_run.chunks(wave) {
        let done: Vec<Result<PointResult, Diagnostics>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|p| {
                    let l = load_point(p)?;
                    let model = Model::with_terms(&l.contract, &l.scenario, args.sim.terms());
                    let stats = sweep::run_point(&model, trials, seed, &|_| {});
                    crate::analysis::soundness::check(&model, seed, Some(&l.name))?;
                    progress.advance(1);
                    Ok(PointResult {
                        point: p.index,
                        contract: contracts[p.contract].source.path.clone(),
                        scenario: scenarios[p.scenario].path.clone(),
                        values: p.values.clone(),
                        seed,
                        trials,
                        stats,
                    })
                })
                .collect()
        });
        for result in done {
            let result = result?;
            if let Some(w) = writer.as_mut() {
                w.append(&result)?;
            }
            results.insert(result.point, result);
        }
    }
    progress.finish();
    drop(writer);
    let points: Vec<PointResult> = results.into_values().collect();
    let mut notes = Vec::new();
    if let Some(f) = &folder {
        finish_folder(&f.dir, &identity, &paths, &points)?;
        let dir = f.dir.display().to_string();
        notes.push(crate::tr!(
            loc,
            "sweep-written",
            dir = &dir,
            files = format!("{POINTS}, {SUMMARY}, {IDENTITY}")
        ));
        if resumed > 0 {
            notes.push(crate::tr!(
                loc,
                "sweep-resumed",
                done = resumed.to_string(),
                total = points.len().to_string(),
                dir = &dir
            ));
        }
    }
    let search = if args.objective.is_empty() {
        None
    } else {
        Some(
            sweep::search(&paths, &points, &args.objective, &args.subject_to)
                .map_err(missing_figure)?,
        )
    };
    let result = SweepResult {
        paths,
        seed,
        trials,
        points,
        search,
    };
    let stdout = emit(&result, args.emit.format, |r| table::render(r, loc));
    Ok(Output {
        stdout,
        warnings,
        notes,
    })
}

fn missing_figure(m: sweep::MissingFigure) -> Diagnostics {
    Diagnostic::error(format!("the points have no figure `{}`", m.label))
        .help(format!(
            "the nearest figures: {}",
            nearest(&m.label, &m.known).join(", ")
        ))
        .into()
}

fn dedup(errors: Diagnostics) -> Diagnostics {
    let mut seen = std::collections::HashSet::new();
    let mut out = Diagnostics::new();
    for d in errors.iter() {
        if seen.insert(format!("{d:?}")) {
            out.push(d.clone());
        }
    }
    out
}

fn check_size(total: u64) -> Result<(), Diagnostics> {
    if total > MAX_POINTS {
        return Err(Diagnostic::error(format!(
            "the sweep has {} points, more than sibyl runs ({})",
            crate::format::money(total as f64),
            crate::format::money(MAX_POINTS as f64)
        ))
        .help("use fewer values per setting, or --lhs N to draw N points over the ranges")
        .into());
    }
    Ok(())
}

/// `points.csv` being written: the points already there, then each new point's rows
/// flushed as it finishes.
struct PointsFile {
    path: PathBuf,
    file: std::fs::File,
}

impl PointsFile {
    /// Rewrites the file with the complete points already held, then appends.
    fn open(
        dir: &Path,
        paths: &[String],
        done: &BTreeMap<u64, PointResult>,
    ) -> Result<Self, Diagnostics> {
        let path = dir.join(POINTS);
        let mut bytes = files::points_header(paths);
        for p in done.values() {
            bytes.extend(files::point_rows(p));
        }
        output::write_atomic(&path, &bytes)?;
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(|e| output::write_error(&path, &e))?;
        Ok(PointsFile { path, file })
    }

    fn append(&mut self, p: &PointResult) -> Result<(), Diagnostics> {
        self.file
            .write_all(&files::point_rows(p))
            .and_then(|()| self.file.flush())
            .map_err(|e| output::write_error(&self.path, &e))
    }
}

/// The finished folder: points.csv in point order, summary.csv, sweep.json marked complete.
fn finish_folder(
    dir: &Path,
    identity: &serde_json::Value,
    paths: &[String],
    points: &[PointResult],
) -> Result<(), Diagnostics> {
    let mut bytes = files::points_header(paths);
    for p in points {
        bytes.extend(files::point_rows(p));
    }
    output::write_atomic(&dir.join(POINTS), &bytes)?;
    output::write_atomic(&dir.join(SUMMARY), &files::summary_csv(paths, points))?;
    let record = json!({"identity": identity, "complete": true});
    output::write_atomic(
        &dir.join(IDENTITY),
        (serde_json::to_string_pretty(&record).expect("JSON") + "\n").as_bytes(),
    )
}

/// Merges the folders of a sharded sweep (each written by `sweep --shard I/N --out DIR`)
/// into one: checks they are the parts of one sweep, every shard present once and
/// complete, and writes points.csv and summary.csv exactly as the unsharded sweep would
/// (to `out` when given). Standard output is the sweep's table or JSON.
pub fn merge(
    dirs: &[PathBuf],
    format: Format,
    out: Option<&Path>,
    loc: &Locale,
) -> Result<Output, Diagnostics> {
    let mut parts = Vec::new();
    for dir in dirs {
        let record = read_json(&dir.join(IDENTITY)).ok_or_else(|| {
            Diagnostics::from(
                Diagnostic::error(format!(
                    "`{}` holds no sweep: {IDENTITY} is missing or unreadable",
                    dir.display()
                ))
                .help("give the --out folders of `sibyl sweep --shard I/N`"),
            )
        })?;
        let identity = record.get("identity").cloned().unwrap_or_default();
        let shard: Option<Shard> = identity
            .get("shard")
            .and_then(|s| serde_json::from_value(s.clone()).ok());
        let Some(shard) = shard else {
            return Err(Diagnostic::error(format!(
                "`{}`'s {IDENTITY} is not a sweep's",
                dir.display()
            ))
            .into());
        };
        if record.get("complete") != Some(&serde_json::Value::Bool(true)) {
            return Err(Diagnostic::error(format!(
                "`{}` holds shard {}/{} unfinished",
                dir.display(),
                shard.index,
                shard.count
            ))
            .help("run its `sibyl sweep --shard` again with the same arguments: it resumes")
            .into());
        }
        let mut common = identity.clone();
        if let Some(o) = common.as_object_mut() {
            o.remove("shard");
        }
        parts.push((dir.clone(), shard, common));
    }
    let Some((first_dir, first_shard, common)) = parts.first().cloned() else {
        return Err(Diagnostic::error("no sweep folders to merge").into());
    };
    for (dir, shard, c) in &parts {
        if *c != common || shard.count != first_shard.count {
            return Err(Diagnostic::error(format!(
                "`{}` and `{}` are parts of different sweeps",
                first_dir.display(),
                dir.display()
            ))
            .help("merge the folders of one sweep: the same files, settings, seed and trials, split by --shard I/N")
            .into());
        }
    }
    let count = first_shard.count;
    let mut by_index: BTreeMap<u32, PathBuf> = BTreeMap::new();
    for (dir, shard, _) in &parts {
        if let Some(other) = by_index.insert(shard.index, dir.clone()) {
            return Err(Diagnostic::error(format!(
                "shard {}/{count} is given twice: `{}` and `{}`",
                shard.index,
                other.display(),
                dir.display()
            ))
            .into());
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|i| !by_index.contains_key(i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(Diagnostic::error(format!(
            "shards {} of the sweep are missing",
            missing.join(", ")
        ))
        .help("give every shard's --out folder")
        .into());
    }
    let paths: Vec<String> = common
        .get("settings")
        .and_then(|s| s.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str())
                .map(|t| t.split_once('=').map_or(t, |(p, _)| p).trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    let mut points = Vec::new();
    for dir in by_index.values() {
        let path = dir.join(POINTS);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostics::from(Diagnostic::error(format!(
                "cannot read `{}`: {e}",
                path.display()
            )))
        })?;
        let part = files::read_points(&text, &paths).map_err(|e| {
            Diagnostics::from(Diagnostic::error(format!(
                "`{}` is not a sweep's points: {e}",
                path.display()
            )))
        })?;
        points.extend(part.into_values());
    }
    let total = common.get("points").and_then(|p| p.as_u64()).unwrap_or(0);
    if points.len() as u64 != total || points.iter().enumerate().any(|(i, p)| p.point != i as u64) {
        return Err(Diagnostic::error(format!(
            "the parts hold {} points of the sweep's {total}",
            points.len()
        ))
        .help("run each shard again with the same arguments: it resumes")
        .into());
    }
    let mut notes = Vec::new();
    if let Some(dir) = out {
        std::fs::create_dir_all(dir).map_err(|e| output::write_error(dir, &e))?;
        let mut identity = common.clone();
        if let Some(o) = identity.as_object_mut() {
            o.insert("shard".into(), json!(Shard::whole()));
        }
        finish_folder(dir, &identity, &paths, &points)?;
        notes.push(crate::tr!(
            loc,
            "sweep-written",
            dir = dir.display().to_string(),
            files = format!("{POINTS}, {SUMMARY}, {IDENTITY}")
        ));
    }
    let result = SweepResult {
        paths,
        seed: common.get("seed").and_then(|s| s.as_u64()).unwrap_or(0),
        trials: common.get("trials").and_then(|s| s.as_u64()).unwrap_or(0),
        points,
        search: None,
    };
    Ok(Output {
        stdout: emit(&result, format, |r| table::render(r, loc)),
        warnings: Diagnostics::new(),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> SetArg {
        sweep::parse_set(text).unwrap()
    }

    #[test]
    fn file_names_show_extreme_values_in_exponent_form() {
        assert_eq!(show(0.05), "0.05");
        assert_eq!(show(0.0), "0");
        assert_eq!(show(2e16), "2e16");
        assert_eq!(show(-3e-7), "-3e-7");
    }

    #[test]
    fn a_correlation_cell_has_a_mirror() {
        assert_eq!(
            mirror("correlation.matrix.0.1").as_deref(),
            Some("correlation.matrix.1.0")
        );
        assert_eq!(mirror("correlation.matrix.1.1"), None);
        assert_eq!(mirror("rules.a.b"), None);
    }

    #[test]
    fn a_path_both_files_have_needs_a_prefix() {
        let c = Source::new("c.toml", "[costs]\nsetup = 1\n[rules.r]\nthreshold = 0.1\n");
        let s = Source::new("s.toml", "[costs]\nsetup = 2\noverrun = 0.5\n");
        let err = resolve(&set("costs.setup=1,2"), &c, &s).unwrap_err();
        assert!(
            format!("{err:?}").contains("contract.costs.setup"),
            "{err:?}"
        );
        let r = resolve(&set("contract.costs.setup=1,2"), &c, &s).unwrap();
        assert!(r.in_contract && r.integer && r.path == "costs.setup");
        let r = resolve(&set("scenario.costs.setup=1,2"), &c, &s).unwrap();
        assert!(!r.in_contract && r.path == "costs.setup");
        let r = resolve(&set("costs.overrun=1,2"), &c, &s).unwrap();
        assert!(!r.in_contract && !r.integer);
        let r = resolve(&set("rules.r.threshold=1,2"), &c, &s).unwrap();
        assert!(r.in_contract);
    }
}
