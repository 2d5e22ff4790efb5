//! Investment returns from cash flows: IRR (with its traps detected), modified IRR, multiple,
//! NPV.
//!
//! # How [`irr`] finds the rate
//!
//! Flows are per period (index = period, negative = money in). A rate `r > -1` is a root
//! when `NPV(r) = Σ F_t (1 + r)^-t = 0`. Flows no larger than `1e-12` times the largest (or
//! than `1e-12`) are *tiny*: they count as zero in the signs of the flows, and the leading
//! and trailing ones are dropped, so that what remains runs from `F_0` to `F_n`, both
//! non-zero. Dropping zeros at either end changes no root; dropping tiny flows there ignores
//! the roots they alone create: a stake a trillionth of what comes back, say, whose IRR
//! (however large) is no return anyone invested for.
//!
//! * Only outflows: [`Irr::TotalLoss`]; only inflows, or nothing: [`Irr::NoRoot`].
//! * **One sign change** among the flows: by Descartes' rule of signs the NPV, a polynomial
//!   in `v = 1/(1+r)`, has exactly one root. `NPV(0) = Σ F_t` says on which side of 0 it
//!   lies (0 itself if the sum is within the tolerance below of `Σ |F_t|`), and a bracketed
//!   Newton search finds it: in `v` over `[0, 1]` for `r ≥ 0`, or in `x = 1 + r` over
//!   `[0, 1]` for `r ≤ 0`, where `x^n NPV` is a polynomial too. The ends of both brackets are
//!   exact (`NPV` at `v = 0` is `F_0`, `x^n NPV` at `x = 0` is `F_n`), so no rate, however
//!   extreme, is out of reach, and nothing overflows (`v, x ≤ 1`).
//! * **Several sign changes**: the roots are counted before any is solved, as below.
//!
//! ## Counting the roots
//!
//! Work in `s = ln(1 + r)`, which runs over the whole real line. *Reference points*
//! `s_1 < … < s_k` cut it into regions. At a reference rate `ρ`, with the flows discounted
//! to it, `G_t = F_t (1 + ρ)^-t`, `S_t = G_0 + … + G_t` and `u = (1 + ρ)/(1 + r)`:
//!
//! * `NPV(r)/(1 - u) = Σ_{t<n} S_t u^t + S_n u^n/(1 - u)` for `u` in (0, 1), a power series
//!   with coefficients `S_0, …, S_n, S_n, …`; by Descartes' rule for power series the number
//!   of roots above `ρ` (with multiplicity) is at most `A`, the sign changes of
//!   `S_0, …, S_n` (Norstrøm's criterion);
//! * the same in `1/u` bounds the roots below `ρ` by `B`, the sign changes of the sums taken
//!   from the end, `G_n, G_n + G_{n-1}, …, S_n`;
//! * `S_n` is the NPV at `ρ`, whose sign is certain unless it is within the tolerance below.
//!
//! With the signs of the NPV at the references and at the two ends (`F_n`'s as `r → -1`,
//! `F_0`'s as `r → ∞`), each region's number of roots has a known parity: odd where the signs
//! at its ends differ, so at least 1 root, and even where they agree, so at least 0. A count
//! `A` or `B` covers every region on one side of its reference; taking the others' minimum
//! (their parity) off it bounds each of them. A region bounded by 0 or 1 holds exactly its
//! parity, and a region with an odd parity and bound 1 holds one simple root. Once every
//! region is there, the number of roots is exact.
//!
//! The first reference is `r = 0`, where the sums are the plain cumulative cash of the
//! tranche. For the usual deals, profitable or loss-making, even with capital drawn between
//! receipts, the count is settled there (typically `A` = 1 and `B` = 0 for a profitable deal,
//! `A` = 0 and `B` = 1 for a loss), and one bracketed solve follows: O(n) in all. Otherwise
//! the regions bounded by 2 or more are refined, placing up to 48 references:
//!
//! * a region reaching `r = -1` or `r = ∞` is cut at a proven bound on the roots: Kioustelidis'
//!   bound `2 max (|a_k|/|a_d|)^(1/(d-k))`, over the coefficients `a_k` of the opposite sign to
//!   the leading one `a_d`, on the positive roots of the NPV in `v`, and of `x^n NPV` in `x`.
//!   Beyond the bound there is no root;
//! * a bounded region is tested whole, once, in `v` (above `r = 0`) or `x` (below), where it
//!   is an interval of half-width `h` around `c`: with `K` a bound on the third derivative of
//!   the polynomial `P` there (from the absolute values of its coefficients), Taylor's theorem
//!   shows no root if `|P(c)| > |P'(c)| h + |P''(c)| h²/2 + K h³/6`, and at most one if
//!   `|P'(c)| > |P''(c)| h + K h²/2`;
//! * otherwise it is cut in the middle (in `s`), and the counts at the new reference join in.
//!
//! Two regions of odd parity prove two roots at once: [`Irr::MultipleRoots`] is returned as
//! soon as they appear, without solving either.
//!
//! ## Rounding and tolerance
//!
//! A cumulative sum `S_t` carries a rounding error of about `n ε` times `Σ_{j≤t} |G_j|`, the
//! magnitudes summed into it; it is *uncertain* when it is within `max(1e-12, 4 (n + 2) ε)`
//! of that sum (the tolerance of the tiny flows, and always above rounding). An uncertain sum
//! could have either sign, so it is counted as whichever gives the most sign changes: one
//! between sums of opposite signs, two between sums of the same sign (ignoring it, as for an
//! exact zero, could miss two). The counts therefore stay upper bounds under rounding. A
//! reference whose NPV is uncertain is numerically a root: it is recorded as such (a *touch*)
//! and the reference is moved beside it.
//!
//! ## When counting cannot settle it
//!
//! Next to a double root (the NPV touching zero, or two roots closer than rounding can
//! separate) no count or test can succeed. Regions still bounded by 2 or more when the
//! references run out, or too narrow to cut, are scanned: 64 points evenly spaced in `s`,
//! clipped to the proven bounds, plus the touches recorded in them. Each sign change is one
//! root, and so is each run of points where the NPV is uncertain (whether it crosses or only
//! touches zero there); such a result is not certified. An exact double root, such as
//! `-1, 2, -1` at 0%, thus gives that rate.
//!
//! ## Guarantees
//!
//! * With several sign changes, a *certified* result (every region bounded by 0 or 1, or two
//!   regions of odd parity) is exact for the trimmed flows: the counts and tests allow for
//!   rounding, so no root is missed wherever it lies (there is no scan range), a
//!   [`Irr::Rate`] is the only root and a simple one, [`Irr::NoRoot`] means no real rate
//!   `r > -1` zeroes the NPV and [`Irr::MultipleRoots`] that two distinct ones do. Tiny flows
//!   inside the span are kept here; only the one-sign-change path ignores them (in counting
//!   the sign changes).
//! * Otherwise (near a double root) the answer is the scan's, within proven bounds, where two
//!   roots closer than 1/64 of a region that bisection has already narrowed could still be
//!   taken for none.
//! * A rate is solved to about `1e-14` relative in `v` or `x` (Newton stops when the error
//!   its last steps predict is below that).
//! * No allocation, and a bounded number of O(n) passes over the flows: in the common cases
//!   one for the counts at 0 (both sums at once) and one per Newton step (three or four
//!   usually); otherwise at most 48 references of one pass each (and a few probes more where
//!   a candidate is itself numerically a root), one test of one pass per region, and 64
//!   points per region left to the scan.

/// The internal rate of return of a series of cash flows, annualised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Irr {
    /// The unique rate at which the flows' NPV is zero.
    Rate(f64),
    /// Money went in and nothing came back: -100%.
    TotalLoss,
    /// No rate makes the NPV zero (e.g. every flow has the same sign).
    NoRoot,
    /// Several rates make the NPV zero: none of them is "the" IRR.
    MultipleRoots,
}

impl Irr {
    /// The rate to use in statistics: total loss is -1; undefined cases have none.
    pub fn value(self) -> Option<f64> {
        match self {
            Irr::Rate(r) => Some(r),
            Irr::TotalLoss => Some(-1.0),
            Irr::NoRoot | Irr::MultipleRoots => None,
        }
    }
}

/// Net present value of per-period flows at a per-period rate.
pub fn npv(flows: &[f64], rate: f64) -> f64 {
    let v = 1.0 / (1.0 + rate);
    flows.iter().rev().fold(0.0, |acc, &f| acc * v + f)
}

