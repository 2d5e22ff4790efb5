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
use sibyl::diagnostics::Source;
use sibyl::model::Contract;
use sibyl::world::World;

/// Parses and validates contract text (panics with the diagnostics if invalid).
pub fn contract(text: &str) -> Contract {
    match sibyl::load::contract_from_source(&Source::new("t.toml", text)) {
        Ok(c) => c.value,
        Err(e) => panic!("{e}"),
    }
}

/// Settles one world.
pub fn settle_once(c: &Contract, w: &World) -> Ledger {
    let s = Schedule::new(c);
    let mut l = Ledger::new(c, &s);
    settle(c, &s, w, &mut l);
    l
}
