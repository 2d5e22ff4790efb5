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

/// Runs blocks `first_block ..` covering `trials` trials; `on_block` is told as blocks finish.
pub fn simulate(
    model: &Model,
    seed: u64,
    first_block: u64,
    trials: u64,
    keep_draws: bool,
    on_block: &(dyn Fn(u64) + Sync),
) -> Trials {
    let nm = model.metrics.metrics.len();
    let ne = model.metrics.events.len();
    let na = model.sampler.len();
    let blocks = trials.div_ceil(BLOCK);
    let mut out = Trials {
        count: trials,
        values: vec![0.0; trials as usize * nm],
        flags: vec![false; trials as usize * ne],
        draws: if keep_draws {
            vec![0.0; trials as usize * na]
        } else {
            Vec::new()
        },
    };
    let chunk = BLOCK as usize;
    let values = out.values.par_chunks_mut((chunk * nm).max(1));
    let flags = out.flags.par_chunks_mut((chunk * ne).max(1));
    if keep_draws && na > 0 {
        let draws = out.draws.par_chunks_mut(chunk * na);
        values
            .zip(flags)
            .zip(draws)
            .enumerate()
            .for_each(|(b, ((v, f), d))| {
                run_block(model, seed, first_block + b as u64, v, f, Some(d));
                on_block(v.len().checked_div(nm).unwrap_or(0) as u64);
            });
    } else if nm > 0 && ne > 0 {
        values.zip(flags).enumerate().for_each(|(b, (v, f))| {
            run_block(model, seed, first_block + b as u64, v, f, None);
            on_block((v.len() / nm) as u64);
        });
    }
    debug_assert_eq!(
        blocks as usize,
        (out.values.len() / nm.max(1)).div_ceil(chunk)
    );
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
    values: &mut [f64],
    flags: &mut [bool],
    mut draws_out: Option<&mut [f64]>,
) {
    let (c, s) = (model.contract, model.scenario);
    let nm = model.metrics.metrics.len();
    let ne = model.metrics.events.len();
    let na = model.sampler.len();
    let trials = values.len() / nm;
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
