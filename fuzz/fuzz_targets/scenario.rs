//! A scenario file read against the Peterborough contract.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static CONTRACT: OnceLock<sibyl::model::Contract> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let c = CONTRACT.get_or_init(|| common::contract(common::CONTRACT).expect("valid"));
    if let Some(t) = common::text(data) {
        common::scenario(t, c);
    }
});
