//! Tranches, guarantees, the vehicle's financing terms, caps and termination.

use crate::model::contract::*;
use crate::raw::Sp;
use crate::raw::contract as raw;

use super::contract::Partial;
use super::ctx::{ANNUAL_RATE, ANNUAL_RATE_HELP, Bound, COUPON_HELP, Ctx};

pub fn tranches(cx: &mut Ctx, file: &raw::ContractFile, parties: &[Party]) -> Vec<Tranche> {
    let party_ids: Vec<String> = parties.iter().map(|p| p.id.clone()).collect();
    let mut out = Vec::new();
    for (position, (id, tr)) in file.tranches.iter().enumerate() {
        cx.check_id(id, "tranche");
        let t = format!("[tranches.{}]", id.get());
        let span = tr.span();
        let kind = cx
            .required(&tr.kind, &t, &span, "type", "\"senior_loan\"")
            .map(|k| *k.get());
        let investor = cx.required(&tr.investor, &t, &span, "investor", "\"<party id>\"").and_then(|name| {
            let i = cx.resolve(name, &party_ids, "party")?;
            let role = parties[i].role;
            let ok = match kind {
                Some(TrancheKind::DeferredFees) => role == Role::Provider,
                _ => matches!(role, Role::Investor | Role::Provider | Role::Intermediary),
            };
            if !ok {
                let help = if kind == Some(TrancheKind::DeferredFees) {
                    "deferred fees are the provider's own money: name the provider party".to_string()
                } else {
                    format!("capital comes from an investor: set `role = \"investor\"` on [parties.{}]", name.get())
                };
                cx.error(name.span(), format!("`{}` cannot hold this tranche: its role is `{}`", name.get(), role.word()), help);
            }
            Some(i)
        });
        let amount = cx.required_number(
            &tr.amount,
            (&t, &span),
            "amount",
            "1000000",
            Bound::Positive,
            "the amount committed, in the contract's currency",
        );
        let coupon = match (&tr.coupon, kind) {
            (Some(c), Some(TrancheKind::Equity | TrancheKind::RecoverableGrant)) => {
                let k = kind.map_or("", TrancheKind::word);
                cx.not_applicable(c.span(), "coupon", &format!("{} `{k}` tranche", Ctx::article(k)), "loans and deferred fees; cap an equity tranche's return with `max_irr` or `max_multiple`");
                0.0
            }
            (Some(c), _) => cx
                .number(c, "coupon", Bound::Unit, COUPON_HELP)
                .unwrap_or(0.0),
            (None, _) => 0.0,
        };
        let max_irr = cx.opt_number(&tr.max_irr, "max_irr", ANNUAL_RATE, ANNUAL_RATE_HELP);
        let max_multiple = cx.opt_number(
            &tr.max_multiple,
            "max_multiple",
            Bound::AtLeast(1.0),
            "a multiple of the money put in, e.g. 1.5",
        );
        if kind == Some(TrancheKind::RecoverableGrant) {
            for (field, v) in [("max_irr", &tr.max_irr), ("max_multiple", &tr.max_multiple)] {
                if let Some(v) = v {
                    cx.not_applicable(
                        v.span(),
                        field,
                        "a recoverable grant (it is repaid at most its principal)",
                        "loans and equity",
                    );
                }
            }
        }
        let seniority = match &tr.seniority {
            Some(s) if *s.get() == 0 => {
                cx.error(
                    s.span(),
                    "`seniority` starts at 1 (paid first)",
                    "use 1 for the most senior tranche, 2 for the next, ...",
                );
                1
            }
            Some(s) => *s.get(),
            None => position as u32 + 1,
        };
        out.push(Tranche {
            id: id.get().clone(),
            kind: kind.unwrap_or(TrancheKind::Equity),
            investor: investor.unwrap_or(0),
            amount,
            seniority,
            coupon,
            max_irr,
            max_multiple: if kind == Some(TrancheKind::RecoverableGrant) {
                Some(1.0)
            } else {
                max_multiple
            },
        });
    }
    if let Some((id, _)) = file.tranches.get_index(MAX_TRANCHES) {
        cx.error(
            id.span(),
            format!(
                "the contract has {} tranches; sibyl handles at most {MAX_TRANCHES}",
                file.tranches.len()
            ),
            "merge tranches that share a seniority and terms into one",
        );
    }
    out
}

