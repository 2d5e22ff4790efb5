//! The HTML report: one self-contained page (styles and SVG charts inline, no fonts,
//! scripts or requests) that prints cleanly to PDF. The page's layout is the template
//! `report.html` (minijinja, every text escaped); this module fills it with what the
//! analyses found, in the reader's language. It computes nothing.

use indexmap::IndexMap;
use serde::Serialize;

use crate::analysis::report::{OperatingCurve, Report};
use crate::i18n::Locale;
use crate::model::contract::{Contract, Role};
use crate::model::scenario::Scenario;
use crate::stats::{Estimate, Probability, Summary};
use crate::tr;

use super::charts::{self, Bar, FanYear, Histogram, Mark};

const TEMPLATE: &str = include_str!("report.html");

/// The page as the template reads it.
#[derive(Serialize)]
struct Page {
    lang: &'static str,
    version: &'static str,
    title: String,
    subtitle: String,
    keys: Vec<Key>,
    sections: Vec<Section>,
    footer: String,
}

/// A key figure at the top of the page.
#[derive(Serialize)]
struct Key {
    label: String,
    value: String,
    se: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Section {
    pub id: &'static str,
    pub title: String,
    pub intro: Vec<String>,
    pub blocks: Vec<Block>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum Block {
    Heading {
        text: String,
    },
    Text {
        text: String,
    },
    Note {
        text: String,
    },
    Chart {
        name: String,
        svg: String,
        caption: String,
    },
    Html {
        class: &'static str,
        html: String,
    },
    List {
        class: &'static str,
        items: Vec<String>,
    },
    Meta {
        items: Vec<(String, String)>,
    },
    Table {
        caption: String,
        head: Vec<String>,
        rows: Vec<Row>,
        /// Columns of text (left-aligned, wrapping); the others are figures.
        text: Vec<usize>,
    },
}

#[derive(Serialize)]
pub(super) struct Row {
    pub cells: Vec<String>,
    pub section: bool,
}

/// How a figure reads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Rate,
    Multiple,
    Money,
    Count,
}

pub(super) fn show(loc: &Locale, x: f64, unit: Unit) -> String {
    if x.is_nan() {
        return "-".into();
    }
    match unit {
        Unit::Rate => loc.pct_fixed(x, 1),
        Unit::Multiple => loc.multiple(x),
        Unit::Money => loc.money(x),
        Unit::Count if x.abs() < 100.0 => loc.fixed(x, 1),
        Unit::Count => loc.money(x),
    }
}

/// A standard error, with a digit more where the usual precision would show 0.
pub(super) fn error(loc: &Locale, se: f64, unit: Unit) -> String {
    match unit {
        Unit::Rate if se > 0.0 && se < 0.0005 => loc.pct_fixed(se, 2),
        Unit::Multiple if se > 0.0 && se < 0.005 => format!("{}x", loc.fixed(se, 3)),
        _ => show(loc, se, unit),
    }
}

pub(super) fn prob(loc: &Locale, p: f64) -> String {
    if p.is_nan() {
        "-".into()
    } else if (p > 0.0 && p < 0.0005) || (0.9995..1.0).contains(&p) {
        // Neither "0.0%" nor "100.0%" for what happened, or failed to, in a few trials.
        loc.pct_fixed(p, 2)
    } else {
        loc.pct_fixed(p, 1)
    }
}

/// A signed change with its standard error: `+1.2% (0.1%)`.
pub(super) fn change(loc: &Locale, d: f64, se: f64, unit: Unit) -> String {
    if d.is_nan() {
        return "-".into();
    }
    let shown = show(loc, d, unit);
    let sign = if d > 0.0 && shown != show(loc, 0.0, unit) {
        "+"
    } else {
        ""
    };
    format!("{sign}{shown} ({})", error(loc, se, unit))
}

pub(super) fn unit_of(name: &str) -> Unit {
    if name.ends_with(".irr") || name.ends_with(".mirr") || name.ends_with(".pooled_irr") {
        Unit::Rate
    } else if name.ends_with(".moic") || name.ends_with(".moic_without_guarantee") {
        Unit::Multiple
    } else if name.starts_with("outcomes.") && !name.ends_with(".paid") {
        Unit::Count
    } else {
        Unit::Money
    }
}

/// A table of figures with columns mean, (se), p05, p50, p95, filled from a run's results.
struct Figures<'a> {
    loc: &'a Locale,
    metrics: &'a IndexMap<String, Summary>,
    probabilities: &'a IndexMap<String, Probability>,
    estimates: &'a IndexMap<String, Estimate>,
    rows: Vec<Row>,
}

