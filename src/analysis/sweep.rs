//! A sweep: many runs of one set of trials, each a point of a grid or a Latin hypercube over
//! numbers of the contract and scenario files, and the design search over them (the best
//! point under constraints, the Pareto front of two objectives).
//!
//! Every point runs on the same seed, so on common random numbers: the assumption draws of
//! trial `t` are the same at every point, and differences between points are paired.

use indexmap::IndexMap;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;

use crate::engine::Model;

use super::run::{self, RunSettings};

/// The most points a sweep runs.
pub const MAX_POINTS: u64 = 100_000;

/// One `--set PATH=VALUES`.
#[derive(Debug, Clone, PartialEq)]
pub struct SetArg {
    pub path: String,
    pub values: Values,
    /// The text as given, for the sweep's identity.
    pub text: String,
}

/// The values of a setting.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// `0.05,0.1,0.15`.
    List(Vec<f64>),
    /// `0.05:0.15:11`: `count` evenly spaced values from `from` to `to`, both included;
    /// with `--lhs`, `from:to` (the count is not used).
    Range {
        from: f64,
        to: f64,
        count: Option<u64>,
    },
}

fn number(text: &str, whole: &str) -> Result<f64, String> {
    let t = text.trim().replace('_', "");
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!(
            "`{}` in `{whole}` is not a number: give a list (`PATH=0.05,0.1,0.15`) or a range with a count (`PATH=0.05:0.15:11`)",
            text.trim()
        )),
    }
}

/// Parses `--set`'s value: `PATH=v1,v2,...` or `PATH=from:to:count` (`from:to` for `--lhs`).
pub fn parse_set(text: &str) -> Result<SetArg, String> {
    let Some((path, values)) = text.split_once('=') else {
        return Err(format!(
            "`{text}` is not a setting: write PATH=VALUES, e.g. `rules.pooled.threshold=0.05,0.1` or `rules.pooled.threshold=0.05:0.15:11`"
        ));
    };
    let path = path.trim();
    let valid = !path.is_empty()
        && path.split('.').all(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        });
    if !valid {
        return Err(format!(
            "`{path}` is not a dotted path: name a number of the contract or scenario as its tables and key joined by dots, e.g. `rules.pooled.threshold`"
        ));
    }
    let values = if values.contains(':') {
        let parts: Vec<&str> = values.split(':').collect();
        let count = match parts.len() {
            2 => None,
            3 => {
                let c = parts[2].trim();
                match c.parse::<u64>() {
                    Ok(n) if (2..=MAX_POINTS).contains(&n) => Some(n),
                    _ => {
                        return Err(format!(
                            "the count `{c}` in `{text}` must be a whole number from 2 to {MAX_POINTS}: a range is FROM:TO:COUNT, its ends included"
                        ));
                    }
                }
            }
            _ => {
                return Err(format!(
                    "`{values}` is not a range: write FROM:TO:COUNT, e.g. `0.05:0.15:11`"
                ));
            }
        };
        let (from, to) = (number(parts[0], text)?, number(parts[1], text)?);
        if !(to - from).is_finite() {
            return Err(format!(
                "the range `{values}` is wider than a number can hold: give ends closer together"
            ));
        }
        if from == to {
            return Err(format!(
                "the range `{values}` starts and ends at the same value: give two different ends"
            ));
        }
        Values::Range { from, to, count }
    } else {
        let list = values
            .split(',')
            .map(|v| number(v, text))
            .collect::<Result<Vec<f64>, String>>()?;
        if list.len() as u64 > MAX_POINTS {
            return Err(format!("`{path}` has more than {MAX_POINTS} values"));
        }
        Values::List(list)
    };
    Ok(SetArg {
        path: path.to_string(),
        values,
        text: text.to_string(),
    })
}

impl Values {
    /// The grid's values; `None` for a range without a count (only for `--lhs`).
    pub fn grid(&self) -> Option<Vec<f64>> {
        match *self {
            Values::List(ref l) => Some(l.clone()),
            Values::Range { from, to, count } => {
                let n = count?;
                Some(
                    (0..n)
                        .map(|i| {
                            if i == n - 1 {
                                to
                            } else {
                                // To 15 significant digits: 0.05:0.1:3 gives 0.075, not
                                // 0.07500000000000001.
                                let x = from + (to - from) * (i as f64) / ((n - 1) as f64);
                                format!("{x:.14e}").parse().unwrap_or(x)
                            }
                        })
                        .collect(),
                )
            }
        }
    }

