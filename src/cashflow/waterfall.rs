//! The vehicle: draws capital, pays costs and fees, and passes outcome payments down the
//! tranches in seniority order.

use crate::model::contract::*;

use super::Ledger;
use super::schedule::Schedule;
use crate::world::World;

/// Per-tranche balances while settling (index = tranche).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrancheState {
    /// Principal drawn and not yet repaid.
    principal: Vec<f64>,
    /// What the tranche is owed at its coupon (loans, deferred fees).
    loan_balance: Vec<f64>,
    /// What it may still receive before its IRR cap binds.
    cap_balance: Vec<f64>,
}

impl TrancheState {
    pub fn new(n: usize) -> Self {
        Self {
            principal: vec![0.0; n],
            loan_balance: vec![0.0; n],
            cap_balance: vec![0.0; n],
        }
    }

    pub fn clear(&mut self) {
        self.principal.fill(0.0);
        self.loan_balance.fill(0.0);
        self.cap_balance.fill(0.0);
    }
}

/// The vehicle's cash and timing for one settlement.
pub struct Vehicle {
    cash: f64,
    /// Last period with costs, after delays and termination.
    last_cost_period: u32,
    provider: Option<usize>,
}

impl Vehicle {
    pub fn start(c: &Contract, s: &Schedule, world: &World) -> Self {
        let delay = world.delay.iter().copied().max().unwrap_or(0);
        let mut last = s
            .last_cost_period
            .saturating_add(delay)
            .min(s.horizon as u32 - 1);
        if let Some(end) = world.terminated_at {
            if !c.pay_enrolled_after_termination() {
                last = last.min(end);
            }
        }
        let provider = c.service_provider();
        Vehicle {
            cash: 0.0,
            last_cost_period: last,
            provider,
        }
    }

    /// Whether every listed tranche has been repaid its principal and coupon.
    pub fn repaid(ledger: &Ledger, tranches: &[usize]) -> bool {
        let st = &ledger.scratch.tranche;
        tranches.iter().all(|&i| {
            ledger.tranche_drawn[i] > 0.0 && st.loan_balance[i] <= 1e-6 && st.principal[i] <= 1e-6
        })
    }

    /// Principal drawn and not yet repaid, over all tranches.
    pub fn outstanding_principal(ledger: &Ledger) -> f64 {
        ledger.scratch.tranche.principal.iter().sum()
    }

    pub fn last_cost_period(&self) -> u32 {
        self.last_cost_period
    }

