//! Raw contract → validated [`Contract`]: the deal, parties, cohorts, costs and metrics.
//! Rules are in `rules.rs`, financing in `financing.rs`.

use std::sync::Arc;

use crate::diagnostics::{Diagnostics, Source};
use crate::model::contract::*;
use crate::raw::Sp;
use crate::raw::contract as raw;

use super::ctx::{ANNUAL_RATE, ANNUAL_RATE_HELP, Bound, Ctx};
use super::{financing, rules};

/// Most periods a deal may span (100 years of months).
pub const MAX_HORIZON: u32 = 1_200;
/// Most times a pathway stage may repeat (`repeat`).
pub const MAX_REPEAT: u32 = 12;
/// Most participants in one cohort.
pub const MAX_COHORT: u32 = 10_000_000;

/// Validates a parsed contract file.
pub fn validate(
    file: &raw::ContractFile,
    src: &Arc<Source>,
) -> Result<(Contract, Diagnostics), Diagnostics> {
    let mut cx = Ctx::new(src);
    let whole_file = 0..src.text.len().min(1);

    let Some(deal_raw) = &file.deal else {
        let d = cx
            .at(whole_file, "the contract has no [deal] table")
            .label("expected a [deal] table")
            .help("start the file with:\n[deal]\nname = \"My deal\"\ncurrency = \"GBP\"\nperiod = \"quarter\"\nhorizon = 20");
        cx.push(d);
        return Err(cx.diags);
    };
    let deal = deal(&mut cx, deal_raw);
    let parties = parties(&mut cx, file, &deal);
    let cohorts = cohorts(&mut cx, file, &deal);
    let costs = costs(&mut cx, file, &cohorts, &deal);
    let metrics = metrics(&mut cx, file, &deal, &parties, &cohorts);
    let tranches = financing::tranches(&mut cx, file, &parties);
    let ids = Ids {
        parties: parties.iter().map(|p| p.id.clone()).collect(),
        cohorts: cohorts.iter().map(|c| c.id.clone()).collect(),
        metrics: metrics.iter().map(|m| m.id.clone()).collect(),
        tranches: tranches.iter().map(|t| t.id.clone()).collect(),
    };
    let partial = Partial {
        deal: &deal,
        parties: &parties,
        cohorts: &cohorts,
        metrics: &metrics,
        ids: &ids,
        equity_uncapped: tranches
            .iter()
            .map(|t| {
                t.kind == TrancheKind::Equity && t.max_irr.is_none() && t.max_multiple.is_none()
            })
            .collect(),
    };
    let rules = rules::rules(&mut cx, file, &partial);
    let caps = financing::caps(&mut cx, file, &partial);
    let financing = financing::financing(&mut cx, file, &partial);
    let guarantees = financing::guarantees(&mut cx, file, &partial);
    let termination = financing::termination(&mut cx, file, &partial);
    let budgets = financing::budgets(&mut cx, file, &partial);

    if file.rules.is_empty() && !cx.diags.has_errors() {
        cx.error(
            0..src.text.len().min(1),
            "the contract has no payment rules",
            "add a [rules.<id>] table, e.g. type = \"rate_card\", metric = \"...\", price = 1000",
        );
    }

    let contract = Contract {
        deal,
        parties,
        cohorts,
        costs,
        metrics,
        rules,
        caps,
        financing,
        tranches,
        guarantees,
        termination,
        budgets,
        pathways: Vec::new(),
    };
    let mut contract = contract;
    if contract.metrics.iter().any(|m| m.stage.is_some()) && !cx.diags.has_errors() {
        let targets: Vec<u32> = contract.cohorts.iter().map(|k| k.target).collect();
        match crate::model::pathway::compile(&contract.metrics, &targets, &contract.rules) {
            Ok(p) => contract.pathways = p,
            Err(crate::model::pathway::PathwayError::TooManyPaths { cohort }) => cx.error(
                whole_file,
                format!(
                    "cohort `{}`'s pathway has more than {} paths through its stages",
                    contract.cohorts[cohort].id,
                    crate::model::pathway::MAX_NODES
                ),
                "use `after_any` for fewer stages, a smaller `repeat`, or split the pathway into separate chains",
            ),
        }
    }
    cx.diags.finish(contract)
}

/// The ids defined so far, for resolving references.
pub struct Ids {
    pub parties: Vec<String>,
    pub cohorts: Vec<String>,
    pub metrics: Vec<String>,
    pub tranches: Vec<String>,
}