/// The most tranches a contract may have: the waterfall shares a rank among its tranches
/// with one bit each of a 64-bit set.
pub const MAX_TRANCHES: usize = 64;

pub fn caps(cx: &mut Ctx, file: &raw::ContractFile, p: &Partial) -> Caps {
    let mut caps = Caps {
        payer_total: vec![None; p.parties.len()],
        payer_per_year: vec![None; p.parties.len()],
        metric: vec![None; p.metrics.len()],
        ..Caps::default()
    };
    let Some(c) = &file.caps else { return caps };
    let money = "an amount in the contract's currency";
    caps.deal = cx.opt_number(&c.deal, "deal", Bound::NonNegative, money);
    caps.per_year = cx.opt_number(&c.per_year, "per_year", Bound::NonNegative, money);
    for (name, cap) in &c.payers {
        let i = p.party_with_role(cx, name, &[Role::Payer], "caps.payers");
        let total = cx.opt_number(&cap.total, "total", Bound::NonNegative, money);
        let per_year = cx.opt_number(&cap.per_year, "per_year", Bound::NonNegative, money);
        if cap.total.is_none() && cap.per_year.is_none() {
            cx.error(
                cap.span(),
                format!(
                    "the cap on payer `{}` gives neither `total` nor `per_year`",
                    name.get()
                ),
                "add `total = <amount>` and/or `per_year = <amount>`",
            );
        }
        if let Some(i) = i {
            caps.payer_total[i] = total;
            caps.payer_per_year[i] = per_year;
        }
    }
    for (name, cap) in &c.metrics {
        let i = cx.resolve(name, &p.ids.metrics, "metric");
        let v = cx.number(cap, "cap", Bound::NonNegative, money);
        if let Some(i) = i {
            caps.metric[i] = v;
        }
    }
    caps
}

/// The payers' budgets: each year's amount, from `years` or else `per_year`.
pub fn budgets(cx: &mut Ctx, file: &raw::ContractFile, p: &Partial) -> Vec<Budget> {
    let (_, years) = p.deal.budget_years();
    let labels: Vec<String> = (0..years).map(|y| p.deal.year_label(y)).collect();
    let money = "an amount in the contract's currency";
    let mut out = Vec::new();
    for (name, b) in &file.budgets {
        let payer = p.party_with_role(cx, name, &[Role::Payer], "budgets");
        let every = cx.opt_number(&b.per_year, "per_year", Bound::NonNegative, money);
        let mut per_year = vec![every; years];
        for (label, amount) in &b.years {
            let amount = cx.number(amount, "a budget year", Bound::NonNegative, money);
            if let Some(y) = cx.resolve_in(label, &labels, "budget year", "the deal") {
                per_year[y] = amount;
            }
        }
        if b.per_year.is_none() && b.years.is_empty() {
            cx.error(
                b.span(),
                format!("the budget of payer `{}` gives no amount", name.get()),
                format!(
                    "add `per_year = <amount>` and/or `years = {{ {} = <amount> }}`",
                    labels[0]
                ),
            );
        }
        if let Some(payer) = payer {
            out.push(Budget { payer, per_year });
        }
    }
    out
}

