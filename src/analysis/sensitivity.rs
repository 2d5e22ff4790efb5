//! What drives a metric: a tornado (each assumption swung from its 10th to its 90th
//! percentile with the others at their medians) and, from a Monte Carlo run of the scenario
//! as written, Spearman rank correlations between each assumption and the metric.
//!
//! Every swing runs on common random numbers, so the width of a bar (high − low) carries a
//! paired standard error; participant and measurement noise stay in, so threshold effects
//! show as they would in the deal.

use serde::Serialize;

use crate::engine::{self, BLOCK, Model, Reporting};
use crate::model::contract::Contract;
use crate::model::distribution::Distribution;
use crate::model::scenario::Scenario;
use crate::stats::Estimate;
use crate::stats::cross::CrossSums;
use crate::stats::stream::{BlockMoments, Moments};

use super::paired::{estimate_difference, paired_sums};
use super::run::block_sums;
use super::{FileRef, soundness};
use crate::diagnostics::Diagnostics;

/// What `sensitivity --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct SensitivityReport {
    pub sibyl_version: &'static str,
    pub contract: FileRef,
    pub scenario: FileRef,
    pub stress: Option<String>,
    pub seed: u64,
    pub trials: u64,
    /// The terms amounts are in: `nominal` (cash) or `real` (period-0 money).
    pub terms: crate::engine::Reporting,
    pub metric: String,
    /// `mean` for a metric (over the trials where it is defined), `probability` for one of
    /// `run`'s probabilities, `estimate` for one of its estimates (a ratio of expectations,
    /// a pooled IRR).
    pub statistic: &'static str,
    pub currency: String,
    /// The metric with every assumption at its median.
    pub at_medians: Estimate,
    /// Widest swing first.
    pub tornado: Vec<Swing>,
    /// Strongest first; empty for an estimate, which has no value per trial.
    pub rank_correlations: Vec<RankCorrelation>,
}

/// A result of `run`: a metric (its mean), a probability, or an estimate of the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Metric(usize),
    Event(usize),
    Estimate(usize),
}

impl Target {
    /// Finds `name` among a model's metrics, then its probabilities, then its estimates.
    pub fn find(model: &Model, name: &str) -> Option<Target> {
        let m = &model.metrics;
        m.metrics
            .iter()
            .position(|(n, _)| n == name)
            .map(Target::Metric)
            .or_else(|| {
                m.events
                    .iter()
                    .position(|(n, _)| n == name)
                    .map(Target::Event)
            })
            .or_else(|| {
                m.estimates
                    .iter()
                    .position(|e| e.name == name)
                    .map(Target::Estimate)
            })
    }

    /// The statistic the target is summarised by.
    pub fn statistic(self) -> &'static str {
        match self {
            Target::Metric(_) => "mean",
            Target::Event(_) => "probability",
            Target::Estimate(_) => "estimate",
        }
    }

    /// The value in trial `t` of a block (NaN where undefined, and for an estimate, which
    /// has no value per trial).
    #[inline]
    pub fn value(self, model: &Model, b: &engine::BlockData, t: usize) -> f64 {
        match self {
            Target::Metric(i) => b.values[t * model.metrics.metrics.len() + i],
            Target::Event(i) => f64::from(u8::from(b.flags[t * model.metrics.events.len() + i])),
            Target::Estimate(_) => f64::NAN,
        }
    }
}

/// One bar of the tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Swing {
    pub assumption: String,
    /// The assumption's 10th and 90th percentiles.
    pub p10: f64,
    pub p90: f64,
    /// The metric with the assumption at its p10, and at its p90.
    pub low: Estimate,
    pub high: Estimate,
    /// `high − low`, paired over the same trials.
    pub swing: Estimate,
}

/// Spearman's rank correlation between an assumption's draws and the metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankCorrelation {
    pub assumption: String,
    pub rho: f64,
    /// Approximate standard error, `(1 − ρ²)·√(1.06/(n − 3))` (Fieller et al.).
    pub se: f64,
    pub n: u64,
}

/// The assumptions that vary (a fixed one has nothing to swing).
pub fn varying(s: &Scenario) -> Vec<usize> {
    (0..s.assumptions.len())
        .filter(|&a| !matches!(s.assumptions[a].dist, Distribution::Fixed(_)))
        .collect()
}

/// The scenario with every varying assumption at its median.
pub fn at_medians(s: &Scenario) -> Scenario {
    let mut out = s.clone();
    for a in varying(s) {
        out.assumptions[a].dist = Distribution::Fixed(s.assumptions[a].dist.quantile(0.5));
    }
    out
}