/// What has been validated before rules and financing.
pub struct Partial<'a> {
    pub deal: &'a Deal,
    pub parties: &'a [Party],
    pub cohorts: &'a [Cohort],
    pub metrics: &'a [Metric],
    pub ids: &'a Ids,
    /// Per tranche: equity with no return cap (its repayment is undefined).
    pub equity_uncapped: Vec<bool>,
}

impl Partial<'_> {
    /// Resolves a party reference and checks its role.
    pub fn party_with_role(
        &self,
        cx: &mut Ctx,
        name: &Sp<String>,
        roles: &[Role],
        field: &str,
    ) -> Option<usize> {
        let i = cx.resolve(name, &self.ids.parties, "party")?;
        let role = self.parties[i].role;
        if !roles.contains(&role) {
            let wanted: Vec<String> = roles.iter().map(|r| format!("`{}`", r.word())).collect();
            cx.error(
                name.span(),
                format!(
                    "`{}` is {} {}, but `{field}` needs a party with role {}",
                    name.get(),
                    Ctx::article(role.word()),
                    role.word(),
                    wanted.join(" or ")
                ),
                format!(
                    "name a party whose role is {}, or change the role of `{}`",
                    wanted.join(" or "),
                    name.get()
                ),
            );
            return None;
        }
        Some(i)
    }

    /// The only party with this role, if there is exactly one.
    pub fn only(&self, role: Role) -> Option<usize> {
        let mut found = self
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| p.role == role);
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }
}

fn deal(cx: &mut Ctx, d: &Sp<raw::Deal>) -> Deal {
    let span = d.span();
    let t = "[deal]";
    let name = cx
        .required(&d.name, t, &span, "name", "\"My deal\"")
        .map(|s| cx.text(s, "name"));
    let currency = cx
        .required(&d.currency, t, &span, "currency", "\"GBP\"")
        .map(|c| {
            if !(c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase())) {
                cx.error(
                    c.span(),
                    format!("`{}` is not an ISO 4217 currency code", c.get()),
                    "use three capital letters, e.g. \"GBP\", \"EUR\", \"USD\", \"INR\"",
                );
            }
            c.get().clone()
        });
    let period = cx
        .required(&d.period, t, &span, "period", "\"quarter\"")
        .map(|p| *p.get());
    let horizon = match cx.required(&d.horizon, t, &span, "horizon", "20") {
        Some(h) if *h.get() == 0 => {
            cx.error(
                h.span(),
                "`horizon` must be at least 1 period",
                "the horizon is the deal's length in periods",
            );
            1
        }
        Some(h) => cx.count_at_most(
            h,
            "horizon",
            MAX_HORIZON,
            "a deal spans at most 1,200 periods",
        ),
        // Already an error: assume the longest horizon so no timing check piles on.
        None => MAX_HORIZON,
    };
    let start = d
        .start
        .as_ref()
        .and_then(|s| match (s.get().date, s.get().time) {
            (Some(date), None) => Some((date.year, date.month, date.day)),
            _ => {
                cx.error(
                    s.span(),
                    "`start` must be a date without a time",
                    "write it as a TOML date, e.g. start = 2010-09-01",
                );
                None
            }
        });
    let fiscal_year_start = match &d.fiscal_year_start {
        Some(m) if !(1..=12).contains(m.get()) => {
            cx.error(
                m.span(),
                format!(
                    "`fiscal_year_start` is a month from 1 to 12, found {}",
                    m.get()
                ),
                "April is 4, January is 1",
            );
            1
        }
        Some(m) => *m.get(),
        None => 1,
    };
    Deal {
        name: name.unwrap_or_default(),
        currency: currency.unwrap_or_default(),
        period: period.unwrap_or(Period::Quarter),
        horizon,
        start,
        fiscal_year_start,
        indexation: d.indexation.as_ref().map_or(Indexation::None, |x| *x.get()),
        description: d.description.as_ref().map(|s| s.get().clone()),
        sources: d.sources.iter().map(|s| s.get().clone()).collect(),
    }
}

/// The largest factor a rate may discount by over the deal: a negative rate makes money at
/// the end worth more today, and over a long deal beyond any finite amount.
pub const MAX_DISCOUNT_FACTOR: f64 = 1e15;