/// Annualised IRR of per-period flows (`periods_per_year` periods a year).
pub fn irr(flows: &[f64], periods_per_year: u32) -> Irr {
    let scale = flows.iter().map(|f| f.abs()).fold(0.0, f64::max);
    let tiny = 1e-12 * scale.max(1.0);
    let (mut neg, mut pos, mut changes, mut last_sign) = (false, false, 0, 0i8);
    let (mut first, mut last) = (0, 0);
    for (t, &f) in flows.iter().enumerate() {
        let sign = if f > tiny {
            1
        } else if f < -tiny {
            -1
        } else {
            0
        };
        if sign == 0 {
            continue;
        }
        if last_sign == 0 {
            first = t;
        } else if sign != last_sign {
            changes += 1;
        }
        last = t;
        neg |= sign < 0;
        pos |= sign > 0;
        last_sign = sign;
    }
    if neg && !pos {
        return Irr::TotalLoss;
    }
    if !(neg && pos) {
        return Irr::NoRoot;
    }
    let flows = &flows[first..=last];
    let roots = if changes == 1 {
        Roots::One(one_root(flows))
    } else {
        count_roots(flows).roots
    };
    match roots {
        Roots::None => Irr::NoRoot,
        Roots::One(r) => Irr::Rate((1.0 + r).powi(periods_per_year as i32) - 1.0),
        Roots::Several => Irr::MultipleRoots,
    }
}

/// The roots of the NPV of trimmed flows (both ends non-zero); a single one per period.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Roots {
    None,
    One(f64),
    Several,
}

/// What [`count_roots`] found, and whether the count is proven (see the module docs).
#[derive(Debug, Clone, Copy)]
struct Found {
    roots: Roots,
    // Read by the tests.
    #[cfg_attr(not(test), allow(dead_code))]
    certified: bool,
    /// The reference points placed.
    #[cfg_attr(not(test), allow(dead_code))]
    references: usize,
}

/// Relative tolerance of sums of `n + 1` terms: the tiny flows' `1e-12`, and always above
/// the rounding error of a sum (and of the powers in its terms).
fn tolerance(n: usize) -> f64 {
    (4.0 * (n as f64 + 2.0) * f64::EPSILON).max(1e-12)
}

/// The one root of trimmed flows with one sign change, per period.
fn one_root(flows: &[f64]) -> f64 {
    let n = flows.len() - 1;
    let (guess, received, paid) = first_guess(flows);
    // NPV(0) is their sum.
    let sum = received - paid;
    if sum.abs() <= tolerance(n) * (received + paid) {
        return 0.0;
    }
    // As r → ∞ the NPV tends to F_0, as r → -1 it has the sign of F_n: the root is above 0
    // when the sum's sign differs from F_0's.
    if (sum > 0.0) != (flows[0] > 0.0) {
        let signs = (sign_of(sum), sign_of(flows[0]));
        solve_between(flows, 0.0, f64::INFINITY, signs, guess)
    } else {
        let signs = (sign_of(flows[n]), sign_of(sum));
        solve_between(flows, f64::NEG_INFINITY, 0.0, signs, guess)
    }
}

fn sign_of(x: f64) -> i8 {
    if x > 0.0 { 1 } else { -1 }
}

/// A starting rate from the multiple and the money-weighted time between out- and inflows;
/// with the totals received and paid.
fn first_guess(flows: &[f64]) -> (f64, f64, f64) {
    let (mut out, mut inn, mut t_out, mut t_in) = (0.0, 0.0, 0.0, 0.0);
    for (t, &f) in flows.iter().enumerate() {
        if f < 0.0 {
            out -= f;
            t_out -= f * t as f64;
        } else {
            inn += f;
            t_in += f * t as f64;
        }
    }
    let span = (t_in / inn - t_out / out).max(1.0);
    let guess = ((inn / out).powf(1.0 / span) - 1.0).clamp(-0.9, 1.0);
    (guess, inn, out)
}

/// The variable a region's polynomial is taken in; both keep it within (0, 1] where the
/// region is (apart from regions straddling 0, which are tiny).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Var {
    /// `v = 1/(1+r) = e^-s`: the NPV itself, `Σ F_t v^t` (for `r ≥ 0`).
    Discount,
    /// `x = 1+r = e^s`: the NPV times `x^n`, `Σ F_t x^(n-t)` (for `r ≤ 0`).
    Growth,
}

impl Var {
    /// The variable for the region `(lo, hi)` in `s`: `v` above `r = 0`, `x` below, and for a
    /// (tiny) region around 0 the side most of it is on.
    fn for_region(lo: f64, hi: f64) -> Var {
        if hi == f64::INFINITY {
            Var::Discount
        } else if lo == f64::NEG_INFINITY || lo + hi < 0.0 {
            Var::Growth
        } else {
            Var::Discount
        }
    }

    /// The variable at `s` (infinite ends included).
    fn at(self, s: f64) -> f64 {
        // The ends of the first regions without a call to `exp`.
        if s == 0.0 {
            return 1.0;
        }
        if s.is_infinite() {
            return if (s > 0.0) == (self == Var::Discount) {
                0.0
            } else {
                f64::INFINITY
            };
        }
        match self {
            Var::Discount => (-s).exp(),
            Var::Growth => s.exp(),
        }
    }

    /// The per-period rate at `z`.
    fn rate(self, z: f64) -> f64 {
        match self {
            Var::Discount => (1.0 - z) / z,
            Var::Growth => z - 1.0,
        }
    }

    /// The polynomial and its derivative at `z`.
    #[inline]
    fn eval(self, flows: &[f64], z: f64) -> (f64, f64) {
        // Coefficients highest degree first, in pairs of an odd and an even degree; the top
        // one alone first when the degree n is even. Degree t is F_t in v, F_(n-t) in x.
        let odd_count = flows.len() % 2 == 1;
        match (self, odd_count) {
            (Var::Discount, true) => {
                let (top, rest) = flows.split_last().expect("flows are not empty");
                let pairs = rest.rchunks_exact(2).map(|c| (c[1], c[0]));
                horner_in_pairs(*top, pairs, z)
            }
            (Var::Discount, false) => {
                horner_in_pairs(0.0, flows.rchunks_exact(2).map(|c| (c[1], c[0])), z)
            }
            (Var::Growth, true) => {
                let (top, rest) = flows.split_first().expect("flows are not empty");
                horner_in_pairs(*top, rest.chunks_exact(2).map(|c| (c[0], c[1])), z)
            }
            (Var::Growth, false) => {
                horner_in_pairs(0.0, flows.chunks_exact(2).map(|c| (c[0], c[1])), z)
            }
        }
    }

    /// The polynomial at `z` and the sum of the magnitudes of its terms, `Σ |a_k| z^k`.
    fn value(self, flows: &[f64], z: f64) -> (f64, f64) {
        let step = |(p, size): (f64, f64), &c: &f64| (p * z + c, size * z + c.abs());
        match self {
            Var::Discount => flows.iter().rev().fold((0.0, 0.0), step),
            Var::Growth => flows.iter().fold((0.0, 0.0), step),
        }
    }
}

/// A polynomial of even degree `2m` and its derivative at `z`, given its top coefficient
/// and then pairs of coefficients (of degrees `2k - 1` and `2k - 2`, for `k` from `m` down).
///
/// `P(z) = E(z²) + z O(z²)`, with `E` and `O` (the even and odd degrees) each by Horner's
/// rule in `y = z²`: four short chains of dependent operations instead of two long ones,
/// which is what limits the speed. `P'(z) = 2z E'(y) + O(y) + 2y O'(y)`.
#[inline(always)]
fn horner_in_pairs(top: f64, pairs: impl Iterator<Item = (f64, f64)>, z: f64) -> (f64, f64) {
    let y = z * z;
    let (mut even, mut even_slope, mut odd, mut odd_slope) = (top, 0.0, 0.0, 0.0);
    for (o, e) in pairs {
        odd_slope = odd_slope * y + odd;
        odd = odd * y + o;
        even_slope = even_slope * y + even;
        even = even * y + e;
    }
    (
        even + z * odd,
        2.0 * z * even_slope + odd + 2.0 * y * odd_slope,
    )
}

/// The root per period in the region `(lo, hi)` of `s` (either end may be infinite) where
/// the NPV has the signs `(at lo, at hi)`, opposite, and a single root; from a guess (a rate
/// per period, used if it lies in the region).
fn solve_between(flows: &[f64], lo: f64, hi: f64, (sign_lo, sign_hi): (i8, i8), guess: f64) -> f64 {
    let var = Var::for_region(lo, hi);
    // z increases with s in `x`, decreases in `v`.
    match var {
        Var::Discount => solve(flows, var, var.at(hi), var.at(lo), sign_hi, guess),
        Var::Growth => solve(flows, var, var.at(lo), var.at(hi), sign_lo, guess),
    }
}

/// The root per period where the polynomial in `var` has a single one in `[a, b]`, and
/// `sign_a` at `a` (the other sign at `b`); from a guess as a rate per period.
fn solve(flows: &[f64], var: Var, a: f64, b: f64, sign_a: i8, guess: f64) -> f64 {
    let guess = match var {
        Var::Discount => 1.0 / (1.0 + guess),
        Var::Growth => 1.0 + guess,
    };
    var.rate(newton_bracketed(flows, var, a, b, sign_a, guess))
}

