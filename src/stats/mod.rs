//! Statistics over trials: means and probabilities with their Monte Carlo standard errors,
//! quantiles exact (order statistics, interpolated as NumPy's default), and CVaR as the
//! mean of the worst 5% of trials, "worst" being the metric's bad side. [`stream`] computes
//! them in bounded memory. A leaf: it knows nothing of contracts.

use serde::Serialize;

/// Summary of one metric over the trials where it is defined.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Trials in which the metric is defined (an IRR may not be).
    pub n: u64,
    pub mean: f64,
    /// Monte Carlo standard error of the mean.
    pub se: f64,
    pub sd: f64,
    pub min: f64,
    pub p05: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
    pub max: f64,
    /// Mean of the worst 5% of trials.
    pub cvar05: f64,
}

/// A figure estimated from the whole run (a ratio of expectations, the IRR of the mean cash
/// flows, a metric's mean), with its Monte Carlo standard error, over `n` trials.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub value: f64,
    pub se: f64,
    pub n: u64,
}

impl Estimate {
    /// The mean of a metric over the trials where it is defined.
    pub fn mean_of(m: &stream::Moments) -> Self {
        Estimate {
            value: if m.n > 0 { m.mean() } else { f64::NAN },
            se: if m.n > 1 { m.se() } else { f64::NAN },
            n: m.n,
        }
    }

    pub fn undefined(n: u64) -> Self {
        Estimate {
            value: f64::NAN,
            se: f64::NAN,
            n,
        }
    }
}

/// A probability with its standard error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Probability {
    pub p: f64,
    pub se: f64,
}

impl Probability {
    pub fn new(hits: u64, trials: u64) -> Self {
        if trials == 0 {
            return Probability {
                p: f64::NAN,
                se: f64::NAN,
            };
        }
        let p = hits as f64 / trials as f64;
        Probability {
            p,
            se: (p * (1.0 - p) / trials as f64).sqrt(),
        }
    }
}

/// Linear interpolation between order statistics (NumPy's default, Hyndman-Fan type 7).
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 1 {
        return sorted[0];
    }
    let h = p * (n - 1) as f64;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summarise(values: &mut Vec<f64>, lower_is_worse: bool) -> Summary {
        let mut m = stream::Moments::default();
        for &v in values.iter() {
            m.add(v);
        }
        stream::from_values(values, &m, lower_is_worse)
    }

    #[test]
    fn summary_of_one_to_one_hundred() {
        let mut v: Vec<f64> = (1..=100).map(f64::from).collect();
        v.push(f64::NAN);
        let s = summarise(&mut v, true);
        assert_eq!(s.n, 100);
        assert_eq!(s.mean, 50.5);
        assert_eq!(s.min, 1.0);
        assert_eq!(s.max, 100.0);
        assert!((s.p50 - 50.5).abs() < 1e-12);
        assert!((s.p05 - 5.95).abs() < 1e-12, "{}", s.p05);
        // Worst 5 of 100 when lower is worse: 1..5.
        assert_eq!(s.cvar05, 3.0);
        let s = summarise(&mut (1..=100).map(f64::from).collect(), false);
        assert_eq!(s.cvar05, 98.0);
        assert!((s.sd - 29.011_491_975_882_016).abs() < 1e-9);
    }

    #[test]
    fn probability_has_binomial_standard_error() {
        let p = Probability::new(25, 100);
        assert_eq!(p.p, 0.25);
        assert!((p.se - (0.25f64 * 0.75 / 100.0).sqrt()).abs() < 1e-15);
    }
}
pub mod cross;
pub mod stream;
