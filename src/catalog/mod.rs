//! Facts about models, regions and provider services: the lowest layer of twinstack.
//!
//! The catalog is data, not code: each entry carries the date it was checked and its source, and
//! model availability changes monthly. A user needs nothing but the binary, so the built-in files
//! are embedded; a team overlays its own files of the same schema (`--catalog DIR`) without a new
//! release. The catalog knows nothing of blueprints: resolving a blueprint against it is
//! [`crate::plan`]'s job.

pub mod capacity;
pub mod import;
mod load;
pub mod model;
pub mod price;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use capacity::{PtuDeployment, PtuSize, PtuStep};
pub use load::{
    BUILTIN_FILES, CatalogFile, catalog_schema_text, load_dirs, load_file, load_sources,
};
pub use model::{
    AzureOffer, AzureSku, BedrockEndpoint, BedrockOffer, Destinations, Hipaa, Lifecycle,
    LifecycleStatus, ModelEntry, ModelKind, Offer, Price, Profile, Reach, Support,
};
pub use price::{PriceQuery, UnitPrice};

/// A cloud twinstack knows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Cloud {
    Aws,
    Azure,
}

impl Cloud {
    pub const ALL: [Cloud; 2] = [Cloud::Aws, Cloud::Azure];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Cloud::Aws => "aws",
            Cloud::Azure => "azure",
        }
    }

    #[must_use]
    pub fn display(self) -> &'static str {
        match self {
            Cloud::Aws => "AWS",
            Cloud::Azure => "Azure",
        }
    }

    /// The model service twinstack deploys on this cloud.
    #[must_use]
    pub fn model_service(self) -> &'static str {
        match self {
            Cloud::Aws => "Bedrock",
            Cloud::Azure => "Azure OpenAI",
        }
    }
}

/// How much an entry has been checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Read in the provider's own current documentation or price list.
    Verified,
    /// From a provider page that is older or indirect, or from a researched secondary source.
    Secondary,
    /// Not confirmed: rules that depend on it fail closed.
    Unverified,
}

/// When and where an entry's facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    pub confidence: Confidence,
    /// The date the entry was last checked against its source (YYYY-MM-DD).
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub verified: String,
    /// The page (title and address) or file the facts were read from.
    #[schemars(length(min = 10))]
    pub source: String,
    /// The catalog file the entry was loaded from (set by the loader).
    #[serde(default, skip_deserializing, skip_serializing_if = "String::is_empty")]
    #[schemars(skip)]
    pub origin: String,
}

impl Provenance {
    /// Days from the check to `today`.
    #[must_use]
    pub fn age_days(&self, today: crate::date::Day) -> Option<i64> {
        crate::date::Day::parse(&self.verified).map(|d| today.0 - d.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FedRamp {
    High,
    Moderate,
    None,
    Unconfirmed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub code: String,
    pub name: String,
    /// ARN partition (aws, aws-us-gov, aws-eusc) or Azure cloud (azure, azure-us-gov).
    pub partition: String,
    /// The legal area data stored there falls under: us, us-gov, eu, eea, uk, ch, ca, jp, ...
    pub jurisdiction: String,
    /// Routing geography: the Azure data zone it belongs to, or the area of its country.
    pub geography: String,
    /// The model service's FedRAMP status in the region.
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

/// Lock-in class: P0 open, P1 mechanical equivalent, P2 partial equivalent, P3 no equivalent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    pub cloud: Cloud,
    pub name: String,
    pub capability: String,
    pub class: Portability,
    pub equivalent: Option<String>,
    pub note: String,
    /// The provider's certification under the EU-U.S. Data Privacy Framework: the EU adequacy
    /// decision for the United States covers only certified recipients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpf: Option<DpfCertification>,
    /// Partitions where the service stores no customer data (prompts, completions) at rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stores_no_prompts_in: Option<NoPromptStorage>,
    /// How a data store is backed up, and whether a copy can be kept in another region
    /// (FedRAMP CP-9(3), CP-9(5)). Not documented reads as: no copy leaves the region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<BackupFact>,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// What a data store's own backups are and where a copy of them can be kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupFact {
    /// What the service keeps by itself, in its own region, in a few words for messages.
    #[schemars(length(min = 10))]
    pub in_region: String,
    /// How a copy reaches another region.
    pub alternate_site: AlternateSite,
    /// Regions where a copy to or from another region is not offered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_copy_regions: Vec<String>,
    /// Where it is stated, and what it says.
    #[schemars(length(min = 10))]
    pub source: String,
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub verified: String,
    pub confidence: Confidence,
}

/// How a store's backups can be kept away from the operational region. (No doc comments on the
/// variants: they would make the schema a `oneOf`, whose errors cannot list the values.)
/// `copy`: backups can be copied to a vault in another region (AWS Backup), which `render`
/// writes to the failover region; `geo-redundant`: the provider replicates backups to the
/// region's pair, chosen at creation; `none`: no copy can leave the region (the store is rebuilt
/// from its sources).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AlternateSite {
    Copy,
    GeoRedundant,
    None,
}

/// The catalog service behind a knowledge-base store on a cloud.
#[must_use]
pub fn knowledge_service_id(
    cloud: Cloud,
    store: crate::blueprint::model::KnowledgeStore,
) -> &'static str {
    use crate::blueprint::model::KnowledgeStore;
    match (cloud, store) {
        (Cloud::Aws, KnowledgeStore::Managed) => "aws-opensearch-serverless",
        (Cloud::Aws, KnowledgeStore::Pgvector) => "aws-aurora-pgvector",
        (Cloud::Azure, KnowledgeStore::Managed) => "azure-ai-search",
        (Cloud::Azure, KnowledgeStore::Pgvector) => "azure-postgres-pgvector",
    }
}

/// Where a model service is documented to keep no prompts or completions at rest (Azure OpenAI
/// in Azure Government, which has no feature enabled that stores customer data at rest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoPromptStorage {
    /// Partition keys (aws, aws-us-gov, azure, azure-us-gov).
    #[schemars(length(min = 1))]
    pub partitions: Vec<String>,
    /// Where it is stated, and what it says.
    #[schemars(length(min = 10))]
    pub source: String,
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub verified: String,
    pub confidence: Confidence,
}

