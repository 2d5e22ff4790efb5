//! The Monte Carlo engine: trials in fixed blocks, each block with its own random stream
//! derived from (seed, block index), run in parallel and combined in block order, so the
//! results are bit-identical on any number of threads.
//!
//! Per trial: draw the assumptions (copula), realise the world (aggregate binomial and
//! Poisson draws), settle it through [`crate::cashflow::settle`], record the metrics. The
//! per-trial loop reuses one workspace per block and allocates nothing.
//!
//! It sits above settlement and the world builders ([`crate::world::sampled`] realises a
//! trial) and below the analyses, which summarise its blocks.

mod draws;
pub mod metrics;

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use crate::cashflow::{self, Ledger, Schedule};
use crate::model::{Contract, Scenario};
use crate::world::World;
use crate::world::sampled::Realiser;

pub use draws::Sampler;
pub use metrics::{EstimateDef, EstimateKind, Event, Input, Measure, MetricSet, Reporting, Volume};

/// Trials per block: the unit of random streams and of parallel work.
pub const BLOCK: u64 = 4_096;

/// A contract and scenario compiled for simulation.
pub struct Model<'a> {
    pub contract: &'a Contract,
    pub scenario: &'a Scenario,
    pub schedule: Schedule,
    pub sampler: Sampler,
    pub metrics: MetricSet,
    pub terms: Reporting,
    /// The first trial (lowest index) seen with a figure that is not a number where one
    /// must be: set by the engine as blocks run, read with [`Model::non_finite`].
    first_non_finite: std::sync::atomic::AtomicU64,
    /// Set from outside to stop the blocks running now between two trials (a run no one
    /// waits for any more): their results are then partial and must be thrown away.
    stop: Option<&'a std::sync::atomic::AtomicBool>,
}

impl<'a> Model<'a> {
    /// A model reporting amounts in cash (nominal terms).
    pub fn new(contract: &'a Contract, scenario: &'a Scenario) -> Self {
        Self::with_terms(contract, scenario, Reporting::Nominal)
    }

    /// A model reporting amounts in the given terms.
    pub fn with_terms(contract: &'a Contract, scenario: &'a Scenario, terms: Reporting) -> Self {
        let schedule = Schedule::new(contract);
        let metrics = MetricSet::new(contract, scenario, &schedule, terms);
        Self::with_metrics(contract, scenario, terms, metrics)
    }

    /// A model of `scenario` with a metric set compiled already, from a scenario of the
    /// same contract and assumptions: what the metrics take from the scenario's expected
    /// world (the payers' shares behind a premium and a net value) is that scenario's, not
    /// this one's. `run --split-uncertainty` runs each parameter draw so, with the shares of
    /// the scenario as `run` runs it.
    pub fn with_metrics(
        contract: &'a Contract,
        scenario: &'a Scenario,
        terms: Reporting,
        metrics: MetricSet,
    ) -> Self {
        let schedule = Schedule::new(contract);
        Model {
            contract,
            scenario,
            sampler: Sampler::new(scenario),
            schedule,
            metrics,
            terms,
            first_non_finite: std::sync::atomic::AtomicU64::new(u64::MAX),
            stop: None,
        }
    }

    /// The model, its blocks stopping between two trials once `flag` is set (checked
    /// before every trial). Whoever sets the flag must discard what the blocks running then
    /// return: they are cut short. Until it is set, nothing changes.
    pub fn stopping_on(mut self, flag: &'a std::sync::atomic::AtomicBool) -> Self {
        self.stop = Some(flag);
        self
    }

