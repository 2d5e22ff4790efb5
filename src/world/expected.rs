//! The expected world: every assumption at its mean, every count at its expectation.
//! `explain` settles it for its worked example, `stress --measured` for its fixed effects.

use crate::model::contract::{Contract, Design, MetricKind};
use crate::model::outcome::{self, INFLATION_MAX, INFLATION_MIN, MAX_CHANGE};
use crate::model::scenario::{Quantity, ReferralsAs, Scenario};

use super::{Measured, World, termination, treated_mean, true_counterfactual, variance};

/// The world at the scenario's expected values, with no early termination but one a
/// failed interim evaluation brings (`[termination] on_result`).
pub fn expected_world(c: &Contract, s: &Scenario) -> World {
    let mut w = World::empty(c);
    let ex = |q: &Quantity| q.expected(s);
    for (k, cohort) in c.cohorts.iter().enumerate() {
        let cw = &s.cohorts[k];
        let referred = match cw.referrals_as {
            ReferralsAs::Multiplier => ex(&cw.referrals) * f64::from(cohort.target),
            ReferralsAs::Volume => ex(&cw.referrals),
        };
        let delay = ex(&cw.delay).round().clamp(0.0, f64::from(c.deal.horizon)) as u32;
        w.delay[k] = delay;
        let h = w.horizon;
        cohort.spread(
            referred.min(f64::from(cohort.target)),
            delay,
            &mut w.enrolled[k * h..(k + 1) * h],
        );
    }
    for (m, metric) in c.metrics.iter().enumerate() {
        let mw = &s.metrics[m];
        let drift = ex(&mw.drift).clamp(-1.0, MAX_CHANGE);
        let true_cf = true_counterfactual(metric.kind, ex(&mw.baseline), drift);
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
                Design::Historical {
                    baseline,
                    trend_adjusted,
                } => (
                    0.0,
                    outcome::measured_baseline(metric.kind, *baseline, *trend_adjusted, drift),
                ),
                // A cohort-level figure is compared with one other figure.
                Design::Comparison { size, .. } => {
                    let n = if metric.kind == MetricKind::Cohort {
                        1.0
                    } else {
                        f64::from(*size)
                    };
                    (
                        n,
                        outcome::comparison_mean(
                            metric.kind,
                            true_cf,
                            ex(&mw.comparison_bias).clamp(-1.0, MAX_CHANGE),
                        ),
                    )
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
    w.overrun = ex(&s.overrun).clamp(-1.0, MAX_CHANGE);
    w.inflation = ex(&s.inflation).clamp(INFLATION_MIN, INFLATION_MAX);
    end_on_result(c, s, &mut w);
    if c.has_pathways() {
        // Everyone enrolled starts, less the expected drop-out; stages at their expectation.
        let h = w.horizon;
        let mut starters = vec![0.0; c.cohorts.len() * h];
        for k in 0..c.cohorts.len() {
            let stay = 1.0 - ex(&s.cohorts[k].dropout).clamp(0.0, 1.0);
            for t in 0..h {
                starters[k * h + t] = w.enrolled(k, t) * stay;
            }
        }
        let mut stages = super::pathway::StageWorld::default();
        stages.set(c, s, ex);
        stages.set_measurement(c, s, ex);
        super::pathway::realise(
            c,
            &stages,
            &starters,
            &mut super::pathway::Expected,
            true,
            &mut super::pathway::Scratch::default(),
            &mut w,
        );
    }
    w
}

/// A failed interim evaluation ends the expected case's contract if the payer must end
/// it, or if it may and is more likely than not to (the scenario's `exercise` at its mean).
pub fn end_on_result(c: &Contract, s: &Scenario, w: &mut World) {
    let Some(end) = termination::failed_evaluation(c, w) else {
        return;
    };
    let must = c
        .termination
        .as_ref()
        .and_then(|t| t.on_result.as_ref())
        .is_none_or(|o| o.must);
    if must || s.termination_exercise.expected(s) >= 0.5 {
        termination::end_enrolment(c, w, end);
    }
}