    /// One busy period `t` (the previous busy one was `previous`): accrue over the gap,
    /// pay costs (drawing capital as needed), distribute receipts.
    #[allow(clippy::too_many_arguments)]
    pub fn period(
        &mut self,
        c: &Contract,
        s: &Schedule,
        world: &World,
        t: u32,
        previous: u32,
        receipts: f64,
        ledger: &mut Ledger,
    ) {
        accrue(s, t - previous, ledger);
        pay_success_fees(t, ledger);
        let (service, fees) = costs_due(c, s, world, t, ledger.enrol_spans());
        // Costs are in period-0 money and rise with prices.
        let service = service * ledger.price_index[t as usize];
        let tu = t as usize;
        ledger.service_flows[tu] += service;
        let last = tu + 1 == s.horizon;
        if c.tranches.is_empty() {
            // No investors: the provider funds the work and pays the fees from its own
            // pocket and receives the outcome payments; no money passes through a vehicle.
            ledger.provider_unfunded += service + fees;
            ledger.unfunded_flows[tu] += service + fees;
            ledger.provider_cost += service + fees;
            ledger.provider_cost_flows[tu] += service + fees;
            match self.provider {
                Some(p) => ledger.receive(p, t, receipts),
                None => ledger.retained += receipts,
            }
            if let (Some(i), true) = (c.financing.fee_to, fees > 0.0) {
                ledger.receive(i, t, fees);
                ledger.provider_paid_fees += fees;
            }
            return;
        }
        ledger.provider_cost += service;
        ledger.provider_cost_flows[tu] += service;
        if t == 0 && c.financing.drawdown == Drawdown::Upfront {
            for i in 0..c.tranches.len() {
                draw(i, c.tranches[i].amount, t, ledger);
                self.cash += c.tranches[i].amount;
            }
        }
        // Fees are the most senior claim on outcome payments.
        let fee_from_receipts = fees.min(receipts);
        let receipts = receipts - fee_from_receipts;
        let fees_left = fees - fee_from_receipts;
        let recycle = c.financing.recycle && t < self.last_cost_period;
        let mut distributable = receipts;
        if recycle {
            self.cash += receipts;
            distributable = 0.0;
        }
        // Capital is drawn only while the service runs, never to pay fees afterwards.
        let due = service + fees_left;
        if due > self.cash
            && c.financing.drawdown == Drawdown::AsNeeded
            && t <= self.last_cost_period
        {
            self.cash += draw_pro_rata(c, due - self.cash, t, ledger);
        }
        let fee_paid = fees_left.min(self.cash);
        self.cash -= fee_paid;
        let service_paid = service.min(self.cash);
        self.cash -= service_paid;
        match c.financing.fee_to {
            Some(i) => ledger.receive(i, t, fee_from_receipts + fee_paid),
            None => ledger.retained += fee_from_receipts + fee_paid,
        }
        match self.provider {
            Some(p) => ledger.receive(p, t, service_paid),
            None => ledger.retained += service_paid,
        }
        ledger.fees_unpaid += fees_left - fee_paid;
        ledger.provider_unfunded += service - service_paid;
        ledger.unfunded_flows[tu] += service - service_paid;
        if t >= self.last_cost_period || last {
            // No more service to fund: what is left in the vehicle goes down the waterfall.
            distributable += self.cash;
            self.cash = 0.0;
        }
        if distributable > 0.0 {
            let left = distribute(c, s, distributable, t, ledger);
            let left = crossing_success_fees(c, left, t, ledger);
            self.excess(c, left, t, ledger);
        }
    }

    /// Money above every claim: the provider's share as a bonus, the rest back to payers.
    fn excess(&mut self, c: &Contract, left: f64, t: u32, ledger: &mut Ledger) {
        if left <= 1e-9 {
            return;
        }
        let to_provider = left * c.financing.excess_provider_share;
        if let (Some(p), true) = (self.provider, to_provider > 0.0) {
            ledger.receive(p, t, to_provider);
        }
        let refund = left
            - if self.provider.is_some() {
                to_provider
            } else {
                0.0
            };
        refund_payers(refund, t, ledger);
    }

    /// After the last period: guarantees pay the tranches' shortfalls, in the last period
    /// of the deal, or, when the contract was ended early, once nothing more moves: in the
    /// latest of the period it ended, the last period any payer paid, the last period with
    /// costs (those enrolled may still be served), and the last period any tranche drew or
    /// received money.
    pub fn finish(&mut self, c: &Contract, s: &Schedule, world: &World, ledger: &mut Ledger) {
        ledger.retained += self.cash;
        self.cash = 0.0;
        let last = s.horizon - 1;
        let t = match world.terminated_at {
            Some(end) => {
                let paid = ledger
                    .payments
                    .iter()
                    .filter(|p| p.amount > 0.0)
                    .map(|p| p.period as usize)
                    .max()
                    .unwrap_or(0);
                let moved = (0..s.horizon)
                    .rev()
                    .find(|&t| {
                        (0..c.tranches.len())
                            .any(|i| ledger.tranche_flows[i * s.horizon + t] != 0.0)
                    })
                    .unwrap_or(0);
                (end as usize)
                    .max(paid)
                    .max(self.last_cost_period as usize)
                    .max(moved)
                    .min(last)
            }
            None => last,
        };
        for (g_index, g) in c.guarantees.iter().enumerate() {
            let i = g.tranche;
            let floor = match g.kind {
                GuaranteeKind::FirstLoss => ledger.tranche_drawn[i],
                GuaranteeKind::CapitalProtection => g.share * ledger.tranche_drawn[i],
            };
            let shortfall = (floor - ledger.tranche_received[i]).max(0.0);
            let pay = g.limit.map_or(shortfall, |l| shortfall.min(l));
            if pay > 0.0 {
                ledger.guarantee_paid[g_index] += pay;
                ledger.tranche_received[i] += pay;
                ledger.tranche_flows[i * s.horizon + t] += pay;
            }
        }
    }
}

