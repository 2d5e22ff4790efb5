//! Breakeven: the value of one assumption at which a target (`tranche.investors.irr >= 0`)
//! holds with a given probability.
//!
//! The assumption is held at a value (the assumptions correlated with it drawn conditionally
//! on it), the probability of the target estimated over a Monte Carlo run, and the value
//! found by bisection. Every run uses the same seed, so the estimated probability is a
//! smooth-ish, nearly monotone function of the value (common random numbers) and bisection
//! does not chase noise. The band is where the estimated probability is within 1.96
//! standard errors of the asked probability: the Monte Carlo uncertainty of the answer.

use serde::Serialize;

use crate::engine::{self, BLOCK, Model};
use crate::model::contract::Contract;
use crate::model::scenario::Scenario;

use super::sensitivity::Target;

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

/// The probability of the goal at one value of the assumption.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub value: f64,
    pub p: f64,
    pub se: f64,
}

/// Whether the asked probability was reached within the values searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Found,
    /// The goal's probability stays above the asked one over the whole range.
    AlwaysAbove,
    /// It stays below.
    AlwaysBelow,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakeven {
    pub status: Status,
    /// The assumption's value where the goal holds with the asked probability.
    pub value: Option<f64>,
    /// Values where the estimated probability is within 1.96 standard errors of the asked
    /// one (low, high).
    pub band: Option<(f64, f64)>,
    /// Whether a higher value makes the goal more likely.
    pub increasing: bool,
    /// The range searched.
    pub searched: (f64, f64),
    /// Every probability estimated, by value.
    pub evaluations: Vec<Point>,
}

/// What to search.
pub struct Search<'a> {
    pub contract: &'a Contract,
    pub scenario: &'a Scenario,
    pub assumption: usize,
    pub goal: &'a Goal,
    pub prob: f64,
    pub seed: u64,
    pub trials: u64,
}

impl Search<'_> {
    /// The probability of the goal with the assumption held at `v`.
    pub fn probability(&self, v: f64, on_block: &(dyn Fn(u64) + Sync)) -> Point {
        let s = self.scenario.given(self.assumption, v);
        let model = Model::new(self.contract, &s);
        let target = Target::find(&model, &self.goal.metric)
            .expect("the goal's metric was checked against the contract");
        let hits: u64 = engine::map_blocks(
            &model,
            self.seed,
            0..self.trials.div_ceil(BLOCK),
            self.trials,
            false,
            &|b| {
                on_block(b.trials as u64);
                (0..b.trials)
                    .filter(|&t| self.goal.holds(target.value(&model, &b, t)))
                    .count() as u64
            },
        )
        .into_iter()
        .sum();
        let p = hits as f64 / self.trials as f64;
        Point {
            value: v,
            p,
            se: (p * (1.0 - p) / self.trials as f64).sqrt(),
        }
    }

    /// Finds the breakeven value between the assumption's 0.1st and 99.9th percentiles,
    /// widened (up to three times, doubling) when the probability is not reached there.
    pub fn run(&self, on_block: &(dyn Fn(u64) + Sync)) -> Breakeven {
        let d = &self.scenario.assumptions[self.assumption].dist;
        let (mut lo, mut hi) = (d.quantile(0.001), d.quantile(0.999));
        if hi <= lo {
            hi = lo + lo.abs().max(1.0);
        }
        let mut points = vec![
            self.probability(lo, on_block),
            self.probability(hi, on_block),
        ];
        for _ in 0..3 {
            let (plo, phi) = (points[0].p, points[points.len() - 1].p);
            if (plo - self.prob) * (phi - self.prob) <= 0.0 {
                break;
            }
            // Widen on the side the asked probability lies beyond.
            let width = hi - lo;
            let increasing = phi >= plo;
            let go_up = (self.prob > phi.max(plo)) == increasing;
            if go_up {
                hi += width;
                points.push(self.probability(hi, on_block));
            } else {
                lo -= width;
                points.insert(0, self.probability(lo, on_block));
            }
        }
        let (first, last) = (points[0], points[points.len() - 1]);
        let increasing = last.p >= first.p;
        if (first.p - self.prob) * (last.p - self.prob) > 0.0 {
            let status = if first.p.min(last.p) > self.prob {
                Status::AlwaysAbove
            } else {
                Status::AlwaysBelow
            };
            return Breakeven {
                status,
                value: None,
                band: None,
                increasing,
                searched: (lo, hi),
                evaluations: points,
            };
        }
        let value = self.crossing(&mut points, self.prob, on_block);
        let margin = 1.96 * (self.prob * (1.0 - self.prob) / self.trials as f64).sqrt();
        let a = self.crossing(&mut points, self.prob - margin, on_block);
        let b = self.crossing(&mut points, self.prob + margin, on_block);
        let band = match (a, b) {
            (Some(a), Some(b)) => Some((a.min(b), a.max(b))),
            // Past the range's end on one side: the band runs to it.
            (Some(a), None) | (None, Some(a)) => {
                let end = if (self.prob + margin > last.p.max(first.p)) == increasing {
                    hi
                } else {
                    lo
                };
                Some((a.min(end), a.max(end)))
            }
            (None, None) => None,
        };
        Breakeven {
            status: Status::Found,
            value,
            band,
            increasing,
            searched: (lo, hi),
            evaluations: points,
        }
    }

    /// Bisects between the evaluated points bracketing `level` until the bracket is below
    /// 1e-4 of the range; the answer interpolates linearly within it. `None` if no
    /// evaluated pair brackets the level.
    fn crossing(
        &self,
        points: &mut Vec<Point>,
        level: f64,
        on_block: &(dyn Fn(u64) + Sync),
    ) -> Option<f64> {
        let range = points[points.len() - 1].value - points[0].value;
        loop {
            let i = points
                .windows(2)
                .position(|w| (w[0].p - level) * (w[1].p - level) <= 0.0 && w[0].p != w[1].p)?;
            let (a, b) = (points[i], points[i + 1]);
            if b.value - a.value <= 1e-4 * range {
                let t = (level - a.p) / (b.p - a.p);
                return Some(a.value + t * (b.value - a.value));
            }
            let mid = self.probability(0.5 * (a.value + b.value), on_block);
            points.insert(i + 1, mid);
        }
    }
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

    #[test]
    fn undefined_values_never_meet_a_goal() {
        for text in ["x >= 0", "x < 0", "x <= 0", "x > 0"] {
            assert!(!Goal::parse(text).unwrap().holds(f64::NAN));
        }
    }
}
