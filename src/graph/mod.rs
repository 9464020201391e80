//! The lock-in graph: what in a workload is tied to one provider, and how much depends on it.
//!
//! Capabilities of the workload (each model, the knowledge base, logging, identity, network,
//! keys, guardrails, budget) depend on provider services on each cloud and on models; models
//! depend on their vendors. Services carry a portability class from `catalog/services.yaml`; a
//! model's class follows from the clouds in play (open weights P0, offered by every cloud in play
//! P1, otherwise P3). The analysis is explainable integer arithmetic (see [`Analysis`]).
//!
//! Built with petgraph; outputs walk nodes in sorted-id order and never remove nodes, so every
//! format is deterministic.

mod analysis;
pub mod format;

use std::collections::BTreeMap;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

pub use analysis::{Analysis, CapabilityReport, CriticalModel, NodeScore, analyze};

use crate::blueprint::model::{Blueprint, Cloud, KeyManagement, Throughput};
use crate::catalog::{Catalog, Portability};
use crate::plan::{Plan, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Capability,
    Service,
    Model,
    Vendor,
}

/// A node of the lock-in graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Stable id: `cap-…`, the service id, `model-…`, `vendor-…`.
    pub id: String,
    pub label: String,
    pub kind: Kind,
    pub cloud: Option<Cloud>,
    pub class: Option<Portability>,
    /// What replaces it on the other cloud, where something does.
    pub equivalent: Option<String>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub verified: Option<String>,
}

/// A blueprint's lock-in graph; edges point from a dependent to what it depends on.
#[derive(Debug, Clone)]
pub struct LockinGraph {
    pub name: String,
    pub clouds: Vec<Cloud>,
    pub graph: DiGraph<Node, ()>,
    index: BTreeMap<String, NodeIndex>,
}

impl LockinGraph {
    fn node(&mut self, node: Node) -> NodeIndex {
        if let Some(&i) = self.index.get(&node.id) {
            return i;
        }
        let id = node.id.clone();
        let i = self.graph.add_node(node);
        self.index.insert(id, i);
        i
    }

    fn edge(&mut self, from: NodeIndex, to: NodeIndex) {
        if self.graph.find_edge(from, to).is_none() {
            self.graph.add_edge(from, to, ());
        }
    }

    /// Node indices in id order.
    #[must_use]
    pub fn sorted(&self) -> Vec<NodeIndex> {
        self.index.values().copied().collect()
    }

