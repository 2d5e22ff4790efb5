//! A run split over shards and merged exactly.
//!
//! A run of `trials` trials is `trials.div_ceil(BLOCK)` blocks, each simulated from its own
//! random stream, so any process can compute any block. Shard I of N computes the blocks it
//! owns (a contiguous range) and keeps, for each, exactly the state [`Accumulator::ingest`]
//! merges: moments, event counts, estimate sums and, for pilot blocks, their values; for
//! later blocks, the values inside the quantile windows. The windows come from the pilot
//! (the first [`PILOT_BLOCKS`] blocks), which a shard owning later blocks simulates for
//! itself from the seed (without keeping the blocks it does not own). The merge replays
//! the blocks in block order through the same accumulator, setting the windows at the same
//! block, so its accumulator, and every figure summarised from it, is bit-identical to the
//! single run's, whatever the number of shards.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::engine::{self, BLOCK, Model};

use super::paired::{Difference, PairMoments, Pairing};
use super::run::{Accumulator, BlockStats, PILOT_BLOCKS, PerTrial, Waves, simulate_blocks};

/// The blocks of a run of `trials` trials.
pub fn total_blocks(trials: u64) -> u64 {
    trials.div_ceil(BLOCK)
}

/// What one shard computed: the stats of its blocks, in block order from `first_block`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub first_block: u64,
    pub blocks: Vec<BlockStats>,
}

/// The first bytes of a part's binary file: its format and version.
pub const MAGIC: &[u8; 13] = b"sibyl-part/2\n";

/// The first bytes of a comparison's part file.
pub const MAGIC_COMPARE: &[u8; 13] = b"sibyl-pair/2\n";

/// The SHA-256 of what a part belongs to (its inputs, settings, shard and build), which
/// its binary file carries after the magic, so that a part's blocks cannot be taken for
/// another run's.
pub type Identity = [u8; 32];

/// `value` as bytes: `magic`, the 32 bytes of `identity`, then postcard (integers as
/// varints, every f64 as its 8 bytes, little-endian).
fn encode_with<T: Serialize>(magic: &[u8], identity: &Identity, value: &T) -> Vec<u8> {
    let mut out = magic.to_vec();
    out.extend_from_slice(identity);
    // Vectors and numbers only: serialising into memory cannot fail.
    out.extend(postcard::to_stdvec(value).expect("a part serialises"));
    out
}

/// Reads bytes written by [`encode_with`] back, refusing anything that is not one whole
/// value of the run whose identity is `identity`.
fn decode_with<T: serde::de::DeserializeOwned>(
    magic: &[u8],
    identity: &Identity,
    bytes: &[u8],
) -> Result<T, String> {
    let body = bytes.strip_prefix(magic).ok_or_else(|| {
        format!(
            "it does not start as a sibyl part file ({})",
            String::from_utf8_lossy(magic).trim_end()
        )
    })?;
    if body.len() < identity.len() {
        return Err("it is damaged or truncated (no identity)".into());
    }
    let (id, body) = body.split_at(identity.len());
    if id != identity {
        return Err(
            "its blocks belong to another run (or another shard) than its part.json says".into(),
        );
    }
    let (value, rest) = postcard::take_from_bytes::<T>(body)
        .map_err(|e| format!("it is damaged or truncated ({e})"))?;
    if !rest.is_empty() {
        return Err(format!("it has {} bytes after the part's end", rest.len()));
    }
    Ok(value)
}

impl Part {
    /// The part as bytes: [`MAGIC`], `identity`, then the blocks (postcard).
    pub fn encode(&self, identity: &Identity) -> Vec<u8> {
        encode_with(MAGIC, identity, self)
    }

    /// Reads a part's bytes back, refusing anything that is not one whole part of the run
    /// whose identity is `identity`.
    pub fn decode(bytes: &[u8], identity: &Identity) -> Result<Part, String> {
        decode_with(MAGIC, identity, bytes)
    }

    /// The blocks this part holds.
    pub fn range(&self) -> Range<u64> {
        self.first_block..self.first_block + self.blocks.len() as u64
    }
}

