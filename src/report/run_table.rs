//! The table `sibyl run` prints for people: the key figures per party, then warnings.

use std::fmt::Write;

use crate::analysis::run::RunSummary;
use crate::model::contract::{Contract, Direction, MetricKind, Role};
use crate::stats::{Estimate, Probability, Summary};

use crate::format::{money, pct};

/// How to show a metric's values.
#[derive(Clone, Copy)]
enum Unit {
    Rate,
    Multiple,
    Money,
    /// Outcomes in the metric's own unit (people, events, points): one decimal below 100.
    Count,
}

fn show(x: f64, unit: Unit) -> String {
    if x.is_nan() {
        return "-".into();
    }
    match unit {
        // A rate that rounds to zero shows no sign.
        Unit::Rate => format!("{:.1}%", 100.0 * x + 0.0).replace("-0.0%", "0.0%"),
        Unit::Multiple => format!("{x:.2}x"),
        Unit::Money => money(x),
        Unit::Count if x.abs() < 100.0 => format!("{x:.1}"),
        Unit::Count => money(x),
    }
}

struct Table {
    rows: Vec<[String; 7]>,
}

impl Table {
    fn new() -> Self {
        Table {
            rows: vec![[
                "".into(),
                "mean".into(),
                "(se)".into(),
                "p05".into(),
                "p50".into(),
                "p95".into(),
                "cvar05".into(),
            ]],
        }
    }

    fn metric(&mut self, label: String, s: Option<&Summary>, unit: Unit) {
        let Some(s) = s else { return };
        self.rows.push([
            label,
            show(s.mean, unit),
            format!("({})", show(s.se, unit)),
            show(s.p05, unit),
            show(s.p50, unit),
            show(s.p95, unit),
            show(s.cvar05, unit),
        ]);
    }

    /// The distribution only, where a mean would mislead (IRRs): p05, p50, p95.
    fn quantiles(&mut self, label: String, s: Option<&Summary>, unit: Unit) {
        let Some(s) = s else { return };
        self.rows.push([
            label,
            String::new(),
            String::new(),
            show(s.p05, unit),
            show(s.p50, unit),
            show(s.p95, unit),
            String::new(),
        ]);
    }