/// Whether a negative annual rate keeps the discount factor over the whole deal within
/// [`MAX_DISCOUNT_FACTOR`]; if not, records an error at the rate.
pub fn discounting_bounded(cx: &mut Ctx, r: &Sp<f64>, rate: f64, deal: &Deal, field: &str) -> bool {
    let years = f64::from(deal.horizon) / f64::from(deal.period.per_year());
    let log_factor = -years * (1.0 + rate).ln();
    if rate >= 0.0 || log_factor <= MAX_DISCOUNT_FACTOR.ln() {
        return true;
    }
    let d = cx
        .at(
            r.span(),
            format!(
                "`{field}` of {} a year over the deal's {} years makes money at its end worth 10^{:.0} times as much today, beyond what sibyl computes",
                crate::format::pct(rate),
                crate::format::num((years * 10.0).round() / 10.0),
                log_factor / std::f64::consts::LN_10
            ),
        )
        .label("too negative for this horizon")
        .help(format!(
            "over {} years a rate is at least {} a year (a factor of at most 10^15)",
            crate::format::num((years * 10.0).round() / 10.0),
            crate::format::pct((-MAX_DISCOUNT_FACTOR.ln() / years).exp() - 1.0)
        ));
    cx.push(d);
    false
}

fn parties(cx: &mut Ctx, file: &raw::ContractFile, deal: &Deal) -> Vec<Party> {
    let mut out = Vec::new();
    for (id, p) in &file.parties {
        cx.check_id(id, "party");
        let t = format!("[parties.{}]", id.get());
        let role = cx
            .required(&p.role, &t, &p.span(), "role", "\"payer\"")
            .map(|r| *r.get());
        let discount_rate = match &p.discount_rate {
            Some(r) => {
                if role.is_some() && role != Some(Role::Payer) {
                    cx.not_applicable(
                        r.span(),
                        "discount_rate",
                        "this party",
                        "payers (role = \"payer\")",
                    );
                }
                cx.number(r, "discount_rate", ANNUAL_RATE, ANNUAL_RATE_HELP)
                    .filter(|&x| discounting_bounded(cx, r, x, deal, "discount_rate"))
                    .unwrap_or(DEFAULT_DISCOUNT_RATE)
            }
            None => DEFAULT_DISCOUNT_RATE,
        };
        out.push(Party {
            id: id.get().clone(),
            name: p
                .name
                .as_ref()
                .map_or_else(|| id.get().clone(), |n| n.get().clone()),
            role: role.unwrap_or(Role::Evaluator),
            discount_rate,
        });
    }
    let whole = 0..cx.src.text.len().min(1);
    if file.parties.is_empty() {
        cx.error(
            whole,
            "the contract has no parties",
            "add at least a payer and a provider, e.g.\n[parties.city]\nrole = \"payer\"\n[parties.charity]\nrole = \"provider\"",
        );
    } else if out.iter().all(|p| p.role != Role::Payer) && !cx.diags.has_errors() {
        cx.error(
            whole.clone(),
            "the contract has no outcome payer",
            "give one party `role = \"payer\"`",
        );
    } else if out.iter().all(|p| p.role != Role::Provider) && !cx.diags.has_errors() {
        cx.error(
            whole,
            "the contract has no provider",
            "give the party that delivers the service `role = \"provider\"`",
        );
    }
    out
}

