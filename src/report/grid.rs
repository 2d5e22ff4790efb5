//! A plain text grid: the first column left-aligned, the others right-aligned, and a value
//! formatter that knows each metric's unit from its name.

use std::fmt::Write;

use crate::format::money;
use crate::i18n::{Lang, Locale};

/// Rows of cells; rows may be shorter than the widest.
#[derive(Debug, Default)]
pub struct Grid {
    rows: Vec<Vec<String>>,
    /// Columns after the first that are left-aligned too (text, bars).
    left: Vec<usize>,
}

impl Grid {
    pub fn new(header: Vec<String>) -> Self {
        Grid {
            rows: vec![header],
            left: Vec::new(),
        }
    }

    /// Left-aligns column `col` (a bar or text).
    pub fn left(mut self, col: usize) -> Self {
        self.left.push(col);
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0usize; cols];
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for row in &self.rows {
            let mut line = String::new();
            for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
                if i == 0 {
                    let _ = write!(line, "{cell:<w$}");
                } else if self.left.contains(&i) {
                    let _ = write!(line, "  {cell:<w$}");
                } else {
                    let _ = write!(line, "  {cell:>w$}");
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// " in real terms (period-0 money)" for a report in real terms, else nothing.
pub fn terms_note(terms: crate::engine::Reporting) -> &'static str {
    match terms {
        crate::engine::Reporting::Nominal => "",
        crate::engine::Reporting::Real => " in real terms (period-0 money)",
    }
}

/// The note of [`terms_note`] in a language: ` in real terms (period-0 money)` for a report
/// in real terms (with its leading space), else nothing.
pub fn terms_note_in(loc: &Locale, terms: crate::engine::Reporting) -> String {
    match terms {
        crate::engine::Reporting::Nominal => String::new(),
        crate::engine::Reporting::Real => format!(" {}", loc.t("tables-terms-real")),
    }
}

/// ", stress preset NAME" after a title when a stress preset applies, else nothing.
pub fn stress_note(loc: &Locale, stress: Option<&str>) -> String {
    stress.map_or(String::new(), |s| {
        crate::tr!(loc, "tables-stress-preset", preset = s)
    })
}

/// A cell for a figure a design or case does not have: `n/a`.
pub fn na(loc: &Locale) -> String {
    loc.t("tables-na")
}

/// A whole amount: as [`crate::format::money`] writes it in English, grouped as the
/// language groups it otherwise.
pub fn money_in(loc: &Locale, x: f64) -> String {
    match loc.lang {
        Lang::En => money(x),
        _ => loc.money(x),
    }
}

/// A number with `decimals` decimals: as `format!` writes it in English (ungrouped), as
/// the language writes it otherwise.
pub fn fixed_in(loc: &Locale, x: f64, decimals: usize) -> String {
    match loc.lang {
        Lang::En => format!("{x:.decimals$}"),
        _ => loc.fixed(x, decimals),
    }
}

/// A count of trials with its noun: `2,000 trials` / `2000 итерации`. English keeps the
/// plural for one trial too, as these tables always wrote it.
pub fn trials(loc: &Locale, n: u64) -> String {
    match loc.lang {
        Lang::En => format!("{} trials", money(n as f64)),
        _ => loc.count(n as f64, "trial"),
    }
}

/// An assumption's value, compactly: whole and grouped from 1,000 up, else to four
/// decimals without trailing zeros.
pub fn assumption_value(loc: &Locale, x: f64) -> String {
    if x.abs() >= 1000.0 {
        money_in(loc, x)
    } else {
        loc.plain((x * 1e4).round() / 1e4)
    }
}

/// Values joined into a list: `, ` between them, `; ` where the language writes decimal
/// commas.
pub fn list(loc: &Locale, items: &[String]) -> String {
    items.join(if loc.decimal() == ',' { "; " } else { ", " })
}

/// How a metric's values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A rate a year (IRR): `12.3%`.
    Rate,
    /// A multiple (MOIC): `1.18x`.
    Multiple,
    /// A probability: `48.9%`.
    Probability,
    /// An amount of money: `1,234,567`.
    Money,
    /// Outcomes in a metric's own unit: one decimal below 100.
    Count,
}

impl Unit {
    /// The unit of a metric, from its name as `run` gives it.
    pub fn of_metric(name: &str) -> Unit {
        if name.ends_with(".irr") || name.ends_with(".mirr") || name.ends_with(".pooled_irr") {
            Unit::Rate
        } else if name.ends_with(".moic") {
            Unit::Multiple
        } else if name.starts_with("outcomes.") && !name.ends_with(".paid") {
            Unit::Count
        } else {
            Unit::Money
        }
    }

    pub fn show(self, x: f64) -> String {
        if x.is_nan() {
            return "-".into();
        }
        match self {
            Unit::Rate | Unit::Probability => format!("{:.1}%", 100.0 * x),
            Unit::Multiple => format!("{x:.2}x"),
            Unit::Money => money(x),
            Unit::Count if x.abs() < 100.0 => format!("{x:.1}"),
            Unit::Count => money(x),
        }
    }

    /// A value as [`Unit::show`] writes it, in a language: `12.3%` / `12,3 %`.
    pub fn show_in(self, loc: &Locale, x: f64) -> String {
        if loc.lang == Lang::En || x.is_nan() {
            return self.show(x);
        }
        match self {
            Unit::Rate | Unit::Probability => loc.pct_fixed(x, 1),
            Unit::Multiple => loc.multiple(x),
            Unit::Money => loc.money(x),
            Unit::Count if x.abs() < 100.0 => loc.fixed(x, 1),
            Unit::Count => loc.money(x),
        }
    }

