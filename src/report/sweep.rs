//! The table `sibyl sweep` prints for people: a row per point with its settings and key
//! figures, then the design search, in the language of a [`Locale`] (messages in
//! `locales/<lang>/sweep.ftl`).

use crate::analysis::sweep::{Candidate, Feasibility, Kind, PointResult, SweepResult};
use crate::i18n::Locale;
use crate::tr;

use super::grid::Grid;

/// A key figure's column: the figure's name, whether it is a probability, and its unit.
#[derive(Clone)]
struct Column {
    name: String,
    kind: Kind,
}

/// The key figures shown: what each party pays, each tranche's IRR, and the chance each
/// tranche loses money, in the order the points report them.
fn key_columns(points: &[PointResult]) -> Vec<Column> {
    let mut out: Vec<Column> = Vec::new();
    for p in points {
        for (name, (kind, _)) in p.figures() {
            let key = match kind {
                Kind::Metric => {
                    (name.starts_with("payer.") && name.ends_with(".paid"))
                        || name == "deal.paid"
                        || (name.starts_with("tranche.") && name.ends_with(".irr"))
                }
                Kind::Probability => name.starts_with("tranche.") && name.ends_with(".loss"),
                Kind::Estimate => false,
            };
            if key && !out.iter().any(|c| c.name == name) {
                out.push(Column {
                    name: name.to_string(),
                    kind,
                });
            }
        }
    }
    out
}

fn cell(loc: &Locale, name: &str, value: f64, probability: bool) -> String {
    if value.is_nan() {
        return "-".into();
    }
    if probability || name.ends_with(".irr") || name.ends_with(".mirr") {
        loc.pct_fixed(value, 1)
    } else if name.ends_with(".moic") {
        loc.multiple(value)
    } else if value.abs() >= 100.0 {
        loc.money(value.round())
    } else {
        loc.figure(value)
    }
}

fn setting(loc: &Locale, v: f64) -> String {
    loc.figure(v)
}

/// A candidate's settings, after its contract and scenario when the sweep has several.
fn settings_text(loc: &Locale, c: &Candidate, files: (bool, bool)) -> String {
    let mut parts = Vec::new();
    if files.0 {
        parts.push(c.contract.clone());
    }
    if files.1 {
        parts.push(c.scenario.clone());
    }
    parts.extend(
        c.settings
            .iter()
            .map(|(k, v)| format!("{k} = {}", setting(loc, *v))),
    );
    parts.join(", ")
}

