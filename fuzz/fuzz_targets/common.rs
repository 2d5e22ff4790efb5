//! What every target does with a file's diagnostics and results: render them as the
//! binary would, so a panic in rendering is found too.

#![allow(dead_code)]

use sibyl::analysis::run::{self, RunSettings};
use sibyl::diagnostics::{ColorChoice, Diagnostics, Source, render_all};
use sibyl::engine::Model;
use sibyl::model::{Contract, Scenario};

/// The contract the scenario and observed targets are read against.
pub const CONTRACT: &str = include_str!("../../contracts/peterborough.toml");

pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

pub fn shown(d: &Diagnostics) {
    let _ = render_all(d, ColorChoice::Plain);
    let _ = render_all(d, ColorChoice::Styled);
}

pub fn contract(text: &str) -> Option<Contract> {
    match sibyl::load::contract_from_source(&Source::new("contract.toml", text)) {
        Ok(c) => {
            shown(&c.warnings);
            let _ = sibyl::report::summary::contract(&c.value, "contract.toml");
            let ex = sibyl::analysis::explain::explain(&c.value, None);
            let _ = sibyl::report::explain::explain(
                &c.value,
                None,
                &ex,
                sibyl::i18n::Locale::english(),
            );
            Some(c.value)
        }
        Err(e) => {
            shown(&e);
            None
        }
    }
}

pub fn scenario(text: &str, c: &Contract) -> Option<Scenario> {
    match sibyl::load::scenario_from_source(&Source::new("scenario.toml", text), c) {
        Ok(s) => {
            shown(&s.warnings);
            let _ = sibyl::report::summary::scenario(&s.value, c, "scenario.toml");
            Some(s.value)
        }
        Err(e) => {
            shown(&e);
            None
        }
    }
}

/// The report of a small run in every language, as HTML and as a workbook: neither may
/// panic on what a valid contract and scenario hold.
fn report(c: &Contract, s: &Scenario, model: &Model, settings: &RunSettings) {
    use sibyl::analysis::{FileRef, ScenarioRef};
    let file = || FileRef {
        path: "x".into(),
        sha256: String::new(),
    };
    let r = sibyl::analysis::report::Report {
        contract: file(),
        scenario: ScenarioRef {
            path: "s".into(),
            sha256: String::new(),
            stress: None,
        },
        observed: None,
        command: "sibyl report".into(),
        seed: settings.seed,
        terms: sibyl::engine::Reporting::Nominal,
        outcome: run::outcome(model, settings, &|_| {}),
        sample: sibyl::analysis::report::sample(model, settings.seed, settings.trials),
        explanation: sibyl::analysis::explain::explain(c, Some(s)),
        comparison: None,
        stress: None,
        sensitivity: None,
        settlement: None,
        input_warnings: Vec::new(),
    };
    for lang in sibyl::i18n::Lang::ALL {
        let loc = sibyl::i18n::Locale::of(lang);
        let text = sibyl::report::explain::explain(c, Some(s), &r.explanation, loc);
        let html = sibyl::report::html::render(c, s, &r, &text, loc);
        assert!(html.ends_with("</html>\n") || html.ends_with("</html>"));
        sibyl::report::workbook::workbook(c, s, &r, None, loc).expect("a workbook");
    }
}

/// A small run as `sibyl run` does it: simulate, check soundness, summarise, render.
pub fn small_run(c: &Contract, s: &Scenario) {
    let ex = sibyl::analysis::explain::explain(c, Some(s));
    let _ = sibyl::report::explain::explain(c, Some(s), &ex, sibyl::i18n::Locale::english());
    let model = Model::new(c, s);
    let settings = RunSettings {
        trials: 200,
        seed: 1,
        precision: None,
        max_trials: 200,
        keep_draws: false,
    };
    let (acc, _) = run::simulate(&model, &settings, None, &|_| {}).expect("no file is written");
    if let Err(e) = sibyl::analysis::soundness::check(&model, 1, None) {
        panic!("a validated contract and scenario gave a non-finite figure: {e}");
    }
    let key_errors = acc.key_errors(&model);
    let estimates = run::estimates(&model, &acc);
    let (metrics, probabilities) = run::summarise(&model, &settings, acc);
    let warnings = run::warnings(
        &model,
        &probabilities,
        &estimates,
        &key_errors,
        &settings,
        true,
    );
    for (name, m) in &metrics {
        let q = [m.min, m.p05, m.p25, m.p50, m.p75, m.p95, m.max];
        let all = [m.mean, m.se, m.sd, m.cvar05];
        if m.n > 1 {
            assert!(
                q.iter().chain(&all).all(|x| x.is_finite()),
                "{name}: a figure that is not a number {m:?}"
            );
            assert!(
                q.windows(2).all(|w| w[0] <= w[1]),
                "{name}: quantiles out of order {q:?}"
            );
        }
    }
    for (name, p) in &probabilities {
        assert!((0.0..=1.0).contains(&p.p), "{name}: probability {}", p.p);
    }
    report(c, s, &model, &settings);
    for (name, e) in &estimates {
        assert!(
            !e.value.is_infinite() && !e.se.is_infinite(),
            "{name}: {e:?}"
        );
        if e.value.is_nan() {
            assert!(
                warnings.iter().any(|w| w.message.contains(name.as_str())),
                "{name}: undefined with no warning naming it"
            );
        }
    }
}
