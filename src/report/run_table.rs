//! The table `sibyl run` prints for people: the key figures per party, then warnings, in
//! the language of a [`Locale`] (messages in `locales/<lang>/run.ftl`).

use std::fmt::Write;

use crate::analysis::run::RunSummary;
use crate::i18n::{Lang, Locale};
use crate::model::contract::{Contract, Direction, MetricKind, Role};
use crate::stats::{Estimate, Probability, Summary};
use crate::tr;

/// How to show a metric's values.
#[derive(Clone, Copy)]
pub(crate) enum Unit {
    Rate,
    Multiple,
    Money,
    /// Outcomes in the metric's own unit (people, events, points): one decimal below 100.
    Count,
}

/// A value as the language writes it: `12.3%`, `1.02x`, `4,800,000`, `12.5` in English;
/// `12,3 %`, `1,02x`, `4 800 000`, `12,5` in Swedish.
pub(crate) fn show(loc: &Locale, x: f64, unit: Unit) -> String {
    if x.is_nan() {
        return "-".into();
    }
    match unit {
        // A rate that rounds to zero shows no sign.
        Unit::Rate => ungrouped(loc, loc.pct_fixed(x, 1)),
        Unit::Multiple => ungrouped(loc, loc.multiple(x)),
        // Halves away from zero, as amounts have always been rounded.
        Unit::Money => loc.money(x.round()),
        Unit::Count if x.abs() < 100.0 => signed(loc, x, loc.fixed(x, 1)),
        Unit::Count => loc.money(x.round()),
    }
}

/// English rates and multiples have never had thousands separators (`1234.5%`).
fn ungrouped(loc: &Locale, s: String) -> String {
    match loc.lang {
        Lang::En => s.replace(',', ""),
        _ => s,
    }
}

/// A small negative figure keeps its sign when it rounds to zero (`-0.0`, `-0.00%`), as it
/// always has, written with the language's minus sign.
pub(super) fn signed(loc: &Locale, x: f64, s: String) -> String {
    let minus = loc.fixed(-1.0, 0);
    let minus = minus.strip_suffix('1').unwrap_or("-");
    if x.is_sign_negative() && !s.starts_with(minus) {
        format!("{minus}{s}")
    } else {
        s
    }
}

struct Table<'a> {
    loc: &'a Locale,
    rows: Vec<[String; 7]>,
}

impl<'a> Table<'a> {
    fn new(loc: &'a Locale) -> Self {
        Table {
            loc,
            rows: vec![[
                "".into(),
                loc.t("run-column-mean"),
                loc.t("run-column-se"),
                "p05".into(),
                "p50".into(),
                "p95".into(),
                "cvar05".into(),
            ]],
        }
    }

    fn show(&self, x: f64, unit: Unit) -> String {
        show(self.loc, x, unit)
    }

    /// A row's label, indented under its section.
    fn label(text: String) -> String {
        format!("  {text}")
    }

    fn metric(&mut self, label: String, s: Option<&Summary>, unit: Unit) {
        let Some(s) = s else { return };
        self.rows.push([
            Self::label(label),
            self.show(s.mean, unit),
            format!("({})", self.show(s.se, unit)),
            self.show(s.p05, unit),
            self.show(s.p50, unit),
            self.show(s.p95, unit),
            self.show(s.cvar05, unit),
        ]);
    }

    /// The distribution only, where a mean would mislead (IRRs): p05, p50, p95.
    fn quantiles(&mut self, label: String, s: Option<&Summary>, unit: Unit) {
        let Some(s) = s else { return };
        self.rows.push([
            Self::label(label),
            String::new(),
            String::new(),
            self.show(s.p05, unit),
            self.show(s.p50, unit),
            self.show(s.p95, unit),
            String::new(),
        ]);
    }

