//! The sampled world: one trial's world from its assumption draws: enrolment, drop-out, termination, and each
//! cohort's treated and counterfactual results, by aggregate draws (a binomial or Poisson
//! count per group, a normal mean for scores), never one draw per person.

use rand::{Rng, RngExt};
use rand_distr::{Binomial, Distribution as _, Poisson, StandardNormal};

use crate::model::contract::{Contract, Design, MetricKind};
use crate::model::outcome::{self, INFLATION_MAX, INFLATION_MIN, MAX_CHANGE};
use crate::model::scenario::{Quantity, ReferralNoise, ReferralsAs, Scenario};

use super::{World, termination, treated_mean, true_counterfactual, variance};

#[inline]
fn value(q: &Quantity, draws: &[f64]) -> f64 {
    match *q {
        Quantity::Fixed(v) => v,
        Quantity::Assumption(i) => draws[i],
    }
}

/// Binomial samplers already set up in this trial: cohorts of one metric usually share
/// their size and rate, and setting up a sampler costs about as much as a draw.
#[derive(Debug, Default)]
pub struct BinomialCache {
    slots: [(u64, u64, Option<Binomial>); 4],
    next: usize,
}

impl BinomialCache {
    /// Binomial(n, p) as f64; p is clamped to [0, 1], n is a whole number of people.
    #[inline]
    pub(crate) fn draw<R: Rng + ?Sized>(&mut self, rng: &mut R, n: f64, p: f64) -> f64 {
        let n = n.max(0.0) as u64;
        let p = p.clamp(0.0, 1.0);
        if n == 0 || p == 0.0 {
            return 0.0;
        }
        if p == 1.0 {
            return n as f64;
        }
        let key = p.to_bits();
        if let Some((_, _, Some(b))) = self
            .slots
            .iter()
            .find(|(sn, sp, b)| *sn == n && *sp == key && b.is_some())
        {
            return b.sample(rng) as f64;
        }
        match Binomial::new(n, p) {
            Ok(b) => {
                self.slots[self.next] = (n, key, Some(b));
                self.next = (self.next + 1) % self.slots.len();
                b.sample(rng) as f64
            }
            Err(_) => n as f64 * p,
        }
    }
}

/// Poisson(lambda) as f64.
#[inline]
fn poisson<R: Rng + ?Sized>(rng: &mut R, lambda: f64) -> f64 {
    if lambda.is_nan() || lambda <= 0.0 {
        return 0.0;
    }
    match Poisson::new(lambda) {
        Ok(p) => p.sample(rng),
        Err(_) => lambda.round(),
    }
}

/// Realises trials of one model, keeping what does not change between trials.
#[derive(Debug, Default)]
pub struct Realiser {
    /// Enrolment cannot vary between trials (fixed referrals without noise, fixed delays,
    /// no termination): it is realised once per block.
    static_enrolment: bool,
    enrolment_ready: bool,
    binomials: BinomialCache,
    /// Per cohort: participants still there when outcomes are measured (drawn once per
    /// trial, shared by every metric of the cohort).
    stayed: Vec<f64>,
    /// Pathways: this trial's stage values, people starting per cohort and period
    /// (enrolled and not dropped out), and the flow's buffers.
    stages: super::pathway::StageWorld,
    starters: Vec<f64>,
    path: super::pathway::Scratch,
}

/// Random draws for the pathway flow: binomials from the trial's stream.
struct Random<'a, R: Rng + ?Sized> {
    rng: &'a mut R,
    binomials: &'a mut BinomialCache,
}

/// Up to this many people, a pathway's binomial is drawn as one uniform per person
/// (exact, and cheaper than setting up a sampler for each of the many small counts that
/// joint states hold).
const FEW: f64 = 16.0;

