//! Payment rules: each `type` with the fields it needs, its payers, cohorts and timing.

use std::ops::Range;

use crate::model::contract::*;
use crate::raw::Sp;
use crate::raw::contract::{self as raw, RuleKind};

use super::contract::Partial;
use super::ctx::{Bound, Ctx};

pub fn kind_word(k: RuleKind) -> &'static str {
    match k {
        RuleKind::RateCard => "rate_card",
        RuleKind::PerImprovement => "per_improvement",
        RuleKind::PerEffect => "per_effect",
        RuleKind::Threshold => "threshold",
        RuleKind::Tiers => "tiers",
        RuleKind::SavingsShare => "savings_share",
    }
}

/// The type-specific fields of a rule, and which types use each.
const SPECIFIC_FIELDS: &[(&str, &[RuleKind])] = &[
    (
        "price",
        &[
            RuleKind::RateCard,
            RuleKind::PerImprovement,
            RuleKind::PerEffect,
            RuleKind::Threshold,
        ],
    ),
    ("prices", &[RuleKind::RateCard]),
    (
        "effect",
        &[RuleKind::PerEffect, RuleKind::Threshold, RuleKind::Tiers],
    ),
    ("threshold", &[RuleKind::Threshold]),
    ("lump_sum", &[RuleKind::Threshold]),
    ("tiers", &[RuleKind::Tiers]),
    ("share", &[RuleKind::SavingsShare]),
    ("share_after", &[RuleKind::SavingsShare]),
    ("after_repaid", &[RuleKind::SavingsShare]),
    ("value_per_outcome", &[RuleKind::SavingsShare]),
    ("success_fees_to", &[RuleKind::SavingsShare]),
];

fn specific_span(r: &raw::Rule, field: &str) -> Option<Range<usize>> {
    match field {
        "price" => r.price.as_ref().map(Sp::span),
        "prices" => r.prices.as_ref().map(Sp::span),
        "effect" => r.effect.as_ref().map(Sp::span),
        "threshold" => r.threshold.as_ref().map(Sp::span),
        "lump_sum" => r.lump_sum.as_ref().map(Sp::span),
        "tiers" => r.tiers.as_ref().map(Sp::span),
        "share" => r.share.as_ref().map(Sp::span),
        "share_after" => r.share_after.as_ref().map(Sp::span),
        "after_repaid" => r
            .after_repaid
            .as_ref()
            .and_then(|t| t.first())
            .map(Sp::span),
        "value_per_outcome" => r.value_per_outcome.as_ref().map(Sp::span),
        "success_fees_to" => r.success_fees_to.as_ref().map(Sp::span),
        _ => None,
    }
}

