//! An observed-outcomes file read against the Peterborough contract, and settled.
#![no_main]
#[path = "common.rs"]
mod common;
use libfuzzer_sys::fuzz_target;
use sibyl::analysis::FileRef;
use sibyl::diagnostics::Source;
use std::sync::OnceLock;

static CONTRACT: OnceLock<sibyl::model::Contract> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let c = CONTRACT.get_or_init(|| common::contract(common::CONTRACT).expect("valid"));
    let Some(t) = common::text(data) else { return };
    match sibyl::load::observed_from_source(&Source::new("observed.toml", t), c) {
        Ok(h) => {
            common::shown(&h.warnings);
            let file = || FileRef {
                path: "x".into(),
                sha256: String::new(),
            };
            let st = sibyl::analysis::settle::settle(c, &h.value, [file(), file()]);
            // The table in every language: no message may fail on what a history holds.
            for lang in sibyl::i18n::Lang::ALL {
                let loc = sibyl::i18n::Locale::of(lang);
                let _ = sibyl::report::settle::table(c, "observed", &st, loc);
            }
        }
        Err(e) => common::shown(&e),
    }
});
