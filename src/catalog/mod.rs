//! Facts about models and regions, compiled into the binary from `catalog/*.yaml`.
//!
//! The catalog is data, not code: each entry carries the date it was checked and its source, and
//! model availability changes monthly. A user needs nothing but the binary, so the files are
//! embedded with `include_str!` and parsed once on first use.

pub mod resolve;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use resolve::{Placement, Plan, PlannedModel, Processing, Role, Target, Unavailable, resolve};

use crate::blueprint::model::Cloud;

const MODELS_YAML: &str = include_str!("../../catalog/models.yaml");
const REGIONS_YAML: &str = include_str!("../../catalog/regions.yaml");
const SERVICES_YAML: &str = include_str!("../../catalog/services.yaml");

/// How much an entry has been checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Verified,
    Secondary,
    Unverified,
}

/// When and where an entry's facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub confidence: Confidence,
    /// The date the entry was last checked against its source (YYYY-MM-DD).
    pub verified: String,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FedRamp {
    High,
    Moderate,
    None,
    Unconfirmed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub code: String,
    pub name: String,
    /// ARN partition (aws, aws-us-gov, aws-eusc) or Azure cloud (azure, azure-us-gov).
    pub partition: String,
    pub jurisdiction: String,
    pub geography: String,
    pub fedramp: FedRamp,
    #[serde(flatten)]
    pub provenance: Provenance,
}

impl Region {
    /// Whether this is a government region (AWS GovCloud, Azure Government).
    #[must_use]
    pub fn is_government(&self) -> bool {
        self.jurisdiction == "us-gov"
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regions {
    pub aws: Vec<Region>,
    pub azure: Vec<Region>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    Chat,
    Embedding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hipaa {
    Eligible,
    NotEligible,
    Unconfirmed,
}

/// USD per million tokens, on demand.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    pub input: Option<f64>,
    pub output: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsOffer {
    pub id: String,
    pub regions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_region: Option<Vec<String>>,
    #[serde(default)]
    pub profiles: Vec<String>,
    pub provisioned: bool,
    pub hipaa: Hipaa,
    pub price: Price,
    #[serde(flatten)]
    pub provenance: Provenance,
}

impl AwsOffer {
    /// Whether the plain model id can be invoked on demand in `region`.
    #[must_use]
    pub fn in_region(&self, region: &str) -> bool {
        self.in_region.as_ref().map_or_else(
            || self.regions.iter().any(|r| r == region),
            |list| list.iter().any(|r| r == region),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureOffer {
    pub model: String,
    pub version: String,
    pub regions: Vec<String>,
    pub deployment_types: Vec<String>,
    pub hipaa: Hipaa,
    pub price: Price,
    #[serde(flatten)]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelEntry {
    pub key: String,
    pub name: String,
    pub vendor: String,
    pub kind: ModelKind,
    pub open_weights: bool,
    pub aws: Vec<AwsOffer>,
    pub azure: Vec<AzureOffer>,
}

impl ModelEntry {
    /// Whether the cloud offers this model anywhere.
    #[must_use]
    pub fn offered_on(&self, cloud: Cloud) -> bool {
        match cloud {
            Cloud::Aws => !self.aws.is_empty(),
            Cloud::Azure => !self.azure.is_empty(),
        }
    }

    #[must_use]
    pub fn aws_offer(&self, region: &str) -> Option<&AwsOffer> {
        self.aws
            .iter()
            .find(|o| o.regions.iter().any(|r| r == region))
    }

    #[must_use]
    pub fn azure_offer(&self, region: &str) -> Option<&AzureOffer> {
        self.azure
            .iter()
            .find(|o| o.regions.iter().any(|r| r == region))
    }
}

/// Lock-in class: P0 open, P1 mechanical equivalent, P2 partial equivalent, P3 no equivalent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Portability {
    P0,
    P1,
    P2,
    P3,
}

impl Portability {
    /// Weight in the lock-in score: 0, 1, 3, 10.
    #[must_use]
    pub fn weight(self) -> u64 {
        match self {
            Portability::P0 => 0,
            Portability::P1 => 1,
            Portability::P2 => 3,
            Portability::P3 => 10,
        }
    }

    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Portability::P0 => "open",
            Portability::P1 => "mechanical equivalent",
            Portability::P2 => "partial equivalent",
            Portability::P3 => "no equivalent",
        }
    }
}

/// A provider service a workload depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    pub cloud: Cloud,
    pub name: String,
    pub capability: String,
    pub class: Portability,
    pub equivalent: Option<String>,
    pub note: String,
    #[serde(flatten)]
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServicesFile {
    services: Vec<Service>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelsFile {
    models: Vec<ModelEntry>,
}

/// Every model and region twinstack knows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    pub models: Vec<ModelEntry>,
    pub regions: Regions,
    pub services: Vec<Service>,
}

impl Catalog {
    /// The catalog compiled into this binary.
    ///
    /// # Panics
    /// Never in a released build: `tests/catalog.rs` parses the embedded files.
    #[must_use]
    pub fn embedded() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Self::parse(MODELS_YAML, REGIONS_YAML, SERVICES_YAML)
                .expect("the embedded catalog parses")
        })
    }

    /// Parses catalog files.
    ///
    /// # Errors
    /// The YAML error of the file that does not parse.
    pub fn parse(
        models: &str,
        regions: &str,
        services: &str,
    ) -> Result<Catalog, serde_yaml::Error> {
        let models: ModelsFile = serde_yaml::from_str(models)?;
        let regions: Regions = serde_yaml::from_str(regions)?;
        let services: ServicesFile = serde_yaml::from_str(services)?;
        Ok(Catalog {
            models: models.models,
            regions,
            services: services.services,
        })
    }

    #[must_use]
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    #[must_use]
    pub fn model(&self, key: &str) -> Option<&ModelEntry> {
        self.models.iter().find(|m| m.key == key)
    }

    #[must_use]
    pub fn regions(&self, cloud: Cloud) -> &[Region] {
        match cloud {
            Cloud::Aws => &self.regions.aws,
            Cloud::Azure => &self.regions.azure,
        }
    }

    #[must_use]
    pub fn region(&self, cloud: Cloud, code: &str) -> Option<&Region> {
        self.regions(cloud).iter().find(|r| r.code == code)
    }
}
