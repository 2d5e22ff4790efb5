//! `sibyl merge DIR...`: the parts that shards of one run wrote (`run --shard I/N --out
//! DIR`), combined into the run's summary, bit-identical to the run on one machine with the
//! same seed and trials, and printed (and with `--out` written) as `run` prints it; the
//! same for the parts of a comparison (`compare --shard`), printed as `compare` prints it,
//! and for a sweep's (`sweep --shard`): its points.csv and summary.csv as one sweep's.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::run::RunSettings;
use crate::analysis::shard::{CompareMerger, ComparePart, Merger, Part, total_blocks};
use crate::analysis::{FileRef, ScenarioRef, provenance};
use crate::diagnostics::{Diagnostic, Diagnostics, Source};
use crate::engine::Model;
use crate::i18n::Locale;
use crate::load::{contract_from_source, scenario_from_source};
use crate::output;
use crate::report::run_table;

use super::shard::{BUILD_ID, InputCopy, PART_FORMAT, PartInfo};
use super::{Emit, Output, emit};

/// Combine the parts written by `run --shard I/N --out DIR` (or `compare --shard`, or
/// `sweep --shard`) into the run's summary, exactly the single run's at the same seed and
/// trials, printed as `run` (or `compare`, or `sweep`) prints it. A merged sweep is searched
/// by running the same `sweep ... --out DIR --objective ...` on the merged folder: every
/// point resumes, none runs again.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The shards' --out folders, each shard's once (e.g. parts/*).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    #[command(flatten)]
    pub emit: Emit,
    /// Write the merged run to this folder, as `run --out` writes it: summary.json,
    /// trials.csv (if the shards wrote theirs) and manifest.json; for a sweep's parts, as
    /// `sweep --out` writes it: points.csv, summary.csv and sweep.json.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace a run folder that holds a different run.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// A usage error the parser cannot see: `--out` with a comparison's parts.
pub fn usage_error(args: &Args) -> Option<(Vec<&'static str>, String)> {
    args.out.as_ref()?;
    let text = std::fs::read_to_string(args.dirs.first()?.join("part.json")).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    (value.get("kind")?.as_str()? == "compare").then(|| {
        (
            vec!["merge"],
            "--out writes a merged run's folder; a comparison's parts are merged to the \
             screen only: leave out --out"
                .into(),
        )
    })
}

const HELP: &str = "give merge the --out folders of `sibyl run --shard I/N`, every shard's once";

pub fn run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    let first = &args.dirs[0];
    // A sweep's shards write their points (sweep.json beside points.csv), merged by its
    // own module.
    if first.join(super::sweep::IDENTITY).is_file() {
        return super::sweep::merge(&args.dirs, args.emit.format, args.out.as_deref(), loc);
    }
    let kind = read_kind(first)?;
    match kind.as_str() {
        "run" => merge_run(args, loc),
        "compare" => merge_compare(args, loc),
        other => Err(Diagnostic::error(format!(
            "`{}` holds a part of a `{other}`, which this sibyl cannot merge",
            first.display()
        ))
        .help(HELP)
        .into()),
    }
}

/// A part folder's `part.json`, after its manifest is checked (every file whole).
fn read_json(dir: &Path) -> Result<serde_json::Value, Diagnostics> {
    let shown = dir.display();
    output::folder::verify(dir).map_err(|why| {
        Diagnostic::error(format!("`{shown}` is not a complete part of a run: {why}")).help(
            "the shard that writes it may have failed or still be running: rerun it, then merge",
        )
    })?;
    let text = std::fs::read_to_string(dir.join("part.json")).map_err(|_| {
        Diagnostic::error(format!(
            "`{shown}` holds no part.json: it is not a shard's part"
        ))
        .help(HELP)
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Diagnostic::error(format!("`{shown}/part.json` is not a part's identity: {e}"))
            .help(HELP)
            .into()
    })
}

/// The command that wrote the part in `dir` (part.json's `kind`).
fn read_kind(dir: &Path) -> Result<String, Diagnostics> {
    let value = read_json(dir)?;
    match value.get("kind").and_then(|k| k.as_str()) {
        Some(kind) => Ok(kind.to_string()),
        None => Err(Diagnostic::error(format!(
            "`{}/part.json` does not say what kind of part it is",
            dir.display()
        ))
        .help(HELP)
        .into()),
    }
}

