//! balances accrue over periods settlement
//! skips; loan coupons, IRR caps and pro-rata water-filling within a rank.

use sibyl::cashflow::returns;
use sibyl::model::Contract;
use sibyl::world::{Measured, World};

use super::settle_once;
use crate::util::contract;

const BASE: &str = r#"
[deal]
name = "t"
currency = "GBP"
period = "PERIOD"
horizon = 12
[parties.city]
role = "payer"
[parties.p]
role = "provider"
[parties.bank]
role = "investor"
[cohorts.a]
target = 100
enrol_from = 0
cost_per_participant = 1000
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = MEASURED
measurement = "none"
[rules.card]
type = "rate_card"
metric = "job"
price = 10000
TRANCHES
"#;

fn world(c: &Contract, p: f64) -> World {
    let mut w = World::empty(c);
    w.enrolled[0] = 100.0;
    *w.result_mut(0, 0) = Measured {
        n_treated: 100.0,
        treated_mean: p,
        ..Measured::default()
    };
    w
}

fn quarterly(tranche: &str) -> Contract {
    contract(
        &BASE
            .replace("PERIOD", "quarter")
            .replace("MEASURED", "7")
            .replace("TRANCHES", tranche),
    )
}

#[test]
fn coupon_accrues_over_skipped_quarters() {
    // Periods 1 to 6 are idle; the loan is owed 100,000 × 1.1^(7/4) in period 7.
    let c = quarterly(
        "[tranches.s]\ntype = \"senior_loan\"\ninvestor = \"bank\"\namount = 100000\ncoupon = 0.10\n",
    );
    let l = settle_once(&c, &world(&c, 1.0));
    let owed = 100_000.0 * 1.1f64.powf(7.0 / 4.0);
    assert!(
        (l.tranche_received[0] - owed).abs() < 1e-6,
        "{}",
        l.tranche_received[0]
    );
    assert!(l.imbalance().abs() < 1e-6);
}

#[test]
fn irr_cap_accrues_over_skipped_quarters() {
    let c = quarterly(
        "[tranches.s]\ntype = \"equity\"\ninvestor = \"bank\"\namount = 100000\nmax_irr = 0.13\n",
    );
    let l = settle_once(&c, &world(&c, 1.0));
    let irr = returns::irr(l.tranche_cash_flows(0), 4).value().unwrap();
    assert!((irr - 0.13).abs() < 1e-9, "{irr}");
    assert!((l.refunded - (1_000_000.0 - l.tranche_received[0])).abs() < 1e-6);
}

#[test]
fn equal_ranks_share_pro_rata_up_to_each_claim() {
    // 11 jobs × 10,000 = 110,000 in period 1 to two rank-1 loans: a (60,000, no coupon)
    // and b (40,000 at 20%, owed 48,000). Pro rata 66,000 / 44,000: a is full at 60,000,
    // the 6,000 left tops b up to 48,000, and 2,000 above both claims goes back.
    let c = contract(&BASE.replace("PERIOD", "year").replace("MEASURED", "1").replace(
        "TRANCHES",
        "[tranches.a]\ntype = \"senior_loan\"\ninvestor = \"bank\"\namount = 60000\nseniority = 1\n\
         [tranches.b]\ntype = \"senior_loan\"\ninvestor = \"bank\"\namount = 40000\ncoupon = 0.2\nseniority = 1\n",
    ));
    let l = settle_once(&c, &world(&c, 0.11));
    assert!((l.tranche_received[0] - 60_000.0).abs() < 1e-6);
    assert!((l.tranche_received[1] - 48_000.0).abs() < 1e-6);
    assert!((l.refunded - 2_000.0).abs() < 1e-6);
    assert!(l.imbalance().abs() < 1e-6);
}
