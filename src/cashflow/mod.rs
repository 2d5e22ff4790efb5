//! Settlement: one realised [`World`] in, every party's cash flows out.
//!
//! This is the single implementation of the payment rules, caps and financing waterfall.
//! The Monte Carlo engine calls [`settle`] once per trial with a reused [`Ledger`] (no
//! allocation once warm); `explain` calls it once with the expected world; `settle` with
//! the observed one. It reads the world ([`crate::world`]) and the contract, nothing else.
//!
//! Each period, in order: outcome payments due (rule by rule, caps from the narrowest to
//! the widest), termination compensation, costs and fees (drawn from capital as needed),
//! then the waterfall (ranks by seniority, pro rata within a rank, claims limited by
//! coupons and return caps), with money above every claim going to the payer or provider
//! as the contract says. A savings share's payments once the loans are repaid may go to
//! named tranches as success fees, beyond their claims (waterfall.rs). Guarantees pay at
//! the end.

mod payments;
pub mod returns;
mod schedule;
mod waterfall;

pub use schedule::{CapSlot, CapTable, Cuts, Event, Limit, Schedule};

use crate::model::contract::*;
use crate::world::World;

/// One outcome payment (or termination compensation) by one payer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Payment {
    pub period: u32,
    /// Rule index, or `None` for termination compensation.
    pub rule: Option<usize>,
    /// Event index in the schedule.
    pub event: usize,
    pub payer: usize,
    /// Before caps (this payer's share).
    pub gross: f64,
    pub amount: f64,
    /// What the payer keeps paid of `amount` once money above the return caps is handed
    /// back: each refund is charged first to the payer's payments of the period it is
    /// made in (the money the vehicle could not pass on), then to its earlier payments.
    pub net: f64,
    /// `net` in period-0 money: the payment deflated by its period's price level, less
    /// each refund charged to it deflated by the refund's (so the payer's payments keep,
    /// together, what it paid in real terms).
    pub net_real: f64,
    /// The caps that cut this payment ([`Schedule::slot_of`] names each).
    pub cuts: Cuts,
    /// The cohorts paid for, as a bit set.
    pub cohorts: u64,
}

/// Everything settlement produces for one world. Buffers are sized once per contract and
/// cleared per trial.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    pub horizon: usize,
    /// Every payment, in time order.
    pub payments: Vec<Payment>,
    /// `[party * horizon + period]`: what each payer paid (net of refunds of money above caps).
    pub payer_flows: Vec<f64>,
    /// `[party * horizon + period]`: what was handed back to each payer (money above the
    /// return caps), included (negative) in `payer_flows`.
    pub refund_flows: Vec<f64>,
    /// Per party: the sum of its `payer_flows`.
    payer_total: Vec<f64>,
    /// `[tranche * horizon + period]`: the tranche's cash flows (draws negative).
    pub tranche_flows: Vec<f64>,
    /// `[tranche * horizon + period]`: capital drawn (so receipts are draws plus flows).
    pub tranche_draws: Vec<f64>,
    pub tranche_drawn: Vec<f64>,
    pub tranche_received: Vec<f64>,
    pub guarantee_paid: Vec<f64>,
    /// Per party: service fees, bonuses (providers) and fees (intermediaries) received.
    pub party_received: Vec<f64>,
    /// Costs no capital was left to fund, carried by the provider.
    pub provider_unfunded: f64,
    /// What delivering the programme cost the provider: service costs due (with the
    /// overrun) and, without a vehicle, the fees it carries.
    pub provider_cost: f64,
    /// Service costs due per period (with the overrun), whoever funds them.
    pub service_flows: Vec<f64>,
    /// `[party * horizon + period]`: what each party received (service fees, bonuses,
    /// fees, and outcome payments passed straight to a provider), so every figure can be
    /// deflated period by period.
    pub party_flows: Vec<f64>,
    /// Per period: the provider's cost and the part of it no capital funded.
    pub provider_cost_flows: Vec<f64>,
    pub unfunded_flows: Vec<f64>,
    /// Per period: the price level relative to period 0 in this world's inflation.
    pub price_index: Vec<f64>,
    /// Whether the contract's prices, and its caps, are indexed to inflation.
    index_prices: bool,
    index_caps: bool,
    /// Money above every claim handed back to payers.
    pub refunded: f64,
    /// Fees the vehicle had no money to pay (after the service ended).
    pub fees_unpaid: f64,
    /// Without a vehicle, the fees the provider paid the intermediary from its own pocket.
    pub provider_paid_fees: f64,
    /// Per rule: total paid, and whether it paid anything for each cohort.
    pub rule_paid: Vec<f64>,
    pub cohort_paid: Vec<bool>,
    /// Per cap slot: whether it cut a payment.
    pub cap_bound: Vec<bool>,
    /// Cash left in the vehicle at the end (zero unless something could not be paid out).
    pub retained: f64,
    /// Payments that would fall after the deal's last period (delays of enrolment or of
    /// validation pushed a result past the horizon): not paid, and listed so that nothing
    /// vanishes without a word.
    pub after_horizon: Vec<LatePayment>,
    scratch: Scratch,
}