impl<'a> Figures<'a> {
    fn new(r: &'a Report, loc: &'a Locale) -> Self {
        Figures {
            loc,
            metrics: &r.outcome.metrics,
            probabilities: &r.outcome.probabilities,
            estimates: &r.outcome.estimates,
            rows: Vec::new(),
        }
    }

    /// Mean with its standard error and the percentiles.
    fn metric(&mut self, label: String, name: &str) {
        let Some(s) = self.metrics.get(name) else {
            return;
        };
        let (l, u) = (self.loc, unit_of(name));
        self.rows.push(Row {
            cells: vec![
                label,
                show(l, s.mean, u),
                error(l, s.se, u),
                show(l, s.p05, u),
                show(l, s.p50, u),
                show(l, s.p95, u),
            ],
            section: false,
        });
    }

    /// The percentiles only, where a mean would mislead (IRRs).
    fn quantiles(&mut self, label: String, name: &str) {
        let Some(s) = self.metrics.get(name) else {
            return;
        };
        let (l, u) = (self.loc, unit_of(name));
        self.rows.push(Row {
            cells: vec![
                label,
                String::new(),
                String::new(),
                show(l, s.p05, u),
                show(l, s.p50, u),
                show(l, s.p95, u),
            ],
            section: false,
        });
    }

    /// A figure of the whole run with its standard error.
    fn estimate(&mut self, label: String, name: &str) {
        let Some(e) = self.estimates.get(name) else {
            return;
        };
        let (l, u) = (self.loc, unit_of(name));
        self.rows.push(Row {
            cells: vec![
                label,
                show(l, e.value, u),
                error(l, e.se, u),
                String::new(),
                String::new(),
                String::new(),
            ],
            section: false,
        });
    }

    fn probability(&mut self, label: String, name: &str) {
        let Some(p) = self.probabilities.get(name) else {
            return;
        };
        self.rows.push(Row {
            cells: vec![
                label,
                prob(self.loc, p.p),
                prob(self.loc, p.se),
                String::new(),
                String::new(),
                String::new(),
            ],
            section: false,
        });
    }

    fn table(self, caption: String) -> Block {
        let l = self.loc;
        Block::Table {
            caption,
            head: vec![
                l.t("report-col-figure"),
                l.t("report-col-mean"),
                l.t("report-col-se"),
                "p05".into(),
                "p50".into(),
                "p95".into(),
            ],
            rows: self.rows,
            text: vec![0],
        }
    }
}

/// The report as one HTML page.
pub fn render(c: &Contract, s: &Scenario, r: &Report, explained: &str, loc: &Locale) -> String {
    let currency = c.deal.currency.as_str();
    let mut sections = vec![deal_section(c, r, explained, loc)];
    if !c.tranches.is_empty() {
        sections.push(investors(c, r, loc));
    }
    sections.push(payers(c, r, loc));
    if let Some(section) = triggers_and_caps(r, loc) {
        sections.push(section);
    }
    if let Some(cmp) = &r.comparison {
        sections.push(super::html_more::comparison(cmp, loc));
    }
    if let Some(st) = &r.stress {
        sections.push(super::html_more::stress(c, st, loc));
    }
    if let Some(se) = &r.sensitivity {
        sections.push(super::html_more::sensitivity(se, loc));
    }
    if let Some(st) = &r.settlement {
        sections.push(super::html_more::settlement(st, loc));
    }
    if !r.outcome.warnings.is_empty() || !r.input_warnings.is_empty() {
        let mut items: Vec<String> = r.outcome.warnings.iter().map(|w| w.text(loc)).collect();
        // The files' own warnings, as `check` gives them (in English, with their place).
        items.extend(r.input_warnings.iter().cloned());
        sections.push(Section {
            id: "warnings",
            title: loc.t("report-warnings"),
            intro: vec![loc.t("report-warnings-intro")],
            blocks: vec![Block::List {
                class: "warnings",
                items,
            }],
        });
    }
    sections.push(provenance(c, r, loc));
    let terms = match r.terms {
        crate::engine::Reporting::Nominal => loc.t("report-terms-nominal"),
        crate::engine::Reporting::Real => loc.t("report-terms-real"),
    };
    let page = Page {
        lang: loc.lang.code(),
        version: env!("CARGO_PKG_VERSION"),
        title: c.deal.name.clone(),
        subtitle: tr!(
            loc,
            "report-subtitle",
            scenario = s.name.as_str(),
            trials = loc.money(r.outcome.trials as f64),
            seed = r.seed.to_string(),
            currency = currency,
            terms = terms
        ),
        keys: keys(c, r, loc),
        sections,
        footer: tr!(loc, "report-footer", version = env!("CARGO_PKG_VERSION")),
    };
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("report.html", TEMPLATE)
        .expect("the report template parses");
    env.get_template("report.html")
        .and_then(|t| t.render(minijinja::value::Serde(&page)))
        .expect("the report template renders any page")
}

