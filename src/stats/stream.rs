//! Exact statistics in bounded memory.
//!
//! Each block of trials is reduced to mergeable [`Moments`] (merged in block order, so the
//! result is the same on any number of threads). Quantiles stay exact order statistics:
//! the first trials (a pilot) give each target quantile a value window wide enough (±6
//! sampling standard errors in rank) to contain its final rank, and later trials keep only
//! the values inside the windows, plus exact counts and sums of the tail beyond (for CVaR).
//! The pilot itself is kept in part ([`PartialPilot`]: its first blocks bound which values
//! can matter), and as trials accumulate each window is narrowed to ±6 standard errors of
//! the trials so far ([`Collected::narrow`]), so memory grows with the square root of the
//! trials, plus CVaR's bad side (about 0.3% of the trials, past the pilot's edge). Neither
//! changes a result: if a final rank ever falls outside what was kept, the caller runs an
//! exact second pass for that metric (and a pilot whose first blocks missed its edges is
//! simulated again whole).

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

/// The pilot ranks of each quantile's window edges, for a pilot of `n` values (`n > 0`).
fn pilot_bounds(n: usize) -> [(f64, f64); 5] {
    QUANTILES.map(|p| {
        let centre = p * (n - 1) as f64;
        let half = 6.0 * (p * (1.0 - p) * n as f64).sqrt() + 2.0;
        ((centre - half).floor(), (centre + half).ceil())
    })
}

