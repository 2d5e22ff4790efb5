//! The observed-outcomes file: the participants engaged and each metric's count of
//! outcomes achieved, for `sibyl settle` on the skeleton; the outcome payments the record
//! holds are written beside them as comments, to compare with what `settle` pays.

use crate::diagnostics::Diagnostics;
use crate::import::writer::{Doc, Note, excerpt, number, string};

use super::contract::{COHORT, Money, Skeleton, count, money};
use super::record::{Cell, Origin, Outcome, Record};
use super::value;

/// The observed file and what the summary says of it.
#[derive(Debug)]
pub struct ObservedOut {
    pub doc: Doc,
    /// Results written.
    pub counts: usize,
    /// What the skeleton's prices pay for the results written, before caps.
    pub computed: f64,
}

/// The outcome payments the record states, in the deal's currency: a total and where it
/// comes from.
pub fn recorded_payments(rec: &Record, currency: &str) -> Option<(f64, String)> {
    let p = &rec.project;
    if let Money::Value(x, cite) = money(&p.paid, Some(&p.paid_currency), currency) {
        return Some((x, cite));
    }
    let actual: Vec<(f64, &Cell)> = rec
        .payments
        .iter()
        .filter(|x| x.kind.is_empty() || x.kind.text.eq_ignore_ascii_case("actual"))
        .filter_map(|x| match money(&x.amount, Some(&x.currency), currency) {
            Money::Value(v, _) => Some((v, &x.amount)),
            _ => None,
        })
        .collect();
    if let Some((_, first)) = actual.first() {
        let total = actual.iter().map(|(v, _)| v).sum();
        return Some((
            total,
            format!(
                "{} from line {}: {}",
                first.at.file(),
                first.at.line(),
                rows(actual.len(), "payment row")
            ),
        ));
    }
    let paid: Vec<(f64, &Cell)> = rec
        .commitments
        .iter()
        .filter_map(|c| match money(&c.paid, Some(&c.paid_currency), currency) {
            Money::Value(v, _) => Some((v, &c.paid)),
            _ => None,
        })
        .collect();
    let (_, first) = paid.first()?;
    Some((
        paid.iter().map(|(v, _)| v).sum(),
        format!(
            "{} from line {}: the payments made of {}",
            first.at.file(),
            first.at.line(),
            rows(paid.len(), "payer")
        ),
    ))
}

