//! A run: simulate, summarise every metric and probability, and say what to watch out for.

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

use crate::engine::{self, BLOCK, EstimateDef, Measure, Model};
use crate::model::contract::{EffectScale, Scope};
use crate::stats::cross::CrossSums;
use crate::stats::stream::{self, BlockMoments, Collected, Moments, PartialPilot, Windows};
use crate::stats::{Estimate, Probability, Summary};
use crate::world::Pooled;
use crate::world::expected::expected_world;

use super::warning::{Code, Value};
use super::{FileRef, ScenarioRef, Warning};

/// What to run.
#[derive(Debug, Clone)]
pub struct RunSettings {
    pub trials: u64,
    pub seed: u64,
    /// Stop once key standard errors fall below this (see [`precision_met`]).
    pub precision: Option<f64>,
    /// The most trials an auto-stopping run may use.
    pub max_trials: u64,
    pub keep_draws: bool,
}

/// The summary of a run, shaped as `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    pub sibyl_version: &'static str,
    pub contract: FileRef,
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub trials: u64,
    /// The terms amounts are in: `nominal` (cash) or `real` (period-0 money).
    pub terms: crate::engine::Reporting,
    pub metrics: IndexMap<String, Summary>,
    pub probabilities: IndexMap<String, Probability>,
    /// Figures of the whole run (ratios of expectations, pooled IRRs), each with its
    /// delta-method standard error.
    pub estimates: IndexMap<String, Estimate>,
    pub warnings: Vec<Warning>,
}

/// Blocks of the pilot (262,144 trials): from them each quantile's value window is set.
/// They are kept whole only when a run ends within them; otherwise only their first
/// [`SUB_PILOT_BLOCKS`] are, and the rest in part ([`PartialPilot`]).
pub const PILOT_BLOCKS: u64 = 64;
/// The pilot's first blocks, kept whole: they bound what the rest of the pilot keeps (see
/// [`PartialPilot`]).
const SUB_PILOT_BLOCKS: u64 = 8;
/// Blocks run in parallel before their results are merged (bounds memory).
const WAVE: u64 = 16;

/// One metric's running statistics.
#[derive(Debug, Clone)]
struct Column {
    moments: Moments,
    /// Values in trial order until windows are set: the sub-pilot's when the rest of the
    /// pilot is kept in part, else the whole pilot's (or a shorter run's).
    kept: Vec<f64>,
    /// The rest of the pilot (until windows are set).
    partial: Option<PartialPilot>,
    windows: Option<Windows>,
    lower_is_worse: bool,
    collected: Collected,
}

/// Everything a run accumulates, merged block by block in block order.
pub struct Accumulator {
    columns: Vec<Column>,
    hits: Vec<u64>,
    /// Per estimate: the sums of its inputs.
    estimates: Vec<CrossSums>,
    pub trials: u64,
    pub blocks: u64,
    /// Whether the run goes past the pilot: only then is the pilot kept in part.
    partial_pilot: bool,
}

/// What one block contributes: exactly what [`Accumulator::ingest`] merges, so a shard of a
/// run can store it and a merge replay it (see [`super::shard`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BlockStats {
    pub(super) trials: u64,
    pub(super) moments: Vec<Moments>,
    pub(super) hits: Vec<u64>,
    pub(super) estimates: Vec<CrossSums>,
    /// Values of the metrics, trial-major (pilot blocks only).
    pub(super) kept: Vec<f64>,
    pub(super) collected: Vec<Collected>,
    #[serde(skip)]
    pub(super) csv: Vec<u8>,
}

impl Accumulator {
    pub(super) fn new(model: &Model) -> Self {
        let columns = (0..model.metrics.metrics.len())
            .map(|i| Column {
                moments: Moments::default(),
                kept: Vec::new(),
                partial: None,
                windows: None,
                lower_is_worse: model.metrics.lower_is_worse(i),
                collected: Collected::default(),
            })
            .collect();
        Accumulator {
            columns,
            hits: vec![0; model.metrics.events.len()],
            estimates: model
                .metrics
                .estimates
                .iter()
                .map(|e| CrossSums::new(e.inputs.len()))
                .collect(),
            trials: 0,
            blocks: 0,
            partial_pilot: false,
        }
    }

