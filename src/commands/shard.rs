//! `--shard I/N` and `--shard auto`: which part of a run this process computes when a
//! cluster's scheduler starts N copies of one command (a Slurm job array, a Kubernetes
//! Indexed Job). Shards are numbered from 1; shard I of N owns a contiguous run of the
//! units (blocks of trials, sweep points) whose sizes differ by at most one.

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::analysis::provenance;
use crate::analysis::run::PerTrial;
use crate::analysis::shard as shard_analysis;
use crate::diagnostics::{Diagnostics, Source};
use crate::engine::{BLOCK, Model};
use crate::i18n::Locale;
use crate::output;

use super::run::Progress;

/// The most shards a run may be split into.
pub const MAX_SHARDS: u32 = 100_000;

/// One shard of a split run: `index` of `count`, numbered from 1. Read from a file, it is
/// checked as [`Shard::new`] checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ShardFields")]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

/// A shard's fields as written, before they are checked.
#[derive(Deserialize)]
struct ShardFields {
    index: u32,
    count: u32,
}

impl TryFrom<ShardFields> for Shard {
    type Error = String;

    fn try_from(f: ShardFields) -> Result<Shard, String> {
        Shard::new(f.index, f.count)
    }
}

/// This build's identity: a hash of its sources (see build.rs). Parts and sweeps' points
/// are merged only by the build that wrote them.
pub const BUILD_ID: &str = env!("SIBYL_BUILD_ID");

/// What `--shard` said: a fixed shard, or `auto` (read from the scheduler's environment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardArg {
    Fixed(Shard),
    Auto,
}

/// Parses `--shard`'s value: `I/N` with 1 <= I <= N <= [`MAX_SHARDS`], or `auto`.
pub fn parse(text: &str) -> Result<ShardArg, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("auto") {
        return Ok(ShardArg::Auto);
    }
    let help = "a shard is I/N, this process's part I of N parts numbered from 1 (e.g. 2/7), \
                or `auto` to read it from a Slurm job array or a Kubernetes Indexed Job";
    let (i, n) = t
        .split_once('/')
        .ok_or_else(|| format!("`{text}` is not a shard: {help}"))?;
    let number = |s: &str| s.trim().parse::<u32>().ok();
    match (number(i), number(n)) {
        (Some(index), Some(count)) => Shard::new(index, count).map(ShardArg::Fixed),
        _ => Err(format!("`{text}` is not a shard: {help}")),
    }
}

impl Shard {
    /// Shard `index` of `count`, checked.
    pub fn new(index: u32, count: u32) -> Result<Shard, String> {
        if count == 0 || count > MAX_SHARDS {
            return Err(format!(
                "a run is split into 1 to {MAX_SHARDS} shards, not {count}"
            ));
        }
        if index == 0 || index > count {
            return Err(format!(
                "shard {index} of {count} does not exist: shards are numbered from 1 to {count}"
            ));
        }
        Ok(Shard { index, count })
    }

    /// The whole run as one shard.
    pub fn whole() -> Shard {
        Shard { index: 1, count: 1 }
    }

    /// The units of `0..n` this shard owns: contiguous, the first `n % count` shards one
    /// longer than the rest. Every unit is owned by exactly one shard.
    pub fn range(&self, n: u64) -> Range<u64> {
        let count = u64::from(self.count.max(1));
        let i = u64::from(self.index.saturating_sub(1));
        let base = n / count;
        let extra = n % count;
        let start = i * base + i.min(extra);
        let len = base + u64::from(i < extra);
        start..start + len
    }

