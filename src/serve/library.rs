//! The deals a page may pick: read once at start from the library folder, validated, and
//! kept in memory. A request names a deal by its id (the file stem), looked up in this
//! list: nothing a request says becomes a path.

use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;
use serde::Serialize;

use crate::diagnostics::{Diagnostics, Source};
use crate::load::{self, Loaded};
use crate::model::contract::{Design, Metric};
use crate::model::scenario::Quantity;
use crate::model::{Contract, Scenario};

/// One deal of the library: a contract with the scenario of the same stem, the observed
/// history if there is one, and the other designs that run under the same scenario.
pub struct Deal {
    pub id: String,
    pub contract: Loaded<Contract>,
    pub scenario: Loaded<Scenario>,
    pub observed: Option<Arc<Source>>,
    /// Contracts named `<id>-<variant>` with no scenario of their own: other designs of the
    /// same deal, valid under its scenario.
    pub designs: Vec<(String, Loaded<Contract>)>,
}

/// The library, and what was left out of it and why.
pub struct Library {
    pub deals: IndexMap<String, Deal>,
    pub skipped: Vec<String>,
}

/// A file's stems in a folder, sorted (`*.toml` only).
fn stems(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            (path.extension()? == "toml" && path.is_file())
                .then(|| path.file_stem()?.to_str().map(str::to_string))?
        })
        .collect();
    out.sort();
    out
}

/// The first error of a validation, on one line.
fn first_error(d: &Diagnostics) -> String {
    d.iter()
        .find(|d| d.is_error())
        .map_or_else(|| "invalid".to_string(), ToString::to_string)
}

impl Library {
    /// Reads `dir/contracts`, `dir/scenarios` and `dir/observed`. A deal whose files do not
    /// validate is skipped (and listed in `skipped`); no deal at all is an error.
    pub fn read(dir: &Path) -> Result<Library, Diagnostics> {
        let contracts = stems(&dir.join("contracts"));
        let scenarios = stems(&dir.join("scenarios"));
        let observed = stems(&dir.join("observed"));
        let mut deals = IndexMap::new();
        let mut skipped = Vec::new();
        for id in contracts.iter().filter(|c| scenarios.contains(c)) {
            let c = match load::load_contract(&dir.join("contracts").join(format!("{id}.toml"))) {
                Ok(c) => c,
                Err(e) => {
                    skipped.push(format!("{id}: {}", first_error(&e)));
                    continue;
                }
            };
            let s = match load::load_scenario(
                &dir.join("scenarios").join(format!("{id}.toml")),
                &c.value,
            ) {
                Ok(s) => s,
                Err(e) => {
                    skipped.push(format!("{id}: {}", first_error(&e)));
                    continue;
                }
            };
            let o = if observed.contains(id) {
                let path = dir.join("observed").join(format!("{id}.toml"));
                match load::read_source(&path, load::FileKind::Observed)
                    .and_then(|src| load::observed_from_source(&src, &c.value).map(|_| src))
                {
                    Ok(src) => Some(src),
                    Err(e) => {
                        skipped.push(format!("{id} (observed): {}", first_error(&e)));
                        None
                    }
                }
            } else {
                None
            };
            let mut designs = Vec::new();
            let prefix = format!("{id}-");
            for other in contracts
                .iter()
                .filter(|o| o.starts_with(&prefix) && !scenarios.contains(o))
            {
                let path = dir.join("contracts").join(format!("{other}.toml"));
                match load::load_contract(&path)
                    .and_then(|oc| load::scenario_from_source(&s.source, &oc.value).map(|_| oc))
                {
                    Ok(oc) => designs.push((other.clone(), oc)),
                    Err(e) => skipped.push(format!("{other}: {}", first_error(&e))),
                }
            }
            deals.insert(
                id.clone(),
                Deal {
                    id: id.clone(),
                    contract: c,
                    scenario: s,
                    observed: o,
                    designs,
                },
            );
        }
        if deals.is_empty() {
            return Err(crate::diagnostics::Diagnostic::error(format!(
                "no deal in the library `{}`: it needs contracts/<name>.toml with scenarios/<name>.toml",
                dir.display()
            ))
            .help("run `sibyl serve` in sibyl's folder, or give --library DIR with contracts/ and scenarios/ inside")
            .into());
        }
        Ok(Library { deals, skipped })
    }
}

