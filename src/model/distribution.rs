//! Validated distributions of uncertain assumptions.
//!
//! Each distribution is defined by its quantile function (inverse CDF): the engine feeds it
//! uniforms from the Gaussian copula, `check` reports its percentiles, and sensitivity
//! analysis swings it from its 10th to its 90th percentile, all through one function.

use statrs::distribution::{ContinuousCDF, Normal};

#[derive(Debug, Clone, PartialEq)]
pub enum Distribution {
    Fixed(f64),
    Uniform {
        min: f64,
        max: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    TruncatedNormal {
        mean: f64,
        sd: f64,
        min: f64,
        max: f64,
    },
    /// Parameters of the underlying normal (of `ln x`).
    Lognormal {
        mu: f64,
        sigma: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// PERT: a beta on `min..max` with shapes 1 + 4 (mode - min) / (max - min) and 1 + 4 (max - mode) / (max - min).
    Pert {
        min: f64,
        mode: f64,
        max: f64,
    },
    Beta {
        alpha: f64,
        beta: f64,
        min: f64,
        max: f64,
    },
    /// Parameters of the underlying normal (of `logit x`).
    LogitNormal {
        mu: f64,
        sigma: f64,
    },
    /// Values in increasing order with their cumulative probabilities (the last is 1).
    Discrete {
        values: Vec<f64>,
        cumulative: Vec<f64>,
    },
}

fn std_normal() -> Normal {
    Normal::standard()
}

fn std_normal_quantile(u: f64) -> f64 {
    std_normal().inverse_cdf(u)
}

fn std_normal_cdf(x: f64) -> f64 {
    std_normal().cdf(x)
}

impl Distribution {
    /// The value below which a share `u` (0 < u < 1) of draws fall.
    pub fn quantile(&self, u: f64) -> f64 {
        match self {
            Distribution::Fixed(v) => *v,
            Distribution::Uniform { min, max } => min + u * (max - min),
            Distribution::Normal { mean, sd } => mean + sd * std_normal_quantile(u),
            Distribution::TruncatedNormal { mean, sd, min, max } => {
                let lo = std_normal_cdf((min - mean) / sd);
                let hi = std_normal_cdf((max - mean) / sd);
                let x = mean + sd * std_normal_quantile(lo + u * (hi - lo));
                x.clamp(*min, *max)
            }
            Distribution::Lognormal { mu, sigma } => (mu + sigma * std_normal_quantile(u)).exp(),
            Distribution::Triangular { min, mode, max } => {
                let width = max - min;
                if width == 0.0 {
                    return *min;
                }
                let split = (mode - min) / width;
                if u < split {
                    min + (u * width * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * width * (max - mode)).sqrt()
                }
            }
            Distribution::Pert { min, mode, max } => {
                let (a, b) = pert_shapes(*min, *mode, *max);
                min + (max - min) * beta_quantile(a, b, u)
            }
            Distribution::Beta {
                alpha,
                beta,
                min,
                max,
            } => min + (max - min) * beta_quantile(*alpha, *beta, u),
            Distribution::LogitNormal { mu, sigma } => {
                logistic(mu + sigma * std_normal_quantile(u))
            }
            Distribution::Discrete { values, cumulative } => {
                let i = cumulative.partition_point(|&c| c < u).min(values.len() - 1);
                values[i]
            }
        }
    }

    /// The share of draws at or below `x`, by inverting the quantile function (bisection to
    /// 1e-12, so it holds for every family).
    pub fn cdf(&self, x: f64) -> f64 {
        let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if self.quantile(mid) <= x {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }

    /// The expected value.
    pub fn mean(&self) -> f64 {
        match self {
            Distribution::Fixed(v) => *v,
            Distribution::Uniform { min, max } => 0.5 * (min + max),
            Distribution::Normal { mean, .. } => *mean,
            Distribution::TruncatedNormal { mean, sd, min, max } => {
                let (a, b) = ((min - mean) / sd, (max - mean) / sd);
                let pdf = |x: f64| (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
                let z = std_normal_cdf(b) - std_normal_cdf(a);
                mean + sd * (pdf(a) - pdf(b)) / z
            }
            Distribution::Lognormal { mu, sigma } => (mu + 0.5 * sigma * sigma).exp(),
            Distribution::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Distribution::Pert { min, mode, max } => (min + 4.0 * mode + max) / 6.0,
            Distribution::Beta {
                alpha,
                beta,
                min,
                max,
            } => min + (max - min) * alpha / (alpha + beta),
            Distribution::LogitNormal { .. } => {
                // No closed form: midpoint rule on the quantile function.
                const N: usize = 2_000;
                (0..N)
                    .map(|i| self.quantile((i as f64 + 0.5) / N as f64))
                    .sum::<f64>()
                    / N as f64
            }
            Distribution::Discrete { values, cumulative } => {
                let mut previous = 0.0;
                let mut mean = 0.0;
                for (v, c) in values.iter().zip(cumulative) {
                    mean += v * (c - previous);
                    previous = *c;
                }
                mean
            }
        }
    }

    /// The smallest and largest values a draw can take (infinite where unbounded).
    pub fn support(&self) -> (f64, f64) {
        match self {
            Distribution::Fixed(v) => (*v, *v),
            Distribution::Uniform { min, max }
            | Distribution::TruncatedNormal { min, max, .. }
            | Distribution::Triangular { min, max, .. }
            | Distribution::Pert { min, max, .. }
            | Distribution::Beta { min, max, .. } => (*min, *max),
            Distribution::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
            Distribution::Lognormal { .. } => (0.0, f64::INFINITY),
            Distribution::LogitNormal { .. } => (0.0, 1.0),
            Distribution::Discrete { values, .. } => (values[0], values[values.len() - 1]),
        }
    }

    pub fn is_fixed(&self) -> bool {
        matches!(self, Distribution::Fixed(_))
    }

    /// A short formula, e.g. `pert(-0.05, 0.1, 0.25)`.
    pub fn describe(&self) -> String {
        let g = crate::format::num;
        match self {
            Distribution::Fixed(v) => format!("fixed {}", g(*v)),
            Distribution::Uniform { min, max } => format!("uniform({}, {})", g(*min), g(*max)),
            Distribution::Normal { mean, sd } => {
                format!("normal(mean {}, sd {})", g(*mean), g(*sd))
            }
            Distribution::TruncatedNormal { mean, sd, min, max } => format!(
                "normal(mean {}, sd {}) within [{}, {}]",
                g(*mean),
                g(*sd),
                g(*min),
                g(*max)
            ),
            Distribution::Lognormal { mu, sigma } => {
                let mean = (mu + 0.5 * sigma * sigma).exp();
                let sd = mean * (sigma * sigma).exp_m1().sqrt();
                format!(
                    "lognormal(mean {}, sd {})",
                    g(round_sig(mean)),
                    g(round_sig(sd))
                )
            }
            Distribution::Triangular { min, mode, max } => {
                format!("triangular({}, {}, {})", g(*min), g(*mode), g(*max))
            }
            Distribution::Pert { min, mode, max } => {
                format!("pert({}, {}, {})", g(*min), g(*mode), g(*max))
            }
            Distribution::Beta {
                alpha,
                beta,
                min,
                max,
            } => {
                format!(
                    "beta({}, {}) on [{}, {}]",
                    g(*alpha),
                    g(*beta),
                    g(*min),
                    g(*max)
                )
            }
            Distribution::LogitNormal { mu, sigma } => {
                format!(
                    "logit-normal(median {}, sigma {})",
                    g(logistic(*mu)),
                    g(*sigma)
                )
            }
            Distribution::Discrete { values, .. } => {
                let vs: Vec<String> = values.iter().map(|v| g(*v)).collect();
                format!("discrete({})", vs.join(", "))
            }
        }
    }
}

/// Rounds to 6 significant figures (to print parameters converted from other forms).
fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(5 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

pub fn pert_shapes(min: f64, mode: f64, max: f64) -> (f64, f64) {
    let width = max - min;
    (
        1.0 + 4.0 * (mode - min) / width,
        1.0 + 4.0 * (max - mode) / width,
    )
}

/// The `u` quantile of a beta distribution with shapes `alpha` and `beta` on 0..1 (see
/// [`BetaShape::quantile`]).
pub fn beta_quantile(alpha: f64, beta: f64, u: f64) -> f64 {
    BetaShape::new(alpha, beta).quantile(u)
}

/// A beta distribution's shapes with the log of its beta function, computed once (the
/// engine keeps one per beta or PERT assumption).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BetaShape {
    alpha: f64,
    beta: f64,
    /// ln B(alpha, beta).
    ln_b: f64,
}

impl BetaShape {
    pub fn new(alpha: f64, beta: f64) -> Self {
        use statrs::function::gamma::ln_gamma;
        let ln_b = if alpha > 0.0 && beta > 0.0 && alpha.is_finite() && beta.is_finite() {
            ln_gamma(alpha) + ln_gamma(beta) - ln_gamma(alpha + beta)
        } else {
            f64::NAN
        };
        BetaShape { alpha, beta, ln_b }
    }

    /// The shapes swapped: the distribution of 1 - x.
    fn mirrored(self) -> Self {
        BetaShape {
            alpha: self.beta,
            beta: self.alpha,
            ln_b: self.ln_b,
        }
    }

    /// The `u` quantile.
    ///
    /// Safeguarded Halley iteration on the regularised incomplete beta function (statrs'
    /// `beta_reg`, whose continued fraction runs a bounded number of steps): a bracket that
    /// always holds the answer, a Halley step where it stays inside the bracket and a
    /// bisection step where it does not, and at most [`BETA_ITERATIONS`] steps, so it ends
    /// for every input. It solves on the side of 0 where the answer lies (above 1/2, as 1 -
    /// the mirrored quantile of 1 - u, which is exact there), so both tails keep their
    /// relative precision. Validation keeps the shapes within [`BETA_SHAPES`], where the
    /// continued fraction converges.
    pub fn quantile(&self, u: f64) -> f64 {
        if self.ln_b.is_nan() || u.is_nan() {
            return f64::NAN;
        }
        if u <= 0.0 {
            return 0.0;
        }
        if u >= 1.0 {
            return 1.0;
        }
        let x = beta_start(self.alpha, self.beta, u);
        if x > 0.5 && x.is_finite() {
            1.0 - self.mirrored().solve(1.0 - u, 1.0 - x)
        } else {
            self.solve(u, x)
        }
    }

    /// Solves I_x(alpha, beta) = u for x from the guess `x`.
    fn solve(&self, u: f64, x: f64) -> f64 {
        use statrs::function::beta::beta_reg;
        let (a, b) = (self.alpha, self.beta);
        let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
        let mut x = x;
        if !(x > 0.0 && x < 1.0) {
            x = 0.5;
        }
        for _ in 0..BETA_ITERATIONS {
            let f = beta_reg(a, b, x) - u;
            if f == 0.0 {
                return x;
            }
            if f < 0.0 {
                lo = x;
            } else {
                hi = x;
            }
            let ln_pdf = (a - 1.0) * x.ln() + (b - 1.0) * (-x).ln_1p() - self.ln_b;
            let newton = f / ln_pdf.exp();
            // Halley's correction from the density's slope: pdf'/pdf = (a-1)/x - (b-1)/(1-x).
            let bend = 1.0 - 0.5 * newton * ((a - 1.0) / x - (b - 1.0) / (1.0 - x));
            let step = if bend > 0.5 && bend < 2.0 {
                newton / bend
            } else {
                newton
            };
            let halley = x - step;
            let next = if halley > lo && halley < hi && halley.is_finite() {
                halley
            } else if lo == 0.0 {
                // Towards 0 by squaring, so a quantile near the smallest double is reached
                // in a few steps.
                (hi * hi.min(0.0625)).max(f64::MIN_POSITIVE)
            } else if hi == 1.0 {
                let gap = 1.0 - lo;
                (1.0 - gap * gap.min(0.0625)).min(TOP)
            } else if hi / lo > 16.0 {
                (lo * hi).sqrt()
            } else {
                0.5 * (lo + hi)
            };
            if next == x {
                // No double lies between: the answer is x, or an end the mass sits on.
                return match (x == f64::MIN_POSITIVE && f > 0.0, x == TOP && f < 0.0) {
                    (true, _) => 0.0,
                    (_, true) => 1.0,
                    _ => x,
                };
            }
            if (next - x).abs() <= f64::EPSILON * x.abs() || next_double(lo) >= hi {
                return next;
            }
            x = next;
        }
        x
    }
}

/// The smallest double above `x`, for `x` from 0 to below infinity (as `f64::next_up`,
/// which is newer than the supported Rust).
fn next_double(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1)
}

/// The largest double below 1.
const TOP: f64 = 1.0 - f64::EPSILON / 2.0;

/// The most steps [`BetaShape::quantile`] takes (it usually needs three or four).
const BETA_ITERATIONS: usize = 200;

/// The shapes of a beta distribution that validation accepts.
pub const BETA_SHAPES: (f64, f64) = (0.01, 10_000.0);

/// A first guess at the beta quantile: the normal approximation of AS 109 where both
/// shapes are at least 1, the power-law tails (Numerical Recipes' `invbetai`) elsewhere.
fn beta_start(a: f64, b: f64, u: f64) -> f64 {
    if a >= 1.0 && b >= 1.0 {
        let p = if u < 0.5 { u } else { 1.0 - u };
        let t = (-2.0 * p.ln()).sqrt();
        let mut y = 2.30753 + t * 0.27061;
        y = y / (1.0 + t * (0.99229 + t * 0.04481)) - t;
        if u < 0.5 {
            y = -y;
        }
        let al = (y * y - 3.0) / 6.0;
        let h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0));
        let w = y * (al + h).sqrt() / h
            - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (al + 5.0 / 6.0 - 2.0 / (3.0 * h));
        a / (a + b * (2.0 * w).exp())
    } else {
        let lna = (a / (a + b)).ln();
        let lnb = (b / (a + b)).ln();
        let t = (a * lna).exp() / a;
        let w = t + (b * lnb).exp() / b;
        if u < t / w {
            (a * w * u).powf(1.0 / a)
        } else {
            1.0 - (b * w * (1.0 - u)).powf(1.0 / b)
        }
    }
}

pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beta_quantile_agrees_with_statrs_where_statrs_is_reliable() {
        use statrs::distribution::Beta;
        for &(a, b) in &[
            (0.5, 0.5),
            (1.0, 1.0),
            (2.0, 5.0),
            (0.3, 4.0),
            (30.0, 70.0),
            (5.0, 0.2),
        ] {
            let d = Beta::new(a, b).unwrap();
            for i in 1..100 {
                let u = i as f64 / 100.0;
                let (ours, theirs) = (beta_quantile(a, b, u), d.inverse_cdf(u));
                assert!(
                    (ours - theirs).abs() < 1e-9,
                    "beta({a}, {b}) at {u}: {ours} vs {theirs}"
                );
            }
        }
    }

