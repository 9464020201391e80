//! Models and their offers: what each cloud sells, where, through which endpoint, and for how
//! long.
//!
//! A model has one or more *offers* per cloud — one per model id or version and partition, since
//! commercial and government clouds keep separate lists and separate retirement schedules. An
//! offer says per region what can be deployed there: for Bedrock the plain id on demand,
//! provisioned throughput, and each cross-region profile as a *source → destination* table (a
//! profile called from one region may process prompts in a different set of regions than the
//! same profile called from another); for Azure OpenAI the regions of each deployment type. A
//! third cloud is a third [`Offer`] variant, not a redesign.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Cloud, Provenance};
use crate::date::Day;

/// A model twinstack knows, with every offer of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelEntry {
    /// The catalog key a blueprint names: vendor family and version, dots as hyphens.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub key: String,
    /// The provider's display name.
    pub name: String,
    pub vendor: String,
    pub kind: ModelKind,
    pub open_weights: bool,
    /// What a reader must know about the model as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Offers on each cloud, in order of preference where several serve one region.
    pub offers: Vec<Offer>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    Chat,
    Embedding,
}

/// HIPAA eligibility under the provider's Business Associate Addendum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Hipaa {
    Eligible,
    NotEligible,
    /// No primary source confirms it: rules treat it as not eligible.
    Unconfirmed,
}

/// USD per million tokens, on demand.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Price {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<f64>,
}

/// One cloud's offer of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "cloud", rename_all = "kebab-case")]
pub enum Offer {
    /// Amazon Bedrock.
    Aws(BedrockOffer),
    /// Azure OpenAI.
    Azure(AzureOffer),
}

impl Offer {
    #[must_use]
    pub fn cloud(&self) -> Cloud {
        match self {
            Offer::Aws(_) => Cloud::Aws,
            Offer::Azure(_) => Cloud::Azure,
        }
    }

    #[must_use]
    pub fn common(&self) -> &OfferCommon {
        match self {
            Offer::Aws(o) => &o.common,
            Offer::Azure(o) => &o.common,
        }
    }

    /// What a user deploys: the Bedrock model id, or the Azure model name and version.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Offer::Aws(o) => o.id.clone(),
            Offer::Azure(o) => format!("{} {}", o.model, o.version),
        }
    }

    /// Every region where something of this offer can be deployed or called, sorted.
    #[must_use]
    pub fn regions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = match self {
            Offer::Aws(o) => o.source_regions().collect(),
            Offer::Azure(o) => o
                .deployments
                .values()
                .flatten()
                .map(String::as_str)
                .collect(),
        };
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether anything of this offer can be deployed or called in `region`.
    #[must_use]
    pub fn serves(&self, region: &str) -> bool {
        match self {
            Offer::Aws(o) => o.source_regions().any(|r| r == region),
            Offer::Azure(o) => o.deployments.values().flatten().any(|r| r == region),
        }
    }
}

/// What every offer says, whatever the cloud.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OfferCommon {
    /// ARN partition (aws, aws-us-gov) or Azure cloud (azure, azure-us-gov).
    pub partition: String,
    pub lifecycle: Lifecycle,
    pub hipaa: Hipaa,
    /// On-demand price; absent where no provider price list confirms one (then nothing is
    /// estimated from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Price>,
    /// What a reader must know: what could not be confirmed, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// Where an offer is in its provider's lifecycle. Dates are the provider's; each cloud (and
/// Azure Government apart from commercial Azure) keeps its own schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// The status the source gives; dates below can make it later at a given day.
    pub status: LifecycleStatus,
    /// Generally available on this cloud since (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Bedrock: entered Legacy (no new customers, no new provisioned throughput).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy: Option<String>,
    /// Azure: deprecated (no new deployments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// End of life / retirement: requests fail from this day on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_life: Option<String>,
    /// The model the provider names as the replacement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    /// Where the lifecycle facts come from, when not the offer's source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum LifecycleStatus {
    Active,
    /// Bedrock Legacy: still served to existing users; no new customers.
    Legacy,
    /// Azure deprecated: still served; no new deployments.
    Deprecated,
    /// End of life or retired: requests fail.
    Retired,
}

impl Lifecycle {
    /// Active, with no dates known.
    #[must_use]
    pub fn active() -> Self {
        Self {
            status: LifecycleStatus::Active,
            since: None,
            legacy: None,
            deprecated: None,
            end_of_life: None,
            replacement: None,
            source: None,
        }
    }

