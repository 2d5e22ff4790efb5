//! Criterion benches: the trial loop on ref-3c and on ref-deal, each model's stages one by one,
//! and the IRR solver. Run with `cargo bench --bench engine` (`cargo bench --bench engine --
//! stages` for the stages alone, `-- ref-deal` for the second reference model).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::Rng;
use sibyl::cashflow::returns;
use sibyl::engine::{self, Model};
use sibyl::load::{load_contract, load_scenario};

/// A reference model's contract and scenario (`benches/<name>/`).
fn reference(name: &str) -> (sibyl::model::Contract, sibyl::model::Scenario) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches")
        .join(name);
    let c = load_contract(&root.join("contract.toml"))
        .expect("a valid reference contract")
        .value;
    let s = load_scenario(&root.join("scenario.toml"), &c)
        .expect("a valid reference scenario")
        .value;
    (c, s)
}

fn ref_3c() -> (sibyl::model::Contract, sibyl::model::Scenario) {
    reference("ref-3c")
}

/// The whole trial loop of a model, on 1 thread and on all, every block reduced to the sum
/// of its values so nothing is kept between blocks.
fn whole_loop(cr: &mut Criterion, group: &str, model: &Model, trials: u64, samples: usize) {
    let mut g = cr.benchmark_group(group);
    g.throughput(Throughput::Elements(trials));
    g.sample_size(samples);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let run = || {
        let sums = engine::map_blocks(model, 1, 0..trials / engine::BLOCK, trials, false, &|b| {
            b.values.iter().sum::<f64>()
        });
        black_box(sums)
    };
    g.bench_function("trial loop, 1 thread", |b| b.iter(|| one.install(run)));
    g.bench_function("trial loop, all threads", |b| b.iter(run));
    g.finish();
}

fn trial_loop(cr: &mut Criterion) {
    let (c, s) = ref_3c();
    whole_loop(cr, "ref-3c", &Model::new(&c, &s), 65_536, 20);
}

fn irr(cr: &mut Criterion) {
    let mut g = cr.benchmark_group("irr");
    let simple = [
        -4_800_000.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        1_500_000.0,
        0.0,
        0.0,
        0.0,
        2_000_000.0,
        0.0,
        0.0,
        0.0,
        2_100_000.0,
    ];
    g.bench_function("one sign change, 15 quarters", |b| {
        b.iter(|| black_box(returns::irr(black_box(&simple), 4)))
    });
    let mixed = [
        -1_000_000.0,
        -500_000.0,
        800_000.0,
        -300_000.0,
        0.0,
        900_000.0,
        0.0,
        400_000.0,
    ];
    g.bench_function("several sign changes, 8 quarters", |b| {
        b.iter(|| black_box(returns::irr(black_box(&mixed), 4)))
    });
    // Capital drawn as costs fall due: draws over the first 12 quarters interleaved with
    // three outcome receipts, a final receipt in the last quarter.
    let drawn_as_due = |receipts: [f64; 4]| {
        let mut flows = [0.0; 32];
        for (t, d) in [
            (0, 500_000.0),
            (1, 350_000.0),
            (2, 300_000.0),
            (4, 300_000.0),
            (5, 250_000.0),
            (6, 250_000.0),
            (8, 200_000.0),
            (9, 200_000.0),
            (10, 200_000.0),
        ] {
            flows[t] = -d;
        }
        for (t, r) in [3, 7, 11, 31].into_iter().zip(receipts) {
            flows[t] = r;
        }
        flows
    };
    let profitable = drawn_as_due([300_000.0, 600_000.0, 700_000.0, 1_600_000.0]);
    g.bench_function("drawn as due, profitable, 32 quarters", |b| {
        b.iter(|| black_box(returns::irr(black_box(&profitable), 4)))
    });
    let loss = drawn_as_due([200_000.0, 400_000.0, 500_000.0, 900_000.0]);
    g.bench_function("drawn as due, loss-making, 32 quarters", |b| {
        b.iter(|| black_box(returns::irr(black_box(&loss), 4)))
    });
    g.finish();
}

