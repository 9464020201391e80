//! Resolving a blueprint against the catalog: for each model and cloud, what is actually
//! deployed (Bedrock model or profile id, Azure model, version and SKU) and where its prompts may
//! be processed. Lint rules judge this plan; renderers write it out.
//!
//! A model that a cloud does not offer in a region is not an error here: it is recorded as
//! [`Unavailable`] with the reason, and the baseline policy pack reports it with its location.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Catalog, Hipaa, ModelEntry, Region};
use crate::blueprint::model::{Blueprint, Cloud, ModelSpec, Routing, Throughput};

/// The resolved blueprint: one entry per model in `models`, in order.
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
    Target(Target),
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
}

/// Why a model cannot be placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unavailable {
    pub unavailable: String,
}

/// What gets deployed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "service", rename_all = "kebab-case")]
pub enum Target {
    Bedrock {
        /// The foundation-model id.
        model_id: String,
        /// What callers invoke: the model id or a `us.`/`eu.`/`apac.`/`us-gov.`/`global.` profile id.
        invoke_id: String,
        profile: Option<String>,
        partition: String,
        hipaa: Hipaa,
        processing: Processing,
    },
    AzureOpenai {
        model: String,
        version: String,
        sku: String,
        hipaa: Hipaa,
        processing: Processing,
    },
}

impl Target {
    #[must_use]
    pub fn processing(&self) -> &Processing {
        match self {
            Target::Bedrock { processing, .. } | Target::AzureOpenai { processing, .. } => {
                processing
            }
        }
    }

    #[must_use]
    pub fn hipaa(&self) -> Hipaa {
        match self {
            Target::Bedrock { hipaa, .. } | Target::AzureOpenai { hipaa, .. } => *hipaa,
        }
    }
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
    /// The regions (sorted); for `anywhere`, every commercial region of the cloud in the catalog.
    pub regions: Vec<String>,
    /// Their jurisdictions (sorted, distinct).
    pub jurisdictions: Vec<String>,
}

impl Processing {
    fn new(scope: Scope, regions: &[&Region]) -> Self {
        let mut codes: Vec<String> = regions.iter().map(|r| r.code.clone()).collect();
        codes.sort();
        codes.dedup();
        let jurisdictions: BTreeSet<String> =
            regions.iter().map(|r| r.jurisdiction.clone()).collect();
        Self {
            scope,
            regions: codes,
            jurisdictions: jurisdictions.into_iter().collect(),
        }
    }
}