fn read_info(dir: &Path, kind: &str) -> Result<PartInfo, Diagnostics> {
    let value = read_json(dir)?;
    let shown = dir.display();
    let version = value.get("sibyl_version").and_then(|v| v.as_str());
    if version != Some(env!("CARGO_PKG_VERSION")) {
        return Err(Diagnostic::error(format!(
            "`{shown}` was written by sibyl {}, this is sibyl {}",
            version.unwrap_or("(unknown)"),
            env!("CARGO_PKG_VERSION")
        ))
        .help("merge with the sibyl that ran the shards, or run every shard again with this one")
        .into());
    }
    let build = value.get("build_id").and_then(|v| v.as_str());
    if build != Some(BUILD_ID) {
        return Err(Diagnostic::error(format!(
            "`{shown}` was written by the sibyl built as {}, this sibyl is built as {BUILD_ID}",
            build.unwrap_or("(unknown)"),
        ))
        .help(
            "merge with the sibyl build that ran the shards (the same sources), or run every \
             shard again with this one",
        )
        .into());
    }
    let info: PartInfo = serde_json::from_value(value).map_err(|e| {
        Diagnostic::error(format!("`{shown}/part.json` is not a part's identity: {e}")).help(HELP)
    })?;
    if info.kind != kind {
        return Err(Diagnostic::error(format!(
            "`{shown}` holds a part of a `{}`, not of a `{kind}` as the first folder does",
            info.kind
        ))
        .help(HELP)
        .into());
    }
    let designs = match kind {
        "run" => 1..2,
        _ => 2..super::compare::MAX_DESIGNS + 1,
    };
    if info.format != PART_FORMAT || !designs.contains(&info.contracts.len()) {
        return Err(Diagnostic::error(format!(
            "`{shown}` holds a part of format `{}` with {} contracts, not a {kind}'s ({PART_FORMAT})",
            info.format,
            info.contracts.len()
        ))
        .help(HELP)
        .into());
    }
    let hex = |h: &str| h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if let Some(bad) = info
        .contracts
        .iter()
        .chain([&info.scenario])
        .find(|c| !hex(&c.sha256))
    {
        return Err(Diagnostic::error(format!(
            "`{shown}/part.json`'s sha256 of `{}` is not 64 lowercase hexadecimal digits",
            bad.path
        ))
        .help("the part was altered: run its shard again")
        .into());
    }
    let total = total_blocks(info.trials);
    let own = info.shard.range(total);
    if info.total_blocks != total || (info.blocks.start, info.blocks.end) != (own.start, own.end) {
        return Err(Diagnostic::error(format!(
            "`{shown}/part.json` does not hold the blocks its shard owns"
        ))
        .help("the part was altered: run its shard again")
        .into());
    }
    Ok(info)
}

