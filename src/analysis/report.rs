//! What a report shows beyond a run's summary: the distributions behind its figures, drawn
//! from the run's own trials.
//!
//! A run's summary gives every figure exactly, over all trials, in bounded memory. Charts
//! need the trials themselves: [`sample`] replays the first trials of the same run (the
//! same seed gives the same trials, see [`engine::for_each_trial`]) and keeps, for each
//! investor and payer, the per-trial values a histogram shows; each party's cash flows by
//! period and budget year (mean and percentiles); and, for every trigger, whether it paid
//! against the true effect of that trial (its operating curve). The charts say how many
//! trials they show when it is fewer than the run's.

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

use super::compare::Comparison;
use super::explain::Explanation;
use super::run::Outcome;
use super::sensitivity::SensitivityReport;
use super::settle::Settlement;
use super::stress::StressReport;
use super::{FileRef, ScenarioRef};
use crate::engine::{self, BLOCK, Model, Reporting};
use crate::model::contract::{Contract, Direction, EffectScale, Role, Scope};
use crate::stats::quantile_sorted;
use crate::world::World;

/// Everything a report shows: the run, its sampled distributions, the worked examples,
/// and the optional comparison, stress test, sensitivity and settlement.
#[derive(Debug, Clone)]
pub struct Report {
    pub contract: FileRef,
    pub scenario: ScenarioRef,
    pub observed: Option<FileRef>,
    /// The command line that made the report, for its reader to run again.
    pub command: String,
    pub seed: u64,
    pub terms: Reporting,
    pub outcome: Outcome,
    pub sample: Sample,
    pub explanation: Explanation,
    pub comparison: Option<Comparison>,
    pub stress: Option<StressReport>,
    pub sensitivity: Option<SensitivityReport>,
    pub settlement: Option<Settlement>,
    /// What the input files' validation warned about (`file:line:column: message`).
    pub input_warnings: Vec<String>,
}

/// At most this many trials feed the histograms and operating curves.
pub const CHART_TRIALS: u64 = 100_000;
/// At most this many trials feed the cash flows by period (one value per party, period
/// and trial is kept).
pub const FLOW_TRIALS: u64 = 10_000;
/// Bins of an operating curve.
const CURVE_BINS: usize = 16;

/// The sampled distributions of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    /// Trials the histograms and operating curves show (the run's first).
    pub trials: u64,
    /// Trials the cash flows by period summarise (the run's first).
    pub flow_trials: u64,
    /// Per-trial values by result name (`tranche.<id>.moic`, `tranche.<id>.irr`,
    /// `tranche.<id>.moic_without_guarantee`, `payer.<id>.paid`), in trial order; an IRR
    /// left undefined is left out.
    pub values: IndexMap<String, Vec<f64>>,
    /// Each party's (each tranche's, for investors) cash flows.
    pub flows: Vec<Flows>,
    /// Per threshold or tier rule (per cohort for a rule tested per cohort).
    pub curves: Vec<OperatingCurve>,
}

/// Mean and percentiles of an amount.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Spread {
    pub mean: f64,
    pub p05: f64,
    pub p50: f64,
    pub p95: f64,
}

impl Spread {
    fn of(values: &mut [f64]) -> Spread {
        if values.is_empty() {
            return Spread {
                mean: f64::NAN,
                p05: f64::NAN,
                p50: f64::NAN,
                p95: f64::NAN,
            };
        }
        values.sort_by(f64::total_cmp);
        Spread {
            mean: values.iter().sum::<f64>() / values.len() as f64,
            p05: quantile_sorted(values, 0.05),
            p50: quantile_sorted(values, 0.5),
            p95: quantile_sorted(values, 0.95),
        }
    }
}

/// Whose cash flows a row shows, and with which sign.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    /// A payer's outcome payments, net of refunds (positive: paid).
    Paid,
    /// A tranche's cash flows from its investor's side (negative: put in, positive: back).
    Tranche,
    /// What a provider or an intermediary received.
    Received,
}

/// One party's (or tranche's) cash flows by period and by budget year.
#[derive(Debug, Clone, Serialize)]
pub struct Flows {
    /// The party's or tranche's id.
    pub id: String,
    pub kind: FlowKind,
    pub periods: Vec<Spread>,
    /// Budget years by label.
    pub years: Vec<(String, Spread)>,
}

