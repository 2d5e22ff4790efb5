//! Raw observed outcomes → a validated [`History`] of the contract, for `sibyl settle`.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, Source};
use crate::format::{amount, num};
use crate::model::contract::{Contract, Design, Direction, EffectScale, MetricKind, Terms};
use crate::model::observed::{History, ObservedResult};
use crate::raw::Sp;
use crate::raw::observed as raw;

use super::ctx::{Bound, CHANGE_HELP, Ctx, INFLATION, INFLATION_HELP};

pub fn validate(
    file: &raw::ObservedFile,
    src: &Arc<Source>,
    c: &Contract,
) -> Result<(History, Diagnostics), Diagnostics> {
    let mut cx = Ctx::new(src);
    let horizon = c.deal.horizon as usize;
    let mut history = History::empty(horizon, c.cohorts.len(), c.metrics.len());
    let cohort_ids: Vec<String> = c.cohorts.iter().map(|k| k.id.clone()).collect();
    let metric_ids: Vec<String> = c.metrics.iter().map(|m| m.id.clone()).collect();
    let whole = 0..src.text.len().min(1);

    let as_of = as_of(&mut cx, c, file);
    let mut seen = vec![false; c.cohorts.len()];
    for (id, o) in &file.cohorts {
        let Some(k) = cx.resolve_in(id, &cohort_ids, "cohort", "the contract") else {
            continue;
        };
        seen[k] = true;
        enrolment(&mut cx, c, k, o, &mut history);
    }
    // Cohorts due to start after the history ends are not missing.
    for (k, cohort) in c.cohorts.iter().enumerate() {
        if seen[k] || as_of.is_some_and(|t| cohort.enrol_from > t) {
            continue;
        }
        // Where the file speaks of the cohort (a result for it), else where its enrolment
        // would go (beside the cohorts recorded), else the file's start.
        let span = file
            .results
            .values()
            .flat_map(|by_cohort| by_cohort.get().keys())
            .find(|kid| kid.get() == &cohort.id)
            .or_else(|| file.cohorts.keys().last())
            .map_or_else(|| whole.clone(), Sp::span);
        let d = Diagnostic::warning(format!(
            "no enrolment recorded for cohort `{}`: taken as 0",
            cohort.id
        ))
        .at(&cx.src, span)
        .help(format!(
            "add [cohorts.{}] with `enrolled = <participants>` if the cohort ran",
            cohort.id
        ));
        cx.push(d);
    }
    if let Some(t) = &file.terminated_at {
        if *t.get() >= c.deal.horizon {
            cx.error(
                t.span(),
                format!(
                    "`terminated_at` is period {}, after the deal ends (horizon {})",
                    t.get(),
                    c.deal.horizon
                ),
                "give the period in which the payer ended the contract",
            );
        } else {
            history.terminated_at = Some(*t.get());
        }
    }
    history.overrun = cx
        .opt_number(&file.overrun, "overrun", Bound::Change, CHANGE_HELP)
        .unwrap_or(0.0);
    history.inflation = cx
        .opt_number(&file.inflation, "inflation", INFLATION, INFLATION_HELP)
        .unwrap_or(0.0);
    for (id, v) in &file.savings {
        if let Some(m) = cx.resolve_in(id, &metric_ids, "metric", "the contract") {
            history.savings[m] = cx
                .number(
                    v,
                    "savings",
                    Bound::NonNegative,
                    "the avoided cost per outcome improved",
                )
                .unwrap_or(0.0);
            warn_savings_unused(&mut cx, c, m, v.span());
        }
    }
    if c.has_pathways() {
        history.claims = vec![0.0; c.metrics.len() * c.cohorts.len() * horizon];
    }
    let mut given = vec![None; c.metrics.len() * c.cohorts.len()];
    for (mid, by_cohort) in &file.results {
        let Some(m) = cx.resolve_in(mid, &metric_ids, "metric", "the contract") else {
            continue;
        };
        for (kid, r) in by_cohort.get() {
            let Some(k) = cx.resolve_in(kid, &cohort_ids, "cohort", "the contract") else {
                continue;
            };
            if !c.metrics[m].cohorts.contains(&k) {
                cx.error(kid.span(), format!("metric `{}` is not measured on cohort `{}` in the contract", mid.get(), kid.get()), "remove this result, or add the cohort to the metric's `cohorts` in the contract");
                continue;
            }
            if c.metrics[m].stage.is_some() {
                let t = format!("[results.{}.{}]", mid.get(), kid.get());
                stage_claims(&mut cx, c, m, k, r, &t, kid.span(), as_of, &mut history);
                given[m * c.cohorts.len() + k] = Some(kid.span());
                continue;
            }
            for field in [
                r.claims_by_period
                    .as_ref()
                    .map(|v| ("claims_by_period", v.span())),
                r.claimed_at.as_ref().map(|v| ("claimed_at", v.span())),
            ]
            .into_iter()
            .flatten()
            {
                cx.not_applicable(
                    field.1,
                    field.0,
                    &format!("metric `{}`, which is not a pathway stage", mid.get()),
                    "results of pathway stages (metrics with `after`)",
                );
            }
            if let Some(measured) = result(
                &mut cx,
                c,
                m,
                k,
                r,
                &history,
                &format!("[results.{}.{}]", mid.get(), kid.get()),
            ) {
                history.results[m * c.cohorts.len() + k] = Some(measured);
            }
            given[m * c.cohorts.len() + k] = Some(kid.span());
            history.result_spans[m * c.cohorts.len() + k] =
                Some(r.validated_at.as_ref().map_or_else(|| kid.span(), Sp::span));
            if let Some(v) = &r.validated_at {
                let scheduled = c.metrics[m]
                    .result_period(&c.cohorts[k])
                    .saturating_add(history.delay[k]);
                if *v.get() < scheduled {
                    cx.error(
                        v.span(),
                        format!(
                            "validated in period {}, before the result is due (period {scheduled})",
                            v.get()
                        ),
                        "a result cannot be validated before the contract's measurement point",
                    );
                } else {
                    history.validation_delay[m * c.cohorts.len() + k] = v.get() - scheduled;
                }
            }
        }
    }
    // Counts by stage do not say who reached which stages: a per-person cap cannot be
    // applied to them.
    for p in &c.pathways {
        let (Some(rule), Some(cap)) = (p.rule, p.cap) else {
            continue;
        };
        if p.most_per_person <= cap || p.counts_fix_earnings() {
            continue;
        }
        let first = p
            .nodes
            .iter()
            .find_map(|n| given[n.metric * c.cohorts.len() + p.cohort].clone());
        if let Some(span) = first {
            let d = Diagnostic::warning(format!(
                "counts by stage do not say who reached which stages, so the cap per participant of rule `{}` ({}) is not applied to cohort `{}`: each count is paid at its price",
                c.rules[rule].id,
                amount(&c.deal.currency, cap),
                c.cohorts[p.cohort].id
            ))
            .at(&cx.src, span)
            .help("settle counts in which no one can reach the cap, or check the payments against the cap by hand");
            cx.push(d);
        }
    }
    let mut cohort_spans = vec![None; c.cohorts.len()];
    for id in file.cohorts.keys() {
        if let Some(k) = cohort_ids.iter().position(|x| x == id.get()) {
            cohort_spans[k] = Some(id.span());
        }
    }
    results_due(&mut cx, c, &history, &given, as_of, whole, &cohort_spans);
    let info = file.observed.as_ref();
    let observed = History {
        name: info
            .and_then(|i| i.name.as_ref())
            .map_or_else(|| src.path.clone(), |n| n.get().clone()),
        description: info
            .and_then(|i| i.description.as_ref())
            .map(|d| d.get().clone()),
        sources: info
            .map(|i| i.sources.iter().map(|s| s.get().clone()).collect())
            .unwrap_or_default(),
        as_of,
        ..history
    };
    cx.diags.finish(observed)
}