    /// The bounds a Latin hypercube draws from; `None` for a list.
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match *self {
            Values::List(_) => None,
            Values::Range { from, to, .. } => Some((from, to)),
        }
    }
}

/// The cross product of the settings' values, the last setting varying fastest.
pub fn grid(values: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new()];
    for vs in values {
        let mut next = Vec::with_capacity(out.len() * vs.len());
        for p in &out {
            for &v in vs {
                let mut q = p.clone();
                q.push(v);
                next.push(q);
            }
        }
        out = next;
    }
    out
}

/// The number of grid points, saturating (checked against [`MAX_POINTS`] before building).
pub fn grid_size(values: &[Vec<f64>]) -> u64 {
    values
        .iter()
        .fold(1u64, |n, v| n.saturating_mul(v.len() as u64))
}

/// `n` points of a Latin hypercube over `bounds`: in every dimension each of the `n` equal
/// strata holds exactly one point, at a uniform place within it. Drawn from a stream of its
/// own derived from the seed (not the trials' streams), so the same seed gives the same
/// points.
pub fn latin_hypercube(n: u64, bounds: &[(f64, f64)], seed: u64) -> Vec<Vec<f64>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x4C48_535F_5357_4550);
    let n_us = n as usize;
    let mut points = vec![Vec::with_capacity(bounds.len()); n_us];
    for &(lo, hi) in bounds {
        // Fisher-Yates: a uniform permutation of the strata.
        let mut strata: Vec<u64> = (0..n).collect();
        for i in (1..n_us).rev() {
            let j = rng.random_range(0..=i);
            strata.swap(i, j);
        }
        for (p, s) in points.iter_mut().zip(strata) {
            let u: f64 = rng.random::<f64>();
            p.push(lo + (hi - lo) * ((s as f64 + u) / n as f64));
        }
    }
    points
}

/// One point to run: which contract and scenario (indices into the sweep's files) and the
/// settings' values.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub index: u64,
    pub contract: usize,
    pub scenario: usize,
    pub values: Vec<f64>,
}

/// The points of a sweep: contracts outermost, then scenarios, then the settings' points.
pub fn points(contracts: usize, scenarios: usize, settings: &[Vec<f64>]) -> Vec<Point> {
    let mut out = Vec::new();
    for c in 0..contracts {
        for s in 0..scenarios {
            for v in settings {
                out.push(Point {
                    index: out.len() as u64,
                    contract: c,
                    scenario: s,
                    values: v.clone(),
                });
            }
        }
    }
    out
}

/// One statistic of one figure at a point (a row of `points.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    pub name: String,
    pub statistic: &'static str,
    pub value: f64,
}

/// The statistics a point reports: each metric's summary, each probability's `p` and `se`,
/// each estimate's `value` and `se`, in the order `run` reports them.
pub fn run_point(
    model: &Model,
    trials: u64,
    seed: u64,
    on_block: &(dyn Fn(u64) + Sync),
) -> Vec<Stat> {
    let settings = RunSettings {
        trials,
        seed,
        precision: None,
        max_trials: trials,
        keep_draws: false,
    };
    let o = run::outcome(model, &settings, on_block);
    let mut out = Vec::new();
    let mut push = |name: &str, statistic: &'static str, value: f64| {
        out.push(Stat {
            name: name.to_string(),
            statistic,
            value,
        });
    };
    for (name, s) in &o.metrics {
        for (stat, v) in [
            ("n", s.n as f64),
            ("mean", s.mean),
            ("se", s.se),
            ("sd", s.sd),
            ("min", s.min),
            ("p05", s.p05),
            ("p25", s.p25),
            ("p50", s.p50),
            ("p75", s.p75),
            ("p95", s.p95),
            ("max", s.max),
            ("cvar05", s.cvar05),
        ] {
            push(name, stat, v);
        }
    }
    for (name, p) in &o.probabilities {
        push(name, "p", p.p);
        push(name, "se", p.se);
    }
    for (name, e) in &o.estimates {
        push(name, "value", e.value);
        push(name, "se", e.se);
    }
    out
}

/// The number of rows [`run_point`] gives for a model.
pub fn rows_per_point(model: &Model) -> usize {
    model.metrics.metrics.len() * 12
        + model.metrics.events.len() * 2
        + model.metrics.estimates.len() * 2
}

