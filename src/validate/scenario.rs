//! Raw scenario → validated [`Scenario`], checked against the contract it is run with.

use std::sync::Arc;

use nalgebra::DMatrix;

use crate::diagnostics::{Diagnostic, Diagnostics, Source};
use crate::format::num;
use crate::model::contract::{Contract, Design, Direction, EffectScale, Metric, MetricKind};
use crate::model::correlation::{self, MatrixProblem};
use crate::model::distribution::Distribution;
use crate::model::outcome;
use crate::model::scenario::*;
use crate::raw::Sp;
use crate::raw::scenario::{self as raw, Binding};

use super::assumption::distribution;
use super::ctx::{Bound, CHANGE_HELP, Ctx, INFLATION, INFLATION_HELP, MAX_CHANGE};

/// Validates a parsed scenario file against the contract it will run with.
pub fn validate(
    file: &raw::ScenarioFile,
    src: &Arc<Source>,
    contract: &Contract,
) -> Result<(Scenario, Diagnostics), Diagnostics> {
    let mut cx = Ctx::new(src);
    let info = file.scenario.as_ref();
    let mut assumptions = Vec::new();
    for (id, a) in &file.assumptions {
        cx.check_id(id, "assumption");
        let dist = distribution(&mut cx, a, &format!("[assumptions.{}]", id.get()));
        assumptions.push(Assumption {
            id: id.get().clone(),
            dist: dist.unwrap_or(Distribution::Fixed(f64::NAN)),
            description: a.description.as_ref().map(|d| d.get().clone()),
            uncertainty: a.uncertainty.as_ref().map(|u| *u.get()).unwrap_or_default(),
        });
    }
    let ids: Vec<String> = assumptions.iter().map(|a| a.id.clone()).collect();
    let mut b = Binder {
        ids: &ids,
        assumptions: &assumptions,
        used: vec![false; ids.len()],
        defaults: Vec::new(),
    };

    let correlation = file
        .correlation
        .as_ref()
        .and_then(|c| correlation(&mut cx, c, &mut b));
    let metrics = metric_worlds(&mut cx, file, contract, &mut b);
    let cohorts = cohort_worlds(&mut cx, file, contract, &mut b);
    let overrun = match file.costs.as_ref().and_then(|c| c.overrun.as_ref()) {
        Some(v) => b.bind(&mut cx, v, "overrun", Bound::Change),
        None => b.default("cost overrun", "0", "costs come in on budget"),
    };
    let termination_hazard = match file.termination.as_ref().and_then(|t| t.hazard.as_ref()) {
        Some(v) => b.bind(&mut cx, v, "hazard", Bound::Unit),
        None => {
            if contract.termination.is_some() {
                b.default(
                    "termination hazard",
                    "0",
                    "the payer never ends the contract early",
                )
            } else {
                Quantity::Fixed(0.0)
            }
        }
    };
    let termination_exercise = termination_exercise(&mut cx, file, contract, &mut b);
    let inflation = match file.economy.as_ref().and_then(|e| e.inflation.as_ref()) {
        Some(v) => b.bind(&mut cx, v, "inflation", INFLATION),
        None => b.default("inflation", "0", "prices stay at their period-0 level"),
    };
    let stresses = stresses(&mut cx, file, &mut b);
    for (i, used) in b.used.iter().enumerate() {
        if !used {
            let (id, _) = file
                .assumptions
                .get_index(i)
                .expect("one raw assumption per model assumption");
            let d = Diagnostic::warning(format!("assumption `{}` is not used", id.get()))
                .at(&cx.src, id.span())
                .label("defined but never bound")
                .help("bind it to a contract quantity (e.g. `effect = \"<name>\"` under [metrics.<id>]) or remove it");
            cx.push(d);
        }
    }
    let defaults = std::mem::take(&mut b.defaults);
    let scenario = Scenario {
        name: info
            .and_then(|i| i.name.as_ref())
            .map_or_else(|| default_name(src), |n| n.get().clone()),
        description: info
            .and_then(|i| i.description.as_ref())
            .map(|d| d.get().clone()),
        sources: info
            .map(|i| i.sources.iter().map(|s| s.get().clone()).collect())
            .unwrap_or_default(),
        assumptions,
        correlation,
        metrics,
        cohorts,
        overrun,
        termination_hazard,
        termination_exercise,
        inflation,
        terminate_by: None,
        condition: None,
        stresses,
        defaults,
    };
    cx.diags.finish(scenario)
}

/// How likely a payer that may end the contract on a failed interim result does so: only
/// for a contract whose `on_result` leaves it to the payer (`must = false`).
fn termination_exercise(
    cx: &mut Ctx,
    file: &raw::ScenarioFile,
    contract: &Contract,
    b: &mut Binder,
) -> Quantity {
    let may = contract
        .termination
        .as_ref()
        .and_then(|t| t.on_result.as_ref())
        .is_some_and(|o| !o.must);
    match (
        file.termination.as_ref().and_then(|t| t.exercise.as_ref()),
        may,
    ) {
        (Some(v), true) => b.bind(cx, v, "exercise", Bound::Unit),
        (Some(v), false) => {
            cx.not_applicable(
                v.span(),
                "exercise",
                "this contract",
                "contracts whose `[termination] on_result` has `must = false` (the payer may end the contract on a failed result)",
            );
            Quantity::Fixed(1.0)
        }
        (None, true) => b.default(
            "termination exercise",
            "1",
            "a payer that may end the contract on a failed interim result does",
        ),
        (None, false) => Quantity::Fixed(1.0),
    }
}

