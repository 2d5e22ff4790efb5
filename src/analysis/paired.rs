//! Paired differences between models run on common random numbers: designs under one
//! scenario (`compare`), or one design under several scenarios (`stress`, `sensitivity`).
//!
//! Trial `i` of every model sees the same assumption draws and, where the models consume
//! them alike, the same participant and measurement noise (see [`engine::trial_rng`]). The
//! per-trial differences then cancel the noise the models share, so their standard error
//! is far below that of two independent runs (reported alongside as `unpaired_se`).

use indexmap::IndexMap;
use serde::Serialize;

use crate::analysis::run::{self, Outcome, RunSettings};
use crate::engine::{self, BlockData, EstimateDef, Model};
use crate::stats::Estimate;
use crate::stats::cross::CrossSums;
use crate::stats::stream::{BlockMoments, Moments};

/// How a metric moves from model `a` to model `b`: the mean of the per-trial differences
/// `b − a` over the trials where both are defined.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MeanDifference {
    pub mean: f64,
    /// Monte Carlo standard error of the paired difference.
    pub se: f64,
    /// Trials where the metric is defined for both.
    pub n: u64,
    /// What the standard error would be with independent runs of the same size.
    pub unpaired_se: f64,
}

/// How a probability moves from `a` to `b`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProbabilityDifference {
    pub p: f64,
    pub se: f64,
}

/// How an estimate of the whole run (a ratio of expectations, a pooled IRR) moves from `a`
/// to `b`: `b − a`, with the delta-method standard error of the difference over the same
/// trials.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EstimateDifference {
    pub value: f64,
    pub se: f64,
    pub n: u64,
    /// What the standard error would be with independent runs of the same size.
    pub unpaired_se: f64,
}

/// Every metric, probability and estimate the two models share, `b − a`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub a: usize,
    pub b: usize,
    pub metrics: IndexMap<String, MeanDifference>,
    pub probabilities: IndexMap<String, ProbabilityDifference>,
    pub estimates: IndexMap<String, EstimateDifference>,
}

/// Two models' estimate of the same name from the sums of their inputs side by side (`a`'s
/// first): each model's estimate and the paired difference `b − a`.
pub fn estimate_difference(
    ea: &EstimateDef,
    eb: &EstimateDef,
    sums: &CrossSums,
) -> (Estimate, Estimate, EstimateDifference) {
    let means = sums.means();
    let (ka, kb) = (ea.inputs.len(), eb.inputs.len());
    let n = sums.n;
    let undefined = EstimateDifference {
        value: f64::NAN,
        se: f64::NAN,
        n,
        unpaired_se: f64::NAN,
    };
    let (Some((va, ga)), Some((vb, gb))) = (
        (n > 0).then(|| ea.gradient(&means[..ka])).flatten(),
        (n > 0).then(|| eb.gradient(&means[ka..])).flatten(),
    ) else {
        let one = |e: &EstimateDef, range: std::ops::Range<usize>| {
            e.gradient(&means[range.clone()])
                .map_or(Estimate::undefined(n), |(v, g)| {
                    let mut full = vec![0.0; ka + kb];
                    full[range].copy_from_slice(&g);
                    Estimate {
                        value: v,
                        se: sums.delta_se(&full),
                        n,
                    }
                })
        };
        return (one(ea, 0..ka), one(eb, ka..ka + kb), undefined);
    };
    let along = |ga: &[f64], gb: &[f64]| {
        let mut g = Vec::with_capacity(ka + kb);
        g.extend_from_slice(ga);
        g.extend_from_slice(gb);
        sums.delta_se(&g)
    };
    let (zero_a, zero_b) = (vec![0.0; ka], vec![0.0; kb]);
    let se_a = along(&ga, &zero_b);
    let se_b = along(&zero_a, &gb);
    let minus_a: Vec<f64> = ga.iter().map(|g| -g).collect();
    (
        Estimate {
            value: va,
            se: se_a,
            n,
        },
        Estimate {
            value: vb,
            se: se_b,
            n,
        },
        EstimateDifference {
            value: vb - va,
            se: along(&minus_a, &gb),
            n,
            unpaired_se: (se_a * se_a + se_b * se_b).sqrt(),
        },
    )
}