/// `1 payment row`, `3 payment rows`.
fn rows(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Whether a result row is of this type (`Final`, `Interim`).
fn is(o: &Outcome, kind: &str) -> bool {
    o.kind.text.eq_ignore_ascii_case(kind)
}

/// The period a result covers, for comments.
fn period(o: &Outcome) -> String {
    match (o.start.given(), o.end.given()) {
        (Some(s), Some(e)) => format!("{} to {}", s.text, e.text),
        (Some(s), None) => format!("from {}", s.text),
        (None, Some(e)) => format!("to {}", e.text),
        (None, None) => "period not given".into(),
    }
}

/// Writes the observed file, or `None` when the record holds no count of outcomes.
pub fn observed(rec: &Record, sk: &Skeleton, warnings: &mut Diagnostics) -> Option<ObservedOut> {
    let numeric = |o: &Outcome| matches!(count(&o.achieved), Ok(Some(_)));
    if !rec.results.iter().any(numeric) {
        return None;
    }
    let p = &rec.project;
    let name = p.name.given().map_or(p.id.as_str(), |n| n.text.as_str());
    let mut d = Doc::default();
    d.comment(&format!(
        "Observed outcomes of INDIGO project {}, imported by `sibyl import indigo` with its contract skeleton, for `sibyl settle CONTRACT --observed THIS_FILE`.",
        p.id
    ));
    d.comment(&format!(
        "Every count cites {}; counts the record does not give, or gives in a form that cannot be read, are TODO comments.",
        match &rec.origin {
            Origin::Tables => "its table, line, row and column",
            Origin::Json(_) => "its line and JSON pointer in the record",
        }
    ));
    d.header(&["observed"]);
    d.value(
        "name",
        &string(&format!("{name}: outcomes in the INDIGO record")),
        Note::None,
    );
    d.value(
        "description",
        &string(&format!(
            "The participants engaged and the counts of outcomes achieved that INDIGO records for project {}.",
            p.id
        )),
        Note::None,
    );
    d.line(&format!(
        "sources = [{}]",
        string(&format!(
            "INDIGO impact bond data (Government Outcomes Lab), project {}",
            p.id
        ))
    ));

    // Enrolment: the participants engaged.
    d.header(&["cohorts", COHORT]);
    // No one engaged leaves no group to count outcomes in: read as not given.
    let engaged = match count(&p.engaged) {
        Ok(Some((n, cite))) if n > 0.0 => Some((n, cite)),
        _ => rec
            .results
            .iter()
            .filter_map(|o| count(&o.engaged).ok().flatten())
            .filter(|(n, _)| *n > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(n, cite)| (n, format!("the most engaged any result gives: {cite}"))),
    };
    let enrolled = match engaged {
        Some((n, cite)) => {
            d.value("enrolled", &number(n), Note::From(cite));
            Some(n)
        }
        None => {
            let most = rec
                .results
                .iter()
                .filter_map(|o| count(&o.achieved).ok().flatten())
                .map(|(n, _)| n)
                .fold(1.0_f64, f64::max);
            d.value(
                "enrolled",
                &number(most),
                Note::Todo {
                    path: format!("cohorts.{COHORT}.enrolled"),
                    why: "the record gives no number of participants engaged; the largest count is a placeholder".into(),
                },
            );
            None
        }
    };

    let mut counts = 0;
    let mut computed = 0.0;
    let mut read = vec![false; rec.results.len()];
    for m in &sk.metrics {
        let rows: Vec<(usize, &Outcome)> = rec
            .results
            .iter()
            .enumerate()
            .filter(|(_, o)| !m.key.is_empty() && o.metric.text.to_lowercase() == m.key)
            .collect();
        if rows.is_empty() {
            continue;
        }
        for (i, _) in &rows {
            read[*i] = true;
        }
        let finals: Vec<&(usize, &Outcome)> = rows.iter().filter(|(_, o)| is(o, "final")).collect();
        let untyped: Vec<&(usize, &Outcome)> =
            rows.iter().filter(|(_, o)| o.kind.is_empty()).collect();
        let mut interims: Vec<&(usize, &Outcome)> =
            rows.iter().filter(|(_, o)| is(o, "interim")).collect();
        // The latest interim result by the end of its period (undated ones first).
        interims.sort_by_key(|(_, o)| value::date(&o.end.text).map(value::Date::months));
        let (chosen, how): (Vec<&(usize, &Outcome)>, &str) = if !finals.is_empty() {
            (finals, "final")
        } else if !untyped.is_empty() {
            (untyped, "of no stated type")
        } else {
            (
                interims.last().map(|x| vec![*x]).unwrap_or_default(),
                "interim",
            )
        };
        let path = format!("results.{}.{COHORT}", m.id);
        d.blank();
        let [(_, o)] = chosen.as_slice() else {
            let lines: Vec<String> = chosen
                .iter()
                .map(|(_, o)| {
                    format!(
                        "{} ({})",
                        excerpt(&o.achieved.text, 30),
                        o.achieved.at.cite()
                    )
                })
                .collect();
            if lines.is_empty() {
                d.todo_comment(
                    &path,
                    &format!(
                        "{}: the record's results are of no type the import reads",
                        m.id
                    ),
                );
            } else {
                d.todo_comment(
                    &path,
                    &format!(
                        "{}: the record has {} {how} results, {}; which to settle on (or their sum) is for you to decide",
                        m.id,
                        lines.len(),
                        lines.join("; ")
                    ),
                );
            }
            continue;
        };
        let what = format!("{} result, {}", how, period(o));
        match count(&o.achieved) {
            Ok(Some((n, cite))) => {
                if let Some(e) = enrolled
                    && n > e
                {
                    warnings.push(o.achieved.at.warning(
                        format!(
                            "{} outcomes of `{}` for {} participants engaged: more than one each, which a binary metric cannot have; the result is left out of the observed file",
                            number(n),
                            m.id,
                            number(e)
                        ),
                        "more outcomes than participants",
                        "check the count and the number engaged against the project's sources, then set the metric's `kind` or the count in the files",
                    ));
                    d.todo_comment(
                        &path,
                        &format!(
                            "the record counts {} outcomes ({cite}) for {} participants engaged: more than one each, which `kind = \"binary\"` cannot have. Check the source, then uncomment (with `kind = \"count\"` in the contract if a participant can achieve it several times)",
                            number(n),
                            number(e)
                        ),
                    );
                    d.line(&format!(
                        "# {}",
                        crate::import::writer::header(&["results", &m.id, COHORT])
                    ));
                    d.line(&format!("# treated_count = {}", number(n)));
                    continue;
                }
                d.line(&crate::import::writer::header(&["results", &m.id, COHORT]));
                d.value(
                    "treated_count",
                    &number(n),
                    Note::From(format!("{what}: {cite}")),
                );
                if how == "interim" {
                    d.todo_comment(
                        &path,
                        "an interim count: the final count is not in the record",
                    );
                }
                counts += 1;
                if let Some(price) = m.price {
                    computed += price * n;
                }
            }
            Ok(None) => d.todo_comment(
                &path,
                &format!(
                    "{}: the record's {what} gives no count ({})",
                    m.id,
                    o.achieved.at.cite()
                ),
            ),
            Err(why) => {
                let mut why = format!("{}: {why}", m.id);
                if let Some(pos) = o.positive.given() {
                    why.push_str(&format!(
                        "; the record's number with positive outcomes is {} ({}), which may or may not be this metric's count",
                        excerpt(&pos.text, 20),
                        pos.at.cite()
                    ));
                }
                d.todo_comment(&path, &why);
            }
        }
    }
    // Results the import did not read: project-level findings, metrics it does not know.
    let unread: Vec<&Outcome> = rec
        .results
        .iter()
        .zip(&read)
        .filter(|(_, r)| !**r)
        .map(|(o, _)| o)
        .collect();
    if !unread.is_empty() {
        d.blank();
        d.comment("Results in the record that are not a metric's count, not read:");
        for o in unread {
            let what = if o.metric.is_empty() {
                "no metric".to_string()
            } else {
                format!("metric {}", excerpt(&o.metric.text, 40))
            };
            d.comment(&format!(
                "- {what}, {}: {} ({})",
                period(o),
                excerpt(&o.achieved.text, 200),
                o.achieved.at.cite()
            ));
        }
    }
    // The payments the record holds, to compare with what `settle` pays.
    d.blank();
    d.comment(&format!(
        "The rate card in the skeleton pays {} {} for the counts above, before caps (`sibyl settle` applies the caps).",
        sk.currency,
        crate::format::money(computed)
    ));
    /// The most payment rows listed one by one.
    const LISTED: usize = 20;
    for x in rec.payments.iter().take(LISTED) {
        let amount = match money(&x.amount, Some(&x.currency), &sk.currency) {
            Money::Value(v, _) => format!("{} {}", sk.currency, crate::format::money(v)),
            _ => excerpt(&x.amount.text, 40),
        };
        let kind = x
            .kind
            .given()
            .map_or(String::new(), |k| format!("{} ", k.text.to_lowercase()));
        let note = x
            .notes
            .given()
            .map(|n| format!(", note: {}", excerpt(&n.text, 160)))
            .unwrap_or_default();
        d.comment(&format!(
            "The record's {kind}outcome payment, {} to {}: {amount} ({}){note}",
            if x.start.is_empty() {
                "?"
            } else {
                x.start.text.as_str()
            },
            if x.end.is_empty() {
                "?"
            } else {
                x.end.text.as_str()
            },
            x.amount.at.cite()
        ));
    }
    if rec.payments.len() > LISTED {
        d.comment(&format!(
            "... and {} more payment rows",
            rec.payments.len() - LISTED
        ));
    }
    if let Some((total, how)) = recorded_payments(rec, &sk.currency) {
        d.comment(&format!(
            "Outcome payments the record states in all: {} {} ({how}).",
            sk.currency,
            crate::format::money(total)
        ));
    }
    Some(ObservedOut {
        doc: d,
        counts,
        computed,
    })
}
