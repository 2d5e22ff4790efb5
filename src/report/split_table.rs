//! The table `sibyl run --split-uncertainty` prints for people: each key figure's mean,
//! the shares of its variance from the parameters and from chance, and its spread across
//! parameter draws, in the language of a [`Locale`] (messages `split-*` in
//! `locales/<lang>/run.ftl`; row labels are `run`'s).

use std::fmt::Write;

use crate::analysis::split::{EstimateSpread, Split, SplitSummary};
use crate::i18n::Locale;
use crate::model::Scenario;
use crate::model::contract::{Contract, Role};
use crate::tr;

use super::run_table::{Unit, run_title, show};

const COLUMNS: usize = 9;

struct Table<'a> {
    loc: &'a Locale,
    rows: Vec<[String; COLUMNS]>,
    clamped: bool,
}

impl<'a> Table<'a> {
    fn new(loc: &'a Locale) -> Self {
        Table {
            loc,
            rows: vec![[
                String::new(),
                loc.t("run-column-mean"),
                loc.t("split-column-parameters"),
                loc.t("run-column-se"),
                loc.t("split-column-chance"),
                "p05".into(),
                "p50".into(),
                "p95".into(),
                loc.t("split-column-inner-se"),
            ]],
            clamped: false,
        }
    }

    fn value(&self, x: f64, unit: Option<Unit>) -> String {
        match unit {
            Some(u) => show(self.loc, x, u),
            None => self.loc.pct_fixed(x, 1),
        }
    }

    /// A metric (`unit`) or a probability (`None`): its split and its spread.
    fn split(&mut self, label: String, s: Option<&Split>, unit: Option<Unit>) {
        let Some(s) = s else { return };
        let mut parameters = self.loc.pct_fixed(s.parameter_share, 0);
        if s.clamped {
            parameters.push('*');
            self.clamped = true;
        }
        let a = &s.across_draws;
        self.rows.push([
            format!("  {label}"),
            self.value(s.mean, unit),
            parameters,
            format!("({})", self.loc.pct_fixed(s.parameter_share_se, 0)),
            self.loc.pct_fixed(s.chance_share, 0),
            self.value(a.p05, unit),
            self.value(a.p50, unit),
            self.value(a.p95, unit),
            self.value(s.inner_se, unit),
        ]);
    }

    /// An estimate: its spread only.
    fn estimate(&mut self, label: String, e: Option<&EstimateSpread>, unit: Unit) {
        let Some(e) = e else { return };
        let a = &e.across_draws;
        self.rows.push([
            format!("  {label}"),
            show(self.loc, a.mean, unit),
            String::new(),
            String::new(),
            String::new(),
            show(self.loc, a.p05, unit),
            show(self.loc, a.p50, unit),
            show(self.loc, a.p95, unit),
            show(self.loc, e.inner_se, unit),
        ]);
    }

    fn section(&mut self, id: &str) {
        let mut row: [String; COLUMNS] = Default::default();
        row[0] = self.loc.t(id);
        self.rows.push(row);
    }

    fn render(&self) -> String {
        let mut grid = super::grid::Grid::default();
        for row in &self.rows {
            grid.row(row.to_vec());
        }
        grid.render()
    }
}

/// The whole table, in the locale's language.
pub fn render(c: &Contract, scenario: &Scenario, r: &SplitSummary, loc: &Locale) -> String {
    let mut out = String::new();
    let (title, terms) = run_title(
        loc,
        &c.deal.name,
        &scenario.name,
        r.scenario.stress.as_deref(),
        r.terms,
    );
    let _ = writeln!(out, "{title}");
    let _ = writeln!(
        out,
        "{}",
        tr!(
            loc,
            "split-draws",
            outer = loc.money(r.outer as f64),
            inner = loc.money(r.inner as f64),
            seed = r.seed.to_string(),
            currency = &c.deal.currency,
            terms = terms
        )
    );
    let f = &r.figures;
    let list = |ids: &[String]| {
        ids.iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "{}",
        if f.parameters.is_empty() {
            loc.t("split-parameters-none")
        } else {
            tr!(loc, "split-parameters", list = list(&f.parameters))
        }
    );
    let _ = writeln!(
        out,
        "{}\n",
        if f.chance.is_empty() {
            loc.t("split-chance-none")
        } else {
            tr!(loc, "split-chance", list = list(&f.chance))
        }
    );
    let m = |name: String| f.metrics.get(&name);
    let p = |name: String| f.probabilities.get(&name);
    let e = |name: String| f.estimates.get(&name);
    let mut t = Table::new(loc);
    if !c.tranches.is_empty() {
        t.section("run-section-investors");
        for tranche in &c.tranches {
            let id = tranche.id.as_str();
            t.split(
                tr!(loc, "run-tranche-loss", id = id),
                p(format!("tranche.{id}.loss")),
                None,
            );
            t.split(
                tr!(loc, "run-tranche-moic", id = id),
                m(format!("tranche.{id}.moic")),
                Some(Unit::Multiple),
            );
            t.estimate(
                tr!(loc, "run-tranche-pooled-irr", id = id),
                e(format!("tranche.{id}.pooled_irr")),
                Unit::Rate,
            );
            t.split(
                tr!(loc, "run-tranche-amount-lost", id = id),
                m(format!("tranche.{id}.amount_lost")),
                Some(Unit::Money),
            );
        }
    }
    t.section("run-section-payers");
    for party in c.parties.iter().filter(|x| x.role == Role::Payer) {
        let id = party.id.as_str();
        let pre = format!("payer.{id}.");
        t.split(
            tr!(loc, "run-payer-paid", id = id),
            m(format!("{pre}paid")),
            Some(Unit::Money),
        );
        t.split(
            tr!(loc, "run-payer-over-budget", id = id),
            p(format!("{pre}over_budget")),
            None,
        );
        for (name, est) in &f.estimates {
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
        t.split(
            tr!(loc, "run-payer-net-value", id = id),
            m(format!("{pre}net_value")),
            Some(Unit::Money),
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
            t.split(
                tr!(loc, "run-provider-margin", id = id),
                m(format!("{pre}margin")),
                Some(Unit::Money),
            );
            t.split(
                tr!(loc, "run-provider-loss", id = id),
                p(format!("{pre}loss")),
                None,
            );
        }
    }
    t.section("run-section-deal");
    t.split(
        loc.t("run-deal-paid"),
        m("deal.paid".into()),
        Some(Unit::Money),
    );
    t.split(
        loc.t("run-deal-any-payment"),
        p("deal.any_payment".into()),
        None,
    );
    t.section("run-section-outcomes");
    for metric in &c.metrics {
        let id = metric.id.as_str();
        t.split(
            tr!(loc, "run-outcome-improved", id = id),
            m(format!("outcomes.{id}.improved")),
            Some(Unit::Count),
        );
        t.split(
            tr!(loc, "run-outcome-paid", id = id),
            m(format!("outcomes.{id}.paid")),
            Some(Unit::Money),
        );
    }
    out.push_str(&t.render());
    let _ = writeln!(out, "\n{}", loc.t("split-note"));
    let _ = writeln!(out, "{}", loc.t("split-note-inner"));
    if t.clamped {
        let _ = writeln!(out, "{}", loc.t("split-note-clamped"));
    }
    if f.parameters.is_empty() {
        let _ = writeln!(out, "{}", loc.t("split-note-no-parameters"));
    }
    out
}