fn cohorts(cx: &mut Ctx, file: &raw::ContractFile, deal: &Deal) -> Vec<Cohort> {
    let mut out = Vec::new();
    for (id, c) in &file.cohorts {
        cx.check_id(id, "cohort");
        let t = format!("[cohorts.{}]", id.get());
        let span = c.span();
        let target = match cx.required(&c.target, &t, &span, "target", "1000") {
            Some(v) if *v.get() == 0 => {
                cx.error(
                    v.span(),
                    "`target` must be at least 1 participant",
                    "the target is the number of participants the cohort aims to enrol",
                );
                1
            }
            Some(v) => cx.count_at_most(
                v,
                "target",
                MAX_COHORT,
                "sibyl handles cohorts of up to 10 million",
            ),
            None => 1,
        };
        let enrol_from = cx
            .required(&c.enrol_from, &t, &span, "enrol_from", "0")
            .map_or(0, |v| {
                cx.count_at_most(
                    v,
                    "enrol_from",
                    MAX_HORIZON,
                    "periods are counted within the deal",
                )
            });
        let enrol_to = cx.periods(&c.enrol_to, "enrol_to", enrol_from);
        if enrol_to < enrol_from {
            if let Some(v) = &c.enrol_to {
                cx.error(
                    v.span(),
                    format!("`enrol_to` ({enrol_to}) is before `enrol_from` ({enrol_from})"),
                    "enrolment runs from `enrol_from` to `enrol_to`, both included",
                );
            }
        } else if enrol_to >= deal.horizon {
            let s = c
                .enrol_to
                .as_ref()
                .or(c.enrol_from.as_ref())
                .map_or(span.clone(), |v| v.span());
            cx.error(s, format!("enrolment ends in period {enrol_to}, after the deal's horizon ({} periods: 0 to {})", deal.horizon, deal.horizon - 1), "lengthen `horizon` in [deal] or enrol earlier");
        }
        let capacity = c.capacity.as_ref().map(|v| {
            if *v.get() == 0 {
                cx.error(v.span(), "`capacity` must be at least 1 participant a period", "capacity is the most participants enrolled in one period; remove it for no limit");
            }
            *v.get()
        });
        if let Some(cap) = capacity {
            let periods = enrol_to.saturating_sub(enrol_from) + 1;
            if cap > 0 && u64::from(cap) * u64::from(periods) < u64::from(target) {
                let s = c.capacity.as_ref().map_or(span.clone(), |v| v.span());
                let d = crate::diagnostics::Diagnostic::warning(format!(
                    "cohort `{}` cannot reach its target of {target}: {cap} a period over {periods} period(s) enrols at most {}",
                    id.get(),
                    u64::from(cap) * u64::from(periods)
                ))
                .at(&cx.src, s)
                .help("raise `capacity` or widen the enrolment window if the target is meant to be reachable");
                cx.push(d);
            }
        }
        let money = "a cost in the contract's currency";
        let cost_per_participant = cx
            .opt_number(
                &c.cost_per_participant,
                "cost_per_participant",
                Bound::NonNegative,
                money,
            )
            .unwrap_or(0.0);
        let cost_per_participant_period = cx
            .opt_number(
                &c.cost_per_participant_period,
                "cost_per_participant_period",
                Bound::NonNegative,
                money,
            )
            .unwrap_or(0.0);
        let service_periods = match &c.service_periods {
            Some(v) if *v.get() == 0 => {
                cx.error(
                    v.span(),
                    "`service_periods` must be at least 1",
                    "each participant is in service for at least the period they enrol",
                );
                1
            }
            Some(v) => cx.count_at_most(
                v,
                "service_periods",
                MAX_HORIZON,
                "at most the deal's length",
            ),
            None => 1,
        };
        out.push(Cohort {
            id: id.get().clone(),
            target,
            enrol_from,
            enrol_to: enrol_to.max(enrol_from),
            capacity,
            cost_per_participant,
            cost_per_participant_period,
            service_periods,
        });
    }
    if file.cohorts.len() > 64 {
        let (id, _) = file.cohorts.get_index(64).expect("more than 64 cohorts");
        cx.error(
            id.span(),
            format!(
                "the contract has {} cohorts; sibyl handles at most 64",
                file.cohorts.len()
            ),
            "merge cohorts that are enrolled and measured together",
        );
    }
    if file.cohorts.is_empty() {
        cx.error(
            0..cx.src.text.len().min(1),
            "the contract has no cohorts",
            "add at least one, e.g.\n[cohorts.main]\ntarget = 500\nenrol_from = 0\nenrol_to = 3",
        );
    }
    out
}

fn costs(cx: &mut Ctx, file: &raw::ContractFile, cohorts: &[Cohort], deal: &Deal) -> Costs {
    let last_service = cohorts
        .iter()
        .map(|c| c.enrol_to.saturating_add(c.service_periods - 1))
        .max()
        .unwrap_or(0);
    let Some(c) = &file.costs else {
        return Costs {
            fixed_to: last_service.min(deal.horizon.saturating_sub(1)),
            ..Costs::default()
        };
    };
    let money = "a cost in the contract's currency";
    let setup = cx
        .opt_number(&c.setup, "setup", Bound::NonNegative, money)
        .unwrap_or(0.0);
    let fixed_per_period = cx
        .opt_number(
            &c.fixed_per_period,
            "fixed_per_period",
            Bound::NonNegative,
            money,
        )
        .unwrap_or(0.0);
    let fixed_from = cx.periods(&c.fixed_from, "fixed_from", 0);
    let fixed_to = cx.periods(
        &c.fixed_to,
        "fixed_to",
        last_service.min(deal.horizon.saturating_sub(1)),
    );
    if let Some(v) = c.fixed_to.as_ref().or(c.fixed_from.as_ref()) {
        if fixed_to < fixed_from {
            cx.error(
                v.span(),
                format!("fixed costs end in period {fixed_to}, before they start ({fixed_from})"),
                "`fixed_from` must not be after `fixed_to`",
            );
        } else if fixed_to >= deal.horizon {
            cx.error(
                v.span(),
                format!(
                    "fixed costs run to period {fixed_to}, after the deal's horizon ({})",
                    deal.horizon
                ),
                "costs fall in periods 0 to horizon-1",
            );
        }
    }
    Costs {
        setup,
        fixed_per_period,
        fixed_from,
        fixed_to,
    }
}