    /// The status on `today`: a past end-of-life date retires, a past legacy or deprecation
    /// date ends new deployments, whatever `status` says.
    #[must_use]
    pub fn status_on(&self, today: Day) -> LifecycleStatus {
        let reached = |date: &Option<String>| {
            date.as_deref()
                .and_then(Day::parse)
                .is_some_and(|d| d <= today)
        };
        if self.status == LifecycleStatus::Retired || reached(&self.end_of_life) {
            LifecycleStatus::Retired
        } else if reached(&self.deprecated) {
            LifecycleStatus::Deprecated.max(self.status)
        } else if reached(&self.legacy) {
            LifecycleStatus::Legacy.max(self.status)
        } else {
            self.status
        }
    }

    /// Days from `today` to the end of life, when one is announced (negative once past).
    #[must_use]
    pub fn days_to_end_of_life(&self, today: Day) -> Option<i64> {
        self.end_of_life
            .as_deref()
            .and_then(Day::parse)
            .map(|d| d.0 - today.0)
    }

    /// The day new deployments ended (legacy or deprecation), if announced.
    #[must_use]
    pub fn no_new_deployments_since(&self) -> Option<&str> {
        self.deprecated.as_deref().or(self.legacy.as_deref())
    }
}

/// Whether a provider feature works with a model: yes, no, or not confirmed by any source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Support {
    Known(bool),
    Unconfirmed(Unconfirmed),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Unconfirmed {
    Unconfirmed,
}

impl Support {
    /// Whether the feature is confirmed to work; unconfirmed counts as no (fail closed).
    #[must_use]
    pub fn confirmed(self) -> bool {
        self == Support::Known(true)
    }
}

/// The Bedrock endpoint a model is served on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum BedrockEndpoint {
    /// `bedrock-runtime`: InvokeModel and Converse.
    BedrockRuntime,
    /// `bedrock-mantle`: the OpenAI-compatible Responses and Chat Completions APIs.
    BedrockMantle,
}

impl BedrockEndpoint {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            BedrockEndpoint::BedrockRuntime => "bedrock-runtime",
            BedrockEndpoint::BedrockMantle => "bedrock-mantle",
        }
    }
}

/// Which Bedrock features apply to a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BedrockFeatures {
    /// Bedrock Guardrails (a guardrail on the call, or ApplyGuardrail).
    pub guardrails: Support,
    /// Model invocation logging records its calls.
    pub invocation_logging: Support,
    /// Reachable through the VPC interface endpoint of its endpoint.
    pub private_endpoint: Support,
    /// Application inference profiles (cost allocation and scoped IAM) can wrap it.
    pub application_profile: Support,
}

/// A Bedrock offer: one model id in one partition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BedrockOffer {
    /// The foundation-model id; a profile's id is `<prefix>.<id>`.
    pub id: String,
    pub endpoints: Vec<BedrockEndpoint>,
    /// invoke-model | converse | chat-completions | responses.
    pub apis: Vec<String>,
    pub features: BedrockFeatures,
    /// Regions where the plain id is invocable on demand.
    #[serde(default)]
    pub in_region: Vec<String>,
    /// Provisioned throughput for the base model, where sold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioned: Option<Provisioned>,
    /// Cross-region inference profiles.
    #[serde(default)]
    pub profiles: Vec<Profile>,
    #[serde(flatten)]
    pub common: OfferCommon,
}

impl BedrockOffer {
    /// Every region the offer can be called from: in-region, provisioned, or as a profile source.
    pub fn source_regions(&self) -> impl Iterator<Item = &str> {
        self.in_region
            .iter()
            .chain(self.provisioned.iter().flat_map(|p| p.regions.iter()))
            .chain(
                self.profiles
                    .iter()
                    .flat_map(|p| p.routes.iter().flat_map(|r| r.from.iter())),
            )
            .map(String::as_str)
    }

    /// The profile with `prefix`, if offered.
    #[must_use]
    pub fn profile(&self, prefix: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.prefix == prefix)
    }
}

/// Provisioned throughput as sold for a base model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provisioned {
    pub regions: Vec<String>,
    /// The terms sold: none, 1-month, 6-months.
    pub commitments: Vec<String>,
}

/// A cross-region inference profile: `us.`, `eu.`, `apac.`, `us-gov.`, `global.` and so on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The id prefix, e.g. `us` for `us.<model id>`.
    pub prefix: String,
    /// Source regions → destination regions.
    pub routes: Vec<Route>,
}

impl Profile {
    /// Whether prompts may go to any commercial region (a `global.` profile).
    #[must_use]
    pub fn is_global(&self) -> bool {
        self.routes
            .iter()
            .any(|r| matches!(r.to, Destinations::Anywhere(_)))
    }

    /// Where prompts sent from `source` may be processed, if the profile can be called there.
    #[must_use]
    pub fn destinations_from(&self, source: &str) -> Option<&Destinations> {
        self.routes
            .iter()
            .find(|r| r.from.iter().any(|f| f == source))
            .map(|r| &r.to)
    }
}