    /// Tells the accumulator the run has `total` trials: past the pilot, only a part of the
    /// pilot is kept (to be called before it ingests the sub-pilot's last block).
    pub(super) fn expect(&mut self, total: u64) {
        self.partial_pilot |= total.div_ceil(BLOCK) > PILOT_BLOCKS;
    }

    fn windows(&self) -> Option<Vec<Windows>> {
        self.columns.iter().map(|c| c.windows.clone()).collect()
    }

    /// Block `block` of a run of `total` trials with `seed`, simulated afresh and reduced
    /// as this accumulator would reduce it (with its windows, once they are set): what a
    /// merge checks a part's block against.
    pub(super) fn simulate_block(
        &self,
        model: &Model,
        seed: u64,
        total: u64,
        block: u64,
    ) -> BlockStats {
        let windows = self.windows();
        let mut stats = engine::map_blocks(model, seed, block..block + 1, total, false, &|b| {
            block_stats(model, &b, windows.as_deref(), None)
        });
        stats.remove(0)
    }

    pub(super) fn ingest(&mut self, b: BlockStats) {
        let nm = self.columns.len();
        for (i, col) in self.columns.iter_mut().enumerate() {
            col.moments.merge(&b.moments[i]);
            if !b.kept.is_empty() {
                let values = b.kept.iter().skip(i).step_by(nm).copied();
                match col.partial.as_mut() {
                    Some(p) => values.for_each(|v| p.add(v)),
                    None => {
                        if self.partial_pilot {
                            let sub = (SUB_PILOT_BLOCKS * BLOCK) as usize;
                            col.kept.reserve_exact(sub.saturating_sub(col.kept.len()));
                        }
                        col.kept.extend(values);
                    }
                }
            }
        }
        for (col, c) in self.columns.iter_mut().zip(b.collected) {
            col.collected.merge(c);
        }
        let blocks = self.blocks + 1;
        if blocks % PILOT_BLOCKS == 0
            && blocks > PILOT_BLOCKS
            && ((blocks / PILOT_BLOCKS).is_power_of_two() || blocks % (8 * PILOT_BLOCKS) == 0)
        {
            // Bounded memory: the windows shrink as trials accumulate.
            self.columns.par_iter_mut().for_each(|col| {
                if let Some(w) = &col.windows {
                    col.collected.narrow(w, col.moments.n);
                }
            });
        }
        for (h, x) in self.hits.iter_mut().zip(&b.hits) {
            *h += x;
        }
        for (e, x) in self.estimates.iter_mut().zip(&b.estimates) {
            e.merge(x);
        }
        self.trials += b.trials;
        self.blocks += 1;
        if self.partial_pilot && self.blocks == SUB_PILOT_BLOCKS && !b.kept.is_empty() {
            let scale = (PILOT_BLOCKS / SUB_PILOT_BLOCKS) as f64;
            self.columns.par_iter_mut().for_each(|col| {
                col.partial = Some(PartialPilot::new(&col.kept, scale, col.lower_is_worse));
                col.kept = Vec::new();
            });
        }
    }

    /// Whether the pilot has just been ingested and its windows are not yet set.
    pub(super) fn pilot_done(&self) -> bool {
        self.blocks == PILOT_BLOCKS && self.columns.iter().all(|c| c.windows.is_none())
    }

    /// After the pilot of a run of `total` trials with `seed`: set each metric's windows and
    /// pass the pilot's values through them. A metric whose kept part of the pilot does not
    /// hold its windows' edges (rare) has its pilot simulated again, whole.
    pub(super) fn set_windows(&mut self, model: &Model, seed: u64, total: u64) {
        self.columns.par_iter_mut().for_each(|col| {
            if let Some((w, c)) = col.partial.as_ref().and_then(PartialPilot::windows) {
                col.windows = Some(w);
                col.collected = c;
                col.partial = None;
            }
        });
        let again: Vec<usize> = (0..self.columns.len())
            .filter(|&i| self.columns[i].windows.is_none())
            .collect();
        if again.is_empty() {
            return;
        }
        let whole = if self.columns[again[0]].partial.is_some() {
            pilot_columns(model, seed, total, &again)
        } else {
            // A pilot kept whole (no sub-pilot was set up).
            again
                .iter()
                .map(|&i| std::mem::take(&mut self.columns[i].kept))
                .collect()
        };
        for (&i, kept) in again.iter().zip(whole) {
            let col = &mut self.columns[i];
            let mut pilot: Vec<f64> = kept.iter().copied().filter(|v| !v.is_nan()).collect();
            let w = Windows::from_pilot(&mut pilot, col.lower_is_worse);
            let mut c = Collected::default();
            for &v in &kept {
                c.add(&w, v);
            }
            col.collected = c;
            col.kept = Vec::new();
            col.partial = None;
            col.windows = Some(w);
        }
    }
}

