//! Number formatting shared by every human-readable report.

/// A number as a person would write it: `4800000`, `0.075`, `-3.5`, `1e-9`.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x == x.trunc() && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let s = format!("{:.6}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "0" || s == "-0" {
        format!("{x:e}")
    } else {
        s
    }
}

/// An amount with thousands separators and no decimals: `4,800,000`.
pub fn money(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let rounded = x.round();
    let digits = format!("{}", rounded.abs() as u128);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if rounded < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A figure for reading: thousands separators from 1,000 up (`3,600`, `12,500.5`), else as
/// [`num`] writes it.
pub fn figure(x: f64) -> String {
    if !x.is_finite() || x.abs() < 1000.0 {
        return num(x);
    }
    let whole = money(x.trunc());
    let frac = num((x - x.trunc()).abs());
    match frac.strip_prefix("0.") {
        Some(digits) if x != x.trunc() => format!("{whole}.{digits}"),
        _ => whole,
    }
}

/// A count with its noun, singular or plural, and thousands separators: `1 month`,
/// `3 months`, `1,100 people`.
pub fn count(n: f64, singular: &str) -> String {
    let plural = match singular {
        "person" => "people".to_string(),
        s if s.ends_with('y') && !s.ends_with("ay") => format!("{}ies", &s[..s.len() - 1]),
        s => format!("{s}s"),
    };
    let noun = if n == 1.0 { singular } else { plural.as_str() };
    if n == n.trunc() {
        format!("{} {noun}", money(n))
    } else {
        format!("{} {noun}", num(n))
    }
}

/// An amount with its currency: `GBP 4,800,000`.
pub fn amount(currency: &str, x: f64) -> String {
    format!("{currency} {}", money(x))
}

/// A share as a percentage: `7.5%`, `13%`.
pub fn pct(x: f64) -> String {
    let p = x * 100.0;
    let s = format!("{p:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_words() {
        assert_eq!(count(1.0, "month"), "1 month");
        assert_eq!(count(3.0, "quarter"), "3 quarters");
        assert_eq!(count(1100.0, "person"), "1,100 people");
        assert_eq!(count(2.0, "cohort"), "2 cohorts");
        assert_eq!(count(2.0, "party"), "2 parties");
        assert_eq!(count(2.0, "day"), "2 days");
    }

    #[test]
    fn figures_have_separators() {
        assert_eq!(figure(3600.0), "3,600");
        assert_eq!(figure(12_500.5), "12,500.5");
        assert_eq!(figure(-2500.25), "-2,500.25");
        assert_eq!(figure(0.1387), "0.1387");
        assert_eq!(figure(1.55), "1.55");
    }

    #[test]
    fn formats() {
        assert_eq!(num(4_800_000.0), "4800000");
        assert_eq!(num(0.075), "0.075");
        assert_eq!(num(1e-9), "1e-9");
        assert_eq!(money(4_800_000.4), "4,800,000");
        assert_eq!(money(-1234.0), "-1,234");
        assert_eq!(money(999.0), "999");
        assert_eq!(pct(0.075), "7.5%");
        assert_eq!(pct(0.13), "13%");
    }
}
