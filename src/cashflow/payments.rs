//! Payment rules: what one event of a rule pays before caps.

use crate::model::contract::*;

use super::schedule::{Event, Schedule};
use crate::world::{Pooled, World};

/// What a rule's event pays, before caps, and the cohorts it pays for.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Gross {
    pub amount: f64,
    /// The cohorts paid for, as a bit set (at most 64 cohorts in a contract).
    pub cohort_mask: u64,
}

/// The gross payment of one event. `already_paid(rule, cohort)` says whether a cohort was
/// paid by an earlier rule (for `unless_paid_by`); `switched(tranches)` whether the listed
/// tranches are repaid (for savings shares that switch).
pub fn gross(
    c: &Contract,
    s: &Schedule,
    world: &World,
    event: &Event,
    already_paid: impl Fn(usize, usize) -> bool,
    switched: impl Fn(&[usize]) -> bool,
) -> Gross {
    let rule = &c.rules[event.rule];
    // Cohorts this event pays for: those not already paid by the listed rules.
    let pays_for = |k: usize| !rule.unless_paid_by.iter().any(|&r| already_paid(r, k));
    let mask: u64 = event
        .cohorts
        .iter()
        .filter(|&&k| pays_for(k))
        .fold(0, |m, &k| m | (1 << k));
    let paid_cohorts = || {
        event
            .cohorts
            .iter()
            .copied()
            .filter(move |&k| mask & (1 << k) != 0)
    };
    let n_paid = paid_cohorts().count();
    if n_paid == 0 {
        return Gross::default();
    }
    let share_unpaid = n_paid as f64 / event.cohorts.len() as f64;
    // Positive improvement of each paid cohort, summed (a cohort that did worse pays nothing).
    let improved = |m: usize| -> f64 {
        let sign = match c.metrics[m].direction {
            Direction::Increase => 1.0,
            Direction::Reduce => -1.0,
        };
        paid_cohorts()
            .map(|k| {
                let r = world.result(m, k);
                (sign * r.n_treated * (r.treated_mean - r.measured_counterfactual)).max(0.0)
            })
            .sum()
    };
    let test = |m: usize| Pooled::of(world, m, event.cohorts.iter().copied());
    let significant = |m: usize, p: &Pooled| match s.z_critical[m] {
        None => true,
        Some(z) => p.significant_at(
            c.metrics[m].direction,
            z,
            design_effect(&c.metrics[m].design),
        ),
    };
    let pay = |pay: Pay, m: usize| match pay {
        Pay::LumpSum(x) => x * share_unpaid,
        Pay::Price(price) => price * improved(m),
    };
    let amount = match &rule.terms {
        Terms::RateCard { prices } => prices
            .iter()
            .filter(|&&(m, _)| m == event.metric)
            .map(|&(m, price)| {
                let metric = &c.metrics[m];
                price
                    * paid_cohorts()
                        .map(|k| {
                            Pooled::of(world, m, std::iter::once(k))
                                .achieved(metric.kind, metric.direction)
                        })
                        .sum::<f64>()
            })
            .sum(),
        Terms::PerImprovement { metric, price } => {
            if significant(*metric, &test(*metric)) {
                price * improved(*metric)
            } else {
                0.0
            }
        }
        Terms::PerEffect {
            metric,
            scale,
            price,
        } => {
            let p = test(*metric);
            let dir = c.metrics[*metric].direction;
            let units = match scale {
                EffectScale::Relative => 100.0 * p.effect(dir, true),
                EffectScale::Absolute => p.effect(dir, false),
            };
            if significant(*metric, &p) && units > 0.0 {
                price * units * share_unpaid
            } else {
                0.0
            }
        }
        Terms::Threshold {
            metric,
            scale,
            threshold,
            pay: how,
        } => {
            let p = test(*metric);
            let effect = p.effect(
                c.metrics[*metric].direction,
                *scale == EffectScale::Relative,
            );
            if effect >= *threshold && significant(*metric, &p) {
                pay(*how, *metric)
            } else {
                0.0
            }
        }
        Terms::Tiers {
            metric,
            scale,
            tiers,
        } => {
            let p = test(*metric);
            let effect = p.effect(
                c.metrics[*metric].direction,
                *scale == EffectScale::Relative,
            );
            let tier = tiers.iter().rev().find(|t| effect >= t.at_least);
            match tier {
                Some(t) if significant(*metric, &p) => pay(t.pay, *metric),
                _ => 0.0,
            }
        }
        Terms::SavingsShare {
            metric,
            share,
            switch,
            value_per_outcome,
        } => {
            let m = &c.metrics[*metric];
            let outcomes = if m.design.has_counterfactual() {
                if significant(*metric, &test(*metric)) {
                    improved(*metric)
                } else {
                    0.0
                }
            } else {
                paid_cohorts()
                    .map(|k| {
                        Pooled::of(world, *metric, std::iter::once(k)).achieved(m.kind, m.direction)
                    })
                    .sum()
            };
            let value = value_per_outcome.unwrap_or(world.savings[*metric]);
            let share = match switch {
                Some((after, tranches)) if switched(tranches) => *after,
                _ => *share,
            };
            share * value * outcomes
        }
    };
    Gross {
        amount: amount.max(0.0),
        cohort_mask: mask,
    }
}

fn design_effect(d: &Design) -> f64 {
    match d {
        Design::Comparison { design_effect, .. } | Design::Rct { design_effect, .. } => {
            *design_effect
        }
        _ => 1.0,
    }
}
