//! Drawing the scenario's assumptions for one trial, correlated through a Gaussian copula.
//!
//! Every assumption is driven by one standard normal `z`: correlated ones get `L·z` (L the
//! Cholesky factor of the correlation matrix), the others their own `z`. The marginal is
//! then `F⁻¹(Φ(z))`, with exact shortcuts for the normal family (no Φ/Φ⁻¹ round trip) so
//! the common case costs a multiply and an add.

use nalgebra::DMatrix;
use rand::Rng;
use rand_distr::{Distribution as _, StandardNormal};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::model::distribution::{BetaShape, Distribution, logistic, pert_shapes};
use crate::model::scenario::Scenario;

/// How to turn one standard normal into a draw of an assumption.
#[derive(Debug, Clone)]
enum Marginal {
    Fixed(f64),
    /// `mean + sd · z`.
    Normal {
        mean: f64,
        sd: f64,
    },
    /// `exp(mu + sigma · z)`.
    Lognormal {
        mu: f64,
        sigma: f64,
    },
    /// `logistic(mu + sigma · z)`.
    LogitNormal {
        mu: f64,
        sigma: f64,
    },
    /// Beta and PERT: `min + width · B⁻¹(Φ(z))`, the shapes' beta function computed once.
    Beta {
        min: f64,
        width: f64,
        shape: BetaShape,
    },
    /// Anything else: its quantile function at `Φ(z)`.
    Quantile(Distribution),
}

impl Marginal {
    fn new(d: &Distribution) -> Self {
        match *d {
            Distribution::Fixed(v) => Marginal::Fixed(v),
            Distribution::Normal { mean, sd } => Marginal::Normal { mean, sd },
            Distribution::Lognormal { mu, sigma } => Marginal::Lognormal { mu, sigma },
            Distribution::LogitNormal { mu, sigma } => Marginal::LogitNormal { mu, sigma },
            Distribution::Beta {
                alpha,
                beta,
                min,
                max,
            } => Marginal::Beta {
                min,
                width: max - min,
                shape: BetaShape::new(alpha, beta),
            },
            Distribution::Pert { min, mode, max } => {
                let (alpha, beta) = pert_shapes(min, mode, max);
                Marginal::Beta {
                    min,
                    width: max - min,
                    shape: BetaShape::new(alpha, beta),
                }
            }
            ref other => Marginal::Quantile(other.clone()),
        }
    }

    #[inline]
    fn at(&self, z: f64, phi: &Normal) -> f64 {
        match self {
            Marginal::Fixed(v) => *v,
            Marginal::Normal { mean, sd } => mean + sd * z,
            Marginal::Lognormal { mu, sigma } => (mu + sigma * z).exp(),
            Marginal::LogitNormal { mu, sigma } => logistic(mu + sigma * z),
            Marginal::Beta { min, width, shape } => {
                // As Distribution::quantile computes it, to the bit.
                let u = phi.cdf(z).clamp(1e-15, 1.0 - 1e-15);
                min + width * shape.quantile(u)
            }
            Marginal::Quantile(d) => {
                // Keep u strictly inside (0, 1) so quantile functions stay finite.
                let u = phi.cdf(z).clamp(1e-15, 1.0 - 1e-15);
                d.quantile(u)
            }
        }
    }
}

/// The compiled sampler of a scenario's assumptions.
#[derive(Debug, Clone)]
pub struct Sampler {
    marginals: Vec<Marginal>,
    /// The assumptions outside the correlated group, each driven by its own normal draw.
    /// Fixed ones draw too (and ignore it), so fixing an assumption (a stress, a tornado
    /// swing, a breakeven search) leaves every other assumption's draws unchanged.
    random: Vec<usize>,
    /// Correlated assumption indices and the lower Cholesky factor (row-major, n×n).
    group: Vec<usize>,
    cholesky: Vec<f64>,
    /// A group member held at a value, the others drawn conditionally on it: its row in the
    /// group, its normal score, and its column of the correlation matrix.
    condition: Option<(usize, f64, Vec<f64>)>,
    phi: Normal,
}

