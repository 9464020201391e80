//! The text `init` writes: a commented blueprint in the layout of the examples.
//!
//! Why by hand and not serde: the comments are the point (each says where a value comes from),
//! and the field order follows BLUEPRINT.md. Text the user typed enters only as a JSON string,
//! which is a YAML 1.2 double-quoted scalar with every quote, backslash and control escaped.

use super::{Request, residency_key};
use crate::blueprint::model::Routing;
use crate::catalog::{Catalog, Cloud, FedRamp};

/// The settings that do not depend on the cloud.
#[derive(Debug, Clone)]
pub struct Settings {
    pub classes: Vec<&'static str>,
    pub retention_days: u32,
    /// What set the retention: "the secure default" or a pack parameter.
    pub retention_why: String,
    pub rotation_days: u32,
    pub fips: bool,
}

/// What init chose for one cloud.
#[derive(Debug, Clone)]
pub struct CloudChoice {
    pub cloud: Cloud,
    pub region: String,
    pub failover: Option<String>,
    /// The catalog key.
    pub model: String,
    pub routing: Routing,
    /// What the model resolves to and where its prompts are processed.
    pub note: String,
}

impl CloudChoice {
    /// "gpt-5-1 (regional) in swedencentral, failover westeurope".
    #[must_use]
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} ({}) in {}",
            self.model,
            routing_key(self.routing),
            self.region
        );
        match &self.failover {
            Some(f) => s.push_str(&format!(", failover {f}")),
            None => s.push_str(", no failover"),
        }
        s
    }
}

/// Column where trailing comments start, as in the examples.
const COMMENT_COLUMN: usize = 36;

struct Out(String);

impl Out {
    fn line(&mut self, content: &str, comment: &str) {
        self.0.push_str(content);
        if !comment.is_empty() {
            let pad = COMMENT_COLUMN
                .saturating_sub(content.chars().count())
                .max(1);
            self.0.push_str(&" ".repeat(pad));
            self.0.push_str("# ");
            self.0.push_str(comment);
        }
        self.0.push('\n');
    }

    fn blank(&mut self) {
        self.0.push('\n');
    }
}

/// User text as a quoted scalar: a JSON string is a valid YAML 1.2 double-quoted scalar.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

fn routing_key(r: Routing) -> &'static str {
    match r {
        Routing::Regional => "regional",
        Routing::Geo => "geo",
        Routing::Global => "global",
    }
}

fn region_comment(catalog: &Catalog, cloud: Cloud, code: &str) -> String {
    catalog
        .region(cloud, code)
        .map(|r| {
            format!(
                "{}; jurisdiction {}{}",
                r.name,
                r.jurisdiction,
                if r.fedramp == FedRamp::High {
                    ", FedRAMP High"
                } else {
                    ""
                }
            )
        })
        .unwrap_or_default()
}

