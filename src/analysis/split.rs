//! `run --split-uncertainty`: how much of each key figure's variance comes from what is
//! unknown about the world (the scenario's `parameter` assumptions) and how much from
//! chance (its `chance` assumptions, and the people and the measurement every trial
//! realises), by a two-dimensional simulation.
//!
//! The outer loop draws the parameter assumptions (their copula and marginals as a run
//! draws them) `outer` times, draw `d` from a stream derived from (seed, d) alone
//! ([`crate::engine::parameter_rng`]). For each draw, the scenario with every parameter
//! assumption fixed at its drawn value is run as `run` runs it ([`run::outcome`]: the one
//! engine, the one summary) for `inner` trials, on the seed [`crate::engine::inner_seed`]
//! derives from (seed, d). Each figure's inner statistics are then split by the law of
//! total variance, Var X = Var E[X | θ] + E Var[X | θ], with the one-way random-effects
//! analysis of variance: the within-draw mean square estimates the chance variance without
//! bias, and the between-draw mean square, less the part chance alone gives it, the
//! parameter variance. Draws run in parallel and are combined in draw order, so results are
//! bit-identical on any number of threads.

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostics;
use crate::engine::{self, Model, Reporting};
use crate::model::distribution::Distribution;
use crate::model::scenario::Uncertainty;
use crate::model::{Contract, Scenario};

use super::run::{self, RunSettings};
use super::{FileRef, ScenarioRef};

/// The two loops' sizes and the seed.
#[derive(Debug, Clone, Copy)]
pub struct SplitSettings {
    /// Parameter draws (the outer loop).
    pub outer: u64,
    /// Trials per parameter draw (the inner loop).
    pub inner: u64,
    pub seed: u64,
}

/// The result of `run --split-uncertainty`, shaped as its JSON.
#[derive(Debug, Clone, Serialize)]
pub struct SplitSummary {
    pub sibyl_version: &'static str,
    pub contract: FileRef,
    pub scenario: ScenarioRef,
    pub seed: u64,
    /// Parameter draws.
    pub outer: u64,
    /// Trials per parameter draw.
    pub inner: u64,
    pub terms: Reporting,
    #[serde(flatten)]
    pub figures: SplitFigures,
}

/// What the two loops found, figure by figure.
#[derive(Debug, Clone, Serialize)]
pub struct SplitFigures {
    /// The assumptions drawn once per parameter draw (those marked, or left, `parameter`
    /// that are not fixed).
    pub parameters: Vec<String>,
    /// The assumptions marked `chance` (not fixed), drawn afresh in every trial with the
    /// people and the measurement.
    pub chance: Vec<String>,
    /// Each metric: its per-trial variance split, and its inner mean across draws.
    pub metrics: IndexMap<String, Split>,
    /// Each probability (a trial's event, 1 or 0): its variance split, and the inner
    /// probability across draws.
    pub probabilities: IndexMap<String, Split>,
    /// Each estimate (a figure of a whole run): its inner value across draws.
    pub estimates: IndexMap<String, EstimateSpread>,
}

/// One figure's variance, split between the parameters and chance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Split {
    /// The mean over every trial of every draw where the figure is defined.
    pub mean: f64,
    /// `parameter_variance + chance_variance`: the variance of the figure in one trial.
    pub total_variance: f64,
    /// Var E[X | θ]: the variance of the figure's expected value across parameter draws,
    /// estimated as (between-draw mean square − within-draw mean square) / n₀, at least 0.
    pub parameter_variance: f64,
    /// E Var[X | θ]: the within-draw mean square.
    pub chance_variance: f64,
    /// `parameter_variance / total_variance`.
    pub parameter_share: f64,
    /// Its standard error, by the jackknife over parameter draws.
    pub parameter_share_se: f64,
    /// `chance_variance / total_variance` (1 − `parameter_share`).
    pub chance_share: f64,
    /// The between-draw mean square was below the within-draw one (the parameters' effect
    /// is lost in the inner noise), so the parameter variance was raised to 0.
    pub clamped: bool,
    /// The inner statistic (a metric's mean, a probability) across parameter draws.
    pub across_draws: Spread,
    /// The inner runs' Monte Carlo standard error of that statistic, root mean square over
    /// the draws (√(p(1 − p)/n_d) for a probability, sd_d/√n_d for a metric's mean, over
    /// draws with at least two trials where it is defined): the part of `across_draws`
    /// that is each inner run's own noise.
    pub inner_se: f64,
    /// `across_draws.sd` with that noise taken out: √max(0, sd² − inner_se²).
    pub parameter_sd: f64,
}