/// What an assumption does in its scenario, in the order sliders are offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Effect,
    Baseline,
    Referrals,
    Dropout,
    Measurement,
    Other,
}

/// How a slider's value moves its assumption's distribution: every draw `x` becomes
/// `k x + s`, with `k` and `s` chosen so the mean becomes the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    /// A share (every draw within 0 to 1): each draw moved toward 0 in proportion (down),
    /// or toward 1 in proportion (up), so draws stay shares.
    Share,
    /// A positive quantity: each draw multiplied by value / mean, so it stays positive.
    Scale,
    /// Any other: each draw shifted by value − mean.
    Shift,
    /// A measurement group's size, in whole people (no draws move).
    Size,
}

impl Move {
    /// `(k, s)` of the move from `mean` to `value`.
    pub fn affine(self, mean: f64, value: f64) -> (f64, f64) {
        match self {
            Move::Share if value > mean && mean < 1.0 => {
                let k = (1.0 - value) / (1.0 - mean);
                (k, 1.0 - k)
            }
            Move::Share | Move::Scale if mean > 0.0 => (value / mean, 0.0),
            Move::Size => (1.0, 0.0),
            _ => (1.0, value - mean),
        }
    }
}

/// What a slider moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A scenario's assumption (by index): its distribution moved so its mean is the value.
    Assumption(usize),
    /// The size of a metric's comparison or control group (by metric id) in the contract:
    /// the measurement design's size, and so its noise.
    GroupSize(String),
}

/// A slider: an assumption (or a measurement group's size), its value now, the range it
/// may move in, and how it moves. The value lies on the grid `min + k × step`, so a page's
/// range input can return to it exactly.
#[derive(Debug, Clone, Serialize)]
pub struct Slider {
    pub id: String,
    pub role: Role,
    pub description: Option<String>,
    pub value: f64,
    pub min: f64,
    pub max: f64,
    pub step: f64,
    #[serde(rename = "move")]
    pub moves: Move,
    #[serde(skip)]
    pub target: Target,
}

/// The largest measurement group a slider offers: the most a contract may have.
const GROUP_MAX: u32 = 100 * crate::validate::MAX_COHORT;

/// The most sliders a deal shows.
const SLIDERS: usize = 6;

/// The role of each assumption: where the scenario binds it first.
fn roles(s: &Scenario) -> Vec<Role> {
    let mut roles = vec![Role::Other; s.assumptions.len()];
    let mut bind = |q: &Quantity, r: Role| {
        if let Quantity::Assumption(i) = q {
            roles[*i] = roles[*i].min(r);
        }
    };
    for m in &s.metrics {
        bind(&m.effect, Role::Effect);
        bind(&m.baseline, Role::Baseline);
        bind(&m.sd, Role::Measurement);
        bind(&m.comparison_bias, Role::Measurement);
    }
    for c in &s.cohorts {
        bind(&c.referrals, Role::Referrals);
        bind(&c.dropout, Role::Dropout);
    }
    roles
}

/// A value rounded to three significant figures (a slider's step).
fn round3(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let p = 10f64.powi(2 - x.abs().log10().floor() as i32);
    (x * p).round() / p
}

/// The ends of a slider on the grid of `step` through `value`, within `lo` to `hi`.
/// An end that misses `lo` or `hi` by rounding alone is that bound exactly (a share's
/// range never dips below 0 by 1e-17).
fn on_grid(value: f64, lo: f64, hi: f64, step: f64) -> (f64, f64) {
    let below = ((value - lo) / step + 1e-9).floor().max(0.0);
    let above = ((hi - value) / step + 1e-9).floor().max(0.0);
    let (min, max) = (value - below * step, value + above * step);
    let snap = |x: f64, bound: f64| {
        if (x - bound).abs() <= step * 1e-6 {
            bound
        } else {
            x
        }
    };
    (snap(min, lo).max(lo), snap(max, hi).min(hi))
}

