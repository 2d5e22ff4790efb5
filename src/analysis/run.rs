//! A run: simulate, summarise every metric and probability, and say what to watch out for.

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

use crate::cashflow::Pooled;
use crate::cashflow::expected::expected_world;
use crate::engine::{self, BLOCK, Measure, Model, Trials};
use crate::model::contract::{EffectScale, Terms};
use crate::stats::{self, Probability, Summary};

/// What to run.
#[derive(Debug, Clone)]
pub struct RunSettings {
    pub trials: u64,
    pub seed: u64,
    /// Stop once key standard errors fall below this (see [`precision_met`]).
    pub precision: Option<f64>,
    /// The most trials an auto-stopping run may use.
    pub max_trials: u64,
    pub keep_draws: bool,
}

/// The summary of a run, shaped as `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    pub sibyl_version: &'static str,
    pub contract: FileRef,
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub trials: u64,
    pub metrics: IndexMap<String, Summary>,
    pub probabilities: IndexMap<String, Probability>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileRef {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ScenarioRef {
    pub path: String,
    pub sha256: String,
    pub stress: Option<String>,
}

/// Simulates `settings.trials` trials, or, with a precision, adds blocks (doubling) until
/// the key standard errors are small enough or `max_trials` is reached. Either way the
/// result for N trials equals a plain run of N trials with the same seed.
pub fn simulate(
    model: &Model,
    settings: &RunSettings,
    on_block: &(dyn Fn(u64) + Sync),
) -> (Trials, bool) {
    let Some(target) = settings.precision else {
        return (
            engine::simulate(
                model,
                settings.seed,
                0,
                settings.trials,
                settings.keep_draws,
                on_block,
            ),
            true,
        );
    };
    let max = settings.max_trials.max(BLOCK);
    let mut n = settings.trials.clamp(BLOCK, max).div_ceil(BLOCK) * BLOCK;
    let mut all = engine::simulate(
        model,
        settings.seed,
        0,
        n.min(max),
        settings.keep_draws,
        on_block,
    );
    loop {
        if precision_met(model, &all, target) {
            return (all, true);
        }
        if all.count >= max {
            return (all, false);
        }
        let more = n.min(max - all.count);
        let extra = engine::simulate(
            model,
            settings.seed,
            all.count / BLOCK,
            more,
            settings.keep_draws,
            on_block,
        );
        all.count += extra.count;
        all.values.extend_from_slice(&extra.values);
        all.flags.extend_from_slice(&extra.flags);
        all.draws.extend_from_slice(&extra.draws);
        n *= 2;
    }
}

/// The key metrics' standard errors are at most `target`: in rate units for IRR and MOIC,
/// as a share of the mean for amounts paid.
pub fn precision_met(model: &Model, trials: &Trials, target: f64) -> bool {
    key_errors(model, trials).iter().all(|(_, e)| *e <= target)
}

/// (metric name, standard error on the precision scale) of the key metrics.
pub fn key_errors(model: &Model, trials: &Trials) -> Vec<(String, f64)> {
    let nm = model.metrics.metrics.len();
    model
        .metrics
        .metrics
        .iter()
        .enumerate()
        .filter_map(|(i, (name, m))| {
            let relative = match m {
                Measure::TrancheIrr(_) | Measure::TrancheMoic(_) => false,
                Measure::PayerPaid(_) | Measure::DealPaid => true,
                _ => return None,
            };
            let (mut n, mut sum, mut sq) = (0.0, 0.0, 0.0);
            for v in trials
                .values
                .iter()
                .skip(i)
                .step_by(nm)
                .filter(|v| !v.is_nan())
            {
                n += 1.0;
                sum += v;
                sq += v * v;
            }
            if n < 2.0 {
                return Some((name.clone(), f64::INFINITY));
            }
            let mean = sum / n;
            let var = ((sq - n * mean * mean) / (n - 1.0)).max(0.0);
            let se = (var / n).sqrt();
            let scaled = if relative {
                if mean.abs() > 0.0 {
                    se / mean.abs()
                } else {
                    0.0
                }
            } else {
                se
            };
            Some((name.clone(), scaled))
        })
        .collect()
}

/// Every metric's summary and every probability, in the metric set's order.
pub fn summarise(
    model: &Model,
    trials: &Trials,
) -> (IndexMap<String, Summary>, IndexMap<String, Probability>) {
    let nm = model.metrics.metrics.len();
    let ne = model.metrics.events.len();
    let summaries: Vec<Summary> = (0..nm)
        .into_par_iter()
        .map(|i| {
            let mut column: Vec<f64> = trials.values.iter().skip(i).step_by(nm).copied().collect();
            stats::summarise(&mut column, lower_is_worse(model.metrics.metrics[i].1))
        })
        .collect();
    let metrics = model
        .metrics
        .metrics
        .iter()
        .zip(summaries)
        .map(|((name, _), s)| (name.clone(), s))
        .collect();
    let probabilities = model
        .metrics
        .events
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let hits = trials
                .flags
                .iter()
                .skip(i)
                .step_by(ne)
                .filter(|&&f| f)
                .count() as u64;
            (name.clone(), Probability::new(hits, trials.count))
        })
        .collect();
    (metrics, probabilities)
}

