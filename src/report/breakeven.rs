//! What `sibyl breakeven` prints for people.

use std::fmt::Write;

use crate::analysis::breakeven::BreakevenReport;
use crate::analysis::breakeven::Status;
use crate::model::contract::Contract;

use super::grid::{Grid, Unit};
use crate::format::{money, num};

/// An assumption's value, compactly.
fn value(x: f64) -> String {
    if x.abs() >= 1000.0 {
        money(x)
    } else {
        num((x * 1e4).round() / 1e4)
    }
}

pub fn render(c: &Contract, scenario_name: &str, r: &BreakevenReport) -> String {
    if r.statistic == "estimate" {
        return render_estimate(c, scenario_name, r);
    }
    let mut out = header(
        r,
        &format!(
            "Breakeven of {} for P({}) = {} in {} under \"{scenario_name}\"",
            r.assumption,
            r.target,
            Unit::Probability.show(r.prob),
            c.deal.name
        ),
    );
    let p = |x: f64| Unit::Probability.show(x);
    let range = searched(r);
    match (r.status, r.value) {
        (Status::Found, Some(v)) => {
            let _ = writeln!(out, "  {} = {}", r.assumption, value(v));
            if let Some(b) = r.band {
                let _ = writeln!(
                    out,
                    "  95% Monte Carlo band: {} to {} (where the estimated probability is within 1.96 standard errors of {})",
                    value(b.low),
                    value(b.high),
                    p(r.prob)
                );
            }
            let _ = writeln!(
                out,
                "  a {} {} makes the target more likely over {range}",
                if r.increasing { "higher" } else { "lower" },
                r.assumption
            );
            if !r.other_crossings.is_empty() {
                let others: Vec<String> = r.other_crossings.iter().map(|x| value(*x)).collect();
                let _ = writeln!(
                    out,
                    "  note: the probability crosses {} again near {}: it does not move one way with {}",
                    p(r.prob),
                    others.join(", "),
                    r.assumption
                );
            }
        }
        (Status::NoInfluence, _) => {
            let _ = writeln!(
                out,
                "  none: {} does not move the target (identical estimates for {range})",
                r.assumption
            );
        }
        (Status::NotIdentified, _) => {
            let _ = writeln!(
                out,
                "  not identified: the probability stays within Monte Carlo noise of {} for {range}; more trials may resolve it",
                p(r.prob)
            );
        }
        (Status::Undefined, _) => {
            let _ = writeln!(out, "  undefined for {range}");
        }
        (status, _) => {
            let side = if status == Status::AlwaysAbove {
                "above"
            } else {
                "below"
            };
            let _ = writeln!(
                out,
                "  not reached: the probability stays {side} {} for {range}",
                p(r.prob)
            );
        }
    }
    let worst = r
        .evaluations
        .iter()
        .map(|e| e.undefined)
        .fold(0.0, f64::max);
    if worst > 0.01 {
        let _ = writeln!(
            out,
            "  note: {} is undefined in up to {} of trials at some values; those trials count as not meeting the target",
            r.target.split_whitespace().next().unwrap_or_default(),
            p(worst)
        );
    }
    let _ = writeln!(
        out,
        "  in the scenario as written ({} median {}): P = {} ({})",
        r.assumption,
        value(r.scenario_median),
        p(r.scenario_probability.p),
        p(r.scenario_probability.se)
    );
    let _ = writeln!(out, "\nProbability of the target by value");
    let mut g = Grid::new(vec![r.assumption.clone(), "P".into(), "(se)".into()]);
    // A readable subset: at most about a dozen points, evenly spread over the evaluations.
    let step = r.evaluations.len().div_ceil(12).max(1);
    for (i, e) in r.evaluations.iter().enumerate() {
        if i % step == 0 || i + 1 == r.evaluations.len() {
            g.row(vec![value(e.value), p(e.p), format!("({})", p(e.se))]);
        }
    }
    out.push_str(&g.render());
    out
}

