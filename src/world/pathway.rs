//! Outcome pathways in one world: who reaches each stage in each period, and what they
//! earn under the rate card's per-person cap ([`crate::model::pathway`] compiles the
//! stages; this module moves people along them).
//!
//! The timing of a stage: a person who reaches the stage before (or enrols) in period `t`
//! goes on to it with the stage's reach share (the stages after one stage are
//! alternatives: their shares are scaled down together when they sum above 1), no sooner
//! than the contract's `wait` periods later, then after a geometric number of further
//! periods with the scenario's mean `delay` (a chance of `1 / (1 + delay)` each period).
//! What is not reached before the deal ends is not reached. The effect raises the reach
//! share or, with `effect_on = "delay"`, shortens the delay. A stage given a `hazard`
//! instead has a reach share of 1 and the hazard as its chance each period, which the
//! effect raises ([`stage_values`]).
//!
//! A repeatable stage's achievements are nodes in sequence ([`crate::model::pathway`]):
//! each is a claim (`World::claims` counts achievements), while the people reaching the
//! stage, its result, count first achievements only ([`FirstReach`], [`Totals`]).
//!
//! [`counts`] moves counts of people with one binomial draw per node and period (the
//! sampled world) or with their expected values (the expected world): its cost grows
//! with stages and periods, not with people. [`per_person`] draws each person's path, for
//! pathways whose per-person cap couples several chains ([`Mode::PerPerson`]).

use crate::model::contract::{Contract, Design, Direction, MetricKind};
use crate::model::outcome::{self, MAX_CHANGE};
use crate::model::pathway::{MAX_JOINT_CHAINS, Mode, Pathway};
use crate::model::scenario::{EffectOn, EffectScale, MetricWorld, Quantity, Scenario};

use super::{World, effective_size, treated_mean, true_counterfactual, variance};

/// Random or expected draws, so that one implementation serves both worlds.
pub trait Draws {
    /// How many of `n` people an event with chance `p` reaches.
    fn binomial(&mut self, n: f64, p: f64) -> f64;
    /// A uniform draw in [0, 1) (person-by-person paths only).
    fn uniform(&mut self) -> f64;
}

/// Expected values: `n p` of `n`.
pub struct Expected;

impl Draws for Expected {
    fn binomial(&mut self, n: f64, p: f64) -> f64 {
        n * p.clamp(0.0, 1.0)
    }
    fn uniform(&mut self) -> f64 {
        0.5
    }
}

/// Where people reaching a stage are counted.
pub trait Sink {
    /// `count` people reached `node` (a stage of `metric`) in `period`, earning `value`
    /// in all.
    fn reached(&mut self, node: usize, metric: usize, period: usize, count: f64, value: f64);
}

/// Into the world's claims of one cohort.
pub struct Claims<'a> {
    pub world: &'a mut World,
    pub cohort: usize,
}

impl Sink for Claims<'_> {
    #[inline]
    fn reached(&mut self, _node: usize, metric: usize, period: usize, count: f64, value: f64) {
        let i = self.world.claim_index(metric, self.cohort, period);
        self.world.claims[i] += count;
        self.world.claim_value[i] += value;
    }
}

/// People reaching each metric, in total: first achievements only (a repeat of a stage
/// is a claim, not one more person).
pub struct Totals<'a>(pub &'a mut [f64], pub &'a Pathway);

impl Sink for Totals<'_> {
    #[inline]
    fn reached(&mut self, node: usize, metric: usize, _period: usize, count: f64, _value: f64) {
        if self.1.nodes[node].repeat == 0 {
            self.0[metric] += count;
        }
    }
}

/// Passes every claim on to `inner` and counts, per metric, the people reaching it (first
/// achievements of a repeatable stage only).
pub struct FirstReach<'a, S> {
    pub inner: S,
    pub pathway: &'a Pathway,
    pub people: &'a mut [f64],
}

impl<S: Sink> Sink for FirstReach<'_, S> {
    #[inline]
    fn reached(&mut self, node: usize, metric: usize, period: usize, count: f64, value: f64) {
        if self.pathway.nodes[node].repeat == 0 {
            self.people[metric] += count;
        }
        self.inner.reached(node, metric, period, count, value);
    }
}

/// This trial's reach shares and per-period chances of moving on, per metric (zero for
/// metrics that are not stages), with the programme (`treated`) and without (`base`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StageWorld {
    pub reach: Vec<f64>,
    pub reach_base: Vec<f64>,
    pub moves: Vec<f64>,
    pub moves_base: Vec<f64>,
    /// Measuring the stages ([`StageWorld::set_measurement`]): each stage's drift (the
    /// system-wide trend a trend-adjusted baseline moves with) and its comparison group's
    /// relative bias.
    pub drift: Vec<f64>,
    pub bias: Vec<f64>,
    /// Per metric: whether the stage is reached with a hazard (its chance each period,
    /// not its share, is what a comparison group's bias moves).
    pub by_hazard: Vec<bool>,
}

impl StageWorld {
    /// Sets every stage's values from this trial's quantities (`value` reads a quantity).
    pub fn set(&mut self, c: &Contract, s: &Scenario, value: impl Fn(&Quantity) -> f64) {
        let n = c.metrics.len();
        for v in [
            &mut self.reach,
            &mut self.reach_base,
            &mut self.moves,
            &mut self.moves_base,
        ] {
            v.resize(n, 0.0);
        }
        self.by_hazard.clear();
        self.by_hazard
            .extend(s.metrics.iter().map(|w| w.hazard.is_some()));
        for (m, metric) in c.metrics.iter().enumerate() {
            if metric.stage.is_none() {
                continue;
            }
            let v = stage_values(&s.metrics[m], &value);
            self.reach[m] = v.reach;
            self.reach_base[m] = v.reach_base;
            self.moves[m] = v.moves;
            self.moves_base[m] = v.moves_base;
        }
    }
}

impl StageWorld {
    /// Sets what measuring the stages against a counterfactual reads from this trial's
    /// quantities: each stage's drift and comparison bias, kept within the range
    /// assumptions are clamped to (zero for metrics that are not stages).
    pub fn set_measurement(
        &mut self,
        c: &Contract,
        s: &Scenario,
        value: impl Fn(&Quantity) -> f64,
    ) {
        let n = c.metrics.len();
        for v in [&mut self.drift, &mut self.bias] {
            v.clear();
            v.resize(n, 0.0);
        }
        for (m, metric) in c.metrics.iter().enumerate() {
            if metric.stage.is_none() {
                continue;
            }
            let w = &s.metrics[m];
            self.drift[m] = value(&w.drift).clamp(-1.0, MAX_CHANGE);
            self.bias[m] = value(&w.comparison_bias).clamp(-1.0, MAX_CHANGE);
        }
    }
}

/// One stage's values in a trial: reach shares and chances each period of moving on, with
/// and without the programme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageValues {
    pub reach: f64,
    pub reach_base: f64,
    pub moves: f64,
    pub moves_base: f64,
}

/// A stage's values from its scenario quantities (`value` reads a quantity). With a
/// `hazard`, everyone at the stage before may reach it (a share of 1) with the hazard's
/// chance each period, which the effect raises.
pub fn stage_values(w: &MetricWorld, value: impl Fn(&Quantity) -> f64) -> StageValues {
    let effect = value(&w.effect);
    if let Some(h) = &w.hazard {
        // The drift moves the hazard as it moves a baseline share.
        let base = true_counterfactual(
            MetricKind::Binary,
            value(h),
            value(&w.drift).clamp(-1.0, crate::model::outcome::MAX_CHANGE),
        )
        .clamp(0.0, 1.0);
        let treated = treated_mean(
            MetricKind::Binary,
            Direction::Increase,
            w.effect_scale,
            base,
            effect,
        );
        return StageValues {
            reach: 1.0,
            reach_base: 1.0,
            moves: treated,
            moves_base: base,
        };
    }
    let base = true_counterfactual(
        MetricKind::Binary,
        value(&w.baseline),
        value(&w.drift).clamp(-1.0, crate::model::outcome::MAX_CHANGE),
    )
    .clamp(0.0, 1.0);
    let delay = value(&w.delay).max(0.0);
    let (reach, delay_treated) = match w.effect_on {
        // `Hazard` comes with a `hazard` (validation), handled above.
        EffectOn::Reach | EffectOn::Hazard => (
            treated_mean(
                MetricKind::Binary,
                Direction::Increase,
                w.effect_scale,
                base,
                effect,
            ),
            delay,
        ),
        EffectOn::Delay => (
            base,
            match w.effect_scale {
                EffectScale::Relative => delay * (1.0 - effect),
                EffectScale::Absolute => delay - effect,
            }
            .max(0.0),
        ),
    };
    StageValues {
        reach,
        reach_base: base,
        moves: chance_per_period(delay_treated),
        moves_base: chance_per_period(delay),
    }
}

/// The chance each period of a geometric wait with mean `delay` periods ending.
fn chance_per_period(delay: f64) -> f64 {
    if delay.is_finite() {
        1.0 / (1.0 + delay.max(0.0))
    } else {
        0.0
    }
}

/// Buffers reused across trials.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// `[node * horizon + period]`: people bound for a node, from that period on.
    pending: Vec<f64>,
    /// Per node: people bound for it and past the wait.
    pool: Vec<f64>,
    /// Per node: its reach share, scaled with its alternatives.
    share: Vec<f64>,
    /// One person's stages reached: (period, node).
    reached: Vec<(u32, u32)>,
    /// Per metric: expected people reaching it, with and without the programme.
    pub totals: Vec<f64>,
    pub totals_base: Vec<f64>,
    /// Per metric: people reaching it in this trial (pathways with repeatable stages).
    pub people: Vec<f64>,
    joint: JointScratch,
    /// Measured stages: the counterfactual group's starters per period, its reach shares,
    /// and totals per metric.
    group: Vec<f64>,
    group_reach: Vec<f64>,
    group_moves: Vec<f64>,
    group_totals: Vec<f64>,
}