/// A payment a rule would make after the deal's last period, before caps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatePayment {
    /// The schedule's event.
    pub event: usize,
    /// The period it would fall in (the horizon or later).
    pub period: u32,
    /// What it would pay before caps.
    pub gross: f64,
    /// The cohorts it would pay for, as a bit set.
    pub cohorts: u64,
}

/// Running totals used while settling, kept to avoid allocation.
#[derive(Debug, Clone, PartialEq, Default)]
struct Scratch {
    rule_paid_total: Vec<f64>,
    /// `[rule * cohorts + cohort]`: paid by the rule for the cohort.
    rule_cohort_paid: Vec<f64>,
    metric_paid: Vec<f64>,
    payer_paid: Vec<f64>,
    payer_year: Vec<f64>,
    deal_year: Vec<f64>,
    deal_paid: f64,
    /// Per payer: paid this period (for refunds pro rata).
    payer_period: Vec<f64>,
    /// Per period: whether money may move (see `mark_busy_periods`).
    busy: Vec<bool>,
    /// Per event: its period in this world.
    event_period: Vec<u32>,
    /// The events by their period in this world, then by index (the order they settle
    /// in; those after the horizon last, in index order), and the first of them not yet
    /// reached by the periods visited.
    event_order: Vec<usize>,
    next_event: usize,
    /// Per period and one past the horizon: where its events start in `event_order`
    /// (a counting sort's buckets).
    period_start: Vec<usize>,
    /// Per cohort: the first and last period anyone enrolled (empty when nobody did).
    enrol_span: Vec<std::ops::Range<usize>>,
    tranche: waterfall::TrancheState,
    /// Per tranche: success fees due this period (savings shares' `success_fees_to`).
    success_fee: Vec<f64>,
    /// Per rule: what a savings share with success fees paid this period before its switch
    /// (the part of it above the loans' claims is owed at the share after the switch).
    pre_switch: Vec<f64>,
}

impl Ledger {
    pub fn new(c: &Contract, s: &Schedule) -> Self {
        let h = s.horizon;
        let fees = c.rules.iter().any(|r| {
            matches!(&r.terms, Terms::SavingsShare { success_fees, .. } if !success_fees.is_empty())
        });
        let parties = c.parties.len();
        let tranches = c.tranches.len();
        Ledger {
            horizon: h,
            // One line per payer of each event, and a termination payment.
            payments: Vec::with_capacity(
                s.events
                    .iter()
                    .map(|e| c.rules[e.rule].payers.len())
                    .sum::<usize>()
                    + 1,
            ),
            payer_flows: vec![0.0; parties * h],
            refund_flows: vec![0.0; parties * h],
            payer_total: vec![0.0; parties],
            tranche_flows: vec![0.0; tranches * h],
            tranche_draws: vec![0.0; tranches * h],
            tranche_drawn: vec![0.0; tranches],
            tranche_received: vec![0.0; tranches],
            guarantee_paid: vec![0.0; c.guarantees.len()],
            party_received: vec![0.0; parties],
            provider_unfunded: 0.0,
            provider_cost: 0.0,
            service_flows: vec![0.0; h],
            party_flows: vec![0.0; parties * h],
            provider_cost_flows: vec![0.0; h],
            unfunded_flows: vec![0.0; h],
            price_index: vec![1.0; h],
            index_prices: c.deal.indexation.prices(),
            index_caps: c.deal.indexation.caps(),
            refunded: 0.0,
            fees_unpaid: 0.0,
            provider_paid_fees: 0.0,
            rule_paid: vec![0.0; c.rules.len()],
            cohort_paid: vec![false; c.rules.len() * c.cohorts.len()],
            cap_bound: vec![false; s.caps.len()],
            retained: 0.0,
            after_horizon: Vec::with_capacity(s.events.len()),
            scratch: Scratch {
                rule_paid_total: vec![0.0; c.rules.len()],
                rule_cohort_paid: vec![0.0; c.rules.len() * c.cohorts.len()],
                metric_paid: vec![0.0; c.metrics.len()],
                payer_paid: vec![0.0; parties],
                payer_year: vec![0.0; parties * s.years],
                deal_year: vec![0.0; s.years],
                deal_paid: 0.0,
                payer_period: vec![0.0; parties],
                busy: vec![false; h],
                event_period: vec![0; s.events.len()],
                event_order: (0..s.events.len()).collect(),
                next_event: 0,
                period_start: vec![0; h + 2],
                enrol_span: vec![0..0; c.cohorts.len()],
                tranche: waterfall::TrancheState::new(tranches),
                // Empty, so that nothing is done for them, without success fees.
                success_fee: vec![0.0; if fees { tranches } else { 0 }],
                pre_switch: vec![0.0; if fees { c.rules.len() } else { 0 }],
            },
        }
    }

