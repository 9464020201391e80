//! Mermaid flowchart: one subgraph per cloud, one for the workload, one for models and vendors;
//! a class per portability class. Ids are sanitized (`n_…`), labels quoted and entity-escaped.

use std::fmt::Write as _;

use super::super::{Kind, LockinGraph, Node};
use super::symbol;
use crate::blueprint::model::Cloud;
use crate::catalog::Portability;

/// Escapes a label for a quoted Mermaid node text.
fn label(text: &str) -> String {
    text.replace('&', "#amp;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace(['\n', '\r'], " ")
}

fn class_name(class: Option<Portability>, kind: Kind) -> &'static str {
    match (kind, class) {
        (Kind::Capability, _) => "capability",
        (Kind::Vendor, _) => "vendor",
        (_, Some(Portability::P0)) => "p0",
        (_, Some(Portability::P1)) => "p1",
        (_, Some(Portability::P2)) => "p2",
        (_, Some(Portability::P3)) => "p3",
        (_, None) => "vendor",
    }
}

/// A subgraph: which nodes belong in it.
struct Group {
    id: &'static str,
    title: String,
    member: fn(&Node) -> bool,
}

#[must_use]
pub fn mermaid(g: &LockinGraph) -> String {
    let mut out = String::from("flowchart LR\n");
    let groups: [Group; 4] = [
        Group {
            id: "workload",
            title: format!("workload: {}", g.name),
            member: |n| n.kind == Kind::Capability,
        },
        Group {
            id: "aws",
            title: "AWS".to_owned(),
            member: |n| n.kind == Kind::Service && n.cloud == Some(Cloud::Aws),
        },
        Group {
            id: "azure",
            title: "Azure".to_owned(),
            member: |n| n.kind == Kind::Service && n.cloud == Some(Cloud::Azure),
        },
        Group {
            id: "models",
            title: "models and vendors".to_owned(),
            member: |n| matches!(n.kind, Kind::Model | Kind::Vendor),
        },
    ];
    for Group { id, title, member } in &groups {
        let nodes: Vec<_> = g
            .sorted()
            .into_iter()
            .filter(|i| member(&g.graph[*i]))
            .collect();
        if nodes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  subgraph sg_{id}[\"{}\"]", label(title));
        for i in nodes {
            let n = &g.graph[i];
            let text = match n.class {
                Some(c) if n.kind != Kind::Capability => {
                    format!("{}<br/>{c:?} {}", label(&n.label), c.describe())
                }
                _ => label(&n.label),
            };
            let _ = writeln!(out, "    {}[\"{text}\"]", symbol(&n.id));
        }
        out.push_str("  end\n");
    }
    for (from, to) in g.edges() {
        let _ = writeln!(out, "  {} --> {}", symbol(from), symbol(to));
    }
    out.push_str(concat!(
        "  classDef capability fill:#e7f1ff,stroke:#0d6efd,color:#052c65\n",
        "  classDef p0 fill:#d1e7dd,stroke:#198754,color:#0a3622\n",
        "  classDef p1 fill:#e2e3e5,stroke:#6c757d,color:#2b2f32\n",
        "  classDef p2 fill:#fff3cd,stroke:#ffc107,color:#664d03\n",
        "  classDef p3 fill:#f8d7da,stroke:#dc3545,stroke-width:3px,color:#58151c\n",
        "  classDef vendor fill:#ffffff,stroke:#adb5bd,color:#495057\n",
    ));
    for class in ["capability", "p0", "p1", "p2", "p3", "vendor"] {
        let members: Vec<String> = g
            .sorted()
            .into_iter()
            .filter(|i| class_name(g.graph[*i].class, g.graph[*i].kind) == class)
            .map(|i| symbol(&g.graph[i].id))
            .collect();
        if !members.is_empty() {
            let _ = writeln!(out, "  class {} {class}", members.join(","));
        }
    }
    out
}