    /// A figure of the whole run with its standard error, in the mean's columns.
    fn estimate(&mut self, label: String, e: Option<&Estimate>, unit: Unit) {
        let Some(e) = e else { return };
        self.rows.push([
            Self::label(label),
            self.show(e.value, unit),
            format!("({})", self.show(e.se, unit)),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }

    fn probability(&mut self, label: String, p: Option<&Probability>) {
        let Some(p) = p else { return };
        self.rows.push([
            Self::label(label),
            self.loc.pct_fixed(p.p, 1),
            format!("({})", self.loc.pct_fixed(p.se, 1)),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }

    fn section(&mut self, id: &str) {
        self.rows.push([
            self.loc.t(id),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }

    /// Columns as wide as their widest cell, counted in characters: labels left, figures
    /// right.
    fn render(&self) -> String {
        let mut grid = super::grid::Grid::default();
        for row in &self.rows {
            grid.row(row.to_vec());
        }
        grid.render()
    }
}

/// A run's title line (with its stress preset, if one applies) and the name of its terms
/// (`nominal` or `real`) for the line under it.
pub fn run_title(
    loc: &Locale,
    deal: &str,
    scenario: &str,
    stress: Option<&str>,
    terms: crate::engine::Reporting,
) -> (String, &'static str) {
    let title = match stress {
        None => tr!(loc, "run-title", deal = deal, scenario = scenario),
        Some(preset) => tr!(
            loc,
            "run-title-stress",
            deal = deal,
            scenario = scenario,
            preset = preset
        ),
    };
    let terms = match terms {
        crate::engine::Reporting::Nominal => "nominal",
        crate::engine::Reporting::Real => "real",
    };
    (title, terms)
}

/// The whole table, in the locale's language.
pub fn render(c: &Contract, scenario_name: &str, r: &RunSummary, loc: &Locale) -> String {
    let mut out = String::new();
    let (title, terms) = run_title(
        loc,
        &c.deal.name,
        scenario_name,
        r.scenario.stress.as_deref(),
        r.terms,
    );
    let _ = writeln!(out, "{title}");
    let _ = writeln!(
        out,
        "{}\n",
        tr!(
            loc,
            "run-trials",
            trials = loc.count(r.trials as f64, "trial"),
            seed = r.seed.to_string(),
            currency = &c.deal.currency,
            terms = terms
        )
    );
    let m = |name: String| r.metrics.get(&name);
    let p = |name: String| r.probabilities.get(&name);
    let e = |name: String| r.estimates.get(&name);
    let mut t = Table::new(loc);
    if !c.tranches.is_empty() {
        t.section("run-section-investors");
        // Chance of loss and the multiple first; the IRR by its median and range, and the
        // IRR of the mean cash flows: a mean IRR is dominated by total losses.
        for tranche in &c.tranches {
            let id = tranche.id.as_str();
            t.probability(
                tr!(loc, "run-tranche-loss", id = id),
                p(format!("tranche.{id}.loss")),
            );
            t.metric(
                tr!(loc, "run-tranche-moic", id = id),
                m(format!("tranche.{id}.moic")),
                Unit::Multiple,
            );
            t.quantiles(
                tr!(loc, "run-tranche-irr", id = id),
                m(format!("tranche.{id}.irr")),
                Unit::Rate,
            );
            t.estimate(
                tr!(loc, "run-tranche-pooled-irr", id = id),
                e(format!("tranche.{id}.pooled_irr")),
                Unit::Rate,
            );
            t.quantiles(
                tr!(loc, "run-tranche-mirr", id = id),
                m(format!("tranche.{id}.mirr")),
                Unit::Rate,
            );
            t.metric(
                tr!(loc, "run-tranche-amount-lost", id = id),
                m(format!("tranche.{id}.amount_lost")),
                Unit::Money,
            );
            t.metric(
                tr!(loc, "run-tranche-guarantee-drawn", id = id),
                m(format!("tranche.{id}.guarantee_drawn")),
                Unit::Money,
            );
        }
    }
    t.section("run-section-payers");
    for party in c.parties.iter().filter(|x| x.role == Role::Payer) {
        let id = party.id.as_str();
        let pre = format!("payer.{id}.");
        t.metric(
            tr!(loc, "run-payer-paid", id = id),
            m(format!("{pre}paid")),
            Unit::Money,
        );
        t.metric(
            tr!(
                loc,
                "run-payer-npv",
                id = id,
                rate = loc.pct(party.discount_rate)
            ),
            m(format!("{pre}npv")),
            Unit::Money,
        );
        // Budget years in which nothing is ever paid are left out (the JSON has them).
        for (name, s) in r.metrics.iter() {
            if let Some(year) = name.strip_prefix(&format!("{pre}paid_year.")) {
                if s.max > 0.0 || s.min < 0.0 {
                    t.metric(
                        tr!(loc, "run-payer-paid-year", id = id, year = year),
                        Some(s),
                        Unit::Money,
                    );
                }
            }
        }
        t.metric(
            tr!(loc, "run-payer-largest-year", id = id),
            m(format!("{pre}largest_year")),
            Unit::Money,
        );
        t.metric(
            tr!(loc, "run-payer-budget-excess", id = id),
            m(format!("{pre}budget_excess")),
            Unit::Money,
        );
        t.probability(
            tr!(loc, "run-payer-over-budget", id = id),
            p(format!("{pre}over_budget")),
        );
        // Budget years never over budget are left out (the JSON has them).
        for (name, prob) in r.probabilities.iter() {
            if let Some(year) = name.strip_prefix(&format!("{pre}over_budget.")) {
                if prob.p > 0.0 {
                    t.probability(
                        tr!(loc, "run-payer-over-budget-year", id = id, year = year),
                        Some(prob),
                    );
                }
            }
        }
        for (name, est) in r.estimates.iter() {
            if let Some(metric) = name.strip_prefix(&format!("{pre}cost_per_true_outcome.")) {
                t.estimate(
                    tr!(
                        loc,
                        "run-payer-cost-per-true-outcome",
                        id = id,
                        metric = metric
                    ),
                    Some(est),
                    Unit::Money,
                );
            }
        }
        t.metric(
            tr!(loc, "run-payer-measurement-error", id = id),
            m(format!("{pre}paid_for_measurement_error")),
            Unit::Money,
        );
        t.metric(
            tr!(loc, "run-payer-noise", id = id),
            m(format!("{pre}paid_for_noise")),
            Unit::Money,
        );
        t.metric(
            tr!(loc, "run-payer-deadweight", id = id),
            m(format!("{pre}deadweight_paid")),
            Unit::Money,
        );
        t.metric(
            tr!(loc, "run-payer-net-value", id = id),
            m(format!("{pre}net_value")),
            Unit::Money,
        );
        t.metric(
            tr!(loc, "run-payer-premium", id = id),
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
        t.section("run-section-providers");
        for id in providers {
            let pre = format!("provider.{id}.");
            t.metric(
                tr!(loc, "run-provider-revenue", id = id),
                m(format!("{pre}revenue")),
                Unit::Money,
            );
            t.metric(
                tr!(loc, "run-provider-cost", id = id),
                m(format!("{pre}cost")),
                Unit::Money,
            );
            t.metric(
                tr!(loc, "run-provider-unfunded-cost", id = id),
                m(format!("{pre}unfunded_cost")),
                Unit::Money,
            );
            t.metric(
                tr!(loc, "run-provider-margin", id = id),
                m(format!("{pre}margin")),
                Unit::Money,
            );
            t.probability(
                tr!(loc, "run-provider-loss", id = id),
                p(format!("{pre}loss")),
            );
        }
    }
    t.section("run-section-deal");
    t.metric(loc.t("run-deal-paid"), m("deal.paid".into()), Unit::Money);
    t.metric(
        loc.t("run-deal-premium"),
        m("deal.premium".into()),
        Unit::Money,
    );
    t.probability(loc.t("run-deal-any-payment"), p("deal.any_payment".into()));
    for party in c.parties.iter().filter(|x| x.role == Role::Intermediary) {
        t.metric(
            tr!(loc, "run-intermediary-fees", id = &party.id),
            m(format!("intermediary.{}.fees", party.id)),
            Unit::Money,
        );
    }
    t.section("run-section-outcomes");
    for metric in &c.metrics {
        let id = metric.id.as_str();
        let pre = format!("outcomes.{id}.");
        let kind = match metric.kind {
            MetricKind::Binary => "binary",
            MetricKind::Count => "count",
            MetricKind::Continuous => "continuous",
            MetricKind::Cohort => "cohort",
        };
        let direction = match metric.direction {
            Direction::Increase => "increase",
            Direction::Reduce => "reduce",
        };
        t.metric(
            tr!(
                loc,
                "run-outcome-achieved",
                id = id,
                kind = kind,
                direction = direction
            ),
            m(format!("{pre}achieved")),
            Unit::Count,
        );
        t.metric(
            tr!(loc, "run-outcome-improved", id = id),
            m(format!("{pre}improved")),
            Unit::Count,
        );
        t.metric(
            tr!(loc, "run-outcome-measured", id = id),
            m(format!("{pre}measured")),
            Unit::Count,
        );
        t.metric(
            tr!(loc, "run-outcome-paid", id = id),
            m(format!("{pre}paid")),
            Unit::Money,
        );
    }
    let rules: Vec<(&String, &Probability)> = r
        .probabilities
        .iter()
        .filter(|(n, _)| n.starts_with("rule.") && n.ends_with(".pays"))
        .collect();
    if !rules.is_empty() {
        t.section("run-section-rules");
        for (name, prob) in rules {
            let id = &name["rule.".len()..name.len() - ".pays".len()];
            t.probability(id.to_string(), Some(prob));
        }
    }
    let caps: Vec<(&String, &Probability)> = r
        .probabilities
        .iter()
        .filter(|(n, _)| n.ends_with(".binds"))
        .collect();
    if !caps.is_empty() {
        t.section("run-section-caps");
        for (name, prob) in caps {
            t.probability(name.trim_end_matches(".binds").to_string(), Some(prob));
        }
    }
    out.push_str(&t.render());
    if !r.estimates.is_empty() {
        let _ = writeln!(out, "\n{}", loc.t("run-estimates-note"));
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(out, "\n{}", loc.t("run-section-warnings"));
        for w in &r.warnings {
            let _ = writeln!(out, "  - {}", w.text(loc));
        }
    }
    out
}
