//! The per-trial loop allocates nothing: a counting allocator sees no allocation between
//! the second trial of a block and its last, on every example.

#[path = "util/pairs.rs"]
mod pairs;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use sibyl::engine::{self, Model};
use sibyl::load::{load_contract, load_scenario};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn the_trial_loop_does_not_allocate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pairs = pairs::example_pairs();
    pairs.push((
        "benches/ref-3c/contract.toml".into(),
        "benches/ref-3c/scenario.toml".into(),
    ));
    pairs.push((
        "benches/ref-deal/contract.toml".into(),
        "benches/ref-deal/scenario.toml".into(),
    ));
    for (contract, scenario) in pairs {
        let c = load_contract(&root.join(&contract)).unwrap().value;
        let s = load_scenario(&root.join(&scenario), &c).unwrap().value;
        let model = Model::new(&c, &s);
        let (mut at_second, mut trial) = (0, 0);
        let mut at_last = 0;
        engine::for_each_trial(&model, 5, 0, 500, |_| {
            trial += 1;
            let now = ALLOCATIONS.load(Ordering::Relaxed);
            if trial == 2 {
                at_second = now;
            }
            at_last = now;
        });
        assert_eq!(
            at_last - at_second,
            0,
            "{}: {} allocations in 498 trials",
            contract.display(),
            at_last - at_second
        );
    }
}