/// How often a trigger paid, against the true effect of the trial: measurement noise
/// decides near the trigger.
#[derive(Debug, Clone, Serialize)]
pub struct OperatingCurve {
    pub rule: String,
    /// The cohort tested, for a rule tested per cohort.
    pub cohort: Option<String>,
    pub metric: String,
    /// Effects as shares of the counterfactual (else in the metric's units).
    pub relative: bool,
    /// The effect(s) at which the rule pays (its threshold, or each tier's).
    pub triggers: Vec<f64>,
    /// Trials grouped by their true effect.
    pub points: Vec<CurvePoint>,
    /// Share of the trials with a true effect (some cohort tested) in which it paid.
    pub paid: f64,
    /// Those trials.
    pub trials: u64,
    /// The rules whose payments this one skips (`unless_paid_by`): where they pay, it does
    /// not, so it may pay less often at large effects.
    pub skips: Vec<String>,
}

/// The trials whose true effect fell in one bin.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CurvePoint {
    /// The bin's mean true effect.
    pub effect: f64,
    pub trials: u64,
    /// Share of them in which the rule paid, and its binomial standard error.
    pub p: f64,
    pub se: f64,
}

/// One rule (and cohort) whose payment depends on a trigger.
struct Trigger {
    rule: usize,
    cohorts: Vec<usize>,
    cohort: Option<usize>,
    metric: usize,
    direction: Direction,
    relative: bool,
    triggers: Vec<f64>,
}

fn triggers(c: &Contract) -> Vec<Trigger> {
    let mut out = Vec::new();
    for (r, rule) in c.rules.iter().enumerate() {
        let Some((metric, scale, triggers)) = rule.triggers() else {
            continue;
        };
        let make = |cohorts: Vec<usize>, cohort: Option<usize>| Trigger {
            rule: r,
            cohorts,
            cohort,
            metric,
            direction: c.metrics[metric].direction,
            relative: scale == EffectScale::Relative,
            triggers: triggers.clone(),
        };
        match rule.scope {
            Scope::Pooled => out.push(make(rule.cohorts.clone(), None)),
            Scope::PerCohort => out.extend(rule.cohorts.iter().map(|&k| make(vec![k], Some(k)))),
        }
    }
    out
}

/// The true effect of a trial on some cohorts: what the programme really changed, before
/// sampling and measurement noise, on the rule's scale.
fn true_effect(world: &World, t: &Trigger) -> f64 {
    let (mut n, mut treated, mut counterfactual) = (0.0, 0.0, 0.0);
    for &k in &t.cohorts {
        let r = world.result(t.metric, k);
        n += r.n_treated;
        treated += r.n_treated * r.true_treated;
        counterfactual += r.n_treated * r.true_counterfactual;
    }
    let improvement = match t.direction {
        Direction::Reduce => counterfactual - treated,
        Direction::Increase => treated - counterfactual,
    };
    if t.relative {
        if counterfactual > 0.0 {
            improvement / counterfactual
        } else {
            f64::NAN
        }
    } else if n > 0.0 {
        improvement / n
    } else {
        f64::NAN
    }
}

/// What one block of trials contributes.
#[derive(Default)]
struct BlockSample {
    values: Vec<Vec<f64>>,
    /// Per flow row, period-major: `[period][trial]` flattened as trial-major rows.
    flows: Vec<Vec<f64>>,
    /// Per trigger: (true effect, paid).
    hits: Vec<Vec<(f64, bool)>>,
}

/// Which per-trial values the sample keeps.
enum Series {
    Metric(usize),
    /// A tranche's multiple without its guarantee, from the engine's own figures (so in the
    /// run's terms, cash or real): multiple × (received − guarantee drawn) / received.
    Unguaranteed {
        moic: usize,
        received: usize,
        guarantee: usize,
    },
}