    /// The shard a scheduler's environment names, read through `var`: a Slurm job array
    /// (`SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_MIN`, `SLURM_ARRAY_TASK_COUNT`, and
    /// `SLURM_ARRAY_TASK_STEP` when the array steps; `SIBYL_SHARD_FIRST` and
    /// `SIBYL_SHARD_COUNT`, when set, override the array's first index and count, so that a
    /// task resubmitted alone is still shard I of N) or a Kubernetes Indexed Job
    /// (`JOB_COMPLETION_INDEX` from 0, with the count in `SIBYL_SHARD_COUNT`).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Shard, String> {
        let number = |name: &str| -> Result<Option<u64>, String> {
            match var(name) {
                None => Ok(None),
                Some(v) => v.trim().parse::<u64>().map(Some).map_err(|_| {
                    format!("{name} is `{v}`, not a whole number, so --shard auto cannot use it")
                }),
            }
        };
        let fit = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
            // A task resubmitted alone (`sbatch --array=5`) is an array of one: the job's
            // script states the whole array in SIBYL_SHARD_FIRST and SIBYL_SHARD_COUNT.
            let min = match number("SIBYL_SHARD_FIRST")? {
                Some(first) => first,
                None => number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0),
            };
            let step = number("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1).max(1);
            let count = match number("SIBYL_SHARD_COUNT")? {
                Some(count) => Some(count),
                None => number("SLURM_ARRAY_TASK_COUNT")?,
            };
            let Some(count) = count else {
                return Err(
                    "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: \
                            run under a Slurm job array (sbatch --array), or give --shard I/N"
                        .into(),
                );
            };
            if id < min || (id - min) % step != 0 {
                return Err(format!(
                    "SLURM_ARRAY_TASK_ID {id} is not in the array from {min} by {step}: \
                     give --shard I/N"
                ));
            }
            return Shard::new(fit((id - min) / step + 1), fit(count));
        }
        if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let Some(count) = number("SIBYL_SHARD_COUNT")? else {
                return Err(
                    "JOB_COMPLETION_INDEX is set but SIBYL_SHARD_COUNT is not: set it \
                            in the Job to its `completions` (see docs/cluster.md)"
                        .into(),
                );
            };
            return Shard::new(fit(index.saturating_add(1)), fit(count));
        }
        Err(
            "--shard auto found no scheduler: it reads SLURM_ARRAY_TASK_ID and \
             SLURM_ARRAY_TASK_COUNT (a Slurm job array) or JOB_COMPLETION_INDEX and \
             SIBYL_SHARD_COUNT (a Kubernetes Indexed Job); outside one, give --shard I/N"
                .into(),
        )
    }
}

impl ShardArg {
    /// The shard this process computes, reading the environment for `auto`.
    pub fn resolve(self) -> Result<Shard, String> {
        match self {
            ShardArg::Fixed(s) => Ok(s),
            ShardArg::Auto => Shard::from_env(|name| std::env::var(name).ok()),
        }
    }
}

/// `part.json`'s format.
pub const PART_FORMAT: &str = "sibyl-part/2";

/// `part.json`: what a shard's part belongs to. Parts of one run agree on everything but
/// `shard` and `blocks`. The inputs' texts are copied in, so that `sibyl merge` rebuilds
/// exactly the model the shards simulated, wherever it runs and whatever has happened to
/// the files since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartInfo {
    pub format: String,
    /// The command that wrote the part: `run` (a `sweep` writes its own kind).
    pub kind: String,
    pub sibyl_version: String,
    /// The build that wrote the part ([`BUILD_ID`]): merge takes parts of its own build only.
    pub build_id: String,
    /// The contract (`run`), or the designs in order (`compare`).
    pub contracts: Vec<InputCopy>,
    pub scenario: InputCopy,
    pub stress: Option<String>,
    pub seed: u64,
    pub trials: u64,
    pub terms: crate::engine::Reporting,
    pub per_trial: bool,
    pub shard: Shard,
    /// The blocks of `BLOCK` trials this part holds, from `start` up to `end`.
    pub blocks: BlockRange,
    pub total_blocks: u64,
}

/// An input file as the shard read it: its path as given, the SHA-256 and the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputCopy {
    pub path: String,
    pub sha256: String,
    pub text: String,
}

