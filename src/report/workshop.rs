//! The workshop page's charts (`sibyl serve`): the report's own pictures of one run, drawn
//! from its summary and the per-trial values the page asked for, in the page's language.

use indexmap::IndexMap;
use serde::Serialize;

use super::charts::{self, FanYear};
use super::html::{moic_chart, shares_chart};
use crate::analysis::run::RunSummary;
use crate::analysis::settle::Settlement;
use crate::i18n::Locale;
use crate::model::contract::{Contract, Role};
use crate::stats::Probability;
use crate::tr;

/// One chart: a stable name for the page, its title and its SVG.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub name: String,
    pub title: String,
    pub svg: String,
}

/// The per-trial values the charts draw, by result name.
pub fn chart_values(c: &Contract) -> Vec<String> {
    c.tranches
        .iter()
        .map(|t| format!("tranche.{}.moic", t.id))
        .collect()
}

/// Each tranche's multiple (a histogram, losses red), each payer's payments by budget
/// year (a fan), and how often each cap binds (bars).
pub fn charts(
    c: &Contract,
    summary: &RunSummary,
    values: &IndexMap<String, Vec<f64>>,
    loc: &Locale,
) -> Vec<Chart> {
    let mut out = Vec::new();
    let nothing = loc.t("report-nothing-to-draw");
    let money = |x: f64| loc.money(x);
    for t in &c.tranches {
        let id = t.id.as_str();
        let name = format!("tranche.{id}.moic");
        let (Some(v), Some(s)) = (values.get(&name), summary.metrics.get(&name)) else {
            continue;
        };
        out.push(Chart {
            name: format!("moic-{id}"),
            title: tr!(
                loc,
                "report-tranche",
                tranche = id,
                investor = c.parties[t.investor].name.as_str()
            ),
            svg: moic_chart(loc, t.max_multiple, v, s, None),
        });
    }
    for p in c.parties.iter().filter(|p| p.role == Role::Payer) {
        let pre = format!("payer.{}.paid_year.", p.id);
        let years: Vec<FanYear> = summary
            .metrics
            .iter()
            .filter_map(|(name, s)| {
                Some(FanYear {
                    label: name.strip_prefix(&pre)?.to_string(),
                    mean: s.mean,
                    p05: s.p05,
                    p25: s.p25,
                    p50: s.p50,
                    p75: s.p75,
                    p95: s.p95,
                })
            })
            .collect();
        let active = |y: &FanYear| y.p95 != 0.0 || y.mean != 0.0 || y.p05 != 0.0;
        let (Some(a), Some(b)) = (
            years.iter().position(active),
            years.iter().rposition(active),
        ) else {
            continue;
        };
        out.push(Chart {
            name: format!("years-{}", p.id),
            title: tr!(
                loc,
                "report-payer",
                payer = p.name.as_str(),
                id = p.id.as_str()
            ),
            svg: charts::fan(
                &years[a..=b],
                &tr!(loc, "report-axis-paid", currency = c.deal.currency.as_str()),
                [
                    &loc.t("report-band-90"),
                    &loc.t("report-band-50"),
                    &loc.t("report-band-median"),
                    &loc.t("report-band-mean"),
                ],
                &money,
                &nothing,
            ),
        });
    }
    let rules: Vec<(&String, &Probability)> = summary
        .probabilities
        .iter()
        .filter(|(n, _)| n.starts_with("rule.") && n.ends_with(".pays"))
        .collect();
    if !rules.is_empty() {
        out.push(Chart {
            name: "rules".into(),
            title: loc.t("run-section-rules"),
            svg: shares_chart(
                loc,
                &rules,
                ("rule.", ".pays"),
                &loc.t("workshop-axis-pays"),
                |_| charts::GREEN,
            ),
        });
    }
    let caps: Vec<(&String, &Probability)> = summary
        .probabilities
        .iter()
        .filter(|(n, _)| n.ends_with(".binds"))
        .collect();
    if !caps.is_empty() {
        out.push(Chart {
            name: "caps".into(),
            title: loc.t("run-section-caps"),
            svg: shares_chart(
                loc,
                &caps,
                ("", ".binds"),
                &loc.t("report-axis-binds"),
                |p| {
                    if p > 0.5 { charts::RED } else { charts::AMBER }
                },
            ),
        });
    }
    out
}

/// Colours of the payers' stacks, in the contract's order (then again).
const PAYER_COLORS: [charts::RGBColor; 4] = [
    charts::AMBER,
    charts::RGBColor(240, 185, 100),
    charts::RGBColor(150, 85, 10),
    charts::GREY,
];

/// A real history replayed (`settle`), period by period: the outcome payments each payer
/// made (stacked), and each tranche's money out and back. Periods run to the last with any
/// money moving (or the history's last, when it stops early).
pub fn settle_charts(c: &Contract, st: &Settlement, loc: &Locale) -> Vec<Chart> {
    let nothing = loc.t("report-nothing-to-draw");
    let money = |x: f64| loc.money(x);
    let flows = st
        .payers
        .values()
        .map(|p| &p.cash_flows)
        .chain(st.tranches.iter().map(|t| &t.cash_flows));
    let moving = flows
        .filter_map(|f| f.iter().rposition(|&x| x != 0.0))
        .max()
        .map_or(0, |p| p + 1);
    let last = match st.as_of {
        Some(t) => moving.max(t as usize + 1),
        None => moving,
    }
    .min(c.deal.horizon as usize);
    let labels: Vec<String> = (0..last).map(|t| c.deal.period_label(t)).collect();
    let axes_paid = (
        loc.t("workshop-axis-period"),
        tr!(loc, "report-axis-paid", currency = c.deal.currency.as_str()),
    );
    let mut out = Vec::new();
    let payers: Vec<charts::Series> = st
        .payers
        .iter()
        .enumerate()
        .map(|(i, (id, p))| charts::Series {
            name: c
                .parties
                .iter()
                .find(|x| &x.id == id)
                .map_or(id.clone(), |x| x.name.clone()),
            color: PAYER_COLORS[i % PAYER_COLORS.len()],
            values: p.cash_flows.iter().take(last).copied().collect(),
        })
        .collect();
    out.push(Chart {
        name: "settle-paid".into(),
        title: loc.t("workshop-settle-paid"),
        svg: charts::columns(
            &labels,
            &payers,
            (&axes_paid.0, &axes_paid.1),
            &money,
            &nothing,
        ),
    });
    for t in &st.tranches {
        let part = |keep: fn(f64) -> bool| -> Vec<f64> {
            t.cash_flows
                .iter()
                .take(last)
                .map(|&x| if keep(x) { x } else { 0.0 })
                .collect()
        };
        let series = [
            charts::Series {
                name: loc.t("workshop-settle-drawn"),
                color: charts::RED,
                values: part(|x| x < 0.0),
            },
            charts::Series {
                name: loc.t("workshop-settle-received"),
                color: charts::BLUE,
                values: part(|x| x > 0.0),
            },
        ];
        let investor = c
            .parties
            .iter()
            .find(|p| p.id == t.investor)
            .map_or(t.investor.as_str(), |p| p.name.as_str());
        out.push(Chart {
            name: format!("settle-tranche-{}", t.id),
            title: tr!(
                loc,
                "report-tranche",
                tranche = t.id.as_str(),
                investor = investor
            ),
            svg: charts::columns(
                &labels,
                &series,
                (
                    &axes_paid.0,
                    &tr!(
                        loc,
                        "workshop-axis-cash",
                        currency = c.deal.currency.as_str()
                    ),
                ),
                &money,
                &nothing,
            ),
        });
    }
    out
}