/// Metric `i`'s values in a block (`nm` metrics a trial), in trial order.
fn column(b: &engine::BlockData, i: usize, nm: usize) -> Vec<f64> {
    b.values.iter().skip(i).step_by(nm).copied().collect()
}

/// The pilot's values of the metrics `columns`, simulated again, each in trial order.
fn pilot_columns(model: &Model, seed: u64, total: u64, columns: &[usize]) -> Vec<Vec<f64>> {
    let nm = model.metrics.metrics.len();
    let blocks = engine::map_blocks(model, seed, 0..PILOT_BLOCKS, total, false, &|b| {
        columns
            .iter()
            .map(|&i| column(&b, i, nm))
            .collect::<Vec<_>>()
    });
    let mut out = vec![Vec::new(); columns.len()];
    for block in blocks {
        for (o, v) in out.iter_mut().zip(block) {
            o.extend(v);
        }
    }
    out
}

impl Accumulator {
    /// Standard errors of the key metrics on the precision scale (see [`precision_met`]).
    pub fn key_errors(&self, model: &Model) -> Vec<(String, f64)> {
        model
            .metrics
            .metrics
            .iter()
            .zip(&self.columns)
            .filter_map(|((name, m), col)| {
                let relative = match m {
                    Measure::TrancheIrr(_) | Measure::TrancheMoic(_) => false,
                    Measure::PayerPaid(_) | Measure::DealPaid => true,
                    _ => return None,
                };
                let mo = &col.moments;
                if mo.n < 2 {
                    return Some((name.clone(), f64::INFINITY));
                }
                let se = mo.se();
                let scaled = if relative {
                    if mo.mean().abs() > 0.0 {
                        se / mo.mean().abs()
                    } else {
                        0.0
                    }
                } else {
                    se
                };
                Some((name.clone(), scaled))
            })
            .collect()
    }
}

/// The key metrics' standard errors are at most `target`: in rate units for IRR and MOIC,
/// as a share of the mean for amounts paid.
pub fn precision_met(model: &Model, acc: &Accumulator, target: f64) -> bool {
    acc.key_errors(model).iter().all(|(_, e)| *e <= target)
}

/// Turns one block's trials into per-trial rows.
pub type Rows<'a> = dyn Fn(&engine::BlockData) -> Vec<u8> + Sync + 'a;

/// Where a run's per-trial rows go: `rows` turns one block's trials into bytes (run in
/// parallel with the block), `sink` receives them in trial order.
pub struct PerTrial<'a> {
    pub rows: &'a Rows<'a>,
    pub sink: &'a mut dyn std::io::Write,
}

/// Simulates the run: `settings.trials` trials or, with a precision, whole blocks (doubling)
/// until the key standard errors are small enough or `max_trials` is reached. Results for
/// N trials are the same however they were reached. With `per_trial`, every trial's row is
/// written in trial order. Returns the accumulator and whether the precision was met.
pub fn simulate(
    model: &Model,
    settings: &RunSettings,
    per_trial: Option<PerTrial<'_>>,
    on_block: &(dyn Fn(u64) + Sync),
) -> std::io::Result<(Accumulator, bool)> {
    simulate_waves(model, settings, per_trial, on_block, WAVE, &|| false)
}

/// [`simulate`], asking `cancelled` before each wave of as many blocks as the thread pool
/// has threads: once it says yes, the run stops with an error of kind
/// [`std::io::ErrorKind::Interrupted`]. A run that is not cancelled gives exactly what
/// [`simulate`] gives (blocks are merged one by one in block order, whatever the waves).
pub fn simulate_unless(
    model: &Model,
    settings: &RunSettings,
    per_trial: Option<PerTrial<'_>>,
    on_block: &(dyn Fn(u64) + Sync),
    cancelled: &dyn Fn() -> bool,
) -> std::io::Result<(Accumulator, bool)> {
    let wave = (rayon::current_num_threads() as u64).clamp(1, WAVE);
    simulate_waves(model, settings, per_trial, on_block, wave, cancelled)
}