    /// Whether the model's blocks were told to stop.
    #[inline]
    pub fn stopped(&self) -> bool {
        self.stop
            .is_some_and(|f| f.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// The first trial of the runs so far whose figures were not all numbers (an amount
    /// infinite or undefined where it must be defined), with what produced it; `None` if
    /// every trial was sound. Analyses are run, then this is asked before anything is
    /// reported, so no summary is ever built on a dropped or infinite trial.
    pub fn non_finite(&self, seed: u64) -> Option<NonFinite> {
        let trial = self
            .first_non_finite
            .load(std::sync::atomic::Ordering::Relaxed);
        (trial != u64::MAX).then(|| diagnose(self, seed, trial))
    }

    /// Whether a trial with figures that were not all numbers has been seen.
    pub fn has_non_finite(&self) -> bool {
        self.first_non_finite
            .load(std::sync::atomic::Ordering::Relaxed)
            != u64::MAX
    }

    fn note_non_finite(&self, trial: u64) {
        self.first_non_finite
            .fetch_min(trial, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A trial whose figures were not all numbers, and the first thing in it that was not.
#[derive(Debug, Clone, PartialEq)]
pub struct NonFinite {
    pub trial: u64,
    pub culprit: Culprit,
}

/// What produced a figure that is not a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Culprit {
    /// An assumption's draw (index into the scenario's assumptions).
    Assumption { index: usize, value: f64 },
    /// A payment under a rule (index into the contract's rules; `None` for termination
    /// compensation), before or after caps.
    Payment {
        rule: Option<usize>,
        period: u32,
        amount: f64,
    },
    /// A metric (index into the model's metrics), when neither of the above is.
    Metric { index: usize, value: f64 },
}

/// Replays trial `trial` of a run with `seed` and finds what first went wrong in it: an
/// assumption drawn as a non-number, else a payment, else the metric.
fn diagnose(model: &Model, seed: u64, trial: u64) -> NonFinite {
    let block = trial / BLOCK;
    let mut w = Workspace::new(model, seed, block);
    let mut out = BlockBuffers::new(model, 1);
    for t in block * BLOCK..=trial {
        w.trial(model, t);
    }
    w.record(model, &mut out, 0);
    let culprit =
        if let Some((index, &value)) = w.draws.iter().enumerate().find(|(_, d)| !d.is_finite()) {
            Culprit::Assumption { index, value }
        } else if let Some(p) = w
            .ledger
            .payments
            .iter()
            .find(|p| !(p.gross.is_finite() && p.amount.is_finite() && p.net.is_finite()))
        {
            Culprit::Payment {
                rule: p.rule,
                period: p.period,
                amount: if p.gross.is_finite() {
                    p.amount
                } else {
                    p.gross
                },
            }
        } else {
            let index = model.metrics.first_unsound(&out.values).unwrap_or(0);
            Culprit::Metric {
                index,
                value: out.values.get(index).copied().unwrap_or(f64::NAN),
            }
        };
    NonFinite { trial, culprit }
}

/// The assumptions' random stream of one block: a SplitMix64-style mix of (seed, block), so
/// streams are independent of how blocks are scheduled.
pub fn block_rng(seed: u64, block: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(seed ^ 0xD1B5_4A32_D192_ED03, block))
}

/// The stream of one trial's participants and measurement (referrals, drop-out, outcomes,
/// termination), apart from the assumptions' stream. Every trial starts its own, so two
/// designs or scenarios that consume these draws differently (another cohort structure, a
/// stress that adds a termination hazard) fall out of step for one trial at most: the basis
/// of common random numbers in `compare`, `stress`, `sensitivity` and `breakeven`.
#[inline]
pub fn trial_rng(seed: u64, trial: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(seed ^ 0x6A09_E667_F3BC_C909, trial))
}

/// The stream of parameter draw `draw` of `run --split-uncertainty` (the outer loop's
/// draws of the parameter assumptions), apart from every block's and trial's stream.
pub fn parameter_rng(seed: u64, draw: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(seed ^ 0x3C6E_F372_FE94_F82B, draw))
}

/// The seed of the inner run of parameter draw `draw` of `run --split-uncertainty`: its
/// blocks' and trials' streams derive from it as any run's derive from its seed.
pub fn inner_seed(seed: u64, draw: u64) -> u64 {
    mix(seed ^ 0xA54F_F53A_5F1D_36F1, draw)
}

#[inline]
fn mix(seed: u64, index: u64) -> u64 {
    let mut x = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// One block's per-trial results, trial-major (`values[trial * metrics + metric]`).
pub struct BlockData<'a> {
    pub block: u64,
    /// Index of the block's first trial in the run.
    pub first_trial: u64,
    pub trials: usize,
    pub values: &'a [f64],
    pub flags: &'a [bool],
    /// The estimates' inputs (`inputs[trial * inputs + i]`).
    pub inputs: &'a [f64],
    /// The assumption draws (`draws[trial * assumptions + a]`), if asked for.
    pub draws: &'a [f64],
}

/// Runs `blocks` of a run of `total` trials in parallel and maps each block's results with
/// `f`, returning the outputs in block order.
pub fn map_blocks<R: Send>(
    model: &Model,
    seed: u64,
    blocks: std::ops::Range<u64>,
    total: u64,
    keep_draws: bool,
    f: &(dyn Fn(BlockData) -> R + Sync),
) -> Vec<R> {
    let na = if keep_draws { model.sampler.len() } else { 0 };
    blocks
        .into_par_iter()
        .map(|block| {
            let first = block * BLOCK;
            let trials = BLOCK.min(total.saturating_sub(first)) as usize;
            let mut out = BlockBuffers::new(model, trials);
            let mut draws = vec![0.0; trials * na];
            run_block(
                model,
                seed,
                block,
                trials,
                &mut out,
                keep_draws.then_some(&mut draws[..]),
            );
            f(out.data(block, first, trials, &draws))
        })
        .collect()
}

/// Blocks run in parallel before their results are merged, for analyses that reduce each
/// block to a few numbers (bounds memory on long runs).
pub const WAVE_BLOCKS: u64 = 64;

/// Splits a run of `trials` into waves of [`WAVE_BLOCKS`] blocks, in order, and maps each
/// with `f` (typically a `map_blocks` call), lazily: the caller merges the outputs in order
/// and only one wave is held at a time.
pub fn waves<R>(
    trials: u64,
    mut f: impl FnMut(std::ops::Range<u64>) -> R,
) -> impl Iterator<Item = R> {
    let blocks = trials.div_ceil(BLOCK);
    (0..blocks)
        .step_by(WAVE_BLOCKS as usize)
        .map(move |start| f(start..(start + WAVE_BLOCKS).min(blocks)))
}

/// Runs the same `blocks` of several models (designs, or one design under several
/// scenarios) on common random numbers, in parallel, and maps each block's results, one
/// [`BlockData`] per model in model order, with `f`; outputs in block order. A model's
/// data equal what [`map_blocks`] gives it alone.
pub fn map_blocks_paired<R: Send>(
    models: &[&Model],
    seed: u64,
    blocks: std::ops::Range<u64>,
    total: u64,
    f: &(dyn Fn(&[BlockData]) -> R + Sync),
) -> Vec<R> {
    blocks
        .into_par_iter()
        .map(|block| {
            let first = block * BLOCK;
            let trials = BLOCK.min(total.saturating_sub(first)) as usize;
            let runs: Vec<BlockBuffers> = models
                .iter()
                .map(|m| {
                    let mut out = BlockBuffers::new(m, trials);
                    run_block(m, seed, block, trials, &mut out, None);
                    out
                })
                .collect();
            let data: Vec<BlockData> = runs
                .iter()
                .map(|out| out.data(block, first, trials, &[]))
                .collect();
            f(&data)
        })
        .collect()
}

/// One trial as the engine sees it: its world, its settlement, and what it records.
pub struct TrialView<'a> {
    pub world: &'a World,
    pub ledger: &'a Ledger,
    /// The trial settled as an exact measurement would see it (when recorded): only what
    /// the payers pay, when the payments stand alone ([`Schedule::payments_stand_alone`]).
    pub exact: Option<&'a Ledger>,
    /// The metrics' values, the events' flags and the estimates' inputs, in the order of
    /// the model's [`MetricSet`].
    pub values: &'a [f64],
    pub flags: &'a [bool],
    pub inputs: &'a [f64],
}

