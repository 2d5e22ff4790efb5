//! `sibyl explain`: the deal in plain language for a workshop, with the worked examples
//! of [`crate::analysis::explain`] (settled through the same code as every simulation).
//!
//! Every sentence is a message of `locales/<lang>/explain.ftl`; numbers, amounts, shares and
//! months are written by the [`Locale`]. Names and ids from the user's files stay as written.

use std::fmt::Write;

use crate::analysis::explain::{Explanation, WorkedCase};
use crate::cashflow::returns::Irr;
use crate::i18n::{Arg, Locale};
use crate::model::contract::*;
use crate::model::scenario::Scenario;
use crate::tr;

use super::summary::{amount_in, design_text, money_in, rule_text};

/// The whole explanation, in the locale's language.
pub fn explain(
    c: &Contract,
    scenario: Option<&Scenario>,
    ex: &Explanation,
    loc: &Locale,
) -> String {
    let mut out = String::new();
    let d = &c.deal;
    let _ = writeln!(out, "{}", d.name);
    let _ = writeln!(out, "{}", "=".repeat(d.name.chars().count()));
    if let Some(desc) = &d.description {
        let _ = writeln!(out, "{}", desc.trim());
    }
    let _ = writeln!(out);
    who(&mut out, c, loc);
    participants(&mut out, c, loc);
    measured(&mut out, c, loc);
    payments(&mut out, c, ex, loc);
    limits(&mut out, c, loc);
    match (scenario, &ex.expected, &ex.nothing_works) {
        (Some(s), Some(expected), Some(zero)) => {
            worked_example(&mut out, c, s, expected, loc);
            nothing_works(&mut out, c, zero, loc);
        }
        _ => {
            nothing_works_in_general(&mut out, c, loc);
            let _ = writeln!(out, "\n{}", loc.t("explain-add-scenario"));
        }
    }
    if !d.sources.is_empty() {
        let _ = writeln!(out, "\n{}", loc.t("explain-heading-sources"));
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

/// "A", "A and B", "A, B and C" in the locale's language.
fn and_list(items: &[String], loc: &Locale) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => tr!(loc, "explain-and", init = init.join(", "), last = last),
    }
}

