//! The report's optional sections: designs compared, the stress test, the tornado, and
//! the settlement of what actually happened.

use crate::analysis::compare::Comparison;
use crate::analysis::sensitivity::SensitivityReport;
use crate::analysis::settle::Settlement;
use crate::analysis::stress::StressReport;
use crate::i18n::Locale;
use crate::model::contract::{Contract, Role};
use crate::tr;

use super::charts::{self, Bar};
use super::html::{Block, Row, Section, Unit, change, error, prob, show, unit_of};

/// Designs side by side, each with its difference from the first, paired.
pub fn comparison(c: &Comparison, loc: &Locale) -> Section {
    let (mut metric_rows, prob_rows) = super::compare::key_rows(c);
    // A mean IRR is dominated by total losses: the multiple and the chance of a loss say it
    // better here (the JSON of `compare` has every metric).
    metric_rows.retain(|n| !n.ends_with(".irr") && !n.ends_with(".mirr"));
    let against_first: Vec<_> = c.differences.iter().filter(|d| d.a == 0).collect();
    let mut head = vec![loc.t("report-col-figure")];
    head.extend((1..=c.designs.len()).map(|i| format!("[{i}]")));
    head.extend(against_first.iter().map(|d| format!("[{}] − [1]", d.b + 1)));
    let mut rows = Vec::new();
    for name in metric_rows {
        let u = unit_of(name);
        let mut cells = vec![name.clone()];
        cells.extend(c.designs.iter().map(|d| {
            d.metrics
                .get(name)
                .map_or("-".into(), |s| show(loc, s.mean, u))
        }));
        cells.extend(against_first.iter().map(|d| {
            d.metrics
                .get(name)
                .map_or("-".into(), |m| change(loc, m.mean, m.se, u))
        }));
        rows.push(Row {
            cells,
            section: false,
        });
    }
    for name in prob_rows {
        let mut cells = vec![format!("P({name})")];
        cells.extend(c.designs.iter().map(|d| {
            d.probabilities
                .get(name)
                .map_or("-".into(), |p| prob(loc, p.p))
        }));
        cells.extend(against_first.iter().map(|d| {
            d.probabilities
                .get(name)
                .map_or("-".into(), |p| change(loc, p.p, p.se, Unit::Rate))
        }));
        rows.push(Row {
            cells,
            section: false,
        });
    }
    let designs = c
        .designs
        .iter()
        .enumerate()
        .map(|(i, d)| format!("[{}] {} ({})", i + 1, d.name, d.contract.path))
        .collect();
    Section {
        id: "compare",
        title: loc.t("report-compare"),
        intro: vec![tr!(
            loc,
            "report-compare-intro",
            trials = loc.money(c.trials as f64),
            currency = c.designs.first().map_or("", |d| d.currency.as_str())
        )],
        blocks: vec![
            Block::List {
                class: "designs",
                items: designs,
            },
            Block::Table {
                caption: loc.t("report-compare-table"),
                head,
                rows,
                text: vec![0],
            },
        ],
    }
}

