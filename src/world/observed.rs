//! The observed world: a validated history as settlement reads it.

use crate::model::contract::Contract;
use crate::model::observed::History;

use super::{Measured, World, variance};

/// The world of a history. The truth is unknown in history, so the true counterfactual
/// and treated results are those measured; settlement reads only what was measured.
pub fn observed_world(c: &Contract, h: &History) -> World {
    let mut w = World::empty(c);
    w.enrolled.copy_from_slice(&h.enrolled);
    w.delay.copy_from_slice(&h.delay);
    w.validation_delay.copy_from_slice(&h.validation_delay);
    w.terminated_at = h.terminated_at;
    w.overrun = h.overrun;
    w.inflation = h.inflation;
    w.savings.copy_from_slice(&h.savings);
    if !h.claims.is_empty() {
        // A history gives counts by stage, not who reached which stages. Where the counts
        // fix what each person earns (one chain, each stage at one place), the cap per
        // participant applies exactly; elsewhere claims are paid at their price (and
        // validation warns).
        w.claims.copy_from_slice(&h.claims);
        for p in &c.pathways {
            let exact = p.counts_fix_earnings();
            for node in &p.nodes {
                let k = p.cohort;
                let each = if exact { node.earns } else { node.price };
                for t in 0..w.horizon {
                    let i = w.claim_index(node.metric, k, t);
                    w.claim_value[i] = w.claims[i] * each;
                }
            }
        }
    }
    for (m, metric) in c.metrics.iter().enumerate() {
        for k in 0..c.cohorts.len() {
            let Some(r) = h.results[m * c.cohorts.len() + k] else {
                continue;
            };
            *w.result_mut(m, k) = Measured {
                n_treated: r.n_treated,
                treated_mean: r.treated_mean,
                n_counterfactual: r.n_counterfactual,
                measured_counterfactual: r.counterfactual_mean,
                true_counterfactual: r.counterfactual_mean,
                true_treated: r.treated_mean,
                var_treated: variance(metric.kind, r.treated_mean, 1.0),
                var_counterfactual: variance(metric.kind, r.counterfactual_mean, 1.0),
            };
        }
    }
    // A failed interim evaluation the payer must act on ends the contract, if the history
    // records no earlier end; where it only may, the history's `terminated_at` says
    // whether it did.
    if let Some(end) = super::termination::failed_evaluation(c, &w) {
        let must = c
            .termination
            .as_ref()
            .and_then(|t| t.on_result.as_ref())
            .is_some_and(|o| o.must);
        if must {
            w.terminated_at = Some(w.terminated_at.map_or(end, |t| t.min(end)));
        }
    }
    w
}
