//! Breakeven: the value of one assumption at which a target (`tranche.investors.irr >= 0`)
//! holds with a given probability; or, for a target on an estimate of the whole run
//! (`payer.city.cost_per_true_outcome.jobs <= 20000`), at which the estimate reaches the
//! target's threshold.
//!
//! The assumption is held at a value (the assumptions correlated with it drawn conditionally
//! on it), the probability of the target estimated over a Monte Carlo run, and the value
//! found by bisection. Every run uses the same seed, so the estimated probability is a
//! smooth-ish, nearly monotone function of the value (common random numbers) and bisection
//! does not chase noise. The band is where the estimated probability is within 1.96
//! standard errors of the asked probability: the Monte Carlo uncertainty of the answer.

use serde::Serialize;

use crate::engine::{self, BLOCK, Model, Reporting};
use crate::model::contract::Contract;
use crate::model::scenario::Scenario;

use super::run::estimate_of;
use super::sensitivity::Target;
use super::{FileRef, soundness};
use crate::diagnostics::Diagnostics;
use crate::stats::Probability;

/// What `breakeven --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct BreakevenReport {
    pub sibyl_version: &'static str,
    pub contract: FileRef,
    pub scenario: FileRef,
    pub stress: Option<String>,
    pub seed: u64,
    /// Trials per probability estimated.
    pub trials: u64,
    /// The terms amounts are in: `nominal` (cash) or `real` (period-0 money).
    pub terms: crate::engine::Reporting,
    pub assumption: String,
    pub target: String,
    /// `probability` for a target on a metric of each trial (the value where the target's
    /// probability is `prob`), `estimate` for one on an estimate of the whole run (the
    /// value where the estimate equals the threshold; `prob` does not apply).
    pub statistic: &'static str,
    pub prob: f64,
    /// `found`; `always_above` or `always_below` (not reached within the values searched);
    /// `not_identified` (within Monte Carlo noise of `prob` everywhere); `no_influence`
    /// (identical estimates at every value); `undefined` (a goal on an estimate that has
    /// no value anywhere searched).
    pub status: Status,
    /// The lowest value where the target's probability crosses `prob`.
    pub value: Option<f64>,
    /// Around `value`, where the estimated probability is within 1.96 standard errors of
    /// `prob`: the 95% Monte Carlo band.
    pub band: Option<Range>,
    /// Other values where the probability crosses `prob` (approximate).
    pub other_crossings: Vec<f64>,
    /// Whether a higher value makes the target more likely.
    pub increasing: bool,
    pub searched: Range,
    /// The assumption's median in the scenario, and the target's probability (or the
    /// estimate, in `p` and `se`) in the scenario as written.
    pub scenario_median: f64,
    pub scenario_probability: Probability,
    /// Every evaluation: the probability of the target, or the estimate, in `p` and `se`.
    pub evaluations: Vec<Point>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

/// A comparison in a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    AtLeast,
    Above,
    AtMost,
    Below,
}

/// `metric op threshold`, e.g. `tranche.investors.irr >= 0`.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub metric: String,
    pub op: Op,
    pub threshold: f64,
}

impl Goal {
    /// Parses `name >= 0`, `name < 5%`, `name>=1.2`.
    pub fn parse(text: &str) -> Result<Goal, String> {
        let ops = [
            (">=", Op::AtLeast),
            ("<=", Op::AtMost),
            (">", Op::Above),
            ("<", Op::Below),
        ];
        let (at, sym, op) = ops
            .iter()
            .filter_map(|(sym, op)| text.find(sym).map(|i| (i, *sym, *op)))
            .min_by_key(|(i, sym, _)| (*i, std::cmp::Reverse(sym.len())))
            .ok_or_else(|| {
                format!("`{text}` has no comparison: write e.g. 'tranche.investors.irr >= 0'")
            })?;
        let metric = text[..at].trim();
        let number = text[at + sym.len()..].trim();
        if metric.is_empty() {
            return Err(format!(
                "`{text}` names no metric: write e.g. 'tranche.investors.irr >= 0'"
            ));
        }
        let (digits, scale) = match number.strip_suffix('%') {
            Some(d) => (d.trim(), 0.01),
            None => (number, 1.0),
        };
        let threshold = digits
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("`{number}` is not a number (e.g. 0, 0.05, 5%)"))?
            * scale;
        Ok(Goal {
            metric: metric.to_string(),
            op,
            threshold,
        })
    }

    /// Whether a trial's value meets the goal (an undefined value does not).
    #[inline]
    pub fn holds(&self, v: f64) -> bool {
        match self.op {
            Op::AtLeast => v >= self.threshold,
            Op::Above => v > self.threshold,
            Op::AtMost => v <= self.threshold,
            Op::Below => v < self.threshold,
        }
    }
}