pub fn render(r: &SweepResult, loc: &Locale) -> String {
    let mut out = String::new();
    out.push_str(&tr!(
        loc,
        "sweep-title",
        points = loc.money(r.points.len() as f64),
        trials = loc.money(r.trials as f64),
        seed = r.seed.to_string()
    ));
    out.push_str("\n\n");
    let several = |f: fn(&PointResult) -> &str| r.points.iter().any(|p| f(p) != f(&r.points[0]));
    let (show_contract, show_scenario) = (several(|p| &p.contract), several(|p| &p.scenario));
    let columns = key_columns(&r.points);
    let mut header = vec![loc.t("sweep-header-point")];
    if show_contract {
        header.push(loc.t("sweep-header-contract"));
    }
    if show_scenario {
        header.push(loc.t("sweep-header-scenario"));
    }
    header.extend(r.paths.iter().cloned());
    header.extend(columns.iter().map(|c| match c.kind {
        Kind::Probability => format!("P({})", c.name),
        _ => c.name.clone(),
    }));
    let mut grid = Grid::new(header);
    for p in &r.points {
        let mut row = vec![p.point.to_string()];
        if show_contract {
            row.push(p.contract.clone());
        }
        if show_scenario {
            row.push(p.scenario.clone());
        }
        row.extend(p.values.iter().map(|&v| setting(loc, v)));
        let figures = p.figures();
        for c in &columns {
            let key = if c.kind == Kind::Probability {
                "p"
            } else {
                "mean"
            };
            let v = figures
                .get(c.name.as_str())
                .and_then(|(_, s)| s.get(key).copied());
            row.push(match v {
                Some(v) => cell(loc, &c.name, v, c.kind == Kind::Probability),
                None => loc.t("tables-na"),
            });
        }
        grid.row(row);
    }
    out.push_str(&grid.render());
    out.push('\n');
    out.push_str(&loc.t("sweep-note-figures"));
    out.push('\n');
    if let Some(s) = &r.search {
        out.push('\n');
        out.push_str(&loc.t("sweep-search-title"));
        out.push('\n');
        out.push_str(&tr!(
            loc,
            "sweep-search-feasible",
            feasible = loc.money(s.feasible as f64),
            points = loc.money(r.points.len() as f64)
        ));
        out.push('\n');
        if s.undefined > 0 {
            out.push_str(&tr!(
                loc,
                "sweep-search-undefined",
                count = loc.money(s.undefined as f64)
            ));
            out.push('\n');
        }
        let files = (show_contract, show_scenario);
        let objective = s.objectives[0].target.label();
        let value = |c: &Candidate, i: usize| {
            let o = c.objectives[i];
            let name = &s.objectives[i].target;
            // The error in the value's own unit: an amount's to the unit, like the amount.
            let se = if !name.probability && o.value.abs() >= 100.0 && !o.se.is_nan() {
                loc.money(o.se.round())
            } else {
                cell(loc, &name.name, o.se, name.probability)
            };
            (cell(loc, &name.name, o.value, name.probability), se)
        };
        match &s.best {
            None if s.feasible > 0 => {
                out.push_str(&loc.t("sweep-search-none-defined"));
                out.push('\n');
            }
            None => {
                out.push_str(&loc.t("sweep-search-none"));
                out.push('\n');
            }
            Some(b) => {
                let (v, se) = value(b, 0);
                out.push_str(&tr!(
                    loc,
                    "sweep-search-best",
                    point = b.point.to_string(),
                    settings = settings_text(loc, b, files),
                    objective = objective.as_str(),
                    value = v,
                    se = se
                ));
                out.push('\n');
                if b.feasibility == Feasibility::Uncertain {
                    out.push_str(&loc.t("sweep-search-uncertain"));
                    out.push('\n');
                }
                if let Some(ru) = &s.runner_up {
                    let (v, se) = value(ru, 0);
                    out.push_str(&tr!(
                        loc,
                        "sweep-search-runner-up",
                        point = ru.point.to_string(),
                        settings = settings_text(loc, ru, files),
                        value = v,
                        se = se
                    ));
                    out.push('\n');
                    if s.runner_up_within_noise == Some(true) {
                        out.push_str(&loc.t("sweep-search-within-noise"));
                        out.push('\n');
                    }
                }
            }
        }
        if s.objectives.len() == 2 {
            out.push('\n');
            out.push_str(&tr!(
                loc,
                "sweep-pareto-title",
                first = s.objectives[0].target.label(),
                second = s.objectives[1].target.label()
            ));
            out.push('\n');
            let mut header = vec![loc.t("sweep-header-point")];
            if show_contract {
                header.push(loc.t("sweep-header-contract"));
            }
            if show_scenario {
                header.push(loc.t("sweep-header-scenario"));
            }
            header.extend(r.paths.iter().cloned());
            header.push(s.objectives[0].target.label());
            header.push(s.objectives[1].target.label());
            let mut grid = Grid::new(header);
            for c in &s.pareto {
                let mut row = vec![c.point.to_string()];
                if show_contract {
                    row.push(c.contract.clone());
                }
                if show_scenario {
                    row.push(c.scenario.clone());
                }
                row.extend(c.settings.values().map(|&v| setting(loc, v)));
                for i in 0..2 {
                    let (v, se) = value(c, i);
                    row.push(format!("{v} ± {se}"));
                }
                grid.row(row);
            }
            out.push_str(&grid.render());
            out.push('\n');
        }
        out.push_str(&loc.t("sweep-search-marginal"));
        out.push('\n');
    }
    out
}
