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
    /// Pathway claims: what the people claiming earn after the rule's per-person cap.
    pub per_person: Option<f64>,
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
    let n_paid = mask.count_ones() as usize;
    if n_paid == 0 {
        return Gross::default();
    }
    let e = Paid {
        c,
        s,
        world,
        event,
        mask,
        share_unpaid: n_paid as f64 / event.cohorts.len() as f64,
    };
    let amount = match &rule.terms {
        Terms::RateCard { prices } => e.rate_card(prices),
        Terms::PerImprovement { metric, price } => e.per_improvement(*metric, *price),
        Terms::PerEffect {
            metric,
            scale,
            price,
        } => e.per_effect(*metric, *scale, *price),
        Terms::Threshold {
            metric,
            scale,
            threshold,
            pay,
        } => e.threshold(*metric, *scale, *threshold, *pay),
        Terms::Tiers {
            metric,
            scale,
            tiers,
        } => e.tiers(*metric, *scale, tiers),
        Terms::SavingsShare {
            metric,
            share,
            switch,
            value_per_outcome,
            ..
        } => {
            let share = match switch {
                Some((after, tranches)) if switched(tranches) => *after,
                _ => *share,
            };
            e.savings_share(*metric, share, *value_per_outcome)
        }
    };
    let per_person = event.claimed.map(|t| {
        let k = event.cohorts[0];
        world.claim_value[world.claim_index(event.metric, k, t as usize)]
    });
    Gross {
        amount: amount.max(0.0),
        cohort_mask: mask,
        per_person,
    }
}

/// One event of a rule, for the cohorts it pays for (`mask`): what each kind of rule
/// measures and pays. The pooled significance test runs over all the event's cohorts;
/// amounts count the cohorts paid for.
struct Paid<'a> {
    c: &'a Contract,
    s: &'a Schedule,
    world: &'a World,
    event: &'a Event,
    mask: u64,
    /// The share of the event's cohorts paid for, which scales lump sums and effect prices.
    share_unpaid: f64,
}

impl Paid<'_> {
    fn paid_cohorts(&self) -> impl Iterator<Item = usize> + '_ {
        let mask = self.mask;
        self.event
            .cohorts
            .iter()
            .copied()
            .filter(move |&k| mask & (1 << k) != 0)
    }

    /// Positive improvement on the counterfactual of each paid cohort, summed (a cohort
    /// that did worse pays nothing).
    fn improved(&self, m: usize) -> f64 {
        let sign = match self.c.metrics[m].direction {
            Direction::Increase => 1.0,
            Direction::Reduce => -1.0,
        };
        self.paid_cohorts()
            .map(|k| {
                let r = self.world.result(m, k);
                (sign * r.n_treated * (r.treated_mean - r.measured_counterfactual)).max(0.0)
            })
            .sum()
    }

    /// Outcomes achieved by the paid cohorts, with no counterfactual.
    fn achieved(&self, m: usize) -> f64 {
        if let Some(t) = self.event.claimed {
            // A stage's claims: the people who reached it in the claim's period.
            return self
                .paid_cohorts()
                .map(|k| self.world.claims[self.world.claim_index(m, k, t as usize)])
                .sum();
        }
        let metric = &self.c.metrics[m];
        self.paid_cohorts()
            .map(|k| {
                Pooled::of(self.world, m, std::iter::once(k))
                    .achieved(metric.kind, metric.direction)
            })
            .sum()
    }

    /// The metric pooled over all the event's cohorts, for its effect and significance.
    fn pooled(&self, m: usize) -> Pooled {
        Pooled::of(self.world, m, self.event.cohorts.iter().copied())
    }

    /// Whether the pooled result clears the metric's significance test, if it has one.
    fn significant(&self, m: usize, p: &Pooled) -> bool {
        match self.s.z_critical[m] {
            None => true,
            Some(z) => p.significant_at(
                self.c.metrics[m].direction,
                z,
                design_effect(&self.c.metrics[m].design),
            ),
        }
    }

    fn effect(&self, m: usize, p: &Pooled, scale: EffectScale) -> f64 {
        p.effect(self.c.metrics[m].direction, scale == EffectScale::Relative)
    }

    fn pay(&self, pay: Pay, m: usize) -> f64 {
        match pay {
            Pay::LumpSum(x) => x * self.share_unpaid,
            Pay::Price(price) => price * self.improved(m),
        }
    }

    /// A price per outcome achieved, for the rate card's prices on this event's metric.
    fn rate_card(&self, prices: &[(usize, f64)]) -> f64 {
        prices
            .iter()
            .filter(|&&(m, _)| m == self.event.metric)
            .map(|&(m, price)| price * self.achieved(m))
            .sum()
    }

    fn per_improvement(&self, m: usize, price: f64) -> f64 {
        if self.significant(m, &self.pooled(m)) {
            price * self.improved(m)
        } else {
            0.0
        }
    }

    /// A price per percentage point (relative) or unit (absolute) of pooled effect.
    fn per_effect(&self, m: usize, scale: EffectScale, price: f64) -> f64 {
        let p = self.pooled(m);
        let effect = self.effect(m, &p, scale);
        let units = match scale {
            EffectScale::Relative => 100.0 * effect,
            EffectScale::Absolute => effect,
        };
        if self.significant(m, &p) && units > 0.0 {
            price * units * self.share_unpaid
        } else {
            0.0
        }
    }

    fn threshold(&self, m: usize, scale: EffectScale, threshold: f64, pay: Pay) -> f64 {
        let p = self.pooled(m);
        if self.effect(m, &p, scale) >= threshold && self.significant(m, &p) {
            self.pay(pay, m)
        } else {
            0.0
        }
    }

    /// The highest tier the pooled effect reaches.
    fn tiers(&self, m: usize, scale: EffectScale, tiers: &[Tier]) -> f64 {
        let p = self.pooled(m);
        let effect = self.effect(m, &p, scale);
        match tiers.iter().rev().find(|t| effect >= t.at_least) {
            Some(t) if self.significant(m, &p) => self.pay(t.pay, m),
            _ => 0.0,
        }
    }

    /// A share of the value of outcomes: improvements on the counterfactual where the
    /// design has one (and they are significant), else outcomes achieved.
    fn savings_share(&self, m: usize, share: f64, value_per_outcome: Option<f64>) -> f64 {
        let outcomes = if self.c.metrics[m].design.has_counterfactual() {
            if self.significant(m, &self.pooled(m)) {
                self.improved(m)
            } else {
                0.0
            }
        } else {
            self.achieved(m)
        };
        let value = value_per_outcome.unwrap_or(self.world.savings[m]);
        share * value * outcomes
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