/// Each node's share: its reach, scaled with its alternatives when they sum above 1.
fn set_shares(p: &Pathway, reach: &[f64], share: &mut Vec<f64>) {
    share.clear();
    share.extend(p.nodes.iter().map(|n| reach[n.metric].clamp(0.0, 1.0)));
    for n in &p.nodes {
        let sum: f64 = n.children.iter().map(|&c| share[c]).sum();
        if sum > 1.0 {
            for &c in &n.children {
                share[c] /= sum;
            }
        }
    }
}

/// Moves the people who start in each period (`starters`) along the pathway by counts.
/// `earns` says whether each node's value is what it earns under the cap ([`Mode::Counts`])
/// or its price.
#[allow(clippy::too_many_arguments)]
pub fn counts(
    p: &Pathway,
    starters: &[f64],
    reach: &[f64],
    moves: &[f64],
    earns: bool,
    draws: &mut impl Draws,
    scratch: &mut Scratch,
    sink: &mut impl Sink,
) {
    let h = starters.len();
    let n = p.nodes.len();
    scratch.pending.clear();
    scratch.pending.resize(n * h, 0.0);
    scratch.pool.clear();
    scratch.pool.resize(n, 0.0);
    set_shares(p, reach, &mut scratch.share);
    let Scratch {
        pending,
        pool,
        share,
        ..
    } = scratch;
    let schedule = |pending: &mut Vec<f64>, node: usize, t: usize, d: f64| {
        let at = t + p.nodes[node].wait as usize;
        if d > 0.0 && at < h {
            pending[node * h + at] += d;
        }
    };
    for t in 0..h {
        let start = starters[t];
        if start > 0.0 {
            for &r in &p.roots {
                let d = draws.binomial(start, share[r]);
                schedule(pending, r, t, d);
            }
        }
        for i in 0..n {
            pool[i] += pending[i * h + t];
            if pool[i] <= 0.0 {
                continue;
            }
            let node = &p.nodes[i];
            let movers = draws.binomial(pool[i], moves[node.metric]);
            pool[i] -= movers;
            if movers <= 0.0 {
                continue;
            }
            let each = if earns { node.earns } else { node.price };
            sink.reached(i, node.metric, t, movers, movers * each);
            let (mut left, mut rest) = (movers, 1.0);
            for &c in &node.children {
                if left <= 0.0 || rest <= 0.0 {
                    break;
                }
                let q = share[c];
                let d = draws.binomial(left, (q / rest).min(1.0));
                rest -= q;
                left -= d;
                schedule(pending, c, t, d);
            }
        }
    }
}

/// Draws each starter's path on every chain and pays their claims in time order under the
/// per-person cap.
pub fn per_person(
    p: &Pathway,
    starters: &[f64],
    reach: &[f64],
    moves: &[f64],
    draws: &mut impl Draws,
    scratch: &mut Scratch,
    sink: &mut impl Sink,
) {
    let h = starters.len();
    set_shares(p, reach, &mut scratch.share);
    let share = &scratch.share;
    let reached = &mut scratch.reached;
    // A person reaches each node at most once: room for all, once.
    reached.reserve(p.nodes.len());
    for (t, &start) in starters.iter().enumerate() {
        for _ in 0..start.max(0.0).round() as u64 {
            reached.clear();
            for &r in &p.roots {
                if draws.uniform() >= share[r] {
                    continue;
                }
                let (mut node, mut from) = (r, t);
                loop {
                    let n = &p.nodes[node];
                    let at = from + n.wait as usize + geometric(draws, moves[n.metric], h);
                    if at >= h {
                        break;
                    }
                    reached.push((at as u32, node as u32));
                    let u = draws.uniform();
                    let mut acc = 0.0;
                    let next = n.children.iter().copied().find(|&c| {
                        acc += share[c];
                        u < acc
                    });
                    match next {
                        Some(c) => (node, from) = (c, at),
                        None => break,
                    }
                }
            }
            reached.sort_unstable();
            let mut so_far = 0.0;
            for &(at, node) in reached.iter() {
                let n = &p.nodes[node as usize];
                let earned = p.capped(so_far, n.price);
                so_far += earned;
                sink.reached(node as usize, n.metric, at as usize, 1.0, earned);
            }
        }
    }
}

/// One chain's part of a joint state, packed in a `u32`: the node the person is bound for
/// (or none; nodes are fewer than 4,096), the period they may reach it from (0 once they
/// may reach it any period; horizons are shorter than 16,384 periods), and the phase.
/// Where the person is on the chain does not matter beyond what they have earned, which
/// the joint state keeps for all chains together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    bound: Option<usize>,
    ready: usize,
    phase: Phase,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Just enrolled: not yet split by the chain's first stage.
    Fresh,
    /// Bound for nowhere: done with this chain.
    Idle,
    /// Bound for `bound`, which they may reach from period `ready` on.
    Waiting,
}

const NONE: u32 = 0xFFFF;

impl Place {
    const IDLE: Place = Place {
        bound: None,
        ready: 0,
        phase: Phase::Idle,
    };

    fn pack(self) -> u32 {
        debug_assert!(self.ready < 1 << 14);
        let phase = match self.phase {
            Phase::Fresh => 0,
            Phase::Idle => 1,
            Phase::Waiting => 2,
        };
        let node = |x: Option<usize>| x.map_or(NONE, |n| n as u32);
        (node(self.bound) << 16) | ((self.ready as u32) << 2) | phase
    }

    fn unpack(x: u32) -> Self {
        let node = |v: u32| (v != NONE).then_some(v as usize);
        Place {
            bound: node(x >> 16),
            ready: (x >> 2 & 0x3FFF) as usize,
            phase: match x & 3 {
                0 => Phase::Fresh,
                1 => Phase::Idle,
                _ => Phase::Waiting,
            },
        }
    }
}

/// A joint state: the place on every chain, and what the person has earned so far (the
/// bits of an `f64`, after the cap).
type State = ([u32; MAX_JOINT_CHAINS], u64);

/// People in one joint state.
type Group = (State, f64);

/// Buffers of the joint-state flow, reused across trials.
#[derive(Debug, Clone, Default)]
pub struct JointScratch {
    groups: Vec<Group>,
    next: Vec<Group>,
    /// Groups being split: (state, people, next chain to visit).
    stack: Vec<(State, f64, usize)>,
    /// Per node: the most a person bound for it can still earn on its chain (its price
    /// and the dearest path after it).
    rest: Vec<f64>,
    /// People whom the cap can no longer touch (`free`: they earn every price; `capped`:
    /// they earn nothing more), counted per node like [`counts`]: `[node * horizon +
    /// period]` bound for a node from that period on, and per node those past the wait.
    free_pending: Vec<f64>,
    free_pool: Vec<f64>,
    capped_pending: Vec<f64>,
    capped_pool: Vec<f64>,
}

/// Moves the people counted per node in `pending`/`pool` through period `t`, as
/// [`counts`] does, each reaching a node earning `value(node)`.
#[allow(clippy::too_many_arguments)]
fn step_counts(
    p: &Pathway,
    t: usize,
    h: usize,
    share: &[f64],
    moves: &[f64],
    pending: &mut [f64],
    pool: &mut [f64],
    value: impl Fn(usize) -> f64,
    draws: &mut impl Draws,
    sink: &mut impl Sink,
) {
    for i in 0..p.nodes.len() {
        pool[i] += pending[i * h + t];
        pending[i * h + t] = 0.0;
        if pool[i] <= 0.0 {
            continue;
        }
        let node = &p.nodes[i];
        let movers = draws.binomial(pool[i], moves[node.metric]);
        pool[i] -= movers;
        if movers <= 0.0 {
            continue;
        }
        sink.reached(i, node.metric, t, movers, movers * value(i));
        let (mut left, mut rest) = (movers, 1.0);
        for &c in &node.children {
            if left <= 0.0 || rest <= 0.0 {
                break;
            }
            let q = share[c];
            let d = draws.binomial(left, (q / rest).min(1.0));
            rest -= q;
            left -= d;
            let at = t + p.nodes[c].wait as usize;
            if d > 0.0 && at < h {
                pending[c * h + at] += d;
            }
        }
    }
}