/// Whether the legal entity behind a service participates in the EU-U.S. Data Privacy Framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DpfCertification {
    pub status: DpfStatus,
    /// The legal entity that certified, as its statement names it.
    #[schemars(length(min = 1))]
    pub entity: String,
    /// Where the certification is stated, and when it was read.
    #[schemars(length(min = 10))]
    pub source: String,
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub verified: String,
    pub confidence: Confidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DpfStatus {
    Certified,
    NotCertified,
    Unconfirmed,
}

/// Every model, region and service twinstack knows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    pub models: Vec<ModelEntry>,
    pub regions: BTreeMap<Cloud, Vec<Region>>,
    pub services: Vec<Service>,
    /// Unit prices (`catalog/prices/`), later files overriding entries of the same key.
    pub prices: Vec<UnitPrice>,
    /// Provisioned throughput sizes of Azure models (`catalog/capacity.yaml`).
    pub ptu_sizes: Vec<PtuSize>,
    /// `prices` by meter, built on the first lookup (prices do not change after loading).
    #[serde(skip)]
    pub price_index: price::PriceIndex,
}

impl Catalog {
    /// The catalog compiled into this binary.
    ///
    /// # Panics
    /// Never in a released build: `tests/catalog.rs` loads the embedded files.
    #[must_use]
    pub fn embedded() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| match load_sources(BUILTIN_FILES.iter().copied()) {
            Ok(c) => c,
            Err(errors) => panic!(
                "the embedded catalog does not load: {}",
                errors
                    .iter()
                    .flat_map(|e| e.diagnostics.iter().map(move |d| format!(
                        "{}: {}",
                        e.file.name(),
                        d.message
                    )))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        })
    }

    /// The model service of a cloud (Bedrock, Azure OpenAI): the processor the prompts go to.
    #[must_use]
    pub fn model_service(&self, cloud: Cloud) -> Option<&Service> {
        self.service(match cloud {
            Cloud::Aws => "aws-bedrock",
            Cloud::Azure => "azure-openai",
        })
    }

    /// Whether the catalog confirms that the cloud's model service provider is certified under
    /// the EU-U.S. Data Privacy Framework (unconfirmed reads as not certified).
    #[must_use]
    pub fn dpf_certified(&self, cloud: Cloud) -> bool {
        self.model_service(cloud)
            .and_then(|s| s.dpf.as_ref())
            .is_some_and(|d| d.status == DpfStatus::Certified)
    }

    /// Whether the catalog documents that the cloud's model service keeps no prompts at rest in
    /// a partition (not documented reads as: it may keep them).
    #[must_use]
    pub fn stores_no_prompts(&self, cloud: Cloud, partition: &str) -> bool {
        self.model_service(cloud)
            .and_then(|s| s.stores_no_prompts_in.as_ref())
            .is_some_and(|n| n.partitions.iter().any(|p| p == partition))
    }

    #[must_use]
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    #[must_use]
    pub fn model(&self, key: &str) -> Option<&ModelEntry> {
        self.models.iter().find(|m| m.key == key)
    }

    /// The unit price a bill line asks for: the region's own, else the partition's `all` entry.
    #[must_use]
    pub fn price(&self, query: &PriceQuery<'_>) -> Option<&UnitPrice> {
        self.price_index.lookup(&self.prices, query)
    }

    /// The provisioned throughput sizes of an Azure model name (`gpt-5.1`) in an Azure cloud.
    #[must_use]
    pub fn ptu_size(&self, partition: &str, model: &str) -> Option<&PtuSize> {
        self.ptu_sizes
            .iter()
            .find(|s| s.partition == partition && s.model == model)
    }

    #[must_use]
    pub fn regions(&self, cloud: Cloud) -> &[Region] {
        self.regions.get(&cloud).map_or(&[], Vec::as_slice)
    }

    #[must_use]
    pub fn region(&self, cloud: Cloud, code: &str) -> Option<&Region> {
        self.regions(cloud).iter().find(|r| r.code == code)
    }
}
