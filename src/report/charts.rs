//! Charts as SVG text, drawn with `plotters`' SVG backend: no fonts are read or embedded
//! (the text is SVG `<text>` the viewer renders), so a report stays one self-contained file.
//!
//! Each function takes what it shows, already computed, and the labels and number formats
//! in the reader's language; none fails: a chart that cannot be drawn (nothing to show)
//! becomes a short note in its place.

use plotters::prelude::*;
pub use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Colours: investors blue, payers amber, losses red, marks dark grey.
pub const BLUE: RGBColor = RGBColor(31, 105, 171);
pub const LIGHT_BLUE: RGBColor = RGBColor(150, 190, 225);
pub const AMBER: RGBColor = RGBColor(214, 128, 20);
pub const RED: RGBColor = RGBColor(196, 48, 43);
pub const GREY: RGBColor = RGBColor(70, 70, 70);
pub const GREEN: RGBColor = RGBColor(46, 139, 87);

const FONT: &str = "sans-serif";
const WIDTH: u32 = 720;
const HEIGHT: u32 = 330;

/// A number format for axis ticks and marks.
pub type Fmt<'a> = &'a dyn Fn(f64) -> String;

/// A vertical mark on a histogram: its position and its label.
pub struct Mark {
    pub at: f64,
    pub label: String,
    pub color: RGBColor,
}

/// A histogram's inputs.
pub struct Histogram<'a> {
    pub values: &'a [f64],
    /// A second distribution drawn as an outline over the first (e.g. without guarantee).
    pub outline: Option<(&'a [f64], String)>,
    pub x_label: String,
    pub y_label: String,
    pub fmt: Fmt<'a>,
    /// How a share of trials reads on the vertical axis (`40%`, `40 %`).
    pub share: Fmt<'a>,
    /// Bars below this value are drawn as losses (red).
    pub loss_below: Option<f64>,
    pub marks: Vec<Mark>,
    /// The label of the main distribution in the legend (with an outline).
    pub label: String,
}

/// The SVG text of a chart, or a note where there is nothing to draw.
fn svg(
    width: u32,
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Option<()>,
    empty: &str,
) -> String {
    let mut out = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        let ok = root.fill(&WHITE).ok().and_then(|()| draw(&root));
        ok.and_then(|()| root.present().ok())
    };
    match drawn {
        Some(()) => out,
        None => format!("<p class=\"note\">{}</p>", escape(empty)),
    }
}

/// Text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A range that draws: at least some width around a single value.
fn span(lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    if hi > lo {
        let pad = (hi - lo) * 0.02;
        (lo - pad, hi + pad)
    } else {
        let w = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo - w, hi + w)
    }
}

/// Shares of `values` in `bins` equal bins over `[lo, hi]`.
fn shares(values: &[f64], lo: f64, hi: f64, bins: usize) -> Vec<f64> {
    let mut counts = vec![0u64; bins];
    let width = (hi - lo) / bins as f64;
    for &v in values {
        let i = (((v - lo) / width).floor().max(0.0) as usize).min(bins - 1);
        counts[i] += 1;
    }
    let n = values.len().max(1) as f64;
    counts.into_iter().map(|c| c as f64 / n).collect()
}