fn simulate_waves(
    model: &Model,
    settings: &RunSettings,
    mut per_trial: Option<PerTrial<'_>>,
    on_block: &(dyn Fn(u64) + Sync),
    wave: u64,
    cancelled: &dyn Fn() -> bool,
) -> std::io::Result<(Accumulator, bool)> {
    let mut acc = Accumulator::new(model);
    let (mut total, max) = match settings.precision {
        None => (settings.trials, settings.trials),
        // Whole blocks, doubling, up to exactly `max_trials` (the last block may be part of
        // one); the starting count is at most `max_trials`.
        Some(_) => {
            let max = settings.max_trials.max(1);
            let start = settings.trials.max(1).div_ceil(BLOCK).saturating_mul(BLOCK);
            (start.min(max), max)
        }
    };
    let rows = per_trial.as_ref().map(|p| p.rows);
    loop {
        let blocks = total.div_ceil(BLOCK);
        let from = acc.blocks;
        let sound = simulate_blocks(
            model,
            settings.seed,
            total,
            from..blocks,
            &mut acc,
            rows,
            on_block,
            Waves { wave, cancelled },
            &mut |acc, _, s| {
                if let Some(p) = per_trial.as_mut() {
                    p.sink.write_all(&s.csv)?;
                }
                acc.ingest(s);
                Ok(())
            },
        )?;
        if !sound {
            return Ok((acc, false));
        }
        let precise = settings
            .precision
            .is_none_or(|p| precision_met(model, &acc, p));
        if precise || total >= max {
            return Ok((acc, precise));
        }
        total = total.saturating_mul(2).min(max);
    }
}

/// How many blocks run in parallel before their results are merged, and whether to stop
/// before the next wave (the run then ends with an error of kind `Interrupted`).
#[derive(Clone, Copy)]
pub(super) struct Waves<'a> {
    pub wave: u64,
    pub cancelled: &'a dyn Fn() -> bool,
}

impl Waves<'_> {
    /// Waves of [`WAVE`] blocks, never cancelled.
    pub(super) fn whole() -> Waves<'static> {
        Waves {
            wave: WAVE,
            cancelled: &|| false,
        }
    }
}

/// What a simulation does with each block it has computed (its index and stats), in block
/// order: a whole run ingests every block; a shard keeps those it owns.
pub(super) type Take<'a> = dyn FnMut(&mut Accumulator, u64, BlockStats) -> std::io::Result<()> + 'a;

/// Simulates `blocks` of a run of `total` trials in waves, in block order, and hands each
/// block's stats to `take`. Blocks are reduced against the windows `acc` holds (none until
/// it has ingested the pilot, which `take` does for a whole run), and the windows are set
/// as soon as `acc` holds the pilot. Returns `false` once a trial whose amounts were not
/// numbers has been seen: nothing will be reported from it (the command asks the model), so
/// the rest is not simulated.
#[allow(clippy::too_many_arguments)]
pub(super) fn simulate_blocks(
    model: &Model,
    seed: u64,
    total: u64,
    blocks: std::ops::Range<u64>,
    acc: &mut Accumulator,
    rows: Option<&Rows<'_>>,
    on_block: &(dyn Fn(u64) + Sync),
    waves: Waves<'_>,
    take: &mut Take<'_>,
) -> std::io::Result<bool> {
    acc.expect(total);
    let mut next = blocks.start;
    while next < blocks.end {
        if (waves.cancelled)() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "the run was cancelled",
            ));
        }
        let mut end = (next + waves.wave).min(blocks.end);
        if next < PILOT_BLOCKS {
            // The pilot's blocks carry every value: fewer at a time.
            let threads = rayon::current_num_threads() as u64;
            end = end.min(PILOT_BLOCKS).min(next + (2 * threads).max(1));
        }
        let windows = acc.windows();
        let stats = engine::map_blocks(model, seed, next..end, total, rows.is_some(), &|b| {
            on_block(b.trials as u64);
            block_stats(model, &b, windows.as_deref(), rows)
        });
        if model.stopped() || (waves.cancelled)() {
            // Blocks may have been cut short: nothing of this wave is taken.
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "the run was cancelled",
            ));
        }
        for (block, s) in (next..end).zip(stats) {
            take(acc, block, s)?;
        }
        if acc.pilot_done() {
            acc.set_windows(model, seed, total);
        }
        if model.has_non_finite() {
            return Ok(false);
        }
        next = end;
    }
    Ok(true)
}