/// The beta quantile (beta and PERT assumptions): sibyl's safeguarded routine, which always
/// ends, beside statrs' inverse (which can spin for ever on extreme shapes), on a PERT's
/// shapes and a tighter beta, 1,000 quantiles each.
fn beta_quantile(cr: &mut Criterion) {
    use statrs::distribution::{Beta, ContinuousCDF};
    let mut g = cr.benchmark_group("beta quantile");
    g.throughput(Throughput::Elements(1_000));
    for (a, b) in [(2.2, 3.8), (30.0, 70.0)] {
        let shape = sibyl::model::distribution::BetaShape::new(a, b);
        let statrs = Beta::new(a, b).unwrap();
        let us: Vec<f64> = (0..1_000).map(|i| (i as f64 + 0.5) / 1_000.0).collect();
        g.bench_function(format!("sibyl, beta({a}, {b})"), |bch| {
            bch.iter(|| us.iter().map(|&u| shape.quantile(u)).sum::<f64>())
        });
        g.bench_function(format!("statrs, beta({a}, {b})"), |bch| {
            bch.iter(|| us.iter().map(|&u| statrs.inverse_cdf(u)).sum::<f64>())
        });
    }
    g.finish();
}

/// Each reference model's stages one by one, each over the same 4,096 trials with its
/// inputs made ahead (so a regression in one stage shows in its own line): the assumptions'
/// copula draws, the outcome draws (the world), seeding a trial's stream alone (with its
/// first number), both draws together (the model's own draw-only
/// floor: what a trial costs with sibyl's exact samplers and per-trial streams before
/// anything is settled), the settlement (twice where the model records what exact
/// measurement would have paid, the second pass as the engine settles it; the exactly
/// measured worlds are made ahead, so copying a world is in no stage), the recording of
/// the metrics; then the statistics a run adds to the loop (`run::simulate` of 65,536
/// trials, loop included).
fn stages(cr: &mut Criterion) {
    for name in ["ref-3c", "ref-deal"] {
        let (c, s) = reference(name);
        stages_of(cr, name, &c, &s);
    }
}

