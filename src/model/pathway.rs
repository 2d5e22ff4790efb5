//! Outcome pathways: the stages a participant can reach one after another (a job start,
//! then 13 and 26 weeks in work), each claimed when the person reaches it.
//!
//! A cohort's stage metrics are compiled once into a forest of **chains**. Each stage
//! reached from enrolment (`after = "start"`) starts a chain; a person can be on every
//! chain at once (housing and work progress independently). Within a chain a person
//! follows one path: the stages that follow a stage are alternatives (a part-time or a
//! full-time job after a job entry), and a stage reachable from any of several earlier
//! ones (`after_any`) is copied under each of them, so every node of the tree knows the
//! path that led to it and what the person has earned on that chain so far.
//!
//! A repeatable stage (`repeat = N`) is expanded into up to N nodes in sequence, each
//! achievement a child of the one before ([`Node::repeat`] counts them). The stages that
//! follow it are copied under every achievement, as alternatives to reaching it again: after
//! each achievement a person either reaches the stage again, goes on to a stage after it, or
//! stops (so a person who goes on stops repeating it). Each achievement is a claim at the
//! stage's price; the people reaching the stage are those at its first node.
//!
//! The per-person cap of the rate card that prices the stages is exact:
//! - with one chain (or a cap no person can reach), what a person earns on reaching a
//!   node is fixed by the node ([`Node::earns`]), so counting people per node is enough
//!   ([`Mode::Counts`]): a trial's cost grows with stages and periods, not people;
//! - with several chains and a cap a person can reach, what a person earns depends on
//!   how far they got on every chain. People are counted per joint state ([`Mode::Joint`]:
//!   what they wait for on every chain, and what they have earned so far), and only while
//!   the cap can still cut them: at the cap, or unable to reach it with the most every
//!   chain can still pay, they are counted per node again. The joint states left are
//!   bounded by the pathway, not by the people (about 1,400 at most for the Fair Chance
//!   Fund's 21-line tariff whatever the cohort's size); beyond [`MAX_JOINT_CHAINS`]
//!   chains, each person's path is drawn in turn ([`Mode::PerPerson`]).

use super::contract::{Metric, Rule, Terms};

/// Most nodes a cohort's pathway may expand to (copies of stages under each path).
pub const MAX_NODES: usize = 4096;

/// One stage on one path of a chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The stage's metric.
    pub metric: usize,
    /// The node before it on the path (`None` for a chain's first stage).
    pub parent: Option<usize>,
    /// The nodes that can follow it (alternatives: a person reaches at most one).
    pub children: Vec<usize>,
    /// The chain (index into [`Pathway::roots`]).
    pub chain: usize,
    /// Least periods after the node before (or enrolment).
    pub wait: u32,
    /// The stage's price (0 when no rule prices it).
    pub price: f64,
    /// What the person has earned on this chain once here, before any cap.
    pub cumulative: f64,
    /// In [`Mode::Counts`]: what a person earns on reaching this node after the
    /// per-person cap (their price where the cap cannot bind).
    pub earns: f64,
    /// Which achievement of a repeatable stage this is: 0 for the first (the person
    /// reaches the stage), 1 for the first repeat, and so on.
    pub repeat: u32,
}

/// Most chains a pathway may have for [`Mode::Joint`]; beyond, [`Mode::PerPerson`].
pub const MAX_JOINT_CHAINS: usize = 8;

/// How a trial counts the people on a pathway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Counts of people per node and period, drawn as binomials.
    Counts,
    /// Counts of people per joint state (what they wait for on every chain, and what they
    /// have earned) while the cap can still cut them, and per node once it cannot, drawn
    /// as binomials: several chains under a cap a person can reach.
    Joint,
    /// Each person's path drawn in turn (more chains than [`MAX_JOINT_CHAINS`]).
    PerPerson,
}

/// One cohort's pathway.
#[derive(Debug, Clone, PartialEq)]
pub struct Pathway {
    pub cohort: usize,
    /// The most people the cohort can enrol (its target).
    pub people: u32,
    /// Parents before children.
    pub nodes: Vec<Node>,
    /// The first node of each chain.
    pub roots: Vec<usize>,
    /// The rate card pricing the stages, if any.
    pub rule: Option<usize>,
    /// That rule's cap per participant.
    pub cap: Option<f64>,
    pub mode: Mode,
    /// The most one person can earn, before the cap.
    pub most_per_person: f64,
}

