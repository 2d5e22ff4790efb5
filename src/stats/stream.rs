//! Exact statistics in bounded memory.
//!
//! Each block of trials is reduced to mergeable [`Moments`] (merged in block order, so the
//! result is the same on any number of threads). Quantiles stay exact order statistics:
//! the first trials (a pilot) are kept whole; from them each target quantile gets a value
//! window wide enough (±6 sampling standard errors in rank) to contain its final rank, and
//! later trials keep only the values inside the windows, plus exact counts and sums of the
//! tail beyond (for CVaR). If a final rank ever falls outside its window the caller runs
//! an exact second pass for that metric.

use super::{Summary, quantile_sorted};

/// The quantiles every summary reports.
pub const QUANTILES: [f64; 5] = [0.05, 0.25, 0.50, 0.75, 0.95];

/// Count, compensated sum, Welford mean and M2, extremes; mergeable (Chan et al.).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Moments {
    pub n: u64,
    sum: f64,
    comp: f64,
    mean: f64,
    m2: f64,
    pub min: f64,
    pub max: f64,
}

impl Default for Moments {
    fn default() -> Self {
        Moments {
            n: 0,
            sum: 0.0,
            comp: 0.0,
            mean: 0.0,
            m2: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Moments {
    /// Adds one value (NaN = undefined, skipped).
    #[inline]
    pub fn add(&mut self, v: f64) {
        if v.is_nan() {
            return;
        }
        self.n += 1;
        neumaier_add(&mut self.sum, &mut self.comp, v);
        let d = v - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (v - self.mean);
        self.min = self.min.min(v);
        self.max = self.max.max(v);
    }

    /// Adds another block's moments (Chan et al.'s parallel update).
    pub fn merge(&mut self, o: &Moments) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let (na, nb) = (self.n as f64, o.n as f64);
        let d = o.mean - self.mean;
        let n = na + nb;
        self.mean += d * nb / n;
        self.m2 += o.m2 + d * d * na * nb / n;
        neumaier_add(&mut self.sum, &mut self.comp, o.sum);
        neumaier_add(&mut self.sum, &mut self.comp, o.comp);
        self.n += o.n;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }

    /// The mean from the compensated sum.
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            (self.sum + self.comp) / self.n as f64
        }
    }

    pub fn sd(&self) -> f64 {
        match self.n {
            0 => f64::NAN,
            1 => 0.0,
            n => (self.m2.max(0.0) / (n - 1) as f64).sqrt(),
        }
    }

    pub fn se(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.sd() / (self.n as f64).sqrt()
        }
    }
}

/// Moments of one block, accumulated cheaply: sums of values shifted by the block's first
/// value (well conditioned within a block of a few thousand), turned into [`Moments`] once
/// at the end; blocks are then merged with compensation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlockMoments {
    n: u64,
    shift: f64,
    s1: f64,
    s2: f64,
    min: f64,
    max: f64,
}

