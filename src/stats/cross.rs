//! Estimates that are smooth functions of the means of several per-trial inputs (a ratio of
//! two expectations, the IRR of the mean cash flows), with Monte Carlo standard errors by
//! the delta method.
//!
//! An estimate `g(μ)` of the input means `μ` has, to first order, the variance
//! `∇g(μ)ᵀ Σ ∇g(μ) / n`, `Σ` being the inputs' covariance over trials. [`CrossSums`] keeps the
//! sums and the sums of pairwise products of the inputs, merged block by block in block
//! order (so the result is the same on any number of threads); the quadratic form is taken
//! once, at the end, along the gradient. For the estimates sibyl reports, `∇g(μ)ᵀ μ` is 0
//! (a ratio and an IRR are unchanged when every input is scaled), so the variance is a sum
//! of squares, free of cancellation.

/// Sums of `k` per-trial inputs and of their pairwise products (upper triangle, row-major).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct CrossSums {
    pub n: u64,
    sum: Vec<f64>,
    comp: Vec<f64>,
    prod: Vec<f64>,
}

impl CrossSums {
    pub fn new(k: usize) -> Self {
        CrossSums {
            n: 0,
            sum: vec![0.0; k],
            comp: vec![0.0; k],
            prod: vec![0.0; k * (k + 1) / 2],
        }
    }

    pub fn len(&self) -> usize {
        self.sum.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sum.is_empty()
    }

    /// Index of the product of inputs `i <= j`.
    #[inline]
    fn at(&self, i: usize, j: usize) -> usize {
        let k = self.sum.len();
        i * k - i * (i + 1) / 2 + j
    }

    /// Adds one trial's inputs (tests; the engine gives [`Self::add_nonzero`] the nonzero
    /// ones without allocating).
    #[cfg(test)]
    pub fn add(&mut self, x: &[f64]) {
        debug_assert_eq!(x.len(), self.sum.len());
        let nonzero: Vec<(usize, f64)> = x
            .iter()
            .copied()
            .enumerate()
            .filter(|&(_, a)| a != 0.0)
            .collect();
        self.add_nonzero(&nonzero);
    }

    /// Adds one trial's inputs given as its nonzero ones, `(input, value)` by increasing
    /// input: what adding every input would add, without visiting the zeros (each sum and
    /// product receives the same terms in the same order, so the sums are the same to the
    /// bit).
    #[inline]
    pub fn add_nonzero(&mut self, nonzero: &[(usize, f64)]) {
        self.n += 1;
        for (first, &(i, a)) in nonzero.iter().enumerate() {
            debug_assert!(a != 0.0 && i < self.sum.len());
            self.sum[i] += a;
            let row = self.at(i, i) - i;
            for &(j, b) in &nonzero[first..] {
                self.prod[row + j] += a * b;
            }
        }
    }

    /// Whether these are the sums of `k` inputs over at most `trials` trials, as a block's
    /// sums read back from a file must be.
    pub fn fits(&self, k: usize, trials: u64) -> bool {
        self.n <= trials
            && self.sum.len() == k
            && self.comp.len() == k
            && self.prod.len() == k * (k + 1) / 2
    }

    /// Adds another block's sums (its order of addition fixed by the caller).
    pub fn merge(&mut self, o: &CrossSums) {
        if self.sum.is_empty() && self.n == 0 {
            *self = o.clone();
            return;
        }
        self.n += o.n;
        for i in 0..self.sum.len() {
            let (s, c) = (&mut self.sum[i], &mut self.comp[i]);
            neumaier(s, c, o.sum[i]);
            neumaier(s, c, o.comp[i]);
        }
        for (p, q) in self.prod.iter_mut().zip(&o.prod) {
            *p += q;
        }
    }

    /// The inputs' means.
    pub fn means(&self) -> Vec<f64> {
        let n = self.n as f64;
        self.sum
            .iter()
            .zip(&self.comp)
            .map(|(s, c)| if self.n == 0 { f64::NAN } else { (s + c) / n })
            .collect()
    }

    /// The sample variance over trials of `gᵀx`, a linear combination of the inputs.
    pub fn variance_along(&self, g: &[f64]) -> f64 {
        if self.n < 2 {
            return f64::NAN;
        }
        let k = self.sum.len();
        let n = self.n as f64;
        // The quadratic form, and the size of its terms: what is left of a sum of terms
        // that cancel to within rounding is no variance at all.
        let (mut q, mut size) = (0.0, 0.0);
        for i in 0..k {
            if g[i] == 0.0 {
                continue;
            }
            let d = g[i] * g[i] * self.prod[self.at(i, i)];
            q += d;
            size += d.abs();
            for j in i + 1..k {
                if g[j] != 0.0 {
                    let x = 2.0 * g[i] * g[j] * self.prod[self.at(i, j)];
                    q += x;
                    size += x.abs();
                }
            }
        }
        let mean: f64 = self.means().iter().zip(g).map(|(m, g)| m * g).sum();
        let var = q / n - mean * mean;
        if var <= 1e-10 * (size / n + mean * mean) {
            return 0.0;
        }
        var * n / (n - 1.0)
    }

