//! The Markdown report an architect reads before a decision: score and how it is made, blockers,
//! single-homed capabilities, the two-provider check, the Mermaid diagram, and an exit plan per
//! provider (what depends on it, the alternative, what data must move). With several blueprints
//! a portfolio table closes the report.

use std::fmt::Write as _;

use super::super::{Analysis, Kind, LockinGraph};
use super::mermaid;
use crate::blueprint::model::Cloud;
use crate::catalog::Portability;

/// What has to move when a capability leaves a provider.
fn data_to_move(capability: &str) -> &'static str {
    match capability {
        "cap-knowledge-base" => {
            "the source documents, re-ingested (or pg_dump/restore for pgvector); embeddings are recomputed if the embedding model changes"
        }
        "cap-logging" => "the log archive (exported as JSON lines) for the rest of its retention",
        "cap-keys" => {
            "nothing exportable: keys stay; data is re-encrypted under the new provider's key"
        }
        "cap-identity" => {
            "role and policy definitions, re-expressed as the other cloud's role assignments"
        }
        "cap-guardrails" => "filter settings and denied topics, re-created and re-tested",
        "cap-network" | "cap-budget" => "configuration only",
        _ => "prompts and evaluation sets, re-run against the alternative model",
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[must_use]
pub fn markdown(g: &LockinGraph, a: &Analysis) -> String {
    let mut out = format!("## Lock-in: {}\n\n", g.name);
    let critical_ok = a.critical_models.iter().filter(|m| m.two_providers).count();
    let _ = writeln!(
        out,
        "**Score {}/100** · {} blocker{} · {} single-homed capabilit{} · critical models on two providers: {}/{}\n",
        a.score,
        a.blockers.len(),
        if a.blockers.len() == 1 { "" } else { "s" },
        a.single_homed().len(),
        if a.single_homed().len() == 1 {
            "y"
        } else {
            "ies"
        },
        critical_ok,
        a.critical_models.len()
    );
    out.push_str("| Capability | Served by | Single-homed |\n|---|---|---|\n");
    for c in &a.capabilities {
        let clouds: Vec<&str> = c.clouds.iter().map(|c| c.display()).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            cell(&c.label),
            if clouds.is_empty() {
                "—".into()
            } else {
                clouds.join(", ")
            },
            if c.single_homed { "yes" } else { "no" }
        );
    }
    if !a.critical_models.is_empty() {
        out.push_str("\n**Two-provider minimum** for product-critical models:\n\n");
        for m in &a.critical_models {
            let clouds: Vec<&str> = m.clouds.iter().map(|c| c.display()).collect();
            let _ = writeln!(
                out,
                "- {} `{}`: served by {}",
                if m.two_providers { "✅" } else { "❌" },
                m.name,
                if clouds.is_empty() {
                    "no cloud".into()
                } else {
                    clouds.join(" and ")
                }
            );
        }
    }
    out.push_str("\n### Blockers (P3: no equivalent)\n\n");
    if a.blockers.is_empty() {
        out.push_str("None.\n");
    }
    for id in &a.blockers {
        if let Some(i) = g.find(id) {
            let n = &g.graph[i];
            let users: Vec<String> = g
                .graph
                .neighbors_directed(i, petgraph::Direction::Incoming)
                .map(|d| format!("`{}`", g.graph[d].label))
                .collect();
            let _ = writeln!(
                out,
                "- **{}**{}: {} — used by {}",
                n.label,
                n.cloud
                    .map(|c| format!(" ({})", c.display()))
                    .unwrap_or_default(),
                n.note.clone().unwrap_or_default(),
                users.join(", ")
            );
        }
    }
    out.push_str("\n### How the score is made\n\nrisk = weight × (1 + dependents), weights P0 0 · P1 1 · P2 3 · P3 10; score = 100 × Σ risk ÷ Σ 10 × (1 + dependents).\n\n| Node | Class | Dependents | Risk |\n|---|---|---|---|\n");
    let mut ranked: Vec<_> = a.nodes.iter().collect();
    ranked.sort_by(|x, y| y.risk.cmp(&x.risk).then_with(|| x.id.cmp(&y.id)));
    for s in ranked {
        let name = g
            .find(&s.id)
            .map_or(s.id.clone(), |i| g.graph[i].label.clone());
        let _ = writeln!(
            out,
            "| {} | {:?} | {} | {} |",
            cell(&name),
            s.class,
            s.dependents,
            s.risk
        );
    }
    let _ = write!(out, "\n```mermaid\n{}```\n", mermaid(g));
    for cloud in &g.clouds {
        exit_plan(&mut out, g, *cloud);
    }
    out
}

fn exit_plan(out: &mut String, g: &LockinGraph, cloud: Cloud) {
    let _ = writeln!(out, "\n### Exit plan: leaving {}\n", cloud.display());
    let services: Vec<_> = g
        .sorted()
        .into_iter()
        .filter(|i| g.graph[*i].kind == Kind::Service && g.graph[*i].cloud == Some(cloud))
        .collect();
    if services.is_empty() {
        out.push_str("Nothing in this workload runs there.\n");
        return;
    }
    out.push_str("| Service | Class | Alternative | Depended on by | Data to move |\n|---|---|---|---|---|\n");
    for i in services {
        let n = &g.graph[i];
        let dependents: Vec<_> = g
            .graph
            .neighbors_directed(i, petgraph::Direction::Incoming)
            .collect();
        let users: Vec<String> = dependents
            .iter()
            .map(|d| g.graph[*d].label.clone())
            .collect();
        let data: Vec<&str> = dependents
            .iter()
            .map(|d| data_to_move(&g.graph[*d].id))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let alternative = match (n.class, &n.equivalent) {
            (Some(Portability::P3), _) | (_, None) => {
                "none: redesign (release the commitment, or move the capability)".to_owned()
            }
            (_, Some(e)) => e.clone(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&n.label),
            n.class.map(|c| format!("{c:?}")).unwrap_or_default(),
            cell(&alternative),
            cell(&users.join(", ")),
            cell(&data.join("; "))
        );
    }
    out.push_str("\nTriggers to plan for: a provider outage or price change (planned exit), a lost compliance attestation or contract termination (emergency exit). Test the exit by running the workload's evaluation set against the alternative before it is needed.\n");
}

/// The portfolio table's heading; a row per blueprint follows: score, blockers, single-homed
/// capabilities.
pub const PORTFOLIO_HEADER: &str = "## Portfolio\n\n| Blueprint | Score | Blockers | Single-homed capabilities | Critical models on two providers |\n|---|---|---|---|---|\n";

/// One blueprint's row of the portfolio table that follows several Markdown graphs.
#[must_use]
pub fn portfolio_row(g: &LockinGraph, a: &Analysis) -> String {
    let single: Vec<String> = a.single_homed().iter().map(|c| c.label.clone()).collect();
    let critical = a.critical_models.iter().filter(|m| m.two_providers).count();
    format!(
        "| {} | {} | {} | {} | {}/{} |\n",
        cell(&g.name),
        a.score,
        a.blockers.len(),
        cell(&if single.is_empty() {
            "—".to_owned()
        } else {
            single.join(", ")
        }),
        critical,
        a.critical_models.len()
    )
}
