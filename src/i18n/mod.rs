//! Languages: every text sibyl shows people, in English, Bulgarian, Swedish and Finnish,
//! and numbers, money, shares and dates written as each language writes them.
//!
//! The texts are Project Fluent files, one folder per language and one file per topic
//! (`locales/<lang>/<topic>.ftl`), compiled into the binary: a translator edits text files,
//! not code. Code asks for a message by its id ([`Locale::t`], [`tr!`]); numbers are
//! formatted here, before they reach a message, so a message's variables are text except
//! those a message selects on (plural forms), which are numbers. A message missing in a
//! language falls back to English (a test keeps every language complete).
//!
//! JSON, CSV and diagnostics stay English: scripts never depend on the language.

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language sibyl speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Bulgarian (български).
    Bg,
    /// Swedish (svenska).
    Sv,
    /// Finnish (suomi).
    Fi,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Bg, Lang::Sv, Lang::Fi];

    /// The language's ISO 639-1 code: `en`, `bg`, `sv`, `fi`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Bg => "bg",
            Lang::Sv => "sv",
            Lang::Fi => "fi",
        }
    }

    /// A language from a code or a POSIX locale name (`sv`, `sv_SE.UTF-8`, `fi-FI`,
    /// `bg_BG@euro`); `None` for any other language.
    pub fn parse(name: &str) -> Option<Lang> {
        let code = name
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language of the environment's locale: the first of `LC_ALL`, `LC_MESSAGES` and
    /// `LANG` that is set and not empty, English if it names none of sibyl's languages.
    pub fn from_env() -> Lang {
        Lang::from_vars(|k| std::env::var(k).ok())
    }

    /// As [`Lang::from_env`], reading the variables through `var`.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::parse(&v))
            .unwrap_or(Lang::En)
    }
}

/// The topics, one Fluent file each in every language's folder.
pub const TOPICS: [&str; 11] = [
    "common", "run", "settle", "warnings", "explain", "tables", "report", "workbook", "import",
    "sweep", "serve",
];

macro_rules! language {
    ($lang:literal) => {
        [
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/common.ftl"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/run.ftl"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/settle.ftl"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/warnings.ftl"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/explain.ftl"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/tables.ftl"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/report.ftl"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/workbook.ftl"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/import.ftl"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/sweep.ftl"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/serve.ftl"
            )),
        ]
    };
}

/// The Fluent sources of a language, in the order of [`TOPICS`].
pub fn sources(lang: Lang) -> [&'static str; TOPICS.len()] {
    match lang {
        Lang::En => language!("en"),
        Lang::Bg => language!("bg"),
        Lang::Sv => language!("sv"),
        Lang::Fi => language!("fi"),
    }
}

/// A message variable: text, or a number for a message to select on (plural forms).
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(s.as_str()))
    }
}
impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(x: $t) -> Self {
                Arg::Number(x as f64)
            }
        }
    )*};
}
number_arg!(f64, u64, u32, usize, i64, i32);

/// A message with variables: `tr!(loc, "run-title", deal = name, trials = n)`.
#[macro_export]
macro_rules! tr {
    ($loc:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $loc.tr($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),*])
    };
}

/// One language's messages and number formats.
pub struct Locale {
    pub lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Locale({})", self.lang.code())
    }
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier =
        lang.code().parse().expect("sibyl's language codes parse");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Plain text: no Unicode isolation marks around variables in a terminal or a cell.
    bundle.set_use_isolating(false);
    for (topic, source) in TOPICS.iter().zip(sources(lang)) {
        // The files are checked by the tests; a syntax error keeps the entries that parse.
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, e)| {
            debug_assert!(false, "locales/{}/{topic}.ftl: {e:?}", lang.code());
            r
        });
        bundle.add_resource_overriding(resource);
    }
    bundle
}