pub fn financing(cx: &mut Ctx, file: &raw::ContractFile, p: &Partial) -> Financing {
    let default_provider = p.only(Role::Provider);
    let default_intermediary = p.only(Role::Intermediary);
    let Some(f) = &file.financing else {
        return Financing {
            drawdown: Drawdown::Upfront,
            recycle: false,
            excess: Excess::Payer,
            excess_provider_share: 0.0,
            provider: default_provider,
            fee_to: default_intermediary,
            arrangement_fee: 0.0,
            management_fee_per_period: 0.0,
            mirr_finance_rate: 0.0,
            mirr_reinvestment_rate: 0.0,
        };
    };
    let span = f.span();
    let excess = f.excess.as_ref().map_or(Excess::Payer, |e| *e.get());
    let excess_provider_share = match (&f.excess_provider_share, excess) {
        (Some(s), Excess::Shared) => cx
            .number(
                s,
                "excess_provider_share",
                Bound::Unit,
                "the provider's share of money above the caps, as a fraction from 0 to 1: 50% is 0.5",
            )
            .unwrap_or(0.0),
        (Some(s), _) => {
            cx.not_applicable(
                s.span(),
                "excess_provider_share",
                "this contract",
                "`excess = \"shared\"`",
            );
            0.0
        }
        (None, Excess::Shared) => {
            cx.error(
                f.excess.as_ref().map_or(span.clone(), Sp::span),
                "`excess = \"shared\"` needs `excess_provider_share`",
                "add e.g. excess_provider_share = 0.5",
            );
            0.0
        }
        (None, Excess::Provider) => 1.0,
        (None, Excess::Payer) => 0.0,
    };
    let provider = match &f.provider {
        Some(name) => p.party_with_role(cx, name, &[Role::Provider], "provider"),
        None => default_provider,
    };
    let fee_to = match &f.fee_to {
        Some(name) => p.party_with_role(cx, name, &[Role::Intermediary], "fee_to"),
        None => default_intermediary,
    };
    let money = "an amount in the contract's currency";
    let arrangement_fee = cx
        .opt_number(
            &f.arrangement_fee,
            "arrangement_fee",
            Bound::NonNegative,
            money,
        )
        .unwrap_or(0.0);
    let management_fee_per_period = cx
        .opt_number(
            &f.management_fee_per_period,
            "management_fee_per_period",
            Bound::NonNegative,
            money,
        )
        .unwrap_or(0.0);
    let rate = |cx: &mut Ctx, r: &Option<Sp<f64>>, name: &str| {
        r.as_ref()
            .and_then(|r| {
                cx.number(r, name, ANNUAL_RATE, ANNUAL_RATE_HELP)
                    .filter(|&x| super::contract::discounting_bounded(cx, r, x, p.deal, name))
            })
            .unwrap_or(0.0)
    };
    let mirr_finance_rate = rate(cx, &f.mirr_finance_rate, "mirr_finance_rate");
    let mirr_reinvestment_rate = rate(cx, &f.mirr_reinvestment_rate, "mirr_reinvestment_rate");
    if (arrangement_fee > 0.0 || management_fee_per_period > 0.0)
        && fee_to.is_none()
        && f.fee_to.is_none()
    {
        cx.error(
            span.clone(),
            "the contract charges fees but does not say who receives them",
            "add `fee_to = \"<intermediary id>\"`, or a single party with role \"intermediary\"",
        );
    }
    if excess != Excess::Payer && provider.is_none() && f.provider.is_none() {
        cx.error(
            span,
            "money above the caps goes to the provider, but the contract has several providers",
            "add `provider = \"<provider id>\"`",
        );
    }
    Financing {
        drawdown: f.drawdown.as_ref().map_or(Drawdown::Upfront, |d| *d.get()),
        recycle: f.recycle.as_ref().is_some_and(|r| *r.get()),
        excess,
        excess_provider_share,
        provider,
        fee_to,
        arrangement_fee,
        management_fee_per_period,
        mirr_finance_rate,
        mirr_reinvestment_rate,
    }
}

