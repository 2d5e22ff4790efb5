//! The table `sibyl stress` prints: each case's key figures, then how they move from the
//! base case, paired on common random numbers.

use std::fmt::Write;

use crate::analysis::stress::{About, CaseKind, CaseResult, StressReport};
use crate::i18n::Locale;
use crate::model::contract::{Contract, Period, Role};
use crate::tr;

use super::grid::{Grid, Unit, na, terms_note_in, trials};

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

fn columns(loc: &Locale, c: &Contract) -> Vec<Column> {
    let mut out = Vec::new();
    let col = |label: String, name: String, stat| Column { label, name, stat };
    for t in &c.tranches {
        let id = t.id.as_str();
        out.push(col(
            tr!(loc, "stress-column-loss", tranche = id),
            format!("tranche.{id}.loss"),
            Stat::Probability,
        ));
        out.push(col(
            tr!(loc, "stress-column-moic", tranche = id),
            format!("tranche.{id}.moic"),
            Stat::Mean,
        ));
        out.push(col(
            tr!(loc, "stress-column-irr-median", tranche = id),
            format!("tranche.{id}.irr"),
            Stat::Median,
        ));
        out.push(col(
            tr!(loc, "stress-column-pooled-irr", tranche = id),
            format!("tranche.{id}.pooled_irr"),
            Stat::Estimate,
        ));
    }
    for p in c.parties.iter().filter(|p| p.role == Role::Payer) {
        out.push(col(
            tr!(loc, "stress-column-paid", payer = p.id.as_str()),
            format!("payer.{}.paid", p.id),
            Stat::Mean,
        ));
    }
    out.push(col(
        loc.t("stress-column-any-payment"),
        "deal.any_payment".into(),
        Stat::Probability,
    ));
    out
}

/// A case's name in the tables: its id, but the base case in the reader's language.
pub(super) fn case_name(loc: &Locale, case: &CaseResult) -> String {
    if case.kind == CaseKind::Base {
        loc.t("stress-case-base")
    } else {
        case.id.clone()
    }
}

/// What a case is, in the reader's language (a preset's own description as the scenario
/// gives it).
pub(super) fn description(loc: &Locale, case: &CaseResult) -> String {
    match &case.about {
        About::Base => loc.t("stress-about-base"),
        About::Preset(Some(text)) => text.clone(),
        About::Preset(None) => loc.t("stress-about-preset"),
        About::EffectHalved => loc.t("stress-about-effect-halved"),
        About::ReferralsMinus30 => loc.t("stress-about-referrals-minus-30"),
        About::Delay {
            periods,
            period,
            unpaid,
        } => {
            let late = match period {
                Period::Month => loc.count(f64::from(*periods), "month"),
                Period::Quarter => loc.count(f64::from(*periods), "quarter"),
                Period::Year => tr!(
                    loc,
                    "stress-about-delay-rounded-up",
                    periods = loc.count(f64::from(*periods), "year"),
                ),
            };
            match unpaid.as_slice() {
                [] => tr!(loc, "stress-about-delay", periods = late),
                [cohort] => tr!(
                    loc,
                    "stress-about-delay-unpaid-one",
                    periods = late,
                    cohort = cohort.as_str(),
                ),
                _ => tr!(
                    loc,
                    "stress-about-delay-unpaid",
                    periods = late,
                    cohorts = unpaid.join(", "),
                ),
            }
        }
        About::Terminated { end, end_of_year_2 } => {
            let period = end.to_string();
            if *end_of_year_2 {
                tr!(loc, "stress-about-terminated-year-2", period = period)
            } else {
                tr!(loc, "stress-about-terminated-after-year-2", period = period)
            }
        }
    }
}

pub fn render(loc: &Locale, c: &Contract, scenario_name: &str, r: &StressReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        tr!(
            loc,
            "stress-title",
            deal = c.deal.name.as_str(),
            scenario = scenario_name,
        )
    );
    let _ = writeln!(
        out,
        "{}\n",
        tr!(
            loc,
            "stress-subtitle",
            trials = trials(loc, r.trials),
            seed = r.seed.to_string(),
            currency = r.currency.as_str(),
            terms = terms_note_in(loc, r.terms),
        )
    );
    let cols = columns(loc, c);
    let mut header = vec![loc.t("stress-header-case")];
    header.extend(cols.iter().map(|k| k.label.clone()));
    let mut g = Grid::new(header);
    for case in &r.cases {
        let mut row = vec![case_name(loc, case)];
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
            row.push(cell.map_or_else(|| na(loc), |x| unit.show_in(loc, x)));
        }
        g.row(row);
    }
    out.push_str(&g.render());
    if !r.differences.is_empty() {
        changes(loc, &mut out, &cols, r);
    }
    if !r.measured.is_empty() {
        measured(loc, &mut out, c, r);
    }
    let _ = writeln!(out, "\n{}", loc.t("stress-cases"));
    for case in &r.cases {
        let _ = writeln!(
            out,
            "  {}: {}",
            case_name(loc, case),
            description(loc, case)
        );
    }
    out
}

/// How each case moves the key figures from the base.
fn changes(loc: &Locale, out: &mut String, cols: &[Column], r: &StressReport) {
    let _ = writeln!(out, "\n{}", loc.t("stress-changes-title"));
    let moved: Vec<&Column> = cols.iter().filter(|k| k.stat != Stat::Median).collect();
    let mut h = vec![loc.t("stress-header-case")];
    h.extend(moved.iter().map(|k| k.label.clone()));
    let mut g = Grid::new(h);
    for d in &r.differences {
        let mut row = vec![case_name(loc, &r.cases[d.b])];
        for k in &moved {
            let cell = match k.stat {
                Stat::Probability => d
                    .probabilities
                    .get(&k.name)
                    .map(|x| Unit::Probability.change_in(loc, x.p, x.se)),
                Stat::Estimate => d
                    .estimates
                    .get(&k.name)
                    .map(|x| Unit::of_metric(&k.name).change_in(loc, x.value, x.se)),
                _ => d
                    .metrics
                    .get(&k.name)
                    .map(|x| Unit::of_metric(&k.name).change_in(loc, x.mean, x.se)),
            };
            row.push(cell.unwrap_or_else(|| na(loc)));
        }
        g.row(row);
    }
    out.push_str(&g.render());
}

/// Rows for "what if the measured effect is exactly X", settled once each.
fn measured(loc: &Locale, out: &mut String, c: &Contract, r: &StressReport) {
    let _ = writeln!(out, "\n{}", loc.t("stress-measured-title"));
    let mut names = Vec::new();
    for t in &c.tranches {
        let id = t.id.as_str();
        names.push((
            tr!(loc, "stress-column-moic", tranche = id),
            format!("tranche.{id}.moic"),
        ));
        names.push((
            tr!(loc, "stress-column-irr", tranche = id),
            format!("tranche.{id}.irr"),
        ));
    }
    for p in c.parties.iter().filter(|p| p.role == Role::Payer) {
        names.push((
            tr!(loc, "stress-column-paid", payer = p.id.as_str()),
            format!("payer.{}.paid", p.id),
        ));
    }
    let mut header = vec![loc.t("stress-header-measured")];
    header.extend(names.iter().map(|(label, _)| label.clone()));
    let mut g = Grid::new(header);
    for m in &r.measured {
        let mut row = vec![loc.plain(m.effect)];
        for (_, name) in &names {
            let v = m.metrics.get(name).copied().unwrap_or(f64::NAN);
            row.push(Unit::of_metric(name).show_in(loc, v));
        }
        g.row(row);
    }
    out.push_str(&g.render());
}