fn metrics(
    cx: &mut Ctx,
    file: &raw::ContractFile,
    deal: &Deal,
    parties: &[Party],
    cohorts: &[Cohort],
) -> Vec<Metric> {
    let cohort_ids: Vec<String> = cohorts.iter().map(|c| c.id.clone()).collect();
    let party_ids: Vec<String> = parties.iter().map(|p| p.id.clone()).collect();
    let mut out = Vec::new();
    for (id, m) in &file.metrics {
        cx.check_id(id, "metric");
        let t = format!("[metrics.{}]", id.get());
        let span = m.span();
        let kind = cx
            .required(&m.kind, &t, &span, "kind", "\"binary\"")
            .map_or(MetricKind::Binary, |k| *k.get());
        let direction = cx
            .required(&m.direction, &t, &span, "direction", "\"increase\"")
            .map_or(Direction::Increase, |d| *d.get());
        let is_stage = m.after.is_some() || m.after_any.is_some();
        // A stage measured against a counterfactual (a baseline, a comparison or control
        // group) has a measurement point: the share who reached it by then is its result.
        let measured_stage = is_stage
            && m.measurement
                .as_ref()
                .is_some_and(|d| *d.get() != raw::Design::None);
        let measured_at = if is_stage && !measured_stage {
            if let Some(v) = &m.measured_at {
                cx.error(
                    v.span(),
                    format!("`{}` is a pathway stage, claimed when each person reaches it, so it has no `measured_at`", id.get()),
                    "remove `measured_at`; `wait` sets the least periods after the stage before",
                );
            }
            Some(0)
        } else if measured_stage && m.measured_at.is_none() {
            let s = m.measurement.as_ref().map_or(span.clone(), Sp::span);
            cx.error(
                s,
                format!("stage `{}` is measured against a counterfactual, so it needs `measured_at`", id.get()),
                "add `measured_at = <periods after the cohort's last enrolment by which those who reached the stage are counted>`, e.g. measured_at = 4, or set `measurement = \"none\"` to pay only claims",
            );
            Some(0)
        } else {
            None
        };
        let measured_at = measured_at.unwrap_or_else(|| {
            cx.required(&m.measured_at, &t, &span, "measured_at", "4")
                .map_or(0, |v| {
                    cx.count_at_most(
                        v,
                        "measured_at",
                        MAX_HORIZON,
                        "periods are counted within the deal",
                    )
                })
        });
        let design_kind = cx
            .required(&m.measurement, &t, &span, "measurement", "\"rct\"")
            .map(|d| *d.get());
        let member_cohorts = match &m.cohorts {
            Some(list) => cx.resolve_list(list, &cohort_ids, "cohort", list.span(), "cohorts"),
            None => (0..cohorts.len()).collect(),
        };
        let design = design(cx, m, &t, kind, design_kind);
        let validation_lag = cx.periods(&m.validation_lag, "validation_lag", 0);
        let validator = m.validator.as_ref().and_then(|v| {
            let i = cx.resolve(v, &party_ids, "party")?;
            if parties[i].role != Role::Evaluator {
                cx.error(
                    v.span(),
                    format!(
                        "`{}` validates results but its role is not `evaluator`",
                        v.get()
                    ),
                    format!("set `role = \"evaluator\"` on [parties.{}]", v.get()),
                );
            }
            Some(i)
        });
        let metric = Metric {
            id: id.get().clone(),
            kind,
            direction,
            unit: m.unit.as_ref().map(|u| u.get().clone()),
            cohorts: member_cohorts,
            measured_at,
            design,
            validation_lag,
            validator,
            stage: None,
        };
        for &c in metric
            .cohorts
            .iter()
            .filter(|_| !is_stage || measured_stage)
        {
            let when = u64::from(metric.result_period(&cohorts[c]));
            if when >= u64::from(deal.horizon) {
                let s = m.measured_at.as_ref().map_or(span.clone(), |v| v.span());
                cx.error(
                    s,
                    format!(
                        "cohort `{}`'s result on `{}` is validated in period {when}, after the deal ends (horizon {})",
                        cohorts[c].id,
                        id.get(),
                        deal.horizon
                    ),
                    "lengthen `horizon` in [deal], or shorten `measured_at` or `validation_lag`",
                );
                break;
            }
        }
        out.push(metric);
    }
    stages(cx, file, &mut out);
    if file.metrics.is_empty() {
        cx.error(
            0..cx.src.text.len().min(1),
            "the contract has no outcome metrics",
            "add one, e.g.\n[metrics.employed]\nkind = \"binary\"\ndirection = \"increase\"\nmeasured_at = 2\nmeasurement = \"none\"",
        );
    }
    out
}