impl Locale {
    /// The locale of a language, built once per process.
    pub fn of(lang: Lang) -> &'static Locale {
        static LOCALES: [OnceLock<Locale>; 4] = [
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ];
        let i = Lang::ALL
            .iter()
            .position(|&l| l == lang)
            .expect("every language is in ALL");
        LOCALES[i].get_or_init(|| Locale {
            lang,
            bundle: bundle(lang),
        })
    }

    /// English: the language of JSON messages.
    pub fn english() -> &'static Locale {
        Locale::of(Lang::En)
    }

    /// Whether the language has a message with this id (English always should).
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// A message without variables.
    pub fn t(&self, id: &str) -> String {
        self.tr(id, &[])
    }

    /// A message with variables (see [`tr!`]).
    pub fn tr(&self, id: &str, args: &[(&str, Arg)]) -> String {
        match self.format(id, args) {
            Some(text) => text,
            None if self.lang != Lang::En => Locale::english().tr(id, args),
            None => {
                debug_assert!(false, "no English message `{id}`");
                format!("<{id}>")
            }
        }
    }

    fn format(&self, id: &str, args: &[(&str, Arg)]) -> Option<String> {
        let message = self.bundle.get_message(id)?;
        let pattern = message.value()?;
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            match value {
                Arg::Text(s) => fluent.set(*name, FluentValue::from(s.to_string())),
                Arg::Number(x) => fluent.set(*name, FluentValue::from(*x)),
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent), &mut errors);
        debug_assert!(
            errors.is_empty(),
            "locales/{}: message `{id}`: {errors:?}",
            self.lang.code()
        );
        Some(text.into_owned())
    }

    /// The decimal separator: `.` in English, `,` in Bulgarian, Swedish and Finnish.
    pub fn decimal(&self) -> char {
        match self.lang {
            Lang::En => '.',
            _ => ',',
        }
    }

    /// The minus sign: `-` in English and Bulgarian, `−` (U+2212) in Swedish and Finnish
    /// (CLDR).
    pub fn minus(&self) -> char {
        match self.lang {
            Lang::Sv | Lang::Fi => '\u{2212}',
            _ => '-',
        }
    }

    /// The thousands separator: `,` in English, a no-break space in the others (CLDR).
    pub fn group(&self) -> char {
        match self.lang {
            Lang::En => ',',
            _ => '\u{a0}',
        }
    }

    /// Digits a whole part needs before it is grouped: Bulgarian writes `1000` but
    /// `10 000` (CLDR's minimum grouping digits).
    fn min_grouping(&self) -> usize {
        match self.lang {
            Lang::Bg => 5,
            _ => 4,
        }
    }

    /// A number with `decimals` digits after the separator, thousands grouped:
    /// `1,234.50` / `1 234,50`. Not-a-number is `-`; a value that rounds to zero has no
    /// sign.
    pub fn fixed(&self, x: f64, decimals: usize) -> String {
        if x.is_nan() {
            return "-".into();
        }
        if x.is_infinite() {
            return if x > 0.0 {
                "∞".into()
            } else {
                format!("{}∞", self.minus())
            };
        }
        // Whole numbers round half away from zero, as `crate::format::money` does.
        let x = if decimals == 0 { x.round() } else { x };
        let text = format!("{:.*}", decimals, x.abs());
        let negative = x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut out = String::with_capacity(text.len() + 8);
        if negative {
            out.push(self.minus());
        }
        out.push_str(&self.grouped(whole));
        if !frac.is_empty() {
            out.push(self.decimal());
            out.push_str(frac);
        }
        out
    }

    fn grouped(&self, digits: &str) -> String {
        if digits.len() < self.min_grouping() {
            return digits.to_string();
        }
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(self.group());
            }
            out.push(c);
        }
        out
    }

    /// A whole amount, grouped: `4,800,000` / `4 800 000`.
    pub fn money(&self, x: f64) -> String {
        self.fixed(x, 0)
    }

    /// An amount with its currency code where the language puts it: `GBP 4,800,000`,
    /// `4 800 000 GBP`.
    pub fn amount(&self, currency: &str, x: f64) -> String {
        match self.lang {
            Lang::En => format!("{currency} {}", self.money(x)),
            _ => format!("{}\u{a0}{currency}", self.money(x)),
        }
    }

    /// A number as a person would write it, up to six decimals without trailing zeros,
    /// thousands grouped: `0.075`, `12,500.5` / `0,075`, `12 500,5`.
    pub fn num(&self, x: f64) -> String {
        if !x.is_finite() {
            return self.fixed(x, 0);
        }
        if x != 0.0 && x.abs() < 1e-6 {
            let s = format!("{:e}", x.abs()).replace('.', &self.decimal().to_string());
            return if x < 0.0 {
                format!("{}{s}", self.minus())
            } else {
                s
            };
        }
        let s = self.fixed(x, 6);
        if !s.contains(self.decimal()) {
            return s;
        }
        s.trim_end_matches('0')
            .trim_end_matches(self.decimal())
            .to_string()
    }

    /// A number without thousands separators, up to six decimals (as
    /// [`crate::format::num`] writes it, with the language's decimal separator):
    /// `4800000`, `0.075` / `0,075`.
    pub fn plain(&self, x: f64) -> String {
        let s = crate::format::num(x);
        let s = match self.lang {
            Lang::En => s,
            _ => s.replace('.', ","),
        };
        match s.strip_prefix('-') {
            Some(rest) => format!("{}{rest}", self.minus()),
            None => s,
        }
    }

    /// A figure for reading (as [`crate::format::figure`]): grouped from 1,000 up, else as
    /// [`Locale::plain`] writes it: `3,600`, `12,500.5`, `0.1387` / `3 600`, `0,1387`.
    pub fn figure(&self, x: f64) -> String {
        if !x.is_finite() || x.abs() < 1000.0 {
            return self.plain(x);
        }
        self.num(x)
    }

    /// A share as a percentage with up to `decimals` decimals, trailing zeros dropped:
    /// `7.5%` / `7,5 %` (Swedish and Finnish put a no-break space before the sign).
    pub fn pct(&self, share: f64) -> String {
        self.percent(share, 2, true)
    }

    /// A share as a percentage with exactly `decimals` decimals: `12.0%` / `12,0 %`.
    pub fn pct_fixed(&self, share: f64, decimals: usize) -> String {
        self.percent(share, decimals, false)
    }

    fn percent(&self, share: f64, decimals: usize, trim: bool) -> String {
        if share.is_nan() {
            return "-".into();
        }
        let mut s = self.fixed(100.0 * share, decimals);
        if trim && s.contains(self.decimal()) {
            s = s
                .trim_end_matches('0')
                .trim_end_matches(self.decimal())
                .to_string();
        }
        match self.lang {
            Lang::Sv | Lang::Fi => format!("{s}\u{a0}%"),
            _ => format!("{s}%"),
        }
    }

    /// A multiple of money: `1.02x` / `1,02x`.
    pub fn multiple(&self, x: f64) -> String {
        if x.is_nan() {
            return "-".into();
        }
        format!("{}x", self.fixed(x, 2))
    }

    /// A count with its noun from the message `unit-<noun>` (which selects its plural on
    /// `$count`): `1,100 people` / `1 100 души`.
    pub fn count(&self, n: f64, noun: &str) -> String {
        let number = if n == n.trunc() {
            self.money(n)
        } else {
            self.num(n)
        };
        let id = format!("unit-{noun}");
        format!("{number} {}", self.tr(&id, &[("count", Arg::Number(n))]))
    }

    /// A month's short name, 1 to 12 (`Sep` / `syysk.`), from the messages `month-<m>`.
    pub fn month(&self, month: u32) -> String {
        self.t(&format!("month-{month}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    #[test]
    fn languages_from_locale_names() {
        assert_eq!(Lang::parse("sv_SE.UTF-8"), Some(Lang::Sv));
        assert_eq!(Lang::parse("fi-FI"), Some(Lang::Fi));
        assert_eq!(Lang::parse("bg_BG@euro"), Some(Lang::Bg));
        assert_eq!(Lang::parse("C.UTF-8"), None);
        let env = |vars: &'static [(&'static str, &'static str)]| {
            Lang::from_vars(move |k| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            })
        };
        assert_eq!(env(&[("LANG", "fi_FI.UTF-8")]), Lang::Fi);
        assert_eq!(env(&[("LC_ALL", ""), ("LANG", "bg_BG.UTF-8")]), Lang::Bg);
        assert_eq!(env(&[("LC_ALL", "sv_SE"), ("LANG", "fi_FI")]), Lang::Sv);
        assert_eq!(env(&[("LANG", "de_DE.UTF-8")]), Lang::En);
        assert_eq!(env(&[]), Lang::En);
    }

    #[test]
    fn numbers_as_each_language_writes_them() {
        let (en, bg, sv, fi) = (
            Locale::of(Lang::En),
            Locale::of(Lang::Bg),
            Locale::of(Lang::Sv),
            Locale::of(Lang::Fi),
        );
        assert_eq!(en.money(4_800_000.4), "4,800,000");
        assert_eq!(sv.money(4_800_000.4), "4\u{a0}800\u{a0}000");
        assert_eq!(bg.money(1234.0), "1234");
        assert_eq!(bg.money(12_345.0), "12\u{a0}345");
        assert_eq!(fi.money(1234.0), "1\u{a0}234");
        assert_eq!(en.money(-0.3), "0");
        assert_eq!(en.money(-1234.0), "-1,234");
        assert_eq!(en.money(30_982.5), "30,983");
        assert_eq!(en.money(-2.5), "-3");
        assert_eq!(sv.money(-1234.0), "\u{2212}1\u{a0}234");
        assert_eq!(fi.pct_fixed(-0.4388, 2), "\u{2212}43,88\u{a0}%");
        assert_eq!(bg.pct_fixed(-0.4388, 2), "-43,88%");
        assert_eq!(en.amount("GBP", 5e6), "GBP 5,000,000");
        assert_eq!(fi.amount("EUR", 5e6), "5\u{a0}000\u{a0}000\u{a0}EUR");
        assert_eq!(en.pct(0.075), "7.5%");
        assert_eq!(sv.pct(0.075), "7,5\u{a0}%");
        assert_eq!(bg.pct(0.13), "13%");
        assert_eq!(fi.pct_fixed(0.12, 1), "12,0\u{a0}%");
        assert_eq!(en.num(12_500.5), "12,500.5");
        assert_eq!(sv.num(0.075), "0,075");
        assert_eq!(en.num(1e-9), "1e-9");
        assert_eq!(en.multiple(1.0234), "1.02x");
        assert_eq!(fi.multiple(1.0234), "1,02x");
        assert_eq!(en.fixed(f64::NAN, 1), "-");
        assert_eq!(en.plain(4_800_000.0), "4800000");
        assert_eq!(sv.plain(0.075), "0,075");
        for x in [3600.0, 12_500.5, -2500.25, 0.1387, 1.55, 1e-9, 1234.5678] {
            assert_eq!(en.figure(x), crate::format::figure(x), "{x}");
        }
        assert_eq!(fi.figure(12_500.5), "12\u{a0}500,5");
    }

    #[test]
    fn counts_and_months_in_every_language() {
        let en = Locale::of(Lang::En);
        assert_eq!(en.count(1.0, "person"), "1 person");
        assert_eq!(en.count(1100.0, "person"), "1,100 people");
        assert_eq!(en.month(9), "Sep");
        for lang in Lang::ALL {
            let l = Locale::of(lang);
            for m in 1..=12 {
                assert!(l.has(&format!("month-{m}")), "{lang:?} month {m}");
            }
            assert_ne!(l.count(1.0, "person"), l.count(2.0, "person"));
        }
    }

    /// A message's variables (those it writes or selects on) and its attributes.
    fn variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, out);
            }
        }
    }

    fn expression_variables(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline_variables(selector, out);
                for v in variants {
                    variables(&v.value, out);
                }
            }
            ast::Expression::Inline(i) => inline_variables(i, out),
        }
    }

    fn inline_variables(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => {
                expression_variables(expression, out)
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_variables(a, out);
                }
            }
            _ => {}
        }
    }

    /// Every message of a language with its variables, and the files' syntax errors.
    fn messages(lang: Lang) -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
        let mut out = BTreeMap::new();
        let mut errors = Vec::new();
        for (topic, source) in TOPICS.iter().zip(sources(lang)) {
            let resource = match fluent_syntax::parser::parse(source) {
                Ok(r) => r,
                Err((r, e)) => {
                    errors.push(format!("locales/{}/{topic}.ftl: {e:?}", lang.code()));
                    r
                }
            };
            for entry in resource.body {
                if let ast::Entry::Message(m) = entry {
                    let mut vars = BTreeSet::new();
                    if let Some(v) = &m.value {
                        variables(v, &mut vars);
                    }
                    let id = m.id.name.to_string();
                    if out.insert(id.clone(), vars).is_some() {
                        errors.push(format!("{}: `{id}` is defined twice", lang.code()));
                    }
                    if m.value.is_none() {
                        errors.push(format!("{}: `{id}` has no value", lang.code()));
                    }
                }
            }
        }
        (out, errors)
    }

    #[test]
    fn every_message_in_every_language_with_the_same_variables() {
        let (english, errors) = messages(Lang::En);
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(english.len() > 30, "English has {} messages", english.len());
        let mut problems = Vec::new();
        for lang in &Lang::ALL[1..] {
            let (other, errors) = messages(*lang);
            problems.extend(errors);
            for (id, vars) in &english {
                match other.get(id) {
                    None => problems.push(format!("{}: `{id}` is missing", lang.code())),
                    Some(v) if v != vars => problems.push(format!(
                        "{}: `{id}` uses {v:?}, English {vars:?}",
                        lang.code()
                    )),
                    Some(_) => {}
                }
            }
            for id in other.keys().filter(|id| !english.contains_key(*id)) {
                problems.push(format!("{}: `{id}` is not in English", lang.code()));
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    /// Every message the code asks for by a literal id exists in English: the sources are
    /// scanned for `tr!(…, "id"` and `.t("id")`.
    #[test]
    fn every_message_the_code_names_exists() {
        fn scan(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    scan(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                        let mut rest = line;
                        while let Some(i) = rest.find("tr!(").or_else(|| rest.find(".t(\"")) {
                            let after = &rest[i..];
                            let start = if after.starts_with("tr!(") {
                                after.find(", \"").map(|j| j + 3)
                            } else {
                                Some(4)
                            };
                            if let Some(s) = start {
                                if let Some(len) = after[s..].find('"') {
                                    let id = &after[s..s + len];
                                    if !id.is_empty()
                                        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                                    {
                                        out.push((path.display().to_string(), id.to_string()));
                                    }
                                }
                            }
                            rest = &after[4..];
                        }
                    }
                }
            }
        }
        let mut named = Vec::new();
        scan(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut named,
        );
        let en = Locale::english();
        let missing: Vec<_> = named.iter().filter(|(_, id)| !en.has(id)).collect();
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn every_locale_file_is_compiled_in() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        for lang in Lang::ALL {
            let mut on_disk: Vec<String> = std::fs::read_dir(root.join(lang.code()))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            let mut compiled: Vec<String> = TOPICS.iter().map(|t| format!("{t}.ftl")).collect();
            compiled.sort();
            assert_eq!(on_disk, compiled, "locales/{}", lang.code());
        }
    }
}