/// The tornado: the metric at the medians, and one swing per varying assumption, widest
/// first.
#[allow(clippy::too_many_arguments)]
pub fn tornado(
    c: &Contract,
    s: &Scenario,
    name: &str,
    seed: u64,
    trials: u64,
    terms: Reporting,
    on_block: &(dyn Fn(u64) + Sync),
) -> Result<(Estimate, Vec<Swing>), Diagnostics> {
    let base = at_medians(s);
    let assumptions = varying(s);
    let mut scenarios = vec![base.clone()];
    for &a in &assumptions {
        let d = &s.assumptions[a].dist;
        scenarios.push(base.with_fixed(a, d.quantile(0.1)));
        scenarios.push(base.with_fixed(a, d.quantile(0.9)));
    }
    let models: Vec<Model> = scenarios
        .iter()
        .map(|x| Model::with_terms(c, x, terms))
        .collect();
    let result = swings(&models, &assumptions, s, name, seed, trials, on_block);
    for (i, m) in models.iter().enumerate() {
        let case = match i {
            0 => "every assumption at its median".to_string(),
            i => format!(
                "`{}` at its {}",
                s.assumptions[assumptions[(i - 1) / 2]].id,
                if i % 2 == 1 { "p10" } else { "p90" }
            ),
        };
        soundness::check(m, seed, Some(&case))?;
    }
    Ok(result)
}

/// The metric at the medians and each assumption's swing, from the models at the medians
/// and at each assumption's p10 and p90 (in that order).
fn swings(
    models: &[Model],
    assumptions: &[usize],
    s: &Scenario,
    name: &str,
    seed: u64,
    trials: u64,
    on_block: &(dyn Fn(u64) + Sync),
) -> (Estimate, Vec<Swing>) {
    let refs: Vec<&Model> = models.iter().collect();
    let targets: Vec<Target> = models
        .iter()
        .map(|m| Target::find(m, name).expect("the metric was checked against the contract"))
        .collect();
    let k = assumptions.len();
    if let Target::Estimate(_) = targets[0] {
        return tornado_of_estimate(&refs, &targets, assumptions, s, seed, trials, on_block);
    }
    // Per block: the metric at the medians, then per swing the low, high and paired
    // difference over the trials where both ends define the metric (so high − low is the
    // swing exactly). Lazy waves keep one wave in memory.
    let blocks = engine::waves(trials, |range| {
        engine::map_blocks_paired(&refs, seed, range, trials, &|d| {
            on_block(d[0].trials as u64 * d.len() as u64);
            let mut medians = BlockMoments::default();
            let mut ends = vec![[BlockMoments::default(); 3]; k];
            for t in 0..d[0].trials {
                medians.add(targets[0].value(&models[0], &d[0], t));
                for (j, m) in ends.iter_mut().enumerate() {
                    let (lo, hi) = (1 + 2 * j, 2 + 2 * j);
                    let x = targets[lo].value(&models[lo], &d[lo], t);
                    let y = targets[hi].value(&models[hi], &d[hi], t);
                    if x.is_nan() || y.is_nan() {
                        continue;
                    }
                    m[0].add(x);
                    m[1].add(y);
                    m[2].add(y - x);
                }
            }
            (
                medians.finish(),
                ends.iter()
                    .map(|m| [m[0].finish(), m[1].finish(), m[2].finish()])
                    .collect::<Vec<_>>(),
            )
        })
    });
    let mut medians = Moments::default();
    let mut ends = vec![[Moments::default(); 3]; k];
    for (m, e) in blocks.flatten() {
        medians.merge(&m);
        for (t, x) in ends.iter_mut().zip(&e) {
            for (a, b) in t.iter_mut().zip(x) {
                a.merge(b);
            }
        }
    }
    let mut swings: Vec<Swing> = assumptions
        .iter()
        .enumerate()
        .map(|(j, &a)| {
            let d = &s.assumptions[a].dist;
            Swing {
                assumption: s.assumptions[a].id.clone(),
                p10: d.quantile(0.1),
                p90: d.quantile(0.9),
                low: Estimate::mean_of(&ends[j][0]),
                high: Estimate::mean_of(&ends[j][1]),
                swing: Estimate::mean_of(&ends[j][2]),
            }
        })
        .collect();
    sort_swings(&mut swings);
    (Estimate::mean_of(&medians), swings)
}

/// Widest swing first; undefined swings last.
fn sort_swings(swings: &mut [Swing]) {
    swings.sort_by(|x, y| {
        let w = |s: &Swing| {
            if s.swing.value.is_nan() {
                -1.0
            } else {
                s.swing.value.abs()
            }
        };
        w(y).total_cmp(&w(x))
    });
}

