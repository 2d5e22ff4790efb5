//! Validated distributions of uncertain assumptions.
//!
//! Each distribution is defined by its quantile function (inverse CDF): the engine feeds it
//! uniforms from the Gaussian copula, `check` reports its percentiles, and sensitivity
//! analysis swings it from its 10th to its 90th percentile, all through one function.

use statrs::distribution::{Beta, ContinuousCDF, Normal};

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

fn beta_quantile(alpha: f64, beta: f64, u: f64) -> f64 {
    match Beta::new(alpha, beta) {
        Ok(b) => b.inverse_cdf(u),
        Err(_) => f64::NAN,
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
