//! Investment returns from cash flows: IRR (with its traps detected), multiple, NPV.

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
    for &f in flows {
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
        neg |= sign < 0;
        pos |= sign > 0;
        if last_sign != 0 && sign != last_sign {
            changes += 1;
        }
        last_sign = sign;
    }
    if neg && !pos {
        return Irr::TotalLoss;
    }
    if !(neg && pos) {
        return Irr::NoRoot;
    }
    let annualise = |r: f64| (1.0 + r).powi(periods_per_year as i32) - 1.0;
    // In v = 1/(1+r) the NPV is a polynomial; with one sign change it has exactly one
    // positive root (Descartes), so a safeguarded search over the whole range is safe.
    if changes == 1 {
        // Near r = -1 the last flow dominates, at large r the first: their signs bracket the
        // root without evaluating the ends.
        let first_sign = flows
            .iter()
            .find(|f| f.abs() > tiny)
            .map_or(0.0, |f| f.signum());
        return newton_bracketed(
            flows,
            -0.999_999,
            1e6,
            -first_sign,
            first_guess(flows),
            scale,
        )
        .map_or(Irr::NoRoot, |r| Irr::Rate(annualise(r)));
    }
    // Several sign changes: scan a grid of rates for sign changes of the NPV.
    let mut roots = 0;
    let mut found = f64::NAN;
    let grid = |i: usize| -0.99 + (i as f64 / 400.0).powi(2) * 10.99;
    let mut a = grid(0);
    let mut fa = npv(flows, a);
    for i in 1..=400 {
        let b = grid(i);
        let fb = npv(flows, b);
        if fa == 0.0 || fa.signum() != fb.signum() {
            if let Some(r) = newton_between(flows, a, b, 0.5 * (a + b), scale) {
                roots += 1;
                found = r;
            }
        }
        (a, fa) = (b, fb);
    }
    match roots {
        0 => Irr::NoRoot,
        1 => Irr::Rate(annualise(found)),
        _ => Irr::MultipleRoots,
    }
}

/// A starting rate from the multiple and the money-weighted time between out- and inflows.
fn first_guess(flows: &[f64]) -> f64 {
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
    ((inn / out).powf(1.0 / span) - 1.0).clamp(-0.9, 1.0)
}

/// NPV and its derivative with respect to the per-period rate, by Horner's rule.
#[inline]
fn npv_and_slope(flows: &[f64], rate: f64) -> (f64, f64) {
    let v = 1.0 / (1.0 + rate);
    let (mut p, mut dp) = (0.0, 0.0);
    for &f in flows.iter().rev() {
        dp = dp * v + p;
        p = p * v + f;
    }
    (p, -v * v * dp)
}

/// Newton's method kept inside a bracket [lo, hi] where the NPV changes sign, falling back
/// to bisection whenever a step would leave it.
fn newton_between(flows: &[f64], lo: f64, hi: f64, guess: f64, scale: f64) -> Option<f64> {
    let fa = npv(flows, lo);
    let fb = npv(flows, hi);
    if fa.is_nan() || fb.is_nan() || fa.signum() == fb.signum() {
        return None;
    }
    newton_bracketed(flows, lo, hi, fa.signum(), guess, scale)
}

/// As [`newton_between`], given the sign of the NPV at `lo` (the one at `hi` is opposite).
fn newton_bracketed(
    flows: &[f64],
    lo: f64,
    hi: f64,
    sign_at_lo: f64,
    guess: f64,
    scale: f64,
) -> Option<f64> {
    let eval = |r: f64| npv_and_slope(flows, r);
    let (mut a, mut b) = (lo, hi);
    let rising = sign_at_lo < 0.0;
    // |NPV| below a billionth of the largest flow: far inside any reporting precision.
    let tolerance = 1e-9 * scale.max(1.0);
    let mut r = if guess > a && guess < b {
        guess
    } else {
        0.5 * (a + b)
    };
    for _ in 0..200 {
        let (f, slope) = eval(r);
        if f.abs() < tolerance {
            return Some(r);
        }
        if (f > 0.0) == rising {
            b = r;
        } else {
            a = r;
        }
        let step = if slope != 0.0 {
            r - f / slope
        } else {
            f64::NAN
        };
        let next = if step > a && step < b {
            step
        } else {
            0.5 * (a + b)
        };
        if (next - r).abs() < 1e-15 * (1.0 + r.abs()) || (b - a) < 1e-15 {
            return Some(next);
        }
        r = next;
    }
    Some(r)
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
        for r in [-0.5, -0.01, 0.0, 0.013, 0.2, 3.0] {
            let (p, slope) = npv_and_slope(&flows, r);
            assert!((p - npv(&flows, r)).abs() <= 1e-6 * p.abs().max(1.0));
            let h = 1e-6 * (1.0 + r);
            let numeric = (npv(&flows, r + h) - npv(&flows, r - h)) / (2.0 * h);
            assert!(
                (slope - numeric).abs() <= 1e-4 * numeric.abs().max(1.0),
                "{r}: {slope} vs {numeric}"
            );
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
}