pub fn rules(cx: &mut Ctx, file: &raw::ContractFile, p: &Partial) -> Vec<Rule> {
    let rule_ids: Vec<String> = file.rules.keys().map(|k| k.get().clone()).collect();
    let mut out = Vec::new();
    for (index, (id, r)) in file.rules.iter().enumerate() {
        cx.check_id(id, "rule");
        let t = format!("[rules.{}]", id.get());
        let span = r.span();
        let kind = cx
            .required(&r.kind, &t, &span, "type", "\"rate_card\"")
            .map(|k| *k.get());
        if let Some(kind) = kind {
            for (field, kinds) in SPECIFIC_FIELDS {
                if let Some(s) = specific_span(r, field) {
                    if !kinds.contains(&kind) {
                        let owners: Vec<String> = kinds
                            .iter()
                            .map(|k| format!("`{}`", kind_word(*k)))
                            .collect();
                        cx.not_applicable(
                            s,
                            field,
                            &format!(
                                "{} `{}` rule",
                                Ctx::article(kind_word(kind)),
                                kind_word(kind)
                            ),
                            &format!("{} rules", owners.join(", ")),
                        );
                    }
                }
            }
        }
        let payers = payers(cx, r, &t, &span, p);
        let terms = kind.and_then(|k| terms(cx, r, &t, &span, k, p, id));
        let rule_metrics = terms.as_ref().map(t_metrics).unwrap_or_default();
        // Cohorts measured on any of the rule's metrics, in contract order.
        let metric_cohorts: Vec<usize> = if rule_metrics.is_empty() {
            (0..p.cohorts.len()).collect()
        } else {
            (0..p.cohorts.len())
                .filter(|k| {
                    rule_metrics
                        .iter()
                        .any(|&m| p.metrics[m].cohorts.contains(k))
                })
                .collect()
        };
        let cohorts = match &r.cohorts {
            Some(list) => {
                let v = cx.resolve_list(list, &p.ids.cohorts, "cohort", list.span(), "cohorts");
                for &i in &v {
                    if !metric_cohorts.contains(&i) {
                        let c = list
                            .iter()
                            .find(|c| *c.get() == p.ids.cohorts[i])
                            .map_or(span.clone(), Sp::span);
                        cx.error(
                            c,
                            format!(
                                "cohort `{}` is not measured on this rule's metric",
                                p.ids.cohorts[i]
                            ),
                            "add the cohort to the metric's `cohorts`, or remove it here",
                        );
                    }
                }
                v
            }
            None => metric_cohorts,
        };
        let scope = r.scope.as_ref().map_or(Scope::PerCohort, |s| *s.get());
        let unless_paid_by: Vec<usize> = match &r.unless_paid_by {
            Some(list) => {
                let v = cx.resolve_list(list, &rule_ids, "rule", list.span(), "unless_paid_by");
                if v.contains(&index) {
                    let s = list
                        .iter()
                        .find(|n| n.get() == id.get())
                        .map_or(span.clone(), Sp::span);
                    cx.error(
                        s,
                        "a rule cannot be conditional on itself",
                        "name another rule, whose cohorts are then not paid again",
                    );
                }
                v.into_iter().filter(|&i| i != index).collect()
            }
            None => Vec::new(),
        };
        let money = "an amount in the contract's currency";
        let caps = RuleCaps {
            total: cx.opt_number(&r.cap, "cap", Bound::NonNegative, money),
            per_cohort: cx.opt_number(
                &r.cap_per_cohort,
                "cap_per_cohort",
                Bound::NonNegative,
                money,
            ),
            per_participant: cx.opt_number(
                &r.cap_per_participant,
                "cap_per_participant",
                Bound::NonNegative,
                money,
            ),
        };
        let payment_lag = cx.periods(&r.payment_lag, "payment_lag", 0);
        let at = timing(cx, r, scope, &cohorts, &rule_metrics, payment_lag, p);
        out.push(Rule {
            id: id.get().clone(),
            description: r.description.as_ref().map(|d| d.get().clone()),
            payers,
            scope,
            cohorts,
            terms: terms.unwrap_or(Terms::RateCard { prices: Vec::new() }),
            caps,
            at,
            payment_lag,
            unless_paid_by,
            last_claim: r.last_claim.as_ref().map(|v| {
                cx.count_at_most(
                    v,
                    "last_claim",
                    p.deal.horizon.saturating_sub(1),
                    "claims are made within the deal",
                )
            }),
        });
    }
    reject_cycles(cx, file, &out);
    stage_prices(cx, file, &out, p);
    out
}