fn who(out: &mut String, c: &Contract, loc: &Locale) {
    heading(out, &loc.t("explain-heading-who"));
    let cur = c.deal.currency.as_str();
    // The role is the subject, so the verb agrees with it whatever a party's name is
    // ("Social investors", "17 trusts and foundations"): "the investor puts up".
    let line = |out: &mut String, role: Role, id: &str| {
        let n = names(c, role);
        if !n.is_empty() {
            let text = loc.tr(
                id,
                &[
                    ("count", n.len().into()),
                    ("names", and_list(&n, loc).into()),
                ],
            );
            let _ = writeln!(out, "  {text}");
        }
    };
    line(out, Role::Payer, "explain-who-payer");
    if c.tranches.is_empty() {
        line(out, Role::Provider, "explain-who-provider-direct");
    } else {
        let investors: Vec<String> = c
            .tranches
            .iter()
            .map(|t| c.parties[t.investor].name.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let text = tr!(
            loc,
            "explain-who-investor",
            count = investors.len(),
            names = and_list(&investors, loc),
            amount = amount_in(loc, cur, c.capital())
        );
        let _ = writeln!(out, "  {text}");
        line(out, Role::Provider, "explain-who-provider-funded");
    }
    line(out, Role::Intermediary, "explain-who-intermediary");
    line(out, Role::Guarantor, "explain-who-guarantor");
    line(out, Role::Evaluator, "explain-who-evaluator");
    let _ = writeln!(out);
}

/// How a period reads in a sentence: the nominative, or the form a sentence asks for.
#[derive(Clone, Copy)]
enum Form {
    Plain,
    From,
    To,
    In,
}

/// A period of the deal with its calendar month when the deal has a start date:
/// "quarter 14 (Mar 2014)".
fn when(c: &Contract, t: u32, loc: &Locale) -> String {
    when_as(c, t, Form::Plain, loc)
}

fn when_as(c: &Contract, t: u32, form: Form, loc: &Locale) -> String {
    let unit = c.deal.period.noun();
    let n = t.to_string();
    let period = match form {
        Form::Plain => tr!(loc, "explain-when", unit = unit, n = &n),
        Form::From => tr!(loc, "explain-when-from", unit = unit, n = &n),
        Form::To => tr!(loc, "explain-when-to", unit = unit, n = &n),
        Form::In => tr!(loc, "explain-when-in", unit = unit, n = &n),
    };
    match c.deal.start {
        Some((y, m, _)) => {
            let months = i64::from(m) - 1 + i64::from(t) * i64::from(12 / c.deal.period.per_year());
            let (year, month) = (i64::from(y) + months.div_euclid(12), months.rem_euclid(12));
            tr!(
                loc,
                "explain-dated",
                when = period,
                month = loc.month(month as u32 + 1),
                year = year.to_string()
            )
        }
        None => period,
    }
}

fn participants(out: &mut String, c: &Contract, loc: &Locale) {
    heading(out, &loc.t("explain-heading-participants"));
    let total: u32 = c.cohorts.iter().map(|k| k.target).sum();
    let _ = writeln!(
        out,
        "  {}",
        tr!(
            loc,
            "explain-participants",
            people = loc.count(f64::from(total), "person"),
            n = money_in(loc, c.cohorts.len() as f64),
            count = c.cohorts.len()
        )
    );
    for k in &c.cohorts {
        let people = loc.count(f64::from(k.target), "person");
        let mut text = if k.enrol_from == k.enrol_to {
            tr!(
                loc,
                "explain-cohort-in",
                people = people,
                when = when_as(c, k.enrol_from, Form::In, loc)
            )
        } else {
            tr!(
                loc,
                "explain-cohort-between",
                people = people,
                from = when_as(c, k.enrol_from, Form::From, loc),
                to = when_as(c, k.enrol_to, Form::To, loc)
            )
        };
        let cost =
            k.cost_per_participant + k.cost_per_participant_period * f64::from(k.service_periods);
        if cost > 0.0 {
            text.push_str(&tr!(
                loc,
                "explain-cohort-cost",
                amount = amount_in(loc, &c.deal.currency, cost)
            ));
        }
        let _ = writeln!(out, "  - {}: {text}", k.id);
    }
    let _ = writeln!(out);
}

fn measured(out: &mut String, c: &Contract, loc: &Locale) {
    heading(out, &loc.t("explain-heading-measured"));
    for m in &c.metrics {
        let unit = m.unit.clone().unwrap_or_else(|| m.id.clone());
        let goal = match m.direction {
            Direction::Increase => loc.t("explain-goal-more"),
            Direction::Reduce => loc.t("explain-goal-fewer"),
        };
        let what = match m.kind {
            MetricKind::Binary => tr!(loc, "explain-what-binary", unit = &unit),
            MetricKind::Count => match &m.unit {
                Some(unit) => tr!(loc, "explain-what-count", unit = unit),
                None => loc.t("explain-what-events"),
            },
            MetricKind::Continuous => tr!(loc, "explain-what-continuous", unit = &unit),
            MetricKind::Cohort => tr!(loc, "explain-what-cohort", unit = &unit),
        };
        let line = match &m.stage {
            None => tr!(
                loc,
                "explain-metric",
                what = what,
                goal = goal,
                after = loc.count(f64::from(m.measured_at), c.deal.period.noun()),
                design = design_text(&m.design, loc)
            ),
            Some(stage) => {
                let after = if stage.after.is_empty() {
                    loc.t("explain-stage-from-start")
                } else {
                    let names: Vec<String> = stage
                        .after
                        .iter()
                        .map(|&j| c.metrics[j].id.clone())
                        .collect();
                    tr!(
                        loc,
                        "explain-stage-after",
                        stages = names.join(&format!("` {} `", loc.t("explain-stage-or")))
                    )
                };
                let mut wait = if stage.wait > 0 {
                    tr!(
                        loc,
                        "explain-stage-wait",
                        periods = loc.count(f64::from(stage.wait), c.deal.period.noun())
                    )
                } else {
                    String::new()
                };
                if stage.repeat > 1 {
                    wait.push_str(&tr!(
                        loc,
                        "explain-stage-repeat",
                        times = loc.plain(f64::from(stage.repeat))
                    ));
                }
                // Measured against a counterfactual: at its measurement point.
                let design = if m.design.has_counterfactual() {
                    tr!(
                        loc,
                        "explain-stage-measured",
                        after = loc.count(f64::from(m.measured_at), c.deal.period.noun()),
                        design = design_text(&m.design, loc)
                    )
                } else {
                    design_text(&m.design, loc)
                };
                tr!(
                    loc,
                    "explain-stage",
                    what = what,
                    goal = goal,
                    after = after,
                    wait = wait,
                    design = design
                )
            }
        };
        let _ = writeln!(out, "  - {}: {line}", m.id);
        let note = match &m.design {
            Design::None => loc.t("explain-note-none"),
            Design::Historical {
                trend_adjusted: false,
                ..
            } => loc.t("explain-note-historical"),
            Design::Historical {
                trend_adjusted: true,
                ..
            } => loc.t("explain-note-historical-trend"),
            Design::Comparison { .. } => loc.t("explain-note-comparison"),
            Design::Rct { .. } => loc.t("explain-note-rct"),
        };
        let _ = writeln!(out, "    {note}");
    }
    let _ = writeln!(out);
}

fn payments(out: &mut String, c: &Contract, ex: &Explanation, loc: &Locale) {
    heading(out, &loc.t("explain-heading-payments"));
    for (i, r) in c.rules.iter().enumerate() {
        let _ = writeln!(out, "  - {}: {}", r.id, rule_text(c, r, loc));
        if let Some(d) = &r.description {
            let _ = writeln!(out, "    {d}");
        }
        let mut due = ex.rule_periods[i].clone();
        due.sort_unstable();
        due.dedup();
        let periods: Vec<String> = due.iter().map(|&t| when(c, t, loc)).collect();
        let claims = c.pathways.iter().any(|p| p.rule == Some(i));
        if let (true, Some(first), Some(last)) = (claims, due.first(), due.last()) {
            // A pathway's claims fall due period after period: the span, not every period.
            let _ = writeln!(
                out,
                "    {}",
                tr!(
                    loc,
                    "explain-paid-from-to",
                    first = when(c, *first, loc),
                    last = when(c, *last, loc)
                )
            );
        } else if !periods.is_empty() {
            let _ = writeln!(
                out,
                "    {}",
                tr!(
                    loc,
                    "explain-paid-in",
                    periods = and_list(&periods, loc),
                    count = periods.len()
                )
            );
        }
    }
    if let Some(t) = &c.termination
        && let Some(o) = &t.on_result
    {
        on_result(out, c, t, o, loc);
    }
    let _ = writeln!(out);
}

/// Termination on results, in words: who ends the contract on which evaluation, and what
/// follows.
fn on_result(out: &mut String, c: &Contract, t: &Termination, o: &OnResult, loc: &Locale) {
    let _ = writeln!(out, "  {}", on_result_sentence(c, o, loc));
    let payer = &c.parties[t.payer].name;
    let compensation = match t.compensation {
        Compensation::None => loc.t("explain-termination-compensation-none"),
        Compensation::Fixed => tr!(
            loc,
            "explain-termination-compensation-fixed",
            payer = payer,
            amount = amount_in(loc, &c.deal.currency, t.amount)
        ),
        Compensation::OutstandingPrincipal => tr!(
            loc,
            "explain-termination-compensation-principal",
            payer = payer,
            share = loc.pct(t.share)
        ),
    };
    let enrolled = if t.pay_enrolled {
        loc.t("explain-termination-enrolled-paid")
    } else {
        loc.t("explain-termination-enrolled-stop")
    };
    let _ = writeln!(
        out,
        "  {}",
        tr!(
            loc,
            "explain-termination-then",
            compensation = compensation,
            enrolled = enrolled
        )
    );
}

/// Who ends the contract on which interim evaluation, in one sentence (the workbook's
/// payment rules say it too).
pub(crate) fn on_result_sentence(c: &Contract, o: &OnResult, loc: &Locale) -> String {
    let payers = names(c, Role::Payer);
    let cohorts: Vec<String> = o.cohorts.iter().map(|&k| c.cohorts[k].id.clone()).collect();
    tr!(
        loc,
        "explain-termination-on-result",
        must = if o.must { "must" } else { "may" },
        payer = and_list(&payers, loc),
        count = payers.len(),
        when = when_as(c, o.at, Form::In, loc),
        metric = &c.metrics[o.metric].id,
        below = effect_words(o.scale, o.below, loc),
        cohorts = and_list(&cohorts, loc)
    )
}

/// An effect as a share ("8.5%") or in the metric's units ("0.5").
fn effect_words(scale: EffectScale, x: f64, loc: &Locale) -> String {
    match scale {
        EffectScale::Relative => loc.pct(x),
        EffectScale::Absolute => loc.plain(x),
    }
}

/// In a worked case, the interim evaluation that ended the contract, if one did.
fn ended_on_result(out: &mut String, c: &Contract, world: &crate::world::World, loc: &Locale) {
    let Some(o) = c.termination.as_ref().and_then(|t| t.on_result.as_ref()) else {
        return;
    };
    let Some((at, effect)) = crate::world::termination::evaluation(c, world) else {
        return;
    };
    if effect >= o.below || world.terminated_at != Some(at) {
        return;
    }
    let _ = writeln!(
        out,
        "  {}",
        tr!(
            loc,
            "explain-example-ended",
            when = when_as(c, at, Form::In, loc),
            effect = effect_words(o.scale, round4(effect), loc),
            metric = &c.metrics[o.metric].id,
            below = effect_words(o.scale, o.below, loc)
        )
    );
}

/// A tranche in words: "Tranche loan is a senior loan of EUR 120,000 from Social investor,
/// at 5% a year, its return capped at 1.3x its money".
fn tranche_words(c: &Contract, t: &crate::model::contract::Tranche, loc: &Locale) -> String {
    use crate::model::contract::TrancheKind;
    let cur = c.deal.currency.as_str();
    let mut s = tr!(
        loc,
        "explain-tranche",
        kind = t.kind.word(),
        id = &t.id,
        amount = amount_in(loc, cur, t.amount),
        investor = &c.parties[t.investor].name
    );
    if t.coupon > 0.0 {
        s.push_str(&tr!(
            loc,
            "explain-tranche-coupon",
            rate = loc.pct(t.coupon)
        ));
    }
    if let Some(x) = t.max_irr {
        s.push_str(&tr!(loc, "explain-tranche-irr-cap", rate = loc.pct(x)));
    }
    if let (Some(x), false) = (t.max_multiple, t.kind == TrancheKind::RecoverableGrant) {
        s.push_str(&tr!(
            loc,
            "explain-tranche-multiple-cap",
            multiple = loc.plain(x)
        ));
    }
    s
}

fn limits(out: &mut String, c: &Contract, loc: &Locale) {
    heading(out, &loc.t("explain-heading-limits"));
    let cur = c.deal.currency.as_str();
    let mut lines: Vec<String> = Vec::new();
    if let Some(x) = c.caps.deal {
        lines.push(tr!(
            loc,
            "explain-cap-deal",
            amount = amount_in(loc, cur, x)
        ));
    }
    if let Some(x) = c.caps.per_year {
        lines.push(tr!(
            loc,
            "explain-cap-year",
            amount = amount_in(loc, cur, x)
        ));
    }
    for (i, p) in c.parties.iter().enumerate() {
        if let Some(x) = c.caps.payer_total[i] {
            lines.push(tr!(
                loc,
                "explain-cap-payer",
                payer = &p.name,
                amount = amount_in(loc, cur, x)
            ));
        }
        if let Some(x) = c.caps.payer_per_year[i] {
            lines.push(tr!(
                loc,
                "explain-cap-payer-year",
                payer = &p.name,
                amount = amount_in(loc, cur, x)
            ));
        }
    }
    for (m, cap) in c.metrics.iter().zip(&c.caps.metric) {
        if let Some(x) = cap {
            lines.push(tr!(
                loc,
                "explain-cap-metric",
                metric = &m.id,
                amount = amount_in(loc, cur, *x)
            ));
        }
    }
    for t in &c.tranches {
        lines.push(format!("{}.", tranche_words(c, t, loc)));
    }
    let any = !lines.is_empty();
    for line in lines {
        let _ = writeln!(out, "  {line}");
    }
    if c.tranches
        .iter()
        .any(|t| t.max_irr.is_some() || t.max_multiple.is_some())
    {
        let text = match c.financing.excess {
            Excess::Payer => loc.t("explain-excess-payer"),
            Excess::Provider => loc.t("explain-excess-provider"),
            Excess::Shared => tr!(
                loc,
                "explain-excess-shared",
                share = loc.pct(c.financing.excess_provider_share)
            ),
        };
        let _ = writeln!(out, "  {text}");
    }
    if !any {
        let _ = writeln!(out, "  {}", loc.t("explain-no-caps"));
    }
    match c.deal.indexation {
        crate::choices::Indexation::None => {}
        crate::choices::Indexation::Prices => {
            let _ = writeln!(out, "  {}", loc.t("explain-indexation-prices"));
        }
        crate::choices::Indexation::PricesAndCaps => {
            let _ = writeln!(out, "  {}", loc.t("explain-indexation-caps"));
        }
    }
    for b in &c.budgets {
        let p = &c.parties[b.payer];
        let first = b.per_year[0];
        let set = if first.is_some() && b.per_year.iter().all(|x| *x == first) {
            tr!(
                loc,
                "explain-budget-flat",
                amount = amount_in(loc, cur, first.unwrap_or(0.0))
            )
        } else {
            let spans: Vec<String> = super::summary::budget_spans(b)
                .into_iter()
                .map(|(from, to, x)| {
                    tr!(
                        loc,
                        "explain-budget-years",
                        years = super::summary::years_text(c, from, to, loc),
                        count = to - from + 1,
                        amount = amount_in(loc, cur, x)
                    )
                })
                .collect();
            and_list(&spans, loc)
        };
        let _ = writeln!(
            out,
            "  {}",
            tr!(loc, "explain-budget", payer = &p.name, budget = set)
        );
    }
    let _ = writeln!(out);
}

fn worked_example(out: &mut String, c: &Contract, s: &Scenario, case: &WorkedCase, loc: &Locale) {
    heading(
        out,
        &tr!(loc, "explain-heading-example", scenario = &s.name),
    );
    let cur = c.deal.currency.as_str();
    let world = &case.world;
    let evaluated = c
        .termination
        .as_ref()
        .is_some_and(|t| t.on_result.is_some());
    let _ = writeln!(
        out,
        "  {}",
        loc.t(if evaluated {
            "explain-example-assumptions-evaluated"
        } else {
            "explain-example-assumptions"
        })
    );
    for (k, cohort) in c.cohorts.iter().enumerate() {
        let enrolled = money_in(loc, world.enrolled_total(k));
        let people = loc.count(f64::from(cohort.target), "person");
        let text = if world.delay[k] > 0 {
            tr!(
                loc,
                "explain-example-joined-late",
                enrolled = enrolled,
                people = people,
                delay = loc.count(f64::from(world.delay[k]), c.deal.period.noun())
            )
        } else {
            tr!(
                loc,
                "explain-example-joined",
                enrolled = enrolled,
                people = people
            )
        };
        let _ = writeln!(out, "  - {}: {text}", cohort.id);
    }
    for (m, metric) in c.metrics.iter().enumerate() {
        let Some(&k) = metric.cohorts.first() else {
            continue;
        };
        let r = world.result(m, k);
        let unit = metric.unit.clone().unwrap_or_else(|| metric.id.clone());
        let scale = s.metrics[m].effect_scale;
        // A pathway stage's shares are of everyone who joined, compounded along the stages
        // before it and cut by the deal's end: its effect is what they show, not the
        // effect on the step from the stage before.
        let given = s.metrics[m].effect.expected(s);
        let shown = match (metric.stage.is_some(), scale) {
            (true, crate::model::scenario::EffectScale::Relative)
                if r.true_counterfactual > 0.0 =>
            {
                r.treated_mean / r.true_counterfactual - 1.0
            }
            (true, crate::model::scenario::EffectScale::Absolute) => {
                r.treated_mean - r.true_counterfactual
            }
            _ => given,
        };
        let effect = match scale {
            crate::model::scenario::EffectScale::Relative => loc.pct(shown),
            crate::model::scenario::EffectScale::Absolute => loc.plain(round4(shown)),
        };
        // A binary metric's mean is a share of people; the others are amounts of the unit.
        let level = |x: f64| match metric.kind {
            MetricKind::Binary => loc.pct(round4(x)),
            _ => loc.figure(round4(x)),
        };
        let id = match metric.kind {
            MetricKind::Binary => "explain-example-binary",
            MetricKind::Cohort => "explain-example-cohort",
            _ if metric.unit.is_some() => "explain-example-per-person",
            _ => "explain-example-per-person-plain",
        };
        let text = loc.tr(
            id,
            &[
                ("without", level(r.true_counterfactual).into()),
                ("with", level(r.treated_mean).into()),
                ("effect", effect.into()),
                ("measured", level(r.measured_counterfactual).into()),
                ("unit", unit.into()),
            ],
        );
        let _ = writeln!(out, "  - {}: {text}", metric.id);
        if metric.stage.is_some() && s.metrics[m].hazard.is_some() {
            let v = crate::world::pathway::stage_values(&s.metrics[m], |q| q.expected(s));
            let _ = writeln!(
                out,
                "    {}",
                tr!(
                    loc,
                    "explain-example-hazard",
                    without = loc.pct(round4(v.moves_base)),
                    with = loc.pct(round4(v.moves))
                )
            );
        }
    }
    ended_on_result(out, c, world, loc);
    let ledger = &case.ledger;
    let _ = writeln!(out, "\n  {}", loc.t("explain-example-payments"));
    if ledger.payments.is_empty() && case.late.is_empty() {
        let _ = writeln!(out, "    {}", loc.t("explain-example-no-payments"));
    }
    // A pathway's claims: one line per rule (and payer) and period, its stages added up.
    let claims = |r: usize| c.pathways.iter().any(|p| p.rule == Some(r));
    let mut late: Vec<(usize, u32, f64)> = Vec::with_capacity(case.late.len());
    for &(rule, period, gross) in &case.late {
        match late.last_mut() {
            Some(l) if claims(rule) && l.0 == rule && l.1 == period => l.2 += gross,
            _ => late.push((rule, period, gross)),
        }
    }
    let mut lines: Vec<(u32, usize, Option<usize>, f64, f64)> =
        Vec::with_capacity(ledger.payments.len());
    for p in &ledger.payments {
        if let Some(r) = p.rule.filter(|&r| claims(r)) {
            if let Some(l) = lines
                .iter_mut()
                .rev()
                .take_while(|l| l.0 == p.period)
                .find(|l| l.1 == p.payer && l.2 == Some(r))
            {
                l.3 += p.amount;
                l.4 += p.gross;
                continue;
            }
        }
        lines.push((p.period, p.payer, p.rule, p.amount, p.gross));
    }
    for &(rule, period, gross) in &late {
        let _ = writeln!(
            out,
            "    {}: {}",
            when(c, period, loc),
            tr!(
                loc,
                "explain-example-late",
                rule = &c.rules[rule].id,
                amount = amount_in(loc, cur, gross),
                unit = c.deal.period.noun()
            )
        );
    }
    for &(period, payer, rule, paid, gross) in &lines {
        let payer = &c.parties[payer].name;
        let amount = amount_in(loc, cur, paid);
        let mut text = match rule {
            Some(r) => tr!(
                loc,
                "explain-example-payment",
                payer = payer,
                amount = amount,
                rule = &c.rules[r].id
            ),
            None => tr!(
                loc,
                "explain-example-payment-termination",
                payer = payer,
                amount = amount
            ),
        };
        if paid + 0.5 < gross {
            let cut = tr!(loc, "explain-example-cut", gross = money_in(loc, gross));
            let _ = write!(text, " {cut}");
        }
        let _ = writeln!(out, "    {}: {text}", when(c, period, loc));
    }
    for (i, rule) in c.rules.iter().enumerate() {
        if ledger.rule_paid[i] == 0.0 {
            let _ = writeln!(
                out,
                "    {}",
                tr!(loc, "explain-example-rule-unpaid", rule = &rule.id)
            );
        }
    }
    for cap in &case.caps_binding {
        let _ = writeln!(
            out,
            "    {}",
            tr!(loc, "explain-example-cap-binds", cap = cap)
        );
    }
    outcome_lines(out, c, case, loc);
}

fn round4(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let scale = 10f64.powi(3 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

/// Who ends up with what.
fn outcome_lines(out: &mut String, c: &Contract, case: &WorkedCase, loc: &Locale) {
    let cur = c.deal.currency.as_str();
    let ledger = &case.ledger;
    let _ = writeln!(out, "\n  {}", loc.t("explain-money-heading"));
    let real = ledger.price_index.iter().any(|&x| x != 1.0);
    for (i, p) in c.parties.iter().enumerate() {
        if p.role == Role::Payer {
            let id = if real {
                "explain-money-payer-real"
            } else {
                "explain-money-payer"
            };
            let text = loc.tr(
                id,
                &[
                    ("payer", p.name.as_str().into()),
                    ("amount", amount_in(loc, cur, ledger.payer_paid(i)).into()),
                    ("value", amount_in(loc, cur, case.payer_npv[i]).into()),
                    ("rate", loc.pct(p.discount_rate).into()),
                ],
            );
            let _ = writeln!(out, "    {text}");
        }
    }
    for (i, t) in c.tranches.iter().enumerate() {
        let result = match case.tranche_irr[i] {
            Irr::Rate(r) => tr!(loc, "explain-irr-rate", rate = loc.pct(r)),
            Irr::TotalLoss => loc.t("explain-irr-total-loss"),
            Irr::NoRoot | Irr::MultipleRoots => loc.t("explain-irr-none"),
        };
        let mut args: Vec<(&str, Arg)> = vec![
            ("tranche", t.id.as_str().into()),
            ("investor", c.parties[t.investor].name.as_str().into()),
            ("drawn", amount_in(loc, cur, ledger.tranche_drawn[i]).into()),
            (
                "received",
                amount_in(loc, cur, ledger.tranche_received[i]).into(),
            ),
            ("result", result.into()),
        ];
        let id = match case.tranche_moic[i] {
            Some(m) => {
                args.push(("multiple", loc.plain((m * 100.0).round() / 100.0).into()));
                "explain-money-tranche-multiple"
            }
            None => "explain-money-tranche",
        };
        let _ = writeln!(out, "    {}", loc.tr(id, &args));
    }
    for (g, guarantee) in c.guarantees.iter().enumerate() {
        if ledger.guarantee_paid[g] > 0.0 {
            let _ = writeln!(
                out,
                "    {}",
                tr!(
                    loc,
                    "explain-money-guarantee",
                    guarantor = &c.parties[guarantee.guarantor].name,
                    amount = amount_in(loc, cur, ledger.guarantee_paid[g])
                )
            );
        }
    }
    for (i, p) in c.parties.iter().enumerate() {
        if matches!(p.role, Role::Provider | Role::Intermediary) && ledger.party_received[i] > 0.0 {
            let _ = writeln!(
                out,
                "    {}",
                tr!(
                    loc,
                    "explain-money-receives",
                    party = &p.name,
                    amount = amount_in(loc, cur, ledger.party_received[i])
                )
            );
        }
    }
    if ledger.provider_unfunded > 0.5 {
        let _ = writeln!(
            out,
            "    {}",
            tr!(
                loc,
                "explain-money-unfunded",
                amount = amount_in(loc, cur, ledger.provider_unfunded)
            )
        );
    }
    if ledger.refunded > 0.5 {
        let _ = writeln!(
            out,
            "    {}",
            tr!(
                loc,
                "explain-money-refunded",
                amount = amount_in(loc, cur, ledger.refunded)
            )
        );
    }
}

fn nothing_works(out: &mut String, c: &Contract, case: &WorkedCase, loc: &Locale) {
    let _ = writeln!(out);
    heading(out, &loc.t("explain-heading-nothing-works"));
    let _ = writeln!(out, "  {}", loc.t("explain-nothing-same-case"));
    ended_on_result(out, c, &case.world, loc);
    let ledger = &case.ledger;
    if ledger.deal_paid() > 0.5 {
        let _ = writeln!(
            out,
            "  {}",
            tr!(
                loc,
                "explain-nothing-still-pays",
                amount = amount_in(loc, &c.deal.currency, ledger.deal_paid())
            )
        );
    }
    outcome_lines(out, c, case, loc);
}

fn nothing_works_in_general(out: &mut String, c: &Contract, loc: &Locale) {
    heading(out, &loc.t("explain-heading-nothing-works"));
    let cur = c.deal.currency.as_str();
    if c.tranches.is_empty() {
        let _ = writeln!(out, "  {}", loc.t("explain-nothing-direct"));
        return;
    }
    let _ = writeln!(
        out,
        "  {}",
        tr!(
            loc,
            "explain-nothing-investors",
            amount = amount_in(loc, cur, c.capital())
        )
    );
    for g in &c.guarantees {
        let guarantor = &c.parties[g.guarantor].name;
        let tranche = &c.tranches[g.tranche].id;
        let text = match g.kind {
            GuaranteeKind::FirstLoss => tr!(
                loc,
                "explain-nothing-first-loss",
                guarantor = guarantor,
                amount = amount_in(loc, cur, g.limit.unwrap_or(0.0)),
                tranche = tranche
            ),
            GuaranteeKind::CapitalProtection => tr!(
                loc,
                "explain-nothing-capital-protection",
                guarantor = guarantor,
                share = loc.pct(g.share),
                tranche = tranche
            ),
        };
        let _ = writeln!(out, "  {text}");
    }
}