/// One block reduced: moments and event counts, then either its values (pilot) or what
/// falls in the windows.
fn block_stats(
    model: &Model,
    b: &engine::BlockData,
    windows: Option<&[Windows]>,
    rows: Option<&Rows<'_>>,
) -> BlockStats {
    let nm = model.metrics.metrics.len();
    let ne = model.metrics.events.len();
    let mut moments = vec![BlockMoments::default(); nm];
    let mut collected = vec![Collected::default(); if windows.is_some() { nm } else { 0 }];
    match windows {
        Some(w) => {
            for row in b.values.chunks_exact(nm) {
                let columns = moments.iter_mut().zip(collected.iter_mut().zip(w));
                for (&v, (m, (c, w))) in row.iter().zip(columns) {
                    m.add(v);
                    c.add(w, v);
                }
            }
        }
        None => {
            for row in b.values.chunks_exact(nm) {
                for (&v, m) in row.iter().zip(&mut moments) {
                    m.add(v);
                }
            }
        }
    }
    let mut hits = vec![0u64; ne];
    for row in b.flags.chunks_exact(ne) {
        for (h, &f) in hits.iter_mut().zip(row) {
            *h += u64::from(f);
        }
    }
    BlockStats {
        trials: b.trials as u64,
        moments: moments.iter().map(BlockMoments::finish).collect(),
        hits,
        estimates: estimate_sums(model, b),
        kept: if windows.is_none() {
            b.values.to_vec()
        } else {
            Vec::new()
        },
        collected,
        csv: match rows {
            Some(rows) => rows(b),
            None => Vec::new(),
        },
    }
}

/// One block's sums of each estimate's inputs: one pass over the trials, each trial's
/// row read once for every estimate (each estimate's sums receive the trials in order,
/// as [`block_sums`] adds them).
pub fn estimate_sums(model: &Model, b: &engine::BlockData) -> Vec<CrossSums> {
    let estimates = &model.metrics.estimates;
    let mut sums: Vec<CrossSums> = estimates
        .iter()
        .map(|e| CrossSums::new(e.inputs.len()))
        .collect();
    let widest = estimates.iter().map(|e| e.inputs.len()).max().unwrap_or(0);
    let mut nonzero = Vec::with_capacity(widest);
    for row in input_rows(model, b) {
        for (e, sums) in estimates.iter().zip(&mut sums) {
            add_trial(e, row, &mut nonzero, sums);
        }
    }
    sums
}

/// One block's sums of one estimate's inputs.
pub fn block_sums(model: &Model, e: &EstimateDef, b: &engine::BlockData) -> CrossSums {
    let mut sums = CrossSums::new(e.inputs.len());
    let mut nonzero = Vec::with_capacity(e.inputs.len());
    for row in input_rows(model, b) {
        add_trial(e, row, &mut nonzero, &mut sums);
    }
    sums
}

/// A block's rows of per-trial inputs.
fn input_rows<'a>(model: &Model, b: &engine::BlockData<'a>) -> impl Iterator<Item = &'a [f64]> {
    let ni = model.metrics.inputs.len();
    b.inputs.chunks_exact(ni.max(1)).take(b.trials)
}

/// Adds one trial's inputs to an estimate's sums, gathering its nonzero inputs (cash flows
/// are mostly zero) into `nonzero`.
#[inline]
fn add_trial(e: &EstimateDef, row: &[f64], nonzero: &mut Vec<(usize, f64)>, sums: &mut CrossSums) {
    nonzero.clear();
    nonzero.extend(
        e.inputs
            .iter()
            .enumerate()
            .map(|(j, &i)| (j, row[i]))
            .filter(|&(_, v)| v != 0.0),
    );
    sums.add_nonzero(nonzero);
}

/// Estimate `e` of a model over `trials` trials of `seed` (the trials `run` simulates).
pub fn estimate_of(
    model: &Model,
    e: usize,
    seed: u64,
    trials: u64,
    on_block: &(dyn Fn(u64) + Sync),
) -> Estimate {
    let def = &model.metrics.estimates[e];
    let mut sums = CrossSums::new(def.inputs.len());
    let parts = engine::waves(trials, |range| {
        engine::map_blocks(model, seed, range, trials, false, &|b| {
            on_block(b.trials as u64);
            block_sums(model, def, &b)
        })
    });
    for part in parts.flatten() {
        sums.merge(&part);
    }
    def.evaluate(&sums)
}

