//! The table `sibyl run` prints for people: the key figures per party, then warnings.

use std::fmt::Write;

use crate::analysis::run::RunSummary;
use crate::model::contract::{Contract, Role};
use crate::stats::{Probability, Summary};

use crate::format::{money, pct};

/// How to show a metric's values.
#[derive(Clone, Copy)]
enum Unit {
    Rate,
    Multiple,
    Money,
}

fn show(x: f64, unit: Unit) -> String {
    if x.is_nan() {
        return "-".into();
    }
    match unit {
        Unit::Rate => format!("{:.1}%", 100.0 * x),
        Unit::Multiple => format!("{x:.2}x"),
        Unit::Money => money(x),
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
    let _ = writeln!(
        out,
        "{} trials, seed {}; amounts in {}\n",
        money(r.trials as f64),
        r.seed,
        c.deal.currency
    );
    let m = |name: String| r.metrics.get(&name);
    let p = |name: String| r.probabilities.get(&name);
    let mut t = Table::new();
    if !c.tranches.is_empty() {
        t.section("Investors");
        // Chance of loss and the multiple first: a mean IRR is a poor summary.
        for tr in &c.tranches {
            let id = &tr.id;
            t.probability(format!("  {id}: P(loss)"), p(format!("tranche.{id}.loss")));
            t.metric(
                format!("  {id}: multiple (MOIC)"),
                m(format!("tranche.{id}.moic")),
                Unit::Multiple,
            );
            t.metric(
                format!("  {id}: IRR a year"),
                m(format!("tranche.{id}.irr")),
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
        t.metric(
            format!("  {id}: paid"),
            m(format!("payer.{id}.paid")),
            Unit::Money,
        );
        t.metric(
            format!("  {id}: NPV at {}", pct(party.discount_rate)),
            m(format!("payer.{id}.npv")),
            Unit::Money,
        );
        t.metric(
            format!("  {id}: cost per true outcome"),
            m(format!("payer.{id}.cost_per_true_outcome")),
            Unit::Money,
        );
        t.metric(
            format!("  {id}: paid for noise"),
            m(format!("payer.{id}.paid_for_noise")),
            Unit::Money,
        );
        t.metric(
            format!("  {id}: paid for deadweight"),
            m(format!("payer.{id}.deadweight_paid")),
            Unit::Money,
        );
        t.metric(
            format!("  {id}: net value"),
            m(format!("payer.{id}.net_value")),
            Unit::Money,
        );
    }
    t.section("Deal");
    t.metric(
        "  all payers: paid".into(),
        m("deal.paid".into()),
        Unit::Money,
    );
    t.probability("  P(any payment)".into(), p("deal.any_payment".into()));
    for party in c.parties.iter().filter(|x| x.role == Role::Provider) {
        t.metric(
            format!("  {}: revenue", party.id),
            m(format!("provider.{}.revenue", party.id)),
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
    if !r.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings");
        for w in &r.warnings {
            let _ = writeln!(out, "  - {w}");
        }
    }
    out
}
