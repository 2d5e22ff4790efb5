//! The contract skeleton: the deal, its parties, one cohort, the outcome metrics with
//! their prices as a rate card, the caps and the investments as tranches. Every value the
//! record gives is cited; every other value is a placeholder marked TODO, chosen so that
//! the file passes `sibyl check` as it is.

use indexmap::IndexMap;

use crate::choices::{Role, TrancheKind};
use crate::import::writer::{Doc, Note, comment_text, excerpt, number, shorten, string};

use super::record::{At, Cell, Metric, Origin, Pricing, Record};
use super::value::{self, Capital, Num};

/// The cohort every metric is measured on: INDIGO records no cohorts.
pub const COHORT: &str = "participants";
/// The placeholder period, in months.
const PERIOD_MONTHS: i64 = 3;
/// The placeholder horizon when the record has no dates: three years of quarters.
const PLACEHOLDER_HORIZON: i64 = 12;
/// The most periods a deal may span (sibyl's limit).
const MAX_HORIZON: i64 = 1_200;

/// The skeleton's text and what the observed file and the summary need from it.
#[derive(Debug)]
pub struct Skeleton {
    pub doc: Doc,
    /// The deal's currency (`XXX` when the record gives none).
    pub currency: String,
    /// The metrics in file order.
    pub metrics: Vec<MetricOut>,
    pub parties: usize,
    pub prices: usize,
    pub tranches: usize,
}

/// A metric of the skeleton.
#[derive(Debug, Clone)]
pub struct MetricOut {
    /// The record's id as it compares (lower case, trimmed).
    pub key: String,
    /// The id in the contract.
    pub id: String,
    /// The price per outcome the record gives, if it does.
    pub price: Option<f64>,
}

/// An amount read from a cell in the deal's currency.
pub enum Money {
    Missing,
    /// The amount and the citation (with the raw text when it was not a plain number).
    Value(f64, String),
    /// Unusable: why, for a TODO.
    Todo(String),
}

/// Reads an amount; `currency` is the cell that says which currency it is in, if any.
pub fn money(cell: &Cell, currency: Option<&Cell>, deal: &str) -> Money {
    let x = match value::number(&cell.text) {
        Num::Missing => return Money::Missing,
        Num::Garbled => {
            return Money::Todo(format!(
                "{} cannot be read as one amount ({})",
                excerpt(&cell.text, 120),
                cell.at.cite()
            ));
        }
        Num::Value { x, plain } => {
            if x < 0.0 {
                return Money::Todo(format!(
                    "the record's amount {} is negative ({})",
                    excerpt(&cell.text, 40),
                    cell.at.cite()
                ));
            }
            (x, plain)
        }
    };
    if let Some(c) = currency.and_then(Cell::given) {
        match value::currency(&c.text) {
            Some(code) if code == deal => {}
            Some(code) => {
                return Money::Todo(format!(
                    "the record's amount {} is in {code} ({}), the deal in {deal}",
                    excerpt(&cell.text, 40),
                    c.at.cite()
                ));
            }
            None => {
                return Money::Todo(format!(
                    "the record's amount {} is in {}, which is not a currency code ({})",
                    excerpt(&cell.text, 40),
                    excerpt(&c.text, 40),
                    c.at.cite()
                ));
            }
        }
    }
    let (plain_x, plain) = x;
    let (rounded, changed) = value::cents(plain_x);
    let mut cite = cell.at.cite();
    if !plain {
        cite.push_str(&format!(", read from {}", excerpt(&cell.text, 60)));
    }
    if changed {
        cite.push_str(&format!(", rounded from {}", cell.text));
    }
    Money::Value(rounded, cite)
}

/// A count of people or outcomes: `Ok(None)` when the cell is empty, `Err(why)` when it is
/// not a whole number.
pub fn count(cell: &Cell) -> Result<Option<(f64, String)>, String> {
    match value::number(&cell.text) {
        Num::Missing => Ok(None),
        Num::Garbled => Err(format!(
            "{} is not a count ({})",
            excerpt(&cell.text, 160),
            cell.at.cite()
        )),
        Num::Value { x, plain } => match value::whole(x) {
            Some(n) => {
                let mut cite = cell.at.cite();
                if !plain || n != x {
                    cite.push_str(&format!(", read from {}", excerpt(&cell.text, 40)));
                }
                Ok(Some((n, cite)))
            }
            None => Err(format!(
                "{} is not a whole number of people or outcomes ({})",
                excerpt(&cell.text, 40),
                cell.at.cite()
            )),
        },
    }
}

/// The deal's currency: the first currency code the record gives, looking where prices,
/// then investments, then payments are stated.
fn currency(rec: &Record) -> Result<(String, String), String> {
    let p = &rec.project;
    let cells = rec
        .pricings
        .iter()
        .map(|x| &x.currency)
        .chain([
            &p.investment_currency,
            &p.max_outcome_currency,
            &p.paid_currency,
        ])
        .chain(rec.commitments.iter().map(|c| &c.max_currency))
        .chain(rec.payments.iter().map(|x| &x.currency))
        .chain(rec.investments.iter().map(|x| &x.currency));
    let mut garbled = None;
    for c in cells.filter(|c| !c.is_empty()) {
        match value::currency(&c.text) {
            Some(code) => return Ok((code, c.at.cite())),
            None => garbled = garbled.or(Some(c)),
        }
    }
    Err(match garbled {
        Some(c) => format!(
            "the record's currency {} is not an ISO 4217 code ({}); `XXX` is a placeholder",
            excerpt(&c.text, 40),
            c.at.cite()
        ),
        None => "the record gives no currency; `XXX` is a placeholder".to_string(),
    })
}