/// The statistic names of a metric, in their order.
pub const METRIC_STATISTICS: [&str; 12] = [
    "n", "mean", "se", "sd", "min", "p05", "p25", "p50", "p75", "p95", "max", "cvar05",
];

/// What one point gave.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    pub point: u64,
    pub contract: String,
    pub scenario: String,
    pub values: Vec<f64>,
    pub seed: u64,
    pub trials: u64,
    pub stats: Vec<Stat>,
}

/// A figure's kind, known from its statistics: a metric has a `mean`, a probability a `p`,
/// an estimate a `value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Metric,
    Probability,
    Estimate,
}

impl PointResult {
    /// The point's figures grouped by name, in order: kind and statistics.
    pub fn figures(&self) -> IndexMap<&str, (Kind, IndexMap<&'static str, f64>)> {
        let mut out: IndexMap<&str, (Kind, IndexMap<&'static str, f64>)> = IndexMap::new();
        for s in &self.stats {
            let e = out
                .entry(s.name.as_str())
                .or_insert((Kind::Estimate, IndexMap::new()));
            e.1.insert(s.statistic, s.value);
            match s.statistic {
                "mean" => e.0 = Kind::Metric,
                "p" => e.0 = Kind::Probability,
                _ => {}
            }
        }
        out
    }

    /// A metric's mean, a probability's p or an estimate's value, with its standard error.
    pub fn figure(&self, target: &Target) -> Option<(f64, f64)> {
        let figures = self.figures();
        let (kind, stats) = figures.get(target.name.as_str())?;
        let key = match (target.probability, kind) {
            (true, Kind::Probability) => "p",
            (false, Kind::Metric) => "mean",
            (false, Kind::Estimate) => "value",
            _ => return None,
        };
        Some((*stats.get(key)?, *stats.get("se")?))
    }
}

/// A figure a search reads: `P(name)` (a probability) or `name` (a metric's mean or an
/// estimate).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub name: String,
    pub probability: bool,
}

impl Target {
    fn parse(text: &str) -> Result<Target, String> {
        let t = text.trim();
        if let Some(inner) = t.strip_prefix("P(").and_then(|r| r.strip_suffix(')')) {
            let name = inner.trim();
            if name.is_empty() {
                return Err(format!(
                    "`{text}` names no probability: write P(NAME), e.g. P(tranche.bonds.loss)"
                ));
            }
            return Ok(Target {
                name: name.to_string(),
                probability: true,
            });
        }
        if t.is_empty() || t.contains(char::is_whitespace) || t.contains(['(', ')']) {
            return Err(format!(
                "`{t}` is not a figure: name a metric (its mean), an estimate, or a probability as P(NAME)"
            ));
        }
        Ok(Target {
            name: t.to_string(),
            probability: false,
        })
    }

    pub fn label(&self) -> String {
        if self.probability {
            format!("P({})", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// Which way an objective goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sense {
    Minimise,
    Maximise,
}

/// `--objective 'minimise NAME'`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    pub sense: Sense,
    pub target: Target,
}

/// Parses `--objective`: `minimise NAME` or `maximise NAME` (also `min`, `max`,
/// `minimize`, `maximize`).
pub fn parse_objective(text: &str) -> Result<Objective, String> {
    let t = text.trim();
    let (word, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let sense = match word.to_ascii_lowercase().as_str() {
        "minimise" | "minimize" | "min" => Sense::Minimise,
        "maximise" | "maximize" | "max" => Sense::Maximise,
        _ => {
            return Err(format!(
                "`{text}` is not an objective: write `minimise NAME` or `maximise NAME`, e.g. `minimise payer.moj.cost_per_true_outcome.reconviction`"
            ));
        }
    };
    Ok(Objective {
        sense,
        target: Target::parse(rest)?,
    })
}

/// A constraint's comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = ">=")]
    AtLeast,
}

/// `--subject-to 'P(tranche.bonds.loss) <= 0.3'`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Constraint {
    pub target: Target,
    pub op: Op,
    pub bound: f64,
    pub text: String,
}

/// Parses `--subject-to`: `FIGURE <= X` or `FIGURE >= X` (`<` and `>` read the same: a
/// Monte Carlo estimate is never exactly on the bound).
pub fn parse_constraint(text: &str) -> Result<Constraint, String> {
    let help = "write FIGURE <= X or FIGURE >= X, e.g. `P(tranche.bonds.loss) <= 0.3`";
    let (lhs, op, rhs) = if let Some((l, r)) = text.split_once("<=") {
        (l, Op::AtMost, r)
    } else if let Some((l, r)) = text.split_once(">=") {
        (l, Op::AtLeast, r)
    } else if let Some((l, r)) = text.split_once('<') {
        (l, Op::AtMost, r)
    } else if let Some((l, r)) = text.split_once('>') {
        (l, Op::AtLeast, r)
    } else {
        return Err(format!("`{text}` is not a constraint: {help}"));
    };
    let bound = match rhs.trim().replace('_', "").parse::<f64>() {
        Ok(b) if b.is_finite() => b,
        _ => {
            return Err(format!(
                "`{}` in `{text}` is not a number: {help}",
                rhs.trim()
            ));
        }
    };
    Ok(Constraint {
        target: Target::parse(lhs)?,
        op,
        bound,
        text: text.trim().to_string(),
    })
}

/// A value with its Monte Carlo standard error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WithSe {
    pub value: f64,
    pub se: f64,
}