/// Settlement reads an observed avoided cost only for a savings share that takes its value
/// from the world; say so when none does, and which value counts instead.
fn warn_savings_unused(cx: &mut Ctx, c: &Contract, m: usize, span: std::ops::Range<usize>) {
    let mut fixed = None;
    for r in &c.rules {
        if let Terms::SavingsShare {
            metric,
            value_per_outcome,
            ..
        } = &r.terms
        {
            if *metric != m {
                continue;
            }
            match value_per_outcome {
                None => return,
                Some(v) => fixed = fixed.or(Some((r.id.as_str(), *v))),
            }
        }
    }
    let (message, help) = match fixed {
        Some((rule, v)) => (
            format!(
                "rule `{rule}` values each outcome of `{}` at {} (`value_per_outcome` in the contract): this avoided cost is not used",
                c.metrics[m].id,
                amount(&c.deal.currency, v)
            ),
            "remove it, or remove `value_per_outcome` from the rule to pay on the observed avoided cost".to_string(),
        ),
        None => (
            format!(
                "no savings-share rule pays on `{}`: this avoided cost is not used",
                c.metrics[m].id
            ),
            "remove it; settlement uses an avoided cost only for a `savings_share` rule".to_string(),
        ),
    };
    let d = Diagnostic::warning(message).at(&cx.src, span).help(help);
    cx.push(d);
}