/// A date cell read, or why not.
fn date_of(cell: &Cell) -> Option<Result<value::Date, String>> {
    let c = cell.given()?;
    Some(
        value::date(&c.text)
            .ok_or_else(|| format!("{} is not a date ({})", excerpt(&c.text, 40), c.at.cite())),
    )
}

/// The deal's start and length in months, with what they rest on.
struct Span {
    start: Option<(value::Date, String)>,
    /// The months from start to end, or why they are not known.
    months: Result<(i64, String), String>,
    /// Without an end date, the months a recorded duration suggests, and the caveat.
    guess: Option<(i64, String)>,
}

fn span(rec: &Record) -> Span {
    let p = &rec.project;
    let mut problems = Vec::new();
    let mut first = |cells: &[&Cell]| {
        for c in cells {
            match date_of(c) {
                Some(Ok(d)) => return Some((d, (*c).clone())),
                Some(Err(why)) => problems.push(why),
                None => {}
            }
        }
        None
    };
    let start = first(&[&p.service_start, &p.contract_signed, &p.all_signed]);
    let end = first(&[
        &p.completion_actual,
        &p.completion_anticipated,
        &p.service_end_actual,
        &p.service_end_anticipated,
    ]);
    let mut guess = None;
    let months = match (&start, &end) {
        (Some((s, sc)), Some((e, ec))) => {
            // A year alone ends in December.
            let end_month = if e.parts == 1 {
                e.months() + 11
            } else {
                e.months()
            };
            let months = end_month - s.months() + 1;
            if months < 1 {
                Err(format!(
                    "the record's end {} ({}) is before its start {} ({})",
                    ec.text,
                    ec.at.cite(),
                    sc.text,
                    sc.at.cite()
                ))
            } else {
                Ok((
                    months,
                    format!(
                        "from {} (\"{}\") to {} ({}), {months} months",
                        sc.text,
                        sc.at.column(),
                        ec.text,
                        ec.at.cite()
                    ),
                ))
            }
        }
        (Some(_), None) => {
            guess = [&p.duration_actual, &p.duration_anticipated]
                .into_iter()
                .find_map(|c| match value::number(&c.text) {
                    Num::Value { x, .. } if (1.0..=1200.0).contains(&x) => Some((
                        x.ceil() as i64,
                        format!(
                            "the record has no end date; its duration {} ({}) is read as months, a guess",
                            excerpt(&c.text, 20),
                            c.at.cite()
                        ),
                    )),
                    _ => None,
                });
            Err("the record has no end date".to_string())
        }
        _ => Err("the record has no start date".to_string()),
    };
    let months = months.map_err(|why| {
        if problems.is_empty() {
            why
        } else {
            format!("{why}; {}", problems.join("; "))
        }
    });
    let start = start.map(|(d, c)| (d, c.at.cite()));
    Span {
        start,
        months,
        guess,
    }
}

/// A party of the skeleton.
struct PartyOut {
    id: String,
    org: String,
    role: Role,
    role_note: String,
    name: Option<Cell>,
}

/// The parties: outcome payers, providers, intermediaries (evaluators apart) and
/// investors, each organisation once, in the first role the record gives it.
fn parties(rec: &Record) -> Vec<PartyOut> {
    let mut out: Vec<PartyOut> = Vec::new();
    let mut add = |org: &str, role: Role, at: &Cell, what: &str| {
        if out.iter().any(|p| p.org == org) {
            return;
        }
        let name = rec
            .org(org)
            .map(|o| o.name.clone())
            .filter(|n| !n.is_empty());
        let base = name
            .as_ref()
            .map(|n| value::org_slug(&n.text, 40))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| value::slug(org, 40));
        let base = if base.is_empty() {
            "party".to_string()
        } else {
            base
        };
        let id = unique(&base, out.iter().map(|p| p.id.as_str()));
        out.push(PartyOut {
            id,
            org: org.to_string(),
            role,
            role_note: format!("{what}: {}", at.at.cite()),
            name,
        });
    };
    for c in &rec.commitments {
        for org in value::ids(&c.org.text) {
            add(&org, Role::Payer, &c.org, "an outcome payer");
        }
    }
    for p in &rec.payments {
        for org in value::ids(&p.payer.text) {
            add(&org, Role::Payer, &p.payer, "pays outcomes");
        }
    }
    for c in &rec.providers {
        for org in value::ids(&c.text) {
            add(&org, Role::Provider, c, "provides the service");
        }
    }
    for i in &rec.intermediaries {
        let what = format!("{} {}", i.category.text, i.description.text).to_lowercase();
        let role = if what.contains("evaluat") {
            Role::Evaluator
        } else {
            Role::Intermediary
        };
        for org in value::ids(&i.org.text) {
            add(&org, role, &i.org, "an intermediary");
        }
    }
    for inv in &rec.investments {
        let role = match value::capital(&inv.kind.text) {
            Capital::Guarantee => Role::Guarantor,
            _ => Role::Investor,
        };
        for org in value::ids(&inv.org.text) {
            add(&org, role, &inv.org, "invests");
        }
    }
    out
}

/// `base`, or `base_2`, `base_3`... whichever is not taken.
fn unique<'a>(base: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while taken.clone().any(|t| t == id) {
        id = format!("{base}_{n}");
        n += 1;
    }
    id
}

