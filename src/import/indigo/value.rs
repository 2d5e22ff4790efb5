//! Reading the values of INDIGO's cells: amounts and counts typed by hand ("$11.712M",
//! "1,499.9999"), dates with or without a day, currency codes, lists of ids in one cell, and
//! the free-text investment types. Each reader says when it cannot read a text, and the
//! caller writes a TODO quoting it: nothing here guesses.

use crate::choices::TrancheKind;

/// The largest number a value may have: sibyl's files refuse larger ones as "far too large
/// to be meant" (`validate::ctx::MAX_MAGNITUDE`), and a record's larger number is a typo.
pub const MAX_VALUE: f64 = 1e15;

/// A number read from a cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// The cell is empty.
    Missing,
    /// A number; `plain` when the text was the number alone (no currency, separators or
    /// "M"), so that a comment need not quote it.
    Value { x: f64, plain: bool },
    /// Text that is not one number, or a number beyond [`MAX_VALUE`].
    Garbled,
}

/// Currency signs a typed amount may carry.
const SIGNS: [&str; 7] = ["US$", "$", "£", "€", "¥", "₹", "₽"];

/// An amount or count typed by hand: `1500`, `1,500`, `1 500`, `£1,500`, `GBP 1500`,
/// `1500 GBP`, `$11.712M`, `2.5 million`. Anything else (two numbers, words, a range) is
/// [`Num::Garbled`].
pub fn number(text: &str) -> Num {
    let t = text.trim();
    if t.is_empty() {
        return Num::Missing;
    }
    if let Ok(x) = t.parse::<f64>() {
        // `parse` also reads "inf", "NaN" and "1e400": only finite numbers written in
        // digits count as plain.
        let digits = t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
        return if x.abs() <= MAX_VALUE && digits {
            Num::Value { x, plain: true }
        } else {
            Num::Garbled
        };
    }
    let mut s = t.to_string();
    // A currency code before or after the number, with or without a space.
    if let Some(rest) = strip_code(&s) {
        s = rest;
    }
    for sign in SIGNS {
        if let Some(rest) = s.trim().strip_prefix(sign) {
            s = rest.to_string();
        }
        if let Some(rest) = s.trim().strip_suffix(sign) {
            s = rest.to_string();
        }
    }
    if let Some(rest) = strip_code(&s) {
        s = rest;
    }
    let (body, scale) = scale_suffix(s.trim());
    match digits(body) {
        Some(x) if (x * scale).abs() <= MAX_VALUE => Num::Value {
            x: x * scale,
            plain: false,
        },
        _ => Num::Garbled,
    }
}

/// The text without a three-letter currency code at either end.
fn strip_code(s: &str) -> Option<String> {
    let s = s.trim();
    let chars: Vec<char> = s.chars().collect();
    if chars.len() > 3
        && chars[..3].iter().all(char::is_ascii_uppercase)
        && !chars[3].is_alphabetic()
    {
        return Some(chars[3..].iter().collect::<String>().trim().to_string());
    }
    let n = chars.len();
    if n > 3 && chars[n - 3..].iter().all(char::is_ascii_uppercase) && !chars[n - 4].is_alphabetic()
    {
        return Some(chars[..n - 3].iter().collect::<String>().trim().to_string());
    }
    None
}

/// A trailing "k", "M", "million", "bn"... and the factor it stands for.
fn scale_suffix(s: &str) -> (&str, f64) {
    for (suffix, factor) in [
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("mn", 1e6),
        ("bn", 1e9),
        ("k", 1e3),
        ("m", 1e6),
        ("b", 1e9),
    ] {
        // Compared on the text itself, byte for byte: lower-casing may change lengths
        // (the Kelvin sign becomes `k`), so a cut found on the lower-cased text could
        // fall inside a character.
        let at = s.len().checked_sub(suffix.len());
        if let Some(tail) = at.and_then(|i| s.get(i..)) {
            if tail.eq_ignore_ascii_case(suffix) {
                let body = s[..s.len() - suffix.len()].trim_end();
                if body.ends_with(|c: char| c.is_ascii_digit()) {
                    return (body, factor);
                }
            }
        }
    }
    (s, 1.0)
}