/// Interest and return-cap balances grow over `gap` periods.
fn accrue(s: &Schedule, gap: u32, ledger: &mut Ledger) {
    if gap == 0 || !s.accrues {
        return;
    }
    let st = &mut ledger.scratch.tranche;
    let at = |i: usize| i * (s.horizon + 1) + gap as usize;
    for i in 0..st.loan_balance.len() {
        st.loan_balance[i] *= s.coupon_growth[at(i)];
        if s.cap_rate[i].is_some() {
            st.cap_balance[i] *= s.cap_growth[at(i)];
        }
    }
}

/// Service costs and fees due in period `t` (with the cost overrun).
/// `spans` gives each cohort's periods of enrolment, so only those are summed.
fn costs_due(
    c: &Contract,
    s: &Schedule,
    world: &World,
    t: u32,
    spans: &[std::ops::Range<usize>],
) -> (f64, f64) {
    let tu = t as usize;
    let stopped = world.terminated_at.is_some_and(|end| t > end);
    let serve_enrolled = !stopped || c.pay_enrolled_after_termination();
    let mut service = 0.0;
    if serve_enrolled && s.cohort_costs {
        for (k, cohort) in c.cohorts.iter().enumerate() {
            service += world.enrolled(k, tu) * cohort.cost_per_participant;
            if cohort.cost_per_participant_period > 0.0 {
                let first = tu.saturating_sub(cohort.service_periods as usize - 1);
                let from = first.max(spans[k].start);
                let to = (tu + 1).min(spans[k].end);
                let in_service: f64 = (from..to).map(|u| world.enrolled(k, u)).sum();
                service += in_service * cohort.cost_per_participant_period;
            }
        }
    }
    if !stopped {
        if t == 0 {
            service += c.costs.setup;
        }
        if (c.costs.fixed_from..=c.costs.fixed_to).contains(&t) {
            service += c.costs.fixed_per_period;
        }
    }
    let mut fees = 0.0;
    if !stopped {
        fees += c.financing.management_fee_per_period;
        if t == 0 {
            fees += c.financing.arrangement_fee;
        }
    }
    (service * (1.0 + world.overrun), fees)
}

fn draw(i: usize, amount: f64, t: u32, ledger: &mut Ledger) {
    let h = ledger.horizon;
    ledger.tranche_drawn[i] += amount;
    ledger.tranche_flows[i * h + t as usize] -= amount;
    ledger.tranche_draws[i * h + t as usize] += amount;
    let st = &mut ledger.scratch.tranche;
    st.principal[i] += amount;
    st.loan_balance[i] += amount;
    st.cap_balance[i] += amount;
}

/// Draws `need` from undrawn commitments, pro rata; returns what was drawn.
fn draw_pro_rata(c: &Contract, need: f64, t: u32, ledger: &mut Ledger) -> f64 {
    let undrawn: f64 = c
        .tranches
        .iter()
        .enumerate()
        .map(|(i, tr)| tr.amount - ledger.tranche_drawn[i])
        .sum();
    if undrawn <= 1e-9 {
        return 0.0;
    }
    let take = need.min(undrawn);
    for (i, tr) in c.tranches.iter().enumerate() {
        let room = tr.amount - ledger.tranche_drawn[i];
        if room > 0.0 {
            draw(i, take * room / undrawn, t, ledger);
        }
    }
    take
}