/// `text` in lines of at most `width` characters, broken at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// The blueprint for `req` with `choices`, one per cloud, in the order given.
#[must_use]
pub fn blueprint_text(
    req: &Request,
    settings: &Settings,
    choices: &[CloudChoice],
    catalog: &Catalog,
) -> String {
    let mut o = Out(String::new());
    let packs = if req.packs.is_empty() {
        "the baseline pack".to_owned()
    } else {
        format!("the baseline pack and {}", req.packs.join(", "))
    };
    o.line(
        "# yaml-language-server: $schema=./blueprint.schema.json",
        "",
    );
    o.line("#", "");
    o.line(
        &format!(
            "# Written by `twinstack init` on {}: residency {}, {}.",
            req.today,
            residency_key(req.residency),
            packs
        ),
        "",
    );
    o.line(
        "# It lints clean as written (`twinstack lint` this file). Every section is the secure",
        "",
    );
    o.line(
        "# default or what the packs require; `twinstack explain RULE` says why a rule asks for it.",
        "",
    );
    o.line("version: 1", "");
    o.line(
        &format!("name: {}", req.name),
        "prefix of every generated resource name",
    );
    if let Some(d) = &req.description {
        o.line(&format!("description: {}", quoted(d)), "");
    }
    o.line(&format!("owner: {}", quoted(&req.owner)), "");
    o.blank();
    if !req.packs.is_empty() {
        o.line(
            &format!("compliance: [{}]", req.packs.join(", ")),
            "packs enforced on top of the baseline",
        );
    }
    o.line(
        &format!("residency: {}", residency_key(req.residency)),
        "where data may be stored and processed",
    );
    o.blank();
    o.line("data:", "");
    o.line(
        &format!("  classes: [{}]", settings.classes.join(", ")),
        "public | internal | personal | special-category | phi | cui",
    );
    if let Some(p) = &req.purpose {
        o.line(&format!("  purpose: {}", quoted(p)), "");
    }
    if let Some(d) = &req.dpia {
        o.line(
            &format!("  dpia: {}", quoted(d)),
            "--dpia: the impact assessment",
        );
    }
    o.line(
        "  transfer_basis: none",
        "no transfer outside the residency",
    );
    if req.zero_data_retention {
        o.line(
            "  zero_data_retention: true",
            "--zero-data-retention: modified abuse monitoring approved",
        );
    }
    o.blank();
    o.line("clouds:", "");
    for (i, c) in choices.iter().enumerate() {
        o.line(&format!("  {}:", c.cloud.key()), "");
        o.line(
            &format!("    region: {}", c.region),
            &region_comment(catalog, c.cloud, &c.region),
        );
        if let Some(f) = &c.failover {
            o.line(
                &format!("    failover_region: {f}"),
                &region_comment(catalog, c.cloud, f),
            );
        }
        o.line(
            &format!("    cidr: 10.{}.0.0/16", 40 + i),
            "private endpoints' range: change it if it overlaps yours",
        );
    }
    o.blank();
    o.line(
        "models:",
        "`twinstack catalog models KEY` shows where a model runs",
    );
    for c in choices {
        for line in wrap(&c.note, 96) {
            o.line(&format!("  # {line}"), "");
        }
        o.line(&format!("  - name: {}-chat", c.cloud.key()), "");
        let lifecycle = catalog
            .model(&c.model)
            .map(|m| format!("{}, active on {}", m.name, req.today))
            .unwrap_or_default();
        o.line(&format!("    model: {}", c.model), &lifecycle);
        o.line(&format!("    clouds: [{}]", c.cloud.key()), "");
        o.line(
            &format!("    routing: {}", routing_key(c.routing)),
            match c.routing {
                Routing::Regional => "prompts stay in the region called",
                Routing::Geo => "prompts stay in the region's geography",
                Routing::Global => "prompts may go anywhere the provider runs it",
            },
        );
    }
    o.blank();
    o.line("guardrails:", "");
    o.line("  pii: anonymize", "off | anonymize | block");
    o.line("  prompt_attack: block", "");
    o.line("  content_filter: high", "off | low | medium | high");
    o.blank();
    o.line("logging:", "");
    o.line(
        "  invocations: metadata",
        "no prompt or response bodies in the logs",
    );
    o.line(
        &format!("  retention_days: {}", settings.retention_days),
        &settings.retention_why,
    );
    o.line("  immutable: true", "write-once log archive");
    o.line("  audit_trail: true", "CloudTrail / Activity Log export");
    o.blank();
    o.line("network:", "");
    o.line("  public_access: false", "");
    o.line("  private_endpoints: true", "");
    o.line(
        &format!("  fips_endpoints: {}", settings.fips),
        if settings.fips {
            "fedramp-high: FIPS 140 validated endpoints"
        } else {
            ""
        },
    );
    o.blank();
    o.line("encryption:", "");
    o.line("  keys: customer-managed", "");
    o.line(&format!("  rotation_days: {}", settings.rotation_days), "");
    o.blank();
    o.line("identity:", "");
    o.line("  api_keys: false", "callers use IAM roles / Entra ID");
    o.blank();
    o.line("budget:", "");
    o.line(
        &format!("  monthly_usd: {}", req.budget_usd),
        "--budget-usd; add `usage:` to a model to check it",
    );
    o.line("  alert_at_percent: [50, 80, 100]", "");
    o.line(&format!("  notify: [{}]", quoted(&req.owner)), "");
    o.blank();
    o.line("alerts:", "");
    o.line(&format!("  security_contact: {}", quoted(&req.owner)), "");
    let mut watchers = Vec::new();
    for c in choices {
        let government = catalog
            .region(c.cloud, &c.region)
            .is_some_and(|r| r.partition == "azure-us-gov");
        watchers.push(match c.cloud {
            Cloud::Aws => "GuardDuty on AWS",
            Cloud::Azure if government => {
                "Defender for AI is not offered in Azure Government: monitor the Azure OpenAI accounts with your own tools"
            }
            Cloud::Azure => "Defender for AI on Azure",
        });
    }
    o.line("  threat_detection: create", &watchers.join("; "));
    if !req.agreements.is_empty() {
        o.blank();
        o.line(
            "agreements:",
            "--baa / --dpa: the signed agreements with each provider",
        );
        for cloud in Cloud::ALL {
            let Some(a) = req.agreements.of(cloud) else {
                continue;
            };
            o.line(&format!("  {}:", cloud.key()), "");
            if let Some(baa) = &a.baa {
                o.line(&format!("    baa: {}", quoted(baa)), "");
            }
            if let Some(dpa) = &a.dpa {
                o.line(&format!("    dpa: {}", quoted(dpa)), "");
            }
        }
    }
    let mut text = o.0;
    // One trailing newline, no trailing spaces.
    while text.ends_with("\n\n") {
        text.pop();
    }
    text
}
