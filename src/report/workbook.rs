//! The Excel workbook of a report: what a finance officer works in.
//!
//! Its sheets, in order: the key figures (every metric's mean, standard error and
//! percentiles, every probability, every estimate, one row per figure under its stable
//! dotted name); each party's (each tranche's, for investors) cash flows by period and by
//! budget year; the scenario's assumptions with their distributions; the payment rules,
//! the caps and the financing as sibyl understood them; the warnings; the settlement of
//! what happened (with a history); every trial's results (with `--per-trial`); and where
//! the figures come from.
//!
//! Numbers are numbers: each cell holds the exact figure, formatted (money `#,##0`, shares
//! `0.0%`, multiples `0.00"x"`) by Excel, which writes decimal separators as the reader's
//! system does. A figure that is undefined (an IRR no trial has) is the word for it, in
//! italics, never a number. Texts, sheet names and headers come from
//! `locales/<lang>/workbook.ftl`. `tests/workbook_check.py` reads the key figures back by
//! the column positions [`SUMMARY_COLUMNS`] names.
//!
//! The per-trial sheet is written row by row through a temporary file (the worksheet's
//! constant-memory mode), so the sheet itself adds little memory; the table it is written
//! from ([`PerTrialTable`]) holds 8 bytes per cell, and the finished workbook is built in
//! memory: at Excel's limit of 1,048,575 rows a 32-column table peaks at about 550 MB, and
//! each further column adds about 8 MB. When the
//! run has more trials, the sheet holds the first 1,048,575 and says so in a note on its
//! first header cell, shown when the workbook opens, so the table's columns stay exactly
//! `trials.csv`'s; the about sheet says it too.

use std::collections::HashSet;

use indexmap::IndexMap;
use rust_xlsxwriter::{
    ColNum, Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Note, RowNum, Workbook,
    Worksheet, XlsxError,
};

use crate::analysis::paired::Difference;
use crate::analysis::report::{FlowKind, Flows, Report};
use crate::analysis::settle::Settlement;
use crate::analysis::table::PerTrialTable;
use crate::cashflow::{Limit, Schedule};
use crate::engine::Reporting;
use crate::i18n::Locale;
use crate::model::contract::{
    Contract, Design, Drawdown, EffectScale, Excess, GuaranteeKind, MetricKind, Pay, Scope, Terms,
    TrancheKind,
};
use crate::model::distribution::Distribution;
use crate::model::scenario::{Quantity, Scenario};
use crate::stats::{Estimate, Probability, Summary};

/// The key figures sheet's columns, in order: name, figure, kind, mean (or value, or
/// chance), standard error, p05, p50, p95, CVaR 5%, n. `tests/workbook_check.py` reads them
/// by these positions.
pub const SUMMARY_COLUMNS: [&str; 10] = [
    "name", "figure", "kind", "mean", "se", "p05", "p50", "p95", "cvar05", "n",
];

/// The workbook's bytes (an .xlsx file).
pub fn workbook(
    c: &Contract,
    s: &Scenario,
    r: &Report,
    per_trial: Option<&PerTrialTable>,
    loc: &Locale,
) -> Result<Vec<u8>, String> {
    build(c, s, r, per_trial, loc).map_err(|e| e.to_string())
}

type Res<T = ()> = Result<T, XlsxError>;

fn build(
    c: &Contract,
    s: &Scenario,
    r: &Report,
    per_trial: Option<&PerTrialTable>,
    loc: &Locale,
) -> Res<Vec<u8>> {
    let st = Styles::new();
    let mut names = SheetNames::default();
    let mut wb = Workbook::new();
    let ctx = Ctx {
        c,
        s,
        r,
        loc,
        st: &st,
    };
    summary_sheet(&mut wb, &mut names, &ctx)?;
    for flows in &r.sample.flows {
        flows_sheet(&mut wb, &mut names, &ctx, flows)?;
    }
    assumptions_sheet(&mut wb, &mut names, &ctx)?;
    rules_sheet(&mut wb, &mut names, &ctx)?;
    caps_sheet(&mut wb, &mut names, &ctx)?;
    if !c.tranches.is_empty() {
        financing_sheet(&mut wb, &mut names, &ctx)?;
    }
    warnings_sheet(&mut wb, &mut names, &ctx)?;
    if let Some(settlement) = &r.settlement {
        settlement_sheet(&mut wb, &mut names, &ctx, settlement)?;
    }
    if r.comparison.is_some() || r.stress.is_some() || r.sensitivity.is_some() {
        analyses_sheet(&mut wb, &mut names, &ctx)?;
    }
    if let Some(table) = per_trial {
        per_trial_sheet(&mut wb, &mut names, &ctx, table)?;
    }
    about_sheet(&mut wb, &mut names, &ctx, per_trial)?;
    wb.save_to_buffer()
}

/// What every sheet reads.
struct Ctx<'a> {
    c: &'a Contract,
    s: &'a Scenario,
    r: &'a Report,
    loc: &'a Locale,
    st: &'a Styles,
}

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// `#,##0`.
    Money,
    /// A share or a rate a year: `0.0%`.
    Share,
    /// `0.00"x"`.
    Multiple,
    /// Outcomes: `#,##0.0`.
    Count,
    /// As Excel shows a number by default.
    Number,
    /// A whole number: `0`.
    Whole,
}

struct Styles {
    title: Format,
    note: Format,
    header: Format,
    section: Format,
    undefined: Format,
    date: Format,
    money: Format,
    share: Format,
    share_se: Format,
    multiple: Format,
    multiple_se: Format,
    count: Format,
    count_se: Format,
    number: Format,
    whole: Format,
    correlation: Format,
}

impl Styles {
    fn new() -> Self {
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x00_55_55_55)),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0x00_E7_EC_F2))
                .set_border_bottom(FormatBorder::Thin),
            section: Format::new().set_bold().set_font_size(12),
            undefined: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x00_80_80_80))
                .set_align(FormatAlign::Right),
            date: Format::new().set_num_format("mmm yyyy"),
            money: Format::new().set_num_format("#,##0"),
            share: Format::new().set_num_format("0.0%"),
            share_se: Format::new().set_num_format("0.00%"),
            multiple: Format::new().set_num_format("0.00\"x\""),
            multiple_se: Format::new().set_num_format("0.000\"x\""),
            count: Format::new().set_num_format("#,##0.0"),
            count_se: Format::new().set_num_format("#,##0.00"),
            number: Format::new(),
            whole: Format::new().set_num_format("0"),
            correlation: Format::new().set_num_format("0.00"),
        }
    }

    fn of(&self, unit: Unit) -> &Format {
        match unit {
            Unit::Money => &self.money,
            Unit::Share => &self.share,
            Unit::Multiple => &self.multiple,
            Unit::Count => &self.count,
            Unit::Number => &self.number,
            Unit::Whole => &self.whole,
        }
    }

    /// A standard error's format: a digit more where the figure's would often show 0.
    fn se_of(&self, unit: Unit) -> &Format {
        match unit {
            Unit::Share => &self.share_se,
            Unit::Multiple => &self.multiple_se,
            Unit::Count => &self.count_se,
            other => self.of(other),
        }
    }
}