/// Newton's method on the polynomial in `var`, kept inside a bracket `[lo, hi]` where it
/// changes sign (`sign_at_lo` at `lo`, the opposite at `hi`), falling back to bisection
/// whenever a step would leave it.
fn newton_bracketed(flows: &[f64], var: Var, lo: f64, hi: f64, sign_at_lo: i8, guess: f64) -> f64 {
    let (mut a, mut b) = (lo, hi);
    let rising = sign_at_lo < 0;
    let mut z = if guess > a && guess < b {
        guess
    } else {
        0.5 * (a + b)
    };
    // The last Newton step relative to z (0 at first and after a bisection step: unknown).
    let mut previous = 0.0;
    for _ in 0..200 {
        let (p, slope) = var.eval(flows, z);
        if p == 0.0 {
            return z;
        }
        if (p > 0.0) == rising {
            b = z;
        } else {
            a = z;
        }
        let step = z - p / slope;
        if step > a && step < b {
            // Near a simple root Newton's error squares at each step, e' ≈ C e², and the
            // steps measure the errors: C ≈ relative / previous², so the error left after
            // this step is about relative³ / previous². Stop when that (or the step) is
            // negligible.
            let relative = ((step - z) / z).abs();
            if relative <= 1e-10 || relative.powi(3) <= 1e-14 * previous * previous {
                return step;
            }
            (z, previous) = (step, relative);
        } else {
            (z, previous) = (0.5 * (a + b), 0.0);
        }
        if b - a <= 4.0 * f64::EPSILON * b {
            return z;
        }
    }
    z
}

/// The most reference points [`count_roots`] places.
const MAX_REFS: usize = 48;
/// The most touches (references found to be numerically roots) remembered for the scan.
const MAX_TOUCHES: usize = 16;
/// Points per region in the fallback scan.
const SCAN_POINTS: usize = 64;
/// Regions narrower than this in `s` (relative to `1 + |s|`) are not cut further.
const MIN_WIDTH: f64 = 1e-9;
/// No cut is made at a bound beyond `|s| = 200` (`e^s` must stay well within range).
const S_LIMIT: f64 = 200.0;
/// No bound known on a region's roots.
const UNBOUNDED: u32 = u32::MAX;

/// The counts at one reference point `s = ln(1 + ρ)`.
#[derive(Debug, Clone, Copy)]
struct Probe {
    s: f64,
    /// The discount factor `e^-s = 1/(1 + ρ)`: the reference in `v`, and in `x` its inverse.
    w: f64,
    /// The sign of the NPV at `ρ` (certain).
    sign: i8,
    /// Bounds on the number of roots above and below `ρ`.
    above: u32,
    below: u32,
}

/// Norstrøm's counts at `s`, or where the NPV is within tolerance of zero, `|NPV|` relative
/// to the magnitudes of the discounted flows.
fn probe(flows: &[f64], s: f64, tolerance: f64) -> Result<Probe, f64> {
    // The flows discounted to ρ, G_t = F_t w^t with w = 1/(1+ρ), summed from the start; and
    // the same from the end, scaled by (1+ρ)^n (which changes no sign): F_t (1+ρ)^(n-t).
    let w = Var::Discount.at(s);
    let inverse = 1.0 / w;
    let mut above = CumulativeSigns::new(w, tolerance);
    let mut below = CumulativeSigns::new(inverse, tolerance);
    // Both in one pass (their additions are independent). The growing powers (w or 1/w
    // above 1) are scaled down with their sums every `block` terms, before they could
    // overflow: exactly, by a power of two, and no sign or comparison changes.
    const SHRINK: f64 = f64::from_bits((1023 - 300) << 52);
    let growth = w.max(inverse);
    let block = if growth > 1.0 {
        ((300.0 * std::f64::consts::LN_2 / growth.ln()) as usize).max(1)
    } else {
        flows.len()
    };
    for (start, end) in flows.chunks(block).zip(flows.rchunks(block)) {
        for (&f, &b) in start.iter().zip(end.iter().rev()) {
            above.add(f);
            below.add(b);
        }
        if w > 1.0 {
            above.scale(SHRINK);
        } else if inverse > 1.0 {
            below.scale(SHRINK);
        }
    }
    let (above, sign) = above.result()?;
    let (below, sign_back) = below.result()?;
    if sign != sign_back {
        return Err(0.0);
    }
    Ok(Probe {
        s,
        w,
        sign,
        above,
        below,
    })
}

/// The most sign changes the cumulative sums of `c_j q^j` can have, as they are added up: an
/// uncertain sum (within `tolerance` of the magnitudes summed into it) takes whichever sign
/// gives more.
struct CumulativeSigns {
    q: f64,
    tolerance: f64,
    sum: f64,
    /// The magnitudes of the terms summed.
    size: f64,
    power: f64,
    changes: u32,
    /// The sign of the last certain sum (once there is one, `started`), and whether
    /// uncertain sums followed it.
    positive: bool,
    started: bool,
    unsure: bool,
}

impl CumulativeSigns {
    fn new(q: f64, tolerance: f64) -> Self {
        CumulativeSigns {
            q,
            tolerance,
            sum: 0.0,
            size: 0.0,
            power: 1.0,
            changes: 0,
            positive: false,
            started: false,
            unsure: false,
        }
    }

    /// The number of sign changes and the last sum's sign; if that sum is uncertain, its size
    /// relative to its magnitudes.
    fn result(&self) -> Result<(u32, i8), f64> {
        if self.unsure || !self.started {
            return Err(self.sum.abs() / self.size);
        }
        Ok((self.changes, if self.positive { 1 } else { -1 }))
    }

    #[inline(always)]
    fn add(&mut self, c: f64) {
        let term = c * self.power;
        self.sum += term;
        self.size += term.abs();
        self.power *= self.q;
        let certain = self.sum.abs() > self.tolerance * self.size;
        let positive = self.sum > 0.0;
        // The usual case: a certain sum of the same sign as the last.
        if certain & self.started & !self.unsure & (positive == self.positive) {
            return;
        }
        if !certain {
            self.unsure = true;
            return;
        }
        self.changes += match (self.started, self.unsure) {
            (false, false) => 0,
            // Uncertain sums before the first certain one could all have the other sign.
            (false, true) => 1,
            (true, true) if positive == self.positive => 2,
            (true, _) => u32::from(positive != self.positive),
        };
        (self.positive, self.started, self.unsure) = (positive, true, false);
    }

    fn scale(&mut self, factor: f64) {
        self.sum *= factor;
        self.size *= factor;
        self.power *= factor;
    }
}

/// The reference points in increasing `s`, and what is known about the regions between
/// them: region `j` lies between references `j - 1` and `j` (region 0 reaches `r = -1`,
/// region `len` reaches `r = ∞`).
struct Refs {
    len: usize,
    probes: [Probe; MAX_REFS],
    /// Per region: a bound on its roots proven by a test of the whole region or by the
    /// bounds on all roots.
    proven: [u32; MAX_REFS + 1],
    /// Per region: whether the test of the whole region has been tried.
    tested: [bool; MAX_REFS + 1],
    /// Per region: whether no reference could be placed in it.
    stuck: [bool; MAX_REFS + 1],
    /// The NPV's sign as `r → -1` (that of `F_n`) and as `r → ∞` (that of `F_0`).
    sign_low: i8,
    sign_high: i8,
}

impl Refs {
    fn new(sign_low: i8, sign_high: i8) -> Self {
        let none = Probe {
            s: 0.0,
            w: 1.0,
            sign: 0,
            above: 0,
            below: 0,
        };
        Refs {
            len: 0,
            probes: [none; MAX_REFS],
            proven: [UNBOUNDED; MAX_REFS + 1],
            tested: [false; MAX_REFS + 1],
            stuck: [false; MAX_REFS + 1],
            sign_low,
            sign_high,
        }
    }

    fn lo(&self, j: usize) -> f64 {
        if j == 0 {
            f64::NEG_INFINITY
        } else {
            self.probes[j - 1].s
        }
    }

    fn hi(&self, j: usize) -> f64 {
        if j == self.len {
            f64::INFINITY
        } else {
            self.probes[j].s
        }
    }

    fn sign_lo(&self, j: usize) -> i8 {
        if j == 0 {
            self.sign_low
        } else {
            self.probes[j - 1].sign
        }
    }

    fn sign_hi(&self, j: usize) -> i8 {
        if j == self.len {
            self.sign_high
        } else {
            self.probes[j].sign
        }
    }

    /// 1 if region `j` holds an odd number of roots (at least one), else 0.
    fn parity(&self, j: usize) -> u32 {
        u32::from(self.sign_lo(j) != self.sign_hi(j))
    }