/// An estimate's inner value across parameter draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EstimateSpread {
    pub across_draws: Spread,
    /// The inner runs' Monte Carlo standard error (root mean square over draws): the part
    /// of the spread that is the inner runs' own noise.
    pub inner_se: f64,
    /// The spread's standard deviation with that noise taken out:
    /// √max(0, sd² − inner_se²).
    pub parameter_sd: f64,
}

/// A statistic's distribution across parameter draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// Draws where it is defined.
    pub draws: u64,
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub p05: f64,
    pub p50: f64,
    pub p95: f64,
    pub max: f64,
}

/// The assumptions of each kind that are drawn (not fixed), by index.
pub fn kinds(s: &Scenario) -> (Vec<usize>, Vec<usize>) {
    let drawn = |kind: Uncertainty| {
        s.assumptions
            .iter()
            .enumerate()
            .filter(|(_, a)| a.uncertainty == kind && !a.dist.is_fixed())
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
    };
    (drawn(Uncertainty::Parameter), drawn(Uncertainty::Chance))
}

/// Parameter draw `draw` of a scenario: the scenario with every parameter assumption fixed
/// at the value drawn from [`engine::parameter_rng`]`(seed, draw)` (the whole copula drawn
/// as a run draws a trial's assumptions, the chance ones then left to the inner trials).
pub fn parameter_draw(s: &Scenario, params: &[usize], seed: u64, draw: u64) -> Scenario {
    let sampler = engine::Sampler::new(s);
    let mut rng = engine::parameter_rng(seed, draw);
    let mut z = vec![0.0; sampler.group_len()];
    let mut values = vec![0.0; sampler.len()];
    sampler.draw(&mut rng, &mut z, &mut values);
    let mut out = s.clone();
    for &i in params {
        out.assumptions[i].dist = Distribution::Fixed(values[i]);
    }
    out.condition = None;
    out
}

/// One draw's inner statistic of a figure: the trials where it is defined, their mean and
/// their sum of squared deviations from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub n: f64,
    pub mean: f64,
    pub ss: f64,
    /// The squared standard error of `mean` (NaN where the draw cannot say).
    pub se2: f64,
}

/// One draw reduced to its figures, in the base model's order.
struct DrawFigures {
    metrics: Vec<Cell>,
    probabilities: Vec<Cell>,
    /// Each estimate's value and standard error.
    estimates: Vec<(f64, f64)>,
}