/// Where a profile called from any of `from` may process prompts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub from: Vec<String>,
    pub to: Destinations,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Destinations {
    Regions(Vec<String>),
    /// Any commercial region of the partition.
    Anywhere(Anywhere),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Anywhere {
    Anywhere,
}

/// An Azure OpenAI deployment type (the deployment's SKU name).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum AzureSku {
    Standard,
    DataZoneStandard,
    GlobalStandard,
    ProvisionedManaged,
    DataZoneProvisionedManaged,
    GlobalProvisionedManaged,
    GlobalBatch,
    DataZoneBatch,
}

impl AzureSku {
    /// The SKU name Azure expects.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            AzureSku::Standard => "Standard",
            AzureSku::DataZoneStandard => "DataZoneStandard",
            AzureSku::GlobalStandard => "GlobalStandard",
            AzureSku::ProvisionedManaged => "ProvisionedManaged",
            AzureSku::DataZoneProvisionedManaged => "DataZoneProvisionedManaged",
            AzureSku::GlobalProvisionedManaged => "GlobalProvisionedManaged",
            AzureSku::GlobalBatch => "GlobalBatch",
            AzureSku::DataZoneBatch => "DataZoneBatch",
        }
    }

    /// Where a deployment of this type may process prompts.
    #[must_use]
    pub fn reach(self) -> Reach {
        match self {
            AzureSku::Standard | AzureSku::ProvisionedManaged => Reach::Region,
            AzureSku::DataZoneStandard
            | AzureSku::DataZoneProvisionedManaged
            | AzureSku::DataZoneBatch => Reach::DataZone,
            AzureSku::GlobalStandard
            | AzureSku::GlobalProvisionedManaged
            | AzureSku::GlobalBatch => Reach::Global,
        }
    }

    #[must_use]
    pub fn provisioned(self) -> bool {
        matches!(
            self,
            AzureSku::ProvisionedManaged
                | AzureSku::DataZoneProvisionedManaged
                | AzureSku::GlobalProvisionedManaged
        )
    }
}

/// How far a deployment type reaches beyond its region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Region,
    DataZone,
    Global,
}

/// An Azure OpenAI offer: one model version in one Azure cloud.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AzureOffer {
    /// The deployment's model name.
    pub model: String,
    /// The model version, exactly as Azure lists it.
    pub version: String,
    /// responses | chat-completions | embeddings.
    pub apis: Vec<String>,
    /// Deployment type → regions where it can be deployed.
    pub deployments: BTreeMap<AzureSku, Vec<String>>,
    #[serde(flatten)]
    pub common: OfferCommon,
}

impl AzureOffer {
    /// Whether a deployment of `sku` can be created in `region`.
    #[must_use]
    pub fn deployable(&self, sku: AzureSku, region: &str) -> bool {
        self.deployments
            .get(&sku)
            .is_some_and(|rs| rs.iter().any(|r| r == region))
    }
}

impl ModelEntry {
    /// The offers of one cloud.
    pub fn offers_on(&self, cloud: Cloud) -> impl Iterator<Item = &Offer> {
        self.offers.iter().filter(move |o| o.cloud() == cloud)
    }

    /// Whether the cloud offers this model anywhere.
    #[must_use]
    pub fn offered_on(&self, cloud: Cloud) -> bool {
        self.offers_on(cloud).next().is_some()
    }

    /// Whether the cloud offers anything of this model in `region`.
    #[must_use]
    pub fn serves(&self, cloud: Cloud, region: &str) -> bool {
        self.offers_on(cloud).any(|o| o.serves(region))
    }

    /// The offer that serves the model in `region` itself, on demand: the Bedrock id invocable
    /// in-region, or an Azure `Standard` deployment. What a knowledge base embeds with, since its
    /// documents must not leave the region to be embedded.
    #[must_use]
    pub fn in_region_offer(&self, cloud: Cloud, region: &str) -> Option<&Offer> {
        self.offers_on(cloud).find(|o| match o {
            Offer::Aws(b) => b.in_region.iter().any(|r| r == region),
            Offer::Azure(a) => a.deployable(AzureSku::Standard, region),
        })
    }

    /// Bedrock offers.
    pub fn bedrock(&self) -> impl Iterator<Item = &BedrockOffer> {
        self.offers.iter().filter_map(|o| match o {
            Offer::Aws(b) => Some(b),
            Offer::Azure(_) => None,
        })
    }

    /// Azure OpenAI offers.
    pub fn azure(&self) -> impl Iterator<Item = &AzureOffer> {
        self.offers.iter().filter_map(|o| match o {
            Offer::Azure(a) => Some(a),
            Offer::Aws(_) => None,
        })
    }
}
