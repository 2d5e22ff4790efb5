//! A contract file: parse, validate, render the diagnostics, summarise and explain it.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(t) = common::text(data) {
        common::contract(t);
    }
});