impl Windows {
    /// Windows from the pilot values of a metric (NaN-free; reordered in place).
    pub fn from_pilot(values: &mut [f64], lower_is_worse: bool) -> Self {
        let n = values.len();
        let (mut lo, mut hi) = ([f64::NEG_INFINITY; 5], [f64::INFINITY; 5]);
        if n > 0 {
            let bounds = pilot_bounds(n);
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

/// A value's place in [`f64::total_cmp`] order, as an integer.
#[inline]
fn key(v: f64) -> i64 {
    let b = v.to_bits() as i64;
    b ^ ((((b >> 63) as u64) >> 1) as i64)
}

/// A sub-pilot smaller than this (values that are numbers) keeps the whole pilot.
const SMALL_SUB_PILOT: usize = 1_000;

/// A pilot kept in part: the first values of it (a sub-pilot) set, for each quantile, a
/// range (in [`f64::total_cmp`] order) wide enough to hold the pilot's window edges; the rest
/// of the pilot keeps only the values inside a range (those on the bad side, which CVaR sums
/// in trial order, in trial order; those equal to a range's edge, such as a point mass, only
/// counted), and counts those below each range. From that, [`PartialPilot::windows`] gives
/// exactly the windows [`Windows::from_pilot`] gives for the whole pilot, and what passing
/// the whole pilot through them collects, or `None` if an edge fell outside its range (the
/// caller then simulates the pilot again).
#[derive(Debug, Clone)]
pub struct PartialPilot {
    lower_is_worse: bool,
    lo: [i64; 5],
    hi: [i64; 5],
    /// The values kept, in trial order (NaN-free).
    values: Vec<f64>,
    /// The ranges' edges (outside the bad side): key, value, how many times seen.
    edges: Vec<(i64, f64, u64)>,
    /// Per range, the values not kept below it.
    unkept_below: [u64; 5],
    n: u64,
}

impl PartialPilot {
    /// From the sub-pilot `sub` (in trial order; NaN = undefined), for a pilot about
    /// `scale` times as large.
    pub fn new(sub: &[f64], scale: f64, lower_is_worse: bool) -> Self {
        let mut sorted: Vec<f64> = sub.iter().copied().filter(|v| !v.is_nan()).collect();
        let n0 = sorted.len();
        let (mut lo, mut hi) = ([i64::MIN; 5], [i64::MAX; 5]);
        let mut edges = Vec::new();
        if n0 >= SMALL_SUB_PILOT {
            let pilot = n0 as f64 * scale;
            let ranks = QUANTILES.map(|p| {
                let spread = p * (1.0 - p);
                // The pilot's window half-width, and the sub-pilot's sampling error.
                let d = 6.0 * (spread / pilot).sqrt() + 2.0 / pilot;
                let m = 5.0 * (spread / n0 as f64).sqrt() + 2.0 / n0 as f64;
                let top = (n0 - 1) as f64;
                let a = ((p - d - m) * top).floor();
                let b = ((p + d + m) * top).ceil();
                (
                    (a > 0.0).then_some(a as usize),
                    (b < top).then_some(b as usize),
                )
            });
            let mut wanted: Vec<usize> =
                ranks.iter().flat_map(|&(a, b)| [a, b]).flatten().collect();
            wanted.sort_unstable();
            wanted.dedup();
            select_ranks(&mut sorted, &wanted, 0);
            for (i, &(a, b)) in ranks.iter().enumerate() {
                if let Some(a) = a {
                    // -0.0 equals 0.0: a range starting at 0.0 takes -0.0 in as well.
                    let v = sorted[a];
                    lo[i] = key(if v == 0.0 { -0.0 } else { v });
                }
                if let Some(b) = b {
                    let v = sorted[b];
                    hi[i] = key(if v == 0.0 { 0.0 } else { v });
                }
            }
            // The bad side is kept whole (CVaR sums it in trial order).
            if lower_is_worse {
                lo[0] = i64::MIN;
            } else {
                hi[4] = i64::MAX;
            }
            // A range's edges are counted, not kept (a point mass often sits there); -0.0 and
            // 0.0 go together.
            for &k in lo.iter().chain(&hi) {
                let zero = k == key(0.0) || k == key(-0.0);
                let keys = if zero {
                    vec![key(-0.0), key(0.0)]
                } else {
                    vec![k]
                };
                for k in keys {
                    if k != i64::MIN
                        && k != i64::MAX
                        && !edges.iter().any(|e: &(i64, f64, u64)| e.0 == k)
                    {
                        edges.push((k, f64::NAN, 0));
                    }
                }
            }
        }
        let mut pilot = PartialPilot {
            lower_is_worse,
            lo,
            hi,
            values: Vec::new(),
            edges,
            unkept_below: [0; 5],
            n: 0,
        };
        for &v in sub {
            pilot.add(v);
        }
        // Room for what the rest of the pilot will keep at the sub-pilot's rate, with a
        // margin (a growing vector would hold up to twice that).
        let rate = pilot.values.len() as f64 / sub.len().max(1) as f64;
        let expected = (rate * 1.1 * sub.len() as f64 * (scale - 1.0)) as usize + 64;
        pilot.values.reserve_exact(expected);
        pilot
    }

    #[inline]
    pub fn add(&mut self, v: f64) {
        if v.is_nan() {
            return;
        }
        self.n += 1;
        let k = key(v);
        let mut inside = false;
        for (lo, hi) in self.lo.iter().zip(&self.hi) {
            inside |= *lo <= k && k <= *hi;
        }
        if !inside {
            for (below, lo) in self.unkept_below.iter_mut().zip(&self.lo) {
                *below += u64::from(k < *lo);
            }
            return;
        }
        // Strictly on the bad side of the CVaR range's inner edge: kept in trial order.
        // Otherwise an edge (all edges lie inside a range) is only counted.
        let tail = if self.lower_is_worse {
            k < self.hi[0]
        } else {
            k > self.lo[4]
        };
        if !tail {
            if let Some(e) = self.edges.iter_mut().find(|e| e.0 == k) {
                e.1 = v;
                e.2 += 1;
                return;
            }
        }
        self.values.push(v);
    }

    /// Values kept, for the memory tests.
    pub fn kept(&self) -> usize {
        self.values.len()
    }

    /// The windows of the whole pilot and what it collects through them, or `None` if an
    /// edge fell outside its range.
    pub fn windows(&self) -> Option<(Windows, Collected)> {
        let n = self.n as usize;
        let (mut lo, mut hi) = ([f64::NEG_INFINITY; 5], [f64::INFINITY; 5]);
        if n > 0 {
            for (i, &(a, b)) in pilot_bounds(n).iter().enumerate() {
                let (klo, khi) = (self.lo[i], self.hi[i]);
                let lo_rank = (a > 0.0).then_some(a as usize);
                let hi_rank = (b < (n - 1) as f64).then_some(b as usize);
                // An infinite edge takes in everything beyond the range: all must be kept.
                if (lo_rank.is_none() && klo != i64::MIN) || (hi_rank.is_none() && khi != i64::MAX)
                {
                    return None;
                }
                let mut below = self.unkept_below[i] as usize;
                let mut inside = Vec::new();
                for &v in &self.values {
                    let k = key(v);
                    if k < klo {
                        below += 1;
                    } else if k <= khi {
                        inside.push(v);
                    }
                }
                // The counted edges inside the range, in order, as runs.
                let mut runs: Vec<(i64, f64, u64)> = Vec::new();
                for &(k, v, c) in &self.edges {
                    if c == 0 {
                        continue;
                    }
                    if k < klo {
                        below += c as usize;
                    } else if k <= khi {
                        runs.push((k, v, c));
                    }
                }
                runs.sort_unstable_by_key(|r| r.0);
                if runs.is_empty() {
                    // Only the ranks wanted need to be in place.
                    let mut wanted: Vec<usize> = [lo_rank, hi_rank]
                        .into_iter()
                        .flatten()
                        .filter_map(|r| r.checked_sub(below).filter(|&l| l < inside.len()))
                        .collect();
                    wanted.sort_unstable();
                    wanted.dedup();
                    select_ranks(&mut inside, &wanted, 0);
                } else {
                    inside.sort_unstable_by(f64::total_cmp);
                }
                let size = inside.len() + runs.iter().map(|r| r.2 as usize).sum::<usize>();
                // The value at rank `r` of the range's values and runs merged.
                let at = |r: usize| -> Option<f64> {
                    let mut r = r.checked_sub(below).filter(|&l| l < size)?;
                    let mut next = 0;
                    for &(k, v, c) in &runs {
                        let before = inside[next..].partition_point(|&x| key(x) < k);
                        if r < before {
                            return Some(inside[next + r]);
                        }
                        r -= before;
                        next += before;
                        if r < c as usize {
                            return Some(v);
                        }
                        r -= c as usize;
                    }
                    inside.get(next + r).copied()
                };
                if let Some(r) = lo_rank {
                    lo[i] = at(r)?;
                }
                if let Some(r) = hi_rank {
                    hi[i] = at(r)?;
                }
            }
        }
        let w = Windows {
            lo,
            hi,
            lower_is_worse: self.lower_is_worse,
        };
        let mut c = Collected::default();
        for &v in &self.values {
            c.add(&w, v);
        }
        // The edges counted are never on the bad side of the CVaR edge: order does not
        // matter for them.
        for &(_, v, count) in &self.edges {
            for _ in 0..count {
                c.add(&w, v);
            }
        }
        for (win, &b) in c.windows.iter_mut().zip(&self.unkept_below) {
            win.below += b;
        }
        Some((w, c))
    }
}

/// The values of one window: those equal to its bounds are only counted (point masses,
/// such as a total loss at -1 or nothing paid, would otherwise fill memory), those strictly
/// inside are kept. A run's window may later be narrowed (see [`Collected::narrow`]) to cuts
/// inside it, compared in [`f64::total_cmp`] order: values beyond a cut are then only
/// counted (below) or dropped (above), and those equal to it counted.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Window {
    below: u64,
    at_lo: u64,
    strict: Vec<f64>,
    at_hi: u64,
    #[serde(skip)]
    cut_lo: Option<f64>,
    #[serde(skip)]
    at_cut_lo: u64,
    #[serde(skip)]
    cut_hi: Option<f64>,
    #[serde(skip)]
    at_cut_hi: u64,
}

/// A part of a window in ascending order: a run of one value, or the kept values.
#[derive(Clone, Copy)]
enum Part {
    /// A bound of the window, `n` times: as a product in CVaR's sum.
    Bound(f64, usize),
    /// A cut, `n` times: value by value in CVaR's sum (they were kept values).
    Cut(f64, usize),
    Strict,
}

impl Window {
    fn len(&self) -> usize {
        (self.at_lo + self.at_cut_lo + self.at_cut_hi + self.at_hi) as usize + self.strict.len()
    }

    /// The window's parts in ascending order.
    fn parts(&self, lo: f64, hi: f64) -> [Part; 5] {
        [
            Part::Bound(lo, self.at_lo as usize),
            Part::Cut(self.cut_lo.unwrap_or(lo), self.at_cut_lo as usize),
            Part::Strict,
            Part::Cut(self.cut_hi.unwrap_or(hi), self.at_cut_hi as usize),
            Part::Bound(hi, self.at_hi as usize),
        ]
    }

    /// The i-th smallest value in the window (`strict` sorted).
    fn get(&self, mut i: usize, lo: f64, hi: f64) -> f64 {
        for part in self.parts(lo, hi) {
            let (value, n) = match part {
                Part::Bound(v, n) | Part::Cut(v, n) => (v, n),
                Part::Strict => (f64::NAN, self.strict.len()),
            };
            if i < n {
                return if value.is_nan() {
                    self.strict[i]
                } else {
                    value
                };
            }
            i -= n;
        }
        hi
    }

    /// Adds a block's window (never narrowed) to this one, which may be.
    fn merge(&mut self, o: Window) {
        self.below += o.below;
        if self.cut_lo.is_some() {
            self.below += o.at_lo;
        } else {
            self.at_lo += o.at_lo;
        }
        if self.cut_hi.is_none() {
            self.at_hi += o.at_hi;
        }
        // Grown by an eighth at a time, not doubled: a run's windows hold most of what it
        // keeps.
        let room = self.strict.capacity() - self.strict.len();
        if room < o.strict.len() {
            self.strict
                .reserve_exact(o.strict.len().max(self.strict.len() / 8));
        }
        if self.cut_lo.is_none() && self.cut_hi.is_none() {
            self.strict.extend(o.strict);
            return;
        }
        let lo = self.cut_lo.map_or(i64::MIN, key);
        let hi = self.cut_hi.map_or(i64::MAX, key);
        for v in o.strict {
            let k = key(v);
            if k < lo {
                self.below += 1;
            } else if k == lo {
                self.at_cut_lo += 1;
            } else if k < hi {
                self.strict.push(v);
            } else if k == hi {
                self.at_cut_hi += 1;
            }
        }
    }

    /// Narrows the window to the values of ranks `from..=to` (of all the values), as far as
    /// they fall on kept values; not below on the bad side when `keep_low` and not above
    /// when `keep_high`.
    fn narrow(&mut self, from: f64, to: f64, keep_low: bool, keep_high: bool) {
        let first = (self.below + self.at_lo + self.at_cut_lo) as f64;
        let j = from - first;
        if !keep_low && j > 0.0 && j < self.strict.len() as f64 {
            let j = j as usize;
            let (_, &mut cut, _) = self.strict.select_nth_unstable_by(j, f64::total_cmp);
            let kc = key(cut);
            self.below += self.at_lo + self.at_cut_lo;
            self.at_lo = 0;
            self.at_cut_lo = 0;
            let (below, at) = (&mut self.below, &mut self.at_cut_lo);
            self.strict.retain(|&v| {
                let k = key(v);
                *below += u64::from(k < kc);
                *at += u64::from(k == kc);
                k > kc
            });
            self.cut_lo = Some(cut);
        }
        let first = (self.below + self.at_lo + self.at_cut_lo) as f64;
        let j = to - first;
        if !keep_high && j >= 0.0 && j < self.strict.len() as f64 - 1.0 {
            let j = j as usize;
            let (_, &mut cut, _) = self.strict.select_nth_unstable_by(j, f64::total_cmp);
            let kc = key(cut);
            self.at_hi = 0;
            self.at_cut_hi = 0;
            let at = &mut self.at_cut_hi;
            self.strict.retain(|&v| {
                let k = key(v);
                *at += u64::from(k == kc);
                k < kc
            });
            self.cut_hi = Some(cut);
        }
        self.strict.shrink_to_fit();
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
        // Below a window is counted without a branch (it is as likely as the quantile);
        // inside it is rare, and only then is the value placed.
        for ((win, &lo), &hi) in self.windows.iter_mut().zip(&w.lo).zip(&w.hi) {
            win.below += u64::from(v < lo);
            if v >= lo && v <= hi {
                if v == lo {
                    win.at_lo += 1;
                } else if v < hi {
                    win.strict.push(v);
                } else {
                    win.at_hi += 1;
                }
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
            mine.merge(theirs);
        }
        self.tail_n += o.tail_n;
        neumaier_add(&mut self.tail_sum, &mut self.tail_comp, o.tail_sum);
        neumaier_add(&mut self.tail_sum, &mut self.tail_comp, o.tail_comp);
    }

    /// Narrows each window (see [`Window::narrow`]) to ±6 sampling standard errors in rank
    /// around its quantile among the `n` values so far (those of the CVaR window on the bad
    /// side stay: CVaR sums them). Later values add up the same: what is dropped lies beyond
    /// ranks a run's quantiles reach but with vanishing probability (and if one does, the
    /// summary's rank check sends it to the exact second pass).
    pub fn narrow(&mut self, w: &Windows, n: u64) {
        if n == 0 {
            return;
        }
        for (i, (&p, win)) in QUANTILES.iter().zip(&mut self.windows).enumerate() {
            let centre = p * (n - 1) as f64;
            let half = 6.0 * (p * (1.0 - p) * n as f64).sqrt() + 2.0;
            win.narrow(
                (centre - half).floor(),
                (centre + half).ceil(),
                w.lower_is_worse && i == 0,
                !w.lower_is_worse && i == 4,
            );
        }
    }

    /// Values kept, for the memory tests.
    pub fn kept(&self) -> usize {
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
        let mut parts = win.parts(w.lo[t], w.hi[t]);
        if !w.lower_is_worse {
            parts.reverse();
        }
        let mut left = take;
        for part in parts {
            match part {
                Part::Bound(value, count) => {
                    let used = left.min(count);
                    if used > 0 {
                        neumaier_add(&mut sum, &mut comp, value * used as f64);
                    }
                    left -= used;
                }
                Part::Cut(value, count) => {
                    let used = left.min(count);
                    for _ in 0..used {
                        neumaier_add(&mut sum, &mut comp, value);
                    }
                    left -= used;
                }
                Part::Strict => {
                    let used = left.min(win.strict.len());
                    let strict: Box<dyn Iterator<Item = &f64>> = if w.lower_is_worse {
                        Box::new(win.strict.iter())
                    } else {
                        Box::new(win.strict.iter().rev())
                    };
                    for &v in strict.take(used) {
                        neumaier_add(&mut sum, &mut comp, v);
                    }
                    left -= used;
                }
            }
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

    type Pilot = (Windows, Summary);

    /// The windows and summary a whole pilot gives, and those a partial one gives.
    fn whole_and_partial(
        values: &[f64],
        pilot: usize,
        sub: usize,
        lower_is_worse: bool,
    ) -> Option<(Pilot, Pilot, usize)> {
        let m = moments(values);
        let mut clean: Vec<f64> = values[..pilot]
            .iter()
            .copied()
            .filter(|v| !v.is_nan())
            .collect();
        let w = Windows::from_pilot(&mut clean, lower_is_worse);
        let mut c = Collected::default();
        for &v in values {
            c.add(&w, v);
        }
        let whole = (w.clone(), c.finish(&w, &m)?);
        let mut p = PartialPilot::new(&values[..sub], (pilot / sub) as f64, lower_is_worse);
        for &v in &values[sub..pilot] {
            p.add(v);
        }
        let kept = p.kept();
        let (pw, mut pc) = p.windows()?;
        for &v in &values[pilot..] {
            pc.add(&pw, v);
        }
        let partial = (pw.clone(), pc.finish(&pw, &m)?);
        Some((whole, partial, kept))
    }

    fn bits(s: &Summary) -> Vec<u64> {
        [s.p05, s.p25, s.p50, s.p75, s.p95, s.cvar05]
            .map(f64::to_bits)
            .to_vec()
    }

    #[test]
    fn a_partial_pilot_gives_the_whole_pilots_windows_bit_for_bit() {
        let spread = |i: u64| ((i.wrapping_mul(2_654_435_761) % 1_000_003) as f64).sqrt();
        let cases: Vec<(&str, Vec<f64>)> = vec![
            ("continuous", (0..400_000u64).map(spread).collect()),
            (
                // Zeros of both signs (nothing paid) and total losses, then a spread.
                "point masses",
                (0..400_000u64)
                    .map(|i| match i % 10 {
                        0..=2 => 0.0,
                        3 => -0.0,
                        4 => -1.0,
                        _ => spread(i) - 500.0,
                    })
                    .collect(),
            ),
            (
                "mostly undefined",
                (0..400_000u64)
                    .map(|i| if i % 50 == 0 { spread(i) } else { f64::NAN })
                    .collect(),
            ),
            (
                "few values",
                (0..400_000u64).map(|i| (i % 7) as f64).collect(),
            ),
        ];
        for (name, values) in &cases {
            for lower_is_worse in [true, false] {
                let (whole, partial, kept) =
                    whole_and_partial(values, 160_000, 20_000, lower_is_worse)
                        .unwrap_or_else(|| panic!("{name}: a range missed its edge"));
                assert_eq!(whole.0, partial.0, "{name}");
                assert_eq!(bits(&whole.1), bits(&partial.1), "{name}");
                assert!(kept < 160_000 * 3 / 10, "{name}: keeps {kept}");
            }
        }
    }

    #[test]
    fn a_pilot_unlike_its_start_is_not_given_windows() {
        // The sub-pilot sees small values only: the pilot's edges lie beyond its ranges.
        let values: Vec<f64> = (0..100_000u64)
            .map(|i| {
                if i < 10_000 {
                    (i % 100) as f64
                } else {
                    1e6 + i as f64
                }
            })
            .collect();
        let mut p = PartialPilot::new(&values[..10_000], 10.0, true);
        for &v in &values[10_000..] {
            p.add(v);
        }
        assert!(p.windows().is_none());
    }

    /// Streams `values` in blocks of 4,096 after a pilot of the first 65,536 as a run does,
    /// narrowing the windows every `every` blocks (never if 0); the summary and the most
    /// values kept at once.
    fn streamed(values: &[f64], lower_is_worse: bool, every: usize) -> (Option<Summary>, usize) {
        let pilot = 65_536;
        let mut clean: Vec<f64> = values[..pilot].to_vec();
        let w = Windows::from_pilot(&mut clean, lower_is_worse);
        let mut acc = Collected::default();
        let mut m = Moments::default();
        for &v in &values[..pilot] {
            acc.add(&w, v);
            m.add(v);
        }
        let mut most = 0;
        for (b, block) in values[pilot..].chunks(4_096).enumerate() {
            let mut c = Collected::default();
            for &v in block {
                c.add(&w, v);
                m.add(v);
            }
            acc.merge(c);
            if every > 0 && (b + 1) % every == 0 {
                acc.narrow(&w, m.n);
            }
            most = most.max(acc.kept());
        }
        (acc.finish(&w, &m), most)
    }

    #[test]
    fn narrowed_windows_give_the_same_summary_bit_for_bit_in_less_memory() {
        let n = 2_000_000u64;
        let spread = |i: u64| ((i.wrapping_mul(2_654_435_761) % 1_000_003) as f64).sqrt();
        let continuous: Vec<f64> = (0..n).map(spread).collect();
        let masses: Vec<f64> = (0..n)
            .map(|i| match i % 8 {
                0 | 1 => 0.0,
                2 => -0.0,
                3 => -1.0,
                _ => spread(i) / 1e3,
            })
            .collect();
        for values in [&continuous, &masses] {
            for lower_is_worse in [true, false] {
                let (wide, wide_most) = streamed(values, lower_is_worse, 0);
                let (narrow, narrow_most) = streamed(values, lower_is_worse, 16);
                let (wide, narrow) = (wide.unwrap(), narrow.unwrap());
                assert_eq!(bits(&wide), bits(&narrow));
                assert!(
                    narrow_most * 2 < wide_most.max(1) || wide_most < 20_000,
                    "keeps {narrow_most} against {wide_most}"
                );
                // Memory: the windows keep a few multiples of sqrt(n) values, plus the bad
                // side of the CVaR window (a fixed share of the trials beyond the pilot's
                // edge), far below the share the pilot's windows alone would keep.
                assert!(narrow_most < 60_000, "keeps {narrow_most}");
            }
        }
    }

    #[test]
    fn a_rank_outside_a_narrowed_window_is_reported() {
        // Uniform values, then 3% of the later ones at 0.51: the median moves to 0.51,
        // inside the pilot's window but beyond the window narrowed on the first 131,072
        // values; the summary then asks for the exact second pass rather than guess.
        let values: Vec<f64> = (0..1_000_000u64)
            .map(|i| {
                let x = (i.wrapping_mul(2_654_435_761) % 1_000_003) as f64 / 1_000_003.0;
                if i >= 131_072 && i % 30 == 0 { 0.51 } else { x }
            })
            .collect();
        let (wide, _) = streamed(&values, true, 0);
        let (narrow, _) = streamed(&values, true, 16);
        assert_eq!(wide.expect("inside the pilot's windows").p50, 0.51);
        assert!(narrow.is_none());
    }
}
