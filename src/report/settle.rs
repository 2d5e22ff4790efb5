//! The settlement for people: payments, payers, tranches, and where the rest went.

use std::fmt::Write;

use crate::analysis::settle::{DealTotals, Settlement};
use crate::format::{amount, money};
use crate::model::contract::{Contract, Terms};

/// The settlement for people.
pub fn table(c: &Contract, name: &str, st: &Settlement) -> String {
    let cur = st.currency.as_str();
    let mut out = String::new();
    let _ = writeln!(out, "{} settled on \"{name}\"", c.deal.name);
    if let Some(t) = st.as_of {
        let _ = writeln!(
            out,
            "  to period {t} only: the history stops there, so figures are to date and returns are not yet known"
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Payments");
    if st.payments.is_empty() {
        let _ = writeln!(out, "  none: no rule was met");
    }
    for p in &st.payments {
        let cut = if p.cut_by.is_empty() {
            String::new()
        } else {
            format!(
                " (cut from {} by {})",
                money(p.before_caps),
                p.cut_by.join(", ")
            )
        };
        let cohorts = if p.cohorts.is_empty() {
            String::new()
        } else {
            format!(" for {}", p.cohorts.join(", "))
        };
        // A rate card pays per metric: say which.
        let metric = match (&p.metric, c.rules.iter().find(|r| r.id == p.rule)) {
            (Some(m), Some(r)) if matches!(r.terms, Terms::RateCard { .. }) && *m != r.id => {
                format!(" on {m}")
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  period {:>3}: {} pays {} under {}{metric}{cohorts}{cut}",
            p.period,
            p.payer,
            amount(cur, p.amount),
            p.rule
        );
    }
    let _ = writeln!(out, "\nPayers");
    for (id, p) in &st.payers {
        let refunded = if p.refunded > 0.0 {
            format!(
                " ({} paid out, {} handed back above the return caps)",
                money(p.paid + p.refunded),
                money(p.refunded)
            )
        } else {
            String::new()
        };
        let real = if st.inflation != 0.0 {
            " (in period-0 money)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {id}: paid {}{refunded}, NPV {}{real}",
            amount(cur, p.paid),
            amount(cur, p.npv)
        );
    }
    if !st.tranches.is_empty() {
        let _ = writeln!(out, "\nTranches");
        for t in &st.tranches {
            let irr = match (t.irr_status, t.irr) {
                ("rate", Some(r)) => format!("IRR {:.2}% a year", 100.0 * r),
                ("total_loss", _) => "IRR -100% (total loss)".to_string(),
                ("ongoing", _) => "IRR not yet known".to_string(),
                (status, _) => format!("IRR undefined ({})", status.replace('_', " ")),
            };
            let moic = t.moic.map_or(String::new(), |m| format!(", {m:.2}x"));
            let _ = writeln!(
                out,
                "  {} ({}): drew {}, received {}{moic}, {irr}",
                t.id,
                t.investor,
                amount(cur, t.drawn),
                amount(cur, t.received)
            );
        }
    }
    let mut rest = String::new();
    if let Some(t) = &st.totals {
        elsewhere(&mut rest, cur, t);
    }
    if !st.caps_binding.is_empty() {
        let _ = writeln!(rest, "  caps that bound: {}", st.caps_binding.join(", "));
    }
    if !rest.is_empty() {
        let _ = write!(out, "\nElsewhere\n{rest}");
    }
    out
}

/// Providers', intermediaries' and guarantors' money over the whole deal.
fn elsewhere(out: &mut String, cur: &str, t: &DealTotals) {
    for (id, x) in t.received.iter().filter(|(_, x)| **x > 0.5) {
        let _ = writeln!(out, "  {id} received {}", amount(cur, *x));
    }
    for (id, x) in &t.guarantees {
        if *x > 0.0 {
            let _ = writeln!(out, "  guarantee {id} paid {}", amount(cur, *x));
        }
    }
    for (label, x) in [
        ("refunded to payers (above return caps)", t.refunded),
        ("fees left unpaid", t.fees_unpaid),
        ("service costs the provider carried", t.provider_unfunded),
    ] {
        if x > 0.5 {
            let _ = writeln!(out, "  {label}: {}", amount(cur, x));
        }
    }
}
