//! A plain text grid: the first column left-aligned, the others right-aligned, and a value
//! formatter that knows each metric's unit from its name.

use std::fmt::Write;

use crate::format::money;

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
