//! Invariants over randomly generated contracts and scenarios: in every trial, money is
//! conserved, no payment is negative, and no cap is exceeded (deal, year, payer, payer-year,
//! rule, metric). 64 random deals × 300 trials each by default; `PROPTEST_CASES=1000` for
//! a longer run.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use sibyl::cashflow::{Ledger, Schedule};
use sibyl::diagnostics::Source;
use sibyl::engine::{self, Model, Reporting};
use sibyl::load::{contract_from_source, scenario_from_source};
use sibyl::model::Contract;

/// A tranche: its type, amount, coupon, return cap as a multiple and as an IRR.
type TrancheSpec = (&'static str, f64, f64, Option<f64>, Option<f64>);

/// The knobs of one random deal.
#[derive(Debug, Clone)]
struct Deal {
    period: &'static str,
    cohorts: Vec<(u32, u32, u32, f64)>,
    kind: &'static str,
    direction: &'static str,
    design: &'static str,
    rules: Vec<RuleSpec>,
    deal_cap: Option<f64>,
    per_year_cap: Option<f64>,
    payer_cap: Option<f64>,
    payer_year_cap: Option<f64>,
    metric_cap: Option<f64>,
    tranches: Vec<TrancheSpec>,
    guarantee: Option<f64>,
    drawdown: &'static str,
    recycle: bool,
    excess: &'static str,
    fee: f64,
    shared: bool,
    effect: f64,
    baseline: f64,
    hazard: f64,
    inflation: f64,
    indexation: &'static str,
    real: bool,
    /// The avoided cost per outcome, if the scenario gives one.
    savings: Option<f64>,
    /// Termination compensation of a fixed amount instead of the outstanding principal.
    fixed_compensation: Option<f64>,
}

#[derive(Debug, Clone)]
struct RuleSpec {
    kind: &'static str,
    price: f64,
    threshold: f64,
    pooled: bool,
    cap: Option<f64>,
    cap_per_cohort: Option<f64>,
    /// Pays only the cohorts the first rule does not.
    backup: bool,
}

fn money() -> impl Strategy<Value = f64> {
    (1u32..2_000).prop_map(|x| f64::from(x) * 500.0)
}

fn rule() -> impl Strategy<Value = RuleSpec> {
    (
        prop_oneof![
            Just("rate_card"),
            Just("per_improvement"),
            Just("threshold"),
            Just("tiers")
        ],
        10.0..3_000.0f64,
        0.0..0.3f64,
        any::<bool>(),
        proptest::option::of(money()),
        proptest::option::of(money()),
        proptest::bool::weighted(0.2),
    )
        .prop_map(
            |(kind, price, threshold, pooled, cap, cap_per_cohort, backup)| RuleSpec {
                kind,
                price,
                threshold,
                pooled,
                cap,
                cap_per_cohort,
                backup,
            },
        )
}

fn deal() -> impl Strategy<Value = Deal> {
    let cohorts = proptest::collection::vec((10u32..2_000, 0u32..4, 0u32..3, 0.0..800.0f64), 1..4);
    let tranche = (
        prop_oneof![
            Just("senior_loan"),
            Just("junior_loan"),
            Just("equity"),
            Just("recoverable_grant"),
            Just("deferred_fees")
        ],
        money(),
        0.0..0.12f64,
        proptest::option::of(1.0..2.0f64),
        // A return cap as an IRR, negative ones included (the range allows them).
        proptest::option::of(-0.5..0.3f64),
    );
    (
        (
            prop_oneof![Just("quarter"), Just("year"), Just("month")],
            cohorts,
            prop_oneof![Just("binary"), Just("count")],
            prop_oneof![Just("increase"), Just("reduce")],
            prop_oneof![
                Just("none"),
                Just("historical"),
                Just("comparison"),
                Just("rct")
            ],
        ),
        proptest::collection::vec(rule(), 1..4),
        (
            proptest::option::of(money()),
            proptest::option::of(money()),
            proptest::option::of(money()),
            proptest::option::of(money()),
            proptest::option::of(money()),
        ),
        (
            proptest::collection::vec(tranche, 0..3),
            proptest::option::of(money()),
            prop_oneof![Just("upfront"), Just("as_needed")],
            any::<bool>(),
            prop_oneof![Just("payer"), Just("provider"), Just("shared")],
            0.0..5_000.0f64,
            any::<bool>(),
        ),
        (
            -0.1..0.4f64,
            0.05..0.9f64,
            prop_oneof![Just(0.0), 0.0..0.1f64],
        ),
        (
            prop_oneof![Just(0.0), -0.05..0.1f64],
            prop_oneof![Just("none"), Just("prices"), Just("prices_and_caps")],
            any::<bool>(),
            proptest::option::of(100.0..5_000.0f64),
            proptest::option::of(1_000.0..50_000.0f64),
        ),
    )
        .prop_map(
            |(
                (period, cohorts, kind, direction, design),
                rules,
                (deal_cap, per_year_cap, payer_cap, payer_year_cap, metric_cap),
                (tranches, guarantee, drawdown, recycle, excess, fee, shared),
                (effect, baseline, hazard),
                (inflation, indexation, real, savings, fixed_compensation),
            )| Deal {
                period,
                cohorts,
                kind,
                direction,
                design,
                rules,
                deal_cap,
                per_year_cap,
                payer_cap,
                payer_year_cap,
                metric_cap,
                tranches,
                guarantee,
                drawdown,
                recycle,
                excess,
                fee,
                shared,
                effect,
                baseline,
                hazard,
                // Under falling prices a refund can be worth more, in real terms, than the
                // payment it reverses (documented): real reports are tested with rising ones.
                inflation: if real { inflation.abs() } else { inflation },
                indexation,
                real,
                savings,
                fixed_compensation,
            },
        )
}

impl Deal {
    /// The deal as contract text; rule types that need a counterfactual fall back to a rate
    /// card under `measurement = "none"`, and rate cards on counts to reduce to improvements.
    fn contract(&self) -> String {
        let mut t = format!(
            "[deal]\nname = \"random\"\ncurrency = \"EUR\"\nperiod = \"{}\"\nhorizon = 40\nindexation = \"{}\"\n",
            self.period, self.indexation
        );
        t += "[parties.city]\nrole = \"payer\"\n[parties.state]\nrole = \"payer\"\n[parties.ngo]\nrole = \"provider\"\n[parties.fund]\nrole = \"investor\"\n[parties.spv]\nrole = \"intermediary\"\n[parties.phil]\nrole = \"guarantor\"\n";
        for (i, (target, from, len, cost)) in self.cohorts.iter().enumerate() {
            t += &format!(
                "[cohorts.c{i}]\ntarget = {target}\nenrol_from = {}\nenrol_to = {}\ncost_per_participant = {cost}\n",
                from * 3,
                from * 3 + len
            );
        }
        t += &format!(
            "[metrics.m]\nkind = \"{}\"\ndirection = \"{}\"\nmeasured_at = 2\nmeasurement = \"{}\"\n",
            self.kind, self.direction, self.design
        );
        match self.design {
            "historical" => t += &format!("baseline = {}\n", self.baseline),
            "comparison" => t += "comparison_size = 3000\n",
            "rct" => t += "control_size = 2000\n",
            _ => {}
        }
        let countable = self.kind == "binary" || self.direction == "increase";
        let mut emitted: Vec<usize> = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            let kind = match (self.design, r.kind) {
                ("none", _) if countable => "rate_card",
                ("none", _) => continue,
                (_, "rate_card") if !countable => "per_improvement",
                (_, k) => k,
            };
            t += &format!("[rules.r{i}]\ntype = \"{kind}\"\nmetric = \"m\"\n");
            if r.backup && i > 0 && emitted.first() == Some(&0) {
                t += "unless_paid_by = [\"r0\"]\n";
            }
            emitted.push(i);
            match kind {
                "threshold" => t += &format!("threshold = {}\nprice = {}\n", r.threshold, r.price),
                "tiers" => {
                    t += &format!(
                        "tiers = [{{ at_least = {}, pay = {} }}, {{ at_least = {}, price = {} }}]\n",
                        r.threshold,
                        r.price * 100.0,
                        r.threshold + 0.1,
                        r.price
                    )
                }
                _ => t += &format!("price = {}\n", r.price),
            }
            if r.pooled && kind != "rate_card" {
                t += "scope = \"pooled\"\n";
            }
            if self.shared {
                t += "payers = { city = 0.7, state = 0.3 }\n";
            } else {
                t += "payer = \"city\"\n";
            }
            if let Some(c) = r.cap {
                t += &format!("cap = {c}\n");
            }
            if let Some(c) = r.cap_per_cohort {
                t += &format!("cap_per_cohort = {c}\n");
            }
        }
        if self.deal_cap.is_some()
            || self.per_year_cap.is_some()
            || self.payer_cap.is_some()
            || self.payer_year_cap.is_some()
            || self.metric_cap.is_some()
        {
            t += "[caps]\n";
            if let Some(c) = self.deal_cap {
                t += &format!("deal = {c}\n");
            }
            if let Some(c) = self.per_year_cap {
                t += &format!("per_year = {c}\n");
            }
            if let Some(c) = self.metric_cap {
                t += &format!("metrics = {{ m = {c} }}\n");
            }
            if self.payer_cap.is_some() || self.payer_year_cap.is_some() {
                t += "[caps.payers.city]\n";
                if let Some(c) = self.payer_cap {
                    t += &format!("total = {c}\n");
                }
                if let Some(c) = self.payer_year_cap {
                    t += &format!("per_year = {c}\n");
                }
            }
        }
        t += &format!(
            "[financing]\ndrawdown = \"{}\"\nrecycle = {}\nexcess = \"{}\"\nfee_to = \"spv\"\nmanagement_fee_per_period = {}\nprovider = \"ngo\"\n",
            self.drawdown, self.recycle, self.excess, self.fee
        );
        if self.excess == "shared" {
            t += "excess_provider_share = 0.5\n";
        }
        for (i, (kind, amount, coupon, multiple, max_irr)) in self.tranches.iter().enumerate() {
            let investor = if *kind == "deferred_fees" {
                "ngo"
            } else {
                "fund"
            };
            t += &format!(
                "[tranches.t{i}]\ntype = \"{kind}\"\ninvestor = \"{investor}\"\namount = {amount}\n"
            );
            if matches!(*kind, "senior_loan" | "junior_loan" | "deferred_fees") {
                t += &format!("coupon = {coupon}\n");
            }
            if let (Some(m), true) = (
                multiple,
                matches!(*kind, "equity" | "senior_loan" | "junior_loan"),
            ) {
                t += &format!("max_multiple = {m}\n");
            }
            if let (Some(r), true) = (max_irr, *kind == "equity") {
                t += &format!("max_irr = {r}\n");
            }
        }
        if let (Some(limit), false) = (self.guarantee, self.tranches.is_empty()) {
            t += &format!(
                "[guarantees.g]\ntype = \"first_loss\"\nguarantor = \"phil\"\ntranche = \"t0\"\nlimit = {limit}\n"
            );
        }
        t += "[termination]\nfrom = 3\npayer = \"city\"\n";
        match self.fixed_compensation {
            Some(x) => t += &format!("compensation = \"fixed\"\namount = {x}\n"),
            None => t += "compensation = \"outstanding_principal\"\n",
        }
        t
    }

    fn scenario(&self) -> String {
        let baseline = if self.kind == "binary" {
            self.baseline
        } else {
            self.baseline * 3.0
        };
        let savings = self
            .savings
            .map_or(String::new(), |x| format!("savings = {x}\n"));
        format!(
            "[assumptions.effect]\ndist = \"normal\"\nmean = {}\nsd = 0.05\n[assumptions.base]\ndist = \"uniform\"\nmin = {}\nmax = {}\n[metrics.m]\nbaseline = \"base\"\neffect = \"effect\"\n{savings}[participants]\nreferrals = 0.9\ndropout = 0.1\n[termination]\nhazard = {}\n[economy]\ninflation = {}\n",
            self.effect,
            baseline * 0.9,
            baseline * 1.1,
            self.hazard,
            self.inflation
        )
    }
}