/// Every model run on its own as `run` runs it (so its figures equal `sibyl run`'s), then
/// the paired differences for `pairs`. `on_trials` hears of every trial simulated, in both
/// passes (2 × models × trials in all).
pub fn run_and_pair(
    models: &[&Model],
    pairs: &[(usize, usize)],
    seed: u64,
    trials: u64,
    on_trials: &(dyn Fn(u64) + Sync),
) -> (Vec<Outcome>, Vec<Difference>) {
    run_and_pair_unless(models, pairs, seed, trials, on_trials, &|| false)
        .expect("a comparison no one cancels runs to its end")
}

/// [`run_and_pair`], asking `cancelled` between waves of blocks (and stopping between two
/// trials when a model is [`Model::stopped`]): `None` once it was cancelled. What it gives
/// otherwise is exactly what [`run_and_pair`] gives.
pub fn run_and_pair_unless(
    models: &[&Model],
    pairs: &[(usize, usize)],
    seed: u64,
    trials: u64,
    on_trials: &(dyn Fn(u64) + Sync),
    cancelled: &dyn Fn() -> bool,
) -> Option<(Vec<Outcome>, Vec<Difference>)> {
    let settings = RunSettings {
        trials,
        seed,
        precision: None,
        max_trials: trials,
        keep_draws: false,
    };
    let mut outcomes = Vec::with_capacity(models.len());
    for m in models {
        // Without a per-trial CSV the only error is a cancellation.
        let (acc, precise) = run::simulate_unless(m, &settings, None, on_trials, cancelled).ok()?;
        outcomes.push(run::outcome_of(m, &settings, acc, precise));
    }
    let n = models.len() as u64;
    let differences = differences(models, pairs, seed, trials, &|t| on_trials(t * n));
    let stopped = cancelled() || models.iter().any(|m| m.stopped());
    (!stopped).then_some((outcomes, differences))
}

/// The columns two models share, by name: `(name, index in a, index in b)`.
struct Shared {
    a: usize,
    b: usize,
    metrics: Vec<(String, usize, usize)>,
    events: Vec<(String, usize, usize)>,
    estimates: Vec<(usize, usize)>,
}

impl Shared {
    fn new(models: &[&Model], a: usize, b: usize) -> Self {
        let (ma, mb) = (&models[a].metrics, &models[b].metrics);
        Shared {
            a,
            b,
            metrics: by_name(&ma.metrics, &mb.metrics),
            events: by_name(&ma.events, &mb.events),
            estimates: ma
                .estimates
                .iter()
                .enumerate()
                .filter_map(|(i, e)| {
                    mb.estimates
                        .iter()
                        .position(|x| x.name == e.name && x.kind == e.kind)
                        .map(|j| (i, j))
                })
                .collect(),
        }
    }
}

/// The names in both lists, in the first list's order, with their positions.
fn by_name<T, U>(xs: &[(String, T)], ys: &[(String, U)]) -> Vec<(String, usize, usize)> {
    xs.iter()
        .enumerate()
        .filter_map(|(i, (name, _))| {
            ys.iter()
                .position(|(n, _)| n == name)
                .map(|j| (name.clone(), i, j))
        })
        .collect()
}

/// One pair's running moments: per shared metric (a, b, b − a), per shared event (b − a),
/// per shared estimate the sums of both models' inputs (a's first). One block's, or the
/// merge of blocks in block order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PairMoments {
    metrics: Vec<[Moments; 3]>,
    events: Vec<Moments>,
    estimates: Vec<CrossSums>,
}

/// The pairs of models differenced, and their running totals, merged block by block in
/// block order (so the result does not depend on the thread count, nor on how the blocks
/// were shared out among processes).
pub struct Pairing<'m, 'a> {
    models: &'m [&'m Model<'a>],
    shared: Vec<Shared>,
    totals: Vec<PairMoments>,
}