/// Samples the first trials of a run of `model` with `seed` (at most [`CHART_TRIALS`] of
/// `trials`), on the current rayon pool; blocks are combined in order, so the sample is the
/// same on any number of threads.
pub fn sample(model: &Model, seed: u64, trials: u64) -> Sample {
    let c = model.contract;
    let chart_trials = trials.min(CHART_TRIALS);
    let flow_trials = trials.min(FLOW_TRIALS);
    let names: Vec<&str> = model
        .metrics
        .metrics
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    let slot = |name: &str| names.iter().position(|n| *n == name);
    let mut series: Vec<(String, Series)> = Vec::new();
    for (t, tr) in c.tranches.iter().enumerate() {
        for what in ["moic", "irr"] {
            let name = format!("tranche.{}.{what}", tr.id);
            if let Some(i) = slot(&name) {
                series.push((name, Series::Metric(i)));
            }
        }
        let figure = |what: &str| slot(&format!("tranche.{}.{what}", tr.id));
        if c.guarantees.iter().any(|g| g.tranche == t) {
            if let (Some(moic), Some(received), Some(guarantee)) = (
                figure("moic"),
                figure("received"),
                figure("guarantee_drawn"),
            ) {
                series.push((
                    format!("tranche.{}.moic_without_guarantee", tr.id),
                    Series::Unguaranteed {
                        moic,
                        received,
                        guarantee,
                    },
                ));
            }
        }
    }
    for p in c.parties.iter().filter(|p| p.role == Role::Payer) {
        let name = format!("payer.{}.paid", p.id);
        if let Some(i) = slot(&name) {
            series.push((name, Series::Metric(i)));
        }
    }
    // The rows of cash flows: payers, tranches, then providers and intermediaries.
    let mut rows: Vec<(String, FlowKind, Option<usize>, Option<usize>)> = Vec::new();
    for (i, p) in c.parties.iter().enumerate() {
        if p.role == Role::Payer {
            rows.push((p.id.clone(), FlowKind::Paid, Some(i), None));
        }
    }
    for (t, tr) in c.tranches.iter().enumerate() {
        rows.push((tr.id.clone(), FlowKind::Tranche, None, Some(t)));
    }
    for (i, p) in c.parties.iter().enumerate() {
        if matches!(p.role, Role::Provider | Role::Intermediary) {
            rows.push((p.id.clone(), FlowKind::Received, Some(i), None));
        }
    }
    let triggers = triggers(c);
    let horizon = c.deal.horizon as usize;
    let real = model.terms == Reporting::Real;
    let blocks = chart_trials.div_ceil(BLOCK);
    let parts: Vec<BlockSample> = (0..blocks)
        .into_par_iter()
        .map(|b| {
            let n = (chart_trials - b * BLOCK).min(BLOCK);
            let flow_n = flow_trials.saturating_sub(b * BLOCK).min(BLOCK);
            let mut s = BlockSample {
                values: vec![Vec::with_capacity(n as usize); series.len()],
                flows: vec![Vec::with_capacity(flow_n as usize * horizon); rows.len()],
                hits: vec![Vec::with_capacity(n as usize); triggers.len()],
            };
            let mut i = 0;
            engine::for_each_trial(model, seed, b, n, |v| {
                for (out, (_, what)) in s.values.iter_mut().zip(&series) {
                    let x = match *what {
                        Series::Metric(m) => v.values[m],
                        Series::Unguaranteed {
                            moic,
                            received,
                            guarantee,
                        } => {
                            let (m, r, g) =
                                (v.values[moic], v.values[received], v.values[guarantee]);
                            if r > 0.0 { m * (r - g) / r } else { m }
                        }
                    };
                    if !x.is_nan() {
                        out.push(x);
                    }
                }
                if i < flow_n {
                    for (out, (_, kind, party, tranche)) in s.flows.iter_mut().zip(&rows) {
                        let row = match (kind, party, tranche) {
                            (FlowKind::Paid, Some(p), _) => v.ledger.payer_row(*p),
                            (FlowKind::Tranche, _, Some(t)) => v.ledger.tranche_cash_flows(*t),
                            (_, Some(p), _) => v.ledger.party_row(*p),
                            _ => unreachable!("every row names a party or a tranche"),
                        };
                        for (period, &x) in row.iter().enumerate().take(horizon) {
                            out.push(if real {
                                x / v.ledger.price_index[period]
                            } else {
                                x
                            });
                        }
                    }
                }
                for (out, t) in s.hits.iter_mut().zip(&triggers) {
                    // Paid: a payment made under the rule (for the cohort), so not one
                    // pushed past the deal's last period.
                    let paid = match t.cohort {
                        Some(k) => v.ledger.payments.iter().any(|p| {
                            p.rule == Some(t.rule) && p.cohorts & (1 << k) != 0 && p.amount > 0.0
                        }),
                        None => v.ledger.rule_paid[t.rule] > 0.0,
                    };
                    out.push((true_effect(v.world, t), paid));
                }
                i += 1;
            });
            s
        })
        .collect();
    // In block order: the same sample on any number of threads.
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); series.len()];
    let mut flat: Vec<Vec<f64>> = vec![Vec::new(); rows.len()];
    let mut hits: Vec<Vec<(f64, bool)>> = vec![Vec::new(); triggers.len()];
    for part in parts {
        for (all, v) in values.iter_mut().zip(part.values) {
            all.extend(v);
        }
        for (all, v) in flat.iter_mut().zip(part.flows) {
            all.extend(v);
        }
        for (all, v) in hits.iter_mut().zip(part.hits) {
            all.extend(v);
        }
    }
    let (year_of, years) = c.deal.budget_years();
    let flows = rows
        .iter()
        .zip(&flat)
        .map(|((id, kind, _, _), cells)| {
            let n = cells.len() / horizon.max(1);
            let column = |f: &dyn Fn(usize) -> f64| -> Spread {
                let mut v: Vec<f64> = (0..n).map(f).collect();
                Spread::of(&mut v)
            };
            let periods = (0..horizon)
                .map(|t| column(&|trial| cells[trial * horizon + t]))
                .collect();
            let years = (0..years)
                .map(|y| {
                    let spread = column(&|trial| {
                        (0..horizon)
                            .filter(|&t| year_of[t] == y)
                            .map(|t| cells[trial * horizon + t])
                            .sum()
                    });
                    (c.deal.year_label(y), spread)
                })
                .collect();
            Flows {
                id: id.clone(),
                kind: *kind,
                periods,
                years,
            }
        })
        .collect();
    let curves = triggers
        .iter()
        .zip(hits)
        .map(|(t, h)| curve(c, t, h))
        .collect();
    Sample {
        trials: chart_trials,
        flow_trials,
        values: series
            .into_iter()
            .map(|(name, _)| name)
            .zip(values)
            .collect(),
        flows,
        curves,
    }
}