/// Reads `as_of`: within the deal, and not before a termination it records.
fn as_of(cx: &mut Ctx, c: &Contract, file: &raw::ObservedFile) -> Option<u32> {
    let t = file.as_of.as_ref()?;
    if *t.get() >= c.deal.horizon {
        cx.error(
            t.span(),
            format!(
                "`as_of` is period {}, after the deal ends (horizon {})",
                t.get(),
                c.deal.horizon
            ),
            "remove `as_of` to settle the whole deal, or give the last period the history covers",
        );
        return None;
    }
    if let Some(end) = &file.terminated_at
        && end.get() > t.get()
    {
        cx.error(
            end.span(),
            format!(
                "terminated in period {}, after the history ends (`as_of` = {})",
                end.get(),
                t.get()
            ),
            "a termination is part of the history: move `as_of` to it or later",
        );
    }
    Some(*t.get())
}

/// Checks the results against the history's end: none validated after `as_of`, and a
/// warning for each result due by then that is missing for a cohort that enrolled.
/// A pathway stage's claims: people who reached it per period (`claims_by_period`), or a
/// total (`treated_count`) reached in one period (`claimed_at`). Whole numbers of people,
/// no more in all than the cohort enrolled, within the history.
#[allow(clippy::too_many_arguments)]
fn stage_claims(
    cx: &mut Ctx,
    c: &Contract,
    m: usize,
    k: usize,
    r: &Sp<raw::ResultObserved>,
    t: &str,
    span: std::ops::Range<usize>,
    as_of: Option<u32>,
    history: &mut History,
) {
    let horizon = c.deal.horizon as usize;
    let metric = &c.metrics[m];
    let here = format!(
        "pathway stage `{}`, whose claims are counted by period",
        metric.id
    );
    // A stage measured against a comparison or control group takes the group's result.
    let group = matches!(
        metric.design,
        Design::Comparison { .. } | Design::Rct { .. }
    );
    let cf_field = |v: &Option<Sp<f64>>| v.as_ref().map(Sp::span).filter(|_| !group);
    for (field, s) in [
        ("measured", r.measured.as_ref().map(Sp::span)),
        ("treated_rate", r.treated_rate.as_ref().map(Sp::span)),
        ("counterfactual_size", cf_field(&r.counterfactual_size)),
        ("counterfactual_count", cf_field(&r.counterfactual_count)),
        ("counterfactual_rate", cf_field(&r.counterfactual_rate)),
        ("effect", r.effect.as_ref().map(Sp::span)),
        ("effect_scale", r.effect_scale.as_ref().map(Sp::span)),
        ("validated_at", r.validated_at.as_ref().map(Sp::span)),
    ] {
        if let Some(s) = s {
            cx.not_applicable(
                s,
                field,
                &here,
                "results of metrics measured once per cohort",
            );
        }
    }
    let last = as_of.map_or(horizon - 1, |a| a as usize);
    let mut row = vec![0.0; horizon];
    match (&r.claims_by_period, &r.treated_count, &r.claimed_at) {
        (Some(list), None, None) => {
            if list.get().len() > last + 1 {
                cx.error(
                    list.get()[last + 1].span(),
                    format!(
                        "claims listed for period {}, after the history ends (period {last})",
                        last + 1
                    ),
                    "list one count per period from period 0, up to the last period of the history",
                );
                return;
            }
            for (i, x) in list.get().iter().enumerate() {
                let Some(v) = cx.number(
                    x,
                    "claims_by_period",
                    Bound::NonNegative,
                    "people who reached the stage in the period",
                ) else {
                    return;
                };
                row[i] = v;
            }
        }
        (None, Some(count), Some(at)) => {
            let Some(v) = cx.number(
                count,
                "treated_count",
                Bound::NonNegative,
                "people who reached the stage",
            ) else {
                return;
            };
            if *at.get() as usize > last {
                cx.error(
                    at.span(),
                    format!(
                        "`claimed_at` is period {}, after the history ends (period {last})",
                        at.get()
                    ),
                    "give the period in which the claims were made",
                );
                return;
            }
            row[*at.get() as usize] = v;
        }
        (None, Some(count), None) => {
            cx.error(
                count.span(),
                "a pathway stage's claims need the period they were made in",
                "add `claimed_at = <period>`, or give `claims_by_period = [...]` instead",
            );
            return;
        }
        _ => {
            cx.error(
                span,
                format!("{t} needs `claims_by_period = [...]`, or `treated_count` with `claimed_at`"),
                "give the people who reached the stage in each period, e.g. claims_by_period = [0, 12, 30]",
            );
            return;
        }
    }
    if let Some(i) = row.iter().position(|x| x.fract() != 0.0) {
        let s = r.claims_by_period.as_ref().map_or_else(
            || r.treated_count.as_ref().map_or(0..0, Sp::span),
            |l| l.get()[i].span(),
        );
        cx.error(
            s,
            format!("{} people is not a whole number", row[i]),
            "count whole people",
        );
        return;
    }
    let total: f64 = row.iter().sum();
    let enrolled = history.enrolled_total(k, horizon);
    // A repeatable stage's counts are achievements: up to `repeat` per person.
    let repeat = c.metrics[m].stage.as_ref().map_or(1, |s| s.repeat);
    if total > enrolled * f64::from(repeat) {
        let s = r
            .claims_by_period
            .as_ref()
            .map_or_else(|| r.treated_count.as_ref().map_or(0..0, Sp::span), Sp::span);
        cx.error(
            s,
            if repeat > 1 {
                format!(
                    "{total} achievements of the stage, more than {repeat} for each of the {enrolled} people the cohort enrolled"
                )
            } else {
                format!(
                    "{total} people reached the stage, more than the {enrolled} the cohort enrolled"
                )
            },
            "check the counts, or the cohort's `enrolled`",
        );
        return;
    }
    let start = (m * c.cohorts.len() + k) * horizon;
    history.claims[start..start + horizon].copy_from_slice(&row);
    let share = |x: f64| if enrolled > 0.0 { x / enrolled } else { 0.0 };
    let mut result = ObservedResult {
        n_treated: enrolled,
        treated_mean: share(total),
        n_counterfactual: 0.0,
        counterfactual_mean: 0.0,
    };
    if metric.design.has_counterfactual() {
        let Some((n_cf, cf)) = stage_counterfactual(cx, c, m, k, r, t, as_of, history) else {
            return;
        };
        // Measured at the stage's measurement point: those who reached it by then.
        let point = stage_point(c, m, k, history).min(horizon - 1);
        result.treated_mean = share(row[..=point].iter().sum());
        result.n_counterfactual = n_cf;
        result.counterfactual_mean = cf;
    }
    history.results[m * c.cohorts.len() + k] = Some(result);
}

