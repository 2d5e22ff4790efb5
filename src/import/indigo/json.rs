//! One project record in JSON, as the INDIGO data standard's project schema
//! (`schema/project.json` of INDIGO-Initiative/indigo-data-standard) describes it and as
//! INDIGO's API publishes it (`{"project": {"id": ..., "data": {...}}}`), read into the same
//! [`Record`] as the CSV tables, so that one writer serves both.
//!
//! The text is checked with `serde_json` first (its errors carry a line and column); a small
//! scanner then notes where every value is, so that each [`Cell`] cites its JSON pointer and
//! line and a problem can be shown at its bytes. The schema wraps values as
//! `{"value": ..., "status": ..., "source_ids": ...}`; a bare value where the schema has the
//! wrapper is read too. A value the record lacks, or holds as `null`, is missing (a TODO in
//! the skeleton, as in the CSV route); a list section that is not a list, or an item of one
//! that is not an object, is an error: the file is not a project record.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, Source};

use super::record::{
    At, Cell, Commitment, Intermediary, Investment, Metric, Org, Origin, Outcome, Payment, Pricing,
    Project, Record, SourceRef, project_id,
};

/// INDIGO's largest project record is a few hundred kilobytes; a file far beyond that is
/// not one.
pub const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;

/// Deeper than any project record (the schema nests five levels); `serde_json` refuses
/// beyond 128 before the scanner runs.
const MAX_DEPTH: usize = 160;

/// The project schema's top-level fields: a JSON object with none of them is not a
/// project record.
const PROJECT_FIELDS: [&str; 20] = [
    "name",
    "status",
    "stage_development",
    "dates",
    "jurisdiction",
    "overall_project_finance",
    "investment_details",
    "purpose_and_classifications",
    "service_and_beneficiaries",
    "outcome_funds",
    "delivery_locations",
    "sources",
    "service_provisions",
    "outcome_payment_commitments",
    "investments",
    "intermediary_services",
    "outcome_metrics",
    "outcome_pricings",
    "results",
    "outcome_payments",
];

const HELP_RECORD: &str = "give one INDIGO project record in JSON, as INDIGO's API returns it (https://golab-indigo-data-store.herokuapp.com/app/api1/project/INDIGO-POJ-0131) or as its data standard's project schema describes it, or the folder of INDIGO's CSV tables with --project";

/// A JSON value and where it is in the text.
#[derive(Debug)]
struct Node {
    span: Range<usize>,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    /// A string, number, `true`, `false` or `null`: its text is the span.
    Scalar,
}

impl Node {
    fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn what(&self, text: &str) -> &'static str {
        match &self.kind {
            Kind::Object(_) => "an object",
            Kind::Array(_) => "a list",
            Kind::Scalar => match text.as_bytes().get(self.span.start) {
                Some(b'"') => "a string",
                Some(b't' | b'f') => "true or false",
                Some(b'n') => "null",
                _ => "a number",
            },
        }
    }

    fn is_null(&self, text: &str) -> bool {
        matches!(self.kind, Kind::Scalar) && text.get(self.span.clone()) == Some("null")
    }
}