impl Default for BlockMoments {
    fn default() -> Self {
        BlockMoments {
            n: 0,
            shift: f64::NAN,
            s1: 0.0,
            s2: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl BlockMoments {
    #[inline]
    pub fn add(&mut self, v: f64) {
        if v.is_nan() {
            return;
        }
        if self.n == 0 {
            self.shift = v;
        }
        self.n += 1;
        let d = v - self.shift;
        self.s1 += d;
        self.s2 += d * d;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
    }

    pub fn finish(&self) -> Moments {
        if self.n == 0 {
            return Moments::default();
        }
        let n = self.n as f64;
        let mean_d = self.s1 / n;
        // The block's sum as a compensated pair: n * shift + s1.
        let (mut sum, mut comp) = (0.0, 0.0);
        neumaier_add(&mut sum, &mut comp, n * self.shift);
        neumaier_add(&mut sum, &mut comp, self.s1);
        Moments {
            n: self.n,
            sum,
            comp,
            mean: self.shift + mean_d,
            m2: (self.s2 - self.s1 * mean_d).max(0.0),
            min: self.min,
            max: self.max,
        }
    }
}

#[inline]
fn neumaier_add(sum: &mut f64, comp: &mut f64, v: f64) {
    let t = *sum + v;
    if sum.abs() >= v.abs() {
        *comp += (*sum - t) + v;
    } else {
        *comp += (v - t) + *sum;
    }
    *sum = t;
}

/// Value windows around each target quantile, and which tail CVaR reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Windows {
    pub lo: [f64; 5],
    pub hi: [f64; 5],
    pub lower_is_worse: bool,
}

impl Windows {
    /// Windows from the pilot values of a metric (NaN-free; reordered in place).
    pub fn from_pilot(values: &mut [f64], lower_is_worse: bool) -> Self {
        let n = values.len();
        let (mut lo, mut hi) = ([f64::NEG_INFINITY; 5], [f64::INFINITY; 5]);
        if n > 0 {
            let bounds = QUANTILES.map(|p| {
                let centre = p * (n - 1) as f64;
                let half = 6.0 * (p * (1.0 - p) * n as f64).sqrt() + 2.0;
                ((centre - half).floor(), (centre + half).ceil())
            });
            // Only the order statistics at the windows' edges are needed.
            let mut ranks: Vec<usize> = bounds
                .iter()
                .flat_map(|&(a, b)| [a, b])
                .filter(|&r| r > 0.0 && r < (n - 1) as f64)
                .map(|r| r as usize)
                .collect();
            ranks.sort_unstable();
            ranks.dedup();
            select_ranks(values, &ranks, 0);
            for (i, &(a, b)) in bounds.iter().enumerate() {
                lo[i] = if a <= 0.0 {
                    f64::NEG_INFINITY
                } else {
                    values[a as usize]
                };
                hi[i] = if b >= (n - 1) as f64 {
                    f64::INFINITY
                } else {
                    values[b as usize]
                };
            }
        }
        Windows {
            lo,
            hi,
            lower_is_worse,
        }
    }

    /// The window CVaR reads: the 5% one on the bad side.
    fn tail(&self) -> usize {
        if self.lower_is_worse { 0 } else { 4 }
    }
}

/// The values of one window: those equal to its bounds are only counted (point masses,
/// such as a total loss at -1 or nothing paid, would otherwise fill memory), those strictly
/// inside are kept.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Window {
    below: u64,
    at_lo: u64,
    strict: Vec<f64>,
    at_hi: u64,
}

impl Window {
    fn len(&self) -> usize {
        self.at_lo as usize + self.strict.len() + self.at_hi as usize
    }

    /// The i-th smallest value in the window (`strict` sorted).
    fn get(&self, i: usize, lo: f64, hi: f64) -> f64 {
        let (a, s) = (self.at_lo as usize, self.strict.len());
        if i < a {
            lo
        } else if i < a + s {
            self.strict[i - a]
        } else {
            hi
        }
    }
}

/// What one metric keeps beyond its moments once windows are set.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Collected {
    windows: [Window; 5],
    /// Beyond the CVaR window on the bad side: count, and compensated sum.
    tail_n: u64,
    tail_sum: f64,
    tail_comp: f64,
}

impl Collected {
    #[inline]
    pub fn add(&mut self, w: &Windows, v: f64) {
        if v.is_nan() {
            return;
        }
        for (i, win) in self.windows.iter_mut().enumerate() {
            let (lo, hi) = (w.lo[i], w.hi[i]);
            if v < lo {
                win.below += 1;
            } else if v == lo {
                win.at_lo += 1;
            } else if v < hi {
                win.strict.push(v);
            } else if v == hi {
                win.at_hi += 1;
            }
        }
        let t = w.tail();
        let beyond = if w.lower_is_worse {
            v < w.lo[t]
        } else {
            v > w.hi[t]
        };
        if beyond {
            self.tail_n += 1;
            neumaier_add(&mut self.tail_sum, &mut self.tail_comp, v);
        }
    }