/// Resolves every model of a blueprint whose catalog keys and regions are known.
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
                let Some(placed) = placement_regions(blueprint, cloud) else {
                    continue;
                };
                for (role, region) in placed {
                    let outcome = match catalog.region(cloud, region) {
                        Some(r) => place(catalog, entry, spec, cloud, r),
                        None => Outcome::Unavailable(Unavailable {
                            unavailable: format!("unknown region {region}"),
                        }),
                    };
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

fn clouds_for(blueprint: &Blueprint, spec: &ModelSpec, entry: &ModelEntry) -> Vec<Cloud> {
    match &spec.clouds {
        Some(list) => list.clone(),
        None => Cloud::ALL
            .into_iter()
            .filter(|c| placement_regions(blueprint, *c).is_some() && entry.offered_on(*c))
            .collect(),
    }
}

fn placement_regions(blueprint: &Blueprint, cloud: Cloud) -> Option<Vec<(Role, &str)>> {
    let placement = match cloud {
        Cloud::Aws => blueprint.clouds.aws.as_ref(),
        Cloud::Azure => blueprint.clouds.azure.as_ref(),
    }?;
    let mut out = vec![(Role::Primary, placement.region.as_str())];
    if let Some(f) = &placement.failover_region {
        out.push((Role::Failover, f.as_str()));
    }
    Some(out)
}

fn unavailable(reason: String) -> Outcome {
    Outcome::Unavailable(Unavailable {
        unavailable: reason,
    })
}

fn place(
    catalog: &Catalog,
    entry: &ModelEntry,
    spec: &ModelSpec,
    cloud: Cloud,
    region: &Region,
) -> Outcome {
    match cloud {
        Cloud::Aws => place_bedrock(catalog, entry, spec, region),
        Cloud::Azure => place_azure(catalog, entry, spec, region),
    }
}

fn place_bedrock(
    catalog: &Catalog,
    entry: &ModelEntry,
    spec: &ModelSpec,
    region: &Region,
) -> Outcome {
    let Some(offer) = entry.aws_offer(&region.code) else {
        return unavailable(if entry.aws.is_empty() {
            format!("{} is not offered on Bedrock", entry.name)
        } else {
            format!(
                "{} is not offered on Bedrock in {}",
                entry.name, region.code
            )
        });
    };
    let provisioned = spec.throughput == Throughput::Provisioned;
    if provisioned && !offer.provisioned {
        return unavailable(format!(
            "Bedrock sells no provisioned throughput for {}",
            entry.name
        ));
    }
    if provisioned && spec.routing != Routing::Regional {
        return unavailable(
            "Bedrock provisioned throughput serves its own region only: use routing: regional"
                .to_owned(),
        );
    }
    let in_geography =
        |r: &&Region| offer.regions.contains(&r.code) && r.geography == region.geography;
    let (profile, processing) = match spec.routing {
        Routing::Regional => {
            if !provisioned && !offer.in_region(&region.code) {
                return unavailable(format!(
                    "{} is invocable in {} only through a cross-region profile: use routing: geo",
                    entry.name, region.code
                ));
            }
            (None, Processing::new(Scope::Region, &[region]))
        }
        Routing::Geo => {
            let prefix = region.geography.as_str();
            if !offer.profiles.iter().any(|p| p == prefix) {
                return unavailable(format!(
                    "Bedrock has no {prefix}. profile for {} in {}",
                    entry.name, region.code
                ));
            }
            let regions: Vec<&Region> = catalog.regions.aws.iter().filter(in_geography).collect();
            (
                Some(prefix.to_owned()),
                Processing::new(Scope::Geography, &regions),
            )
        }
        Routing::Global => {
            if !offer.profiles.iter().any(|p| p == "global") {
                return unavailable(format!("Bedrock has no global. profile for {}", entry.name));
            }
            let regions: Vec<&Region> = catalog
                .regions
                .aws
                .iter()
                .filter(|r| r.partition == "aws")
                .collect();
            (
                Some("global".to_owned()),
                Processing::new(Scope::Anywhere, &regions),
            )
        }
    };
    let invoke_id = profile
        .as_ref()
        .map_or_else(|| offer.id.clone(), |p| format!("{p}.{}", offer.id));
    Outcome::Target(Target::Bedrock {
        model_id: offer.id.clone(),
        invoke_id,
        profile,
        partition: region.partition.clone(),
        hipaa: offer.hipaa,
        processing,
    })
}

/// Geographies with an Azure OpenAI data zone (US, EU, and US Government).
const AZURE_DATA_ZONES: [&str; 3] = ["us", "eu", "us-gov"];

fn place_azure(
    catalog: &Catalog,
    entry: &ModelEntry,
    spec: &ModelSpec,
    region: &Region,
) -> Outcome {
    let Some(offer) = entry.azure_offer(&region.code) else {
        return unavailable(if entry.azure.is_empty() {
            format!("{} is not offered on Azure OpenAI", entry.name)
        } else {
            format!(
                "{} is not offered on Azure OpenAI in {}",
                entry.name, region.code
            )
        });
    };
    let provisioned = spec.throughput == Throughput::Provisioned;
    let (prefix, scope) = match spec.routing {
        Routing::Regional => ("", Scope::Region),
        Routing::Geo => ("DataZone", Scope::Geography),
        Routing::Global => ("Global", Scope::Anywhere),
    };
    let sku = match (prefix, provisioned) {
        ("", false) => "Standard".to_owned(),
        (p, false) => format!("{p}Standard"),
        (p, true) => format!("{p}ProvisionedManaged"),
    };
    if scope == Scope::Geography && !AZURE_DATA_ZONES.contains(&region.geography.as_str()) {
        return unavailable(format!(
            "Azure has no data zone for {} ({}): use routing: regional",
            region.code, region.geography
        ));
    }
    if !offer.deployment_types.contains(&sku) {
        return unavailable(format!(
            "Azure OpenAI offers no {sku} deployment of {} in {}",
            entry.name, region.code
        ));
    }
    let regions: Vec<&Region> = match scope {
        Scope::Region => vec![region],
        Scope::Geography => catalog
            .regions
            .azure
            .iter()
            .filter(|r| r.geography == region.geography)
            .collect(),
        Scope::Anywhere => catalog
            .regions
            .azure
            .iter()
            .filter(|r| !r.is_government())
            .collect(),
    };
    Outcome::Target(Target::AzureOpenai {
        model: offer.model.clone(),
        version: offer.version.clone(),
        sku,
        hipaa: offer.hipaa,
        processing: Processing::new(scope, &regions),
    })
}