/// The title (with the stress preset) and the line on how the search ran.
fn header(r: &BreakevenReport, title: &str) -> String {
    let stress = r
        .stress
        .as_deref()
        .map_or(String::new(), |s| format!(", stress preset {s}"));
    let mut out = String::new();
    let _ = writeln!(out, "{title}{stress}{}", super::grid::terms_note(r.terms));
    let _ = writeln!(
        out,
        "{} trials per estimate, seed {}, common random numbers; {} held at each value, the assumptions correlated with it drawn given it\n",
        money(r.trials as f64),
        r.seed,
        r.assumption
    );
    out
}

/// The range searched, in words.
fn searched(r: &BreakevenReport) -> String {
    format!(
        "{} from {} to {}",
        r.assumption,
        value(r.searched.low),
        value(r.searched.high)
    )
}

/// A breakeven on an estimate of the whole run: where the estimate reaches the threshold.
fn render_estimate(c: &Contract, scenario_name: &str, r: &BreakevenReport) -> String {
    let name = r.target.split_whitespace().next().unwrap_or_default();
    let unit = Unit::of_metric(name);
    let threshold = r
        .target
        .split_whitespace()
        .last()
        .and_then(|x| x.parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    let mut out = header(
        r,
        &format!(
            "Breakeven of {} for {} (an estimate of the whole run) in {} under \"{scenario_name}\"",
            r.assumption, r.target, c.deal.name
        ),
    );
    let range = searched(r);
    match (r.status, r.value) {
        (Status::Found, Some(v)) => {
            let _ = writeln!(out, "  {} = {}", r.assumption, value(v));
            if let Some(b) = r.band {
                let _ = writeln!(
                    out,
                    "  95% Monte Carlo band: {} to {} (where the estimate is within 1.96 standard errors of {})",
                    value(b.low),
                    value(b.high),
                    unit.show(threshold)
                );
            }
            let _ = writeln!(
                out,
                "  a {} {} raises {name} over {range}",
                if r.increasing { "higher" } else { "lower" },
                r.assumption
            );
            if !r.other_crossings.is_empty() {
                let others: Vec<String> = r.other_crossings.iter().map(|x| value(*x)).collect();
                let _ = writeln!(
                    out,
                    "  note: {name} crosses {} again near {}: it does not move one way with {}",
                    unit.show(threshold),
                    others.join(", "),
                    r.assumption
                );
            }
        }
        (Status::NoInfluence, _) => {
            let _ = writeln!(
                out,
                "  none: {} does not move {name} over {range}",
                r.assumption
            );
        }
        (Status::NotIdentified, _) => {
            let _ = writeln!(
                out,
                "  not identified: {name} stays within Monte Carlo noise of {} for {range}; more trials may resolve it",
                unit.show(threshold)
            );
        }
        (Status::Undefined, _) => {
            let _ = writeln!(
                out,
                "  undefined: {name} has no value anywhere in {range} (for a cost per true outcome: no outcome is truly improved)"
            );
        }
        (status, _) => {
            let side = if status == Status::AlwaysAbove {
                "above"
            } else {
                "below"
            };
            let _ = writeln!(
                out,
                "  not reached: {name} stays {side} {} for {range}",
                unit.show(threshold)
            );
        }
    }
    let _ = writeln!(
        out,
        "  in the scenario as written ({} median {}): {} ({})",
        r.assumption,
        value(r.scenario_median),
        unit.show(r.scenario_probability.p),
        unit.show(r.scenario_probability.se)
    );
    let _ = writeln!(out, "\n{name} by value");
    let mut g = Grid::new(vec![r.assumption.clone(), "estimate".into(), "(se)".into()]);
    let step = r.evaluations.len().div_ceil(12).max(1);
    for (i, e) in r.evaluations.iter().enumerate() {
        if i % step == 0 || i + 1 == r.evaluations.len() {
            g.row(vec![
                value(e.value),
                unit.show(e.p),
                format!("({})", unit.show(e.se)),
            ]);
        }
    }
    out.push_str(&g.render());
    out
}