impl PartInfo {
    /// The SHA-256 of what the part belongs to: every field but the inputs' texts (their
    /// hashes stand for them) and the blocks (which the shard decides). part.bin carries it.
    pub fn identity(&self) -> shard_analysis::Identity {
        use sha2::Digest;
        let identity = serde_json::json!({
            "format": self.format,
            "kind": self.kind,
            "sibyl_version": self.sibyl_version,
            "build_id": self.build_id,
            "contracts_sha256": self.contracts.iter().map(|c| &c.sha256).collect::<Vec<_>>(),
            "scenario_sha256": self.scenario.sha256,
            "stress": self.stress,
            "seed": self.seed,
            "trials": self.trials,
            "terms": self.terms,
            "per_trial": self.per_trial,
            "shard": [self.shard.index, self.shard.count],
        });
        sha2::Sha256::digest(identity.to_string().as_bytes()).into()
    }
}

impl InputCopy {
    fn of(source: &Source) -> Self {
        InputCopy {
            path: source.path.clone(),
            sha256: provenance::sha256(&source.text),
            text: source.text.clone(),
        }
    }
}

/// A range of blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockRange {
    pub start: u64,
    pub end: u64,
}

/// What a shard of `run` was asked for.
pub struct RunPart<'a> {
    pub contract: &'a Source,
    pub scenario: &'a Source,
    pub stress: Option<&'a str>,
    pub seed: u64,
    pub trials: u64,
    pub terms: crate::engine::Reporting,
    pub per_trial: bool,
}

/// Simulates shard `shard` of a run and writes its part into the folder `out` (`part.json`,
/// `part.bin`, and with `per_trial` its trials' rows in `trials.csv`, header first), whole
/// or not at all. The notes that say where.
pub fn run_part(
    model: &Model,
    input: &RunPart,
    shard: Shard,
    out: &Path,
    force: bool,
    loc: &Locale,
) -> Result<Vec<String>, Diagnostics> {
    let total = shard_analysis::total_blocks(input.trials);
    let own = shard.range(total);
    let info = PartInfo {
        format: PART_FORMAT.into(),
        kind: "run".into(),
        sibyl_version: env!("CARGO_PKG_VERSION").into(),
        build_id: BUILD_ID.into(),
        contracts: vec![InputCopy::of(input.contract)],
        scenario: InputCopy::of(input.scenario),
        stress: input.stress.map(str::to_string),
        seed: input.seed,
        trials: input.trials,
        terms: input.terms,
        per_trial: input.per_trial,
        shard,
        blocks: BlockRange {
            start: own.start,
            end: own.end,
        },
        total_blocks: total,
    };
    let identity = serde_json::json!({
        "sibyl_version": env!("CARGO_PKG_VERSION"),
        "command": "run",
        "shard": shard.to_string(),
        "contract_sha256": info.contracts[0].sha256,
        "scenario_sha256": info.scenario.sha256,
        "stress": info.stress,
        "seed": info.seed,
        "terms": info.terms,
        "trials": info.trials,
        "per_trial": info.per_trial,
    });
    let mut folder = output::folder::RunFolder::begin(out, force, identity)?;
    let mut csv = if input.per_trial {
        let mut f = folder.create("trials.csv")?;
        f.write_all(&output::csv::header(model))
            .map_err(|e| output::write_error(f.path(), &e))?;
        Some(f)
    } else {
        None
    };
    let csv_path = csv.as_ref().map(|f| f.path().to_path_buf());
    let computed: u64 = shard_analysis::computed(&own, total)
        .iter()
        .map(|r| (r.end * BLOCK).min(input.trials) - (r.start * BLOCK).min(input.trials))
        .sum();
    let progress = Progress::in_language(computed, loc);
    let rows = |b: &crate::engine::BlockData| output::csv::block_rows(model, input.seed, b);
    let part = shard_analysis::simulate_part(
        model,
        input.seed,
        input.trials,
        own,
        csv.as_mut().map(|f| PerTrial {
            rows: &rows,
            sink: f as &mut dyn std::io::Write,
        }),
        &|n| progress.advance(n),
    );
    progress.finish();
    let part = part.map_err(|e| {
        output::write_error(csv_path.as_deref().unwrap_or(Path::new("trials.csv")), &e)
    })?;
    crate::analysis::soundness::check(model, input.seed, None)?;
    if let Some(f) = csv {
        folder.add(f)?;
    }
    folder.write("part.bin", &part.encode(&info.identity()))?;
    folder.write("part.json", super::json(&info).as_bytes())?;
    let dir = folder.dir().display().to_string();
    let files = folder.commit()?;
    Ok(vec![crate::tr!(
        loc,
        "run-written",
        dir = &dir,
        files = files.join(", ")
    )])
}