/// Moves people along a pathway of several chains by counts per joint state, paying each
/// claim what it adds under the cap per participant: exact like [`per_person`].
///
/// A joint state is each chain's place (what the person is bound for, and from when)
/// and what they have earned so far: where exactly they are on a chain matters only
/// through what they earned. People whom the cap can no longer touch leave the joint
/// states: those at the cap (they earn nothing more) and those who cannot reach it with
/// the most every chain can still pay. Their chains are independent, so they are counted
/// per node as [`counts`] counts people, at a cost that does not depend on how many
/// they are. The joint states left are those of people the cap may still cut, and their
/// number is bounded by the pathway, not by the people. Returns the most joint states
/// held at the end of a period.
pub fn joint(
    p: &Pathway,
    starters: &[f64],
    reach: &[f64],
    moves: &[f64],
    draws: &mut impl Draws,
    scratch: &mut Scratch,
    sink: &mut impl Sink,
) -> usize {
    let h = starters.len();
    let chains = p.roots.len();
    let n_nodes = p.nodes.len();
    debug_assert!(chains <= MAX_JOINT_CHAINS);
    let cap = p.cap.unwrap_or(f64::INFINITY);
    set_shares(p, reach, &mut scratch.share);
    let share = &scratch.share;
    let JointScratch {
        groups,
        next,
        stack,
        rest,
        free_pending,
        free_pool,
        capped_pending,
        capped_pool,
    } = &mut scratch.joint;
    // The most a person bound for each node can still earn on its chain.
    rest.clear();
    rest.resize(n_nodes, 0.0);
    for i in (0..n_nodes).rev() {
        let node = &p.nodes[i];
        let after = node.children.iter().map(|&c| rest[c]).fold(0.0, f64::max);
        rest[i] = node.price + after;
    }
    for v in [&mut *free_pending, &mut *capped_pending] {
        v.clear();
        v.resize(n_nodes * h, 0.0);
    }
    for v in [&mut *free_pool, &mut *capped_pool] {
        v.clear();
        v.resize(n_nodes, 0.0);
    }
    let fresh = Place {
        bound: None,
        ready: 0,
        phase: Phase::Fresh,
    }
    .pack();
    // Room, once: a group holds one or more people, and a group's splits along every
    // chain. Beyond (a cohort of more people than this), the buffers grow as needed.
    groups.clear();
    next.clear();
    stack.clear();
    let most = (p.people as usize).min(1 << 16) + 1;
    groups.reserve(most);
    next.reserve(most);
    let widest = p.nodes.iter().map(|n| n.children.len()).max().unwrap_or(0) + 2;
    stack.reserve((n_nodes + chains) * widest);
    let mut held = 0;
    for (t, &start) in starters.iter().enumerate() {
        if start > 0.0 {
            groups.push((([fresh; MAX_JOINT_CHAINS], 0f64.to_bits()), start));
        }
        // Those the cap can no longer touch.
        step_counts(
            p,
            t,
            h,
            share,
            moves,
            free_pending,
            free_pool,
            |i| p.nodes[i].price,
            draws,
            sink,
        );
        step_counts(
            p,
            t,
            h,
            share,
            moves,
            capped_pending,
            capped_pool,
            |_| 0.0,
            draws,
            sink,
        );
        next.clear();
        for &(state, n) in groups.iter() {
            stack.push((state, n, 0));
            while let Some(((mut places, earned), n, c)) = stack.pop() {
                if n <= 0.0 {
                    continue;
                }
                if c == chains {
                    next.push(((places, earned), n));
                    continue;
                }
                let place = Place::unpack(places[c]);
                match place.phase {
                    Phase::Idle => stack.push(((places, earned), n, c + 1)),
                    Phase::Waiting if place.ready > t => {
                        stack.push(((places, earned), n, c + 1));
                    }
                    Phase::Fresh => {
                        // Split by the chain's first stage.
                        let root = p.roots[c];
                        let ready = t + p.nodes[root].wait as usize;
                        // Bound for a stage past the deal's end is not bound at all.
                        let d = if ready < h {
                            draws.binomial(n, share[root])
                        } else {
                            0.0
                        };
                        places[c] = Place::IDLE.pack();
                        stack.push(((places, earned), n - d, c + 1));
                        if d > 0.0 {
                            places[c] = Place {
                                bound: Some(root),
                                ready,
                                phase: Phase::Waiting,
                            }
                            .pack();
                            // Bound for a stage it may reach this period: visit it again.
                            stack.push(((places, earned), d, c));
                        }
                    }
                    Phase::Waiting => {
                        let target = place.bound.expect("bound");
                        let node = &p.nodes[target];
                        let movers = draws.binomial(n, moves[node.metric]);
                        if n - movers > 0.0 {
                            stack.push(((places, earned), n - movers, c + 1));
                        }
                        if movers <= 0.0 {
                            continue;
                        }
                        // What the claim adds under the cap.
                        let so_far = f64::from_bits(earned);
                        let adds = p.capped(so_far, node.price);
                        sink.reached(target, node.metric, t, movers, movers * adds);
                        let earned = (so_far + adds).to_bits();
                        // At the stage now; split among the stages after it.
                        // Those bound for a stage past the deal's end are done with the
                        // chain, as those bound for none; neither is split again.
                        let (mut left, mut share_left, mut done) = (movers, 1.0, 0.0);
                        for &child in &node.children {
                            if left <= 0.0 || share_left <= 0.0 {
                                break;
                            }
                            let q = share[child];
                            let d = draws.binomial(left, (q / share_left).min(1.0));
                            share_left -= q;
                            left -= d;
                            let ready = t + p.nodes[child].wait as usize;
                            if d > 0.0 && ready < h {
                                places[c] = Place {
                                    bound: Some(child),
                                    ready,
                                    phase: Phase::Waiting,
                                }
                                .pack();
                                stack.push(((places, earned), d, c));
                            } else {
                                done += d;
                            }
                        }
                        if left + done > 0.0 {
                            places[c] = Place::IDLE.pack();
                            stack.push(((places, earned), left + done, c + 1));
                        }
                    }
                }
            }
        }
        // From next period on, a wait that has ended is the same state however long ago it
        // ended; people the cap can no longer touch leave the joint states.
        groups.clear();
        for &((mut places, earned), n) in next.iter() {
            let so_far = f64::from_bits(earned);
            let mut can_still = 0.0;
            for x in places.iter_mut().take(chains) {
                let mut place = Place::unpack(*x);
                if place.phase == Phase::Waiting {
                    can_still += rest[place.bound.expect("bound")];
                    if place.ready <= t + 1 {
                        place.ready = 0;
                        *x = place.pack();
                    }
                }
            }
            let (pending, leaves) = if so_far >= cap {
                (&mut *capped_pending, true)
            } else if so_far + can_still <= cap {
                (&mut *free_pending, true)
            } else {
                (&mut *free_pending, false)
            };
            if !leaves {
                groups.push(((places, earned), n));
                continue;
            }
            for &x in places.iter().take(chains) {
                let place = Place::unpack(x);
                if place.phase == Phase::Waiting {
                    let at = place.ready.max(t + 1);
                    if at < h {
                        pending[place.bound.expect("bound") * h + at] += n;
                    }
                }
            }
        }
        // People in the same state move together from now on.
        groups.sort_unstable_by_key(|g| g.0);
        next.clear();
        for &(state, n) in groups.iter() {
            match next.last_mut() {
                Some(last) if last.0 == state => last.1 += n,
                _ => next.push((state, n)),
            }
        }
        std::mem::swap(groups, next);
        held = held.max(groups.len());
    }
    held
}

/// Periods of a geometric wait with a chance `q` of ending each period (at most `limit`).
#[inline]
fn geometric(draws: &mut impl Draws, q: f64, limit: usize) -> usize {
    if q >= 1.0 {
        return 0;
    }
    if q <= 0.0 {
        return limit;
    }
    let u = 1.0 - draws.uniform();
    let x = (u.ln() / (1.0 - q).ln()).floor();
    if x.is_finite() && x < limit as f64 {
        x as usize
    } else {
        limit
    }
}

/// Fills the world's claims and the stage metrics' results for every cohort's pathway.
/// `starters` gives, per cohort and period (`[cohort * horizon + period]`), the people who
/// start on the pathway. With `Expected` draws, pathways whose cap couples chains get the
/// exact expected value of their capped claims ([`expected_capped`]).
pub fn realise(
    c: &Contract,
    stages: &StageWorld,
    starters: &[f64],
    draws: &mut impl Draws,
    expected: bool,
    scratch: &mut Scratch,
    world: &mut World,
) {
    world.claims.fill(0.0);
    world.claim_value.fill(0.0);
    let h = world.horizon;
    let m = c.metrics.len();
    for p in &c.pathways {
        let k = p.cohort;
        let row = &starters[k * h..(k + 1) * h];
        let sink = Claims {
            world: &mut *world,
            cohort: k,
        };
        // Where a stage repeats, its claims count achievements: the people reaching it are
        // counted on the side.
        let repeats = p.nodes.iter().any(|n| n.repeat > 0);
        let mut reached = std::mem::take(&mut scratch.people);
        reached.clear();
        reached.resize(m, 0.0);
        let capped = if repeats {
            let mut sink = FirstReach {
                inner: sink,
                pathway: p,
                people: &mut reached,
            };
            draw(p, row, stages, draws, expected, scratch, &mut sink)
        } else {
            let mut sink = sink;
            draw(p, row, stages, draws, expected, scratch, &mut sink)
        };
        if capped {
            expected_capped(p, row, stages, world);
        }
        // What the stages would reach in expectation, with and without the programme.
        scratch.totals.clear();
        scratch.totals.resize(m, 0.0);
        scratch.totals_base.clear();
        scratch.totals_base.resize(m, 0.0);
        let mut totals = std::mem::take(&mut scratch.totals);
        let mut totals_base = std::mem::take(&mut scratch.totals_base);
        counts(
            p,
            row,
            &stages.reach,
            &stages.moves,
            false,
            &mut Expected,
            scratch,
            &mut Totals(&mut totals, p),
        );
        counts(
            p,
            row,
            &stages.reach_base,
            &stages.moves_base,
            false,
            &mut Expected,
            scratch,
            &mut Totals(&mut totals_base, p),
        );
        let people: f64 = row.iter().sum();
        for (mi, metric) in c.metrics.iter().enumerate() {
            if metric.stage.is_none() || !metric.cohorts.contains(&k) {
                continue;
            }
            let achieved: f64 = if repeats {
                reached[mi]
            } else {
                world.claim_row(mi, k).iter().sum()
            };
            let share = |x: f64| if people > 0.0 { x / people } else { 0.0 };
            let r = world.result_mut(mi, k);
            r.n_treated = people;
            r.treated_mean = share(achieved);
            r.true_treated = share(totals[mi]);
            r.true_counterfactual = share(totals_base[mi]);
            r.measured_counterfactual = r.true_counterfactual;
            r.n_counterfactual = 0.0;
            r.var_treated = r.treated_mean * (1.0 - r.treated_mean);
            r.var_counterfactual = r.true_counterfactual * (1.0 - r.true_counterfactual);
        }
        scratch.totals = totals;
        scratch.totals_base = totals_base;
        scratch.people = reached;
        measure_stages(c, p, stages, row, draws, expected, scratch, world);
    }
}