    #[test]
    fn beta_quantile_inverts_the_cdf_across_the_accepted_shapes() {
        use statrs::function::beta::beta_reg;
        let shapes = [0.01, 0.1, 0.5, 1.0, 3.0, 50.0, 1_000.0, 10_000.0];
        for &a in &shapes {
            for &b in &shapes {
                for &u in &[1e-12, 1e-6, 0.01, 0.3, 0.5, 0.9, 0.999_999] {
                    let x = beta_quantile(a, b, u);
                    assert!((0.0..=1.0).contains(&x), "beta({a}, {b}) at {u}: {x}");
                    // Checked on the side of 0 where x lies (statrs' beta_reg rounds to 1
                    // within a few ulps of 1): above 1/2, 1 - x against the mirrored shapes.
                    let mirrored = x > 0.5;
                    let (a, b, u, x) = if mirrored {
                        (b, a, 1.0 - u, 1.0 - x)
                    } else {
                        (a, b, u, x)
                    };
                    let back = beta_reg(a, b, x);
                    // Where no double lies near the true quantile (shapes near 0.01 put
                    // mass within 1e-300 of 0 and 1e-70 of 1), the nearest double is the
                    // answer: the cdf crosses u between its neighbours.
                    // (Mirrored, the neighbours are those of the quantile just below 1.)
                    let (below, above) = if mirrored {
                        ((x - f64::EPSILON / 2.0).max(0.0), x + f64::EPSILON / 2.0)
                    } else if x > 0.0 {
                        (f64::from_bits(x.to_bits() - 1), next_double(x).min(1.0))
                    } else {
                        (0.0, next_double(x))
                    };
                    let underflow = beta_reg(a, b, below) <= u * (1.0 + 1e-9)
                        && beta_reg(a, b, above) >= u * (1.0 - 1e-9);
                    assert!(
                        underflow || (back - u).abs() <= 1e-9 * u,
                        "beta({a}, {b}) at {u}: x = {x}, cdf(x) = {back}"
                    );
                }
            }
        }
    }