/// Pathway stages are claimed person by person through rate cards: a rate card prices
/// stages or other metrics, not both; one rule prices a cohort's stages (so its cap per
/// participant is each person's), and it pays each cohort on its own. Other rules read a
/// stage only where it is measured against a counterfactual (its share reached by
/// `measured_at`), as they read any measured result.
fn stage_prices(cx: &mut Ctx, file: &raw::ContractFile, rules: &[Rule], p: &Partial) {
    let is_stage = |m: usize| p.metrics[m].stage.is_some();
    let claims = |r: &Rule| {
        matches!(r.terms, Terms::RateCard { .. }) && r.metrics().iter().any(|&m| is_stage(m))
    };
    // A rule's `unless_paid_by` reads whether the named rule pays a cohort once; a
    // pathway's claims come period after period.
    for ((id, r), rule) in file.rules.iter().zip(rules) {
        let named = rule.unless_paid_by.iter().find(|&&j| claims(&rules[j]));
        if let (Some(&j), Some(u)) = (named, &r.unless_paid_by) {
            cx.error(
                u.span(),
                format!(
                    "rule `{}` is paid unless `{}` pays, but `{}` pays pathway claims period after period",
                    id.get(),
                    rules[j].id,
                    rules[j].id
                ),
                "name a rule that pays once per cohort, or remove `unless_paid_by`",
            );
        }
    }
    let mut priced_by: Vec<Option<usize>> = vec![None; p.cohorts.len()];
    for (i, ((id, r), rule)) in file.rules.iter().zip(rules).enumerate() {
        let metrics = rule.metrics();
        let stages = metrics.iter().filter(|&&m| is_stage(m)).count();
        let measured = |m: usize| p.metrics[m].design.has_counterfactual();
        let on_effect =
            !matches!(rule.terms, Terms::RateCard { .. }) && metrics.iter().all(|&m| measured(m));
        if stages == 0 || on_effect {
            if let Some(v) = &r.last_claim {
                cx.not_applicable(
                    v.span(),
                    "last_claim",
                    &format!("rule `{}`, which prices no pathway stage", id.get()),
                    "rate cards of pathway stages",
                );
            }
            continue;
        }
        let span = r.span();
        let at = |field: &str| specific_span(r, field).unwrap_or_else(|| span.clone());
        if !matches!(rule.terms, Terms::RateCard { .. }) {
            cx.error(
                at("metric"),
                format!(
                    "rule `{}` reads `{}`, a pathway stage, which only a `rate_card` can price",
                    id.get(),
                    p.metrics[metrics[0]].id
                ),
                format!(
                    "price the stage in a `rate_card` rule (`prices = {{ stage = 500 }}`), or measure it against a counterfactual (`measurement` and `measured_at` in [metrics.{}]) for this rule to pay on its effect",
                    p.metrics[metrics[0]].id
                ),
            );
            continue;
        }
        if stages < metrics.len() {
            let other = metrics
                .iter()
                .find(|&&m| !is_stage(m))
                .copied()
                .unwrap_or(0);
            cx.error(
                at("prices"),
                format!(
                    "rule `{}` prices pathway stages and `{}`, which is not one",
                    id.get(),
                    p.metrics[other].id
                ),
                "price the stages in one rate card and the other metrics in another",
            );
        }
        if rule.scope == Scope::Pooled {
            let s = r.scope.as_ref().map_or(span.clone(), Sp::span);
            cx.error(
                s,
                format!(
                    "rule `{}` pays pathway stages, which are claimed person by person",
                    id.get()
                ),
                "remove `scope = \"pooled\"`",
            );
        }
        if let (Some(_), true, false) = (
            rule.caps.per_participant,
            p.deal.indexation.prices(),
            p.deal.indexation.caps(),
        ) {
            let s = r
                .cap_per_participant
                .as_ref()
                .map_or(span.clone(), Sp::span);
            cx.error(
                s,
                format!("rule `{}` caps each person's pathway payments in cash while its prices rise with inflation", id.get()),
                "index the caps too (`indexation = \"prices_and_caps\"` in [deal]), or neither",
            );
        }
        if let Some(u) = &r.unless_paid_by {
            cx.error(
                u.span(),
                format!(
                    "rule `{}` pays pathway claims, which cannot depend on another rule's payment",
                    id.get()
                ),
                "remove `unless_paid_by`",
            );
        }
        for &k in &rule.cohorts {
            match priced_by[k] {
                Some(j) if j != i => cx.error(
                    at("prices"),
                    format!(
                        "cohort `{}`'s pathway stages are priced by rules `{}` and `{}`",
                        p.cohorts[k].id, rules[j].id, rule.id
                    ),
                    "price a cohort's stages in one rate card, so its cap per participant is each person's",
                ),
                _ => priced_by[k] = Some(i),
            }
        }
    }
}