fn default_name(src: &Source) -> String {
    std::path::Path::new(&src.path)
        .file_stem()
        .map_or_else(|| src.path.clone(), |s| s.to_string_lossy().into_owned())
}

/// Resolves bindings and records which assumptions are used and which defaults applied.
struct Binder<'a> {
    ids: &'a [String],
    assumptions: &'a [Assumption],
    used: Vec<bool>,
    defaults: Vec<DefaultApplied>,
}

impl Binder<'_> {
    fn bind(&mut self, cx: &mut Ctx, v: &Sp<Binding>, field: &str, bound: Bound) -> Quantity {
        match v.get() {
            Binding::Value(x) => {
                let spanned = Sp::new(v.span(), *x);
                Quantity::Fixed(
                    cx.number(&spanned, field, bound, binding_help(field))
                        .unwrap_or(f64::NAN),
                )
            }
            Binding::Assumption(name) => {
                let name = Sp::new(v.span(), name.clone());
                match cx.resolve(&name, self.ids, "assumption") {
                    Some(i) => {
                        self.used[i] = true;
                        self.warn_support(cx, v, i, field, bound);
                        Quantity::Assumption(i)
                    }
                    None => Quantity::Fixed(f64::NAN),
                }
            }
        }
    }

    /// Draws outside the quantity's range are clamped by the engine: say so.
    fn warn_support(&self, cx: &mut Ctx, v: &Sp<Binding>, i: usize, field: &str, bound: Bound) {
        let dist = &self.assumptions[i].dist;
        let (lo, hi) = dist.support();
        let (min, max) = match bound {
            Bound::Unit => (0.0, 1.0),
            Bound::NonNegative | Bound::Positive => (0.0, f64::INFINITY),
            Bound::AtLeast(a) => (a, f64::INFINITY),
            Bound::AtMost(b) => (f64::NEG_INFINITY, b),
            Bound::Within(a, b) => (a, b),
            Bound::Change => (-1.0, MAX_CHANGE),
            _ => return,
        };
        if lo.is_nan() || hi.is_nan() {
            return;
        }
        let p_out = if lo < min {
            dist_cdf_at(dist, min)
        } else {
            0.0
        } + if hi > max {
            1.0 - dist_cdf_at(dist, max)
        } else {
            0.0
        };
        if p_out > 0.001 {
            let d = Diagnostic::warning(format!(
                "about {} of draws of `{}` fall outside the range of `{field}` ({} to {}); they are clamped",
                crate::format::pct(p_out),
                self.ids[i],
                num(min),
                num(max)
            ))
            .at(&cx.src, v.span())
            .help("choose a distribution that stays in range (truncated_normal, beta, logit_normal, pert)");
            cx.push(d);
        }
    }

    fn default(&mut self, quantity: impl Into<String>, value: &str, meaning: &str) -> Quantity {
        self.defaults.push(DefaultApplied {
            quantity: quantity.into(),
            value: value.to_string(),
            meaning: meaning.to_string(),
        });
        Quantity::Fixed(value.parse().unwrap_or(0.0))
    }
}