/// Resolves the pathway keys (`after`, `after_any`, `wait`) once every metric is known,
/// and checks what a stage must be: a binary metric to increase, after stages measured on
/// its cohorts and of one chain, with no cycle. A stage may be measured as achieved
/// (`measurement = "none"`, no `measured_at`) or against any design, with `measured_at`.
fn stages(cx: &mut Ctx, file: &raw::ContractFile, metrics: &mut [Metric]) {
    let ids: Vec<String> = metrics.iter().map(|m| m.id.clone()).collect();
    for (i, (id, m)) in file.metrics.iter().enumerate() {
        let span = m.span();
        let after: Option<Vec<usize>> = match (&m.after, &m.after_any) {
            (None, None) => {
                if let Some(w) = &m.wait {
                    cx.error(
                        w.span(),
                        format!(
                            "`wait` belongs to a pathway stage, and `{}` is not one",
                            id.get()
                        ),
                        "add `after = \"start\"` (or the stage it follows), or remove `wait`",
                    );
                }
                if let Some(r) = &m.repeat {
                    cx.error(
                        r.span(),
                        format!(
                            "`repeat` belongs to a pathway stage, and `{}` is not one",
                            id.get()
                        ),
                        "add `after = \"start\"` (or the stage it follows), or remove `repeat`",
                    );
                }
                continue;
            }
            (Some(a), Some(_)) => {
                cx.error(
                    a.span(),
                    format!("stage `{}` has both `after` and `after_any`", id.get()),
                    "keep one: `after` for one stage before, `after_any` for several",
                );
                None
            }
            (Some(a), None) if a.get() == "start" => Some(Vec::new()),
            (Some(a), None) => cx.resolve(a, &ids, "metric").map(|j| vec![j]),
            (None, Some(list)) => {
                Some(cx.resolve_list(list, &ids, "metric", list.span(), "after_any"))
            }
        };
        let wait = cx.periods(&m.wait, "wait", 0);
        let repeat = m.repeat.as_ref().map_or(1, |r| {
            if *r.get() == 0 {
                cx.error(
                    r.span(),
                    format!(
                        "stage `{}` has `repeat = 0`; a stage is reached at least once",
                        id.get()
                    ),
                    "set `repeat = 1` (the default: reached once) or more, or remove the stage",
                );
                return 1;
            }
            cx.count_at_most(
                r,
                "repeat",
                MAX_REPEAT,
                "a stage repeats at most 12 times; price a longer run as its own stage",
            )
        });
        let metric = &metrics[i];
        if repeat > 1 && metric.design.has_counterfactual() {
            if let Some(r) = &m.repeat {
                cx.error(
                    r.span(),
                    format!(
                        "stage `{}` repeats and is measured against a counterfactual; a measured stage counts the people who reached it once",
                        id.get()
                    ),
                    "measure a stage that is reached once (`repeat = 1`), or set `measurement = \"none\"` to pay each achievement's claim",
                );
            }
        }
        if metric.kind != MetricKind::Binary || metric.direction != Direction::Increase {
            let s = m.kind.as_ref().map_or(span.clone(), |k| k.span());
            cx.error(
                s,
                format!(
                    "stage `{}` must be a binary metric to increase: a person reaches it or not",
                    id.get()
                ),
                "set `kind = \"binary\"` and `direction = \"increase\"`",
            );
        }
        if metric.validator.is_some() {
            // Allowed: a validator checks each claim.
        }
        if let Some(after) = after {
            metrics[i].stage = Some(Stage {
                after,
                wait,
                repeat,
            });
        }
    }
    // Each stage follows stages measured on its cohorts, on one chain, with no cycle.
    let n = metrics.len();
    // Kahn's order: stages left over follow, through the stages before them, themselves.
    let mut left: Vec<usize> = metrics
        .iter()
        .map(|m| m.stage.as_ref().map_or(0, |s| s.after.len()))
        .collect();
    let mut ready: Vec<usize> = (0..n)
        .filter(|&i| {
            metrics[i]
                .stage
                .as_ref()
                .is_some_and(|s| s.after.is_empty())
        })
        .collect();
    let mut ordered = vec![metrics.iter().all(|m| m.stage.is_none()); n];
    while let Some(j) = ready.pop() {
        ordered[j] = true;
        for i in 0..n {
            if let Some(s) = &metrics[i].stage {
                for _ in s.after.iter().filter(|&&a| a == j) {
                    left[i] -= 1;
                    if left[i] == 0 {
                        ready.push(i);
                    }
                }
            }
        }
    }
    for (i, (id, m)) in file.metrics.iter().enumerate() {
        if metrics[i].stage.is_some() && !ordered[i] {
            let at = m
                .after
                .as_ref()
                .map(|a| a.span())
                .or_else(|| m.after_any.as_ref().map(|a| a.span()))
                .unwrap_or_else(|| m.span());
            cx.error(
                at,
                format!(
                    "stage `{}` comes, through the stages before it, after itself",
                    id.get()
                ),
                "make the stages a sequence from `after = \"start\"`",
            );
            return;
        }
    }
    for (i, (id, m)) in file.metrics.iter().enumerate() {
        let Some(stage) = metrics[i].stage.clone() else {
            continue;
        };
        let at = m
            .after
            .as_ref()
            .map(|a| a.span())
            .or_else(|| m.after_any.as_ref().map(|a| a.span()))
            .unwrap_or_else(|| m.span());
        for &j in &stage.after {
            if metrics[j].stage.is_none() {
                cx.error(
                    at.clone(),
                    format!(
                        "stage `{}` follows `{}`, which is not a pathway stage",
                        id.get(),
                        metrics[j].id
                    ),
                    format!(
                        "add `after = \"start\"` (or the stage it follows) to [metrics.{}]",
                        metrics[j].id
                    ),
                );
                return;
            }
            if let Some(&k) = metrics[i]
                .cohorts
                .iter()
                .find(|k| !metrics[j].cohorts.contains(k))
            {
                cx.error(
                    at.clone(),
                    format!(
                        "stage `{}` is measured on cohort {k}, but the stage before it, `{}`, is not",
                        id.get(),
                        metrics[j].id
                    ),
                    "measure both stages on the same cohorts (`cohorts = [...]`)",
                );
            }
        }
        // The chain's first stage, walking back (no cycle is left).
        let root = |mut j: usize| {
            while let Some(&p) = metrics[j].stage.as_ref().and_then(|s| s.after.first()) {
                j = p;
            }
            j
        };
        let first = root(i);
        if stage.after.iter().any(|&j| root(j) != first) {
            cx.error(
                at,
                format!(
                    "the stages `{}` can follow are on different chains",
                    id.get()
                ),
                "list in `after_any` only stages that follow the same first stage",
            );
        }
    }
}