/// Which side of a metric is bad (for CVaR): low returns and revenue, high payments.
pub fn lower_is_worse(m: Measure) -> bool {
    match m {
        Measure::TrancheIrr(_)
        | Measure::TrancheMoic(_)
        | Measure::TrancheReceived(_)
        | Measure::PayerNetValue(_)
        | Measure::ProviderRevenue(_)
        | Measure::IntermediaryFees(_) => true,
        Measure::TrancheLoss(_)
        | Measure::TrancheGuaranteeDrawn(_)
        | Measure::PayerPaid(_)
        | Measure::PayerNpv(_)
        | Measure::PayerPaidInYear(..)
        | Measure::PayerCostPerTrueOutcome(_)
        | Measure::PayerPaidForNoise(_)
        | Measure::PayerDeadweightPaid(_)
        | Measure::DealPaid => false,
    }
}

/// What a reader should know before trusting the figures.
pub fn warnings(
    model: &Model,
    probabilities: &IndexMap<String, Probability>,
    trials: &Trials,
    settings: &RunSettings,
    precise: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(target), false) = (settings.precision, precise) {
        let worst = key_errors(model, trials)
            .into_iter()
            .filter(|(_, e)| *e > target)
            .map(|(n, e)| format!("{n} ({e:.2e})"))
            .collect::<Vec<_>>();
        out.push(format!(
            "the standard error of {} is still above the asked precision {target} after the maximum of {} trials; raise --max-trials or accept a coarser precision",
            worst.join(", "),
            settings.max_trials
        ));
    }
    for (name, p) in probabilities {
        if let Some(cap) = name.strip_suffix(".binds") {
            if p.p > 0.5 {
                out.push(format!("the cap {cap} binds in {:.0}% of trials: the outcome payments are mostly set by the cap, not the results", 100.0 * p.p));
            }
        }
        if let Some(tranche) = name.strip_suffix(".irr_undefined") {
            if p.p > 0.0 {
                out.push(format!(
                    "the IRR of {tranche} is undefined (no or several roots) in {:.2}% of trials; its IRR statistics cover the other trials only, see its MOIC",
                    100.0 * p.p
                ));
            }
        }
    }
    out.extend(thresholds_within_noise(model));
    out
}

/// Threshold and tier rules whose trigger lies within two standard errors of the measured
/// effect expected in the scenario: sampling noise, not the programme, decides whether
/// they pay.
fn thresholds_within_noise(model: &Model) -> Vec<String> {
    let (c, s) = (model.contract, model.scenario);
    let world = expected_world(c, s);
    let mut out = Vec::new();
    for rule in &c.rules {
        let (metric, scale, triggers): (usize, EffectScale, Vec<f64>) = match &rule.terms {
            Terms::Threshold {
                metric,
                scale,
                threshold,
                ..
            } => (*metric, *scale, vec![*threshold]),
            Terms::Tiers {
                metric,
                scale,
                tiers,
            } => (*metric, *scale, tiers.iter().map(|t| t.at_least).collect()),
            _ => continue,
        };
        let m = &c.metrics[metric];
        for &k in &rule.cohorts {
            let p = Pooled::of(&world, metric, std::iter::once(k));
            if p.n <= 0.0 {
                continue;
            }
            let effect = p.effect(m.direction, scale == EffectScale::Relative);
            let mut var = p.var_treated / p.n;
            if p.n_counterfactual > 0.0 {
                var += p.var_counterfactual / p.n_counterfactual;
            }
            let mut se = var.sqrt();
            if scale == EffectScale::Relative && p.counterfactual > 0.0 {
                se /= p.counterfactual;
            }
            if let Some(t) = triggers.iter().find(|&&t| (t - effect).abs() < 2.0 * se) {
                out.push(format!(
                    "rule {}: its trigger {} is within measurement noise of the expected effect {} (standard error {:.3}) for cohort {}: chance decides whether it pays",
                    rule.id,
                    crate::report::format::num(*t),
                    crate::report::format::num((effect * 1e4).round() / 1e4),
                    se,
                    c.cohorts[k].id
                ));
                break;
            }
        }
    }
    out
}