    /// Whether this can be what a block of `trials` trials collected: no window counts more
    /// values than the block has (as a block read back from a file must).
    pub fn fits(&self, trials: u64) -> bool {
        let within = |w: &Window| {
            [w.below, w.at_lo, w.strict.len() as u64, w.at_hi]
                .iter()
                .try_fold(0u64, |a, &b| a.checked_add(b))
                .is_some_and(|n| n <= trials)
        };
        self.tail_n <= trials && self.windows.iter().all(within)
    }

    pub fn merge(&mut self, o: Collected) {
        for (mine, theirs) in self.windows.iter_mut().zip(o.windows) {
            mine.below += theirs.below;
            mine.at_lo += theirs.at_lo;
            mine.at_hi += theirs.at_hi;
            mine.strict.extend(theirs.strict);
        }
        self.tail_n += o.tail_n;
        neumaier_add(&mut self.tail_sum, &mut self.tail_comp, o.tail_sum);
        neumaier_add(&mut self.tail_sum, &mut self.tail_comp, o.tail_comp);
    }

    /// Values kept, for the memory tests.
    #[cfg(test)]
    fn kept(&self) -> usize {
        self.windows.iter().map(|w| w.strict.len()).sum()
    }

    /// Quantiles and CVaR, or `None` if a needed rank fell outside its window.
    pub fn finish(mut self, w: &Windows, m: &Moments) -> Option<Summary> {
        let n = m.n as usize;
        if n == 0 {
            return Some(empty());
        }
        for win in &mut self.windows {
            win.strict.sort_unstable_by(f64::total_cmp);
        }
        let mut q = [0.0; 5];
        for (i, &p) in QUANTILES.iter().enumerate() {
            let h = p * (n - 1) as f64;
            let (a, b) = (h.floor() as usize, (h.floor() as usize + 1).min(n - 1));
            let win = &self.windows[i];
            let start = win.below as usize;
            if a < start || b >= start + win.len() {
                return None;
            }
            let (x, y) = (
                win.get(a - start, w.lo[i], w.hi[i]),
                win.get(b - start, w.lo[i], w.hi[i]),
            );
            q[i] = x + (h - h.floor()) * (y - x);
        }
        let k = ((0.05 * n as f64).floor() as usize).max(1);
        let t = w.tail();
        let win = &self.windows[t];
        let beyond = self.tail_n as usize;
        if k < beyond || k > beyond + win.len() {
            return None;
        }
        // The `take` values of the window nearest the bad side, added in sorted order
        // (runs at a bound added as one product).
        let take = k - beyond;
        let (mut sum, mut comp) = (self.tail_sum, self.tail_comp);
        let (lo, hi) = (w.lo[t], w.hi[t]);
        let parts: [(f64, usize); 3] = if w.lower_is_worse {
            [
                (lo, win.at_lo as usize),
                (f64::NAN, win.strict.len()),
                (hi, win.at_hi as usize),
            ]
        } else {
            [
                (hi, win.at_hi as usize),
                (f64::NAN, win.strict.len()),
                (lo, win.at_lo as usize),
            ]
        };
        let mut left = take;
        for (value, count) in parts {
            let used = left.min(count);
            if used == 0 {
                continue;
            }
            if value.is_nan() {
                let strict: Box<dyn Iterator<Item = &f64>> = if w.lower_is_worse {
                    Box::new(win.strict.iter())
                } else {
                    Box::new(win.strict.iter().rev())
                };
                for &v in strict.take(used) {
                    neumaier_add(&mut sum, &mut comp, v);
                }
            } else {
                neumaier_add(&mut sum, &mut comp, value * used as f64);
            }
            left -= used;
        }
        Some(Summary {
            n: m.n,
            mean: m.mean(),
            se: m.se(),
            sd: m.sd(),
            min: m.min,
            p05: q[0],
            p25: q[1],
            p50: q[2],
            p75: q[3],
            p95: q[4],
            max: m.max,
            cvar05: (sum + comp) / k as f64,
        })
    }
}

