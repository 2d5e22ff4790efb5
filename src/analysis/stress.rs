//! The cases `sibyl stress` runs: the base scenario, its stress presets, and built-in shocks
//! every deal should be tested against (effect halved, referrals down 30%, six months'
//! delay, the payer ending the contract after year 2).

use indexmap::IndexMap;
use serde::Serialize;

use crate::cashflow::{self, Ledger};
use crate::engine::Model;
use crate::model::contract::{Contract, Period};
use crate::model::scenario::Scenario;
use crate::stats::{Estimate, Probability, Summary};
use crate::world::expected::expected_world;
use crate::world::{World, treated_mean};

use super::paired::Difference;
use super::{FileRef, Warning};

/// What `stress --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct StressReport {
    pub sibyl_version: &'static str,
    pub contract: FileRef,
    pub scenario: FileRef,
    pub seed: u64,
    pub trials: u64,
    /// The terms amounts are in: `nominal` (cash) or `real` (period-0 money).
    pub terms: crate::engine::Reporting,
    pub currency: String,
    /// The base case first.
    pub cases: Vec<CaseResult>,
    /// Each case against the base (`a` = 0), on common random numbers.
    pub differences: Vec<Difference>,
    /// What the contract does if the measured effect is exactly each of `--measured`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measured: Vec<MeasuredCase>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    pub id: String,
    pub kind: CaseKind,
    pub description: String,
    /// The description's parts, for a table in the reader's language (JSON keeps the
    /// English `description`).
    #[serde(skip)]
    pub about: About,
    pub metrics: IndexMap<String, Summary>,
    pub probabilities: IndexMap<String, Probability>,
    pub estimates: IndexMap<String, Estimate>,
    pub warnings: Vec<Warning>,
}

/// Where a case comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    Base,
    Preset,
    Shock,
}

/// What a case is, in parts a table says in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub enum About {
    /// The scenario as written.
    Base,
    /// A preset of the scenario, with its description if the scenario gives one.
    Preset(Option<String>),
    EffectHalved,
    ReferralsMinus30,
    /// Six months' delay: this many of the deal's periods; the cohorts whose results then
    /// come after the deal ends.
    Delay {
        periods: u32,
        period: Period,
        unpaid: Vec<String>,
    },
    /// The payer ends the contract after this period: at the end of year 2 exactly, or
    /// as soon as the contract allows after it.
    Terminated {
        end: u32,
        end_of_year_2: bool,
    },
}

/// One world to run the contract in.
#[derive(Debug, Clone)]
pub struct Case {
    pub id: String,
    pub kind: CaseKind,
    pub description: String,
    pub about: About,
    pub scenario: Scenario,
}

/// The built-in shocks' ids, for suggestions.
pub const SHOCKS: [&str; 4] = [
    "effect_halved",
    "referrals_minus_30",
    "delay_6_months",
    "terminated_after_year_2",
];

/// The base case, then the given presets (indices into the scenario's), then the shocks
/// (those that apply to the deal).
pub fn cases(c: &Contract, s: &Scenario, presets: &[usize], shocks: bool) -> Vec<Case> {
    let mut out = vec![Case {
        id: "base".into(),
        kind: CaseKind::Base,
        description: "the scenario as written".into(),
        about: About::Base,
        scenario: s.clone(),
    }];
    for &i in presets {
        let p = &s.stresses[i];
        out.push(Case {
            id: p.id.clone(),
            kind: CaseKind::Preset,
            description: p
                .description
                .clone()
                .unwrap_or_else(|| "a stress preset of the scenario".into()),
            about: About::Preset(p.description.clone()),
            scenario: s.with_stress(i),
        });
    }
    if shocks {
        out.extend(built_in(c, s));
    }
    out
}