/// Writes the contract skeleton of a record.
pub fn skeleton(rec: &Record) -> Skeleton {
    let mut d = Doc::default();
    let p = &rec.project;
    let (from, cites) = match &rec.origin {
        Origin::Tables => ("its CSV tables", "its table, line, row and column"),
        Origin::Json(_) => (
            "a project record in JSON",
            "its line and JSON pointer in the record",
        ),
    };
    d.comment(&format!(
        "Contract skeleton of INDIGO project {}, imported by `sibyl import indigo` from the Government Outcomes Lab's INDIGO impact bond data ({from}).",
        p.id
    ));
    d.comment(&format!(
        "Every value taken from the record cites {cites}. Every value the record does not give is a placeholder marked TODO: the file passes `sibyl check` as it is, but its figures mean something only once the TODOs are filled in.",
    ));
    if !rec.missing_tables.is_empty() {
        d.comment(&format!(
            "Tables not in the folder, so not read: {}.",
            rec.missing_tables.join(", ")
        ));
    }

    // [deal]
    d.header(&["deal"]);
    match p.name.given() {
        Some(n) => d.value("name", &string(&n.text), Note::From(n.at.cite())),
        None => d.value(
            "name",
            &string(&p.id),
            Note::Todo {
                path: "deal.name".into(),
                why: "the record gives no name; the project id is a placeholder".into(),
            },
        ),
    }
    let currency = match currency(rec) {
        Ok((code, cite)) => {
            d.value("currency", &string(&code), Note::From(cite));
            code
        }
        Err(why) => {
            d.value(
                "currency",
                "\"XXX\"",
                Note::Todo {
                    path: "deal.currency".into(),
                    why,
                },
            );
            "XXX".to_string()
        }
    };
    d.value(
        "period",
        "\"quarter\"",
        Note::Todo {
            path: "deal.period".into(),
            why: "the record has no time step; a quarter is a placeholder (change `horizon` and every period count with it)".into(),
        },
    );
    let sp = span(rec);
    let horizon = match &sp.months {
        Ok((months, why)) => {
            let h = (months + PERIOD_MONTHS - 1) / PERIOD_MONTHS;
            if h > MAX_HORIZON {
                d.value(
                    "horizon",
                    &PLACEHOLDER_HORIZON.to_string(),
                    Note::Todo {
                        path: "deal.horizon".into(),
                        why: format!(
                            "{why}: longer than sibyl's 1,200 periods; 12 quarters is a placeholder"
                        ),
                    },
                );
                PLACEHOLDER_HORIZON
            } else {
                d.value(
                    "horizon",
                    &h.to_string(),
                    Note::From(format!("in quarters, {why}")),
                );
                h
            }
        }
        Err(why) => {
            // A duration read as months is still a guess: a placeholder, marked.
            let (why, h) = match &sp.guess {
                Some((m, guess)) => (
                    guess.clone(),
                    ((m + PERIOD_MONTHS - 1) / PERIOD_MONTHS).clamp(1, MAX_HORIZON),
                ),
                None => (
                    format!("{why}; 12 quarters is a placeholder"),
                    PLACEHOLDER_HORIZON,
                ),
            };
            d.value(
                "horizon",
                &h.to_string(),
                Note::Todo {
                    path: "deal.horizon".into(),
                    why,
                },
            );
            h
        }
    };
    match &sp.start {
        Some((date, cite)) => {
            let mut note = cite.clone();
            if date.parts < 3 {
                note.push_str(", the first day of the month");
            }
            d.value(
                "start",
                &format!("{:04}-{:02}-{:02}", date.year, date.month, date.day),
                Note::From(note),
            );
        }
        None => d.todo_comment(
            "deal.start",
            "start = <the date of period 0>: the record gives no start date that can be read",
        ),
    }
    if let Some(c) = p.intervention.given().or(p.challenge.given()) {
        d.value(
            "description",
            &string(&shorten(&comment_text(&c.text), 600)),
            Note::From(c.at.cite()),
        );
    }
    let mut sources = vec![format!(
        "INDIGO impact bond data (Government Outcomes Lab), project {}",
        p.id
    )];
    for s in rec.sources.iter().filter(|s| !s.name.is_empty()).take(20) {
        let name = shorten(&comment_text(&s.name.text), 200);
        sources.push(match s.url.given() {
            Some(u) => format!("{name} ({})", shorten(&comment_text(&u.text), 200)),
            None => name,
        });
    }
    d.line("sources = [");
    for s in &sources {
        d.line(&format!("  {},", string(s)));
    }
    d.line("]");

    // [parties]
    let mut parties = parties(rec);
    for (role, id, why) in [
        (
            Role::Payer,
            "payer",
            "the record names no outcome payer; a placeholder party",
        ),
        (
            Role::Provider,
            "provider",
            "the record names no service provider; a placeholder party",
        ),
    ] {
        if !parties.iter().any(|x| x.role == role) {
            let id = unique(id, parties.iter().map(|x| x.id.as_str()));
            parties.push(PartyOut {
                id,
                org: String::new(),
                role,
                role_note: format!("TODO: {why}"),
                name: None,
            });
        }
    }
    // Investors whose organisation has a role that cannot hold a tranche get a party of
    // their own.
    let mut tranche_parties: IndexMap<String, (String, Role)> = IndexMap::new();
    for inv in &rec.investments {
        for org in value::ids(&inv.org.text) {
            if let Some(party) = parties.iter().find(|x| x.org == org) {
                if matches!(
                    party.role,
                    Role::Investor | Role::Provider | Role::Intermediary
                ) || matches!(value::capital(&inv.kind.text), Capital::Guarantee)
                {
                    tranche_parties.insert(org, (party.id.clone(), party.role));
                } else if !tranche_parties.contains_key(&org) {
                    let id = unique(
                        &format!("{}_investor", party.id),
                        parties.iter().map(|x| x.id.as_str()),
                    );
                    let name = party.name.clone();
                    let note = format!(
                        "the record's {} also invests: {}",
                        party.role.word(),
                        inv.org.at.cite()
                    );
                    tranche_parties.insert(org.clone(), (id.clone(), Role::Investor));
                    parties.push(PartyOut {
                        id,
                        org,
                        role: Role::Investor,
                        role_note: note,
                        name,
                    });
                }
            }
        }
    }
    for party in &parties {
        d.header(&["parties", &party.id]);
        let role = string(party.role.word());
        match party.role_note.strip_prefix("TODO: ") {
            Some(why) => d.value(
                "role",
                &role,
                Note::Todo {
                    path: format!("parties.{}", party.id),
                    why: why.to_string(),
                },
            ),
            None => d.value("role", &role, Note::From(party.role_note.clone())),
        }
        match &party.name {
            Some(n) => d.value("name", &string(&n.text), Note::From(n.at.cite())),
            None if !party.org.is_empty() => d.value(
                "name",
                &string(&party.org),
                Note::Todo {
                    path: format!("parties.{}.name", party.id),
                    why: format!("{} is not in {}", party.org, rec.orgs_place()),
                },
            ),
            None => {}
        }
    }

    // [cohorts]
    d.header(&["cohorts", COHORT]);
    d.comment("INDIGO records no cohorts: one cohort holds every participant.");
    cohort_target(&mut d, rec);
    let window =
        "the record has no enrolment window; enrolment over the whole deal is a placeholder";
    d.value(
        "enrol_from",
        "0",
        Note::Todo {
            path: format!("cohorts.{COHORT}.enrol_from"),
            why: window.into(),
        },
    );
    d.value(
        "enrol_to",
        &(horizon - 1).to_string(),
        Note::Todo {
            path: format!("cohorts.{COHORT}.enrol_to"),
            why: window.into(),
        },
    );

    // [metrics]
    let mut metrics = metric_list(rec);
    let priced = !rec.pricings.is_empty();
    for (m, out) in &mut metrics {
        metric(&mut d, m, out, priced);
    }
    if metrics.is_empty() {
        let out = MetricOut {
            key: String::new(),
            id: "outcome".into(),
            price: None,
        };
        d.header(&["metrics", "outcome"]);
        d.todo_comment(
            "metrics.outcome",
            "the record has no outcome metrics: this one is a placeholder",
        );
        d.value("kind", "\"binary\"", Note::None);
        d.value("direction", "\"increase\"", Note::None);
        d.value("measured_at", "0", Note::None);
        d.value("measurement", "\"none\"", Note::None);
        metrics.push((MetricSource::default(), out));
    }

    // [rules]
    let prices = rule(&mut d, rec, &parties, &mut metrics, &currency);

    // [caps]
    caps(&mut d, rec, &parties, &metrics, &currency);

    // [tranches]
    let tranches = tranches(&mut d, rec, &tranche_parties, &currency);

    Skeleton {
        doc: d,
        currency,
        metrics: metrics.into_iter().map(|(_, out)| out).collect(),
        parties: parties.len(),
        prices,
        tranches,
    }
}

