//! `trials.csv`: one row per trial: the sampled assumptions, every metric, every event (0/1).

use crate::engine::{Model, Trials};

/// The whole table as CSV text.
pub fn trials_csv(model: &Model, trials: &Trials) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let na = model.sampler.len();
    let nm = model.metrics.metrics.len();
    let ne = model.metrics.events.len();
    let mut header = vec!["trial".to_string()];
    header.extend(
        model
            .scenario
            .assumptions
            .iter()
            .map(|a| format!("assumption.{}", a.id)),
    );
    header.extend(model.metrics.metrics.iter().map(|(n, _)| n.clone()));
    header.extend(model.metrics.events.iter().map(|(n, _)| n.clone()));
    w.write_record(&header)?;
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for t in 0..trials.count as usize {
        row.clear();
        row.push(t.to_string());
        if !trials.draws.is_empty() {
            row.extend(
                trials.draws[t * na..(t + 1) * na]
                    .iter()
                    .map(|v| v.to_string()),
            );
        }
        row.extend(trials.values[t * nm..(t + 1) * nm].iter().map(|v| {
            if v.is_nan() {
                String::new()
            } else {
                v.to_string()
            }
        }));
        row.extend(
            trials.flags[t * ne..(t + 1) * ne]
                .iter()
                .map(|&f| if f { "1" } else { "0" }.to_string()),
        );
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
