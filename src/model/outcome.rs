//! The outcome rules every world shares: how the true counterfactual follows from a
//! baseline and its drift, how the treated mean follows from the counterfactual and the
//! effect, how a comparison group's mean follows from its bias, and the range a metric's
//! kind allows. The expected and sampled worlds and the scenario's validation all use
//! these, so they cannot disagree (an observed world takes its means from the history).

use crate::choices::{Direction, EffectScale, MetricKind};

/// The largest relative change a scenario may give (an overrun, a drift, a comparison
/// group's bias): 500%. Larger draws are clamped to it, smaller than -100% to -100%.
pub const MAX_CHANGE: f64 = 5.0;

/// The range of annual inflation: draws of an assumption outside it are clamped.
pub const INFLATION_MIN: f64 = -0.5;
pub const INFLATION_MAX: f64 = 1.0;

/// The baseline moved by its drift, before it is kept within the metric's range.
pub fn drifted(baseline: f64, drift: f64) -> f64 {
    baseline * (1.0 + drift)
}

/// What the treated group would have achieved without the programme: the baseline moved
/// by its drift, kept within what the metric's kind allows.
pub fn true_counterfactual(kind: MetricKind, baseline: f64, drift: f64) -> f64 {
    within_kind(kind, drifted(baseline, drift))
}

/// The counterfactual a historical design measures against: the contract's baseline, or,
/// trend-adjusted, the baseline moved by the system-wide trend measured over the same
/// period. sibyl takes that trend as the scenario's drift measured without error (a
/// system-wide figure rests on far more people than a cohort), so a trend-adjusted
/// baseline follows the true counterfactual wherever the scenario's baseline is the
/// contract's.
pub fn measured_baseline(kind: MetricKind, baseline: f64, trend_adjusted: bool, trend: f64) -> f64 {
    if trend_adjusted {
        true_counterfactual(kind, baseline, trend)
    } else {
        baseline
    }
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

/// The comparison group's mean: the treated group's counterfactual moved by the group's
/// relative bias, kept within what the metric's kind allows.
pub fn comparison_mean(kind: MetricKind, cf: f64, bias: f64) -> f64 {
    within_kind(kind, cf * (1.0 + bias))
}

/// Whether a mean outcome lies outside what the metric's kind allows by more than
/// rounding (0.1 x 0.7 - 0.07 is -1.4e-17, not a negative rate).
pub fn outside_kind(kind: MetricKind, x: f64) -> bool {
    x.is_finite() && (within_kind(kind, x) - x).abs() > 1e-9 * x.abs().max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trend_adjusted_baseline_moves_with_the_trend_within_the_kind() {
        // 40 bed days, the system 5% lower: measured against 38; unadjusted, 40.
        assert_eq!(
            measured_baseline(MetricKind::Count, 40.0, true, -0.05),
            38.0
        );
        assert_eq!(
            measured_baseline(MetricKind::Count, 40.0, false, -0.05),
            40.0
        );
        // A rate of 0.8 up 50% is kept at 1.
        assert_eq!(measured_baseline(MetricKind::Binary, 0.8, true, 0.5), 1.0);
    }

    #[test]
    fn counterfactual_is_kept_within_the_kind() {
        assert_eq!(true_counterfactual(MetricKind::Binary, 0.8, 0.5), 1.0);
        assert_eq!(true_counterfactual(MetricKind::Count, 2.0, -1.5), 0.0);
        assert_eq!(true_counterfactual(MetricKind::Continuous, 2.0, -1.5), -1.0);
        assert!(outside_kind(MetricKind::Binary, 1.2));
        assert!(!outside_kind(MetricKind::Continuous, -3.0));
        // Rounding is not a rate outside 0 to 1.
        assert!(!outside_kind(MetricKind::Binary, 0.1 * 0.7 - 0.07));
        assert_eq!(comparison_mean(MetricKind::Binary, 0.9, 0.2), 1.0);
        assert!((comparison_mean(MetricKind::Count, 2.0, 0.1) - 2.2).abs() < 1e-12);
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
