//! Settlement of what really happened: every payment with the caps that cut it, every
//! tranche's cash flows and returns, and where the rest of the money went. It settles the
//! observed world through the same code as every simulated trial.

use indexmap::IndexMap;
use serde::Serialize;

use crate::cashflow::{self, Ledger, Schedule, returns};
use crate::model::contract::{Contract, Role};
use crate::model::observed::History;
use crate::world::World;
use crate::world::observed::observed_world;

use super::FileRef;

/// Settles a contract on a validated history. `files` are the contract's and the
/// history's references, for the result's provenance.
pub fn settle(c: &Contract, history: &History, files: [FileRef; 2]) -> Settlement {
    let schedule = Schedule::new(c);
    let world = observed_world(c, history);
    let mut ledger = Ledger::new(c, &schedule);
    cashflow::settle(c, &schedule, &world, &mut ledger);
    let mut st = settlement(c, &schedule, &world, &ledger, files, history.as_of);
    st.after_horizon = after_horizon(c, &schedule, &world, &ledger, history);
    st.ended_on_result = ended_on_result(c, &world, history.as_of);
    st
}

/// The interim evaluation that ended the contract (`[termination] on_result`), if one did
/// within the history.
fn ended_on_result(c: &Contract, world: &World, as_of: Option<u32>) -> Option<EndedOnResult> {
    let o = c.termination.as_ref()?.on_result.as_ref()?;
    let (period, effect) = crate::world::termination::evaluation(c, world)?;
    let ended = effect < o.below
        && world.terminated_at == Some(period)
        && as_of.is_none_or(|t| period <= t);
    ended.then(|| EndedOnResult {
        period,
        metric: c.metrics[o.metric].id.clone(),
        effect,
        below: o.below,
        relative: o.scale == crate::model::contract::EffectScale::Relative,
    })
}

/// A failed interim evaluation that ended the contract.
#[derive(Debug, Clone, Serialize)]
pub struct EndedOnResult {
    /// The period of the evaluation, when the contract ended.
    pub period: u32,
    pub metric: String,
    /// The effect measured, pooled over the cohorts the evaluation reads.
    pub effect: f64,
    /// The contract's level.
    pub below: f64,
    /// Whether the effect is relative (a share of the counterfactual) or in the metric's units.
    pub relative: bool,
}

/// A payment the contract would make after its last period, which settlement leaves out.
#[derive(Debug, Clone, Serialize)]
pub struct LateLine {
    pub rule: String,
    pub cohorts: Vec<String>,
    /// The period it would fall in.
    pub period: u32,
    pub before_caps: f64,
    /// Where the observed file records the result that was validated last, for messages.
    #[serde(skip)]
    pub span: Option<std::ops::Range<usize>>,
}