/// The results of a cohort's stages measured against a counterfactual (a design other
/// than `none`), over those `realise` gives every stage: each is read at its measurement
/// point, the end of period `enrol_to + delay + measured_at`.
///
/// - The treated result is the share of the cohort's starters who reached the stage by
///   then, as their claims count them; the true results are the expected shares by then,
///   with the programme and without.
/// - A historical design measures against its baseline (trend-adjusted: moved by the
///   stage's drift), as for any metric.
/// - A comparison or control group of the design's size (under clustering, its
///   [`effective_size`](super::effective_size)) starts on the pathway as the cohort does,
///   the cohort's starters per period scaled to the group's size (whole people in a
///   sampled world), and moves along the same stages at the baseline shares and delays (a
///   comparison group's shares each moved by the stage's `comparison_bias`), drawn like the
///   cohort's own counts. The measured counterfactual is the share of the group who reached
///   the stage by the measurement point. With `Expected` draws it is the true
///   counterfactual (up to a comparison group's bias).
#[allow(clippy::too_many_arguments)]
fn measure_stages(
    c: &Contract,
    p: &Pathway,
    stages: &StageWorld,
    row: &[f64],
    draws: &mut impl Draws,
    expected: bool,
    scratch: &mut Scratch,
    world: &mut World,
) {
    let k = p.cohort;
    let h = row.len();
    let people: f64 = row.iter().sum();
    let share = |x: f64| if people > 0.0 { x / people } else { 0.0 };
    let m = c.metrics.len();
    for (mi, metric) in c.metrics.iter().enumerate() {
        if metric.stage.is_none()
            || !metric.design.has_counterfactual()
            || !metric.cohorts.contains(&k)
            || h == 0
        {
            continue;
        }
        let point = (c.cohorts[k].enrol_to as usize)
            .saturating_add(world.delay[k] as usize)
            .saturating_add(metric.measured_at as usize)
            .min(h - 1);
        let upto = &row[..=point];
        // Expected shares by the measurement point, with the programme and without.
        let by_point = |reach: &[f64], moves: &[f64], scratch: &mut Scratch| {
            let mut totals = std::mem::take(&mut scratch.group_totals);
            totals.clear();
            totals.resize(m, 0.0);
            counts(
                p,
                upto,
                reach,
                moves,
                false,
                &mut Expected,
                scratch,
                &mut Totals(&mut totals, p),
            );
            let x = totals[mi];
            scratch.group_totals = totals;
            x
        };
        let true_treated = share(by_point(&stages.reach, &stages.moves, scratch));
        let true_cf = share(by_point(&stages.reach_base, &stages.moves_base, scratch));
        let reached: f64 = world.claim_row(mi, k)[..=point].iter().sum();
        let (n_cf, measured) = match &metric.design {
            Design::None => (0.0, true_cf),
            Design::Historical {
                baseline,
                trend_adjusted,
            } => (
                0.0,
                outcome::measured_baseline(
                    MetricKind::Binary,
                    *baseline,
                    *trend_adjusted,
                    stages.drift.get(mi).copied().unwrap_or(0.0),
                ),
            ),
            Design::Comparison { size, .. } | Design::Rct { size, .. } => {
                let size = f64::from(*size);
                let group = effective_size(size, super::sampled::design_effect(&metric.design));
                let comparison = matches!(metric.design, Design::Comparison { .. });
                // A comparison group's bias moves each stage's share, or its chance each
                // period where a hazard reaches it.
                let biased = |j: usize, x: f64, hazard: bool| {
                    let on_hazard = stages.by_hazard.get(j).copied().unwrap_or(false);
                    if comparison && on_hazard == hazard {
                        outcome::comparison_mean(
                            MetricKind::Binary,
                            x,
                            stages.bias.get(j).copied().unwrap_or(0.0),
                        )
                    } else {
                        x
                    }
                };
                let mut reach = std::mem::take(&mut scratch.group_reach);
                reach.clear();
                reach.extend(
                    stages
                        .reach_base
                        .iter()
                        .enumerate()
                        .map(|(j, &r)| biased(j, r, false)),
                );
                let mut moves = std::mem::take(&mut scratch.group_moves);
                moves.clear();
                moves.extend(
                    stages
                        .moves_base
                        .iter()
                        .enumerate()
                        .map(|(j, &q)| biased(j, q, true)),
                );
                let mut starters = std::mem::take(&mut scratch.group);
                group_starters(row, group, !expected, &mut starters);
                let mut totals = std::mem::take(&mut scratch.group_totals);
                totals.clear();
                totals.resize(m, 0.0);
                counts(
                    p,
                    &starters[..=point],
                    &reach,
                    &moves,
                    false,
                    draws,
                    scratch,
                    &mut Totals(&mut totals, p),
                );
                let measured = if people > 0.0 && group > 0.0 {
                    totals[mi] / group
                } else {
                    true_cf
                };
                scratch.group_totals = totals;
                scratch.group = starters;
                scratch.group_reach = reach;
                scratch.group_moves = moves;
                (size, measured)
            }
        };
        let r = world.result_mut(mi, k);
        r.n_treated = people;
        r.treated_mean = share(reached);
        r.true_treated = true_treated;
        r.true_counterfactual = true_cf;
        r.n_counterfactual = n_cf;
        r.measured_counterfactual = measured;
        r.var_treated = variance(MetricKind::Binary, r.treated_mean, 0.0);
        r.var_counterfactual = variance(MetricKind::Binary, measured, 0.0);
    }
}

/// A counterfactual group of `size` starting as the cohort's `starters` do: their profile
/// per period scaled to the group's size, in whole people when `whole` (cumulated, then
/// rounded, so the periods add up to the size).
fn group_starters(starters: &[f64], size: f64, whole: bool, out: &mut Vec<f64>) {
    out.clear();
    out.resize(starters.len(), 0.0);
    let people: f64 = starters.iter().sum();
    if people <= 0.0 {
        return;
    }
    let (mut so_far, mut placed) = (0.0, 0.0);
    for (t, &x) in starters.iter().enumerate() {
        so_far += x;
        let by_now = size * (so_far / people).min(1.0);
        let by_now = if whole { by_now.round() } else { by_now };
        out[t] = (by_now - placed).max(0.0);
        placed += out[t];
    }
}

/// Draws one cohort's claims into `sink`; true when the expected world must then value
/// them under a cap that couples chains ([`expected_capped`]).
fn draw(
    p: &Pathway,
    row: &[f64],
    stages: &StageWorld,
    draws: &mut impl Draws,
    expected: bool,
    scratch: &mut Scratch,
    sink: &mut impl Sink,
) -> bool {
    let (reach, moves) = (&stages.reach, &stages.moves);
    match (p.mode, expected) {
        (Mode::Counts, _) => counts(p, row, reach, moves, true, draws, scratch, sink),
        (Mode::Joint, false) => {
            joint(p, row, reach, moves, draws, scratch, sink);
        }
        (Mode::PerPerson, false) => per_person(p, row, reach, moves, draws, scratch, sink),
        (Mode::PerPerson | Mode::Joint, true) => {
            counts(p, row, reach, moves, false, draws, scratch, sink);
            return true;
        }
    }
    false
}

/// Most values the expected world keeps in a distribution of earnings (see
/// [`expected_capped`]).
const MAX_VALUES: usize = 1 << 15;

