//! The table `sibyl compare` prints: each design's key figures side by side, then how each
//! design differs from the first, paired on common random numbers.

use std::fmt::Write;

use crate::analysis::compare::Comparison;

use super::grid::{
    Grid, Unit, fixed_in, key_metric, key_probability, na, stress_note, terms_note_in, trials,
};
use crate::i18n::Locale;
use crate::tr;

pub fn render(loc: &Locale, scenario_name: &str, c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        tr!(
            loc,
            "compare-title",
            designs = loc.count(c.designs.len() as f64, "design"),
            scenario = scenario_name,
            stress = stress_note(loc, c.scenario.stress.as_deref()),
        )
    );
    let _ = writeln!(
        out,
        "{}\n",
        tr!(
            loc,
            "compare-subtitle",
            trials = trials(loc, c.trials),
            seed = c.seed.to_string(),
            currency = c.designs.first().map_or("", |d| d.currency.as_str()),
            terms = terms_note_in(loc, c.terms),
        )
    );
    for (i, d) in c.designs.iter().enumerate() {
        let _ = writeln!(out, "  [{}] {}: {}", i + 1, d.contract.path, d.name);
    }
    out.push('\n');
    let (metric_rows, prob_rows) = key_rows(c);
    let against_first: Vec<_> = c.differences.iter().filter(|d| d.a == 0).collect();
    let mut header = vec![loc.t("compare-header-mean")];
    header.extend((1..=c.designs.len()).map(|i| format!("[{i}]")));
    header.extend(against_first.iter().map(|d| {
        tr!(
            loc,
            "compare-header-difference",
            design = (d.b + 1).to_string()
        )
    }));
    let mut g = Grid::new(header);
    for name in metric_rows {
        let unit = Unit::of_metric(name);
        if unit == Unit::Rate {
            // A mean IRR is dominated by total losses: the median, and below the IRR of
            // the mean cash flows with its paired change.
            let mut row = vec![tr!(loc, "compare-row-median", metric = name)];
            row.extend(c.designs.iter().map(|d| {
                d.metrics
                    .get(name)
                    .map_or_else(|| na(loc), |s| unit.show_in(loc, s.p50))
            }));
            g.row(row);
            continue;
        }
        let mut row = vec![name.clone()];
        row.extend(c.designs.iter().map(|d| {
            d.metrics
                .get(name)
                .map_or_else(|| na(loc), |s| unit.show_in(loc, s.mean))
        }));
        row.extend(against_first.iter().map(|d| {
            d.metrics
                .get(name)
                .map_or_else(|| na(loc), |x| unit.change_in(loc, x.mean, x.se))
        }));
        g.row(row);
    }
    // Estimates of the whole run: the pooled IRR, costs per true outcome.
    let mut estimate_rows: Vec<&String> = Vec::new();
    for d in &c.designs {
        // Per-cohort volumes stay in the JSON.
        for name in d.estimates.keys().filter(|n| !n.starts_with("outcomes.")) {
            if !estimate_rows.contains(&name) {
                estimate_rows.push(name);
            }
        }
    }
    for name in estimate_rows {
        let unit = Unit::of_metric(name);
        let mut row = vec![name.clone()];
        row.extend(c.designs.iter().map(|d| {
            d.estimates
                .get(name)
                .map_or_else(|| na(loc), |e| unit.show_in(loc, e.value))
        }));
        row.extend(against_first.iter().map(|d| {
            d.estimates
                .get(name)
                .map_or_else(|| na(loc), |x| unit.change_in(loc, x.value, x.se))
        }));
        g.row(row);
    }
    for name in prob_rows {
        let label = format!("P({name})");
        let mut row = vec![label];
        row.extend(c.designs.iter().map(|d| {
            d.probabilities
                .get(name)
                .map_or_else(|| na(loc), |p| Unit::Probability.show_in(loc, p.p))
        }));
        row.extend(against_first.iter().map(|d| {
            d.probabilities
                .get(name)
                .map_or_else(|| na(loc), |x| Unit::Probability.change_in(loc, x.p, x.se))
        }));
        g.row(row);
    }
    out.push_str(&g.render());
    let _ = writeln!(out, "\n{}", loc.t("compare-note-differences"));
    let gain: Vec<f64> = against_first
        .iter()
        .flat_map(|d| d.metrics.values())
        .filter(|x| x.se > 0.0 && x.unpaired_se.is_finite())
        .map(|x| x.unpaired_se / x.se)
        .collect();
    if !gain.is_empty() {
        let mut sorted = gain.clone();
        sorted.sort_by(f64::total_cmp);
        let gain = sorted[sorted.len() / 2];
        let _ = writeln!(
            out,
            "\n{}",
            tr!(loc, "compare-note-paired", times = fixed_in(loc, gain, 1))
        );
    }
    for (i, d) in c.designs.iter().enumerate() {
        if !d.warnings.is_empty() {
            let _ = writeln!(
                out,
                "\n{}",
                tr!(loc, "compare-warnings", design = (i + 1).to_string())
            );
            for w in &d.warnings {
                let _ = writeln!(out, "  - {}", w.text(loc));
            }
        }
    }
    out
}

/// The rows a comparison shows: the key metrics and probabilities of every design, each
/// where it first appears.
pub(super) fn key_rows(c: &Comparison) -> (Vec<&String>, Vec<&String>) {
    let mut metric_rows: Vec<&String> = Vec::new();
    let mut prob_rows: Vec<&String> = Vec::new();
    for d in &c.designs {
        for name in d.metrics.keys().filter(|n| key_metric(n)) {
            if !metric_rows.contains(&name) {
                metric_rows.push(name);
            }
        }
        for name in d.probabilities.keys().filter(|n| key_probability(n)) {
            if !prob_rows.contains(&name) {
                prob_rows.push(name);
            }
        }
    }
    (metric_rows, prob_rows)
}
