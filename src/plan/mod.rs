//! Resolving a blueprint against the catalog: for each model, cloud and configured region
//! (primary and failover alike), which offer serves it, what is deployed (Bedrock model or
//! profile id, Azure model, version and SKU) and where its prompts may be processed. Lint rules
//! judge this plan, renderers write it out, the lock-in graph and cost estimate read it.
//!
//! Cross-region profiles are resolved from their source → destination tables: a `us.` profile
//! called from one region may process prompts in other regions than the same profile called from
//! another. A model that a cloud does not offer in a region is not an error here: it is recorded
//! as [`Unavailable`] with the reason (and where the model does run), and the baseline pack
//! reports it. A retired model still resolves — its lifecycle travels with the target, and the
//! lifecycle rule judges it at the lint date.
//!
//! A provisioned model's failover placement is resolved on demand unless the blueprint asks for
//! `failover_capacity: provisioned`: a reservation standing idle in the failover region costs
//! every hour, while on-demand capacity costs nothing until traffic fails over. Renderers and the
//! estimate read the placement, so what is deployed and what is billed follow the same choice.

pub mod backups;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::blueprint::model::{Blueprint, ModelSpec, Routing, Throughput};
use crate::catalog::model::BedrockFeatures;
use crate::catalog::{
    AzureOffer, AzureSku, BedrockEndpoint, BedrockOffer, Catalog, Cloud, Destinations, Hipaa,
    Lifecycle, ModelEntry, Offer, Price, Reach, Region,
};

/// The resolved blueprint: one entry per model in `models` whose catalog key is known, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub models: Vec<PlannedModel>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedModel {
    /// Index in the blueprint's `models`.
    pub index: usize,
    pub name: String,
    pub model: String,
    /// The clouds serving the model: as listed, or every blueprint cloud that offers it.
    pub clouds: Vec<Cloud>,
    pub placements: Vec<Placement>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Primary,
    Failover,
}

impl Role {
    /// The blueprint field that names the region of this role.
    #[must_use]
    pub fn region_field(self) -> &'static str {
        match self {
            Role::Primary => "region",
            Role::Failover => "failover_region",
        }
    }
}

/// A model on one cloud in one region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    pub cloud: Cloud,
    pub role: Role,
    pub region: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Outcome {
    Target(Box<Target>),
    Unavailable(Unavailable),
}

impl Placement {
    #[must_use]
    pub fn target(&self) -> Option<&Target> {
        match &self.outcome {
            Outcome::Target(t) => Some(t),
            Outcome::Unavailable(_) => None,
        }
    }

    /// How a message names where this placement starts: "failover region us-east-1".
    #[must_use]
    pub fn from_where(&self) -> String {
        match self.role {
            Role::Primary => format!("region {}", self.region),
            Role::Failover => format!("failover region {}", self.region),
        }
    }
}

/// Why a model cannot be placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unavailable {
    pub unavailable: String,
    /// The offer that served this partition until the provider retired it, when that is why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Withdrawn>,
}

/// An offer no longer listed in a region, with the lifecycle that says when it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withdrawn {
    /// The Bedrock id or Azure model and version.
    pub offer: String,
    pub lifecycle: Lifecycle,
}

/// What gets deployed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    #[serde(flatten)]
    pub service: ServiceTarget,
    pub hipaa: Hipaa,
    pub price: Option<Price>,
    pub lifecycle: Lifecycle,
    pub processing: Processing,
}