    fn clear(&mut self) {
        self.payments.clear();
        self.after_horizon.clear();
        for v in [
            &mut self.payer_flows,
            &mut self.refund_flows,
            &mut self.payer_total,
            &mut self.tranche_flows,
            &mut self.tranche_draws,
            &mut self.tranche_drawn,
            &mut self.tranche_received,
            &mut self.guarantee_paid,
            &mut self.party_received,
            &mut self.service_flows,
            &mut self.party_flows,
            &mut self.provider_cost_flows,
            &mut self.unfunded_flows,
            &mut self.rule_paid,
            &mut self.scratch.rule_paid_total,
            &mut self.scratch.rule_cohort_paid,
            &mut self.scratch.metric_paid,
            &mut self.scratch.payer_paid,
            &mut self.scratch.payer_year,
            &mut self.scratch.deal_year,
            &mut self.scratch.payer_period,
        ] {
            v.fill(0.0);
        }
        self.cohort_paid.fill(false);
        self.cap_bound.fill(false);
        self.provider_unfunded = 0.0;
        self.provider_cost = 0.0;
        self.refunded = 0.0;
        self.fees_unpaid = 0.0;
        self.provider_paid_fees = 0.0;
        self.retained = 0.0;
        self.scratch.deal_paid = 0.0;
        self.scratch.tranche.clear();
    }

    /// Sets the price index of every period for annual `inflation`, `ppy` periods a year.
    fn set_price_index(&mut self, inflation: f64, ppy: u32) {
        if inflation == 0.0 {
            if self.price_index.last().is_some_and(|&x| x != 1.0) {
                self.price_index.fill(1.0);
            }
            return;
        }
        let step = (1.0 + inflation).powf(1.0 / f64::from(ppy));
        let mut level = 1.0;
        for x in &mut self.price_index {
            *x = level;
            level *= step;
        }
    }

    /// The price level of period `t` (also after the horizon).
    pub fn price_level(&self, t: u32, inflation: f64, ppy: u32) -> f64 {
        match self.price_index.get(t as usize) {
            Some(&x) => x,
            None => (1.0 + inflation).powf(f64::from(t) / f64::from(ppy)),
        }
    }

    /// What one unit of a rule's prices is worth in cash in period `t`: the price level
    /// where the contract indexes its prices, and always for a share of the scenario's
    /// avoided costs (which are in period-0 money); 1 otherwise.
    fn price_factor(&self, c: &Contract, rule: usize, t: u32, inflation: f64) -> f64 {
        let follows_prices = self.index_prices
            || matches!(
                c.rules[rule].terms,
                Terms::SavingsShare {
                    value_per_outcome: None,
                    ..
                }
            );
        if follows_prices {
            self.price_level(t, inflation, c.deal.period.per_year())
        } else {
            1.0
        }
    }

    /// The present value of a per-period series of cash at a per-period real rate: each
    /// flow deflated by its period's price level, then discounted (the same as discounting
    /// the cash at the matching nominal rate).
    pub fn present_value(&self, row: &[f64], rate: f64) -> f64 {
        let v = 1.0 / (1.0 + rate);
        row.iter()
            .zip(&self.price_index)
            .rev()
            .fold(0.0, |acc, (x, i)| acc * v + x / i)
    }

    /// What one unit of the contract's caps is worth in cash in period `t`: caps count
    /// payments in this money.
    fn cap_factor(&self, t: u32) -> f64 {
        if self.index_caps {
            self.price_index[t as usize]
        } else {
            1.0
        }
    }

    /// A party receives money in a period.
    fn receive(&mut self, party: usize, period: u32, amount: f64) {
        self.party_received[party] += amount;
        self.party_flows[party * self.horizon + period as usize] += amount;
    }

    /// Per cohort: the periods anyone enrolled in this world.
    fn enrol_spans(&self) -> &[std::ops::Range<usize>] {
        &self.scratch.enrol_span
    }