/// A histogram of per-trial values: the share of trials in each of 40 bins, losses red,
/// with vertical marks (the median, a cap, break-even).
pub fn histogram(h: &Histogram, empty: &str) -> String {
    if h.values.is_empty() {
        return svg(WIDTH, HEIGHT, |_| None, empty);
    }
    let fold = |acc: (f64, f64), &v: &f64| (acc.0.min(v), acc.1.max(v));
    let mut range = h
        .values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), fold);
    if let Some((o, _)) = &h.outline {
        range = o.iter().fold(range, fold);
    }
    let bins = 40;
    let (lo, hi) = if range.1 > range.0 {
        range
    } else {
        span(range.0, range.1)
    };
    let main = shares(h.values, lo, hi, bins);
    let other = h.outline.as_ref().map(|(o, _)| shares(o, lo, hi, bins));
    let top = main
        .iter()
        .chain(other.iter().flatten())
        .fold(0.0f64, |a, &b| a.max(b))
        .max(1e-9)
        * 1.4;
    let width = (hi - lo) / bins as f64;
    let (x0, x1) = span(lo, hi);
    svg(
        WIDTH,
        HEIGHT,
        |root| {
            let mut chart = ChartBuilder::on(root)
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(56)
                .build_cartesian_2d(x0..x1, 0.0..top)
                .ok()?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .light_line_style(WHITE.mix(0.0))
                .x_desc(h.x_label.as_str())
                .y_desc(h.y_label.as_str())
                .x_labels(7)
                .y_labels(5)
                .x_label_formatter(&|x| (h.fmt)(*x))
                .y_label_formatter(&|y| (h.share)(*y))
                .label_style((FONT, 13))
                .axis_desc_style((FONT, 14))
                .draw()
                .ok()?;
            let bars = main.iter().enumerate().map(|(i, &s)| {
                let a = lo + i as f64 * width;
                let colour = match h.loss_below {
                    Some(b) if a + width <= b + 1e-12 => RED.mix(0.75),
                    _ => BLUE.mix(0.8),
                };
                Rectangle::new([(a, 0.0), (a + width, s)], colour.filled())
            });
            let series = chart.draw_series(bars).ok()?;
            if other.is_some() {
                series
                    .label(h.label.as_str())
                    .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], BLUE.filled()));
            }
            if let (Some(o), Some((_, label))) = (&other, &h.outline) {
                let steps = o.iter().enumerate().flat_map(|(i, &s)| {
                    let a = lo + i as f64 * width;
                    [(a, s), (a + width, s)]
                });
                chart
                    .draw_series(LineSeries::new(steps, GREY.stroke_width(2)))
                    .ok()?
                    .label(label.as_str())
                    .legend(|(x, y)| PathElement::new([(x, y), (x + 12, y)], GREY.stroke_width(2)));
            }
            for (k, m) in h.marks.iter().enumerate() {
                if !m.at.is_finite() {
                    continue;
                }
                chart
                    .draw_series(LineSeries::new(
                        [(m.at, 0.0), (m.at, top * 0.97)],
                        m.color.stroke_width(2),
                    ))
                    .ok()?;
                // In the band above the tallest bar (which reaches top / 1.4).
                let y = top * (0.96 - 0.065 * k as f64);
                let right = m.at > x0 + (x1 - x0) * 0.7;
                let anchor = if right { HPos::Right } else { HPos::Left };
                let style = TextStyle::from((FONT, 13).into_font())
                    .color(&m.color)
                    .pos(Pos::new(anchor, VPos::Center));
                let dx = (x1 - x0) * 0.01 * if right { -1.0 } else { 1.0 };
                chart
                    .draw_series([Text::new(m.label.clone(), (m.at + dx, y), style)])
                    .ok()?;
            }
            if other.is_some() {
                chart
                    .configure_series_labels()
                    .position(SeriesLabelPosition::UpperRight)
                    .background_style(WHITE.mix(0.9))
                    .border_style(GREY.mix(0.4))
                    .label_font((FONT, 13))
                    .draw()
                    .ok()?;
            }
            Some(())
        },
        empty,
    )
}

/// The axes of a chart of columns at 0, 1, ... n − 1: each column named by its label (at
/// most `most` of them shown), the values formatted by `fmt`, no vertical grid.
fn labelled_columns(
    chart: &mut ChartContext<
        '_,
        SVGBackend<'_>,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    labels: &[String],
    (x_label, y_label): (Option<&str>, &str),
    most: usize,
    fmt: Fmt,
) -> Option<()> {
    let n = labels.len();
    let name = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
            labels[i as usize].clone()
        } else {
            String::new()
        }
    };
    let value = |y: &f64| fmt(*y);
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .y_desc(y_label)
        .x_labels(n.min(most))
        .y_labels(5)
        .x_label_formatter(&name)
        .y_label_formatter(&value)
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 14));
    if let Some(x) = x_label {
        mesh.x_desc(x);
    }
    mesh.draw().ok()
}