/// The blocks a shard owning `own` simulates: its own and, if it owns any block past the
/// pilot, the pilot's (for the windows), as at most two ascending ranges.
#[allow(clippy::single_range_in_vec_init)]
pub fn computed(own: &Range<u64>, total: u64) -> Vec<Range<u64>> {
    let pilot = if !own.is_empty() && own.end > PILOT_BLOCKS {
        PILOT_BLOCKS.min(total)
    } else {
        0
    };
    if pilot == 0 || own.start == 0 {
        vec![own.clone()]
    } else if own.start <= pilot {
        vec![0..own.end]
    } else {
        vec![0..pilot, own.clone()]
    }
}

/// Simulates the blocks `own` of a run of `trials` trials with `seed` and keeps their stats
/// (and writes their per-trial rows, in trial order, with `per_trial`). As the whole run
/// does, it stops early once a trial whose amounts were not numbers is seen (the command
/// asks the model).
pub fn simulate_part(
    model: &Model,
    seed: u64,
    trials: u64,
    own: Range<u64>,
    mut per_trial: Option<PerTrial<'_>>,
    on_block: &(dyn Fn(u64) + Sync),
) -> std::io::Result<Part> {
    let total = total_blocks(trials);
    let ranges = computed(&own, total);
    // Only a shard with blocks past the pilot needs the windows, hence the pilot.
    let pilot = !own.is_empty() && own.end > PILOT_BLOCKS;
    let mut acc = Accumulator::new(model);
    let mut part = Part {
        first_block: own.start,
        blocks: Vec::new(),
    };
    let rows = per_trial.as_ref().map(|p| p.rows);
    // The pilot's blocks before the shard's own are simulated for the windows only: their
    // rows are not formatted.
    let ranges = ranges.into_iter().flat_map(|r| {
        if r.start < own.start && own.start < r.end {
            vec![r.start..own.start, own.start..r.end]
        } else {
            vec![r]
        }
    });
    for range in ranges {
        let range_rows = if range.start >= own.start { rows } else { None };
        let sound = simulate_blocks(
            model,
            seed,
            trials,
            range,
            &mut acc,
            range_rows,
            on_block,
            Waves::whole(),
            &mut |acc, block, mut s| {
                let for_windows = pilot && block < PILOT_BLOCKS;
                let owned = own.contains(&block);
                if owned {
                    if let Some(p) = per_trial.as_mut() {
                        p.sink.write_all(&s.csv)?;
                    }
                    s.csv = Vec::new();
                }
                match (owned, for_windows) {
                    (true, true) => {
                        part.blocks.push(s.clone());
                        acc.ingest(s);
                    }
                    (true, false) => part.blocks.push(s),
                    (false, true) => acc.ingest(s),
                    (false, false) => {}
                }
                Ok(())
            },
        )?;
        if !sound {
            break;
        }
    }
    Ok(part)
}

/// Whether `b` can be block `block` of a run of `trials` trials of `model`: the shapes and
/// counts the accumulator relies on.
fn check_block(model: &Model, b: &BlockStats, block: u64, trials: u64) -> Result<(), String> {
    let expected = BLOCK.min(trials.saturating_sub(block * BLOCK));
    let nm = model.metrics.metrics.len();
    let bad = |what: &str| Err(format!("block {block} has {what}"));
    if b.trials != expected {
        return bad(&format!("{} trials, not {expected}", b.trials));
    }
    if b.moments.len() != nm || b.moments.iter().any(|m| m.n > expected) {
        return bad("moments that do not fit the run's metrics");
    }
    if b.hits.len() != model.metrics.events.len() || b.hits.iter().any(|&h| h > expected) {
        return bad("event counts that do not fit the run's events");
    }
    let defs = &model.metrics.estimates;
    if b.estimates.len() != defs.len()
        || b.estimates
            .iter()
            .zip(defs)
            .any(|(s, d)| !s.fits(d.inputs.len(), expected))
    {
        return bad("estimate sums that do not fit the run's estimates");
    }
    let pilot = block < PILOT_BLOCKS;
    let kept_ok = if pilot {
        b.kept.len() as u64 == expected * nm as u64 && b.collected.is_empty()
    } else {
        b.kept.is_empty() && b.collected.len() == nm && b.collected.iter().all(|c| c.fits(expected))
    };
    if !kept_ok {
        return bad("values that do not fit the run's metrics");
    }
    Ok(())
}