impl Sampler {
    pub fn new(s: &Scenario) -> Self {
        let marginals: Vec<Marginal> = s
            .assumptions
            .iter()
            .map(|a| Marginal::new(&a.dist))
            .collect();
        let (group, cholesky) = match &s.correlation {
            Some(c) => (c.members.clone(), lower_cholesky(&c.matrix)),
            None => (Vec::new(), Vec::new()),
        };
        let random = (0..marginals.len())
            .filter(|i| !group.contains(i))
            .collect();
        let condition = match (&s.condition, &s.correlation) {
            (Some((a, score)), Some(c)) => c.members.iter().position(|m| m == a).map(|row| {
                let column = (0..c.members.len()).map(|o| c.matrix[(o, row)]).collect();
                (row, *score, column)
            }),
            _ => None,
        };
        Sampler {
            marginals,
            random,
            group,
            cholesky,
            condition,
            phi: Normal::standard(),
        }
    }

    pub fn len(&self) -> usize {
        self.marginals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marginals.is_empty()
    }

    /// Draws every assumption into `out` (length = number of assumptions); `z` is scratch of
    /// the correlated group's size. Draw order is fixed: correlated group, then the rest.
    #[inline]
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R, z: &mut [f64], out: &mut [f64]) {
        let n = self.group.len();
        for zi in z.iter_mut().take(n) {
            *zi = StandardNormal.sample(rng);
        }
        // x = L·z in place, last row first (row r reads z[..=r] only).
        for row in (0..n).rev() {
            let l = &self.cholesky[row * n..row * n + row + 1];
            z[row] = l.iter().zip(&z[..=row]).map(|(a, b)| a * b).sum();
        }
        if let Some((held, score, column)) = &self.condition {
            // Conditioning by kriging: x_o + R_oh (c − x_h) has the law of x_o given x_h = c.
            let gap = score - z[*held];
            for (x, r) in z.iter_mut().zip(column).take(n) {
                *x += r * gap;
            }
        }
        for (row, &a) in self.group.iter().enumerate() {
            out[a] = self.marginals[a].at(z[row], &self.phi);
        }
        for &a in &self.random {
            let x: f64 = StandardNormal.sample(rng);
            out[a] = self.marginals[a].at(x, &self.phi);
        }
    }

    pub fn group_len(&self) -> usize {
        self.group.len()
    }
}

