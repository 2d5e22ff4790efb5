//! The Monte Carlo engine: trials in fixed blocks, each block with its own random stream
//! derived from (seed, block index), run in parallel and combined in block order, so the
//! results are bit-identical on any number of threads.
//!
//! Per trial: draw the assumptions (copula), realise the world (aggregate binomial and
//! Poisson draws), settle it through [`crate::cashflow::settle`], record the metrics. The
//! per-trial loop reuses one workspace per block and allocates nothing.

mod draws;
pub mod metrics;
mod realise;

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use crate::cashflow::{self, Ledger, Schedule, World};
use crate::model::{Contract, Scenario};

pub use draws::Sampler;
pub use metrics::{Event, Measure, MetricSet};

/// Trials per block: the unit of random streams and of parallel work.
pub const BLOCK: u64 = 4_096;

/// A contract and scenario compiled for simulation.
pub struct Model<'a> {
    pub contract: &'a Contract,
    pub scenario: &'a Scenario,
    pub schedule: Schedule,
    pub sampler: Sampler,
    pub metrics: MetricSet,
}

impl<'a> Model<'a> {
    pub fn new(contract: &'a Contract, scenario: &'a Scenario) -> Self {
        let schedule = Schedule::new(contract);
        let metrics = MetricSet::new(contract, scenario, &schedule);
        Model {
            contract,
            scenario,
            sampler: Sampler::new(scenario),
            schedule,
            metrics,
        }
    }
}

/// The outcome of a range of trials, trial-major: `values[trial * metrics + metric]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trials {
    pub count: u64,
    pub values: Vec<f64>,
    pub flags: Vec<bool>,
    /// The assumption draws, `draws[trial * assumptions + a]`, when asked for.
    pub draws: Vec<f64>,
}

/// The random stream of one block: a SplitMix64-style mix of (seed, block), so streams are
/// independent of how blocks are scheduled.
pub fn block_rng(seed: u64, block: u64) -> Xoshiro256PlusPlus {
    let mut x = seed ^ block.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Xoshiro256PlusPlus::seed_from_u64(x ^ (x >> 31))
}

/// One block's per-trial results, trial-major (`values[trial * metrics + metric]`).
pub struct BlockData<'a> {
    pub block: u64,
    /// Index of the block's first trial in the run.
    pub first_trial: u64,
    pub trials: usize,
    pub values: &'a [f64],
    pub flags: &'a [bool],
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
    let nm = model.metrics.metrics.len();
    let ne = model.metrics.events.len();
    let na = if keep_draws { model.sampler.len() } else { 0 };
    blocks
        .into_par_iter()
        .map(|block| {
            let first = block * BLOCK;
            let trials = BLOCK.min(total.saturating_sub(first)) as usize;
            let mut values = vec![0.0; trials * nm];
            let mut flags = vec![false; trials * ne];
            let mut draws = vec![0.0; trials * na];
            run_block(
                model,
                seed,
                block,
                trials,
                &mut values,
                &mut flags,
                keep_draws.then_some(&mut draws[..]),
            );
            f(BlockData {
                block,
                first_trial: first,
                trials,
                values: &values,
                flags: &flags,
                draws: &draws,
            })
        })
        .collect()
}

/// Runs trials `first_block * BLOCK ..` (`trials` of them) and keeps every value.
pub fn simulate(
    model: &Model,
    seed: u64,
    first_block: u64,
    trials: u64,
    keep_draws: bool,
    on_block: &(dyn Fn(u64) + Sync),
) -> Trials {
    let first = first_block * BLOCK;
    let blocks = first_block..first_block + trials.div_ceil(BLOCK);
    let parts = map_blocks(model, seed, blocks, first + trials, keep_draws, &|b| {
        on_block(b.trials as u64);
        (b.values.to_vec(), b.flags.to_vec(), b.draws.to_vec())
    });
    let mut out = Trials {
        count: trials,
        ..Trials::default()
    };
    for (v, f, d) in parts {
        out.values.extend(v);
        out.flags.extend(f);
        out.draws.extend(d);
    }
    out
}

/// Calls `visit` with the world and settled ledger of each trial of block `block` (as the
/// engine sees them), for checks and debugging; `trials` at most [`BLOCK`].
pub fn for_each_trial(
    model: &Model,
    seed: u64,
    block: u64,
    trials: u64,
    mut visit: impl FnMut(&World, &Ledger),
) {
    let (c, s) = (model.contract, model.scenario);
    let mut rng = block_rng(seed, block);
    let mut world = World::empty(c);
    let mut ledger = Ledger::new(c, &model.schedule);
    let mut z = vec![0.0; model.sampler.group_len()];
    let mut draws = vec![0.0; model.sampler.len()];
    let mut realiser = realise::Realiser::new(s);
    for _ in 0..trials.min(BLOCK) {
        model.sampler.draw(&mut rng, &mut z, &mut draws);
        realiser.realise(c, s, &draws, &mut rng, &mut world);
        cashflow::settle(c, &model.schedule, &world, &mut ledger);
        visit(&world, &ledger);
    }
}

/// One block: a fresh stream and workspace, then the per-trial loop.
fn run_block(
    model: &Model,
    seed: u64,
    block: u64,
    trials: usize,
    values: &mut [f64],
    flags: &mut [bool],
    mut draws_out: Option<&mut [f64]>,
) {
    let (c, s) = (model.contract, model.scenario);
    let nm = model.metrics.metrics.len();
    let ne = model.metrics.events.len();
    let na = model.sampler.len();
    let mut rng = block_rng(seed, block);
    let mut world = World::empty(c);
    let mut ledger = Ledger::new(c, &model.schedule);
    let mut z = vec![0.0; model.sampler.group_len()];
    let mut draws = vec![0.0; na];
    let mut realiser = realise::Realiser::new(s);
    for i in 0..trials {
        model.sampler.draw(&mut rng, &mut z, &mut draws);
        realiser.realise(c, s, &draws, &mut rng, &mut world);
        cashflow::settle(c, &model.schedule, &world, &mut ledger);
        model.metrics.record(
            c,
            &model.schedule,
            &world,
            &ledger,
            &mut values[i * nm..(i + 1) * nm],
            &mut flags[i * ne..(i + 1) * ne],
        );
        if let Some(d) = draws_out.as_deref_mut() {
            d[i * na..(i + 1) * na].copy_from_slice(&draws);
        }
    }
}