/// Each stress case's key figures and their paired change from the base case.
pub fn stress(c: &Contract, st: &StressReport, loc: &Locale) -> Section {
    let mut columns: Vec<(String, String, bool)> = Vec::new();
    for t in &c.tranches {
        columns.push((
            tr!(loc, "report-stress-loss", tranche = t.id.as_str()),
            format!("tranche.{}.loss", t.id),
            true,
        ));
        columns.push((
            tr!(loc, "report-stress-moic", tranche = t.id.as_str()),
            format!("tranche.{}.moic", t.id),
            false,
        ));
    }
    for p in c.parties.iter().filter(|p| p.role == Role::Payer) {
        columns.push((
            tr!(loc, "report-stress-paid", payer = p.id.as_str()),
            format!("payer.{}.paid", p.id),
            false,
        ));
    }
    let mut head = vec![loc.t("report-col-case")];
    head.extend(columns.iter().map(|c| c.0.clone()));
    let mut rows = Vec::new();
    for (i, case) in st.cases.iter().enumerate() {
        let diff = st.differences.iter().find(|d| d.a == 0 && d.b == i);
        let mut cells = vec![format!(
            "{}: {}",
            super::stress::case_name(loc, case),
            super::stress::description(loc, case)
        )];
        for (_, name, is_prob) in &columns {
            let cell = if *is_prob {
                let p = case.probabilities.get(name);
                let d = diff.and_then(|d| d.probabilities.get(name));
                match (p, d) {
                    (Some(p), Some(d)) => {
                        format!("{}\n{}", prob(loc, p.p), change(loc, d.p, d.se, Unit::Rate))
                    }
                    (Some(p), None) => prob(loc, p.p),
                    _ => "-".into(),
                }
            } else {
                let u = unit_of(name);
                let s = case.metrics.get(name);
                let d = diff.and_then(|d| d.metrics.get(name));
                match (s, d) {
                    (Some(s), Some(d)) => {
                        format!(
                            "{} ({})",
                            show(loc, s.mean, u),
                            change(loc, d.mean, d.se, u)
                        )
                    }
                    (Some(s), None) => show(loc, s.mean, u),
                    _ => "-".into(),
                }
            };
            cells.push(cell);
        }
        rows.push(Row {
            cells,
            section: false,
        });
    }
    Section {
        id: "stress",
        title: loc.t("report-stress"),
        intro: vec![tr!(
            loc,
            "report-stress-intro",
            trials = loc.money(st.trials as f64),
            currency = st.currency.as_str()
        )],
        blocks: vec![Block::Table {
            caption: loc.t("report-stress-table"),
            head,
            rows,
            text: vec![0],
        }],
    }
}

/// The tornado: each assumption swung from its p10 to its p90, the others at their medians.
pub fn sensitivity(r: &SensitivityReport, loc: &Locale) -> Section {
    let u = if r.statistic == "p" {
        Unit::Rate
    } else {
        unit_of(&r.metric)
    };
    let fmt = |x: f64| show(loc, x, u);
    let bars: Vec<Bar> = r
        .tornado
        .iter()
        .map(|s| Bar {
            label: s.assumption.clone(),
            from: s.low.value,
            to: s.high.value,
            text: tr!(
                loc,
                "report-tornado-bar",
                low = show(loc, s.low.value, u),
                high = show(loc, s.high.value, u),
                se = error(loc, s.swing.se, u)
            ),
            color: if s.high.value >= s.low.value {
                charts::BLUE
            } else {
                charts::RED
            },
        })
        .collect();
    let base = (
        r.at_medians.value,
        tr!(
            loc,
            "report-tornado-base",
            value = show(loc, r.at_medians.value, u)
        ),
    );
    let mut rows = Vec::new();
    for s in &r.tornado {
        rows.push(Row {
            cells: vec![
                s.assumption.clone(),
                loc.num((s.p10 * 1e4).round() / 1e4),
                loc.num((s.p90 * 1e4).round() / 1e4),
                show(loc, s.low.value, u),
                show(loc, s.high.value, u),
                change(loc, s.swing.value, s.swing.se, u),
            ],
            section: false,
        });
    }
    let mut blocks = vec![Block::Chart {
        name: "tornado".into(),
        svg: charts::bars(
            &bars,
            Some(base),
            None,
            &tr!(loc, "report-axis-metric", metric = r.metric.as_str()),
            &fmt,
            &loc.t("report-nothing-to-draw"),
        ),
        caption: tr!(
            loc,
            "report-tornado-caption",
            metric = r.metric.as_str(),
            trials = loc.money(r.trials as f64)
        ),
    }];
    blocks.push(Block::Table {
        caption: loc.t("report-tornado-table"),
        head: vec![
            loc.t("report-col-assumption"),
            "p10".into(),
            "p90".into(),
            loc.t("report-col-at-p10"),
            loc.t("report-col-at-p90"),
            loc.t("report-col-swing"),
        ],
        rows,
        text: vec![0],
    });
    if !r.rank_correlations.is_empty() {
        let rows = r
            .rank_correlations
            .iter()
            .map(|k| Row {
                cells: vec![
                    k.assumption.clone(),
                    loc.fixed(k.rho, 3),
                    loc.fixed(k.se, 3),
                ],
                section: false,
            })
            .collect();
        blocks.push(Block::Table {
            caption: loc.t("report-rank-table"),
            head: vec![
                loc.t("report-col-assumption"),
                loc.t("report-col-rho"),
                loc.t("report-col-se"),
            ],
            rows,
            text: vec![0],
        });
    }
    Section {
        id: "sensitivity",
        title: loc.t("report-sensitivity"),
        intro: vec![loc.t("report-sensitivity-intro")],
        blocks,
    }
}