fn stages_of(
    cr: &mut Criterion,
    name: &str,
    c: &sibyl::model::Contract,
    s: &sibyl::model::Scenario,
) {
    use sibyl::cashflow::{self, Ledger};
    use sibyl::world::World;
    use sibyl::world::sampled::Realiser;
    let model = Model::new(c, s);
    let n = engine::BLOCK as usize;
    let na = model.sampler.len();
    let mut g = cr.benchmark_group(format!("stages, {name}"));
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(20);
    // Inputs of each stage, made by the stage before.
    let mut rng = engine::block_rng(1, 0);
    let mut z = vec![0.0; model.sampler.group_len()];
    let mut draws = vec![0.0; n * na];
    for row in draws.chunks_exact_mut(na) {
        model.sampler.draw(&mut rng, &mut z, row);
    }
    g.bench_function("assumption draws", |b| {
        let mut out = vec![0.0; na];
        b.iter(|| {
            for _ in 0..n {
                model.sampler.draw(&mut rng, &mut z, &mut out);
            }
            black_box(&out);
        })
    });
    let mut realiser = Realiser::new(s);
    let mut world = World::empty(c);
    let worlds: Vec<World> = draws
        .chunks_exact(na)
        .enumerate()
        .map(|(t, d)| {
            realiser.realise(c, s, d, &mut engine::trial_rng(1, t as u64), &mut world);
            world.clone()
        })
        .collect();
    g.bench_function("outcome draws", |b| {
        b.iter(|| {
            for (t, d) in draws.chunks_exact(na).enumerate() {
                let mut rng = engine::trial_rng(1, t as u64);
                realiser.realise(c, s, d, &mut rng, &mut world);
            }
            black_box(&world);
        })
    });
    g.bench_function("seeding a stream per trial", |b| {
        b.iter(|| {
            let mut x = 0u64;
            for t in 0..n {
                x ^= engine::trial_rng(1, t as u64).next_u64();
            }
            black_box(x)
        })
    });
    g.bench_function("all draws (the model's floor)", |b| {
        let mut out = vec![0.0; na];
        b.iter(|| {
            for t in 0..n {
                model.sampler.draw(&mut rng, &mut z, &mut out);
                let mut trial_rng = engine::trial_rng(1, t as u64);
                realiser.realise(c, s, &out, &mut trial_rng, &mut world);
            }
            black_box(&world);
        })
    });
    let exact = model.metrics.needs_exact;
    let settle_exact = |e: &World, ledger: &mut Ledger| {
        if model.schedule.payments_stand_alone {
            cashflow::settle_payments(c, &model.schedule, e, ledger);
        } else {
            cashflow::settle(c, &model.schedule, e, ledger);
        }
    };
    let mut exact_world = World::empty(c);
    let exact_worlds: Vec<World> = worlds
        .iter()
        .map(|w| {
            w.measured_exactly(&mut exact_world);
            exact_world.clone()
        })
        .collect();
    let mut ledger = Ledger::new(c, &model.schedule);
    let mut exact_ledger = Ledger::new(c, &model.schedule);
    g.bench_function("settlement", |b| {
        b.iter(|| {
            for (w, e) in worlds.iter().zip(&exact_worlds) {
                cashflow::settle(c, &model.schedule, w, &mut ledger);
                if exact {
                    settle_exact(e, &mut exact_ledger);
                }
            }
            black_box(&ledger);
        })
    });
    let ledgers: Vec<(Ledger, Ledger)> = worlds
        .iter()
        .zip(&exact_worlds)
        .map(|(w, e)| {
            cashflow::settle(c, &model.schedule, w, &mut ledger);
            settle_exact(e, &mut exact_ledger);
            (ledger.clone(), exact_ledger.clone())
        })
        .collect();
    let m = &model.metrics;
    let mut values = vec![0.0; m.metrics.len()];
    let mut flags = vec![false; m.events.len()];
    let mut inputs = vec![0.0; m.inputs.len()];
    let mut buffers = sibyl::engine::metrics::Buffers::new(c);
    g.bench_function("recording", |b| {
        b.iter(|| {
            for (w, (l, e)) in worlds.iter().zip(&ledgers) {
                m.record(
                    c,
                    &model.schedule,
                    w,
                    l,
                    exact.then_some(e),
                    &mut values,
                    &mut flags,
                    &mut inputs,
                    &mut buffers,
                );
            }
            black_box(&values);
        })
    });
    g.finish();
    let mut g = cr.benchmark_group(format!("stages, whole run, {name}"));
    let trials = 65_536;
    g.throughput(Throughput::Elements(trials));
    g.sample_size(10);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let settings = sibyl::analysis::run::RunSettings {
        trials,
        seed: 1,
        precision: None,
        max_trials: trials,
        keep_draws: false,
    };
    g.bench_function("trial loop and statistics, 1 thread", |b| {
        b.iter(|| {
            one.install(|| {
                black_box(sibyl::analysis::run::simulate(
                    &model,
                    &settings,
                    None,
                    &|_| {},
                ))
            })
        })
    });
    g.finish();
}

/// The second reference model (benches/ref-deal): six cohorts, three metrics, two loans
/// drawn as needed, a guarantee and caps that bind; the whole trial loop, as for ref-3c.
fn ref_deal_trial_loop(cr: &mut Criterion) {
    let (c, s) = reference("ref-deal");
    whole_loop(cr, "ref-deal", &Model::new(&c, &s), 16_384, 10);
}

criterion_group!(
    benches,
    trial_loop,
    ref_deal_trial_loop,
    stages,
    irr,
    beta_quantile
);
criterion_main!(benches);