/// The exact expected value of a pathway's claims under a per-person cap that couples
/// several chains: for the people starting in each period, the distribution of what a
/// person has earned by each period is the convolution of the chains' (independent)
/// distributions; the expected capped payment in a period is the rise of
/// `E[min(cap, earned)]`, shared among the stages claimed in it in proportion to their
/// uncapped value. Replaces the uncapped values `counts` wrote for this cohort.
fn expected_capped(p: &Pathway, starters: &[f64], stages: &StageWorld, world: &mut World) {
    let h = starters.len();
    let k = p.cohort;
    let cap = p.cap.unwrap_or(f64::INFINITY);
    let mut scratch = Scratch::default();
    // Per node and period: the chance one person starting at `e` has reached it by then.
    let mut by = vec![0.0; p.nodes.len() * h];
    let mut capped_rise = vec![0.0; h];
    for (e, &n_e) in starters.iter().enumerate() {
        if n_e <= 0.0 {
            continue;
        }
        let mut one = vec![0.0; h];
        one[e] = 1.0;
        by.fill(0.0);
        counts(
            p,
            &one,
            &stages.reach,
            &stages.moves,
            false,
            &mut Expected,
            &mut scratch,
            &mut ByNode { by: &mut by, h },
        );
        // Cumulate: reached by period t.
        for i in 0..p.nodes.len() {
            for t in 1..h {
                by[i * h + t] += by[i * h + t - 1];
            }
        }
        let mut previous = 0.0;
        for t in 0..h {
            // Each chain's distribution of earnings at t: at node i (reached i, none of
            // its children), or not started.
            let mut dist: Vec<(f64, f64)> = vec![(0.0, 1.0)];
            for &root in &p.roots {
                let mut chain: Vec<(f64, f64)> = Vec::new();
                let mut started = 0.0;
                for (i, node) in p.nodes.iter().enumerate() {
                    if node.chain != p.nodes[root].chain {
                        continue;
                    }
                    let here = by[i * h + t];
                    let onward: f64 = node.children.iter().map(|&c| by[c * h + t]).sum();
                    let at = (here - onward).max(0.0);
                    if node.parent.is_none() {
                        started += here;
                    }
                    if at > 0.0 {
                        chain.push((node.cumulative, at));
                    }
                }
                chain.push((0.0, (1.0 - started).max(0.0)));
                let mut next: Vec<(f64, f64)> = Vec::with_capacity(dist.len() * chain.len());
                // Earnings at or above the cap all pay the cap: keep one value for them,
                // so the distribution never holds more values than the sums below it.
                for &(a, pa) in &dist {
                    for &(b, pb) in &chain {
                        next.push(((a + b).min(cap), pa * pb));
                    }
                }
                // Prices that share no common unit can make the sums below the cap
                // many: beyond `MAX_VALUES`, values are put on a grid of cap / MAX_VALUES
                // (a person's earnings moved by at most that), so no input can make this
                // grow without bound.
                let grid = if next.len() > MAX_VALUES && cap.is_finite() {
                    cap / MAX_VALUES as f64
                } else {
                    0.0
                };
                if grid > 0.0 {
                    for x in &mut next {
                        x.0 = ((x.0 / grid).round() * grid).min(cap);
                    }
                }
                next.sort_by(|x, y| x.0.total_cmp(&y.0));
                dist.clear();
                for (v, q) in next {
                    match dist.last_mut() {
                        Some(last) if (last.0 - v).abs() <= 1e-9 * v.abs().max(1.0) => last.1 += q,
                        _ => dist.push((v, q)),
                    }
                }
            }
            let expected: f64 = dist.iter().map(|&(v, q)| v.min(cap) * q).sum();
            capped_rise[t] += n_e * (expected - previous);
            previous = expected;
        }
    }
    // Share each period's capped payment among the stages claimed in it.
    let metrics = world.results.len() / world.cohorts.max(1);
    for (t, &rise) in capped_rise.iter().enumerate() {
        let uncapped: f64 = (0..metrics)
            .map(|m| world.claim_value[world.claim_index(m, k, t)])
            .sum();
        if uncapped <= 0.0 {
            continue;
        }
        let scale = rise.max(0.0) / uncapped;
        for m in 0..metrics {
            let i = world.claim_index(m, k, t);
            world.claim_value[i] *= scale;
        }
    }
}

/// Arrivals per node and period (`[node * horizon + period]`).
struct ByNode<'a> {
    by: &'a mut [f64],
    h: usize,
}