/// Every estimate of a run.
pub fn estimates(model: &Model, acc: &Accumulator) -> IndexMap<String, Estimate> {
    model
        .metrics
        .estimates
        .iter()
        .zip(&acc.estimates)
        .map(|(e, sums)| (e.name.clone(), e.evaluate(sums)))
        .collect()
}

/// Every metric's summary and every probability. A metric whose final rank fell outside
/// its window (vanishingly rare) gets an exact second pass over all blocks.
pub fn summarise(
    model: &Model,
    settings: &RunSettings,
    acc: Accumulator,
) -> (IndexMap<String, Summary>, IndexMap<String, Probability>) {
    let trials = acc.trials;
    let probabilities = model
        .metrics
        .events
        .iter()
        .zip(&acc.hits)
        .map(|((name, _), &h)| (name.clone(), Probability::new(h, trials)))
        .collect();
    let nm = model.metrics.metrics.len();
    // Every value of metric `i`, simulated again: its summary from them.
    let second_pass = |i: usize, m: &Moments| {
        let mut all: Vec<f64> = engine::map_blocks(
            model,
            settings.seed,
            0..trials.div_ceil(BLOCK),
            trials,
            false,
            &|b| column(&b, i, nm),
        )
        .into_iter()
        .flatten()
        .collect();
        stream::from_values(&mut all, m, model.metrics.lower_is_worse(i))
    };
    let summaries: Vec<Summary> = acc
        .columns
        .into_par_iter()
        .enumerate()
        .map(|(i, mut col)| match col.windows.take() {
            None if col.partial.is_none() => {
                stream::from_values(&mut col.kept, &col.moments, model.metrics.lower_is_worse(i))
            }
            // A run stopped within the pilot, which was kept in part.
            None => second_pass(i, &col.moments),
            Some(w) => col
                .collected
                .finish(&w, &col.moments)
                .unwrap_or_else(|| second_pass(i, &col.moments)),
        })
        .collect();
    let metrics = model
        .metrics
        .metrics
        .iter()
        .zip(summaries)
        .map(|((name, _), s)| (name.clone(), s))
        .collect();
    (metrics, probabilities)
}

/// What a reader should know before trusting the figures.
pub fn warnings(
    model: &Model,
    probabilities: &IndexMap<String, Probability>,
    estimates: &IndexMap<String, Estimate>,
    key_errors: &[(String, f64)],
    settings: &RunSettings,
    precise: bool,
) -> Vec<Warning> {
    let mut out = Vec::new();
    if let (Some(target), false) = (settings.precision, precise) {
        let worst = key_errors
            .iter()
            .filter(|(_, e)| *e > target)
            .map(|(n, e)| format!("{n} ({e:.2e})"))
            .collect::<Vec<_>>();
        out.push(Warning::new(
            Code::PrecisionNotReached,
            vec![
                ("names", Value::Text(worst.join(", "))),
                ("target", Value::Number(target)),
                ("max", Value::Money(settings.max_trials as f64)),
            ],
        ));
    }
    for (name, p) in probabilities {
        if name == "deal.payment_after_horizon" && p.p > 0.0 {
            out.push(Warning::new(
                Code::PaymentAfterHorizon,
                vec![
                    ("share", Value::Percent(p.p, 2)),
                    ("last", Value::Number((model.schedule.horizon - 1) as f64)),
                ],
            ));
        }
        if let Some(cap) = name.strip_suffix(".binds") {
            if p.p > 0.5 {
                out.push(Warning::new(
                    Code::CapBindsMostly,
                    vec![
                        ("cap", Value::Text(cap.to_string())),
                        ("share", Value::Percent(p.p, 0)),
                    ],
                ));
            }
        }
        if let Some(tranche) = name.strip_suffix(".irr_undefined") {
            if p.p > 0.0 {
                out.push(Warning::new(
                    Code::IrrUndefined,
                    vec![
                        ("tranche", Value::Text(tranche.to_string())),
                        ("share", Value::Percent(p.p, 2)),
                    ],
                ));
            }
        }
    }
    for (name, e) in estimates {
        if name.contains(".cost_per_true_outcome.") && e.se > 0.5 * e.value.abs() {
            out.push(Warning::new(
                Code::CostPerOutcomeImprecise,
                vec![
                    ("name", Value::Text(name.clone())),
                    ("value", Value::Money(e.value)),
                    ("se", Value::Money(e.se)),
                ],
            ));
        }
        if !e.value.is_nan() {
            continue;
        }
        if name.contains(".cost_per_true_outcome.") {
            out.push(Warning::new(
                Code::CostPerOutcomeUndefined,
                vec![("name", Value::Text(name.clone()))],
            ));
        }
        if let Some(tranche) = name.strip_suffix(".pooled_irr") {
            out.push(Warning::new(
                Code::PooledIrrUndefined,
                vec![
                    ("name", Value::Text(name.clone())),
                    (
                        "tranche",
                        Value::Text(tranche.strip_prefix("tranche.").unwrap_or(tranche).into()),
                    ),
                ],
            ));
        }
    }
    out.extend(thresholds_within_noise(model));
    out
}