/// One budget year of a fan chart: the mean and the percentiles of what is paid in it.
pub struct FanYear {
    pub label: String,
    pub mean: f64,
    pub p05: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
}

/// Payments by budget year: a box per year from p05 to p95, a darker one from p25 to p75,
/// the median as a bar across it and the mean as a dot.
pub fn fan(years: &[FanYear], y_label: &str, legend: [&str; 4], fmt: Fmt, empty: &str) -> String {
    if years.is_empty() {
        return svg(WIDTH, HEIGHT, |_| None, empty);
    }
    let top = years
        .iter()
        .map(|y| y.p95.max(y.mean))
        .fold(0.0f64, f64::max);
    let bottom = years.iter().map(|y| y.p05).fold(0.0f64, f64::min);
    // Headroom above the tallest box for the legend.
    let (y0, y1) = span(bottom, if top > bottom { top * 1.5 } else { top });
    let n = years.len();
    let labels: Vec<String> = years.iter().map(|y| y.label.clone()).collect();
    svg(
        WIDTH,
        HEIGHT,
        |root| {
            let mut chart = ChartBuilder::on(root)
                .margin(12)
                .x_label_area_size(36)
                .y_label_area_size(80)
                .build_cartesian_2d(-0.5..(n as f64 - 0.5), y0..y1)
                .ok()?;
            labelled_columns(&mut chart, &labels, (None, y_label), 16, fmt)?;
            // A box per budget year: money paid in one year is not spread between years.
            let boxes = |lo: &dyn Fn(&FanYear) -> f64, hi: &dyn Fn(&FanYear) -> f64, w: f64| {
                years
                    .iter()
                    .enumerate()
                    .map(move |(i, y)| {
                        let x = i as f64;
                        (
                            (x - w, lo(y)),
                            (x + w, hi(y).max(lo(y) + (y1 - y0) * 0.004)),
                        )
                    })
                    .collect::<Vec<_>>()
            };
            let light = AMBER.mix(0.25);
            chart
                .draw_series(
                    boxes(&|y| y.p05, &|y| y.p95, 0.32)
                        .into_iter()
                        .map(|(a, b)| Rectangle::new([a, b], light.filled())),
                )
                .ok()?
                .label(legend[0])
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 12, y + 5)], light.filled())
                });
            let dark = AMBER.mix(0.55);
            chart
                .draw_series(
                    boxes(&|y| y.p25, &|y| y.p75, 0.32)
                        .into_iter()
                        .map(|(a, b)| Rectangle::new([a, b], dark.filled())),
                )
                .ok()?
                .label(legend[1])
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], dark.filled()));
            chart
                .draw_series(years.iter().enumerate().map(|(i, y)| {
                    PathElement::new(
                        [(i as f64 - 0.32, y.p50), (i as f64 + 0.32, y.p50)],
                        AMBER.stroke_width(3),
                    )
                }))
                .ok()?
                .label(legend[2])
                .legend(|(x, y)| PathElement::new([(x, y), (x + 12, y)], AMBER.stroke_width(3)));
            chart
                .draw_series(
                    years
                        .iter()
                        .enumerate()
                        .map(|(i, y)| Circle::new((i as f64, y.mean), 4, GREY.filled())),
                )
                .ok()?
                .label(legend[3])
                .legend(|(x, y)| Circle::new((x + 6, y), 4, GREY.filled()));
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.9))
                .border_style(GREY.mix(0.4))
                .label_font((FONT, 13))
                .draw()
                .ok()?;
            Some(())
        },
        empty,
    )
}

