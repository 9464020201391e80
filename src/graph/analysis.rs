//! The lock-in analysis, in integer arithmetic so every number is stable and can be explained:
//!
//! - a node's **dependents** are the nodes that reach it (its blast radius);
//! - its **risk** is `weight(class) × (1 + dependents)` with weights P0 0, P1 1, P2 3, P3 10;
//! - the **score** is `100 × Σ risk ÷ Σ (10 × (1 + dependents))` over services and models,
//!   rounded down: 0 when everything is open, 100 when everything is a blocker;
//! - **blockers** are P3 nodes; a capability is **single-homed** when only one cloud serves it;
//! - every `critical: true` model must be served by two providers.

use std::collections::BTreeSet;

use petgraph::Direction;
use petgraph::visit::{Bfs, Reversed};
use serde::Serialize;

use super::{Kind, LockinGraph};
use crate::blueprint::model::{Blueprint, Cloud};
use crate::catalog::Portability;
use crate::plan::{Plan, Role};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeScore {
    pub id: String,
    pub class: Portability,
    pub dependents: u64,
    pub risk: u64,
    pub max: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapabilityReport {
    pub id: String,
    pub label: String,
    pub clouds: Vec<Cloud>,
    pub single_homed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriticalModel {
    pub name: String,
    pub clouds: Vec<Cloud>,
    pub two_providers: bool,
}

/// The analysis of one graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    pub score: u64,
    pub nodes: Vec<NodeScore>,
    pub blockers: Vec<String>,
    pub capabilities: Vec<CapabilityReport>,
    pub critical_models: Vec<CriticalModel>,
}

impl Analysis {
    #[must_use]
    pub fn single_homed(&self) -> Vec<&CapabilityReport> {
        self.capabilities
            .iter()
            .filter(|c| c.single_homed)
            .collect()
    }
}

/// Analyzes a graph built from `blueprint` and `plan`.
#[must_use]
pub fn analyze(g: &LockinGraph, blueprint: &Blueprint, plan: &Plan) -> Analysis {
    let mut nodes = Vec::new();
    let (mut risk_sum, mut max_sum) = (0u64, 0u64);
    for i in g.sorted() {
        let node = &g.graph[i];
        let Some(class) = node.class else { continue };
        if !matches!(node.kind, Kind::Service | Kind::Model) {
            continue;
        }
        let dependents = dependents(g, i);
        let risk = class.weight() * (1 + dependents);
        let max = 10 * (1 + dependents);
        risk_sum += risk;
        max_sum += max;
        nodes.push(NodeScore {
            id: node.id.clone(),
            class,
            dependents,
            risk,
            max,
        });
    }
    let score = (risk_sum * 100).checked_div(max_sum).unwrap_or(0);
    let blockers = nodes
        .iter()
        .filter(|n| n.class == Portability::P3)
        .map(|n| n.id.clone())
        .collect();
    let capabilities = g
        .sorted()
        .into_iter()
        .filter(|&i| g.graph[i].kind == Kind::Capability)
        .map(|i| {
            let clouds: BTreeSet<Cloud> = g
                .graph
                .neighbors_directed(i, Direction::Outgoing)
                .filter_map(|s| g.graph[s].cloud)
                .collect();
            CapabilityReport {
                id: g.graph[i].id.clone(),
                label: g.graph[i].label.clone(),
                single_homed: clouds.len() < 2,
                clouds: clouds.into_iter().collect(),
            }
        })
        .collect();
    let critical_models = plan
        .models
        .iter()
        .filter(|m| blueprint.models[m.index].critical)
        .map(|m| {
            let clouds: BTreeSet<Cloud> = m
                .placements
                .iter()
                .filter(|p| p.role == Role::Primary && p.target().is_some())
                .map(|p| p.cloud)
                .collect();
            CriticalModel {
                name: m.name.clone(),
                two_providers: clouds.len() >= 2,
                clouds: clouds.into_iter().collect(),
            }
        })
        .collect();
    Analysis {
        score,
        nodes,
        blockers,
        capabilities,
        critical_models,
    }
}

/// How many nodes reach `i` (excluding itself): its blast radius.
fn dependents(g: &LockinGraph, i: petgraph::graph::NodeIndex) -> u64 {
    let reversed = Reversed(&g.graph);
    let mut bfs = Bfs::new(reversed, i);
    let mut count = 0u64;
    while let Some(n) = bfs.next(reversed) {
        if n != i {
            count += 1;
        }
    }
    count
}