/// Threshold and tier rules whose trigger lies within two standard errors of the measured
/// effect expected in the scenario: sampling noise, not the programme, decides whether
/// they pay.
fn thresholds_within_noise(model: &Model) -> Vec<Warning> {
    let (c, s) = (model.contract, model.scenario);
    let world = expected_world(c, s);
    let mut out = Vec::new();
    for rule in &c.rules {
        let Some((metric, scale, triggers)) = rule.triggers() else {
            continue;
        };
        let m = &c.metrics[metric];
        // A pooled rule tests all its cohorts together; a per-cohort rule each on its own.
        let groups: Vec<(Vec<usize>, Value)> = match rule.scope {
            Scope::Pooled => vec![(
                rule.cohorts.clone(),
                Value::Phrase("warning-group-pooled", vec![]),
            )],
            Scope::PerCohort => rule
                .cohorts
                .iter()
                .map(|&k| {
                    let cohort = Value::Text(c.cohorts[k].id.clone());
                    (
                        vec![k],
                        Value::Phrase("warning-group-cohort", vec![("cohort", cohort)]),
                    )
                })
                .collect(),
        };
        for (cohorts, label) in groups {
            let p = Pooled::of(&world, metric, cohorts.iter().copied());
            if p.n <= 0.0 {
                continue;
            }
            let effect = p.effect(m.direction, scale == EffectScale::Relative);
            let mut var = p.var_treated / p.n;
            if p.n_counterfactual > 0.0 {
                var += p.var_counterfactual / p.n_counterfactual;
            }
            let mut se = var.sqrt();
            if scale == EffectScale::Relative && p.counterfactual > 0.0 {
                se /= p.counterfactual;
            }
            if let Some(t) = triggers.iter().find(|&&t| (t - effect).abs() < 2.0 * se) {
                out.push(Warning::new(
                    Code::TriggerWithinNoise,
                    vec![
                        ("rule", Value::Text(rule.id.clone())),
                        ("trigger", Value::Number(*t)),
                        ("effect", Value::Number((effect * 1e4).round() / 1e4)),
                        ("se", Value::Fixed(se, 3)),
                        ("group", label),
                    ],
                ));
                break;
            }
        }
    }
    out
}

/// A run's figures without files: what `run` reports for the same model and settings.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub trials: u64,
    pub metrics: IndexMap<String, Summary>,
    pub probabilities: IndexMap<String, Probability>,
    pub estimates: IndexMap<String, Estimate>,
    pub warnings: Vec<Warning>,
}

/// Simulates and summarises a model as `run` does, without writing anything.
pub fn outcome(model: &Model, settings: &RunSettings, on_block: &(dyn Fn(u64) + Sync)) -> Outcome {
    let (acc, precise) = match simulate(model, settings, None, on_block) {
        Ok(done) => done,
        // Only the per-trial CSV can fail to be written, and there is none here.
        Err(e) => unreachable!("a run without a CSV writes nothing: {e}"),
    };
    outcome_of(model, settings, acc, precise)
}

/// A simulated run's figures (its accumulator whole, from one process or merged).
pub fn outcome_of(
    model: &Model,
    settings: &RunSettings,
    acc: Accumulator,
    precise: bool,
) -> Outcome {
    let key_errors = acc.key_errors(model);
    let trials = acc.trials;
    let estimates = estimates(model, &acc);
    let (metrics, probabilities) = summarise(model, settings, acc);
    let warnings = warnings(
        model,
        &probabilities,
        &estimates,
        &key_errors,
        settings,
        precise,
    );
    Outcome {
        trials,
        metrics,
        probabilities,
        estimates,
        warnings,
    }
}
