//! The table `sibyl stress` prints: each case's key figures, then how they move from the
//! base case, paired on common random numbers.

use std::fmt::Write;

use crate::analysis::stress::StressReport;
use crate::model::contract::{Contract, Role};

use super::grid::{Grid, Unit};
use crate::format::money;

/// A column: a label, a metric or probability name, and the statistic shown.
struct Column {
    label: String,
    name: String,
    stat: Stat,
}

#[derive(Clone, Copy, PartialEq)]
enum Stat {
    Mean,
    Median,
    Probability,
    /// An estimate of the whole run (the pooled IRR).
    Estimate,
}

fn columns(c: &Contract) -> Vec<Column> {
    let mut out = Vec::new();
    let col = |label: String, name: String, stat| Column { label, name, stat };
    for t in &c.tranches {
        let id = &t.id;
        out.push(col(
            format!("{id} P(loss)"),
            format!("tranche.{id}.loss"),
            Stat::Probability,
        ));
        out.push(col(
            format!("{id} MOIC"),
            format!("tranche.{id}.moic"),
            Stat::Mean,
        ));
        out.push(col(
            format!("{id} IRR p50"),
            format!("tranche.{id}.irr"),
            Stat::Median,
        ));
        out.push(col(
            format!("{id} pooled IRR"),
            format!("tranche.{id}.pooled_irr"),
            Stat::Estimate,
        ));
    }
    for p in c.parties.iter().filter(|p| p.role == Role::Payer) {
        out.push(col(
            format!("{} paid", p.id),
            format!("payer.{}.paid", p.id),
            Stat::Mean,
        ));
    }
    out.push(col(
        "P(any payment)".into(),
        "deal.any_payment".into(),
        Stat::Probability,
    ));
    out
}

pub fn render(c: &Contract, scenario_name: &str, r: &StressReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} under \"{scenario_name}\", stressed", c.deal.name);
    let _ = writeln!(
        out,
        "{} trials a case, seed {}, common random numbers; amounts in {}{} (means unless marked; the pooled IRR is the IRR of the mean cash flows)\n",
        money(r.trials as f64),
        r.seed,
        r.currency,
        super::grid::terms_note(r.terms)
    );
    let cols = columns(c);
    let mut header = vec!["case".to_string()];
    header.extend(cols.iter().map(|k| k.label.clone()));
    let mut g = Grid::new(header);
    for case in &r.cases {
        let mut row = vec![case.id.clone()];
        for k in &cols {
            let unit = match k.stat {
                Stat::Probability => Unit::Probability,
                _ => Unit::of_metric(&k.name),
            };
            let cell = match k.stat {
                Stat::Probability => case.probabilities.get(&k.name).map(|p| p.p),
                Stat::Mean => case.metrics.get(&k.name).map(|s| s.mean),
                Stat::Median => case.metrics.get(&k.name).map(|s| s.p50),
                Stat::Estimate => case.estimates.get(&k.name).map(|e| e.value),
            };
            row.push(cell.map_or("n/a".into(), |x| unit.show(x)));
        }
        g.row(row);
    }
    out.push_str(&g.render());
    if !r.differences.is_empty() {
        changes(&mut out, &cols, r);
    }
    if !r.measured.is_empty() {
        measured(&mut out, c, r);
    }
    let _ = writeln!(out, "\nCases");
    for case in &r.cases {
        let _ = writeln!(out, "  {}: {}", case.id, case.description);
    }
    out
}

/// How each case moves the key figures from the base.
fn changes(out: &mut String, cols: &[Column], r: &StressReport) {
    let _ = writeln!(
        out,
        "\nChange from the base (standard error of the paired difference)"
    );
    let moved: Vec<&Column> = cols.iter().filter(|k| k.stat != Stat::Median).collect();
    let mut h = vec!["case".to_string()];
    h.extend(moved.iter().map(|k| k.label.clone()));
    let mut g = Grid::new(h);
    for d in &r.differences {
        let mut row = vec![r.cases[d.b].id.clone()];
        for k in &moved {
            let cell = match k.stat {
                Stat::Probability => d
                    .probabilities
                    .get(&k.name)
                    .map(|x| Unit::Probability.change(x.p, x.se)),
                Stat::Estimate => d
                    .estimates
                    .get(&k.name)
                    .map(|x| Unit::of_metric(&k.name).change(x.value, x.se)),
                _ => d
                    .metrics
                    .get(&k.name)
                    .map(|x| Unit::of_metric(&k.name).change(x.mean, x.se)),
            };
            row.push(cell.unwrap_or_else(|| "n/a".into()));
        }
        g.row(row);
    }
    out.push_str(&g.render());
}

/// Rows for "what if the measured effect is exactly X", settled once each.
fn measured(out: &mut String, c: &Contract, r: &StressReport) {
    let _ = writeln!(
        out,
        "\nWhat if every metric's measured effect were exactly X (the expected world otherwise, settled once, no noise)"
    );
    let mut names = Vec::new();
    for t in &c.tranches {
        names.push((format!("{} MOIC", t.id), format!("tranche.{}.moic", t.id)));
        names.push((format!("{} IRR", t.id), format!("tranche.{}.irr", t.id)));
    }
    for p in c.parties.iter().filter(|p| p.role == Role::Payer) {
        names.push((format!("{} paid", p.id), format!("payer.{}.paid", p.id)));
    }
    let mut header = vec!["measured effect".to_string()];
    header.extend(names.iter().map(|(label, _)| label.clone()));
    let mut g = Grid::new(header);
    for m in &r.measured {
        let mut row = vec![crate::format::num(m.effect)];
        for (_, name) in &names {
            let v = m.metrics.get(name).copied().unwrap_or(f64::NAN);
            row.push(Unit::of_metric(name).show(v));
        }
        g.row(row);
    }
    out.push_str(&g.render());
}