fn built_in(c: &Contract, s: &Scenario) -> Vec<Case> {
    let mut out = Vec::new();
    let shock = |id: &str, description: String, about: About, scenario: Scenario| Case {
        id: id.into(),
        kind: CaseKind::Shock,
        description,
        about,
        scenario,
    };
    out.push(shock(
        "effect_halved",
        "the true effect on every metric is half the scenario's".into(),
        About::EffectHalved,
        effect_halved(s),
    ));
    out.push(shock(
        "referrals_minus_30",
        "30% fewer referrals to every cohort".into(),
        About::ReferralsMinus30,
        referrals_scaled(s, 0.7),
    ));
    let (periods, noun) = six_months(c.deal.period);
    let late = delayed(s, periods);
    let unpaid = unpaid_when_late(c, &late);
    let unpaid_note = if unpaid.is_empty() {
        String::new()
    } else {
        format!(
            "; the results of {} then come after the deal ends and are never paid",
            unpaid.join(", ")
        )
    };
    out.push(shock(
        "delay_6_months",
        format!("every cohort starts six months late ({periods} {noun}){unpaid_note}"),
        About::Delay {
            periods,
            period: c.deal.period,
            unpaid,
        },
        late,
    ));
    // The last period of year 2, or the first the contract lets the payer end it in.
    let end = (2 * c.deal.period.per_year() - 1).max(c.termination.as_ref().map_or(0, |t| t.from));
    if end + 1 < c.deal.horizon {
        let mut t = s.clone();
        t.terminate_by = Some(end);
        let end_of_year_2 = end + 1 == 2 * c.deal.period.per_year();
        let when = if end_of_year_2 {
            format!("at the end of year 2 (period {end} is the last)")
        } else {
            format!("as soon as the contract allows after year 2 (period {end} is the last)")
        };
        out.push(shock(
            "terminated_after_year_2",
            format!("the payer ends the contract {when}"),
            About::Terminated { end, end_of_year_2 },
            t,
        ));
    }
    out
}

/// Cohorts whose last result falls after the deal's end once delayed (expected delays).
fn unpaid_when_late(c: &Contract, s: &Scenario) -> Vec<String> {
    c.cohorts
        .iter()
        .enumerate()
        .filter(|(k, cohort)| {
            let last = c
                .metrics
                .iter()
                .filter(|m| m.cohorts.contains(k))
                .map(|m| m.result_period(cohort))
                .max()
                .unwrap_or(cohort.enrol_to);
            let delay = s.cohorts[*k].delay.expected(s).round().max(0.0);
            f64::from(last) + delay >= f64::from(c.deal.horizon)
        })
        .map(|(_, cohort)| cohort.id.clone())
        .collect()
}

/// What the contract does if every metric's measured effect is exactly `effect` (in the
/// scenario's effect units: relative for rates and counts unless it says otherwise), in the
/// scenario's expected world, settled through the same code as every trial.
#[derive(Debug, Clone, Serialize)]
pub struct MeasuredCase {
    pub effect: f64,
    /// Every metric of `run` for this one world (`null` where undefined).
    pub metrics: IndexMap<String, f64>,
    pub probabilities: IndexMap<String, bool>,
}

pub fn measured_case(model: &Model, effect: f64) -> MeasuredCase {
    let (c, s) = (model.contract, model.scenario);
    let world = measured_world(c, s, effect);
    let mut ledger = Ledger::new(c, &model.schedule);
    cashflow::settle(c, &model.schedule, &world, &mut ledger);
    let mut exact_world = World::empty(c);
    world.measured_exactly(&mut exact_world);
    let mut exact = Ledger::new(c, &model.schedule);
    cashflow::settle(c, &model.schedule, &exact_world, &mut exact);
    let mut values = vec![0.0; model.metrics.metrics.len()];
    let mut flags = vec![false; model.metrics.events.len()];
    let mut inputs = vec![0.0; model.metrics.inputs.len()];
    model.metrics.record(
        c,
        &model.schedule,
        &world,
        &ledger,
        Some(&exact),
        &mut values,
        &mut flags,
        &mut inputs,
        &mut crate::engine::metrics::Buffers::new(model.contract),
    );
    MeasuredCase {
        effect,
        metrics: model
            .metrics
            .metrics
            .iter()
            .zip(values)
            .map(|((n, _), v)| (n.clone(), v))
            .collect(),
        probabilities: model
            .metrics
            .events
            .iter()
            .zip(flags)
            .map(|((n, _), f)| (n.clone(), f))
            .collect(),
    }
}

/// The expected world with every measured result at exactly `effect` on its measured
/// counterfactual.
fn measured_world(c: &Contract, s: &Scenario, effect: f64) -> World {
    // An interim evaluation that ends the contract reads the measured results set here,
    // not the expected ones: the world is built without it and evaluated at the end.
    let mut w = match &c.termination {
        Some(t) if t.on_result.is_some() => {
            let mut unevaluated = c.clone();
            if let Some(t) = &mut unevaluated.termination {
                t.on_result = None;
            }
            expected_world(&unevaluated, s)
        }
        _ => expected_world(c, s),
    };
    for (m, metric) in c.metrics.iter().enumerate() {
        let scale = s.metrics[m].effect_scale;
        for &k in &metric.cohorts {
            let r = w.result_mut(m, k);
            r.treated_mean = treated_mean(
                metric.kind,
                metric.direction,
                scale,
                r.measured_counterfactual,
                effect,
            );
        }
    }
    crate::world::expected::end_on_result(c, s, &mut w);
    w
}