impl std::fmt::Display for Goal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let op = match self.op {
            Op::AtLeast => ">=",
            Op::Above => ">",
            Op::AtMost => "<=",
            Op::Below => "<",
        };
        write!(f, "{} {op} {}", self.metric, self.threshold)
    }
}

/// The probability of the goal (or, for a goal on an estimate, the estimate) at one value
/// of the assumption.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub value: f64,
    pub p: f64,
    pub se: f64,
    /// Share of trials where the goal's metric is undefined (they count as not meeting it);
    /// for an estimate, 1 where it is undefined.
    pub undefined: f64,
}

/// What the search found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Found,
    /// The goal's probability stays above the asked one over the whole range searched.
    AlwaysAbove,
    /// It stays below.
    AlwaysBelow,
    /// It stays within Monte Carlo noise of the asked one: no value is identified.
    NotIdentified,
    /// The estimates are identical at every value: the assumption does not move the goal.
    NoInfluence,
    /// A goal on an estimate that is undefined at every value searched.
    Undefined,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakeven {
    pub status: Status,
    /// The assumption's value where the goal holds with the asked probability (the lowest,
    /// if the probability crosses it more than once).
    pub value: Option<f64>,
    /// Around `value`: where the estimated probability is within 1.96 standard errors of
    /// the asked one (low, high).
    pub band: Option<(f64, f64)>,
    /// Further values where the probability crosses the asked one (approximate: midpoints
    /// of the bracketing evaluations).
    pub other_crossings: Vec<f64>,
    /// Whether a higher value makes the goal more likely (over the range searched).
    pub increasing: bool,
    /// The range searched.
    pub searched: (f64, f64),
    /// Every probability estimated, by value.
    pub evaluations: Vec<Point>,
}

/// Evaluations on the first grid over the search range.
const GRID: usize = 17;

/// What to search.
pub struct Search<'a> {
    pub contract: &'a Contract,
    pub scenario: &'a Scenario,
    pub assumption: usize,
    pub goal: &'a Goal,
    pub prob: f64,
    pub seed: u64,
    pub trials: u64,
    /// Whether the goal is on an estimate of the whole run rather than a metric of each
    /// trial.
    pub on_estimate: bool,
    pub terms: Reporting,
    /// The first point whose run had a trial with amounts that were not numbers: the
    /// error that names it (see [`soundness`]); the command reports it instead of a result.
    pub unsound: std::sync::Mutex<Option<Diagnostics>>,
}

