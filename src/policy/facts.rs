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
use crate::catalog::{Catalog, FedRamp};
use crate::date::Day;
use crate::plan::{Plan, Role, ServiceTarget};

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
    /// The EU AI Act classification, when declared.
    pub ai_act: Option<&'a crate::blueprint::model::AiAct>,
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
    /// The bill of what `render` deploys on every cloud (`twinstack cost`).
    pub cost: CostFacts,
    pub today: String,
    /// The longest retention, in days, that an enabled pack requires by law (0: none).
    pub retention_required: u64,
    /// Every enabled pack's retention obligation, for messages.
    pub retention_obligations: Vec<RetentionFacts>,
}

/// A retention period an enabled framework requires.
#[derive(Debug, Serialize)]
pub struct RetentionFacts {
    pub pack: String,
    pub title: String,
    pub days: u64,
    pub law: String,
}

/// The `twinstack cost` estimate, both clouds as rendered: totals for the budget, and the lines
/// the `cost` pack's decisions read (fixed floors, provisioned capacity, the prices' dates).
#[derive(Debug, Default, Serialize)]
pub struct CostFacts {
    /// The priced lines: a lower bound when `unpriced_lines` is not zero.
    pub total_usd: f64,
    /// Lines with an unconfirmed price or undeclared usage.
    pub unpriced_lines: u64,
    /// Model lines past end of life.
    pub error_lines: u64,
    /// The priced fixed floors (billed every hour or month, used or not).
    pub fixed_usd: f64,
    /// Every fixed line, dearest first (unpriced ones last).
    pub floors: Vec<FloorFacts>,
    /// Every provisioned capacity line (Bedrock model units, Azure PTUs), primary and failover.
    pub provisioned: Vec<ProvisionedFacts>,
    /// The prices behind the bill, one entry per priced meter and check date, oldest first.
    pub prices: Vec<PriceAgeFacts>,
    /// `traffic.knowledge_base.corpus_gb`, when declared.
    pub corpus_gb: Option<f64>,
}

/// A fixed line of the bill.
#[derive(Debug, Serialize)]
pub struct FloorFacts {
    pub cloud: Cloud,
    pub what: String,
    pub address: String,
    /// None: the price is unconfirmed.
    pub monthly_usd: Option<f64>,
    pub path: String,
}

/// A provisioned capacity line and its break-even.
#[derive(Debug, Serialize)]
pub struct ProvisionedFacts {
    /// The model's name in the blueprint.
    pub model: String,
    pub cloud: Cloud,
    pub role: Role,
    pub region: String,
    pub what: String,
    /// None: the price is unconfirmed.
    pub provisioned_usd: Option<f64>,
    /// The declared tokens at on-demand prices; none when not estimated.
    pub on_demand_usd: Option<f64>,
    /// estimated | not-estimated | standby.
    pub break_even: crate::cost::BreakEvenStatus,
    /// Why, in one sentence.
    pub note: String,
    /// `models[i]`.
    pub path: String,
}

/// A price behind the bill and how old its check is.
#[derive(Debug, Serialize)]
pub struct PriceAgeFacts {
    pub cloud: Cloud,
    /// What the price is for (the bill line's `what`).
    pub what: String,
    /// The date the price was checked (YYYY-MM-DD).
    pub checked: String,
    /// Days from the check to the lint date.
    pub age_days: i64,
    /// The blueprint path of the first line it prices.
    pub path: String,
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
    pub automated_decisions: crate::blueprint::model::AutomatedDecisions,
}

#[derive(Debug, Serialize)]
pub struct AlertFacts<'a> {
    pub security_contact: Option<&'a str>,
    /// create | existing | none.
    pub threat_detection: crate::blueprint::model::ThreatDetection,
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
    /// Ranges of clouds listed before this one that overlap its `cidr` ("aws 10.40.0.0/16"):
    /// networks that could never be connected without renumbering one.
    pub cidr_overlaps: Vec<String>,
    /// References to the signed agreements with the provider (`agreements.<cloud>`).
    pub baa: Option<&'a str>,
    pub dpa: Option<&'a str>,
    /// The knowledge base's backups on this cloud, when it has one there.
    pub kb_backup: Option<crate::plan::backups::KnowledgeBackup>,
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
    /// The model service whose status `fedramp` is (Bedrock, Azure OpenAI).
    pub service: &'static str,
    /// The blueprint's models placed in this region (by name), available or not.
    pub models: Vec<String>,
    /// Where prompts sent from this region may be processed, beyond it, in regions whose
    /// model service is not FedRAMP High (geo and global routing).
    pub routes_not_high: Vec<String>,
    /// The catalog confirms the cloud's model service provider is certified under the EU-U.S.
    /// Data Privacy Framework (the U.S. adequacy decision covers only certified recipients).
    pub dpf_certified: bool,
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
    /// `failover_capacity` as written (none: not set; on-demand is the default).
    pub failover_capacity: Option<crate::blueprint::model::FailoverCapacity>,
    pub critical: bool,
    /// Clouds that serve it in their primary region.
    pub serving_clouds: Vec<Cloud>,
    pub estimated_monthly_usd: f64,
    /// Placements that are not plainly active on the lint date, or whose end of life is
    /// announced, grouped by cloud, offer and dates.
    pub lifecycle: Vec<LifecycleFacts>,
    /// Provider features the model is not confirmed to support where it is placed:
    /// `guardrails`, `invocation_logging`, `private_endpoint`, each with the placements.
    pub unsupported: Vec<FeatureGap>,
    pub path: String,
}