    fn odd_regions(&self) -> usize {
        self.parities()[..=self.len]
            .iter()
            .filter(|&&p| p == 1)
            .count()
    }

    /// Region `j` in its variable: `(var, a, b, sign at a)` with `0 ≤ a < b`.
    fn in_variable(&self, j: usize) -> (Var, f64, f64, i8) {
        let var = Var::for_region(self.lo(j), self.hi(j));
        // At a reference `v` is its discount factor `w` and `x = 1/w`; `v` is 0 at `r = ∞`,
        // `x` at `r = -1` (the only infinite ends each variable is used with).
        match var {
            Var::Discount => {
                let a = if j == self.len { 0.0 } else { self.probes[j].w };
                (var, a, self.probes[j - 1].w, self.sign_hi(j))
            }
            Var::Growth => {
                let a = if j == 0 {
                    0.0
                } else {
                    1.0 / self.probes[j - 1].w
                };
                (var, a, 1.0 / self.probes[j].w, self.sign_lo(j))
            }
        }
    }

    /// Places a reference in region `j`, which becomes regions `j` and `j + 1`.
    fn insert(&mut self, j: usize, probe: Probe) {
        debug_assert!(self.len < MAX_REFS && self.lo(j) < probe.s && probe.s < self.hi(j));
        self.probes.copy_within(j..self.len, j + 1);
        self.probes[j] = probe;
        self.proven.copy_within(j + 1..=self.len, j + 2);
        self.tested.copy_within(j + 1..=self.len, j + 2);
        self.stuck.copy_within(j + 1..=self.len, j + 2);
        for k in [j, j + 1] {
            self.proven[k] = UNBOUNDED;
            self.tested[k] = false;
            self.stuck[k] = false;
        }
        self.len += 1;
    }

    /// An upper bound on the number of roots in each region (see the module docs).
    ///
    /// Region `j` holds `parity(j)` roots plus an even excess. The count above reference `i`
    /// covers regions `i + 1..`, so the excess of each is at most `above_i` minus their
    /// parities; likewise below.
    // Region j and references j - 1, j: indices read best here.
    #[allow(clippy::needless_range_loop)]
    fn bounds(&self) -> [u32; MAX_REFS + 1] {
        let k = self.len;
        let parity = self.parities();
        let total: u32 = parity[..=k].iter().sum();
        let mut bound = [UNBOUNDED; MAX_REFS + 1];
        // Excess allowed by the counts above references 0..j (those below region j).
        let (mut excess, mut parities_up_to) = (UNBOUNDED, 0);
        for j in 0..=k {
            if j > 0 {
                let i = j - 1;
                parities_up_to += parity[i];
                // A count below its regions' parities would be a contradiction: unused.
                if let Some(e) = self.probes[i].above.checked_sub(total - parities_up_to) {
                    excess = excess.min(e);
                }
            }
            bound[j] = excess;
        }
        // Excess allowed by the counts below references j.. (those above region j).
        let mut excess = UNBOUNDED;
        let mut parities_up_to: u32 = total;
        for j in (0..=k).rev() {
            if j < k {
                // Regions 0..=j lie below reference j.
                if let Some(e) = self.probes[j].below.checked_sub(parities_up_to) {
                    excess = excess.min(e);
                }
            }
            let p = parity[j];
            parities_up_to -= p;
            bound[j] = p.saturating_add(bound[j].min(excess));
            // A proof that contradicts the parity would be a rounding accident: unused.
            if self.proven[j] >= p {
                bound[j] = bound[j].min(self.proven[j]);
            }
        }
        bound
    }

    /// Each region's parity (as [`Refs::parity`]).
    fn parities(&self) -> [u32; MAX_REFS + 1] {
        let mut parity = [0; MAX_REFS + 1];
        let mut sign = self.sign_low;
        for (p, probe) in parity.iter_mut().zip(&self.probes[..self.len]) {
            *p = u32::from(sign != probe.sign);
            sign = probe.sign;
        }
        parity[self.len] = u32::from(sign != self.sign_high);
        parity
    }
}

/// Counts the roots of trimmed flows with several sign changes, and solves a unique one
/// (per period); see the module docs.
fn count_roots(flows: &[f64]) -> Found {
    let n = flows.len() - 1;
    let tolerance = tolerance(n);
    let (sign_low, sign_high) = (sign_of(flows[n]), sign_of(flows[0]));
    let mut touches = Touches::default();
    // The count at r = 0 (plain cumulative cash) settles the usual deals at once: with both
    // counts at most 1, each side of 0 holds exactly its parity.
    let at_zero = probe(flows, 0.0, tolerance);
    match at_zero {
        Ok(p) if p.below <= 1 && p.above <= 1 => {
            let roots = match (sign_low != p.sign, p.sign != sign_high) {
                (false, false) => Roots::None,
                (true, false) => {
                    let signs = (sign_low, p.sign);
                    let guess = first_guess(flows).0;
                    Roots::One(solve_between(flows, f64::NEG_INFINITY, 0.0, signs, guess))
                }
                (false, true) => {
                    let signs = (p.sign, sign_high);
                    let guess = first_guess(flows).0;
                    Roots::One(solve_between(flows, 0.0, f64::INFINITY, signs, guess))
                }
                (true, true) => Roots::Several,
            };
            return Found {
                roots,
                certified: true,
                references: 1,
            };
        }
        Ok(_) => {}
        Err(nearness) => touches.add(0.0, nearness),
    }
    let mut refs = Refs::new(sign_low, sign_high);
    if let Ok(p) = at_zero {
        refs.insert(0, p);
    }
    let mut root_bounds = None;
    loop {
        if refs.odd_regions() >= 2 {
            return Found {
                roots: Roots::Several,
                certified: true,
                references: refs.len,
            };
        }
        let mut bound = refs.bounds();
        // Every bounded region the counts leave open is tested whole, once.
        let mut proved = false;
        for (j, &b) in bound.iter().enumerate().take(refs.len + 1) {
            let bounded = j > 0 && j < refs.len;
            if b >= 2 && bounded && !refs.tested[j] && !refs.stuck[j] {
                refs.tested[j] = true;
                let (var, a, b, _) = refs.in_variable(j);
                if let Some(b) = test_region(flows, var, a, b, tolerance) {
                    refs.proven[j] = b;
                    proved = true;
                }
            }
        }
        if proved {
            bound = refs.bounds();
        }
        let Some(j) = (0..=refs.len).find(|&j| bound[j] >= 2 && !refs.stuck[j]) else {
            break;
        };
        let (lo, hi) = (refs.lo(j), refs.hi(j));
        if refs.len == 0 {
            // r = 0 is (numerically) a root: the first reference goes beside it.
            let near_zero = [1e-6, -1e-6, 1e-4, -1e-4, 1e-2, -1e-2];
            place(&mut refs, &mut touches, flows, j, &near_zero, tolerance);
        } else if lo.is_finite() && hi.is_finite() {
            let width = hi - lo;
            if refs.len == MAX_REFS || width <= MIN_WIDTH * (1.0 + lo.abs().max(hi.abs())) {
                refs.stuck[j] = true;
                continue;
            }
            let mid = 0.5 * (lo + hi);
            let candidates = [mid, mid + 0.1 * width, mid - 0.1 * width, mid + 0.3 * width];
            place(&mut refs, &mut touches, flows, j, &candidates, tolerance);
        } else {
            // A region reaching r = -1 or r = ∞: cut it at the bound on all roots.
            let (s_min, s_max) = *root_bounds.get_or_insert_with(|| bounds_on_roots(flows));
            let (beyond, cut) = if hi.is_infinite() {
                (s_max <= lo, [s_max, s_max + 1.0])
            } else {
                (s_min >= hi, [s_min, s_min - 1.0])
            };
            if beyond {
                // Entirely beyond the bound: no root (a contradiction if its parity is odd).
                if refs.parity(j) == 0 {
                    refs.proven[j] = 0;
                } else {
                    refs.stuck[j] = true;
                }
                continue;
            }
            if refs.len == MAX_REFS || cut[0].abs() > S_LIMIT {
                refs.stuck[j] = true;
                continue;
            }
            if place(&mut refs, &mut touches, flows, j, &cut, tolerance) {
                // The new region beyond the cut.
                let outer = if hi.is_infinite() { j + 1 } else { j };
                refs.proven[outer] = 0;
            }
        }
    }
    let bound = refs.bounds();
    if (0..=refs.len).all(|j| bound[j] <= 1) {
        // Each odd region holds one simple root, the others none; one odd region at most.
        let roots = match (0..=refs.len).find(|&j| refs.parity(j) == 1) {
            None => Roots::None,
            Some(j) => {
                let (var, a, b, sign_a) = refs.in_variable(j);
                Roots::One(solve(flows, var, a, b, sign_a, first_guess(flows).0))
            }
        };
        return Found {
            roots,
            certified: true,
            references: refs.len,
        };
    }
    // Counting could not settle every region: scan those within the bounds on all roots.
    let (s_min, s_max) = *root_bounds.get_or_insert_with(|| bounds_on_roots(flows));
    let (mut count, mut first) = (0, None);
    for (j, &b) in bound.iter().enumerate().take(refs.len + 1) {
        let (found, at) = if b <= 1 {
            let p = refs.parity(j);
            (
                p,
                (p == 1).then(|| Root::Between(refs.lo(j), refs.hi(j), refs.sign_lo(j))),
            )
        } else {
            scan(flows, &refs, j, (s_min, s_max), &touches, tolerance)
        };
        if count == 0 {
            first = at;
        }
        count += found;
    }
    let roots = match (count, first) {
        (0, _) => Roots::None,
        (1, Some(Root::Between(lo, hi, sign_lo))) => {
            let guess = first_guess(flows).0;
            Roots::One(solve_between(flows, lo, hi, (sign_lo, -sign_lo), guess))
        }
        (1, Some(Root::At(s))) => Roots::One(s.exp_m1()),
        _ => Roots::Several,
    };
    Found {
        roots,
        certified: false,
        references: refs.len,
    }
}