/// `unless_paid_by` must not loop (a skips what b paid, b skips what a paid).
fn reject_cycles(cx: &mut Ctx, file: &raw::ContractFile, rules: &[Rule]) {
    for start in 0..rules.len() {
        // Depth-first search from `start` for a path back to it.
        let mut stack = vec![start];
        let mut seen = vec![false; rules.len()];
        while let Some(r) = stack.pop() {
            for &next in &rules[r].unless_paid_by {
                if next == start {
                    let (_, raw_rule) = file.rules.get_index(start).expect("one raw rule per rule");
                    let span = raw_rule
                        .unless_paid_by
                        .as_ref()
                        .map_or(raw_rule.span(), Sp::span);
                    cx.error(
                        span,
                        format!("`unless_paid_by` of rule `{}` loops back to itself through `{}`", rules[start].id, rules[r].id),
                        "the rule named in `unless_paid_by` must pay first; remove one direction of the loop",
                    );
                    return;
                }
                if !seen[next] {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
    }
}

fn payers(
    cx: &mut Ctx,
    r: &raw::Rule,
    t: &str,
    span: &Range<usize>,
    p: &Partial,
) -> Vec<(usize, f64)> {
    match (&r.payer, &r.payers) {
        (Some(one), None) => p
            .party_with_role(cx, one, &[Role::Payer], "payer")
            .map(|i| vec![(i, 1.0)])
            .unwrap_or_default(),
        (None, Some(shares)) => {
            let mut out = Vec::new();
            let mut total = 0.0;
            for (name, share) in shares.get() {
                let i = p.party_with_role(cx, name, &[Role::Payer], "payers");
                let s = cx.number(
                    share,
                    "share",
                    Bound::Share,
                    "each payer's share of the payment, as a fraction: 80% is 0.8",
                );
                if let (Some(i), Some(s)) = (i, s) {
                    out.push((i, s));
                    total += s;
                }
            }
            if out.len() == shares.get().len() && (total - 1.0).abs() > 1e-9 {
                cx.error(
                    shares.span(),
                    format!(
                        "the payers' shares add up to {}, not 1",
                        crate::format::num(total)
                    ),
                    "make the shares sum to 1, e.g. { city = 0.8, central_fund = 0.2 }",
                );
            }
            out
        }
        (Some(one), Some(_)) => {
            cx.error(
                one.span(),
                "a rule has either `payer` or `payers`, not both",
                "use `payer` for one payer, `payers = { a = 0.8, b = 0.2 }` to share",
            );
            Vec::new()
        }
        (None, None) => match p.only(Role::Payer) {
            Some(i) => vec![(i, 1.0)],
            // No payer at all is reported once, for the whole contract.
            None if p.parties.iter().all(|x| x.role != Role::Payer) => Vec::new(),
            None => {
                let d = cx.at(span.clone(), format!("{t} does not say who pays")).label("no `payer`").help("the contract has several payers; add `payer = \"<id>\"` or `payers = { <id> = share, ... }`");
                cx.push(d);
                Vec::new()
            }
        },
    }
}

fn metric_ref(
    cx: &mut Ctx,
    r: &raw::Rule,
    t: &str,
    span: &Range<usize>,
    p: &Partial,
) -> Option<usize> {
    let name = cx.required(&r.metric, t, span, "metric", "\"<metric id>\"")?;
    cx.resolve(name, &p.ids.metrics, "metric")
}

/// What every kind of rule's terms read: the raw rule, its table's name and span, the
/// contract validated so far, the rule's id, and where its `type` is written.
struct RuleAt<'a> {
    r: &'a raw::Rule,
    t: &'a str,
    span: &'a Range<usize>,
    p: &'a Partial<'a>,
    id: &'a Sp<String>,
    kind_span: Range<usize>,
}

impl RuleAt<'_> {
    /// The effect scale the rule reads metric `m` on: its own, or the metric's default.
    fn scale(&self, m: usize) -> EffectScale {
        self.r
            .effect
            .as_ref()
            .map_or_else(|| self.p.metrics[m].default_effect_scale(), |e| *e.get())
    }
}

const PRICE_HELP: &str = "a price in the contract's currency";

fn terms(
    cx: &mut Ctx,
    r: &raw::Rule,
    t: &str,
    span: &Range<usize>,
    kind: RuleKind,
    p: &Partial,
    id: &Sp<String>,
) -> Option<Terms> {
    let at = RuleAt {
        r,
        t,
        span,
        p,
        id,
        kind_span: r.kind.as_ref().map_or(span.clone(), Sp::span),
    };
    match kind {
        RuleKind::RateCard => rate_card(cx, &at),
        RuleKind::PerImprovement => per_improvement(cx, &at),
        RuleKind::PerEffect => per_effect(cx, &at),
        RuleKind::Threshold => threshold(cx, &at),
        RuleKind::Tiers => tiers_terms(cx, &at),
        RuleKind::SavingsShare => savings_share(cx, &at),
    }
}

/// A rate card: a price per outcome achieved, on one metric or several.
fn rate_card(cx: &mut Ctx, at: &RuleAt) -> Option<Terms> {
    let RuleAt { r, t, span, p, .. } = *at;
    let prices = match (&r.prices, &r.metric) {
        (Some(table), None) => {
            if r.price.is_some() {
                cx.error(
                    table.span(),
                    "a rate card has either `prices` or `metric` and `price`, not both",
                    "keep `prices = { metric = price, ... }` for several metrics",
                );
            }
            let mut v = Vec::new();
            for (name, price) in table.get() {
                let m = cx.resolve(name, &p.ids.metrics, "metric");
                let x = cx.number(price, "price", Bound::NonNegative, PRICE_HELP);
                if let (Some(m), Some(x)) = (m, x) {
                    v.push((m, x));
                }
            }
            if table.get().is_empty() {
                cx.error(table.span(), "`prices` is empty", "list metric = price pairs, e.g. prices = { job_entry = 2600, sustained_job = 1000 }");
            }
            v
        }
        (Some(table), Some(metric)) => {
            cx.error(
                metric.span(),
                "a rate card has either `prices` or `metric` and `price`, not both",
                "move the metric into `prices`",
            );
            let _ = table;
            Vec::new()
        }
        (None, _) => {
            let m = metric_ref(cx, r, t, span, p);
            let x = cx.required_number(
                &r.price,
                (t, span),
                "price",
                "1000",
                Bound::NonNegative,
                PRICE_HELP,
            );
            m.map(|m| vec![(m, x)]).unwrap_or_default()
        }
    };
    for &(m, _) in &prices {
        let metric = &p.metrics[m];
        let countable = match metric.kind {
            MetricKind::Binary => true,
            MetricKind::Count => metric.direction == Direction::Increase,
            MetricKind::Continuous | MetricKind::Cohort => false,
        };
        if !countable {
            let d = cx
                .at(
                    at.kind_span.clone(),
                    format!(
                        "a rate card pays per outcome achieved, but `{}` has no outcomes to count",
                        metric.id
                    ),
                )
                .label("rate card on a non-countable metric")
                .help(match metric.kind {
                    MetricKind::Count => {
                        "for a count metric to reduce, pay per event avoided with `per_improvement`"
                    }
                    _ => {
                        "for scores and cohort-level figures use `per_effect` or `per_improvement`"
                    }
                });
            cx.push(d);
        }
    }
    Some(Terms::RateCard { prices })
}

/// A price per outcome improved on the counterfactual.
fn per_improvement(cx: &mut Ctx, at: &RuleAt) -> Option<Terms> {
    let RuleAt {
        r, t, span, p, id, ..
    } = *at;
    let m = metric_ref(cx, r, t, span, p);
    let price = cx.required_number(
        &r.price,
        (t, span),
        "price",
        "50000",
        Bound::NonNegative,
        PRICE_HELP,
    );
    let m = m?;
    needs_counterfactual(
        cx,
        p,
        m,
        &at.kind_span,
        id,
        "pays for improvement on the counterfactual",
    );
    Some(Terms::PerImprovement { metric: m, price })
}

/// A price per unit of measured effect.
fn per_effect(cx: &mut Ctx, at: &RuleAt) -> Option<Terms> {
    let RuleAt {
        r, t, span, p, id, ..
    } = *at;
    let m = metric_ref(cx, r, t, span, p);
    let price = cx.required_number(
        &r.price,
        (t, span),
        "price",
        "100000",
        Bound::NonNegative,
        PRICE_HELP,
    );
    let m = m?;
    needs_counterfactual(cx, p, m, &at.kind_span, id, "pays for a measured effect");
    Some(Terms::PerEffect {
        metric: m,
        scale: at.scale(m),
        price,
    })
}

/// A lump sum, or a price per unit of improvement, once the measured effect reaches a threshold.
fn threshold(cx: &mut Ctx, at: &RuleAt) -> Option<Terms> {
    let RuleAt {
        r, t, span, p, id, ..
    } = *at;
    let m = metric_ref(cx, r, t, span, p);
    let threshold = cx.required_number(
        &r.threshold,
        (t, span),
        "threshold",
        "0.1",
        Bound::Any,
        "the measured effect at or above which the rule pays",
    );
    let pay = match (&r.lump_sum, &r.price) {
        (Some(l), None) => Pay::LumpSum(
            cx.number(l, "lump_sum", Bound::NonNegative, PRICE_HELP)
                .unwrap_or(0.0),
        ),
        (None, Some(x)) => Pay::Price(
            cx.number(x, "price", Bound::NonNegative, PRICE_HELP)
                .unwrap_or(0.0),
        ),
        (Some(l), Some(_)) => {
            cx.error(
                l.span(),
                "a threshold rule pays either a `lump_sum` or a `price`, not both",
                "keep `lump_sum` for a fixed sum, `price` for a price per unit of improvement",
            );
            Pay::LumpSum(0.0)
        }
        (None, None) => {
            let d = cx.at(span.clone(), format!("{t} does not say what it pays")).label("no `lump_sum` or `price`").help("add `lump_sum = 1000000` (a fixed sum) or `price = 50000` (per unit of improvement)");
            cx.push(d);
            Pay::LumpSum(0.0)
        }
    };
    let m = m?;
    needs_counterfactual(cx, p, m, &at.kind_span, id, "tests a measured effect");
    check_effect_range(cx, r.threshold.as_ref(), p, m, at.scale(m));
    Some(Terms::Threshold {
        metric: m,
        scale: at.scale(m),
        threshold,
        pay,
    })
}

/// Payments by tier of measured effect.
fn tiers_terms(cx: &mut Ctx, at: &RuleAt) -> Option<Terms> {
    let RuleAt {
        r, t, span, p, id, ..
    } = *at;
    let m = metric_ref(cx, r, t, span, p);
    let tiers = tiers(cx, r, t, span);
    let m = m?;
    needs_counterfactual(cx, p, m, &at.kind_span, id, "reads a measured effect");
    for row in r.tiers.iter().flat_map(|t| t.iter()) {
        check_effect_range(cx, row.at_least.as_ref(), p, m, at.scale(m));
    }
    Some(Terms::Tiers {
        metric: m,
        scale: at.scale(m),
        tiers,
    })
}

/// A share of the avoided cost, switching to another share once tranches are repaid.
fn savings_share(cx: &mut Ctx, at: &RuleAt) -> Option<Terms> {
    let RuleAt { r, t, span, p, .. } = *at;
    let m = metric_ref(cx, r, t, span, p);
    let share = cx.required_number(
        &r.share,
        (t, span),
        "share",
        "0.95",
        Bound::Share,
        "the share of avoided cost paid, as a fraction: 95% is 0.95",
    );
    let switch = match (&r.share_after, &r.after_repaid) {
        (Some(s), Some(list)) => {
            let s = cx
                .number(
                    s,
                    "share_after",
                    Bound::Unit,
                    "the share paid once the tranches are repaid, as a fraction from 0 to 1: 40% is 0.4",
                )
                .unwrap_or(0.0);
            let tranches = cx.resolve_list(
                list,
                &p.ids.tranches,
                "tranche",
                list.span(),
                "after_repaid",
            );
            for (name, &i) in list.iter().zip(&tranches) {
                if p.equity_uncapped.get(i).copied().unwrap_or(false) {
                    cx.error(
                        name.span(),
                        format!("tranche `{}` is equity without a return cap: when it is \"repaid\" is not defined", name.get()),
                        "name loans (repaid with their coupon), or give the equity a `max_irr` or `max_multiple`",
                    );
                }
            }
            Some((s, tranches))
        }
        (Some(s), None) => {
            cx.error(
                s.span(),
                "`share_after` needs `after_repaid`",
                "say which tranches must be repaid first, e.g. after_repaid = [\"senior\"]",
            );
            None
        }
        (None, Some(list)) => {
            let s = list.first().map_or(span.clone(), Sp::span);
            cx.error(
                s,
                "`after_repaid` needs `share_after`",
                "give the share paid after repayment, e.g. share_after = 0.4",
            );
            None
        }
        (None, None) => None,
    };
    let value_per_outcome = cx.opt_number(
        &r.value_per_outcome,
        "value_per_outcome",
        Bound::NonNegative,
        "the contracted avoided cost per outcome",
    );
    let success_fees = success_fees_to(cx, r, p, switch.is_some());
    let m = m?;
    Some(Terms::SavingsShare {
        metric: m,
        share,
        switch,
        value_per_outcome,
        success_fees,
    })
}

/// The tranches paid, as success fees, what a savings share pays once switched: only with
/// a switch (`share_after` and `after_repaid`); any tranche may take them.
fn success_fees_to(cx: &mut Ctx, r: &raw::Rule, p: &Partial, switched: bool) -> Vec<usize> {
    let Some(list) = &r.success_fees_to else {
        return Vec::new();
    };
    if !switched && r.share_after.is_none() {
        cx.error(
            list.span(),
            "`success_fees_to` needs `share_after` and `after_repaid`",
            "success fees are what the rule pays once the tranches in `after_repaid` are repaid: give `share_after = 0.4` and `after_repaid = [\"senior\"]`, or remove `success_fees_to`",
        );
        return Vec::new();
    }
    cx.resolve_list(
        list,
        &p.ids.tranches,
        "tranche",
        list.span(),
        "success_fees_to",
    )
}

fn needs_counterfactual(
    cx: &mut Ctx,
    p: &Partial,
    m: usize,
    span: &Range<usize>,
    rule: &Sp<String>,
    what: &str,
) {
    let metric = &p.metrics[m];
    if !metric.design.has_counterfactual() {
        let d = cx
            .at(span.clone(), format!("rule `{}` {what}, but metric `{}` has no counterfactual (`measurement = \"none\"`)", rule.get(), metric.id))
            .label("needs a counterfactual")
            .help("measure the metric against a `historical` baseline, a `comparison` group or an `rct`, or pay per outcome with a `rate_card`");
        cx.push(d);
    }
}

/// A relative effect above 1 (a reduction of more than 100%) can never be measured.
fn check_effect_range(
    cx: &mut Ctx,
    value: Option<&Sp<f64>>,
    p: &Partial,
    m: usize,
    scale: EffectScale,
) {
    let Some(v) = value else { return };
    if scale == EffectScale::Relative
        && p.metrics[m].direction == Direction::Reduce
        && *v.get() > 1.0
    {
        cx.error(
            v.span(),
            format!(
                "a reduction of {} can never be reached",
                crate::format::pct(*v.get())
            ),
            "relative effects are shares: a 10% reduction is 0.1",
        );
    }
}

fn tiers(cx: &mut Ctx, r: &raw::Rule, t: &str, span: &Range<usize>) -> Vec<Tier> {
    let Some(rows) = &r.tiers else {
        let d = cx.at(span.clone(), format!("{t} has no `tiers`")).label("`tiers` is required here").help("add rows like tiers = [ { at_least = 0.085, pay = 4800000 }, { at_least = 0.1, pay = 9600000 } ]");
        cx.push(d);
        return Vec::new();
    };
    if rows.is_empty() {
        cx.error(
            r.tiers.as_ref().map_or(span.clone(), Sp::span),
            "`tiers` is empty",
            "add at least one row { at_least = ..., pay = ... }",
        );
    }
    let mut out: Vec<Tier> = Vec::new();
    for row in rows.iter() {
        let at_least = match &row.at_least {
            Some(v) => cx.number(
                v,
                "at_least",
                Bound::Any,
                "the measured effect from which this row applies",
            ),
            None => {
                cx.error(row.span(), "a tier has no `at_least`", "give each row the effect from which it applies: { at_least = 0.1, pay = 9600000 }");
                None
            }
        };
        let pay = match (&row.pay, &row.price) {
            (Some(v), None) => cx
                .number(v, "pay", Bound::NonNegative, "the payment at this tier")
                .map(Pay::LumpSum),
            (None, Some(v)) => cx
                .number(
                    v,
                    "price",
                    Bound::NonNegative,
                    "the price per unit of improvement at this tier",
                )
                .map(Pay::Price),
            (Some(v), Some(_)) => {
                cx.error(
                    v.span(),
                    "a tier has either `pay` or `price`, not both",
                    "`pay` is a fixed sum, `price` a price per unit of improvement",
                );
                None
            }
            (None, None) => {
                cx.error(
                    row.span(),
                    "a tier says neither `pay` nor `price`",
                    "add `pay = <amount>` or `price = <per unit of improvement>`",
                );
                None
            }
        };
        if let (Some(at_least), Some(pay)) = (at_least, pay) {
            if let Some(prev) = out.last() {
                if at_least <= prev.at_least {
                    let s = row.at_least.as_ref().map_or(row.span(), Sp::span);
                    cx.error(
                        s,
                        format!(
                            "tiers must rise: {} does not come after {}",
                            crate::format::num(at_least),
                            crate::format::num(prev.at_least)
                        ),
                        "list the rows from the lowest `at_least` to the highest",
                    );
                }
            }
            out.push(Tier { at_least, pay });
        }
    }
    out
}

/// The pooled test period, and checks that every payment falls within the horizon.
/// Every metric a rule's terms read.
fn t_metrics(t: &Terms) -> Vec<usize> {
    match t {
        Terms::RateCard { prices } => prices.iter().map(|x| x.0).collect(),
        Terms::PerImprovement { metric, .. }
        | Terms::PerEffect { metric, .. }
        | Terms::Threshold { metric, .. }
        | Terms::Tiers { metric, .. }
        | Terms::SavingsShare { metric, .. } => vec![*metric],
    }
}

fn timing(
    cx: &mut Ctx,
    r: &raw::Rule,
    scope: Scope,
    cohorts: &[usize],
    metrics: &[usize],
    lag: u32,
    p: &Partial,
) -> Option<u32> {
    let horizon = p.deal.horizon;
    let last_result = metrics
        .iter()
        .flat_map(|&m| {
            cohorts
                .iter()
                .filter(move |c| p.metrics[m].cohorts.contains(c))
                .map(move |&c| p.metrics[m].result_period(&p.cohorts[c]))
        })
        .max();
    if let Some(at) = &r.at {
        if scope != Scope::Pooled {
            cx.not_applicable(
                at.span(),
                "at",
                "a per-cohort rule (each cohort pays when its result is validated)",
                "`scope = \"pooled\"` rules",
            );
            return None;
        }
        if let Some(last) = last_result {
            if *at.get() < last {
                cx.error(at.span(), format!("the pooled test in period {} comes before the last covered result (period {last})", at.get()), format!("test at period {last} or later, or remove `at` to test when the last result is validated"));
            }
        }
    }
    let at = r.at.as_ref().map(|a| *a.get());
    let last_payment = match scope {
        Scope::Pooled => at.or(last_result),
        Scope::PerCohort => last_result,
    }
    .map(|x| u64::from(x) + u64::from(lag));
    if let Some(when) = last_payment {
        if when >= u64::from(horizon) {
            let s = r
                .payment_lag
                .as_ref()
                .or(r.at.as_ref())
                .map_or_else(|| r.kind.as_ref().map_or(0..0, Sp::span), Sp::span);
            cx.error(s, format!("this rule's last payment would fall in period {when}, after the deal ends (horizon {horizon})"), "lengthen `horizon` in [deal], or shorten the payment lag or the metric's timing");
        }
    }
    at
}