/// The period by whose end a measured stage's result is counted: the cohort's last
/// enrolment (moved by its delay) plus the stage's `measured_at`.
fn stage_point(c: &Contract, m: usize, k: usize, history: &History) -> usize {
    c.cohorts[k]
        .enrol_to
        .saturating_add(history.delay[k])
        .saturating_add(c.metrics[m].measured_at) as usize
}

/// A measured stage's counterfactual: the comparison or control group's people who reached
/// the stage by the measurement point (`counterfactual_count` of `counterfactual_size`,
/// default the contract's size, or `counterfactual_rate`), or a historical baseline
/// (trend-adjusted by the `trend` given). `None` on an error; a counterfactual not yet
/// known because the result falls due after the history ends is taken as 0.
#[allow(clippy::too_many_arguments)]
fn stage_counterfactual(
    cx: &mut Ctx,
    c: &Contract,
    m: usize,
    k: usize,
    r: &Sp<raw::ResultObserved>,
    t: &str,
    as_of: Option<u32>,
    history: &History,
) -> Option<(f64, f64)> {
    let metric = &c.metrics[m];
    let design_size = match &metric.design {
        Design::Comparison { size, .. } | Design::Rct { size, .. } => f64::from(*size),
        _ => 0.0,
    };
    let n_cf = cx
        .opt_number(
            &r.counterfactual_size,
            "counterfactual_size",
            Bound::NonNegative,
            "",
        )
        .unwrap_or(design_size);
    let given = group_rate(
        cx,
        &r.counterfactual_count,
        &r.counterfactual_rate,
        n_cf,
        "counterfactual",
    )?;
    let cf = match trend_adjusted(cx, metric, r, given.is_some(), t)? {
        Some(cf) => Some(cf),
        None => given.or(match &metric.design {
            Design::Historical { baseline, .. } => Some(*baseline),
            _ => None,
        }),
    };
    if let Some(cf) = cf {
        if !(0.0..=1.0).contains(&cf) {
            cx.error(
                r.span(),
                format!(
                    "the counterfactual rate of `{}` would be {}, outside 0 to 1",
                    metric.id,
                    num(cf)
                ),
                "a stage's counterfactual is the share of the group who reached it",
            );
            return None;
        }
        return Some((n_cf, cf));
    }
    let due = metric
        .result_period(&c.cohorts[k])
        .saturating_add(history.delay[k]);
    if as_of.is_some_and(|a| due > a) {
        return Some((n_cf, 0.0));
    }
    let d = cx
        .at(
            r.span(),
            format!(
                "{t} gives the stage's claims, but not the {} group's result it is measured against",
                if matches!(metric.design, Design::Rct { .. }) { "control" } else { "comparison" }
            ),
        )
        .label("no counterfactual")
        .help(format!(
            "add `counterfactual_count = <people in the group who reached `{}` by period {}>` (of `counterfactual_size`, default the contract's), or `counterfactual_rate`",
            metric.id,
            stage_point(c, m, k, history)
        ));
    cx.push(d);
    None
}

