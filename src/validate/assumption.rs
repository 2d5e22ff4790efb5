//! Assumptions: each distribution with exactly the parameters it takes, checked.

use std::ops::Range;

use crate::model::distribution::{BETA_SHAPES, Distribution, logit};
use crate::raw::Sp;
use crate::raw::scenario::{Assumption, DistKind};

use super::ctx::{Bound, Ctx, MAX_MAGNITUDE};

pub fn dist_word(k: DistKind) -> &'static str {
    match k {
        DistKind::Fixed => "fixed",
        DistKind::Uniform => "uniform",
        DistKind::Normal => "normal",
        DistKind::TruncatedNormal => "truncated_normal",
        DistKind::Lognormal => "lognormal",
        DistKind::Triangular => "triangular",
        DistKind::Pert => "pert",
        DistKind::Beta => "beta",
        DistKind::LogitNormal => "logit_normal",
        DistKind::Discrete => "discrete",
    }
}

/// Parameters each distribution accepts (the required ones are checked when building it).
fn accepted(k: DistKind) -> &'static [&'static str] {
    match k {
        DistKind::Fixed => &["value"],
        DistKind::Uniform => &["min", "max"],
        DistKind::Normal => &["mean", "sd"],
        DistKind::TruncatedNormal => &["mean", "sd", "min", "max"],
        DistKind::Lognormal => &["mean", "sd", "mu", "sigma"],
        DistKind::Triangular | DistKind::Pert => &["min", "mode", "max"],
        DistKind::Beta => &["alpha", "beta", "min", "max"],
        DistKind::LogitNormal => &["mu", "median", "sigma"],
        DistKind::Discrete => &["values", "weights"],
    }
}

fn present(a: &Assumption) -> Vec<(&'static str, std::ops::Range<usize>)> {
    let mut v = Vec::new();
    let mut add = |name: &'static str, s: Option<std::ops::Range<usize>>| {
        if let Some(s) = s {
            v.push((name, s));
        }
    };
    add("value", a.value.as_ref().map(Sp::span));
    add("min", a.min.as_ref().map(Sp::span));
    add("max", a.max.as_ref().map(Sp::span));
    add("mode", a.mode.as_ref().map(Sp::span));
    add("mean", a.mean.as_ref().map(Sp::span));
    add("sd", a.sd.as_ref().map(Sp::span));
    add("mu", a.mu.as_ref().map(Sp::span));
    add("sigma", a.sigma.as_ref().map(Sp::span));
    add("median", a.median.as_ref().map(Sp::span));
    add("alpha", a.alpha.as_ref().map(Sp::span));
    add("beta", a.beta.as_ref().map(Sp::span));
    add(
        "values",
        a.values.as_ref().and_then(|v| v.first()).map(Sp::span),
    );
    add(
        "weights",
        a.weights.as_ref().and_then(|v| v.first()).map(Sp::span),
    );
    v
}

/// Builds a distribution from an assumption table, or records why it cannot.
pub fn distribution(cx: &mut Ctx, a: &Sp<Assumption>, table: &str) -> Option<Distribution> {
    let span = a.span();
    let kind = *cx
        .required(&a.dist, table, &span, "dist", "\"normal\"")?
        .get();
    let word = dist_word(kind);
    let takes = accepted(kind);
    let mut stray = false;
    for (name, s) in present(a) {
        if !takes.contains(&name) {
            let list: Vec<String> = takes.iter().map(|t| format!("`{t}`")).collect();
            let d = cx
                .at(
                    s,
                    format!("`{name}` is not a parameter of a {word} distribution"),
                )
                .label("not used by this distribution")
                .help(format!("{word} takes {}", list.join(", ")));
            cx.push(d);
            stray = true;
        }
    }
    let dist = match kind {
        DistKind::Fixed => Distribution::Fixed(req(
            cx,
            (table, &span),
            &a.value,
            "value",
            "0.1",
            Bound::Any,
            "",
        )?),
        DistKind::Uniform => uniform(cx, a, table)?,
        DistKind::Normal => normal(cx, a, table)?,
        DistKind::TruncatedNormal => truncated_normal(cx, a, table)?,
        DistKind::Lognormal => lognormal(cx, a, table)?,
        DistKind::Triangular | DistKind::Pert => triangular(cx, a, table, kind, word)?,
        DistKind::Beta => beta(cx, a, table)?,
        DistKind::LogitNormal => logit_normal(cx, a, table)?,
        DistKind::Discrete => discrete(cx, a, table)?,
    };
    if stray {
        return None;
    }
    within_magnitude(cx, a, &dist, word)?;
    Some(dist)
}