/// The tornado of an estimate of the whole run: per swing, the sums of the low and high
/// models' inputs side by side, so `high − low` has its paired delta-method error.
fn tornado_of_estimate(
    models: &[&Model],
    targets: &[Target],
    assumptions: &[usize],
    s: &Scenario,
    seed: u64,
    trials: u64,
    on_block: &(dyn Fn(u64) + Sync),
) -> (Estimate, Vec<Swing>) {
    let def = |i: usize| match targets[i] {
        Target::Estimate(e) => &models[i].metrics.estimates[e],
        _ => unreachable!("every model finds the estimate by name"),
    };
    let k = assumptions.len();
    let blocks = engine::waves(trials, |range| {
        engine::map_blocks_paired(models, seed, range, trials, &|d| {
            on_block(d[0].trials as u64 * d.len() as u64);
            let medians = block_sums(models[0], def(0), &d[0]);
            let ends: Vec<CrossSums> = (0..k)
                .map(|j| {
                    let (lo, hi) = (1 + 2 * j, 2 + 2 * j);
                    paired_sums(models[lo], def(lo), &d[lo], models[hi], def(hi), &d[hi])
                })
                .collect();
            (medians, ends)
        })
    });
    let mut medians = CrossSums::default();
    let mut ends = vec![CrossSums::default(); k];
    for (m, e) in blocks.flatten() {
        medians.merge(&m);
        for (t, x) in ends.iter_mut().zip(&e) {
            t.merge(x);
        }
    }
    let at_medians = def(0).evaluate(&medians);
    let mut swings: Vec<Swing> = assumptions
        .iter()
        .enumerate()
        .map(|(j, &a)| {
            let d = &s.assumptions[a].dist;
            let (low, high, diff) = estimate_difference(def(1 + 2 * j), def(2 + 2 * j), &ends[j]);
            Swing {
                assumption: s.assumptions[a].id.clone(),
                p10: d.quantile(0.1),
                p90: d.quantile(0.9),
                low,
                high,
                swing: Estimate {
                    value: diff.value,
                    se: diff.se,
                    n: diff.n,
                },
            }
        })
        .collect();
    sort_swings(&mut swings);
    (at_medians, swings)
}

/// Trials kept for rank correlations: their standard error is then below 0.001, and the
/// draws and values held stay within a few tens of megabytes.
pub const RANK_TRIALS: u64 = 1_000_000;

/// Rank correlations from a run of the scenario as written (its first [`RANK_TRIALS`]
/// trials at most), strongest first.
pub fn rank_correlations(
    model: &Model,
    name: &str,
    seed: u64,
    trials: u64,
    on_block: &(dyn Fn(u64) + Sync),
) -> Vec<RankCorrelation> {
    let trials = trials.min(RANK_TRIALS);
    let target = Target::find(model, name).expect("the metric was checked against the contract");
    if let Target::Estimate(_) = target {
        return Vec::new();
    }
    let s = model.scenario;
    let assumptions = varying(s);
    let na = model.sampler.len();
    let parts = engine::map_blocks(model, seed, 0..trials.div_ceil(BLOCK), trials, true, &|b| {
        on_block(b.trials as u64);
        let mut metric = Vec::with_capacity(b.trials);
        let mut draws = Vec::with_capacity(b.trials * assumptions.len());
        for t in 0..b.trials {
            let v = target.value(model, &b, t);
            if v.is_nan() {
                continue;
            }
            metric.push(v);
            draws.extend(assumptions.iter().map(|&a| b.draws[t * na + a]));
        }
        (metric, draws)
    });
    let mut metric = Vec::new();
    let mut draws = Vec::new();
    for (m, d) in parts {
        metric.extend(m);
        draws.extend(d);
    }
    let n = metric.len();
    let metric_ranks = ranks(&metric);
    let k = assumptions.len();
    let mut out: Vec<RankCorrelation> = assumptions
        .iter()
        .enumerate()
        .map(|(j, &a)| {
            let column: Vec<f64> = draws.iter().skip(j).step_by(k.max(1)).copied().collect();
            let rho = pearson(&ranks(&column), &metric_ranks);
            let se = if n > 3 {
                (1.0 - rho * rho) * (1.06 / (n as f64 - 3.0)).sqrt()
            } else {
                f64::NAN
            };
            RankCorrelation {
                assumption: s.assumptions[a].id.clone(),
                rho,
                se,
                n: n as u64,
            }
        })
        .collect();
    out.sort_by(|x, y| {
        let w = |r: &RankCorrelation| if r.rho.is_nan() { -1.0 } else { r.rho.abs() };
        w(y).total_cmp(&w(x))
    });
    out
}

/// Ranks from 1, ties given their average rank.
fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&i, &j| x[i].total_cmp(&x[j]));
    let mut out = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &o in &order[i..=j] {
            out[o] = rank;
        }
        i = j + 1;
    }
    out
}

/// Pearson's correlation; NaN when either side is constant.
fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    if x.len() < 2 {
        return f64::NAN;
    }
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        return f64::NAN;
    }
    sxy / (sxx * syy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[3.0, 1.0, 2.0, 1.0]), vec![4.0, 1.5, 3.0, 1.5]);
    }

    #[test]
    fn spearman_of_monotone_and_reversed() {
        let x: Vec<f64> = (0..100).map(f64::from).collect();
        let up: Vec<f64> = x.iter().map(|v| v.powi(3)).collect();
        let down: Vec<f64> = x.iter().map(|v| -v.exp()).collect();
        assert!((pearson(&ranks(&x), &ranks(&up)) - 1.0).abs() < 1e-12);
        assert!((pearson(&ranks(&x), &ranks(&down)) + 1.0).abs() < 1e-12);
        assert!(pearson(&ranks(&x), &[1.0; 100]).is_nan());
    }
}
