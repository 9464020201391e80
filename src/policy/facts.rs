//! The resolved blueprint as rules see it: the blueprint's settings (with defaults filled in)
//! plus catalog facts — each region's jurisdiction and FedRAMP status, each model placement's
//! HIPAA eligibility and every region its routing may process prompts in. Every collection item
//! carries the blueprint `path` a finding about it should point at.
//!
//! `docs/policy-language.md` documents these names for pack authors; keep it in step.

use serde::Serialize;

use crate::blueprint::LoadedBlueprint;
use crate::blueprint::model::{
    Alerts, Budget, Cloud, Data, Encryption, Guardrails, Identity, Logging, Network,
};
use crate::catalog::{Catalog, FedRamp, Plan, Role, Target};
use crate::date::Day;

#[derive(Debug, Serialize)]
pub struct Facts<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub owner: &'a str,
    pub tags: &'a std::collections::BTreeMap<String, String>,
    pub residency: crate::blueprint::model::Residency,
    pub compliance: &'a [String],
    pub data: DataFacts<'a>,
    pub guardrails: &'a Guardrails,
    pub logging: &'a Logging,
    pub network: &'a Network,
    pub encryption: &'a Encryption,
    pub identity: &'a Identity,
    pub alerts: AlertFacts<'a>,
    pub budget: Option<&'a Budget>,
    pub knowledge_base: Option<KnowledgeBaseFacts>,
    /// The configured clouds.
    pub clouds: Vec<CloudFacts<'a>>,
    /// Every configured region (primary and failover of each cloud).
    pub regions: Vec<RegionFacts>,
    pub models: Vec<ModelFacts>,
    /// Every model on every cloud in every configured region.
    pub placements: Vec<PlacementFacts>,
    pub waivers: Vec<WaiverFacts>,
    /// The lock-in analysis `twinstack graph` shows.
    pub lockin: LockinFacts,
    /// Monthly token cost from `usage` and catalog prices (the dearer cloud where a model is on both).
    pub estimated_monthly_usd: f64,
    pub today: String,
}

#[derive(Debug, Serialize)]
pub struct LockinFacts {
    /// 0 (everything open) to 100 (everything a blocker).
    pub score: u64,
    /// Names of the nodes with no equivalent (P3).
    pub blockers: Vec<String>,
    /// Capabilities only one cloud serves.
    pub single_homed: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DataFacts<'a> {
    pub classes: Vec<String>,
    pub purpose: Option<&'a str>,
    pub dpia: Option<&'a str>,
    pub transfer_basis: crate::blueprint::model::TransferBasis,
    pub zero_data_retention: bool,
}

#[derive(Debug, Serialize)]
pub struct AlertFacts<'a> {
    pub security_contact: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct KnowledgeBaseFacts {
    pub store: crate::blueprint::model::KnowledgeStore,
    pub embedding_model: String,
    /// Clouds whose primary region offers the embedding model: where the store is created.
    pub clouds: Vec<Cloud>,
    pub path: String,
}

#[derive(Debug, Serialize)]
pub struct CloudFacts<'a> {
    pub cloud: Cloud,
    pub region: &'a str,
    pub failover_region: Option<&'a str>,
    pub cidr: &'a str,
    /// Jurisdiction of the failover region, if any.
    pub failover_jurisdiction: Option<String>,
    /// Models this cloud serves in its primary region but cannot serve in its failover region.
    pub failover_missing: Vec<String>,
    pub path: String,
}

#[derive(Debug, Serialize)]
pub struct RegionFacts {
    pub cloud: Cloud,
    pub role: Role,
    pub code: String,
    pub name: String,
    pub jurisdiction: String,
    pub geography: String,
    pub fedramp: FedRamp,
    pub partition: String,
    pub path: String,
}