impl<R: Rng + ?Sized> super::pathway::Draws for Random<'_, R> {
    #[inline]
    fn binomial(&mut self, n: f64, p: f64) -> f64 {
        if (1.0..=FEW).contains(&n) && p > 0.0 && p < 1.0 {
            let mut k = 0.0;
            for _ in 0..n as u32 {
                if self.rng.random::<f64>() < p {
                    k += 1.0;
                }
            }
            return k;
        }
        self.binomials.draw(self.rng, n, p)
    }
    #[inline]
    fn uniform(&mut self) -> f64 {
        self.rng.random::<f64>()
    }
}

impl Realiser {
    pub fn new(s: &Scenario) -> Self {
        let fixed = |q: &Quantity| matches!(q, Quantity::Fixed(_));
        let static_enrolment = matches!(s.termination_hazard, Quantity::Fixed(h) if h <= 0.0)
            && s.cohorts.iter().all(|w| {
                fixed(&w.referrals) && fixed(&w.delay) && w.referral_noise == ReferralNoise::None
            });
        Realiser {
            static_enrolment,
            stayed: vec![0.0; s.cohorts.len()],
            ..Realiser::default()
        }
    }

    /// Fills `world` for one trial. `world` is reused across trials: every field is overwritten.
    pub fn realise<R: Rng + ?Sized>(
        &mut self,
        c: &Contract,
        s: &Scenario,
        draws: &[f64],
        rng: &mut R,
        world: &mut World,
    ) {
        if !(self.static_enrolment && self.enrolment_ready) {
            enrolment(c, s, draws, rng, world);
            self.enrolment_ready = true;
        }
        for (k, stayed) in self.stayed.iter_mut().enumerate() {
            let enrolled = world.enrolled_total(k);
            let dropout = value(&s.cohorts[k].dropout, draws).clamp(0.0, 1.0);
            *stayed = if dropout > 0.0 {
                self.binomials.draw(rng, enrolled, 1.0 - dropout)
            } else {
                enrolled
            };
        }
        outcomes(c, s, draws, rng, world, &mut self.binomials, &self.stayed);
        if let Some(end) = termination::failed_evaluation(c, world) {
            self.end_on_result(c, s, draws, rng, world, end);
        }
        if c.has_pathways() {
            self.pathways(c, s, draws, rng, world);
        }
    }

    /// A failed interim evaluation in period `end`: the payer ends the contract if it must,
    /// or if it may and does (drawn at the scenario's `exercise` probability), unless the
    /// contract has already ended. Enrolment then changes, so it is realised afresh for
    /// the next trial.
    fn end_on_result<R: Rng + ?Sized>(
        &mut self,
        c: &Contract,
        s: &Scenario,
        draws: &[f64],
        rng: &mut R,
        world: &mut World,
        end: u32,
    ) {
        if world.terminated_at.is_some_and(|t| t <= end) {
            return;
        }
        let must = c
            .termination
            .as_ref()
            .and_then(|t| t.on_result.as_ref())
            .is_none_or(|o| o.must);
        if !must {
            let p = value(&s.termination_exercise, draws).clamp(0.0, 1.0);
            let exercised = p >= 1.0 || (p > 0.0 && rng.random::<f64>() < p);
            if !exercised {
                return;
            }
        }
        termination::end_enrolment(c, world, end);
        self.enrolment_ready = false;
    }

    /// Who starts on each cohort's pathway in each period (each enrolled person stays
    /// with the cohort's drop-out share against them), and the flow along the stages.
    fn pathways<R: Rng + ?Sized>(
        &mut self,
        c: &Contract,
        s: &Scenario,
        draws: &[f64],
        rng: &mut R,
        world: &mut World,
    ) {
        let h = world.horizon;
        self.starters.resize(c.cohorts.len() * h, 0.0);
        self.starters.fill(0.0);
        for p in &c.pathways {
            let k = p.cohort;
            let dropout = value(&s.cohorts[k].dropout, draws).clamp(0.0, 1.0);
            for t in 0..h {
                let enrolled = world.enrolled(k, t);
                self.starters[k * h + t] = if dropout > 0.0 {
                    self.binomials.draw(rng, enrolled, 1.0 - dropout)
                } else {
                    enrolled
                };
            }
        }
        self.stages.set(c, s, |q| value(q, draws));
        self.stages.set_measurement(c, s, |q| value(q, draws));
        let mut random = Random {
            rng,
            binomials: &mut self.binomials,
        };
        super::pathway::realise(
            c,
            &self.stages,
            &self.starters,
            &mut random,
            false,
            &mut self.path,
            world,
        );
    }
}