/// Puts the order statistics of `ranks` (ascending, distinct, relative to a slice starting
/// at `offset`) in place: afterwards `values[r - offset]` is what a full sort would put
/// there, for every `r` in `ranks`. Divide and conquer on the middle rank, so in
/// O(n log(ranks)) rather than a sort's O(n log n).
pub fn select_ranks(values: &mut [f64], ranks: &[usize], offset: usize) {
    if ranks.is_empty() || values.is_empty() {
        return;
    }
    let mid = ranks.len() / 2;
    let r = ranks[mid] - offset;
    let (left, _, right) = values.select_nth_unstable_by(r, f64::total_cmp);
    select_ranks(left, &ranks[..mid], offset);
    select_ranks(right, &ranks[mid + 1..], offset + r + 1);
}

/// The summary of a fully kept column: moments as merged, order statistics from the values
/// (reordered in place, by selection: only the quantiles' neighbours and the worst 5% are
/// put in order).
pub fn from_values(values: &mut Vec<f64>, m: &Moments, lower_is_worse: bool) -> Summary {
    values.retain(|v| !v.is_nan());
    let n = values.len();
    if n == 0 {
        return empty();
    }
    let k = ((0.05 * n as f64).floor() as usize).max(1);
    // The quantiles' order statistics, and the edge of the worst k.
    let mut ranks: Vec<usize> = QUANTILES
        .iter()
        .flat_map(|&p| {
            let lo = (p * (n - 1) as f64).floor() as usize;
            [lo, (lo + 1).min(n - 1)]
        })
        .chain([if lower_is_worse { k - 1 } else { n - k }])
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    select_ranks(values, &ranks, 0);
    // The worst k, in ascending order as a sort would leave them (the sum below adds them
    // in that order); each is then at its own rank, so the quantiles among them stay put.
    let worst = if lower_is_worse {
        &mut values[..k]
    } else {
        &mut values[n - k..]
    };
    worst.sort_unstable_by(f64::total_cmp);
    let q = |p: f64| quantile_sorted(values, p);
    let worst = if lower_is_worse {
        &values[..k]
    } else {
        &values[n - k..]
    };
    let (mut sum, mut comp) = (0.0, 0.0);
    for &v in worst {
        neumaier_add(&mut sum, &mut comp, v);
    }
    Summary {
        n: m.n,
        mean: m.mean(),
        se: m.se(),
        sd: m.sd(),
        min: m.min,
        p05: q(0.05),
        p25: q(0.25),
        p50: q(0.5),
        p75: q(0.75),
        p95: q(0.95),
        max: m.max,
        cvar05: (sum + comp) / k as f64,
    }
}