    /// A change as [`Unit::change`] writes it, in a language: `+1.2% (0.1%)` /
    /// `+1,2 % (0,1 %)`.
    pub fn change_in(self, loc: &Locale, d: f64, se: f64) -> String {
        if d.is_nan() {
            return "-".into();
        }
        let sign = if d > 0.0 && self.show_in(loc, d) != self.show_in(loc, 0.0) {
            "+"
        } else {
            ""
        };
        format!(
            "{sign}{} ({})",
            self.show_in(loc, d),
            self.error_in(loc, se)
        )
    }

    /// A standard error as [`Unit::error`] writes it, in a language.
    pub fn error_in(self, loc: &Locale, se: f64) -> String {
        if loc.lang == Lang::En {
            return self.error(se);
        }
        match self {
            Unit::Rate | Unit::Probability if se > 0.0 && se < 0.0005 => loc.pct_fixed(se, 2),
            Unit::Multiple if se > 0.0 && se < 0.005 => format!("{}x", loc.fixed(se, 3)),
            _ => self.show_in(loc, se),
        }
    }

    /// A change, signed, with its standard error: `+1.2% (0.1%)`.
    pub fn change(self, d: f64, se: f64) -> String {
        if d.is_nan() {
            return "-".into();
        }
        let sign = if d > 0.0 && self.show(d) != self.show(0.0) {
            "+"
        } else {
            ""
        };
        format!("{sign}{} ({})", self.show(d), self.error(se))
    }

    /// A standard error, with a digit more where the usual precision would show 0.
    pub fn error(self, se: f64) -> String {
        match self {
            Unit::Rate | Unit::Probability if se > 0.0 && se < 0.0005 => {
                format!("{:.2}%", 100.0 * se)
            }
            Unit::Multiple if se > 0.0 && se < 0.005 => format!("{se:.3}x"),
            _ => self.show(se),
        }
    }
}

/// The metrics a comparison shows for people, in order: returns and losses first, then
/// what payers pay, then the deal (the JSON has every metric).
pub fn key_metric(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    matches!(
        parts.as_slice(),
        ["tranche", _, "moic" | "irr" | "loss"]
            | [
                "payer",
                _,
                "paid" | "npv" | "paid_for_measurement_error" | "net_value" | "premium"
            ]
            | ["deal", "paid"]
            | ["provider", _, "margin"]
    )
}

/// The probabilities a comparison shows for people.
pub fn key_probability(name: &str) -> bool {
    name == "deal.any_payment" || (name.starts_with("tranche.") && name.ends_with(".loss"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_changes() {
        assert_eq!(Unit::of_metric("tranche.bonds.irr"), Unit::Rate);
        assert_eq!(Unit::of_metric("tranche.bonds.moic"), Unit::Multiple);
        assert_eq!(Unit::of_metric("payer.moj.paid"), Unit::Money);
        assert_eq!(Unit::Money.change(1234.4, 10.0), "+1,234 (10)");
        assert_eq!(Unit::Rate.change(-0.012, 0.001), "-1.2% (0.1%)");
        assert_eq!(Unit::Money.change(0.0, 0.0), "0 (0)");
        assert_eq!(Unit::Money.change(f64::NAN, 0.0), "-");
        assert_eq!(Unit::Rate.change(-0.027, 0.00036), "-2.7% (0.04%)");
        assert_eq!(Unit::Multiple.change(0.09, 0.0007), "+0.09x (0.001x)");
    }

    #[test]
    fn units_in_languages() {
        let (en, sv, bg) = (
            Locale::of(Lang::En),
            Locale::of(Lang::Sv),
            Locale::of(Lang::Bg),
        );
        for (unit, x, se) in [
            (Unit::Money, 1234.5, 10.0),
            (Unit::Rate, -0.012, 0.001),
            (Unit::Rate, -0.027, 0.00036),
            (Unit::Multiple, 0.09, 0.0007),
            (Unit::Count, 12.345, 0.5),
        ] {
            assert_eq!(unit.show_in(en, x), unit.show(x));
            assert_eq!(unit.change_in(en, x, se), unit.change(x, se));
        }
        assert_eq!(Unit::Rate.show(-0.0001), "-0.0%");
        assert_eq!(
            Unit::Rate.change_in(sv, -0.027, 0.00036),
            "\u{2212}2,7\u{a0}% (0,04\u{a0}%)"
        );
        assert_eq!(
            Unit::Multiple.change_in(sv, 0.09, 0.0007),
            "+0,09x (0,001x)"
        );
        assert_eq!(
            Unit::Money.change_in(bg, 12_345.0, 1234.0),
            "+12\u{a0}345 (1234)"
        );
        assert_eq!(Unit::Count.show_in(bg, 12.34), "12,3");
        assert_eq!(assumption_value(sv, 0.123456), "0,1235");
        assert_eq!(assumption_value(en, 12_345.6), "12,346");
        assert_eq!(
            terms_note_in(en, crate::engine::Reporting::Real),
            terms_note(crate::engine::Reporting::Real)
        );
    }

    #[test]
    fn key_rows() {
        assert!(key_metric("tranche.bonds.irr"));
        assert!(key_metric("payer.moj.paid"));
        assert!(!key_metric("payer.moj.paid_year.2014"));
        assert!(key_probability("tranche.bonds.loss"));
        assert!(!key_probability("tranche.bonds.irr_undefined"));
    }

    #[test]
    fn grid_aligns() {
        let mut g = Grid::new(vec!["".into(), "a".into()]);
        g.row(vec!["long label".into(), "1".into()]);
        assert_eq!(g.render(), "            a\nlong label  1\n");
    }
}
