//! What `sibyl breakeven` prints for people.

use std::fmt::Write;

use crate::analysis::breakeven::BreakevenReport;
use crate::analysis::breakeven::Status;
use crate::i18n::{Lang, Locale};
use crate::model::contract::Contract;
use crate::tr;

use super::grid::{Grid, Unit, assumption_value, list, stress_note, terms_note_in, trials};

/// The target as the report gives it (`tranche.x.irr >= 0.05`), its threshold written as
/// the language writes numbers.
fn target(loc: &Locale, target: &str) -> String {
    if loc.lang == Lang::En {
        return target.to_string();
    }
    let mut parts: Vec<String> = target.split_whitespace().map(String::from).collect();
    if let Some(last) = parts.last_mut() {
        if let Ok(x) = last.parse::<f64>() {
            *last = loc.plain(x);
        }
    }
    parts.join(" ")
}

pub fn render(loc: &Locale, c: &Contract, scenario_name: &str, r: &BreakevenReport) -> String {
    if r.statistic == "estimate" {
        return render_estimate(loc, c, scenario_name, r);
    }
    let value = |x: f64| assumption_value(loc, x);
    let p = |x: f64| Unit::Probability.show_in(loc, x);
    let a = r.assumption.as_str();
    let mut out = header(
        loc,
        r,
        &tr!(
            loc,
            "breakeven-title",
            assumption = a,
            target = target(loc, &r.target),
            probability = p(r.prob),
            deal = c.deal.name.as_str(),
            scenario = scenario_name,
        ),
    );
    let (low, high) = (value(r.searched.low), value(r.searched.high));
    let line = match (r.status, r.value) {
        (Status::Found, Some(v)) => {
            let _ = writeln!(out, "  {a} = {}", value(v));
            if let Some(b) = r.band {
                let _ = writeln!(
                    out,
                    "  {}",
                    tr!(
                        loc,
                        "breakeven-band",
                        level = loc.pct(0.95),
                        low = value(b.low),
                        high = value(b.high),
                        probability = p(r.prob),
                    )
                );
            }
            let direction = if r.increasing {
                tr!(
                    loc,
                    "breakeven-higher-likelier",
                    assumption = a,
                    low = low.as_str(),
                    high = high.as_str(),
                )
            } else {
                tr!(
                    loc,
                    "breakeven-lower-likelier",
                    assumption = a,
                    low = low.as_str(),
                    high = high.as_str(),
                )
            };
            let _ = writeln!(out, "  {direction}");
            if r.other_crossings.is_empty() {
                None
            } else {
                let others: Vec<String> = r.other_crossings.iter().map(|x| value(*x)).collect();
                Some(tr!(
                    loc,
                    "breakeven-crosses-again",
                    probability = p(r.prob),
                    values = list(loc, &others),
                    assumption = a,
                ))
            }
        }
        (Status::NoInfluence, _) => Some(tr!(
            loc,
            "breakeven-no-influence",
            assumption = a,
            low = low.as_str(),
            high = high.as_str(),
        )),
        (Status::NotIdentified, _) => Some(tr!(
            loc,
            "breakeven-not-identified",
            probability = p(r.prob),
            assumption = a,
            low = low.as_str(),
            high = high.as_str(),
        )),
        (Status::Undefined, _) => Some(tr!(
            loc,
            "breakeven-undefined",
            assumption = a,
            low = low.as_str(),
            high = high.as_str(),
        )),
        (status, _) => Some(if status == Status::AlwaysAbove {
            tr!(
                loc,
                "breakeven-always-above",
                probability = p(r.prob),
                assumption = a,
                low = low.as_str(),
                high = high.as_str(),
            )
        } else {
            tr!(
                loc,
                "breakeven-always-below",
                probability = p(r.prob),
                assumption = a,
                low = low.as_str(),
                high = high.as_str(),
            )
        }),
    };
    if let Some(line) = line {
        let _ = writeln!(out, "  {line}");
    }
    let worst = r
        .evaluations
        .iter()
        .map(|e| e.undefined)
        .fold(0.0, f64::max);
    if worst > 0.01 {
        let _ = writeln!(
            out,
            "  {}",
            tr!(
                loc,
                "breakeven-undefined-share",
                metric = r.target.split_whitespace().next().unwrap_or_default(),
                share = p(worst),
            )
        );
    }
    let _ = writeln!(
        out,
        "  {}",
        tr!(
            loc,
            "breakeven-as-written",
            assumption = a,
            median = value(r.scenario_median),
            probability = p(r.scenario_probability.p),
            se = p(r.scenario_probability.se),
        )
    );
    let _ = writeln!(out, "\n{}", loc.t("breakeven-by-value"));
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
fn header(loc: &Locale, r: &BreakevenReport, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{title}{}{}",
        stress_note(loc, r.stress.as_deref()),
        terms_note_in(loc, r.terms)
    );
    let _ = writeln!(
        out,
        "{}\n",
        tr!(
            loc,
            "breakeven-subtitle",
            trials = trials(loc, r.trials),
            seed = r.seed.to_string(),
            assumption = r.assumption.as_str(),
        )
    );
    out
}