/// One series of a column chart: its name in the legend, its colour and a value per column.
pub struct Series {
    pub name: String,
    pub color: RGBColor,
    pub values: Vec<f64>,
}

/// Columns, one per label (a period), the series stacked in each: positive values upward
/// from 0, negative ones downward, so money in and money out of one period both show.
pub fn columns(
    labels: &[String],
    series: &[Series],
    (x_label, y_label): (&str, &str),
    fmt: Fmt,
    empty: &str,
) -> String {
    let n = labels.len();
    let all_zero = series.iter().all(|s| s.values.iter().all(|&v| v == 0.0));
    if n == 0 || series.is_empty() || all_zero {
        return svg(WIDTH, HEIGHT, |_| None, empty);
    }
    // Each column's stacks: (series, from, to).
    let mut boxes: Vec<(usize, usize, f64, f64)> = Vec::new();
    let (mut top, mut bottom) = (0.0f64, 0.0f64);
    for i in 0..n {
        let (mut up, mut down) = (0.0, 0.0);
        for (k, s) in series.iter().enumerate() {
            let v = s.values.get(i).copied().unwrap_or(0.0);
            if !v.is_finite() || v == 0.0 {
                continue;
            }
            if v > 0.0 {
                boxes.push((i, k, up, up + v));
                up += v;
            } else {
                boxes.push((i, k, down + v, down));
                down += v;
            }
        }
        top = top.max(up);
        bottom = bottom.min(down);
    }
    // Headroom above the tallest column for the legend.
    let (y0, y1) = span(bottom, top + (top - bottom) * 0.3);
    svg(
        WIDTH,
        HEIGHT,
        |root| {
            let mut chart = ChartBuilder::on(root)
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(80)
                .build_cartesian_2d(-0.5..(n as f64 - 0.5), y0..y1)
                .ok()?;
            labelled_columns(&mut chart, labels, (Some(x_label), y_label), 12, fmt)?;
            for (k, s) in series.iter().enumerate() {
                let color = s.color;
                chart
                    .draw_series(boxes.iter().filter(|b| b.1 == k).map(|&(i, _, lo, hi)| {
                        let x = i as f64;
                        Rectangle::new([(x - 0.35, lo), (x + 0.35, hi)], color.filled())
                    }))
                    .ok()?
                    .label(s.name.as_str())
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled())
                    });
            }
            if bottom < 0.0 {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        [(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
                        GREY.stroke_width(1),
                    )))
                    .ok()?;
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.9))
                .border_style(GREY.mix(0.4))
                .label_font((FONT, 13))
                .draw()
                .ok()?;
            Some(())
        },
        empty,
    )
}

/// One point of an operating curve.
pub struct CurvePoint {
    pub x: f64,
    pub p: f64,
    pub se: f64,
}