fn enrolment<R: Rng + ?Sized>(
    c: &Contract,
    s: &Scenario,
    draws: &[f64],
    rng: &mut R,
    world: &mut World,
) {
    world.enrolled.fill(0.0);
    world.terminated_at = termination(c, s, draws, rng);
    for (k, cohort) in c.cohorts.iter().enumerate() {
        let w = &s.cohorts[k];
        let expected = match w.referrals_as {
            ReferralsAs::Multiplier => {
                value(&w.referrals, draws).max(0.0) * f64::from(cohort.target)
            }
            ReferralsAs::Volume => value(&w.referrals, draws).max(0.0),
        };
        let referred = match w.referral_noise {
            ReferralNoise::Poisson => poisson(rng, expected),
            ReferralNoise::None => expected.round(),
        };
        let delay = value(&w.delay, draws)
            .round()
            .clamp(0.0, f64::from(c.deal.horizon)) as u32;
        world.delay[k] = delay;
        enrol_whole(
            world,
            k,
            cohort,
            referred.min(f64::from(cohort.target)),
            delay,
        );
    }
}

fn outcomes<R: Rng + ?Sized>(
    c: &Contract,
    s: &Scenario,
    draws: &[f64],
    rng: &mut R,
    world: &mut World,
    binomials: &mut BinomialCache,
    stayed: &[f64],
) {
    world.overrun = value(&s.overrun, draws).clamp(-1.0, MAX_CHANGE);
    world.inflation = value(&s.inflation, draws).clamp(INFLATION_MIN, INFLATION_MAX);
    for (m, metric) in c.metrics.iter().enumerate() {
        let mw = &s.metrics[m];
        let drift = value(&mw.drift, draws).clamp(-1.0, MAX_CHANGE);
        let true_cf = true_counterfactual(metric.kind, value(&mw.baseline, draws), drift);
        let effect = value(&mw.effect, draws);
        let true_treated = treated_mean(
            metric.kind,
            metric.direction,
            mw.effect_scale,
            true_cf,
            effect,
        );
        let sd = value(&mw.sd, draws).max(0.0);
        let bias = value(&mw.comparison_bias, draws).clamp(-1.0, MAX_CHANGE);
        world.savings[m] = mw.savings.as_ref().map_or(0.0, |q| value(q, draws));
        if metric.stage.is_some() {
            // Reached person by person along the pathway (`Realiser::pathways`).
            continue;
        }
        for &k in &metric.cohorts {
            let enrolled = world.enrolled_total(k);
            let stayed = stayed[k];
            let r = world.result_mut(m, k);
            r.true_counterfactual = true_cf;
            r.true_treated = true_treated;
            let deff = design_effect(&metric.design);
            match metric.kind {
                MetricKind::Cohort => {
                    r.n_treated = if enrolled > 0.0 { 1.0 } else { 0.0 };
                    let noise: f64 = StandardNormal.sample(rng);
                    r.treated_mean = (true_treated * (1.0 + sd * noise)).max(0.0);
                }
                _ => {
                    r.n_treated = stayed;
                    r.treated_mean =
                        sample_mean(rng, binomials, metric.kind, stayed, true_treated, sd, deff);
                }
            }
            let (n_cf, measured) = match &metric.design {
                Design::None => (0.0, true_cf),
                Design::Historical {
                    baseline,
                    trend_adjusted,
                } => (
                    0.0,
                    outcome::measured_baseline(metric.kind, *baseline, *trend_adjusted, drift),
                ),
                // A cohort-level figure is compared with one other figure, as noisy as its own.
                Design::Comparison { .. } | Design::Rct { .. }
                    if metric.kind == MetricKind::Cohort =>
                {
                    let target = if matches!(metric.design, Design::Comparison { .. }) {
                        outcome::comparison_mean(metric.kind, true_cf, bias)
                    } else {
                        true_cf
                    };
                    let noise: f64 = StandardNormal.sample(rng);
                    (1.0, (target * (1.0 + sd * noise)).max(0.0))
                }
                Design::Comparison { size, .. } => {
                    let size = f64::from(*size);
                    let target = outcome::comparison_mean(metric.kind, true_cf, bias);
                    (
                        size,
                        sample_mean(rng, binomials, metric.kind, size, target, sd, deff),
                    )
                }
                Design::Rct { size, .. } => {
                    let size = f64::from(*size);
                    (
                        size,
                        sample_mean(rng, binomials, metric.kind, size, true_cf, sd, deff),
                    )
                }
            };
            r.n_counterfactual = n_cf;
            r.measured_counterfactual = measured;
            r.var_treated = variance(metric.kind, r.treated_mean, sd);
            r.var_counterfactual = variance(metric.kind, measured, sd);
        }
    }
}