/// Lower Cholesky factor, row-major. The matrix is valid (checked, or repaired to be
/// positive definite); a semi-definite one falls back to a tiny ridge.
fn lower_cholesky(m: &DMatrix<f64>) -> Vec<f64> {
    let n = m.nrows();
    let chol = m
        .clone()
        .cholesky()
        .or_else(|| (m + DMatrix::identity(n, n) * 1e-10).cholesky());
    let l = chol
        .map(|c| c.l())
        .unwrap_or_else(|| DMatrix::identity(n, n));
    (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| l[(i, j)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenario::{Assumption, Correlation};
    use rand::SeedableRng;

    fn scenario(
        assumptions: Vec<Distribution>,
        correlation: Option<(Vec<usize>, DMatrix<f64>)>,
    ) -> Scenario {
        Scenario {
            name: "t".into(),
            description: None,
            sources: vec![],
            assumptions: assumptions
                .into_iter()
                .enumerate()
                .map(|(i, dist)| Assumption {
                    id: format!("a{i}"),
                    dist,
                    description: None,
                    uncertainty: Default::default(),
                })
                .collect(),
            correlation: correlation.map(|(members, matrix)| Correlation {
                members,
                matrix,
                repaired: None,
            }),
            metrics: vec![],
            cohorts: vec![],
            overrun: crate::model::scenario::Quantity::Fixed(0.0),
            termination_hazard: crate::model::scenario::Quantity::Fixed(0.0),
            termination_exercise: crate::model::scenario::Quantity::Fixed(1.0),
            inflation: crate::model::scenario::Quantity::Fixed(0.0),
            terminate_by: None,
            condition: None,
            stresses: vec![],
            defaults: vec![],
        }
    }

    #[test]
    fn correlated_normals_have_the_asked_correlation() {
        let m = DMatrix::from_row_slice(2, 2, &[1.0, -0.3, -0.3, 1.0]);
        let s = scenario(
            vec![
                Distribution::Normal { mean: 0.0, sd: 1.0 },
                Distribution::Normal { mean: 0.0, sd: 1.0 },
            ],
            Some((vec![0, 1], m)),
        );
        let sampler = Sampler::new(&s);
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let (mut z, mut out) = (vec![0.0; 2], vec![0.0; 2]);
        let n = 200_000;
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            sampler.draw(&mut rng, &mut z, &mut out);
            sxy += out[0] * out[1];
            sxx += out[0] * out[0];
            syy += out[1] * out[1];
        }
        let r = sxy / (sxx * syy).sqrt();
        // Standard error of r near -0.3 at n = 200,000 is about 0.002; allow 5 of them.
        assert!((r + 0.3).abs() < 0.01, "{r}");
    }

    #[test]
    fn an_assumption_held_at_a_value_conditions_the_correlated_ones() {
        // Normal marginals with correlation 0.6: given a0 = 1 (its mean + 1 sd), a1 is
        // normal with mean 2 + 0.6 · 0.5 = 2.3 and sd 0.5 · 0.8 = 0.4; a2 (uncorrelated)
        // keeps its law.
        let m = DMatrix::from_row_slice(2, 2, &[1.0, 0.6, 0.6, 1.0]);
        let base = scenario(
            vec![
                Distribution::Normal { mean: 0.0, sd: 1.0 },
                Distribution::Normal { mean: 2.0, sd: 0.5 },
                Distribution::Normal { mean: 5.0, sd: 1.0 },
            ],
            Some((vec![0, 1], m)),
        );
        let s = base.given(0, 1.0);
        let (score_a, score) = s.condition.unwrap();
        assert_eq!(score_a, 0);
        assert!((score - 1.0).abs() < 1e-9, "{score}");
        let sampler = Sampler::new(&s);
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
        let (mut z, mut out) = (vec![0.0; 2], vec![0.0; 3]);
        let n = 100_000;
        let (mut s1, mut s2, mut t1) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            sampler.draw(&mut rng, &mut z, &mut out);
            assert_eq!(out[0], 1.0);
            s1 += out[1];
            s2 += out[1] * out[1];
            t1 += out[2];
        }
        let mean = s1 / n as f64;
        let sd = (s2 / n as f64 - mean * mean).sqrt();
        // Standard errors: 0.4/√n ≈ 0.0013 for the mean; allow 5 of them.
        assert!((mean - 2.3).abs() < 0.0065, "{mean}");
        assert!((sd - 0.4).abs() < 0.005, "{sd}");
        assert!((t1 / n as f64 - 5.0).abs() < 0.016);
        // An uncorrelated assumption held at a value conditions nothing.
        assert_eq!(base.given(2, 4.0).condition, None);
    }

    #[test]
    fn fixed_assumptions_take_their_value() {
        let s = scenario(
            vec![
                Distribution::Fixed(0.25),
                Distribution::Uniform { min: 0.0, max: 1.0 },
            ],
            None,
        );
        let sampler = Sampler::new(&s);
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
        let (mut z, mut out) = (vec![], vec![0.0; 2]);
        sampler.draw(&mut rng, &mut z, &mut out);
        assert_eq!(out[0], 0.25);
        assert!((0.0..=1.0).contains(&out[1]));
    }
}