impl Pathway {
    /// What a person who has earned `so_far` earns from a claim at `price`, under the cap.
    #[inline]
    pub fn capped(&self, so_far: f64, price: f64) -> f64 {
        match self.cap {
            Some(cap) => price.min((cap - so_far).max(0.0)),
            None => price,
        }
    }

    /// Whether counts of people per stage fix what each earns under the cap: counted
    /// per node ([`Mode::Counts`]) with every stage at one node (no `after_any` copies).
    pub fn counts_fix_earnings(&self) -> bool {
        self.mode == Mode::Counts
            && self
                .nodes
                .iter()
                .enumerate()
                .all(|(i, n)| self.nodes[..i].iter().all(|o| o.metric != n.metric))
    }
}

/// Why a cohort's stages could not be compiled.
#[derive(Debug, Clone, PartialEq)]
pub enum PathwayError {
    /// The stages expand to more than [`MAX_NODES`] paths.
    TooManyPaths { cohort: usize },
}

/// A stage metric's price for cohort `k`: the rate card pricing it that pays for the
/// cohort (validation allows one per cohort).
fn price_of(rules: &[Rule], metric: usize, k: usize) -> Option<(usize, f64)> {
    rules.iter().enumerate().find_map(|(i, r)| match &r.terms {
        Terms::RateCard { prices } if r.cohorts.contains(&k) => prices
            .iter()
            .find(|&&(m, _)| m == metric)
            .map(|&(_, p)| (i, p)),
        _ => None,
    })
}