/// Groups trials by their true effect into bins of equal counts (so every point has the
/// same precision) and gives the share that paid in each.
fn curve(c: &Contract, t: &Trigger, mut hits: Vec<(f64, bool)>) -> OperatingCurve {
    hits.retain(|(x, _)| x.is_finite());
    let paid = if hits.is_empty() {
        f64::NAN
    } else {
        hits.iter().filter(|(_, p)| *p).count() as f64 / hits.len() as f64
    };
    hits.sort_by(|a, b| a.0.total_cmp(&b.0));
    // At least 50 trials a point, so that no point's share rests on a handful of trials.
    let bins = CURVE_BINS
        .min(hits.len() / 50)
        .max(usize::from(!hits.is_empty()));
    let mut points = Vec::with_capacity(bins);
    for b in 0..bins {
        let (lo, hi) = (b * hits.len() / bins, (b + 1) * hits.len() / bins);
        let chunk = &hits[lo..hi];
        if chunk.is_empty() {
            continue;
        }
        let n = chunk.len() as f64;
        let p = chunk.iter().filter(|(_, paid)| *paid).count() as f64 / n;
        points.push(CurvePoint {
            effect: chunk.iter().map(|(x, _)| x).sum::<f64>() / n,
            trials: chunk.len() as u64,
            p,
            se: (p * (1.0 - p) / n).sqrt(),
        });
    }
    OperatingCurve {
        rule: c.rules[t.rule].id.clone(),
        cohort: t.cohort.map(|k| c.cohorts[k].id.clone()),
        metric: c.metrics[t.metric].id.clone(),
        relative: t.relative,
        triggers: t.triggers.clone(),
        points,
        paid,
        trials: hits.len() as u64,
        skips: c.rules[t.rule]
            .unless_paid_by
            .iter()
            .map(|&r| c.rules[r].id.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads_are_order_statistics() {
        let mut v: Vec<f64> = (0..=100).map(f64::from).collect();
        let s = Spread::of(&mut v);
        assert_eq!(s.mean, 50.0);
        assert_eq!(s.p50, 50.0);
        assert_eq!(s.p05, 5.0);
        assert_eq!(s.p95, 95.0);
        assert!(Spread::of(&mut []).mean.is_nan());
    }
}
