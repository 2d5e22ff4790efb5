//! The resolved summary `sibyl check` prints: what sibyl understood the files to say.
//!
//! `check` stays English; the helpers `sibyl explain` shares with it ([`rule_text`],
//! [`design_text`], [`budget_text`]) write in the language of the [`Locale`] they are given
//! (messages in `locales/<lang>/explain.ftl`), and `check` gives them English.

use std::fmt::Write;

use crate::model::contract::*;
use crate::model::scenario::{Quantity, Scenario};

use crate::format::{amount, count, num, pct};
use crate::i18n::{Arg, Locale};
use crate::tr;

/// A contract's summary: parties, cohorts, metrics, rules, caps, tranches.
pub fn contract(c: &Contract, path: &str) -> String {
    let mut out = String::new();
    let d = &c.deal;
    let cur = d.currency.as_str();
    let _ = writeln!(out, "contract {path}: valid");
    let start = d.start.map_or(String::new(), |(y, m, day)| {
        format!(" from {y:04}-{m:02}-{day:02}")
    });
    let _ = writeln!(
        out,
        "  {} ({cur}, {} {}s{start})",
        d.name,
        d.horizon,
        d.period.noun()
    );
    let indexation = match d.indexation {
        crate::choices::Indexation::None => {
            "amounts fixed in cash (no indexation; costs, and shares of avoided costs, still rise with any inflation)"
        }
        crate::choices::Indexation::Prices => {
            "outcome prices rise with inflation from period 0; caps fixed in cash"
        }
        crate::choices::Indexation::PricesAndCaps => {
            "outcome prices and caps rise with inflation from period 0"
        }
    };
    let _ = writeln!(out, "    {indexation}");

    parties_section(&mut out, c);
    cohorts_section(&mut out, c);
    metrics_section(&mut out, c);
    section(&mut out, "rules");
    for r in &c.rules {
        let _ = writeln!(out, "    {}: {}", r.id, rule_text(c, r, Locale::english()));
    }

    let caps = caps_text(c);
    if !caps.is_empty() {
        section(&mut out, "caps");
        for line in caps {
            let _ = writeln!(out, "    {line}");
        }
    }

    if !c.budgets.is_empty() {
        section(
            &mut out,
            "budgets (not caps: payments above them are reported, not cut)",
        );
        for b in &c.budgets {
            let _ = writeln!(
                out,
                "    {}: {}",
                c.parties[b.payer].id,
                budget_text(c, b, Locale::english()).join(", ")
            );
        }
    }
    financing_section(&mut out, c);
    if let Some(t) = &c.termination {
        section(&mut out, "termination");
        let _ = writeln!(out, "    {}", termination_text(c, t));
    }
    out
}

/// Each party, its role, and a payer's discount rate.
fn parties_section(out: &mut String, c: &Contract) {
    section(out, "parties");
    for p in &c.parties {
        let extra = if p.role == Role::Payer {
            format!(", discount {} a year", pct(p.discount_rate))
        } else {
            String::new()
        };
        let name = if p.name != p.id {
            format!(" \"{}\"", p.name)
        } else {
            String::new()
        };
        let _ = writeln!(out, "    {}{name}: {}{extra}", p.id, p.role.word());
    }
}

/// Each cohort's target, enrolment window, capacity and costs, and fixed costs.
fn cohorts_section(out: &mut String, c: &Contract) {
    let cur = c.deal.currency.as_str();
    section(out, "cohorts");
    for k in &c.cohorts {
        let window = if k.enrol_from == k.enrol_to {
            format!("period {}", k.enrol_from)
        } else {
            format!("periods {}-{}", k.enrol_from, k.enrol_to)
        };
        let cap = k
            .capacity
            .map_or(String::new(), |x| format!(", at most {x} a period"));
        let cost = cohort_cost(k, cur);
        let _ = writeln!(
            out,
            "    {}: {} participants enrolled in {window}{cap}{cost}",
            k.id, k.target
        );
    }
    let costs = &c.costs;
    if costs.setup > 0.0 || costs.fixed_per_period > 0.0 {
        let _ = writeln!(
            out,
            "    fixed costs: set-up {}, {} a period in periods {}-{}",
            amount(cur, costs.setup),
            amount(cur, costs.fixed_per_period),
            costs.fixed_from,
            costs.fixed_to
        );
    }
}