impl Target {
    /// Whether this placement is reserved capacity (Bedrock provisioned throughput, an Azure
    /// `*ProvisionedManaged` deployment) rather than tokens billed as used. A provisioned model's
    /// failover placement is on demand unless its `failover_capacity` says provisioned.
    #[must_use]
    pub fn provisioned(&self) -> bool {
        match &self.service {
            ServiceTarget::Bedrock { provisioned, .. } => *provisioned,
            ServiceTarget::AzureOpenai { sku, .. } => sku.provisioned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "service", rename_all = "kebab-case")]
pub enum ServiceTarget {
    Bedrock {
        /// The foundation-model id.
        model_id: String,
        /// What callers invoke: the model id or a `<prefix>.<model id>` profile id.
        invoke_id: String,
        profile: Option<String>,
        partition: String,
        endpoints: Vec<BedrockEndpoint>,
        features: BedrockFeatures,
        provisioned: bool,
    },
    AzureOpenai {
        model: String,
        version: String,
        sku: AzureSku,
        partition: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Region,
    Geography,
    Anywhere,
}

/// Where prompts may be processed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Processing {
    pub scope: Scope,
    /// The regions (sorted); for `anywhere`, every commercial region of the partition.
    pub regions: Vec<String>,
    /// Their jurisdictions (sorted, distinct); `unknown` for a region the catalog lacks.
    pub jurisdictions: Vec<String>,
}

impl Processing {
    fn new(scope: Scope, cloud: Cloud, codes: &[&str], catalog: &Catalog) -> Self {
        let mut regions: Vec<String> = codes.iter().map(|c| (*c).to_owned()).collect();
        regions.sort();
        regions.dedup();
        let jurisdictions: BTreeSet<String> = regions
            .iter()
            .map(|c| {
                catalog
                    .region(cloud, c)
                    .map_or_else(|| "unknown".to_owned(), |r| r.jurisdiction.clone())
            })
            .collect();
        Self {
            scope,
            regions,
            jurisdictions: jurisdictions.into_iter().collect(),
        }
    }
}

/// Resolves every model of a blueprint whose catalog key is known.
#[must_use]
pub fn resolve(blueprint: &Blueprint, catalog: &Catalog) -> Plan {
    let models = blueprint
        .models
        .iter()
        .enumerate()
        .filter_map(|(index, spec)| {
            let entry = catalog.model(&spec.model)?;
            let clouds = clouds_for(blueprint, spec, entry);
            let mut placements = Vec::new();
            for &cloud in &clouds {
                for (role, region) in configured_regions(blueprint, cloud) {
                    let throughput = spec.throughput_in(role == Role::Failover);
                    let outcome = match catalog.region(cloud, region) {
                        Some(r) => place(catalog, entry, spec, throughput, cloud, r),
                        None => unavailable(format!("unknown region {region}")),
                    };
                    let outcome = standby_hint(outcome, spec, index, throughput);
                    placements.push(Placement {
                        cloud,
                        role,
                        region: region.to_owned(),
                        outcome,
                    });
                }
            }
            Some(PlannedModel {
                index,
                name: spec.name.clone(),
                model: spec.model.clone(),
                clouds,
                placements,
            })
        })
        .collect();
    Plan { models }
}

/// Whether `cloud` serves the model in `region` on demand with the model's routing: what a
/// provisioned model's failover gets when its `failover_capacity` is on-demand.
#[must_use]
pub fn offered_on_demand(catalog: &Catalog, spec: &ModelSpec, cloud: Cloud, region: &str) -> bool {
    match (catalog.model(&spec.model), catalog.region(cloud, region)) {
        (Some(entry), Some(r)) => matches!(
            place(catalog, entry, spec, Throughput::OnDemand, cloud, r),
            Outcome::Target(_)
        ),
        _ => false,
    }
}

fn clouds_for(blueprint: &Blueprint, spec: &ModelSpec, entry: &ModelEntry) -> Vec<Cloud> {
    match &spec.clouds {
        Some(list) => list.clone(),
        None => Cloud::ALL
            .into_iter()
            .filter(|c| blueprint.clouds.get(*c).is_some() && entry.offered_on(*c))
            .collect(),
    }
}

/// The primary and failover region of a configured cloud.
#[must_use]
pub fn configured_regions(blueprint: &Blueprint, cloud: Cloud) -> Vec<(Role, &str)> {
    let Some(placement) = blueprint.clouds.get(cloud) else {
        return Vec::new();
    };
    let mut out = vec![(Role::Primary, placement.region.as_str())];
    if let Some(f) = &placement.failover_region {
        out.push((Role::Failover, f.as_str()));
    }
    out
}

/// A provisioned model whose failover runs on demand and cannot: say which field decided it and
/// what the alternatives are, instead of leaving the reader to guess why a provisioned model was
/// looked up on demand.
fn standby_hint(
    outcome: Outcome,
    spec: &ModelSpec,
    index: usize,
    throughput: Throughput,
) -> Outcome {
    match outcome {
        Outcome::Unavailable(mut u)
            if spec.throughput == Throughput::Provisioned && throughput == Throughput::OnDemand =>
        {
            u.unavailable.push_str(&format!(
                "; the failover runs on demand because models[{index}].failover_capacity is \
                 on-demand: choose a failover region that serves the model on demand, or set it \
                 to provisioned to reserve the same units there"
            ));
            Outcome::Unavailable(u)
        }
        other => other,
    }
}

fn unavailable(reason: String) -> Outcome {
    Outcome::Unavailable(Unavailable {
        unavailable: reason,
        withdrawn: None,
    })
}

/// Tries every offer of the cloud that serves the region; the first that can place the model
/// wins. Otherwise the reason of the most specific failure, or where the model does run.
fn place(
    catalog: &Catalog,
    entry: &ModelEntry,
    spec: &ModelSpec,
    throughput: Throughput,
    cloud: Cloud,
    region: &Region,
) -> Outcome {
    let service = cloud.model_service();
    if !entry.offered_on(cloud) {
        return unavailable(format!("{} is not offered on {service}", entry.name));
    }
    let mut first_failure = None;
    for offer in entry.offers_on(cloud).filter(|o| o.serves(&region.code)) {
        let outcome = match offer {
            Offer::Aws(b) => place_bedrock(catalog, entry, b, spec, throughput, region),
            Offer::Azure(a) => place_azure(catalog, a, spec, throughput, region),
        };
        match outcome {
            Outcome::Target(_) => return outcome,
            Outcome::Unavailable(_) => {
                first_failure.get_or_insert(outcome);
            }
        }
    }
    // Providers stop listing regions for a model at its end of life: a retired offer of this
    // partition explains the absence better than "not offered".
    let withdrawn = entry.offers_on(cloud).find(|o| {
        let c = o.common();
        c.partition == region.partition
            && (c.lifecycle.status == crate::catalog::LifecycleStatus::Retired
                || (c.lifecycle.end_of_life.is_some() && o.regions().is_empty()))
    });
    if let Some(o) = withdrawn {
        let l = &o.common().lifecycle;
        return Outcome::Unavailable(Unavailable {
            unavailable: format!(
                "{} ({}) is no longer offered on {service} in {}{}",
                entry.name,
                o.label(),
                region.code,
                l.end_of_life
                    .as_deref()
                    .map_or_else(String::new, |d| format!(": end of life {d}"))
            ),
            withdrawn: Some(Withdrawn {
                offer: o.label(),
                lifecycle: l.clone(),
            }),
        });
    }
    first_failure.unwrap_or_else(|| not_offered(entry, cloud, region))
}

/// Why a model no offer serves in the region cannot run there: another partition only (the
/// partitions are separate clouds: accounts, credentials and endpoints of one cannot call the
/// other), or the regions where it does run, or that the catalog confirms none.
fn not_offered(entry: &ModelEntry, cloud: Cloud, region: &Region) -> Outcome {
    let service = cloud.model_service();
    let offered = |same: bool| {
        let mut regions: Vec<&str> = entry
            .offers_on(cloud)
            .filter(|o| (o.common().partition == region.partition) == same)
            .flat_map(Offer::regions)
            .collect();
        regions.sort_unstable();
        regions.dedup();
        regions
    };
    let here = offered(true);
    let elsewhere = offered(false);
    if here.is_empty() && !elsewhere.is_empty() {
        let mut partitions: Vec<&str> = entry
            .offers_on(cloud)
            .filter(|o| o.common().partition != region.partition && !o.regions().is_empty())
            .map(|o| o.common().partition.as_str())
            .collect();
        partitions.sort_unstable();
        partitions.dedup();
        return unavailable(format!(
            "{} is offered on {service} only in the {} partition ({}); {} is in the {} \
             partition, which cannot call a model of another partition (separate accounts, \
             credentials and endpoints)",
            entry.name,
            partitions.join(", "),
            elsewhere.join(", "),
            region.code,
            region.partition
        ));
    }
    if here.is_empty() {
        return unavailable(format!(
            "{} is not offered on {service} in {}; the catalog confirms no region for it",
            entry.name, region.code
        ));
    }
    unavailable(format!(
        "{} is not offered on {service} in {}; it is offered in {}",
        entry.name,
        region.code,
        here.join(", ")
    ))
}

fn place_bedrock(
    catalog: &Catalog,
    entry: &ModelEntry,
    offer: &BedrockOffer,
    spec: &ModelSpec,
    throughput: Throughput,
    region: &Region,
) -> Outcome {
    let provisioned = throughput == Throughput::Provisioned;
    let code = region.code.as_str();
    if !offer.endpoints.contains(&BedrockEndpoint::BedrockRuntime) {
        return unavailable(format!(
            "{} ({}) is served only on the bedrock-mantle endpoint (OpenAI-compatible APIs), \
             which twinstack does not render: it writes IAM, logging and private endpoints for \
             bedrock-runtime only",
            entry.name, offer.id
        ));
    }
    let (profile, processing) = if provisioned {
        let Some(sold) = &offer.provisioned else {
            return unavailable(format!(
                "Bedrock sells no provisioned throughput for {} ({})",
                entry.name, offer.id
            ));
        };
        if !sold.regions.iter().any(|r| r == code) {
            return unavailable(format!(
                "Bedrock sells provisioned throughput for {} only in {}",
                entry.name,
                sold.regions.join(", ")
            ));
        }
        if spec.routing != Routing::Regional {
            return unavailable(
                "Bedrock provisioned throughput serves its own region only: use routing: regional"
                    .to_owned(),
            );
        }
        (
            None,
            Processing::new(Scope::Region, Cloud::Aws, &[code], catalog),
        )
    } else {
        match spec.routing {
            Routing::Regional => {
                if !offer.in_region.iter().any(|r| r == code) {
                    let profiles = profiles_from(offer, code);
                    return unavailable(if profiles.is_empty() {
                        format!(
                            "{} ({}) is not invocable on demand in {code}",
                            entry.name, offer.id
                        )
                    } else {
                        format!(
                            "{} is invocable in {code} only through a cross-region profile ({}): use routing: {}",
                            entry.name,
                            profiles.join(", "),
                            if profiles.iter().all(|p| p == "global.") {
                                "global"
                            } else {
                                "geo"
                            }
                        )
                    });
                }
                (
                    None,
                    Processing::new(Scope::Region, Cloud::Aws, &[code], catalog),
                )
            }
            Routing::Geo => {
                // Of the geography profiles callable here, the one that reaches fewest regions.
                let best = offer
                    .profiles
                    .iter()
                    .filter(|p| !p.is_global())
                    .filter_map(|p| match p.destinations_from(code) {
                        Some(Destinations::Regions(to)) => Some((p, to)),
                        _ => None,
                    })
                    .min_by(|a, b| a.1.len().cmp(&b.1.len()).then(a.0.prefix.cmp(&b.0.prefix)));
                let Some((profile, to)) = best else {
                    let profiles = profiles_from(offer, code);
                    return unavailable(if profiles.is_empty() {
                        format!(
                            "Bedrock has no geographic profile of {} callable from {code}",
                            entry.name
                        )
                    } else {
                        format!(
                            "Bedrock has no geographic profile of {} callable from {code}; it has {}",
                            entry.name,
                            profiles.join(", ")
                        )
                    });
                };
                let to: Vec<&str> = to.iter().map(String::as_str).collect();
                (
                    Some(profile.prefix.clone()),
                    Processing::new(Scope::Geography, Cloud::Aws, &to, catalog),
                )
            }
            Routing::Global => {
                let Some(profile) = offer
                    .profiles
                    .iter()
                    .filter(|p| p.is_global())
                    .find(|p| p.destinations_from(code).is_some())
                else {
                    return unavailable(format!(
                        "Bedrock has no global profile of {} callable from {code}",
                        entry.name
                    ));
                };
                let anywhere: Vec<&str> = catalog
                    .regions(Cloud::Aws)
                    .iter()
                    .filter(|r| r.partition == region.partition)
                    .map(|r| r.code.as_str())
                    .collect();
                (
                    Some(profile.prefix.clone()),
                    Processing::new(Scope::Anywhere, Cloud::Aws, &anywhere, catalog),
                )
            }
        }
    };
    let invoke_id = profile
        .as_ref()
        .map_or_else(|| offer.id.clone(), |p| format!("{p}.{}", offer.id));
    Outcome::Target(Box::new(Target {
        service: ServiceTarget::Bedrock {
            model_id: offer.id.clone(),
            invoke_id,
            profile,
            partition: offer.common.partition.clone(),
            endpoints: offer.endpoints.clone(),
            features: offer.features,
            provisioned,
        },
        hipaa: offer.common.hipaa,
        price: offer.common.price,
        lifecycle: offer.common.lifecycle.clone(),
        processing,
    }))
}

/// The `<prefix>.` profiles of an offer callable from `region`.
fn profiles_from(offer: &BedrockOffer, region: &str) -> Vec<String> {
    offer
        .profiles
        .iter()
        .filter(|p| p.destinations_from(region).is_some())
        .map(|p| format!("{}.", p.prefix))
        .collect()
}

/// The deployment type a routing and throughput ask for on Azure.
#[must_use]
pub fn azure_sku(routing: Routing, throughput: Throughput) -> AzureSku {
    match (routing, throughput == Throughput::Provisioned) {
        (Routing::Regional, false) => AzureSku::Standard,
        (Routing::Geo, false) => AzureSku::DataZoneStandard,
        (Routing::Global, false) => AzureSku::GlobalStandard,
        (Routing::Regional, true) => AzureSku::ProvisionedManaged,
        (Routing::Geo, true) => AzureSku::DataZoneProvisionedManaged,
        (Routing::Global, true) => AzureSku::GlobalProvisionedManaged,
    }
}

fn place_azure(
    catalog: &Catalog,
    offer: &AzureOffer,
    spec: &ModelSpec,
    throughput: Throughput,
    region: &Region,
) -> Outcome {
    let sku = azure_sku(spec.routing, throughput);
    if !offer.deployable(sku, &region.code) {
        let here: Vec<&str> = offer
            .deployments
            .iter()
            .filter(|(_, rs)| rs.contains(&region.code))
            .map(|(s, _)| s.name())
            .collect();
        let elsewhere = offer.deployments.get(&sku).map_or(&[][..], Vec::as_slice);
        let mut reason = format!(
            "Azure OpenAI offers no {} deployment of {} {} in {}",
            sku.name(),
            offer.model,
            offer.version,
            region.code
        );
        if !here.is_empty() {
            reason.push_str(&format!(" (there: {})", here.join(", ")));
        }
        if !elsewhere.is_empty() {
            reason.push_str(&format!(
                "; {} is offered in {}",
                sku.name(),
                elsewhere.join(", ")
            ));
        }
        return unavailable(reason);
    }
    let regions: Vec<&str> = match sku.reach() {
        Reach::Region => vec![region.code.as_str()],
        Reach::DataZone => catalog
            .regions(Cloud::Azure)
            .iter()
            .filter(|r| r.partition == region.partition && r.geography == region.geography)
            .map(|r| r.code.as_str())
            .collect(),
        Reach::Global => catalog
            .regions(Cloud::Azure)
            .iter()
            .filter(|r| r.partition == region.partition)
            .map(|r| r.code.as_str())
            .collect(),
    };
    let scope = match sku.reach() {
        Reach::Region => Scope::Region,
        Reach::DataZone => Scope::Geography,
        Reach::Global => Scope::Anywhere,
    };
    Outcome::Target(Box::new(Target {
        service: ServiceTarget::AzureOpenai {
            model: offer.model.clone(),
            version: offer.version.clone(),
            sku,
            partition: offer.common.partition.clone(),
        },
        hipaa: offer.common.hipaa,
        price: offer.common.price,
        lifecycle: offer.common.lifecycle.clone(),
        processing: Processing::new(scope, Cloud::Azure, &regions, catalog),
    }))
}