/// The realised mean outcome of a group of `n` whose expected mean is `mean`; clustering
/// (design effect `deff`) is drawn as a group of `n / deff` independent members.
#[inline]
fn sample_mean<R: Rng + ?Sized>(
    rng: &mut R,
    binomials: &mut BinomialCache,
    kind: MetricKind,
    n: f64,
    mean: f64,
    sd: f64,
    deff: f64,
) -> f64 {
    if n <= 0.0 {
        return 0.0;
    }
    let effective = super::effective_size(n, deff);
    match kind {
        MetricKind::Binary => binomials.draw(rng, effective, mean) / effective,
        MetricKind::Count => poisson(rng, effective * mean.max(0.0)) / effective,
        MetricKind::Continuous | MetricKind::Cohort => {
            let z: f64 = StandardNormal.sample(rng);
            mean + sd * z / effective.sqrt()
        }
    }
}

pub(crate) fn design_effect(d: &Design) -> f64 {
    match d {
        Design::Comparison { design_effect, .. } | Design::Rct { design_effect, .. } => {
            *design_effect
        }
        _ => 1.0,
    }
}

/// The period the payer ends the contract: drawn from the per-period hazard, and no later
/// than the scenario's `terminate_by` (a stress shock).
fn termination<R: Rng + ?Sized>(
    c: &Contract,
    s: &Scenario,
    draws: &[f64],
    rng: &mut R,
) -> Option<u32> {
    let hazard = value(&s.termination_hazard, draws).clamp(0.0, 1.0);
    let from = c.termination.as_ref().map_or(1, |t| t.from);
    let drawn = if hazard <= 0.0 {
        None
    } else if hazard >= 1.0 {
        Some(from)
    } else {
        // Geometric waiting time: the first period at which an independent hazard fires.
        let u: f64 = 1.0 - rng.random::<f64>();
        let wait = (u.ln() / (1.0 - hazard).ln()).floor();
        let at = f64::from(from) + wait;
        (at < f64::from(c.deal.horizon)).then_some(at as u32)
    };
    match (drawn, s.terminate_by) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Spreads `total` whole participants over the cohort's (delayed) window within capacity;
/// nobody enrols after the contract ends.
fn enrol_whole(
    w: &mut World,
    k: usize,
    cohort: &crate::model::contract::Cohort,
    total: f64,
    delay: u32,
) {
    let periods = cohort.enrol_periods();
    let mut left = total.max(0.0).round();
    let end = w.terminated_at.unwrap_or(u32::MAX);
    for i in 0..periods {
        let t = cohort.enrol_from + delay + i;
        if t as usize >= w.horizon || t > end || left <= 0.0 {
            break;
        }
        let mut n = (left / f64::from(periods - i)).ceil();
        if let Some(cap) = cohort.capacity {
            n = n.min(f64::from(cap));
        }
        w.enrolled[k * w.horizon + t as usize] = n;
        left -= n;
    }
}
