//! Termination on results (`[termination] on_result`): the payer's decision at an interim
//! evaluation, read from the measured (noisy) results, never from the true effect.
//!
//! The order matters, because the decision depends on results and what follows it depends
//! on the decision: enrolment is realised, then every result; then the evaluation reads
//! the results of the cohorts it covers (whose participants all enrolled before it, so
//! the decision cannot change them); and, if the contract ends, nobody enrols after it
//! ([`end_enrolment`]). Settlement then stops what the contract stops after the end
//! (costs, and outcome payments unless `pay_enrolled`) and pays any compensation then.

use crate::model::contract::{Contract, EffectScale, MetricKind};

use super::{Pooled, World};

/// The period in which a failed interim evaluation ends the contract in this world, if it
/// does: the evaluation's period (`at`, or later where a result it reads was validated
/// later), when the measured effect, pooled over the cohorts it reads that took part, is
/// below the contract's level. `None` without such a term, when none of those cohorts
/// took part (there is no result to read), or when the evaluation would fall after the
/// deal's last period. Whether the payer must or only may act on it is the caller's.
pub fn failed_evaluation(c: &Contract, world: &World) -> Option<u32> {
    let o = c.termination.as_ref()?.on_result.as_ref()?;
    let (at, effect) = evaluation(c, world)?;
    (effect < o.below).then_some(at)
}

/// The interim evaluation of `[termination] on_result` in this world: its period and the
/// effect it measures, as [`failed_evaluation`] reads them; `None` where it has none.
pub fn evaluation(c: &Contract, world: &World) -> Option<(u32, f64)> {
    let o = c.termination.as_ref()?.on_result.as_ref()?;
    let metric = &c.metrics[o.metric];
    let took_part =
        |k: usize| world.enrolled_total(k) > 0.0 || world.result(o.metric, k).n_treated > 0.0;
    let validated = |k: usize| {
        metric
            .result_period(&c.cohorts[k])
            .saturating_add(world.delay[k])
            .saturating_add(world.validation_delay[o.metric * world.cohorts + k])
    };
    let last = o
        .cohorts
        .iter()
        .copied()
        .filter(|&k| took_part(k))
        .map(validated)
        .max()?;
    let at = o.at.max(last);
    if at as usize >= world.horizon {
        return None;
    }
    let pooled = Pooled::of(
        world,
        o.metric,
        o.cohorts.iter().copied().filter(|&k| took_part(k)),
    );
    Some((
        at,
        pooled.effect(metric.direction, o.scale == EffectScale::Relative),
    ))
}

/// Ends a simulated world's contract at `end` (a failed evaluation): nobody enrols after
/// it. A cohort cut short keeps the means it was measured at, on the participants who did
/// enrol: its group measured shrinks in proportion (whole people), so results are not
/// drawn again and the draws of every other cohort stay as they were.
pub fn end_enrolment(c: &Contract, world: &mut World, end: u32) {
    world.terminated_at = Some(world.terminated_at.map_or(end, |t| t.min(end)));
    let h = world.horizon;
    let from = (end as usize + 1).min(h);
    for k in 0..world.cohorts {
        let before = world.enrolled_total(k);
        world.enrolled[k * h + from..(k + 1) * h].fill(0.0);
        let after = world.enrolled_total(k);
        if before <= 0.0 || after >= before {
            continue;
        }
        let kept = after / before;
        for (m, metric) in c.metrics.iter().enumerate() {
            if !metric.cohorts.contains(&k) {
                continue;
            }
            let r = world.result_mut(m, k);
            r.n_treated = match metric.kind {
                MetricKind::Cohort if after > 0.0 => 1.0,
                MetricKind::Cohort => 0.0,
                _ => (r.n_treated * kept).round(),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::Measured;

    /// Cohort a joins in year 0 (result validated in year 1), cohort b over years 1 to 3;
    /// bed days to reduce against a baseline of 10; the evaluation in year 2 reads cohort a.
    const C: &str = r#"
[deal]
name = "t"
currency = "USD"
period = "year"
horizon = 8
[parties.city]
role = "payer"
[parties.fund]
role = "investor"
[parties.charity]
role = "provider"
[cohorts.a]
target = 100
enrol_from = 0
[cohorts.b]
target = 300
enrol_from = 1
enrol_to = 3
[metrics.days]
kind = "count"
direction = "reduce"
measured_at = 1
measurement = "historical"
baseline = 10
[rules.pay]
type = "per_improvement"
metric = "days"
price = 100
payer = "city"
[tranches.eq]
type = "equity"
investor = "fund"
amount = 1000
[termination]
on_result = { metric = "days", at = 2, below = 0.085 }
"#;

    fn world(c: &Contract, treated: f64) -> World {
        let mut w = World::empty(c);
        w.enrolled[0] = 100.0;
        for t in 1..=3 {
            w.enrolled[w.horizon + t] = 100.0;
        }
        for k in 0..2 {
            *w.result_mut(0, k) = Measured {
                n_treated: w.enrolled_total(k),
                treated_mean: treated,
                measured_counterfactual: 10.0,
                ..Measured::default()
            };
        }
        w
    }

    #[test]
    fn a_measured_effect_below_the_level_ends_the_contract_at_the_evaluation() {
        let c = crate::cashflow::tests::contract(C);
        let o = c.termination.as_ref().and_then(|t| t.on_result.as_ref());
        assert_eq!(
            o.map(|o| (o.cohorts.clone(), o.must)),
            Some((vec![0], true))
        );
        // 9 days against 10 is a 10% reduction, above 8.5%: the contract goes on.
        assert_eq!(failed_evaluation(&c, &world(&c, 9.0)), None);
        // 9.5 is 5%: it ends at the evaluation, year 2 (the result came in in year 1).
        assert_eq!(failed_evaluation(&c, &world(&c, 9.5)), Some(2));
        // Validated two years late (year 3), the evaluation waits for it.
        let mut w = world(&c, 9.5);
        w.validation_delay[0] = 2;
        assert_eq!(failed_evaluation(&c, &w), Some(3));
    }

    #[test]
    fn no_decision_without_a_result_or_after_the_deal() {
        let c = crate::cashflow::tests::contract(C);
        // Nobody in the cohort read: nothing to evaluate.
        assert_eq!(failed_evaluation(&c, &World::empty(&c)), None);
        // A result validated after the deal's last period moves the evaluation past it.
        let mut w = world(&c, 10.0);
        w.delay[0] = 7;
        assert_eq!(failed_evaluation(&c, &w), None);
    }

    #[test]
    fn ending_enrolment_shrinks_a_cohort_cut_short_and_keeps_its_mean() {
        let c = crate::cashflow::tests::contract(C);
        let mut w = world(&c, 9.5);
        end_enrolment(&c, &mut w, 2);
        assert_eq!(w.terminated_at, Some(2));
        // Cohort b enrolled 100 in each of years 1 and 2, none in year 3.
        assert_eq!(w.enrolled_total(1), 200.0);
        assert_eq!(w.result(0, 1).n_treated, 200.0);
        assert_eq!(w.result(0, 1).treated_mean, 9.5);
        // Cohort a, done before the end, is untouched.
        assert_eq!(w.result(0, 0).n_treated, 100.0);
    }
}