/// What actually happened, settled period by period.
pub fn settlement(st: &Settlement, loc: &Locale) -> Section {
    let cur = st.currency.as_str();
    let mut rows = Vec::new();
    for p in &st.payments {
        let mut what = p.rule.clone();
        if let Some(m) = &p.metric {
            what = tr!(loc, "report-settle-on", rule = what, metric = m.as_str());
        }
        if !p.cohorts.is_empty() {
            what = tr!(
                loc,
                "report-settle-for",
                what = what,
                cohorts = p.cohorts.join(", ")
            );
        }
        rows.push(Row {
            cells: vec![
                p.period.to_string(),
                p.payer.clone(),
                what,
                loc.money(p.before_caps),
                loc.money(p.amount),
                p.cut_by.join(", "),
            ],
            section: false,
        });
    }
    let mut blocks = Vec::new();
    if let Some(as_of) = st.as_of {
        blocks.push(Block::Note {
            text: tr!(loc, "report-settle-as-of", period = as_of.to_string()),
        });
    }
    blocks.push(Block::Table {
        caption: tr!(loc, "report-settle-payments", currency = cur),
        head: vec![
            loc.t("report-col-period"),
            loc.t("report-col-payer"),
            loc.t("report-col-for"),
            loc.t("report-col-before-caps"),
            loc.t("report-col-paid"),
            loc.t("report-col-cut-by"),
        ],
        rows,
        text: vec![1, 2, 5],
    });
    let mut rows = Vec::new();
    for (id, p) in &st.payers {
        rows.push(Row {
            cells: vec![
                id.clone(),
                loc.money(p.paid),
                loc.money(p.refunded),
                loc.money(p.npv),
            ],
            section: false,
        });
    }
    blocks.push(Block::Table {
        caption: tr!(loc, "report-settle-payers", currency = cur),
        head: vec![
            loc.t("report-col-payer"),
            loc.t("report-col-paid"),
            loc.t("report-col-refunded"),
            loc.t("report-col-npv"),
        ],
        rows,
        text: vec![0],
    });
    if !st.tranches.is_empty() {
        let rows = st
            .tranches
            .iter()
            .map(|t| Row {
                cells: vec![
                    format!("{} ({})", t.id, t.investor),
                    loc.money(t.drawn),
                    loc.money(t.received),
                    t.moic.map_or("-".into(), |m| loc.multiple(m)),
                    match (t.irr_status, t.irr) {
                        ("rate", Some(r)) => loc.pct_fixed(r, 2),
                        (status, _) => loc.t(&format!("report-irr-{}", status.replace('_', "-"))),
                    },
                ],
                section: false,
            })
            .collect();
        blocks.push(Block::Table {
            caption: tr!(loc, "report-settle-tranches", currency = cur),
            head: vec![
                loc.t("report-col-tranche"),
                loc.t("report-col-drawn"),
                loc.t("report-col-received"),
                "MOIC".into(),
                "IRR".into(),
            ],
            rows,
            text: vec![0],
        });
    }
    if !st.caps_binding.is_empty() {
        blocks.push(Block::Text {
            text: tr!(loc, "report-settle-caps", caps = st.caps_binding.join(", ")),
        });
    }
    Section {
        id: "settlement",
        title: loc.t("report-settlement"),
        intro: vec![tr!(
            loc,
            "report-settlement-intro",
            file = st.observed.path.as_str()
        )],
        blocks,
    }
}