/// What a tranche may still receive.
fn claim(c: &Contract, i: usize, ledger: &Ledger) -> f64 {
    let tr = &c.tranches[i];
    let st = &ledger.scratch.tranche;
    let mut claim = match tr.kind {
        TrancheKind::SeniorLoan | TrancheKind::JuniorLoan | TrancheKind::DeferredFees => {
            st.loan_balance[i]
        }
        TrancheKind::Equity | TrancheKind::RecoverableGrant => f64::INFINITY,
    };
    if tr.max_irr.is_some() {
        claim = claim.min(st.cap_balance[i]);
    }
    if let Some(m) = tr.max_multiple {
        claim = claim.min(m * ledger.tranche_drawn[i] - ledger.tranche_received[i]);
    }
    claim.max(0.0)
}

/// Passes `amount` down the ranks; returns what is left above every claim.
fn distribute(c: &Contract, s: &Schedule, mut amount: f64, t: u32, ledger: &mut Ledger) -> f64 {
    for rank in &s.ranks {
        if amount <= 1e-12 {
            break;
        }
        // Water-filling: pro rata to commitments, each member up to its claim.
        let mut active: u64 = rank
            .iter()
            .enumerate()
            .filter(|&(_, &i)| claim(c, i, ledger) > 1e-12)
            .fold(0, |m, (j, _)| m | (1 << j));
        while active != 0 && amount > 1e-12 {
            let weight: f64 = rank
                .iter()
                .enumerate()
                .filter(|&(j, _)| active & (1 << j) != 0)
                .map(|(_, &i)| c.tranches[i].amount)
                .sum();
            let pot = amount;
            let mut saturated = false;
            for (j, &i) in rank.iter().enumerate() {
                if active & (1 << j) == 0 {
                    continue;
                }
                let share = pot * c.tranches[i].amount / weight;
                let room = claim(c, i, ledger);
                let pay = share.min(room);
                receive(i, pay, t, ledger);
                amount -= pay;
                if pay >= room - 1e-12 {
                    active &= !(1 << j);
                    saturated = true;
                }
            }
            if !saturated {
                break;
            }
        }
    }
    amount.max(0.0)
}

fn receive(i: usize, x: f64, t: u32, ledger: &mut Ledger) {
    if x <= 0.0 {
        return;
    }
    let h = ledger.horizon;
    ledger.tranche_received[i] += x;
    ledger.tranche_flows[i * h + t as usize] += x;
    let st = &mut ledger.scratch.tranche;
    st.principal[i] = (st.principal[i] - x).max(0.0);
    st.loan_balance[i] -= x;
    st.cap_balance[i] -= x;
}

/// A savings share with success fees whose payment this period repaid the loans and more:
/// "95% until repaid, then 40%" means the avoided cost beyond what repaid them is owed at
/// 40%, not 95%. So of what this payment brought above every claim (`left`, at most the
/// payment), the share after the switch over the share before goes to its tranches as
/// success fees and the rest back to the payer as usual; returns what is still left.
/// Rules in the order of the contract take `left` in turn.
fn crossing_success_fees(c: &Contract, mut left: f64, t: u32, ledger: &mut Ledger) -> f64 {
    for r in 0..ledger.scratch.pre_switch.len() {
        let paid = ledger.scratch.pre_switch[r];
        if paid <= 0.0 || left <= 1e-9 {
            continue;
        }
        let Terms::SavingsShare {
            share,
            switch: Some((after, _)),
            success_fees,
            ..
        } = &c.rules[r].terms
        else {
            continue;
        };
        let above = left.min(paid);
        let fee = above * after / share;
        let weight: f64 = success_fees.iter().map(|&i| c.tranches[i].amount).sum();
        let h = ledger.horizon;
        for &i in success_fees {
            let x = fee * c.tranches[i].amount / weight;
            ledger.tranche_received[i] += x;
            ledger.tranche_flows[i * h + t as usize] += x;
        }
        // The rest of what this rule paid above the claims was not owed: back to the
        // payers, whatever the contract does with other money above the claims, and not
        // left for the next rule to count again.
        refund_payers(above - fee, t, ledger);
        left -= above;
    }
    left
}

