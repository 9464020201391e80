//! SVG without any system or layout dependency: the graph is layered by nature (capabilities
//! depend on services and models, models on vendors), so three columns suffice — capabilities;
//! services grouped by cloud, then models; vendors — with rows in id order and curved edges.
//! (layout-rs was tried first; its placement iterates a `HashSet`, so its bytes changed from run
//! to run.)

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::super::{Kind, LockinGraph, Node};
use crate::blueprint::model::Cloud;
use crate::catalog::Portability;

const ROW: f64 = 46.0;
const BOX_H: f64 = 36.0;
const GAP_X: f64 = 90.0;
const PAD: f64 = 20.0;
const GROUP_GAP: f64 = 34.0;
const CHAR_W: f64 = 6.6;

fn fill(n: &Node) -> &'static str {
    match (n.kind, n.class) {
        (Kind::Capability, _) => "#e7f1ff",
        (_, Some(Portability::P0)) => "#d1e7dd",
        (_, Some(Portability::P1)) => "#e2e3e5",
        (_, Some(Portability::P2)) => "#fff3cd",
        (_, Some(Portability::P3)) => "#f8d7da",
        _ => "#ffffff",
    }
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn caption(n: &Node) -> String {
    match n.class {
        Some(c) if n.kind != Kind::Capability => format!("{} · {c:?}", n.label),
        _ => n.label.clone(),
    }
}

#[must_use]
pub fn svg(g: &LockinGraph) -> String {
    let ids = g.sorted();
    let of = |pred: &dyn Fn(&Node) -> bool| -> Vec<petgraph::graph::NodeIndex> {
        ids.iter().copied().filter(|i| pred(&g.graph[*i])).collect()
    };
    // Column 1 is stacked in groups, each with a title.
    let groups: Vec<(&str, Vec<_>)> = vec![
        (
            "AWS",
            of(&|n| n.kind == Kind::Service && n.cloud == Some(Cloud::Aws)),
        ),
        (
            "Azure",
            of(&|n| n.kind == Kind::Service && n.cloud == Some(Cloud::Azure)),
        ),
        ("Models", of(&|n| n.kind == Kind::Model)),
    ];
    let columns = [
        of(&|n| n.kind == Kind::Capability),
        groups.iter().flat_map(|(_, v)| v.clone()).collect(),
        of(&|n| n.kind == Kind::Vendor),
    ];
    let widths: Vec<f64> = columns
        .iter()
        .map(|c| {
            c.iter()
                .map(|i| caption(&g.graph[*i]).chars().count() as f64 * CHAR_W + 24.0)
                .fold(120.0, f64::max)
        })
        .collect();
    let xs = [
        PAD,
        PAD + widths[0] + GAP_X,
        PAD + widths[0] + widths[1] + 2.0 * GAP_X,
    ];

    let mut pos: BTreeMap<petgraph::graph::NodeIndex, (f64, f64, f64)> = BTreeMap::new();
    let mut frames = String::new();
    let mut y = PAD + 24.0;
    for (title, members) in groups.iter().filter(|(_, m)| !m.is_empty()) {
        let top = y;
        y += 22.0;
        for i in members {
            pos.insert(*i, (xs[1], y, widths[1]));
            y += ROW;
        }
        let _ = write!(
            frames,
            "<rect x=\"{:.0}\" y=\"{top:.0}\" width=\"{:.0}\" height=\"{:.0}\" rx=\"8\" fill=\"none\" stroke=\"#adb5bd\" stroke-dasharray=\"4 3\"/>\n<text x=\"{:.0}\" y=\"{:.0}\" class=\"group\">{}</text>\n",
            xs[1] - 10.0,
            widths[1] + 20.0,
            y - top - ROW + BOX_H + 18.0,
            xs[1],
            top + 16.0,
            xml(title)
        );
        y += GROUP_GAP - (ROW - BOX_H);
    }
    let middle_height = y;
    for (col, x, width) in [(0, xs[0], widths[0]), (2, xs[2], widths[2])] {
        let count = columns[col].len() as f64;
        let mut y = PAD + 24.0 + ((middle_height - PAD - 24.0) - count * ROW).max(0.0) / 2.0;
        for i in &columns[col] {
            pos.insert(*i, (x, y, width));
            y += ROW;
        }
    }
    let width = xs[2] + widths[2] + PAD;
    let height = pos
        .values()
        .map(|p| p.1 + BOX_H)
        .fold(middle_height, f64::max)
        + PAD
        + 24.0;

    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n<title>{}</title>\n<style>.group {{ font-weight: bold; fill: #495057; }} .head {{ font-weight: bold; font-size: 14px; }}</style>\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#6c757d\"/></marker></defs>\n<text x=\"{PAD:.0}\" y=\"{:.0}\" class=\"head\">{}</text>\n",
        xml(&format!("lock-in: {}", g.name)),
        PAD + 8.0,
        xml(&format!("lock-in: {}", g.name))
    );
    out.push_str(&frames);
    for (from, to) in g.edges() {
        let (Some(a), Some(b)) = (
            g.find(from).and_then(|i| pos.get(&i)),
            g.find(to).and_then(|i| pos.get(&i)),
        ) else {
            continue;
        };
        let (x1, y1) = (a.0 + a.2, a.1 + BOX_H / 2.0);
        let (x2, y2) = (b.0, b.1 + BOX_H / 2.0);
        let bend = (x2 - x1) / 2.0;
        let _ = writeln!(
            out,
            "<path d=\"M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}\" fill=\"none\" stroke=\"#6c757d\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>",
            x1 + bend,
            x2 - bend
        );
    }
    for (i, (x, y, w)) in &pos {
        let n = &g.graph[*i];
        let stroke = if n.class == Some(Portability::P3) {
            "#dc3545\" stroke-width=\"2.5"
        } else {
            "#495057\" stroke-width=\"1"
        };
        let _ = writeln!(
            out,
            "<g><title>{}</title><rect x=\"{x:.0}\" y=\"{y:.0}\" width=\"{w:.0}\" height=\"{BOX_H:.0}\" rx=\"6\" fill=\"{}\" stroke=\"{stroke}\"/><text x=\"{:.0}\" y=\"{:.0}\">{}</text></g>",
            xml(&n.note.clone().unwrap_or_else(|| n.id.clone())),
            fill(n),
            x + 12.0,
            y + BOX_H / 2.0 + 4.0,
            xml(&caption(n))
        );
    }
    let legend = [
        ("capability", "#e7f1ff"),
        ("P0 open", "#d1e7dd"),
        ("P1 mechanical equivalent", "#e2e3e5"),
        ("P2 partial equivalent", "#fff3cd"),
        ("P3 no equivalent (blocker)", "#f8d7da"),
    ];
    let mut lx = PAD;
    let ly = height - PAD - 12.0;
    for (text, color) in legend {
        let _ = writeln!(
            out,
            "<rect x=\"{lx:.0}\" y=\"{ly:.0}\" width=\"14\" height=\"14\" fill=\"{color}\" stroke=\"#495057\"/><text x=\"{:.0}\" y=\"{:.0}\">{}</text>",
            lx + 20.0,
            ly + 11.0,
            xml(text)
        );
        lx += text.len() as f64 * CHAR_W + 44.0;
    }
    out.push_str("</svg>\n");
    out
}