/// Digits with an optional decimal point and thousands grouped by `,`, a space or `_`
/// (groups of exactly three, one separator throughout).
fn digits(s: &str) -> Option<f64> {
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let sep = whole
        .chars()
        .find(|c| matches!(c, ',' | ' ' | '\u{a0}' | '_'));
    let plain: String = match sep {
        None => whole.to_string(),
        Some(sep) => {
            let groups: Vec<&str> = whole.split(sep).collect();
            let first_ok = (1..=3).contains(&groups[0].len());
            let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
            if !first_ok || !rest_ok {
                return None;
            }
            groups.concat()
        }
    };
    if plain.is_empty() || !plain.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let text = match frac {
        Some(f) => format!("{plain}.{f}"),
        None => plain,
    };
    text.parse().ok()
}

/// An amount of money to the cent, and whether rounding changed it (INDIGO's float noise:
/// `1499.9999`).
pub fn cents(x: f64) -> (f64, bool) {
    let r = (x * 100.0).round() / 100.0;
    (r, (r - x).abs() > 1e-9 * x.abs().max(1.0))
}

/// A count of people or outcomes: a whole number, allowing float noise (`405.9999`).
pub fn whole(x: f64) -> Option<f64> {
    let r = x.round();
    ((x - r).abs() <= 0.01 && r >= 0.0).then_some(r)
}

/// A date as INDIGO writes it: `2015`, `2015-01` or `2015-01-15` (or with `/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// Which parts the text gave: 1 (year), 2 (month) or 3 (day).
    pub parts: u8,
}

impl Date {
    /// Months since year 0 of the date's month.
    pub fn months(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }
}

pub fn date(text: &str) -> Option<Date> {
    let t = text.trim();
    let parts: Vec<&str> = t.split(['-', '/']).collect();
    if parts.is_empty()
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    if parts[0].len() != 4 || parts[1..].iter().any(|p| p.len() > 2) {
        return None;
    }
    let year: i32 = parts[0].parse().ok()?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    let month: u32 = match parts.get(1) {
        Some(m) => m.parse().ok()?,
        None => 1,
    };
    if !(1..=12).contains(&month) {
        return None;
    }
    let day: u32 = match parts.get(2) {
        Some(d) => d.parse().ok()?,
        None => 1,
    };
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(Date {
        year,
        month,
        day,
        parts: parts.len() as u8,
    })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// An ISO 4217 code as typed (`GBP`, `gbp`, ` AUD `); `None` for anything else ("Swiss
/// Francs", "£").
pub fn currency(text: &str) -> Option<String> {
    let t = text.trim();
    (t.len() == 3 && t.chars().all(|c| c.is_ascii_alphabetic())).then(|| t.to_ascii_uppercase())
}

/// The ids in a cell: `INDIGO-ORG-0171,INDIGO-ORG-1061` holds two.
pub fn ids(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .flat_map(str::split_whitespace)
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// An id for a key in sibyl's files from a name: lower case, letters and digits of any
/// alphabet, `_` between words, at most `max` characters. Empty when the name has no
/// letters or digits.
pub fn slug(name: &str, max: usize) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut cut: String = out.chars().take(max).collect();
    // Cut in the middle of a word: end at the word before.
    if out.chars().nth(max).is_some_and(|c| c != '_')
        && let Some(i) = cut.rfind('_')
        && i > 0
    {
        cut.truncate(i);
    }
    cut.trim_end_matches('_').to_string()
}

/// Words an id does not end on when a long name is cut.
const DANGLING: [&str; 10] = ["and", "of", "the", "for", "in", "on", "to", "a", "an", "at"];

/// An id for an organisation from its name: the acronym in brackets when it has one
/// ("Department for Work and Pensions (DWP)" is `dwp`), else the name before any brackets,
/// cut to `max` characters at a word that does not dangle.
pub fn org_slug(name: &str, max: usize) -> String {
    if let (Some(open), Some(close)) = (name.find('('), name.rfind(')'))
        && open < close
    {
        let inner = name[open + 1..close].trim();
        let acronym = (2..=10).contains(&inner.chars().count())
            && !inner.contains(' ')
            && inner.chars().filter(|c| c.is_uppercase()).count() >= 2;
        if acronym {
            let s = slug(inner, max);
            if !s.is_empty() {
                return s;
            }
        }
        let before = slug(&name[..open], max);
        if !before.is_empty() {
            return trim_dangling(before, slug(name, usize::MAX).len() > max);
        }
    }
    let full = slug(name, usize::MAX);
    trim_dangling(slug(name, max), full.chars().count() > max)
}

/// A cut id without a dangling last word ("ministry_of_housing_communities_and").
fn trim_dangling(mut id: String, cut: bool) -> String {
    while cut
        && let Some(i) = id.rfind('_')
        && DANGLING.contains(&&id[i + 1..])
    {
        id.truncate(i);
    }
    id
}

/// The first sentence of a definition, for a metric's unit: up to `max` characters.
pub fn first_sentence(text: &str, max: usize) -> String {
    let t = crate::import::writer::comment_text(text);
    // A full stop ends the sentence unless it ends an abbreviation ("incl.", "e.g.") or
    // falls inside brackets.
    let abbreviation = |before: &str| {
        let word = before
            .rsplit([' ', '('])
            .next()
            .unwrap_or("")
            .to_lowercase();
        [
            "incl", "e.g", "i.e", "etc", "approx", "no", "vs", "cf", "min", "max",
        ]
        .contains(&word.as_str())
    };
    let end = t
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| {
            let before = &t[..i];
            before.matches('(').count() <= before.matches(')').count() && !abbreviation(before)
        })
        .unwrap_or(t.len());
    let s = t[..end].trim_end_matches('.');
    crate::import::writer::shorten(s, max)
}