/// Every draw and the mean stay within the magnitude sibyl's numbers allow, so money
/// computed from them stays finite: checked at the mean and at the quantiles 1e-12 and
/// 1 - 1e-12 (beyond anything a run of 10^9 trials draws).
fn within_magnitude(
    cx: &mut Ctx,
    a: &Sp<Assumption>,
    dist: &Distribution,
    word: &str,
) -> Option<()> {
    let checks = [
        ("mean", dist.mean()),
        ("1e-12 quantile", dist.quantile(1e-12)),
        ("1 - 1e-12 quantile", dist.quantile(1.0 - 1e-12)),
    ];
    for (what, x) in checks {
        if !x.is_finite() || x.abs() > MAX_MAGNITUDE {
            let d = cx
                .at(a.span(), format!("this {word} distribution's {what} is {}, beyond the 10^15 that numbers in sibyl may reach", crate::format::num(x)))
                .label("values out of reach")
                .help("money computed from it would not be a finite number; check `mu`, `mean` and the spread for a misplaced digit or a log-scale value given on the natural scale");
            cx.push(d);
            return None;
        }
    }
    Some(())
}

/// A required number of the assumption table `at` (its name and span), checked against
/// `bound`.
fn req(
    cx: &mut Ctx,
    at: (&str, &Range<usize>),
    v: &Option<Sp<f64>>,
    field: &str,
    example: &str,
    bound: Bound,
    help: &str,
) -> Option<f64> {
    cx.required(v, at.0, at.1, field, example)
        .and_then(|v| cx.number(v, field, bound, help))
}

/// Uniform between `min` and `max`.
fn uniform(cx: &mut Ctx, a: &Sp<Assumption>, table: &str) -> Option<Distribution> {
    let span = a.span();
    let at = (table, &span);
    let min = req(cx, at, &a.min, "min", "0", Bound::Any, "");
    let max = req(cx, at, &a.max, "max", "1", Bound::Any, "");
    let (min, max) = (min?, max?);
    ordered(cx, a, &[("min", min), ("max", max)])?;
    Some(Distribution::Uniform { min, max })
}

/// Normal with `mean` and `sd`.
fn normal(cx: &mut Ctx, a: &Sp<Assumption>, table: &str) -> Option<Distribution> {
    let span = a.span();
    let at = (table, &span);
    let mean = req(cx, at, &a.mean, "mean", "0.1", Bound::Any, "");
    let sd = req(
        cx,
        at,
        &a.sd,
        "sd",
        "0.05",
        Bound::Positive,
        "the standard deviation must be more than 0; use dist = \"fixed\" for a certain value",
    );
    Some(Distribution::Normal {
        mean: mean?,
        sd: sd?,
    })
}

/// Normal with `mean` and `sd`, kept within `min` and `max`, where it has mass.
fn truncated_normal(cx: &mut Ctx, a: &Sp<Assumption>, table: &str) -> Option<Distribution> {
    let span = a.span();
    let at = (table, &span);
    let mean = req(cx, at, &a.mean, "mean", "0.1", Bound::Any, "");
    let sd = req(
        cx,
        at,
        &a.sd,
        "sd",
        "0.05",
        Bound::Positive,
        "the standard deviation must be more than 0",
    );
    let min = req(cx, at, &a.min, "min", "0", Bound::Any, "");
    let max = req(cx, at, &a.max, "max", "1", Bound::Any, "");
    let (mean, sd, min, max) = (mean?, sd?, min?, max?);
    ordered(cx, a, &[("min", min), ("max", max)])?;
    let (lo, hi) = ((min - mean) / sd, (max - mean) / sd);
    if lo > 8.0 || hi < -8.0 {
        cx.error(
            a.min.as_ref().map_or(span.clone(), Sp::span),
            format!("the range [{min}, {max}] lies more than 8 standard deviations from the mean {mean}: the distribution has no mass there"),
            "move `mean` into the range, or widen `sd`",
        );
        return None;
    }
    Some(Distribution::TruncatedNormal { mean, sd, min, max })
}

