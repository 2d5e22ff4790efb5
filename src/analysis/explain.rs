//! The worked examples of `sibyl explain`: the scenario's expected world and the same world
//! with no effect at all, each settled once through the same code as every trial.

use crate::cashflow::returns::{self, Irr};
use crate::cashflow::{self, Ledger, Schedule};
use crate::model::contract::{Contract, Role};
use crate::model::scenario::{Quantity, Scenario};
use crate::world::World;
use crate::world::expected::expected_world;

/// What `explain` shows beyond the contract's own terms.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// Per rule: the periods in which its payments fall due, if results come on time.
    pub rule_periods: Vec<Vec<u32>>,
    /// The expected case of the scenario, when one is given.
    pub expected: Option<WorkedCase>,
    /// The expected case with no effect at all, when a scenario is given.
    pub nothing_works: Option<WorkedCase>,
}

/// One world settled, with every party's figures.
#[derive(Debug, Clone)]
pub struct WorkedCase {
    pub world: World,
    pub ledger: Ledger,
    /// The caps that cut a payment, by name.
    pub caps_binding: Vec<String>,
    /// Per party: the present value of what it paid, at its own discount rate (payers).
    pub payer_npv: Vec<f64>,
    /// Per tranche: its annualised IRR.
    pub tranche_irr: Vec<Irr>,
    /// Per tranche: received over drawn, when anything was drawn.
    pub tranche_moic: Vec<Option<f64>>,
    /// Payments that would fall after the deal's last period: (rule, period, before caps).
    pub late: Vec<(usize, u32, f64)>,
}

/// The worked examples of a contract under a scenario (none without one).
pub fn explain(c: &Contract, scenario: Option<&Scenario>) -> Explanation {
    let schedule = Schedule::new(c);
    let rule_periods = (0..c.rules.len())
        .map(|i| {
            schedule
                .events
                .iter()
                .filter(|e| e.rule == i)
                .map(|e| e.period)
                .collect()
        })
        .collect();
    let (expected, nothing_works) = match scenario {
        Some(s) => {
            let mut zero = s.clone();
            for m in &mut zero.metrics {
                m.effect = Quantity::Fixed(0.0);
            }
            (
                Some(worked_case(c, &schedule, expected_world(c, s))),
                Some(worked_case(c, &schedule, expected_world(c, &zero))),
            )
        }
        None => (None, None),
    };
    Explanation {
        rule_periods,
        expected,
        nothing_works,
    }
}

fn worked_case(c: &Contract, schedule: &Schedule, world: World) -> WorkedCase {
    let mut ledger = Ledger::new(c, schedule);
    cashflow::settle(c, schedule, &world, &mut ledger);
    let caps_binding = schedule
        .caps
        .iter()
        .enumerate()
        .filter(|(slot, _)| ledger.cap_bound[*slot])
        .map(|(_, cap)| cap.name.clone())
        .collect();
    let payer_npv = c
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| match p.role {
            Role::Payer => ledger.present_value(
                &ledger.payer_flows[i * ledger.horizon..(i + 1) * ledger.horizon],
                per_period(c, p.discount_rate),
            ),
            _ => 0.0,
        })
        .collect();
    let tranche_irr = (0..c.tranches.len())
        .map(|i| returns::irr(ledger.tranche_cash_flows(i), c.deal.period.per_year()))
        .collect();
    let tranche_moic = (0..c.tranches.len())
        .map(|i| returns::moic(ledger.tranche_drawn[i], ledger.tranche_received[i]))
        .collect();
    let late = ledger
        .after_horizon
        .iter()
        .map(|l| (schedule.events[l.event].rule, l.period, l.gross))
        .collect();
    WorkedCase {
        late,
        world,
        ledger,
        caps_binding,
        payer_npv,
        tranche_irr,
        tranche_moic,
    }
}

/// An annual rate as a rate per period of the deal.
fn per_period(c: &Contract, annual: f64) -> f64 {
    (1.0 + annual).powf(1.0 / f64::from(c.deal.period.per_year())) - 1.0
}