/// Runs the two loops and splits every figure. `on_trials` is told of each block of inner
/// trials done. An inner trial whose figures are not numbers is an error naming its draw.
pub fn split(
    contract: &Contract,
    scenario: &Scenario,
    terms: Reporting,
    settings: &SplitSettings,
    on_trials: &(dyn Fn(u64) + Sync),
) -> Result<SplitFigures, Diagnostics> {
    let base = Model::with_terms(contract, scenario, terms);
    let metric_names: Vec<&str> = base
        .metrics
        .metrics
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    let event_names: Vec<&str> = base
        .metrics
        .events
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    let estimate_names: Vec<&str> = base
        .metrics
        .estimates
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    let (params, chance) = kinds(scenario);
    // With nothing drawn in the outer loop the draws differ by chance alone: the
    // parameters' share is 0 by construction, not what the estimators make of the noise.
    let no_parameters = params.is_empty();
    let split_of = |cells: &[Cell]| {
        let s = decompose(cells);
        if no_parameters {
            without_parameters(s)
        } else {
            s
        }
    };
    let draws: Vec<Result<DrawFigures, Diagnostics>> = (0..settings.outer)
        .into_par_iter()
        .map(|d| {
            let s = parameter_draw(scenario, &params, settings.seed, d);
            // The metrics as `run` compiles them for the scenario (the payers' shares from
            // its expected world), not recompiled from the draw's.
            let model = Model::with_metrics(contract, &s, terms, base.metrics.clone());
            let seed = engine::inner_seed(settings.seed, d);
            let run_settings = RunSettings {
                trials: settings.inner,
                seed,
                precision: None,
                max_trials: settings.inner,
                keep_draws: false,
            };
            let out = run::outcome(&model, &run_settings, on_trials);
            super::soundness::check(&model, seed, Some(&format!("parameter draw {d}")))?;
            let trials = out.trials as f64;
            Ok(DrawFigures {
                metrics: metric_names
                    .iter()
                    .map(|n| match out.metrics.get(*n) {
                        Some(s) if s.n > 0 => Cell {
                            n: s.n as f64,
                            mean: s.mean,
                            ss: s.sd * s.sd * (s.n - 1) as f64,
                            se2: if s.n > 1 {
                                s.sd * s.sd / s.n as f64
                            } else {
                                f64::NAN
                            },
                        },
                        _ => Cell {
                            n: 0.0,
                            mean: f64::NAN,
                            ss: 0.0,
                            se2: f64::NAN,
                        },
                    })
                    .collect(),
                probabilities: event_names
                    .iter()
                    .map(|n| {
                        let p = out.probabilities.get(*n).map_or(f64::NAN, |p| p.p);
                        Cell {
                            n: trials,
                            mean: p,
                            ss: trials * p * (1.0 - p),
                            se2: p * (1.0 - p) / trials,
                        }
                    })
                    .collect(),
                estimates: estimate_names
                    .iter()
                    .map(|n| {
                        out.estimates
                            .get(*n)
                            .map_or((f64::NAN, f64::NAN), |e| (e.value, e.se))
                    })
                    .collect(),
            })
        })
        .collect();
    let mut figures = Vec::with_capacity(draws.len());
    for d in draws {
        figures.push(d?);
    }
    let column =
        |f: &dyn Fn(&DrawFigures) -> Cell| -> Vec<Cell> { figures.iter().map(f).collect() };
    let metrics = metric_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), split_of(&column(&|d| d.metrics[i]))))
        .collect();
    let probabilities = event_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), split_of(&column(&|d| d.probabilities[i]))))
        .collect();
    let estimates = estimate_names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let pairs: Vec<(f64, f64)> = figures
                .iter()
                .map(|d| d.estimates[i])
                .filter(|(v, _)| !v.is_nan())
                .collect();
            let values: Vec<f64> = pairs.iter().map(|p| p.0).collect();
            let across_draws = spread(&values);
            let inner_se = root_mean_square(pairs.iter().map(|p| p.1));
            let parameter_sd = if no_parameters {
                0.0
            } else {
                parameter_sd(across_draws.sd, inner_se)
            };
            (
                n.to_string(),
                EstimateSpread {
                    across_draws,
                    inner_se,
                    parameter_sd,
                },
            )
        })
        .collect();
    let ids = |v: &[usize]| -> Vec<String> {
        v.iter()
            .map(|&i| scenario.assumptions[i].id.clone())
            .collect()
    };
    Ok(SplitFigures {
        parameters: ids(&params),
        chance: ids(&chance),
        metrics,
        probabilities,
        estimates,
    })
}

/// The sums the one-way analysis of variance needs, with each draw's mean taken about a
/// fixed centre (for accuracy), so that one draw can be taken out again (the jackknife).
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    draws: f64,
    n: f64,
    n2: f64,
    /// Σ nᵢ dᵢ and Σ nᵢ dᵢ², dᵢ the draw's mean less the centre.
    s1: f64,
    s2: f64,
    /// Σ of the within-draw sums of squares.
    within: f64,
}