#[derive(Debug, Serialize)]
pub struct ModelFacts {
    pub index: usize,
    pub name: String,
    pub model: String,
    pub vendor: String,
    pub kind: crate::catalog::ModelKind,
    pub open_weights: bool,
    /// The clouds serving it: as listed, or every blueprint cloud whose catalog offers it.
    pub clouds: Vec<Cloud>,
    pub routing: crate::blueprint::model::Routing,
    pub throughput: crate::blueprint::model::Throughput,
    pub units: Option<u32>,
    pub commitment: Option<crate::blueprint::model::Commitment>,
    pub critical: bool,
    /// Clouds that serve it in their primary region.
    pub serving_clouds: Vec<Cloud>,
    pub estimated_monthly_usd: f64,
    pub path: String,
}

#[derive(Debug, Serialize)]
pub struct PlacementFacts {
    pub model: String,
    pub model_key: String,
    pub cloud: Cloud,
    pub role: Role,
    pub region: String,
    /// FedRAMP status of the model service in `region`.
    pub region_fedramp: Option<FedRamp>,
    pub available: bool,
    /// Why it is not available, when it is not.
    pub reason: Option<String>,
    /// bedrock or azure-openai; none when not available.
    pub service: Option<&'static str>,
    /// Bedrock model or profile id / Azure model name.
    pub deployed: Option<String>,
    /// Azure deployment SKU.
    pub sku: Option<String>,
    pub hipaa: Option<crate::catalog::Hipaa>,
    /// region | geography | anywhere.
    pub scope: Option<crate::catalog::resolve::Scope>,
    pub processing_regions: Vec<String>,
    pub jurisdictions: Vec<String>,
    /// Processing regions whose model service is not FedRAMP High.
    pub not_fedramp_high: Vec<String>,
    /// `models[i]`.
    pub path: String,
    /// `clouds.<cloud>.region` or `.failover_region`.
    pub region_path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WaiverFacts {
    pub index: usize,
    pub rule: String,
    pub reason: String,
    pub expires: String,
    pub scope: Option<String>,
    pub expired: bool,
    /// Days from today to the expiry date (negative once expired).
    pub days_left: i64,
    /// Whether an enabled rule with this id exists.
    pub known: bool,
    /// The closest enabled rule id, when `known` is false.
    pub suggestion: Option<String>,
    /// Whether the waiver matched a finding (known after the blueprint stage).
    pub used: bool,
    pub path: String,
}

/// Builds the facts of a loaded blueprint.
#[must_use]
pub fn facts<'a>(
    loaded: &'a LoadedBlueprint,
    plan: &Plan,
    catalog: &Catalog,
    today: Day,
    rule_ids: &[&str],
) -> Facts<'a> {
    let bp = &loaded.blueprint;
    let mut clouds = Vec::new();
    let mut regions = Vec::new();
    for cloud in Cloud::ALL {
        let Some(p) = (match cloud {
            Cloud::Aws => bp.clouds.aws.as_ref(),
            Cloud::Azure => bp.clouds.azure.as_ref(),
        }) else {
            continue;
        };
        let path = format!("clouds.{}", cloud.key());
        let mut push = |role: Role, code: &str, field: &str| {
            if let Some(r) = catalog.region(cloud, code) {
                regions.push(RegionFacts {
                    cloud,
                    role,
                    code: r.code.clone(),
                    name: r.name.clone(),
                    jurisdiction: r.jurisdiction.clone(),
                    geography: r.geography.clone(),
                    fedramp: r.fedramp,
                    partition: r.partition.clone(),
                    path: format!("{path}.{field}"),
                });
            }
        };
        push(Role::Primary, &p.region, "region");
        if let Some(f) = &p.failover_region {
            push(Role::Failover, f, "failover_region");
        }
        let failover_jurisdiction = p
            .failover_region
            .as_ref()
            .and_then(|f| catalog.region(cloud, f))
            .map(|r| r.jurisdiction.clone());
        let failover_missing = plan
            .models
            .iter()
            .filter(|m| {
                m.placements
                    .iter()
                    .any(|x| x.cloud == cloud && x.role == Role::Failover && x.target().is_none())
            })
            .map(|m| m.name.clone())
            .collect();
        clouds.push(CloudFacts {
            cloud,
            region: &p.region,
            failover_region: p.failover_region.as_deref(),
            cidr: &p.cidr,
            failover_jurisdiction,
            failover_missing,
            path,
        });
    }

    let mut models = Vec::new();
    let mut placements = Vec::new();
    for planned in &plan.models {
        let spec = &bp.models[planned.index];
        let entry = catalog.model(&spec.model);
        let path = format!("models[{}]", planned.index);
        let cost = monthly_cost(spec, planned, catalog);
        models.push(ModelFacts {
            index: planned.index,
            name: spec.name.clone(),
            model: spec.model.clone(),
            vendor: entry.map(|e| e.vendor.clone()).unwrap_or_default(),
            kind: entry.map_or(crate::catalog::ModelKind::Chat, |e| e.kind),
            open_weights: entry.is_some_and(|e| e.open_weights),
            clouds: planned.clouds.clone(),
            routing: spec.routing,
            throughput: spec.throughput,
            units: spec.units,
            commitment: spec.commitment,
            critical: spec.critical,
            serving_clouds: {
                let mut clouds: Vec<Cloud> = planned
                    .placements
                    .iter()
                    .filter(|p| p.role == Role::Primary && p.target().is_some())
                    .map(|p| p.cloud)
                    .collect();
                clouds.dedup();
                clouds
            },
            estimated_monthly_usd: cost,
            path: path.clone(),
        });
        for p in &planned.placements {
            let region_field = if p.role == Role::Primary {
                "region"
            } else {
                "failover_region"
            };
            let region_path = format!("clouds.{}.{region_field}", p.cloud.key());
            let mut facts = PlacementFacts {
                model: spec.name.clone(),
                model_key: spec.model.clone(),
                cloud: p.cloud,
                role: p.role,
                region: p.region.clone(),
                region_fedramp: catalog.region(p.cloud, &p.region).map(|r| r.fedramp),
                available: false,
                reason: None,
                service: None,
                deployed: None,
                sku: None,
                hipaa: None,
                scope: None,
                processing_regions: Vec::new(),
                jurisdictions: Vec::new(),
                not_fedramp_high: Vec::new(),
                path: path.clone(),
                region_path,
            };
            match p.target() {
                Some(target) => {
                    let processing = target.processing();
                    facts.available = true;
                    facts.hipaa = Some(target.hipaa());
                    facts.scope = Some(processing.scope);
                    facts.processing_regions.clone_from(&processing.regions);
                    facts.jurisdictions.clone_from(&processing.jurisdictions);
                    facts.not_fedramp_high = processing
                        .regions
                        .iter()
                        .filter(|code| {
                            catalog
                                .region(p.cloud, code)
                                .is_none_or(|r| r.fedramp != FedRamp::High)
                        })
                        .cloned()
                        .collect();
                    match target {
                        Target::Bedrock { invoke_id, .. } => {
                            facts.service = Some("bedrock");
                            facts.deployed = Some(invoke_id.clone());
                        }
                        Target::AzureOpenai { model, sku, .. } => {
                            facts.service = Some("azure-openai");
                            facts.deployed = Some(model.clone());
                            facts.sku = Some(sku.clone());
                        }
                    }
                }
                None => {
                    if let crate::catalog::resolve::Outcome::Unavailable(u) = &p.outcome {
                        facts.reason = Some(u.unavailable.clone());
                    }
                }
            }
            placements.push(facts);
        }
    }

    let knowledge_base = bp.knowledge_base.as_ref().map(|kb| {
        let clouds = catalog
            .model(&kb.embedding_model)
            .map_or_else(Vec::new, |m| {
                clouds
                    .iter()
                    .filter(|c| match c.cloud {
                        Cloud::Aws => m.aws_offer(c.region).is_some(),
                        Cloud::Azure => m.azure_offer(c.region).is_some(),
                    })
                    .map(|c| c.cloud)
                    .collect()
            });
        KnowledgeBaseFacts {
            store: kb.store,
            embedding_model: kb.embedding_model.clone(),
            clouds,
            path: "knowledge_base".into(),
        }
    });

    let waivers = bp
        .waivers
        .iter()
        .enumerate()
        .map(|(index, w)| {
            let expires = Day::parse(&w.expires).unwrap_or(today);
            let known = rule_ids.contains(&w.rule.as_str());
            WaiverFacts {
                index,
                rule: w.rule.clone(),
                reason: w.reason.clone(),
                expires: w.expires.clone(),
                scope: w.path.clone(),
                expired: expires < today,
                days_left: expires.0 - today.0,
                known,
                suggestion: if known {
                    None
                } else {
                    crate::suggest::did_you_mean(&w.rule, rule_ids.iter().copied())
                        .map(str::to_owned)
                },
                used: false,
                path: format!("waivers[{index}]"),
            }
        })
        .collect();

    let estimated_monthly_usd = models.iter().map(|m| m.estimated_monthly_usd).sum();
    let graph = crate::graph::build(bp, plan, catalog);
    let analysis = crate::graph::analyze(&graph, bp, plan);
    let label = |id: &String| {
        graph
            .find(id)
            .map_or_else(|| id.clone(), |i| graph.graph[i].label.clone())
    };
    let lockin = LockinFacts {
        score: analysis.score,
        blockers: analysis.blockers.iter().map(label).collect(),
        single_homed: analysis
            .single_homed()
            .iter()
            .map(|c| c.label.clone())
            .collect(),
    };
    Facts {
        name: &bp.name,
        description: bp.description.as_deref(),
        owner: &bp.owner,
        tags: &bp.tags,
        residency: bp.residency,
        compliance: &bp.compliance,
        data: data_facts(&bp.data),
        guardrails: &bp.guardrails,
        logging: &bp.logging,
        network: &bp.network,
        encryption: &bp.encryption,
        identity: &bp.identity,
        alerts: alert_facts(&bp.alerts),
        budget: bp.budget.as_ref(),
        knowledge_base,
        clouds,
        regions,
        models,
        placements,
        waivers,
        lockin,
        estimated_monthly_usd,
        today: today.to_string(),
    }
}

