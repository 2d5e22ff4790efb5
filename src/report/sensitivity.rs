//! The table `sibyl sensitivity` prints: a tornado with text bars, then rank correlations.

use std::fmt::Write;

use crate::analysis::sensitivity::SensitivityReport;
use crate::i18n::{Lang, Locale};
use crate::model::contract::Contract;
use crate::tr;

use super::grid::{Grid, Unit, assumption_value, stress_note, terms_note_in, trials};

const BAR: usize = 30;

fn bar(x: f64, widest: f64) -> String {
    if !(x.is_finite() && widest > 0.0) || x == 0.0 {
        return String::new();
    }
    let n = ((x.abs() / widest) * BAR as f64).round() as usize;
    let cells = "#".repeat(n.max(usize::from(x != 0.0)));
    if x < 0.0 {
        format!("-{cells}")
    } else {
        format!("+{cells}")
    }
}

/// A rank correlation or its error with three decimals, signed or not: `+0.755` / `+0,755`.
fn correlation(loc: &Locale, x: f64, signed: bool) -> String {
    let s = if signed {
        format!("{x:+.3}")
    } else {
        format!("{x:.3}")
    };
    match loc.lang {
        Lang::En => s,
        _ => s.replace('.', &loc.decimal().to_string()),
    }
}

/// A whole count: as `format!` writes it in English, grouped as the language groups it
/// otherwise.
fn whole(loc: &Locale, n: u64) -> String {
    match loc.lang {
        Lang::En => n.to_string(),
        _ => loc.money(n as f64),
    }
}

pub fn render(loc: &Locale, c: &Contract, scenario_name: &str, r: &SensitivityReport) -> String {
    let unit = if r.statistic == "probability" {
        Unit::Probability
    } else {
        Unit::of_metric(&r.metric)
    };
    let stat = match r.statistic {
        "probability" => loc.t("sensitivity-statistic-probability"),
        "estimate" => loc.t("sensitivity-statistic-estimate"),
        _ => loc.t("sensitivity-statistic-mean"),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        tr!(
            loc,
            "sensitivity-title",
            metric = r.metric.as_str(),
            statistic = stat,
            deal = c.deal.name.as_str(),
            scenario = scenario_name,
            stress = stress_note(loc, r.stress.as_deref()),
        )
    );
    let _ = writeln!(
        out,
        "{}\n",
        tr!(
            loc,
            "sensitivity-subtitle",
            trials = trials(loc, r.trials),
            seed = r.seed.to_string(),
            currency = r.currency.as_str(),
            terms = terms_note_in(loc, r.terms),
            value = unit.show_in(loc, r.at_medians.value),
            se = unit.show_in(loc, r.at_medians.se),
        )
    );
    let _ = writeln!(out, "{}", loc.t("sensitivity-tornado-title"));
    let widest = r
        .tornado
        .iter()
        .map(|s| s.swing.value.abs())
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max);
    let mut g = Grid::new(vec![
        loc.t("sensitivity-header-assumption"),
        "p10".into(),
        "p90".into(),
        loc.t("sensitivity-header-at-p10"),
        loc.t("sensitivity-header-at-p90"),
        loc.t("sensitivity-header-swing"),
        String::new(),
    ])
    .left(6);
    for s in &r.tornado {
        g.row(vec![
            s.assumption.clone(),
            assumption_value(loc, s.p10),
            assumption_value(loc, s.p90),
            unit.show_in(loc, s.low.value),
            unit.show_in(loc, s.high.value),
            unit.change_in(loc, s.swing.value, s.swing.se),
            bar(s.swing.value, widest),
        ]);
    }
    out.push_str(&g.render());
    if r.statistic == "estimate" {
        let _ = writeln!(
            out,
            "\n{}",
            tr!(loc, "sensitivity-rank-none", metric = r.metric.as_str())
        );
        return out;
    }
    let _ = writeln!(
        out,
        "\n{}",
        tr!(loc, "sensitivity-rank-title", metric = r.metric.as_str())
    );
    let mut g = Grid::new(vec![
        loc.t("sensitivity-header-assumption"),
        loc.t("sensitivity-header-rho"),
        "(se)".into(),
        String::new(),
    ])
    .left(3);
    for rc in &r.rank_correlations {
        g.row(vec![
            rc.assumption.clone(),
            if rc.rho.is_nan() {
                "-".into()
            } else {
                correlation(loc, rc.rho, true)
            },
            format!("({})", correlation(loc, rc.se, false)),
            bar(rc.rho, 1.0),
        ]);
    }
    out.push_str(&g.render());
    if let Some(n) = r.rank_correlations.first().map(|x| x.n) {
        if n < r.trials {
            let _ = writeln!(
                out,
                "\n{}",
                tr!(
                    loc,
                    "sensitivity-undefined",
                    metric = r.metric.as_str(),
                    undefined = whole(loc, r.trials - n),
                    trials = whole(loc, r.trials),
                    count = r.trials,
                )
            );
        }
    }
    out
}