impl Search<'_> {
    /// The probability of the goal (or the estimate) with the assumption held at `v`.
    pub fn probability(&self, v: f64, on_block: &(dyn Fn(u64) + Sync)) -> Point {
        let s = self.scenario.given(self.assumption, v);
        let model = Model::with_terms(self.contract, &s, self.terms);
        let point = Point {
            value: v,
            ..goal_point(&model, self.goal, self.seed, self.trials, on_block)
        };
        let case = format!(
            "`{}` held at {}",
            self.scenario.assumptions[self.assumption].id,
            crate::format::num(v)
        );
        if let Err(e) = soundness::check(&model, self.seed, Some(&case)) {
            let mut first = self.unsound.lock().unwrap_or_else(|p| p.into_inner());
            first.get_or_insert(e);
        }
        point
    }

    /// The level searched for: the asked probability, or the estimate's threshold.
    fn level(&self) -> f64 {
        if self.on_estimate {
            self.goal.threshold
        } else {
            self.prob
        }
    }

    /// The first range searched: the assumption's 0.1st to 99.9th percentiles, or around a
    /// fixed value; and how far it may widen (the distribution's support).
    fn range(&self) -> ((f64, f64), (f64, f64)) {
        let d = &self.scenario.assumptions[self.assumption].dist;
        let (lo, hi) = (d.quantile(0.001), d.quantile(0.999));
        if hi > lo {
            ((lo, hi), (d.quantile(0.0), d.quantile(1.0)))
        } else {
            let w = if lo != 0.0 { lo.abs() } else { 1.0 };
            ((lo - w, lo + w), (f64::NEG_INFINITY, f64::INFINITY))
        }
    }

    /// Finds the breakeven value: a grid over the range, widened (up to three times,
    /// doubling, within the support) when the probability is not reached; then bisection
    /// between the evaluations that bracket it, and the band around it.
    pub fn run(&self, on_block: &(dyn Fn(u64) + Sync)) -> Breakeven {
        let ((mut lo, mut hi), (floor, ceiling)) = self.range();
        let mut points: Vec<Point> = (0..GRID)
            .map(|i| lo + (hi - lo) * i as f64 / (GRID - 1) as f64)
            .map(|v| self.probability(v, on_block))
            .collect();
        let flat = |pts: &[Point]| {
            ends(pts).is_some_and(|(first, _)| {
                pts.iter()
                    .filter(|x| x.p.is_finite())
                    .all(|x| x.p == first.p)
            })
        };
        let level = self.level();
        for _ in 0..3 {
            if flat(&points) || crossings(&points, level).next().is_some() {
                break;
            }
            // Widen on the side the asked level lies beyond, within the support.
            let Some((first, last)) = ends(&points) else {
                break;
            };
            let up = (level > first.p.max(last.p)) == (last.p >= first.p);
            let width = hi - lo;
            let (from, to) = if up {
                let to = (hi + width).min(ceiling);
                (hi, to)
            } else {
                let to = (lo - width).max(floor);
                (to, lo)
            };
            // Nothing left to widen into (at the support's bound, or not a number).
            if to.partial_cmp(&from) != Some(std::cmp::Ordering::Greater) {
                break;
            }
            for i in 0..4 {
                let v = from + (to - from) * if up { (i + 1) as f64 } else { i as f64 } / 4.0;
                points.push(self.probability(v, on_block));
            }
            points.sort_by(|a, b| a.value.total_cmp(&b.value));
            (lo, hi) = (lo.min(from), hi.max(to));
        }
        let Some((first, last)) = ends(&points) else {
            return Breakeven {
                status: Status::Undefined,
                value: None,
                band: None,
                other_crossings: Vec::new(),
                increasing: false,
                searched: (lo, hi),
                evaluations: points,
            };
        };
        let increasing = last.p >= first.p;
        // The Monte Carlo margin: of a probability near the asked one, or the estimate's
        // typical standard error over the evaluations.
        let margin = if self.on_estimate {
            let ses: Vec<f64> = points
                .iter()
                .map(|x| x.se)
                .filter(|x| x.is_finite())
                .collect();
            1.96 * ses.iter().sum::<f64>() / ses.len().max(1) as f64
        } else {
            1.96 * (self.prob * (1.0 - self.prob) / self.trials as f64).sqrt()
        };
        let prob = level;
        let outcome = |status| Breakeven {
            status,
            value: None,
            band: None,
            other_crossings: Vec::new(),
            increasing,
            searched: (lo, hi),
            evaluations: points.clone(),
        };
        if flat(&points) {
            // Never (or always) met whatever the value: say which; else the assumption
            // simply does not move the goal.
            return outcome(match first.p {
                _ if self.on_estimate => Status::NoInfluence,
                0.0 => Status::AlwaysBelow,
                1.0 => Status::AlwaysAbove,
                _ => Status::NoInfluence,
            });
        }
        // Where an estimate is undefined (no true outcome, say) it has no side.
        let defined = || points.iter().filter(|x| x.p.is_finite());
        if defined().all(|x| (x.p - prob).abs() <= margin) {
            return outcome(Status::NotIdentified);
        }
        let brackets: Vec<(usize, usize)> = crossings(&points, prob).collect();
        let Some(&first_bracket) = brackets.first() else {
            let status = if defined().all(|x| x.p > prob) {
                Status::AlwaysAbove
            } else {
                Status::AlwaysBelow
            };
            return outcome(status);
        };
        let other_crossings = brackets[1..]
            .iter()
            .map(|&(i, j)| 0.5 * (points[i].value + points[j].value))
            .collect();
        let (a, b) = (points[first_bracket.0].value, points[first_bracket.1].value);
        let range = hi - lo;
        let value = self.solve(&mut points, prob, (a, b), range, on_block);
        // The band: from the evaluations nearest the answer that are outside the margin,
        // to where the estimates enter it.
        let outside = |x: &Point| (x.p - prob).abs() > margin;
        let left = points
            .iter()
            .rev()
            .find(|x| x.value < value && outside(x))
            .copied();
        let right = points
            .iter()
            .find(|x| x.value > value && outside(x))
            .copied();
        let band_low = match left {
            None => lo,
            Some(l) => {
                let level = if l.p < prob {
                    prob - margin
                } else {
                    prob + margin
                };
                self.solve(&mut points, level, (l.value, value), range, on_block)
            }
        };
        let band_high = match right {
            None => hi,
            Some(r) => {
                let level = if r.p < prob {
                    prob - margin
                } else {
                    prob + margin
                };
                self.solve(&mut points, level, (value, r.value), range, on_block)
            }
        };
        Breakeven {
            status: Status::Found,
            value: Some(value),
            band: Some((band_low.min(value), band_high.max(value))),
            other_crossings,
            increasing,
            searched: (lo, hi),
            evaluations: points,
        }
    }

    /// Bisects for `level` within `(a, b)`, between the evaluations that bracket it (the
    /// pair nearest `a` if several), until the bracket is below 1e-4 of `range`; linear
    /// interpolation within it. Where no pair brackets the level, the side the estimates
    /// approach it from (`a` or `b` itself).
    fn solve(
        &self,
        points: &mut Vec<Point>,
        level: f64,
        (a, b): (f64, f64),
        range: f64,
        on_block: &(dyn Fn(u64) + Sync),
    ) -> f64 {
        loop {
            let Some((i, j)) = crossings(points, level)
                .find(|&(i, j)| points[i].value >= a && points[j].value <= b)
            else {
                return a;
            };
            let (x, y) = (points[i], points[j]);
            if y.value - x.value <= 1e-4 * range {
                let t = (level - x.p) / (y.p - x.p);
                return x.value + t * (y.value - x.value);
            }
            let mid = self.probability(0.5 * (x.value + y.value), on_block);
            points.insert(i + 1, mid);
        }
    }
}