/// Triangular or PERT over `min`, `mode` and `max`.
fn triangular(
    cx: &mut Ctx,
    a: &Sp<Assumption>,
    table: &str,
    kind: DistKind,
    word: &str,
) -> Option<Distribution> {
    let span = a.span();
    let at = (table, &span);
    let min = req(cx, at, &a.min, "min", "0", Bound::Any, "");
    let mode = req(cx, at, &a.mode, "mode", "0.1", Bound::Any, "");
    let max = req(cx, at, &a.max, "max", "0.2", Bound::Any, "");
    let (min, mode, max) = (min?, mode?, max?);
    ordered(cx, a, &[("min", min), ("mode", mode), ("max", max)])?;
    if min == max {
        cx.error(
            span,
            format!("a {word} distribution needs `min` < `max`"),
            "use dist = \"fixed\" for a certain value",
        );
        return None;
    }
    Some(if kind == DistKind::Pert {
        Distribution::Pert { min, mode, max }
    } else {
        Distribution::Triangular { min, mode, max }
    })
}

/// Why the beta's shapes are bounded.
const BETA_SHAPE_HELP: &str = "shapes from 0.01 to 10,000: below 0.01 nearly all the mass sits closer to 0 or 1 than a number can show, above 10,000 the quantiles cannot be computed reliably; a beta with alpha + beta = n is as tight as a rate seen on n people, so for a tighter one use a normal or truncated_normal";

/// The largest spread of a lognormal's log.
pub const LOGNORMAL_SIGMA_MAX: f64 = 5.0;
/// Why.
const LOGNORMAL_SIGMA_HELP: &str = "sigma, the spread of the log, is more than 0 and at most 5: at 5 the mean is already 268,000 times the median";

/// Beta with shapes `alpha` and `beta`, rescaled to `min`..`max` (default 0..1).
fn beta(cx: &mut Ctx, a: &Sp<Assumption>, table: &str) -> Option<Distribution> {
    let span = a.span();
    let at = (table, &span);
    let alpha = req(
        cx,
        at,
        &a.alpha,
        "alpha",
        "2",
        Bound::Within(BETA_SHAPES.0, BETA_SHAPES.1),
        BETA_SHAPE_HELP,
    );
    let beta = req(
        cx,
        at,
        &a.beta,
        "beta",
        "5",
        Bound::Within(BETA_SHAPES.0, BETA_SHAPES.1),
        BETA_SHAPE_HELP,
    );
    let min = a
        .min
        .as_ref()
        .map_or(Some(0.0), |v| cx.number(v, "min", Bound::Any, ""));
    let max = a
        .max
        .as_ref()
        .map_or(Some(1.0), |v| cx.number(v, "max", Bound::Any, ""));
    let (alpha, beta, min, max) = (alpha?, beta?, min?, max?);
    if min >= max {
        cx.error(
            a.max.as_ref().or(a.min.as_ref()).map_or(span, Sp::span),
            format!("`min` ({min}) must be below `max` ({max})"),
            "beta is rescaled from 0..1 to min..max",
        );
        return None;
    }
    Some(Distribution::Beta {
        alpha,
        beta,
        min,
        max,
    })
}

/// Logit-normal: normal on the logit scale, given its `median` (or `mu`) and `sigma`.
fn logit_normal(cx: &mut Ctx, a: &Sp<Assumption>, table: &str) -> Option<Distribution> {
    let span = a.span();
    let at = (table, &span);
    let sigma = req(
        cx,
        at,
        &a.sigma,
        "sigma",
        "0.15",
        Bound::Positive,
        "the spread on the logit scale, more than 0",
    );
    let mu = match (&a.mu, &a.median) {
        (Some(m), None) => cx.number(m, "mu", Bound::Any, ""),
        (None, Some(m)) => cx
            .number(
                m,
                "median",
                Bound::OpenUnit,
                "the median is a probability, e.g. 0.4",
            )
            .map(logit),
        (Some(m), Some(_)) => {
            cx.error(
                m.span(),
                "give either `mu` or `median`, not both",
                "`median = 0.4` is the same as `mu = logit(0.4)`",
            );
            None
        }
        (None, None) => {
            let d = cx
                .at(span, format!("{table} has no `median` (or `mu`)"))
                .label("`median` is required here")
                .help("add `median = 0.4` (the median probability)");
            cx.push(d);
            None
        }
    };
    Some(Distribution::LogitNormal {
        mu: mu?,
        sigma: sigma?,
    })
}

fn ordered(cx: &mut Ctx, a: &Sp<Assumption>, values: &[(&str, f64)]) -> Option<()> {
    for pair in values.windows(2) {
        let ((n1, v1), (n2, v2)) = (pair[0], pair[1]);
        let strict = n1 == "min" && n2 == "max";
        if (strict && v1 < v2) || (!strict && v1 <= v2) {
            continue;
        }
        // Point at the mode when it is the one out of place, else at the upper bound.
        let field = if n1 == "mode" || n2 == "mode" {
            "mode"
        } else {
            n2
        };
        let span = match field {
            "max" => a.max.as_ref().map(Sp::span),
            "mode" => a.mode.as_ref().map(Sp::span),
            _ => None,
        }
        .unwrap_or(a.span());
        let g = crate::format::num;
        let message = if strict {
            format!("`min` ({}) must be below `max` ({})", g(v1), g(v2))
        } else {
            format!("`{n1}` ({}) must not be above `{n2}` ({})", g(v1), g(v2))
        };
        cx.error(
            span,
            message,
            "parameters go in order: min < max, and min <= mode <= max",
        );
        return None;
    }
    Some(())
}