/// A slider on an assumption: its value is the mean; its range runs from the 1st to the
/// 99th percentile widened by half that width on each side (a fixed value: from 0 to
/// twice it), never below 0 for a positive assumption nor above 1 for a share.
fn assumption_slider(s: &Scenario, i: usize, role: Role) -> Option<Slider> {
    let a = &s.assumptions[i];
    let mean = a.dist.mean();
    let (lo_support, hi_support) = a.dist.support();
    if !mean.is_finite() {
        return None;
    }
    let moves = if lo_support >= 0.0 && hi_support <= 1.0 && mean > 0.0 && mean < 1.0 {
        Move::Share
    } else if lo_support >= 0.0 && mean > 0.0 {
        Move::Scale
    } else {
        Move::Shift
    };
    let (mut lo, mut hi) = if a.dist.is_fixed() {
        if mean > 0.0 {
            (0.0, 2.0 * mean)
        } else {
            (mean - 1.0, mean + 1.0)
        }
    } else {
        let (q01, q99) = (a.dist.quantile(0.01), a.dist.quantile(0.99));
        let half = (q99 - q01) / 2.0;
        (q01 - half, q99 + half)
    };
    match moves {
        Move::Share => (lo, hi) = (lo.max(0.0), hi.min(1.0)),
        Move::Scale => lo = lo.max(0.0),
        Move::Shift | Move::Size => {}
    }
    lo = lo.min(mean);
    hi = hi.max(mean);
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return None;
    }
    let step = round3((hi - lo) / 100.0);
    if step.is_nan() || step <= 0.0 {
        return None;
    }
    let (min, max) = on_grid(mean, lo, hi, step);
    Some(Slider {
        id: a.id.clone(),
        role,
        description: a.description.clone(),
        value: mean,
        min,
        max,
        step,
        moves,
        target: Target::Assumption(i),
    })
}

/// A slider on the size of a metric's comparison or control group: from a tenth of it
/// (at least 10) to four times it, in whole people.
fn group_slider(m: &Metric) -> Option<Slider> {
    let (size, word) = match m.design {
        Design::Comparison { size, .. } => (size, "comparison_size"),
        Design::Rct { size, .. } => (size, "control_size"),
        Design::None | Design::Historical { .. } => return None,
    };
    let value = f64::from(size);
    // As the contract may have it: at least 2, at most a billion.
    let (lo, hi) = (
        (value / 10.0).max(2.0).min(value),
        (value * 4.0).min(f64::from(GROUP_MAX)).max(value),
    );
    if hi <= lo {
        return None;
    }
    let step = round3((hi - lo) / 100.0).round().max(1.0);
    let (min, max) = on_grid(value, lo, hi, step);
    Some(Slider {
        id: format!("metrics.{}.{word}", m.id),
        role: Role::Measurement,
        // Named by its path in the contract file; the file says what the group is.
        description: None,
        value,
        min,
        max,
        step,
        moves: Move::Size,
        target: Target::GroupSize(m.id.clone()),
    })
}

/// The sliders of a deal: its scenario's assumptions and its measurement groups' sizes,
/// by role (the effect first, then the baseline, referrals, drop-out, measurement), at
/// most six.
pub fn sliders(c: &Contract, s: &Scenario) -> Vec<Slider> {
    let roles = roles(s);
    let mut all: Vec<(Role, usize, Slider)> = (0..s.assumptions.len())
        .filter_map(|i| Some((roles[i], i, assumption_slider(s, i, roles[i])?)))
        .collect();
    all.extend(
        c.metrics
            .iter()
            .filter_map(group_slider)
            .enumerate()
            .map(|(k, sl)| (Role::Measurement, s.assumptions.len() + k, sl)),
    );
    all.sort_by_key(|(role, i, _)| (*role, *i));
    all.into_iter().take(SLIDERS).map(|(_, _, sl)| sl).collect()
}