    /// What a payer paid in total.
    pub fn payer_paid(&self, party: usize) -> f64 {
        self.payer_total[party]
    }

    /// Records a payer's payment (or, negative, a refund) in a period.
    fn pay(&mut self, party: usize, period: u32, amount: f64) {
        self.payer_flows[party * self.horizon + period as usize] += amount;
        self.payer_total[party] += amount;
    }

    /// A payer's payments by period (net of refunds).
    pub fn payer_row(&self, party: usize) -> &[f64] {
        &self.payer_flows[party * self.horizon..(party + 1) * self.horizon]
    }

    /// What a party received by period.
    pub fn party_row(&self, party: usize) -> &[f64] {
        &self.party_flows[party * self.horizon..(party + 1) * self.horizon]
    }

    /// A tranche's cash flows by period.
    pub fn tranche_cash_flows(&self, tranche: usize) -> &[f64] {
        &self.tranche_flows[tranche * self.horizon..(tranche + 1) * self.horizon]
    }

    /// What all payers paid in total.
    pub fn deal_paid(&self) -> f64 {
        self.payer_total.iter().sum()
    }

    /// Money in minus money out of the vehicle; zero when money is conserved.
    pub fn imbalance(&self) -> f64 {
        let inflow = self.deal_paid()
            + self.tranche_drawn.iter().sum::<f64>()
            + self.guarantee_paid.iter().sum::<f64>()
            + self.provider_paid_fees;
        let outflow = self.tranche_received.iter().sum::<f64>()
            + self.party_received.iter().sum::<f64>()
            + self.retained;
        inflow - outflow
    }
}

/// Settles one world into the ledger.
pub fn settle(c: &Contract, s: &Schedule, world: &World, ledger: &mut Ledger) {
    settle_through::<true>(c, s, world, ledger);
    debug_assert!(
        ledger.imbalance().abs()
            <= 1e-6 * (1.0 + ledger.deal_paid().abs() + ledger.tranche_drawn.iter().sum::<f64>()),
        "money not conserved: {}",
        ledger.imbalance()
    );
}

/// Settles only what the payers pay, for contracts whose payments stand alone
/// ([`Schedule::payments_stand_alone`]): the same periods, outcome payments, caps and
/// compensation as [`settle`], in the same order, without the vehicle (no draws, no
/// waterfall, no guarantees, nothing after the horizon). The payers' rows and totals and
/// the payment lines (and what the payments fill in: caps bound, rules paid, cohorts paid
/// for) equal a full settlement's bit for bit; the vehicle's side of the ledger (draws,
/// receipts, guarantees, payments after the horizon) stays empty. The engine settles the
/// trial as an exact measurement would see it so, when all it needs is what the payers
/// would have paid.
pub fn settle_payments(c: &Contract, s: &Schedule, world: &World, ledger: &mut Ledger) {
    debug_assert!(s.payments_stand_alone);
    settle_through::<false>(c, s, world, ledger);
}

/// The one settlement: with `VEHICLE`, the money also passes through the vehicle (draws,
/// waterfall, guarantees) and payments after the horizon are listed; without it, only the
/// payers' payments are settled. One function, compiled twice, so neither copy pays for
/// the other.
#[inline(always)]
fn settle_through<const VEHICLE: bool>(
    c: &Contract,
    s: &Schedule,
    world: &World,
    ledger: &mut Ledger,
) {
    ledger.clear();
    ledger.set_price_index(world.inflation, c.deal.period.per_year());
    let mut vehicle = waterfall::Vehicle::start(c, s, world);
    mark_busy_periods(c, s, world, vehicle.last_cost_period(), ledger);
    // Only periods where money moves are visited; balances accrue over the gaps.
    let mut previous = 0;
    for t in 0..s.horizon {
        if !ledger.scratch.busy[t] {
            continue;
        }
        let period = t as u32;
        ledger.scratch.payer_period.fill(0.0);
        let receipts =
            outcome_payments(c, s, world, period, ledger) + compensation(c, world, period, ledger);
        if VEHICLE {
            vehicle.period(c, s, world, period, previous, receipts, ledger);
        }
        previous = period;
    }
    if VEHICLE {
        vehicle.finish(c, s, world, ledger);
        payments_after_horizon(c, s, world, ledger);
    }
}

