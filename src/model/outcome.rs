//! The outcome rules every world shares: how the true counterfactual follows from a
//! baseline and its drift, how the treated mean follows from the counterfactual and the
//! effect, and the range a metric's kind allows. The expected, sampled and observed
//! worlds and the scenario's validation all use these, so they cannot disagree.

use crate::choices::{Direction, EffectScale, MetricKind};

/// The baseline moved by its drift, before it is kept within the metric's range.
pub fn drifted(baseline: f64, drift: f64) -> f64 {
    baseline * (1.0 + drift)
}

/// What the treated group would have achieved without the programme: the baseline moved
/// by its drift, kept within what the metric's kind allows.
pub fn true_counterfactual(kind: MetricKind, baseline: f64, drift: f64) -> f64 {
    within_kind(kind, drifted(baseline, drift))
}

/// The treated group's mean outcome from the counterfactual and the effect, before it is
/// kept within the metric's range: a relative effect scales the counterfactual, an
/// absolute one adds to it, in the metric's direction.
pub fn treated_unclamped(direction: Direction, scale: EffectScale, cf: f64, effect: f64) -> f64 {
    let sign = match direction {
        Direction::Increase => 1.0,
        Direction::Reduce => -1.0,
    };
    match scale {
        EffectScale::Relative => cf * (1.0 + sign * effect),
        EffectScale::Absolute => cf + sign * effect,
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
    within_kind(kind, treated_unclamped(direction, scale, cf, effect))
}

/// A mean outcome kept within what the metric's kind allows: a rate within 0 to 1, a
/// count or a cohort's figure not below 0.
pub fn within_kind(kind: MetricKind, x: f64) -> f64 {
    match kind {
        MetricKind::Binary => x.clamp(0.0, 1.0),
        MetricKind::Count | MetricKind::Cohort => x.max(0.0),
        MetricKind::Continuous => x,
    }
}

/// Whether a mean outcome lies outside what the metric's kind allows.
pub fn outside_kind(kind: MetricKind, x: f64) -> bool {
    x.is_finite() && within_kind(kind, x) != x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counterfactual_is_kept_within_the_kind() {
        assert_eq!(true_counterfactual(MetricKind::Binary, 0.8, 0.5), 1.0);
        assert_eq!(true_counterfactual(MetricKind::Count, 2.0, -1.5), 0.0);
        assert_eq!(true_counterfactual(MetricKind::Continuous, 2.0, -1.5), -1.0);
        assert!(outside_kind(MetricKind::Binary, 1.2));
        assert!(!outside_kind(MetricKind::Continuous, -3.0));
    }

    #[test]
    fn treated_mean_follows_direction_and_scale() {
        let r = treated_mean(
            MetricKind::Binary,
            Direction::Reduce,
            EffectScale::Relative,
            0.5,
            0.2,
        );
        assert!((r - 0.4).abs() < 1e-12);
        let a = treated_mean(
            MetricKind::Binary,
            Direction::Increase,
            EffectScale::Absolute,
            0.5,
            0.2,
        );
        assert!((a - 0.7).abs() < 1e-12);
        assert_eq!(
            treated_mean(
                MetricKind::Binary,
                Direction::Increase,
                EffectScale::Absolute,
                0.9,
                0.2
            ),
            1.0
        );
    }
}