/// How sure a point's feasibility is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Feasibility {
    /// Every constraint holds by more than two standard errors.
    Feasible,
    /// Every constraint holds, one within two standard errors of its bound.
    Uncertain,
    Infeasible,
}

/// One point as the search sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub point: u64,
    /// The contract and scenario files the point runs.
    pub contract: String,
    pub scenario: String,
    pub settings: IndexMap<String, f64>,
    pub objectives: Vec<WithSe>,
    pub feasibility: Feasibility,
}

/// The design search's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Search {
    pub objectives: Vec<Objective>,
    pub constraints: Vec<Constraint>,
    /// Points that meet every constraint (uncertain ones included).
    pub feasible: u64,
    /// Feasible points left out of the best, the runner-up and the front because an
    /// objective is undefined or infinite there.
    pub undefined: u64,
    /// The best feasible point on the first objective.
    pub best: Option<Candidate>,
    /// The next best feasible point on the first objective.
    pub runner_up: Option<Candidate>,
    /// The difference between the runner-up and the best is within two standard errors
    /// (the marginal ones, which overstate the error of a difference on common random
    /// numbers): the ranking is not settled by these trials.
    pub runner_up_within_noise: Option<bool>,
    /// With two objectives: the feasible points no other feasible point beats on both,
    /// in order of the first objective.
    pub pareto: Vec<Candidate>,
}

/// Where a figure a search names is missing: its label and the names the points have.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingFigure {
    pub label: String,
    pub known: Vec<String>,
}

/// Checks that a model has every figure a search names, before any point runs: the model's
/// figures as a point without values would report them.
pub fn check_targets(
    model: &Model,
    objectives: &[Objective],
    constraints: &[Constraint],
) -> Result<(), MissingFigure> {
    let mut stats = Vec::new();
    let mut push = |name: &str, statistics: [&'static str; 2]| {
        for statistic in statistics {
            stats.push(Stat {
                name: name.to_string(),
                statistic,
                value: f64::NAN,
            });
        }
    };
    for (name, _) in &model.metrics.metrics {
        push(name, ["mean", "se"]);
    }
    for (name, _) in &model.metrics.events {
        push(name, ["p", "se"]);
    }
    for e in &model.metrics.estimates {
        push(&e.name, ["value", "se"]);
    }
    let blank = PointResult {
        point: 0,
        contract: String::new(),
        scenario: String::new(),
        values: Vec::new(),
        seed: 0,
        trials: 0,
        stats,
    };
    search(&[], &[blank], objectives, constraints).map(|_| ())
}