impl<'m, 'a> Pairing<'m, 'a> {
    pub fn new(models: &'m [&'m Model<'a>], pairs: &[(usize, usize)]) -> Self {
        let shared: Vec<Shared> = pairs
            .iter()
            .map(|&(a, b)| Shared::new(models, a, b))
            .collect();
        let totals = shared
            .iter()
            .map(|s| PairMoments {
                metrics: vec![[Moments::default(); 3]; s.metrics.len()],
                events: vec![Moments::default(); s.events.len()],
                estimates: vec![CrossSums::default(); s.estimates.len()],
            })
            .collect();
        Pairing {
            models,
            shared,
            totals,
        }
    }

    /// Every pair's moments of `blocks` of a run of `trials` trials, per block in block
    /// order.
    pub fn blocks(
        &self,
        seed: u64,
        blocks: std::ops::Range<u64>,
        trials: u64,
        on_block: &(dyn Fn(u64) + Sync),
    ) -> Vec<Vec<PairMoments>> {
        engine::map_blocks_paired(self.models, seed, blocks, trials, &|d| {
            on_block(d.first().map_or(0, |b| b.trials as u64));
            self.shared
                .iter()
                .map(|s| block_moments(self.models, s, d))
                .collect::<Vec<_>>()
        })
    }

    /// Whether `block` can be a block of `trials` trials of these pairs (as a block read
    /// back from a file must).
    pub fn fits(&self, block: &[PairMoments], trials: u64) -> bool {
        block.len() == self.shared.len()
            && block.iter().zip(&self.shared).all(|(p, s)| {
                p.metrics.len() == s.metrics.len()
                    && p.metrics.iter().flatten().all(|m| m.n <= trials)
                    && p.events.len() == s.events.len()
                    && p.events.iter().all(|m| m.n <= trials)
                    && p.estimates.len() == s.estimates.len()
                    && p.estimates.iter().zip(&s.estimates).all(|(e, &(ia, ib))| {
                        let k = self.models[s.a].metrics.estimates[ia].inputs.len()
                            + self.models[s.b].metrics.estimates[ib].inputs.len();
                        e.fits(k, trials)
                    })
            })
    }

    /// Adds the next block's moments.
    pub fn ingest(&mut self, block: Vec<PairMoments>) {
        for (total, part) in self.totals.iter_mut().zip(block) {
            for (t, p) in total.metrics.iter_mut().zip(&part.metrics) {
                for (x, y) in t.iter_mut().zip(p) {
                    x.merge(y);
                }
            }
            for (t, p) in total.events.iter_mut().zip(&part.events) {
                t.merge(p);
            }
            for (t, p) in total.estimates.iter_mut().zip(&part.estimates) {
                t.merge(p);
            }
        }
    }

    /// Every pair's differences from the blocks ingested.
    pub fn finish(self) -> Vec<Difference> {
        let models = self.models;
        self.shared
            .iter()
            .zip(self.totals)
            .map(|(s, t)| Difference {
                a: s.a,
                b: s.b,
                metrics: s
                    .metrics
                    .iter()
                    .zip(&t.metrics)
                    .map(|((name, ..), [ma, mb, d])| {
                        let n = d.n;
                        let unpaired = if n > 1 {
                            ((ma.sd().powi(2) + mb.sd().powi(2)) / n as f64).sqrt()
                        } else {
                            f64::NAN
                        };
                        let diff = MeanDifference {
                            mean: if n > 0 { d.mean() } else { f64::NAN },
                            se: if n > 1 { d.se() } else { f64::NAN },
                            n,
                            unpaired_se: unpaired,
                        };
                        (name.clone(), diff)
                    })
                    .collect(),
                probabilities: s
                    .events
                    .iter()
                    .zip(&t.events)
                    .map(|((name, ..), d)| {
                        let p = ProbabilityDifference {
                            p: if d.n > 0 { d.mean() } else { f64::NAN },
                            se: if d.n > 1 { d.se() } else { f64::NAN },
                        };
                        (name.clone(), p)
                    })
                    .collect(),
                estimates: s
                    .estimates
                    .iter()
                    .zip(&t.estimates)
                    .map(|(&(ia, ib), sums)| {
                        let (ea, eb) = (
                            &models[s.a].metrics.estimates[ia],
                            &models[s.b].metrics.estimates[ib],
                        );
                        (ea.name.clone(), estimate_difference(ea, eb, sums).2)
                    })
                    .collect(),
            })
            .collect()
    }
}

