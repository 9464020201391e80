//! Graphviz DOT: a cluster per cloud, fill colour per portability class, sorted ids.

use std::fmt::Write as _;

use super::super::{Kind, LockinGraph};
use super::symbol;
use crate::blueprint::model::Cloud;
use crate::catalog::Portability;

fn quote(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\r', "")
            .replace('\n', "\\n")
    )
}

fn fill(class: Option<Portability>, kind: Kind) -> &'static str {
    match (kind, class) {
        (Kind::Capability, _) => "#e7f1ff",
        (_, Some(Portability::P0)) => "#d1e7dd",
        (_, Some(Portability::P1)) => "#e2e3e5",
        (_, Some(Portability::P2)) => "#fff3cd",
        (_, Some(Portability::P3)) => "#f8d7da",
        _ => "#ffffff",
    }
}

#[must_use]
pub fn dot(g: &LockinGraph) -> String {
    let mut out = format!(
        "digraph {} {{\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n",
        quote(&format!("lock-in: {}", g.name))
    );
    let node_line = |i| {
        let n: &super::super::Node = &g.graph[i];
        let text = match n.class {
            Some(c) if n.kind != Kind::Capability => format!("{}\n{c:?} {}", n.label, c.describe()),
            _ => n.label.clone(),
        };
        format!(
            "{} [label={}, fillcolor=\"{}\"];",
            symbol(&n.id),
            quote(&text),
            fill(n.class, n.kind)
        )
    };
    for (cloud, title) in [(Cloud::Aws, "AWS"), (Cloud::Azure, "Azure")] {
        let members: Vec<_> = g
            .sorted()
            .into_iter()
            .filter(|i| g.graph[*i].kind == Kind::Service && g.graph[*i].cloud == Some(cloud))
            .collect();
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "  subgraph cluster_{} {{\n    label={};",
            cloud.key(),
            quote(title)
        );
        for i in members {
            let _ = writeln!(out, "    {}", node_line(i));
        }
        out.push_str("  }\n");
    }
    for i in g
        .sorted()
        .into_iter()
        .filter(|i| g.graph[*i].kind != Kind::Service)
    {
        let _ = writeln!(out, "  {}", node_line(i));
    }
    for (from, to) in g.edges() {
        let _ = writeln!(out, "  {} -> {};", symbol(from), symbol(to));
    }
    out.push_str("}\n");
    out
}
