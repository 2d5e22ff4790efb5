//! Helpers shared by the validators: required fields, number ranges, name resolution.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, Source, suggestion_hint};
use crate::model::outcome::{INFLATION_MAX, INFLATION_MIN};
use crate::raw::Sp;

/// Collects diagnostics about one file.
pub struct Ctx {
    pub src: Arc<Source>,
    pub diags: Diagnostics,
}

/// Allowed range of a number.
#[derive(Debug, Clone, Copy)]
pub enum Bound {
    /// Any finite number.
    Any,
    /// 0 or more.
    NonNegative,
    /// More than 0.
    Positive,
    /// From 0 to 1.
    Unit,
    /// More than 0, at most 1.
    Share,
    /// Strictly between 0 and 1.
    OpenUnit,
    /// At least the given value.
    AtLeast(f64),
    /// From the first value to the second, both included.
    Within(f64, f64),
    /// At most the given value.
    AtMost(f64),
    /// A relative change: more than -1 (-100%) and at most [`MAX_CHANGE`].
    Change,
}

/// The documented range of an annual rate (discount rates, return caps): -99% to 100% a
/// year, written as a fraction.
pub const ANNUAL_RATE: Bound = Bound::Within(-0.99, 1.0);
/// What an annual rate looks like.
pub const ANNUAL_RATE_HELP: &str =
    "an annual rate, as a fraction from -0.99 to 1: 5% a year is 0.05";
/// The documented range of annual inflation: -50% to 100% a year.
pub const INFLATION: Bound = Bound::Within(INFLATION_MIN, INFLATION_MAX);
/// What inflation looks like.
pub const INFLATION_HELP: &str =
    "an annual rate, as a fraction from -0.5 to 1: prices rising 2% a year is 0.02";
/// The documented range of a coupon: 0% to 100% a year.
pub const COUPON_HELP: &str = "an annual rate, as a fraction from 0 to 1: 5% a year is 0.05";
pub use crate::model::outcome::MAX_CHANGE;
/// What a relative change looks like.
pub const CHANGE_HELP: &str = "a relative change, as a fraction more than -1 and at most 5: 10% more is 0.1, 10% less is -0.1";

/// Numbers beyond this size are typos, not contract terms (and would overflow reports).
pub const MAX_MAGNITUDE: f64 = 1e15;

impl Bound {
    fn holds(self, x: f64) -> bool {
        match self {
            Bound::Any => true,
            Bound::NonNegative => x >= 0.0,
            Bound::Positive => x > 0.0,
            Bound::Unit => (0.0..=1.0).contains(&x),
            Bound::Share => x > 0.0 && x <= 1.0,
            Bound::OpenUnit => x > 0.0 && x < 1.0,
            Bound::AtLeast(a) => x >= a,
            Bound::Within(a, b) => (a..=b).contains(&x),
            Bound::AtMost(b) => x <= b,
            Bound::Change => x > -1.0 && x <= MAX_CHANGE,
        }
    }

    fn words(self) -> String {
        match self {
            Bound::Any => "a finite number".into(),
            Bound::NonNegative => "0 or more".into(),
            Bound::Positive => "more than 0".into(),
            Bound::Unit => "between 0 and 1".into(),
            Bound::Share => "more than 0 and at most 1".into(),
            Bound::OpenUnit => "strictly between 0 and 1".into(),
            Bound::AtLeast(a) => format!("at least {a}"),
            Bound::Within(a, b) => format!("between {a} and {b}"),
            Bound::AtMost(b) => format!("at most {b}"),
            Bound::Change => format!("more than -1 and at most {MAX_CHANGE}"),
        }
    }
}

impl Ctx {
    pub fn new(src: &Arc<Source>) -> Self {
        Self {
            src: Arc::clone(src),
            diags: Diagnostics::new(),
        }
    }

