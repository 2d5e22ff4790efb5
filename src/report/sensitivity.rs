//! The table `sibyl sensitivity` prints: a tornado with text bars, then rank correlations.

use std::fmt::Write;

use crate::analysis::sensitivity::SensitivityReport;
use crate::model::contract::Contract;

use super::grid::{Grid, Unit};
use crate::format::{money, num};

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

/// Shows an assumption's value compactly.
fn value(x: f64) -> String {
    if x.abs() >= 1000.0 {
        money(x)
    } else {
        num((x * 1e4).round() / 1e4)
    }
}

pub fn render(c: &Contract, scenario_name: &str, r: &SensitivityReport) -> String {
    let unit = if r.statistic == "probability" {
        Unit::Probability
    } else {
        Unit::of_metric(&r.metric)
    };
    let stat = match r.statistic {
        "probability" => "probability",
        "estimate" => "an estimate of the whole run, with its delta-method error",
        _ => "mean over the trials where it is defined",
    };
    let stress = r
        .stress
        .as_deref()
        .map_or(String::new(), |s| format!(", stress preset {s}"));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Sensitivity of {} ({stat}) in {} under \"{scenario_name}\"{stress}",
        r.metric, c.deal.name
    );
    let _ = writeln!(
        out,
        "{} trials per case, seed {}; amounts in {}{}; at every assumption's median: {} ({})\n",
        money(r.trials as f64),
        r.seed,
        r.currency,
        super::grid::terms_note(r.terms),
        unit.show(r.at_medians.value),
        unit.show(r.at_medians.se)
    );
    let _ = writeln!(
        out,
        "Tornado: each assumption from its p10 to its p90, the others at their medians"
    );
    let widest = r
        .tornado
        .iter()
        .map(|s| s.swing.value.abs())
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max);
    let mut g = Grid::new(
        [
            "assumption",
            "p10",
            "p90",
            "at p10",
            "at p90",
            "swing (se)",
            "",
        ]
        .map(String::from)
        .to_vec(),
    )
    .left(6);
    for s in &r.tornado {
        g.row(vec![
            s.assumption.clone(),
            value(s.p10),
            value(s.p90),
            unit.show(s.low.value),
            unit.show(s.high.value),
            unit.change(s.swing.value, s.swing.se),
            bar(s.swing.value, widest),
        ]);
    }
    out.push_str(&g.render());
    if r.statistic == "estimate" {
        let _ = writeln!(
            out,
            "\nRank correlations: none, as {} is a figure of the whole run with no value per trial",
            r.metric
        );
        return out;
    }
    let _ = writeln!(
        out,
        "\nRank correlations with {} (Spearman, over the trials of the scenario as written)",
        r.metric
    );
    let mut g = Grid::new(["assumption", "rho", "(se)", ""].map(String::from).to_vec()).left(3);
    for rc in &r.rank_correlations {
        g.row(vec![
            rc.assumption.clone(),
            if rc.rho.is_nan() {
                "-".into()
            } else {
                format!("{:+.3}", rc.rho)
            },
            format!("({:.3})", rc.se),
            bar(rc.rho, 1.0),
        ]);
    }
    out.push_str(&g.render());
    if let Some(n) = r.rank_correlations.first().map(|x| x.n) {
        if n < r.trials {
            let _ = writeln!(
                out,
                "\n{} is undefined in {} of {} trials; the statistics cover the others.",
                r.metric,
                r.trials - n,
                r.trials
            );
        }
    }
    out
}