impl Sink for ByNode<'_> {
    fn reached(&mut self, node: usize, _metric: usize, period: usize, count: f64, _value: f64) {
        self.by[node * self.h + period] += count;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::contract::{Design, Metric, Rule, RuleCaps, Scope, Stage, Terms};
    use crate::model::pathway::compile;
    use rand::SeedableRng;

    fn stage(after: &[usize], wait: u32) -> Metric {
        Metric {
            id: "s".into(),
            kind: MetricKind::Binary,
            direction: Direction::Increase,
            unit: None,
            cohorts: vec![0],
            measured_at: 0,
            design: Design::None,
            validation_lag: 0,
            validator: None,
            stage: Some(Stage {
                after: after.to_vec(),
                wait,
                repeat: 1,
            }),
        }
    }

    fn card(prices: &[f64], cap: Option<f64>) -> Rule {
        Rule {
            id: "card".into(),
            description: None,
            payers: vec![(0, 1.0)],
            scope: Scope::PerCohort,
            cohorts: vec![0],
            terms: Terms::RateCard {
                prices: prices.iter().copied().enumerate().collect(),
            },
            caps: RuleCaps {
                per_participant: cap,
                ..RuleCaps::default()
            },
            at: None,
            payment_lag: 0,
            unless_paid_by: vec![],
            last_claim: None,
        }
    }

    /// A small world: one cohort over `h` periods.
    fn world(metrics: usize, h: usize) -> World {
        World {
            horizon: h,
            cohorts: 1,
            enrolled: vec![0.0; h],
            results: vec![super::super::Measured::default(); metrics],
            overrun: 0.0,
            inflation: 0.0,
            delay: vec![0],
            validation_delay: vec![0; metrics],
            terminated_at: None,
            savings: vec![0.0; metrics],
            claims: vec![0.0; metrics * h],
            claim_value: vec![0.0; metrics * h],
        }
    }

    /// Every path of one chain for a person starting at `e`: (probability, claims).
    #[allow(clippy::too_many_arguments)]
    fn chain_paths(
        p: &Pathway,
        node: usize,
        from: usize,
        prob: f64,
        share: &[f64],
        moves: &[f64],
        h: usize,
        claims: &mut Vec<(usize, usize)>,
        out: &mut Vec<(f64, Vec<(usize, usize)>)>,
    ) {
        let n = &p.nodes[node];
        let q = moves[n.metric];
        let earliest = from + n.wait as usize;
        let mut reached = 0.0;
        for at in earliest..h {
            let g = at - earliest;
            let pa = if q >= 1.0 {
                if g == 0 { 1.0 } else { 0.0 }
            } else {
                q * (1.0 - q).powi(g as i32)
            };
            if pa == 0.0 {
                continue;
            }
            reached += pa;
            claims.push((at, node));
            let mut onward = 0.0;
            for &c in &n.children {
                onward += share[c];
                chain_paths(p, c, at, prob * pa * share[c], share, moves, h, claims, out);
            }
            out.push((prob * pa * (1.0 - onward), claims.clone()));
            claims.pop();
        }
        // Not reached before the deal ends.
        out.push((prob * (1.0 - reached), claims.clone()));
    }

    /// The expected capped payment per period by enumerating every joint path.
    fn brute_force(p: &Pathway, e: usize, share: &[f64], moves: &[f64], h: usize) -> Vec<f64> {
        let mut joint: Vec<(f64, Vec<(usize, usize)>)> = vec![(1.0, vec![])];
        for &r in &p.roots {
            let mut paths = vec![(1.0 - share[r], vec![])];
            chain_paths(p, r, e, share[r], share, moves, h, &mut vec![], &mut paths);
            let mut next = Vec::new();
            for (pa, a) in &joint {
                for (pb, b) in &paths {
                    let mut c = a.clone();
                    c.extend(b.iter().copied());
                    next.push((pa * pb, c));
                }
            }
            joint = next;
        }
        let mut paid = vec![0.0; h];
        for (prob, mut claims) in joint {
            claims.sort_unstable();
            let mut so_far = 0.0;
            for (at, node) in claims {
                let earned = p.capped(so_far, p.nodes[node].price);
                so_far += earned;
                paid[at] += prob * earned;
            }
        }
        paid
    }

    fn paid_by_period(w: &World, metrics: usize) -> Vec<f64> {
        (0..w.horizon)
            .map(|t| {
                (0..metrics)
                    .map(|m| w.claim_value[w.claim_index(m, 0, t)])
                    .sum()
            })
            .collect()
    }

    /// Two chains (a -> b with alternatives c; d) under a cap that binds on both.
    fn two_chains() -> (Vec<Metric>, Vec<Rule>) {
        let metrics = vec![stage(&[], 0), stage(&[0], 1), stage(&[0], 0), stage(&[], 1)];
        (
            metrics,
            vec![card(&[400.0, 700.0, 300.0, 600.0], Some(1000.0))],
        )
    }

    /// Two chains with repeatable stages under a cap that binds: a (300, up to 3 times)
    /// -> b (500, after any of them); c (400, up to twice, a period apart).
    fn repeating_chains() -> (Vec<Metric>, Vec<Rule>) {
        let mut metrics = vec![stage(&[], 0), stage(&[0], 1), stage(&[], 1)];
        metrics[0].stage.as_mut().unwrap().repeat = 3;
        metrics[2].stage.as_mut().unwrap().repeat = 2;
        (metrics, vec![card(&[300.0, 500.0, 400.0], Some(1000.0))])
    }

    #[test]
    fn the_expected_capped_value_equals_a_brute_force_enumeration() {
        let (metrics, rules) = two_chains();
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        assert_eq!(p.mode, Mode::Joint);
        expected_capped_equals_brute_force(
            &metrics,
            &rules,
            &[0.8, 0.5, 0.3, 0.6],
            &[0.6, 1.0, 0.5, 0.4],
        );
    }

    #[test]
    fn with_repeatable_stages_the_expected_capped_value_equals_a_brute_force_enumeration() {
        let (metrics, rules) = repeating_chains();
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        assert_ne!(p.mode, Mode::Counts);
        assert_eq!(p.nodes.len(), 3 + 3 + 2);
        expected_capped_equals_brute_force(&metrics, &rules, &[0.7, 0.4, 0.6], &[0.6, 0.8, 0.5]);
    }

    fn expected_capped_equals_brute_force(
        metrics: &[Metric],
        rules: &[Rule],
        reach: &[f64],
        moves: &[f64],
    ) {
        let m = metrics.len();
        let p = &compile(metrics, &[100], rules).unwrap()[0];
        let h = 7;
        let mut share = Vec::new();
        set_shares(p, reach, &mut share);
        let starters = [3.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0];
        let mut w = world(m, h);
        let mut sink = Claims {
            world: &mut w,
            cohort: 0,
        };
        counts(
            p,
            &starters,
            reach,
            moves,
            false,
            &mut Expected,
            &mut Scratch::default(),
            &mut sink,
        );
        let stages = StageWorld {
            reach: reach.to_vec(),
            reach_base: reach.to_vec(),
            moves: moves.to_vec(),
            moves_base: moves.to_vec(),
            ..StageWorld::default()
        };
        expected_capped(p, &starters, &stages, &mut w);
        let got = paid_by_period(&w, m);
        let mut want = vec![0.0; h];
        for (e, &n) in starters.iter().enumerate() {
            for (t, x) in brute_force(p, e, &share, moves, h).into_iter().enumerate() {
                want[t] += n * x;
            }
        }
        for t in 0..h {
            assert!(
                (got[t] - want[t]).abs() < 1e-9,
                "period {t}: {} vs {}",
                got[t],
                want[t]
            );
        }
        // The cap binds: less than five people's caps.
        assert!(want.iter().sum::<f64>() < 5.0 * 1000.0);
    }

    /// Three chains under a cap of 1,200 a person can reach (the dearest paths sum to
    /// 2,300): people leave the joint states both at the cap (three claims of 300, 500 and
    /// 400) and below it (done with the dearest chain early).
    fn three_chains() -> (Vec<Metric>, Vec<Rule>) {
        let metrics = vec![
            stage(&[], 0),
            stage(&[0], 1),
            stage(&[], 0),
            stage(&[2], 1),
            stage(&[], 1),
        ];
        (
            metrics,
            vec![card(&[300.0, 500.0, 400.0, 900.0, 200.0], Some(1200.0))],
        )
    }

    #[test]
    fn person_by_person_draws_average_to_the_exact_expectation() {
        draws_average_to_the_exact_expectation_on_every_fixture(false);
    }

    #[test]
    fn joint_state_draws_average_to_the_exact_expectation() {
        draws_average_to_the_exact_expectation_on_every_fixture(true);
    }

    /// On two chains, three chains (people leave the joint states) and repeatable stages.
    fn draws_average_to_the_exact_expectation_on_every_fixture(joint_states: bool) {
        for ((metrics, rules), values) in [
            (two_chains(), &TWO_CHAINS),
            (three_chains(), &THREE_CHAINS),
            (repeating_chains(), &REPEATING),
        ] {
            draws_average_to_the_exact_expectation(&metrics, &rules, values, joint_states);
        }
    }

    /// Reach shares and chances each period of the stages of [`two_chains`].
    const TWO_CHAINS: [&[f64]; 2] = [&[0.8, 0.5, 0.3, 0.6], &[0.6, 1.0, 0.5, 0.4]];
    const THREE_CHAINS: [&[f64]; 2] = [&[0.8, 0.5, 0.3, 0.6, 0.7], &[0.6, 1.0, 0.5, 0.4, 0.5]];
    /// The same for [`repeating_chains`].
    const REPEATING: [&[f64]; 2] = [&[0.7, 0.4, 0.6], &[0.6, 0.8, 0.5]];

    /// 20,000 draws of 5 people; the mean payment per period within 4 standard errors (a
    /// two-sided test at alpha of about 6e-5 per period), and nobody above the cap.
    fn draws_average_to_the_exact_expectation(
        metrics: &[Metric],
        rules: &[Rule],
        [reach, moves]: &[&[f64]; 2],
        joint_states: bool,
    ) {
        let m = metrics.len();
        let p = &compile(metrics, &[100], rules).unwrap()[0];
        let h = 7;
        let mut share = Vec::new();
        set_shares(p, reach, &mut share);
        let starters = [3.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0];
        let mut want = vec![0.0; h];
        for (e, &n) in starters.iter().enumerate() {
            for (t, x) in brute_force(p, e, &share, moves, h).into_iter().enumerate() {
                want[t] += n * x;
            }
        }
        struct Rng(rand::rngs::StdRng);
        impl Draws for Rng {
            fn binomial(&mut self, n: f64, p: f64) -> f64 {
                use rand_distr::Distribution;
                rand_distr::Binomial::new(n as u64, p.clamp(0.0, 1.0))
                    .unwrap()
                    .sample(&mut self.0) as f64
            }
            fn uniform(&mut self) -> f64 {
                use rand::RngExt;
                self.0.random::<f64>()
            }
        }
        let mut rng = Rng(rand::rngs::StdRng::seed_from_u64(7));
        let trials = 20_000;
        let (mut sum, mut sq) = (vec![0.0; h], vec![0.0; h]);
        let mut scratch = Scratch::default();
        let mut w = world(m, h);
        for _ in 0..trials {
            w.claim_value.fill(0.0);
            w.claims.fill(0.0);
            let mut sink = Claims {
                world: &mut w,
                cohort: 0,
            };
            flow(
                joint_states,
                p,
                &starters,
                reach,
                moves,
                &mut rng,
                &mut scratch,
                &mut sink,
            );
            let total: f64 = w.claim_value.iter().sum();
            // No person above the cap: five people earn at most five caps.
            assert!(total <= 5.0 * p.cap.unwrap() + 1e-9);
            for (t, x) in paid_by_period(&w, m).into_iter().enumerate() {
                sum[t] += x;
                sq[t] += x * x;
            }
        }
        for t in 0..h {
            let mean = sum[t] / f64::from(trials);
            let se = ((sq[t] / f64::from(trials) - mean * mean) / f64::from(trials)).sqrt();
            assert!(
                (mean - want[t]).abs() <= 4.0 * se + 1e-9,
                "period {t}: {mean} vs {} (se {se})",
                want[t]
            );
        }
    }

    #[test]
    fn joint_states_and_person_by_person_agree_exactly_when_nothing_is_random() {
        // Shares of 0 or 1 and no delay: both take the same paths, so they pay the same,
        // period by period and stage by stage.
        let (metrics, rules) = two_chains();
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        let reach = [1.0, 1.0, 0.0, 1.0];
        let moves = [1.0, 1.0, 1.0, 1.0];
        let starters = [2.0, 0.0, 3.0, 0.0, 0.0, 1.0];
        let run = |joint_states: bool| exact_claims(joint_states, p, &starters, &reach, &moves, 4);
        let (a, b) = (run(true), run(false));
        assert_eq!(a, b);
        // A person reaches a (400) on joining, then b (700) and d (600) a period later,
        // chain 0 first: b earns the 600 left under the cap of 1,000 and d nothing. The
        // five who join in periods 0 and 2 earn 1,000 each; the one joining in the last
        // period only a's 400.
        let total: f64 = a.1.iter().sum();
        assert_eq!(total, 5.0 * 1000.0 + 400.0);
        assert_eq!(a.1[w_index(3, 1)], 0.0, "d earns nothing in period 1");
    }

    #[test]
    fn joint_states_agree_exactly_with_person_by_person_when_people_leave_them() {
        // Every pattern of shares of 0 or 1 on three chains, no delay: both take the same
        // paths, so they count and pay the same, stage by stage and period by period,
        // whether people leave the joint states at the cap, below it, or not at all.
        let (metrics, rules) = three_chains();
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        let starters = [2.0, 1.0, 0.0, 3.0, 0.0];
        for pattern in 0..32u32 {
            let reach: Vec<f64> = (0..5).map(|i| f64::from(pattern >> i & 1)).collect();
            let moves = [1.0; 5];
            let run =
                |joint_states: bool| exact_claims(joint_states, p, &starters, &reach, &moves, 5);
            assert_eq!(run(true), run(false), "shares {reach:?}");
        }
    }

    #[test]
    fn joint_states_count_every_stage_as_counts_do() {
        // With expected draws both flows are linear in the people, so the people reaching
        // each stage in each period (not what they earn, which the cap cuts in the joint
        // states only) must agree exactly, including an alternative with a long wait that
        // falls past the deal's end listed before one with none, and repeatable stages.
        let late = {
            let metrics = vec![stage(&[], 0), stage(&[0], 4), stage(&[0], 0), stage(&[], 1)];
            let rules = vec![card(&[600.0, 900.0, 700.0, 500.0], Some(1000.0))];
            (metrics, rules)
        };
        for (metrics, rules) in [two_chains(), three_chains(), repeating_chains(), late] {
            let p = &compile(&metrics, &[100], &rules).unwrap()[0];
            assert_eq!(p.mode, Mode::Joint);
            let m = metrics.len();
            let h = 6;
            let starters = [3.0, 0.0, 2.0, 1.0, 0.0, 4.0];
            let reach: Vec<f64> = (0..m).map(|i| 0.3 + 0.1 * i as f64).collect();
            let moves: Vec<f64> = (0..m).map(|i| 0.9 - 0.15 * i as f64).collect();
            let mut by_joint = world(m, h);
            joint(
                p,
                &starters,
                &reach,
                &moves,
                &mut Expected,
                &mut Scratch::default(),
                &mut Claims {
                    world: &mut by_joint,
                    cohort: 0,
                },
            );
            let mut by_counts = world(m, h);
            counts(
                p,
                &starters,
                &reach,
                &moves,
                false,
                &mut Expected,
                &mut Scratch::default(),
                &mut Claims {
                    world: &mut by_counts,
                    cohort: 0,
                },
            );
            for (i, (a, b)) in by_joint.claims.iter().zip(&by_counts.claims).enumerate() {
                assert!((a - b).abs() < 1e-9, "{m} metrics, claim {i}: {a} vs {b}");
            }
        }
    }

    /// Runs the joint-state flow or the person-by-person one.
    #[allow(clippy::too_many_arguments)]
    fn flow(
        joint_states: bool,
        p: &Pathway,
        starters: &[f64],
        reach: &[f64],
        moves: &[f64],
        draws: &mut impl Draws,
        scratch: &mut Scratch,
        sink: &mut impl Sink,
    ) {
        if joint_states {
            joint(p, starters, reach, moves, draws, scratch, sink);
        } else {
            per_person(p, starters, reach, moves, draws, scratch, sink);
        }
    }

    /// The claims (people and value, per metric and period) of a flow where nothing is
    /// random (shares and chances of 0 or 1).
    fn exact_claims(
        joint_states: bool,
        p: &Pathway,
        starters: &[f64],
        reach: &[f64],
        moves: &[f64],
        metrics: usize,
    ) -> (Vec<f64>, Vec<f64>) {
        let mut w = world(metrics, starters.len());
        let mut sink = Claims {
            world: &mut w,
            cohort: 0,
        };
        let mut scratch = Scratch::default();
        flow(
            joint_states,
            p,
            starters,
            reach,
            moves,
            &mut Expected,
            &mut scratch,
            &mut sink,
        );
        (w.claims, w.claim_value)
    }

    fn w_index(metric: usize, period: usize) -> usize {
        metric * 6 + period
    }

    #[test]
    fn one_chain_counts_pay_exactly_what_people_earn_under_the_cap() {
        // a (600) -> b (600) -> c (600) under a cap of 1,000: a person earns 600, 400, 0.
        let metrics = vec![stage(&[], 0), stage(&[0], 1), stage(&[1], 1)];
        let rules = vec![card(&[600.0, 600.0, 600.0], Some(1000.0))];
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        assert_eq!(p.mode, Mode::Counts);
        let h = 6;
        let reach = [0.7, 0.6, 0.5];
        let moves = [0.5, 0.8, 1.0];
        let starters = [4.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        assert_counts_match_the_enumeration(p, &reach, &moves, &starters, 3);
        assert_eq!(h, starters.len());
    }

    #[test]
    fn one_chain_counts_with_a_repeatable_stage_pay_exactly_what_people_earn_under_the_cap() {
        // a (400, up to 3 times) -> b (500, after any of them) under a cap of 1,000: what
        // each achievement earns is fixed by the path to it, so counts are exact.
        let mut metrics = vec![stage(&[], 0), stage(&[0], 1)];
        metrics[0].stage.as_mut().unwrap().repeat = 3;
        let rules = vec![card(&[400.0, 500.0], Some(1000.0))];
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        assert_eq!(p.mode, Mode::Counts);
        let h = 8;
        let reach = [0.8, 0.3];
        let moves = [0.6, 0.7];
        let starters = [4.0, 1.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0];
        assert_counts_match_the_enumeration(p, &reach, &moves, &starters, 2);
        assert_eq!(h, starters.len());
    }

    /// Counts under a cap of one chain pay, period by period, what the enumeration of
    /// every person's paths pays.
    fn assert_counts_match_the_enumeration(
        p: &Pathway,
        reach: &[f64],
        moves: &[f64],
        starters: &[f64],
        metrics: usize,
    ) {
        let h = starters.len();
        let mut share = Vec::new();
        set_shares(p, reach, &mut share);
        let mut w = world(metrics, h);
        let mut sink = Claims {
            world: &mut w,
            cohort: 0,
        };
        counts(
            p,
            starters,
            reach,
            moves,
            true,
            &mut Expected,
            &mut Scratch::default(),
            &mut sink,
        );
        let got = paid_by_period(&w, metrics);
        let mut want = vec![0.0; h];
        for (e, &n) in starters.iter().enumerate() {
            for (t, x) in brute_force(p, e, &share, moves, h).into_iter().enumerate() {
                want[t] += n * x;
            }
        }
        for t in 0..h {
            assert!(
                (got[t] - want[t]).abs() < 1e-9,
                "period {t}: {} vs {}",
                got[t],
                want[t]
            );
        }
    }

    #[test]
    fn geometric_timing_has_its_closed_form_mean() {
        // One stage after enrolment: wait 2, a mean delay of 3 (a chance of 1/4 a period),
        // reach 0.5, 1,000 people enrolled in period 0, a long horizon. The expected count
        // is 500 and the mean claim period 2 + 3 = 5 (up to the tail past the horizon,
        // (3/4)^198, nothing).
        let metrics = vec![stage(&[], 2)];
        let rules = vec![card(&[100.0], None)];
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        let h = 200;
        let mut starters = vec![0.0; h];
        starters[0] = 1000.0;
        let mut w = world(1, h);
        let mut sink = Claims {
            world: &mut w,
            cohort: 0,
        };
        counts(
            p,
            &starters,
            &[0.5],
            &[chance_per_period(3.0)],
            true,
            &mut Expected,
            &mut Scratch::default(),
            &mut sink,
        );
        let total: f64 = w.claims.iter().sum();
        let mean_period: f64 = w
            .claims
            .iter()
            .enumerate()
            .map(|(t, x)| t as f64 * x)
            .sum::<f64>()
            / total;
        assert!((total - 500.0).abs() < 1e-9, "{total}");
        assert!((mean_period - 5.0).abs() < 1e-9, "{mean_period}");
        assert_eq!(w.claims[0] + w.claims[1], 0.0, "nothing before the wait");
    }

    /// A two-stage pathway whose second stage is measured against a comparison group of
    /// `size` (`spread`: enrolment over four periods, else all in period 0).
    fn measured(size: u32, spread: bool) -> (Contract, crate::model::scenario::Scenario) {
        measured_as(
            &format!("measurement = \"comparison\"\ncomparison_size = {size}"),
            "",
            spread,
        )
    }

    /// The same pathway with `design` (its lines in [metrics.kept]) and `kept` (more lines
    /// for the scenario's [metrics.kept]).
    fn measured_as(
        design: &str,
        kept: &str,
        spread: bool,
    ) -> (Contract, crate::model::scenario::Scenario) {
        use crate::diagnostics::Source;
        let enrol_to = if spread { 3 } else { 0 };
        let c = format!(
            r#"
[deal]
name = "measured stage"
currency = "GBP"
period = "quarter"
horizon = 10
[parties.payer]
role = "payer"
[parties.prov]
role = "provider"
[cohorts.a]
target = 300
enrol_from = 0
enrol_to = {enrol_to}
[metrics.job]
kind = "binary"
direction = "increase"
after = "start"
measurement = "none"
[metrics.kept]
kind = "binary"
direction = "increase"
after = "job"
wait = 1
{design}
measured_at = 3
[rules.card]
type = "rate_card"
payer = "payer"
prices = {{ job = 100, kept = 200 }}
"#
        );
        let w = "[participants]\nreferrals = 1\nreferral_noise = \"none\"\n\
                 [metrics.job]\nbaseline = 0.6\neffect = 0.2\ndelay = 1\n\
                 [metrics.kept]\nbaseline = 0.5\neffect = 0.2\ndelay = 0.5\n"
            .to_string()
            + kept;
        let c = crate::load::contract_from_source(&Source::new("c.toml", &c))
            .expect("a valid contract")
            .value;
        let s = crate::load::scenario_from_source(&Source::new("s.toml", &w), &c)
            .expect("a valid scenario")
            .value;
        (c, s)
    }

    #[test]
    fn a_comparison_group_measures_a_stage_without_bias_and_with_binomial_noise() {
        // 20,000 seeded trials of a group of 400 who all start in period 0: the share of
        // the group reaching `kept` by the measurement point is Binomial(400, p) / 400 with
        // p the true counterfactual, so its mean is within 4 standard errors of p (a
        // two-sided test at alpha of about 6e-5) and its variance within 4 standard errors
        // of p (1 - p) / 400 (the sample variance's standard error is about
        // var x sqrt(2 / trials), 1%).
        let (c, s) = measured(400, false);
        let mut realiser = crate::world::sampled::Realiser::new(&s);
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        let mut w = World::empty(&c);
        let trials = 20_000;
        let (mut sum, mut sq) = (0.0, 0.0);
        let mut truth = None;
        for _ in 0..trials {
            realiser.realise(&c, &s, &[], &mut rng, &mut w);
            let r = w.result(1, 0);
            assert_eq!(r.n_counterfactual, 400.0);
            let p = *truth.get_or_insert(r.true_counterfactual);
            assert!((r.true_counterfactual - p).abs() < 1e-12);
            sum += r.measured_counterfactual;
            sq += r.measured_counterfactual * r.measured_counterfactual;
        }
        let p = truth.expect("trials ran");
        // Reached `job` (0.6), then `kept` (0.5) within 3 quarters of enrolment.
        assert!(p > 0.15 && p < 0.3, "{p}");
        let n = f64::from(trials);
        let mean = sum / n;
        let var = sq / n - mean * mean;
        let binomial = p * (1.0 - p) / 400.0;
        let se = (binomial / n).sqrt();
        assert!((mean - p).abs() <= 4.0 * se, "{mean} vs {p} (se {se})");
        let se_var = binomial * (2.0 / n).sqrt();
        assert!(
            (var - binomial).abs() <= 4.0 * se_var,
            "{var} vs {binomial} (se {se_var})"
        );
    }

    #[test]
    fn the_expected_group_measures_the_true_counterfactual_at_the_measurement_point() {
        let (c, s) = measured(250, true);
        let w = crate::world::expected::expected_world(&c, &s);
        let r = w.result(1, 0);
        assert_eq!(r.n_counterfactual, 250.0);
        assert!(
            (r.measured_counterfactual - r.true_counterfactual).abs() < 1e-12,
            "{} vs {}",
            r.measured_counterfactual,
            r.true_counterfactual
        );
        // By the end of period enrol_to + measured_at = 6: fewer than by the deal's end,
        // which the claims count.
        let all: f64 = w.claim_row(1, 0).iter().sum();
        let by_point: f64 = w.claim_row(1, 0)[..=6].iter().sum();
        assert!(by_point < all);
        assert!((r.treated_mean * r.n_treated - by_point).abs() < 1e-9);
        assert!((r.true_treated - r.treated_mean).abs() < 1e-12);
        assert!(r.true_treated > r.true_counterfactual);
        // A stage measured as achieved keeps its result over the whole deal.
        let job = w.result(0, 0);
        let all_jobs: f64 = w.claim_row(0, 0).iter().sum();
        assert_eq!(job.n_counterfactual, 0.0);
        assert!((job.treated_mean * job.n_treated - all_jobs).abs() < 1e-9);
    }

    #[test]
    fn a_biased_comparison_group_and_a_historical_baseline_measure_a_stage_as_designed() {
        // A comparison group 20% likelier to move on to `kept` measures 20% more than the
        // true counterfactual; a control group measures exactly it.
        let (c, s) = measured_as(
            "measurement = \"comparison\"\ncomparison_size = 300",
            "comparison_bias = 0.2\n",
            true,
        );
        let r = *crate::world::expected::expected_world(&c, &s).result(1, 0);
        // The bias is on `kept` only, in proportion to whose share the group reaches it.
        assert!(
            (r.measured_counterfactual / r.true_counterfactual - 1.2).abs() < 1e-9,
            "{r:?}"
        );
        let (c, s) = measured_as("measurement = \"rct\"\ncontrol_size = 300", "", true);
        let r = *crate::world::expected::expected_world(&c, &s).result(1, 0);
        assert!((r.measured_counterfactual - r.true_counterfactual).abs() < 1e-12);
        assert_eq!(r.n_counterfactual, 300.0);
        // A trend-adjusted baseline moves with the stage's drift; there is no group.
        let (c, s) = measured_as(
            "measurement = \"historical\"\nbaseline = 0.2\ntrend_adjusted = true",
            "drift = -0.1\n",
            false,
        );
        let r = *crate::world::expected::expected_world(&c, &s).result(1, 0);
        assert!((r.measured_counterfactual - 0.18).abs() < 1e-12, "{r:?}");
        assert_eq!(r.n_counterfactual, 0.0);
        let mut w = World::empty(&c);
        let mut realiser = crate::world::sampled::Realiser::new(&s);
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        realiser.realise(&c, &s, &[], &mut rng, &mut w);
        assert!((w.result(1, 0).measured_counterfactual - 0.18).abs() < 1e-12);
    }

    #[test]
    fn a_group_starts_as_the_cohort_does_in_whole_people() {
        let mut out = Vec::new();
        group_starters(&[10.0, 0.0, 20.0, 10.0], 100.0, true, &mut out);
        assert_eq!(out, vec![25.0, 0.0, 50.0, 25.0]);
        group_starters(&[1.0, 1.0, 1.0], 100.0, true, &mut out);
        assert_eq!(out.iter().sum::<f64>(), 100.0);
        assert!(out.iter().all(|x| x.fract() == 0.0));
        group_starters(&[1.0, 1.0, 1.0], 100.0, false, &mut out);
        assert!((out[0] - 100.0 / 3.0).abs() < 1e-12);
        group_starters(&[0.0, 0.0], 100.0, true, &mut out);
        assert_eq!(out, vec![0.0, 0.0]);
    }

    /// A stage's scenario quantities: fixed values, reached with a hazard.
    fn hazard_world(hazard: f64, effect: f64) -> MetricWorld {
        MetricWorld {
            baseline: Quantity::Fixed(1.0),
            effect: Quantity::Fixed(effect),
            effect_scale: EffectScale::Relative,
            sd: Quantity::Fixed(0.0),
            drift: Quantity::Fixed(0.0),
            comparison_bias: Quantity::Fixed(0.0),
            savings: None,
            delay: Quantity::Fixed(0.0),
            effect_on: EffectOn::Hazard,
            hazard: Some(Quantity::Fixed(hazard)),
        }
    }

    #[test]
    fn a_hazard_reaches_everyone_with_its_closed_form_mean_period() {
        // A hazard of 0.2 raised by 25% to 0.25 with a wait of 3: everyone eligible reaches
        // the stage (the share is 1), in period 3 + (1 - h) / h on average, 3 + 3 = 6 (up
        // to the tail past the horizon, 0.75^297, nothing); without the programme 3 + 4.
        let v = stage_values(&hazard_world(0.2, 0.25), |q| match q {
            Quantity::Fixed(x) => *x,
            Quantity::Assumption(_) => unreachable!(),
        });
        assert_eq!((v.reach, v.reach_base), (1.0, 1.0));
        assert!((v.moves - 0.25).abs() < 1e-12 && (v.moves_base - 0.2).abs() < 1e-12);
        let metrics = vec![stage(&[], 3)];
        let rules = vec![card(&[100.0], None)];
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        let h = 300;
        let mut starters = vec![0.0; h];
        starters[0] = 1000.0;
        for (hazard, reach, want) in [(v.moves, v.reach, 6.0), (v.moves_base, v.reach_base, 7.0)] {
            let mut w = world(1, h);
            let mut sink = Claims {
                world: &mut w,
                cohort: 0,
            };
            counts(
                p,
                &starters,
                &[reach],
                &[hazard],
                true,
                &mut Expected,
                &mut Scratch::default(),
                &mut sink,
            );
            let total: f64 = w.claims.iter().sum();
            let mean: f64 = w
                .claims
                .iter()
                .enumerate()
                .map(|(t, x)| t as f64 * x)
                .sum::<f64>()
                / total;
            assert!((total - 1000.0).abs() < 1e-6, "{total}");
            assert!((mean - want).abs() < 1e-9, "{mean} vs {want}");
            assert_eq!(
                w.claims[..3].iter().sum::<f64>(),
                0.0,
                "nothing before the wait"
            );
        }
        // Who has not reached it by the deal's end never does: a horizon of 5 leaves the
        // chance of not reaching it in periods 3 and 4, 0.75^2.
        let mut w = world(1, 5);
        let mut sink = Claims {
            world: &mut w,
            cohort: 0,
        };
        counts(
            p,
            &starters[..5],
            &[1.0],
            &[0.25],
            true,
            &mut Expected,
            &mut Scratch::default(),
            &mut sink,
        );
        let total: f64 = w.claims.iter().sum();
        assert!(
            (total - 1000.0 * (1.0 - 0.75f64.powi(2))).abs() < 1e-9,
            "{total}"
        );
    }

    /// Counts claims.
    struct Count {
        claims: f64,
    }

    impl Sink for Count {
        fn reached(&mut self, _node: usize, _metric: usize, _period: usize, count: f64, _v: f64) {
            self.claims += count;
        }
    }

    #[test]
    fn a_repeatable_stage_is_claimed_at_most_its_repeats_and_counts_each_person_once() {
        // One stage, up to 3 times, a period apart; 10 people join in period 0.
        let mut metrics = vec![stage(&[], 1)];
        metrics[0].stage.as_mut().unwrap().repeat = 3;
        let rules = vec![card(&[100.0], None)];
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        let h = 12;
        let mut starters = vec![0.0; h];
        starters[0] = 10.0;
        // Everyone reaches it each time, at once: 30 claims in periods 1, 2 and 3, by 10
        // people.
        let mut people = vec![0.0];
        let mut sink = FirstReach {
            inner: Count { claims: 0.0 },
            pathway: p,
            people: &mut people,
        };
        counts(
            p,
            &starters,
            &[1.0],
            &[1.0],
            true,
            &mut Expected,
            &mut Scratch::default(),
            &mut sink,
        );
        assert_eq!(sink.inner.claims, 30.0);
        assert_eq!(people, vec![10.0]);
        let mut totals = vec![0.0];
        counts(
            p,
            &starters,
            &[1.0],
            &[1.0],
            false,
            &mut Expected,
            &mut Scratch::default(),
            &mut Totals(&mut totals, p),
        );
        assert_eq!(totals, vec![10.0]);
        // Drawn person by person with chances below 1: never more than 3 claims a person.
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        struct Uniform<'a>(&'a mut rand::rngs::StdRng);
        impl Draws for Uniform<'_> {
            fn binomial(&mut self, _n: f64, _p: f64) -> f64 {
                unreachable!()
            }
            fn uniform(&mut self) -> f64 {
                use rand::RngExt;
                self.0.random::<f64>()
            }
        }
        let mut most = 0.0f64;
        let mut scratch = Scratch::default();
        for _ in 0..2000 {
            let mut one = vec![0.0; h];
            one[0] = 1.0;
            let mut people = vec![0.0];
            let mut sink = FirstReach {
                inner: Count { claims: 0.0 },
                pathway: p,
                people: &mut people,
            };
            per_person(
                p,
                &one,
                &[0.9],
                &[0.7],
                &mut Uniform(&mut rng),
                &mut scratch,
                &mut sink,
            );
            let claims = sink.inner.claims;
            assert!(claims <= 3.0);
            assert!(people[0] <= 1.0);
            assert_eq!(people[0] > 0.0, claims > 0.0);
            most = most.max(claims);
        }
        assert_eq!(most, 3.0);
    }
}