/// The sliders really moved: those set to a value other than where they stand (a value
/// within a millionth of a step of it is where it stands, as a page's range input gives it
/// back).
/// A group's size is taken in whole people: the value as used.
pub fn moved(sliders: &[Slider], set: &IndexMap<String, f64>) -> IndexMap<String, f64> {
    set.iter()
        .filter_map(|(id, &v)| {
            let slider = sliders.iter().find(|sl| &sl.id == id);
            let v = match slider.map(|sl| &sl.target) {
                Some(Target::GroupSize(_)) => v.round(),
                _ => v,
            };
            slider
                .is_none_or(|sl| (v - sl.value).abs() > sl.step * 1e-6)
                .then(|| (id.clone(), v))
        })
        .collect()
}

/// The scenario with each assumption slider set: its assumption moved so that its mean is
/// the value (scaled or shifted as the slider says). Every other assumption, the
/// correlations and the random streams stay as they were, so two runs with the same seed
/// differ only by what the sliders changed (common random numbers).
pub fn apply(s: &Scenario, sliders: &[Slider], set: &IndexMap<String, f64>) -> Scenario {
    let mut out = s.clone();
    for (id, &value) in set {
        let Some(slider) = sliders.iter().find(|sl| &sl.id == id) else {
            continue;
        };
        if let Target::Assumption(i) = slider.target {
            let (k, shift) = slider.moves.affine(slider.value, value);
            out.transform_quantity(Quantity::Assumption(i), k, shift);
        }
    }
    out
}