/// Probes the candidates in turn and places the first that works as a reference in region
/// `j`; a candidate where the NPV is within tolerance of zero is a touch. If none works, the
/// region is stuck.
fn place(
    refs: &mut Refs,
    touches: &mut Touches,
    flows: &[f64],
    j: usize,
    candidates: &[f64],
    tolerance: f64,
) -> bool {
    let (lo, hi) = (refs.lo(j), refs.hi(j));
    for &s in candidates {
        if !(s > lo && s < hi) {
            continue;
        }
        match probe(flows, s, tolerance) {
            Ok(p) => {
                refs.insert(j, p);
                return true;
            }
            Err(nearness) => touches.add(s, nearness),
        }
    }
    refs.stuck[j] = true;
    false
}

/// Tests a region whole, `[a, b]` in `var` with `0 ≤ a`: `Some(0)` if it provably holds no
/// root, `Some(1)` if at most one, else `None`.
///
/// The region is `[c - h, c + h]`. With `M` the polynomial of the magnitudes of the
/// coefficients, `|P'''| ≤ M'''(b)` on `[0, b]`, so by Taylor's theorem, with `d = z - c`,
/// `P(z) = P(c) + P'(c) d + P''(c) d²/2 + R` with `|R| ≤ M'''(b) h³/6`, and
/// `P'(z) = P'(c) + P''(c) d + R'` with `|R'| ≤ M'''(b) h²/2`. No root if the first cannot
/// vanish, at most one if the second cannot. The rounding errors of the Taylor coefficients
/// at `c` are bounded as in the counts, by those of `M`.
fn test_region(flows: &[f64], var: Var, a: f64, b: f64, tolerance: f64) -> Option<u32> {
    let (c, h) = (0.5 * (a + b), 0.5 * (b - a));
    // One pass of repeated synthetic division: the Taylor coefficients of P at c to the
    // second (p0 = P(c), p1 = P'(c), p2 = P''(c)/2), and of M at b to the third
    // (m3 = M'''(b)/6).
    type Sums = (f64, f64, f64, f64, f64, f64, f64);
    let step = |(p0, p1, p2, m0, m1, m2, m3): Sums, &k: &f64| {
        (
            p0 * c + k,
            p1 * c + p0,
            p2 * c + p1,
            m0 * b + k.abs(),
            m1 * b + m0,
            m2 * b + m1,
            m3 * b + m2,
        )
    };
    let zero = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    let (p0, p1, p2, m0, m1, m2, m3) = match var {
        Var::Discount => flows.iter().rev().fold(zero, step),
        Var::Growth => flows.iter().fold(zero, step),
    };
    // Bounds on |P(c)|, |P'(c)|, |P''(c)|/2 from below and above (their rounding errors), and
    // a margin on the right-hand sides.
    let (value, slope) = (p0.abs() - tolerance * m0, p1.abs() - tolerance * m1);
    let (slope_max, bend) = (p1.abs() + tolerance * m1, p2.abs() + tolerance * m2);
    let margin = 1.0 + 1e-9;
    if value > margin * (slope_max * h + bend * h * h + m3 * h * h * h) {
        Some(0)
    } else if slope > margin * (2.0 * bend * h + 3.0 * m3 * h * h) {
        Some(1)
    } else {
        None
    }
}

/// Bounds `(s_min, s_max)` on `s = ln(1 + r)` of every root: Kioustelidis' bound `V` on the
/// positive roots of the NPV in `v = e^-s` (roots have `s > -ln V`) and `X` on those of
/// `x^n NPV` in `x = e^s` (roots have `s < ln X`), widened by `1e-6` against rounding.
fn bounds_on_roots(flows: &[f64]) -> (f64, f64) {
    let v = kioustelidis(flows.iter().rev());
    let x = kioustelidis(flows.iter());
    (-v.ln() - 1e-6, x.ln() + 1e-6)
}

/// Kioustelidis' bound on the positive roots of a polynomial, given highest degree first:
/// `2 max (|a_k| / |a_d|)^(1/(d-k))` over the `a_k` of the sign opposite to the leading
/// `a_d` (without such a coefficient there is no positive root: 0).
fn kioustelidis<'a>(coefficients: impl Iterator<Item = &'a f64>) -> f64 {
    let mut coefficients = coefficients.enumerate();
    let Some((_, &lead)) = coefficients.next() else {
        return 0.0;
    };
    let mut max = 0.0f64;
    for (gap, &c) in coefficients {
        let ratio = -c / lead;
        // A root is taken only of a ratio that raises the maximum.
        if ratio > 0.0 && ratio > max.powi(gap as i32) {
            max = ratio.powf(1.0 / gap as f64);
        }
    }
    2.0 * max
}

/// Points where a probe found the NPV within tolerance of zero, in increasing order, with
/// `|NPV|` relative to the magnitudes of the discounted flows.
#[derive(Default)]
struct Touches {
    len: usize,
    at: [(f64, f64); MAX_TOUCHES],
}

impl Touches {
    fn add(&mut self, s: f64, nearness: f64) {
        if self.len < MAX_TOUCHES {
            let i = self.at[..self.len].partition_point(|&(t, _)| t < s);
            self.at.copy_within(i..self.len, i + 1);
            self.at[i] = (s, nearness);
            self.len += 1;
        }
    }
}

/// Where a root found without solving lies.
#[derive(Debug, Clone, Copy)]
enum Root {
    /// In `(lo, hi)` of `s`, the only one there, with the NPV's sign at `lo` (the opposite at
    /// `hi`).
    Between(f64, f64, i8),
    /// At `s`, where the NPV is within tolerance of zero.
    At(f64),
}

/// The fallback scan of region `j` within the bounds on all roots: the number of roots found
/// and where the first is.
fn scan(
    flows: &[f64],
    refs: &Refs,
    j: usize,
    (s_min, s_max): (f64, f64),
    touches: &Touches,
    tolerance: f64,
) -> (u32, Option<Root>) {
    // Beyond the bounds there is no root: the signs at the region's ends hold up to them.
    let (a, b) = (refs.lo(j).max(s_min), refs.hi(j).min(s_max));
    if a >= b {
        return (0, None);
    }
    let mut walk = Walk {
        last_s: a,
        last_sign: refs.sign_lo(j),
        run: None,
        found: 0,
        first: None,
    };
    let mut touched = touches.at[..touches.len]
        .iter()
        .copied()
        .filter(|&(t, _)| t > a && t < b)
        .peekable();
    for k in 1..SCAN_POINTS {
        let s = a + (b - a) * (k as f64 / SCAN_POINTS as f64);
        while let Some((t, nearness)) = touched.next_if(|&(t, _)| t < s) {
            walk.unsure(t, nearness);
        }
        // v or x, whichever is at most 1 here.
        let var = if s >= 0.0 { Var::Discount } else { Var::Growth };
        let (p, size) = var.value(flows, var.at(s));
        if p.abs() <= tolerance * size {
            walk.unsure(s, p.abs() / size);
        } else {
            walk.sure(s, sign_of(p));
        }
    }
    for (t, nearness) in touched {
        walk.unsure(t, nearness);
    }
    walk.sure(b, refs.sign_hi(j));
    (walk.found, walk.first)
}

/// The scan's walk along a region: a sign change between two certain points is one root, and
/// so is a run of uncertain points, whether the signs around it differ or not.
struct Walk {
    last_s: f64,
    last_sign: i8,
    /// In a run of uncertain points: the one nearest zero, with `|NPV|` relative to its size.
    run: Option<(f64, f64)>,
    found: u32,
    first: Option<Root>,
}

