//! A validated scenario, bound to one contract: every quantity the engine needs is either
//! a fixed number or an assumption index, and the defaults applied are listed.

use nalgebra::DMatrix;

pub use crate::choices::{EffectOn, EffectScale, ReferralNoise, ReferralsAs, Uncertainty};

use super::distribution::Distribution;

#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: Option<String>,
    pub sources: Vec<String>,
    pub assumptions: Vec<Assumption>,
    pub correlation: Option<Correlation>,
    /// Indexed like the contract's metrics.
    pub metrics: Vec<MetricWorld>,
    /// Indexed like the contract's cohorts.
    pub cohorts: Vec<CohortWorld>,
    pub overrun: Quantity,
    pub termination_hazard: Quantity,
    /// Probability that a payer who may end the contract on a failed interim result
    /// (`[termination] on_result` with `must = false`) does so.
    pub termination_exercise: Quantity,
    /// Annual inflation.
    pub inflation: Quantity,
    /// The payer ends the contract in this period at the latest (a stress shock; scenario
    /// files give a hazard instead).
    pub terminate_by: Option<u32>,
    /// An assumption held at a value with the others of its correlation group drawn
    /// conditionally on it (`breakeven`): the assumption and the normal score of its value.
    pub condition: Option<(usize, f64)>,
    pub stresses: Vec<StressPreset>,
    /// Quantities the scenario did not bind, and the value used instead.
    pub defaults: Vec<DefaultApplied>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    pub id: String,
    pub dist: Distribution,
    pub description: Option<String>,
    /// An unknown about the world (the default) or chance (see `run --split-uncertainty`).
    pub uncertainty: Uncertainty,
}

/// Correlated assumptions and their (valid) correlation matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlation {
    /// Assumption indices, in the matrix's order.
    pub members: Vec<usize>,
    pub matrix: DMatrix<f64>,
    /// Largest change made by an opted-in repair, if the matrix was repaired.
    pub repaired: Option<f64>,
}

/// A number the engine reads each trial: fixed, or an assumption's draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quantity {
    Fixed(f64),
    Assumption(usize),
}