/// The first field in which two parts differ, with both values, if any.
fn difference(a: &PartInfo, b: &PartInfo) -> Option<(&'static str, String, String)> {
    let input = |c: &InputCopy| {
        format!(
            "{} (sha256 {})",
            c.path,
            c.sha256.chars().take(12).collect::<String>()
        )
    };
    let fields: [(&'static str, String, String); 8] = [
        ("kind", a.kind.clone(), b.kind.clone()),
        (
            "contract",
            a.contracts.iter().map(input).collect::<Vec<_>>().join(", "),
            b.contracts.iter().map(input).collect::<Vec<_>>().join(", "),
        ),
        ("scenario", input(&a.scenario), input(&b.scenario)),
        (
            "stress preset",
            format!("{:?}", a.stress),
            format!("{:?}", b.stress),
        ),
        ("seed", a.seed.to_string(), b.seed.to_string()),
        ("trials", a.trials.to_string(), b.trials.to_string()),
        (
            "terms",
            format!("{:?}", a.terms).to_lowercase(),
            format!("{:?}", b.terms).to_lowercase(),
        ),
        (
            "--per-trial",
            a.per_trial.to_string(),
            b.per_trial.to_string(),
        ),
    ];
    fields.into_iter().find(|(_, x, y)| x != y).or_else(|| {
        (a.shard.count != b.shard.count).then(|| {
            (
                "shard count",
                a.shard.count.to_string(),
                b.shard.count.to_string(),
            )
        })
    })
}

/// The parts, checked to be every shard of one run exactly once, in shard order.
fn collect(dirs: &[PathBuf], kind: &str) -> Result<Vec<(PathBuf, PartInfo)>, Diagnostics> {
    let mut parts: BTreeMap<u32, (PathBuf, PartInfo)> = BTreeMap::new();
    let mut first: Option<(PathBuf, PartInfo)> = None;
    for dir in dirs {
        let info = read_info(dir, kind)?;
        if let Some((fdir, f)) = &first {
            if let Some((field, theirs, ours)) = difference(f, &info) {
                return Err(Diagnostic::error(format!(
                    "`{}` is a part of another run: its {field} is {ours}, `{}`'s is {theirs}",
                    dir.display(),
                    fdir.display()
                ))
                .help("merge the parts of one run only: the same inputs, --seed, --trials, --real, --stress and shard count")
                .into());
            }
        } else {
            first = Some((dir.clone(), info.clone()));
        }
        if let Some((other, _)) = parts.get(&info.shard.index) {
            return Err(Diagnostic::error(format!(
                "shard {} is given twice: `{}` and `{}`",
                info.shard,
                other.display(),
                dir.display()
            ))
            .help(HELP)
            .into());
        }
        parts.insert(info.shard.index, (dir.clone(), info));
    }
    let count = first.as_ref().map_or(1, |(_, f)| f.shard.count);
    let missing: Vec<String> = (1..=count)
        .filter(|i| !parts.contains_key(i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        let list = if missing.len() > 10 {
            format!("{}, … ({} in all)", missing[..10].join(", "), missing.len())
        } else {
            missing.join(", ")
        };
        return Err(Diagnostic::error(format!(
            "shard {list} of the run is missing: no folder given holds it"
        ))
        .help(
            "give every shard's --out folder (e.g. parts/*); a shard that failed must be run again",
        )
        .into());
    }
    Ok(parts.into_values().collect())
}

/// An input's text from a part, checked against its SHA-256.
fn source(dir: &Path, copy: &InputCopy) -> Result<std::sync::Arc<Source>, Diagnostics> {
    if provenance::sha256(&copy.text) != copy.sha256 {
        return Err(Diagnostic::error(format!(
            "`{}/part.json`'s copy of `{}` does not match its SHA-256",
            dir.display(),
            copy.path
        ))
        .help("the part was altered: run its shard again")
        .into());
    }
    Ok(Source::new(copy.path.clone(), copy.text.clone()))
}

fn merge_run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    let parts = collect(&args.dirs, "run")?;
    let (dir0, info) = &parts[0];
    let c = contract_from_source(&source(dir0, &info.contracts[0])?)?;
    let s = scenario_from_source(&source(dir0, &info.scenario)?, &c.value)?;
    let mut warnings = c.warnings.clone();
    warnings.extend(s.warnings.clone());
    let scenario = super::run::stressed(&s.value, info.stress.as_deref())?;
    let model = Model::with_terms(&c.value, &scenario, info.terms);
    let mut merger = Merger::new(&model, info.seed, info.trials);
    for (dir, part_info) in &parts {
        let shown = dir.join("part.bin");
        let bytes = std::fs::read(&shown).map_err(|e| {
            Diagnostic::error(format!("cannot read `{}`: {e}", shown.display())).help(HELP)
        })?;
        Part::decode(&bytes, &part_info.identity())
            .and_then(|p| merger.add(p))
            .map_err(|why| {
                Diagnostic::error(format!("`{}` cannot be merged: {why}", shown.display()))
                    .help("the part was altered or damaged: run its shard again")
            })?;
    }
    let acc = merger.finish().map_err(|why| {
        Diagnostics::from(
            Diagnostic::error(format!("the parts do not make a whole run: {why}")).help(HELP),
        )
    })?;
    let settings = RunSettings {
        trials: info.trials,
        seed: info.seed,
        precision: None,
        max_trials: info.trials,
        keep_draws: false,
    };
    let pool = super::run::thread_pool(None)?;
    let contract = FileRef {
        path: info.contracts[0].path.clone(),
        sha256: info.contracts[0].sha256.clone(),
    };
    let scenario_ref = ScenarioRef {
        path: info.scenario.path.clone(),
        sha256: info.scenario.sha256.clone(),
        stress: info.stress.clone(),
    };
    let mut folder = match &args.out {
        Some(dir) => Some(output::folder::RunFolder::begin(
            dir,
            args.force,
            super::run::identity_of(&super::run::Identity {
                contract_sha256: &contract.sha256,
                scenario_sha256: &scenario_ref.sha256,
                stress: info.stress.as_deref(),
                seed: info.seed,
                terms: info.terms,
                trials: info.trials,
                precision: None,
                max_trials: None,
                per_trial: info.per_trial,
                parquet: false,
            }),
        )?),
        None => None,
    };
    if let (Some(f), true) = (folder.as_mut(), info.per_trial) {
        let mut csv = f.create("trials.csv")?;
        let header = output::csv::header(&model);
        csv.write_all(&header)
            .map_err(|e| output::write_error(csv.path(), &e))?;
        for (dir, _) in &parts {
            // Streamed: a shard's rows may be larger than memory.
            let path = dir.join("trials.csv");
            let read_error = |e: std::io::Error| {
                Diagnostic::error(format!("cannot read `{}`: {e}", path.display()))
                    .help("the part was altered or damaged: run its shard again")
            };
            let mut file = std::io::BufReader::new(std::fs::File::open(&path).map_err(read_error)?);
            let mut start = vec![0u8; header.len()];
            let whole = std::io::Read::read_exact(&mut file, &mut start).is_ok();
            if !whole || start != header {
                return Err(Diagnostic::error(format!(
                    "`{}` does not start with the run's header",
                    path.display()
                ))
                .help("the part was altered: run its shard again")
                .into());
            }
            std::io::copy(&mut file, &mut csv).map_err(|e| output::write_error(csv.path(), &e))?;
        }
        f.add(csv)?;
    }
    let summary = super::run::summary_of(
        &model,
        &settings,
        acc,
        true,
        contract,
        scenario_ref,
        info.terms,
        &pool,
    );
    let notes = match folder {
        Some(folder) => super::run::commit_folder(folder, &summary, loc)?,
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

fn merge_compare(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    if args.out.is_some() {
        return Err(Diagnostic::error("a comparison is not written to a folder")
            .help("leave out --out: merge prints the comparison as `compare` does")
            .into());
    }
    let parts = collect(&args.dirs, "compare")?;
    let (dir0, info) = &parts[0];
    let scenario_source = source(dir0, &info.scenario)?;
    let mut loaded = Vec::new();
    for copy in &info.contracts {
        let c = contract_from_source(&source(dir0, copy)?)?;
        let s = scenario_from_source(&scenario_source, &c.value)?;
        loaded.push((c, s));
    }
    let (loaded, scenarios, warnings) = super::compare::designs_of(loaded, info.stress.as_deref())?;
    let models: Vec<Model> = loaded
        .iter()
        .zip(&scenarios)
        .map(|((c, _), s)| Model::with_terms(&c.value, s, info.terms))
        .collect();
    let refs: Vec<&Model> = models.iter().collect();
    let pairs = super::compare::pairs(refs.len());
    let mut merger = CompareMerger::new(&refs, &pairs, info.seed, info.trials);
    for (dir, part_info) in &parts {
        let shown = dir.join("part.bin");
        let bytes = std::fs::read(&shown).map_err(|e| {
            Diagnostic::error(format!("cannot read `{}`: {e}", shown.display())).help(HELP)
        })?;
        ComparePart::decode(&bytes, &part_info.identity())
            .and_then(|p| merger.add(p))
            .map_err(|why| {
                Diagnostic::error(format!("`{}` cannot be merged: {why}", shown.display()))
                    .help("the part was altered or damaged: run its shard again")
            })?;
    }
    let (accs, differences) = merger.finish().map_err(|why| {
        Diagnostics::from(
            Diagnostic::error(format!("the parts do not make a whole comparison: {why}"))
                .help(HELP),
        )
    })?;
    let settings = RunSettings {
        trials: info.trials,
        seed: info.seed,
        precision: None,
        max_trials: info.trials,
        keep_draws: false,
    };
    let outcomes = refs
        .iter()
        .zip(accs)
        .map(|(m, acc)| crate::analysis::run::outcome_of(m, &settings, acc, true))
        .collect();
    let comparison = super::compare::comparison_of(
        &loaded,
        info.stress.clone(),
        info.seed,
        info.trials,
        info.terms,
        outcomes,
        differences,
    );
    let stdout = emit(&comparison, args.emit.format, |r| {
        crate::report::compare::render(loc, &scenarios[0].name, r)
    });
    Ok(Output {
        stdout,
        warnings,
        notes: Vec::new(),
    })
}