/// Replays parts' blocks, in block order, into the accumulator of a whole run.
pub struct Merger<'m, 'a> {
    model: &'m Model<'a>,
    seed: u64,
    trials: u64,
    acc: Accumulator,
}

impl<'m, 'a> Merger<'m, 'a> {
    pub fn new(model: &'m Model<'a>, seed: u64, trials: u64) -> Self {
        let mut acc = Accumulator::new(model);
        acc.expect(trials);
        Merger {
            model,
            seed,
            trials,
            acc,
        }
    }

    /// Whether the part's first block is the run's, bit for bit: simulated afresh from the
    /// seed (one block, [`BLOCK`] trials) and reduced as the merge's accumulator reduces it,
    /// with the pilot's windows when the block is past the pilot (the merge has replayed
    /// the pilot by then), so values, moments, counts and sums are all compared. A part
    /// whose blocks come from other inputs or another seed, even with a part.json and
    /// manifest made to match, is refused here.
    pub fn verify(&self, part: &Part) -> Result<(), String> {
        let Some(stored) = part.blocks.first() else {
            return Ok(());
        };
        let block = part.first_block;
        let fresh = self
            .acc
            .simulate_block(self.model, self.seed, self.trials, block);
        let bits = |b: &BlockStats| postcard::to_stdvec(b).unwrap_or_default();
        if bits(&fresh) != bits(stored) {
            return Err(format!(
                "its block {block} is not the block this run's inputs and seed simulate"
            ));
        }
        Ok(())
    }

    /// The next block the merge needs.
    pub fn next_block(&self) -> u64 {
        self.acc.blocks
    }

    /// Ingests the next part, which must start at the next block; an error says what does
    /// not fit (nothing is ingested from a part that does not).
    pub fn add(&mut self, part: Part) -> Result<(), String> {
        self.check(&part)?;
        self.verify(&part)?;
        for b in part.blocks {
            self.acc.ingest(b);
            if self.acc.pilot_done() {
                self.acc.set_windows(self.model, self.seed, self.trials);
            }
        }
        Ok(())
    }

    /// Whether `part` is the next part of the run: an error says what does not fit.
    pub fn check(&self, part: &Part) -> Result<(), String> {
        if part.first_block != self.acc.blocks {
            return Err(format!(
                "it starts at block {}, but the merge needs block {} next",
                part.first_block, self.acc.blocks
            ));
        }
        let total = total_blocks(self.trials);
        if part.range().end > total {
            return Err(format!(
                "it holds blocks up to {}, past the run's {total}",
                part.range().end
            ));
        }
        for (block, b) in part.range().zip(&part.blocks) {
            check_block(self.model, b, block, self.trials)?;
        }
        Ok(())
    }

    /// The whole run's accumulator, once every block is in.
    pub fn finish(self) -> Result<Accumulator, String> {
        let total = total_blocks(self.trials);
        if self.acc.blocks != total {
            return Err(format!(
                "the parts hold {} of the run's {total} blocks",
                self.acc.blocks
            ));
        }
        Ok(self.acc)
    }
}

/// What one shard of a comparison computed: each design's part (as `run` would), and every
/// pair's moments per block, from `first_block`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparePart {
    pub first_block: u64,
    pub designs: Vec<Part>,
    pub pairs: Vec<Vec<PairMoments>>,
}

impl ComparePart {
    pub fn encode(&self, identity: &Identity) -> Vec<u8> {
        encode_with(MAGIC_COMPARE, identity, self)
    }

    pub fn decode(bytes: &[u8], identity: &Identity) -> Result<ComparePart, String> {
        decode_with(MAGIC_COMPARE, identity, bytes)
    }
}