fn after_horizon(
    c: &Contract,
    s: &Schedule,
    world: &World,
    ledger: &Ledger,
    history: &History,
) -> Vec<LateLine> {
    let k_count = c.cohorts.len();
    let enrolled = world.enrolled_cohorts();
    ledger
        .after_horizon
        .iter()
        .map(|late| {
            let e = &s.events[late.event];
            // The cohorts it would pay for that had anyone enrolled.
            let paid_for = |k: usize| {
                late.cohorts & (1 << k) != 0 && cashflow::tested(world, enrolled, e.metric, k)
            };
            // The result validated last among the cohorts tested: it set the date.
            let last = e
                .cohorts
                .iter()
                .zip(&e.validated)
                .filter(|&(&k, _)| cashflow::tested(world, enrolled, e.metric, k))
                .max_by_key(|&(&k, &due)| {
                    due.saturating_add(world.delay[k])
                        .saturating_add(world.validation_delay[e.metric * k_count + k])
                })
                .map(|(&k, _)| k);
            LateLine {
                rule: c.rules[e.rule].id.clone(),
                cohorts: (0..k_count)
                    .filter(|&k| paid_for(k))
                    .map(|k| c.cohorts[k].id.clone())
                    .collect(),
                period: late.period,
                before_caps: late.gross,
                span: last.and_then(|k| history.result_spans[e.metric * k_count + k].clone()),
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct Settlement {
    pub sibyl_version: &'static str,
    pub contract: FileRef,
    pub observed: FileRef,
    pub currency: String,
    /// The last period settled when the history stops before the deal ends: every figure is
    /// then to date, and returns are not given (`irr_status` is `ongoing`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<u32>,
    /// The history's annual inflation: present values are of flows deflated to period-0
    /// money, at the payers' (real) discount rates.
    pub inflation: f64,
    pub payments: Vec<PaymentLine>,
    pub payers: IndexMap<String, PayerLine>,
    pub tranches: Vec<TrancheLine>,
    pub deal_paid: f64,
    /// Totals over the whole deal, left out when the history stops early (`as_of`).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub totals: Option<DealTotals>,
    /// Caps that cut at least one payment.
    pub caps_binding: Vec<String>,
    /// Payments that would fall after the deal's last period and are not paid; `settle`
    /// reports them as errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub after_horizon: Vec<LateLine>,
    /// The interim evaluation that ended the contract, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_on_result: Option<EndedOnResult>,
}

/// Where the rest of the money went, over the whole deal.
#[derive(Debug, Clone, Serialize)]
pub struct DealTotals {
    /// Received by providers (service fees, bonuses, or payments without investors) and
    /// intermediaries (fees).
    pub received: IndexMap<String, f64>,
    /// Money above the return caps handed back to the payers.
    pub refunded: f64,
    pub fees_unpaid: f64,
    /// Service costs the provider carried itself.
    pub provider_unfunded: f64,
    pub guarantees: IndexMap<String, f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PaymentLine {
    pub period: u32,
    pub payer: String,
    /// The rule, or `termination` for compensation.
    pub rule: String,
    /// The metric the payment is for (`null` for compensation): a rate card on several
    /// metrics pays each in its own line.
    pub metric: Option<String>,
    /// The cohorts the payment is for.
    pub cohorts: Vec<String>,
    pub amount: f64,
    pub before_caps: f64,
    /// The caps that cut it.
    pub cut_by: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PayerLine {
    /// Paid net of money handed back above the return caps.
    pub paid: f64,
    /// Handed back: money above the return caps, returned pro rata to what each payer had
    /// paid. `paid + refunded` is what the payer's payments add up to.
    pub refunded: f64,
    pub npv: f64,
    /// Net payments by period.
    pub cash_flows: Vec<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrancheLine {
    pub id: String,
    pub investor: String,
    pub drawn: f64,
    pub received: f64,
    /// By period: draws negative, receipts positive.
    pub cash_flows: Vec<f64>,
    /// Annualised; `null` when undefined.
    pub irr: Option<f64>,
    /// `rate`, `total_loss`, `no_root`, `multiple_roots`, or `ongoing` when the history
    /// stops before the deal ends.
    pub irr_status: &'static str,
    pub moic: Option<f64>,
}

/// Builds the settlement from a settled ledger, up to period `as_of` when the history stops
/// before the deal ends.
fn settlement(
    c: &Contract,
    s: &Schedule,
    world: &World,
    ledger: &Ledger,
    files: [FileRef; 2],
    as_of: Option<u32>,
) -> Settlement {
    let [contract, observed] = files;
    let h = ledger.horizon;
    // Periods settled: all of them, or up to `as_of`.
    let upto = as_of.map_or(h, |t| (t as usize + 1).min(h));
    // The caps that cut a payment, as slots of the schedule.
    let slots = |p: &cashflow::Payment| -> Vec<usize> {
        let Some(rule) = p.rule else {
            return Vec::new();
        };
        let metric = s.events[p.event].metric;
        p.cuts
            .iter()
            .filter_map(|limit| s.slot_of(limit, rule, metric, p.payer))
            .collect()
    };
    // Names in the schedule's order of caps.
    let slot_names = |mut slots: Vec<usize>| -> Vec<String> {
        slots.sort_unstable();
        slots.dedup();
        slots.into_iter().map(|i| s.caps[i].name.clone()).collect()
    };
    let enrolled = world.enrolled_cohorts();
    let settled = ledger
        .payments
        .iter()
        .filter(|p| (p.period as usize) < upto);
    let payments = settled
        .clone()
        .map(|p| PaymentLine {
            period: p.period,
            payer: c.parties[p.payer].id.clone(),
            rule: p
                .rule
                .map_or_else(|| "termination".to_string(), |r| c.rules[r].id.clone()),
            metric: p
                .rule
                .map(|_| c.metrics[s.events[p.event].metric].id.clone()),
            // The cohorts paid for that took part (anyone enrolled, or a result recorded).
            cohorts: (0..c.cohorts.len())
                .filter(|&k| {
                    p.cohorts & (1 << k) != 0
                        && p.rule.is_some_and(|_| {
                            cashflow::tested(world, enrolled, s.events[p.event].metric, k)
                        })
                })
                .map(|k| c.cohorts[k].id.clone())
                .collect(),
            amount: p.amount,
            before_caps: p.gross,
            cut_by: slot_names(slots(p)),
        })
        .collect();
    let payers: IndexMap<String, PayerLine> = c
        .parties
        .iter()
        .enumerate()
        .filter(|(_, p)| p.role == Role::Payer)
        .map(|(i, p)| {
            let flows = ledger.payer_flows[i * h..i * h + upto].to_vec();
            let npv = ledger.present_value(&flows, s.discount_rate[i]);
            let paid = if as_of.is_none() {
                ledger.payer_paid(i)
            } else {
                flows.iter().sum()
            };
            let refunded = ledger.refund_flows[i * h..i * h + upto].iter().sum();
            (
                p.id.clone(),
                PayerLine {
                    paid,
                    refunded,
                    npv,
                    cash_flows: flows,
                },
            )
        })
        .collect();
    let tranches = c
        .tranches
        .iter()
        .enumerate()
        .map(|(i, t)| tranche_line(c, ledger, i, t, upto, as_of.is_some()))
        .collect();
    let caps_binding = match as_of {
        None => s
            .caps
            .iter()
            .enumerate()
            .filter(|(i, _)| ledger.cap_bound[*i])
            .map(|(_, cap)| cap.name.clone())
            .collect(),
        Some(_) => slot_names(settled.flat_map(slots).collect()),
    };
    Settlement {
        sibyl_version: env!("CARGO_PKG_VERSION"),
        contract,
        observed,
        currency: c.deal.currency.clone(),
        as_of,
        inflation: world.inflation,
        payments,
        deal_paid: match as_of {
            None => ledger.deal_paid(),
            Some(_) => payers.values().map(|p| p.paid).sum(),
        },
        payers,
        tranches,
        totals: as_of.is_none().then(|| totals(c, ledger)),
        caps_binding,
        after_horizon: Vec::new(),
        ended_on_result: None,
    }
}

/// A tranche's flows up to period `upto`; returns only when the whole deal is settled.
fn tranche_line(
    c: &Contract,
    ledger: &Ledger,
    i: usize,
    t: &crate::model::contract::Tranche,
    upto: usize,
    ongoing: bool,
) -> TrancheLine {
    let flows = ledger.tranche_cash_flows(i)[..upto].to_vec();
    let (drawn, received) = if ongoing {
        let h = ledger.horizon;
        let draws = &ledger.tranche_draws[i * h..i * h + upto];
        let drawn: f64 = draws.iter().sum();
        (drawn, flows.iter().sum::<f64>() + drawn)
    } else {
        (ledger.tranche_drawn[i], ledger.tranche_received[i])
    };
    let (irr, irr_status, moic) = if ongoing {
        (None, "ongoing", None)
    } else {
        let irr = returns::irr(&flows, c.deal.period.per_year());
        let status = match irr {
            returns::Irr::Rate(_) => "rate",
            returns::Irr::TotalLoss => "total_loss",
            returns::Irr::NoRoot => "no_root",
            returns::Irr::MultipleRoots => "multiple_roots",
        };
        (irr.value(), status, returns::moic(drawn, received))
    };
    TrancheLine {
        id: t.id.clone(),
        investor: c.parties[t.investor].id.clone(),
        drawn,
        received,
        cash_flows: flows,
        irr,
        irr_status,
        moic,
    }
}

/// Where the rest of the money went over the whole deal.
fn totals(c: &Contract, ledger: &Ledger) -> DealTotals {
    DealTotals {
        received: c
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p.role, Role::Provider | Role::Intermediary))
            .map(|(i, p)| (p.id.clone(), ledger.party_received[i]))
            .collect(),
        refunded: ledger.refunded,
        fees_unpaid: ledger.fees_unpaid,
        provider_unfunded: ledger.provider_unfunded,
        guarantees: c
            .guarantees
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.clone(), ledger.guarantee_paid[i]))
            .collect(),
    }
}