impl Walk {
    fn unsure(&mut self, s: f64, nearness: f64) {
        if self.run.is_none_or(|(_, best)| nearness < best) {
            self.run = Some((s, nearness));
        }
    }

    fn sure(&mut self, s: f64, sign: i8) {
        let root = match self.run.take() {
            _ if sign != self.last_sign => Some(Root::Between(self.last_s, s, self.last_sign)),
            Some((at, _)) => Some(Root::At(at)),
            None => None,
        };
        if let Some(root) = root {
            self.found += 1;
            self.first.get_or_insert(root);
        }
        self.last_s = s;
        self.last_sign = sign;
    }
}

/// Modified IRR of per-period flows, annualised: the money put in is discounted at the
/// `finance_rate` and the money received compounded at the `reinvestment_rate` (both annual,
/// converted per period as `(1 + a)^(1 / periods_per_year) - 1`).
///
/// The span is the tranche's life, from its first non-zero flow to its last (flows within
/// `1e-12` of the largest count as zero, as in [`irr`]). Over a span of `N` periods,
/// `(FV of the receipts at its end / PV of the payments at its start)^(1/N) - 1` is the
/// per-period rate, then annualised like the IRR.
///
/// * Nothing went in (no negative flow): `None`.
/// * Money went in and nothing came back: `-1.0`.
/// * A span of 0 periods has a single non-zero flow, so it is one of the two cases above:
///   no rate over zero time is ever needed.
/// * A rate at or below -100% cannot compound: `None`.
///
/// `periods_per_year` is at least 1 (0 is taken as 1).
pub fn mirr(
    flows: &[f64],
    periods_per_year: u32,
    finance_rate: f64,
    reinvestment_rate: f64,
) -> Option<f64> {
    MirrRates::new(periods_per_year, finance_rate, reinvestment_rate)?.mirr(flows)
}

/// The rates of [`mirr`] turned into per-period growth factors once, for many series
/// (the engine's trials): `rates.mirr(flows)` equals `mirr(flows, ...)` bit for bit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MirrRates {
    ppy: f64,
    finance: f64,
    reinvest: f64,
}

impl MirrRates {
    /// `None` when a rate is at or below -100% (it cannot compound).
    pub fn new(periods_per_year: u32, finance_rate: f64, reinvestment_rate: f64) -> Option<Self> {
        if !(finance_rate > -1.0 && reinvestment_rate > -1.0) {
            return None;
        }
        let ppy = f64::from(periods_per_year.max(1));
        // Per-period growth factors.
        Some(MirrRates {
            ppy,
            finance: (1.0 + finance_rate).powf(1.0 / ppy),
            reinvest: (1.0 + reinvestment_rate).powf(1.0 / ppy),
        })
    }

    /// The MIRR of `flows` at these rates (see [`mirr`]).
    pub fn mirr(&self, flows: &[f64]) -> Option<f64> {
        let MirrRates {
            ppy,
            finance,
            reinvest,
        } = *self;
        mirr_with(flows, ppy, finance, reinvest)
    }
}

fn mirr_with(flows: &[f64], ppy: f64, finance: f64, reinvest: f64) -> Option<f64> {
    let scale = flows.iter().map(|f| f.abs()).fold(0.0, f64::max);
    let tiny = 1e-12 * scale.max(1.0);
    let first = flows.iter().position(|f| f.abs() > tiny)?;
    let last = flows.iter().rposition(|f| f.abs() > tiny)?;
    let (mut paid, mut received) = (0.0, 0.0);
    for (t, &f) in flows.iter().enumerate().take(last + 1).skip(first) {
        if f < -tiny {
            paid -= f * finance.powi(-((t - first) as i32));
        } else if f > tiny {
            received += f * reinvest.powi((last - t) as i32);
        }
    }
    if paid == 0.0 {
        return None;
    }
    if received == 0.0 {
        return Some(-1.0);
    }
    // Here there are flows of both signs, so last > first.
    let span = (last - first) as f64;
    Some((received / paid).powf(ppy / span) - 1.0)
}