/// Notes where each value of a text `serde_json` has accepted is. Returns `None` on
/// anything unexpected rather than panic.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self
            .bytes
            .get(self.i)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            self.i += 1;
        }
    }

    /// The span of the string starting at `self.i` (its quotes included).
    fn string(&mut self) -> Option<Range<usize>> {
        let start = self.i;
        if self.bytes.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        loop {
            match self.bytes.get(self.i)? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some(start..self.i);
                }
                _ => self.i += 1,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        let start = self.i;
        match self.bytes.get(self.i)? {
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.bytes.get(self.i) == Some(&b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        let key_span = self.string()?;
                        let key: String = serde_json::from_str(self.text.get(key_span)?).ok()?;
                        self.ws();
                        if self.bytes.get(self.i) != Some(&b':') {
                            return None;
                        }
                        self.i += 1;
                        let v = self.value(depth + 1)?;
                        members.push((key, v));
                        self.ws();
                        match self.bytes.get(self.i)? {
                            b',' => self.i += 1,
                            b'}' => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                Some(Node {
                    span: start..self.i,
                    kind: Kind::Object(members),
                })
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.bytes.get(self.i) == Some(&b']') {
                    self.i += 1;
                } else {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        match self.bytes.get(self.i)? {
                            b',' => self.i += 1,
                            b']' => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                Some(Node {
                    span: start..self.i,
                    kind: Kind::Array(items),
                })
            }
            b'"' => {
                let span = self.string()?;
                Some(Node {
                    span,
                    kind: Kind::Scalar,
                })
            }
            _ => {
                while self.bytes.get(self.i).is_some_and(|b| {
                    !matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')
                }) {
                    self.i += 1;
                }
                (self.i > start).then_some(Node {
                    span: start..self.i,
                    kind: Kind::Scalar,
                })
            }
        }
    }
}

/// Parses a JSON text into nodes with their spans; a located error when it is not JSON.
fn parse(source: &Arc<Source>) -> Result<Node, Diagnostics> {
    let text = source.text.as_str();
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let at = offset(text, e.line(), e.column());
        let message = e.to_string();
        let what = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        return Err(Diagnostic::error(format!(
            "`{}` is not valid JSON: {what}",
            source.path
        ))
        .at(source, at..at)
        .label("the JSON stops making sense here")
        .help("fix the file at this place (a missing comma, quote or bracket is the usual cause), or download the record again; an INDIGO project record is one JSON object")
        .into());
    }
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        i: 0,
    };
    scanner.value(0).ok_or_else(|| {
        Diagnostics::from(
            Diagnostic::error(format!(
                "`{}` is JSON nested too deeply to be a project record",
                source.path
            ))
            .in_file(source)
            .help(HELP_RECORD),
        )
    })
}

/// The byte offset of a one-based line and column (`serde_json` counts columns in bytes;
/// column 0 is the end of the line before), within the text and on a character boundary.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// JSON pointer escaping of one key (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Reads the values of the record into cells.
struct Reader<'a> {
    source: &'a Arc<Source>,
    file: &'a str,
    warnings: &'a mut Diagnostics,
    errors: Diagnostics,
}