/// A cell of a table.
enum Cell {
    Empty,
    Text(String),
    Num(f64, Unit),
    /// A standard error, shown with a digit more.
    Se(f64, Unit),
    Date(ExcelDateTime),
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// A number that may be absent (an optional term: empty) or undefined (NaN: marked).
fn opt(x: Option<f64>, unit: Unit) -> Cell {
    x.map_or(Cell::Empty, |x| Cell::Num(x, unit))
}

/// A table: its headers, its columns' widths and its rows.
struct Table {
    headers: Vec<String>,
    widths: Vec<f64>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(columns: Vec<(String, f64)>) -> Self {
        let (headers, widths) = columns.into_iter().unzip();
        Table {
            headers,
            widths,
            rows: Vec::new(),
        }
    }
}

/// Writes one cell.
fn put(ws: &mut Worksheet, ctx: &Ctx, row: RowNum, col: ColNum, cell: &Cell) -> Res {
    let st = ctx.st;
    match cell {
        Cell::Empty => {}
        Cell::Text(s) if s.is_empty() => {}
        Cell::Text(s) => {
            ws.write_string(row, col, s)?;
        }
        Cell::Num(x, _) | Cell::Se(x, _) if !x.is_finite() => {
            ws.write_string_with_format(row, col, ctx.loc.t("workbook-undefined"), &st.undefined)?;
        }
        Cell::Num(x, unit) => {
            ws.write_number_with_format(row, col, *x, st.of(*unit))?;
        }
        Cell::Se(x, unit) => {
            ws.write_number_with_format(row, col, *x, st.se_of(*unit))?;
        }
        Cell::Date(d) => {
            ws.write_datetime_with_format(row, col, d, &st.date)?;
        }
    }
    Ok(())
}

/// A sheet's title and notes from its first row, then a blank row; returns the row after.
fn heading(ws: &mut Worksheet, ctx: &Ctx, title: &str, notes: &[String]) -> Res<RowNum> {
    ws.write_string_with_format(0, 0, title, &ctx.st.title)?;
    let mut row = 1;
    for note in notes.iter().filter(|n| !n.is_empty()) {
        ws.write_string_with_format(row, 0, note, &ctx.st.note)?;
        row += 1;
    }
    Ok(row + 1)
}

/// Writes a table with its header at `row`, from column `col`, with a filter on its
/// header; with `freeze`, the rows above its first row and the first `freeze` columns
/// stay in view. Returns the row after the table.
fn write_table(
    ws: &mut Worksheet,
    ctx: &Ctx,
    row: RowNum,
    col: ColNum,
    t: &Table,
    freeze: Option<ColNum>,
) -> Res<RowNum> {
    for (i, (h, w)) in t.headers.iter().zip(&t.widths).enumerate() {
        let c = col + i as ColNum;
        ws.write_string_with_format(row, c, h, &ctx.st.header)?;
        ws.set_column_width(c, *w)?;
    }
    for (r, cells) in t.rows.iter().enumerate() {
        for (i, cell) in cells.iter().enumerate() {
            put(ws, ctx, row + 1 + r as RowNum, col + i as ColNum, cell)?;
        }
    }
    let last = row + t.rows.len() as RowNum;
    if !t.headers.is_empty() && !t.rows.is_empty() {
        ws.autofilter(row, col, last, col + t.headers.len() as ColNum - 1)?;
    }
    if let Some(cols) = freeze {
        ws.set_freeze_panes(row + 1, cols)?;
        // Printed: landscape, a page wide, the header on every page.
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(row, row)?;
    }
    Ok(last + 1)
}

/// A section's title above a table that follows another.
fn section(ws: &mut Worksheet, ctx: &Ctx, row: RowNum, title: &str) -> Res<RowNum> {
    ws.write_string_with_format(row, 0, title, &ctx.st.section)?;
    Ok(row + 1)
}

/// Sheet names as Excel takes them: at most 31 characters, none of `[]:*?/\`, unique
/// whatever their case.
#[derive(Default)]
struct SheetNames(HashSet<String>);

impl SheetNames {
    fn take(&mut self, wanted: &str) -> String {
        let clean: String = wanted
            .chars()
            .map(|ch| if "[]:*?/\\".contains(ch) { '_' } else { ch })
            .collect();
        let clean = clean.trim().trim_matches('\'');
        let clean = if clean.is_empty() { "Sheet" } else { clean };
        let base: String = clean.chars().take(31).collect();
        let mut name = base.trim_end().to_string();
        let mut n = 2;
        while self.0.contains(&name.to_lowercase()) {
            let suffix = format!(" ({n})");
            let keep = 31 - suffix.chars().count();
            name = format!(
                "{}{suffix}",
                base.chars().take(keep).collect::<String>().trim_end()
            );
            n += 1;
        }
        self.0.insert(name.to_lowercase());
        name
    }
}

fn add_sheet<'w>(
    wb: &'w mut Workbook,
    names: &mut SheetNames,
    name: &str,
) -> Res<&'w mut Worksheet> {
    let name = names.take(name);
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    Ok(ws)
}

/// The run in a line: scenario, trials, seed, currency.
fn run_line(ctx: &Ctx) -> String {
    let loc = ctx.loc;
    let mut line = crate::tr!(
        loc,
        "workbook-run",
        scenario = ctx.s.name.as_str(),
        trials = loc.money(ctx.r.outcome.trials as f64),
        seed = ctx.r.seed.to_string(),
        currency = ctx.c.deal.currency.as_str()
    );
    if ctx.r.terms == Reporting::Real {
        line.push(' ');
        line.push_str(&loc.t("workbook-real-terms"));
    }
    line
}

// ---------------------------------------------------------------------------------------
// Key figures

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Metric,
    Probability,
    Estimate,
}

/// How a figure is shown, from its name.
fn unit_of(name: &str, kind: Kind) -> Unit {
    let last = name.rsplit('.').next().unwrap_or(name);
    if kind == Kind::Probability {
        return Unit::Share;
    }
    match last {
        "irr" | "mirr" | "pooled_irr" => Unit::Share,
        "moic" | "moic_without_guarantee" => Unit::Multiple,
        _ if name.starts_with("outcomes.") && last != "paid" => Unit::Count,
        _ => Unit::Money,
    }
}

/// The subject a figure is about (`tranche.bonds`, `payer.moj`, `deal`), to keep a
/// party's figures together.
fn subject(name: &str) -> &str {
    if name.starts_with("deal.") {
        return "deal";
    }
    match name.match_indices('.').nth(1) {
        Some((i, _)) => &name[..i],
        None => name,
    }
}

/// The words after a figure's subject that have a message `workbook-what-<word>`.
const WHATS: &[&str] = &[
    "irr",
    "mirr",
    "moic",
    "received",
    "amount_lost",
    "guarantee_drawn",
    "pooled_irr",
    "loss",
    "irr_undefined",
    "paid",
    "npv",
    "largest_year",
    "paid_for_noise",
    "paid_for_measurement_error",
    "deadweight_paid",
    "net_value",
    "premium",
    "budget_excess",
    "over_budget",
    "revenue",
    "cost",
    "unfunded_cost",
    "margin",
    "fees",
    "any_payment",
    "payment_after_horizon",
    "pays",
];

/// Outcome volumes, with a message `workbook-volume-<word>`.
const VOLUMES: &[&str] = &["achieved", "improved", "measured", "paid"];

/// Caps, with a message `workbook-binds-<word>`.
const CAP_WORDS: &[&str] = &[
    "cap",
    "cap_per_cohort",
    "cap_per_participant",
    "cap_per_year",
];

fn message_id(prefix: &str, word: &str) -> String {
    format!("{prefix}-{}", word.replace('_', "-"))
}

fn party_name<'a>(c: &'a Contract, id: &'a str) -> &'a str {
    c.parties
        .iter()
        .find(|p| p.id == id)
        .map_or(id, |p| p.name.as_str())
}

fn tranche_who(c: &Contract, id: &str, loc: &Locale) -> String {
    match c.tranches.iter().find(|t| t.id == id) {
        Some(t) => crate::tr!(
            loc,
            "workbook-who-tranche",
            tranche = id,
            investor = c.parties[t.investor].name.as_str()
        ),
        None => id.to_string(),
    }
}

/// A figure's label in the reader's language, from its stable name; the name itself when
/// sibyl has no words for it.
fn label(c: &Contract, name: &str, loc: &Locale) -> String {
    let parts: Vec<&str> = name.split('.').collect();
    let (who, rest): (String, &[&str]) = match parts.as_slice() {
        ["tranche", id, rest @ ..] => (tranche_who(c, id, loc), rest),
        ["payer" | "provider" | "intermediary", id, rest @ ..] => {
            (party_name(c, id).to_string(), rest)
        }
        ["deal", rest @ ..] => (loc.t("workbook-who-deal"), rest),
        ["rule", id, rest @ ..] => (crate::tr!(loc, "workbook-who-rule", rule = *id), rest),
        ["metric", id, rest @ ..] => (crate::tr!(loc, "workbook-who-metric", metric = *id), rest),
        ["outcomes", metric, what] if VOLUMES.contains(what) => {
            let who = crate::tr!(loc, "workbook-who-outcomes", metric = *metric);
            let what = loc.t(&message_id("workbook-volume", what));
            return crate::tr!(loc, "workbook-figure", who = who, what = what);
        }
        ["outcomes", metric, cohort, what] if VOLUMES.contains(what) => {
            let who = crate::tr!(
                loc,
                "workbook-who-outcomes-cohort",
                metric = *metric,
                cohort = *cohort
            );
            let what = loc.t(&message_id("workbook-volume", what));
            return crate::tr!(loc, "workbook-figure", who = who, what = what);
        }
        _ => return name.to_string(),
    };
    let what = match rest {
        ["paid_year", year] => crate::tr!(loc, "workbook-what-paid-year", year = *year),
        ["over_budget", year] => crate::tr!(loc, "workbook-what-over-budget-year", year = *year),
        ["cost_per_true_outcome", metric] => {
            crate::tr!(loc, "workbook-what-cost-per-true-outcome", metric = *metric)
        }
        [cap, "binds"] if CAP_WORDS.contains(cap) => loc.t(&message_id("workbook-binds", cap)),
        [word] if WHATS.contains(word) => loc.t(&message_id("workbook-what", word)),
        _ => return name.to_string(),
    };
    crate::tr!(loc, "workbook-figure", who = who, what = what)
}

/// One row of the key figures.
struct Figure<'a> {
    name: &'a str,
    kind: Kind,
    value: f64,
    se: f64,
    /// p05, p50, p95 and the mean of the worst 5% (metrics only).
    spread: Option<[f64; 4]>,
    n: Option<u64>,
}

/// Every figure of the run, a subject's together (in the order of their first figure).
fn figures(r: &Report) -> Vec<Figure<'_>> {
    let o = &r.outcome;
    let mut all: Vec<Figure> = Vec::new();
    for (name, m) in &o.metrics {
        all.push(Figure {
            name,
            kind: Kind::Metric,
            value: m.mean,
            se: m.se,
            spread: Some([m.p05, m.p50, m.p95, m.cvar05]),
            n: Some(m.n),
        });
    }
    for (name, p) in &o.probabilities {
        all.push(Figure {
            name,
            kind: Kind::Probability,
            value: p.p,
            se: p.se,
            spread: None,
            n: None,
        });
    }
    for (name, e) in &o.estimates {
        all.push(Figure {
            name,
            kind: Kind::Estimate,
            value: e.value,
            se: e.se,
            spread: None,
            n: Some(e.n),
        });
    }
    let mut order: IndexMap<&str, usize> = IndexMap::new();
    for f in &all {
        let next = order.len();
        order.entry(subject(f.name)).or_insert(next);
    }
    all.sort_by_key(|f| order[subject(f.name)]);
    all
}

