//! Who pays whom: the payers on the left, the vehicle in the middle, the investors'
//! tranches on the right and the provider below, each arrow labelled with what flows along
//! it in the scenario's expected case (settled once through the same code as every trial).
//! Hand-drawn SVG: boxes, arrows and text.

use std::fmt::Write;

use crate::analysis::explain::WorkedCase;
use crate::i18n::Locale;
use crate::model::contract::{Contract, Role};
use crate::tr;

use super::charts::escape;

const W: f64 = 1000.0;
const BOX_W: f64 = 190.0;
const BOX_H: f64 = 52.0;

fn node(out: &mut String, x: f64, y: f64, fill: &str, title: &str, sub: &str) {
    let _ = write!(
        out,
        "<rect x=\"{x:.0}\" y=\"{y:.0}\" width=\"{BOX_W:.0}\" height=\"{BOX_H:.0}\" rx=\"7\" fill=\"{fill}\" stroke=\"#555\" stroke-width=\"1\"/>"
    );
    node_text(out, x, y, title, sub);
}

/// A box's two lines of text: its title and, smaller, what it is.
fn node_text(out: &mut String, x: f64, y: f64, title: &str, sub: &str) {
    let _ = write!(
        out,
        "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"13\" font-weight=\"600\" fill=\"#1d1d1f\">{}</text>\
<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11.5\" fill=\"#444\">{}</text>",
        x + BOX_W / 2.0,
        y + 22.0,
        escape(&clip(title, 23)),
        x + BOX_W / 2.0,
        y + 40.0,
        escape(&clip(sub, 28)),
    );
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// An arrow from (x1, y1) to (x2, y2) with a label above its middle.
#[allow(clippy::too_many_arguments)]
fn arrow(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, colour: &str, label: &str, dy: f64) {
    // A vertical arrow is labelled beside it, others above or below their middle.
    let (anchor, dx) = if (x1 - x2).abs() < 1.0 && x1 > W * 0.6 {
        ("end", -10.0)
    } else if (x1 - x2).abs() < 1.0 {
        ("start", 10.0)
    } else {
        ("middle", 0.0)
    };
    let _ = write!(
        out,
        "<line x1=\"{x1:.0}\" y1=\"{y1:.0}\" x2=\"{x2:.0}\" y2=\"{y2:.0}\" stroke=\"{colour}\" stroke-width=\"2.2\" marker-end=\"url(#head-{})\"/>\
<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"{anchor}\" font-family=\"sans-serif\" font-size=\"11.5\" fill=\"{colour}\" stroke=\"white\" stroke-width=\"4\" paint-order=\"stroke\">{}</text>",
        &colour[1..],
        (x1 + x2) / 2.0 + dx,
        (y1 + y2) / 2.0 + dy,
        escape(label),
    );
}

/// What the guarantees of tranche `k` paid its investor.
fn guaranteed(c: &Contract, l: &crate::cashflow::Ledger, k: usize) -> f64 {
    l.guarantee_paid
        .iter()
        .zip(&c.guarantees)
        .filter(|(_, g)| g.tranche == k)
        .map(|(paid, _)| paid)
        .sum()
}

/// The diagram, with amounts in the expected case when there is one.
pub fn who_pays_whom(c: &Contract, expected: Option<&WorkedCase>, loc: &Locale) -> String {
    let cur = c.deal.currency.as_str();
    let payers: Vec<usize> = (0..c.parties.len())
        .filter(|&i| c.parties[i].role == Role::Payer)
        .collect();
    let providers: Vec<usize> = (0..c.parties.len())
        .filter(|&i| c.parties[i].role == Role::Provider)
        .collect();
    // One row per payer and per tranche; the vehicle spans the rows, so every arrow to it
    // runs straight across.
    let rows = payers.len().max(c.tranches.len()).max(1);
    let top = 40.0;
    let gap = 34.0;
    let column_h = rows as f64 * (BOX_H + gap) - gap;
    let row_y = |n: usize, k: usize| {
        top + (column_h - (n as f64 * (BOX_H + gap) - gap)) / 2.0 + k as f64 * (BOX_H + gap)
    };
    let provider_y = top + column_h + 80.0;
    let below = providers.len().max(c.guarantees.len()).max(1) as f64;
    let h = provider_y + below * (BOX_H + gap) + 6.0;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {W:.0} {h:.0}\" role=\"img\" aria-label=\"{}\"><defs>",
        escape(&loc.t("report-diagram-title"))
    );
    for colour in ["d68014", "1f69ab", "2e8b57", "8e44ad"] {
        let _ = write!(
            out,
            "<marker id=\"head-{colour}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#{colour}\"/></marker>"
        );
    }
    out.push_str("</defs><rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    let heading = |out: &mut String, x: f64, text: &str| {
        let _ = write!(
            out,
            "<text x=\"{:.0}\" y=\"24\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#5b5b60\">{}</text>",
            x + BOX_W / 2.0,
            escape(text)
        );
    };
    let (lx, mx, rx) = (8.0, (W - BOX_W) / 2.0, W - BOX_W - 8.0);
    heading(&mut out, lx, &loc.t("report-diagram-payers"));
    heading(&mut out, mx, &loc.t("report-diagram-vehicle"));
    if !c.tranches.is_empty() {
        heading(&mut out, rx, &loc.t("report-diagram-investors"));
    }
    let ledger = expected.map(|e| &e.ledger);
    let amount = |x: f64| loc.amount(cur, x);
    // The vehicle, as tall as the rows.
    let vehicle = c
        .parties
        .iter()
        .find(|p| p.role == Role::Intermediary)
        .map_or_else(|| loc.t("report-diagram-contract"), |p| p.name.clone());
    let _ = write!(
        out,
        "<rect x=\"{mx:.0}\" y=\"{top:.0}\" width=\"{BOX_W:.0}\" height=\"{column_h:.0}\" rx=\"7\" fill=\"#eeeeee\" stroke=\"#555\" stroke-width=\"1\"/>"
    );
    node_text(
        &mut out,
        mx,
        top + column_h / 2.0 - BOX_H / 2.0,
        &loc.t("report-diagram-vehicle-box"),
        &vehicle,
    );
    // Payers → vehicle.
    for (k, &p) in payers.iter().enumerate() {
        let y = row_y(payers.len(), k) + BOX_H / 2.0;
        let party = &c.parties[p];
        node(
            &mut out,
            lx,
            y - BOX_H / 2.0,
            "#fbe7cf",
            &party.name,
            &party.id,
        );
        let label = match ledger {
            Some(l) => tr!(loc, "report-diagram-pays", amount = amount(l.payer_paid(p))),
            None => loc.t("report-diagram-pays-for-outcomes"),
        };
        arrow(&mut out, lx + BOX_W, y, mx, y, "#d68014", &label, -7.0);
    }
    // Investors ↔ vehicle: capital in above, money back below.
    for (k, t) in c.tranches.iter().enumerate() {
        let y = row_y(c.tranches.len(), k);
        let investor = &c.parties[t.investor];
        node(
            &mut out,
            rx,
            y,
            "#d6e6f4",
            &investor.name,
            &tr!(loc, "report-diagram-tranche", tranche = t.id.as_str()),
        );
        let (put_in, back) = match ledger {
            Some(l) => (
                tr!(
                    loc,
                    "report-diagram-puts-in",
                    amount = amount(l.tranche_drawn[k])
                ),
                // From the vehicle: what the investor received less what its guarantors
                // paid it (their own arrows carry that).
                tr!(
                    loc,
                    "report-diagram-gets-back",
                    amount = amount(l.tranche_received[k] - guaranteed(c, l, k))
                ),
            ),
            None => (
                tr!(loc, "report-diagram-puts-in", amount = amount(t.amount)),
                loc.t("report-diagram-gets-back-if"),
            ),
        };
        let (up, down) = (y + BOX_H / 2.0 - 9.0, y + BOX_H / 2.0 + 9.0);
        arrow(&mut out, rx, up, mx + BOX_W, up, "#1f69ab", &put_in, -7.0);
        arrow(&mut out, mx + BOX_W, down, rx, down, "#2e8b57", &back, 17.0);
    }
    // Vehicle → provider(s), below it.
    for (k, &p) in providers.iter().enumerate() {
        let y = provider_y + k as f64 * (BOX_H + gap);
        let party = &c.parties[p];
        node(&mut out, mx, y, "#dcefe2", &party.name, &party.id);
        let label = match ledger {
            Some(l) => tr!(
                loc,
                "report-diagram-receives",
                amount = amount(l.party_received[p])
            ),
            None => loc.t("report-diagram-runs"),
        };
        if k == 0 {
            let x = mx + BOX_W / 2.0;
            arrow(&mut out, x, top + column_h, x, y, "#2e8b57", &label, 4.0);
        } else {
            // Further providers: the label on their box's left.
            let _ = write!(
                out,
                "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"11.5\" fill=\"#2e8b57\">{}</text>",
                mx - 8.0,
                y + BOX_H / 2.0 + 4.0,
                escape(&label)
            );
        }
    }
    // Guarantors below the investors, each arrow up to the tranche it stands behind.
    for (g, guarantee) in c.guarantees.iter().enumerate() {
        let party = &c.parties[guarantee.guarantor];
        let y = provider_y + g as f64 * (BOX_H + gap);
        node(
            &mut out,
            rx,
            y,
            "#efe2f5",
            &party.name,
            &tr!(
                loc,
                "report-diagram-guarantee",
                guarantee = guarantee.id.as_str()
            ),
        );
        let label = match ledger {
            Some(l) => tr!(
                loc,
                "report-diagram-covers",
                amount = amount(l.guarantee_paid[g])
            ),
            None => loc.t("report-diagram-covers-losses"),
        };
        let to = row_y(c.tranches.len(), guarantee.tranche) + BOX_H;
        let x = rx + BOX_W - 16.0 - 12.0 * g as f64;
        arrow(&mut out, x, y, x, to, "#8e44ad", &label, 4.0);
    }
    out.push_str("</svg>");
    out
}