pub fn guarantees(cx: &mut Ctx, file: &raw::ContractFile, p: &Partial) -> Vec<Guarantee> {
    let mut out = Vec::new();
    for (id, g) in &file.guarantees {
        cx.check_id(id, "guarantee");
        let t = format!("[guarantees.{}]", id.get());
        let span = g.span();
        let kind = cx
            .required(&g.kind, &t, &span, "type", "\"first_loss\"")
            .map(|k| *k.get());
        let guarantor = cx
            .required(&g.guarantor, &t, &span, "guarantor", "\"<party id>\"")
            .and_then(|n| p.party_with_role(cx, n, &[Role::Guarantor], "guarantor"));
        let tranche = cx
            .required(&g.tranche, &t, &span, "tranche", "\"<tranche id>\"")
            .and_then(|n| cx.resolve(n, &p.ids.tranches, "tranche"));
        let money = "an amount in the contract's currency";
        let (limit, share) = match kind {
            Some(GuaranteeKind::FirstLoss) => {
                if let Some(s) = &g.share {
                    cx.not_applicable(
                        s.span(),
                        "share",
                        "a first-loss guarantee",
                        "`capital_protection` guarantees",
                    );
                }
                (
                    Some(cx.required_number(
                        &g.limit,
                        (&t, &span),
                        "limit",
                        "6000000",
                        Bound::Positive,
                        money,
                    )),
                    1.0,
                )
            }
            Some(GuaranteeKind::CapitalProtection) => {
                let share = cx.required_number(
                    &g.share,
                    (&t, &span),
                    "share",
                    "0.75",
                    Bound::Share,
                    "the share of principal protected, as a fraction: 75% is 0.75",
                );
                (
                    cx.opt_number(&g.limit, "limit", Bound::Positive, money),
                    share,
                )
            }
            None => (None, 1.0),
        };
        if let (Some(l), Some(t)) = (limit, tranche) {
            let covered = p_tranche_amount(file, t);
            if l.is_finite() && l > covered + 1e-9 {
                let s = g.limit.as_ref().map_or(span.clone(), Sp::span);
                cx.warn(
                    s,
                    format!("the guarantee's limit ({}) is more than tranche `{}` ({})", crate::format::money(l), p.ids.tranches[t], crate::format::money(covered)),
                    "a guarantee never pays more than the tranche's shortfall; lower the limit to the amount actually covered",
                );
            }
        }
        if let (Some(kind), Some(guarantor), Some(tranche)) = (kind, guarantor, tranche) {
            out.push(Guarantee {
                id: id.get().clone(),
                kind,
                guarantor,
                tranche,
                limit,
                share,
            });
        }
    }
    out
}

pub fn termination(cx: &mut Ctx, file: &raw::ContractFile, p: &Partial) -> Option<Termination> {
    let t = file.termination.as_ref()?;
    let span = t.span();
    let from = t.from.as_ref().map_or(1, |v| *v.get());
    if let Some(v) = &t.from {
        if from >= p.deal.horizon {
            cx.error(
                v.span(),
                format!(
                    "termination from period {from} is after the deal ends (horizon {})",
                    p.deal.horizon
                ),
                "choose a period within the deal",
            );
        }
    }
    let compensation = t
        .compensation
        .as_ref()
        .map_or(Compensation::None, |c| *c.get());
    let amount = match (&t.amount, compensation) {
        (Some(a), Compensation::Fixed) => cx
            .number(
                a,
                "amount",
                Bound::NonNegative,
                "the sum paid on termination",
            )
            .unwrap_or(0.0),
        (Some(a), _) => {
            cx.not_applicable(
                a.span(),
                "amount",
                "this compensation",
                "`compensation = \"fixed\"`",
            );
            0.0
        }
        (None, Compensation::Fixed) => {
            cx.error(
                t.compensation.as_ref().map_or(span.clone(), Sp::span),
                "fixed compensation needs an `amount`",
                "add `amount = <sum paid on termination>`",
            );
            0.0
        }
        (None, _) => 0.0,
    };
    let share = match (&t.share, compensation) {
        (Some(s), Compensation::OutstandingPrincipal) => cx
            .number(
                s,
                "share",
                Bound::Share,
                "the share of unrecovered principal paid, as a fraction: 100% is 1",
            )
            .unwrap_or(1.0),
        (Some(s), _) => {
            cx.not_applicable(
                s.span(),
                "share",
                "this compensation",
                "`compensation = \"outstanding_principal\"`",
            );
            1.0
        }
        (None, _) => 1.0,
    };
    let payer = match &t.payer {
        Some(n) => p.party_with_role(cx, n, &[Role::Payer], "payer"),
        None => {
            let only = p.only(Role::Payer);
            if only.is_none() && compensation != Compensation::None {
                cx.error(
                    span.clone(),
                    "the contract has several payers; say which one compensates on termination",
                    "add `payer = \"<payer id>\"` to [termination]",
                );
            }
            only
        }
    };
    let on_result = t.on_result.as_ref().and_then(|o| on_result(cx, o, p));
    Some(Termination {
        from,
        pay_enrolled: t.pay_enrolled.as_ref().is_none_or(|v| *v.get()),
        compensation,
        amount,
        share,
        payer: payer.unwrap_or(0),
        on_result,
    })
}