/// The figures at the top: each investor's chance of loss and multiple, each payer's
/// expected payment.
fn keys(c: &Contract, r: &Report, loc: &Locale) -> Vec<Key> {
    let mut out = Vec::new();
    for t in &c.tranches {
        if let Some(p) = r
            .outcome
            .probabilities
            .get(&format!("tranche.{}.loss", t.id))
        {
            out.push(Key {
                label: tr!(loc, "report-key-loss", tranche = t.id.as_str()),
                value: prob(loc, p.p),
                se: Some(tr!(loc, "report-key-se", se = prob(loc, p.se))),
            });
        }
        if let Some(m) = r.outcome.metrics.get(&format!("tranche.{}.moic", t.id)) {
            out.push(Key {
                label: tr!(loc, "report-key-moic", tranche = t.id.as_str()),
                value: loc.multiple(m.mean),
                se: Some(tr!(
                    loc,
                    "report-key-se",
                    se = error(loc, m.se, Unit::Multiple)
                )),
            });
        }
    }
    for p in c.parties.iter().filter(|p| p.role == Role::Payer) {
        if let Some(m) = r.outcome.metrics.get(&format!("payer.{}.paid", p.id)) {
            out.push(Key {
                label: tr!(loc, "report-key-paid", payer = p.name.as_str()),
                value: loc.amount(&c.deal.currency, m.mean),
                se: Some(tr!(loc, "report-key-se", se = loc.money(m.se))),
            });
        }
    }
    out
}