/// Searches the points for the best design under the constraints, and with two objectives
/// their Pareto front.
pub fn search(
    paths: &[String],
    points: &[PointResult],
    objectives: &[Objective],
    constraints: &[Constraint],
) -> Result<Search, MissingFigure> {
    let missing = |t: &Target, p: &PointResult| MissingFigure {
        label: t.label(),
        known: p
            .figures()
            .iter()
            .map(|(n, (k, _))| match k {
                Kind::Probability => format!("P({n})"),
                _ => n.to_string(),
            })
            .collect(),
    };
    let mut candidates = Vec::new();
    for p in points {
        let mut objs = Vec::new();
        for o in objectives {
            let (value, se) = p.figure(&o.target).ok_or_else(|| missing(&o.target, p))?;
            objs.push(WithSe { value, se });
        }
        let mut feasibility = Feasibility::Feasible;
        for c in constraints {
            let (value, se) = p.figure(&c.target).ok_or_else(|| missing(&c.target, p))?;
            let margin = match c.op {
                Op::AtMost => c.bound - value,
                Op::AtLeast => value - c.bound,
            };
            if margin.is_nan() || margin < 0.0 {
                feasibility = Feasibility::Infeasible;
            } else if margin <= 2.0 * se && feasibility == Feasibility::Feasible {
                feasibility = Feasibility::Uncertain;
            }
        }
        candidates.push(Candidate {
            point: p.point,
            contract: p.contract.clone(),
            scenario: p.scenario.clone(),
            settings: paths
                .iter()
                .cloned()
                .zip(p.values.iter().copied())
                .collect(),
            objectives: objs,
            feasibility,
        });
    }
    // Every objective as a minimisation.
    let score = |c: &Candidate, i: usize| {
        let v = c.objectives[i].value;
        match objectives[i].sense {
            Sense::Minimise => v,
            Sense::Maximise => -v,
        }
    };
    let meets: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.feasibility != Feasibility::Infeasible)
        .collect();
    let feasible_count = meets.len() as u64;
    // A point whose objective is undefined or infinite cannot be ranked: left out.
    let mut feasible: Vec<&Candidate> = meets
        .into_iter()
        .filter(|c| c.objectives.iter().all(|o| o.value.is_finite()))
        .collect();
    let undefined = feasible_count - feasible.len() as u64;
    // Stable: among equals the first point wins.
    feasible.sort_by(|a, b| score(a, 0).total_cmp(&score(b, 0)));
    let best = feasible.first().map(|c| (*c).clone());
    let runner_up = feasible.get(1).map(|c| (*c).clone());
    let runner_up_within_noise = match (&best, &runner_up) {
        (Some(b), Some(r)) => {
            let (b, r) = (b.objectives[0], r.objectives[0]);
            Some((r.value - b.value).abs() <= 2.0 * (b.se * b.se + r.se * r.se).sqrt())
        }
        _ => None,
    };
    let mut pareto = Vec::new();
    if objectives.len() == 2 {
        for c in &feasible {
            let dominated = feasible.iter().any(|d| {
                score(d, 0) <= score(c, 0)
                    && score(d, 1) <= score(c, 1)
                    && (score(d, 0) < score(c, 0) || score(d, 1) < score(c, 1))
            });
            if !dominated {
                pareto.push((*c).clone());
            }
        }
    }
    Ok(Search {
        objectives: objectives.to_vec(),
        constraints: constraints.to_vec(),
        feasible: feasible_count,
        undefined,
        best,
        runner_up,
        runner_up_within_noise,
        pareto,
    })
}

/// A sweep's result: the points in order and, when asked, the search.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepResult {
    pub paths: Vec<String>,
    pub seed: u64,
    pub trials: u64,
    pub points: Vec<PointResult>,
    pub search: Option<Search>,
}