impl Reader<'_> {
    fn at(&self, pointer: String, span: Range<usize>) -> At {
        At::json(self.source, self.file, pointer, span)
    }

    /// The value at `path` below `node` (whose pointer is `base`): empty when the record
    /// lacks it or holds `null`. A bare value where the path ends in the schema's `value`
    /// wrapper is read as that value.
    fn cell(&mut self, node: &Node, base: &str, path: &[&str]) -> Cell {
        let text = self.source.text.as_str();
        let mut pointer = base.to_string();
        let mut here = node;
        for (n, key) in path.iter().enumerate() {
            match &here.kind {
                Kind::Object(_) => {}
                Kind::Scalar if *key == "value" && n + 1 == path.len() => break,
                _ if here.is_null(text) => return self.empty(pointer, here),
                _ => {
                    self.warnings.push(
                        Diagnostic::warning(format!(
                            "`{pointer}` is {} where the project schema has an object: its values are read as missing",
                            here.what(text)
                        ))
                        .at(self.source, here.span.clone())
                        .label("not an object")
                        .help("write it as the INDIGO data standard's project schema does, e.g. {\"value\": ...}"),
                    );
                    let full = format!("{pointer}/{}", path[n..].join("/"));
                    return self.empty(full, here);
                }
            }
            pointer.push('/');
            pointer.push_str(&escape(key));
            match here.get(key) {
                Some(next) => here = next,
                None => {
                    let full = format!("{pointer}{}", {
                        let rest = &path[n + 1..];
                        if rest.is_empty() {
                            String::new()
                        } else {
                            format!("/{}", rest.join("/"))
                        }
                    });
                    return self.empty(full, here);
                }
            }
        }
        let raw = text.get(here.span.clone()).unwrap_or("");
        let value = match &here.kind {
            Kind::Scalar => match serde_json::from_str::<serde_json::Value>(raw) {
                Ok(serde_json::Value::String(s)) => s.trim().to_string(),
                Ok(serde_json::Value::Number(x)) => x.to_string(),
                Ok(serde_json::Value::Bool(b)) => b.to_string(),
                _ => String::new(),
            },
            _ => {
                self.warnings.push(
                    Diagnostic::warning(format!(
                        "`{pointer}` is {} where the project schema has one value: it is read as missing",
                        here.what(text)
                    ))
                    .at(self.source, here.span.clone())
                    .label("not a value")
                    .help("give a string or a number here, as the INDIGO data standard's project schema does"),
                );
                String::new()
            }
        };
        Cell {
            text: value,
            at: self.at(pointer, here.span.clone()),
        }
    }

    /// A missing value, placed at the start of the nearest node the record has.
    fn empty(&self, pointer: String, near: &Node) -> Cell {
        let at = near.span.start;
        Cell {
            text: String::new(),
            at: self.at(pointer, at..at),
        }
    }

    /// The objects of a list section (`outcome_metrics`), with their pointers: none when
    /// the record lacks it; an error when it is not a list of objects.
    fn list<'n>(&mut self, data: &'n Node, base: &str, key: &str) -> Vec<(String, &'n Node)> {
        let text = self.source.text.as_str();
        let pointer = format!("{base}/{}", escape(key));
        let Some(node) = data.get(key) else {
            return Vec::new();
        };
        if node.is_null(text) {
            return Vec::new();
        }
        let Kind::Array(items) = &node.kind else {
            self.errors.push(
                Diagnostic::error(format!(
                    "`{pointer}` is {} where the project schema has a list of objects: this is not an INDIGO project record",
                    node.what(text)
                ))
                .at(self.source, node.span.clone())
                .label("not a list")
                .help(format!("make `{key}` a list of objects ([{{...}}, ...]) as the schema has it, or remove it")),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (n, item) in items.iter().enumerate() {
            if matches!(item.kind, Kind::Object(_)) {
                out.push((format!("{pointer}/{n}"), item));
            } else {
                self.errors.push(
                    Diagnostic::error(format!(
                        "`{pointer}/{n}` is {} where the project schema has an object: this is not an INDIGO project record",
                        item.what(text)
                    ))
                    .at(self.source, item.span.clone())
                    .label("not an object")
                    .help(format!("each item of `{key}` is an object ({{\"id\": ..., ...}}); fix or remove this one")),
                );
            }
        }
        out
    }
}

/// Reads a file into a source: a located error when it cannot be read, is too large or
/// is not UTF-8.
fn read_source(path: &Path) -> Result<Arc<Source>, Diagnostics> {
    use std::io::Read;
    let shown = path.display().to_string();
    let cannot = |e: std::io::Error| {
        let (what, help) = if e.kind() == std::io::ErrorKind::NotFound {
            ("no such file".to_string(), HELP_RECORD)
        } else {
            (e.to_string(), "check the file's permissions")
        };
        Diagnostics::from(Diagnostic::error(format!("cannot read `{shown}`: {what}")).help(help))
    };
    if path.is_dir() {
        return Err(Diagnostic::error(format!(
            "`{shown}` is a folder, not a project record in JSON"
        ))
        .help("give the folder of INDIGO's CSV tables with --project, or a project record's .json file")
        .into());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RECORD_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(Diagnostic::error(format!(
            "`{shown}` is larger than {} MB: not one INDIGO project record",
            MAX_RECORD_BYTES / (1024 * 1024)
        ))
        .help(HELP_RECORD)
        .into());
    }
    Source::from_utf8(
        shown,
        bytes,
        "JSON is UTF-8 text; save the file as UTF-8, or download the record again",
    )
}

/// Reads the project record in `path`; `project`, when given, must be the record's.
pub fn load(path: &Path, project: Option<&str>) -> Result<(Record, Diagnostics), Diagnostics> {
    let source = read_source(path)?;
    let root = parse(&source)?;
    from_source(&source, &root, path, project)
}

fn not_a_record(source: &Arc<Source>, node: &Node, why: String) -> Diagnostics {
    Diagnostic::error(format!(
        "`{}` is JSON but not an INDIGO project record: {why}",
        source.path
    ))
    .at(source, node.span.clone())
    .help(HELP_RECORD)
    .into()
}

fn from_source(
    source: &Arc<Source>,
    root: &Node,
    path: &Path,
    project: Option<&str>,
) -> Result<(Record, Diagnostics), Diagnostics> {
    let text = source.text.as_str();
    let file = path
        .file_name()
        .map_or_else(|| source.path.clone(), |f| f.to_string_lossy().into_owned());
    if !matches!(root.kind, Kind::Object(_)) {
        return Err(not_a_record(
            source,
            root,
            format!("it is {}, a record is an object", root.what(text)),
        ));
    }
    if root.get("projects").is_some() && root.get("project").is_none() {
        return Err(not_a_record(
            source,
            root,
            "it looks like INDIGO's list of projects (`projects`)".to_string(),
        ));
    }
    // INDIGO's API wraps the record: {"project": {"id": ..., "data": {...}}}.
    let (data, base, id_node) = match root.get("project") {
        Some(p) if !PROJECT_FIELDS.iter().any(|f| root.get(f).is_some()) => {
            let Some(data) = p.get("data").filter(|d| matches!(d.kind, Kind::Object(_))) else {
                return Err(not_a_record(
                    source,
                    p,
                    "`/project` has no object `data`, where INDIGO's API puts the record"
                        .to_string(),
                ));
            };
            (
                data,
                "/project/data",
                p.get("id").or_else(|| data.get("id")),
            )
        }
        _ => (root, "", root.get("id")),
    };
    if !PROJECT_FIELDS.iter().any(|f| data.get(f).is_some()) {
        return Err(not_a_record(
            source,
            data,
            format!(
                "it has none of the project schema's fields ({}, ...)",
                PROJECT_FIELDS[..6].join(", ")
            ),
        ));
    }
    let id_text = id_node.and_then(|n| match serde_json::from_str(text.get(n.span.clone())?) {
        Ok(serde_json::Value::String(s)) => Some((s.trim().to_string(), n)),
        _ => None,
    });
    let id = match (id_text, project) {
        (Some((own, node)), Some(asked)) => {
            if project_id(&own) != project_id(asked) {
                return Err(Diagnostic::error(format!(
                    "the record is project `{own}`, not `{}` as --project says",
                    project_id(asked)
                ))
                .at(source, node.span.clone())
                .label("the record's id")
                .help("leave out --project, or give the record of the project you mean")
                .into());
            }
            project_id(&own)
        }
        (Some((own, _)), None) => project_id(&own),
        (None, Some(asked)) => project_id(asked),
        (None, None) => {
            return Err(Diagnostic::error(format!(
                "`{}` has no project `id`: the project schema leaves it out, INDIGO's API gives it",
                source.path
            ))
            .at(source, data.span.start..data.span.start)
            .help("give the project's id with --project INDIGO-POJ-NNNN")
            .into());
        }
    };
    if id.is_empty() {
        return Err(Diagnostic::error("the project's id is empty")
            .in_file(source)
            .help("give the project's id with --project INDIGO-POJ-NNNN")
            .into());
    }

    let mut warnings = Diagnostics::new();
    let mut r = Reader {
        source,
        file: &file,
        warnings: &mut warnings,
        errors: Diagnostics::new(),
    };
    let b = base;
    let opf = "overall_project_finance";
    let project = Project {
        id: id.clone(),
        name: r.cell(data, b, &["name", "value"]),
        stage: r.cell(data, b, &["stage_development", "value"]),
        contract_signed: r.cell(data, b, &["dates", "outcomes_contract_signed", "value"]),
        all_signed: r.cell(
            data,
            b,
            &["dates", "contracts_between_all_parties_signed", "value"],
        ),
        completion_anticipated: r.cell(data, b, &["dates", "anticipated_completion_date", "value"]),
        completion_actual: r.cell(data, b, &["dates", "actual_completion_date", "value"]),
        service_start: r.cell(
            data,
            b,
            &["dates", "start_date_of_service_provision", "value"],
        ),
        service_end_anticipated: r.cell(
            data,
            b,
            &[
                "dates",
                "anticipated_end_date_of_service_provision",
                "value",
            ],
        ),
        service_end_actual: r.cell(
            data,
            b,
            &["dates", "actual_end_date_of_service_provision", "value"],
        ),
        duration_anticipated: r.cell(
            data,
            b,
            &[
                "dates",
                "anticipated_duration_of_service_provision",
                "value",
            ],
        ),
        duration_actual: r.cell(
            data,
            b,
            &["dates", "actual_duration_of_service_provision", "value"],
        ),
        investment_currency: r.cell(
            data,
            b,
            &[opf, "total_investment_commitment", "currency", "value"],
        ),
        investment_min: r.cell(
            data,
            b,
            &[opf, "total_investment_commitment", "amount", "min", "value"],
        ),
        investment_exact: r.cell(
            data,
            b,
            &[
                opf,
                "total_investment_commitment",
                "amount",
                "exact",
                "value",
            ],
        ),
        investment_max: r.cell(
            data,
            b,
            &[opf, "total_investment_commitment", "amount", "max", "value"],
        ),
        max_outcome_currency: r.cell(
            data,
            b,
            &[
                opf,
                "maximum_potential_outcome_payment_v2",
                "currency",
                "value",
            ],
        ),
        max_outcome: r.cell(
            data,
            b,
            &[
                opf,
                "maximum_potential_outcome_payment_v2",
                "amount",
                "value",
            ],
        ),
        max_return_type: r.cell(data, b, &[opf, "maximum_potential_return_type", "value"]),
        max_return: r.cell(data, b, &[opf, "maximum_potential_return", "value"]),
        paid_currency: r.cell(
            data,
            b,
            &[opf, "total_outcome_payments_made", "currency", "value"],
        ),
        paid: r.cell(
            data,
            b,
            &[opf, "total_outcome_payments_made", "amount", "value"],
        ),
        intervention: r.cell(
            data,
            b,
            &["purpose_and_classifications", "intervention", "value"],
        ),
        challenge: r.cell(
            data,
            b,
            &["purpose_and_classifications", "social_challenge", "value"],
        ),
        target: r.cell(
            data,
            b,
            &[
                "service_and_beneficiaries",
                "targeted_number_service_users_or_beneficiaries_total",
                "value",
            ],
        ),
        engaged: r.cell(
            data,
            b,
            &[
                "service_and_beneficiaries",
                "actual_number_service_users_or_beneficiaries_total",
                "value",
            ],
        ),
    };

    let metrics = r
        .list(data, b, "outcome_metrics")
        .into_iter()
        .map(|(p, n)| Metric {
            id: r.cell(n, &p, &["id"]),
            definition: r.cell(n, &p, &["definition", "value"]),
            target: r.cell(
                n,
                &p,
                &[
                    "targeted_number_of_service_users_or_beneficiaries_total",
                    "value",
                ],
            ),
            validation: r.cell(n, &p, &["outcome_validation_method", "value"]),
            notes: r.cell(n, &p, &["notes"]),
        })
        .collect();
    let pricings = r
        .list(data, b, "outcome_pricings")
        .into_iter()
        .map(|(p, n)| Pricing {
            metric: r.cell(n, &p, &["outcome_metric_id", "value"]),
            currency: r.cell(n, &p, &["currency", "value"]),
            price: r.cell(n, &p, &["price_per_unit", "amount", "value"]),
            max_price: r.cell(
                n,
                &p,
                &["maximum_price_if_all_targets_achieved", "amount", "value"],
            ),
            description: r.cell(n, &p, &["price_description", "value"]),
            notes: r.cell(n, &p, &["notes"]),
        })
        .collect();
    let results = r
        .list(data, b, "results")
        .into_iter()
        .map(|(p, n)| Outcome {
            metric: r.cell(n, &p, &["outcome_metric_id", "value"]),
            level: r.cell(n, &p, &["result_level", "value"]),
            kind: r.cell(n, &p, &["result_type", "value"]),
            start: r.cell(n, &p, &["period", "start_date", "value"]),
            end: r.cell(n, &p, &["period", "end_date", "value"]),
            achieved: r.cell(n, &p, &["outcomes_achieved", "value"]),
            engaged: r.cell(n, &p, &["number_engaged_in_impact_bond", "value"]),
            positive: r.cell(n, &p, &["number_with_positive_social_outcomes", "value"]),
        })
        .collect();
    let payments = r
        .list(data, b, "outcome_payments")
        .into_iter()
        .map(|(p, n)| Payment {
            metric: r.cell(n, &p, &["outcome_metric_id", "value"]),
            start: r.cell(n, &p, &["period", "start_date", "value"]),
            end: r.cell(n, &p, &["period", "end_date", "value"]),
            payer: r.cell(n, &p, &["payer_organisation_id", "value"]),
            kind: r.cell(n, &p, &["type", "value"]),
            currency: r.cell(n, &p, &["money", "currency", "value"]),
            amount: r.cell(n, &p, &["money", "amount", "value"]),
            notes: r.cell(n, &p, &["notes"]),
        })
        .collect();
    let commitments = r
        .list(data, b, "outcome_payment_commitments")
        .into_iter()
        .map(|(p, n)| Commitment {
            org: r.cell(n, &p, &["organisation_id", "value"]),
            max_currency: r.cell(
                n,
                &p,
                &["maximum_potential_outcome_payment", "currency", "value"],
            ),
            max: r.cell(
                n,
                &p,
                &["maximum_potential_outcome_payment", "amount", "value"],
            ),
            paid_currency: r.cell(n, &p, &["total_outcome_payments", "currency", "value"]),
            paid: r.cell(n, &p, &["total_outcome_payments", "amount", "value"]),
        })
        .collect();
    let investments = r
        .list(data, b, "investments")
        .into_iter()
        .map(|(p, n)| Investment {
            id: r.cell(n, &p, &["id"]),
            org: r.cell(n, &p, &["organisation_id", "value"]),
            currency: r.cell(n, &p, &["investment_commitment", "currency", "value"]),
            min: r.cell(n, &p, &["investment_commitment", "amount", "min", "value"]),
            exact: r.cell(
                n,
                &p,
                &["investment_commitment", "amount", "exact", "value"],
            ),
            max: r.cell(n, &p, &["investment_commitment", "amount", "max", "value"]),
            return_type: r.cell(n, &p, &["maximum_potential_return_type", "value"]),
            max_return: r.cell(n, &p, &["maximum_potential_return", "value"]),
            kind: r.cell(n, &p, &["investment_type", "value"]),
            notes: r.cell(n, &p, &["notes"]),
        })
        .collect();
    let providers = r
        .list(data, b, "service_provisions")
        .into_iter()
        .map(|(p, n)| r.cell(n, &p, &["organisation_id", "value"]))
        .collect();
    let intermediaries = r
        .list(data, b, "intermediary_services")
        .into_iter()
        .map(|(p, n)| Intermediary {
            org: r.cell(n, &p, &["organisation_id", "value"]),
            category: r.cell(n, &p, &["organisation_role_category", "value"]),
            description: r.cell(n, &p, &["other_role_description", "value"]),
        })
        .collect();
    let sources = r
        .list(data, b, "sources")
        .into_iter()
        .map(|(p, n)| SourceRef {
            name: r.cell(n, &p, &["name", "value"]),
            url: r.cell(n, &p, &["url", "value"]),
        })
        .collect();
    // INDIGO's API lists the organisations the record names, with their names.
    let mut orgs: Vec<Org> = Vec::new();
    for (p, n) in r.list(data, b, "organisations") {
        let id = r.cell(n, &p, &["id"]).text.to_ascii_uppercase();
        let name = r.cell(n, &p, &["name", "value"]);
        if !id.is_empty() && !orgs.iter().any(|o| o.id == id) {
            orgs.push(Org { id, name });
        }
    }
    if r.errors.has_errors() {
        return Err(r.errors);
    }
    Ok((
        Record {
            origin: Origin::Json(file.clone()),
            project,
            metrics,
            pricings,
            results,
            payments,
            commitments,
            investments,
            providers,
            intermediaries,
            orgs,
            sources,
            missing_tables: Vec::new(),
        },
        warnings,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(text: &str) -> Result<(Record, Diagnostics), Diagnostics> {
        let source = Source::new("r.json", text);
        let root = parse(&source)?;
        from_source(&source, &root, Path::new("r.json"), None)
    }

    #[test]
    fn values_are_cited_by_pointer_and_line() {
        let text = "{\"id\": \"INDIGO-POJ-0131\",\n \"name\": {\"value\": \" Ambition \"},\n \"outcome_pricings\": [\n  {\"price_per_unit\": {\"amount\": {\"value\": 500}}, \"currency\": \"GBP\"}]}";
        let (rec, w) = record(text).unwrap();
        assert!(w.is_empty());
        assert_eq!(rec.project.id, "INDIGO-POJ-0131");
        assert_eq!(rec.project.name.text, "Ambition");
        assert_eq!(rec.project.name.at.cite(), "r.json line 2 /name/value");
        let p = &rec.pricings[0];
        assert_eq!(p.price.text, "500");
        assert_eq!(
            p.price.at.cite(),
            "r.json line 4 /outcome_pricings/0/price_per_unit/amount/value"
        );
        assert_eq!(&text[p.price.at.span()], "500");
        // A bare value where the schema wraps it.
        assert_eq!(p.currency.text, "GBP");
        assert_eq!(p.currency.at.column(), "/outcome_pricings/0/currency");
        // Missing: empty, at the nearest node.
        assert!(p.metric.is_empty());
        assert_eq!(
            p.metric.at.column(),
            "/outcome_pricings/0/outcome_metric_id/value"
        );
    }

    #[test]
    fn the_apis_wrapper_is_read() {
        let text = r#"{"project": {"id": "INDIGO-POJ-0131", "data": {"name": {"value": "A", "status": "PUBLIC"}, "dates": null}}}"#;
        let (rec, _) = record(text).unwrap();
        assert_eq!(rec.project.name.at.column(), "/project/data/name/value");
        assert!(rec.project.service_start.is_empty());
    }

    #[test]
    fn what_is_not_a_record_is_a_located_error() {
        let e = record("{\"name\": {\"value\": \"A\"},\n \"id\": 1,}").unwrap_err();
        let e = e.to_string();
        assert!(e.contains("r.json:2:"), "{e}");
        assert!(e.contains("not valid JSON"), "{e}");
        let e = record("[1, 2]").unwrap_err().to_string();
        assert!(e.contains("it is a list"), "{e}");
        let e = record("{\"foo\": 1}").unwrap_err().to_string();
        assert!(e.contains("none of the project schema's fields"), "{e}");
        let e = record("{\"id\": \"X\", \"outcome_metrics\": {\"a\": 1}}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("`/outcome_metrics` is an object"), "{e}");
        let e = record("{\"name\": {\"value\": \"A\"}}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no project `id`"), "{e}");
        let e = record("").unwrap_err().to_string();
        assert!(e.contains("not valid JSON"), "{e}");
    }

    #[test]
    fn offsets_stay_in_the_text() {
        assert_eq!(offset("ab\ncd", 2, 2), 4);
        assert_eq!(offset("ab", 9, 9), 2);
        assert_eq!(offset("é", 1, 2), 0);
        assert_eq!(offset("", 1, 0), 0);
    }
}