fn results_due(
    cx: &mut Ctx,
    c: &Contract,
    history: &History,
    given: &[Option<std::ops::Range<usize>>],
    as_of: Option<u32>,
    whole: std::ops::Range<usize>,
    cohort_spans: &[Option<std::ops::Range<usize>>],
) {
    let last = as_of.unwrap_or(c.deal.horizon - 1);
    // Per cohort: (missing results, where the file records the cohort's enrolment).
    let mut missing: Vec<Vec<String>> = vec![Vec::new(); c.cohorts.len()];
    for (m, metric) in c
        .metrics
        .iter()
        .enumerate()
        .filter(|(_, m)| m.stage.is_none() || m.design.has_counterfactual())
    {
        for &k in &metric.cohorts {
            let i = m * c.cohorts.len() + k;
            let due = metric
                .result_period(&c.cohorts[k])
                .saturating_add(history.delay[k]);
            match &given[i] {
                // A stage's claims come before its measurement point.
                Some(_) if metric.stage.is_some() => {}
                Some(span) if as_of.is_some() => {
                    let validated = due.saturating_add(history.validation_delay[i]);
                    if validated > last {
                        cx.error(
                            span.clone(),
                            format!(
                                "this result is validated in period {validated}, after the history ends (`as_of` = {last})"
                            ),
                            "remove the result, or move `as_of` to the period it was validated in",
                        );
                    }
                }
                None if due <= last && history.enrolled_total(k, c.deal.horizon as usize) > 0.0 => {
                    missing[k].push(format!(
                        "`{}.{}` (due in period {due})",
                        metric.id, c.cohorts[k].id
                    ));
                }
                _ => {}
            }
        }
    }
    // One warning per cohort, at its enrolment in the file (where it is recorded as having
    // run), else at the file's start.
    for (k, results) in missing.iter().enumerate() {
        if results.is_empty() {
            continue;
        }
        let d = Diagnostic::warning(format!(
            "no result recorded for {}: taken as no outcome",
            results.join(", ")
        ))
        .at(&cx.src, cohort_spans[k].clone().unwrap_or_else(|| whole.clone()))
        .help(format!(
            "add [results.<metric>.{}] for each result, or `as_of` if the history stops before they were due",
            c.cohorts[k].id
        ));
        cx.push(d);
    }
}