impl Sums {
    fn add(&mut self, c: &Cell, centre: f64, sign: f64) {
        let d = c.mean - centre;
        self.draws += sign;
        self.n += sign * c.n;
        self.n2 += sign * c.n * c.n;
        self.s1 += sign * c.n * d;
        self.s2 += sign * c.n * d * d;
        self.within += sign * c.ss;
    }

    /// (parameter variance, chance variance, clamped), NaN where too few draws or trials.
    fn components(&self) -> (f64, f64, bool) {
        let (k, n) = (self.draws, self.n);
        if k < 2.0 || n - k < 1.0 {
            return (f64::NAN, f64::NAN, false);
        }
        let between_ss = non_negative(self.s2 - self.s1 * self.s1 / n);
        let msb = between_ss / (k - 1.0);
        let msw = non_negative(self.within) / (n - k);
        let n0 = (n - self.n2 / n) / (k - 1.0);
        let between = (msb - msw) / n0;
        (non_negative(between), msw, between < 0.0)
    }

    fn share(&self) -> f64 {
        let (p, c, _) = self.components();
        p / (p + c)
    }

    /// The share with a draw left out, for the jackknife: where what is left does not vary
    /// at all (only the left-out draw did), it has no variance, so none from the
    /// parameters: 0, not 0/0.
    fn share_left_out(&self) -> f64 {
        let (p, c, _) = self.components();
        if p == 0.0 && c == 0.0 {
            0.0
        } else {
            p / (p + c)
        }
    }
}

/// One figure's split from its inner statistics, one cell per parameter draw (cells with
/// no defined trial are left out): the unbalanced one-way random-effects estimators, the
/// parameter share's jackknife standard error, and the spread of the inner means.
pub fn decompose(cells: &[Cell]) -> Split {
    let cells: Vec<Cell> = cells
        .iter()
        .copied()
        .filter(|c| c.n > 0.0 && !c.mean.is_nan())
        .collect();
    let total_n: f64 = cells.iter().map(|c| c.n).sum();
    let centre = if cells.is_empty() {
        0.0
    } else {
        cells.iter().map(|c| c.n * c.mean).sum::<f64>() / total_n
    };
    let mut sums = Sums::default();
    for c in &cells {
        sums.add(c, centre, 1.0);
    }
    let (parameter, chance, clamped) = sums.components();
    let total = parameter + chance;
    let share = sums.share();
    // Jackknife over draws: the share with each draw left out in turn.
    let k = cells.len() as f64;
    let leave_one_out: Vec<f64> = cells
        .iter()
        .map(|c| {
            let mut s = sums;
            s.add(c, centre, -1.0);
            s.share_left_out()
        })
        .collect();
    let share_se = if k >= 3.0 && share.is_finite() && leave_one_out.iter().all(|v| v.is_finite()) {
        let m = leave_one_out.iter().sum::<f64>() / k;
        ((k - 1.0) / k * leave_one_out.iter().map(|v| (v - m) * (v - m)).sum::<f64>()).sqrt()
    } else {
        f64::NAN
    };
    let means: Vec<f64> = cells.iter().map(|c| c.mean).collect();
    let across_draws = spread(&means);
    let inner_se = root_mean_square(cells.iter().map(|c| c.se2.sqrt()));
    Split {
        mean: if cells.is_empty() {
            f64::NAN
        } else {
            centre + sums.s1 / total_n
        },
        total_variance: total,
        parameter_variance: parameter,
        chance_variance: chance,
        parameter_share: share,
        parameter_share_se: share_se,
        chance_share: chance / total,
        clamped,
        across_draws,
        inner_se,
        parameter_sd: parameter_sd(across_draws.sd, inner_se),
    }
}

/// A split when no assumption is drawn in the outer loop: everything is chance (0 from the
/// parameters, exactly, with no error), for a figure that varies at all.
fn without_parameters(s: Split) -> Split {
    let varies = s.chance_variance.is_finite() && s.chance_variance > 0.0;
    let or_none = |x: f64| if varies { x } else { f64::NAN };
    Split {
        total_variance: s.chance_variance,
        parameter_variance: if s.chance_variance.is_nan() {
            f64::NAN
        } else {
            0.0
        },
        parameter_share: or_none(0.0),
        parameter_share_se: or_none(0.0),
        chance_share: or_none(1.0),
        clamped: false,
        parameter_sd: if s.across_draws.sd.is_nan() {
            f64::NAN
        } else {
            0.0
        },
        ..s
    }
}

