//! Statistics over trials: every estimate with its Monte Carlo standard error, quantiles
//! exact (order statistics of the kept per-trial values, interpolated as NumPy's default),
//! and CVaR as the mean of the worst 5% of trials, "worst" being the metric's bad side.

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

/// Summarises `values` (NaN = undefined, skipped). `lower_is_worse` orients the CVaR.
/// `values` is reordered.
pub fn summarise(values: &mut Vec<f64>, lower_is_worse: bool) -> Summary {
    values.retain(|v| !v.is_nan());
    let n = values.len();
    if n == 0 {
        let nan = f64::NAN;
        return Summary {
            n: 0,
            mean: nan,
            se: nan,
            sd: nan,
            min: nan,
            p05: nan,
            p25: nan,
            p50: nan,
            p75: nan,
            p95: nan,
            max: nan,
            cvar05: nan,
        };
    }
    // Compensated sums in trial order: the same on any thread count.
    let mean = neumaier(values.iter().copied()) / n as f64;
    let ss = neumaier(values.iter().map(|v| (v - mean) * (v - mean)));
    let sd = if n > 1 {
        (ss / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    values.sort_unstable_by(f64::total_cmp);
    let q = |p: f64| quantile_sorted(values, p);
    let k = ((0.05 * n as f64).floor() as usize).max(1);
    let worst = if lower_is_worse {
        &values[..k]
    } else {
        &values[n - k..]
    };
    Summary {
        n: n as u64,
        mean,
        se: sd / (n as f64).sqrt(),
        sd,
        min: values[0],
        p05: q(0.05),
        p25: q(0.25),
        p50: q(0.50),
        p75: q(0.75),
        p95: q(0.95),
        max: values[n - 1],
        cvar05: neumaier(worst.iter().copied()) / k as f64,
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

/// Neumaier's compensated sum.
fn neumaier(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut c) = (0.0_f64, 0.0_f64);
    for v in values {
        let t = sum + v;
        if sum.abs() >= v.abs() {
            c += (sum - t) + v;
        } else {
            c += (v - t) + sum;
        }
        sum = t;
    }
    sum + c
}

#[cfg(test)]
mod tests {
    use super::*;

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
pub mod stream;