/// `explain`'s text as HTML: headings underlined with `-` become headings, `- ` lines list
/// items (a deeper-indented line continues its item), a line introducing deeper-indented
/// lines a label over their list, the unindented description one paragraph, other lines
/// paragraphs; the title (underlined with `=`) is the page's.
pub fn explained_html(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = String::new();
    // The open list: the indentation of its items, and whether they start with `- `.
    let mut list: Option<(usize, bool)> = None;
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |out: &mut String, paragraph: &mut Vec<&str>| {
        if !paragraph.is_empty() {
            out.push_str(&format!(
                "<p>{}</p>\n",
                charts::escape(&paragraph.join(" "))
            ));
            paragraph.clear();
        }
    };
    let close = |out: &mut String, list: &mut Option<(usize, bool)>| {
        if list.take().is_some() {
            out.push_str("</li></ul>\n");
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let next = lines.get(i + 1).copied().unwrap_or("");
        let underline = |ch: char| !next.is_empty() && next.chars().all(|c| c == ch);
        if underline('=') || underline('-') {
            flush(&mut out, &mut paragraph);
            close(&mut out, &mut list);
            if underline('-') {
                out.push_str(&format!("<h3>{}</h3>\n", charts::escape(line.trim())));
            }
            i += 2;
            continue;
        }
        let trimmed = line.trim();
        let depth = indent(line);
        let item = trimmed.strip_prefix("- ");
        if trimmed.is_empty() {
            flush(&mut out, &mut paragraph);
            close(&mut out, &mut list);
        } else if depth == 0 && item.is_none() {
            close(&mut out, &mut list);
            paragraph.push(trimmed);
        } else if item.is_none() && list.is_some_and(|(at, _)| depth > at) {
            // A deeper line continues the open item.
            out.push_str("<br>");
            out.push_str(&charts::escape(trimmed));
        } else if item.is_some() || list == Some((depth, false)) {
            flush(&mut out, &mut paragraph);
            let text = item.unwrap_or(trimmed);
            let kind = (depth, item.is_some());
            if list == Some(kind) {
                out.push_str("</li>\n<li>");
            } else {
                close(&mut out, &mut list);
                out.push_str("<ul>\n<li>");
                list = Some(kind);
            }
            out.push_str(&charts::escape(text));
        } else if indent(next) > depth && !next.trim().is_empty() {
            // A label over deeper-indented lines: they become its list.
            flush(&mut out, &mut paragraph);
            close(&mut out, &mut list);
            out.push_str(&format!(
                "<p class=\"label\">{}</p>\n<ul>\n<li>",
                charts::escape(trimmed)
            ));
            let item_line = lines[i + 1];
            let first = item_line.trim();
            let dash = first.strip_prefix("- ");
            out.push_str(&charts::escape(dash.unwrap_or(first)));
            list = Some((indent(item_line), dash.is_some()));
            i += 1;
        } else {
            flush(&mut out, &mut paragraph);
            close(&mut out, &mut list);
            out.push_str(&format!("<p>{}</p>\n", charts::escape(trimmed)));
        }
        i += 1;
    }
    flush(&mut out, &mut paragraph);
    close(&mut out, &mut list);
    out
}

fn deal_section(c: &Contract, r: &Report, explained: &str, loc: &Locale) -> Section {
    let mut blocks = vec![Block::Chart {
        name: "diagram".into(),
        svg: super::diagram::who_pays_whom(c, r.explanation.expected.as_ref(), loc),
        caption: loc.t("report-diagram-caption"),
    }];
    blocks.push(Block::Html {
        class: "explain",
        html: explained_html(explained),
    });
    Section {
        id: "deal",
        title: loc.t("report-deal"),
        intro: vec![loc.t("report-deal-intro")],
        blocks,
    }
}

fn sample_note(r: &Report, loc: &Locale) -> Option<String> {
    (r.sample.trials < r.outcome.trials).then(|| {
        tr!(
            loc,
            "report-sample-note",
            shown = loc.money(r.sample.trials as f64),
            trials = loc.money(r.outcome.trials as f64)
        )
    })
}

/// Where a caption gives a chance counted over the charted trials only: says so.
fn sample_inline(r: &Report, loc: &Locale) -> Option<String> {
    (r.sample.trials < r.outcome.trials).then(|| {
        tr!(
            loc,
            "report-sample-inline",
            shown = loc.money(r.sample.trials as f64)
        )
    })
}

/// A tranche's multiple over the trials (losses red), with its median and its cap marked,
/// and the multiple without its guarantee as an outline when there is one.
pub(super) fn moic_chart(
    loc: &Locale,
    cap: Option<f64>,
    values: &[f64],
    s: &Summary,
    outline: Option<(&[f64], String)>,
) -> String {
    let share = |x: f64| loc.pct_fixed(x, 0);
    let multiple = |x: f64| format!("{}x", loc.fixed(x, 1));
    let mut marks = vec![Mark {
        at: s.p50,
        label: tr!(loc, "report-mark-median", value = loc.multiple(s.p50)),
        color: charts::GREY,
    }];
    if let Some(cap) = cap {
        marks.push(Mark {
            at: cap,
            label: tr!(loc, "report-mark-cap", value = loc.multiple(cap)),
            color: charts::AMBER,
        });
    }
    let label = if outline.is_some() {
        loc.t("report-with-guarantee")
    } else {
        String::new()
    };
    let h = Histogram {
        values,
        outline,
        x_label: loc.t("report-axis-moic"),
        y_label: loc.t("report-axis-share"),
        fmt: &multiple,
        share: &share,
        loss_below: Some(1.0),
        marks,
        label,
    };
    charts::histogram(&h, &loc.t("report-nothing-to-draw"))
}

fn investors(c: &Contract, r: &Report, loc: &Locale) -> Section {
    let mut blocks = Vec::new();
    let m = |n: String| r.outcome.metrics.get(&n);
    let rate = |x: f64| loc.pct_fixed(x, 0);
    let share = |x: f64| loc.pct_fixed(x, 0);
    for t in &c.tranches {
        let id = t.id.as_str();
        let investor = c.parties[t.investor].name.as_str();
        blocks.push(Block::Heading {
            text: tr!(loc, "report-tranche", tranche = id, investor = investor),
        });
        let values = r.sample.values.get(&format!("tranche.{id}.moic"));
        let unguaranteed = r
            .sample
            .values
            .get(&format!("tranche.{id}.moic_without_guarantee"));
        if let (Some(values), Some(s)) = (values, m(format!("tranche.{id}.moic"))) {
            let loss = r.outcome.probabilities.get(&format!("tranche.{id}.loss"));
            let mut caption = tr!(
                loc,
                "report-moic-caption",
                tranche = id,
                loss = loss.map_or("-".into(), |p| prob(loc, p.p)),
                loss_se = loss.map_or("-".into(), |p| prob(loc, p.se)),
                median = loc.multiple(s.p50),
                mean = loc.multiple(s.mean),
                mean_se = error(loc, s.se, Unit::Multiple)
            );
            if let Some(u) = unguaranteed {
                let n = u.len() as f64;
                let p = u.iter().filter(|&&x| x < 1.0).count() as f64 / n.max(1.0);
                caption.push(' ');
                caption.push_str(&tr!(
                    loc,
                    "report-guarantee-caption",
                    loss = prob(loc, p),
                    loss_se = prob(loc, (p * (1.0 - p) / n.max(1.0)).sqrt())
                ));
                if let Some(note) = sample_inline(r, loc) {
                    caption.push(' ');
                    caption.push_str(&note);
                }
            }
            blocks.push(Block::Chart {
                name: format!("moic-{id}"),
                svg: moic_chart(
                    loc,
                    t.max_multiple,
                    values,
                    s,
                    unguaranteed.map(|u| (u.as_slice(), loc.t("report-without-guarantee"))),
                ),
                caption,
            });
        }
        if let (Some(values), Some(s)) = (
            r.sample.values.get(&format!("tranche.{id}.irr")),
            m(format!("tranche.{id}.irr")),
        ) {
            let mut marks = vec![Mark {
                at: s.p50,
                label: tr!(loc, "report-mark-median", value = loc.pct_fixed(s.p50, 1)),
                color: charts::GREY,
            }];
            if let Some(cap) = t.max_irr {
                marks.push(Mark {
                    at: cap,
                    label: tr!(loc, "report-mark-cap", value = loc.pct_fixed(cap, 1)),
                    color: charts::AMBER,
                });
            }
            let h = Histogram {
                values,
                outline: None,
                x_label: loc.t("report-axis-irr"),
                y_label: loc.t("report-axis-share"),
                fmt: &rate,
                share: &share,
                loss_below: Some(0.0),
                marks,
                label: String::new(),
            };
            let undefined = r
                .outcome
                .probabilities
                .get(&format!("tranche.{id}.irr_undefined"))
                .map_or(0.0, |p| p.p);
            blocks.push(Block::Chart {
                name: format!("irr-{id}"),
                svg: charts::histogram(&h, &loc.t("report-nothing-to-draw")),
                caption: tr!(
                    loc,
                    "report-irr-caption",
                    tranche = id,
                    p05 = loc.pct_fixed(s.p05, 1),
                    median = loc.pct_fixed(s.p50, 1),
                    p95 = loc.pct_fixed(s.p95, 1),
                    undefined = prob(loc, undefined)
                ),
            });
        }
        let mut f = Figures::new(r, loc);
        f.probability(loc.t("report-fig-loss"), &format!("tranche.{id}.loss"));
        f.metric(loc.t("report-fig-moic"), &format!("tranche.{id}.moic"));
        f.quantiles(loc.t("report-fig-irr"), &format!("tranche.{id}.irr"));
        f.estimate(
            loc.t("report-fig-pooled-irr"),
            &format!("tranche.{id}.pooled_irr"),
        );
        f.quantiles(loc.t("report-fig-mirr"), &format!("tranche.{id}.mirr"));
        f.probability(
            loc.t("report-fig-irr-undefined"),
            &format!("tranche.{id}.irr_undefined"),
        );
        f.metric(
            loc.t("report-fig-received"),
            &format!("tranche.{id}.received"),
        );
        f.metric(
            loc.t("report-fig-amount-lost"),
            &format!("tranche.{id}.amount_lost"),
        );
        f.metric(
            loc.t("report-fig-guarantee-drawn"),
            &format!("tranche.{id}.guarantee_drawn"),
        );
        blocks.push(f.table(tr!(
            loc,
            "report-figures-of",
            name = id,
            currency = c.deal.currency.as_str()
        )));
    }
    if let Some(note) = sample_note(r, loc) {
        blocks.push(Block::Note { text: note });
    }
    Section {
        id: "investors",
        title: loc.t("report-investors"),
        intro: vec![loc.t("report-investors-intro")],
        blocks,
    }
}

fn payers(c: &Contract, r: &Report, loc: &Locale) -> Section {
    let mut blocks = Vec::new();
    let currency = c.deal.currency.as_str();
    let money = |x: f64| loc.money(x);
    let share = |x: f64| loc.pct_fixed(x, 0);
    for p in c.parties.iter().filter(|p| p.role == Role::Payer) {
        let id = p.id.as_str();
        let pre = format!("payer.{id}.");
        blocks.push(Block::Heading {
            text: tr!(loc, "report-payer", payer = p.name.as_str(), id = id),
        });
        if let (Some(values), Some(s)) = (
            r.sample.values.get(&format!("{pre}paid")),
            r.outcome.metrics.get(&format!("{pre}paid")),
        ) {
            let h = Histogram {
                values,
                outline: None,
                x_label: tr!(loc, "report-axis-paid", currency = currency),
                y_label: loc.t("report-axis-share"),
                fmt: &money,
                share: &share,
                loss_below: None,
                marks: vec![
                    Mark {
                        at: s.mean,
                        label: tr!(loc, "report-mark-mean", value = loc.money(s.mean)),
                        color: charts::GREY,
                    },
                    Mark {
                        at: s.p95,
                        label: tr!(loc, "report-mark-p95", value = loc.money(s.p95)),
                        color: charts::RED,
                    },
                ],
                label: String::new(),
            };
            let none = r
                .sample
                .values
                .get(&format!("{pre}paid"))
                .map_or(f64::NAN, |v| {
                    v.iter().filter(|&&x| x <= 0.0).count() as f64 / v.len().max(1) as f64
                });
            blocks.push(Block::Chart {
                name: format!("paid-{id}"),
                svg: charts::histogram(&h, &loc.t("report-nothing-to-draw")),
                caption: tr!(
                    loc,
                    "report-paid-caption",
                    payer = p.name.as_str(),
                    mean = loc.amount(currency, s.mean),
                    se = loc.money(s.se),
                    p05 = loc.money(s.p05),
                    p95 = loc.money(s.p95),
                    nothing = prob(loc, none)
                ) + &sample_inline(r, loc).map_or(String::new(), |n| format!(" {n}")),
            });
        }
        // Budget years, from the first year anything is paid to the last.
        let years: Vec<FanYear> = r
            .outcome
            .metrics
            .iter()
            .filter_map(|(name, s)| {
                let year = name.strip_prefix(&format!("{pre}paid_year."))?;
                Some(FanYear {
                    label: year.to_string(),
                    mean: s.mean,
                    p05: s.p05,
                    p25: s.p25,
                    p50: s.p50,
                    p75: s.p75,
                    p95: s.p95,
                })
            })
            .collect();
        let active = |y: &FanYear| y.p95 != 0.0 || y.mean != 0.0 || y.p05 != 0.0;
        let first = years.iter().position(active);
        let last = years.iter().rposition(active);
        if let (Some(a), Some(b)) = (first, last) {
            let years = &years[a..=b];
            blocks.push(Block::Chart {
                name: format!("years-{id}"),
                svg: charts::fan(
                    years,
                    &tr!(loc, "report-axis-paid", currency = currency),
                    [
                        &loc.t("report-band-90"),
                        &loc.t("report-band-50"),
                        &loc.t("report-band-median"),
                        &loc.t("report-band-mean"),
                    ],
                    &money,
                    &loc.t("report-nothing-to-draw"),
                ),
                caption: tr!(loc, "report-years-caption", payer = p.name.as_str()),
            });
            let mut rows = Vec::new();
            for y in years {
                let s = r
                    .outcome
                    .metrics
                    .get(&format!("{pre}paid_year.{}", y.label));
                rows.push(Row {
                    cells: vec![
                        y.label.clone(),
                        loc.money(y.mean),
                        s.map_or(String::new(), |s| loc.money(s.se)),
                        loc.money(y.p05),
                        loc.money(y.p50),
                        loc.money(y.p95),
                    ],
                    section: false,
                });
            }
            blocks.push(Block::Table {
                caption: tr!(loc, "report-years-table", currency = currency),
                head: vec![
                    loc.t("report-col-year"),
                    loc.t("report-col-mean"),
                    loc.t("report-col-se"),
                    "p05".into(),
                    "p50".into(),
                    "p95".into(),
                ],
                rows,
                text: vec![0],
            });
        }
        let mut f = Figures::new(r, loc);
        f.metric(loc.t("report-fig-paid"), &format!("{pre}paid"));
        f.metric(
            tr!(loc, "report-fig-npv", rate = loc.pct(p.discount_rate)),
            &format!("{pre}npv"),
        );
        let cost: Vec<String> = r
            .outcome
            .estimates
            .keys()
            .filter(|n| n.starts_with(&format!("{pre}cost_per_true_outcome.")))
            .cloned()
            .collect();
        for name in cost {
            let metric = name.rsplit('.').next().unwrap_or("");
            f.estimate(
                tr!(loc, "report-fig-cost-per-outcome", metric = metric),
                &name,
            );
        }
        f.metric(
            loc.t("report-fig-measurement-error"),
            &format!("{pre}paid_for_measurement_error"),
        );
        f.metric(loc.t("report-fig-noise"), &format!("{pre}paid_for_noise"));
        f.metric(
            loc.t("report-fig-deadweight"),
            &format!("{pre}deadweight_paid"),
        );
        f.metric(
            loc.t("report-fig-largest-year"),
            &format!("{pre}largest_year"),
        );
        f.probability(
            loc.t("report-fig-over-budget"),
            &format!("{pre}over_budget"),
        );
        f.metric(
            loc.t("report-fig-budget-excess"),
            &format!("{pre}budget_excess"),
        );
        f.metric(loc.t("report-fig-net-value"), &format!("{pre}net_value"));
        f.metric(loc.t("report-fig-premium"), &format!("{pre}premium"));
        blocks.push(f.table(tr!(
            loc,
            "report-figures-of",
            name = p.name.as_str(),
            currency = currency
        )));
    }
    let mut f = Figures::new(r, loc);
    f.metric(loc.t("report-fig-deal-paid"), "deal.paid");
    f.metric(loc.t("report-fig-deal-premium"), "deal.premium");
    f.probability(loc.t("report-fig-any-payment"), "deal.any_payment");
    f.probability(
        loc.t("report-fig-after-horizon"),
        "deal.payment_after_horizon",
    );
    for party in c.parties.iter().filter(|p| p.role == Role::Provider) {
        let pre = format!("provider.{}.", party.id);
        f.metric(
            tr!(
                loc,
                "report-fig-provider-revenue",
                provider = party.id.as_str()
            ),
            &format!("{pre}revenue"),
        );
        f.metric(
            tr!(
                loc,
                "report-fig-provider-margin",
                provider = party.id.as_str()
            ),
            &format!("{pre}margin"),
        );
        f.probability(
            tr!(
                loc,
                "report-fig-provider-loss",
                provider = party.id.as_str()
            ),
            &format!("{pre}loss"),
        );
    }
    for m in &c.metrics {
        let pre = format!("outcomes.{}.", m.id);
        f.metric(
            tr!(loc, "report-fig-improved", metric = m.id.as_str()),
            &format!("{pre}improved"),
        );
        f.metric(
            tr!(loc, "report-fig-outcome-paid", metric = m.id.as_str()),
            &format!("{pre}paid"),
        );
    }
    blocks.push(f.table(tr!(loc, "report-deal-figures", currency = currency)));
    if let Some(note) = sample_note(r, loc) {
        blocks.push(Block::Note { text: note });
    }
    Section {
        id: "payers",
        title: loc.t("report-payers"),
        intro: vec![loc.t("report-payers-intro")],
        blocks,
    }
}

fn triggers_and_caps(r: &Report, loc: &Locale) -> Option<Section> {
    let caps: Vec<(&String, &Probability)> = r
        .outcome
        .probabilities
        .iter()
        .filter(|(n, _)| n.ends_with(".binds"))
        .collect();
    if r.sample.curves.is_empty() && caps.is_empty() {
        return None;
    }
    let mut blocks = Vec::new();
    for curve in &r.sample.curves {
        blocks.push(operating_curve(curve, loc));
    }
    if !caps.is_empty() {
        blocks.push(Block::Chart {
            name: "caps".into(),
            svg: shares_chart(
                loc,
                &caps,
                ("", ".binds"),
                &loc.t("report-axis-binds"),
                |p| {
                    if p > 0.5 { charts::RED } else { charts::AMBER }
                },
            ),
            caption: loc.t("report-caps-caption"),
        });
    }
    Some(Section {
        id: "triggers",
        title: loc.t("report-triggers"),
        intro: vec![loc.t("report-triggers-intro")],
        blocks,
    })
}

/// Bars of how often things happen, from 0 to 1: each the probability's name less `prefix`
/// and `suffix`, its value with its standard error, coloured by `color` of the value.
pub(super) fn shares_chart(
    loc: &Locale,
    items: &[(&String, &Probability)],
    (prefix, suffix): (&str, &str),
    axis: &str,
    color: impl Fn(f64) -> charts::RGBColor,
) -> String {
    let share = |x: f64| loc.pct_fixed(x, 0);
    let bars: Vec<Bar> = items
        .iter()
        .map(|(name, p)| Bar {
            label: name
                .strip_prefix(prefix)
                .unwrap_or(name)
                .trim_end_matches(suffix)
                .to_string(),
            from: 0.0,
            to: p.p,
            text: tr!(
                loc,
                "report-cap-bar",
                p = prob(loc, p.p),
                se = prob(loc, p.se)
            ),
            color: color(p.p),
        })
        .collect();
    charts::bars(
        &bars,
        None,
        Some((0.0, 1.0)),
        axis,
        &share,
        &loc.t("report-nothing-to-draw"),
    )
}

fn operating_curve(curve: &OperatingCurve, loc: &Locale) -> Block {
    let show = |x: f64| {
        if curve.relative {
            loc.pct_fixed(x, 1)
        } else {
            loc.num((x * 1e4).round() / 1e4)
        }
    };
    let points: Vec<charts::CurvePoint> = curve
        .points
        .iter()
        .map(|p| charts::CurvePoint {
            x: p.effect,
            p: p.p,
            se: p.se,
        })
        .collect();
    let triggers: Vec<(f64, String)> = curve
        .triggers
        .iter()
        .map(|&t| {
            // Several triggers (tiers) are marked by their values alone, to fit.
            let label = if curve.triggers.len() == 1 {
                tr!(loc, "report-mark-trigger", value = show(t))
            } else {
                show(t)
            };
            (t, label)
        })
        .collect();
    let name = match &curve.cohort {
        Some(k) => tr!(
            loc,
            "report-curve-cohort",
            rule = curve.rule.as_str(),
            cohort = k.as_str()
        ),
        None => curve.rule.clone(),
    };
    let per_point = curve.points.first().map_or(0, |p| p.trials);
    let mut caption = tr!(
        loc,
        "report-curve-caption",
        rule = name,
        paid = prob(loc, curve.paid),
        trials = loc.money(curve.trials as f64),
        per_point = loc.money(per_point as f64)
    );
    if !curve.skips.is_empty() {
        caption.push(' ');
        caption.push_str(&tr!(
            loc,
            "report-curve-skips",
            rules = curve.skips.join(", ")
        ));
    }
    Block::Chart {
        name: match &curve.cohort {
            Some(k) => format!("curve-{}-{k}", curve.rule),
            None => format!("curve-{}", curve.rule),
        },
        svg: charts::operating_curve(
            &points,
            &triggers,
            (
                &tr!(
                    loc,
                    "report-axis-true-effect",
                    metric = curve.metric.as_str()
                ),
                &loc.t("report-axis-pays"),
            ),
            &show,
            &|x| loc.pct_fixed(x, 0),
            &loc.t("report-nothing-to-draw"),
        ),
        caption,
    }
}

fn provenance(c: &Contract, r: &Report, loc: &Locale) -> Section {
    let mut items = vec![(
        loc.t("report-meta-contract"),
        format!("{}  sha256:{}", r.contract.path, r.contract.sha256),
    )];
    items.push((
        loc.t("report-meta-scenario"),
        format!("{}  sha256:{}", r.scenario.path, r.scenario.sha256),
    ));
    if let Some(stress) = &r.scenario.stress {
        items.push((loc.t("report-meta-stress"), stress.clone()));
    }
    if let Some(o) = &r.observed {
        items.push((
            loc.t("report-meta-observed"),
            format!("{}  sha256:{}", o.path, o.sha256),
        ));
    }
    if let Some(cmp) = &r.comparison {
        for d in cmp.designs.iter().skip(1) {
            items.push((
                loc.t("report-meta-design"),
                format!("{}  sha256:{}", d.contract.path, d.contract.sha256),
            ));
        }
    }
    items.push((loc.t("report-meta-seed"), r.seed.to_string()));
    items.push((loc.t("report-meta-trials"), r.outcome.trials.to_string()));
    items.push((
        loc.t("report-meta-version"),
        env!("CARGO_PKG_VERSION").into(),
    ));
    items.push((loc.t("report-meta-currency"), c.deal.currency.clone()));
    items.push((loc.t("report-meta-command"), r.command.clone()));
    Section {
        id: "provenance",
        title: loc.t("report-provenance"),
        intro: vec![loc.t("report-provenance-intro")],
        blocks: vec![
            Block::Meta { items },
            Block::Note {
                text: loc.t("report-definitions"),
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explained_text_becomes_headings_lists_and_paragraphs() {
        let text = "Deal <1>\n========\nA & B\nwrapped.\n\nWho\n---\n  - one\n    more\n  - two\n  After.\n\n  Payments\n    first\n    second\n  Last.\n";
        let html = explained_html(text);
        assert_eq!(
            html,
            "<p>A &amp; B wrapped.</p>\n<h3>Who</h3>\n<ul>\n<li>one<br>more</li>\n<li>two</li></ul>\n<p>After.</p>\n\
             <p class=\"label\">Payments</p>\n<ul>\n<li>first</li>\n<li>second</li></ul>\n<p>Last.</p>\n"
        );
    }
}