/// Multiple on invested capital: received / invested (none if nothing was invested).
pub fn moic(invested: f64, received: f64) -> Option<f64> {
    (invested > 0.0).then(|| received / invested)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_sign_change_has_the_textbook_rate() {
        // -100 now, +110 in a year: 10%.
        assert!(matches!(irr(&[-100.0, 110.0], 1), Irr::Rate(r) if (r - 0.1).abs() < 1e-9));
        // Quarterly: -100 now, +110 in 4 quarters: 10% a year.
        let r = irr(&[-100.0, 0.0, 0.0, 0.0, 110.0], 4).value().unwrap();
        assert!((r - 0.1).abs() < 1e-9, "{r}");
    }

    #[test]
    fn traps_are_named() {
        assert_eq!(irr(&[-100.0, 0.0, 0.0], 1), Irr::TotalLoss);
        assert_eq!(irr(&[0.0, 0.0], 1), Irr::NoRoot);
        assert_eq!(irr(&[100.0, 50.0], 1), Irr::NoRoot);
        // -100, +230, -132: roots at 10% and 20%.
        assert_eq!(irr(&[-100.0, 230.0, -132.0], 1), Irr::MultipleRoots);
        // -100, +300, -250 has no real root.
        assert_eq!(irr(&[-100.0, 300.0, -250.0], 1), Irr::NoRoot);
    }

    #[test]
    fn slope_matches_a_finite_difference() {
        let flows = [
            -4_800_000.0,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            1_500_000.0,
            0.0,
            0.0,
            0.0,
            2_000_000.0,
            0.0,
            0.0,
            0.0,
            2_100_000.0,
        ];
        let dense = [-3.0, 1.0, 4.0, -1.0, 5.0, -9.0, 2.0, 6.0];
        // Odd and even numbers of flows: the evaluation pairs the coefficients.
        for flows in [&flows[..], &flows[1..], &dense[..], &dense[1..]] {
            for r in [-0.5, -0.01, 0.0, 0.013, 0.2, 3.0] {
                for var in [Var::Discount, Var::Growth] {
                    let z = var.at((1.0f64 + r).ln());
                    let (p, slope) = var.eval(flows, z);
                    // In v the polynomial is the NPV; in x, the NPV times x^n.
                    let npv_r = npv(flows, r);
                    let expected = match var {
                        Var::Discount => npv_r,
                        Var::Growth => npv_r * z.powi(flows.len() as i32 - 1),
                    };
                    let size = var.value(flows, z).1;
                    assert!(
                        (p - expected).abs() <= 1e-12 * size,
                        "{r}: {p} vs {expected}"
                    );
                    let h = 1e-6 * z;
                    let (above, _) = var.eval(flows, z + h);
                    let (below, _) = var.eval(flows, z - h);
                    let numeric = (above - below) / (2.0 * h);
                    assert!(
                        (slope - numeric).abs() <= 1e-6 * size / z,
                        "{r}: {slope} vs {numeric}"
                    );
                }
            }
        }
    }

    #[test]
    fn npv_at_the_irr_is_zero() {
        let flows = [
            -4_800_000.0,
            0.0,
            1_000_000.0,
            2_000_000.0,
            0.0,
            3_000_000.0,
        ];
        let Irr::Rate(annual) = irr(&flows, 4) else {
            panic!()
        };
        let quarterly = (1.0 + annual).powf(0.25) - 1.0;
        assert!(npv(&flows, quarterly).abs() < 1e-3);
    }

    /// |NPV| at a per-period rate relative to the magnitudes of the discounted flows,
    /// evaluated in `v` or `x` (whichever is at most 1) so that nothing overflows.
    fn relative_npv(flows: &[f64], r: f64) -> f64 {
        let var = if r >= 0.0 { Var::Discount } else { Var::Growth };
        let (p, size) = var.value(flows, var.at(r.ln_1p()));
        p.abs() / size
    }

    /// The per-period rate of a `Rate`, checked to zero the NPV.
    fn rate_of(flows: &[f64], ppy: u32) -> f64 {
        let Irr::Rate(annual) = irr(flows, ppy) else {
            panic!("{flows:?}: {:?}", irr(flows, ppy))
        };
        let r = (1.0 + annual).powf(1.0 / f64::from(ppy)) - 1.0;
        assert!(relative_npv(flows, r) < 1e-10, "{flows:?}: NPV at {r}");
        r
    }

    /// Flows whose NPV is `extra` (a polynomial in `v`, lowest degree first) times
    /// `Π ((1 + r_i) v - 1)`: roots at the per-period rates `r_i` and those of `extra`.
    fn with_roots(rates: &[f64], extra: &[f64]) -> Vec<f64> {
        let mut poly = extra.to_vec();
        for &r in rates {
            // Multiply by (1 + r) v - 1.
            let mut next = vec![0.0; poly.len() + 1];
            for (k, &c) in poly.iter().enumerate() {
                next[k] -= c;
                next[k + 1] += c * (1.0 + r);
            }
            poly = next;
        }
        poly
    }

    /// Flows with roots at the per-period `rates` (checked) are proven to have several.
    fn assert_several(flows: &[f64], rates: &[f64]) {
        for &r in rates {
            assert!(relative_npv(flows, r) < 1e-12, "{flows:?}: NPV at {r}");
        }
        assert_eq!(irr(flows, 1), Irr::MultipleRoots, "{flows:?}");
        let found = count_roots(flows);
        assert_eq!(found.roots, Roots::Several);
        assert!(found.certified, "{flows:?}");
    }

    #[test]
    fn two_roots_at_10_and_20_percent() {
        assert_several(&[-100.0, 230.0, -132.0], &[0.1, 0.2]);
    }

    #[test]
    fn roots_above_the_old_scan_are_found() {
        // Unique roots at 15 and 50 per period, times 1 - v + v² (no real root), so that
        // the flows change sign three times.
        for rate in [15.0, 50.0] {
            let flows = with_roots(&[rate], &[1.0, -1.0, 1.0]);
            assert_eq!(flows.len(), 4);
            let found = count_roots(&flows);
            assert!(found.certified, "{rate}");
            let r = rate_of(&flows, 1);
            assert!((r - rate).abs() < 1e-9 * rate, "{r} vs {rate}");
        }
        // Both roots up there: 15 and 50.
        assert_several(&with_roots(&[15.0, 50.0], &[1.0]), &[15.0, 50.0]);
        // And with one sign change, the bracket has no top end either.
        let r = rate_of(&[-1.0, 0.0, 0.0, 1e9], 1);
        assert!((r - 999.0).abs() < 1e-9 * 999.0, "{r}");
    }

    #[test]
    fn two_roots_in_one_cell_of_the_old_grid() {
        // The old grid of 401 rates was about 1.7 points apart near 10%.
        assert_several(&with_roots(&[0.1, 0.105], &[1.0]), &[0.1, 0.105]);
        // Closer still: 0.01 points apart.
        assert_several(&with_roots(&[0.1, 0.1001], &[1.0]), &[0.1, 0.1001]);
    }

    #[test]
    fn a_root_near_minus_99_percent() {
        // A single root at -99% per period, times 1 - v + v² for several sign changes.
        let flows = with_roots(&[-0.99], &[1.0, -1.0, 1.0]);
        assert!(count_roots(&flows).certified);
        let r = rate_of(&flows, 1);
        assert!((r + 0.99).abs() < 1e-12, "{r}");
        // Two roots, at -99% and -50%.
        assert_several(&with_roots(&[-0.99, -0.5], &[1.0]), &[-0.99, -0.5]);
        // One sign change: -99.9999% from a near-total loss.
        let r = rate_of(&[-1.0, 1e-6], 1);
        assert!((r + 0.999_999).abs() < 1e-12, "{r}");
    }

    /// Capital drawn as costs fall due over 32 quarters, between three outcome receipts and
    /// a final one (as in the benchmark).
    fn drawn_as_due(receipts: [f64; 4]) -> [f64; 32] {
        let mut flows = [0.0; 32];
        let draws = [
            (0, 500.0),
            (1, 350.0),
            (2, 300.0),
            (4, 300.0),
            (5, 250.0),
            (6, 250.0),
            (8, 200.0),
            (9, 200.0),
            (10, 200.0),
        ];
        for (t, d) in draws {
            flows[t] = -d;
        }
        for (t, r) in [3, 7, 11, 31].into_iter().zip(receipts) {
            flows[t] = r;
        }
        flows
    }

    #[test]
    fn draws_between_receipts_have_one_root_found_at_once() {
        let profitable = drawn_as_due([300.0, 600.0, 700.0, 1600.0]);
        let loss = drawn_as_due([200.0, 400.0, 500.0, 900.0]);
        for (flows, profit) in [(profitable, true), (loss, false)] {
            let found = count_roots(&flows);
            // Settled by the count at r = 0, without refining.
            assert!(found.certified);
            assert_eq!(found.references, 1);
            let r = rate_of(&flows, 4);
            assert_eq!(r > 0.0, profit, "{r}");
        }
        // Short interleaved flows, profitable and loss-making.
        for (flows, profit) in [
            (&[-100.0, -100.0, 250.0, -100.0, 100.0, 100.0][..], true),
            (&[-100.0, 120.0, -100.0, 50.0][..], false),
            (
                &[-1000.0, -500.0, 800.0, -300.0, 0.0, 900.0, 0.0, 400.0][..],
                true,
            ),
        ] {
            assert!(count_roots(flows).certified);
            assert_eq!(rate_of(flows, 1) > 0.0, profit, "{flows:?}");
        }
    }

    #[test]
    fn leading_and_trailing_zeros_change_nothing() {
        let core = [-100.0, 50.0, -20.0, 90.0, -10.0, 30.0];
        let padded = [
            0.0, 0.0, -100.0, 50.0, -20.0, 90.0, -10.0, 30.0, 0.0, 0.0, 0.0,
        ];
        let r = rate_of(&core, 1);
        // Leading zeros shift every flow, which changes no rate; trailing ones add nothing.
        assert!((rate_of(&padded, 1) - r).abs() < 1e-12);
        // Tiny flows at the ends are dropped like zeros.
        let noisy = [1e-13, -100.0, 50.0, -20.0, 90.0, -10.0, 30.0, -1e-13];
        assert!((irr(&noisy, 1).value().unwrap() - r).abs() < 1e-12);
    }

    #[test]
    fn cumulative_sums_touching_zero() {
        // Cumulative cash -100, 0, -50, 30: the zero could hide two sign changes, so the
        // count at 0 is 3, and a second reference settles it.
        let flows = [-100.0, 100.0, -50.0, 80.0];
        assert!(count_roots(&flows).certified);
        rate_of(&flows, 1);
        // The sums from the end touch zero: 900 ... 300, 0, -500.
        let mut flows = drawn_as_due([200.0, 400.0, 500.0, 900.0]);
        flows[1] = -300.0;
        assert!(count_roots(&flows).certified);
        assert!(rate_of(&flows, 4) < 0.0);
        // The total is zero: 0% is a root, and the only one.
        let flows = [-100.0, 50.0, -20.0, 70.0];
        let found = count_roots(&flows);
        assert!(found.certified);
        assert!(rate_of(&flows, 1).abs() < 1e-10);
        // A double root at 0%: the NPV, -(1 - v)², touches zero there. It is found by the
        // scan, as exactly as a double root can be (to about the square root of the
        // tolerance).
        let found = count_roots(&[-1.0, 2.0, -1.0]);
        assert!(!found.certified);
        assert!(matches!(found.roots, Roots::One(r) if r.abs() < 1e-6));
        assert!(matches!(irr(&[-1.0, 2.0, -1.0], 1), Irr::Rate(r) if r.abs() < 1e-6));
    }

    #[test]
    fn several_roots_are_found_without_solving_them() {
        // Three roots: -50%, 10% and 300% per period.
        assert_several(&with_roots(&[-0.5, 0.1, 3.0], &[1.0]), &[-0.5, 0.1, 3.0]);
        // No root at all, several sign changes: NPV = -(1 - v + v²)(1 + v²).
        let flows = with_roots(&[], &[-1.0, 1.0, -2.0, 1.0, -1.0]);
        let found = count_roots(&flows);
        assert_eq!(found.roots, Roots::None);
        assert!(found.certified);
    }

    /// A simple linear congruential generator: uniform in [0, 1).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// The brute-force reference: the number of roots and, if one, the root per period; `None`
    /// where a scan cannot tell.
    ///
    /// Flows have `|F_t| ≤ 1` and non-zero ends with `|F_0|, |F_n| ≥ 0.1`, so by Cauchy's
    /// bound every root has `v < 11` and `x = 1/v < 11`: each side of 0 is scanned in its
    /// own variable over `[1/11, 1]` on a grid of 2000 cells. A cell is settled when its ends'
    /// values rule out more roots than it shows: with `M_k` bounding the `k`-th derivative on
    /// `[0, 1]`, two zeros in a cell of width `w` would keep `|P| ≤ M_2 w²/2` at both ends
    /// (interpolation error), three zeros `|P| ≤ M_3 w³/6`. Unsettled cells are halved, 14
    /// times at most; after that the flows are ambiguous (a root pair or a touch within
    /// 1e-7) and left out. Roots are polished by bisection.
    fn reference(flows: &[f64]) -> Option<(u32, f64)> {
        let n = flows.len() - 1;
        let sum: f64 = flows.iter().sum();
        let (mut count, mut root) = (0, f64::NAN);
        for var in [Var::Discount, Var::Growth] {
            let coefficient = |k: usize| match var {
                Var::Discount => flows[k],
                Var::Growth => flows[n - k],
            };
            let (mut m2, mut m3) = (0.0, 0.0);
            for k in 0..=n {
                let (a, k) = (coefficient(k).abs(), k as f64);
                m2 += k * (k - 1.0) * a;
                m3 += k * (k - 1.0) * (k - 2.0) * a;
            }
            // The same value at z = 1 (r = 0) on both sides.
            let p = |z: f64| if z == 1.0 { sum } else { var.eval(flows, z).0 };
            let (lo, cells) = (1.0 / 11.0, 2000);
            let width = (1.0 - lo) / cells as f64;
            let mut stack = Vec::new();
            for i in 0..cells {
                let a = lo + width * i as f64;
                let b = if i + 1 == cells { 1.0 } else { a + width };
                stack.push((a, b, p(a), p(b), 0));
            }
            while let Some((a, b, pa, pb, depth)) = stack.pop() {
                let w = b - a;
                let far = pa.abs().max(pb.abs());
                let settled = if (pa > 0.0) != (pb > 0.0) {
                    far > m3 * w * w * w / 6.0
                } else {
                    far > m2 * w * w / 2.0
                };
                if !settled {
                    if depth == 14 {
                        return None;
                    }
                    let mid = 0.5 * (a + b);
                    let pm = p(mid);
                    stack.push((a, mid, pa, pm, depth + 1));
                    stack.push((mid, b, pm, pb, depth + 1));
                    continue;
                }
                if (pa > 0.0) != (pb > 0.0) {
                    count += 1;
                    let (mut a, mut b, mut pa) = (a, b, pa);
                    for _ in 0..100 {
                        let mid = 0.5 * (a + b);
                        let pm = p(mid);
                        if (pm > 0.0) == (pa > 0.0) {
                            (a, pa) = (mid, pm);
                        } else {
                            b = mid;
                        }
                    }
                    root = var.rate(0.5 * (a + b));
                }
            }
        }
        Some((count, root))
    }

    /// Random flows of 2 to 40 periods: half with random signs, half like a deal (draws
    /// early, interleaved with receipts, receipts later); zeros here and there; magnitudes in
    /// [0.1, 1] times a random scale, with non-zero ends.
    fn random_flows(rng: &mut Lcg) -> Vec<f64> {
        let periods = 2 + (rng.next() * 39.0) as usize;
        let deal = rng.next() < 0.5;
        let mut flows: Vec<f64> = (0..periods)
            .map(|t| {
                let u = rng.next();
                let sign = if deal && (t as f64) < 0.4 * periods as f64 {
                    if u < 0.7 {
                        -1.0
                    } else if u < 0.9 {
                        1.0
                    } else {
                        0.0
                    }
                } else if deal {
                    if u < 0.4 {
                        1.0
                    } else if u < 0.5 {
                        -1.0
                    } else {
                        0.0
                    }
                } else if u < 0.4 {
                    -1.0
                } else if u < 0.8 {
                    1.0
                } else {
                    0.0
                };
                sign * (0.1 + 0.9 * rng.next())
            })
            .collect();
        for end in [0, periods - 1] {
            if flows[end] == 0.0 {
                flows[end] = if rng.next() < 0.5 { -0.5 } else { 0.5 };
            }
        }
        flows
    }

    #[test]
    fn random_flows_agree_with_a_brute_force_reference() {
        let mut rng = Lcg(0x5eed_1bb1);
        let (mut compared, mut ambiguous, mut several, mut uncertified) = (0, 0, 0, 0);
        // Among flows with several sign changes: by the reference's number of roots (0, 1,
        // more), and the most references placed.
        let (mut kinds, mut most_references) = ([0; 3], 0);
        for case in 0..3000 {
            let flows = random_flows(&mut rng);
            let Some((count, root)) = reference(&flows) else {
                ambiguous += 1;
                continue;
            };
            compared += 1;
            let changes = flows
                .iter()
                .filter(|f| **f != 0.0)
                .collect::<Vec<_>>()
                .windows(2)
                .filter(|w| (*w[0] > 0.0) != (*w[1] > 0.0))
                .count();
            if changes >= 2 {
                several += 1;
                let found = count_roots(&flows);
                uncertified += usize::from(!found.certified);
                most_references = most_references.max(found.references);
                kinds[count.min(2) as usize] += 1;
            }
            // The IRR is scale-free.
            let scale = 10f64.powf(8.0 * rng.next() - 2.0);
            let scaled: Vec<f64> = flows.iter().map(|f| f * scale).collect();
            let got = irr(&scaled, 1);
            match (count, got) {
                (0, Irr::NoRoot) => {}
                (0, Irr::TotalLoss) => assert!(flows.iter().all(|&f| f <= 0.0)),
                (1, Irr::Rate(r)) => assert!(
                    (r.ln_1p() - root.ln_1p()).abs() < 1e-8,
                    "case {case}: {flows:?}: {r} vs {root}"
                ),
                (c, Irr::MultipleRoots) if c >= 2 => {}
                _ => panic!("case {case}: {flows:?}: {got:?}, reference {count} roots {root}"),
            }
        }
        eprintln!(
            "{compared} compared, {ambiguous} ambiguous; {several} with several sign changes \
             ({kinds:?} with 0, 1, more roots), {uncertified} of them uncertified, at most \
             {most_references} references"
        );
        assert!(compared >= 2900, "{compared}");
        // Every outcome is well represented, and counting settles nearly all.
        assert!(kinds.iter().all(|&k| k >= 300), "{kinds:?}");
        assert!(uncertified * 100 <= several, "{uncertified} of {several}");
    }

    #[test]
    fn mirr_matches_excel() {
        // Excel's MIRR example: 12.61%.
        let flows = [-120_000.0, 39_000.0, 30_000.0, 21_000.0, 37_000.0, 46_000.0];
        let m = mirr(&flows, 1, 0.10, 0.12).unwrap();
        assert!((m - 0.126_094_130_65).abs() < 1e-9, "{m}");
        // With no finance or reinvestment return: (total in / total out)^(1/5) - 1.
        let m = mirr(&flows, 1, 0.0, 0.0).unwrap();
        let expected = (173_000.0f64 / 120_000.0).powf(0.2) - 1.0;
        assert!((m - expected).abs() < 1e-12, "{m}");
    }

    #[test]
    fn mirr_spans_the_tranche_life_and_annualises() {
        // -100 then +121 two quarters later, no reinvestment return: 10% a quarter.
        let quarterly = 1.1f64.powi(4) - 1.0;
        let flows = [0.0, -100.0, 0.0, 121.0, 0.0, 0.0];
        let m = mirr(&flows, 4, 0.0, 0.0).unwrap();
        assert!((m - quarterly).abs() < 1e-12, "{m}");
        // Annual rates are converted per period: half-yearly, 21% a year is 10% a period, so
        // +50 after one period grows to 55 by the end: (121 / 100)^(1/2) = 1.1 a period.
        let flows = [-100.0, 50.0, 66.0];
        let m = mirr(&flows, 2, 0.0, 0.21).unwrap();
        let expected = 0.21;
        assert!((m - expected).abs() < 1e-12, "{m} vs {expected}");
        // A finance rate discounts later payments: -100 then -110 one year on at 10%.
        let flows = [-100.0, -110.0, 420.0];
        let m = mirr(&flows, 1, 0.10, 0.0).unwrap();
        let expected = (420.0f64 / 200.0).sqrt() - 1.0;
        assert!((m - expected).abs() < 1e-12, "{m} vs {expected}");
    }

    #[test]
    fn mirr_edge_cases() {
        // Money in, nothing back.
        assert_eq!(mirr(&[-100.0, 0.0, 0.0], 4, 0.05, 0.05), Some(-1.0));
        assert_eq!(mirr(&[-100.0, -50.0], 1, 0.05, 0.05), Some(-1.0));
        // Nothing in.
        assert_eq!(mirr(&[0.0, 100.0, 50.0], 1, 0.05, 0.05), None);
        assert_eq!(mirr(&[], 1, 0.05, 0.05), None);
        assert_eq!(mirr(&[0.0, 0.0], 1, 0.05, 0.05), None);
        // A span of 0 periods is a single flow: one of the two cases above.
        assert_eq!(mirr(&[0.0, -100.0, 0.0], 1, 0.05, 0.05), Some(-1.0));
        assert_eq!(mirr(&[0.0, 100.0], 1, 0.05, 0.05), None);
        // Money back with a loss, and rates that cannot compound.
        let m = mirr(&[-100.0, 0.0, 81.0], 1, 0.0, 0.0).unwrap();
        assert!((m + 0.1).abs() < 1e-12, "{m}");
        assert_eq!(mirr(&[-100.0, 110.0], 1, -1.0, 0.0), None);
        assert_eq!(mirr(&[-100.0, 110.0], 1, 0.0, f64::NAN), None);
    }
}