    #[test]
    fn beta_quantile_ends_for_any_shapes() {
        // Shapes that made statrs 0.18's inverse spin for ever or panic: the routine still
        // ends (validation rejects them before they get here).
        let hostile = [5e-324, 1e-310, 1e-5, 8e6, 1.6e7, 1e300, f64::MAX];
        for &a in &hostile {
            for &b in &hostile {
                for &u in &[1e-9, 0.5, 0.999] {
                    let x = beta_quantile(a, b, u);
                    assert!(x.is_nan() || (0.0..=1.0).contains(&x));
                }
            }
        }
        assert!(beta_quantile(0.0, 1.0, 0.5).is_nan());
        assert!(beta_quantile(f64::INFINITY, 1.0, 0.5).is_nan());
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn quantiles_match_closed_forms() {
        let n = Distribution::Normal { mean: 1.0, sd: 2.0 };
        assert!(close(n.quantile(0.5), 1.0, 1e-12));
        assert!(close(n.quantile(0.975), 1.0 + 2.0 * 1.959_963_985, 1e-6));
        let t = Distribution::Triangular {
            min: 0.0,
            mode: 0.0,
            max: 1.0,
        };
        assert!(close(t.quantile(0.75), 0.5, 1e-12));
        let u = Distribution::Uniform { min: 2.0, max: 4.0 };
        assert!(close(u.quantile(0.25), 2.5, 1e-12));
        let l = Distribution::LogitNormal {
            mu: logit(0.4),
            sigma: 0.15,
        };
        assert!(close(l.quantile(0.5), 0.4, 1e-12));
    }

    #[test]
    fn means_match_closed_forms() {
        let p = Distribution::Pert {
            min: 0.0,
            mode: 0.1,
            max: 0.5,
        };
        assert!(close(p.mean(), 0.9 / 6.0, 1e-12));
        // A symmetric truncation leaves the mean where it was.
        let tn = Distribution::TruncatedNormal {
            mean: 0.0,
            sd: 1.0,
            min: -1.0,
            max: 1.0,
        };
        assert!(close(tn.mean(), 0.0, 1e-12));
        let d = Distribution::Discrete {
            values: vec![0.0, 10.0],
            cumulative: vec![0.25, 1.0],
        };
        assert!(close(d.mean(), 7.5, 1e-12));
        assert_eq!(d.quantile(0.2), 0.0);
        assert_eq!(d.quantile(0.3), 10.0);
    }

    #[test]
    fn truncated_normal_stays_within_bounds() {
        let tn = Distribution::TruncatedNormal {
            mean: 0.0,
            sd: 1.0,
            min: 2.0,
            max: 3.0,
        };
        for i in 1..100 {
            let x = tn.quantile(i as f64 / 100.0);
            assert!((2.0..=3.0).contains(&x), "{x}");
        }
    }
}