/// Simulates the blocks `own` of a comparison of `models` on common random numbers: each
/// design as `run` would, then every pair's paired moments. As a whole comparison does, it
/// stops once a trial whose amounts were not numbers is seen (the command asks the models).
pub fn simulate_compare_part(
    models: &[&Model],
    pairs: &[(usize, usize)],
    seed: u64,
    trials: u64,
    own: Range<u64>,
    on_block: &(dyn Fn(u64) + Sync),
) -> ComparePart {
    let mut designs = Vec::new();
    for m in models {
        match simulate_part(m, seed, trials, own.clone(), None, on_block) {
            Ok(p) => designs.push(p),
            // Only the per-trial CSV can fail to be written, and there is none here.
            Err(e) => unreachable!("a part without a CSV writes nothing: {e}"),
        }
        if m.has_non_finite() {
            break;
        }
    }
    let pairing = Pairing::new(models, pairs);
    let mut blocks = Vec::new();
    if !models.iter().any(|m| m.has_non_finite()) {
        for start in own.clone().step_by(engine::WAVE_BLOCKS as usize) {
            let wave = start..(start + engine::WAVE_BLOCKS).min(own.end);
            blocks.extend(pairing.blocks(seed, wave, trials, on_block));
        }
    }
    ComparePart {
        first_block: own.start,
        designs,
        pairs: blocks,
    }
}

/// Replays comparison parts, in block order: each design's blocks as [`Merger`] does, and
/// every pair's moments.
pub struct CompareMerger<'m, 'a> {
    designs: Vec<Merger<'m, 'a>>,
    pairing: Pairing<'m, 'a>,
    trials: u64,
}

impl<'m, 'a> CompareMerger<'m, 'a> {
    pub fn new(
        models: &'m [&'m Model<'a>],
        pairs: &[(usize, usize)],
        seed: u64,
        trials: u64,
    ) -> Self {
        CompareMerger {
            designs: models
                .iter()
                .map(|m| Merger::new(m, seed, trials))
                .collect(),
            pairing: Pairing::new(models, pairs),
            trials,
        }
    }

    /// Ingests the next part, which must start at the next block; nothing is ingested
    /// from a part that does not fit.
    pub fn add(&mut self, part: ComparePart) -> Result<(), String> {
        let n = part.pairs.len();
        if part.designs.len() != self.designs.len() {
            return Err(format!(
                "it holds {} designs, not {}",
                part.designs.len(),
                self.designs.len()
            ));
        }
        if part
            .designs
            .iter()
            .any(|d| d.first_block != part.first_block || d.blocks.len() != n)
        {
            return Err("its designs hold other blocks than its pairs".into());
        }
        for (i, block) in part.pairs.iter().enumerate() {
            let b = part.first_block + i as u64;
            let trials = BLOCK.min(self.trials.saturating_sub(b * BLOCK));
            if !self.pairing.fits(block, trials) {
                return Err(format!("block {b}'s paired moments do not fit the designs"));
            }
        }
        for (m, d) in self.designs.iter().zip(&part.designs) {
            m.check(d)?;
            m.verify(d)?;
        }
        for (m, d) in self.designs.iter_mut().zip(part.designs) {
            m.add(d)?;
        }
        for block in part.pairs {
            self.pairing.ingest(block);
        }
        Ok(())
    }