fn summary_sheet(wb: &mut Workbook, names: &mut SheetNames, ctx: &Ctx) -> Res {
    let (c, r, loc) = (ctx.c, ctx.r, ctx.loc);
    let ws = add_sheet(wb, names, &loc.t("workbook-sheet-summary"))?;
    let title = crate::tr!(loc, "workbook-summary-title", deal = c.deal.name.as_str());
    let row = heading(
        ws,
        ctx,
        &title,
        &[run_line(ctx), loc.t("workbook-summary-note")],
    )?;
    let headers: Vec<(String, f64)> = SUMMARY_COLUMNS
        .iter()
        .zip([36.0, 44.0, 12.0, 14.0, 13.0, 13.0, 13.0, 13.0, 13.0, 10.0])
        .map(|(id, w)| (loc.t(&message_id("workbook-col", id)), w))
        .collect();
    let mut t = Table::new(headers);
    for f in figures(r) {
        let unit = unit_of(f.name, f.kind);
        let kind = match f.kind {
            Kind::Metric => "workbook-kind-metric",
            Kind::Probability => "workbook-kind-probability",
            Kind::Estimate => "workbook-kind-estimate",
        };
        let mut cells = vec![
            text(f.name),
            text(label(c, f.name, loc)),
            text(loc.t(kind)),
            Cell::Num(f.value, unit),
            Cell::Se(f.se, unit),
        ];
        match f.spread {
            Some(q) => cells.extend(q.map(|x| Cell::Num(x, unit))),
            None => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]),
        }
        cells.push(opt(f.n.map(|n| n as f64), Unit::Whole));
        t.rows.push(cells);
    }
    write_table(ws, ctx, row, 0, &t, Some(2))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Cash flows

/// The first day of period `t`, when the contract has a start date.
fn period_start(c: &Contract, t: usize) -> Option<ExcelDateTime> {
    let (year, month, _) = c.deal.start?;
    let months = 12 / c.deal.period.per_year() as usize;
    let index = year as usize * 12 + (month as usize - 1) + t * months;
    let year = u16::try_from(index / 12).ok()?;
    ExcelDateTime::from_ymd(year, (index % 12 + 1) as u8, 1).ok()
}

fn flows_sheet(wb: &mut Workbook, names: &mut SheetNames, ctx: &Ctx, flows: &Flows) -> Res {
    let (c, r, loc) = (ctx.c, ctx.r, ctx.loc);
    let ws = add_sheet(
        wb,
        names,
        &crate::tr!(loc, "workbook-sheet-flows", id = flows.id.as_str()),
    )?;
    let currency = c.deal.currency.as_str();
    let (title, sign) = match flows.kind {
        FlowKind::Paid => (
            crate::tr!(
                loc,
                "workbook-flows-paid",
                party = party_name(c, &flows.id),
                id = flows.id.as_str(),
                currency = currency
            ),
            loc.t("workbook-flows-paid-sign"),
        ),
        FlowKind::Tranche => (
            crate::tr!(
                loc,
                "workbook-flows-tranche",
                tranche = tranche_who(c, &flows.id, loc),
                currency = currency
            ),
            loc.t("workbook-flows-tranche-sign"),
        ),
        FlowKind::Received => (
            crate::tr!(
                loc,
                "workbook-flows-received",
                party = party_name(c, &flows.id),
                id = flows.id.as_str(),
                currency = currency
            ),
            loc.t("workbook-flows-received-sign"),
        ),
    };
    let over = if r.sample.flow_trials < r.outcome.trials {
        crate::tr!(
            loc,
            "workbook-flows-sampled",
            shown = loc.money(r.sample.flow_trials as f64),
            trials = loc.money(r.outcome.trials as f64)
        )
    } else {
        crate::tr!(
            loc,
            "workbook-flows-all",
            trials = loc.money(r.sample.flow_trials as f64)
        )
    };
    let mut notes = vec![sign, over, loc.t("workbook-flows-percentiles")];
    if r.terms == Reporting::Real {
        notes.push(loc.t("workbook-real-terms"));
    }
    let row = heading(ws, ctx, &title, &notes)?;
    let dated = c.deal.start.is_some();
    let (year_of, _) = c.deal.budget_years();
    let spread_headers = || {
        [
            (loc.t("workbook-col-mean"), 14.0),
            ("p05".to_string(), 14.0),
            ("p50".to_string(), 14.0),
            ("p95".to_string(), 14.0),
        ]
    };
    let mut columns = vec![(loc.t("workbook-col-period"), 9.0)];
    if dated {
        columns.push((loc.t("workbook-col-starts"), 12.0));
    }
    columns.push((loc.t("workbook-col-budget-year"), 14.0));
    columns.extend(spread_headers());
    let mut periods = Table::new(columns);
    for (t, spread) in flows.periods.iter().enumerate() {
        let mut cells = vec![Cell::Num(t as f64, Unit::Whole)];
        if dated {
            cells.push(period_start(c, t).map_or(Cell::Empty, Cell::Date));
        }
        cells.push(text(
            c.deal.year_label(year_of.get(t).copied().unwrap_or(0)),
        ));
        cells.extend(
            [spread.mean, spread.p05, spread.p50, spread.p95].map(|x| Cell::Num(x, Unit::Money)),
        );
        periods.rows.push(cells);
    }
    write_table(ws, ctx, row, 0, &periods, Some(1))?;
    let mut columns = vec![(loc.t("workbook-col-budget-year"), 14.0)];
    columns.extend(spread_headers());
    let mut years = Table::new(columns);
    for (label, spread) in &flows.years {
        let mut cells = vec![text(label.as_str())];
        cells.extend(
            [spread.mean, spread.p05, spread.p50, spread.p95].map(|x| Cell::Num(x, Unit::Money)),
        );
        years.rows.push(cells);
    }
    // Beside the periods, a column apart; its header on the same (frozen) row. Only one
    // filter fits a sheet: the periods keep it.
    let col = periods.headers.len() as ColNum + 1;
    for (i, (h, w)) in years.headers.iter().zip(&years.widths).enumerate() {
        ws.write_string_with_format(row, col + i as ColNum, h, &ctx.st.header)?;
        ws.set_column_width(col + i as ColNum, *w)?;
    }
    for (r, cells) in years.rows.iter().enumerate() {
        for (i, cell) in cells.iter().enumerate() {
            put(ws, ctx, row + 1 + r as RowNum, col + i as ColNum, cell)?;
        }
    }
    ws.set_column_width(col - 1, 3)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Assumptions

/// A distribution's family (message `workbook-family-<family>`), its parameters as the
/// scenario file names them, and a sentence about it.
fn describe(d: &Distribution, loc: &Locale) -> (&'static str, Vec<(&'static str, f64)>, String) {
    let n = |x: f64| loc.num(x);
    match d {
        Distribution::Fixed(v) => (
            "fixed",
            vec![("value", *v)],
            crate::tr!(loc, "workbook-dist-fixed", value = n(*v)),
        ),
        Distribution::Uniform { min, max } => (
            "uniform",
            vec![("min", *min), ("max", *max)],
            crate::tr!(loc, "workbook-dist-uniform", min = n(*min), max = n(*max)),
        ),
        Distribution::Normal { mean, sd } => (
            "normal",
            vec![("mean", *mean), ("sd", *sd)],
            crate::tr!(loc, "workbook-dist-normal", mean = n(*mean), sd = n(*sd)),
        ),
        Distribution::TruncatedNormal { mean, sd, min, max } => (
            "truncated_normal",
            vec![("mean", *mean), ("sd", *sd), ("min", *min), ("max", *max)],
            crate::tr!(
                loc,
                "workbook-dist-truncated-normal",
                mean = n(*mean),
                sd = n(*sd),
                min = n(*min),
                max = n(*max)
            ),
        ),
        Distribution::Lognormal { mu, sigma } => (
            "lognormal",
            vec![("mu", *mu), ("sigma", *sigma)],
            crate::tr!(
                loc,
                "workbook-dist-lognormal",
                mu = n(*mu),
                sigma = n(*sigma),
                median = n(mu.exp())
            ),
        ),
        Distribution::Triangular { min, mode, max } => (
            "triangular",
            vec![("min", *min), ("mode", *mode), ("max", *max)],
            crate::tr!(
                loc,
                "workbook-dist-triangular",
                min = n(*min),
                mode = n(*mode),
                max = n(*max)
            ),
        ),
        Distribution::Pert { min, mode, max } => (
            "pert",
            vec![("min", *min), ("mode", *mode), ("max", *max)],
            crate::tr!(
                loc,
                "workbook-dist-pert",
                min = n(*min),
                mode = n(*mode),
                max = n(*max)
            ),
        ),
        Distribution::Beta {
            alpha,
            beta,
            min,
            max,
        } => (
            "beta",
            vec![
                ("alpha", *alpha),
                ("beta", *beta),
                ("min", *min),
                ("max", *max),
            ],
            crate::tr!(
                loc,
                "workbook-dist-beta",
                alpha = n(*alpha),
                beta = n(*beta),
                min = n(*min),
                max = n(*max)
            ),
        ),
        Distribution::LogitNormal { mu, sigma } => (
            "logit_normal",
            vec![("mu", *mu), ("sigma", *sigma)],
            crate::tr!(
                loc,
                "workbook-dist-logit-normal",
                mu = n(*mu),
                sigma = n(*sigma),
                median = n(1.0 / (1.0 + (-mu).exp()))
            ),
        ),
        Distribution::Discrete { values, cumulative } => {
            let mut previous = 0.0;
            let weights: Vec<String> = cumulative
                .iter()
                .map(|&cum| {
                    let w = cum - previous;
                    previous = cum;
                    loc.pct(w)
                })
                .collect();
            let values: Vec<String> = values.iter().map(|&v| n(v)).collect();
            (
                "discrete",
                Vec::new(),
                crate::tr!(
                    loc,
                    "workbook-dist-discrete",
                    values = values.join("; "),
                    weights = weights.join("; ")
                ),
            )
        }
    }
}

