//! JSON: nodes (with class, dependents and risk), edges, capabilities, blockers, score.

use serde::Serialize;

use super::super::{Analysis, LockinGraph, Node};

#[derive(Serialize)]
struct Document<'a> {
    blueprint: &'a str,
    score: u64,
    blockers: &'a [String],
    nodes: Vec<NodeOut<'a>>,
    edges: Vec<Edge<'a>>,
    capabilities: &'a [super::super::CapabilityReport],
    critical_models: &'a [super::super::CriticalModel],
}

#[derive(Serialize)]
struct NodeOut<'a> {
    #[serde(flatten)]
    node: &'a Node,
    dependents: Option<u64>,
    risk: Option<u64>,
}

#[derive(Serialize)]
struct Edge<'a> {
    from: &'a str,
    to: &'a str,
}

#[must_use]
pub fn json(g: &LockinGraph, analysis: &Analysis) -> String {
    let nodes = g
        .sorted()
        .into_iter()
        .map(|i| {
            let node = &g.graph[i];
            let score = analysis.nodes.iter().find(|s| s.id == node.id);
            NodeOut {
                node,
                dependents: score.map(|s| s.dependents),
                risk: score.map(|s| s.risk),
            }
        })
        .collect();
    let doc = Document {
        blueprint: &g.name,
        score: analysis.score,
        blockers: &analysis.blockers,
        nodes,
        edges: g
            .edges()
            .into_iter()
            .map(|(from, to)| Edge { from, to })
            .collect(),
        capabilities: &analysis.capabilities,
        critical_models: &analysis.critical_models,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