/// Compiles every cohort's pathway; cohorts with no stage metric have none. Stage
/// references must already be valid and acyclic.
pub fn compile(
    metrics: &[Metric],
    targets: &[u32],
    rules: &[Rule],
) -> Result<Vec<Pathway>, PathwayError> {
    let mut out = Vec::new();
    for (k, &target) in targets.iter().enumerate() {
        let on = |m: usize| metrics[m].stage.is_some() && metrics[m].cohorts.contains(&k);
        if !(0..metrics.len()).any(on) {
            continue;
        }
        let mut p = Pathway {
            cohort: k,
            people: target,
            nodes: Vec::new(),
            roots: Vec::new(),
            rule: None,
            cap: None,
            mode: Mode::Counts,
            most_per_person: 0.0,
        };
        // Depth-first, so a parent always precedes its children. Each entry: the parent
        // node, the stage's metric and which achievement of it this is.
        let mut stack: Vec<(Option<usize>, usize, u32)> = (0..metrics.len())
            .rev()
            .filter(|&m| {
                on(m)
                    && metrics[m]
                        .stage
                        .as_ref()
                        .is_some_and(|s| s.after.is_empty())
            })
            .map(|m| (None, m, 0))
            .collect();
        while let Some((parent, m, repeat)) = stack.pop() {
            if p.nodes.len() >= MAX_NODES {
                return Err(PathwayError::TooManyPaths { cohort: k });
            }
            let stage = metrics[m].stage.as_ref().expect("a stage");
            let priced = price_of(rules, m, k);
            if let Some((r, _)) = priced {
                p.rule.get_or_insert(r);
            }
            let price = priced.map_or(0.0, |x| x.1);
            let index = p.nodes.len();
            let (chain, before) = match parent {
                Some(q) => (p.nodes[q].chain, p.nodes[q].cumulative),
                None => {
                    p.roots.push(index);
                    (p.roots.len() - 1, 0.0)
                }
            };
            p.nodes.push(Node {
                metric: m,
                parent,
                children: Vec::new(),
                chain,
                wait: stage.wait,
                price,
                cumulative: before + price,
                earns: price,
                repeat,
            });
            if let Some(q) = parent {
                p.nodes[q].children.push(index);
            }
            let next: Vec<usize> = (0..metrics.len())
                .rev()
                .filter(|&n| {
                    on(n)
                        && metrics[n]
                            .stage
                            .as_ref()
                            .is_some_and(|s| s.after.contains(&m))
                })
                .collect();
            stack.extend(next.into_iter().map(|n| (Some(index), n, 0)));
            // A repeatable stage's next achievement: one more alternative after this one
            // (pushed last, so it is its first child).
            if repeat + 1 < stage.repeat {
                stack.push((Some(index), m, repeat + 1));
            }
        }
        // Children in the order of the file (the stack reversed them twice over).
        for n in &mut p.nodes {
            n.children.sort_by_key(|&c| c);
        }
        p.cap = p.rule.and_then(|r| rules[r].caps.per_participant);
        // The most a person earns: the dearest path of each chain, summed.
        let mut dearest = vec![0.0f64; p.roots.len()];
        for n in &p.nodes {
            dearest[n.chain] = dearest[n.chain].max(n.cumulative);
        }
        p.most_per_person = dearest.iter().sum();
        let binds = p.cap.is_some_and(|cap| p.most_per_person > cap);
        // Counting per joint state pays when the states are fewer than the people.
        // Several chains under a cap a person can reach: counted per joint state, whose
        // cost is bounded by the pathway, unless the chains are too many to pack.
        p.mode = if !binds || p.roots.len() == 1 {
            Mode::Counts
        } else if p.roots.len() <= MAX_JOINT_CHAINS {
            Mode::Joint
        } else {
            Mode::PerPerson
        };
        if binds && p.mode == Mode::Counts {
            // One chain: what a node earns is fixed by the path to it.
            for i in 0..p.nodes.len() {
                let before = p.nodes[i].parent.map_or(0.0, |q| p.nodes[q].cumulative);
                let cap = p.cap.unwrap_or(f64::INFINITY);
                p.nodes[i].earns = p.nodes[i].cumulative.min(cap) - before.min(cap);
            }
        }
        out.push(p);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::contract::{Design, Direction, MetricKind, RuleCaps, Scope, Stage};

    fn stage(id: &str, after: &[usize], wait: u32) -> Metric {
        Metric {
            id: id.into(),
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

    fn card(prices: &[(usize, f64)], cap: Option<f64>) -> Rule {
        Rule {
            id: "card".into(),
            description: None,
            payers: vec![(0, 1.0)],
            scope: Scope::PerCohort,
            cohorts: vec![0],
            terms: Terms::RateCard {
                prices: prices.to_vec(),
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

    #[test]
    fn a_chain_with_alternatives_and_a_shared_stage() {
        // job -> (part_time | full_time) -> sustained (after either).
        let metrics = vec![
            stage("job", &[], 0),
            stage("part_time", &[0], 1),
            stage("full_time", &[0], 1),
            stage("sustained", &[1, 2], 1),
        ];
        let rules = vec![card(
            &[(0, 500.0), (1, 3000.0), (2, 4500.0), (3, 2000.0)],
            None,
        )];
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        assert_eq!(p.roots, vec![0]);
        let path: Vec<(usize, Option<usize>)> =
            p.nodes.iter().map(|n| (n.metric, n.parent)).collect();
        assert_eq!(
            path,
            vec![
                (0, None),
                (1, Some(0)),
                (3, Some(1)),
                (2, Some(0)),
                (3, Some(3))
            ]
        );
        assert_eq!(p.nodes[0].children, vec![1, 3]);
        assert_eq!(p.nodes[4].cumulative, 500.0 + 4500.0 + 2000.0);
        assert_eq!(p.most_per_person, 7000.0);
        assert_eq!(p.mode, Mode::Counts);
    }

    #[test]
    fn a_repeatable_stage_is_a_sequence_of_achievements_with_its_next_stages_under_each() {
        // qualification (up to 3 times, a quarter apart) -> job (after any of them).
        let mut qualification = stage("qualification", &[], 1);
        qualification.stage.as_mut().unwrap().repeat = 3;
        let metrics = vec![qualification, stage("job", &[0], 2)];
        let rules = vec![card(&[(0, 100.0), (1, 1000.0)], None)];
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        let layout: Vec<(usize, Option<usize>, u32)> = p
            .nodes
            .iter()
            .map(|n| (n.metric, n.parent, n.repeat))
            .collect();
        assert_eq!(
            layout,
            vec![
                (0, None, 0),
                (0, Some(0), 1),
                (0, Some(1), 2),
                (1, Some(2), 0),
                (1, Some(1), 0),
                (1, Some(0), 0),
            ]
        );
        // Reaching it again comes first among the alternatives after each achievement.
        assert_eq!(p.nodes[0].children, vec![1, 5]);
        assert_eq!(p.nodes[1].children, vec![2, 4]);
        assert_eq!(p.nodes[2].children, vec![3]);
        assert!(
            p.nodes
                .iter()
                .all(|n| n.wait == if n.metric == 0 { 1 } else { 2 })
        );
        let cumulative: Vec<f64> = p.nodes.iter().map(|n| n.cumulative).collect();
        assert_eq!(
            cumulative,
            vec![100.0, 200.0, 300.0, 1300.0, 1200.0, 1100.0]
        );
        assert_eq!(p.most_per_person, 1300.0);
        assert_eq!(p.roots, vec![0]);
        // The stage is at several nodes: counts by stage do not fix what each earns.
        assert!(!p.counts_fix_earnings());
        // Under a cap, each achievement earns what is left of it.
        let rules = vec![card(&[(0, 100.0), (1, 1000.0)], Some(250.0))];
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        let earns: Vec<f64> = p.nodes.iter().map(|n| n.earns).collect();
        assert_eq!(earns, vec![100.0, 100.0, 50.0, 0.0, 50.0, 150.0]);
    }

    #[test]
    fn repeats_count_towards_the_most_nodes() {
        // Four stages in sequence, each repeatable 12 times, would take 12 + 12^2 + 12^3 +
        // 12^4 nodes, more than MAX_NODES; three take 12 + 12^2 + 12^3.
        let mut metrics = vec![
            stage("a", &[], 0),
            stage("b", &[0], 0),
            stage("c", &[1], 0),
            stage("d", &[2], 0),
        ];
        for m in &mut metrics {
            m.stage.as_mut().unwrap().repeat = 12;
        }
        let rules = vec![card(&[(0, 1.0)], None)];
        assert_eq!(
            compile(&metrics, &[100], &rules),
            Err(PathwayError::TooManyPaths { cohort: 0 })
        );
        metrics.pop();
        assert_eq!(
            compile(&metrics, &[100], &rules).unwrap()[0].nodes.len(),
            12 + 12 * 12 + 12 * 12 * 12
        );
    }

    #[test]
    fn one_chain_under_a_cap_earns_exactly_up_to_it() {
        let metrics = vec![stage("a", &[], 0), stage("b", &[0], 1), stage("c", &[1], 1)];
        let rules = vec![card(&[(0, 500.0), (1, 800.0), (2, 900.0)], Some(1000.0))];
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        let earns: Vec<f64> = p.nodes.iter().map(|n| n.earns).collect();
        assert_eq!(earns, vec![500.0, 500.0, 0.0]);
        assert_eq!(p.mode, Mode::Counts);
    }

    #[test]
    fn several_chains_under_a_reachable_cap_are_counted_per_joint_state() {
        let metrics = vec![stage("a", &[], 0), stage("b", &[], 0)];
        let rules = vec![card(&[(0, 600.0), (1, 600.0)], Some(1000.0))];
        let p = &compile(&metrics, &[100], &rules).unwrap()[0];
        assert_eq!(p.mode, Mode::Joint);
        assert_eq!(p.capped(900.0, 600.0), 100.0);
        // A cap nobody reaches needs no joint states.
        let rules = vec![card(&[(0, 600.0), (1, 600.0)], Some(1200.0))];
        assert_eq!(
            compile(&metrics, &[100], &rules).unwrap()[0].mode,
            Mode::Counts
        );
        // More chains than a joint state packs: person by person.
        let many: Vec<Metric> = (0..=MAX_JOINT_CHAINS)
            .map(|i| stage(&format!("s{i}"), &[], 0))
            .collect();
        let prices: Vec<(usize, f64)> = (0..many.len()).map(|i| (i, 600.0)).collect();
        let rules = vec![card(&prices, Some(1000.0))];
        assert_eq!(
            compile(&many, &[100], &rules).unwrap()[0].mode,
            Mode::PerPerson
        );
    }
}