fn empty() -> Summary {
    let nan = f64::NAN;
    Summary {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::quantile_sorted;

    fn moments(values: &[f64]) -> Moments {
        let mut m = Moments::default();
        for &v in values {
            m.add(v);
        }
        m
    }

    #[test]
    fn merged_moments_match_one_pass() {
        let values: Vec<f64> = (0..10_000)
            .map(|i| ((i * 7919) % 1000) as f64 / 7.0)
            .collect();
        let whole = moments(&values);
        let mut merged = Moments::default();
        for chunk in values.chunks(333) {
            merged.merge(&moments(chunk));
        }
        assert_eq!(merged.n, whole.n);
        assert!((merged.mean() - whole.mean()).abs() < 1e-12);
        assert!((merged.sd() - whole.sd()).abs() < 1e-9);
        assert_eq!((merged.min, merged.max), (whole.min, whole.max));
    }

    #[test]
    fn windows_give_the_exact_order_statistics() {
        // A pilot of the first 20,000 values sets windows; all 200,000 flow through them.
        let values: Vec<f64> = (0..200_000u64)
            .map(|i| ((i.wrapping_mul(2_654_435_761) % 1_000_003) as f64).sqrt())
            .collect();
        for lower_is_worse in [true, false] {
            let mut pilot = values[..20_000].to_vec();
            let w = Windows::from_pilot(&mut pilot, lower_is_worse);
            let mut c = Collected::default();
            let m = moments(&values);
            for &v in &values {
                c.add(&w, v);
            }
            assert!(
                c.kept() < values.len() / 5,
                "keeps {} of {}",
                c.kept(),
                values.len()
            );
            let streamed = c.finish(&w, &m).expect("ranks inside the windows");
            let exact = from_values(&mut values.clone(), &m, lower_is_worse);
            assert_eq!(streamed.p05, exact.p05);
            assert_eq!(streamed.p50, exact.p50);
            assert_eq!(streamed.p95, exact.p95);
            assert!((streamed.cvar05 - exact.cvar05).abs() <= 1e-9 * exact.cvar05.abs());
        }
    }

    #[test]
    fn selection_gives_what_a_sort_gives() {
        // Ties, point masses and both tails, at sizes around the ranks' edge cases.
        for n in [1usize, 2, 3, 19, 20, 21, 1_000, 4_099] {
            let values: Vec<f64> = (0..n as u64)
                .map(|i| ((i.wrapping_mul(2_654_435_761) % 97) as f64 / 7.0).floor())
                .collect();
            for lower_is_worse in [true, false] {
                let m = moments(&values);
                let got = from_values(&mut values.clone(), &m, lower_is_worse);
                let mut sorted = values.clone();
                sorted.sort_unstable_by(f64::total_cmp);
                let k = ((0.05 * n as f64).floor() as usize).max(1);
                let worst = if lower_is_worse {
                    &sorted[..k]
                } else {
                    &sorted[n - k..]
                };
                let (mut sum, mut comp) = (0.0, 0.0);
                for &v in worst {
                    neumaier_add(&mut sum, &mut comp, v);
                }
                let q = |p: f64| quantile_sorted(&sorted, p);
                assert_eq!(
                    [got.p05, got.p25, got.p50, got.p75, got.p95, got.cvar05],
                    [
                        q(0.05),
                        q(0.25),
                        q(0.5),
                        q(0.75),
                        q(0.95),
                        (sum + comp) / k as f64
                    ],
                    "n = {n}"
                );
            }
            // The windows' edges from a pilot left unsorted equal those of a sorted one.
            let mut unsorted = values.clone();
            let mut sorted = values.clone();
            sorted.sort_unstable_by(f64::total_cmp);
            assert_eq!(
                Windows::from_pilot(&mut unsorted, true),
                Windows::from_pilot(&mut sorted, true)
            );
        }
    }

    #[test]
    fn point_masses_are_counted_not_kept() {
        // Half the values are exactly -1 (total losses), the rest spread out.
        let values: Vec<f64> = (0..100_000u64)
            .map(|i| {
                if i % 2 == 0 {
                    -1.0
                } else {
                    (i % 997) as f64 / 997.0
                }
            })
            .collect();
        let mut pilot = values[..10_000].to_vec();
        let w = Windows::from_pilot(&mut pilot, true);
        let mut c = Collected::default();
        for &v in &values {
            c.add(&w, v);
        }
        assert!(c.kept() < values.len() / 5, "keeps {}", c.kept());
        let m = moments(&values);
        let streamed = c.finish(&w, &m).unwrap();
        let exact = from_values(&mut values.clone(), &m, true);
        assert_eq!(
            (
                streamed.p05,
                streamed.p25,
                streamed.p50,
                streamed.p75,
                streamed.p95
            ),
            (exact.p05, exact.p25, exact.p50, exact.p75, exact.p95)
        );
        assert_eq!(streamed.cvar05, -1.0);
    }

    #[test]
    fn a_rank_outside_its_window_is_reported() {
        let mut pilot: Vec<f64> = (0..1000).map(f64::from).collect();
        let w = Windows::from_pilot(&mut pilot, true);
        let mut c = Collected::default();
        // The full data lies far above the pilot: every median rank is above the windows.
        let values: Vec<f64> = (0..10_000).map(|i| 1e6 + f64::from(i)).collect();
        for &v in &values {
            c.add(&w, v);
        }
        assert!(c.finish(&w, &moments(&values)).is_none());
    }
}