/// A provider feature a model is not confirmed to support, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeatureGap {
    pub feature: &'static str,
    /// "aws region us-east-2", "aws failover region us-west-2".
    pub placements: Vec<String>,
}

/// The lifecycle of one offer a model is placed on, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LifecycleFacts {
    pub cloud: Cloud,
    /// The Bedrock id or Azure model and version.
    pub offer: String,
    /// Where it is placed: "region eastus2", "failover region westus3".
    pub placements: Vec<String>,
    /// active | legacy | deprecated | retired, on the lint date.
    pub status: crate::catalog::LifecycleStatus,
    pub end_of_life: Option<String>,
    /// Days from the lint date to `end_of_life` (negative once past).
    pub days_left: Option<i64>,
    /// Legacy (Bedrock) or deprecated (Azure) since: no new deployments.
    pub no_new_deployments_since: Option<String>,
    pub replacement: Option<String>,
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
    pub scope: Option<crate::plan::Scope>,
    pub processing_regions: Vec<String>,
    pub jurisdictions: Vec<String>,
    /// Processing regions whose model service is not FedRAMP High.
    pub not_fedramp_high: Vec<String>,
    /// active | legacy | deprecated | retired, on the lint date (also for an offer the provider
    /// withdrew from the region at its end of life).
    pub lifecycle: Option<crate::catalog::LifecycleStatus>,
    /// The announced end of life or retirement (YYYY-MM-DD).
    pub end_of_life: Option<String>,
    /// Days from the lint date to `end_of_life` (negative once past).
    pub days_to_end_of_life: Option<i64>,
    /// The day new deployments ended (Bedrock Legacy, Azure deprecation).
    pub no_new_deployments_since: Option<String>,
    /// The model the provider names as the replacement.
    pub replacement: Option<String>,
    /// Bedrock endpoints the model is served on (bedrock-runtime, bedrock-mantle).
    pub endpoints: Vec<&'static str>,
    /// Whether the provider's guardrails / content filters are confirmed to apply.
    pub guardrails_supported: bool,
    /// Whether the provider's invocation logging is confirmed to record its calls.
    pub invocation_logging_supported: bool,
    /// Whether it is confirmed reachable through a private endpoint.
    pub private_endpoint_supported: bool,
    /// Where the placement starts, for messages: "region eu-central-1", "failover region us-east-1".
    pub from: String,
    /// The partition of the region (aws, aws-us-gov, azure, azure-us-gov).
    pub partition: String,
    /// The provider is certified under the EU-U.S. Data Privacy Framework (see RegionFacts).
    pub dpf_certified: bool,
    /// The catalog documents that the model service keeps no prompts at rest in this partition.
    pub stores_no_prompts: bool,
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
                    service: cloud.model_service(),
                    models: Vec::new(),
                    routes_not_high: Vec::new(),
                    dpf_certified: catalog.dpf_certified(cloud),
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
        let cidr_overlaps = clouds
            .iter()
            .filter(|earlier: &&CloudFacts<'_>| cidrs_overlap(earlier.cidr, &p.cidr))
            .map(|earlier| format!("{} {}", earlier.cloud.key(), earlier.cidr))
            .collect();
        clouds.push(CloudFacts {
            cloud,
            region: &p.region,
            failover_region: p.failover_region.as_deref(),
            cidr: &p.cidr,
            cidr_overlaps,
            failover_jurisdiction,
            failover_missing,
            baa: bp.agreements.of(cloud).and_then(|a| a.baa.as_deref()),
            dpa: bp.agreements.of(cloud).and_then(|a| a.dpa.as_deref()),
            kb_backup: crate::plan::backups::knowledge_base(bp, catalog, cloud),
            path,
        });
    }

    let mut models = Vec::new();
    let mut placements = Vec::new();
    for planned in &plan.models {
        let spec = &bp.models[planned.index];
        let entry = catalog.model(&spec.model);
        let path = format!("models[{}]", planned.index);
        let cost = monthly_cost(spec, planned);
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
            failover_capacity: spec.failover_capacity,
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
            lifecycle: lifecycle_facts(planned, today),
            unsupported: Vec::new(),
            path: path.clone(),
        });
        for p in &planned.placements {
            let region_path = format!("clouds.{}.{}", p.cloud.key(), p.role.region_field());
            let region = catalog.region(p.cloud, &p.region);
            let mut facts = PlacementFacts {
                model: spec.name.clone(),
                model_key: spec.model.clone(),
                cloud: p.cloud,
                role: p.role,
                region: p.region.clone(),
                region_fedramp: region.map(|r| r.fedramp),
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
                lifecycle: None,
                end_of_life: None,
                days_to_end_of_life: None,
                no_new_deployments_since: None,
                replacement: None,
                endpoints: Vec::new(),
                guardrails_supported: false,
                invocation_logging_supported: false,
                private_endpoint_supported: false,
                from: p.from_where(),
                partition: region.map(|r| r.partition.clone()).unwrap_or_default(),
                dpf_certified: catalog.dpf_certified(p.cloud),
                stores_no_prompts: region
                    .is_some_and(|r| catalog.stores_no_prompts(p.cloud, &r.partition)),
                path: path.clone(),
                region_path,
            };
            match p.target() {
                Some(target) => {
                    let processing = &target.processing;
                    facts.available = true;
                    facts.hipaa = Some(target.hipaa);
                    let lifecycle = &target.lifecycle;
                    facts.lifecycle = Some(lifecycle.status_on(today));
                    facts.end_of_life.clone_from(&lifecycle.end_of_life);
                    facts.days_to_end_of_life = lifecycle.days_to_end_of_life(today);
                    facts.no_new_deployments_since =
                        lifecycle.no_new_deployments_since().map(str::to_owned);
                    facts.replacement.clone_from(&lifecycle.replacement);
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
                    match &target.service {
                        ServiceTarget::Bedrock {
                            invoke_id,
                            endpoints,
                            features,
                            ..
                        } => {
                            facts.service = Some("bedrock");
                            facts.deployed = Some(invoke_id.clone());
                            facts.endpoints = endpoints.iter().map(|e| e.name()).collect();
                            facts.guardrails_supported = features.guardrails.confirmed();
                            facts.invocation_logging_supported =
                                features.invocation_logging.confirmed();
                            facts.private_endpoint_supported =
                                features.private_endpoint.confirmed();
                        }
                        ServiceTarget::AzureOpenai { model, sku, .. } => {
                            facts.service = Some("azure-openai");
                            facts.deployed = Some(model.clone());
                            facts.sku = Some(sku.name().to_owned());
                            facts.guardrails_supported = true;
                            facts.invocation_logging_supported = true;
                            facts.private_endpoint_supported = true;
                        }
                    }
                }
                None => {
                    if let crate::plan::Outcome::Unavailable(u) = &p.outcome {
                        facts.reason = Some(u.unavailable.clone());
                        if let Some(w) = &u.withdrawn {
                            let l = &w.lifecycle;
                            facts.lifecycle = Some(l.status_on(today));
                            facts.end_of_life.clone_from(&l.end_of_life);
                            facts.days_to_end_of_life = l.days_to_end_of_life(today);
                            facts.replacement.clone_from(&l.replacement);
                        }
                    }
                }
            }
            placements.push(facts);
        }
        let model = models.last_mut().expect("pushed above");
        model.unsupported =
            feature_gaps(&placements[placements.len() - planned.placements.len()..]);
    }

    for region in &mut regions {
        let here = placements
            .iter()
            .filter(|p| p.cloud == region.cloud && p.role == region.role);
        for p in here {
            if !region.models.contains(&p.model) {
                region.models.push(p.model.clone());
            }
            for code in &p.not_fedramp_high {
                if *code != region.code && !region.routes_not_high.contains(code) {
                    region.routes_not_high.push(code.clone());
                }
            }
        }
        region.routes_not_high.sort_unstable();
    }

    let knowledge_base = bp.knowledge_base.as_ref().map(|kb| {
        let clouds = catalog
            .model(&kb.embedding_model)
            .map_or_else(Vec::new, |m| {
                clouds
                    .iter()
                    .filter(|c| m.in_region_offer(c.cloud, c.region).is_some())
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
        ai_act: bp.ai_act.as_ref(),
        clouds,
        regions,
        models,
        placements,
        waivers,
        lockin,
        estimated_monthly_usd,
        cost: if rule_ids.contains(&"BASE-BUDGET") {
            cost_facts(loaded, plan, catalog, today)
        } else {
            CostFacts::default()
        },
        today: today.to_string(),
        retention_required: 0,
        retention_obligations: Vec::new(),
    }
}

/// Whether two IPv4 ranges share an address. A range that does not parse overlaps nothing: the
/// loader has already refused it with its own diagnostic.
fn cidrs_overlap(a: &str, b: &str) -> bool {
    fn range(cidr: &str) -> Option<(u32, u32)> {
        let (addr, prefix) = cidr.split_once('/')?;
        let addr = u32::from(addr.parse::<std::net::Ipv4Addr>().ok()?);
        let prefix: u32 = prefix.parse().ok().filter(|p| *p <= 32)?;
        let host = u32::MAX.checked_shr(prefix).unwrap_or(0);
        Some((addr & !host, addr | host))
    }
    match (range(a), range(b)) {
        (Some((a0, a1)), Some((b0, b1))) => a0 <= b1 && b0 <= a1,
        _ => false,
    }
}

/// The estimate's totals and decision facts; a renderer error (a twinstack bug, which `render`
/// reports) counts as nothing priced and one line unpriced, never as a cost of zero with nothing
/// missing.
fn cost_facts(loaded: &LoadedBlueprint, plan: &Plan, catalog: &Catalog, today: Day) -> CostFacts {
    let bill = match crate::cost::estimate(loaded, plan, catalog, today) {
        Ok(bill) => bill,
        Err(_) => {
            return CostFacts {
                unpriced_lines: 1,
                ..CostFacts::default()
            };
        }
    };
    let cents = |v: f64| (v * 100.0).round() / 100.0;
    let t = bill.total();
    let mut floors = Vec::new();
    let mut provisioned = Vec::new();
    let mut prices: Vec<PriceAgeFacts> = Vec::new();
    for c in &bill.clouds {
        for l in &c.lines {
            if l.kind == crate::cost::Kind::Fixed {
                floors.push(FloorFacts {
                    cloud: c.cloud,
                    what: l.what.clone(),
                    address: l.address.clone(),
                    monthly_usd: l.monthly_usd.map(cents),
                    path: l.path.clone(),
                });
            }
            if let Some(b) = &l.break_even {
                provisioned.push(ProvisionedFacts {
                    model: l
                        .path
                        .strip_prefix("models[")
                        .and_then(|r| r.strip_suffix(']'))
                        .and_then(|i| i.parse::<usize>().ok())
                        .and_then(|i| loaded.blueprint.models.get(i))
                        .map(|m| m.name.clone())
                        .unwrap_or_default(),
                    cloud: c.cloud,
                    role: l.role,
                    region: l.region.clone(),
                    what: l.what.clone(),
                    provisioned_usd: l.monthly_usd.map(cents),
                    on_demand_usd: b.on_demand_usd.map(cents),
                    break_even: b.status,
                    note: b.note.clone(),
                    path: l.path.clone(),
                });
            }
            let Some(checked) = &l.price_checked else {
                continue;
            };
            if prices
                .iter()
                .any(|p| p.cloud == c.cloud && p.what == l.what && p.checked == *checked)
            {
                continue;
            }
            prices.push(PriceAgeFacts {
                cloud: c.cloud,
                what: l.what.clone(),
                checked: checked.clone(),
                age_days: Day::parse(checked).map_or(0, |d| today.0 - d.0),
                path: l.path.clone(),
            });
        }
    }
    prices.sort_by_key(|p| std::cmp::Reverse(p.age_days));
    floors.sort_by(|a, b| {
        b.monthly_usd
            .unwrap_or(-1.0)
            .partial_cmp(&a.monthly_usd.unwrap_or(-1.0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    CostFacts {
        total_usd: cents(t.monthly_usd),
        unpriced_lines: t.unpriced_lines as u64,
        error_lines: t.error_lines as u64,
        fixed_usd: cents(t.fixed_usd),
        floors,
        provisioned,
        prices,
        corpus_gb: loaded
            .blueprint
            .traffic
            .as_ref()
            .and_then(|t| t.knowledge_base.as_ref())
            .map(|k| k.corpus_gb),
    }
}

fn feature_gaps(placements: &[PlacementFacts]) -> Vec<FeatureGap> {
    let mut out: Vec<FeatureGap> = Vec::new();
    for p in placements.iter().filter(|p| p.available) {
        for (feature, supported) in [
            ("guardrails", p.guardrails_supported),
            ("invocation_logging", p.invocation_logging_supported),
            ("private_endpoint", p.private_endpoint_supported),
        ] {
            if supported {
                continue;
            }
            let at = format!("{} {}", p.cloud.key(), p.from);
            match out.iter_mut().find(|g| g.feature == feature) {
                Some(g) => g.placements.push(at),
                None => out.push(FeatureGap {
                    feature,
                    placements: vec![at],
                }),
            }
        }
    }
    out
}

fn lifecycle_facts(planned: &crate::plan::PlannedModel, today: Day) -> Vec<LifecycleFacts> {
    let mut out: Vec<LifecycleFacts> = Vec::new();
    for p in &planned.placements {
        let (l, offer) = match &p.outcome {
            crate::plan::Outcome::Target(target) => (
                &target.lifecycle,
                match &target.service {
                    ServiceTarget::Bedrock { model_id, .. } => model_id.clone(),
                    ServiceTarget::AzureOpenai { model, version, .. } => {
                        format!("{model} {version}")
                    }
                },
            ),
            crate::plan::Outcome::Unavailable(u) => match &u.withdrawn {
                Some(w) => (&w.lifecycle, w.offer.clone()),
                None => continue,
            },
        };
        let status = l.status_on(today);
        if status == crate::catalog::LifecycleStatus::Active && l.end_of_life.is_none() {
            continue;
        }
        let entry = LifecycleFacts {
            cloud: p.cloud,
            offer,
            placements: vec![p.from_where()],
            status,
            end_of_life: l.end_of_life.clone(),
            days_left: l.days_to_end_of_life(today),
            no_new_deployments_since: l.no_new_deployments_since().map(str::to_owned),
            replacement: l.replacement.clone(),
        };
        match out.iter_mut().find(|e| {
            e.cloud == entry.cloud
                && e.offer == entry.offer
                && e.status == entry.status
                && e.end_of_life == entry.end_of_life
        }) {
            Some(e) => e.placements.extend(entry.placements),
            None => out.push(entry),
        }
    }
    out
}

fn data_facts(data: &Data) -> DataFacts<'_> {
    let classes = data.classes.iter().map(crate::text::serde_name).collect();
    DataFacts {
        classes,
        purpose: data.purpose.as_deref(),
        dpia: data.dpia.as_deref(),
        transfer_basis: data.transfer_basis,
        zero_data_retention: data.zero_data_retention,
        automated_decisions: data.automated_decisions,
    }
}

fn alert_facts(alerts: &Alerts) -> AlertFacts<'_> {
    AlertFacts {
        security_contact: alerts.security_contact.as_deref(),
        threat_detection: alerts.threat_detection,
    }
}

/// Token cost of a model per month at on-demand prices: the dearest available primary placement,
/// since traffic may all go to one cloud. Rounded to cents.
fn monthly_cost(
    spec: &crate::blueprint::model::ModelSpec,
    planned: &crate::plan::PlannedModel,
) -> f64 {
    let Some(usage) = &spec.usage else { return 0.0 };
    #[allow(clippy::cast_precision_loss)]
    let millions = |tokens: u64| tokens as f64 / 1_000_000.0;
    let cost = planned
        .placements
        .iter()
        .filter(|p| p.role == Role::Primary && p.target().is_some())
        .filter_map(|p| p.target().and_then(|t| t.price))
        .map(|price| {
            millions(usage.input_tokens_per_month) * price.input.unwrap_or(0.0)
                + millions(usage.output_tokens_per_month) * price.output.unwrap_or(0.0)
        })
        .fold(0.0, f64::max);
    (cost * 100.0).round() / 100.0
}

#[cfg(test)]
mod cidr_tests {
    use super::cidrs_overlap;

    #[test]
    fn ranges_overlap_when_they_share_an_address() {
        assert!(cidrs_overlap("10.40.0.0/16", "10.40.0.0/16"));
        assert!(cidrs_overlap("10.40.0.0/16", "10.40.128.0/24"));
        assert!(cidrs_overlap("10.40.128.0/24", "10.40.0.0/16"));
        assert!(!cidrs_overlap("10.40.0.0/16", "10.41.0.0/16"));
        assert!(!cidrs_overlap("10.40.0.0/24", "10.40.1.0/24"));
        assert!(!cidrs_overlap("10.40.0.0/16", "not a range"));
    }
}