/// A breakeven on an estimate of the whole run: where the estimate reaches the threshold.
fn render_estimate(loc: &Locale, c: &Contract, scenario_name: &str, r: &BreakevenReport) -> String {
    let value = |x: f64| assumption_value(loc, x);
    let name = r.target.split_whitespace().next().unwrap_or_default();
    let unit = Unit::of_metric(name);
    let threshold = r
        .target
        .split_whitespace()
        .last()
        .and_then(|x| x.parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    let t = unit.show_in(loc, threshold);
    let a = r.assumption.as_str();
    let mut out = header(
        loc,
        r,
        &tr!(
            loc,
            "breakeven-estimate-title",
            assumption = a,
            target = target(loc, &r.target),
            deal = c.deal.name.as_str(),
            scenario = scenario_name,
        ),
    );
    let (low, high) = (value(r.searched.low), value(r.searched.high));
    let line = match (r.status, r.value) {
        (Status::Found, Some(v)) => {
            let _ = writeln!(out, "  {a} = {}", value(v));
            if let Some(b) = r.band {
                let _ = writeln!(
                    out,
                    "  {}",
                    tr!(
                        loc,
                        "breakeven-estimate-band",
                        level = loc.pct(0.95),
                        low = value(b.low),
                        high = value(b.high),
                        threshold = t.as_str(),
                    )
                );
            }
            let direction = if r.increasing {
                tr!(
                    loc,
                    "breakeven-estimate-higher-raises",
                    assumption = a,
                    metric = name,
                    low = low.as_str(),
                    high = high.as_str(),
                )
            } else {
                tr!(
                    loc,
                    "breakeven-estimate-lower-raises",
                    assumption = a,
                    metric = name,
                    low = low.as_str(),
                    high = high.as_str(),
                )
            };
            let _ = writeln!(out, "  {direction}");
            if r.other_crossings.is_empty() {
                None
            } else {
                let others: Vec<String> = r.other_crossings.iter().map(|x| value(*x)).collect();
                Some(tr!(
                    loc,
                    "breakeven-estimate-crosses-again",
                    metric = name,
                    threshold = t.as_str(),
                    values = list(loc, &others),
                    assumption = a,
                ))
            }
        }
        (Status::NoInfluence, _) => Some(tr!(
            loc,
            "breakeven-estimate-no-influence",
            assumption = a,
            metric = name,
            low = low.as_str(),
            high = high.as_str(),
        )),
        (Status::NotIdentified, _) => Some(tr!(
            loc,
            "breakeven-estimate-not-identified",
            metric = name,
            threshold = t.as_str(),
            assumption = a,
            low = low.as_str(),
            high = high.as_str(),
        )),
        (Status::Undefined, _) => Some(tr!(
            loc,
            "breakeven-estimate-undefined",
            metric = name,
            assumption = a,
            low = low.as_str(),
            high = high.as_str(),
        )),
        (status, _) => Some(if status == Status::AlwaysAbove {
            tr!(
                loc,
                "breakeven-estimate-always-above",
                metric = name,
                threshold = t.as_str(),
                assumption = a,
                low = low.as_str(),
                high = high.as_str(),
            )
        } else {
            tr!(
                loc,
                "breakeven-estimate-always-below",
                metric = name,
                threshold = t.as_str(),
                assumption = a,
                low = low.as_str(),
                high = high.as_str(),
            )
        }),
    };
    if let Some(line) = line {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(
        out,
        "  {}",
        tr!(
            loc,
            "breakeven-estimate-as-written",
            assumption = a,
            median = value(r.scenario_median),
            value = unit.show_in(loc, r.scenario_probability.p),
            se = unit.show_in(loc, r.scenario_probability.se),
        )
    );
    let _ = writeln!(
        out,
        "\n{}",
        tr!(loc, "breakeven-estimate-by-value", metric = name)
    );
    let mut g = Grid::new(vec![
        r.assumption.clone(),
        loc.t("breakeven-header-estimate"),
        "(se)".into(),
    ]);
    let step = r.evaluations.len().div_ceil(12).max(1);
    for (i, e) in r.evaluations.iter().enumerate() {
        if i % step == 0 || i + 1 == r.evaluations.len() {
            g.row(vec![
                value(e.value),
                unit.show_in(loc, e.p),
                format!("({})", unit.show_in(loc, e.se)),
            ]);
        }
    }
    out.push_str(&g.render());
    out
}