/// Every cap the contract sets holds in this ledger, in the caps' money: cash, or with
/// indexed caps period-0 money (each payment and refund deflated by its period's price
/// level).
fn caps_hold(c: &Contract, s: &Schedule, l: &Ledger) -> Result<(), String> {
    let tol = 1e-6;
    let k = |t: usize| {
        if c.deal.indexation.caps() {
            l.price_index[t]
        } else {
            1.0
        }
    };
    let amount = |p: &sibyl::cashflow::Payment| p.amount / k(p.period as usize);
    let paid_in_year = |payer: Option<usize>, y: usize| -> f64 {
        l.payments
            .iter()
            .filter(|p| {
                s.year_of[p.period as usize] == y
                    && payer.is_none_or(|q| q == p.payer)
                    && p.rule.is_some()
            })
            .map(amount)
            .sum()
    };
    let outcome_total: f64 = l
        .payments
        .iter()
        .filter(|p| p.rule.is_some())
        .map(amount)
        .sum();
    // The deal's and payers' total caps hold for what payers part with: outcome payments
    // net of money handed back above the return caps.
    let refunded_to = |p: usize| -> f64 {
        l.refund_flows[p * l.horizon..(p + 1) * l.horizon]
            .iter()
            .enumerate()
            .map(|(t, x)| x / k(t))
            .sum()
    };
    if let Some(cap) = c.caps.deal {
        let refunded: f64 = (0..c.parties.len()).map(refunded_to).sum();
        let net = outcome_total - refunded;
        if net > cap + tol {
            return Err(format!("deal cap {cap} exceeded: {net} net of refunds"));
        }
    }
    for y in 0..s.years {
        if let Some(cap) = c.caps.per_year {
            let x = paid_in_year(None, y);
            if x > cap + tol {
                return Err(format!("year {y}: {x} above the per-year cap {cap}"));
            }
        }
        for (p, cap) in c.caps.payer_per_year.iter().enumerate() {
            if let Some(cap) = cap {
                let x = paid_in_year(Some(p), y);
                if x > cap + tol {
                    return Err(format!("payer {p} year {y}: {x} above {cap}"));
                }
            }
        }
    }
    for (p, cap) in c.caps.payer_total.iter().enumerate() {
        if let Some(cap) = cap {
            let x: f64 = l
                .payments
                .iter()
                .filter(|q| q.payer == p && q.rule.is_some())
                .map(amount)
                .sum::<f64>()
                - refunded_to(p);
            if x > cap + tol {
                return Err(format!("payer {p}: {x} above its cap {cap}"));
            }
        }
    }
    for (r, rule) in c.rules.iter().enumerate() {
        if let Some(cap) = rule.caps.total {
            let x: f64 = l
                .payments
                .iter()
                .filter(|p| p.rule == Some(r))
                .map(amount)
                .sum();
            if x > cap + tol {
                return Err(format!("rule {}: {x} above its cap {cap}", rule.id));
            }
        }
    }
    if let Some(cap) = c.caps.metric[0] {
        if outcome_total > cap + tol {
            return Err(format!("metric cap {cap} exceeded: {outcome_total}"));
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// Refunds are charged to the payments they came from: each payment keeps between 0 and
/// its amount, and a payer's payments keep, together, what it paid. So `paid_for_noise` and
/// `deadweight_paid`, sums of kept shares of payments, never exceed `paid`.
fn refunds_charged(c: &Contract, l: &Ledger, scale: f64) -> Result<(), String> {
    if let Some(p) = l
        .payments
        .iter()
        .find(|p| p.net < -1e-9 || p.net > p.amount + 1e-9 * scale)
    {
        return Err(format!(
            "a payment keeps more than it paid, or less than 0: {p:?}"
        ));
    }
    for payer in 0..c.parties.len() {
        let kept: f64 = l
            .payments
            .iter()
            .filter(|p| p.payer == payer)
            .map(|p| p.net)
            .sum();
        if (kept - l.payer_paid(payer)).abs() > 1e-6 * scale {
            return Err(format!(
                "payer {payer}'s payments keep {kept} but it paid {}",
                l.payer_paid(payer)
            ));
        }
        // The same in period-0 money: each payment and each refund deflated by its own
        // period's price level.
        let kept_real: f64 = l
            .payments
            .iter()
            .filter(|p| p.payer == payer)
            .map(|p| p.net_real)
            .sum();
        let paid_real: f64 = l
            .payer_row(payer)
            .iter()
            .zip(&l.price_index)
            .map(|(x, i)| x / i)
            .sum();
        if (kept_real - paid_real).abs() > 1e-6 * scale {
            return Err(format!(
                "payer {payer}'s payments keep {kept_real} in real terms but it paid {paid_real}"
            ));
        }
    }
    Ok(())
}

/// The payer's lenses on what it paid (for noise, for deadweight, for measurement error)
/// never exceed what it paid, the first two are never negative, the money paid per
/// metric adds up to at most what the deal paid, and the provider's margin is its revenue
/// less its cost.
fn lenses_bounded(model: &Model, t: &engine::TrialView, scale: f64) -> Result<(), String> {
    let names = &model.metrics.metrics;
    let value = |name: &str| {
        names
            .iter()
            .position(|(n, _)| n == name)
            .map(|i| t.values[i])
    };
    let tol = 1e-6 * scale;
    for party in &model.contract.parties {
        let pre = format!("payer.{}.", party.id);
        let Some(paid) = value(&format!("{pre}paid")) else {
            continue;
        };
        for lens in [
            "paid_for_noise",
            "deadweight_paid",
            "paid_for_measurement_error",
        ] {
            let x = value(&format!("{pre}{lens}")).ok_or(format!("no {pre}{lens}"))?;
            if x > paid + tol || (lens != "paid_for_measurement_error" && x < -tol) {
                return Err(format!("{pre}{lens} = {x} but {pre}paid = {paid}"));
            }
        }
        // Every budget year is listed, so the years add up to what was paid.
        let by_year: f64 = names
            .iter()
            .zip(t.values)
            .filter(|((n, _), _)| n.starts_with(&format!("{pre}paid_year.")))
            .map(|(_, v)| v)
            .sum();
        if (by_year - paid).abs() > tol {
            return Err(format!("{pre}paid_year.* add up to {by_year}, not {paid}"));
        }
    }
    let per_metric: f64 = model
        .contract
        .metrics
        .iter()
        .map(|m| value(&format!("outcomes.{}.paid", m.id)).unwrap_or(0.0))
        .sum();
    let deal = value("deal.paid").unwrap_or(0.0);
    if per_metric > deal + tol {
        return Err(format!(
            "paid per metric {per_metric} but the deal paid {deal}"
        ));
    }
    // The payers' shares of the service and of the avoided costs add up to 1: together
    // their premiums are the deal's, and their net values the whole avoided cost less what
    // they paid (every payer here discounts at the same rate).
    let c = model.contract;
    let s = &model.schedule;
    let l = t.ledger;
    let payers: Vec<usize> = c.payers().map(|(p, _)| p).collect();
    let rate = s.discount_rate[payers[0]];
    let paid_pv: f64 = payers
        .iter()
        .map(|&p| l.present_value(l.payer_row(p), rate))
        .sum();
    if let Some(deal) = value("deal.premium") {
        let want = paid_pv - l.present_value(&l.service_flows, rate);
        if (deal - want).abs() > tol {
            return Err(format!("deal.premium {deal}, expected {want}"));
        }
    }
    let net: Option<f64> = payers
        .iter()
        .map(|&p| value(&format!("payer.{}.net_value", c.parties[p].id)))
        .sum();
    if let Some(net) = net {
        let w = t.world;
        let sign = if c.metrics[0].direction == sibyl::model::contract::Direction::Increase {
            1.0
        } else {
            -1.0
        };
        let avoided: f64 = c.metrics[0]
            .cohorts
            .iter()
            .map(|&k| {
                let r = w.result(0, k);
                let at = c.cohorts[k].enrol_to + w.delay[k] + c.metrics[0].measured_at;
                w.savings[0]
                    * r.n_treated
                    * sign
                    * (r.true_treated - r.true_counterfactual)
                    * (1.0 + rate).powi(-(at as i32))
            })
            .sum();
        if (net - (avoided - paid_pv)).abs() > tol + 1e-9 * avoided.abs() {
            return Err(format!(
                "net values add up to {net}, expected {}",
                avoided - paid_pv
            ));
        }
    }
    for party in &model.contract.parties {
        let pre = format!("provider.{}.", party.id);
        if let (Some(r), Some(c), Some(m)) = (
            value(&format!("{pre}revenue")),
            value(&format!("{pre}cost")),
            value(&format!("{pre}margin")),
        ) {
            if (r - c - m).abs() > tol {
                return Err(format!("{pre}margin {m} is not revenue {r} less cost {c}"));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_deals_conserve_money_and_respect_every_cap(d in deal(), seed in 0u64..1_000) {
        let text = d.contract();
        let c = match contract_from_source(&Source::new("random.toml", text.clone())) {
            Ok(c) => c.value,
            // The generator can produce contracts the validator rightly rejects (a rule whose
            // last payment falls after the horizon, say); those are not this test's subject.
            Err(_) => return Ok(()),
        };
        let s = scenario_from_source(&Source::new("random-scenario.toml", d.scenario()), &c).map_err(|e| TestCaseError::fail(format!("{e}\n{}", d.scenario())))?.value;
        let terms = if d.real { Reporting::Real } else { Reporting::Nominal };
        let model = Model::with_terms(&c, &s, terms);
        let mut failure: Option<String> = None;
        engine::for_each_trial(&model, seed, 0, 300, |t| {
            let ledger = t.ledger;
            if failure.is_some() {
                return;
            }
            let scale = 1.0 + ledger.deal_paid().abs() + ledger.tranche_drawn.iter().sum::<f64>();
            if ledger.imbalance().abs() > 1e-6 * scale {
                failure = Some(format!("money not conserved: {}", ledger.imbalance()));
            } else if let Some(p) = ledger.payments.iter().find(|p| p.amount < 0.0) {
                failure = Some(format!("negative payment {p:?}"));
            } else if let Err(e) = caps_hold(&c, &model.schedule, ledger) {
                failure = Some(e);
            } else if let Err(e) = refunds_charged(&c, ledger, scale) {
                failure = Some(e);
            } else if let Err(e) = lenses_bounded(&model, t, scale) {
                failure = Some(e);
            }
        });
        prop_assert!(failure.is_none(), "{}\n--- contract ---\n{text}", failure.unwrap_or_default());
    }
}

/// What a run reports of a random deal: every figure a number, or undefined where it may be
/// (a return with no defined value in some trials, counted by its `irr_undefined`
/// probability; an estimate over nothing, with a warning that names it); quantiles in
/// order; probabilities in [0, 1]; no trial dropped from a figure that must be defined.
fn report_sound(model: &Model, seed: u64) -> Result<(), String> {
    use sibyl::analysis::run::{self, RunSettings};
    let settings = RunSettings {
        trials: 300,
        seed,
        precision: None,
        max_trials: 300,
        keep_draws: false,
    };
    let (acc, precise) =
        run::simulate(model, &settings, None, &|_| {}).map_err(|e| e.to_string())?;
    sibyl::analysis::soundness::check(model, seed, None).map_err(|e| e.to_string())?;
    let key_errors = acc.key_errors(model);
    let estimates = run::estimates(model, &acc);
    let (metrics, probabilities) = run::summarise(model, &settings, acc);
    let warnings = run::warnings(
        model,
        &probabilities,
        &estimates,
        &key_errors,
        &settings,
        precise,
    );
    let may_be_undefined =
        |name: &str| name.ends_with(".irr") || name.ends_with(".mirr") || name.ends_with(".moic");
    for (name, m) in &metrics {
        if m.n > 300 || (m.n < 300 && !may_be_undefined(name)) {
            return Err(format!("`{name}` counts {} of 300 trials", m.n));
        }
        let stats = [
            m.mean, m.se, m.sd, m.min, m.p05, m.p25, m.p50, m.p75, m.p95, m.max, m.cvar05,
        ];
        if m.n > 1 && stats.iter().any(|x| !x.is_finite()) {
            return Err(format!("`{name}` has a figure that is not a number: {m:?}"));
        }
        if m.n > 1 {
            let q = [m.min, m.p05, m.p25, m.p50, m.p75, m.p95, m.max];
            if q.windows(2).any(|w| w[0] > w[1]) {
                return Err(format!("`{name}`: quantiles out of order {q:?}"));
            }
            if m.mean < m.min - 1e-9 * m.min.abs().max(1.0)
                || m.mean > m.max + 1e-9 * m.max.abs().max(1.0)
                || m.se < 0.0
            {
                return Err(format!("`{name}`: mean outside its range {m:?}"));
            }
        }
        if m.n < 300 && name.ends_with(".irr") {
            let undefined = name.replace(".irr", ".irr_undefined");
            let p = probabilities
                .get(&undefined)
                .ok_or(format!("no `{undefined}`"))?;
            if (p.p * 300.0 - (300 - m.n) as f64).abs() > 1e-6 {
                return Err(format!(
                    "`{undefined}` = {} but `{name}` has n = {}",
                    p.p, m.n
                ));
            }
        }
    }
    for (name, p) in &probabilities {
        if !(0.0..=1.0).contains(&p.p) || !p.se.is_finite() {
            return Err(format!("probability `{name}` = {p:?}"));
        }
    }
    for (name, e) in &estimates {
        if e.value.is_infinite() || e.se.is_infinite() {
            return Err(format!("estimate `{name}` = {e:?}"));
        }
        if e.value.is_nan() && !warnings.iter().any(|w| w.message.contains(name.as_str())) {
            return Err(format!(
                "estimate `{name}` is undefined with no warning naming it"
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases().div_ceil(4), ..ProptestConfig::default() })]

    #[test]
    fn random_deals_report_only_numbers(d in deal(), seed in 0u64..1_000) {
        let text = d.contract();
        let Ok(c) = contract_from_source(&Source::new("random.toml", text.clone())) else {
            return Ok(());
        };
        let c = c.value;
        let s = scenario_from_source(&Source::new("random-scenario.toml", d.scenario()), &c)
            .map_err(|e| TestCaseError::fail(format!("{e}")))?
            .value;
        let terms = if d.real { Reporting::Real } else { Reporting::Nominal };
        let model = Model::with_terms(&c, &s, terms);
        let r = report_sound(&model, seed);
        prop_assert!(r.is_ok(), "{}\n--- contract ---\n{text}\n--- scenario ---\n{}", r.unwrap_err(), d.scenario());
    }
}

#[test]
fn the_generator_makes_valid_deals() {
    // The property above skips contracts the validator rejects; most must be accepted, or
    // the property would test little.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut valid, n) = (0, 200);
    for _ in 0..n {
        let d = deal().new_tree(&mut runner).unwrap().current();
        if contract_from_source(&Source::new("random.toml", d.contract())).is_ok() {
            valid += 1;
        }
    }
    assert!(
        valid * 4 >= n * 3,
        "only {valid} of {n} generated contracts are valid"
    );
}