/// The cohort's target: the project's target, else the largest metric's target of people,
/// else the number engaged; else a placeholder.
fn cohort_target(d: &mut Doc, rec: &Record) {
    let path = format!("cohorts.{COHORT}.target");
    let valid = |n: f64| (1.0..=10_000_000.0).contains(&n);
    let mut problems = Vec::new();
    let mut read = |c: &Cell| match count(c) {
        Ok(Some((n, cite))) if valid(n) => Some((n, cite)),
        Ok(Some((n, cite))) => {
            problems.push(format!("{} people is outside 1 to 10,000,000 ({cite})", n));
            None
        }
        Ok(None) => None,
        Err(why) => {
            problems.push(why);
            None
        }
    };
    if let Some((n, cite)) = read(&rec.project.target) {
        d.value("target", &number(n), Note::From(cite));
        return;
    }
    let largest = rec
        .metrics
        .iter()
        .filter_map(|m| read(&m.target))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((n, cite)) = largest {
        d.value(
            "target",
            &number(n),
            Note::From(format!("the largest metric's target of people: {cite}")),
        );
        return;
    }
    let (n, why) = match read(&rec.project.engaged) {
        Some((n, cite)) => (
            n,
            format!("the record gives no target; the number engaged is a placeholder ({cite})"),
        ),
        None => (
            100.0,
            "the record gives no target; 100 is a placeholder".to_string(),
        ),
    };
    let why = if problems.is_empty() {
        why
    } else {
        format!("{why}; {}", problems.join("; "))
    };
    d.value("target", &number(n), Note::Todo { path, why });
}

/// Where a metric comes from: its row of the metrics table and of the prices table.
#[derive(Debug, Default, Clone)]
struct MetricSource {
    metric: Option<Metric>,
    pricing: Option<Pricing>,
    /// Other price rows of the same metric.
    more_prices: Vec<Pricing>,
}

/// The metrics: those of the metrics table in its order, then any the prices name that
/// it does not have. Ids are the record's (`outcomemetric1`), made valid.
fn metric_list(rec: &Record) -> Vec<(MetricSource, MetricOut)> {
    let mut out: Vec<(MetricSource, MetricOut)> = Vec::new();
    fn new_metric(key: String, raw: &str, out: &mut Vec<(MetricSource, MetricOut)>) {
        let base = value::slug(raw, 40);
        let base = if base.is_empty() {
            format!("metric{}", out.len() + 1)
        } else {
            base
        };
        let id = unique(&base, out.iter().map(|(_, o)| o.id.as_str()));
        out.push((
            MetricSource::default(),
            MetricOut {
                key,
                id,
                price: None,
            },
        ));
    }
    for m in &rec.metrics {
        let key = m.id.text.to_lowercase();
        if !key.is_empty() && out.iter().any(|(_, o)| o.key == key) {
            continue;
        }
        new_metric(key, &m.id.text, &mut out);
        if let Some(last) = out.last_mut() {
            last.0.metric = Some(m.clone());
        }
    }
    for pr in &rec.pricings {
        let key = pr.metric.text.to_lowercase();
        if key.is_empty() {
            continue;
        }
        let i = match out.iter().position(|(_, o)| o.key == key) {
            Some(i) => i,
            None => {
                new_metric(key, &pr.metric.text, &mut out);
                out.len() - 1
            }
        };
        let src = &mut out[i].0;
        if src.pricing.is_none() {
            src.pricing = Some(pr.clone());
        } else {
            src.more_prices.push(pr.clone());
        }
    }
    out
}