/// Calls `visit` with each trial of block `block` (as the engine runs it: drawn, realised,
/// settled and recorded), for checks and debugging; `trials` at most [`BLOCK`].
pub fn for_each_trial(
    model: &Model,
    seed: u64,
    block: u64,
    trials: u64,
    mut visit: impl FnMut(&TrialView),
) {
    let mut w = Workspace::new(model, seed, block);
    let mut out = BlockBuffers::new(model, 1);
    for i in 0..trials.min(BLOCK) {
        w.trial(model, block * BLOCK + i);
        w.record(model, &mut out, 0);
        visit(&TrialView {
            world: &w.world,
            ledger: &w.ledger,
            exact: model.metrics.needs_exact.then_some(&w.exact_ledger),
            values: &out.values,
            flags: &out.flags,
            inputs: &out.inputs,
        });
    }
}

/// One block's per-trial results, trial-major.
struct BlockBuffers {
    values: Vec<f64>,
    flags: Vec<bool>,
    inputs: Vec<f64>,
}

impl BlockBuffers {
    fn new(model: &Model, trials: usize) -> Self {
        let m = &model.metrics;
        BlockBuffers {
            values: vec![0.0; trials * m.metrics.len()],
            flags: vec![false; trials * m.events.len()],
            inputs: vec![0.0; trials * m.inputs.len()],
        }
    }