/// Share of draws below `x`, by bisection on the quantile function.
fn dist_cdf_at(d: &Distribution, x: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..50 {
        let mid = 0.5 * (lo + hi);
        if d.quantile(mid) < x {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// At the expected values, the counterfactual and the treated mean must lie within what
/// the metric's kind allows (a rate within 0 to 1, a count or cohort figure not below 0).
/// The worlds clamp them by the shared rules of `model::outcome`; say so where they would.
#[allow(clippy::too_many_arguments)]
fn warn_outside_range(
    cx: &mut Ctx,
    b: &Binder,
    w: Option<&Sp<raw::MetricWorld>>,
    m: &crate::model::contract::Metric,
    baseline: Quantity,
    effect: Quantity,
    scale: EffectScale,
    drift: Quantity,
    bias: Quantity,
) {
    let ex = |q: Quantity| match q {
        Quantity::Fixed(v) => v,
        Quantity::Assumption(i) => b.assumptions[i].dist.mean(),
    };
    let (range, what) = match m.kind {
        MetricKind::Binary => ("outside 0 to 1", "rate"),
        MetricKind::Count | MetricKind::Cohort => ("below 0", "level"),
        MetricKind::Continuous => return,
    };
    let shown = |x: f64| num((x * 1e4).round() / 1e4);
    let drifted = outcome::drifted(ex(baseline), ex(drift));
    if outcome::outside_kind(m.kind, drifted) {
        let span = w
            .and_then(|w| w.drift.as_ref().or(w.baseline.as_ref()))
            .map_or(0..0, Sp::span);
        let d = Diagnostic::warning(format!(
            "at the expected values the counterfactual {what} of `{}` would be {}, {range}; it is clamped to {}",
            m.id,
            shown(drifted),
            shown(outcome::within_kind(m.kind, drifted)),
        ))
        .at(&cx.src, span)
        .help("the counterfactual is the baseline moved by its drift: check both");
        cx.push(d);
    }
    let cf = outcome::within_kind(m.kind, drifted);
    if matches!(m.design, Design::Comparison { .. }) {
        let compared = cf * (1.0 + ex(bias));
        if outcome::outside_kind(m.kind, compared) {
            let span = w
                .and_then(|w| w.comparison_bias.as_ref())
                .map_or(0..0, Sp::span);
            let d = Diagnostic::warning(format!(
                "at the expected values the comparison group's {what} of `{}` would be {}, {range}; it is clamped to {}",
                m.id,
                shown(compared),
                shown(outcome::comparison_mean(m.kind, cf, ex(bias))),
            ))
            .at(&cx.src, span)
            .help("the comparison group's mean is the counterfactual moved by its bias: check both");
            cx.push(d);
        }
    }
    let treated = outcome::treated_unclamped(m.direction, scale, cf, ex(effect));
    if outcome::outside_kind(m.kind, treated) {
        let span = w.and_then(|w| w.effect.as_ref()).map_or(0..0, Sp::span);
        let help = match m.kind {
            MetricKind::Binary => {
                "a binary metric's rate is a probability: check the baseline and the size of the effect"
            }
            _ => {
                "a count or cohort figure cannot fall below 0: check the baseline and the size of the effect"
            }
        };
        let d = Diagnostic::warning(format!(
            "at the expected values the treated {what} of `{}` would be {}, {range}; it is clamped",
            m.id,
            shown(treated)
        ))
        .at(&cx.src, span)
        .help(help);
        cx.push(d);
    }
}

/// A fixed enrolment delay that pushes a cohort's payment (or, with no rule paying on it,
/// its last result) past the deal's last period: settlement leaves it out, so say so.
fn warn_delay_past_horizon(
    cx: &mut Ctx,
    contract: &Contract,
    k: usize,
    delay: f64,
    span: std::ops::Range<usize>,
) {
    let cohort = &contract.cohorts[k];
    let horizon = f64::from(contract.deal.horizon);
    // The latest payment for this cohort: its result's validation, delayed, plus the lag
    // (a pooled rule's `at` is within the deal, so the delayed result decides).
    let payment = contract
        .rules
        .iter()
        .filter(|r| r.cohorts.contains(&k))
        .flat_map(|r| {
            r.metrics()
                .into_iter()
                .filter(|&m| contract.metrics[m].cohorts.contains(&k))
                .map(move |m| {
                    let due = contract.metrics[m].result_period(cohort);
                    (f64::from(due) + delay + f64::from(r.payment_lag), r)
                })
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let message = match payment {
        Some((when, rule)) if when >= horizon => format!(
            "with a delay of {} period(s), cohort `{}` would be paid under rule `{}` in period {}, after the deal's last period ({}): that payment is not made",
            num(delay),
            cohort.id,
            rule.id,
            num(when),
            contract.deal.horizon - 1
        ),
        Some(_) => return,
        None => {
            let last_result = contract
                .metrics
                .iter()
                .filter(|m| m.cohorts.contains(&k))
                .map(|m| m.result_period(cohort))
                .max()
                .unwrap_or(cohort.enrol_to);
            if f64::from(last_result) + delay < horizon {
                return;
            }
            format!(
                "with a delay of {} period(s), cohort `{}`'s last result comes after the deal ends (horizon {}): its outcomes are never paid",
                num(delay),
                cohort.id,
                contract.deal.horizon
            )
        }
    };
    let w = Diagnostic::warning(message)
        .at(&cx.src, span)
        .help("that may be the point of the scenario; if not, shorten the delay or lengthen `horizon` in the contract");
    cx.push(w);
}

/// Whether a savings-share rule on this metric takes its value from the scenario.
fn rule_needs_savings(r: &crate::model::contract::Rule, metric: usize) -> bool {
    matches!(r.terms, crate::model::contract::Terms::SavingsShare { metric: m, value_per_outcome: None, .. } if m == metric)
}

fn savings_needed(contract: &Contract, metric: usize) -> bool {
    contract.rules.iter().any(|r| rule_needs_savings(r, metric))
}

/// What a bound quantity means, for range errors.
fn binding_help(field: &str) -> &'static str {
    match field {
        "baseline" => {
            "the counterfactual level: a binary metric's rate is a share, 40% is 0.4; counts and cohort figures are 0 or more"
        }
        "effect" => {
            "a relative effect is a share of the baseline (0.1 is 10%); a reduction cannot exceed 1 (100%)"
        }
        "dropout" => "the share who leave before measurement: 5% is 0.05",
        "hazard" => "a probability per period: 2% a quarter is 0.02",
        "referrals" => {
            "a multiple of the target (1 is on target), or a number of people with referrals_as = \"volume\""
        }
        "delay" => "whole periods of delay, 0 or more (at most 1,200)",
        "sd" => "a spread, 0 or more",
        "drift" | "comparison_bias" | "overrun" => CHANGE_HELP,
        "savings" => "an amount per outcome, 0 or more",
        "inflation" => INFLATION_HELP,
        _ => "",
    }
}

fn correlation(cx: &mut Ctx, c: &Sp<raw::Correlation>, b: &mut Binder) -> Option<Correlation> {
    let span = c.span();
    let names = cx.required(
        &c.assumptions,
        "[correlation]",
        &span,
        "assumptions",
        "[\"baseline\", \"effect\"]",
    )?;
    let rows = cx.required(
        &c.matrix,
        "[correlation]",
        &span,
        "matrix",
        "[[1.0, -0.3], [-0.3, 1.0]]",
    )?;
    if names.is_empty() {
        cx.error(span, "[correlation] lists no assumptions", "list at least two correlated assumptions and give their matrix, or remove [correlation]");
        return None;
    }
    let mut members = Vec::new();
    for name in names {
        if let Some(i) = cx.resolve(name, b.ids, "assumption") {
            if members.contains(&i) {
                cx.error(
                    name.span(),
                    format!("`{}` is listed twice", name.get()),
                    "each assumption appears once in the correlation list",
                );
                return None;
            }
            // An assumption that failed validation stands as a fixed NaN: it has its error.
            if b.assumptions[i].dist.is_fixed()
                && !matches!(b.assumptions[i].dist, Distribution::Fixed(v) if v.is_nan())
            {
                let d = Diagnostic::warning(format!(
                    "`{}` is fixed, so its correlations have no effect",
                    name.get()
                ))
                .at(&cx.src, name.span())
                .help("give it a distribution, or leave it out of [correlation]");
                cx.push(d);
            }
            members.push(i);
        }
    }
    if members.len() != names.len() {
        return None;
    }
    // A correlation ties its assumptions' draws together: they must be drawn in the same
    // loop of `run --split-uncertainty`, so they are all of one kind of uncertainty.
    let kind = |i: usize| b.assumptions[i].uncertainty;
    if let Some(k) = members.iter().position(|&i| kind(i) != kind(members[0])) {
        let (first, other) = (&names[0], &names[k]);
        let word = |i: usize| kind(members[i]).word();
        cx.error(
            other.span(),
            format!(
                "`{}` (uncertainty = \"{}\") is correlated with `{}` (uncertainty = \"{}\")",
                other.get(),
                word(k),
                first.get(),
                word(0)
            ),
            "correlated assumptions are drawn together, so they must be one kind of uncertainty: mark them all `parameter` or all `chance`, or leave one out of [correlation]",
        );
        return None;
    }
    let n = names.len();
    if rows.len() != n || rows.iter().any(|r| r.len() != n) {
        let bad = rows
            .iter()
            .find(|r| r.len() != n)
            .map_or(span.clone(), |r| r.span());
        cx.error(
            bad,
            format!("the matrix must be {n} by {n}, one row and column per listed assumption"),
            format!("write {n} rows of {n} numbers, in the order of `assumptions`"),
        );
        return None;
    }
    let mut m = DMatrix::zeros(n, n);
    for (i, row) in rows.iter().enumerate() {
        for (j, x) in row.iter().enumerate() {
            m[(i, j)] = cx.number(x, "correlation", Bound::Any, "")?;
        }
    }
    let name = |i: usize| names[i].get().as_str();
    let cell = |i: usize, j: usize| rows[i].get()[j].span();
    let repair = c.repair.as_ref().is_some_and(|r| *r.get());
    let problems = correlation::problems(&m);
    let mut repaired = None;
    for p in &problems {
        match *p {
            MatrixProblem::OutOfRange { row, col, value } => cx.error(
                cell(row, col),
                format!(
                    "the correlation of `{}` with `{}` is {}, outside -1 to 1",
                    name(row),
                    name(col),
                    num(value)
                ),
                "correlations lie between -1 and 1",
            ),
            MatrixProblem::Diagonal { index, value } => cx.error(
                cell(index, index),
                format!(
                    "the diagonal entry for `{}` is {}, not 1",
                    name(index),
                    num(value)
                ),
                "every assumption is perfectly correlated with itself: put 1 on the diagonal",
            ),
            MatrixProblem::Asymmetric {
                row,
                col,
                upper,
                lower,
            } => cx.error(
                cell(col, row),
                format!(
                    "the matrix is not symmetric: `{}` with `{}` is {} but `{}` with `{}` is {}",
                    name(row),
                    name(col),
                    num(upper),
                    name(col),
                    name(row),
                    num(lower)
                ),
                "the correlation of a with b is that of b with a: make the two entries equal",
            ),
            MatrixProblem::NotPositiveSemiDefinite {
                eigenvalue,
                pair: (a, bb),
            } if repair => {
                let fixed = correlation::nearest_correlation(&m);
                let change = (&fixed - &m).abs().max();
                let d = Diagnostic::warning(format!(
                    "the correlations were inconsistent (smallest eigenvalue {eigenvalue:.4}, mostly `{}` and `{}`); repaired to the nearest valid matrix, largest change {change:.4}",
                    name(a),
                    name(bb)
                ))
                .at(&cx.src, c.repair.as_ref().map_or(span.clone(), Sp::span))
                .help("check the repaired correlations make sense; `sibyl check` prints them");
                cx.push(d);
                m = fixed;
                repaired = Some(change);
            }
            MatrixProblem::NotPositiveSemiDefinite {
                eigenvalue,
                pair: (a, bb),
            } => {
                let d = cx
                    .at(span.clone(), format!("the correlations are inconsistent: the matrix is not positive semi-definite (smallest eigenvalue {eigenvalue:.4})"))
                    .label(format!("the conflict involves `{}` and `{}` most", name(a), name(bb)))
                    .help(format!("lower the correlations involving `{}` and `{}`, or add `repair = true` to [correlation] to use the nearest valid matrix", name(a), name(bb)));
                cx.push(d);
            }
        }
    }
    if problems
        .iter()
        .any(|p| !matches!(p, MatrixProblem::NotPositiveSemiDefinite { .. }))
        || (!problems.is_empty() && !repair)
    {
        return None;
    }
    Some(Correlation {
        members,
        matrix: m,
        repaired,
    })
}

fn metric_worlds(
    cx: &mut Ctx,
    file: &raw::ScenarioFile,
    contract: &Contract,
    b: &mut Binder,
) -> Vec<MetricWorld> {
    let metric_ids: Vec<String> = contract.metrics.iter().map(|m| m.id.clone()).collect();
    let mut given: Vec<Option<&Sp<raw::MetricWorld>>> = vec![None; contract.metrics.len()];
    for (id, w) in &file.metrics {
        if let Some(i) = cx.resolve_in(id, &metric_ids, "metric", "the contract") {
            given[i] = Some(w);
        }
    }
    let mut out = Vec::new();
    for (i, m) in contract.metrics.iter().enumerate() {
        let w = given[i];
        let field =
            |f: fn(&raw::MetricWorld) -> &Option<Sp<Binding>>| w.and_then(|w| f(w).as_ref());
        let label = |q: &str| format!("metric {} {q}", m.id);
        // A stage with a hazard: everyone at the stage before may reach it (a share of 1).
        let hazard = stage_hazard(cx, b, w, m);
        let baseline = match hazard {
            Some(_) => Quantity::Fixed(1.0),
            None => baseline_of(cx, b, w, m),
        };
        let effect_scale = w
            .and_then(|w| w.effect_scale.as_ref())
            .map_or_else(|| m.default_effect_scale(), |s| *s.get());
        // A relative reduction cannot exceed 100%; a relative increase cannot go below -100%.
        let effect_bound = match (effect_scale, m.direction) {
            (EffectScale::Relative, Direction::Reduce) => Bound::AtMost(1.0),
            (EffectScale::Relative, Direction::Increase) => Bound::AtLeast(-1.0),
            (EffectScale::Absolute, _) => Bound::Any,
        };
        let effect = match field(|w| &w.effect) {
            Some(v) => b.bind(cx, v, "effect", effect_bound),
            None => b.default(
                label("effect"),
                "0",
                "the programme has no effect (the conservative case)",
            ),
        };
        let sd = sd_of(cx, b, w, m);
        let drift = drift_of(cx, b, w, m);
        let comparison_bias = comparison_bias_of(cx, b, w, m);
        let savings = savings_of(cx, b, w, m, contract, i);
        warn_outside_range(
            cx,
            b,
            w,
            m,
            hazard.unwrap_or(baseline),
            effect,
            effect_scale,
            drift,
            comparison_bias,
        );
        let (delay, effect_on) = stage_timing(cx, b, w, m, hazard.is_some());
        out.push(MetricWorld {
            baseline,
            effect,
            effect_scale,
            sd,
            drift,
            comparison_bias,
            savings,
            delay,
            effect_on,
            hazard,
        });
    }
    out
}

/// A pathway stage's chance each period of being reached (`hazard`), which replaces its
/// `baseline` and `delay`; other metrics have none.
fn stage_hazard(
    cx: &mut Ctx,
    b: &mut Binder,
    w: Option<&Sp<raw::MetricWorld>>,
    m: &Metric,
) -> Option<Quantity> {
    let w = w?;
    let h = w.hazard.as_ref()?;
    if m.stage.is_none() {
        cx.not_applicable(
            h.span(),
            "hazard",
            &format!("metric `{}`, which is not a pathway stage", m.id),
            "pathway stages (metrics with `after`)",
        );
        return None;
    }
    if let Some(d) = &w.delay {
        let e = cx
            .at(
                d.span(),
                format!("stage `{}` has both `hazard` and `delay`", m.id),
            )
            .label("a second way to say when people reach it")
            .help(
                "choose one: `hazard` (a chance each period that anyone at the stage before reaches it) or `delay` (with `baseline`, the share who ever reach it, after a mean delay)",
            );
        cx.push(e);
    }
    if let Some(base) = &w.baseline {
        let e = cx
            .at(
                base.span(),
                format!(
                    "stage `{}` has `hazard`, so everyone at the stage before may reach it: it has no `baseline` share",
                    m.id
                ),
            )
            .label("a share who ever reach it")
            .help(
                "remove `baseline` (`hazard` is the chance each period without the programme), or remove `hazard` and give `baseline` with `delay`",
            );
        cx.push(e);
    }
    Some(b.bind(cx, h, "hazard", Bound::Unit))
}

/// A pathway stage's mean delay beyond the contract's `wait` (0 when not given) and what
/// its effect changes; other metrics have neither.
fn stage_timing(
    cx: &mut Ctx,
    b: &mut Binder,
    w: Option<&Sp<raw::MetricWorld>>,
    m: &Metric,
    hazard: bool,
) -> (Quantity, EffectOn) {
    let Some(w) = w else {
        return (Quantity::Fixed(0.0), EffectOn::Reach);
    };
    if m.stage.is_none() {
        let here = format!("metric `{}`, which is not a pathway stage", m.id);
        if let Some(d) = &w.delay {
            cx.not_applicable(
                d.span(),
                "delay",
                &here,
                "pathway stages (metrics with `after`)",
            );
        }
        if let Some(e) = &w.effect_on {
            cx.not_applicable(
                e.span(),
                "effect_on",
                &here,
                "pathway stages (metrics with `after`)",
            );
        }
        return (Quantity::Fixed(0.0), EffectOn::Reach);
    }
    if hazard {
        // `delay` beside `hazard` is reported by `stage_hazard`.
        if let Some(e) = w
            .effect_on
            .as_ref()
            .filter(|e| *e.get() != EffectOn::Hazard)
        {
            let word = if *e.get() == EffectOn::Delay {
                "delay"
            } else {
                "reach"
            };
            let d = cx
                .at(
                    e.span(),
                    format!(
                        "stage `{}` is reached with a `hazard`, so its effect cannot change the {word}",
                        m.id
                    ),
                )
                .label("everyone may reach it, with a chance each period")
                .help("set `effect_on = \"hazard\"` (the default with `hazard`: the effect raises the chance each period), or remove `effect_on`");
            cx.push(d);
        }
        return (Quantity::Fixed(0.0), EffectOn::Hazard);
    }
    if let Some(e) = w
        .effect_on
        .as_ref()
        .filter(|e| *e.get() == EffectOn::Hazard)
    {
        let d = cx
            .at(
                e.span(),
                format!("stage `{}` has `effect_on = \"hazard\"` but no `hazard`", m.id),
            )
            .label("no chance each period to raise")
            .help("add `hazard = <chance each period>` (instead of `baseline` and `delay`), or set `effect_on = \"reach\"` or `\"delay\"`");
        cx.push(d);
    }
    let delay = w.delay.as_ref().map_or(Quantity::Fixed(0.0), |d| {
        b.bind(cx, d, "delay", Bound::NonNegative)
    });
    let effect_on = w.effect_on.as_ref().map_or(EffectOn::Reach, |e| *e.get());
    (delay, effect_on)
}

/// The true counterfactual level: given, the contracted historical baseline, or an error.
fn baseline_of(
    cx: &mut Ctx,
    b: &mut Binder,
    w: Option<&Sp<raw::MetricWorld>>,
    m: &Metric,
) -> Quantity {
    let field = |f: fn(&raw::MetricWorld) -> &Option<Sp<Binding>>| w.and_then(|w| f(w).as_ref());
    let label = |q: &str| format!("metric {} {q}", m.id);
    let baseline_bound = match m.kind {
        MetricKind::Binary => Bound::Unit,
        MetricKind::Count | MetricKind::Cohort => Bound::NonNegative,
        MetricKind::Continuous => Bound::Any,
    };
    match field(|w| &w.baseline) {
        Some(v) => b.bind(cx, v, "baseline", baseline_bound),
        None => match &m.design {
            Design::Historical { baseline, .. } => b.default(
                label("baseline"),
                &num(*baseline),
                "the counterfactual starts from the contracted baseline (any drift moves it)",
            ),
            _ => {
                let (span, msg) = match w {
                    Some(w) => (w.span(), format!("[metrics.{}] has no `baseline`", m.id)),
                    None => (
                        0..cx.src.text.len().min(1),
                        format!("the scenario says nothing about metric `{}`", m.id),
                    ),
                };
                let d = cx.at(span, msg).label("the counterfactual level is needed").help(format!(
                    "add [metrics.{}] with `baseline = <{}>` (a number or an assumption's name); no default is safe",
                    m.id,
                    baseline_words(m.kind)
                ));
                cx.push(d);
                Quantity::Fixed(f64::NAN)
            }
        },
    }
}

/// The spread of one outcome: only continuous and cohort-level metrics take one.
fn sd_of(cx: &mut Ctx, b: &mut Binder, w: Option<&Sp<raw::MetricWorld>>, m: &Metric) -> Quantity {
    let field = |f: fn(&raw::MetricWorld) -> &Option<Sp<Binding>>| w.and_then(|w| f(w).as_ref());
    let label = |q: &str| format!("metric {} {q}", m.id);
    match (field(|w| &w.sd), m.kind) {
        (Some(v), MetricKind::Continuous | MetricKind::Cohort) => {
            b.bind(cx, v, "sd", Bound::NonNegative)
        }
        (Some(v), _) => {
            cx.not_applicable(
                v.span(),
                "sd",
                &format!(
                    "a {} metric (its spread follows from the rate)",
                    kind_word(m.kind)
                ),
                "continuous and cohort-level metrics",
            );
            Quantity::Fixed(0.0)
        }
        (None, MetricKind::Continuous) => {
            b.default(label("sd"), "1", "scores are in standard-deviation units")
        }
        (None, MetricKind::Cohort) => b.default(
            label("sd"),
            "0",
            "the cohort figure has no noise beyond the effect",
        ),
        (None, _) => Quantity::Fixed(0.0),
    }
}

/// How far the true counterfactual moves from a historical baseline.
fn drift_of(
    cx: &mut Ctx,
    b: &mut Binder,
    w: Option<&Sp<raw::MetricWorld>>,
    m: &Metric,
) -> Quantity {
    let field = |f: fn(&raw::MetricWorld) -> &Option<Sp<Binding>>| w.and_then(|w| f(w).as_ref());
    let label = |q: &str| format!("metric {} {q}", m.id);
    match (field(|w| &w.drift), &m.design) {
        (Some(v), Design::Historical { .. }) => b.bind(cx, v, "drift", Bound::Change),
        (Some(v), _) => {
            cx.not_applicable(
                v.span(),
                "drift",
                "this metric's design",
                "metrics measured against a `historical` baseline",
            );
            Quantity::Fixed(0.0)
        }
        (None, Design::Historical { .. }) => b.default(
            label("drift"),
            "0",
            "the true counterfactual stays at the contracted baseline",
        ),
        (None, _) => Quantity::Fixed(0.0),
    }
}

/// How far a comparison group is from the treated group's counterfactual.
fn comparison_bias_of(
    cx: &mut Ctx,
    b: &mut Binder,
    w: Option<&Sp<raw::MetricWorld>>,
    m: &Metric,
) -> Quantity {
    let field = |f: fn(&raw::MetricWorld) -> &Option<Sp<Binding>>| w.and_then(|w| f(w).as_ref());
    let label = |q: &str| format!("metric {} {q}", m.id);
    match (field(|w| &w.comparison_bias), &m.design) {
        (Some(v), Design::Comparison { .. }) => b.bind(cx, v, "comparison_bias", Bound::Change),
        (Some(v), _) => {
            cx.not_applicable(
                v.span(),
                "comparison_bias",
                "this metric's design",
                "metrics measured against a `comparison` group",
            );
            Quantity::Fixed(0.0)
        }
        (None, Design::Comparison { .. }) => b.default(
            label("comparison bias"),
            "0",
            "the comparison group matches the treated group's counterfactual",
        ),
        (None, _) => Quantity::Fixed(0.0),
    }
}

/// The payer's avoided cost per outcome: needed when a rule pays a share of it.
fn savings_of(
    cx: &mut Ctx,
    b: &mut Binder,
    w: Option<&Sp<raw::MetricWorld>>,
    m: &Metric,
    contract: &Contract,
    i: usize,
) -> Option<Quantity> {
    let field = |f: fn(&raw::MetricWorld) -> &Option<Sp<Binding>>| w.and_then(|w| f(w).as_ref());
    let label = |q: &str| format!("metric {} {q}", m.id);
    match field(|w| &w.savings) {
        Some(v) => Some(b.bind(cx, v, "savings", Bound::NonNegative)),
        None if savings_needed(contract, i) => {
            let rule = contract
                .rules
                .iter()
                .find(|r| rule_needs_savings(r, i))
                .map_or("", |r| r.id.as_str());
            let (span, at) = match w {
                Some(w) => (w.span(), format!("[metrics.{}]", m.id)),
                None => (0..cx.src.text.len().min(1), "the scenario".to_string()),
            };
            let d = cx
                .at(span, format!("rule `{rule}` pays a share of the avoided cost on `{}`, which the contract leaves to the scenario, but {at} gives no `savings`", m.id))
                .label("`savings` is needed")
                .help(format!("add `savings = <avoided cost per outcome>` under [metrics.{}], or set `value_per_outcome` on the rule", m.id));
            cx.push(d);
            None
        }
        None => {
            b.defaults.push(DefaultApplied {
                quantity: label("savings"),
                value: "none".into(),
                meaning: "no avoided cost given: the payer's net value is not reported".into(),
            });
            None
        }
    }
}

fn baseline_words(kind: MetricKind) -> &'static str {
    match kind {
        MetricKind::Binary => "rate without the programme, e.g. 0.4",
        MetricKind::Count => "events per participant without the programme",
        MetricKind::Continuous => "mean score without the programme",
        MetricKind::Cohort => "the cohort's figure without the programme",
    }
}

fn kind_word(k: MetricKind) -> &'static str {
    match k {
        MetricKind::Binary => "binary",
        MetricKind::Count => "count",
        MetricKind::Continuous => "continuous",
        MetricKind::Cohort => "cohort-level",
    }
}

fn cohort_worlds(
    cx: &mut Ctx,
    file: &raw::ScenarioFile,
    contract: &Contract,
    b: &mut Binder,
) -> Vec<CohortWorld> {
    let cohort_ids: Vec<String> = contract.cohorts.iter().map(|c| c.id.clone()).collect();
    let mut given: Vec<Option<&Sp<raw::CohortWorld>>> = vec![None; contract.cohorts.len()];
    for (id, w) in &file.cohorts {
        if let Some(i) = cx.resolve_in(id, &cohort_ids, "cohort", "the contract") {
            given[i] = Some(w);
        }
    }
    // Bind the shared [participants] values once, so an error in them is reported once.
    let all = file.participants.as_ref();
    let shared = |f: fn(&raw::CohortWorld) -> Option<&Sp<Binding>>| all.and_then(|w| f(w));
    let bind_shared =
        |cx: &mut Ctx,
         b: &mut Binder,
         f: fn(&raw::CohortWorld) -> Option<&Sp<Binding>>,
         field: &str,
         bound: Bound| { shared(f).map(|v| b.bind(cx, v, field, bound)) };
    let shared_referrals = bind_shared(
        cx,
        b,
        |w| w.referrals.as_ref(),
        "referrals",
        Bound::NonNegative,
    );
    let shared_dropout = bind_shared(cx, b, |w| w.dropout.as_ref(), "dropout", Bound::Unit);
    let shared_delay = bind_shared(cx, b, |w| w.delay.as_ref(), "delay", DELAY_BOUND);
    let mut out = Vec::new();
    for (i, c) in contract.cohorts.iter().enumerate() {
        let own = given[i];
        let own_or = |cx: &mut Ctx,
                      b: &mut Binder,
                      f: fn(&raw::CohortWorld) -> Option<&Sp<Binding>>,
                      field: &str,
                      bound: Bound,
                      shared: Option<Quantity>| {
            match own.and_then(|w| f(w)) {
                Some(v) => Some(b.bind(cx, v, field, bound)),
                None => shared,
            }
        };
        let referrals_as = own
            .and_then(|w| w.referrals_as.as_ref())
            .or_else(|| all.and_then(|w| w.referrals_as.as_ref()))
            .map_or(ReferralsAs::Multiplier, |v| *v.get());
        let referral_noise = own
            .and_then(|w| w.referral_noise.as_ref())
            .or_else(|| all.and_then(|w| w.referral_noise.as_ref()))
            .map(|v| *v.get());
        let label = |q: &str| format!("cohort {} {q}", c.id);
        let bound_referrals = own_or(
            cx,
            b,
            |w| w.referrals.as_ref(),
            "referrals",
            Bound::NonNegative,
            shared_referrals,
        );
        let referrals_given = bound_referrals.is_some();
        let referrals = match (bound_referrals, referrals_as) {
            (Some(q), _) => q,
            (None, ReferralsAs::Multiplier) => b.default(
                label("referrals"),
                "1",
                "exactly the target is referred and enrolled (multiplier 1, no noise)",
            ),
            // A volume is a number of people: the target itself.
            (None, ReferralsAs::Volume) => b.default(
                label("referrals"),
                &c.target.to_string(),
                "exactly the target is referred and enrolled (a volume of the target, no noise)",
            ),
        };
        if let (Quantity::Fixed(x), ReferralsAs::Volume) = (referrals, referrals_as) {
            if x > 100.0 * f64::from(c.target) {
                let s = own
                    .and_then(|w| w.referrals.as_ref())
                    .or_else(|| shared(|w| w.referrals.as_ref()))
                    .map_or(0..0, Sp::span);
                cx.error(s, format!("{} referrals for a cohort with a target of {}", crate::format::money(x), c.target), "with referrals_as = \"volume\", `referrals` is a number of people; check for extra digits");
            }
        }
        // With no referral assumption the cohort meets its target exactly, as the default
        // says; with one, realised referrals vary around it as Poisson counts.
        let referral_noise = match referral_noise {
            Some(n) => n,
            None if !referrals_given => ReferralNoise::None,
            None => {
                b.defaults.push(DefaultApplied {
                    quantity: label("referral noise"),
                    value: "poisson".into(),
                    meaning: "realised referrals vary around the expected number as Poisson counts; enrolment is the lesser of referrals and the target, so a multiplier of 1 enrols a little below the target on average".into(),
                });
                ReferralNoise::Poisson
            }
        };
        let dropout = match own_or(
            cx,
            b,
            |w| w.dropout.as_ref(),
            "dropout",
            Bound::Unit,
            shared_dropout,
        ) {
            Some(q) => q,
            None => b.default(
                label("drop-out"),
                "0",
                "no one leaves before the outcome is measured",
            ),
        };
        let delay = match own_or(
            cx,
            b,
            |w| w.delay.as_ref(),
            "delay",
            DELAY_BOUND,
            shared_delay,
        ) {
            Some(q) => q,
            None => b.default(label("delay"), "0", "enrolment starts on time"),
        };
        if let Quantity::Fixed(d) = delay {
            if d.is_finite() {
                let s = own
                    .and_then(|w| w.delay.as_ref())
                    .or_else(|| shared(|w| w.delay.as_ref()))
                    .map_or(0..0, Sp::span);
                warn_delay_past_horizon(cx, contract, i, d.round(), s);
            }
        }
        out.push(CohortWorld {
            referrals,
            referrals_as,
            referral_noise,
            dropout,
            delay,
        });
    }
    out
}

/// Delays are whole periods within the longest horizon.
const DELAY_BOUND: Bound = Bound::Within(0.0, 1_200.0);

/// The most stress presets a scenario holds: `sibyl stress` runs every one beside the base
/// case and holds each one's results.
pub const MAX_STRESS_PRESETS: usize = 64;

fn stresses(cx: &mut Ctx, file: &raw::ScenarioFile, b: &mut Binder) -> Vec<StressPreset> {
    let mut out = Vec::new();
    if let Some((id, _)) = file.stress.get_index(MAX_STRESS_PRESETS) {
        cx.error(
            id.span(),
            format!(
                "the scenario has {} stress presets; sibyl handles at most {MAX_STRESS_PRESETS}",
                file.stress.len()
            ),
            "`sibyl stress` runs every preset beside the base case; split them over several scenario files",
        );
    }
    for (id, s) in &file.stress {
        cx.check_id(id, "stress preset");
        let mut changes = Vec::new();
        for (name, a) in &s.assumptions {
            if let Some(u) = &a.uncertainty {
                cx.not_applicable(
                    u.span(),
                    "uncertainty",
                    "a stress preset",
                    "the assumption's own [assumptions.<name>] table (a preset changes a distribution, not its kind of uncertainty)",
                );
            }
            let i = cx.resolve(name, b.ids, "assumption");
            let d = distribution(
                cx,
                a,
                &format!("[stress.{}.assumptions.{}]", id.get(), name.get()),
            );
            if let (Some(i), Some(d)) = (i, d) {
                changes.push((i, StressChange::Replace(d)));
            }
        }
        for (name, k) in &s.scale {
            let i = cx.resolve(name, b.ids, "assumption");
            if let (Some(i), Some(k)) = (
                i,
                cx.number(
                    k,
                    "scale",
                    Bound::Any,
                    "a factor, e.g. 0.5 halves the assumption",
                ),
            ) {
                changes.push((i, StressChange::Scale(k)));
            }
        }
        for (name, x) in &s.shift {
            let i = cx.resolve(name, b.ids, "assumption");
            if let (Some(i), Some(x)) = (
                i,
                cx.number(x, "shift", Bound::Any, "an amount added to every draw"),
            ) {
                changes.push((i, StressChange::Shift(x)));
            }
        }
        if changes.is_empty()
            && s.assumptions.is_empty()
            && s.scale.is_empty()
            && s.shift.is_empty()
        {
            cx.warn(s.span(), format!("stress preset `{}` changes nothing", id.get()), "add `scale = { <assumption> = 0.5 }`, `shift = { ... }` or [stress.<id>.assumptions.<name>]");
        }
        out.push(StressPreset {
            id: id.get().clone(),
            description: s.description.as_ref().map(|d| d.get().clone()),
            changes,
        });
    }
    out
}