/// `[termination] on_result`: a metric with a counterfactual, an evaluation within the
/// deal, cohorts whose results are due by then, and the level below which the contract ends.
fn on_result(cx: &mut Ctx, o: &Sp<raw::OnResult>, p: &Partial) -> Option<OnResult> {
    let t = "[termination] on_result";
    let span = o.span();
    let metric = cx
        .required(&o.metric, t, &span, "metric", "\"<metric id>\"")
        .and_then(|m| cx.resolve(m, &p.ids.metrics, "metric"));
    let at = cx.required(&o.at, t, &span, "at", "8").map(|v| {
        let at = *v.get();
        if at >= p.deal.horizon {
            cx.error(
                v.span(),
                format!(
                    "the evaluation at period {at} is after the deal ends (horizon {})",
                    p.deal.horizon
                ),
                "give the period of the interim evaluation, within the deal",
            );
        }
        (at, v.span())
    });
    let below = cx.required_number(
        &o.below,
        (t, &span),
        "below",
        "0.085",
        Bound::Any,
        "the measured effect below which the contract ends: an 8.5% reduction is 0.085",
    );
    let must = o.must.as_ref().is_none_or(|v| *v.get());
    let m = metric?;
    let (at, at_span) = at?;
    let metric = &p.metrics[m];
    if !metric.design.has_counterfactual() {
        let s = o.metric.as_ref().map_or(span.clone(), Sp::span);
        cx.error(
            s,
            format!(
                "termination on results reads a measured effect, but metric `{}` has no counterfactual (`measurement = \"none\"`)",
                metric.id
            ),
            "measure the metric against a `historical` baseline, a `comparison` group or an `rct`",
        );
    } else if metric.stage.is_some() {
        let s = o.metric.as_ref().map_or(span.clone(), Sp::span);
        cx.error(
            s,
            format!(
                "termination on results cannot read `{}` yet: it is a pathway stage, whose people are counted after the evaluation is drawn",
                metric.id
            ),
            "evaluate a metric measured once per cohort (without `after`)",
        );
    }
    let scale = o
        .effect
        .as_ref()
        .map_or_else(|| metric.default_effect_scale(), |s| *s.get());
    let due = |k: usize| metric.result_period(&p.cohorts[k]);
    let cohorts = match &o.cohorts {
        Some(list) => {
            let ks = cx.resolve_list(list, &p.ids.cohorts, "cohort", list.span(), "cohorts");
            for (name, &k) in list.iter().zip(&ks) {
                if !metric.cohorts.contains(&k) {
                    cx.error(
                        name.span(),
                        format!(
                            "metric `{}` is not measured on cohort `{}`",
                            metric.id,
                            name.get()
                        ),
                        "list cohorts the metric is measured on",
                    );
                } else if due(k) > at {
                    cx.error(
                        name.span(),
                        format!(
                            "cohort `{}`'s result on `{}` is due in period {}, after the evaluation at period {at}",
                            name.get(),
                            metric.id,
                            due(k)
                        ),
                        format!("move `at` to {} or later, or leave the cohort out", due(k)),
                    );
                }
            }
            ks
        }
        None => {
            let ks: Vec<usize> = metric
                .cohorts
                .iter()
                .copied()
                .filter(|&k| due(k) <= at)
                .collect();
            if ks.is_empty() {
                let first = metric.cohorts.iter().map(|&k| due(k)).min().unwrap_or(0);
                cx.error(
                    at_span,
                    format!(
                        "no cohort's result on `{}` is due by the evaluation at period {at}: the first is due in period {first}",
                        metric.id
                    ),
                    format!("set `at` to {first} or later"),
                );
            }
            ks
        }
    };
    Some(OnResult {
        metric: m,
        cohorts,
        at,
        below,
        scale,
        must,
    })
}

/// The amount committed by a tranche (0 if it was invalid).
fn p_tranche_amount(file: &raw::ContractFile, t: usize) -> f64 {
    file.tranches
        .get_index(t)
        .and_then(|(_, tr)| tr.amount.as_ref())
        .map_or(0.0, |a| *a.get())
}