/// `x` raised to 0 if negative, NaN kept NaN (`f64::max` would turn it into 0).
fn non_negative(x: f64) -> f64 {
    if x < 0.0 { 0.0 } else { x }
}

/// The spread's standard deviation with the inner runs' noise taken out:
/// √max(0, sd² − inner_se²), undefined (NaN) where either is.
pub fn parameter_sd(sd: f64, inner_se: f64) -> f64 {
    non_negative(sd * sd - inner_se * inner_se).sqrt()
}

/// The root mean square of the values that are numbers (NaN if none is).
fn root_mean_square(values: impl Iterator<Item = f64>) -> f64 {
    let (n, sum) = values
        .filter(|x| !x.is_nan())
        .fold((0.0, 0.0), |(n, s), x| (n + 1.0, s + x * x));
    if n == 0.0 { f64::NAN } else { (sum / n).sqrt() }
}

/// The distribution of values (NaN left out): mean, standard deviation (n − 1), and
/// quantiles interpolated linearly between order statistics (numpy's default).
pub fn spread(values: &[f64]) -> Spread {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return Spread {
            draws: 0,
            mean: f64::NAN,
            sd: f64::NAN,
            min: f64::NAN,
            p05: f64::NAN,
            p50: f64::NAN,
            p95: f64::NAN,
            max: f64::NAN,
        };
    }
    let mean = v.iter().sum::<f64>() / n as f64;
    let sd = if n > 1 {
        (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    let q = |p: f64| {
        let h = p * (n - 1) as f64;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(n - 1);
        v[lo] + (h - lo as f64) * (v[hi] - v[lo])
    };
    Spread {
        draws: n as u64,
        mean,
        sd,
        min: v[0],
        p05: q(0.05),
        p50: q(0.5),
        p95: q(0.95),
        max: v[n - 1],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(values: &[f64]) -> Cell {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let ss: f64 = values.iter().map(|x| (x - mean) * (x - mean)).sum();
        Cell {
            n,
            mean,
            ss,
            se2: ss / (n - 1.0) / n,
        }
    }

    #[test]
    fn balanced_draws_give_the_textbook_estimators() {
        // Three draws of three trials: means 2, 5, 8; within sums of squares 2 each.
        let cells = [
            cell(&[1.0, 2.0, 3.0]),
            cell(&[4.0, 5.0, 6.0]),
            cell(&[7.0, 8.0, 9.0]),
        ];
        let s = decompose(&cells);
        // MSW = 6 / 6 = 1; MSB = 3 · 18 / 2 = 27; parameter = (27 − 1) / 3.
        assert_eq!(s.mean, 5.0);
        assert!((s.chance_variance - 1.0).abs() < 1e-12);
        assert!((s.parameter_variance - 26.0 / 3.0).abs() < 1e-12);
        assert!((s.parameter_share + s.chance_share - 1.0).abs() < 1e-12);
        assert!(!s.clamped);
        assert_eq!(s.across_draws.p50, 5.0);
        assert_eq!(s.across_draws.p05, 2.0 + 0.1 * 3.0);
    }

    #[test]
    fn the_sums_of_squares_add_up() {
        // SST = SSW + SSB over every trial of every draw, unbalanced.
        let draws: [&[f64]; 3] = [&[1.0, 2.5], &[4.0, 5.0, 7.5, 3.0], &[0.5]];
        let all: Vec<f64> = draws.iter().flat_map(|d| d.iter().copied()).collect();
        let grand = all.iter().sum::<f64>() / all.len() as f64;
        let sst: f64 = all.iter().map(|x| (x - grand) * (x - grand)).sum();
        let cells: Vec<Cell> = draws.iter().map(|d| cell(d)).collect();
        let centre = 3.0;
        let mut sums = Sums::default();
        for c in &cells {
            sums.add(c, centre, 1.0);
        }
        let ssb = sums.s2 - sums.s1 * sums.s1 / sums.n;
        assert!((ssb + sums.within - sst).abs() < 1e-12, "{ssb} {sst}");
        assert!((centre + sums.s1 / sums.n - grand).abs() < 1e-12);
    }

    #[test]
    fn draws_that_differ_less_than_chance_says_are_clamped() {
        let cells = [cell(&[0.0, 10.0]), cell(&[0.0, 10.0]), cell(&[1.0, 9.0])];
        let s = decompose(&cells);
        assert!(s.clamped);
        assert_eq!(s.parameter_variance, 0.0);
        assert_eq!(s.parameter_share, 0.0);
        assert_eq!(s.chance_share, 1.0);
    }

    #[test]
    fn too_few_draws_give_no_split() {
        let s = decompose(&[cell(&[1.0, 2.0])]);
        assert!(s.parameter_share.is_nan());
        assert!(decompose(&[]).mean.is_nan());
    }

    #[test]
    fn undefined_stays_undefined_when_raised_to_zero() {
        assert!(non_negative(f64::NAN).is_nan());
        assert_eq!(non_negative(-1.0), 0.0);
        assert!(parameter_sd(f64::NAN, 1.0).is_nan());
        assert!(parameter_sd(1.0, f64::NAN).is_nan());
        assert_eq!(parameter_sd(1.0, 2.0), 0.0);
        assert_eq!(parameter_sd(5.0, 3.0), 4.0);
        // A figure defined in no trial keeps every figure undefined.
        let s = decompose(&[]);
        assert!(
            s.parameter_variance.is_nan() && s.parameter_sd.is_nan(),
            "{s:?}"
        );
    }

    #[test]
    fn the_inner_error_is_the_root_mean_square_of_the_draws() {
        let cells = [cell(&[1.0, 3.0]), cell(&[4.0, 5.0, 9.0])];
        let s = decompose(&cells);
        let v1 = 2.0 / 2.0; // sd² 2, n 2
        let v2 = 7.0 / 3.0; // sd² 7, n 3
        assert!(
            (s.inner_se - ((v1 + v2) / 2.0_f64).sqrt()).abs() < 1e-12,
            "{s:?}"
        );
        let sd = s.across_draws.sd;
        assert!((s.parameter_sd - (sd * sd - s.inner_se * s.inner_se).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn a_draw_left_out_of_a_figure_that_then_never_varies_leaves_no_share() {
        // Only the last draw varies: without it nothing does (0/0), a share of 0.
        let cells = [
            cell(&[1.0, 1.0]),
            cell(&[1.0, 1.0]),
            cell(&[1.0, 1.0]),
            cell(&[3.0, 5.0]),
        ];
        let s = decompose(&cells);
        assert!(s.parameter_share > 0.0 && s.parameter_share < 1.0, "{s:?}");
        assert!(
            s.parameter_share_se.is_finite() && s.parameter_share_se > 0.0,
            "{s:?}"
        );
        // A figure that never varies at all still has no share and no error.
        let flat = decompose(&[cell(&[1.0, 1.0]), cell(&[1.0, 1.0]), cell(&[1.0, 1.0])]);
        assert!(flat.parameter_share.is_nan() && flat.parameter_share_se.is_nan());
    }

    #[test]
    fn with_nothing_drawn_everything_is_chance() {
        let s = without_parameters(decompose(&[
            cell(&[0.0, 10.0]),
            cell(&[1.0, 8.0]),
            cell(&[4.0, 4.5]),
        ]));
        assert_eq!(
            (s.parameter_share, s.parameter_share_se, s.chance_share),
            (0.0, 0.0, 1.0)
        );
        assert_eq!(s.parameter_variance, 0.0);
        assert_eq!(s.total_variance, s.chance_variance);
        assert_eq!(s.parameter_sd, 0.0);
        assert!(!s.clamped);
        let flat = without_parameters(decompose(&[cell(&[1.0, 1.0]), cell(&[1.0, 1.0])]));
        assert!(flat.parameter_share.is_nan() && flat.chance_share.is_nan());
    }
}