/// Period an event pays in, in this world: when the result of each cohort it tests is
/// validated (its scheduled period moved by the cohort's enrolment delay and by any late
/// validation), the latest of them for a pooled test, or the rule's `at` if that is later;
/// then the payment lag. A cohort nobody joined and with no result is not tested, so it does not hold the
/// payment back; when nobody joined any and no result was recorded (the event then pays
/// nothing), its scheduled period moved by the largest delay.
/// `enrolled` has a bit set for each cohort anyone joined (as [`tested`] reads it).
fn event_period(e: &Event, world: &World, enrolled: u64) -> u32 {
    if e.claimed.is_some() {
        // Pathway claims already fall when people reached the stage (after any late
        // enrolment); only a late validation moves them.
        let k = e.cohorts[0];
        return e.validated[0]
            .saturating_add(world.validation_delay[e.metric * world.cohorts + k])
            .saturating_add(e.payment_lag);
    }
    let late = |k: usize| {
        world.delay[k].saturating_add(world.validation_delay[e.metric * world.cohorts + k])
    };
    let validated = |(&k, &due): (&usize, &u32)| due.saturating_add(late(k));
    let last_tested = e
        .cohorts
        .iter()
        .zip(&e.validated)
        .filter(|&(&k, _)| tested(world, enrolled, e.metric, k))
        .map(validated)
        .max();
    match last_tested {
        Some(last) => {
            e.at.map_or(last, |at| at.max(last))
                .saturating_add(e.payment_lag)
        }
        None => e
            .period
            .saturating_add(e.cohorts.iter().map(|&k| late(k)).max().unwrap_or(0)),
    }
}

/// Whether a cohort takes part in a test of a metric: anyone enrolled (`enrolled` is
/// [`World::enrolled_cohorts`]), or a result recorded for someone (an observed result may
/// give its own group size).
#[inline]
pub(crate) fn tested(world: &World, enrolled: u64, m: usize, k: usize) -> bool {
    enrolled & (1 << k) != 0 || world.result(m, k).n_treated > 0.0
}

/// Marks the periods where something happens in this world (events, costs, fees, draws,
/// termination, the last distributions) and records each event's period.
#[inline(always)]
fn mark_busy_periods(
    c: &Contract,
    s: &Schedule,
    world: &World,
    last_cost: u32,
    ledger: &mut Ledger,
) {
    let h = s.horizon;
    let sc = &mut ledger.scratch;
    sc.busy.copy_from_slice(&s.static_busy);
    // The cohorts anyone joined, summed once for every event's test.
    let enrolled = world.enrolled_cohorts();
    for (i, e) in s.events.iter().enumerate() {
        let t = event_period(e, world, enrolled);
        sc.event_period[i] = t;
        let claims = e.claimed.is_none_or(|when| {
            world.claims[world.claim_index(e.metric, e.cohorts[0], when as usize)] > 0.0
        });
        if (t as usize) < h && claims {
            sc.busy[t as usize] = true;
        }
    }
    // A counting sort, stable, so by index within a period. Events after the horizon share
    // the last bucket: no period visited reaches them.
    let start = &mut sc.period_start;
    start.fill(0);
    for &p in &sc.event_period {
        start[(p as usize).min(h) + 1] += 1;
    }
    for b in 1..start.len() {
        start[b] += start[b - 1];
    }
    for (i, &p) in sc.event_period.iter().enumerate() {
        let b = (p as usize).min(h);
        sc.event_order[start[b]] = i;
        start[b] += 1;
    }
    sc.next_event = 0;
    if s.cohort_costs {
        for (k, cohort) in c.cohorts.iter().enumerate() {
            let serve = if cohort.cost_per_participant_period > 0.0 {
                cohort.service_periods as usize
            } else {
                1
            };
            let mut span = 0..0;
            for t in 0..h {
                if world.enrolled(k, t) > 0.0 {
                    sc.busy[t..(t + serve).min(h)].fill(true);
                    if span.is_empty() {
                        span.start = t;
                    }
                    span.end = t + 1;
                }
            }
            sc.enrol_span[k] = span;
        }
    }
    if let Some(end) = world.terminated_at {
        sc.busy[(end as usize).min(h - 1)] = true;
    }
    sc.busy[(last_cost as usize).min(h - 1)] = true;
}