fn design(
    cx: &mut Ctx,
    m: &raw::Metric,
    t: &str,
    kind: MetricKind,
    design: Option<raw::Design>,
) -> Design {
    use raw::Design as D;
    let span = &m.measurement.as_ref().map_or(0..0, |s| s.span());
    let here = |d: raw::Design| format!("`measurement = \"{}\"`", design_word(d));
    // Fields that belong to other designs.
    let d = design.unwrap_or(D::None);
    if let Some(v) = &m.baseline {
        if d != D::Historical {
            cx.not_applicable(
                v.span(),
                "baseline",
                &here(d),
                "`measurement = \"historical\"` (the scenario gives the true baseline)",
            );
        }
    }
    if let Some(v) = &m.trend_adjusted {
        if d != D::Historical {
            cx.not_applicable(
                v.span(),
                "trend_adjusted",
                &here(d),
                "`measurement = \"historical\"` (a baseline the system's trend moves)",
            );
        }
    }
    if let Some(v) = &m.comparison_size {
        if d != D::Comparison {
            cx.not_applicable(
                v.span(),
                "comparison_size",
                &here(d),
                "`measurement = \"comparison\"`",
            );
        }
    }
    if let Some(v) = &m.control_size {
        if d != D::Rct {
            cx.not_applicable(
                v.span(),
                "control_size",
                &here(d),
                "`measurement = \"rct\"`",
            );
        }
    }
    if let Some(v) = &m.pay_on {
        if d != D::Rct {
            cx.not_applicable(v.span(), "pay_on", &here(d), "`measurement = \"rct\"`");
        }
    }
    if let Some(v) = &m.design_effect {
        if !matches!(d, D::Comparison | D::Rct) {
            cx.not_applicable(
                v.span(),
                "design_effect",
                &here(d),
                "comparison and rct designs",
            );
        }
    }
    let design_effect = cx
        .opt_number(
            &m.design_effect,
            "design_effect",
            Bound::AtLeast(1.0),
            "the variance inflation from clustering; 1 means none",
        )
        .unwrap_or(1.0);
    match design {
        None | Some(D::None) => Design::None,
        Some(D::Historical) => {
            let v = cx.required(&m.baseline, t, span, "baseline", "0.4");
            let baseline = v
                .and_then(|v| cx.number(v, "baseline", baseline_bound(kind), baseline_help(kind)))
                .unwrap_or(0.0);
            Design::Historical {
                baseline,
                trend_adjusted: m.trend_adjusted.as_ref().is_some_and(|v| *v.get()),
            }
        }
        Some(D::Comparison) => {
            let size = group_size(cx, &m.comparison_size, t, span, "comparison_size");
            Design::Comparison {
                size,
                design_effect,
            }
        }
        Some(D::Rct) => {
            let size = group_size(cx, &m.control_size, t, span, "control_size");
            let significant = m
                .pay_on
                .as_ref()
                .is_some_and(|p| *p.get() == raw::PayOn::Significant);
            if let Some(a) = &m.alpha {
                if !significant {
                    cx.not_applicable(
                        a.span(),
                        "alpha",
                        "an RCT that pays on the point estimate",
                        "`pay_on = \"significant\"`",
                    );
                }
            }
            let pay_on = if significant {
                let alpha = cx
                    .opt_number(
                        &m.alpha,
                        "alpha",
                        Bound::OpenUnit,
                        "a one-sided significance level, e.g. 0.05",
                    )
                    .unwrap_or(DEFAULT_ALPHA);
                PayOn::Significant { alpha }
            } else {
                PayOn::PointEstimate
            };
            Design::Rct {
                size,
                design_effect,
                pay_on,
            }
        }
    }
}