/// Paired differences for each of `pairs` (indices into `models`) over `trials` trials of
/// `seed`: the same trials `run` would simulate for each model.
pub fn differences(
    models: &[&Model],
    pairs: &[(usize, usize)],
    seed: u64,
    trials: u64,
    on_block: &(dyn Fn(u64) + Sync),
) -> Vec<Difference> {
    let mut pairing = Pairing::new(models, pairs);
    // One wave of blocks in memory at a time.
    let blocks = trials.div_ceil(engine::BLOCK);
    for start in (0..blocks).step_by(engine::WAVE_BLOCKS as usize) {
        let wave = start..(start + engine::WAVE_BLOCKS).min(blocks);
        for block in pairing.blocks(seed, wave, trials, on_block) {
            pairing.ingest(block);
        }
    }
    pairing.finish()
}

/// One block of one pair.
fn block_moments(models: &[&Model], s: &Shared, d: &[BlockData]) -> PairMoments {
    let (da, db) = (&d[s.a], &d[s.b]);
    let (na, nb) = (
        da.values.len() / da.trials.max(1),
        db.values.len() / db.trials.max(1),
    );
    let (ea, eb) = (
        da.flags.len() / da.trials.max(1),
        db.flags.len() / db.trials.max(1),
    );
    let mut metrics = vec![[BlockMoments::default(); 3]; s.metrics.len()];
    let mut events = vec![BlockMoments::default(); s.events.len()];
    for t in 0..da.trials {
        let (ra, rb) = (&da.values[t * na..], &db.values[t * nb..]);
        for (m, (_, ia, ib)) in metrics.iter_mut().zip(&s.metrics) {
            let (x, y) = (ra[*ia], rb[*ib]);
            if x.is_nan() || y.is_nan() {
                continue;
            }
            m[0].add(x);
            m[1].add(y);
            m[2].add(y - x);
        }
        let (fa, fb) = (&da.flags[t * ea..], &db.flags[t * eb..]);
        for (e, (_, ia, ib)) in events.iter_mut().zip(&s.events) {
            e.add(f64::from(u8::from(fb[*ib])) - f64::from(u8::from(fa[*ia])));
        }
    }
    let estimates = s
        .estimates
        .iter()
        .map(|&(ia, ib)| {
            let (ea, eb) = (
                &models[s.a].metrics.estimates[ia],
                &models[s.b].metrics.estimates[ib],
            );
            paired_sums(models[s.a], ea, da, models[s.b], eb, db)
        })
        .collect();
    PairMoments {
        metrics: metrics
            .iter()
            .map(|m| [m[0].finish(), m[1].finish(), m[2].finish()])
            .collect(),
        events: events.iter().map(BlockMoments::finish).collect(),
        estimates,
    }
}

/// One block's sums of two models' inputs to an estimate, side by side (`a`'s first).
pub fn paired_sums(
    ma: &Model,
    ea: &EstimateDef,
    da: &BlockData,
    mb: &Model,
    eb: &EstimateDef,
    db: &BlockData,
) -> CrossSums {
    let (ia, ib) = (ma.metrics.inputs.len(), mb.metrics.inputs.len());
    let (ka, kb) = (ea.inputs.len(), eb.inputs.len());
    let mut sums = CrossSums::new(ka + kb);
    // A trial's nonzero inputs, `a`'s then `b`'s.
    let mut nonzero = Vec::with_capacity(ka + kb);
    for t in 0..da.trials {
        let (ra, rb) = (&da.inputs[t * ia..], &db.inputs[t * ib..]);
        nonzero.clear();
        let a = ea.inputs.iter().map(|&i| ra[i]);
        let b = eb.inputs.iter().map(|&i| rb[i]);
        nonzero.extend(a.chain(b).enumerate().filter(|&(_, v)| v != 0.0));
        sums.add_nonzero(&nonzero);
    }
    sums
}