    /// A diagnostic pointing at `span` in this file.
    pub fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(&self.src, span)
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = self.at(span, message).help(help);
        self.push(d);
    }

    pub fn warn(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::warning(message).at(&self.src, span).help(help);
        self.push(d);
    }

    /// The value of a required field, or an error at the table's header.
    pub fn required<'v, T>(
        &mut self,
        value: &'v Option<T>,
        table: &str,
        table_span: &Range<usize>,
        field: &str,
        example: &str,
    ) -> Option<&'v T> {
        if value.is_none() {
            let d = self
                .at(table_span.clone(), format!("{table} has no `{field}`"))
                .label(format!("`{field}` is required here"))
                .help(format!("add `{field} = {example}`"));
            self.push(d);
        }
        value.as_ref()
    }

    /// A finite number in the given range, or an error at the number.
    pub fn number(
        &mut self,
        value: &Sp<f64>,
        field: &str,
        bound: Bound,
        help: &str,
    ) -> Option<f64> {
        let x = *value.get();
        if !x.is_finite() {
            let d = self
                .at(
                    value.span(),
                    format!("`{field}` must be a finite number, found `{x}`"),
                )
                .label("not a usable number")
                .help("nan and inf are not allowed; write the number itself");
            self.push(d);
            return None;
        }
        if x.abs() > MAX_MAGNITUDE {
            let d = self
                .at(
                    value.span(),
                    format!("`{field}` is {x:e}, far too large to be meant"),
                )
                .label("too large")
                .help("numbers in sibyl files are at most 10^15; check for extra digits");
            self.push(d);
            return None;
        }
        if !bound.holds(x) {
            let mut d = self
                .at(
                    value.span(),
                    format!(
                        "`{field}` must be {}, found {}",
                        bound.words(),
                        crate::format::num(x)
                    ),
                )
                .label("out of range");
            if !help.is_empty() {
                d = d.help(help);
            }
            self.push(d);
            return None;
        }
        Some(x)
    }

    /// An optional number: `None` if absent, `Some(default)` if invalid (an error is recorded).
    pub fn opt_number(
        &mut self,
        value: &Option<Sp<f64>>,
        field: &str,
        bound: Bound,
        help: &str,
    ) -> Option<f64> {
        value
            .as_ref()
            .map(|v| self.number(v, field, bound, help).unwrap_or(f64::NAN))
    }

    /// A required number, with a placeholder on error so validation can go on.
    pub fn required_number(
        &mut self,
        value: &Option<Sp<f64>>,
        (table, table_span): (&str, &Range<usize>),
        field: &str,
        example: &str,
        bound: Bound,
        help: &str,
    ) -> f64 {
        match self.required(value, table, table_span, field, example) {
            Some(v) => self.number(v, field, bound, help).unwrap_or(f64::NAN),
            None => f64::NAN,
        }
    }

    /// A whole number that must be at most `max`.
    pub fn count_at_most(&mut self, value: &Sp<u32>, field: &str, max: u32, help: &str) -> u32 {
        let x = *value.get();
        if x > max {
            self.error(
                value.span(),
                format!("`{field}` is {x}; the most allowed is {max}"),
                help,
            );
            // Clamped so that later arithmetic on periods cannot overflow.
            return max;
        }
        x
    }

    /// An optional count of periods, at most the longest horizon.
    pub fn periods(&mut self, value: &Option<Sp<u32>>, field: &str, default: u32) -> u32 {
        value.as_ref().map_or(default, |v| {
            self.count_at_most(
                v,
                field,
                super::contract::MAX_HORIZON,
                "periods are counted within the deal, at most 1,200",
            )
        })
    }

    /// Resolves a reference to one of `ids`, with a did-you-mean hint on failure.
    pub fn resolve(&mut self, name: &Sp<String>, ids: &[String], what: &str) -> Option<usize> {
        self.resolve_in(name, ids, what, "this file")
    }

    /// Resolves a reference to one of the `ids` that `owner` ("the contract") defines.
    pub fn resolve_in(
        &mut self,
        name: &Sp<String>,
        ids: &[String],
        what: &str,
        owner: &str,
    ) -> Option<usize> {
        if let Some(i) = ids.iter().position(|id| id == name.get()) {
            return Some(i);
        }
        let hint = suggestion_hint(
            name,
            ids.iter().map(String::as_str),
            &if owner == "this file" {
                format!("the {what}s defined here")
            } else {
                format!("the {what}s in {owner}")
            },
        )
        .unwrap_or_else(|| format!("{owner} defines no {what}; add one"));
        let message = if owner == "this file" {
            format!("no {what} named `{}`", name.get())
        } else {
            format!("{owner} has no {what} named `{}`", name.get())
        };
        let d = self
            .at(name.span(), message)
            .label(format!("unknown {what}"))
            .help(hint);
        self.push(d);
        None
    }

    /// Resolves a list of references, rejecting an empty list and repeated names.
    pub fn resolve_list(
        &mut self,
        names: &[Sp<String>],
        ids: &[String],
        what: &str,
        list_span: Range<usize>,
        field: &str,
    ) -> Vec<usize> {
        if names.is_empty() {
            self.error(
                list_span,
                format!("`{field}` is empty"),
                format!("list at least one {what}, or remove `{field}`"),
            );
            return Vec::new();
        }
        let mut out: Vec<usize> = Vec::with_capacity(names.len());
        for name in names {
            if let Some(i) = self.resolve(name, ids, what) {
                if out.contains(&i) {
                    self.error(
                        name.span(),
                        format!("{what} `{}` is listed twice in `{field}`", name.get()),
                        "list each one once",
                    );
                } else {
                    out.push(i);
                }
            }
        }
        out
    }

    /// A non-empty piece of text.
    pub fn text(&mut self, value: &Sp<String>, field: &str) -> String {
        if value.trim().is_empty() {
            self.error(
                value.span(),
                format!("`{field}` is empty"),
                format!("write the {field} between the quotes"),
            );
        }
        value.get().clone()
    }

    /// Checks a table key is a usable id (it appears in dotted metric names).
    pub fn check_id(&mut self, id: &Sp<String>, what: &str) {
        let ok = !id.is_empty()
            && id.chars().count() <= 64
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if !ok {
            self.error(
                id.span(),
                format!("`{}` is not a valid {what} id", id.get()),
                "ids use letters of any alphabet, digits, `_` and `-` (at most 64 characters; no spaces or dots), since they appear in result names like `tranche.<id>.irr`",
            );
        }
    }

    /// "a" or "an" before a word.
    pub fn article(word: &str) -> &'static str {
        match word.trim_start_matches('`').chars().next() {
            Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
            _ => "a",
        }
    }

    /// An error that `field` does not belong here, with what it belongs to.
    pub fn not_applicable(&mut self, span: Range<usize>, field: &str, here: &str, belongs: &str) {
        let d = self
            .at(span, format!("`{field}` does not apply to {here}"))
            .label("not used here")
            .help(format!("`{field}` belongs to {belongs}; remove it"));
        self.push(d);
    }
}
