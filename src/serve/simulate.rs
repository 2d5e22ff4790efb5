//! One run for the page, as `sibyl run --format json` summarises it, plus the per-trial
//! values its charts draw, stopping early when it is cancelled.

use std::sync::atomic::{AtomicBool, Ordering};

use indexmap::IndexMap;

use crate::analysis::compare::{Comparison, Design};
use crate::analysis::paired;
use crate::analysis::run::{self, PerTrial, RunSettings, RunSummary};
use crate::analysis::{FileRef, ScenarioRef};
use crate::diagnostics::Diagnostics;
use crate::engine::{BlockData, Model, Reporting};
use crate::model::{Contract, Scenario};

/// At most this many trials feed the charts (the run's first).
pub const CHART_TRIALS: u64 = 50_000;

/// Why a run gave no summary.
pub enum Failure {
    Cancelled,
    Invalid(Diagnostics),
}

/// What a run gives: its summary and, per result asked for, the values of its first
/// trials (at most [`CHART_TRIALS`]), non-finite values left out.
pub struct Ran {
    pub summary: RunSummary,
    pub values: IndexMap<String, Vec<f64>>,
}

/// Simulates `trials` trials of the contract under the scenario with the seed, as `sibyl
/// run` does (nominal terms, no stress), keeping the values of `keep` for the charts.
pub fn simulate(
    c: &Contract,
    s: &Scenario,
    files: (FileRef, ScenarioRef),
    trials: u64,
    seed: u64,
    keep: &[String],
    cancelled: &AtomicBool,
) -> Result<Ran, Failure> {
    let model = Model::with_terms(c, s, Reporting::Nominal).stopping_on(cancelled);
    let settings = RunSettings {
        trials,
        seed,
        precision: None,
        max_trials: trials,
        keep_draws: false,
    };
    let names = &model.metrics.metrics;
    let nm = names.len();
    let columns: Vec<usize> = keep
        .iter()
        .filter_map(|k| names.iter().position(|(n, _)| n == k))
        .collect();
    // Each block's kept values as bytes (f64, little-endian, trial-major), in trial order.
    let rows = |b: &BlockData| -> Vec<u8> {
        if b.first_trial >= CHART_TRIALS {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(b.trials * columns.len() * 8);
        for t in 0..b.trials {
            for &i in &columns {
                out.extend_from_slice(&b.values[t * nm + i].to_le_bytes());
            }
        }
        out
    };
    let mut sink: Vec<u8> = Vec::new();
    let simulated = run::simulate_unless(
        &model,
        &settings,
        (!columns.is_empty()).then_some(PerTrial {
            rows: &rows,
            sink: &mut sink,
        }),
        &|_| {},
        &|| cancelled.load(Ordering::Relaxed),
    );
    let (acc, precise) = match simulated {
        Ok(x) => x,
        Err(_) => return Err(Failure::Cancelled),
    };
    // A run cut short is cancelled, whatever its blocks saw.
    if model.stopped() {
        return Err(Failure::Cancelled);
    }
    crate::analysis::soundness::check(&model, seed, None).map_err(Failure::Invalid)?;
    if model.stopped() {
        return Err(Failure::Cancelled);
    }
    let key_errors = acc.key_errors(&model);
    let trials = acc.trials;
    let estimates = run::estimates(&model, &acc);
    let (metrics, probabilities) = run::summarise(&model, &settings, acc);
    let warnings = run::warnings(
        &model,
        &probabilities,
        &estimates,
        &key_errors,
        &settings,
        precise,
    );
    let mut values: IndexMap<String, Vec<f64>> = IndexMap::new();
    let kept: Vec<&String> = columns.iter().map(|&i| &names[i].0).collect();
    for name in &kept {
        values.insert((*name).clone(), Vec::new());
    }
    if !kept.is_empty() {
        for (k, chunk) in sink.chunks_exact(8).enumerate() {
            let v = f64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            if v.is_finite() {
                values[k % kept.len()].push(v);
            }
        }
    }
    Ok(Ran {
        summary: RunSummary {
            sibyl_version: env!("CARGO_PKG_VERSION"),
            contract: files.0,
            scenario: files.1,
            seed,
            trials,
            terms: Reporting::Nominal,
            metrics,
            probabilities,
            estimates,
            warnings,
        },
        values,
    })
}

/// Two or more designs under one scenario on common random numbers, as `sibyl compare
/// --format json` gives it (nominal terms, no stress): each design's figures and every
/// pair's paired difference, stopping early when it is cancelled.
pub fn compare(
    designs: &[(&Contract, FileRef)],
    s: &Scenario,
    scenario: ScenarioRef,
    trials: u64,
    seed: u64,
    cancelled: &AtomicBool,
) -> Result<Comparison, Failure> {
    let models: Vec<Model> = designs
        .iter()
        .map(|(c, _)| Model::with_terms(c, s, Reporting::Nominal).stopping_on(cancelled))
        .collect();
    let refs: Vec<&Model> = models.iter().collect();
    let pairs: Vec<(usize, usize)> = (0..models.len())
        .flat_map(|a| (a + 1..models.len()).map(move |b| (a, b)))
        .collect();
    let (outcomes, differences) =
        paired::run_and_pair_unless(&refs, &pairs, seed, trials, &|_| {}, &|| {
            cancelled.load(Ordering::Relaxed)
        })
        .ok_or(Failure::Cancelled)?;
    let names: Vec<String> = designs
        .iter()
        .map(|(_, f)| format!("design {}", f.path))
        .collect();
    if cancelled.load(Ordering::Relaxed) {
        return Err(Failure::Cancelled);
    }
    crate::analysis::soundness::check_all(
        refs.iter()
            .copied()
            .zip(names.iter().map(|n| Some(n.as_str()))),
        seed,
    )
    .map_err(Failure::Invalid)?;
    if cancelled.load(Ordering::Relaxed) {
        return Err(Failure::Cancelled);
    }
    Ok(Comparison {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        scenario,
        seed,
        trials,
        terms: Reporting::Nominal,
        designs: designs
            .iter()
            .zip(outcomes)
            .map(|((c, file), o)| Design {
                contract: file.clone(),
                name: c.deal.name.clone(),
                currency: c.deal.currency.clone(),
                metrics: o.metrics,
                probabilities: o.probabilities,
                estimates: o.estimates,
                warnings: o.warnings,
            })
            .collect(),
        differences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands;

    /// A run on one thread (waves of one block, asked whether cancelled before each) gives
    /// the JSON `sibyl run --format json` gives, byte for byte.
    #[test]
    fn the_summary_is_sibyl_runs() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let lib = super::super::Library::read(root).expect("the library");
        let d = &lib.deals["peterborough"];
        let files = (
            FileRef {
                path: "contracts/peterborough.toml".into(),
                sha256: crate::analysis::provenance::sha256(&d.contract.source.text),
            },
            ScenarioRef {
                path: "scenarios/peterborough.toml".into(),
                sha256: crate::analysis::provenance::sha256(&d.scenario.source.text),
                stress: None,
            },
        );
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let keep = vec!["tranche.bonds.moic".to_string()];
        let Ok(ran) = pool.install(|| {
            simulate(
                &d.contract.value,
                &d.scenario.value,
                files,
                5_000,
                7,
                &keep,
                &AtomicBool::new(false),
            )
        }) else {
            panic!("the run failed");
        };
        assert_eq!(ran.values["tranche.bonds.moic"].len(), 5_000);
        let args = commands::run::Args {
            contract: root.join("contracts/peterborough.toml"),
            scenario: root.join("scenarios/peterborough.toml"),
            sim: commands::Simulation {
                trials: Some(5_000),
                seed: 7,
                threads: Some(2),
                real: false,
            },
            stress: None,
            precision: None,
            max_trials: None,
            out: None,
            emit: commands::Emit {
                format: commands::Format::Json,
            },
            per_trial: false,
            per_trial_format: commands::run::PerTrialFormat::Csv,
            force: false,
            shard: None,
            split_uncertainty: false,
            outer: None,
            inner: None,
        };
        let cli = commands::run::run(&args, crate::i18n::Locale::english())
            .expect("sibyl run")
            .stdout;
        let mut ours = commands::json(&ran.summary);
        let (path, sha) = (&ran.summary.contract.path, &ran.summary.contract.sha256);
        // The command names the files by the paths it was given.
        ours = ours.replace(
            &format!("\"path\": \"{path}\""),
            &format!("\"path\": \"{}\"", args.contract.display()),
        );
        ours = ours.replace(
            "\"path\": \"scenarios/peterborough.toml\"",
            &format!("\"path\": \"{}\"", args.scenario.display()),
        );
        assert!(cli.contains(sha.as_str()));
        assert_eq!(ours, cli);
    }

    #[test]
    fn a_cancelled_run_stops() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let lib = super::super::Library::read(root).expect("the library");
        let d = &lib.deals["peterborough"];
        let files = (
            FileRef {
                path: String::new(),
                sha256: String::new(),
            },
            ScenarioRef {
                path: String::new(),
                sha256: String::new(),
                stress: None,
            },
        );
        let r = simulate(
            &d.contract.value,
            &d.scenario.value,
            files,
            1_000_000,
            1,
            &[],
            &AtomicBool::new(true),
        );
        assert!(matches!(r, Err(Failure::Cancelled)));
    }
}