fn metric(d: &mut Doc, src: &MetricSource, out: &MetricOut, priced: bool) {
    d.blank();
    let definition = src.metric.as_ref().and_then(|m| m.definition.given());
    match definition {
        Some(def) => {
            d.comment(&format!("{}: {}", out.id, excerpt(&def.text, 400)));
            d.comment(&format!("({})", def.at.cite()));
        }
        None => d.comment(&format!(
            "{}: the record has no definition of this metric{}",
            out.id,
            src.pricing
                .as_ref()
                .map(|p| format!(" (named by {})", p.metric.at.cite()))
                .unwrap_or_default()
        )),
    }
    d.line(&crate::import::writer::header(&["metrics", &out.id]));
    d.value(
        "kind",
        "\"binary\"",
        Note::Todo {
            path: format!("metrics.{}.kind", out.id),
            why: "binary (once per participant at most) or count: not recorded".into(),
        },
    );
    let has_price = src.pricing.is_some();
    if has_price {
        d.value(
            "direction",
            "\"increase\"",
            Note::From("an outcome achieved and paid for".into()),
        );
    } else {
        d.value(
            "direction",
            "\"increase\"",
            Note::Todo {
                path: format!("metrics.{}.direction", out.id),
                why: "the record prices no outcome of this metric; whether less is better is not recorded".into(),
            },
        );
    }
    match definition {
        Some(def) => d.value(
            "unit",
            &string(&value::first_sentence(&def.text, 80)),
            Note::From("the definition's first sentence".into()),
        ),
        None => d.todo_comment(
            &format!("metrics.{}.unit", out.id),
            "unit = <what one outcome is>",
        ),
    }
    d.value(
        "measured_at",
        "0",
        Note::Todo {
            path: format!("metrics.{}.measured_at", out.id),
            why: "periods after enrolment until it is evidenced: not recorded".into(),
        },
    );
    let validation = src.metric.as_ref().and_then(|m| m.validation.given());
    if has_price {
        let mut note = "a price per outcome achieved, as the record prices it".to_string();
        if let Some(v) = validation {
            note.push_str(&format!(
                "; validated by {} ({})",
                excerpt(&v.text, 120),
                v.at.cite()
            ));
        }
        d.value("measurement", "\"none\"", Note::From(note));
    } else {
        let mut why = if priced {
            "the record prices other metrics but not this one; how its counterfactual is measured is not recorded".to_string()
        } else {
            "the record has no prices; how the counterfactual is measured is not recorded"
                .to_string()
        };
        if let Some(v) = validation {
            why.push_str(&format!(
                "; validation: {} ({})",
                excerpt(&v.text, 120),
                v.at.cite()
            ));
        }
        d.value(
            "measurement",
            "\"none\"",
            Note::Todo {
                path: format!("metrics.{}.measurement", out.id),
                why,
            },
        );
    }
}

