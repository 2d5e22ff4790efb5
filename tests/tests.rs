//! The integration tests, one binary with a module per topic (`cargo test --test tests
//! <topic>::` runs one, e.g. `cargo test --test tests invalid::`). `tests/no_alloc.rs` is a
//! binary of its own: its counting allocator would see every other test's allocations.

mod util;

mod cli;
mod compare;
mod economics;
mod engine;
mod examples;
mod hostile;
mod import;
mod invalid;
mod languages;
mod layers;
mod mutation;
mod output_schema;
mod parquet;
mod pathways;
mod properties;
mod report;
mod robustness;
mod run_lang;
mod sensitivity;
mod serve;
mod settle;
mod settlement;
mod shard;
mod split;
mod statistics;
mod stress;
mod sweep;
mod tables_lang;
mod terms;
mod workbook;
