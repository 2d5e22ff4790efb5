//! A contract and a scenario (separated by a line `#%%`): validated together and, when
//! both are valid, run for 200 trials, checked for non-finite figures, unordered
//! quantiles and probabilities outside [0, 1].
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(t) = common::text(data) else { return };
    let (ct, st) = t.split_once("\n#%%\n").unwrap_or((t, ""));
    let Some(c) = common::contract(ct) else {
        return;
    };
    let Some(s) = common::scenario(st, &c) else {
        return;
    };
    common::small_run(&c, &s);
});