/// Each metric: direction, kind, when and how it is measured, for which cohorts.
fn metrics_section(out: &mut String, c: &Contract) {
    section(out, "metrics");
    for m in &c.metrics {
        let cohorts: Vec<&str> = m
            .cohorts
            .iter()
            .map(|&i| c.cohorts[i].id.as_str())
            .collect();
        let unit = m
            .unit
            .as_deref()
            .map_or(String::new(), |u| format!(" ({u})"));
        let lag = if m.validation_lag > 0 {
            format!(
                ", validated {} later",
                count(f64::from(m.validation_lag), "period")
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "    {}{unit}: {} ({}), measured {} after enrolment{lag}, {}; cohorts {}",
            m.id,
            direction_word(m.direction),
            kind_word(m.kind),
            count(f64::from(m.measured_at), "period"),
            design_text(&m.design, Locale::english()),
            cohorts.join(", ")
        );
    }
}

/// A whole amount as [`Locale::money`] writes it, halves rounded away from zero as
/// [`crate::format::money`] rounds them (`Locale::money` rounds them to even).
pub(crate) fn money_in(loc: &Locale, x: f64) -> String {
    loc.money(x.round())
}

/// An amount with its currency as [`Locale::amount`] writes it, rounded as [`money_in`].
pub(crate) fn amount_in(loc: &Locale, currency: &str, x: f64) -> String {
    loc.amount(currency, x.round())
}

/// A payer's budget by runs of budget years with the same amount: (first year, last year,
/// amount), years counted from 0.
pub fn budget_spans(b: &Budget) -> Vec<(usize, usize, f64)> {
    let mut out = Vec::new();
    let mut y = 0;
    while y < b.per_year.len() {
        let mut end = y;
        while end + 1 < b.per_year.len() && b.per_year[end + 1] == b.per_year[y] {
            end += 1;
        }
        if let Some(x) = b.per_year[y] {
            out.push((y, end, x));
        }
        y = end + 1;
    }
    out
}

/// Budget years `from` to `to` (counted from 0) as labels: "2012", "2012 to 2015".
pub fn years_text(c: &Contract, from: usize, to: usize, loc: &Locale) -> String {
    // The calendar year a budget year starts in, or its number when the deal has no start.
    let label = |y: usize| match c.deal.start {
        Some(_) => c.deal.year_label(y),
        None => tr!(loc, "explain-year-label", n = (y + 1).to_string()),
    };
    if to > from {
        tr!(
            loc,
            "explain-year-range",
            from = label(from),
            to = label(to)
        )
    } else {
        label(from)
    }
}

/// A payer's budget by runs of budget years with the same amount: "2012 to 2015 GBP 1,000,000".
pub fn budget_text(c: &Contract, b: &Budget, loc: &Locale) -> Vec<String> {
    let cur = c.deal.currency.as_str();
    budget_spans(b)
        .into_iter()
        .map(|(from, to, x)| {
            tr!(
                loc,
                "explain-budget-span",
                years = years_text(c, from, to, loc),
                amount = amount_in(loc, cur, x)
            )
        })
        .collect()
}

/// Tranches in waterfall order, drawdown, recycling, excess, fees and guarantees.
fn financing_section(out: &mut String, c: &Contract) {
    let cur = c.deal.currency.as_str();
    section(out, "financing");
    if c.tranches.is_empty() {
        let _ = writeln!(
            out,
            "    no tranches: outcome payments go straight to the provider, who carries the risk"
        );
    }
    for (rank, group) in c.waterfall_order().iter().enumerate() {
        for &i in group {
            let t = &c.tranches[i];
            let _ = writeln!(out, "    {}. {}: {}", rank + 1, t.id, tranche_text(c, t));
        }
    }
    let f = &c.financing;
    let draw = match f.drawdown {
        Drawdown::Upfront => "capital drawn up front",
        Drawdown::AsNeeded => "capital drawn as costs fall due",
    };
    let recycle = if f.recycle {
        ", early outcome payments recycled into costs"
    } else {
        ""
    };
    let excess = match f.excess {
        Excess::Payer => "money above return caps stays with the payer".to_string(),
        Excess::Provider => "money above return caps goes to the provider".to_string(),
        Excess::Shared => format!(
            "money above return caps: {} to the provider, the rest stays with the payer",
            pct(f.excess_provider_share)
        ),
    };
    if !c.tranches.is_empty() {
        let _ = writeln!(out, "    {draw}{recycle}; {excess}");
    }
    if f.arrangement_fee > 0.0 || f.management_fee_per_period > 0.0 {
        let to = f.fee_to.map_or("?", |i| c.parties[i].id.as_str());
        let _ = writeln!(
            out,
            "    fees to {to}: {} at signing, {} a period",
            amount(cur, f.arrangement_fee),
            amount(cur, f.management_fee_per_period)
        );
    }
    for g in &c.guarantees {
        let _ = writeln!(out, "    guarantee {}: {}", g.id, guarantee_text(c, g));
    }
    if !c.tranches.is_empty() {
        let _ = writeln!(
            out,
            "    modified IRR: money put in discounted at {} a year, money received reinvested at {} a year",
            pct(f.mirr_finance_rate),
            pct(f.mirr_reinvestment_rate)
        );
    }
}

/// A scenario's summary: assumptions, correlations, defaults applied, stress presets.
pub fn scenario(s: &Scenario, c: &Contract, path: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "scenario {path}: valid");
    let _ = writeln!(out, "  {}", s.name);
    section(&mut out, "assumptions");
    for a in &s.assumptions {
        let spread = if a.dist.is_fixed() {
            String::new()
        } else {
            format!(
                "; mean {}, 90% between {} and {}",
                sig(a.dist.mean()),
                sig(a.dist.quantile(0.05)),
                sig(a.dist.quantile(0.95))
            )
        };
        // Only the marking that is not the default is shown.
        let kind = match a.uncertainty {
            crate::model::scenario::Uncertainty::Chance => "; uncertainty: chance",
            crate::model::scenario::Uncertainty::Parameter => "",
        };
        let _ = writeln!(out, "    {}: {}{spread}{kind}", a.id, a.dist.describe());
    }
    if let Some(k) = &s.correlation {
        section(&mut out, "correlation");
        let names: Vec<&str> = k
            .members
            .iter()
            .map(|&i| s.assumptions[i].id.as_str())
            .collect();
        for i in 0..names.len() {
            for j in (i + 1)..names.len() {
                let r = k.matrix[(i, j)];
                if r != 0.0 {
                    let _ = writeln!(out, "    {} ~ {}: {}", names[i], names[j], sig(r));
                }
            }
        }
        if let Some(change) = k.repaired {
            let _ = writeln!(
                out,
                "    (repaired to the nearest valid matrix; largest change {change:.4})"
            );
        }
    }
    section(&mut out, "bindings");
    let name = |q: &Quantity| match *q {
        Quantity::Fixed(v) => sig(v),
        Quantity::Assumption(i) => s.assumptions[i].id.clone(),
    };
    let zero = |q: &Quantity| *q == Quantity::Fixed(0.0);
    for (m, w) in c.metrics.iter().zip(&s.metrics) {
        let scale = match w.effect_scale {
            EffectScale::Relative => "relative",
            EffectScale::Absolute => "absolute",
        };
        // What the scenario sets beyond baseline and effect, so that nothing it says is
        // silently left out of the summary.
        let mut more = String::new();
        for (label, q) in [("drift", &w.drift), ("comparison bias", &w.comparison_bias)] {
            if !zero(q) {
                let _ = write!(more, ", {label} {}", name(q));
            }
        }

        if matches!(m.kind, MetricKind::Continuous | MetricKind::Cohort) {
            let _ = write!(more, ", sd {}", name(&w.sd));
        }
        match &w.savings {
            Some(Quantity::Fixed(v)) => {
                let _ = write!(
                    more,
                    ", avoided cost {} per outcome",
                    amount(&c.deal.currency, *v)
                );
            }
            Some(q) => {
                let _ = write!(more, ", avoided cost {} per outcome", name(q));
            }
            None => {}
        }
        // A stage reached with a hazard has no baseline share: its hazard is the baseline.
        let baseline = match &w.hazard {
            Some(h) => format!("hazard {} a period", name(h)),
            None => format!("baseline {}", name(&w.baseline)),
        };
        let _ = writeln!(
            out,
            "    {}: {baseline}, effect {} ({scale}){more}",
            m.id,
            name(&w.effect)
        );
    }
    if !zero(&s.overrun) {
        let _ = writeln!(out, "    cost overrun: {}", name(&s.overrun));
    }
    match s.inflation {
        Quantity::Fixed(x) if x != 0.0 => {
            let _ = writeln!(out, "    inflation: {} a year", crate::format::pct(x));
        }
        Quantity::Assumption(_) => {
            let _ = writeln!(out, "    inflation: {} a year", name(&s.inflation));
        }
        Quantity::Fixed(_) => {}
    }
    for (k, w) in c.cohorts.iter().zip(&s.cohorts) {
        let how = match w.referrals_as {
            crate::model::scenario::ReferralsAs::Multiplier => "x target",
            crate::model::scenario::ReferralsAs::Volume => "people",
        };
        let _ = writeln!(
            out,
            "    {}: referrals {} {how}, drop-out {}, delay {}",
            k.id,
            name(&w.referrals),
            name(&w.dropout),
            name(&w.delay)
        );
    }
    if !s.stresses.is_empty() {
        section(&mut out, "stress presets");
        for p in &s.stresses {
            let desc = p
                .description
                .as_deref()
                .map_or(String::new(), |d| format!(": {d}"));
            let _ = writeln!(out, "    {}{desc}", p.id);
        }
    }
    if !s.defaults.is_empty() {
        section(&mut out, "defaults applied");
        for d in &s.defaults {
            let _ = writeln!(out, "    {} = {}: {}", d.quantity, d.value, d.meaning);
        }
    }
    out
}

