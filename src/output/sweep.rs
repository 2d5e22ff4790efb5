//! A sweep's files: `points.csv`, a tidy long table (a row per point, figure and
//! statistic), written point by point so a stopped sweep resumes; `summary.csv`, a wide
//! table (a row per point) made from it. Numbers are written as [`super::csv::number`]
//! writes them: shortest round-trip, `0` never `-0`, an empty field for an undefined value.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use crate::analysis::sweep::{Kind, METRIC_STATISTICS, PointResult, Stat};

/// The fixed columns before the settings, and after them.
const LEAD: [&str; 3] = ["point", "contract", "scenario"];
const TAIL: [&str; 5] = ["seed", "trials", "name", "statistic", "value"];

fn record(fields: &[String]) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(fields).expect("writing to memory");
    w.into_inner().expect("writing to memory")
}

fn num(v: f64) -> String {
    let mut s = String::new();
    super::csv::number(&mut s, v);
    s
}

/// `points.csv`'s header line.
pub fn points_header(paths: &[String]) -> Vec<u8> {
    let mut f: Vec<String> = LEAD.iter().map(|s| s.to_string()).collect();
    f.extend(paths.iter().cloned());
    f.extend(TAIL.iter().map(|s| s.to_string()));
    record(&f)
}

/// One point's rows of `points.csv`.
pub fn point_rows(p: &PointResult) -> Vec<u8> {
    let mut out = Vec::new();
    let mut lead = vec![p.point.to_string(), p.contract.clone(), p.scenario.clone()];
    lead.extend(p.values.iter().map(|&v| num(v)));
    lead.push(p.seed.to_string());
    lead.push(p.trials.to_string());
    for s in &p.stats {
        let mut f = lead.clone();
        f.push(s.name.clone());
        f.push(s.statistic.to_string());
        f.push(num(s.value));
        out.extend(record(&f));
    }
    out
}

fn statistic(name: &str) -> Option<&'static str> {
    METRIC_STATISTICS
        .iter()
        .chain(&["p", "value"])
        .find(|s| **s == name)
        .copied()
}

/// The points in `points.csv`'s text, by point, with their rows in the order written. A
/// last line without its newline (a sweep stopped while writing) is left out. `Err` says
/// what is wrong with the file.
pub fn read_points(text: &str, paths: &[String]) -> Result<BTreeMap<u64, PointResult>, String> {
    let whole = match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    };
    let mut out: BTreeMap<u64, PointResult> = BTreeMap::new();
    if whole.is_empty() {
        return Ok(out);
    }
    let mut r = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(whole.as_bytes());
    let mut records = r.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        _ => return Err("its header is not readable".into()),
    };
    let expected = String::from_utf8(points_header(paths)).unwrap_or_default();
    let got = String::from_utf8(record(&header.iter().map(String::from).collect::<Vec<_>>()))
        .unwrap_or_default();
    if got != expected {
        return Err(format!(
            "its header is `{}`, not the `{}` of this sweep",
            got.trim_end(),
            expected.trim_end()
        ));
    }
    let np = paths.len();
    for (line, rec) in records.enumerate() {
        let rec = rec.map_err(|e| format!("row {}: {e}", line + 2))?;
        let bad = || format!("row {} is not a row of this sweep", line + 2);
        if rec.len() != 3 + np + 5 {
            return Err(bad());
        }
        let parse_num = |s: &str| -> Result<f64, String> {
            if s.is_empty() {
                Ok(f64::NAN)
            } else {
                s.parse::<f64>().map_err(|_| bad())
            }
        };
        let point: u64 = rec[0].parse().map_err(|_| bad())?;
        let values = (0..np)
            .map(|i| parse_num(&rec[3 + i]))
            .collect::<Result<Vec<f64>, String>>()?;
        let seed: u64 = rec[3 + np].parse().map_err(|_| bad())?;
        let trials: u64 = rec[4 + np].parse().map_err(|_| bad())?;
        let stat = Stat {
            name: rec[5 + np].to_string(),
            statistic: statistic(&rec[6 + np]).ok_or_else(bad)?,
            value: parse_num(&rec[7 + np])?,
        };
        let entry = out.entry(point).or_insert_with(|| PointResult {
            point,
            contract: rec[1].to_string(),
            scenario: rec[2].to_string(),
            values,
            seed,
            trials,
            stats: Vec::new(),
        });
        entry.stats.push(stat);
    }
    Ok(out)
}

/// `summary.csv`: a row per point, its settings, then each metric's mean and standard
/// error (`NAME.mean`, `NAME.se`), each probability's (`P(NAME)`, `P(NAME).se`) and each
/// estimate's (`NAME`, `NAME.se`); columns in the order the figures first appear, a cell
/// empty where a point's contract has no such figure.
pub fn summary_csv(paths: &[String], points: &[PointResult]) -> Vec<u8> {
    let mut columns: IndexMap<String, ()> = IndexMap::new();
    let mut rows: Vec<IndexMap<String, f64>> = Vec::new();
    for p in points {
        let mut row = IndexMap::new();
        for (name, (kind, stats)) in p.figures() {
            let (head, key) = match kind {
                Kind::Metric => (format!("{name}.mean"), "mean"),
                Kind::Probability => (format!("P({name})"), "p"),
                Kind::Estimate => (name.to_string(), "value"),
            };
            let se = format!("{head}.se");
            let se = if kind == Kind::Metric {
                format!("{name}.se")
            } else {
                se
            };
            for (col, k) in [(head, key), (se, "se")] {
                columns.entry(col.clone()).or_insert(());
                row.insert(col, stats.get(k).copied().unwrap_or(f64::NAN));
            }
        }
        rows.push(row);
    }
    let mut header: Vec<String> = LEAD.iter().map(|s| s.to_string()).collect();
    header.extend(paths.iter().cloned());
    header.push("seed".into());
    header.push("trials".into());
    header.extend(columns.keys().cloned());
    let mut out = record(&header);
    for (p, row) in points.iter().zip(rows) {
        let mut f = vec![p.point.to_string(), p.contract.clone(), p.scenario.clone()];
        f.extend(p.values.iter().map(|&v| num(v)));
        f.push(p.seed.to_string());
        f.push(p.trials.to_string());
        for c in columns.keys() {
            f.push(row.get(c).map_or(String::new(), |&v| num(v)));
        }
        out.extend(record(&f));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_read_back_exactly_and_a_cut_line_is_dropped() {
        let paths = vec!["rules.x.threshold".to_string()];
        let p = PointResult {
            point: 3,
            contract: "contracts/a, b.toml".into(),
            scenario: "s.toml".into(),
            values: vec![0.1 + 0.2],
            seed: 7,
            trials: 10,
            stats: vec![
                Stat {
                    name: "deal.paid".into(),
                    statistic: "mean",
                    value: 1.0 / 3.0,
                },
                Stat {
                    name: "deal.paid".into(),
                    statistic: "se",
                    value: f64::NAN,
                },
            ],
        };
        let mut text = points_header(&paths);
        text.extend(point_rows(&p));
        let text = String::from_utf8(text).unwrap();
        let back = read_points(&text, &paths).unwrap();
        assert_eq!(back[&3].stats[0], p.stats[0]);
        assert!(back[&3].stats[1].value.is_nan());
        assert_eq!(back[&3].values, p.values);
        let cut = &text[..text.len() - 3];
        assert_eq!(read_points(cut, &paths).unwrap()[&3].stats.len(), 1);
        assert!(read_points(&text, &["other".to_string()]).is_err());
    }
}