/// Pays the success fees due in period `t` to their tranches: beyond their repayment, so
/// no balance moves and no claim or return cap limits them; ahead of fees and recycling.
fn pay_success_fees(t: u32, ledger: &mut Ledger) {
    let h = ledger.horizon;
    for i in 0..ledger.scratch.success_fee.len() {
        let x = ledger.scratch.success_fee[i];
        if x > 0.0 {
            ledger.tranche_received[i] += x;
            ledger.tranche_flows[i * h + t as usize] += x;
        }
    }
}

/// Charges a refund to the payments it came from: first this period's payments by the payer
/// (the receipts the vehicle could not pass on), pro rata to what is left of each, then,
/// for any rest, its earlier payments still held. Together the payer's payments keep what
/// it has paid net of refunds, in cash and in period-0 money (the refund deflated by the
/// price level of period `t`, when it is made).
fn charge_refund(ledger: &mut Ledger, payer: usize, t: u32, back: f64) {
    let level = ledger.price_index[t as usize];
    let rest = charge(ledger, payer, back, level, |period| period == t);
    charge(ledger, payer, rest, level, |period| period < t);
}

/// Charges up to `amount` (made at price level `level`) to the payer's payments in the
/// periods `when` selects, pro rata to what is left of each; returns what they could not
/// take.
fn charge(
    ledger: &mut Ledger,
    payer: usize,
    amount: f64,
    level: f64,
    when: impl Fn(u32) -> bool,
) -> f64 {
    let chosen = |x: &crate::cashflow::Payment| x.payer == payer && when(x.period);
    let held: f64 = ledger
        .payments
        .iter()
        .filter(|x| chosen(x))
        .map(|x| x.net)
        .sum();
    if amount <= 0.0 || held <= 0.0 {
        return amount.max(0.0);
    }
    let taken = amount.min(held);
    let keep = 1.0 - taken / held;
    for pay in ledger.payments.iter_mut().filter(|x| chosen(x)) {
        pay.net_real -= pay.net * (1.0 - keep) / level;
        pay.net *= keep;
    }
    amount - taken
}

/// Hands money above the caps back to the payers, pro rata to what they have paid, net of
/// earlier refunds; with no payer to refund it stays in the vehicle. Money handed back no
/// longer counts against the deal's and each payer's total caps (what they limit is what the
/// payers part with), so a large early payment cut by a return cap does not use up the
/// headroom later cohorts are paid from. Budget-year, rule and metric caps count what was
/// paid when it was paid.
fn refund_payers(refund: f64, t: u32, ledger: &mut Ledger) {
    if refund <= 1e-12 {
        return;
    }
    // Pro rata to what each payer has put in, net of earlier refunds: nobody gets back more
    // than it paid, and whoever's money is held shares in the refund.
    let parties = ledger.party_received.len();
    let total: f64 = (0..parties).map(|p| ledger.payer_paid(p).max(0.0)).sum();
    if total <= 0.0 {
        ledger.retained += refund;
        return;
    }
    // What no payer put in (capital above a tranche's return cap, say) stays in the
    // vehicle, where it shows.
    ledger.retained += (refund - total).max(0.0);
    let refund = refund.min(total);
    for p in 0..parties {
        let w = ledger.payer_paid(p).max(0.0);
        if w > 0.0 {
            let back = refund * w / total;
            ledger.pay(p, t, -back);
            ledger.refund_flows[p * ledger.horizon + t as usize] += back;
            charge_refund(ledger, p, t, back);
            // The deal's and the payer's total caps count in their own money.
            let back = back / ledger.cap_factor(t);
            let sc = &mut ledger.scratch;
            sc.payer_paid[p] = (sc.payer_paid[p] - back).max(0.0);
            sc.deal_paid = (sc.deal_paid - back).max(0.0);
        }
    }
    ledger.refunded += refund;
}