/// Lists the events that fall after the deal's last period and would pay something, on the
/// settled ledger (so `unless_paid_by` and switches see every payment made), in the order
/// they would fall; a cohort one of them would pay for counts as paid for the ones after it,
/// so two rules never both claim it. Amounts are before caps.
fn payments_after_horizon(c: &Contract, s: &Schedule, world: &World, ledger: &mut Ledger) {
    for index in 0..s.events.len() {
        let period = ledger.scratch.event_period[index];
        if (period as usize) < s.horizon {
            continue;
        }
        if let Some(end) = world.terminated_at {
            if period > end && !c.pay_enrolled_after_termination() {
                continue;
            }
        }
        ledger.after_horizon.push(LatePayment {
            event: index,
            period,
            gross: 0.0,
            cohorts: 0,
        });
    }
    ledger
        .after_horizon
        .sort_unstable_by_key(|late| (late.period, late.event));
    let cohorts = c.cohorts.len();
    for i in 0..ledger.after_horizon.len() {
        let index = ledger.after_horizon[i].event;
        let event = &s.events[index];
        let g = event_gross(c, s, world, ledger, index);
        if g.amount > 0.0 {
            for k in (0..cohorts).filter(|&k| g.cohort_mask & (1 << k) != 0) {
                ledger.cohort_paid[event.rule * cohorts + k] = true;
            }
        }
        let factor = ledger.price_factor(c, event.rule, late_period(ledger, i), world.inflation);
        let late = &mut ledger.after_horizon[i];
        // Pathway claims: what the people earn under the cap per participant.
        late.gross = g.per_person.unwrap_or(g.amount) * factor;
        late.cohorts = g.cohort_mask;
    }
    ledger.after_horizon.retain(|late| late.gross > 0.0);
}

fn late_period(ledger: &Ledger, i: usize) -> u32 {
    ledger.after_horizon[i].period
}

/// Outcome payments due in `period`, after caps; returns their total.
#[inline(always)]
fn outcome_payments(
    c: &Contract,
    s: &Schedule,
    world: &World,
    period: u32,
    ledger: &mut Ledger,
) -> f64 {
    let mut total = 0.0;
    // Empty unless savings shares book success fees (a call to clear nothing costs).
    if !ledger.scratch.success_fee.is_empty() {
        ledger.scratch.success_fee.fill(0.0);
        ledger.scratch.pre_switch.fill(0.0);
    }
    if let Some(end) = world.terminated_at {
        if period > end && !c.pay_enrolled_after_termination() {
            return 0.0;
        }
    }
    // The events of this period, in index order: those of earlier periods that were not
    // busy are passed over, as they always were.
    loop {
        let sc = &mut ledger.scratch;
        let Some(&index) = sc.event_order.get(sc.next_event) else {
            break;
        };
        let due = sc.event_period[index];
        if due > period {
            break;
        }
        sc.next_event += 1;
        if due < period {
            continue;
        }
        let event = &s.events[index];
        let cohorts = c.cohorts.len();
        let g = event_gross(c, s, world, ledger, index);
        if g.amount <= 0.0 {
            continue;
        }
        let amount = apply_caps(c, s, world, index, g, period, ledger);
        if amount > 0.0 {
            for k in (0..cohorts).filter(|&k| g.cohort_mask & (1 << k) != 0) {
                ledger.cohort_paid[event.rule * cohorts + k] = true;
            }
        }
        if !success_fees(c, event.rule, amount, ledger) {
            total += amount;
        }
    }
    total
}

/// A savings share's payment once switched, where the contract directs it to tranches as
/// success fees (`success_fees_to`): booked for them, pro rata to their amounts, to be paid
/// beyond their repayment in this period's waterfall; returns whether it was. The switch
/// reads the tranches as the payment's gross did (nothing repays them between the two).
fn success_fees(c: &Contract, rule: usize, amount: f64, ledger: &mut Ledger) -> bool {
    let Terms::SavingsShare {
        switch: Some((_, repaid)),
        success_fees,
        ..
    } = &c.rules[rule].terms
    else {
        return false;
    };
    if success_fees.is_empty() {
        return false;
    }
    if !waterfall::Vehicle::repaid(ledger, repaid) {
        ledger.scratch.pre_switch[rule] += amount;
        return false;
    }
    let weight: f64 = success_fees.iter().map(|&i| c.tranches[i].amount).sum();
    for &i in success_fees {
        ledger.scratch.success_fee[i] += amount * c.tranches[i].amount / weight;
    }
    true
}

/// What event `index` pays before caps on this ledger: `unless_paid_by` and savings-share
/// switches read what has been settled so far.
fn event_gross(
    c: &Contract,
    s: &Schedule,
    world: &World,
    ledger: &Ledger,
    index: usize,
) -> payments::Gross {
    let entitled = |r: usize, k: usize| entitled_under(c, s, world, ledger, r, k, index);
    payments::gross(c, s, world, &s.events[index], entitled, |tranches| {
        waterfall::Vehicle::repaid(ledger, tranches)
    })
}