    fn data<'a>(
        &'a self,
        block: u64,
        first: u64,
        trials: usize,
        draws: &'a [f64],
    ) -> BlockData<'a> {
        BlockData {
            block,
            first_trial: first,
            trials,
            values: &self.values,
            flags: &self.flags,
            inputs: &self.inputs,
            draws,
        }
    }
}

/// What a block's trials reuse: the streams, the world, the ledger, scratch.
struct Workspace {
    seed: u64,
    rng: Xoshiro256PlusPlus,
    world: World,
    ledger: Ledger,
    /// The trial as an exact measurement would see it, and its settlement (for
    /// `paid_for_measurement_error`).
    exact_world: World,
    exact_ledger: Ledger,
    buffers: metrics::Buffers,
    z: Vec<f64>,
    draws: Vec<f64>,
    realiser: Realiser,
}

impl Workspace {
    fn new(model: &Model, seed: u64, block: u64) -> Self {
        Workspace {
            seed,
            rng: block_rng(seed, block),
            world: World::empty(model.contract),
            ledger: Ledger::new(model.contract, &model.schedule),
            exact_world: World::empty(model.contract),
            exact_ledger: Ledger::new(model.contract, &model.schedule),
            buffers: metrics::Buffers::new(model.contract),
            z: vec![0.0; model.sampler.group_len()],
            draws: vec![0.0; model.sampler.len()],
            realiser: Realiser::new(model.scenario),
        }
    }

    /// Draws, realises and settles trial `trial` (its index in the run).
    #[inline]
    fn trial(&mut self, model: &Model, trial: u64) {
        let (c, s) = (model.contract, model.scenario);
        model
            .sampler
            .draw(&mut self.rng, &mut self.z, &mut self.draws);
        let mut rng = trial_rng(self.seed, trial);
        self.realiser
            .realise(c, s, &self.draws, &mut rng, &mut self.world);
        cashflow::settle(c, &model.schedule, &self.world, &mut self.ledger);
        if model.metrics.needs_exact {
            self.world.measured_exactly(&mut self.exact_world);
            // Only what the payers would have paid is read from it.
            let (world, ledger) = (&self.exact_world, &mut self.exact_ledger);
            if model.schedule.payments_stand_alone {
                cashflow::settle_payments(c, &model.schedule, world, ledger);
            } else {
                cashflow::settle(c, &model.schedule, world, ledger);
            }
        }
    }
}

impl Workspace {
    /// Records the current trial into row `i` of `out`.
    #[inline]
    fn record(&mut self, model: &Model, out: &mut BlockBuffers, i: usize) {
        let m = &model.metrics;
        let (nm, ne, ni) = (m.metrics.len(), m.events.len(), m.inputs.len());
        m.record(
            model.contract,
            &model.schedule,
            &self.world,
            &self.ledger,
            m.needs_exact.then_some(&self.exact_ledger),
            &mut out.values[i * nm..(i + 1) * nm],
            &mut out.flags[i * ne..(i + 1) * ne],
            &mut out.inputs[i * ni..(i + 1) * ni],
            &mut self.buffers,
        );
    }
}

/// One block: a fresh stream and workspace, then the per-trial loop.
fn run_block(
    model: &Model,
    seed: u64,
    block: u64,
    trials: usize,
    out: &mut BlockBuffers,
    mut draws_out: Option<&mut [f64]>,
) {
    let na = model.sampler.len();
    let mut w = Workspace::new(model, seed, block);
    let nm = model.metrics.metrics.len();
    for i in 0..trials {
        if model.stopped() {
            return;
        }
        w.trial(model, block * BLOCK + i as u64);
        w.record(model, out, i);
        if model
            .metrics
            .first_unsound(&out.values[i * nm..(i + 1) * nm])
            .is_some()
        {
            model.note_non_finite(block * BLOCK + i as u64);
        }
        if let Some(d) = draws_out.as_deref_mut() {
            d[i * na..(i + 1) * na].copy_from_slice(&w.draws);
        }
    }
}