    /// A figure of the whole run with its standard error, in the mean's columns.
    fn estimate(&mut self, label: String, e: Option<&Estimate>, unit: Unit) {
        let Some(e) = e else { return };
        self.rows.push([
            label,
            show(e.value, unit),
            format!("({})", show(e.se, unit)),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }

    fn probability(&mut self, label: String, p: Option<&Probability>) {
        let Some(p) = p else { return };
        self.rows.push([
            label,
            pct_1(p.p),
            format!("({})", pct_1(p.se)),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }

    fn section(&mut self, title: &str) {
        self.rows.push([
            title.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }

    fn render(&self) -> String {
        let mut widths = [0usize; 7];
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for row in &self.rows {
            let mut line = format!("{:<w$}", row[0], w = widths[0]);
            for (cell, w) in row.iter().zip(widths).skip(1) {
                let _ = write!(line, "  {cell:>w$}");
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

fn pct_1(x: f64) -> String {
    if x.is_nan() {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * x)
    }
}

/// The whole table.
pub fn render(c: &Contract, scenario_name: &str, r: &RunSummary) -> String {
    let mut out = String::new();
    let stress = r
        .scenario
        .stress
        .as_deref()
        .map_or(String::new(), |s| format!(", stress preset {s}"));
    let _ = writeln!(out, "{} under \"{scenario_name}\"{stress}", c.deal.name);
    let terms = super::grid::terms_note(r.terms);
    let _ = writeln!(
        out,
        "{} trials, seed {}; amounts in {}{terms}\n",
        money(r.trials as f64),
        r.seed,
        c.deal.currency
    );
    let m = |name: String| r.metrics.get(&name);
    let p = |name: String| r.probabilities.get(&name);
    let e = |name: String| r.estimates.get(&name);
    let mut t = Table::new();
    if !c.tranches.is_empty() {
        t.section("Investors");
        // Chance of loss and the multiple first; the IRR by its median and range, and the
        // IRR of the mean cash flows: a mean IRR is dominated by total losses.
        for tr in &c.tranches {
            let id = &tr.id;
            t.probability(format!("  {id}: P(loss)"), p(format!("tranche.{id}.loss")));
            t.metric(
                format!("  {id}: multiple (MOIC)"),
                m(format!("tranche.{id}.moic")),
                Unit::Multiple,
            );
            t.quantiles(
                format!("  {id}: IRR a year, median (p50) and range"),
                m(format!("tranche.{id}.irr")),
                Unit::Rate,
            );
            t.estimate(
                format!("  {id}: IRR of the mean cash flows (pooled)"),
                e(format!("tranche.{id}.pooled_irr")),
                Unit::Rate,
            );
            t.quantiles(
                format!("  {id}: modified IRR a year, median and range"),
                m(format!("tranche.{id}.mirr")),
                Unit::Rate,
            );
            t.metric(
                format!("  {id}: amount lost"),
                m(format!("tranche.{id}.amount_lost")),
                Unit::Money,
            );
            t.metric(
                format!("  {id}: guarantee drawn"),
                m(format!("tranche.{id}.guarantee_drawn")),
                Unit::Money,
            );
        }
    }
    t.section("Payers");
    for party in c.parties.iter().filter(|x| x.role == Role::Payer) {
        let id = &party.id;
        let pre = format!("payer.{id}.");
        t.metric(
            format!("  {id}: paid"),
            m(format!("{pre}paid")),
            Unit::Money,
        );
        t.metric(
            format!("  {id}: NPV at {}", pct(party.discount_rate)),
            m(format!("{pre}npv")),
            Unit::Money,
        );
        // Budget years in which nothing is ever paid are left out (the JSON has them).
        for (name, s) in r.metrics.iter() {
            if let Some(year) = name.strip_prefix(&format!("{pre}paid_year.")) {
                if s.max > 0.0 || s.min < 0.0 {
                    t.metric(
                        format!("  {id}: paid in budget year {year}"),
                        Some(s),
                        Unit::Money,
                    );
                }
            }
        }
        t.metric(
            format!("  {id}: largest budget year"),
            m(format!("{pre}largest_year")),
            Unit::Money,
        );
        t.metric(
            format!("  {id}: over budget, by how much"),
            m(format!("{pre}budget_excess")),
            Unit::Money,
        );
        t.probability(
            format!("  {id}: P(a year over budget)"),
            p(format!("{pre}over_budget")),
        );
        // Budget years never over budget are left out (the JSON has them).
        for (name, prob) in r.probabilities.iter() {
            if let Some(year) = name.strip_prefix(&format!("{pre}over_budget.")) {
                if prob.p > 0.0 {
                    t.probability(format!("  {id}: P(over budget in {year})"), Some(prob));
                }
            }
        }
        for (name, est) in r.estimates.iter() {
            if let Some(metric) = name.strip_prefix(&format!("{pre}cost_per_true_outcome.")) {
                t.estimate(
                    format!("  {id}: cost per true outcome ({metric})"),
                    Some(est),
                    Unit::Money,
                );
            }
        }
        t.metric(
            format!("  {id}: paid for measurement error"),
            m(format!("{pre}paid_for_measurement_error")),
            Unit::Money,
        );
        t.metric(
            format!("  {id}: paid where the true effect was nil"),
            m(format!("{pre}paid_for_noise")),
            Unit::Money,
        );
        t.metric(
            format!("  {id}: paid for deadweight"),
            m(format!("{pre}deadweight_paid")),
            Unit::Money,
        );
        t.metric(
            format!("  {id}: net value (discounted)"),
            m(format!("{pre}net_value")),
            Unit::Money,
        );
        t.metric(
            format!("  {id}: premium over buying the service"),
            m(format!("{pre}premium")),
            Unit::Money,
        );
    }
    let providers: Vec<&str> = c
        .parties
        .iter()
        .filter(|x| x.role == Role::Provider)
        .map(|x| x.id.as_str())
        .collect();
    if !providers.is_empty() {
        t.section("Providers");
        for id in providers {
            let pre = format!("provider.{id}.");
            t.metric(
                format!("  {id}: revenue"),
                m(format!("{pre}revenue")),
                Unit::Money,
            );
            t.metric(
                format!("  {id}: cost"),
                m(format!("{pre}cost")),
                Unit::Money,
            );
            t.metric(
                format!("  {id}: cost left unfunded"),
                m(format!("{pre}unfunded_cost")),
                Unit::Money,
            );
            t.metric(
                format!("  {id}: margin"),
                m(format!("{pre}margin")),
                Unit::Money,
            );
            t.probability(format!("  {id}: P(loss)"), p(format!("{pre}loss")));
        }
    }
    t.section("Deal");
    t.metric(
        "  all payers: paid".into(),
        m("deal.paid".into()),
        Unit::Money,
    );
    t.metric(
        "  all payers: premium over buying the service".into(),
        m("deal.premium".into()),
        Unit::Money,
    );
    t.probability("  P(any payment)".into(), p("deal.any_payment".into()));
    for party in c.parties.iter().filter(|x| x.role == Role::Intermediary) {
        t.metric(
            format!("  {}: fees", party.id),
            m(format!("intermediary.{}.fees", party.id)),
            Unit::Money,
        );
    }
    t.section("Outcomes (all cohorts)");
    for metric in &c.metrics {
        let id = &metric.id;
        let pre = format!("outcomes.{id}.");
        let achieved = match (metric.kind, metric.direction) {
            (MetricKind::Binary, Direction::Increase) => "people achieving it",
            (MetricKind::Binary, Direction::Reduce) => "people avoiding it",
            (MetricKind::Count, _) => "events in the treated group",
            (MetricKind::Continuous, _) => "points scored by the treated group",
            (MetricKind::Cohort, _) => "the cohorts' figures, summed",
        };
        t.metric(
            format!("  {id}: {achieved}"),
            m(format!("{pre}achieved")),
            Unit::Count,
        );
        t.metric(
            format!("  {id}: truly improved"),
            m(format!("{pre}improved")),
            Unit::Count,
        );
        t.metric(
            format!("  {id}: improved as measured"),
            m(format!("{pre}measured")),
            Unit::Count,
        );
        t.metric(
            format!("  {id}: paid for them"),
            m(format!("{pre}paid")),
            Unit::Money,
        );
    }
    let caps: Vec<(&String, &Probability)> = r
        .probabilities
        .iter()
        .filter(|(n, _)| n.ends_with(".binds"))
        .collect();
    if !caps.is_empty() {
        t.section("Caps: how often each binds");
        for (name, prob) in caps {
            t.probability(format!("  {}", name.trim_end_matches(".binds")), Some(prob));
        }
    }
    out.push_str(&t.render());
    if !r.estimates.is_empty() {
        let _ = writeln!(
            out,
            "\nThe IRR of the mean cash flows and the costs per true outcome (expected paid over expected\noutcomes truly improved, per metric in its unit) are figures of the whole run: their value\nand standard error are in the mean columns."
        );
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings");
        for w in &r.warnings {
            let _ = writeln!(out, "  - {w}");
        }
    }
    out
}