/// Whether a note speaks of a cap per person ("The maximum amount payable per individual
/// is 8,200"), which the contract's rule would carry as `cap_per_participant`.
pub fn per_person_cap(text: &str) -> bool {
    let t = text.to_lowercase();
    let per = [
        "per individual",
        "per person",
        "per participant",
        "per young person",
        "per service user",
        "per beneficiary",
        "per client",
        "per head",
    ]
    .iter()
    .any(|p| t.contains(p));
    let cap = ["max", "cap", "limit", "up to"]
        .iter()
        .any(|c| t.contains(c));
    per && cap
}

/// What an investment is, from INDIGO's free-text type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capital {
    /// A tranche of this kind; `sure` when the text names it plainly.
    Tranche { kind: TrancheKind, sure: bool },
    /// Cover of someone else's losses, not capital: a guarantee.
    Guarantee,
    /// Nothing recognisable (or empty).
    Unknown,
}

pub fn capital(text: &str) -> Capital {
    let t = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let tranche = |kind, sure| Capital::Tranche { kind, sure };
    if t.trim().is_empty() {
        Capital::Unknown
    } else if has(&["deferred", "deferres"]) {
        tranche(TrancheKind::DeferredFees, true)
    } else if has(&[
        "first loss",
        "guarantee",
        "risk share",
        "capital preservation",
        "capital protection",
    ]) {
        Capital::Guarantee
    } else if has(&["senior"]) {
        tranche(TrancheKind::SeniorLoan, true)
    } else if has(&["subordinat", "junior", "mezzanine"]) {
        tranche(TrancheKind::JuniorLoan, true)
    } else if has(&["equity"]) && has(&["debt", "loan"]) {
        Capital::Unknown
    } else if has(&["equity"]) {
        tranche(TrancheKind::Equity, true)
    } else if has(&["grant"]) {
        // Recyclable grants are repaid from outcome payments; a plain grant may not be.
        tranche(
            TrancheKind::RecoverableGrant,
            t.contains("recyclable") || t.contains("recoverable"),
        )
    } else if has(&["loan", "debt"]) {
        // A loan of unstated rank.
        tranche(TrancheKind::SeniorLoan, false)
    } else {
        Capital::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Option<f64> {
        match number(text) {
            Num::Value { x, .. } => Some(x),
            _ => None,
        }
    }

    #[test]
    fn a_suffix_next_to_letters_that_change_length_in_lower_case_is_no_panic() {
        // `İ` lower-cases to three bytes, the Kelvin sign to one: a cut on the lower-cased
        // text fell inside a character.
        let _ = number("İİ5\u{212A}");
        assert_eq!(scale_suffix("5K"), ("5", 1e3));
        assert_eq!(scale_suffix("5\u{212A}").1, 1.0);
    }

    #[test]
    fn amounts_as_people_type_them() {
        assert_eq!(
            number("500"),
            Num::Value {
                x: 500.0,
                plain: true
            }
        );
        assert_eq!(number(""), Num::Missing);
        assert_eq!(number("  "), Num::Missing);
        assert_eq!(value("1499.9999"), Some(1499.9999));
        assert_eq!(value("1,350,000"), Some(1_350_000.0));
        assert_eq!(value("$1,350,000"), Some(1_350_000.0));
        assert_eq!(value("$11.712M"), Some(11_712_000.0));
        assert_eq!(value("£1 500"), Some(1500.0));
        assert_eq!(value("GBP 2,742,943"), Some(2_742_943.0));
        assert_eq!(value("2742943 GBP"), Some(2_742_943.0));
        assert_eq!(value("GBP1500"), Some(1500.0));
        assert_eq!(value("2.5 million"), Some(2_500_000.0));
        assert_eq!(value("15000000"), Some(15_000_000.0));
        assert!(matches!(
            number("$1,350,000"),
            Num::Value { plain: false, .. }
        ));
    }

    #[test]
    fn what_is_not_one_number_is_garbled() {
        for text in [
            "$",
            "$5,290,000 (housing stability); $6,130,000 (jail day reduction)",
            "1,50,000",
            "1.500,5",
            "about 300",
            "inf",
            "NaN",
            "1e400",
            "1e3",
            "1000000000000001",
            "99999999999999999999999999999999999999999999",
            "$2,000,000bn",
            "--5",
            "M",
            "GBP",
            "Of the 258 individuals who started treatment, 253 (98%) completed",
        ] {
            assert_eq!(number(text), Num::Garbled, "{text}");
        }
    }

    #[test]
    fn float_noise_rounds_to_cents_and_whole_counts() {
        assert_eq!(cents(1499.9999), (1500.0, true));
        assert_eq!(cents(292_897.714), (292_897.71, true));
        assert_eq!(cents(500.0), (500.0, false));
        assert_eq!(whole(405.9999), Some(406.0));
        assert_eq!(whole(12.5), None);
        assert_eq!(whole(-1.0), None);
    }

    #[test]
    fn dates_with_or_without_days() {
        assert_eq!(
            date("2015-01"),
            Some(Date {
                year: 2015,
                month: 1,
                day: 1,
                parts: 2
            })
        );
        assert_eq!(date("2017").map(|d| (d.month, d.parts)), Some((1, 1)));
        assert_eq!(date("2016-02-29").map(|d| d.day), Some(29));
        assert_eq!(date("2015/7").map(|d| d.month), Some(7));
        for bad in [
            "",
            "2015-13",
            "2015-02-30",
            "2015-1-1-1",
            "15-01",
            "current",
            "9th December 2019",
            "2015-",
            "20150",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
        let (a, b) = (date("2015-01").unwrap(), date("2017-12").unwrap());
        assert_eq!(b.months() - a.months() + 1, 36);
    }

    #[test]
    fn currencies_ids_and_slugs() {
        assert_eq!(currency(" AUD "), Some("AUD".into()));
        assert_eq!(currency("gbp"), Some("GBP".into()));
        assert_eq!(currency("Swiss Francs"), None);
        assert_eq!(currency("£"), None);
        assert_eq!(
            ids("INDIGO-ORG-0171,INDIGO-ORG-1061"),
            ["INDIGO-ORG-0171", "INDIGO-ORG-1061"]
        );
        assert_eq!(ids(" indigo-org-0001 ; , "), ["INDIGO-ORG-0001"]);
        assert!(ids("").is_empty());
        assert_eq!(
            slug(
                "YMCA England & Wales (Young Men's Christian Association)",
                40
            ),
            "ymca_england_wales_young_men_s_christian"
        );
        assert_eq!(slug("Société Générale", 40), "société_générale");
        assert_eq!(slug("!!!", 40), "");
        assert_eq!(slug("St Basil's", 40), "st_basil_s");
        assert_eq!(
            org_slug("Department for Work and Pensions (DWP)", 40),
            "dwp"
        );
        assert_eq!(
            org_slug(
                "Ministry of Housing, Communities and Local Government (MHCLG)",
                40
            ),
            "mhclg"
        );
        assert_eq!(
            org_slug("P3 Charity (People Potential Possibilities)", 40),
            "p3_charity"
        );
        assert_eq!(
            org_slug(
                "YMCA England & Wales (Young Men's Christian Association)",
                40
            ),
            "ymca_england_wales"
        );
        assert_eq!(
            org_slug("Goldman Sachs (Social Impact Fund)", 40),
            "goldman_sachs"
        );
        assert_eq!(
            org_slug("Ministry of Housing Communities and Local Government", 35),
            "ministry_of_housing_communities"
        );
        assert_eq!(org_slug("The Y", 40), "the_y");
        assert_eq!(org_slug("(!!)", 40), "");
    }

    #[test]
    fn sentences_and_notes() {
        assert_eq!(
            first_sentence("Initial Assessment fee. Number of initial assessments.", 80),
            "Initial Assessment fee"
        );
        assert_eq!(first_sentence("No full stop", 80), "No full stop");
        assert_eq!(
            first_sentence(
                "First Entry Level qualification (incl. Maths and/or English), minimum 45 hours. More.",
                80
            ),
            "First Entry Level qualification (incl. Maths and/or English), minimum 45 hours"
        );
        assert_eq!(
            first_sentence(
                "First level 1 qualification (e.g. NVQ), minimum 120 hours. Achievement.",
                80
            ),
            "First level 1 qualification (e.g. NVQ), minimum 120 hours"
        );
        assert!(per_person_cap(
            "The maximum amount payable per individual is 8,200 for the first round"
        ));
        assert!(!per_person_cap(
            "Outcome figures were extracted from the final evaluation report"
        ));
    }

    #[test]
    fn investment_types() {
        let t = |k| Capital::Tranche {
            kind: k,
            sure: true,
        };
        assert_eq!(capital("Quasi-equity"), t(TrancheKind::Equity));
        assert_eq!(
            capital("senior loan (jail bed outcome) "),
            t(TrancheKind::SeniorLoan)
        );
        assert_eq!(
            capital("Commercial (Subordinate)"),
            t(TrancheKind::JuniorLoan)
        );
        assert_eq!(
            capital("Recyclable grants"),
            t(TrancheKind::RecoverableGrant)
        );
        assert_eq!(capital("deferres fees"), t(TrancheKind::DeferredFees));
        assert_eq!(capital("First Loss"), Capital::Guarantee);
        assert_eq!(
            capital("Loan"),
            Capital::Tranche {
                kind: TrancheKind::SeniorLoan,
                sure: false
            }
        );
        assert_eq!(capital("Equity and debt"), Capital::Unknown);
        assert_eq!(capital("philanthropic investment"), Capital::Unknown);
        assert_eq!(capital(""), Capital::Unknown);
    }
}