/// The JSON shape of a sweep (`--format json`).
impl Serialize for SweepResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct JsonPoint<'a> {
            point: u64,
            contract: &'a str,
            scenario: &'a str,
            settings: IndexMap<&'a str, f64>,
            seed: u64,
            trials: u64,
            metrics: IndexMap<&'a str, IndexMap<&'static str, f64>>,
            probabilities: IndexMap<&'a str, IndexMap<&'static str, f64>>,
            estimates: IndexMap<&'a str, IndexMap<&'static str, f64>>,
        }
        #[derive(Serialize)]
        struct Json<'a> {
            sibyl_version: &'static str,
            settings: &'a [String],
            seed: u64,
            trials: u64,
            points: Vec<JsonPoint<'a>>,
            search: &'a Option<Search>,
        }
        let points = self
            .points
            .iter()
            .map(|p| {
                let mut j = JsonPoint {
                    point: p.point,
                    contract: &p.contract,
                    scenario: &p.scenario,
                    settings: self
                        .paths
                        .iter()
                        .map(String::as_str)
                        .zip(p.values.iter().copied())
                        .collect(),
                    seed: p.seed,
                    trials: p.trials,
                    metrics: IndexMap::new(),
                    probabilities: IndexMap::new(),
                    estimates: IndexMap::new(),
                };
                for (name, (kind, stats)) in p.figures() {
                    match kind {
                        Kind::Metric => j.metrics.insert(name, stats),
                        Kind::Probability => j.probabilities.insert(name, stats),
                        Kind::Estimate => j.estimates.insert(name, stats),
                    };
                }
                j
            })
            .collect();
        Json {
            sibyl_version: env!("CARGO_PKG_VERSION"),
            settings: &self.paths,
            seed: self.seed,
            trials: self.trials,
            points,
            search: &self.search,
        }
        .serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists_and_ranges() {
        let s = parse_set("rules.pooled.threshold=0.05,0.1,0.15").unwrap();
        assert_eq!(s.path, "rules.pooled.threshold");
        assert_eq!(s.values.grid().unwrap(), [0.05, 0.1, 0.15]);
        let s = parse_set("tranches.senior.coupon=0.05:0.15:11").unwrap();
        let g = s.values.grid().unwrap();
        assert_eq!(g.len(), 11);
        assert_eq!((g[0], g[10]), (0.05, 0.15));
        assert_eq!(g[5], 0.1);
        assert_eq!(
            parse_set("a=0.05:0.1:3").unwrap().values.grid().unwrap()[1],
            0.075
        );
        let s = parse_set("cohorts.c1.target=1_000:500:2").unwrap();
        assert_eq!(s.values.grid().unwrap(), [1000.0, 500.0]);
        let s = parse_set("a.b=0:1").unwrap();
        assert_eq!(s.values.grid(), None);
        assert_eq!(s.values.bounds(), Some((0.0, 1.0)));
        assert_eq!(parse_set("a.b=7").unwrap().values.grid().unwrap(), [7.0]);
    }

    #[test]
    fn refuses_malformed_settings() {
        for bad in [
            "rules.pooled.threshold",
            "=1",
            "a..b=1",
            "a b=1",
            "a=",
            "a=1,,2",
            "a=x",
            "a=nan",
            "a=inf",
            "a=1e999",
            "a=1e308:-1e308:3",
            "a=0:1:1",
            "a=0:1:0",
            "a=0:1:-3",
            "a=0:1:2.5",
            "a=0:1:100001",
            "a=0:1:2:3",
            "a=1:1:5",
            "a=:1:3",
        ] {
            assert!(parse_set(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn grid_is_the_cross_product_last_fastest() {
        let g = grid(&[vec![1.0, 2.0], vec![10.0, 20.0, 30.0]]);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], [1.0, 10.0]);
        assert_eq!(g[1], [1.0, 20.0]);
        assert_eq!(g[3], [2.0, 10.0]);
        assert_eq!(
            grid_size(&[vec![0.0; 1000], vec![0.0; 1000], vec![0.0; 1000]]),
            1_000_000_000
        );
        assert_eq!(grid(&[]), vec![Vec::<f64>::new()]);
    }

    #[test]
    fn latin_hypercube_hits_every_stratum_once_and_repeats() {
        let bounds = [(0.0, 1.0), (10.0, 20.0), (-1.0, -3.0)];
        let n = 37;
        let pts = latin_hypercube(n, &bounds, 5);
        assert_eq!(pts.len(), n as usize);
        for (d, &(lo, hi)) in bounds.iter().enumerate() {
            let mut hit = vec![0; n as usize];
            for p in &pts {
                let u = (p[d] - lo) / (hi - lo);
                assert!((0.0..1.0).contains(&u));
                hit[(u * n as f64) as usize] += 1;
            }
            assert!(hit.iter().all(|&h| h == 1), "dimension {d}: {hit:?}");
        }
        assert_eq!(pts, latin_hypercube(n, &bounds, 5));
        assert_ne!(pts, latin_hypercube(n, &bounds, 6));
    }

    #[test]
    fn parses_objectives_and_constraints() {
        let o = parse_objective("minimise payer.moj.cost_per_true_outcome.reconviction").unwrap();
        assert_eq!(o.sense, Sense::Minimise);
        assert!(!o.target.probability);
        let o = parse_objective("maximise P(deal.any_payment)").unwrap();
        assert_eq!((o.sense, o.target.probability), (Sense::Maximise, true));
        assert!(parse_objective("lower x").is_err());
        assert!(parse_objective("minimise").is_err());
        let c = parse_constraint("P(tranche.bonds.loss) <= 0.3").unwrap();
        assert_eq!(
            (c.op, c.bound, c.target.name.as_str()),
            (Op::AtMost, 0.3, "tranche.bonds.loss")
        );
        let c = parse_constraint("tranche.bonds.irr>=0.02").unwrap();
        assert_eq!((c.op, c.bound), (Op::AtLeast, 0.02));
        assert!(parse_constraint("P(x) = 3").is_err());
        assert!(parse_constraint("P(x) <= y").is_err());
        assert!(parse_constraint("P() <= 1").is_err());
    }

    fn result(point: u64, a: (f64, f64), b: (f64, f64), loss: f64) -> PointResult {
        let stat = |name: &str, statistic, value| Stat {
            name: name.into(),
            statistic,
            value,
        };
        PointResult {
            point,
            contract: "c".into(),
            scenario: "s".into(),
            values: vec![point as f64],
            seed: 1,
            trials: 100,
            stats: vec![
                stat("a", "mean", a.0),
                stat("a", "se", a.1),
                stat("b", "value", b.0),
                stat("b", "se", b.1),
                stat("loss", "p", loss),
                stat("loss", "se", 0.01),
            ],
        }
    }

    #[test]
    fn search_picks_the_best_feasible_point_and_the_front() {
        let points = [
            result(0, (1.0, 0.1), (5.0, 0.1), 0.5),   // best a, infeasible
            result(1, (2.0, 0.1), (4.0, 0.1), 0.1),   // front
            result(2, (3.0, 0.1), (2.0, 0.1), 0.1),   // front
            result(3, (3.5, 0.1), (3.0, 0.1), 0.1),   // dominated by 2
            result(4, (2.05, 0.1), (9.0, 0.1), 0.29), // uncertain, close to 1
        ];
        let paths = vec!["x".to_string()];
        let objectives = [
            parse_objective("minimise a").unwrap(),
            parse_objective("minimise b").unwrap(),
        ];
        let constraints = [parse_constraint("P(loss) <= 0.3").unwrap()];
        let s = search(&paths, &points, &objectives, &constraints).unwrap();
        assert_eq!(s.feasible, 4);
        let best = s.best.unwrap();
        assert_eq!(best.point, 1);
        assert_eq!(
            best.objectives[0],
            WithSe {
                value: 2.0,
                se: 0.1
            }
        );
        let runner = s.runner_up.unwrap();
        assert_eq!(
            (runner.point, runner.feasibility),
            (4, Feasibility::Uncertain)
        );
        assert_eq!(s.runner_up_within_noise, Some(true));
        let front: Vec<u64> = s.pareto.iter().map(|c| c.point).collect();
        assert_eq!(front, [1, 2]);
        assert_eq!((best.contract.as_str(), best.scenario.as_str()), ("c", "s"));
        assert_eq!(s.undefined, 0);
        let missing = search(&paths, &points, &[parse_objective("min zzz").unwrap()], &[]);
        assert_eq!(missing.unwrap_err().label, "zzz");
        // `a` is a metric, not a probability.
        assert!(
            search(
                &paths,
                &points,
                &[parse_objective("min P(a)").unwrap()],
                &[]
            )
            .is_err()
        );
    }

    #[test]
    fn search_leaves_out_undefined_objectives() {
        let points = [
            result(0, (f64::NAN, 0.1), (1.0, 0.1), 0.1),
            result(1, (3.0, 0.1), (f64::NAN, 0.1), 0.1),
            result(2, (2.0, 0.1), (2.0, 0.1), 0.1),
            result(3, (f64::INFINITY, 0.1), (0.5, 0.1), 0.1),
            result(4, (2.5, 0.1), (1.5, 0.1), 0.1),
        ];
        let paths = vec!["x".to_string()];
        let objectives = [
            parse_objective("minimise a").unwrap(),
            parse_objective("minimise b").unwrap(),
        ];
        let s = search(&paths, &points, &objectives, &[]).unwrap();
        assert_eq!((s.feasible, s.undefined), (5, 3));
        assert_eq!(s.best.as_ref().unwrap().point, 2);
        assert_eq!(s.runner_up.as_ref().unwrap().point, 4);
        let front: Vec<u64> = s.pareto.iter().map(|c| c.point).collect();
        assert_eq!(front, [2, 4]);
        let nan = [result(0, (f64::NAN, 0.1), (1.0, 0.1), 0.1)];
        let s = search(&paths, &nan, &objectives[..1], &[]).unwrap();
        assert_eq!(
            (s.undefined, s.best, s.runner_up_within_noise),
            (1, None, None)
        );
    }
}
