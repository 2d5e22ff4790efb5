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