/// What a shard of `compare` was asked for.
pub struct ComparePartInput<'a> {
    pub contracts: Vec<&'a Source>,
    pub scenario: &'a Source,
    pub stress: Option<&'a str>,
    pub seed: u64,
    pub trials: u64,
    pub terms: crate::engine::Reporting,
}

/// Simulates shard `shard` of a comparison of `models` and writes its part into `out`
/// (`part.json`, `part.bin`), whole or not at all. The notes that say where.
pub fn compare_part(
    models: &[&Model],
    pairs: &[(usize, usize)],
    input: &ComparePartInput,
    shard: Shard,
    out: &Path,
    force: bool,
    loc: &Locale,
) -> Result<Vec<String>, Diagnostics> {
    let total = shard_analysis::total_blocks(input.trials);
    let own = shard.range(total);
    let info = PartInfo {
        format: PART_FORMAT.into(),
        kind: "compare".into(),
        sibyl_version: env!("CARGO_PKG_VERSION").into(),
        build_id: BUILD_ID.into(),
        contracts: input.contracts.iter().map(|c| InputCopy::of(c)).collect(),
        scenario: InputCopy::of(input.scenario),
        stress: input.stress.map(str::to_string),
        seed: input.seed,
        trials: input.trials,
        terms: input.terms,
        per_trial: false,
        shard,
        blocks: BlockRange {
            start: own.start,
            end: own.end,
        },
        total_blocks: total,
    };
    let identity = serde_json::json!({
        "sibyl_version": env!("CARGO_PKG_VERSION"),
        "command": "compare",
        "shard": shard.to_string(),
        "contracts_sha256": info.contracts.iter().map(|c| c.sha256.clone()).collect::<Vec<_>>(),
        "scenario_sha256": info.scenario.sha256,
        "stress": info.stress,
        "seed": info.seed,
        "terms": info.terms,
        "trials": info.trials,
    });
    let mut folder = output::folder::RunFolder::begin(out, force, identity)?;
    let computed: u64 = shard_analysis::computed(&own, total)
        .iter()
        .map(|r| (r.end * BLOCK).min(input.trials) - (r.start * BLOCK).min(input.trials))
        .sum();
    // Each design simulates its computed blocks (the pilot too, when needed); the pairs
    // only the blocks the shard owns.
    let owned = (own.end * BLOCK).min(input.trials) - (own.start * BLOCK).min(input.trials);
    let progress = Progress::in_language(computed * models.len() as u64 + owned, loc);
    let part =
        shard_analysis::simulate_compare_part(models, pairs, input.seed, input.trials, own, &|n| {
            progress.advance(n)
        });
    progress.finish();
    let names: Vec<String> = input
        .contracts
        .iter()
        .map(|c| format!("design {}", c.path))
        .collect();
    crate::analysis::soundness::check_all(
        models
            .iter()
            .copied()
            .zip(names.iter().map(|n| Some(n.as_str()))),
        input.seed,
    )?;
    folder.write("part.bin", &part.encode(&info.identity()))?;
    folder.write("part.json", super::json(&info).as_bytes())?;
    let dir = folder.dir().display().to_string();
    let files = folder.commit()?;
    Ok(vec![crate::tr!(
        loc,
        "run-written",
        dir = &dir,
        files = files.join(", ")
    )])
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn parses_fixed_and_auto() {
        assert_eq!(
            parse("2/7"),
            Ok(ShardArg::Fixed(Shard { index: 2, count: 7 }))
        );
        assert_eq!(parse(" 1/1 "), Ok(ShardArg::Fixed(Shard::whole())));
        assert_eq!(parse("AUTO"), Ok(ShardArg::Auto));
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "-1/3", "1/200000", ""] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse("4/3").unwrap_err().contains("numbered from 1 to 3"));
    }

    #[test]
    fn a_shard_read_from_a_file_is_checked() {
        let read = |text: &str| serde_json::from_str::<Shard>(text);
        assert_eq!(
            read(r#"{"index": 2, "count": 3}"#).unwrap(),
            Shard { index: 2, count: 3 }
        );
        for bad in [
            r#"{"index": 1, "count": 0}"#,
            r#"{"index": 0, "count": 3}"#,
            r#"{"index": 4, "count": 3}"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ranges_cover_every_unit_once() {
        for n in [0u64, 1, 2, 5, 7, 64, 100, 2443] {
            for count in [1u32, 2, 3, 7, 10] {
                let mut next = 0;
                for index in 1..=count {
                    let r = Shard { index, count }.range(n);
                    assert_eq!(r.start, next, "n {n} shard {index}/{count}");
                    assert!(r.end - r.start <= n / u64::from(count) + 1);
                    next = r.end;
                }
                assert_eq!(next, n);
            }
        }
    }

    #[test]
    fn reads_slurm_and_kubernetes() {
        let slurm = [
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "7"),
        ];
        assert_eq!(
            Shard::from_env(env(&slurm)),
            Ok(Shard { index: 4, count: 7 })
        );
        let stepped = [
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ];
        assert_eq!(
            Shard::from_env(env(&stepped)),
            Ok(Shard { index: 3, count: 3 })
        );
        let k8s = [("JOB_COMPLETION_INDEX", "0"), ("SIBYL_SHARD_COUNT", "3")];
        assert_eq!(Shard::from_env(env(&k8s)), Ok(Shard { index: 1, count: 3 }));
        assert!(
            Shard::from_env(env(&[]))
                .unwrap_err()
                .contains("no scheduler")
        );
        let no_count = [("JOB_COMPLETION_INDEX", "2")];
        assert!(
            Shard::from_env(env(&no_count))
                .unwrap_err()
                .contains("SIBYL_SHARD_COUNT")
        );
        let past = [("JOB_COMPLETION_INDEX", "3"), ("SIBYL_SHARD_COUNT", "3")];
        assert!(Shard::from_env(env(&past)).is_err());
        // `sbatch --array=5` resubmits task 5 alone: an array of one from 5. The script's
        // SIBYL_SHARD_FIRST and SIBYL_SHARD_COUNT say which array it belongs to.
        let alone = [
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "5"),
            ("SLURM_ARRAY_TASK_COUNT", "1"),
        ];
        assert_eq!(Shard::from_env(env(&alone)), Ok(Shard::whole()));
        let resubmitted = [
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "5"),
            ("SLURM_ARRAY_TASK_COUNT", "1"),
            ("SIBYL_SHARD_FIRST", "1"),
            ("SIBYL_SHARD_COUNT", "16"),
        ];
        assert_eq!(
            Shard::from_env(env(&resubmitted)),
            Ok(Shard {
                index: 5,
                count: 16
            })
        );
        // The same variables in the first submission agree with Slurm's.
        let first = [
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "16"),
            ("SIBYL_SHARD_FIRST", "0"),
            ("SIBYL_SHARD_COUNT", "16"),
        ];
        assert_eq!(
            Shard::from_env(env(&first)),
            Ok(Shard {
                index: 1,
                count: 16
            })
        );
        let outside = [
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "1"),
            ("SIBYL_SHARD_FIRST", "1"),
        ];
        assert!(
            Shard::from_env(env(&outside))
                .unwrap_err()
                .contains("not in the array from 1")
        );
        let garbled = [
            ("SLURM_ARRAY_TASK_ID", "x"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ];
        assert!(
            Shard::from_env(env(&garbled))
                .unwrap_err()
                .contains("not a whole number")
        );
    }
}