fn group_size(
    cx: &mut Ctx,
    v: &Option<Sp<u32>>,
    t: &str,
    span: &std::ops::Range<usize>,
    field: &str,
) -> u32 {
    match cx.required(v, t, span, field, "1000") {
        Some(s) if *s.get() == 0 => {
            cx.error(
                s.span(),
                format!("`{field}` must be at least 1"),
                "the group the treated participants are compared with needs members",
            );
            1
        }
        Some(s) => cx.count_at_most(s, field, 100 * MAX_COHORT, "at most a billion"),
        None => 1,
    }
}

fn baseline_bound(kind: MetricKind) -> Bound {
    match kind {
        MetricKind::Binary => Bound::Unit,
        MetricKind::Count | MetricKind::Cohort => Bound::NonNegative,
        MetricKind::Continuous => Bound::Any,
    }
}

fn baseline_help(kind: MetricKind) -> &'static str {
    match kind {
        MetricKind::Binary => "a binary metric's baseline is a rate: 40% is 0.4",
        MetricKind::Count => "a count metric's baseline is events per participant",
        MetricKind::Cohort => {
            "a cohort-level baseline is the cohort's figure without the programme"
        }
        MetricKind::Continuous => "the mean score without the programme",
    }
}

pub fn design_word(d: raw::Design) -> &'static str {
    match d {
        raw::Design::None => "none",
        raw::Design::Historical => "historical",
        raw::Design::Comparison => "comparison",
        raw::Design::Rct => "rct",
    }
}
