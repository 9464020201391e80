//! The blueprint format, version 1, as Rust types.
//!
//! These types are the single source of truth: serde reads blueprints into them and schemars
//! derives `blueprints/blueprint.schema.json` from them. Field names and values are the contract
//! in `BLUEPRINT.md`. Every optional section defaults to the secure choice.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A managed-LLM workload described once for AWS Bedrock and Azure OpenAI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "twinstack blueprint")]
pub struct Blueprint {
    /// Format version; the only version today is 1.
    pub version: Version,
    /// Workload name, the prefix of every generated resource name: 3-32 characters, lowercase
    /// letters, digits and hyphens, starting with a letter.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]{1,30}[a-z0-9]$"))]
    pub name: String,
    /// What the workload does, in one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(min = 1, max = 200),
        regex(pattern = r"^[^\u0000-\u001F\u007F]*$")
    )]
    pub description: Option<String>,
    /// E-mail address of the owning team.
    #[schemars(email)]
    pub owner: String,
    /// Tags copied onto every generated resource.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Policy packs to enforce: hipaa, fedramp-high, gdpr, or the id of a custom pack.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true), inner(regex(pattern = r"^[a-z][a-z0-9-]*$")))]
    pub compliance: Vec<String>,
    /// Where data may be stored and processed.
    pub residency: Residency,
    /// What data the workload handles, and why.
    #[serde(default)]
    pub data: Data,
    /// The clouds the workload runs on: at least one of aws and azure.
    pub clouds: Clouds,
    /// The models the workload calls: at least one.
    #[schemars(length(min = 1))]
    pub models: Vec<ModelSpec>,
    /// Input and output filters applied to every model call.
    #[serde(default)]
    pub guardrails: Guardrails,
    /// Invocation logging and audit trail.
    #[serde(default)]
    pub logging: Logging,
    /// Network exposure of the model endpoints.
    #[serde(default)]
    pub network: Network,
    /// Encryption of data at rest.
    #[serde(default)]
    pub encryption: Encryption,
    /// How callers authenticate.
    #[serde(default)]
    pub identity: Identity,
    /// Optional retrieval store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub knowledge_base: Option<KnowledgeBase>,
    /// Optional monthly budget with alerts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    /// Optional traffic figures for the cost estimate's non-model meters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic: Option<Traffic>,
    /// Where security alerts go.
    #[serde(default)]
    pub alerts: Alerts,
    /// The agreements with each cloud provider the compliance packs ask for: a reference to the
    /// signed business associate agreement (HIPAA) and data processing agreement (GDPR Art. 28).
    #[serde(default, skip_serializing_if = "Agreements::is_empty")]
    pub agreements: Agreements,
    /// The system's classification under the EU AI Act (Regulation (EU) 2024/1689). `risk: high`
    /// enables the `eu-ai-act` pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai_act: Option<AiAct>,
    /// Accepted findings: each needs a reason and an expiry date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<Waiver>,
}

/// Agreements per cloud.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Agreements {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws: Option<Agreement>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub azure: Option<Agreement>,
}

impl Agreements {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.aws.is_none() && self.azure.is_none()
    }

    #[must_use]
    pub fn of(&self, cloud: Cloud) -> Option<&Agreement> {
        match cloud {
            Cloud::Aws => self.aws.as_ref(),
            Cloud::Azure => self.azure.as_ref(),
        }
    }
}

/// References to the signed agreements with one provider (a document id, a contract number, a
/// link to the record), not the agreements themselves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Agreement {
    /// The business associate agreement (HIPAA 45 CFR 164.308(b), 164.314(a)).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(min = 1, max = 200),
        regex(pattern = r"^[^\u0000-\u001F\u007F]*$")
    )]
    pub baa: Option<String>,
    /// The data processing agreement with the processor (GDPR Art. 28(3)).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(min = 1, max = 200),
        regex(pattern = r"^[^\u0000-\u001F\u007F]*$")
    )]
    pub dpa: Option<String>,
}

/// The EU AI Act classification of the system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AiAct {
    /// high (Art. 6 and Annex III), limited (Art. 50 transparency) or minimal.
    pub risk: AiRisk,
    /// Reference to the human-oversight arrangement: the procedure and who is assigned
    /// (Art. 14, Art. 26(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(min = 1, max = 200),
        regex(pattern = r"^[^\u0000-\u001F\u007F]*$")
    )]
    pub human_oversight: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AiRisk {
    High,
    Limited,
    Minimal,
}