/// Every quantity of the scenario that applies to the contract, with its label and its
/// binding.
fn quantities(c: &Contract, s: &Scenario, loc: &Locale) -> Vec<(String, Quantity)> {
    let mut out = Vec::new();
    for (m, w) in c.metrics.iter().zip(&s.metrics) {
        let metric = m.id.as_str();
        let q = |id: &str| loc.tr(id, &[("metric", metric.into())]);
        // A stage reached with a hazard has no baseline share: its hazard is the baseline.
        match w.hazard {
            Some(h) => out.push((q("workbook-q-hazard"), h)),
            None => out.push((q("workbook-q-baseline"), w.baseline)),
        }
        out.push((q("workbook-q-effect"), w.effect));
        if matches!(m.kind, MetricKind::Continuous | MetricKind::Cohort) {
            out.push((q("workbook-q-sd"), w.sd));
        }
        if matches!(m.design, Design::Historical { .. }) {
            out.push((q("workbook-q-drift"), w.drift));
        }
        if matches!(m.design, Design::Comparison { .. }) {
            out.push((q("workbook-q-comparison-bias"), w.comparison_bias));
        }
        if let Some(savings) = w.savings {
            out.push((q("workbook-q-savings"), savings));
        }
    }
    for (k, w) in c.cohorts.iter().zip(&s.cohorts) {
        let cohort = k.id.as_str();
        let q = |id: &str| loc.tr(id, &[("cohort", cohort.into())]);
        out.push((q("workbook-q-referrals"), w.referrals));
        out.push((q("workbook-q-dropout"), w.dropout));
        out.push((q("workbook-q-delay"), w.delay));
    }
    out.push((loc.t("workbook-q-overrun"), s.overrun));
    out.push((loc.t("workbook-q-termination-hazard"), s.termination_hazard));
    out.push((loc.t("workbook-q-inflation"), s.inflation));
    out
}