/// The share of trials in which a trigger paid against their true effect, with two
/// standard errors as bars, and the trigger(s) as vertical lines.
pub fn operating_curve(
    points: &[CurvePoint],
    triggers: &[(f64, String)],
    labels: (&str, &str),
    fmt: Fmt,
    share: Fmt,
    empty: &str,
) -> String {
    let (x_label, y_label) = labels;
    if points.is_empty() {
        return svg(WIDTH, HEIGHT, |_| None, empty);
    }
    let xs = points
        .iter()
        .map(|p| p.x)
        .chain(triggers.iter().map(|t| t.0));
    let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |a, x| {
        (a.0.min(x), a.1.max(x))
    });
    let (x0, x1) = span(lo, hi);
    svg(
        WIDTH,
        HEIGHT,
        |root| {
            let mut chart = ChartBuilder::on(root)
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(56)
                .build_cartesian_2d(x0..x1, 0.0..1.12)
                .ok()?;
            chart
                .configure_mesh()
                .light_line_style(WHITE.mix(0.0))
                .x_desc(x_label)
                .y_desc(y_label)
                .x_labels(7)
                .y_labels(6)
                .x_label_formatter(&|x| fmt(*x))
                .y_label_formatter(&|y| {
                    if *y <= 1.0 + 1e-9 {
                        share(*y)
                    } else {
                        String::new()
                    }
                })
                .label_style((FONT, 13))
                .axis_desc_style((FONT, 14))
                .draw()
                .ok()?;
            for (k, (t, label)) in triggers.iter().enumerate() {
                chart
                    .draw_series(LineSeries::new([(*t, 0.0), (*t, 1.0)], RED.stroke_width(2)))
                    .ok()?;
                // Labels alternate in height so that neighbours do not overlap; near the
                // right edge they end at their line.
                let right = *t > x0 + (x1 - x0) * 0.75;
                let (anchor, dx) = if right {
                    (HPos::Right, -(x1 - x0) * 0.01)
                } else {
                    (HPos::Left, (x1 - x0) * 0.01)
                };
                let style = TextStyle::from((FONT, 13).into_font())
                    .color(&RED)
                    .pos(Pos::new(anchor, VPos::Center));
                let y = if k % 2 == 0 { 1.09 } else { 1.03 };
                chart
                    .draw_series([Text::new(label.clone(), (*t + dx, y), style)])
                    .ok()?;
            }
            chart
                .draw_series(points.iter().map(|p| {
                    PathElement::new(
                        [
                            (p.x, (p.p - 2.0 * p.se).max(0.0)),
                            (p.x, (p.p + 2.0 * p.se).min(1.0)),
                        ],
                        BLUE.stroke_width(1),
                    )
                }))
                .ok()?;
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|p| (p.x, p.p)),
                    BLUE.stroke_width(2),
                ))
                .ok()?;
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|p| Circle::new((p.x, p.p), 3, BLUE.filled())),
                )
                .ok()?;
            Some(())
        },
        empty,
    )
}

/// A horizontal bar for each label: a value from `from` to `to`, with a label at its end.
pub struct Bar {
    pub label: String,
    pub from: f64,
    pub to: f64,
    pub text: String,
    pub color: RGBColor,
}