    /// Every design's accumulator and every pair's differences, once every block is in.
    pub fn finish(self) -> Result<(Vec<Accumulator>, Vec<Difference>), String> {
        let accs = self
            .designs
            .into_iter()
            .map(Merger::finish)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((accs, self.pairing.finish()))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::{load_contract, load_scenario};

    fn with_model(f: impl FnOnce(&Model)) {
        let c = load_contract(Path::new("contracts/teaching-jobs.toml")).unwrap();
        let s = load_scenario(Path::new("scenarios/teaching-jobs.toml"), &c.value).unwrap();
        f(&Model::new(&c.value, &s.value));
    }

    const TRIALS: u64 = 2 * BLOCK + 3;

    const ID: Identity = [7; 32];

    fn part(model: &Model, own: Range<u64>) -> Part {
        simulate_part(model, 5, TRIALS, own, None, &|_| ()).unwrap()
    }

    #[test]
    fn computes_the_pilot_only_for_shards_past_it() {
        assert_eq!(computed(&(0..10), 100), vec![0..10]);
        assert_eq!(computed(&(10..64), 100), vec![10..64]);
        assert_eq!(computed(&(60..70), 100), vec![0..70]);
        assert_eq!(computed(&(80..90), 100), vec![0..64, 80..90]);
        assert_eq!(computed(&(3..3), 3), vec![3..3]);
        // A shard that owns no block simulates nothing, not even the pilot.
        assert_eq!(computed(&(100..100), 100), vec![100..100]);
    }

    #[test]
    fn a_part_reads_back_as_written_and_merges() {
        with_model(|model| {
            let parts = [part(model, 0..1), part(model, 1..3)];
            let mut merger = Merger::new(model, 5, TRIALS);
            for p in &parts {
                let bytes = p.encode(&ID);
                assert!(bytes.starts_with(MAGIC));
                let back = Part::decode(&bytes, &ID).unwrap();
                assert_eq!(&back, p);
                // Bits, not just values: NaN and -0 survive.
                assert_eq!(back.encode(&ID), bytes);
                // Another run's identity: refused.
                assert!(
                    Part::decode(&bytes, &[1; 32])
                        .unwrap_err()
                        .contains("another run")
                );
                merger.add(back).unwrap();
            }
            let acc = merger.finish().unwrap();
            assert_eq!((acc.trials, acc.blocks), (TRIALS, 3));
        });
    }

    #[test]
    fn parts_out_of_order_or_short_are_refused() {
        with_model(|model| {
            let mut merger = Merger::new(model, 5, TRIALS);
            let err = merger.add(part(model, 1..3)).unwrap_err();
            assert!(err.contains("needs block 0 next"), "{err}");
            merger.add(part(model, 0..1)).unwrap();
            assert!(
                merger
                    .finish()
                    .err()
                    .unwrap()
                    .contains("1 of the run's 3 blocks")
            );
            // A part of another trial count: its last block is not this run's.
            let mut merger = Merger::new(model, 5, TRIALS + 1);
            merger.add(part(model, 0..1)).unwrap();
            let err = merger.add(part(model, 1..3)).unwrap_err();
            assert!(err.contains("block 2 has 3 trials, not 4"), "{err}");
        });
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        with_model(|model| {
            let bytes = part(model, 1..3).encode(&ID);
            let first = part(model, 0..1);
            assert!(Part::decode(&[], &ID).is_err());
            assert!(Part::decode(b"garbage, not a part", &ID).is_err());
            assert!(Part::decode(MAGIC, &ID).is_err());
            let mut longer = bytes.clone();
            longer.push(0);
            assert!(
                Part::decode(&longer, &ID)
                    .unwrap_err()
                    .contains("after the part's end")
            );
            for cut in (0..bytes.len()).step_by(bytes.len() / 97 + 1) {
                assert!(Part::decode(&bytes[..cut], &ID).is_err(), "cut at {cut}");
            }
            // Flipped bytes decode to an error, or to a part the merge checks refuse or
            // take and summarise: never a panic.
            for (i, at) in (13 + 32..bytes.len())
                .step_by(bytes.len() / 29 + 1)
                .enumerate()
            {
                let mut bad = bytes.clone();
                bad[at] ^= 0xff - i as u8;
                if let Ok(p) = Part::decode(&bad, &ID) {
                    let mut merger = Merger::new(model, 5, TRIALS);
                    merger.add(first.clone()).unwrap();
                    if merger.add(p).is_ok() {
                        let acc = merger.finish().ok().unwrap();
                        let settings = super::super::run::RunSettings {
                            trials: TRIALS,
                            seed: 5,
                            precision: None,
                            max_trials: TRIALS,
                            keep_draws: false,
                        };
                        let _ = super::super::run::summarise(model, &settings, acc);
                    }
                }
            }
        });
    }
}
