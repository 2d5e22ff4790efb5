//! The settlement for people: payments, payers, tranches, and where the rest went, in the
//! language of a [`Locale`] (messages in `locales/<lang>/settle.ftl`).

use std::fmt::Write;

use crate::analysis::settle::{DealTotals, Settlement};
use crate::i18n::{Lang, Locale};
use crate::model::contract::{Contract, Terms};
use crate::tr;

/// The settlement for people.
pub fn table(c: &Contract, name: &str, st: &Settlement, loc: &Locale) -> String {
    let cur = st.currency.as_str();
    // Amounts round halves away from zero, as they always have.
    let amount = |x: f64| loc.amount(cur, x.round());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        tr!(loc, "settle-title", deal = &c.deal.name, observed = name)
    );
    if let Some(t) = st.as_of {
        let _ = writeln!(
            out,
            "  {}",
            tr!(loc, "settle-as-of", period = t.to_string())
        );
    }
    if let Some(e) = &st.ended_on_result {
        let words = |x: f64| {
            if e.relative { loc.pct(x) } else { loc.plain(x) }
        };
        let _ = writeln!(
            out,
            "  {}",
            tr!(
                loc,
                "settle-ended-on-result",
                period = e.period.to_string(),
                effect = words((e.effect * 1e4).round() / 1e4),
                metric = &e.metric,
                below = words(e.below)
            )
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", loc.t("settle-payments"));
    if st.payments.is_empty() {
        let _ = writeln!(out, "  {}", loc.t("settle-no-payments"));
    }
    for p in &st.payments {
        let period = format!("{:>3}", p.period);
        if p.metric.is_none() {
            // Compensation on termination: no rule, metric, cohorts or caps.
            let _ = writeln!(
                out,
                "  {}",
                tr!(
                    loc,
                    "settle-payment-termination",
                    period = period,
                    payer = &p.payer,
                    amount = amount(p.amount)
                )
            );
            continue;
        }
        let mut line = tr!(
            loc,
            "settle-payment",
            period = period,
            payer = &p.payer,
            amount = amount(p.amount),
            rule = &p.rule
        );
        // A rate card pays per metric: say which.
        if let (Some(m), Some(r)) = (&p.metric, c.rules.iter().find(|r| r.id == p.rule)) {
            if matches!(r.terms, Terms::RateCard { .. }) && *m != r.id {
                line.push_str(&tr!(loc, "settle-payment-metric", metric = m));
            }
        }
        if !p.cohorts.is_empty() {
            line.push_str(&tr!(
                loc,
                "settle-payment-cohorts",
                cohorts = p.cohorts.join(", ")
            ));
        }
        if !p.cut_by.is_empty() {
            line.push_str(&tr!(
                loc,
                "settle-payment-cut",
                before = loc.money(p.before_caps.round()),
                caps = p.cut_by.join(", ")
            ));
        }
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "\n{}", loc.t("settle-payers"));
    for (id, p) in &st.payers {
        let mut line = if p.refunded > 0.0 {
            tr!(
                loc,
                "settle-payer-refunded",
                payer = id,
                paid = amount(p.paid),
                paid_out = loc.money((p.paid + p.refunded).round()),
                handed_back = loc.money(p.refunded.round()),
                npv = amount(p.npv)
            )
        } else {
            tr!(
                loc,
                "settle-payer",
                payer = id,
                paid = amount(p.paid),
                npv = amount(p.npv)
            )
        };
        if st.inflation != 0.0 {
            line.push_str(&loc.t("settle-payer-real"));
        }
        let _ = writeln!(out, "  {line}");
    }
    if !st.tranches.is_empty() {
        let _ = writeln!(out, "\n{}", loc.t("settle-tranches"));
        for t in &st.tranches {
            let rate = match (t.irr_status, t.irr) {
                ("rate", Some(r)) => super::run_table::signed(loc, r, loc.pct_fixed(r, 2)),
                ("total_loss", _) => loc.pct(-1.0),
                _ => String::new(),
            };
            let irr = tr!(loc, "settle-irr", status = t.irr_status, rate = rate);
            let drawn = amount(t.drawn);
            let received = amount(t.received);
            let line = match t.moic {
                Some(m) => tr!(
                    loc,
                    "settle-tranche-moic",
                    tranche = &t.id,
                    investor = &t.investor,
                    drawn = drawn,
                    received = received,
                    moic = multiple(loc, m),
                    irr = irr
                ),
                None => tr!(
                    loc,
                    "settle-tranche",
                    tranche = &t.id,
                    investor = &t.investor,
                    drawn = drawn,
                    received = received,
                    irr = irr
                ),
            };
            let _ = writeln!(out, "  {line}");
        }
    }
    let mut rest = String::new();
    if let Some(t) = &st.totals {
        elsewhere(&mut rest, loc, cur, t);
    }
    if !st.caps_binding.is_empty() {
        let _ = writeln!(
            rest,
            "  {}",
            tr!(loc, "settle-caps-bound", caps = st.caps_binding.join(", "))
        );
    }
    if !rest.is_empty() {
        let _ = write!(out, "\n{}\n{rest}", loc.t("settle-elsewhere"));
    }
    out
}

/// A multiple, never with thousands separators in English (`1.18x`).
fn multiple(loc: &Locale, x: f64) -> String {
    let s = loc.multiple(x);
    match loc.lang {
        Lang::En => s.replace(',', ""),
        _ => s,
    }
}

/// Providers', intermediaries' and guarantors' money over the whole deal.
fn elsewhere(out: &mut String, loc: &Locale, cur: &str, t: &DealTotals) {
    let amount = |x: f64| loc.amount(cur, x.round());
    for (id, x) in t.received.iter().filter(|(_, x)| **x > 0.5) {
        let _ = writeln!(
            out,
            "  {}",
            tr!(loc, "settle-received", party = id, amount = amount(*x))
        );
    }
    for (id, x) in &t.guarantees {
        if *x > 0.0 {
            let _ = writeln!(
                out,
                "  {}",
                tr!(
                    loc,
                    "settle-guarantee-paid",
                    guarantee = id,
                    amount = amount(*x)
                )
            );
        }
    }
    let lines = [
        (
            t.refunded,
            tr!(loc, "settle-refunded", amount = amount(t.refunded)),
        ),
        (
            t.fees_unpaid,
            tr!(loc, "settle-fees-unpaid", amount = amount(t.fees_unpaid)),
        ),
        (
            t.provider_unfunded,
            tr!(
                loc,
                "settle-provider-unfunded",
                amount = amount(t.provider_unfunded)
            ),
        ),
    ];
    for (x, line) in lines {
        if x > 0.5 {
            let _ = writeln!(out, "  {line}");
        }
    }
}