fn enrolment(
    cx: &mut Ctx,
    c: &Contract,
    k: usize,
    o: &Sp<raw::CohortObserved>,
    history: &mut History,
) {
    let cohort = &c.cohorts[k];
    let h = c.deal.horizon as usize;
    let delay = o.delay.as_ref().map_or(0, |d| *d.get());
    let first = cohort.enrol_from.saturating_add(delay);
    if first >= c.deal.horizon {
        let s = o.delay.as_ref().map_or(o.span(), Sp::span);
        cx.error(
            s,
            format!(
                "with this delay, cohort `{}` starts after the deal ends",
                cohort.id
            ),
            "check the delay",
        );
        return;
    }
    history.delay[k] = delay;
    match (&o.enrolled, &o.enrolled_by_period) {
        (Some(total), None) => {
            if let Some(n) = cx.number(
                total,
                "enrolled",
                Bound::NonNegative,
                "the number of participants enrolled",
            ) {
                cohort.spread(n, delay, &mut history.enrolled[k * h..(k + 1) * h]);
            }
        }
        (None, Some(list)) => {
            if list.len() as u32 > c.deal.horizon - first {
                cx.error(
                    list.span(),
                    format!(
                        "{} periods of enrolment from period {first} run past the deal's end",
                        list.len()
                    ),
                    "list one number per period from the first enrolment period",
                );
                return;
            }
            for (i, v) in list.iter().enumerate() {
                if let Some(n) = cx.number(
                    v,
                    "enrolled_by_period",
                    Bound::NonNegative,
                    "participants enrolled in that period",
                ) {
                    history.enrolled[k * h + first as usize + i] = n;
                }
            }
        }
        (Some(a), Some(_)) => cx.error(
            a.span(),
            "give either `enrolled` or `enrolled_by_period`, not both",
            "`enrolled` spreads a total over the window",
        ),
        (None, None) => {
            let d = cx
                .at(
                    o.span(),
                    format!("[cohorts.{}] says nothing about enrolment", cohort.id),
                )
                .label("no `enrolled`")
                .help("add `enrolled = <participants>`, or `enrolled_by_period = [...]`");
            cx.push(d);
        }
    }
}

/// A number of people summed from a spread over periods: the whole number it is meant to
/// be when it is one up to rounding (406 spread over four periods sums to 406.00000000000006).
fn whole_people(x: f64) -> f64 {
    let r = x.round();
    if (x - r).abs() <= 1e-9 * r.max(1.0) {
        r
    } else {
        x
    }
}