/// The goal's point over `trials` trials of a model (`value` left NaN): the probability
/// that a trial meets it, or, for a goal on an estimate, the estimate.
pub fn goal_point(
    model: &Model,
    goal: &Goal,
    seed: u64,
    trials: u64,
    on_block: &(dyn Fn(u64) + Sync),
) -> Point {
    match Target::find(model, &goal.metric) {
        Some(Target::Estimate(e)) => goal_estimate(model, e, seed, trials, on_block),
        _ => goal_probability(model, goal, seed, trials, on_block),
    }
}

/// Estimate `e` of a model over `trials` trials, as a point.
fn goal_estimate(
    model: &Model,
    e: usize,
    seed: u64,
    trials: u64,
    on_block: &(dyn Fn(u64) + Sync),
) -> Point {
    let x = estimate_of(model, e, seed, trials, on_block);
    Point {
        value: f64::NAN,
        p: x.value,
        se: x.se,
        undefined: if x.value.is_nan() { 1.0 } else { 0.0 },
    }
}

/// The probability of the goal over `trials` trials of a model (`value` left NaN).
pub fn goal_probability(
    model: &Model,
    goal: &Goal,
    seed: u64,
    trials: u64,
    on_block: &(dyn Fn(u64) + Sync),
) -> Point {
    let target = Target::find(model, &goal.metric)
        .expect("the goal's metric was checked against the contract");
    let (hits, undefined) = engine::map_blocks(
        model,
        seed,
        0..trials.div_ceil(BLOCK),
        trials,
        false,
        &|b| {
            on_block(b.trials as u64);
            let (mut hits, mut undefined) = (0u64, 0u64);
            for t in 0..b.trials {
                let x = target.value(model, &b, t);
                hits += u64::from(goal.holds(x));
                undefined += u64::from(x.is_nan());
            }
            (hits, undefined)
        },
    )
    .into_iter()
    .fold((0, 0), |(h, u), (a, b)| (h + a, u + b));
    let n = trials as f64;
    let p = hits as f64 / n;
    Point {
        value: f64::NAN,
        p,
        se: (p * (1.0 - p) / n).sqrt(),
        undefined: undefined as f64 / n,
    }
}