/// The contract with each measurement-size slider set: the metric of that id (if the
/// contract has it, with a group of that kind) measured against a group of the value's size,
/// in whole people, at least 2.
pub fn apply_contract(c: &Contract, sliders: &[Slider], set: &IndexMap<String, f64>) -> Contract {
    let mut out = c.clone();
    for (id, &value) in set {
        let Some(Target::GroupSize(metric)) =
            sliders.iter().find(|sl| &sl.id == id).map(|sl| &sl.target)
        else {
            continue;
        };
        let people = value.round().clamp(2.0, f64::from(u32::MAX)) as u32;
        for m in out.metrics.iter_mut().filter(|m| &m.id == metric) {
            match &mut m.design {
                Design::Comparison { size, .. } | Design::Rct { size, .. } => *size = people,
                Design::None | Design::Historical { .. } => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peterborough() -> Deal {
        let lib = Library::read(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("the library");
        lib.deals
            .into_iter()
            .find(|(id, _)| id == "peterborough")
            .unwrap()
            .1
    }

    #[test]
    fn sliders_put_the_effect_first_and_contain_the_mean() {
        let d = peterborough();
        let s = sliders(&d.contract.value, &d.scenario.value);
        assert_eq!(s[0].id, "effect");
        assert_eq!(s[0].moves, Move::Shift);
        assert_eq!(s[1].id, "baseline");
        assert_eq!(s[1].moves, Move::Scale);
        let policy = s.iter().find(|s| s.id == "policy").unwrap();
        assert_eq!(policy.moves, Move::Share);
        for sl in &s {
            assert!(sl.min <= sl.value && sl.value <= sl.max, "{sl:?}");
            assert!(sl.step > 0.0);
        }
    }

    #[test]
    fn a_slider_moves_its_assumptions_mean_to_the_value() {
        let d = peterborough();
        let s = sliders(&d.contract.value, &d.scenario.value);
        let mut set = IndexMap::new();
        set.insert("effect".to_string(), 0.02);
        set.insert("baseline".to_string(), 1.8);
        let moved = apply(&d.scenario.value, &s, &set);
        let mean = |id: &str| {
            moved.assumptions[moved.assumption_index(id).unwrap()]
                .dist
                .mean()
        };
        assert!((mean("effect") - 0.02).abs() < 1e-9);
        assert!((mean("baseline") - 1.8).abs() < 1e-3);
        // A share moved up stays within 0 to 1.
        let mut set = IndexMap::new();
        set.insert("policy".to_string(), 0.05);
        let moved = apply(&d.scenario.value, &s, &set);
        let p = &moved.assumptions[moved.assumption_index("policy").unwrap()].dist;
        assert!((p.mean() - 0.05).abs() < 1e-12);
        // An empty set leaves the scenario as it was.
        assert_eq!(
            apply(&d.scenario.value, &s, &IndexMap::new()),
            d.scenario.value
        );
    }

    #[test]
    fn the_library_has_designs_and_histories() {
        let lib = Library::read(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("the library");
        let p = &lib.deals["peterborough"];
        assert!(p.observed.is_some());
        let designs: Vec<&str> = p.designs.iter().map(|(id, _)| id.as_str()).collect();
        assert!(designs.contains(&"peterborough-rate-card"), "{designs:?}");
    }

    /// Every slider of every deal at either end, and at its value, gives a model that
    /// simulates: a share moved to 0 or 1 becomes a fixed value (it once built a normal of
    /// no spread and panicked). Each value lies on its slider's grid, within its range.
    #[test]
    fn every_slider_runs_at_its_ends_and_starts_on_its_grid() {
        let lib = Library::read(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("the library");
        let mut groups = 0;
        for d in lib.deals.values() {
            let (c, s) = (&d.contract.value, &d.scenario.value);
            let all = sliders(c, s);
            assert!(all.len() <= SLIDERS, "{}", d.id);
            for sl in &all {
                assert!(sl.min <= sl.value && sl.value <= sl.max, "{} {sl:?}", d.id);
                let k = (sl.value - sl.min) / sl.step;
                assert!(
                    (k - k.round()).abs() < 1e-6,
                    "{} {sl:?}: off the grid",
                    d.id
                );
                groups += usize::from(matches!(sl.target, Target::GroupSize(_)));
                match sl.moves {
                    Move::Share => assert!(0.0 <= sl.min && sl.max <= 1.0, "{sl:?}"),
                    Move::Scale => assert!(0.0 <= sl.min, "{sl:?}"),
                    Move::Size => assert!(
                        2.0 <= sl.min
                            && sl.max <= f64::from(GROUP_MAX)
                            && [sl.min, sl.max, sl.step].iter().all(|x| x.fract() == 0.0),
                        "{sl:?}"
                    ),
                    Move::Shift => {}
                }
                // A share's very ends too (the range may stop short of them).
                let ends: &[f64] = if sl.moves == Move::Share {
                    &[0.0, 1.0]
                } else {
                    &[]
                };
                for &v in [sl.min, sl.max].iter().chain(ends) {
                    let mut set = IndexMap::new();
                    set.insert(sl.id.clone(), v);
                    let (c2, s2) = (apply_contract(c, &all, &set), apply(s, &all, &set));
                    let model = crate::engine::Model::new(&c2, &s2);
                    crate::engine::map_blocks(&model, 1, 0..1, 64, false, &|_| ());
                }
            }
            // At its value, a slider is not moved at all.
            let at: IndexMap<String, f64> =
                all.iter().map(|sl| (sl.id.clone(), sl.value)).collect();
            assert!(moved(&all, &at).is_empty(), "{}", d.id);
        }
        assert!(groups >= 3, "measurement group sliders: {groups}");
    }

    #[test]
    fn a_group_size_slider_sets_the_contracts_group() {
        let d = peterborough();
        let all = sliders(&d.contract.value, &d.scenario.value);
        let g = all
            .iter()
            .find(|sl| sl.id == "metrics.reconviction.comparison_size")
            .expect("the comparison group's slider");
        assert_eq!(g.value, 10_000.0);
        let mut set = IndexMap::new();
        set.insert(g.id.clone(), 500.4);
        let c = apply_contract(&d.contract.value, &all, &set);
        assert!(matches!(
            c.metrics[0].design,
            Design::Comparison { size: 500, .. }
        ));
        // The scenario is untouched by it.
        assert_eq!(apply(&d.scenario.value, &all, &set), d.scenario.value);
    }
}