/// Whether rule `r` pays (or will pay) for cohort `k` on this world's results, whatever
/// the order of the two payments: the meaning of `unless_paid_by`. Once the named rule's
/// event has been settled (earlier, or earlier in this period), what it paid decides.
fn entitled_under(
    c: &Contract,
    s: &Schedule,
    world: &World,
    ledger: &Ledger,
    r: usize,
    k: usize,
    current: usize,
) -> bool {
    let cohorts = c.cohorts.len();
    if ledger.cohort_paid[r * cohorts + k] {
        return true;
    }
    let Some(e) = s.cohort_event[r * cohorts + k] else {
        return false;
    };
    let (pe, pc) = (
        ledger.scratch.event_period[e],
        ledger.scratch.event_period[current],
    );
    if pe < pc || (pe == pc && e < current) {
        return false;
    }
    let g = payments::gross(
        c,
        s,
        world,
        &s.events[e],
        |q, j| ledger.cohort_paid[q * cohorts + j],
        |tranches| waterfall::Vehicle::repaid(ledger, tranches),
    );
    g.amount > 0.0 && g.cohort_mask & (1 << k) != 0
}

/// Cuts a gross payment by every cap, from the narrowest to the widest, splits it among
/// the rule's payers, records it, and returns what is paid. With indexed prices the gross
/// is in period-0 prices and paid at the period's price level; with indexed caps every cap
/// counts payments deflated to period 0 (the scratch totals are kept in that money).
fn apply_caps(
    c: &Contract,
    s: &Schedule,
    world: &World,
    event: usize,
    g: payments::Gross,
    period: u32,
    ledger: &mut Ledger,
) -> f64 {
    let rule_index = s.events[event].rule;
    let rule = &c.rules[rule_index];
    let m = s.events[event].metric;
    let year = s.year_of[period as usize];
    let factor = ledger.price_factor(c, rule_index, period, world.inflation);
    let k = ledger.cap_factor(period);
    let mut shared = shared_room(
        c,
        world,
        rule_index,
        m,
        year,
        g.cohort_mask,
        &ledger.scratch,
    );
    if let Some(earned) = g.per_person {
        // Pathway claims: the per-person cap was applied person by person where people
        // were counted; what they earned is the room it leaves.
        shared[0].1 = c.rules[rule_index]
            .caps
            .per_participant
            .map(|_| earned * factor / k);
    }
    let slot = |limit: Limit, payer: usize| s.slot_of(limit, rule_index, m, payer);
    let gross = g.amount * factor;
    let mut shared_cuts = Cuts::default();
    let mut a = gross / k;
    for (limit, room) in shared {
        a = cut(
            a,
            room,
            limit,
            slot(limit, 0),
            &mut shared_cuts,
            &mut ledger.cap_bound,
        );
    }
    let (mut paid, mut paid_in_caps) = (0.0, 0.0);
    for &(payer, share) in &rule.payers {
        let sc = &ledger.scratch;
        let own = [
            (
                Limit::PayerPerYear,
                c.caps.payer_per_year[payer].map(|l| l - sc.payer_year[payer * s.years + year]),
            ),
            (
                Limit::PayerTotal,
                c.caps.payer_total[payer].map(|l| l - sc.payer_paid[payer]),
            ),
        ];
        let mut cuts = shared_cuts;
        let mut x = a * share;
        for (limit, room) in own {
            x = cut(
                x,
                room,
                limit,
                slot(limit, payer),
                &mut cuts,
                &mut ledger.cap_bound,
            );
        }
        // A share cut to nothing is still listed (at 0, with the caps that cut it), so
        // what the caps cost shows; nothing is booked for it.
        let in_caps = x.max(0.0);
        let x = in_caps * k;
        if x > 0.0 {
            let sc = &mut ledger.scratch;
            sc.payer_paid[payer] += in_caps;
            sc.payer_year[payer * s.years + year] += in_caps;
            sc.payer_period[payer] += x;
            ledger.pay(payer, period, x);
        } else if cuts.is_empty() {
            continue;
        }
        ledger.payments.push(Payment {
            period,
            rule: Some(rule_index),
            event,
            payer,
            gross: gross * share,
            amount: x,
            net: x,
            net_real: x / ledger.price_index[period as usize],
            cuts,
            cohorts: g.cohort_mask,
        });
        paid += x;
        paid_in_caps += in_caps;
    }
    record_paid(
        c,
        world,
        (rule_index, m, year),
        g.cohort_mask,
        (paid, paid_in_caps),
        ledger,
    );
    paid
}