/// A group's mean from its count (divided by its size) or its rate: `None` on an error,
/// `Some(None)` when the file gives neither.
fn group_rate(
    cx: &mut Ctx,
    count: &Option<Sp<f64>>,
    rate: &Option<Sp<f64>>,
    size: f64,
    which: &str,
) -> Option<Option<f64>> {
    match (count, rate) {
        (Some(cnt), None) => {
            let x = cx.number(
                cnt,
                &format!("{which}_count"),
                Bound::NonNegative,
                "a number of successes or events",
            )?;
            if size <= 0.0 {
                cx.error(
                    cnt.span(),
                    format!("a count needs a group size, but the {which} group has none"),
                    format!("give `{which}_rate` instead, or the group's size"),
                );
                return None;
            }
            Some(Some(x / size))
        }
        (None, Some(r)) => Some(Some(cx.number(
            r,
            &format!("{which}_rate"),
            Bound::Any,
            "",
        )?)),
        (Some(a), Some(_)) => {
            cx.error(
                a.span(),
                format!("give either `{which}_count` or `{which}_rate`, not both"),
                "the rate is the count divided by the group's size",
            );
            None
        }
        (None, None) => Some(None),
    }
}

/// A binary metric's treated rate, checked: a count of people within the participants
/// measured (compared as whole numbers), else a rate within 0 to 1.
fn binary_rate(
    cx: &mut Ctx,
    metric: &crate::model::contract::Metric,
    r: &Sp<raw::ResultObserved>,
    n: f64,
    treated: f64,
) -> Option<f64> {
    if let (Some(count), None) = (&r.treated_count, &r.treated_rate) {
        // Counts of people are whole numbers: compare them as such.
        if count.get().round() > n.round() {
            cx.error(
                count.span(),
                format!(
                    "{} participants achieved `{}`, more than the {} measured",
                    num(*count.get()),
                    metric.id,
                    num(n)
                ),
                "the count cannot exceed the participants measured: check `treated_count`, `measured` or the cohort's enrolment",
            );
            return None;
        }
        // A count within the participants, of a group of fractional size.
        return Some(treated.min(1.0));
    } else if !(0.0..=1.0).contains(&treated) {
        cx.error(
            r.span(),
            format!(
                "the treated rate of `{}` would be {}, outside 0 to 1",
                metric.id,
                num(treated)
            ),
            "a binary metric's rate is a share of participants",
        );
        return None;
    }
    Some(treated)
}