/// Six months in whole periods, rounded up, with the period's noun.
fn six_months(p: Period) -> (u32, &'static str) {
    match p {
        Period::Month => (6, "months"),
        Period::Quarter => (2, "quarters"),
        Period::Year => (1, "year, rounded up"),
    }
}

fn effect_halved(s: &Scenario) -> Scenario {
    let mut out = s.clone();
    let mut done = Vec::new();
    for m in 0..out.metrics.len() {
        let q = out.metrics[m].effect;
        // An assumption shared by several metrics is halved once.
        if done.contains(&q) && matches!(q, crate::model::scenario::Quantity::Assumption(_)) {
            continue;
        }
        done.push(q);
        out.metrics[m].effect = out.transform_quantity(q, 0.5, 0.0);
    }
    out
}

fn referrals_scaled(s: &Scenario, k: f64) -> Scenario {
    let mut out = s.clone();
    let mut done = Vec::new();
    for w in 0..out.cohorts.len() {
        let q = out.cohorts[w].referrals;
        if done.contains(&q) && matches!(q, crate::model::scenario::Quantity::Assumption(_)) {
            continue;
        }
        done.push(q);
        out.cohorts[w].referrals = out.transform_quantity(q, k, 0.0);
    }
    out
}

fn delayed(s: &Scenario, periods: u32) -> Scenario {
    let mut out = s.clone();
    let mut done = Vec::new();
    for w in 0..out.cohorts.len() {
        let q = out.cohorts[w].delay;
        if done.contains(&q) && matches!(q, crate::model::scenario::Quantity::Assumption(_)) {
            continue;
        }
        done.push(q);
        out.cohorts[w].delay = out.transform_quantity(q, 1.0, f64::from(periods));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_contract, load_scenario};
    use crate::model::scenario::Quantity;

    fn example(name: &str) -> (Contract, Scenario) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let c = load_contract(&root.join(format!("contracts/{name}.toml")))
            .unwrap()
            .value;
        let s = load_scenario(&root.join(format!("scenarios/{name}.toml")), &c)
            .unwrap()
            .value;
        (c, s)
    }

    fn mean(s: &Scenario, q: Quantity) -> f64 {
        q.expected(s)
    }

    #[test]
    fn shocks_change_what_they_say_and_nothing_else() {
        let (c, s) = example("peterborough");
        let all = cases(&c, &s, &[0], true);
        let ids: Vec<&str> = all.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids[0], "base");
        assert_eq!(ids[1], s.stresses[0].id);
        assert_eq!(&ids[2..], SHOCKS);
        let by = |id: &str| &all.iter().find(|x| x.id == id).unwrap().scenario;
        let halved = by("effect_halved");
        let e = s.metrics[0].effect;
        assert!((mean(halved, halved.metrics[0].effect) - 0.5 * mean(&s, e)).abs() < 1e-9);
        assert_eq!(halved.metrics[0].baseline, s.metrics[0].baseline);
        assert_eq!(halved.cohorts, s.cohorts);
        let fewer = by("referrals_minus_30");
        let r = s.cohorts[0].referrals;
        assert!((mean(fewer, fewer.cohorts[0].referrals) - 0.7 * mean(&s, r)).abs() < 1e-9,);
        let late = by("delay_6_months");
        let d = s.cohorts[0].delay;
        // Quarterly deal: six months is two periods.
        assert!((mean(late, late.cohorts[0].delay) - (mean(&s, d) + 2.0)).abs() < 1e-9);
        // Peterborough's payer may end the contract from period 8 on.
        assert_eq!(by("terminated_after_year_2").terminate_by, Some(8));
        assert!(
            all.iter()
                .find(|x| x.id == "delay_6_months")
                .unwrap()
                .description
                .contains("the results of c3 then come after the deal ends")
        );
        assert_eq!(s.terminate_by, None);
    }

    #[test]
    fn termination_ends_with_year_2() {
        // Quarterly NYC ABLE allows an exit from period 8; annual Norrköping ends with
        // period 1, the last of year 2.
        for (name, last) in [("nyc-able", 7), ("norrkoping", 1)] {
            let (c, s) = example(name);
            let all = cases(&c, &s, &[], true);
            let t = all
                .iter()
                .find(|x| x.id == "terminated_after_year_2")
                .unwrap();
            let from = c.termination.as_ref().map_or(0, |t| t.from);
            assert_eq!(t.scenario.terminate_by, Some(last.max(from)), "{name}");
        }
    }

    #[test]
    fn presets_run_as_run_applies_them() {
        let (c, s) = example("nyc-able");
        let all = cases(&c, &s, &[1], false);
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].scenario, s.with_stress(1));
        assert_eq!(all[1].kind, CaseKind::Preset);
    }
}