    /// The standard error of an estimate whose gradient with respect to the input means
    /// is `g`.
    pub fn delta_se(&self, g: &[f64]) -> f64 {
        (self.variance_along(g) / self.n as f64).sqrt()
    }
}

fn neumaier(sum: &mut f64, comp: &mut f64, v: f64) {
    let t = *sum + v;
    if sum.abs() >= v.abs() {
        *comp += (*sum - t) + v;
    } else {
        *comp += (v - t) + *sum;
    }
    *sum = t;
}

/// A ratio of two expectations, `E[x] / E[y]`, with its delta-method standard error; `None`
/// where `E[y]` is not positive.
pub fn ratio(sums: &CrossSums, num: usize, den: usize) -> Option<(f64, f64)> {
    let m = sums.means();
    let (x, y) = (m[num], m[den]);
    if y.is_nan() || y <= 0.0 {
        return None;
    }
    let r = x / y;
    let mut g = vec![0.0; sums.len()];
    g[num] += 1.0 / y;
    g[den] -= r / y;
    Some((r, sums.delta_se(&g)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator for test data.
    fn lcg(state: &mut u64) -> f64 {
        *state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (*state >> 11) as f64 / (1u64 << 53) as f64
    }

    #[test]
    fn variance_along_matches_a_direct_computation() {
        let mut st = 7;
        let rows: Vec<[f64; 3]> = (0..500)
            .map(|_| {
                let a = lcg(&mut st);
                [
                    a,
                    if lcg(&mut st) < 0.3 {
                        0.0
                    } else {
                        2.0 * a + lcg(&mut st)
                    },
                    5.0,
                ]
            })
            .collect();
        let g = [0.7, -1.3, 0.2];
        let mut whole = CrossSums::new(3);
        let mut merged = CrossSums::new(3);
        let mut part = CrossSums::new(3);
        for (i, r) in rows.iter().enumerate() {
            whole.add(r);
            part.add(r);
            if i % 97 == 96 {
                merged.merge(&part);
                part = CrossSums::new(3);
            }
        }
        merged.merge(&part);
        let lin: Vec<f64> = rows
            .iter()
            .map(|r| r.iter().zip(&g).map(|(x, g)| x * g).sum())
            .collect();
        let mean = lin.iter().sum::<f64>() / lin.len() as f64;
        let var = lin.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (lin.len() - 1) as f64;
        for s in [&whole, &merged] {
            assert!(
                (s.variance_along(&g) - var).abs() < 1e-10 * var,
                "{}",
                s.variance_along(&g)
            );
        }
    }

    #[test]
    fn ratio_se_matches_the_linearised_ratio() {
        // y in [1, 2], x = 3y + noise: the ratio is about 3 and its influence x − R·y.
        let mut st = 11;
        let rows: Vec<[f64; 2]> = (0..20_000)
            .map(|_| {
                let y = 1.0 + lcg(&mut st);
                [3.0 * y + lcg(&mut st) - 0.5, y]
            })
            .collect();
        let mut s = CrossSums::new(2);
        for r in &rows {
            s.add(r);
        }
        let (r, se) = ratio(&s, 0, 1).unwrap();
        let n = rows.len() as f64;
        let (mx, my) = (
            rows.iter().map(|r| r[0]).sum::<f64>() / n,
            rows.iter().map(|r| r[1]).sum::<f64>() / n,
        );
        assert!((r - mx / my).abs() < 1e-12);
        let inf: Vec<f64> = rows.iter().map(|x| (x[0] - r * x[1]) / my).collect();
        let mi = inf.iter().sum::<f64>() / n;
        let var = inf.iter().map(|v| (v - mi).powi(2)).sum::<f64>() / (n - 1.0);
        assert!((se - (var / n).sqrt()).abs() < 1e-9 * se, "{se}");
        // No expected denominator, no ratio.
        let mut zero = CrossSums::new(2);
        zero.add(&[1.0, 0.0]);
        assert!(ratio(&zero, 0, 1).is_none());
    }

    #[test]
    fn nonzero_inputs_give_the_sums_of_every_input_to_the_bit() {
        // The dense sums, term by term in trial order (zeros and minus zero skipped, a NaN
        // kept), against the sums of the nonzero inputs alone.
        let mut st = 5;
        let k = 7;
        let rows: Vec<Vec<f64>> = (0..3_000)
            .map(|t| {
                (0..k)
                    .map(|i| match (t + i) % 5 {
                        0 => 0.0,
                        1 => -0.0,
                        _ if t == 1_234 && i == 3 => f64::NAN,
                        _ => lcg(&mut st) * 1e6 - 3e5,
                    })
                    .collect()
            })
            .collect();
        let (mut sum, mut prod) = (vec![0.0; k], vec![0.0; k * (k + 1) / 2]);
        let mut fast = CrossSums::new(k);
        for r in &rows {
            let mut p = 0;
            for i in 0..k {
                if r[i] != 0.0 {
                    sum[i] += r[i];
                }
                for j in i..k {
                    if r[i] != 0.0 && r[j] != 0.0 {
                        prod[p] += r[i] * r[j];
                    }
                    p += 1;
                }
            }
            fast.add(r);
        }
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&fast.sum), bits(&sum));
        assert_eq!(bits(&fast.prod), bits(&prod));
        assert_eq!(fast.n, rows.len() as u64);
    }
}