fn lognormal(cx: &mut Ctx, a: &Sp<Assumption>, table: &str) -> Option<Distribution> {
    let span = a.span();
    match (&a.mean, &a.sd, &a.mu, &a.sigma) {
        (Some(m), Some(s), None, None) => {
            let mean = cx.number(
                m,
                "mean",
                Bound::Positive,
                "a lognormal variable is positive, so its mean is too",
            );
            let sd = cx.number(
                s,
                "sd",
                Bound::Positive,
                "the standard deviation must be more than 0",
            );
            let (mean, sd) = (mean?, sd?);
            let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
            if sigma2.sqrt() > LOGNORMAL_SIGMA_MAX {
                let d = cx
                    .at(s.span(), format!("`sd` is {} times the mean: the lognormal's log would spread by {:.1}, more than {LOGNORMAL_SIGMA_MAX}", crate::format::num((sd / mean).round()), sigma2.sqrt()))
                    .label("too wide")
                    .help("at most about 268,000 times the mean; a spread this wide has no usable mean");
                cx.push(d);
                return None;
            }
            Some(Distribution::Lognormal {
                mu: mean.ln() - 0.5 * sigma2,
                sigma: sigma2.sqrt(),
            })
        }
        (None, None, Some(m), Some(s)) => {
            let mu = cx.number(m, "mu", Bound::Any, "");
            let sigma = cx.number(s, "sigma", Bound::Positive, LOGNORMAL_SIGMA_HELP);
            if let Some(x) = sigma.filter(|&x| x > LOGNORMAL_SIGMA_MAX) {
                let d = cx
                    .at(
                        s.span(),
                        format!(
                            "`sigma` is {}, more than {LOGNORMAL_SIGMA_MAX}",
                            crate::format::num(x)
                        ),
                    )
                    .label("too wide")
                    .help(LOGNORMAL_SIGMA_HELP);
                cx.push(d);
                return None;
            }
            Some(Distribution::Lognormal {
                mu: mu?,
                sigma: sigma?,
            })
        }
        _ => {
            let d = cx
                .at(span, format!("{table}: a lognormal takes `mean` and `sd` (of the variable) or `mu` and `sigma` (of its log)"))
                .label("incomplete or mixed parameters")
                .help("e.g. mean = 1.0, sd = 0.2");
            cx.push(d);
            None
        }
    }
}

fn discrete(cx: &mut Ctx, a: &Sp<Assumption>, table: &str) -> Option<Distribution> {
    let span = a.span();
    let values = cx.required(&a.values, table, &span, "values", "[0.0, 0.1, 0.2]")?;
    if values.is_empty() {
        cx.error(
            span,
            "`values` is empty",
            "list the possible values, e.g. values = [0.0, 0.1, 0.2]",
        );
        return None;
    }
    let vs: Vec<Option<f64>> = values
        .iter()
        .map(|v| cx.number(v, "values", Bound::Any, ""))
        .collect();
    let ws: Vec<Option<f64>> = match &a.weights {
        Some(w) => {
            if w.len() != values.len() {
                cx.error(
                    w.first().map_or(span.clone(), Sp::span),
                    format!("{} weights for {} values", w.len(), values.len()),
                    "give one weight per value (they need not sum to 1)",
                );
                return None;
            }
            w.iter()
                .map(|x| cx.number(x, "weights", Bound::NonNegative, "weights are 0 or more"))
                .collect()
        }
        None => vec![Some(1.0); values.len()],
    };
    let pairs: Option<Vec<(f64, f64)>> = vs
        .into_iter()
        .zip(ws)
        .map(|(v, w)| Some((v?, w?)))
        .collect();
    let pairs = pairs?;
    if pairs.iter().map(|p| p.1).sum::<f64>() <= 0.0 {
        cx.error(
            a.weights
                .as_ref()
                .and_then(|w| w.first())
                .map_or(span, Sp::span),
            "the weights are all 0",
            "give at least one value a positive weight",
        );
        return None;
    }
    Some(crate::model::scenario::discrete_from_pairs(pairs))
}