fn assumptions_sheet(wb: &mut Workbook, names: &mut SheetNames, ctx: &Ctx) -> Res {
    let (c, s, loc) = (ctx.c, ctx.s, ctx.loc);
    let ws = add_sheet(wb, names, &loc.t("workbook-sheet-assumptions"))?;
    let title = crate::tr!(
        loc,
        "workbook-assumptions-title",
        scenario = s.name.as_str()
    );
    let mut notes = Vec::new();
    if let Some(d) = &s.description {
        notes.push(d.trim().replace('\n', " "));
    }
    notes.push(loc.t("workbook-assumptions-note"));
    let row = heading(ws, ctx, &title, &notes)?;
    let quantities = quantities(c, s, loc);
    let params = 4;
    let mut columns = vec![
        (loc.t("workbook-col-assumption"), 22.0),
        (loc.t("workbook-col-distribution"), 16.0),
        (loc.t("workbook-col-in-words"), 48.0),
        (loc.t("workbook-col-mean"), 11.0),
        ("p05".to_string(), 11.0),
        ("p50".to_string(), 11.0),
        ("p95".to_string(), 11.0),
    ];
    for i in 1..=params {
        columns.push((crate::tr!(loc, "workbook-col-parameter", n = i), 10.0));
        columns.push((crate::tr!(loc, "workbook-col-parameter-value", n = i), 10.0));
    }
    columns.push((loc.t("workbook-col-used-for"), 40.0));
    columns.push((loc.t("workbook-col-description"), 50.0));
    let mut t = Table::new(columns);
    for (i, a) in s.assumptions.iter().enumerate() {
        let (family, ps, words) = describe(&a.dist, loc);
        let mut cells = vec![
            text(a.id.as_str()),
            text(loc.t(&message_id("workbook-family", family))),
            text(words),
            Cell::Num(a.dist.mean(), Unit::Number),
        ];
        cells.extend([0.05, 0.5, 0.95].map(|u| Cell::Num(a.dist.quantile(u), Unit::Number)));
        for p in 0..params {
            match ps.get(p) {
                Some((name, value)) => {
                    cells.push(text(*name));
                    cells.push(Cell::Num(*value, Unit::Number));
                }
                None => cells.extend([Cell::Empty, Cell::Empty]),
            }
        }
        let used: Vec<&str> = quantities
            .iter()
            .filter(|(_, q)| *q == Quantity::Assumption(i))
            .map(|(label, _)| label.as_str())
            .collect();
        cells.push(text(used.join("; ")));
        cells.push(text(
            a.description
                .as_deref()
                .unwrap_or("")
                .trim()
                .replace('\n', " "),
        ));
        t.rows.push(cells);
    }
    let mut row = write_table(ws, ctx, row, 0, &t, Some(1))?;
    if let Some(cor) = &s.correlation {
        row = section(ws, ctx, row + 1, &loc.t("workbook-correlation"))?;
        if let Some(change) = cor.repaired {
            ws.write_string_with_format(
                row,
                0,
                crate::tr!(
                    loc,
                    "workbook-correlation-repaired",
                    change = loc.num(change)
                ),
                &ctx.st.note,
            )?;
            row += 1;
        }
        ws.write_string_with_format(row, 0, "", &ctx.st.header)?;
        for (j, &m) in cor.members.iter().enumerate() {
            ws.write_string_with_format(
                row,
                1 + j as ColNum,
                &s.assumptions[m].id,
                &ctx.st.header,
            )?;
        }
        for (i, &m) in cor.members.iter().enumerate() {
            let r = row + 1 + i as RowNum;
            ws.write_string(r, 0, &s.assumptions[m].id)?;
            for j in 0..cor.members.len() {
                ws.write_number_with_format(
                    r,
                    1 + j as ColNum,
                    cor.matrix[(i, j)],
                    &ctx.st.correlation,
                )?;
            }
        }
        row += 1 + cor.members.len() as RowNum;
    }
    row = section(ws, ctx, row + 1, &loc.t("workbook-bindings"))?;
    let mut b = Table::new(vec![
        (loc.t("workbook-col-quantity"), 22.0),
        (loc.t("workbook-col-assumption"), 16.0),
        (loc.t("workbook-col-fixed-value"), 48.0),
    ]);
    for (label, q) in quantities {
        b.rows.push(match q {
            Quantity::Fixed(v) => vec![text(label), Cell::Empty, Cell::Num(v, Unit::Number)],
            Quantity::Assumption(i) => {
                vec![text(label), text(s.assumptions[i].id.as_str()), Cell::Empty]
            }
        });
    }
    write_rows_only(ws, ctx, row, &b)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Rules, caps, financing

/// One row of a rule on the rules sheet: a rate card has one per metric it prices, a
/// tiered rule one per tier.
#[derive(Default)]
struct RuleLine {
    /// The rule's type as the file names it.
    kind: &'static str,
    metric: usize,
    scale: Option<EffectScale>,
    /// The effect at which it pays (a threshold, or a tier's `at_least`).
    trigger: Option<f64>,
    lump: Option<f64>,
    price: Option<f64>,
    share: Option<f64>,
    /// The share once the tranches are repaid, and those tranches.
    after: Option<f64>,
    tranches: String,
    value: Option<f64>,
}

fn rules_sheet(wb: &mut Workbook, names: &mut SheetNames, ctx: &Ctx) -> Res {
    let (c, loc) = (ctx.c, ctx.loc);
    let ws = add_sheet(wb, names, &loc.t("workbook-sheet-rules"))?;
    let mut notes = vec![
        crate::tr!(
            loc,
            "workbook-rules-note",
            currency = c.deal.currency.as_str()
        ),
        loc.t("workbook-rules-rows"),
    ];
    if c.deal.indexation.prices() {
        notes.push(loc.t("workbook-rules-indexed"));
    }
    notes.extend(terms_notes(c, loc));
    let row = heading(
        ws,
        ctx,
        &crate::tr!(loc, "workbook-rules-title", deal = c.deal.name.as_str()),
        &notes,
    )?;
    let most_payers = c.rules.iter().map(|r| r.payers.len()).max().unwrap_or(1);
    let mut columns = vec![
        (loc.t("workbook-col-rule"), 20.0),
        (loc.t("workbook-col-type"), 18.0),
        (loc.t("workbook-col-metric"), 16.0),
        (loc.t("workbook-col-scope"), 12.0),
        (loc.t("workbook-col-cohorts"), 16.0),
    ];
    for i in 1..=most_payers {
        columns.push((crate::tr!(loc, "workbook-col-payer-n", n = i), 14.0));
        columns.push((crate::tr!(loc, "workbook-col-payer-share-n", n = i), 9.0));
    }
    columns.extend([
        (loc.t("workbook-col-effect-scale"), 18.0),
        (loc.t("workbook-col-trigger"), 11.0),
        (loc.t("workbook-col-lump-sum"), 13.0),
        (loc.t("workbook-col-price"), 12.0),
        (loc.t("workbook-col-savings-share"), 10.0),
        (loc.t("workbook-col-share-after"), 10.0),
        (loc.t("workbook-col-after-repaid"), 14.0),
        (loc.t("workbook-col-value-per-outcome"), 13.0),
        (loc.t("workbook-col-cap"), 13.0),
        (loc.t("workbook-col-cap-per-cohort"), 13.0),
        (loc.t("workbook-col-cap-per-participant"), 13.0),
        (loc.t("workbook-col-payment-lag"), 10.0),
        (loc.t("workbook-col-pooled-at"), 10.0),
        (loc.t("workbook-col-unless-paid-by"), 16.0),
        (loc.t("workbook-col-description"), 50.0),
    ]);
    let mut t = Table::new(columns);
    for rule in &c.rules {
        let pay = |p: &Pay| match *p {
            Pay::LumpSum(x) => (Some(x), None),
            Pay::Price(x) => (None, Some(x)),
        };
        let lines: Vec<RuleLine> = match &rule.terms {
            Terms::RateCard { prices } => prices
                .iter()
                .map(|&(metric, price)| RuleLine {
                    kind: "rate_card",
                    metric,
                    price: Some(price),
                    ..RuleLine::default()
                })
                .collect(),
            Terms::PerImprovement { metric, price } => vec![RuleLine {
                kind: "per_improvement",
                metric: *metric,
                price: Some(*price),
                ..RuleLine::default()
            }],
            Terms::PerEffect {
                metric,
                scale,
                price,
            } => vec![RuleLine {
                kind: "per_effect",
                metric: *metric,
                scale: Some(*scale),
                price: Some(*price),
                ..RuleLine::default()
            }],
            Terms::Threshold {
                metric,
                scale,
                threshold,
                pay: p,
            } => {
                let (lump, price) = pay(p);
                vec![RuleLine {
                    kind: "threshold",
                    metric: *metric,
                    scale: Some(*scale),
                    trigger: Some(*threshold),
                    lump,
                    price,
                    ..RuleLine::default()
                }]
            }
            Terms::Tiers {
                metric,
                scale,
                tiers,
            } => tiers
                .iter()
                .map(|tier| {
                    let (lump, price) = pay(&tier.pay);
                    RuleLine {
                        kind: "tiers",
                        metric: *metric,
                        scale: Some(*scale),
                        trigger: Some(tier.at_least),
                        lump,
                        price,
                        ..RuleLine::default()
                    }
                })
                .collect(),
            Terms::SavingsShare {
                metric,
                share,
                switch,
                value_per_outcome,
                ..
            } => vec![RuleLine {
                kind: "savings_share",
                metric: *metric,
                share: Some(*share),
                after: switch.as_ref().map(|(after, _)| *after),
                tranches: switch.as_ref().map_or_else(String::new, |(_, ts)| {
                    ts.iter()
                        .map(|&t| c.tranches[t].id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
                value: *value_per_outcome,
                ..RuleLine::default()
            }],
        };
        let cohorts: Vec<&str> = rule
            .cohorts
            .iter()
            .map(|&k| c.cohorts[k].id.as_str())
            .collect();
        let unless: Vec<&str> = rule
            .unless_paid_by
            .iter()
            .map(|&r| c.rules[r].id.as_str())
            .collect();
        for RuleLine {
            kind,
            metric,
            scale,
            trigger,
            lump,
            price,
            share,
            after,
            tranches,
            value,
        } in lines
        {
            let mut cells = vec![
                text(rule.id.as_str()),
                text(loc.t(&message_id("workbook-rule", kind))),
                text(c.metrics[metric].id.as_str()),
                text(loc.t(match rule.scope {
                    Scope::PerCohort => "workbook-scope-per-cohort",
                    Scope::Pooled => "workbook-scope-pooled",
                })),
                text(cohorts.join(", ")),
            ];
            for i in 0..most_payers {
                match rule.payers.get(i) {
                    Some(&(p, share)) => {
                        cells.push(text(c.parties[p].id.as_str()));
                        cells.push(Cell::Num(share, Unit::Share));
                    }
                    None => cells.extend([Cell::Empty, Cell::Empty]),
                }
            }
            let trigger_unit = match scale {
                Some(EffectScale::Relative) => Unit::Share,
                _ => Unit::Number,
            };
            cells.extend([
                match scale {
                    Some(EffectScale::Relative) => text(loc.t("workbook-scale-relative")),
                    Some(EffectScale::Absolute) => text(loc.t("workbook-scale-absolute")),
                    None => Cell::Empty,
                },
                opt(trigger, trigger_unit),
                opt(lump, Unit::Money),
                opt(price, Unit::Money),
                opt(share, Unit::Share),
                opt(after, Unit::Share),
                text(tranches),
                opt(value, Unit::Money),
                opt(rule.caps.total, Unit::Money),
                opt(rule.caps.per_cohort, Unit::Money),
                opt(rule.caps.per_participant, Unit::Money),
                Cell::Num(f64::from(rule.payment_lag), Unit::Whole),
                opt(rule.at.map(f64::from), Unit::Whole),
                text(unless.join(", ")),
                text(
                    rule.description
                        .as_deref()
                        .unwrap_or("")
                        .trim()
                        .replace('\n', " "),
                ),
            ]);
            t.rows.push(cells);
        }
    }
    write_table(ws, ctx, row, 0, &t, Some(1))?;
    Ok(())
}

/// The terms the rules' columns do not show, each on a note of its own: success fees
/// after repayment, trend-adjusted baselines and termination on results.
fn terms_notes(c: &Contract, loc: &Locale) -> Vec<String> {
    let mut notes = Vec::new();
    for rule in &c.rules {
        if matches!(&rule.terms, Terms::SavingsShare { success_fees, .. } if !success_fees.is_empty())
        {
            notes.push(format!(
                "{}: {}",
                rule.id,
                super::summary::rule_text(c, rule, loc)
            ));
        }
    }
    for m in &c.metrics {
        if matches!(
            m.design,
            Design::Historical {
                trend_adjusted: true,
                ..
            }
        ) {
            notes.push(format!(
                "{}: {}",
                m.id,
                super::summary::design_text(&m.design, loc)
            ));
        }
    }
    if let Some(o) = c.termination.as_ref().and_then(|t| t.on_result.as_ref()) {
        notes.push(super::explain::on_result_sentence(c, o, loc));
    }
    notes
}

/// A cap's amount in the contract.
fn cap_amount(c: &Contract, limit: Limit, owner: usize) -> Option<f64> {
    match limit {
        Limit::RuleTotal => c.rules[owner].caps.total,
        Limit::RulePerCohort => c.rules[owner].caps.per_cohort,
        Limit::RulePerParticipant => c.rules[owner].caps.per_participant,
        Limit::Metric => c.caps.metric[owner],
        Limit::PayerTotal => c.caps.payer_total[owner],
        Limit::PayerPerYear => c.caps.payer_per_year[owner],
        Limit::DealTotal => c.caps.deal,
        Limit::DealPerYear => c.caps.per_year,
    }
}

fn caps_sheet(wb: &mut Workbook, names: &mut SheetNames, ctx: &Ctx) -> Res {
    let (c, r, loc) = (ctx.c, ctx.r, ctx.loc);
    let ws = add_sheet(wb, names, &loc.t("workbook-sheet-caps"))?;
    let schedule = Schedule::new(c);
    let mut notes = vec![
        crate::tr!(
            loc,
            "workbook-caps-note",
            currency = c.deal.currency.as_str()
        ),
        loc.t("workbook-caps-order"),
    ];
    if c.deal.indexation.caps() {
        notes.push(loc.t("workbook-caps-indexed"));
    }
    if schedule.caps.is_empty() {
        notes.push(loc.t("workbook-caps-none"));
    }
    let row = heading(
        ws,
        ctx,
        &crate::tr!(loc, "workbook-caps-title", deal = c.deal.name.as_str()),
        &notes,
    )?;
    let mut t = Table::new(vec![
        (loc.t("workbook-col-cap-name"), 32.0),
        (loc.t("workbook-col-cap-kind"), 28.0),
        (loc.t("workbook-col-applies-to"), 18.0),
        (loc.t("workbook-col-amount"), 14.0),
        (loc.t("workbook-col-binds"), 13.0),
        (loc.t("workbook-col-se"), 13.0),
    ]);
    for cap in &schedule.caps {
        let (kind, owner) = match cap.limit {
            Limit::RuleTotal => ("rule-total", c.rules[cap.owner].id.as_str()),
            Limit::RulePerCohort => ("rule-per-cohort", c.rules[cap.owner].id.as_str()),
            Limit::RulePerParticipant => ("rule-per-participant", c.rules[cap.owner].id.as_str()),
            Limit::Metric => ("metric", c.metrics[cap.owner].id.as_str()),
            Limit::PayerTotal => ("payer-total", c.parties[cap.owner].id.as_str()),
            Limit::PayerPerYear => ("payer-per-year", c.parties[cap.owner].id.as_str()),
            Limit::DealTotal => ("deal-total", ""),
            Limit::DealPerYear => ("deal-per-year", ""),
        };
        let binds = r.outcome.probabilities.get(&format!("{}.binds", cap.name));
        t.rows.push(vec![
            text(cap.name.as_str()),
            text(loc.t(&format!("workbook-cap-kind-{kind}"))),
            text(owner),
            opt(cap_amount(c, cap.limit, cap.owner), Unit::Money),
            binds.map_or(Cell::Empty, |p| Cell::Num(p.p, Unit::Share)),
            binds.map_or(Cell::Empty, |p| Cell::Se(p.se, Unit::Share)),
        ]);
    }
    write_table(ws, ctx, row, 0, &t, Some(1))?;
    Ok(())
}

fn financing_sheet(wb: &mut Workbook, names: &mut SheetNames, ctx: &Ctx) -> Res {
    let (c, loc) = (ctx.c, ctx.loc);
    let f = &c.financing;
    let ws = add_sheet(wb, names, &loc.t("workbook-sheet-financing"))?;
    let row = heading(
        ws,
        ctx,
        &crate::tr!(loc, "workbook-financing-title", deal = c.deal.name.as_str()),
        &[crate::tr!(
            loc,
            "workbook-financing-note",
            currency = c.deal.currency.as_str()
        )],
    )?;
    let mut t = Table::new(vec![
        (loc.t("workbook-col-tranche"), 18.0),
        (loc.t("workbook-col-type"), 20.0),
        (loc.t("workbook-col-investor"), 24.0),
        (loc.t("workbook-col-amount"), 14.0),
        (loc.t("workbook-col-seniority"), 10.0),
        (loc.t("workbook-col-coupon"), 10.0),
        (loc.t("workbook-col-max-irr"), 11.0),
        (loc.t("workbook-col-max-multiple"), 11.0),
    ]);
    for tr in &c.tranches {
        let kind = match tr.kind {
            TrancheKind::SeniorLoan => "senior-loan",
            TrancheKind::JuniorLoan => "junior-loan",
            TrancheKind::Equity => "equity",
            TrancheKind::RecoverableGrant => "recoverable-grant",
            TrancheKind::DeferredFees => "deferred-fees",
        };
        t.rows.push(vec![
            text(tr.id.as_str()),
            text(loc.t(&format!("workbook-tranche-{kind}"))),
            text(c.parties[tr.investor].name.as_str()),
            Cell::Num(tr.amount, Unit::Money),
            Cell::Num(f64::from(tr.seniority), Unit::Whole),
            Cell::Num(tr.coupon, Unit::Share),
            opt(tr.max_irr, Unit::Share),
            opt(tr.max_multiple, Unit::Multiple),
        ]);
    }
    let mut row = write_table(ws, ctx, row, 0, &t, Some(1))?;
    if !c.guarantees.is_empty() {
        row = section(ws, ctx, row + 1, &loc.t("workbook-guarantees"))?;
        let mut g = Table::new(vec![
            (loc.t("workbook-col-guarantee"), 18.0),
            (loc.t("workbook-col-type"), 20.0),
            (loc.t("workbook-col-guarantor"), 24.0),
            (loc.t("workbook-col-tranche"), 14.0),
            (loc.t("workbook-col-limit"), 10.0),
            (loc.t("workbook-col-protected"), 10.0),
        ]);
        for gu in &c.guarantees {
            let (kind, share) = match gu.kind {
                GuaranteeKind::FirstLoss => ("workbook-guarantee-first-loss", None),
                GuaranteeKind::CapitalProtection => {
                    ("workbook-guarantee-capital-protection", Some(gu.share))
                }
            };
            g.rows.push(vec![
                text(gu.id.as_str()),
                text(loc.t(kind)),
                text(c.parties[gu.guarantor].name.as_str()),
                text(c.tranches[gu.tranche].id.as_str()),
                opt(gu.limit, Unit::Money),
                opt(share, Unit::Share),
            ]);
        }
        row = write_rows_only(ws, ctx, row, &g)?;
    }
    row = section(ws, ctx, row + 1, &loc.t("workbook-financing-terms"))?;
    let mut items: Vec<(String, Cell)> = vec![
        (
            loc.t("workbook-financing-drawdown"),
            text(loc.t(match f.drawdown {
                Drawdown::Upfront => "workbook-drawdown-upfront",
                Drawdown::AsNeeded => "workbook-drawdown-as-needed",
            })),
        ),
        (
            loc.t("workbook-financing-excess"),
            text(loc.t(match f.excess {
                Excess::Payer => "workbook-excess-payer",
                Excess::Provider => "workbook-excess-provider",
                Excess::Shared => "workbook-excess-shared",
            })),
        ),
    ];
    if f.excess == Excess::Shared {
        items.push((
            loc.t("workbook-financing-excess-share"),
            Cell::Num(f.excess_provider_share, Unit::Share),
        ));
    }
    items.push((
        loc.t("workbook-financing-arrangement-fee"),
        Cell::Num(f.arrangement_fee, Unit::Money),
    ));
    items.push((
        loc.t("workbook-financing-management-fee"),
        Cell::Num(f.management_fee_per_period, Unit::Money),
    ));
    for (i, (label, cell)) in items.iter().enumerate() {
        ws.write_string(row + i as RowNum, 0, label)?;
        put(ws, ctx, row + i as RowNum, 2, cell)?;
    }
    Ok(())
}

/// A table below another on the same sheet: header and rows, no filter (a sheet has one)
/// and no widths (the first table's stand). Returns the row after it.
fn write_rows_only(ws: &mut Worksheet, ctx: &Ctx, row: RowNum, t: &Table) -> Res<RowNum> {
    for (i, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(row, i as ColNum, h, &ctx.st.header)?;
    }
    for (r, cells) in t.rows.iter().enumerate() {
        for (i, cell) in cells.iter().enumerate() {
            put(ws, ctx, row + 1 + r as RowNum, i as ColNum, cell)?;
        }
    }
    Ok(row + 1 + t.rows.len() as RowNum)
}

// ---------------------------------------------------------------------------------------
// Warnings, settlement, trials, provenance

fn warnings_sheet(wb: &mut Workbook, names: &mut SheetNames, ctx: &Ctx) -> Res {
    let (r, loc) = (ctx.r, ctx.loc);
    let ws = add_sheet(wb, names, &loc.t("workbook-sheet-warnings"))?;
    let warnings = &r.outcome.warnings;
    let note = if warnings.is_empty() && r.input_warnings.is_empty() {
        loc.t("workbook-warnings-none")
    } else {
        loc.t("workbook-warnings-note")
    };
    let row = heading(ws, ctx, &loc.t("workbook-warnings-title"), &[note])?;
    let mut t = Table::new(vec![
        (loc.t("workbook-col-code"), 28.0),
        (loc.t("workbook-col-message"), 140.0),
    ]);
    for w in warnings {
        t.rows.push(vec![text(w.code.name()), text(w.text(loc))]);
    }
    // The input files' own warnings, as `check` gives them.
    for w in &r.input_warnings {
        t.rows.push(vec![text("input"), text(w.clone())]);
    }
    write_table(ws, ctx, row, 0, &t, Some(0))?;
    Ok(())
}

/// The designs compared and the stress cases, each figure with its paired difference from
/// the first design (the base case), and the tornado: a long table a pivot can reshape.
fn analyses_sheet(wb: &mut Workbook, names: &mut SheetNames, ctx: &Ctx) -> Res {
    let (r, loc) = (ctx.r, ctx.loc);
    let ws = add_sheet(wb, names, &loc.t("workbook-sheet-analyses"))?;
    let mut row = heading(
        ws,
        ctx,
        &loc.t("workbook-analyses-title"),
        &[loc.t("workbook-analyses-note")],
    )?;
    let columns = || {
        Table::new(vec![
            (loc.t("workbook-col-analysis"), 16.0),
            (loc.t("workbook-col-case"), 34.0),
            (loc.t("workbook-col-name"), 38.0),
            (loc.t("workbook-col-value"), 16.0),
            (loc.t("workbook-col-se"), 14.0),
            (loc.t("workbook-col-difference"), 16.0),
            (loc.t("workbook-col-difference-se"), 14.0),
        ])
    };
    let mut t = columns();
    type Figures<'a> = (
        &'a IndexMap<String, Summary>,
        &'a IndexMap<String, Probability>,
        &'a IndexMap<String, Estimate>,
    );
    let add = |t: &mut Table, what: &str, case: String, f: Figures, d: Option<&Difference>| {
        for (name, s) in f.0 {
            let u = unit_of(name, Kind::Metric);
            let diff = d.and_then(|d| d.metrics.get(name));
            t.rows.push(vec![
                text(what),
                text(case.clone()),
                text(name.clone()),
                Cell::Num(s.mean, u),
                Cell::Se(s.se, u),
                diff.map_or(Cell::Empty, |x| Cell::Num(x.mean, u)),
                diff.map_or(Cell::Empty, |x| Cell::Se(x.se, u)),
            ]);
        }
        for (name, p) in f.1 {
            let diff = d.and_then(|d| d.probabilities.get(name));
            t.rows.push(vec![
                text(what),
                text(case.clone()),
                text(name.clone()),
                Cell::Num(p.p, Unit::Share),
                Cell::Se(p.se, Unit::Share),
                diff.map_or(Cell::Empty, |x| Cell::Num(x.p, Unit::Share)),
                diff.map_or(Cell::Empty, |x| Cell::Se(x.se, Unit::Share)),
            ]);
        }
        for (name, e) in f.2 {
            let u = unit_of(name, Kind::Estimate);
            let diff = d.and_then(|d| d.estimates.get(name));
            t.rows.push(vec![
                text(what),
                text(case.clone()),
                text(name.clone()),
                Cell::Num(e.value, u),
                Cell::Se(e.se, u),
                diff.map_or(Cell::Empty, |x| Cell::Num(x.value, u)),
                diff.map_or(Cell::Empty, |x| Cell::Se(x.se, u)),
            ]);
        }
    };
    if let Some(cmp) = &r.comparison {
        let what = loc.t("workbook-analysis-compare");
        for (i, d) in cmp.designs.iter().enumerate() {
            let diff = cmp.differences.iter().find(|x| x.a == 0 && x.b == i);
            let case = format!("[{}] {} ({})", i + 1, d.name, d.contract.path);
            add(
                &mut t,
                &what,
                case,
                (&d.metrics, &d.probabilities, &d.estimates),
                diff,
            );
        }
    }
    if let Some(st) = &r.stress {
        let what = loc.t("workbook-analysis-stress");
        for (i, case) in st.cases.iter().enumerate() {
            let diff = st.differences.iter().find(|x| x.a == 0 && x.b == i);
            let label = format!(
                "{}: {}",
                super::stress::case_name(loc, case),
                super::stress::description(loc, case)
            );
            add(
                &mut t,
                &what,
                label,
                (&case.metrics, &case.probabilities, &case.estimates),
                diff,
            );
        }
    }
    if !t.rows.is_empty() {
        row = write_table(ws, ctx, row, 0, &t, Some(0))? + 1;
    }
    if let Some(se) = &r.sensitivity {
        let unit = if se.statistic == "p" {
            Unit::Share
        } else {
            unit_of(&se.metric, Kind::Metric)
        };
        row = section(
            ws,
            ctx,
            row,
            &crate::tr!(loc, "workbook-tornado-title", metric = se.metric.as_str()),
        )?;
        let mut tornado = Table::new(vec![
            (loc.t("workbook-col-assumption"), 24.0),
            ("p10".into(), 12.0),
            ("p90".into(), 12.0),
            (loc.t("workbook-col-at-p10"), 16.0),
            (loc.t("workbook-col-at-p90"), 16.0),
            (loc.t("workbook-col-swing"), 16.0),
            (loc.t("workbook-col-se"), 14.0),
        ]);
        for s in &se.tornado {
            tornado.rows.push(vec![
                text(s.assumption.clone()),
                Cell::Num(s.p10, Unit::Number),
                Cell::Num(s.p90, Unit::Number),
                Cell::Num(s.low.value, unit),
                Cell::Num(s.high.value, unit),
                Cell::Num(s.swing.value, unit),
                Cell::Se(s.swing.se, unit),
            ]);
        }
        write_table(ws, ctx, row, 0, &tornado, None)?;
    }
    Ok(())
}

fn settlement_sheet(wb: &mut Workbook, names: &mut SheetNames, ctx: &Ctx, st: &Settlement) -> Res {
    let loc = ctx.loc;
    let ws = add_sheet(wb, names, &loc.t("workbook-sheet-settlement"))?;
    let mut notes = vec![
        crate::tr!(
            loc,
            "workbook-settlement-note",
            file = st.observed.path.as_str(),
            currency = st.currency.as_str()
        ),
        crate::tr!(
            loc,
            "workbook-settlement-paid",
            total = loc.amount(&st.currency, st.deal_paid)
        ),
    ];
    if let Some(period) = st.as_of {
        notes.push(crate::tr!(
            loc,
            "workbook-settlement-as-of",
            period = period.to_string()
        ));
    }
    if !st.caps_binding.is_empty() {
        notes.push(crate::tr!(
            loc,
            "workbook-settlement-caps",
            caps = st.caps_binding.join(", ")
        ));
    }
    let row = heading(ws, ctx, &loc.t("workbook-settlement-title"), &notes)?;
    let mut t = Table::new(vec![
        (loc.t("workbook-col-period"), 9.0),
        (loc.t("workbook-col-payer"), 16.0),
        (loc.t("workbook-col-rule"), 20.0),
        (loc.t("workbook-col-metric"), 16.0),
        (loc.t("workbook-col-cohorts"), 16.0),
        (loc.t("workbook-col-before-caps"), 14.0),
        (loc.t("workbook-col-paid"), 14.0),
        (loc.t("workbook-col-cut-by"), 40.0),
    ]);
    for p in &st.payments {
        t.rows.push(vec![
            Cell::Num(f64::from(p.period), Unit::Whole),
            text(p.payer.as_str()),
            text(p.rule.as_str()),
            text(p.metric.as_deref().unwrap_or("")),
            text(p.cohorts.join(", ")),
            Cell::Num(p.before_caps, Unit::Money),
            Cell::Num(p.amount, Unit::Money),
            text(p.cut_by.join(", ")),
        ]);
    }
    let mut row = write_table(ws, ctx, row, 0, &t, Some(1))?;
    row = section(ws, ctx, row + 1, &loc.t("workbook-settlement-payers"))?;
    let mut payers = Table::new(vec![
        (loc.t("workbook-col-payer"), 0.0),
        (loc.t("workbook-col-paid"), 0.0),
        (loc.t("workbook-col-refunded"), 0.0),
        (loc.t("workbook-col-npv"), 0.0),
    ]);
    for (id, p) in &st.payers {
        payers.rows.push(vec![
            text(id.as_str()),
            Cell::Num(p.paid, Unit::Money),
            Cell::Num(p.refunded, Unit::Money),
            Cell::Num(p.npv, Unit::Money),
        ]);
    }
    row = write_rows_only(ws, ctx, row, &payers)?;
    if !st.tranches.is_empty() {
        row = section(ws, ctx, row + 1, &loc.t("workbook-settlement-tranches"))?;
        let mut tranches = Table::new(vec![
            (loc.t("workbook-col-tranche"), 0.0),
            (loc.t("workbook-col-investor"), 0.0),
            (loc.t("workbook-col-drawn"), 0.0),
            (loc.t("workbook-col-received"), 0.0),
            (loc.t("workbook-col-irr"), 0.0),
            (loc.t("workbook-col-moic"), 0.0),
            (loc.t("workbook-col-irr-status"), 0.0),
        ]);
        for tr in &st.tranches {
            tranches.rows.push(vec![
                text(tr.id.as_str()),
                text(tr.investor.as_str()),
                Cell::Num(tr.drawn, Unit::Money),
                Cell::Num(tr.received, Unit::Money),
                opt(tr.irr, Unit::Share),
                opt(tr.moic, Unit::Multiple),
                text(loc.t(&message_id("workbook-irr-status", tr.irr_status))),
            ]);
        }
        write_rows_only(ws, ctx, row, &tranches)?;
    }
    Ok(())
}

/// Every trial's results, under `trials.csv`'s column names, written row by row through
/// the worksheet's constant-memory mode. An undefined value is an empty cell, as in
/// `trials.csv` (which can still write `inf`; a finished run never has one).
fn per_trial_sheet(
    wb: &mut Workbook,
    names: &mut SheetNames,
    ctx: &Ctx,
    table: &PerTrialTable,
) -> Res {
    let loc = ctx.loc;
    let name = names.take(&loc.t("workbook-sheet-trials"));
    let ws = wb.add_worksheet_with_constant_memory();
    ws.set_name(name)?;
    let width = table.columns.len();
    for (i, h) in table.columns.iter().enumerate() {
        ws.set_column_width(i as ColNum, if i == 0 { 9.0 } else { 16.0 })?;
        ws.write_string_with_format(0, i as ColNum, h, &ctx.st.header)?;
    }
    if table.rows < table.of {
        let note = Note::new(crate::tr!(
            loc,
            "workbook-trials-cut",
            shown = loc.money(table.rows as f64),
            trials = loc.money(table.of as f64)
        ))
        .set_author("sibyl")
        .add_author_prefix(false)
        .set_width(420)
        .set_height(110)
        .set_visible(true);
        ws.insert_note(0, 0, &note)?;
    }
    for i in 0..table.rows as usize {
        let row = 1 + i as RowNum;
        for (j, &x) in table.row(i).iter().enumerate() {
            if x.is_finite() {
                ws.write_number(row, j as ColNum, x)?;
            }
        }
    }
    if width > 0 && table.rows > 0 {
        ws.autofilter(0, 0, table.rows as RowNum, width as ColNum - 1)?;
    }
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}

fn about_sheet(
    wb: &mut Workbook,
    names: &mut SheetNames,
    ctx: &Ctx,
    per_trial: Option<&PerTrialTable>,
) -> Res {
    let (c, r, loc) = (ctx.c, ctx.r, ctx.loc);
    let ws = add_sheet(wb, names, &loc.t("workbook-sheet-about"))?;
    let row = heading(
        ws,
        ctx,
        &loc.t("workbook-about-title"),
        &[loc.t("workbook-about-note")],
    )?;
    let mut t = Table::new(vec![
        (loc.t("workbook-col-item"), 30.0),
        (loc.t("workbook-col-value"), 60.0),
        ("SHA-256".to_string(), 70.0),
    ]);
    let file = |label: &str, path: &str, sha: &str| vec![text(label), text(path), text(sha)];
    let item = |label: String, cell: Cell| vec![text(label), cell, Cell::Empty];
    t.rows.push(item(
        loc.t("workbook-about-deal"),
        text(c.deal.name.as_str()),
    ));
    t.rows.push(file(
        &loc.t("workbook-about-contract"),
        &r.contract.path,
        &r.contract.sha256,
    ));
    t.rows.push(file(
        &loc.t("workbook-about-scenario"),
        &r.scenario.path,
        &r.scenario.sha256,
    ));
    if let Some(stress) = &r.scenario.stress {
        t.rows
            .push(item(loc.t("workbook-about-stress"), text(stress.as_str())));
    }
    if let Some(o) = &r.observed {
        t.rows
            .push(file(&loc.t("workbook-about-observed"), &o.path, &o.sha256));
    }
    // A seed beyond 2^53 would lose digits as a number.
    let seed = if r.seed <= 1 << 53 {
        Cell::Num(r.seed as f64, Unit::Whole)
    } else {
        text(r.seed.to_string())
    };
    t.rows.push(item(loc.t("workbook-about-seed"), seed));
    t.rows.push(item(
        loc.t("workbook-about-trials"),
        Cell::Num(r.outcome.trials as f64, Unit::Whole),
    ));
    t.rows.push(item(
        loc.t("workbook-about-flow-trials"),
        Cell::Num(r.sample.flow_trials as f64, Unit::Whole),
    ));
    if let Some(table) = per_trial {
        let words = if table.rows < table.of {
            crate::tr!(
                loc,
                "workbook-trials-cut",
                shown = loc.money(table.rows as f64),
                trials = loc.money(table.of as f64)
            )
        } else {
            crate::tr!(
                loc,
                "workbook-about-per-trial-all",
                trials = loc.money(table.rows as f64)
            )
        };
        t.rows
            .push(item(loc.t("workbook-about-per-trial"), text(words)));
    }
    t.rows.push(item(
        loc.t("workbook-about-currency"),
        text(c.deal.currency.as_str()),
    ));
    t.rows.push(item(
        loc.t("workbook-about-terms"),
        text(loc.t(match r.terms {
            Reporting::Nominal => "workbook-about-nominal",
            Reporting::Real => "workbook-about-real",
        })),
    ));
    t.rows.push(item(
        loc.t("workbook-about-version"),
        text(env!("CARGO_PKG_VERSION")),
    ));
    t.rows.push(item(
        loc.t("workbook-about-command"),
        text(r.command.as_str()),
    ));
    let row = write_table(ws, ctx, row, 0, &t, Some(0))?;
    ws.write_string_with_format(
        row + 1,
        0,
        loc.t("workbook-about-definitions"),
        &ctx.st.note,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report as analysis;
    use crate::analysis::run::{self, RunSettings};
    use crate::analysis::{FileRef, ScenarioRef, explain};
    use crate::engine::Model;
    use crate::i18n::Lang;
    use crate::load::{load_contract, load_scenario};

    fn report(contract: &str, scenario: &str, trials: u64) -> (Contract, Scenario, Report) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let c = load_contract(&root.join(contract)).unwrap();
        let s = load_scenario(&root.join(scenario), &c.value).unwrap();
        let model = Model::new(&c.value, &s.value);
        let settings = RunSettings {
            trials,
            seed: 1,
            precision: None,
            max_trials: trials,
            keep_draws: false,
        };
        let outcome = run::outcome(&model, &settings, &|_| {});
        let sample = analysis::sample(&model, 1, trials);
        let r = Report {
            contract: FileRef::of(&c.source),
            scenario: ScenarioRef::of(&s.source, None),
            observed: None,
            command: "sibyl report".into(),
            seed: 1,
            terms: Reporting::Nominal,
            outcome,
            sample,
            explanation: explain::explain(&c.value, Some(&s.value)),
            comparison: None,
            stress: None,
            sensitivity: None,
            settlement: None,
            input_warnings: Vec::new(),
        };
        (c.value.clone(), s.value.clone(), r)
    }

    #[test]
    fn a_workbook_is_an_xlsx_file_in_every_language() {
        let (c, s, r) = report("contracts/nyc-able.toml", "scenarios/nyc-able.toml", 200);
        for lang in Lang::ALL {
            let bytes = workbook(&c, &s, &r, None, Locale::of(lang)).unwrap();
            assert!(bytes.starts_with(b"PK\x03\x04"), "{lang:?}: not a zip");
            assert!(bytes.len() > 5_000, "{lang:?}: {} bytes", bytes.len());
        }
    }

    #[test]
    fn a_per_trial_sheet_cut_short_is_written() {
        let (c, s, r) = report(
            "contracts/peterborough.toml",
            "scenarios/peterborough.toml",
            100,
        );
        let model = Model::new(&c, &s);
        let mut table = crate::analysis::table::per_trial(&model, 1, 100);
        // As if the run had more trials than a sheet holds.
        table.of = 10 * table.rows;
        let bytes = workbook(&c, &s, &r, Some(&table), Locale::english()).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
    }

    #[test]
    fn sheet_names_are_what_excel_takes() {
        let mut names = SheetNames::default();
        assert_eq!(names.take("Flows a/b:c"), "Flows a_b_c");
        let long = "x".repeat(40);
        let first = names.take(&long);
        assert_eq!(first.chars().count(), 31);
        let second = names.take(&long.to_uppercase());
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with(" (2)"));
        assert_eq!(names.take("'quoted'"), "quoted");
        for lang in Lang::ALL {
            let loc = Locale::of(lang);
            for id in [
                "workbook-sheet-summary",
                "workbook-sheet-assumptions",
                "workbook-sheet-rules",
                "workbook-sheet-caps",
                "workbook-sheet-financing",
                "workbook-sheet-warnings",
                "workbook-sheet-settlement",
                "workbook-sheet-trials",
                "workbook-sheet-about",
            ] {
                let name = loc.t(id);
                assert!(name.chars().count() <= 31, "{lang:?} {id}: {name}");
                assert!(
                    !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
                    "{name}"
                );
            }
        }
    }

    /// The messages the code names by a computed id exist (the other languages are checked
    /// against English by the languages' own test).
    #[test]
    fn every_computed_message_exists() {
        let en = Locale::english();
        let mut ids: Vec<String> = Vec::new();
        ids.extend(WHATS.iter().map(|w| message_id("workbook-what", w)));
        ids.extend(VOLUMES.iter().map(|w| message_id("workbook-volume", w)));
        ids.extend(CAP_WORDS.iter().map(|w| message_id("workbook-binds", w)));
        ids.extend(
            SUMMARY_COLUMNS
                .iter()
                .map(|w| message_id("workbook-col", w)),
        );
        for family in [
            "fixed",
            "uniform",
            "normal",
            "truncated_normal",
            "lognormal",
            "triangular",
            "pert",
            "beta",
            "logit_normal",
            "discrete",
        ] {
            ids.push(message_id("workbook-family", family));
        }
        for kind in [
            "rate_card",
            "per_improvement",
            "per_effect",
            "threshold",
            "tiers",
            "savings_share",
        ] {
            ids.push(message_id("workbook-rule", kind));
        }
        for kind in [
            "rule-total",
            "rule-per-cohort",
            "rule-per-participant",
            "metric",
            "payer-total",
            "payer-per-year",
            "deal-total",
            "deal-per-year",
        ] {
            ids.push(format!("workbook-cap-kind-{kind}"));
        }
        for kind in [
            "senior-loan",
            "junior-loan",
            "equity",
            "recoverable-grant",
            "deferred-fees",
        ] {
            ids.push(format!("workbook-tranche-{kind}"));
        }
        for status in ["rate", "total_loss", "no_root", "multiple_roots", "ongoing"] {
            ids.push(message_id("workbook-irr-status", status));
        }
        for id in [
            "workbook-q-baseline",
            "workbook-q-effect",
            "workbook-q-sd",
            "workbook-q-drift",
            "workbook-q-comparison-bias",
            "workbook-q-savings",
            "workbook-q-referrals",
            "workbook-q-dropout",
            "workbook-q-delay",
        ] {
            ids.push(id.to_string());
        }
        let missing: Vec<&String> = ids.iter().filter(|id| !en.has(id)).collect();
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn every_figure_of_the_examples_has_words() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(root.join("contracts")).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            // A design variant runs under its deal's scenario.
            let mut deal = stem.clone();
            while !root.join(format!("scenarios/{deal}.toml")).exists() {
                deal.truncate(deal.rfind('-').unwrap());
            }
            let (c, _, r) = report(
                &format!("contracts/{stem}.toml"),
                &format!("scenarios/{deal}.toml"),
                20,
            );
            for f in figures(&r) {
                for lang in Lang::ALL {
                    let l = label(&c, f.name, Locale::of(lang));
                    assert_ne!(l, f.name, "{stem}: no words for {} in {lang:?}", f.name);
                }
            }
        }
        let (c, _, _) = report(
            "contracts/peterborough.toml",
            "scenarios/peterborough.toml",
            20,
        );
        assert_eq!(
            label(&c, "tranche.bonds.moic", Locale::english()),
            "Tranche bonds (17 trusts and foundations): multiple (MOIC)"
        );
    }

    #[test]
    fn a_subjects_figures_stay_together() {
        let (_, _, r) = report(
            "contracts/peterborough.toml",
            "scenarios/peterborough.toml",
            50,
        );
        let subjects: Vec<&str> = figures(&r).iter().map(|f| subject(f.name)).collect();
        let mut seen: Vec<&str> = Vec::new();
        for s in &subjects {
            if seen.last() != Some(s) {
                assert!(!seen.contains(s), "{s} is split: {subjects:?}");
                seen.push(s);
            }
        }
        assert_eq!(subject("tranche.bonds.irr"), "tranche.bonds");
        assert_eq!(subject("deal.cap.binds"), "deal");
        assert_eq!(
            unit_of("tranche.bonds.pooled_irr", Kind::Estimate),
            Unit::Share
        );
        assert_eq!(
            unit_of("outcomes.x.c1.achieved", Kind::Estimate),
            Unit::Count
        );
        assert_eq!(unit_of("outcomes.x.paid", Kind::Metric), Unit::Money);
    }
}
