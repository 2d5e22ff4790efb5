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
    // positive root (Descartes), so a bracketing search is safe.
    if changes == 1 {
        return solve_between(flows, -0.999_999, 1e6, scale)
            .map_or(Irr::NoRoot, |r| Irr::Rate(annualise(r)));
    }
    // Several sign changes: scan a grid of rates for sign changes of the NPV.
    let grid: Vec<f64> = (0..=400)
        .map(|i| -0.99 + (i as f64 / 400.0).powi(2) * 10.99)
        .collect();
    let mut roots = Vec::new();
    for w in grid.windows(2) {
        let (a, b) = (npv(flows, w[0]), npv(flows, w[1]));
        if a == 0.0 || a.signum() != b.signum() {
            if let Some(r) = solve_between(flows, w[0], w[1], scale) {
                roots.push(r);
            }
        }
    }
    match roots.len() {
        0 => Irr::NoRoot,
        1 => Irr::Rate(annualise(roots[0])),
        _ => Irr::MultipleRoots,
    }
}

/// Bisection-safeguarded secant search for an NPV root between two per-period rates.
fn solve_between(flows: &[f64], lo: f64, hi: f64, scale: f64) -> Option<f64> {
    let (mut a, mut b) = (lo, hi);
    let (mut fa, fb) = (npv(flows, a), npv(flows, b));
    if fa.is_nan() || fb.is_nan() || fa.signum() == fb.signum() {
        return None;
    }
    let tolerance = 1e-13 * scale.max(1.0);
    for _ in 0..200 {
        let mid = 0.5 * (a + b);
        let fm = npv(flows, mid);
        if fm.abs() < tolerance || (b - a) < 1e-15 {
            return Some(mid);
        }
        if fm.signum() == fa.signum() {
            a = mid;
            fa = fm;
        } else {
            b = mid;
        }
    }
    Some(0.5 * (a + b))
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