/// The blueprint format version. Only `1` exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u64")]
pub struct Version;

impl TryFrom<u64> for Version {
    type Error = String;
    fn try_from(v: u64) -> Result<Self, String> {
        if v == 1 {
            Ok(Self)
        } else {
            Err(format!("unsupported blueprint version {v}"))
        }
    }
}

impl From<Version> for u64 {
    fn from(_: Version) -> u64 {
        1
    }
}

impl JsonSchema for Version {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Version".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer", "enum": [1] })
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Residency {
    Us,
    Eu,
    UsGov,
    Any,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Data {
    /// Classes of data the workload handles.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub classes: Vec<DataClass>,
    /// Why the data is processed (GDPR Art. 30 record of processing).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub purpose: Option<String>,
    /// Reference to a data-protection impact assessment.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub dpia: Option<String>,
    /// Legal basis for transfers outside the EU/EEA (GDPR Chapter V).
    pub transfer_basis: TransferBasis,
    /// The providers keep no prompts: Microsoft approved modified abuse monitoring for the Azure
    /// subscription (otherwise flagged prompts are kept up to 30 days). Bedrock keeps none.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub zero_data_retention: bool,
    /// Whether model output decides about people (GDPR Art. 22): none, decisions a person
    /// reviews before they take effect, or decisions made solely by the system.
    #[serde(skip_serializing_if = "is_no_decisions")]
    pub automated_decisions: AutomatedDecisions,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AutomatedDecisions {
    #[default]
    None,
    HumanReview,
    SolelyAutomated,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_no_decisions(d: &AutomatedDecisions) -> bool {
    *d == AutomatedDecisions::None
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum DataClass {
    Public,
    Internal,
    Personal,
    SpecialCategory,
    Phi,
    Cui,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TransferBasis {
    #[default]
    None,
    Adequacy,
    Scc,
    Bcr,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("minProperties" = 1))]
pub struct Clouds {
    /// AWS Bedrock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws: Option<CloudPlacement>,
    /// Azure OpenAI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure: Option<CloudPlacement>,
}

impl Clouds {
    /// The placement of one cloud, if configured.
    #[must_use]
    pub fn get(&self, cloud: Cloud) -> Option<&CloudPlacement> {
        match cloud {
            Cloud::Aws => self.aws.as_ref(),
            Cloud::Azure => self.azure.as_ref(),
        }
    }
}

/// Where the workload runs on one cloud.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CloudPlacement {
    /// The cloud's own region code, e.g. us-east-1 or eastus2.
    pub region: String,
    /// A second region for disaster recovery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failover_region: Option<String>,
    /// IPv4 range of the VPC / VNet that holds the private endpoints, /16 to /24.
    #[schemars(regex(pattern = r"^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$"))]
    pub cidr: String,
}

/// A cloud twinstack renders for.
pub use crate::catalog::Cloud;

/// One model the workload calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// Logical name, unique in the blueprint.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]*$"), length(max = 40))]
    pub name: String,
    /// A catalog key (`twinstack catalog models` lists them).
    pub model: String,
    /// The clouds that serve this model; default: every cloud in `clouds` whose catalog offers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("uniqueItems" = true), length(min = 1))]
    pub clouds: Option<Vec<Cloud>>,
    /// Where prompts may be processed: regional (the region only), geo (the region's geography),
    /// global (anywhere the provider runs the model).
    #[serde(default)]
    pub routing: Routing,
    /// On-demand tokens or reserved capacity.
    #[serde(default)]
    pub throughput: Throughput,
    /// Bedrock model units / Azure PTUs; required when provisioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 10000))]
    pub units: Option<u32>,
    /// Commitment term of provisioned throughput.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<Commitment>,
    /// What a provisioned model gets in the failover region: `on-demand` (the default: the same
    /// routing billed per token, nothing until traffic fails over) or `provisioned` (the same
    /// units reserved there too, billed every hour: a hot standby). Only for provisioned models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failover_capacity: Option<FailoverCapacity>,
    /// Product-critical: the two-provider minimum applies.
    #[serde(default)]
    pub critical: bool,
    /// Expected monthly usage, for cost estimates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Routing {
    #[default]
    Regional,
    Geo,
    Global,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Throughput {
    #[default]
    OnDemand,
    Provisioned,
}

/// The capacity a provisioned model is deployed with in the failover region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FailoverCapacity {
    // Tokens billed as used: the standby costs nothing until traffic fails over. (Plain comments:
    // variant docs would turn the schema's enum into a `oneOf` the reference cannot list.)
    #[default]
    OnDemand,
    // The primary's units reserved in the failover region as well, billed every hour.
    Provisioned,
}

impl ModelSpec {
    /// Whether the model's capacity in the failover region is provisioned: a provisioned model
    /// whose `failover_capacity` says so (on demand otherwise).
    #[must_use]
    pub fn failover_provisioned(&self) -> bool {
        self.throughput == Throughput::Provisioned
            && self.failover_capacity == Some(FailoverCapacity::Provisioned)
    }

    /// The throughput the model is deployed with in the primary (`failover` false) or failover
    /// region.
    #[must_use]
    pub fn throughput_in(&self, failover: bool) -> Throughput {
        if failover && !self.failover_provisioned() {
            Throughput::OnDemand
        } else {
            self.throughput
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Commitment {
    #[serde(rename = "none")]
    None,
    #[serde(rename = "1-month")]
    OneMonth,
    #[serde(rename = "6-months")]
    SixMonths,
    #[serde(rename = "1-year")]
    OneYear,
}

/// Expected usage of one model, for cost estimates: tokens per month, or requests per day with
/// tokens per request (not both).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Usage {
    /// Input tokens per month.
    #[serde(default)]
    pub input_tokens_per_month: u64,
    /// Output tokens per month.
    #[serde(default)]
    pub output_tokens_per_month: u64,
    /// Model calls per day, on average over the month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub requests_per_day: Option<u64>,
    /// Input tokens per call (prompt, retrieved context and history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_tokens_per_request: Option<u64>,
    /// Output tokens per call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tokens_per_request: Option<u64>,
    /// Share of the tokens sent as batch jobs (0 to 1), billed at the batch price where offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub batch_share: Option<f64>,
    /// Share of the input tokens read from the prompt cache (0 to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub cached_input_share: Option<f64>,
}

/// Average days in a month, as cloud price pages count them: 730 hours.
pub const DAYS_PER_MONTH: f64 = 730.0 / 24.0;

impl Usage {
    /// Whether tokens are given per request rather than per month.
    #[must_use]
    pub fn per_request(&self) -> bool {
        self.requests_per_day.is_some()
            || self.input_tokens_per_request.is_some()
            || self.output_tokens_per_request.is_some()
    }

    /// Input and output tokens per month, from whichever form the blueprint uses; `None` when
    /// neither form is complete.
    #[must_use]
    pub fn monthly_tokens(&self) -> Option<(f64, f64)> {
        #[allow(clippy::cast_precision_loss)]
        if self.per_request() {
            let calls = self.requests_per_month()?;
            let input = self.input_tokens_per_request.unwrap_or(0) as f64;
            let output = self.output_tokens_per_request.unwrap_or(0) as f64;
            Some((calls * input, calls * output))
        } else if self.input_tokens_per_month > 0 || self.output_tokens_per_month > 0 {
            Some((
                self.input_tokens_per_month as f64,
                self.output_tokens_per_month as f64,
            ))
        } else {
            None
        }
    }

    /// Model calls per month, when the blueprint says how many per day.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn requests_per_month(&self) -> Option<f64> {
        self.requests_per_day.map(|r| r as f64 * DAYS_PER_MONTH)
    }
}

/// Workload traffic that drives the meters beside the models: logs, the knowledge base, egress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Traffic {
    /// Bytes of invocation log written per model call (metadata is a few kilobytes; bodies more).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100_000_000))]
    pub log_bytes_per_request: Option<u64>,
    /// Size and use of the knowledge base.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub knowledge_base: Option<KnowledgeBaseTraffic>,
    /// Data sent out of the cloud per month, in GB.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 100_000_000))]
    pub egress_gb_per_month: Option<f64>,
}

/// How big the knowledge base is and how often it is searched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeBaseTraffic {
    /// Indexed corpus in GB.
    #[schemars(range(min = 0, max = 1_000_000))]
    pub corpus_gb: f64,
    /// Retrieval queries per day.
    #[serde(default)]
    pub queries_per_day: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Guardrails {
    /// Personal data in prompts and responses: masked (anonymize), refused (block), or passed (off).
    pub pii: PiiAction,
    /// Prompt-injection / jailbreak filter.
    pub prompt_attack: PromptAttack,
    /// Strength of the hate, insults, sexual, violence and misconduct filters.
    pub content_filter: FilterLevel,
}

impl Default for Guardrails {
    fn default() -> Self {
        Self {
            pii: PiiAction::Anonymize,
            prompt_attack: PromptAttack::Block,
            content_filter: FilterLevel::High,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PiiAction {
    Off,
    Anonymize,
    Block,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PromptAttack {
    Off,
    Block,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum FilterLevel {
    Off,
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Logging {
    /// Which parts of each model call are logged: nothing, metadata, bodies with PII redacted, or
    /// full prompt and response bodies.
    pub invocations: Invocations,
    /// Days logs are kept.
    #[schemars(range(min = 1, max = 3653))]
    pub retention_days: u32,
    /// Write-once storage for the log archive.
    pub immutable: bool,
    /// Export of control-plane and data events (CloudTrail / Activity Log).
    pub audit_trail: bool,
}

impl Default for Logging {
    fn default() -> Self {
        Self {
            invocations: Invocations::Metadata,
            retention_days: 365,
            immutable: true,
            audit_trail: true,
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Invocations {
    Off,
    Metadata,
    Redacted,
    Full,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Network {
    /// Whether the model endpoints accept calls from the internet.
    pub public_access: bool,
    /// Private endpoints (PrivateLink / Private Endpoint) for the model endpoints.
    pub private_endpoints: bool,
    /// FIPS 140 validated endpoints (AWS).
    pub fips_endpoints: bool,
}

impl Default for Network {
    fn default() -> Self {
        Self {
            public_access: false,
            private_endpoints: true,
            fips_endpoints: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Encryption {
    /// Who holds the keys for data at rest.
    pub keys: KeyManagement,
    /// Days between automatic key rotations (KMS allows 90-2560).
    #[schemars(range(min = 90, max = 2560))]
    pub rotation_days: u32,
}

impl Default for Encryption {
    fn default() -> Self {
        Self {
            keys: KeyManagement::CustomerManaged,
            rotation_days: 365,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KeyManagement {
    CustomerManaged,
    ProviderManaged,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Identity {
    /// Whether static keys (Azure local auth keys, Bedrock API keys) are allowed.
    pub api_keys: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeBase {
    /// managed: OpenSearch Serverless on AWS, Azure AI Search on Azure; pgvector: PostgreSQL.
    pub store: KnowledgeStore,
    /// A catalog key of an embedding model.
    pub embedding_model: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KnowledgeStore {
    Managed,
    Pgvector,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Monthly budget in US dollars.
    #[schemars(range(min = 1, max = 1_000_000_000))]
    pub monthly_usd: u64,
    /// Alert when actual spend reaches these percentages of the budget (at most 5).
    #[serde(default = "default_alert_percents")]
    #[schemars(extend("uniqueItems" = true), length(min = 1, max = 5), inner(range(min = 1, max = 1000)))]
    pub alert_at_percent: Vec<u32>,
    /// Who is told.
    #[schemars(length(min = 1), inner(email))]
    pub notify: Vec<String>,
}

fn default_alert_percents() -> Vec<u32> {
    vec![50, 80, 100]
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Alerts {
    /// E-mail address that receives security alerts.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(email)]
    pub security_contact: Option<String>,
    /// Threat detection on each cloud (continuous monitoring, FedRAMP CA-7 / SI-4): `create`
    /// renders it (AWS: a GuardDuty detector in each region; Azure: Defender for AI on each
    /// account); `existing` uses the account's own GuardDuty detector, managed elsewhere (an
    /// organization's delegated administrator: an account has one detector per region, so
    /// creating another fails), looked up so that `terraform plan` fails when there is none;
    /// `none` renders no threat detection.
    pub threat_detection: ThreatDetection,
}

/// Where a workload's threat detection comes from: rendered with the workload (`create`), the
/// account's own managed outside the blueprint (`existing`), or none. (No doc comments on the
/// variants: they would make the schema a `oneOf`, whose errors cannot list the values.)
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ThreatDetection {
    #[default]
    Create,
    Existing,
    None,
}

/// An accepted finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The id of the rule waived, e.g. HIPAA-CONTINGENCY.
    #[schemars(regex(pattern = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"))]
    pub rule: String,
    /// Why the finding is accepted (a risk-register reference helps auditors).
    #[schemars(length(min = 1))]
    pub reason: String,
    /// The last day the waiver applies, YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub expires: String,
    /// Waive only the findings at this blueprint path or below it, e.g. `models[1]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub path: Option<String>,
}