fn section(out: &mut String, name: &str) {
    let _ = writeln!(out, "  {name}");
}

/// Four significant figures, trimmed.
fn sig(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return num(x);
    }
    let digits = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    num(format!("{x:.digits$}").parse().unwrap_or(x))
}

fn kind_word(k: MetricKind) -> &'static str {
    match k {
        MetricKind::Binary => "binary",
        MetricKind::Count => "count per participant",
        MetricKind::Continuous => "continuous score",
        MetricKind::Cohort => "cohort level",
    }
}

fn direction_word(d: Direction) -> &'static str {
    match d {
        Direction::Increase => "increase",
        Direction::Reduce => "reduce",
    }
}

fn cohort_cost(k: &Cohort, cur: &str) -> String {
    let mut parts = Vec::new();
    if k.cost_per_participant > 0.0 {
        parts.push(format!(
            "{} per participant",
            amount(cur, k.cost_per_participant)
        ));
    }
    if k.cost_per_participant_period > 0.0 {
        parts.push(format!(
            "{} per participant-period over {} period(s)",
            amount(cur, k.cost_per_participant_period),
            k.service_periods
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("; {}", parts.join(" + "))
    }
}

/// How an evaluation finds the counterfactual: "against a historical baseline of 40".
pub fn design_text(d: &Design, loc: &Locale) -> String {
    match d {
        Design::None => loc.t("explain-design-none"),
        Design::Historical {
            baseline,
            trend_adjusted: false,
        } => {
            tr!(
                loc,
                "explain-design-historical",
                baseline = loc.figure(*baseline)
            )
        }
        Design::Historical {
            baseline,
            trend_adjusted: true,
        } => tr!(
            loc,
            "explain-design-historical-trend",
            baseline = loc.figure(*baseline)
        ),
        Design::Comparison {
            size,
            design_effect,
        } => tr!(
            loc,
            "explain-design-comparison",
            size = money_in(loc, f64::from(*size)),
            deff = deff(*design_effect, loc)
        ),
        Design::Rct {
            size,
            design_effect,
            pay_on,
        } => {
            let pay = match pay_on {
                PayOn::PointEstimate => loc.t("explain-pay-point"),
                PayOn::Significant { alpha } => {
                    tr!(loc, "explain-pay-significant", alpha = loc.plain(*alpha))
                }
            };
            tr!(
                loc,
                "explain-design-rct",
                size = money_in(loc, f64::from(*size)),
                deff = deff(*design_effect, loc),
                pay = pay
            )
        }
    }
}

/// " (design effect 5)" where clustering widens the noise, else nothing.
fn deff(x: f64, loc: &Locale) -> String {
    if x > 1.0 {
        format!(" {}", tr!(loc, "explain-design-effect", x = loc.plain(x)))
    } else {
        String::new()
    }
}

fn effect_text(scale: EffectScale, x: f64, loc: &Locale) -> String {
    match scale {
        EffectScale::Relative => loc.pct(x),
        EffectScale::Absolute => loc.plain(x),
    }
}

/// One line describing a rule.
pub fn rule_text(c: &Contract, r: &Rule, loc: &Locale) -> String {
    format!(
        "{} ({})",
        terms_text(c, &r.terms, loc),
        rule_extras(c, r, loc).join(", ")
    )
}

/// What a rule pays for, by its kind.
fn terms_text(c: &Contract, terms: &Terms, loc: &Locale) -> String {
    let cur = c.deal.currency.as_str();
    let metric = |m: usize| c.metrics[m].id.as_str();
    let pay = |p: &Pay| match p {
        Pay::LumpSum(x) => amount_in(loc, cur, *x),
        Pay::Price(x) => tr!(loc, "explain-pay-price", amount = amount_in(loc, cur, *x)),
    };
    match terms {
        Terms::RateCard { prices } => {
            let items: Vec<String> = prices
                .iter()
                .map(|(m, p)| format!("{} {}", metric(*m), amount_in(loc, cur, *p)))
                .collect();
            tr!(loc, "explain-terms-rate-card", prices = items.join(", "))
        }
        Terms::PerImprovement { metric: m, price } => tr!(
            loc,
            "explain-terms-per-improvement",
            price = amount_in(loc, cur, *price),
            metric = metric(*m)
        ),
        Terms::PerEffect {
            metric: m,
            scale,
            price,
        } => tr!(
            loc,
            "explain-terms-per-effect",
            price = amount_in(loc, cur, *price),
            scale = match scale {
                EffectScale::Relative => "relative",
                EffectScale::Absolute => "absolute",
            },
            metric = metric(*m)
        ),
        Terms::Threshold {
            metric: m,
            scale,
            threshold,
            pay: p,
        } => tr!(
            loc,
            "explain-terms-threshold",
            metric = metric(*m),
            threshold = effect_text(*scale, *threshold, loc),
            pay = pay(p)
        ),
        Terms::Tiers {
            metric: m,
            scale,
            tiers,
        } => {
            let rows: Vec<String> = tiers
                .iter()
                .map(|t| {
                    tr!(
                        loc,
                        "explain-tier",
                        at = effect_text(*scale, t.at_least, loc),
                        pay = pay(&t.pay)
                    )
                })
                .collect();
            tr!(
                loc,
                "explain-terms-tiers",
                metric = metric(*m),
                tiers = rows.join("; ")
            )
        }
        Terms::SavingsShare {
            metric: m,
            share,
            switch,
            value_per_outcome,
            success_fees,
        } => {
            let value = value_per_outcome.map_or(loc.t("explain-savings-scenario"), |v| {
                tr!(
                    loc,
                    "explain-savings-value",
                    amount = amount_in(loc, cur, v)
                )
            });
            match switch {
                None => tr!(
                    loc,
                    "explain-terms-savings",
                    share = loc.pct(*share),
                    metric = metric(*m),
                    value = value
                ),
                Some((then, ts)) => {
                    // "a and b and c": each further tranche joined as the last of two.
                    let names = ts
                        .iter()
                        .map(|&t| c.tranches[t].id.clone())
                        .reduce(|a, b| tr!(loc, "explain-and", init = a, last = b))
                        .unwrap_or_default();
                    let text = tr!(
                        loc,
                        "explain-terms-savings-switch",
                        share = loc.pct(*share),
                        metric = metric(*m),
                        value = value,
                        then = loc.pct(*then),
                        tranches = names
                    );
                    if success_fees.is_empty() {
                        return text;
                    }
                    let to = success_fees
                        .iter()
                        .map(|&t| c.tranches[t].id.clone())
                        .reduce(|a, b| tr!(loc, "explain-and", init = a, last = b))
                        .unwrap_or_default();
                    format!(
                        "{text}{}",
                        tr!(
                            loc,
                            "explain-terms-savings-fees",
                            tranches = to,
                            count = success_fees.len()
                        )
                    )
                }
            }
        }
    }
}

/// How a rule is scoped, who pays it, when, and its own caps.
fn rule_extras(c: &Contract, r: &Rule, loc: &Locale) -> Vec<String> {
    let cur = c.deal.currency.as_str();
    let scope = match (r.scope, r.at) {
        (Scope::PerCohort, _) => loc.t("explain-scope-cohort"),
        (Scope::Pooled, None) => loc.t("explain-scope-pooled"),
        (Scope::Pooled, Some(a)) => tr!(loc, "explain-scope-pooled-at", period = a.to_string()),
    };
    let payers: Vec<String> = r
        .payers
        .iter()
        .map(|&(p, s)| {
            if r.payers.len() == 1 {
                c.parties[p].id.clone()
            } else {
                format!("{} {}", c.parties[p].id, loc.pct(s))
            }
        })
        .collect();
    let paid_by = tr!(
        loc,
        "explain-paid-by",
        payers = payers.join(" + "),
        count = payers.len()
    );
    let mut extras = vec![scope, paid_by];
    if r.payment_lag > 0 {
        extras.push(tr!(
            loc,
            "explain-payment-lag",
            lag = loc.count(f64::from(r.payment_lag), "period")
        ));
    }
    if !r.unless_paid_by.is_empty() {
        let names: Vec<&str> = r
            .unless_paid_by
            .iter()
            .map(|&i| c.rules[i].id.as_str())
            .collect();
        extras.push(tr!(loc, "explain-unless-paid", rules = names.join(", ")));
    }
    if let Some(t) = r.last_claim {
        extras.push(tr!(loc, "explain-rule-last-claim", period = t));
    }
    for (id, cap) in [
        ("explain-rule-cap", r.caps.total),
        ("explain-rule-cap-cohort", r.caps.per_cohort),
        ("explain-rule-cap-participant", r.caps.per_participant),
    ] {
        if let Some(x) = cap {
            extras.push(loc.tr(id, &[("amount", Arg::from(amount_in(loc, cur, x)))]));
        }
    }
    extras
}

fn caps_text(c: &Contract) -> Vec<String> {
    let cur = c.deal.currency.as_str();
    let mut out = Vec::new();
    if let Some(x) = c.caps.deal {
        out.push(format!("whole deal: {}", amount(cur, x)));
    }
    if let Some(x) = c.caps.per_year {
        out.push(format!("per budget year: {}", amount(cur, x)));
    }
    for (i, p) in c.parties.iter().enumerate() {
        if let Some(x) = c.caps.payer_total[i] {
            out.push(format!("payer {}: {} in total", p.id, amount(cur, x)));
        }
        if let Some(x) = c.caps.payer_per_year[i] {
            out.push(format!(
                "payer {}: {} per budget year",
                p.id,
                amount(cur, x)
            ));
        }
    }
    for (m, cap) in c.metrics.iter().zip(&c.caps.metric) {
        if let Some(x) = cap {
            out.push(format!("metric {}: {}", m.id, amount(cur, *x)));
        }
    }
    out
}

pub fn tranche_text(c: &Contract, t: &Tranche) -> String {
    let cur = c.deal.currency.as_str();
    let mut s = format!(
        "{} of {} from {}",
        t.kind.word(),
        amount(cur, t.amount),
        c.parties[t.investor].id
    );
    if t.coupon > 0.0 {
        let _ = write!(s, ", coupon {} a year", pct(t.coupon));
    }
    if let Some(x) = t.max_irr {
        let _ = write!(s, ", return capped at {} IRR", pct(x));
    }
    if let Some(x) = t.max_multiple {
        if t.kind != TrancheKind::RecoverableGrant {
            let _ = write!(s, ", return capped at {}x", num(x));
        }
    }
    s
}

fn guarantee_text(c: &Contract, g: &Guarantee) -> String {
    let cur = c.deal.currency.as_str();
    let who = &c.parties[g.guarantor].id;
    let tranche = &c.tranches[g.tranche].id;
    match g.kind {
        GuaranteeKind::FirstLoss => format!(
            "{who} covers {tranche}'s first losses up to {}",
            amount(cur, g.limit.unwrap_or(0.0))
        ),
        GuaranteeKind::CapitalProtection => {
            let limit = g
                .limit
                .map_or(String::new(), |l| format!(", up to {}", amount(cur, l)));
            format!(
                "{who} protects {} of {tranche}'s principal{limit}",
                pct(g.share)
            )
        }
    }
}

fn termination_text(c: &Contract, t: &Termination) -> String {
    let cur = c.deal.currency.as_str();
    let comp = match t.compensation {
        Compensation::None => "no compensation".to_string(),
        Compensation::OutstandingPrincipal => format!(
            "{} pays {} of investors' unrecovered principal",
            c.parties[t.payer].id,
            pct(t.share)
        ),
        Compensation::Fixed => format!("{} pays {}", c.parties[t.payer].id, amount(cur, t.amount)),
    };
    let enrolled = if t.pay_enrolled {
        "outcomes of those already enrolled are still paid"
    } else {
        "nothing more is paid for outcomes"
    };
    let mut text = format!(
        "the payer may end the contract from period {}; {enrolled}; {comp}",
        t.from
    );
    if let Some(o) = &t.on_result {
        let cohorts: Vec<&str> = o
            .cohorts
            .iter()
            .map(|&k| c.cohorts[k].id.as_str())
            .collect();
        let _ = write!(
            text,
            "; on results: it {} end the contract if the evaluation at period {} measures an effect on {} below {} (cohorts {})",
            if o.must { "must" } else { "may" },
            o.at,
            c.metrics[o.metric].id,
            effect_text(o.scale, o.below, Locale::english()),
            cohorts.join(", ")
        );
    }
    text
}