    #[must_use]
    pub fn find(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// Edges as `(from id, to id)`, sorted.
    #[must_use]
    pub fn edges(&self) -> Vec<(&str, &str)> {
        let mut edges: Vec<(&str, &str)> = self
            .graph
            .edge_indices()
            .filter_map(|e| self.graph.edge_endpoints(e))
            .map(|(a, b)| (self.graph[a].id.as_str(), self.graph[b].id.as_str()))
            .collect();
        edges.sort_unstable();
        edges
    }
}

fn capability(id: &str, label: impl Into<String>) -> Node {
    Node {
        id: format!("cap-{id}"),
        label: label.into(),
        kind: Kind::Capability,
        cloud: None,
        class: None,
        equivalent: None,
        note: None,
        source: None,
        verified: None,
    }
}

/// Builds the graph of a resolved blueprint.
#[must_use]
pub fn build(blueprint: &Blueprint, plan: &Plan, catalog: &Catalog) -> LockinGraph {
    let clouds: Vec<Cloud> = Cloud::ALL
        .into_iter()
        .filter(|c| match c {
            Cloud::Aws => blueprint.clouds.aws.is_some(),
            Cloud::Azure => blueprint.clouds.azure.is_some(),
        })
        .collect();
    let mut g = LockinGraph {
        name: blueprint.name.clone(),
        clouds: clouds.clone(),
        graph: DiGraph::new(),
        index: BTreeMap::new(),
    };
    let service = |g: &mut LockinGraph, id: &str| -> Option<NodeIndex> {
        let s = catalog.service(id)?;
        Some(
            g.node(Node {
                id: s.id.clone(),
                label: s.name.clone(),
                kind: Kind::Service,
                cloud: Some(s.cloud),
                class: Some(s.class),
                equivalent: s
                    .equivalent
                    .as_ref()
                    .and_then(|e| catalog.service(e))
                    .map(|e| e.name.clone()),
                note: Some(s.note.clone()),
                source: Some(s.provenance.source.clone()),
                verified: Some(s.provenance.verified.clone()),
            }),
        )
    };
    let model_node = |g: &mut LockinGraph, key: &str| -> Option<NodeIndex> {
        let entry = catalog.model(key)?;
        let everywhere = clouds.len() >= 2 && clouds.iter().all(|c| entry.offered_on(*c));
        let (class, equivalent) = if entry.open_weights {
            (
                Portability::P0,
                Some("open weights: any provider or self-hosted".to_owned()),
            )
        } else if everywhere {
            (
                Portability::P1,
                Some("the same model on the other cloud".to_owned()),
            )
        } else {
            (Portability::P3, None)
        };
        let provenance = entry.offers.first().map(|o| &o.common().provenance);
        let m = g.node(Node {
            id: format!("model-{key}"),
            label: entry.name.clone(),
            kind: Kind::Model,
            cloud: None,
            class: Some(class),
            equivalent,
            note: Some(format!("offered by {}", offered_by(entry))),
            source: provenance.map(|p| p.source.clone()),
            verified: provenance.map(|p| p.verified.clone()),
        });
        let vendor_id = format!("vendor-{}", entry.vendor.to_lowercase().replace(' ', "-"));
        let v = g.node(Node {
            id: vendor_id,
            label: entry.vendor.clone(),
            kind: Kind::Vendor,
            cloud: None,
            class: None,
            equivalent: None,
            note: None,
            source: None,
            verified: None,
        });
        g.edge(m, v);
        Some(m)
    };

    for planned in &plan.models {
        let spec = &blueprint.models[planned.index];
        let cap = g.node(capability(
            &format!("model-{}", planned.name),
            format!("{} ({})", planned.name, planned.model),
        ));
        for p in planned
            .placements
            .iter()
            .filter(|p| p.role == Role::Primary && p.target().is_some())
        {
            let (runtime, reserved) = match p.cloud {
                Cloud::Aws => ("aws-bedrock", "aws-provisioned-throughput"),
                Cloud::Azure => ("azure-openai", "azure-ptu"),
            };
            if let Some(s) = service(&mut g, runtime) {
                g.edge(cap, s);
            }
            if spec.throughput == Throughput::Provisioned
                && let Some(s) = service(&mut g, reserved)
            {
                g.edge(cap, s);
            }
        }
        if let Some(m) = model_node(&mut g, &planned.model) {
            g.edge(cap, m);
        }
    }

    if let Some(kb) = &blueprint.knowledge_base {
        let cap = g.node(capability(
            "knowledge-base",
            format!("knowledge base ({})", kb.embedding_model),
        ));
        for cloud in &clouds {
            let region = match cloud {
                Cloud::Aws => blueprint.clouds.aws.as_ref().map(|a| a.region.as_str()),
                Cloud::Azure => blueprint.clouds.azure.as_ref().map(|a| a.region.as_str()),
            };
            let offered = catalog
                .model(&kb.embedding_model)
                .zip(region)
                .is_some_and(|(m, r)| m.in_region_offer(*cloud, r).is_some());
            if !offered {
                continue;
            }
            let id = crate::catalog::knowledge_service_id(*cloud, kb.store);
            if let Some(s) = service(&mut g, id) {
                g.edge(cap, s);
            }
            let copied = crate::plan::backups::knowledge_base(blueprint, catalog, *cloud)
                .is_some_and(|b| b.copied_to.is_some());
            if copied && let Some(s) = service(&mut g, crate::plan::backups::COPY_SERVICE) {
                g.edge(cap, s);
            }
        }
        if let Some(m) = model_node(&mut g, &kb.embedding_model) {
            g.edge(cap, m);
        }
    }

    let logs = blueprint.logging.invocations != crate::blueprint::model::Invocations::Off
        || blueprint.logging.audit_trail;
    let guardrails = {
        let gr = &blueprint.guardrails;
        gr.pii != crate::blueprint::model::PiiAction::Off
            || gr.prompt_attack != crate::blueprint::model::PromptAttack::Off
            || gr.content_filter != crate::blueprint::model::FilterLevel::Off
    };
    let platform = [
        Platform {
            id: "logging",
            label: "logging and audit",
            present: logs,
            services: ["aws-cloudwatch", "azure-log-analytics"],
            audit: blueprint.logging.audit_trail,
        },
        Platform {
            id: "identity",
            label: "identity",
            present: true,
            services: ["aws-iam", "azure-entra-id"],
            audit: false,
        },
        Platform {
            id: "network",
            label: "private network",
            present: blueprint.network.private_endpoints,
            services: ["aws-privatelink", "azure-private-endpoint"],
            audit: false,
        },
        Platform {
            id: "keys",
            label: "encryption keys",
            present: blueprint.encryption.keys == KeyManagement::CustomerManaged,
            services: ["aws-kms", "azure-key-vault"],
            audit: false,
        },
        Platform {
            id: "guardrails",
            label: "guardrails",
            present: guardrails,
            services: ["aws-bedrock-guardrails", "azure-content-filter"],
            audit: false,
        },
        Platform {
            id: "budget",
            label: "budget",
            present: blueprint.budget.is_some(),
            services: ["aws-budgets", "azure-cost-management"],
            audit: false,
        },
    ];
    for p in platform.iter().filter(|p| p.present) {
        let cap = g.node(capability(p.id, p.label));
        for cloud in &clouds {
            let i = usize::from(*cloud == Cloud::Azure);
            let trail = ["aws-cloudtrail", "azure-activity-log"][i];
            for service_id in std::iter::once(p.services[i]).chain(p.audit.then_some(trail)) {
                if let Some(s) = service(&mut g, service_id) {
                    g.edge(cap, s);
                }
            }
        }
    }
    g
}

/// A platform capability and the service that provides it on each cloud (`[aws, azure]`).
struct Platform {
    id: &'static str,
    label: &'static str,
    present: bool,
    services: [&'static str; 2],
    /// Whether the cloud's audit trail (CloudTrail, Activity Log) is part of it.
    audit: bool,
}

fn offered_by(entry: &crate::catalog::ModelEntry) -> String {
    let on: Vec<&str> = Cloud::ALL
        .into_iter()
        .filter(|c| entry.offered_on(*c))
        .map(Cloud::model_service)
        .collect();
    if on.is_empty() {
        "no cloud in the catalog".to_owned()
    } else {
        on.join(" and ")
    }
}

impl LockinGraph {
    /// The part of the graph one capability depends on (the capability, and everything it
    /// reaches). `capability` is a capability id (`cap-logging`) or its short name (`logging`,
    /// `model-summarizer`, or a model's name). Builds a new graph; nothing is removed.
    #[must_use]
    pub fn focus(&self, capability: &str) -> Option<LockinGraph> {
        let start = [
            capability.to_owned(),
            format!("cap-{capability}"),
            format!("cap-model-{capability}"),
        ]
        .iter()
        .find_map(|id| {
            self.find(id)
                .filter(|i| self.graph[*i].kind == Kind::Capability)
        })?;
        let mut keep = std::collections::BTreeSet::new();
        let mut bfs = petgraph::visit::Bfs::new(&self.graph, start);
        while let Some(n) = bfs.next(&self.graph) {
            keep.insert(self.graph[n].id.clone());
        }
        let mut out = LockinGraph {
            name: self.name.clone(),
            clouds: self.clouds.clone(),
            graph: DiGraph::new(),
            index: BTreeMap::new(),
        };
        for id in &keep {
            if let Some(i) = self.find(id) {
                out.node(self.graph[i].clone());
            }
        }
        for (from, to) in self.edges() {
            if let (Some(a), Some(b)) = (out.find(from), out.find(to)) {
                out.edge(a, b);
            }
        }
        Some(out)
    }

    /// Capability ids, for error messages.
    #[must_use]
    pub fn capability_ids(&self) -> Vec<String> {
        self.sorted()
            .into_iter()
            .filter(|i| self.graph[*i].kind == Kind::Capability)
            .map(|i| self.graph[i].id.trim_start_matches("cap-").to_owned())
            .collect()
    }
}