/// One measured result, from counts, rates or an effect.
fn result(
    cx: &mut Ctx,
    c: &Contract,
    m: usize,
    k: usize,
    r: &Sp<raw::ResultObserved>,
    history: &History,
    table: &str,
) -> Option<ObservedResult> {
    let metric = &c.metrics[m];
    let money = |cx: &mut Ctx, v: &Option<Sp<f64>>, field: &str| {
        cx.opt_number(v, field, Bound::NonNegative, "")
    };
    let n = match metric.kind {
        MetricKind::Cohort => 1.0,
        _ => money(cx, &r.measured, "measured")
            .unwrap_or_else(|| whole_people(history.enrolled_total(k, c.deal.horizon as usize))),
    };
    let design_size = match &metric.design {
        Design::Comparison { size, .. } | Design::Rct { size, .. } => f64::from(*size),
        _ => 0.0,
    };
    let n_cf = match metric.kind {
        MetricKind::Cohort => {
            if design_size > 0.0 {
                1.0
            } else {
                0.0
            }
        }
        _ => money(cx, &r.counterfactual_size, "counterfactual_size").unwrap_or(design_size),
    };
    let treated = group_rate(cx, &r.treated_count, &r.treated_rate, n, "treated")?;
    let counterfactual = group_rate(
        cx,
        &r.counterfactual_count,
        &r.counterfactual_rate,
        n_cf,
        "counterfactual",
    )?;
    let counterfactual = match trend_adjusted(cx, metric, r, counterfactual.is_some(), table)? {
        Some(cf) => Some(cf),
        None => counterfactual.or(match &metric.design {
            Design::Historical { baseline, .. } => Some(*baseline),
            _ => None,
        }),
    };
    let effect = r
        .effect
        .as_ref()
        .and_then(|e| cx.number(e, "effect", Bound::Any, "0.084 is an 8.4% improvement"));
    let scale = r
        .effect_scale
        .as_ref()
        .map_or_else(|| metric.default_effect_scale(), |s| *s.get());
    let sign = if metric.direction == Direction::Increase {
        1.0
    } else {
        -1.0
    };
    let (mut treated, counterfactual) = match (treated, counterfactual, effect) {
        (Some(t), Some(cf), None) => (t, cf),
        (None, Some(cf), Some(e)) => {
            let t = match scale {
                EffectScale::Relative => cf * (1.0 + sign * e),
                EffectScale::Absolute => cf + sign * e,
            };
            (t, cf)
        }
        (Some(t), None, None) if !metric.design.has_counterfactual() => (t, t),
        (Some(_), Some(_), Some(_)) => {
            cx.error(
                r.effect.as_ref().map_or(r.span(), Sp::span),
                "give the treated result or the effect, not both",
                "the effect follows from the treated and counterfactual results",
            );
            return None;
        }
        _ => {
            let d = cx
                .at(r.span(), format!("{table} does not give enough to measure the effect"))
                .label("incomplete result")
                .help("give `treated_rate` (or `treated_count`) and `counterfactual_rate` (or `counterfactual_count`), or `effect` and the counterfactual");
            cx.push(d);
            return None;
        }
    };
    if metric.kind == MetricKind::Binary {
        treated = binary_rate(cx, metric, r, n, treated)?;
    }
    Some(ObservedResult {
        n_treated: n,
        treated_mean: treated,
        n_counterfactual: n_cf,
        counterfactual_mean: counterfactual,
    })
}

/// A trend-adjusted historical baseline moved by the system trend the file records for the
/// result: `Some(Some(counterfactual))` when it applies, `Some(None)` when the file gives
/// the counterfactual itself or the metric's baseline is not trend-adjusted, `None` on an
/// error.
fn trend_adjusted(
    cx: &mut Ctx,
    metric: &crate::model::contract::Metric,
    r: &Sp<raw::ResultObserved>,
    counterfactual_given: bool,
    table: &str,
) -> Option<Option<f64>> {
    let adjusted = match metric.design {
        Design::Historical {
            baseline,
            trend_adjusted: true,
        } => Some(baseline),
        _ => None,
    };
    match (&r.trend, adjusted) {
        (Some(v), None) => {
            cx.not_applicable(
                v.span(),
                "trend",
                &format!("metric `{}`", metric.id),
                "results of a metric whose historical baseline is `trend_adjusted = true` in the contract",
            );
            None
        }
        (Some(v), Some(_)) if counterfactual_given => {
            cx.error(
                v.span(),
                "give the counterfactual or the system trend, not both",
                "the counterfactual follows from the contract's baseline and the trend: keep `trend`, or the counterfactual measured",
            );
            None
        }
        (Some(v), Some(baseline)) => {
            let trend = cx.number(v, "trend", Bound::Change, CHANGE_HELP)?;
            Some(Some(crate::model::outcome::true_counterfactual(
                metric.kind,
                baseline,
                trend,
            )))
        }
        (None, Some(_)) if !counterfactual_given => {
            let d = cx
                .at(
                    r.span(),
                    format!(
                        "{table} has no `trend`, but metric `{}`'s baseline is trend-adjusted",
                        metric.id
                    ),
                )
                .label("the system trend is needed")
                .help("add `trend = <the system-wide change measured over the cohort's period>`, e.g. -0.05 for 5% lower (0 if the system did not change)");
            cx.push(d);
            None
        }
        (None, _) => Some(None),
    }
}
