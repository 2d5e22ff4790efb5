//! The expected world: every assumption at its mean, every count at its expectation.
//! `explain` settles it for its worked example.

use crate::model::contract::{Contract, Design, Direction, MetricKind};
use crate::model::scenario::{EffectScale, ReferralsAs, Scenario};

use super::world::{Measured, World};

/// The world at the scenario's expected values, with no early termination.
pub fn expected_world(c: &Contract, s: &Scenario) -> World {
    let mut w = World::empty(c);
    let ex = |q: &crate::model::scenario::Quantity| q.expected(s);
    for (k, cohort) in c.cohorts.iter().enumerate() {
        let cw = &s.cohorts[k];
        let referred = match cw.referrals_as {
            ReferralsAs::Multiplier => ex(&cw.referrals) * f64::from(cohort.target),
            ReferralsAs::Volume => ex(&cw.referrals),
        };
        let delay = ex(&cw.delay).round().max(0.0) as u32;
        w.delay[k] = delay;
        enrol(
            &mut w,
            k,
            cohort,
            referred.min(f64::from(cohort.target)),
            delay,
        );
    }
    for (m, metric) in c.metrics.iter().enumerate() {
        let mw = &s.metrics[m];
        let true_cf = ex(&mw.baseline) * (1.0 + ex(&mw.drift));
        let treated = treated_mean(
            metric.kind,
            metric.direction,
            mw.effect_scale,
            true_cf,
            ex(&mw.effect),
        );
        let sd = ex(&mw.sd);
        for &k in &metric.cohorts {
            let enrolled = w.enrolled_total(k);
            let stayed = enrolled * (1.0 - ex(&s.cohorts[k].dropout).clamp(0.0, 1.0));
            // A cohort-level figure is one observation for the whole cohort.
            let n = match metric.kind {
                MetricKind::Cohort if enrolled > 0.0 => 1.0,
                MetricKind::Cohort => 0.0,
                _ => stayed,
            };
            let (n_cf, measured_cf) = match &metric.design {
                Design::None => (0.0, true_cf),
                Design::Historical { baseline } => (0.0, *baseline),
                // A cohort-level figure is compared with one other figure.
                Design::Comparison { size, .. } => {
                    let n = if metric.kind == MetricKind::Cohort {
                        1.0
                    } else {
                        f64::from(*size)
                    };
                    (n, true_cf * (1.0 + ex(&mw.comparison_bias)))
                }
                Design::Rct { size, .. } => (
                    if metric.kind == MetricKind::Cohort {
                        1.0
                    } else {
                        f64::from(*size)
                    },
                    true_cf,
                ),
            };
            *w.result_mut(m, k) = Measured {
                n_treated: n,
                treated_mean: treated,
                n_counterfactual: n_cf,
                measured_counterfactual: measured_cf,
                true_counterfactual: true_cf,
                true_treated: treated,
                var_treated: variance(metric.kind, treated, sd),
                var_counterfactual: variance(metric.kind, measured_cf, sd),
            };
        }
        w.savings[m] = mw.savings.as_ref().map_or(0.0, &ex);
    }
    w.overrun = ex(&s.overrun);
    w
}

/// Spreads `total` participants evenly over the cohort's (delayed) window, within capacity.
pub fn enrol(
    w: &mut World,
    k: usize,
    cohort: &crate::model::contract::Cohort,
    total: f64,
    delay: u32,
) {
    let periods = cohort.enrol_periods();
    let mut left = total;
    for i in 0..periods {
        let t = (cohort.enrol_from + delay + i) as usize;
        if t >= w.horizon || left <= 0.0 {
            break;
        }
        let mut n = left / f64::from(periods - i);
        if let Some(cap) = cohort.capacity {
            n = n.min(f64::from(cap));
        }
        w.enrolled[k * w.horizon + t] = n;
        left -= n;
    }
}

/// The treated group's mean outcome given the counterfactual and the effect.
pub fn treated_mean(
    kind: MetricKind,
    direction: Direction,
    scale: EffectScale,
    cf: f64,
    effect: f64,
) -> f64 {
    let sign = match direction {
        Direction::Increase => 1.0,
        Direction::Reduce => -1.0,
    };
    let x = match scale {
        EffectScale::Relative => cf * (1.0 + sign * effect),
        EffectScale::Absolute => cf + sign * effect,
    };
    match kind {
        MetricKind::Binary => x.clamp(0.0, 1.0),
        MetricKind::Count | MetricKind::Cohort => x.max(0.0),
        MetricKind::Continuous => x,
    }
}

/// Variance of one outcome with this mean.
pub fn variance(kind: MetricKind, mean: f64, sd: f64) -> f64 {
    match kind {
        MetricKind::Binary => mean * (1.0 - mean),
        MetricKind::Count => mean,
        MetricKind::Continuous => sd * sd,
        MetricKind::Cohort => (sd * mean).powi(2),
    }
}
