//! Criterion benches: the trial loop on ref-3c, and the IRR solver.
//! Run with `cargo bench --bench engine`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sibyl::cashflow::returns;
use sibyl::engine::{self, Model};
use sibyl::load::{load_contract, load_scenario};

fn ref_3c() -> (sibyl::model::Contract, sibyl::model::Scenario) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/ref-3c");
    let c = load_contract(&root.join("contract.toml"))
        .expect("valid ref-3c contract")
        .value;
    let s = load_scenario(&root.join("scenario.toml"), &c)
        .expect("valid ref-3c scenario")
        .value;
    (c, s)
}

fn trial_loop(cr: &mut Criterion) {
    let (c, s) = ref_3c();
    let model = Model::new(&c, &s);
    let trials = 65_536;
    let mut g = cr.benchmark_group("ref-3c");
    g.throughput(Throughput::Elements(trials));
    g.sample_size(20);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    // Every block reduced to the sum of its values, so nothing is kept between blocks.
    let run = || {
        let sums = engine::map_blocks(&model, 1, 0..trials / engine::BLOCK, trials, false, &|b| {
            b.values.iter().sum::<f64>()
        });
        black_box(sums)
    };
    g.bench_function("trial loop, 1 thread", |b| b.iter(|| one.install(run)));
    g.bench_function("trial loop, all threads", |b| b.iter(run));
    g.finish();
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
    g.finish();
}

criterion_group!(benches, trial_loop, irr);
criterion_main!(benches);