/// What is still allowed under each cap on the rule, the metric and the deal, in the order
/// they apply: the rule's per-participant and per-cohort caps for the cohorts paid for
/// (net of what the rule already paid them, across metrics and events), the rule's total,
/// the metric's, the deal's budget year and the deal's total. `None` where there is no cap.
fn shared_room(
    c: &Contract,
    world: &World,
    rule_index: usize,
    m: usize,
    year: usize,
    mask: u64,
    sc: &Scratch,
) -> [(Limit, Option<f64>); 6] {
    let rule = &c.rules[rule_index];
    let cohorts = c.cohorts.len();
    let paid_for = |k: &usize| mask & (1 << *k) != 0;
    let already = |k: usize| sc.rule_cohort_paid[rule_index * cohorts + k];
    let per_participant = rule.caps.per_participant.map(|x| {
        (0..cohorts)
            .filter(paid_for)
            .map(|k| (x * world.result(m, k).n_treated - already(k)).max(0.0))
            .sum::<f64>()
    });
    let per_cohort = rule.caps.per_cohort.map(|x| {
        (0..cohorts)
            .filter(paid_for)
            .map(|k| (x - already(k)).max(0.0))
            .sum::<f64>()
    });
    [
        (Limit::RulePerParticipant, per_participant),
        (Limit::RulePerCohort, per_cohort),
        (
            Limit::RuleTotal,
            rule.caps.total.map(|x| x - sc.rule_paid_total[rule_index]),
        ),
        (
            Limit::Metric,
            c.caps.metric[m].map(|x| x - sc.metric_paid[m]),
        ),
        (
            Limit::DealPerYear,
            c.caps.per_year.map(|x| x - sc.deal_year[year]),
        ),
        (Limit::DealTotal, c.caps.deal.map(|x| x - sc.deal_paid)),
    ]
}

/// Counts what an event paid (in cash, and in the caps' money) against the rule's, the
/// metric's and the deal's caps, and attributes it to the cohorts paid for, pro rata to
/// their participants (evenly when none took part).
fn record_paid(
    c: &Contract,
    world: &World,
    (rule_index, m, year): (usize, usize, usize),
    mask: u64,
    (cash, paid): (f64, f64),
    ledger: &mut Ledger,
) {
    let cohorts = c.cohorts.len();
    let paid_for = |k: &usize| mask & (1 << *k) != 0;
    let sc = &mut ledger.scratch;
    let weight: f64 = (0..cohorts)
        .filter(paid_for)
        .map(|k| world.result(m, k).n_treated)
        .sum();
    let count = mask.count_ones() as f64;
    for k in (0..cohorts).filter(paid_for) {
        let share = if weight > 0.0 {
            world.result(m, k).n_treated / weight
        } else {
            1.0 / count
        };
        sc.rule_cohort_paid[rule_index * cohorts + k] += paid * share;
    }
    sc.rule_paid_total[rule_index] += paid;
    sc.metric_paid[m] += paid;
    sc.deal_year[year] += paid;
    sc.deal_paid += paid;
    ledger.rule_paid[rule_index] += cash;
}

/// Cuts `amount` to `room`, what is left under a cap, when it would exceed it: the cap's
/// slot is marked as binding and its kind recorded in `cuts`.
fn cut(
    amount: f64,
    room: Option<f64>,
    limit: Limit,
    slot: Option<usize>,
    cuts: &mut Cuts,
    bound: &mut [bool],
) -> f64 {
    match room {
        Some(room) if amount > room + 1e-9 => {
            if let Some(i) = slot {
                bound[i] = true;
                cuts.add(limit);
            }
            room.max(0.0)
        }
        _ => amount,
    }
}

/// Compensation the payer owes in the period it ends the contract.
fn compensation(c: &Contract, world: &World, period: u32, ledger: &mut Ledger) -> f64 {
    let (Some(t), Some(end)) = (&c.termination, world.terminated_at) else {
        return 0.0;
    };
    if end != period {
        return 0.0;
    }
    let amount = match t.compensation {
        Compensation::None => 0.0,
        Compensation::Fixed => t.amount,
        Compensation::OutstandingPrincipal => {
            t.share * waterfall::Vehicle::outstanding_principal(ledger)
        }
    };
    if amount <= 0.0 {
        return 0.0;
    }
    ledger.pay(t.payer, period, amount);
    ledger.scratch.payer_period[t.payer] += amount;
    ledger.payments.push(Payment {
        period,
        rule: None,
        event: usize::MAX,
        payer: t.payer,
        gross: amount,
        amount,
        net: amount,
        net_real: amount / ledger.price_index[period as usize],
        cuts: Cuts::default(),
        cohorts: 0,
    });
    amount
}

#[cfg(test)]
pub(crate) mod tests;