fn data_facts(data: &Data) -> DataFacts<'_> {
    let classes = data.classes.iter().map(crate::text::serde_name).collect();
    DataFacts {
        classes,
        purpose: data.purpose.as_deref(),
        dpia: data.dpia.as_deref(),
        transfer_basis: data.transfer_basis,
        zero_data_retention: data.zero_data_retention,
    }
}

fn alert_facts(alerts: &Alerts) -> AlertFacts<'_> {
    AlertFacts {
        security_contact: alerts.security_contact.as_deref(),
    }
}

/// Token cost of a model per month at on-demand prices: the dearest available primary placement,
/// since traffic may all go to one cloud. Rounded to cents.
fn monthly_cost(
    spec: &crate::blueprint::model::ModelSpec,
    planned: &crate::catalog::PlannedModel,
    catalog: &Catalog,
) -> f64 {
    let Some(usage) = &spec.usage else { return 0.0 };
    let Some(entry) = catalog.model(&spec.model) else {
        return 0.0;
    };
    #[allow(clippy::cast_precision_loss)]
    let millions = |tokens: u64| tokens as f64 / 1_000_000.0;
    let cost = planned
        .placements
        .iter()
        .filter(|p| p.role == Role::Primary && p.target().is_some())
        .filter_map(|p| match p.cloud {
            Cloud::Aws => entry.aws_offer(&p.region).map(|o| o.price),
            Cloud::Azure => entry.azure_offer(&p.region).map(|o| o.price),
        })
        .map(|price| {
            millions(usage.input_tokens_per_month) * price.input.unwrap_or(0.0)
                + millions(usage.output_tokens_per_month) * price.output.unwrap_or(0.0)
        })
        .fold(0.0, f64::max);
    (cost * 100.0).round() / 100.0
}