/// The first and last evaluations where the estimate is defined (by value).
fn ends(points: &[Point]) -> Option<(Point, Point)> {
    let mut defined = points.iter().filter(|x| x.p.is_finite());
    let first = *defined.next()?;
    Some((first, defined.next_back().copied().unwrap_or(first)))
}

/// The pairs of evaluations `(i, j)`, `j` the next after `i` where the estimate is defined,
/// between which the estimates cross `level` (points sorted by value; an undefined estimate
/// has no side, so a crossing over it is bracketed by its defined neighbours).
fn crossings(points: &[Point], level: f64) -> impl Iterator<Item = (usize, usize)> + '_ {
    let defined: Vec<usize> = (0..points.len())
        .filter(|&i| points[i].p.is_finite())
        .collect();
    (1..defined.len()).filter_map(move |n| {
        let (i, j) = (defined[n - 1], defined[n]);
        let (x, y) = (points[i].p - level, points[j].p - level);
        (x * y <= 0.0 && points[i].p != points[j].p).then_some((i, j))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_parse() {
        let g = Goal::parse("tranche.investors.irr >= 0").unwrap();
        assert_eq!(g.metric, "tranche.investors.irr");
        assert_eq!(g.op, Op::AtLeast);
        assert_eq!(g.threshold, 0.0);
        let g = Goal::parse("payer.city.paid<1_000_000").unwrap();
        assert_eq!((g.op, g.threshold), (Op::Below, 1e6));
        let g = Goal::parse("tranche.x.irr > 5%").unwrap();
        assert_eq!((g.op, g.threshold), (Op::Above, 0.05));
        assert!(Goal::parse("tranche.x.irr").is_err());
        assert!(Goal::parse(">= 0").is_err());
        assert!(Goal::parse("x >= abc").is_err());
        assert!(Goal::parse("x >= nan").is_err());
        assert_eq!(g.to_string(), "tranche.x.irr > 0.05");
    }

    fn points(ps: &[f64]) -> Vec<Point> {
        ps.iter()
            .enumerate()
            .map(|(i, &p)| Point {
                value: i as f64,
                p,
                se: 0.0,
                undefined: 0.0,
            })
            .collect()
    }

    #[test]
    fn crossings_are_found_between_evaluations_both_ways() {
        // Rises through 0.5 between 1 and 2, falls back between 3 and 4; touches it at 6
        // without crossing between equal estimates.
        let pts = points(&[0.1, 0.3, 0.7, 0.9, 0.2, 0.5, 0.5, 0.6]);
        let found: Vec<usize> = crossings(&pts, 0.5).map(|(i, _)| i).collect();
        assert_eq!(found, vec![1, 3, 4, 6]);
        assert_eq!(crossings(&points(&[0.2, 0.2, 0.2]), 0.5).count(), 0);
        // Over an undefined estimate, the crossing is between its defined neighbours.
        let gap = points(&[0.2, f64::NAN, 0.8]);
        assert_eq!(crossings(&gap, 0.5).collect::<Vec<_>>(), vec![(0, 2)]);
    }

    #[test]
    fn undefined_values_never_meet_a_goal() {
        for text in ["x >= 0", "x < 0", "x <= 0", "x > 0"] {
            assert!(!Goal::parse(text).unwrap().holds(f64::NAN));
        }
    }
}