/// The rate card: the payers, a price per metric, and any cap per person the notes speak
/// of. Returns the number of prices taken from the record.
fn rule(
    d: &mut Doc,
    rec: &Record,
    parties: &[PartyOut],
    metrics: &mut [(MetricSource, MetricOut)],
    currency: &str,
) -> usize {
    d.header(&["rules", "rate_card"]);
    if rec.pricings.is_empty() {
        d.value(
            "type",
            "\"rate_card\"",
            Note::Todo {
                path: "rules.rate_card.type".into(),
                why: "the record has no prices per outcome: the payment rule (a threshold, tiers, a share of savings...) is not recorded, and a rate card at price 0 is a placeholder".into(),
            },
        );
    } else {
        d.value(
            "type",
            "\"rate_card\"",
            Note::From(format!(
                "the record prices outcomes per unit ({})",
                rec.pricings_place()
            )),
        );
    }
    d.value(
        "description",
        &string("Prices per outcome in the INDIGO record."),
        Note::None,
    );
    let payers: Vec<&PartyOut> = parties.iter().filter(|x| x.role == Role::Payer).collect();
    match payers.as_slice() {
        [one] => d.value(
            "payer",
            &string(&one.id),
            match one.role_note.strip_prefix("TODO: ") {
                Some(_) => Note::None,
                None => Note::From(one.role_note.clone()),
            },
        ),
        many => {
            let n = many.len();
            let mut shares = Vec::new();
            let mut left = 1.0;
            for (i, x) in many.iter().enumerate() {
                let share = if i + 1 == n {
                    left
                } else {
                    (1.0 / n as f64 * 1e6).round() / 1e6
                };
                left -= share;
                shares.push(format!(
                    "{} = {}",
                    crate::import::writer::key(&x.id),
                    number((share * 1e6).round() / 1e6)
                ));
            }
            d.value(
                "payers",
                &format!("{{ {} }}", shares.join(", ")),
                Note::Todo {
                    path: "rules.rate_card.payers".into(),
                    why: format!("the record names {n} outcome payers but not their shares; equal shares are a placeholder"),
                },
            );
        }
    }
    // Notes on a cap per person: quoted, never turned into a number.
    let mut caps: IndexMap<String, Vec<&Cell>> = IndexMap::new();
    let notes = rec
        .pricings
        .iter()
        .flat_map(|p| [&p.notes, &p.description])
        .chain(rec.metrics.iter().map(|m| &m.notes));
    for c in notes.filter(|c| value::per_person_cap(&c.text)) {
        caps.entry(comment_text(&c.text)).or_default().push(c);
    }
    for (text, cells) in &caps {
        let places: Vec<&At> = cells.iter().map(|c| &c.at).collect();
        d.todo_comment(
            "rules.rate_card.cap_per_participant",
            &format!(
                "cap_per_participant = <amount>: the record's notes speak of a cap per person: {} ({}); which figure applies to this project is for you to check",
                excerpt(text, 300),
                At::cite_all(&places)
            ),
        );
    }
    d.header(&["rules", "rate_card", "prices"]);
    let mut taken = 0;
    for (src, out) in metrics.iter_mut() {
        let Some(pr) = &src.pricing else {
            d.value(
                &out.id,
                "0",
                Note::Todo {
                    path: format!("rules.rate_card.prices.{}", out.id),
                    why: "the record gives no price for this metric; 0 is a placeholder".into(),
                },
            );
            continue;
        };
        for more in &src.more_prices {
            d.comment(&format!(
                "another price row for {}: {} ({}); the first is used",
                out.id,
                excerpt(&more.price.text, 40),
                more.price.at.cite()
            ));
        }
        match money(&pr.price, Some(&pr.currency), currency) {
            Money::Value(x, cite) => {
                out.price = Some(x);
                taken += 1;
                d.value(&out.id, &number(x), Note::From(cite));
            }
            Money::Missing => d.value(
                &out.id,
                "0",
                Note::Todo {
                    path: format!("rules.rate_card.prices.{}", out.id),
                    why: format!(
                        "the record's price is empty ({}); 0 is a placeholder",
                        pr.price.at.cite()
                    ),
                },
            ),
            Money::Todo(why) => d.value(
                &out.id,
                "0",
                Note::Todo {
                    path: format!("rules.rate_card.prices.{}", out.id),
                    why: format!("{why}; 0 is a placeholder"),
                },
            ),
        }
    }
    taken
}

/// Caps: the deal's maximum outcome payment, each payer's, each metric's maximum price.
fn caps(
    d: &mut Doc,
    rec: &Record,
    parties: &[PartyOut],
    metrics: &[(MetricSource, MetricOut)],
    currency: &str,
) {
    let p = &rec.project;
    let mut lines = Doc::default();
    match money(&p.max_outcome, Some(&p.max_outcome_currency), currency) {
        Money::Value(x, cite) => lines.value("deal", &number(x), Note::From(cite)),
        Money::Todo(why) => lines.todo_comment("caps.deal", &format!("deal = <amount>: {why}")),
        Money::Missing => {}
    }
    let mut payer_caps = Vec::new();
    for c in &rec.commitments {
        let orgs = value::ids(&c.org.text);
        let party = match orgs.as_slice() {
            [one] => parties
                .iter()
                .find(|x| &x.org == one && x.role == Role::Payer),
            _ => None,
        };
        match (money(&c.max, Some(&c.max_currency), currency), party) {
            (Money::Value(x, cite), Some(party)) => payer_caps.push((party.id.clone(), x, cite)),
            (Money::Value(_, cite), None) => lines.todo_comment(
                "caps.payers",
                &format!("a maximum outcome payment ({cite}) of several payers at once: split it between them"),
            ),
            (Money::Todo(why), _) => lines.todo_comment(
                "caps.payers",
                &format!("a payer's maximum outcome payment: {why}"),
            ),
            (Money::Missing, _) => {}
        }
    }
    let mut metric_caps = Vec::new();
    for (src, out) in metrics {
        let Some(pr) = &src.pricing else { continue };
        match money(&pr.max_price, Some(&pr.currency), currency) {
            Money::Value(x, cite) => metric_caps.push((out.id.clone(), x, cite)),
            Money::Todo(why) => lines.todo_comment(
                &format!("caps.metrics.{}", out.id),
                &format!("the most paid for {}: {why}", out.id),
            ),
            Money::Missing => {}
        }
    }
    if lines.text.is_empty() && payer_caps.is_empty() && metric_caps.is_empty() {
        return;
    }
    if !lines.text.is_empty() {
        d.header(&["caps"]);
        d.text.push_str(&lines.text);
        d.todos.extend(lines.todos);
    }
    let mut seen = Vec::new();
    for (id, x, cite) in payer_caps {
        if seen.contains(&id) {
            d.comment(&format!(
                "another maximum outcome payment of {id}: {} ({cite})",
                number(x)
            ));
            continue;
        }
        d.header(&["caps", "payers", &id]);
        d.value("total", &number(x), Note::From(cite));
        seen.push(id);
    }
    if !metric_caps.is_empty() {
        d.header(&["caps", "metrics"]);
        for (id, x, cite) in metric_caps {
            d.value(
                &id,
                &number(x),
                Note::From(format!(
                    "the maximum price if all targets are achieved: {cite}"
                )),
            );
        }
    }
}

