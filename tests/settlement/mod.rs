//! Settlement on small hand-built contracts: regression tests for bugs found in review
//! (each module names the behaviour it pins) and checks of verified behaviour.

mod accrual;
mod fees;
mod rate_card_caps;
mod refunds;
mod replay;
mod termination;
mod unless_paid_by;

use sibyl::cashflow::{Ledger, Schedule, settle};
use sibyl::model::Contract;
use sibyl::world::World;

/// Settles one world.
pub fn settle_once(c: &Contract, w: &World) -> Ledger {
    let s = Schedule::new(c);
    let mut l = Ledger::new(c, &s);
    settle(c, &s, w, &mut l);
    l
}