/// Horizontal bars against a base line: a tornado (each assumption's swing, widest first)
/// or how often each cap binds (from 0).
pub fn bars(
    rows: &[Bar],
    base: Option<(f64, String)>,
    range: Option<(f64, f64)>,
    x_label: &str,
    fmt: Fmt,
    empty: &str,
) -> String {
    if rows.is_empty() {
        return svg(WIDTH, 120, |_| None, empty);
    }
    let height = (60 + 34 * rows.len() as u32).max(140);
    let (lo, hi) = rows
        .iter()
        .flat_map(|b| [b.from, b.to])
        .chain(base.iter().map(|b| b.0))
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |a, x| {
            (a.0.min(x), a.1.max(x))
        });
    let (x0, x1, pad) = match range {
        // A fixed range (shares from 0 to 1): room on the right for the labels only.
        Some((a, b)) => (a, b, 0.0),
        None => {
            let (a, b) = span(lo, hi);
            (a, b, (b - a) * 0.18)
        }
    };
    let right = if range.is_some() {
        (x1 - x0) * 0.3
    } else {
        pad
    };
    let n = rows.len();
    let label_width = rows
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(6, 40) as u32
        * 7
        + 12;
    svg(
        WIDTH.max(label_width + 360),
        height,
        |root| {
            let mut chart = ChartBuilder::on(root)
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(label_width)
                .build_cartesian_2d((x0 - pad)..(x1 + right), -0.5..(n as f64 - 0.5))
                .ok()?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .light_line_style(WHITE.mix(0.0))
                .x_desc(x_label)
                .x_labels(6)
                .y_labels(n)
                .x_label_formatter(&|x| fmt(*x))
                .y_label_formatter(&|y| {
                    let i = y.round();
                    if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                        rows[n - 1 - i as usize].label.clone()
                    } else {
                        String::new()
                    }
                })
                .label_style((FONT, 13))
                .axis_desc_style((FONT, 14))
                .draw()
                .ok()?;
            for (i, b) in rows.iter().enumerate() {
                let y = (n - 1 - i) as f64;
                let (a, z) = (b.from.min(b.to), b.from.max(b.to));
                chart
                    .draw_series([Rectangle::new(
                        [(a, y - 0.3), (z, y + 0.3)],
                        b.color.mix(0.85).filled(),
                    )])
                    .ok()?;
                let style = TextStyle::from((FONT, 13).into_font())
                    .color(&GREY)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                chart
                    .draw_series([Text::new(b.text.clone(), (z + (x1 - x0) * 0.01, y), style)])
                    .ok()?;
            }
            if let Some((at, label)) = &base {
                chart
                    .draw_series(LineSeries::new(
                        [(*at, -0.5), (*at, n as f64 - 0.5)],
                        GREY.stroke_width(1),
                    ))
                    .ok()?;
                let style = TextStyle::from((FONT, 13).into_font())
                    .color(&GREY)
                    .pos(Pos::new(HPos::Center, VPos::Bottom));
                chart
                    .draw_series([Text::new(label.clone(), (*at, n as f64 - 0.52), style)])
                    .ok()?;
            }
            Some(())
        },
        empty,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(x: f64) -> String {
        format!("{x:.1}")
    }

    #[test]
    fn a_histogram_is_an_svg_with_its_bars_and_marks() {
        let values: Vec<f64> = (0..1000).map(|i| f64::from(i) / 500.0).collect();
        let h = Histogram {
            values: &values,
            outline: None,
            x_label: "multiple".into(),
            y_label: "share of trials".into(),
            fmt: &plain,
            share: &plain,
            loss_below: Some(1.0),
            marks: vec![Mark {
                at: 1.0,
                label: "median <1>".into(),
                color: GREY,
            }],
            label: String::new(),
        };
        let svg = histogram(&h, "nothing");
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        assert!(svg.contains("median &lt;1&gt;"), "labels are escaped");
        assert!(svg.matches("<rect").count() >= 40);
        assert!(svg.contains("fill=\"#C4302B\"") || svg.contains("#C4302B"));
    }

    #[test]
    fn nothing_to_draw_is_a_note() {
        let h = Histogram {
            values: &[],
            outline: None,
            x_label: String::new(),
            y_label: String::new(),
            fmt: &plain,
            share: &plain,
            loss_below: None,
            marks: vec![],
            label: String::new(),
        };
        assert_eq!(
            histogram(&h, "no <data>"),
            "<p class=\"note\">no &lt;data&gt;</p>"
        );
        assert!(fan(&[], "", ["", "", "", ""], &plain, "none").contains("note"));
        assert!(bars(&[], None, None, "", &plain, "none").contains("note"));
        assert!(operating_curve(&[], &[], ("", ""), &plain, &plain, "none").contains("note"));
    }

    #[test]
    fn single_values_and_flat_ranges_still_draw() {
        let h = Histogram {
            values: &[2.0; 50],
            outline: None,
            x_label: String::new(),
            y_label: String::new(),
            fmt: &plain,
            share: &plain,
            loss_below: Some(1.0),
            marks: vec![],
            label: String::new(),
        };
        assert!(histogram(&h, "none").starts_with("<svg"));
        let y = FanYear {
            label: "2020".into(),
            mean: 0.0,
            p05: 0.0,
            p25: 0.0,
            p50: 0.0,
            p75: 0.0,
            p95: 0.0,
        };
        assert!(fan(&[y], "GBP", ["a", "b", "c", "d"], &plain, "none").starts_with("<svg"));
    }
}