/// The investments as tranches. Returns how many were written.
fn tranches(
    d: &mut Doc,
    rec: &Record,
    investors: &IndexMap<String, (String, Role)>,
    currency: &str,
) -> usize {
    let p = &rec.project;
    // What the record says of each investment's amount, and the project's total.
    let kinds: Vec<Capital> = rec
        .investments
        .iter()
        .map(|i| value::capital(&i.kind.text))
        .collect();
    // Guarantees are not capital: they take no share of the total invested.
    let amounts: Vec<Money> = rec
        .investments
        .iter()
        .zip(&kinds)
        .map(|(i, k)| match k {
            Capital::Guarantee => Money::Value(0.0, String::new()),
            _ => money(&i.exact, Some(&i.currency), currency),
        })
        .collect();
    let total = [&p.investment_exact, &p.investment_max, &p.investment_min]
        .into_iter()
        .find_map(|c| match money(c, Some(&p.investment_currency), currency) {
            Money::Value(x, cite) => Some((x, cite)),
            _ => None,
        });
    let known: f64 = amounts
        .iter()
        .map(|a| if let Money::Value(x, _) = a { *x } else { 0.0 })
        .sum();
    let unknown = amounts
        .iter()
        .filter(|a| !matches!(a, Money::Value(..)))
        .count();
    let share = total.as_ref().and_then(|(t, cite)| {
        let left = t - known;
        (unknown > 0 && left > 0.0).then(|| {
            let x = (left / unknown as f64).round();
            (x, format!("an equal share of the total investment commitment {} ({cite}) left by the amounts given", number(*t)))
        })
    });
    let rank = |k: TrancheKind| match k {
        TrancheKind::SeniorLoan => 1,
        TrancheKind::JuniorLoan => 2,
        _ => 3,
    };
    let ranks: std::collections::BTreeSet<u32> = kinds
        .iter()
        .filter_map(|k| match k {
            Capital::Tranche { kind, .. } => Some(rank(*kind)),
            _ => None,
        })
        .collect();
    let mut ids: Vec<String> = Vec::new();
    let mut written = 0;
    for ((inv, amount), capital) in rec.investments.iter().zip(amounts).zip(kinds) {
        let orgs = value::ids(&inv.org.text);
        let base = value::slug(&inv.id.text, 40);
        let base = if base.is_empty() {
            format!("investment{}", ids.len() + 1)
        } else {
            base
        };
        let id = unique(&base, ids.iter().map(String::as_str));
        ids.push(id.clone());
        if capital == Capital::Guarantee {
            d.blank();
            d.todo_comment(
                &format!("guarantees.{id}"),
                &format!(
                    "{id} is a guarantee, not capital: {} ({}). Add a [guarantees.{id}] table naming the guarantor, the tranche it covers and its limit{}",
                    excerpt(&inv.kind.text, 60),
                    inv.kind.at.cite(),
                    match money(&inv.exact, Some(&inv.currency), currency) {
                        Money::Value(x, cite) => format!(" (the record's amount: {} at {cite})", number(x)),
                        _ => String::new(),
                    }
                ),
            );
            continue;
        }
        let investor = match orgs.as_slice() {
            [one] => investors.get(one).cloned(),
            _ => None,
        };
        let mut t = Doc::default();
        let mut commented = None;
        let provides = investor
            .as_ref()
            .is_some_and(|(_, role)| *role == Role::Provider);
        let investor = match investor {
            Some((i, _)) => i,
            None => {
                commented = Some(if orgs.is_empty() {
                    format!("{id} names no investor ({})", inv.org.at.cite())
                } else {
                    format!(
                        "{id} names several investors at once ({}): split it between them",
                        inv.org.at.cite()
                    )
                });
                String::new()
            }
        };
        let kind = match capital {
            Capital::Tranche {
                kind: TrancheKind::DeferredFees,
                ..
            } if !provides => {
                t.value(
                    "type",
                    "\"equity\"",
                    Note::Todo {
                        path: format!("tranches.{id}.type"),
                        why: format!(
                            "the record says {} ({}) but its investor provides no service in the record; equity is a placeholder",
                            excerpt(&inv.kind.text, 60),
                            inv.kind.at.cite()
                        ),
                    },
                );
                TrancheKind::Equity
            }
            Capital::Tranche { kind, sure: true } => {
                t.value(
                    "type",
                    &string(kind.word()),
                    Note::From(format!(
                        "{} ({})",
                        excerpt(&inv.kind.text, 60),
                        inv.kind.at.cite()
                    )),
                );
                kind
            }
            Capital::Tranche { kind, sure: false } => {
                let why = if kind == TrancheKind::RecoverableGrant {
                    "a grant: if it is not repaid from outcome payments, remove this tranche"
                } else {
                    "a loan of unstated rank: senior or junior"
                };
                t.value(
                    "type",
                    &string(kind.word()),
                    Note::Todo {
                        path: format!("tranches.{id}.type"),
                        why: format!(
                            "{} ({}) is {why}",
                            excerpt(&inv.kind.text, 60),
                            inv.kind.at.cite()
                        ),
                    },
                );
                kind
            }
            _ => {
                let what = if inv.kind.is_empty() {
                    "the record gives no investment type".to_string()
                } else {
                    format!(
                        "the record's type {} cannot be read as a tranche",
                        excerpt(&inv.kind.text, 60)
                    )
                };
                t.value(
                    "type",
                    "\"equity\"",
                    Note::Todo {
                        path: format!("tranches.{id}.type"),
                        why: format!("{what} ({}); equity is a placeholder", inv.kind.at.cite()),
                    },
                );
                TrancheKind::Equity
            }
        };
        t.value(
            "investor",
            &string(&investor),
            Note::From(inv.org.at.cite()),
        );
        let path = format!("tranches.{id}.amount");
        match amount {
            Money::Value(x, cite) if x > 0.0 => t.value("amount", &number(x), Note::From(cite)),
            other => {
                let range = [&inv.min, &inv.max]
                    .into_iter()
                    .filter_map(|c| match money(c, Some(&inv.currency), currency) {
                        Money::Value(x, cite) if x > 0.0 => Some((x, cite)),
                        _ => None,
                    })
                    .next();
                let why = match other {
                    Money::Todo(why) => format!("{why}; "),
                    Money::Value(..) => "the record's amount is 0; ".into(),
                    Money::Missing => String::new(),
                };
                match (range, &share) {
                    (Some((x, cite)), _) => t.value(
                        "amount",
                        &number(x),
                        Note::Todo {
                            path,
                            why: format!("{why}the record gives a range, not the amount: this end of it is a placeholder ({cite})"),
                        },
                    ),
                    (None, Some((x, how))) => t.value(
                        "amount",
                        &number(*x),
                        Note::Todo {
                            path,
                            why: format!("{why}the record gives no amount for {id}; placeholder: {how}"),
                        },
                    ),
                    (None, None) => {
                        commented.get_or_insert(format!(
                            "{why}the record gives no amount for {id} ({}), nor a total to share",
                            inv.exact.at.cite()
                        ));
                    }
                }
            }
        }
        if ranks.len() > 1 {
            t.value(
                "seniority",
                &rank(kind).to_string(),
                Note::From(
                    "from the investment types: senior loans first, then junior, then the rest"
                        .into(),
                ),
            );
        }
        if matches!(
            kind,
            TrancheKind::SeniorLoan | TrancheKind::JuniorLoan | TrancheKind::DeferredFees
        ) {
            t.value(
                "coupon",
                "0",
                Note::Todo {
                    path: format!("tranches.{id}.coupon"),
                    why: "the annual coupon is not in the record; 0 is a placeholder".into(),
                },
            );
        }
        if let Some(r) = inv.max_return.given() {
            t.comment(&format!(
                "the record's maximum potential return: {}{} ({}); a cap on it is `max_irr` or `max_multiple`",
                excerpt(&r.text, 60),
                inv.return_type
                    .given()
                    .map(|k| format!(" ({})", excerpt(&k.text, 40)))
                    .unwrap_or_default(),
                r.at.cite()
            ));
        }
        if let Some(n) = inv.notes.given() {
            t.comment(&format!(
                "note: {} ({})",
                excerpt(&n.text, 300),
                n.at.cite()
            ));
        }
        d.blank();
        match commented {
            None => {
                d.line(&crate::import::writer::header(&["tranches", &id]));
                d.text.push_str(&t.text);
                d.todos.extend(t.todos);
                written += 1;
            }
            Some(why) => {
                // Left out, with what the record says, for a person to complete.
                d.todo_comment(
                    &format!("tranches.{id}"),
                    &format!("{why}; the tranche below is left out until it is completed"),
                );
                d.line(&format!(
                    "# {}",
                    crate::import::writer::header(&["tranches", &id])
                ));
                for line in t.text.lines() {
                    if line.starts_with('#') {
                        d.line(line);
                    } else {
                        d.line(&format!("# {line}"));
                    }
                }
            }
        }
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(m: Money) -> Option<(f64, String)> {
        match m {
            Money::Value(x, cite) => Some((x, cite)),
            _ => None,
        }
    }

    #[test]
    fn amounts_are_cited_with_the_raw_text_when_it_was_not_plain() {
        let (x, cite) = value(money(&Cell::of("500"), None, "GBP")).unwrap();
        assert_eq!(x, 500.0);
        assert_eq!(
            cite,
            "original_projects_outcome_pricings.csv line 2 (outcomemetric1) \"Price Per Unit - Amount - (Value)\""
        );
        let (x, cite) = value(money(&Cell::of("$11.712M"), None, "USD")).unwrap();
        assert_eq!(x, 11_712_000.0);
        assert!(cite.ends_with(", read from \"$11.712M\""), "{cite}");
        let (x, cite) = value(money(&Cell::of("1499.9999"), None, "GBP")).unwrap();
        assert_eq!(x, 1500.0);
        assert!(cite.ends_with(", rounded from 1499.9999"), "{cite}");
        assert!(matches!(money(&Cell::of(""), None, "GBP"), Money::Missing));
    }

    #[test]
    fn amounts_that_cannot_be_used_are_todos_quoting_them() {
        let todo = |m: Money| match m {
            Money::Todo(why) => why,
            _ => panic!("not a TODO"),
        };
        let why = todo(money(&Cell::of("about 500"), None, "GBP"));
        assert!(
            why.starts_with("\"about 500\" cannot be read as one amount"),
            "{why}"
        );
        let why = todo(money(&Cell::of("-5"), None, "GBP"));
        assert!(why.contains("negative"), "{why}");
        let why = todo(money(&Cell::of("500"), Some(&Cell::of("USD")), "GBP"));
        assert!(why.contains("is in USD"), "{why}");
        let why = todo(money(
            &Cell::of("500"),
            Some(&Cell::of("Swiss Francs")),
            "GBP",
        ));
        assert!(why.contains("not a currency code"), "{why}");
        assert!(value(money(&Cell::of("500"), Some(&Cell::of(" gbp ")), "GBP")).is_some());
    }

    #[test]
    fn counts_are_whole_numbers() {
        assert_eq!(count(&Cell::of("406")).unwrap().unwrap().0, 406.0);
        assert_eq!(count(&Cell::of("405.9999")).unwrap().unwrap().0, 406.0);
        assert_eq!(count(&Cell::of("1,255")).unwrap().unwrap().0, 1255.0);
        assert!(count(&Cell::of("")).unwrap().is_none());
        assert!(count(&Cell::of("12.5")).is_err());
        assert!(count(&Cell::of("Of the 258 individuals, 253 completed")).is_err());
    }

    #[test]
    fn unique_ids() {
        let taken = ["a", "a_2"];
        assert_eq!(unique("a", taken.iter().copied()), "a_3");
        assert_eq!(unique("b", taken.iter().copied()), "b");
    }
}
