//! `sibyl explain`: the deal in plain language for a workshop, with the worked examples
//! of [`crate::analysis::explain`] (settled through the same code as every simulation).

use std::fmt::Write;

use crate::analysis::explain::{Explanation, WorkedCase};
use crate::cashflow::returns::Irr;
use crate::model::contract::*;
use crate::model::scenario::Scenario;

use super::summary::{design_text, rule_text};
use crate::format::{amount, count, figure, money, num, pct};

/// The whole explanation.
pub fn explain(c: &Contract, scenario: Option<&Scenario>, ex: &Explanation) -> String {
    let mut out = String::new();
    let d = &c.deal;
    let _ = writeln!(out, "{}", d.name);
    let _ = writeln!(out, "{}", "=".repeat(d.name.chars().count()));
    if let Some(desc) = &d.description {
        let _ = writeln!(out, "{}", desc.trim());
    }
    let _ = writeln!(out);
    who(&mut out, c);
    participants(&mut out, c);
    measured(&mut out, c);
    payments(&mut out, c, ex);
    limits(&mut out, c);
    match (scenario, &ex.expected, &ex.nothing_works) {
        (Some(s), Some(expected), Some(zero)) => {
            worked_example(&mut out, c, s, expected);
            nothing_works(&mut out, c, zero);
        }
        _ => {
            nothing_works_in_general(&mut out, c);
            let _ = writeln!(
                out,
                "\nAdd `--scenario FILE` for a worked example at the expected effect."
            );
        }
    }
    if !d.sources.is_empty() {
        let _ = writeln!(out, "\nSources");
        for s in &d.sources {
            let _ = writeln!(out, "  - {s}");
        }
    }
    out
}

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{}", "-".repeat(title.chars().count()));
}

fn names(c: &Contract, role: Role) -> Vec<String> {
    c.parties
        .iter()
        .filter(|p| p.role == role)
        .map(|p| p.name.clone())
        .collect()
}

fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn who(out: &mut String, c: &Contract) {
    heading(out, "Who is involved");
    let cur = c.deal.currency.as_str();
    // The role is the subject, so the verb agrees with it whatever a party's name is
    // ("Social investors", "17 trusts and foundations"): "the investor puts up".
    let line = |out: &mut String, role: Role, one: (&str, &str), several: (&str, &str)| {
        let n = names(c, role);
        if !n.is_empty() {
            let (noun, verb) = if n.len() == 1 { one } else { several };
            let _ = writeln!(out, "  The {noun}, {}, {verb}.", and_list(&n));
        }
    };
    line(
        out,
        Role::Payer,
        ("outcome payer", "pays only for verified results"),
        ("outcome payers", "pay only for verified results"),
    );
    if c.tranches.is_empty() {
        line(
            out,
            Role::Provider,
            (
                "provider",
                "runs the programme at its own risk and is paid for results directly (payment by results)",
            ),
            (
                "providers",
                "run the programme at their own risk and are paid for results directly (payment by results)",
            ),
        );
    } else {
        let capital = c.capital();
        let investors: Vec<String> = c
            .tranches
            .iter()
            .map(|t| c.parties[t.investor].name.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let (noun, verb) = if investors.len() == 1 {
            ("investor", "puts up")
        } else {
            ("investors", "put up")
        };
        let _ = writeln!(
            out,
            "  The {noun}, {}, {verb} {} before any result is known.",
            and_list(&investors),
            amount(cur, capital)
        );
        line(
            out,
            Role::Provider,
            ("provider", "runs the programme with that money"),
            ("providers", "run the programme with that money"),
        );
    }
    line(
        out,
        Role::Intermediary,
        (
            "intermediary",
            "arranges the deal and runs the vehicle that holds the money",
        ),
        (
            "intermediaries",
            "arrange the deal and run the vehicle that holds the money",
        ),
    );
    line(
        out,
        Role::Guarantor,
        ("guarantor", "stands behind part of the investors' risk"),
        ("guarantors", "stand behind part of the investors' risk"),
    );
    line(
        out,
        Role::Evaluator,
        ("evaluator", "measures and validates the results"),
        ("evaluators", "measure and validate the results"),
    );
    let _ = writeln!(out);
}

fn when(c: &Contract, t: u32) -> String {
    let noun = c.deal.period.noun();
    match c.deal.start {
        Some((y, m, _)) => {
            let months = i64::from(m) - 1 + i64::from(t) * i64::from(12 / c.deal.period.per_year());
            let (year, month) = (i64::from(y) + months.div_euclid(12), months.rem_euclid(12));
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            format!("{noun} {t} ({} {year})", MONTHS[month as usize])
        }
        None => format!("{noun} {t}"),
    }
}

fn participants(out: &mut String, c: &Contract) {
    heading(out, "Who takes part");
    let total: u32 = c.cohorts.iter().map(|k| k.target).sum();
    let _ = writeln!(
        out,
        "  {} in {}:",
        count(f64::from(total), "person"),
        count(c.cohorts.len() as f64, "cohort")
    );
    for k in &c.cohorts {
        let cost =
            k.cost_per_participant + k.cost_per_participant_period * f64::from(k.service_periods);
        let cost = if cost > 0.0 {
            format!(
                "; the service costs about {} a person",
                amount(&c.deal.currency, cost)
            )
        } else {
            String::new()
        };
        let window = if k.enrol_from == k.enrol_to {
            format!("in {}", when(c, k.enrol_from))
        } else {
            format!("from {} to {}", when(c, k.enrol_from), when(c, k.enrol_to))
        };
        let _ = writeln!(
            out,
            "  - {}: {} joining {window}{cost}",
            k.id,
            count(f64::from(k.target), "person"),
        );
    }
    let _ = writeln!(out);
}

fn measured(out: &mut String, c: &Contract) {
    heading(out, "What is measured");
    for m in &c.metrics {
        let unit = m.unit.clone().unwrap_or_else(|| m.id.clone());
        let goal = match m.direction {
            Direction::Increase => "more is better",
            Direction::Reduce => "fewer is better",
        };
        let what = match m.kind {
            MetricKind::Binary => format!("whether each person achieves `{}`", unit),
            MetricKind::Count => match &m.unit {
                Some(unit) => format!("{unit} per person"),
                None => "events per person".to_string(),
            },
            MetricKind::Continuous => format!("each person's {unit}"),
            MetricKind::Cohort => format!("the cohort's {unit}"),
        };
        let _ = writeln!(
            out,
            "  - {}: {what} ({goal}), {} after joining, {}.",
            m.id,
            count(f64::from(m.measured_at), c.deal.period.noun()),
            design_text(&m.design)
        );
        let note = match &m.design {
            Design::None => {
                "    Every outcome is paid, including those that would have happened anyway."
            }
            Design::Historical { .. } => {
                "    If the world changes, the fixed baseline no longer shows what would have happened."
            }
            Design::Comparison { .. } => {
                "    The comparison group may differ from the participants in ways the match misses."
            }
            Design::Rct { .. } => {
                "    Random assignment makes the comparison fair; only chance blurs it."
            }
        };
        let _ = writeln!(out, "{note}");
    }
    let _ = writeln!(out);
}

fn payments(out: &mut String, c: &Contract, ex: &Explanation) {
    heading(out, "What is paid, for what, and when");
    for (i, r) in c.rules.iter().enumerate() {
        let _ = writeln!(out, "  - {}: {}", r.id, rule_text(c, r));
        if let Some(d) = &r.description {
            let _ = writeln!(out, "    {d}");
        }
        let mut due = ex.rule_periods[i].clone();
        due.sort_unstable();
        due.dedup();
        let periods: Vec<String> = due.iter().map(|&t| when(c, t)).collect();
        if !periods.is_empty() {
            let _ = writeln!(out, "    Paid in {} (if on time).", and_list(&periods));
        }
    }
    let _ = writeln!(out);
}

/// A tranche in words: "Tranche loan is a senior loan of EUR 120,000 from Social investor,
/// at 5% a year, its return capped at 1.3x".
fn tranche_words(c: &Contract, t: &crate::model::contract::Tranche) -> String {
    use crate::model::contract::TrancheKind;
    let cur = c.deal.currency.as_str();
    let what = match t.kind {
        TrancheKind::SeniorLoan => "a senior loan",
        TrancheKind::JuniorLoan => "a junior loan",
        TrancheKind::Equity => "equity",
        TrancheKind::RecoverableGrant => "a recoverable grant",
        TrancheKind::DeferredFees => "fees deferred",
    };
    let mut s = format!(
        "Tranche {} is {what} of {} from {}",
        t.id,
        amount(cur, t.amount),
        c.parties[t.investor].name
    );
    if t.coupon > 0.0 {
        let _ = write!(s, ", at {} a year", pct(t.coupon));
    }
    if let Some(x) = t.max_irr {
        let _ = write!(s, ", its return capped at {} a year", pct(x));
    }
    if let (Some(x), false) = (t.max_multiple, t.kind == TrancheKind::RecoverableGrant) {
        let _ = write!(
            s,
            ", its return capped at {}x its money",
            crate::format::num(x)
        );
    }
    s
}

fn limits(out: &mut String, c: &Contract) {
    heading(out, "Up to how much");
    let cur = c.deal.currency.as_str();
    let mut any = false;
    if let Some(x) = c.caps.deal {
        let _ = writeln!(
            out,
            "  The payers never pay more than {} in all.",
            amount(cur, x)
        );
        any = true;
    }
    if let Some(x) = c.caps.per_year {
        let _ = writeln!(
            out,
            "  At most {} falls in any one budget year.",
            amount(cur, x)
        );
        any = true;
    }
    for (i, p) in c.parties.iter().enumerate() {
        if let Some(x) = c.caps.payer_total[i] {
            let _ = writeln!(out, "  {} pays at most {} in all.", p.name, amount(cur, x));
            any = true;
        }
        if let Some(x) = c.caps.payer_per_year[i] {
            let _ = writeln!(out, "  {} pays at most {} a year.", p.name, amount(cur, x));
            any = true;
        }
    }
    for (m, cap) in c.metrics.iter().zip(&c.caps.metric) {
        if let Some(x) = cap {
            let _ = writeln!(out, "  Payments for {} stop at {}.", m.id, amount(cur, *x));
            any = true;
        }
    }
    for t in &c.tranches {
        let _ = writeln!(out, "  {}.", tranche_words(c, t));
        any = true;
    }
    if c.tranches
        .iter()
        .any(|t| t.max_irr.is_some() || t.max_multiple.is_some())
    {
        let to = match c.financing.excess {
            Excess::Payer => "the payers keep it".to_string(),
            Excess::Provider => "it goes to the provider as a bonus".to_string(),
            Excess::Shared => format!(
                "the provider gets {} of it and the payers keep the rest",
                pct(c.financing.excess_provider_share)
            ),
        };
        let _ = writeln!(out, "  Money above the investors' return caps: {to}.");
    }
    if !any {
        let _ = writeln!(out, "  No caps: payments grow with results.");
    }
    match c.deal.indexation {
        crate::choices::Indexation::None => {}
        crate::choices::Indexation::Prices => {
            let _ = writeln!(
                out,
                "  The prices rise with inflation; the caps stay fixed in cash."
            );
        }
        crate::choices::Indexation::PricesAndCaps => {
            let _ = writeln!(out, "  The prices and the caps rise with inflation.");
        }
    }
    for b in &c.budgets {
        let p = &c.parties[b.payer];
        let first = b.per_year[0];
        let set: Vec<String> = if first.is_some() && b.per_year.iter().all(|x| *x == first) {
            vec![format!(
                "{} a budget year",
                amount(cur, first.unwrap_or(0.0))
            )]
        } else {
            super::summary::budget_text(c, b)
                .into_iter()
                .map(|x| format!("budget year {x}"))
                .collect()
        };
        let _ = writeln!(
            out,
            "  {} has budgeted {} (a budget, not a cap: payments can exceed it).",
            p.name,
            and_list(&set)
        );
    }
    let _ = writeln!(out);
}

fn worked_example(out: &mut String, c: &Contract, s: &Scenario, case: &WorkedCase) {
    heading(
        out,
        &format!("Worked example: the expected case of \"{}\"", s.name),
    );
    let cur = c.deal.currency.as_str();
    let world = &case.world;
    let _ = writeln!(
        out,
        "  Every assumption at its mean, every count at its expected value, no early termination."
    );
    for (k, cohort) in c.cohorts.iter().enumerate() {
        let enrolled = world.enrolled_total(k);
        let delay = if world.delay[k] > 0 {
            format!(
                ", {} late",
                count(f64::from(world.delay[k]), c.deal.period.noun())
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  - {}: {} of {} join{delay}.",
            cohort.id,
            money(enrolled),
            count(f64::from(cohort.target), "person")
        );
    }
    for (m, metric) in c.metrics.iter().enumerate() {
        let Some(&k) = metric.cohorts.first() else {
            continue;
        };
        let r = world.result(m, k);
        let unit = metric.unit.clone().unwrap_or_else(|| metric.id.clone());
        let scale = s.metrics[m].effect_scale;
        let effect = match scale {
            crate::model::scenario::EffectScale::Relative => pct(s.metrics[m].effect.expected(s)),
            crate::model::scenario::EffectScale::Absolute => {
                num(round4(s.metrics[m].effect.expected(s)))
            }
        };
        // A binary metric's mean is a share of people; the others are amounts of the unit.
        let level = |x: f64| match metric.kind {
            MetricKind::Binary => pct(round4(x)),
            _ => figure(round4(x)),
        };
        let (without, with) = match metric.kind {
            MetricKind::Binary => (
                format!(
                    "{} of people achieve `{unit}`",
                    level(r.true_counterfactual)
                ),
                level(r.treated_mean),
            ),
            MetricKind::Cohort => (
                format!("the cohort's {unit} is {}", level(r.true_counterfactual)),
                level(r.treated_mean),
            ),
            _ => (
                match &metric.unit {
                    Some(unit) => format!("{} {unit} per person", level(r.true_counterfactual)),
                    None => format!("{} per person", level(r.true_counterfactual)),
                },
                level(r.treated_mean),
            ),
        };
        let _ = writeln!(
            out,
            "  - {}: without the programme {without}, with it {with} (a true effect of {effect}); measured against {}.",
            metric.id,
            level(r.measured_counterfactual)
        );
    }
    let ledger = &case.ledger;
    let _ = writeln!(out, "\n  Payments");
    if ledger.payments.is_empty() && case.late.is_empty() {
        let _ = writeln!(out, "    none: no rule is met at the expected effect.");
    }
    for &(rule, period, gross) in &case.late {
        let _ = writeln!(
            out,
            "    {}: {} would pay {} before caps, after the deal's last {}: it is not paid.",
            when(c, period),
            c.rules[rule].id,
            amount(cur, gross),
            c.deal.period.noun()
        );
    }
    for p in &ledger.payments {
        let what = p.rule.map_or("termination compensation".to_string(), |r| {
            c.rules[r].id.clone()
        });
        let cut = if p.amount + 0.5 < p.gross {
            format!(" (cut from {} by a cap)", money(p.gross))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "    {}: {} pays {} for {what}{cut}",
            when(c, p.period),
            c.parties[p.payer].name,
            amount(cur, p.amount)
        );
    }
    for (i, rule) in c.rules.iter().enumerate() {
        if ledger.rule_paid[i] == 0.0 {
            let _ = writeln!(out, "    {} pays nothing in this case.", rule.id);
        }
    }
    for cap in &case.caps_binding {
        let _ = writeln!(out, "    The cap {cap} binds.");
    }
    outcome_lines(out, c, case);
}

fn round4(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let scale = 10f64.powi(3 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

/// Who ends up with what.
fn outcome_lines(out: &mut String, c: &Contract, case: &WorkedCase) {
    let cur = c.deal.currency.as_str();
    let ledger = &case.ledger;
    let _ = writeln!(out, "\n  Where the money goes");
    for (i, p) in c.parties.iter().enumerate() {
        if p.role == Role::Payer {
            let paid = ledger.payer_paid(i);
            let npv = case.payer_npv[i];
            let real = if ledger.price_index.iter().any(|&x| x != 1.0) {
                ", in period-0 money"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "    {} pays {} (worth {} today at {} a year{real}).",
                p.name,
                amount(cur, paid),
                amount(cur, npv),
                pct(p.discount_rate)
            );
        }
    }
    for (i, t) in c.tranches.iter().enumerate() {
        let drawn = ledger.tranche_drawn[i];
        let got = ledger.tranche_received[i];
        let irr = match case.tranche_irr[i] {
            Irr::Rate(r) => format!("an IRR of {} a year", pct(r)),
            Irr::TotalLoss => "a total loss".to_string(),
            Irr::NoRoot | Irr::MultipleRoots => "no meaningful IRR".to_string(),
        };
        let multiple = case.tranche_moic[i].map_or(String::new(), |m| {
            format!(", {}x its money", num((m * 100.0).round() / 100.0))
        });
        let _ = writeln!(
            out,
            "    {} ({}) puts in {} and gets back {}{multiple}: {irr}.",
            t.id,
            c.parties[t.investor].name,
            amount(cur, drawn),
            amount(cur, got)
        );
    }
    for (g, guarantee) in c.guarantees.iter().enumerate() {
        if ledger.guarantee_paid[g] > 0.0 {
            let _ = writeln!(
                out,
                "    {} pays {} under its guarantee.",
                c.parties[guarantee.guarantor].name,
                amount(cur, ledger.guarantee_paid[g])
            );
        }
    }
    for (i, p) in c.parties.iter().enumerate() {
        if matches!(p.role, Role::Provider | Role::Intermediary) && ledger.party_received[i] > 0.0 {
            let _ = writeln!(
                out,
                "    {} receives {}.",
                p.name,
                amount(cur, ledger.party_received[i])
            );
        }
    }
    if ledger.provider_unfunded > 0.5 {
        let _ = writeln!(
            out,
            "    The provider carries {} of costs from its own pocket.",
            amount(cur, ledger.provider_unfunded)
        );
    }
    if ledger.refunded > 0.5 {
        let _ = writeln!(
            out,
            "    {} beyond what the investors are owed goes back to the payers.",
            amount(cur, ledger.refunded)
        );
    }
}

fn nothing_works(out: &mut String, c: &Contract, case: &WorkedCase) {
    let _ = writeln!(out);
    heading(out, "If nothing works");
    let _ = writeln!(
        out,
        "  The same expected case, but the programme has no effect at all."
    );
    let ledger = &case.ledger;
    if ledger.deal_paid() > 0.5 {
        let _ = writeln!(
            out,
            "  The payers still pay {}: outcomes that would have happened anyway (deadweight) or measurement noise.",
            amount(&c.deal.currency, ledger.deal_paid())
        );
    }
    outcome_lines(out, c, case);
}

fn nothing_works_in_general(out: &mut String, c: &Contract) {
    heading(out, "If nothing works");
    let cur = c.deal.currency.as_str();
    if c.tranches.is_empty() {
        let _ = writeln!(
            out,
            "  The provider carries the cost of the programme and receives only what rate cards pay for outcomes achieved."
        );
        return;
    }
    let _ = writeln!(
        out,
        "  Payers pay nothing for measured improvements; the investors can lose the {} they put in.",
        amount(cur, c.capital())
    );
    for g in &c.guarantees {
        let cover = match g.kind {
            GuaranteeKind::FirstLoss => format!(
                "the first {} of losses",
                amount(cur, g.limit.unwrap_or(0.0))
            ),
            GuaranteeKind::CapitalProtection => format!("{} of the principal", pct(g.share)),
        };
        let _ = writeln!(
            out,
            "  {} covers {cover} of tranche {}.",
            c.parties[g.guarantor].name, c.tranches[g.tranche].id
        );
    }
}
