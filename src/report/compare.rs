//! The table `sibyl compare` prints: each design's key figures side by side, then how each
//! design differs from the first, paired on common random numbers.

use std::fmt::Write;

use crate::analysis::compare::Comparison;

use super::grid::{Grid, Unit, key_metric, key_probability};
use crate::format::money;

pub fn render(scenario_name: &str, c: &Comparison) -> String {
    let mut out = String::new();
    let stress = c
        .scenario
        .stress
        .as_deref()
        .map_or(String::new(), |s| format!(", stress preset {s}"));
    let _ = writeln!(
        out,
        "{} designs under \"{scenario_name}\"{stress}",
        c.designs.len()
    );
    let _ = writeln!(
        out,
        "{} trials, seed {}, common random numbers; amounts in {}{}; each design's figures are those of `sibyl run`\n",
        money(c.trials as f64),
        c.seed,
        c.designs.first().map_or("", |d| d.currency.as_str()),
        super::grid::terms_note(c.terms)
    );
    for (i, d) in c.designs.iter().enumerate() {
        let _ = writeln!(out, "  [{}] {}: {}", i + 1, d.contract.path, d.name);
    }
    out.push('\n');
    // Rows: the key metrics and probabilities of every design, first appearance first.
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
    let against_first: Vec<_> = c.differences.iter().filter(|d| d.a == 0).collect();
    let mut header = vec!["mean (P for probabilities)".to_string()];
    header.extend((1..=c.designs.len()).map(|i| format!("[{i}]")));
    header.extend(
        against_first
            .iter()
            .map(|d| format!("[{}]-[1] (se)", d.b + 1)),
    );
    let mut g = Grid::new(header);
    for name in metric_rows {
        let unit = Unit::of_metric(name);
        if unit == Unit::Rate {
            // A mean IRR is dominated by total losses: the median, and below the IRR of
            // the mean cash flows with its paired change.
            let mut row = vec![format!("{name} (median)")];
            row.extend(c.designs.iter().map(|d| {
                d.metrics
                    .get(name)
                    .map_or("n/a".into(), |s| unit.show(s.p50))
            }));
            g.row(row);
            continue;
        }
        let mut row = vec![name.clone()];
        row.extend(c.designs.iter().map(|d| {
            d.metrics
                .get(name)
                .map_or("n/a".into(), |s| unit.show(s.mean))
        }));
        row.extend(against_first.iter().map(|d| {
            d.metrics
                .get(name)
                .map_or("n/a".into(), |x| unit.change(x.mean, x.se))
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
                .map_or("n/a".into(), |e| unit.show(e.value))
        }));
        row.extend(against_first.iter().map(|d| {
            d.estimates
                .get(name)
                .map_or("n/a".into(), |x| unit.change(x.value, x.se))
        }));
        g.row(row);
    }
    for name in prob_rows {
        let label = format!("P({name})");
        let mut row = vec![label];
        row.extend(c.designs.iter().map(|d| {
            d.probabilities
                .get(name)
                .map_or("n/a".into(), |p| Unit::Probability.show(p.p))
        }));
        row.extend(against_first.iter().map(|d| {
            d.probabilities
                .get(name)
                .map_or("n/a".into(), |x| Unit::Probability.change(x.p, x.se))
        }));
        g.row(row);
    }
    out.push_str(&g.render());
    let _ = writeln!(
        out,
        "\nDifferences are paired means over the trials where both designs define the metric (an IRR may be undefined in some; `n` in the JSON). Estimates of the whole run (pooled IRR: the IRR of the mean cash flows; cost per true outcome: expected paid / expected outcomes truly improved) are shown as values, their differences with paired delta-method errors."
    );
    let gain: Vec<f64> = against_first
        .iter()
        .flat_map(|d| d.metrics.values())
        .filter(|x| x.se > 0.0 && x.unpaired_se.is_finite())
        .map(|x| x.unpaired_se / x.se)
        .collect();
    if !gain.is_empty() {
        let mut sorted = gain.clone();
        sorted.sort_by(f64::total_cmp);
        let _ = writeln!(
            out,
            "\nPaired differences: standard errors are a median {:.1} times smaller than with independent runs (`unpaired_se` in the JSON).",
            sorted[sorted.len() / 2]
        );
    }
    for (i, d) in c.designs.iter().enumerate() {
        if !d.warnings.is_empty() {
            let _ = writeln!(out, "\nWarnings for [{}]", i + 1);
            for w in &d.warnings {
                let _ = writeln!(out, "  - {w}");
            }
        }
    }
    out
}