impl Quantity {
    /// The value at the assumptions' means (fixed values as they are).
    pub fn expected(&self, scenario: &Scenario) -> f64 {
        match *self {
            Quantity::Fixed(v) => v,
            Quantity::Assumption(i) => scenario.assumptions[i].dist.mean(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MetricWorld {
    pub baseline: Quantity,
    pub effect: Quantity,
    pub effect_scale: EffectScale,
    /// Spread of a continuous metric, or CV of a cohort-level figure.
    pub sd: Quantity,
    pub drift: Quantity,
    pub comparison_bias: Quantity,
    /// The payer's avoided cost per outcome improved, if the scenario gives it.
    pub savings: Option<Quantity>,
    /// A pathway stage: mean periods of geometric delay beyond the contract's `wait`.
    pub delay: Quantity,
    /// A pathway stage: what the effect changes.
    pub effect_on: EffectOn,
    /// A pathway stage reached with a chance each period (without the programme) by
    /// everyone at the stage before, instead of a reach share (`baseline`) and a `delay`.
    pub hazard: Option<Quantity>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CohortWorld {
    pub referrals: Quantity,
    pub referrals_as: ReferralsAs,
    pub referral_noise: ReferralNoise,
    pub dropout: Quantity,
    pub delay: Quantity,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StressPreset {
    pub id: String,
    pub description: Option<String>,
    pub changes: Vec<(usize, StressChange)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StressChange {
    Replace(Distribution),
    Scale(f64),
    Shift(f64),
}

/// A quantity left unbound and the default used for it.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultApplied {
    /// e.g. `cohort c1 drop-out`.
    pub quantity: String,
    pub value: String,
    /// What the default means, in words.
    pub meaning: String,
}

impl Scenario {
    pub fn assumption_index(&self, id: &str) -> Option<usize> {
        self.assumptions.iter().position(|a| a.id == id)
    }

    /// The scenario with a stress preset's changes applied to its assumptions.
    pub fn with_stress(&self, preset: usize) -> Scenario {
        let mut out = self.clone();
        for (index, change) in &self.stresses[preset].changes {
            let dist = &mut out.assumptions[*index].dist;
            *dist = match change {
                StressChange::Replace(d) => d.clone(),
                StressChange::Scale(k) => transform(dist, *k, 0.0),
                StressChange::Shift(s) => transform(dist, 1.0, *s),
            };
        }
        out
    }

    pub fn stress_index(&self, id: &str) -> Option<usize> {
        self.stresses.iter().position(|s| s.id == id)
    }

    /// The scenario with `quantity` transformed to `k x + s`: a fixed value directly, an
    /// assumption's distribution in place (so every quantity bound to that assumption
    /// moves with it, and every other draw stays as it was).
    pub fn transform_quantity(&mut self, quantity: Quantity, k: f64, s: f64) -> Quantity {
        match quantity {
            Quantity::Fixed(v) => Quantity::Fixed(k * v + s),
            Quantity::Assumption(i) => {
                let d = &mut self.assumptions[i].dist;
                *d = transform(d, k, s);
                quantity
            }
        }
    }

    /// The scenario with an assumption fixed at `value` (its draws then ignored); the
    /// others keep their own distributions.
    pub fn with_fixed(&self, assumption: usize, value: f64) -> Scenario {
        let mut out = self.clone();
        out.assumptions[assumption].dist = Distribution::Fixed(value);
        out.condition = None;
        out
    }

    /// The scenario given that an assumption takes `value`: it is fixed, and the assumptions
    /// correlated with it are drawn from their law conditional on it (through the copula).
    pub fn given(&self, assumption: usize, value: f64) -> Scenario {
        let mut out = self.with_fixed(assumption, value);
        let correlated = self
            .correlation
            .as_ref()
            .is_some_and(|c| c.members.contains(&assumption));
        if correlated {
            let u = self.assumptions[assumption]
                .dist
                .cdf(value)
                .clamp(1e-12, 1.0 - 1e-12);
            let score = statrs::distribution::ContinuousCDF::inverse_cdf(
                &statrs::distribution::Normal::standard(),
                u,
            );
            out.condition = Some((assumption, score));
        }
        out
    }
}

/// The distribution of `k x + s` for `x` drawn from `d` (k > 0 keeps the family; a
/// non-positive k becomes a discrete distribution on transformed values where needed).
fn transform(d: &Distribution, k: f64, s: f64) -> Distribution {
    if k == 1.0 && s == 0.0 {
        // The identity: not even a family that would be tabulated changes.
        return d.clone();
    }
    if k == 0.0 {
        // Every draw becomes `s` (a share moved to its end).
        return Distribution::Fixed(s);
    }
    let f = |x: f64| k * x + s;
    match d.clone() {
        Distribution::Fixed(v) => Distribution::Fixed(f(v)),
        Distribution::Uniform { min, max } => Distribution::Uniform {
            min: f(min).min(f(max)),
            max: f(min).max(f(max)),
        },
        Distribution::Normal { mean, sd } => Distribution::Normal {
            mean: f(mean),
            sd: sd * k.abs(),
        },
        Distribution::TruncatedNormal { mean, sd, min, max } => Distribution::TruncatedNormal {
            mean: f(mean),
            sd: sd * k.abs(),
            min: f(min).min(f(max)),
            max: f(min).max(f(max)),
        },
        Distribution::Triangular { min, mode, max } if k > 0.0 => Distribution::Triangular {
            min: f(min),
            mode: f(mode),
            max: f(max),
        },
        Distribution::Pert { min, mode, max } if k > 0.0 => Distribution::Pert {
            min: f(min),
            mode: f(mode),
            max: f(max),
        },
        Distribution::Beta {
            alpha,
            beta,
            min,
            max,
        } if k > 0.0 => Distribution::Beta {
            alpha,
            beta,
            min: f(min),
            max: f(max),
        },
        Distribution::Lognormal { mu, sigma } if s == 0.0 && k > 0.0 => Distribution::Lognormal {
            mu: mu + k.ln(),
            sigma,
        },
        Distribution::Discrete { values, cumulative } => {
            let mut pairs: Vec<(f64, f64)> = Vec::with_capacity(values.len());
            let mut previous = 0.0;
            for (v, c) in values.iter().zip(&cumulative) {
                pairs.push((f(*v), c - previous));
                previous = *c;
            }
            discrete_from_pairs(pairs)
        }
        other => {
            // Families not closed under the transform: tabulate 1,000 equal-probability points.
            const N: usize = 1_000;
            let pairs = (0..N)
                .map(|i| {
                    (
                        f(other.quantile((i as f64 + 0.5) / N as f64)),
                        1.0 / N as f64,
                    )
                })
                .collect();
            discrete_from_pairs(pairs)
        }
    }
}

/// A discrete distribution from (value, probability) pairs, sorted by value.
pub fn discrete_from_pairs(mut pairs: Vec<(f64, f64)>) -> Distribution {
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = pairs.iter().map(|p| p.1).sum();
    let mut running = 0.0;
    let mut values = Vec::with_capacity(pairs.len());
    let mut cumulative = Vec::with_capacity(pairs.len());
    for (v, w) in pairs {
        running += w / total;
        values.push(v);
        cumulative.push(running);
    }
    if let Some(last) = cumulative.last_mut() {
        *last = 1.0;
    }
    Distribution::Discrete { values, cumulative }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_keeps_the_family_where_it_can() {
        let d = Distribution::Pert {
            min: 0.0,
            mode: 0.1,
            max: 0.3,
        };
        assert_eq!(
            transform(&d, 0.5, 0.0),
            Distribution::Pert {
                min: 0.0,
                mode: 0.05,
                max: 0.15
            }
        );
        let n = Distribution::Normal { mean: 1.0, sd: 1.0 };
        assert_eq!(
            transform(&n, 1.0, -0.5),
            Distribution::Normal { mean: 0.5, sd: 1.0 }
        );
    }

    #[test]
    fn shifted_logit_normal_keeps_its_mean_shift() {
        let d = Distribution::LogitNormal {
            mu: 0.0,
            sigma: 0.5,
        };
        let t = transform(&d, 1.0, 0.1);
        assert!((t.mean() - (d.mean() + 0.1)).abs() < 1e-3);
    }
}
